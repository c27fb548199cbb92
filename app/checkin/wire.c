/* wire.c — the one signed trailer of bundles and receipts (BUNDLE.md §3, §4). */
#include "checkin/wire.h"
#include <sodium.h>   /* crypto_sign_detached, crypto_generichash */
#include "util/util.h"

enum { WIRE_CONTEXT_MAX = 32 };

/* The signed message: context string followed by the 32-byte hash. Returns its length. */
static size_t wire_signed_message(const char *context, const unsigned char hash[32], unsigned char *msg) {
  size_t n = strlen(context);
  expect(n <= WIRE_CONTEXT_MAX);
  memcpy(msg, context, n);
  memcpy(msg + n, hash, 32);
  return n + 32;
}

void wire_sign_trailer(unsigned char *body, size_t body_len, const char *context,
                       const unsigned char sk[64], unsigned char hash_out[32]) {
  expect(sodium_init() >= 0);
  unsigned char h[32], msg[WIRE_CONTEXT_MAX + 32];
  crypto_generichash(h, 32, body, body_len, NULL, 0);
  memcpy(body + body_len, h, 32);
  size_t n = wire_signed_message(context, h, msg);
  crypto_sign_detached(body + body_len + 32, NULL, msg, n, sk);
  if (hash_out) memcpy(hash_out, h, 32);
}

int wire_verify_trailer(const unsigned char *data, size_t body_len, const char *context,
                        const unsigned char pk[32], unsigned char hash_out[32]) {
  expect(sodium_init() >= 0);
  unsigned char h[32], msg[WIRE_CONTEXT_MAX + 32];
  crypto_generichash(h, 32, data, body_len, NULL, 0);
  if (sodium_memcmp(h, data + body_len, 32)) return -1;
  size_t n = wire_signed_message(context, h, msg);
  if (crypto_sign_verify_detached(data + body_len + 32, msg, n, pk) != 0) return -2;
  if (hash_out) memcpy(hash_out, h, 32);
  return 0;
}
