/* text_font.h — internal to app/text: HarfBuzz fonts per pixel size and coverage
 * look-ups behind the public text_fonts handle (text.h). */
#ifndef WEGWIJS_TEXT_FONT_H
#define WEGWIJS_TEXT_FONT_H
#include <hb.h>            /* hb_font_t */
#include "text/text.h"     /* text_fonts */

/* The HarfBuzz font of a slot at a pixel size, scaled so that positions come out in
 * 1/64 px (scale = size_px * 64, hb-ot font functions, no hinting). Owned by fonts,
 * valid until text_fonts_close. Never NULL for a valid slot and size_px >= 1. */
hb_font_t *text_font_hb(text_fonts *fonts, int slot, int bold, int size_px);

/* 1 if the slot's font maps the code point to a glyph. */
int text_font_covers(text_fonts *fonts, int slot, uint32_t cp);
#endif
