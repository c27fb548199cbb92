/* app.c — the kiosk's composition root. */
#include "app.h"
#include "platform/kiosk.h"

int app_run(int argc, char **argv) { return kiosk_main(argc, argv); }
