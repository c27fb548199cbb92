/* report.h — the problems `wegwijs-pack check` (and build) find: each with severity,
 * file, line and language, printed as text lines or as JSON. */
#ifndef WEGWIJS_PACK_REPORT_H
#define WEGWIJS_PACK_REPORT_H
#include <stdio.h>   /* FILE */

/* NOTE: not a problem, a to-do for an editor (a fact marked verify:). */
enum { REPORT_ERROR, REPORT_WARNING, REPORT_NOTE };

typedef struct {
  int severity;
  char file[256];   /* relative to the content folder; "" when not from a file */
  int line;         /* 0 = whole file */
  char lang[16];    /* "" = all languages */
  char kind[32];    /* stable machine name: "missing", "fuzzy", "overflow", "glyph", ... */
  char *message;
} report_item;

typedef struct { report_item *items; int count, errors, warnings, notes; } report;

/* Adds a problem. source is "FILE:LINE" or "FILE" or NULL. */
void report_add(report *r, int severity, const char *source, const char *lang, const char *kind,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Prints every item ("FILE:LINE: [lang] error: message") and a summary line. */
void report_print_text(const report *r, FILE *out);
void report_print_json(const report *r, FILE *out);
/* Writes s as a JSON string literal (quotes included). */
void report_json_string(FILE *out, const char *s);
void report_free(report *r);
#endif
