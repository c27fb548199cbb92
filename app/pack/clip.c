/* clip.c — Ogg Opus clips through libopusfile (see clip.h). */
#include "pack/clip.h"
#include "util/util.h"
#include <opusfile.h>
#include <string.h>   /* memset */

enum {
  CLIP_CHUNK = 5760,      /* stereo samples per op_read_stereo call (120 ms, the largest Opus frame) */
  CLIP_MAX_HOLES = 64     /* more skipped stretches than this: give the clip up */
};

struct clip_decoder {
  OggOpusFile *file;
  long long samples;
  int holes;
  opus_int16 stereo[CLIP_CHUNK * 2];
};

static const char *clip_error_name(int code) {
  switch (code) {
  case OP_EREAD: return "read error";
  case OP_EFAULT: return "internal error";
  case OP_EIMPL: return "uses a feature libopusfile does not implement";
  case OP_EINVAL: return "invalid call";
  case OP_ENOTFORMAT: return "not Ogg Opus";
  case OP_EBADHEADER: return "damaged Opus header";
  case OP_EVERSION: return "unknown Opus version";
  case OP_EBADPACKET: return "damaged packet";
  case OP_EBADLINK: return "damaged stream link";
  case OP_EBADTIMESTAMP: return "damaged timestamp";
  case OP_HOLE: return "gap in the data";
  default: return "undecodable";
  }
}

clip_decoder *clip_open(const unsigned char *data, size_t len, char *err, size_t errlen) {
  int code = 0;
  if (!data || len == 0) { util_error(err, errlen, "the clip is empty"); return NULL; }
  OggOpusFile *file = op_open_memory(data, len, &code);
  if (!file) { util_error(err, errlen, "the clip cannot be opened (%s)", clip_error_name(code)); return NULL; }
  long long total = op_pcm_total(file, -1);
  if (total < 0 || total > (long long)CLIP_MAX_SECONDS * CLIP_RATE) {
    op_free(file);
    util_error(err, errlen, "the clip declares an impossible length (%lld samples)", total);
    return NULL;
  }
  clip_decoder *d = util_calloc(1, sizeof *d);
  d->file = file;
  d->samples = total;
  return d;
}

void clip_close(clip_decoder *d) {
  if (!d) return;
  op_free(d->file);
  free(d);
}

long long clip_samples(const clip_decoder *d) { return d->samples; }
int clip_holes(const clip_decoder *d) { return d->holes; }

long clip_read(clip_decoder *d, int16_t *pcm, long max, char *err, size_t errlen) {
  long want = max < CLIP_CHUNK ? max : CLIP_CHUNK;
  if (want <= 0) return 0;
  for (;;) {
    int n = op_read_stereo(d->file, d->stereo, (int)want * 2);
    if (n == OP_HOLE) {
      /* a lost or corrupt page: libopusfile resynchronises after it */
      if (++d->holes > CLIP_MAX_HOLES) return util_error(err, errlen, "the clip has more than %d damaged stretches", CLIP_MAX_HOLES);
      continue;
    }
    if (n < 0) return util_error(err, errlen, "the clip is damaged (%s)", clip_error_name(n));
    for (int i = 0; i < n; i++) pcm[i] = (int16_t)(((int)d->stereo[2 * i] + d->stereo[2 * i + 1]) / 2);
    return n;
  }
}

int clip_info(const unsigned char *data, size_t len, long long *samples, char *generated,
              size_t generated_len, char *err, size_t errlen) {
  clip_decoder *d = clip_open(data, len, err, errlen);
  if (!d) return -1;
  *samples = d->samples;
  if (generated && generated_len) {
    const OpusTags *tags = op_tags(d->file, -1);
    const char *value = tags ? opus_tags_query(tags, CLIP_GENERATED_TAG, 0) : NULL;
    snprintf(generated, generated_len, "%s", value ? value : "");
  }
  clip_close(d);
  return 0;
}

int clip_check(const unsigned char *data, size_t len, long long *samples, char *err, size_t errlen) {
  clip_decoder *d = clip_open(data, len, err, errlen);
  if (!d) return -1;
  static _Thread_local int16_t pcm[CLIP_CHUNK];
  long long total = 0;
  long n;
  while ((n = clip_read(d, pcm, CLIP_CHUNK, err, errlen)) > 0) total += n;
  int holes = d->holes;
  clip_close(d);
  if (n < 0) return -1;
  if (holes) return util_error(err, errlen, "the clip has %d damaged stretch%s", holes, holes == 1 ? "" : "es");
  if (total == 0) return util_error(err, errlen, "the clip holds no sound");
  *samples = total;
  return 0;
}
