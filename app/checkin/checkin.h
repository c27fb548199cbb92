/* checkin.h — the check-in questionnaire session, without UI: start → consent → age
 * gate (asked, never stored) → questions (answer or skip) → save → thank-you.
 * The UI draws whatever checkin_session_step() says and forwards taps here. Answers
 * live only in this struct until they are sealed; a reset wipes them. */
#ifndef WEGWIJS_CHECKIN_H
#define WEGWIJS_CHECKIN_H
#include <stddef.h>  /* size_t */
#include "pack/site.h"         /* site, site_question */
#include "checkin/record.h"    /* record */
#include "checkin/store.h"     /* store */

typedef enum {
  CHECKIN_IDLE,        /* not in a check-in */
  CHECKIN_CONSENT,     /* "anonymous, not shared with IND/COA/gemeente, skip or stop any time" */
  CHECKIN_AGE,         /* "are you 18 or older?" — the answer is never stored */
  CHECKIN_UNDER_AGE,   /* polite goodbye; same help info; nothing stored */
  CHECKIN_QUESTION,    /* checkin_session_question() is the one to show */
  CHECKIN_SAVE,        /* all questions done: call checkin_session_finish() now */
  CHECKIN_THANKS,      /* saved; same thank-you + help for every answer */
  CHECKIN_FAILED       /* could not be saved; message in checkin_session_error() */
} checkin_step;

enum {
  CHECKIN_RAPID_MS = 10000,   /* a start this soon after the previous save is flagged rapid */
  CHECKIN_LOCK_MS = 5000      /* input locked on the thank-you screen */
};

typedef struct {
  const site *site;           /* questionnaire, researcher key, pack version (not owned) */
  store *store;               /* where sealed records go (not owned) */
  char site_code[32];         /* from the kiosk config */
} checkin_context;

typedef struct {
  checkin_context ctx;
  checkin_step step;
  int question;                                   /* index into site->questions */
  unsigned char chosen[RECORD_MAX_ANSWERS][RECORD_MAX_CHOICES];  /* per answer index */
  unsigned char answered[RECORD_MAX_ANSWERS];     /* 1 answered, 0 skipped/not yet */
  int rapid;
  long long last_saved_ms;                        /* RAM only; < 0 = never */
  long long locked_until_ms;
  uint64_t saved_epoch, saved_seq;                /* where the last record went (tests) */
  char error[256];
} checkin_session;

/* Prepares a session (no check-in running). Does not take ownership of ctx pointers. */
void checkin_session_init(checkin_session *s, const checkin_context *ctx);

/* The route-screen entry was tapped at monotonic time now_ms. Goes to CONSENT. Returns
 * 0, or -1 with the error set (no questionnaire or no researcher key in the pack: the
 * UI should not have offered the entry). */
int checkin_session_start(checkin_session *s, long long now_ms);
/* Consent screen: agree → AGE; decline → IDLE. */
void checkin_session_consent(checkin_session *s, int agree);
/* Age gate: adult → first question; not adult → UNDER_AGE. The answer is not kept. */
void checkin_session_age(checkin_session *s, int adult);

/* On a QUESTION step: taps answer code. Single choice: records it and moves on.
 * Multiple choice: toggles it (the UI shows a "next" button → checkin_session_next).
 * Returns 0, or -1 for an unknown code or a wrong step (nothing changes). */
int checkin_session_answer(checkin_session *s, const char *code);
/* Multiple choice "next": keeps the toggled codes (none = skipped) and moves on. */
int checkin_session_next(checkin_session *s);
/* Skip the current question (its answer is dropped) and move on. */
int checkin_session_skip(checkin_session *s);
/* Back to the previous question (its answer stays selected). */
int checkin_session_back(checkin_session *s);

/* On SAVE: builds the record (new random id, day and part of day of unix_now, flags),
 * seals it to the pack's researcher key, stores it and wipes the answers. Returns 0
 * only after the store's COMMIT succeeded (step THANKS, input locked for 5 s from
 * now_ms; the UI prints `checkin_saved` with --events); else -1, step FAILED, the
 * error says the check-in could not be saved. Either way answers are gone. */
int checkin_session_finish(checkin_session *s, long long unix_now, long long now_ms);

/* Stop button, idle timeout, or leaving the thank-you screen: wipes unsent answers,
 * back to IDLE. Never stores anything. */
void checkin_session_reset(checkin_session *s);

checkin_step checkin_session_step(const checkin_session *s);
/* The question to show on a QUESTION step (NULL otherwise), its 0-based index and the
 * total via *index and *count (either may be NULL). */
const site_question *checkin_session_question(const checkin_session *s, int *index, int *count);
/* 1 if answer i of the current question is selected (to draw multiple-choice toggles). */
int checkin_session_selected(const checkin_session *s, int answer_index);
/* 1 while the thank-you screen must ignore taps. */
int checkin_session_locked(const checkin_session *s, long long now_ms);
const char *checkin_session_error(const checkin_session *s);
#endif
