/* cli.c — the table of command-line modes and the argv helpers they share. */
#include "cli/cli.h"
#include <string.h>   /* strcmp */

static const char *const cli_config_state[] = { "--config", "--state", NULL };
static const char *const cli_install_options[] = { "--config", "--state", "--trusted-key", NULL };
static const char *const cli_install_switches[] = { "--allow-version-jump", NULL };
/* Modes whose flag takes no value. */
static const char *const cli_bare_modes[] = { "--set-pin", "--show-kiosk-id", "--update-pack", NULL };

static const cli_mode cli_table[] = {
  { "--install-pack", "wegwijs --install-pack FILE [--state DIR] [--config FILE] [--trusted-key PUB]... "
    "[--allow-version-jump]", cli_install_options, cli_install_pack, cli_install_switches },
  { "--export-checkins", "wegwijs --export-checkins DIR [--state DIR] [--config FILE]",
    cli_config_state, cli_export_checkins, NULL },
  { "--import-receipt", "wegwijs --import-receipt FILE [--state DIR] [--config FILE]",
    cli_config_state, cli_import_receipt, NULL },
  { "--update-pack", "wegwijs --update-pack [--config FILE] [--state DIR]   (one check of pack_url)",
    cli_config_state, cli_update_pack, NULL },
  { "--set-pin", "wegwijs --set-pin [--state DIR] [--config FILE]   (the PIN on standard input)",
    cli_config_state, cli_set_pin, NULL },
  { "--show-kiosk-id", "wegwijs --show-kiosk-id [--state DIR] [--config FILE]   (the key to enrol at the collector)",
    cli_config_state, cli_show_kiosk_id, NULL },
};

const cli_mode *cli_modes(int *count) {
  *count = (int)(sizeof cli_table / sizeof cli_table[0]);
  return cli_table;
}

const char *cli_value(int argc, char **argv, const char *flag) {
  for (int i = 1; i + 1 < argc; i++)
    if (!strcmp(argv[i], flag)) return argv[i + 1];
  return NULL;
}

int cli_has(int argc, char **argv, const char *flag) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], flag)) return 1;
  return 0;
}

static int cli_listed(const char *const *list, const char *word) {
  for (const char *const *o = list; o && *o; o++)
    if (!strcmp(*o, word)) return 1;
  return 0;
}

int cli_check(const cli_mode *mode, int argc, char **argv) {
  const char *problem = NULL, *word = NULL;
  int mode_takes_value = !cli_listed(cli_bare_modes, mode->flag);
  for (int i = 1; i < argc && !problem; i++) {
    word = argv[i];
    int needs = cli_listed(mode->value_options, word) || (!strcmp(word, mode->flag) && mode_takes_value);
    if (needs) { if (i + 1 >= argc) problem = "wants a value"; else i++; }
    else if (strcmp(word, mode->flag) && strcmp(word, "--help") && !cli_listed(mode->switches, word))
      problem = word[0] == '-' ? "unknown option" : "unexpected argument";
  }
  if (!problem) return 0;
  fprintf(stderr, "wegwijs: %s: %s\nusage: %s\n", word, problem, mode->usage);
  return 2;
}

void cli_print_exit_codes(FILE *out) {
  fprintf(out, "\nexit codes: 0 ok, 1 refused or failed (nothing changed), 2 usage error\n");
}
