/* voice.h — recordings by people: what a volunteer reads aloud in one language (the
 * voiced units of narration.h, grouped page by page in reading order, with their text
 * in that language and the file name to save each take under), the printable script
 * (`voice-script`) and the import of what they bring back (`voice-import`).
 *
 * Take names (any audio extension; see voice_import_main):
 *   brede-intake.m4a         one take for the whole group: title, b1, b2, … with a pause
 *                            of about a second between units
 *   brede-intake_b3.wav      one unit (the first '_' separates group and unit: group ids
 *   ui_idle_body.flac        never hold '_'); brede-intake/b3.wav works too
 * Groups are the pages (content order), then checkin, faq, glossary, help, ui. */
#ifndef WEGWIJS_PACK_VOICE_H
#define WEGWIJS_PACK_VOICE_H
#include "content.h"
#include "report.h"

typedef struct {
  const content_unit *unit;
  char *text;                   /* plain text in the language (malloc'd) */
  int recorded;                 /* audio/LANG/CTX/KEY.opus exists */
} voice_unit;

typedef struct {
  char id[64];                  /* page id or "checkin", "faq", … */
  int page;                     /* index into content pages, or -1 */
  int whole_recorded;           /* audio/LANG/PAGE.opus exists (it wins over the units) */
  voice_unit *units; int count;
} voice_group;

typedef struct {
  const content *c;
  const content_language *lang;
  voice_group *groups; int count;
  int untranslated;             /* voiced units left out: no reviewed-or-not translation yet */
} voice_plan;

/* The voiced units of c in language code whose text is in that language (translated,
 * not fuzzy; Dutch for nl). 0, or -1 with err set (unknown language, unreadable PO). */
int voice_plan_load(voice_plan *p, const content *c, const char *code, char *err, size_t errlen);
void voice_plan_free(voice_plan *p);

/* The take name without extension: "brede-intake" (group) or "brede-intake_b3". */
void voice_take_name(const voice_group *g, const voice_unit *u, char *out, size_t n);
/* Where a recording goes, relative to the content folder: "audio/ti/brede-intake.opus"
 * (u NULL: the whole page) or "audio/ti/brede-intake/b3.opus". */
void voice_target(const voice_plan *p, const voice_group *g, const voice_unit *u, char *out, size_t n);

/* `wegwijs-pack voice-script` and `voice-import`: argv[0] is the command name. Exit
 * codes 0 / 1 refused or failed / 2 usage. */
int voice_script_main(int argc, char **argv);
int voice_import_main(int argc, char **argv);
#endif
