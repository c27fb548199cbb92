/* audio.c — read-aloud playback: worker thread + ring buffer + SDL callback (see audio.h). */
#include "platform/audio.h"
#include "pack/clip.h"
#include "util/util.h"
#include <SDL.h>
#include <string.h>   /* memcpy, memset */

enum { AUDIO_CHUNK = 5760 };   /* samples decoded per step (120 ms) */

struct audio {
  SDL_Thread *thread;
  SDL_mutex *lock;               /* guards everything below marked (lock) */
  SDL_cond *wake;
  int quit;                      /* (lock) */
  audio_clip *pending;           /* (lock) the next playlist, not yet taken by the worker */
  int pending_count, pending_session;
  int busy;                      /* (lock) the worker is in a session */
  char stop_reason[32];          /* (lock) why the current session is being cancelled */
  audio_status st;               /* (lock) */
  long long clip_start[AUDIO_MAX_CLIPS];   /* (lock) ring position where clip i begins; -1 = not yet */
  int clip_tag[AUDIO_MAX_CLIPS];
  audio_event events[AUDIO_EVENTS_MAX];    /* (lock) ring of events not yet polled */
  int event_first, event_count;
  SDL_atomic_t cancel;           /* the worker abandons the current session */
  SDL_atomic_t volume;           /* 0..100 */
  SDL_atomic_t heard;            /* samples the device has taken this session */
  SDL_atomic_t feeding;          /* 1 while the worker still decodes the session */
  SDL_atomic_t underrun;         /* silence samples the device got while decoding lagged */
  /* device side: the callback and the worker, under SDL_LockAudioDevice */
  SDL_AudioDeviceID device;
  long long write_pos, read_pos;
  int16_t ring[AUDIO_RING_SAMPLES];
  int16_t pcm[AUDIO_CHUNK];      /* worker's decode buffer */
};

static void audio_free_clips(audio_clip *clips, int count) {
  for (int i = 0; i < count; i++) free(clips[i].data);
  free(clips);
}

/* Queues an event; call with the lock held. A full queue drops its oldest entry. */
static void audio_event_add(audio *a, int type, int session, const char *reason) {
  if (a->event_count == AUDIO_EVENTS_MAX) { a->event_first = (a->event_first + 1) % AUDIO_EVENTS_MAX; a->event_count--; }
  audio_event *e = &a->events[(a->event_first + a->event_count++) % AUDIO_EVENTS_MAX];
  memset(e, 0, sizeof *e);
  e->type = type; e->session = session;
  snprintf(e->reason, sizeof e->reason, "%s", reason ? reason : "");
  e->clips = a->st.clips; e->skipped = a->st.skipped;
  e->total_ms = a->st.total_ms; e->played_ms = a->st.played_ms; e->underrun_ms = a->st.underrun_ms;
}

int audio_poll_event(audio *a, audio_event *out) {
  SDL_LockMutex(a->lock);
  int got = a->event_count > 0;
  if (got) {
    *out = a->events[a->event_first];
    a->event_first = (a->event_first + 1) % AUDIO_EVENTS_MAX;
    a->event_count--;
  }
  SDL_UnlockMutex(a->lock);
  return got;
}

/* SDL's audio thread: copies what is decoded, silence for the rest. No locks of ours,
 * no allocation: SDL already holds the device lock here. */
static void SDLCALL audio_callback(void *user, Uint8 *stream, int len) {
  audio *a = user;
  int16_t *out = (int16_t *)(void *)stream;
  int n = len / 2;
  long long avail = a->write_pos - a->read_pos;
  int take = avail < n ? (int)avail : n;
  int volume = SDL_AtomicGet(&a->volume);
  for (int i = 0; i < take; i++)
    out[i] = (int16_t)(a->ring[(a->read_pos + i) % AUDIO_RING_SAMPLES] * volume / 100);
  memset(out + take, 0, (size_t)(n - take) * sizeof *out);
  if (take < n && SDL_AtomicGet(&a->feeding)) SDL_AtomicAdd(&a->underrun, n - take);
  a->read_pos += take;
  SDL_AtomicSet(&a->heard, (int)a->read_pos);
}

/* Copies n samples into the ring as space frees up. 0, or -1 when cancelled. */
static int audio_push(audio *a, const int16_t *pcm, long n) {
  long done = 0;
  while (done < n) {
    if (SDL_AtomicGet(&a->cancel)) return -1;
    SDL_LockAudioDevice(a->device);
    long long space = AUDIO_RING_SAMPLES - (a->write_pos - a->read_pos);
    long take = space < n - done ? (long)space : n - done;
    for (long i = 0; i < take; i++) a->ring[(a->write_pos + i) % AUDIO_RING_SAMPLES] = pcm[done + i];
    a->write_pos += take;
    SDL_UnlockAudioDevice(a->device);
    done += take;
    if (done < n) SDL_Delay(5);   /* the device drains 0.5 s of ring; 5 ms naps are plenty */
  }
  return 0;
}

/* Decodes the playlist into the ring (unpausing the device at the first sound) and
 * waits until the device has played it out or the session is cancelled. Counts
 * skipped clips into *skipped; *started = 1 once sound began. */
static void audio_feed(audio *a, audio_clip *clips, int count, int session, int *skipped, int *started) {
  char err[256];
  /* the device starts paused and is unpaused once the first sound is decoded, so a
   * playlist never begins with an underrun */
  for (int i = 0; i < count && !SDL_AtomicGet(&a->cancel); i++) {
    clip_decoder *d = clip_open(clips[i].data, clips[i].len, err, sizeof err);
    if (!d) {
      fprintf(stderr, "wegwijs: audio: clip %d of %d skipped: %s\n", i + 1, count, err);
      (*skipped)++;
      continue;
    }
    SDL_LockAudioDevice(a->device);
    long long at = a->write_pos;
    SDL_UnlockAudioDevice(a->device);
    SDL_LockMutex(a->lock);
    a->clip_start[i] = at;
    SDL_UnlockMutex(a->lock);
    long n;
    while ((n = clip_read(d, a->pcm, AUDIO_CHUNK, err, sizeof err)) > 0) {
      if (audio_push(a, a->pcm, n)) break;
      if (!*started) {
        *started = 1;
        SDL_PauseAudioDevice(a->device, 0);
        SDL_LockMutex(a->lock);
        a->st.started = session;
        a->st.skipped = *skipped;
        audio_event_add(a, AUDIO_EVENT_STARTED, session, NULL);
        SDL_UnlockMutex(a->lock);
      }
    }
    if (n < 0) {   /* what played of it stays played; the rest of the playlist goes on */
      fprintf(stderr, "wegwijs: audio: clip %d of %d cut short: %s\n", i + 1, count, err);
      (*skipped)++;
    }
    clip_close(d);
  }
  SDL_AtomicSet(&a->feeding, 0);
  /* let the device play out what is decoded */
  for (;;) {
    if (SDL_AtomicGet(&a->cancel)) break;
    SDL_LockAudioDevice(a->device);
    int drained = a->read_pos >= a->write_pos;
    SDL_UnlockAudioDevice(a->device);
    if (drained) break;
    SDL_Delay(5);
  }
}

/* Plays one playlist to its end or until cancelled; runs on the worker thread. */
static void audio_session(audio *a, audio_clip *clips, int count, int session) {
  char reason[32] = "end";
  long long total = 0;
  int playable = 0, skipped = 0, started = 0;
  for (int i = 0; i < count; i++) {
    clip_decoder *d = clip_open(clips[i].data, clips[i].len, NULL, 0);
    if (d) { total += clip_samples(d); playable++; }
    clip_close(d);
  }
  SDL_LockMutex(a->lock);
  a->st.clips = count; a->st.skipped = 0; a->st.played_ms = 0;
  a->st.total_ms = total * 1000 / CLIP_RATE;
  for (int i = 0; i < count; i++) { a->clip_start[i] = -1; a->clip_tag[i] = clips[i].tag; }
  SDL_UnlockMutex(a->lock);
  SDL_AtomicSet(&a->heard, 0);
  SDL_AtomicSet(&a->underrun, 0);
  SDL_AtomicSet(&a->feeding, 1);
  a->write_pos = a->read_pos = 0;
  if (!playable) {
    fprintf(stderr, "wegwijs: audio: none of the %d clips can be played; skipped\n", count);
    skipped = count;
    snprintf(reason, sizeof reason, "error");
    goto finish;
  }
  SDL_AudioSpec want, have;
  SDL_zero(want);
  want.freq = CLIP_RATE; want.format = AUDIO_S16SYS; want.channels = 1; want.samples = 1024;
  want.callback = audio_callback; want.userdata = a;
  a->device = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);   /* SDL converts to what the device wants */
  if (!a->device) {
    fprintf(stderr, "wegwijs: audio: cannot open the audio device: %s\n", SDL_GetError());
    snprintf(reason, sizeof reason, "error");
    goto finish;
  }
  audio_feed(a, clips, count, session, &skipped, &started);
  SDL_CloseAudioDevice(a->device);
  a->device = 0;
finish:
  SDL_LockMutex(a->lock);
  if (SDL_AtomicGet(&a->cancel)) snprintf(reason, sizeof reason, "%s", a->stop_reason);
  else if (!started && strcmp(reason, "error")) snprintf(reason, sizeof reason, "error");
  snprintf(a->st.reason, sizeof a->st.reason, "%s", reason);
  a->st.skipped = skipped;
  SDL_AtomicSet(&a->feeding, 0);
  a->st.played_ms = (long long)SDL_AtomicGet(&a->heard) * 1000 / CLIP_RATE;
  a->st.underrun_ms = (long long)SDL_AtomicGet(&a->underrun) * 1000 / CLIP_RATE;
  if (session > a->st.finished) a->st.finished = session;
  if (a->st.requested == session) a->st.playing = 0;
  audio_event_add(a, AUDIO_EVENT_STOPPED, session, reason);
  SDL_UnlockMutex(a->lock);
  audio_free_clips(clips, count);
}

static int SDLCALL audio_worker(void *user) {
  audio *a = user;
  SDL_LockMutex(a->lock);
  while (!a->quit) {
    if (!a->pending) { SDL_CondWait(a->wake, a->lock); continue; }
    audio_clip *clips = a->pending;
    int count = a->pending_count, session = a->pending_session;
    a->pending = NULL;
    a->busy = 1;
    SDL_AtomicSet(&a->cancel, 0);   /* a cancel before this point was for the previous session */
    SDL_UnlockMutex(a->lock);
    audio_session(a, clips, count, session);
    SDL_LockMutex(a->lock);
    a->busy = 0;
  }
  SDL_UnlockMutex(a->lock);
  return 0;
}

audio *audio_create(int volume_percent, char *err, size_t errlen) {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    util_error(err, errlen, "no audio: %s", SDL_GetError());
    return NULL;
  }
  audio *a = util_calloc(1, sizeof *a);
  audio_set_volume(a, volume_percent);
  a->lock = SDL_CreateMutex();
  a->wake = SDL_CreateCond();
  if (a->lock && a->wake) a->thread = SDL_CreateThread(audio_worker, "wegwijs-audio", a);
  if (!a->thread) {
    util_error(err, errlen, "no audio thread: %s", SDL_GetError());
    if (a->wake) SDL_DestroyCond(a->wake);
    if (a->lock) SDL_DestroyMutex(a->lock);
    free(a);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return NULL;
  }
  return a;
}

void audio_destroy(audio *a) {
  if (!a) return;
  SDL_LockMutex(a->lock);
  a->quit = 1;
  snprintf(a->stop_reason, sizeof a->stop_reason, "shutdown");
  SDL_AtomicSet(&a->cancel, 1);
  SDL_CondSignal(a->wake);
  SDL_UnlockMutex(a->lock);
  SDL_WaitThread(a->thread, NULL);
  if (a->pending) audio_free_clips(a->pending, a->pending_count);
  SDL_DestroyCond(a->wake);
  SDL_DestroyMutex(a->lock);
  free(a);
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

int audio_play(audio *a, audio_clip *clips, int count) {
  if (count > AUDIO_MAX_CLIPS) {
    fprintf(stderr, "wegwijs: audio: a playlist of %d clips is cut to %d\n", count, AUDIO_MAX_CLIPS);
    for (int i = AUDIO_MAX_CLIPS; i < count; i++) free(clips[i].data);
    count = AUDIO_MAX_CLIPS;
  }
  SDL_LockMutex(a->lock);
  if (a->pending) {   /* never begun */
    audio_free_clips(a->pending, a->pending_count);
    audio_event_add(a, AUDIO_EVENT_STOPPED, a->pending_session, "replaced");
  }
  int session = ++a->st.requested;
  a->pending = clips;
  a->pending_count = count;
  a->pending_session = session;
  a->st.playing = 1;
  if (a->busy) {
    snprintf(a->stop_reason, sizeof a->stop_reason, "replaced");
    SDL_AtomicSet(&a->cancel, 1);
  }
  SDL_CondSignal(a->wake);
  SDL_UnlockMutex(a->lock);
  return session;
}

void audio_stop(audio *a, const char *reason) {
  SDL_LockMutex(a->lock);
  if (a->pending) {   /* asked for but not begun: it ends here */
    audio_free_clips(a->pending, a->pending_count);
    a->pending = NULL;
    if (a->pending_session > a->st.finished) a->st.finished = a->pending_session;
    snprintf(a->st.reason, sizeof a->st.reason, "%s", reason);
    audio_event_add(a, AUDIO_EVENT_STOPPED, a->pending_session, reason);
  }
  if (a->busy) {
    snprintf(a->stop_reason, sizeof a->stop_reason, "%s", reason);
    SDL_AtomicSet(&a->cancel, 1);
  }
  a->st.playing = 0;
  SDL_UnlockMutex(a->lock);
}

void audio_set_volume(audio *a, int percent) {
  SDL_AtomicSet(&a->volume, percent < 0 ? 0 : percent > 100 ? 100 : percent);
}

void audio_get_status(audio *a, audio_status *out) {
  SDL_LockMutex(a->lock);
  *out = a->st;
  out->tag = -1;
  if (a->st.playing && a->st.started == a->st.requested && a->busy) {
    long long heard = SDL_AtomicGet(&a->heard);
    for (int i = 0; i < a->st.clips; i++)
      if (a->clip_start[i] >= 0 && a->clip_start[i] <= heard) out->tag = a->clip_tag[i];
    out->played_ms = heard * 1000 / CLIP_RATE;
  }
  SDL_UnlockMutex(a->lock);
}
