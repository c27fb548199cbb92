/* inline.h — the inline markup of translation units: CommonMark inlines (cmark) to
 * canonical Markdown msgids, and Markdown msgstrs to plain text + text_span styles. */
#ifndef WEGWIJS_PACK_INLINE_H
#define WEGWIJS_PACK_INLINE_H
#include <cmark.h>
#include "text/text.h"   /* text_span, TEXT_STYLE_* */

/* The children of a cmark block node as canonical inline Markdown (`**bold**`,
 * `*term*`, `[text](target)`; soft breaks become spaces; HTML comments dropped).
 * Returns a malloc'd string. */
char *inline_markdown(cmark_node *block);

/* Parses inline Markdown into plain text and spans (bold → TEXT_STYLE_BOLD, emphasis →
 * TEXT_STYLE_TERM, link → TEXT_STYLE_LINK). Returns malloc'd text; *spans is malloc'd
 * (NULL when none). Block-level syntax in the string is flattened. */
char *inline_parse(const char *markdown, text_span **spans, int *span_count);
#endif
