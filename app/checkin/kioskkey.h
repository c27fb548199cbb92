/* kioskkey.h — the kiosk's own Ed25519 key: made on first start in STATE/kiosk.key
 * (mode 0600), signs export bundles; its public key is the kiosk id. */
#ifndef WEGWIJS_KIOSKKEY_H
#define WEGWIJS_KIOSKKEY_H
#include <stddef.h>  /* size_t */

typedef struct {
  unsigned char pk[32];   /* kiosk id */
  unsigned char sk[64];   /* libsodium Ed25519 secret key */
} kioskkey;

/* Loads STATE/kiosk.key, creating it (and STATE) if it does not exist. Refuses a key
 * file with the wrong size, a mismatching public half, or group/other permissions.
 * Returns 0, or -1 with err set. Wipe with kioskkey_wipe when done. */
int kioskkey_load(const char *state_dir, kioskkey *key, char *err, size_t errlen);
void kioskkey_wipe(kioskkey *key);
#endif
