/* headless.c — the --headless script driver: scripts push real SDL finger and mouse
 * events through the kiosk's one pointer path, advance a virtual clock, take
 * screenshots and check what the ui shows (app/platform/SCRIPT.md). */
#include <errno.h>       /* errno */
#include <stdio.h>       /* FILE, printf */
#include <stdlib.h>      /* strtol */
#include <string.h>      /* strcmp */
#include <unistd.h>      /* sysconf */
#include "platform/kiosk_internal.h"
#include "platform/readaloud.h"
#include "util/util.h"

enum { HEADLESS_SCRIPT_MAX = 1 << 20 };   /* largest script file */

/* ------------------------------------------------------------------ input */

static void headless_push_finger(kiosk *k, Uint32 type, int x, int y) {
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
static void headless_push_mouse(kiosk *k, Uint32 type, int x, int y, int touch) {
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
static void headless_wait(kiosk *k, long long ms) {
  long long end = k->clock + ms;
  while (k->clock < end) {
    long long step = end - k->clock < 16 ? end - k->clock : 16;
    k->clock += step;
    kiosk_pump(k);
  }
}

/* A finger tap as a touchscreen reports it: finger and synthetic mouse events, down and
 * up 80 ms apart. */
static void headless_tap(kiosk *k, int x, int y) {
  headless_push_finger(k, SDL_FINGERDOWN, x, y);
  headless_push_mouse(k, SDL_MOUSEBUTTONDOWN, x, y, 1);
  kiosk_pump(k);
  headless_wait(k, 80);
  headless_push_finger(k, SDL_FINGERUP, x, y);
  headless_push_mouse(k, SDL_MOUSEBUTTONUP, x, y, 1);
  kiosk_pump(k);
}

static void headless_click(kiosk *k, int x, int y) {
  headless_push_mouse(k, SDL_MOUSEBUTTONDOWN, x, y, 0);
  kiosk_pump(k);
  headless_wait(k, 80);
  headless_push_mouse(k, SDL_MOUSEBUTTONUP, x, y, 0);
  kiosk_pump(k);
}

/* A finger drag in 16 ms steps over duration_ms, then lift. */
static void headless_drag(kiosk *k, int x1, int y1, int x2, int y2, int duration_ms) {
  int steps = duration_ms / 16;
  if (steps < 2) steps = 2;
  headless_push_finger(k, SDL_FINGERDOWN, x1, y1);
  kiosk_pump(k);
  for (int i = 1; i <= steps; i++) {
    k->clock += 16;
    headless_push_finger(k, SDL_FINGERMOTION, x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps);
    kiosk_pump(k);
  }
  headless_push_finger(k, SDL_FINGERUP, x2, y2);
  kiosk_pump(k);
}

/* ------------------------------------------------------------------ scripts */

static long headless_rss_kib(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0, rss = 0;
  if (!f) return -1;
  if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = -1;
  fclose(f);
  return rss < 0 ? -1 : rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/* xorshift: a seeded, reproducible monkey */
static unsigned headless_random(unsigned *state) {
  unsigned x = *state;
  x ^= x << 13; x ^= x >> 17; x ^= x << 5;
  return *state = x ? x : 0x9E3779B9u;
}

/* Random taps, tap-ids, drags and idle jumps through the real event path. Fails when an
 * idle reset does not return home or resident memory grows by more than 1 MiB after the
 * first quarter (skipped under sanitizers, whose quarantine holds freed memory). */
static int headless_monkey(kiosk *k, int count, unsigned seed, char *err, size_t errlen) {
  unsigned st = seed ? seed : 1;
  long rss_warm = -1, rss_max = 0;
  int warm = count / 2 < 1000 ? count / 2 : 1000;
  int resets = 0;
  const char *san = getenv("WEGWIJS_SAN");
  for (int i = 0; i < count; i++) {
    unsigned r = headless_random(&st) % 100;
    if (r < 40) {
      headless_tap(k, (int)(headless_random(&st) % (unsigned)k->width), (int)(headless_random(&st) % (unsigned)k->height));
    } else if (r < 75) {
      const char *id = ui_tappable_id(k->ui, (int)(headless_random(&st) % 64));
      int x, y;
      if (id && ui_widget_center(k->ui, id, &x, &y) == 0) headless_tap(k, x, y);
    } else if (r < 93) {
      int x1 = (int)(headless_random(&st) % (unsigned)k->width), y1 = (int)(headless_random(&st) % (unsigned)k->height);
      int x2 = (int)(headless_random(&st) % (unsigned)k->width), y2 = (int)(headless_random(&st) % (unsigned)k->height);
      headless_drag(k, x1, y1, x2, y2, 48 + (int)(headless_random(&st) % 400));
    } else if (r < 97) {
      /* an idle jump: past the reset it must be home with nothing left */
      long long ms = 60000 + headless_random(&st) % 80000;
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
    headless_wait(k, (long long)(headless_random(&st) % 600));
    if (k->dirty && kiosk_present(k, NULL) != 0) return util_error(err, errlen, "monkey step %d: %s", i, k->err);
    /* Warm-up: every screen, size and language has drawn its glyphs into the atlas by
     * about 500 actions (measured: growth stops there); after that RSS must stay flat. */
    if (i == warm) rss_warm = headless_rss_kib();
    if (i > warm) { long rss = headless_rss_kib(); if (rss > rss_max) rss_max = rss; }
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

static char *headless_word(char **p) {
  while (**p == ' ' || **p == '\t') (*p)++;
  if (!**p) return NULL;
  char *w = *p;
  while (**p && **p != ' ' && **p != '\t') (*p)++;
  if (**p) *(*p)++ = 0;
  return w;
}

static int headless_int(const char *s, int *out) {
  if (!s) return -1;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || end == s || v < -1000000000L || v > 1000000000L) return -1;
  *out = (int)v;
  return 0;
}

/* Real time passing (sound plays in real time): the virtual clock follows, in 10 ms steps. */
static void headless_real_step(void *ctx, int ms) {
  kiosk *k = ctx;
  for (int done = 0; done < ms; done += 10) {
    SDL_Delay(10);
    k->clock += 10;
    kiosk_pump(k);
  }
}

/* wait-work [MS]: a staff job runs on a real thread in real time: wait for it, drawing
 * frames. 0, or -1 with err set. */
static int headless_wait_work(kiosk *k, char *p, char *err, size_t errlen) {
  int ms = 60000;
  char *d = headless_word(&p);
  if (d && (headless_int(d, &ms) || ms < 0)) return util_error(err, errlen, "usage: wait-work [MS]");
  long long until = util_now_ms() + ms;
  while (k->hooks.work_idle && !k->hooks.work_idle(k->hooks.ctx, 10)) {
    headless_wait(k, 16);
    if (util_now_ms() > until) return util_error(err, errlen, "wait-work: the staff job still runs after %d ms", ms);
  }
  headless_wait(k, 32);
  return 0;
}

/* The search commands (SCRIPT.md): type TEXT taps the on-screen keys that type TEXT,
 * one tap at a time, each key found by its id on the layer then shown; expect-query
 * TEXT checks the box holds exactly TEXT and draws it without missing glyphs;
 * expect-result N ID checks ID ("page:brede-intake", "glossary:brede intake") is
 * among the first N results. 0, or -1 with err set. */
static int headless_search_line(kiosk *k, const char *cmd, char *p, char *err, size_t errlen) {
  enum { TYPE_MAX = 1024 };
  static char ids[TYPE_MAX][UI_ID_MAX];
  while (*p == ' ' || *p == '\t') p++;
  if (!strcmp(cmd, "type")) {
    if (!*p) return util_error(err, errlen, "usage: type TEXT");
    int n = ui_search_plan(k->ui, p, ids, TYPE_MAX, err, errlen);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++) {
      int x, y;
      if (ui_widget_center(k->ui, ids[i], &x, &y) != 0)
        return util_error(err, errlen, "type: key '%s' is not on the keyboard shown", ids[i]);
      headless_tap(k, x, y);
      headless_wait(k, 40);
    }
    return 0;
  }
  if (!strcmp(cmd, "expect-query")) {
    int tofu = 0;
    const char *q = ui_search_box(k->ui, &tofu);
    if (!q) return util_error(err, errlen, "expect-query: the search screen is not shown");
    if (strcmp(q, p)) return util_error(err, errlen, "expect-query: wanted \"%s\", the box holds \"%s\"", p, q);
    if (tofu) return util_error(err, errlen, "expect-query: \"%s\" is drawn with %d missing glyph(s)", q, tofu);
    return 0;
  }
  char *nw = headless_word(&p), *id = p, buf[128];
  int top = 0;
  while (*id == ' ' || *id == '\t') id++;
  if (!nw || !*id || headless_int(nw, &top) || top < 1) return util_error(err, errlen, "usage: expect-result N ID");
  for (int i = 0; i < top; i++) {
    const char *r = ui_search_result(k->ui, i, buf, sizeof buf);
    if (r && !strcmp(r, id)) return 0;
  }
  char got[512] = "";
  for (int i = 0; i < 5; i++) {
    const char *r = ui_search_result(k->ui, i, buf, sizeof buf);
    if (r) snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "", r);
  }
  return util_error(err, errlen, "expect-result: %s is not in the first %d results (%s)", id, top, got[0] ? got : "none");
}

/* Runs one script line. Returns 0, or -1 with err set (the caller adds file:line). */
static int headless_script_line(kiosk *k, char *line, char *err, size_t errlen) {
  char *p = line;
  char *cmd = headless_word(&p);
  if (!cmd || cmd[0] == '#') return 0;
  int a[4];
  if (!strcmp(cmd, "tap") || !strcmp(cmd, "click")) {
    if (headless_int(headless_word(&p), &a[0]) || headless_int(headless_word(&p), &a[1]))
      return util_error(err, errlen, "usage: %s X Y", cmd);
    if (!strcmp(cmd, "tap")) headless_tap(k, a[0], a[1]); else headless_click(k, a[0], a[1]);
  } else if (!strcmp(cmd, "tap-id")) {
    char *id = headless_word(&p);
    if (!id) return util_error(err, errlen, "usage: tap-id WIDGET_ID");
    if (ui_widget_center(k->ui, id, &a[0], &a[1]) != 0)
      return util_error(err, errlen, "tap-id: no widget '%s' visible on the %s screen", id, ui_screen_name(k->ui));
    headless_tap(k, a[0], a[1]);
  } else if (!strcmp(cmd, "drag")) {
    for (int i = 0; i < 4; i++)
      if (headless_int(headless_word(&p), &a[i])) return util_error(err, errlen, "usage: drag X1 Y1 X2 Y2 [MS]");
    int ms = 160;
    char *d = headless_word(&p);
    if (d && headless_int(d, &ms)) return util_error(err, errlen, "usage: drag X1 Y1 X2 Y2 [MS]");
    headless_drag(k, a[0], a[1], a[2], a[3], ms);
  } else if (!strcmp(cmd, "wait") || !strcmp(cmd, "advance-clock")) {
    if (headless_int(headless_word(&p), &a[0]) || a[0] < 0) return util_error(err, errlen, "usage: %s MS", cmd);
    if (!strcmp(cmd, "wait")) headless_wait(k, a[0]);
    else { k->clock += a[0]; kiosk_pump(k); }
  } else if (!strcmp(cmd, "wait-work")) {
    if (headless_wait_work(k, p, err, errlen) != 0) return -1;
  } else if (!strcmp(cmd, "screenshot")) {
    char *out = headless_word(&p);
    if (!out) return util_error(err, errlen, "usage: screenshot OUT.png");
    if (kiosk_present(k, out) != 0) return util_error(err, errlen, "screenshot: %s", k->err);
  } else if (!strcmp(cmd, "expect-screen")) {
    char *name = headless_word(&p);
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
    char *code = headless_word(&p);
    const char *now = ui_language(k->ui);
    if (!code) return util_error(err, errlen, "usage: expect-lang CODE|none");
    if (strcmp(code, !*now ? "none" : now))
      return util_error(err, errlen, "expect-lang: wanted %s, language is %s", code, *now ? now : "none");
  } else if (!strcmp(cmd, "open")) {
    char *name = headless_word(&p);
    if (!name) return util_error(err, errlen, "usage: open SCREEN_OR_PAGE_ID");
    if (ui_open(k->ui, name, k->clock, err, errlen) != 0) return -1;
  } else if (!strcmp(cmd, "lang")) {
    char *code = headless_word(&p);
    if (!code) return util_error(err, errlen, "usage: lang CODE");
    if (ui_set_language(k->ui, code, k->clock, err, errlen) != 0) return -1;
  } else if (!strcmp(cmd, "type") || !strcmp(cmd, "expect-query") || !strcmp(cmd, "expect-result")) {
    if (headless_search_line(k, cmd, p, err, errlen) != 0) return -1;
  } else if (!strcmp(cmd, "dump-ui")) {
    ui_dump(k->ui, stdout);
  } else if (!strcmp(cmd, "monkey")) {
    if (headless_int(headless_word(&p), &a[0]) || headless_int(headless_word(&p), &a[1]) || a[0] < 0)
      return util_error(err, errlen, "usage: monkey COUNT SEED");
    return headless_monkey(k, a[0], (unsigned)a[1], err, errlen);
  } else if ((a[0] = readaloud_script(k->readaloud, cmd, p, headless_real_step, k, err, errlen)) >= 0) {
    if (a[0]) return -1;
  } else {
    return util_error(err, errlen, "unknown command '%s' (see app/platform/SCRIPT.md)", cmd);
  }
  if (k->dirty && kiosk_present(k, NULL) != 0) return util_error(err, errlen, "%s", k->err);
  return 0;
}

int headless_run_script(kiosk *k, const char *path) {
  size_t len = 0;
  char *text = util_read_file(path, HEADLESS_SCRIPT_MAX, &len, k->err, sizeof k->err);
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
    if (headless_script_line(k, line, err, sizeof err) != 0) {
      fprintf(stderr, "%s:%d: %s\n", path, lineno, err);
      rc = 1;
      break;
    }
  }
  free(text);
  return rc;
}
