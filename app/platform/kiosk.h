/* kiosk.h — the interactive kiosk and its headless driver (the `wegwijs` default mode):
 * window and renderer, the one pointer path for touch and mouse, the event loop, and
 * --headless scripts that inject real SDL events. Options: app/platform/SCRIPT.md. */
#ifndef WEGWIJS_KIOSK_H
#define WEGWIJS_KIOSK_H

/* Parses argv, runs the kiosk (or one headless run) and returns the exit code:
 * 0 ok, 1 a script expectation failed or a runtime error, 2 bad usage. */
int kiosk_main(int argc, char **argv);
#endif
