/* test_checkin.c — the check-in core end to end: sessions in Arabic and Dutch, sealed
 * storage with no plaintext on disk, export bundles, receipts, retention, epochs and
 * the kiosk key. */
#include "checkin/checkin.h"
#include "checkin/export.h"
#include "checkin/kioskkey.h"
#include "check.h"
#include "checkin_fixture.h"
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned char research_pk[32], research_sk[32];
static const unsigned char *research_sk_override;   /* test_cli opens with other keys */
static unsigned char research_pk_override[32];
static const long long T0 = 1795000000LL;   /* a Friday afternoon in 2026 */

static const record_answer *find_answer(const record *r, const char *q) {
  for (int i = 0; i < r->answer_count; i++)
    if (!strcmp(r->answers[i].question, q)) return &r->answers[i];
  return NULL;
}

static int answer_is(const record *r, const char *q, const char *codes) {
  const record_answer *a = find_answer(r, q);
  if (!a) return codes == NULL;
  if (!codes) return 0;
  char joined[256] = "";
  for (int c = 0; c < a->choice_count; c++) {
    if (c) strcat(joined, ",");
    strcat(joined, a->choices[c]);
  }
  return !strcmp(joined, codes);
}

/* Opens the export with the researchers' secret key: the records in bundle order. */
static int open_bundle(const char *path, record *out, int max, unsigned char kiosk_pk[32]) {
  size_t len = 0;
  char err[256];
  char *data = util_read_file(path, BUNDLE_MAX_BYTES, &len, err, sizeof err);
  if (!data) return -1;
  bundle_info info;
  int n = -1;
  if (bundle_parse((unsigned char *)data, len, &info, err, sizeof err) == 0) {
    n = 0;
    if (kiosk_pk) memcpy(kiosk_pk, info.kiosk_pk, 32);
    for (size_t i = 0; i < info.count && n < max; i++)
      if (record_open(info.entries[i].sealed, info.entries[i].sealed_len,
                      research_sk_override ? research_pk_override : research_pk,
                      research_sk_override ? research_sk_override : research_sk, &out[n], err, sizeof err) == 0) n++;
      else printf("record %zu: %s\n", i, err);
    bundle_info_free(&info);
  } else printf("bundle: %s\n", err);
  free(data);
  return n;
}

/* A receipt range over entries[from..to] of one epoch, content hashed as the collector does. */
static receipt_range range_of(const bundle_entry *e, size_t from, size_t to) {
  receipt_range r = { .epoch = e[from].epoch, .first_seq = e[from].seq, .last_seq = e[to].seq };
  receipt_content c;
  receipt_content_init(&c);
  for (size_t i = from; i <= to; i++) receipt_content_add(&c, e[i].sealed, e[i].sealed_len);
  receipt_content_final(&c, r.content);
  return r;
}

static void test_sessions(void) {
  char state[512], out[512], err[512];
  fixture_tempdir(state, sizeof state, "state");
  fixture_tempdir(out, sizeof out, "stick");
  store *st = store_open(state, NULL, err, sizeof err);
  CHECK(st != NULL, "store_open: %s", err);
  site *ar = fixture_site("ar", research_pk), *nl = fixture_site("nl", research_pk);
  checkin_context ctx = { ar, st, "azc-budel-1234" };
  checkin_session s;
  checkin_session_init(&s, &ctx);

  /* Not set up: no researcher key → refused before any question. */
  ar->has_researcher_pk = 0;
  CHECK(checkin_session_start(&s, 0) < 0 && strstr(checkin_session_error(&s), "researcher"), "no key: %s", checkin_session_error(&s));
  ar->has_researcher_pk = 1;

  /* A questionnaire the record format cannot carry is refused before the first tap. */
  char saved_code[32];
  snprintf(saved_code, sizeof saved_code, "%s", ar->questions[2].answers[1].code);
  snprintf(ar->questions[2].answers[1].code, sizeof ar->questions[2].answers[1].code, "Koppeling Gemeente");
  CHECK(checkin_session_start(&s, 0) < 0 && strstr(checkin_session_error(&s), "answer code"), "bad code: %s", checkin_session_error(&s));
  snprintf(ar->questions[2].answers[1].code, sizeof ar->questions[2].answers[1].code, "%s", saved_code);

  /* Declining consent and the age gate store nothing. */
  CHECK(checkin_session_start(&s, 0) == 0 && checkin_session_step(&s) == CHECKIN_CONSENT, "consent first");
  checkin_session_consent(&s, 0);
  CHECK(checkin_session_step(&s) == CHECKIN_IDLE, "decline → idle");
  checkin_session_start(&s, 0);
  checkin_session_consent(&s, 1);
  CHECK(checkin_session_step(&s) == CHECKIN_AGE, "age gate after consent");
  checkin_session_age(&s, 0);
  CHECK(checkin_session_step(&s) == CHECKIN_UNDER_AGE, "under 18 → goodbye");
  CHECK(checkin_session_answer(&s, "1") < 0, "no answers under age");

  /* Idle reset mid-way wipes the answers and stores nothing. */
  checkin_session_start(&s, 0);
  checkin_session_consent(&s, 1);
  checkin_session_age(&s, 1);
  checkin_session_answer(&s, "1");
  checkin_session_answer(&s, "2");
  checkin_session_reset(&s);
  int dirty = 0;
  for (size_t i = 0; i < sizeof s.chosen; i++) dirty |= ((unsigned char *)s.chosen)[i];
  CHECK(!dirty && checkin_session_step(&s) == CHECKIN_IDLE, "reset wipes answers");

  /* Check-in 1, Arabic screens. */
  CHECK(checkin_session_start(&s, 100000) == 0, "start ar");
  checkin_session_consent(&s, 1);
  checkin_session_age(&s, 1);
  int idx = -1, count = 0;
  const site_question *q = checkin_session_question(&s, &idx, &count);
  CHECK(q && idx == 0 && count == 6 && !strcmp(q->text, "كيف تشعر اليوم؟"), "first question in Arabic");
  CHECK(checkin_session_answer(&s, "9") < 0, "unknown code refused");
  checkin_session_answer(&s, "2");        /* mood */
  checkin_session_skip(&s);               /* future */
  checkin_session_answer(&s, "house");    /* waiting_for */
  checkin_session_answer(&s, "6-12m");    /* waiting_time */
  checkin_session_answer(&s, "yes");      /* next_step, then changed: */
  CHECK(checkin_session_back(&s) == 0, "back");
  checkin_session_answer(&s, "no");
  q = checkin_session_question(&s, &idx, NULL);
  CHECK(q && q->multiple && idx == 5, "activities is multiple choice");
  checkin_session_answer(&s, "sport");
  checkin_session_answer(&s, "course");
  checkin_session_answer(&s, "talk");
  checkin_session_answer(&s, "talk");     /* toggled off again */
  CHECK(checkin_session_selected(&s, 4) && checkin_session_selected(&s, 0) && !checkin_session_selected(&s, 2), "toggles");
  checkin_session_next(&s);
  CHECK(checkin_session_step(&s) == CHECKIN_SAVE, "save after the last question");
  CHECK(checkin_session_finish(&s, T0, 130000) == 0, "finish ar: %s", checkin_session_error(&s));
  CHECK(checkin_session_step(&s) == CHECKIN_THANKS, "thank-you after COMMIT");
  CHECK(checkin_session_locked(&s, 134999) && !checkin_session_locked(&s, 135000), "input locked 5 s");
  checkin_session_reset(&s);

  /* Check-in 2, Dutch screens, begun 8 s after the first was saved → rapid. */
  s.ctx.site = nl;
  CHECK(checkin_session_start(&s, 138000) == 0, "start nl");
  checkin_session_consent(&s, 1);
  checkin_session_age(&s, 1);
  q = checkin_session_question(&s, NULL, NULL);
  CHECK(q && !strcmp(q->text, "Hoe voel je je vandaag?"), "Dutch question");
  checkin_session_answer(&s, "5");
  checkin_session_answer(&s, "3");
  checkin_session_skip(&s);
  checkin_session_answer(&s, "lt1m");
  checkin_session_answer(&s, "abit");
  checkin_session_next(&s);               /* activities: nothing chosen = skipped */
  CHECK(checkin_session_finish(&s, T0 + 6 * 3600, 160000) == 0, "finish nl: %s", checkin_session_error(&s));
  checkin_session_reset(&s);

  /* Check-in 3, 40 s later: not rapid, everything skipped. */
  checkin_session_start(&s, 200000);
  checkin_session_consent(&s, 1);
  checkin_session_age(&s, 1);
  for (int i = 0; i < 6; i++) checkin_session_skip(&s);
  CHECK(checkin_session_finish(&s, T0, 201000) == 0, "finish all-skipped");

  store_counts c;
  CHECK(store_count(st, &c, err, sizeof err) == 0 && c.total == 3 && c.fresh == 3, "three records stored (%ld)", c.total);

  /* Nothing readable on disk: no question id, answer code, site code or key name. */
  const char *needles[] = { "mood", "house", "6-12m", "sport", "lt1m", "azc-budel-1234", "a.mood", "rapid", "activities",
                            "كيف", "waiting" };
  for (size_t i = 0; i < UTIL_COUNT(needles); i++)
    CHECK(!fixture_grep_dir(state, needles[i]), "plaintext '%s' found in the state folder", needles[i]);
  /* The store file itself holds sealed blobs (sanity: the grep can find things). */
  CHECK(fixture_grep_dir(state, "SQLite format 3"), "grep finds the SQLite header");

  /* Export and open with the researchers' key: exactly the answers given. */
  char keypath[600], path[4200];
  snprintf(keypath, sizeof keypath, "%s/kiosk-id", state);
  kioskkey key;
  CHECK(kioskkey_load(keypath, &key, err, sizeof err) == 0, "kiosk key: %s", err);
  long n = checkin_export_to(st, &key, out, path, sizeof path, NULL, err, sizeof err);
  CHECK(n == 3, "exported %ld: %s", n, err);
  record r[4];
  unsigned char kpk[32];
  CHECK(open_bundle(path, r, 4, kpk) == 3, "three records open");
  CHECK(!memcmp(kpk, key.pk, 32), "bundle signed by the kiosk key");
  CHECK(answer_is(&r[0], "mood", "2") && answer_is(&r[0], "future", NULL) && answer_is(&r[0], "waiting_for", "house") &&
        answer_is(&r[0], "waiting_time", "6-12m") && answer_is(&r[0], "next_step", "no") &&
        answer_is(&r[0], "activities", "course,sport") && r[0].answer_count == 5, "Arabic check-in answers exact");
  CHECK(answer_is(&r[1], "mood", "5") && answer_is(&r[1], "future", "3") && answer_is(&r[1], "waiting_for", NULL) &&
        answer_is(&r[1], "waiting_time", "lt1m") && answer_is(&r[1], "next_step", "abit") &&
        answer_is(&r[1], "activities", NULL) && r[1].answer_count == 4, "Dutch check-in answers exact");
  CHECK(r[2].answer_count == 0, "all-skipped record has no answers");
  CHECK(!(r[0].flags & RECORD_FLAG_RAPID) && (r[1].flags & RECORD_FLAG_RAPID) && !(r[2].flags & RECORD_FLAG_RAPID), "rapid flag");
  CHECK(!strcmp(r[0].site, "azc-budel-1234") && r[0].pack_version == 7 && r[0].questionnaire_version == 1, "site, versions");
  char day[11]; int part;
  record_day_of(T0, day, &part);
  CHECK(!strcmp(r[0].day, day) && r[0].daypart == part, "day and part of day");
  CHECK(memcmp(r[0].id, r[1].id, 16) && memcmp(r[1].id, r[2].id, 16), "ids differ");
  CHECK(store_count(st, &c, err, sizeof err) == 0 && c.exported == 3 && c.fresh == 0, "marked exported, not deleted");

  /* Receipts: only from a configured collector, only for this kiosk. */
  unsigned char cpk[32], csk[64], opk[32], osk[64];
  crypto_sign_keypair(cpk, csk);
  crypto_sign_keypair(opk, osk);
  config cfg;
  config_defaults(&cfg);
  memcpy(cfg.collector_keys[0], cpk, 32);
  cfg.collector_key_count = 1;
  cfg.retention_days = 30;
  bundle_info info;
  size_t blen;
  char *bdata = util_read_file(path, BUNDLE_MAX_BYTES, &blen, err, sizeof err);
  CHECK(bdata && bundle_parse((unsigned char *)bdata, blen, &info, err, sizeof err) == 0, "reparse");
  receipt_range range = range_of(info.entries, 0, 1);   /* the collector holds seq 1-2 only */
  receipt rc;
  memset(&rc, 0, sizeof rc);
  memcpy(rc.kiosk_pk, key.pk, 32);
  memcpy(rc.bundle_hash, info.hash, 32);
  strcpy(rc.created_day, day);
  rc.count_new = 2;
  rc.ranges = &range;
  rc.range_count = 1;
  unsigned char *rbytes; size_t rlen;
  CHECK(receipt_create(&rc, osk, &rbytes, &rlen, err, sizeof err) == 0, "create untrusted receipt");
  CHECK(checkin_apply_receipt(st, &key, &cfg, rbytes, rlen, err, sizeof err) < 0, "untrusted collector refused");
  free(rbytes);
  CHECK(store_count(st, &c, err, sizeof err) == 0 && c.acked == 0, "nothing acknowledged by a refused receipt");
  CHECK(receipt_create(&rc, csk, &rbytes, &rlen, err, sizeof err) == 0, "create receipt");
  CHECK(checkin_apply_receipt(st, &key, &cfg, rbytes, rlen, err, sizeof err) == 2, "two acknowledged: %s", err);
  CHECK(checkin_apply_receipt(st, &key, &cfg, rbytes, rlen, err, sizeof err) == 0, "same receipt twice: no change");
  free(rbytes);
  /* Finding (issue 13): receipts confirmed positions, not content. A range over seq 3
   * whose content is not what this kiosk exported acknowledges nothing. */
  receipt_range other = range_of(info.entries, 2, 2);
  other.content[0] ^= 1;
  rc.ranges = &other;
  CHECK(receipt_create(&rc, csk, &rbytes, &rlen, err, sizeof err) == 0, "create a receipt for other bytes at seq 3");
  CHECK(checkin_apply_receipt(st, &key, &cfg, rbytes, rlen, err, sizeof err) == 0, "other bytes at seq 3: nothing acknowledged");
  free(rbytes);
  rc.ranges = &range;
  bundle_info_free(&info);
  free(bdata);
  CHECK(store_count(st, &c, err, sizeof err) == 0 && c.acked == 2 && c.exported == 1, "2 acked, 1 still exported");

  /* Retention: acknowledged records go after 30 days, unacknowledged never. */
  long deleted = -1;
  char later[11];
  record_day_of(T0 + 29LL * 86400, later, &part);
  CHECK(store_purge(st, later, 30, &deleted, err, sizeof err) == 0 && deleted == 0, "kept within 30 days");
  /* acked_day is the real today; purge as seen from 45 days after that. */
  record_day_of((long long)time(NULL) + 45LL * 86400, later, &part);
  CHECK(store_purge(st, later, 30, &deleted, err, sizeof err) == 0 && deleted == 2, "purged after 30 days (%ld)", deleted);
  CHECK(store_count(st, &c, err, sizeof err) == 0 && c.total == 1, "the unacknowledged one stays");

  /* The next export holds exactly the unacknowledged record; seq is never reused. */
  checkin_session_start(&s, 500000);
  checkin_session_consent(&s, 1);
  checkin_session_age(&s, 1);
  checkin_session_answer(&s, "4");
  for (int i = 0; i < 5; i++) checkin_session_skip(&s);
  CHECK(checkin_session_finish(&s, T0, 501000) == 0, "fourth check-in");
  /* Finding (issue 13): the kiosk acknowledged records it never exported (as after a
   * store rollback, when an old genuine receipt names seqs that now hold new check-ins).
   * A receipt naming seq 4 with its very bytes acknowledges nothing while it is new. */
  bundle_entry *pending = NULL;
  long np = store_pending(st, 100, &pending, NULL, 0, err, sizeof err);
  CHECK(np == 2 && pending[1].seq == 4, "seq 3 exported and seq 4 new are pending (%ld)", np);
  if (np == 2) {
    receipt_range never = range_of(pending, 1, 1);
    rc.ranges = &never;
    CHECK(receipt_create(&rc, csk, &rbytes, &rlen, err, sizeof err) == 0, "create a receipt for the unexported seq 4");
    CHECK(checkin_apply_receipt(st, &key, &cfg, rbytes, rlen, err, sizeof err) == 0, "a never-exported record is not acknowledged");
    free(rbytes);
  }
  store_entries_free(pending, np > 0 ? (size_t)np : 0);
  n = checkin_export_to(st, &key, out, path, sizeof path, NULL, err, sizeof err);
  bdata = util_read_file(path, BUNDLE_MAX_BYTES, &blen, err, sizeof err);
  CHECK(n == 2 && bdata && bundle_parse((unsigned char *)bdata, blen, &info, err, sizeof err) == 0 &&
        info.count == 2 && info.entries[0].seq == 3 && info.entries[1].seq == 4, "re-export: seq 3 and new seq 4");
  if (bdata) bundle_info_free(&info);
  free(bdata);

  kioskkey_wipe(&key);
  store_close(st);
  fixture_site_free(ar);
  fixture_site_free(nl);
  fixture_rmrf(state);
  fixture_rmrf(out);
}

/* A corrupt store file is never written again: a new epoch starts beside it. */
static void test_epochs(void) {
  char state[512], err[512];
  fixture_tempdir(state, sizeof state, "epoch");
  store *st = store_open(state, NULL, err, sizeof err);
  unsigned char sealed[200], kid[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  randombytes_buf(sealed, sizeof sealed);
  uint64_t e1 = 0, e2 = 0, seq = 0;
  CHECK(store_add(st, sealed, sizeof sealed, kid, &e1, &seq, err, sizeof err) == 0 && seq == 1, "first add");
  char first[4200];
  snprintf(first, sizeof first, "%s", store_current_path(st));
  store_close(st);
  /* Damage a page inside the file (not the header, so it still opens). */
  char cmd[4400];
  snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null", first);
  CHECK(system(cmd) == 0, "checkpoint");
  int fd = open(first, O_WRONLY);
  unsigned char junk[3 * 4096];
  memset(junk, 0xA5, sizeof junk);
  CHECK(fd >= 0 && pwrite(fd, junk, sizeof junk, 4096) == (ssize_t)sizeof junk, "damage");
  close(fd);
  struct stat before, after;
  stat(first, &before);
  st = store_open(state, NULL, err, sizeof err);
  CHECK(store_add(st, sealed, sizeof sealed, kid, &e2, &seq, err, sizeof err) == 0, "add after damage: %s", err);
  CHECK(e2 != e1 && seq == 1 && strcmp(store_current_path(st), first), "new epoch, new file, seq restarts");
  stat(first, &after);
  CHECK(before.st_size == after.st_size && before.st_mtime == after.st_mtime, "damaged file untouched");
  store_counts c;
  store_count(st, &c, err, sizeof err);
  CHECK(c.files == 1 && c.total == 1, "the damaged file is skipped when counting (%d files)", c.files);
  snprintf(cmd, sizeof cmd, "test $(ls '%s'/checkins/checkins-*.db | wc -l) -eq 2", state);
  CHECK(system(cmd) == 0, "two epoch files on disk");
  store_close(st);
  fixture_rmrf(state);
}

static void test_kiosk_key(void) {
  char state[512], path[600], err[512];
  fixture_tempdir(state, sizeof state, "key");
  snprintf(path, sizeof path, "%s/sub/kiosk-id", state);
  kioskkey a, b;
  CHECK(kioskkey_load(path, &a, err, sizeof err) == 0, "create: %s", err);
  struct stat sb;
  CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600 && sb.st_size == 64, "mode 0600, 64 bytes");
  CHECK(kioskkey_load(path, &b, err, sizeof err) == 0 && !memcmp(a.pk, b.pk, 32), "stable across loads");
  chmod(path, 0644);
  CHECK(kioskkey_load(path, &b, err, sizeof err) < 0 && strstr(err, "0600"), "0644 refused: %s", err);
  chmod(path, 0600);
  int fd = open(path, O_WRONLY);
  CHECK(fd >= 0 && pwrite(fd, "x", 1, 40) == 1, "damage key");
  close(fd);
  CHECK(kioskkey_load(path, &b, err, sizeof err) < 0, "damaged key refused: %s", err);
  kioskkey_wipe(&a);
  fixture_rmrf(state);
}

/* Runs a command, captures its stdout+stderr into out; returns the exit status. */
static int run(const char *cmd, char *out, size_t cap) {
  FILE *p = popen(cmd, "r");
  if (!p) return -1;
  size_t n = fread(out, 1, cap - 1, p);
  out[n] = 0;
  int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void seal_into(store *st, const unsigned char pk[32], int n) {
  char err[256];
  unsigned char sealed[RECORD_SEALED_MAX], kid[8];
  record_key_id(pk, kid);
  for (int i = 0; i < n; i++) {
    record r;
    memset(&r, 0, sizeof r);
    randombytes_buf(r.id, 16);
    strcpy(r.site, "azc-budel-1234");
    strcpy(r.day, "2026-11-27");
    r.questionnaire_version = 1;
    r.pack_version = 7;
    strcpy(r.answers[0].question, "next_step");
    strcpy(r.answers[0].choices[0], "abit");
    r.answers[0].choice_count = 1;
    r.answer_count = 1;
    int len = record_seal(&r, pk, sealed, sizeof sealed, err, sizeof err);
    uint64_t e, q;
    expect(len > 0 && store_add(st, sealed, (size_t)len, kid, &e, &q, err, sizeof err) == 0);
  }
}

/* The real binaries: wegwijs --export-checkins / --import-receipt, and, when built,
 * wegwijs-collect ingest making the receipt. */
static void test_cli(void) {
  const char *build = getenv("BUILD");
  if (!build || !*build) build = "build";
  char bin[600], collect[600], base[512], cmd[16384], out[8192], err[512];
  snprintf(bin, sizeof bin, "%s/wegwijs", build);
  snprintf(collect, sizeof collect, "%s/wegwijs-collect", build);
  if (access(bin, X_OK) != 0) { CHECK(0, "%s not built", bin); return; }
  int have_collect = access(collect, X_OK) == 0;
  fixture_tempdir(base, sizeof base, "cli");
  unsigned char rpk[32], rsk[32], cpk[32], csk[64];
  crypto_box_keypair(rpk, rsk);
  crypto_sign_keypair(cpk, csk);
  if (have_collect) {
    snprintf(cmd, sizeof cmd, "'%s' keygen --out '%s/keys' 2>&1", collect, base);
    CHECK(run(cmd, out, sizeof out) == 0, "collect keygen: %s", out);
    size_t len;
    snprintf(cmd, sizeof cmd, "%s/keys/researcher.pk", base);
    char *hex = util_read_file(cmd, 200, &len, err, sizeof err);
    if (hex && len >= 64) { hex[64] = 0; record_unhex(hex, rpk, 32); }
    free(hex);
    snprintf(cmd, sizeof cmd, "%s/keys/researcher.sk", base);
    hex = util_read_file(cmd, 200, &len, err, sizeof err);
    CHECK(hex && len >= 64, "researcher.sk: %s", err);
    if (hex && len >= 64) { hex[64] = 0; record_unhex(hex, rsk, 32); }
    free(hex);
    snprintf(cmd, sizeof cmd, "%s/keys/collector.pk", base);
    hex = util_read_file(cmd, 200, &len, err, sizeof err);
    if (hex && len >= 64) { hex[64] = 0; record_unhex(hex, cpk, 32); }
    free(hex);
  }
  char state[600], stick[600], conf[600], cpkhex[65];
  snprintf(state, sizeof state, "%s/state", base);
  snprintf(stick, sizeof stick, "%s/stick", base);
  snprintf(conf, sizeof conf, "%s/kiosk.conf", base);
  expect(util_mkdirs(stick, 0755, err, sizeof err) == 0);
  record_hex(cpk, 32, cpkhex);
  snprintf(cmd, sizeof cmd, "site_code = azc-budel-1234\ncollector_key = %s\nstate_dir = %s\n", cpkhex, state);
  expect(util_write_file_atomic(conf, cmd, strlen(cmd), err, sizeof err) == 0);
  store *st = store_open(state, NULL, err, sizeof err);
  seal_into(st, rpk, 7);
  store_close(st);

  snprintf(cmd, sizeof cmd, "'%s' --export-checkins '%s' --state '%s' --config '%s' 2>&1", bin, stick, state, conf);
  int rc = run(cmd, out, sizeof out);
  CHECK(rc == 0 && strstr(out, "exported 7 check-ins") && strstr(out, "can be removed"), "CLI export (%d): %s", rc, out);
  printf("%s", out);
  char bundle[4200] = "";
  const char *p = strstr(out, " to ");
  if (p) { snprintf(bundle, sizeof bundle, "%s", p + 4); bundle[strcspn(bundle, "\n")] = 0; }
  record recs[8];
  research_sk_override = rsk;
  memcpy(research_pk_override, rpk, 32);
  CHECK(open_bundle(bundle, recs, 8, NULL) == 7 && answer_is(&recs[6], "next_step", "abit"), "the bundle opens with the researchers' key");
  research_sk_override = NULL;

  char receipt_path[4300];
  if (have_collect) {
    snprintf(cmd, sizeof cmd, "%s/receipts", base);
    expect(util_mkdirs(cmd, 0755, err, sizeof err) == 0);
    /* The collector takes enrolled kiosks only: enrol this one (key from the bundle). */
    size_t blen;
    char *b = util_read_file(bundle, BUNDLE_MAX_BYTES, &blen, err, sizeof err);
    bundle_info info;
    char kiosk_hex[65] = "";
    if (b && bundle_parse((unsigned char *)b, blen, &info, err, sizeof err) == 0) {
      record_hex(info.kiosk_pk, 32, kiosk_hex);
      bundle_info_free(&info);
    }
    free(b);
    snprintf(cmd, sizeof cmd, "'%s' enrol --db '%s/collect.db' --site '%s' %s 2>&1", collect, base, recs[0].site, kiosk_hex);
    rc = run(cmd, out, sizeof out);
    CHECK(rc == 0, "collect enrol (%d): %s", rc, out);
    snprintf(cmd, sizeof cmd, "'%s' ingest --db '%s/collect.db' --keys '%s/keys' --receipts '%s/receipts' '%s' 2>&1",
             collect, base, base, base, bundle);
    rc = run(cmd, out, sizeof out);
    CHECK(rc == 0, "collect ingest (%d): %s", rc, out);
    const char *rp = strstr(out, "receipt: ");
    snprintf(receipt_path, sizeof receipt_path, "%s", rp ? rp + 9 : "");
    receipt_path[strcspn(receipt_path, "\n")] = 0;
    printf("receipt from wegwijs-collect: %s\n", receipt_path);
  } else {
    /* Our own collector stand-in: every record in the bundle. */
    size_t blen;
    char *b = util_read_file(bundle, BUNDLE_MAX_BYTES, &blen, err, sizeof err);
    bundle_info info;
    expect(b && bundle_parse((unsigned char *)b, blen, &info, err, sizeof err) == 0);
    receipt_range range = range_of(info.entries, 0, info.count - 1);
    receipt r;
    memset(&r, 0, sizeof r);
    memcpy(r.kiosk_pk, info.kiosk_pk, 32);
    memcpy(r.bundle_hash, info.hash, 32);
    strcpy(r.created_day, "2026-11-28");
    r.ranges = &range;
    r.range_count = 1;
    unsigned char *rb; size_t rlen;
    expect(receipt_create(&r, csk, &rb, &rlen, err, sizeof err) == 0);
    snprintf(receipt_path, sizeof receipt_path, "%s/receipt.wwr", base);
    expect(util_write_file_atomic(receipt_path, rb, rlen, err, sizeof err) == 0);
    free(rb);
    bundle_info_free(&info);
    free(b);
  }
  /* A kiosk that trusts another collector refuses the receipt and changes nothing. */
  char conf2[700];
  snprintf(conf2, sizeof conf2, "%s/other.conf", base);
  snprintf(cmd, sizeof cmd, "site_code = azc-budel-1234\ncollector_key = %064d\nstate_dir = %s\n", 7, state);
  expect(util_write_file_atomic(conf2, cmd, strlen(cmd), err, sizeof err) == 0);
  snprintf(cmd, sizeof cmd, "'%s' --import-receipt '%s' --state '%s' --config '%s' 2>&1", bin, receipt_path, state, conf2);
  rc = run(cmd, out, sizeof out);
  CHECK(rc == 1 && strstr(out, "refused") && strstr(out, "trust"), "untrusted receipt refused (%d): %s", rc, out);
  snprintf(cmd, sizeof cmd, "'%s' --import-receipt '%s' --state '%s' --config '%s' 2>&1", bin, receipt_path, state, conf);
  rc = run(cmd, out, sizeof out);
  CHECK(rc == 0 && strstr(out, "7 check-ins acknowledged"), "CLI import (%d): %s", rc, out);
  printf("%s", out);
  /* Nothing is left to export after the acknowledgement. */
  snprintf(cmd, sizeof cmd, "'%s' --export-checkins '%s' --state '%s' --config '%s' 2>&1", bin, stick, state, conf);
  rc = run(cmd, out, sizeof out);
  CHECK(rc == 0 && strstr(out, "exported 0 check-ins"), "after the receipt: %s", out);
  /* A damaged receipt file: clear message, exit 1. */
  snprintf(cmd, sizeof cmd, "printf 'WWR1 not really' > '%s/bad.wwr' && '%s' --import-receipt '%s/bad.wwr' --state '%s' --config '%s' 2>&1",
           base, bin, base, state, conf);
  rc = run(cmd, out, sizeof out);
  CHECK(rc == 1 && strstr(out, "receipt refused"), "damaged receipt (%d): %s", rc, out);
  snprintf(cmd, sizeof cmd, "'%s' --export-checkins 2>&1", bin);
  CHECK(run(cmd, out, sizeof out) == 2 && strstr(out, "usage"), "usage without DIR: %s", out);
  fixture_rmrf(base);
}

int main(void) {
  expect(sodium_init() >= 0);
  setenv("TZ", "Europe/Amsterdam", 1);
  crypto_box_keypair(research_pk, research_sk);
  test_sessions();
  test_epochs();
  test_kiosk_key();
  test_cli();
  return check_report();
}
