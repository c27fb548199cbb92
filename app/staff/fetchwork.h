/* fetchwork.h — the running kiosk's pack checks: a worker thread that runs
 * fetch_pack_check (app/staff/fetch) about every pack_check_s seconds (± 20 %; the
 * first check within a minute of the start). A pack it installs is picked up by the
 * kiosk's existing reload path (app_packs_check in app/app.c watches the pack state),
 * so this thread never touches the ui. */
#ifndef WEGWIJS_FETCHWORK_H
#define WEGWIJS_FETCHWORK_H
#include "config/config.h"

typedef struct fetchwork fetchwork;

/* Starts the worker for cfg (copied). NULL when cfg has no pack_url or the thread
 * cannot start (logged). */
fetchwork *fetchwork_start(const config *cfg);

/* Asks the worker to stop; a running download breaks off at once (kept for a Range
 * resume). Waits for the thread, frees. NULL is fine. */
void fetchwork_stop(fetchwork *w);
#endif
