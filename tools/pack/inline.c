/* inline.c — Markdown inlines to msgids and back to text + spans, on cmark. */
#include "inline.h"
#include "util/util.h"
#include <string.h>   /* strlen, memcpy */

typedef struct { char *data; size_t len, cap; } inline_buffer;

static void inline_put(inline_buffer *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->data = util_realloc(b->data, b->cap);
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}
static void inline_puts(inline_buffer *b, const char *s) { inline_put(b, s, strlen(s)); }

/* Literal text with the characters that would start markup escaped. */
static void inline_put_literal(inline_buffer *b, const char *s) {
  for (; *s; s++) {
    if (*s == '*' || *s == '\\') inline_put(b, "\\", 1);
    inline_put(b, s, 1);
  }
}

static void inline_render(inline_buffer *b, cmark_node *node) {
  for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_TEXT: case CMARK_NODE_CODE:
      if (cmark_node_get_literal(c)) inline_put_literal(b, cmark_node_get_literal(c));
      break;
    case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK: inline_puts(b, " "); break;
    case CMARK_NODE_STRONG: inline_puts(b, "**"); inline_render(b, c); inline_puts(b, "**"); break;
    case CMARK_NODE_EMPH: inline_puts(b, "*"); inline_render(b, c); inline_puts(b, "*"); break;
    case CMARK_NODE_LINK:
      inline_puts(b, "["); inline_render(b, c); inline_puts(b, "](");
      inline_puts(b, cmark_node_get_url(c) ? cmark_node_get_url(c) : ""); inline_puts(b, ")");
      break;
    case CMARK_NODE_PARAGRAPH: case CMARK_NODE_HEADING:
      if (b->len) inline_puts(b, " ");
      inline_render(b, c);
      break;
    default: break;   /* HTML comments, images: not shown on the kiosk */
    }
  }
}

char *inline_markdown(cmark_node *block) {
  inline_buffer b = { util_strdup(""), 0, 1 };
  inline_render(&b, block);
  /* Trim the spaces a dropped comment or break may leave at the ends. */
  size_t start = 0;
  while (b.data[start] == ' ') start++;
  while (b.len > start && b.data[b.len - 1] == ' ') b.data[--b.len] = 0;
  if (start) memmove(b.data, b.data + start, b.len - start + 1);
  return b.data;
}

typedef struct { inline_buffer text; text_span *spans; int count, cap; } inline_state;

/* Appends lit, wrapping each number group that holds a space, '-' or '+' between its
 * digits ("0800-0113", "020 123 4567", "+31 20") in LRI…PDI. Without the isolate such a
 * group after Arabic letters becomes Arabic numbers (UAX #9 W2) whose separators stay
 * neutral, and it displays back to front ("0113-0800"). Isolates are invisible when
 * shaped and harmless in LTR text. A group a translator already isolated is left alone. */
static void inline_put_isolating_numbers(inline_buffer *b, const char *lit, size_t n) {
  static const char lri[] = "\xE2\x81\xA6", fsi[] = "\xE2\x81\xA8", pdi[] = "\xE2\x81\xA9";
  size_t i = 0;
  while (i < n) {
    int digit = lit[i] >= '0' && lit[i] <= '9';
    int after_digit = i > 0 && lit[i - 1] >= '0' && lit[i - 1] <= '9';
    if (!digit || after_digit) { inline_put(b, lit + i, 1); i++; continue; }
    size_t start = i, end = i, mixed = 0;
    if (start > 0 && lit[start - 1] == '+') mixed = 1;   /* "+31 …": the + is already written */
    for (;;) {
      while (end < n && lit[end] >= '0' && lit[end] <= '9') end++;
      char sep = end + 1 < n ? lit[end] : 0;
      if ((sep == '-' || sep == ' ' || sep == '+' || sep == '.' || sep == '/') &&
          lit[end + 1] >= '0' && lit[end + 1] <= '9') {
        if (sep == '-' || sep == ' ' || sep == '+') mixed = 1;
        end++;
        continue;
      }
      break;
    }
    int isolated = (start >= 3 && (!memcmp(lit + start - 3, lri, 3) || !memcmp(lit + start - 3, fsi, 3))) ||
                   (start >= 4 && lit[start - 1] == '+' &&
                    (!memcmp(lit + start - 4, lri, 3) || !memcmp(lit + start - 4, fsi, 3)));
    if (mixed && !isolated) {
      if (start > 0 && lit[start - 1] == '+') {   /* move the written + inside the isolate */
        b->len--;
        inline_put(b, lri, 3);
        inline_put(b, "+", 1);
      } else {
        inline_put(b, lri, 3);
      }
      inline_put(b, lit + start, end - start);
      inline_put(b, pdi, 3);
    } else {
      inline_put(b, lit + start, end - start);
    }
    i = end;
  }
}

static void inline_add(inline_state *s, const char *lit, int style) {
  size_t n = strlen(lit);
  if (!n) return;
  int start = (int)s->text.len;
  inline_put_isolating_numbers(&s->text, lit, n);
  if (!style) return;
  if (s->count && s->spans[s->count - 1].end == start && s->spans[s->count - 1].style == style) {
    s->spans[s->count - 1].end = (int)s->text.len;
    return;
  }
  if (s->count == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 8;
    s->spans = util_realloc(s->spans, sizeof *s->spans * (size_t)s->cap);
  }
  s->spans[s->count++] = (text_span){ start, (int)s->text.len, style };
}

static void inline_walk(inline_state *s, cmark_node *node, int style) {
  for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_TEXT: case CMARK_NODE_CODE:
      if (cmark_node_get_literal(c)) inline_add(s, cmark_node_get_literal(c), style);
      break;
    case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK: inline_add(s, " ", style); break;
    case CMARK_NODE_STRONG: inline_walk(s, c, style | TEXT_STYLE_BOLD); break;
    case CMARK_NODE_EMPH: inline_walk(s, c, style | TEXT_STYLE_TERM); break;
    case CMARK_NODE_LINK: inline_walk(s, c, style | TEXT_STYLE_LINK); break;
    case CMARK_NODE_HTML_INLINE: case CMARK_NODE_HTML_BLOCK: case CMARK_NODE_IMAGE: break;
    default:
      if (cmark_node_first_child(c)) {   /* a block the string happened to form */
        if (s->text.len && s->text.data[s->text.len - 1] != ' ') inline_add(s, " ", 0);
        inline_walk(s, c, style);
      }
      break;
    }
  }
}

char *inline_parse(const char *markdown, text_span **spans, int *span_count) {
  inline_state s = { { util_strdup(""), 0, 1 }, NULL, 0, 0 };
  cmark_node *doc = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
  inline_walk(&s, doc, 0);
  cmark_node_free(doc);
  while (s.text.len && s.text.data[s.text.len - 1] == ' ') s.text.data[--s.text.len] = 0;
  for (int i = 0; i < s.count; i++)
    if (s.spans[i].end > (int)s.text.len) s.spans[i].end = (int)s.text.len;
  int kept = 0;
  for (int i = 0; i < s.count; i++)
    if (s.spans[i].start < s.spans[i].end) s.spans[kept++] = s.spans[i];
  *spans = kept ? s.spans : NULL;
  if (!kept) free(s.spans);
  *span_count = kept;
  return s.text.data;
}
