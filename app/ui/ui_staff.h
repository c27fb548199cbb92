/* ui_staff.h — staff mode screens (screen "staff"): the PIN pad, status, pack import
 * and check-in export/receipts, driven by app/staff and a worker thread (staffwork). */
#ifndef WEGWIJS_UI_STAFF_H
#define WEGWIJS_UI_STAFF_H
#include "ui/ui_internal.h"

/* Opens the PIN pad (after the hidden-corner taps). */
void ui_staff_open(ui *u, long long now);
/* Lays out the current staff tab into the ui's widgets (called by ui_relayout). */
void ui_layout_staff(ui *u);
/* Handles a staff action. Returns 1 if it was one, 0 otherwise. */
int ui_staff_activate(ui *u, int action, const char *target, long long now);
/* Staff timers and job progress; may lower *wait. Returns 1 when a redraw is needed. */
int ui_staff_tick(ui *u, long long now, int *wait);
#endif
