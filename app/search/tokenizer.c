/* tokenizer.c — the one normaliser of search text (search_normalise) and the FTS5
 * tokenizer "wegwijs" that applies it before SQLite's own unicode61 tokenizer, mapping
 * token offsets back to the original text so snippets show what the pack says. */
#include "search/search_internal.h"
#include "util/util.h"
#include <string.h>     /* memcpy, strcmp */

/* ---------------------------------------------------------------- UTF-8 */

/* Decodes one character at s[0..len); sets *n to its byte length (1 for a bad byte,
 * which decodes as U+FFFD). */
static unsigned search_utf8_decode(const unsigned char *s, size_t len, size_t *n) {
  unsigned c = s[0];
  size_t need = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : (c & 0xF0) == 0xE0 ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
  *n = 1;
  if (need == 0) return c;
  if (need == 9 || need >= len) return 0xFFFD;
  unsigned cp = c & (0x3F >> need);
  for (size_t k = 1; k <= need; k++) {
    if ((s[k] & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (s[k] & 0x3F);
  }
  static const unsigned min[] = { 0, 0x80, 0x800, 0x10000 };
  if (cp < min[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  *n = need + 1;
  return cp;
}

size_t search_utf8_encode(unsigned cp, char out[4]) {
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) { out[0] = (char)(0xC0 | cp >> 6); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | cp >> 12); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | cp >> 18); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

unsigned search_utf8_next(const char *s, size_t len, size_t *n) {
  return search_utf8_decode((const unsigned char *)s, len, n);
}

/* ---------------------------------------------------------------- normalising */

/* The replacement of one character, or 0 to drop it. Applied before case folding. */
static unsigned search_map(unsigned c, int fold) {
  if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 ||   /* harakat, tatweel */
      (c >= 0x06D6 && c <= 0x06ED && c != 0x06E5 && c != 0x06E6) ||    /* Quranic marks */
      c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F || c == 0x061C ||
      c == 0x00AD || c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x02BB)
    return 0;
  switch (c) {
  case 0x0623: case 0x0625: case 0x0622: case 0x0671: case 0x0672: case 0x0673: return 0x0627;  /* ا */
  case 0x0629: case 0x06C0: case 0x06C1: case 0x06BE: return 0x0647;                            /* ه */
  case 0x0649: case 0x06CC: case 0x06D0: case 0x06CD: return 0x064A;                            /* ي */
  case 0x0643: case 0x06AA: return 0x06A9;                                                      /* ک */
  case 0x0131: case 0x0130: return fold ? 'i' : c;
  }
  if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
  /* Ge'ez homophones, order kept: ሐ/ኀ series → ሀ, ሠ → ሰ, ዐ → አ, ፀ → ጸ. */
  if (c >= 0x1210 && c <= 0x1217) return 0x1200 + (c - 0x1210);
  if (c >= 0x1280 && c <= 0x1286) return 0x1200 + (c - 0x1280);
  if (c >= 0x1220 && c <= 0x1227) return 0x1230 + (c - 0x1220);
  if (c >= 0x12D0 && c <= 0x12D6) return 0x12A0 + (c - 0x12D0);
  if (c >= 0x1340 && c <= 0x1346) return 0x1338 + (c - 0x1340);
  return c;
}

/* Normalises in[0..len) into out, recording for each output byte the input range of
 * the character it came from (when from/to are not NULL; they hold outsize entries). */
static size_t search_normalise_map(const char *in, size_t len, char *out, size_t outsize, int fold,
                                   int *from, int *to) {
  size_t at = 0, i = 0;
  if (!outsize) return 0;
  while (i < len) {
    size_t n;
    unsigned c = search_map(search_utf8_next(in + i, len - i, &n), fold);
    if (c) {
      char enc[4];
      size_t m = search_utf8_encode(c, enc);
      if (at + m >= outsize) break;
      for (size_t k = 0; k < m; k++) {
        out[at + k] = enc[k];
        if (from) { from[at + k] = (int)i; to[at + k] = (int)(i + n); }
      }
      at += m;
    }
    i += n;
  }
  out[at] = 0;
  return at;
}

size_t search_normalise(const char *in, size_t len, char *out, size_t outsize, int fold) {
  return search_normalise_map(in, len, out, outsize, fold, NULL, NULL);
}

/* ---------------------------------------------------------------- light stemming */

/* The article forms stripped from Arabic-script words (after normalising: ک for ك). */
static const char *const search_articles[] = { "وال", "بال", "فال", "کال", "لل", "ال" };

/* Bytes of the article that starts token (0 = none); the rest must keep 2+ characters
 * (Arabic or not: "الـPIP" is indexed as "pip" too, the tatweel being dropped). */
static int search_article_length(const char *token, int n) {
  for (size_t a = 0; a < UTIL_COUNT(search_articles); a++) {
    int k = (int)strlen(search_articles[a]), rest = 0;
    if (n <= k || memcmp(token, search_articles[a], (size_t)k)) continue;
    for (int i = k; i < n; i++) rest += ((unsigned char)token[i] & 0xC0) != 0x80;
    if (rest >= 2) return k;
  }
  return 0;
}

/* For a Cyrillic query word of 5+ letters ending in a vowel or soft sign: the bytes
 * without that last letter (житло → житл); else n. */
static int search_cyrillic_stem(const char *token, int n) {
  static const unsigned endings[] = { 0x0430, 0x0435, 0x0438, 0x0456, 0x043E, 0x0443, 0x044F,
                                      0x044E, 0x0454, 0x0457, 0x0439, 0x044C, 0x0438 };
  int letters = 0, last = 0;
  unsigned c = 0;
  for (int i = 0; i < n;) {
    size_t len;
    c = search_utf8_next(token + i, (size_t)(n - i), &len);
    if (c < 0x0400 || c > 0x04FF) return n;
    last = i;
    i += (int)len;
    letters++;
  }
  if (letters < 5) return n;
  for (size_t e = 0; e < UTIL_COUNT(endings); e++)
    if (c == endings[e]) return last;
  return n;
}

/* ---------------------------------------------------------------- FTS5 tokenizer */

typedef struct {
  fts5_tokenizer inner_api;
  Fts5Tokenizer *inner;       /* unicode61 */
  int fold;
} search_tokenizer;

typedef struct {
  void *ctx;
  int (*emit)(void *, int, const char *, int, int, int);
  const int *from, *to;
  int query;                   /* FTS5_TOKENIZE_QUERY: stem the word instead of adding forms */
} search_token_pass;

static int search_token_cb(void *pass_ptr, int flags, const char *token, int n, int start, int end) {
  search_token_pass *p = pass_ptr;
  if (n <= 0 || end <= start) return SQLITE_OK;
  int from = p->from[start], to = p->to[end - 1];
  int article = search_article_length(token, n);
  if (p->query) {
    if (article) return p->emit(p->ctx, flags, token + article, n - article, from, to);
    return p->emit(p->ctx, flags, token, search_cyrillic_stem(token, n), from, to);
  }
  int rc = p->emit(p->ctx, flags, token, n, from, to);
  if (rc == SQLITE_OK && article)
    rc = p->emit(p->ctx, FTS5_TOKEN_COLOCATED, token + article, n - article, from, to);
  return rc;
}

static int search_tokenize(Fts5Tokenizer *tok_ptr, void *ctx, int flags, const char *text, int len,
                           int (*emit)(void *, int, const char *, int, int, int)) {
  search_tokenizer *t = (search_tokenizer *)tok_ptr;
  if (len <= 0) return SQLITE_OK;
  size_t cap = (size_t)len * 2 + 8;   /* a mapped character never grows by more than 2x */
  char *norm = sqlite3_malloc64(cap);
  int *from = sqlite3_malloc64(cap * sizeof(int)), *to = sqlite3_malloc64(cap * sizeof(int));
  int rc = SQLITE_NOMEM;
  if (norm && from && to) {
    size_t n = search_normalise_map(text, (size_t)len, norm, cap, t->fold, from, to);
    search_token_pass pass = { ctx, emit, from, to, (flags & FTS5_TOKENIZE_QUERY) != 0 };
    rc = t->inner_api.xTokenize(t->inner, &pass, flags, norm, (int)n, search_token_cb);
  }
  sqlite3_free(norm);
  sqlite3_free(from);
  sqlite3_free(to);
  return rc;
}

/* Arguments: "fold" (Latin diacritics folded) or "exact". */
static int search_tokenizer_create(void *api_ptr, const char **argv, int argc, Fts5Tokenizer **out) {
  fts5_api *api = api_ptr;
  void *inner_data = NULL;
  search_tokenizer *t = sqlite3_malloc(sizeof *t);
  if (!t) return SQLITE_NOMEM;
  memset(t, 0, sizeof *t);
  t->fold = argc > 0 && !strcmp(argv[0], "fold");
  const char *inner_args[] = { "remove_diacritics", t->fold ? "2" : "0" };
  int rc = api->xFindTokenizer(api, "unicode61", &inner_data, &t->inner_api);
  if (rc == SQLITE_OK) rc = t->inner_api.xCreate(inner_data, inner_args, 2, &t->inner);
  if (rc != SQLITE_OK) { sqlite3_free(t); return rc; }
  *out = (Fts5Tokenizer *)t;
  return SQLITE_OK;
}

static void search_tokenizer_delete(Fts5Tokenizer *tok_ptr) {
  search_tokenizer *t = (search_tokenizer *)tok_ptr;
  if (!t) return;
  t->inner_api.xDelete(t->inner);
  sqlite3_free(t);
}

fts5_api *search_tokenizer_register(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (!api) return NULL;
  static fts5_tokenizer methods = { search_tokenizer_create, search_tokenizer_delete, search_tokenize };
  return api->xCreateTokenizer(api, "wegwijs", api, &methods, NULL) == SQLITE_OK ? api : NULL;
}

typedef struct { int *starts, *ends, count, max; } search_word_list;

static int search_word_cb(void *list_ptr, int flags, const char *token, int n, int start, int end) {
  search_word_list *w = list_ptr;
  (void)token; (void)n;
  if ((flags & FTS5_TOKEN_COLOCATED) || w->count >= w->max) return SQLITE_OK;
  w->starts[w->count] = start;
  w->ends[w->count++] = end;
  return SQLITE_OK;
}

Fts5Tokenizer *search_splitter_new(fts5_api *api) {
  const char *args[] = { "fold" };
  Fts5Tokenizer *tok = NULL;
  return search_tokenizer_create(api, args, 1, &tok) == SQLITE_OK ? tok : NULL;
}

void search_splitter_free(Fts5Tokenizer *splitter) {
  search_tokenizer_delete(splitter);
}

int search_words(Fts5Tokenizer *splitter, const char *text, int len, int *starts, int *ends, int max) {
  search_word_list list = { starts, ends, 0, max };
  int rc = search_tokenize(splitter, &list, FTS5_TOKENIZE_DOCUMENT, text, len, search_word_cb);
  return rc == SQLITE_OK ? list.count : -1;
}
