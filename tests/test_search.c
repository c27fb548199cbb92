/* test_search.c — app/search: the normaliser, a table of queries in all 13 languages
 * (each typed on the language's own on-screen keyboard, then searched in a pack built
 * from content/, expected entry in the top 3), every key of every keyboard typed
 * through its planned key sequence, and clear failures for characters without a key. */
#include "check.h"
#include "pack/pack.h"
#include "search/keyboard.h"
#include "search/search.h"
#include "search/search_internal.h"   /* search_utf8_next, search_utf8_encode */
#include "text/text.h"
#include "util/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const test_langs[] = { "nl", "en", "ar", "fa", "prs", "ps", "ti", "am", "tr", "ckb", "kmr", "so", "uk" };

/* Types text on lang's keyboard (planned taps replayed through search_keyboard_press)
 * into out. Returns the number of taps, or -1 with err set. */
static int type_on_keyboard(const char *lang, const char *text, char *out, size_t cap, char *err, size_t errlen) {
  search_keyboard_state st, replay;
  search_keypress keys[512];
  search_keyboard_start(&st, search_keyboard_for(lang));
  int n = search_keyboard_sequence(&st, text, keys, (int)UTIL_COUNT(keys), err, errlen);
  if (n < 0) return -1;
  replay = st;
  size_t at = 0;
  out[0] = 0;
  for (int i = 0; i < n; i++) {
    char t[8];
    if (replay.layer != keys[i].layer) return util_error(err, errlen, "tap %d planned on layer %d, shown %d", i, keys[i].layer, replay.layer);
    int r = search_keyboard_press(&replay, keys[i].row, keys[i].col, t);
    if (r == SEARCH_PRESS_SPACE) snprintf(t, sizeof t, " ");
    if (r == SEARCH_PRESS_INVALID || r == SEARCH_PRESS_DELETE) return util_error(err, errlen, "tap %d is not a typing key", i);
    size_t m = strlen(t);
    if (at + m >= cap) return util_error(err, errlen, "typed text too long");
    memcpy(out + at, t, m + 1);
    at += m;
  }
  return n;
}

/* ---------------------------------------------------------------- normaliser */

static void test_normalise(void) {
  static const struct { const char *in, *out; int fold; } cases[] = {
    { "مَدْرَسَةٌ", "مدرسه", 0 },             /* harakat gone, ة → ه */
    { "أإآٱا", "ااااا", 0 },                 /* alef forms */
    { "ىيیېۍ", "ييييي", 0 },                 /* yeh forms */
    { "كک", "کک", 0 },                       /* kaf forms */
    { "می\u200Cخواهم", "میخواهم", 0 },       /* ZWNJ joined */
    { "كتـــاب", "کتاب", 0 },                 /* tatweel */
    { "۱۲٣", "123", 0 },
    { "şıkİ", "şiki", 1 },                /* ı, İ → i only when folding */
    { "ሐኀሠዐፀ", "ሀሀሰአጸ", 0 },               /* Ge'ez homophones */
  };
  char out[128];
  for (size_t i = 0; i < UTIL_COUNT(cases); i++) {
    search_normalise(cases[i].in, strlen(cases[i].in), out, sizeof out, cases[i].fold);
    char want[128];
    search_normalise(cases[i].out, strlen(cases[i].out), want, sizeof want, cases[i].fold);
    CHECK(!strcmp(out, want), "normalise case %zu: got '%s', want '%s'", i, out, want);
  }
  search_normalise("مَدْرَسَةٌ", strlen("مَدْرَسَةٌ"), out, sizeof out, 0);
  CHECK(!strcmp(out, "مدرسه"), "harakat removed and ة → ه: '%s'", out);
  search_normalise("ıİ", strlen("ıİ"), out, sizeof out, 1);
  CHECK(!strcmp(out, "ii"), "ı and İ fold to i: '%s'", out);
  search_normalise("ıİ", strlen("ıİ"), out, sizeof out, 0);
  CHECK(!strcmp(out, "ıİ"), "ı and İ kept in the exact index: '%s'", out);
  search_normalise("ab\xFF", 3, out, sizeof out, 0);
  CHECK(!strcmp(out, "ab\xEF\xBF\xBD"), "a bad byte becomes U+FFFD");
  search_normalise("مدرسة", strlen("مدرسة"), out, 5, 0);
  CHECK(strlen(out) == 4, "short output cut at a character: %zu bytes", strlen(out));
}

/* ---------------------------------------------------------------- queries */

typedef struct { const char *lang, *query, *want, *why; } query_case;

static const query_case query_cases[] = {
  { "nl", "beschikking", "glossary:beschikking", "glossary term" },
  { "nl", "klantmanager", "page:klantmanager", "page term" },
  { "nl", "inburgering", "page:route", "page term" },
  { "nl", "gezins", "page:gezinshereniging", "a Dutch compound's first part" },
  { "nl", "verblijfs", "page:status", "a Dutch compound's first part" },
  { "nl", "tolk", "page:tolk", "page title" },
  { "en", "interpreter", "page:tolk", "title word" },
  { "en", "childcare", "page:kinderen", "title word" },
  { "en", "complaint", "page:klachten", "prefix of Complaints" },
  { "ar", "مترجم", "page:tolk", "title word" },
  { "ar", "الأطفال", "page:kinderen", "with article and hamza" },
  { "ar", "اطفال", "page:kinderen", "without article, bare alef" },
  { "ar", "الشَّامِلَة", "page:brede-intake", "harakat the text lacks" },
  { "ar", "الشامله", "page:brede-intake", "ة typed as ه" },
  { "ar", "شامله", "page:brede-intake", "without the article the text always has (الشاملة)" },
  { "ar", "شكاوى", "page:klachten", "title word" },
  { "ar", "beschikking", "glossary:beschikking", "Dutch term in an Arabic session" },
  { "ar", "klantmanager", "page:klantmanager", "Dutch term in an Arabic session" },
  { "ar", "KNM", "page:knm", "Latin capitals the Arabic title writes with its article (الـKNM)" },
  { "fa", "مترجم", "page:tolk", "title word" },
  { "fa", "شكايت", "page:klachten", "Persian typed with Arabic ك and ي" },
  { "fa", "مهدكودك", "page:kinderen", "Arabic ك in a Persian word" },
  { "fa", "اسباب", "page:woning", "first part of a ZWNJ compound" },
  { "prs", "ترجمان", "page:tolk", "Dari title word" },
  { "prs", "مكتب", "page:kinderen", "Dari with Arabic ك" },
  { "ps", "ښوونځی", "page:kinderen", "Pashto ښ and ځ" },
  { "ps", "ژباړونکی", "page:tolk", "Pashto ړ" },
  { "ps", "کډه", "page:woning", "Pashto ډ" },
  { "ckb", "وەرگێڕ", "page:tolk", "Sorani ە ێ ڕ" },
  { "ckb", "منداڵ", "page:kinderen", "Sorani ڵ" },
  { "ckb", "گواستنەوە", "page:woning", "Sorani word" },
  { "ti", "ተርጓሚ", "page:tolk", "Ge'ez with a labiovelar from the picker" },
  { "ti", "ቅሬታ", "page:klachten", "Tigrinya word" },
  { "ti", "beschikking", "glossary:beschikking", "Dutch term in a Tigrinya session" },
  { "ti", "brede intake", "glossary:brede intake", "Dutch phrase in a Tigrinya session (its glossary card; the page is checked below)" },
  { "am", "አስተርጓሚ", "page:tolk", "Amharic word" },
  { "am", "ልጆች", "page:kinderen", "Amharic word" },
  { "am", "ቅሬታ", "page:klachten", "Amharic word" },
  { "tr", "sikayet", "page:klachten", "Turkish without ş and â" },
  { "tr", "tercuman", "page:tolk", "Turkish without ü" },
  { "tr", "cocuk", "page:kinderen", "Turkish without ç and ğ" },
  { "tr", "görüşme", "page:brede-intake", "Turkish with its letters" },
  { "kmr", "werger", "page:tolk", "Kurmanji without ê" },
  { "kmr", "zarok", "page:kinderen", "Kurmanji word" },
  { "kmr", "gilî", "page:klachten", "Kurmanji with î" },
  { "so", "turjubaan", "page:tolk", "Somali word" },
  { "so", "carruur", "page:kinderen", "Somali stem" },
  { "so", "cabasho", "page:klachten", "Somali stem" },
  { "uk", "житло", "page:woning", "Ukrainian" },
  { "uk", "скарга", "page:klachten", "Ukrainian stem against the inflected title Скарги" },
  { "uk", "перекладач", "page:tolk", "Ukrainian stem of перекладача" },
};

static const char *kind_name(search_kind k) {
  return k == SEARCH_PAGE ? "page" : k == SEARCH_GLOSSARY ? "glossary" : "faq";
}

static void test_queries(search_index *idx) {
  int langs_seen[UTIL_COUNT(test_langs)] = { 0 };
  for (size_t i = 0; i < UTIL_COUNT(query_cases); i++) {
    const query_case *q = &query_cases[i];
    char typed[512], err[256];
    int taps = type_on_keyboard(q->lang, q->query, typed, sizeof typed, err, sizeof err);
    CHECK(taps > 0 && !strcmp(typed, q->query), "%s '%s' typed on its keyboard: %s", q->lang, q->query, taps < 0 ? err : typed);
    search_hit hits[3];
    int n = search_query(idx, q->lang, typed, hits, 3), found = 0;
    char got[512] = "";
    for (int h = 0; h < n; h++) {
      char one[128];
      snprintf(one, sizeof one, "%s:%s", kind_name(hits[h].kind), hits[h].id);
      found |= !strcmp(one, q->want);
      snprintf(got + strlen(got), sizeof got - strlen(got), " %s", one);
    }
    CHECK(found, "%s '%s' (%s): want %s in the top 3, got%s", q->lang, q->query, q->why, q->want, got);
    for (size_t l = 0; l < UTIL_COUNT(test_langs); l++) langs_seen[l] |= !strcmp(test_langs[l], q->lang);
  }
  for (size_t l = 0; l < UTIL_COUNT(test_langs); l++) CHECK(langs_seen[l], "a query in %s", test_langs[l]);
  CHECK(UTIL_COUNT(query_cases) >= 40, "at least 40 queries (%zu)", UTIL_COUNT(query_cases));
}

static void test_hit_fields(search_index *idx) {
  search_hit hits[8];
  int n = search_query(idx, "ar", "beschikking", hits, 8);
  CHECK(n > 0 && hits[0].kind == SEARCH_GLOSSARY && !strcmp(hits[0].term_nl, "beschikking"), "Dutch term beside the hit");
  n = search_query(idx, "ti", "brede intake", hits, 8);
  int page = -1;
  for (int i = 0; i < n; i++) if (hits[i].kind == SEARCH_PAGE && !strcmp(hits[i].id, "brede-intake")) page = i;
  CHECK(page >= 0 && strcmp(hits[page].title, "Brede intake") && hits[page].title[0],
        "a page found through Dutch shows its Tigrinya title ('%s')", page >= 0 ? hits[page].title : "");
  n = search_query(idx, "tr", "şikâyet", hits, 8);
  CHECK(n > 0 && hits[0].exact, "diacritics as typed rank as exact");
  CHECK(n > 0 && hits[0].mark_count > 0 && hits[0].mark_end[0] > hits[0].mark_start[0] &&
        hits[0].mark_end[0] <= (int)strlen(hits[0].snippet), "the snippet marks the match");
  CHECK(search_query(idx, "nl", "", hits, 8) == 0, "an empty query finds nothing");
  CHECK(search_query(idx, "nl", " ,.?! ", hits, 8) == 0, "punctuation alone finds nothing");
  CHECK(search_query(idx, "nl", "\"*NEAR(", hits, 8) >= 0, "FTS5 syntax in a query is text, not syntax");
  CHECK(search_query(idx, "nl", "zzqxv", hits, 8) == 0, "a word the content lacks finds nothing");
  CHECK(search_query(idx, "xx", "pip", hits, 8) == -1, "an unknown language is refused");
  char longq[2000];
  memset(longq, 'a', sizeof longq - 1);
  longq[sizeof longq - 1] = 0;
  CHECK(search_query(idx, "nl", longq, hits, 8) >= 0, "an over-long query is cut, not refused");
  long long rows = 0, bytes = 0;
  CHECK(search_language_stats(idx, "ar", &rows, &bytes) == 0 && rows > 50 && bytes > 1000,
        "index stats for ar: %lld entries, %lld bytes", rows, bytes);
}

/* ---------------------------------------------------------------- keyboards */

static void test_every_key(void) {
  int keys = 0, bad = 0;
  for (size_t l = 0; l < UTIL_COUNT(test_langs); l++) {
    const search_keyboard *kb = search_keyboard_for(test_langs[l]);
    CHECK(!strcmp(kb->lang, test_langs[l]), "%s has its own keyboard", test_langs[l]);
    CHECK(kb->latin_layer >= 0, "%s reaches the Latin letters", test_langs[l]);
    for (int y = 0; y < kb->layer_count; y++)
      for (int r = 0; r < kb->layers[y].row_count; r++)
        for (int c = 0; c < kb->layers[y].key_count[r]; c++) {
          const search_key *k = &kb->layers[y].keys[r][c];
          search_layer picker_buf;
          int forms = 1;
          if (k->kind == SEARCH_KEY_PICK) {   /* every vowel order of the consonant */
            search_keyboard_state st;
            char t[8];
            search_keyboard_start(&st, kb);
            st.layer = y;
            search_keyboard_press(&st, r, c, t);
            picker_buf = *search_keyboard_layer(&st);
            forms = 0;
            for (int pr = 0; pr < picker_buf.row_count; pr++)
              for (int pc = 0; pc < picker_buf.key_count[pr]; pc++) {
                const search_key *f = &picker_buf.keys[pr][pc];
                if (f->kind != SEARCH_KEY_TEXT) continue;
                char typed[64], err[256];
                int ok = type_on_keyboard(test_langs[l], f->text, typed, sizeof typed, err, sizeof err) > 0 &&
                         !strcmp(typed, f->text);
                keys++; forms++;
                if (!ok) { bad++; printf("FAIL %s picker %s: %s\n", test_langs[l], f->text, err); }
              }
            CHECK(forms >= 7, "%s consonant %s offers its vowel orders (%d)", test_langs[l], k->text, forms);
            continue;
          }
          if (k->kind != SEARCH_KEY_TEXT) continue;
          char typed[64], err[256];
          int ok = type_on_keyboard(test_langs[l], k->text, typed, sizeof typed, err, sizeof err) > 0 && !strcmp(typed, k->text);
          keys++;
          if (!ok) { bad++; printf("FAIL %s key '%s' on %s: %s\n", test_langs[l], k->text, kb->layers[y].name, err); }
        }
  }
  CHECK(bad == 0 && keys > 1000, "every key of every keyboard round-trips (%d keys, %d bad)", keys, bad);
  printf("keyboards: %d keys typed through their planned sequences\n", keys);
}

/* 1 if the kiosk's fonts draw text (in lang) without a missing glyph. */
static int draws_without_tofu(text_fonts *fonts, const char *lang, const char *text) {
  text_params params = { .lang = lang, .size_px = 32 };
  char err[256];
  text_layout *layout = text_layout_paragraph(fonts, text, strlen(text), &params, err, sizeof err);
  int ok = layout && layout->notdef_count == 0;
  text_layout_free(layout);
  return ok;
}

/* Every key label, every text a key inserts and every picker form has glyphs in the
 * kiosk's fonts (special keys without text name a pictogram instead). */
static void test_labels_have_glyphs(void) {
  char err[256];
  text_fonts *fonts = text_fonts_open(NULL, err, sizeof err);
  CHECK(fonts != NULL, "kiosk fonts: %s", err);
  if (!fonts) return;
  int labels = 0, tofu = 0, blank = 0;
  for (size_t l = 0; l < UTIL_COUNT(test_langs); l++) {
    const search_keyboard *kb = search_keyboard_for(test_langs[l]);
    for (int y = 0; y < kb->layer_count; y++)
      for (int r = 0; r < kb->layers[y].row_count; r++)
        for (int c = 0; c < kb->layers[y].key_count[r]; c++) {
          const search_key *k = &kb->layers[y].keys[r][c];
          if (!k->label[0] && !k->icon[0]) { blank++; printf("FAIL %s key without label or icon\n", test_langs[l]); }
          const char *texts[2] = { k->label, k->kind == SEARCH_KEY_TEXT && strcmp(k->text, "\u200C") ? k->text : "" };
          for (int t = 0; t < 2; t++) {
            if (!texts[t][0]) continue;
            labels++;
            if (!draws_without_tofu(fonts, test_langs[l], texts[t])) { tofu++; printf("FAIL %s: '%s' has no glyph\n", test_langs[l], texts[t]); }
          }
          if (k->kind != SEARCH_KEY_PICK) continue;
          search_keyboard_state st;
          char out[8];
          search_keyboard_start(&st, kb);
          st.layer = y;
          search_keyboard_press(&st, r, c, out);
          const search_layer *picker = search_keyboard_layer(&st);
          for (int pr = 0; pr < picker->row_count; pr++)
            for (int pc = 0; pc < picker->key_count[pr]; pc++) {
              labels++;
              if (!draws_without_tofu(fonts, test_langs[l], picker->keys[pr][pc].label)) {
                tofu++;
                printf("FAIL %s picker: '%s' has no glyph\n", test_langs[l], picker->keys[pr][pc].label);
              }
            }
        }
  }
  CHECK(!draws_without_tofu(fonts, "nl", "\u232B"), "the check sees tofu (U+232B is in none of the fonts)");
  CHECK(tofu == 0 && blank == 0 && labels > 1000, "every key label draws without tofu (%d labels, %d tofu)", labels, tofu);
  text_fonts_close(fonts);
}

static void test_keyboard_failures(void) {
  char typed[64], err[256];
  CHECK(type_on_keyboard("ar", "a€", typed, sizeof typed, err, sizeof err) < 0 && strstr(err, "U+20AC") &&
        strstr(err, "character 2") && strstr(err, "ar keyboard"), "a character without a key is named: %s", err);
  CHECK(type_on_keyboard("nl", "a\nb", typed, sizeof typed, err, sizeof err) < 0, "a newline has no key");
  CHECK(type_on_keyboard("ti", "PIP", typed, sizeof typed, err, sizeof err) > 0 && !strcmp(typed, "PIP"),
        "Latin capitals from the Tigrinya keyboard");
  CHECK(type_on_keyboard("uk", "ґ", typed, sizeof typed, err, sizeof err) == 1, "ґ is one tap on the Ukrainian keyboard");
  CHECK(type_on_keyboard("ti", "ጓ", typed, sizeof typed, err, sizeof err) == 2, "ጓ is consonant + order (two taps)");
  CHECK(search_ethiopic_syllable(0x1308, 12) == 0x1313 && search_ethiopic_syllable(0x1250, 8) == 0 &&
        search_ethiopic_syllable(0x1310, 1) == 0 && search_ethiopic_syllable(0x1200, 7) == 0x1206,
        "Ge'ez order arithmetic with its gaps");
  search_keyboard_state st;
  char t[8];
  search_keyboard_start(&st, search_keyboard_for("ar"));
  CHECK(search_keyboard_press(&st, 99, 0, t) == SEARCH_PRESS_INVALID, "a tap outside the keys does nothing");
  CHECK(search_keyboard_layer(&st)->rtl, "the Arabic letters are drawn mirrored");
  CHECK(!strcmp(search_keyboard_for("xx")->lang, "latin"), "an unknown language gets the Latin keyboard");
}

/* ---------------------------------------------------------------- kiosk scripts */

/* The characters a keyboard types (its own layers; the shared Latin layers only for
 * nl), each once, pickers opened for every vowel order, into f as `type` lines. */
static int write_key_lines(FILE *f, const char *lang) {
  const search_keyboard *kb = search_keyboard_for(lang), *nl = search_keyboard_for("nl");
  int n = 0;
  for (int y = 0; y < kb->layer_count; y++) {
    /* the shared Latin rows once (nl); a Latin keyboard's own rows come first in its layer */
    int rows = kb->layers[y].row_count;
    if (y >= kb->latin_layer && strcmp(lang, "nl")) rows -= nl->layers[y - kb->latin_layer].row_count;
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < kb->layers[y].key_count[r]; c++) {
        const search_key *k = &kb->layers[y].keys[r][c];
        if (k->kind == SEARCH_KEY_TEXT) {
          fprintf(f, "type %s\nexpect-query %s\ntap-id search-clear\n", k->text, k->text);
          n++;
        } else if (k->kind == SEARCH_KEY_PICK) {
          size_t len;
          unsigned cp = search_utf8_next(k->text, strlen(k->text), &len);
          for (int order = 1; order <= 14; order++) {
            unsigned syl = search_ethiopic_syllable(cp, order);
            char t[5] = { 0 };
            if (!syl) continue;
            search_utf8_encode(syl, t);
            fprintf(f, "type %s\nexpect-query %s\ntap-id search-clear\n", t, t);
            n++;
          }
        }
      }
  }
  return n;
}

/* --kiosk-scripts DIR: writes DIR/keys-LANG.txt (every key typed once into the box,
 * which must show exactly it) and DIR/queries-LANG.txt (query_cases typed on the
 * keyboard, the wanted result in the top 3) for tests/t_search_ui.sh. */
static int write_kiosk_scripts(const char *dir) {
  char path[512];
  for (size_t l = 0; l < UTIL_COUNT(test_langs); l++) {
    snprintf(path, sizeof path, "%s/keys-%s.txt", dir, test_langs[l]);
    FILE *f = fopen(path, "w");
    if (!f) return 1;
    fprintf(f, "open search\nwait 500\nexpect-screen search\n");
    int n = write_key_lines(f, test_langs[l]);
    fclose(f);
    snprintf(path, sizeof path, "%s/queries-%s.txt", dir, test_langs[l]);
    f = fopen(path, "w");
    if (!f) return 1;
    fprintf(f, "open search\nwait 500\nexpect-screen search\n");
    int q = 0;
    for (size_t i = 0; i < UTIL_COUNT(query_cases); i++) {
      const query_case *c = &query_cases[i];
      if (strcmp(c->lang, test_langs[l])) continue;
      fprintf(f, "# %s\n", c->why);
      if (strchr(c->query, ' ')) fprintf(f, "type %s\n", c->query);
      else   /* a character at a time: the box shows (and shapes) the text as it grows */
        for (size_t at = 0, len; c->query[at]; at += len) {
          search_utf8_next(c->query + at, strlen(c->query + at), &len);
          fprintf(f, "type %.*s\nexpect-query %.*s\n", (int)len, c->query + at, (int)(at + len), c->query);
        }
      fprintf(f, "expect-query %s\nexpect-result 3 %s\ntap-id search-clear\n", c->query, c->want);
      q++;
    }
    fclose(f);
    printf("%s: %d keys, %d queries\n", test_langs[l], n, q);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "--kiosk-scripts")) return write_kiosk_scripts(argv[2]);
  const char *build = getenv("BUILD");
  if (!build || !*build) build = "build";
  char dir[256], cmd[1024], path[512], err[512];
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/wegwijs-search-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  expect(mkdtemp(dir));
  test_normalise();
  test_keyboard_failures();
  test_every_key();
  test_labels_have_glyphs();
  snprintf(cmd, sizeof cmd, "ASAN_OPTIONS=detect_leaks=0 '%s/wegwijs-pack' build content -o '%s/p.wwpack' --audio none >/dev/null 2>&1", build, dir);
  int built = system(cmd) == 0;
  CHECK(built, "wegwijs-pack builds content/");
  snprintf(path, sizeof path, "%s/p.wwpack", dir);
  pack *p = built ? pack_open(path, err, sizeof err) : NULL;
  CHECK(p != NULL, "pack_open: %s", err);
  if (p) {
    long long t0 = util_now_ms();
    search_index *idx = search_open(p, err, sizeof err);
    printf("index built in %lld ms\n", util_now_ms() - t0);
    pack_close(p);   /* the index must not need the pack */
    CHECK(idx != NULL, "search_open: %s", err);
    if (idx) {
      test_queries(idx);
      test_hit_fields(idx);
      search_close(idx);
    }
  }
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  expect(system(cmd) == 0);
  return check_report();
}
