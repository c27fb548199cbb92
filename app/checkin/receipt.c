/* receipt.c — create and verify signed receipts (BUNDLE.md §4). */
#include "checkin/receipt.h"
#include "checkin/wire.h"
#include "util/util.h"
#include <sodium.h>   /* sodium_init */
#include <string.h>   /* memcpy, memcmp */

static const char receipt_context[] = "wegwijs-receipt-v1";

void receipt_content_init(receipt_content *c) {
  expect(sodium_init() >= 0);
  crypto_generichash_init(c, NULL, 0, 32);
}

void receipt_content_add(receipt_content *c, const unsigned char *sealed, size_t len) {
  unsigned char n[4];
  wire_put_u32(n, (uint32_t)len);
  crypto_generichash_update(c, n, 4);
  crypto_generichash_update(c, sealed, len);
}

void receipt_content_final(receipt_content *c, unsigned char out[32]) {
  crypto_generichash_final(c, out, 32);
}

int receipt_create(const receipt *r, const unsigned char collector_sk[64],
                   unsigned char **out, size_t *out_len, char *err, size_t errlen) {
  expect(sodium_init() >= 0);
  *out = NULL;
  *out_len = 0;
  if (r->range_count > RECEIPT_MAX_RANGES) return util_error(err, errlen, "receipt: too many ranges (%zu)", r->range_count);
  if (!wire_day_ok(r->created_day)) return util_error(err, errlen, "receipt: bad day '%s'", r->created_day);
  for (size_t i = 0; i < r->range_count; i++)
    if (r->ranges[i].first_seq > r->ranges[i].last_seq)
      return util_error(err, errlen, "receipt: range %zu is backwards", i);
  size_t total = RECEIPT_HEADER_BYTES + RECEIPT_RANGE_BYTES * r->range_count + RECEIPT_TRAILER_BYTES;
  unsigned char *b = util_malloc(total), *p = b;
  memcpy(p, "WWR1", 4);
  wire_put_u16(p + 4, RECEIPT_VERSION);
  wire_put_u16(p + 6, 0);
  memcpy(p + 8, collector_sk + 32, 32);
  memcpy(p + 40, r->kiosk_pk, 32);
  memcpy(p + 72, r->bundle_hash, 32);
  memcpy(p + 104, r->created_day, 10);
  wire_put_u32(p + 114, r->count_new);
  wire_put_u32(p + 118, r->count_duplicate);
  wire_put_u32(p + 122, r->count_conflict);
  wire_put_u32(p + 126, r->count_rejected);
  wire_put_u32(p + 130, (uint32_t)r->range_count);
  p += RECEIPT_HEADER_BYTES;
  for (size_t i = 0; i < r->range_count; i++, p += RECEIPT_RANGE_BYTES) {
    wire_put_u64(p, r->ranges[i].epoch);
    wire_put_u64(p + 8, r->ranges[i].first_seq);
    wire_put_u64(p + 16, r->ranges[i].last_seq);
    memcpy(p + 24, r->ranges[i].content, 32);
  }
  memcpy(p, "WWRE", 4);
  p += 4;
  wire_sign_trailer(b, (size_t)(p - b), receipt_context, collector_sk, NULL);
  expect((size_t)(p + WIRE_TRAILER_SIGNED_BYTES - b) == total);
  *out = b;
  *out_len = total;
  return 0;
}

int receipt_parse(const unsigned char *data, size_t len, receipt *r, char *err, size_t errlen) {
  expect(sodium_init() >= 0);
  memset(r, 0, sizeof *r);
  if (len < RECEIPT_HEADER_BYTES + RECEIPT_TRAILER_BYTES)
    return util_error(err, errlen, "receipt: too short (%zu bytes): truncated or not a receipt", len);
  if (memcmp(data, "WWR1", 4)) return util_error(err, errlen, "receipt: not a Wegwijs receipt (bad magic)");
  unsigned version = wire_u16(data + 4);
  if (version != RECEIPT_VERSION)
    return util_error(err, errlen, "receipt: version %u, this kiosk reads version %d (%s)", version, RECEIPT_VERSION,
                      version < RECEIPT_VERSION ? "update the collector: older receipts do not confirm content" : "update the kiosk");
  if (wire_u16(data + 6) != 0) return util_error(err, errlen, "receipt: unknown flags");
  uint32_t n = wire_u32(data + 130);
  if (n > RECEIPT_MAX_RANGES) return util_error(err, errlen, "receipt: %u ranges, limit %d", (unsigned)n, RECEIPT_MAX_RANGES);
  if (len != RECEIPT_HEADER_BYTES + RECEIPT_RANGE_BYTES * (size_t)n + RECEIPT_TRAILER_BYTES)
    return util_error(err, errlen, "receipt: length %zu does not match %u ranges (truncated?)", len, (unsigned)n);
  char day[11];
  memcpy(day, data + 104, 10);
  day[10] = 0;
  if (!wire_day_ok(day)) return util_error(err, errlen, "receipt: bad created day");
  size_t end = len - RECEIPT_TRAILER_BYTES;
  if (memcmp(data + end, "WWRE", 4)) return util_error(err, errlen, "receipt: bad trailer");
  unsigned char h[32];
  int verdict = wire_verify_trailer(data, end + 4, receipt_context, data + 8, h);
  if (verdict == -1) return util_error(err, errlen, "receipt: hash mismatch (damaged file)");
  if (verdict != 0) return util_error(err, errlen, "receipt: signature does not verify");
  const unsigned char *p = data + RECEIPT_HEADER_BYTES;
  for (uint32_t i = 0; i < n; i++)
    if (wire_u64(p + RECEIPT_RANGE_BYTES * i + 8) > wire_u64(p + RECEIPT_RANGE_BYTES * i + 16))
      return util_error(err, errlen, "receipt: range %u is backwards", (unsigned)i);
  r->version = (int)version;
  memcpy(r->collector_pk, data + 8, 32);
  memcpy(r->kiosk_pk, data + 40, 32);
  memcpy(r->bundle_hash, data + 72, 32);
  memcpy(r->created_day, day, 11);
  r->count_new = wire_u32(data + 114);
  r->count_duplicate = wire_u32(data + 118);
  r->count_conflict = wire_u32(data + 122);
  r->count_rejected = wire_u32(data + 126);
  r->ranges = util_calloc(n ? n : 1, sizeof *r->ranges);
  r->range_count = n;
  for (uint32_t i = 0; i < n; i++, p += RECEIPT_RANGE_BYTES) {
    r->ranges[i].epoch = wire_u64(p);
    r->ranges[i].first_seq = wire_u64(p + 8);
    r->ranges[i].last_seq = wire_u64(p + 16);
    memcpy(r->ranges[i].content, p + 24, 32);
  }
  memcpy(r->hash, h, 32);
  return 0;
}

int receipt_check_trust(const receipt *r, const unsigned char (*trusted)[32], size_t trusted_count,
                        const unsigned char kiosk_pk[32], char *err, size_t errlen) {
  int known = 0;
  for (size_t i = 0; i < trusted_count; i++)
    if (!memcmp(trusted[i], r->collector_pk, 32)) known = 1;
  if (!trusted_count) return util_error(err, errlen, "receipt: no collector key configured (collector_key: in the kiosk config)");
  if (!known) return util_error(err, errlen, "receipt: signed by a collector key this kiosk does not trust");
  if (memcmp(r->kiosk_pk, kiosk_pk, 32)) return util_error(err, errlen, "receipt: made for another kiosk");
  return 0;
}

void receipt_free(receipt *r) {
  free(r->ranges);
  r->ranges = NULL;
  r->range_count = 0;
}
