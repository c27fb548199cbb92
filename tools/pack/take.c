/* take.c — decoding, pauses and loudness of a volunteer's recording (see take.h). */
#include "take.h"
#include "util/util.h"
#include <ebur128.h>
#include <errno.h>       /* errno, EINTR */
#include <fcntl.h>       /* O_WRONLY */
#include <math.h>        /* log10, pow, tanh */
#include <samplerate.h>
#include <sndfile.h>
#include <spawn.h>       /* posix_spawnp */
#include <string.h>      /* strrchr */
#include <strings.h>     /* strcasecmp */
#include <sys/wait.h>    /* waitpid */
#include <unistd.h>      /* unlink */

extern char **environ;

/* ------------------------------------------------------------------ decoding */

/* Extensions the ffmpeg command decodes; everything else goes to libsndfile. */
static int take_needs_ffmpeg(const char *path) {
  static const char *const exts[] = { "m4a", "aac", "mp4", "3gp", "webm", "amr" };
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && i < UTIL_COUNT(exts); i++) if (!strcasecmp(dot + 1, exts[i])) return 1;
  return 0;
}

/* Runs ffmpeg to turn path into mono 32-bit float WAV at wav (native rate). 0, or -1
 * with err holding ffmpeg's first complaint. */
static int take_ffmpeg(const char *path, const char *wav, const char *log, char *err, size_t errlen) {
  char in[1400], out[1400];
  snprintf(in, sizeof in, "file:%s", path);   /* "file:" so no name is read as a protocol */
  snprintf(out, sizeof out, "file:%s", wav);
  const char *argv[] = { "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", in, "-vn",
                         "-map", "0:a:0", "-ac", "1", "-c:a", "pcm_f32le", "-f", "wav", out, NULL };
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid;
  int rc = posix_spawnp(&pid, "ffmpeg", &fa, NULL, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc) return util_error(err, errlen, "needs the ffmpeg command to decode it, which cannot run (%s): install the ffmpeg package", strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  size_t len = 0;
  char *text = util_read_file(log, 4096, &len, NULL, 0);
  char *nl = text ? strchr(text, '\n') : NULL;
  if (nl) *nl = 0;
  util_error(err, errlen, "cannot be decoded: it is not audio ffmpeg can read, or it is damaged (ffmpeg: %s)",
             text && text[0] ? text : "no message");
  free(text);
  return -1;
}

static const char *take_format_name(int format) {
  switch (format & SF_FORMAT_TYPEMASK) {
    case SF_FORMAT_WAV: case SF_FORMAT_WAVEX: case SF_FORMAT_RF64: return "WAV";
    case SF_FORMAT_FLAC: return "FLAC";
    case SF_FORMAT_OGG: return (format & SF_FORMAT_SUBMASK) == SF_FORMAT_OPUS ? "Ogg Opus" : "Ogg Vorbis";
    case SF_FORMAT_MPEG: return "MP3";
    case SF_FORMAT_AIFF: return "AIFF";
    default: return "audio";
  }
}

/* Reads every frame through libsndfile, mixing channels down. Returns malloc'd mono
 * samples (count in *frames) or NULL with err set. */
static float *take_read_sndfile(const char *path, SF_INFO *info, long *frames, char *err, size_t errlen) {
  memset(info, 0, sizeof *info);
  SNDFILE *sf = sf_open(path, SFM_READ, info);
  if (!sf) { util_error(err, errlen, "cannot be decoded: %s (WAV, FLAC, Ogg Vorbis/Opus, MP3, M4A expected)", sf_strerror(NULL)); return NULL; }
  float *mono = NULL;
  long have = 0, cap = 0;
  if (info->channels < 1 || info->channels > 16 || info->samplerate < 8000 || info->samplerate > 384000) {
    util_error(err, errlen, "cannot be used: %d channels at %d Hz", info->channels, info->samplerate);
    goto fail;
  }
  float chunk[4096 * 16];
  const long max = (long)TAKE_MAX_SECONDS * info->samplerate;
  for (;;) {
    sf_count_t n = sf_readf_float(sf, chunk, 4096);
    if (n <= 0) break;
    if (have + n > max) { util_error(err, errlen, "is longer than %d minutes: split it", TAKE_MAX_SECONDS / 60); goto fail; }
    if (have + n > cap) { cap = (have + n) * 2; mono = util_realloc(mono, sizeof *mono * (size_t)cap); }
    for (sf_count_t f = 0; f < n; f++) {
      float sum = 0;
      for (int c = 0; c < info->channels; c++) sum += chunk[f * info->channels + c];
      mono[have++] = sum / (float)info->channels;
    }
  }
  if (sf_error(sf)) { util_error(err, errlen, "is damaged: %s", sf_strerror(sf)); goto fail; }
  if (info->frames > 0 && info->frames != SF_COUNT_MAX && have < info->frames * 99 / 100) {
    util_error(err, errlen, "is damaged: it ends after %.1f of its %.1f s", (double)have / info->samplerate,
               (double)info->frames / info->samplerate);
    goto fail;
  }
  if (have == 0) { util_error(err, errlen, "holds no sound"); goto fail; }
  sf_close(sf);
  *frames = have;
  return mono;
fail:
  sf_close(sf);
  free(mono);
  return NULL;
}

/* mono at rate → TAKE_RATE (libsamplerate's best sinc converter: minutes of speech
 * take well under a second). Takes ownership of pcm. */
static float *take_resample(float *pcm, long *frames, int rate, char *err, size_t errlen) {
  if (rate == TAKE_RATE) return pcm;
  double ratio = (double)TAKE_RATE / rate;
  long out_frames = (long)((double)*frames * ratio) + 16;
  float *out = util_malloc(sizeof *out * (size_t)out_frames);
  SRC_DATA d = { .data_in = pcm, .data_out = out, .input_frames = *frames, .output_frames = out_frames, .src_ratio = ratio };
  int rc = src_simple(&d, SRC_SINC_MEDIUM_QUALITY, 1);
  free(pcm);
  if (rc) { free(out); util_error(err, errlen, "cannot be resampled: %s", src_strerror(rc)); return NULL; }
  *frames = d.output_frames_gen;
  return out;
}

int take_decode(const char *path, const char *tmp_dir, take_audio *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  const char *read_path = path, *via = "libsndfile";
  char wav[1300], log[1300];
  if (take_needs_ffmpeg(path)) {
    snprintf(wav, sizeof wav, "%s/decoded.wav", tmp_dir);
    snprintf(log, sizeof log, "%s/ffmpeg.log", tmp_dir);
    if (take_ffmpeg(path, wav, log, err, errlen)) return -1;
    read_path = wav;
    via = "ffmpeg";
  }
  SF_INFO info;
  long frames = 0;
  float *pcm = take_read_sndfile(read_path, &info, &frames, err, errlen);
  if (read_path != path) unlink(wav);
  if (!pcm) return -1;
  const char *dot = strrchr(path, '.');
  char format[32];
  if (read_path != path) snprintf(format, sizeof format, "%s", dot ? dot + 1 : "audio");
  else snprintf(format, sizeof format, "%s", take_format_name(info.format));
  snprintf(out->how, sizeof out->how, "%s, %.1f kHz %s, %.1f s (%s)", format, info.samplerate / 1000.0,
           read_path != path ? "mixed to mono" : info.channels == 1 ? "mono" : info.channels == 2 ? "stereo" : "multichannel",
           (double)frames / info.samplerate, via);
  pcm = take_resample(pcm, &frames, info.samplerate, err, errlen);
  if (!pcm) return -1;
  out->pcm = pcm;
  out->frames = frames;
  return 0;
}

void take_free(take_audio *a) {
  free(a->pcm);
  memset(a, 0, sizeof *a);
}

/* ------------------------------------------------------------------ speech and pauses */

static int take_compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Speech: windows louder than both 10 dB above the noise floor (10th percentile) and
 * 35 dB below the speech level (95th percentile) — a quiet phone recording and a
 * loud one are judged alike. Blips shorter than 60 ms (clicks, taps) are not speech. */
static double take_window_levels(const take_audio *a, take_analysis *an) {
  double *db = util_malloc(sizeof *db * (size_t)an->windows), *sorted = util_malloc(sizeof *db * (size_t)an->windows);
  for (long w = 0; w < an->windows; w++) {
    double sum = 0;
    for (long i = w * TAKE_WINDOW; i < (w + 1) * TAKE_WINDOW && i < a->frames; i++) sum += (double)a->pcm[i] * a->pcm[i];
    db[w] = sorted[w] = 10.0 * log10(sum / TAKE_WINDOW + 1e-12);
  }
  qsort(sorted, (size_t)an->windows, sizeof *sorted, take_compare_double);
  double floor_db = sorted[an->windows / 10], speech_db = sorted[an->windows * 95 / 100];
  /* a take that is speech from end to end has no silence to measure: its floor is
   * speech, so the threshold stays at least 8 dB under the speech level */
  an->threshold_db = fmin(fmax(floor_db + 10.0, speech_db - 35.0), speech_db - 8.0);
  for (long w = 0; w < an->windows; w++) an->voiced[w] = db[w] > an->threshold_db;
  free(db);
  free(sorted);
  return speech_db;
}

static void take_drop_blips(take_analysis *an) {
  const long min_windows = 3;   /* 60 ms */
  for (long w = 0; w < an->windows; ) {
    if (!an->voiced[w]) { w++; continue; }
    long end = w;
    while (end < an->windows && an->voiced[end]) end++;
    if (end - w < min_windows) memset(an->voiced + w, 0, (size_t)(end - w));
    w = end;
  }
}

int take_analyse(const take_audio *a, take_analysis *an, char *err, size_t errlen) {
  memset(an, 0, sizeof *an);
  an->windows = (a->frames + TAKE_WINDOW - 1) / TAKE_WINDOW;
  an->frames = a->frames;
  an->voiced = util_calloc((size_t)an->windows + 1, 1);
  double speech_db = take_window_levels(a, an);
  if (speech_db < -65.0) return util_error(err, errlen, "holds no speech: it is silent (%.0f dBFS)", speech_db);
  take_drop_blips(an);
  long first = 0, last = an->windows - 1;
  while (first < an->windows && !an->voiced[first]) first++;
  while (last >= 0 && !an->voiced[last]) last--;
  if (first > last) return util_error(err, errlen, "holds no speech, only short noises");
  an->speech.start = first * TAKE_WINDOW;
  an->speech.end = (last + 1) * TAKE_WINDOW < a->frames ? (last + 1) * TAKE_WINDOW : a->frames;
  const long candidate = (long)TAKE_CANDIDATE_MS * TAKE_RATE / 1000 / TAKE_WINDOW;
  for (long w = first; w <= last; ) {
    if (an->voiced[w]) { w++; continue; }
    long end = w;
    while (end <= last && !an->voiced[end]) end++;
    if (end - w >= candidate) {
      an->pauses = util_realloc(an->pauses, sizeof *an->pauses * (size_t)(an->pause_count + 1));
      an->pauses[an->pause_count++] = (take_span){ w * TAKE_WINDOW, end * TAKE_WINDOW };
    }
    w = end;
  }
  return 0;
}

void take_analysis_free(take_analysis *an) {
  free(an->voiced);
  free(an->pauses);
  memset(an, 0, sizeof *an);
}

static int take_compare_long_desc(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x > y ? -1 : x < y;
}

int take_split(const take_analysis *an, int n, long *cuts, int *found) {
  const long pause = (long)TAKE_PAUSE_MS * TAKE_RATE / 1000;
  long *lengths = util_malloc(sizeof *lengths * (size_t)(an->pause_count + 1));
  int long_pauses = 0;
  for (int i = 0; i < an->pause_count; i++) {
    lengths[i] = an->pauses[i].end - an->pauses[i].start;
    long_pauses += lengths[i] >= pause;
  }
  qsort(lengths, (size_t)an->pause_count, sizeof *lengths, take_compare_long_desc);
  *found = long_pauses + 1;
  long min_length = -1;
  if (n == 1) min_length = 0;
  else if (long_pauses == n - 1) min_length = pause;
  else if (an->pause_count >= n - 1 && lengths[n - 2] >= pause * 6 / 7 &&
           (an->pause_count == n - 1 || lengths[n - 2] * 5 >= lengths[n - 1] * 8))
    min_length = lengths[n - 2];   /* the n-1 longest stand out by 1.6x from the rest */
  free(lengths);
  if (min_length < 0) return -1;
  int k = 1;
  cuts[0] = 0;
  for (int i = 0; i < an->pause_count && k < n; i++)
    if (n > 1 && an->pauses[i].end - an->pauses[i].start >= min_length)
      cuts[k++] = (an->pauses[i].start + an->pauses[i].end) / 2;
  cuts[n] = an->frames;
  return k == n ? 0 : -1;
}

take_span take_trim(const take_analysis *an, long from, long to) {
  long first = from / TAKE_WINDOW, last = (to - 1) / TAKE_WINDOW;
  while (first <= last && !an->voiced[first]) first++;
  while (last >= first && !an->voiced[last]) last--;
  if (to > an->frames) to = an->frames;
  take_span s = { from, to };
  if (first > last) return s;
  s.start = first * TAKE_WINDOW - (long)TAKE_LEAD_MS * TAKE_RATE / 1000;
  s.end = (last + 1) * TAKE_WINDOW + (long)TAKE_TAIL_MS * TAKE_RATE / 1000;
  if (s.start < from) s.start = from;
  if (s.end > to) s.end = to;
  return s;
}

/* ------------------------------------------------------------------ loudness */

double take_loudness(const float *pcm, long frames) {
  if (frames <= 0) return -HUGE_VAL;
  ebur128_state *st = ebur128_init(1, TAKE_RATE, EBUR128_MODE_I);
  expect(st);
  long fed = 0;
  do {   /* at least one second: shorter clips are measured looped (same loudness) */
    ebur128_add_frames_float(st, pcm, (size_t)frames);
    fed += frames;
  } while (fed < TAKE_RATE);
  double lufs = -HUGE_VAL;
  if (ebur128_loudness_global(st, &lufs) != EBUR128_SUCCESS) lufs = -HUGE_VAL;
  ebur128_destroy(&st);
  return lufs;
}

/* Soft knee above −3 dBFS: samples approach but never reach full scale. */
static float take_limit(float x) {
  const float knee = 0.708f;
  float m = fabsf(x);
  if (m <= knee) return x;
  float y = knee + (1.0f - knee) * tanhf((m - knee) / (1.0f - knee));
  return x < 0 ? -y : y;
}

void take_normalise(float *pcm, long frames, double *before, double *after) {
  double now = *before = take_loudness(pcm, frames);
  for (int pass = 0; pass < 3 && isfinite(now) && fabs(now - TAKE_TARGET_LUFS) > (pass ? TAKE_TOLERANCE_LU : 0.0); pass++) {
    float gain = (float)pow(10.0, (TAKE_TARGET_LUFS - now) / 20.0);
    for (long i = 0; i < frames; i++) pcm[i] = take_limit(pcm[i] * gain);
    now = take_loudness(pcm, frames);
  }
  *after = now;
}
