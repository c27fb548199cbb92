/* readaloud.c — the ui's audio port on the SDL player, events and script commands (see readaloud.h). */
#include "platform/readaloud.h"
#include "platform/audio.h"
#include "util/util.h"
#include <SDL.h>
#include <stdlib.h>   /* strtol */
#include <string.h>   /* strcmp */
#include <time.h>     /* clock_gettime */

enum { READALOUD_LABELS = 16 };   /* sessions whose "what" is remembered for their events */

typedef struct { int session; char what[96], lang[16]; long long fetch_us; size_t bytes; } readaloud_label;

struct readaloud {
  pack *const *pack;
  audio *player;                  /* NULL: no audio device, silent */
  FILE *events;
  readaloud_label labels[READALOUD_LABELS];
  int said_silent;
  int started, stopped;           /* events seen (scripts wait on these) */
};

static long long readaloud_now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int readaloud_play(void *ctx, const char *lang, const char *what, const ui_audio_clip *clips, int count) {
  readaloud *r = ctx;
  if (!r->player) {
    if (!r->said_silent++) fprintf(stderr, "wegwijs: audio: no audio device; listen does nothing\n");
    return -1;
  }
  if (!*r->pack || count <= 0) return -1;
  /* the pack is read here, on the UI thread, so the player never touches SQLite and a
   * pack swapped later cannot pull the bytes away; a page is some 100 KiB */
  audio_clip *list = util_calloc((size_t)count, sizeof *list);
  int n = 0;
  size_t bytes = 0;
  long long t0 = readaloud_now_us();
  for (int i = 0; i < count; i++) {
    char format[16], err[256];
    size_t len = 0;
    unsigned char *data = pack_audio(*r->pack, clips[i].audio_id, &len, format, err, sizeof err);
    if (!data) { fprintf(stderr, "wegwijs: audio: %s; skipped\n", err); continue; }
    if (strcmp(format, "opus")) { fprintf(stderr, "wegwijs: audio: clip %d is %s, not opus; skipped\n", clips[i].audio_id, format); free(data); continue; }
    list[n++] = (audio_clip){ data, len, clips[i].tag };
    bytes += len;
  }
  long long fetch_us = readaloud_now_us() - t0;
  if (n == 0) { free(list); return -1; }
  int session = audio_play(r->player, list, n);
  readaloud_label *l = &r->labels[session % READALOUD_LABELS];
  l->session = session;
  snprintf(l->what, sizeof l->what, "%s", what);
  snprintf(l->lang, sizeof l->lang, "%s", lang);
  l->fetch_us = fetch_us;   /* the UI thread's whole share of the work, reported with the event */
  l->bytes = bytes;
  return 0;
}

static void readaloud_stop(void *ctx, const char *reason) {
  readaloud *r = ctx;
  if (r->player) audio_stop(r->player, reason);
}

static int readaloud_state(void *ctx, int *tag) {
  readaloud *r = ctx;
  *tag = -1;
  if (!r->player) return 0;
  audio_status st;
  audio_get_status(r->player, &st);
  *tag = st.tag;
  return st.playing;
}

readaloud *readaloud_create(pack *const *active, int volume_percent, int headless, FILE *events) {
  readaloud *r = util_calloc(1, sizeof *r);
  r->pack = active;
  r->events = events;
  if (headless && !getenv("SDL_AUDIODRIVER")) SDL_SetHint(SDL_HINT_AUDIODRIVER, "dummy");
  char err[256];
  r->player = audio_create(volume_percent, err, sizeof err);
  if (!r->player) { fprintf(stderr, "wegwijs: %s; read-aloud is off\n", err); r->said_silent = 1; }
  return r;
}

void readaloud_destroy(readaloud *r) {
  if (!r) return;
  audio_destroy(r->player);
  free(r);
}

static void readaloud_set_volume(void *ctx, int percent) {
  readaloud *r = ctx;
  if (r->player) audio_set_volume(r->player, percent);
}

ui_audio_port readaloud_port(readaloud *r) {
  return (ui_audio_port){ readaloud_play, readaloud_stop, readaloud_state, readaloud_set_volume, r };
}

void readaloud_pump(readaloud *r, long long now) {
  audio_event e;
  while (r->player && audio_poll_event(r->player, &e)) {
    const readaloud_label *l = &r->labels[e.session % READALOUD_LABELS];
    const char *what = l->session == e.session ? l->what : "", *lang = l->session == e.session ? l->lang : "";
    if (e.type == AUDIO_EVENT_STARTED) r->started++; else r->stopped++;
    if (e.type == AUDIO_EVENT_STOPPED && e.skipped)
      fprintf(stderr, "wegwijs: audio: %s (%s): %d of %d clips could not be played\n", what, lang, e.skipped, e.clips);
    if (!r->events) continue;
    if (e.type == AUDIO_EVENT_STARTED)
      fprintf(r->events, "{\"event\":\"audio_started\",\"what\":\"%s\",\"lang\":\"%s\",\"session\":%d,\"clips\":%d,\"skipped\":%d,"
              "\"ms\":%lld,\"bytes\":%zu,\"fetch_us\":%lld,\"t\":%lld}\n", what, lang, e.session, e.clips, e.skipped, e.total_ms,
              l->session == e.session ? l->bytes : 0, l->session == e.session ? l->fetch_us : 0, now);
    else
      fprintf(r->events, "{\"event\":\"audio_stopped\",\"what\":\"%s\",\"lang\":\"%s\",\"session\":%d,\"reason\":\"%s\","
              "\"played_ms\":%lld,\"ms\":%lld,\"skipped\":%d,\"underrun_ms\":%lld,\"t\":%lld}\n", what, lang, e.session,
              e.reason, e.played_ms, e.total_ms, e.skipped, e.underrun_ms, now);
    fflush(r->events);
  }
}

/* 1 if the player is in state ("playing": a session is heard; "stopped": nothing asked
 * for and every event delivered). */
static int readaloud_in_state(readaloud *r, const char *state) {
  audio_status st;
  if (!r->player) return !strcmp(state, "stopped");
  audio_get_status(r->player, &st);
  /* playing: heard, and its audio_started event already reported (pumped), so a script
   * that stops right after wait-audio still has the event in its output */
  if (!strcmp(state, "playing")) return st.playing && st.started == st.requested && r->started >= st.started;
  return !st.playing && r->stopped >= r->started && st.finished >= st.started;
}

int readaloud_script(readaloud *r, const char *cmd, char *args, readaloud_step_fn step, void *ctx,
                     char *err, size_t errlen) {
  char *end = NULL, *word = strtok_r(args, " \t", &end);
  if (!strcmp(cmd, "sleep")) {
    long ms = word ? strtol(word, NULL, 10) : -1;
    if (ms < 0 || ms > 600000) { util_error(err, errlen, "usage: sleep MS (real time)"); return 1; }
    step(ctx, (int)ms);
    return 0;
  }
  int is_wait = !strcmp(cmd, "wait-audio");
  if (!is_wait && strcmp(cmd, "expect-audio")) return -1;
  if (!word || (strcmp(word, "playing") && strcmp(word, "stopped"))) {
    util_error(err, errlen, "usage: %s playing|stopped%s", cmd, is_wait ? " [MS]" : "");
    return 1;
  }
  if (is_wait) {
    char *limit = strtok_r(NULL, " \t", &end);
    long ms = limit ? strtol(limit, NULL, 10) : 30000;
    long long until = util_now_ms() + ms;
    while (!readaloud_in_state(r, word)) {
      if (util_now_ms() > until) { util_error(err, errlen, "wait-audio: not %s after %ld ms", word, ms); return 1; }
      step(ctx, 10);
    }
    return 0;
  }
  if (!readaloud_in_state(r, word)) { util_error(err, errlen, "expect-audio: audio is not %s", word); return 1; }
  return 0;
}
