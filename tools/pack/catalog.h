/* catalog.h — gettext PO files through libgettextpo: reading a language's translations
 * (with fuzzy state and the X-Wegwijs-Reviewed-By header), writing the template, and
 * merging it into the PO files with the gettext `msgmerge` tool. */
#ifndef WEGWIJS_PACK_CATALOG_H
#define WEGWIJS_PACK_CATALOG_H
#include <stddef.h>   /* size_t */
#include "content.h"
#include "report.h"

typedef struct catalog catalog;

/* Reads path (rel is its name in messages, e.g. "po/ti.po"). Returns NULL when the
 * file does not exist; syntax problems go into r (and give NULL). */
catalog *catalog_load(const char *path, const char *rel, const char *lang, report *r);
void catalog_free(catalog *cat);

/* The msgstr for (msgctxt, msgid): NULL when absent or empty. *fuzzy is set to 1 when
 * the entry is marked fuzzy (its translation belongs to an older Dutch text). */
const char *catalog_lookup(const catalog *cat, const char *ctx, const char *msgid, int *fuzzy);
/* The PO line of the entry (0 when unknown). */
int catalog_line(const catalog *cat, const char *ctx, const char *msgid);
/* Header fields; "" when absent. */
const char *catalog_reviewed_by(const catalog *cat);
const char *catalog_reviewed_date(const catalog *cat);

/* Writes the template (every unit once per msgctxt+msgid, with #: references).
 * 0 or -1 with err set. */
int catalog_write_template(const content *c, const char *path, char *err, size_t errlen);
/* msgmerge --update --previous po pot (a changed msgid becomes fuzzy). Creates po from
 * the template when it does not exist. 0 or -1 with err set. */
int catalog_merge(const char *po, const char *pot, const char *lang, char *err, size_t errlen);
#endif
