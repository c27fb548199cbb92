/* main.c — the kiosk's wiring (placeholder until the UI lands). */
#include <stdio.h>   /* printf */
#include <string.h>  /* strcmp */

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--version")) { printf("wegwijs %s\n", WEGWIJS_VERSION); return 0; }
  fprintf(stderr, "wegwijs: the kiosk UI is not built yet\n");
  return 1;
}
