/* search_internal.h — what the files of app/search share and nobody else uses. */
#ifndef WEGWIJS_SEARCH_INTERNAL_H
#define WEGWIJS_SEARCH_INTERNAL_H
#include "search/search.h"
#include <sqlite3.h>

/* UTF-8: the character at s[0..len) (*n = its bytes; a bad byte is U+FFFD, *n = 1),
 * and the encoding of cp into out (returns 1-4). */
unsigned search_utf8_next(const char *s, size_t len, size_t *n);
size_t search_utf8_encode(unsigned cp, char out[4]);

/* Registers the FTS5 tokenizer "wegwijs" (argument "fold" or "exact") on db.
 * Returns the connection's fts5_api, or NULL when FTS5 is missing. */
fts5_api *search_tokenizer_register(sqlite3 *db);

/* A "wegwijs fold" tokenizer instance for splitting queries (NULL on failure), and
 * its release. */
Fts5Tokenizer *search_splitter_new(fts5_api *api);
void search_splitter_free(Fts5Tokenizer *splitter);
/* The words of text as the index splits them: byte ranges [starts[i], ends[i]) in
 * text, at most max. Returns the count, or -1 on failure. */
int search_words(Fts5Tokenizer *splitter, const char *text, int len, int *starts, int *ends, int max);
#endif
