/* volume.c — the staff-set read-aloud volume in the state folder (see volume.h). */
#include "staff/volume.h"
#include "system/errlog.h"
#include "util/util.h"
#include <errno.h>    /* errno */
#include <stdio.h>    /* snprintf */
#include <stdlib.h>   /* strtol */
#include <unistd.h>   /* access */

static void staff_volume_path(const char *state_dir, char *out, size_t outlen) {
  snprintf(out, outlen, "%s/%s", state_dir, STAFF_VOLUME_FILE);
}

int staff_volume_load(const char *state_dir, int fallback) {
  char path[4096], err[512];
  staff_volume_path(state_dir, path, sizeof path);
  if (access(path, F_OK) != 0 && errno == ENOENT) return fallback;   /* staff never set one */
  size_t len = 0;
  char *text = util_read_file(path, 64, &len, err, sizeof err);
  char *end = NULL;
  long v = text ? strtol(text, &end, 10) : -1;
  int ok = text && end != text && (*end == '\n' || *end == 0) && (!*end || !end[1]) && v >= 0 && v <= 100;
  if (!ok) sys_log_error("audio volume file %s: %s; using the config's audio_volume (%d) until staff set it again",
                         path, text ? "damaged" : err, fallback);
  free(text);
  return ok ? (int)v : fallback;
}

int staff_volume_save(const char *state_dir, int percent, char *err, size_t errlen) {
  char path[4096], text[16];
  if (percent < 0) percent = 0;
  if (percent > 100) percent = 100;
  staff_volume_path(state_dir, path, sizeof path);
  int n = snprintf(text, sizeof text, "%d\n", percent);
  if (util_write_file_atomic(path, text, (size_t)n, err, errlen) != 0) {
    sys_log_error("audio volume not saved (it holds until the kiosk restarts): %s", err);
    return -1;
  }
  return 0;
}
