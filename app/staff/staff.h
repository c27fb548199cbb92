/* staff.h — staff mode without the UI: the hidden-corner gesture, the staff session's
 * idle timer, and the status report the status screen shows. Times are injected so
 * all of it is tested without a window. */
#ifndef WEGWIJS_STAFF_H
#define WEGWIJS_STAFF_H
#include "system/errlog.h"   /* sys_log_entry */
#include "config/config.h"

enum {
  STAFF_CORNER_TAPS = 5,          /* taps in the hidden corner that ask for the PIN */
  STAFF_CORNER_PAUSE_MS = 2000    /* a longer pause starts the count again */
};

/* ---- hidden corner ------------------------------------------------------------ */

typedef struct { int taps; long long last_ms; } staff_corner;

/* A tap in the hidden corner at now_ms (monotonic). Returns 1 on the fifth tap in a row
 * without a pause over 2 s (the counter then starts again), else 0. A stray tap now
 * and then never adds up. A zeroed staff_corner is ready to use. */
int staff_hidden_corner_tap(staff_corner *c, long long now_ms);

/* A tap anywhere else: the count starts again (so the gesture is 5 taps *in a row*). */
void staff_hidden_corner_reset(staff_corner *c);

/* ---- staff session ------------------------------------------------------------ */

typedef struct {
  int active;
  long long last_input_ms;
  long long timeout_ms;
} staff_session;

/* Opens staff mode (after STAFF_PIN_OK). timeout_s is config.staff_timeout_s. */
void staff_session_enter(staff_session *s, int timeout_s, long long now_ms);
/* Any touch or key while in staff mode. */
void staff_session_input(staff_session *s, long long now_ms);
/* Called every frame: returns 1 once when the session has just expired (it is then
 * inactive and the UI returns to the resident screens), else 0. */
int staff_session_tick(staff_session *s, long long now_ms);
/* Whole seconds until it expires (0 when inactive), for a small countdown. */
int staff_session_seconds_left(const staff_session *s, long long now_ms);
/* Leaves staff mode now: the "close" button, and every idle reset of the kiosk. */
void staff_session_leave(staff_session *s);

/* ---- status report ------------------------------------------------------------ */

typedef struct {
  char app_version[32];
  /* The active pack; filled by the caller from the pack API (pack_name, pack_version,
   * pack_meta "valid-until", pack_install_result.key_slot/key_id). */
  char pack_name[64];
  int pack_version;               /* 0 = no pack installed */
  char pack_signer[128];          /* "COA content key 1 (9A264D5B1B09361E)" */
  int pack_verified;              /* the signature was checked at install against a trusted key */
  char pack_valid_until[11];      /* YYYY-MM-DD or "" */
  int pack_expired;
  /* Where packs come from: kiosk.conf pack_url ("" = USB only) and its last check
   * (app/staff/fetch); filled by staffwork_status. */
  char pack_url[CONFIG_PATH_MAX];
  long long pack_check_last_s;    /* wall clock; 0 = never */
  char pack_check_result[512];    /* the last check's outcome, one sentence */
  /* Check-ins: filled by the caller from store_count and the export/receipt history. */
  long checkins_waiting;          /* sealed, not yet acknowledged by the collector */
  long long last_export_s;        /* wall clock; 0 = never */
  long long last_receipt_s;
  /* Filled by staff_status_collect. */
  char site_code[CONFIG_SITE_CODE_MAX];
  char kiosk_id[65];              /* the kiosk's public key in hex (what the collector enrols), "" none yet */
  long long disk_free_bytes, disk_total_bytes;   /* of the state folder; -1 unknown */
  long long uptime_s;             /* of the machine */
  long long kiosk_uptime_s;       /* of this kiosk process */
  int trusted_key_count;
  int pin_lockouts_before;        /* PIN pad locks cleared by this visit's right PIN (alarm if > 0) */
  sys_log_entry errors[SYS_LOG_ENTRIES];
  int error_count;
} staff_status;

/* Fills the parts this module knows: app version, site, kiosk id, free disk (statvfs on
 * state_dir), uptimes (process_start_ms is util_now_ms() at start), trusted key count
 * and the recent errors. Leaves the pack and check-in fields untouched, so callers
 * fill them before or after. Never fails: unknown values are -1. */
void staff_status_collect(staff_status *st, const config *cfg, long long process_start_ms,
                          long long now_ms);

/* "12.3 GB free of 29.8 GB" style text for a byte count (1000-based, one decimal). */
void staff_format_bytes(long long bytes, char *out, size_t outlen);
#endif
