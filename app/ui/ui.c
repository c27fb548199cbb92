/* ui.c — screens, navigation, the pointer state machine, idle reset and the draw list.
 * Layout is computed into widgets when the screen, size, language or a toggle changes;
 * a frame walks the widgets into the preallocated draw list. No SDL here. */
#include "ui/ui.h"
#include <math.h>      /* lround, cosf, sinf, expf */
#include <stdarg.h>    /* va_list */
#include <string.h>    /* strcmp, strlen, memcpy */
#include <fribidi.h>   /* fribidi_get_bidi_type */
#include "staff/staffwork.h"
#include "ui/ui_checkin.h"
#include "ui/ui_internal.h"
#include "ui/ui_staff.h"
#include "util/util.h"

/* ------------------------------------------------------------------ themes */
/* (types, colour roles, actions and struct ui are in ui_internal.h, shared with ui_checkin.c) */

static const ui_color ui_theme_normal[C_COUNT] = {
  [C_BG] = {246, 244, 239, 255},       [C_SURFACE] = {255, 255, 255, 255},
  [C_TEXT] = {27, 27, 27, 255},        [C_MUTED] = {80, 86, 92, 255},
  [C_PRIMARY] = {11, 92, 122, 255},    [C_ON_PRIMARY] = {255, 255, 255, 255},
  [C_ACCENT] = {154, 52, 18, 255},     [C_BORDER] = {196, 206, 212, 255},
  [C_CALLOUT] = {255, 244, 214, 255},  [C_CALLOUT_EDGE] = {204, 140, 0, 255},
  [C_CHIP] = {227, 238, 242, 255},     [C_BAR] = {11, 92, 122, 255},
  [C_BAR_BUTTON] = {22, 112, 145, 255}, [C_ON_BAR] = {255, 255, 255, 255},
  [C_DIM] = {0, 0, 0, 160},            [C_PRESSED] = {0, 0, 0, 60},
  [C_LINE] = {150, 178, 190, 255},     [C_PICTO] = {255, 255, 255, 255},
};
/* High contrast: white/yellow on black, every pair above 7:1. */
static const ui_color ui_theme_contrast[C_COUNT] = {
  [C_BG] = {0, 0, 0, 255},             [C_SURFACE] = {0, 0, 0, 255},
  [C_TEXT] = {255, 255, 255, 255},     [C_MUTED] = {230, 230, 230, 255},
  [C_PRIMARY] = {255, 221, 0, 255},    [C_ON_PRIMARY] = {0, 0, 0, 255},
  [C_ACCENT] = {255, 221, 0, 255},     [C_BORDER] = {255, 255, 255, 255},
  [C_CALLOUT] = {0, 0, 0, 255},        [C_CALLOUT_EDGE] = {255, 221, 0, 255},
  [C_CHIP] = {40, 40, 40, 255},        [C_BAR] = {0, 0, 0, 255},
  [C_BAR_BUTTON] = {0, 0, 0, 255},     [C_ON_BAR] = {255, 255, 255, 255},
  [C_DIM] = {0, 0, 0, 220},            [C_PRESSED] = {255, 255, 255, 90},
  [C_LINE] = {255, 255, 255, 255},     [C_PICTO] = {0, 0, 0, 255},
};

static const char *const ui_screen_names[UI_SCREEN_COUNT] = {
  "language", "route", "page", "questions", "help", "staff", "checkin"
};

/* ------------------------------------------------------------------ small helpers */


/* One JSON event line: {"event":..., ...,"t":now}. fmt gives the fields after "event". */
void ui_emit(ui *u, const char *fmt, ...) {
  if (!u->cfg.events) return;
  va_list ap;
  va_start(ap, fmt);
  fputs("{", u->cfg.events);
  vfprintf(u->cfg.events, fmt, ap);
  fprintf(u->cfg.events, ",\"t\":%lld}\n", u->last_tick);
  fflush(u->cfg.events);
  va_end(ap);
}

static void ui_json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
    else if (*p == '\n') fputs("\\n", out);
    else if (*p < 0x20) fprintf(out, "\\u%04x", *p);
    else fputc(*p, out);
  }
  fputc('"', out);
}


/* ------------------------------------------------------------------ pictograms */

/* The pack pictogram that stands for a built-in icon (assets/pictograms/NAME.svg);
 * checkboxes stay shapes because their state matters more than their picture. */
static const char *ui_icon_pictogram(int icon) {
  switch (icon) {
  case ICON_BACK: return "back";
  case ICON_FORWARD: return "forward";
  case ICON_HOME: return "home";
  case ICON_GLOBE: return "language";
  case ICON_SPEAKER: return "listen";
  case ICON_INFO: return "info";
  case ICON_QUESTION: return "vragen";
  case ICON_PHONE: return "phone";
  case ICON_HEART: return "checkin";
  case ICON_STOP: return "stop";
  case ICON_SKIP: return "skip";
  default: return NULL;
  }
}

/* A pictogram's handle for drawing at about size_px, or 0 when there is no image source
 * or the pack lacks it (the platform logs that once per name). */
int ui_image(ui *u, const char *name, int size_px) {
  if (!u->cfg.images.load || !name || !*name || size_px <= 0) return 0;
  return u->cfg.images.load(u->cfg.images.ctx, name, size_px);
}

/* ------------------------------------------------------------------ widgets */

static void ui_free_layouts(ui *u, int from) {
  for (int i = from; i < u->widget_count; i++) {
    text_layout_free(u->widgets[i].text);
    u->widgets[i].text = NULL;
  }
  u->widget_count = from;
}

/* Appends a blank widget; the caller fills it. Capacity is a design limit. */
ui_widget *ui_add(ui *u, const char *id, const char *kind) {
  expect(u->widget_count < UI_WIDGETS_MAX);
  ui_widget *w = &u->widgets[u->widget_count++];
  memset(w, 0, sizeof *w);
  ui_copy(w->id, sizeof w->id, id);
  w->kind = kind;
  w->bg = w->border = w->icon_color = C_NONE;
  w->text_color = C_TEXT;
  w->overlay = u->overlay_first >= 0;
  return w;
}

/* The language a string is laid out in. A string shown for a right-to-left language
 * that holds no right-to-left letter but does hold left-to-right ones is an untranslated
 * fallback (the pack falls back to English, then Dutch): it is laid out as Dutch, left
 * to right, so its full stop does not jump to the other end. Neutral strings (digits,
 * dates) keep the screen's language. */
static const char *ui_text_lang(const char *s, const char *lang) {
  if (!s || !lang || !text_lang_is_rtl(lang)) return lang;
  int ltr = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    uint32_t cp = *p;
    int n = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
    if (n > 1) cp &= 0x3F >> (n - 1);
    for (int i = 1; i < n; i++) {
      if ((p[i] & 0xC0) != 0x80) { n = i; cp = 0xFFFD; break; }
      cp = cp << 6 | (p[i] & 0x3F);
    }
    p += n;
    FriBidiCharType t = fribidi_get_bidi_type(cp);
    if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) return lang;
    if (t == FRIBIDI_TYPE_LTR) ltr = 1;
  }
  return ltr ? "nl" : lang;
}

/* Lays out text; on failure logs once and returns NULL (the widget shows no text). */
text_layout *ui_text(ui *u, const char *s, const char *lang, int size, int bold,
                            int max_width, const text_span *spans, int span_count, int align) {
  if (!s || !*s) return NULL;
  const char *shown = ui_text_lang(s, lang);
  /* Latin text in an RTL screen ("PIP", an untranslated fallback) runs left to right
   * but still sits at the screen's start edge, like the translated text around it. */
  if (shown != lang && align == TEXT_ALIGN_START) align = TEXT_ALIGN_RIGHT;
  lang = shown;
  text_params p = { .lang = lang, .size_px = size, .bold = bold, .max_width_px = max_width,
                    .spans = spans, .span_count = span_count, .align = align };
  text_layout *l = text_layout_paragraph(u->cfg.fonts, s, strlen(s), &p, u->err, sizeof u->err);
  if (!l) fprintf(stderr, "wegwijs: text layout failed: %s\n", u->err);
  return l;
}


/* A button: optional icon at the start, label after it; width fits the label unless
 * width > 0. Returns the widget (content coordinates unless fixed). */
ui_widget *ui_button(ui *u, const char *id, int action, const char *target, int icon,
                            const char *label, const char *lang, int size, int x, int y,
                            int width, int height, int bg, int fg) {
  ui_widget *w = ui_add(u, id, "button");
  w->action = action;
  ui_copy(w->target, sizeof w->target, target);
  w->bg = bg; w->radius = ui_mm(u, 2.5);
  w->text_color = fg; w->icon_color = fg; w->icon = icon;
  int pad = ui_mm(u, 4), isz = icon ? ui_mm(u, 8) : 0;
  w->image = ui_image(u, ui_icon_pictogram(icon), isz);
  int ipad = icon && label ? ui_mm(u, 3) : 0;
  int avail = width > 0 ? width - 2 * pad - isz - ipad : 0;
  w->text = label ? ui_text(u, label, lang, size, 1, avail > 0 ? avail : 0, NULL, 0, 0) : NULL;
  w->label = label;
  int tw = ui_text_w(w->text), th = ui_text_h(w->text);
  w->w = width > 0 ? width : tw + 2 * pad + isz + ipad;
  if (w->w < u->target) w->w = u->target;
  w->h = height > th + 2 * ui_mm(u, 2) ? height : th + 2 * ui_mm(u, 2);
  w->x = x; w->y = y;
  int rtl = ui_rtl(u) && lang && text_lang_is_rtl(lang);
  w->iy = (w->h - isz) / 2; w->isize = isz; w->ty = (w->h - th) / 2;
  if (width > 0) {
    /* fixed width: icon at the start edge, the text box fills the rest and its lines
     * carry their own alignment (line.x) */
    w->ix = rtl ? w->w - pad - isz : pad;
    w->tx = rtl ? pad : pad + isz + ipad;
  } else {
    int content_w = isz + ipad + tw, start = label ? (w->w - content_w) / 2 : (w->w - isz) / 2;
    w->ix = rtl ? w->w - start - isz : start;
    w->tx = rtl ? start : start + isz + ipad;
  }
  return w;
}

/* A paragraph of text inside the column; returns its height. */
int ui_paragraph(ui *u, const char *id, const char *kind, const char *s, const char *lang,
                        int size, int bold, const text_span *spans, int span_count,
                        int x, int y, int width, int color) {
  ui_widget *w = ui_add(u, id, kind);
  w->text = ui_text(u, s, lang, size, bold, width, spans, span_count, 0);
  w->label = s;
  w->x = x; w->y = y; w->w = width; w->h = ui_text_h(w->text);
  w->text_color = color;
  return w->h;
}

/* ------------------------------------------------------------------ metrics */

static void ui_metrics(ui *u) {
  u->ppm = 1.0 / u->mm_per_px;
  double scale = u->large_text ? 2.0 : 1.0;
  /* body cap height 4.5 mm: Noto's cap is 0.72 em */
  u->body_px = (int)lround(6.25 * u->ppm * scale);
  u->small_px = u->body_px * 4 / 5;
  u->title_px = u->body_px * (u->large_text ? 5 : 3) / (u->large_text ? 4 : 2);
  u->target = ui_mm(u, 15);
  u->gap = ui_mm(u, 3);
  u->margin = ui_mm(u, 6);
  u->theme = u->high_contrast ? ui_theme_contrast : ui_theme_normal;
}

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
    ui_widget *c = ui_button(u, "contrast", ACT_TOGGLE_CONTRAST, "", u->high_contrast ? ICON_CHECKBOX_ON : ICON_CHECKBOX,
                             with_labels ? ui_string(u, "contrast") : NULL, lang, size, 0, y, 0, u->target, C_BAR_BUTTON, C_ON_BAR);
    c->fixed = 1; c->on = u->high_contrast; end += c->w; c->x = u->width - end; end += u->gap;
    ui_widget *t = ui_button(u, "large-text", ACT_TOGGLE_LARGE, "", u->large_text ? ICON_CHECKBOX_ON : ICON_CHECKBOX,
                             with_labels ? ui_string(u, "large_text") : NULL, lang, size, 0, y, 0, u->target, C_BAR_BUTTON, C_ON_BAR);
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

static void ui_layout_language(ui *u) {
  int col_x, col_w = ui_column(u, &col_x);
  int y = u->view_y + ui_mm(u, 8);
  ui_widget *g = ui_add(u, "choose-language-icon", "icon");
  g->icon = ICON_GLOBE; g->icon_color = C_PRIMARY; g->isize = ui_mm(u, 14);
  g->w = g->h = g->isize; g->x = (u->width - g->w) / 2; g->y = y;
  g->image = ui_image(u, "language", g->isize);
  y += g->h + u->gap;
  const char *lang = u->lang_chosen ? ui_lang(u) : u->site->lang.code;
  ui_widget *t = ui_add(u, "choose-language", "title");
  t->text = ui_text(u, ui_string(u, "choose_language"), lang, u->body_px, 1, col_w, NULL, 0, 1);
  t->label = ui_string(u, "choose_language");
  t->x = col_x; t->y = y; t->w = col_w; t->h = ui_text_h(t->text);
  y += t->h + ui_mm(u, 2);
  /* the same request in the content's other languages, each in its own script and
   * direction, flowed into centred lines */
  int line_first = u->widget_count, lx = 0, line_h = 0, sep = ui_mm(u, 6);
  for (int i = 0; i <= u->choose_count; i++) {
    ui_widget *c = NULL;
    if (i < u->choose_count && strcmp(u->choose[i], t->label)) {
      char id[UI_ID_MAX];
      snprintf(id, sizeof id, "choose-language-%s", u->choose_lang[i]);
      c = ui_add(u, id, "text");
      c->text = ui_text(u, u->choose[i], u->choose_lang[i], u->small_px, 0, col_w, NULL, 0, 1);
      c->label = u->choose[i]; c->text_color = C_MUTED;
      c->w = ui_text_w(c->text); c->h = ui_text_h(c->text);
      if (c->text && c->text->line_count == 1) c->tx = -ui_px(c->text->lines[0].x);
    }
    int end = i == u->choose_count || (c && lx > 0 && lx + sep + c->w > col_w);
    if (end && u->widget_count - (c ? 1 : 0) > line_first) {   /* centre the finished line */
      int last = u->widget_count - (c ? 1 : 0), shift = col_x + (col_w - lx) / 2, ascent = 0;
      for (int k = line_first; k < last; k++)
        if (u->widgets[k].text && u->widgets[k].text->ascent > ascent) ascent = u->widgets[k].text->ascent;
      for (int k = line_first; k < last; k++) {   /* scripts differ in ascent: share one baseline */
        ui_widget *wk = &u->widgets[k];
        wk->x += shift;
        if (ui_rtl(u)) wk->x = 2 * col_x + col_w - wk->x - wk->w;
        wk->y = y + (wk->text ? ui_px(ascent - wk->text->ascent) : 0);
      }
      y += line_h + ui_mm(u, 1.5);
      line_first = last; lx = 0; line_h = 0;
    }
    if (c) {
      c->x = lx ? lx + sep : 0; lx = c->x + c->w;
      if (c->h > line_h) line_h = c->h;
    }
  }
  y += ui_mm(u, 6);
  int n = u->site->language_count;
  int tile_h = ui_mm(u, 22), min_w = ui_mm(u, 55), gap = ui_mm(u, 4);
  int cols = (col_w + gap) / (min_w + gap);
  if (cols < 1) cols = 1;
  if (cols > 4) cols = 4;
  if (cols > n) cols = n;
  /* balance the rows: 4 languages as 2+2, not 3+1 */
  if (n > cols) { int rows = (n + cols - 1) / cols; cols = (n + rows - 1) / rows; }
  int tile_w = (col_w - (cols - 1) * gap) / cols;
  if (tile_w > ui_mm(u, 90)) tile_w = ui_mm(u, 90);
  int grid_w = cols * tile_w + (cols - 1) * gap, grid_x = (u->width - grid_w) / 2;
  int size = u->body_px * 5 / 4;
  for (int i = 0; i < n; i++) {
    const site_language *l = &u->site->languages[i];
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "lang-%s", l->code);
    ui_widget *w = ui_add(u, id, "tile");
    w->action = ACT_SET_LANGUAGE;
    ui_copy(w->target, sizeof w->target, l->code);
    w->x = grid_x + (i % cols) * (tile_w + gap);
    w->y = y + (i / cols) * (tile_h + gap);
    w->w = tile_w; w->h = tile_h;
    w->bg = u->lang_chosen && !strcmp(l->code, ui_lang(u)) ? C_CHIP : C_SURFACE;
    w->border = C_BORDER; w->radius = ui_mm(u, 3);
    w->text = ui_text(u, l->name, l->code, size, 1, tile_w - 2 * u->gap, NULL, 0, 1);
    w->label = l->name;
    w->tx = u->gap; w->ty = (tile_h - ui_text_h(w->text)) / 2;
  }
  y += ((n + cols - 1) / cols) * (tile_h + gap);
  u->content_height = y + u->margin - u->view_y;
}

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
static void ui_layout_route(ui *u) {
  int col_x, col_w = u->width - 2 * u->margin;
  col_x = u->margin;
  int y = u->view_y + ui_mm(u, 5);
  int tcol_x = col_x, tcol_w = col_w;
  y += ui_title(u, "title", ui_string(u, "route_title"), tcol_x, tcol_w, y) + ui_mm(u, 2);
  y += ui_paragraph(u, "intro", "text", ui_string(u, "route_intro"), ui_lang(u), u->body_px, 0,
                    NULL, 0, tcol_x, y, tcol_w, C_MUTED) + ui_mm(u, 6);
  ui_group groups[64]; int ng = 0;
  const site *s = u->site;
  for (int i = 0; i < s->page_count && ng < 64; i++) {
    if (s->pages[i].route_order <= 0) continue;
    if (ng && s->pages[groups[ng - 1].first].route_order == s->pages[i].route_order &&
        groups[ng - 1].first + groups[ng - 1].count == i) { groups[ng - 1].count++; continue; }
    groups[ng++] = (ui_group){ i, 1 };
  }
  int portrait = u->height > u->width;
  int node = ui_mm(u, u->large_text ? 26 : 20), sub_h = ui_mm(u, 12), label_px = u->body_px;
  int sub_px = u->small_px;
  int line_w = ui_mm(u, 1.5);
  if (!portrait) {
    int cols = ng, rows = 1;
    ui_route_fit(u, groups, ng, col_w, node, &cols, &rows, &label_px, &sub_px);
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
  } else {
    int label_w = col_w - node - ui_mm(u, 5);
    int top = y;
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
    (void)top;
  }
  /* the three ways on: questions, help, and the check-in where it is set up */
  y += ui_mm(u, 2);
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
  u->content_height = y + u->margin - u->view_y;
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

static void ui_layout_page(ui *u, const site_page *pg) {
  int col_x, col_w = ui_column(u, &col_x);
  const char *lang = ui_lang(u);
  int y = u->view_y + ui_mm(u, 5);
  /* header: pictogram, title, Dutch term beside it */
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
  /* page actions: listen (only where there is audio; "stop" while it plays), Dutch alongside */
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
    ui_widget *d = ui_button(u, "toggle-dutch", ACT_TOGGLE_DUTCH, "", u->dutch_alongside ? ICON_CHECKBOX_ON : ICON_CHECKBOX,
                             ui_string(u, "dutch_too"), lang, u->body_px, 0, y, 0, u->target, C_SURFACE, C_TEXT);
    d->border = C_BORDER; d->on = u->dutch_alongside;
    if (listen_w + d->w <= col_w) {
      d->x = ui_mirror(u, col_x, col_w, listen_w, d->w);
    } else {
      d->y = y + row_h + u->gap; d->x = ui_mirror(u, col_x, col_w, 0, d->w); row_h += d->h + u->gap;
    }
    if (d->h > row_h) row_h = d->h;
  }
  y += row_h + ui_mm(u, 6);
  if (pg->differs_per_gemeente) {
    y += ui_callout(u, "differs", ui_string(u, "differs_per_gemeente"), NULL, 0, col_x, y, col_w) + ui_mm(u, 5);
  }
  char id[UI_ID_MAX];
  int number = 0;
  for (int b = 0; b < pg->block_count; b++) {
    const site_block *blk = &pg->blocks[b];
    snprintf(id, sizeof id, "block-%d", b + 1);
    int h = 0;
    if (blk->kind == SITE_HEADING) {
      y += ui_mm(u, 2);
      h = ui_paragraph(u, id, "heading", blk->text, lang, u->body_px * 5 / 4, 1, blk->spans, blk->span_count,
                       col_x, y, col_w, C_TEXT);
    } else if (blk->kind == SITE_CALLOUT) {
      h = ui_callout(u, id, blk->text, blk->spans, blk->span_count, col_x, y, col_w);
    } else if (blk->kind == SITE_BULLET || blk->kind == SITE_NUMBERED) {
      int indent = ui_mm(u, 9);
      number = blk->kind == SITE_NUMBERED ? number + 1 : 0;
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
      h = ui_paragraph(u, id, "bullet", blk->text, lang, u->body_px, 0, blk->spans, blk->span_count,
                       ui_mirror(u, col_x, col_w, indent, col_w - indent), y, col_w - indent, C_TEXT);
    } else {
      h = ui_paragraph(u, id, "paragraph", blk->text, lang, u->body_px, 0, blk->spans, blk->span_count,
                       col_x, y, col_w, C_TEXT);
    }
    y += h;
    y += ui_dutch_under(u, id, blk->text_nl, blk->spans_nl, blk->span_count_nl, col_x, y, col_w);
    y += blk->kind == SITE_HEADING ? ui_mm(u, 2) : ui_mm(u, 4);
  }
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
  y += ui_contact_cards(u, col_x, col_w, y);
  u->content_height = y + u->margin - u->view_y;
}

/* The idle overlay: a dimmed screen, the question, a countdown and one big button. */
static void ui_layout_overlay(ui *u) {
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
  default: expect(0);
  }
  int max = u->content_height - u->view_h;
  if (max < 0) max = 0;
  if (e->scroll > max) e->scroll = max;
  if (e->scroll < 0) e->scroll = 0;
  if (u->overlay) ui_layout_overlay(u);
  ui_listen_relayout(u);
}

/* ------------------------------------------------------------------ navigation */

void ui_screen_changed(ui *u, long long now) {
  ui_listen_stop(u, "navigation");
  /* whatever leads away from the check-in (home, staff corner, idle) wipes its answers */
  if (ui_top(u)->screen != UI_SCREEN_CHECKIN) ui_checkin_abandon(u);
  u->guard_until = now + u->cfg.guard_ms;
  u->velocity = 0;
  u->pressed = -1;
  u->dragging = 0;
  ui_relayout(u);
  const ui_entry *e = ui_top(u);
  if (e->screen == UI_SCREEN_PAGE)
    ui_emit(u, "\"event\":\"screen_shown\",\"screen\":\"page\",\"page\":\"%s\",\"lang\":\"%s\"", e->page,
            u->lang_chosen ? ui_lang(u) : "");
  else
    ui_emit(u, "\"event\":\"screen_shown\",\"screen\":\"%s\",\"lang\":\"%s\"", ui_screen_names[e->screen],
            u->lang_chosen ? ui_lang(u) : "");
}

void ui_push(ui *u, ui_screen screen, const char *page, long long now) {
  if (u->depth == UI_HISTORY_MAX) {
    memmove(&u->history[0], &u->history[1], sizeof u->history[0] * (UI_HISTORY_MAX - 1));
    u->depth--;
  }
  ui_entry *e = &u->history[u->depth++];
  e->screen = screen; e->scroll = 0;
  ui_copy(e->page, sizeof e->page, page);
  ui_screen_changed(u, now);
}

static int ui_load_language(ui *u, const char *lang, char *err, size_t errlen) {
  site *s = u->cfg.sites.load(u->cfg.sites.ctx, lang, err, errlen);
  if (!s) return -1;
  ui_listen_stop(u, "language");   /* before the site its clips and highlight refer to goes */
  /* a check-in never changes language half-way: it ends unsaved, back on the route */
  ui_checkin_abandon(u);
  if (u->depth >= 1 && ui_top(u)->screen == UI_SCREEN_CHECKIN) { u->depth = 1; u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE }; }
  if (u->site) u->cfg.sites.release(u->cfg.sites.ctx, u->site);
  u->site = s;
  return 0;
}

int ui_set_language(ui *u, const char *lang, long long now, char *err, size_t errlen) {
  if (ui_load_language(u, lang, err, errlen) != 0) return -1;
  u->lang_chosen = 1;
  ui_emit(u, "\"event\":\"language_changed\",\"lang\":\"%s\"", ui_lang(u));
  ui_screen_changed(u, now);
  return 0;
}

/* Reads "choose your language" in every language of the content (each site loaded
 * once, at start and on new content, never per frame). Languages whose string falls
 * back to another language's are left out: the line is there for readers of each own
 * language. */
static void ui_collect_choose(ui *u) {
  for (int i = 0; i < u->choose_count; i++) free(u->choose[i]);
  u->choose_count = 0;
  int n = u->site->language_count;
  site_language langs[UI_CHOOSE_MAX];
  if (n > UI_CHOOSE_MAX) n = UI_CHOOSE_MAX;
  memcpy(langs, u->site->languages, sizeof langs[0] * (size_t)n);
  for (int i = 0; i < n; i++) {
    char err[256];
    site *s = u->cfg.sites.load(u->cfg.sites.ctx, langs[i].code, err, sizeof err);
    if (!s) continue;
    const char *t = site_ui_string(s, "choose_language");
    int seen = !strcmp(t, "choose_language");
    for (int k = 0; k < u->choose_count && !seen; k++) seen = !strcmp(u->choose[k], t);
    if (!seen) {
      u->choose[u->choose_count] = util_strdup(t);
      snprintf(u->choose_lang[u->choose_count], sizeof u->choose_lang[0], "%.15s", langs[i].code);
      u->choose_count++;
    }
    u->cfg.sites.release(u->cfg.sites.ctx, s);
  }
}

int ui_reload(ui *u, long long now, char *err, size_t errlen) {
  char lang[16];
  snprintf(lang, sizeof lang, "%.15s", u->lang_chosen ? ui_lang(u) : u->cfg.start_lang);
  site *s = u->cfg.sites.load(u->cfg.sites.ctx, lang, err, errlen);
  int restart = 0;
  if (!s && u->lang_chosen) {
    s = u->cfg.sites.load(u->cfg.sites.ctx, u->cfg.start_lang, err, errlen);
    restart = 1;
  }
  if (!s) return -1;
  /* the questionnaire may have changed under a running check-in: it ends unsaved */
  ui_checkin_abandon(u);
  if (ui_top(u)->screen == UI_SCREEN_CHECKIN) { u->depth = 1; u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE }; }
  if (u->site) u->cfg.sites.release(u->cfg.sites.ctx, u->site);
  u->site = s;
  if (restart) {
    u->lang_chosen = 0;
    u->depth = 1;
    u->history[0] = (ui_entry){ .screen = UI_SCREEN_LANGUAGE };
  }
  ui_collect_choose(u);
  ui_emit(u, "\"event\":\"content_reloaded\",\"pack\":\"%s\",\"version\":%d", s->pack_name, s->pack_version);
  ui_screen_changed(u, now);
  return 0;
}

/* Wipes every trace of the visit and shows the language screen. */
void ui_reset_session(ui *u, long long now, const char *event) {
  ui_listen_stop(u, "idle_reset");
  ui_checkin_abandon(u);   /* unsent answers go first, before the site they point into */
  if (u->lang_chosen || strcmp(ui_lang(u), u->cfg.start_lang)) {
    if (ui_load_language(u, u->cfg.start_lang, u->err, sizeof u->err) != 0)
      fprintf(stderr, "wegwijs: reset: %s\n", u->err);   /* keep the loaded site */
  }
  u->lang_chosen = 0;
  staff_session_leave(&u->staff);
  memset(u->pin, 0, sizeof u->pin);
  u->staff_msg[0] = 0;
  memset(u->history, 0, sizeof u->history);
  u->depth = 1;
  u->history[0].screen = UI_SCREEN_LANGUAGE;
  u->large_text = u->high_contrast = u->dutch_alongside = 0;
  u->overlay = 0;
  u->down = 0;
  u->sample_count = 0;
  u->last_input = now;
  ui_emit(u, "\"event\":\"%s\"", event);
  ui_screen_changed(u, now);
}

static void ui_activate(ui *u, const ui_widget *w, long long now) {
  /* copy: the widget array is rebuilt by what follows */
  char id[UI_ID_MAX], target[64];
  ui_copy(id, sizeof id, w->id);
  ui_copy(target, sizeof target, w->target);
  int action = w->action;
  /* an answer's id names the answer: the event says only that one was tapped */
  ui_emit(u, "\"event\":\"activate\",\"id\":\"%s\"", ui_checkin_event_id(action, id));
  switch (action) {
  case ACT_BACK:
    if (u->depth > 1) { u->depth--; ui_screen_changed(u, now); }
    break;
  case ACT_HOME:
    u->depth = 1;
    u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE };
    ui_screen_changed(u, now);
    break;
  case ACT_LANGUAGE_SCREEN: ui_push(u, UI_SCREEN_LANGUAGE, "", now); break;
  case ACT_SET_LANGUAGE:
    if (ui_load_language(u, target, u->err, sizeof u->err) != 0) {
      fprintf(stderr, "wegwijs: %s\n", u->err);
      break;
    }
    u->lang_chosen = 1;
    ui_emit(u, "\"event\":\"language_changed\",\"lang\":\"%s\"", target);
    if (u->depth > 1) u->depth--;   /* back to where the language button was pressed */
    else u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE };
    ui_screen_changed(u, now);
    break;
  case ACT_OPEN_PAGE: ui_push(u, UI_SCREEN_PAGE, target, now); break;
  case ACT_OPEN_SCREEN:
    for (int s = 0; s < UI_SCREEN_COUNT; s++)
      if (!strcmp(ui_screen_names[s], target)) { ui_push(u, (ui_screen)s, "", now); break; }
    break;
  case ACT_TOGGLE_LARGE:
  case ACT_TOGGLE_CONTRAST:
  case ACT_TOGGLE_DUTCH: {
    int *flag = action == ACT_TOGGLE_LARGE ? &u->large_text : action == ACT_TOGGLE_CONTRAST ? &u->high_contrast : &u->dutch_alongside;
    *flag = !*flag;
    /* keep the reader's place roughly: same fraction of the content */
    ui_entry *e = ui_top(u);
    double frac = u->content_height > 0 ? (double)e->scroll / u->content_height : 0;
    ui_relayout(u);
    e->scroll = (int)(frac * u->content_height);
    ui_relayout(u);
    ui_emit(u, "\"event\":\"toggle\",\"id\":\"%s\",\"on\":%s", id, *flag ? "true" : "false");
    break;
  }
  case ACT_LISTEN: {
    const site_page *pg = site_find_page(u->site, target);
    ui_emit(u, "\"event\":\"listen\",\"page\":\"%s\",\"audio_id\":%d", target, pg ? pg->audio_id : 0);
    if (pg) ui_listen_page(u, pg);
    break;
  }
  case ACT_CHECKIN:
    ui_emit(u, "\"event\":\"checkin_requested\"");
    ui_checkin_begin(u, now);
    break;
  case ACT_CONTINUE: break;
  default:
    if (!ui_checkin_activate(u, action, target, now)) ui_staff_activate(u, action, target, now);
    break;
  }
}

/* ------------------------------------------------------------------ public: life cycle */

ui *ui_create(const ui_config *cfg_in, char *err, size_t errlen) {
  if (!cfg_in->fonts || !cfg_in->sites.load || !cfg_in->sites.release) {
    util_error(err, errlen, "ui_create: fonts and a site source are required");
    return NULL;
  }
  ui *u = util_calloc(1, sizeof *u);
  u->cfg = *cfg_in;
  if (!u->cfg.start_lang) u->cfg.start_lang = "nl";
  if (u->cfg.idle_timeout_ms <= 0) u->cfg.idle_timeout_ms = 90000;
  if (u->cfg.idle_countdown_ms <= 0) u->cfg.idle_countdown_ms = 20000;
  if (u->cfg.guard_ms <= 0) u->cfg.guard_ms = 400;
  u->width = cfg_in->width > 0 ? cfg_in->width : 1920;
  u->height = cfg_in->height > 0 ? cfg_in->height : 1080;
  u->mm_per_px = cfg_in->mm_per_px > 0 ? cfg_in->mm_per_px : 0.18;
  u->overlay_first = -1;
  u->pressed = -1;
  u->reading = -1;
  u->listen_tag = -1;
  u->list.items = u->draws;
  u->list.vertices = u->vertices;
  if (ui_load_language(u, u->cfg.start_lang, err, errlen) != 0) { free(u); return NULL; }
  ui_checkin_init(u);
  u->depth = 1;
  u->history[0].screen = UI_SCREEN_LANGUAGE;
  ui_collect_choose(u);
  ui_relayout(u);
  return u;
}

void ui_destroy(ui *u) {
  if (!u) return;
  ui_free_layouts(u, 0);
  if (u->site) u->cfg.sites.release(u->cfg.sites.ctx, u->site);
  for (int i = 0; i < u->choose_count; i++) free(u->choose[i]);
  free(u);
}

void ui_resize(ui *u, int width, int height, double mm_per_px) {
  if (width > 0) u->width = width;
  if (height > 0) u->height = height;
  if (mm_per_px > 0) u->mm_per_px = mm_per_px;
  ui_relayout(u);
}

int ui_open(ui *u, const char *name, long long now, char *err, size_t errlen) {
  u->last_tick = now;
  u->last_input = now;
  for (int s = 0; s < UI_SCREEN_COUNT; s++) {
    if (strcmp(ui_screen_names[s], name)) continue;
    if (s == UI_SCREEN_PAGE) return util_error(err, errlen, "open a page by its id, e.g. brede-intake");
    if (s == UI_SCREEN_STAFF) return util_error(err, errlen, "staff mode opens only through the hidden corner and the PIN");
    if (s == UI_SCREEN_CHECKIN) return util_error(err, errlen, "the check-in opens only through its entry on the route (tap-id checkin-entry)");
    if (s != UI_SCREEN_LANGUAGE && !u->lang_chosen) u->lang_chosen = 1;
    u->depth = 1;
    u->history[0] = (ui_entry){ .screen = s == UI_SCREEN_LANGUAGE ? UI_SCREEN_LANGUAGE : UI_SCREEN_ROUTE };
    if (s != UI_SCREEN_LANGUAGE && s != UI_SCREEN_ROUTE) ui_push(u, (ui_screen)s, "", now);
    else ui_screen_changed(u, now);
    return 0;
  }
  if (!site_find_page(u->site, name))
    return util_error(err, errlen, "no screen or page '%s' (screens: language, route, questions, help)", name);
  u->lang_chosen = 1;
  u->depth = 1;
  u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE };
  ui_push(u, UI_SCREEN_PAGE, name, now);
  return 0;
}

/* ------------------------------------------------------------------ pointer */

/* The hidden staff corner: the free end of the bar (right in LTR, left in RTL). */
static int ui_in_corner(const ui *u, int x, int y) {
  if (!u->cfg.staff || ui_top_c(u)->screen == UI_SCREEN_STAFF) return 0;
  int w = ui_mm(u, UI_CORNER_MM), x0 = ui_rtl(u) ? 0 : u->width - w;
  return x >= x0 && x < x0 + w && y >= 0 && y < u->view_y;
}

static int ui_inside(const ui_widget *w, int scroll, int x, int y, int slop) {
  int wy = w->fixed ? w->y : w->y - scroll;
  return x >= w->x - slop && x < w->x + w->w + slop && y >= wy - slop && y < wy + w->h + slop;
}

/* The tappable widget under (x, y), or -1. Overlay first, then bar, then content. */
static int ui_hit(const ui *u, int x, int y) {
  int scroll = ui_top_c(u)->scroll;
  if (u->overlay && u->overlay_first >= 0) {
    for (int i = u->widget_count - 1; i >= u->overlay_first; i--)
      if (u->widgets[i].action && ui_inside(&u->widgets[i], 0, x, y, 0)) return i;
    return -1;
  }
  for (int i = 0; i < u->widget_count; i++)
    if (u->widgets[i].fixed && u->widgets[i].action && ui_inside(&u->widgets[i], 0, x, y, 0)) return i;
  if (y < u->view_y || y >= u->view_y + u->view_h) return -1;   /* under a fixed bar */
  for (int i = 0; i < u->widget_count; i++)
    if (!u->widgets[i].fixed && u->widgets[i].action && ui_inside(&u->widgets[i], scroll, x, y, 0)) return i;
  return -1;
}

void ui_pointer_down(ui *u, int x, int y, long long now) {
  u->last_input = now;
  staff_session_input(&u->staff, now);
  u->last_tick = now;
  u->down = 1;
  u->dragging = 0;
  u->down_x = x; u->down_y = y; u->down_time = now;
  u->scroll_at_down = ui_top(u)->scroll;
  u->sample_count = 0;
  u->samples[u->sample_count++] = (ui_sample){ now, y };
  int was_flinging = u->velocity != 0;
  u->velocity = 0;
  u->press_ignored = now < u->guard_until || was_flinging;
  u->pressed = u->overlay || u->press_ignored ? -1 : ui_hit(u, x, y);
}

void ui_pointer_move(ui *u, int x, int y, long long now) {
  u->last_input = now;
  if (!u->down) return;
  int dx = x - u->down_x, dy = y - u->down_y;
  int slop = ui_mm(u, 3);
  if (!u->dragging && dx * dx + dy * dy > slop * slop && !u->overlay) {
    u->dragging = 1;
    u->pressed = -1;   /* a drag never activates */
    u->down_y = y;     /* start scrolling from here so the content does not jump */
    u->scroll_at_down = ui_top(u)->scroll;
  }
  if (u->dragging) {
    ui_entry *e = ui_top(u);
    int max = u->content_height - u->view_h;
    if (max < 0) max = 0;
    int s = u->scroll_at_down - (y - u->down_y);
    e->scroll = s < 0 ? 0 : s > max ? max : s;
    if (u->sample_count == (int)UTIL_COUNT(u->samples)) {
      memmove(&u->samples[0], &u->samples[1], sizeof u->samples[0] * (UTIL_COUNT(u->samples) - 1));
      u->sample_count--;
    }
    u->samples[u->sample_count++] = (ui_sample){ now, y };
  }
}

void ui_pointer_up(ui *u, int x, int y, long long now) {
  u->last_input = now;
  u->last_tick = now;
  if (!u->down) return;
  u->down = 0;
  if (u->overlay) {
    /* any tap on the warning keeps the session; nothing underneath is activated */
    int hit = ui_hit(u, x, y);
    if (hit >= 0) ui_emit(u, "\"event\":\"activate\",\"id\":\"%s\"", u->widgets[hit].id);
    u->overlay = 0;
    ui_emit(u, "\"event\":\"idle_continue\"");
    ui_screen_changed(u, now);
    return;
  }
  if (!u->dragging && ui_in_corner(u, u->down_x, u->down_y) && ui_in_corner(u, x, y)) {
    if (staff_hidden_corner_tap(&u->corner, now)) ui_staff_open(u, now);
    return;
  }
  staff_hidden_corner_reset(&u->corner);   /* five taps in a row, nothing between */
  if (u->dragging) {
    ui_pointer_move(u, x, y, now);
    /* momentum from the last 100 ms of movement */
    int i = 0;
    while (i < u->sample_count - 1 && now - u->samples[i].t > 100) i++;
    long long dt = now - u->samples[i].t;
    if (dt > 0 && i < u->sample_count - 1) u->velocity = -(double)(y - u->samples[i].y) / (double)dt;
    if (fabs(u->velocity) < 0.05) u->velocity = 0;
    u->dragging = 0;
    return;
  }
  if (ui_checkin_input_locked(u, now)) {   /* the thank-you screen's 5 s */
    ui_emit(u, "\"event\":\"tap_ignored\",\"reason\":\"locked\"");
    return;
  }
  if (u->press_ignored) {
    ui_emit(u, "\"event\":\"tap_ignored\",\"reason\":\"%s\"", now < u->guard_until + u->cfg.guard_ms ? "guard" : "fling");
    return;
  }
  if (u->pressed < 0) return;
  const ui_widget *w = &u->widgets[u->pressed];
  u->pressed = -1;
  if (now < u->guard_until) return;
  if (!ui_inside(w, ui_top(u)->scroll, x, y, ui_mm(u, 3))) return;   /* moved off: cancelled */
  ui_activate(u, w, now);
}

/* ------------------------------------------------------------------ time */

static int ui_session_pristine(const ui *u) {
  return !u->lang_chosen && u->depth == 1 && u->history[0].screen == UI_SCREEN_LANGUAGE &&
         !u->large_text && !u->high_contrast && !u->dutch_alongside && u->history[0].scroll == 0;
}

int ui_tick(ui *u, long long now, int *next_ms) {
  int changed = 0;
  long long dt = now - u->last_tick;
  if (dt < 0) dt = 0;
  u->last_tick = now;
  int wait = 1000;
  if (ui_listen_tick(u)) changed = 1;
  if (u->velocity != 0 && !u->down) {
    ui_entry *e = ui_top(u);
    int max = u->content_height - u->view_h;
    if (max < 0) max = 0;
    /* friction: time constant 325 ms, as in common fling implementations */
    double step_ms = dt > 100 ? 100 : (double)dt;
    for (long long t = 0; t < dt && u->velocity != 0; t += (long long)step_ms) {
      double s = e->scroll + u->velocity * step_ms;
      u->velocity *= exp(-step_ms / 325.0);
      if (s <= 0) { s = 0; u->velocity = 0; }
      if (s >= max) { s = max; u->velocity = 0; }
      if (fabs(u->velocity) < 0.02) u->velocity = 0;
      e->scroll = (int)lround(s);
      if (step_ms <= 0) break;
    }
    changed = 1;
    if (u->velocity != 0) wait = 16;
  }
  if (ui_top(u)->screen == UI_SCREEN_CHECKIN) changed |= ui_checkin_tick(u, now, &wait);
  if (u->cfg.staff && ui_top(u)->screen == UI_SCREEN_STAFF) {
    /* staff mode has its own (shorter) idle timer; the resident countdown never shows */
    changed |= ui_staff_tick(u, now, &wait);
  } else if (!ui_session_pristine(u) && !u->down) {
    long long idle = now - u->last_input;
    long long timeout = ui_top(u)->screen == UI_SCREEN_CHECKIN && u->cfg.checkin_idle_timeout_ms > 0
                      ? u->cfg.checkin_idle_timeout_ms : u->cfg.idle_timeout_ms;
    long long end = timeout + (long long)u->cfg.idle_countdown_ms;
    if (idle >= end) {
      ui_reset_session(u, now, "idle_reset");
      changed = 1;
    } else if (idle >= timeout) {
      int left = (int)((end - idle + 999) / 1000);
      if (!u->overlay) {
        u->overlay = 1;
        u->countdown_s = left;
        u->guard_until = now + u->cfg.guard_ms;
        ui_layout_overlay(u);
        ui_emit(u, "\"event\":\"idle_warning\",\"seconds\":%d", left);
        changed = 1;
      } else if (left != u->countdown_s) {
        u->countdown_s = left;
        ui_layout_overlay(u);
        changed = 1;
      }
      long long to_next = (end - idle) % 1000;
      if (to_next == 0) to_next = 1000;
      if (to_next < wait) wait = (int)to_next;
    } else {
      long long to_warn = timeout - idle;
      if (to_warn < wait) wait = (int)to_warn;
    }
  }
  if (u->listen_playing && wait > 100) wait = 100;   /* follow the paragraph being read */
  if (next_ms) *next_ms = wait < 1 ? 1 : wait;
  return changed;
}

/* ------------------------------------------------------------------ drawing */

static ui_draw *ui_cmd(ui *u, int kind, int clip) {
  if (u->list.count >= UI_DRAW_MAX) return NULL;   /* capacity: drop, never overflow */
  ui_draw *d = &u->draws[u->list.count++];
  memset(d, 0, sizeof *d);
  d->kind = kind; d->clip = clip;
  return d;
}

static int ui_vertices_room(const ui *u, int n) { return u->list.vertex_count + n <= UI_VERTICES_MAX; }

/* Starts or extends a triangle command so consecutive shapes batch into one. */
static void ui_tri(ui *u, int clip, float x1, float y1, float x2, float y2, float x3, float y3, ui_color c) {
  if (!ui_vertices_room(u, 3)) return;
  ui_draw *last = u->list.count ? &u->draws[u->list.count - 1] : NULL;
  if (!last || last->kind != UI_DRAW_TRIANGLES || last->clip != clip ||
      last->first + last->count != u->list.vertex_count) {
    last = ui_cmd(u, UI_DRAW_TRIANGLES, clip);
    if (!last) return;
    last->first = u->list.vertex_count;
  }
  ui_vertex *v = &u->vertices[u->list.vertex_count];
  v[0] = (ui_vertex){ x1, y1, c }; v[1] = (ui_vertex){ x2, y2, c }; v[2] = (ui_vertex){ x3, y3, c };
  u->list.vertex_count += 3;
  last->count += 3;
}

static void ui_quad(ui *u, int clip, float x, float y, float w, float h, ui_color c) {
  if (w <= 0 || h <= 0) return;
  ui_tri(u, clip, x, y, x + w, y, x + w, y + h, c);
  ui_tri(u, clip, x, y, x + w, y + h, x, y + h, c);
}

static void ui_fan(ui *u, int clip, float cx, float cy, float r, float a0, float a1, int segs, ui_color c) {
  for (int i = 0; i < segs; i++) {
    float t0 = a0 + (a1 - a0) * (float)i / (float)segs, t1 = a0 + (a1 - a0) * (float)(i + 1) / (float)segs;
    ui_tri(u, clip, cx, cy, cx + r * cosf(t0), cy + r * sinf(t0), cx + r * cosf(t1), cy + r * sinf(t1), c);
  }
}

static void ui_circle(ui *u, int clip, float cx, float cy, float r, ui_color c) {
  ui_fan(u, clip, cx, cy, r, 0, 6.2831853f, r > 30 ? 40 : 24, c);
}

static void ui_round_rect(ui *u, int clip, float x, float y, float w, float h, float r, ui_color c) {
  if (r * 2 > w) r = w / 2;
  if (r * 2 > h) r = h / 2;
  if (r < 1) { ui_quad(u, clip, x, y, w, h, c); return; }
  ui_quad(u, clip, x + r, y, w - 2 * r, h, c);
  ui_quad(u, clip, x, y + r, r, h - 2 * r, c);
  ui_quad(u, clip, x + w - r, y + r, r, h - 2 * r, c);
  const float pi = 3.14159265f;
  ui_fan(u, clip, x + r, y + r, r, pi, 1.5f * pi, 6, c);
  ui_fan(u, clip, x + w - r, y + r, r, 1.5f * pi, 2 * pi, 6, c);
  ui_fan(u, clip, x + w - r, y + h - r, r, 0, 0.5f * pi, 6, c);
  ui_fan(u, clip, x + r, y + h - r, r, 0.5f * pi, pi, 6, c);
}

static void ui_line(ui *u, int clip, float x1, float y1, float x2, float y2, float t, ui_color c) {
  float dx = x2 - x1, dy = y2 - y1, len = sqrtf(dx * dx + dy * dy);
  if (len <= 0) return;
  float nx = -dy / len * t / 2, ny = dx / len * t / 2;
  ui_tri(u, clip, x1 + nx, y1 + ny, x2 + nx, y2 + ny, x2 - nx, y2 - ny, c);
  ui_tri(u, clip, x1 + nx, y1 + ny, x2 - nx, y2 - ny, x1 - nx, y1 - ny, c);
}

/* Icons drawn from shapes in a square (x, y, s); `flip` mirrors direction arrows. */
static void ui_icon(ui *u, int clip, int icon, float x, float y, float s, ui_color c, ui_color bg, int flip) {
  float cx = x + s / 2, cy = y + s / 2, t = s / 9;
  const float pi = 3.14159265f;
  switch (icon) {
  case ICON_BACK: case ICON_FORWARD: {
    float d = (icon == ICON_BACK) != flip ? -1 : 1;   /* -1 points left */
    float tip = cx + d * s * 0.38f, tail = cx - d * s * 0.38f;
    ui_line(u, clip, tail, cy, tip - d * t * 0.4f, cy, t, c);
    ui_line(u, clip, tip, cy, tip - d * s * 0.3f, cy - s * 0.3f, t, c);
    ui_line(u, clip, tip, cy, tip - d * s * 0.3f, cy + s * 0.3f, t, c);
    break;
  }
  case ICON_HOME:
    ui_tri(u, clip, cx, y + s * 0.1f, x + s * 0.05f, y + s * 0.5f, x + s * 0.95f, y + s * 0.5f, c);
    ui_quad(u, clip, x + s * 0.2f, y + s * 0.48f, s * 0.6f, s * 0.42f, c);
    ui_quad(u, clip, cx - s * 0.09f, y + s * 0.65f, s * 0.18f, s * 0.25f, bg);
    break;
  case ICON_GLOBE:
    ui_circle(u, clip, cx, cy, s * 0.45f, c);
    ui_circle(u, clip, cx, cy, s * 0.45f - t, bg);
    ui_quad(u, clip, x + s * 0.05f, cy - t / 2, s * 0.9f, t, c);
    ui_quad(u, clip, cx - t / 2, y + s * 0.05f, t, s * 0.9f, c);
    for (int i = 0; i < 24; i++) {   /* the meridian ellipse */
      float a0 = 2 * pi * (float)i / 24, a1 = 2 * pi * (float)(i + 1) / 24;
      ui_line(u, clip, cx + s * 0.2f * cosf(a0), cy + s * 0.45f * sinf(a0),
              cx + s * 0.2f * cosf(a1), cy + s * 0.45f * sinf(a1), t * 0.8f, c);
    }
    break;
  case ICON_SPEAKER: {
    float d = flip ? -1 : 1, bx = flip ? x + s * 0.7f : x + s * 0.1f;
    ui_quad(u, clip, bx, cy - s * 0.15f, s * 0.2f, s * 0.3f, c);
    float nx = cx - d * s * 0.2f;
    ui_tri(u, clip, nx, cy - s * 0.15f, nx + d * s * 0.3f, cy - s * 0.38f, nx + d * s * 0.3f, cy + s * 0.38f, c);
    ui_tri(u, clip, nx, cy - s * 0.15f, nx + d * s * 0.3f, cy + s * 0.38f, nx, cy + s * 0.15f, c);
    float ax = cx + d * s * 0.12f;
    for (int k = 1; k <= 2; k++)
      for (int i = 0; i < 8; i++) {
        float a0 = -0.8f + 1.6f * (float)i / 8, a1 = -0.8f + 1.6f * (float)(i + 1) / 8;
        float r = s * 0.14f * (float)k;
        ui_line(u, clip, ax + d * r * cosf(a0), cy + r * sinf(a0), ax + d * r * cosf(a1), cy + r * sinf(a1), t * 0.8f, c);
      }
    break;
  }
  case ICON_CHECKBOX: case ICON_CHECKBOX_ON:
    ui_round_rect(u, clip, x + s * 0.1f, y + s * 0.1f, s * 0.8f, s * 0.8f, s * 0.12f, c);
    if (icon == ICON_CHECKBOX) ui_round_rect(u, clip, x + s * 0.1f + t, y + s * 0.1f + t, s * 0.8f - 2 * t, s * 0.8f - 2 * t, s * 0.06f, bg);
    else {
      ui_line(u, clip, x + s * 0.27f, cy, x + s * 0.44f, y + s * 0.68f, t * 1.2f, bg);
      ui_line(u, clip, x + s * 0.44f, y + s * 0.68f, x + s * 0.75f, y + s * 0.3f, t * 1.2f, bg);
    }
    break;
  case ICON_PICTOGRAM:
    /* neutral placeholder until the pack carries rasterized pictograms: a disc with a
     * ring and a small diamond, no text */
    ui_circle(u, clip, cx, cy, s / 2, c);
    ui_circle(u, clip, cx, cy, s * 0.34f, bg);
    ui_circle(u, clip, cx, cy, s * 0.34f - s * 0.06f, c);
    ui_tri(u, clip, cx, cy - s * 0.14f, cx + s * 0.14f, cy, cx, cy + s * 0.14f, bg);
    ui_tri(u, clip, cx, cy - s * 0.14f, cx - s * 0.14f, cy, cx, cy + s * 0.14f, bg);
    break;
  case ICON_DOT: ui_circle(u, clip, cx, cy, s / 2, c); break;
  case ICON_INFO:
    ui_circle(u, clip, cx, cy, s / 2, c);
    ui_quad(u, clip, cx - t * 0.7f, cy - s * 0.08f, t * 1.4f, s * 0.33f, bg);
    ui_circle(u, clip, cx, y + s * 0.25f, t, bg);
    break;
  case ICON_QUESTION:
    ui_circle(u, clip, cx, cy, s / 2, c);
    for (int i = 0; i < 10; i++) {
      float a0 = pi * 1.0f + 1.5f * pi * (float)i / 10, a1 = pi * 1.0f + 1.5f * pi * (float)(i + 1) / 10;
      float r = s * 0.17f, qy = y + s * 0.36f;
      ui_line(u, clip, cx + r * cosf(a0), qy + r * sinf(a0), cx + r * cosf(a1), qy + r * sinf(a1), t * 1.1f, bg);
    }
    ui_quad(u, clip, cx - t * 0.55f, y + s * 0.52f, t * 1.1f, s * 0.12f, bg);
    ui_circle(u, clip, cx, y + s * 0.77f, t * 0.75f, bg);
    break;
  case ICON_PHONE:
    ui_round_rect(u, clip, x + s * 0.25f, y + s * 0.05f, s * 0.5f, s * 0.9f, s * 0.08f, c);
    ui_quad(u, clip, x + s * 0.31f, y + s * 0.15f, s * 0.38f, s * 0.6f, bg);
    ui_circle(u, clip, cx, y + s * 0.84f, t * 0.6f, bg);
    break;
  case ICON_HEART:
    ui_circle(u, clip, x + s * 0.32f, y + s * 0.36f, s * 0.22f, c);
    ui_circle(u, clip, x + s * 0.68f, y + s * 0.36f, s * 0.22f, c);
    ui_tri(u, clip, x + s * 0.11f, y + s * 0.44f, x + s * 0.89f, y + s * 0.44f, cx, y + s * 0.9f, c);
    break;
  case ICON_STOP: ui_round_rect(u, clip, x + s * 0.2f, y + s * 0.2f, s * 0.6f, s * 0.6f, s * 0.08f, c); break;
  case ICON_SKIP: {   /* two chevrons in reading direction */
    float d = flip ? -1 : 1;
    for (int k = 0; k < 2; k++) {
      float tip = cx + d * (s * 0.05f + (float)k * s * 0.3f);
      ui_line(u, clip, tip, cy, tip - d * s * 0.25f, cy - s * 0.3f, t, c);
      ui_line(u, clip, tip, cy, tip - d * s * 0.25f, cy + s * 0.3f, t, c);
    }
    break;
  }
  default: break;
  }
}

static ui_color ui_role(const ui *u, int role) { return u->theme[role]; }

static void ui_draw_widget(ui *u, const ui_widget *w, int scroll, int pressed) {
  int clip = !w->fixed;
  int y = w->fixed ? w->y : w->y - scroll;
  if (!w->fixed && (y + w->h < u->view_y || y > u->height)) return;   /* off screen */
  if (w->border != C_NONE) {
    int b = ui_mm(u, u->high_contrast ? 0.8 : 0.4);
    if (b < 1) b = 1;
    ui_round_rect(u, clip, (float)w->x, (float)y, (float)w->w, (float)w->h, (float)w->radius, ui_role(u, w->border));
    if (w->bg != C_NONE)
      ui_round_rect(u, clip, (float)(w->x + b), (float)(y + b), (float)(w->w - 2 * b), (float)(w->h - 2 * b),
                    (float)(w->radius > b ? w->radius - b : 0), ui_role(u, w->bg));
    if (!strcmp(w->kind, "callout")) {   /* a thick edge on the start side */
      int e = ui_mm(u, 1.5);
      int ex = ui_rtl(u) ? w->x + w->w - e : w->x;
      ui_quad(u, clip, (float)ex, (float)y + w->radius, (float)e, (float)(w->h - 2 * w->radius), ui_role(u, w->border));
    }
  } else if (w->bg != C_NONE) {
    if (w->circle) ui_circle(u, clip, w->x + w->w / 2.0f, y + w->h / 2.0f, w->w / 2.0f, ui_role(u, w->bg));
    else if (w->radius) ui_round_rect(u, clip, (float)w->x, (float)y, (float)w->w, (float)w->h, (float)w->radius, ui_role(u, w->bg));
    else ui_quad(u, clip, (float)w->x, (float)y, (float)w->w, (float)w->h, ui_role(u, w->bg));
  }
  if (w->icon != ICON_NONE && w->isize > 0 && w->image > 0) {
    float ix = (float)(w->x + w->ix), iy = (float)(y + w->iy), s = (float)w->isize;
    ui_color ink = ui_role(u, w->icon_color != C_NONE ? w->icon_color : C_TEXT);
    if (w->icon == ICON_PICTOGRAM) {
      /* a picture on a disc: its own colours, one light ink in high contrast */
      float ring = s * 0.045f < 2 ? 2 : s * 0.045f;
      ui_circle(u, clip, ix + s / 2, iy + s / 2, s / 2, ui_role(u, C_PRIMARY));
      ui_circle(u, clip, ix + s / 2, iy + s / 2, s / 2 - ring, ui_role(u, C_SURFACE));
      float ps = s * (float)UI_DISC_PICTURE;
      ix += (s - ps) / 2; iy += (s - ps) / 2; s = ps;
      ink = u->high_contrast ? ui_role(u, C_TEXT) : (ui_color){ 0, 0, 0, 0 };
    }
    ui_draw *d = ui_cmd(u, UI_DRAW_IMAGE, clip);
    if (d) {
      d->x = (int)lroundf(ix); d->y = (int)lroundf(iy); d->w = d->h = (int)lroundf(s);
      d->image = w->image; d->color = ink;
      d->flip = (w->icon == ICON_BACK || w->icon == ICON_FORWARD || w->icon == ICON_SKIP) && ui_rtl(u);
    }
  } else if (w->icon != ICON_NONE && w->isize > 0) {
    ui_color bg = ui_role(u, w->bg != C_NONE ? w->bg : C_BG);
    if (w->icon == ICON_PICTOGRAM) bg = ui_role(u, C_PICTO);
    ui_icon(u, clip, w->icon, (float)(w->x + w->ix), (float)(y + w->iy), (float)w->isize,
            ui_role(u, w->icon_color != C_NONE ? w->icon_color : C_TEXT), bg, ui_rtl(u));
  }
  if (w->text) {
    ui_draw *d = ui_cmd(u, UI_DRAW_TEXT, clip);
    if (d) {
      d->x = w->x + w->tx; d->y = y + w->ty;
      d->w = ui_px(w->text->width); d->h = ui_px(w->text->height);
      d->text = w->text;
      d->color = ui_role(u, w->text_color);
      d->accent = ui_role(u, w->text_color == C_TEXT || w->text_color == C_MUTED ? C_ACCENT : w->text_color);
    }
  }
  if (pressed) {
    if (w->radius) ui_round_rect(u, clip, (float)w->x, (float)y, (float)w->w, (float)w->h, (float)w->radius, ui_role(u, C_PRESSED));
    else ui_quad(u, clip, (float)w->x, (float)y, (float)w->w, (float)w->h, ui_role(u, C_PRESSED));
  }
}

/* The paragraph being read aloud: a soft band behind it and a bar on its start edge. */
static void ui_draw_reading(ui *u, const ui_widget *w, int scroll) {
  if (w->fixed) return;
  int pad = ui_mm(u, 1.5), bar = ui_mm(u, 1.2), y = w->y - scroll;
  ui_round_rect(u, 1, (float)(w->x - pad), (float)(y - pad), (float)(w->w + 2 * pad), (float)(w->h + 2 * pad),
                (float)ui_mm(u, 2), ui_role(u, C_CHIP));
  int bx = ui_rtl(u) ? w->x + w->w + pad : w->x - pad - bar;
  ui_quad(u, 1, (float)bx, (float)(y - pad), (float)bar, (float)(w->h + 2 * pad), ui_role(u, C_PRIMARY));
}

const ui_draw_list *ui_draw_frame(ui *u) {
  u->list.count = 0;
  u->list.vertex_count = 0;
  u->list.background = ui_role(u, C_BG);
  u->list.clip_x = 0; u->list.clip_y = u->view_y; u->list.clip_w = u->width; u->list.clip_h = u->view_h;
  int scroll = ui_top(u)->scroll;
  int end = u->overlay_first >= 0 ? u->overlay_first : u->widget_count;
  ui_checkin_drawn(u);
  for (int pass = 0; pass < 2; pass++)   /* content first, then the fixed bar over it */
    for (int i = 0; i < end; i++) {
      if (i == u->reading && !pass) ui_draw_reading(u, &u->widgets[i], scroll);
      if (u->widgets[i].fixed == pass) ui_draw_widget(u, &u->widgets[i], scroll, i == u->pressed && !u->dragging);
    }
  if (u->overlay && u->overlay_first >= 0)
    for (int i = u->overlay_first; i < u->widget_count; i++) ui_draw_widget(u, &u->widgets[i], 0, 0);
  return &u->list;
}

/* ------------------------------------------------------------------ introspection */

const char *ui_screen_name(const ui *u) { return ui_screen_names[ui_top_c(u)->screen]; }
const char *ui_language(const ui *u) { return u->lang_chosen ? ui_lang(u) : ""; }
int ui_is_rtl(const ui *u) { return ui_rtl(u); }
int ui_idle_overlay_shown(const ui *u) { return u->overlay; }
int ui_scroll(const ui *u) { return ui_top_c(u)->scroll; }

static int ui_visible_rect(const ui *u, const ui_widget *w, int *x, int *y, int *ww, int *hh) {
  int scroll = ui_top_c(u)->scroll;
  int wy = w->fixed ? w->y : w->y - scroll;
  *x = w->x; *y = wy; *ww = w->w; *hh = w->h;
  if (w->fixed) return 0;
  return wy + w->h > u->view_y && wy < u->view_y + u->view_h ? 0 : -1;
}

int ui_widget_rect(const ui *u, const char *id, int *x, int *y, int *w, int *h) {
  int from = u->overlay && u->overlay_first >= 0 ? u->overlay_first : 0;
  for (int i = from; i < u->widget_count; i++)
    if (!strcmp(u->widgets[i].id, id)) return ui_visible_rect(u, &u->widgets[i], x, y, w, h);
  return -1;
}

int ui_widget_center(const ui *u, const char *id, int *x, int *y) {
  int wx, wy, ww, wh;
  if (ui_widget_rect(u, id, &wx, &wy, &ww, &wh) != 0) return -1;
  /* the visible part only: a widget half under the bar is tapped where it shows */
  int top = wy, bottom = wy + wh;
  const ui_widget *w = NULL;
  for (int i = 0; i < u->widget_count; i++) if (!strcmp(u->widgets[i].id, id)) { w = &u->widgets[i]; break; }
  if (w && !w->fixed) {
    if (top < u->view_y) top = u->view_y;
    if (bottom > u->view_y + u->view_h) bottom = u->view_y + u->view_h;
  }
  *x = wx + ww / 2; *y = (top + bottom) / 2;
  return 0;
}

const char *ui_tappable_id(const ui *u, int n) {
  int from = u->overlay && u->overlay_first >= 0 ? u->overlay_first : 0, count = 0;
  int x, y, w, h;
  for (int pass = 0; pass < 2; pass++) {
    int k = 0;
    for (int i = from; i < u->widget_count; i++) {
      const ui_widget *wd = &u->widgets[i];
      if (!wd->action || !wd->id[0] || ui_visible_rect(u, wd, &x, &y, &w, &h) != 0) continue;
      if (pass == 1 && k == n % count) return wd->id;
      k++;
    }
    count = k;
    if (!count) return NULL;
  }
  return NULL;
}

int ui_tappable_count(const ui *u) {
  int from = u->overlay && u->overlay_first >= 0 ? u->overlay_first : 0, count = 0;
  int x, y, w, h;
  for (int i = from; i < u->widget_count; i++)
    if (u->widgets[i].action && u->widgets[i].id[0] && ui_visible_rect(u, &u->widgets[i], &x, &y, &w, &h) == 0) count++;
  return count;
}

int ui_has_text(const ui *u, const char *needle) {
  int from = u->overlay && u->overlay_first >= 0 ? u->overlay_first : 0;
  for (int i = from; i < u->widget_count; i++)
    if (u->widgets[i].label && strstr(u->widgets[i].label, needle)) return 1;
  return 0;
}

/* Lines of l (laid out from s) that end inside a word: neither the line nor the next
 * one starts at a space, hyphen, slash or newline. */
static int ui_split_words(const text_layout *l, const char *s) {
  int n = 0, len = (int)strlen(s);
  for (int i = 0; i + 1 < l->line_count; i++) {
    int e = l->lines[i].end;
    if (e <= 0 || e >= len) continue;
    if (!strchr(" -/\n", s[e - 1]) && s[e] != ' ') n++;
  }
  return n;
}

void ui_dump(const ui *u, FILE *out) {
  const ui_entry *e = ui_top_c(u);
  fprintf(out, "{\"screen\":\"%s\",\"page\":", ui_screen_names[e->screen]);
  ui_json_string(out, e->page);
  fprintf(out, ",\"language\":\"%s\",\"direction\":\"%s\",\"width\":%d,\"height\":%d,\"mm_per_px\":%.4f,",
          ui_language(u), ui_rtl(u) ? "rtl" : "ltr", u->width, u->height, u->mm_per_px);
  fprintf(out, "\"pack\":\"%s\",\"pack_version\":%d,", u->site->pack_name, u->site->pack_version);
  char step[32];
  if (e->screen == UI_SCREEN_CHECKIN) fprintf(out, "\"checkin\":\"%s\",", ui_checkin_state(u, step, sizeof step));
  fprintf(out, "\"listening\":%s,\"reading\":\"%s\",", u->listen_playing ? "true" : "false", ui_reading(u));
  fprintf(out, "\"history_depth\":%d,\"scroll\":%d,\"content_height\":%d,\"large_text\":%s,"
          "\"high_contrast\":%s,\"dutch_alongside\":%s,\"idle_overlay\":%s,\"body_px\":%d,\"widgets\":[",
          u->depth, e->scroll, u->content_height, u->large_text ? "true" : "false",
          u->high_contrast ? "true" : "false", u->dutch_alongside ? "true" : "false",
          u->overlay ? "true" : "false", u->body_px);
  int first = 1;
  for (int i = 0; i < u->widget_count; i++) {
    const ui_widget *w = &u->widgets[i];
    if (!w->id[0]) continue;   /* decoration */
    int x, y, ww, hh;
    ui_visible_rect(u, w, &x, &y, &ww, &hh);
    fprintf(out, "%s\n {\"id\":", first ? "" : ",");
    ui_json_string(out, w->id);
    fprintf(out, ",\"kind\":\"%s\",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"tappable\":%s", w->kind, x, y, ww, hh,
            w->action ? "true" : "false");
    if (!strcmp(w->kind, "button") && (w->icon == ICON_CHECKBOX || w->icon == ICON_CHECKBOX_ON))
      fprintf(out, ",\"on\":%s", w->on ? "true" : "false");
    if (w->text) fprintf(out, ",\"lines\":%d,\"tofu\":%d,\"rtl\":%s", w->text->line_count, w->text->notdef_count,
                         w->text->rtl ? "true" : "false");
    if (w->text && w->label && w->text->line_count > 0 && w->text->lines[w->text->line_count - 1].end <= (int)strlen(w->label))
      fprintf(out, ",\"split_words\":%d", ui_split_words(w->text, w->label));
    if (w->icon != ICON_NONE && w->isize > 0) fprintf(out, ",\"image\":%s", w->image > 0 ? "true" : "false");
    fputs(",\"text\":", out);
    ui_json_string(out, w->label);
    fputc('}', out);
    first = 0;
  }
  fputs("]}\n", out);
}
