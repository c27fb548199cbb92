/* test_text.c — the text engine's contract: edge cases (invalid UTF-8, empty, a space,
 * 100 000 characters, 1 px width, flag emoji, isolated phone numbers in Arabic),
 * wrapping, alignment, spans, line metrics, the layout cache and glyph bitmaps. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "text/text.h"

static text_fonts *fonts;

static text_layout *lay(const char *lang, int width, const char *s) {
  char err[256] = "";
  text_params p = { .lang = lang, .size_px = 20, .max_width_px = width };
  text_layout *l = text_layout_paragraph(fonts, s, strlen(s), &p, err, sizeof err);
  if (!l) printf("layout failed: %s\n", err);
  return l;
}

/* Lines cover the text without gaps and every run's glyphs stay inside the run. */
static int layout_consistent(const text_layout *l, size_t len) {
  int pos = 0;
  for (int i = 0; i < l->line_count; i++) {
    const text_line *line = &l->lines[i];
    if (line->start != pos || line->end < line->start) return 0;
    int x = 0;
    for (int r = 0; r < line->run_count; r++) {
      const text_run *run = &l->runs[line->run_start + r];
      if (run->start < line->start || run->end > line->end || run->x != x) return 0;
      for (int g = 0; g < run->glyph_count; g++) {
        int c = l->glyphs[run->glyph_start + g].cluster;
        if (c < run->start || c >= run->end) return 0;
      }
      x += run->width;
    }
    if (x != line->width) return 0;
    pos = line->end;
  }
  return (size_t)pos == len || l->line_count == 0;
}

/* Visual order of the clusters inside [a, b): 1 if strictly increasing left to right. */
static int reads_left_to_right(const text_layout *l, int a, int b) {
  int last = -1;
  for (int g = 0; g < l->glyph_count; g++) {
    int c = l->glyphs[g].cluster;
    if (c < a || c >= b) continue;
    if (c <= last) return 0;
    last = c;
  }
  return last >= 0;
}

static void test_edges(void) {
  text_layout *l = lay("nl", 300, "");
  CHECK(l && l->line_count == 0 && l->height == 0, "empty text gives zero lines");
  text_layout_free(l);

  char err[128] = "";
  text_params p = { .lang = "nl", .size_px = 20, .max_width_px = 300 };
  l = text_layout_paragraph(fonts, NULL, 0, &p, err, sizeof err);
  CHECK(l && l->line_count == 0, "NULL text of length 0 is empty text");
  text_layout_free(l);

  l = lay("nl", 300, " ");
  CHECK(l && l->line_count == 1 && l->lines[0].width == 0 && l->lines[0].end == 1,
        "a single space is one line of width 0 (got %d lines)", l ? l->line_count : -1);
  text_layout_free(l);

  const char bad[] = "NVWA\xff\xc3(1234\xe2\x82";
  l = lay("nl", 300, bad);
  CHECK(l && l->line_count == 1 && l->lines[0].end == (int)strlen(bad) && layout_consistent(l, strlen(bad)),
        "invalid UTF-8 is repaired and offsets still refer to the original bytes");
  int saw_ff = 0;
  for (int g = 0; l && g < l->glyph_count; g++) saw_ff |= l->glyphs[g].cluster == 4;
  CHECK(saw_ff, "the invalid byte at offset 4 has its own U+FFFD glyph");
  text_layout_free(l);

  /* 100 000 characters of mixed Dutch and Arabic words. */
  const char *words[] = { "NVWA ", "1234 ", "inburgering ", "مرحبا ", "020-1234567 " };
  size_t cap = 100000 * 4, len = 0;
  char *big = malloc(cap + 64);
  int chars = 0;
  for (int i = 0; chars < 100000; i++) {
    const char *w = words[i % 5];
    memcpy(big + len, w, strlen(w));
    len += strlen(w);
    for (const char *c = w; *c; c++) chars += ((unsigned char)*c & 0xC0) != 0x80;
  }
  big[len] = 0;
  l = lay("nl", 400, big);
  CHECK(l && l->line_count > 1000 && layout_consistent(l, len),
        "100 000 characters wrap into consistent lines (%d lines)", l ? l->line_count : -1);
  int too_wide = 0;
  for (int i = 0; l && i < l->line_count; i++) too_wide += l->lines[i].width > 400 * 64;
  CHECK(too_wide == 0, "no line of the long text is wider than 400 px (%d are)", too_wide);
  CHECK(l && l->notdef_count == 0, "the long text has no tofu");
  text_layout_free(l);
  free(big);

  l = lay("nl", 1, "NVWA");
  CHECK(l && l->line_count == 4 && layout_consistent(l, 4), "width 1 px: one cluster per line (%d lines)",
        l ? l->line_count : -1);
  text_layout_free(l);
  /* An Arabic word with a combining mark: the mark never leaves its base. */
  const char *marked = "مُحَمَّد";
  l = lay("ar", 1, marked);
  int split_mark = 0;
  for (int i = 0; l && i < l->line_count; i++) {
    unsigned char c0 = (unsigned char)marked[l->lines[i].start], c1 = (unsigned char)marked[l->lines[i].start + 1];
    split_mark |= c0 == 0xD9 && c1 >= 0x8B && c1 <= 0x92;   /* U+064B..U+0652 start a line */
  }
  CHECK(l && l->line_count == 4 && !split_mark && layout_consistent(l, strlen(marked)),
        "width 1 px in Arabic breaks between clusters, never before a mark (%d lines)", l ? l->line_count : -1);
  text_layout_free(l);

  const char *flags = "NL \xF0\x9F\x87\xB3\xF0\x9F\x87\xB1 NVWA \xF0\x9F\x87\xAA\xF0\x9F\x87\xB7";
  l = lay("nl", 40, flags);
  CHECK(l && layout_consistent(l, strlen(flags)), "flag emoji (regional indicators) lay out without aborting");
  text_layout_free(l);
}

static void test_bidi(void) {
  /* U+2066 LRI ... U+2069 PDI keep the phone number left to right in Farsi/Arabic. */
  const char *iso = "شماره: \xE2\x81\xA6" "020-1234567" "\xE2\x81\xA9.";
  int a = (int)(strstr(iso, "020") - iso);
  text_layout *l = lay("fa", 0, iso);
  CHECK(l && reads_left_to_right(l, a, a + 11), "LRI…PDI: 020-1234567 is drawn left to right");
  CHECK(l && l->rtl && l->lines[0].run_count >= 2, "Farsi paragraph is RTL with several runs");
  text_layout_free(l);
  /* Without isolates UAX #9 (W2: EN after AL becomes AN) splits the number at the hyphen. */
  const char *bare = "شماره: 020-1234567.";
  a = (int)(strstr(bare, "020") - bare);
  l = lay("fa", 0, bare);
  CHECK(l && !reads_left_to_right(l, a, a + 11), "without isolates the number reorders, as UAX #9 says");
  text_layout_free(l);

  /* Lines of an RTL paragraph: logical order, aligned right. */
  const char *ar = "هذا نص عربي طويل يحتوي على كلمة NVWA والرقم 1234 ثم يستمر النص";
  l = lay("ar", 200, ar);
  CHECK(l && l->line_count >= 3 && layout_consistent(l, strlen(ar)), "Arabic paragraph wraps");
  int aligned = 1;
  for (int i = 0; l && i < l->line_count; i++) aligned &= l->lines[i].x + l->lines[i].width == 200 * 64;
  CHECK(aligned, "RTL lines end at the right edge");
  CHECK(l && l->lines[0].start == 0, "the first line holds the start of the text");
  text_layout_free(l);

  /* LTR text shown in an RTL screen: left-to-right runs, right edge on request. */
  text_params p = { .lang = "nl", .size_px = 20, .max_width_px = 200, .align = TEXT_ALIGN_RIGHT };
  char err[200];
  l = text_layout_paragraph(fonts, "NVWA 1234", 9, &p, err, sizeof err);
  CHECK(l && l->line_count == 1 && l->lines[0].x + l->lines[0].width == 200 * 64 && l->lines[0].x > 0,
        "TEXT_ALIGN_RIGHT puts an LTR line at the right edge");
  text_layout_free(l);
  p.align = TEXT_ALIGN_LEFT; p.lang = "ar";
  l = text_layout_paragraph(fonts, "سلام دنیا", strlen("سلام دنیا"), &p, err, sizeof err);
  CHECK(l && l->rtl && l->lines[0].x == 0, "TEXT_ALIGN_LEFT puts an RTL line at the left edge");
  text_layout_free(l);
}

static void test_wrapping(void) {
  text_layout *a = lay("en", 0, "NVWA 1234"), *b = lay("en", 0, "NVWA 1234   ");
  CHECK(a && b && a->lines[0].width == b->lines[0].width, "trailing spaces take no width");
  text_layout_free(a); text_layout_free(b);

  const char *s = "De brede intake is een gesprek met de gemeente over taal, werk en opleiding.";
  text_layout *l = lay("nl", 180, s);
  int ok = l && l->line_count >= 3;
  for (int i = 0; l && i + 1 < l->line_count; i++) {
    /* Greedy: the next line's first word would not have fitted. */
    text_layout *probe;
    int next_end = l->lines[i + 1].start;
    while (s[next_end] && s[next_end] != ' ') next_end++;
    char *joined = strndup(s + l->lines[i].start, (size_t)(next_end - l->lines[i].start));
    probe = lay("nl", 0, joined);
    ok &= probe && probe->lines[0].width > 180 * 64;
    ok &= l->lines[i].width <= 180 * 64;
    text_layout_free(probe);
    free(joined);
  }
  CHECK(ok, "greedy fill: lines fit and the next word would not have");
  text_layout_free(l);

  l = lay("nl", 300, "NVWA\n1234\n");
  CHECK(l && l->line_count == 3 && l->lines[1].start == 5 && l->lines[2].start == 10,
        "newlines are hard breaks, a final newline opens an empty line");
  CHECK(l && l->lines[1].baseline - l->lines[0].baseline == l->line_height, "baselines step by line height");
  text_layout_free(l);
}

static void test_metrics_and_spans(void) {
  int lh_ar, asc_ar, lh_nl, asc_nl;
  text_line_metrics(fonts, "ar", 20, &lh_ar, &asc_ar);
  text_line_metrics(fonts, "nl", 20, &lh_nl, &asc_nl);
  CHECK(lh_ar > lh_nl && lh_nl >= 20 * 64 && lh_ar % 64 == 0, "Arabic lines are taller (%d vs %d)", lh_ar, lh_nl);
  text_layout *a = lay("ar", 0, "NVWA 1234"), *b = lay("ar", 0, "مرحبا");
  CHECK(a && b && a->line_height == b->line_height && a->line_height == lh_ar,
        "line height is per language, not per line content");
  text_layout_free(a); text_layout_free(b);

  /* A bold span in the middle of an Arabic word: the regular letters keep their
   * joining forms because shaping sees the whole paragraph as context. */
  const char *word = "تسجيل";   /* 5 letters, 2 bytes each */
  text_span span = { 4, 6, TEXT_STYLE_BOLD };
  char err[128];
  text_params p = { .lang = "ar", .size_px = 20, .spans = &span, .span_count = 1 };
  text_layout *styled = text_layout_paragraph(fonts, word, strlen(word), &p, err, sizeof err);
  text_layout *plain = lay("ar", 0, word);
  int same_forms = styled && plain, bold_runs = 0;
  for (int g = 0; styled && g < styled->glyph_count; g++) {
    int c = styled->glyphs[g].cluster;
    if (c == 4) continue;
    for (int k = 0; k < plain->glyph_count; k++)
      if (plain->glyphs[k].cluster == c) same_forms &= plain->glyphs[k].id == styled->glyphs[g].id;
  }
  for (int r = 0; styled && r < styled->run_count; r++)
    bold_runs += styled->runs[r].bold && styled->runs[r].start == 4 && styled->runs[r].end == 6;
  CHECK(same_forms && bold_runs == 1, "a bold span keeps Arabic joining across its edges");
  text_layout_free(styled); text_layout_free(plain);

  text_span bad[2] = { { 4, 8, 1 }, { 2, 3, 1 } };
  p.spans = bad; p.span_count = 2;
  err[0] = 0;
  CHECK(!text_layout_paragraph(fonts, word, strlen(word), &p, err, sizeof err) && strstr(err, "span"),
        "unsorted spans are refused with a message (%s)", err);
  p.span_count = 0; p.size_px = 0;
  CHECK(!text_layout_paragraph(fonts, word, strlen(word), &p, err, sizeof err) && strstr(err, "size"),
        "size 0 is refused with a message (%s)", err);
  CHECK(!text_layout_paragraph(fonts, word, strlen(word), NULL, err, sizeof err), "NULL params are refused");
}

static void test_bitmaps(void) {
  text_layout *l = lay("en", 0, "N ");
  const text_bitmap *bm = l ? text_glyph_bitmap(fonts, l->runs[0].slot, 0, 20, l->glyphs[0].id) : NULL;
  int ink = 0;
  for (int i = 0; bm && i < bm->height * bm->pitch; i++) ink += bm->pixels[i] > 128;
  CHECK(bm && bm->width >= 8 && bm->height >= 12 && bm->top >= 12 && ink > 20,
        "glyph N at 20 px rasterizes (%dx%d, top %d)", bm ? bm->width : 0, bm ? bm->height : 0, bm ? bm->top : 0);
  CHECK(bm == text_glyph_bitmap(fonts, l->runs[0].slot, 0, 20, l->glyphs[0].id), "bitmaps are cached");
  CHECK(l && !text_glyph_bitmap(fonts, l->runs[0].slot, 0, 20, l->glyphs[1].id), "a space has no bitmap");
  /* the cache is bounded: glyphs 1..300 at 100 px are several MiB; the oldest go and
   * come back rasterized again when asked for */
  int slot = l ? l->runs[0].slot : 0, first_w = 0, first_h = 0;
  uint32_t first = 0;
  size_t most = 0;
  for (uint32_t id = 1; id <= 300; id++) {
    const text_bitmap *g = text_glyph_bitmap(fonts, slot, 1, 100, id);
    if (g && !first) { first = id; first_w = g->width; first_h = g->height; }
    if (text_glyph_cache_bytes(fonts) > most) most = text_glyph_cache_bytes(fonts);
  }
  CHECK(first && most <= TEXT_GLYPH_CACHE_BYTES + 100 * 1024 && most > TEXT_GLYPH_CACHE_BYTES / 2,
        "the glyph cache stays within its budget (peak %zu bytes)", most);
  const text_bitmap *again = text_glyph_bitmap(fonts, slot, 1, 100, first);
  CHECK(again && again->width == first_w && again->height == first_h, "an evicted glyph is rasterized again");
  text_layout_free(l);
}

int main(void) {
  char err[256] = "";
  CHECK(!text_fonts_open("/nonexistent-fonts", err, sizeof err) && strstr(err, "NotoSans"),
        "a missing font directory is refused with a message (%s)", err);
  fonts = text_fonts_open(NULL, err, sizeof err);
  CHECK(fonts != NULL, "fonts open from $WEGWIJS_FONTS: %s", err);
  if (!fonts) return check_report();
  CHECK(text_lang_is_rtl("ar") && text_lang_is_rtl("fa") && text_lang_is_rtl("prs") &&
        text_lang_is_rtl("ps") && text_lang_is_rtl("ckb") && !text_lang_is_rtl("ti") &&
        !text_lang_is_rtl("nl") && !text_lang_is_rtl("am"), "RTL languages");
  CHECK(!strcmp(text_font_name(fonts, TEXT_FONT_ARABIC, 1), "NotoSansArabic-Bold"), "font names");
  test_edges();
  test_bidi();
  test_wrapping();
  test_metrics_and_spans();
  test_bitmaps();
  text_fonts_close(fonts);
  return check_report();
}
