/* volume.h — the read-aloud volume staff mode sets: kept in STATE/audio-volume (one
 * number, 0..100), it overrides the config's audio_volume from then on, also across
 * restarts and pack installs. No SDL: the player applies it (platform/audio.h). */
#ifndef WEGWIJS_STAFF_VOLUME_H
#define WEGWIJS_STAFF_VOLUME_H
#include <stddef.h>   /* size_t */

#define STAFF_VOLUME_FILE "audio-volume"
enum { STAFF_VOLUME_STEP = 10 };   /* one tap on − or + */

/* The volume in effect: STATE/audio-volume when staff set one, else fallback (the
 * config's audio_volume). A damaged or unreadable file gives fallback and a line in
 * the staff error log; it is replaced at the next save. */
int staff_volume_load(const char *state_dir, int fallback);
/* Keeps percent (clamped to 0..100) in STATE/audio-volume: written to a temporary file,
 * fsynced and renamed, so a power cut leaves the old value or the new. 0, or -1 with
 * err set (also logged); the file is then unchanged. */
int staff_volume_save(const char *state_dir, int percent, char *err, size_t errlen);
#endif
