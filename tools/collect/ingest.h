/* ingest.h — the collector's store: schema, and ingesting one bundle (BUNDLE.md §3)
 * into it idempotently, answered by a signed receipt (§4). Shared by `ingest` (files)
 * and `serve` (HTTP POST), on SQLite or PostgreSQL alike.
 *
 * One bundle = one transaction. Records are keyed by their record id (inside the seal):
 * INSERT ... ON CONFLICT DO NOTHING makes resends and overlapping bundles harmless; the
 * same id with other bytes, or the same kiosk/epoch/seq with another id, goes to the
 * conflict table and is never overwritten. A record that cannot be opened is listed in
 * the rejected table and left out of the receipt, so the kiosk keeps it. */
#ifndef WEGWIJS_COLLECT_INGEST_H
#define WEGWIJS_COLLECT_INGEST_H
#include <stddef.h>  /* size_t */
#include <stdint.h>  /* uint32_t */
#include "db.h"
#include "keys.h"

/* Results, chosen to be the HTTP status serve answers with. */
enum {
  INGEST_STORED = 201,      /* processed now; receipt made */
  INGEST_RESENT = 200,      /* this exact bundle was stored before; the stored receipt */
  INGEST_FORBIDDEN = 403,   /* unknown (when not registering) or revoked kiosk, or an
                             * epoch already seen under another kiosk key */
  INGEST_BAD = 422,         /* truncated, tampered, unsigned or malformed: nothing stored */
  INGEST_FAILED = 500       /* database error: nothing stored, try again */
};

typedef struct {
  int register_new;         /* 1: a new kiosk key is registered on first sight */
  const char *via;          /* "file" or "https", kept with the bundle */
  const char *today;        /* YYYY-MM-DD for received/receipt days; NULL = today (UTC) */
} ingest_options;

typedef struct {
  int status;                       /* INGEST_* */
  unsigned char *receipt;           /* malloc'd receipt bytes (STORED/RESENT), else NULL */
  size_t receipt_len;
  uint32_t count_new, count_duplicate, count_conflict, count_rejected;
  size_t records;                   /* records in the bundle */
  int new_kiosk;                    /* the kiosk key was registered by this bundle */
  char kiosk[17];                   /* first 16 hex of the kiosk key, for messages */
  char *report;                     /* malloc'd text: held ranges and missing seqs per
                                     * epoch, conflicts and rejections (may be NULL) */
} ingest_result;

/* Creates the tables if missing (same shape on both engines), and this connection's
 * temporary stage table that ingest_bundle needs (so run it on every new handle, as
 * collect_open_db does). 0 or -1 with err set. */
int ingest_schema(db *d, char *err, size_t errlen);

/* Verifies, opens and stores one bundle, then signs its receipt with the collector key.
 * Always returns res->status; on 4xx/5xx err holds the reason and nothing was committed.
 * Free res with ingest_result_free. */
int ingest_bundle(db *d, const keys *k, const unsigned char *data, size_t len,
                  const ingest_options *opt, ingest_result *res, char *err, size_t errlen);
void ingest_result_free(ingest_result *res);

/* ISO 8601 week of day (YYYY-MM-DD) as "YYYY-Www" into out[9]. 0 or -1 for a bad day. */
int ingest_iso_week(const char *day, char out[9]);

/* Marks a kiosk key revoked (hex prefix of >= 8 digits, must match exactly one key).
 * Returns 0, or -1 with err set. */
int ingest_revoke(db *d, const char *kiosk_hex, const char *today, char *err, size_t errlen);
#endif
