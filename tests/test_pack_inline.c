/* test_pack_inline.c — translation units to text + spans (tools/pack/inline.c): numbers
 * with separators are isolated so that they read left to right inside RTL text. */
#include "../tools/pack/inline.c"   /* the module under test is part of wegwijs-pack */
#include "../tests/check.h"
#include <string.h>

#define LRI "\xE2\x81\xA6"
#define PDI "\xE2\x81\xA9"

static char *parse(const char *md, text_span **spans, int *count) { return inline_parse(md, spans, count); }

/* Visual order of the ASCII digits of text laid out as Arabic: returns them as a string. */
static void visual_digits(text_fonts *fonts, const char *text, char *out, size_t cap) {
  text_params p = { .lang = "ar", .size_px = 20, .max_width_px = 0 };
  char err[200];
  text_layout *l = text_layout_paragraph(fonts, text, strlen(text), &p, err, sizeof err);
  size_t n = 0;
  for (int li = 0; l && li < l->line_count; li++)
    for (int r = l->lines[li].run_start; r < l->lines[li].run_start + l->lines[li].run_count; r++)
      for (int g = l->runs[r].glyph_start; g < l->runs[r].glyph_start + l->runs[r].glyph_count; g++) {
        char c = text[l->glyphs[g].cluster];
        if (c >= '0' && c <= '9' && n + 1 < cap) out[n++] = c;
      }
  out[n] = 0;
  text_layout_free(l);
}

int main(void) {
  text_span *spans; int count;
  char *t = parse("Bel 0800-0113 of 020 123 4567.", &spans, &count);
  CHECK(!strcmp(t, "Bel " LRI "0800-0113" PDI " of " LRI "020 123 4567" PDI "."),
        "hyphen and space groups isolated: %s", t);
  free(t); free(spans);

  t = parse("Bel +31 20 1234567 nu", &spans, &count);
  CHECK(!strcmp(t, "Bel " LRI "+31 20 1234567" PDI " nu"), "the + goes inside the isolate: %s", t);
  free(t); free(spans);

  t = parse("Na 3,5 jaar, 1.000 euro, 12:30, B1, Wi2021.", &spans, &count);
  CHECK(!strstr(t, LRI), "numbers with only , . : and letter-digit words stay as they are: %s", t);
  free(t); free(spans);

  t = parse("اتصل " LRI "0800-0113" PDI " الآن", &spans, &count);
  CHECK(strstr(t, LRI LRI) == NULL && strstr(t, LRI "0800-0113" PDI), "a translator's isolate is not doubled: %s", t);
  free(t); free(spans);

  t = parse("Bel **0800-0113** nu", &spans, &count);
  CHECK(count == 1 && !strncmp(t + spans[0].start, LRI "0800-0113" PDI, strlen(LRI "0800-0113" PDI)) &&
        spans[0].end - spans[0].start == (int)strlen(LRI "0800-0113" PDI),
        "the bold span covers the isolated number exactly (%d spans)", count);
  free(t); free(spans);

  char err[200];
  text_fonts *fonts = text_fonts_open(NULL, err, sizeof err);
  CHECK(fonts != NULL, "fonts: %s", err);
  if (fonts) {
    char digits[64];
    const char *raw = "اتصل بالرقم 0800-0113 الآن";
    visual_digits(fonts, raw, digits, sizeof digits);
    CHECK(!strcmp(digits, "01130800"), "control: without isolates UAX #9 shows the halves swapped (%s)", digits);
    t = parse(raw, &spans, &count);
    visual_digits(fonts, t, digits, sizeof digits);
    CHECK(!strcmp(digits, "08000113"), "with the build's isolates the number reads 0800-0113 (%s)", digits);
    free(t); free(spans);
    text_fonts_close(fonts);
  }
  return check_report();
}
