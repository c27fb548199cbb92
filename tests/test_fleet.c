/* test_fleet.c — the kiosk status record (app/checkin/status) and the pack-check jitter
 * (app/staff/fetch): a record round-trips and verifies; every changed byte, a wrong
 * order, a missing or extra field, an oversized record and a foreign signature are
 * refused; later `x.` lines are skipped; the path next to a bundle; the jitter stays
 * within ± 20 % and covers both ends. */
#include "check.h"
#include "checkin/status.h"
#include "staff/fetch.h"
#include "util/util.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static kstatus test_status(const unsigned char pk[32]) {
  kstatus s;
  memset(&s, 0, sizeof s);
  memcpy(s.kiosk_pk, pk, 32);
  snprintf(s.day, sizeof s.day, "2026-12-03");
  snprintf(s.app, sizeof s.app, "0.1.0");
  snprintf(s.pack, sizeof s.pack, "azc-noord");
  s.pack_version = 7;
  snprintf(s.valid_until, sizeof s.valid_until, "2027-01-31");
  s.pending = 42;
  s.disk_free_mb = 1234;
  s.uptime_h = -1;
  s.search_gaps = 3;
  kstatus_add_error(&s, "pack_expired");
  kstatus_add_error(&s, "disk_low");
  return s;
}

/* The record with `line` inserted before its sig= line, re-signed by sk. */
static char *with_line_signed(const kstatus *s, const unsigned char sk[64], const char *line, size_t *len) {
  char *text = kstatus_build(s, sk, len);
  char *sig = strstr(text, "sig=");
  size_t body = (size_t)(sig - text);
  char msg[2048];
  int n = snprintf(msg, sizeof msg, "wegwijs-status-v1%.*s%s", (int)body, text, line);
  unsigned char sigbytes[64];
  crypto_sign_detached(sigbytes, NULL, (const unsigned char *)msg, (size_t)n, sk);
  char hex[129];
  sodium_bin2hex(hex, sizeof hex, sigbytes, 64);
  char *out = util_malloc(2048);
  *len = (size_t)snprintf(out, 2048, "%.*s%ssig=%s\n", (int)body, text, line, hex);
  free(text);
  return out;
}

int main(void) {
  expect(sodium_init() >= 0);
  unsigned char pk[32], sk[64], pk2[32], sk2[64];
  crypto_sign_keypair(pk, sk);
  crypto_sign_keypair(pk2, sk2);
  char err[512];
  kstatus s = test_status(pk), back;
  size_t len;
  char *text = kstatus_build(&s, sk, &len);
  CHECK(kstatus_parse(text, len, &back, err, sizeof err) == 0, "round trip: %s", err);
  CHECK(!memcmp(back.kiosk_pk, pk, 32) && back.pack_version == 7 && back.pending == 42 && back.uptime_h == -1 &&
        !strcmp(back.pack, "azc-noord") && !strcmp(back.errors, "pack_expired,disk_low") &&
        !strcmp(back.valid_until, "2027-01-31") && back.search_gaps == 3, "every field comes back");
  CHECK(strstr(text, "\nx.search_gaps=3\n") != NULL, "the searches that found nothing: one count, no language");
  int refused = 0;
  for (size_t i = 0; i < len; i++) {   /* any changed byte is refused */
    char saved = text[i];
    text[i] = saved == '1' ? '2' : '1';
    refused += kstatus_parse(text, len, &back, err, sizeof err) != 0;
    text[i] = saved;
  }
  CHECK(refused == (int)len, "every one of %zu changed bytes refused (%d)", len, refused);
  CHECK(kstatus_parse(text, len - 1, &back, err, sizeof err) != 0, "cut record refused");
  free(text);

  /* Later additions are skipped; other unknown or reordered fields are not. */
  text = with_line_signed(&s, sk, "x.search_misses_day=3\n", &len);
  CHECK(kstatus_parse(text, len, &back, err, sizeof err) == 0 && back.pending == 42, "x. line skipped: %s", err);
  free(text);
  text = with_line_signed(&s, sk, "lang=ar\n", &len);
  CHECK(kstatus_parse(text, len, &back, err, sizeof err) != 0, "an unknown field (lang=) is refused");
  free(text);

  kstatus quiet = test_status(pk);
  quiet.search_gaps = -1;   /* a process without search (wegwijs --export-checkins) */
  text = kstatus_build(&quiet, sk, &len);
  CHECK(!strstr(text, "search_gaps") && kstatus_parse(text, len, &back, err, sizeof err) == 0 && back.search_gaps == -1,
        "no count when the process has no search: %s", err);
  free(text);
  quiet.search_gaps = -1;
  text = with_line_signed(&quiet, sk, "x.search_gaps=ar\n", &len);
  CHECK(kstatus_parse(text, len, &back, err, sizeof err) != 0, "a malformed search count is refused");
  free(text);

  /* A record signed by another key than the one it names. */
  kstatus other = test_status(pk);
  text = kstatus_build(&other, sk2, &len);
  CHECK(kstatus_parse(text, len, &back, err, sizeof err) != 0 && strstr(err, "signature"), "foreign signature: %s", err);
  free(text);
  char big[KSTATUS_MAX_BYTES + 10];
  memset(big, 'a', sizeof big);
  CHECK(kstatus_parse(big, sizeof big, &back, err, sizeof err) != 0, "oversized record refused");

  /* Error codes never half-written. */
  kstatus full = test_status(pk);
  for (int i = 0; i < 40; i++) kstatus_add_error(&full, "pack_fetch_failed");
  size_t el = strlen(full.errors);
  CHECK(el < sizeof full.errors && full.errors[el - 1] == 'd', "a full code list ends with a whole code (%s)", full.errors + el - 8);

  char path[64];
  CHECK(kstatus_path_for("x/wegwijs-1.wwb", path, sizeof path) == 0 && !strcmp(path, "x/wegwijs-1.wws"), "NAME.wwb -> NAME.wws");
  CHECK(kstatus_path_for("x/wegwijs-1.txt", path, sizeof path) != 0, "not a bundle path: refused");

  /* Jitter: 21600 s ± 20 %, both ends reached. */
  config cfg;
  config_defaults(&cfg);
  long long lo = -1, hi = 0;
  int inside = 1;
  for (unsigned r = 0; r < 2000; r++) {
    long long w = fetch_next_wait_ms(&cfg, r * 2654435761u);
    if (w < 21600LL * 800 || w > 21600LL * 1200) inside = 0;
    if (lo < 0 || w < lo) lo = w;
    if (w > hi) hi = w;
  }
  CHECK(inside && lo <= 21600LL * 810 && hi >= 21600LL * 1190, "jitter within ± 20 %% (%lld..%lld ms)", lo, hi);
  return check_report();
}
