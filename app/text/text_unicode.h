/* text_unicode.h — internal to app/text and its tests: the Unicode steps of the text
 * engine (UTF-8 repair, FriBidi levels and per-line reordering, UAX #14 break
 * opportunities). Exposed so that tests can run them against the Unicode conformance
 * files; the UI uses text.h only. */
#ifndef WEGWIJS_TEXT_UNICODE_H
#define WEGWIJS_TEXT_UNICODE_H
#include <stddef.h>   /* size_t */
#include <stdint.h>   /* uint32_t */
#include <fribidi.h>  /* FriBidiCharType, FriBidiLevel */

/* Decodes UTF-8 into code points. Each byte that does not start a well-formed sequence
 * (RFC 3629: no overlongs, surrogates or values above U+10FFFF) becomes one
 * U+FFFD. offsets[i] is the byte offset of code point i, offsets[n] == len.
 * cps and offsets are malloc'd (n + 1 entries each; caller frees both). Returns the
 * number of code points, and sets *repaired to the count of U+FFFD substitutions. */
int text_utf8_decode(const char *utf8, size_t len, uint32_t **cps, int **offsets,
                     int *repaired);

/* Paragraph direction request for text_bidi_paragraph. */
enum { TEXT_BIDI_LTR = 0, TEXT_BIDI_RTL = 1, TEXT_BIDI_AUTO = 2 };

/* Resolves embedding levels of one paragraph (rules P2..I2 with bracket pairs, N0).
 * types and levels are caller arrays of n entries. Returns the paragraph level (0 or
 * 1) or -1 if FriBidi failed (allocation). */
int text_bidi_paragraph(const uint32_t *cps, int n, int direction,
                        FriBidiCharType *types, FriBidiLevel *levels);

/* Reorders one line [start, start + len) of a paragraph resolved by
 * text_bidi_paragraph: applies L1 (trailing whitespace to the paragraph level) to
 * levels in place (pass a copy if the paragraph is laid out again) and L2, with
 * flags 0 (no NSM reordering: HarfBuzz shapes marks in logical order). map is
 * paragraph-indexed; on return map[start + v] is the logical index shown at visual
 * position v of the line. Returns 0, or -1 if FriBidi failed. */
int text_bidi_reorder_line(const FriBidiCharType *types, int start, int len,
                           int par_level, FriBidiLevel *levels, int *map);

/* 1 if the character is removed by rule X9 (explicit embeddings and BN). */
int text_bidi_is_removed(FriBidiCharType type);

/* Break opportunities (UAX #14 via libunibreak): breaks[i] is TEXT_BREAK_* for the
 * position after code point i. Regional indicators are presented to libunibreak 1.1 as
 * an ideograph because it aborts on them (flag emoji); the text is not changed.
 * lang may be NULL. */
enum { TEXT_BREAK_MUST = 0, TEXT_BREAK_ALLOW = 1, TEXT_BREAK_NO = 2 };
void text_line_breaks(const uint32_t *cps, int n, const char *lang, char *breaks);
#endif
