/* suppress.c — primary and secondary cell suppression over linear relations (suppress.h). */
#include "suppress.h"
#include "util/util.h"
#include <math.h>    /* fabs */
#include <string.h>  /* memset */

typedef struct {
  int64_t value, basis, group;
  double cost;
  int hidden, primary;
} suppress_cell;

struct suppress_table {
  suppress_cell *cells; int cell_count, cell_cap;
  int *term_cell; double *term_coef; int term_count, term_cap;
  int *rel_start; int rel_count, rel_cap;   /* relation r = terms rel_start[r] .. rel_start[r+1] */
};

suppress_table *suppress_new(void) {
  suppress_table *t = util_calloc(1, sizeof *t);
  t->rel_cap = 16;
  t->rel_start = util_malloc(sizeof(int) * (size_t)(t->rel_cap + 1));
  t->rel_start[0] = 0;
  return t;
}

void suppress_free(suppress_table *t) {
  if (!t) return;
  free(t->cells); free(t->term_cell); free(t->term_coef); free(t->rel_start);
  free(t);
}

int suppress_add_cell(suppress_table *t, int64_t value, int64_t basis, int64_t group, double cost) {
  if (t->cell_count == t->cell_cap) {
    t->cell_cap = t->cell_cap ? t->cell_cap * 2 : 64;
    t->cells = util_realloc(t->cells, sizeof *t->cells * (size_t)t->cell_cap);
  }
  suppress_cell c = { value, basis, group, cost, 0, 0 };
  t->cells[t->cell_count] = c;
  return t->cell_count++;
}

void suppress_add_relation(suppress_table *t, const int *cells, const double *coef, int n) {
  if (t->term_count + n > t->term_cap) {
    while (t->term_count + n > t->term_cap) t->term_cap = t->term_cap ? t->term_cap * 2 : 256;
    t->term_cell = util_realloc(t->term_cell, sizeof(int) * (size_t)t->term_cap);
    t->term_coef = util_realloc(t->term_coef, sizeof(double) * (size_t)t->term_cap);
  }
  for (int i = 0; i < n; i++) {
    expect(cells[i] >= 0 && cells[i] < t->cell_count);
    t->term_cell[t->term_count] = cells[i];
    t->term_coef[t->term_count] = coef[i];
    t->term_count++;
  }
  if (t->rel_count + 1 >= t->rel_cap) {
    t->rel_cap *= 2;
    t->rel_start = util_realloc(t->rel_start, sizeof(int) * (size_t)(t->rel_cap + 1));
  }
  t->rel_count++;
  t->rel_start[t->rel_count] = t->term_count;
}

void suppress_hide(suppress_table *t, int cell) { t->cells[cell].hidden = 1; }
int suppress_is_hidden(const suppress_table *t, int cell) { return t->cells[cell].hidden; }
int suppress_is_primary(const suppress_table *t, int cell) { return t->cells[cell].primary; }
int suppress_cell_count(const suppress_table *t) { return t->cell_count; }

/* ---- derivability ------------------------------------------------------------------ */

static double suppress_cost(const suppress_table *t, int cell) {
  return t->cells[cell].cost + (t->cells[cell].value == 0 ? 1e15 : 0);
}

static int suppress_root(int *parent, int x) {
  while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
  return x;
}

/* Finds derivable hidden cells. Hidden cells linked by relations form independent
 * components; each is solved alone (dense elimination, a few hundred unknowns at most).
 * Writes at most one derivable cell per component into out (capacity cell_count) and
 * returns how many. With only >= 0, looks at that one cell and returns 1 if it is
 * derivable. */
static int suppress_derivable(suppress_table *t, int *out, int only) {
  int n = t->cell_count, found = 0;
  int *parent = util_malloc(sizeof(int) * (size_t)(n ? n : 1));
  int *col = util_malloc(sizeof(int) * (size_t)(n ? n : 1));
  int *members = util_malloc(sizeof(int) * (size_t)(n ? n : 1));
  int *rels = util_malloc(sizeof(int) * (size_t)(t->rel_count ? t->rel_count : 1));
  char *done = util_calloc((size_t)(n ? n : 1), 1);
  for (int i = 0; i < n; i++) parent[i] = i;
  for (int r = 0; r < t->rel_count; r++) {
    int first = -1;
    for (int k = t->rel_start[r]; k < t->rel_start[r + 1]; k++) {
      int c = t->term_cell[k];
      if (!t->cells[c].hidden || t->term_coef[k] == 0) continue;
      if (first < 0) first = c;
      else parent[suppress_root(parent, c)] = suppress_root(parent, first);
    }
  }
  for (int seed = 0; seed < n; seed++) {
    if (!t->cells[seed].hidden || done[suppress_root(parent, seed)]) continue;
    if (only >= 0 && suppress_root(parent, seed) != suppress_root(parent, only)) continue;
    int root = suppress_root(parent, seed);
    done[root] = 1;
    int m = 0;
    for (int i = 0; i < n; i++)
      if (t->cells[i].hidden && suppress_root(parent, i) == root) { col[i] = m; members[m++] = i; }
    int nr = 0;
    for (int r = 0; r < t->rel_count; r++)
      for (int k = t->rel_start[r]; k < t->rel_start[r + 1]; k++) {
        int c = t->term_cell[k];
        if (t->cells[c].hidden && t->term_coef[k] != 0 && suppress_root(parent, c) == root) { rels[nr++] = r; break; }
      }
    if (nr == 0) continue;   /* no relation mentions it: nothing to derive from */
    double *a = util_calloc((size_t)nr * (size_t)m, sizeof(double));
    for (int i = 0; i < nr; i++) {
      int r = rels[i];
      for (int k = t->rel_start[r]; k < t->rel_start[r + 1]; k++) {
        int c = t->term_cell[k];
        if (t->cells[c].hidden) a[(size_t)i * (size_t)m + (size_t)col[c]] += t->term_coef[k];
      }
    }
    /* Reduced row echelon form with partial pivoting; coefficients are small integers. */
    int row = 0;
    for (int j = 0; j < m && row < nr; j++) {
      int best = row;
      for (int i = row + 1; i < nr; i++)
        if (fabs(a[(size_t)i * (size_t)m + (size_t)j]) > fabs(a[(size_t)best * (size_t)m + (size_t)j])) best = i;
      if (fabs(a[(size_t)best * (size_t)m + (size_t)j]) < 1e-9) continue;
      if (best != row)
        for (int x = 0; x < m; x++) {
          double tmp = a[(size_t)row * (size_t)m + (size_t)x];
          a[(size_t)row * (size_t)m + (size_t)x] = a[(size_t)best * (size_t)m + (size_t)x];
          a[(size_t)best * (size_t)m + (size_t)x] = tmp;
        }
      double p = a[(size_t)row * (size_t)m + (size_t)j];
      for (int x = 0; x < m; x++) a[(size_t)row * (size_t)m + (size_t)x] /= p;
      for (int i = 0; i < nr; i++) {
        double f = a[(size_t)i * (size_t)m + (size_t)j];
        if (i == row || fabs(f) < 1e-12) continue;
        for (int x = 0; x < m; x++) a[(size_t)i * (size_t)m + (size_t)x] -= f * a[(size_t)row * (size_t)m + (size_t)x];
      }
      row++;
    }
    /* A pivot column whose row is zero everywhere else is a unit vector in the row space:
     * that hidden cell equals a combination of published cells. */
    for (int j = 0; j < m; j++) {
      if (only >= 0 && members[j] != only) continue;
      int pr = -1;
      for (int i = 0; i < row; i++)
        if (fabs(a[(size_t)i * (size_t)m + (size_t)j] - 1) < 1e-9) {
          int unit = 1;
          for (int x = 0; x < m && unit; x++)
            if (x != j && fabs(a[(size_t)i * (size_t)m + (size_t)x]) > 1e-9) unit = 0;
          if (unit) { pr = i; break; }
        }
      if (pr >= 0) { out[found++] = members[j]; break; }
    }
    free(a);
  }
  free(parent); free(col); free(members); free(rels); free(done);
  return found;
}

int suppress_find_derivable(suppress_table *t) {
  int *out = util_malloc(sizeof(int) * (size_t)(t->cell_count ? t->cell_count : 1));
  int n = suppress_derivable(t, out, -1);
  int first = n ? out[0] : -1;
  free(out);
  return first;
}

static int suppress_mentions(const suppress_table *t, int r, int cell) {
  for (int k = t->rel_start[r]; k < t->rel_start[r + 1]; k++)
    if (t->term_cell[k] == cell && t->term_coef[k] != 0) return 1;
  return 0;
}

/* Hides one more published cell so that cell stops being derivable. Candidates are the
 * published cells in relations touching cell's hidden component; those sharing a
 * relation with cell first, then by cost (zero cells last: they hide little). The first
 * candidate that alone makes cell underivable wins; otherwise the first candidate is
 * hidden and the caller loops. Returns 0, or -1 when no candidate exists.
 * scratch holds 3 * cell_count ints. */
static int suppress_add_complement(suppress_table *t, int cell, int *scratch) {
  int n = t->cell_count, count = 0;
  int *in_component = scratch + n, *probe = scratch + 2 * n;
  memset(in_component, 0, sizeof(int) * (size_t)n);
  in_component[cell] = 1;
  for (int grew = 1; grew;) {   /* hidden cells reachable from cell through relations */
    grew = 0;
    for (int r = 0; r < t->rel_count; r++) {
      int touches = 0;
      for (int k = t->rel_start[r]; k < t->rel_start[r + 1] && !touches; k++)
        touches = in_component[t->term_cell[k]] && t->term_coef[k] != 0;
      if (!touches) continue;
      for (int k = t->rel_start[r]; k < t->rel_start[r + 1]; k++) {
        int c = t->term_cell[k];
        if (t->term_coef[k] == 0 || in_component[c]) continue;
        if (t->cells[c].hidden) { in_component[c] = 1; grew = 1; }
        else if (in_component[c] == 0) { in_component[c] = 2; scratch[count++] = c; }
      }
    }
  }
  if (count == 0) return -1;
  double *key = util_malloc(sizeof(double) * (size_t)count);
  for (int i = 0; i < count; i++) {
    int shares = 0;
    for (int r = 0; r < t->rel_count && !shares; r++)
      shares = suppress_mentions(t, r, cell) && suppress_mentions(t, r, scratch[i]);
    key[i] = suppress_cost(t, scratch[i]) + (shares ? 0 : 1e17);
  }
  for (int i = 1; i < count; i++)   /* insertion sort; candidate lists are short */
    for (int j = i; j > 0 && key[j] < key[j - 1]; j--) {
      int tc = scratch[j]; scratch[j] = scratch[j - 1]; scratch[j - 1] = tc;
      double tk = key[j]; key[j] = key[j - 1]; key[j - 1] = tk;
    }
  free(key);
  for (int i = 0; i < count; i++) {
    t->cells[scratch[i]].hidden = 1;
    if (!suppress_derivable(t, probe, cell)) return 0;
    t->cells[scratch[i]].hidden = 0;
  }
  t->cells[scratch[0]].hidden = 1;
  return 0;
}

int suppress_run(suppress_table *t, int k) {
  int hidden = 0;
  for (int i = 0; i < t->cell_count; i++) {
    suppress_cell *c = &t->cells[i];
    /* A group under k publishes nothing, zeros included: a zero in a small group says
     * which answer nobody in it gave. */
    c->hidden = c->primary = (c->basis > 0 && c->basis < k) || c->group < k;
    hidden += c->hidden;
  }
  int *out = util_malloc(sizeof(int) * (size_t)(t->cell_count ? t->cell_count : 1));
  int *scratch = util_malloc(sizeof(int) * (size_t)(3 * t->cell_count + 3));
  int rc = 0;
  for (;;) {
    int n = suppress_derivable(t, out, -1);
    if (n == 0) break;
    for (int i = 0; i < n; i++) {
      if (suppress_add_complement(t, out[i], scratch) != 0) { rc = -1; goto done; }
      hidden++;
    }
  }
  rc = hidden;
done:
  free(scratch);
  free(out);
  return rc;
}
