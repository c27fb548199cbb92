/* status.c — the signed kiosk status record: build and parse (status.h, BUNDLE.md §7); filling it from the state folder is status_collect.c. */
#include "checkin/status.h"
#include "checkin/record.h"      /* record_hex, record_day_of */
#include "util/util.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KSTATUS_CONTEXT "wegwijs-status-v1"   /* signed before the text: no cross-use */

void kstatus_add_error(kstatus *s, const char *code) {
  size_t n = strlen(s->errors);
  if (n + 1 + strlen(code) >= sizeof s->errors) return;   /* never half a code */
  snprintf(s->errors + n, sizeof s->errors - n, "%s%s", n ? "," : "", code);
}

char *kstatus_build(const kstatus *s, const unsigned char kiosk_sk[64], size_t *len) {
  char *text = util_malloc(KSTATUS_MAX_BYTES), kid[65];
  record_hex(s->kiosk_pk, 32, kid);
  int n = snprintf(text, KSTATUS_MAX_BYTES,
                   "wegwijs-status=%d\nkiosk=%s\nday=%s\napp=%s\npack=%s\npack_version=%d\nvalid_until=%s\n"
                   "pending=%ld\ndisk_free_mb=%lld\nuptime_h=%lld\nerrors=%s\n",
                   KSTATUS_VERSION, kid, s->day, s->app, s->pack, s->pack_version, s->valid_until,
                   s->pending, s->disk_free_mb, s->uptime_h, s->errors);
  if (s->search_gaps >= 0) n += snprintf(text + n, KSTATUS_MAX_BYTES - (size_t)n, "x.search_gaps=%ld\n", s->search_gaps);
  expect(n > 0 && n + 4 + 129 < KSTATUS_MAX_BYTES);
  unsigned char msg[KSTATUS_MAX_BYTES + sizeof KSTATUS_CONTEXT], sig[64];
  memcpy(msg, KSTATUS_CONTEXT, sizeof KSTATUS_CONTEXT - 1);
  memcpy(msg + sizeof KSTATUS_CONTEXT - 1, text, (size_t)n);
  crypto_sign_detached(sig, NULL, msg, sizeof KSTATUS_CONTEXT - 1 + (size_t)n, kiosk_sk);
  char hex[129];
  record_hex(sig, 64, hex);
  n += snprintf(text + n, KSTATUS_MAX_BYTES - (size_t)n, "sig=%s\n", hex);
  *len = (size_t)n;
  return text;
}

/* ---- parsing -------------------------------------------------------------------- */

typedef struct { const char *p, *end; } kstatus_cursor;

/* The next line "key=value": *value points to it, *vlen its length. 0, or -1 when the
 * next line is not this key. */
static int kstatus_take(kstatus_cursor *c, const char *key, const char **value, size_t *vlen) {
  size_t k = strlen(key);
  const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
  if (!nl || (size_t)(nl - c->p) < k + 1 || memcmp(c->p, key, k) || c->p[k] != '=') return -1;
  *value = c->p + k + 1;
  *vlen = (size_t)(nl - *value);
  c->p = nl + 1;
  return 0;
}

static int kstatus_chars(const char *v, size_t n, size_t cap, const char *allowed) {
  if (n >= cap) return -1;
  for (size_t i = 0; i < n; i++) if (!v[i] || !strchr(allowed, v[i])) return -1;
  return 0;
}

static int kstatus_number(const char *v, size_t n, long long min, long long *out) {
  char buf[24], *end;
  if (n == 0 || n >= sizeof buf) return -1;
  memcpy(buf, v, n);
  buf[n] = 0;
  *out = strtoll(buf, &end, 10);
  return *end || *out < min ? -1 : 0;
}

#define KSTATUS_DIGITS "0123456789"
#define KSTATUS_NAME "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"

/* One field: its key, charset (or NULL: a number >= min) and where it goes. */
static int kstatus_field(kstatus_cursor *c, const char *key, const char *allowed, char *dst, size_t cap,
                         long long min, long long *num) {
  const char *v;
  size_t n;
  if (kstatus_take(c, key, &v, &n)) return -1;
  if (!allowed) return kstatus_number(v, n, min, num);
  if (kstatus_chars(v, n, cap, allowed)) return -1;
  memcpy(dst, v, n);
  dst[n] = 0;
  return 0;
}

int kstatus_parse(const char *data, size_t len, kstatus *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  if (len > KSTATUS_MAX_BYTES) return util_error(err, errlen, "status record larger than %d bytes", KSTATUS_MAX_BYTES);
  kstatus_cursor c = { data, data + len };
  const char *v;
  size_t n;
  char kid[65];
  long long version, pv, pending;
  if (kstatus_field(&c, "wegwijs-status", NULL, NULL, 0, 1, &version) || version != KSTATUS_VERSION)
    return util_error(err, errlen, "not a status record of version %d", KSTATUS_VERSION);
  if (kstatus_field(&c, "kiosk", "0123456789abcdef", kid, sizeof kid, 0, NULL) || strlen(kid) != 64 ||
      sodium_hex2bin(out->kiosk_pk, 32, kid, 64, NULL, NULL, NULL) != 0 ||
      kstatus_field(&c, "day", KSTATUS_DIGITS "-", out->day, sizeof out->day, 0, NULL) || strlen(out->day) != 10 ||
      kstatus_field(&c, "app", KSTATUS_NAME "+~", out->app, sizeof out->app, 0, NULL) ||
      kstatus_field(&c, "pack", KSTATUS_NAME, out->pack, sizeof out->pack, 0, NULL) ||
      kstatus_field(&c, "pack_version", NULL, NULL, 0, 0, &pv) || pv > 1000000000 ||
      kstatus_field(&c, "valid_until", KSTATUS_DIGITS "-", out->valid_until, sizeof out->valid_until, 0, NULL) ||
      kstatus_field(&c, "pending", NULL, NULL, 0, 0, &pending) ||
      kstatus_field(&c, "disk_free_mb", NULL, NULL, 0, -1, &out->disk_free_mb) ||
      kstatus_field(&c, "uptime_h", NULL, NULL, 0, -1, &out->uptime_h) ||
      kstatus_field(&c, "errors", "abcdefghijklmnopqrstuvwxyz_,", out->errors, sizeof out->errors, 0, NULL))
    return util_error(err, errlen, "status record: a field is missing, out of order or malformed");
  out->pack_version = (int)pv;
  out->pending = (long)pending;
  out->search_gaps = -1;
  long long gaps;
  if (c.p + 14 < c.end && !memcmp(c.p, "x.search_gaps=", 14)) {
    if (kstatus_field(&c, "x.search_gaps", NULL, NULL, 0, 0, &gaps) || gaps > 1000000)
      return util_error(err, errlen, "status record: x.search_gaps is malformed");
    out->search_gaps = (long)gaps;
  }
  while (c.p + 2 < c.end && !memcmp(c.p, "x.", 2)) {   /* later versions' additions */
    const char *nl = memchr(c.p, '\n', (size_t)(c.end - c.p));
    if (!nl) break;
    c.p = nl + 1;
  }
  size_t signed_len = (size_t)(c.p - data);
  unsigned char sig[64], msg[KSTATUS_MAX_BYTES + sizeof KSTATUS_CONTEXT];
  if (kstatus_take(&c, "sig", &v, &n) || n != 128 || c.p != c.end ||
      sodium_hex2bin(sig, 64, v, 128, NULL, NULL, NULL) != 0)
    return util_error(err, errlen, "status record: no signature at its end");
  memcpy(msg, KSTATUS_CONTEXT, sizeof KSTATUS_CONTEXT - 1);
  memcpy(msg + sizeof KSTATUS_CONTEXT - 1, data, signed_len);
  if (crypto_sign_verify_detached(sig, msg, sizeof KSTATUS_CONTEXT - 1 + signed_len, out->kiosk_pk) != 0)
    return util_error(err, errlen, "status record: the signature does not match its kiosk key");
  return 0;
}

/* ---- next to a bundle ----------------------------------------------------------- */

int kstatus_path_for(const char *bundle_path, char *out, size_t outlen) {
  size_t n = strlen(bundle_path);
  if (n < 4 || strcmp(bundle_path + n - 4, ".wwb") || n + 1 > outlen) return -1;
  memcpy(out, bundle_path, n - 4);
  memcpy(out + n - 4, ".wws", 5);
  return 0;
}
