/* fuzz_clip.c — libFuzzer target for the audio clips a pack carries: any bytes through
 * clip_open / clip_read / clip_info / clip_check (app/pack/clip.c on libopusfile) must
 * give sound or an error message, never a crash, a hang or a leak. Built and run by
 * tests/t_audio_fuzz.sh. */
#include "pack/clip.h"
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int16_t pcm[5760];
  char err[256], tag[96];
  long long samples = 0;
  clip_decoder *d = clip_open(data, size, err, sizeof err);
  if (d) {
    /* a valid header may declare up to 30 minutes: decoding a few seconds is enough to
     * reach every code path without making each input slow */
    for (int i = 0; i < 64 && clip_read(d, pcm, 5760, err, sizeof err) > 0; i++) {}
    (void)clip_samples(d);
    (void)clip_holes(d);
    clip_close(d);
  }
  (void)clip_info(data, size, &samples, tag, sizeof tag, err, sizeof err);
  if (size < 64 * 1024) (void)clip_check(data, size, &samples, err, sizeof err);
  return 0;
}
