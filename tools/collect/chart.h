/* chart.h — small SVG charts for exports, written as text: a line chart (a value per
 * week per area) and a horizontal bar chart (answer counts). Suppressed values are
 * CHART_MISSING: a line breaks there and a bar says "weggelaten". */
#ifndef WEGWIJS_COLLECT_CHART_H
#define WEGWIJS_COLLECT_CHART_H

#define CHART_MISSING (-1e300)

typedef struct {
  const char *name;
  double *values;     /* one per x label; CHART_MISSING where not published */
  int emphasis;       /* drawn thick and dark (the total) */
} chart_series;

/* A line chart with y from ymin to ymax (integer grid lines). Returns a malloc'd SVG
 * document (caller frees). */
char *chart_lines(const char *title, const char *const *x_labels, int nx,
                  const chart_series *series, int nseries, double ymin, double ymax);

/* Horizontal bars with count and share of the published total. Malloc'd SVG. */
char *chart_bars(const char *title, const char *const *labels, const double *values, int n);
#endif
