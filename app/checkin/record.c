/* record.c — the plaintext record text (BUNDLE.md §2), sealing and opening. */
#include "checkin/record.h"
#include "util/util.h"
#include <sodium.h>   /* crypto_box_seal, randombytes */
#include <stdio.h>    /* snprintf */
#include <string.h>   /* memcpy, strlen */
#include <time.h>     /* localtime_r */

/* ---- field alphabets ---- */

static int record_name_ok(const char *s, int allow_upper_dot) {
  size_t n = strlen(s);
  if (n == 0 || n >= RECORD_NAME_MAX) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (allow_upper_dot) ok = ok || (c >= 'A' && c <= 'Z') || c == '.';
    if (!ok) return 0;
  }
  return 1;
}

static int record_day_ok(const char *d) {
  if (strlen(d) != 10) return 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) { if (d[i] != '-') return 0; }
    else if (d[i] < '0' || d[i] > '9') return 0;
  }
  int month = (d[5] - '0') * 10 + (d[6] - '0'), mday = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && mday >= 1 && mday <= 31;
}

void record_hex(const unsigned char *bytes, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  out[2 * n] = 0;
}

static int record_hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int record_unhex(const char *hex, unsigned char *bytes, size_t n) {
  if (strlen(hex) != 2 * n) return -1;
  for (size_t i = 0; i < n; i++) {
    int hi = record_hexval(hex[2 * i]), lo = record_hexval(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return -1;
    bytes[i] = (unsigned char)(hi << 4 | lo);
  }
  return 0;
}

/* ---- encode ---- */

typedef struct { char *p; size_t cap, len; int overflow; } record_buf;

static void record_put(record_buf *b, const char *fmt, const char *s1, long long v) {
  if (b->overflow) return;
  int n = s1 ? snprintf(b->p + b->len, b->cap - b->len, fmt, s1)
             : snprintf(b->p + b->len, b->cap - b->len, fmt, v);
  if (n < 0 || (size_t)n >= b->cap - b->len) { b->overflow = 1; return; }
  b->len += (size_t)n;
}

int record_encode(const record *r, char *out, size_t cap, char *err, size_t errlen) {
  if (!record_name_ok(r->site, 1)) return util_error(err, errlen, "record: bad site code '%s'", r->site);
  if (!record_day_ok(r->day)) return util_error(err, errlen, "record: bad day '%s'", r->day);
  if (r->daypart < 0 || r->daypart > 3) return util_error(err, errlen, "record: bad daypart %d", r->daypart);
  if (r->questionnaire_version < 1 || r->pack_version < 0)
    return util_error(err, errlen, "record: bad questionnaire or pack version");
  if (r->flags & ~RECORD_FLAG_RAPID) return util_error(err, errlen, "record: unknown flags %d", r->flags);
  if (r->answer_count < 0 || r->answer_count > RECORD_MAX_ANSWERS)
    return util_error(err, errlen, "record: %d answers", r->answer_count);
  char idhex[33];
  record_hex(r->id, 16, idhex);
  char text[RECORD_TEXT_MAX + 1];
  record_buf b = { text, sizeof text, 0, 0 };
  record_put(&b, "v=%lld\n", NULL, RECORD_VERSION);
  record_put(&b, "id=%s\n", idhex, 0);
  record_put(&b, "site=%s\n", r->site, 0);
  record_put(&b, "day=%s\n", r->day, 0);
  record_put(&b, "daypart=%lld\n", NULL, r->daypart);
  record_put(&b, "questionnaire=%lld\n", NULL, r->questionnaire_version);
  record_put(&b, "pack=%lld\n", NULL, r->pack_version);
  record_put(&b, "flags=%s\n", (r->flags & RECORD_FLAG_RAPID) ? "rapid" : "", 0);
  for (int i = 0; i < r->answer_count; i++) {
    const record_answer *a = &r->answers[i];
    if (!record_name_ok(a->question, 0)) return util_error(err, errlen, "record: bad question id");
    for (int j = 0; j < i; j++)
      if (!strcmp(r->answers[j].question, a->question))
        return util_error(err, errlen, "record: question %s twice", a->question);
    if (a->choice_count < 1 || a->choice_count > RECORD_MAX_CHOICES)
      return util_error(err, errlen, "record: question %s has %d choices", a->question, a->choice_count);
    record_put(&b, "a.%s=", a->question, 0);
    for (int c = 0; c < a->choice_count; c++) {
      if (!record_name_ok(a->choices[c], 0))
        return util_error(err, errlen, "record: bad answer code for %s", a->question);
      for (int d = 0; d < c; d++)
        if (!strcmp(a->choices[d], a->choices[c]))
          return util_error(err, errlen, "record: answer code %s twice", a->choices[c]);
      record_put(&b, c ? ",%s" : "%s", a->choices[c], 0);
    }
    record_put(&b, "\n", "", 0);
  }
  if (b.overflow) return util_error(err, errlen, "record: longer than %d bytes", RECORD_TEXT_MAX);
  size_t padded = b.len <= RECORD_PADDED ? RECORD_PADDED : (b.len + 255) / 256 * 256;
  if (padded > RECORD_TEXT_MAX || padded > cap) {
    sodium_memzero(text, sizeof text);
    return util_error(err, errlen, "record: does not fit (%zu bytes)", padded);
  }
  memcpy(out, text, b.len);
  memset(out + b.len, ' ', padded - b.len);
  sodium_memzero(text, sizeof text);
  return (int)padded;
}

/* ---- parse ---- */

/* Reads a decimal int in [lo, hi] from the whole of s; -1 on failure. */
static int record_int(const char *s, int lo, int hi, int *out) {
  if (!*s || strlen(s) > 9) return -1;
  if (s[0] == '0' && s[1]) return -1;   /* canonical: no leading zeros */
  long v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    v = v * 10 + (*p - '0');
  }
  if (v < lo || v > hi) return -1;
  *out = (int)v;
  return 0;
}

/* One of the fixed lines (line_no below the fixed count) into r. 0, or -1 with err set. */
static int record_parse_fixed(record *r, size_t line_no, const char *val, char *err, size_t errlen) {
  int v = 0;
  switch (line_no) {
    case 0:
      if (record_int(val, 1, 1000, &v) || v != RECORD_VERSION)
        return util_error(err, errlen, "record: unknown version %s", val);
      break;
    case 1:
      if (record_unhex(val, r->id, 16) || strspn(val, "0123456789abcdef") != 32)
        return util_error(err, errlen, "record: bad id");
      break;
    case 2:
      if (!record_name_ok(val, 1)) return util_error(err, errlen, "record: bad site code");
      strcpy(r->site, val);
      break;
    case 3:
      if (!record_day_ok(val)) return util_error(err, errlen, "record: bad day");
      strcpy(r->day, val);
      break;
    case 4:
      if (record_int(val, 0, 3, &r->daypart)) return util_error(err, errlen, "record: bad daypart");
      break;
    case 5:
      if (record_int(val, 1, 1000000, &r->questionnaire_version))
        return util_error(err, errlen, "record: bad questionnaire version");
      break;
    case 6:
      if (record_int(val, 0, 999999999, &r->pack_version))
        return util_error(err, errlen, "record: bad pack version");
      break;
    case 7:
      if (!strcmp(val, "rapid")) r->flags = RECORD_FLAG_RAPID;
      else if (*val) return util_error(err, errlen, "record: unknown flags '%s'", val);
      break;
  }
  return 0;
}

/* An answer line "a.QUESTION=CODE[,CODE...]" (codes is modified). 0, or -1 with err set. */
static int record_parse_answer(record *r, const char *key, char *codes, size_t line_no, char *err, size_t errlen) {
  if (strncmp(key, "a.", 2) || !record_name_ok(key + 2, 0))
    return util_error(err, errlen, "record: unknown key on line %zu", line_no + 1);
  if (r->answer_count == RECORD_MAX_ANSWERS) return util_error(err, errlen, "record: too many answers");
  record_answer *a = &r->answers[r->answer_count];
  for (int j = 0; j < r->answer_count; j++)
    if (!strcmp(r->answers[j].question, key + 2))
      return util_error(err, errlen, "record: question %s twice", key + 2);
  strcpy(a->question, key + 2);
  char *save = NULL;
  if (!*codes || codes[strlen(codes) - 1] == ',' || strstr(codes, ",,"))
    return util_error(err, errlen, "record: empty answer for %s", a->question);
  for (char *c = strtok_r(codes, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
    if (!record_name_ok(c, 0)) return util_error(err, errlen, "record: bad answer code for %s", a->question);
    if (a->choice_count == RECORD_MAX_CHOICES) return util_error(err, errlen, "record: too many choices");
    for (int d = 0; d < a->choice_count; d++)
      if (!strcmp(a->choices[d], c)) return util_error(err, errlen, "record: answer code %s twice", c);
    strcpy(a->choices[a->choice_count++], c);
  }
  r->answer_count++;
  return 0;
}

int record_parse(const char *text, size_t len, record *r, char *err, size_t errlen) {
  memset(r, 0, sizeof *r);
  if (len > RECORD_TEXT_MAX) return util_error(err, errlen, "record: too long");
  while (len > 0 && text[len - 1] == ' ') len--;   /* padding */
  if (len == 0 || text[len - 1] != '\n') return util_error(err, errlen, "record: not newline-terminated");
  static const char *const fixed[] = { "v", "id", "site", "day", "daypart", "questionnaire", "pack", "flags" };
  size_t line_no = 0, pos = 0;
  char line[RECORD_TEXT_MAX + 1];
  while (pos < len) {
    const char *nl = memchr(text + pos, '\n', len - pos);
    size_t n = (size_t)(nl - (text + pos));
    memcpy(line, text + pos, n);
    line[n] = 0;
    pos += n + 1;
    if (memchr(line, 0, n)) return util_error(err, errlen, "record: NUL byte");
    char *eq = strchr(line, '=');
    if (!eq) return util_error(err, errlen, "record: line %zu has no '='", line_no + 1);
    *eq = 0;
    const char *key = line, *val = eq + 1;
    if (line_no < UTIL_COUNT(fixed)) {
      if (strcmp(key, fixed[line_no]))
        return util_error(err, errlen, "record: line %zu should be %s", line_no + 1, fixed[line_no]);
      if (record_parse_fixed(r, line_no, val, err, errlen) != 0) return -1;
    } else {
      if (record_parse_answer(r, key, eq + 1, line_no, err, errlen) != 0) return -1;
    }
    line_no++;
  }
  if (line_no < UTIL_COUNT(fixed)) return util_error(err, errlen, "record: missing fields");
  return 0;
}

/* ---- sealing ---- */

int record_seal(const record *r, const unsigned char researcher_pk[32],
                unsigned char *sealed, size_t cap, char *err, size_t errlen) {
  expect(crypto_box_SEALBYTES == 48);
  expect(sodium_init() >= 0);
  char text[RECORD_TEXT_MAX];
  int n = record_encode(r, text, sizeof text, err, errlen);
  if (n < 0) return -1;
  int rc = -1;
  if ((size_t)n + crypto_box_SEALBYTES > cap) { util_error(err, errlen, "record: seal buffer too small"); goto done; }
  if (crypto_box_seal(sealed, (const unsigned char *)text, (unsigned long long)n, researcher_pk) != 0) {
    util_error(err, errlen, "record: sealing failed (bad researcher key?)");
    goto done;
  }
  rc = n + crypto_box_SEALBYTES;
done:
  sodium_memzero(text, sizeof text);
  return rc;
}

int record_open(const unsigned char *sealed, size_t len, const unsigned char researcher_pk[32],
                const unsigned char researcher_sk[32], record *r, char *err, size_t errlen) {
  memset(r, 0, sizeof *r);
  if (len <= crypto_box_SEALBYTES || len > RECORD_SEALED_MAX)
    return util_error(err, errlen, "record: sealed length %zu out of range", len);
  char text[RECORD_TEXT_MAX];
  if (crypto_box_seal_open((unsigned char *)text, sealed, len, researcher_pk, researcher_sk) != 0)
    return util_error(err, errlen, "record: cannot open (wrong key or tampered)");
  int rc = record_parse(text, len - crypto_box_SEALBYTES, r, err, errlen);
  sodium_memzero(text, sizeof text);
  return rc;
}

void record_key_id(const unsigned char researcher_pk[32], unsigned char key_id[RECORD_KEY_ID_BYTES]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, researcher_pk, 32, NULL, 0);
  memcpy(key_id, h, RECORD_KEY_ID_BYTES);
}

void record_day_of(long long unix_seconds, char day[11], int *daypart) {
  time_t t = (time_t)unix_seconds;
  struct tm tm;
  expect(localtime_r(&t, &tm) != NULL);
  expect(strftime(day, 11, "%Y-%m-%d", &tm) == 10);
  *daypart = tm.tm_hour / 6;
}
