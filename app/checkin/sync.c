/* sync.c — POST a bundle of pending check-ins to the collector over HTTPS (libcurl
 * through system/curl, loaded on the first sync; TLS verified) and apply the signed
 * receipt it answers with; back off on failure. */
#include "checkin/sync.h"
#include "checkin/bundle.h"
#include "checkin/export.h"
#include "checkin/receipt.h"
#include "checkin/record.h"
#include "checkin/status.h"
#include "system/curl.h"
#include "util/util.h"
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SYNC_MAX_RESPONSE (size_t)RECEIPT_MAX_BYTES

void sync_init(sync_state *s) { memset(s, 0, sizeof *s); }

typedef struct { unsigned char *data; size_t len; int too_large; } sync_body;

static size_t sync_collect(char *ptr, size_t size, size_t n, void *user) {
  sync_body *b = user;
  size_t add = size * n;
  if (b->len + add > SYNC_MAX_RESPONSE) { b->too_large = 1; return 0; }
  b->data = util_realloc(b->data, b->len + add + 1);
  memcpy(b->data + b->len, ptr, add);
  b->len += add;
  return add;
}

static void sync_fail(sync_state *s, long long now_ms, const char *msg) {
  s->backoff_ms = s->backoff_ms ? s->backoff_ms * 2 : SYNC_FIRST_RETRY_MS;
  if (s->backoff_ms > SYNC_MAX_BACKOFF_MS) s->backoff_ms = SYNC_MAX_BACKOFF_MS;
  s->next_try_ms = now_ms + s->backoff_ms;
  snprintf(s->last_error, sizeof s->last_error, "%.255s", msg);
}

/* The kiosk status record (status.h) as a request header, base64: old collectors
 * ignore unknown headers, so the bundle body stays exactly format 1. */
static struct curl_slist *sync_status_header(struct curl_slist *headers, const sys_curl_api *api, store *st,
                                             const kioskkey *key, const config *cfg, const sync_state *s) {
  kstatus ks;
  size_t len;
  kstatus_collect(cfg, st, key->pk, &ks);
  if (s->backoff_ms) kstatus_add_error(&ks, "sync_failed");   /* the tries before this one failed */
  char *text = kstatus_build(&ks, key->sk, &len);
  char line[sizeof KSTATUS_HEADER + 2 + KSTATUS_MAX_BYTES * 4 / 3 + 8];
  int n = snprintf(line, sizeof line, "%s: ", KSTATUS_HEADER);
  sodium_bin2base64(line + n, sizeof line - (size_t)n, (const unsigned char *)text, len, sodium_base64_VARIANT_ORIGINAL);
  free(text);
  return api->slist_append(headers, line);
}

long sync_run(sync_state *s, store *st, const kioskkey *key, const config *cfg,
              long long now_ms, long timeout_ms, char *err, size_t errlen) {
  if (!cfg->sync_url[0] || now_ms < s->next_try_ms) return 0;
  int plain = 0;
  if (!sys_curl_url_allowed(cfg->sync_url, &plain)) {
    util_error(err, errlen, "sync_url must be https:// (plain http only to 127.0.0.1): %s", cfg->sync_url);
    sync_fail(s, now_ms, err);
    return -1;
  }
  const sys_curl_api *api = sys_curl_load(err, errlen);
  if (!api) {
    sync_fail(s, now_ms, err);
    return -1;
  }
  bundle_entry *entries = NULL;
  unsigned char *bytes = NULL, hash[32];
  size_t len = 0;
  sync_body body = { NULL, 0, 0 };
  CURL *curl = NULL;
  struct curl_slist *headers = NULL;
  long result = -1, count;
  char day[11], msg[512];
  int part;
  record_day_of((long long)time(NULL), day, &part);
  count = store_pending(st, BUNDLE_EXPORT_RECORDS, &entries, NULL, 0, msg, sizeof msg);
  if (count < 0) goto fail;
  if (count == 0) { result = 0; s->next_try_ms = now_ms + SYNC_FIRST_RETRY_MS; goto done; }
  if (bundle_build(key->sk, day, entries, (size_t)count, &bytes, &len, hash, msg, sizeof msg) != 0) goto fail;
  /* Sent from now on (state 1), as a USB export marks them: only records the kiosk sent
   * can be acknowledged by a receipt. Unacknowledged ones go again next time. */
  if (store_mark_exported(st, entries, (size_t)count, msg, sizeof msg) != 0) goto fail;
  curl = api->easy_init();
  if (!curl) { snprintf(msg, sizeof msg, "cannot start libcurl"); goto fail; }
  headers = api->slist_append(headers, "Content-Type: application/octet-stream");
  headers = sync_status_header(headers, api, st, key, cfg, s);
  sys_curl_common(api, curl, cfg->sync_url, plain, NULL, timeout_ms);
  api->easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  api->easy_setopt(curl, CURLOPT_POSTFIELDS, bytes);
  api->easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  api->easy_setopt(curl, CURLOPT_WRITEFUNCTION, sync_collect);
  api->easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  CURLcode cc = api->easy_perform(curl);
  long status = 0;
  api->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  s->last_status = (int)status;
  if (cc != CURLE_OK) { snprintf(msg, sizeof msg, "sync to %.300s failed: %.150s", cfg->sync_url, api->easy_strerror(cc)); goto fail; }
  if (status != 200 && status != 201) {
    if (body.data) body.data[body.len] = 0;
    snprintf(msg, sizeof msg, "collector answered %ld: %.200s", status, body.data ? (char *)body.data : "");
    goto fail;
  }
  receipt r;
  if (receipt_parse(body.data ? body.data : (const unsigned char *)"", body.len, &r, msg, sizeof msg) != 0) goto fail;
  static const unsigned char zero[32];
  int ours = !memcmp(r.bundle_hash, hash, 32) || !memcmp(r.bundle_hash, zero, 32);
  receipt_free(&r);
  if (!ours) { snprintf(msg, sizeof msg, "the collector's receipt is for another bundle"); goto fail; }
  result = checkin_apply_receipt(st, key, cfg, body.data, body.len, msg, sizeof msg);
  if (result < 0) goto fail;
  s->backoff_ms = 0;
  s->last_error[0] = 0;
  /* More than one bundle's worth waiting: go on right away. */
  s->next_try_ms = count >= BUNDLE_EXPORT_RECORDS ? now_ms : now_ms + SYNC_FIRST_RETRY_MS;
  goto done;
fail:
  util_error(err, errlen, "%s", msg);
  sync_fail(s, now_ms, msg);
  result = -1;
done:
  if (curl) api->easy_cleanup(curl);
  api->slist_free_all(headers);
  free(body.data);
  free(bytes);
  if (entries) store_entries_free(entries, (size_t)count);
  return result;
}
