/* fleet.h — the fleet view: the kiosk status records (app/checkin/status.h) that come
 * with bundles are stored per enrolled kiosk (the newest by day), and listed sorted by
 * what needs attention — expired pack first, then kiosks reporting error codes, then
 * kiosks that never sent a status, then by pending check-ins. Kiosk health only:
 * nothing here is about residents, so fleet.csv stays out of the public datapackage. */
#ifndef WEGWIJS_COLLECT_FLEET_H
#define WEGWIJS_COLLECT_FLEET_H
#include <stddef.h>
#include "db.h"

/* Verifies a status record and stores it for its kiosk, which must be enrolled, not
 * revoked, and the signer of the bundle it came with (bundle_kiosk: its first 16
 * hex digits). An older day than the stored one changes nothing. 0, or -1 with err. */
int fleet_store_status(db *d, const char *data, size_t len, const char *bundle_kiosk,
                       const char *today, char *err, size_t errlen);

/* The fleet as CSV (header line first) or as an HTML <table>, sorted by attention,
 * with expiry judged at today. malloc'd text, or NULL with err set. */
char *fleet_csv(db *d, const char *today, char *err, size_t errlen);
char *fleet_html(db *d, const char *today, char *err, size_t errlen);

/* `wegwijs-collect fleet [--db URL] [--json]`. */
int fleet_main(int argc, char **argv);
#endif
