/* main.c — `wegwijs`: a command-line mode from app/cli/, or the kiosk (app_run).
 * Options may stand before or after the mode's argument; --help and --version work
 * with every mode. Exit codes: 0 ok, 1 refused or failed, 2 usage. */
#include <stdio.h>              /* printf */
#include <string.h>             /* strcmp */
#include "app.h"                /* the kiosk: composition root */
#include "cli/cli.h"            /* the command-line modes */

static void main_help(const cli_mode *mode, int count, const cli_mode *modes) {
  if (mode) {
    printf("usage: %s\n", mode->usage);
  } else {
    printf("usage: wegwijs [--kiosk] [--config FILE] [--state DIR] [--size WxH] [--panel-mm WxH]\n"
           "               [--lang CODE] [--open SCREEN_OR_PAGE] [--sample]\n"
           "       wegwijs --headless [--size WxH] [--lang CODE] [--open X] [--screenshot OUT.png]\n"
           "               [--script FILE] [--dump-ui] [--events] [--frame-stats]\n");
    for (int m = 0; m < count; m++) printf("       %s\n", modes[m].usage);
    printf("       wegwijs --version\n"
           "Any mode with --help prints its own usage. Scripts: app/platform/SCRIPT.md\n");
  }
  cli_print_exit_codes(stdout);
}

int main(int argc, char **argv) {
  int count;
  const cli_mode *modes = cli_modes(&count), *mode = NULL;
  for (int i = 1; i < argc && !mode; i++)
    for (int m = 0; m < count; m++)
      if (!strcmp(argv[i], modes[m].flag)) { mode = &modes[m]; break; }
  if (cli_has(argc, argv, "--help")) { main_help(mode, count, modes); return 0; }
  if (cli_has(argc, argv, "--version")) { printf("wegwijs %s\n", WEGWIJS_VERSION); return 0; }
  if (!mode) return app_run(argc, argv);
  int rc = cli_check(mode, argc, argv);
  return rc ? rc : mode->run(argc, argv);
}
