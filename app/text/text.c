/* text.c — paragraph layout: bidi levels, script and font per character, shaping runs,
 * break opportunities, greedy line fill, per-line reordering and alignment. */
#include "text/text.h"
#include <stdlib.h>          /* free, qsort */
#include <string.h>          /* memcpy, strncmp */
#include "text/text_font.h"  /* text_font_hb, text_font_covers */
#include "text/text_unicode.h"
#include "util/util.h"       /* util_malloc, util_error, expect */

enum { TEXT_MAX_SIZE_PX = 2000 };

/* A shaped glyph in logical order; cluster is a code point index into the text. */
typedef struct {
  uint32_t id;
  int cluster;
  int x_advance, x_offset, y_offset;
  int unsafe;                /* HB_GLYPH_FLAG_UNSAFE_TO_BREAK */
} shaped_glyph;

/* A shaping item: maximal code point range with one level, script, font and weight. */
typedef struct {
  int start, end;
  int level, slot, bold;
  hb_script_t script;
  int glyph_start, glyph_count;    /* into layout_work.glyphs, logical order */
} shape_item;

/* A piece of an item on one line, with its own glyphs (logical order). */
typedef struct {
  int start, end, item;
  shaped_glyph *glyphs; int glyph_count;
  int owned;                 /* glyphs were re-shaped for this line and must be freed */
} line_piece;

/* Everything one layout call needs; freed at the end of text_layout_paragraph. */
typedef struct {
  text_fonts *fonts;
  const text_params *params;
  hb_language_t language;
  hb_script_t lang_script;
  hb_buffer_t *buffer;
  const uint32_t *cps; const int *offsets; int n;
  int *styles;               /* TEXT_STYLE_* per code point */
  /* current sub-paragraph [para_start, para_end) */
  int para_start, para_end, par_level;
  FriBidiCharType *types; FriBidiLevel *levels; FriBidiLevel *line_levels; int *map, *visual;
  hb_script_t *scripts; int *slots; char *breaks;
  shape_item *items; int item_count, item_cap;
  shaped_glyph *glyphs; int glyph_count, glyph_cap;
  int *glyph_sum;            /* glyph_sum[g] = advances of glyphs [0, g) */
  /* output */
  text_layout *out;
  int line_cap, run_cap, glyph_out_cap;
  int line_height, ascent;
} layout_work;

/* ---------------------------------------------------------------- characters */

static int is_paragraph_separator(uint32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2029;
}

static int is_real_script(hb_script_t s) {
  return s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED && s != HB_SCRIPT_UNKNOWN;
}

/* Characters that must not cause a font change on their own: spaces, marks, joiners,
 * bidi controls, variation selectors. */
static int keeps_font(uint32_t cp, hb_script_t raw_script) {
  return raw_script == HB_SCRIPT_INHERITED || cp == ' ' || cp == 0xA0 ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2069) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
}

/* Script of the UI language, used when a paragraph has no letters at all. */
static hb_script_t language_script(const char *lang) {
  if (text_lang_is_rtl(lang)) return HB_SCRIPT_ARABIC;
  if (!strncmp(lang, "ti", 2) || !strncmp(lang, "am", 2)) return HB_SCRIPT_ETHIOPIC;
  if (!strncmp(lang, "uk", 2) || !strncmp(lang, "ru", 2)) return HB_SCRIPT_CYRILLIC;
  return HB_SCRIPT_LATIN;
}

/* Common and Inherited characters take the script of the preceding real script
 * (so a mark stays with its base and a space with the word before it); leading ones
 * take the first real script after them. */
static void resolve_scripts(layout_work *w) {
  hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
  int s = w->para_start, e = w->para_end;
  hb_script_t last = HB_SCRIPT_INVALID;
  for (int i = s; i < e; i++) {
    hb_script_t sc = hb_unicode_script(uf, w->cps[i]);
    if (is_real_script(sc)) last = sc;
    w->scripts[i - s] = is_real_script(sc) ? sc : last;
  }
  hb_script_t next = w->lang_script;
  for (int i = e - 1; i >= s; i--) {
    if (w->scripts[i - s] == HB_SCRIPT_INVALID) w->scripts[i - s] = next;
    else next = w->scripts[i - s];
  }
}

/* Font fallback per character, by resolved script: Arabic → Arabic, Noto Sans;
 * Ethiopic → Ethiopic, Noto Sans; anything else → Noto Sans, Arabic, Ethiopic. A
 * character no font covers keeps the first choice (and shows as .notdef). */
static void resolve_fonts(layout_work *w) {
  hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
  int s = w->para_start, e = w->para_end;
  for (int i = s; i < e; i++) {
    int order[3], count = 0;
    hb_script_t sc = w->scripts[i - s];
    if (sc == HB_SCRIPT_ARABIC) { order[count++] = TEXT_FONT_ARABIC; order[count++] = TEXT_FONT_LATIN; }
    else if (sc == HB_SCRIPT_ETHIOPIC) { order[count++] = TEXT_FONT_ETHIOPIC; order[count++] = TEXT_FONT_LATIN; }
    else { order[count++] = TEXT_FONT_LATIN; order[count++] = TEXT_FONT_ARABIC; order[count++] = TEXT_FONT_ETHIOPIC; }
    uint32_t cp = w->cps[i];
    if (i > s && keeps_font(cp, hb_unicode_script(uf, cp)) &&
        (text_font_covers(w->fonts, w->slots[i - s - 1], cp) || cp >= 0x200B)) {
      w->slots[i - s] = w->slots[i - s - 1];
      continue;
    }
    w->slots[i - s] = order[0];
    for (int k = 0; k < count; k++)
      if (text_font_covers(w->fonts, order[k], cp)) { w->slots[i - s] = order[k]; break; }
  }
}

static int char_bold(const layout_work *w, int i) {
  return w->params->bold || (w->styles[i] & (TEXT_STYLE_BOLD | TEXT_STYLE_TERM)) ? 1 : 0;
}

/* ---------------------------------------------------------------- shaping */

/* Shapes code points [start, end) with the sub-paragraph as context. Returns a
 * malloc'd glyph array in logical order (count in *count). */
static shaped_glyph *shape_range(layout_work *w, int start, int end, int level,
                                 hb_script_t script, int slot, int bold, int *count) {
  hb_buffer_t *buf = w->buffer;
  hb_buffer_clear_contents(buf);
  hb_buffer_add_utf32(buf, w->cps + w->para_start, w->para_end - w->para_start,
                      (unsigned int)(start - w->para_start), end - start);
  hb_buffer_set_direction(buf, level & 1 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
  hb_buffer_set_script(buf, script);
  hb_buffer_set_language(buf, w->language);
  hb_buffer_set_flags(buf, (start == w->para_start ? HB_BUFFER_FLAG_BOT : 0) |
                           (end == w->para_end ? HB_BUFFER_FLAG_EOT : 0));
  hb_shape(text_font_hb(w->fonts, slot, bold, w->params->size_px), buf, NULL, 0);
  unsigned int len = 0;
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &len);
  hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
  shaped_glyph *g = util_malloc((len ? len : 1) * sizeof *g);
  for (unsigned int i = 0; i < len; i++) {
    unsigned int k = level & 1 ? len - 1 - i : i;   /* RTL output is visual: reverse */
    g[i] = (shaped_glyph){ info[k].codepoint, (int)info[k].cluster + w->para_start,
                           pos[k].x_advance, pos[k].x_offset, pos[k].y_offset,
                           (hb_glyph_info_get_glyph_flags(&info[k]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) ? 1 : 0 };
  }
  *count = (int)len;
  return g;
}

static void add_item(layout_work *w, int start, int end) {
  int s = w->para_start;
  if (w->item_count == w->item_cap) {
    w->item_cap = w->item_cap ? w->item_cap * 2 : 16;
    w->items = util_realloc(w->items, (size_t)w->item_cap * sizeof *w->items);
  }
  shape_item *it = &w->items[w->item_count++];
  *it = (shape_item){ start, end, w->levels[start - s], w->slots[start - s], char_bold(w, start),
                      w->scripts[start - s], w->glyph_count, 0 };
  int count;
  shaped_glyph *g = shape_range(w, start, end, it->level, it->script, it->slot, it->bold, &count);
  if (w->glyph_count + count > w->glyph_cap) {
    while (w->glyph_count + count > w->glyph_cap) w->glyph_cap = w->glyph_cap ? w->glyph_cap * 2 : 256;
    w->glyphs = util_realloc(w->glyphs, (size_t)w->glyph_cap * sizeof *w->glyphs);
  }
  memcpy(w->glyphs + w->glyph_count, g, (size_t)count * sizeof *g);
  w->glyph_count += count;
  it->glyph_count = count;
  free(g);
}

/* Splits the sub-paragraph into items and shapes each. */
static void itemize_and_shape(layout_work *w) {
  int s = w->para_start, e = w->para_end;
  w->item_count = 0;
  w->glyph_count = 0;
  int start = s;
  for (int i = s + 1; i <= e; i++) {
    if (i < e && w->levels[i - s] == w->levels[start - s] && w->scripts[i - s] == w->scripts[start - s] &&
        w->slots[i - s] == w->slots[start - s] && char_bold(w, i) == char_bold(w, start))
      continue;
    add_item(w, start, i);
    start = i;
  }
  w->glyph_sum = util_realloc(w->glyph_sum, (size_t)(w->glyph_count + 1) * sizeof *w->glyph_sum);
  w->glyph_sum[0] = 0;
  for (int g = 0; g < w->glyph_count; g++) w->glyph_sum[g + 1] = w->glyph_sum[g] + w->glyphs[g].x_advance;
}

/* First glyph of item with cluster >= cp (logical order, clusters ascend). */
static int glyph_lower_bound(const layout_work *w, const shape_item *it, int cp) {
  int lo = it->glyph_start, hi = it->glyph_start + it->glyph_count;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (w->glyphs[mid].cluster < cp) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/* 1 if the item's glyphs can be cut before code point cp without re-shaping. */
static int cut_is_safe(const layout_work *w, const shape_item *it, int cp) {
  if (cp <= it->start || cp >= it->end) return 1;
  int g = glyph_lower_bound(w, it, cp);
  if (g >= it->glyph_start + it->glyph_count || w->glyphs[g].cluster != cp) return 0;
  for (; g < it->glyph_start + it->glyph_count && w->glyphs[g].cluster == cp; g++)
    if (w->glyphs[g].unsafe) return 0;
  return 1;
}

static int item_at(const layout_work *w, int cp) {
  int lo = 0, hi = w->item_count - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (w->items[mid].start <= cp) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/* Glyphs of code points [a, b) of one item: a slice of the item's glyphs where the
 * cuts are safe, else freshly shaped. */
static line_piece piece_of(layout_work *w, int item, int a, int b) {
  const shape_item *it = &w->items[item];
  line_piece p = { a, b, item, NULL, 0, 0 };
  if (cut_is_safe(w, it, a) && cut_is_safe(w, it, b)) {
    int g0 = glyph_lower_bound(w, it, a), g1 = glyph_lower_bound(w, it, b);
    p.glyphs = w->glyphs + g0;
    p.glyph_count = g1 - g0;
  } else {
    p.glyphs = shape_range(w, a, b, it->level, it->script, it->slot, it->bold, &p.glyph_count);
    p.owned = 1;
  }
  return p;
}

/* Width (1/64 px) of code points [a, b) as one line would show them. */
static int measure(layout_work *w, int a, int b) {
  if (a >= b) return 0;
  int width = 0;
  for (int i = item_at(w, a); i < w->item_count && w->items[i].start < b; i++) {
    const shape_item *it = &w->items[i];
    int x = a > it->start ? a : it->start, y = b < it->end ? b : it->end;
    if (cut_is_safe(w, it, x) && cut_is_safe(w, it, y)) {
      width += w->glyph_sum[glyph_lower_bound(w, it, y)] - w->glyph_sum[glyph_lower_bound(w, it, x)];
    } else {
      line_piece p = piece_of(w, i, x, y);
      for (int g = 0; g < p.glyph_count; g++) width += p.glyphs[g].x_advance;
      if (p.owned) free(p.glyphs);
    }
  }
  return width;
}

/* ---------------------------------------------------------------- lines */

static int is_trailing_space(FriBidiCharType type) {
  return type == FRIBIDI_TYPE_WS || type == FRIBIDI_TYPE_SS || type == FRIBIDI_TYPE_BS;
}

/* Start of the trailing whitespace of the line [a, b). */
static int trim_end(const layout_work *w, int a, int b) {
  while (b > a && is_trailing_space(w->types[b - 1 - w->para_start])) b--;
  return b;
}

/* 1 if a break before code point p is allowed (p strictly inside the paragraph). */
static int break_before(const layout_work *w, int p) {
  return w->breaks[p - 1 - w->para_start] != TEXT_BREAK_NO;
}

static int must_break_before(const layout_work *w, int p) {
  return p < w->para_end && w->breaks[p - 1 - w->para_start] == TEXT_BREAK_MUST;
}

static int is_cluster_start(const layout_work *w, int p) {
  const shape_item *it = &w->items[item_at(w, p)];
  if (p == it->start) return 1;
  int g = glyph_lower_bound(w, it, p);
  return g < it->glyph_start + it->glyph_count && w->glyphs[g].cluster == p;
}

/* End of the line starting at a: the last break opportunity that fits, else (an
 * over-long word) the last cluster boundary that fits, at least one cluster. */
static int find_line_end(layout_work *w, int a) {
  int e = w->para_end, max = w->params->max_width_px * 64;
  int best = -1, first = -1;
  for (int p = a + 1; p <= e; p++) {
    if (p < e && !break_before(w, p)) continue;
    if (first < 0) first = p;
    if (max > 0 && measure(w, a, trim_end(w, a, p)) > max) break;
    best = p;
    if (must_break_before(w, p)) break;
  }
  if (best >= 0) return best;
  /* Emergency break inside a word, at cluster boundaries only. */
  int fit = -1;
  for (int q = a + 1; q < first; q++) {
    if (!is_cluster_start(w, q)) continue;
    if (measure(w, a, q) > max) break;
    fit = q;
  }
  if (fit < 0)
    for (int q = a + 1; q < first; q++) if (is_cluster_start(w, q)) { fit = q; break; }
  return fit < 0 ? first : fit;
}

static void *grow(void *array, int *cap, int need, size_t elem) {
  if (need <= *cap) return array;
  while (*cap < need) *cap = *cap ? *cap * 2 : 16;
  return util_realloc(array, (size_t)*cap * elem);
}

typedef struct { int start, end, level, style, key; line_piece *piece; } line_run;

static int compare_runs(const void *x, const void *y) {
  const line_run *a = x, *b = y;
  return (a->key > b->key) - (a->key < b->key);
}

/* Appends line [a, b) (code points; byte end at byte_end) to the output: pieces,
 * L1/L2 reordering, runs in visual order, glyphs left to right. */
static int emit_line(layout_work *w, int a, int b, int byte_end) {
  text_layout *out = w->out;
  int s = w->para_start, t = trim_end(w, a, b);
  out->lines = grow(out->lines, &w->line_cap, out->line_count + 1, sizeof *out->lines);
  text_line *line = &out->lines[out->line_count];
  *line = (text_line){ w->offsets[a], byte_end, 0, 0,
                       out->line_count * w->line_height + w->ascent, out->run_count, 0 };
  out->line_count++;
  if (a == b) return 0;

  memcpy(w->line_levels + (a - s), w->levels + (a - s), (size_t)(b - a) * sizeof *w->levels);
  if (text_bidi_reorder_line(w->types, a - s, b - a, w->par_level, w->line_levels, w->map) != 0)
    return -1;
  for (int v = 0; v < b - a; v++) w->visual[w->map[a - s + v] - (a - s)] = v;

  int piece_count = 0, run_count = 0, cap_pieces = 0, cap_runs = 0;
  line_piece *pieces = NULL;
  line_run *runs = NULL;
  for (int i = item_at(w, a); i < w->item_count && w->items[i].start < b; i++) {
    int x = a > w->items[i].start ? a : w->items[i].start;
    int y = b < w->items[i].end ? b : w->items[i].end;
    pieces = grow(pieces, &cap_pieces, piece_count + 1, sizeof *pieces);
    pieces[piece_count++] = piece_of(w, i, x, y);
  }
  /* Runs: pieces split where the level after L1 or the span style changes. */
  for (int k = 0; k < piece_count; k++) {
    line_piece *p = &pieces[k];
    int start = p->start;
    for (int i = p->start + 1; i <= p->end; i++) {
      if (i < p->end && w->line_levels[i - s] == w->line_levels[start - s] &&
          w->styles[i] == w->styles[start] && (i < t) == (start < t))
        continue;
      runs = grow(runs, &cap_runs, run_count + 1, sizeof *runs);
      int v0 = w->visual[start - a], v1 = w->visual[i - 1 - a];
      runs[run_count++] = (line_run){ start, i, w->line_levels[start - s], w->styles[start],
                                      v0 < v1 ? v0 : v1, p };
      start = i;
    }
  }
  qsort(runs, (size_t)run_count, sizeof *runs, compare_runs);

  int x = 0;
  for (int r = 0; r < run_count; r++) {
    line_run *lr = &runs[r];
    const shape_item *it = &w->items[lr->piece->item];
    int g0 = 0, g1 = 0, n = lr->piece->glyph_count;
    while (g0 < n && lr->piece->glyphs[g0].cluster < lr->start) g0++;
    g1 = g0;
    while (g1 < n && lr->piece->glyphs[g1].cluster < lr->end) g1++;
    out->runs = grow(out->runs, &w->run_cap, out->run_count + 1, sizeof *out->runs);
    out->glyphs = grow(out->glyphs, &w->glyph_out_cap, out->glyph_count + (g1 - g0), sizeof *out->glyphs);
    text_run *run = &out->runs[out->run_count++];
    *run = (text_run){ w->offsets[lr->start], w->offsets[lr->end], lr->level, it->script,
                       it->slot, it->bold, lr->style, x, 0, out->glyph_count, g1 - g0 };
    for (int k = 0; k < g1 - g0; k++) {
      const shaped_glyph *g = &lr->piece->glyphs[lr->level & 1 ? g1 - 1 - k : g0 + k];
      /* Line-final spaces take no room (as in Pango), so alignment ignores them. */
      int advance = g->cluster >= t ? 0 : g->x_advance;
      out->glyphs[out->glyph_count++] = (text_glyph){ g->id, w->offsets[g->cluster], advance,
                                                      g->x_offset, g->y_offset };
      if (g->id == 0 && !is_trailing_space(w->types[g->cluster - s])) out->notdef_count++;
      run->width += advance;
    }
    x += run->width;
  }
  line = &out->lines[out->line_count - 1];
  line->width = x;
  line->run_count = out->run_count - line->run_start;
  for (int k = 0; k < piece_count; k++) if (pieces[k].owned) free(pieces[k].glyphs);
  free(pieces);
  free(runs);
  return 0;
}

/* Lays out the sub-paragraph [s, e) whose separator ends at code point next. */
static int layout_sub_paragraph(layout_work *w, int s, int e, int next) {
  int n = e - s;
  w->para_start = s;
  w->para_end = e;
  size_t count = (size_t)(n ? n : 1);
  w->types = util_realloc(w->types, count * sizeof *w->types);
  w->levels = util_realloc(w->levels, count * sizeof *w->levels);
  w->line_levels = util_realloc(w->line_levels, count * sizeof *w->line_levels);
  w->map = util_realloc(w->map, count * sizeof *w->map);
  w->visual = util_realloc(w->visual, count * sizeof *w->visual);
  w->scripts = util_realloc(w->scripts, count * sizeof *w->scripts);
  w->slots = util_realloc(w->slots, count * sizeof *w->slots);
  w->breaks = util_realloc(w->breaks, count);
  int byte_next = w->offsets[next];
  if (n == 0) return emit_line(w, s, s, byte_next);
  w->par_level = text_bidi_paragraph(w->cps + s, n, w->out->rtl ? TEXT_BIDI_RTL : TEXT_BIDI_LTR,
                                     w->types, w->levels);
  if (w->par_level < 0) return -1;
  resolve_scripts(w);
  resolve_fonts(w);
  itemize_and_shape(w);
  text_line_breaks(w->cps + s, n, w->params->lang, w->breaks);
  for (int a = s; a < e;) {
    int b = find_line_end(w, a);
    expect(b > a && b <= e);
    if (emit_line(w, a, b, b == e ? byte_next : w->offsets[b]) != 0) return -1;
    a = b;
  }
  return 0;
}

/* ---------------------------------------------------------------- public */

static int check_params(const text_params *p, size_t len, char *err, size_t errlen) {
  if (!p) return util_error(err, errlen, "text layout: no parameters");
  if (!p->lang || !*p->lang) return util_error(err, errlen, "text layout: no language code");
  if (p->size_px < 1 || p->size_px > TEXT_MAX_SIZE_PX)
    return util_error(err, errlen, "text layout: size %d px out of range 1..%d", p->size_px, TEXT_MAX_SIZE_PX);
  if (len > (size_t)64 * 1024 * 1024) return util_error(err, errlen, "text layout: text of %zu bytes is too long", len);
  if (p->span_count < 0 || (p->span_count > 0 && !p->spans))
    return util_error(err, errlen, "text layout: bad span list");
  int prev_end = 0;
  for (int i = 0; i < p->span_count; i++) {
    const text_span *sp = &p->spans[i];
    if (sp->start < prev_end || sp->end < sp->start || (size_t)sp->end > len)
      return util_error(err, errlen, "text layout: span %d (%d..%d) is unsorted, overlapping or "
                        "outside the %zu-byte text", i, sp->start, sp->end, len);
    prev_end = sp->end;
  }
  return 0;
}

text_layout *text_layout_paragraph(text_fonts *fonts, const char *utf8, size_t len,
                                   const text_params *params, char *err, size_t errlen) {
  if (!fonts) { util_error(err, errlen, "text layout: no fonts"); return NULL; }
  if (!utf8 && len) { util_error(err, errlen, "text layout: no text"); return NULL; }
  if (check_params(params, len, err, errlen) != 0) return NULL;
  layout_work w = { 0 };
  w.fonts = fonts;
  w.params = params;
  w.language = hb_language_from_string(params->lang, -1);
  w.lang_script = language_script(params->lang);
  text_layout *out = util_calloc(1, sizeof *out);
  w.out = out;
  out->rtl = text_lang_is_rtl(params->lang);
  out->size_px = params->size_px;
  text_line_metrics(fonts, params->lang, params->size_px, &w.line_height, &w.ascent);
  out->line_height = w.line_height;
  out->ascent = w.ascent;
  uint32_t *cps = NULL;
  int *offsets = NULL;
  int ok = 0;
  w.n = text_utf8_decode(utf8 ? utf8 : "", len, &cps, &offsets, NULL);
  w.cps = cps;
  w.offsets = offsets;
  w.styles = util_calloc((size_t)w.n + 1, sizeof *w.styles);
  for (int i = 0, k = 0; i < w.n && k < params->span_count; i++) {
    while (k < params->span_count && params->spans[k].end <= offsets[i]) k++;
    if (k < params->span_count && params->spans[k].start <= offsets[i]) w.styles[i] = params->spans[k].style;
  }
  w.buffer = hb_buffer_create();
  if (!hb_buffer_allocation_successful(w.buffer)) { util_error(err, errlen, "text layout: out of memory"); goto done; }
  for (int s = 0; s < w.n;) {
    int e = s;
    while (e < w.n && !is_paragraph_separator(cps[e])) e++;
    int next = e;
    if (next < w.n) next += cps[next] == '\r' && next + 1 < w.n && cps[next + 1] == '\n' ? 2 : 1;
    if (layout_sub_paragraph(&w, s, e, next) != 0) {
      util_error(err, errlen, "text layout: FriBidi failed on the paragraph at byte %d", offsets[s]);
      goto done;
    }
    /* Text ending in a separator ends with an empty line, as an editor shows it. */
    if (next == w.n && e < w.n && layout_sub_paragraph(&w, next, next, next) != 0) goto done;
    s = next;
  }
  for (int i = 0; i < out->line_count; i++) {
    text_line *line = &out->lines[i];
    int max = params->max_width_px * 64, room = max - line->width;
    if (max > 0 && room > 0) {
      int right = params->align == TEXT_ALIGN_RIGHT || (params->align == TEXT_ALIGN_START && out->rtl);
      line->x = params->align == TEXT_ALIGN_CENTRE ? room / 2 : right ? room : 0;
    }
    if (line->width > out->width) out->width = line->width;
  }
  out->height = out->line_count * w.line_height;
  ok = 1;
done:
  hb_buffer_destroy(w.buffer);
  free(cps); free(offsets); free(w.styles);
  free(w.types); free(w.levels); free(w.line_levels); free(w.map); free(w.visual);
  free(w.scripts); free(w.slots); free(w.breaks);
  free(w.items); free(w.glyphs); free(w.glyph_sum);
  if (!ok) { text_layout_free(out); return NULL; }
  return out;
}

void text_layout_free(text_layout *layout) {
  if (!layout) return;
  free(layout->lines);
  free(layout->runs);
  free(layout->glyphs);
  free(layout);
}
