/* staff_fixture.h — shared by the staff tests (test_staff_ui, test_staff_usb): a shell
 * helper, a temporary kiosk with a fake mount root, and sealed check-ins waiting in a
 * store. */
#ifndef WEGWIJS_STAFF_FIXTURE_H
#define WEGWIJS_STAFF_FIXTURE_H
#include "check.h"
#include "checkin/store.h"
#include "util/util.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* The pack tool is another area's program; under ASan its own leaks (if any) must not
 * decide these tests, so leak checking is off for it alone. Takes the build folder. */
#define PACK_TOOL "ASAN_OPTIONS=detect_leaks=0 %s/wegwijs-pack"

/* Runs a printf-formatted shell command; returns system()'s status. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...) {
  char cmd[8192];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cmd, sizeof cmd, fmt, ap);
  va_end(ap);
  return system(cmd);
}

/* A temporary kiosk: makes the folder TMP from its template (…XXXXXX), the content key
 * pair TMP/coa.pub + coa.key, TMP/kiosk.conf (state TMP/state, mount root TMP/media,
 * trusting coa.pub) and the empty folders media/ and state/. Checks the key pair. */
static inline void staff_fixture_kiosk(char *tmp, const char *build_dir) {
  expect(mkdtemp(tmp));
  CHECK(sh(PACK_TOOL " keygen -p %s/coa.pub -s %s/coa.key >/dev/null", build_dir, tmp, tmp) == 0, "keygen");
  char conf[1024], path[400];
  int len = snprintf(conf, sizeof conf, "state_dir = %s/state\nmount_roots = %s/media\ntrusted_key = coa.pub\n", tmp, tmp);
  snprintf(path, sizeof path, "%s/kiosk.conf", tmp);
  expect(util_write_file_atomic(path, conf, (size_t)len, NULL, 0) == 0);
  sh("mkdir -p %s/media %s/state", tmp, tmp);
}

/* Seals three check-ins ("mood=2".."mood=4", to a throw-away researchers' key) into the
 * store in the folder state_dir: they wait there for an export. Checks each add. */
static inline void staff_fixture_waiting_checkins(const char *state_dir) {
  char err[512];
  store *s = store_open(state_dir, NULL, err, sizeof err);
  CHECK(s != NULL, "store: %s", err);
  unsigned char rpk[32], rsk[32], sealed[64 + crypto_box_SEALBYTES], kid[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  crypto_box_keypair(rpk, rsk);
  for (int i = 0; i < 3 && s; i++) {
    char answer[64];
    int alen = snprintf(answer, sizeof answer, "mood=%d", i + 2);
    crypto_box_seal(sealed, (const unsigned char *)answer, (unsigned long long)alen, rpk);
    uint64_t epoch, seq;
    CHECK(store_add(s, sealed, (size_t)alen + crypto_box_SEALBYTES, kid, &epoch, &seq, err, sizeof err) == 0, "add: %s", err);
  }
  if (s) store_close(s);
}

#endif
