/* args.c — option parsing for wegwijs-collect (args.h). */
#include "args.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>   /* strtol */
#include <string.h>

int args_parse(const char *cmd, int argc, char **argv, int first, const args_option *opts,
               const char **pos, int max_pos, int *npos) {
  int only_positionals = 0;
  *npos = 0;
  for (int i = first; i < argc; i++) {
    const char *a = argv[i];
    if (only_positionals || a[0] != '-' || !a[1]) {
      if (*npos >= max_pos) {
        fprintf(stderr, "wegwijs-collect %s: unexpected argument '%s' (see --help)\n", cmd, a);
        return ARGS_USAGE;
      }
      pos[(*npos)++] = a;
      continue;
    }
    if (!strcmp(a, "--")) { only_positionals = 1; continue; }
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) return ARGS_HELP;
    const char *eq = strchr(a, '=');
    size_t name_len = eq ? (size_t)(eq - a) : strlen(a);
    const args_option *o = opts;
    while (o && o->name && (strlen(o->name) != name_len || strncmp(o->name, a, name_len))) o++;
    if (!o || !o->name) {
      fprintf(stderr, "wegwijs-collect %s: unknown option %s (see --help)\n", cmd, a);
      return ARGS_USAGE;
    }
    if (!o->value) {
      if (eq) { fprintf(stderr, "wegwijs-collect %s: %s takes no value\n", cmd, o->name); return ARGS_USAGE; }
      *o->flag = 1;
    } else if (eq) {
      *o->value = eq + 1;
    } else if (i + 1 < argc) {
      *o->value = argv[++i];
    } else {
      fprintf(stderr, "wegwijs-collect %s: %s needs a value\n", cmd, o->name);
      return ARGS_USAGE;
    }
  }
  return ARGS_OK;
}

int args_help(int parsed, const char *text) {
  fputs(text, parsed == ARGS_HELP ? stdout : stderr);
  return parsed == ARGS_HELP ? 0 : ARGS_USAGE;
}

int args_int(const char *s, long min, long max, long *out) {
  if (!s || !*s) return -1;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || v < min || v > max) return -1;
  *out = v;
  return 0;
}
