/* main.c — the kiosk's wiring: command-line modes first, then the interactive kiosk.
 * Each mode lives in its own module; this file only dispatches. */
#include <stdio.h>   /* printf */
#include <string.h>  /* strcmp */

/* Mode entry points, each owned by its module. Declared weak while the modules are
 * being built in parallel, so a missing one says so instead of failing the link.
 * Each takes the whole argv and parses its own options; returns the exit code. */
int pack_cli_install(int argc, char **argv);
int checkin_cli_export(int argc, char **argv);
int checkin_cli_import_receipt(int argc, char **argv);
int staff_cli_set_pin(int argc, char **argv);
int kiosk_main(int argc, char **argv);

typedef struct {
  const char *flag;
  int (*run)(int argc, char **argv);
} main_mode;

int main(int argc, char **argv) {
  const main_mode modes[] = {
    { "--install-pack", pack_cli_install },
    { "--export-checkins", checkin_cli_export },
    { "--import-receipt", checkin_cli_import_receipt },
    { "--set-pin", staff_cli_set_pin },
  };
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--version")) { printf("wegwijs %s\n", WEGWIJS_VERSION); return 0; }
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
      if (strcmp(argv[i], modes[m].flag)) continue;
      if (!modes[m].run) { fprintf(stderr, "wegwijs: %s is not built yet\n", modes[m].flag); return 2; }
      return modes[m].run(argc, argv);
    }
  }
  return kiosk_main(argc, argv);
}
