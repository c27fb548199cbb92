/* checker.h — `wegwijs-pack check` and `info`: zimcheck-like validation of a pack or a
 * content tree (translation state, links, glyphs the fonts lack, overflow at the
 * kiosk's screen sizes with the real text engine, bidi balance, sizes, metadata). */
#ifndef WEGWIJS_PACK_CHECKER_H
#define WEGWIJS_PACK_CHECKER_H

/* path: a .wwpack file or a content folder. Prints the report (text or JSON) on
 * stdout. Returns 1 when there are errors (or path cannot be read), 0 with only warnings. */
int checker_main(const char *path, int json, const char *assets_dir, const char *fonts_dir);

/* Metadata and per-language counts of a pack (JSON: integers as numbers). Returns 0,
 * or 1 when the pack cannot be opened. */
int checker_info(const char *path, int json);
#endif
