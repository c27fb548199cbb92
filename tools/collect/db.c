/* db.c — the SQLite and PostgreSQL back-ends behind db.h. */
#include "db.h"
#include "util/util.h"
#include <libpq-fe.h>
#include <sqlite3.h>
#include <inttypes.h>  /* PRId64 */
#include <stdlib.h>    /* strtoll */
#include <string.h>    /* strncmp, strcmp */
#include <errno.h>
#include <fcntl.h>     /* open */
#include <unistd.h>    /* close */

/* Prepared statements kept per connection; the collector uses about twenty. */
enum { DB_CACHE_SLOTS = 48, DB_MAX_PARAMS = 16 };

/* PostgreSQL type oids used in binary results (from pg_type.h, stable since 7.x). */
enum { PG_BOOL = 16, PG_BYTEA = 17, PG_INT8 = 20, PG_INT2 = 21, PG_INT4 = 23 };

typedef struct {
  char *sql;
  sqlite3_stmt *stmt;   /* SQLite */
  int index[DB_MAX_PARAMS];   /* SQLite: bind index of $1.. (0 = unused), found once */
  char name[16];        /* PostgreSQL prepared statement name */
} db_cached;

struct db {
  int kind;
  sqlite3 *lite;
  PGconn *pg;
  db_cached cache[DB_CACHE_SLOTS];
  int cache_count;
  int in_copy;
};

struct db_rows {
  db *d;
  sqlite3_stmt *stmt;   /* SQLite: borrowed from the cache, reset on free */
  PGresult *res;        /* PostgreSQL: whole result, binary format */
  int row, nrows;
  char num[32];         /* text form of an integer column */
  char error[256];
};

db_param db_int(int64_t v) { db_param p = { DB_INT, v, NULL, 0 }; return p; }
/* len 4 marks a 32-bit column for binary COPY; everywhere else it is an integer. */
db_param db_int32(int32_t v) { db_param p = { DB_INT, v, NULL, 4 }; return p; }
db_param db_text(const char *s) {
  db_param p = { s ? DB_TEXT : DB_NULL, 0, s, s ? strlen(s) : 0 };
  return p;
}
db_param db_blob(const void *ptr, size_t len) { db_param p = { DB_BLOB, 0, ptr, len }; return p; }

int db_kind(const db *d) { return d->kind; }

static int db_is_pg_url(const char *url) {
  return !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11);
}

db *db_open(const char *url, char *err, size_t errlen) {
  db *d = util_calloc(1, sizeof *d);
  if (db_is_pg_url(url)) {
    d->kind = DB_POSTGRES;
    d->pg = PQconnectdb(url);
    if (PQstatus(d->pg) != CONNECTION_OK) {
      util_error(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(d->pg));
      goto fail;
    }
    /* Notices (e.g. "relation already exists, skipping") are not errors here. */
    PQsetNoticeProcessor(d->pg, NULL, NULL);
    PGresult *r = PQexec(d->pg, "SET client_min_messages = warning");
    PQclear(r);
    return d;
  }
  d->kind = DB_SQLITE;
  /* Created 0600 before SQLite sees it (its WAL and shm files copy the mode). */
  int fd = open(url, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) close(fd);
  else if (errno != EEXIST) {
    util_error(err, errlen, "cannot create SQLite database %s: %s", url, strerror(errno));
    goto fail;
  }
  if (sqlite3_open_v2(url, &d->lite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                      SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    util_error(err, errlen, "cannot open SQLite database %s: %s", url,
               d->lite ? sqlite3_errmsg(d->lite) : "out of memory");
    goto fail;
  }
  sqlite3_busy_timeout(d->lite, 60000);
  /* synchronous=FULL: a receipt lets a kiosk delete records, so a committed ingest must
   * survive power loss (checkins-and-privacy.md §5.4). */
  char *msg = NULL;
  if (sqlite3_exec(d->lite, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                   "PRAGMA foreign_keys=ON;", NULL, NULL, &msg) != SQLITE_OK) {
    util_error(err, errlen, "%s is not a usable SQLite database: %s", url, msg ? msg : "?");
    sqlite3_free(msg);
    goto fail;
  }
  return d;
fail:
  db_close(d);
  return NULL;
}

void db_close(db *d) {
  if (!d) return;
  for (int i = 0; i < d->cache_count; i++) {
    if (d->cache[i].stmt) sqlite3_finalize(d->cache[i].stmt);
    free(d->cache[i].sql);
  }
  if (d->lite) sqlite3_close(d->lite);
  if (d->pg) PQfinish(d->pg);
  free(d);
}

/* ---- statement cache --------------------------------------------------------------- */

/* Finds or prepares sql. Returns the cache slot or NULL with err set. */
static db_cached *db_prepare(db *d, const char *sql, int nparams, char *err, size_t errlen) {
  for (int i = 0; i < d->cache_count; i++)
    if (!strcmp(d->cache[i].sql, sql)) return &d->cache[i];
  expect(d->cache_count < DB_CACHE_SLOTS);
  db_cached *c = &d->cache[d->cache_count];
  if (d->kind == DB_SQLITE) {
    if (sqlite3_prepare_v3(d->lite, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->stmt, NULL) != SQLITE_OK) {
      util_error(err, errlen, "SQLite: %s (in: %.80s)", sqlite3_errmsg(d->lite), sql);
      return NULL;
    }
    /* Looked up by name once here, not on every bind: bulk ingest binds millions. */
    for (int i = 0; i < DB_MAX_PARAMS; i++) {
      char name[16];
      snprintf(name, sizeof name, "$%d", i + 1);
      c->index[i] = sqlite3_bind_parameter_index(c->stmt, name);
    }
  } else {
    snprintf(c->name, sizeof c->name, "wwc%d", d->cache_count);
    PGresult *r = PQprepare(d->pg, c->name, sql, nparams, NULL);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) util_error(err, errlen, "PostgreSQL: %s(in: %.80s)", PQresultErrorMessage(r), sql);
    PQclear(r);
    if (!ok) return NULL;
  }
  c->sql = util_strdup(sql);
  d->cache_count++;
  return c;
}

/* Binds params to a cached statement. keep: the statement runs to completion before
 * the caller's params go away (db_exec), so text and blobs need not be copied; a
 * query's cursor outlives the call, so there they are copied. */
static int db_bind_sqlite(db *d, const db_cached *c, const db_param *params, int nparams, int keep,
                          char *err, size_t errlen) {
  sqlite3_destructor_type how = keep ? SQLITE_STATIC : SQLITE_TRANSIENT;
  expect(nparams <= DB_MAX_PARAMS);
  for (int i = 0; i < nparams; i++) {
    int idx = c->index[i];
    if (idx == 0) continue;   /* not used by this statement */
    int rc = SQLITE_OK;
    const db_param *p = &params[i];
    sqlite3_stmt *st = c->stmt;
    switch (p->type) {
    case DB_NULL: rc = sqlite3_bind_null(st, idx); break;
    case DB_INT:  rc = sqlite3_bind_int64(st, idx, p->i); break;
    case DB_TEXT: rc = sqlite3_bind_text(st, idx, p->p, (int)p->len, how); break;
    case DB_BLOB: rc = sqlite3_bind_blob(st, idx, p->len ? p->p : "", (int)p->len, how); break;
    default: expect(0);
    }
    if (rc != SQLITE_OK) return util_error(err, errlen, "SQLite bind: %s", sqlite3_errmsg(d->lite));
  }
  return 0;
}

/* Runs a cached statement on PostgreSQL with binary blobs and binary results. */
static PGresult *db_exec_pg(db *d, db_cached *c, const db_param *params, int nparams) {
  const char *values[DB_MAX_PARAMS];
  int lengths[DB_MAX_PARAMS], formats[DB_MAX_PARAMS];
  char nums[DB_MAX_PARAMS][24];
  expect(nparams <= DB_MAX_PARAMS);
  for (int i = 0; i < nparams; i++) {
    const db_param *p = &params[i];
    formats[i] = 0;
    lengths[i] = 0;
    switch (p->type) {
    case DB_NULL: values[i] = NULL; break;
    case DB_INT:
      snprintf(nums[i], sizeof nums[i], "%" PRId64, p->i);
      values[i] = nums[i];
      break;
    case DB_TEXT: values[i] = p->p; break;
    case DB_BLOB: values[i] = p->len ? p->p : ""; lengths[i] = (int)p->len; formats[i] = 1; break;
    default: expect(0);
    }
  }
  return PQexecPrepared(d->pg, c->name, nparams, values, lengths, formats, 1);
}

int64_t db_exec(db *d, const char *sql, const db_param *params, int nparams,
                char *err, size_t errlen) {
  if (nparams == 0 && strchr(sql, ';')) {   /* a script, e.g. the schema */
    if (d->kind == DB_SQLITE) {
      char *msg = NULL;
      if (sqlite3_exec(d->lite, sql, NULL, NULL, &msg) != SQLITE_OK) {
        util_error(err, errlen, "SQLite: %s", msg ? msg : sqlite3_errmsg(d->lite));
        sqlite3_free(msg);
        return -1;
      }
      return sqlite3_changes(d->lite);
    }
    PGresult *r = PQexec(d->pg, sql);
    int64_t n = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK
                  ? 0 : util_error(err, errlen, "PostgreSQL: %s", PQresultErrorMessage(r));
    PQclear(r);
    return n;
  }
  db_cached *c = db_prepare(d, sql, nparams, err, errlen);
  if (!c) return -1;
  if (d->kind == DB_SQLITE) {
    int64_t n = -1;
    if (db_bind_sqlite(d, c, params, nparams, 1, err, errlen) == 0) {
      int rc;
      while ((rc = sqlite3_step(c->stmt)) == SQLITE_ROW) {}
      if (rc == SQLITE_DONE) n = sqlite3_changes(d->lite);
      else util_error(err, errlen, "SQLite: %s", sqlite3_errmsg(d->lite));
    }
    sqlite3_reset(c->stmt);
    sqlite3_clear_bindings(c->stmt);
    return n;
  }
  PGresult *r = db_exec_pg(d, c, params, nparams);
  int64_t n = -1;
  ExecStatusType st = PQresultStatus(r);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
    const char *t = PQcmdTuples(r);
    n = *t ? strtoll(t, NULL, 10) : 0;
  } else {
    util_error(err, errlen, "PostgreSQL: %s", PQresultErrorMessage(r));
  }
  PQclear(r);
  return n;
}

db_rows *db_query(db *d, const char *sql, const db_param *params, int nparams,
                  char *err, size_t errlen) {
  db_cached *c = db_prepare(d, sql, nparams, err, errlen);
  if (!c) return NULL;
  db_rows *r = util_calloc(1, sizeof *r);
  r->d = d;
  r->row = -1;
  if (d->kind == DB_SQLITE) {
    r->stmt = c->stmt;
    if (db_bind_sqlite(d, c, params, nparams, 0, err, errlen) != 0) { db_rows_free(r); return NULL; }
    return r;
  }
  r->res = db_exec_pg(d, c, params, nparams);
  if (PQresultStatus(r->res) != PGRES_TUPLES_OK) {
    util_error(err, errlen, "PostgreSQL: %s", PQresultErrorMessage(r->res));
    db_rows_free(r);
    return NULL;
  }
  r->nrows = PQntuples(r->res);
  return r;
}

int db_next(db_rows *r) {
  if (r->stmt) {
    int rc = sqlite3_step(r->stmt);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    snprintf(r->error, sizeof r->error, "SQLite: %s", sqlite3_errmsg(r->d->lite));
    return -1;
  }
  if (r->row + 1 >= r->nrows) return 0;
  r->row++;
  return 1;
}

const char *db_rows_error(const db_rows *r) { return r->error; }

int db_is_null(db_rows *r, int col) {
  if (r->stmt) return sqlite3_column_type(r->stmt, col) == SQLITE_NULL;
  return PQgetisnull(r->res, r->row, col);
}

static uint64_t db_be(const unsigned char *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v = v << 8 | p[i];
  return v;
}

int64_t db_col_int(db_rows *r, int col) {
  if (r->stmt) return sqlite3_column_int64(r->stmt, col);
  if (PQgetisnull(r->res, r->row, col)) return 0;
  const unsigned char *v = (const unsigned char *)PQgetvalue(r->res, r->row, col);
  switch (PQftype(r->res, col)) {
  case PG_INT8: return (int64_t)db_be(v, 8);
  case PG_INT4: return (int32_t)(uint32_t)db_be(v, 4);
  case PG_INT2: return (int16_t)(uint16_t)db_be(v, 2);
  case PG_BOOL: return v[0];
  default: return strtoll((const char *)v, NULL, 10);
  }
}

const char *db_col_text(db_rows *r, int col) {
  if (r->stmt) {
    const unsigned char *t = sqlite3_column_text(r->stmt, col);
    return t ? (const char *)t : "";
  }
  if (PQgetisnull(r->res, r->row, col)) return "";
  Oid t = PQftype(r->res, col);
  if (t == PG_INT8 || t == PG_INT4 || t == PG_INT2 || t == PG_BOOL) {
    snprintf(r->num, sizeof r->num, "%" PRId64, db_col_int(r, col));
    return r->num;
  }
  return PQgetvalue(r->res, r->row, col);
}

const void *db_col_blob(db_rows *r, int col, size_t *len) {
  if (r->stmt) {
    const void *p = sqlite3_column_blob(r->stmt, col);
    *len = (size_t)sqlite3_column_bytes(r->stmt, col);
    return p ? p : "";
  }
  *len = (size_t)PQgetlength(r->res, r->row, col);
  return PQgetvalue(r->res, r->row, col);
}

void db_rows_free(db_rows *r) {
  if (!r) return;
  if (r->stmt) { sqlite3_reset(r->stmt); sqlite3_clear_bindings(r->stmt); }
  if (r->res) PQclear(r->res);
  free(r);
}

int db_query_int(db *d, const char *sql, const db_param *params, int nparams,
                 int64_t *out, char *err, size_t errlen) {
  db_rows *r = db_query(d, sql, params, nparams, err, errlen);
  if (!r) return -1;
  int rc = db_next(r);
  if (rc == 1) *out = db_col_int(r, 0);
  if (rc < 0) util_error(err, errlen, "%s", db_rows_error(r));
  db_rows_free(r);
  return rc;
}

/* ---- transactions and COPY --------------------------------------------------------- */

int db_begin(db *d, char *err, size_t errlen) {
  return db_exec(d, d->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", NULL, 0, err, errlen) < 0 ? -1 : 0;
}

int db_commit(db *d, char *err, size_t errlen) {
  return db_exec(d, "COMMIT", NULL, 0, err, errlen) < 0 ? -1 : 0;
}

void db_rollback(db *d) {
  if (d->kind == DB_SQLITE) {
    if (!sqlite3_get_autocommit(d->lite)) sqlite3_exec(d->lite, "ROLLBACK", NULL, NULL, NULL);
    return;
  }
  if (PQtransactionStatus(d->pg) != PQTRANS_IDLE) PQclear(PQexec(d->pg, "ROLLBACK"));
}

int db_copy_start(db *d, const char *sql, char *err, size_t errlen) {
  if (d->kind != DB_POSTGRES) return util_error(err, errlen, "COPY needs PostgreSQL");
  PGresult *r = PQexec(d->pg, sql);
  int ok = PQresultStatus(r) == PGRES_COPY_IN;
  if (!ok) util_error(err, errlen, "PostgreSQL COPY: %s", PQresultErrorMessage(r));
  PQclear(r);
  d->in_copy = ok;
  return ok ? 0 : -1;
}

int db_copy_data(db *d, const char *data, size_t len, char *err, size_t errlen) {
  expect(d->in_copy);
  if (PQputCopyData(d->pg, data, (int)len) != 1)
    return util_error(err, errlen, "PostgreSQL COPY: %s", PQerrorMessage(d->pg));
  return 0;
}

int db_copy_end(db *d, char *err, size_t errlen) {
  expect(d->in_copy);
  d->in_copy = 0;
  if (PQputCopyEnd(d->pg, NULL) != 1)
    return util_error(err, errlen, "PostgreSQL COPY end: %s", PQerrorMessage(d->pg));
  int rc = 0;
  PGresult *r;
  while ((r = PQgetResult(d->pg)) != NULL) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
      rc = util_error(err, errlen, "PostgreSQL COPY: %s", PQresultErrorMessage(r));
    PQclear(r);
  }
  return rc;
}

/* ---- bulk rows --------------------------------------------------------------------- */

enum { DB_BULK_FLUSH = 1 << 20 };   /* bytes buffered before PQputCopyData */

struct db_bulk {
  db *d;
  int ncols;
  char *sql;                /* SQLite: the INSERT */
  unsigned char *buf;       /* PostgreSQL: binary COPY data not yet sent */
  size_t len, cap;
};

static void db_bulk_put(db_bulk *b, const void *p, size_t n) {
  if (b->len + n > b->cap) {
    b->cap = (b->len + n) * 2;
    b->buf = util_realloc(b->buf, b->cap);
  }
  memcpy(b->buf + b->len, p, n);
  b->len += n;
}

static void db_bulk_be(db_bulk *b, uint64_t v, int bytes) {
  unsigned char t[8];
  for (int i = 0; i < bytes; i++) t[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
  db_bulk_put(b, t, (size_t)bytes);
}

static int db_bulk_flush(db_bulk *b, char *err, size_t errlen) {
  if (b->len && PQputCopyData(b->d->pg, (const char *)b->buf, (int)b->len) != 1)
    return util_error(err, errlen, "PostgreSQL COPY: %s", PQerrorMessage(b->d->pg));
  b->len = 0;
  return 0;
}

db_bulk *db_bulk_begin(db *d, const char *table, const char *columns, int ncols,
                       char *err, size_t errlen) {
  expect(ncols > 0 && ncols <= DB_MAX_PARAMS);
  db_bulk *b = util_calloc(1, sizeof *b);
  b->d = d;
  b->ncols = ncols;
  char sql[1024];
  if (d->kind == DB_SQLITE) {
    int n = snprintf(sql, sizeof sql, "INSERT INTO %s(%s) VALUES(", table, columns);
    for (int i = 0; i < ncols && n < (int)sizeof sql; i++)
      n += snprintf(sql + n, sizeof sql - (size_t)n, "%s$%d", i ? ", " : "", i + 1);
    if (n < (int)sizeof sql) n += snprintf(sql + n, sizeof sql - (size_t)n, ")");
    expect(n < (int)sizeof sql);
    b->sql = util_strdup(sql);
    return b;
  }
  expect(snprintf(sql, sizeof sql, "COPY %s(%s) FROM STDIN (FORMAT binary)", table, columns) < (int)sizeof sql);
  if (db_copy_start(d, sql, err, errlen) != 0) { free(b); return NULL; }
  /* Binary COPY header: signature, flags, header extension length. */
  db_bulk_put(b, "PGCOPY\n\377\r\n\0", 11);
  db_bulk_be(b, 0, 4);
  db_bulk_be(b, 0, 4);
  return b;
}

int db_bulk_row(db_bulk *b, const db_param *params, char *err, size_t errlen) {
  if (b->sql) return db_exec(b->d, b->sql, params, b->ncols, err, errlen) < 0 ? -1 : 0;
  db_bulk_be(b, (uint64_t)b->ncols, 2);
  for (int i = 0; i < b->ncols; i++) {
    const db_param *p = &params[i];
    switch (p->type) {
    case DB_NULL: db_bulk_be(b, 0xffffffffu, 4); break;
    case DB_INT: {
      int bytes = p->len == 4 ? 4 : 8;
      db_bulk_be(b, (uint64_t)bytes, 4);
      db_bulk_be(b, (uint64_t)p->i, bytes);
      break;
    }
    case DB_TEXT: case DB_BLOB:
      expect(p->len < 0x7fffffff);
      db_bulk_be(b, p->len, 4);
      db_bulk_put(b, p->p, p->len);
      break;
    default: expect(0);
    }
  }
  return b->len >= DB_BULK_FLUSH ? db_bulk_flush(b, err, errlen) : 0;
}

int db_bulk_end(db_bulk *b, char *err, size_t errlen) {
  int rc = 0;
  if (!b->sql) {
    db_bulk_be(b, 0xffff, 2);   /* file trailer: a field count of -1 */
    rc = db_bulk_flush(b, err, errlen);
    if (rc == 0) rc = db_copy_end(b->d, err, errlen);
    else { b->len = 0; db_bulk_abort(b); return -1; }
  }
  free(b->sql);
  free(b->buf);
  free(b);
  return rc;
}

void db_bulk_abort(db_bulk *b) {
  if (!b) return;
  if (!b->sql && b->d->in_copy) {
    /* Ending a COPY with an error message makes the server fail it: nothing stored. */
    b->d->in_copy = 0;
    PQputCopyEnd(b->d->pg, "aborted by wegwijs-collect");
    PGresult *r;
    while ((r = PQgetResult(b->d->pg)) != NULL) PQclear(r);
  }
  free(b->sql);
  free(b->buf);
  free(b);
}

/* ---- schema ------------------------------------------------------------------------ */

/* The same tables on both engines; only the type names differ.
 *   kiosk       enrolled kiosks (the only way in), with their site code
 *   checkin_raw the SEALED records, keyed by (kiosk, epoch, seq): the source of truth;
 *               open_state 0 = not opened yet, 1 = opened, 2 = quarantined (open_note)
 *   response, answer  opened contents, which exports read: a random response id, no
 *               record id, kiosk, epoch or seq, so nothing joins them back to a kiosk's
 *               order of check-ins; period is the ISO week, or "WEEK-late" for records
 *               opened after their week was published (export.c's ledger)
 *   opened_id   record ids opened so far (the one thing idempotence needs; not linked)
 *   published   the publication ledger: periods an export has published
 *   waits_window  the periods each typical-waits table covered (typical.c): a new
 *               table covers only later periods, so two tables never overlap
 *   kiosk_status the newest kiosk status record per kiosk (fleet.c): kiosk health only
 * Nothing an unenrolled kiosk sends is ever stored. */
#define INGEST_TABLES(BLOB, SERIAL) \
  "CREATE TABLE IF NOT EXISTS kiosk(kiosk_pk " BLOB " PRIMARY KEY, site TEXT NOT NULL," \
  " first_day TEXT NOT NULL, revoked_day TEXT);" \
  "CREATE TABLE IF NOT EXISTS epoch(epoch BIGINT PRIMARY KEY, kiosk_pk " BLOB " NOT NULL" \
  " REFERENCES kiosk(kiosk_pk));" \
  "CREATE TABLE IF NOT EXISTS bundle(bundle_hash " BLOB " PRIMARY KEY, kiosk_pk " BLOB " NOT NULL," \
  " records BIGINT NOT NULL, via TEXT NOT NULL, received_day TEXT NOT NULL, receipt " BLOB ");" \
  "CREATE TABLE IF NOT EXISTS checkin_raw(kiosk_pk " BLOB " NOT NULL, epoch BIGINT NOT NULL," \
  " seq BIGINT NOT NULL, key_id " BLOB " NOT NULL, sealed " BLOB " NOT NULL, sealed_hash " BLOB " NOT NULL," \
  " bundle_hash " BLOB " NOT NULL, open_state INTEGER NOT NULL DEFAULT 0, open_note TEXT," \
  " PRIMARY KEY(kiosk_pk, epoch, seq));" \
  "CREATE INDEX IF NOT EXISTS checkin_raw_unopened ON checkin_raw(open_state);" \
  "CREATE TABLE IF NOT EXISTS conflict(id " SERIAL ", kiosk_pk " BLOB " NOT NULL," \
  " epoch BIGINT NOT NULL, seq BIGINT NOT NULL, sealed " BLOB " NOT NULL, bundle_hash " BLOB " NOT NULL," \
  " reason TEXT NOT NULL, received_day TEXT NOT NULL);" \
  "CREATE TABLE IF NOT EXISTS rejected(id " SERIAL ", kiosk_pk " BLOB " NOT NULL, epoch BIGINT NOT NULL," \
  " seq BIGINT NOT NULL, sealed " BLOB " NOT NULL, bundle_hash " BLOB " NOT NULL, reason TEXT NOT NULL," \
  " received_day TEXT NOT NULL);" \
  "CREATE TABLE IF NOT EXISTS opened_id(record_id " BLOB " PRIMARY KEY);" \
  "CREATE TABLE IF NOT EXISTS response(response_id " BLOB " PRIMARY KEY," \
  " site TEXT NOT NULL, day TEXT NOT NULL, iso_week TEXT NOT NULL, period TEXT NOT NULL," \
  " daypart INTEGER NOT NULL, questionnaire INTEGER NOT NULL, pack INTEGER NOT NULL, rapid INTEGER NOT NULL);" \
  "CREATE TABLE IF NOT EXISTS answer(response_id " BLOB " NOT NULL REFERENCES response(response_id)," \
  " question TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY(response_id, question, code));" \
  "CREATE INDEX IF NOT EXISTS response_period ON response(period, site);" \
  "CREATE TABLE IF NOT EXISTS published(period TEXT PRIMARY KEY, first_day TEXT NOT NULL, settings TEXT NOT NULL);" \
  "CREATE TABLE IF NOT EXISTS waits_window(last_period TEXT PRIMARY KEY, first_period TEXT NOT NULL," \
  " settings TEXT NOT NULL);" \
  "CREATE TABLE IF NOT EXISTS kiosk_status(kiosk_pk " BLOB " PRIMARY KEY REFERENCES kiosk(kiosk_pk)," \
  " day TEXT NOT NULL, app TEXT NOT NULL, pack TEXT NOT NULL, pack_version BIGINT NOT NULL," \
  " valid_until TEXT NOT NULL, pending BIGINT NOT NULL, disk_free_mb BIGINT NOT NULL, uptime_h BIGINT NOT NULL," \
  " errors TEXT NOT NULL, search_gaps BIGINT NOT NULL, received_day TEXT NOT NULL);"

/* The connection's own stages, temporary tables: private to the connection, never
 * written to the database file's pages. wwc_stage holds one bundle's envelopes
 * (ingest_store), wwc_open one batch of opened records (open.c). On PostgreSQL COMMIT
 * empties them; their users also empty them first, for SQLite. */
#define INGEST_STAGE(BLOB, ORD, ON_COMMIT) \
  "CREATE TEMP TABLE IF NOT EXISTS wwc_stage(ord " ORD ", epoch BIGINT NOT NULL, seq BIGINT NOT NULL," \
  " key_id " BLOB " NOT NULL, sealed " BLOB " NOT NULL, sealed_hash " BLOB " NOT NULL)" ON_COMMIT ";" \
  "CREATE TEMP TABLE IF NOT EXISTS wwc_open(ord BIGINT NOT NULL, record_id " BLOB " NOT NULL," \
  " state INTEGER NOT NULL, note TEXT, kiosk_pk " BLOB " NOT NULL, epoch BIGINT NOT NULL," \
  " seq BIGINT NOT NULL)" ON_COMMIT ";"

int db_schema(db *d, char *err, size_t errlen) {
  const char *sql = db_kind(d) == DB_SQLITE
    ? INGEST_TABLES("BLOB", "INTEGER PRIMARY KEY") INGEST_STAGE("BLOB", "INTEGER PRIMARY KEY", "")
    : INGEST_TABLES("BYTEA", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
      INGEST_STAGE("BYTEA", "BIGINT NOT NULL", " ON COMMIT DELETE ROWS");
  return db_exec(d, sql, NULL, 0, err, errlen) < 0 ? -1 : 0;
}

db *db_open_collector(const char *url, char *err, size_t errlen) {
  db *d = db_open(url ? url : DB_DEFAULT_COLLECTOR, err, errlen);
  if (d && db_schema(d, err, errlen) != 0) { db_close(d); d = NULL; }
  return d;
}
