/* kiosk.h — the SDL side of `wegwijs`: options of the display, the window and renderer,
 * the one pointer path for touch and mouse, the event loop and frame presentation.
 * It knows nothing of check-ins, staff or the config: app/app.c wires those and hands
 * the kiosk a ui plus hooks. The headless script driver is app/platform/headless.c.
 * Options and scripts: app/platform/SCRIPT.md. */
#ifndef WEGWIJS_KIOSK_H
#define WEGWIJS_KIOSK_H
#include <stddef.h>          /* size_t */
#include "text/text.h"       /* text_fonts */
#include "ui/ui.h"           /* ui, ui_image_source */

typedef struct pack pack;             /* app/pack/pack.h */
typedef struct readaloud readaloud;   /* app/platform/readaloud.h */
typedef struct kiosk kiosk;

typedef struct {
  int kiosk, headless, dump_ui, events, frame_stats, use_sample;
  int width, height;
  double panel_w_mm, panel_h_mm;
  const char *lang, *open, *screenshot, *script;
} kiosk_options;

/* What the kiosk asks of the app between frames. Every member may be NULL. */
typedef struct {
  void (*poll)(void *ctx, long long now_ms);             /* look at the installed pack */
  void (*presented)(void *ctx);                          /* a frame reached the screen */
  int (*work_idle)(void *ctx, int timeout_ms);           /* 1 when no background job runs */
  void *ctx;
} kiosk_hooks;

/* Parses the display options from argv (--config and --state are skipped: the app reads
 * them). 0, or 2 with a usage message printed. */
int kiosk_parse(kiosk_options *o, int argc, char **argv);

/* Starts SDL, opens the window (or the dummy driver when headless), the renderer and
 * the draw back end. *active_pack is borrowed and read for pictograms on every load.
 * NULL with err set. */
kiosk *kiosk_open(const kiosk_options *o, text_fonts *fonts, pack *const *active_pack, char *err, size_t errlen);
void kiosk_close(kiosk *k);   /* NULL is fine; also SDL_Quit */

void kiosk_window_size(const kiosk *k, int *width, int *height);
/* Pixel pitch: --panel-mm, else the config's panel size (panel_* > 0), else what SDL
 * reports for a real display, else 0 (the ui's assumption). */
double kiosk_mm_per_px(const kiosk *k, double panel_w_mm, double panel_h_mm);
/* The ui's image source: pictograms from *active_pack, uploaded once per size. */
ui_image_source kiosk_image_source(kiosk *k);
/* The clock the ui runs on: virtual ms when headless, SDL ticks otherwise. */
long long kiosk_now(const kiosk *k);

/* Gives the kiosk the ui to drive (borrowed), the read-aloud pump (may be NULL) and hooks. */
void kiosk_attach(kiosk *k, ui *u, readaloud *ra, const kiosk_hooks *hooks);

/* New content: every pictogram texture goes, and the next frame redraws. */
void kiosk_content_changed(kiosk *k);
/* Draws and presents one frame now (and saves it as PNG when screenshot is set).
 * 0, or -1 with the message in kiosk_error. */
int kiosk_present(kiosk *k, const char *screenshot);
const char *kiosk_error(const kiosk *k);

/* The interactive loop until quit, or one headless run (first frame, script, screenshot,
 * --dump-ui). Returns the exit code: 0 ok, 1 a script expectation failed or a runtime error. */
int kiosk_run(kiosk *k);
#endif
