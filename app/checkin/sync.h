/* sync.h — optional HTTPS upload of bundles with libcurl (BUNDLE.md §5). Never needed:
 * without a sync URL nothing happens. TLS is verified; http:// only for 127.0.0.1. */
#ifndef WEGWIJS_SYNC_H
#define WEGWIJS_SYNC_H
#include <stddef.h>  /* size_t */
#include "checkin/store.h"
#include "checkin/kioskkey.h"
#include "config/config.h"

typedef struct {
  long long next_try_ms;   /* monotonic; 0 = now */
  long long backoff_ms;    /* 0 = not failing; then 60 s doubling to 6 h */
  int last_status;         /* last HTTP status, 0 = no connection */
  char last_error[256];
} sync_state;

enum { SYNC_FIRST_RETRY_MS = 60000 };
#define SYNC_MAX_BACKOFF_MS (6LL * 3600 * 1000)

void sync_init(sync_state *s);

/* If due at now_ms, builds a bundle of pending records, POSTs it to cfg->sync_url
 * (timeout_ms for the whole request), verifies and applies the receipt in the
 * response. Returns the number of records acknowledged (0 when nothing was due or no
 * URL is configured), or -1 with err set after scheduling a retry with back-off.
 * Blocks for at most timeout_ms: call it from a worker thread or an idle moment. */
long sync_run(sync_state *s, store *st, const kioskkey *key, const config *cfg,
              long long now_ms, long timeout_ms, char *err, size_t errlen);
#endif
