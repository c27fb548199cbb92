/* checkin_setup.c — what both check-in modes open first: config, kiosk key, store. */
#include "cli/cli_checkin.h"
#include <stdio.h>      /* fprintf */

/* Opens config, key and store for a CLI mode. 0 or -1 (message printed). */
int cli_checkin_setup(int argc, char **argv, config *cfg, kioskkey *key, store **st) {
  char err[1024], keypath[CONFIG_PATH_MAX + 16];
  *st = NULL;
  if (config_from_args(cfg, argc, argv, err, sizeof err) != 0) { fprintf(stderr, "wegwijs: %s\n", err); return -1; }
  if (kioskkey_path(cfg, keypath, sizeof keypath) != 0 || kioskkey_load(keypath, key, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs: kiosk key: %s\n", err);
    return -1;
  }
  *st = store_open(cfg->state_dir, NULL, err, sizeof err);
  if (!*st) { fprintf(stderr, "wegwijs: %s\n", err); kioskkey_wipe(key); return -1; }
  return 0;
}

