/* readaloud.h — the kiosk's side of read-aloud: the ui's audio port (ui.h) on top of the
 * player (audio.h). Clips are fetched from the active pack when listen is pressed and
 * handed to the player's thread; the player's events become `audio_started` and
 * `audio_stopped` lines on --events; headless scripts get commands that wait for real
 * sound (audio runs in real time, not on the script's virtual clock). */
#ifndef WEGWIJS_READALOUD_H
#define WEGWIJS_READALOUD_H
#include <stddef.h>      /* size_t */
#include <stdio.h>       /* FILE */
#include "pack/pack.h"
#include "ui/ui.h"

typedef struct readaloud readaloud;

/* active points at the kiosk's active pack (it may be swapped or NULL for the sample).
 * volume_percent from the config (audio_volume). headless: use SDL's dummy audio driver
 * unless SDL_AUDIODRIVER says otherwise. events: the --events stream or NULL. Never
 * NULL: without an audio device the kiosk runs silent (said once on stderr). */
readaloud *readaloud_create(pack *const *active, int volume_percent, int headless, FILE *events);
void readaloud_destroy(readaloud *r);

/* The port to put into ui_config.audio. */
ui_audio_port readaloud_port(readaloud *r);

/* Emits the player's events (call every loop turn / pump). now: the kiosk clock. */
void readaloud_pump(readaloud *r, long long now);

/* Advances the kiosk by ms of real time, pumping events and drawing as it goes. */
typedef void (*readaloud_step_fn)(void *ctx, int ms);

/* The script commands `sleep MS`, `wait-audio playing|stopped [MS]` and `expect-audio
 * playing|stopped` (app/platform/SCRIPT.md). Returns -1 when cmd is not one of them,
 * 0 when it ran, 1 when it failed (err set). */
int readaloud_script(readaloud *r, const char *cmd, char *args, readaloud_step_fn step, void *ctx,
                     char *err, size_t errlen);
#endif
