/* render.c — the draw list on SDL: triangles straight from the ui's vertex buffer, text
 * glyph by glyph from one atlas texture (coverage in alpha, colour by colour-mod), and
 * PNG screenshots. The atlas is filled lazily and wiped when full, never per frame; it
 * starts small and doubles only when one frame's glyphs do not fit (a software texture
 * is RAM: 2048² ARGB would be 16 MiB for the few hundred glyphs a screen shows). */
#include "platform/render.h"
#include <png.h>
#include <stdint.h>     /* uint32_t, uint64_t */
#include <stdio.h>      /* FILE, snprintf */
#include <string.h>     /* memset */
#include <unistd.h>     /* getpid */
#include "util/util.h"
#include <errno.h>

/* A pictogram at one raster size. Its textures are made when needed and dropped when
 * over the budget and not drawn in the current frame; the pack can always make them
 * again. */
typedef struct {
  char name[PACK_MAX_NAME + 1];
  int bucket;             /* raster size asked of the pack */
  int missing;            /* the pack lacks it: handle 0, placeholder drawn */
  SDL_Texture *texture[2];   /* [own colours, white ink], NULL when dropped */
  size_t bytes[2];
  long long used[2];      /* frame it was last drawn in (or will be, when just made) */
} render_image;

typedef struct {
  uint64_t key;           /* 0 = empty slot */
  int16_t x, y, w, h;     /* in the atlas; w == 0 for an empty glyph */
  int16_t left, top;
} render_glyph;

struct render {
  SDL_Renderer *renderer;
  text_fonts *fonts;
  SDL_Texture *atlas;
  int atlas_px;           /* side of the atlas texture, RENDER_ATLAS_MIN_PX..RENDER_ATLAS_PX */
  render_glyph slots[RENDER_GLYPH_SLOTS];
  int used;
  int shelf_x, shelf_y, shelf_h;
  int frame_wipes;        /* times the atlas was wiped during this frame */
  uint32_t *scratch;      /* one glyph converted to ARGB; allocated once */
  pack *pack;             /* where the pictograms come from (borrowed) */
  render_image images[RENDER_IMAGES_MAX];      /* per handle - 1 */
  int image_count;
  size_t image_bytes;     /* held by the images' textures */
  long long frame;        /* frames drawn (the images' clock) */
};

/* (Re)creates the atlas at side px, empty. 0, or -1 (the old atlas, if any, stays). */
static int render_atlas_create(render *r, int px) {
  SDL_Texture *t = SDL_CreateTexture(r->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, px, px);
  if (!t) return -1;
  SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
  if (r->atlas) SDL_DestroyTexture(r->atlas);
  r->atlas = t;
  r->atlas_px = px;
  return 0;
}

render *render_create(SDL_Renderer *renderer, text_fonts *fonts, char *err, size_t errlen) {
  render *r = util_calloc(1, sizeof *r);
  r->renderer = renderer;
  r->fonts = fonts;
  if (render_atlas_create(r, RENDER_ATLAS_MIN_PX) != 0) {
    util_error(err, errlen, "cannot create the glyph atlas: %s", SDL_GetError());
    free(r);
    return NULL;
  }
  r->scratch = util_malloc(sizeof *r->scratch * RENDER_GLYPH_MAX_PX * RENDER_GLYPH_MAX_PX);
  return r;
}

static void render_image_drop(render *r, render_image *img, int k) {
  if (!img->texture[k]) return;
  SDL_DestroyTexture(img->texture[k]);
  img->texture[k] = NULL;
  r->image_bytes -= img->bytes[k];
  img->bytes[k] = 0;
}

void render_images_clear(render *r) {
  for (int i = 0; i < r->image_count; i++)
    for (int k = 0; k < 2; k++) render_image_drop(r, &r->images[i], k);
  r->image_count = 0;
  r->pack = NULL;
}

/* Decodes img from the pack and makes the textures asked for (want[k]): the ink copy
 * keeps only coverage, so tinting by colour-mod gives exactly the theme's colour and
 * scaling never blends towards a dark transparent colour. 0, or -1 with err set. */
static int render_image_load(render *r, render_image *img, const int want[2], char *err, size_t errlen) {
  int w = 0, h = 0, rc = -1;
  unsigned char *rgba = r->pack ? pack_pictogram(r->pack, img->name, img->bucket, &w, &h, err, errlen) : NULL;
  if (!rgba) return r->pack ? -1 : util_error(err, errlen, "no pack for pictogram '%s'", img->name);
  for (int k = 0; k < 2; k++) {
    if (!want[k] || img->texture[k]) continue;
    if (k == 1)
      for (size_t i = 0; i < (size_t)w * (size_t)h; i++) rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = 255;
    SDL_Texture *t = SDL_CreateTexture(r->renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, w, h);
    if (!t || SDL_UpdateTexture(t, NULL, rgba, w * 4) != 0) {
      util_error(err, errlen, "cannot create a pictogram texture: %s", SDL_GetError());
      if (t) SDL_DestroyTexture(t);
      goto done;
    }
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(t, SDL_ScaleModeLinear);
    img->texture[k] = t;
    img->bytes[k] = (size_t)w * (size_t)h * 4;
    img->used[k] = r->frame + 1;
    r->image_bytes += img->bytes[k];
  }
  rc = 0;
done:
  free(rgba);
  return rc;
}

int render_pictogram(render *r, pack *p, const char *name, int size_px) {
  static const int sizes[] = PACK_PICTOGRAM_SIZES;
  int bucket = sizes[UTIL_COUNT(sizes) - 1];
  for (size_t i = 0; i < UTIL_COUNT(sizes); i++) if (sizes[i] >= size_px) { bucket = sizes[i]; break; }
  if (r->pack != p) render_images_clear(r);
  r->pack = p;
  int missing = 0;
  for (int i = 0; i < r->image_count; i++) {
    render_image *img = &r->images[i];
    if (strcmp(img->name, name)) continue;
    if (img->bucket == bucket) return img->missing ? 0 : i + 1;
    missing |= img->missing;
  }
  if (r->image_count >= RENDER_IMAGES_MAX || strlen(name) > PACK_MAX_NAME) return 0;
  render_image *img = &r->images[r->image_count++];
  memset(img, 0, sizeof *img);
  snprintf(img->name, sizeof img->name, "%s", name);
  img->bucket = bucket;
  char err[256];
  static const int both[2] = { 1, 1 };
  if (render_image_load(r, img, both, err, sizeof err) != 0) {
    if (!missing) fprintf(stderr, "wegwijs: %s; showing a placeholder\n", err);
    for (int k = 0; k < 2; k++) render_image_drop(r, img, k);
    img->missing = 1;
    return 0;
  }
  return r->image_count;
}

/* Over the budget: drops the least recently drawn textures not drawn in this frame. */
static void render_images_trim(render *r) {
  while (r->image_bytes > RENDER_IMAGE_BYTES) {
    render_image *oldest = NULL;
    int oldest_k = 0;
    for (int i = 0; i < r->image_count; i++)
      for (int k = 0; k < 2; k++) {
        render_image *img = &r->images[i];
        if (img->texture[k] && img->used[k] < r->frame && (!oldest || img->used[k] < oldest->used[oldest_k])) {
          oldest = img;
          oldest_k = k;
        }
      }
    if (!oldest) return;
    render_image_drop(r, oldest, oldest_k);
  }
}

/* The texture to draw image handle in variant ink, made again if it was dropped. */
static SDL_Texture *render_image_texture(render *r, int handle, int ink) {
  if (handle < 1 || handle > r->image_count) return NULL;
  render_image *img = &r->images[handle - 1];
  if (img->missing) return NULL;
  if (!img->texture[ink]) {
    int want[2] = { !ink, ink };
    char err[256];
    if (render_image_load(r, img, want, err, sizeof err) != 0) {
      fprintf(stderr, "wegwijs: %s; not drawn again\n", err);   /* once, not every frame */
      img->missing = 1;
      return NULL;
    }
  }
  img->used[ink] = r->frame;
  return img->texture[ink];
}

void render_destroy(render *r) {
  if (!r) return;
  render_images_clear(r);
  if (r->atlas) SDL_DestroyTexture(r->atlas);
  free(r->scratch);
  free(r);
}

/* The atlas is full: empty it, or when it already had to be emptied during this frame
 * (the frame's glyphs alone do not fit) or was empty, double it first. Either way the
 * frame is drawn again (render_frame). Returns -1 when an empty atlas cannot grow
 * (nothing gained by trying again). */
static int render_wipe(render *r) {
  int grown = 0;
  if ((r->frame_wipes > 0 || r->used == 0) && r->atlas_px < RENDER_ATLAS_PX)
    grown = render_atlas_create(r, r->atlas_px * 2) == 0;
  if (r->used == 0 && !grown) return -1;
  memset(r->slots, 0, sizeof r->slots);
  r->used = 0;
  r->shelf_x = r->shelf_y = r->shelf_h = 0;
  r->frame_wipes++;
  return 0;
}

/* The atlas entry for a glyph, rasterizing and uploading it on first use. NULL when it
 * cannot be placed (too large). */
static const render_glyph *render_glyph_get(render *r, int slot, int bold, int size, uint32_t id) {
  uint64_t key = ((uint64_t)(size & 0xffff) << 40) | ((uint64_t)(slot & 0xff) << 32) |
                 ((uint64_t)(bold & 1) << 31) | (id & 0x7fffffff);
  key |= (uint64_t)1 << 63;
  uint64_t h = key * 0x9E3779B97F4A7C15ull;
  for (int probe = 0; ; probe++) {
    unsigned i = (unsigned)((h >> 40) + (uint64_t)probe) & (RENDER_GLYPH_SLOTS - 1);
    render_glyph *g = &r->slots[i];
    if (g->key == key) return g;
    if (g->key) continue;
    /* miss: keep the table under 3/4 full so probes stay short */
    if (r->used >= RENDER_GLYPH_SLOTS * 3 / 4)
      return render_wipe(r) == 0 ? render_glyph_get(r, slot, bold, size, id) : NULL;
    const text_bitmap *bm = text_glyph_bitmap(r->fonts, slot, bold, size, id);
    render_glyph ng = { .key = key };
    if (bm && bm->width > 0 && bm->height > 0) {
      if (bm->width > RENDER_GLYPH_MAX_PX || bm->height > RENDER_GLYPH_MAX_PX) return NULL;
      if (r->shelf_x + bm->width + 1 > r->atlas_px) {
        r->shelf_y += r->shelf_h + 1; r->shelf_x = 0; r->shelf_h = 0;
      }
      if (r->shelf_y + bm->height + 1 > r->atlas_px || bm->width + 1 > r->atlas_px)
        return render_wipe(r) == 0 ? render_glyph_get(r, slot, bold, size, id) : NULL;
      for (int y = 0; y < bm->height; y++)
        for (int x = 0; x < bm->width; x++)
          r->scratch[y * bm->width + x] = ((uint32_t)bm->pixels[y * bm->pitch + x] << 24) | 0xFFFFFFu;
      SDL_Rect dst = { r->shelf_x, r->shelf_y, bm->width, bm->height };
      SDL_UpdateTexture(r->atlas, &dst, r->scratch, bm->width * 4);
      ng.x = (int16_t)r->shelf_x; ng.y = (int16_t)r->shelf_y;
      ng.w = (int16_t)bm->width; ng.h = (int16_t)bm->height;
      ng.left = (int16_t)bm->left; ng.top = (int16_t)bm->top;
      r->shelf_x += bm->width + 1;
      if (bm->height > r->shelf_h) r->shelf_h = bm->height;
    }
    *g = ng;
    r->used++;
    return g;
  }
}

static void render_text(render *r, const ui_draw *d, int clip_top, int clip_bottom) {
  const text_layout *l = d->text;
  ui_color current = { 0, 0, 0, 0 };
  int have_color = 0;
  for (int li = 0; li < l->line_count; li++) {
    const text_line *line = &l->lines[li];
    int base = d->y * 64 + line->baseline;
    /* lines outside the clip cost nothing */
    if ((base + l->line_height) / 64 < clip_top || (base - l->line_height) / 64 > clip_bottom) continue;
    for (int ri = line->run_start; ri < line->run_start + line->run_count; ri++) {
      const text_run *run = &l->runs[ri];
      ui_color c = run->style & (TEXT_STYLE_TERM | TEXT_STYLE_LINK) ? d->accent : d->color;
      if (!have_color || c.r != current.r || c.g != current.g || c.b != current.b || c.a != current.a) {
        SDL_SetTextureColorMod(r->atlas, c.r, c.g, c.b);
        SDL_SetTextureAlphaMod(r->atlas, c.a);
        current = c; have_color = 1;
      }
      int pen = d->x * 64 + line->x + run->x;
      for (int gi = run->glyph_start; gi < run->glyph_start + run->glyph_count; gi++) {
        const text_glyph *g = &l->glyphs[gi];
        const render_glyph *rg = render_glyph_get(r, run->slot, run->bold, l->size_px, g->id);
        if (rg && rg->w) {
          SDL_Rect src = { rg->x, rg->y, rg->w, rg->h };
          SDL_Rect dst = { (pen + g->x_offset) / 64 + rg->left, (base - g->y_offset) / 64 - rg->top, rg->w, rg->h };
          SDL_RenderCopy(r->renderer, r->atlas, &src, &dst);
        }
        pen += g->x_advance;
      }
    }
  }
}

static int render_pass(render *r, const ui_draw_list *list, char *err, size_t errlen) {
  SDL_Renderer *sr = r->renderer;
  SDL_SetRenderDrawColor(sr, list->background.r, list->background.g, list->background.b, 255);
  SDL_RenderSetClipRect(sr, NULL);
  if (SDL_RenderClear(sr) != 0) return util_error(err, errlen, "SDL_RenderClear: %s", SDL_GetError());
  SDL_SetRenderDrawBlendMode(sr, SDL_BLENDMODE_BLEND);
  int out_w = 0, out_h = 0;
  SDL_GetRendererOutputSize(sr, &out_w, &out_h);
  SDL_Rect clip = { list->clip_x, list->clip_y, list->clip_w, list->clip_h };
  int clipped = 0;
  for (int i = 0; i < list->count; i++) {
    const ui_draw *d = &list->items[i];
    if (d->clip != clipped) {
      SDL_RenderSetClipRect(sr, d->clip ? &clip : NULL);
      clipped = d->clip;
    }
    int top = d->clip ? clip.y : 0, bottom = d->clip ? clip.y + clip.h : out_h;
    switch (d->kind) {
    case UI_DRAW_RECT: {
      SDL_Rect rc = { d->x, d->y, d->w, d->h };
      SDL_SetRenderDrawColor(sr, d->color.r, d->color.g, d->color.b, d->color.a);
      SDL_RenderFillRect(sr, &rc);
      break;
    }
    case UI_DRAW_TRIANGLES: {
      const ui_vertex *v = &list->vertices[d->first];
      if (SDL_RenderGeometryRaw(sr, NULL, &v->x, (int)sizeof *v, (const SDL_Color *)&v->color, (int)sizeof *v,
                                NULL, 0, d->count, NULL, 0, 0) != 0)
        return util_error(err, errlen, "SDL_RenderGeometryRaw: %s", SDL_GetError());
      break;
    }
    case UI_DRAW_TEXT:
      if (d->text && d->y + d->h >= top && d->y <= bottom) render_text(r, d, top, bottom);
      break;
    case UI_DRAW_IMAGE: {
      SDL_Texture *t = render_image_texture(r, d->image, d->color.a ? 1 : 0);
      if (!t) break;
      if (d->color.a) { SDL_SetTextureColorMod(t, d->color.r, d->color.g, d->color.b); SDL_SetTextureAlphaMod(t, d->color.a); }
      SDL_Rect dst = { d->x, d->y, d->w, d->h };
      if (SDL_RenderCopyEx(sr, t, NULL, &dst, 0, NULL, d->flip ? SDL_FLIP_HORIZONTAL : SDL_FLIP_NONE) != 0)
        return util_error(err, errlen, "SDL_RenderCopyEx: %s", SDL_GetError());
      break;
    }
    default: break;
    }
  }
  SDL_RenderSetClipRect(sr, NULL);
  return 0;
}

int render_frame(render *r, const ui_draw_list *list, char *err, size_t errlen) {
  _Static_assert(sizeof(ui_color) == sizeof(SDL_Color), "ui_color must match SDL_Color");
  /* a wipe mid-frame dropped glyphs drawn earlier in it: draw the frame once more (a
   * second wipe in the same frame grows the atlas, so this ends) */
  r->frame_wipes = 0;
  r->frame++;
  for (int pass = 0; pass < RENDER_PASSES_MAX; pass++) {
    int wipes = r->frame_wipes;
    if (render_pass(r, list, err, errlen) != 0) return -1;
    if (r->frame_wipes == wipes) break;
  }
  render_images_trim(r);
  return 0;
}

/* Writes the frame as PNG rows, reading it from the renderer a band of rows at a time
 * (a whole 1920×1080 frame read at once would be 8 MiB more at the peak). */
static int render_png_rows(SDL_Renderer *renderer, png_structp png, int w, int h, uint32_t *pixels,
                           unsigned char *row, char *err, size_t errlen) {
  int band = RENDER_PNG_BAND_ROWS;
  int rc = 0;
  for (int y0 = 0; y0 < h && rc == 0; y0 += band) {
    SDL_Rect rect = { 0, y0, w, y0 + band <= h ? band : h - y0 };
    if (SDL_RenderReadPixels(renderer, &rect, SDL_PIXELFORMAT_ARGB8888, pixels, w * 4) != 0) {
      rc = util_error(err, errlen, "SDL_RenderReadPixels: %s", SDL_GetError());
      break;
    }
    for (int y = 0; y < rect.h; y++) {
      for (int x = 0; x < w; x++) {
        uint32_t p = pixels[(size_t)y * (size_t)w + (size_t)x];
        row[x * 3] = (unsigned char)(p >> 16); row[x * 3 + 1] = (unsigned char)(p >> 8); row[x * 3 + 2] = (unsigned char)p;
      }
      png_write_row(png, row);
    }
  }
  return rc;
}

int render_save_png(SDL_Renderer *renderer, const char *path, char *err, size_t errlen) {
  int w = 0, h = 0;
  volatile int rc = -1;   /* survives libpng's longjmp */
  if (SDL_GetRendererOutputSize(renderer, &w, &h) != 0 || w <= 0 || h <= 0)
    return util_error(err, errlen, "cannot get the frame size: %s", SDL_GetError());
  char tmp[4096];
  int fd = util_temp_create(path, tmp, sizeof tmp, 0644);
  if (fd < 0) return util_error(err, errlen, "cannot create a temporary file next to %s: %s", path, strerror(errno));
  uint32_t *pixels = util_malloc((size_t)w * RENDER_PNG_BAND_ROWS * 4);
  unsigned char *row = util_malloc((size_t)w * 3);
  FILE *f = NULL;
  png_structp png = NULL;
  png_infop info = NULL;
  f = fdopen(fd, "wb");
  if (!f) { close(fd); unlink(tmp); util_error(err, errlen, "cannot create %s", tmp); goto done; }
  png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png ? png_create_info_struct(png) : NULL;
  if (!png || !info) { util_error(err, errlen, "libpng: out of memory"); goto done; }
  if (setjmp(png_jmpbuf(png))) { util_error(err, errlen, "libpng: cannot write %s", path); goto done; }
  png_init_io(png, f);
  png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 3);
  png_write_info(png, info);
  if (render_png_rows(renderer, png, w, h, pixels, row, err, errlen) != 0) goto done;
  png_write_end(png, info);
  if (fclose(f) != 0) { f = NULL; util_error(err, errlen, "cannot write %s", tmp); goto done; }
  f = NULL;
  if (rename(tmp, path) != 0) { util_error(err, errlen, "cannot rename %s to %s", tmp, path); goto done; }
  rc = 0;
done:
  if (png) png_destroy_write_struct(&png, info ? &info : NULL);
  if (f) fclose(f);
  if (rc != 0) remove(tmp);
  free(pixels);
  free(row);
  return rc;
}
