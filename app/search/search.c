/* search.c — builds the in-memory FTS5 index of a verified pack and answers queries
 * (see search.h). One pair of FTS5 tables per language over a shared `items` table:
 * fold_N (Latin diacritics folded) finds, exact_N (diacritics kept) ranks first. */
#include "search/search_internal.h"
#include "pack/pack.h"
#include "util/util.h"
#include <stdio.h>      /* snprintf */
#include <stdlib.h>     /* qsort */
#include <string.h>     /* strcmp, memcpy */

enum {
  SEARCH_MAX_LANGS = 64,       /* the pack allows 64 languages */
  SEARCH_MAX_WORDS = 16,       /* words of a query that count */
  SEARCH_CANDIDATES = 32       /* rows read per language and index before ranking */
};

struct search_index {
  sqlite3 *db;                 /* private :memory: database */
  fts5_api *api;
  Fts5Tokenizer *splitter;     /* splits queries into words like the index does */
  int lang_count;
  char langs[SEARCH_MAX_LANGS][16];
  int indexed[SEARCH_MAX_LANGS];   /* the language's FTS5 tables exist (built on first use) */
  sqlite3_stmt *fold[SEARCH_MAX_LANGS], *exact[SEARCH_MAX_LANGS], *snippet[SEARCH_MAX_LANGS];
  sqlite3_stmt *item, *title;
};

/* ---------------------------------------------------------------- building */

static const char search_schema[] =
  "CREATE TABLE items(id INTEGER PRIMARY KEY, lang INTEGER NOT NULL, kind INTEGER NOT NULL, "
  "ref TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL, term TEXT NOT NULL, "
  "body TEXT NOT NULL, term_nl TEXT NOT NULL);"
  "CREATE INDEX items_key ON items(lang, kind, ref);";

typedef struct {
  search_index *s;
  sqlite3 *pack_db;
  sqlite3_stmt *string, *insert;
} search_builder;

/* The text of strings(lang, ctx, key) appended to *buf (with a newline when not
 * empty); 1 if found. */
static int search_append_string(search_builder *b, const char *lang, const char *ctx, const char *key,
                                char **buf, size_t *len) {
  sqlite3_reset(b->string);
  sqlite3_bind_text(b->string, 1, lang, -1, SQLITE_STATIC);
  sqlite3_bind_text(b->string, 2, ctx, -1, SQLITE_STATIC);
  sqlite3_bind_text(b->string, 3, key, -1, SQLITE_STATIC);
  if (sqlite3_step(b->string) != SQLITE_ROW) return 0;
  const char *t = (const char *)sqlite3_column_text(b->string, 0);
  size_t n = (size_t)sqlite3_column_bytes(b->string, 0);
  *buf = util_realloc(*buf, *len + n + 2);
  if (*len) (*buf)[(*len)++] = '\n';
  memcpy(*buf + *len, t, n);
  *len += n;
  (*buf)[*len] = 0;
  return 1;
}

static int search_insert(search_builder *b, int lang, int kind, const char *ref, int position,
                         const char *title, const char *term, const char *body, const char *term_nl) {
  sqlite3_stmt *st = b->insert;
  sqlite3_reset(st);
  sqlite3_bind_int(st, 1, lang);
  sqlite3_bind_int(st, 2, kind);
  sqlite3_bind_text(st, 3, ref, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 4, position);
  sqlite3_bind_text(st, 5, title ? title : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, term ? term : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, body ? body : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 8, term_nl ? term_nl : "", -1, SQLITE_STATIC);
  return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

/* One row per page in language l: title, the Dutch term (Dutch rows only), blocks and
 * the route label as body. */
static int search_add_pages(search_builder *b, int l) {
  const char *lang = b->s->langs[l];
  sqlite3_stmt *pages = NULL, *blocks = NULL;
  int rc = -1;
  sqlite3_prepare_v2(b->pack_db, "SELECT id, term_nl FROM pages ORDER BY position", -1, &pages, NULL);
  sqlite3_prepare_v2(b->pack_db, "SELECT seq FROM blocks WHERE page_id = ?1 ORDER BY seq", -1, &blocks, NULL);
  if (!pages || !blocks) goto done;
  while (sqlite3_step(pages) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(pages, 0), *term = (const char *)sqlite3_column_text(pages, 1);
    char *title = NULL, *body = NULL, key[32];
    size_t title_len = 0, body_len = 0;
    search_append_string(b, lang, id, "title", &title, &title_len);
    search_append_string(b, lang, id, "route_label", &body, &body_len);
    sqlite3_reset(blocks);
    sqlite3_bind_text(blocks, 1, id, -1, SQLITE_STATIC);
    while (sqlite3_step(blocks) == SQLITE_ROW) {
      snprintf(key, sizeof key, "b%d", sqlite3_column_int(blocks, 0));
      search_append_string(b, lang, id, key, &body, &body_len);
    }
    int bad = title && search_insert(b, l, SEARCH_PAGE, id, 0, title, strcmp(lang, "nl") ? "" : term, body, term);
    free(title);
    free(body);
    if (bad) goto done;
  }
  rc = 0;
done:
  sqlite3_finalize(pages);
  sqlite3_finalize(blocks);
  return rc;
}

/* Glossary entries (title: the Dutch term; body: the explanation) and FAQ entries
 * (title: the question; body: the answer paragraphs) in language l. */
static int search_add_glossary_faq(search_builder *b, int l) {
  const char *lang = b->s->langs[l];
  sqlite3_stmt *st = NULL;
  char key[32], ref[32];
  int rc = -1;
  sqlite3_prepare_v2(b->pack_db, "SELECT position, term_nl FROM glossary ORDER BY position", -1, &st, NULL);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    int n = sqlite3_column_int(st, 0);
    const char *term = (const char *)sqlite3_column_text(st, 1);
    char *body = NULL;
    size_t len = 0;
    snprintf(key, sizeof key, "g%d", n);
    search_append_string(b, lang, "glossary", key, &body, &len);
    int bad = search_insert(b, l, SEARCH_GLOSSARY, term, n, term, "", body, term);
    free(body);
    if (bad) goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  sqlite3_prepare_v2(b->pack_db, "SELECT position, answer_paragraphs FROM faq ORDER BY position", -1, &st, NULL);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    int n = sqlite3_column_int(st, 0), count = sqlite3_column_int(st, 1);
    char *question = NULL, *question_nl = NULL, *body = NULL;
    size_t qlen = 0, nlen = 0, blen = 0;
    snprintf(key, sizeof key, "q%d", n);
    search_append_string(b, lang, "faq", key, &question, &qlen);
    search_append_string(b, "nl", "faq", key, &question_nl, &nlen);
    for (int k = 1; k <= count; k++) {
      snprintf(key, sizeof key, "a%d.%d", n, k);
      search_append_string(b, lang, "faq", key, &body, &blen);
    }
    snprintf(ref, sizeof ref, "%d", n);
    int bad = question && search_insert(b, l, SEARCH_FAQ, ref, n, question, "", body, question_nl);
    free(question);
    free(question_nl);
    free(body);
    if (bad) goto done;
  }
  rc = st ? 0 : -1;
done:
  sqlite3_finalize(st);
  return rc;
}

/* The two FTS5 tables of language l, filled from its items rows. */
static int search_index_language(search_index *s, int l) {
  char sql[512];
  static const char *const modes[] = { "fold", "exact" };
  for (int m = 0; m < 2; m++) {
    snprintf(sql, sizeof sql,
             "CREATE VIRTUAL TABLE %s_%d USING fts5(title, term, body, content='items', content_rowid='id', prefix='1 2 3', "
             "tokenize='wegwijs %s');"
             "INSERT INTO %s_%d(rowid, title, term, body) SELECT id, title, term, body FROM items WHERE lang = %d;",
             modes[m], l, modes[m], modes[m], l, l);
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) return -1;
    if (m == 0)
      snprintf(sql, sizeof sql, "SELECT fold_%d.rowid, bm25(fold_%d, 10.0, 10.0, 1.0), items.kind "
               "FROM fold_%d JOIN items ON items.id = fold_%d.rowid WHERE fold_%d MATCH ?1 ORDER BY 2 LIMIT %d",
               l, l, l, l, l, SEARCH_CANDIDATES);
    else
      snprintf(sql, sizeof sql, "SELECT rowid FROM exact_%d WHERE exact_%d MATCH ?1 LIMIT %d", l, l,
               SEARCH_CANDIDATES * 2);
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, m ? &s->exact[l] : &s->fold[l], NULL))
      return -1;
  }
  snprintf(sql, sizeof sql, "SELECT snippet(fold_%d, -1, X'02', X'03', '…', 12) FROM fold_%d "
           "WHERE fold_%d MATCH ?1 AND rowid = ?2", l, l, l);
  if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->snippet[l], NULL)) return -1;
  return 0;
}

/* Builds language l's FTS5 tables unless they exist. 0, or -1. */
static int search_ensure(search_index *s, int l) {
  if (s->indexed[l]) return 0;
  sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
  if (search_index_language(s, l)) {
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
  }
  if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) return -1;
  s->indexed[l] = 1;
  return 0;
}

static int search_build(search_index *s, sqlite3 *pack_db, char *err, size_t errlen) {
  search_builder b = { s, pack_db, NULL, NULL };
  int rc = -1;
  sqlite3_prepare_v2(pack_db, "SELECT text FROM strings WHERE lang = ?1 AND ctx = ?2 AND key = ?3", -1, &b.string, NULL);
  sqlite3_prepare_v2(s->db, "INSERT INTO items(lang, kind, ref, position, title, term, body, term_nl) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &b.insert, NULL);
  if (!b.string || !b.insert) { util_error(err, errlen, "the search index cannot be built: %s", sqlite3_errmsg(s->db)); goto done; }
  sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
  for (int l = 0; l < s->lang_count; l++) {
    if (search_add_pages(&b, l) || search_add_glossary_faq(&b, l)) {
      util_error(err, errlen, "the search index of '%s' cannot be built: %s", s->langs[l], sqlite3_errmsg(s->db));
      goto done;
    }
  }
  if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    util_error(err, errlen, "the search index cannot be built: %s", sqlite3_errmsg(s->db));
    goto done;
  }
  rc = 0;
done:
  sqlite3_finalize(b.string);
  sqlite3_finalize(b.insert);
  return rc;
}

search_index *search_open(pack *p, char *err, size_t errlen) {
  search_index *s = util_calloc(1, sizeof *s);
  sqlite3 *pdb = pack_db(p);
  sqlite3_stmt *st = NULL;
  if (sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      !(s->api = search_tokenizer_register(s->db)) || !(s->splitter = search_splitter_new(s->api)) ||
      sqlite3_exec(s->db, search_schema, NULL, NULL, NULL) != SQLITE_OK) {
    util_error(err, errlen, "the search index cannot be made (SQLite without FTS5?): %s", s->db ? sqlite3_errmsg(s->db) : "no memory");
    goto fail;
  }
  sqlite3_prepare_v2(pdb, "SELECT code FROM languages ORDER BY position", -1, &st, NULL);
  while (st && sqlite3_step(st) == SQLITE_ROW && s->lang_count < SEARCH_MAX_LANGS)
    snprintf(s->langs[s->lang_count++], sizeof s->langs[0], "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (!s->lang_count) { util_error(err, errlen, "the pack has no languages to search"); goto fail; }
  if (search_build(s, pdb, err, errlen)) goto fail;
  if (sqlite3_prepare_v3(s->db, "SELECT kind, ref, position, title, term_nl, lang FROM items WHERE id = ?1", -1,
                         SQLITE_PREPARE_PERSISTENT, &s->item, NULL) ||
      sqlite3_prepare_v3(s->db, "SELECT title FROM items WHERE lang = ?1 AND kind = ?2 AND ref = ?3", -1,
                         SQLITE_PREPARE_PERSISTENT, &s->title, NULL)) {
    util_error(err, errlen, "the search index cannot be read: %s", sqlite3_errmsg(s->db));
    goto fail;
  }
  return s;
fail:
  search_close(s);
  return NULL;
}

void search_close(search_index *s) {
  if (!s) return;
  for (int l = 0; l < s->lang_count; l++) {
    if (!s->indexed[l]) continue;
    sqlite3_finalize(s->fold[l]);
    sqlite3_finalize(s->exact[l]);
    sqlite3_finalize(s->snippet[l]);
  }
  sqlite3_finalize(s->item);
  sqlite3_finalize(s->title);
  if (s->splitter) search_splitter_free(s->splitter);
  sqlite3_close(s->db);
  free(s);
}

static int search_lang_index(const search_index *s, const char *lang) {
  for (int l = 0; l < s->lang_count; l++)
    if (!strcmp(s->langs[l], lang)) return l;
  return -1;
}

int search_prepare(search_index *s, const char *lang) {
  int l = search_lang_index(s, lang), nl = search_lang_index(s, "nl");
  if (l < 0 || search_ensure(s, l) || (nl >= 0 && search_ensure(s, nl))) return -1;
  return 0;
}

int search_language_stats(search_index *s, const char *lang, long long *rows, long long *index_bytes) {
  int l = search_lang_index(s, lang);
  if (l < 0 || search_ensure(s, l)) return -1;
  char sql[512];
  sqlite3_stmt *st = NULL;
  snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM items WHERE lang = %d), "
           "(SELECT sum(length(block)) FROM fold_%d_data) + (SELECT sum(length(block)) FROM exact_%d_data) + "
           "(SELECT count(*) * 16 FROM fold_%d_idx) + (SELECT count(*) * 16 FROM exact_%d_idx)", l, l, l, l, l);
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW ? 0 : -1;
  if (!rc) { *rows = sqlite3_column_int64(st, 0); *index_bytes = sqlite3_column_int64(st, 1); }
  sqlite3_finalize(st);
  return rc;
}

/* ---------------------------------------------------------------- querying */

typedef struct {
  long long rowid;
  double score;                /* bm25: lower is better */
  int exact, session, order, lang;
} search_candidate;

/* Copies src into dst (cap bytes with the NUL), cut at a character boundary. */
static void search_copy(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  if (n >= cap) {
    n = cap - 1;
    while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
  }
  memcpy(dst, src, n);
  dst[n] = 0;
}

/* The MATCH expression: each word of the query, quoted, as a prefix. Returns the
 * number of words (0: nothing to search for). */
static int search_match_expression(search_index *s, const char *query, char *out, size_t cap) {
  char q[SEARCH_MAX_QUERY + 1];
  int starts[SEARCH_MAX_WORDS], ends[SEARCH_MAX_WORDS];
  search_copy(q, sizeof q, query);
  int words = search_words(s->splitter, q, (int)strlen(q), starts, ends, SEARCH_MAX_WORDS);
  size_t at = 0;
  out[0] = 0;
  for (int w = 0; w < words; w++) {
    if (at + 4 + (size_t)(ends[w] - starts[w]) * 2 >= cap) break;
    if (w) out[at++] = ' ';
    out[at++] = '"';
    for (int i = starts[w]; i < ends[w]; i++) {
      if (q[i] == '"') out[at++] = '"';
      out[at++] = q[i];
    }
    out[at++] = '"';
    out[at++] = '*';
    out[at] = 0;
  }
  return words < 0 ? 0 : words;
}

/* Resets a query statement and drops its bindings: no query text stays referenced. */
static void search_finish(sqlite3_stmt *st) {
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
}

/* Reads language l's candidates for the expression into c[*count..]. */
static int search_collect(search_index *s, int l, const char *expr, int session, search_candidate *c, int *count) {
  long long exact[SEARCH_CANDIDATES * 2];
  int exact_count = 0, step;
  sqlite3_stmt *st = s->exact[l];
  sqlite3_reset(st);
  sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
  while ((step = sqlite3_step(st)) == SQLITE_ROW && exact_count < (int)UTIL_COUNT(exact))
    exact[exact_count++] = sqlite3_column_int64(st, 0);
  search_finish(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE) return -1;
  st = s->fold[l];
  sqlite3_reset(st);
  sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    search_candidate *k = &c[(*count)++];
    k->rowid = sqlite3_column_int64(st, 0);
    /* a page or glossary entry about the words beats an FAQ that mentions them */
    static const double kind_weight[] = { [SEARCH_PAGE] = 2.0, [SEARCH_GLOSSARY] = 1.5, [SEARCH_FAQ] = 1.0 };
    int kind = sqlite3_column_int(st, 2);
    k->score = sqlite3_column_double(st, 1) * kind_weight[kind >= 0 && kind <= SEARCH_FAQ ? kind : SEARCH_FAQ];
    k->session = session;
    k->order = *count;
    k->exact = 0;
    k->lang = l;
    for (int e = 0; e < exact_count; e++) k->exact |= exact[e] == k->rowid;
  }
  search_finish(st);
  return step == SQLITE_DONE ? 0 : -1;
}

static int search_candidate_order(const void *a_ptr, const void *b_ptr) {
  const search_candidate *a = a_ptr, *b = b_ptr;
  if (a->exact != b->exact) return b->exact - a->exact;
  if (a->score != b->score) return a->score < b->score ? -1 : 1;
  if (a->session != b->session) return b->session - a->session;
  return a->order - b->order;
}

/* The snippet without its \x02 \x03 markers, which become mark ranges. */
static void search_set_snippet(search_hit *h, const char *marked) {
  size_t at = 0;
  h->mark_count = 0;
  for (const char *p = marked; *p && at + 1 < sizeof h->snippet; p++) {
    if (*p == '\x02') { if (h->mark_count < SEARCH_MAX_MARKS) h->mark_start[h->mark_count] = (int)at; continue; }
    if (*p == '\x03') {
      if (h->mark_count < SEARCH_MAX_MARKS) h->mark_end[h->mark_count++] = (int)at;
      continue;
    }
    h->snippet[at++] = *p == '\n' ? ' ' : *p;   /* blocks were joined by newlines */
  }
  h->snippet[at] = 0;   /* a mark cut off before its end is dropped */
}

/* The hit's snippet: a re-tokenisation of one row, so only for hits returned. */
static void search_fill_snippet(search_index *s, const search_candidate *k, const char *expr, search_hit *h) {
  sqlite3_stmt *st = s->snippet[k->lang];
  sqlite3_reset(st);
  sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, k->rowid);
  const char *marked = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
  search_set_snippet(h, marked ? marked : "");
  search_finish(st);
}

/* Fills hit from candidate k (all but the snippet); 0, or -1 when the row is gone. */
static int search_fill_hit(search_index *s, int session_lang, const search_candidate *k, search_hit *h) {
  sqlite3_stmt *st = s->item;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, k->rowid);
  if (sqlite3_step(st) != SQLITE_ROW) return -1;
  memset(h, 0, sizeof *h);
  h->kind = (search_kind)sqlite3_column_int(st, 0);
  search_copy(h->id, sizeof h->id, (const char *)sqlite3_column_text(st, 1));
  h->position = sqlite3_column_int(st, 2);
  search_copy(h->title, sizeof h->title, (const char *)sqlite3_column_text(st, 3));
  search_copy(h->term_nl, sizeof h->term_nl, (const char *)sqlite3_column_text(st, 4));
  h->via_dutch = sqlite3_column_int(st, 5) != session_lang;
  h->exact = k->exact;
  sqlite3_reset(st);
  if (h->via_dutch) {   /* the title in the session language */
    st = s->title;
    sqlite3_reset(st);
    sqlite3_bind_int(st, 1, session_lang);
    sqlite3_bind_int(st, 2, (int)h->kind);
    sqlite3_bind_text(st, 3, h->id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) search_copy(h->title, sizeof h->title, (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
  }
  return 0;
}

int search_query(search_index *s, const char *lang, const char *query, search_hit *hits, int max) {
  int l = search_lang_index(s, lang), nl = search_lang_index(s, "nl");
  char expr[SEARCH_MAX_QUERY * 2 + SEARCH_MAX_WORDS * 4 + 8];
  if (l < 0 || search_prepare(s, lang)) return -1;
  if (max <= 0 || !search_match_expression(s, query, expr, sizeof expr)) return 0;
  search_candidate c[SEARCH_CANDIDATES * 2];   /* ~28 KiB of stack, no heap */
  int count = 0, written = 0;
  if (search_collect(s, l, expr, 1, c, &count) || (nl >= 0 && nl != l && search_collect(s, nl, expr, 0, c, &count)))
    return -1;
  qsort(c, (size_t)count, sizeof *c, search_candidate_order);
  for (int i = 0; i < count && written < max; i++) {
    search_hit *h = &hits[written];
    if (search_fill_hit(s, l, &c[i], h)) continue;
    int seen = 0;
    for (int j = 0; j < written && !seen; j++) seen = hits[j].kind == h->kind && !strcmp(hits[j].id, h->id);
    if (seen) continue;
    search_fill_snippet(s, &c[i], expr, h);
    written++;
  }
  return written;
}
