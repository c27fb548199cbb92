/* open.c — opening stored sealed records in the research environment (open.h). */
#include "open.h"
#include "args.h"
#include "collect.h"
#include "ingest.h"
#include "checkin/record.h"
#include "util/util.h"
#include <sodium.h>
#include <stdlib.h>   /* qsort_r */
#include <string.h>

enum { OPEN_BATCH = 2000 };   /* records per transaction */

/* One stored sealed record and what opening made of it. */
typedef struct {
  unsigned char kiosk_pk[32];
  int64_t epoch, seq;
  char site[RECORD_NAME_MAX];   /* the site its kiosk is enrolled for */
  unsigned char *sealed;
  size_t sealed_len;
  record rec;
  char week[9];
  const char *period;           /* points at the week or at the late period */
  char note[160];               /* why quarantined; "" when opened */
} open_item;

/* Loads up to OPEN_BATCH unopened records. Returns the count, or -1 with err set. */
static int open_load(db *d, open_item *items, char *err, size_t errlen) {
  db_param lim[] = { db_int(OPEN_BATCH) };
  db_rows *r = db_query(d, "SELECT c.kiosk_pk, c.epoch, c.seq, c.sealed, k.site FROM checkin_raw c"
                           " JOIN kiosk k ON k.kiosk_pk = c.kiosk_pk WHERE c.open_state = 0"
                           " ORDER BY c.kiosk_pk, c.epoch, c.seq LIMIT $1", lim, 1, err, errlen);
  if (!r) return -1;
  int n = 0, got;
  while (n < OPEN_BATCH && (got = db_next(r)) == 1) {
    open_item *it = &items[n++];
    size_t len;
    const void *pk = db_col_blob(r, 0, &len);
    memcpy(it->kiosk_pk, pk, len == 32 ? 32 : 0);
    it->epoch = db_col_int(r, 1);
    it->seq = db_col_int(r, 2);
    const void *sealed = db_col_blob(r, 3, &it->sealed_len);
    it->sealed = util_malloc(it->sealed_len ? it->sealed_len : 1);
    memcpy(it->sealed, sealed, it->sealed_len);
    snprintf(it->site, sizeof it->site, "%s", db_col_text(r, 4));
  }
  if (n < OPEN_BATCH && got < 0) { util_error(err, errlen, "%s", db_rows_error(r)); n = -1; }
  db_rows_free(r);
  return n;
}

/* 1 when the period is in the publication ledger, 0 when not, -1 on error. */
static int open_published(db *d, const char *period, char *err, size_t errlen) {
  int64_t one = 0;
  db_param p[] = { db_text(period) };
  int rc = db_query_int(d, "SELECT 1 FROM published WHERE period = $1", p, 1, &one, err, errlen);
  return rc < 0 ? -1 : rc;
}

/* Opens and checks one item (no database work). */
static void open_item_decrypt(open_item *it, const keys *k) {
  unsigned char key_id[8];
  record_key_id(k->research_pk, key_id);
  if (record_open(it->sealed, it->sealed_len, k->research_pk, k->research_sk, &it->rec, it->note, sizeof it->note) != 0)
    return;
  if (ingest_iso_week(it->rec.day, it->week) != 0)
    snprintf(it->note, sizeof it->note, "no such day '%.20s'", it->rec.day);
  else if (strcmp(it->rec.site, it->site))
    snprintf(it->note, sizeof it->note, "site code '%.31s' is not the site the kiosk is enrolled for", it->rec.site);
}

/* Stores one opened item's response and answers under a random id. 0 or -1. */
static int open_store_response(db *d, const open_item *it, char *err, size_t errlen) {
  unsigned char rid[16];
  randombytes_buf(rid, sizeof rid);
  db_param row[] = { db_blob(rid, 16), db_text(it->rec.site), db_text(it->rec.day), db_text(it->week),
                     db_text(it->period), db_int(it->rec.daypart), db_int(it->rec.questionnaire_version),
                     db_int(it->rec.pack_version), db_int((it->rec.flags & RECORD_FLAG_RAPID) != 0) };
  if (db_exec(d, "INSERT INTO response(response_id, site, day, iso_week, period, daypart, questionnaire, pack, rapid)"
                 " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)", row, 9, err, errlen) != 1) return -1;
  for (int a = 0; a < it->rec.answer_count; a++)
    for (int c = 0; c < it->rec.answers[a].choice_count; c++) {
      db_param ans[] = { db_blob(rid, 16), db_text(it->rec.answers[a].question), db_text(it->rec.answers[a].choices[c]) };
      if (db_exec(d, "INSERT INTO answer(response_id, question, code) VALUES($1, $2, $3) ON CONFLICT DO NOTHING",
                  ans, 3, err, errlen) < 0) return -1;
    }
  return 0;
}

/* Within a batch the first (in kiosk, epoch, seq order) of a repeated record id wins,
 * whatever order the batch is stored in. */
static int open_by_id(const void *a, const void *b, void *items) {
  int x = *(const int *)a, y = *(const int *)b;
  const open_item *base = items;
  int c = memcmp(base[x].rec.id, base[y].rec.id, 16);
  return c ? c : x - y;
}

static void open_mark_repeats(open_item *items, int n) {
  int *order = util_malloc(sizeof(int) * (size_t)(n ? n : 1)), m = 0;
  for (int i = 0; i < n; i++) if (!items[i].note[0]) order[m++] = i;
  qsort_r(order, (size_t)m, sizeof *order, open_by_id, items);
  for (int i = 1; i < m; i++)
    if (!memcmp(items[order[i]].rec.id, items[order[i - 1]].rec.id, 16))
      snprintf(items[order[i]].note, sizeof items[order[i]].note, "record id already opened (the same check-in at another place)");
  free(order);
}

/* Stores one batch in one transaction, in a random order. 0 or -1. */
static int open_store_batch(db *d, open_item *items, int n, const char *late, open_result *res, FILE *log,
                            char *err, size_t errlen) {
  for (int i = n - 1; i > 0; i--) {   /* Fisher-Yates: storage order says nothing */
    int j = (int)randombytes_uniform((uint32_t)i + 1);
    open_item t = items[i]; items[i] = items[j]; items[j] = t;
  }
  if (db_begin(d, err, errlen) != 0) return -1;
  for (int i = 0; i < n; i++) {
    open_item *it = &items[i];
    if (!it->note[0]) {
      db_param id[] = { db_blob(it->rec.id, 16) };
      int64_t fresh = db_exec(d, "INSERT INTO opened_id(record_id) VALUES($1) ON CONFLICT DO NOTHING", id, 1, err, errlen);
      if (fresh < 0) goto fail;
      if (fresh == 0) snprintf(it->note, sizeof it->note, "record id already opened (the same check-in at another place)");
    }
    if (!it->note[0]) {
      int pub = open_published(d, it->week, err, errlen);
      if (pub < 0) goto fail;
      it->period = pub ? late : it->week;
      if (open_store_response(d, it, err, errlen) != 0) goto fail;
      res->opened++;
      res->late += pub;
    } else {
      res->quarantined++;
      char kid[17];
      record_hex(it->kiosk_pk, 8, kid);
      if (log) fprintf(log, "quarantined: kiosk %s epoch %016llx seq %lld: %s\n", kid, (unsigned long long)it->epoch,
                       (long long)it->seq, it->note);
    }
    db_param up[] = { db_int(it->note[0] ? 2 : 1), it->note[0] ? db_text(it->note) : db_text(NULL),
                      db_blob(it->kiosk_pk, 32), db_int(it->epoch), db_int(it->seq) };
    if (db_exec(d, "UPDATE checkin_raw SET open_state = $1, open_note = $2 WHERE kiosk_pk = $3 AND epoch = $4"
                   " AND seq = $5", up, 5, err, errlen) != 1) { if (!*err) util_error(err, errlen, "lost a record"); goto fail; }
  }
  return db_commit(d, err, errlen);
fail:
  db_rollback(d);
  return -1;
}

int open_pending(db *d, const keys *k, const char *today, open_result *res, FILE *log, char *err, size_t errlen) {
  memset(res, 0, sizeof *res);
  if (!k->has_research) return util_error(err, errlen, "opening needs the researcher key pair");
  char day[11], week[9], late[16];
  ingest_today(today, day);
  if (ingest_iso_week(day, week) != 0) return util_error(err, errlen, "bad day '%s'", day);
  snprintf(late, sizeof late, "%s-late", week);
  open_item *items = util_calloc(OPEN_BATCH, sizeof *items);
  int rc = 0;
  for (;;) {
    int n = open_load(d, items, err, errlen);
    if (n <= 0) { rc = n; break; }
    for (int i = 0; i < n; i++) open_item_decrypt(&items[i], k);
    open_mark_repeats(items, n);
    rc = open_store_batch(d, items, n, late, res, log, err, errlen);
    for (int i = 0; i < n; i++) free(items[i].sealed);
    sodium_memzero(items, sizeof *items * OPEN_BATCH);
    if (rc != 0) break;
  }
  free(items);
  return rc;
}

static const char open_help[] =
  "usage: wegwijs-collect open [--db URL] --keys RESEARCH_DIR [--forget-ids]\n"
  "Research environment only: opens the sealed records `serve` or `ingest --sealed` stored into\n"
  "the answer tables (random response ids, no kiosk, epoch or sequence number), and quarantines\n"
  "records that do not open or parse (listed, sealed bytes kept). Needs researcher.sk.\n"
  "A record for a week that was already published goes to the late period of this week.\n"
  "--forget-ids drops the list of opened record ids afterwards (a resend of the same check-in\n"
  "at another place is then no longer recognised).\n";

int open_main(int argc, char **argv) {
  const char *url = NULL, *key_dir = NULL, *pos[1];
  int npos, forget = 0;
  args_option opts[] = { { "--db", &url, NULL }, { "--keys", &key_dir, NULL }, { "--forget-ids", NULL, &forget },
                         { NULL, NULL, NULL } };
  int parsed = args_parse("open", argc, argv, 2, opts, pos, 0, &npos);
  if (parsed != ARGS_OK || !key_dir) return args_help(parsed == ARGS_OK ? ARGS_USAGE : parsed, open_help);
  char err[1024];
  keys k;
  if (keys_load(key_dir, KEYS_RESEARCH_SECRET, 0, &k, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs-collect open: %s\n", err);
    return 1;
  }
  db *d = db_open_collector(url, err, sizeof err);
  open_result res;
  int rc = d ? open_pending(d, &k, getenv("WEGWIJS_COLLECT_TODAY"), &res, stdout, err, sizeof err) : -1;
  if (rc == 0 && forget && db_exec(d, "DELETE FROM opened_id", NULL, 0, err, sizeof err) < 0) rc = -1;
  keys_wipe(&k);
  db_close(d);
  if (rc != 0) { fprintf(stderr, "wegwijs-collect open: %s\n", err); return 1; }
  printf("open: %zu records opened (%zu into the late period), %zu quarantined\n", res.opened, res.late, res.quarantined);
  return 0;
}
