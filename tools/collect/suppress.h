/* suppress.h — small-cell suppression for published tables: primary (every count or mean
 * resting on 1..k-1 responses, and every cell, zeros included, of a group — a table
 * row — of fewer than k respondents) and secondary (no suppressed cell can be worked out
 * exactly from the published cells and the linear relations between them: row totals,
 * column totals, sums behind means).
 *
 * A table is a set of cells (counts, totals, weighted sums behind a mean) and a set of
 * relations sum(coef * cell) = 0 that a reader of the export knows. A suppressed cell
 * is derivable exactly when its unit vector lies in the row space of the relations
 * restricted to the suppressed cells; secondary suppression adds the cheapest related
 * published cell until no suppressed cell is derivable. */
#ifndef WEGWIJS_COLLECT_SUPPRESS_H
#define WEGWIJS_COLLECT_SUPPRESS_H
#include <stdint.h>  /* int64_t */

typedef struct suppress_table suppress_table;

suppress_table *suppress_new(void);
void suppress_free(suppress_table *t);

/* Adds a cell. value: what would be published (a count, a total, or the sum behind a
 * mean); basis: how many responses it rests on (a count rests on itself, a mean on its
 * n); group: the respondents of the cell's row (its n); cost: what it costs to hide it
 * as a complement (lower is hidden first). Returns the cell's index. */
int suppress_add_cell(suppress_table *t, int64_t value, int64_t basis, int64_t group, double cost);

/* Adds the relation sum(coef[i] * cell[cells[i]]) = 0. Copied. */
void suppress_add_relation(suppress_table *t, const int *cells, const double *coef, int n);

/* Runs primary suppression (0 < basis < k, or group < k) and then secondary suppression.
 * Returns the number of cells hidden in total, or -1 when the table cannot be protected
 * (never expected: hiding every related cell always protects). */
int suppress_run(suppress_table *t, int k);

/* Hides a cell after suppress_run (a caller that publishes whole rows hides the rest of
 * a row); hiding more never makes a hidden cell derivable. */
void suppress_hide(suppress_table *t, int cell);

int suppress_is_hidden(const suppress_table *t, int cell);
int suppress_is_primary(const suppress_table *t, int cell);
int suppress_cell_count(const suppress_table *t);

/* Index of a hidden cell that the relations determine exactly, or -1 if none.
 * suppress_run guarantees -1; exposed so tests can audit any pattern. */
int suppress_find_derivable(suppress_table *t);
#endif
