/* test_staff_ui.c — staff mode through the real kiosk, driven headless by scripts of
 * SDL finger events: five taps in the hidden corner and the PIN pad; five wrong PINs
 * lock, visibly, and the lock survives a restart; the staff screen leaves itself after
 * 60 s; importing from a fake mount root: no pack → "no content pack found", a
 * tampered pack → the refusal sentence, a valid pack → "Installed version 2" and the
 * route shows the new content without a restart; exporting check-ins to a stick whose
 * folder vanishes mid-write → a clear sentence and every record still waiting; a clean
 * export → "You can remove the stick now". Packs are built and signed with
 * $BUILD/wegwijs-pack from tests/data/content-mini; screenshots of every staff screen
 * go to $BUILD/screenshots/staff-*.png. */
#include "staff_fixture.h"
#include "checkin/kioskkey.h"
#include <dirent.h>
#include <string.h>
#include <unistd.h>

static char tmp[200], build_dir[512], shots[600];
#define PIN "482916"
#define WRONG "135792"

/* Runs the kiosk headless on state with script text; stdout (events, dumps) goes to
 * TMP/NAME.out, stderr to TMP/NAME.err. env is prefixed to the command. Returns the
 * exit status. */
static int kiosk(const char *name, const char *state, const char *env, const char *script) {
  char path[400];
  snprintf(path, sizeof path, "%s/%s.txt", tmp, name);
  util_write_file_atomic(path, script, strlen(script), NULL, 0);
  /* the stick-pull hook exists only in the test build of the kiosk */
  const char *prog = strstr(env, "WEGWIJS_TEST_") ? "tests/wegwijs-hooks" : "wegwijs";
  int rc = sh("WEGWIJS_FONTS=%s/fonts %s %s/%s --headless --config %s/kiosk.conf --state %s/%s --size 1920x1080 --script %s --events "
              "> %s/%s.out 2> %s/%s.err", build_dir, env, build_dir, prog, tmp, tmp, state, path, tmp, name, tmp, name);
  if (rc != 0) { printf("--- %s stderr:\n", name); sh("cat %s/%s.err", tmp, name); }
  return rc;
}

/* 1 if the file TMP/NAME.out contains needle. */
static int out_has(const char *name, const char *needle) {
  char path[400], *text;
  snprintf(path, sizeof path, "%s/%s.out", tmp, name);
  text = util_read_file(path, 1 << 24, NULL, NULL, 0);
  int has = text && strstr(text, needle);
  free(text);
  return has;
}

static long waiting(const char *state) {
  char dir[400], err[512];
  snprintf(dir, sizeof dir, "%s/%s", tmp, state);
  store *s = store_open(dir, NULL, err, sizeof err);
  if (!s) { printf("store: %s\n", err); return -1; }
  store_counts c;
  long n = store_count(s, &c, err, sizeof err) == 0 ? c.fresh + c.exported : -1;
  store_close(s);
  return n;
}

static int count_bundles(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d))) n += strstr(e->d_name, ".wwb") != NULL;
  if (d) closedir(d);
  return n;
}

/* Five taps in the top end corner (LTR: right), then the PIN pad. */
#define CORNER "wait 500\ntap 1905 15\ntap 1905 15\ntap 1905 15\ntap 1905 15\ntap 1905 15\nwait 500\n"
#define TYPE(p) "tap-id staff-key-" p "\n"
#define ENTER_PIN TYPE("4") TYPE("8") TYPE("2") TYPE("9") TYPE("1") TYPE("6") "tap-id staff-enter\nwait 500\n"
#define WRONG_PIN TYPE("1") TYPE("3") TYPE("5") TYPE("7") TYPE("9") TYPE("2") "tap-id staff-enter\nwait 100\n"

static void test_entry_and_lockout(void) {
  char script[4096];
  /* four taps and a pause, then four more: no staff mode (the count starts again) */
  CHECK(kiosk("corner", "state-lock", "", "wait 500\ntap 1905 15\ntap 1905 15\ntap 1905 15\ntap 1905 15\nwait 2500\n"
              "tap 1905 15\ntap 1905 15\ntap 1905 15\ntap 1905 15\nwait 500\nexpect-screen language\n") == 0,
        "a pause over 2 s restarts the count");
  snprintf(script, sizeof script, CORNER "expect-screen staff\nexpect-text Pincode voor medewerkers\n"
           "tap-id staff-lang\nwait 200\nexpect-text Staff PIN\n"
           WRONG_PIN "expect-text Wrong PIN. 4 more tries\n" "screenshot %s/staff-pin-wrong.png\n"
           WRONG_PIN WRONG_PIN WRONG_PIN WRONG_PIN
           "expect-text Too many wrong PINs: locked. Try again in 30 s.\nscreenshot %s/staff-pin-locked.png\n"
           /* locked keys do nothing: the right PIN is not even tried */
           ENTER_PIN "expect-no-text Status\nexpect-text locked\n", shots, shots);
  CHECK(kiosk("lockout", "state-lock", "", script) == 0, "five wrong PINs lock");
  CHECK(out_has("lockout", "\"staff_pin_refused\",\"locked\":true"), "the fifth wrong PIN locked");
  CHECK(!out_has("lockout", "staff_opened"), "the right PIN did not open while locked");
  /* a restart keeps the lock */
  CHECK(kiosk("lockout2", "state-lock", "", CORNER "expect-screen staff\nexpect-text vergrendeld\n"
              ENTER_PIN "expect-text vergrendeld\n") == 0, "the lock holds after a restart");
  CHECK(!out_has("lockout2", "staff_opened"), "still no staff mode after the restart");
}

static void test_status_and_idle(void) {
  char script[4096], path[400], hex[65], id[16];
  /* the kiosk id staff enrol at the collector: the public half of STATE/kiosk-id (made
   * here as the kiosk makes it at its first export or sync) */
  snprintf(path, sizeof path, "%s/state/kiosk-id", tmp);
  kioskkey key;
  expect(kioskkey_load(path, &key, NULL, 0) == 0);
  kioskkey_id_hex(&key, hex);
  kioskkey_wipe(&key);
  snprintf(id, sizeof id, "%.8s %.2s", hex, hex + 8);
  snprintf(script, sizeof script, CORNER ENTER_PIN "expect-screen staff\nexpect-text Pakket 'test-mini' versie 1\n"
           "expect-text Kiosk-id (aanmelden bij de collector): %s\n"
           "expect-text Check-ins die wachten op export: 3\nscreenshot %s/staff-status-nl.png\n"
           "tap-id staff-lang\nwait 200\nexpect-text Pack 'test-mini' version 1, signed by content key 1\n"
           "expect-text verified\nexpect-text Free disk:\nscreenshot %s/staff-status-en.png\n"
           "advance-clock 59000\nexpect-screen staff\nadvance-clock 2000\nexpect-screen language\n"
           "expect-no-text Pack 'test-mini'\n", id, shots, shots);
  CHECK(kiosk("status", "state", "", script) == 0, "status, then the staff idle exit after 60 s");
  CHECK(out_has("status", "staff_opened") && out_has("status", "\"event\":\"staff_timeout\""), "opened and timed out");
}

static void test_import(void) {
  char script[4096];
  /* no stick at all, then a stick with no pack */
  snprintf(script, sizeof script, CORNER ENTER_PIN "tap-id staff-lang\nwait 200\ntap-id staff-tab-import\nwait 300\n"
           "expect-text No USB stick found.\n");
  CHECK(kiosk("nostick", "state", "", script) == 0, "no stick sentence");
  sh("mkdir -p %s/media/KINGSTON && echo hello > %s/media/KINGSTON/foto.jpg", tmp, tmp);
  snprintf(script, sizeof script, CORNER ENTER_PIN "tap-id staff-lang\nwait 200\ntap-id staff-tab-import\nwait 300\n"
           "expect-text No content pack found on the USB stick KINGSTON\nscreenshot %s/staff-import-none.png\n", shots);
  CHECK(kiosk("nopack", "state", "", script) == 0, "no pack found sentence");
  /* version 2 with a new route label, and a tampered copy of it */
  sh("rm -rf %s/c2 && cp -r tests/data/content-mini %s/c2 && sed -i 's/^route_label: Intake$/route_label: Kennismaking/' "
     "%s/c2/pages/01-intake.md", tmp, tmp, tmp);
  CHECK(sh(PACK_TOOL " build %s/c2 -o %s/media/KINGSTON/b-good.wwpack --version 2 >/dev/null && "
           PACK_TOOL " sign %s/media/KINGSTON/b-good.wwpack -s %s/coa.key >/dev/null", build_dir, tmp, tmp,
           build_dir, tmp, tmp) == 0, "build and sign version 2");
  sh("cp %s/media/KINGSTON/b-good.wwpack %s/media/KINGSTON/a-bad.wwpack && "
     "cp %s/media/KINGSTON/b-good.wwpack.minisig %s/media/KINGSTON/a-bad.wwpack.minisig && "
     "printf 'X' | dd of=%s/media/KINGSTON/a-bad.wwpack bs=1 seek=5000 conv=notrunc status=none", tmp, tmp, tmp, tmp, tmp);
  snprintf(script, sizeof script, "lang nl\nopen route\nexpect-text Intake\nexpect-no-text Kennismaking\n"
           CORNER ENTER_PIN "tap-id staff-lang\nwait 200\ntap-id staff-tab-import\nwait 300\n"
           "expect-text Choose the pack to install\nscreenshot %s/staff-import-list.png\n"
           "tap-id staff-pack-1\nwait-work\nexpect-text a-bad.wwpack was not installed:\n"
           "expect-text The current pack keeps running.\nscreenshot %s/staff-import-refused.png\n"
           "tap-id staff-pack-2\nwait-work\nexpect-text Installed version 2 of pack 'test-mini'\n"
           "screenshot %s/staff-import-installed.png\nwait 1200\n"
           "tap-id staff-tab-status\nwait 300\nexpect-text Pack 'test-mini' version 2\n"
           "tap-id staff-close\nwait 500\nexpect-screen language\ntap-id lang-nl\nwait 500\n"
           "expect-screen route\nexpect-text Kennismaking\nexpect-no-text Intake\n"
           "screenshot %s/staff-after-import-route.png\n", shots, shots, shots, shots);
  CHECK(kiosk("import", "state", "", script) == 0, "refused, then installed and shown without a restart");
  CHECK(out_has("import", "\"event\":\"content_reloaded\",\"pack\":\"test-mini\",\"version\":2"), "content reloaded");
  sh("rm -f %s/media/KINGSTON/*.wwpack*", tmp);
}

static void test_export(void) {
  char script[4096];
  sh("rm -rf %s/media/* && mkdir -p %s/media/SANDISK && echo x > %s/media/SANDISK/readme.txt", tmp, tmp, tmp);
  snprintf(script, sizeof script, CORNER ENTER_PIN "tap-id staff-lang\nwait 200\ntap-id staff-tab-export\nwait 300\n"
           "expect-text Check-ins waiting for export: 3.\nscreenshot %s/staff-export.png\n"
           "tap-id staff-export-1\nwait-work\nexpect-text The USB stick was removed during the export. Nothing was lost\n"
           "screenshot %s/staff-export-pulled.png\n", shots, shots);
  CHECK(kiosk("pulled", "state", "WEGWIJS_TEST_PULL_STICK=fsync", script) == 0, "stick pulled mid-write: clear sentence");
  CHECK(sh("grep -q WEGWIJS_TEST_PULL_STICK %s/wegwijs", build_dir) != 0,
        "the shipped kiosk binary has no stick-pull test hook");
  CHECK(sh("grep -q WEGWIJS_TEST_PULL_STICK %s/tests/wegwijs-hooks", build_dir) == 0, "the test build has it");
  CHECK(waiting("state") == 3, "all 3 check-ins still waiting after the pulled stick (%ld)", waiting("state"));
  sh("mkdir -p %s/media/SANDISK && echo x > %s/media/SANDISK/readme.txt", tmp, tmp);
  snprintf(script, sizeof script, CORNER ENTER_PIN "tap-id staff-lang\nwait 200\ntap-id staff-tab-export\nwait 300\n"
           "tap-id staff-export-1\nwait-work\nexpect-text 3 check-ins written to SANDISK and read back. You can remove the "
           "stick now.\nscreenshot %s/staff-export-done.png\n", shots);
  CHECK(kiosk("export", "state", "", script) == 0, "clean export");
  char stick[400];
  snprintf(stick, sizeof stick, "%s/media/SANDISK", tmp);
  CHECK(count_bundles(stick) == 1, "one bundle on the stick (%d)", count_bundles(stick));
  CHECK(waiting("state") == 3, "exported but not acknowledged: still waiting (%ld)", waiting("state"));
}

int main(void) {
  const char *b = getenv("BUILD");
  snprintf(build_dir, sizeof build_dir, "%s", b && *b ? b : "build");
  snprintf(shots, sizeof shots, "%s/screenshots", build_dir);
  sh("mkdir -p %s", shots);
  expect(sodium_init() >= 0);
  snprintf(tmp, sizeof tmp, "/tmp/wegwijs-test-staffui-XXXXXX");
  staff_fixture_kiosk(tmp, build_dir);
  sh("mkdir -p %s/state-lock", tmp);
  /* version 1 installed, a PIN in both state folders, three sealed check-ins waiting */
  CHECK(sh(PACK_TOOL " build tests/data/content-mini -o %s/v1.wwpack --version 1 >/dev/null && "
           PACK_TOOL " sign %s/v1.wwpack -s %s/coa.key >/dev/null && "
           "%s/wegwijs --config %s/kiosk.conf --install-pack %s/v1.wwpack >/dev/null 2>&1", build_dir, tmp, build_dir,
           tmp, tmp, build_dir, tmp, tmp) == 0, "version 1 installed");
  CHECK(sh("echo " PIN " | %s/wegwijs --set-pin --config %s/kiosk.conf >/dev/null && "
           "echo " PIN " | %s/wegwijs --set-pin --config %s/kiosk.conf --state %s/state-lock >/dev/null",
           build_dir, tmp, build_dir, tmp, tmp) == 0, "PIN set");
  char dir[400];
  snprintf(dir, sizeof dir, "%s/state", tmp);
  staff_fixture_waiting_checkins(dir);
  test_entry_and_lockout();
  test_status_and_idle();
  test_import();
  test_export();
  if (!check_failed) sh("rm -rf %s", tmp);
  else printf("kept %s for a look\n", tmp);
  return check_report();
}
