/* ui_listen.c — read-aloud in the ui: the playlist of a page (title, then each block) or
 * of a check-in question (text, then each answer), play/stop through the platform's
 * audio port, and the paragraph being heard highlighted and scrolled into view. No SDL;
 * the playlist lives on the stack and the port copies what it needs; layout is redone
 * only when the button's state changes, never per frame. */
#include "ui/ui_internal.h"
#include <string.h>   /* strcmp */
#include "util/util.h"   /* UTIL_COUNT */

enum {
  UI_LISTEN_CLIPS = 512,             /* a page has ~30 blocks; more is a content error */
  UI_LISTEN_AWAKE_MS = 10 * 60000    /* listening counts as use this long after the tap */
};

static int ui_listen_port(const ui *u) { return u->cfg.audio.play != NULL; }

/* A page's clips: a whole-page recording alone, else the title and every block that has one. */
static int ui_listen_page_clips(const site_page *pg, ui_audio_clip *clips, int max) {
  int n = 0;
  if (pg->audio_id) { clips[n++] = (ui_audio_clip){ pg->audio_id, -1 }; return n; }
  if (pg->title_audio_id) clips[n++] = (ui_audio_clip){ pg->title_audio_id, 0 };
  for (int b = 0; b < pg->block_count && n < max; b++)
    if (pg->blocks[b].audio_id) clips[n++] = (ui_audio_clip){ pg->blocks[b].audio_id, b + 1 };
  return n;
}

int ui_listen_available(const ui *u, const site_page *pg) {
  if (!ui_listen_port(u)) return 1;
  ui_audio_clip clips[1];
  return u->site->lang.has_audio && ui_listen_page_clips(pg, clips, 1) > 0;
}

static void ui_listen_start(ui *u, const char *what, const ui_audio_clip *clips, int n);

/* Clips of UI strings (the consent texts), in order; returns how many have one. */
static int ui_listen_key_clips(const ui *u, const char *const *keys, int n, ui_audio_clip *clips, int cap) {
  int count = 0;
  for (int i = 0; i < n && count < cap; i++) {
    int id = site_ui_audio(u->site, keys[i]);
    if (id) clips[count++] = (ui_audio_clip){ id, i };
  }
  return count;
}

int ui_listen_keys_available(const ui *u, const char *const *keys, int n) {
  if (!ui_listen_port(u)) return 1;
  ui_audio_clip clips[UI_LISTEN_CLIPS];
  return u->site->lang.has_audio && ui_listen_key_clips(u, keys, n, clips, UI_LISTEN_CLIPS) > 0;
}

void ui_listen_keys(ui *u, const char *what, const char *const *keys, int n) {
  if (u->listen_playing) { ui_listen_stop(u, "stop"); return; }
  ui_audio_clip clips[UI_LISTEN_CLIPS];
  ui_listen_start(u, what, clips, ui_listen_key_clips(u, keys, n, clips, UI_LISTEN_CLIPS));
}

int ui_listen_question_available(const ui *u, const site_question *q) {
  if (!ui_listen_port(u)) return 1;
  if (!u->site->lang.has_audio || !q) return 0;
  if (q->audio_id) return 1;
  for (int a = 0; a < q->answer_count; a++)
    if (q->answers[a].audio_id) return 1;
  return 0;
}

static void ui_listen_start(ui *u, const char *what, const ui_audio_clip *clips, int n) {
  u->listen_unit_count = 0;
  if (!ui_listen_port(u) || n == 0) return;
  if (u->cfg.audio.play(u->cfg.audio.ctx, ui_lang(u), what, clips, n) != 0) return;
  ui_copy(u->listen_what, sizeof u->listen_what, what);
  u->listen_since = u->last_tick;
  u->listen_playing = 1;
  u->listen_tag = -1;
  ui_relayout(u);   /* the button now says stop */
}

/* ---------------------------------------------------------------- any text units */

static int ui_listen_unit_clips(const ui *u, const ui_listen_unit *units, int n, ui_audio_clip *clips) {
  int count = 0;
  if (!u->site->lang.has_audio) return 0;
  for (int i = 0; i < n && i < UI_LISTEN_UNITS; i++) {
    int id = site_audio(u->site, units[i].ctx, units[i].key);
    if (id) clips[count++] = (ui_audio_clip){ id, i };
  }
  return count;
}

int ui_listen_units_available(const ui *u, const ui_listen_unit *units, int n) {
  if (!ui_listen_port(u)) return 1;
  ui_audio_clip clips[UI_LISTEN_UNITS];
  return ui_listen_unit_clips(u, units, n, clips) > 0;
}

int ui_listen_playing(const ui *u, const char *what) {
  return u->listen_playing && !strcmp(u->listen_what, what);
}

void ui_listen_units(ui *u, const char *what, const ui_listen_unit *units, int n) {
  if (ui_listen_playing(u, what)) { ui_listen_stop(u, "stop"); return; }
  ui_audio_clip clips[UI_LISTEN_UNITS];
  int count = ui_listen_unit_clips(u, units, n, clips);
  ui_listen_start(u, what, clips, count);
  if (!u->listen_playing || strcmp(u->listen_what, what)) return;
  u->listen_unit_count = n < UI_LISTEN_UNITS ? n : UI_LISTEN_UNITS;
  for (int i = 0; i < u->listen_unit_count; i++)
    ui_copy(u->listen_widgets[i], sizeof u->listen_widgets[i], units[i].widget ? units[i].widget : "");
}

/* The units of a built-in target (see ui_internal.h); returns how many, 0 = unknown.
 * Keys and widget ids are written into the caller's buffers. */
typedef struct { char ctx[16], key[48], widget[UI_ID_MAX]; } ui_listen_slot;
static int ui_listen_target_units(const ui *u, const char *target, ui_listen_slot *slot, ui_listen_unit *units) {
  int n = 0, i = 0;
  const site *s = u->site;
  if (sscanf(target, "faq:%d", &i) == 1 && i >= 1 && i <= s->faq_count) {
    snprintf(slot[n].ctx, sizeof slot[n].ctx, "faq");
    const site_faq *f = &s->faq[i - 1];
    snprintf(slot[n].key, sizeof slot[n].key, "q%d", f->number);
    snprintf(slot[n++].widget, sizeof slot[0].widget, "faq-%d", i);
    for (int k = 1; k <= f->paragraphs && n < UI_LISTEN_UNITS; k++) {   /* one widget shows them all */
      snprintf(slot[n].ctx, sizeof slot[n].ctx, "faq");
      snprintf(slot[n].key, sizeof slot[n].key, "a%d.%d", f->number, k);
      snprintf(slot[n++].widget, sizeof slot[0].widget, "faq-%d-answer", i);
    }
  } else if (sscanf(target, "glossary:%d", &i) == 1 && i >= 1 && i <= s->glossary_count) {
    snprintf(slot[n].ctx, sizeof slot[n].ctx, "glossary");
    snprintf(slot[n].key, sizeof slot[n].key, "g%d", s->glossary[i - 1].number);
    snprintf(slot[n++].widget, sizeof slot[0].widget, "term-explanation");   /* the term card's */
  } else if (!strcmp(target, "help")) {
    snprintf(slot[n].ctx, sizeof slot[n].ctx, "ui");
    snprintf(slot[n].key, sizeof slot[n].key, "help_title");
    snprintf(slot[n++].widget, sizeof slot[0].widget, "title");
    for (int c = 0; c < s->contact_count && n + 1 < UI_LISTEN_UNITS; c++)
      for (int part = 0; part < 2; part++) {
        snprintf(slot[n].ctx, sizeof slot[n].ctx, "help");
        snprintf(slot[n].key, sizeof slot[n].key, "%s.%s", s->contacts[c].id, part ? "how" : "name");
        snprintf(slot[n++].widget, sizeof slot[0].widget, "contact-%s-%s", s->contacts[c].id, part ? "how" : "name");
      }
  }
  for (int k = 0; k < n; k++) units[k] = (ui_listen_unit){ slot[k].ctx, slot[k].key, slot[k].widget };
  return n;
}

int ui_listen_target_available(const ui *u, const char *target) {
  ui_listen_slot slot[UI_LISTEN_UNITS];
  ui_listen_unit units[UI_LISTEN_UNITS];
  int n = ui_listen_target_units(u, target, slot, units);
  return n > 0 && ui_listen_units_available(u, units, n);
}

void ui_listen_target(ui *u, const char *target) {
  ui_listen_slot slot[UI_LISTEN_UNITS];
  ui_listen_unit units[UI_LISTEN_UNITS];
  int n = ui_listen_target_units(u, target, slot, units);
  if (n > 0) ui_listen_units(u, target, units, n);
}

int ui_listen_button(ui *u, const char *id, const char *target, int col_x, int col_w, int y) {
  if (!ui_listen_target_available(u, target)) return 0;
  int on = ui_listen_playing(u, target);
  ui_widget *b = ui_button(u, id, ACT_LISTEN_UNITS, target, on ? ICON_STOP : ICON_SPEAKER,
                           ui_string(u, on ? "stop" : "listen"), ui_lang(u), u->body_px, 0, y, 0,
                           u->target, C_PRIMARY, C_ON_PRIMARY);
  b->x = ui_mirror(u, col_x, col_w, 0, b->w);
  b->on = on;
  return b->h;
}

void ui_listen_idle(ui *u) {
  static const ui_listen_unit units[] = { { "ui", "idle_title", "idle-title" }, { "ui", "idle_body", "idle-body" } };
  if (!ui_listen_port(u) || ui_listen_playing(u, "idle")) return;
  ui_audio_clip clips[UI_LISTEN_UNITS];
  if (ui_listen_unit_clips(u, units, (int)UTIL_COUNT(units), clips) == 0) return;
  if (u->listen_playing) ui_listen_stop(u, "idle");
  ui_listen_units(u, "idle", units, (int)UTIL_COUNT(units));
}

static int ui_listen_test_clip(const ui *u) {
  int id = site_audio(u->site, "ui", "help_title");
  if (!id) id = site_audio(u->site, "ui", "idle_title");
  if (!id && u->site->page_count) id = u->site->pages[0].title_audio_id;
  return id;
}

int ui_listen_test_available(const ui *u) { return ui_listen_port(u) && ui_listen_test_clip(u); }

void ui_listen_test(ui *u) {
  ui_audio_clip clip = { ui_listen_test_clip(u), -1 };
  if (clip.audio_id) ui_listen_start(u, "staff:test", &clip, 1);
}

/* ---------------------------------------------------------------- pages, check-in */

void ui_listen_page(ui *u, const site_page *pg) {
  if (u->listen_playing) { ui_listen_stop(u, "stop"); return; }
  ui_audio_clip clips[UI_LISTEN_CLIPS];
  char what[96];
  snprintf(what, sizeof what, "page:%s", pg->id);
  ui_listen_start(u, what, clips, ui_listen_page_clips(pg, clips, UI_LISTEN_CLIPS));
}

void ui_listen_question(ui *u, const site_question *q) {
  if (u->listen_playing) { ui_listen_stop(u, "stop"); return; }
  ui_audio_clip clips[UI_LISTEN_CLIPS];
  int n = 0;
  if (q->audio_id) clips[n++] = (ui_audio_clip){ q->audio_id, 0 };
  for (int a = 0; a < q->answer_count && n < UI_LISTEN_CLIPS; a++)
    if (q->answers[a].audio_id) clips[n++] = (ui_audio_clip){ q->answers[a].audio_id, a + 1 };
  char what[96];
  snprintf(what, sizeof what, "checkin:%s", q->id);
  ui_listen_start(u, what, clips, n);
}

void ui_listen_clips(ui *u, const char *what, const ui_audio_clip *clips, int n) {
  if (u->listen_playing) { ui_listen_stop(u, "stop"); return; }
  ui_listen_start(u, what, clips, n);
}

static void ui_listen_clear(ui *u) {
  u->listen_playing = 0;
  u->listen_unit_count = 0;
  u->listen_tag = -1;
  u->reading = -1;
  u->reading_id[0] = 0;
}

void ui_listen_stop(ui *u, const char *reason) {
  if (!u->listen_playing) return;
  if (ui_listen_port(u)) u->cfg.audio.stop(u->cfg.audio.ctx, reason);
  ui_listen_clear(u);
  ui_relayout(u);
}

void ui_listen_relayout(ui *u) {
  u->reading = -1;
  if (!u->reading_id[0]) return;
  for (int i = 0; i < u->widget_count; i++)
    if (!strcmp(u->widgets[i].id, u->reading_id)) { u->reading = i; return; }
}

/* Scrolls so the widget is in view, unless a finger is on the screen. */
static void ui_listen_scroll_to(ui *u, const ui_widget *w) {
  if (u->down || w->fixed) return;
  ui_entry *e = &u->history[u->depth - 1];
  int margin = u->margin, top = e->scroll + u->view_y, bottom = top + u->view_h;
  if (w->y >= top + margin / 2 && w->y + w->h <= bottom - margin / 2) return;
  int scroll = w->y - u->view_y - margin;
  int max = u->content_height - u->view_h;
  if (scroll > max) scroll = max;
  if (scroll < 0) scroll = 0;
  e->scroll = scroll;
  u->velocity = 0;
}

int ui_listen_tick(ui *u) {
  if (!u->listen_playing || !ui_listen_port(u)) return 0;
  int tag = -1;
  if (!u->cfg.audio.state(u->cfg.audio.ctx, &tag)) {   /* played to the end, or failed */
    ui_listen_clear(u);
    ui_relayout(u);
    return 1;
  }
  /* someone listening to a long page touches nothing: no idle warning over the reading
   * (a page takes 1-4 minutes); a kiosk left playing is still reset after the cap */
  if (u->last_tick - u->listen_since < UI_LISTEN_AWAKE_MS && u->last_input < u->last_tick && strcmp(u->listen_what, "idle"))
    u->last_input = u->last_tick;   /* (the idle warning itself counts down as it speaks) */
  if (tag == u->listen_tag) return 0;
  u->listen_tag = tag;
  u->reading_id[0] = 0;
  if (u->listen_unit_count) {
    if (tag >= 0 && tag < u->listen_unit_count) ui_copy(u->reading_id, sizeof u->reading_id, u->listen_widgets[tag]);
  } else if (!strncmp(u->listen_what, "checkin:", 8)) {
    /* the question, then its answer tiles */
    for (int i = 0; i < u->site->question_count && tag >= 0; i++) {
      const site_question *q = &u->site->questions[i];
      if (strcmp(q->id, u->listen_what + 8)) continue;
      if (tag == 0) snprintf(u->reading_id, sizeof u->reading_id, "checkin-question");
      else if (tag <= q->answer_count) snprintf(u->reading_id, sizeof u->reading_id, "checkin-answer-%s", q->answers[tag - 1].code);
    }
  } else if (tag == 0) snprintf(u->reading_id, sizeof u->reading_id, "title");
  else if (tag > 0) snprintf(u->reading_id, sizeof u->reading_id, "block-%d", tag);
  ui_listen_relayout(u);
  if (u->reading >= 0) ui_listen_scroll_to(u, &u->widgets[u->reading]);
  return 1;
}

const char *ui_reading(const ui *u) { return u->reading >= 0 ? u->reading_id : ""; }
int ui_listening(const ui *u) { return u->listen_playing; }
