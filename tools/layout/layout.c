/* layout.c — wegwijs-layout: lays out one paragraph with the kiosk's text engine and
 * prints its lines, runs and glyphs as JSON or renders it to a PNG (no SDL), so the
 * engine can be compared with hb-shape and pango-view. */
#include <errno.h>         /* errno */
#include <png.h>           /* png_create_write_struct, png_write_* */
#include <stdio.h>         /* printf, fprintf, fopen */
#include <stdlib.h>        /* strtol, free */
#include <string.h>        /* strcmp, strlen */
#include "text/text.h"
#include "util/util.h"     /* util_calloc */

static const char usage[] =
  "usage: wegwijs-layout --lang LANG --size PX --width PX [--bold] [--center]\n"
  "                      [--fonts DIR] [--json] [--png OUT.png] TEXT\n"
  "Lays out the UTF-8 paragraph TEXT as the kiosk does (LANG fixes the direction:\n"
  "ar fa prs ps ckb are right-to-left). --width 0 means no wrapping.\n"
  "--json prints {direction, height, lines[{start, end, width, runs[{start, end, level,\n"
  "  script, font, x, glyphs[{id, cluster, x_advance, x_offset, y_offset}]}]}]}.\n"
  "  start/end/cluster are UTF-8 byte offsets (content_end: a line's end before its\n"
  "  trailing spaces); lines are in logical order, runs and\n"
  "  glyphs in visual (left-to-right) order. height, width, x, x_advance, x_offset and\n"
  "  y_offset are in 1/64 px (26.6 fixed point), unhinted HarfBuzz (hb-ot) positions.\n"
  "--png renders the paragraph with the kiosk's FreeType rasterizer (10 px margin).\n"
  "Without --json or --png a one-line summary is printed. Exit 0 on success, 1 on a\n"
  "layout or file error, 2 on bad arguments.\n";

static int parse_int(const char *s, int min, int max, int *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < min || v > max) return -1;
  *out = (int)v;
  return 0;
}

static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void print_json(text_fonts *fonts, const text_layout *l, const char *text) {
  printf("{\"direction\":\"%s\",\"height\":%d,\"line_height\":%d,\"notdef\":%d,\"lines\":[",
         l->rtl ? "rtl" : "ltr", l->height, l->line_height, l->notdef_count);
  for (int i = 0; i < l->line_count; i++) {
    const text_line *line = &l->lines[i];
    int content_end = line->end;   /* before trailing spaces and the newline */
    while (content_end > line->start && strchr(" \t\r\n", text[content_end - 1])) content_end--;
    printf("%s{\"start\":%d,\"end\":%d,\"content_end\":%d,\"width\":%d,\"x\":%d,\"baseline\":%d,\"runs\":[",
           i ? "," : "", line->start, line->end, content_end, line->width, line->x, line->baseline);
    for (int r = 0; r < line->run_count; r++) {
      const text_run *run = &l->runs[line->run_start + r];
      char script[5];
      uint32_t tag = run->script;
      script[0] = (char)(tag >> 24); script[1] = (char)(tag >> 16);
      script[2] = (char)(tag >> 8); script[3] = (char)tag; script[4] = 0;
      printf("%s{\"start\":%d,\"end\":%d,\"level\":%d,\"script\":", r ? "," : "",
             run->start, run->end, run->level);
      json_string(script);
      printf(",\"font\":");
      json_string(text_font_name(fonts, run->slot, run->bold));
      printf(",\"style\":%d,\"x\":%d,\"width\":%d,\"glyphs\":[", run->style, run->x, run->width);
      for (int g = 0; g < run->glyph_count; g++) {
        const text_glyph *gl = &l->glyphs[run->glyph_start + g];
        printf("%s{\"id\":%u,\"cluster\":%d,\"x_advance\":%d,\"x_offset\":%d,\"y_offset\":%d}",
               g ? "," : "", gl->id, gl->cluster, gl->x_advance, gl->x_offset, gl->y_offset);
      }
      printf("]}");
    }
    printf("]}");
  }
  printf("]}\n");
}

/* Draws the layout black on white into a grey image and writes it as PNG. */
static int write_png(text_fonts *fonts, const text_layout *l, int width_px, const char *path) {
  const int margin = 10;
  int w = (width_px > 0 ? width_px : (l->width + 63) / 64) + 2 * margin;
  int h = (l->height + 63) / 64 + 2 * margin;
  uint8_t *img = util_malloc((size_t)w * (size_t)h);
  memset(img, 255, (size_t)w * (size_t)h);
  for (int i = 0; i < l->line_count; i++) {
    const text_line *line = &l->lines[i];
    for (int r = 0; r < line->run_count; r++) {
      const text_run *run = &l->runs[line->run_start + r];
      int pen = margin * 64 + line->x + run->x;
      for (int g = 0; g < run->glyph_count; g++) {
        const text_glyph *gl = &l->glyphs[run->glyph_start + g];
        const text_bitmap *bm = text_glyph_bitmap(fonts, run->slot, run->bold, l->size_px, gl->id);
        if (bm) {
          int gx = (pen + gl->x_offset + 32) / 64 + bm->left;
          int gy = margin + (line->baseline - gl->y_offset + 32) / 64 - bm->top;
          for (int y = 0; y < bm->height; y++) {
            if (gy + y < 0 || gy + y >= h) continue;
            for (int x = 0; x < bm->width; x++) {
              if (gx + x < 0 || gx + x >= w) continue;
              uint8_t *px = &img[(size_t)(gy + y) * (size_t)w + (size_t)(gx + x)];
              int cover = bm->pixels[y * bm->pitch + x];
              *px = (uint8_t)(*px * (255 - cover) / 255);
            }
          }
        }
        pen += gl->x_advance;
      }
    }
  }
  int rc = 1;
  FILE *f = fopen(path, "wb");
  png_structp png = NULL;
  png_infop info = NULL;
  if (!f) { fprintf(stderr, "wegwijs-layout: cannot write %s: %s\n", path, strerror(errno)); goto done; }
  png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png ? png_create_info_struct(png) : NULL;
  if (!info || setjmp(png_jmpbuf(png))) { fprintf(stderr, "wegwijs-layout: libpng failed on %s\n", path); goto done; }
  png_init_io(png, f);
  png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < h; y++) png_write_row(png, img + (size_t)y * (size_t)w);
  png_write_end(png, NULL);
  rc = 0;
done:
  if (png) png_destroy_write_struct(&png, info ? &info : NULL);
  if (f && fclose(f) != 0 && rc == 0) { fprintf(stderr, "wegwijs-layout: cannot write %s\n", path); rc = 1; }
  free(img);
  return rc;
}

int main(int argc, char **argv) {
  const char *lang = NULL, *text = NULL, *png = NULL, *font_dir = NULL;
  int size = -1, width = -1, bold = 0, json = 0, center = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int has_value = i + 1 < argc;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) { fputs(usage, stdout); return 0; }
    else if (!strcmp(a, "--bold")) bold = 1;
    else if (!strcmp(a, "--json")) json = 1;
    else if (!strcmp(a, "--center")) center = 1;
    else if (!strcmp(a, "--lang") && has_value) lang = argv[++i];
    else if (!strcmp(a, "--png") && has_value) png = argv[++i];
    else if (!strcmp(a, "--fonts") && has_value) font_dir = argv[++i];
    else if (!strcmp(a, "--size") && has_value) {
      if (parse_int(argv[++i], 1, 2000, &size)) { fprintf(stderr, "wegwijs-layout: --size wants 1..2000 px, got '%s'\n", argv[i]); return 2; }
    } else if (!strcmp(a, "--width") && has_value) {
      if (parse_int(argv[++i], 0, 1000000, &width)) { fprintf(stderr, "wegwijs-layout: --width wants 0..1000000 px, got '%s'\n", argv[i]); return 2; }
    } else if (!strcmp(a, "--")) { if (has_value) text = argv[++i]; }
    else if (a[0] == '-' && a[1] == '-') { fprintf(stderr, "wegwijs-layout: unknown or incomplete option %s\n%s", a, usage); return 2; }
    else if (!text) text = a;
    else { fprintf(stderr, "wegwijs-layout: more than one TEXT argument\n"); return 2; }
  }
  if (!lang || size < 0 || width < 0 || !text) {
    fprintf(stderr, "wegwijs-layout: --lang, --size, --width and TEXT are required\n%s", usage);
    return 2;
  }
  char err[512];
  text_fonts *fonts = text_fonts_open(font_dir, err, sizeof err);
  if (!fonts) { fprintf(stderr, "wegwijs-layout: %s\n", err); return 1; }
  text_params params = { .lang = lang, .size_px = size, .bold = bold, .max_width_px = width,
                         .align = center };
  int rc = 1;
  text_layout *layout = text_layout_paragraph(fonts, text, strlen(text), &params, err, sizeof err);
  if (!layout) { fprintf(stderr, "wegwijs-layout: %s\n", err); goto done; }
  if (json) print_json(fonts, layout, text);
  if (png && write_png(fonts, layout, width, png) != 0) goto done;
  if (!json && !png)
    printf("%s: %d lines, %d runs, %d glyphs, width %.2f px, height %.2f px, %d missing glyphs\n",
           layout->rtl ? "rtl" : "ltr", layout->line_count, layout->run_count, layout->glyph_count,
           layout->width / 64.0, layout->height / 64.0, layout->notdef_count);
  rc = 0;
done:
  text_layout_free(layout);
  text_fonts_close(fonts);
  return rc;
}
