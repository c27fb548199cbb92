/* ui_navigator.c — "Where am I on this road?": the pack's question tree one question per
 * screen (pictogram tiles), then the result: the route as a row of discs with "you are
 * here" and the next step marked (mirrored in RTL), the next step's title and sentence,
 * what to do now, what to bring and whom to ask, each linking to its page. The answers
 * are u->nav_path only: never in an event, a log or a file. */
#include "ui/ui_navigator.h"
#include <string.h>    /* strcmp, memset */
#include "ui/ui_internal.h"
#include "util/util.h"

enum { NAV_TILES_MAX = 8,     /* answers shown for one question */
       NAV_ITEMS_MAX = 5 };   /* items shown per list ("3 to 5") */

/* ------------------------------------------------------------------ the walk */

/* Where the answers so far lead: the question being asked (its index and its 1-based
 * number on this path) or, when result is set, the answer that ended the walk. */
typedef struct { int question, step; const site_nav_answer *result; } nav_place;

static nav_place nav_where(const ui *u) {
  nav_place p = { 0, 1, NULL };
  const site *s = u->site;
  for (int i = 0; i < u->nav_steps && s->nav_question_count > 0; i++) {
    const site_nav_question *q = &s->nav_questions[p.question];
    int a = u->nav_path[i];
    if (a < 0 || a >= q->answer_count) break;   /* cannot happen: answers come from this site */
    if (q->answers[a].ask < 0) { p.result = &q->answers[a]; p.question = -1; return p; }
    p.question = q->answers[a].ask;
    p.step++;
  }
  return p;
}

int ui_navigator_offered(const ui *u) { return u->site && u->site->nav_question_count > 0; }

void ui_navigator_wipe(ui *u) {
  memset(u->nav_path, 0, sizeof u->nav_path);
  u->nav_steps = 0;
}

void ui_navigator_left(ui *u) {
  for (int i = 0; i < u->depth; i++) if (u->history[i].screen == UI_SCREEN_NAVIGATOR) return;
  ui_navigator_wipe(u);
}

const char *ui_navigator_event_id(int action, const char *id) {
  return action == ACT_NAV_ANSWER ? "nav-answer" : id;
}

void ui_navigator_dump(const ui *u, FILE *out) {
  if (!ui_navigator_offered(u)) { fputs("\"navigator\":{\"step\":\"none\",\"here\":\"\",\"next\":\"\"},", out); return; }
  nav_place p = nav_where(u);
  if (p.result) fprintf(out, "\"navigator\":{\"step\":\"result\",\"here\":\"%s\",\"next\":\"%s\"},", p.result->here, p.result->next);
  else fprintf(out, "\"navigator\":{\"step\":\"question-%d\",\"here\":\"\",\"next\":\"\"},", p.step);
}

/* ------------------------------------------------------------------ actions */

/* A new question or the result: fresh tap guard, top of the screen, new layout. */
static void nav_step_changed(ui *u, long long now) {
  ui_listen_stop(u, "navigation");
  u->guard_until = now + u->cfg.guard_ms;
  u->velocity = 0;
  u->pressed = -1;
  u->dragging = 0;
  ui_top(u)->scroll = 0;
  ui_relayout(u);
}

static void nav_leave(ui *u, long long now) {
  ui_navigator_wipe(u);
  u->depth = 1;
  u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE };
  ui_screen_changed(u, now);
}

static void nav_listen(ui *u) {
  nav_place p = nav_where(u);
  if (p.result || !ui_navigator_offered(u)) return;
  const site_nav_question *q = &u->site->nav_questions[p.question];
  ui_audio_clip clips[1 + NAV_TILES_MAX];
  int n = 0;
  if (q->audio_id) clips[n++] = (ui_audio_clip){ q->audio_id, 0 };
  for (int a = 0; a < q->answer_count && a < NAV_TILES_MAX; a++)
    if (q->answers[a].audio_id) clips[n++] = (ui_audio_clip){ q->answers[a].audio_id, a + 1 };
  ui_emit(u, "\"event\":\"listen\",\"screen\":\"navigator\",\"key\":\"%s\",\"audio_id\":%d", q->id, q->audio_id);
  ui_listen_clips(u, "navigator", clips, n);
}

int ui_navigator_activate(ui *u, int action, const char *target, long long now) {
  switch (action) {
  case ACT_NAV_BEGIN:
    if (!ui_navigator_offered(u)) return 1;
    ui_navigator_wipe(u);
    ui_push(u, UI_SCREEN_NAVIGATOR, "", now);
    return 1;
  case ACT_NAV_ANSWER: {
    nav_place p = nav_where(u);
    if (p.result || u->nav_steps >= UI_NAV_STEPS || !ui_navigator_offered(u)) return 1;   /* a stale tap: ignore */
    const site_nav_question *q = &u->site->nav_questions[p.question];
    for (int a = 0; a < q->answer_count; a++)
      if (!strcmp(q->answers[a].code, target)) {
        u->nav_path[u->nav_steps++] = (signed char)a;
        if (nav_where(u).result) ui_emit(u, "\"event\":\"navigator_result\"");   /* never which one */
        nav_step_changed(u, now);
        return 1;
      }
    return 1;
  }
  case ACT_NAV_BACK:
    if (u->nav_steps == 0) { nav_leave(u, now); return 1; }
    u->nav_path[--u->nav_steps] = 0;
    nav_step_changed(u, now);
    return 1;
  case ACT_NAV_STOP: nav_leave(u, now); return 1;
  case ACT_NAV_LISTEN: nav_listen(u); return 1;
  default: return 0;
  }
}

/* ------------------------------------------------------------------ shared parts */

/* The fixed bar at the bottom: back at the start, stop at the end; the scrolling
 * content ends above it. */
static void nav_bar(ui *u, int col_x, int col_w) {
  int pad = ui_mm(u, 2.5), bar_h = u->target + 2 * pad, top = u->height - bar_h;
  ui_widget *bar = ui_add(u, "nav-bar", "bar");
  bar->fixed = 1; bar->bg = C_SURFACE; bar->border = C_BORDER;
  bar->x = -ui_mm(u, 1); bar->y = top; bar->w = u->width + ui_mm(u, 2); bar->h = bar_h + ui_mm(u, 1);
  ui_widget *back = ui_button(u, "nav-back", ACT_NAV_BACK, "", ICON_BACK, ui_string(u, "back"), ui_lang(u),
                              u->body_px, 0, top + pad, 0, u->target, C_SURFACE, C_TEXT);
  back->fixed = 1; back->border = C_BORDER;
  back->x = ui_mirror(u, col_x, col_w, 0, back->w);
  ui_widget *stop = ui_button(u, "nav-stop", ACT_NAV_STOP, "", ICON_STOP, ui_string(u, "stop"), ui_lang(u),
                              u->body_px, 0, top + pad, 0, u->target, C_SURFACE, C_TEXT);
  stop->fixed = 1; stop->border = C_BORDER;
  stop->x = ui_mirror(u, col_x, col_w, col_w - stop->w, stop->w);
  u->view_h = top - u->view_y;
}

/* A pictogram disc at the start of the column and a title beside it; returns the height. */
static int nav_header(ui *u, const char *id, const char *pictogram, const char *title, int col_x, int col_w, int y) {
  int pic = ui_mm(u, u->large_text ? 26 : 18), pgap = ui_mm(u, 4);
  ui_widget *p = ui_add(u, "nav-pictogram", "pictogram");
  p->icon = ICON_PICTOGRAM; p->icon_color = C_PRIMARY; p->isize = p->w = p->h = pic;
  p->image = ui_image(u, pictogram, (int)(pic * UI_DISC_PICTURE));
  p->x = ui_mirror(u, col_x, col_w, 0, pic); p->y = y;
  int tw = col_w - pic - pgap;
  ui_widget *t = ui_add(u, id, "title");
  t->text = ui_text(u, title, ui_lang(u), u->title_px, 1, tw, NULL, 0, 0);
  t->label = title;
  t->w = tw; t->h = ui_text_h(t->text);
  t->x = ui_mirror(u, col_x, col_w, pic + pgap, tw);
  t->y = t->h < pic ? y + (pic - t->h) / 2 : y;
  return t->h > pic ? t->h : pic;
}

/* ------------------------------------------------------------------ a question */

/* One answer tile: pictogram over the label (beside = 0), or beside it in a list row. */
static ui_widget *nav_tile(ui *u, const site_nav_answer *a, int beside, int tile_w, int pic, int pad) {
  char id[UI_ID_MAX];
  snprintf(id, sizeof id, "nav-answer-%s", a->code);
  ui_widget *w = ui_add(u, id, "answer");
  w->action = ACT_NAV_ANSWER;
  ui_copy(w->target, sizeof w->target, a->code);
  w->bg = C_SURFACE; w->border = C_BORDER; w->radius = ui_mm(u, 3);
  w->icon = ICON_PICTOGRAM; w->icon_color = C_PRIMARY; w->isize = pic;
  w->image = ui_image(u, a->pictogram, (int)(pic * UI_DISC_PICTURE));
  w->label = a->label; w->text_color = C_TEXT; w->w = tile_w;
  if (beside) {
    w->text = ui_text(u, a->label, ui_lang(u), u->body_px, 1, tile_w - 3 * pad - pic, NULL, 0, 0);
    int th = ui_text_h(w->text);
    w->h = (th > pic ? th : pic) + 2 * pad;
    w->ix = ui_rtl(u) ? tile_w - pad - pic : pad; w->iy = (w->h - pic) / 2;
    w->tx = ui_rtl(u) ? pad : 2 * pad + pic; w->ty = (w->h - th) / 2;
  } else {
    w->text = ui_text(u, a->label, ui_lang(u), u->body_px, 1, tile_w - 2 * pad, NULL, 0, 1);
    w->ix = (tile_w - pic) / 2; w->iy = pad;
    w->tx = pad; w->ty = pad + pic + ui_mm(u, 2);
    w->h = w->ty + ui_text_h(w->text) + pad;
  }
  return w;
}

/* The answers: one row of big tiles (pictogram over label) when every word fits its
 * tile, else one row per answer with the pictogram at the start. Returns the height. */
static int nav_tiles(ui *u, const site_nav_question *q, int col_x, int col_w, int y) {
  int n = q->answer_count < NAV_TILES_MAX ? q->answer_count : NAV_TILES_MAX;
  if (n <= 0) return 0;
  int pad = ui_mm(u, 3), gap = u->gap;
  int tile_w = (col_w - (n - 1) * gap) / n;
  if (tile_w > ui_mm(u, 80)) tile_w = ui_mm(u, 80);
  int one_row = n <= 4 && tile_w >= ui_mm(u, 40);
  for (int i = 0; i < n && one_row; i++)
    one_row = ui_widest_word(u, q->answers[i].label, ui_lang(u), u->body_px, 1) <= tile_w - 2 * pad;
  int pic = ui_mm(u, one_row ? (u->large_text ? 30 : 24) : (u->large_text ? 22 : 17));
  if (!one_row) tile_w = col_w;
  ui_widget *row[NAV_TILES_MAX];
  int row_h = 0, y0 = y;
  int start = one_row ? (col_w - (n * tile_w + (n - 1) * gap)) / 2 : 0;
  for (int i = 0; i < n; i++) {
    row[i] = nav_tile(u, &q->answers[i], !one_row, tile_w, pic, pad);
    if (one_row) {
      row[i]->x = ui_mirror(u, col_x, col_w, start + i * (tile_w + gap), tile_w); row[i]->y = y;
      if (row[i]->h > row_h) row_h = row[i]->h;
    } else {
      row[i]->x = col_x; row[i]->y = y;
      y += row[i]->h + gap;
    }
  }
  if (one_row) { for (int i = 0; i < n; i++) row[i]->h = row_h; return row_h; }
  return y - y0 - gap;
}

static int nav_question(ui *u, int question, int col_x, int col_w, int y) {
  const site_nav_question *q = &u->site->nav_questions[question];
  y += nav_header(u, "nav-question", q->pictogram, q->text, col_x, col_w, y) + ui_mm(u, 5);
  if (u->cfg.audio.play && u->site->lang.has_audio && q->audio_id) {   /* no dead listen button */
    ui_widget *l = ui_button(u, "nav-listen", ACT_NAV_LISTEN, "", u->listen_playing ? ICON_STOP : ICON_SPEAKER,
                             ui_string(u, u->listen_playing ? "stop" : "listen"), ui_lang(u), u->body_px, 0, y, 0,
                             u->target, C_PRIMARY, C_ON_PRIMARY);
    l->x = ui_mirror(u, col_x, col_w, 0, l->w);
    y += l->h + ui_mm(u, 5);
  }
  return y + nav_tiles(u, q, col_x, col_w, y);
}

/* ------------------------------------------------------------------ the result */

typedef struct { int first, count; } nav_group;

/* The route as a row of discs (one per step; the leerroute's MAP, PVT and KNM share its
 * number only when the content says so), here and next marked, in reading order. */
static int nav_route(ui *u, const char *here, const char *next, int col_x, int col_w, int y) {
  const site *s = u->site;
  int idx[64], n = 0;
  for (int i = 0; i < s->page_count && n < 64; i++) {
    if (s->pages[i].route_order <= 0) continue;
    if (n && s->pages[idx[n - 1]].route_order == s->pages[i].route_order) continue;
    idx[n++] = i;
  }
  if (!n) return 0;
  int cell = col_w / n, disc = cell - u->gap, big = ui_mm(u, 16);
  if (disc > big) disc = big;
  int small = disc * 2 / 3, line_w = ui_mm(u, 1.2), y0 = y;
  ui_widget *ln = ui_add(u, "", "line");
  ln->bg = C_LINE;
  ln->x = ui_mirror(u, col_x, col_w, cell / 2, (n - 1) * cell); ln->w = (n - 1) * cell;
  ln->y = y + disc / 2 - line_w / 2; ln->h = line_w;
  for (int k = 0; k < n; k++) {
    const site_page *pg = &s->pages[idx[k]];
    int is_here = !strcmp(pg->id, here), is_next = !strcmp(pg->id, next);
    int size = is_here || is_next ? disc : small;
    int cx = ui_mirror(u, col_x, col_w, k * cell + cell / 2, 0);
    if (is_here || is_next) {   /* a coloured ring behind the step */
      ui_widget *ring = ui_add(u, "", "ring");
      ring->circle = 1; ring->bg = is_here ? C_ACCENT : C_CALLOUT_EDGE;
      int r = size + ui_mm(u, 2.4);
      ring->w = ring->h = r; ring->x = cx - r / 2; ring->y = y + disc / 2 - r / 2;
    }
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "nav-step-%s", pg->id);
    ui_widget *w = ui_add(u, id, "step");
    w->action = ACT_OPEN_PAGE; ui_copy(w->target, sizeof w->target, pg->id);
    w->label = pg->route_label ? pg->route_label : pg->title;
    w->icon = ICON_PICTOGRAM; w->icon_color = C_PRIMARY; w->isize = size;
    w->image = ui_image(u, pg->pictogram, (int)(size * UI_DISC_PICTURE));
    w->w = w->h = size; w->x = cx - size / 2; w->y = y + (disc - size) / 2;
  }
  y += disc + ui_mm(u, 2.5);
  /* "you are here" under its disc, kept inside the column */
  for (int k = 0; k < n; k++) {
    if (strcmp(s->pages[idx[k]].id, here)) continue;
    ui_widget *t = ui_add(u, "nav-here-mark", "text");
    t->label = ui_string(u, "you_are_here");
    t->text = ui_text(u, t->label, ui_lang(u), u->small_px, 1, col_w, NULL, 0, 0);
    t->text_color = C_ACCENT;
    t->w = ui_text_w(t->text); t->h = ui_text_h(t->text);
    if (t->text && t->text->line_count) t->tx = -ui_px(t->text->lines[0].x);
    int x = ui_mirror(u, col_x, col_w, k * cell + cell / 2, 0) - t->w / 2;
    t->x = x < col_x ? col_x : x + t->w > col_x + col_w ? col_x + col_w - t->w : x;
    t->y = y;
    y += t->h;
  }
  return y - y0;
}

/* A stage card: a small label ("you are here", "your next step"), the page's title as a
 * link, and (next) its one sentence. Returns the height. */
static int nav_stage(ui *u, const char *id, const char *key, const site_page *pg, const char *sentence,
                     int col_x, int col_w, int y) {
  int y0 = y, pic = ui_mm(u, u->large_text ? 22 : 16), pgap = ui_mm(u, 4);
  char wid[UI_ID_MAX];
  snprintf(wid, sizeof wid, "%s-label", id);
  y += ui_paragraph(u, wid, "text", ui_string(u, key), ui_lang(u), u->body_px, 1, NULL, 0, col_x, y, col_w, C_MUTED)
     + ui_mm(u, 1.5);
  ui_widget *b = ui_add(u, id, "link");
  b->action = ACT_OPEN_PAGE; ui_copy(b->target, sizeof b->target, pg->id);
  b->bg = C_SURFACE; b->border = C_BORDER; b->radius = ui_mm(u, 3);
  b->icon = ICON_PICTOGRAM; b->icon_color = C_PRIMARY; b->isize = pic;
  b->image = ui_image(u, pg->pictogram, (int)(pic * UI_DISC_PICTURE));
  b->label = pg->title;
  int pad = ui_mm(u, 3);
  b->text = ui_text(u, pg->title, ui_lang(u), u->title_px, 1, col_w - 2 * pad - pic - pgap, NULL, 0, 0);
  b->text_color = C_PRIMARY;
  int th = ui_text_h(b->text);
  b->x = col_x; b->y = y; b->w = col_w; b->h = (th > pic ? th : pic) + 2 * pad;
  b->ix = ui_rtl(u) ? col_w - pad - pic : pad; b->iy = (b->h - pic) / 2;
  b->tx = ui_rtl(u) ? pad : pad + pic + pgap; b->ty = (b->h - th) / 2;
  y += b->h;
  if (sentence) {
    snprintf(wid, sizeof wid, "%s-sentence", id);
    y += ui_mm(u, 2);
    y += ui_paragraph(u, wid, "text", sentence, ui_lang(u), u->body_px, 0, NULL, 0, col_x, y, col_w, C_TEXT);
  }
  return y - y0;
}

/* The items of one section for a stage (at most NAV_ITEMS_MAX) under a heading, each a
 * button to its page or, for a contact, to the help screen. Returns the height. */
static int nav_items(ui *u, int section, const char *stage, const char *prefix, const char *key,
                     int col_x, int col_w, int y) {
  const site *s = u->site;
  int y0 = y, shown = 0;
  for (int i = 0; i < s->nav_item_count && shown < NAV_ITEMS_MAX; i++) {
    const site_nav_item *it = &s->nav_items[i];
    if (it->section != section || strcmp(it->stage, stage)) continue;
    if (!shown) {
      char hid[UI_ID_MAX];
      snprintf(hid, sizeof hid, "%s-title", prefix);
      y += ui_mm(u, 6);
      y += ui_paragraph(u, hid, "heading", ui_string(u, key), ui_lang(u), u->body_px * 5 / 4, 1, NULL, 0,
                        col_x, y, col_w, C_TEXT) + ui_mm(u, 3);
    }
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "%s-%d", prefix, ++shown);
    int contact = it->contact[0] != 0;
    ui_widget *b = ui_button(u, id, contact ? ACT_OPEN_SCREEN : ACT_OPEN_PAGE, contact ? "help" : it->page,
                             contact ? ICON_PHONE : ICON_FORWARD, it->text, ui_lang(u), u->body_px, col_x, y, col_w,
                             u->target, C_SURFACE, C_TEXT);
    b->border = C_BORDER; b->icon_color = C_PRIMARY;
    y += b->h + u->gap;
  }
  return y - y0;
}

/* The next stage's sentence ("## next STAGE"), or NULL. */
static const char *nav_sentence(const site *s, const char *stage) {
  for (int i = 0; i < s->nav_item_count; i++)
    if (s->nav_items[i].section == SITE_NAV_NEXT && !strcmp(s->nav_items[i].stage, stage)) return s->nav_items[i].text;
  return NULL;
}

static int nav_result(ui *u, const site_nav_answer *a, int col_x, int col_w, int y) {
  const site_page *here = site_find_page(u->site, a->here), *next = site_find_page(u->site, a->next);
  if (!here || !next) return y;   /* pack_open checked the links */
  y += ui_title(u, "nav-title", ui_string(u, "nav_result_title"), col_x, col_w, y) + ui_mm(u, 5);
  y += nav_route(u, a->here, a->next, col_x, col_w, y) + ui_mm(u, 5);
  if (u->width > u->height && col_w >= ui_mm(u, 150)) {   /* landscape: the two stages side by side */
    int half = (col_w - u->gap) / 2;
    int h1 = nav_stage(u, "nav-here", "you_are_here", here, NULL, ui_mirror(u, col_x, col_w, 0, half), half, y);
    int h2 = nav_stage(u, "nav-next", "nav_next", next, nav_sentence(u->site, a->next),
                       ui_mirror(u, col_x, col_w, col_w - half, half), half, y);
    y += h1 > h2 ? h1 : h2;
  } else {
    y += nav_stage(u, "nav-here", "you_are_here", here, NULL, col_x, col_w, y) + ui_mm(u, 5);
    y += nav_stage(u, "nav-next", "nav_next", next, nav_sentence(u->site, a->next), col_x, col_w, y);
  }
  /* how long others here have waited so far at this stage, when the pack has a table
   * (ui_wait.c: "so far", a source line, never a promise; nothing without a table) */
  int wait_h = ui_typical_wait(u, a->here, col_x, y + ui_mm(u, 5), col_w);
  if (wait_h) y += ui_mm(u, 5) + wait_h;
  y += nav_items(u, SITE_NAV_TODO, a->here, "nav-todo", "nav_todo", col_x, col_w, y);
  y += nav_items(u, SITE_NAV_BRING, a->here, "nav-bring", "nav_bring", col_x, col_w, y);
  y += nav_items(u, SITE_NAV_ASK, a->here, "nav-ask", "nav_ask", col_x, col_w, y);
  return y;
}

void ui_navigator_layout(ui *u) {
  int col_x, col_w = ui_column(u, &col_x);
  int y = u->view_y + ui_mm(u, 5);
  if (ui_navigator_offered(u)) {
    nav_place p = nav_where(u);
    y = p.result ? nav_result(u, p.result, col_x, col_w, y) : nav_question(u, p.question, col_x, col_w, y);
  }
  nav_bar(u, col_x, col_w);
  u->content_height = y + u->margin - u->view_y;
}
