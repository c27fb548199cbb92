/* minisig.c — minisign "ED" signatures and key files on libsodium (see minisig.h).
 * Formats (minisign 0.11): public key = base64("Ed" || keynum[8] || pk[32]);
 * signature = base64("ED" || keynum[8] || Ed25519(BLAKE2b-512(file))), then the trusted
 * comment, then base64(Ed25519(signature || trusted comment)); unencrypted secret key =
 * base64("Ed" || kdf "\0\0" || "B2" || salt[32] || ops[8] || mem[8] || keynum[8] ||
 * sk[64] || BLAKE2b-256("Ed" || keynum || sk)). */
#include "pack/minisig.h"
#include "util/util.h"
#include <errno.h>      /* errno */
#include <fcntl.h>      /* open */
#include <sodium.h>
#include <string.h>     /* memcmp, strncmp */
#include <sys/stat.h>   /* fstat */
#include <unistd.h>     /* read, close */

enum { PUBLIC_BLOB = 42, SIGNATURE_BLOB = 74, SECRET_BLOB = 158, SECRET_KEY_AT = 54 };

static int minisig_init(char *err, size_t errlen) {
  if (sodium_init() < 0) return util_error(err, errlen, "libsodium could not be initialised");
  return 0;
}

void minisig_key_id_hex(const unsigned char key_id[8], char out[17]) {
  static const char hex[] = "0123456789ABCDEF";
  for (int i = 0; i < 8; i++) {     /* minisign prints the keynum as a little-endian u64 */
    out[2 * i] = hex[key_id[7 - i] >> 4];
    out[2 * i + 1] = hex[key_id[7 - i] & 15];
  }
  out[16] = 0;
}

/* Splits text into at most max lines (without \r\n). Returns the number of lines. */
static int minisig_lines(const char *text, size_t len, const char **starts, size_t *lens, int max) {
  int n = 0;
  size_t i = 0;
  while (i < len && n < max) {
    size_t j = i;
    while (j < len && text[j] != '\n') j++;
    size_t end = j;
    if (end > i && text[end - 1] == '\r') end--;
    starts[n] = text + i;
    lens[n] = end - i;
    n++;
    i = j + 1;
  }
  return n;
}

/* Decodes one base64 line into exactly want bytes. */
static int minisig_base64(const char *line, size_t len, unsigned char *out, size_t want) {
  unsigned char buf[256];
  size_t got = 0;
  if (len == 0 || len > 300) return -1;
  if (sodium_base642bin(buf, sizeof buf, line, len, NULL, &got, NULL,
                        sodium_base64_VARIANT_ORIGINAL) != 0) return -1;
  if (got != want) return -1;
  memcpy(out, buf, want);
  return 0;
}

int minisig_parse_public_key(const char *text, size_t len, minisig_public_key *out,
                             char *err, size_t errlen) {
  const char *line[3]; size_t llen[3];
  int n = minisig_lines(text, len, line, llen, 3);
  int at = (n >= 1 && llen[0] >= 18 && !strncmp(line[0], "untrusted comment:", 18)) ? 1 : 0;
  unsigned char blob[PUBLIC_BLOB];
  if (at >= n || minisig_base64(line[at], llen[at], blob, sizeof blob) != 0)
    return util_error(err, errlen, "not a minisign public key (expected a base64 line of 42 bytes)");
  if (memcmp(blob, "Ed", 2) != 0)
    return util_error(err, errlen, "the public key is not an Ed25519 minisign key");
  memcpy(out->key_id, blob + 2, 8);
  memcpy(out->pk, blob + 10, 32);
  return 0;
}

int minisig_load_public_key(const char *path, minisig_public_key *out, char *err, size_t errlen) {
  char inner[256];
  size_t len = 0;
  char *text = util_read_file(path, MINISIG_FILE_MAX, &len, inner, sizeof inner);
  if (!text) return util_error(err, errlen, "cannot read trusted key: %s", inner);
  int rc = minisig_parse_public_key(text, len, out, inner, sizeof inner);
  free(text);
  if (rc) return util_error(err, errlen, "%s: %s", path, inner);
  return 0;
}

int minisig_load_secret_key(const char *path, minisig_secret_key *out, char *err, size_t errlen) {
  int rc = -1;
  size_t len = 0;
  unsigned char blob[SECRET_BLOB];
  if (minisig_init(err, errlen)) return -1;
  char *text = util_read_file(path, MINISIG_FILE_MAX, &len, err, errlen);
  if (!text) return -1;
  const char *line[2]; size_t llen[2];
  int n = minisig_lines(text, len, line, llen, 2);
  if (n < 2 || minisig_base64(line[1], llen[1], blob, sizeof blob) != 0) {
    util_error(err, errlen, "%s is not a minisign secret key", path);
    goto done;
  }
  if (memcmp(blob, "Ed", 2) != 0 || memcmp(blob + 4, "B2", 2) != 0) {
    util_error(err, errlen, "%s: unsupported secret key algorithm", path);
    goto done;
  }
  if (blob[2] != 0 || blob[3] != 0) {
    util_error(err, errlen, "%s is password-protected; sign with `minisign -S -H` or use "
               "an unencrypted key (`minisign -G -W`)", path);
    goto done;
  }
  memcpy(out->key_id, blob + SECRET_KEY_AT, 8);
  memcpy(out->sk, blob + SECRET_KEY_AT + 8, 64);
  unsigned char pk[32];
  crypto_sign_ed25519_sk_to_pk(pk, out->sk);
  unsigned char seed[32], check_pk[32], check_sk[64];
  crypto_sign_ed25519_sk_to_seed(seed, out->sk);
  crypto_sign_seed_keypair(check_pk, check_sk, seed);
  if (memcmp(check_pk, pk, 32) != 0) {
    util_error(err, errlen, "%s: the secret key is damaged (its public half does not match)", path);
    goto done;
  }
  rc = 0;
done:
  sodium_memzero(blob, sizeof blob);
  if (text) { sodium_memzero(text, len); free(text); }
  return rc;
}

int minisig_keygen(const char *public_path, const char *secret_path, char *err, size_t errlen) {
  int rc = -1;
  unsigned char pk[32], sk[64], blob[SECRET_BLOB], pub[PUBLIC_BLOB];
  char b64[sodium_base64_ENCODED_LEN(SECRET_BLOB, sodium_base64_VARIANT_ORIGINAL)];
  char text[512], id[17];
  if (minisig_init(err, errlen)) return -1;
  if (access(secret_path, F_OK) == 0)
    return util_error(err, errlen, "%s exists already; not overwriting a secret key", secret_path);
  crypto_sign_keypair(pk, sk);
  memset(blob, 0, sizeof blob);
  memcpy(blob, "Ed", 2);
  memcpy(blob + 4, "B2", 2);
  randombytes_buf(blob + SECRET_KEY_AT, 8);
  memcpy(blob + SECRET_KEY_AT + 8, sk, 64);
  unsigned char chk_in[2 + 8 + 64];
  memcpy(chk_in, "Ed", 2);
  memcpy(chk_in + 2, blob + SECRET_KEY_AT, 8);
  memcpy(chk_in + 10, sk, 64);
  crypto_generichash(blob + SECRET_KEY_AT + 72, 32, chk_in, sizeof chk_in, NULL, 0);
  sodium_bin2base64(b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
  int n = snprintf(text, sizeof text, "untrusted comment: minisign encrypted secret key\n%s\n", b64);
  int fd = open(secret_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) { util_error(err, errlen, "cannot create %s: %s", secret_path, strerror(errno)); goto done; }
  ssize_t w = write(fd, text, (size_t)n);
  int synced = fsync(fd);
  close(fd);
  if (w != n || synced != 0) { util_error(err, errlen, "cannot write %s", secret_path); goto done; }
  memcpy(pub, "Ed", 2);
  memcpy(pub + 2, blob + SECRET_KEY_AT, 8);
  memcpy(pub + 10, pk, 32);
  sodium_bin2base64(b64, sizeof b64, pub, sizeof pub, sodium_base64_VARIANT_ORIGINAL);
  minisig_key_id_hex(pub + 2, id);
  n = snprintf(text, sizeof text, "untrusted comment: minisign public key %s\n%s\n", id, b64);
  if (util_write_file_atomic(public_path, text, (size_t)n, err, errlen) != 0) goto done;
  rc = 0;
done:
  sodium_memzero(sk, sizeof sk);
  sodium_memzero(blob, sizeof blob);
  sodium_memzero(chk_in, sizeof chk_in);
  sodium_memzero(text, sizeof text);
  return rc;
}

int minisig_parse_signature(const char *text, size_t len, minisig_signature *out,
                            char *err, size_t errlen) {
  const char *line[4]; size_t llen[4];
  unsigned char blob[SIGNATURE_BLOB];
  static const char untrusted[] = "untrusted comment:", trusted[] = "trusted comment: ";
  if (len > MINISIG_FILE_MAX) return util_error(err, errlen, "the signature file is too large");
  int n = minisig_lines(text, len, line, llen, 4);
  if (n < 4) return util_error(err, errlen, "the signature file is incomplete (expected 4 lines, found %d)", n);
  if (llen[0] < sizeof untrusted - 1 || strncmp(line[0], untrusted, sizeof untrusted - 1))
    return util_error(err, errlen, "the signature file does not start with an untrusted comment line");
  if (minisig_base64(line[1], llen[1], blob, sizeof blob) != 0)
    return util_error(err, errlen, "the signature line is not a 74-byte base64 minisign signature");
  if (!memcmp(blob, "Ed", 2))
    return util_error(err, errlen, "the signature is in the legacy non-prehashed format; sign with `minisign -S -H`");
  if (memcmp(blob, "ED", 2))
    return util_error(err, errlen, "the signature uses an unknown algorithm");
  memcpy(out->key_id, blob + 2, 8);
  memcpy(out->signature, blob + 10, 64);
  if (llen[2] < sizeof trusted - 1 || strncmp(line[2], trusted, sizeof trusted - 1))
    return util_error(err, errlen, "the signature file has no trusted comment line");
  size_t clen = llen[2] - (sizeof trusted - 1);
  if (clen > MINISIG_COMMENT_MAX) return util_error(err, errlen, "the trusted comment is too long");
  memcpy(out->trusted_comment, line[2] + sizeof trusted - 1, clen);
  out->trusted_comment[clen] = 0;
  if (memchr(out->trusted_comment, 0, clen))
    return util_error(err, errlen, "the trusted comment contains a NUL byte");
  if (minisig_base64(line[3], llen[3], out->global_signature, 64) != 0)
    return util_error(err, errlen, "the global signature line is not 64 bytes of base64");
  return 0;
}

int minisig_hash_file(const char *path, unsigned char hash[64],
                      void (*progress)(void *user, long long done, long long total), void *user,
                      char *err, size_t errlen) {
  int rc = -1;
  crypto_generichash_state state;
  unsigned char buf[1 << 16];
  if (minisig_init(err, errlen)) return -1;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return util_error(err, errlen, "cannot open %s: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { util_error(err, errlen, "%s is not a regular file", path); goto done; }
  crypto_generichash_init(&state, NULL, 0, 64);
  long long done_bytes = 0;
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { util_error(err, errlen, "cannot read %s: %s", path, strerror(errno)); goto done; }
    if (r == 0) break;
    crypto_generichash_update(&state, buf, (size_t)r);
    done_bytes += r;
    if (progress) progress(user, done_bytes, (long long)st.st_size);
  }
  crypto_generichash_final(&state, hash, 64);
  rc = 0;
done:
  close(fd);
  return rc;
}

int minisig_verify(const minisig_signature *sig, const unsigned char hash[64],
                   const minisig_public_key *keys, int count, char *err, size_t errlen) {
  char id[17];
  minisig_key_id_hex(sig->key_id, id);
  if (minisig_init(err, errlen)) return -1;
  for (int k = 0; k < count; k++) {
    if (memcmp(keys[k].key_id, sig->key_id, 8)) continue;
    if (crypto_sign_verify_detached(sig->signature, hash, 64, keys[k].pk) != 0)
      return util_error(err, errlen, "the pack does not match its signature by key %s "
                        "(the file was changed or damaged after signing)", id);
    size_t clen = strlen(sig->trusted_comment);
    unsigned char *global = util_malloc(64 + clen);
    memcpy(global, sig->signature, 64);
    memcpy(global + 64, sig->trusted_comment, clen);
    int bad = crypto_sign_verify_detached(sig->global_signature, global, 64 + clen, keys[k].pk);
    free(global);
    if (bad) return util_error(err, errlen, "the trusted comment of the signature by key %s "
                               "was changed after signing", id);
    return k;
  }
  return util_error(err, errlen, "the pack is signed by key %s, which this kiosk does not trust", id);
}

char *minisig_sign(const unsigned char hash[64], const minisig_secret_key *key,
                   const char *untrusted_comment, const char *trusted_comment,
                   char *err, size_t errlen) {
  unsigned char blob[SIGNATURE_BLOB], global_sig[64];
  char b64sig[sodium_base64_ENCODED_LEN(SIGNATURE_BLOB, sodium_base64_VARIANT_ORIGINAL)];
  char b64global[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)];
  size_t clen = strlen(trusted_comment);
  if (minisig_init(err, errlen)) return NULL;
  if (clen > MINISIG_COMMENT_MAX || strpbrk(trusted_comment, "\r\n") ||
      strpbrk(untrusted_comment, "\r\n")) {
    util_error(err, errlen, "comments must be single lines of at most %d bytes", MINISIG_COMMENT_MAX);
    return NULL;
  }
  memcpy(blob, "ED", 2);
  memcpy(blob + 2, key->key_id, 8);
  crypto_sign_detached(blob + 10, NULL, hash, 64, key->sk);
  unsigned char *global = util_malloc(64 + clen);
  memcpy(global, blob + 10, 64);
  memcpy(global + 64, trusted_comment, clen);
  crypto_sign_detached(global_sig, NULL, global, 64 + clen, key->sk);
  free(global);
  sodium_bin2base64(b64sig, sizeof b64sig, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
  sodium_bin2base64(b64global, sizeof b64global, global_sig, 64, sodium_base64_VARIANT_ORIGINAL);
  size_t cap = strlen(untrusted_comment) + clen + sizeof b64sig + sizeof b64global + 64;
  char *out = util_malloc(cap);
  snprintf(out, cap, "untrusted comment: %s\n%s\ntrusted comment: %s\n%s\n",
           untrusted_comment, b64sig, trusted_comment, b64global);
  return out;
}
