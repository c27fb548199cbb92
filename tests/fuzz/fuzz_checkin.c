/* fuzz_checkin.c — libFuzzer target for the check-in parsers a collector or kiosk
 * runs on untrusted files: bundles, receipts, record text and kiosk status records
 * (which the collector also takes from an HTTP header). The first byte picks the
 * parser; modes 3, 4 and 6 re-hash and re-sign the input with a fixed key so the
 * fuzzer reaches the layout checks behind the signature. */
#include "checkin/bundle.h"
#include "checkin/receipt.h"
#include "checkin/record.h"
#include "checkin/status.h"
#include "util/util.h"
#include <sodium.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char fuzz_pk[32], fuzz_sk[64];

static void fuzz_keys(void) {
  static int ready;
  if (ready) return;
  expect(sodium_init() >= 0);
  unsigned char seed[32];
  memset(seed, 0x42, sizeof seed);
  crypto_sign_seed_keypair(fuzz_pk, fuzz_sk, seed);
  ready = 1;
}

/* Appends magic, hash and a valid signature to body, like a real signer would. */
static unsigned char *fuzz_sign(const uint8_t *body, size_t len, const char *magic, const char *context,
                                size_t pk_offset, size_t *out_len) {
  unsigned char *b = util_malloc(len + 100);
  memcpy(b, body, len);
  if (len >= pk_offset + 32) memcpy(b + pk_offset, fuzz_pk, 32);
  memcpy(b + len, magic, 4);
  unsigned char h[32], msg[64];
  size_t clen = strlen(context);
  crypto_generichash(h, 32, b, len + 4, NULL, 0);
  memcpy(b + len + 4, h, 32);
  memcpy(msg, context, clen);
  memcpy(msg + clen, h, 32);
  crypto_sign_detached(b + len + 36, NULL, msg, clen + 32, fuzz_sk);
  *out_len = len + 100;
  return b;
}

/* Mode 5: the bytes as a status record. Mode 6: the bytes as its fields, between a
 * header naming the fuzz key and a valid signature line, as a kiosk would sign them.
 * Whatever parses must build and parse again to the same fields. */
static void fuzz_status(const uint8_t *data, size_t size, int sign) {
  char err[256], text[KSTATUS_MAX_BYTES + 256];
  size_t len = size;
  const char *in = (const char *)data;
  if (sign) {
    if (size > KSTATUS_MAX_BYTES) return;
    char hex[65], sig_hex[129];
    sodium_bin2hex(hex, sizeof hex, fuzz_pk, 32);
    int n = snprintf(text, sizeof text, "wegwijs-status=1\nkiosk=%s\n", hex);
    memcpy(text + n, data, size);
    size_t body = (size_t)n + size;
    unsigned char msg[sizeof text + 32], sig[64];
    memcpy(msg, "wegwijs-status-v1", 17);
    memcpy(msg + 17, text, body);
    crypto_sign_detached(sig, NULL, msg, 17 + body, fuzz_sk);
    sodium_bin2hex(sig_hex, sizeof sig_hex, sig, 64);
    if (body + 4 + 128 + 1 >= sizeof text) return;
    len = body + (size_t)snprintf(text + body, sizeof text - body, "sig=%s\n", sig_hex);
    in = text;
  }
  kstatus s, again;
  if (kstatus_parse(in, len, &s, err, sizeof err) != 0) return;
  if (memcmp(s.kiosk_pk, fuzz_pk, 32)) return;   /* signed by another key: nothing to rebuild */
  size_t blen;
  char *built = kstatus_build(&s, fuzz_sk, &blen);
  expect(kstatus_parse(built, blen, &again, err, sizeof err) == 0);
  expect(!memcmp(&s, &again, sizeof s));
  free(built);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_keys();
  if (size < 1) return 0;
  int mode = data[0] % 7;
  data++;
  size--;
  char err[256];
  if (mode == 0 || mode == 3) {
    size_t len = size;
    unsigned char *b = mode == 3 ? fuzz_sign(data, size, "WWBE", "wegwijs-bundle-v1", 8, &len) : NULL;
    bundle_info info;
    if (bundle_parse(b ? b : data, len, &info, err, sizeof err) == 0) {
      size_t total = 0;
      for (size_t i = 0; i < info.count; i++) total += info.entries[i].sealed_len + info.entries[i].sealed[0];
      expect(info.count <= BUNDLE_MAX_RECORDS && total < len * 256);
      bundle_info_free(&info);
    }
    free(b);
  } else if (mode == 1 || mode == 4) {
    size_t len = size;
    unsigned char *b = mode == 4 ? fuzz_sign(data, size, "WWRE", "wegwijs-receipt-v1", 8, &len) : NULL;
    receipt r;
    if (receipt_parse(b ? b : data, len, &r, err, sizeof err) == 0) {
      for (size_t i = 0; i < r.range_count; i++) expect(r.ranges[i].first_seq <= r.ranges[i].last_seq);
      receipt_free(&r);
    }
    free(b);
  } else if (mode == 5 || mode == 6) {
    fuzz_status(data, size, mode == 6);
  } else {
    record rec;
    if (record_parse((const char *)data, size, &rec, err, sizeof err) == 0) {
      /* Whatever parses must encode again and parse to the same thing. */
      char text[RECORD_TEXT_MAX];
      int n = record_encode(&rec, text, sizeof text, err, sizeof err);
      expect(n > 0);
      record again;
      expect(record_parse(text, (size_t)n, &again, err, sizeof err) == 0);
      expect(!memcmp(&rec, &again, sizeof rec));
    }
  }
  return 0;
}
