/* ui_screens.c — the screens laid out into widgets: the top bar, language choice, the
 * route (ui_route.c), a page, questions, help and the overlays; ui_relayout picks the screen. */
#include "ui/ui.h"
#include <math.h>      /* lround, cosf, sinf */
#include <string.h>    /* strcmp, strlen, memcpy */
#include "ui/ui_checkin.h"
#include "ui/ui_internal.h"
#include "ui/ui_navigator.h"
#include "ui/ui_staff.h"
#include "util/util.h"

/* ------------------------------------------------------------------ the bar */

/* Home, back and language are on every screen (back and home only when they lead
 * somewhere); the two accessibility toggles too, so they work before anything else. */
static void ui_layout_bar(ui *u) {
  int bar_h = u->target + 2 * ui_mm(u, 2.5);
  ui_widget *bar = ui_add(u, "bar", "bar");
  bar->fixed = 1; bar->x = 0; bar->y = 0; bar->w = u->width; bar->h = bar_h; bar->bg = C_BAR;
  const char *lang = u->lang_chosen ? ui_lang(u) : "nl";
  /* the bar keeps its normal text size under large text, so it always fits one row */
  int y = (bar_h - u->target) / 2, size = (int)lround(6.25 * u->ppm) * 4 / 5, m = ui_mm(u, 3);
  ui_screen screen = ui_top(u)->screen;
  /* inside the check-in, home is the way out (it wipes the answers); back and language
   * would leave it half-way, and the language must not change under a questionnaire */
  int show_back = u->depth > 1 && screen != UI_SCREEN_CHECKIN;
  int show_home = u->lang_chosen && !(screen == UI_SCREEN_ROUTE && u->depth == 1);
  int show_lang = screen != UI_SCREEN_LANGUAGE && screen != UI_SCREEN_CHECKIN;
  /* Try with labels; drop labels (icons only) when the row does not fit. */
  for (int with_labels = 1; with_labels >= 0; with_labels--) {
    int first = u->widget_count;
    /* the end corner stays free: it is the hidden staff corner */
    int start = m, end = u->cfg.staff ? ui_mm(u, UI_CORNER_MM) : m;
    const char *l_back = with_labels ? ui_string(u, "back") : NULL;
    const char *l_home = with_labels ? ui_string(u, "home") : NULL;
    if (show_back) {
      ui_widget *w = ui_button(u, "back", ACT_BACK, "", ICON_BACK, l_back, lang, size, start, y, 0, u->target, C_BAR_BUTTON, C_ON_BAR);
      w->fixed = 1; start += w->w + u->gap;
    }
    if (show_home) {
      ui_widget *w = ui_button(u, "home", ACT_HOME, "", ICON_HOME, l_home, lang, size, start, y, 0, u->target, C_BAR_BUTTON, C_ON_BAR);
      w->fixed = 1; start += w->w + u->gap;
    }
    if (show_lang) {
      ui_widget *w = ui_button(u, "language", ACT_LANGUAGE_SCREEN, "", ICON_GLOBE,
                               u->site->lang.name, ui_lang(u), size, 0, y, 0, u->target, C_BAR_BUTTON, C_ON_BAR);
      w->fixed = 1; end += w->w; w->x = u->width - end; end += u->gap;
    }
    /* a toggle that is on turns light: its picture says what it does, its colour the state */
    ui_widget *c = ui_button(u, "contrast", ACT_TOGGLE_CONTRAST, "", ICON_CONTRAST,
                             with_labels ? ui_string(u, "contrast") : NULL, lang, size, 0, y, 0, u->target,
                             u->high_contrast ? C_ON_BAR : C_BAR_BUTTON, u->high_contrast ? C_BAR : C_ON_BAR);
    c->fixed = 1; c->on = u->high_contrast; end += c->w; c->x = u->width - end; end += u->gap;
    ui_widget *t = ui_button(u, "large-text", ACT_TOGGLE_LARGE, "", ICON_LARGE_TEXT,
                             with_labels ? ui_string(u, "large_text") : NULL, lang, size, 0, y, 0, u->target,
                             u->large_text ? C_ON_BAR : C_BAR_BUTTON, u->large_text ? C_BAR : C_ON_BAR);
    t->fixed = 1; t->on = u->large_text; end += t->w; t->x = u->width - end;
    if (start + end <= u->width || !with_labels) {
      if (ui_rtl(u))
        for (int i = first; i < u->widget_count; i++) u->widgets[i].x = u->width - u->widgets[i].x - u->widgets[i].w;
      /* an icon-only toggle still says what it is to the dump and expect-text */
      if (!with_labels) {
        c->label = ui_string(u, "contrast"); t->label = ui_string(u, "large_text");
        for (int i = first; i < u->widget_count; i++)
          if (!strcmp(u->widgets[i].id, "back")) u->widgets[i].label = ui_string(u, "back");
          else if (!strcmp(u->widgets[i].id, "home")) u->widgets[i].label = ui_string(u, "home");
      }
      break;
    }
    ui_free_layouts(u, first);
  }
  u->view_y = bar_h;
  u->view_h = u->height - bar_h;
}

/* ------------------------------------------------------------------ screens */

int ui_column(const ui *u, int *col_x) {
  int w = u->width - 2 * u->margin, max = ui_mm(u, u->large_text ? 260 : 200);
  if (w > max) w = max;
  *col_x = (u->width - w) / 2;
  return w;
}

int ui_title(ui *u, const char *id, const char *s, int col_x, int col_w, int y) {
  return ui_paragraph(u, id, "title", s, ui_lang(u), u->title_px, 1, NULL, 0, col_x, y, col_w, C_TEXT);
}

/* Adds the Dutch source under a translated block when "Nederlands erbij" is on. */
static int ui_dutch_under(ui *u, const char *id, const char *nl, const text_span *spans, int n,
                          int x, int y, int w) {
  if (!u->dutch_alongside || !nl || !strcmp(ui_lang(u), "nl")) return 0;
  char wid[UI_ID_MAX];
  snprintf(wid, sizeof wid, "%s-nl", id);
  int inset = ui_mm(u, 4);
  ui_widget *rule = ui_add(u, "", "rule");
  int h = ui_paragraph(u, wid, "dutch", nl, "nl", u->small_px, 0, spans, n,
                       x + inset, y + ui_mm(u, 1.5), w - inset, C_MUTED);
  /* Dutch reads left to right even on an RTL page: its rule sits on its left */
  rule->bg = C_LINE; rule->x = x; rule->y = y + ui_mm(u, 1.5); rule->w = ui_mm(u, 1); rule->h = h;
  return h + ui_mm(u, 1.5);
}

int ui_callout(ui *u, const char *id, const char *s, const text_span *spans, int n,
                      int x, int y, int w) {
  int pad = ui_mm(u, 4), isz = ui_mm(u, 8);
  ui_widget *box = ui_add(u, id, "callout");
  box->bg = C_CALLOUT; box->border = C_CALLOUT_EDGE; box->radius = ui_mm(u, 2.5);
  box->icon = ICON_INFO; box->icon_color = C_CALLOUT_EDGE; box->isize = isz;
  box->image = ui_image(u, "info", isz);
  box->text = ui_text(u, s, ui_lang(u), u->body_px, 0, w - 3 * pad - isz, spans, n, 0);
  box->label = s;
  box->x = x; box->y = y; box->w = w;
  int th = ui_text_h(box->text);
  box->h = (th > isz ? th : isz) + 2 * pad;
  box->ix = ui_rtl(u) ? w - pad - isz : pad; box->iy = pad;
  box->tx = ui_rtl(u) ? pad : 2 * pad + isz; box->ty = pad;
  return box->h;
}

/* The page's header: pictogram, title, and the Dutch term beside or under it. Returns
 * the y below it. */
static int ui_page_header(ui *u, const site_page *pg, int col_x, int col_w, int y) {
  const char *lang = ui_lang(u);
  int pic = ui_mm(u, u->large_text ? 30 : 22), pgap = ui_mm(u, 4);
  ui_widget *p = ui_add(u, "pictogram", "pictogram");
  p->icon = ICON_PICTOGRAM; p->icon_color = C_PRIMARY; p->isize = pic; p->w = p->h = pic;
  p->image = ui_image(u, pg->pictogram, (int)(pic * UI_DISC_PICTURE));
  p->x = ui_mirror(u, col_x, col_w, 0, pic); p->y = y;
  int tw = col_w - pic - pgap;
  ui_widget *t = ui_add(u, "title", "title");
  t->text = ui_text(u, pg->title, lang, u->title_px, 1, tw, NULL, 0, 0);
  t->label = pg->title;
  int th = ui_text_h(t->text);
  t->w = tw; t->h = th; t->y = y; t->x = ui_mirror(u, col_x, col_w, pic + pgap, tw);
  /* the Dutch term: on the title's line when it fits, else right under it */
  ui_widget *term = ui_add(u, "term", "term");
  term->text = ui_text(u, pg->term_nl, "nl", u->body_px, 1, 0, NULL, 0, 0);
  term->label = pg->term_nl;
  term->text_color = C_ACCENT; term->bg = C_CHIP; term->radius = ui_mm(u, 2);
  int pad = ui_mm(u, 2.5);
  term->w = ui_text_w(term->text) + 2 * pad; term->h = ui_text_h(term->text) + ui_mm(u, 1);
  term->tx = pad; term->ty = ui_mm(u, 0.5);
  int one_line = t->text && t->text->line_count == 1;
  int title_w = ui_text_w(t->text);
  if (one_line && title_w + pgap + term->w <= tw) {
    int off = pic + pgap + title_w + pgap;
    term->x = ui_mirror(u, col_x, col_w, off, term->w);
    term->y = y + (th - term->h) / 2;
  } else {
    term->x = ui_mirror(u, col_x, col_w, pic + pgap, term->w);
    term->y = y + th + ui_mm(u, 1.5);
    th += term->h + ui_mm(u, 1.5);
  }
  y += (th > pic ? th : pic) + ui_mm(u, 5);
  return y;
}

/* Page actions: listen (only where there is audio; "stop" while it plays) and Dutch
 * alongside. Returns the y below them. */
static int ui_page_actions(ui *u, const site_page *pg, int col_x, int col_w, int y) {
  const char *lang = ui_lang(u);
  int listen_w = 0, row_h = 0;
  if (ui_listen_available(u, pg)) {
    ui_widget *listen = ui_button(u, "listen", ACT_LISTEN, pg->id, u->listen_playing ? ICON_STOP : ICON_SPEAKER,
                                  ui_string(u, u->listen_playing ? "stop" : "listen"), lang, u->body_px, 0, y, 0,
                                  u->target, C_PRIMARY, C_ON_PRIMARY);
    listen->x = ui_mirror(u, col_x, col_w, 0, listen->w);
    listen->on = u->listen_playing;
    listen_w = listen->w + u->gap;
    row_h = listen->h;
  }
  if (strcmp(lang, "nl")) {
    ui_widget *d = ui_button(u, "toggle-dutch", ACT_TOGGLE_DUTCH, "", ICON_DUTCH,
                             ui_string(u, "dutch_too"), lang, u->body_px, 0, y, 0, u->target,
                             u->dutch_alongside ? C_PRIMARY : C_SURFACE, u->dutch_alongside ? C_ON_PRIMARY : C_TEXT);
    d->border = C_BORDER; d->on = u->dutch_alongside;
    if (listen_w + d->w <= col_w) {
      d->x = ui_mirror(u, col_x, col_w, listen_w, d->w);
    } else {
      d->y = y + row_h + u->gap; d->x = ui_mirror(u, col_x, col_w, 0, d->w); row_h += d->h + u->gap;
    }
    if (d->h > row_h) row_h = d->h;
  }
  if (ui_search_offered(u)) {   /* the magnifier: after the actions, or on its own row */
    int used = 0;
    for (int i = 0; i < u->widget_count; i++)
      if (u->widgets[i].y == y && (!strcmp(u->widgets[i].id, "listen") || !strcmp(u->widgets[i].id, "toggle-dutch")))
        used += u->widgets[i].w + u->gap;
    ui_widget *s = ui_search_entry(u, 0, y, 0);
    if (used + s->w > col_w) { s->y = y + row_h + u->gap; used = 0; row_h += s->h + u->gap; }
    s->x = ui_mirror(u, col_x, col_w, used, s->w);
    if (s->h > row_h) row_h = s->h;
  }
  y += row_h + ui_mm(u, 6);
  return y;
}

/* A bullet or numbered item (number counts the numbered run). Returns its height. */
static int ui_page_list_item(ui *u, const char *id, const site_block *blk, int number, int col_x, int col_w, int y) {
  const char *lang = ui_lang(u);
  int indent = ui_mm(u, 9);
  int line_h = 0, ascent = 0;
  text_line_metrics(u->cfg.fonts, lang, u->body_px, &line_h, &ascent);
  ui_widget *mark = ui_add(u, "", "bullet");
  if (blk->kind == SITE_NUMBERED) {
    char num[16]; snprintf(num, sizeof num, "%d.", number);
    mark->text = ui_text(u, num, "nl", u->body_px, 1, 0, NULL, 0, 0);
    mark->w = ui_text_w(mark->text); mark->h = ui_text_h(mark->text);
    mark->x = ui_mirror(u, col_x, col_w, 0, mark->w); mark->y = y;
  } else {
    int d = ui_mm(u, 2.2);
    mark->icon = ICON_DOT; mark->icon_color = C_PRIMARY; mark->isize = d; mark->w = mark->h = d;
    mark->x = ui_mirror(u, col_x, col_w, ui_mm(u, 2.5), d);
    mark->y = y + ui_px(line_h) / 2 - d / 2;
  }
  return ui_paragraph(u, id, "bullet", blk->text, lang, u->body_px, 0, blk->spans, blk->span_count,
                      ui_mirror(u, col_x, col_w, indent, col_w - indent), y, col_w - indent, C_TEXT);
}

/* One content block with its Dutch text under it when asked. Returns the y below it. */
static int ui_page_block(ui *u, const site_block *blk, const char *id, int number, int col_x, int col_w, int y) {
  const char *lang = ui_lang(u);
  int h = 0;
  if (blk->kind == SITE_HEADING) {
    y += ui_mm(u, 2);
    h = ui_paragraph(u, id, "heading", blk->text, lang, u->body_px * 5 / 4, 1, blk->spans, blk->span_count,
                     col_x, y, col_w, C_TEXT);
  } else if (blk->kind == SITE_CALLOUT) {
    h = ui_callout(u, id, blk->text, blk->spans, blk->span_count, col_x, y, col_w);
  } else if (blk->kind == SITE_BULLET || blk->kind == SITE_NUMBERED) {
    h = ui_page_list_item(u, id, blk, number, col_x, col_w, y);
  } else {
    h = ui_paragraph(u, id, "paragraph", blk->text, lang, u->body_px, 0, blk->spans, blk->span_count,
                     col_x, y, col_w, C_TEXT);
  }
  y += h;
  y += ui_term_chips(u, blk->text, blk->spans, blk->span_count, col_x, col_w, y);   /* ui_search.c */
  y += ui_dutch_under(u, id, blk->text_nl, blk->spans_nl, blk->span_count_nl, col_x, y, col_w);
  y += blk->kind == SITE_HEADING ? ui_mm(u, 2) : ui_mm(u, 4);
  return y;
}

/* Related pages and the date the page was last checked. Returns the y below them. */
static int ui_page_footer(ui *u, const site_page *pg, int col_x, int col_w, int y) {
  const char *lang = ui_lang(u);
  char id[UI_ID_MAX];
  if (pg->related_count) {
    y += ui_mm(u, 4);
    y += ui_paragraph(u, "related", "heading", ui_string(u, "related"), lang, u->body_px * 5 / 4, 1,
                      NULL, 0, col_x, y, col_w, C_TEXT) + ui_mm(u, 3);
    for (int r = 0; r < pg->related_count; r++) {
      const site_page *rp = site_find_page(u->site, pg->related[r]);
      if (!rp) continue;
      snprintf(id, sizeof id, "related-%s", rp->id);
      ui_widget *b = ui_button(u, id, ACT_OPEN_PAGE, rp->id, ICON_FORWARD, rp->title, lang, u->body_px,
                               col_x, y, col_w, ui_mm(u, 16), C_SURFACE, C_PRIMARY);
      b->border = C_BORDER;
      y += b->h + u->gap;
    }
  }
  if (pg->checked[0]) {
    char line[160];
    /* the date is isolated left-to-right (LRI … PDI) so it never reorders in RTL */
    snprintf(line, sizeof line, "%s: \xE2\x81\xA6%s\xE2\x81\xA9", ui_string(u, "last_checked"), pg->checked);
    y += ui_mm(u, 4);
    ui_widget *w = ui_add(u, "checked", "text");
    w->text = ui_text(u, line, lang, u->small_px, 0, col_w, NULL, 0, 0);
    w->label = pg->checked;
    w->text_color = C_MUTED; w->x = col_x; w->y = y; w->w = col_w; w->h = ui_text_h(w->text);
    y += w->h;
  }
  return y;
}

static void ui_layout_page(ui *u, const site_page *pg) {
  int col_x, col_w = ui_column(u, &col_x);
  int y = ui_page_header(u, pg, col_x, col_w, u->view_y + ui_mm(u, 5));
  y = ui_page_actions(u, pg, col_x, col_w, y);
  if (pg->differs_per_gemeente) {
    y += ui_callout(u, "differs", ui_string(u, "differs_per_gemeente"), NULL, 0, col_x, y, col_w) + ui_mm(u, 5);
  }
  int wait_h = ui_typical_wait(u, pg->id, col_x, y, col_w);
  if (wait_h) y += wait_h + ui_mm(u, 5);
  char id[UI_ID_MAX];
  int number = 0;
  for (int b = 0; b < pg->block_count; b++) {
    const site_block *blk = &pg->blocks[b];
    snprintf(id, sizeof id, "block-%d", b + 1);
    if (blk->kind == SITE_BULLET || blk->kind == SITE_NUMBERED) number = blk->kind == SITE_NUMBERED ? number + 1 : 0;
    y = ui_page_block(u, blk, id, number, col_x, col_w, y);
  }
  y = ui_page_footer(u, pg, col_x, col_w, y);
  u->content_height = y + u->margin - u->view_y;
}

static void ui_layout_questions(ui *u) {
  int col_x, col_w = ui_column(u, &col_x);
  const char *lang = ui_lang(u);
  int y = u->view_y + ui_mm(u, 5);
  y += ui_title(u, "title", ui_string(u, "faq_title"), col_x, col_w, y) + ui_mm(u, 6);
  char id[UI_ID_MAX];
  for (int i = 0; i < u->site->faq_count; i++) {
    const site_faq *f = &u->site->faq[i];
    snprintf(id, sizeof id, "faq-%d", i + 1);
    y += ui_paragraph(u, id, "question", f->question, lang, u->body_px * 9 / 8, 1, NULL, 0, col_x, y, col_w, C_PRIMARY);
    snprintf(id, sizeof id, "faq-%d-q", i + 1);
    y += ui_dutch_under(u, id, f->question_nl, NULL, 0, col_x, y, col_w) + ui_mm(u, 2);
    char target[32];
    snprintf(id, sizeof id, "faq-%d-listen", i + 1);
    snprintf(target, sizeof target, "faq:%d", i + 1);
    int lh = ui_listen_button(u, id, target, col_x, col_w, y);
    if (lh) y += lh + ui_mm(u, 2);
    snprintf(id, sizeof id, "faq-%d-answer", i + 1);
    y += ui_paragraph(u, id, "answer", f->answer, lang, u->body_px, 0, NULL, 0, col_x, y, col_w, C_TEXT);
    y += ui_dutch_under(u, id, f->answer_nl, NULL, 0, col_x, y, col_w) + ui_mm(u, 3);
    const site_page *rp = f->related[0] ? site_find_page(u->site, f->related) : NULL;
    if (rp) {
      snprintf(id, sizeof id, "faq-%d-related", i + 1);
      ui_widget *b = ui_button(u, id, ACT_OPEN_PAGE, rp->id, ICON_FORWARD, rp->title, lang, u->body_px,
                               col_x, y, col_w, ui_mm(u, 16), C_SURFACE, C_PRIMARY);
      b->border = C_BORDER;
      y += b->h;
    }
    y += ui_mm(u, 8);
  }
  u->content_height = y + u->margin - u->view_y;
}

int ui_contact_cards(ui *u, int col_x, int col_w, int y) {
  const char *lang = ui_lang(u);
  int y0 = y;
  char id[UI_ID_MAX];
  int pad = ui_mm(u, 5);
  for (int i = 0; i < u->site->contact_count; i++) {
    const site_contact *c = &u->site->contacts[i];
    snprintf(id, sizeof id, "contact-%s", c->id);
    ui_widget *card = ui_add(u, id, "contact");
    card->bg = C_SURFACE; card->border = C_BORDER; card->radius = ui_mm(u, 3);
    card->x = col_x; card->y = y; card->w = col_w;
    card->label = c->name;
    int iy = y + pad;
    snprintf(id, sizeof id, "contact-%s-name", c->id);
    iy += ui_paragraph(u, id, "text", c->name, lang, u->body_px * 9 / 8, 1, NULL, 0, col_x + pad, iy, col_w - 2 * pad, C_TEXT) + ui_mm(u, 1.5);
    snprintf(id, sizeof id, "contact-%s-how", c->id);
    iy += ui_paragraph(u, id, "text", c->how, lang, u->body_px, 0, NULL, 0, col_x + pad, iy, col_w - 2 * pad, C_MUTED);
    if (c->phone && c->phone[0]) {
      snprintf(id, sizeof id, "contact-%s-phone", c->id);
      ui_widget *ph = ui_add(u, id, "phone");
      /* a phone number reads left to right inside any paragraph */
      ph->text = ui_text(u, c->phone, "nl", u->title_px, 1, 0, NULL, 0, 0);
      ph->label = c->phone; ph->text_color = C_PRIMARY;
      ph->icon = ICON_PHONE; ph->icon_color = C_PRIMARY; ph->isize = ui_mm(u, 8);
      ph->image = ui_image(u, "phone", ph->isize);
      int tw = ui_text_w(ph->text);
      ph->w = ph->isize + ui_mm(u, 3) + tw; ph->h = ui_text_h(ph->text);
      ph->x = ui_mirror(u, col_x + pad, col_w - 2 * pad, 0, ph->w);
      ph->y = iy + ui_mm(u, 2);
      ph->ix = ui_rtl(u) ? ph->w - ph->isize : 0; ph->iy = (ph->h - ph->isize) / 2;
      ph->tx = ui_rtl(u) ? 0 : ph->isize + ui_mm(u, 3);
      iy = ph->y + ph->h;
    }
    card->h = iy + pad - y;
    y += card->h + ui_mm(u, 5);
  }
  return y - y0;
}

static void ui_layout_help(ui *u) {
  int col_x, col_w = ui_column(u, &col_x);
  int y = u->view_y + ui_mm(u, 5);
  y += ui_title(u, "title", ui_string(u, "help_title"), col_x, col_w, y) + ui_mm(u, 6);
  int lh = ui_listen_button(u, "help-listen", "help", col_x, col_w, y);
  if (lh) y += lh + ui_mm(u, 5);
  y += ui_contact_cards(u, col_x, col_w, y);
  u->content_height = y + u->margin - u->view_y;
}

/* The idle overlay: a dimmed screen, the question, a countdown and one big button. */
void ui_layout_overlay(ui *u) {
  ui_free_layouts(u, u->overlay_first >= 0 ? u->overlay_first : u->widget_count);
  u->overlay_first = u->widget_count;
  const char *lang = u->lang_chosen ? ui_lang(u) : u->site->lang.code;
  ui_widget *dim = ui_add(u, "idle-overlay", "overlay");
  dim->fixed = 1; dim->x = 0; dim->y = 0; dim->w = u->width; dim->h = u->height; dim->bg = C_DIM;
  int pw = u->width - 2 * u->margin, pad = ui_mm(u, 6);
  if (pw > ui_mm(u, 170)) pw = ui_mm(u, 170);
  int px = (u->width - pw) / 2;
  ui_widget *panel = ui_add(u, "idle-panel", "panel");
  panel->fixed = 1; panel->bg = C_SURFACE; panel->border = C_BORDER; panel->radius = ui_mm(u, 4);
  int y = pad;
  ui_widget *t = ui_add(u, "idle-title", "title");
  t->fixed = 1; t->text = ui_text(u, ui_string(u, "idle_title"), lang, u->title_px, 1, pw - 2 * pad, NULL, 0, 1);
  t->label = ui_string(u, "idle_title"); t->x = px + pad; t->w = pw - 2 * pad; t->h = ui_text_h(t->text); t->ty = 0;
  t->y = y; y += t->h + ui_mm(u, 3);
  ui_widget *b = ui_add(u, "idle-body", "text");
  b->fixed = 1; b->text = ui_text(u, ui_string(u, "idle_body"), lang, u->body_px, 0, pw - 2 * pad, NULL, 0, 1);
  b->label = ui_string(u, "idle_body"); b->x = px + pad; b->w = pw - 2 * pad; b->h = ui_text_h(b->text);
  b->y = y; y += b->h + ui_mm(u, 4);
  static char count_text[16];
  snprintf(count_text, sizeof count_text, "%d", u->countdown_s);
  ui_widget *n = ui_add(u, "idle-countdown", "countdown");
  n->fixed = 1; n->text = ui_text(u, count_text, "nl", u->title_px * 2, 1, pw - 2 * pad, NULL, 0, 1);
  n->label = count_text; n->text_color = C_ACCENT;
  n->x = px + pad; n->w = pw - 2 * pad; n->h = ui_text_h(n->text); n->y = y; y += n->h + ui_mm(u, 4);
  ui_widget *c = ui_button(u, "idle-continue", ACT_CONTINUE, "", ICON_NONE, ui_string(u, "continue"), lang,
                           u->title_px, px + pad, y, pw - 2 * pad, ui_mm(u, 22), C_PRIMARY, C_ON_PRIMARY);
  c->fixed = 1;
  if (c->text) c->tx = (c->w - ui_text_w(c->text)) / 2 - (c->text->line_count ? ui_px(c->text->lines[0].x) : 0);
  y += c->h + pad;
  int py = (u->height - y) / 2;
  if (py < 0) py = 0;
  panel->x = px; panel->y = py; panel->w = pw; panel->h = y;
  for (int i = u->overlay_first + 2; i < u->widget_count; i++) u->widgets[i].y += py;
}

void ui_relayout(ui *u) {
  u->overlay_first = -1;
  ui_free_layouts(u, 0);
  ui_metrics(u);
  ui_entry *e = ui_top(u);
  if (e->screen != UI_SCREEN_STAFF) ui_layout_bar(u);
  switch (e->screen) {
  case UI_SCREEN_LANGUAGE: ui_layout_language(u); break;
  case UI_SCREEN_ROUTE: ui_layout_route(u); break;
  case UI_SCREEN_PAGE: {
    const site_page *pg = site_find_page(u->site, e->page);
    if (pg) ui_layout_page(u, pg);
    else { e->screen = UI_SCREEN_ROUTE; ui_relayout(u); return; }
    break;
  }
  case UI_SCREEN_QUESTIONS: ui_layout_questions(u); break;
  case UI_SCREEN_HELP: ui_layout_help(u); break;
  case UI_SCREEN_STAFF: ui_layout_staff(u); break;
  case UI_SCREEN_CHECKIN: ui_checkin_layout(u); break;
  case UI_SCREEN_NAVIGATOR: ui_navigator_layout(u); break;
  case UI_SCREEN_SEARCH: ui_layout_search(u); break;
  case UI_SCREEN_TERM: ui_layout_term(u); break;
  default: expect(0);
  }
  int max = u->content_height - u->view_h;
  if (max < 0) max = 0;
  if (e->scroll > max) e->scroll = max;
  if (e->scroll < 0) e->scroll = 0;
  if (u->overlay) ui_layout_overlay(u);
  ui_listen_relayout(u);
}

