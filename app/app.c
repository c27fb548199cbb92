/* app.c — the kiosk's composition root: everything `wegwijs` runs is created, wired
 * and destroyed here, in that order; and the pack hot-swap policy. */
#include "app.h"
#include <stdio.h>       /* fprintf */
#include <stdlib.h>      /* free */
#include <string.h>      /* strcmp */
#include <time.h>        /* time, gmtime_r */
#include "checkin/store.h"
#include "checkin/syncwork.h"
#include "config/config.h"
#include "pack/install.h"
#include "pack/pack.h"
#include "pack/sample.h"
#include "pack/site.h"
#include "checkin/status.h"
#include "search/gaps.h"
#include "search/search.h"
#include "platform/kiosk.h"
#include "platform/readaloud.h"
#include "staff/fetchwork.h"
#include "staff/staffwork.h"
#include "system/errlog.h"
#include "text/text.h"
#include "ui/ui.h"
#include "util/util.h"

enum { APP_PACK_POLL_MS = 1000 };   /* how often the pack state is looked at */

/* ------------------------------------------------------------------ hot-swap policy */

void app_packs_open(app_packs *packs, const char *state_dir, char *err, size_t errlen) {
  packs->state_dir = state_dir;
  packs->active = pack_open_active(state_dir, err, errlen);
  packs->on_trial = packs->active != NULL;
}

int app_packs_check(app_packs *packs, const app_show *show) {
  int version = pack_active_version(packs->state_dir);
  int current = packs->active ? pack_version(packs->active) : 0;
  if (version <= 0 || version == current || version == packs->failed) return 0;
  char err[512];
  pack *fresh = pack_open_active(packs->state_dir, err, sizeof err);
  if (!fresh || pack_version(fresh) == current) {
    /* pack_open_active already fell back to the previous pack (and recorded it) */
    if (!fresh) sys_log_error("content pack version %d cannot be opened (%s); version %d stays", version, err, current);
    else pack_close(fresh);
    packs->failed = version;
    return -1;
  }
  pack *old = packs->active;
  packs->active = fresh;
  packs->on_trial = 1;   /* the first frame that draws ends the trial */
  if (show->show(show->ctx, 1, err, sizeof err) == 0) {
    if (old) pack_close(old);
    return 1;
  }
  sys_log_error("content pack version %d cannot show its first screen (%s); back to version %d",
                pack_version(fresh), err, current);
  pack_mark_bad(packs->state_dir, pack_version(fresh), NULL, 0);
  packs->on_trial = 0;
  packs->failed = version;
  packs->active = old;
  pack_close(fresh);
  if (show->show(show->ctx, 0, err, sizeof err) != 0) fprintf(stderr, "wegwijs: %s\n", err);
  return -1;
}

void app_packs_presented(app_packs *packs) {
  if (!packs->on_trial || !packs->active) return;
  packs->on_trial = 0;   /* the pack renders: its trial is over */
  pack_mark_good(packs->state_dir, pack_version(packs->active), NULL, 0);
}

void app_packs_close(app_packs *packs) {
  if (packs->active) pack_close(packs->active);
  packs->active = NULL;
}

/* ------------------------------------------------------------------ the kiosk's parts */

typedef struct {
  kiosk_options opt;
  config cfg;
  app_packs packs;
  text_fonts *fonts;
  kiosk *kiosk;
  staffwork *staff;
  readaloud *readaloud;          /* listen: the ui's audio port on the SDL player */
  store *checkins;               /* sealed check-ins (NULL: no site_code, or the sample) */
  syncwork *sync;                /* HTTPS sync of check-ins when the config names a URL */
  fetchwork *fetch;              /* pack checks over HTTPS when the config names pack_url */
  ui *ui;
  long long pack_polled;         /* clock of the last look at the pack state */
  char expiry_checked[11];       /* UTC day the active pack's valid_until was last looked at */
  search_index *search;          /* the search index of search_pack (built on first use) */
  const pack *search_pack; int search_version;
  char err[512];
} app;

/* The fleet status record's count of searches that found nothing on day (all
 * languages together; app/search/gaps.h). */
static int app_search_gaps(const char *day) {
  char languages[256];
  return search_gaps_day(day, languages, sizeof languages);
}

/* The ui's search port: the index follows the active pack (rebuilt after a swap). */
static int app_search_query(void *ctx, const char *lang, const char *text, void *hits, int max) {
  app *a = ctx;
  if (!a->packs.active) return -1;
  if (a->search && (a->search_pack != a->packs.active || a->search_version != pack_version(a->packs.active))) {
    search_close(a->search);
    a->search = NULL;
  }
  if (!a->search) {
    char err[256];
    a->search = search_open(a->packs.active, err, sizeof err);
    if (!a->search) { sys_log_error("search is off: %s", err); return -1; }
    a->search_pack = a->packs.active;
    a->search_version = pack_version(a->packs.active);
  }
  return search_query(a->search, lang, text, hits, max);
}

static site *app_site_load(void *ctx, const char *lang, char *err, size_t errlen) {
  app *a = ctx;
  if (a->packs.active) return site_load(a->packs.active, lang, err, errlen);
  return sample_site_load(lang, err, errlen);
}

static void app_site_release(void *ctx, site *s) {
  (void)ctx;
  site_free(s);
}

/* app_show for the kiosk: new content in the ui, and one real frame when asked. */
static int app_show_pack(void *ctx, int draw, char *err, size_t errlen) {
  app *a = ctx;
  long long now = kiosk_now(a->kiosk);
  kiosk_content_changed(a->kiosk);
  if (ui_reload(a->ui, now, err, errlen) != 0) return -1;
  if (draw && kiosk_present(a->kiosk, NULL) != 0) return util_error(err, errlen, "%s", kiosk_error(a->kiosk));
  return 0;
}

/* A pack past its valid_until stays shown (residents keep something), but staff see it
 * in the log, once a day and at each new pack, and on the status screen (a frozen or
 * forgotten kiosk). */
static void app_warn_expired(app *a) {
  const pack *p = a->packs.active;
  const char *until = p ? pack_meta(p, "valid_until") : NULL;
  char today[11];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(today, sizeof today, "%Y-%m-%d", &tm);
  if (!until || strlen(until) != 10 || !strcmp(today, a->expiry_checked)) return;
  memcpy(a->expiry_checked, today, sizeof today);
  if (strcmp(today, until) > 0)
    sys_log_error("content pack '%s' version %d is past its valid-until date %s: it stays shown, load a newer pack",
                  pack_name(p), pack_version(p), until);
}

/* kiosk hook: once a second, switch to a newly installed pack. */
static void app_poll(void *ctx, long long now) {
  app *a = ctx;
  if (a->opt.use_sample || now - a->pack_polled < APP_PACK_POLL_MS) return;
  a->pack_polled = now;
  app_show show = { app_show_pack, a };
  if (app_packs_check(&a->packs, &show) == 1) a->expiry_checked[0] = 0;   /* a new pack: look again */
  app_warn_expired(a);
}

static void app_presented(void *ctx) {
  app *a = ctx;
  app_packs_presented(&a->packs);
}

static int app_work_idle(void *ctx, int timeout_ms) {
  app *a = ctx;
  return staffwork_wait(a->staff, timeout_ms);
}

/* Options, config, fonts and the pack: everything before the window. 0, 1 or 2. */
static int app_prepare(app *a, int argc, char **argv) {
  if (kiosk_parse(&a->opt, argc, argv) != 0) return 2;
  if (config_from_args(&a->cfg, argc, argv, a->err, sizeof a->err) != 0) {
    fprintf(stderr, "wegwijs: %s\n", a->err);
    return 2;
  }
  a->fonts = text_fonts_open(a->cfg.fonts_dir[0] ? a->cfg.fonts_dir : NULL, a->err, sizeof a->err);
  if (!a->fonts) { fprintf(stderr, "wegwijs: %s\n", a->err); return 1; }
  a->packs.state_dir = a->cfg.state_dir;
  if (!a->opt.use_sample) {
    char perr[512];
    app_packs_open(&a->packs, a->cfg.state_dir, perr, sizeof perr);
    if (!a->packs.active && !a->opt.headless)
      fprintf(stderr, "wegwijs: no content pack (%s); showing the built-in sample\n", perr);
    app_warn_expired(a);
  }
  return 0;
}

/* The workers: staff mode, read-aloud, the check-in store with its sync, and the pack
 * checks over HTTPS (a pack they install arrives through app_poll). A store
 * that cannot open only hides the check-in entry (the kiosk still informs). */
static void app_start_workers(app *a) {
  a->staff = staffwork_create(&a->cfg, util_now_ms());
  /* the volume staff set (STATE/audio-volume) overrides the config's audio_volume */
  a->readaloud = readaloud_create(&a->packs.active, staffwork_volume(a->staff), a->opt.headless,
                                  a->opt.events ? stdout : NULL);
  if (!a->opt.use_sample && a->cfg.site_code[0]) {
    char serr[512];
    a->checkins = store_open(a->cfg.state_dir, NULL, serr, sizeof serr);
    if (!a->checkins) sys_log_error("check-ins are off: %s", serr);
    else a->sync = syncwork_start(&a->cfg);
  }
  if (!a->opt.use_sample) a->fetch = fetchwork_start(&a->cfg);
}

/* The ui on top of everything, then the start language and screen. 0, 1 or 2. */
static int app_create_ui(app *a) {
  int width, height;
  kiosk_window_size(a->kiosk, &width, &height);
  ui_config uc = {
    .width = width, .height = height,
    .mm_per_px = kiosk_mm_per_px(a->kiosk, a->cfg.panel_width_mm, a->cfg.panel_height_mm),
    .idle_timeout_ms = a->cfg.idle_timeout_s * 1000, .idle_countdown_ms = a->cfg.idle_countdown_s * 1000,
    .fonts = a->fonts, .sites = { app_site_load, app_site_release, a }, .start_lang = "nl",
    .events = a->opt.events ? stdout : NULL,
    .images = kiosk_image_source(a->kiosk),
    .staff = a->staff,
    .checkin_store = a->checkins, .site_code = a->cfg.site_code,
    .checkin_idle_timeout_ms = a->cfg.checkin_timeout_s * 1000,
    .audio = readaloud_port(a->readaloud),
    /* search needs a pack (the built-in sample has none to index); a pack installed
     * while the kiosk runs without one brings search at the next start */
    .search = { a->opt.use_sample || !a->packs.active ? NULL : app_search_query, a },
  };
  a->ui = ui_create(&uc, a->err, sizeof a->err);
  if (!a->ui) return 1;
  long long now = kiosk_now(a->kiosk);
  if (a->opt.lang && ui_set_language(a->ui, a->opt.lang, now, a->err, sizeof a->err) != 0) return 2;
  if (a->opt.open && ui_open(a->ui, a->opt.open, now, a->err, sizeof a->err) != 0) return 2;
  if (a->opt.lang && !a->opt.open) ui_open(a->ui, "route", now, NULL, 0);
  return 0;
}

static void app_destroy(app *a) {
  if (a->ui) ui_destroy(a->ui);
  search_close(a->search);
  readaloud_destroy(a->readaloud);
  fetchwork_stop(a->fetch);
  syncwork_stop(a->sync);
  if (a->checkins) store_close(a->checkins);
  staffwork_destroy(a->staff);
  kiosk_close(a->kiosk);
  app_packs_close(&a->packs);
  if (a->fonts) text_fonts_close(a->fonts);
  free(a);
}

int app_run(int argc, char **argv) {
  app *a = util_calloc(1, sizeof *a);
  int rc = app_prepare(a, argc, argv);
  if (rc != 0) goto done;
  rc = 1;
  a->kiosk = kiosk_open(&a->opt, a->fonts, &a->packs.active, a->err, sizeof a->err);
  if (!a->kiosk) { fprintf(stderr, "wegwijs: %s\n", a->err); goto done; }
  kstatus_set_search_gaps(app_search_gaps);   /* before the workers that send status records */
  app_start_workers(a);
  rc = app_create_ui(a);
  if (rc != 0) { fprintf(stderr, "wegwijs: %s\n", a->err); goto done; }
  kiosk_hooks hooks = { app_poll, app_presented, app_work_idle, a };
  kiosk_attach(a->kiosk, a->ui, a->readaloud, &hooks);
  rc = kiosk_run(a->kiosk);
done:
  app_destroy(a);
  return rc;
}
