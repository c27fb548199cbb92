/* test_render.c — the SDL draw of text (app/platform/render.c) on a software renderer
 * without a window: the glyph atlas starts small and grows when one frame's glyphs do
 * not fit, without losing or misplacing a glyph (the first frame, drawn while the atlas
 * wipes and grows, equals the same frame drawn again from the warm atlas). Fonts come
 * from $WEGWIJS_FONTS. */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "platform/render.h"

enum { W = 1600, H = 1200 };

/* Draws text at size_px into the surface; returns a copy of the pixels (caller frees). */
static uint32_t *draw(render *r, SDL_Surface *surface, const text_layout *l) {
  ui_draw item = { .kind = UI_DRAW_TEXT, .x = 10, .y = 10, .w = W - 20, .h = H - 20,
                   .color = { 20, 20, 20, 255 }, .accent = { 150, 50, 20, 255 }, .text = l };
  ui_draw_list list = { .items = &item, .count = 1, .clip_w = W, .clip_h = H,
                        .background = { 250, 250, 245, 255 } };
  char err[256] = "";
  CHECK(render_frame(r, &list, err, sizeof err) == 0, "render_frame: %s", err);
  uint32_t *copy = malloc((size_t)W * H * 4);
  memcpy(copy, surface->pixels, (size_t)W * H * 4);
  return copy;
}

static long dark_pixels(const uint32_t *p) {
  long n = 0;
  for (long i = 0; i < (long)W * H; i++) n += ((p[i] >> 8) & 0xff) < 128;
  return n;
}

static void test_atlas(text_fonts *fonts, SDL_Renderer *sr, SDL_Surface *surface) {
  char err[256] = "";
  render *r = render_create(sr, fonts, err, sizeof err);
  CHECK(r != NULL, "render_create: %s", err);
  if (!r) return;
  /* few glyphs: fits the starting atlas; the frame is stable */
  text_params small = { .lang = "nl", .size_px = 30, .max_width_px = W - 20 };
  text_layout *l = text_layout_paragraph(fonts, "NVWA brede intake", 17, &small, err, sizeof err);
  uint32_t *a = draw(r, surface, l), *b = draw(r, surface, l);
  CHECK(dark_pixels(a) > 500 && !memcmp(a, b, (size_t)W * H * 4), "a short line draws, the same twice");
  free(a); free(b); text_layout_free(l);

  /* Latin, Arabic and Ethiopic letters in bold at 60 px: about 170 glyphs of ~45×60 px,
   * more than the 512² the atlas starts with */
  char text[4096]; size_t n = 0;
  for (int c = 'A'; c <= 'Z'; c++) { text[n++] = (char)c; text[n++] = (char)(c + 32); text[n++] = ' '; }
  for (unsigned cp = 0x0621; cp <= 0x064A; cp++) n += (size_t)snprintf(text + n, 8, "%c%c ", 0xC0 | (cp >> 6), 0x80 | (cp & 0x3F));
  for (unsigned cp = 0x1200; cp < 0x1290; cp += 3)
    n += (size_t)snprintf(text + n, 8, "%c%c%c ", 0xE0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3F), 0x80 | (cp & 0x3F));
  text_params big = { .lang = "nl", .size_px = 60, .bold = 1, .max_width_px = W - 20 };
  l = text_layout_paragraph(fonts, text, n, &big, err, sizeof err);
  CHECK(l && l->line_count > 4, "the big paragraph lays out: %s", err);
  a = draw(r, surface, l);
  b = draw(r, surface, l);
  CHECK(dark_pixels(a) > 20000, "the big paragraph has ink (%ld dark pixels)", dark_pixels(a));
  CHECK(!memcmp(a, b, (size_t)W * H * 4), "no glyph lost while the atlas grew during the first frame");
  free(a); free(b); text_layout_free(l);
  render_destroy(r);
}

int main(void) {
  char err[256] = "";
  text_fonts *fonts = text_fonts_open(NULL, err, sizeof err);
  CHECK(fonts != NULL, "fonts open from $WEGWIJS_FONTS: %s", err);
  SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *sr = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
  CHECK(sr != NULL, "software renderer: %s", SDL_GetError());
  if (fonts && sr) test_atlas(fonts, sr, surface);
  if (sr) SDL_DestroyRenderer(sr);
  SDL_FreeSurface(surface);
  text_fonts_close(fonts);
  SDL_Quit();
  return check_report();
}
