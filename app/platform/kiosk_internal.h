/* kiosk_internal.h — the kiosk's state, shared by kiosk.c (window, loop, pointer, draw)
 * and headless.c (the script driver). Not for other folders. */
#ifndef WEGWIJS_KIOSK_INTERNAL_H
#define WEGWIJS_KIOSK_INTERNAL_H
#include <SDL.h>
#include "platform/kiosk.h"
#include "platform/render.h"

enum {
  KIOSK_IMAGES = RENDER_IMAGES_MAX,   /* pictogram names × sizes remembered */
  KIOSK_FRAME_SAMPLES = 65536,   /* frame times kept for --frame-stats */
};

/* A pictogram as loaded for one raster size: handle 0 = the pack lacks it (logged once). */

struct kiosk {
  kiosk_options opt;
  kiosk_hooks hooks;
  SDL_Window *window;
  SDL_Renderer *renderer;
  render *render;
  pack *const *pack;             /* borrowed: the app's active pack (NULL: the sample) */
  ui *ui;                        /* borrowed */
  readaloud *readaloud;          /* borrowed: listen, the ui's audio port on SDL */
  int width, height;
  long long clock;              /* virtual ms in headless runs */
  int finger_down, mouse_down;
  SDL_FingerID finger;
  SDL_TouchID touch;
  int dirty, running;
  int frames_drawn;
  double *frame_ms; int frame_count;
  char err[512];
};

/* Delivers queued SDL events, lets the app poll, ticks the ui at the current clock. */
void kiosk_pump(kiosk *k);

/* Runs a --script file through the real event path. Returns 0, or 1 with file:line:
 * message printed. */
int headless_run_script(kiosk *k, const char *path);
#endif
