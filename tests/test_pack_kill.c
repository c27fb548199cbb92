/* test_pack_kill.c — crash safety of pack installation: a child installs version N and
 * is killed with SIGKILL at a random moment; afterwards the active pack must be the old
 * or the new version and open and load, never neither. PACK_KILLS sets the number of
 * kills (200 in make check, more in make soak). */
#include "pack/install.h"
#include "pack/minisig.h"
#include "pack/pack.h"
#include "pack/site.h"
#include "util/util.h"
#include "../tests/check.h"
#include "pack_fixture.h"
#include <dirent.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64], state[128], secret[128], err[1024];
static minisig_public_key trusted;

static int count_pack_files(void) {
  char packs[256];
  snprintf(packs, sizeof packs, "%s/packs", state);
  DIR *d = opendir(packs);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d))) n += strstr(e->d_name, ".wwpack") != NULL;
  if (d) closedir(d);
  return n;
}

int main(void) {
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  setenv("LSAN_OPTIONS", "suppressions=tests/data/lsan.supp", 1);   /* libgettextpo, see the file */
  int kills = getenv("PACK_KILLS") ? atoi(getenv("PACK_KILLS")) : 200;
  snprintf(dir, sizeof dir, "/tmp/wegwijs-kill-XXXXXX");
  expect(mkdtemp(dir));
  snprintf(state, sizeof state, "%s/state", dir);
  char pub[128], base[128], next[128], cmd[1024];
  snprintf(pub, sizeof pub, "%s/k.pub", dir);
  snprintf(secret, sizeof secret, "%s/k.key", dir);
  snprintf(base, sizeof base, "%s/base.wwpack", dir);
  snprintf(next, sizeof next, "%s/next.wwpack", dir);
  expect(minisig_keygen(pub, secret, err, sizeof err) == 0);
  expect(minisig_load_public_key(pub, &trusted, err, sizeof err) == 0);
  snprintf(cmd, sizeof cmd, "%s/wegwijs-pack build tests/data/content-mini --assets tests/data/content-mini/pictograms "
           "-o %s >/dev/null", build, base);
  expect(system(cmd) == 0);

  /* Version 1 installed and good; measure how long an install takes. */
  pack_fixture_version(base, next, 1, secret);
  pack_install_result result;
  long long t0 = util_now_ms();
  CHECK(pack_install(next, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == 0, "first install: %s", err);
  long long install_us = (util_now_ms() - t0) * 1000 + 1000;
  CHECK(pack_mark_good(state, 1, err, sizeof err) == 0, "mark good");

  srand((unsigned)time(NULL) ^ (unsigned)getpid());
  int good = 1, became_new = 0, stayed_old = 0, broken = 0;
  long long window = install_us * 3 / 2;
  long long start = util_now_ms();
  for (int i = 0; i < kills; i++) {
    int version = i + 2;
    pack_fixture_version(base, next, version, secret);
    pid_t pid = fork();
    expect(pid >= 0);
    if (pid == 0) {
      pack_install(next, state, &trusted, 1, NULL, NULL, &result, err, sizeof err);
      _exit(0);
    }
    /* The window adapts: an install in a fresh child with fsyncs can take longer (or
     * shorter) than the one measured, and both sides of the commit must be hit. */
    if (i >= 10 && became_new == 0) window = window * 5 / 4;
    if (i >= 10 && stayed_old == 0) window = window * 4 / 5 + 1;
    usleep((useconds_t)(rand() % (window + 1)));   /* sometimes after it finished */
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    pack *p = pack_open_active(state, err, sizeof err);
    site *s = p ? site_load(p, "nl", err, sizeof err) : NULL;
    int v = p ? pack_version(p) : 0;
    if (!s || (v != good && v != version)) {
      broken++;
      printf("FAIL kill %d: active version %d (old %d, new %d): %s\n", i, v, good, version, err);
    } else if (v == version) { became_new++; good = version; }
    else stayed_old++;
    if (p) pack_mark_good(state, v, err, sizeof err);   /* the UI rendered it */
    site_free(s);
    pack_close(p);
  }
  long long ms = util_now_ms() - start;
  printf("one install takes about %lld ms\n", install_us / 1000);
  printf("%d kills in %lld ms: %d left the new pack active, %d the old one, %d neither\n",
         kills, ms, became_new, stayed_old, broken);
  CHECK(broken == 0, "every kill leaves the old or the new pack active and loadable");
  CHECK(became_new > 0 && stayed_old > 0, "kills landed both before and after the commit point");
  pack_fixture_version(base, next, kills + 2, secret);
  CHECK(pack_install(next, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == 0, "a clean install after the kills: %s", err);
  CHECK(count_pack_files() <= 4, "leftovers are cleaned up (%d pack files)", count_pack_files());
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0, "cleanup");
  return check_report();
}
