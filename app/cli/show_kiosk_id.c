/* show_kiosk_id.c — `wegwijs --show-kiosk-id`: prints the kiosk's public key, the id the
 * collector enrols (`wegwijs-collect enrol --site SITE KEY`). Never makes a key. */
#include "cli/cli.h"
#include <stdio.h>      /* printf */
#include "checkin/kioskkey.h"
#include "config/config.h"

int cli_show_kiosk_id(int argc, char **argv) {
  config cfg;
  char err[1024], path[4096], hex[65];
  if (config_from_args(&cfg, argc, argv, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs --show-kiosk-id: %s\n", err);
    return 2;
  }
  kioskkey key;
  if (kioskkey_path(&cfg, path, sizeof path) != 0 || kioskkey_read(path, &key, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs --show-kiosk-id: %s\n", err);
    return 1;
  }
  kioskkey_id_hex(&key, hex);
  kioskkey_wipe(&key);
  printf("%s\n", hex);
  fprintf(stderr, "enrol it at the collector: wegwijs-collect enrol --site %s %s\n",
          cfg.site_code[0] ? cfg.site_code : "SITE", hex);
  return 0;
}
