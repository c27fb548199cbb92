/* narration.h — the pack's read-aloud audio: which translation units are voiced (page
 * titles and blocks, check-in texts and answers), recordings from CONTENT/audio/ that
 * take precedence, speech generated for the rest (speech.h), and the per-language
 * coverage table `wegwijs-pack check` prints.
 *
 * Recordings (Ogg Opus):  audio/LANG/PAGE-ID.opus    the whole page (title + blocks)
 *                         audio/LANG/CTX/KEY.opus    one unit: audio/ar/brede-intake/b3.opus,
 *                                                    audio/ti/checkin/mood.text.opus,
 *                                                    audio/ti/faq/a3.1.opus, audio/so/ui/idle_body.opus
 * A whole-page recording replaces that page's generated audio in that language. Audio
 * rows are (lang, ctx, key) like strings; "page" is the whole-page key. */
#ifndef WEGWIJS_PACK_NARRATION_H
#define WEGWIJS_PACK_NARRATION_H
#include <sqlite3.h>
#include <stdio.h>    /* FILE */
#include "build.h"
#include "content.h"
#include "report.h"

/* 1 if the unit (ctx, key) is read aloud; page_id_ctx says ctx is a page id. Voiced:
 * page titles and blocks; check-in texts and answers; FAQ questions and answers
 * ("faq"); glossary explanations ("glossary", g1, g2, …); help contacts ("help");
 * the navigator's questions and answers ("navigator", question.ID, answer.ID.CODE);
 * ui strings: checkin_*, idle_title, idle_body, idle_restart, help_title, help_local. */
int narration_voiced(const char *ctx, const char *key, int page_id_ctx);

/* Index of the page called id in c->pages, or -1. */
int narration_page_index(const content *c, const char *id);

/* Stores recordings and generated speech into db's audio table (strings already
 * written). Problems go into r; returns 0, or -1 when the pack must not be built. */
int narration_build(sqlite3 *db, const content *c, const build_options *options, report *r);

/* Per-language coverage of a built pack: prints the table on out (NULL = none) and adds
 * a warning to r for each language whose listen button will be hidden. */
void narration_coverage(sqlite3 *db, report *r, FILE *out);
#endif
