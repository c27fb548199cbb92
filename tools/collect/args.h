/* args.h — wegwijs-collect's command-line conventions, shared by every subcommand:
 * options before or after positionals ("--" ends options), "--opt VALUE" or
 * "--opt=VALUE", --help for every command, usage errors exit 2, refusals and failures
 * exit 1, success 0. */
#ifndef WEGWIJS_COLLECT_ARGS_H
#define WEGWIJS_COLLECT_ARGS_H

enum { ARGS_OK = 0, ARGS_FAILED = 1, ARGS_USAGE = 2, ARGS_HELP = -1 };

typedef struct {
  const char *name;       /* "--db" */
  const char **value;     /* set for options with a value, else NULL */
  int *flag;              /* set to 1 for flags (value NULL) */
} args_option;

/* Parses argv[first..argc). Options fill their targets; positionals are collected in
 * order into pos (argv pointers; *npos set), at most max_pos. Returns ARGS_OK,
 * ARGS_HELP (--help or -h was given: print help, exit 0) or ARGS_USAGE with a
 * "wegwijs-collect CMD: reason" line on stderr. */
int args_parse(const char *cmd, int argc, char **argv, int first, const args_option *opts,
               const char **pos, int max_pos, int *npos);

/* Prints help text (for ARGS_HELP to stdout, else to stderr) and returns the exit code
 * to use: 0 for ARGS_HELP, 2 otherwise. */
int args_help(int parsed, const char *text);

/* Parses a whole decimal number in [min, max] into *out. 0 or -1. */
int args_int(const char *s, long min, long max, long *out);
#endif
