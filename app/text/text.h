/* text.h — multilingual paragraph layout on FriBidi + HarfBuzz + libunibreak, and glyph
 * rasterizing with FreeType. No SDL: the kiosk, wegwijs-layout and the pack checker all
 * lay out with this one engine, so what is measured is what is drawn.
 *
 * Units: every position and advance is in 1/64 px (26.6 fixed point) unless named _px.
 * Offsets (start, end, cluster) are UTF-8 byte offsets into the paragraph text. */
#ifndef WEGWIJS_TEXT_H
#define WEGWIJS_TEXT_H
#include <stddef.h>  /* size_t */
#include <stdint.h>  /* uint32_t, uint8_t */

/* Font slots. Each slot exists in regular and bold. */
enum { TEXT_FONT_LATIN, TEXT_FONT_ARABIC, TEXT_FONT_ETHIOPIC, TEXT_FONT_SLOTS };

/* Rasterized glyph bitmaps kept for reuse (bytes, bookkeeping included). */
enum { TEXT_GLYPH_CACHE_BYTES = 512 * 1024 };

/* Style bits of a span. */
enum {
  TEXT_STYLE_BOLD = 1,   /* bold weight */
  TEXT_STYLE_TERM = 2,   /* "the Dutch term": drawn bold in the accent colour */
  TEXT_STYLE_LINK = 4    /* a tappable related-page name */
};

typedef struct text_fonts text_fonts;

/* Loads the six Noto fonts (NotoSans, NotoSansArabic, NotoSansEthiopic; Regular+Bold)
 * from dir (NULL: $WEGWIJS_FONTS, then <exe dir>/fonts, then /usr/share/wegwijs/fonts).
 * Returns NULL with err set when a font is missing or unreadable. */
text_fonts *text_fonts_open(const char *dir, char *err, size_t errlen);
void text_fonts_close(text_fonts *fonts);
/* PostScript-ish name of a slot, e.g. "NotoSansArabic-Bold". */
const char *text_font_name(const text_fonts *fonts, int slot, int bold);
/* Path of the font file (for oracles such as hb-shape). */
const char *text_font_path(const text_fonts *fonts, int slot, int bold);

/* 1 for ar, fa, prs, ps, ckb (and other RTL codes); 0 otherwise. */
int text_lang_is_rtl(const char *lang);

/* Line alignment inside max_width_px. START follows the paragraph direction; LEFT and
 * RIGHT are for text shown in another direction than the screen around it. */
enum { TEXT_ALIGN_START = 0, TEXT_ALIGN_CENTRE = 1, TEXT_ALIGN_LEFT = 2, TEXT_ALIGN_RIGHT = 3 };

typedef struct { int start, end, style; } text_span;   /* byte range + TEXT_STYLE_* */

typedef struct {
  const char *lang;          /* BCP 47-ish code; fixes direction and HarfBuzz language */
  int size_px;               /* pixel size (em) */
  int bold;                  /* base weight for the whole paragraph */
  int max_width_px;          /* wrap width; <= 0 means one line, no wrapping */
  const text_span *spans;    /* optional inline styles, sorted, non-overlapping */
  int span_count;
  int align;                 /* TEXT_ALIGN_*: 0 = by direction (start), 1 = centre */
} text_params;

typedef struct {
  uint32_t id;               /* glyph id in the run's font */
  int cluster;               /* byte offset of the cluster in the text */
  int x_advance, x_offset, y_offset;   /* 1/64 px */
} text_glyph;

typedef struct {
  int start, end;            /* byte range, logical */
  int level;                 /* bidi embedding level; odd = RTL */
  uint32_t script;           /* hb_script_t as ISO 15924 tag */
  int slot, bold, style;     /* font slot, weight, TEXT_STYLE_* */
  int x;                     /* left edge within the line, 1/64 px */
  int width;                 /* 1/64 px */
  int glyph_start, glyph_count;   /* into text_layout.glyphs, in visual (left-to-right) order */
} text_run;

typedef struct {
  int start, end;            /* byte range, logical, including trailing spaces */
  int width;                 /* 1/64 px, trailing spaces excluded */
  int x;                     /* alignment offset of the line's left edge, 1/64 px */
  int baseline;              /* y of the baseline from the paragraph top, 1/64 px */
  int run_start, run_count;  /* into text_layout.runs, in visual order */
} text_line;

typedef struct {
  int rtl;                   /* paragraph direction */
  int width;                 /* widest line, 1/64 px */
  int height;                /* line_count * line_height, 1/64 px */
  int line_height, ascent;   /* 1/64 px; stable per language and size */
  int notdef_count;          /* glyphs that no font could draw (tofu) */
  int size_px;
  text_line *lines; int line_count;   /* logical order */
  text_run *runs; int run_count;
  text_glyph *glyphs; int glyph_count;
} text_layout;

/* Lays out one paragraph (newlines are hard breaks inside it). Invalid UTF-8 is
 * repaired to U+FFFD before FriBidi/HarfBuzz see it (offsets then refer to the original
 * bytes). Returns a layout the caller frees with text_layout_free, or NULL with err set
 * (bad arguments only; empty text gives zero lines). */
text_layout *text_layout_paragraph(text_fonts *fonts, const char *utf8, size_t len,
                                   const text_params *params, char *err, size_t errlen);
void text_layout_free(text_layout *layout);

/* Line height and ascent (1/64 px) used for a language at a size. */
void text_line_metrics(text_fonts *fonts, const char *lang, int size_px,
                       int *line_height, int *ascent);

/* A rasterized glyph: 8-bit coverage, owned by the fonts' cache and valid until the
 * next text_glyph_bitmap call or text_fonts_close (the cache keeps the most recently
 * used glyphs within TEXT_GLYPH_CACHE_BYTES; the renderer's atlas holds what is on
 * screen). left/top are the bitmap's offset from the pen position (top is
 * upwards, as in FreeType). Returns NULL for an empty glyph (space). */
typedef struct { int width, height, pitch, left, top; const uint8_t *pixels; } text_bitmap;
const text_bitmap *text_glyph_bitmap(text_fonts *fonts, int slot, int bold, int size_px,
                                     uint32_t glyph_id);
/* Bytes the glyph cache holds now (for tests and stats). */
size_t text_glyph_cache_bytes(const text_fonts *fonts);

#endif
