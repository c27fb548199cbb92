/* db.h — one small SQL interface over SQLite and PostgreSQL (libpq), so the collector's
 * ingest, serve and export code is written once and behaves the same on both.
 *
 * SQL is written once with $1, $2 ... placeholders (both engines accept them); the
 * collector's schema differs per engine only in type names (BLOB/BYTEA, identity
 * columns) and lives at the end of db.c.
 * Statements are prepared once per connection and cached by their SQL text.
 * A db handle is used by one thread at a time. */
#ifndef WEGWIJS_COLLECT_DB_H
#define WEGWIJS_COLLECT_DB_H
#include <stddef.h>  /* size_t */
#include <stdint.h>  /* int64_t */

typedef struct db db;
typedef struct db_rows db_rows;

enum { DB_SQLITE, DB_POSTGRES };
enum { DB_NULL, DB_INT, DB_TEXT, DB_BLOB };

/* One bound parameter; build with db_int/db_text/db_blob. Pointers are borrowed for
 * the duration of the call only. */
typedef struct {
  int type;             /* DB_* */
  int64_t i;
  const void *p;
  size_t len;
} db_param;

db_param db_int(int64_t v);
db_param db_int32(int32_t v);               /* for INTEGER columns in bulk rows (db_bulk) */
db_param db_text(const char *s);            /* NULL gives SQL NULL */
db_param db_blob(const void *p, size_t len);

/* Opens url: "postgresql://..." or "postgres://..." through libpq, anything else is a
 * SQLite file path (created mode 0600 on first use; WAL, synchronous=FULL, busy
 * timeout). Returns NULL with err set. */
db *db_open(const char *url, char *err, size_t errlen);

/* Creates the collector's tables if missing, and this connection's temporary stage
 * table ingest needs (so run it on every new handle). 0 or -1 with err set. */
int db_schema(db *d, char *err, size_t errlen);
#define DB_DEFAULT_COLLECTOR "collect.db"
/* db_open + db_schema (url NULL = DB_DEFAULT_COLLECTOR): what every wegwijs-collect command opens its --db with. */
db *db_open_collector(const char *url, char *err, size_t errlen);
void db_close(db *d);
int db_kind(const db *d);                   /* DB_SQLITE or DB_POSTGRES */

/* Runs a statement that returns no rows. Returns the number of rows changed (>= 0) or
 * -1 with err set. Several ;-separated statements are allowed only without params. */
int64_t db_exec(db *d, const char *sql, const db_param *params, int nparams,
                char *err, size_t errlen);

/* Runs a query. Returns a cursor (caller frees with db_rows_free) or NULL with err set.
 * The cursor must be freed before the next statement on the same handle. */
db_rows *db_query(db *d, const char *sql, const db_param *params, int nparams,
                  char *err, size_t errlen);
/* 1 when a row is available, 0 at the end, -1 on error (message in db_rows_error). */
int db_next(db_rows *r);
const char *db_rows_error(const db_rows *r);
int db_is_null(db_rows *r, int col);
int64_t db_col_int(db_rows *r, int col);
/* Text and blob columns are valid until the next db_next or db_rows_free. */
const char *db_col_text(db_rows *r, int col);   /* "" for NULL */
const void *db_col_blob(db_rows *r, int col, size_t *len);
void db_rows_free(db_rows *r);

/* Convenience: the first column of the first row as an integer, *out untouched when
 * there is no row. Returns 1 (row), 0 (no row) or -1 with err set. */
int db_query_int(db *d, const char *sql, const db_param *params, int nparams,
                 int64_t *out, char *err, size_t errlen);

/* Transactions. db_begin takes the write lock at once on SQLite (BEGIN IMMEDIATE)
 * so concurrent writers queue instead of failing at commit. 0 or -1. */
int db_begin(db *d, char *err, size_t errlen);
int db_commit(db *d, char *err, size_t errlen);
void db_rollback(db *d);   /* safe to call when no transaction is open */

/* Bulk rows into one table inside the caller's transaction: COPY ... FROM STDIN
 * (FORMAT binary) on PostgreSQL, one reused prepared INSERT on SQLite, so a bundle's
 * rows cost a few round trips instead of one per row. columns is "a, b, c" with ncols
 * names (<= 16). Binary COPY sends each value in its column's own binary form, so
 * db_int goes to BIGINT columns, db_int32 to INTEGER, db_text to text and db_blob to
 * BYTEA. Nothing else may run on the handle between begin and end.
 * db_bulk_begin returns NULL with err set; db_bulk_row 0 or -1; db_bulk_end finishes
 * and frees (0, or -1 with err set: not every row is stored, so roll back);
 * db_bulk_abort frees after an error (NULL is fine). */
typedef struct db_bulk db_bulk;
db_bulk *db_bulk_begin(db *d, const char *table, const char *columns, int ncols,
                       char *err, size_t errlen);
int db_bulk_row(db_bulk *b, const db_param *params, char *err, size_t errlen);
int db_bulk_end(db_bulk *b, char *err, size_t errlen);
void db_bulk_abort(db_bulk *b);

/* PostgreSQL COPY FROM STDIN in text format, for bulk loads and the benchmark.
 * db_copy_start opens it; db_copy_data sends bytes (whole lines); db_copy_end finishes.
 * Each returns 0 or -1 with err set; on SQLite db_copy_start fails. */
int db_copy_start(db *d, const char *sql, char *err, size_t errlen);
int db_copy_data(db *d, const char *data, size_t len, char *err, size_t errlen);
int db_copy_end(db *d, char *err, size_t errlen);
#endif
