/* budget.h — the pixel budgets the pack checker lays text out against, per screen, so
 * content that would overflow on a kiosk is caught before a pack ships. They mirror
 * app/ui/ui.c's metrics (sizes designed in mm: body cap height 4.5 mm → body px =
 * 6.25 mm, titles 1.5×, headings 1.25×, small 0.8×; 6 mm margins, 200 mm column,
 * 22 mm page pictogram, 36 mm route cells, 4 mm button padding, 8 mm icons). When the
 * UI changes those numbers, change them here too. */
#ifndef WEGWIJS_PACK_BUDGET_H
#define WEGWIJS_PACK_BUDGET_H
#include <math.h>   /* lround */

typedef struct { const char *name; int width, height; double mm_per_px; } pack_screen;

/* The screens every pack must fit: a 15.6" 1080p panel both ways and a 7" 800×480. */
#define PACK_SCREENS { { "1920x1080", 1920, 1080, 0.18 }, { "1080x1920", 1080, 1920, 0.18 }, \
                       { "800x480", 800, 480, 0.1926 } }
enum { PACK_SCREEN_COUNT = 3 };

/* What is laid out, and how many lines it may take before it overflows. */
enum { PACK_ROLE_TITLE, PACK_ROLE_HEADING, PACK_ROLE_ROUTE_LABEL, PACK_ROLE_BUTTON, PACK_ROLE_COUNT };
static const char *const pack_role_names[PACK_ROLE_COUNT] = { "title", "heading", "route label", "button" };
static const int pack_role_max_lines[PACK_ROLE_COUNT] = { 2, 2, 2, 1 };

typedef struct { int size_px, width_px, bold, max_lines; } pack_budget;

static inline int pack_budget_mm(const pack_screen *s, double mm) { return (int)lround(mm / s->mm_per_px); }

/* The size, wrap width and line limit of role on screen s. */
static inline pack_budget pack_budget_for(const pack_screen *s, int role) {
  int body = pack_budget_mm(s, 6.25), margin = pack_budget_mm(s, 6);
  int column = s->width - 2 * margin, max_column = pack_budget_mm(s, 200);
  if (column > max_column) column = max_column;
  pack_budget b = { body, column, 1, pack_role_max_lines[role] };
  switch (role) {
  case PACK_ROLE_TITLE:
    b.size_px = body * 3 / 2;
    b.width_px = column - pack_budget_mm(s, 22) - pack_budget_mm(s, 4);
    break;
  case PACK_ROLE_HEADING:
    b.size_px = body * 5 / 4;
    break;
  case PACK_ROLE_ROUTE_LABEL: {
    int cell = pack_budget_mm(s, 36);
    if (s->height > s->width) cell = column - pack_budget_mm(s, 20) - pack_budget_mm(s, 5);
    else { int cols = column / cell; if (cols < 1) cols = 1; cell = column / cols - pack_budget_mm(s, 3); }
    b.width_px = cell;
    b.bold = 0;
    break;
  }
  case PACK_ROLE_BUTTON:
    b.size_px = body * 4 / 5;
    /* a bar button (icon + label) may take a third of the screen width */
    b.width_px = s->width / 3 - 2 * pack_budget_mm(s, 4) - pack_budget_mm(s, 8) - pack_budget_mm(s, 3);
    b.bold = 0;
    break;
  }
  return b;
}
#endif
