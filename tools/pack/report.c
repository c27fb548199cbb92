/* report.c — collecting and printing check problems (see report.h). */
#include "report.h"
#include "util/util.h"
#include <stdarg.h>   /* va_list */
#include <string.h>   /* strrchr */

void report_add(report *r, int severity, const char *source, const char *lang, const char *kind,
                const char *fmt, ...) {
  r->items = util_realloc(r->items, sizeof *r->items * (size_t)(r->count + 1));
  report_item *it = &r->items[r->count++];
  memset(it, 0, sizeof *it);
  it->severity = severity;
  if (source) {
    snprintf(it->file, sizeof it->file, "%s", source);
    char *colon = strrchr(it->file, ':');
    if (colon && colon[1] >= '0' && colon[1] <= '9') { it->line = atoi(colon + 1); *colon = 0; }
  }
  snprintf(it->lang, sizeof it->lang, "%s", lang ? lang : "");
  snprintf(it->kind, sizeof it->kind, "%s", kind);
  va_list ap;
  va_start(ap, fmt);
  char buf[1024];
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  /* "%.60s" excerpts may cut a UTF-8 sequence: drop the broken bytes so text and JSON
   * output stay valid UTF-8. */
  size_t w = 0;
  for (size_t i = 0; buf[i]; ) {
    unsigned char c = (unsigned char)buf[i];
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    size_t k = 1;
    while (n && k < n && ((unsigned char)buf[i + k] & 0xC0) == 0x80) k++;
    if (n && k == n) { memmove(buf + w, buf + i, n); w += n; i += n; }
    else i += n ? k : 1;
  }
  buf[w] = 0;
  it->message = util_strdup(buf);
  if (severity == REPORT_ERROR) r->errors++;
  else if (severity == REPORT_WARNING) r->warnings++;
  else r->notes++;
}

static const char *report_severity_name(int severity) {
  return severity == REPORT_ERROR ? "error" : severity == REPORT_WARNING ? "warning" : "note";
}

void report_print_text(const report *r, FILE *out) {
  for (int i = 0; i < r->count; i++) {
    const report_item *it = &r->items[i];
    if (it->file[0] && it->line) fprintf(out, "%s:%d: ", it->file, it->line);
    else if (it->file[0]) fprintf(out, "%s: ", it->file);
    if (it->lang[0]) fprintf(out, "[%s] ", it->lang);
    fprintf(out, "%s: %s (%s)\n", report_severity_name(it->severity), it->message, it->kind);
  }
  if (r->notes) fprintf(out, "check: %d errors, %d warnings, %d facts to verify\n", r->errors, r->warnings, r->notes);
  else fprintf(out, "check: %d errors, %d warnings\n", r->errors, r->warnings);
}

void report_json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else if (c == '\n') fputs("\\n", out);
    else if (c < 0x20) fprintf(out, "\\u%04x", c);
    else fputc(c, out);
  }
  fputc('"', out);
}

void report_print_json(const report *r, FILE *out) {
  fprintf(out, "{\"errors\": %d, \"warnings\": %d, \"notes\": %d, \"problems\": [", r->errors, r->warnings, r->notes);
  for (int i = 0; i < r->count; i++) {
    const report_item *it = &r->items[i];
    fprintf(out, "%s\n  {\"severity\": \"%s\", \"kind\": ", i ? "," : "", report_severity_name(it->severity));
    report_json_string(out, it->kind);
    fputs(", \"file\": ", out);
    report_json_string(out, it->file);
    fprintf(out, ", \"line\": %d, \"lang\": ", it->line);
    report_json_string(out, it->lang);
    fputs(", \"message\": ", out);
    report_json_string(out, it->message);
    fputc('}', out);
  }
  fprintf(out, "\n]}\n");
}

void report_free(report *r) {
  for (int i = 0; i < r->count; i++) free(r->items[i].message);
  free(r->items);
  memset(r, 0, sizeof *r);
}
