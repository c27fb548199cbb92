/* build.h — writing a content pack (SQLite, schema from app/pack/pack.c) from a read
 * content tree, its PO translations and the SVG pictograms rasterized with librsvg. */
#ifndef WEGWIJS_PACK_BUILD_H
#define WEGWIJS_PACK_BUILD_H
#include <stddef.h>   /* size_t */
#include "content.h"
#include "report.h"

/* What the audio stage did (see build_options.audio_stats). */
typedef struct {
  int recorded, generated, cached;   /* clips stored; cached = generated clips taken from the cache */
  int not_generated;                 /* "cached" mode: clips the cache lacks */
  long long generate_ms;             /* wall time of speech generation */
  int threads;
  long long bytes;                   /* audio bytes in the pack */
} build_audio_stats;

typedef struct {
  const char *assets_dir;       /* folder of NAME.svg pictograms; NULL = CONTENT/../assets/pictograms */
  int version;                  /* > 0 overrides pack.meta's version */
  const char *researcher_pk;    /* 64 hex digits, overrides pack.meta; NULL = keep */
  /* Read-aloud audio: recordings from CONTENT/audio/ always; generated speech for the
   * rest of the voiced units (page titles and blocks, check-in texts and answers) of
   * every language with an espeak-ng voice, where the unit is translated. */
  const char *audio;            /* "all", "route" (route pages + check-in), "none" (NULL:
                                   $WEGWIJS_AUDIO, else "all"),
                                   or "cached": all, but only clips already in the cache
                                   (quick checks of a content folder never run espeak-ng) */
  const char *audio_cache;      /* NULL = build_default_audio_cache(); "" = no cache */
  int audio_threads;            /* <= 0 = one per online CPU */
  build_audio_stats *audio_stats;   /* filled when not NULL */
  const char *waits;            /* typical-waits table text (app/pack/waits.h), checked; NULL = none */
  const char *waits_group;      /* the group of sites this pack's kiosks show; NULL = "all" */
} build_options;

/* $WEGWIJS_AUDIO_CACHE, else $XDG_CACHE_HOME/wegwijs/speech, else ~/.cache/wegwijs/speech
 * (static storage). */
const char *build_default_audio_cache(void);

/* Writes the pack to out (via out.tmp + rename) and validates it with pack_open.
 * Problems go into r; returns 0, or -1 with err set (r may hold the details). */
int build_pack(const content *c, const build_options *options, const char *out, report *r,
               char *err, size_t errlen);

/* Reads a researcher public key file: 64 hex digits on the first non-comment line
 * (the researcher.pk written by `wegwijs-collect keygen`). out gets 65 bytes. */
int build_read_researcher_key(const char *path, char out[65], char *err, size_t errlen);
#endif
