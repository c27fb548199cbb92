/* audio.h — read-aloud playback through SDL audio. A playlist of Opus clips is decoded on
 * a worker thread (app/pack/clip.h) into a ring buffer that SDL's audio callback drains.
 * The device is open only while something plays, so an idle kiosk holds no device (and
 * SDL's disk driver's file stops growing). The UI thread never waits on decoding or on
 * the device: play, stop and status only take a short lock. A clip that cannot be
 * decoded is skipped with a log line; the rest of the playlist still plays. */
#ifndef WEGWIJS_AUDIO_H
#define WEGWIJS_AUDIO_H
#include <stddef.h>   /* size_t */

enum {
  AUDIO_RING_SAMPLES = 24000,   /* 0.5 s at 48 kHz decoded ahead of the device */
  AUDIO_MAX_CLIPS = 1024        /* clips in one playlist */
};

typedef struct audio audio;

/* One clip of a playlist: malloc'd Opus bytes and the caller's tag (e.g. which block
 * it reads), reported back while the clip is heard. */
typedef struct { unsigned char *data; size_t len; int tag; } audio_clip;

typedef struct {
  int requested;          /* last session number audio_play returned (0 = none yet) */
  int started;            /* last session whose sound began (device open, first clip decoded) */
  int finished;           /* last session that ended */
  int playing;            /* 1 from audio_play until that session ends */
  int tag;                /* tag of the clip being heard; -1 when nothing is heard */
  char reason[32];        /* why `finished` ended: "end", "error", or the audio_stop reason */
  int skipped;            /* clips of the current/last session that could not be played */
  int clips;              /* clips in the current/last session */
  long long total_ms;     /* declared length of the current/last session's playable clips */
  long long played_ms;    /* heard so far of the current/last session */
  long long underrun_ms;  /* silence the device got because decoding lagged (a glitch) */
} audio_status;

/* Starts SDL's audio subsystem (the driver SDL_AUDIODRIVER names, else SDL's choice) and
 * the decoding thread. volume_percent: 0..100. Returns NULL with err set when SDL has
 * no audio at all; the kiosk then runs silent. */
audio *audio_create(int volume_percent, char *err, size_t errlen);
/* Stops playback, joins the thread, frees everything. NULL is fine. */
void audio_destroy(audio *a);

/* Plays count clips in order, replacing whatever plays now (that session ends with
 * reason "replaced"). Takes ownership of clips and of every clip's data, even on
 * failure. Returns the new session number (> 0). Never blocks on decoding. */
int audio_play(audio *a, audio_clip *clips, int count);
/* Ends the current session (if any) with reason (e.g. "stop", "navigation"). */
void audio_stop(audio *a, const char *reason);
/* 0..100; takes effect within one device buffer. */
void audio_set_volume(audio *a, int percent);
void audio_get_status(audio *a, audio_status *out);

/* What happened, in order, for --events and logs: a session's sound began, or a session
 * ended (also one that never began: replaced or stopped while waiting, or unplayable). */
enum { AUDIO_EVENT_STARTED = 1, AUDIO_EVENT_STOPPED = 2, AUDIO_EVENTS_MAX = 32 };
typedef struct {
  int type, session;
  char reason[32];                  /* STOPPED: "end", "error", "replaced" or the stop reason */
  int clips, skipped;
  long long total_ms, played_ms, underrun_ms;
} audio_event;
/* Takes the oldest event not yet taken. 1, or 0 when there is none. */
int audio_poll_event(audio *a, audio_event *out);
#endif
