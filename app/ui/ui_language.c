/* ui_language.c — the language screen and its attract mode. Every language is on the
 * screen at once (no scrolling) at every panel size the kiosk is made for: the grid of
 * tiles is chosen so the names are as large as the screen allows. After an idle reset
 * the screen invites passers-by: "touch to start" in each language in turn. */
#include "ui/ui.h"
#include <string.h>    /* strcmp */
#include "ui/ui_internal.h"
#include "util/util.h"

enum { UI_ATTRACT_MS = 2500 };   /* one language's invitation; 0.4 redraws per second */

/* ------------------------------------------------------------------ attract mode */

void ui_attract_collect(ui *u, const site *s, const char *code, const char *start_text) {
  if (!s) {   /* start again */
    for (int i = 0; i < u->attract_count; i++) free(u->attract_text[i]);
    u->attract_count = 0;
    return;
  }
  if (u->attract_count >= UI_CHOOSE_MAX) return;
  /* a language that does not translate the invitation yet shows its "choose your
   * language" (the start language's text would only repeat the start language) */
  const char *t = site_ui_string(s, "touch_start");
  if (start_text && !strcmp(t, start_text) && strcmp(code, u->cfg.start_lang)) t = site_ui_string(s, "choose_language");
  if (!strcmp(t, "touch_start") || !strcmp(t, "choose_language")) return;
  for (int k = 0; k < u->attract_count; k++) if (!strcmp(u->attract_text[k], t)) return;
  u->attract_text[u->attract_count] = util_strdup(t);
  snprintf(u->attract_lang[u->attract_count], sizeof u->attract_lang[0], "%.15s", code);
  u->attract_count++;
}

void ui_attract_start(ui *u, long long now) {
  if (!u->attract_count) return;
  u->attract = 1;
  u->attract_since = now;
  u->attract_index = 0;
  ui_emit(u, "\"event\":\"attract_started\"");
}

int ui_attract_stop(ui *u) {
  if (!u->attract) return 0;
  u->attract = 0;
  ui_emit(u, "\"event\":\"attract_stopped\"");
  ui_relayout(u);
  return 1;
}

int ui_attract_tick(ui *u, long long now, int *wait) {
  if (!u->attract) return 0;
  if (u->lang_chosen || ui_top(u)->screen != UI_SCREEN_LANGUAGE || u->depth != 1) { u->attract = 0; ui_relayout(u); return 1; }
  long long t = now - u->attract_since;
  if (t < 0) t = 0;
  int index = (int)((t / UI_ATTRACT_MS) % u->attract_count);
  long long to_next = UI_ATTRACT_MS - t % UI_ATTRACT_MS;
  if (to_next < *wait) *wait = (int)to_next;
  if (index == u->attract_index) return 0;
  u->attract_index = index;
  ui_relayout(u);
  return 1;
}

/* ------------------------------------------------------------------ the screen */

/* The header: globe and "choose your language" in the start language. Returns its height. */
static int ui_language_header(ui *u, int col_x, int col_w, int y) {
  const char *text = ui_string(u, "choose_language"), *lang = ui_lang(u);
  int isz = ui_mm(u, 10), ipad = ui_mm(u, 3);
  ui_widget *t = ui_add(u, "choose-language", "title");
  t->text = ui_text(u, text, lang, u->body_px, 1, col_w - isz - ipad, NULL, 0, 0);
  t->label = text;
  int tw = ui_text_w(t->text), th = ui_text_h(t->text), h = th > isz ? th : isz;
  int x0 = col_x + (col_w - tw - isz - ipad) / 2;
  int rtl = text_lang_is_rtl(ui_text_lang(text, lang));
  t->x = rtl ? x0 : x0 + isz + ipad; t->y = y + (h - th) / 2; t->w = tw; t->h = th;
  if (t->text && t->text->line_count == 1) t->tx = -ui_px(t->text->lines[0].x);
  ui_widget *g = ui_add(u, "choose-language-icon", "icon");
  g->icon = ICON_GLOBE; g->icon_color = C_PRIMARY; g->isize = isz;
  g->w = g->h = isz; g->x = rtl ? x0 + tw + ipad : x0; g->y = y + (h - isz) / 2;
  g->image = ui_image(u, "language", isz);
  return h;
}

/* Attract mode's banner over the top bar (nobody needs the toggles before the first
 * touch, and that touch only ends attract mode): the touch pictogram and the
 * invitation in the language of the moment, in that language's direction. */
static void ui_attract_banner(ui *u) {
  const char *text = u->attract_text[u->attract_index], *lang = u->attract_lang[u->attract_index];
  int pad = ui_mm(u, 3), isz = u->view_y - 2 * pad;
  ui_widget *b = ui_add(u, "attract", "banner");
  b->fixed = 1; b->x = 0; b->y = 0; b->w = u->width; b->h = u->view_y; b->bg = C_CALLOUT;
  b->icon = ICON_TOUCH; b->icon_color = C_TEXT; b->isize = isz;
  b->image = ui_image(u, "touch", isz);
  b->text = ui_text(u, text, lang, u->title_px, 1, u->width - 3 * pad - isz, NULL, 0, 0);
  b->label = text;
  int tw = ui_text_w(b->text), th = ui_text_h(b->text);
  int x0 = (u->width - tw - isz - pad) / 2, rtl = text_lang_is_rtl(ui_text_lang(text, lang));
  if (x0 < pad) x0 = pad;
  b->ix = rtl ? x0 + tw + pad : x0; b->iy = pad;
  b->tx = (rtl ? x0 : x0 + isz + pad) - (b->text && b->text->line_count == 1 ? ui_px(b->text->lines[0].x) : 0);
  b->ty = (u->view_y - th) / 2;
}

/* "Choose your language" in language code, when that language translates it. */
static const char *ui_choose_in(const ui *u, const char *code) {
  for (int i = 0; i < u->choose_count; i++) if (!strcmp(u->choose_lang[i], code)) return u->choose[i];
  return NULL;
}

typedef struct { int cols, rows, tile_w, tile_h, name_px; } ui_lang_grid;

/* The grid that shows every name largest: for each row count, the tiles fill the room
 * (at most 26 mm high, 90 mm wide, never under the 15 mm target) and the name size is
 * what the widest name and the tile height allow, up to 1.5 × body. Ties go to more
 * rows (wider tiles). Returns 0, or -1 when no grid fits (the screen then scrolls). */
static int ui_language_grid(ui *u, int col_w, int room, ui_lang_grid *best) {
  int n = u->site->language_count, ref = u->body_px * 3 / 2, pad = ui_mm(u, 2);
  int widest = 1, line_h = 1;
  for (int i = 0; i < n; i++) {
    const site_language *l = &u->site->languages[i];
    text_layout *m = ui_text(u, l->name, l->code, ref, 1, 0, NULL, 0, 0);
    if (ui_text_w(m) > widest) widest = ui_text_w(m);
    if (ui_text_h(m) > line_h) line_h = ui_text_h(m);
    text_layout_free(m);
  }
  best->name_px = 0;
  for (int rows = 1; rows <= n; rows++) {
    int cols = (n + rows - 1) / rows, r = (n + cols - 1) / cols;
    int tw = (col_w - (cols - 1) * u->gap) / cols, th = (room - (r - 1) * u->gap) / r;
    if (tw > ui_mm(u, 90)) tw = ui_mm(u, 90);
    if (th > ui_mm(u, 26)) th = ui_mm(u, 26);
    if (th < u->target) break;
    if (tw < u->target) continue;
    long long s = ref;
    if ((long long)ref * (tw - 2 * pad) / widest < s) s = (long long)ref * (tw - 2 * pad) / widest;
    if ((long long)ref * (th - 2 * pad) / line_h < s) s = (long long)ref * (th - 2 * pad) / line_h;
    if (s >= best->name_px) *best = (ui_lang_grid){ cols, r, tw, th, (int)s };
  }
  return best->name_px > 0 ? 0 : -1;
}

void ui_layout_language(ui *u) {
  int col_x, col_w = ui_column(u, &col_x);
  int y = u->view_y + ui_mm(u, 3);
  /* a short screen (800x480) gives the header's room to the tiles, which say "choose
   * your language" in their own languages where they can */
  if (u->view_h >= ui_mm(u, 100)) y += ui_language_header(u, col_x, col_w, y) + ui_mm(u, 3);
  if (u->attract && u->attract_count > 0) ui_attract_banner(u);
  int n = u->site->language_count, pad = ui_mm(u, 2);
  ui_lang_grid g;
  if (ui_language_grid(u, col_w, u->view_y + u->view_h - ui_mm(u, 3) - y, &g) != 0) {
    g.cols = col_w / (u->target + u->gap) > 0 ? col_w / (u->target + u->gap) : 1;
    g.rows = (n + g.cols - 1) / g.cols;
    g.tile_w = (col_w - (g.cols - 1) * u->gap) / g.cols; g.tile_h = u->target; g.name_px = u->small_px;
  }
  int grid_w = g.cols * g.tile_w + (g.cols - 1) * u->gap, grid_x = (u->width - grid_w) / 2;
  for (int i = 0; i < n; i++) {
    const site_language *l = &u->site->languages[i];
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "lang-%s", l->code);
    ui_widget *w = ui_add(u, id, "tile");
    w->action = ACT_SET_LANGUAGE;
    ui_copy(w->target, sizeof w->target, l->code);
    w->x = grid_x + ui_mirror(u, 0, grid_w, (i % g.cols) * (g.tile_w + u->gap), g.tile_w);
    w->y = y + (i / g.cols) * (g.tile_h + u->gap);
    w->w = g.tile_w; w->h = g.tile_h;
    w->bg = u->lang_chosen && !strcmp(l->code, ui_lang(u)) ? C_CHIP : C_SURFACE;
    w->border = C_BORDER; w->radius = ui_mm(u, 3);
    w->text = ui_text(u, l->name, l->code, g.name_px, 1, g.tile_w - 2 * pad, NULL, 0, 1);
    w->label = l->name;
    int th = ui_text_h(w->text);
    /* "choose your language" in the tile's own language, under its name, where it fits */
    const char *choose = ui_choose_in(u, l->code);
    int sub_px = u->small_px * 3 / 4 < g.name_px * 3 / 5 ? u->small_px * 3 / 4 : g.name_px * 3 / 5;
    text_layout *c = choose ? ui_text(u, choose, l->code, sub_px, 0, g.tile_w - 2 * pad, NULL, 0, 1) : NULL;
    if (c && th + ui_mm(u, 1) + ui_text_h(c) <= g.tile_h - 2 * pad) {
      ui_widget *sub = ui_add(u, "", "text");
      sub->text = c; sub->label = choose; sub->text_color = C_MUTED;
      sub->x = w->x + pad; sub->w = g.tile_w - 2 * pad; sub->h = ui_text_h(c);
      int block = th + ui_mm(u, 1) + sub->h;
      w->ty = (g.tile_h - block) / 2;
      sub->y = w->y + w->ty + th + ui_mm(u, 1);
    } else {
      text_layout_free(c);
      w->ty = (g.tile_h - th) / 2;
    }
    w->tx = pad;
  }
  y += g.rows * (g.tile_h + u->gap) - u->gap;
  u->content_height = y + ui_mm(u, 3) - u->view_y;
}
