/* syncwork.h — the optional HTTPS sync of sealed check-ins (app/checkin/sync.h) on a
 * worker thread with its own store connection and kiosk key, so the UI thread never
 * waits for the network. Without a sync_url in the config nothing starts. */
#ifndef WEGWIJS_SYNCWORK_H
#define WEGWIJS_SYNCWORK_H
#include "config/config.h"

typedef struct syncwork syncwork;

/* Starts the worker if cfg->sync_url is set; copies cfg. Returns NULL when there is
 * nothing to do or the thread cannot start (logged for staff). */
syncwork *syncwork_start(const config *cfg);

/* Asks the worker to stop and waits for it: at most the running request's timeout
 * (SYNCWORK_REQUEST_MS). NULL is fine. */
void syncwork_stop(syncwork *w);

enum { SYNCWORK_REQUEST_MS = 30000 };   /* the whole POST, connect included */
#endif
