/* set_pin.c — `wegwijs --set-pin [--config F] [--state D]`: reads the PIN from stdin
 * (twice with a prompt when stdin is a terminal, echo off) and stores its hash. */
#include "cli/cli.h"
#include <sodium.h>     /* sodium_memzero */
#include <string.h>     /* strcmp, strcspn */
#include <termios.h>    /* tcgetattr: no echo while typing the PIN */
#include <unistd.h>     /* isatty */
#include "config/config.h"
#include "staff/pin.h"

/* Reads one line from stdin into buf without the newline; echo off on a terminal.
 * Returns 0, or -1 at end of input. */
static int cli_read_pin(const char *prompt, char *buf, size_t cap, int tty) {
  struct termios old, quiet;
  int echo_off = 0;
  if (tty) {
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    if (tcgetattr(0, &old) == 0) {
      quiet = old;
      quiet.c_lflag &= ~(tcflag_t)ECHO;
      echo_off = tcsetattr(0, TCSAFLUSH, &quiet) == 0;
    }
  }
  char *got = fgets(buf, (int)cap, stdin);
  if (echo_off) { tcsetattr(0, TCSAFLUSH, &old); fprintf(stderr, "\n"); }
  if (!got) return -1;
  buf[strcspn(buf, "\r\n")] = 0;
  return 0;
}

int cli_set_pin(int argc, char **argv) {
  config cfg;
  char err[1024], pin[64] = "", again[64] = "";
  int rc = 1;
  if (config_from_args(&cfg, argc, argv, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs --set-pin: %s\n", err);
    return 2;
  }
  int tty = isatty(0);
  if (cli_read_pin("New staff PIN (6-8 digits): ", pin, sizeof pin, tty) != 0) {
    fprintf(stderr, "wegwijs --set-pin: no PIN on standard input\n");
    goto done;
  }
  if (!staff_pin_format_ok(pin)) {
    fprintf(stderr, "wegwijs --set-pin: the PIN must be %d to %d digits (0-9), nothing else\n",
            STAFF_PIN_MIN_DIGITS, STAFF_PIN_MAX_DIGITS);
    goto done;
  }
  if (tty) {
    if (cli_read_pin("Type it again: ", again, sizeof again, tty) != 0 || strcmp(pin, again) != 0) {
      fprintf(stderr, "wegwijs --set-pin: the two PINs differ; nothing was changed\n");
      goto done;
    }
  }
  if (staff_pin_set(cfg.state_dir, pin, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs --set-pin: %s; the old PIN still holds\n", err);
    goto done;
  }
  printf("Staff PIN set in %s/%s/%s (readable by root only).\n"
         "A running kiosk reads it at start: systemctl restart wegwijs\n",
         cfg.state_dir, STAFF_PIN_SECRET_DIR, STAFF_PIN_FILE);
  rc = 0;
done:
  sodium_memzero(pin, sizeof pin);
  sodium_memzero(again, sizeof again);
  return rc;
}
