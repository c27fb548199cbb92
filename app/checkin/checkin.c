/* checkin.c — the questionnaire session state machine; answers live here only until
 * they are sealed, and are wiped on save, stop or idle reset. */
#include "checkin/checkin.h"
#include "util/util.h"
#include <sodium.h>   /* randombytes_buf, sodium_memzero */
#include <stdio.h>
#include <string.h>

static void checkin_wipe_answers(checkin_session *s) {
  sodium_memzero(s->chosen, sizeof s->chosen);
  sodium_memzero(s->answered, sizeof s->answered);
  s->question = 0;
  s->rapid = 0;
}

void checkin_session_init(checkin_session *s, const checkin_context *ctx) {
  memset(s, 0, sizeof *s);
  s->ctx = *ctx;
  s->step = CHECKIN_IDLE;
  s->last_saved_ms = -1;
}

static int checkin_question_count(const checkin_session *s) {
  int n = s->ctx.site ? s->ctx.site->question_count : 0;
  return n > RECORD_MAX_ANSWERS ? RECORD_MAX_ANSWERS : n;
}

/* A name the record format can carry: [a-z0-9_-]{1,31}. */
static int checkin_name_ok(const char *n) {
  size_t len = strlen(n);
  return len > 0 && len < RECORD_NAME_MAX && strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789_-") == len;
}

/* The questionnaire must fit the record format, or answers could not be saved later:
 * better to refuse the entry now than to fail after the resident answered. */
static const char *checkin_questionnaire_problem(const site *st) {
  if (st->question_count > RECORD_MAX_ANSWERS) return "more questions than a record holds";
  for (int i = 0; i < st->question_count; i++) {
    const site_question *q = &st->questions[i];
    if (!checkin_name_ok(q->id)) return "a question id the record format cannot carry";
    if (q->answer_count < 1 || q->answer_count > RECORD_MAX_CHOICES) return "a question with too few or too many answers";
    for (int a = 0; a < q->answer_count; a++)
      if (!checkin_name_ok(q->answers[a].code)) return "an answer code the record format cannot carry";
  }
  return NULL;
}

int checkin_session_start(checkin_session *s, long long now_ms) {
  checkin_wipe_answers(s);
  s->error[0] = 0;
  const site *st = s->ctx.site;
  if (!st || checkin_question_count(s) == 0 || !st->has_researcher_pk || !s->ctx.store || !s->ctx.site_code[0]) {
    s->step = CHECKIN_IDLE;
    snprintf(s->error, sizeof s->error, "check-ins are not set up on this kiosk (%s)",
             !st || checkin_question_count(s) == 0 ? "no questionnaire in the pack"
             : !st->has_researcher_pk ? "no researcher key in the pack"
             : !s->ctx.store ? "no store" : "no site_code in the kiosk config");
    return -1;
  }
  const char *problem = checkin_questionnaire_problem(st);
  if (problem) {
    s->step = CHECKIN_IDLE;
    snprintf(s->error, sizeof s->error, "check-ins are not set up on this kiosk (questionnaire has %s)", problem);
    return -1;
  }
  /* The debounce time is RAM-only, monotonic: it never reaches the disk. */
  s->rapid = s->last_saved_ms >= 0 && now_ms - s->last_saved_ms < CHECKIN_RAPID_MS;
  s->step = CHECKIN_CONSENT;
  return 0;
}

void checkin_session_consent(checkin_session *s, int agree) {
  if (s->step != CHECKIN_CONSENT) return;
  if (agree) s->step = CHECKIN_AGE;
  else checkin_session_reset(s);
}

void checkin_session_age(checkin_session *s, int adult) {
  if (s->step != CHECKIN_AGE) return;
  s->step = adult ? CHECKIN_QUESTION : CHECKIN_UNDER_AGE;
  s->question = 0;
}

static void checkin_advance(checkin_session *s) {
  if (++s->question >= checkin_question_count(s)) s->step = CHECKIN_SAVE;
}

static int checkin_find_answer(const site_question *q, const char *code) {
  for (int i = 0; i < q->answer_count && i < RECORD_MAX_CHOICES; i++)
    if (!strcmp(q->answers[i].code, code)) return i;
  return -1;
}

int checkin_session_answer(checkin_session *s, const char *code) {
  if (s->step != CHECKIN_QUESTION) return -1;
  const site_question *q = &s->ctx.site->questions[s->question];
  int a = checkin_find_answer(q, code);
  if (a < 0) return -1;
  if (q->multiple) {
    s->chosen[s->question][a] ^= 1;
    return 0;
  }
  memset(s->chosen[s->question], 0, sizeof s->chosen[s->question]);
  s->chosen[s->question][a] = 1;
  s->answered[s->question] = 1;
  checkin_advance(s);
  return 0;
}

int checkin_session_next(checkin_session *s) {
  if (s->step != CHECKIN_QUESTION) return -1;
  int any = 0;
  for (int i = 0; i < RECORD_MAX_CHOICES; i++) any |= s->chosen[s->question][i];
  s->answered[s->question] = (unsigned char)any;
  checkin_advance(s);
  return 0;
}

int checkin_session_skip(checkin_session *s) {
  if (s->step != CHECKIN_QUESTION) return -1;
  memset(s->chosen[s->question], 0, sizeof s->chosen[s->question]);
  s->answered[s->question] = 0;
  checkin_advance(s);
  return 0;
}

int checkin_session_back(checkin_session *s) {
  if (s->step == CHECKIN_SAVE) { s->step = CHECKIN_QUESTION; s->question = checkin_question_count(s) - 1; return 0; }
  if (s->step != CHECKIN_QUESTION || s->question == 0) return -1;
  s->question--;
  return 0;
}

int checkin_session_finish(checkin_session *s, long long unix_now, long long now_ms) {
  if (s->step != CHECKIN_SAVE) return -1;
  const site *st = s->ctx.site;
  record r;
  memset(&r, 0, sizeof r);
  randombytes_buf(r.id, sizeof r.id);
  snprintf(r.site, sizeof r.site, "%s", s->ctx.site_code);
  record_day_of(unix_now, r.day, &r.daypart);
  r.questionnaire_version = st->questionnaire_version;
  r.pack_version = st->pack_version;
  r.flags = s->rapid ? RECORD_FLAG_RAPID : 0;
  for (int qi = 0; qi < checkin_question_count(s); qi++) {
    if (!s->answered[qi]) continue;
    const site_question *q = &st->questions[qi];
    record_answer *a = &r.answers[r.answer_count];
    snprintf(a->question, sizeof a->question, "%s", q->id);
    for (int i = 0; i < q->answer_count && i < RECORD_MAX_CHOICES; i++)
      if (s->chosen[qi][i]) snprintf(a->choices[a->choice_count++], RECORD_NAME_MAX, "%s", q->answers[i].code);
    if (a->choice_count) r.answer_count++;
  }
  unsigned char sealed[RECORD_SEALED_MAX], key_id[RECORD_KEY_ID_BYTES];
  int n = record_seal(&r, st->researcher_pk, sealed, sizeof sealed, s->error, sizeof s->error);
  sodium_memzero(&r, sizeof r);
  checkin_wipe_answers(s);
  uint64_t epoch = 0, seq = 0;
  record_key_id(st->researcher_pk, key_id);
  if (n < 0 || store_add(s->ctx.store, sealed, (size_t)n, key_id, &epoch, &seq, s->error, sizeof s->error) != 0) {
    s->step = CHECKIN_FAILED;
    return -1;
  }
  s->saved_epoch = epoch;
  s->saved_seq = seq;
  s->last_saved_ms = now_ms;
  s->locked_until_ms = now_ms + CHECKIN_LOCK_MS;
  s->step = CHECKIN_THANKS;
  return 0;
}

void checkin_session_reset(checkin_session *s) {
  checkin_wipe_answers(s);
  s->step = CHECKIN_IDLE;
}

checkin_step checkin_session_step(const checkin_session *s) { return s->step; }

const site_question *checkin_session_question(const checkin_session *s, int *index, int *count) {
  if (index) *index = s->question;
  if (count) *count = checkin_question_count(s);
  if (s->step != CHECKIN_QUESTION) return NULL;
  return &s->ctx.site->questions[s->question];
}

int checkin_session_selected(const checkin_session *s, int answer_index) {
  if (s->step != CHECKIN_QUESTION || answer_index < 0 || answer_index >= RECORD_MAX_CHOICES) return 0;
  return s->chosen[s->question][answer_index];
}

int checkin_session_locked(const checkin_session *s, long long now_ms) {
  return s->step == CHECKIN_THANKS && now_ms < s->locked_until_ms;
}

const char *checkin_session_error(const checkin_session *s) { return s->error; }
