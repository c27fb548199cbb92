/* sync.c — POST a bundle of pending check-ins to the collector over HTTPS (libcurl,
 * TLS verified) and apply the signed receipt it answers with; back off on failure.
 * libcurl and its TLS stack (~30 shared objects, ~5 MiB resident) are loaded with
 * dlopen on the first sync, so a kiosk without a sync URL never maps them. */
#include "checkin/sync.h"
#include "checkin/bundle.h"
#include "checkin/export.h"
#include "checkin/receipt.h"
#include "checkin/record.h"
#include "util/util.h"
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { SYNC_CONNECT_TIMEOUT_MS = 10000 };
#define SYNC_CURL_LIBRARY "libcurl.so.4"   /* the SONAME of Debian's libcurl4 */
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

/* The libcurl calls sync uses, resolved from the library loaded at run time. */
static struct {
  CURLcode (*global_init)(long flags);
  CURL *(*easy_init)(void);
  CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL *curl);
  CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
  const char *(*easy_strerror)(CURLcode code);
  void (*easy_cleanup)(CURL *curl);
  struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
  void (*slist_free_all)(struct curl_slist *list);
  int ready;
  char error[200];
} sync_curl;
static pthread_once_t sync_curl_once = PTHREAD_ONCE_INIT;

#define SYNC_CURL_SYMBOL(field, name) \
  (*(void **)&sync_curl.field = dlsym(lib, name)) != NULL
static void sync_curl_load(void) {
  void *lib = dlopen(SYNC_CURL_LIBRARY, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    snprintf(sync_curl.error, sizeof sync_curl.error, "cannot load %s (package libcurl4): %.120s",
             SYNC_CURL_LIBRARY, dlerror());
    return;
  }
  if (!(SYNC_CURL_SYMBOL(global_init, "curl_global_init") && SYNC_CURL_SYMBOL(easy_init, "curl_easy_init") &&
        SYNC_CURL_SYMBOL(easy_setopt, "curl_easy_setopt") && SYNC_CURL_SYMBOL(easy_perform, "curl_easy_perform") &&
        SYNC_CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo") && SYNC_CURL_SYMBOL(easy_strerror, "curl_easy_strerror") &&
        SYNC_CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup") && SYNC_CURL_SYMBOL(slist_append, "curl_slist_append") &&
        SYNC_CURL_SYMBOL(slist_free_all, "curl_slist_free_all"))) {
    snprintf(sync_curl.error, sizeof sync_curl.error, "%s lacks a function: %.120s", SYNC_CURL_LIBRARY, dlerror());
    dlclose(lib);
    return;
  }
  if (sync_curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    snprintf(sync_curl.error, sizeof sync_curl.error, "curl_global_init failed");
    return;   /* the library stays loaded: its state is unknown, unloading could crash */
  }
  sync_curl.ready = 1;   /* loaded for the rest of the process */
}
#undef SYNC_CURL_SYMBOL

/* Only https://, except plain http:// to this machine (tests, a local relay). */
static int sync_url_allowed(const char *url, int *plain) {
  *plain = 0;
  if (!strncmp(url, "https://", 8)) return 1;
  if (!strncmp(url, "http://127.0.0.1:", 17) || !strncmp(url, "http://127.0.0.1/", 17)) { *plain = 1; return 1; }
  return 0;
}

static void sync_fail(sync_state *s, long long now_ms, const char *msg) {
  s->backoff_ms = s->backoff_ms ? s->backoff_ms * 2 : SYNC_FIRST_RETRY_MS;
  if (s->backoff_ms > SYNC_MAX_BACKOFF_MS) s->backoff_ms = SYNC_MAX_BACKOFF_MS;
  s->next_try_ms = now_ms + s->backoff_ms;
  snprintf(s->last_error, sizeof s->last_error, "%.255s", msg);
}

long sync_run(sync_state *s, store *st, const kioskkey *key, const config *cfg,
              long long now_ms, long timeout_ms, char *err, size_t errlen) {
  if (!cfg->sync_url[0] || now_ms < s->next_try_ms) return 0;
  int plain = 0;
  if (!sync_url_allowed(cfg->sync_url, &plain)) {
    util_error(err, errlen, "sync_url must be https:// (plain http only to 127.0.0.1): %s", cfg->sync_url);
    sync_fail(s, now_ms, err);
    return -1;
  }
  pthread_once(&sync_curl_once, sync_curl_load);
  if (!sync_curl.ready) {
    util_error(err, errlen, "%s", sync_curl.error);
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
  curl = sync_curl.easy_init();
  if (!curl) { snprintf(msg, sizeof msg, "cannot start libcurl"); goto fail; }
  headers = sync_curl.slist_append(headers, "Content-Type: application/octet-stream");
  sync_curl.easy_setopt(curl, CURLOPT_URL, cfg->sync_url);
  sync_curl.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, plain ? "http" : "https");
  sync_curl.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  sync_curl.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  sync_curl.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  sync_curl.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  sync_curl.easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1");
  sync_curl.easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  sync_curl.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < SYNC_CONNECT_TIMEOUT_MS ? timeout_ms : (long)SYNC_CONNECT_TIMEOUT_MS);
  sync_curl.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  sync_curl.easy_setopt(curl, CURLOPT_POSTFIELDS, bytes);
  sync_curl.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  sync_curl.easy_setopt(curl, CURLOPT_WRITEFUNCTION, sync_collect);
  sync_curl.easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  sync_curl.easy_setopt(curl, CURLOPT_USERAGENT, "wegwijs/" WEGWIJS_VERSION);
  CURLcode cc = sync_curl.easy_perform(curl);
  long status = 0;
  sync_curl.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  s->last_status = (int)status;
  if (cc != CURLE_OK) { snprintf(msg, sizeof msg, "sync to %.300s failed: %.150s", cfg->sync_url, sync_curl.easy_strerror(cc)); goto fail; }
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
  if (curl) sync_curl.easy_cleanup(curl);
  sync_curl.slist_free_all(headers);
  free(body.data);
  free(bytes);
  if (entries) store_entries_free(entries, (size_t)count);
  return result;
}
