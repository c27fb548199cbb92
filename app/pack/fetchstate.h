/* fetchstate.h — the state file of the pack checks over HTTPS (app/staff/fetch does
 * them): STATE/fetch/state, `key = value` lines written atomically. Here, below the
 * rooms that read it: staff shows it, the kiosk status record (app/checkin/status)
 * turns its outcome into an error code. */
#ifndef WEGWIJS_FETCHSTATE_H
#define WEGWIJS_FETCHSTATE_H
#include <stddef.h>   /* size_t */

typedef enum {
  FETCH_NEVER,       /* no check was made yet */
  FETCH_INSTALLED,   /* a newer pack was downloaded and installed */
  FETCH_UNCHANGED,   /* the server has the same pack as at the last check */
  FETCH_REFUSED,     /* downloaded, but pack_install refused it (removed again) */
  FETCH_FAILED       /* no answer, broke off (kept for a Range resume), bad status */
} fetch_outcome;

typedef struct {
  long long last_check;      /* Unix seconds of the last check; 0 = never */
  fetch_outcome outcome;
  int installed_version;     /* FETCH_INSTALLED: the new version */
  char sentence[512];        /* the outcome for staff, one sentence, no newline */
  char etag[160], modified[64];            /* validators of the last complete download */
  char part_etag[160], part_modified[64];  /* validators of STATE/fetch/download.part */
} fetch_state;

/* Reads STATE/fetch/state into st (zeroed first). Returns 0, or -1 when there is none
 * or it cannot be read (st then says FETCH_NEVER). */
int fetch_state_read(const char *state_dir, fetch_state *st);

/* Writes st atomically (the folder STATE/fetch must exist). 0 or -1 with err set. */
int fetch_state_write(const char *state_dir, const fetch_state *st, char *err, size_t errlen);
#endif
