/* test_checkin_sync.c — HTTPS sync without a network: a loopback HTTP server in the
 * test (plain http, 127.0.0.1 only) verifies bundles and answers signed receipts; also
 * back-off, refused receipts, https to a non-TLS server, and (when built) the real
 * `wegwijs-collect serve`. */
#include "checkin/record.h"
#include "checkin/sync.h"
#include "check.h"
#include "checkin_fixture.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
  unsigned char collector_sk[64];
  int fail_next;          /* answer 500 this many times */
  int wrong_bundle;       /* sign a receipt for another bundle hash */
  int posts;
} server_state;

typedef struct { unsigned char *data; size_t len; } upload;

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const void *body, size_t len) {
  struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  enum MHD_Result rc = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return rc;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *data, size_t *size, void **con) {
  (void)url; (void)version;
  server_state *s = cls;
  if (strcmp(method, "POST")) return reply(c, 405, "POST only\n", 10);
  upload *u = *con;
  if (!u) { *con = util_calloc(1, sizeof *u); return MHD_YES; }
  if (*size) {
    u->data = util_realloc(u->data, u->len + *size);
    memcpy(u->data + u->len, data, *size);
    u->len += *size;
    *size = 0;
    return MHD_YES;
  }
  s->posts++;
  enum MHD_Result rc;
  bundle_info info;
  char err[256];
  if (s->fail_next > 0) { s->fail_next--; rc = reply(c, 500, "busy\n", 5); }
  else if (bundle_parse(u->data, u->len, &info, err, sizeof err) != 0) rc = reply(c, 422, err, strlen(err));
  else {
    /* The collector holds every record: one range per epoch run, with its content. */
    receipt_range *ranges = util_calloc(info.count + 1, sizeof *ranges);
    receipt_content content;
    size_t n = 0;
    for (size_t i = 0; i < info.count; i++) {
      const bundle_entry *e = &info.entries[i];
      if (n && ranges[n - 1].epoch == e->epoch && ranges[n - 1].last_seq + 1 == e->seq) {
        ranges[n - 1].last_seq++;
      } else {
        if (n) receipt_content_final(&content, ranges[n - 1].content);
        ranges[n++] = (receipt_range){ .epoch = e->epoch, .first_seq = e->seq, .last_seq = e->seq };
        receipt_content_init(&content);
      }
      receipt_content_add(&content, e->sealed, e->sealed_len);
    }
    if (n) receipt_content_final(&content, ranges[n - 1].content);
    receipt r;
    memset(&r, 0, sizeof r);
    memcpy(r.kiosk_pk, info.kiosk_pk, 32);
    memcpy(r.bundle_hash, info.hash, 32);
    if (s->wrong_bundle) r.bundle_hash[0] ^= 1;
    strcpy(r.created_day, "2026-11-28");
    r.count_new = (uint32_t)info.count;
    r.ranges = ranges;
    r.range_count = n;
    unsigned char *out; size_t out_len;
    expect(receipt_create(&r, s->collector_sk, &out, &out_len, err, sizeof err) == 0);
    rc = reply(c, 201, out, out_len);
    free(out);
    free(ranges);
    bundle_info_free(&info);
  }
  free(u->data);
  free(u);
  *con = NULL;
  return rc;
}

static unsigned char research_pk[32];

/* n real records sealed to research_pk (the collector may open them to validate). */
static void add_records(store *st, int n) {
  unsigned char sealed[RECORD_SEALED_MAX], kid[8];
  char err[256];
  record_key_id(research_pk, kid);
  for (int i = 0; i < n; i++) {
    record r;
    memset(&r, 0, sizeof r);
    randombytes_buf(r.id, 16);
    strcpy(r.site, "azc-1234");
    strcpy(r.day, "2026-11-27");
    r.daypart = 2;
    r.questionnaire_version = 1;
    r.pack_version = 7;
    strcpy(r.answers[0].question, "mood");
    strcpy(r.answers[0].choices[0], i % 2 ? "4" : "2");
    r.answers[0].choice_count = 1;
    r.answer_count = 1;
    int len = record_seal(&r, research_pk, sealed, sizeof sealed, err, sizeof err);
    expect(len > 0);
    uint64_t e, q;
    expect(store_add(st, sealed, (size_t)len, kid, &e, &q, err, sizeof err) == 0);
  }
}

/* Against the real collector, when it has been built: keygen, serve, sync. */
static void test_real_collector(const char *state_base) {
  const char *build = getenv("BUILD");
  char bin[600], keys[700], db[700], cmd[2000], err[512];
  snprintf(bin, sizeof bin, "%s/wegwijs-collect", build && *build ? build : "build");
  if (access(bin, X_OK) != 0) { printf("real collector not built (%s); skipped\n", bin); return; }
  snprintf(keys, sizeof keys, "%s/keys", state_base);
  snprintf(db, sizeof db, "%s/collect.db", state_base);
  snprintf(cmd, sizeof cmd, "'%s' keygen --out '%s' >/dev/null", bin, keys);
  if (system(cmd) != 0) { printf("wegwijs-collect keygen failed; skipped\n"); return; }
  int port = 20000 + (int)(getpid() % 20000);
  char listen[64];
  snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", 1);
    dup2(devnull, 1);
    execl(bin, bin, "serve", "--db", db, "--keys", keys, "--listen", listen, (char *)NULL);
    _exit(127);
  }
  config cfg;
  config_defaults(&cfg);
  snprintf(cmd, sizeof cmd, "%s/collector.pk", keys);
  size_t len;
  char *hex = util_read_file(cmd, 1000, &len, err, sizeof err);
  CHECK(hex != NULL, "collector.pk: %s", err);
  if (!hex) { kill(pid, SIGTERM); waitpid(pid, NULL, 0); return; }
  hex[64] = 0;
  CHECK(record_unhex(hex, cfg.collector_keys[0], 32) == 0, "collector.pk is hex");
  free(hex);
  snprintf(cmd, sizeof cmd, "%s/researcher.pk", keys);
  hex = util_read_file(cmd, 1000, &len, err, sizeof err);
  CHECK(hex && len >= 64, "researcher.pk: %s", err);
  if (hex) { hex[64] = 0; CHECK(record_unhex(hex, research_pk, 32) == 0, "researcher.pk is hex"); }
  free(hex);
  cfg.collector_key_count = 1;
  snprintf(cfg.sync_url, sizeof cfg.sync_url, "http://127.0.0.1:%d/v1/bundles", port);
  char state[700];
  snprintf(state, sizeof state, "%s/real", state_base);
  store *st = store_open(state, NULL, err, sizeof err);
  add_records(st, 12);
  kioskkey key;
  snprintf(cmd, sizeof cmd, "%s/kiosk-id", state);
  expect(kioskkey_load(cmd, &key, err, sizeof err) == 0);
  /* The collector takes enrolled kiosks only. */
  char kiosk_hex[65];
  record_hex(key.pk, 32, kiosk_hex);
  snprintf(cmd, sizeof cmd, "'%s' enrol --db '%s' --site azc-1234 %s >/dev/null", bin, db, kiosk_hex);
  CHECK(system(cmd) == 0, "wegwijs-collect enrol");
  sync_state s;
  sync_init(&s);
  long acked = -1;
  for (int tries = 0; tries < 50 && acked < 0; tries++) {   /* until serve listens */
    usleep(100000);
    s.next_try_ms = 0;
    acked = sync_run(&s, st, &key, &cfg, 0, 5000, err, sizeof err);
  }
  printf("real collector: %ld acknowledged (%s)\n", acked, acked < 0 ? err : "ok");
  CHECK(acked == 12, "wegwijs-collect serve acknowledged all 12: %s", acked < 0 ? err : "");
  s.next_try_ms = 0;
  add_records(st, 3);
  CHECK(sync_run(&s, st, &key, &cfg, 0, 5000, err, sizeof err) == 3, "second sync sends only the new 3: %s", err);
  store_counts c;
  store_count(st, &c, err, sizeof err);
  CHECK(c.acked == 15 && c.fresh == 0, "all acknowledged");
  /* The kiosk status record rode along in the Wegwijs-Status header: the fleet view has it. */
  snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"SELECT COUNT(*) FROM kiosk_status WHERE app = '%s'\" | grep -qx 1", db, WEGWIJS_VERSION);
  CHECK(system(cmd) == 0, "the collector stored the kiosk status record sent with the bundle");
  kioskkey_wipe(&key);
  store_close(st);
  kill(pid, SIGTERM);
  waitpid(pid, NULL, 0);
}

int main(void) {
  expect(sodium_init() >= 0);
  char base[512], state[700], err[512];
  fixture_tempdir(base, sizeof base, "sync");
  snprintf(state, sizeof state, "%s/state", base);
  server_state srv;
  memset(&srv, 0, sizeof srv);
  unsigned char research_sk[32];
  crypto_box_keypair(research_pk, research_sk);
  unsigned char cpk[32];
  crypto_sign_keypair(cpk, srv.collector_sk);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, handler, &srv,
                                          MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_END);
  expect(d != NULL);
  int port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;

  store *st = store_open(state, NULL, err, sizeof err);
  char keypath[800];
  snprintf(keypath, sizeof keypath, "%s/kiosk-id", state);
  kioskkey key;
  expect(kioskkey_load(keypath, &key, err, sizeof err) == 0);
  config cfg;
  config_defaults(&cfg);
  memcpy(cfg.collector_keys[0], cpk, 32);
  cfg.collector_key_count = 1;
  sync_state s;
  sync_init(&s);

  /* No URL: nothing happens, no network needed. */
  add_records(st, 5);
  CHECK(sync_run(&s, st, &key, &cfg, 0, 2000, err, sizeof err) == 0 && srv.posts == 0, "no sync_url: no-op");

  /* Plain http to anything but 127.0.0.1 is refused before connecting. */
  snprintf(cfg.sync_url, sizeof cfg.sync_url, "http://collector.example.org/v1/bundles");
  CHECK(sync_run(&s, st, &key, &cfg, 0, 2000, err, sizeof err) < 0 && strstr(err, "https"), "plain http refused: %s", err);
  sync_init(&s);

  /* Server errors back off: 60 s, then 120 s. */
  snprintf(cfg.sync_url, sizeof cfg.sync_url, "http://127.0.0.1:%d/v1/bundles", port);
  srv.fail_next = 2;
  CHECK(sync_run(&s, st, &key, &cfg, 1000, 2000, err, sizeof err) < 0 && s.last_status == 500, "500 → failure: %s", err);
  CHECK(s.next_try_ms == 1000 + 60000, "first retry after 60 s (%lld)", s.next_try_ms);
  CHECK(sync_run(&s, st, &key, &cfg, 30000, 2000, err, sizeof err) == 0 && srv.posts == 1, "not due yet: no request");
  CHECK(sync_run(&s, st, &key, &cfg, 61000, 2000, err, sizeof err) < 0 && s.next_try_ms == 61000 + 120000, "then 120 s");
  long acked = sync_run(&s, st, &key, &cfg, 181000, 2000, err, sizeof err);
  CHECK(acked == 5 && s.backoff_ms == 0, "third try: 5 acknowledged (%ld: %s)", acked, err);
  store_counts c;
  store_count(st, &c, err, sizeof err);
  CHECK(c.acked == 5, "store shows 5 acknowledged");

  /* A receipt for another bundle, or from an untrusted key, acknowledges nothing. */
  add_records(st, 4);
  srv.wrong_bundle = 1;
  s.next_try_ms = 0;
  CHECK(sync_run(&s, st, &key, &cfg, 0, 2000, err, sizeof err) < 0 && strstr(err, "another bundle"), "wrong bundle: %s", err);
  srv.wrong_bundle = 0;
  unsigned char saved[32];
  memcpy(saved, cfg.collector_keys[0], 32);
  memset(cfg.collector_keys[0], 7, 32);
  s.next_try_ms = 0;
  CHECK(sync_run(&s, st, &key, &cfg, 0, 2000, err, sizeof err) < 0 && strstr(err, "trust"), "untrusted receipt: %s", err);
  memcpy(cfg.collector_keys[0], saved, 32);
  store_count(st, &c, err, sizeof err);
  CHECK(c.acked == 5 && c.fresh + c.exported == 4, "nothing acknowledged by refused receipts (sent, still waiting)");

  /* https:// to a server that does not speak TLS fails: TLS is really used. */
  snprintf(cfg.sync_url, sizeof cfg.sync_url, "https://127.0.0.1:%d/v1/bundles", port);
  s.next_try_ms = 0;
  CHECK(sync_run(&s, st, &key, &cfg, 0, 2000, err, sizeof err) < 0, "https to plain server fails: %s", err);
  printf("https to a plain server: %s\n", err);

  /* Nobody listening: a clear error, a retry later, nothing lost. */
  snprintf(cfg.sync_url, sizeof cfg.sync_url, "http://127.0.0.1:1/v1/bundles");
  s.next_try_ms = 0;
  CHECK(sync_run(&s, st, &key, &cfg, 0, 2000, err, sizeof err) < 0 && s.last_status == 0, "no server: %s", err);
  store_count(st, &c, err, sizeof err);
  CHECK(c.fresh + c.exported == 4 && c.acked == 5, "still 4 waiting");

  kioskkey_wipe(&key);
  store_close(st);
  MHD_stop_daemon(d);
  test_real_collector(base);
  fixture_rmrf(base);
  return check_report();
}
