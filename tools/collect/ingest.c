/* ingest.c — schema and idempotent bundle ingest with signed receipts (ingest.h). */
#include "ingest.h"
#include "checkin/bundle.h"
#include "checkin/receipt.h"
#include "checkin/record.h"
#include "util/util.h"
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>   /* va_list */
#include <stdio.h>    /* snprintf */
#include <stdlib.h>   /* qsort */
#include <string.h>   /* memcmp */
#include <strings.h>  /* strncasecmp */
#include <time.h>     /* time, gmtime_r */
#include <unistd.h>   /* sysconf */

/* ---- schema ------------------------------------------------------------------------ */

/* The same tables on both engines; only the type names differ. Sealed records are the
 * source of truth (checkin_raw); response/answer are their opened contents, which
 * exports read. Nothing in response/answer names a kiosk, epoch or sequence number. */
#define INGEST_TABLES(BLOB, SERIAL) \
  "CREATE TABLE IF NOT EXISTS kiosk(kiosk_pk " BLOB " PRIMARY KEY, first_day TEXT NOT NULL," \
  " revoked_day TEXT);" \
  "CREATE TABLE IF NOT EXISTS epoch(epoch BIGINT PRIMARY KEY, kiosk_pk " BLOB " NOT NULL" \
  " REFERENCES kiosk(kiosk_pk));" \
  "CREATE TABLE IF NOT EXISTS bundle(bundle_hash " BLOB " PRIMARY KEY, kiosk_pk " BLOB " NOT NULL," \
  " records BIGINT NOT NULL, via TEXT NOT NULL, received_day TEXT NOT NULL, receipt " BLOB ");" \
  "CREATE TABLE IF NOT EXISTS checkin_raw(record_id " BLOB " PRIMARY KEY, kiosk_pk " BLOB " NOT NULL," \
  " epoch BIGINT NOT NULL, seq BIGINT NOT NULL, key_id " BLOB " NOT NULL, sealed " BLOB " NOT NULL," \
  " sealed_hash " BLOB " NOT NULL, bundle_hash " BLOB " NOT NULL, UNIQUE(kiosk_pk, epoch, seq));" \
  "CREATE TABLE IF NOT EXISTS conflict(id " SERIAL ", record_id " BLOB ", kiosk_pk " BLOB " NOT NULL," \
  " epoch BIGINT NOT NULL, seq BIGINT NOT NULL, sealed " BLOB " NOT NULL, bundle_hash " BLOB " NOT NULL," \
  " reason TEXT NOT NULL, received_day TEXT NOT NULL);" \
  "CREATE TABLE IF NOT EXISTS rejected(id " SERIAL ", kiosk_pk " BLOB " NOT NULL, epoch BIGINT NOT NULL," \
  " seq BIGINT NOT NULL, sealed " BLOB " NOT NULL, bundle_hash " BLOB " NOT NULL, reason TEXT NOT NULL," \
  " received_day TEXT NOT NULL);" \
  "CREATE TABLE IF NOT EXISTS response(record_id " BLOB " PRIMARY KEY REFERENCES checkin_raw(record_id)," \
  " site TEXT NOT NULL, day TEXT NOT NULL, iso_week TEXT NOT NULL, daypart INTEGER NOT NULL," \
  " questionnaire INTEGER NOT NULL, pack INTEGER NOT NULL, rapid INTEGER NOT NULL);" \
  "CREATE TABLE IF NOT EXISTS answer(record_id " BLOB " NOT NULL REFERENCES response(record_id)," \
  " question TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY(record_id, question, code));" \
  "CREATE INDEX IF NOT EXISTS response_week ON response(iso_week, site);"

/* The connection's own stage for one bundle's envelopes (ingest_store), a temporary
 * table: private to the connection, never written to the database file's pages. On
 * PostgreSQL COMMIT empties it; ingest also empties it first, for SQLite. */
#define INGEST_STAGE(BLOB, ORD, ON_COMMIT) \
  "CREATE TEMP TABLE IF NOT EXISTS wwc_stage(ord " ORD ", record_id " BLOB " NOT NULL," \
  " epoch BIGINT NOT NULL, seq BIGINT NOT NULL, key_id " BLOB " NOT NULL, sealed " BLOB " NOT NULL," \
  " sealed_hash " BLOB " NOT NULL)" ON_COMMIT ";"

int ingest_schema(db *d, char *err, size_t errlen) {
  const char *sql = db_kind(d) == DB_SQLITE
    ? INGEST_TABLES("BLOB", "INTEGER PRIMARY KEY") INGEST_STAGE("BLOB", "INTEGER PRIMARY KEY", "")
    : INGEST_TABLES("BYTEA", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
      INGEST_STAGE("BYTEA", "BIGINT NOT NULL", " ON COMMIT DELETE ROWS");
  return db_exec(d, sql, NULL, 0, err, errlen) < 0 ? -1 : 0;
}

/* ---- helpers ----------------------------------------------------------------------- */

int ingest_iso_week(const char *day, char out[9]) {
  int y, m, dd;
  char tail;
  if (strlen(day) != 10 || sscanf(day, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3 ||
      m < 1 || m > 12 || dd < 1 || dd > 31) return -1;
  struct tm tm = { 0 };
  tm.tm_year = y - 1900; tm.tm_mon = m - 1; tm.tm_mday = dd; tm.tm_hour = 12;
  time_t t = timegm(&tm);
  struct tm norm;
  if (t == (time_t)-1 || !gmtime_r(&t, &norm) || norm.tm_mday != dd) return -1;
  /* %G-W%V is ISO 8601 week-numbering year and week. */
  return strftime(out, 9, "%G-W%V", &norm) == 8 ? 0 : -1;
}

static void ingest_today(const ingest_options *opt, char day[11]) {
  if (opt && opt->today) { snprintf(day, 11, "%s", opt->today); return; }
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(day, 11, "%Y-%m-%d", &tm);
}

/* Appends printf text to a growing malloc'd report. */
static void ingest_note(char **report, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ingest_note(char **report, const char *fmt, ...) {
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  size_t old = *report ? strlen(*report) : 0, add = strlen(line);
  *report = util_realloc(*report, old + add + 1);
  memcpy(*report + old, line, add + 1);
}

/* One bundle entry after opening. */
typedef struct {
  const bundle_entry *entry;
  record rec;
  char week[9];                 /* ISO week of rec.day */
  int opened;
  int fresh;                    /* inserted by this ingest */
  int verdict;                  /* not fresh: 1 duplicate, 2 conflict */
  const char *conflict_reason;  /* static text, for verdict 2 */
  char reason[160];             /* why it could not be opened */
  unsigned char sealed_hash[32];
} ingest_item;

static int ingest_by_id(const void *a, const void *b) {
  const ingest_item *x = a, *y = b;
  if (x->opened != y->opened) return y->opened - x->opened;   /* opened first */
  return memcmp(x->rec.id, y->rec.id, 16);
}

static int ingest_by_epoch(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

void ingest_result_free(ingest_result *res) {
  free(res->receipt);
  free(res->report);
  memset(res, 0, sizeof *res);
}

/* ---- opening ------------------------------------------------------------------------ */

enum {
  INGEST_PARALLEL_MIN = 2000,   /* records per bundle before threads pay off */
  INGEST_MAX_THREADS = 8
};

typedef struct {
  ingest_item *items;
  size_t from, to;
  const keys *k;
} ingest_open_job;

/* Hashes and opens items[from..to) (entry set); each item is touched by one job only. */
static void *ingest_open_range(void *arg) {
  const ingest_open_job *j = arg;
  unsigned char key_id[8];
  record_key_id(j->k->research_pk, key_id);
  for (size_t i = j->from; i < j->to; i++) {
    ingest_item *it = &j->items[i];
    crypto_generichash(it->sealed_hash, 32, it->entry->sealed, it->entry->sealed_len, NULL, 0);
    if (memcmp(key_id, it->entry->key_id, 8) != 0)
      snprintf(it->reason, sizeof it->reason, "sealed to another researcher key");
    else if (record_open(it->entry->sealed, it->entry->sealed_len, j->k->research_pk, j->k->research_sk,
                         &it->rec, it->reason, sizeof it->reason) == 0) {
      if (ingest_iso_week(it->rec.day, it->week) == 0) it->opened = 1;
      else snprintf(it->reason, sizeof it->reason, "no such day '%s'", it->rec.day);
    }
  }
  return NULL;
}

/* Opens every item, on one thread per online CPU (at most INGEST_MAX_THREADS) for big
 * bundles: opening is one X25519 per record and dominates ingest otherwise. A thread
 * that cannot be started leaves its share to the calling thread. */
static void ingest_open_all(ingest_item *items, size_t count, const keys *k) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int threads = count < INGEST_PARALLEL_MIN || cpus < 2 ? 1 : cpus > INGEST_MAX_THREADS ? INGEST_MAX_THREADS : (int)cpus;
  ingest_open_job jobs[INGEST_MAX_THREADS];
  pthread_t tids[INGEST_MAX_THREADS];
  int started[INGEST_MAX_THREADS] = { 0 };
  for (int t = 0; t < threads; t++) {
    ingest_open_job j = { items, count * (size_t)t / (size_t)threads, count * (size_t)(t + 1) / (size_t)threads, k };
    jobs[t] = j;
  }
  for (int t = 1; t < threads; t++) started[t] = pthread_create(&tids[t], NULL, ingest_open_range, &jobs[t]) == 0;
  ingest_open_range(&jobs[0]);
  for (int t = 1; t < threads; t++) {
    if (started[t]) pthread_join(tids[t], NULL);
    else ingest_open_range(&jobs[t]);
  }
}

/* ---- storing a bundle's records ---------------------------------------------------- */

/* Verdict on one opened record that was not inserted. Returns 1 when it is this very
 * record again (duplicate), else 0 with *reason set (a conflict). */
static int ingest_same(const bundle_info *b, const ingest_item *it, const void *pk, size_t pk_len,
                       int64_t epoch, int64_t seq, const void *hash, size_t hash_len, const char **reason) {
  int same_place = pk_len == 32 && !memcmp(pk, b->kiosk_pk, 32) &&
                   epoch == (int64_t)it->entry->epoch && seq == (int64_t)it->entry->seq;
  int same_bytes = hash_len == 32 && !memcmp(hash, it->sealed_hash, 32);
  *reason = !same_bytes ? "same record id, different sealed bytes" : "same record id at another kiosk/epoch/seq";
  return same_place && same_bytes;
}

/* Finds the opened item (items[0..opened), sorted by id) with this id, epoch and seq. */
static ingest_item *ingest_find(ingest_item *items, size_t opened, const void *id, int64_t epoch, int64_t seq) {
  size_t lo = 0, hi = opened;
  while (lo < hi) {   /* first item whose id is >= id */
    size_t mid = lo + (hi - lo) / 2;
    if (memcmp(items[mid].rec.id, id, 16) < 0) lo = mid + 1; else hi = mid;
  }
  for (; lo < opened && !memcmp(items[lo].rec.id, id, 16); lo++)
    if ((int64_t)items[lo].entry->epoch == epoch && (int64_t)items[lo].entry->seq == seq) return &items[lo];
  return NULL;
}

/* Stores every item of one bundle inside the caller's transaction (the bundle row is
 * already inserted), filling the counts and notes of res. Set-based, so a bundle costs
 * a handful of round trips whatever its size:
 *   1. the opened records' envelopes go in bulk into the connection's stage table;
 *   2. one INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING moves them into
 *      checkin_raw in record-id order (concurrent overlapping bundles lock rows in the
 *      same order, so they cannot deadlock) and says which were new;
 *   3. the new records' contents go in bulk into response and answer;
 *   4. only if some were not new, one query tells duplicates (same id, same kiosk/epoch/
 *      seq, same sealed bytes) from conflicts, which go in bulk to the conflict table;
 *   5. records that could not be opened go in bulk to the rejected table.
 * Returns 0 or -1 with err set (the caller rolls back). */
static int ingest_store(db *d, const bundle_info *b, ingest_item *items, const char *today,
                        ingest_result *res, char *err, size_t errlen) {
  size_t opened = 0, fresh = 0, classified = 0;
  while (opened < b->count && items[opened].opened) opened++;   /* opened sort first */
  db_bulk *bulk = NULL;
  db_rows *r = NULL;
  int rc = -1;
  db_param bh[] = { db_blob(b->hash, 32) };

  if (opened) {
    if (db_exec(d, "DELETE FROM wwc_stage", NULL, 0, err, errlen) < 0) goto done;
    bulk = db_bulk_begin(d, "wwc_stage", "ord, record_id, epoch, seq, key_id, sealed, sealed_hash", 7, err, errlen);
    if (!bulk) goto done;
    for (size_t i = 0; i < opened; i++) {
      const ingest_item *it = &items[i];
      const bundle_entry *e = it->entry;
      db_param row[] = { db_int((int64_t)i), db_blob(it->rec.id, 16), db_int((int64_t)e->epoch), db_int((int64_t)e->seq),
                         db_blob(e->key_id, 8), db_blob(e->sealed, e->sealed_len), db_blob(it->sealed_hash, 32) };
      if (db_bulk_row(bulk, row, err, errlen) != 0) goto done;
    }
    rc = db_bulk_end(bulk, err, errlen);
    bulk = NULL;
    if (rc != 0) goto done;
    rc = -1;
    /* The kiosk key and bundle hash come from the bundle row: no typed parameters needed
     * in the select list (PostgreSQL could not infer them). WHERE keeps SQLite's parser
     * from reading ON CONFLICT as a join constraint. */
    r = db_query(d, "INSERT INTO checkin_raw(record_id, kiosk_pk, epoch, seq, key_id, sealed, sealed_hash, bundle_hash)"
                    " SELECT s.record_id, b.kiosk_pk, s.epoch, s.seq, s.key_id, s.sealed, s.sealed_hash, b.bundle_hash"
                    " FROM wwc_stage s, bundle b WHERE b.bundle_hash = $1 ORDER BY s.record_id, s.ord"
                    " ON CONFLICT DO NOTHING RETURNING record_id, epoch, seq", bh, 1, err, errlen);
    if (!r) goto done;
    int got;
    while ((got = db_next(r)) == 1) {
      size_t len;
      const void *id = db_col_blob(r, 0, &len);
      ingest_item *it = len == 16 ? ingest_find(items, opened, id, db_col_int(r, 1), db_col_int(r, 2)) : NULL;
      if (!it || it->fresh) { util_error(err, errlen, "stored a record this bundle does not hold"); goto done; }
      it->fresh = 1;
      fresh++;
    }
    if (got < 0) { util_error(err, errlen, "%s", db_rows_error(r)); goto done; }
    db_rows_free(r);
    r = NULL;

    bulk = db_bulk_begin(d, "response", "record_id, site, day, iso_week, daypart, questionnaire, pack, rapid", 8, err, errlen);
    if (!bulk) goto done;
    for (size_t i = 0; i < opened; i++) {
      const ingest_item *it = &items[i];
      if (!it->fresh) continue;
      int rapid = (it->rec.flags & RECORD_FLAG_RAPID) != 0;
      db_param row[] = { db_blob(it->rec.id, 16), db_text(it->rec.site), db_text(it->rec.day), db_text(it->week),
                         db_int32(it->rec.daypart), db_int32(it->rec.questionnaire_version),
                         db_int32(it->rec.pack_version), db_int32(rapid) };
      if (db_bulk_row(bulk, row, err, errlen) != 0) goto done;
    }
    rc = db_bulk_end(bulk, err, errlen);
    bulk = NULL;
    if (rc != 0) goto done;
    rc = -1;
    bulk = db_bulk_begin(d, "answer", "record_id, question, code", 3, err, errlen);
    if (!bulk) goto done;
    for (size_t i = 0; i < opened; i++) {
      const ingest_item *it = &items[i];
      if (!it->fresh) continue;
      for (int a = 0; a < it->rec.answer_count; a++)
        for (int c = 0; c < it->rec.answers[a].choice_count; c++) {
          db_param row[] = { db_blob(it->rec.id, 16), db_text(it->rec.answers[a].question),
                             db_text(it->rec.answers[a].choices[c]) };
          if (db_bulk_row(bulk, row, err, errlen) != 0) goto done;
        }
    }
    rc = db_bulk_end(bulk, err, errlen);
    bulk = NULL;
    if (rc != 0) goto done;
    rc = -1;
  }

  if (fresh < opened) {
    /* Not inserted: this very record again, or a clash on id or on kiosk/epoch/seq. A
     * staged row whose id is missing from checkin_raw clashed on kiosk/epoch/seq. */
    r = db_query(d, "SELECT s.ord, c.record_id, c.kiosk_pk, c.epoch, c.seq, c.sealed_hash"
                    " FROM wwc_stage s LEFT JOIN checkin_raw c ON c.record_id = s.record_id"
                    " WHERE c.record_id IS NULL OR c.bundle_hash <> $1 OR c.epoch <> s.epoch OR c.seq <> s.seq"
                    " ORDER BY s.ord", bh, 1, err, errlen);
    if (!r) goto done;
    int got;
    while ((got = db_next(r)) == 1) {
      int64_t ord = db_col_int(r, 0);
      if (ord < 0 || (size_t)ord >= opened || items[ord].fresh || items[ord].verdict) {
        util_error(err, errlen, "classifying the bundle's stored records went wrong");
        goto done;
      }
      ingest_item *it = &items[ord];
      const char *reason = "same kiosk/epoch/seq already holds another record id";
      int same = 0;
      if (!db_is_null(r, 1)) {
        size_t pk_len, h_len;
        const void *pk = db_col_blob(r, 2, &pk_len);
        int64_t epoch = db_col_int(r, 3), seq = db_col_int(r, 4);
        const void *h = db_col_blob(r, 5, &h_len);
        same = ingest_same(b, it, pk, pk_len, epoch, seq, h, h_len, &reason);
      }
      it->verdict = same ? 1 : 2;
      it->conflict_reason = reason;
      classified++;
    }
    if (got < 0) { util_error(err, errlen, "%s", db_rows_error(r)); goto done; }
    db_rows_free(r);
    r = NULL;
    if (classified != opened - fresh) {
      util_error(err, errlen, "%zu records neither stored nor classified", opened - fresh - classified);
      goto done;
    }
    bulk = db_bulk_begin(d, "conflict", "record_id, kiosk_pk, epoch, seq, sealed, bundle_hash, reason, received_day",
                         8, err, errlen);
    if (!bulk) goto done;
    for (size_t i = 0; i < opened; i++) {
      ingest_item *it = &items[i];
      if (it->verdict == 1) res->count_duplicate++;
      if (it->verdict != 2) continue;
      res->count_conflict++;
      char idhex[33];
      record_hex(it->rec.id, 16, idhex);
      ingest_note(&res->report, "conflict: epoch %016llx seq %llu, record %s: %s (quarantined, original kept)\n",
                  (unsigned long long)it->entry->epoch, (unsigned long long)it->entry->seq, idhex, it->conflict_reason);
      db_param row[] = { db_blob(it->rec.id, 16), db_blob(b->kiosk_pk, 32), db_int((int64_t)it->entry->epoch),
                         db_int((int64_t)it->entry->seq), db_blob(it->entry->sealed, it->entry->sealed_len),
                         db_blob(b->hash, 32), db_text(it->conflict_reason), db_text(today) };
      if (db_bulk_row(bulk, row, err, errlen) != 0) goto done;
    }
    rc = db_bulk_end(bulk, err, errlen);
    bulk = NULL;
    if (rc != 0) goto done;
    rc = -1;
  }
  res->count_new = (uint32_t)fresh;

  if (opened < b->count) {
    bulk = db_bulk_begin(d, "rejected", "kiosk_pk, epoch, seq, sealed, bundle_hash, reason, received_day", 7, err, errlen);
    if (!bulk) goto done;
    for (size_t i = opened; i < b->count; i++) {
      const ingest_item *it = &items[i];
      res->count_rejected++;
      ingest_note(&res->report, "rejected: epoch %016llx seq %llu: %s (kept by the kiosk)\n",
                  (unsigned long long)it->entry->epoch, (unsigned long long)it->entry->seq, it->reason);
      db_param row[] = { db_blob(b->kiosk_pk, 32), db_int((int64_t)it->entry->epoch), db_int((int64_t)it->entry->seq),
                         db_blob(it->entry->sealed, it->entry->sealed_len), db_blob(b->hash, 32),
                         db_text(it->reason), db_text(today) };
      if (db_bulk_row(bulk, row, err, errlen) != 0) goto done;
    }
    rc = db_bulk_end(bulk, err, errlen);
    bulk = NULL;
    if (rc != 0) goto done;
  }
  rc = 0;
done:
  db_bulk_abort(bulk);
  db_rows_free(r);
  return rc;
}

/* Appends the held (epoch, seq) ranges of this kiosk for one epoch to *ranges and
 * notes gaps. Gaps-and-islands: seq - row_number() is constant along a run. */
static int ingest_ranges(db *d, const unsigned char kiosk_pk[32], uint64_t epoch,
                         receipt_range **ranges, size_t *count, size_t *cap, char **report,
                         char *err, size_t errlen) {
  db_param p[] = { db_blob(kiosk_pk, 32), db_int((int64_t)epoch) };
  db_rows *r = db_query(d, "SELECT min(seq), max(seq) FROM (SELECT seq, seq - row_number() OVER (ORDER BY seq) AS run"
                           " FROM checkin_raw WHERE kiosk_pk = $1 AND epoch = $2) AS held GROUP BY run ORDER BY 1",
                        p, 2, err, errlen);
  if (!r) return -1;
  uint64_t expect_next = 1;
  int rc;
  while ((rc = db_next(r)) == 1) {
    uint64_t first = (uint64_t)db_col_int(r, 0), last = (uint64_t)db_col_int(r, 1);
    if (first > expect_next)
      ingest_note(report, "gap: epoch %016llx is missing seq %llu-%llu\n", (unsigned long long)epoch,
                  (unsigned long long)expect_next, (unsigned long long)first - 1);
    expect_next = last + 1;
    if (*count == *cap) {
      *cap = *cap ? *cap * 2 : 16;
      *ranges = util_realloc(*ranges, sizeof **ranges * *cap);
    }
    receipt_range rr = { epoch, first, last };
    (*ranges)[(*count)++] = rr;
  }
  if (rc < 0) util_error(err, errlen, "%s", db_rows_error(r));
  db_rows_free(r);
  return rc < 0 ? -1 : 0;
}

/* ---- one bundle -------------------------------------------------------------------- */

/* Checks the kiosk key: registers it on first sight if allowed, refuses revoked ones and
 * epochs already owned by another key. Returns 0, INGEST_FORBIDDEN, or -1 (db error). */
static int ingest_check_kiosk(db *d, const bundle_info *b, const uint64_t *epochs, size_t epoch_count,
                              const ingest_options *opt, const char *today, ingest_result *res,
                              char *err, size_t errlen) {
  db_param pk[] = { db_blob(b->kiosk_pk, 32), db_text(today) };
  if (opt->register_new) {
    int64_t n = db_exec(d, "INSERT INTO kiosk(kiosk_pk, first_day) VALUES($1, $2) ON CONFLICT DO NOTHING",
                        pk, 2, err, errlen);
    if (n < 0) return -1;
    res->new_kiosk = n == 1;
  }
  db_rows *r = db_query(d, "SELECT revoked_day FROM kiosk WHERE kiosk_pk = $1", pk, 1, err, errlen);
  if (!r) return -1;
  int got = db_next(r), revoked = got == 1 && !db_is_null(r, 0);
  char revoked_day[16] = "";
  if (revoked) snprintf(revoked_day, sizeof revoked_day, "%s", db_col_text(r, 0));
  db_rows_free(r);
  if (got < 0) return util_error(err, errlen, "reading the kiosk register failed");
  if (got == 0) {
    util_error(err, errlen, "kiosk %s is not registered (run ingest without --known-kiosks-only to register it)", res->kiosk);
    return INGEST_FORBIDDEN;
  }
  if (revoked) {
    util_error(err, errlen, "kiosk %s was revoked on %s; its bundles are refused", res->kiosk, revoked_day);
    return INGEST_FORBIDDEN;
  }
  for (size_t i = 0; i < epoch_count; i++) {
    db_param ep[] = { db_int((int64_t)epochs[i]), db_blob(b->kiosk_pk, 32) };
    if (db_exec(d, "INSERT INTO epoch(epoch, kiosk_pk) VALUES($1, $2) ON CONFLICT DO NOTHING", ep, 2, err, errlen) < 0)
      return -1;
    r = db_query(d, "SELECT kiosk_pk FROM epoch WHERE epoch = $1", ep, 1, err, errlen);
    if (!r) return -1;
    got = db_next(r);
    size_t len = 0;
    const void *owner = got == 1 ? db_col_blob(r, 0, &len) : NULL;
    int mismatch = got == 1 && (len != 32 || memcmp(owner, b->kiosk_pk, 32));
    char owner_hex[65] = "";
    if (mismatch && len == 32) record_hex(owner, 32, owner_hex);
    db_rows_free(r);
    if (got != 1) return util_error(err, errlen, "reading the epoch register failed");
    if (mismatch) {
      util_error(err, errlen, "KEY CHANGED: epoch %016llx belongs to kiosk %.16s but this bundle is signed by"
                 " kiosk %s; refused (a copied store or a replaced key; check the kiosk)",
                 (unsigned long long)epochs[i], owner_hex, res->kiosk);
      return INGEST_FORBIDDEN;
    }
  }
  return 0;
}

int ingest_bundle(db *d, const keys *k, const unsigned char *data, size_t len,
                  const ingest_options *opt, ingest_result *res, char *err, size_t errlen) {
  memset(res, 0, sizeof *res);
  bundle_info b;
  ingest_item *items = NULL;
  uint64_t *epochs = NULL;
  receipt_range *ranges = NULL;
  size_t range_count = 0, range_cap = 0, epoch_count = 0;
  char today[11];
  int in_tx = 0;
  ingest_today(opt, today);
  res->status = INGEST_BAD;
  if (bundle_parse(data, len, &b, err, errlen) != 0) return res->status;
  res->status = INGEST_FAILED;
  res->records = b.count;
  record_hex(b.kiosk_pk, 8, res->kiosk);

  /* Open every record before taking any lock: the crypto is the slow part. */
  items = util_calloc(b.count ? b.count : 1, sizeof *items);
  epochs = util_malloc(sizeof *epochs * (b.count ? b.count : 1));
  for (size_t i = 0; i < b.count; i++) {
    items[i].entry = &b.entries[i];
    epochs[epoch_count++] = b.entries[i].epoch;
  }
  ingest_open_all(items, b.count, k);
  qsort(epochs, epoch_count, sizeof *epochs, ingest_by_epoch);
  size_t unique = 0;
  for (size_t i = 0; i < epoch_count; i++)
    if (unique == 0 || epochs[unique - 1] != epochs[i]) epochs[unique++] = epochs[i];
  epoch_count = unique;
  /* Record-id order everywhere, so concurrent overlapping bundles lock rows in the same
   * order and cannot deadlock each other. */
  qsort(items, b.count, sizeof *items, ingest_by_id);

  if (db_begin(d, err, errlen) != 0) goto done;
  in_tx = 1;
  int kiosk_rc = ingest_check_kiosk(d, &b, epochs, epoch_count, opt, today, res, err, errlen);
  if (kiosk_rc != 0) { if (kiosk_rc == INGEST_FORBIDDEN) res->status = INGEST_FORBIDDEN; goto done; }

  db_param bp[] = { db_blob(b.hash, 32), db_blob(b.kiosk_pk, 32), db_int((int64_t)b.count),
                    db_text(opt->via ? opt->via : "file"), db_text(today) };
  int64_t fresh = db_exec(d, "INSERT INTO bundle(bundle_hash, kiosk_pk, records, via, received_day)"
                             " VALUES($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", bp, 5, err, errlen);
  if (fresh < 0) goto done;
  if (fresh == 0) {   /* seen before: answer with the receipt stored then */
    db_rows *r = db_query(d, "SELECT receipt FROM bundle WHERE bundle_hash = $1", bp, 1, err, errlen);
    if (!r) goto done;
    if (db_next(r) == 1 && !db_is_null(r, 0)) {
      const void *p = db_col_blob(r, 0, &res->receipt_len);
      res->receipt = util_malloc(res->receipt_len);
      memcpy(res->receipt, p, res->receipt_len);
      res->status = INGEST_RESENT;
    } else {
      util_error(err, errlen, "bundle is recorded without a receipt");
    }
    db_rows_free(r);
    if (res->status == INGEST_RESENT) ingest_note(&res->report, "identical bundle received before: stored receipt returned\n");
    goto done;
  }

  if (ingest_store(d, &b, items, today, res, err, errlen) != 0) goto done;

  for (size_t i = 0; i < epoch_count; i++)
    if (ingest_ranges(d, b.kiosk_pk, epochs[i], &ranges, &range_count, &range_cap, &res->report, err, errlen) != 0)
      goto done;
  receipt rc = { 0 };
  rc.version = RECEIPT_VERSION;
  memcpy(rc.kiosk_pk, b.kiosk_pk, 32);
  memcpy(rc.bundle_hash, b.hash, 32);
  memcpy(rc.created_day, today, 11);
  rc.count_new = res->count_new;
  rc.count_duplicate = res->count_duplicate;
  rc.count_conflict = res->count_conflict;
  rc.count_rejected = res->count_rejected;
  rc.ranges = ranges;
  rc.range_count = range_count;
  if (receipt_create(&rc, k->collector_sk, &res->receipt, &res->receipt_len, err, errlen) != 0) goto done;
  db_param up[] = { db_blob(res->receipt, res->receipt_len), db_blob(b.hash, 32) };
  if (db_exec(d, "UPDATE bundle SET receipt = $1 WHERE bundle_hash = $2", up, 2, err, errlen) != 1) {
    if (!*err) util_error(err, errlen, "could not store the receipt");
    goto done;
  }
  /* The receipt leaves only after COMMIT: it lets the kiosk delete these records. */
  if (db_commit(d, err, errlen) != 0) goto done;
  in_tx = 0;
  res->status = INGEST_STORED;
done:
  if (in_tx && res->status == INGEST_RESENT && db_commit(d, err, errlen) == 0) in_tx = 0;
  if (in_tx) db_rollback(d);
  if (res->status != INGEST_STORED && res->status != INGEST_RESENT) {
    free(res->receipt);
    res->receipt = NULL;
    res->receipt_len = 0;
  }
  if (items) sodium_memzero(items, sizeof *items * (b.count ? b.count : 1));
  free(items);
  free(epochs);
  free(ranges);
  bundle_info_free(&b);
  return res->status;
}

int ingest_revoke(db *d, const char *kiosk_hex, const char *today, char *err, size_t errlen) {
  size_t n = strlen(kiosk_hex);
  if (n < 8 || n > 64) return util_error(err, errlen, "give at least 8 hex digits of the kiosk key");
  db_rows *r = db_query(d, "SELECT kiosk_pk FROM kiosk", NULL, 0, err, errlen);
  if (!r) return -1;
  unsigned char match[32];
  int matches = 0, rc;
  while ((rc = db_next(r)) == 1) {
    size_t len;
    const void *pk = db_col_blob(r, 0, &len);
    char hex[65];
    if (len != 32) continue;
    record_hex(pk, 32, hex);
    if (!strncasecmp(hex, kiosk_hex, n)) { memcpy(match, pk, 32); matches++; }
  }
  db_rows_free(r);
  if (rc < 0) return util_error(err, errlen, "reading the kiosk register failed");
  if (matches != 1) return util_error(err, errlen, "%d kiosks match %s; need exactly one", matches, kiosk_hex);
  char day[11];
  ingest_options o = { 0, NULL, today };
  ingest_today(&o, day);
  db_param p[] = { db_text(day), db_blob(match, 32) };
  return db_exec(d, "UPDATE kiosk SET revoked_day = $1 WHERE kiosk_pk = $2 AND revoked_day IS NULL", p, 2, err, errlen) < 0 ? -1 : 0;
}
