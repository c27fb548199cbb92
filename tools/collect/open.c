/* open.c — opening stored sealed records in the research environment (open.h). */
#include "open.h"
#include "args.h"
#include "collect.h"
#include "ingest.h"
#include "checkin/record.h"
#include "util/util.h"
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>   /* qsort_r */
#include <string.h>
#include <unistd.h>   /* sysconf */

enum {
  OPEN_BATCH = 2000,            /* records per transaction */
  OPEN_MAX_THREADS = 8          /* decryption threads (one X25519 per record dominates) */
};

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

/* The periods in the publication ledger (a handful per week of operation). */
typedef struct { char (*period)[24]; int count; } open_periods;

static int open_load_published(db *d, open_periods *p, char *err, size_t errlen) {
  memset(p, 0, sizeof *p);
  db_rows *r = db_query(d, "SELECT period FROM published", NULL, 0, err, errlen);
  if (!r) return -1;
  int got;
  while ((got = db_next(r)) == 1) {
    p->period = util_realloc(p->period, sizeof *p->period * (size_t)(p->count + 1));
    snprintf(p->period[p->count++], sizeof *p->period, "%s", db_col_text(r, 0));
  }
  db_rows_free(r);
  return got < 0 ? util_error(err, errlen, "reading the publication ledger failed") : 0;
}

static int open_period_published(const open_periods *p, const char *period) {
  for (int i = 0; i < p->count; i++) if (!strcmp(p->period[i], period)) return 1;
  return 0;
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

typedef struct { open_item *items; int from, to; const keys *k; } open_job;

static void *open_decrypt_range(void *arg) {
  const open_job *j = arg;
  for (int i = j->from; i < j->to; i++) open_item_decrypt(&j->items[i], j->k);
  return NULL;
}

/* Decrypts items[0..n) on one thread per online CPU (at most OPEN_MAX_THREADS); a
 * thread that cannot start leaves its share to the calling thread. */
static void open_decrypt_all(open_item *items, int n, const keys *k) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int threads = cpus < 2 || n < 64 ? 1 : cpus > OPEN_MAX_THREADS ? OPEN_MAX_THREADS : (int)cpus;
  open_job jobs[OPEN_MAX_THREADS];
  pthread_t tids[OPEN_MAX_THREADS];
  int started[OPEN_MAX_THREADS] = { 0 };
  for (int t = 0; t < threads; t++) {
    open_job j = { items, n * t / threads, n * (t + 1) / threads, k };
    jobs[t] = j;
  }
  for (int t = 1; t < threads; t++) started[t] = pthread_create(&tids[t], NULL, open_decrypt_range, &jobs[t]) == 0;
  open_decrypt_range(&jobs[0]);
  for (int t = 1; t < threads; t++) {
    if (started[t]) pthread_join(tids[t], NULL);
    else open_decrypt_range(&jobs[t]);
  }
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

/* Finds the item (among order[0..m), sorted by id) with this record id, or NULL. */
static open_item *open_find(open_item *items, const int *order, int m, const void *id) {
  int lo = 0, hi = m;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2, c = memcmp(items[order[mid]].rec.id, id, 16);
    if (c == 0) return &items[order[mid]];
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  return NULL;
}

/* Stages the batch (after a shuffle) and claims its record ids in opened_id: an id
 * that was opened before gets its note. Inside the caller's transaction. 0 or -1. */
static int open_claim_ids(db *d, open_item *items, int n, char *err, size_t errlen) {
  if (db_exec(d, "DELETE FROM wwc_open", NULL, 0, err, errlen) < 0) return -1;
  db_bulk *bulk = db_bulk_begin(d, "wwc_open", "ord, record_id, state, note, kiosk_pk, epoch, seq", 7, err, errlen);
  if (!bulk) return -1;
  for (int i = 0; i < n; i++) {
    const open_item *it = &items[i];
    db_param row[] = { db_int(i), db_blob(it->rec.id, 16), db_int32(it->note[0] ? 2 : 1),
                       db_text(it->note[0] ? it->note : NULL), db_blob(it->kiosk_pk, 32), db_int(it->epoch), db_int(it->seq) };
    if (db_bulk_row(bulk, row, err, errlen) != 0) { db_bulk_abort(bulk); return -1; }
  }
  if (db_bulk_end(bulk, err, errlen) != 0) return -1;
  int *order = util_malloc(sizeof(int) * (size_t)(n ? n : 1)), m = 0, rc = -1;
  for (int i = 0; i < n; i++) if (!items[i].note[0]) order[m++] = i;
  qsort_r(order, (size_t)m, sizeof *order, open_by_id, items);
  char *fresh = util_calloc((size_t)(n ? n : 1), 1);
  db_rows *r = db_query(d, "INSERT INTO opened_id(record_id) SELECT record_id FROM wwc_open WHERE state = 1"
                           " ORDER BY ord ON CONFLICT DO NOTHING RETURNING record_id", NULL, 0, err, errlen);
  if (!r) goto done;
  int got;
  while ((got = db_next(r)) == 1) {
    size_t len;
    const void *id = db_col_blob(r, 0, &len);
    open_item *it = len == 16 ? open_find(items, order, m, id) : NULL;
    if (!it) { util_error(err, errlen, "opened_id returned an id this batch does not hold"); goto done; }
    fresh[it - items] = 1;
  }
  if (got < 0) { util_error(err, errlen, "%s", db_rows_error(r)); goto done; }
  db_rows_free(r);
  r = NULL;
  for (int i = 0; i < m; i++) {
    if (fresh[order[i]]) continue;
    open_item *it = &items[order[i]];
    snprintf(it->note, sizeof it->note, "record id already opened (the same check-in at another place)");
    db_param up[] = { db_text(it->note), db_int(order[i]) };
    if (db_exec(d, "UPDATE wwc_open SET state = 2, note = $1 WHERE ord = $2", up, 2, err, errlen) != 1) goto done;
  }
  rc = 0;
done:
  db_rows_free(r);
  free(fresh);
  free(order);
  return rc;
}

/* Bulk rows of the opened items into response and answer, under random ids. 0 or -1. */
static int open_store_answers(db *d, open_item *items, int n, char *err, size_t errlen) {
  unsigned char (*rid)[16] = util_malloc(sizeof *rid * (size_t)(n ? n : 1));
  randombytes_buf(rid, sizeof *rid * (size_t)(n ? n : 1));
  int rc = -1;
  db_bulk *bulk = db_bulk_begin(d, "response", "response_id, site, day, iso_week, period, daypart, questionnaire, pack,"
                                " rapid", 9, err, errlen);
  for (int i = 0; bulk && i < n; i++) {
    const open_item *it = &items[i];
    if (it->note[0]) continue;
    db_param row[] = { db_blob(rid[i], 16), db_text(it->rec.site), db_text(it->rec.day), db_text(it->week),
                       db_text(it->period), db_int32(it->rec.daypart), db_int32(it->rec.questionnaire_version),
                       db_int32(it->rec.pack_version), db_int32((it->rec.flags & RECORD_FLAG_RAPID) != 0) };
    if (db_bulk_row(bulk, row, err, errlen) != 0) { db_bulk_abort(bulk); bulk = NULL; }
  }
  if (!bulk || db_bulk_end(bulk, err, errlen) != 0) goto done;
  bulk = db_bulk_begin(d, "answer", "response_id, question, code", 3, err, errlen);
  for (int i = 0; bulk && i < n; i++) {
    const open_item *it = &items[i];
    if (it->note[0]) continue;
    for (int a = 0; bulk && a < it->rec.answer_count; a++)
      for (int c = 0; bulk && c < it->rec.answers[a].choice_count; c++) {
        db_param row[] = { db_blob(rid[i], 16), db_text(it->rec.answers[a].question), db_text(it->rec.answers[a].choices[c]) };
        if (db_bulk_row(bulk, row, err, errlen) != 0) { db_bulk_abort(bulk); bulk = NULL; }
      }
  }
  if (!bulk || db_bulk_end(bulk, err, errlen) != 0) goto done;
  rc = 0;
done:
  free(rid);
  return rc;
}

/* Stores one batch in one transaction, in a random order (ids and storage order say
 * nothing about a kiosk's sequence): opened ids, responses and answers, then every
 * stored record's open_state. published: the ledger's periods. 0 or -1. */
static int open_store_batch(db *d, open_item *items, int n, const char *late, const open_periods *published,
                            open_result *res, FILE *log, char *err, size_t errlen) {
  for (int i = n - 1; i > 0; i--) {   /* Fisher-Yates */
    int j = (int)randombytes_uniform((uint32_t)i + 1);
    open_item t = items[i]; items[i] = items[j]; items[j] = t;
  }
  if (db_begin(d, err, errlen) != 0) return -1;
  if (open_claim_ids(d, items, n, err, errlen) != 0) goto fail;
  for (int i = 0; i < n; i++) {
    open_item *it = &items[i];
    if (it->note[0]) {
      res->quarantined++;
      char kid[17];
      record_hex(it->kiosk_pk, 8, kid);
      if (log) fprintf(log, "quarantined: kiosk %s epoch %016llx seq %lld: %s\n", kid, (unsigned long long)it->epoch,
                       (long long)it->seq, it->note);
      continue;
    }
    int pub = open_period_published(published, it->week);
    it->period = pub ? late : it->week;
    res->opened++;
    res->late += pub;
  }
  if (open_store_answers(d, items, n, err, errlen) != 0) goto fail;
  int64_t updated = db_exec(d, "UPDATE checkin_raw SET open_state = s.state, open_note = s.note FROM wwc_open s"
                               " WHERE checkin_raw.kiosk_pk = s.kiosk_pk AND checkin_raw.epoch = s.epoch"
                               " AND checkin_raw.seq = s.seq", NULL, 0, err, errlen);
  if (updated != n) { if (updated >= 0) util_error(err, errlen, "marked %lld of %d records", (long long)updated, n); goto fail; }
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
  open_periods published;
  if (open_load_published(d, &published, err, errlen) != 0) { free(published.period); return -1; }
  open_item *items = util_calloc(OPEN_BATCH, sizeof *items);
  int rc = 0;
  for (;;) {
    int n = open_load(d, items, err, errlen);
    if (n <= 0) { rc = n; break; }
    open_decrypt_all(items, n, k);
    open_mark_repeats(items, n);
    rc = open_store_batch(d, items, n, late, &published, res, log, err, errlen);
    for (int i = 0; i < n; i++) free(items[i].sealed);
    sodium_memzero(items, sizeof *items * OPEN_BATCH);
    if (rc != 0) break;
  }
  free(items);
  free(published.period);
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
