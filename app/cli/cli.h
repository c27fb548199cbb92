/* cli.h — the command-line modes of `wegwijs`, one file each, dispatched by app/main.c.
 * Every mode takes the whole argv (its flag and options in any order), prints one
 * sentence on success or refusal, and returns the exit code: 0 ok, 1 refused or
 * failed, 2 usage. argv parsing lives here, never in the library folders. */
#ifndef WEGWIJS_CLI_H
#define WEGWIJS_CLI_H
#include <stdio.h>   /* FILE */

typedef struct {
  const char *flag;                    /* "--install-pack" */
  const char *usage;                   /* one line: the flag and its options */
  const char *const *value_options;    /* options that take a value, NULL-terminated */
  int (*run)(int argc, char **argv);
  const char *const *switches;         /* options without a value, NULL-terminated (or NULL) */
} cli_mode;

int cli_install_pack(int argc, char **argv);
int cli_export_checkins(int argc, char **argv);
int cli_import_receipt(int argc, char **argv);
int cli_set_pin(int argc, char **argv);
int cli_show_kiosk_id(int argc, char **argv);
int cli_update_pack(int argc, char **argv);

/* The modes in help order; count in *count. */
const cli_mode *cli_modes(int *count);

/* The value after the first flag in argv, or NULL. */
const char *cli_value(int argc, char **argv, const char *flag);
int cli_has(int argc, char **argv, const char *flag);

/* Checks argv against the mode: every word is its flag, a known option (with its
 * value), one of its switches, --help. Returns 0, or 2 with "wegwijs: MESSAGE" and the mode's usage printed. */
int cli_check(const cli_mode *mode, int argc, char **argv);

/* The exit codes paragraph every --help ends with. */
void cli_print_exit_codes(FILE *out);
#endif
