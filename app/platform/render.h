/* render.h — draws a ui draw list with an SDL renderer: shapes as triangles
 * (SDL_RenderGeometryRaw), text from a glyph atlas texture filled from the text
 * engine's rasterized glyphs; and writes the frame to a PNG (libpng). */
#ifndef WEGWIJS_RENDER_H
#define WEGWIJS_RENDER_H
#include <stddef.h>     /* size_t */
#include <SDL.h>
#include "pack/pack.h"
#include "text/text.h"
#include "ui/ui.h"

enum {
  RENDER_ATLAS_MIN_PX = 512,   /* glyph atlas texture side at start (1 MiB) */
  RENDER_ATLAS_PX = 2048,      /* ... and at most (16 MiB), when one frame needs it */
  RENDER_PNG_BAND_ROWS = 64,   /* frame rows read back at once for a screenshot */
  RENDER_PASSES_MAX = 4,       /* draws of one frame: wipe, grow ×2, fits */
  RENDER_GLYPH_SLOTS = 8192,   /* hash slots for cached glyph positions (power of two) */
  RENDER_GLYPH_MAX_PX = 512,   /* glyphs larger than this are not drawn */
  RENDER_IMAGES_MAX = 512,     /* pictogram names × raster sizes known at once */
  RENDER_IMAGE_BYTES = 4 << 20 /* pictogram textures kept beyond the current frame's */
};

typedef struct render render;

/* Creates the atlas for renderer (borrowed, like fonts). NULL with err set on failure. */
render *render_create(SDL_Renderer *renderer, text_fonts *fonts, char *err, size_t errlen);
void render_destroy(render *r);

/* The pictogram `name` of pack p for drawing at about size_px (UI_DRAW_IMAGE): the
 * pack's raster at the stored size at or above size_px (the renderer scales down).
 * Returns a handle > 0, stable until render_images_clear or a call with another pack,
 * or 0 when the pack lacks it (logged once per name; the ui draws its placeholder).
 * Each handle has a texture in its own colours and a one-ink copy (white, same alpha)
 * that a draw tints; textures not drawn in the current frame are dropped, least
 * recently drawn first, beyond RENDER_IMAGE_BYTES and decoded again from p when next
 * drawn. p must stay open until render_images_clear. */
int render_pictogram(render *r, pack *p, const char *name, int size_px);
/* Forgets every pictogram and its textures (new content); handles given out before
 * are then invalid and draw nothing. */
void render_images_clear(render *r);

/* Clears and draws list (does not present). Returns 0, or -1 with err set when SDL
 * refused a draw call. */
int render_frame(render *r, const ui_draw_list *list, char *err, size_t errlen);

/* Reads the current frame (call before SDL_RenderPresent) and writes it as an RGB PNG,
 * via path.tmp and rename. Returns 0 or -1 with err set. */
int render_save_png(SDL_Renderer *renderer, const char *path, char *err, size_t errlen);
#endif
