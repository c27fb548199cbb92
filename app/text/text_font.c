/* text_font.c — the six Noto fonts: loading, HarfBuzz fonts per size, line metrics and
 * the FreeType glyph cache that text_glyph_bitmap draws from. */
#include "text/text_font.h"
#include <ft2build.h>
#include FT_FREETYPE_H     /* FT_Library, FT_Face, FT_Load_Glyph */
#include <limits.h>        /* PATH_MAX */
#include <stdio.h>         /* snprintf */
#include <stdlib.h>        /* getenv, free */
#include <string.h>        /* strcmp, memcpy */
#include <unistd.h>        /* readlink, access */
#include "util/util.h"     /* util_error, util_malloc */

static const char *const font_files[TEXT_FONT_SLOTS][2] = {
  { "NotoSans-Regular", "NotoSans-Bold" },
  { "NotoSansArabic-Regular", "NotoSansArabic-Bold" },
  { "NotoSansEthiopic-Regular", "NotoSansEthiopic-Bold" },
};

typedef struct {
  char path[PATH_MAX];
  hb_blob_t *blob;
  hb_face_t *face;
  hb_font_t *unscaled;     /* for coverage look-ups */
  FT_Face ft;
  int ft_size;             /* pixel size FT_Set_Pixel_Sizes was last called with */
} font_file;

typedef struct {
  int size_px;
  hb_font_t *font[TEXT_FONT_SLOTS][2];
} font_size;

/* One rasterized glyph. bitmap.pixels points into the same allocation; empty glyphs
 * are cached too (empty = 1) so spaces are not rasterized again. */
typedef struct glyph_entry {
  uint32_t key_face, key_size, key_id;
  int empty;
  size_t bytes;                          /* the whole allocation */
  text_bitmap bitmap;
  struct glyph_entry *next;              /* hash chain */
  struct glyph_entry *newer, *older;     /* recency list */
} glyph_entry;

struct text_fonts {
  FT_Library ft;
  font_file file[TEXT_FONT_SLOTS][2];
  font_size *sizes; int size_count;
  glyph_entry **glyph_table; size_t glyph_buckets, glyph_count;
  glyph_entry *glyph_newest, *glyph_oldest;
  size_t glyph_bytes;                    /* held, at most TEXT_GLYPH_CACHE_BYTES + one glyph */
};

/* ---------------------------------------------------------------- loading */

/* Finds the font directory: dir, else $WEGWIJS_FONTS, <exe dir>/fonts,
 * /usr/share/wegwijs/fonts — the first holding NotoSans-Regular.ttf. */
static int fonts_find_dir(const char *dir, char *out, size_t outlen) {
  char candidates[3][PATH_MAX];
  int count = 0;
  if (dir) { snprintf(out, outlen, "%s", dir); return 0; }
  const char *env = getenv("WEGWIJS_FONTS");
  if (env && *env) snprintf(candidates[count++], PATH_MAX, "%s", env);
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) { *slash = 0; snprintf(candidates[count++], PATH_MAX, "%.4000s/fonts", exe); }
  }
  snprintf(candidates[count++], PATH_MAX, "/usr/share/wegwijs/fonts");
  for (int i = 0; i < count; i++) {
    char probe[PATH_MAX + 32];
    snprintf(probe, sizeof probe, "%.4000s/%s.ttf", candidates[i], font_files[0][0]);
    if (access(probe, R_OK) == 0) { snprintf(out, outlen, "%.4000s", candidates[i]); return 0; }
  }
  snprintf(out, outlen, "%.4000s", candidates[0]);
  return -1;
}

text_fonts *text_fonts_open(const char *dir, char *err, size_t errlen) {
  char base[PATH_MAX];
  text_fonts *fonts = util_calloc(1, sizeof *fonts);
  if (fonts_find_dir(dir, base, sizeof base) != 0) {
    util_error(err, errlen, "no font directory with %s.ttf (tried $WEGWIJS_FONTS, "
               "<program dir>/fonts, /usr/share/wegwijs/fonts)", font_files[0][0]);
    goto fail;
  }
  if (FT_Init_FreeType(&fonts->ft)) { util_error(err, errlen, "FreeType init failed"); goto fail; }
  for (int slot = 0; slot < TEXT_FONT_SLOTS; slot++) {
    for (int bold = 0; bold < 2; bold++) {
      font_file *f = &fonts->file[slot][bold];
      snprintf(f->path, sizeof f->path, "%.4000s/%s.ttf", base, font_files[slot][bold]);
      f->blob = hb_blob_create_from_file_or_fail(f->path);
      if (!f->blob) { util_error(err, errlen, "cannot read font %s", f->path); goto fail; }
      f->face = hb_face_create(f->blob, 0);
      if (hb_face_get_glyph_count(f->face) == 0) {
        util_error(err, errlen, "font %s is not a usable OpenType font", f->path);
        goto fail;
      }
      f->unscaled = hb_font_create(f->face);
      unsigned int blob_len = 0;
      const char *data = hb_blob_get_data(f->blob, &blob_len);
      if (FT_New_Memory_Face(fonts->ft, (const FT_Byte *)data, (FT_Long)blob_len, 0, &f->ft)) {
        f->ft = NULL;
        util_error(err, errlen, "FreeType cannot open font %s", f->path);
        goto fail;
      }
    }
  }
  fonts->glyph_buckets = 1024;
  fonts->glyph_table = util_calloc(fonts->glyph_buckets, sizeof *fonts->glyph_table);
  return fonts;
fail:
  text_fonts_close(fonts);
  return NULL;
}

void text_fonts_close(text_fonts *fonts) {
  if (!fonts) return;
  for (size_t b = 0; b < fonts->glyph_buckets; b++) {
    glyph_entry *e = fonts->glyph_table[b];
    while (e) { glyph_entry *next = e->next; free(e); e = next; }
  }
  free(fonts->glyph_table);
  for (int s = 0; s < fonts->size_count; s++)
    for (int slot = 0; slot < TEXT_FONT_SLOTS; slot++)
      for (int bold = 0; bold < 2; bold++) hb_font_destroy(fonts->sizes[s].font[slot][bold]);
  free(fonts->sizes);
  for (int slot = 0; slot < TEXT_FONT_SLOTS; slot++) {
    for (int bold = 0; bold < 2; bold++) {
      font_file *f = &fonts->file[slot][bold];
      if (f->ft) FT_Done_Face(f->ft);
      hb_font_destroy(f->unscaled);   /* all hb_*_destroy accept NULL */
      hb_face_destroy(f->face);
      hb_blob_destroy(f->blob);
    }
  }
  if (fonts->ft) FT_Done_FreeType(fonts->ft);
  free(fonts);
}

const char *text_font_name(const text_fonts *fonts, int slot, int bold) {
  (void)fonts;
  expect(slot >= 0 && slot < TEXT_FONT_SLOTS);
  return font_files[slot][bold ? 1 : 0];
}

const char *text_font_path(const text_fonts *fonts, int slot, int bold) {
  expect(slot >= 0 && slot < TEXT_FONT_SLOTS);
  return fonts->file[slot][bold ? 1 : 0].path;
}

/* ---------------------------------------------------------------- sizes, coverage */

hb_font_t *text_font_hb(text_fonts *fonts, int slot, int bold, int size_px) {
  expect(slot >= 0 && slot < TEXT_FONT_SLOTS && size_px >= 1);
  bold = bold ? 1 : 0;
  for (int s = 0; s < fonts->size_count; s++)
    if (fonts->sizes[s].size_px == size_px) return fonts->sizes[s].font[slot][bold];
  /* A kiosk uses a handful of sizes; fonts per size live until text_fonts_close. */
  fonts->sizes = util_realloc(fonts->sizes, (size_t)(fonts->size_count + 1) * sizeof *fonts->sizes);
  font_size *fs = &fonts->sizes[fonts->size_count++];
  fs->size_px = size_px;
  for (int sl = 0; sl < TEXT_FONT_SLOTS; sl++) {
    for (int b = 0; b < 2; b++) {
      fs->font[sl][b] = hb_font_create(fonts->file[sl][b].face);
      hb_font_set_scale(fs->font[sl][b], size_px * 64, size_px * 64);
    }
  }
  return fs->font[slot][bold];
}

int text_font_covers(text_fonts *fonts, int slot, uint32_t cp) {
  hb_codepoint_t glyph;
  return hb_font_get_nominal_glyph(fonts->file[slot][0].unscaled, cp, &glyph) ? 1 : 0;
}

int text_lang_is_rtl(const char *lang) {
  static const char *const rtl[] = { "ar", "fa", "prs", "ps", "ckb", "ur", "he", "yi",
                                     "ug", "sd", "dv", "pbt", "pes", "arz", "apc" };
  if (!lang) return 0;
  size_t n = strcspn(lang, "-_");
  for (size_t i = 0; i < UTIL_COUNT(rtl); i++)
    if (strlen(rtl[i]) == n && !strncmp(lang, rtl[i], n)) return 1;
  return 0;
}

/* Fonts whose metrics decide a language's line height: its own script's font plus
 * Noto Sans (Latin terms and digits appear in every language). */
static int lang_fonts(const char *lang, int *slots) {
  int n = 0;
  slots[n++] = TEXT_FONT_LATIN;
  if (text_lang_is_rtl(lang)) slots[n++] = TEXT_FONT_ARABIC;
  else if (lang && (!strncmp(lang, "ti", 2) || !strncmp(lang, "am", 2) ||
                    !strncmp(lang, "tig", 3) || !strncmp(lang, "gez", 3)))
    slots[n++] = TEXT_FONT_ETHIOPIC;
  return n;
}

void text_line_metrics(text_fonts *fonts, const char *lang, int size_px,
                       int *line_height, int *ascent) {
  int slots[3], n = lang_fonts(lang, slots);
  hb_position_t asc = 0, desc = 0, gap = 0;
  for (int i = 0; i < n; i++) {
    for (int bold = 0; bold < 2; bold++) {
      hb_font_extents_t e;
      hb_font_get_h_extents(text_font_hb(fonts, slots[i], bold, size_px), &e);
      if (e.ascender > asc) asc = e.ascender;
      if (-e.descender > desc) desc = -e.descender;
      if (e.line_gap > gap) gap = e.line_gap;
    }
  }
  /* Whole pixels, so baselines land on pixel rows and lines never jump. */
  asc = (asc + 63) / 64 * 64;
  desc = (desc + 63) / 64 * 64;
  gap = (gap + 63) / 64 * 64;
  if (line_height) *line_height = asc + desc + gap;
  if (ascent) *ascent = asc;
}

/* ---------------------------------------------------------------- glyph cache */

static size_t glyph_hash(uint32_t face, uint32_t size, uint32_t id) {
  uint64_t h = 1469598103934665603ull;
  uint32_t parts[3] = { face, size, id };
  for (int i = 0; i < 3; i++) { h ^= parts[i]; h *= 1099511628211ull; }
  return (size_t)(h ^ (h >> 29));
}

static void glyph_table_grow(text_fonts *fonts) {
  size_t buckets = fonts->glyph_buckets * 2;
  glyph_entry **table = util_calloc(buckets, sizeof *table);
  for (size_t b = 0; b < fonts->glyph_buckets; b++) {
    glyph_entry *e = fonts->glyph_table[b];
    while (e) {
      glyph_entry *next = e->next;
      size_t h = glyph_hash(e->key_face, e->key_size, e->key_id) & (buckets - 1);
      e->next = table[h];
      table[h] = e;
      e = next;
    }
  }
  free(fonts->glyph_table);
  fonts->glyph_table = table;
  fonts->glyph_buckets = buckets;
}

static void glyph_unlink_recency(text_fonts *fonts, glyph_entry *e) {
  if (e->newer) e->newer->older = e->older; else fonts->glyph_newest = e->older;
  if (e->older) e->older->newer = e->newer; else fonts->glyph_oldest = e->newer;
  e->newer = e->older = NULL;
}

static void glyph_push_newest(text_fonts *fonts, glyph_entry *e) {
  e->older = fonts->glyph_newest;
  e->newer = NULL;
  if (fonts->glyph_newest) fonts->glyph_newest->newer = e; else fonts->glyph_oldest = e;
  fonts->glyph_newest = e;
}

/* Drops least recently used glyphs until the cache is within its budget; the newest
 * (the one just returned) always stays. */
static void glyph_evict(text_fonts *fonts) {
  while (fonts->glyph_bytes > TEXT_GLYPH_CACHE_BYTES && fonts->glyph_oldest != fonts->glyph_newest) {
    glyph_entry *e = fonts->glyph_oldest;
    glyph_entry **link = &fonts->glyph_table[glyph_hash(e->key_face, e->key_size, e->key_id) & (fonts->glyph_buckets - 1)];
    while (*link != e) link = &(*link)->next;
    *link = e->next;
    glyph_unlink_recency(fonts, e);
    fonts->glyph_bytes -= e->bytes;
    fonts->glyph_count--;
    free(e);
  }
}

size_t text_glyph_cache_bytes(const text_fonts *fonts) { return fonts->glyph_bytes; }

const text_bitmap *text_glyph_bitmap(text_fonts *fonts, int slot, int bold, int size_px,
                                     uint32_t glyph_id) {
  if (slot < 0 || slot >= TEXT_FONT_SLOTS || size_px < 1) return NULL;
  bold = bold ? 1 : 0;
  uint32_t face_key = (uint32_t)(slot * 2 + bold);
  size_t h = glyph_hash(face_key, (uint32_t)size_px, glyph_id) & (fonts->glyph_buckets - 1);
  for (glyph_entry *e = fonts->glyph_table[h]; e; e = e->next)
    if (e->key_face == face_key && e->key_size == (uint32_t)size_px && e->key_id == glyph_id) {
      glyph_unlink_recency(fonts, e);
      glyph_push_newest(fonts, e);
      return e->empty ? NULL : &e->bitmap;
    }
  font_file *f = &fonts->file[slot][bold];
  int empty = 1;
  FT_Bitmap *bm = NULL;
  FT_GlyphSlot g = NULL;
  if (f->ft_size != size_px) {
    if (FT_Set_Pixel_Sizes(f->ft, 0, (FT_UInt)size_px) == 0) f->ft_size = size_px;
  }
  /* Light hinting moves outlines vertically only, so HarfBuzz's unhinted advances
   * still place the glyphs. */
  if (f->ft_size == size_px &&
      FT_Load_Glyph(f->ft, glyph_id, FT_LOAD_RENDER | FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP) == 0) {
    g = f->ft->glyph;
    bm = &g->bitmap;
    empty = bm->width == 0 || bm->rows == 0 || bm->pixel_mode != FT_PIXEL_MODE_GRAY;
  }
  size_t pixels = empty ? 0 : (size_t)bm->width * bm->rows;
  glyph_entry *e = util_calloc(1, sizeof *e + pixels);
  e->bytes = sizeof *e + pixels;
  e->key_face = face_key; e->key_size = (uint32_t)size_px; e->key_id = glyph_id;
  e->empty = empty;
  if (!empty) {
    uint8_t *dst = (uint8_t *)(e + 1);
    for (unsigned int row = 0; row < bm->rows; row++)
      memcpy(dst + (size_t)row * bm->width, bm->buffer + (ptrdiff_t)row * bm->pitch, bm->width);
    e->bitmap = (text_bitmap){ (int)bm->width, (int)bm->rows, (int)bm->width,
                               g->bitmap_left, g->bitmap_top, dst };
  }
  e->next = fonts->glyph_table[h];
  fonts->glyph_table[h] = e;
  glyph_push_newest(fonts, e);
  fonts->glyph_bytes += e->bytes;
  if (++fonts->glyph_count > fonts->glyph_buckets) glyph_table_grow(fonts);
  glyph_evict(fonts);
  return empty ? NULL : &e->bitmap;
}
