/* wire.h — byte order and field checks shared by the bundle, receipt and record formats
 * (BUNDLE.md): big-endian integers and the YYYY-MM-DD day. Header-only, no state. */
#ifndef WEGWIJS_WIRE_H
#define WEGWIJS_WIRE_H
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
#endif
