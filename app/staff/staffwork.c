/* staffwork.c — staff mode's back end: PIN, status, sticks, and one worker thread for
 * the USB jobs with progress under a mutex. */
#include "staff/staffwork.h"
#include "staff/fetch.h"
#include "staff/volume.h"   /* staff_volume_load, staff_volume_save */
#include <dirent.h>        /* opendir: receipts on a stick */
#include <ftw.h>           /* nftw: the export test hook's stick removal (test builds) */
#include <pthread.h>
#include <stdio.h>         /* snprintf */
#include <stdlib.h>        /* getenv, atoll */
#include <string.h>        /* strcmp */
#include <sys/stat.h>      /* stat */
#include <time.h>          /* time, nanosleep */
#include "checkin/export.h"
#include "checkin/kioskkey.h"
#include "checkin/receipt.h"
#include "checkin/store.h"
#include "system/errlog.h"
#include "util/util.h"

#define STAFFWORK_LAST_RECEIPT "last-receipt"

struct staffwork {
  config cfg;
  long long start_ms;
  staff_pin_state pin;
  pthread_mutex_t lock;
  pthread_t thread;
  int thread_live;            /* started and not yet joined */
  staffwork_progress progress;   /* under lock */
  /* the job's input, written before the thread starts */
  sys_media_pack pack;
  sys_medium medium;
#ifdef WEGWIJS_TEST_HOOKS
  char pull_step[32];         /* WEGWIJS_TEST_PULL_STICK, or "" */
#endif
  int volume;                 /* read-aloud volume in effect (staff/volume.h) */
};

/* ------------------------------------------------------------------ test hook */

/* Compiled only into build/tests/wegwijs-hooks (Makefile): the shipped kiosk has no way
 * to delete a folder on a stick. */
#ifdef WEGWIJS_TEST_HOOKS

/* Compiled only into build/tests/wegwijs-hooks (Makefile): the shipped kiosk has no way
 * to delete a folder on a stick. */
#ifdef WEGWIJS_TEST_HOOKS
static int staffwork_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb; (void)flag; (void)ftw;
  return remove(path);
}

/* WEGWIJS_TEST_PULL_STICK: the stick (the bundle's folder) disappears at that step. */
static void staffwork_pull_stick(void *ctx, const char *step, const char *tmp_path, const char *final_path) {
  staffwork *w = ctx;
  (void)tmp_path;
  if (!w->pull_step[0] || strcmp(step, w->pull_step)) return;
  char dir[SYS_MEDIA_PATH_MAX];
  snprintf(dir, sizeof dir, "%s", final_path);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = 0;
  nftw(dir, staffwork_rm, 16, FTW_DEPTH | FTW_PHYS);
  w->pull_step[0] = 0;
}
#endif
#endif

/* ------------------------------------------------------------------ life cycle */

staffwork *staffwork_create(const config *cfg, long long process_start_ms) {
  staffwork *w = util_calloc(1, sizeof *w);
  w->cfg = *cfg;
  w->start_ms = process_start_ms;
  staff_pin_init(&w->pin, cfg->state_dir);
  w->volume = staff_volume_load(cfg->state_dir, cfg->audio_volume);
  pthread_mutex_init(&w->lock, NULL);
#ifdef WEGWIJS_TEST_HOOKS
  const char *pull = getenv("WEGWIJS_TEST_PULL_STICK");
  if (pull && *pull) snprintf(w->pull_step, sizeof w->pull_step, "%s", pull);
#endif
  return w;
}

void staffwork_destroy(staffwork *w) {
  if (!w) return;
  if (w->thread_live) pthread_join(w->thread, NULL);
  pthread_mutex_destroy(&w->lock);
  free(w);
}

int staffwork_volume(const staffwork *w) { return w->volume; }

int staffwork_set_volume(staffwork *w, int percent) {
  char err[512];
  w->volume = percent < 0 ? 0 : percent > 100 ? 100 : percent;
  return staff_volume_save(w->cfg.state_dir, w->volume, err, sizeof err);
}

int staffwork_timeout_s(const staffwork *w) { return w->cfg.staff_timeout_s > 0 ? w->cfg.staff_timeout_s : 60; }

staff_pin_verdict staffwork_pin_check(staffwork *w, const char *pin) {
  return staff_pin_check(&w->pin, pin, (long long)time(NULL));
}

staff_pin_verdict staffwork_pin_status(staffwork *w) { return staff_pin_status(&w->pin, (long long)time(NULL)); }

void staffwork_status(staffwork *w, staff_status *st) {
  memset(st, 0, sizeof *st);
  staff_status_collect(st, &w->cfg, w->start_ms, util_now_ms());
  staff_usb_status_fill(st, &w->cfg, (long long)time(NULL));
  st->pin_lockouts_before = w->pin.lockouts_before;
  if (w->cfg.pack_url[0]) {
    fetch_state fs;
    snprintf(st->pack_url, sizeof st->pack_url, "%s", w->cfg.pack_url);
    if (fetch_state_read(w->cfg.state_dir, &fs) == 0) {
      st->pack_check_last_s = fs.last_check;
      snprintf(st->pack_check_result, sizeof st->pack_check_result, "%s", fs.sentence);
    }
  }
  char path[CONFIG_PATH_MAX + 32];
  if (config_state_path(&w->cfg, STAFFWORK_LAST_RECEIPT, path, sizeof path) == 0) {
    char *text = util_read_file(path, 64, NULL, NULL, 0);
    st->last_receipt_s = text ? atoll(text) : 0;
    free(text);
  }
}

int staffwork_media(staffwork *w, sys_medium *out, int max) { return sys_media_list(w->cfg.mount_roots, out, max); }

int staffwork_packs(staffwork *w, const sys_medium *media, int media_count, sys_media_pack *out, int max) {
  (void)w;
  return sys_media_find_packs(media, media_count, out, max);
}

/* ------------------------------------------------------------------ the worker */

static void staffwork_on_progress(void *user, const char *stage, int percent) {
  staffwork *w = user;
  pthread_mutex_lock(&w->lock);
  snprintf(w->progress.stage, sizeof w->progress.stage, "%s", stage);
  if (percent > w->progress.percent) w->progress.percent = percent > 100 ? 100 : percent;
  pthread_mutex_unlock(&w->lock);
}

/* Applies every *.wwr in dir (not hidden, regular files). Adds to the file and
 * acknowledged counts; the
 * first refusal's reason goes to why. */
static void staffwork_receipts_in(staffwork *w, store *st, const kioskkey *key, const char *dir, int depth,
                                  int *files, long *acked, int *refused, char *why, size_t whylen) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[SYS_MEDIA_PATH_MAX + 256];
    if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
    struct stat sb;
    if (lstat(path, &sb) != 0) continue;
    if (S_ISDIR(sb.st_mode) && depth + 1 < SYS_MEDIA_SCAN_DEPTH) {
      staffwork_receipts_in(w, st, key, path, depth + 1, files, acked, refused, why, whylen);
      continue;
    }
    size_t n = strlen(e->d_name);
    if (!S_ISREG(sb.st_mode) || n < 5 || strcmp(e->d_name + n - 4, ".wwr")) continue;
    char err[512];
    size_t len = 0;
    char *data = util_read_file(path, (size_t)RECEIPT_MAX_BYTES,
                                &len, err, sizeof err);
    long a = data ? checkin_apply_receipt(st, key, &w->cfg, (const unsigned char *)data, len, err, sizeof err) : -1;
    free(data);
    if (a < 0) {
      if (!*refused) snprintf(why, whylen, "%s: %s", e->d_name, err);
      (*refused)++;
      sys_log_error("receipt %s refused: %s", e->d_name, err);
    } else {
      (*files)++;
      *acked += a;
    }
    staffwork_on_progress(w, "reading receipts", 20 + 60 * (*files + *refused) / (*files + *refused + 1));
  }
  closedir(d);
}

static void staffwork_receipts(staffwork *w, staff_usb_result *out) {
  memset(out, 0, sizeof *out);
  char err[1024], keypath[CONFIG_PATH_MAX + 16], why[600] = "";
  kioskkey key;
  if (kioskkey_path(&w->cfg, keypath, sizeof keypath) != 0 || kioskkey_load(keypath, &key, err, sizeof err) != 0) {
    out->status = STAFF_USB_FAILED;
    snprintf(out->sentence, sizeof out->sentence, "The kiosk key cannot be read (%.600s). Nothing changed.", err);
    return;
  }
  staffwork_on_progress(w, "opening", 10);
  store *st = store_open(w->cfg.state_dir, NULL, err, sizeof err);
  if (!st) {
    out->status = STAFF_USB_FAILED;
    snprintf(out->sentence, sizeof out->sentence, "The check-ins cannot be opened (%.600s). Nothing changed.", err);
    kioskkey_wipe(&key);
    return;
  }
  int files = 0, refused = 0;
  long acked = 0;
  staffwork_receipts_in(w, st, &key, w->medium.path, 0, &files, &acked, &refused, why, sizeof why);
  store_counts c;
  long waiting = store_count(st, &c, err, sizeof err) == 0 ? c.fresh + c.exported : -1;
  store_close(st);
  kioskkey_wipe(&key);
  if (!sys_media_present(w->medium.path)) {
    out->status = STAFF_USB_STICK_REMOVED;
    snprintf(out->sentence, sizeof out->sentence, "The USB stick was removed while receipts were read. Receipts read "
             "before that count; nothing was lost.");
  } else if (files == 0 && refused == 0) {
    out->status = STAFF_USB_NO_PACK;
    snprintf(out->sentence, sizeof out->sentence, "No receipt (.wwr file) on the USB stick %s.", w->medium.label);
  } else if (files == 0) {
    out->status = STAFF_USB_REFUSED;
    snprintf(out->sentence, sizeof out->sentence, "The receipt was refused (%s). Nothing changed.", why);
  } else {
    out->status = STAFF_USB_OK;
    out->exported = acked;
    snprintf(out->sentence, sizeof out->sentence, "%d receipt%s read: %ld check-in%s acknowledged, %ld still waiting "
             "for export.%s", files, files == 1 ? "" : "s", acked, acked == 1 ? "" : "s", waiting,
             refused ? " One or more other receipts were refused (see the status screen)." : "");
    char when[32], path[CONFIG_PATH_MAX + 32];
    int n = snprintf(when, sizeof when, "%lld\n", (long long)time(NULL));
    if (config_state_path(&w->cfg, STAFFWORK_LAST_RECEIPT, path, sizeof path) == 0 &&
        util_write_file_atomic(path, when, (size_t)n, err, sizeof err) != 0)
      sys_log_error("receipt time not recorded: %s", err);
  }
}

static void *staffwork_main(void *arg) {
  staffwork *w = arg;
  staff_usb_result r;
  pthread_mutex_lock(&w->lock);
  staffwork_kind kind = w->progress.kind;
  pthread_mutex_unlock(&w->lock);
  switch (kind) {
  case STAFFWORK_IMPORT: staff_usb_import(&w->cfg, &w->pack, staffwork_on_progress, w, &r); break;
  case STAFFWORK_EXPORT: {
#ifdef WEGWIJS_TEST_HOOKS
    checkin_export_watch pull = { staffwork_pull_stick, w };
    staff_usb_export(&w->cfg, &w->medium, staffwork_on_progress, w, &pull, &r);
#else
    staff_usb_export(&w->cfg, &w->medium, staffwork_on_progress, w, NULL, &r);
#endif
    break;
  }
  case STAFFWORK_RECEIPTS: staffwork_receipts(w, &r); break;
  default: memset(&r, 0, sizeof r); r.status = STAFF_USB_FAILED; break;
  }
  pthread_mutex_lock(&w->lock);
  w->progress.result = r;
  if (r.status == STAFF_USB_OK) w->progress.percent = 100;   /* a failure shows where it stopped */
  w->progress.running = 0;
  w->progress.finished = 1;
  pthread_mutex_unlock(&w->lock);
  return NULL;
}

/* Starts kind with its input (pack or medium); -1 while a job runs. */
static int staffwork_start(staffwork *w, staffwork_kind kind, const sys_media_pack *candidate, const sys_medium *medium) {
  staffwork_progress p;
  staffwork_poll(w, &p);   /* joins a finished thread */
  if (p.running) return -1;
  if (candidate) w->pack = *candidate;
  if (medium) w->medium = *medium;
  pthread_mutex_lock(&w->lock);
  memset(&w->progress, 0, sizeof w->progress);
  w->progress.kind = kind;
  w->progress.running = 1;
  snprintf(w->progress.stage, sizeof w->progress.stage, "starting");
  pthread_mutex_unlock(&w->lock);
  if (pthread_create(&w->thread, NULL, staffwork_main, w) != 0) {
    staffwork_main(w);   /* no thread: the UI stalls for the job, but the job still happens */
    return 0;
  }
  w->thread_live = 1;
  return 0;
}

int staffwork_start_import(staffwork *w, const sys_media_pack *candidate) {
  return staffwork_start(w, STAFFWORK_IMPORT, candidate, NULL);
}

int staffwork_start_export(staffwork *w, const sys_medium *medium) {
  return staffwork_start(w, STAFFWORK_EXPORT, NULL, medium);
}

int staffwork_start_receipts(staffwork *w, const sys_medium *medium) {
  return staffwork_start(w, STAFFWORK_RECEIPTS, NULL, medium);
}

void staffwork_poll(staffwork *w, staffwork_progress *out) {
  pthread_mutex_lock(&w->lock);
  *out = w->progress;
  w->progress.finished = 0;
  int done = !w->progress.running;
  pthread_mutex_unlock(&w->lock);
  if (done && w->thread_live) { pthread_join(w->thread, NULL); w->thread_live = 0; }
}

int staffwork_wait(staffwork *w, int timeout_ms) {
  for (int waited = 0; ; waited += 5) {
    pthread_mutex_lock(&w->lock);
    int running = w->progress.running;
    pthread_mutex_unlock(&w->lock);
    if (!running) return 1;
    if (waited >= timeout_ms) return 0;
    struct timespec ts = { 0, 5 * 1000000L };
    nanosleep(&ts, NULL);
  }
}
