/* ingest.h — the collector's store: schema, enrolment of kiosks, and ingesting one
 * bundle (BUNDLE.md §3) into it idempotently, answered by a signed receipt (§4). Shared
 * by `ingest` (files) and `serve` (HTTP POST), on SQLite or PostgreSQL alike.
 *
 * Ingest never opens a record: it needs only the collector's signing key and the
 * researchers' public key, so the internet-facing server holds nothing that reads an
 * answer. Order of work: bundle signature, then the kiosk must be enrolled (and not
 * revoked) — an unknown kiosk is refused before any record is looked at and none of its
 * bytes are kept — then one transaction stores the SEALED records keyed by (kiosk,
 * epoch, seq). The same place with the same bytes is a duplicate; with other bytes a
 * conflict (quarantined, the original kept). Records sealed to another researcher key
 * are listed as rejected and left out of the receipt, so the kiosk keeps them.
 * open.h turns stored sealed records into answers, in the research environment. */
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
  INGEST_FORBIDDEN = 403,   /* kiosk not enrolled or revoked, or an epoch already seen
                             * under another kiosk key */
  INGEST_BAD = 422,         /* truncated, tampered, unsigned or malformed: nothing stored */
  INGEST_FAILED = 500       /* database error: nothing stored, try again */
};

typedef struct {
  const char *via;          /* "file" or "https", kept with the bundle */
  const char *today;        /* YYYY-MM-DD for received/receipt days; NULL = today (UTC) */
} ingest_options;

typedef struct {
  int status;                       /* INGEST_* */
  unsigned char *receipt;           /* malloc'd receipt bytes (STORED/RESENT), else NULL */
  size_t receipt_len;
  uint32_t count_new, count_duplicate, count_conflict, count_rejected;
  size_t records;                   /* records in the bundle */
  char kiosk[17];                   /* first 16 hex of the kiosk key, for the server log */
  char *report;                     /* malloc'd text: held ranges and missing seqs per
                                     * epoch, conflicts and rejections (may be NULL) */
} ingest_result;

/* Verifies and stores one bundle (sealed), then signs its receipt with the collector
 * key; k needs the collector pair and researcher.pk only. Always returns res->status;
 * on 4xx/5xx err holds the reason (for the operator's log, not for the client) and
 * nothing was committed. Free res with ingest_result_free. */
int ingest_bundle(db *d, const keys *k, const unsigned char *data, size_t len,
                  const ingest_options *opt, ingest_result *res, char *err, size_t errlen);
void ingest_result_free(ingest_result *res);

/* Today as YYYY-MM-DD (UTC) into day[11], or override when not NULL (tests). */
void ingest_today(const char *override, char day[11]);

/* ISO 8601 week of day (YYYY-MM-DD) as "YYYY-Www" into out[9]. 0 or -1 for a bad day. */
int ingest_iso_week(const char *day, char out[9]);

/* Enrols a kiosk: kiosk_hex is its full public key (64 hex digits, as `wegwijs
 * --show-kiosk-id` shows it), site the site code its records must carry. Enrolling a
 * known kiosk again updates its site and lifts a revocation. 0, or -1 with err set. */
int ingest_enrol(db *d, const char *kiosk_hex, const char *site, const char *today, char *err, size_t errlen);

/* Marks a kiosk key revoked (hex prefix of >= 8 digits, must match exactly one key).
 * Returns 0, or -1 with err set. */
int ingest_revoke(db *d, const char *kiosk_hex, const char *today, char *err, size_t errlen);
#endif
