/* test_ui.c — the ui core without SDL: every screen in every sample language at four
 * panel sizes has no tofu and touch targets of at least 10 mm (15 mm for primary ones)
 * kept 3 mm apart; the route mirrors in RTL; a tap activates once, the 400 ms guard and
 * drags do not; idle reset wipes the session; a language change keeps the page; route
 * labels never break inside a word and rows are balanced; untranslated fallback text
 * in an RTL screen is laid out left to right. */
#include <math.h>      /* fabs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>    /* ftruncate */
#include "check.h"
#include "pack/sample.h"
#include "ui/ui.h"
#include "util/util.h"

static site *load(void *ctx, const char *lang, char *err, size_t errlen) {
  (void)ctx;
  return sample_site_load(lang, err, errlen);
}
static void release(void *ctx, site *s) { (void)ctx; site_free(s); }

static text_fonts *fonts;
static FILE *events;

static ui *make(int w, int h, double mm_per_px) {
  char err[256];
  ui_config c = { .width = w, .height = h, .mm_per_px = mm_per_px, .fonts = fonts,
                  .sites = { load, release, NULL }, .start_lang = "nl", .events = events };
  ui *u = ui_create(&c, err, sizeof err);
  if (!u) printf("ui_create: %s\n", err);
  return u;
}

/* Counts event lines containing needle written since the file was last rewound. */
static int count_events(const char *needle) {
  fflush(events);
  rewind(events);
  char line[1024];
  int n = 0;
  while (fgets(line, sizeof line, events)) if (strstr(line, needle)) n++;
  return n;
}
static void clear_events(void) {
  fflush(events);
  if (ftruncate(fileno(events), 0) != 0) printf("ftruncate failed\n");
  rewind(events);
}

static void tap(ui *u, const char *id, long long *now) {
  int x, y;
  if (ui_widget_center(u, id, &x, &y) != 0) { printf("no widget %s on %s\n", id, ui_screen_name(u)); return; }
  ui_pointer_down(u, x, y, *now);
  *now += 80;
  ui_pointer_up(u, x, y, *now);
  *now += 500;
  ui_tick(u, *now, NULL);
}

static int is_primary(const char *id) {
  return !strncmp(id, "lang-", 5) || !strcmp(id, "back") || !strcmp(id, "home") || !strcmp(id, "language") ||
         !strcmp(id, "idle-continue") || !strcmp(id, "checkin-entry") || !strcmp(id, "questions") ||
         !strcmp(id, "help") || !strcmp(id, "listen");
}

/* Sizes and spacing of every visible tappable widget. */
/* The rect of a tappable widget as far as it can be touched: content that scrolls on
 * under the route's fixed action bar ends at the bar's top edge. */
static void touchable_rect(ui *u, const char *id, int *x, int *y, int *w, int *h) {
  ui_widget_rect(u, id, x, y, w, h);
  int bx, by, bw, bh;
  if (ui_widget_rect(u, "actions", &bx, &by, &bw, &bh) == 0 && *y < by && *y + *h > by) *h = by - *y;
}

static void check_targets(ui *u, double mm_per_px, const char *what) {
  int n = ui_tappable_count(u);
  for (int i = 0; i < n; i++) {
    const char *id = ui_tappable_id(u, i);
    int x, y, w, h;
    ui_widget_rect(u, id, &x, &y, &w, &h);
    double wmm = w * mm_per_px, hmm = h * mm_per_px, min = is_primary(id) ? 14.9 : 9.9;
    CHECK(wmm >= min && hmm >= min, "%s: %s is %.1f x %.1f mm (min %.0f)", what, id, wmm, hmm, min);
    for (int j = i + 1; j < n; j++) {
      const char *id2 = ui_tappable_id(u, j);
      int x2, y2, w2, h2;
      touchable_rect(u, id2, &x2, &y2, &w2, &h2);
      touchable_rect(u, id, &x, &y, &w, &h);
      int gx = x2 >= x + w ? x2 - (x + w) : x >= x2 + w2 ? x - (x2 + w2) : -1;
      int gy = y2 >= y + h ? y2 - (y + h) : y >= y2 + h2 ? y - (y2 + h2) : -1;
      int gap = gx > gy ? gx : gy;
      CHECK(gap * mm_per_px >= 2.9, "%s: %s and %s are %.1f mm apart", what, id, id2, gap * mm_per_px);
    }
  }
}

static void check_all_screens(void) {
  const struct { int w, h; double mm; } sizes[] = {
    { 1920, 1080, 0.179 }, { 1080, 1920, 0.179 }, { 1280, 800, 0.170 }, { 800, 480, 0.194 } };
  const char *langs[] = { "nl", "ar", "fa", "ti" };
  const char *screens[] = { "language", "route", "brede-intake", "examens", "questions", "help" };
  char *buf = NULL; size_t len = 0;
  for (size_t s = 0; s < UTIL_COUNT(sizes); s++) {
    ui *u = make(sizes[s].w, sizes[s].h, sizes[s].mm);
    if (!u) { CHECK(0, "ui_create"); continue; }
    long long now = 1000;
    for (size_t l = 0; l < UTIL_COUNT(langs); l++)
      for (size_t k = 0; k < UTIL_COUNT(screens); k++) {
        char what[128];
        snprintf(what, sizeof what, "%dx%d %s %s", sizes[s].w, sizes[s].h, langs[l], screens[k]);
        CHECK(ui_set_language(u, langs[l], now, NULL, 0) == 0, "%s: set language", what);
        CHECK(ui_open(u, screens[k], now, NULL, 0) == 0, "%s: open", what);
        FILE *m = open_memstream(&buf, &len);
        ui_dump(u, m);
        fclose(m);
        int tofu = 0;
        for (char *p = strstr(buf, "\"tofu\":"); p; p = strstr(p + 1, "\"tofu\":")) tofu += atoi(p + 7);
        CHECK(tofu == 0, "%s: %d tofu glyphs", what, tofu);
        CHECK(strstr(buf, ui_is_rtl(u) ? "\"direction\":\"rtl\"" : "\"direction\":\"ltr\"") != NULL, "%s: direction", what);
        check_targets(u, sizes[s].mm, what);
        const ui_draw_list *dl = ui_draw_frame(u);
        CHECK(dl->count > 3 && dl->count < UI_DRAW_MAX, "%s: %d draw commands", what, dl->count);
        free(buf); buf = NULL;
      }
    ui_destroy(u);
  }
}

static void check_mirror(void) {
  ui *nl = make(1920, 1080, 0.18), *ar = make(1920, 1080, 0.18);
  if (!nl || !ar) { CHECK(0, "ui_create"); return; }
  ui_set_language(nl, "nl", 0, NULL, 0); ui_open(nl, "route", 0, NULL, 0);
  ui_set_language(ar, "ar", 0, NULL, 0); ui_open(ar, "route", 0, NULL, 0);
  CHECK(ui_is_rtl(ar) && !ui_is_rtl(nl), "directions");
  const char *steps[] = { "step-aankomst", "step-status", "step-koppeling", "step-woning", "step-brede-intake",
                          "step-pip", "step-leerroute", "step-map", "step-examens", "back", "home", "language" };
  int first_nl = 0, first_ar = 0;
  for (size_t i = 0; i < UTIL_COUNT(steps); i++) {
    int x1, y1, w1, h1, x2, y2, w2, h2;
    if (ui_widget_rect(nl, steps[i], &x1, &y1, &w1, &h1) != 0) { CHECK(!strcmp(steps[i], "back") || !strcmp(steps[i], "home"), "nl: no %s", steps[i]); continue; }
    CHECK(ui_widget_rect(ar, steps[i], &x2, &y2, &w2, &h2) == 0, "ar: no %s", steps[i]);
    if (!strncmp(steps[i], "step-", 5)) {
      CHECK(abs((1920 - x1 - w1) - x2) <= 1 && w1 == w2, "%s: nl x=%d w=%d, ar x=%d (want %d)", steps[i], x1, w1, x2, 1920 - x1 - w1);
      if (i == 0) { first_nl = x1; first_ar = x2; }
    }
  }
  CHECK(first_nl < 960 && first_ar > 960, "the route starts on the left in Dutch and on the right in Arabic");
  ui_destroy(nl); ui_destroy(ar);
}

static void check_touch(void) {
  ui *u = make(1920, 1080, 0.18);
  if (!u) { CHECK(0, "ui_create"); return; }
  long long now = 1000;
  ui_set_language(u, "nl", now, NULL, 0);
  ui_open(u, "route", now, NULL, 0);
  now += 1000;
  clear_events();
  tap(u, "step-pip", &now);
  CHECK(count_events("\"activate\"") == 1, "one tap, one activation (got %d)", count_events("\"activate\""));
  CHECK(!strcmp(ui_screen_name(u), "page"), "the tap opened the page");
  /* a tap 100 ms after the screen change is inside the guard */
  clear_events();
  int x, y;
  ui_widget_center(u, "back", &x, &y);
  ui_pointer_down(u, x, y, now); ui_pointer_up(u, x, y, now + 80);
  now += 180;   /* 100 ms after the screen changed back to the route */
  ui_widget_center(u, "step-woning", &x, &y);
  ui_pointer_down(u, x, y, now); ui_pointer_up(u, x, y, now + 60);
  now += 60;
  CHECK(!strcmp(ui_screen_name(u), "route"), "guarded tap did nothing");
  CHECK(count_events("\"activate\"") == 1 && count_events("tap_ignored") == 1, "only back activated (%d)", count_events("\"activate\""));
  /* after the guard: the same tap works */
  now += 500;
  ui_widget_center(u, "step-woning", &x, &y);
  ui_pointer_down(u, x, y, now); ui_pointer_up(u, x, y, now + 80); now += 80;
  CHECK(!strcmp(ui_screen_name(u), "page"), "tap after the guard opened woning");
  /* a tap released outside its target is cancelled */
  now += 1000;
  ui_widget_center(u, "listen", &x, &y);
  clear_events();
  ui_pointer_down(u, x, y, now); ui_pointer_up(u, x, y + 400, now + 80); now += 80;
  CHECK(count_events("\"activate\"") == 0, "release outside: no activation");
  /* a drag on a long page scrolls and never activates, then momentum carries on */
  ui_open(u, "brede-intake", now, NULL, 0);
  now += 1000;
  clear_events();
  ui_widget_center(u, "block-1", &x, &y);
  ui_pointer_down(u, 960, 900, now);
  for (int i = 1; i <= 10; i++) { now += 16; ui_pointer_move(u, 960, 900 - i * 40, now); }
  ui_pointer_up(u, 960, 500, now);
  int after_drag = ui_scroll(u);
  /* the first 3 mm (touch slop) only decide that it is a drag */
  CHECK(after_drag >= 340 && after_drag <= 400, "drag scrolled %d px", after_drag);
  CHECK(count_events("\"activate\"") == 0, "the drag activated nothing");
  for (int i = 0; i < 30; i++) { now += 16; ui_tick(u, now, NULL); }
  CHECK(ui_scroll(u) > after_drag, "momentum carried on (%d > %d)", ui_scroll(u), after_drag);
  long long settle = now + 5000;
  while (now < settle) { now += 16; ui_tick(u, now, NULL); }
  int rest = ui_scroll(u);
  now += 16; ui_tick(u, now, NULL);
  CHECK(ui_scroll(u) == rest, "momentum stops");
  ui_destroy(u);
}

static void check_idle_and_language(void) {
  ui *u = make(1920, 1080, 0.18);
  if (!u) { CHECK(0, "ui_create"); return; }
  long long now = 1000;
  tap(u, "lang-nl", &now);
  CHECK(!strcmp(ui_screen_name(u), "route") && !strcmp(ui_language(u), "nl"), "language → route");
  tap(u, "step-brede-intake", &now);
  tap(u, "large-text", &now);
  tap(u, "language", &now);
  CHECK(!strcmp(ui_screen_name(u), "language"), "language screen");
  tap(u, "lang-ar", &now);
  CHECK(!strcmp(ui_screen_name(u), "page") && !strcmp(ui_language(u), "ar") && ui_is_rtl(u), "same page, now Arabic");
  CHECK(ui_has_text(u, "المقابلة الشاملة"), "Arabic title shown");
  CHECK(ui_has_text(u, "brede intake"), "the Dutch term stays visible");
  /* 90 s idle: warning; touching it keeps the session */
  now += 91000; ui_tick(u, now, NULL);
  CHECK(ui_idle_overlay_shown(u), "countdown after 90 s");
  CHECK(ui_has_text(u, "20") || ui_has_text(u, "19"), "countdown shows the seconds");
  tap(u, "idle-continue", &now);
  CHECK(!ui_idle_overlay_shown(u) && !strcmp(ui_screen_name(u), "page"), "continue keeps the page");
  /* 120 s idle: wiped */
  now += 120000; ui_tick(u, now, NULL);
  CHECK(!strcmp(ui_screen_name(u), "language") && !strcmp(ui_language(u), ""), "reset to the language screen");
  char *buf = NULL; size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  ui_dump(u, m);
  fclose(m);
  CHECK(strstr(buf, "\"history_depth\":1,") && strstr(buf, "\"large_text\":false") &&
        strstr(buf, "\"scroll\":0,") && strstr(buf, "\"language\":\"\""), "no trace of the visit: %s", buf);
  int bx, by;
  CHECK(ui_widget_center(u, "back", &bx, &by) != 0 && ui_widget_center(u, "home", &bx, &by) != 0, "no back or home after reset");
  free(buf);
  ui_destroy(u);
}

/* A sample site whose first brede-intake block and "listen" string are left
 * untranslated (Dutch), as a pack falls back when a translation is missing. */
static site *load_untranslated(void *ctx, const char *lang, char *err, size_t errlen) {
  (void)ctx;
  site *s = sample_site_load(lang, err, errlen);
  if (!s || !strcmp(lang, "nl")) return s;
  site_page *pg = NULL;
  for (int i = 0; i < s->page_count; i++) if (!strcmp(s->pages[i].id, "brede-intake")) pg = &s->pages[i];
  if (pg && pg->block_count > 1) {
    free(pg->blocks[0].text);
    pg->blocks[0].text = util_strdup("Vraag het aan je klantmanager.");
    pg->blocks[0].span_count = 0;
  }
  for (int i = 0; i < s->ui_count; i++)
    if (!strcmp(s->ui_keys[i], "listen")) { free(s->ui_values[i]); s->ui_values[i] = util_strdup("Voorlezen."); }
  return s;
}

/* A sample site listing twenty languages: its own four, then long endonyms in Latin,
 * Arabic, Ethiopic and Cyrillic script (codes x05..x20; only the list is longer). */
static site *load_twenty(void *ctx, const char *lang, char *err, size_t errlen) {
  (void)ctx;
  site *s = sample_site_load(lang, err, errlen);
  if (!s) return NULL;
  static const char *const names[] = { "Nederlands", "Українська", "Kurmancî", "Soomaali", "Tiếng Việt",
                                       "ትግርኛ", "العربية", "Français", "Русский", "Afaan Oromoo" };
  s->languages = util_realloc(s->languages, sizeof *s->languages * 20);
  for (int i = s->language_count; i < 20; i++) {
    memset(&s->languages[i], 0, sizeof s->languages[i]);
    snprintf(s->languages[i].code, sizeof s->languages[i].code, "x%02d", i + 1);
    snprintf(s->languages[i].name, sizeof s->languages[i].name, "%s", names[i % 10]);
  }
  s->language_count = 20;
  return s;
}

/* Room for twenty languages: every tile on the language screen at once at the four
 * panel sizes, each >= 15 mm and >= 3 mm from the next. */
static void check_twenty_languages(void) {
  const struct { int w, h; } sizes[] = { { 1920, 1080 }, { 1080, 1920 }, { 1280, 800 }, { 800, 480 } };
  for (size_t k = 0; k < UTIL_COUNT(sizes); k++) {
    char err[256], what[64];
    ui_config c = { .width = sizes[k].w, .height = sizes[k].h, .mm_per_px = 0.18, .fonts = fonts,
                    .sites = { load_twenty, release, NULL }, .start_lang = "nl" };
    ui *u = ui_create(&c, err, sizeof err);
    if (!u) { CHECK(0, "ui_create: %s", err); continue; }
    snprintf(what, sizeof what, "%dx%d twenty languages", sizes[k].w, sizes[k].h);
    int inside = 0;
    for (int i = 1; i <= 20; i++) {
      char id[16]; int x, y, w, h;
      if (i <= 4) snprintf(id, sizeof id, "lang-%s", ((const char *[]){ "nl", "ar", "fa", "ti" })[i - 1]);
      else snprintf(id, sizeof id, "lang-x%02d", i);
      if (ui_widget_rect(u, id, &x, &y, &w, &h) == 0 && x >= 0 && y >= 0 && x + w <= sizes[k].w && y + h <= sizes[k].h) inside++;
      else CHECK(0, "%s: %s is not fully on the screen", what, id);
    }
    CHECK(inside == 20 && ui_scroll(u) == 0, "%s: %d tiles inside", what, inside);
    check_targets(u, 0.18, what);
    ui_destroy(u);
  }
}

/* The widget object of id in a dump, as a string pointer into buf (NULL if absent). */
static const char *dump_widget(const char *buf, const char *id) {
  char key[128];
  snprintf(key, sizeof key, "{\"id\":\"%s\"", id);
  return strstr(buf, key);
}

/* 1 if the widget object at w (from dump_widget) has field text needle. */
static int has_field(const char *w, const char *needle) {
  const char *f = w ? strstr(w, needle) : NULL, *end = w ? strchr(w, '}') : NULL;
  return f && end && f < end;
}

/* Untranslated (fallback) text in an RTL screen is laid out left to right; the
 * translated text around it stays right to left. */
static void check_fallback_direction(void) {
  char err[256];
  ui_config c = { .width = 1280, .height = 800, .mm_per_px = 0.17, .fonts = fonts,
                  .sites = { load_untranslated, release, NULL }, .start_lang = "nl" };
  ui *u = ui_create(&c, err, sizeof err);
  if (!u) { CHECK(0, "ui_create: %s", err); return; }
  CHECK(ui_set_language(u, "ar", 0, NULL, 0) == 0 && ui_open(u, "brede-intake", 0, NULL, 0) == 0, "Arabic page");
  char *buf = NULL; size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  ui_dump(u, m);
  fclose(m);
  const char *b1 = dump_widget(buf, "block-1"), *b2 = dump_widget(buf, "block-2"), *t = dump_widget(buf, "title");
  const char *listen = dump_widget(buf, "listen");
  CHECK(has_field(b1, "\"rtl\":false"), "the Dutch fallback block is LTR");
  CHECK(has_field(listen, "\"rtl\":false"), "the Dutch fallback button label is LTR");
  CHECK(has_field(b2, "\"rtl\":true"), "the Arabic block stays RTL");
  CHECK(has_field(t, "\"rtl\":true"), "the Arabic title stays RTL");
  free(buf);
  ui_destroy(u);
}

/* No route label or button breaks inside a word, at every size, in every language,
 * with and without large text; and the landscape timeline has balanced rows. */
static void check_route_words(void) {
  const struct { int w, h; double mm; } sizes[] = {
    { 1920, 1080, 0.179 }, { 1080, 1920, 0.179 }, { 1280, 800, 0.170 }, { 800, 480, 0.194 } };
  const char *langs[] = { "nl", "ar", "fa", "ti" };
  for (size_t s = 0; s < UTIL_COUNT(sizes); s++)
    for (size_t l = 0; l < UTIL_COUNT(langs); l++)
      for (int large = 0; large < 2; large++) {
        ui *u = make(sizes[s].w, sizes[s].h, sizes[s].mm);
        if (!u) { CHECK(0, "ui_create"); continue; }
        long long now = 1000;
        ui_set_language(u, langs[l], now, NULL, 0);
        ui_open(u, "route", now, NULL, 0);
        if (large) tap(u, "large-text", &now);
        char *buf = NULL; size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        ui_dump(u, m);
        fclose(m);
        int splits = 0;
        for (char *p = strstr(buf, "\"split_words\":"); p; p = strstr(p + 1, "\"split_words\":")) splits += atoi(p + 14);
        CHECK(splits == 0, "%dx%d %s%s: %d lines break inside a word", sizes[s].w, sizes[s].h, langs[l],
              large ? " large" : "", splits);
        /* rows of steps: counts per distinct y differ by at most one */
        int ys[64], counts[64], nys = 0;
        for (char *p = strstr(buf, "\"kind\":\"step\""); p; p = strstr(p + 1, "\"kind\":\"step\"")) {
          int y = atoi(strstr(p, "\"y\":") + 4), k = 0;
          while (k < nys && ys[k] != y) k++;
          if (k == nys && nys < 64) { ys[nys] = y; counts[nys++] = 0; }
          if (k < 64) counts[k]++;
        }
        int lo = 1000, hi = 0;
        for (int k = 0; k < nys; k++) { if (counts[k] < lo) lo = counts[k]; if (counts[k] > hi) hi = counts[k]; }
        CHECK(nys > 0 && hi - lo <= 1, "%dx%d %s%s: rows of %d..%d steps", sizes[s].w, sizes[s].h, langs[l],
              large ? " large" : "", lo, hi);
        free(buf);
        ui_destroy(u);
      }
}

int main(void) {
  char err[256];
  fonts = text_fonts_open(NULL, err, sizeof err);
  if (!fonts) { printf("FAIL fonts: %s\n", err); return check_report() | 1; }
  events = tmpfile();
  check_mirror();
  check_touch();
  check_idle_and_language();
  check_all_screens();
  check_fallback_direction();
  check_route_words();
  check_twenty_languages();
  fclose(events);
  text_fonts_close(fonts);
  return check_report();
}
