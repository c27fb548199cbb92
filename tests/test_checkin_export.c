/* test_checkin_export.c — an export interrupted at every step (SIGKILL, or the stick's
 * folder vanishing) leaves no *.wwb that is not a complete, verifying bundle, and the
 * next export carries every unacknowledged record. */
#include "checkin/export.h"
#include "check.h"
#include "checkin_fixture.h"
#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>

static const char *const steps[] = { "open", "write", "fsync", "readback", "rename", "fsync-dir", "verify", "mark" };
static const char *stop_step;
static char moved_to[600];

static void hook_kill(void *ctx, const char *step, const char *tmp, const char *final) {
  (void)ctx; (void)tmp; (void)final;
  if (!strcmp(step, stop_step)) raise(SIGKILL);
}

/* The stick is pulled: the folder disappears under the export. */
static void hook_vanish(void *ctx, const char *step, const char *tmp, const char *final) {
  (void)ctx; (void)tmp;
  if (strcmp(step, stop_step)) return;
  char dir[4200];
  snprintf(dir, sizeof dir, "%s", final);
  *strrchr(dir, '/') = 0;
  expect(rename(dir, moved_to) == 0);
}

/* Every *.wwb in dir verifies; returns how many there are, -1 if one does not. */
static int check_bundles(const char *dir, size_t *records) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  int n = 0, bad = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    size_t len = strlen(de->d_name);
    if (len < 4 || strcmp(de->d_name + len - 4, ".wwb")) continue;
    char path[4200], err[256];
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    size_t size = 0;
    char *data = util_read_file(path, BUNDLE_MAX_BYTES, &size, err, sizeof err);
    bundle_info info;
    if (data && bundle_parse((unsigned char *)data, size, &info, err, sizeof err) == 0) {
      n++;
      if (records) *records = info.count;
      bundle_info_free(&info);
    } else { printf("bad bundle %s: %s\n", path, err); bad = 1; }
    free(data);
  }
  closedir(d);
  return bad ? -1 : n;
}

int main(void) {
  expect(sodium_init() >= 0);
  char state[512], err[512];
  fixture_tempdir(state, sizeof state, "exp-state");
  store *st = store_open(state, NULL, err, sizeof err);
  unsigned char sealed[560], kid[8] = { 9, 8, 7, 6, 5, 4, 3, 2 };
  enum { RECORDS = 300 };   /* ~170 KB: the write step really is mid-file */
  for (int i = 0; i < RECORDS; i++) {
    uint64_t e, q;
    randombytes_buf(sealed, sizeof sealed);
    expect(store_add(st, sealed, sizeof sealed, kid, &e, &q, err, sizeof err) == 0);
  }
  store_close(st);
  char keypath[600];
  snprintf(keypath, sizeof keypath, "%s/kiosk-id", state);
  kioskkey key;
  expect(kioskkey_load(keypath, &key, err, sizeof err) == 0);

  for (size_t k = 0; k < UTIL_COUNT(steps); k++) {
    for (int mode = 0; mode < 2; mode++) {
      char out[512];
      fixture_tempdir(out, sizeof out, "exp-out");
      snprintf(moved_to, sizeof moved_to, "%s-pulled", out);
      stop_step = steps[k];
      long n = -2;
      if (mode == 0) {
        fflush(stdout);
        pid_t pid = fork();
        expect(pid >= 0);
        if (pid == 0) {
          store *cst = store_open(state, NULL, err, sizeof err);
          checkin_export_watch kill = { hook_kill, NULL };
          checkin_export_to(cst, &key, out, NULL, 0, &kill, err, sizeof err);
          _exit(0);
        }
        int status;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status), "killed at %s", steps[k]);
      } else {
        store *vst = store_open(state, NULL, err, sizeof err);
        checkin_export_watch vanish = { hook_vanish, NULL };
        n = checkin_export_to(vst, &key, out, NULL, 0, &vanish, err, sizeof err);
        store_close(vst);
        /* Before "verify" the export must fail; from "verify" on the bundle was
         * complete before the folder moved, so success is right either way. */
        if (k < 6) CHECK(n < 0, "folder gone at %s: export reports failure (%ld)", steps[k], n);
        else if (n < 0) printf("folder gone at %s: %s\n", steps[k], err);
      }
      int a = check_bundles(out, NULL), b = check_bundles(moved_to, NULL);
      CHECK(a >= 0 && b >= 0, "%s at %s: every *.wwb left behind verifies", mode ? "folder gone" : "kill", steps[k]);
      /* The next export, to a fresh stick, carries every unacknowledged record. */
      char again[512];
      fixture_tempdir(again, sizeof again, "exp-again");
      store *st2 = store_open(state, NULL, err, sizeof err);
      n = checkin_export_to(st2, &key, again, NULL, 0, NULL, err, sizeof err);
      store_counts c;
      store_count(st2, &c, err, sizeof err);
      store_close(st2);
      size_t records = 0;
      CHECK(n == RECORDS && check_bundles(again, &records) == 1 && records == RECORDS,
            "after %s at %s: next export has all %d records (%ld: %s)", mode ? "folder gone" : "kill", steps[k], RECORDS, n, err);
      CHECK(c.acked == 0 && c.total == RECORDS, "nothing acknowledged or lost by an export");
      fixture_rmrf(out);
      fixture_rmrf(moved_to);
      fixture_rmrf(again);
    }
  }
  /* An export into a folder that does not exist fails clearly and leaves nothing. */
  store *st3 = store_open(state, NULL, err, sizeof err);
  CHECK(checkin_export_to(st3, &key, "/nonexistent/stick", NULL, 0, NULL, err, sizeof err) < 0 && strstr(err, "cannot write"),
        "missing folder: %s", err);
  store_close(st3);
  kioskkey_wipe(&key);
  fixture_rmrf(state);
  return check_report();
}
