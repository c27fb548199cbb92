/* app.h — the kiosk's composition root (app_run wires fonts, pack, window, staff and
 * sync workers, read-aloud, the check-in store and the ui) and the pack hot-swap
 * policy, which is kept apart from SDL so a test can drive it with a fake frame. */
#ifndef WEGWIJS_APP_H
#define WEGWIJS_APP_H
#include <stddef.h>   /* size_t */

typedef struct pack pack;   /* app/pack/pack.h */

/* Runs the kiosk (or one headless run) and returns the exit code: 0 ok, 1 a script
 * expectation failed or a runtime error, 2 bad usage. */
int app_run(int argc, char **argv);

/* ---- pack hot-swap policy ----
 * A newly installed pack (staff import, or --install-pack while the kiosk runs) is put
 * on trial: it must open and show its first frame. Then it is marked good. If it cannot
 * open or draw, it is marked bad, the previous pack comes back, and this process does
 * not try that version again. */

/* How the policy shows the current pack: reload the ui on packs->active, and when
 * draw is set present one frame now (0, or -1 with err set). A successful frame must
 * reach app_packs_presented, as the kiosk's "presented" hook does. */
typedef struct {
  int (*show)(void *ctx, int draw, char *err, size_t errlen);
  void *ctx;
} app_show;

typedef struct {
  const char *state_dir;   /* borrowed */
  pack *active;            /* owned; NULL: no pack (the built-in sample) */
  int failed;              /* a version that would not open or show: not retried */
  int on_trial;            /* active is new: mark it good after its first frame */
} app_packs;

/* Opens the installed pack into packs->active and puts it on trial. NULL active (with
 * err set) when there is none or it cannot open. */
void app_packs_open(app_packs *packs, const char *state_dir, char *err, size_t errlen);
/* Looks at the installed version and switches to it when it is new. Returns 1 switched,
 * 0 nothing new, -1 the new version was refused (marked bad; the previous stays). */
int app_packs_check(app_packs *packs, const app_show *show);
/* A frame is on screen: a pack on trial is marked good. */
void app_packs_presented(app_packs *packs);
void app_packs_close(app_packs *packs);
#endif
