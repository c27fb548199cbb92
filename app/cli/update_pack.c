/* update_pack.c — `wegwijs --update-pack [--config FILE] [--state DIR]`: one check of
 * the config's pack_url (app/staff/fetch), then exit: 0 installed or unchanged, 1
 * refused or failed (one sentence on stderr), 2 usage or no pack_url. */
#include "cli/cli.h"
#include <stdio.h>
#include "config/config.h"
#include "staff/fetch.h"

int cli_update_pack(int argc, char **argv) {
  static config cfg;
  char err[1024];
  if (config_from_args(&cfg, argc, argv, err, sizeof err)) { fprintf(stderr, "wegwijs: %s\n", err); return 2; }
  if (!cfg.pack_url[0]) {
    fprintf(stderr, "wegwijs: the config names no pack_url, so there is nothing to check\n");
    return 2;
  }
  fetch_state st;
  fetch_outcome outcome = fetch_pack_check(&cfg, 0, NULL, &st);
  if (outcome == FETCH_INSTALLED || outcome == FETCH_UNCHANGED) { printf("%s\n", st.sentence); return 0; }
  fprintf(stderr, "wegwijs: %s\n", st.sentence);
  return 1;
}
