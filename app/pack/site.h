/* site.h — the content the kiosk shows, in memory, for one language: what app/ui reads.
 * Loaded from a verified pack by app/pack (site_load); the UI never touches SQLite.
 * All strings are UTF-8 and owned by the site (freed by site_free). */
#ifndef WEGWIJS_SITE_H
#define WEGWIJS_SITE_H
#include "text/text.h"   /* text_span */

typedef struct {
  char code[16];        /* "ar", "fa", "prs", "ti", "nl", ... */
  char name[96];        /* own name in own script: "العربية", "ትግርኛ" */
  int rtl;
  int reviewed;         /* a human reviewer signed the translation off */
  int has_audio;        /* read-aloud audio exists: own clips, or a voice and Dutch clips */
} site_language;

enum { SITE_PARAGRAPH, SITE_HEADING, SITE_BULLET, SITE_CALLOUT, SITE_NUMBERED };

typedef struct {
  int kind;             /* SITE_* */
  char *text;           /* translated, inline markup removed */
  text_span *spans;     /* bold / Dutch term / link spans in text */
  int span_count;
  char *text_nl;        /* the Dutch source of this block (for "Nederlands erbij") */
  text_span *spans_nl;
  int span_count_nl;
  int audio_id;         /* 0 = none; else an id for pack_audio(). Where the block shows
                           the Dutch fallback text, this is the Dutch clip. */
} site_block;

typedef struct {
  char id[64];          /* "brede-intake" */
  char *title;          /* translated title */
  char *title_nl;       /* Dutch title */
  char *term_nl;        /* the Dutch term residents meet in letters: "brede intake" */
  char *route_label;    /* short timeline label, translated (NULL if not on the route) */
  char pictogram[64];   /* pictogram name, see pack_pictogram() */
  int route_order;      /* 1.. on the route timeline; 0 = not on the route */
  int differs_per_gemeente;
  char checked[11];     /* YYYY-MM-DD last checked */
  char **related; int related_count;   /* page ids */
  site_block *blocks; int block_count;
  int audio_id;         /* a whole-page recording (title and blocks in one clip); 0 = none */
  int title_audio_id;   /* the title read aloud; 0 = none */
} site_page;

typedef struct {
  char *question, *answer;   /* translated; answer may hold several paragraphs split by \n\n */
  char *question_nl, *answer_nl;
  char related[64];          /* page id or "" */
  int number, paragraphs;    /* unit keys q<number>, a<number>.1 .. a<number>.<paragraphs> */
} site_faq;

typedef struct {
  char *term_nl;             /* Dutch term */
  char *explanation;         /* translated explanation */
  int number;                /* unit key g<number> */
} site_glossary;

typedef struct {
  char id[32];               /* "coa", "klantmanager", "huisarts", "113", "blikopwerk" */
  char *name, *how;          /* translated */
  char *phone;               /* as written, "113" or "0800-0113"; shown inside LRI..PDI */
  int local_override;        /* each azc's pack should fill this in */
} site_contact;

typedef struct {
  char code[32];             /* stable answer code stored in records: "1".."5", "ind", ... */
  char *label, *label_nl;    /* translated and Dutch */
  char pictogram[64];
  int audio_id;
} site_answer;

typedef struct {
  char id[32];               /* stable question id: "mood", "future", "waiting_for", ... */
  int multiple;              /* 1 = several answers may be chosen */
  char *text, *text_nl;
  char *example;             /* worked example shown first (may be NULL) */
  site_answer *answers; int answer_count;
  int audio_id;
} site_question;

/* The typical wait a page shows (app/pack/waits.h): one row of the pack's signed table,
 * for the pack's group of sites and the kind the page's front matter names. */
typedef struct {
  char page_id[64];
  char kind[16];             /* the waiting_for answer code: "house" */
  int n;                     /* answers behind it (>= k) */
  char median[8];            /* the waiting_time answer code of the median bucket: "3-6m" */
  int median_share;          /* percent of answers in that bucket */
  char weeks[24];            /* "2026-W40..2026-W47" */
} site_wait;

/* The navigator ("Where am I on this road?"): questions asked one per screen from the
 * first; each answer leads to another question (ask >= 0) or to a result: the stage the
 * resident is at (here) and the next one (next), both page ids. */
typedef struct {
  char code[32];             /* "yes", "waiting", "dontknow", "no", ... */
  char pictogram[64];
  char *label;               /* translated */
  int ask;                   /* index into site.nav_questions, or -1 for a result */
  char here[64], next[64];   /* page ids when ask < 0 */
  int audio_id;
} site_nav_answer;

typedef struct {
  char id[64];
  char pictogram[64];
  char *text;                /* translated question */
  site_nav_answer *answers; int answer_count;
  int audio_id;
} site_nav_question;

/* What the result screen lists for a stage, in order. */
enum { SITE_NAV_TODO, SITE_NAV_BRING, SITE_NAV_ASK, SITE_NAV_NEXT };
typedef struct {
  int section;               /* SITE_NAV_* */
  char stage[64];            /* page id of the stage */
  char *text;                /* translated item */
  char page[64];             /* the page it links to, or "" */
  char contact[64];          /* or the help contact, or "" */
} site_nav_item;

typedef struct site {
  site_language lang;        /* the language this site was loaded for */
  site_language *languages; int language_count;   /* all languages in the pack, in order */
  site_page *pages; int page_count;               /* route pages sorted by route_order first */
  site_faq *faq; int faq_count;
  site_glossary *glossary; int glossary_count;
  site_contact *contacts; int contact_count;
  char **ui_keys, **ui_values; int ui_count;      /* translated UI strings */
  struct site_clip *clips; int clip_count;        /* every unit's clip, for site_audio */
  int questionnaire_version;
  site_question *questions; int question_count;
  site_nav_question *nav_questions; int nav_question_count;   /* [0] is asked first */
  site_nav_item *nav_items; int nav_item_count;
  unsigned char researcher_pk[32];   /* crypto_box public key from the signed pack */
  int has_researcher_pk;
  char pack_name[64];
  int pack_version;
  site_wait *waits; int wait_count;   /* pages with a typical wait; none without a table */
} site;

typedef struct pack pack;   /* app/pack/pack.h */

/* Loads everything the UI shows in language lang (a code from the pack's languages)
 * from an opened, validated pack. Untranslated or outdated (fuzzy) blocks fall back to
 * the Dutch text; UI strings fall back to English, then Dutch. Returns a site the
 * caller frees with site_free, or NULL with err set (unknown language). The site does
 * not refer to the pack afterwards; the pack may be closed. */
site *site_load(pack *p, const char *lang, char *err, size_t errlen);

/* A UI string ("home", "back", "listen", ...) in the site's language, falling back to
 * English, then to the key itself. Never NULL. */
const char *site_ui_string(const site *s, const char *key);
/* The clip that reads text unit (ctx, key) aloud in the site's language: the unit keys
 * of the pack's strings and audio tables (app/pack/SCHEMA.md, "Read-aloud clips") —
 * ("faq", "q3") and ("faq", "a3.1"), ("glossary", "g7"), ("help", "coa.how"),
 * ("ui", "idle_body"), ("checkin", "mood.text"), a page's (ID, "title") and (ID, "b4"),
 * and whatever ctx later content brings (the navigator's questions and results).
 * Where the unit shows the Dutch text (missing or fuzzy translation) and the language
 * reads aloud, the Dutch clip. 0 = none (no clip, a language without audio, or a site
 * built in memory). O(log n): a bsearch over the clips read once by site_load. */
int site_audio(const site *s, const char *ctx, const char *key);
/* site_audio(s, "ui", key): the consent texts, the help heading, the idle warning. */
int site_ui_audio(const site *s, const char *key);
const site_page *site_find_page(const site *s, const char *id);
/* The typical wait to show on page id, or NULL: no table in the pack, no typical_wait
 * for the page, or no row for the pack's group and the page's kind. */
const site_wait *site_page_wait(const site *s, const char *page_id);
void site_free(site *s);
#endif
