/* ui_checkin.h — the resident's check-in screens (screen "checkin"): consent, age gate,
 * the pack's questions, saving, thank-you + help. ui.c calls these; the answers live in
 * the check-in core (app/checkin/checkin.h) and are wiped whenever the check-in is left.
 * What the core expects from a UI: app/checkin/UI.md. */
#ifndef WEGWIJS_UI_CHECKIN_H
#define WEGWIJS_UI_CHECKIN_H
#include <stddef.h>   /* size_t */
#include "ui/ui.h"

/* Prepares the (idle) session from the ui's config; once, after the first site loads. */
void ui_checkin_init(ui *u);

/* 1 if the route shows the entry: the pack has questions and the researchers' key, and
 * the kiosk has a store and a site code. Never offered without a key: answers are
 * never stored unsealed. */
int ui_checkin_offered(const ui *u);

/* The entry was tapped: starts a check-in and shows its consent screen. If the core
 * refuses (not set up), the reason goes to the staff error log and the route stays. */
void ui_checkin_begin(ui *u, long long now);

/* Lays out the current step into the ui's widgets (called by ui_relayout). */
void ui_checkin_layout(ui *u);

/* Handles a check-in action (ACT_CK_*). Returns 1 if it was one, 0 otherwise. */
int ui_checkin_activate(ui *u, int action, const char *target, long long now);

/* On the check-in screen, once per tick: saves on the SAVE step (after its "saving"
 * frame was drawn), ends the thank-you lock. Returns 1 if the screen changed; may lower
 * *wait (ms until the next tick is due). */
int ui_checkin_tick(ui *u, long long now, int *wait);

/* 1 while taps must be ignored (the 5 s after "thank you"). */
int ui_checkin_input_locked(const ui *u, long long now);

/* Ends any running check-in without saving: unsent answers are wiped. Safe to call any
 * time (idle reset, home, a new pack, staff mode). */
void ui_checkin_abandon(ui *u);

/* A frame was drawn (the "saving" frame must be seen before the save blocks). */
void ui_checkin_drawn(ui *u);

/* The step for dumps: "idle", "consent", "age", "under-age", "question-N" (1-based),
 * "saving", "thanks", "failed". Written into buf (returned). */
const char *ui_checkin_state(const ui *u, char *buf, size_t len);

/* The widget id an "activate" event may name: answers are reported as
 * "checkin-answer" without their code and the age gate as "checkin-age", so event
 * logs never hold an answer or an age. */
const char *ui_checkin_event_id(int action, const char *id);
#endif
