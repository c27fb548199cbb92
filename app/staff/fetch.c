/* fetch.c — one HTTPS pack check: conditional GET, Range resume, install (fetch.h). */
#include "staff/fetch.h"
#include "pack/install.h"
#include "pack/minisig.h"
#include "staff/usb.h"          /* staff_usb_keys */
#include "system/curl.h"
#include "system/errlog.h"
#include "util/util.h"
#include <errno.h>
#include <fcntl.h>            /* open */
#include <sys/file.h>         /* flock */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>            /* strncasecmp */
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { FETCH_PATH_CAP = CONFIG_PATH_MAX + 64,
       FETCH_LOW_SPEED_BYTES = 64, FETCH_LOW_SPEED_S = 60 };

typedef struct {
  char dir[CONFIG_PATH_MAX + 8];
  char part[FETCH_PATH_CAP], pack[FETCH_PATH_CAP], sig[FETCH_PATH_CAP + 8];
} fetch_paths;

static void fetch_paths_of(const char *state_dir, fetch_paths *p) {
  snprintf(p->dir, sizeof p->dir, "%s/fetch", state_dir);
  snprintf(p->part, sizeof p->part, "%s/download.part", p->dir);
  snprintf(p->pack, sizeof p->pack, "%s/download.wwpack", p->dir);
  snprintf(p->sig, sizeof p->sig, "%s.minisig", p->pack);
}

/* ------------------------------------------------------------------ one HTTP request */

typedef struct {
  FILE *file;                 /* the body goes here (NULL: into mem) */
  long long offset;           /* bytes already in file before this request (a resume) */
  long long written;          /* bytes of this response body */
  long long limit;            /* offset + written never exceeds it */
  int too_large;
  char *mem; size_t mem_len;  /* small bodies (the signature) */
  char etag[160], modified[64];
  const sys_curl_api *api;
  CURL *curl;
  const fetch_cancel *cancel;   /* may be NULL */
} fetch_transfer;

/* libcurl's progress callback: non-zero aborts the transfer (the kiosk is stopping). */
static int fetch_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
  const fetch_transfer *t = user;
  (void)dltotal; (void)dlnow; (void)ultotal; (void)ulnow;
  return t->cancel && t->cancel->cancelled(t->cancel->ctx);
}

/* Header lines: keeps the last response's ETag and Last-Modified (a new status line
 * starts over, so a 100 Continue or redirect leaves nothing behind). */
static size_t fetch_header(char *line, size_t size, size_t n, void *user) {
  fetch_transfer *t = user;
  size_t len = size * n, vlen;
  while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
  if (len >= 5 && !memcmp(line, "HTTP/", 5)) { t->etag[0] = t->modified[0] = 0; return size * n; }
  const char *v;
  if (len > 5 && !strncasecmp(line, "ETag:", 5)) {
    for (v = line + 5; *v == ' ' && v < line + len; v++) {}
    vlen = (size_t)(line + len - v);
    if (vlen < sizeof t->etag) snprintf(t->etag, sizeof t->etag, "%.*s", (int)vlen, v);
  } else if (len > 14 && !strncasecmp(line, "Last-Modified:", 14)) {
    for (v = line + 14; *v == ' ' && v < line + len; v++) {}
    vlen = (size_t)(line + len - v);
    if (vlen < sizeof t->modified) snprintf(t->modified, sizeof t->modified, "%.*s", (int)vlen, v);
  }
  return size * n;
}

static size_t fetch_write(char *data, size_t size, size_t n, void *user) {
  fetch_transfer *t = user;
  size_t len = size * n;
  if (t->file && t->written == 0 && t->offset > 0) {
    long status = 0;   /* a resume answered with the whole pack: start the file over */
    t->api->easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status == 200) {
      if (ftruncate(fileno(t->file), 0) != 0 || fseek(t->file, 0, SEEK_SET) != 0) return 0;
      t->offset = 0;
    }
  }
  if (t->offset + t->written + (long long)len > t->limit) { t->too_large = 1; return 0; }
  if (t->file) {
    if (fwrite(data, 1, len, t->file) != len) return 0;
  } else {
    t->mem = util_realloc(t->mem, t->mem_len + len + 1);
    memcpy(t->mem + t->mem_len, data, len);
    t->mem_len += len;
    t->mem[t->mem_len] = 0;
  }
  t->written += (long long)len;
  return len;
}

/* GETs url into t with the extra request headers; returns the status (0 = none) and
 * sets *cc. */
static long fetch_get(const config *cfg, const char *url, int plain, struct curl_slist *headers,
                      fetch_transfer *t, long timeout_ms, CURLcode *cc) {
  long status = 0;
  t->curl = t->api->easy_init();
  if (!t->curl) { *cc = CURLE_FAILED_INIT; return 0; }
  sys_curl_common(t->api, t->curl, url, plain, cfg->pack_ca, timeout_ms);
  t->api->easy_setopt(t->curl, CURLOPT_HTTPHEADER, headers);
  t->api->easy_setopt(t->curl, CURLOPT_HEADERFUNCTION, fetch_header);
  t->api->easy_setopt(t->curl, CURLOPT_HEADERDATA, t);
  t->api->easy_setopt(t->curl, CURLOPT_WRITEFUNCTION, fetch_write);
  t->api->easy_setopt(t->curl, CURLOPT_WRITEDATA, t);
  t->api->easy_setopt(t->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->limit);
  t->api->easy_setopt(t->curl, CURLOPT_LOW_SPEED_LIMIT, (long)FETCH_LOW_SPEED_BYTES);
  t->api->easy_setopt(t->curl, CURLOPT_LOW_SPEED_TIME, (long)FETCH_LOW_SPEED_S);
  t->api->easy_setopt(t->curl, CURLOPT_XFERINFOFUNCTION, fetch_progress);
  t->api->easy_setopt(t->curl, CURLOPT_XFERINFODATA, t);
  t->api->easy_setopt(t->curl, CURLOPT_NOPROGRESS, 0L);
  *cc = t->api->easy_perform(t->curl);
  t->api->easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
  t->api->easy_cleanup(t->curl);
  t->curl = NULL;
  return status;
}

/* ------------------------------------------------------------------ the check */

static fetch_outcome fetch_say(fetch_state *st, fetch_outcome outcome, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static fetch_outcome fetch_say(fetch_state *st, fetch_outcome outcome, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->sentence, sizeof st->sentence, fmt, ap);
  va_end(ap);
  for (char *c = st->sentence; *c; c++) if (*c == '\n' || *c == '\r') *c = ' ';   /* one line in the state */
  st->outcome = outcome;
  return outcome;
}

static void fetch_forget_part(const fetch_paths *p, fetch_state *st) {
  unlink(p->part);
  st->part_etag[0] = st->part_modified[0] = 0;
}

static long fetch_remaining_ms(long long deadline) {
  long long left = deadline - util_now_ms();
  return left < 1000 ? 1000 : (long)left;
}

/* Downloads the pack into p->part: a Range resume when a part with validators is
 * there, else a conditional GET. Returns FETCH_INSTALLED for "complete in p->part"
 * (st->etag/modified then describe it), FETCH_UNCHANGED on 304, else FETCH_FAILED
 * with the sentence set (a broken-off part is kept with its validators). */
static fetch_outcome fetch_download(const config *cfg, const fetch_paths *p, fetch_state *st,
                                    const sys_curl_api *api, int plain, long long deadline,
                                    const fetch_cancel *cancel) {
  struct stat sb;
  long long have = stat(p->part, &sb) == 0 ? (long long)sb.st_size : 0;
  const char *validator = st->part_etag[0] ? st->part_etag : st->part_modified;
  if (have > 0 && !validator[0]) { fetch_forget_part(p, st); have = 0; }
  struct curl_slist *h = NULL;
  char line[256];
  if (have > 0) {
    snprintf(line, sizeof line, "Range: bytes=%lld-", have); h = api->slist_append(h, line);
    snprintf(line, sizeof line, "If-Range: %s", validator); h = api->slist_append(h, line);
  } else {
    st->part_etag[0] = st->part_modified[0] = 0;
    if (st->etag[0]) { snprintf(line, sizeof line, "If-None-Match: %s", st->etag); h = api->slist_append(h, line); }
    if (st->modified[0]) { snprintf(line, sizeof line, "If-Modified-Since: %s", st->modified); h = api->slist_append(h, line); }
  }
  FILE *f = fopen(p->part, have > 0 ? "ab" : "wb");
  if (!f) {
    api->slist_free_all(h);
    return fetch_say(st, FETCH_FAILED, "The pack check cannot write %s: %s.", p->part, strerror(errno));
  }
  fetch_transfer t = { .file = f, .offset = have, .limit = (long long)cfg->pack_max_mb << 20, .api = api,
                      .cancel = cancel };
  CURLcode cc;
  long status = fetch_get(cfg, cfg->pack_url, plain, h, &t, fetch_remaining_ms(deadline), &cc);
  api->slist_free_all(h);
  int flushed = fflush(f) == 0 && fsync(fileno(f)) == 0;
  fclose(f);
  long long size = t.offset + t.written;
  if (cc == CURLE_OK && status == 304) { fetch_forget_part(p, st); return FETCH_UNCHANGED; }
  if (t.too_large || cc == CURLE_FILESIZE_EXCEEDED) {
    fetch_forget_part(p, st);
    return fetch_say(st, FETCH_FAILED, "The pack at %s is larger than pack_max_mb (%d MiB) allows, so it was "
                     "not downloaded. The current pack keeps running.", cfg->pack_url, cfg->pack_max_mb);
  }
  if (cc != CURLE_OK && size > 0 && (status == 200 || status == 206) && (t.etag[0] || t.modified[0])) {
    snprintf(st->part_etag, sizeof st->part_etag, "%s", t.etag);
    snprintf(st->part_modified, sizeof st->part_modified, "%s", t.modified);
    return fetch_say(st, FETCH_FAILED, "The download of %s broke off after %lld bytes (%s); the next check "
                     "resumes it. The current pack keeps running.", cfg->pack_url, size, api->easy_strerror(cc));
  }
  if (cc != CURLE_OK || (status != 200 && status != 206) || !flushed) {
    fetch_forget_part(p, st);
    if (cc != CURLE_OK)
      return fetch_say(st, FETCH_FAILED, "The pack could not be fetched from %s: %s. The current pack keeps "
                       "running.", cfg->pack_url, api->easy_strerror(cc));
    return fetch_say(st, FETCH_FAILED, "The server answered %ld for %s%s. The current pack keeps running.",
                     status, cfg->pack_url, flushed ? "" : " (and the download could not be written)");
  }
  if (status == 206 && !t.etag[0] && !t.modified[0]) {   /* the resumed part's validators still hold */
    snprintf(t.etag, sizeof t.etag, "%s", st->part_etag);
    snprintf(t.modified, sizeof t.modified, "%s", st->part_modified);
  }
  snprintf(st->etag, sizeof st->etag, "%s", t.etag);
  snprintf(st->modified, sizeof st->modified, "%s", t.modified);
  st->part_etag[0] = st->part_modified[0] = 0;
  return FETCH_INSTALLED;
}

/* The complete download in p->part: fetch its signature, install both exactly like a
 * USB pack, remove the download whatever happens. */
static fetch_outcome fetch_install(const config *cfg, const fetch_paths *p, fetch_state *st,
                                   const sys_curl_api *api, int plain, long long deadline,
                                   const fetch_cancel *cancel) {
  char url[CONFIG_PATH_MAX + 16], err[512];
  fetch_outcome outcome;
  snprintf(url, sizeof url, "%s.minisig", cfg->pack_url);
  fetch_transfer t = { .limit = MINISIG_FILE_MAX, .api = api, .cancel = cancel };
  CURLcode cc;
  long status = fetch_get(cfg, url, plain, NULL, &t, fetch_remaining_ms(deadline), &cc);
  if (rename(p->part, p->pack) != 0) {
    outcome = fetch_say(st, FETCH_FAILED, "The pack check cannot move its download into place: %s.", strerror(errno));
  } else if (cc != CURLE_OK || status != 200 || !t.mem) {
    st->etag[0] = st->modified[0] = 0;   /* fetch both again next time */
    outcome = fetch_say(st, FETCH_FAILED, "The signature %s could not be fetched (%s). Nothing was installed; "
                        "the current pack keeps running.", url,
                        cc != CURLE_OK ? api->easy_strerror(cc) : status ? "the server did not answer 200" : "no answer");
  } else if (util_write_file_atomic(p->sig, t.mem, t.mem_len, err, sizeof err)) {
    outcome = fetch_say(st, FETCH_FAILED, "The pack check cannot store the signature: %s.", err);
  } else {
    minisig_public_key keys[CONFIG_TRUSTED_KEYS];
    int key_count = staff_usb_keys(cfg, keys);
    pack_install_result r;
    pack_policy policy = { cfg->pack_name, cfg->pack_max_version_step, 0 };   /* a URL never confirms a jump */
    if (pack_install_policy(p->pack, cfg->state_dir, &policy, keys, key_count, NULL, NULL, &r, err, sizeof err) != 0) {
      size_t n = strlen(err);
      outcome = fetch_say(st, FETCH_REFUSED, "The pack from %s was not installed: %s%s The current pack keeps "
                          "running.", cfg->pack_url, err, n && err[n - 1] == '.' ? "" : ".");
    } else {
      st->installed_version = r.version;
      outcome = fetch_say(st, FETCH_INSTALLED, "Pack '%s' version %d from %s, signed by content key %d (%s), "
                          "verified and installed.", r.name, r.version, cfg->pack_url, r.key_slot + 1, r.key_id);
    }
  }
  free(t.mem);
  unlink(p->pack);
  unlink(p->sig);
  unlink(p->part);
  return outcome;
}

/* One check at a time per state folder (the kiosk's worker, --update-pack): an flock
 * on STATE/fetch/lock, not waited for. Returns the descriptor, or -1 with err set
 * (another check holds it, or the lock file cannot be opened). */
static int fetch_lock(const fetch_paths *p, char *err, size_t errlen) {
  char path[CONFIG_PATH_MAX + 16];
  snprintf(path, sizeof path, "%s/lock", p->dir);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return util_error(err, errlen, "cannot open %s: %s", path, strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return util_error(err, errlen, "another pack check is running for this kiosk");
  }
  return fd;
}

fetch_outcome fetch_pack_check(const config *cfg, int log_errors, const fetch_cancel *cancel, fetch_state *out) {
  fetch_paths p;
  fetch_state st;
  char err[512];
  int plain, lock = -1;
  fetch_paths_of(cfg->state_dir, &p);
  if (util_mkdirs(p.dir, 0755, err, sizeof err) != 0 || (lock = fetch_lock(&p, err, sizeof err)) < 0) {
    /* nothing checked: the state file (perhaps another check's) is left alone */
    fetch_state_read(cfg->state_dir, &st);
    fetch_say(&st, FETCH_FAILED, "The pack check did not start: %s.", err);
    if (log_errors) sys_log_error("%s", st.sentence);
    if (out) *out = st;
    return FETCH_FAILED;
  }
  fetch_state_read(cfg->state_dir, &st);
  st.last_check = (long long)time(NULL);
  st.installed_version = 0;
  long long deadline = util_now_ms() + FETCH_TIMEOUT_MS;
  const sys_curl_api *api;
  fetch_outcome outcome;
  if (!sys_curl_url_allowed(cfg->pack_url, &plain))
    outcome = fetch_say(&st, FETCH_FAILED, "pack_url must be https:// (plain http only to 127.0.0.1): %s.", cfg->pack_url);
  else if (!(api = sys_curl_load(err, sizeof err)))
    outcome = fetch_say(&st, FETCH_FAILED, "The pack check cannot start: %s.", err);
  else {
    fetch_outcome before = st.outcome;
    outcome = fetch_download(cfg, &p, &st, api, plain, deadline, cancel);
    if (outcome == FETCH_UNCHANGED && before == FETCH_REFUSED)   /* not downloaded again, still refused */
      outcome = fetch_say(&st, FETCH_REFUSED, "The pack at %s is still the one refused at the last check (not "
                          "downloaded again). The current pack keeps running.", cfg->pack_url);
    else if (outcome == FETCH_UNCHANGED)
      fetch_say(&st, FETCH_UNCHANGED, "The pack at %s has not changed since the last check.", cfg->pack_url);
    else if (outcome == FETCH_INSTALLED)
      outcome = fetch_install(cfg, &p, &st, api, plain, deadline, cancel);
  }
  if (fetch_state_write(cfg->state_dir, &st, err, sizeof err)) sys_log_error("pack check: %s", err);
  close(lock);
  if (log_errors && (outcome == FETCH_REFUSED || outcome == FETCH_FAILED)) sys_log_error("%s", st.sentence);
  if (out) *out = st;
  return outcome;
}

long long fetch_next_wait_ms(const config *cfg, unsigned random) {
  long long base = (long long)cfg->pack_check_s * 1000;
  return base + base * ((long long)(random % 401) - 200) / 1000;   /* base ± 20 % */
}
