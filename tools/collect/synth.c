/* synth.c — synthetic kiosks and signed bundles for tests and the ingest benchmark
 * (`synth`, `bench`). Records are real: sealed to the researcher key with record_seal,
 * bundles built and signed with bundle_build, exactly as a kiosk does. Reproducible
 * from --seed (kiosk keys, epochs, record ids and answers; only the seal's ephemeral
 * key is random). */
#include "args.h"
#include "collect.h"
#include "codebook.h"
#include "ingest.h"
#include "keys.h"
#include "open.h"
#include "util/util.h"
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>   /* strtol */
#include <string.h>   /* strcmp */
#include <time.h>     /* timegm */
#include <unistd.h>   /* sysconf */

#define SYNTH_QUESTIONNAIRE "content/checkin/questionnaire.md"

/* A deterministic byte stream: BLAKE2b(seed, counter). */
typedef struct { unsigned char seed[32]; uint64_t counter; } synth_rng;

static void synth_rng_init(synth_rng *r, long seed, const char *label) {
  char text[96];
  snprintf(text, sizeof text, "wegwijs-synth:%ld:%s", seed, label);
  crypto_generichash(r->seed, 32, (const unsigned char *)text, strlen(text), NULL, 0);
  r->counter = 0;
}

static void synth_bytes(synth_rng *r, unsigned char *out, size_t n) {
  unsigned char nonce[randombytes_SEEDBYTES];
  memcpy(nonce, r->seed, sizeof nonce);
  for (int i = 0; i < 8; i++) nonce[i] ^= (unsigned char)(r->counter >> (8 * i));
  r->counter++;
  randombytes_buf_deterministic(out, n, nonce);
}

static uint32_t synth_below(synth_rng *r, uint32_t n) {
  unsigned char b[4];
  synth_bytes(r, b, 4);
  uint32_t v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
  return n ? v % n : 0;
}

/* One synthetic kiosk. */
typedef struct {
  unsigned char pk[32], sk[64];
  uint64_t epoch;
  char site[32];
  double mood_base;
} synth_kiosk;

static void synth_kiosk_make(synth_kiosk *k, long seed, int index, int site) {
  synth_rng r;
  char label[32];
  snprintf(label, sizeof label, "kiosk-%d", index);
  synth_rng_init(&r, seed, label);
  unsigned char s[32], e[8];
  synth_bytes(&r, s, 32);
  crypto_sign_seed_keypair(k->pk, k->sk, s);
  synth_bytes(&r, e, 8);
  k->epoch = 0;
  for (int i = 0; i < 8; i++) k->epoch = k->epoch << 8 | e[i];
  snprintf(k->site, sizeof k->site, "azc-%02d", site + 1);
  k->mood_base = 2.4 + (double)(site % 4) * 0.5;
  sodium_memzero(s, sizeof s);
}

/* Day = 2026-01-05 (a Monday, ISO week 2026-W02) + d days. */
static void synth_day(int d, char out[11]) {
  struct tm tm = { 0 };
  tm.tm_year = 2026 - 1900; tm.tm_mon = 0; tm.tm_mday = 5 + d; tm.tm_hour = 12;
  time_t t = timegm(&tm);
  struct tm norm;
  gmtime_r(&t, &norm);
  strftime(out, 11, "%Y-%m-%d", &norm);
}

/* Fills record number seq of kiosk k with plausible answers from the codebook. */
static void synth_record(const codebook *cb, const synth_kiosk *k, long seed, int kiosk_index,
                         uint64_t seq, int weeks, record *rec) {
  synth_rng r;
  char label[48];
  snprintf(label, sizeof label, "rec-%d-%llu", kiosk_index, (unsigned long long)seq);
  synth_rng_init(&r, seed, label);
  memset(rec, 0, sizeof *rec);
  synth_bytes(&r, rec->id, 16);
  snprintf(rec->site, sizeof rec->site, "%s", k->site);
  int day = (int)synth_below(&r, (uint32_t)(weeks * 7));
  synth_day(day, rec->day);
  rec->daypart = 1 + (int)synth_below(&r, 3);
  rec->questionnaire_version = cb->version;
  rec->pack_version = 1;
  rec->flags = synth_below(&r, 50) == 0 ? RECORD_FLAG_RAPID : 0;
  for (int qi = 0; qi < cb->question_count && rec->answer_count < RECORD_MAX_ANSWERS; qi++) {
    const codebook_question *q = &cb->questions[qi];
    if (synth_below(&r, 12) == 0) continue;   /* skipped */
    record_answer *a = &rec->answers[rec->answer_count];
    snprintf(a->question, sizeof a->question, "%s", q->id);
    if (q->multiple) {
      for (int c = 0; c < q->answer_count && a->choice_count < RECORD_MAX_CHOICES; c++)
        if (synth_below(&r, 100) < 30) snprintf(a->choices[a->choice_count++], RECORD_NAME_MAX, "%s", q->answers[c].code);
      if (a->choice_count == 0) continue;
    } else {
      int pick;
      if (q->numeric) {   /* a mood-like scale: site level, slow drift over the weeks, noise */
        double centre = k->mood_base + 0.6 * ((double)day / (weeks * 7.0)) +
                        ((double)synth_below(&r, 1000) / 1000.0 - 0.5) * 2.4;
        pick = (int)(centre + 0.5) - 1;
        if (pick < 0) pick = 0;
        if (pick >= q->answer_count) pick = q->answer_count - 1;
      } else {   /* skewed towards the first answers */
        uint32_t x = synth_below(&r, 1000);
        pick = (int)((double)x * x / 1e6 * q->answer_count);
      }
      snprintf(a->choices[0], RECORD_NAME_MAX, "%s", q->answers[pick].code);
      a->choice_count = 1;
    }
    rec->answer_count++;
  }
}

/* Seals kiosk k's records first_seq .. last_seq into entries[] (sealed bytes in
 * sealed, RECORD_SEALED_MAX per record), as the kiosk's store holds them. 0 or -1. */
static int synth_seal(const codebook *cb, const synth_kiosk *k, long seed, int kiosk_index, int weeks,
                      const unsigned char research_pk[32], uint64_t first_seq, uint64_t last_seq,
                      bundle_entry *entries, unsigned char *sealed, char *err, size_t errlen) {
  unsigned char key_id[8];
  record_key_id(research_pk, key_id);
  for (uint64_t s = first_seq; s <= last_seq; s++) {
    size_t i = (size_t)(s - first_seq);
    record rec;
    synth_record(cb, k, seed, kiosk_index, s, weeks, &rec);
    int len = record_seal(&rec, research_pk, sealed + i * RECORD_SEALED_MAX, RECORD_SEALED_MAX, err, errlen);
    if (len < 0) return -1;
    entries[i].epoch = k->epoch;
    entries[i].seq = s;
    memcpy(entries[i].key_id, key_id, 8);
    entries[i].sealed = sealed + i * RECORD_SEALED_MAX;
    entries[i].sealed_len = (size_t)len;
  }
  return 0;
}

/* Builds a signed bundle of kiosk k's records first_seq .. last_seq, freshly sealed.
 * Returns 0 with a malloc'd *out, or -1 with err set. */
static int synth_bundle(const codebook *cb, const synth_kiosk *k, long seed, int kiosk_index, int weeks,
                        const unsigned char research_pk[32], uint64_t first_seq, uint64_t last_seq,
                        unsigned char **out, size_t *out_len, char *err, size_t errlen) {
  size_t n = (size_t)(last_seq - first_seq + 1);
  bundle_entry *entries = util_calloc(n, sizeof *entries);
  unsigned char *sealed = util_malloc(n * RECORD_SEALED_MAX);
  char day[11];
  synth_day(weeks * 7, day);
  int rc = synth_seal(cb, k, seed, kiosk_index, weeks, research_pk, first_seq, last_seq, entries, sealed, err, errlen);
  if (rc == 0) rc = bundle_build(k->sk, day, entries, n, out, out_len, NULL, err, errlen);
  free(entries);
  free(sealed);
  return rc;
}

/* Parses "500,40,8" into counts (at most cap); a single number means every kiosk. */
static int synth_counts(const char *text, int *counts, int cap) {
  int n = 0;
  for (const char *p = text; *p && n < cap;) {
    char *end;
    long v = strtol(p, &end, 10);
    if (end == p || v < 0 || v > 10000000) return -1;
    counts[n++] = (int)v;
    p = *end == ',' ? end + 1 : end;
    if (*end && *end != ',') return -1;
  }
  return n;
}

enum { SYNTH_MAX_KIOSKS = 256 };

static const char synth_help[] =
  "usage: wegwijs-collect synth --keys DIR --out DIR [--questionnaire FILE] [--records N|N,N,...] [--kiosks N]\n"
  "                             [--sites N] [--weeks N] [--seed N] [--bundle-size N] [--overlap N] [--reseal-overlap]\n"
  "Synthetic kiosks and signed bundles of real sealed records (tests); OUT/kiosks.txt lists each\n"
  "kiosk's key and site for `wegwijs-collect enrol`.\n";

int synth_main(int argc, char **argv) {
  const char *key_dir = COLLECT_DEFAULT_KEYS, *out = NULL, *qpath = SYNTH_QUESTIONNAIRE, *records = "100";
  const char *kiosks_t = NULL, *sites_t = NULL, *weeks_t = NULL, *seed_t = NULL, *size_t_ = NULL, *overlap_t = NULL;
  const char *pos[1];
  int npos, reseal = 0;
  args_option opts[] = { { "--keys", &key_dir, NULL }, { "--out", &out, NULL }, { "--questionnaire", &qpath, NULL },
                         { "--records", &records, NULL }, { "--kiosks", &kiosks_t, NULL }, { "--sites", &sites_t, NULL },
                         { "--weeks", &weeks_t, NULL }, { "--seed", &seed_t, NULL }, { "--bundle-size", &size_t_, NULL },
                         { "--overlap", &overlap_t, NULL }, { "--reseal-overlap", NULL, &reseal }, { NULL, NULL, NULL } };
  int parsed = args_parse("synth", argc, argv, 2, opts, pos, 0, &npos);
  long kiosks_l = 3, sites_l = 0, weeks_l = 4, seed = 1, size_l = 0, overlap_l = 0;
  if (parsed != ARGS_OK || (kiosks_t && args_int(kiosks_t, 1, SYNTH_MAX_KIOSKS, &kiosks_l)) ||
      (sites_t && args_int(sites_t, 0, SYNTH_MAX_KIOSKS, &sites_l)) || (weeks_t && args_int(weeks_t, 1, 520, &weeks_l)) ||
      (seed_t && args_int(seed_t, 0, 1L << 40, &seed)) || (size_t_ && args_int(size_t_, 0, 100000, &size_l)) ||
      (overlap_t && args_int(overlap_t, 0, 100000, &overlap_l)))
    return args_help(parsed == ARGS_OK ? ARGS_USAGE : parsed, synth_help);
  int kiosks = (int)kiosks_l, sites = (int)sites_l, weeks = (int)weeks_l, bundle_size = (int)size_l, overlap = (int)overlap_l;
  if (!out || kiosks < 1 || kiosks > SYNTH_MAX_KIOSKS || weeks < 1 || overlap < 0) {
    fprintf(stderr, "synth: need --out DIR, 1..%d kiosks, >= 1 week\n", SYNTH_MAX_KIOSKS);
    return 2;
  }
  if (sites <= 0) sites = kiosks;
  int counts[SYNTH_MAX_KIOSKS], given = synth_counts(records, counts, SYNTH_MAX_KIOSKS);
  if (given < 1) { fprintf(stderr, "synth: --records takes N or N,N,... per kiosk\n"); return 2; }
  for (int i = given; i < kiosks; i++) counts[i] = counts[given - 1];
  char err[512];
  keys k;
  codebook cb;
  if (keys_load(key_dir, 0, 0, &k, err, sizeof err) != 0 || codebook_load(qpath, NULL, &cb, err, sizeof err) != 0) {
    fprintf(stderr, "synth: %s\n", err);
    return 1;
  }
  if (util_mkdirs(out, 0755, err, sizeof err) != 0) { fprintf(stderr, "synth: %s\n", err); return 1; }
  int rc = 0, files = 0;
  char day[11];
  synth_day(weeks * 7, day);
  /* kiosks.txt: "KIOSK_KEY SITE" per kiosk, what `wegwijs-collect enrol` needs. */
  char *roster = util_calloc((size_t)kiosks, 64 + RECORD_NAME_MAX + 2);
  size_t roster_len = 0;
  for (int ki = 0; ki < kiosks && rc == 0; ki++) {
    synth_kiosk kk;
    synth_kiosk_make(&kk, seed, ki, ki % sites);
    int n = counts[ki];
    char hex[65];
    record_hex(kk.pk, 32, hex);
    roster_len += (size_t)sprintf(roster + roster_len, "%s %s\n", hex, kk.site);
    /* Sealed once, like a kiosk's store: a record re-exported in an overlapping bundle
     * has the same bytes (--reseal-overlap seals overlaps again, to make conflicts). */
    bundle_entry *entries = util_calloc((size_t)(n ? n : 1), sizeof *entries);
    unsigned char *sealed = util_malloc((size_t)(n ? n : 1) * RECORD_SEALED_MAX);
    if (n && synth_seal(&cb, &kk, seed, ki, weeks, k.research_pk, 1, (uint64_t)n, entries, sealed, err, sizeof err) != 0) {
      fprintf(stderr, "synth: %s\n", err);
      rc = 1;
    }
    int size = bundle_size > 0 ? bundle_size : (n > 0 ? n : 1);
    for (int start = 1, b = 0; start <= n && rc == 0; start += size, b++) {
      int first = start - (b > 0 ? overlap : 0), last = start + size - 1;
      if (first < 1) first = 1;
      if (last > n) last = n;
      unsigned char *data = NULL;
      size_t len = 0;
      char path[4096];
      snprintf(path, sizeof path, "%s/synth-k%03d-b%03d.wwb", out, ki, b);
      int built = reseal && b > 0
        ? synth_bundle(&cb, &kk, seed, ki, weeks, k.research_pk, (uint64_t)first, (uint64_t)last, &data, &len, err, sizeof err)
        : bundle_build(kk.sk, day, entries + first - 1, (size_t)(last - first + 1), &data, &len, NULL, err, sizeof err);
      if (built != 0 || util_write_file_atomic(path, data, len, err, sizeof err) != 0) {
        fprintf(stderr, "synth: %s\n", err);
        rc = 1;
      }
      free(data);
      files++;
    }
    free(entries);
    free(sealed);
    sodium_memzero(&kk, sizeof kk);
  }
  char roster_path[4096];
  snprintf(roster_path, sizeof roster_path, "%s/kiosks.txt", out);
  if (rc == 0 && util_write_file_atomic(roster_path, roster, roster_len, err, sizeof err) != 0) {
    fprintf(stderr, "synth: %s\n", err);
    rc = 1;
  }
  free(roster);
  if (rc == 0) printf("synth: %d bundles from %d kiosks at %d sites in %s (keys in kiosks.txt)\n", files, kiosks, sites, out);
  codebook_free(&cb);
  keys_wipe(&k);
  return rc;
}

/* ---- bench ------------------------------------------------------------------------- */

static double synth_seconds(long long start_ms) { return (double)(util_now_ms() - start_ms) / 1000.0; }

enum { BENCH_MAX_THREADS = 8 };

/* Runs fn(ctx, i) for i in 0..count-1 on one thread per online CPU (at most
 * BENCH_MAX_THREADS); each i runs once. Returns the number of threads used. */
typedef struct {
  void (*fn)(void *ctx, int i);
  void *ctx;
  int count, next;
  pthread_mutex_t lock;
} bench_pool;

static void *bench_worker(void *arg) {
  bench_pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    int i = p->next < p->count ? p->next++ : -1;
    pthread_mutex_unlock(&p->lock);
    if (i < 0) return NULL;
    p->fn(p->ctx, i);
  }
}

static int bench_parallel(int count, void (*fn)(void *ctx, int i), void *ctx) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int threads = cpus < 1 ? 1 : cpus > BENCH_MAX_THREADS ? BENCH_MAX_THREADS : (int)cpus;
  bench_pool p = { fn, ctx, count, 0, PTHREAD_MUTEX_INITIALIZER };
  pthread_t tids[BENCH_MAX_THREADS];
  int started[BENCH_MAX_THREADS] = { 0 };
  for (int t = 1; t < threads; t++) started[t] = pthread_create(&tids[t], NULL, bench_worker, &p) == 0;
  bench_worker(&p);
  for (int t = 1; t < threads; t++) if (started[t]) pthread_join(tids[t], NULL);
  return threads;
}

/* What the COPY baseline stores per record, kept from the opening pass so the COPY is
 * timed as database work only. answers: "question\0code\0...\0\0" in the pool. */
typedef struct {
  unsigned char id[16], sealed_hash[32];
  char site[RECORD_NAME_MAX], day[11], week[9];
  int daypart, questionnaire, pack, rapid;
  char answers[224];
} bench_row;

typedef struct {
  const codebook *cb;
  const keys *k;
  long total;
  int per;
  unsigned char **bundles;
  size_t *lens;
  bundle_info *infos;
  bench_row *rows;
  int failed;
  char err[512];
  pthread_mutex_t lock;
} bench_ctx;

static void bench_fail(bench_ctx *c, const char *msg) {
  pthread_mutex_lock(&c->lock);
  if (!c->failed) snprintf(c->err, sizeof c->err, "%s", msg);
  c->failed = 1;
  pthread_mutex_unlock(&c->lock);
}

static void bench_generate(void *ctx, int b) {
  bench_ctx *c = ctx;
  synth_kiosk kk;
  synth_kiosk_make(&kk, 7, b, b % 40);
  long n = c->total - (long)b * c->per < c->per ? c->total - (long)b * c->per : c->per;
  char err[512];
  if (synth_bundle(c->cb, &kk, 7, b, 12, c->k->research_pk, 1, (uint64_t)n, &c->bundles[b], &c->lens[b],
                   err, sizeof err) != 0) bench_fail(c, err);
  sodium_memzero(&kk, sizeof kk);
}

/* Verifies and opens bundle b, as ingest does, and keeps the rows for COPY. */
static void bench_open(void *ctx, int b) {
  bench_ctx *c = ctx;
  char err[512];
  bundle_info *info = &c->infos[b];
  if (bundle_parse(c->bundles[b], c->lens[b], info, err, sizeof err) != 0) { bench_fail(c, err); return; }
  for (size_t i = 0; i < info->count; i++) {
    const bundle_entry *e = &info->entries[i];
    bench_row *row = &c->rows[(size_t)b * (size_t)c->per + i];
    record rec;
    if (record_open(e->sealed, e->sealed_len, c->k->research_pk, c->k->research_sk, &rec, err, sizeof err) != 0 ||
        ingest_iso_week(rec.day, row->week) != 0) { bench_fail(c, err); return; }
    crypto_generichash(row->sealed_hash, 32, e->sealed, e->sealed_len, NULL, 0);
    memcpy(row->id, rec.id, 16);
    snprintf(row->site, sizeof row->site, "%s", rec.site);
    memcpy(row->day, rec.day, 11);
    row->daypart = rec.daypart;
    row->questionnaire = rec.questionnaire_version;
    row->pack = rec.pack_version;
    row->rapid = (rec.flags & RECORD_FLAG_RAPID) != 0;
    size_t n = 0;
    for (int a = 0; a < rec.answer_count; a++)
      for (int ch = 0; ch < rec.answers[a].choice_count; ch++) {
        size_t q = strlen(rec.answers[a].question) + 1, v = strlen(rec.answers[a].choices[ch]) + 1;
        if (n + q + v + 1 > sizeof row->answers) { bench_fail(c, "bench: answers do not fit"); return; }
        memcpy(row->answers + n, rec.answers[a].question, q);
        memcpy(row->answers + n + q, rec.answers[a].choices[ch], v);
        n += q + v;
      }
    row->answers[n] = 0;
  }
}

/* COPY of the rows ingest writes (checkin_raw, response, answer) into tables of the
 * same shape, keys and foreign keys, one transaction per bundle: what the database
 * itself takes without verification, opening, idempotence or conflict handling. */
static int bench_copy(db *d, const bench_ctx *c, int count, size_t *rows, char *err, size_t errlen) {
  if (db_exec(d, "DROP TABLE IF EXISTS copy_answer, copy_response, copy_raw;"
                 "CREATE TABLE copy_raw (LIKE checkin_raw INCLUDING ALL);"
                 "CREATE TABLE copy_response (LIKE response INCLUDING ALL);"
                 "CREATE TABLE copy_answer (LIKE answer INCLUDING ALL,"
                 " FOREIGN KEY (response_id) REFERENCES copy_response(response_id));", NULL, 0, err, errlen) < 0) return -1;
  *rows = 0;
  for (int b = 0; b < count; b++) {
    const bundle_info *info = &c->infos[b];
    const bench_row *base = &c->rows[(size_t)b * (size_t)c->per];
    if (db_begin(d, err, errlen) != 0) return -1;
    db_bulk *bk = db_bulk_begin(d, "copy_raw", "kiosk_pk, epoch, seq, key_id, sealed, sealed_hash, bundle_hash",
                                7, err, errlen);
    for (size_t i = 0; bk && i < info->count; i++) {
      const bundle_entry *e = &info->entries[i];
      db_param p[] = { db_blob(info->kiosk_pk, 32), db_int((int64_t)e->epoch),
                       db_int((int64_t)e->seq), db_blob(e->key_id, 8), db_blob(e->sealed, e->sealed_len),
                       db_blob(base[i].sealed_hash, 32), db_blob(info->hash, 32) };
      if (db_bulk_row(bk, p, err, errlen) != 0) { db_bulk_abort(bk); bk = NULL; }
    }
    if (!bk || db_bulk_end(bk, err, errlen) != 0) return -1;
    bk = db_bulk_begin(d, "copy_response", "response_id, site, day, iso_week, period, daypart, questionnaire, pack, rapid",
                       9, err, errlen);
    for (size_t i = 0; bk && i < info->count; i++) {
      const bench_row *r = &base[i];
      db_param p[] = { db_blob(r->id, 16), db_text(r->site), db_text(r->day), db_text(r->week), db_text(r->week),
                       db_int32(r->daypart),
                       db_int32(r->questionnaire), db_int32(r->pack), db_int32(r->rapid) };
      if (db_bulk_row(bk, p, err, errlen) != 0) { db_bulk_abort(bk); bk = NULL; }
    }
    if (!bk || db_bulk_end(bk, err, errlen) != 0) return -1;
    bk = db_bulk_begin(d, "copy_answer", "response_id, question, code", 3, err, errlen);
    for (size_t i = 0; bk && i < info->count; i++) {
      for (const char *a = base[i].answers; bk && *a;) {
        const char *code = a + strlen(a) + 1;
        db_param p[] = { db_blob(base[i].id, 16), db_text(a), db_text(code) };
        if (db_bulk_row(bk, p, err, errlen) != 0) { db_bulk_abort(bk); bk = NULL; }
        a = code + strlen(code) + 1;
      }
    }
    if (!bk || db_bulk_end(bk, err, errlen) != 0) return -1;
    if (db_commit(d, err, errlen) != 0) return -1;
    *rows += info->count;
  }
  return 0;
}

static const char bench_help[] =
  "usage: wegwijs-collect bench --keys DIR [--sqlite FILE] [--pg URL] [--records N] [--questionnaire FILE]\n"
  "Ingest benchmark: generated sealed records in kiosk-sized signed bundles, ingested (sealed) and opened.\n";

int bench_main(int argc, char **argv) {
  const char *key_dir = COLLECT_DEFAULT_KEYS, *pg_url = NULL, *lite_path = NULL, *qpath = SYNTH_QUESTIONNAIRE;
  const char *records = NULL, *pos[1];
  int npos;
  long total = 1000000;
  args_option opts[] = { { "--keys", &key_dir, NULL }, { "--pg", &pg_url, NULL }, { "--sqlite", &lite_path, NULL },
                         { "--records", &records, NULL }, { "--questionnaire", &qpath, NULL }, { NULL, NULL, NULL } };
  int parsed = args_parse("bench", argc, argv, 2, opts, pos, 0, &npos);
  if (parsed != ARGS_OK || (records && args_int(records, 1, 100000000, &total) != 0))
    return args_help(parsed == ARGS_OK ? ARGS_USAGE : parsed, bench_help);
  char err[512];
  keys k;
  codebook cb;
  if (keys_load(key_dir, KEYS_RESEARCH_SECRET, 1, &k, err, sizeof err) != 0 || codebook_load(qpath, NULL, &cb, err, sizeof err) != 0) {
    fprintf(stderr, "bench: %s\n", err);
    return 1;
  }
  /* Kiosk-sized bundles: BUNDLE_EXPORT_RECORDS each, one kiosk per bundle. */
  int per = BUNDLE_EXPORT_RECORDS, count = (int)((total + per - 1) / per);
  bench_ctx c = { &cb, &k, total, per, NULL, NULL, NULL, NULL, 0, "", PTHREAD_MUTEX_INITIALIZER };
  c.bundles = util_calloc((size_t)count, sizeof *c.bundles);
  c.lens = util_calloc((size_t)count, sizeof *c.lens);
  c.infos = util_calloc((size_t)count, sizeof *c.infos);
  c.rows = util_calloc((size_t)count * (size_t)per, sizeof *c.rows);
  int rc = 1;
  long long t0 = util_now_ms();
  int threads = bench_parallel(count, bench_generate, &c);
  if (c.failed) { fprintf(stderr, "bench: %s\n", c.err); goto done; }
  printf("bench: %ld sealed records in %d signed bundles of up to %d, generated in %.1f s (%d threads)\n",
         total, count, per, synth_seconds(t0), threads);
  t0 = util_now_ms();
  bench_parallel(count, bench_open, &c);
  if (c.failed) { fprintf(stderr, "bench: %s\n", c.err); goto done; }
  double open_rate = (double)total / synth_seconds(t0);
  printf("bench: verify + open only              %9.0f records/s  (%d threads, the ceiling for ingest)\n", open_rate, threads);
  fflush(stdout);

  const char *targets[2] = { lite_path, pg_url };
  double rate[2] = { 0, 0 };
  for (int t = 0; t < 2; t++) {
    if (!targets[t]) continue;
    db *d = db_open_collector(targets[t], err, sizeof err);
    if (!d) { fprintf(stderr, "bench: %s\n", err); goto done; }
    ingest_options opt = { "bench", "2026-04-01" };
    size_t stored = 0;
    for (int b = 0; b < count; b++) {
      synth_kiosk kk;
      char hex[65];
      synth_kiosk_make(&kk, 7, b, b % 40);
      record_hex(kk.pk, 32, hex);
      int enrolled = ingest_enrol(d, hex, kk.site, opt.today, err, sizeof err);
      sodium_memzero(&kk, sizeof kk);
      if (enrolled != 0) { fprintf(stderr, "bench: %s\n", err); db_close(d); goto done; }
    }
    t0 = util_now_ms();
    for (int b = 0; b < count; b++) {
      ingest_result res;
      int status = ingest_bundle(d, &k, c.bundles[b], c.lens[b], &opt, &res, err, sizeof err);
      stored += res.count_new;
      ingest_result_free(&res);
      if (status != INGEST_STORED) { fprintf(stderr, "bench: ingest %d: %s\n", status, err); db_close(d); goto done; }
    }
    double s = synth_seconds(t0);
    rate[t] = (double)stored / s;
    long long t1 = util_now_ms();
    open_result opened;
    if (open_pending(d, &k, opt.today, &opened, NULL, err, sizeof err) != 0) {
      fprintf(stderr, "bench: open: %s\n", err); db_close(d); goto done;
    }
    printf("bench: open in %-10s                %9.0f records/s  (%zu opened)\n", t ? "PostgreSQL" : "SQLite",
           (double)opened.opened / synth_seconds(t1), opened.opened);
    int64_t held = -1, answers = -1;
    db_query_int(d, "SELECT count(*) FROM response", NULL, 0, &held, err, sizeof err);
    db_query_int(d, "SELECT count(*) FROM answer", NULL, 0, &answers, err, sizeof err);
    printf("bench: ingest into %-10s            %9.0f records/s  (%zu new, %.1f s; %lld responses, %lld answer rows)\n",
           t ? "PostgreSQL" : "SQLite", rate[t], stored, s, (long long)held, (long long)answers);
    if (stored != (size_t)total || held != total) {
      fprintf(stderr, "bench: stored %zu, held %lld of %ld records\n", stored, (long long)held, total);
      db_close(d);
      goto done;
    }
    fflush(stdout);
    if (t == 1) {
      size_t rows = 0;
      t0 = util_now_ms();
      if (bench_copy(d, &c, count, &rows, err, sizeof err) != 0) {
        fprintf(stderr, "bench: COPY: %s\n", err); db_close(d); goto done;
      }
      s = synth_seconds(t0);
      double copy_rate = (double)rows / s;
      printf("bench: PostgreSQL COPY of the same rows %9.0f records/s  (%zu records, %.1f s; pre-opened, same tables"
             " and keys, no checks)\n", copy_rate, rows, s);
      printf("bench: ratios: PostgreSQL ingest / COPY %.2f", rate[1] / copy_rate);
      if (lite_path) printf(", SQLite ingest / COPY %.2f", rate[0] / copy_rate);
      printf(", PostgreSQL ingest / verify+open %.2f\n", rate[1] / open_rate);
    }
    db_close(d);
  }
  rc = 0;
done:
  for (int b = 0; b < count; b++) { free(c.bundles[b]); bundle_info_free(&c.infos[b]); }
  free(c.bundles);
  free(c.lens);
  free(c.infos);
  free(c.rows);
  codebook_free(&cb);
  keys_wipe(&k);
  return rc;
}
