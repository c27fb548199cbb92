/* test_collect_export.c — audits a real export (wegwijs-collect keygen/synth/enrol/
 * ingest/export on a data set with many small cells) from its CSV files alone, with its
 * own solver (not tools/collect/suppress.c): every published count, total and mean rests
 * on 0 or >= k responses, no row whose n is under k publishes anything (a published 0
 * there is a leak), and no empty (suppressed) cell can be computed from the published
 * row totals, period totals and means. A hand-made table with one hidden cell shows the
 * audit can fail. Then, named after the review's findings:
 *   zeros_in_small_group      twelve residents, one answers "future": nothing of that
 *                             question is published for the group (no zeros either)
 *   differencing_late_record  export A, then late records for published weeks, export
 *                             B: no cell published in A changes in B; the late records
 *                             go to their own late period, itself k-protected
 *   many_sites                4100 distinct site codes export fine */
#include "../tests/check.h"
#include "util/util.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { K = 10, MAX_ROWS = 4096, MAX_COLS = 16 };

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
    /* A group under k publishes nothing: a 0 there says which answer nobody gave. */
    if (row->known[0] && row->v[0] < K)
      for (int c = 0; c < t->cols; c++)
        if (row->known[c]) { bad++; printf("cell of a group under k: %s %s %s = %g\n", row->week, row->area, t->head[c], row->v[c]); }
  }
  return bad;
}

/* Cells published in both tables that differ, for periods both hold. Returns how many
 * cells published in a differ or vanish in b. */
static int audit_changed(const audit_table *a, const audit_table *b) {
  int changed = 0;
  for (int r = 0; r < a->nrows; r++) {
    const audit_row *x = &a->rows[r];
    const audit_row *y = NULL;
    for (int q = 0; q < b->nrows && !y; q++)
      if (!strcmp(b->rows[q].week, x->week) && !strcmp(b->rows[q].area, x->area)) y = &b->rows[q];
    for (int c = 0; c < a->cols; c++) {
      if (!x->known[c]) continue;
      if (!y || !y->known[c] || fabs(y->v[c] - x->v[c]) > 1e-9) {
        changed++;
        printf("changed: %s %s %s: %g -> %s\n", x->week, x->area, a->head[c], x->v[c], y && y->known[c] ? "other value" : "gone");
      }
    }
  }
  return changed;
}

/* Reads dir/name.csv into t. 0 or -1. */
static int audit_load(const char *dir, const char *name, audit_table *t) {
  char path[512], err[256];
  snprintf(path, sizeof path, "%s/%s.csv", dir, name);
  size_t len;
  char *csv = util_read_file(path, 1 << 22, &len, err, sizeof err);
  if (!csv) { printf("%s: %s\n", path, err); return -1; }
  int rc = audit_parse(csv, t);
  free(csv);
  return rc;
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
           " while read -r pk site; do $C enrol --db c.db --site $site $pk >/dev/null; done <b/kiosks.txt;"
           " $C ingest --db c.db --keys keys b/*.wwb >/dev/null;"
           " WEGWIJS_COLLECT_TODAY=2026-12-02 $C export --db c.db --k %d --questionnaire $Q --out ex >/dev/null", build, dir, K);
  CHECK(run(cmd) == 0, "keygen, synth, enrol, ingest, export");
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

  /* differencing_late_record: a second data set's kiosks send records for the same
   * (published) weeks late; export B must publish every cell of export A unchanged. */
  snprintf(cmd, sizeof cmd,
           "set -e; C=\"$PWD/%s/wegwijs-collect\"; Q=\"$PWD/content/checkin/questionnaire.md\"; cd %s;"
           " $C synth --keys keys --out late --questionnaire $Q --kiosks 2 --sites 2 --records 6,3 --weeks 5 --seed 77 >/dev/null;"
           " while read -r pk site; do $C enrol --db c.db --site $site $pk >/dev/null; done <late/kiosks.txt;"
           " WEGWIJS_COLLECT_TODAY=2026-12-09 $C ingest --db c.db --keys keys late/*.wwb >/dev/null;"
           " WEGWIJS_COLLECT_TODAY=2026-12-09 $C export --db c.db --k %d --questionnaire $Q --out exB >/dev/null;"
           " WEGWIJS_COLLECT_TODAY=2027-01-04 $C export --db c.db --k %d --questionnaire $Q --out exC >/dev/null",
           build, dir, K, K);
  CHECK(run(cmd) == 0, "differencing_late_record: late records ingested, exports B and C");
  char exA[300], exB[300], exC[300];
  snprintf(exA, sizeof exA, "%s/ex", dir);
  snprintf(exB, sizeof exB, "%s/exB", dir);
  snprintf(exC, sizeof exC, "%s/exC", dir);
  for (size_t q = 0; q < sizeof questions / sizeof questions[0]; q++) {
    audit_table *a = util_calloc(1, sizeof *a), *b = util_calloc(1, sizeof *b), *c = util_calloc(1, sizeof *c);
    if (audit_load(exA, questions[q], a) == 0 && audit_load(exB, questions[q], b) == 0 && audit_load(exC, questions[q], c) == 0) {
      CHECK(audit_changed(a, b) == 0, "differencing_late_record: %s: cells of export A changed in B", questions[q]);
      CHECK(audit_changed(a, c) == 0, "differencing_late_record: %s: cells of export A changed in C", questions[q]);
      int late_rows = 0;
      for (int r = 0; r < c->nrows; r++) late_rows += strstr(c->rows[r].week, "-late") != NULL;
      CHECK(late_rows > 0, "differencing_late_record: %s: export C has the late period", questions[q]);
      CHECK(audit_small(c) == 0, "differencing_late_record: %s: the late period is k-protected", questions[q]);
    } else {
      CHECK(0, "differencing_late_record: %s tables readable", questions[q]);
    }
    free(a); free(b); free(c);
  }

  /* zeros_in_small_group: twelve residents at one site in one week; all give a mood, one
   * answers "future". many_sites: 4100 sites with one response each. Rows go straight
   * into the opened tables (what `open` writes), so the export logic alone is tested. */
  snprintf(cmd, sizeof cmd,
           "set -e; C=\"$PWD/%s/wegwijs-collect\"; Q=\"$PWD/content/checkin/questionnaire.md\"; cd %s;"
           /* revoke finds no kiosk (exit 1) but creates the database and its schema */
           " $C revoke --db g.db 00000000 >/dev/null 2>&1 || true;"
           " sqlite3 g.db \"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)"
           " INSERT INTO response SELECT randomblob(16), 'azc-77', '2026-01-06', '2026-W02', '2026-W02', 1, 1, 1, 0 FROM n;"
           " INSERT INTO answer SELECT response_id, 'mood', '4' FROM response;"
           " INSERT INTO answer SELECT response_id, 'future', '3' FROM response LIMIT 1;\";"
           " $C export --db g.db --k %d --questionnaire $Q --out exG >/dev/null;"
           " $C revoke --db s.db 00000000 >/dev/null 2>&1 || true;"
           " sqlite3 s.db \"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4100)"
           " INSERT INTO response SELECT randomblob(16), printf('site-%%05d', i), '2026-01-06', '2026-W02', '2026-W02', 1, 1, 1, 0 FROM n;"
           " INSERT INTO answer SELECT response_id, 'mood', '3' FROM response;\";"
           " $C export --db s.db --k %d --questionnaire $Q --out exS >/dev/null",
           build, dir, K, K);
  CHECK(run(cmd) == 0, "zeros_in_small_group and many_sites: exports ran (4100 sites did not abort)");
  char exG[300];
  snprintf(exG, sizeof exG, "%s/exG", dir);
  audit_table *g = util_calloc(1, sizeof *g);
  if (audit_load(exG, "future", g) == 0) {
    int published = 0;
    for (int r = 0; r < g->nrows; r++)
      for (int c = 0; c < g->cols; c++) published += g->rows[r].known[c];
    CHECK(g->nrows > 0 && published == 0, "zeros_in_small_group: %d cells published for a question one of twelve answered", published);
  } else {
    CHECK(0, "zeros_in_small_group: future.csv readable");
  }
  if (audit_load(exG, "mood", g) == 0)
    CHECK(g->nrows > 0 && g->rows[0].known[0] && g->rows[0].v[0] == 12, "zeros_in_small_group: the group's mood (n = 12) is published");
  free(g);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  run(cmd);
  return check_report();
}
