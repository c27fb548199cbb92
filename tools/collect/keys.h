/* keys.h — the research side's keys (BUNDLE.md §1): the researchers' X25519 pair that
 * opens sealed records, and the collector's Ed25519 pair that signs receipts. Stored as
 * one line of lower-case hex per file in a key folder; secret files are mode 0600. */
#ifndef WEGWIJS_COLLECT_KEYS_H
#define WEGWIJS_COLLECT_KEYS_H
#include <stddef.h>  /* size_t */

/* File names inside the key folder. */
#define KEYS_RESEARCH_PK "researcher.pk"    /* 32 bytes: researcher_pk in pack.meta */
#define KEYS_RESEARCH_SK "researcher.sk"    /* 32 bytes: never leaves the research enclave */
#define KEYS_COLLECTOR_PK "collector.pk"    /* 32 bytes: collector_key in kiosk.conf */
#define KEYS_COLLECTOR_SK "collector.sk"    /* 64 bytes (libsodium Ed25519 secret key) */

typedef struct {
  unsigned char research_pk[32], research_sk[32];
  unsigned char collector_pk[32], collector_sk[64];
  int has_research_pk;          /* researcher.pk loaded (public: names the sealing key) */
  int has_research;             /* the pair, secret half included (opens records) */
  int has_collector;
} keys;

/* What keys_load needs of the researcher pair. */
enum {
  KEYS_RESEARCH_OPTIONAL = 0,   /* load what is there */
  KEYS_RESEARCH_SECRET = 1,     /* the pair, secret included: required */
  KEYS_RESEARCH_PUBLIC = 2      /* researcher.pk required; researcher.sk is never read
                                 * (the internet-facing server runs this way) */
};

/* Makes both key pairs in dir (created 0700 if missing). Refuses to overwrite existing
 * key files. Returns 0, or -1 with err set and no partial key set left behind. */
int keys_generate(const char *dir, char *err, size_t errlen);

/* Loads what dir holds. need_research (KEYS_RESEARCH_*) / need_collector: fail when
 * that key is missing.
 * Refuses secret files readable by group or others, bad hex, and pairs whose halves do
 * not match. Returns 0, or -1 with err set. Wipe with keys_wipe. */
int keys_load(const char *dir, int need_research, int need_collector, keys *k,
              char *err, size_t errlen);
void keys_wipe(keys *k);
#endif
