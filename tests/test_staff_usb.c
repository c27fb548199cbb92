/* test_staff_usb.c — the staff USB flows on a fake mount root: finding sticks and packs,
 * importing a valid, a tampered, an unsigned and no pack (each with its own sentence;
 * the active pack survives every refusal), the status report from the installed pack,
 * and exporting check-ins — once cleanly, once to a stick whose folder vanishes in the
 * middle of the write (nothing lost, the records stay pending). Real packs are built
 * and signed with $BUILD/wegwijs-pack from tests/data/content-mini (small: speech is
 * generated at build time). */
#include "check.h"
#include "checkin/export.h"
#include "checkin/store.h"
#include "config/config.h"
#include "staff/usb.h"
#include "staff_fixture.h"
#include "system/errlog.h"
#include "system/media.h"
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[200];
static char build_dir[512];

typedef struct { int calls, last, backwards; char stages[256]; } progress_log;

static void on_progress(void *user, const char *stage, int percent) {
  progress_log *p = user;
  if (percent < p->last) p->backwards = 1;
  p->last = percent;
  p->calls++;
  if (strlen(p->stages) + strlen(stage) + 2 < sizeof p->stages) {
    strcat(p->stages, stage);
    strcat(p->stages, ",");
  }
}

static const char *vanish_dir;
/* The check-in export's step hook: pull the "stick" out after the bundle's bytes were
 * written to the temporary file and before they were flushed and renamed. */
static void pull_stick(void *ctx, const char *step, const char *tmp_path, const char *final_path) {
  (void)ctx; (void)tmp_path; (void)final_path;
  if (vanish_dir && !strcmp(step, "fsync")) {
    if (sh("rm -rf '%s'", vanish_dir) != 0) printf("note: rm failed\n");
    vanish_dir = NULL;
  }
}

static void test_media_listing(void) {
  char root[300];
  snprintf(root, sizeof root, "%s/scan", tmp);
  sys_medium media[SYS_MEDIA_MAX];
  CHECK(sys_media_list("/nonexistent/a:/nonexistent/b", media, SYS_MEDIA_MAX) == 0, "missing roots: no media");
  sh("mkdir -p %s/EMPTY %s/STICK-B/packs/deeper/deepest %s/STICK-A", root, root, root);
  sh("echo x > %s/STICK-A/azc-default-3.wwpack && echo s > %s/STICK-A/azc-default-3.wwpack.minisig", root, root);
  sh("echo x > %s/STICK-B/packs/unsigned.wwpack && echo x > %s/STICK-B/.hidden.wwpack", root, root);
  sh("echo x > %s/STICK-B/packs/deeper/deepest/too-deep.wwpack && echo x > %s/STICK-B/notes.txt", root, root);
  sh("ln -s /etc/passwd %s/STICK-B/link.wwpack && ln -s /etc %s/STICK-LINK", root, root);
  char roots[700];
  snprintf(roots, sizeof roots, "/nonexistent:%s", root);
  int n = sys_media_list(roots, media, SYS_MEDIA_MAX);
  CHECK(n == 2 && !strcmp(media[0].label, "STICK-A") && !strcmp(media[1].label, "STICK-B"),
        "plain folder root: two non-empty sticks, no symlinked one (%d)", n);
  sys_media_pack packs[SYS_MEDIA_PACKS_MAX];
  int p = sys_media_find_packs(media, n, packs, SYS_MEDIA_PACKS_MAX);
  CHECK(p == 2, "two packs (no hidden, no symlink, not too deep): %d", p);
  CHECK(p == 2 && !strcmp(packs[0].name, "azc-default-3.wwpack") && packs[0].has_signature && packs[0].medium == 0 &&
        packs[0].bytes == 2, "signed pack listed");
  CHECK(p == 2 && !strcmp(packs[1].name, "unsigned.wwpack") && !packs[1].has_signature && packs[1].medium == 1,
        "unsigned pack listed without signature");
  CHECK(sys_media_find_packs(media, n, packs, 1) == 1, "max respected");
  /* /proc is a mount point under /: a root with real mount points lists only those. */
  n = sys_media_list("/", media, SYS_MEDIA_MAX);
  int proc = 0, etc = 0;
  for (int i = 0; i < n; i++) { proc |= !strcmp(media[i].path, "//proc"); etc |= !strcmp(media[i].path, "//etc"); }
  CHECK(!etc, "a root with mount points does not list plain folders");
  (void)proc;
  char err[256];
  CHECK(sys_media_flush(root, err, sizeof err) == 0, "flush: %s", err);
  CHECK(sys_media_flush("/nonexistent/stick", err, sizeof err) == -1 && strstr(err, "gone"), "flush gone: %s", err);
}

int main(void) {
  expect(sodium_init() >= 0);
  const char *b = getenv("BUILD");
  snprintf(build_dir, sizeof build_dir, "%s", b && *b ? b : "build");
  /* Keys, config, and an empty mount root. */
  snprintf(tmp, sizeof tmp, "/tmp/wegwijs-test-usb-XXXXXX");
  staff_fixture_kiosk(tmp, build_dir);
  test_media_listing();
  char err[1024], conf_path[300];
  CHECK(sh(PACK_TOOL " keygen -p %s/other.pub -s %s/other.key >/dev/null", build_dir, tmp, tmp) == 0, "keygen 2");
  snprintf(conf_path, sizeof conf_path, "%s/kiosk.conf", tmp);
  config cfg;
  CHECK(config_load(&cfg, conf_path, err, sizeof err) == 0, "config: %s", err);
  staff_usb_result r;
  progress_log pl = {0};

  /* No stick. */
  CHECK(staff_usb_import_from_sticks(&cfg, NULL, NULL, &r) == -1 && r.status == STAFF_USB_NO_STICK &&
        !strcmp(r.sentence, "No USB stick found. Insert the stick, wait a few seconds and try again."),
        "no stick: %s", r.sentence);
  /* A stick without a pack. */
  sh("mkdir -p %s/media/KINGSTON && echo hello > %s/media/KINGSTON/foto.jpg", tmp, tmp);
  CHECK(staff_usb_import_from_sticks(&cfg, NULL, NULL, &r) == -1 && r.status == STAFF_USB_NO_PACK &&
        !strcmp(r.sentence, "No content pack on the USB stick KINGSTON (looking for a .wwpack file with its .wwpack.minisig)."),
        "no pack: %s", r.sentence);

  /* A real pack, version 3, signed by the trusted key. */
  char stick[300];
  snprintf(stick, sizeof stick, "%s/media/KINGSTON", tmp);
  CHECK(sh(PACK_TOOL " build tests/data/content-mini -o %s/azc-default-3.wwpack --version 3 >/dev/null", build_dir, stick) == 0, "build pack");
  /* Unsigned first: refused with its own sentence. */
  CHECK(staff_usb_import_from_sticks(&cfg, NULL, NULL, &r) == -1 && r.status == STAFF_USB_NO_SIGNATURE &&
        strstr(r.sentence, "azc-default-3.wwpack has no signature file (azc-default-3.wwpack.minisig) next to it"),
        "unsigned: %s", r.sentence);
  CHECK(sh(PACK_TOOL " sign %s/azc-default-3.wwpack -s %s/coa.key >/dev/null", build_dir, stick, tmp) == 0, "sign");
  /* No trusted key in the config. */
  config nokeys = cfg;
  nokeys.trusted_key_count = 0;
  CHECK(staff_usb_import_from_sticks(&nokeys, NULL, NULL, &r) == -1 && r.status == STAFF_USB_NO_TRUSTED_KEY &&
        strstr(r.sentence, "trusts no content key"), "no key: %s", r.sentence);
  /* Valid. */
  int rc = staff_usb_import_from_sticks(&cfg, on_progress, &pl, &r);
  CHECK(rc == 0 && r.status == STAFF_USB_OK, "valid pack installed: %s", r.sentence);
  char want[300];
  snprintf(want, sizeof want, "Pack 'test-mini' version 3, signed by content key 1 (%s), verified and installed.", r.pack.key_id);
  CHECK(!strcmp(r.sentence, want), "valid sentence: \"%s\"", r.sentence);
  CHECK(pl.calls >= 2 && !pl.backwards && pl.last == 100, "progress %d calls, last %d%%: %s", pl.calls, pl.last, pl.stages);
  CHECK(pack_active_version(cfg.state_dir) == 3, "version 3 active");

  /* Tampered: version 4 signed, then one byte changed on the stick. */
  sh("rm -f %s/*.wwpack*", stick);
  CHECK(sh(PACK_TOOL " build tests/data/content-mini -o %s/azc-default-4.wwpack --version 4 >/dev/null && "
           PACK_TOOL " sign %s/azc-default-4.wwpack -s %s/coa.key >/dev/null", build_dir, stick, build_dir, stick, tmp) == 0,
        "build+sign v4");
  sh("cp %s/azc-default-4.wwpack %s/clean-4.wwpack", stick, tmp);   /* for the untrusted-key case */
  sh("printf 'X' | dd of=%s/azc-default-4.wwpack bs=1 seek=5000 conv=notrunc status=none", stick);
  sys_log_clear();
  rc = staff_usb_import_from_sticks(&cfg, NULL, NULL, &r);
  CHECK(rc == -1 && r.status == STAFF_USB_REFUSED && strstr(r.sentence, "azc-default-4.wwpack was not installed: ") &&
        strstr(r.sentence, "The current pack keeps running."), "tampered: %s", r.sentence);
  CHECK(pack_active_version(cfg.state_dir) == 3, "still version 3 after the tampered pack");
  sys_log_entry e[2];
  CHECK(sys_log_recent(e, 2) == 1 && strstr(e[0].message, "was not installed"), "refusal in the error log");
  CHECK(strstr(r.sentence, "signature") != NULL, "says why: %s", r.sentence);
  /* Signed by a key the kiosk does not trust. */
  sh("rm -f %s/*.wwpack*", stick);
  sh("cp %s/clean-4.wwpack %s/azc-default-4.wwpack && " PACK_TOOL " sign %s/azc-default-4.wwpack -s %s/other.key >/dev/null",
     tmp, stick, build_dir, stick, tmp);
  rc = staff_usb_import_from_sticks(&cfg, NULL, NULL, &r);
  CHECK(rc == -1 && r.status == STAFF_USB_REFUSED && strstr(r.sentence, "trust") &&
        strstr(r.sentence, "The current pack keeps running."), "untrusted key: %s", r.sentence);
  /* Two packs: staff must choose. */
  sh("cp %s/azc-default-4.wwpack %s/copy.wwpack", stick, stick);
  rc = staff_usb_import_from_sticks(&cfg, NULL, NULL, &r);
  CHECK(rc == -1 && r.status == STAFF_USB_SEVERAL && strstr(r.sentence, "There are 2 content packs"), "two packs: %s", r.sentence);
  CHECK(pack_active_version(cfg.state_dir) == 3, "still version 3 after all refusals");

  /* Status report from the installed pack. */
  staff_status st;
  memset(&st, 0, sizeof st);
  staff_usb_status_fill(&st, &cfg, 1800000000);
  CHECK(!strcmp(st.pack_name, "test-mini") && st.pack_version == 3, "status pack %s v%d", st.pack_name, st.pack_version);
  CHECK(st.pack_verified && strstr(st.pack_signer, "content key 1 ("), "status signer \"%s\"", st.pack_signer);
  CHECK(strlen(st.pack_valid_until) == 10 || st.pack_valid_until[0] == 0, "valid until \"%s\"", st.pack_valid_until);
  config other = cfg;
  CHECK(config_read_minisign_key(strcat(strcpy(want, tmp), "/other.pub"), &other.trusted_keys[0], err, sizeof err) == 0, "other key");
  staff_usb_status_fill(&st, &other, 1800000000);
  CHECK(!st.pack_verified && strstr(st.pack_signer, "not trusted now"), "status with a rotated key: %s", st.pack_signer);

  /* Export: three sealed check-ins, once cleanly. */
  staff_fixture_waiting_checkins(cfg.state_dir);
  memset(&st, 0, sizeof st);
  staff_usb_status_fill(&st, &cfg, 1800000000);
  CHECK(st.checkins_waiting == 3 && st.last_export_s == 0, "3 waiting, never exported (%ld)", st.checkins_waiting);

  sys_medium media[SYS_MEDIA_MAX];
  int n = sys_media_list(cfg.mount_roots, media, SYS_MEDIA_MAX);
  CHECK(n == 1, "one stick (%d)", n);
  memset(&pl, 0, sizeof pl);
  rc = staff_usb_export(&cfg, &media[0], on_progress, &pl, NULL, &r);
  CHECK(rc == 0 && r.exported == 3 &&
        !strcmp(r.sentence, "3 check-ins written to KINGSTON and read back. You can remove the stick now."),
        "export: %s", r.sentence);
  struct stat sb;
  CHECK(stat(r.file, &sb) == 0 && sb.st_size > 0, "bundle on the stick: %s", r.file);
  CHECK(pl.last == 100 && !pl.backwards, "export progress %s", pl.stages);
  staff_usb_status_fill(&st, &cfg, 1800000000);
  CHECK(st.last_export_s > 0, "last export recorded");
  CHECK(st.checkins_waiting == 3, "exported but not acknowledged: still waiting (%ld)", st.checkins_waiting);

  /* Export to a stick pulled out mid-write: a clear sentence, nothing lost. */
  sh("mkdir -p %s/media/SANDISK && echo x > %s/media/SANDISK/readme.txt", tmp, tmp);
  n = sys_media_list(cfg.mount_roots, media, SYS_MEDIA_MAX);
  CHECK(n == 2 && !strcmp(media[1].label, "SANDISK"), "second stick");
  vanish_dir = media[1].path;
  checkin_export_watch pull = { pull_stick, NULL };
  sys_log_clear();
  rc = staff_usb_export(&cfg, &media[1], NULL, NULL, &pull, &r);
  CHECK(rc == -1 && r.status == STAFF_USB_STICK_REMOVED &&
        !strcmp(r.sentence, "The USB stick was removed during the export. Nothing was lost: the check-ins stay on "
                            "the kiosk. Insert the stick and export again."), "vanished: %s", r.sentence);
  CHECK(vanish_dir == NULL, "the hook pulled the stick");
  CHECK(!sys_media_present(media[1].path), "folder really gone");
  memset(&st, 0, sizeof st);
  staff_usb_status_fill(&st, &cfg, 1800000000);
  CHECK(st.checkins_waiting == 3, "records still on the kiosk after the failed export (%ld)", st.checkins_waiting);
  /* And the first stick still takes a fresh, complete export. */
  rc = staff_usb_export(&cfg, &media[0], NULL, NULL, NULL, &r);
  CHECK(rc == 0 && r.exported == 3, "export again after the failure: %s", r.sentence);

  sh("rm -rf %s", tmp);
  return check_report();
}
