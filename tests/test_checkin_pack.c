/* test_checkin_pack.c — the check-in with the real content: content/checkin/
 * questionnaire.md built into a pack by wegwijs-pack, loaded in Arabic and Dutch with
 * site_load, answered through the session API, and opened again with the researchers'
 * secret key to exactly the answers given. */
#include "checkin/checkin.h"
#include "checkin/export.h"
#include "check.h"
#include "checkin_fixture.h"
#include "pack/pack.h"
#include <time.h>

static int run_quiet(const char *cmd) { return system(cmd); }

static const site_question *find_q(const site *s, const char *id) {
  for (int i = 0; i < s->question_count; i++)
    if (!strcmp(s->questions[i].id, id)) return &s->questions[i];
  return NULL;
}

static void check_questionnaire(const site *s) {
  /* Codes are the stable contract with the researchers; pictogram names belong to the
   * pictogram designer, so only their presence is checked. */
  static const struct { const char *id; int multiple, answers; const char *first_code, *last_code; } want[] = {
    { "mood", 0, 5, "1", "5" }, { "future", 0, 3, "1", "3" },
    { "waiting_for", 0, 7, "ind", "dontknow" }, { "waiting_time", 0, 7, "lt1m", "dontknow" },
    { "next_step", 0, 3, "yes", "no" }, { "activities", 1, 6, "course", "none" },
  };
  CHECK(s->question_count == 6, "%s: six questions (%d)", s->lang.code, s->question_count);
  CHECK(s->questionnaire_version == 1 && s->has_researcher_pk, "%s: version and researcher key", s->lang.code);
  for (size_t i = 0; i < UTIL_COUNT(want); i++) {
    const site_question *q = find_q(s, want[i].id);
    int pictos = 1;
    for (int a = 0; q && a < q->answer_count; a++) pictos &= q->answers[a].pictogram[0] != 0;
    CHECK(q && q->multiple == want[i].multiple && q->answer_count == want[i].answers &&
          !strcmp(q->answers[0].code, want[i].first_code) &&
          !strcmp(q->answers[q->answer_count - 1].code, want[i].last_code) && pictos,
          "%s: question %s as in questionnaire.md", s->lang.code, want[i].id);
  }
  const site_question *mood = find_q(s, "mood");
  CHECK(mood && mood->example && *mood->example, "%s: mood has a worked example", s->lang.code);
}

static int answer_is(const record *r, const char *q, const char *codes) {
  for (int i = 0; i < r->answer_count; i++) {
    if (strcmp(r->answers[i].question, q)) continue;
    char joined[256] = "";
    for (int c = 0; c < r->answers[i].choice_count; c++) {
      if (c) strcat(joined, ",");
      strcat(joined, r->answers[i].choices[c]);
    }
    return codes && !strcmp(joined, codes);
  }
  return codes == NULL;
}

int main(void) {
  expect(sodium_init() >= 0);
  const char *build = getenv("BUILD");
  if (!build || !*build) build = "build";
  char base[512], shared[512], cmd[4096], err[512], path[4200];
  fixture_tempdir(base, sizeof base, "ckpack");
  /* The pass's pack from content/ with the researchers' key (tests/lib.sh test_pack):
   * built here when no earlier test of this pass has built it. */
  snprintf(shared, sizeof shared, "%s/test-pack", build);
  snprintf(cmd, sizeof cmd, "BUILD='%s' sh -c '. tests/lib.sh && test_pack'", build);
  int built = run_quiet(cmd) == 0;
  CHECK(built, "wegwijs-pack builds content/ with the questionnaire (%s/build.log)", shared);
  if (!built) { fixture_rmrf(base); return check_report(); }
  unsigned char rpk[32], rsk[32];
  size_t len;
  snprintf(path, sizeof path, "%s/keys/researcher.pk", shared);
  char *hex = util_read_file(path, 200, &len, err, sizeof err);
  expect(hex && len >= 64); hex[64] = 0; expect(record_unhex(hex, rpk, 32) == 0); free(hex);
  snprintf(path, sizeof path, "%s/keys/researcher.sk", shared);
  hex = util_read_file(path, 200, &len, err, sizeof err);
  expect(hex && len >= 64); hex[64] = 0; expect(record_unhex(hex, rsk, 32) == 0); free(hex);

  snprintf(path, sizeof path, "%s/p.wwpack", shared);
  pack *p = pack_open(path, err, sizeof err);
  CHECK(p != NULL, "pack_open: %s", err);
  if (!p) { fixture_rmrf(base); return check_report(); }
  site *ar = site_load(p, "ar", err, sizeof err), *nl = site_load(p, "nl", err, sizeof err);
  CHECK(ar && nl, "site_load ar and nl: %s", err);
  if (!ar || !nl) { pack_close(p); fixture_rmrf(base); return check_report(); }
  check_questionnaire(ar);
  check_questionnaire(nl);
  CHECK(!memcmp(ar->researcher_pk, rpk, 32), "the pack carries the researchers' key");
  const site_question *qa = find_q(ar, "mood"), *qn = find_q(nl, "mood");
  CHECK(qa && qn && strcmp(qa->text, qn->text) && (unsigned char)qa->text[0] >= 0xd8 && !strcmp(qa->text_nl, qn->text),
        "Arabic question text is Arabic, with the Dutch beside it: %s", qa ? qa->text : "");
  printf("ar: %s | nl: %s\n", qa ? qa->text : "", qn ? qn->text : "");

  char state[600], stick[600];
  snprintf(state, sizeof state, "%s/state", base);
  snprintf(stick, sizeof stick, "%s/stick", base);
  expect(util_mkdirs(stick, 0755, err, sizeof err) == 0);
  store *st = store_open(state, NULL, err, sizeof err);
  checkin_context ctx = { ar, st, "azc-1234" };
  checkin_session s;
  checkin_session_init(&s, &ctx);
  /* Arabic: answers by code, as the UI passes them. */
  CHECK(checkin_session_start(&s, 0) == 0, "start: %s", checkin_session_error(&s));
  checkin_session_consent(&s, 1);
  checkin_session_age(&s, 1);
  const char *ar_answers[] = { "3", NULL, "koppeling", "3-6m", "yes" };
  for (int i = 0; i < 5; i++) {
    if (ar_answers[i]) CHECK(checkin_session_answer(&s, ar_answers[i]) == 0, "ar answer %s", ar_answers[i]);
    else checkin_session_skip(&s);
  }
  checkin_session_answer(&s, "talk");
  checkin_session_answer(&s, "work");
  checkin_session_next(&s);
  CHECK(checkin_session_finish(&s, (long long)time(NULL), 20000) == 0, "ar saved: %s", checkin_session_error(&s));
  checkin_session_reset(&s);
  /* Dutch. */
  s.ctx.site = nl;
  checkin_session_start(&s, 60000);
  checkin_session_consent(&s, 1);
  checkin_session_age(&s, 1);
  checkin_session_answer(&s, "1");
  checkin_session_answer(&s, "2");
  checkin_session_answer(&s, "family");
  checkin_session_answer(&s, "gt2y");
  checkin_session_skip(&s);
  checkin_session_answer(&s, "none");
  checkin_session_next(&s);
  CHECK(checkin_session_finish(&s, (long long)time(NULL), 80000) == 0, "nl saved: %s", checkin_session_error(&s));

  const char *needles[] = { "koppeling", "3-6m", "family", "gt2y", "waiting_for", "azc-1234" };
  for (size_t i = 0; i < UTIL_COUNT(needles); i++)
    CHECK(!fixture_grep_dir(state, needles[i]), "'%s' readable in the state folder", needles[i]);

  char keypath[700];
  snprintf(keypath, sizeof keypath, "%s/kiosk-id", state);
  kioskkey key;
  expect(kioskkey_load(keypath, &key, err, sizeof err) == 0);
  long n = checkin_export_to(st, &key, stick, path, sizeof path, NULL, err, sizeof err);
  CHECK(n == 2, "two sealed records exported (%ld: %s)", n, err);
  char *data = util_read_file(path, BUNDLE_MAX_BYTES, &len, err, sizeof err);
  bundle_info info;
  record r[2];
  int opened = 0;
  if (data && bundle_parse((unsigned char *)data, len, &info, err, sizeof err) == 0) {
    for (size_t i = 0; i < info.count && i < 2; i++)
      opened += record_open(info.entries[i].sealed, info.entries[i].sealed_len, rpk, rsk, &r[i], err, sizeof err) == 0;
    bundle_info_free(&info);
  }
  free(data);
  CHECK(opened == 2, "both open with the researchers' secret key");
  if (opened == 2) {
    CHECK(answer_is(&r[0], "mood", "3") && answer_is(&r[0], "future", NULL) && answer_is(&r[0], "waiting_for", "koppeling") &&
          answer_is(&r[0], "waiting_time", "3-6m") && answer_is(&r[0], "next_step", "yes") &&
          answer_is(&r[0], "activities", "talk,work") && r[0].answer_count == 5, "Arabic record holds exactly the answers");
    CHECK(answer_is(&r[1], "mood", "1") && answer_is(&r[1], "future", "2") && answer_is(&r[1], "waiting_for", "family") &&
          answer_is(&r[1], "waiting_time", "gt2y") && answer_is(&r[1], "next_step", NULL) &&
          answer_is(&r[1], "activities", "none") && r[1].answer_count == 5, "Dutch record holds exactly the answers");
    CHECK(r[0].pack_version == nl->pack_version && r[0].questionnaire_version == 1 && !strcmp(r[1].site, "azc-1234"),
          "pack and questionnaire versions, site code");
  }
  kioskkey_wipe(&key);
  store_close(st);
  site_free(ar);
  site_free(nl);
  pack_close(p);
  fixture_rmrf(base);
  return check_report();
}
