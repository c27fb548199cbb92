/* ui_widget.c — the widget toolkit: widgets and their text layouts, metrics. */
#include "ui/ui.h"
#include <math.h>      /* lround, cosf, sinf */
#include <string.h>    /* strcmp, strlen, memcpy */
#include <fribidi.h>   /* fribidi_get_bidi_type */
#include "ui/ui_internal.h"
#include "util/util.h"

/* ------------------------------------------------------------------ themes */

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
  case ICON_LARGE_TEXT: return "large-text";
  case ICON_CONTRAST: return "contrast";
  case ICON_DUTCH: return "dutch-alongside";
  case ICON_TOUCH: return "touch";
  default: return NULL;
  }
}

/* ------------------------------------------------------------------ widgets */

void ui_free_layouts(ui *u, int from) {
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
const char *ui_text_lang(const char *s, const char *lang) {
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

void ui_metrics(ui *u) {
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

