/* bundle.c — build and verify export bundles (BUNDLE.md §3). */
#include "checkin/bundle.h"
#include "checkin/record.h"
#include "checkin/wire.h"
#include "util/util.h"
#include <sodium.h>   /* sodium_init, randombytes_buf */
#include <string.h>   /* memcpy, memcmp */

static const char bundle_context[] = "wegwijs-bundle-v1";

int bundle_build(const unsigned char kiosk_sk[64], const char *created_day,
                 const bundle_entry *entries, size_t count,
                 unsigned char **out, size_t *out_len, unsigned char hash[32],
                 char *err, size_t errlen) {
  expect(sodium_init() >= 0);
  *out = NULL;
  *out_len = 0;
  if (count > BUNDLE_MAX_RECORDS) return util_error(err, errlen, "bundle: %zu records, limit %d", count, BUNDLE_MAX_RECORDS);
  if (!wire_day_ok(created_day)) return util_error(err, errlen, "bundle: bad day '%s'", created_day);
  size_t total = BUNDLE_HEADER_BYTES + BUNDLE_TRAILER_BYTES;
  for (size_t i = 0; i < count; i++) {
    if (entries[i].sealed_len <= 48 || entries[i].sealed_len > RECORD_SEALED_MAX)
      return util_error(err, errlen, "bundle: record %zu has sealed length %zu", i, entries[i].sealed_len);
    if (i > 0 && (entries[i].epoch == entries[i - 1].epoch && entries[i].seq <= entries[i - 1].seq))
      return util_error(err, errlen, "bundle: records not in seq order within epoch");
    total += BUNDLE_ENTRY_OVERHEAD + entries[i].sealed_len;
  }
  if (total > BUNDLE_MAX_BYTES) return util_error(err, errlen, "bundle: %zu bytes, limit %zu", total, BUNDLE_MAX_BYTES);
  unsigned char *b = util_malloc(total), *p = b;
  memcpy(p, "WWB1", 4);
  wire_put_u16(p + 4, BUNDLE_VERSION);
  wire_put_u16(p + 6, 0);
  memcpy(p + 8, kiosk_sk + 32, 32);   /* libsodium's secret key carries the public half */
  randombytes_buf(p + 40, 16);
  memcpy(p + 56, created_day, 10);
  wire_put_u32(p + 66, (uint32_t)count);
  p += BUNDLE_HEADER_BYTES;
  for (size_t i = 0; i < count; i++) {
    const bundle_entry *e = &entries[i];
    wire_put_u64(p, e->epoch);
    wire_put_u64(p + 8, e->seq);
    memcpy(p + 16, e->key_id, 8);
    wire_put_u16(p + 24, (unsigned)e->sealed_len);
    memcpy(p + 26, e->sealed, e->sealed_len);
    p += BUNDLE_ENTRY_OVERHEAD + e->sealed_len;
  }
  memcpy(p, "WWBE", 4);
  p += 4;
  wire_sign_trailer(b, (size_t)(p - b), bundle_context, kiosk_sk, hash);
  expect((size_t)(p + WIRE_TRAILER_SIGNED_BYTES - b) == total);
  *out = b;
  *out_len = total;
  return 0;
}

int bundle_parse(const unsigned char *data, size_t len, bundle_info *info, char *err, size_t errlen) {
  expect(sodium_init() >= 0);
  memset(info, 0, sizeof *info);
  if (len < BUNDLE_HEADER_BYTES + BUNDLE_TRAILER_BYTES)
    return util_error(err, errlen, "bundle: too short (%zu bytes): truncated or not a bundle", len);
  if (len > BUNDLE_MAX_BYTES) return util_error(err, errlen, "bundle: too large (%zu bytes)", len);
  if (memcmp(data, "WWB1", 4)) return util_error(err, errlen, "bundle: not a Wegwijs bundle (bad magic)");
  unsigned version = wire_u16(data + 4);
  if (version != BUNDLE_VERSION) return util_error(err, errlen, "bundle: unsupported version %u", version);
  if (wire_u16(data + 6) != 0) return util_error(err, errlen, "bundle: unknown flags");
  char day[11];
  memcpy(day, data + 56, 10);
  day[10] = 0;
  if (!wire_day_ok(day)) return util_error(err, errlen, "bundle: bad created day");
  uint32_t count = wire_u32(data + 66);
  if (count > BUNDLE_MAX_RECORDS) return util_error(err, errlen, "bundle: record count %u too large", (unsigned)count);
  size_t end = len - BUNDLE_TRAILER_BYTES, pos = BUNDLE_HEADER_BYTES;
  bundle_entry *entries = util_calloc(count ? count : 1, sizeof *entries);
  for (uint32_t i = 0; i < count; i++) {
    if (end - pos < BUNDLE_ENTRY_OVERHEAD) { util_error(err, errlen, "bundle: truncated at record %u", (unsigned)i); goto fail; }
    bundle_entry *e = &entries[i];
    e->epoch = wire_u64(data + pos);
    e->seq = wire_u64(data + pos + 8);
    memcpy(e->key_id, data + pos + 16, 8);
    e->sealed_len = wire_u16(data + pos + 24);
    if (e->sealed_len <= 48 || e->sealed_len > RECORD_SEALED_MAX) {
      util_error(err, errlen, "bundle: record %u has bad length %zu", (unsigned)i, e->sealed_len);
      goto fail;
    }
    pos += BUNDLE_ENTRY_OVERHEAD;
    if (end - pos < e->sealed_len) { util_error(err, errlen, "bundle: truncated at record %u", (unsigned)i); goto fail; }
    e->sealed = data + pos;
    pos += e->sealed_len;
    if (i > 0 && e->epoch == entries[i - 1].epoch && e->seq <= entries[i - 1].seq) {
      util_error(err, errlen, "bundle: records out of order or repeated");
      goto fail;
    }
  }
  if (pos != end) { util_error(err, errlen, "bundle: %zu stray bytes before the trailer", end - pos); goto fail; }
  if (memcmp(data + end, "WWBE", 4)) { util_error(err, errlen, "bundle: bad trailer"); goto fail; }
  unsigned char h[32];
  int verdict = wire_verify_trailer(data, end + 4, bundle_context, data + 8, h);
  if (verdict == -1) { util_error(err, errlen, "bundle: hash mismatch (damaged file)"); goto fail; }
  if (verdict != 0) { util_error(err, errlen, "bundle: signature does not verify"); goto fail; }
  info->version = (int)version;
  memcpy(info->kiosk_pk, data + 8, 32);
  memcpy(info->bundle_id, data + 40, 16);
  memcpy(info->created_day, day, 11);
  memcpy(info->hash, h, 32);
  info->entries = entries;
  info->count = count;
  return 0;
fail:
  free(entries);
  return -1;
}

void bundle_info_free(bundle_info *info) {
  free(info->entries);
  memset(info, 0, sizeof *info);
}
