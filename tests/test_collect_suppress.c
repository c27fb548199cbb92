/* test_collect_suppress.c — primary and secondary cell suppression (tools/collect/suppress.c):
 * nothing under k is published, no cell at all (zeros included) of a row under k, no
 * hidden cell follows from the published relations, and a block's pattern does not
 * depend on other blocks in the same table (a late period added next to a published
 * week changes none of that week's published cells: the differencing audit). */
#include "../tools/collect/suppress.h"
#include "../tests/check.h"
#include <stdlib.h>
#include <string.h>

enum { K = 10 };

/* A rows x cols table with row totals, column totals and a grand total; returns the
 * table and writes cell indexes into idx[(rows+1)*(cols+1)] (last row/col = totals). */
static void grid_into(suppress_table *t, int rows, int cols, const int *values, int *idx) {
  int w = cols + 1;
  int64_t grand = 0;
  int64_t *colsum = calloc((size_t)cols, sizeof *colsum);
  for (int r = 0; r < rows; r++) {
    int64_t rowsum = 0;
    for (int c = 0; c < cols; c++) {
      rowsum += values[r * cols + c];
    }
    for (int c = 0; c < cols; c++) {   /* the row is the group: its sum */
      int v = values[r * cols + c];
      idx[r * w + c] = suppress_add_cell(t, v, v, rowsum, v);
      colsum[c] += v;
    }
    idx[r * w + cols] = suppress_add_cell(t, rowsum, rowsum, rowsum, 1e6 + (double)rowsum);
    grand += rowsum;
  }
  for (int c = 0; c < cols; c++) idx[rows * w + c] = suppress_add_cell(t, colsum[c], colsum[c], grand, 1e6);
  idx[rows * w + cols] = suppress_add_cell(t, grand, grand, grand, 1e7);
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
}

static suppress_table *grid(int rows, int cols, const int *values, int *idx) {
  suppress_table *t = suppress_new();
  grid_into(t, rows, cols, values, idx);
  return t;
}

/* Random values: mostly 0..59, a quarter under k, and some rows that are small groups. */
static void random_values(int rows, int cols, int *values) {
  for (int r = 0; r < rows; r++) {
    int small_row = rand() % 5 == 0;
    for (int c = 0; c < cols; c++)
      values[r * cols + c] = small_row ? (rand() % 3 == 0 ? rand() % 3 : 0) : rand() % 4 == 0 ? rand() % K : rand() % 60;
  }
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
  int a = suppress_add_cell(t, 6, 6, 29, 6), b = suppress_add_cell(t, 3, 3, 29, 3);
  int c = suppress_add_cell(t, 20, 20, 29, 20), n = suppress_add_cell(t, 29, 29, 29, 1e6);
  int s = suppress_add_cell(t, 6 + 6 + 60, 29, 29, 1e6);   /* codes 1, 2, 3 */
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

  /* zeros_in_small_group: a row of one respondent (0, 1, 0) publishes nothing — its
   * zeros would say which answers nobody gave. */
  const int one_resident[] = { 0, 1, 0,
                               30, 50, 20,
                               60, 70, 45 };
  t = grid(3, 3, one_resident, idx);
  suppress_run(t, K);
  int published_in_row = 0;
  for (int cc = 0; cc <= 3; cc++) published_in_row += !suppress_is_hidden(t, idx[cc]);
  CHECK(published_in_row == 0, "zeros_in_small_group: %d cells of a one-respondent row published", published_in_row);
  CHECK(suppress_find_derivable(t) == -1, "zeros_in_small_group: nothing derivable");
  suppress_free(t);

  /* Random tables: every basis under k hidden, no cell (zeros included) of a row under
   * k published, nothing derivable; and the differencing audit: the same table run
   * next to an independent late block (records that arrived after publication) keeps
   * exactly its published cells, so no published cell changes by less than k. */
  srand(1234);
  int bad_primary = 0, small_group_leaks = 0, derivable = 0, changed = 0, tables = 200;
  for (int round = 0; round < tables; round++) {
    int rows = 2 + rand() % 5, cols = 2 + rand() % 5;
    int values[64], late[64], late_idx[64], idx2[64];
    random_values(rows, cols, values);
    t = grid(rows, cols, values, idx);
    if (suppress_run(t, K) < 0) derivable++;
    int w = cols + 1;
    for (int r = 0; r < rows; r++) {
      int rowsum = 0;
      for (int cc = 0; cc < cols; cc++) rowsum += values[r * cols + cc];
      for (int cc = 0; cc <= cols; cc++) {
        int v = cc < cols ? values[r * cols + cc] : rowsum, hid = suppress_is_hidden(t, idx[r * w + cc]);
        if (v > 0 && v < K && !hid) bad_primary++;
        if (rowsum < K && !hid) small_group_leaks++;
      }
    }
    if (suppress_find_derivable(t) != -1) derivable++;
    /* The same week next to a late block of 1..3 rows. */
    suppress_table *t2 = suppress_new();
    grid_into(t2, rows, cols, values, idx2);
    int late_rows = 1 + rand() % 3;
    random_values(late_rows, cols, late);
    grid_into(t2, late_rows, cols, late, late_idx);
    if (suppress_run(t2, K) < 0 || suppress_find_derivable(t2) != -1) derivable++;
    for (int i = 0; i < (rows + 1) * w; i++)
      changed += suppress_is_hidden(t, idx[i]) != suppress_is_hidden(t2, idx2[i]);
    suppress_free(t2);
    suppress_free(t);
  }
  CHECK(bad_primary == 0, "random tables: %d small cells published", bad_primary);
  CHECK(small_group_leaks == 0, "zeros_in_small_group, random tables: %d cells of rows under k published", small_group_leaks);
  CHECK(derivable == 0, "random tables: %d tables with a derivable hidden cell", derivable);
  CHECK(changed == 0, "differencing, random tables: %d published cells of a week changed when a late block was added", changed);
  return check_report();
}
