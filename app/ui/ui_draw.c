/* ui_draw.c — a frame: the widgets walked into the preallocated draw list, with the
 * vector icons. */
#include "ui/ui.h"
#include <math.h>      /* lround, cosf, sinf */
#include <string.h>    /* strcmp, strlen, memcpy */
#include "ui/ui_checkin.h"
#include "ui/ui_internal.h"

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

/* The globe of the language button: a circle, the equator, a meridian and its ellipse. */
static void ui_icon_globe(ui *u, int clip, float x, float y, float s, ui_color c, ui_color bg) {
  float cx = x + s / 2, cy = y + s / 2, t = s / 9;
  const float pi = 3.14159265f;
  ui_circle(u, clip, cx, cy, s * 0.45f, c);
  ui_circle(u, clip, cx, cy, s * 0.45f - t, bg);
  ui_quad(u, clip, x + s * 0.05f, cy - t / 2, s * 0.9f, t, c);
  ui_quad(u, clip, cx - t / 2, y + s * 0.05f, t, s * 0.9f, c);
  for (int i = 0; i < 24; i++) {   /* the meridian ellipse */
    float a0 = 2 * pi * (float)i / 24, a1 = 2 * pi * (float)(i + 1) / 24;
    ui_line(u, clip, cx + s * 0.2f * cosf(a0), cy + s * 0.45f * sinf(a0),
            cx + s * 0.2f * cosf(a1), cy + s * 0.45f * sinf(a1), t * 0.8f, c);
  }
}

/* A speaker with two sound arcs, facing the reading direction (flip = RTL). */
static void ui_icon_speaker(ui *u, int clip, float x, float y, float s, ui_color c, int flip) {
  float cx = x + s / 2, cy = y + s / 2, t = s / 9;
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
}

/* A question mark on a disc. */
static void ui_icon_question(ui *u, int clip, float x, float y, float s, ui_color c, ui_color bg) {
  float cx = x + s / 2, cy = y + s / 2, t = s / 9;
  const float pi = 3.14159265f;
  ui_circle(u, clip, cx, cy, s / 2, c);
  for (int i = 0; i < 10; i++) {
    float a0 = pi * 1.0f + 1.5f * pi * (float)i / 10, a1 = pi * 1.0f + 1.5f * pi * (float)(i + 1) / 10;
    float r = s * 0.17f, qy = y + s * 0.36f;
    ui_line(u, clip, cx + r * cosf(a0), qy + r * sinf(a0), cx + r * cosf(a1), qy + r * sinf(a1), t * 1.1f, bg);
  }
  ui_quad(u, clip, cx - t * 0.55f, y + s * 0.52f, t * 1.1f, s * 0.12f, bg);
  ui_circle(u, clip, cx, y + s * 0.77f, t * 0.75f, bg);
}

/* The search pictograms: a magnifier, shift (an arrow up), delete (a key-shaped tag
 * pointing back in reading direction, with a cross), space (a wide open bracket) and
 * clear (a cross). */
static void ui_icon_keys(ui *u, int clip, int icon, float x, float y, float s, ui_color c, ui_color bg, int flip) {
  float cx = x + s / 2, cy = y + s / 2, t = s / 9;
  switch (icon) {
  case ICON_SEARCH:
    ui_circle(u, clip, x + s * 0.42f, y + s * 0.42f, s * 0.32f, c);
    ui_circle(u, clip, x + s * 0.42f, y + s * 0.42f, s * 0.32f - t, bg);
    ui_line(u, clip, x + s * 0.64f, y + s * 0.64f, x + s * 0.92f, y + s * 0.92f, t * 1.3f, c);
    break;
  case ICON_SHIFT:
    ui_tri(u, clip, cx, y + s * 0.08f, x + s * 0.08f, y + s * 0.52f, x + s * 0.92f, y + s * 0.52f, c);
    ui_quad(u, clip, cx - s * 0.18f, y + s * 0.5f, s * 0.36f, s * 0.4f, c);
    break;
  case ICON_DELETE: {
    float d = flip ? -1 : 1;   /* the point faces where the text is deleted from */
    float tip = cx - d * s * 0.46f, back = cx + d * s * 0.46f, mid = cx - d * s * 0.18f;
    ui_tri(u, clip, tip, cy, mid, y + s * 0.2f, mid, y + s * 0.8f, c);
    ui_quad(u, clip, flip ? back : mid, y + s * 0.2f, s * 0.64f, s * 0.6f, c);
    float k = cx + d * s * 0.14f;
    ui_line(u, clip, k - s * 0.14f, cy - s * 0.14f, k + s * 0.14f, cy + s * 0.14f, t * 0.9f, bg);
    ui_line(u, clip, k - s * 0.14f, cy + s * 0.14f, k + s * 0.14f, cy - s * 0.14f, t * 0.9f, bg);
    break;
  }
  case ICON_SPACE:
    ui_quad(u, clip, x, y + s * 0.62f, s, t, c);
    ui_quad(u, clip, x, y + s * 0.35f, t, s * 0.33f, c);
    ui_quad(u, clip, x + s - t, y + s * 0.35f, t, s * 0.33f, c);
    break;
  case ICON_CLEAR:
    ui_line(u, clip, x + s * 0.2f, y + s * 0.2f, x + s * 0.8f, y + s * 0.8f, t * 1.2f, c);
    ui_line(u, clip, x + s * 0.2f, y + s * 0.8f, x + s * 0.8f, y + s * 0.2f, t * 1.2f, c);
    break;
  default: break;
  }
}

/* Icons drawn from shapes in a square (x, y, s); `flip` mirrors direction arrows. */
static void ui_icon(ui *u, int clip, int icon, float x, float y, float s, ui_color c, ui_color bg, int flip) {
  float cx = x + s / 2, cy = y + s / 2, t = s / 9;
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
  case ICON_GLOBE: ui_icon_globe(u, clip, x, y, s, c, bg); break;
  case ICON_SPEAKER: ui_icon_speaker(u, clip, x, y, s, c, flip); break;
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
  case ICON_QUESTION: ui_icon_question(u, clip, x, y, s, c, bg); break;
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
  case ICON_LARGE_TEXT:   /* a small and a large block of bars (as the pictogram) */
    ui_quad(u, clip, x + s * 0.1f, y + s * 0.64f, s * 0.2f, t * 0.7f, c);
    ui_quad(u, clip, x + s * 0.1f, y + s * 0.78f, s * 0.13f, t * 0.7f, c);
    for (int k = 0; k < 3; k++) ui_quad(u, clip, x + s * 0.42f, y + s * (0.25f + 0.2f * (float)k), k == 2 ? s * 0.3f : s * 0.48f, s * 0.12f, c);
    break;
  case ICON_CONTRAST:   /* a ring with its end half filled */
    ui_circle(u, clip, cx, cy, s * 0.42f, c);
    ui_circle(u, clip, cx, cy, s * 0.42f - t, bg);
    ui_fan(u, clip, cx, cy, s * 0.42f - t, -1.5707963f, 1.5707963f, 16, c);
    break;
  case ICON_DUTCH:   /* a block of text and the source under it, set off by a rule */
    for (int k = 0; k < 2; k++) ui_quad(u, clip, x + s * 0.12f, y + s * (0.14f + 0.17f * (float)k), s * 0.76f, s * 0.1f, c);
    ui_quad(u, clip, x + s * 0.12f, y + s * 0.55f, t * 0.8f, s * 0.33f, c);
    for (int k = 0; k < 2; k++) ui_quad(u, clip, x + s * 0.3f, y + s * (0.58f + 0.17f * (float)k), s * 0.5f, t * 0.6f, c);
    break;
  case ICON_TOUCH:   /* a fingertip on a dot with two ripples */
    for (int k = 1; k <= 2; k++) {
      ui_circle(u, clip, cx, y + s * 0.35f, s * 0.12f * (float)k + t * 0.5f, c);
      ui_circle(u, clip, cx, y + s * 0.35f, s * 0.12f * (float)k - t * 0.2f, bg);
    }
    ui_circle(u, clip, cx, y + s * 0.35f, s * 0.07f, c);
    ui_round_rect(u, clip, cx - s * 0.1f, y + s * 0.4f, s * 0.2f, s * 0.52f, s * 0.1f, c);
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
  case ICON_SEARCH: case ICON_SHIFT: case ICON_DELETE: case ICON_SPACE: case ICON_CLEAR:
    ui_icon_keys(u, clip, icon, x, y, s, c, bg, flip);
    break;
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

/* A band fading from the background colour (opaque at edge_y) to nothing over h px. */
static void ui_fade(ui *u, float y0, float h, int down) {
  if (!ui_vertices_room(u, 6)) return;
  ui_color solid = ui_role(u, C_BG), clear = solid;
  clear.a = 0;
  ui_color top = down ? clear : solid, bottom = down ? solid : clear;
  float x0 = 0, x1 = (float)u->width, y1 = y0 + h;
  ui_tri(u, 1, x0, y0, x1, y0, x1, y1, top);   /* then recolour per vertex */
  ui_tri(u, 1, x0, y0, x1, y1, x0, y1, top);
  ui_vertex *v = &u->vertices[u->list.vertex_count - 6];
  v[2].color = bottom; v[4].color = bottom; v[5].color = bottom;
}

/* The scroll hint: where the page goes on above or below the view, the edge fades and
 * a chevron in a disc points that way. Drawn over the content, under the bars. */
static void ui_scroll_hint(ui *u, int scroll) {
  int max = u->content_height - u->view_h;
  if (max <= 0 || u->overlay) return;
  float band = (float)ui_mm(u, 8), r = (float)ui_mm(u, 4), t = (float)ui_mm(u, 0.9);
  float cx = ui_rtl(u) ? (float)u->margin + r : (float)(u->width - u->margin) - r;
  for (int down = 0; down <= 1; down++) {
    if (down ? scroll >= max : scroll <= 0) continue;
    float edge = down ? (float)(u->view_y + u->view_h) - band : (float)u->view_y;
    ui_fade(u, edge, band, down);
    float cy = down ? (float)(u->view_y + u->view_h) - r - (float)ui_mm(u, 1.5) : (float)u->view_y + r + (float)ui_mm(u, 1.5);
    float d = down ? 1 : -1;
    ui_circle(u, 1, cx, cy, r, ui_role(u, C_PRIMARY));
    ui_line(u, 1, cx - r * 0.45f, cy - d * r * 0.2f, cx, cy + d * r * 0.28f, t, ui_role(u, C_ON_PRIMARY));
    ui_line(u, 1, cx, cy + d * r * 0.28f, cx + r * 0.45f, cy - d * r * 0.2f, t, ui_role(u, C_ON_PRIMARY));
  }
}

const ui_draw_list *ui_draw_frame(ui *u) {
  u->list.count = 0;
  u->list.vertex_count = 0;
  u->list.background = ui_role(u, C_BG);
  u->list.clip_x = 0; u->list.clip_y = u->view_y; u->list.clip_w = u->width; u->list.clip_h = u->view_h;
  int scroll = ui_top(u)->scroll;
  int end = u->overlay_first >= 0 ? u->overlay_first : u->widget_count;
  ui_checkin_drawn(u);
  for (int pass = 0; pass < 2; pass++) {   /* content first, then the fixed bar over it */
    for (int i = 0; i < end; i++) {
      if (i == u->reading && !pass) ui_draw_reading(u, &u->widgets[i], scroll);
      if (u->widgets[i].fixed == pass) ui_draw_widget(u, &u->widgets[i], scroll, i == u->pressed && !u->dragging);
    }
    if (!pass) ui_scroll_hint(u, scroll);
  }
  if (u->overlay && u->overlay_first >= 0)
    for (int i = u->overlay_first; i < u->widget_count; i++) ui_draw_widget(u, &u->widgets[i], 0, 0);
  return &u->list;
}

