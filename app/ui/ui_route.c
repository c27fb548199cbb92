/* ui_route.c — the route screen: the steps of the asylum procedure as a line of
 * pictogram discs (rows in landscape, a column in portrait), and the ways on in a fixed
 * action bar below it. */
#include "ui/ui.h"
#include <math.h>      /* lround */
#include <string.h>    /* strcmp, strstr */
#include "ui/ui_checkin.h"
#include "ui/ui_internal.h"
#include "ui/ui_navigator.h"
#include "util/util.h"

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
 * nothing fits (tiny screens), the smallest size on the most rows is used. Compact
 * level 1..3: starting one, two or three steps smaller, and two rows at any of these
 * sizes beat more rows. */
static void ui_route_fit(ui *u, const ui_group *groups, int ng, int col_w, int node, int compact,
                         int *cols_out, int *rows_out, int *label_px, int *sub_px) {
  const int steps[4][3] = { { 8, 7, 6 }, { 6, 5, 4 }, { 5, 4, 4 }, { 4, 4, 4 } };   /* size = body * step / 8 */
  int sub_pad = 2 * u->gap + 2 * ui_mm(u, 4);   /* sub-step button inset and padding */
  int max_rows = compact && ng > 2 ? 2 : ng;
  for (int si = 0; si < 3; si++) {
    int lp = u->body_px * steps[compact][si] / 8, sp = u->small_px * steps[compact][si] / 8;
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
    if (si == 2 && max_rows < ng) { max_rows = ng; si = -1; }   /* two rows do not fit: any */
  }
}

/* The route: a timeline of steps. Pages sharing a route number form one step (the
 * leerroute with MAP, PVT and KNM). Landscape: rows of steps in reading direction;
 * portrait: one step per row down the start edge. */
/* The route's geometry: the column and the sizes of a step. */
typedef struct { int col_x, col_w, node, sub_h, label_px, sub_px, line_w, compact, tight; } ui_route_geom;

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
      w->tx = 0; w->ty = node + ui_mm(u, g->tight ? 0.5 : 2);
      w->h = w->ty + ui_text_h(w->text) + ui_mm(u, g->tight ? 0.5 : 2);
      if (w->h < u->target) w->h = u->target;   /* a small disc: the step is still a target */
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
    y += row_h + (r == rows - 1 ? 0 : g->tight ? u->gap : ui_mm(u, 6));   /* the last row ends the list */
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
    if (gi < ng - 1) y += h + (g->tight ? u->gap : ui_mm(u, 4));   /* rows are targets: >= 3 mm apart */
    else y += h;
  }
  ln = &u->widgets[u->widget_count - 1];
  for (int i = u->widget_count - 1; i >= 0; i--) if (!strcmp(u->widgets[i].kind, "line")) { ln = &u->widgets[i]; break; }
  ln->x = ui_mirror(u, col_x, col_w, node / 2 - line_w / 2, line_w); ln->w = line_w;
  ln->y = first_center; ln->h = last_center - first_center;
  return y;
}

/* ------------------------------------------------------------------ the action bar */

/* The ways on from the route, in a fixed bar at the bottom that never scrolls away:
 * help first. One row per entry; `shown` (NULL = always) hides an entry where it does
 * not apply. The bar has room for five entries at 800x480, left to right or mirrored. */
typedef struct {
  const char *id;          /* widget id (scripts, --events) */
  const char *pictogram;   /* assets/pictograms/NAME.svg */
  int icon;                /* drawn from shapes when the pack lacks the pictogram */
  const char *label_key;   /* content/ui.tsv */
  const char *short_key;   /* the label in the compact bar (NULL: its first sentence) */
  int action; const char *target;
  int (*shown)(const ui *u);
} ui_route_action;

static const ui_route_action ui_route_actions[] = {
  { "help", "phone", ICON_PHONE, "help", NULL, ACT_OPEN_SCREEN, "help", NULL },
  { "navigator-entry", "route", ICON_INFO, "nav_entry", "nav_entry_short", ACT_NAV_BEGIN, "", ui_navigator_offered },
  { "questions", "vragen", ICON_QUESTION, "questions", NULL, ACT_OPEN_SCREEN, "questions", NULL },
  { "checkin-entry", "checkin", ICON_HEART, "checkin_entry", NULL, ACT_CHECKIN, "", ui_checkin_offered },
  { "search-entry", "search", ICON_SEARCH, "search", NULL, ACT_SEARCH_OPEN, "", ui_search_offered },
};
enum { UI_ROUTE_ACTIONS_MAX = 5 };

/* The label as shown in a narrow cell: the whole text, or its first sentence when the
 * whole needs more than max_lines ("Hoe gaat het met je?" of the check-in entry). */
static text_layout *ui_action_label(ui *u, const char *s, int size, int width, int max_lines,
                                    const char **shown, char *buf, size_t cap) {
  *shown = s;
  text_layout *l = ui_text(u, s, ui_lang(u), size, 1, width, NULL, 0, 1);
  if (!l || l->line_count <= max_lines) return l;
  static const char *const ends[] = { "? ", ". ", "! ", "\xd8\x9f ", "\xe1\x8d\xa7 ", "\xe1\x8d\xa2 " };   /* ? . ! ؟ ፧ ። */
  const char *cut = NULL;
  for (size_t i = 0; i < UTIL_COUNT(ends); i++) {
    const char *p = strstr(s, ends[i]);
    if (p && (!cut || p < cut)) cut = p + strlen(ends[i]) - 1;
  }
  if (!cut) return l;
  snprintf(buf, cap, "%.*s", (int)(cut - s), s);
  text_layout_free(l);
  *shown = buf;
  return ui_text(u, buf, ui_lang(u), size, 1, width, NULL, 0, 1);
}

/* Lays out the bar at the bottom and shrinks the scrolling view above it. Wide cells
 * put the pictogram beside the label; narrow ones stack it above. Compact (a short
 * panel whose steps would not all show): a smaller pictogram above a one-line label
 * (its first sentence, else two lines), thin insets, and a thin strip below the row. */
static void ui_route_action_bar(ui *u, int compact) {
  const ui_route_action *shown[UI_ROUTE_ACTIONS_MAX];
  int n = 0;
  for (size_t i = 0; i < UTIL_COUNT(ui_route_actions) && n < UI_ROUTE_ACTIONS_MAX; i++)
    if (!ui_route_actions[i].shown || ui_route_actions[i].shown(u)) shown[n++] = &ui_route_actions[i];
  if (!n) return;
  static char cut[UI_ROUTE_ACTIONS_MAX][160];
  /* pad = the target spacing: a step cut off by the bar stays 3 mm from its buttons */
  int pad = u->gap, m = u->margin / 2, isz = ui_mm(u, compact ? 6 : 8);
  int inset = compact ? ui_mm(u, 1) : pad, below = compact ? ui_mm(u, 1) : pad;
  int cell = (u->width - 2 * m - (n - 1) * u->gap) / n;
  int beside = !compact && cell >= ui_mm(u, 40);
  /* the bar keeps the normal text size under large text, so it never crowds out the route */
  int wide = cell >= ui_mm(u, 55), size = (int)lround(6.25 * u->ppm) * (wide && !compact ? 4 : 3) / 5;
  int text_w = beside ? cell - 3 * pad - isz : cell - 2 * inset, first = u->widget_count;
  ui_widget *bar = ui_add(u, "actions", "bar");
  bar->fixed = 1; bar->bg = C_SURFACE; bar->border = C_BORDER;
  int h = u->target, lift = ui_mm(u, compact ? 0.5 : 1), edge = compact ? 2 * inset : ui_mm(u, 4);
  for (int i = 0; i < n; i++) {
    ui_widget *b = ui_add(u, shown[i]->id, "button");
    b->fixed = 1; b->action = shown[i]->action;
    ui_copy(b->target, sizeof b->target, shown[i]->target);
    int primary = shown[i]->action == ACT_CHECKIN;
    b->bg = primary ? C_PRIMARY : C_SURFACE; b->border = primary ? C_NONE : C_BORDER;
    b->text_color = b->icon_color = primary ? C_ON_PRIMARY : C_TEXT;
    b->radius = ui_mm(u, 2.5); b->icon = shown[i]->icon; b->isize = isz;
    b->image = ui_image(u, shown[i]->pictogram, isz);
    const char *key = compact && shown[i]->short_key ? shown[i]->short_key : shown[i]->label_key;
    b->text = ui_action_label(u, ui_string(u, key), size, text_w, beside && !wide ? 1 : compact ? 1 : 2,
                              &b->label, cut[i], sizeof cut[i]);
    int need = beside ? ui_text_h(b->text) + edge : isz + lift + ui_text_h(b->text) + edge;
    if (need > h) h = need;
  }
  int top = u->height - h - pad - below;
  bar->x = -ui_mm(u, 1); bar->y = top; bar->w = u->width + ui_mm(u, 2); bar->h = h + pad + below + ui_mm(u, 1);
  for (int i = 0; i < n; i++) {
    ui_widget *b = &u->widgets[first + 1 + i];
    b->w = cell; b->h = h; b->y = top + pad;
    b->x = ui_mirror(u, m, u->width - 2 * m, i * (cell + u->gap), cell);
    int th = ui_text_h(b->text);
    if (beside) {   /* pictogram at the start edge, the label box beside it */
      b->ix = ui_rtl(u) ? cell - pad - isz : pad; b->iy = (h - isz) / 2;
      b->tx = ui_rtl(u) ? pad : 2 * pad + isz; b->ty = (h - th) / 2;
    } else {
      int block = isz + lift + th;
      b->ix = (cell - isz) / 2; b->iy = (h - block) / 2;
      b->tx = inset; b->ty = b->iy + isz + lift;
    }
  }
  u->view_h = top - u->view_y;
}

/* The timeline from y down at a level of density; returns the y below it.
 * 0: title, intro, 20 mm discs (a column in portrait, rows in landscape);
 * 1: no intro, 15 mm discs, tighter spacing, rows preferring two with smaller labels
 * (a column still in portrait); 2..4: compact — no title, 11 mm discs (the target is
 * the whole step, disc and label, still >= 15 mm), two rows even in portrait, labels
 * one to three steps smaller (ui_route_fit's compact levels); 5: as 4 with 9 mm discs
 * and less room above (Arabic and Ge'ez labels at 800x480). */
static int ui_route_timeline(ui *u, int level) {
  ui_route_geom g = { .col_x = u->margin, .col_w = u->width - 2 * u->margin,
                      .compact = level >= 4 ? 3 : level >= 2 ? level - 1 : level, .tight = level >= 1 };
  int y = u->view_y + ui_mm(u, level >= 5 ? 1 : level >= 2 ? 2 : 5);
  if (level <= 1)
    y += ui_title(u, "title", ui_string(u, "route_title"), g.col_x, g.col_w, y) + ui_mm(u, level ? 3 : 2);
  if (!level)
    y += ui_paragraph(u, "intro", "text", ui_string(u, "route_intro"), ui_lang(u), u->body_px, 0,
                      NULL, 0, g.col_x, y, g.col_w, C_MUTED) + ui_mm(u, 6);
  ui_group groups[64];
  int ng = ui_route_groups(u->site, groups, 64);
  g.node = ui_mm(u, level >= 5 ? 9 : level >= 2 ? 11 : level ? (u->large_text ? 20 : 15) : (u->large_text ? 26 : 20));
  g.sub_h = ui_mm(u, 12); g.label_px = u->body_px;
  g.sub_px = u->small_px;
  g.line_w = ui_mm(u, 1.5);
  if (u->height <= u->width || level >= 2) {
    int cols = ng, rows = 1;
    ui_route_fit(u, groups, ng, g.col_w, g.node, g.compact, &cols, &rows, &g.label_px, &g.sub_px);
    return ui_route_rows(u, groups, ng, cols, rows, &g, y);
  }
  return ui_route_column(u, groups, ng, &g, y);
}

/* The route: the action bar first (it decides the room), then the roomy timeline, or
 * the first denser level that puts every step on the screen at once (else the densest);
 * when none does, the same again under the compact bar. */
void ui_layout_route(ui *u) {
  int bar = u->widget_count, view_h = u->view_h, y = 0;
  for (int compact = 0; compact <= 1; compact++) {
    u->view_h = view_h;
    ui_route_action_bar(u, compact);
    int first = u->widget_count;
    for (int level = 0; level <= 5; level++) {
      y = ui_route_timeline(u, level);
      if (level == 5 || y <= u->view_y + u->view_h) break;
      ui_free_layouts(u, first);
    }
    if (compact || y <= u->view_y + u->view_h) break;
    ui_free_layouts(u, bar);
  }
  u->content_height = y + u->margin - u->view_y;
  /* every step in view: the bottom margin alone is no reason to scroll */
  if (y <= u->view_y + u->view_h && u->content_height > u->view_h) u->content_height = u->view_h;
}
