/* test_collect_ingest.c — the collector's set-based sealed ingest (tools/collect/ingest.c)
 * and the research side's open (open.c), on SQLite, and on PostgreSQL when a URL is given
 * (argv[1] or $WEGWIJS_TEST_PG_URL; t_collect.sh passes the server it starts). Real
 * sealed records in real signed bundles: an unenrolled kiosk (403, nothing kept), a
 * 3000-record bundle (bulk COPY flushed more than once) ingested with the collector key
 * and researcher.pk only, an identical resend, an overlap, the same record id twice in
 * one bundle (quarantined at open), another record at a held seq, re-sealed bytes,
 * records sealed to another researcher key, a record naming another site, an empty
 * bundle, a revoked kiosk. Checks the counts, every table, the report lines and the
 * receipt's ranges after each step, and that the answer tables carry no record id,
 * kiosk, epoch or seq. */
#include "../tests/check.h"
#include "../tools/collect/db.h"
#include "../tools/collect/ingest.h"
#include "../tools/collect/keys.h"
#include "../tools/collect/open.h"
#include "checkin/bundle.h"
#include "checkin/receipt.h"
#include "checkin/record.h"
#include "util/util.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_RECORDS = 9100, BIG = 3000, OTHER_SITE = 9050 };

typedef struct {
  keys k;                                     /* the research side: opens records */
  keys server;                                /* collector pair + researcher.pk only */
  unsigned char other_pk[32], other_sk[32];   /* another researcher key: rejected */
  unsigned char kiosk_pk[32], kiosk_sk[64];
  uint64_t epoch;
  unsigned char *sealed[MAX_RECORDS + 1];     /* record n sealed once, as the kiosk holds it */
  size_t sealed_len[MAX_RECORDS + 1];
} fixture;

/* Record n: a deterministic id, three answer rows (mood + two activities). */
static void make_record(int n, record *r) {
  memset(r, 0, sizeof *r);
  char label[32];
  snprintf(label, sizeof label, "test-record-%d", n);
  crypto_generichash(r->id, 16, (const unsigned char *)label, strlen(label), NULL, 0);
  snprintf(r->site, sizeof r->site, "%s", n == OTHER_SITE ? "azc-99" : "azc-01");
  snprintf(r->day, sizeof r->day, "2026-03-%02u", 2u + (unsigned)n % 20u);
  r->daypart = 1 + n % 3;
  r->questionnaire_version = 1;
  r->pack_version = 7;
  snprintf(r->answers[0].question, RECORD_NAME_MAX, "mood");
  snprintf(r->answers[0].choices[0], RECORD_NAME_MAX, "%d", 1 + n % 5);
  r->answers[0].choice_count = 1;
  snprintf(r->answers[1].question, RECORD_NAME_MAX, "activities");
  snprintf(r->answers[1].choices[0], RECORD_NAME_MAX, "course");
  snprintf(r->answers[1].choices[1], RECORD_NAME_MAX, "sport");
  r->answers[1].choice_count = 2;
  r->answer_count = 2;
}

/* Sealed bytes of record n to pk (fresh: a new ephemeral key, so new bytes). */
static size_t seal(int n, const unsigned char pk[32], unsigned char **out) {
  record r;
  make_record(n, &r);
  *out = util_malloc(RECORD_SEALED_MAX);
  char err[256];
  int len = record_seal(&r, pk, *out, RECORD_SEALED_MAX, err, sizeof err);
  expect(len > 0);
  return (size_t)len;
}

/* One bundle entry: seq holds record n, sealed how the kiosk holds it (held), freshly
 * re-sealed (reseal), or sealed to the other researcher key (foreign). */
typedef struct { uint64_t seq; int n; int how; } spec;
enum { HELD, RESEAL, FOREIGN };

static unsigned char *build(fixture *f, const spec *s, size_t count, size_t *len) {
  bundle_entry *e = util_calloc(count ? count : 1, sizeof *e);
  unsigned char *extra[64];
  size_t extras = 0;
  for (size_t i = 0; i < count; i++) {
    e[i].epoch = f->epoch;
    e[i].seq = s[i].seq;
    const unsigned char *pk = s[i].how == FOREIGN ? f->other_pk : f->k.research_pk;
    record_key_id(pk, e[i].key_id);
    if (s[i].how == HELD) {
      if (!f->sealed[s[i].n]) f->sealed_len[s[i].n] = seal(s[i].n, pk, &f->sealed[s[i].n]);
      e[i].sealed = f->sealed[s[i].n];
      e[i].sealed_len = f->sealed_len[s[i].n];
    } else {
      expect(extras < 64);
      e[i].sealed_len = seal(s[i].n, pk, &extra[extras]);
      e[i].sealed = extra[extras++];
    }
  }
  unsigned char *out = NULL;
  char err[256];
  int rc = bundle_build(f->kiosk_sk, "2026-03-30", e, count, &out, len, NULL, err, sizeof err);
  expect(rc == 0);
  for (size_t i = 0; i < extras; i++) free(extra[i]);
  free(e);
  return out;
}

static int64_t count_rows(db *d, const char *sql) {
  int64_t n = -1;
  char err[512];
  if (db_query_int(d, sql, NULL, 0, &n, err, sizeof err) != 1) printf("query failed: %s\n", err);
  return n;
}

/* Ingests a bundle; checks status and the four counts. Returns the result (caller frees). */
static ingest_result ingest(db *d, fixture *f, const unsigned char *data, size_t len, int want_status,
                            unsigned nw, unsigned dup, unsigned conf, unsigned rej, const char *what) {
  ingest_options opt = { "file", "2026-04-01" };
  ingest_result res;
  char err[1024] = "";
  int status = ingest_bundle(d, &f->server, data, len, &opt, &res, err, sizeof err);
  CHECK(status == want_status, "%s: status %d, want %d (%s)", what, status, want_status, err);
  if (want_status == INGEST_STORED)
    CHECK(res.count_new == nw && res.count_duplicate == dup && res.count_conflict == conf && res.count_rejected == rej,
          "%s: %u new %u duplicate %u conflict %u rejected, want %u %u %u %u", what, res.count_new,
          res.count_duplicate, res.count_conflict, res.count_rejected, nw, dup, conf, rej);
  return res;
}

/* The receipt's ranges as text "first-last,first-last". */
static void ranges_text(const ingest_result *res, char *out, size_t cap) {
  receipt r;
  char err[256];
  out[0] = 0;
  if (receipt_parse(res->receipt, res->receipt_len, &r, err, sizeof err) != 0) {
    snprintf(out, cap, "bad: %.200s", err);
    return;
  }
  size_t n = 0;
  for (size_t i = 0; i < r.range_count && n < cap; i++)
    n += (size_t)snprintf(out + n, cap - n, "%s%llu-%llu", i ? "," : "", (unsigned long long)r.ranges[i].first_seq,
                          (unsigned long long)r.ranges[i].last_seq);
  receipt_free(&r);
}

static void run(const char *url, const char *name) {
  printf("--- %s\n", name);
  char err[1024];
  db *d = db_open(url, err, sizeof err);
  CHECK(d != NULL, "%s: open: %s", name, err);
  if (!d) return;
  CHECK(db_schema(d, err, sizeof err) == 0, "%s: schema: %s", name, err);
  fixture *f = util_calloc(1, sizeof *f);
  crypto_box_keypair(f->k.research_pk, f->k.research_sk);
  crypto_sign_keypair(f->k.collector_pk, f->k.collector_sk);
  f->k.has_research = f->k.has_research_pk = f->k.has_collector = 1;
  f->server = f->k;
  sodium_memzero(f->server.research_sk, 32);
  f->server.has_research = 0;
  crypto_box_keypair(f->other_pk, f->other_sk);
  crypto_sign_keypair(f->kiosk_pk, f->kiosk_sk);
  randombytes_buf(&f->epoch, sizeof f->epoch);
  f->epoch >>= 1;   /* stored as BIGINT */
  char ranges[256], kiosk_hex[65];
  record_hex(f->kiosk_pk, 32, kiosk_hex);

  /* 0. unenrolled_kiosk_refused: 403 before any record work, and nothing kept. */
  spec one[] = { { 1, 1, HELD } };
  size_t len0;
  unsigned char *b0 = build(f, one, 1, &len0);
  ingest_result r0 = ingest(d, f, b0, len0, INGEST_FORBIDDEN, 0, 0, 0, 0, "unenrolled kiosk");
  CHECK(count_rows(d, "SELECT (SELECT count(*) FROM checkin_raw) + (SELECT count(*) FROM bundle) +"
                      " (SELECT count(*) FROM rejected) + (SELECT count(*) FROM conflict) + (SELECT count(*) FROM epoch)") == 0,
        "%s: unenrolled_kiosk_refused: none of its bytes kept", name);
  ingest_result_free(&r0);
  CHECK(ingest_enrol(d, kiosk_hex, "azc-01", "2026-03-01", err, sizeof err) == 0, "%s: enrol: %s", name, err);
  r0 = ingest(d, f, b0, len0, INGEST_STORED, 1, 0, 0, 0, "enrolled kiosk, same bundle");
  ingest_result_free(&r0);
  free(b0);

  /* 1. 3000 new records: ~1.7 MB of staged rows, so bulk COPY flushes twice. */
  spec *s = util_calloc(BIG, sizeof *s);
  for (int i = 0; i < BIG; i++) { s[i].seq = (uint64_t)i + 1; s[i].n = i + 1; s[i].how = HELD; }
  size_t len1;
  unsigned char *b1 = build(f, s, BIG, &len1);
  ingest_result r1 = ingest(d, f, b1, len1, INGEST_STORED, BIG - 1, 1, 0, 0, "3000 new (seq 1 held)");
  CHECK(count_rows(d, "SELECT count(*) FROM checkin_raw") == BIG, "%s: 3000 raw rows", name);
  CHECK(count_rows(d, "SELECT count(*) FROM response") == 0, "%s: sealed_only_at_server: nothing opened by ingest", name);
  open_result o;
  CHECK(open_pending(d, &f->server, "2026-04-01", &o, NULL, err, sizeof err) != 0,
        "%s: open refuses without researcher.sk", name);
  CHECK(open_pending(d, &f->k, "2026-04-01", &o, NULL, err, sizeof err) == 0 && o.opened == BIG && o.quarantined == 0,
        "%s: open: %zu opened, %zu quarantined (%s)", name, o.opened, o.quarantined, err);
  CHECK(count_rows(d, "SELECT count(*) FROM response") == BIG, "%s: 3000 responses", name);
  CHECK(count_rows(d, "SELECT count(*) FROM answer") == 3 * BIG, "%s: 9000 answer rows", name);
  CHECK(count_rows(d, "SELECT count(*) FROM response WHERE pack = 7 AND questionnaire = 1 AND rapid = 0"
                      " AND daypart BETWEEN 1 AND 3 AND iso_week LIKE '2026-W%'") == BIG, "%s: response columns", name);
  CHECK(count_rows(d, "SELECT count(*) FROM answer WHERE question = 'activities' AND code = 'sport'") == BIG,
        "%s: multiple-choice answers stored per code", name);
  ranges_text(&r1, ranges, sizeof ranges);
  CHECK(!strcmp(ranges, "1-3000"), "%s: receipt ranges '%s'", name, ranges);

  /* 2. The same bytes again: the stored receipt, nothing written. */
  ingest_result r2 = ingest(d, f, b1, len1, INGEST_RESENT, 0, 0, 0, 0, "identical resend");
  CHECK(r2.receipt_len == r1.receipt_len && !memcmp(r2.receipt, r1.receipt, r1.receipt_len),
        "%s: resend answered with the identical receipt", name);
  CHECK(count_rows(d, "SELECT count(*) FROM checkin_raw") == BIG, "%s: still 3000 after a resend", name);
  ingest_result_free(&r1);
  ingest_result_free(&r2);
  free(b1);

  /* 3. Overlap: ten held records again (same bytes) and ten new. */
  for (int i = 0; i < 20; i++) { s[i].seq = 2991 + (uint64_t)i; s[i].n = 2991 + i; s[i].how = HELD; }
  size_t len;
  unsigned char *b = build(f, s, 20, &len);
  ingest_result r = ingest(d, f, b, len, INGEST_STORED, 10, 10, 0, 0, "overlap");
  ranges_text(&r, ranges, sizeof ranges);
  CHECK(!strcmp(ranges, "2991-3010"), "%s: the overlap's receipt confirms its duplicates and new ones: '%s'", name, ranges);
  CHECK(open_pending(d, &f->k, "2026-04-01", &o, NULL, err, sizeof err) == 0 && o.opened == 10, "%s: open the overlap", name);
  CHECK(count_rows(d, "SELECT count(*) FROM answer") == 3 * 3010, "%s: answers only for the new ones", name);
  ingest_result_free(&r);
  free(b);

  /* 4. One record id at two seqs of the same bundle: both stored sealed (ingest cannot
   * see ids); open quarantines the second. */
  spec twice[] = { { 3011, 3011, HELD }, { 3012, 3011, HELD } };
  b = build(f, twice, 2, &len);
  r = ingest(d, f, b, len, INGEST_STORED, 2, 0, 0, 0, "same id twice in a bundle");
  CHECK(open_pending(d, &f->k, "2026-04-01", &o, NULL, err, sizeof err) == 0 && o.opened == 1 && o.quarantined == 1,
        "%s: open quarantines the repeated id (%zu opened, %zu quarantined)", name, o.opened, o.quarantined);
  CHECK(count_rows(d, "SELECT count(*) FROM checkin_raw WHERE open_state = 2 AND seq = 3012 AND"
                      " open_note LIKE 'record id already opened%'") == 1, "%s: quarantine note on seq 3012", name);
  ingest_result_free(&r);
  free(b);

  /* 5. Another record at a held kiosk/epoch/seq, next to a new one. */
  spec clash[] = { { 5, 9001, HELD }, { 3013, 3013, HELD } };
  b = build(f, clash, 2, &len);
  r = ingest(d, f, b, len, INGEST_STORED, 1, 0, 1, 0, "another record at a held seq");
  CHECK(r.report && strstr(r.report, "seq 5: other sealed bytes at a held place"),
        "%s: clash reason: %s", name, r.report ? r.report : "(none)");
  /* Finding (issue 13): the ranges named seq 5, where a different record clashed. A
   * receipt now confirms only this bundle's records held with these very bytes. */
  ranges_text(&r, ranges, sizeof ranges);
  CHECK(!strcmp(ranges, "3013-3013"), "%s: the conflict at seq 5 is in no range: '%s'", name, ranges);
  ingest_result_free(&r);
  free(b);

  /* 6. A held record re-sealed: same record, other bytes. */
  spec resealed[] = { { 7, 7, RESEAL } };
  b = build(f, resealed, 1, &len);
  r = ingest(d, f, b, len, INGEST_STORED, 0, 0, 1, 0, "re-sealed");
  CHECK(r.report && strstr(r.report, "other sealed bytes"), "%s: reseal reason: %s", name, r.report ? r.report : "(none)");
  ingest_result_free(&r);
  free(b);

  /* 7. Three records sealed to another researcher key, one normal. */
  spec foreign[] = { { 3014, 3014, FOREIGN }, { 3015, 3015, FOREIGN }, { 3016, 3016, FOREIGN }, { 3017, 3017, HELD } };
  b = build(f, foreign, 4, &len);
  r = ingest(d, f, b, len, INGEST_STORED, 1, 0, 0, 3, "foreign key");
  CHECK(r.report && strstr(r.report, "rejected: ") && strstr(r.report, "sealed to another researcher key"),
        "%s: rejection noted: %s", name, r.report ? r.report : "(none)");
  /* Confirmed: 3017 only. 3014-3016 (rejected) stay on the kiosk; earlier seqs were
   * confirmed by the receipts of their own bundles. */
  ranges_text(&r, ranges, sizeof ranges);
  CHECK(!strcmp(ranges, "3017-3017"), "%s: receipt ranges '%s'", name, ranges);
  ingest_result_free(&r);
  free(b);

  /* 8. An empty bundle is stored and answered; a record naming another site than its
   * kiosk's is quarantined at open. */
  b = build(f, NULL, 0, &len);
  r = ingest(d, f, b, len, INGEST_STORED, 0, 0, 0, 0, "empty bundle");
  ingest_result_free(&r);
  free(b);
  spec other_site[] = { { 3018, OTHER_SITE, HELD } };
  b = build(f, other_site, 1, &len);
  r = ingest(d, f, b, len, INGEST_STORED, 1, 0, 0, 0, "record of another site");
  ingest_result_free(&r);
  free(b);
  CHECK(open_pending(d, &f->k, "2026-04-01", &o, NULL, err, sizeof err) == 0 && o.opened == 2 && o.quarantined == 1,
        "%s: open: 3013 and 3017 opened, the other site's record quarantined (%zu, %zu)", name, o.opened, o.quarantined);

  CHECK(count_rows(d, "SELECT count(*) FROM checkin_raw") == 3015, "%s: 3015 records held sealed", name);
  CHECK(count_rows(d, "SELECT count(*) FROM checkin_raw WHERE open_state = 0") == 0, "%s: every record opened or quarantined", name);
  CHECK(count_rows(d, "SELECT count(*) FROM response") == 3013, "%s: one response per opened record", name);
  CHECK(count_rows(d, "SELECT count(*) FROM answer") == 3 * 3013, "%s: three answers per record", name);
  CHECK(count_rows(d, "SELECT count(*) FROM conflict") == 2, "%s: two conflicts quarantined", name);
  CHECK(count_rows(d, "SELECT count(*) FROM rejected") == 3, "%s: three rejected kept", name);
  CHECK(count_rows(d, "SELECT count(*) FROM checkin_raw WHERE seq = 7 AND sealed_hash IS NOT NULL") == 1,
        "%s: the original at seq 7 kept", name);
  CHECK(count_rows(d, "SELECT count(*) FROM bundle WHERE receipt IS NOT NULL") == 9, "%s: nine bundles with receipts", name);
  /* linkability: the answer tables name no record, kiosk, epoch or seq. */
  int64_t v = 0;
  const char *columns[] = { "record_id", "kiosk_pk", "epoch", "seq" };
  int linkable = 0;
  for (int i = 0; i < 4; i++) {
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(%s) FROM response", columns[i]);
    linkable += db_query_int(d, sql, NULL, 0, &v, err, sizeof err) >= 0;
    snprintf(sql, sizeof sql, "SELECT count(%s) FROM answer", columns[i]);
    linkable += db_query_int(d, sql, NULL, 0, &v, err, sizeof err) >= 0;
  }
  CHECK(linkable == 0, "%s: linkability: %d id/epoch/seq columns in response or answer", name, linkable);

  /* 9. A revoked kiosk: refused, nothing added. */
  CHECK(ingest_revoke(d, kiosk_hex, "2026-04-02", err, sizeof err) == 0, "%s: revoke: %s", name, err);
  spec after[] = { { 3019, 3019, HELD } };
  b = build(f, after, 1, &len);
  r = ingest(d, f, b, len, INGEST_FORBIDDEN, 0, 0, 0, 0, "revoked kiosk");
  ingest_result_free(&r);
  free(b);
  CHECK(count_rows(d, "SELECT count(*) FROM checkin_raw") == 3015, "%s: nothing stored for a revoked kiosk", name);

  free(s);
  for (int i = 0; i <= MAX_RECORDS; i++) free(f->sealed[i]);
  keys_wipe(&f->k);
  free(f);
  db_close(d);
}

int main(int argc, char **argv) {
  if (sodium_init() < 0) return 1;
  char dir[] = "/tmp/wwingest.XXXXXX", path[64];
  if (!mkdtemp(dir)) return 1;
  snprintf(path, sizeof path, "%s/c.db", dir);
  run(path, "SQLite");
  const char *pg = argc > 1 ? argv[1] : getenv("WEGWIJS_TEST_PG_URL");
  if (pg && *pg) run(pg, "PostgreSQL");
  else printf("(PostgreSQL part runs from t_collect.sh, which starts a server)\n");
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) printf("could not remove %s\n", dir);
  return check_report();
}
