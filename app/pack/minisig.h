/* minisig.h — minisign-compatible Ed25519 keys and prehashed ("ED") signatures on
 * libsodium: the stock `minisign` tool can sign what the kiosk verifies, and our
 * signer's output verifies with `minisign -V`. Only the prehashed ED algorithm is
 * accepted; the legacy "Ed" (whole-file) form is refused so that the signature file
 * cannot choose a weaker path. */
#ifndef WEGWIJS_MINISIG_H
#define WEGWIJS_MINISIG_H
#include <stddef.h>  /* size_t */

enum {
  MINISIG_COMMENT_MAX = 1024,   /* longest trusted comment we accept (bytes, no NUL) */
  MINISIG_FILE_MAX = 4096       /* a .minisig or key file larger than this is refused */
};

typedef struct {
  unsigned char key_id[8];      /* minisign "keynum", little-endian as in the file */
  unsigned char pk[32];         /* Ed25519 public key */
} minisig_public_key;

typedef struct {
  unsigned char key_id[8];
  unsigned char sk[64];         /* libsodium Ed25519 secret key (seed || pk) */
} minisig_secret_key;

typedef struct {
  unsigned char key_id[8];
  unsigned char signature[64];  /* Ed25519 over BLAKE2b-512(file) */
  char trusted_comment[MINISIG_COMMENT_MAX + 1];
  unsigned char global_signature[64];   /* Ed25519 over signature || trusted_comment */
} minisig_signature;

/* Key id as minisign prints it ("9A264D5B1B09361E"); out must hold 17 bytes. */
void minisig_key_id_hex(const unsigned char key_id[8], char out[17]);

/* Parses a public key: a minisign .pub file (comment line + base64 line) or the bare
 * base64 line. Returns 0, or -1 with err set. */
int minisig_parse_public_key(const char *text, size_t len, minisig_public_key *out,
                             char *err, size_t errlen);
int minisig_load_public_key(const char *path, minisig_public_key *out, char *err, size_t errlen);

/* Loads an unencrypted minisign secret key (as written by `minisign -G -W` or
 * minisig_keygen). Password-protected keys are refused with a message saying so. */
int minisig_load_secret_key(const char *path, minisig_secret_key *out, char *err, size_t errlen);

/* Generates a key pair and writes both files in minisign format (secret key mode 0600,
 * unencrypted). Refuses to overwrite an existing secret key. 0 or -1 with err set. */
int minisig_keygen(const char *public_path, const char *secret_path, char *err, size_t errlen);

/* Parses the four-line .minisig text. Returns 0, or -1 with err set (a legacy "Ed"
 * signature, bad base64, wrong sizes and over-long comments are refused). */
int minisig_parse_signature(const char *text, size_t len, minisig_signature *out,
                            char *err, size_t errlen);

/* BLAKE2b-512 of a file, streaming. progress (may be NULL) is called with bytes done
 * and the total. 0 or -1 with err set. */
int minisig_hash_file(const char *path, unsigned char hash[64],
                      void (*progress)(void *user, long long done, long long total), void *user,
                      char *err, size_t errlen);

/* Verifies sig against the file hash with one of count keys (key id must match one
 * of them; the pack never supplies the key). On success returns the index of the key
 * that verified; on failure -1 with one sentence in err naming what is wrong. */
int minisig_verify(const minisig_signature *sig, const unsigned char hash[64],
                   const minisig_public_key *keys, int count, char *err, size_t errlen);

/* Signs a file hash and returns the malloc'd .minisig text (caller frees), or NULL
 * with err set. trusted_comment must be one line of at most MINISIG_COMMENT_MAX bytes. */
char *minisig_sign(const unsigned char hash[64], const minisig_secret_key *key,
                   const char *untrusted_comment, const char *trusted_comment,
                   char *err, size_t errlen);
#endif
