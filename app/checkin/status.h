/* status.h — the kiosk status record (BUNDLE.md §7): a small signed text that travels
 * with each check-in bundle — as NAME.wws next to NAME.wwb on a stick, as the
 * `Wegwijs-Status` request header over HTTPS — so the collector's fleet view sees
 * which kiosk runs which app and pack and what needs attention. Never about residents:
 * no answers, no languages, no counts per screen; only the fields below. Old
 * collectors ignore it; a bundle without it still ingests. */
#ifndef WEGWIJS_CHECKIN_STATUS_H
#define WEGWIJS_CHECKIN_STATUS_H
#include <stddef.h>  /* size_t */
#include "checkin/kioskkey.h"
#include "checkin/store.h"
#include "config/config.h"

enum {
  KSTATUS_VERSION = 1,
  KSTATUS_MAX_BYTES = 1024,      /* a record, signature included, is never larger */
  KSTATUS_ERRORS_MAX = 160       /* the comma list of error codes */
};
#define KSTATUS_HEADER "Wegwijs-Status"   /* HTTP request header: the record in base64 */

typedef struct {
  unsigned char kiosk_pk[32];    /* the signer (the kiosk id) */
  char day[11];                  /* YYYY-MM-DD the status was taken: time in days only */
  char app[32];                  /* app version */
  char pack[64];                 /* active pack name; "" = none */
  int pack_version;              /* 0 = none */
  char valid_until[11];          /* the pack's valid_until, "" = none */
  long pending;                  /* check-ins without a receipt */
  long long disk_free_mb;        /* of the state folder; -1 = unknown */
  long long uptime_h;            /* of the machine, hours; -1 = unknown */
  char errors[KSTATUS_ERRORS_MAX];   /* codes, comma-separated: no_pack, pack_expired,
                                      * pack_fetch_failed, pack_refused, disk_low,
                                      * sync_failed */
  long search_gaps;              /* searches on this kiosk that found nothing on `day`, all
                                  * languages together (never the words, never a language:
                                  * the per-language count stays on the staff screen);
                                  * -1 = not reported. Sent as the optional x.search_gaps line. */
} kstatus;

/* The kiosk process says where `day`'s count of searches that found nothing comes from
 * (app.c, which may see app/search); never set = not reported (-1). */
void kstatus_set_search_gaps(int (*count_on_day)(const char *day));

/* Fills out from the state folder now: pack (read-only, no trial bookkeeping),
 * pending check-ins of st (NULL = 0), free disk, uptime, error codes, today.
 * Never fails; unknown values are -1 or "". */
void kstatus_collect(const config *cfg, store *st, const unsigned char kiosk_pk[32], kstatus *out);

/* Appends an error code ([a-z_]) to s->errors (dropped when the list is full). */
void kstatus_add_error(kstatus *s, const char *code);

/* The signed record text (malloc'd, *len bytes, no NUL inside; caller frees). */
char *kstatus_build(const kstatus *s, const unsigned char kiosk_sk[64], size_t *len);

/* Parses and verifies a record: exact layout, every value checked, Ed25519 signature
 * by the embedded kiosk key. Keys a later version adds are skipped (`x.NAME=` lines,
 * e.g. aggregate counters) so old readers keep working. 0, or -1 with err set. */
int kstatus_parse(const char *data, size_t len, kstatus *out, char *err, size_t errlen);

/* NAME.wwb → NAME.wws (the record's file next to a bundle). 0, or -1 when bundle_path
 * does not end in .wwb or out is too small. */
int kstatus_path_for(const char *bundle_path, char *out, size_t outlen);

/* Collects, signs and writes the record next to an exported bundle (atomic). 0 or -1
 * with err set; a missing record never fails an export (callers warn only). */
int kstatus_write_for(const config *cfg, store *st, const kioskkey *key, const char *bundle_path,
                      char *err, size_t errlen);
#endif
