/* pack.c — hardened read-only opening and structural validation of content packs
 * (see pack.h). The schema lives here once: the builder creates it from
 * pack_schema_sql() and the validator accepts exactly those statements, so a pack
 * with an extra trigger, view, index or a changed column is refused. */
#include "pack/pack.h"
#include "pack/waits.h"
#include "util/util.h"
#include <png.h>
#include <stdint.h>     /* uint32_t */
#include <string.h>     /* strcmp, memcmp */

/* ---------------------------------------------------------------- schema */

enum { COL_TEXT, COL_INT, COL_BLOB };
enum { CHECK_ANY, CHECK_NAME, CHECK_LANG, CHECK_NAME_LIST, CHECK_KEY, CHECK_SPANS, CHECK_PNG,
       CHECK_BOOL };

typedef struct { const char *name; int type, check; long long max; } pack_column;
typedef struct {
  const char *name, *sql;
  long long max_rows;
  pack_column columns[12];
} pack_table;

static const pack_table pack_tables[] = {
  { "meta", "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT", 64,
    { { "key", COL_TEXT, CHECK_KEY, 0 }, { "value", COL_TEXT, CHECK_ANY, 4096 } } },
  { "languages", "CREATE TABLE languages(position INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, "
    "name TEXT NOT NULL, rtl INTEGER NOT NULL, fonts TEXT NOT NULL, voice TEXT NOT NULL, "
    "reviewed_by TEXT NOT NULL, reviewed_date TEXT NOT NULL, total INTEGER NOT NULL, "
    "missing INTEGER NOT NULL, fuzzy INTEGER NOT NULL) STRICT", 64,
    { { "position", COL_INT, CHECK_ANY, 1000 }, { "code", COL_TEXT, CHECK_LANG, 0 },
      { "name", COL_TEXT, CHECK_ANY, 95 }, { "rtl", COL_INT, CHECK_BOOL, 1 },
      { "fonts", COL_TEXT, CHECK_ANY, 200 }, { "voice", COL_TEXT, CHECK_ANY, 63 },
      { "reviewed_by", COL_TEXT, CHECK_ANY, 200 }, { "reviewed_date", COL_TEXT, CHECK_ANY, 40 },
      { "total", COL_INT, CHECK_ANY, 1000000 }, { "missing", COL_INT, CHECK_ANY, 1000000 },
      { "fuzzy", COL_INT, CHECK_ANY, 1000000 } } },
  { "pages", "CREATE TABLE pages(position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
    "term_nl TEXT NOT NULL, route_order INTEGER NOT NULL, pictogram TEXT NOT NULL, "
    "differs_per_gemeente INTEGER NOT NULL, checked TEXT NOT NULL, related TEXT NOT NULL) STRICT", 1000,
    { { "position", COL_INT, CHECK_ANY, 100000 }, { "id", COL_TEXT, CHECK_NAME, 0 },
      { "term_nl", COL_TEXT, CHECK_ANY, 200 }, { "route_order", COL_INT, CHECK_ANY, 1000 },
      { "pictogram", COL_TEXT, CHECK_NAME_LIST, 0 }, { "differs_per_gemeente", COL_INT, CHECK_BOOL, 1 },
      { "checked", COL_TEXT, CHECK_ANY, 10 }, { "related", COL_TEXT, CHECK_NAME_LIST, 0 } } },
  { "blocks", "CREATE TABLE blocks(page_id TEXT NOT NULL, seq INTEGER NOT NULL, kind INTEGER NOT NULL, "
    "PRIMARY KEY(page_id, seq)) STRICT", 100000,
    { { "page_id", COL_TEXT, CHECK_NAME, 0 }, { "seq", COL_INT, CHECK_ANY, 10000 },
      { "kind", COL_INT, CHECK_ANY, 4 } } },
  { "faq", "CREATE TABLE faq(position INTEGER PRIMARY KEY, answer_paragraphs INTEGER NOT NULL, "
    "related TEXT NOT NULL) STRICT", 1000,
    { { "position", COL_INT, CHECK_ANY, 100000 }, { "answer_paragraphs", COL_INT, CHECK_ANY, 50 },
      { "related", COL_TEXT, CHECK_NAME_LIST, 0 } } },
  { "glossary", "CREATE TABLE glossary(position INTEGER PRIMARY KEY, term_nl TEXT NOT NULL) STRICT", 2000,
    { { "position", COL_INT, CHECK_ANY, 100000 }, { "term_nl", COL_TEXT, CHECK_ANY, 200 } } },
  { "contacts", "CREATE TABLE contacts(position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
    "phone TEXT NOT NULL, local_override INTEGER NOT NULL) STRICT", 200,
    { { "position", COL_INT, CHECK_ANY, 100000 }, { "id", COL_TEXT, CHECK_NAME, PACK_MAX_SHORT_ID },
      { "phone", COL_TEXT, CHECK_ANY, 40 }, { "local_override", COL_INT, CHECK_BOOL, 1 } } },
  { "questions", "CREATE TABLE questions(position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
    "multiple INTEGER NOT NULL) STRICT", 100,
    { { "position", COL_INT, CHECK_ANY, 100000 }, { "id", COL_TEXT, CHECK_NAME, PACK_MAX_SHORT_ID },
      { "multiple", COL_INT, CHECK_BOOL, 1 } } },
  { "answers", "CREATE TABLE answers(question_id TEXT NOT NULL, position INTEGER NOT NULL, "
    "code TEXT NOT NULL, pictogram TEXT NOT NULL, PRIMARY KEY(question_id, position)) STRICT", 2000,
    { { "question_id", COL_TEXT, CHECK_NAME, PACK_MAX_SHORT_ID }, { "position", COL_INT, CHECK_ANY, 1000 },
      { "code", COL_TEXT, CHECK_NAME, PACK_MAX_SHORT_ID }, { "pictogram", COL_TEXT, CHECK_NAME_LIST, 0 } } },
  { "nav_questions", "CREATE TABLE nav_questions(position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
    "pictogram TEXT NOT NULL) STRICT", 100,
    { { "position", COL_INT, CHECK_ANY, 100000 }, { "id", COL_TEXT, CHECK_NAME, 0 },
      { "pictogram", COL_TEXT, CHECK_NAME_LIST, 0 } } },
  { "nav_answers", "CREATE TABLE nav_answers(question_id TEXT NOT NULL, position INTEGER NOT NULL, "
    "code TEXT NOT NULL, pictogram TEXT NOT NULL, ask_next TEXT NOT NULL, here_page TEXT NOT NULL, "
    "next_page TEXT NOT NULL, PRIMARY KEY(question_id, position)) STRICT", 1000,
    { { "question_id", COL_TEXT, CHECK_NAME, 0 }, { "position", COL_INT, CHECK_ANY, 1000 },
      { "code", COL_TEXT, CHECK_NAME, PACK_MAX_SHORT_ID }, { "pictogram", COL_TEXT, CHECK_NAME_LIST, 0 },
      { "ask_next", COL_TEXT, CHECK_NAME_LIST, 0 }, { "here_page", COL_TEXT, CHECK_NAME_LIST, 0 },
      { "next_page", COL_TEXT, CHECK_NAME_LIST, 0 } } },
  { "nav_items", "CREATE TABLE nav_items(section TEXT NOT NULL, stage TEXT NOT NULL, position INTEGER NOT NULL, "
    "page_id TEXT NOT NULL, contact_id TEXT NOT NULL, PRIMARY KEY(section, stage, position)) STRICT", 2000,
    { { "section", COL_TEXT, CHECK_NAME, 0 }, { "stage", COL_TEXT, CHECK_NAME, 0 },
      { "position", COL_INT, CHECK_ANY, 1000 }, { "page_id", COL_TEXT, CHECK_NAME_LIST, 0 },
      { "contact_id", COL_TEXT, CHECK_NAME_LIST, 0 } } },
  { "strings", "CREATE TABLE strings(lang TEXT NOT NULL, ctx TEXT NOT NULL, key TEXT NOT NULL, "
    "text TEXT NOT NULL, spans BLOB NOT NULL, status INTEGER NOT NULL, source TEXT NOT NULL, "
    "PRIMARY KEY(lang, ctx, key)) STRICT", 1000000,
    { { "lang", COL_TEXT, CHECK_LANG, 0 }, { "ctx", COL_TEXT, CHECK_NAME, 0 },
      { "key", COL_TEXT, CHECK_KEY, 0 }, { "text", COL_TEXT, CHECK_ANY, PACK_MAX_TEXT_BYTES },
      { "spans", COL_BLOB, CHECK_SPANS, PACK_MAX_SPANS * 12 }, { "status", COL_INT, CHECK_ANY, 3 },
      { "source", COL_TEXT, CHECK_ANY, 300 } } },
  { "pictograms", "CREATE TABLE pictograms(name TEXT NOT NULL, size INTEGER NOT NULL, "
    "png BLOB NOT NULL, PRIMARY KEY(name, size)) STRICT", 5000,
    { { "name", COL_TEXT, CHECK_NAME, 0 }, { "size", COL_INT, CHECK_ANY, PACK_MAX_PICTOGRAM_PX },
      { "png", COL_BLOB, CHECK_PNG, PACK_MAX_PNG_BYTES } } },
  { "audio", "CREATE TABLE audio(id INTEGER PRIMARY KEY, lang TEXT NOT NULL, ctx TEXT NOT NULL, "
    "key TEXT NOT NULL, format TEXT NOT NULL, data BLOB NOT NULL) STRICT", 50000,
    { { "id", COL_INT, CHECK_ANY, 1 << 30 }, { "lang", COL_TEXT, CHECK_LANG, 0 },
      { "ctx", COL_TEXT, CHECK_NAME, 0 }, { "key", COL_TEXT, CHECK_KEY, 0 },
      { "format", COL_TEXT, CHECK_NAME, 0 }, { "data", COL_BLOB, CHECK_ANY, PACK_MAX_AUDIO_BYTES } } },
};

static const char *const pack_required_meta[] = {
  "format", "name", "version", "created", "valid_until", "min_app_version", "generator",
  "source_language",
};

const char *pack_schema_sql(void) {
  static char sql[8192];
  if (!sql[0]) {
    size_t at = 0;
    for (size_t t = 0; t < UTIL_COUNT(pack_tables); t++) {
      int n = snprintf(sql + at, sizeof sql - at, "%s;\n", pack_tables[t].sql);
      expect(n > 0 && (size_t)n < sizeof sql - at);
      at += (size_t)n;
    }
  }
  return sql;
}

/* ---------------------------------------------------------------- names, UTF-8 */

int pack_utf8_valid(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned c = s[i];
    if (c < 0x80) { i++; continue; }
    int n; unsigned cp, min;
    if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (len - i <= (size_t)n) return 0;
    for (int k = 1; k <= n; k++) {
      if ((s[i + (size_t)k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + (size_t)k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += (size_t)n + 1;
  }
  return 1;
}

int pack_name_valid(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > PACK_MAX_NAME) return 0;
  if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return 0;
  }
  return 1;
}

int pack_lang_valid(const char *s) {
  size_t i = 0;
  while (s[i] >= 'a' && s[i] <= 'z') i++;
  if (i < 2 || i > 3) return 0;
  if (!s[i]) return 1;
  if (s[i] != '-') return 0;
  size_t j = ++i;
  while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')) i++;
  return s[i] == 0 && i - j >= 1 && i - j <= 8;
}

/* A string key: names joined by dots ("b12", "mood.text", "a3.2"). */
static int pack_key_valid(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > PACK_MAX_NAME) return 0;
  char part[PACK_MAX_NAME + 1];
  const char *p = s;
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t len = dot ? (size_t)(dot - p) : strlen(p);
    memcpy(part, p, len);
    part[len] = 0;
    if (!pack_name_valid(part)) return 0;
    if (!dot) return 1;
    p = dot + 1;
  }
}

/* "" or names separated by ", ". */
static int pack_name_list_valid(const char *s) {
  char part[PACK_MAX_NAME + 1];
  if (!*s) return 1;
  for (;;) {
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    if (len > PACK_MAX_NAME) return 0;
    memcpy(part, s, len);
    part[len] = 0;
    if (!pack_name_valid(part)) return 0;
    if (!comma) return 1;
    s = comma + 1;
    if (*s == ' ') s++;
  }
}

static uint32_t pack_le32(const unsigned char *b) {
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
static uint32_t pack_be32(const unsigned char *b) {
  return (uint32_t)b[3] | (uint32_t)b[2] << 8 | (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24;
}

/* ---------------------------------------------------------------- open + validate */

struct pack {
  sqlite3 *db;
  char *path;
  char **meta_keys, **meta_values;
  int meta_count;
  int version;
};

sqlite3 *pack_db(const pack *p) { return p->db; }
const char *pack_path(const pack *p) { return p->path; }
int pack_version(const pack *p) { return p->version; }
const char *pack_name(const pack *p) { return pack_meta(p, "name"); }

const char *pack_meta(const pack *p, const char *key) {
  for (int i = 0; i < p->meta_count; i++)
    if (!strcmp(p->meta_keys[i], key)) return p->meta_values[i];
  return NULL;
}

void pack_close(pack *p) {
  if (!p) return;
  sqlite3_close(p->db);
  for (int i = 0; i < p->meta_count; i++) { free(p->meta_keys[i]); free(p->meta_values[i]); }
  free(p->meta_keys);
  free(p->meta_values);
  free(p->path);
  free(p);
}

/* One query's single integer result, or -1. */
static long long pack_query_int(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  long long v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* Exactly the expected tables (and their automatic indexes), nothing else. */
static int pack_check_schema(sqlite3 *db, char *err, size_t errlen) {
  sqlite3_stmt *st = NULL;
  int rc = -1, found = 0;
  if (sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema", -1, &st, NULL) != SQLITE_OK) {
    util_error(err, errlen, "the pack's schema cannot be read: %s", sqlite3_errmsg(db));
    goto done;
  }
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *type = (const char *)sqlite3_column_text(st, 0);
    const char *name = (const char *)sqlite3_column_text(st, 1);
    const char *table = (const char *)sqlite3_column_text(st, 2);
    const char *sql = (const char *)sqlite3_column_text(st, 3);
    if (!type || !name || !table) { util_error(err, errlen, "the pack's schema has an empty entry"); goto done; }
    if (!pack_utf8_valid(name, strlen(name))) { util_error(err, errlen, "the pack's schema has a name that is not UTF-8"); goto done; }
    if (!strcmp(type, "trigger") || !strcmp(type, "view")) {
      util_error(err, errlen, "the pack contains a %s ('%.60s'); packs must hold tables only", type, name);
      goto done;
    }
    if (!strcmp(type, "index")) {
      char prefix[96];
      snprintf(prefix, sizeof prefix, "sqlite_autoindex_%s_", table);
      if (sql || strncmp(name, prefix, strlen(prefix))) {
        util_error(err, errlen, "the pack contains an unexpected index '%.60s'", name);
        goto done;
      }
      continue;
    }
    if (strcmp(type, "table")) { util_error(err, errlen, "the pack contains an unexpected %.20s '%.60s'", type, name); goto done; }
    size_t t = 0;
    while (t < UTIL_COUNT(pack_tables) && strcmp(pack_tables[t].name, name)) t++;
    if (t == UTIL_COUNT(pack_tables)) { util_error(err, errlen, "the pack contains an unknown table '%.60s'", name); goto done; }
    if (!sql || strcmp(sql, pack_tables[t].sql)) {
      util_error(err, errlen, "the pack's table '%s' does not have the expected columns (format %d)", name, PACK_FORMAT);
      goto done;
    }
    found++;
  }
  if (step != SQLITE_DONE) { util_error(err, errlen, "the pack's schema cannot be read: %s", sqlite3_errmsg(db)); goto done; }
  if (found != (int)UTIL_COUNT(pack_tables)) { util_error(err, errlen, "the pack is missing tables (found %d of %d)", found, (int)UTIL_COUNT(pack_tables)); goto done; }
  rc = 0;
done:
  sqlite3_finalize(st);
  return rc;
}

/* Spans blob: (start, end, style) little-endian u32 triples, inside the text, sorted,
 * non-overlapping, known style bits. */
static int pack_spans_valid(const unsigned char *b, int len, int text_len) {
  if (len % 12) return 0;
  uint32_t last_end = 0;
  for (int i = 0; i < len; i += 12) {
    uint32_t start = pack_le32(b + i), end = pack_le32(b + i + 4), style = pack_le32(b + i + 8);
    if (start >= end || end > (uint32_t)text_len || start < last_end || style == 0 || style > 7) return 0;
    last_end = end;
  }
  return 1;
}

/* PNG signature + IHDR with a square size within limits. */
static int pack_png_valid(const unsigned char *b, int len) {
  static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  if (len < 33 || memcmp(b, sig, 8) || memcmp(b + 12, "IHDR", 4)) return 0;
  uint32_t w = pack_be32(b + 16), h = pack_be32(b + 20);
  return w >= 1 && h >= 1 && w <= PACK_MAX_PICTOGRAM_PX && h <= PACK_MAX_PICTOGRAM_PX;
}

/* Every value of every column: type, size, name rules, UTF-8. */
static int pack_check_rows(sqlite3 *db, const pack_table *t, char *err, size_t errlen) {
  char sql[512];
  size_t at = (size_t)snprintf(sql, sizeof sql, "SELECT ");
  int ncol = 0;
  while (ncol < 12 && t->columns[ncol].name) {
    at += (size_t)snprintf(sql + at, sizeof sql - at, "%s%s", ncol ? ", " : "", t->columns[ncol].name);
    ncol++;
  }
  snprintf(sql + at, sizeof sql - at, " FROM %s", t->name);
  sqlite3_stmt *st = NULL;
  int rc = -1, step;
  long long rows = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    util_error(err, errlen, "the pack's table '%s' cannot be read: %s", t->name, sqlite3_errmsg(db));
    goto done;
  }
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (++rows > t->max_rows) { util_error(err, errlen, "the pack's table '%s' has more than %lld rows", t->name, t->max_rows); goto done; }
    int text_len = 0;
    for (int c = 0; c < ncol; c++) {
      const pack_column *col = &t->columns[c];
      int type = sqlite3_column_type(st, c);
      int want = col->type == COL_TEXT ? SQLITE_TEXT : col->type == COL_INT ? SQLITE_INTEGER : SQLITE_BLOB;
      if (type != want) { util_error(err, errlen, "the pack's %s.%s holds a value of the wrong type", t->name, col->name); goto done; }
      if (col->type == COL_INT) {
        long long v = sqlite3_column_int64(st, c);
        if (v < 0 || v > col->max) { util_error(err, errlen, "the pack's %s.%s holds an absurd value (%lld)", t->name, col->name, v); goto done; }
        continue;
      }
      const unsigned char *b = col->type == COL_TEXT ? sqlite3_column_text(st, c) : sqlite3_column_blob(st, c);
      int len = sqlite3_column_bytes(st, c);
      long long max = col->max ? col->max : PACK_MAX_NAME;
      if (len > max) { util_error(err, errlen, "the pack's %s.%s holds a value of %d bytes (limit %lld)", t->name, col->name, len, max); goto done; }
      if (col->type == COL_TEXT) {
        const char *s = (const char *)b;
        if (!s) s = "";
        if (!pack_utf8_valid(s, (size_t)len) || strlen(s) != (size_t)len) {
          util_error(err, errlen, "the pack's %s.%s holds text that is not valid UTF-8", t->name, col->name);
          goto done;
        }
        int ok = col->check == CHECK_NAME ? pack_name_valid(s) : col->check == CHECK_LANG ? pack_lang_valid(s)
               : col->check == CHECK_KEY ? pack_key_valid(s) : col->check == CHECK_NAME_LIST ? pack_name_list_valid(s) : 1;
        if (!ok) { util_error(err, errlen, "the pack's %s.%s holds an unsafe name '%.40s'", t->name, col->name, s); goto done; }
        text_len = len;   /* spans follow the text column they describe */
      } else if ((col->check == CHECK_SPANS && !pack_spans_valid(b, len, text_len)) ||
                 (col->check == CHECK_PNG && !pack_png_valid(b, len))) {
        util_error(err, errlen, "the pack's %s.%s holds malformed data", t->name, col->name);
        goto done;
      }
    }
  }
  if (step != SQLITE_DONE) { util_error(err, errlen, "the pack's table '%s' cannot be read: %s", t->name, sqlite3_errmsg(db)); goto done; }
  rc = 0;
done:
  sqlite3_finalize(st);
  return rc;
}

static int pack_check_references(sqlite3 *db, char *err, size_t errlen) {
  static const struct { const char *sql, *what; } refs[] = {
    { "SELECT count(*) FROM blocks WHERE page_id NOT IN (SELECT id FROM pages)", "blocks of unknown pages" },
    { "SELECT count(*) FROM answers WHERE question_id NOT IN (SELECT id FROM questions)", "answers of unknown questions" },
    { "SELECT count(*) FROM strings WHERE lang <> 'nl' AND lang NOT IN (SELECT code FROM languages)", "strings in undeclared languages" },
    { "SELECT count(*) FROM pages WHERE id IN (SELECT id FROM pages GROUP BY id HAVING count(*) > 1)", "duplicate pages" },
    { "SELECT 1 - count(*) FROM languages WHERE code = 'nl'", "no Dutch language entry" },
    { "SELECT count(*) FROM nav_answers WHERE question_id NOT IN (SELECT id FROM nav_questions)", "navigator answers of unknown questions" },
    { "SELECT count(*) FROM nav_answers WHERE (ask_next = '') = (here_page = '') OR (here_page = '') <> (next_page = '') "
      "OR (ask_next <> '' AND ask_next NOT IN (SELECT id FROM nav_questions)) "
      "OR (here_page <> '' AND (here_page NOT IN (SELECT id FROM pages) OR next_page NOT IN (SELECT id FROM pages)))",
      "navigator answers leading nowhere" },
    { "SELECT count(*) FROM nav_items WHERE section NOT IN ('todo', 'bring', 'ask', 'next') OR stage NOT IN (SELECT id FROM pages) "
      "OR (page_id = '') = (contact_id = '') OR (page_id <> '' AND page_id NOT IN (SELECT id FROM pages)) "
      "OR (contact_id <> '' AND contact_id NOT IN (SELECT id FROM contacts))", "navigator items with unknown links" },
  };
  for (size_t i = 0; i < UTIL_COUNT(refs); i++) {
    long long n = pack_query_int(db, refs[i].sql);
    if (n != 0) return util_error(err, errlen, "the pack is inconsistent: %s", refs[i].what);
  }
  return 0;
}

static int pack_page_exists(void *ctx, const char *page, int kind) {
  (void)kind;
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(ctx, "SELECT 1 FROM pages WHERE id = ?1", -1, &st, NULL);
  sqlite3_bind_text(st, 1, page, -1, SQLITE_STATIC);
  int found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return !found;
}

/* The optional typical waits (waits.h): a well-formed table, a safe group name, and a
 * page mapping that names existing pages. */
static int pack_check_waits(pack *p, char *err, size_t errlen) {
  const char *table = pack_meta(p, "typical_waits"), *group = pack_meta(p, "typical_waits_group");
  const char *map = pack_meta(p, "typical_wait_pages");
  if (table) {
    waits_table *t = util_malloc(sizeof *t);
    char inner[256];
    int bad = waits_parse(table, strlen(table), "typical_waits", t, inner, sizeof inner);
    free(t);
    if (bad) return util_error(err, errlen, "the pack's typical waits are malformed: %s", inner);
  }
  if (group && !pack_name_valid(group)) return util_error(err, errlen, "the pack's typical_waits_group is not a safe name");
  char inner[256];
  if (map && waits_map_parse(map, pack_page_exists, p->db, inner, sizeof inner))
    return util_error(err, errlen, "the pack's page mapping for typical waits is malformed: %s", inner);
  return 0;
}

static int pack_load_meta(pack *p, char *err, size_t errlen) {
  sqlite3_stmt *st = NULL;
  int rc = -1;
  if (sqlite3_prepare_v2(p->db, "SELECT key, value FROM meta", -1, &st, NULL) != SQLITE_OK) goto sql;
  while (sqlite3_step(st) == SQLITE_ROW) {
    p->meta_keys = util_realloc(p->meta_keys, sizeof(char *) * (size_t)(p->meta_count + 1));
    p->meta_values = util_realloc(p->meta_values, sizeof(char *) * (size_t)(p->meta_count + 1));
    p->meta_keys[p->meta_count] = util_strdup((const char *)sqlite3_column_text(st, 0));
    p->meta_values[p->meta_count] = util_strdup((const char *)sqlite3_column_text(st, 1));
    p->meta_count++;
  }
  for (size_t i = 0; i < UTIL_COUNT(pack_required_meta); i++) {
    const char *v = pack_meta(p, pack_required_meta[i]);
    if (!v || !*v) { util_error(err, errlen, "the pack lacks the required metadata '%s'", pack_required_meta[i]); goto done; }
  }
  const char *format = pack_meta(p, "format");
  if (strcmp(format, "1")) { util_error(err, errlen, "the pack has format %.20s; this kiosk reads format %d", format, PACK_FORMAT); goto done; }
  if (!pack_name_valid(pack_meta(p, "name"))) { util_error(err, errlen, "the pack's name is not a safe name"); goto done; }
  const char *v = pack_meta(p, "version");
  long long version = 0;
  for (const char *c = v; *c; c++) {
    if (*c < '0' || *c > '9' || version > 100000000) { version = -1; break; }
    version = version * 10 + (*c - '0');
  }
  if (version <= 0 || version > 1000000000) { util_error(err, errlen, "the pack's version '%.20s' is not a positive integer", v); goto done; }
  p->version = (int)version;
  if (pack_check_waits(p, err, errlen)) goto done;
  rc = 0;
  goto done;
sql:
  util_error(err, errlen, "the pack's metadata cannot be read: %s", sqlite3_errmsg(p->db));
done:
  sqlite3_finalize(st);
  return rc;
}

/* file:PATH?immutable=1 with PATH percent-encoded where URI syntax would bite. */
static char *pack_uri(const char *path) {
  size_t n = strlen(path);
  char *uri = util_malloc(n * 3 + 32);
  size_t at = (size_t)sprintf(uri, "file:");
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)path[i];
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7F) at += (size_t)sprintf(uri + at, "%%%02X", c);
    else uri[at++] = (char)c;
  }
  strcpy(uri + at, "?immutable=1");
  return uri;
}

pack *pack_open(const char *path, char *err, size_t errlen) {
  pack *p = util_calloc(1, sizeof *p);
  unsigned char header[16];
  p->path = util_strdup(path);
  FILE *f = fopen(path, "rb");
  if (!f) { util_error(err, errlen, "cannot open the pack %s", path); goto fail; }
  size_t got = fread(header, 1, sizeof header, f);
  int seek_ok = fseek(f, 0, SEEK_END) == 0;
  long size = seek_ok ? ftell(f) : -1;
  fclose(f);
  if (got < sizeof header || memcmp(header, "SQLite format 3", 16)) {
    util_error(err, errlen, "the pack is not a SQLite database");
    goto fail;
  }
  if (size < 0 || size > PACK_MAX_FILE_BYTES) { util_error(err, errlen, "the pack is larger than %d MiB", PACK_MAX_FILE_BYTES >> 20); goto fail; }
  char *uri = pack_uri(path);
  int orc = sqlite3_open_v2(uri, &p->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  free(uri);
  if (orc != SQLITE_OK) { util_error(err, errlen, "the pack cannot be opened: %s", p->db ? sqlite3_errmsg(p->db) : "out of memory"); goto fail; }
  /* SQLite's advice for databases of uncertain provenance (security.html §1.2). */
  sqlite3_db_config(p->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config(p->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config(p->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config(p->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_limit(p->db, SQLITE_LIMIT_LENGTH, PACK_MAX_AUDIO_BYTES + 1024);
  sqlite3_limit(p->db, SQLITE_LIMIT_SQL_LENGTH, 100000);
  sqlite3_limit(p->db, SQLITE_LIMIT_COLUMN, 100);
  sqlite3_limit(p->db, SQLITE_LIMIT_EXPR_DEPTH, 50);
  sqlite3_limit(p->db, SQLITE_LIMIT_COMPOUND_SELECT, 10);
  sqlite3_limit(p->db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(p->db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
  sqlite3_limit(p->db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
  if (sqlite3_exec(p->db, "PRAGMA mmap_size=0; PRAGMA cell_size_check=ON; PRAGMA query_only=ON", NULL, NULL, NULL) != SQLITE_OK) {
    util_error(err, errlen, "the pack cannot be opened: %s", sqlite3_errmsg(p->db));
    goto fail;
  }
  sqlite3_stmt *st = NULL;
  int qrc = sqlite3_prepare_v2(p->db, "PRAGMA quick_check(1)", -1, &st, NULL);
  const char *verdict = qrc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
  if (!verdict || strcmp(verdict, "ok")) {
    util_error(err, errlen, "the pack's database is damaged (%.120s)", verdict ? verdict : sqlite3_errmsg(p->db));
    sqlite3_finalize(st);
    goto fail;
  }
  sqlite3_finalize(st);
  if (pack_check_schema(p->db, err, errlen)) goto fail;
  for (size_t t = 0; t < UTIL_COUNT(pack_tables); t++)
    if (pack_check_rows(p->db, &pack_tables[t], err, errlen)) goto fail;
  if (pack_check_references(p->db, err, errlen)) goto fail;
  if (pack_load_meta(p, err, errlen)) goto fail;
  /* From now on a small page cache (256 KiB, not SQLite's 2 MiB, which the checks above
   * filled and which is freed here): the kiosk reads each page or clip of a pack rarely
   * after its first use. A failure here only leaves the larger cache. */
  sqlite3_exec(p->db, "PRAGMA cache_size=-256", NULL, NULL, NULL);
  return p;
fail:
  pack_close(p);
  return NULL;
}

/* ---------------------------------------------------------------- assets */

unsigned char *pack_pictogram(pack *p, const char *name, int size_px, int *width, int *height,
                              char *err, size_t errlen) {
  sqlite3_stmt *st = NULL;
  unsigned char *rgba = NULL;
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  /* Exact size first, then the nearest larger, then the largest. */
  sqlite3_prepare_v2(p->db, "SELECT png FROM pictograms WHERE name = ?1 "
                     "ORDER BY (size < ?2), abs(size - ?2) LIMIT 1", -1, &st, NULL);
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 2, size_px);
  if (sqlite3_step(st) != SQLITE_ROW) { util_error(err, errlen, "the pack has no pictogram '%.64s'", name); goto done; }
  const void *data = sqlite3_column_blob(st, 0);
  int len = sqlite3_column_bytes(st, 0);
  if (!png_image_begin_read_from_memory(&image, data, (size_t)len) ||
      image.width > PACK_MAX_PICTOGRAM_PX || image.height > PACK_MAX_PICTOGRAM_PX) {
    util_error(err, errlen, "the pictogram '%.64s' cannot be decoded: %s", name, image.message);
    goto done;
  }
  image.format = PNG_FORMAT_RGBA;
  rgba = util_malloc(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, NULL, rgba, 0, NULL)) {
    util_error(err, errlen, "the pictogram '%.64s' cannot be decoded: %s", name, image.message);
    free(rgba);
    rgba = NULL;
    goto done;
  }
  *width = (int)image.width;
  *height = (int)image.height;
done:
  png_image_free(&image);
  sqlite3_finalize(st);
  return rgba;
}

unsigned char *pack_audio(pack *p, int audio_id, size_t *len, char format[16],
                          char *err, size_t errlen) {
  sqlite3_stmt *st = NULL;
  unsigned char *out = NULL;
  sqlite3_prepare_v2(p->db, "SELECT format, data FROM audio WHERE id = ?1", -1, &st, NULL);
  sqlite3_bind_int(st, 1, audio_id);
  if (sqlite3_step(st) != SQLITE_ROW) { util_error(err, errlen, "the pack has no audio clip %d", audio_id); goto done; }
  snprintf(format, 16, "%s", (const char *)sqlite3_column_text(st, 0));
  *len = (size_t)sqlite3_column_bytes(st, 1);
  out = util_malloc(*len);
  if (*len) memcpy(out, sqlite3_column_blob(st, 1), *len);
done:
  sqlite3_finalize(st);
  return out;
}
