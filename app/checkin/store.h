/* store.h — the kiosk's check-in store: sealed records in SQLite files under
 * STATE/checkins/, one file per epoch (BUNDLE.md §6). WAL, synchronous=FULL,
 * secure_delete=ON. The store never sees plaintext answers. */
#ifndef WEGWIJS_STORE_H
#define WEGWIJS_STORE_H
#include <stddef.h>  /* size_t */
#include <stdint.h>  /* uint64_t */
#include "checkin/bundle.h"    /* bundle_entry */
#include "checkin/receipt.h"   /* receipt_range */

typedef struct store store;

enum { STORE_NEW = 0, STORE_EXPORTED = 1, STORE_ACKED = 2 };

/* Options; zero-initialised means defaults. */
typedef struct {
  const char *vfs;             /* SQLite VFS name (tests inject faults); NULL = default */
  const char *synchronous;     /* "FULL" (default); tests pass "NORMAL" as a control */
} store_options;

/* Opens the store folder STATE/checkins (created if missing). Does not open or create
 * an epoch file yet: that happens on the first store_add, so a read-only disk still
 * lets the kiosk start. Returns NULL with err set only if the folder cannot be made
 * or read. */
store *store_open(const char *state_dir, const store_options *opt, char *err, size_t errlen);
void store_close(store *st);

/* Appends one sealed record as ONE transaction (BEGIN IMMEDIATE … COMMIT). Returns 0
 * only after COMMIT returned SQLITE_OK, with *epoch and *seq set. On any failure
 * returns -1 with a message, nothing half-written stays, and the current epoch file is
 * retired (left untouched) so the next call starts a new epoch in a new file. */
int store_add(store *st, const unsigned char *sealed, size_t sealed_len,
              const unsigned char key_id[8], uint64_t *epoch, uint64_t *seq,
              char *err, size_t errlen);

/* The records not yet acknowledged, from every epoch file, in (epoch file, seq) order,
 * at most max. *entries is malloc'd (and each entry's sealed bytes too); free with
 * store_entries_free. Unreadable files are skipped with a warning in warn (if not
 * NULL). Returns the count, or -1 with err set. */
long store_pending(store *st, size_t max, bundle_entry **entries, char *warn, size_t warnlen,
                   char *err, size_t errlen);
void store_entries_free(bundle_entry *entries, size_t count);

/* Marks these records exported (state 0 → 1). Returns 0 or -1 with err set. */
int store_mark_exported(store *st, const bundle_entry *entries, size_t count,
                        char *err, size_t errlen);

/* Marks the records of a receipt's ranges acknowledged on day (YYYY-MM-DD) — only a
 * range whose every record this kiosk exported and whose sealed bytes hash to the
 * range's content (receipt_content); any other range changes nothing and is counted in
 * *refused (may be NULL). *acked gets how many records changed state. Returns 0 or -1
 * with err set. */
int store_acknowledge(store *st, const receipt_range *ranges, size_t range_count,
                      const char *day, long *acked, long *refused, char *err, size_t errlen);

/* Deletes acknowledged records whose acknowledgement day is more than retention_days
 * before today, and removes retired epoch files that hold no record any more.
 * *deleted gets the number of records deleted. Returns 0 or -1 with err set. */
int store_purge(store *st, const char *today, int retention_days, long *deleted,
                char *err, size_t errlen);

typedef struct { long total, fresh, exported, acked; int files, retired; } store_counts;
/* Counts over all epoch files (for staff mode: "N waiting to send"). 0 or -1. */
int store_count(store *st, store_counts *c, char *err, size_t errlen);

/* Path of the current epoch file ("" if none yet), for tests and staff diagnostics. */
const char *store_current_path(const store *st);
#endif
