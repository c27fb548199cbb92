/* kiosk.c — `wegwijs` itself: options, the SDL window and renderer, the single pointer
 * path for touch and mouse, the event loop, and the headless driver whose scripts push
 * real SDL finger and mouse events through that same path. */
#include "platform/kiosk.h"
#include <errno.h>       /* errno */
#include <stdio.h>       /* FILE, printf */
#include <stdlib.h>      /* strtol, qsort */
#include <string.h>      /* strcmp */
#include <time.h>        /* clock_gettime */
#include <unistd.h>      /* sysconf */
#include <SDL.h>
#include "checkin/store.h"
#include "config/config.h"
#include "system/errlog.h"
#include "system/watchdog.h"
#include "pack/install.h"
#include "pack/site.h"
#include "platform/readaloud.h"
#include "platform/render.h"
#include "text/text.h"
#include "ui/sample.h"
#include "ui/staffwork.h"
#include "ui/syncwork.h"
#include "ui/ui.h"
#include "util/util.h"

enum {
  KIOSK_FRAME_SAMPLES = 65536,   /* frame times kept for --frame-stats */
  KIOSK_SCRIPT_MAX = 1 << 20,    /* largest script file */
  KIOSK_PACK_POLL_MS = 1000      /* how often the pack state is looked at */
};

typedef struct {
  int kiosk, headless, dump_ui, events, frame_stats, use_sample;
  int width, height;
  double panel_w_mm, panel_h_mm;
  const char *lang, *open, *screenshot, *script;
} kiosk_options;

typedef struct {
  kiosk_options opt;
  config cfg;
  SDL_Window *window;
  SDL_Renderer *renderer;
  render *render;
  text_fonts *fonts;
  ui *ui;
  staffwork *staff;
  store *checkins;               /* sealed check-ins (NULL: no site_code, or the sample) */
  syncwork *sync;                /* HTTPS sync of check-ins when the config names a URL */
  pack *pack;
  readaloud *readaloud;          /* listen: the ui's audio port on the SDL player */
  int width, height;
  long long clock;              /* virtual ms in headless runs */
  int finger_down, mouse_down;
  SDL_FingerID finger;
  SDL_TouchID touch;
  int dirty, running;
  int frames_drawn;
  double *frame_ms; int frame_count;
  long long pack_polled;         /* clock of the last look at the pack state */
  int pack_failed;               /* a version that would not open or show: not retried */
  int pack_on_trial;             /* the pack is new: mark it good after its first frame */
  char err[512];
} kiosk;

/* ------------------------------------------------------------------ sites */

static site *kiosk_site_load(void *ctx, const char *lang, char *err, size_t errlen) {
  kiosk *k = ctx;
  if (k->pack) return site_load(k->pack, lang, err, errlen);
  return sample_site_load(lang, err, errlen);
}

static void kiosk_site_release(void *ctx, site *s) {
  (void)ctx;
  if (!strcmp(s->pack_name, "built-in-sample")) sample_site_free(s);
  else site_free(s);
}

/* ------------------------------------------------------------------ pictograms */

/* The ui's image source: the active pack's pictograms, cached by the renderer. */
static int kiosk_image_load(void *ctx, const char *name, int size_px) {
  kiosk *k = ctx;
  return k->pack && k->render ? render_pictogram(k->render, k->pack, name, size_px) : 0;
}

/* New content: every texture and remembered name goes. */
static void kiosk_images_clear(kiosk *k) {
  if (k->render) render_images_clear(k->render);
}

/* ------------------------------------------------------------------ clock and input */

static long long kiosk_now(const kiosk *k) {
  return k->opt.headless ? k->clock : (long long)SDL_GetTicks64();
}

/* The one pointer path. Touch: the first finger only, extra fingers and palms are
 * ignored while it is down. Mouse: real mice only; the mouse events SDL synthesizes
 * from touch (which == SDL_TOUCH_MOUSEID) are dropped so a tap counts once. */
static void kiosk_handle(kiosk *k, const SDL_Event *e) {
  long long now = kiosk_now(k);
  switch (e->type) {
  case SDL_FINGERDOWN:
    if (k->finger_down || k->mouse_down) break;
    k->finger_down = 1; k->finger = e->tfinger.fingerId; k->touch = e->tfinger.touchId;
    ui_pointer_down(k->ui, (int)(e->tfinger.x * (float)k->width), (int)(e->tfinger.y * (float)k->height), now);
    k->dirty = 1;
    break;
  case SDL_FINGERMOTION:
    if (!k->finger_down || e->tfinger.fingerId != k->finger || e->tfinger.touchId != k->touch) break;
    ui_pointer_move(k->ui, (int)(e->tfinger.x * (float)k->width), (int)(e->tfinger.y * (float)k->height), now);
    k->dirty = 1;
    break;
  case SDL_FINGERUP:
    if (!k->finger_down || e->tfinger.fingerId != k->finger || e->tfinger.touchId != k->touch) break;
    k->finger_down = 0;
    ui_pointer_up(k->ui, (int)(e->tfinger.x * (float)k->width), (int)(e->tfinger.y * (float)k->height), now);
    k->dirty = 1;
    break;
  case SDL_MOUSEBUTTONDOWN:
    if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT || k->finger_down) break;
    k->mouse_down = 1;
    ui_pointer_down(k->ui, e->button.x, e->button.y, now);
    k->dirty = 1;
    break;
  case SDL_MOUSEMOTION:
    if (e->motion.which == SDL_TOUCH_MOUSEID || !k->mouse_down) break;
    ui_pointer_move(k->ui, e->motion.x, e->motion.y, now);
    k->dirty = 1;
    break;
  case SDL_MOUSEBUTTONUP:
    if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT || !k->mouse_down) break;
    k->mouse_down = 0;
    ui_pointer_up(k->ui, e->button.x, e->button.y, now);
    k->dirty = 1;
    break;
  case SDL_WINDOWEVENT:
    if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e->window.event == SDL_WINDOWEVENT_EXPOSED) {
      int w = 0, h = 0;
      SDL_GetRendererOutputSize(k->renderer, &w, &h);
      if (w > 0 && h > 0 && (w != k->width || h != k->height)) {
        double mm = k->opt.panel_w_mm > 0 ? k->opt.panel_w_mm / w : 0;
        k->width = w; k->height = h;
        ui_resize(k->ui, w, h, mm);
      }
      k->dirty = 1;
    }
    break;
  case SDL_KEYDOWN:
    if (!k->opt.kiosk && e->key.keysym.sym == SDLK_ESCAPE) k->running = 0;
    break;
  case SDL_QUIT:
    k->running = 0;
    break;
  default: break;
  }
}

static int kiosk_draw(kiosk *k, const char *screenshot) {
  long long t0 = 0;
  struct timespec ts;
  if (k->opt.frame_stats) { clock_gettime(CLOCK_MONOTONIC, &ts); t0 = ts.tv_sec * 1000000000LL + ts.tv_nsec; }
  const ui_draw_list *list = ui_draw_frame(k->ui);
  if (render_frame(k->render, list, k->err, sizeof k->err) != 0) return -1;
  if (screenshot && render_save_png(k->renderer, screenshot, k->err, sizeof k->err) != 0) return -1;
  SDL_RenderPresent(k->renderer);
  /* SDL batches draw calls until Present, so a frame is timed through Present */
  if (k->opt.frame_stats && k->frame_count < KIOSK_FRAME_SAMPLES) {
    clock_gettime(CLOCK_MONOTONIC, &ts);
    k->frame_ms[k->frame_count++] = (double)(ts.tv_sec * 1000000000LL + ts.tv_nsec - t0) / 1e6;
  }
  k->dirty = 0;
  k->frames_drawn++;
  if (k->pack_on_trial && k->pack) {   /* the pack renders: its trial is over */
    k->pack_on_trial = 0;
    pack_mark_good(k->cfg.state_dir, pack_version(k->pack), NULL, 0);
  }
  return 0;
}

/* Switches to a newly installed pack without a restart (after a staff import, or an
 * install from the command line). The new pack must open and show its first screen;
 * otherwise it is marked bad, the previous pack comes back, and the version is not
 * tried again by this process. force = look now, not only once a second. */
static void kiosk_check_pack(kiosk *k, int force) {
  long long now = kiosk_now(k);
  if (k->opt.use_sample || (!force && now - k->pack_polled < KIOSK_PACK_POLL_MS)) return;
  k->pack_polled = now;
  int version = pack_active_version(k->cfg.state_dir);
  int current = k->pack ? pack_version(k->pack) : 0;
  if (version <= 0 || version == current || version == k->pack_failed) return;
  char err[512];
  pack *fresh = pack_open_active(k->cfg.state_dir, err, sizeof err);
  if (!fresh || pack_version(fresh) == current) {
    /* pack_open_active already fell back to the previous pack (and recorded it) */
    if (!fresh) sys_log_error("content pack version %d cannot be opened (%s); version %d stays", version, err, current);
    else pack_close(fresh);
    k->pack_failed = version;
    return;
  }
  pack *old = k->pack;
  k->pack = fresh;
  kiosk_images_clear(k);
  int ok = ui_reload(k->ui, now, err, sizeof err) == 0;
  k->pack_on_trial = 1;   /* the first frame that draws ends the trial */
  if (ok && kiosk_draw(k, NULL) != 0) { ok = 0; snprintf(err, sizeof err, "%s", k->err); }
  if (!ok) {
    sys_log_error("content pack version %d cannot show its first screen (%s); back to version %d",
                  pack_version(fresh), err, current);
    pack_mark_bad(k->cfg.state_dir, pack_version(fresh), NULL, 0);
    k->pack_on_trial = 0;
    k->pack_failed = version;
    k->pack = old;
    pack_close(fresh);
    kiosk_images_clear(k);
    if (ui_reload(k->ui, now, err, sizeof err) != 0) fprintf(stderr, "wegwijs: %s\n", err);
    k->dirty = 1;
    return;
  }
  if (old) pack_close(old);
}

/* Delivers queued SDL events and ticks the ui at the current clock. */
static void kiosk_pump(kiosk *k) {
  kiosk_check_pack(k, 0);
  SDL_Event e;
  while (SDL_PollEvent(&e)) kiosk_handle(k, &e);
  if (ui_tick(k->ui, kiosk_now(k), NULL)) k->dirty = 1;
  readaloud_pump(k->readaloud, kiosk_now(k));
  /* measuring frames: draw every changed frame, as a display would */
  if (k->opt.frame_stats && k->dirty && kiosk_draw(k, NULL) != 0) fprintf(stderr, "wegwijs: %s\n", k->err);
}

/* ------------------------------------------------------------------ headless input */

static void kiosk_push_finger(kiosk *k, Uint32 type, int x, int y) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = type;
  e.tfinger.timestamp = (Uint32)k->clock;
  e.tfinger.touchId = 1;
  e.tfinger.fingerId = 1;
  e.tfinger.x = (float)x / (float)k->width;
  e.tfinger.y = (float)y / (float)k->height;
  e.tfinger.pressure = type == SDL_FINGERUP ? 0.0f : 1.0f;
  e.tfinger.windowID = SDL_GetWindowID(k->window);
  SDL_PushEvent(&e);
}

/* touch = 1: the synthetic mouse event a touchscreen also produces (which =
 * SDL_TOUCH_MOUSEID); the kiosk must ignore it. touch = 0: a real mouse. */
static void kiosk_push_mouse(kiosk *k, Uint32 type, int x, int y, int touch) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = type;
  if (type == SDL_MOUSEMOTION) {
    e.motion.timestamp = (Uint32)k->clock;
    e.motion.windowID = SDL_GetWindowID(k->window);
    e.motion.which = touch ? SDL_TOUCH_MOUSEID : 0;
    e.motion.state = SDL_BUTTON_LMASK;
    e.motion.x = x; e.motion.y = y;
  } else {
    e.button.timestamp = (Uint32)k->clock;
    e.button.windowID = SDL_GetWindowID(k->window);
    e.button.which = touch ? SDL_TOUCH_MOUSEID : 0;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.x = x; e.button.y = y;
  }
  SDL_PushEvent(&e);
}

/* Runs the clock forward in 16 ms frames, delivering events and ticks. */
static void kiosk_wait(kiosk *k, long long ms) {
  long long end = k->clock + ms;
  while (k->clock < end) {
    long long step = end - k->clock < 16 ? end - k->clock : 16;
    k->clock += step;
    kiosk_pump(k);
  }
}

/* A finger tap as a touchscreen reports it: finger and synthetic mouse events, down and
 * up 80 ms apart. */
static void kiosk_tap(kiosk *k, int x, int y) {
  kiosk_push_finger(k, SDL_FINGERDOWN, x, y);
  kiosk_push_mouse(k, SDL_MOUSEBUTTONDOWN, x, y, 1);
  kiosk_pump(k);
  kiosk_wait(k, 80);
  kiosk_push_finger(k, SDL_FINGERUP, x, y);
  kiosk_push_mouse(k, SDL_MOUSEBUTTONUP, x, y, 1);
  kiosk_pump(k);
}

static void kiosk_click(kiosk *k, int x, int y) {
  kiosk_push_mouse(k, SDL_MOUSEBUTTONDOWN, x, y, 0);
  kiosk_pump(k);
  kiosk_wait(k, 80);
  kiosk_push_mouse(k, SDL_MOUSEBUTTONUP, x, y, 0);
  kiosk_pump(k);
}

/* A finger drag in 16 ms steps over duration_ms, then lift. */
static void kiosk_drag(kiosk *k, int x1, int y1, int x2, int y2, int duration_ms) {
  int steps = duration_ms / 16;
  if (steps < 2) steps = 2;
  kiosk_push_finger(k, SDL_FINGERDOWN, x1, y1);
  kiosk_pump(k);
  for (int i = 1; i <= steps; i++) {
    k->clock += 16;
    kiosk_push_finger(k, SDL_FINGERMOTION, x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps);
    kiosk_pump(k);
  }
  kiosk_push_finger(k, SDL_FINGERUP, x2, y2);
  kiosk_pump(k);
}

/* ------------------------------------------------------------------ scripts */

static long kiosk_rss_kib(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0, rss = 0;
  if (!f) return -1;
  if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = -1;
  fclose(f);
  return rss < 0 ? -1 : rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/* xorshift: a seeded, reproducible monkey */
static unsigned kiosk_random(unsigned *state) {
  unsigned x = *state;
  x ^= x << 13; x ^= x >> 17; x ^= x << 5;
  return *state = x ? x : 0x9E3779B9u;
}

/* Random taps, tap-ids, drags and idle jumps through the real event path. Fails when an
 * idle reset does not return home or resident memory grows by more than 1 MiB after the
 * first quarter (skipped under sanitizers, whose quarantine holds freed memory). */
static int kiosk_monkey(kiosk *k, int count, unsigned seed, char *err, size_t errlen) {
  unsigned st = seed ? seed : 1;
  long rss_warm = -1, rss_max = 0;
  int warm = count / 2 < 1000 ? count / 2 : 1000;
  int resets = 0;
  const char *san = getenv("WEGWIJS_SAN");
  for (int i = 0; i < count; i++) {
    unsigned r = kiosk_random(&st) % 100;
    if (r < 40) {
      kiosk_tap(k, (int)(kiosk_random(&st) % (unsigned)k->width), (int)(kiosk_random(&st) % (unsigned)k->height));
    } else if (r < 75) {
      const char *id = ui_tappable_id(k->ui, (int)(kiosk_random(&st) % 64));
      int x, y;
      if (id && ui_widget_center(k->ui, id, &x, &y) == 0) kiosk_tap(k, x, y);
    } else if (r < 93) {
      int x1 = (int)(kiosk_random(&st) % (unsigned)k->width), y1 = (int)(kiosk_random(&st) % (unsigned)k->height);
      int x2 = (int)(kiosk_random(&st) % (unsigned)k->width), y2 = (int)(kiosk_random(&st) % (unsigned)k->height);
      kiosk_drag(k, x1, y1, x2, y2, 48 + (int)(kiosk_random(&st) % 400));
    } else if (r < 97) {
      /* an idle jump: past the reset it must be home with nothing left */
      long long ms = 60000 + kiosk_random(&st) % 80000;
      int expect_reset = ms >= 110000;
      k->clock += ms;
      kiosk_pump(k);
      if (expect_reset) {
        resets++;
        if (strcmp(ui_screen_name(k->ui), "language") || ui_language(k->ui)[0] || ui_idle_overlay_shown(k->ui))
          return util_error(err, errlen, "monkey step %d: idle reset did not return home (screen %s, language '%s')",
                            i, ui_screen_name(k->ui), ui_language(k->ui));
      }
    }
    kiosk_wait(k, (long long)(kiosk_random(&st) % 600));
    if (k->dirty && kiosk_draw(k, NULL) != 0) return util_error(err, errlen, "monkey step %d: %s", i, k->err);
    /* Warm-up: every screen, size and language has drawn its glyphs into the atlas by
     * about 500 actions (measured: growth stops there); after that RSS must stay flat. */
    if (i == warm) rss_warm = kiosk_rss_kib();
    if (i > warm) { long rss = kiosk_rss_kib(); if (rss > rss_max) rss_max = rss; }
  }
  k->clock += 111000;
  kiosk_pump(k);
  if (strcmp(ui_screen_name(k->ui), "language") || ui_language(k->ui)[0])
    return util_error(err, errlen, "monkey: the final idle reset did not return home");
  printf("monkey: %d actions, %d idle resets, rss after warm-up %ld KiB, peak after %ld KiB\n",
         count, resets, rss_warm, rss_max);
  if (!san && rss_warm > 0 && rss_max - rss_warm > 1024)
    return util_error(err, errlen, "monkey: resident memory grew by %ld KiB after warm-up", rss_max - rss_warm);
  return 0;
}

static char *kiosk_word(char **p) {
  while (**p == ' ' || **p == '\t') (*p)++;
  if (!**p) return NULL;
  char *w = *p;
  while (**p && **p != ' ' && **p != '\t') (*p)++;
  if (**p) *(*p)++ = 0;
  return w;
}

static int kiosk_int(const char *s, int *out) {
  if (!s) return -1;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || end == s || v < -1000000000L || v > 1000000000L) return -1;
  *out = (int)v;
  return 0;
}

/* Real time passing (sound plays in real time): the virtual clock follows, in 10 ms steps. */
static void kiosk_real_step(void *ctx, int ms) {
  kiosk *k = ctx;
  for (int done = 0; done < ms; done += 10) {
    SDL_Delay(10);
    k->clock += 10;
    kiosk_pump(k);
  }
}

/* Runs one script line. Returns 0, or -1 with err set (the caller adds file:line). */
static int kiosk_script_line(kiosk *k, char *line, char *err, size_t errlen) {
  char *p = line;
  char *cmd = kiosk_word(&p);
  if (!cmd || cmd[0] == '#') return 0;
  int a[4];
  if (!strcmp(cmd, "tap") || !strcmp(cmd, "click")) {
    if (kiosk_int(kiosk_word(&p), &a[0]) || kiosk_int(kiosk_word(&p), &a[1]))
      return util_error(err, errlen, "usage: %s X Y", cmd);
    if (!strcmp(cmd, "tap")) kiosk_tap(k, a[0], a[1]); else kiosk_click(k, a[0], a[1]);
  } else if (!strcmp(cmd, "tap-id")) {
    char *id = kiosk_word(&p);
    if (!id) return util_error(err, errlen, "usage: tap-id WIDGET_ID");
    if (ui_widget_center(k->ui, id, &a[0], &a[1]) != 0)
      return util_error(err, errlen, "tap-id: no widget '%s' visible on the %s screen", id, ui_screen_name(k->ui));
    kiosk_tap(k, a[0], a[1]);
  } else if (!strcmp(cmd, "drag")) {
    for (int i = 0; i < 4; i++)
      if (kiosk_int(kiosk_word(&p), &a[i])) return util_error(err, errlen, "usage: drag X1 Y1 X2 Y2 [MS]");
    int ms = 160;
    char *d = kiosk_word(&p);
    if (d && kiosk_int(d, &ms)) return util_error(err, errlen, "usage: drag X1 Y1 X2 Y2 [MS]");
    kiosk_drag(k, a[0], a[1], a[2], a[3], ms);
  } else if (!strcmp(cmd, "wait") || !strcmp(cmd, "advance-clock")) {
    if (kiosk_int(kiosk_word(&p), &a[0]) || a[0] < 0) return util_error(err, errlen, "usage: %s MS", cmd);
    if (!strcmp(cmd, "wait")) kiosk_wait(k, a[0]);
    else { k->clock += a[0]; kiosk_pump(k); }
  } else if (!strcmp(cmd, "wait-work")) {
    /* a staff job runs on a real thread in real time: wait for it, drawing frames */
    int ms = 60000;
    char *d = kiosk_word(&p);
    if (d && (kiosk_int(d, &ms) || ms < 0)) return util_error(err, errlen, "usage: wait-work [MS]");
    long long until = util_now_ms() + ms;
    while (!staffwork_wait(k->staff, 10)) {
      kiosk_wait(k, 16);
      if (util_now_ms() > until) return util_error(err, errlen, "wait-work: the staff job still runs after %d ms", ms);
    }
    kiosk_wait(k, 32);
  } else if (!strcmp(cmd, "screenshot")) {
    char *out = kiosk_word(&p);
    if (!out) return util_error(err, errlen, "usage: screenshot OUT.png");
    if (kiosk_draw(k, out) != 0) return util_error(err, errlen, "screenshot: %s", k->err);
  } else if (!strcmp(cmd, "expect-screen")) {
    char *name = kiosk_word(&p);
    if (!name) return util_error(err, errlen, "usage: expect-screen NAME");
    if (strcmp(name, ui_screen_name(k->ui)))
      return util_error(err, errlen, "expect-screen: wanted %s, showing %s", name, ui_screen_name(k->ui));
  } else if (!strcmp(cmd, "expect-text") || !strcmp(cmd, "expect-no-text")) {
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) return util_error(err, errlen, "usage: %s TEXT", cmd);
    int has = ui_has_text(k->ui, p), want = !strcmp(cmd, "expect-text");
    if (has != want)
      return util_error(err, errlen, "%s: \"%s\" %s on the %s screen", cmd, p, has ? "is shown" : "is not shown",
                        ui_screen_name(k->ui));
  } else if (!strcmp(cmd, "expect-lang")) {
    char *code = kiosk_word(&p);
    const char *now = ui_language(k->ui);
    if (!code) return util_error(err, errlen, "usage: expect-lang CODE|none");
    if (strcmp(code, !*now ? "none" : now))
      return util_error(err, errlen, "expect-lang: wanted %s, language is %s", code, *now ? now : "none");
  } else if (!strcmp(cmd, "open")) {
    char *name = kiosk_word(&p);
    if (!name) return util_error(err, errlen, "usage: open SCREEN_OR_PAGE_ID");
    if (ui_open(k->ui, name, k->clock, err, errlen) != 0) return -1;
  } else if (!strcmp(cmd, "lang")) {
    char *code = kiosk_word(&p);
    if (!code) return util_error(err, errlen, "usage: lang CODE");
    if (ui_set_language(k->ui, code, k->clock, err, errlen) != 0) return -1;
  } else if (!strcmp(cmd, "dump-ui")) {
    ui_dump(k->ui, stdout);
  } else if (!strcmp(cmd, "monkey")) {
    if (kiosk_int(kiosk_word(&p), &a[0]) || kiosk_int(kiosk_word(&p), &a[1]) || a[0] < 0)
      return util_error(err, errlen, "usage: monkey COUNT SEED");
    return kiosk_monkey(k, a[0], (unsigned)a[1], err, errlen);
  } else if ((a[0] = readaloud_script(k->readaloud, cmd, p, kiosk_real_step, k, err, errlen)) >= 0) {
    if (a[0]) return -1;
  } else {
    return util_error(err, errlen, "unknown command '%s' (see app/platform/SCRIPT.md)", cmd);
  }
  if (k->dirty && kiosk_draw(k, NULL) != 0) return util_error(err, errlen, "%s", k->err);
  return 0;
}

static int kiosk_run_script(kiosk *k, const char *path) {
  size_t len = 0;
  char *text = util_read_file(path, KIOSK_SCRIPT_MAX, &len, k->err, sizeof k->err);
  if (!text) { fprintf(stderr, "wegwijs: %s\n", k->err); return 1; }
  int rc = 0, lineno = 0;
  char *save = NULL;
  for (char *line = text; line; line = save) {
    save = strchr(line, '\n');
    if (save) *save++ = 0;
    lineno++;
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\r' || line[n - 1] == ' ')) line[--n] = 0;
    char err[512];
    if (kiosk_script_line(k, line, err, sizeof err) != 0) {
      fprintf(stderr, "%s:%d: %s\n", path, lineno, err);
      rc = 1;
      break;
    }
  }
  free(text);
  return rc;
}

/* ------------------------------------------------------------------ options */

static int kiosk_usage(const char *msg) {
  if (msg) fprintf(stderr, "wegwijs: %s\n", msg);
  fprintf(stderr,
    "usage: wegwijs [--kiosk] [--config FILE] [--state DIR] [--size WxH] [--panel-mm WxH]\n"
    "               [--lang CODE] [--open SCREEN_OR_PAGE] [--sample]\n"
    "       wegwijs --headless [--size WxH] [--lang CODE] [--open X] [--screenshot OUT.png]\n"
    "               [--script FILE] [--dump-ui] [--events] [--frame-stats]\n"
    "see app/platform/SCRIPT.md\n");
  return 2;
}

static int kiosk_size(const char *s, int *w, int *h) {
  return s && sscanf(s, "%dx%d", w, h) == 2 && *w >= 200 && *h >= 200 && *w <= 16384 && *h <= 16384 ? 0 : -1;
}

static int kiosk_parse(kiosk_options *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--kiosk")) o->kiosk = 1;
    else if (!strcmp(a, "--headless")) o->headless = 1;
    else if (!strcmp(a, "--dump-ui")) o->dump_ui = 1;
    else if (!strcmp(a, "--events")) o->events = 1;
    else if (!strcmp(a, "--frame-stats")) o->frame_stats = 1;
    else if (!strcmp(a, "--sample")) o->use_sample = 1;
    else if (!strcmp(a, "--size")) { if (kiosk_size(v, &o->width, &o->height)) return kiosk_usage("--size wants WxH, e.g. 1920x1080"); i++; }
    else if (!strcmp(a, "--panel-mm")) {
      int w, h;
      if (!v || sscanf(v, "%dx%d", &w, &h) != 2 || w < 20 || h < 20 || w > 5000 || h > 5000)
        return kiosk_usage("--panel-mm wants the active area WxH in mm, e.g. 344x194");
      o->panel_w_mm = w; o->panel_h_mm = h; i++;
    }
    else if (!strcmp(a, "--lang")) { if (!v) return kiosk_usage("--lang wants a code"); o->lang = v; i++; }
    else if (!strcmp(a, "--open")) { if (!v) return kiosk_usage("--open wants a screen or page id"); o->open = v; i++; }
    else if (!strcmp(a, "--screenshot")) { if (!v) return kiosk_usage("--screenshot wants a file"); o->screenshot = v; i++; }
    else if (!strcmp(a, "--script")) { if (!v) return kiosk_usage("--script wants a file"); o->script = v; i++; }
    else if (!strcmp(a, "--config") || !strcmp(a, "--state")) { if (!v) return kiosk_usage("--config and --state want a path"); i++; }
    else return kiosk_usage(a[0] == '-' ? "unknown option" : "unexpected argument");
  }
  if ((o->screenshot || o->script || o->dump_ui) && !o->headless)
    return kiosk_usage("--screenshot, --script and --dump-ui need --headless");
  return 0;
}

/* ------------------------------------------------------------------ main */

static int kiosk_open_window(kiosk *k) {
  const kiosk_options *o = &k->opt;
  if (o->headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
  SDL_SetHint(SDL_HINT_VIDEO_DOUBLE_BUFFER, "1");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
    return util_error(k->err, sizeof k->err, "cannot start SDL video: %s", SDL_GetError());
  int w = o->width ? o->width : 1280, h = o->height ? o->height : 800;
  Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
  if (o->kiosk && !o->headless) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  else if (!o->headless) flags |= SDL_WINDOW_RESIZABLE;
  k->window = SDL_CreateWindow("Wegwijs", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
  if (!k->window) return util_error(k->err, sizeof k->err, "cannot open a window: %s", SDL_GetError());
  if (!o->headless)
    k->renderer = SDL_CreateRenderer(k->window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
  if (!k->renderer) k->renderer = SDL_CreateRenderer(k->window, -1, SDL_RENDERER_SOFTWARE);
  if (!k->renderer) return util_error(k->err, sizeof k->err, "cannot create a renderer: %s", SDL_GetError());
  if (o->kiosk) SDL_ShowCursor(SDL_DISABLE);
  SDL_GetRendererOutputSize(k->renderer, &k->width, &k->height);
  return 0;
}

/* Pixel pitch: the config's panel size when set (panels lie), else what SDL reports for
 * a real display, else the ui's assumption. */
static double kiosk_mm_per_px(const kiosk *k) {
  if (k->opt.panel_w_mm > 0) return k->opt.panel_w_mm / k->width;
  if (k->cfg.panel_width_mm > 0) {
    int landscape_panel = k->cfg.panel_width_mm >= k->cfg.panel_height_mm;
    int landscape_window = k->width >= k->height;
    double mm = landscape_panel == landscape_window ? k->cfg.panel_width_mm : k->cfg.panel_height_mm;
    return mm / k->width;
  }
  float hdpi = 0;
  if (!k->opt.headless && SDL_GetDisplayDPI(0, NULL, &hdpi, NULL) == 0 && hdpi > 50 && hdpi < 800)
    return 25.4 / hdpi;
  return 0;
}

int kiosk_main(int argc, char **argv) {
  kiosk *k = util_calloc(1, sizeof *k);
  int rc = 1;
  if (kiosk_parse(&k->opt, argc, argv) != 0) { rc = 2; goto done; }
  if (config_from_args(&k->cfg, argc, argv, k->err, sizeof k->err) != 0) {
    fprintf(stderr, "wegwijs: %s\n", k->err);
    rc = 2;
    goto done;
  }
  k->clock = 1000;
  k->running = 1;
  if (k->opt.frame_stats) k->frame_ms = util_calloc(KIOSK_FRAME_SAMPLES, sizeof *k->frame_ms);
  k->fonts = text_fonts_open(k->cfg.fonts_dir[0] ? k->cfg.fonts_dir : NULL, k->err, sizeof k->err);
  if (!k->fonts) { fprintf(stderr, "wegwijs: %s\n", k->err); goto done; }
  if (!k->opt.use_sample) {
    char perr[512];
    k->pack = pack_open_active(k->cfg.state_dir, perr, sizeof perr);
    k->pack_on_trial = k->pack != NULL;
    if (!k->pack && !k->opt.headless)
      fprintf(stderr, "wegwijs: no content pack (%s); showing the built-in sample\n", perr);
  }
  if (kiosk_open_window(k) != 0) { fprintf(stderr, "wegwijs: %s\n", k->err); goto done; }
  k->render = render_create(k->renderer, k->fonts, k->err, sizeof k->err);
  if (!k->render) { fprintf(stderr, "wegwijs: %s\n", k->err); goto done; }
  k->staff = staffwork_create(&k->cfg, util_now_ms());
  k->readaloud = readaloud_create(&k->pack, k->cfg.audio_volume, k->opt.headless, k->opt.events ? stdout : NULL);
  /* the check-in needs a site code and a store; a store that cannot open only hides the
   * entry (the kiosk still informs) */
  if (!k->opt.use_sample && k->cfg.site_code[0]) {
    char serr[512];
    k->checkins = store_open(k->cfg.state_dir, NULL, serr, sizeof serr);
    if (!k->checkins) sys_log_error("check-ins are off: %s", serr);
    else k->sync = syncwork_start(&k->cfg);
  }
  ui_config uc = {
    .width = k->width, .height = k->height, .mm_per_px = kiosk_mm_per_px(k),
    .idle_timeout_ms = k->cfg.idle_timeout_s * 1000, .idle_countdown_ms = k->cfg.idle_countdown_s * 1000,
    .fonts = k->fonts, .sites = { kiosk_site_load, kiosk_site_release, k }, .start_lang = "nl",
    .events = k->opt.events ? stdout : NULL,
    .images = { kiosk_image_load, k },
    .staff = k->staff,
    .checkin_store = k->checkins, .site_code = k->cfg.site_code,
    .checkin_idle_timeout_ms = k->cfg.checkin_timeout_s * 1000,
    .audio = readaloud_port(k->readaloud),
  };
  k->ui = ui_create(&uc, k->err, sizeof k->err);
  if (!k->ui) { fprintf(stderr, "wegwijs: %s\n", k->err); goto done; }
  if (k->opt.lang && ui_set_language(k->ui, k->opt.lang, k->clock, k->err, sizeof k->err) != 0) {
    fprintf(stderr, "wegwijs: %s\n", k->err); rc = 2; goto done;
  }
  if (k->opt.open && ui_open(k->ui, k->opt.open, k->clock, k->err, sizeof k->err) != 0) {
    fprintf(stderr, "wegwijs: %s\n", k->err); rc = 2; goto done;
  }
  if (k->opt.lang && !k->opt.open) ui_open(k->ui, "route", k->clock, NULL, 0);
  if (k->opt.headless) {
    kiosk_pump(k);
    rc = 0;
    if (kiosk_draw(k, k->opt.script ? NULL : k->opt.screenshot) != 0) { fprintf(stderr, "wegwijs: %s\n", k->err); rc = 1; }
    if (rc == 0 && k->opt.script) rc = kiosk_run_script(k, k->opt.script);
    if (rc == 0 && k->opt.script && k->opt.screenshot && kiosk_draw(k, k->opt.screenshot) != 0) {
      fprintf(stderr, "wegwijs: %s\n", k->err); rc = 1;
    }
    if (k->opt.dump_ui) ui_dump(k->ui, stdout);
  } else {
    int told_ready = 0;
    k->dirty = 1;   /* the first frame is drawn whether or not the window gets an expose */
    while (k->running) {
      int wait = 1000;   /* also bounds the time between watchdog pings */
      kiosk_check_pack(k, 0);
      if (ui_tick(k->ui, kiosk_now(k), &wait)) k->dirty = 1;
      readaloud_pump(k->readaloud, kiosk_now(k));
      if (k->dirty && kiosk_draw(k, NULL) != 0) { fprintf(stderr, "wegwijs: %s\n", k->err); break; }
      /* systemd (Type=notify): ready once the first frame is up; then the loop itself
       * pings, so a hung loop stops the pings and gets restarted */
      if (!told_ready && k->frames_drawn > 0) { sys_watchdog_ready(); told_ready = 1; }
      sys_watchdog_ping(util_now_ms());
      SDL_Event e;
      if (SDL_WaitEventTimeout(&e, k->finger_down || k->mouse_down ? 16 : wait)) {
        kiosk_handle(k, &e);
        while (SDL_PollEvent(&e)) kiosk_handle(k, &e);
      }
    }
    rc = 0;
  }
  if (k->opt.frame_stats && k->frame_count) {
    int n = k->frame_count;
    for (int i = 1; i < n; i++)   /* insertion sort: n is small and this runs once */
      for (int j = i; j > 0 && k->frame_ms[j - 1] > k->frame_ms[j]; j--) {
        double t = k->frame_ms[j]; k->frame_ms[j] = k->frame_ms[j - 1]; k->frame_ms[j - 1] = t;
      }
    printf("frames: %d median_ms %.2f p99_ms %.2f max_ms %.2f\n", n, k->frame_ms[n / 2],
           k->frame_ms[(int)(n * 0.99) < n ? (int)(n * 0.99) : n - 1], k->frame_ms[n - 1]);
  }
done:
  if (k->ui) ui_destroy(k->ui);
  readaloud_destroy(k->readaloud);
  syncwork_stop(k->sync);
  if (k->checkins) store_close(k->checkins);
  staffwork_destroy(k->staff);
  if (k->render) render_destroy(k->render);
  if (k->renderer) SDL_DestroyRenderer(k->renderer);
  if (k->window) SDL_DestroyWindow(k->window);
  SDL_Quit();
  if (k->pack) pack_close(k->pack);
  if (k->fonts) text_fonts_close(k->fonts);
  free(k->frame_ms);
  free(k);
  return rc;
}
