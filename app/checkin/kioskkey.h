/* kioskkey.h — the kiosk's own Ed25519 key: made on first start in the config's
 * kiosk_id_file (default STATE/kiosk-id, mode 0600), signs export bundles; its public
 * key is the kiosk id. */
#ifndef WEGWIJS_KIOSKKEY_H
#define WEGWIJS_KIOSKKEY_H
#include <stddef.h>  /* size_t */
#include "config/config.h"   /* config */

typedef struct {
  unsigned char pk[32];   /* kiosk id */
  unsigned char sk[64];   /* libsodium Ed25519 secret key */
} kioskkey;

/* Loads the key file at path, creating it (and its folder) if it does not exist.
 * Refuses a key file with the wrong size, a mismatching public half, or group/other
 * permissions. Returns 0, or -1 with err set. Wipe with kioskkey_wipe when done. */
int kioskkey_load(const char *path, kioskkey *key, char *err, size_t errlen);
/* The same, but never creates: a missing file is an error ("no key yet"). For
 * `wegwijs --show-kiosk-id` and the staff status screen, which only show the id. */
int kioskkey_read(const char *path, kioskkey *key, char *err, size_t errlen);
/* The kiosk id as 64 lower-case hex digits (what `wegwijs-collect enrol` takes). */
void kioskkey_id_hex(const kioskkey *key, char out[65]);
/* The key file the config names: kiosk_id_file, or <state_dir>/kiosk-id. */
int kioskkey_path(const config *c, char *out, size_t outlen);
void kioskkey_wipe(kioskkey *key);
#endif
