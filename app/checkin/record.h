/* record.h — one anonymous check-in record: the plaintext text format (BUNDLE.md §2),
 * sealing it to the researchers' key and opening it again on the research side. */
#ifndef WEGWIJS_RECORD_H
#define WEGWIJS_RECORD_H
#include <stddef.h>  /* size_t */

enum {
  RECORD_VERSION = 1,
  RECORD_MAX_ANSWERS = 16,      /* questions per record */
  RECORD_MAX_CHOICES = 16,      /* codes per multiple-choice answer */
  RECORD_NAME_MAX = 32,         /* ids, codes and the site code: at most 31 bytes */
  RECORD_PADDED = 512,          /* plaintext is padded to this (or a multiple of 256) */
  RECORD_TEXT_MAX = 4096,       /* longest padded plaintext */
  RECORD_SEALED_MAX = RECORD_TEXT_MAX + 48,   /* + crypto_box_SEALBYTES */
  RECORD_KEY_ID_BYTES = 8
};

enum { RECORD_FLAG_RAPID = 1 };   /* began < 10 s after the previous check-in was saved */

typedef struct {
  char question[RECORD_NAME_MAX];               /* question id, e.g. "mood" */
  char choices[RECORD_MAX_CHOICES][RECORD_NAME_MAX];   /* answer codes */
  int choice_count;                             /* >= 1 */
} record_answer;

typedef struct {
  unsigned char id[16];          /* 128 random bits */
  char site[RECORD_NAME_MAX];    /* site code from the kiosk config */
  char day[11];                  /* YYYY-MM-DD local */
  int daypart;                   /* 0..3: 00-06, 06-12, 12-18, 18-24 */
  int questionnaire_version;
  int pack_version;
  int flags;                     /* RECORD_FLAG_* */
  record_answer answers[RECORD_MAX_ANSWERS];   /* answered questions only, in order */
  int answer_count;
} record;

/* Writes r as padded record text into out (capacity cap >= RECORD_TEXT_MAX is always
 * enough). Returns the padded length, or -1 with err set when a field is out of range
 * or has characters outside its alphabet. */
int record_encode(const record *r, char *out, size_t cap, char *err, size_t errlen);

/* Parses padded record text strictly (BUNDLE.md §2). Returns 0, or -1 with err set;
 * r is fully overwritten either way. */
int record_parse(const char *text, size_t len, record *r, char *err, size_t errlen);

/* Encodes and seals r to researcher_pk (crypto_box_seal). Writes the sealed bytes to
 * sealed (capacity >= RECORD_SEALED_MAX) and returns their length, or -1 with err set.
 * The plaintext is wiped from memory before returning. */
int record_seal(const record *r, const unsigned char researcher_pk[32],
                unsigned char *sealed, size_t cap, char *err, size_t errlen);

/* Research side: opens a sealed record with the researchers' key pair and parses it.
 * Returns 0, or -1 with err set (wrong key, tampered bytes or bad text). */
int record_open(const unsigned char *sealed, size_t len, const unsigned char researcher_pk[32],
                const unsigned char researcher_sk[32], record *r, char *err, size_t errlen);

/* key_id = first 8 bytes of BLAKE2b-256(researcher_pk). */
void record_key_id(const unsigned char researcher_pk[32], unsigned char key_id[RECORD_KEY_ID_BYTES]);

/* Day and part of day (0..3) of a wall-clock time in local time. day gets 11 bytes. */
void record_day_of(long long unix_seconds, char day[11], int *daypart);

/* Writes 2*n lower-case hex digits plus NUL into out (capacity 2n+1). */
void record_hex(const unsigned char *bytes, size_t n, char *out);
/* Parses exactly 2*n hex digits. 0 or -1. */
int record_unhex(const char *hex, unsigned char *bytes, size_t n);
#endif
