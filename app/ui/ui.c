/* ui.c — screens, navigation, the pointer state machine, idle reset and the draw list.
 * Layout is computed into widgets when the screen, size, language or a toggle changes;
 * a frame walks the widgets into the preallocated draw list. No SDL here. */
#include "ui/ui.h"
#include <math.h>      /* lround, expf */
#include <stdarg.h>    /* va_list */
#include <string.h>    /* strcmp, strlen, memcpy */
#include "ui/ui_checkin.h"
#include "ui/ui_internal.h"
#include "ui/ui_navigator.h"
#include "ui/ui_staff.h"
#include "util/util.h"

/* (types, colour roles, actions and struct ui are in ui_internal.h; themes in ui_widget.c) */

static const char *const ui_screen_names[UI_SCREEN_COUNT] = {
  "language", "route", "page", "questions", "help", "staff", "checkin", "navigator", "search", "term"
};

/* ------------------------------------------------------------------ small helpers */


/* One JSON event line: {"event":..., ...,"t":now}. fmt gives the fields after "event". */
void ui_emit(ui *u, const char *fmt, ...) {
  if (!u->cfg.events) return;
  va_list ap;
  va_start(ap, fmt);
  fputs("{", u->cfg.events);
  vfprintf(u->cfg.events, fmt, ap);
  fprintf(u->cfg.events, ",\"t\":%lld}\n", u->last_tick);
  fflush(u->cfg.events);
  va_end(ap);
}

static void ui_json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
    else if (*p == '\n') fputs("\\n", out);
    else if (*p < 0x20) fprintf(out, "\\u%04x", *p);
    else fputc(*p, out);
  }
  fputc('"', out);
}


/* ------------------------------------------------------------------ pictograms */

/* A pictogram's handle for drawing at about size_px, or 0 when there is no image source
 * or the pack lacks it (the platform logs that once per name). */
int ui_image(ui *u, const char *name, int size_px) {
  if (!u->cfg.images.load || !name || !*name || size_px <= 0) return 0;
  return u->cfg.images.load(u->cfg.images.ctx, name, size_px);
}

/* ------------------------------------------------------------------ navigation */

void ui_screen_changed(ui *u, long long now) {
  ui_listen_stop(u, "navigation");
  ui_search_screen_changed(u);
  /* whatever leads away from the check-in (home, staff corner, idle) wipes its answers */
  if (ui_top(u)->screen != UI_SCREEN_CHECKIN) ui_checkin_abandon(u);
  ui_navigator_left(u);   /* its answers go when it is no longer in the history */
  u->guard_until = now + u->cfg.guard_ms;
  u->velocity = 0;
  u->pressed = -1;
  u->dragging = 0;
  ui_relayout(u);
  const ui_entry *e = ui_top(u);
  if (e->screen == UI_SCREEN_PAGE)
    ui_emit(u, "\"event\":\"screen_shown\",\"screen\":\"page\",\"page\":\"%s\",\"lang\":\"%s\"", e->page,
            u->lang_chosen ? ui_lang(u) : "");
  else
    ui_emit(u, "\"event\":\"screen_shown\",\"screen\":\"%s\",\"lang\":\"%s\"", ui_screen_names[e->screen],
            u->lang_chosen ? ui_lang(u) : "");
}

void ui_push(ui *u, ui_screen screen, const char *page, long long now) {
  if (u->depth == UI_HISTORY_MAX) {
    memmove(&u->history[0], &u->history[1], sizeof u->history[0] * (UI_HISTORY_MAX - 1));
    u->depth--;
  }
  ui_entry *e = &u->history[u->depth++];
  e->screen = screen; e->scroll = 0;
  ui_copy(e->page, sizeof e->page, page);
  ui_screen_changed(u, now);
}

static int ui_load_language(ui *u, const char *lang, char *err, size_t errlen) {
  site *s = u->cfg.sites.load(u->cfg.sites.ctx, lang, err, errlen);
  if (!s) return -1;
  ui_listen_stop(u, "language");   /* before the site its clips and highlight refer to goes */
  ui_search_wipe(u);
  /* a check-in never changes language half-way: it ends unsaved, back on the route */
  ui_checkin_abandon(u);
  ui_navigator_wipe(u);   /* a new language starts the navigator again */
  if (u->depth >= 1 && ui_top(u)->screen == UI_SCREEN_CHECKIN) { u->depth = 1; u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE }; }
  if (u->site) u->cfg.sites.release(u->cfg.sites.ctx, u->site);
  u->site = s;
  return 0;
}

int ui_set_language(ui *u, const char *lang, long long now, char *err, size_t errlen) {
  if (ui_load_language(u, lang, err, errlen) != 0) return -1;
  u->lang_chosen = 1;
  ui_emit(u, "\"event\":\"language_changed\",\"lang\":\"%s\"", ui_lang(u));
  ui_screen_changed(u, now);
  return 0;
}

/* Reads "choose your language" in every language of the content (each site loaded
 * once, at start and on new content, never per frame). Languages whose string falls
 * back to another language's are left out: the line is there for readers of each own
 * language. */
static void ui_collect_choose(ui *u) {
  for (int i = 0; i < u->choose_count; i++) free(u->choose[i]);
  u->choose_count = 0;
  int n = u->site->language_count;
  site_language langs[UI_CHOOSE_MAX];
  if (n > UI_CHOOSE_MAX) n = UI_CHOOSE_MAX;
  memcpy(langs, u->site->languages, sizeof langs[0] * (size_t)n);
  ui_attract_collect(u, NULL, NULL, NULL);
  char *start_invite = util_strdup(site_ui_string(u->site, "touch_start"));
  for (int i = 0; i < n; i++) {
    char err[256];
    site *s = u->cfg.sites.load(u->cfg.sites.ctx, langs[i].code, err, sizeof err);
    if (!s) continue;
    const char *t = site_ui_string(s, "choose_language");
    int seen = !strcmp(t, "choose_language");
    for (int k = 0; k < u->choose_count && !seen; k++) seen = !strcmp(u->choose[k], t);
    if (!seen) {
      u->choose[u->choose_count] = util_strdup(t);
      snprintf(u->choose_lang[u->choose_count], sizeof u->choose_lang[0], "%.15s", langs[i].code);
      u->choose_count++;
    }
    ui_attract_collect(u, s, langs[i].code, start_invite);
    u->cfg.sites.release(u->cfg.sites.ctx, s);
  }
  free(start_invite);
}

int ui_reload(ui *u, long long now, char *err, size_t errlen) {
  char lang[16];
  snprintf(lang, sizeof lang, "%.15s", u->lang_chosen ? ui_lang(u) : u->cfg.start_lang);
  site *s = u->cfg.sites.load(u->cfg.sites.ctx, lang, err, errlen);
  int restart = 0;
  if (!s && u->lang_chosen) {
    s = u->cfg.sites.load(u->cfg.sites.ctx, u->cfg.start_lang, err, errlen);
    restart = 1;
  }
  if (!s) return -1;
  /* the questionnaire may have changed under a running check-in: it ends unsaved */
  ui_checkin_abandon(u);
  ui_navigator_wipe(u);   /* so may the navigator's tree: it starts again */
  if (ui_top(u)->screen == UI_SCREEN_CHECKIN) { u->depth = 1; u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE }; }
  if (u->site) u->cfg.sites.release(u->cfg.sites.ctx, u->site);
  u->site = s;
  if (restart) {
    u->lang_chosen = 0;
    u->depth = 1;
    u->history[0] = (ui_entry){ .screen = UI_SCREEN_LANGUAGE };
  }
  ui_collect_choose(u);
  ui_emit(u, "\"event\":\"content_reloaded\",\"pack\":\"%s\",\"version\":%d", s->pack_name, s->pack_version);
  ui_screen_changed(u, now);
  return 0;
}

/* Wipes every trace of the visit and shows the language screen. */
void ui_reset_session(ui *u, long long now, const char *event) {
  ui_listen_stop(u, "idle_reset");
  ui_search_wipe(u);
  ui_checkin_abandon(u);   /* unsent answers go first, before the site they point into */
  ui_navigator_wipe(u);
  if (u->lang_chosen || strcmp(ui_lang(u), u->cfg.start_lang)) {
    if (ui_load_language(u, u->cfg.start_lang, u->err, sizeof u->err) != 0)
      fprintf(stderr, "wegwijs: reset: %s\n", u->err);   /* keep the loaded site */
  }
  u->lang_chosen = 0;
  staff_session_leave(&u->staff);
  memset(u->pin, 0, sizeof u->pin);
  u->staff_msg[0] = 0;
  memset(u->history, 0, sizeof u->history);
  u->depth = 1;
  u->history[0].screen = UI_SCREEN_LANGUAGE;
  u->large_text = u->high_contrast = u->dutch_alongside = 0;
  u->overlay = 0;
  u->down = 0;
  u->sample_count = 0;
  u->last_input = now;
  ui_emit(u, "\"event\":\"%s\"", event);
  /* the empty kiosk invites passers-by; nobody is reading after an idle reset */
  if (!strcmp(event, "idle_reset")) ui_attract_start(u, now);
  ui_screen_changed(u, now);
}

static void ui_activate(ui *u, const ui_widget *w, long long now) {
  /* copy: the widget array is rebuilt by what follows */
  char id[UI_ID_MAX], target[64];
  ui_copy(id, sizeof id, w->id);
  ui_copy(target, sizeof target, w->target);
  int action = w->action;
  /* an answer's id names the answer: the event says only that one was tapped; a key of
   * the search keyboard is not reported at all (the keys would spell the query) */
  if (action != ACT_SEARCH_KEY)
    ui_emit(u, "\"event\":\"activate\",\"id\":\"%s\"", ui_navigator_event_id(action, ui_checkin_event_id(action, id)));
  switch (action) {
  case ACT_BACK:
    if (u->depth > 1) { u->depth--; ui_screen_changed(u, now); }
    break;
  case ACT_HOME:
    ui_search_wipe(u);
    u->depth = 1;
    u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE };
    ui_screen_changed(u, now);
    break;
  case ACT_LANGUAGE_SCREEN: ui_push(u, UI_SCREEN_LANGUAGE, "", now); break;
  case ACT_SET_LANGUAGE:
    if (ui_load_language(u, target, u->err, sizeof u->err) != 0) {
      fprintf(stderr, "wegwijs: %s\n", u->err);
      break;
    }
    u->lang_chosen = 1;
    ui_emit(u, "\"event\":\"language_changed\",\"lang\":\"%s\"", target);
    if (u->depth > 1) u->depth--;   /* back to where the language button was pressed */
    else u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE };
    ui_screen_changed(u, now);
    break;
  case ACT_OPEN_PAGE: ui_push(u, UI_SCREEN_PAGE, target, now); break;
  case ACT_OPEN_SCREEN:
    for (int s = 0; s < UI_SCREEN_COUNT; s++)
      if (!strcmp(ui_screen_names[s], target)) { ui_push(u, (ui_screen)s, "", now); break; }
    break;
  case ACT_TOGGLE_LARGE:
  case ACT_TOGGLE_CONTRAST:
  case ACT_TOGGLE_DUTCH: {
    int *flag = action == ACT_TOGGLE_LARGE ? &u->large_text : action == ACT_TOGGLE_CONTRAST ? &u->high_contrast : &u->dutch_alongside;
    *flag = !*flag;
    /* keep the reader's place roughly: same fraction of the content */
    ui_entry *e = ui_top(u);
    double frac = u->content_height > 0 ? (double)e->scroll / u->content_height : 0;
    ui_relayout(u);
    e->scroll = (int)(frac * u->content_height);
    ui_relayout(u);
    ui_emit(u, "\"event\":\"toggle\",\"id\":\"%s\",\"on\":%s", id, *flag ? "true" : "false");
    break;
  }
  case ACT_LISTEN: {
    const site_page *pg = site_find_page(u->site, target);
    ui_emit(u, "\"event\":\"listen\",\"page\":\"%s\",\"audio_id\":%d", target, pg ? pg->audio_id : 0);
    if (pg) ui_listen_page(u, pg);
    break;
  }
  case ACT_LISTEN_UNITS:   /* faq:N, glossary:N, help (ui_listen.c) */
    ui_emit(u, "\"event\":\"listen\",\"what\":\"%s\"", target);
    ui_listen_target(u, target);
    break;
  case ACT_CHECKIN:
    ui_emit(u, "\"event\":\"checkin_requested\"");
    ui_checkin_begin(u, now);
    break;
  case ACT_CONTINUE: break;
  default:
    if (!ui_checkin_activate(u, action, target, now) && !ui_navigator_activate(u, action, target, now) &&
        !ui_search_activate(u, action, target, now))
      ui_staff_activate(u, action, target, now);
    break;
  }
}

/* ------------------------------------------------------------------ public: life cycle */

ui *ui_create(const ui_config *cfg_in, char *err, size_t errlen) {
  if (!cfg_in->fonts || !cfg_in->sites.load || !cfg_in->sites.release) {
    util_error(err, errlen, "ui_create: fonts and a site source are required");
    return NULL;
  }
  ui *u = util_calloc(1, sizeof *u);
  u->cfg = *cfg_in;
  if (!u->cfg.start_lang) u->cfg.start_lang = "nl";
  if (u->cfg.idle_timeout_ms <= 0) u->cfg.idle_timeout_ms = 90000;
  if (u->cfg.idle_countdown_ms <= 0) u->cfg.idle_countdown_ms = 20000;
  if (u->cfg.guard_ms <= 0) u->cfg.guard_ms = 400;
  u->width = cfg_in->width > 0 ? cfg_in->width : 1920;
  u->height = cfg_in->height > 0 ? cfg_in->height : 1080;
  u->mm_per_px = cfg_in->mm_per_px > 0 ? cfg_in->mm_per_px : 0.18;
  u->overlay_first = -1;
  u->pressed = -1;
  u->reading = -1;
  u->listen_tag = -1;
  u->list.items = u->draws;
  u->list.vertices = u->vertices;
  if (ui_load_language(u, u->cfg.start_lang, err, errlen) != 0) { free(u); return NULL; }
  ui_checkin_init(u);
  u->depth = 1;
  u->history[0].screen = UI_SCREEN_LANGUAGE;
  ui_collect_choose(u);
  ui_relayout(u);
  return u;
}

void ui_destroy(ui *u) {
  if (!u) return;
  ui_free_layouts(u, 0);
  if (u->site) u->cfg.sites.release(u->cfg.sites.ctx, u->site);
  for (int i = 0; i < u->choose_count; i++) free(u->choose[i]);
  ui_attract_collect(u, NULL, NULL, NULL);
  free(u);
}

void ui_resize(ui *u, int width, int height, double mm_per_px) {
  if (width > 0) u->width = width;
  if (height > 0) u->height = height;
  if (mm_per_px > 0) u->mm_per_px = mm_per_px;
  ui_relayout(u);
}

int ui_open(ui *u, const char *name, long long now, char *err, size_t errlen) {
  u->last_tick = now;
  u->last_input = now;
  for (int s = 0; s < UI_SCREEN_COUNT; s++) {
    if (strcmp(ui_screen_names[s], name)) continue;
    if (s == UI_SCREEN_PAGE) return util_error(err, errlen, "open a page by its id, e.g. brede-intake");
    if (s == UI_SCREEN_STAFF) return util_error(err, errlen, "staff mode opens only through the hidden corner and the PIN");
    if (s == UI_SCREEN_CHECKIN) return util_error(err, errlen, "the check-in opens only through its entry on the route (tap-id checkin-entry)");
    if (s == UI_SCREEN_TERM) return util_error(err, errlen, "a term card opens from a search result or a Dutch term on a page");
    if (s == UI_SCREEN_SEARCH && !ui_search_offered(u)) return util_error(err, errlen, "search needs a content pack");
    if (s != UI_SCREEN_LANGUAGE && !u->lang_chosen) u->lang_chosen = 1;
    u->depth = 1;
    u->history[0] = (ui_entry){ .screen = s == UI_SCREEN_LANGUAGE ? UI_SCREEN_LANGUAGE : UI_SCREEN_ROUTE };
    if (s != UI_SCREEN_LANGUAGE && s != UI_SCREEN_ROUTE) ui_push(u, (ui_screen)s, "", now);
    else ui_screen_changed(u, now);
    return 0;
  }
  if (!site_find_page(u->site, name))
    return util_error(err, errlen, "no screen or page '%s' (screens: language, route, questions, help, search)", name);
  u->lang_chosen = 1;
  u->depth = 1;
  u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE };
  ui_push(u, UI_SCREEN_PAGE, name, now);
  return 0;
}

/* ------------------------------------------------------------------ pointer */

/* The hidden staff corner: the free end of the bar (right in LTR, left in RTL). */
static int ui_in_corner(const ui *u, int x, int y) {
  if (!u->cfg.staff || ui_top_c(u)->screen == UI_SCREEN_STAFF) return 0;
  int w = ui_mm(u, UI_CORNER_MM), x0 = ui_rtl(u) ? 0 : u->width - w;
  return x >= x0 && x < x0 + w && y >= 0 && y < u->view_y;
}

static int ui_inside(const ui_widget *w, int scroll, int x, int y, int slop) {
  int wy = w->fixed ? w->y : w->y - scroll;
  return x >= w->x - slop && x < w->x + w->w + slop && y >= wy - slop && y < wy + w->h + slop;
}

/* The tappable widget under (x, y), or -1. Overlay first, then bar, then content. */
static int ui_hit(const ui *u, int x, int y) {
  int scroll = ui_top_c(u)->scroll;
  if (u->overlay && u->overlay_first >= 0) {
    for (int i = u->widget_count - 1; i >= u->overlay_first; i--)
      if (u->widgets[i].action && ui_inside(&u->widgets[i], 0, x, y, 0)) return i;
    return -1;
  }
  for (int i = 0; i < u->widget_count; i++)
    if (u->widgets[i].fixed && u->widgets[i].action && ui_inside(&u->widgets[i], 0, x, y, 0)) return i;
  if (y < u->view_y || y >= u->view_y + u->view_h) return -1;   /* under a fixed bar */
  for (int i = 0; i < u->widget_count; i++)
    if (!u->widgets[i].fixed && u->widgets[i].action && ui_inside(&u->widgets[i], scroll, x, y, 0)) return i;
  return -1;
}

void ui_pointer_down(ui *u, int x, int y, long long now) {
  u->last_input = now;
  staff_session_input(&u->staff, now);
  u->last_tick = now;
  u->down = 1;
  u->dragging = 0;
  u->down_x = x; u->down_y = y; u->down_time = now;
  u->scroll_at_down = ui_top(u)->scroll;
  u->sample_count = 0;
  u->samples[u->sample_count++] = (ui_sample){ now, y };
  int was_flinging = u->velocity != 0;
  u->velocity = 0;
  /* the touch that ends attract mode only ends it: what is under the finger stays */
  u->press_attract = ui_attract_stop(u);
  u->press_ignored = now < u->guard_until || was_flinging || u->press_attract;
  u->pressed = u->overlay || u->press_ignored ? -1 : ui_hit(u, x, y);
}

void ui_pointer_move(ui *u, int x, int y, long long now) {
  u->last_input = now;
  if (!u->down) return;
  int dx = x - u->down_x, dy = y - u->down_y;
  int slop = ui_mm(u, 3);
  if (!u->dragging && dx * dx + dy * dy > slop * slop && !u->overlay) {
    u->dragging = 1;
    u->pressed = -1;   /* a drag never activates */
    u->down_y = y;     /* start scrolling from here so the content does not jump */
    u->scroll_at_down = ui_top(u)->scroll;
  }
  if (u->dragging) {
    ui_entry *e = ui_top(u);
    int max = u->content_height - u->view_h;
    if (max < 0) max = 0;
    int s = u->scroll_at_down - (y - u->down_y);
    e->scroll = s < 0 ? 0 : s > max ? max : s;
    if (u->sample_count == (int)UTIL_COUNT(u->samples)) {
      memmove(&u->samples[0], &u->samples[1], sizeof u->samples[0] * (UTIL_COUNT(u->samples) - 1));
      u->sample_count--;
    }
    u->samples[u->sample_count++] = (ui_sample){ now, y };
  }
}

void ui_pointer_up(ui *u, int x, int y, long long now) {
  u->last_input = now;
  u->last_tick = now;
  if (!u->down) return;
  u->down = 0;
  if (u->overlay) {
    /* any tap on the warning keeps the session; nothing underneath is activated */
    int hit = ui_hit(u, x, y);
    if (hit >= 0) ui_emit(u, "\"event\":\"activate\",\"id\":\"%s\"", u->widgets[hit].id);
    u->overlay = 0;
    if (ui_listen_playing(u, "idle")) ui_listen_stop(u, "continue");
    ui_emit(u, "\"event\":\"idle_continue\"");
    ui_screen_changed(u, now);
    return;
  }
  if (!u->dragging && ui_in_corner(u, u->down_x, u->down_y) && ui_in_corner(u, x, y)) {
    if (staff_hidden_corner_tap(&u->corner, now)) ui_staff_open(u, now);
    return;
  }
  staff_hidden_corner_reset(&u->corner);   /* five taps in a row, nothing between */
  if (u->dragging) {
    ui_pointer_move(u, x, y, now);
    /* momentum from the last 100 ms of movement */
    int i = 0;
    while (i < u->sample_count - 1 && now - u->samples[i].t > 100) i++;
    long long dt = now - u->samples[i].t;
    if (dt > 0 && i < u->sample_count - 1) u->velocity = -(double)(y - u->samples[i].y) / (double)dt;
    if (fabs(u->velocity) < 0.05) u->velocity = 0;
    u->dragging = 0;
    return;
  }
  if (ui_checkin_input_locked(u, now)) {   /* the thank-you screen's 5 s */
    ui_emit(u, "\"event\":\"tap_ignored\",\"reason\":\"locked\"");
    return;
  }
  if (u->press_ignored) {
    ui_emit(u, "\"event\":\"tap_ignored\",\"reason\":\"%s\"",
            u->press_attract ? "attract" : now < u->guard_until + u->cfg.guard_ms ? "guard" : "fling");
    return;
  }
  if (u->pressed < 0) return;
  const ui_widget *w = &u->widgets[u->pressed];
  u->pressed = -1;
  if (now < u->guard_until) return;
  if (!ui_inside(w, ui_top(u)->scroll, x, y, ui_mm(u, 3))) return;   /* moved off: cancelled */
  ui_activate(u, w, now);
}

/* ------------------------------------------------------------------ time */

static int ui_session_pristine(const ui *u) {
  return !u->lang_chosen && u->depth == 1 && u->history[0].screen == UI_SCREEN_LANGUAGE &&
         !u->large_text && !u->high_contrast && !u->dutch_alongside && u->history[0].scroll == 0;
}

int ui_tick(ui *u, long long now, int *next_ms) {
  int changed = 0;
  long long dt = now - u->last_tick;
  if (dt < 0) dt = 0;
  u->last_tick = now;
  int wait = 1000;
  if (ui_listen_tick(u)) changed = 1;
  if (u->velocity != 0 && !u->down) {
    ui_entry *e = ui_top(u);
    int max = u->content_height - u->view_h;
    if (max < 0) max = 0;
    /* friction: time constant 325 ms, as in common fling implementations */
    double step_ms = dt > 100 ? 100 : (double)dt;
    for (long long t = 0; t < dt && u->velocity != 0; t += (long long)step_ms) {
      double s = e->scroll + u->velocity * step_ms;
      u->velocity *= exp(-step_ms / 325.0);
      if (s <= 0) { s = 0; u->velocity = 0; }
      if (s >= max) { s = max; u->velocity = 0; }
      if (fabs(u->velocity) < 0.02) u->velocity = 0;
      e->scroll = (int)lround(s);
      if (step_ms <= 0) break;
    }
    changed = 1;
    if (u->velocity != 0) wait = 16;
  }
  if (ui_top(u)->screen == UI_SCREEN_CHECKIN) changed |= ui_checkin_tick(u, now, &wait);
  changed |= ui_attract_tick(u, now, &wait);
  if (u->cfg.staff && ui_top(u)->screen == UI_SCREEN_STAFF) {
    /* staff mode has its own (shorter) idle timer; the resident countdown never shows */
    changed |= ui_staff_tick(u, now, &wait);
  } else if (!ui_session_pristine(u) && !u->down) {
    long long idle = now - u->last_input;
    long long timeout = ui_top(u)->screen == UI_SCREEN_CHECKIN && u->cfg.checkin_idle_timeout_ms > 0
                      ? u->cfg.checkin_idle_timeout_ms : u->cfg.idle_timeout_ms;
    long long end = timeout + (long long)u->cfg.idle_countdown_ms;
    if (idle >= end) {
      ui_reset_session(u, now, "idle_reset");
      changed = 1;
    } else if (idle >= timeout) {
      int left = (int)((end - idle + 999) / 1000);
      if (!u->overlay) {
        u->overlay = 1;
        u->countdown_s = left;
        u->guard_until = now + u->cfg.guard_ms;
        ui_layout_overlay(u);
        ui_emit(u, "\"event\":\"idle_warning\",\"seconds\":%d", left);
        ui_listen_idle(u);   /* spoken where it has clips */
        changed = 1;
      } else if (left != u->countdown_s) {
        u->countdown_s = left;
        ui_layout_overlay(u);
        changed = 1;
      }
      long long to_next = (end - idle) % 1000;
      if (to_next == 0) to_next = 1000;
      if (to_next < wait) wait = (int)to_next;
    } else {
      long long to_warn = timeout - idle;
      if (to_warn < wait) wait = (int)to_warn;
    }
  }
  if (u->listen_playing && wait > 100) wait = 100;   /* follow the paragraph being read */
  if (next_ms) *next_ms = wait < 1 ? 1 : wait;
  return changed;
}

/* ------------------------------------------------------------------ introspection */

const char *ui_screen_name(const ui *u) { return ui_screen_names[ui_top_c(u)->screen]; }
const char *ui_language(const ui *u) { return u->lang_chosen ? ui_lang(u) : ""; }
int ui_is_rtl(const ui *u) { return ui_rtl(u); }
int ui_idle_overlay_shown(const ui *u) { return u->overlay; }
int ui_scroll(const ui *u) { return ui_top_c(u)->scroll; }

static int ui_visible_rect(const ui *u, const ui_widget *w, int *x, int *y, int *ww, int *hh) {
  int scroll = ui_top_c(u)->scroll;
  int wy = w->fixed ? w->y : w->y - scroll;
  *x = w->x; *y = wy; *ww = w->w; *hh = w->h;
  if (w->fixed) return 0;
  return wy + w->h > u->view_y && wy < u->view_y + u->view_h ? 0 : -1;
}

int ui_widget_rect(const ui *u, const char *id, int *x, int *y, int *w, int *h) {
  int from = u->overlay && u->overlay_first >= 0 ? u->overlay_first : 0;
  for (int i = from; i < u->widget_count; i++)
    if (!strcmp(u->widgets[i].id, id)) return ui_visible_rect(u, &u->widgets[i], x, y, w, h);
  return -1;
}

int ui_widget_center(const ui *u, const char *id, int *x, int *y) {
  int wx, wy, ww, wh;
  if (ui_widget_rect(u, id, &wx, &wy, &ww, &wh) != 0) return -1;
  /* the visible part only: a widget half under the bar is tapped where it shows */
  int top = wy, bottom = wy + wh;
  const ui_widget *w = NULL;
  for (int i = 0; i < u->widget_count; i++) if (!strcmp(u->widgets[i].id, id)) { w = &u->widgets[i]; break; }
  if (w && !w->fixed) {
    if (top < u->view_y) top = u->view_y;
    if (bottom > u->view_y + u->view_h) bottom = u->view_y + u->view_h;
  }
  *x = wx + ww / 2; *y = (top + bottom) / 2;
  return 0;
}

const char *ui_tappable_id(const ui *u, int n) {
  int from = u->overlay && u->overlay_first >= 0 ? u->overlay_first : 0, count = 0;
  int x, y, w, h;
  for (int pass = 0; pass < 2; pass++) {
    int k = 0;
    for (int i = from; i < u->widget_count; i++) {
      const ui_widget *wd = &u->widgets[i];
      if (!wd->action || !wd->id[0] || ui_visible_rect(u, wd, &x, &y, &w, &h) != 0) continue;
      if (pass == 1 && k == n % count) return wd->id;
      k++;
    }
    count = k;
    if (!count) return NULL;
  }
  return NULL;
}

int ui_tappable_count(const ui *u) {
  int from = u->overlay && u->overlay_first >= 0 ? u->overlay_first : 0, count = 0;
  int x, y, w, h;
  for (int i = from; i < u->widget_count; i++)
    if (u->widgets[i].action && u->widgets[i].id[0] && ui_visible_rect(u, &u->widgets[i], &x, &y, &w, &h) == 0) count++;
  return count;
}

int ui_has_text(const ui *u, const char *needle) {
  int from = u->overlay && u->overlay_first >= 0 ? u->overlay_first : 0;
  for (int i = from; i < u->widget_count; i++)
    if (u->widgets[i].label && strstr(u->widgets[i].label, needle)) return 1;
  return 0;
}

/* Lines of l (laid out from s) that end inside a word: neither the line nor the next
 * one starts at a space, hyphen, slash or newline. */
static int ui_split_words(const text_layout *l, const char *s) {
  int n = 0, len = (int)strlen(s);
  for (int i = 0; i + 1 < l->line_count; i++) {
    int e = l->lines[i].end;
    if (e <= 0 || e >= len) continue;
    if (!strchr(" -/\n", s[e - 1]) && s[e] != ' ') n++;
  }
  return n;
}

void ui_dump(const ui *u, FILE *out) {
  const ui_entry *e = ui_top_c(u);
  fprintf(out, "{\"screen\":\"%s\",\"page\":", ui_screen_names[e->screen]);
  ui_json_string(out, e->page);
  fprintf(out, ",\"language\":\"%s\",\"direction\":\"%s\",\"width\":%d,\"height\":%d,\"mm_per_px\":%.4f,",
          ui_language(u), ui_rtl(u) ? "rtl" : "ltr", u->width, u->height, u->mm_per_px);
  fprintf(out, "\"pack\":\"%s\",\"pack_version\":%d,", u->site->pack_name, u->site->pack_version);
  char step[32];
  if (e->screen == UI_SCREEN_CHECKIN) fprintf(out, "\"checkin\":\"%s\",", ui_checkin_state(u, step, sizeof step));
  if (e->screen == UI_SCREEN_NAVIGATOR) ui_navigator_dump(u, out);
  ui_search_dump(u, out);
  fprintf(out, "\"listening\":%s,\"reading\":\"%s\",", u->listen_playing ? "true" : "false", ui_reading(u));
  fprintf(out, "\"view_y\":%d,\"view_h\":%d,", u->view_y, u->view_h);
  fprintf(out, "\"history_depth\":%d,\"scroll\":%d,\"content_height\":%d,\"large_text\":%s,"
          "\"high_contrast\":%s,\"dutch_alongside\":%s,\"idle_overlay\":%s,\"attract\":%s,\"more_above\":%s,\"more_below\":%s,\"body_px\":%d,\"widgets\":[",
          u->depth, e->scroll, u->content_height, u->large_text ? "true" : "false",
          u->high_contrast ? "true" : "false", u->dutch_alongside ? "true" : "false",
          u->overlay ? "true" : "false", u->attract ? "true" : "false",
          e->scroll > 0 ? "true" : "false", e->scroll < u->content_height - u->view_h ? "true" : "false", u->body_px);
  int first = 1;
  for (int i = 0; i < u->widget_count; i++) {
    const ui_widget *w = &u->widgets[i];
    if (!w->id[0]) continue;   /* decoration */
    int x, y, ww, hh;
    ui_visible_rect(u, w, &x, &y, &ww, &hh);
    fprintf(out, "%s\n {\"id\":", first ? "" : ",");
    ui_json_string(out, w->id);
    fprintf(out, ",\"kind\":\"%s\",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"tappable\":%s", w->kind, x, y, ww, hh,
            w->action ? "true" : "false");
    if (w->fixed) fputs(",\"fixed\":true", out);
    if (w->action == ACT_TOGGLE_LARGE || w->action == ACT_TOGGLE_CONTRAST || w->action == ACT_TOGGLE_DUTCH ||
        (!strcmp(w->kind, "button") && (w->icon == ICON_CHECKBOX || w->icon == ICON_CHECKBOX_ON)))
      fprintf(out, ",\"on\":%s", w->on ? "true" : "false");
    if (w->text) fprintf(out, ",\"lines\":%d,\"tofu\":%d,\"rtl\":%s", w->text->line_count, w->text->notdef_count,
                         w->text->rtl ? "true" : "false");
    if (w->text && w->label && w->text->line_count > 0 && w->text->lines[w->text->line_count - 1].end <= (int)strlen(w->label))
      fprintf(out, ",\"split_words\":%d", ui_split_words(w->text, w->label));
    if (w->icon != ICON_NONE && w->isize > 0) fprintf(out, ",\"image\":%s", w->image > 0 ? "true" : "false");
    fputs(",\"text\":", out);
    ui_json_string(out, w->label);
    fputc('}', out);
    first = 0;
  }
  fputs("]}\n", out);
}
