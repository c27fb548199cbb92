/* take.h — a volunteer's recording as sound: decoded (libsndfile for WAV, FLAC, Ogg
 * Vorbis/Opus, MP3; the ffmpeg command for what phones record: M4A/AAC, MP4, 3GP,
 * WebM), mixed to mono and resampled to 48 kHz (libsamplerate), its speech and pauses
 * found, and its loudness measured and normalised (libebur128, EBU R128 / ITU-R
 * BS.1770 integrated loudness).
 *
 * Why ffmpeg as a command and not libavcodec: one decode per file does not need the
 * library's API, a crash or hang in a demuxer fed a damaged phone file stays in the
 * child process, and its exit status says "cannot decode" plainly. */
#ifndef WEGWIJS_PACK_TAKE_H
#define WEGWIJS_PACK_TAKE_H
#include <stddef.h>   /* size_t */

enum {
  TAKE_RATE = 48000,            /* what the pack's clips play at */
  TAKE_MAX_SECONDS = 20 * 60,   /* a longer file is refused: a page take is minutes */
  TAKE_WINDOW = 960,            /* 20 ms analysis windows */
  TAKE_PAUSE_MS = 700,          /* a pause this long separates two texts; the script asks ~1 s */
  TAKE_CANDIDATE_MS = 300,      /* shorter silences are breaths inside a text */
  TAKE_LEAD_MS = 150,           /* silence kept before the first word */
  TAKE_TAIL_MS = 250            /* and after the last (a soft ending is not cut) */
};

/* The loudness every recording is brought to: −20 LUFS integrated. Speech mastered for
 * small loudspeakers and headphones sits at −16…−23 LUFS (EBU R128 broadcast: −23,
 * AES streaming: −16…−20); −20 leaves ~8 dB of headroom for speech peaks, so the soft
 * limiter rarely acts, and the kiosk's volume setting does the rest. */
#define TAKE_TARGET_LUFS (-20.0)
#define TAKE_TOLERANCE_LU 0.5   /* normalise again when the limiter moved it further */

typedef struct {
  float *pcm; long frames;      /* mono at TAKE_RATE (malloc'd) */
  char how[200];                /* "FLAC, 44.1 kHz stereo, 12.3 s (libsndfile)" */
} take_audio;

typedef struct { long start, end; } take_span;   /* frames, end exclusive */

/* Decodes path. tmp_dir (for ffmpeg's output) must exist. 0, or -1 with err set to one
 * sentence saying why the file cannot be used (not audio, damaged, too long, silent). */
int take_decode(const char *path, const char *tmp_dir, take_audio *out, char *err, size_t errlen);
void take_free(take_audio *a);

typedef struct {
  unsigned char *voiced;        /* per window: 1 = louder than the speech threshold */
  long windows, frames;          /* the last window may be partial: frames is the end */
  double threshold_db;          /* dBFS RMS of a window that counts as speech */
  take_span speech;             /* first to last voiced frame */
  take_span *pauses; int pause_count;   /* silences of >= TAKE_CANDIDATE_MS inside speech */
} take_analysis;

/* Finds speech and pauses. 0, or -1 with err set when there is no speech at all. */
int take_analyse(const take_audio *a, take_analysis *out, char *err, size_t errlen);
void take_analysis_free(take_analysis *an);

/* Cuts the take into n parts at its pauses: cuts[0..n] (n+1 positions, frames) when
 * the pauses give exactly n parts unambiguously (all pauses of >= TAKE_PAUSE_MS, or the
 * n-1 longest pauses clearly longer than the rest); returns 0. Otherwise -1, with
 * *found the number of parts the long pauses suggest. */
int take_split(const take_analysis *an, int n, long *cuts, int *found);

/* The stretch of [from, to) from its first to its last voiced window, with
 * TAKE_LEAD_MS / TAKE_TAIL_MS of silence kept (within [from, to)). */
take_span take_trim(const take_analysis *an, long from, long to);

/* Integrated loudness in LUFS of pcm (a clip shorter than the 400 ms gating block is
 * measured looped); -HUGE_VAL when silent. */
double take_loudness(const float *pcm, long frames);

/* Brings pcm to TAKE_TARGET_LUFS: gain, then a soft limiter above −3 dBFS so no sample
 * clips. *before / *after: the loudness measured before and after. */
void take_normalise(float *pcm, long frames, double *before, double *after);
#endif
