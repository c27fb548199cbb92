/* import_receipt.c — `wegwijs --import-receipt FILE`: acknowledge and purge. */
#include "cli/cli.h"
#include <stdio.h>      /* printf */
#include <stdlib.h>     /* free */
#include "checkin/export.h"
#include "checkin/receipt.h"
#include "cli/cli_checkin.h"
#include "util/util.h"

int cli_import_receipt(int argc, char **argv) {
  const char *file = cli_value(argc, argv, "--import-receipt");
  if (!file) { fprintf(stderr, "usage: wegwijs --import-receipt FILE [--state DIR] [--config FILE]\n"); return 2; }
  config cfg;
  kioskkey key;
  store *st;
  if (cli_checkin_setup(argc, argv, &cfg, &key, &st) != 0) return 1;
  char err[1024];
  size_t len = 0;
  int rc = 1;
  char *data = util_read_file(file, (size_t)RECEIPT_MAX_BYTES,
                              &len, err, sizeof err);
  if (!data) { fprintf(stderr, "wegwijs: %s\n", err); goto done; }
  long acked = checkin_apply_receipt(st, &key, &cfg, (const unsigned char *)data, len, err, sizeof err);
  if (acked < 0) { fprintf(stderr, "wegwijs: receipt refused, nothing changed: %s\n", err); goto done; }
  store_counts c;
  printf("receipt accepted: %ld check-ins acknowledged\n", acked);
  if (store_count(st, &c, err, sizeof err) == 0)
    printf("%ld not yet acknowledged, %ld acknowledged and kept for %d days\n", c.fresh + c.exported, c.acked, cfg.retention_days);
  rc = 0;
done:
  free(data);
  store_close(st);
  kioskkey_wipe(&key);
  return rc;
}
