/* fetch.h — content packs over HTTPS (kiosk.conf pack_url): one check asks the server
 * for the pack with the validators of the last download (If-None-Match /
 * If-Modified-Since), so an unchanged pack is never downloaded twice; a download that
 * broke off resumes with Range/If-Range; the size is bounded by pack_max_mb and the
 * whole check by FETCH_TIMEOUT_MS; TLS is verified (pack_ca or the system's CAs).
 * A complete download is then installed exactly like a pack from a USB stick
 * (pack_install: signature, version above any ever installed, hardened open, atomic
 * rename) and removed whatever the outcome. The server is not trusted; the signature is.
 *
 * State (names generated here): STATE/fetch/state (pack/fetchstate.h: validators,
 * last check, last outcome in one sentence), STATE/fetch/download.part (the unfinished
 * download), STATE/fetch/download.wwpack (+ .minisig) while it is installed.
 * STATE/fetch/lock (flock) keeps it to one check at a time per state folder: a second
 * one (the kiosk's worker and --update-pack together) fails at once, changing nothing. */
#ifndef WEGWIJS_FETCH_H
#define WEGWIJS_FETCH_H
#include "config/config.h"
#include "pack/fetchstate.h"   /* fetch_state, fetch_outcome */

enum { FETCH_TIMEOUT_MS = 30 * 60 * 1000 };   /* one whole check, signature included */

/* Asked during a transfer: non-zero stops it (a broken-off download, resumed later). */
typedef struct {
  int (*cancelled)(void *ctx);
  void *ctx;
} fetch_cancel;

/* One check of cfg->pack_url (must not be empty): download if changed, install, write
 * the state; with log_errors a refusal or failure also goes to sys_log_error (the
 * kiosk; the command line prints the sentence itself). Blocks up to FETCH_TIMEOUT_MS,
 * or until cancel (may be NULL) says stop. Returns the outcome; *st (may be NULL)
 * gets the state written. */
fetch_outcome fetch_pack_check(const config *cfg, int log_errors, const fetch_cancel *cancel, fetch_state *st);

/* The ± 20 % jittered wait before the next check, in ms, for cfg->pack_check_s;
 * random is any value from a uniform source (e.g. randombytes_random()). */
long long fetch_next_wait_ms(const config *cfg, unsigned random);
#endif
