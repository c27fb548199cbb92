/* main.c — wegwijs-collect, the research side: keygen, enrol, revoke, ingest, serve,
 * open, export, and synth/bench for tests and benchmarks. Dispatch through a table;
 * each command parses its own options with args.h. */
#include "args.h"
#include "collect.h"
#include "fleet.h"
#include "ingest.h"
#include "keys.h"
#include "open.h"
#include "checkin/status.h"
#include "util/util.h"
#include <string.h>   /* strcmp, strrchr */

static const char collect_help[] =
  "usage: wegwijs-collect COMMAND [options]   (wegwijs-collect COMMAND --help for more)\n"
  "  keygen   make the researcher (X25519) and collector (Ed25519) key pairs\n"
  "  enrol    admit a kiosk: its public key and site (the only way a kiosk gets in)\n"
  "  revoke   refuse a lost or stolen kiosk's bundles from now on\n"
  "  ingest   store bundle files (sealed) and write their receipts\n"
  "  serve    the HTTPS endpoint kiosks POST bundles to (stores sealed records)\n"
  "  open     research environment: open the stored sealed records into answers\n"
  "  export   k-anonymous tables, codebook, charts and a page from opened answers\n"
  "  fleet    the kiosks' status records, what needs attention first\n"
  "  synth    synthetic kiosks and bundles (tests); bench: ingest benchmark\n"
  "--db is a SQLite file (default " COLLECT_DEFAULT_DB ", created 0600) or a postgresql:// URL.\n"
  "Exit status: 0 done, 1 refused or failed, 2 usage error.\n";

static int collect_keygen(int argc, char **argv) {
  const char *out = NULL, *pos[1];
  int npos;
  args_option opts[] = { { "--out", &out, NULL }, { NULL, NULL, NULL } };
  int parsed = args_parse("keygen", argc, argv, 2, opts, pos, 0, &npos);
  if (parsed != ARGS_OK || !out)
    return args_help(parsed == ARGS_OK ? ARGS_USAGE : parsed,
                     "usage: wegwijs-collect keygen --out DIR\n"
                     "Makes researcher.pk/.sk (opens records; keep .sk in the research environment only)\n"
                     "and collector.pk/.sk (signs receipts; the server needs it) in DIR, secret files 0600.\n"
                     "The server's key folder holds collector.pk, collector.sk and researcher.pk only.\n");
  char err[512];
  keys k;
  if (keys_generate(out, err, sizeof err) != 0 || keys_load(out, KEYS_RESEARCH_SECRET, 1, &k, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs-collect keygen: %s\n", err);
    return 1;
  }
  char pk[65], ck[65];
  record_hex(k.research_pk, 32, pk);
  record_hex(k.collector_pk, 32, ck);
  keys_wipe(&k);
  printf("keys written to %s (secret files mode 0600; %s stays in the research environment,\n"
         "the server gets %s, %s and %s)\n"
         "content/pack.meta:  researcher_pk: %s\n"
         "kiosk.conf:         collector_key = %s\n", out, KEYS_RESEARCH_SK, KEYS_COLLECTOR_SK, KEYS_COLLECTOR_PK,
         KEYS_RESEARCH_PK, pk, ck);
  return 0;
}

static const char enrol_help[] =
  "usage: wegwijs-collect enrol [--db URL] --site SITE KIOSK_KEY\n"
  "Admits the kiosk whose public key (64 hex digits, `wegwijs --show-kiosk-id`) is KIOSK_KEY;\n"
  "its records must carry site code SITE. Bundles from kiosks not enrolled are refused (403)\n"
  "and none of their bytes are kept. Enrolling again updates the site and lifts a revocation.\n";

static int collect_enrol(int argc, char **argv) {
  const char *url = NULL, *site = NULL, *pos[1];
  int npos;
  args_option opts[] = { { "--db", &url, NULL }, { "--site", &site, NULL }, { NULL, NULL, NULL } };
  int parsed = args_parse("enrol", argc, argv, 2, opts, pos, 1, &npos);
  if (parsed != ARGS_OK || npos != 1 || !site) return args_help(parsed == ARGS_OK ? ARGS_USAGE : parsed, enrol_help);
  char err[512];
  db *d = db_open_collector(url, err, sizeof err);
  int rc = d ? ingest_enrol(d, pos[0], site, getenv("WEGWIJS_COLLECT_TODAY"), err, sizeof err) : -1;
  db_close(d);
  if (rc != 0) { fprintf(stderr, "wegwijs-collect enrol: %s\n", err); return 1; }
  printf("kiosk %.16s enrolled for site %s\n", pos[0], site);
  return 0;
}

static int collect_revoke(int argc, char **argv) {
  const char *url = NULL, *pos[1];
  int npos;
  args_option opts[] = { { "--db", &url, NULL }, { NULL, NULL, NULL } };
  int parsed = args_parse("revoke", argc, argv, 2, opts, pos, 1, &npos);
  if (parsed != ARGS_OK || npos != 1)
    return args_help(parsed == ARGS_OK ? ARGS_USAGE : parsed,
                     "usage: wegwijs-collect revoke [--db URL] KIOSK_KEY\n"
                     "Refuses the kiosk's bundles from now on (at least 8 hex digits naming one enrolled kiosk).\n");
  char err[512];
  db *d = db_open_collector(url, err, sizeof err);
  int rc = d ? ingest_revoke(d, pos[0], getenv("WEGWIJS_COLLECT_TODAY"), err, sizeof err) : -1;
  db_close(d);
  if (rc != 0) { fprintf(stderr, "wegwijs-collect revoke: %s\n", err); return 1; }
  printf("kiosk %s revoked\n", pos[0]);
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

/* The kiosk status record next to a bundle (NAME.wws), when there is one: stored for
 * the fleet view. Optional: a bundle without one ingests the same, and a bad one is
 * only reported. */
static void collect_ingest_status(db *d, const char *bundle, const char *kiosk) {
  char path[4200], err[512];
  size_t len;
  if (kstatus_path_for(bundle, path, sizeof path) != 0) return;
  char *text = util_read_file(path, KSTATUS_MAX_BYTES, &len, err, sizeof err);
  if (!text) return;
  if (fleet_store_status(d, text, len, kiosk, getenv("WEGWIJS_COLLECT_TODAY"), err, sizeof err) != 0)
    printf("  status record %s not kept: %s\n", path, err);
  else
    printf("  status record: stored\n");
  free(text);
}

/* Ingests one bundle file and writes its receipt. 0 or 1 (refused or failed). */
static int collect_ingest_one(db *d, const keys *k, const char *path, const char *receipts) {
  char err[1024] = "";
  size_t len = 0;
  unsigned char *data = (unsigned char *)util_read_file(path, BUNDLE_MAX_BYTES_FOR_READ, &len, err, sizeof err);
  if (!data) { fprintf(stderr, "%s: REFUSED: %s\n", path, err); return 1; }
  ingest_options opt = { "file", getenv("WEGWIJS_COLLECT_TODAY") };
  ingest_result res;
  int status = ingest_bundle(d, k, data, len, &opt, &res, err, sizeof err);
  free(data);
  int rc = 0;
  if (status != INGEST_STORED && status != INGEST_RESENT) {
    fprintf(stderr, "%s: REFUSED (%s), nothing stored: %s\n", path,
            status == INGEST_BAD ? "bad bundle" : status == INGEST_FORBIDDEN ? "kiosk not accepted" : "database error", err);
    rc = 1;
    goto done;
  }
  char rpath[4096];
  collect_receipt_path(path, receipts, rpath, sizeof rpath);
  printf("%s: kiosk %s, %zu records: %u new, %u duplicate, %u conflict, %u rejected%s\n", path, res.kiosk,
         res.records, res.count_new, res.count_duplicate, res.count_conflict, res.count_rejected,
         status == INGEST_RESENT ? " (identical bundle seen before)" : "");
  if (res.report)
    for (char *line = strtok(res.report, "\n"); line; line = strtok(NULL, "\n")) printf("  %s\n", line);
  collect_ingest_status(d, path, res.kiosk);
  if (util_write_file_atomic(rpath, res.receipt, res.receipt_len, err, sizeof err) != 0) {
    fprintf(stderr, "%s: stored, but the receipt could not be written: %s (ingest it again to get it)\n", path, err);
    rc = 1;
  } else {
    printf("  receipt: %s\n", rpath);
  }
done:
  ingest_result_free(&res);
  return rc;
}

static const char ingest_help[] =
  "usage: wegwijs-collect ingest [--db URL] [--keys DIR] [--receipts DIR] [--sealed] BUNDLE.wwb...\n"
  "Verifies each bundle's signature and that its kiosk is enrolled, stores its records sealed\n"
  "and writes a signed receipt (DIR/NAME.wwr, default next to the bundle). Needs collector.sk and\n"
  "researcher.pk in --keys (default " COLLECT_DEFAULT_KEYS "). When researcher.sk is there too, the records\n"
  "are opened at once (offline use); --sealed never reads researcher.sk (run `open` later).\n";

static int collect_ingest(int argc, char **argv) {
  const char *url = NULL, *key_dir = COLLECT_DEFAULT_KEYS, *receipts = NULL;
  const char **pos = util_calloc((size_t)argc, sizeof *pos);
  int sealed = 0, npos = 0, failures = 0;
  args_option opts[] = { { "--db", &url, NULL }, { "--keys", &key_dir, NULL }, { "--receipts", &receipts, NULL },
                         { "--sealed", NULL, &sealed }, { NULL, NULL, NULL } };
  int parsed = args_parse("ingest", argc, argv, 2, opts, pos, argc, &npos);
  if (parsed != ARGS_OK || npos == 0) { free(pos); return args_help(parsed == ARGS_OK ? ARGS_USAGE : parsed, ingest_help); }
  char err[1024] = "";
  keys k;
  db *d = NULL;
  if (keys_load(key_dir, sealed ? KEYS_RESEARCH_PUBLIC : KEYS_RESEARCH_OPTIONAL, 1, &k, err, sizeof err) != 0 ||
      (!k.has_research_pk && util_error(err, sizeof err, "no %s in %s", KEYS_RESEARCH_PK, key_dir))) {
    fprintf(stderr, "wegwijs-collect ingest: %s\n", err);
    free(pos);
    return 1;
  }
  /* Made before anything is stored: a receipt that cannot be written leaves the kiosk
   * waiting for it until the bundle is ingested again. */
  if (receipts && util_mkdirs(receipts, 0755, err, sizeof err) != 0) {
    fprintf(stderr, "wegwijs-collect ingest: receipts folder: %s\n", err);
    failures++;
    goto done;
  }
  d = db_open_collector(url, err, sizeof err);
  if (!d) { fprintf(stderr, "wegwijs-collect ingest: %s\n", err); failures++; goto done; }
  for (int i = 0; i < npos; i++) failures += collect_ingest_one(d, &k, pos[i], receipts);
  if (k.has_research) {
    open_result o;
    if (open_pending(d, &k, getenv("WEGWIJS_COLLECT_TODAY"), &o, stdout, err, sizeof err) != 0) {
      fprintf(stderr, "wegwijs-collect ingest: opening: %s\n", err);
      failures++;
    } else {
      printf("opened %zu records (%zu quarantined, %zu late)\n", o.opened, o.quarantined, o.late);
    }
  } else {
    printf("records stored sealed; open them in the research environment (wegwijs-collect open)\n");
  }
done:
  db_close(d);
  keys_wipe(&k);
  free(pos);
  return failures ? 1 : 0;
}

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
} collect_command;

static const collect_command collect_commands[] = {
  { "keygen", collect_keygen }, { "enrol", collect_enrol }, { "revoke", collect_revoke },
  { "ingest", collect_ingest }, { "serve", serve_main }, { "open", open_main },
  { "export", export_main }, { "fleet", fleet_main }, { "synth", synth_main }, { "bench", bench_main },
};

int main(int argc, char **argv) {
  if (argc < 2) { fputs(collect_help, stderr); return 2; }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) { fputs(collect_help, stdout); return 0; }
  if (!strcmp(cmd, "--version")) { printf("wegwijs-collect %s\n", WEGWIJS_VERSION); return 0; }
  for (size_t i = 0; i < sizeof collect_commands / sizeof *collect_commands; i++)
    if (!strcmp(cmd, collect_commands[i].name)) return collect_commands[i].run(argc, argv);
  fprintf(stderr, "wegwijs-collect: unknown command '%s'\n", cmd);
  fputs(collect_help, stderr);
  return 2;
}
