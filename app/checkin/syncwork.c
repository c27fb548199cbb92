/* syncwork.c — the sync worker: load the kiosk key, open a second store connection
 * (SQLite WAL lets it share the files with the UI thread's), then call sync_run
 * whenever its back-off says it is due, until asked to stop. */
#include "checkin/syncwork.h"
#include <pthread.h>
#include <string.h>          /* memset */
#include <time.h>            /* clock_gettime */
#include "checkin/kioskkey.h"
#include "checkin/store.h"
#include "checkin/sync.h"
#include "system/errlog.h"
#include "util/util.h"

enum { SYNCWORK_IDLE_MS = 60000 };   /* look again at least this often */

struct syncwork {
  config cfg;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  int stop;
};

/* Sleeps up to ms or until stop is set; returns the stop flag. Caller holds w->lock. */
static int syncwork_sleep(syncwork *w, long long ms) {
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_sec += (time_t)(ms / 1000);
  until.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
  while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0) {}
  return w->stop;
}

static void *syncwork_main(void *arg) {
  syncwork *w = arg;
  char err[512] = "no key path", path[CONFIG_PATH_MAX];
  kioskkey key;
  store *st = NULL;
  int have_key = kioskkey_path(&w->cfg, path, sizeof path) == 0 && kioskkey_load(path, &key, err, sizeof err) == 0;
  if (!have_key) sys_log_error("check-in sync off: the kiosk key cannot be loaded (%s)", err);
  else if (!(st = store_open(w->cfg.state_dir, NULL, err, sizeof err)))
    sys_log_error("check-in sync off: %s", err);
  sync_state state;
  sync_init(&state);
  pthread_mutex_lock(&w->lock);
  while (st && !w->stop) {
    pthread_mutex_unlock(&w->lock);
    long long now = util_now_ms();
    if (sync_run(&state, st, &key, &w->cfg, now, SYNCWORK_REQUEST_MS, err, sizeof err) < 0)
      sys_log_error("check-in sync: %s (next try in %lld s)", err, state.backoff_ms / 1000);
    long long due = state.next_try_ms - util_now_ms();
    if (due < 1000) due = 1000;
    if (due > SYNCWORK_IDLE_MS) due = SYNCWORK_IDLE_MS;
    pthread_mutex_lock(&w->lock);
    syncwork_sleep(w, due);
  }
  pthread_mutex_unlock(&w->lock);
  if (st) store_close(st);
  if (have_key) kioskkey_wipe(&key);
  return NULL;
}

syncwork *syncwork_start(const config *cfg) {
  if (!cfg->sync_url[0]) return NULL;
  syncwork *w = util_calloc(1, sizeof *w);
  w->cfg = *cfg;
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&w->wake, &attr);
  pthread_condattr_destroy(&attr);
  pthread_mutex_init(&w->lock, NULL);
  if (pthread_create(&w->thread, NULL, syncwork_main, w) != 0) {
    sys_log_error("check-in sync off: cannot start its thread");
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
    return NULL;
  }
  return w;
}

void syncwork_stop(syncwork *w) {
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
