/* ui_navigator.h — "Where am I on this road?" (screen "navigator"): the pack's questions
 * one per screen with pictogram answers, then the result: the route with "you are here"
 * and the next step, what to do now, what to bring and whom to ask. The answers live in
 * struct ui only (never logged, never stored) and are wiped by home, stop, a language
 * change, an idle reset and whenever the navigator leaves the history. */
#ifndef WEGWIJS_UI_NAVIGATOR_H
#define WEGWIJS_UI_NAVIGATOR_H
#include <stdio.h>    /* FILE */
#include "ui/ui.h"

/* 1 if the pack has a navigator (at least one question). */
int ui_navigator_offered(const ui *u);

/* Lays out the current question or the result (called by ui_relayout). */
void ui_navigator_layout(ui *u);

/* Handles ACT_NAV_*; returns 1 if it was one, 0 otherwise. */
int ui_navigator_activate(ui *u, int action, const char *target, long long now);

/* Forgets every answer (safe any time). */
void ui_navigator_wipe(ui *u);
/* After a navigation: wipes the answers when no history entry is the navigator. */
void ui_navigator_left(ui *u);

/* The dump's `"navigator":{"step":"question-N"|"result","here":ID,"next":ID},`. */
void ui_navigator_dump(const ui *u, FILE *out);

/* The id an "activate" event may name: answers are "nav-answer" without their code. */
const char *ui_navigator_event_id(int action, const char *id);
#endif
