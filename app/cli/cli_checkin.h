/* cli_checkin.h — the setup shared by --export-checkins and --import-receipt. */
#ifndef WEGWIJS_CLI_CHECKIN_H
#define WEGWIJS_CLI_CHECKIN_H
#include "checkin/kioskkey.h"
#include "checkin/store.h"
#include "config/config.h"

/* Opens config, key and store for a check-in mode. 0, or -1 with the message printed
 * (nothing left open). The caller closes the store and wipes the key. */
int cli_checkin_setup(int argc, char **argv, config *cfg, kioskkey *key, store **st);
#endif
