/* checkin_fixture.h — shared by the check-in tests: the six-question questionnaire as
 * an in-memory site (Dutch or Arabic labels), temp folders and file greps. */
#ifndef WEGWIJS_CHECKIN_FIXTURE_H
#define WEGWIJS_CHECKIN_FIXTURE_H
#include "pack/site.h"
#include "util/util.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char *id; int multiple; const char *nl, *ar; const char *codes[8]; } fixture_q;

static const fixture_q fixture_questions[] = {
  { "mood", 0, "Hoe voel je je vandaag?", "كيف تشعر اليوم؟", { "1", "2", "3", "4", "5" } },
  { "future", 0, "Als je aan je toekomst denkt, hoe voel je je dan?", "عندما تفكر في مستقبلك، كيف تشعر؟", { "1", "2", "3" } },
  { "waiting_for", 0, "Waar wacht je nu vooral op?", "ما الذي تنتظره الآن بالأساس؟",
    { "ind", "koppeling", "house", "family", "course", "nothing", "dontknow" } },
  { "waiting_time", 0, "Hoe lang wacht je hier al op?", "منذ متى تنتظر ذلك؟",
    { "lt1m", "1-3m", "3-6m", "6-12m", "1-2y", "gt2y", "dontknow" } },
  { "next_step", 0, "Weet je wat je volgende stap is?", "هل تعرف خطوتك التالية؟", { "yes", "abit", "no" } },
  { "activities", 1, "Wat heb je de afgelopen week gedaan?", "ماذا فعلت الأسبوع الماضي؟",
    { "course", "selfstudy", "talk", "work", "sport", "none" } },
};

/* A site holding only what the check-in core reads. Free with fixture_site_free. */
static inline site *fixture_site(const char *lang, const unsigned char researcher_pk[32]) {
  site *s = util_calloc(1, sizeof *s);
  int ar = !strcmp(lang, "ar");
  snprintf(s->lang.code, sizeof s->lang.code, "%s", lang);
  s->lang.rtl = ar;
  s->questionnaire_version = 1;
  s->pack_version = 7;
  memcpy(s->researcher_pk, researcher_pk, 32);
  s->has_researcher_pk = 1;
  s->question_count = (int)UTIL_COUNT(fixture_questions);
  s->questions = util_calloc((size_t)s->question_count, sizeof *s->questions);
  for (int i = 0; i < s->question_count; i++) {
    const fixture_q *f = &fixture_questions[i];
    site_question *q = &s->questions[i];
    snprintf(q->id, sizeof q->id, "%s", f->id);
    q->multiple = f->multiple;
    q->text = util_strdup(ar ? f->ar : f->nl);
    q->text_nl = util_strdup(f->nl);
    while (q->answer_count < 8 && f->codes[q->answer_count]) q->answer_count++;
    q->answers = util_calloc((size_t)q->answer_count, sizeof *q->answers);
    for (int a = 0; a < q->answer_count; a++) {
      snprintf(q->answers[a].code, sizeof q->answers[a].code, "%s", f->codes[a]);
      q->answers[a].label = util_strdup(f->codes[a]);
      q->answers[a].label_nl = util_strdup(f->codes[a]);
    }
  }
  return s;
}

static inline void fixture_site_free(site *s) {
  for (int i = 0; i < s->question_count; i++) {
    site_question *q = &s->questions[i];
    for (int a = 0; a < q->answer_count; a++) { free(q->answers[a].label); free(q->answers[a].label_nl); }
    free(q->answers); free(q->text); free(q->text_nl);
  }
  free(s->questions);
  free(s);
}

/* A fresh folder under $TMPDIR (or /tmp). */
static inline void fixture_tempdir(char *out, size_t cap, const char *tag) {
  const char *base = getenv("TMPDIR");
  snprintf(out, cap, "%s/wegwijs-%s-XXXXXX", base && *base ? base : "/tmp", tag);
  expect(mkdtemp(out) != NULL);
}

static inline void fixture_rmrf(const char *dir) {
  char cmd[4400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  expect(system(cmd) == 0);
}

/* 1 if needle occurs in any file under dir (binary-safe). */
static inline int fixture_grep_dir(const char *dir, const char *needle) {
  char cmd[4400];
  snprintf(cmd, sizeof cmd, "grep -r -a -F -q -- '%s' '%s'", needle, dir);
  return system(cmd) == 0;
}
#endif
