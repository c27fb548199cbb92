/* text_unicode.c — UTF-8 repair, bidi levels/reordering and UAX #14 break
 * opportunities: the library-facing Unicode steps of the text engine. */
#include "text/text_unicode.h"
#include <linebreak.h>    /* set_linebreaks_utf32, init_linebreak */
#include <pthread.h>      /* pthread_once */
#include <stdlib.h>       /* free */
#include "util/util.h"    /* util_malloc, expect */

/* Length of a well-formed UTF-8 sequence starting at s (n bytes left), with its code
 * point in *cp; 0 if the bytes there are not a well-formed sequence (RFC 3629:
 * no overlongs, no surrogates, nothing above U+10FFFF). */
static int utf8_sequence(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned char b = s[0];
  if (b < 0x80) { *cp = b; return 1; }
  int need; uint32_t c, min;
  if (b >= 0xC2 && b <= 0xDF) { need = 1; c = b & 0x1F; min = 0x80; }
  else if (b >= 0xE0 && b <= 0xEF) { need = 2; c = b & 0x0F; min = 0x800; }
  else if (b >= 0xF0 && b <= 0xF4) { need = 3; c = b & 0x07; min = 0x10000; }
  else return 0;
  if ((size_t)need >= n) return 0;
  for (int i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  *cp = c;
  return need + 1;
}

int text_utf8_decode(const char *utf8, size_t len, uint32_t **cps, int **offsets,
                     int *repaired) {
  const unsigned char *s = (const unsigned char *)utf8;
  uint32_t *out = util_malloc((len + 1) * sizeof *out);
  int *off = util_malloc((len + 1) * sizeof *off);
  int n = 0, bad = 0;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    int k = utf8_sequence(s + i, len - i, &cp);
    if (k == 0) { cp = 0xFFFD; k = 1; bad++; }
    off[n] = (int)i;
    out[n++] = cp;
    i += (size_t)k;
  }
  off[n] = (int)len;
  out[n] = 0;
  *cps = out;
  *offsets = off;
  if (repaired) *repaired = bad;
  return n;
}

int text_bidi_paragraph(const uint32_t *cps, int n, int direction,
                        FriBidiCharType *types, FriBidiLevel *levels) {
  if (n == 0) return direction == TEXT_BIDI_RTL ? 1 : 0;
  FriBidiBracketType *brackets = util_malloc((size_t)n * sizeof *brackets);
  FriBidiParType base = direction == TEXT_BIDI_RTL ? FRIBIDI_PAR_RTL
                      : direction == TEXT_BIDI_LTR ? FRIBIDI_PAR_LTR : FRIBIDI_PAR_ON;
  int result = -1;
  fribidi_get_bidi_types(cps, n, types);
  fribidi_get_bracket_types(cps, n, types, brackets);
  if (!fribidi_get_par_embedding_levels_ex(types, brackets, n, &base, levels)) goto done;
  result = FRIBIDI_DIR_TO_LEVEL(base);
done:
  free(brackets);
  return result;
}

int text_bidi_reorder_line(const FriBidiCharType *types, int start, int len,
                           int par_level, FriBidiLevel *levels, int *map) {
  if (len == 0) return 0;
  for (int i = 0; i < len; i++) map[start + i] = start + i;
  FriBidiParType base = par_level & 1 ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
  /* flags 0: FRIBIDI_FLAGS_DEFAULT would move marks behind their base (REORDER_NSM). */
  if (!fribidi_reorder_line(0, types, len, start, base, levels, NULL, map)) return -1;
  return 0;
}

int text_bidi_is_removed(FriBidiCharType type) {
  return FRIBIDI_IS_EXPLICIT_OR_BN(type) ? 1 : 0;
}

static void linebreak_init_once(void) { init_linebreak(); }

void text_line_breaks(const uint32_t *cps, int n, const char *lang, char *breaks) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  if (n <= 0) return;
  pthread_once(&once, linebreak_init_once);
  uint32_t *guarded = util_malloc((size_t)n * sizeof *guarded);
  for (int i = 0; i < n; i++) {
    /* libunibreak 1.1 asserts (lbcNew <= LBP_JT) on class RI; an ideograph (class ID)
     * gives break opportunities around each indicator, which is close to LB30a. */
    guarded[i] = cps[i] >= 0x1F1E6 && cps[i] <= 0x1F1FF ? 0x4E00 : cps[i];
  }
  set_linebreaks_utf32(guarded, (size_t)n, lang, breaks);
  for (int i = 0; i < n; i++) {
    if (breaks[i] == LINEBREAK_MUSTBREAK) breaks[i] = TEXT_BREAK_MUST;
    else if (breaks[i] == LINEBREAK_ALLOWBREAK) breaks[i] = TEXT_BREAK_ALLOW;
    else breaks[i] = TEXT_BREAK_NO;
  }
  free(guarded);
}
