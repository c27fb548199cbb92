/* site.c — builds the in-memory site (site.h) for one language from a validated pack.
 * Every string is copied out, so the UI never touches SQLite and the pack may close. */
#include "pack/site.h"
#include "pack/pack.h"
#include "pack/waits.h"
#include "util/util.h"
#include <stdint.h>    /* uint32_t */
#include <string.h>    /* strcmp */

/* The audio table has no index on (lang, ctx, key) and its rows carry the clips, so a
 * lookup per unit would scan megabytes; the ids of the two languages that matter are
 * read once per site_load into a sorted array instead. */
typedef struct site_clip { char *key; int id; } site_clip;   /* key: "lang\x1Fctx\x1Fkey" */

typedef struct {
  sqlite3 *db;
  const char *lang;
  sqlite3_stmt *string, *status;
  site_clip *clips; int clip_count;
  int dutch_audio;      /* units shown in Dutch play the Dutch clip */
  char bad[160];        /* the first id that does not fit its field: the pack is refused */
} site_reader;

/* Copies a pack id into a fixed field. An id that does not fit is never cut (a cut id
 * could name another page or answer code): the reader is marked bad and site_load
 * refuses the pack. */
static void site_copy_id(site_reader *r, char *dst, size_t cap, const unsigned char *src, const char *what) {
  const char *v = src ? (const char *)src : "";
  size_t n = strlen(v);
  if (n >= cap) {
    if (!r->bad[0]) snprintf(r->bad, sizeof r->bad, "%s '%.24s...' is %zu bytes, more than %zu", what, v, n, cap - 1);
    dst[0] = 0;
    return;
  }
  memcpy(dst, v, n + 1);
}

typedef struct { char *text; text_span *spans; int span_count; int status; int found; } site_string;

static void site_read_string(site_reader *r, const char *lang, const char *ctx, const char *key,
                             site_string *out) {
  memset(out, 0, sizeof *out);
  sqlite3_reset(r->string);
  sqlite3_bind_text(r->string, 1, lang, -1, SQLITE_STATIC);
  sqlite3_bind_text(r->string, 2, ctx, -1, SQLITE_STATIC);
  sqlite3_bind_text(r->string, 3, key, -1, SQLITE_STATIC);
  if (sqlite3_step(r->string) != SQLITE_ROW) return;
  out->found = 1;
  out->text = util_strdup((const char *)sqlite3_column_text(r->string, 0));
  const unsigned char *b = sqlite3_column_blob(r->string, 1);
  int len = sqlite3_column_bytes(r->string, 1);
  out->span_count = len / 12;   /* validated by pack_open: triples inside the text */
  if (out->span_count) {
    out->spans = util_calloc((size_t)out->span_count, sizeof *out->spans);
    for (int i = 0; i < out->span_count; i++) {
      uint32_t v[3];
      for (int k = 0; k < 3; k++) {
        const unsigned char *q = b + i * 12 + k * 4;
        v[k] = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
      }
      out->spans[i] = (text_span){ (int)v[0], (int)v[1], (int)v[2] };
    }
  }
  out->status = sqlite3_column_int(r->string, 2);
}

/* The string in the site language (any status: the builder already stored the Dutch
 * text where the translation is missing or fuzzy), else Dutch, else "". */
static site_string site_get(site_reader *r, const char *ctx, const char *key) {
  site_string s;
  site_read_string(r, r->lang, ctx, key, &s);
  if (!s.found) site_read_string(r, "nl", ctx, key, &s);
  if (!s.found) s.text = util_strdup("");
  return s;
}
static site_string site_get_nl(site_reader *r, const char *ctx, const char *key) {
  site_string s;
  site_read_string(r, "nl", ctx, key, &s);
  if (!s.found) s.text = util_strdup("");
  return s;
}
/* Plain fields (titles, labels) keep no spans. */
static char *site_text(site_reader *r, const char *ctx, const char *key) {
  site_string s = site_get(r, ctx, key);
  free(s.spans);
  return s.text;
}
static char *site_text_nl(site_reader *r, const char *ctx, const char *key) {
  site_string s = site_get_nl(r, ctx, key);
  free(s.spans);
  return s.text;
}

static int site_clip_compare(const void *a, const void *b) {
  return strcmp(((const site_clip *)a)->key, ((const site_clip *)b)->key);
}

static char *site_clip_key(const char *lang, const char *ctx, const char *key) {
  size_t n = strlen(lang) + strlen(ctx) + strlen(key) + 3;
  char *out = util_malloc(n);
  snprintf(out, n, "%s\x1F%s\x1F%s", lang, ctx, key);
  return out;
}

static void site_read_clips(site_reader *r) {
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(r->db, "SELECT id, lang, ctx, key FROM audio WHERE lang = ?1 OR lang = 'nl'", -1, &st, NULL);
  sqlite3_bind_text(st, 1, r->lang, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW) {
    r->clips = util_realloc(r->clips, sizeof *r->clips * (size_t)(r->clip_count + 1));
    r->clips[r->clip_count].id = sqlite3_column_int(st, 0);
    r->clips[r->clip_count++].key = site_clip_key((const char *)sqlite3_column_text(st, 1),
                                                  (const char *)sqlite3_column_text(st, 2),
                                                  (const char *)sqlite3_column_text(st, 3));
  }
  sqlite3_finalize(st);
  if (r->clip_count) qsort(r->clips, (size_t)r->clip_count, sizeof *r->clips, site_clip_compare);
}

static int site_audio_row(site_reader *r, const char *lang, const char *ctx, const char *key) {
  if (!r->clip_count) return 0;
  site_clip probe = { site_clip_key(lang, ctx, key), 0 };
  const site_clip *hit = bsearch(&probe, r->clips, (size_t)r->clip_count, sizeof *r->clips, site_clip_compare);
  free(probe.key);
  return hit ? hit->id : 0;
}

/* The clip for what the unit shows: its own, else the Dutch one when the unit shows the
 * Dutch fallback text (missing or fuzzy) and the language reads aloud at all. */
static int site_audio_id(site_reader *r, const char *ctx, const char *key) {
  int id = site_audio_row(r, r->lang, ctx, key);
  if (id || !r->dutch_audio) return id;
  sqlite3_reset(r->status);
  sqlite3_bind_text(r->status, 1, r->lang, -1, SQLITE_STATIC);
  sqlite3_bind_text(r->status, 2, ctx, -1, SQLITE_STATIC);
  sqlite3_bind_text(r->status, 3, key, -1, SQLITE_STATIC);
  int shows_dutch = sqlite3_step(r->status) != SQLITE_ROW || sqlite3_column_int(r->status, 0) != PACK_STRING_TRANSLATED;
  return shows_dutch ? site_audio_row(r, "nl", ctx, key) : 0;
}

/* The site's own table for site_audio: "ctx\x1Fkey" → the clip the unit plays (the
 * site language's, else the Dutch one by site_audio_id's rule), sorted. */
static void site_keep_clips(site *s, site_reader *r) {
  size_t lang_len = strlen(r->lang);
  for (int i = 0; i < r->clip_count; i++) {
    const char *k = r->clips[i].key, *ctx = strchr(k, '\x1F') + 1;
    int own = !strncmp(k, r->lang, lang_len) && k[lang_len] == '\x1F';
    int id = r->clips[i].id;
    if (!own) {   /* a Dutch clip: only where the unit has none of its own and shows Dutch */
      const char *sep = strchr(ctx, '\x1F');
      char *c = util_strndup(ctx, (size_t)(sep - ctx));
      id = strcmp(sep + 1, "page") && !site_audio_row(r, r->lang, c, sep + 1) ? site_audio_id(r, c, sep + 1) : 0;
      free(c);
    }
    if (!id) continue;
    s->clips = util_realloc(s->clips, sizeof *s->clips * (size_t)(s->clip_count + 1));
    s->clips[s->clip_count++] = (site_clip){ util_strdup(ctx), id };
  }
  if (s->clip_count) qsort(s->clips, (size_t)s->clip_count, sizeof *s->clips, site_clip_compare);
}

/* "a, b, c" → array of strings. */
static char **site_split_list(const char *list, int *count) {
  char **out = NULL;
  *count = 0;
  while (*list) {
    while (*list == ' ' || *list == ',') list++;
    size_t n = strcspn(list, ",");
    while (n && list[n - 1] == ' ') n--;
    if (n) {
      out = util_realloc(out, sizeof *out * (size_t)(*count + 1));
      out[(*count)++] = util_strndup(list, n);
    }
    list += n;
  }
  return out;
}

static void site_load_languages(site *s, sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  /* which languages have clips: one pass over the audio table (see site_clip) */
  char voiced[64][16];
  int voiced_count = 0, nl_audio = 0;
  sqlite3_prepare_v2(db, "SELECT DISTINCT lang FROM audio", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW && voiced_count < 64) {
    snprintf(voiced[voiced_count], 16, "%s", (const char *)sqlite3_column_text(st, 0));
    nl_audio |= !strcmp(voiced[voiced_count++], "nl");
  }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "SELECT code, name, rtl, reviewed_by <> '', voice NOT IN ('', '-') "
                     "FROM languages ORDER BY position", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    s->languages = util_realloc(s->languages, sizeof *s->languages * (size_t)(s->language_count + 1));
    site_language *l = &s->languages[s->language_count++];
    memset(l, 0, sizeof *l);
    snprintf(l->code, sizeof l->code, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(l->name, sizeof l->name, "%s", (const char *)sqlite3_column_text(st, 1));
    l->rtl = sqlite3_column_int(st, 2);
    l->reviewed = sqlite3_column_int(st, 3) || !strcmp(l->code, "nl");
    /* the same rule as the pack checker's audio coverage: own clips, or a voice and Dutch clips */
    for (int i = 0; i < voiced_count; i++) l->has_audio |= !strcmp(voiced[i], l->code);
    l->has_audio |= sqlite3_column_int(st, 4) && nl_audio;
  }
  sqlite3_finalize(st);
}

static void site_load_pages(site *s, site_reader *r) {
  sqlite3_stmt *st = NULL, *blocks = NULL;
  char key[32];
  sqlite3_prepare_v2(r->db, "SELECT id, term_nl, route_order, pictogram, differs_per_gemeente, checked, related "
                     "FROM pages ORDER BY route_order = 0, route_order, position", -1, &st, NULL);
  sqlite3_prepare_v2(r->db, "SELECT seq, kind FROM blocks WHERE page_id = ?1 ORDER BY seq", -1, &blocks, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    s->pages = util_realloc(s->pages, sizeof *s->pages * (size_t)(s->page_count + 1));
    site_page *pg = &s->pages[s->page_count++];
    memset(pg, 0, sizeof *pg);
    site_copy_id(r, pg->id, sizeof pg->id, sqlite3_column_text(st, 0), "page id");
    pg->term_nl = util_strdup((const char *)sqlite3_column_text(st, 1));
    pg->route_order = sqlite3_column_int(st, 2);
    site_copy_id(r, pg->pictogram, sizeof pg->pictogram, sqlite3_column_text(st, 3), "pictogram");
    pg->differs_per_gemeente = sqlite3_column_int(st, 4);
    snprintf(pg->checked, sizeof pg->checked, "%s", (const char *)sqlite3_column_text(st, 5));
    pg->related = site_split_list((const char *)sqlite3_column_text(st, 6), &pg->related_count);
    pg->title = site_text(r, pg->id, "title");
    pg->title_nl = site_text_nl(r, pg->id, "title");
    if (pg->route_order) pg->route_label = site_text(r, pg->id, "route_label");
    pg->audio_id = site_audio_row(r, r->lang, pg->id, "page");
    pg->title_audio_id = site_audio_id(r, pg->id, "title");
    sqlite3_reset(blocks);
    sqlite3_bind_text(blocks, 1, pg->id, -1, SQLITE_STATIC);
    while (sqlite3_step(blocks) == SQLITE_ROW) {
      pg->blocks = util_realloc(pg->blocks, sizeof *pg->blocks * (size_t)(pg->block_count + 1));
      site_block *b = &pg->blocks[pg->block_count++];
      snprintf(key, sizeof key, "b%d", sqlite3_column_int(blocks, 0));
      b->kind = sqlite3_column_int(blocks, 1);
      site_string t = site_get(r, pg->id, key), nl = site_get_nl(r, pg->id, key);
      b->text = t.text; b->spans = t.spans; b->span_count = t.span_count;
      b->text_nl = nl.text; b->spans_nl = nl.spans; b->span_count_nl = nl.span_count;
      b->audio_id = site_audio_id(r, pg->id, key);
    }
  }
  sqlite3_finalize(blocks);
  sqlite3_finalize(st);
}

/* Answer paragraphs a<N>.1 .. a<N>.<count>, joined by blank lines. */
static char *site_join_answer(site_reader *r, int n, int count, int dutch) {
  char key[32], *out = util_strdup("");
  for (int k = 1; k <= count; k++) {
    snprintf(key, sizeof key, "a%d.%d", n, k);
    char *t = dutch ? site_text_nl(r, "faq", key) : site_text(r, "faq", key);
    size_t a = strlen(out), b = strlen(t);
    out = util_realloc(out, a + b + 3);
    if (a) { memcpy(out + a, "\n\n", 2); a += 2; }
    memcpy(out + a, t, b + 1);
    free(t);
  }
  return out;
}

static void site_load_faq_glossary_contacts(site *s, site_reader *r) {
  sqlite3_stmt *st = NULL;
  char key[96];
  sqlite3_prepare_v2(r->db, "SELECT position, answer_paragraphs, related FROM faq ORDER BY position", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    s->faq = util_realloc(s->faq, sizeof *s->faq * (size_t)(s->faq_count + 1));
    site_faq *f = &s->faq[s->faq_count++];
    int n = sqlite3_column_int(st, 0), count = sqlite3_column_int(st, 1);
    snprintf(key, sizeof key, "q%d", n);
    f->question = site_text(r, "faq", key);
    f->question_nl = site_text_nl(r, "faq", key);
    f->answer = site_join_answer(r, n, count, 0);
    f->answer_nl = site_join_answer(r, n, count, 1);
    snprintf(f->related, sizeof f->related, "%s", (const char *)sqlite3_column_text(st, 2));
    f->number = n; f->paragraphs = count;
  }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(r->db, "SELECT position, term_nl FROM glossary ORDER BY position", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    s->glossary = util_realloc(s->glossary, sizeof *s->glossary * (size_t)(s->glossary_count + 1));
    site_glossary *g = &s->glossary[s->glossary_count++];
    g->number = sqlite3_column_int(st, 0);
    snprintf(key, sizeof key, "g%d", g->number);
    g->term_nl = util_strdup((const char *)sqlite3_column_text(st, 1));
    g->explanation = site_text(r, "glossary", key);
  }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(r->db, "SELECT id, phone, local_override FROM contacts ORDER BY position", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    s->contacts = util_realloc(s->contacts, sizeof *s->contacts * (size_t)(s->contact_count + 1));
    site_contact *c = &s->contacts[s->contact_count++];
    memset(c, 0, sizeof *c);
    site_copy_id(r, c->id, sizeof c->id, sqlite3_column_text(st, 0), "contact id");
    c->phone = util_strdup((const char *)sqlite3_column_text(st, 1));
    c->local_override = sqlite3_column_int(st, 2);
    snprintf(key, sizeof key, "%s.name", c->id);
    c->name = site_text(r, "help", key);
    snprintf(key, sizeof key, "%s.how", c->id);
    c->how = site_text(r, "help", key);
  }
  sqlite3_finalize(st);
}

/* UI strings: the language's translation, else English's, else the Dutch source. */
static void site_load_ui(site *s, site_reader *r) {
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(r->db, "SELECT key FROM strings WHERE lang = 'nl' AND ctx = 'ui' ORDER BY key", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *key = (const char *)sqlite3_column_text(st, 0);
    site_string v;
    site_read_string(r, r->lang, "ui", key, &v);
    if (!v.found || (v.status != PACK_STRING_TRANSLATED && v.status != PACK_STRING_SOURCE)) {
      site_string en;
      site_read_string(r, "en", "ui", key, &en);
      if (en.found && en.status == PACK_STRING_TRANSLATED) { free(v.text); free(v.spans); v = en; }
      else { free(en.text); free(en.spans); }
    }
    if (!v.text) site_read_string(r, "nl", "ui", key, &v);
    free(v.spans);
    s->ui_keys = util_realloc(s->ui_keys, sizeof(char *) * (size_t)(s->ui_count + 1));
    s->ui_values = util_realloc(s->ui_values, sizeof(char *) * (size_t)(s->ui_count + 1));
    s->ui_keys[s->ui_count] = util_strdup(key);
    s->ui_values[s->ui_count] = v.text ? v.text : util_strdup(key);
    s->ui_count++;
  }
  sqlite3_finalize(st);
}

static void site_load_questions(site *s, site_reader *r) {
  sqlite3_stmt *st = NULL, *answers = NULL;
  char key[96];
  sqlite3_prepare_v2(r->db, "SELECT id, multiple FROM questions ORDER BY position", -1, &st, NULL);
  sqlite3_prepare_v2(r->db, "SELECT code, pictogram FROM answers WHERE question_id = ?1 ORDER BY position", -1, &answers, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    s->questions = util_realloc(s->questions, sizeof *s->questions * (size_t)(s->question_count + 1));
    site_question *q = &s->questions[s->question_count++];
    memset(q, 0, sizeof *q);
    site_copy_id(r, q->id, sizeof q->id, sqlite3_column_text(st, 0), "question id");
    q->multiple = sqlite3_column_int(st, 1);
    snprintf(key, sizeof key, "%s.text", q->id);
    q->text = site_text(r, "checkin", key);
    q->text_nl = site_text_nl(r, "checkin", key);
    q->audio_id = site_audio_id(r, "checkin", key);
    snprintf(key, sizeof key, "%s.example", q->id);
    char *example = site_text(r, "checkin", key);
    if (*example) q->example = example; else free(example);
    sqlite3_reset(answers);
    sqlite3_bind_text(answers, 1, q->id, -1, SQLITE_STATIC);
    while (sqlite3_step(answers) == SQLITE_ROW) {
      q->answers = util_realloc(q->answers, sizeof *q->answers * (size_t)(q->answer_count + 1));
      site_answer *a = &q->answers[q->answer_count++];
      memset(a, 0, sizeof *a);
      site_copy_id(r, a->code, sizeof a->code, sqlite3_column_text(answers, 0), "answer code");
      site_copy_id(r, a->pictogram, sizeof a->pictogram, sqlite3_column_text(answers, 1), "pictogram");
      snprintf(key, sizeof key, "%s.%s", q->id, a->code);
      a->label = site_text(r, "checkin", key);
      a->label_nl = site_text_nl(r, "checkin", key);
      a->audio_id = site_audio_id(r, "checkin", key);
    }
  }
  sqlite3_finalize(answers);
  sqlite3_finalize(st);
}

typedef struct { site *s; const waits_table *t; const char *group; } site_waits_ctx;

static int site_add_wait(void *ctx, const char *page, int kind) {
  site_waits_ctx *c = ctx;
  const waits_row *row = waits_find(c->t, c->group, kind);
  if (!row) return 0;   /* the group is missing: nothing to show */
  site *s = c->s;
  s->waits = util_realloc(s->waits, sizeof *s->waits * (size_t)(s->wait_count + 1));
  site_wait *w = &s->waits[s->wait_count++];
  memset(w, 0, sizeof *w);
  snprintf(w->page_id, sizeof w->page_id, "%s", page);
  snprintf(w->kind, sizeof w->kind, "%s", waits_kind_code(kind));
  w->n = row->n;
  snprintf(w->median, sizeof w->median, "%s", waits_bucket_code(row->median));
  w->median_share = row->share[row->median];
  snprintf(w->weeks, sizeof w->weeks, "%s", row->weeks);
  return 0;
}

/* The typical waits of the pack's group, per page. pack_open has validated the table
 * and the mapping, so a failure here only leaves the site without them. */
static void site_load_waits(site *s, pack *p) {
  const char *table = pack_meta(p, "typical_waits"), *map = pack_meta(p, "typical_wait_pages");
  const char *group = pack_meta(p, "typical_waits_group");
  if (!table || !map) return;
  waits_table *t = util_malloc(sizeof *t);
  site_waits_ctx ctx = { s, t, group ? group : "all" };
  if (waits_parse(table, strlen(table), "typical_waits", t, NULL, 0) == 0) waits_map_parse(map, site_add_wait, &ctx, NULL, 0);
  free(t);
}

/* The navigator's tree and items. Targets were checked by pack_open; an ask that names
 * no question (impossible in a valid pack) becomes a dead end the UI never follows. */
static void site_load_navigator(site *s, site_reader *r) {
  static const char *const sections[] = { "todo", "bring", "ask", "next" };
  sqlite3_stmt *st = NULL, *answers = NULL;
  char key[160];
  sqlite3_prepare_v2(r->db, "SELECT id, pictogram FROM nav_questions ORDER BY position", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    s->nav_questions = util_realloc(s->nav_questions, sizeof *s->nav_questions * (size_t)(s->nav_question_count + 1));
    site_nav_question *q = &s->nav_questions[s->nav_question_count++];
    memset(q, 0, sizeof *q);
    snprintf(q->id, sizeof q->id, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(q->pictogram, sizeof q->pictogram, "%s", (const char *)sqlite3_column_text(st, 1));
    snprintf(key, sizeof key, "question.%s", q->id);
    q->text = site_text(r, "navigator", key);
    q->audio_id = site_audio_id(r, "navigator", key);
  }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(r->db, "SELECT code, pictogram, ask_next, here_page, next_page FROM nav_answers "
                     "WHERE question_id = ?1 ORDER BY position", -1, &answers, NULL);
  for (int i = 0; i < s->nav_question_count; i++) {
    site_nav_question *q = &s->nav_questions[i];
    sqlite3_reset(answers);
    sqlite3_bind_text(answers, 1, q->id, -1, SQLITE_STATIC);
    while (sqlite3_step(answers) == SQLITE_ROW) {
      q->answers = util_realloc(q->answers, sizeof *q->answers * (size_t)(q->answer_count + 1));
      site_nav_answer *a = &q->answers[q->answer_count++];
      memset(a, 0, sizeof *a);
      snprintf(a->code, sizeof a->code, "%s", (const char *)sqlite3_column_text(answers, 0));
      snprintf(a->pictogram, sizeof a->pictogram, "%s", (const char *)sqlite3_column_text(answers, 1));
      const char *ask = (const char *)sqlite3_column_text(answers, 2);
      a->ask = -1;
      for (int k = 0; k < s->nav_question_count && *ask; k++) if (!strcmp(s->nav_questions[k].id, ask)) a->ask = k;
      snprintf(a->here, sizeof a->here, "%s", (const char *)sqlite3_column_text(answers, 3));
      snprintf(a->next, sizeof a->next, "%s", (const char *)sqlite3_column_text(answers, 4));
      snprintf(key, sizeof key, "answer.%s.%s", q->id, a->code);
      a->label = site_text(r, "navigator", key);
      a->audio_id = site_audio_id(r, "navigator", key);
    }
  }
  sqlite3_finalize(answers);
  sqlite3_prepare_v2(r->db, "SELECT section, stage, position, page_id, contact_id FROM nav_items "
                     "ORDER BY stage, section, position", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *section = (const char *)sqlite3_column_text(st, 0);
    int kind = -1;
    for (int k = 0; k < (int)UTIL_COUNT(sections); k++) if (!strcmp(sections[k], section)) kind = k;
    if (kind < 0) continue;
    s->nav_items = util_realloc(s->nav_items, sizeof *s->nav_items * (size_t)(s->nav_item_count + 1));
    site_nav_item *it = &s->nav_items[s->nav_item_count++];
    memset(it, 0, sizeof *it);
    it->section = kind;
    snprintf(it->stage, sizeof it->stage, "%s", (const char *)sqlite3_column_text(st, 1));
    snprintf(it->page, sizeof it->page, "%s", (const char *)sqlite3_column_text(st, 3));
    snprintf(it->contact, sizeof it->contact, "%s", (const char *)sqlite3_column_text(st, 4));
    snprintf(key, sizeof key, "%s.%s.%d", section, it->stage, sqlite3_column_int(st, 2));
    it->text = site_text(r, "navigator", key);
  }
  sqlite3_finalize(st);
}

site *site_load(pack *p, const char *lang, char *err, size_t errlen) {
  site *s = util_calloc(1, sizeof *s);
  site_reader r = { .db = pack_db(p), .lang = lang };
  site_load_languages(s, r.db);
  int found = -1;
  for (int i = 0; i < s->language_count; i++)
    if (!strcmp(s->languages[i].code, lang)) found = i;
  if (found < 0) {
    util_error(err, errlen, "the pack has no language '%.16s'", lang);
    site_free(s);
    return NULL;
  }
  s->lang = s->languages[found];
  r.lang = s->lang.code;
  r.dutch_audio = s->lang.has_audio && strcmp(r.lang, "nl");
  expect(sqlite3_prepare_v2(r.db, "SELECT text, spans, status FROM strings WHERE lang = ?1 AND ctx = ?2 AND key = ?3",
                            -1, &r.string, NULL) == SQLITE_OK);
  site_read_clips(&r);
  expect(sqlite3_prepare_v2(r.db, "SELECT status FROM strings WHERE lang = ?1 AND ctx = ?2 AND key = ?3",
                            -1, &r.status, NULL) == SQLITE_OK);
  site_load_pages(s, &r);
  site_load_faq_glossary_contacts(s, &r);
  site_load_ui(s, &r);
  site_load_questions(s, &r);
  site_keep_clips(s, &r);
  site_load_navigator(s, &r);
  sqlite3_finalize(r.string);
  for (int i = 0; i < r.clip_count; i++) free(r.clips[i].key);
  free(r.clips);
  sqlite3_finalize(r.status);
  if (r.bad[0]) {
    util_error(err, errlen, "the pack is damaged: %s", r.bad);
    site_free(s);
    return NULL;
  }
  const char *qv = pack_meta(p, "questionnaire_version");
  s->questionnaire_version = qv ? atoi(qv) : 0;
  const char *pk = pack_meta(p, "researcher_pk");
  if (pk && strlen(pk) == 64) {
    s->has_researcher_pk = 1;
    for (int i = 0; i < 32 && s->has_researcher_pk; i++) {
      unsigned v = 0;
      for (int k = 0; k < 2; k++) {
        char c = pk[2 * i + k];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) { s->has_researcher_pk = 0; break; }
        v = v * 16 + (unsigned)d;
      }
      s->researcher_pk[i] = (unsigned char)v;
    }
  }
  snprintf(s->pack_name, sizeof s->pack_name, "%s", pack_name(p));
  s->pack_version = pack_version(p);
  site_load_waits(s, p);
  return s;
}

const char *site_ui_string(const site *s, const char *key) {
  for (int i = 0; i < s->ui_count; i++)
    if (!strcmp(s->ui_keys[i], key)) return s->ui_values[i];
  return key;
}

int site_audio(const site *s, const char *ctx, const char *key) {
  if (!s->clip_count) return 0;   /* no clips, or a site built in memory (the sample) */
  char probe_key[256];
  if ((size_t)snprintf(probe_key, sizeof probe_key, "%s\x1F%s", ctx, key) >= sizeof probe_key) return 0;
  site_clip probe = { probe_key, 0 };
  const site_clip *hit = bsearch(&probe, s->clips, (size_t)s->clip_count, sizeof *s->clips, site_clip_compare);
  return hit ? hit->id : 0;
}

const site_wait *site_page_wait(const site *s, const char *page_id) {
  for (int i = 0; i < s->wait_count; i++)
    if (!strcmp(s->waits[i].page_id, page_id)) return &s->waits[i];
  return NULL;
}

int site_ui_audio(const site *s, const char *key) { return site_audio(s, "ui", key); }

const site_page *site_find_page(const site *s, const char *id) {
  for (int i = 0; i < s->page_count; i++)
    if (!strcmp(s->pages[i].id, id)) return &s->pages[i];
  return NULL;
}

void site_free(site *s) {
  if (!s) return;
  free(s->languages);
  for (int i = 0; i < s->page_count; i++) {
    site_page *p = &s->pages[i];
    free(p->title); free(p->title_nl); free(p->term_nl); free(p->route_label);
    for (int k = 0; k < p->related_count; k++) free(p->related[k]);
    free(p->related);
    for (int k = 0; k < p->block_count; k++) {
      site_block *b = &p->blocks[k];
      free(b->text); free(b->spans); free(b->text_nl); free(b->spans_nl);
    }
    free(p->blocks);
  }
  free(s->pages);
  for (int i = 0; i < s->faq_count; i++) {
    free(s->faq[i].question); free(s->faq[i].answer);
    free(s->faq[i].question_nl); free(s->faq[i].answer_nl);
  }
  free(s->faq);
  for (int i = 0; i < s->glossary_count; i++) { free(s->glossary[i].term_nl); free(s->glossary[i].explanation); }
  free(s->glossary);
  for (int i = 0; i < s->contact_count; i++) { free(s->contacts[i].name); free(s->contacts[i].how); free(s->contacts[i].phone); }
  free(s->contacts);
  for (int i = 0; i < s->ui_count; i++) { free(s->ui_keys[i]); free(s->ui_values[i]); }
  free(s->ui_keys); free(s->ui_values);
  for (int i = 0; i < s->clip_count; i++) free(s->clips[i].key);
  free(s->clips);
  for (int i = 0; i < s->question_count; i++) {
    site_question *q = &s->questions[i];
    free(q->text); free(q->text_nl); free(q->example);
    for (int k = 0; k < q->answer_count; k++) { free(q->answers[k].label); free(q->answers[k].label_nl); }
    free(q->answers);
  }
  free(s->questions);
  free(s->waits);
  for (int i = 0; i < s->nav_question_count; i++) {
    site_nav_question *q = &s->nav_questions[i];
    free(q->text);
    for (int k = 0; k < q->answer_count; k++) free(q->answers[k].label);
    free(q->answers);
  }
  free(s->nav_questions);
  for (int i = 0; i < s->nav_item_count; i++) free(s->nav_items[i].text);
  free(s->nav_items);
  free(s);
}
