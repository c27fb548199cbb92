/* app.h — the kiosk's composition root: wires fonts, pack, window, staff and sync
 * workers, read-aloud, the check-in store and the ui, and owns the pack hot-swap policy. */
#ifndef WEGWIJS_APP_H
#define WEGWIJS_APP_H

/* Runs the kiosk (or one headless run) and returns the exit code: 0 ok, 1 a script
 * expectation failed or a runtime error, 2 bad usage. */
int app_run(int argc, char **argv);
#endif
