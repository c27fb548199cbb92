/* staffwork.h — staff mode's back end for the screens in ui.c: the PIN (app/staff/pin),
 * the status report, finding sticks and packs, and the slow USB jobs (pack import,
 * check-in export, receipt import) run on one worker thread so the UI keeps drawing
 * a progress bar. No SDL. Every call except the worker's own is made from the UI
 * thread. */
#ifndef WEGWIJS_STAFFWORK_H
#define WEGWIJS_STAFFWORK_H
#include "config/config.h"
#include "staff/pin.h"
#include "staff/staff.h"
#include "staff/usb.h"
#include "system/media.h"

typedef struct staffwork staffwork;

typedef enum { STAFFWORK_NONE, STAFFWORK_IMPORT, STAFFWORK_EXPORT, STAFFWORK_RECEIPTS } staffwork_kind;

/* A snapshot of the current (or last finished) job. */
typedef struct {
  staffwork_kind kind;
  int running;                /* the worker is busy */
  int finished;               /* a job ended and its result was not yet taken */
  int percent;                /* 0..100 */
  char stage[32];             /* short English stage name from the engines */
  staff_usb_result result;    /* when finished: status and the one-sentence outcome */
} staffwork_progress;

/* Copies cfg; process_start_ms is util_now_ms() at kiosk start (for uptime). Never
 * fails. Test hook (test build only, -DWEGWIJS_TEST_HOOKS): WEGWIJS_TEST_PULL_STICK=STEP removes the stick's folder at that
 * step of a check-in export ("fsync", "rename", ...), as a stick pulled mid-write. */
staffwork *staffwork_create(const config *cfg, long long process_start_ms);
/* Waits for a running job, then frees. */
void staffwork_destroy(staffwork *w);
int staffwork_timeout_s(const staffwork *w);

/* The read-aloud volume (0..100): STATE/audio-volume, else the config's audio_volume
 * (read once at create; staff/volume.h). set: in effect at once for the caller to hand
 * to the player, and kept for restarts; 0, or -1 when it could not be saved (logged). */
int staffwork_volume(const staffwork *w);
int staffwork_set_volume(staffwork *w, int percent);

/* PIN check and lock state at the wall clock (app/staff/pin.h). */
staff_pin_verdict staffwork_pin_check(staffwork *w, const char *pin);
staff_pin_verdict staffwork_pin_status(staffwork *w);

/* Fills the whole status report (versions, pack, signer, check-ins, disk, uptime,
 * errors, last receipt). */
void staffwork_status(staffwork *w, staff_status *st);

/* The sticks under the mount roots and the pack files on them (sys_media_*). */
int staffwork_media(staffwork *w, sys_medium *out, int max);
int staffwork_packs(staffwork *w, const sys_medium *media, int media_count, sys_media_pack *out, int max);

/* Starts a job on the worker thread. Returns 0, or -1 while another job runs. */
int staffwork_start_import(staffwork *w, const sys_media_pack *candidate);
int staffwork_start_export(staffwork *w, const sys_medium *medium);
int staffwork_start_receipts(staffwork *w, const sys_medium *medium);

/* The job's state now; a finished job's result is handed out once (finished = 1). */
void staffwork_poll(staffwork *w, staffwork_progress *out);
/* Blocks up to timeout_ms (real time) for the running job to end. 1 if none runs. */
int staffwork_wait(staffwork *w, int timeout_ms);
#endif
