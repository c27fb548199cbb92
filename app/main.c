/* main.c — the kiosk's wiring: command-line modes first, then the interactive kiosk.
 * Each mode lives in its own module; this file only dispatches. */
#include <stdio.h>              /* printf */
#include <string.h>             /* strcmp */
#include "checkin/checkin_cli.h"  /* --export-checkins, --import-receipt */
#include "pack/install.h"         /* --install-pack */
#include "platform/kiosk.h"       /* the kiosk itself */
#include "staff/pin.h"            /* --set-pin */

typedef struct {
  const char *flag;
  int (*run)(int argc, char **argv);   /* takes the whole argv, returns the exit code */
} main_mode;

int main(int argc, char **argv) {
  static const main_mode modes[] = {
    { "--install-pack", pack_cli_install },
    { "--export-checkins", checkin_cli_export },
    { "--import-receipt", checkin_cli_import_receipt },
    { "--set-pin", staff_cli_set_pin },
  };
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--version")) { printf("wegwijs %s\n", WEGWIJS_VERSION); return 0; }
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
      if (!strcmp(argv[i], modes[m].flag)) return modes[m].run(argc, argv);
  }
  return kiosk_main(argc, argv);
}
