/* ui_route.c — the route screen: the steps of the asylum procedure as a line of
 * pictogram discs (rows in landscape, a column in portrait), then the ways on. */
#include "ui/ui.h"
#include <string.h>    /* strcmp */
#include "ui/ui_checkin.h"
#include "ui/ui_internal.h"

typedef struct { int first, count; } ui_group;

static const char *ui_step_label(const site_page *pg) { return pg->route_label ? pg->route_label : pg->title; }

/* Width in px of the widest space-separated word of s, each laid out alone: a label
 * box narrower than this would have to break inside a word. */
int ui_widest_word(ui *u, const char *s, const char *lang, int size, int bold) {
  int widest = 0;
  lang = ui_text_lang(s, lang);
  for (const char *p = s; p && *p; ) {
    while (*p == ' ' || *p == '\n') p++;
    const char *e = p;
    while (*e && *e != ' ' && *e != '\n') e++;
    if (e > p) {
      text_params tp = { .lang = lang, .size_px = size, .bold = bold };
      text_layout *l = text_layout_paragraph(u->cfg.fonts, p, (size_t)(e - p), &tp, u->err, sizeof u->err);
      if (l && ui_px(l->width) > widest) widest = ui_px(l->width);
      text_layout_free(l);
    }
    p = e;
  }
  return widest;
}

/* Chooses the landscape timeline's grid and label sizes. Labels wrap only at spaces:
 * the first font size (body, then one and two steps smaller) at which some number of
 * balanced rows (1 up to one step per row, e.g. 11 steps as 6 + 5, never 9 + 2) gives every word of every
 * label, and of every sub-step button, its own width wins; fewer rows first. When
 * nothing fits (tiny screens), the smallest size on the most rows is used. */
static void ui_route_fit(ui *u, const ui_group *groups, int ng, int col_w, int node,
                         int *cols_out, int *rows_out, int *label_px, int *sub_px) {
  const int steps[3][2] = { { 8, 8 }, { 7, 8 }, { 6, 8 } };   /* size = body * num / den */
  int sub_pad = 2 * u->gap + 2 * ui_mm(u, 4);   /* sub-step button inset and padding */
  int max_rows = ng;
  for (int si = 0; si < 3; si++) {
    int lp = u->body_px * steps[si][0] / steps[si][1], sp = u->small_px * steps[si][0] / steps[si][1];
    int need = node, need_sub = 0;
    for (int g = 0; g < ng; g++) {
      const site_page *pg = &u->site->pages[groups[g].first];
      int w = ui_widest_word(u, ui_step_label(pg), ui_lang(u), lp, 1);
      if (w > need) need = w;
      for (int k = 1; k < groups[g].count; k++) {
        int ws = ui_widest_word(u, ui_step_label(&u->site->pages[groups[g].first + k]), ui_lang(u), sp, 1);
        if (ws > need_sub) need_sub = ws;
      }
    }
    for (int rows = 1; rows <= max_rows; rows++) {
      int cols = (ng + rows - 1) / rows;
      int box = col_w / cols - u->gap;   /* a step's width: its label's box */
      *cols_out = cols; *rows_out = (ng + cols - 1) / cols; *label_px = lp; *sub_px = sp;
      if (need <= box && need_sub <= box - sub_pad) return;
    }
  }
}

/* The route: a timeline of steps. Pages sharing a route number form one step (the
 * leerroute with MAP, PVT and KNM). Landscape: rows of steps in reading direction;
 * portrait: one step per row down the start edge. */
/* The route's geometry: the column and the sizes of a step. */
typedef struct { int col_x, col_w, node, sub_h, label_px, sub_px, line_w; } ui_route_geom;

/* Route pages grouped by route_order (a group = one step with sub-steps). Returns the count. */
static int ui_route_groups(const site *s, ui_group *groups, int max) {
  int ng = 0;
  for (int i = 0; i < s->page_count && ng < max; i++) {
    if (s->pages[i].route_order <= 0) continue;
    if (ng && s->pages[groups[ng - 1].first].route_order == s->pages[i].route_order &&
        groups[ng - 1].first + groups[ng - 1].count == i) { groups[ng - 1].count++; continue; }
    groups[ng++] = (ui_group){ i, 1 };
  }
  return ng;
}

/* Landscape: rows of steps side by side on a connector line. Returns the y below them. */
static int ui_route_rows(ui *u, const ui_group *groups, int ng, int cols, int rows, const ui_route_geom *g, int y) {
  const site *s = u->site;
  int col_x = g->col_x, col_w = g->col_w, node = g->node, sub_h = g->sub_h;
  int label_px = g->label_px, sub_px = g->sub_px, line_w = g->line_w;
  int cell = col_w / cols;
  for (int r = 0; r < rows; r++) {
    int row_h = 0, n_in_row = 0;
    int first_w = u->widget_count;
    /* connector behind the nodes of this row */
    ui_widget *ln = ui_add(u, "", "line");
    ln->bg = C_LINE;
    for (int c = 0; c < cols; c++) {
      int gi = r * cols + c;
      if (gi >= ng) break;
      n_in_row++;
      const site_page *pg = &s->pages[groups[gi].first];
      char id[UI_ID_MAX];
      snprintf(id, sizeof id, "step-%s", pg->id);
      ui_widget *w = ui_add(u, id, "step");
      w->action = ACT_OPEN_PAGE; ui_copy(w->target, sizeof w->target, pg->id);
      w->w = cell - u->gap;
      w->x = ui_mirror(u, col_x, col_w, c * cell + u->gap / 2, w->w); w->y = y;
      w->icon = ICON_PICTOGRAM; w->icon_color = C_PRIMARY;
      w->image = ui_image(u, pg->pictogram, (int)(node * UI_DISC_PICTURE));
      w->isize = node; w->ix = (w->w - node) / 2; w->iy = 0;
      w->text = ui_text(u, ui_step_label(pg), ui_lang(u), label_px, 1, w->w, NULL, 0, 1);
      w->label = ui_step_label(pg);
      w->tx = 0; w->ty = node + ui_mm(u, 2);
      w->h = w->ty + ui_text_h(w->text) + ui_mm(u, 2);
      int h = w->h;
      for (int k = 1; k < groups[gi].count; k++) {
        const site_page *sp = &s->pages[groups[gi].first + k];
        snprintf(id, sizeof id, "step-%s", sp->id);
        ui_widget *b = ui_button(u, id, ACT_OPEN_PAGE, sp->id, ICON_NONE, ui_step_label(sp), ui_lang(u),
                                 sub_px, w->x + u->gap, y + h + u->gap, w->w - 2 * u->gap,
                                 sub_h, C_CHIP, C_TEXT);
        b->kind = "substep";
        h += b->h + u->gap;
      }
      if (h > row_h) row_h = h;
    }
    ln = &u->widgets[first_w];
    int a = ui_mirror(u, col_x, col_w, cell / 2, 0), b2 = ui_mirror(u, col_x, col_w, (n_in_row - 1) * cell + cell / 2, 0);
    ln->x = a < b2 ? a : b2; ln->w = (a < b2 ? b2 - a : a - b2); ln->y = y + node / 2 - line_w / 2; ln->h = line_w;
    if (n_in_row < 2) ln->w = 0;
    y += row_h + ui_mm(u, 6);
  }
  return y;
}

/* Portrait: one step per row beside a vertical connector. Returns the y below them. */
static int ui_route_column(ui *u, const ui_group *groups, int ng, const ui_route_geom *g, int y) {
  const site *s = u->site;
  int col_x = g->col_x, col_w = g->col_w, node = g->node, sub_h = g->sub_h;
  int label_px = g->label_px, line_w = g->line_w;
  int label_w = col_w - node - ui_mm(u, 5);
  ui_widget *ln = ui_add(u, "", "line");
  ln->bg = C_LINE;
  int first_center = 0, last_center = 0;
  for (int gi = 0; gi < ng; gi++) {
    const site_page *pg = &s->pages[groups[gi].first];
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "step-%s", pg->id);
    ui_widget *w = ui_add(u, id, "step");
    w->action = ACT_OPEN_PAGE; ui_copy(w->target, sizeof w->target, pg->id);
    w->text = ui_text(u, pg->route_label ? pg->route_label : pg->title, ui_lang(u), label_px, 1,
                      label_w, NULL, 0, 0);
    w->label = pg->route_label ? pg->route_label : pg->title;
    int th = ui_text_h(w->text);
    w->h = node > th ? node : th;
    w->w = col_w;   /* the whole row is the target */
    w->x = col_x; w->y = y;
    w->isize = node; w->icon = ICON_PICTOGRAM; w->icon_color = C_PRIMARY;
    w->image = ui_image(u, pg->pictogram, (int)(node * UI_DISC_PICTURE));
    w->ix = ui_rtl(u) ? w->w - node : 0; w->iy = (w->h - node) / 2;
    w->tx = ui_rtl(u) ? 0 : node + ui_mm(u, 5);
    w->ty = (w->h - th) / 2;
    if (gi == 0) first_center = y + w->h / 2;
    last_center = y + w->h / 2;
    int h = w->h;
    int sx = 0;
    for (int k = 1; k < groups[gi].count; k++) {
      const site_page *sp = &s->pages[groups[gi].first + k];
      snprintf(id, sizeof id, "step-%s", sp->id);
      ui_widget *b = ui_button(u, id, ACT_OPEN_PAGE, sp->id, ICON_NONE,
                               sp->route_label ? sp->route_label : sp->title, ui_lang(u),
                               u->small_px, 0, y + h + u->gap, 0, sub_h, C_CHIP, C_TEXT);
      b->kind = "substep";
      int bx = node + ui_mm(u, 5) + sx;
      b->x = ui_mirror(u, col_x, col_w, bx, b->w);
      sx += b->w + u->gap;
      if (k == groups[gi].count - 1) h += b->h + u->gap;
    }
    y += h + ui_mm(u, 4);
  }
  ln = &u->widgets[u->widget_count - 1];
  for (int i = u->widget_count - 1; i >= 0; i--) if (!strcmp(u->widgets[i].kind, "line")) { ln = &u->widgets[i]; break; }
  ln->x = ui_mirror(u, col_x, col_w, node / 2 - line_w / 2, line_w); ln->w = line_w;
  ln->y = first_center; ln->h = last_center - first_center;
  return y;
}

/* The three ways on below the route: questions, help, and the check-in where it is set
 * up. Returns the y below them. */
static int ui_route_more(ui *u, int col_x, int col_w, int y) {
  int tcol_x = col_x, tcol_w = col_w;
  struct { const char *id, *key; int action; const char *target; int icon; } more[] = {
    { "questions", "questions", ACT_OPEN_SCREEN, "questions", ICON_QUESTION },
    { "help", "help", ACT_OPEN_SCREEN, "help", ICON_PHONE },
    { "checkin-entry", "checkin_entry", ACT_CHECKIN, "", ICON_HEART },
  };
  int n_more = ui_checkin_offered(u) ? 3 : 2;
  int bw = (col_w - (n_more - 1) * u->gap) / n_more, per_row = n_more;
  int label_room = bw - 2 * ui_mm(u, 4) - ui_mm(u, 8) - ui_mm(u, 3);   /* ui_button's padding and icon */
  for (int i = 0; i < n_more; i++)   /* side by side only if no word must break */
    if (ui_widest_word(u, ui_string(u, more[i].key), ui_lang(u), u->body_px, 1) > label_room) bw = 0;
  if (bw < ui_mm(u, 70)) { bw = tcol_w; per_row = 1; }
  int bx0 = per_row == 1 ? tcol_x : col_x, x = 0, row_h = 0;
  for (int i = 0; i < n_more; i++) {
    ui_widget *b = ui_button(u, more[i].id, more[i].action, more[i].target, more[i].icon,
                             ui_string(u, more[i].key), ui_lang(u), u->body_px, 0, y, bw,
                             ui_mm(u, 18), i == 2 ? C_PRIMARY : C_SURFACE, i == 2 ? C_ON_PRIMARY : C_TEXT);
    if (i != 2) b->border = C_BORDER;
    b->x = ui_mirror(u, bx0, per_row == 1 ? bw : col_w, x, bw);
    if (b->h > row_h) row_h = b->h;
    if (per_row == 1 || i == n_more - 1) { y += row_h + u->gap; row_h = 0; x = 0; }
    else x += bw + u->gap;
  }
  return y;
}

void ui_layout_route(ui *u) {
  ui_route_geom g = { .col_x = u->margin, .col_w = u->width - 2 * u->margin };
  int y = u->view_y + ui_mm(u, 5);
  y += ui_title(u, "title", ui_string(u, "route_title"), g.col_x, g.col_w, y) + ui_mm(u, 2);
  y += ui_paragraph(u, "intro", "text", ui_string(u, "route_intro"), ui_lang(u), u->body_px, 0,
                    NULL, 0, g.col_x, y, g.col_w, C_MUTED) + ui_mm(u, 6);
  if (ui_search_offered(u)) y += ui_search_entry(u, g.col_x, y, g.col_w)->h + ui_mm(u, 6);   /* search (ui_search.c) */
  ui_group groups[64];
  int ng = ui_route_groups(u->site, groups, 64);
  g.node = ui_mm(u, u->large_text ? 26 : 20); g.sub_h = ui_mm(u, 12); g.label_px = u->body_px;
  g.sub_px = u->small_px;
  g.line_w = ui_mm(u, 1.5);
  if (u->height <= u->width) {
    int cols = ng, rows = 1;
    ui_route_fit(u, groups, ng, g.col_w, g.node, &cols, &rows, &g.label_px, &g.sub_px);
    y = ui_route_rows(u, groups, ng, cols, rows, &g, y);
  } else {
    y = ui_route_column(u, groups, ng, &g, y);
  }
  y += ui_mm(u, 2);
  y = ui_route_more(u, g.col_x, g.col_w, y);
  u->content_height = y + u->margin - u->view_y;
}
