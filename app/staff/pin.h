/* pin.h — the staff PIN: an Argon2id hash (libsodium crypto_pwhash_str) in a root-only
 * file, and wrong-PIN throttling that survives a restart.
 *
 * Files (state_dir from the kiosk config):
 *   <state_dir>/secret/staff-pin   the hash, mode 0600 in a 0700 folder, written by
 *                                  `wegwijs --set-pin` as root. Under systemd the
 *                                  unprivileged kiosk reads the copy that
 *                                  LoadCredential= puts in $CREDENTIALS_DIRECTORY
 *                                  (as "wegwijs_staff-pin").
 *   <state_dir>/staff-lock         failures, lockouts and lock-until, written atomically
 *                                  on every change; owned by the kiosk.
 * Throttle: every STAFF_PIN_TRIES consecutive wrong PINs lock entry for 30 s, doubling
 * each time up to 15 minutes, then doubling on from 15 minutes up to 24 hours. A right
 * PIN or a new PIN clears it; a right PIN keeps the number of locks it cleared in
 * lockouts_before (the status screen's alarm), and every lock past the first is logged. An unreadable or damaged staff-lock counts as a 24-hour
 * lock from the moment it is found (written back); --set-pin clears it. */
#ifndef WEGWIJS_PIN_H
#define WEGWIJS_PIN_H
#include <stddef.h>  /* size_t */

enum {
  STAFF_PIN_MIN_DIGITS = 6,
  STAFF_PIN_MAX_DIGITS = 8,
  STAFF_PIN_TRIES = 5,            /* wrong PINs before a lock */
  STAFF_PIN_LOCK_FIRST_S = 30,
  STAFF_PIN_LOCK_STEP_S = 15 * 60,   /* doubling from 30 s first stops here ... */
  STAFF_PIN_LOCK_MAX_S = 24 * 3600,  /* ... then goes on doubling up to this */
  STAFF_PIN_PATH_MAX = 1100
};

typedef enum {
  STAFF_PIN_OK,         /* right PIN: open staff mode */
  STAFF_PIN_WRONG,      /* wrong PIN; attempts_left more before a lock */
  STAFF_PIN_LOCKED,     /* locked (now, or by this attempt) for seconds_left */
  STAFF_PIN_NOT_SET,    /* no PIN was ever set: staff mode cannot open (run --set-pin) */
  STAFF_PIN_ERROR       /* the PIN file is unreadable or damaged (logged with sys_log_error) */
} staff_pin_result;

typedef struct {
  staff_pin_result result;
  int attempts_left;    /* STAFF_PIN_WRONG: tries before the next lock */
  int seconds_left;     /* STAFF_PIN_LOCKED: whole seconds, rounded up, >= 1 */
} staff_pin_verdict;

/* Kept by the UI for the kiosk's lifetime; the files are the truth, re-read on every
 * check so that `--set-pin` in another process takes effect. The in-memory copy keeps
 * a lock in force even if the state folder cannot be written. */
typedef struct {
  char pin_path[STAFF_PIN_PATH_MAX];    /* the hash the kiosk reads */
  char lock_path[STAFF_PIN_PATH_MAX];
  int failures, lockouts;
  long long lock_until;                 /* wall-clock seconds */
  int lockouts_before;                  /* locks the last right PIN cleared: the staff alarm */
  int unsaved;                          /* the last write failed: memory wins */
} staff_pin_state;

/* Fills st for state_dir (reads $CREDENTIALS_DIRECTORY for the hash when it is set and
 * holds it). Does no I/O beyond that lookup; never fails. */
void staff_pin_init(staff_pin_state *st, const char *state_dir);

/* Checks pin at wall-clock second now (time(NULL); injectable for tests). While locked
 * the hash is not even computed. Every wrong PIN is persisted before this returns. */
staff_pin_verdict staff_pin_check(staff_pin_state *st, const char *pin, long long now);

/* The lock state without trying a PIN (the UI greys the keypad while locked):
 * STAFF_PIN_LOCKED with seconds_left, STAFF_PIN_NOT_SET, or STAFF_PIN_WRONG with
 * attempts_left meaning "not locked". */
staff_pin_verdict staff_pin_status(staff_pin_state *st, long long now);

/* 1 if pin is STAFF_PIN_MIN_DIGITS..STAFF_PIN_MAX_DIGITS ASCII digits. */
int staff_pin_format_ok(const char *pin);

/* Hashes pin (Argon2id, libsodium interactive limits) into <state_dir>/secret/staff-pin
 * (0600, folder 0700, atomic) and clears the lock. 0, or -1 with err set and the old
 * PIN unchanged. */
int staff_pin_set(const char *state_dir, const char *pin, char *err, size_t errlen);

/* Where the PIN hash lives below the state folder. */
#define STAFF_PIN_SECRET_DIR "secret"
#define STAFF_PIN_FILE "staff-pin"

#endif
