/* kioskkey.c — load or create the kiosk's Ed25519 signing key (mode 0600). */
#include "checkin/kioskkey.h"
#include "util/util.h"
#include <errno.h>
#include <fcntl.h>      /* open */
#include <libgen.h>     /* dirname */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int kioskkey_path(const config *c, char *out, size_t outlen) {
  if (c->kiosk_id_file[0])
    return snprintf(out, outlen, "%s", c->kiosk_id_file) < (int)outlen ? 0 : -1;
  return config_state_path(c, "kiosk-id", out, outlen);
}

/* Writes a new key with O_EXCL through a temp file, so two processes starting at once
 * cannot end up with different keys: the loser of the link() race reads the winner's. */
static int kioskkey_create(const char *path, char *err, size_t errlen) {
  unsigned char pk[32], sk[64];
  char tmp[4200];
  int fd = -1, rc = -1;
  crypto_sign_keypair(pk, sk);
  fd = util_temp_create(path, tmp, sizeof tmp, 0600);
  if (fd < 0) {
    sodium_memzero(sk, sizeof sk);
    return util_error(err, errlen, "cannot create a temporary file next to %s: %s", path, strerror(errno));
  }
  if (write(fd, sk, sizeof sk) != (ssize_t)sizeof sk || fsync(fd) != 0) {
    util_error(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
    goto done;
  }
  close(fd);
  fd = -1;
  if (link(tmp, path) != 0 && errno != EEXIST) {
    util_error(err, errlen, "cannot create %s: %s", path, strerror(errno));
    goto done;
  }
  util_fsync_dir_of(path);
  rc = 0;
done:
  if (fd >= 0) close(fd);
  unlink(tmp);
  sodium_memzero(sk, sizeof sk);
  return rc;
}

static int kioskkey_open(const char *path, int create, kioskkey *key, char *err, size_t errlen) {
  expect(sodium_init() >= 0);
  memset(key, 0, sizeof *key);
  struct stat st;
  if (stat(path, &st) != 0) {
    if (errno != ENOENT) return util_error(err, errlen, "cannot read %s: %s", path, strerror(errno));
    if (!create) return util_error(err, errlen, "this kiosk has no key yet (%s): it makes one on its first start", path);
    char *copy = util_strdup(path);
    int made = util_mkdirs(dirname(copy), 0700, err, errlen);
    free(copy);
    if (made != 0 || kioskkey_create(path, err, errlen) != 0) return -1;
    if (stat(path, &st) != 0) return util_error(err, errlen, "cannot read %s: %s", path, strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return util_error(err, errlen, "%s is not a regular file", path);
  if (st.st_mode & 077)
    return util_error(err, errlen, "%s is readable by others (mode %o); it must be 0600", path, (unsigned)(st.st_mode & 0777));
  size_t len = 0;
  char *data = util_read_file(path, 1024, &len, err, errlen);
  if (!data) return -1;
  int rc = -1;
  if (len != sizeof key->sk) { util_error(err, errlen, "%s: not a kiosk key (%zu bytes, want 64)", path, len); goto done; }
  memcpy(key->sk, data, 64);
  unsigned char pk[32];
  crypto_sign_ed25519_sk_to_pk(pk, key->sk);
  /* The seed must produce the stored public half, or the file is damaged. */
  unsigned char seed[32], pk2[32], sk2[64];
  crypto_sign_ed25519_sk_to_seed(seed, key->sk);
  crypto_sign_seed_keypair(pk2, sk2, seed);
  sodium_memzero(seed, sizeof seed);
  sodium_memzero(sk2, sizeof sk2);
  if (memcmp(pk, pk2, 32)) { util_error(err, errlen, "%s: damaged kiosk key", path); goto done; }
  memcpy(key->pk, pk, 32);
  rc = 0;
done:
  sodium_memzero(data, len);
  free(data);
  if (rc) kioskkey_wipe(key);
  return rc;
}

int kioskkey_load(const char *path, kioskkey *key, char *err, size_t errlen) {
  return kioskkey_open(path, 1, key, err, errlen);
}

int kioskkey_read(const char *path, kioskkey *key, char *err, size_t errlen) {
  return kioskkey_open(path, 0, key, err, errlen);
}

void kioskkey_id_hex(const kioskkey *key, char out[65]) {
  sodium_bin2hex(out, 65, key->pk, sizeof key->pk);
}

void kioskkey_wipe(kioskkey *key) { sodium_memzero(key, sizeof *key); }
