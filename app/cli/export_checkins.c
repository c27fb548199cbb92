/* export_checkins.c — `wegwijs --export-checkins DIR`: one verified bundle on a stick. */
#include "cli/cli.h"
#include <stdio.h>      /* printf */
#include <stdlib.h>     /* free */
#include "checkin/export.h"
#include "checkin/receipt.h"
#include "checkin/status.h"
#include "cli/cli_checkin.h"
#include "util/util.h"

int cli_export_checkins(int argc, char **argv) {
  const char *dir = cli_value(argc, argv, "--export-checkins");
  if (!dir) { fprintf(stderr, "usage: wegwijs --export-checkins DIR [--state DIR] [--config FILE]\n"); return 2; }
  config cfg;
  kioskkey key;
  store *st;
  if (cli_checkin_setup(argc, argv, &cfg, &key, &st) != 0) return 1;
  char err[1024], path[4200];
  long n = checkin_export_to(st, &key, dir, path, sizeof path, NULL, err, sizeof err);
  int rc = 0;
  if (n < 0) {
    fprintf(stderr, "wegwijs: export failed, nothing was marked exported: %s\n", err);
    rc = 1;
  } else {
    store_counts c;
    printf("exported %ld check-ins to %s\n", n, path);
    if (kstatus_write_for(&cfg, st, &key, path, err, sizeof err) != 0)
      fprintf(stderr, "wegwijs: warning: no kiosk status record next to the bundle: %s\n", err);
    if (store_count(st, &c, err, sizeof err) == 0 && c.fresh + c.exported > n)
      printf("%ld more wait for the next export\n", c.fresh + c.exported - n);
    printf("verified; the stick can be removed\n");
  }
  store_close(st);
  kioskkey_wipe(&key);
  return rc;
}
