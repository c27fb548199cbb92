/* chart.c — SVG line and bar charts as plain text (chart.h). */
#include "chart.h"
#include "util/util.h"
#include <stdarg.h>   /* va_list */
#include <string.h>   /* strlen */

typedef struct { char *p; size_t len, cap; } chart_text;

static void chart_put(chart_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void chart_put(chart_text *t, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(t->p ? t->p + t->len : NULL, t->p ? t->cap - t->len : 0, fmt, ap);
    va_end(ap);
    expect(n >= 0);
    if (t->p && t->len + (size_t)n < t->cap) { t->len += (size_t)n; return; }
    t->cap = (t->cap + (size_t)n + 1) * 2;
    t->p = util_realloc(t->p, t->cap);
  }
}

static void chart_text_escaped(chart_text *t, const char *s) {
  for (; *s; s++)
    switch (*s) {
    case '<': chart_put(t, "&lt;"); break;
    case '>': chart_put(t, "&gt;"); break;
    case '&': chart_put(t, "&amp;"); break;
    case '"': chart_put(t, "&quot;"); break;
    default: chart_put(t, "%c", *s);
    }
}

/* Colour-blind-safe palette (Okabe–Ito, then darker variants). */
static const char *const chart_colours[] = {
  "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7F3C8D",
  "#11A579", "#3969AC", "#F2B701", "#E73F74"
};

static void chart_open(chart_text *t, int w, int h, const char *title) {
  chart_put(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
               " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Noto Sans, DejaVu Sans, sans-serif\">\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n"
               "<text x=\"20\" y=\"30\" font-size=\"17\" font-weight=\"bold\" fill=\"#1d2733\">", w, h, w, h);
  chart_text_escaped(t, title);
  chart_put(t, "</text>\n");
}

char *chart_lines(const char *title, const char *const *x_labels, int nx,
                  const chart_series *series, int nseries, double ymin, double ymax) {
  chart_text t = { 0 };
  const int left = 60, top = 55, plot_w = 640, plot_h = 320, legend_w = 230;
  int h = top + plot_h + 70, w = left + plot_w + 30 + legend_w;
  if (h < top + 24 * nseries + 40) h = top + 24 * nseries + 40;
  chart_open(&t, w, h, title);
  double span = ymax - ymin > 0 ? ymax - ymin : 1;
#define CHART_X(i) (left + (nx > 1 ? (double)(i) * plot_w / (nx - 1) : plot_w / 2.0))
#define CHART_Y(v) (top + plot_h - ((v) - ymin) * plot_h / span)
  for (int g = (int)ymin; g <= (int)ymax; g++) {
    chart_put(&t, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d8dee6\"/>\n", left, CHART_Y(g),
              left + plot_w, CHART_Y(g));
    chart_put(&t, "<text x=\"%d\" y=\"%.1f\" font-size=\"13\" text-anchor=\"end\" fill=\"#4a5868\">%d</text>\n",
              left - 8, CHART_Y(g) + 4, g);
  }
  int step = nx > 12 ? (nx + 11) / 12 : 1;
  for (int i = 0; i < nx; i += step)
    chart_put(&t, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" fill=\"#4a5868\">%s</text>\n",
              CHART_X(i), top + plot_h + 22, x_labels[i]);
  chart_put(&t, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#4a5868\">ISO-week; ontbrekende punten zijn"
                " weggelaten (minder dan k antwoorden)</text>\n", left, top + plot_h + 48);
  for (int s = 0; s < nseries; s++) {
    const chart_series *se = &series[s];
    const char *colour = se->emphasis ? "#1d2733" : chart_colours[s % UTIL_COUNT(chart_colours)];
    double width = se->emphasis ? 3.5 : 2;
    /* One polyline per unbroken run: a suppressed week is a visible gap, not a guess. */
    for (int i = 0; i < nx;) {
      while (i < nx && se->values[i] == CHART_MISSING) i++;
      int start = i;
      while (i < nx && se->values[i] != CHART_MISSING) i++;
      if (i - start >= 2) {
        chart_put(&t, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" points=\"", colour, width);
        for (int j = start; j < i; j++) chart_put(&t, "%.1f,%.1f ", CHART_X(j), CHART_Y(se->values[j]));
        chart_put(&t, "\"/>\n");
      }
      for (int j = start; j < i; j++)
        chart_put(&t, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>\n", CHART_X(j), CHART_Y(se->values[j]),
                  width + 1, colour);
    }
    int ly = top + 10 + 24 * s;
    chart_put(&t, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%.1f\"/>\n",
              left + plot_w + 30, ly, left + plot_w + 56, ly, colour, width);
    chart_put(&t, "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1d2733\">", left + plot_w + 64, ly + 5);
    chart_text_escaped(&t, se->name);
    chart_put(&t, "</text>\n");
  }
#undef CHART_X
#undef CHART_Y
  chart_put(&t, "</svg>\n");
  return t.p;
}

char *chart_bars(const char *title, const char *const *labels, const double *values, int n) {
  chart_text t = { 0 };
  const int label_w = 300, bar_w = 420, top = 55, row = 34;
  int w = label_w + bar_w + 150, h = top + row * n + 50;
  double max = 0, total = 0;
  for (int i = 0; i < n; i++)
    if (values[i] != CHART_MISSING) { total += values[i]; if (values[i] > max) max = values[i]; }
  chart_open(&t, w, h, title);
  for (int i = 0; i < n; i++) {
    int y = top + row * i;
    chart_put(&t, "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"end\" fill=\"#1d2733\">", label_w - 10, y + 20);
    chart_text_escaped(&t, labels[i]);
    chart_put(&t, "</text>\n");
    if (values[i] == CHART_MISSING) {
      chart_put(&t, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-style=\"italic\" fill=\"#8a96a3\">weggelaten"
                    " (minder dan k)</text>\n", label_w, y + 20);
      continue;
    }
    double len = max > 0 ? values[i] * bar_w / max : 0;
    chart_put(&t, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"#0072B2\"/>\n", label_w, y + 5,
              len, row - 10);
    chart_put(&t, "<text x=\"%.1f\" y=\"%d\" font-size=\"13\" fill=\"#1d2733\">%.0f (%.0f%%)</text>\n",
              label_w + len + 8, y + 20, values[i], total > 0 ? 100.0 * values[i] / total : 0);
  }
  chart_put(&t, "<text x=\"20\" y=\"%d\" font-size=\"12\" fill=\"#4a5868\">Percentages van de gepubliceerde aantallen."
                "</text>\n</svg>\n", h - 15);
  return t.p;
}
