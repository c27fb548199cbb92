/* pack.h — opening a content pack (one SQLite file) read-only and hardened, validating
 * its schema, limits, names and UTF-8 before anything reads it, and reading its
 * metadata, pictograms and audio. Whether a pack is trusted is decided elsewhere
 * (install.h verifies the signature first); this module never trusts the file: no
 * triggers or views run, no name from the pack reaches the file system.
 * The table layout is documented in app/pack/SCHEMA.md. */
#ifndef WEGWIJS_PACK_H
#define WEGWIJS_PACK_H
#include <stddef.h>     /* size_t */
#include <sqlite3.h>

enum {
  PACK_FORMAT = 1,                        /* meta "format"; bumped on incompatible changes */
  PACK_MAX_FILE_BYTES = 256 << 20,        /* whole pack */
  PACK_MAX_TEXT_BYTES = 16384,            /* one string */
  PACK_MAX_SPANS = 256,                   /* inline spans in one string */
  PACK_MAX_PNG_BYTES = 1 << 20,           /* one pictogram PNG */
  PACK_MAX_PICTOGRAM_PX = 1024,           /* widest/tallest pictogram raster */
  PACK_MAX_AUDIO_BYTES = 8 << 20,         /* one audio clip */
  PACK_MAX_NAME = 63,                     /* ids, pictogram names, string keys */
  PACK_MAX_SHORT_ID = 31                  /* contact and question ids, answer codes (site.h fields) */
};

/* The pictogram sizes the builder rasterizes (px, square). */
#define PACK_PICTOGRAM_SIZES { 96, 192, 384 }

/* Strings table status values. */
enum { PACK_STRING_TRANSLATED = 0, PACK_STRING_FUZZY = 1, PACK_STRING_MISSING = 2,
       PACK_STRING_SOURCE = 3 };

typedef struct pack pack;

/* Opens path read-only (immutable, no mmap, trusted_schema off, triggers and views
 * disabled, cell_size_check on), runs quick_check, and validates schema, row counts,
 * value types and sizes, names, UTF-8 and references. Returns NULL with one sentence
 * in err on any problem. */
pack *pack_open(const char *path, char *err, size_t errlen);
void pack_close(pack *p);

/* The validated connection, for readers in app/pack and tools (read-only). */
sqlite3 *pack_db(const pack *p);
/* A metadata value, or NULL when absent. Owned by the pack. */
const char *pack_meta(const pack *p, const char *key);
const char *pack_name(const pack *p);
int pack_version(const pack *p);
const char *pack_path(const pack *p);

/* The CREATE statements of the current format, for the builder (one string with
 * several statements; run with sqlite3_exec). */
const char *pack_schema_sql(void);

/* 1 if s (len bytes) is strictly valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int pack_utf8_valid(const char *s, size_t len);
/* 1 if s is a safe name: [a-z0-9][a-z0-9_-]* up to PACK_MAX_NAME bytes (no dots, no
 * slashes, so it can never become a path). */
int pack_name_valid(const char *s);
/* 1 if s looks like a language code: 2-3 lower-case letters, optional -Subtag. */
int pack_lang_valid(const char *s);

/* Decodes the pictogram `name` at size_px (exact size if stored, else the nearest
 * larger, else the largest) into malloc'd RGBA (straight alpha, rows packed); sets
 * *width, *height. Returns NULL with err set when unknown or undecodable. */
unsigned char *pack_pictogram(pack *p, const char *name, int size_px, int *width, int *height,
                              char *err, size_t errlen);

/* An audio clip's bytes (malloc'd, caller frees) and its format ("opus"). NULL with
 * err set when absent. */
unsigned char *pack_audio(pack *p, int audio_id, size_t *len, char format[16],
                          char *err, size_t errlen);
#endif
