/* export.c — `wegwijs-collect export`: per area × period, counts per answer for every
 * question, with primary and secondary suppression (suppress.h), as CSV + a Frictionless
 * Data datapackage.json codebook + SVG charts + one HTML page.
 *
 * Periods: an ISO week, or "WEEK-late" for records opened after their week was
 * published (open.h). A period is published only once closed — its Sunday at least
 * --publish-after days (default 7) before today — and then entered in the publication
 * ledger (table published), so it is published again, unchanged, by every later
 * export; records arriving later go to a late period, itself closed and k-protected.
 * The ledger also keeps the settings (k, rapid, regions) and refuses others, so two
 * exports never differ in a published cell (README.md, "Publication policy").
 *
 * Areas: a site with at least k responses in a period is its own row that period;
 * smaller sites are merged into their region's row (--regions FILE: "site<TAB>region"
 * lines; unknown sites go to region "overig"). Per question and period, a total row
 * over all areas. A row whose question has fewer than k respondents publishes nothing,
 * zeros included. There is no total over all periods (it would change with every new
 * period). Everything published is one linear system per question, and no hidden cell
 * can be solved from it. Exports read only response/answer: no record id, kiosk id,
 * epoch or sequence number exists there. */
#include "args.h"
#include "collect.h"
#include "chart.h"
#include "fleet.h"
#include "ingest.h"
#include "codebook.h"
#include "suppress.h"
#include "typical.h"
#include "util/util.h"
#include <stdarg.h>   /* va_list */
#include <stdlib.h>   /* atoi */
#include <string.h>   /* strcmp */
#include <sodium.h>   /* crypto_generichash */
#include <time.h>     /* timegm */
#include <unistd.h>   /* access */

#define EXPORT_QUESTIONNAIRE "content/checkin/questionnaire.md"
#define EXPORT_PO_EN "content/po/en.po"
#define EXPORT_OTHER_REGION "overig"

/* A growing list of unique strings (periods, sites, areas); binary search once sorted. */
typedef struct { char **items; int count, cap, sorted; } export_names;

static int export_name_index(export_names *n, const char *s, int add) {
  if (n->sorted) {
    int lo = 0, hi = n->count;
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2, c = strcmp(n->items[mid], s);
      if (c == 0) return mid;
      if (c < 0) lo = mid + 1; else hi = mid;
    }
    expect(!add);   /* sorted lists are complete */
    return -1;
  }
  for (int i = 0; i < n->count; i++) if (!strcmp(n->items[i], s)) return i;
  if (!add) return -1;
  if (n->count == n->cap) {
    n->cap = n->cap ? n->cap * 2 : 32;
    n->items = util_realloc(n->items, sizeof(char *) * (size_t)n->cap);
  }
  n->items[n->count] = util_strdup(s);
  return n->count++;
}

static int export_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static void export_names_sort(export_names *n) {
  if (n->count) qsort(n->items, (size_t)n->count, sizeof(char *), export_cmp);
  n->sorted = 1;
}
static void export_names_free(export_names *n) {
  for (int i = 0; i < n->count; i++) free(n->items[i]);
  free(n->items);
  memset(n, 0, sizeof *n);
}

/* Text buffer for CSV, JSON and HTML. */
typedef struct { char *p; size_t len, cap; } export_buf;

static void export_put(export_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void export_put(export_buf *b, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    expect(n >= 0);
    if (b->p && b->len + (size_t)n < b->cap) { b->len += (size_t)n; return; }
    b->cap = (b->cap + (size_t)n + 1) * 2;
    b->p = util_realloc(b->p, b->cap);
  }
}

/* JSON / HTML string escaping (both only need these). */
static void export_put_escaped(export_buf *b, const char *s, int html) {
  for (; *s; s++) {
    if (html && *s == '<') export_put(b, "&lt;");
    else if (html && *s == '>') export_put(b, "&gt;");
    else if (html && *s == '&') export_put(b, "&amp;");
    else if (!html && (*s == '"' || *s == '\\')) export_put(b, "\\%c", *s);
    else if (!html && (unsigned char)*s < 0x20) export_put(b, "\\u%04x", *s);
    else export_put(b, "%c", *s);
  }
}

static int export_write(const char *dir, const char *name, export_buf *b, char *err, size_t errlen) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return util_write_file_atomic(path, b->p ? b->p : "", b->len, err, errlen);
}

/* ---- the data of one export ----------------------------------------------------- */

typedef struct {
  int k;
  const codebook *cb;
  export_names weeks, sites, areas;
  int *site_region;       /* per site: index of its region area */
  int *area_is_region;    /* per area */
  int64_t *responses;     /* [week][site]: all responses that week */
  int *row_area;          /* [week][site]: the area the site is counted in, -1 if none */
  char *row_exists;       /* [week][area] */
  int include_rapid;
  const char *today;      /* YYYY-MM-DD */
  int publish_after;      /* days after a week's Sunday before it is published */
  export_names ledger;    /* periods published before (sorted) */
  char settings[96];      /* k, rapid and regions hash: must match the ledger's */
} export_data;

/* Per question: counts and the suppression table indexes. T = weeks (total) / areas. */
typedef struct {
  const codebook_question *q;
  int64_t *count;         /* [(week*(A+1) + area)*C + code]; area A = all areas, week W = all weeks */
  int64_t *n, *sum;       /* [week*(A+1) + area] */
  int *cell_count, *cell_n, *cell_sum;
  suppress_table *t;
  int hidden, primary;
} export_question;

#define EX_ROW(d, w, a) ((size_t)(w) * (size_t)((d)->areas.count + 1) + (size_t)(a))

/* Reads the site → region map into parallel arrays (site i maps to region i). */
static int export_regions(const char *path, char ***sites, char ***regions, int *count,
                          char *err, size_t errlen) {
  *sites = *regions = NULL;
  *count = 0;
  if (!path) return 0;
  size_t len;
  char *text = util_read_file(path, 1 << 20, &len, err, errlen);
  if (!text) return -1;
  int lineno = 0;
  for (char *line = text, *next; line; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = 0;
    lineno++;
    if (!*line || *line == '#') continue;
    char *tab = strchr(line, '\t');
    if (!tab || !tab[1]) {
      util_error(err, errlen, "%s:%d: want 'site<TAB>region'", path, lineno);
      free(text);
      return -1;
    }
    *tab = 0;
    char *region = tab + 1;
    size_t rl = strlen(region);
    if (rl && region[rl - 1] == '\r') region[rl - 1] = 0;
    *sites = util_realloc(*sites, sizeof(char *) * (size_t)(*count + 1));
    *regions = util_realloc(*regions, sizeof(char *) * (size_t)(*count + 1));
    (*sites)[*count] = util_strdup(line);
    (*regions)[*count] = util_strdup(region);
    (*count)++;
  }
  free(text);
  return 0;
}

/* 1 when period ("YYYY-Www" or "YYYY-Www-late") is closed on today: its Sunday lies at
 * least after_days days before today. 0 when not, -1 when it is no period. */
static int export_period_closed(const char *period, const char *today, int after_days) {
  int year, week, y, m, dd;
  char rest[8] = "";
  if (sscanf(period, "%4d-W%2d%7s", &year, &week, rest) < 2 || (rest[0] && strcmp(rest, "-late")) ||
      week < 1 || week > 53 || sscanf(today, "%4d-%2d-%2d", &y, &m, &dd) != 3) return -1;
  struct tm jan4 = { 0 }, now = { 0 };
  jan4.tm_year = year - 1900; jan4.tm_mon = 0; jan4.tm_mday = 4; jan4.tm_hour = 12;
  time_t t4 = timegm(&jan4);
  struct tm j4;
  gmtime_r(&t4, &j4);
  int weekday = (j4.tm_wday + 6) % 7;   /* Monday 0 */
  time_t sunday = t4 + (time_t)((week - 1) * 7 - weekday + 6) * 86400;
  now.tm_year = y - 1900; now.tm_mon = m - 1; now.tm_mday = dd; now.tm_hour = 12;
  return timegm(&now) - sunday >= (time_t)after_days * 86400 + 86400 ? 1 : 0;
}

/* Loads the publication ledger; refuses when it was written with other settings.
 * 0 or -1 with err set. */
static int export_ledger_load(db *d, export_data *x, char *err, size_t errlen) {
  db_rows *r = db_query(d, "SELECT period, settings FROM published", NULL, 0, err, errlen);
  if (!r) return -1;
  int rc;
  while ((rc = db_next(r)) == 1) {
    if (strcmp(db_col_text(r, 1), x->settings)) {
      util_error(err, errlen, "period %s was published with %s, not %s: a later export must use the same k,"
                 " rapid and regions (or two exports could be compared cell by cell)", db_col_text(r, 0),
                 db_col_text(r, 1), x->settings);
      db_rows_free(r);
      return -1;
    }
    export_name_index(&x->ledger, db_col_text(r, 0), 1);
  }
  db_rows_free(r);
  if (rc < 0) return util_error(err, errlen, "reading the publication ledger failed");
  export_names_sort(&x->ledger);
  return 0;
}

/* Enters every period of this export in the ledger (after its files are written). */
static int export_ledger_add(db *d, const export_data *x, char *err, size_t errlen) {
  if (db_begin(d, err, errlen) != 0) return -1;
  for (int w = 0; w < x->weeks.count; w++) {
    db_param p[] = { db_text(x->weeks.items[w]), db_text(x->today), db_text(x->settings) };
    if (db_exec(d, "INSERT INTO published(period, first_day, settings) VALUES($1, $2, $3) ON CONFLICT DO NOTHING",
                p, 3, err, errlen) < 0) { db_rollback(d); return -1; }
  }
  return db_commit(d, err, errlen);
}

/* 1 when a period may be published now: in the ledger, or closed. */
static int export_period_allowed(export_data *x, const char *period) {
  return export_name_index(&x->ledger, period, 0) >= 0 || export_period_closed(period, x->today, x->publish_after) == 1;
}

/* Loads response counts per period × site and decides the areas. */
static int export_areas(db *d, export_data *x, char **map_s, char **map_r, int map_count,
                        char *err, size_t errlen) {
  db_param rapid[] = { db_int(x->include_rapid) };
  const char *sql = "SELECT period, site, count(*) FROM response WHERE rapid <= $1 GROUP BY period, site";
  db_rows *r = db_query(d, sql, rapid, 1, err, errlen);
  if (!r) return -1;
  int rc;
  while ((rc = db_next(r)) == 1) {
    if (!export_period_allowed(x, db_col_text(r, 0))) continue;
    export_name_index(&x->weeks, db_col_text(r, 0), 1);
    export_name_index(&x->sites, db_col_text(r, 1), 1);
  }
  db_rows_free(r);
  if (rc < 0) return util_error(err, errlen, "reading responses failed");
  export_names_sort(&x->weeks);
  export_names_sort(&x->sites);
  int W = x->weeks.count, S = x->sites.count;
  x->responses = util_calloc((size_t)(W * S + 1), sizeof *x->responses);
  r = db_query(d, sql, rapid, 1, err, errlen);
  if (!r) return -1;
  while ((rc = db_next(r)) == 1) {
    int w = export_name_index(&x->weeks, db_col_text(r, 0), 0);
    if (w >= 0) x->responses[w * S + export_name_index(&x->sites, db_col_text(r, 1), 0)] = db_col_int(r, 2);
  }
  db_rows_free(r);
  if (rc < 0) return util_error(err, errlen, "reading responses failed");
  /* Areas: every site that is ever big enough, then the regions. */
  for (int s = 0; s < S; s++)
    for (int w = 0; w < W; w++)
      if (x->responses[w * S + s] >= x->k) { export_name_index(&x->areas, x->sites.items[s], 1); break; }
  int sites_alone = x->areas.count;
  x->site_region = util_calloc((size_t)(S + 1), sizeof(int));
  for (int s = 0; s < S; s++) {
    const char *region = EXPORT_OTHER_REGION;
    for (int m = 0; m < map_count; m++) if (!strcmp(map_s[m], x->sites.items[s])) region = map_r[m];
    char name[96];
    snprintf(name, sizeof name, "regio %s", region);
    x->site_region[s] = export_name_index(&x->areas, name, 1);
  }
  int A = x->areas.count;
  x->area_is_region = util_calloc((size_t)A + 1, sizeof(int));
  for (int a = sites_alone; a < A; a++) x->area_is_region[a] = 1;
  x->row_area = util_calloc((size_t)(W * S + 1), sizeof(int));
  x->row_exists = util_calloc((size_t)(W * (A + 1) + 1), 1);
  for (int w = 0; w < W; w++)
    for (int s = 0; s < S; s++) {
      int64_t n = x->responses[w * S + s];
      int area = n >= x->k ? export_name_index(&x->areas, x->sites.items[s], 0) : x->site_region[s];
      x->row_area[w * S + s] = n > 0 ? area : -1;
      if (n > 0) x->row_exists[w * (A + 1) + area] = 1;
    }
  return 0;
}

/* Loads one question's counts and builds its suppression system. */
static int export_question_load(db *d, const export_data *x, export_question *eq, char *err, size_t errlen) {
  const codebook_question *q = eq->q;
  int W = x->weeks.count, A = x->areas.count, S = x->sites.count, C = q->answer_count;
  size_t rows = (size_t)(W + 1) * (size_t)(A + 1);
  eq->count = util_calloc(rows * (size_t)C, sizeof(int64_t));
  eq->n = util_calloc(rows, sizeof(int64_t));
  eq->sum = util_calloc(rows, sizeof(int64_t));
  db_param p[] = { db_text(q->id), db_int(x->include_rapid) };
  db_rows *r = db_query(d, "SELECT r.period, r.site, a.code, count(*) FROM answer a JOIN response r"
                           " ON r.response_id = a.response_id WHERE a.question = $1 AND r.rapid <= $2"
                           " GROUP BY r.period, r.site, a.code", p, 2, err, errlen);
  if (!r) return -1;
  int rc;
  while ((rc = db_next(r)) == 1) {
    int w = export_name_index((export_names *)&x->weeks, db_col_text(r, 0), 0);
    int s = export_name_index((export_names *)&x->sites, db_col_text(r, 1), 0);
    const char *code = db_col_text(r, 2);
    int c = -1;
    for (int i = 0; i < C; i++) if (!strcmp(q->answers[i].code, code)) c = i;
    if (w < 0 || s < 0 || c < 0) continue;   /* a code from another questionnaire version */
    int a = x->row_area[w * S + s];
    int64_t v = db_col_int(r, 3);
    eq->count[EX_ROW(x, w, a) * (size_t)C + (size_t)c] += v;
    if (q->numeric) eq->sum[EX_ROW(x, w, a)] += v * atoi(code);
  }
  db_rows_free(r);
  if (rc < 0) return util_error(err, errlen, "reading answers failed");
  r = db_query(d, "SELECT r.period, r.site, count(DISTINCT a.response_id) FROM answer a JOIN response r"
                  " ON r.response_id = a.response_id WHERE a.question = $1 AND r.rapid <= $2"
                  " GROUP BY r.period, r.site", p, 2, err, errlen);
  if (!r) return -1;
  while ((rc = db_next(r)) == 1) {
    int w = export_name_index((export_names *)&x->weeks, db_col_text(r, 0), 0);
    int s = export_name_index((export_names *)&x->sites, db_col_text(r, 1), 0);
    if (w >= 0 && s >= 0) eq->n[EX_ROW(x, w, x->row_area[w * S + s])] += db_col_int(r, 2);
  }
  db_rows_free(r);
  if (rc < 0) return util_error(err, errlen, "reading answers failed");
  /* Totals: area A = all areas of a week; week W = all weeks. */
  for (int w = 0; w < W; w++)
    for (int a = 0; a < A; a++) {
      size_t row = EX_ROW(x, w, a), wt = EX_ROW(x, w, A), at = EX_ROW(x, W, a), all = EX_ROW(x, W, A);
      eq->n[wt] += eq->n[row]; eq->sum[wt] += eq->sum[row];
      eq->n[at] += eq->n[row]; eq->sum[at] += eq->sum[row];
      eq->n[all] += eq->n[row]; eq->sum[all] += eq->sum[row];
      for (int c = 0; c < C; c++) {
        int64_t v = eq->count[row * (size_t)C + (size_t)c];
        eq->count[wt * (size_t)C + (size_t)c] += v;
        eq->count[at * (size_t)C + (size_t)c] += v;
        eq->count[all * (size_t)C + (size_t)c] += v;
      }
    }
  /* The published system. Rows over all periods (week W) are not published: they would
   * change with every new period, and two exports would tell the difference. Every
   * cell of a row rests on the row's n as its group: a row under k publishes nothing. */
  eq->t = suppress_new();
  eq->cell_count = util_malloc(sizeof(int) * rows * (size_t)C);
  eq->cell_n = util_malloc(sizeof(int) * rows);
  eq->cell_sum = util_malloc(sizeof(int) * rows);
  for (size_t i = 0; i < rows * (size_t)C; i++) eq->cell_count[i] = -1;
  for (size_t i = 0; i < rows; i++) eq->cell_n[i] = eq->cell_sum[i] = -1;
  for (int w = 0; w < W; w++)
    for (int a = 0; a <= A; a++) {
      if (a < A && !x->row_exists[w * (A + 1) + a]) continue;
      size_t row = EX_ROW(x, w, a);
      int total_row = w == W || a == A;
      for (int c = 0; c < C; c++) {
        int64_t v = eq->count[row * (size_t)C + (size_t)c];
        eq->cell_count[row * (size_t)C + (size_t)c] = suppress_add_cell(eq->t, v, v, eq->n[row],
                                                                        (double)v + (total_row ? 1e4 : 0));
      }
      eq->cell_n[row] = suppress_add_cell(eq->t, eq->n[row], eq->n[row], eq->n[row], 1e7 + (double)eq->n[row]);
      if (q->numeric)
        eq->cell_sum[row] = suppress_add_cell(eq->t, eq->sum[row], eq->n[row], eq->n[row], 1e6 + (double)eq->n[row]);
    }
  int *cells = util_malloc(sizeof(int) * (size_t)(A + W + C + 4));
  double *coef = util_malloc(sizeof(double) * (size_t)(A + W + C + 4));
  for (size_t row = 0; row < rows; row++) {
    if (eq->cell_n[row] < 0) continue;
    int m = 0;
    if (!q->multiple) {   /* each respondent gives one answer: the counts add up to n */
      for (int c = 0; c < C; c++) { cells[m] = eq->cell_count[row * (size_t)C + (size_t)c]; coef[m++] = 1; }
      cells[m] = eq->cell_n[row]; coef[m++] = -1;
      suppress_add_relation(eq->t, cells, coef, m);
    }
    if (q->numeric) {     /* the mean publishes sum(code * count) */
      m = 0;
      for (int c = 0; c < C; c++) { cells[m] = eq->cell_count[row * (size_t)C + (size_t)c]; coef[m++] = atoi(q->answers[c].code); }
      cells[m] = eq->cell_sum[row]; coef[m++] = -1;
      suppress_add_relation(eq->t, cells, coef, m);
    }
  }
  /* Column relations: areas add up to the period's total. */
  for (int kind = 0; kind < C + 2; kind++) {
    if (kind == C + 1 && !q->numeric) continue;
    for (int w = 0; w < W; w++) {
      int m = 0, parts = w < W ? A : W;
      for (int i = 0; i < parts; i++) {
        size_t row = w < W ? EX_ROW(x, w, i) : EX_ROW(x, i, A);
        int cell = kind < C ? eq->cell_count[row * (size_t)C + (size_t)kind] : kind == C ? eq->cell_n[row] : eq->cell_sum[row];
        if (cell >= 0) { cells[m] = cell; coef[m++] = 1; }
      }
      size_t total = w < W ? EX_ROW(x, w, A) : EX_ROW(x, W, A);
      cells[m] = kind < C ? eq->cell_count[total * (size_t)C + (size_t)kind] : kind == C ? eq->cell_n[total] : eq->cell_sum[total];
      coef[m++] = -1;
      suppress_add_relation(eq->t, cells, coef, m);
    }
  }
  free(cells);
  free(coef);
  eq->hidden = suppress_run(eq->t, x->k);
  if (eq->hidden < 0) return util_error(err, errlen, "question %s: suppression failed", q->id);
  for (int i = 0; i < suppress_cell_count(eq->t); i++) eq->primary += suppress_is_primary(eq->t, i);
  if (suppress_find_derivable(eq->t) != -1) return util_error(err, errlen, "question %s: a hidden cell stays derivable", q->id);
  return 0;
}

static void export_question_free(export_question *eq) {
  free(eq->count); free(eq->n); free(eq->sum);
  free(eq->cell_count); free(eq->cell_n); free(eq->cell_sum);
  suppress_free(eq->t);
}

/* Published value of a cell or NULL when hidden; buf holds the text. */
static const char *export_cell(const export_question *eq, int cell, int64_t v, char *buf, size_t cap) {
  if (cell < 0 || suppress_is_hidden(eq->t, cell)) return NULL;
  snprintf(buf, cap, "%lld", (long long)v);
  return buf;
}

/* The mean of a row, or NULL when the sum or n is hidden or n is 0. */
static const char *export_mean(const export_question *eq, size_t row, char *buf, size_t cap) {
  if (!eq->q->numeric || eq->n[row] == 0 || eq->cell_sum[row] < 0 || suppress_is_hidden(eq->t, eq->cell_sum[row]) ||
      suppress_is_hidden(eq->t, eq->cell_n[row])) return NULL;
  snprintf(buf, cap, "%.2f", (double)eq->sum[row] / (double)eq->n[row]);
  return buf;
}

static void export_csv(const export_data *x, const export_question *eq, export_buf *b) {
  const codebook_question *q = eq->q;
  int W = x->weeks.count, A = x->areas.count, C = q->answer_count;
  export_put(b, "week,area,area_type,n%s", q->numeric ? ",mean" : "");
  for (int c = 0; c < C; c++) export_put(b, ",%s", q->answers[c].code);
  export_put(b, "\n");
  for (int w = 0; w <= W; w++)
    for (int a = 0; a <= A; a++) {
      size_t row = EX_ROW(x, w, a);
      if (eq->cell_n[row] < 0) continue;
      char buf[32];
      const char *type = a == A ? "total" : x->area_is_region[a] ? "region" : "site";
      export_put(b, "%s,%s,%s,", w < W ? x->weeks.items[w] : "all", a < A ? x->areas.items[a] : "alle locaties", type);
      const char *v = export_cell(eq, eq->cell_n[row], eq->n[row], buf, sizeof buf);
      export_put(b, "%s", v ? v : "");
      if (q->numeric) { v = export_mean(eq, row, buf, sizeof buf); export_put(b, ",%s", v ? v : ""); }
      for (int c = 0; c < C; c++) {
        v = export_cell(eq, eq->cell_count[row * (size_t)C + (size_t)c], eq->count[row * (size_t)C + (size_t)c], buf, sizeof buf);
        export_put(b, ",%s", v ? v : "");
      }
      export_put(b, "\n");
    }
}

static void export_datapackage(const export_data *x, export_question *qs, int qn, export_buf *b) {
  export_put(b, "{\n  \"profile\": \"tabular-data-package\",\n  \"name\": \"wegwijs-checkins\",\n"
                "  \"title\": \"Wegwijs check-ins per locatie en ISO-week\",\n"
                "  \"description\": \"Anonymous kiosk check-ins in Dutch asylum reception centres, counted per area and"
                " period (ISO week). A row (area and period) where fewer than %d people answered a question publishes"
                " nothing for that question: no counts, no zeros, no n, no mean. Cells resting on fewer than %d responses"
                " are suppressed (primary), and further cells are suppressed (secondary) so that no suppressed cell can"
                " be computed from published row totals, period totals or the sums behind means. Sites with fewer than"
                " %d responses in a period are merged into their region row for that period. Check-ins flagged rapid"
                " are %s. No record id, kiosk id or sequence number is part of this export.\",\n", x->k, x->k, x->k,
             x->include_rapid ? "included" : "excluded");
  export_put(b, "  \"wegwijs\": {\"k\": %d, \"questionnaire_version\": %d, \"periods\": %d, \"areas\": %d,\n"
                "    \"suppression\": {\"primary\": \"every cell of a row with fewer than k respondents (zeros included),"
                " and every count, total or mean resting on 1..k-1 responses\", \"secondary\": \"complementary cells"
                " until no suppressed cell is determined by the published linear relations (checked by elimination)\","
                " \"suppressed_value\": \"empty field\"},\n"
                "    \"publication\": {\"published_after_days\": %d, \"policy\": \"A week is published only once it"
                " is closed (its Sunday at least published_after_days days back). Every published period is kept in"
                " the collector's publication ledger and published unchanged by every later export, with the same k,"
                " rapid setting and regions. Check-ins that reach the collector after their week was published are"
                " never added to it: they are counted in the period WEEK-late of the week they arrived in, which is"
                " itself published only when closed and under the same k rules. So no published cell ever changes"
                " between two exports.\", \"settings\": \"%s\"}},\n",
             x->k, x->cb->version, x->weeks.count, x->areas.count, x->publish_after, x->settings);
  export_put(b, "  \"resources\": [\n");
  for (int i = 0; i < qn; i++) {
    const codebook_question *q = qs[i].q;
    export_put(b, "    {\"name\": \"%s\", \"path\": \"%s.csv\", \"profile\": \"tabular-data-resource\","
                  " \"format\": \"csv\", \"encoding\": \"utf-8\",\n      \"title\": \"", q->id, q->id);
    export_put_escaped(b, q->text_nl, 0);
    export_put(b, "\",\n      \"description\": \"");
    export_put_escaped(b, q->text_en && *q->text_en ? q->text_en : "(no English translation in the content yet)", 0);
    export_put(b, "\",\n      \"wegwijs\": {\"type\": \"%s\", \"cells\": %d, \"suppressed_primary\": %d,"
                  " \"suppressed_total\": %d},\n", q->multiple ? "multiple" : "single",
               suppress_cell_count(qs[i].t), qs[i].primary, qs[i].hidden);
    export_put(b, "      \"schema\": {\"missingValues\": [\"\"], \"fields\": [\n"
                  "        {\"name\": \"week\", \"type\": \"string\", \"description\": \"period: ISO 8601 week (YYYY-Www), or YYYY-Www-late for check-ins that arrived in that week after their own week was published\"},\n"
                  "        {\"name\": \"area\", \"type\": \"string\", \"description\": \"site code, 'regio NAME', or 'alle locaties'\"},\n"
                  "        {\"name\": \"area_type\", \"type\": \"string\", \"constraints\": {\"enum\": [\"site\", \"region\", \"total\"]}},\n"
                  "        {\"name\": \"n\", \"type\": \"integer\", \"description\": \"responses that answered this question\"}");
    if (q->numeric)
      export_put(b, ",\n        {\"name\": \"mean\", \"type\": \"number\", \"description\": \"mean answer code (%s..%s)\"}",
                 q->answers[0].code, q->answers[q->answer_count - 1].code);
    for (int c = 0; c < q->answer_count; c++) {
      export_put(b, ",\n        {\"name\": \"%s\", \"type\": \"integer\", \"title\": \"", q->answers[c].code);
      export_put_escaped(b, q->answers[c].label_nl, 0);
      export_put(b, "\", \"description\": \"");
      export_put_escaped(b, *q->answers[c].label_en ? q->answers[c].label_en : "(no English translation)", 0);
      export_put(b, "\", \"wegwijs\": {\"label_nl\": \"");
      export_put_escaped(b, q->answers[c].label_nl, 0);
      export_put(b, "\", \"label_en\": \"");
      export_put_escaped(b, q->answers[c].label_en, 0);
      export_put(b, "\"}}");
    }
    export_put(b, "\n      ]}}%s\n", i + 1 < qn ? "," : "");
  }
  export_put(b, "  ]\n}\n");
}

/* ---- charts ------------------------------------------------------------------------ */

static const export_question *export_find(const export_question *qs, int qn, const char *id) {
  for (int i = 0; i < qn; i++) if (!strcmp(qs[i].q->id, id)) return &qs[i];
  return NULL;
}

/* Mood (the first numeric question) per area over the weeks: published means only. */
static int export_chart_mood(const export_data *x, const export_question *eq, export_buf *b) {
  int W = x->weeks.count, A = x->areas.count;
  chart_series *series = util_calloc((size_t)A + 1, sizeof *series);
  double *values = util_calloc((size_t)((A + 1) * W + 1), sizeof(double));
  int count = 0;
  for (int a = 0; a <= A; a++) {
    chart_series *s = &series[count];
    s->name = a < A ? x->areas.items[a] : "alle locaties";
    s->values = values + (size_t)a * (size_t)W;
    s->emphasis = a == A;
    int any = 0;
    for (int w = 0; w < W; w++) {
      char buf[32];
      size_t row = EX_ROW(x, w, a);
      const char *m = eq->cell_n[row] >= 0 ? export_mean(eq, row, buf, sizeof buf) : NULL;
      s->values[w] = m ? atof(m) : CHART_MISSING;
      any |= m != NULL;
    }
    if (any) count++;
  }
  char title[256];
  snprintf(title, sizeof title, "%s — gemiddelde per week (1 = %s, %d = %s)", eq->q->text_nl,
           eq->q->answers[0].label_nl, eq->q->answer_count, eq->q->answers[eq->q->answer_count - 1].label_nl);
  char *svg = chart_lines(title, (const char *const *)x->weeks.items, W, series, count, 1, eq->q->answer_count);
  export_put(b, "%s", svg);
  free(svg);
  free(series);
  free(values);
  return 0;
}

/* Answer shares of a single-choice question in the latest period, all areas. */
static void export_chart_bars(const export_data *x, const export_question *eq, export_buf *b) {
  int W = x->weeks.count, A = x->areas.count, C = eq->q->answer_count;
  size_t row = EX_ROW(x, W - 1, A);
  const char **labels = util_calloc((size_t)C, sizeof *labels);
  double *values = util_calloc((size_t)C, sizeof *values);
  for (int c = 0; c < C; c++) {
    labels[c] = eq->q->answers[c].label_nl;
    int cell = eq->cell_count[row * (size_t)C + (size_t)c];
    values[c] = cell >= 0 && !suppress_is_hidden(eq->t, cell) ? (double)eq->count[row * (size_t)C + (size_t)c] : CHART_MISSING;
  }
  char title[256];
  snprintf(title, sizeof title, "%s — alle locaties, %s (n = %lld)", eq->q->text_nl, x->weeks.items[W - 1],
           eq->cell_n[row] < 0 || suppress_is_hidden(eq->t, eq->cell_n[row]) ? 0LL : (long long)eq->n[row]);
  char *svg = chart_bars(title, labels, values, C);
  export_put(b, "%s", svg);
  free(svg);
  free(labels);
  free(values);
}

/* ---- command ----------------------------------------------------------------------- */

static const char export_help[] =
  "usage: wegwijs-collect export [--db URL] [--k 10] --out DIR [--questionnaire FILE] [--po-en FILE]\n"
  "                              [--regions FILE] [--include-rapid] [--publish-after DAYS]\n"
  "                              [--waits FILE [--site-group NAME=SITE,SITE...]...]\n"
  "Writes k-anonymous tables (one CSV per question), datapackage.json, SVG charts and index.html from\n"
  "the opened answers (wegwijs-collect open). Only closed weeks are published: a week's Sunday must\n"
  "lie at least DAYS (default 7) days back. Every published period is entered in the database's\n"
  "publication ledger and published unchanged from then on; records that arrive later go to a\n"
  "separate late period. Later exports must use the same --k, --include-rapid and --regions.\n"
  "--waits FILE writes the typical-waits table for the kiosks' packs (wegwijs-pack build --waits):\n"
  "per group of sites (all; each --site-group, repeatable, disjoint) and thing waited for, the\n"
  "answers n, the share per waiting_time bucket, the median bucket and the weeks covered. Rows\n"
  "under k are not written, nor rows from which one could work them out. --out is optional then.\n";

/* Takes every --site-group out of argv (it may be given more than once, which args_parse
 * does not do) into groups. Returns the new argc, or -1 with err set. */
static int export_site_groups(int argc, char **argv, typical_group *groups, int *count, char *err, size_t errlen) {
  int out = 0;
  *count = 0;
  for (int i = 0; i < argc; i++) {
    const char *value = NULL;
    if (!strcmp(argv[i], "--")) { while (i < argc) argv[out++] = argv[i++]; break; }
    if (!strcmp(argv[i], "--site-group")) {
      if (i + 1 >= argc) return util_error(err, errlen, "--site-group needs NAME=SITE,SITE...");
      value = argv[++i];
    } else if (!strncmp(argv[i], "--site-group=", 13)) value = argv[i] + 13;
    if (!value) { argv[out++] = argv[i]; continue; }
    if (*count == TYPICAL_MAX_GROUPS) return util_error(err, errlen, "at most %d --site-group", TYPICAL_MAX_GROUPS);
    if (typical_group_parse(value, &groups[*count], err, errlen)) return -1;
    const typical_group *n = &groups[*count];
    for (int g = 0; g < *count; g++) {
      const char *twice = !strcmp(groups[g].name, n->name) ? "is given twice" : NULL;
      for (int a = 0; a < n->site_count && !twice; a++)
        for (int b = 0; b < groups[g].site_count && !twice; b++)
          if (!strcmp(n->sites[a], groups[g].sites[b])) twice = "shares a site with another group (groups must not overlap)";
      if (twice) {
        util_error(err, errlen, "--site-group %s %s", n->name, twice);
        typical_group_free(&groups[*count]);
        return -1;
      }
    }
    (*count)++;
  }
  return out;
}

/* Settings that change published cells; the ledger keeps them. */
static int export_settings(export_data *x, const char *regions, char *err, size_t errlen) {
  unsigned char h[8] = { 0 };
  if (regions) {
    size_t len;
    char *text = util_read_file(regions, 1 << 20, &len, err, errlen);
    if (!text) return -1;
    crypto_generichash(h, sizeof h, (const unsigned char *)text, len, NULL, 0);
    free(text);
  }
  char hex[17];
  record_hex(h, sizeof h, hex);
  snprintf(x->settings, sizeof x->settings, "k=%d rapid=%d regions=%s", x->k, x->include_rapid, regions ? hex : "none");
  return 0;
}

/* fleet.csv next to the tables (not in datapackage.json: kiosk health, for COA and
 * the researchers) and the same rows as a table on the page. 0 or -1. */
static int export_fleet(db *d, const char *out, const char *today, export_buf *html, char *err, size_t errlen) {
  char *csv = fleet_csv(d, today, err, errlen), *table = csv ? fleet_html(d, today, err, errlen) : NULL;
  char path[4096];
  snprintf(path, sizeof path, "%s/fleet.csv", out);
  int rc = table && util_write_file_atomic(path, csv, strlen(csv), err, errlen) == 0 ? 0 : -1;
  if (rc == 0) {
    export_put(html, "<h2>Kiosks</h2>\n<p class=\"note\">De status die elke kiosk met zijn bundels meestuurt (geen"
                     " gegevens over bewoners); wat aandacht nodig heeft staat bovenaan. Ook als"
                     " <a href=\"fleet.csv\">fleet.csv</a>.</p>\n%s", table);
  }
  free(csv);
  free(table);
  return rc;
}

int export_main(int argc, char **argv) {
  const char *url = NULL, *out = NULL, *qpath = EXPORT_QUESTIONNAIRE, *po = NULL, *regions = NULL;
  const char *k_text = NULL, *after_text = NULL, *pos[1], *waits = NULL;
  int npos, group_count = 0;
  typical_group groups[TYPICAL_MAX_GROUPS];
  export_data x;
  memset(&x, 0, sizeof x);
  char err[1024] = "";
  argc = export_site_groups(argc, argv, groups, &group_count, err, sizeof err);
  if (argc < 0) {
    for (int g = 0; g < group_count; g++) typical_group_free(&groups[g]);
    fprintf(stderr, "wegwijs-collect export: %s\n", err);
    return args_help(ARGS_USAGE, export_help);
  }
  args_option opts[] = { { "--db", &url, NULL }, { "--out", &out, NULL }, { "--k", &k_text, NULL }, { "--waits", &waits, NULL },
                         { "--questionnaire", &qpath, NULL }, { "--po-en", &po, NULL }, { "--regions", &regions, NULL },
                         { "--include-rapid", NULL, &x.include_rapid }, { "--publish-after", &after_text, NULL },
                         { NULL, NULL, NULL } };
  int parsed = args_parse("export", argc, argv, 2, opts, pos, 0, &npos);
  long k = 10, after = 7;
  if (parsed != ARGS_OK || (!out && !waits) || (group_count && !waits) || (k_text && args_int(k_text, 2, 1000000, &k) != 0) ||
      (after_text && args_int(after_text, 0, 3650, &after) != 0)) {
    for (int g = 0; g < group_count; g++) typical_group_free(&groups[g]);
    return args_help(parsed == ARGS_OK ? ARGS_USAGE : parsed, export_help);
  }
  x.k = (int)k;
  x.publish_after = (int)after;
  char today[11];
  ingest_today(getenv("WEGWIJS_COLLECT_TODAY"), today);
  x.today = today;
  if (!po && access(EXPORT_PO_EN, R_OK) == 0) po = EXPORT_PO_EN;
  codebook cb;
  char **map_s = NULL, **map_r = NULL;
  int map_count = 0, rc = 1, qn = 0;
  export_question qs[CODEBOOK_MAX_QUESTIONS];
  memset(qs, 0, sizeof qs);
  if (codebook_load(qpath, po, &cb, err, sizeof err) != 0) { fprintf(stderr, "export: %s\n", err); return 1; }
  x.cb = &cb;
  db *d = db_open_collector(url, err, sizeof err);
  export_buf b = { 0 };
  if (!d || export_settings(&x, regions, err, sizeof err) != 0 || export_ledger_load(d, &x, err, sizeof err) != 0 ||
      export_regions(regions, &map_s, &map_r, &map_count, err, sizeof err) != 0 ||
      export_areas(d, &x, map_s, map_r, map_count, err, sizeof err) != 0 ||
      (out && util_mkdirs(out, 0755, err, sizeof err) != 0)) goto done;
  if (x.weeks.count == 0) {
    util_error(err, sizeof err, "no closed week with opened check-ins to publish (weeks are published %d days after"
               " their Sunday; run `wegwijs-collect open` first)", x.publish_after);
    goto done;
  }
  /* The waits table publishes from these periods too: they enter the ledger first, so
   * their answers never change afterwards (later records go to late periods). */
  if (waits && (export_ledger_add(d, &x, err, sizeof err) != 0 ||
                typical_export(d, x.k, x.include_rapid, x.settings, x.weeks.items, x.weeks.count, groups, group_count,
                               waits, err, sizeof err) != 0)) goto done;
  if (!out) { rc = 0; goto done; }
  for (int i = 0; i < cb.question_count; i++) {
    qs[qn].q = &cb.questions[i];
    if (export_question_load(d, &x, &qs[qn++], err, sizeof err) != 0) goto done;
    b.len = 0;
    export_csv(&x, &qs[qn - 1], &b);
    char name[64];
    snprintf(name, sizeof name, "%s.csv", cb.questions[i].id);
    if (export_write(out, name, &b, err, sizeof err) != 0) goto done;
  }
  b.len = 0;
  export_datapackage(&x, qs, qn, &b);
  if (export_write(out, "datapackage.json", &b, err, sizeof err) != 0) goto done;
  /* Charts and the page. */
  export_buf html = { 0 };
  export_put(&html, "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Wegwijs check-ins</title>\n"
                    "<style>body{font-family:'Noto Sans',sans-serif;max-width:980px;margin:2em auto;color:#1d2733}"
                    "img{max-width:100%%;border:1px solid #d8dee6;margin:0.5em 0 1.5em}"
                    "p.note{color:#4a5868;font-size:0.95em}table.fleet{border-collapse:collapse;font-size:0.9em}"
                    "table.fleet td,table.fleet th{border:1px solid #d8dee6;padding:0.25em 0.5em;text-align:left}"
                    "tr.expired{color:#a4262c;font-weight:bold}</style></head><body>\n"
                    "<h1>Wegwijs check-ins</h1>\n<p class=\"note\">%d weken (%s t/m %s), %d gebieden. Cellen met minder dan"
                    " %d antwoorden zijn weggelaten, en zo nodig meer cellen, zodat geen weggelaten cel uit totalen is af"
                    " te leiden. Kleine locaties zijn per week samengevoegd tot een regio.</p>\n",
             x.weeks.count, x.weeks.items[0], x.weeks.items[x.weeks.count - 1], x.areas.count, x.k);
  const char *chart_ids[3] = { NULL, "waiting_for", "waiting_time" };
  for (int i = 0; i < qn; i++) if (qs[i].q->numeric && !qs[i].q->multiple) { chart_ids[0] = qs[i].q->id; break; }
  for (int c = 0; c < 3; c++) {
    const export_question *eq = chart_ids[c] ? export_find(qs, qn, chart_ids[c]) : NULL;
    if (!eq) continue;
    b.len = 0;
    if (c == 0) export_chart_mood(&x, eq, &b);
    else export_chart_bars(&x, eq, &b);
    char name[64];
    snprintf(name, sizeof name, "chart-%s.svg", eq->q->id);
    if (export_write(out, name, &b, err, sizeof err) != 0) { free(html.p); goto done; }
    export_put(&html, "<h2>");
    export_put_escaped(&html, eq->q->text_nl, 1);
    export_put(&html, "</h2>\n<img src=\"%s\" alt=\"", name);
    export_put_escaped(&html, eq->q->text_nl, 1);
    export_put(&html, "\">\n");
  }
  export_put(&html, "<h2>Tabellen</h2>\n<ul>\n");
  for (int i = 0; i < qn; i++) {
    export_put(&html, "<li><a href=\"%s.csv\">%s.csv</a> — ", qs[i].q->id, qs[i].q->id);
    export_put_escaped(&html, qs[i].q->text_nl, 1);
    export_put(&html, "</li>\n");
  }
  export_put(&html, "</ul>\n<p class=\"note\">Codeboek: <a href=\"datapackage.json\">datapackage.json</a>"
                    " (Frictionless Data).</p>\n");
  if (export_fleet(d, out, today, &html, err, sizeof err) != 0) { free(html.p); goto done; }
  export_put(&html, "</body></html>\n");
  int wrote = export_write(out, "index.html", &html, err, sizeof err);
  free(html.p);
  if (wrote != 0 || export_ledger_add(d, &x, err, sizeof err) != 0) goto done;
  for (int i = 0; i < qn; i++)
    printf("export: %-14s %4d cells, %3d suppressed (%d primary)\n", qs[i].q->id, suppress_cell_count(qs[i].t),
           qs[i].hidden, qs[i].primary);
  printf("export: %d weeks, %d sites in %d areas, k = %d -> %s\n", x.weeks.count, x.sites.count, x.areas.count, x.k, out);
  rc = 0;
done:
  if (rc != 0) fprintf(stderr, "wegwijs-collect export: %s\n", err);
  for (int g = 0; g < group_count; g++) typical_group_free(&groups[g]);
  for (int i = 0; i < qn; i++) export_question_free(&qs[i]);
  for (int i = 0; i < map_count; i++) { free(map_s[i]); free(map_r[i]); }
  free(map_s); free(map_r);
  free(b.p);
  db_close(d);
  export_names_free(&x.weeks); export_names_free(&x.sites); export_names_free(&x.areas);
  export_names_free(&x.ledger);
  free(x.site_region); free(x.area_is_region); free(x.responses); free(x.row_area); free(x.row_exists);
  codebook_free(&cb);
  return rc;
}
