/* export.c — `wegwijs-collect export` (work in progress: see the collector report). */
#include "collect.h"
#include <stdio.h>

int export_main(int argc, char **argv) {
  (void)argc; (void)argv;
  fprintf(stderr, "export: not built yet\n");
  return 2;
}
