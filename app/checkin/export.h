/* export.h — the export and receipt steps shared by the command line (app/cli), staff
 * mode and sync. */
#ifndef WEGWIJS_CHECKIN_EXPORT_H
#define WEGWIJS_CHECKIN_EXPORT_H
#include <stddef.h>  /* size_t */
#include "checkin/store.h"
#include "checkin/kioskkey.h"
#include "config/config.h"

/* Watches an export: step is called at each step ("open", "write", "fsync", "readback",
 * "rename", "fsync-dir", "verify", "mark") with the temp and final paths, so tests can
 * kill the process or remove the folder exactly there. The kiosk passes NULL. */
typedef struct {
  void (*step)(void *ctx, const char *step, const char *tmp_path, const char *final_path);
  void *ctx;
} checkin_export_watch;

/* Writes one bundle with every unacknowledged record into dir: .NAME.tmp → fsync →
 * drop cache → read back + verify → rename → fsync(dir) → read back + verify; then
 * marks the records exported. On success returns the number of records and copies the
 * final path into path_out (if not NULL); if only the marking fails (read-only state)
 * the verified bundle stays and a warning is printed. On failure -1 with err set, no
 * *.wwb left behind and nothing marked. 0 records still writes a valid, empty bundle.
 * watch may be NULL. */
long checkin_export_to(store *st, const kioskkey *key, const char *dir,
                       char *path_out, size_t path_cap, const checkin_export_watch *watch,
                       char *err, size_t errlen);

/* Verifies receipt bytes against the config's collector keys and this kiosk, then
 * acknowledges (only exported records whose bytes match, store_acknowledge; ranges that
 * do not match are logged) and purges acknowledged records older than
 * cfg->retention_days. Returns the number of newly acknowledged records, or -1 with err
 * set (nothing changed). */
long checkin_apply_receipt(store *st, const kioskkey *key, const config *cfg,
                               const unsigned char *data, size_t len, char *err, size_t errlen);
#endif
