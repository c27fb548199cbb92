/* ingest.c — enrolment and idempotent sealed bundle ingest with signed receipts (ingest.h). */
#include "ingest.h"
#include "checkin/bundle.h"
#include "checkin/receipt.h"
#include "checkin/record.h"
#include "util/util.h"
#include <sodium.h>
#include <stdarg.h>   /* va_list */
#include <stdio.h>    /* snprintf */
#include <stdlib.h>   /* qsort */
#include <string.h>   /* memcmp */
#include <strings.h>  /* strncasecmp */
#include <time.h>     /* time, gmtime_r */

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

void ingest_today(const char *override, char day[11]) {
  if (override) { snprintf(day, 11, "%s", override); return; }
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

/* One bundle entry as ingest sees it: sealed, never opened. */
typedef struct {
  const bundle_entry *entry;
  int foreign;                  /* sealed to another researcher key: rejected */
  int fresh;                    /* inserted by this ingest */
  int verdict;                  /* not fresh: 1 duplicate, 2 conflict */
  unsigned char sealed_hash[32];
} ingest_item;

static int ingest_by_epoch(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

void ingest_result_free(ingest_result *res) {
  free(res->receipt);
  free(res->report);
  memset(res, 0, sizeof *res);
}

/* ---- storing a bundle's records ---------------------------------------------------- */

/* Bulk rows of the items chosen by want(item) into table. 0 or -1 with err set. */
static int ingest_bulk_quarantine(db *d, const char *table, const bundle_info *b, ingest_item *items,
                                  int verdict, const char *reason, const char *today, char *err, size_t errlen) {
  db_bulk *bulk = db_bulk_begin(d, table, "kiosk_pk, epoch, seq, sealed, bundle_hash, reason, received_day", 7,
                                err, errlen);
  if (!bulk) return -1;
  for (size_t i = 0; i < b->count; i++) {
    const ingest_item *it = &items[i];
    if (verdict ? it->verdict != verdict : !it->foreign) continue;
    db_param row[] = { db_blob(b->kiosk_pk, 32), db_int((int64_t)it->entry->epoch), db_int((int64_t)it->entry->seq),
                       db_blob(it->entry->sealed, it->entry->sealed_len), db_blob(b->hash, 32),
                       db_text(reason), db_text(today) };
    if (db_bulk_row(bulk, row, err, errlen) != 0) { db_bulk_abort(bulk); return -1; }
  }
  return db_bulk_end(bulk, err, errlen);
}

/* Stores every item of one bundle inside the caller's transaction (the bundle row is
 * already inserted), filling the counts and notes of res. Set-based, so a bundle costs
 * a handful of round trips whatever its size:
 *   1. the envelopes sealed to our researcher key go in bulk into the stage table;
 *   2. one INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING moves them into
 *      checkin_raw in (epoch, seq) order and says which were new;
 *   3. only if some were not new, one query tells duplicates (same bytes at the same
 *      place) from conflicts (other bytes), which go to the conflict table;
 *   4. records sealed to another researcher key go to the rejected table.
 * Returns 0 or -1 with err set (the caller rolls back). */
static int ingest_store(db *d, const bundle_info *b, ingest_item *items, const char *today,
                        ingest_result *res, char *err, size_t errlen) {
  size_t ours = 0, fresh = 0;
  for (size_t i = 0; i < b->count; i++) ours += !items[i].foreign;
  db_param bh[] = { db_blob(b->hash, 32), db_blob(b->kiosk_pk, 32) };
  if (ours) {
    if (db_exec(d, "DELETE FROM wwc_stage", NULL, 0, err, errlen) < 0) return -1;
    db_bulk *bulk = db_bulk_begin(d, "wwc_stage", "ord, epoch, seq, key_id, sealed, sealed_hash", 6, err, errlen);
    if (!bulk) return -1;
    for (size_t i = 0; i < b->count; i++) {
      const ingest_item *it = &items[i];
      if (it->foreign) continue;
      const bundle_entry *e = it->entry;
      db_param row[] = { db_int((int64_t)i), db_int((int64_t)e->epoch), db_int((int64_t)e->seq),
                         db_blob(e->key_id, 8), db_blob(e->sealed, e->sealed_len), db_blob(it->sealed_hash, 32) };
      if (db_bulk_row(bulk, row, err, errlen) != 0) { db_bulk_abort(bulk); return -1; }
    }
    if (db_bulk_end(bulk, err, errlen) != 0) return -1;
    /* The kiosk key and bundle hash come from the bundle row (PostgreSQL could not type
     * parameters in a select list). WHERE keeps SQLite from reading ON CONFLICT as a
     * join constraint. */
    db_rows *r = db_query(d, "INSERT INTO checkin_raw(kiosk_pk, epoch, seq, key_id, sealed, sealed_hash, bundle_hash)"
                             " SELECT b.kiosk_pk, s.epoch, s.seq, s.key_id, s.sealed, s.sealed_hash, b.bundle_hash"
                             " FROM wwc_stage s, bundle b WHERE b.bundle_hash = $1 ORDER BY s.epoch, s.seq, s.ord"
                             " ON CONFLICT DO NOTHING RETURNING epoch, seq", bh, 1, err, errlen);
    if (!r) return -1;
    int got;
    while ((got = db_next(r)) == 1) {
      int64_t epoch = db_col_int(r, 0), seq = db_col_int(r, 1);
      size_t i = 0;
      while (i < b->count && (items[i].foreign || items[i].fresh || (int64_t)items[i].entry->epoch != epoch ||
                              (int64_t)items[i].entry->seq != seq)) i++;
      if (i == b->count) { db_rows_free(r); return util_error(err, errlen, "stored a record this bundle does not hold"); }
      items[i].fresh = 1;
      fresh++;
    }
    if (got < 0) { util_error(err, errlen, "%s", db_rows_error(r)); db_rows_free(r); return -1; }
    db_rows_free(r);
  }
  if (fresh < ours) {
    /* Not inserted: this very record again (same bytes) or another at a held place. */
    db_rows *r = db_query(d, "SELECT s.ord, c.sealed_hash FROM wwc_stage s JOIN checkin_raw c"
                             " ON c.kiosk_pk = $1 AND c.epoch = s.epoch AND c.seq = s.seq ORDER BY s.ord",
                          bh + 1, 1, err, errlen);
    if (!r) return -1;
    int got;
    while ((got = db_next(r)) == 1) {
      int64_t ord = db_col_int(r, 0);
      if (ord < 0 || (size_t)ord >= b->count) { db_rows_free(r); return util_error(err, errlen, "bad stage row"); }
      ingest_item *it = &items[ord];
      if (it->fresh) continue;
      size_t hl;
      const void *h = db_col_blob(r, 1, &hl);
      it->verdict = hl == 32 && !memcmp(h, it->sealed_hash, 32) ? 1 : 2;
    }
    if (got < 0) { util_error(err, errlen, "%s", db_rows_error(r)); db_rows_free(r); return -1; }
    db_rows_free(r);
    for (size_t i = 0; i < b->count; i++) {
      ingest_item *it = &items[i];
      if (it->foreign || it->fresh) continue;
      if (!it->verdict) return util_error(err, errlen, "a record was neither stored nor classified");
      if (it->verdict == 1) { res->count_duplicate++; continue; }
      res->count_conflict++;
      ingest_note(&res->report, "conflict: epoch %016llx seq %llu: other sealed bytes at a held place"
                  " (quarantined, original kept)\n", (unsigned long long)it->entry->epoch,
                  (unsigned long long)it->entry->seq);
    }
    if (res->count_conflict &&
        ingest_bulk_quarantine(d, "conflict", b, items, 2, "other sealed bytes at a held kiosk/epoch/seq", today,
                               err, errlen) != 0) return -1;
  }
  res->count_new = (uint32_t)fresh;
  for (size_t i = 0; i < b->count; i++)
    if (items[i].foreign) {
      res->count_rejected++;
      ingest_note(&res->report, "rejected: epoch %016llx seq %llu: sealed to another researcher key (kept by the kiosk)\n",
                  (unsigned long long)items[i].entry->epoch, (unsigned long long)items[i].entry->seq);
    }
  if (res->count_rejected &&
      ingest_bulk_quarantine(d, "rejected", b, items, 0, "sealed to another researcher key", today, err, errlen) != 0)
    return -1;
  return 0;
}

/* The ranges the receipt confirms: this bundle's records that the collector now holds
 * with exactly these bytes (new, or a duplicate of what it held), never a conflict or a
 * rejected record, in runs of consecutive seqs, each with the hash of its content
 * (receipt_content). Bundle entries come in (epoch, seq) order (BUNDLE.md §3). Gaps
 * between runs are noted in the report. Returns the malloc'd ranges, count in *count. */
static receipt_range *ingest_ranges(const bundle_info *b, const ingest_item *items, size_t *count, char **report) {
  receipt_range *ranges = util_calloc(b->count ? b->count : 1, sizeof *ranges);
  receipt_content content;
  size_t n = 0;
  for (size_t i = 0; i < b->count; i++) {
    const ingest_item *it = &items[i];
    if (it->foreign || (!it->fresh && it->verdict != 1)) continue;
    const bundle_entry *e = it->entry;
    receipt_range *last = n ? &ranges[n - 1] : NULL;
    if (last && last->epoch == e->epoch && last->last_seq + 1 == e->seq) {
      last->last_seq = e->seq;
    } else {
      if (last) receipt_content_final(&content, last->content);
      if (last && last->epoch == e->epoch && e->seq > last->last_seq + 1)
        ingest_note(report, "gap: epoch %016llx: seq %llu-%llu not confirmed\n", (unsigned long long)e->epoch,
                    (unsigned long long)last->last_seq + 1, (unsigned long long)e->seq - 1);
      ranges[n++] = (receipt_range){ .epoch = e->epoch, .first_seq = e->seq, .last_seq = e->seq };
      receipt_content_init(&content);
    }
    receipt_content_add(&content, e->sealed, e->sealed_len);
  }
  if (n) receipt_content_final(&content, ranges[n - 1].content);
  *count = n;
  return ranges;
}

/* ---- one bundle -------------------------------------------------------------------- */

/* The kiosk must be enrolled and not revoked. Read-only, before any transaction or
 * record work. Returns 0, INGEST_FORBIDDEN, or -1 (db error); err set for the log. */
static int ingest_kiosk_enrolled(db *d, const bundle_info *b, const ingest_result *res, char *err, size_t errlen) {
  db_param pk[] = { db_blob(b->kiosk_pk, 32) };
  db_rows *r = db_query(d, "SELECT revoked_day FROM kiosk WHERE kiosk_pk = $1", pk, 1, err, errlen);
  if (!r) return -1;
  int got = db_next(r), revoked = got == 1 && !db_is_null(r, 0);
  char revoked_day[16] = "";
  if (revoked) snprintf(revoked_day, sizeof revoked_day, "%s", db_col_text(r, 0));
  db_rows_free(r);
  if (got < 0) return util_error(err, errlen, "reading the kiosk register failed");
  if (got == 0) {
    util_error(err, errlen, "kiosk %s is not enrolled (wegwijs-collect enrol --site SITE KEY); nothing kept", res->kiosk);
    return INGEST_FORBIDDEN;
  }
  if (revoked) {
    util_error(err, errlen, "kiosk %s was revoked on %s; its bundles are refused", res->kiosk, revoked_day);
    return INGEST_FORBIDDEN;
  }
  return 0;
}

/* Claims the bundle's epochs for its kiosk inside the transaction; an epoch owned by
 * another key is refused. Returns 0, INGEST_FORBIDDEN, or -1 (db error). */
static int ingest_claim_epochs(db *d, const bundle_info *b, const uint64_t *epochs, size_t epoch_count,
                               const ingest_result *res, char *err, size_t errlen) {
  for (size_t i = 0; i < epoch_count; i++) {
    db_param ep[] = { db_int((int64_t)epochs[i]), db_blob(b->kiosk_pk, 32) };
    if (db_exec(d, "INSERT INTO epoch(epoch, kiosk_pk) VALUES($1, $2) ON CONFLICT DO NOTHING", ep, 2, err, errlen) < 0)
      return -1;
    db_rows *r = db_query(d, "SELECT kiosk_pk FROM epoch WHERE epoch = $1", ep, 1, err, errlen);
    if (!r) return -1;
    int got = db_next(r);
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

/* Answers an identical resend with the receipt stored then. 0 or -1. */
static int ingest_stored_receipt(db *d, const bundle_info *b, ingest_result *res, char *err, size_t errlen) {
  db_param bp[] = { db_blob(b->hash, 32) };
  db_rows *r = db_query(d, "SELECT receipt FROM bundle WHERE bundle_hash = $1", bp, 1, err, errlen);
  if (!r) return -1;
  int rc = -1;
  if (db_next(r) == 1 && !db_is_null(r, 0)) {
    const void *p = db_col_blob(r, 0, &res->receipt_len);
    res->receipt = util_malloc(res->receipt_len);
    memcpy(res->receipt, p, res->receipt_len);
    ingest_note(&res->report, "identical bundle received before: stored receipt returned\n");
    rc = 0;
  } else {
    util_error(err, errlen, "bundle is recorded without a receipt");
  }
  db_rows_free(r);
  return rc;
}

/* Signs the receipt over what this bundle delivered (ingest_ranges) and keeps it with
 * the bundle row. 0 or -1. */
static int ingest_sign_receipt(db *d, const keys *k, const bundle_info *b, const ingest_item *items,
                               const char *today, ingest_result *res, char *err, size_t errlen) {
  size_t range_count = 0;
  receipt_range *ranges = ingest_ranges(b, items, &range_count, &res->report);
  int rc = -1;
  receipt rc_ = { 0 };
  rc_.version = RECEIPT_VERSION;
  memcpy(rc_.kiosk_pk, b->kiosk_pk, 32);
  memcpy(rc_.bundle_hash, b->hash, 32);
  memcpy(rc_.created_day, today, 11);
  rc_.count_new = res->count_new;
  rc_.count_duplicate = res->count_duplicate;
  rc_.count_conflict = res->count_conflict;
  rc_.count_rejected = res->count_rejected;
  rc_.ranges = ranges;
  rc_.range_count = range_count;
  if (receipt_create(&rc_, k->collector_sk, &res->receipt, &res->receipt_len, err, errlen) != 0) goto done;
  db_param up[] = { db_blob(res->receipt, res->receipt_len), db_blob(b->hash, 32) };
  if (db_exec(d, "UPDATE bundle SET receipt = $1 WHERE bundle_hash = $2", up, 2, err, errlen) != 1) {
    if (!*err) util_error(err, errlen, "could not store the receipt");
    goto done;
  }
  rc = 0;
done:
  free(ranges);
  return rc;
}

int ingest_bundle(db *d, const keys *k, const unsigned char *data, size_t len,
                  const ingest_options *opt, ingest_result *res, char *err, size_t errlen) {
  memset(res, 0, sizeof *res);
  bundle_info b;
  ingest_item *items = NULL;
  uint64_t *epochs = NULL;
  size_t epoch_count = 0;
  char today[11];
  int in_tx = 0;
  ingest_today(opt ? opt->today : NULL, today);
  res->status = INGEST_BAD;
  if (!k->has_collector || !k->has_research_pk) return util_error(err, errlen, "ingest needs the collector key and researcher.pk");
  if (bundle_parse(data, len, &b, err, errlen) != 0) return res->status;   /* signature first */
  res->status = INGEST_FAILED;
  res->records = b.count;
  record_hex(b.kiosk_pk, 8, res->kiosk);
  int kiosk_rc = ingest_kiosk_enrolled(d, &b, res, err, errlen);   /* before any record work */
  if (kiosk_rc != 0) { if (kiosk_rc == INGEST_FORBIDDEN) res->status = INGEST_FORBIDDEN; goto done; }

  unsigned char key_id[8];
  record_key_id(k->research_pk, key_id);
  items = util_calloc(b.count ? b.count : 1, sizeof *items);
  epochs = util_malloc(sizeof *epochs * (b.count ? b.count : 1));
  for (size_t i = 0; i < b.count; i++) {
    items[i].entry = &b.entries[i];
    items[i].foreign = memcmp(key_id, b.entries[i].key_id, 8) != 0;
    crypto_generichash(items[i].sealed_hash, 32, b.entries[i].sealed, b.entries[i].sealed_len, NULL, 0);
    epochs[epoch_count++] = b.entries[i].epoch;
  }
  qsort(epochs, epoch_count, sizeof *epochs, ingest_by_epoch);
  size_t unique = 0;
  for (size_t i = 0; i < epoch_count; i++)
    if (unique == 0 || epochs[unique - 1] != epochs[i]) epochs[unique++] = epochs[i];
  epoch_count = unique;

  if (db_begin(d, err, errlen) != 0) goto done;
  in_tx = 1;
  kiosk_rc = ingest_claim_epochs(d, &b, epochs, epoch_count, res, err, errlen);
  if (kiosk_rc != 0) { if (kiosk_rc == INGEST_FORBIDDEN) res->status = INGEST_FORBIDDEN; goto done; }
  db_param bp[] = { db_blob(b.hash, 32), db_blob(b.kiosk_pk, 32), db_int((int64_t)b.count),
                    db_text(opt && opt->via ? opt->via : "file"), db_text(today) };
  int64_t fresh = db_exec(d, "INSERT INTO bundle(bundle_hash, kiosk_pk, records, via, received_day)"
                             " VALUES($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", bp, 5, err, errlen);
  if (fresh < 0) goto done;
  if (fresh == 0) {
    if (ingest_stored_receipt(d, &b, res, err, errlen) == 0 && db_commit(d, err, errlen) == 0) {
      in_tx = 0;
      res->status = INGEST_RESENT;
    }
    goto done;
  }
  if (ingest_store(d, &b, items, today, res, err, errlen) != 0) goto done;
  if (ingest_sign_receipt(d, k, &b, items, today, res, err, errlen) != 0) goto done;
  /* The receipt leaves only after COMMIT: it lets the kiosk delete these records. */
  if (db_commit(d, err, errlen) != 0) goto done;
  in_tx = 0;
  res->status = INGEST_STORED;
done:
  if (in_tx) db_rollback(d);
  if (res->status != INGEST_STORED && res->status != INGEST_RESENT) {
    free(res->receipt);
    res->receipt = NULL;
    res->receipt_len = 0;
  }
  free(items);
  free(epochs);
  bundle_info_free(&b);
  return res->status;
}

/* Finds the one enrolled kiosk whose key starts with kiosk_hex (>= 8 digits). 0 or -1. */
static int ingest_find_kiosk(db *d, const char *kiosk_hex, unsigned char match[32], char *err, size_t errlen) {
  size_t n = strlen(kiosk_hex);
  if (n < 8 || n > 64) return util_error(err, errlen, "give at least 8 hex digits of the kiosk key");
  db_rows *r = db_query(d, "SELECT kiosk_pk FROM kiosk", NULL, 0, err, errlen);
  if (!r) return -1;
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
  return 0;
}

int ingest_enrol(db *d, const char *kiosk_hex, const char *site, const char *today, char *err, size_t errlen) {
  unsigned char pk[32];
  if (strlen(kiosk_hex) != 64 || record_unhex(kiosk_hex, pk, 32) != 0)
    return util_error(err, errlen, "'%s' is not a kiosk key (64 hex digits, from wegwijs --show-kiosk-id)", kiosk_hex);
  size_t sl = strlen(site);
  if (sl == 0 || sl >= RECORD_NAME_MAX) return util_error(err, errlen, "site code must be 1..%d bytes", RECORD_NAME_MAX - 1);
  char day[11];
  ingest_today(today, day);
  db_param p[] = { db_blob(pk, 32), db_text(site), db_text(day) };
  return db_exec(d, "INSERT INTO kiosk(kiosk_pk, site, first_day) VALUES($1, $2, $3)"
                    " ON CONFLICT(kiosk_pk) DO UPDATE SET site = excluded.site, revoked_day = NULL",
                 p, 3, err, errlen) < 0 ? -1 : 0;
}

int ingest_revoke(db *d, const char *kiosk_hex, const char *today, char *err, size_t errlen) {
  unsigned char match[32];
  if (ingest_find_kiosk(d, kiosk_hex, match, err, errlen) != 0) return -1;
  char day[11];
  ingest_today(today, day);
  db_param p[] = { db_text(day), db_blob(match, 32) };
  return db_exec(d, "UPDATE kiosk SET revoked_day = $1 WHERE kiosk_pk = $2 AND revoked_day IS NULL", p, 2, err, errlen) < 0 ? -1 : 0;
}
