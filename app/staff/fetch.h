/* fetch.h — content packs over HTTPS (kiosk.conf pack_url): one check asks the server
 * for the pack with the validators of the last download (If-None-Match /
 * If-Modified-Since), so an unchanged pack is never downloaded twice; a download that
 * broke off resumes with Range/If-Range; the size is bounded by pack_max_mb and the
 * whole check by FETCH_TIMEOUT_MS; TLS is verified (pack_ca or the system's CAs).
 * A complete download is then installed exactly like a pack from a USB stick
 * (pack_install: signature, version above any ever installed, hardened open, atomic
 * rename) and removed whatever the outcome. The server is not trusted; the signature is.
 *
 * State (names generated here): STATE/fetch/state (validators, last check, last
 * outcome in one sentence; atomic), STATE/fetch/download.part (the unfinished
 * download), STATE/fetch/download.wwpack (+ .minisig) while it is installed.
 * One check at a time per state folder: callers do not run two at once. */
#ifndef WEGWIJS_FETCH_H
#define WEGWIJS_FETCH_H
#include "config/config.h"

enum { FETCH_TIMEOUT_MS = 30 * 60 * 1000 };   /* one whole check, signature included */

typedef enum {
  FETCH_NEVER,       /* no check was made yet */
  FETCH_INSTALLED,   /* a newer pack was downloaded and installed */
  FETCH_UNCHANGED,   /* the server has the same pack as at the last check */
  FETCH_REFUSED,     /* downloaded, but pack_install refused it (removed again) */
  FETCH_FAILED       /* no answer, broke off (kept for a Range resume), bad status */
} fetch_outcome;

typedef struct {
  long long last_check;      /* Unix seconds of the last check; 0 = never */
  fetch_outcome outcome;
  int installed_version;     /* FETCH_INSTALLED: the new version */
  char sentence[512];        /* the outcome for staff, one sentence */
  char etag[160], modified[64];            /* validators of the last complete download */
  char part_etag[160], part_modified[64];  /* validators of download.part */
} fetch_state;

/* Reads STATE/fetch/state into st (zeroed first). Returns 0, or -1 when there is none
 * or it cannot be read (st then says FETCH_NEVER). */
int fetch_state_read(const char *state_dir, fetch_state *st);

/* One check of cfg->pack_url (must not be empty): download if changed, install, write
 * the state; with log_errors a refusal or failure also goes to sys_log_error (the
 * kiosk; the command line prints the sentence itself). Blocks up to FETCH_TIMEOUT_MS.
 * Returns the outcome; *st (may be NULL) gets the state written. */
fetch_outcome fetch_pack_check(const config *cfg, int log_errors, fetch_state *st);

/* The ± 20 % jittered wait before the next check, in ms, for cfg->pack_check_s;
 * random is any value from a uniform source (e.g. randombytes_random()). */
long long fetch_next_wait_ms(const config *cfg, unsigned random);
#endif
