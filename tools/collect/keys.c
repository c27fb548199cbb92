/* keys.c — generate and load the researchers' and the collector's keys (keys.h). */
#include "keys.h"
#include "checkin/record.h"   /* record_hex, record_unhex */
#include "util/util.h"
#include <sodium.h>
#include <errno.h>     /* errno */
#include <fcntl.h>     /* open */
#include <string.h>    /* strerror */
#include <sys/stat.h>  /* stat */
#include <unistd.h>    /* write, close, unlink */

/* Writes bytes as hex + newline into dir/name with the given mode, refusing to replace
 * an existing file (O_EXCL). 0 or -1. */
static int keys_write(const char *dir, const char *name, const unsigned char *bytes, size_t n,
                      int mode, char *err, size_t errlen) {
  char path[4096], hex[2 * 64 + 2];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  record_hex(bytes, n, hex);
  size_t len = 2 * n;
  hex[len++] = '\n';
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return util_error(err, errlen, "cannot create %s: %s", path, strerror(errno));
  int ok = write(fd, hex, len) == (ssize_t)len && fchmod(fd, (mode_t)mode) == 0 && fsync(fd) == 0;
  sodium_memzero(hex, sizeof hex);
  close(fd);
  if (!ok) { unlink(path); return util_error(err, errlen, "cannot write %s: %s", path, strerror(errno)); }
  return 0;
}

int keys_generate(const char *dir, char *err, size_t errlen) {
  static const char *const names[] = { KEYS_RESEARCH_PK, KEYS_RESEARCH_SK, KEYS_COLLECTOR_PK, KEYS_COLLECTOR_SK };
  keys k;
  int rc = -1, written = 0;
  if (sodium_init() < 0) return util_error(err, errlen, "libsodium could not start");
  if (util_mkdirs(dir, 0700, err, errlen) != 0) return -1;
  for (size_t i = 0; i < UTIL_COUNT(names); i++) {
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (stat(path, &st) == 0)
      return util_error(err, errlen, "%s already exists; refusing to replace a key (move it away first)", path);
  }
  crypto_box_keypair(k.research_pk, k.research_sk);
  crypto_sign_keypair(k.collector_pk, k.collector_sk);
  if (keys_write(dir, KEYS_RESEARCH_SK, k.research_sk, 32, 0600, err, errlen) != 0) goto done;
  written++;
  if (keys_write(dir, KEYS_RESEARCH_PK, k.research_pk, 32, 0600, err, errlen) != 0) goto done;
  written++;
  if (keys_write(dir, KEYS_COLLECTOR_SK, k.collector_sk, 64, 0600, err, errlen) != 0) goto done;
  written++;
  if (keys_write(dir, KEYS_COLLECTOR_PK, k.collector_pk, 32, 0600, err, errlen) != 0) goto done;
  written++;
  util_fsync_dir_of(dir);
  rc = 0;
done:
  if (rc != 0)
    for (int i = 0; i < written; i++) {
      static const char *const order[] = { KEYS_RESEARCH_SK, KEYS_RESEARCH_PK, KEYS_COLLECTOR_SK };
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", dir, order[i]);
      unlink(path);
    }
  keys_wipe(&k);
  return rc;
}

/* Reads dir/name as exactly n hex bytes. Returns 1 loaded, 0 absent, -1 bad (err set).
 * secret: refuse group/other permissions. */
static int keys_read(const char *dir, const char *name, unsigned char *out, size_t n, int secret,
                     char *err, size_t errlen) {
  char path[4096];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (stat(path, &st) != 0) return errno == ENOENT ? 0 : util_error(err, errlen, "%s: %s", path, strerror(errno));
  if (secret && (st.st_mode & 077))
    return util_error(err, errlen, "%s is readable by others (mode %03o); chmod 600 it", path, (unsigned)(st.st_mode & 0777));
  size_t len = 0;
  char *text = util_read_file(path, 1024, &len, err, errlen);
  if (!text) return -1;
  while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' ')) text[--len] = 0;
  int rc = len == 2 * n && record_unhex(text, out, n) == 0 ? 1
         : util_error(err, errlen, "%s does not hold %zu hex digits", path, 2 * n);
  sodium_memzero(text, len);
  free(text);
  return rc;
}

int keys_load(const char *dir, int need_research, int need_collector, keys *k,
              char *err, size_t errlen) {
  memset(k, 0, sizeof *k);
  if (sodium_init() < 0) return util_error(err, errlen, "libsodium could not start");
  int pk = keys_read(dir, KEYS_RESEARCH_PK, k->research_pk, 32, 0, err, errlen);
  int sk = pk < 0 ? -1 : need_research == KEYS_RESEARCH_PUBLIC ? 0
         : keys_read(dir, KEYS_RESEARCH_SK, k->research_sk, 32, 1, err, errlen);
  if (pk < 0 || sk < 0) goto fail;
  k->has_research_pk = pk;
  if (need_research == KEYS_RESEARCH_PUBLIC && !pk) {
    util_error(err, errlen, "no %s in %s; copy it from the research environment", KEYS_RESEARCH_PK, dir);
    goto fail;
  }
  if (pk && sk) {
    unsigned char check[32];
    crypto_scalarmult_base(check, k->research_sk);
    if (sodium_memcmp(check, k->research_pk, 32) != 0) {
      util_error(err, errlen, "%s/%s does not belong to %s", dir, KEYS_RESEARCH_SK, KEYS_RESEARCH_PK);
      goto fail;
    }
    k->has_research = 1;
  }
  if (need_research == KEYS_RESEARCH_SECRET && !k->has_research) {
    util_error(err, errlen, "no researcher key pair in %s (%s + %s); make one with `wegwijs-collect keygen --out DIR`",
               dir, KEYS_RESEARCH_PK, KEYS_RESEARCH_SK);
    goto fail;
  }
  sk = keys_read(dir, KEYS_COLLECTOR_SK, k->collector_sk, 64, 1, err, errlen);
  if (sk < 0) goto fail;
  if (sk) {
    memcpy(k->collector_pk, k->collector_sk + 32, 32);   /* libsodium keeps pk in sk[32..64] */
    unsigned char listed[32];
    int has_pk = keys_read(dir, KEYS_COLLECTOR_PK, listed, 32, 0, err, errlen);
    if (has_pk < 0) goto fail;
    if (has_pk && sodium_memcmp(listed, k->collector_pk, 32) != 0) {
      util_error(err, errlen, "%s/%s does not belong to %s", dir, KEYS_COLLECTOR_SK, KEYS_COLLECTOR_PK);
      goto fail;
    }
    k->has_collector = 1;
  }
  if (need_collector && !k->has_collector) {
    util_error(err, errlen, "no collector signing key in %s (%s); make one with `wegwijs-collect keygen --out DIR`",
               dir, KEYS_COLLECTOR_SK);
    goto fail;
  }
  return 0;
fail:
  keys_wipe(k);
  return -1;
}

void keys_wipe(keys *k) { sodium_memzero(k, sizeof *k); }
