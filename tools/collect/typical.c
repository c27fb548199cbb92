/* typical.c — the typical-waits table for the kiosks (typical.h). */
#include "typical.h"
#include "suppress.h"
#include "pack/pack.h"   /* pack_name_valid */
#include "util/util.h"
#include <sodium.h>   /* crypto_generichash */
#include <string.h>   /* strcmp */

#define T_ROW(g, f) ((size_t)(g) * WAITS_KINDS + (size_t)(f))
#define T_CELL(g, f, b) (T_ROW(g, f) * WAITS_BUCKETS + (size_t)(b))

/* ---- suppression -------------------------------------------------------------------- */

/* The relations a reader knows, over the cells of the table (see typical_suppress).
 * Totals known from elsewhere (a group's answers per bucket over all kinds, its answers
 * over all kinds) are constants, so they drop out: only the cells stay in the relation. */
static void typical_relations(suppress_table *t, const int *cell, const int *ncell, int groups) {
  int cells[TYPICAL_MAX_GROUPS + WAITS_BUCKETS + 3];
  double coef[TYPICAL_MAX_GROUPS + WAITS_BUCKETS + 3];
  int m;
#define T_TERM(c, k) do { if ((c) >= 0) { cells[m] = (c); coef[m++] = (k); } } while (0)
  for (int g = 0; g < groups; g++) {
    if (ncell[T_ROW(g, 0)] < 0) continue;   /* a group nobody in answered has no cells */
    for (int f = 0; f < WAITS_KINDS; f++) {   /* a row's buckets add up to its n */
      m = 0;
      for (int b = 0; b < WAITS_BUCKETS; b++) T_TERM(cell[T_CELL(g, f, b)], 1);
      T_TERM(ncell[T_ROW(g, f)], -1);
      suppress_add_relation(t, cells, coef, m);
    }
    for (int b = 0; b <= WAITS_BUCKETS; b++) {   /* per bucket (and n) over all kinds: known */
      m = 0;
      for (int f = 0; f < WAITS_KINDS; f++) T_TERM(b < WAITS_BUCKETS ? cell[T_CELL(g, f, b)] : ncell[T_ROW(g, f)], 1);
      suppress_add_relation(t, cells, coef, m);
    }
  }
  if (groups == 1) return;
  for (int f = 0; f < WAITS_KINDS; f++)   /* "all" is the sum of the other groups */
    for (int b = 0; b <= WAITS_BUCKETS; b++) {
      m = 0;
      for (int g = 0; g < groups; g++) T_TERM(b < WAITS_BUCKETS ? cell[T_CELL(g, f, b)] : ncell[T_ROW(g, f)], g == 0 ? 1 : -1);
      suppress_add_relation(t, cells, coef, m);
    }
#undef T_TERM
}

int typical_suppress(const int64_t *counts, int named, int has_rest, int k, char *written) {
  int groups = 1 + named + (has_rest ? 1 : 0), rc = -1;
  expect(named >= 0 && groups <= TYPICAL_MAX_GROUPS + 2);
  suppress_table *t = suppress_new();
  int *cell = util_malloc(sizeof(int) * (size_t)groups * WAITS_KINDS * WAITS_BUCKETS);
  int *ncell = util_malloc(sizeof(int) * (size_t)groups * WAITS_KINDS);
  for (int g = 0; g < groups; g++) {
    int64_t total = 0;
    for (int i = 0; i < WAITS_KINDS * WAITS_BUCKETS; i++) total += counts[T_CELL(g, 0, 0) + (size_t)i];
    for (int f = 0; f < WAITS_KINDS; f++) {
      int64_t n = 0;
      for (int b = 0; b < WAITS_BUCKETS; b++) n += counts[T_CELL(g, f, b)];
      if (total == 0) {   /* nobody there answered: no respondent to protect, nothing to publish */
        for (int b = 0; b < WAITS_BUCKETS; b++) cell[T_CELL(g, f, b)] = -1;
        ncell[T_ROW(g, f)] = -1;
        continue;
      }
      /* Every cell of a row rests on the row's n: a row under k is hidden whole. The
       * rest group is never written (group 0). Small rows are the cheapest complements. */
      int64_t group = has_rest && g == groups - 1 ? 0 : n;
      for (int b = 0; b < WAITS_BUCKETS; b++)
        cell[T_CELL(g, f, b)] = suppress_add_cell(t, counts[T_CELL(g, f, b)], group, group, (double)n + (g == 0 ? 1e4 : 0));
      ncell[T_ROW(g, f)] = suppress_add_cell(t, n, group, group, 1e7 + (double)n);
    }
  }
  typical_relations(t, cell, ncell, groups);
  if (suppress_run(t, k) < 0) goto done;
  /* A row is written whole or not at all: hide every cell of a row with a hidden cell,
   * then check again that nothing hidden can be derived (hiding more never reveals). */
  for (int g = 0; g < groups; g++)
    for (int f = 0; f < WAITS_KINDS; f++) {
      if (ncell[T_ROW(g, f)] < 0) { if (g < 1 + named) written[T_ROW(g, f)] = 0; continue; }
      int hidden = suppress_is_hidden(t, ncell[T_ROW(g, f)]) || (has_rest && g == groups - 1);
      for (int b = 0; b < WAITS_BUCKETS; b++) hidden |= suppress_is_hidden(t, cell[T_CELL(g, f, b)]);
      if (hidden) {
        suppress_hide(t, ncell[T_ROW(g, f)]);
        for (int b = 0; b < WAITS_BUCKETS; b++) suppress_hide(t, cell[T_CELL(g, f, b)]);
      }
      if (g < 1 + named) written[T_ROW(g, f)] = !hidden;
    }
  if (suppress_find_derivable(t) != -1) goto done;
  rc = 0;
done:
  free(cell);
  free(ncell);
  suppress_free(t);
  return rc;
}

/* ---- reading and writing ------------------------------------------------------------ */

int typical_group_parse(const char *arg, typical_group *g, char *err, size_t errlen) {
  memset(g, 0, sizeof *g);
  const char *eq = strchr(arg, '=');
  if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof g->name || !eq[1])
    return util_error(err, errlen, "--site-group wants NAME=site1,site2, got '%s'", arg);
  memcpy(g->name, arg, (size_t)(eq - arg));
  if (!pack_name_valid(g->name) || !strcmp(g->name, "all"))
    return util_error(err, errlen, "--site-group: '%s' is not a safe group name (a-z, 0-9, '-', '_'; not 'all')", g->name);
  for (const char *s = eq + 1; *s;) {
    size_t n = strcspn(s, ",");
    if (n == 0) { typical_group_free(g); return util_error(err, errlen, "--site-group %s: an empty site name", g->name); }
    g->sites = util_realloc(g->sites, sizeof(char *) * (size_t)(g->site_count + 1));
    g->sites[g->site_count++] = util_strndup(s, n);
    s += n + (s[n] == ',');
  }
  return 0;
}

void typical_group_free(typical_group *g) {
  for (int i = 0; i < g->site_count; i++) free(g->sites[i]);
  free(g->sites);
  memset(g, 0, sizeof *g);
}

/* The named group of a site (1..), or 0 when in none. */
static int typical_group_of(const typical_group *groups, int count, const char *site) {
  for (int g = 0; g < count; g++)
    for (int i = 0; i < groups[g].site_count; i++)
      if (!strcmp(groups[g].sites[i], site)) return g + 1;
  return 0;
}

static int typical_period_listed(char *const *periods, int count, const char *period) {
  int lo = 0, hi = count;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2, c = strcmp(periods[mid], period);
    if (c == 0) return 1;
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  return 0;
}

/* The settings a window is kept with: the export's, and a hash of the groups. */
static void typical_settings(const char *settings, const typical_group *groups, int count, char *out, size_t cap) {
  crypto_generichash_state st;
  unsigned char h[8];
  crypto_generichash_init(&st, NULL, 0, sizeof h);
  for (int g = 0; g < count; g++) {
    crypto_generichash_update(&st, (const unsigned char *)groups[g].name, strlen(groups[g].name) + 1);
    for (int i = 0; i < groups[g].site_count; i++)
      crypto_generichash_update(&st, (const unsigned char *)groups[g].sites[i], strlen(groups[g].sites[i]) + 1);
    crypto_generichash_update(&st, (const unsigned char *)"", 1);
  }
  crypto_generichash_final(&st, h, sizeof h);
  size_t at = (size_t)snprintf(out, cap, "%s groups=", settings);
  for (size_t i = 0; i < sizeof h && at + 3 <= cap; i++) at += (size_t)snprintf(out + at, cap - at, "%02x", h[i]);
}

/* Picks the window: [*from, *to) in periods. 1 when it is new (to be entered in
 * waits_window), 0 when it is the last window again, -1 with err set. */
static int typical_window(db *d, const char *settings, char *const *periods, int count, int *from, int *to,
                          char *err, size_t errlen) {
  db_rows *r = db_query(d, "SELECT first_period, last_period, settings FROM waits_window ORDER BY last_period DESC LIMIT 1",
                        NULL, 0, err, errlen);
  if (!r) return -1;
  int rc = db_next(r), fresh = 1;
  char first[32] = "", last[32] = "", kept[160] = "";
  if (rc == 1) {
    snprintf(first, sizeof first, "%s", db_col_text(r, 0));
    snprintf(last, sizeof last, "%s", db_col_text(r, 1));
    snprintf(kept, sizeof kept, "%s", db_col_text(r, 2));
  }
  db_rows_free(r);
  if (rc < 0) return util_error(err, errlen, "reading the typical-waits windows failed");
  *from = 0;
  while (last[0] && *from < count && strcmp(periods[*from], last) <= 0) (*from)++;
  *to = count;
  if (*from == count && last[0]) {   /* nothing new: the last window again */
    fresh = 0;
    for (*from = 0; *from < count && strcmp(periods[*from], first) < 0; (*from)++) {}
    for (*to = *from; *to < count && strcmp(periods[*to], last) <= 0; (*to)++) {}
    if (strcmp(kept, settings))
      return util_error(err, errlen, "--waits: the last table (%s..%s) was written with %s, not %s: the same answers"
                        " must not be published in two ways (no newer closed week yet)", first, last, kept, settings);
  }
  if (*from == *to) return util_error(err, errlen, "--waits: no closed week to cover");
  return fresh;
}

/* Counts per group × kind × bucket; *has_rest when a site outside the named groups
 * answered. first/last get the weeks covered ("YYYY-Www"). 0 or -1. */
static int typical_count(db *d, int include_rapid, char *const *periods, int period_count, const typical_group *groups,
                         int group_count, int64_t *counts, int *has_rest, char first[9], char last[9], char *err, size_t errlen) {
  db_param p[] = { db_int(include_rapid) };
  db_rows *r = db_query(d, "SELECT r.period, r.site, f.code, t.code, count(*) FROM response r"
                           " JOIN answer f ON f.response_id = r.response_id AND f.question = 'waiting_for'"
                           " JOIN answer t ON t.response_id = r.response_id AND t.question = 'waiting_time'"
                           " WHERE r.rapid <= $1 GROUP BY r.period, r.site, f.code, t.code", p, 1, err, errlen);
  if (!r) return -1;
  int rc, rest = 1 + group_count;
  *has_rest = 0;
  first[0] = last[0] = 0;
  while ((rc = db_next(r)) == 1) {
    const char *period = db_col_text(r, 0);
    int kind = waits_kind(db_col_text(r, 2)), bucket = waits_bucket(db_col_text(r, 3));
    if (kind < 0 || bucket < 0 || !typical_period_listed(periods, period_count, period)) continue;
    int64_t v = db_col_int(r, 4);
    int g = typical_group_of(groups, group_count, db_col_text(r, 1));
    if (g == 0 && group_count > 0) { g = rest; *has_rest = 1; }
    counts[T_CELL(0, kind, bucket)] += v;
    if (g > 0) counts[T_CELL(g, kind, bucket)] += v;
    char week[9];
    snprintf(week, sizeof week, "%.8s", period);   /* "YYYY-Www" of a late period too */
    if (!first[0] || strcmp(week, first) < 0) memcpy(first, week, 9);
    if (!last[0] || strcmp(week, last) > 0) memcpy(last, week, 9);
  }
  db_rows_free(r);
  return rc < 0 ? util_error(err, errlen, "reading the waiting answers failed") : 0;
}

/* One row: n, whole percents adding up to 100 (largest remainder), the median bucket. */
static void typical_row(char *out, size_t cap, const char *group, int kind, const int64_t *c, const char *weeks) {
  int64_t n = 0, cum = 0;
  for (int b = 0; b < WAITS_BUCKETS; b++) n += c[b];
  int share[WAITS_BUCKETS], sum = 0, median = -1;
  for (int b = 0; b < WAITS_BUCKETS; b++) { share[b] = (int)(c[b] * 100 / n); sum += share[b]; }
  while (sum < 100) {   /* the bucket that lost the most to rounding down gets a point */
    int best = -1;
    int64_t best_rest = -1;
    for (int b = 0; b < WAITS_BUCKETS; b++) {
      int64_t rest = c[b] * 100 - (int64_t)share[b] * n;
      if (rest > best_rest) { best_rest = rest; best = b; }
    }
    share[best]++;
    sum++;
  }
  for (int b = 0; b < WAITS_BUCKETS && median < 0; b++) { cum += c[b]; if (cum * 2 >= n) median = b; }
  size_t at = (size_t)snprintf(out, cap, "%s\t%s\t%lld", group, waits_kind_code(kind), (long long)n);
  for (int b = 0; b < WAITS_BUCKETS; b++) at += (size_t)snprintf(out + at, cap - at, "\t%d", share[b]);
  snprintf(out + at, cap - at, "\t%s\t%s\n", waits_bucket_code(median), weeks);
}

int typical_export(db *d, int k, int include_rapid, const char *settings, char *const *periods, int period_count,
                   const typical_group *groups, int group_count, const char *path, char *err, size_t errlen) {
  if (group_count > TYPICAL_MAX_GROUPS) return util_error(err, errlen, "at most %d --site-group", TYPICAL_MAX_GROUPS);
  for (int g = 0; g < group_count; g++)
    for (int i = 0; i < groups[g].site_count; i++)
      if (typical_group_of(groups, g, groups[g].sites[i]))
        return util_error(err, errlen, "--site-group: site %s is in two groups (groups must not overlap)", groups[g].sites[i]);
  int rows = 2 + group_count, has_rest, rc = -1;
  int64_t *counts = util_calloc((size_t)rows * WAITS_KINDS * WAITS_BUCKETS, sizeof(int64_t));
  char *written = util_calloc((size_t)rows * WAITS_KINDS, 1), first[9], last[9], weeks[24];
  char *text = util_malloc(64 + (size_t)rows * WAITS_KINDS * 160), kept[160];
  int from = 0, to = 0, fresh;
  typical_settings(settings, groups, group_count, kept, sizeof kept);
  if ((fresh = typical_window(d, kept, periods, period_count, &from, &to, err, errlen)) < 0 ||
      typical_count(d, include_rapid, periods + from, to - from, groups, group_count, counts, &has_rest, first, last,
                    err, errlen)) goto done;
  if (!first[0]) { util_error(err, errlen, "--waits: no waiting_for and waiting_time answers in the published weeks"); goto done; }
  if (typical_suppress(counts, group_count, has_rest, k, written)) { util_error(err, errlen, "--waits: suppression failed"); goto done; }
  snprintf(weeks, sizeof weeks, "%s..%s", first, last);
  size_t at = (size_t)sprintf(text, "# wegwijs-waits k=%d weeks=%s collector=%s\n%s\n", k, weeks, WEGWIJS_VERSION, waits_header());
  int count = 0;
  for (int g = 0; g <= group_count; g++)
    for (int f = 0; f < WAITS_KINDS; f++) {
      if (!written[T_ROW(g, f)]) continue;
      typical_row(text + at, 160, g ? groups[g - 1].name : "all", f, &counts[T_CELL(g, f, 0)], weeks);
      printf("export: waits %s", text + at);
      at += strlen(text + at);
      count++;
    }
  /* What the pack tool will accept, checked before it is written. */
  waits_table *t = util_malloc(sizeof *t);
  int bad = waits_parse(text, at, path, t, err, errlen);
  free(t);
  if (bad || util_write_file_atomic(path, text, at, err, errlen)) goto done;
  db_param p[] = { db_text(periods[to - 1]), db_text(periods[from]), db_text(kept) };
  if (fresh && db_exec(d, "INSERT INTO waits_window(last_period, first_period, settings) VALUES($1, $2, $3)", p, 3,
                       err, errlen) < 0) goto done;
  printf("export: waits %d rows written (k = %d, weeks %s%s) -> %s\n", count, k, weeks,
         fresh ? "" : ", the last window again", path);
  rc = 0;
done:
  free(counts);
  free(written);
  free(text);
  return rc;
}
