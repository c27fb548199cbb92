/* test_app.c — the pack hot-swap policy in app/app.c, driven by a fake "present a
 * frame": a new pack that fails to draw is marked bad and the previous pack stays
 * active (and that version is not retried); a new pack that draws is marked good and
 * survives more opens than a pack on trial may have. Real signed packs, real installs. */
#include "app.h"
#include "pack/install.h"
#include "pack/minisig.h"
#include "pack/pack.h"
#include "util/util.h"
#include "../tests/check.h"
#include "pack_fixture.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64], state[128], secret[128], base[128], err[1024];
static minisig_public_key trusted;

/* Installs a copy of the base pack as `version`, signed with the test key. */
static int install_version(int version) {
  char out[160];
  snprintf(out, sizeof out, "%s/v%d.wwpack", dir, version);
  pack_fixture_version(base, out, version, secret);
  pack_install_result result;
  return pack_install(out, state, &trusted, 1, NULL, NULL, &result, err, sizeof err);
}

/* The fake screen: a frame of fail_version cannot be drawn; a drawn frame reaches
 * app_packs_presented, as the kiosk's hook does. */
typedef struct {
  app_packs *packs;
  int fail_version;
  int draws, reloads, last_version;
} fake_screen;

static int fake_show(void *ctx, int draw, char *e, size_t elen) {
  fake_screen *f = ctx;
  f->last_version = f->packs->active ? pack_version(f->packs->active) : 0;
  if (!draw) { f->reloads++; return 0; }
  f->draws++;
  if (f->last_version == f->fail_version) return util_error(e, elen, "fake frame of version %d failed", f->last_version);
  app_packs_presented(f->packs);
  return 0;
}

/* Opens the active pack `times` times (each open of a pack on trial counts) and
 * returns the version the last open gave. */
static int open_times(int times) {
  int version = 0;
  for (int i = 0; i < times; i++) {
    pack *p = pack_open_active(state, err, sizeof err);
    version = p ? pack_version(p) : 0;
    if (p) pack_close(p);
  }
  return version;
}

int main(void) {
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  setenv("LSAN_OPTIONS", "suppressions=tests/data/lsan.supp", 1);   /* libgettextpo, see the file */
  snprintf(dir, sizeof dir, "/tmp/wegwijs-app-XXXXXX");
  expect(mkdtemp(dir));
  snprintf(state, sizeof state, "%s/state", dir);
  char pub[128], cmd[512];
  snprintf(pub, sizeof pub, "%s/k.pub", dir);
  snprintf(secret, sizeof secret, "%s/k.key", dir);
  snprintf(base, sizeof base, "%s/base.wwpack", dir);
  expect(minisig_keygen(pub, secret, err, sizeof err) == 0);
  expect(minisig_load_public_key(pub, &trusted, err, sizeof err) == 0);
  snprintf(cmd, sizeof cmd, "%s/wegwijs-pack build tests/data/content-mini --assets tests/data/content-mini/pictograms "
           "-o %s >/dev/null", build, base);
  expect(system(cmd) == 0);

  app_packs packs = { 0 };
  fake_screen screen = { &packs, 2, 0, 0, 0 };
  app_show show = { fake_show, &screen };
  CHECK(install_version(1) == 0, "version 1 installs: %s", err);
  app_packs_open(&packs, state, err, sizeof err);
  CHECK(packs.active && pack_version(packs.active) == 1 && packs.on_trial, "version 1 opens on trial");
  CHECK(app_packs_check(&packs, &show) == 0 && screen.draws == 0, "nothing new: nothing shown");
  app_packs_presented(&packs);
  CHECK(!packs.on_trial, "the first frame ends the trial");

  /* a new pack that fails to draw: marked bad, the previous one stays */
  pack *before = packs.active;
  CHECK(install_version(2) == 0, "version 2 installs: %s", err);
  CHECK(app_packs_check(&packs, &show) == -1, "version 2 is refused");
  CHECK(packs.active == before && pack_version(packs.active) == 1, "version 1 stays active");
  CHECK(screen.draws == 1 && screen.reloads == 1 && screen.last_version == 1,
        "one failed frame, then the ui reloads version 1 (draws %d, reloads %d, last %d)",
        screen.draws, screen.reloads, screen.last_version);
  CHECK(pack_active_version(state) == 1, "version 2 is marked bad: the state is back on 1 (%d)", pack_active_version(state));
  CHECK(packs.failed == 2 && !packs.on_trial, "version 2 is remembered as failed");
  CHECK(app_packs_check(&packs, &show) == 0 && screen.draws == 1, "version 2 is not tried again");
  CHECK(open_times(PACK_TRIAL_ATTEMPTS + 1) == 1, "version 1 keeps opening (it was marked good)");

  /* a new pack that draws: active, marked good */
  CHECK(install_version(3) == 0, "version 3 installs: %s", err);
  CHECK(app_packs_check(&packs, &show) == 1, "version 3 switches in");
  CHECK(packs.active && pack_version(packs.active) == 3 && !packs.on_trial, "version 3 is active, its trial over");
  CHECK(screen.draws == 2 && screen.last_version == 3, "one frame of version 3 was drawn");
  CHECK(open_times(PACK_TRIAL_ATTEMPTS + 1) == 3, "version 3 was marked good: more opens than a trial allows keep it");
  app_packs_close(&packs);
  CHECK(packs.active == NULL, "close leaves no pack");

  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0, "cleanup");
  return check_report();
}
