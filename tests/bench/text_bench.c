/* text_bench.c — layout throughput of the corpus (every paragraph at three widths):
 * the Wegwijs engine against Pango in the same process, with the same fonts, size and
 * unhinted positions. Built and run by `make bench` (tools/mk/text.mk). */
#include <pango/pangocairo.h>   /* pango_cairo_font_map_new, pango_layout_* */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text/text.h"
#include "util/util.h"          /* util_read_file, util_now_ms */

enum { MAX_PARAGRAPHS = 256, SIZE_PX = 20 };
static const int widths[] = { 160, 260, 400 };

typedef struct { char lang[16]; char *text; } paragraph;

static int load_corpus(const char *path, paragraph *out) {
  char err[256];
  size_t len;
  char *data = util_read_file(path, 1 << 24, &len, err, sizeof err);
  if (!data) { fprintf(stderr, "text_bench: %s\n", err); exit(1); }
  int n = 0;
  for (char *line = strtok(data, "\n"); line && n < MAX_PARAGRAPHS; line = strtok(NULL, "\n")) {
    char *tab = strchr(line, '\t');
    if (line[0] == '#' || !tab || tab - line >= 16) continue;
    memcpy(out[n].lang, line, (size_t)(tab - line));
    out[n].lang[tab - line] = 0;
    out[n].text = util_strdup(tab + 1);
    n++;
  }
  free(data);
  return n;
}

static const char *families(const char *lang) {
  if (text_lang_is_rtl(lang)) return "Noto Sans Arabic,Noto Sans,Noto Sans Ethiopic";
  if (!strcmp(lang, "ti") || !strcmp(lang, "am")) return "Noto Sans Ethiopic,Noto Sans,Noto Sans Arabic";
  return "Noto Sans,Noto Sans Arabic,Noto Sans Ethiopic";
}

/* One pass over the corpus at every width; returns the number of lines produced. */
static long wegwijs_pass(text_fonts *fonts, const paragraph *p, int n) {
  long lines = 0;
  char err[256];
  for (int i = 0; i < n; i++) {
    for (size_t w = 0; w < UTIL_COUNT(widths); w++) {
      text_params params = { .lang = p[i].lang, .size_px = SIZE_PX, .max_width_px = widths[w] };
      text_layout *l = text_layout_paragraph(fonts, p[i].text, strlen(p[i].text), &params, err, sizeof err);
      if (!l) { fprintf(stderr, "text_bench: %s\n", err); exit(1); }
      lines += l->line_count;
      text_layout_free(l);
    }
  }
  return lines;
}

static long pango_pass(PangoContext *ctx, PangoFontDescription **desc, const paragraph *p, int n) {
  long lines = 0;
  for (int i = 0; i < n; i++) {
    int rtl = text_lang_is_rtl(p[i].lang);
    pango_context_set_base_dir(ctx, rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
    pango_context_set_language(ctx, pango_language_from_string(p[i].lang));
    for (size_t w = 0; w < UTIL_COUNT(widths); w++) {
      PangoLayout *layout = pango_layout_new(ctx);
      pango_layout_set_auto_dir(layout, FALSE);
      pango_layout_set_font_description(layout, desc[i]);
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
      pango_layout_set_width(layout, widths[w] * PANGO_SCALE);
      pango_layout_set_text(layout, p[i].text, -1);
      lines += pango_layout_get_line_count(layout);
      g_object_unref(layout);
    }
  }
  return lines;
}

int main(int argc, char **argv) {
  const char *corpus = argc > 1 ? argv[1] : "tests/data/corpus.txt";
  double seconds = argc > 2 ? atof(argv[2]) : 3.0;
  static paragraph p[MAX_PARAGRAPHS];
  int n = load_corpus(corpus, p);
  char err[256];
  text_fonts *fonts = text_fonts_open(NULL, err, sizeof err);
  if (!fonts || n == 0) { fprintf(stderr, "text_bench: %s\n", fonts ? "empty corpus" : err); return 1; }

  PangoFontMap *map = pango_cairo_font_map_new();
  PangoContext *ctx = pango_font_map_create_context(map);
  cairo_font_options_t *opts = cairo_font_options_create();
  cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(ctx, opts);
  pango_context_set_round_glyph_positions(ctx, FALSE);
  static PangoFontDescription *desc[MAX_PARAGRAPHS];
  for (int i = 0; i < n; i++) {
    desc[i] = pango_font_description_from_string(families(p[i].lang));
    pango_font_description_set_absolute_size(desc[i], SIZE_PX * PANGO_SCALE);
  }

  /* Warm both (font loading, caches), then time whole passes for `seconds` each. */
  long ours_lines = wegwijs_pass(fonts, p, n), pango_lines = pango_pass(ctx, desc, p, n);
  long long start = util_now_ms(), now;
  long passes = 0;
  do { wegwijs_pass(fonts, p, n); passes++; now = util_now_ms(); } while (now - start < seconds * 1000);
  double ours = (double)passes * n * (double)UTIL_COUNT(widths) / ((double)(now - start) / 1000.0);
  start = util_now_ms();
  passes = 0;
  do { pango_pass(ctx, desc, p, n); passes++; now = util_now_ms(); } while (now - start < seconds * 1000);
  double theirs = (double)passes * n * (double)UTIL_COUNT(widths) / ((double)(now - start) / 1000.0);

  printf("text layout: %d paragraphs x %zu widths (%ld lines ours, %ld Pango), %d px\n",
         n, UTIL_COUNT(widths), ours_lines, pango_lines, SIZE_PX);
  printf("  wegwijs: %10.0f paragraphs/s\n", ours);
  printf("  pango:   %10.0f paragraphs/s (in-process, pangocairo, unhinted)\n", theirs);
  printf("  ratio wegwijs/pango: %.2f\n", ours / theirs);

  for (int i = 0; i < n; i++) { pango_font_description_free(desc[i]); free(p[i].text); }
  cairo_font_options_destroy(opts);
  g_object_unref(ctx);
  g_object_unref(map);
  text_fonts_close(fonts);
  return 0;
}
