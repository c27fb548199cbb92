/* receipt.h — signed receipts (BUNDLE.md §4): the collector creates them after it has
 * durably stored a bundle's records; the kiosk verifies them and acknowledges records. */
#ifndef WEGWIJS_RECEIPT_H
#define WEGWIJS_RECEIPT_H
#include <sodium.h>  /* crypto_generichash_state */
#include <stddef.h>  /* size_t */
#include <stdint.h>  /* uint64_t, uint32_t */

enum {
  RECEIPT_VERSION = 2,          /* 2: every range names its content (issue 13) */
  RECEIPT_MAX_RANGES = 65536,
  RECEIPT_HEADER_BYTES = 134,
  RECEIPT_RANGE_BYTES = 56,
  RECEIPT_TRAILER_BYTES = 100,
  RECEIPT_MAX_BYTES = RECEIPT_HEADER_BYTES + RECEIPT_RANGE_BYTES * RECEIPT_MAX_RANGES + RECEIPT_TRAILER_BYTES
};

/* Records first_seq..last_seq (inclusive) of one epoch, and what they hold: content is
 * the receipt_content hash of their sealed bytes in seq order. */
typedef struct {
  uint64_t epoch, first_seq, last_seq;
  unsigned char content[32];
} receipt_range;

/* The content a range confirms: BLAKE2b-256 over, for each record in seq order, its
 * sealed length (u32, big-endian like all of the wire format) and its sealed bytes. The collector hashes what it
 * stored, the kiosk what it exported; a record is acknowledged only when they agree. */
typedef crypto_generichash_state receipt_content;
void receipt_content_init(receipt_content *c);
void receipt_content_add(receipt_content *c, const unsigned char *sealed, size_t len);
void receipt_content_final(receipt_content *c, unsigned char out[32]);

typedef struct {
  int version;
  unsigned char collector_pk[32];   /* filled from the secret key by receipt_create */
  unsigned char kiosk_pk[32];
  unsigned char bundle_hash[32];    /* all zero for a general receipt */
  char created_day[11];
  uint32_t count_new, count_duplicate, count_conflict, count_rejected;
  receipt_range *ranges;            /* owned by whoever filled the struct */
  size_t range_count;
  unsigned char hash[32];           /* set by receipt_create / receipt_parse */
} receipt;

/* Collector side: serializes and signs r with the collector's 64-byte Ed25519 secret
 * key (r->collector_pk is ignored and taken from the key). Ranges must have
 * first_seq <= last_seq; range_count <= RECEIPT_MAX_RANGES. Returns 0 with a malloc'd
 * *out (caller frees), or -1 with err set. */
int receipt_create(const receipt *r, const unsigned char collector_sk[64],
                   unsigned char **out, size_t *out_len, char *err, size_t errlen);

/* Kiosk side: parses a receipt and verifies its signature by the embedded collector_pk.
 * Returns 0 with *r filled (r->ranges malloc'd; free with receipt_free), or -1 with
 * err set and *r empty. Trust is checked separately with receipt_check_trust. */
int receipt_parse(const unsigned char *data, size_t len, receipt *r, char *err, size_t errlen);

/* 0 if r->collector_pk is one of the trusted keys and r->kiosk_pk equals kiosk_pk;
 * -1 with a message naming which check failed. */
int receipt_check_trust(const receipt *r, const unsigned char (*trusted)[32], size_t trusted_count,
                        const unsigned char kiosk_pk[32], char *err, size_t errlen);
void receipt_free(receipt *r);
#endif
