/* pin.c — staff PIN hashing, verification and persisted wrong-PIN throttling. */
#include "staff/pin.h"
#include "config/config.h"
#include "system/errlog.h"
#include "util/util.h"
#include <errno.h>      /* errno */
#include <sodium.h>     /* crypto_pwhash_str */
#include <stdio.h>      /* snprintf, fgets */
#include <stdlib.h>     /* getenv */
#include <string.h>     /* strlen, strspn */
#include <sys/stat.h>   /* chmod */
#include <unistd.h>     /* access, isatty, unlink */

#define STAFF_PIN_CREDENTIAL "wegwijs_staff-pin"   /* LoadCredential=wegwijs:<secret dir> */
#define STAFF_PIN_LOCK_FILE "staff-lock"

void staff_pin_init(staff_pin_state *st, const char *state_dir) {
  memset(st, 0, sizeof *st);
  const char *cred = getenv("CREDENTIALS_DIRECTORY");
  if (cred && *cred)
    snprintf(st->pin_path, sizeof st->pin_path, "%s/%s", cred, STAFF_PIN_CREDENTIAL);
  else
    snprintf(st->pin_path, sizeof st->pin_path, "%s/%s/%s", state_dir, STAFF_PIN_SECRET_DIR, STAFF_PIN_FILE);
  snprintf(st->lock_path, sizeof st->lock_path, "%s/%s", state_dir, STAFF_PIN_LOCK_FILE);
}

int staff_pin_format_ok(const char *pin) {
  size_t n = strlen(pin);
  return n >= STAFF_PIN_MIN_DIGITS && n <= STAFF_PIN_MAX_DIGITS && strspn(pin, "0123456789") == n;
}

/* Lock length after the n-th lockout (n >= 1): 30 s, 60 s, ... 480 s, 15 min, then
 * 30 min, 1 h, ... capped at 24 h. */
static long long staff_pin_lock_length(int lockouts) {
  long long s = STAFF_PIN_LOCK_FIRST_S;
  for (int i = 1; i < lockouts && s < STAFF_PIN_LOCK_MAX_S; i++)
    s = s < STAFF_PIN_LOCK_STEP_S && 2 * s > STAFF_PIN_LOCK_STEP_S ? STAFF_PIN_LOCK_STEP_S : 2 * s;
  return s < STAFF_PIN_LOCK_MAX_S ? s : STAFF_PIN_LOCK_MAX_S;
}

static void staff_pin_save_lock(staff_pin_state *st) {
  char text[128], err[512];
  int n = snprintf(text, sizeof text, "failures %d\nlockouts %d\nlock_until %lld\n",
                   st->failures, st->lockouts, st->lock_until);
  st->unsaved = util_write_file_atomic_mode(st->lock_path, text, (size_t)n, 0600, err, sizeof err) != 0;
  if (st->unsaved) sys_log_error("staff PIN lock not saved (it holds until the kiosk restarts): %s", err);
}

/* An unreadable or damaged lock file is never forgotten: it counts as the longest lock,
 * from now, and that is written back (a broken file cannot be used to reset the throttle). */
static void staff_pin_lock_damaged(staff_pin_state *st, long long now) {
  int lockouts = 1;
  while (staff_pin_lock_length(lockouts) < STAFF_PIN_LOCK_MAX_S) lockouts++;
  if (st->lockouts < lockouts) st->lockouts = lockouts;
  st->failures = 0;
  if (st->lock_until < now + STAFF_PIN_LOCK_MAX_S) st->lock_until = now + STAFF_PIN_LOCK_MAX_S;
  staff_pin_save_lock(st);
}

/* Re-reads the lock file into st. A missing file means "no failures" (also after
 * --set-pin removed it). An unreadable or damaged file locks for the maximum from now. */
static void staff_pin_load_lock(staff_pin_state *st, long long now) {
  char err[256];
  size_t len;
  if (st->unsaved) return;   /* the file is older than memory */
  if (access(st->lock_path, F_OK) != 0 && errno == ENOENT) {
    st->failures = st->lockouts = 0;
    st->lock_until = 0;
    return;
  }
  char *text = util_read_file(st->lock_path, 4096, &len, err, sizeof err);
  int failures, lockouts;
  long long until;
  if (text && sscanf(text, "failures %d\nlockouts %d\nlock_until %lld", &failures, &lockouts, &until) == 3 &&
      failures >= 0 && failures < STAFF_PIN_TRIES && lockouts >= 0 && lockouts < 1000000 && until >= 0) {
    st->failures = failures;
    st->lockouts = lockouts;
    st->lock_until = until;
  } else {
    sys_log_error("staff PIN lock file %s: %s; staff entry locked for 24 hours (--set-pin clears it)",
                  st->lock_path, text ? "damaged" : err);
    staff_pin_lock_damaged(st, now);
  }
  free(text);
}

/* Seconds left on the lock at now, or 0. A clock set backwards cannot stretch a lock
 * beyond its own length. */
static int staff_pin_locked_for(staff_pin_state *st, long long now) {
  if (st->lockouts == 0 || st->lock_until <= now) return 0;
  long long left = st->lock_until - now;
  long long length = staff_pin_lock_length(st->lockouts);
  if (left > length) { st->lock_until = now + length; left = length; }
  return (int)left;
}

staff_pin_verdict staff_pin_status(staff_pin_state *st, long long now) {
  staff_pin_verdict v = { STAFF_PIN_WRONG, 0, 0 };
  staff_pin_load_lock(st, now);
  if (access(st->pin_path, F_OK) != 0 && errno == ENOENT) { v.result = STAFF_PIN_NOT_SET; return v; }
  int left = staff_pin_locked_for(st, now);
  if (left > 0) { v.result = STAFF_PIN_LOCKED; v.seconds_left = left; return v; }
  v.attempts_left = STAFF_PIN_TRIES - st->failures;
  return v;
}

staff_pin_verdict staff_pin_check(staff_pin_state *st, const char *pin, long long now) {
  staff_pin_verdict v = { STAFF_PIN_ERROR, 0, 0 };
  char err[512];
  staff_pin_load_lock(st, now);
  int left = staff_pin_locked_for(st, now);
  if (left > 0) { v.result = STAFF_PIN_LOCKED; v.seconds_left = left; return v; }
  if (access(st->pin_path, F_OK) != 0 && errno == ENOENT) { v.result = STAFF_PIN_NOT_SET; return v; }
  size_t len = 0;
  char *hash = util_read_file(st->pin_path, 1024, &len, err, sizeof err);
  if (!hash) { sys_log_error("staff PIN: %s", err); return v; }
  hash[strcspn(hash, "\n")] = 0;
  if (strncmp(hash, "$argon2id$", 10) != 0) {
    sys_log_error("staff PIN file %s is damaged; set the PIN again with --set-pin", st->pin_path);
    free(hash);
    return v;
  }
  /* A malformed entry is a wrong PIN too; it is not hashed. */
  int right = staff_pin_format_ok(pin) && crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
  free(hash);
  if (right) {
    st->lockouts_before = st->lockouts;
    if (st->failures || st->lockouts || st->lock_until) {
      st->failures = st->lockouts = 0;
      st->lock_until = 0;
      staff_pin_save_lock(st);
    }
    v.result = STAFF_PIN_OK;
    return v;
  }
  st->failures++;
  if (st->failures >= STAFF_PIN_TRIES) {
    st->failures = 0;
    st->lockouts++;
    st->lock_until = now + staff_pin_lock_length(st->lockouts);
    v.result = STAFF_PIN_LOCKED;
    v.seconds_left = (int)staff_pin_lock_length(st->lockouts);
    if (st->lockouts > 1)   /* a person who forgot the PIN stops long before this */
      sys_log_error("staff PIN: %d wrong PINs in a row; entry locked for %d min (someone may be guessing the PIN)",
                    st->lockouts * STAFF_PIN_TRIES, v.seconds_left / 60 ? v.seconds_left / 60 : 1);
  } else {
    v.result = STAFF_PIN_WRONG;
    v.attempts_left = STAFF_PIN_TRIES - st->failures;
  }
  staff_pin_save_lock(st);
  return v;
}

int staff_pin_set(const char *state_dir, const char *pin, char *err, size_t errlen) {
  char dir[STAFF_PIN_PATH_MAX], path[STAFF_PIN_PATH_MAX + 32], lock[STAFF_PIN_PATH_MAX + 32];
  char hash[crypto_pwhash_STRBYTES + 1];
  if (!staff_pin_format_ok(pin))
    return util_error(err, errlen, "the PIN must be %d to %d digits", STAFF_PIN_MIN_DIGITS, STAFF_PIN_MAX_DIGITS);
  if (sodium_init() < 0) return util_error(err, errlen, "libsodium could not start");
  if (snprintf(dir, sizeof dir, "%s/%s", state_dir, STAFF_PIN_SECRET_DIR) >= (int)sizeof dir)
    return util_error(err, errlen, "state folder path too long");
  snprintf(path, sizeof path, "%s/%s", dir, STAFF_PIN_FILE);
  snprintf(lock, sizeof lock, "%s/%s", state_dir, STAFF_PIN_LOCK_FILE);
  if (util_mkdirs(dir, 0700, err, errlen) != 0) return -1;
  if (chmod(dir, 0700) != 0)
    return util_error(err, errlen, "cannot make %s private: %s", dir, strerror(errno));
  /* Interactive limits: ~56 ms per check on the 2-core CI box, a few 100 ms on a Pi. */
  if (crypto_pwhash_str(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return util_error(err, errlen, "not enough memory to hash the PIN");
  size_t n = strlen(hash);
  hash[n++] = '\n';
  if (util_write_file_atomic_mode(path, hash, n, 0600, err, errlen) != 0) return -1;
  sodium_memzero(hash, sizeof hash);
  if (unlink(lock) != 0 && errno != ENOENT)
    return util_error(err, errlen, "PIN set, but the old lock could not be cleared: %s: %s", lock, strerror(errno));
  util_fsync_dir_of(lock);
  return 0;
}
