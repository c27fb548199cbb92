/* main.c — wegwijs-collect, the research side: keygen, ingest, serve, export, revoke,
 * and synth/bench for tests and benchmarks. Each command parses its own options. */
#include "collect.h"
#include "ingest.h"
#include "keys.h"
#include "util/util.h"
#include <string.h>   /* strcmp, strrchr */

static int collect_usage(void) {
  fprintf(stderr,
    "usage: wegwijs-collect COMMAND [options]\n"
    "  keygen --out DIR                     researcher (X25519) + collector (Ed25519) keys, 0600\n"
    "  ingest [--db URL] [--keys DIR] [--receipts DIR] [--known-kiosks-only] BUNDLE.wwb...\n"
    "  serve  [--db URL] [--keys DIR] --listen 127.0.0.1:PORT [--tls-cert PEM --tls-key PEM]\n"
    "         [--threads N] [--known-kiosks-only]\n"
    "  export [--db URL] [--k 10] --out DIR [--questionnaire FILE] [--regions FILE] [--include-rapid]\n"
    "  revoke [--db URL] KIOSK_HEX          refuse a lost or stolen kiosk's bundles from now on\n"
    "  synth  --keys DIR --out DIR [--kiosks N] [--records N] [--sites N] [--weeks N] [--seed N]\n"
    "  bench  --keys DIR --db URL [--records N]\n"
    "--db is a SQLite file (default %s, created on first use) or a postgresql:// URL.\n",
    COLLECT_DEFAULT_DB);
  return 2;
}

/* Opens the database named by --db and makes sure the schema exists. */
db *collect_open_db(const char *url, char *err, size_t errlen) {
  db *d = db_open(url ? url : COLLECT_DEFAULT_DB, err, errlen);
  if (d && ingest_schema(d, err, errlen) != 0) { db_close(d); d = NULL; }
  return d;
}

static int collect_keygen(int argc, char **argv) {
  const char *out = NULL;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
    else return collect_usage();
  }
  if (!out) return collect_usage();
  char err[512];
  keys k;
  if (keys_generate(out, err, sizeof err) != 0 || keys_load(out, 1, 1, &k, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs-collect keygen: %s\n", err);
    return 1;
  }
  char pk[65], ck[65];
  record_hex(k.research_pk, 32, pk);
  record_hex(k.collector_pk, 32, ck);
  keys_wipe(&k);
  printf("keys written to %s (secret files mode 0600; keep %s and %s in the research environment)\n"
         "content/pack.meta:  researcher_pk: %s\n"
         "kiosk.conf:         collector_key = %s\n", out, KEYS_RESEARCH_SK, KEYS_COLLECTOR_SK, pk, ck);
  return 0;
}

/* Where the receipt for bundle path goes: DIR/NAME.wwr (DIR = --receipts or the
 * bundle's own folder). */
static void collect_receipt_path(const char *bundle, const char *dir, char *out, size_t cap) {
  const char *slash = strrchr(bundle, '/');
  const char *base = slash ? slash + 1 : bundle;
  int dir_len = dir ? (int)strlen(dir) : slash ? (int)(slash - bundle) : 1;
  const char *d = dir ? dir : slash ? bundle : ".";
  size_t base_len = strlen(base);
  if (base_len > 4 && !strcmp(base + base_len - 4, ".wwb")) base_len -= 4;
  snprintf(out, cap, "%.*s/%.*s.wwr", dir_len, d, (int)base_len, base);
}

static int collect_ingest(int argc, char **argv) {
  const char *url = NULL, *key_dir = COLLECT_DEFAULT_KEYS, *receipts = NULL;
  int register_new = 1, first = 0, failures = 0;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--db") && i + 1 < argc) url = argv[++i];
    else if (!strcmp(argv[i], "--keys") && i + 1 < argc) key_dir = argv[++i];
    else if (!strcmp(argv[i], "--receipts") && i + 1 < argc) receipts = argv[++i];
    else if (!strcmp(argv[i], "--known-kiosks-only")) register_new = 0;
    else if (argv[i][0] == '-') return collect_usage();
    else { first = i; break; }
  }
  if (!first) return collect_usage();
  char err[1024] = "";
  keys k;
  if (keys_load(key_dir, 1, 1, &k, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs-collect ingest: %s\n", err);
    return 1;
  }
  /* Made before anything is stored: a receipt that cannot be written leaves the kiosk
   * waiting for it until the bundle is ingested again. */
  if (receipts && util_mkdirs(receipts, 0755, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs-collect ingest: receipts folder: %s\n", err);
    keys_wipe(&k);
    return 1;
  }
  db *d = collect_open_db(url, err, sizeof err);
  if (!d) { fprintf(stderr, "wegwijs-collect ingest: %s\n", err); keys_wipe(&k); return 1; }
  ingest_options opt = { register_new, "file", getenv("WEGWIJS_COLLECT_TODAY") };
  for (int i = first; i < argc; i++) {
    size_t len = 0;
    err[0] = 0;
    unsigned char *data = (unsigned char *)util_read_file(argv[i], BUNDLE_MAX_BYTES_FOR_READ, &len, err, sizeof err);
    if (!data) { fprintf(stderr, "%s: REFUSED: %s\n", argv[i], err); failures++; continue; }
    ingest_result res;
    int status = ingest_bundle(d, &k, data, len, &opt, &res, err, sizeof err);
    free(data);
    if (status != INGEST_STORED && status != INGEST_RESENT) {
      fprintf(stderr, "%s: REFUSED (%s), nothing stored: %s\n", argv[i],
              status == INGEST_BAD ? "bad bundle" : status == INGEST_FORBIDDEN ? "kiosk not accepted" : "database error",
              err);
      ingest_result_free(&res);
      failures++;
      continue;
    }
    char rpath[4096];
    collect_receipt_path(argv[i], receipts, rpath, sizeof rpath);
    if (res.new_kiosk) printf("%s: new kiosk %s registered\n", argv[i], res.kiosk);
    printf("%s: kiosk %s, %zu records: %u new, %u duplicate, %u conflict, %u rejected%s\n", argv[i], res.kiosk,
           res.records, res.count_new, res.count_duplicate, res.count_conflict, res.count_rejected,
           status == INGEST_RESENT ? " (identical bundle seen before)" : "");
    if (res.report) {
      for (char *line = strtok(res.report, "\n"); line; line = strtok(NULL, "\n")) printf("  %s\n", line);
    }
    if (util_write_file_atomic(rpath, res.receipt, res.receipt_len, err, sizeof err) != 0) {
      fprintf(stderr, "%s: stored, but the receipt could not be written: %s (ingest it again to get it)\n",
              argv[i], err);
      failures++;
    } else {
      printf("  receipt: %s\n", rpath);
    }
    ingest_result_free(&res);
  }
  db_close(d);
  keys_wipe(&k);
  return failures ? 1 : 0;
}

static int collect_revoke(int argc, char **argv) {
  const char *url = NULL, *kiosk = NULL;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--db") && i + 1 < argc) url = argv[++i];
    else if (argv[i][0] != '-' && !kiosk) kiosk = argv[i];
    else return collect_usage();
  }
  if (!kiosk) return collect_usage();
  char err[512];
  db *d = collect_open_db(url, err, sizeof err);
  int rc = d ? ingest_revoke(d, kiosk, getenv("WEGWIJS_COLLECT_TODAY"), err, sizeof err) : -1;
  db_close(d);
  if (rc != 0) { fprintf(stderr, "wegwijs-collect revoke: %s\n", err); return 1; }
  printf("kiosk %s revoked\n", kiosk);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return collect_usage();
  const char *cmd = argv[1];
  if (!strcmp(cmd, "keygen")) return collect_keygen(argc, argv);
  if (!strcmp(cmd, "ingest")) return collect_ingest(argc, argv);
  if (!strcmp(cmd, "serve")) return serve_main(argc, argv);
  if (!strcmp(cmd, "export")) return export_main(argc, argv);
  if (!strcmp(cmd, "revoke")) return collect_revoke(argc, argv);
  if (!strcmp(cmd, "synth")) return synth_main(argc, argv);
  if (!strcmp(cmd, "bench")) return bench_main(argc, argv);
  return collect_usage();
}
