/* search.h — offline full-text search over a verified content pack, in every script:
 * pages, glossary and FAQ, in the session language plus the Dutch text of everything.
 * Depends on app/pack, app/util and SQLite only (the layering allows search → pack,
 * text, util; ui → search); never SDL, never ui.
 *
 * The index is SQLite FTS5 in a private in-memory database, built by search_open from
 * the pack's verified strings (the pack holds no FTS5 tables: see app/pack/SCHEMA.md,
 * "Search"). Text goes through one normaliser at index time and at query time
 * (search_normalise, used inside the FTS5 tokenizer "wegwijs"):
 *   - Arabic script: harakat (U+064B-U+065F, U+0670), Quranic marks and tatweel
 *     removed; أ إ آ ٱ → ا; ة ۀ ہ ھ → ه; ى ی ې ۍ → ي; ك ڪ → ک; Arabic-Indic digits
 *     → ASCII; ZWNJ, ZWJ, bidi marks and apostrophes ignored (joined);
 *   - Ge'ez: the homophone series ሐ ኀ → ሀ, ሠ → ሰ, ዐ → አ, ፀ → ጸ (same order);
 *   - then SQLite's unicode61 tokenizer: Unicode case folding, and in the "fold"
 *     index also Latin diacritics (remove_diacritics 2) plus ı/İ → i.
 * Matching is by prefix (every query word is a prefix), so a stem finds inflections
 * and a Dutch compound's first part finds the compound. Two more rules: Arabic
 * article forms (ال وال بال فال کال لل) are indexed with and without the article,
 * and a Cyrillic query word of 5+ letters loses its final vowel/soft sign (житло →
 * житл*, finding Житла). Hits that also match with diacritics intact (the "exact"
 * index) rank first, then by bm25 with titles weighted 10 to 1 over bodies.
 * Nothing a resident types is logged or kept here. */
#ifndef WEGWIJS_SEARCH_H
#define WEGWIJS_SEARCH_H
#include <stddef.h>     /* size_t */

typedef struct pack pack;   /* app/pack/pack.h */
typedef struct search_index search_index;

enum {
  SEARCH_MAX_QUERY = 256,     /* bytes of a query; longer queries are cut at a character */
  SEARCH_MAX_TITLE = 256,     /* bytes of a hit's title / Dutch term, NUL included */
  SEARCH_MAX_SNIPPET = 400,   /* bytes of a hit's snippet, NUL included */
  SEARCH_MAX_MARKS = 4,       /* highlighted ranges in a snippet */
  SEARCH_MAX_ID = 64          /* page id, glossary term key, faq number */
};

typedef enum { SEARCH_PAGE, SEARCH_GLOSSARY, SEARCH_FAQ } search_kind;

typedef struct {
  search_kind kind;
  char id[SEARCH_MAX_ID];          /* page id ("brede-intake"); glossary: the Dutch term
                                      ("beschikking"); faq: its position ("3") */
  int position;                    /* glossary/faq position in the pack (site order); pages 0 */
  char title[SEARCH_MAX_TITLE];    /* in the session language (glossary: the Dutch term) */
  char term_nl[SEARCH_MAX_TITLE];  /* the Dutch term or title, to show beside the title */
  char snippet[SEARCH_MAX_SNIPPET];/* plain text around the match, "…" where cut */
  int mark_start[SEARCH_MAX_MARKS], mark_end[SEARCH_MAX_MARKS];  /* byte ranges in snippet */
  int mark_count;
  int via_dutch;                   /* matched through the Dutch text, not the session language */
  int exact;                       /* matched with diacritics as typed */
} search_hit;

/* Reads what is searchable in every language of the verified pack p into a private
 * in-memory database (the pack may be closed afterwards; nothing refers to it).
 * Returns NULL with one sentence in err on failure. The FTS5 tables of a language are
 * built on its first use (search_prepare or search_query). */
search_index *search_open(pack *p, char *err, size_t errlen);
void search_close(search_index *s);

/* Builds the FTS5 tables of lang and of Dutch unless they exist (~30-60 ms a language
 * on the demo pack), so the first query of a session answers within a frame: call it
 * when the session language is chosen or the search screen opens. 0, or -1 when lang
 * is not in the pack or building fails. */
int search_prepare(search_index *s, const char *lang);

/* Ranked hits for query (UTF-8, any script) in a session in language lang (a pack
 * language code; "nl" searches Dutch only, any other also the Dutch text). Writes at
 * most max hits into the caller's array, best first, one per page/glossary/faq entry.
 * Returns the number written (0 = nothing found or a query without letters/digits),
 * or -1 when lang is not in the pack or the index fails. Calls search_prepare first.
 * Allocates only inside SQLite; no query text is kept between calls. */
int search_query(search_index *s, const char *lang, const char *query, search_hit *hits, int max);

/* Entries indexed in lang and the bytes of its FTS5 index data (both indexes, the
 * text itself not counted). 0, or -1 when lang is not in the index. For benchmarks. */
int search_language_stats(search_index *s, const char *lang, long long *rows, long long *index_bytes);

/* The normaliser that both index and query use, before case folding: writes the
 * normalised form of in (len bytes of UTF-8) into out (NUL-terminated, cut at a
 * character when outsize is short). fold also maps ı and İ to i. Returns the bytes
 * written without the NUL. Invalid UTF-8 bytes are passed through as U+FFFD. */
size_t search_normalise(const char *in, size_t len, char *out, size_t outsize, int fold);
#endif
