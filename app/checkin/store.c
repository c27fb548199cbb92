/* store.c — sealed check-ins in SQLite, one file per epoch under STATE/checkins/.
 * A write error retires the current file untouched; the next record starts a new
 * epoch in a new file, so nothing that was committed is ever overwritten. */
#include "checkin/store.h"
#include "checkin/record.h"
#include "util/util.h"
#include <dirent.h>    /* opendir */
#include <errno.h>
#include <inttypes.h>  /* PRIx64 */
#include <sodium.h>    /* randombytes_buf */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>    /* unlink */

enum { STORE_APP_ID = 0x57574349, STORE_SCHEMA = 1, STORE_MAX_FILES = 4096, STORE_BUSY_MS = 5000 };

typedef struct { unsigned gen; uint64_t epoch; char path[4200]; } store_file;

struct store {
  char dir[4096];
  char vfs[64];
  char synchronous[16];
  sqlite3 *db;            /* current epoch file; NULL until first use or after retiring */
  store_file current;
  unsigned retired_gen;   /* generations <= this are never written again by store_add */
  char current_path[4200];
};

static const char store_schema[] =
  "PRAGMA application_id = 1465336649;"   /* 'WWCI' */
  "PRAGMA user_version = 1;"
  "CREATE TABLE meta(epoch INTEGER NOT NULL) STRICT;"
  "CREATE TABLE checkin("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"   /* AUTOINCREMENT: a purged seq is never reused */
  "  key_id BLOB NOT NULL CHECK(length(key_id) = 8),"
  "  sealed BLOB NOT NULL CHECK(length(sealed) BETWEEN 49 AND 4144),"
  "  state INTEGER NOT NULL DEFAULT 0 CHECK(state IN (0, 1, 2)),"
  "  acked_day TEXT CHECK(acked_day IS NULL OR length(acked_day) = 10)"
  ") STRICT;";

/* ---- files ---- */

static int store_parse_name(const char *name, unsigned *gen, uint64_t *epoch) {
  unsigned g = 0;
  char hex[17];
  int used = 0;
  if (strlen(name) != 9 + 4 + 1 + 16 + 3) return 0;
  if (sscanf(name, "checkins-%4u-%16[0-9a-f].db%n", &g, hex, &used) != 2 || used != (int)strlen(name)) return 0;
  unsigned char b[8];
  if (strlen(hex) != 16 || record_unhex(hex, b, 8)) return 0;
  uint64_t e = 0;
  for (int i = 0; i < 8; i++) e = e << 8 | b[i];
  *gen = g;
  *epoch = e;
  return 1;
}

static int store_file_cmp(const void *a, const void *b) {
  const store_file *x = a, *y = b;
  return x->gen < y->gen ? -1 : x->gen > y->gen;
}

/* Lists the epoch files sorted by generation. Returns the count or -1. */
static int store_list(const store *st, store_file **files, char *err, size_t errlen) {
  *files = NULL;
  DIR *d = opendir(st->dir);
  if (!d) return util_error(err, errlen, "cannot read %s: %s", st->dir, strerror(errno));
  int n = 0, cap = 0;
  store_file *list = NULL;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    store_file f;
    if (!store_parse_name(de->d_name, &f.gen, &f.epoch)) continue;
    if (n == STORE_MAX_FILES) break;
    if (snprintf(f.path, sizeof f.path, "%s/%s", st->dir, de->d_name) >= (int)sizeof f.path) continue;
    if (n == cap) { cap = cap ? cap * 2 : 8; list = util_realloc(list, (size_t)cap * sizeof *list); }
    list[n++] = f;
  }
  closedir(d);
  if (n) qsort(list, (size_t)n, sizeof *list, store_file_cmp);
  *files = list;
  return n;
}

static void store_file_path(const store *st, unsigned gen, uint64_t epoch, char *out, size_t cap) {
  snprintf(out, cap, "%s/checkins-%04u-%016" PRIx64 ".db", st->dir, gen, epoch);
}

/* Opens an existing epoch file with the store's settings and checks it is ours and
 * intact (quick_check when check is set). Returns the handle or NULL with err set. */
static sqlite3 *store_open_file(const store *st, const store_file *f, int check, char *err, size_t errlen) {
  sqlite3 *db = NULL;
  sqlite3_stmt *q = NULL;
  int rc = sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
                           st->vfs[0] ? st->vfs : NULL);
  char pragmas[256];
  snprintf(pragmas, sizeof pragmas, "PRAGMA journal_mode = WAL; PRAGMA synchronous = %s; PRAGMA secure_delete = ON;",
           st->synchronous);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(db, STORE_BUSY_MS);
    rc = sqlite3_exec(db, pragmas, NULL, NULL, NULL);
  }
  if (rc != SQLITE_OK && !check) {
    /* A WAL file on a read-only disk cannot be opened normally (no -shm can be made).
     * Nothing can write there either, so reading it as immutable is safe; it lets
     * export carry the records off a kiosk whose disk went read-only. */
    sqlite3_close(db);
    db = NULL;
    char uri[4400];
    snprintf(uri, sizeof uri, "file:%s?immutable=1", f->path);
    rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW, st->vfs[0] ? st->vfs : NULL);
  }
  if (rc != SQLITE_OK) { util_error(err, errlen, "cannot open %s: %s", f->path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)); goto fail; }
  if (sqlite3_prepare_v2(db, "SELECT (SELECT application_id FROM pragma_application_id), (SELECT epoch FROM meta)", -1, &q, NULL) != SQLITE_OK ||
      sqlite3_step(q) != SQLITE_ROW) {
    util_error(err, errlen, "%s is not a readable check-in store: %s", f->path, sqlite3_errmsg(db));
    goto fail;
  }
  if (sqlite3_column_int(q, 0) != STORE_APP_ID || (uint64_t)sqlite3_column_int64(q, 1) != f->epoch) {
    util_error(err, errlen, "%s is not the check-in store its name says", f->path);
    goto fail;
  }
  sqlite3_finalize(q);
  q = NULL;
  if (check) {
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &q, NULL) != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW ||
        strcmp((const char *)sqlite3_column_text(q, 0), "ok")) {
      util_error(err, errlen, "%s failed its integrity check", f->path);
      goto fail;
    }
    sqlite3_finalize(q);
  }
  return db;
fail:
  sqlite3_finalize(q);
  sqlite3_close(db);
  return NULL;
}

/* Creates generation gen with a fresh epoch: schema under a dot-temp name, then
 * rename, so a half-created file never looks like an epoch file. */
static int store_create_file(store *st, unsigned gen, store_file *f, char *err, size_t errlen) {
  unsigned char e[8];
  randombytes_buf(e, sizeof e);
  f->gen = gen;
  f->epoch = 0;
  for (int i = 0; i < 8; i++) f->epoch = f->epoch << 8 | e[i];
  f->epoch &= 0x7fffffffffffffffULL;   /* stays positive as an SQLite INTEGER */
  store_file_path(st, gen, f->epoch, f->path, sizeof f->path);
  char tmp[4300];
  snprintf(tmp, sizeof tmp, "%s/.new-%04u.db.tmp", st->dir, gen);
  unlink(tmp);
  char journal[4320];
  snprintf(journal, sizeof journal, "%s-journal", tmp);
  unlink(journal);
  sqlite3 *db = NULL;
  int ok = 0;
  if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                      st->vfs[0] ? st->vfs : NULL) != SQLITE_OK) {
    util_error(err, errlen, "cannot create a check-in store in %s: %s", st->dir, db ? sqlite3_errmsg(db) : "out of memory");
    goto done;
  }
  char sql[1024];
  snprintf(sql, sizeof sql, "PRAGMA synchronous = FULL; BEGIN; %s INSERT INTO meta VALUES (%lld); COMMIT;",
           store_schema, (long long)f->epoch);
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
    util_error(err, errlen, "cannot create a check-in store in %s: %s", st->dir, sqlite3_errmsg(db));
    goto done;
  }
  if (sqlite3_close(db) != SQLITE_OK) { util_error(err, errlen, "cannot close new store"); db = NULL; goto done; }
  db = NULL;
  if (rename(tmp, f->path) != 0) { util_error(err, errlen, "cannot rename new store: %s", strerror(errno)); goto done; }
  if (util_fsync_dir_of(f->path) != 0) { util_error(err, errlen, "cannot sync %s", st->dir); goto done; }
  ok = 1;
done:
  if (db) sqlite3_close(db);
  if (!ok) { unlink(tmp); unlink(journal); }
  return ok ? 0 : -1;
}

/* Makes st->db usable: the newest generation if it is not retired and passes
 * quick_check, else a new generation. */
static int store_ensure_current(store *st, char *err, size_t errlen) {
  if (st->db) return 0;
  store_file *files = NULL;
  int n = store_list(st, &files, err, errlen);
  if (n < 0) return -1;
  unsigned next_gen = n ? files[n - 1].gen + 1 : 1;
  if (next_gen <= st->retired_gen) next_gen = st->retired_gen + 1;
  if (n && files[n - 1].gen > st->retired_gen) {
    char why[512];
    st->db = store_open_file(st, &files[n - 1], 1, why, sizeof why);
    if (st->db) st->current = files[n - 1];
    else {
      fprintf(stderr, "checkin store: %s; starting a new epoch\n", why);
      st->retired_gen = files[n - 1].gen;
    }
  }
  free(files);
  if (st->db) goto done;
  if (next_gen > 9999) return util_error(err, errlen, "check-in store: too many epoch files");
  store_file f;
  if (store_create_file(st, next_gen, &f, err, errlen) != 0) return -1;
  char why[512];
  st->db = store_open_file(st, &f, 0, why, sizeof why);
  if (!st->db) { st->retired_gen = f.gen; return util_error(err, errlen, "%s", why); }
  st->current = f;
done:
  snprintf(st->current_path, sizeof st->current_path, "%s", st->current.path);
  return 0;
}

static void store_retire(store *st) {
  if (!st->db) return;
  sqlite3_close(st->db);   /* not _v2: every statement is finalized before this */
  st->db = NULL;
  st->retired_gen = st->current.gen;
}

/* ---- public ---- */

store *store_open(const char *state_dir, const store_options *opt, char *err, size_t errlen) {
  expect(sodium_init() >= 0);
  store *st = util_calloc(1, sizeof *st);
  if (snprintf(st->dir, sizeof st->dir, "%s/checkins", state_dir) >= (int)sizeof st->dir) {
    free(st);
    util_error(err, errlen, "state folder path too long");
    return NULL;
  }
  snprintf(st->vfs, sizeof st->vfs, "%s", opt && opt->vfs ? opt->vfs : "");
  snprintf(st->synchronous, sizeof st->synchronous, "%s", opt && opt->synchronous ? opt->synchronous : "FULL");
  if (strcmp(st->synchronous, "FULL") && strcmp(st->synchronous, "NORMAL") && strcmp(st->synchronous, "EXTRA")) {
    free(st);
    util_error(err, errlen, "store: bad synchronous setting");
    return NULL;
  }
  if (util_mkdirs(st->dir, 0700, err, errlen) != 0) {
    /* A read-only state folder must not stop browsing: reading may still work. */
    DIR *d = opendir(st->dir);
    if (!d) { free(st); return NULL; }
    closedir(d);
  }
  return st;
}

void store_close(store *st) {
  if (!st) return;
  if (st->db) sqlite3_close(st->db);
  free(st);
}

const char *store_current_path(const store *st) { return st->current_path; }

int store_add(store *st, const unsigned char *sealed, size_t sealed_len,
              const unsigned char key_id[8], uint64_t *epoch, uint64_t *seq,
              char *err, size_t errlen) {
  if (sealed_len <= 48 || sealed_len > RECORD_SEALED_MAX) return util_error(err, errlen, "store: bad sealed length");
  char why[768];
  if (store_ensure_current(st, why, sizeof why) != 0)
    return util_error(err, errlen, "the check-in could not be saved: %s", why);
  sqlite3_stmt *ins = NULL;
  int ok = 0, began = 0, rc;
  if ((rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK) goto done;
  began = 1;
  if ((rc = sqlite3_prepare_v2(st->db, "INSERT INTO checkin(key_id, sealed) VALUES (?, ?)", -1, &ins, NULL)) != SQLITE_OK) goto done;
  sqlite3_bind_blob(ins, 1, key_id, 8, SQLITE_STATIC);
  sqlite3_bind_blob(ins, 2, sealed, (int)sealed_len, SQLITE_STATIC);
  if ((rc = sqlite3_step(ins)) != SQLITE_DONE) goto done;
  long long rowid = sqlite3_last_insert_rowid(st->db);
  sqlite3_finalize(ins);
  ins = NULL;
  if ((rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK) goto done;
  began = 0;
  *epoch = st->current.epoch;
  *seq = (uint64_t)rowid;
  ok = 1;
done:
  if (!ok) {
    int primary = rc & 0xff;
    const char *cause = primary == SQLITE_FULL ? "the disk is full"
                    : primary == SQLITE_READONLY ? "the disk is read-only"
                    : primary == SQLITE_IOERR ? "the disk reported an error"
                    : primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? "the store file is damaged"
                    : sqlite3_errstr(rc);
    util_error(err, errlen, "the check-in could not be saved: %s (%s); the next check-in starts a new store file",
               cause, st->db ? sqlite3_errmsg(st->db) : "");
    sqlite3_finalize(ins);
    if (began && !sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    if ((rc & 0xff) != SQLITE_BUSY) store_retire(st);
  }
  return ok ? 0 : -1;
}

void store_entries_free(bundle_entry *entries, size_t count) {
  for (size_t i = 0; i < count; i++) free((void *)entries[i].sealed);
  free(entries);
}

/* Runs fn on every epoch file (the current one through st->db). */
typedef int (*store_file_fn)(sqlite3 *db, const store_file *f, void *ctx, char *err, size_t errlen);

static int store_each_file(store *st, store_file_fn fn, void *ctx, char *warn, size_t warnlen,
                           char *err, size_t errlen) {
  store_file *files = NULL;
  int n = store_list(st, &files, err, errlen), rc = 0;
  if (n < 0) return -1;
  for (int i = 0; i < n && rc == 0; i++) {
    int is_current = st->db && files[i].gen == st->current.gen;
    char why[512];
    sqlite3 *db = is_current ? st->db : store_open_file(st, &files[i], 0, why, sizeof why);
    if (!db) {
      if (warn) util_error(warn, warnlen, "skipped %s", why);
      continue;
    }
    rc = fn(db, &files[i], ctx, err, errlen);
    if (!is_current) sqlite3_close(db);
  }
  free(files);
  return rc;
}

typedef struct { size_t max, count; bundle_entry *entries; } store_pending_ctx;

static int store_pending_file(sqlite3 *db, const store_file *f, void *vctx, char *err, size_t errlen) {
  store_pending_ctx *c = vctx;
  sqlite3_stmt *q = NULL;
  int rc = -1;
  if (c->count >= c->max) return 0;
  if (sqlite3_prepare_v2(db, "SELECT seq, key_id, sealed FROM checkin WHERE state < 2 ORDER BY seq LIMIT ?", -1, &q, NULL) != SQLITE_OK) {
    util_error(err, errlen, "%s: %s", f->path, sqlite3_errmsg(db));
    goto done;
  }
  sqlite3_bind_int64(q, 1, (sqlite3_int64)(c->max - c->count));
  int s;
  while ((s = sqlite3_step(q)) == SQLITE_ROW) {
    c->entries = util_realloc(c->entries, (c->count + 1) * sizeof *c->entries);
    bundle_entry *e = &c->entries[c->count];
    e->epoch = f->epoch;
    e->seq = (uint64_t)sqlite3_column_int64(q, 0);
    memcpy(e->key_id, sqlite3_column_blob(q, 1), 8);
    e->sealed_len = (size_t)sqlite3_column_bytes(q, 2);
    unsigned char *copy = util_malloc(e->sealed_len);
    memcpy(copy, sqlite3_column_blob(q, 2), e->sealed_len);
    e->sealed = copy;
    c->count++;
  }
  if (s != SQLITE_DONE) { util_error(err, errlen, "%s: %s", f->path, sqlite3_errmsg(db)); goto done; }
  rc = 0;
done:
  sqlite3_finalize(q);
  return rc;
}

long store_pending(store *st, size_t max, bundle_entry **entries, char *warn, size_t warnlen,
                   char *err, size_t errlen) {
  store_pending_ctx c = { max, 0, NULL };
  if (warn && warnlen) warn[0] = 0;
  if (store_each_file(st, store_pending_file, &c, warn, warnlen, err, errlen) != 0) {
    store_entries_free(c.entries, c.count);
    *entries = NULL;
    return -1;
  }
  *entries = c.entries;
  return (long)c.count;
}

/* One UPDATE per matching entry or range, in one transaction per file. */
typedef struct {
  const bundle_entry *entries; size_t entry_count;
  const receipt_range *ranges; size_t range_count;
  const char *day;
  long changed;
  long refused;   /* receipt ranges that do not match what this kiosk exported */
} store_update_ctx;

/* 1 if this file holds every record of the range, each already exported (or already
 * acknowledged), and their sealed bytes hash to the range's content: the collector holds
 * exactly what this kiosk sent. 0 if not (a record never exported, missing, or other
 * bytes: after a store rollback, an old receipt must not acknowledge new check-ins);
 * -1 on a database error. */
static int store_range_matches(sqlite3 *db, const receipt_range *r) {
  if (r->first_seq < 1 || r->last_seq > (uint64_t)INT64_MAX || r->first_seq > r->last_seq) return 0;
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(db, "SELECT seq, sealed, state FROM checkin WHERE seq BETWEEN ? AND ? ORDER BY seq",
                         -1, &q, NULL) != SQLITE_OK) return -1;
  sqlite3_bind_int64(q, 1, (sqlite3_int64)r->first_seq);
  sqlite3_bind_int64(q, 2, (sqlite3_int64)r->last_seq);
  receipt_content content;
  receipt_content_init(&content);
  uint64_t want = r->first_seq;
  int step, ok = 1;
  while (ok && (step = sqlite3_step(q)) == SQLITE_ROW) {
    ok = (uint64_t)sqlite3_column_int64(q, 0) == want++ && sqlite3_column_int(q, 2) >= 1;
    receipt_content_add(&content, sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1));
  }
  if (ok && step != SQLITE_DONE) { sqlite3_finalize(q); return -1; }
  sqlite3_finalize(q);
  unsigned char got[32];
  receipt_content_final(&content, got);
  return ok && want == r->last_seq + 1 && sodium_memcmp(got, r->content, 32) == 0;
}

static int store_update_file(sqlite3 *db, const store_file *f, void *vctx, char *err, size_t errlen) {
  store_update_ctx *c = vctx;
  int any = 0;
  for (size_t i = 0; i < c->entry_count; i++) any |= c->entries[i].epoch == f->epoch;
  for (size_t i = 0; i < c->range_count; i++) any |= c->ranges[i].epoch == f->epoch;
  if (!any) return 0;
  sqlite3_stmt *q = NULL;
  int rc = -1;
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) goto done;
  if (c->entries) {
    if (sqlite3_prepare_v2(db, "UPDATE checkin SET state = 1 WHERE seq = ? AND state = 0", -1, &q, NULL) != SQLITE_OK) goto done;
    for (size_t i = 0; i < c->entry_count; i++) {
      if (c->entries[i].epoch != f->epoch) continue;
      sqlite3_bind_int64(q, 1, (sqlite3_int64)c->entries[i].seq);
      if (sqlite3_step(q) != SQLITE_DONE) goto done;
      c->changed += sqlite3_changes(db);
      sqlite3_reset(q);
    }
  } else {
    for (size_t i = 0; i < c->range_count; i++) {
      const receipt_range *r = &c->ranges[i];
      if (r->epoch != f->epoch) continue;
      int match = store_range_matches(db, r);
      if (match < 0) goto done;
      if (!match) { c->refused++; continue; }
      if (!q && sqlite3_prepare_v2(db, "UPDATE checkin SET state = 2, acked_day = ? WHERE seq BETWEEN ? AND ? AND state = 1",
                                   -1, &q, NULL) != SQLITE_OK) goto done;
      sqlite3_bind_text(q, 1, c->day, -1, SQLITE_STATIC);
      sqlite3_bind_int64(q, 2, (sqlite3_int64)r->first_seq);
      sqlite3_bind_int64(q, 3, (sqlite3_int64)r->last_seq);
      if (sqlite3_step(q) != SQLITE_DONE) goto done;
      c->changed += sqlite3_changes(db);
      sqlite3_reset(q);
    }
  }
  sqlite3_finalize(q);
  q = NULL;
  if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) goto done;
  rc = 0;
done:
  if (rc) {
    util_error(err, errlen, "%s: %s", f->path, sqlite3_errmsg(db));
    sqlite3_finalize(q);
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  }
  return rc;
}

int store_mark_exported(store *st, const bundle_entry *entries, size_t count, char *err, size_t errlen) {
  store_update_ctx c = { entries, count, NULL, 0, NULL, 0, 0 };
  if (!count) return 0;
  return store_each_file(st, store_update_file, &c, NULL, 0, err, errlen);
}

int store_acknowledge(store *st, const receipt_range *ranges, size_t range_count,
                      const char *day, long *acked, long *refused, char *err, size_t errlen) {
  store_update_ctx c = { NULL, 0, ranges, range_count, day, 0, 0 };
  *acked = 0;
  if (refused) *refused = 0;
  if (strlen(day) != 10) return util_error(err, errlen, "store: bad day");
  int rc = store_each_file(st, store_update_file, &c, NULL, 0, err, errlen);
  *acked = c.changed;
  if (refused) *refused = c.refused;
  return rc;
}

typedef struct { const char *today; int days; long deleted; unsigned current_gen; int remove_count; char (*remove)[4200]; } store_purge_ctx;

static int store_purge_file(sqlite3 *db, const store_file *f, void *vctx, char *err, size_t errlen) {
  store_purge_ctx *c = vctx;
  sqlite3_stmt *q = NULL;
  int rc = -1;
  if (sqlite3_prepare_v2(db, "DELETE FROM checkin WHERE state = 2 AND acked_day < date(?, ?)", -1, &q, NULL) != SQLITE_OK) goto done;
  char mod[32];
  snprintf(mod, sizeof mod, "-%d days", c->days);
  sqlite3_bind_text(q, 1, c->today, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, mod, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(q) != SQLITE_DONE) goto done;
  c->deleted += sqlite3_changes(db);
  sqlite3_finalize(q);
  q = NULL;
  /* secure_delete zeroes freed pages; the checkpoint moves that over the old frames. */
  sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  if (f->gen < c->current_gen) {
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM checkin", -1, &q, NULL) != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW) goto done;
    if (sqlite3_column_int64(q, 0) == 0 && c->remove_count < 64)
      snprintf(c->remove[c->remove_count++], 4200, "%s", f->path);
  }
  rc = 0;
done:
  if (rc) util_error(err, errlen, "%s: %s", f->path, sqlite3_errmsg(db));
  sqlite3_finalize(q);
  return rc;
}

int store_purge(store *st, const char *today, int retention_days, long *deleted, char *err, size_t errlen) {
  *deleted = 0;
  if (strlen(today) != 10 || retention_days < 0) return util_error(err, errlen, "store: bad purge arguments");
  store_file *files = NULL;
  int n = store_list(st, &files, err, errlen);
  if (n < 0) return -1;
  unsigned newest = n ? files[n - 1].gen : 0;
  free(files);
  char (*remove)[4200] = util_calloc(64, sizeof *remove);
  store_purge_ctx c = { today, retention_days, 0, newest, 0, remove };
  int rc = store_each_file(st, store_purge_file, &c, NULL, 0, err, errlen);
  *deleted = c.deleted;
  /* Empty retired epochs hold nothing to export: remove them and their WAL files. */
  for (int i = 0; rc == 0 && i < c.remove_count; i++) {
    if (st->db && !strcmp(remove[i], st->current.path)) continue;
    char side[4300];
    snprintf(side, sizeof side, "%s-wal", remove[i]); unlink(side);
    snprintf(side, sizeof side, "%s-shm", remove[i]); unlink(side);
    unlink(remove[i]);
  }
  free(remove);
  if (c.remove_count) util_fsync_dir_of(st->current_path[0] ? st->current_path : st->dir);
  return rc;
}

typedef struct { store_counts *c; } store_count_ctx;

static int store_count_file(sqlite3 *db, const store_file *f, void *vctx, char *err, size_t errlen) {
  store_counts *c = ((store_count_ctx *)vctx)->c;
  sqlite3_stmt *q = NULL;
  int rc = -1;
  c->files++;
  if (sqlite3_prepare_v2(db, "SELECT count(*), sum(state = 0), sum(state = 1), sum(state = 2) FROM checkin", -1, &q, NULL) != SQLITE_OK ||
      sqlite3_step(q) != SQLITE_ROW) {
    util_error(err, errlen, "%s: %s", f->path, sqlite3_errmsg(db));
    goto done;
  }
  c->total += sqlite3_column_int64(q, 0);
  c->fresh += sqlite3_column_int64(q, 1);
  c->exported += sqlite3_column_int64(q, 2);
  c->acked += sqlite3_column_int64(q, 3);
  rc = 0;
done:
  sqlite3_finalize(q);
  return rc;
}

int store_count(store *st, store_counts *c, char *err, size_t errlen) {
  memset(c, 0, sizeof *c);
  store_count_ctx ctx = { c };
  int rc = store_each_file(st, store_count_file, &ctx, NULL, 0, err, errlen);
  c->retired = c->files - (st->db ? 1 : 0);
  return rc;
}
