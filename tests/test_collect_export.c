/* test_collect_export.c — audits a real export (wegwijs-collect keygen/synth/ingest/export
 * on a data set with many small cells) from its CSV files alone, with its own solver
 * (not tools/collect/suppress.c): every published count, total and mean rests on 0 or
 * >= k responses, and no empty (suppressed) cell can be computed from the published row
 * totals, week totals, overall totals and means. A hand-made table with one hidden cell
 * shows the audit can fail. */
#include "../tests/check.h"
#include "util/util.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { K = 10, MAX_ROWS = 512, MAX_COLS = 16 };

typedef struct {
  char week[16], area[64], type[16];
  double v[MAX_COLS];      /* n, [mean], codes... */
  int known[MAX_COLS];
} audit_row;

typedef struct {
  char head[MAX_COLS][32];
  int cols, has_mean, first_code;
  audit_row rows[MAX_ROWS];
  int nrows;
} audit_table;

static int audit_parse(const char *text, audit_table *t) {
  memset(t, 0, sizeof *t);
  char *copy = util_strdup(text), *save = NULL;
  int line_no = 0;
  for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save), line_no++) {
    char *fields[MAX_COLS + 3];
    int nf = 0;
    for (char *p = line;; ) {
      char *comma = strchr(p, ',');
      fields[nf++] = p;
      if (!comma || nf == MAX_COLS + 3) break;
      *comma = 0;
      p = comma + 1;
    }
    if (line_no == 0) {
      t->cols = nf - 3;
      for (int i = 0; i < t->cols; i++) snprintf(t->head[i], sizeof t->head[i], "%s", fields[i + 3]);
      t->has_mean = t->cols > 1 && !strcmp(t->head[1], "mean");
      t->first_code = t->has_mean ? 2 : 1;
      continue;
    }
    if (t->nrows == MAX_ROWS || nf != t->cols + 3) { free(copy); return -1; }
    audit_row *r = &t->rows[t->nrows++];
    snprintf(r->week, sizeof r->week, "%s", fields[0]);
    snprintf(r->area, sizeof r->area, "%s", fields[1]);
    snprintf(r->type, sizeof r->type, "%s", fields[2]);
    for (int i = 0; i < t->cols; i++) {
      r->known[i] = fields[i + 3][0] != 0;
      r->v[i] = r->known[i] ? atof(fields[i + 3]) : 0;
    }
  }
  free(copy);
  return 0;
}

/* The unknowns: every empty n, count and sum-behind-a-mean. Index = row * (cols+1) + col,
 * with col == cols meaning the weighted sum S = mean * n. */
typedef struct { double *a; int rows, cols, cap; } audit_system;

static void audit_relation(audit_system *s, const double *coef) {
  if (s->rows == s->cap) { s->cap = s->cap ? 2 * s->cap : 64; s->a = util_realloc(s->a, sizeof(double) * (size_t)s->cap * (size_t)s->cols); }
  memcpy(s->a + (size_t)s->rows * (size_t)s->cols, coef, sizeof(double) * (size_t)s->cols);
  s->rows++;
}

/* Returns how many unknown cells are determined by the relations (e_u in the row space,
 * found by Gauss-Jordan elimination over the unknown columns). */
static int audit_determined(const audit_table *t, int multiple) {
  int width = t->cols + 1, nvar = t->nrows * width;
  audit_system s = { NULL, 0, nvar, 0 };
  double *coef = util_calloc((size_t)nvar, sizeof(double));
  int *unknown = util_calloc((size_t)nvar, sizeof(int));
  for (int r = 0; r < t->nrows; r++) {
    for (int c = 0; c < t->cols; c++) if (c != 1 || !t->has_mean) unknown[r * width + c] = !t->rows[r].known[c];
    /* A blank mean on a published n of 0 hides nothing: its sum is 0. */
    unknown[r * width + t->cols] = t->has_mean && !t->rows[r].known[1] && !(t->rows[r].known[0] && t->rows[r].v[0] == 0);
  }
  /* Only unknown variables get coefficients: known values are constants. */
#define ADD(r, c, k) do { int v_ = (r) * width + (c); if (unknown[v_]) coef[v_] += (k); } while (0)
  for (int r = 0; r < t->nrows; r++) {
    if (!multiple) {   /* counts add up to n */
      memset(coef, 0, sizeof(double) * (size_t)nvar);
      for (int c = t->first_code; c < t->cols; c++) ADD(r, c, 1);
      ADD(r, 0, -1);
      audit_relation(&s, coef);
    }
    if (t->has_mean) {   /* sum(code * count) = S */
      memset(coef, 0, sizeof(double) * (size_t)nvar);
      for (int c = t->first_code; c < t->cols; c++) ADD(r, c, atof(t->head[c]));
      ADD(r, t->cols, -1);
      audit_relation(&s, coef);
    }
  }
  /* Column relations: the areas of a week add up to its total row; the week totals add
   * up to the "all" total row. */
  for (int r = 0; r < t->nrows; r++) {
    if (strcmp(t->rows[r].type, "total")) continue;
    int all = !strcmp(t->rows[r].week, "all");
    for (int c = 0; c <= t->cols; c++) {
      if (c == 1 && t->has_mean) continue;
      if (c == t->cols && !t->has_mean) continue;
      memset(coef, 0, sizeof(double) * (size_t)nvar);
      for (int p = 0; p < t->nrows; p++) {
        int part = all ? (!strcmp(t->rows[p].type, "total") && strcmp(t->rows[p].week, "all"))
                       : (strcmp(t->rows[p].type, "total") && !strcmp(t->rows[p].week, t->rows[r].week));
        if (part) ADD(p, c, 1);
      }
      ADD(r, c, -1);
      audit_relation(&s, coef);
    }
  }
#undef ADD
  int rank = 0;
  for (int col = 0; col < nvar && rank < s.rows; col++) {
    if (!unknown[col]) continue;
    int best = rank;
    for (int i = rank; i < s.rows; i++) if (fabs(s.a[(size_t)i * nvar + col]) > fabs(s.a[(size_t)best * nvar + col])) best = i;
    if (fabs(s.a[(size_t)best * nvar + col]) < 1e-9) continue;
    for (int x = 0; x < nvar; x++) { double tmp = s.a[(size_t)rank * nvar + x]; s.a[(size_t)rank * nvar + x] = s.a[(size_t)best * nvar + x]; s.a[(size_t)best * nvar + x] = tmp; }
    double p = s.a[(size_t)rank * nvar + col];
    for (int x = 0; x < nvar; x++) s.a[(size_t)rank * nvar + x] /= p;
    for (int i = 0; i < s.rows; i++) {
      double f = s.a[(size_t)i * nvar + col];
      if (i == rank || fabs(f) < 1e-12) continue;
      for (int x = 0; x < nvar; x++) s.a[(size_t)i * nvar + x] -= f * s.a[(size_t)rank * nvar + x];
    }
    rank++;
  }
  int determined = 0;
  for (int i = 0; i < rank; i++) {
    int nonzero = 0;
    for (int x = 0; x < nvar; x++) if (fabs(s.a[(size_t)i * nvar + x]) > 1e-9) nonzero++;
    determined += nonzero == 1;
  }
  free(s.a); free(coef); free(unknown);
  return determined;
}

/* Every published number rests on 0 or >= k responses; returns the offenders. */
static int audit_small(const audit_table *t) {
  int bad = 0;
  for (int r = 0; r < t->nrows; r++) {
    const audit_row *row = &t->rows[r];
    for (int c = 0; c < t->cols; c++) {
      if (!row->known[c] || (c == 1 && t->has_mean)) continue;
      if (row->v[c] > 0 && row->v[c] < K) { bad++; printf("small cell: %s %s %s = %g\n", row->week, row->area, t->head[c], row->v[c]); }
    }
    if (t->has_mean && row->known[1] && (!row->known[0] || row->v[0] < K)) { bad++; printf("mean on n < k: %s %s\n", row->week, row->area); }
  }
  return bad;
}

static int run(const char *cmd) {
  int rc = system(cmd);
  if (rc != 0) printf("command failed (%d): %s\n", rc, cmd);
  return rc;
}

int main(void) {
  /* The audit can fail: a 2x2 week with one hidden cell is solvable from its totals. */
  audit_table t;
  const char *leaky = "week,area,area_type,n,yes,no\n"
                      "2026-W02,azc-01,site,30,,12\n"
                      "2026-W02,azc-02,site,40,25,15\n"
                      "2026-W02,alle locaties,total,70,43,27\n";
  CHECK(audit_parse(leaky, &t) == 0, "parse the hand-made table");
  CHECK(audit_determined(&t, 0) == 1, "one hidden cell next to its total is found derivable");
  const char *safe = "week,area,area_type,n,yes,no\n"
                     "2026-W02,azc-01,site,30,,\n"
                     "2026-W02,azc-02,site,40,,\n"
                     "2026-W02,alle locaties,total,70,43,27\n";
  audit_parse(safe, &t);
  CHECK(audit_determined(&t, 0) == 0, "a hidden rectangle is not derivable");

  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  char dir[] = "/tmp/wwexport-XXXXXX", cmd[2048], err[256];
  CHECK(mkdtemp(dir) != NULL, "temp dir");
  snprintf(cmd, sizeof cmd,
           "set -e; C=\"$PWD/%s/wegwijs-collect\"; Q=\"$PWD/content/checkin/questionnaire.md\"; cd %s;"
           " $C keygen --out keys >/dev/null;"
           " $C synth --keys keys --out b --questionnaire $Q --kiosks 9 --sites 7 --records 300,150,90,60,40,25,14,8,5 --weeks 5 >/dev/null;"
           " $C ingest --db c.db --keys keys b/*.wwb >/dev/null;"
           " $C export --db c.db --k %d --questionnaire $Q --out ex >/dev/null", build, dir, K);
  CHECK(run(cmd) == 0, "keygen, synth, ingest, export");
  const char *questions[] = { "mood", "future", "waiting_for", "waiting_time", "next_step", "activities" };
  int hidden_total = 0;
  for (size_t q = 0; q < sizeof questions / sizeof questions[0]; q++) {
    char path[512];
    snprintf(path, sizeof path, "%s/ex/%s.csv", dir, questions[q]);
    size_t len;
    char *csv = util_read_file(path, 1 << 20, &len, err, sizeof err);
    CHECK(csv != NULL, "%s exported: %s", questions[q], csv ? "" : err);
    if (!csv) continue;
    CHECK(audit_parse(csv, &t) == 0, "%s parses", questions[q]);
    for (int r = 0; r < t.nrows; r++)
      for (int c = 0; c < t.cols; c++) hidden_total += !t.rows[r].known[c];
    CHECK(audit_small(&t) == 0, "%s: nothing published rests on 1..%d responses", questions[q], K - 1);
    int multiple = !strcmp(questions[q], "activities");
    int d = audit_determined(&t, multiple);
    CHECK(d == 0, "%s: %d suppressed cells derivable from totals and means", questions[q], d);
    free(csv);
  }
  CHECK(hidden_total > 50, "the data set really has small cells (%d hidden)", hidden_total);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  run(cmd);
  return check_report();
}
