/* bundle.h — export bundles (BUNDLE.md §3): the kiosk builds and signs them, the
 * collector parses and verifies them. Pure byte buffers; no files, no SQLite. */
#ifndef WEGWIJS_BUNDLE_H
#define WEGWIJS_BUNDLE_H
#include <stddef.h>  /* size_t */
#include <stdint.h>  /* uint64_t */

enum {
  BUNDLE_VERSION = 1,
  BUNDLE_MAX_RECORDS = 100000,       /* parser limit */
  BUNDLE_EXPORT_RECORDS = 20000,     /* the kiosk puts at most this many in one bundle */
  BUNDLE_HEADER_BYTES = 70,
  BUNDLE_TRAILER_BYTES = 100,
  BUNDLE_ENTRY_OVERHEAD = 26         /* epoch + seq + key_id + length */
};
#define BUNDLE_MAX_BYTES ((size_t)64 << 20)

typedef struct {
  uint64_t epoch, seq;
  unsigned char key_id[8];
  const unsigned char *sealed;       /* not owned: points into the caller's buffer */
  size_t sealed_len;
} bundle_entry;

typedef struct {
  int version;
  unsigned char kiosk_pk[32];        /* the signer; the kiosk id */
  unsigned char bundle_id[16];
  char created_day[11];
  unsigned char hash[32];            /* the bundle hash (names it in receipts) */
  bundle_entry *entries;             /* owned (free with bundle_info_free); sealed
                                      * pointers point into the parsed buffer */
  size_t count;
} bundle_info;

/* Kiosk side: builds a signed bundle of count entries (count <= BUNDLE_MAX_RECORDS),
 * dated created_day (YYYY-MM-DD), signed with the 64-byte libsodium Ed25519 secret key.
 * On success returns 0, *out is a malloc'd buffer of *out_len bytes (caller frees) and
 * hash (if not NULL) gets the bundle hash. On failure -1 with err set, *out NULL. */
int bundle_build(const unsigned char kiosk_sk[64], const char *created_day,
                 const bundle_entry *entries, size_t count,
                 unsigned char **out, size_t *out_len, unsigned char hash[32],
                 char *err, size_t errlen);

/* Collector side (and the kiosk's read-back): parses and fully verifies a bundle —
 * layout, limits, hash and the Ed25519 signature by the embedded kiosk_pk. Whether
 * that kiosk is trusted is the caller's decision. Returns 0 and fills *info (entries
 * point into data, which must outlive info), or -1 with err set and *info empty. */
int bundle_parse(const unsigned char *data, size_t len, bundle_info *info,
                 char *err, size_t errlen);
void bundle_info_free(bundle_info *info);
#endif
