/* ui_listen.c — read-aloud in the ui: the playlist of a page (title, then each block) or
 * of a check-in question (text, then each answer), play/stop through the platform's
 * audio port, and the paragraph being heard highlighted and scrolled into view. No SDL;
 * the playlist lives on the stack and the port copies what it needs; layout is redone
 * only when the button's state changes, never per frame. */
#include "ui/ui_internal.h"
#include <string.h>   /* strcmp */

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
  if (!ui_listen_port(u) || n == 0) return;
  if (u->cfg.audio.play(u->cfg.audio.ctx, ui_lang(u), what, clips, n) != 0) return;
  ui_copy(u->listen_what, sizeof u->listen_what, what);
  u->listen_since = u->last_tick;
  u->listen_playing = 1;
  u->listen_tag = -1;
  ui_relayout(u);   /* the button now says stop */
}

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
  if (u->last_tick - u->listen_since < UI_LISTEN_AWAKE_MS && u->last_input < u->last_tick) u->last_input = u->last_tick;
  if (tag == u->listen_tag) return 0;
  u->listen_tag = tag;
  u->reading_id[0] = 0;
  if (!strncmp(u->listen_what, "checkin:", 8)) {
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
