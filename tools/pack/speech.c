/* speech.c — espeak-ng → PCM → libopusenc → Ogg Opus, cached and threaded (see speech.h). */
#include "speech.h"
#include "pack/clip.h"
#include "util/util.h"
#include <errno.h>       /* errno, EINTR */
#include <fcntl.h>       /* O_CLOEXEC, open */
#include <opusenc.h>
#include <pthread.h>
#include <signal.h>      /* kill */
#include <sodium.h>
#include <spawn.h>       /* posix_spawnp */
#include <stdio.h>       /* snprintf, rename */
#include <string.h>      /* memcmp, strlen */
#include <sys/stat.h>    /* mkdir */
#include <sys/wait.h>    /* waitpid */
#include <time.h>        /* nanosleep */
#include <unistd.h>      /* pipe2, read, write, close */

extern char **environ;

enum {
  SPEECH_MAX_WAV = 64 << 20,        /* one job's WAV: far above 16 KiB of text */
  SPEECH_VERSION = 1                /* bump when the pipeline changes what it makes */
};

const char *speech_settings(void) {
  static char text[160];
  if (!text[0])
    snprintf(text, sizeof text, "espeak-ng at %d wpm; Ogg Opus mono, wideband voice (8 kHz audio), %d kbit/s VBR, complexity %d",
             SPEECH_RATE_WPM, SPEECH_BITRATE / 1000, SPEECH_COMPLEXITY);
  return text;
}

/* ------------------------------------------------------------------ text */

char *speech_clean_text(const char *text) {
  size_t n = strlen(text);
  char *out = util_malloc(n + 1);
  size_t o = 0;
  int space = 1;   /* drops leading white space */
  for (size_t i = 0; i < n; ) {
    const unsigned char *u = (const unsigned char *)text + i;
    /* U+200B..U+200F, U+202A..U+202E, U+2066..U+2069: marks and bidi controls */
    if (u[0] == 0xE2 && u[1] == 0x80 && ((u[2] >= 0x8B && u[2] <= 0x8F) || (u[2] >= 0xAA && u[2] <= 0xAE))) { i += 3; continue; }
    if (u[0] == 0xE2 && u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9) { i += 3; continue; }
    if (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\r') {
      if (!space) out[o++] = ' ';
      space = 1;
      i++;
      continue;
    }
    out[o++] = text[i++];
    space = 0;
  }
  while (o && out[o - 1] == ' ') o--;
  out[o] = 0;
  return out;
}

/* ------------------------------------------------------------------ espeak-ng */

/* Runs `espeak-ng -v VOICE -s RATE --stdout` with text on stdin; returns the WAV bytes
 * (malloc'd) or NULL with err set. The text (<= SPEECH_MAX_TEXT) fits a pipe buffer,
 * so writing it all before reading cannot deadlock. */
static unsigned char *speech_espeak(const char *espeak, const char *voice, const char *text,
                                    size_t *len, char *err, size_t errlen) {
  int in[2] = { -1, -1 }, out[2] = { -1, -1 };
  unsigned char *wav = NULL;
  size_t have = 0, cap = 0;
  pid_t pid = -1;
  char rate[16];
  snprintf(rate, sizeof rate, "%d", SPEECH_RATE_WPM);
  char opt_voice[] = "-v", opt_rate[] = "-s", opt_stdout[] = "--stdout", prog[256], name[64];
  snprintf(prog, sizeof prog, "%s", espeak);
  snprintf(name, sizeof name, "%s", voice);
  char *argv[] = { prog, opt_voice, name, opt_rate, rate, opt_stdout, NULL };
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  /* O_CLOEXEC: children started by other threads must not hold these pipes open */
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) { util_error(err, errlen, "cannot create a pipe: %s", strerror(errno)); goto done; }
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  int rc = posix_spawnp(&pid, espeak, &fa, NULL, argv, environ);
  if (rc) { pid = -1; util_error(err, errlen, "cannot run %s: %s", espeak, strerror(rc)); goto done; }
  close(in[0]); in[0] = -1;
  close(out[1]); out[1] = -1;
  size_t n = strlen(text), at = 0;
  while (at < n) {
    ssize_t w = write(in[1], text + at, n - at);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;   /* the engine quit early; its exit status tells why */
    at += (size_t)w;
  }
  if (write(in[1], "\n", 1) < 0) { /* same: judged by the exit status */ }
  close(in[1]); in[1] = -1;
  for (;;) {
    if (have == cap) {
      if (cap >= SPEECH_MAX_WAV) { util_error(err, errlen, "espeak-ng produced more than %d MiB", SPEECH_MAX_WAV >> 20); goto done; }
      cap = cap ? cap * 2 : 1 << 20;
      wav = util_realloc(wav, cap);
    }
    ssize_t r = read(out[0], wav + have, cap - have);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { util_error(err, errlen, "cannot read from espeak-ng: %s", strerror(errno)); goto done; }
    if (r == 0) break;
    have += (size_t)r;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  pid = -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    util_error(err, errlen, "espeak-ng failed for voice '%s' (%s %d)", voice,
               WIFEXITED(status) ? "exit status" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    goto done;
  }
  *len = have;
  posix_spawn_file_actions_destroy(&fa);
  return wav;
done:
  for (int i = 0; i < 2; i++) { if (in[i] >= 0) close(in[i]); if (out[i] >= 0) close(out[i]); }
  if (pid > 0) { int ignored; kill(pid, SIGKILL); waitpid(pid, &ignored, 0); }
  posix_spawn_file_actions_destroy(&fa);
  free(wav);
  return NULL;
}

static unsigned speech_le(const unsigned char *b, int n) {
  unsigned v = 0;
  for (int i = n - 1; i >= 0; i--) v = v << 8 | b[i];
  return v;
}

/* The PCM of a streamed WAV (its sizes may be placeholders: the data runs to the end).
 * Sets *pcm (pointing into wav), *samples and *rate; 0 or -1 with err set. */
static int speech_parse_wav(const unsigned char *wav, size_t len, const int16_t **pcm, long *samples,
                            int *rate, char *err, size_t errlen) {
  if (len < 12 || memcmp(wav, "RIFF", 4) || memcmp(wav + 8, "WAVE", 4)) return util_error(err, errlen, "espeak-ng did not write WAV");
  size_t at = 12;
  int have_fmt = 0;
  while (at + 8 <= len) {
    size_t size = speech_le(wav + at + 4, 4);
    if (!memcmp(wav + at, "fmt ", 4) && at + 8 + 16 <= len) {
      unsigned format = speech_le(wav + at + 8, 2), channels = speech_le(wav + at + 10, 2), bits = speech_le(wav + at + 22, 2);
      *rate = (int)speech_le(wav + at + 12, 4);
      if (format != 1 || channels != 1 || bits != 16 || *rate < 8000 || *rate > 48000)
        return util_error(err, errlen, "espeak-ng wrote WAV that is not 16-bit mono PCM");
      have_fmt = 1;
    } else if (!memcmp(wav + at, "data", 4)) {
      if (!have_fmt) break;
      size_t bytes = len - at - 8;
      if (size < bytes) bytes = size;
      *pcm = (const int16_t *)(const void *)(wav + at + 8);
      *samples = (long)(bytes / 2);
      return 0;
    }
    if (size > len) break;
    at += 8 + size + (size & 1);
  }
  return util_error(err, errlen, "espeak-ng wrote WAV without sound data");
}

int speech_voice_available(const speech_options *options, const char *voice, char *err, size_t errlen) {
  size_t len = 0;
  unsigned char *wav = speech_espeak(options && options->espeak ? options->espeak : "espeak-ng", voice, "1234", &len, err, errlen);
  if (!wav) return 0;
  const int16_t *pcm;
  long samples = 0;
  int rate = 0, ok = speech_parse_wav(wav, len, &pcm, &samples, &rate, err, errlen) == 0 && samples > 0;
  free(wav);
  return ok;
}

/* ------------------------------------------------------------------ Opus */

typedef struct { unsigned char *data; size_t len, cap; } speech_buffer;

static int speech_write(void *user, const unsigned char *ptr, opus_int32 len) {
  speech_buffer *b = user;
  if (b->len + (size_t)len > b->cap) {
    b->cap = (b->len + (size_t)len) * 2;
    b->data = util_realloc(b->data, b->cap);
  }
  memcpy(b->data + b->len, ptr, (size_t)len);
  b->len += (size_t)len;
  return 0;
}
static int speech_close(void *user) { (void)user; return 0; }

unsigned char *speech_encode(const int16_t *pcm, long samples, int rate, const char *generated_by,
                             int serial, size_t *len, char *err, size_t errlen) {
  OpusEncCallbacks callbacks = { speech_write, speech_close };
  speech_buffer buf = { NULL, 0, 0 };
  int error = 0;
  OggOpusComments *comments = ope_comments_create();
  if (!comments) { util_error(err, errlen, "out of memory in libopusenc"); return NULL; }
  if (generated_by) ope_comments_add(comments, CLIP_GENERATED_TAG, generated_by);
  OggOpusEnc *enc = ope_encoder_create_callbacks(&callbacks, &buf, comments, rate, 1, 0, &error);
  ope_comments_destroy(comments);
  if (!enc) { util_error(err, errlen, "libopusenc refused the stream: %s", ope_strerror(error)); return NULL; }
  /* many short clips: no comment padding, deterministic serial, voice tuning */
  if ((error = ope_encoder_ctl(enc, OPE_SET_SERIALNO(serial))) != OPE_OK ||
      (error = ope_encoder_ctl(enc, OPE_SET_COMMENT_PADDING(0))) != OPE_OK ||
      (error = ope_encoder_ctl(enc, OPUS_SET_BITRATE(generated_by ? SPEECH_BITRATE : SPEECH_RECORDED_BITRATE))) != OPE_OK ||
      (error = ope_encoder_ctl(enc, OPUS_SET_VBR(1))) != OPE_OK ||
      (error = ope_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE))) != OPE_OK ||
      (error = ope_encoder_ctl(enc, OPUS_SET_BANDWIDTH(generated_by ? OPUS_BANDWIDTH_WIDEBAND : OPUS_BANDWIDTH_SUPERWIDEBAND))) != OPE_OK ||
      (error = ope_encoder_ctl(enc, OPUS_SET_COMPLEXITY(SPEECH_COMPLEXITY))) != OPE_OK) {
    util_error(err, errlen, "libopusenc refused a setting: %s", ope_strerror(error));
    goto fail;
  }
  for (long at = 0; at < samples; ) {
    int n = samples - at > 65536 ? 65536 : (int)(samples - at);
    if ((error = ope_encoder_write(enc, pcm + at, n)) != OPE_OK) { util_error(err, errlen, "libopusenc: %s", ope_strerror(error)); goto fail; }
    at += n;
  }
  if ((error = ope_encoder_drain(enc)) != OPE_OK) { util_error(err, errlen, "libopusenc: %s", ope_strerror(error)); goto fail; }
  ope_encoder_destroy(enc);
  *len = buf.len;
  return buf.data;
fail:
  ope_encoder_destroy(enc);
  free(buf.data);
  return NULL;
}

/* ------------------------------------------------------------------ cache + jobs */

typedef struct {
  speech_job *jobs;
  int count, next, failed, done, spoken;   /* spoken: done by espeak-ng, not the cache */
  const speech_options *options;
  pthread_mutex_t lock;
} speech_pool;

/* DIR/ab/abcdef….opus for the job's key. */
static void speech_cache_path(const speech_options *o, const unsigned char hash[32], char *out, size_t n) {
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, hash, 32);
  snprintf(out, n, "%s/%.2s/%s.opus", o->cache_dir, hex, hex);
}

static void speech_one(const speech_options *o, speech_job *job) {
  char cache[2048] = "", err[256] = "";
  unsigned char hash[32];
  char generated_by[96];
  snprintf(generated_by, sizeof generated_by, "espeak-ng %s", job->voice);
  crypto_generichash_state st;
  char head[256];
  int head_len = snprintf(head, sizeof head, "wegwijs-speech %d|%s|%s|%d|%d|%d|", SPEECH_VERSION, generated_by,
                          job->voice, SPEECH_RATE_WPM, SPEECH_BITRATE, SPEECH_COMPLEXITY);
  crypto_generichash_init(&st, NULL, 0, sizeof hash);
  crypto_generichash_update(&st, (const unsigned char *)head, (unsigned long long)head_len);
  crypto_generichash_update(&st, (const unsigned char *)job->text, strlen(job->text));
  crypto_generichash_final(&st, hash, sizeof hash);
  if (o->cache_dir && o->cache_dir[0]) {
    speech_cache_path(o, hash, cache, sizeof cache);
    size_t len;
    char *data = util_read_file(cache, 64 << 20, &len, NULL, 0);
    char tag[96];
    /* a cached clip must open and carry its tag; anything else is made again */
    if (data && clip_info((unsigned char *)data, len, &job->samples, tag, sizeof tag, NULL, 0) == 0 &&
        !strcmp(tag, generated_by) && job->samples > 0) {
      job->opus = (unsigned char *)data;
      job->opus_len = len;
      job->cached = 1;
      return;
    }
    free(data);
  }
  if (o->cache_only) { snprintf(job->error, sizeof job->error, SPEECH_NOT_CACHED); return; }
  size_t wav_len = 0;
  unsigned char *wav = speech_espeak(o->espeak ? o->espeak : "espeak-ng", job->voice, job->text, &wav_len, err, sizeof err);
  const int16_t *pcm;
  long samples = 0;
  int rate = 0;
  if (!wav || speech_parse_wav(wav, wav_len, &pcm, &samples, &rate, err, sizeof err)) goto done;
  if (samples == 0) { util_error(err, sizeof err, "espeak-ng produced no sound for voice '%s'", job->voice); goto done; }
  int serial = (int)((unsigned)hash[0] | (unsigned)hash[1] << 8 | (unsigned)hash[2] << 16 | (unsigned)(hash[3] & 0x7F) << 24);
  job->opus = speech_encode(pcm, samples, rate, generated_by, serial, &job->opus_len, err, sizeof err);
  if (!job->opus) goto done;
  job->samples = (long long)samples * CLIP_RATE / rate;
  if (cache[0]) {
    /* write beside, then rename: a concurrent build sees the whole file or none */
    char dir[2048], tmp[2100];
    snprintf(dir, sizeof dir, "%s", cache);
    *strrchr(dir, '/') = 0;
    util_mkdirs(dir, 0755, NULL, 0);
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld-%lx", cache, (long)getpid(), (unsigned long)pthread_self());
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(job->opus, 1, job->opus_len, f) == job->opus_len;
    if (f && fclose(f)) ok = 0;
    if (!ok || rename(tmp, cache)) unlink(tmp);   /* a cache that cannot be written only costs time */
  }
done:
  free(wav);
  if (err[0]) snprintf(job->error, sizeof job->error, "%s", err);
}

static void *speech_worker(void *arg) {
  speech_pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    int i = p->next < p->count ? p->next++ : -1;
    pthread_mutex_unlock(&p->lock);
    if (i < 0) return NULL;
    speech_one(p->options, &p->jobs[i]);
    pthread_mutex_lock(&p->lock);
    p->failed += p->jobs[i].error[0] != 0;
    p->done++;
    p->spoken += !p->jobs[i].cached;
    pthread_mutex_unlock(&p->lock);
  }
}

/* n with a space between thousands ("4 788"), as the progress line shows it. */
static const char *speech_grouped(long n, char out[32]) {
  if (n < 1000) snprintf(out, 32, "%ld", n);
  else if (n < 1000000) snprintf(out, 32, "%ld %03ld", n / 1000, n % 1000);
  else snprintf(out, 32, "%ld %03ld %03ld", n / 1000000, n / 1000 % 1000, n % 1000);
  return out;
}

/* Waits for the workers, printing progress on o->progress (see speech_options). The
 * estimate assumes every job left must be spoken, at the pace of those spoken so far
 * (clips from the cache cost nothing). */
static void speech_report_progress(speech_pool *p, int threads) {
  FILE *out = p->options->progress;
  int tty = isatty(fileno(out));
  long long start = util_now_ms(), last = start;
  int done = 0, spoken = 0, printed = 0;
  const char *env = getenv("WEGWIJS_PROGRESS_MS");   /* tests: a log line more often */
  long long every = env && atoi(env) > 0 ? atoi(env) : tty ? SPEECH_PROGRESS_TTY_MS : SPEECH_PROGRESS_LOG_MS;
  while (done < p->count) {
    struct timespec nap = { 0, 100 * 1000000L };
    nanosleep(&nap, NULL);
    pthread_mutex_lock(&p->lock);
    done = p->done;
    spoken = p->spoken;
    pthread_mutex_unlock(&p->lock);
    long long now = util_now_ms();
    if (done < p->count && now - last < every) continue;
    if (!printed && done == p->count && now - start < every) break;   /* quick (all from the cache): quiet */
    char a[32], b[32], left[48] = "";
    long long ms = now - start;
    if (done < p->count && spoken >= threads)
      snprintf(left, sizeof left, ", ~%lld s left", (ms * (p->count - done) / spoken + 999) / 1000);
    else if (done == p->count) snprintf(left, sizeof left, ", done in %.1f s", (double)ms / 1000.0);
    fprintf(out, "%sspeech %s/%s clips, %d thread%s%s%s", tty ? "\r" : "", speech_grouped(done, a),
            speech_grouped(p->count, b), threads, threads == 1 ? "" : "s", left, tty ? "\033[K" : "\n");
    if (tty && done == p->count) fputc('\n', out);
    fflush(out);
    last = now;
    printed = 1;
  }
}

int speech_run(speech_job *jobs, int count, const speech_options *options) {
  enum { SPEECH_MAX_THREADS = 64 };
  pthread_t threads[SPEECH_MAX_THREADS];
  speech_pool pool = { jobs, count, 0, 0, 0, 0, options, PTHREAD_MUTEX_INITIALIZER };
  int n = options->threads < 1 ? 1 : options->threads > SPEECH_MAX_THREADS ? SPEECH_MAX_THREADS : options->threads;
  if (n > count) n = count;
  expect(sodium_init() >= 0);
  if (options->cache_dir && options->cache_dir[0]) util_mkdirs(options->cache_dir, 0755, NULL, 0);
  for (int i = 0; i < count; i++) { jobs[i].error[0] = 0; jobs[i].opus = NULL; jobs[i].cached = 0; }
  int started = 0;
  for (; started < n; started++)
    if (pthread_create(&threads[started], NULL, speech_worker, &pool)) break;
  if (started == 0) speech_worker(&pool);   /* no threads to be had: do it here */
  if (started > 0 && options->progress) speech_report_progress(&pool, started);
  for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
  pthread_mutex_destroy(&pool.lock);
  return pool.failed;
}
