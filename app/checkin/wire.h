/* wire.h — what the bundle, receipt and record formats (BUNDLE.md) share: big-endian
 * integers and the YYYY-MM-DD day (inline), and the one signed trailer (wire.c). */
#ifndef WEGWIJS_WIRE_H
#define WEGWIJS_WIRE_H
#include <stddef.h>   /* size_t */
#include <stdint.h>   /* uint32_t, uint64_t */
#include <string.h>   /* strlen */

static inline void wire_put_u16(unsigned char *p, unsigned v) { p[0] = (unsigned char)(v >> 8); p[1] = (unsigned char)v; }
static inline void wire_put_u32(unsigned char *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (24 - 8 * i)); }
static inline void wire_put_u64(unsigned char *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (56 - 8 * i)); }
static inline unsigned wire_u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static inline uint32_t wire_u32(const unsigned char *p) { uint32_t v = 0; for (int i = 0; i < 4; i++) v = v << 8 | p[i]; return v; }
static inline uint64_t wire_u64(const unsigned char *p) { uint64_t v = 0; for (int i = 0; i < 8; i++) v = v << 8 | p[i]; return v; }

/* 1 if d has the shape YYYY-MM-DD (digits and two dashes), the only date a record holds. */
static inline int wire_day_ok(const char *d) {
  if (strlen(d) != 10) return 0;
  for (int i = 0; i < 10; i++)
    if ((i == 4 || i == 7) ? d[i] != '-' : (d[i] < '0' || d[i] > '9')) return 0;
  return 1;
}

/* The signed trailer that ends a bundle and a receipt: BLAKE2b-256 of body[0..body_len)
 * followed by the Ed25519 signature (by the secret key sk) over context ‖ hash.
 * wire_sign_trailer writes those 96 bytes at body + body_len; the caller allocated
 * them. hash_out (may be NULL) receives the hash. context is at most 32 bytes. */
enum { WIRE_TRAILER_SIGNED_BYTES = 96 };
void wire_sign_trailer(unsigned char *body, size_t body_len, const char *context,
                       const unsigned char sk[64], unsigned char hash_out[32]);
/* Checks the trailer at data + body_len against body[0..body_len) and the public key
 * pk. Returns 0 (hash_out filled when not NULL), -1 when the hash does not match (a
 * damaged file), -2 when the signature does not verify. */
int wire_verify_trailer(const unsigned char *data, size_t body_len, const char *context,
                        const unsigned char pk[32], unsigned char hash_out[32]);
#endif
