/* waits.c — parsing and checking the typical-waits table (waits.h). */
#include "pack/waits.h"
#include "pack/pack.h"   /* pack_name_valid, pack_utf8_valid */
#include "util/util.h"
#include <stdlib.h>      /* strtol */
#include <string.h>      /* strcmp */

static const char *const waits_kinds[WAITS_KINDS] = { "ind", "koppeling", "house", "family", "course" };
static const char *const waits_buckets[WAITS_BUCKETS] = { "lt1m", "1-3m", "3-6m", "6-12m", "1-2y", "gt2y" };

const char *waits_kind_code(int kind) { return kind >= 0 && kind < WAITS_KINDS ? waits_kinds[kind] : NULL; }
const char *waits_bucket_code(int bucket) { return bucket >= 0 && bucket < WAITS_BUCKETS ? waits_buckets[bucket] : NULL; }

int waits_kind(const char *code) {
  for (int i = 0; i < WAITS_KINDS; i++) if (!strcmp(waits_kinds[i], code)) return i;
  return -1;
}

int waits_bucket(const char *code) {
  for (int i = 0; i < WAITS_BUCKETS; i++) if (!strcmp(waits_buckets[i], code)) return i;
  return -1;
}

const char *waits_header(void) {
  return "group\twaiting_for\tn\tlt1m\t1-3m\t3-6m\t6-12m\t1-2y\tgt2y\tmedian\tweeks";
}

/* A whole number 0..max written plainly (no sign, no spaces), or -1. */
static long waits_number(const char *s, long max) {
  if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9) return -1;
  long v = strtol(s, NULL, 10);
  return v <= max ? v : -1;
}

/* "YYYY-Www..YYYY-Www" with the first not after the second. */
static int waits_weeks_valid(const char *s) {
  int y1, w1, y2, w2, end = 0;
  if (strlen(s) != 18 || sscanf(s, "%4d-W%2d..%4d-W%2d%n", &y1, &w1, &y2, &w2, &end) != 4 || end != 18) return 0;
  if (y1 < 2000 || y2 > 2999 || w1 < 1 || w1 > 53 || w2 < 1 || w2 > 53) return 0;
  return y1 < y2 || (y1 == y2 && w1 <= w2);
}

/* The comment line: "# wegwijs-waits k=K weeks=W collector=V". */
static int waits_comment(char *line, waits_table *t) {
  char weeks[32], collector[40];
  int end = 0;
  if (sscanf(line, "# wegwijs-waits k=%d weeks=%31s collector=%39s%n", &t->k, weeks, collector, &end) != 3 ||
      line[end] || t->k < 2 || t->k > 1000000 || !waits_weeks_valid(weeks) || strlen(collector) >= sizeof t->collector)
    return -1;
  snprintf(t->weeks, sizeof t->weeks, "%.23s", weeks);
  snprintf(t->collector, sizeof t->collector, "%.31s", collector);
  return 0;
}

/* One data row; returns NULL or what is wrong with it. */
static const char *waits_row_parse(char *line, waits_table *t) {
  char *field[12];
  int nf = 0;
  for (char *p = line;; p++) {
    if (nf == 12) return "too many fields (want 11, tab-separated)";
    field[nf++] = p;
    p = strchr(p, '\t');
    if (!p) break;
    *p = 0;
  }
  if (nf != 11) return "want 11 tab-separated fields";
  if (t->row_count == WAITS_MAX_ROWS) return "too many rows";
  waits_row *r = &t->rows[t->row_count];
  memset(r, 0, sizeof *r);
  if (!pack_name_valid(field[0])) return "the group must be a safe name (a-z, 0-9, '-', '_')";
  snprintf(r->group, sizeof r->group, "%s", field[0]);
  if ((r->kind = waits_kind(field[1])) < 0) return "waiting_for must be ind, koppeling, house, family or course";
  if (waits_find(t, r->group, r->kind)) return "this group and waiting_for appear twice";
  long n = waits_number(field[2], 100000000);
  if (n < 0) return "n must be a whole number";
  if (n < t->k) return "n is under k: a group with fewer than k answers must not be written";
  r->n = (int)n;
  int sum = 0;
  for (int b = 0; b < WAITS_BUCKETS; b++) {
    long s = waits_number(field[3 + b], 100);
    if (s < 0) return "a share must be a whole percent 0..100";
    r->share[b] = (int)s;
    sum += (int)s;
  }
  if (sum != 100) return "the shares must add up to 100";
  if ((r->median = waits_bucket(field[9])) < 0) return "median must be one of the bucket codes";
  if (r->share[r->median] == 0) return "the median bucket has a share of 0";
  if (strcmp(field[10], t->weeks)) return "weeks must be the weeks of the comment line";
  snprintf(r->weeks, sizeof r->weeks, "%s", field[10]);
  t->row_count++;
  return NULL;
}

int waits_parse(const char *text, size_t len, const char *name, waits_table *t, char *err, size_t errlen) {
  memset(t, 0, sizeof *t);
  if (len > 1 << 20) return util_error(err, errlen, "%s: larger than 1 MiB", name);
  if (!pack_utf8_valid(text, len) || memchr(text, 0, len)) return util_error(err, errlen, "%s: not UTF-8 text", name);
  char *copy = util_strndup(text, len), *line = copy, *next;
  int lineno = 0, rc = -1;
  const char *problem = NULL;
  for (; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = 0;
    lineno++;
    size_t l = strlen(line);
    if (l && line[l - 1] == '\r') line[l - 1] = 0;
    if (lineno == 1) { if (waits_comment(line, t)) problem = "want '# wegwijs-waits k=K weeks=YYYY-Www..YYYY-Www collector=VERSION'"; }
    else if (lineno == 2) { if (strcmp(line, waits_header())) problem = "want the header line (see wegwijs-collect(1))"; }
    else if (!*line) problem = "empty line";
    else problem = waits_row_parse(line, t);
    if (problem) { util_error(err, errlen, "%s:%d: %s", name, lineno, problem); goto done; }
  }
  if (lineno < 2) { util_error(err, errlen, "%s:%d: the comment line and the header are missing", name, lineno + 1); goto done; }
  rc = 0;
done:
  free(copy);
  return rc;
}

const waits_row *waits_find(const waits_table *t, const char *group, int kind) {
  for (int i = 0; i < t->row_count; i++)
    if (t->rows[i].kind == kind && !strcmp(t->rows[i].group, group)) return &t->rows[i];
  return NULL;
}

int waits_map_parse(const char *text, int (*fn)(void *ctx, const char *page, int kind), void *ctx,
                    char *err, size_t errlen) {
  char part[160];
  for (const char *s = text; *s;) {
    const char *comma = strchr(s, ',');
    size_t n = comma ? (size_t)(comma - s) : strlen(s);
    if (n >= sizeof part) return util_error(err, errlen, "typical_wait_pages: a part is too long");
    memcpy(part, s, n);
    part[n] = 0;
    char *eq = strchr(part, '=');
    if (!eq) return util_error(err, errlen, "typical_wait_pages: want 'page=kind', got '%.60s'", part);
    *eq = 0;
    int kind = waits_kind(eq + 1);
    if (!pack_name_valid(part) || kind < 0)
      return util_error(err, errlen, "typical_wait_pages: '%.60s=%.20s' is not a page and a wait kind", part, eq + 1);
    if (fn(ctx, part, kind)) return util_error(err, errlen, "typical_wait_pages: page '%.60s' refused", part);
    s = comma ? comma + 1 : s + n;
    if (*s == ' ') s++;
  }
  return 0;
}
