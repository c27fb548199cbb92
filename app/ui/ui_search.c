/* ui_search.c — the search screen and the term card. The search screen is a box with
 * what was typed, the results as big buttons, and the kiosk's own keyboard for the
 * session language (app/search/keyboard.c) drawn as fixed keys at the bottom; the term
 * card explains one Dutch glossary term in the session language, with a way to its page.
 * The query lives only in struct ui: wiped with the session, home and a language change,
 * never in an event (key taps are not reported at all) and never stored. A search that
 * ends with nothing found is counted per language and day (search_gap_note), never the
 * words. */
#include "ui/ui.h"
#include <stdlib.h>    /* strtol */
#include <string.h>    /* strcmp, strlen */
#include <strings.h>   /* strcasecmp */
#include <time.h>      /* time */
#include "search/gaps.h"
#include "ui/ui_internal.h"

/* ------------------------------------------------------------------ state */

int ui_search_offered(const ui *u) { return u->cfg.search.query != NULL; }

/* Characters (not bytes) in s: results start at two. */
static int ui_search_chars(const char *s) {
  int n = 0;
  for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* Ends the visit to the search screen: a query of two or more characters that found
 * nothing is counted for its language and today. */
static void ui_search_end(ui *u) {
  if (!u->search_open) return;
  u->search_open = 0;
  if (u->lang_chosen && ui_search_chars(u->search_query) >= 2 && u->search_hit_count == 0 && !u->search_failed)
    search_gap_note(ui_lang(u), (long long)time(NULL));
}

void ui_search_wipe(ui *u) {
  ui_search_end(u);
  /* the query and what it found exist only here */
  memset(u->search_query, 0, sizeof u->search_query);
  memset(u->search_hits, 0, sizeof u->search_hits);
  u->search_hit_count = 0;
  u->search_kb.keyboard = NULL;
}

void ui_search_screen_changed(ui *u) {
  int on = ui_top(u)->screen == UI_SCREEN_SEARCH;
  if (!on) { ui_search_end(u); return; }
  if (u->search_open) return;
  u->search_open = 1;
  const search_keyboard *kb = search_keyboard_for(ui_lang(u));
  if (u->search_kb.keyboard != kb) search_keyboard_start(&u->search_kb, kb);
  ui_emit(u, "\"event\":\"search_opened\",\"lang\":\"%s\"", ui_lang(u));
  /* builds the language's index now, so the first results come within a frame */
  if (u->cfg.search.query) u->cfg.search.query(u->cfg.search.ctx, ui_lang(u), "", u->search_hits, 0);
}

/* Runs the query (two characters or more) into the hits. */
static void ui_search_run(ui *u) {
  u->search_hit_count = 0;
  u->search_failed = 0;
  if (ui_search_chars(u->search_query) < 2 || !u->cfg.search.query) return;
  int n = u->cfg.search.query(u->cfg.search.ctx, ui_lang(u), u->search_query, u->search_hits, UI_SEARCH_HITS);
  u->search_hit_count = n > 0 ? n : 0;
  u->search_failed = n < 0;   /* search unavailable: not a content gap */
}

/* Deletes the last character of the query (a whole UTF-8 sequence). */
static void ui_search_delete(ui *u) {
  size_t n = strlen(u->search_query);
  while (n > 0 && ((unsigned char)u->search_query[n - 1] & 0xC0) == 0x80) u->search_query[--n] = 0;
  if (n > 0) u->search_query[--n] = 0;
}

static void ui_search_key(ui *u, const char *target) {
  char *end;
  int row = (int)strtol(target, &end, 10), col = (int)strtol(end, NULL, 10);
  char text[8];
  int r = search_keyboard_press(&u->search_kb, row, col, text);
  if (r == SEARCH_PRESS_SPACE) snprintf(text, sizeof text, " ");
  if (r == SEARCH_PRESS_TEXT || r == SEARCH_PRESS_SPACE) {
    size_t len = strlen(u->search_query), add = strlen(text);
    if (len + add < sizeof u->search_query) memcpy(u->search_query + len, text, add + 1);
  }
  if (r == SEARCH_PRESS_DELETE) ui_search_delete(u);
  if (r != SEARCH_PRESS_NONE && r != SEARCH_PRESS_INVALID) ui_search_run(u);
  ui_relayout(u);
}

/* A tapped result: its page, its term card, or the questions scrolled to it. */
static void ui_search_open_hit(ui *u, const char *target, long long now) {
  int i = atoi(target);
  if (i < 0 || i >= u->search_hit_count) return;
  const search_hit *h = &u->search_hits[i];
  static const char *const kinds[] = { "page", "glossary", "faq" };
  ui_emit(u, "\"event\":\"search_result_opened\",\"kind\":\"%s\",\"rank\":%d", kinds[h->kind], i + 1);
  char id[SEARCH_MAX_ID];
  ui_copy(id, sizeof id, h->id);
  if (h->kind == SEARCH_PAGE) { ui_push(u, UI_SCREEN_PAGE, id, now); return; }
  if (h->kind == SEARCH_GLOSSARY) { ui_push(u, UI_SCREEN_TERM, id, now); return; }
  ui_push(u, UI_SCREEN_QUESTIONS, "", now);
  char wid[UI_ID_MAX];
  snprintf(wid, sizeof wid, "faq-%d", atoi(id) + 1);
  for (int k = 0; k < u->widget_count; k++)
    if (!strcmp(u->widgets[k].id, wid)) { ui_top(u)->scroll = u->widgets[k].y - u->view_y - u->gap; ui_relayout(u); break; }
}

int ui_search_activate(ui *u, int action, const char *target, long long now) {
  switch (action) {
  case ACT_SEARCH_OPEN: ui_push(u, UI_SCREEN_SEARCH, "", now); return 1;
  case ACT_SEARCH_KEY: ui_search_key(u, target); return 1;
  case ACT_SEARCH_CLEAR:
    memset(u->search_query, 0, sizeof u->search_query);
    u->search_hit_count = 0;
    ui_relayout(u);
    return 1;
  case ACT_SEARCH_RESULT: ui_search_open_hit(u, target, now); return 1;
  case ACT_TERM_OPEN: ui_push(u, UI_SCREEN_TERM, target, now); return 1;
  default: return 0;
  }
}

/* ------------------------------------------------------------------ the entry */

ui_widget *ui_search_entry(ui *u, int x, int y, int width) {
  ui_widget *b = ui_button(u, "search-entry", ACT_SEARCH_OPEN, "", ICON_SEARCH, ui_string(u, "search"), ui_lang(u),
                           u->body_px, x, y, width, u->target, C_SURFACE, C_PRIMARY);
  b->border = C_BORDER;
  return b;
}

/* ------------------------------------------------------------------ the keyboard */

/* Sum of key widths in a row. */
static int ui_row_units(const search_layer *l, int r) {
  int n = 0;
  for (int k = 0; k < l->key_count[r]; k++) n += l->keys[r][k].width;
  return n;
}

/* One key of the layer shown: a fixed widget whose id names layer, row and column. */
static void ui_search_key_widget(ui *u, const search_key *k, int layer, int r, int c, int x, int y, int w, int h,
                                 int latin) {
  char id[UI_ID_MAX], target[32];
  if (layer == SEARCH_KEYBOARD_PICKER) snprintf(id, sizeof id, "key-p-%d-%d", r, c);
  else snprintf(id, sizeof id, "key-%d-%d-%d", layer, r, c);
  snprintf(target, sizeof target, "%d %d", r, c);
  ui_widget *w0 = ui_add(u, id, "key");
  w0->fixed = 1; w0->action = ACT_SEARCH_KEY; ui_copy(w0->target, sizeof w0->target, target);
  w0->x = x; w0->y = y; w0->w = w; w0->h = h; w0->radius = ui_mm(u, 1.5);
  w0->bg = k->kind == SEARCH_KEY_TEXT || k->kind == SEARCH_KEY_PICK || k->kind == SEARCH_KEY_SPACE ? C_SURFACE : C_CHIP;
  w0->border = C_BORDER;
  int icon = !strcmp(k->icon, "shift") ? ICON_SHIFT : !strcmp(k->icon, "delete") ? ICON_DELETE
           : !strcmp(k->icon, "space") ? ICON_SPACE : ICON_NONE;
  const search_keyboard *kb = u->search_kb.keyboard;
  /* the way to the Latin letters from a non-Latin layer carries a globe beside "abc" */
  if (k->kind == SEARCH_KEY_LAYER && k->target == kb->latin_layer && kb->latin_layer > 0 && !latin) icon = ICON_GLOBE;
  w0->icon = icon; w0->icon_color = C_TEXT;
  w0->label = k->icon[0] ? k->icon : k->label;
  int isz = icon ? ui_mm(u, icon == ICON_GLOBE ? 6 : 8) : 0;
  const char *lang = latin ? "nl" : ui_lang(u);
  int size = k->kind == SEARCH_KEY_TEXT || k->kind == SEARCH_KEY_PICK ? u->body_px * 6 / 5 : u->body_px;
  if (!k->icon[0] && k->label[0]) w0->text = ui_text(u, k->label, lang, size, 0, 0, NULL, 0, 0);
  int tw = ui_text_w(w0->text), th = ui_text_h(w0->text), igap = icon && w0->text ? ui_mm(u, 1.5) : 0;
  int start = (w - isz - igap - tw) / 2;
  w0->isize = isz; w0->iy = (h - isz) / 2; w0->ix = start;
  w0->tx = start + isz + igap - (w0->text && w0->text->line_count ? ui_px(w0->text->lines[0].x) : 0);
  w0->ty = (h - th) / 2;
}

/* The keyboard at the bottom of the screen; returns its top edge. Keys are at least
 * 10 mm wide (space and delete wider), rows centred, RTL layers mirrored. */
static int ui_search_keyboard(ui *u) {
  const search_keyboard_state *st = &u->search_kb;
  const search_layer *l = search_keyboard_layer(st);
  int kgap = ui_mm(u, 1.5), key_h = ui_mm(u, 13), pad = ui_mm(u, 2.5);
  int kb_w = u->width - 2 * u->margin, units = 1;
  if (kb_w > ui_mm(u, 320)) kb_w = ui_mm(u, 320);
  for (int r = 0; r < l->row_count; r++)
    if (ui_row_units(l, r) > units) units = ui_row_units(l, r);
  int unit = (kb_w + kgap) / units;
  if (unit > ui_mm(u, 22)) unit = ui_mm(u, 22);
  int kb_h = l->row_count * (key_h + kgap) - kgap + 2 * pad, top = u->height - kb_h;
  ui_widget *bg = ui_add(u, "keyboard", "keyboard");
  bg->fixed = 1; bg->x = 0; bg->y = top; bg->w = u->width; bg->h = kb_h; bg->bg = C_CHIP;
  bg->label = l->name;
  int latin = st->layer >= 0 && st->layer >= st->keyboard->latin_layer;
  for (int r = 0; r < l->row_count; r++) {
    int row_w = ui_row_units(l, r) * unit - kgap, x0 = (u->width - row_w) / 2, off = 0;
    int y = top + pad + r * (key_h + kgap);
    for (int c = 0; c < l->key_count[r]; c++) {
      const search_key *k = &l->keys[r][c];
      int w = k->width * unit - kgap;
      int x = l->rtl ? x0 + row_w - off - w : x0 + off;
      ui_search_key_widget(u, k, st->layer, r, c, x, y, w, key_h, latin);
      off += w + kgap;
    }
  }
  return top;
}

/* ------------------------------------------------------------------ the screen */

/* The box with the query (shaped in the session language), a magnifier and a clear
 * button; returns its bottom edge. */
static int ui_search_box_widgets(ui *u, int y) {
  int col_x, col_w = ui_column(u, &col_x), h = ui_mm(u, 16), pad = ui_mm(u, 4), isz = ui_mm(u, 8);
  int clear_w = u->search_query[0] ? u->target : 0;
  ui_widget *box = ui_add(u, "search-box", "search-box");
  box->fixed = 1; box->x = col_x; box->y = y; box->w = col_w - (clear_w ? clear_w + u->gap : 0); box->h = h;
  if (ui_rtl(u)) box->x = col_x + col_w - box->w;
  box->bg = C_SURFACE; box->border = C_PRIMARY; box->radius = ui_mm(u, 2.5);
  box->icon = ICON_SEARCH; box->icon_color = C_MUTED; box->isize = isz;
  box->ix = ui_rtl(u) ? box->w - pad - isz : pad; box->iy = (h - isz) / 2;
  const char *shown = u->search_query[0] ? u->search_query : ui_string(u, "search_hint");
  box->text = ui_text(u, shown, ui_lang(u), u->body_px * 6 / 5, 0, 0, NULL, 0, 0);
  box->label = u->search_query;
  box->text_color = u->search_query[0] ? C_TEXT : C_MUTED;
  int tw = ui_text_w(box->text), room = box->w - 3 * pad - isz;
  /* text runs from the start edge; when longer than the box, its end stays in view */
  int shift = tw > room ? tw - room : 0;
  int rtl_text = box->text && box->text->rtl;
  box->tx = ui_rtl(u) ? box->w - 2 * pad - isz - tw + (rtl_text ? shift : 0) : 2 * pad + isz - (rtl_text ? 0 : shift);
  if (box->text && box->text->line_count) box->tx -= ui_px(box->text->lines[0].x);
  box->ty = (h - ui_text_h(box->text)) / 2;
  if (clear_w) {
    ui_widget *c = ui_button(u, "search-clear", ACT_SEARCH_CLEAR, "", ICON_CLEAR, NULL, ui_lang(u), u->body_px,
                             0, y, clear_w, h, C_SURFACE, C_TEXT);
    c->fixed = 1; c->border = C_BORDER; c->label = ui_string(u, "search_clear");
    c->ix = (c->w - c->isize) / 2;
    c->x = ui_rtl(u) ? col_x : col_x + col_w - clear_w;
  }
  return y + h;
}

/* One result: the title in the session language, the Dutch term beside it, the
 * snippet with the matched words bold under it. Returns its height. */
static int ui_search_result_widget(ui *u, int i, int col_x, int col_w, int y) {
  const search_hit *h = &u->search_hits[i];
  int pad = ui_mm(u, 4);
  char id[UI_ID_MAX], target[16];
  snprintf(id, sizeof id, "result-%d", i + 1);
  snprintf(target, sizeof target, "%d", i);
  ui_widget *b = ui_add(u, id, "result");
  b->action = ACT_SEARCH_RESULT; ui_copy(b->target, sizeof b->target, target);
  b->bg = C_SURFACE; b->border = C_BORDER; b->radius = ui_mm(u, 2.5);
  b->x = col_x; b->y = y; b->w = col_w;
  b->icon = h->kind == SEARCH_FAQ ? ICON_QUESTION : h->kind == SEARCH_GLOSSARY ? ICON_INFO : ICON_FORWARD;
  b->icon_color = C_PRIMARY; b->isize = ui_mm(u, 8);
  const char *lang = h->kind == SEARCH_GLOSSARY ? "nl" : ui_lang(u);
  int inner = col_w - 3 * pad - b->isize;
  int term = h->term_nl[0] && strcasecmp(h->term_nl, h->title);
  ui_widget *nl = NULL;
  if (term) {
    snprintf(id, sizeof id, "result-%d-nl", i + 1);
    nl = ui_add(u, id, "term");
    nl->text = ui_text(u, h->term_nl, "nl", u->small_px, 1, inner / 2, NULL, 0, 0);
    nl->label = h->term_nl; nl->text_color = C_ACCENT;
  }
  int nl_w = nl ? ui_text_w(nl->text) + u->gap : 0;
  b->text = ui_text(u, h->title, lang, u->body_px, 1, inner - nl_w, NULL, 0, 0);
  b->label = h->title;
  int th = ui_text_h(b->text);
  b->ix = ui_rtl(u) ? col_w - pad - b->isize : pad; b->iy = pad;
  b->tx = ui_rtl(u) ? col_w - 2 * pad - b->isize - ui_text_w(b->text) : 2 * pad + b->isize;
  if (b->text && b->text->line_count) b->tx -= ui_px(b->text->lines[0].x);
  b->ty = pad;
  if (nl) {
    int nw = ui_text_w(nl->text);
    nl->w = nw; nl->h = ui_text_h(nl->text); nl->y = y + pad;
    nl->x = ui_rtl(u) ? col_x + b->tx - u->gap - nw : col_x + b->tx + ui_text_w(b->text) + u->gap;
    if (nl->text && nl->text->line_count) nl->tx = -ui_px(nl->text->lines[0].x);
    if (nl->h > th) th = nl->h;   /* the snippet goes under the taller of the two */
  }
  text_span spans[SEARCH_MAX_MARKS];
  for (int m = 0; m < h->mark_count; m++) spans[m] = (text_span){ h->mark_start[m], h->mark_end[m], TEXT_STYLE_BOLD };
  int sh = 0;
  if (h->snippet[0]) {
    snprintf(id, sizeof id, "result-%d-snippet", i + 1);
    int sx = ui_rtl(u) ? col_x + pad : col_x + 2 * pad + b->isize;
    sh = ui_paragraph(u, id, "snippet", h->snippet, h->via_dutch ? "nl" : ui_lang(u), u->small_px, 0, spans,
                      h->mark_count, sx, y + pad + th + ui_mm(u, 1.5), inner, C_MUTED) + ui_mm(u, 1.5);
  }
  b->h = pad + (th > b->isize ? th : b->isize) + sh + pad;
  return b->h;
}

void ui_layout_search(ui *u) {
  if (!u->search_kb.keyboard) search_keyboard_start(&u->search_kb, search_keyboard_for(ui_lang(u)));
  int kb_top = ui_search_keyboard(u);
  int box_bottom = ui_search_box_widgets(u, u->view_y + ui_mm(u, 3));
  u->view_y = box_bottom + ui_mm(u, 2);
  u->view_h = kb_top - ui_mm(u, 2) - u->view_y;
  if (u->view_h < 0) u->view_h = 0;
  int col_x, col_w = ui_column(u, &col_x), y = u->view_y + ui_mm(u, 1);
  if (ui_search_chars(u->search_query) >= 2 && u->search_hit_count == 0)
    y += ui_paragraph(u, "search-none", "text", ui_string(u, "search_none"), ui_lang(u), u->body_px, 0, NULL, 0,
                      col_x, y, col_w, C_MUTED);
  for (int i = 0; i < u->search_hit_count; i++) y += ui_search_result_widget(u, i, col_x, col_w, y) + u->gap;
  u->content_height = y + ui_mm(u, 2) - u->view_y;
}

/* ------------------------------------------------------------------ the term card */

const site_glossary *ui_glossary_find(const ui *u, const char *term_nl) {
  for (int i = 0; term_nl && i < u->site->glossary_count; i++)
    if (!strcasecmp(u->site->glossary[i].term_nl, term_nl)) return &u->site->glossary[i];
  return NULL;
}

/* The page about a Dutch term: the page whose Dutch term or title is it, or NULL. */
static const site_page *ui_term_page(const ui *u, const char *term_nl) {
  for (int i = 0; i < u->site->page_count; i++) {
    const site_page *pg = &u->site->pages[i];
    if ((pg->term_nl && !strcasecmp(pg->term_nl, term_nl)) || (pg->title_nl && !strcasecmp(pg->title_nl, term_nl)))
      return pg;
  }
  return NULL;
}

void ui_layout_term(ui *u) {
  const char *term = ui_top(u)->page;
  const site_glossary *g = ui_glossary_find(u, term);
  int col_x, col_w = ui_column(u, &col_x), y = u->view_y + ui_mm(u, 6), pad = ui_mm(u, 6);
  ui_widget *card = ui_add(u, "term-card", "card");
  card->bg = C_SURFACE; card->border = C_BORDER; card->radius = ui_mm(u, 3);
  card->x = col_x; card->y = y; card->w = col_w;
  int iy = y + pad;
  ui_widget *t = ui_add(u, "term-title", "title");
  t->text = ui_text(u, g ? g->term_nl : term, "nl", u->title_px, 1, col_w - 2 * pad, NULL, 0, ui_rtl(u) ? 2 : 0);
  t->label = g ? g->term_nl : term; t->text_color = C_ACCENT;
  t->x = col_x + pad; t->y = iy; t->w = col_w - 2 * pad; t->h = ui_text_h(t->text);
  iy += t->h + ui_mm(u, 4);
  if (g && g->explanation) {   /* heard where the language has a voice and the clip */
    char target[32];
    snprintf(target, sizeof target, "glossary:%d", (int)(g - u->site->glossary) + 1);
    int lh = ui_listen_button(u, "term-listen", target, col_x + pad, col_w - 2 * pad, iy);
    if (lh) iy += lh + ui_mm(u, 3);
  }
  if (g && g->explanation)
    iy += ui_paragraph(u, "term-explanation", "paragraph", g->explanation, ui_lang(u), u->body_px, 0, NULL, 0,
                       col_x + pad, iy, col_w - 2 * pad, C_TEXT) + ui_mm(u, 5);
  const site_page *pg = ui_term_page(u, term);
  if (pg) {
    ui_widget *b = ui_button(u, "term-page", ACT_OPEN_PAGE, pg->id, ICON_FORWARD, pg->title, ui_lang(u), u->body_px,
                             col_x + pad, iy, col_w - 2 * pad, ui_mm(u, 16), C_PRIMARY, C_ON_PRIMARY);
    iy += b->h + ui_mm(u, 2);
  }
  card->h = iy + pad - y;
  u->content_height = card->y + card->h + u->margin - u->view_y;
}

/* ------------------------------------------------------------------ staff status */

const char *ui_search_gaps_line(int en, char *buf, size_t cap) {
  char today[11], list[300];
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(today, sizeof today, "%Y-%m-%d", &tm);
  int n = search_gaps_day(today, list, sizeof list);
  snprintf(buf, cap, en ? "Searches that found nothing today: %d%s%s%s" : "Zoekopdrachten zonder resultaat vandaag: %d%s%s%s",
           n, n ? " (" : "", list, n ? ")." : ".");
  return buf;
}

/* ------------------------------------------------------------------ terms in pages */

int ui_term_chips(ui *u, const char *text, const text_span *spans, int n, int col_x, int col_w,
                  int y) {
  int x = 0, row_h = 0, h = 0;
  for (int i = 0; i < n; i++) {
    if (!(spans[i].style & TEXT_STYLE_TERM) || spans[i].end <= spans[i].start || spans[i].end - spans[i].start >= 64) continue;
    char term[64];
    snprintf(term, sizeof term, "%.*s", spans[i].end - spans[i].start, text + spans[i].start);
    const site_glossary *g = ui_glossary_find(u, term);
    if (!g) continue;
    int seen = 0;   /* one chip per term and page */
    for (int w = 0; w < u->widget_count && !seen; w++)
      seen = !strcmp(u->widgets[w].kind, "termchip") && !strcasecmp(u->widgets[w].target, g->term_nl);
    if (seen) continue;
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "term-%s", g->term_nl);   /* "term-brede-intake" */
    for (char *c = id; *c; c++) if (*c == ' ') *c = '-';
    if (!h) h = ui_mm(u, 1.5);
    ui_widget *b = ui_button(u, id, ACT_TERM_OPEN, g->term_nl, ICON_INFO, g->term_nl, "nl", u->small_px, 0, 0, 0,
                             ui_mm(u, 11), C_CHIP, C_ACCENT);
    b->kind = "termchip";
    if (x && x + b->w > col_w) { h += row_h + ui_mm(u, 1.5); x = 0; row_h = 0; }
    b->x = ui_mirror(u, col_x, col_w, x, b->w);
    b->y = y + h;
    x += b->w + u->gap;
    if (b->h > row_h) row_h = b->h;
  }
  return h ? h + row_h : 0;
}

/* ------------------------------------------------------------------ scripts and dump */

int ui_search_plan(ui *u, const char *text, char (*ids)[UI_ID_MAX], int max, char *err, size_t errlen) {
  if (ui_top(u)->screen != UI_SCREEN_SEARCH || !u->search_kb.keyboard) {
    snprintf(err, errlen, "type: the search screen is not shown (open search or tap-id search-entry)");
    return -1;
  }
  enum { PLAN_MAX = 2048 };
  static search_keypress keys[PLAN_MAX];
  int n = search_keyboard_sequence(&u->search_kb, text, keys, max < PLAN_MAX ? max : PLAN_MAX, err, errlen);
  for (int i = 0; i < n; i++) {
    if (keys[i].layer == SEARCH_KEYBOARD_PICKER) snprintf(ids[i], UI_ID_MAX, "key-p-%d-%d", keys[i].row, keys[i].col);
    else snprintf(ids[i], UI_ID_MAX, "key-%d-%d-%d", keys[i].layer, keys[i].row, keys[i].col);
  }
  return n;
}

const char *ui_search_box(const ui *u, int *tofu) {
  if (ui_top_c(u)->screen != UI_SCREEN_SEARCH) return NULL;
  *tofu = 0;
  for (int i = 0; i < u->widget_count; i++)
    if (!strcmp(u->widgets[i].id, "search-box") && u->widgets[i].text && u->search_query[0])
      *tofu = u->widgets[i].text->notdef_count;
  return u->search_query;
}

const char *ui_search_result(const ui *u, int n, char *buf, size_t cap) {
  if (ui_top_c(u)->screen != UI_SCREEN_SEARCH || n < 0 || n >= u->search_hit_count) return NULL;
  static const char *const kinds[] = { "page", "glossary", "faq" };
  snprintf(buf, cap, "%s:%s", kinds[u->search_hits[n].kind], u->search_hits[n].id);
  return buf;
}

void ui_search_dump(const ui *u, FILE *out) {
  if (ui_top_c(u)->screen != UI_SCREEN_SEARCH) return;
  fputs("\"search\":{\"query\":\"", out);
  for (const unsigned char *p = (const unsigned char *)u->search_query; *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
    else if (*p < 0x20) fprintf(out, "\\u%04x", *p);
    else fputc(*p, out);
  }
  fputs("\",\"results\":[", out);
  char buf[96];
  for (int i = 0; i < u->search_hit_count; i++)
    fprintf(out, "%s\"%s\"", i ? "," : "", ui_search_result(u, i, buf, sizeof buf));
  const search_layer *l = u->search_kb.keyboard ? search_keyboard_layer(&u->search_kb) : NULL;
  fprintf(out, "],\"keyboard\":\"%s\",\"layer\":\"%s\"},", u->search_kb.keyboard ? u->search_kb.keyboard->lang : "",
          l ? l->name : "");
}
