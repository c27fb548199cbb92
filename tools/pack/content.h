/* content.h — reads a content tree (content/FORMAT.md) into the structure and the
 * translation units a pack is built from. Problems in the files go into a report
 * with file and line; only unreadable essentials (no pack.meta) fail outright. */
#ifndef WEGWIJS_PACK_CONTENT_H
#define WEGWIJS_PACK_CONTENT_H
#include <stddef.h>   /* size_t */
#include "report.h"

/* One translation unit: msgctxt + Dutch msgid, stored under (ctx, key) in the pack. */
typedef struct {
  char ctx[64];        /* page id, "faq", "glossary", "help", "ui", "checkin", "navigator" */
  char key[96];        /* "title", "route_label", "b3", "q2", "a2.1", "mood.text", ... */
  char *msgid;         /* Dutch inline Markdown */
  char source[300];    /* "pages/11-brede-intake.md:14" (relative to the content folder) */
} content_unit;

typedef struct { int seq, kind; } content_block;   /* kind: SITE_* */

typedef struct {
  char id[64], term[200], pictogram[64], checked[11], related[512], source[300];
  int route, differs;
  int typical_wait;     /* front matter `typical_wait: house`: a waits.h kind, -1 = none */
  content_block *blocks; int block_count;
} content_page;

typedef struct { char code[16], name[96], fonts[200], voice[64]; int rtl; } content_language;
typedef struct { int paragraphs; char related[64]; } content_faq;
typedef struct { char term[200]; } content_term;
typedef struct { char id[32], phone[40]; int local; } content_contact;
typedef struct { char code[32], pictogram[64]; } content_answer;
typedef struct {
  char id[32];
  int multiple;
  content_answer *answers; int answer_count;
} content_question;

/* The navigator (navigator.md): questions whose answers lead to another question
 * (ask) or to a result (here, next: page ids); and per-stage items. */
typedef struct { char code[32], pictogram[64], ask[64], here[64], next[64]; int line; } content_nav_answer;
typedef struct {
  char id[64], pictogram[64];
  int line;
  content_nav_answer *answers; int answer_count;
} content_nav_question;
typedef struct { char section[16], stage[64], page[64], contact[64]; int seq; } content_nav_item;

typedef struct {
  char dir[1024];
  char name[64], valid_until[32], min_app[32], researcher_pk[65];
  int version;
  content_language *languages; int language_count;
  content_page *pages; int page_count;
  content_faq *faq; int faq_count;
  content_term *glossary; int glossary_count;
  content_contact *contacts; int contact_count;
  content_question *questions; int question_count;
  int questionnaire_version;
  content_nav_question *nav_questions; int nav_question_count;
  content_nav_item *nav_items; int nav_item_count;
  content_unit *units; int unit_count;
} content;

/* Reads dir. Returns 0 (problems, if any, added to r), or -1 with err set when the
 * tree cannot be read at all. Free with content_free either way. */
int content_load(content *c, const char *dir, report *r, char *err, size_t errlen);
void content_free(content *c);
/* The unit for (ctx, key), or NULL. */
const content_unit *content_find_unit(const content *c, const char *ctx, const char *key);
#endif
