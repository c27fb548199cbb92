/* kiosk.c — the SDL side of `wegwijs`: options of the display, the window and renderer,
 * the single pointer path for touch and mouse, the event loop and frame presentation.
 * The headless script driver is headless.c; the wiring is app/app.c. */
#include "platform/kiosk.h"
#include <stdio.h>       /* FILE, printf */
#include <stdlib.h>      /* free */
#include <string.h>      /* strcmp */
#include <time.h>        /* clock_gettime */
#include "pack/pack.h"
#include "platform/kiosk_internal.h"
#include "platform/readaloud.h"
#include "system/watchdog.h"
#include "util/util.h"

/* ------------------------------------------------------------------ pictograms */

/* The ui's image source: the active pack's pictograms, cached by the renderer. */
static int kiosk_image_load(void *ctx, const char *name, int size_px) {
  kiosk *k = ctx;
  return *k->pack && k->render ? render_pictogram(k->render, *k->pack, name, size_px) : 0;
}

/* New content: every texture and remembered name goes. */
static void kiosk_images_clear(kiosk *k) {
  if (k->render) render_images_clear(k->render);
}

/* ------------------------------------------------------------------ clock and input */

long long kiosk_now(const kiosk *k) {
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

int kiosk_present(kiosk *k, const char *screenshot) {
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
  if (k->hooks.presented) k->hooks.presented(k->hooks.ctx);
  return 0;
}

/* Delivers queued SDL events and ticks the ui at the current clock. */
void kiosk_pump(kiosk *k) {
  if (k->hooks.poll) k->hooks.poll(k->hooks.ctx, kiosk_now(k));
  SDL_Event e;
  while (SDL_PollEvent(&e)) kiosk_handle(k, &e);
  if (ui_tick(k->ui, kiosk_now(k), NULL)) k->dirty = 1;
  readaloud_pump(k->readaloud, kiosk_now(k));
  /* measuring frames: draw every changed frame, as a display would */
  if (k->opt.frame_stats && k->dirty && kiosk_present(k, NULL) != 0) fprintf(stderr, "wegwijs: %s\n", k->err);
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

static int kiosk_parse_size(const char *s, int *w, int *h) {
  return s && sscanf(s, "%dx%d", w, h) == 2 && *w >= 200 && *h >= 200 && *w <= 16384 && *h <= 16384 ? 0 : -1;
}

int kiosk_parse(kiosk_options *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--kiosk")) o->kiosk = 1;
    else if (!strcmp(a, "--headless")) o->headless = 1;
    else if (!strcmp(a, "--dump-ui")) o->dump_ui = 1;
    else if (!strcmp(a, "--events")) o->events = 1;
    else if (!strcmp(a, "--frame-stats")) o->frame_stats = 1;
    else if (!strcmp(a, "--sample")) o->use_sample = 1;
    else if (!strcmp(a, "--size")) { if (kiosk_parse_size(v, &o->width, &o->height)) return kiosk_usage("--size wants WxH, e.g. 1920x1080"); i++; }
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

/* The error when no display is reachable (over SSH, a server): which drivers were
 * tried (SDL_VIDEODRIVER's list, else every real one SDL has) and how to go on. */
static int kiosk_no_display(kiosk *k) {
  char tried[200] = "";
  const char *env = SDL_getenv("SDL_VIDEODRIVER");
  if (env && *env) snprintf(tried, sizeof tried, "%s", env);
  else
    for (int i = 0; i < SDL_GetNumVideoDrivers(); i++) {
      const char *d = SDL_GetVideoDriver(i);
      if (!strcmp(d, "offscreen") || !strcmp(d, "dummy") || !strcmp(d, "evdev")) continue;
      size_t n = strlen(tried);
      snprintf(tried + n, sizeof tried - n, "%s%s", n ? ", " : "", d);
    }
  return util_error(k->err, sizeof k->err,
                    "no display found (video drivers tried: %s): run it on the kiosk or in a desktop session, "
                    "or without a display use --headless --screenshot out.png", tried);
}

static int kiosk_open_window(kiosk *k) {
  const kiosk_options *o = &k->opt;
  if (o->headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
  SDL_SetHint(SDL_HINT_VIDEO_DOUBLE_BUFFER, "1");
  int started = SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) == 0;
  const char *driver = started ? SDL_GetCurrentVideoDriver() : NULL;
  /* SDL falls back to drivers that draw nowhere: a kiosk nobody can see is an error */
  if (!o->headless && (!driver || !strcmp(driver, "offscreen") || !strcmp(driver, "dummy")))
    return kiosk_no_display(k);
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
double kiosk_mm_per_px(const kiosk *k, double panel_w_mm, double panel_h_mm) {
  if (k->opt.panel_w_mm > 0) return k->opt.panel_w_mm / k->width;
  if (panel_w_mm > 0) {
    int landscape_panel = panel_w_mm >= panel_h_mm;
    int landscape_window = k->width >= k->height;
    double mm = landscape_panel == landscape_window ? panel_w_mm : panel_h_mm;
    return mm / k->width;
  }
  float hdpi = 0;
  if (!k->opt.headless && SDL_GetDisplayDPI(0, NULL, &hdpi, NULL) == 0 && hdpi > 50 && hdpi < 800)
    return 25.4 / hdpi;
  return 0;
}

kiosk *kiosk_open(const kiosk_options *o, text_fonts *fonts, pack *const *active_pack, char *err, size_t errlen) {
  kiosk *k = util_calloc(1, sizeof *k);
  k->opt = *o;
  k->pack = active_pack;
  k->clock = 1000;
  k->running = 1;
  if (o->frame_stats) k->frame_ms = util_calloc(KIOSK_FRAME_SAMPLES, sizeof *k->frame_ms);
  if (kiosk_open_window(k) == 0) k->render = render_create(k->renderer, fonts, k->err, sizeof k->err);
  if (!k->render) {
    util_error(err, errlen, "%s", k->err);
    kiosk_close(k);
    return NULL;
  }
  return k;
}

void kiosk_close(kiosk *k) {
  if (!k) return;
  if (k->render) render_destroy(k->render);
  if (k->renderer) SDL_DestroyRenderer(k->renderer);
  if (k->window) SDL_DestroyWindow(k->window);
  SDL_Quit();
  free(k->frame_ms);
  free(k);
}

void kiosk_window_size(const kiosk *k, int *width, int *height) { *width = k->width; *height = k->height; }
ui_image_source kiosk_image_source(kiosk *k) { return (ui_image_source){ kiosk_image_load, k }; }
const char *kiosk_error(const kiosk *k) { return k->err; }

void kiosk_attach(kiosk *k, ui *u, readaloud *ra, const kiosk_hooks *hooks) {
  k->ui = u;
  k->readaloud = ra;
  if (hooks) k->hooks = *hooks;
}

void kiosk_content_changed(kiosk *k) {
  kiosk_images_clear(k);
  k->dirty = 1;
}

/* One headless run: the first frame, the script, the final screenshot, --dump-ui. */
static int kiosk_run_headless(kiosk *k) {
  int rc = 0;
  kiosk_pump(k);
  if (kiosk_present(k, k->opt.script ? NULL : k->opt.screenshot) != 0) { fprintf(stderr, "wegwijs: %s\n", k->err); rc = 1; }
  if (rc == 0 && k->opt.script) rc = headless_run_script(k, k->opt.script);
  if (rc == 0 && k->opt.script && k->opt.screenshot && kiosk_present(k, k->opt.screenshot) != 0) {
    fprintf(stderr, "wegwijs: %s\n", k->err); rc = 1;
  }
  if (k->opt.dump_ui) ui_dump(k->ui, stdout);
  return rc;
}

/* The interactive loop until quit or Escape (outside --kiosk). */
static void kiosk_loop(kiosk *k) {
  int told_ready = 0;
  k->dirty = 1;   /* the first frame is drawn whether or not the window gets an expose */
  while (k->running) {
    int wait = 1000;   /* also bounds the time between watchdog pings */
    if (k->hooks.poll) k->hooks.poll(k->hooks.ctx, kiosk_now(k));
    if (ui_tick(k->ui, kiosk_now(k), &wait)) k->dirty = 1;
    readaloud_pump(k->readaloud, kiosk_now(k));
    if (k->dirty && kiosk_present(k, NULL) != 0) { fprintf(stderr, "wegwijs: %s\n", k->err); break; }
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
}

/* --frame-stats: median, p99 and max of the frames drawn. */
static void kiosk_print_frame_stats(kiosk *k) {
  int n = k->frame_count;
  for (int i = 1; i < n; i++)   /* insertion sort: n is small and this runs once */
    for (int j = i; j > 0 && k->frame_ms[j - 1] > k->frame_ms[j]; j--) {
      double t = k->frame_ms[j]; k->frame_ms[j] = k->frame_ms[j - 1]; k->frame_ms[j - 1] = t;
    }
  printf("frames: %d median_ms %.2f p99_ms %.2f max_ms %.2f\n", n, k->frame_ms[n / 2],
         k->frame_ms[(int)(n * 0.99) < n ? (int)(n * 0.99) : n - 1], k->frame_ms[n - 1]);
}

int kiosk_run(kiosk *k) {
  int rc = 0;
  if (k->opt.headless) rc = kiosk_run_headless(k);
  else kiosk_loop(k);
  if (k->opt.frame_stats && k->frame_count) kiosk_print_frame_stats(k);
  return rc;
}
