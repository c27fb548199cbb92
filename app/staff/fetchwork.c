/* fetchwork.c — the pack-check worker thread (fetchwork.h). */
#include "staff/fetchwork.h"
#include "staff/fetch.h"
#include "system/errlog.h"
#include "util/util.h"
#include <pthread.h>
#include <sodium.h>          /* randombytes_random */
#include <stdlib.h>          /* free */
#include <time.h>            /* clock_gettime */

enum { FETCHWORK_FIRST_CHECK_S = 60 };   /* after a start, check within about a minute */

struct fetchwork {
  config cfg;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  int stop;
};

/* Sleeps up to ms or until stop is set; returns the stop flag. Caller holds w->lock. */
static int fetchwork_sleep(fetchwork *w, long long ms) {
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_sec += (time_t)(ms / 1000);
  until.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
  while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0) {}
  return w->stop;
}

/* fetch_cancel: the kiosk is stopping, so a running download breaks off (and resumes
 * at the next start) instead of holding up the shutdown. */
static int fetchwork_stopping(void *ctx) {
  fetchwork *w = ctx;
  pthread_mutex_lock(&w->lock);
  int stop = w->stop;
  pthread_mutex_unlock(&w->lock);
  return stop;
}

static void *fetchwork_main(void *arg) {
  fetchwork *w = arg;
  config first = w->cfg;
  if (first.pack_check_s > FETCHWORK_FIRST_CHECK_S) first.pack_check_s = FETCHWORK_FIRST_CHECK_S;
  long long wait = fetch_next_wait_ms(&first, randombytes_random());
  pthread_mutex_lock(&w->lock);
  while (!fetchwork_sleep(w, wait)) {
    pthread_mutex_unlock(&w->lock);
    fetch_cancel cancel = { fetchwork_stopping, w };
    fetch_pack_check(&w->cfg, 1, &cancel, NULL);   /* outcome in STATE/fetch/state; errors logged */
    wait = fetch_next_wait_ms(&w->cfg, randombytes_random());
    pthread_mutex_lock(&w->lock);
  }
  pthread_mutex_unlock(&w->lock);
  return NULL;
}

fetchwork *fetchwork_start(const config *cfg) {
  if (!cfg->pack_url[0]) return NULL;
  fetchwork *w = util_calloc(1, sizeof *w);
  w->cfg = *cfg;
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&w->wake, &attr);
  pthread_condattr_destroy(&attr);
  pthread_mutex_init(&w->lock, NULL);
  if (pthread_create(&w->thread, NULL, fetchwork_main, w) != 0) {
    sys_log_error("pack checks off: cannot start their thread");
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
    return NULL;
  }
  return w;
}

void fetchwork_stop(fetchwork *w) {
  if (!w) return;
  pthread_mutex_lock(&w->lock);
  w->stop = 1;
  pthread_cond_signal(&w->wake);
  pthread_mutex_unlock(&w->lock);
  pthread_join(w->thread, NULL);
  pthread_cond_destroy(&w->wake);
  pthread_mutex_destroy(&w->lock);
  free(w);
}
