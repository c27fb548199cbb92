/* test_collect_suppress.c — primary and secondary cell suppression (tools/collect/suppress.c):
 * nothing under k is published and no hidden cell follows from the published relations. */
#include "../tools/collect/suppress.h"
#include "../tests/check.h"
#include <stdlib.h>

enum { K = 10 };

/* A rows x cols table with row totals, column totals and a grand total; returns the
 * table and writes cell indexes into idx[(rows+1)*(cols+1)] (last row/col = totals). */
static suppress_table *grid(int rows, int cols, const int *values, int *idx) {
  suppress_table *t = suppress_new();
  int w = cols + 1;
  int64_t grand = 0;
  int64_t *colsum = calloc((size_t)cols, sizeof *colsum);
  for (int r = 0; r < rows; r++) {
    int64_t rowsum = 0;
    for (int c = 0; c < cols; c++) {
      int v = values[r * cols + c];
      idx[r * w + c] = suppress_add_cell(t, v, v, v);
      rowsum += v; colsum[c] += v;
    }
    idx[r * w + cols] = suppress_add_cell(t, rowsum, rowsum, 1e6 + (double)rowsum);
    grand += rowsum;
  }
  for (int c = 0; c < cols; c++) idx[rows * w + c] = suppress_add_cell(t, colsum[c], colsum[c], 1e6);
  idx[rows * w + cols] = suppress_add_cell(t, grand, grand, 1e7);
  int cells[64]; double coef[64];
  for (int r = 0; r <= rows; r++) {
    int n = 0;
    for (int c = 0; c < cols; c++) { cells[n] = idx[r * w + c]; coef[n++] = 1; }
    cells[n] = idx[r * w + cols]; coef[n++] = -1;
    suppress_add_relation(t, cells, coef, n);
  }
  for (int c = 0; c <= cols; c++) {
    int n = 0;
    for (int r = 0; r < rows; r++) { cells[n] = idx[r * w + c]; coef[n++] = 1; }
    cells[n] = idx[rows * w + c]; coef[n++] = -1;
    suppress_add_relation(t, cells, coef, n);
  }
  free(colsum);
  return t;
}

int main(void) {
  int idx[64];

  /* One small cell: it and at least three partners (a rectangle) must go. */
  const int one_small[] = { 40, 3, 25,
                            30, 50, 20,
                            60, 70, 45 };
  suppress_table *t = grid(3, 3, one_small, idx);
  int hidden = suppress_run(t, K);
  CHECK(suppress_is_hidden(t, idx[0 * 4 + 1]) && suppress_is_primary(t, idx[1]), "the 3 is hidden as primary");
  CHECK(hidden >= 4, "a lone small cell needs three complements, hid %d", hidden);
  CHECK(suppress_find_derivable(t) == -1, "no hidden cell is derivable after the run");
  int row_hidden = 0, col_hidden = 0;
  for (int c = 0; c < 3; c++) row_hidden += suppress_is_hidden(t, idx[0 * 4 + c]);
  for (int r = 0; r < 3; r++) col_hidden += suppress_is_hidden(t, idx[r * 4 + 1]);
  CHECK(row_hidden >= 2 && col_hidden >= 2, "row and column of the small cell each hide >= 2 (%d, %d)", row_hidden, col_hidden);
  CHECK(!suppress_is_hidden(t, idx[3 * 4 + 3]), "the grand total stays published");
  suppress_free(t);

  /* The audit itself can fail: hide one cell by hand and nothing else. */
  t = grid(3, 3, one_small, idx);
  suppress_run(t, 1);   /* k = 1: nothing primary */
  CHECK(suppress_find_derivable(t) == -1, "nothing hidden, nothing derivable");
  suppress_free(t);

  /* A mean is a relation too: two hidden cells in a row whose weighted sum is published
   * are solvable (a + b = 9, 1a + 2b = 12 gives a = 6, b = 3). */
  t = suppress_new();
  int a = suppress_add_cell(t, 6, 6, 6), b = suppress_add_cell(t, 3, 3, 3);
  int c = suppress_add_cell(t, 20, 20, 20), n = suppress_add_cell(t, 29, 29, 1e6);
  int s = suppress_add_cell(t, 6 + 6 + 60, 29, 1e6);   /* codes 1, 2, 3 */
  int r1[] = { a, b, c, n }; double k1[] = { 1, 1, 1, -1 };
  int r2[] = { a, b, c, s }; double k2[] = { 1, 2, 3, -1 };
  suppress_add_relation(t, r1, k1, 4);
  suppress_add_relation(t, r2, k2, 4);
  hidden = suppress_run(t, K);
  CHECK(suppress_is_hidden(t, a) && suppress_is_hidden(t, b), "both small cells primary");
  CHECK(suppress_is_hidden(t, c) || suppress_is_hidden(t, s) || suppress_is_hidden(t, n),
        "the mean or the total had to go as well (hid %d)", hidden);
  CHECK(suppress_find_derivable(t) == -1, "mean relation: nothing derivable");
  suppress_free(t);

  /* Random tables: every basis under k hidden, nothing derivable. */
  srand(1234);
  int bad_primary = 0, derivable = 0, tables = 200;
  for (int round = 0; round < tables; round++) {
    int rows = 2 + rand() % 5, cols = 2 + rand() % 5;
    int values[64];
    for (int i = 0; i < rows * cols; i++) values[i] = rand() % 4 == 0 ? rand() % K : rand() % 60;
    t = grid(rows, cols, values, idx);
    if (suppress_run(t, K) < 0) derivable++;
    for (int r = 0; r <= rows; r++)
      for (int cc = 0; cc <= cols; cc++) {
        if (r == rows || cc == cols) continue;   /* totals here are all >= k */
        int v = values[r * cols + cc];
        if (v > 0 && v < K && !suppress_is_hidden(t, idx[r * (cols + 1) + cc])) bad_primary++;
      }
    if (suppress_find_derivable(t) != -1) derivable++;
    suppress_free(t);
  }
  CHECK(bad_primary == 0, "random tables: %d small cells published", bad_primary);
  CHECK(derivable == 0, "random tables: %d tables with a derivable hidden cell", derivable);
  return check_report();
}
