/* serve.c — `wegwijs-collect serve`: the HTTPS endpoint kiosks POST bundles to
 * (BUNDLE.md §5), on libmicrohttpd. POST /v1/bundles with the bundle bytes answers
 * 201 + receipt (new), 200 + stored receipt (identical resend), 403/411/413/422/500 +
 * one generic sentence per status (details go to the server log only). GET /v1/health
 * answers "ok". The server holds the collector's signing key and researcher.pk only:
 * it stores sealed records and never opens one (open.h runs elsewhere).
 *
 * Against slow or many clients: a per-address connection cap, a total cap, a short
 * idle timeout, a deadline for the whole request body, Content-Length required and
 * checked before a byte of the body is read, and the bundle's signature and kiosk
 * enrolment checked before any record work (ingest.h). TLS 1.2 or newer only. */
#include "args.h"
#include "collect.h"
#include "fleet.h"
#include "ingest.h"
#include "keys.h"
#include "checkin/status.h"
#include "util/util.h"
#include <sodium.h>
#include <microhttpd.h>
#include <arpa/inet.h>  /* inet_pton, htons */
#include <pthread.h>
#include <signal.h>     /* sigwait */
#include <stdlib.h>     /* strtoull */
#include <string.h>     /* strcmp */

enum {
  SERVE_MAX_BODY = 32 << 20,      /* bundles above this are refused (413) before reading */
  SERVE_TIMEOUT_S = 10,           /* idle connection timeout */
  SERVE_DEADLINE_MS = 60000,      /* a whole request body must arrive within this */
  SERVE_MAX_CONNECTIONS = 512,
  SERVE_PER_ADDRESS = 16,         /* connections one client address (a site behind NAT) may hold */
  SERVE_MAX_THREADS = 32
};

/* GnuTLS priorities: TLS 1.2 and 1.3 only, AEAD ciphers with forward secrecy. */
#define SERVE_TLS_PRIORITIES "NONE:+VERS-TLS1.3:+VERS-TLS1.2:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305" \
  ":+AEAD:+ECDHE-ECDSA:+ECDHE-RSA:+SIGN-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1:+COMP-NULL:%SAFE_RENEGOTIATION"

typedef struct {
  const char *db_url;
  keys k;
  pthread_mutex_t lock;
  pthread_cond_t freed;
  db *pool[SERVE_MAX_THREADS];    /* idle connections */
  int idle, opened, limit;
} serve_state;

typedef struct {
  unsigned char *body;
  size_t len, cap;
  size_t announced;               /* Content-Length: the body never grows past it */
  long long start_ms;
} serve_request;

/* Takes a connection from the pool, opening one when fewer than limit exist. NULL with
 * err set when the database cannot be opened. */
static db *serve_db_take(serve_state *s, char *err, size_t errlen) {
  pthread_mutex_lock(&s->lock);
  while (s->idle == 0 && s->opened >= s->limit) pthread_cond_wait(&s->freed, &s->lock);
  db *d = s->idle ? s->pool[--s->idle] : NULL;
  if (!d) s->opened++;
  pthread_mutex_unlock(&s->lock);
  if (d) return d;
  d = db_open_collector(s->db_url, err, errlen);
  if (!d) {
    pthread_mutex_lock(&s->lock);
    s->opened--;
    pthread_cond_signal(&s->freed);
    pthread_mutex_unlock(&s->lock);
  }
  return d;
}

static void serve_db_give(serve_state *s, db *d) {
  pthread_mutex_lock(&s->lock);
  s->pool[s->idle++] = d;
  pthread_cond_signal(&s->freed);
  pthread_mutex_unlock(&s->lock);
}

static enum MHD_Result serve_reply(struct MHD_Connection *c, unsigned status, const void *body, size_t len,
                                   const char *type) {
  struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  if (!r) return MHD_NO;
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  enum MHD_Result rc = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return rc;
}

static enum MHD_Result serve_text(struct MHD_Connection *c, unsigned status, const char *text) {
  char line[1200];
  int n = snprintf(line, sizeof line, "%s\n", text);
  return serve_reply(c, status, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1, "text/plain; charset=utf-8");
}

/* The one sentence a client gets per status: nothing about keys, kiosks or the database. */
static const char *serve_sentence(int status) {
  switch (status) {
  case INGEST_FORBIDDEN: return "kiosk not accepted";
  case INGEST_BAD: return "bundle refused: damaged, unsigned or malformed";
  default: return "collector unavailable; try again later";
  }
}

/* The kiosk status record in the Wegwijs-Status header (base64), when sent: stored for
 * the fleet view after its bundle. Optional; a bad one is only logged. */
static void serve_status_record(struct MHD_Connection *c, db *d, const char *kiosk) {
  const char *b64 = MHD_lookup_connection_value(c, MHD_HEADER_KIND, KSTATUS_HEADER);
  unsigned char text[KSTATUS_MAX_BYTES];
  size_t len = 0;
  char err[512];
  if (!b64) return;
  if (sodium_base642bin(text, sizeof text, b64, strlen(b64), NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
    printf("serve: kiosk %s: status header is not base64; ignored\n", kiosk);
  else if (fleet_store_status(d, (const char *)text, len, kiosk, getenv("WEGWIJS_COLLECT_TODAY"), err, sizeof err) != 0)
    printf("serve: kiosk %s: status record not kept: %s\n", kiosk, err);
}

/* First call of a request (headers only): routes, and for a POST checks Content-Length
 * before any body is read. */
static enum MHD_Result serve_begin(struct MHD_Connection *c, const char *url, const char *method, void **req_cls) {
  if (!strcmp(method, "GET") && !strcmp(url, "/v1/health")) return serve_text(c, MHD_HTTP_OK, "ok");
  if (strcmp(url, "/v1/bundles")) return serve_text(c, MHD_HTTP_NOT_FOUND, "not found: POST bundles to /v1/bundles");
  if (strcmp(method, "POST")) return serve_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only POST is allowed here");
  const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  char *end = NULL;
  unsigned long long n = length && *length >= '0' && *length <= '9' ? strtoull(length, &end, 10) : 0;
  if (!length || !end || *end) return serve_text(c, MHD_HTTP_LENGTH_REQUIRED, "Content-Length required");
  if (n > SERVE_MAX_BODY) return serve_text(c, MHD_HTTP_CONTENT_TOO_LARGE, "bundle too large");
  serve_request *req = util_calloc(1, sizeof *req);
  req->announced = (size_t)n;
  req->start_ms = util_now_ms();
  *req_cls = req;
  return MHD_YES;
}

static enum MHD_Result serve_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                    const char *version, const char *upload, size_t *upload_size, void **req_cls) {
  (void)version;
  serve_state *s = cls;
  serve_request *req = *req_cls;
  if (!req) return serve_begin(c, url, method, req_cls);
  if (*upload_size) {
    /* MHD stops at Content-Length; the check guards the buffer all the same. The buffer
     * grows with what arrived, so announcing 32 MiB costs nothing until it is sent. */
    if (req->len + *upload_size > req->announced || util_now_ms() - req->start_ms > SERVE_DEADLINE_MS) {
      fprintf(stderr, "serve: request body too long or too slow; connection closed\n");
      return MHD_NO;
    }
    if (req->len + *upload_size > req->cap) {
      req->cap = (req->len + *upload_size) * 2;
      if (req->cap > req->announced) req->cap = req->announced;
      req->body = util_realloc(req->body, req->cap);
    }
    memcpy(req->body + req->len, upload, *upload_size);
    req->len += *upload_size;
    *upload_size = 0;
    return MHD_YES;
  }
  char err[1024] = "";
  db *d = serve_db_take(s, err, sizeof err);
  if (!d) {
    fprintf(stderr, "serve: database: %s\n", err);
    return serve_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, serve_sentence(INGEST_FAILED));
  }
  ingest_options opt = { "https", getenv("WEGWIJS_COLLECT_TODAY") };
  ingest_result res;
  int status = ingest_bundle(d, &s->k, req->body, req->len, &opt, &res, err, sizeof err);
  if (status == INGEST_STORED || status == INGEST_RESENT) serve_status_record(c, d, res.kiosk);
  serve_db_give(s, d);
  enum MHD_Result rc;
  if (status == INGEST_STORED || status == INGEST_RESENT) {
    printf("serve: kiosk %s: %zu records, %u new, %u duplicate, %u conflict, %u rejected -> %d\n", res.kiosk,
           res.records, res.count_new, res.count_duplicate, res.count_conflict, res.count_rejected, status);
    rc = serve_reply(c, (unsigned)status, res.receipt, res.receipt_len, "application/octet-stream");
  } else {
    printf("serve: refused (%d): %s\n", status, err);
    rc = serve_text(c, (unsigned)status, serve_sentence(status));
  }
  fflush(stdout);
  ingest_result_free(&res);
  return rc;
}

static void serve_completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode why) {
  (void)cls; (void)c; (void)why;
  serve_request *req = *req_cls;
  if (req) { free(req->body); free(req); }
  *req_cls = NULL;
}

static const char serve_help[] =
  "usage: wegwijs-collect serve [--db URL] [--keys DIR] --listen ADDR:PORT [--tls-cert PEM --tls-key PEM]\n"
  "                             [--threads N]\n"
  "Accepts bundles from enrolled kiosks (POST /v1/bundles), stores them sealed and answers with a\n"
  "signed receipt. --keys needs collector.sk and researcher.pk only: keep researcher.sk off this host.\n"
  "Stops on SIGINT/SIGTERM.\n";

int serve_main(int argc, char **argv) {
  const char *listen = NULL, *cert_path = NULL, *key_path = NULL, *key_dir = COLLECT_DEFAULT_KEYS, *threads_text = NULL;
  const char *pos[1];
  int npos;
  serve_state s;
  memset(&s, 0, sizeof s);
  long threads = 4;
  args_option opts[] = { { "--db", &s.db_url, NULL }, { "--keys", &key_dir, NULL }, { "--listen", &listen, NULL },
                         { "--tls-cert", &cert_path, NULL }, { "--tls-key", &key_path, NULL },
                         { "--threads", &threads_text, NULL }, { NULL, NULL, NULL } };
  int parsed = args_parse("serve", argc, argv, 2, opts, pos, 0, &npos);
  if (parsed != ARGS_OK) return args_help(parsed, serve_help);
  if (!listen || (threads_text && args_int(threads_text, 1, SERVE_MAX_THREADS, &threads) != 0) ||
      (!cert_path) != (!key_path)) {
    fprintf(stderr, "wegwijs-collect serve: need --listen ADDR:PORT, 1..%d threads, and --tls-cert with --tls-key\n",
            SERVE_MAX_THREADS);
    return 2;
  }
  char host[64];
  const char *colon = strrchr(listen, ':');
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  if (!colon || (size_t)(colon - listen) >= sizeof host) { fprintf(stderr, "serve: --listen wants 127.0.0.1:PORT\n"); return 2; }
  snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
  long port = -1;
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 || args_int(colon + 1, 0, 65535, &port) != 0) {
    fprintf(stderr, "serve: '%s' is not an IPv4 address and port\n", listen);
    return 2;
  }
  addr.sin_port = htons((uint16_t)port);

  char err[1024];
  int rc = 1;
  char *cert = NULL, *tls_key = NULL;
  struct MHD_Daemon *daemon = NULL;
  if (keys_load(key_dir, KEYS_RESEARCH_PUBLIC, 1, &s.k, err, sizeof err) != 0) { fprintf(stderr, "serve: %s\n", err); return 1; }
  db *probe = db_open_collector(s.db_url, err, sizeof err);   /* fail now, not at the first POST */
  if (!probe) { fprintf(stderr, "serve: %s\n", err); goto done; }
  s.pool[s.idle++] = probe;
  s.opened = 1;
  s.limit = (int)threads;
  pthread_mutex_init(&s.lock, NULL);
  pthread_cond_init(&s.freed, NULL);
  if (cert_path) {
    size_t len;
    cert = util_read_file(cert_path, 1 << 20, &len, err, sizeof err);
    tls_key = cert ? util_read_file(key_path, 1 << 20, &len, err, sizeof err) : NULL;
    if (!tls_key) { fprintf(stderr, "serve: %s\n", err); goto done; }
  }
  /* Stop signals are taken by sigwait below, never by the worker threads. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | (cert ? MHD_USE_TLS : 0);
  struct MHD_OptionItem common[] = {
    { MHD_OPTION_SOCK_ADDR, 0, &addr },
    { MHD_OPTION_THREAD_POOL_SIZE, threads, NULL },
    { MHD_OPTION_CONNECTION_TIMEOUT, SERVE_TIMEOUT_S, NULL },
    { MHD_OPTION_CONNECTION_LIMIT, SERVE_MAX_CONNECTIONS, NULL },
    { MHD_OPTION_PER_IP_CONNECTION_LIMIT, SERVE_PER_ADDRESS, NULL },
    { MHD_OPTION_CONNECTION_MEMORY_LIMIT, 64 * 1024, NULL },
    { MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)serve_completed, NULL },
    { cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert },
    { cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, tls_key },
    { cert ? MHD_OPTION_HTTPS_PRIORITIES : MHD_OPTION_END, 0, (void *)SERVE_TLS_PRIORITIES },
    { MHD_OPTION_END, 0, NULL }
  };
  daemon = MHD_start_daemon(flags, 0, NULL, NULL, serve_handle, &s, MHD_OPTION_ARRAY, common, MHD_OPTION_END);
  if (!daemon) { fprintf(stderr, "serve: cannot listen on %s (port in use, or TLS key/cert unusable)\n", listen); goto done; }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  printf("serve: listening on %s://%s:%u/v1/bundles (%ld threads, limit %d MiB, idle timeout %d s, %d per address)\n",
         cert ? "https" : "http", host, info ? info->port : (unsigned)port, threads, SERVE_MAX_BODY >> 20, SERVE_TIMEOUT_S,
         SERVE_PER_ADDRESS);
  fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  printf("serve: stopping (signal %d)\n", sig);
  rc = 0;
done:
  if (daemon) MHD_stop_daemon(daemon);
  for (int i = 0; i < s.idle; i++) db_close(s.pool[i]);
  free(cert);
  free(tls_key);
  keys_wipe(&s.k);
  return rc;
}
