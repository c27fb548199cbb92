/* serve.c — `wegwijs-collect serve`: the HTTPS endpoint kiosks POST bundles to
 * (BUNDLE.md §5), on libmicrohttpd. POST /v1/bundles with the bundle bytes answers
 * 201 + receipt (new), 200 + stored receipt (identical resend), 403/413/422/500 + a
 * one-line reason. GET /v1/health answers "ok". Every request is size-limited and
 * every connection times out. One database connection per worker thread. */
#include "collect.h"
#include "ingest.h"
#include "keys.h"
#include "util/util.h"
#include <microhttpd.h>
#include <arpa/inet.h>  /* inet_pton, htons */
#include <pthread.h>
#include <signal.h>     /* sigwait */
#include <stdlib.h>     /* atoi */
#include <string.h>     /* strcmp */

enum {
  SERVE_MAX_BODY = 32 << 20,      /* bundles above this are refused (413) before reading */
  SERVE_TIMEOUT_S = 30,           /* idle connection timeout */
  SERVE_MAX_CONNECTIONS = 128,
  SERVE_MAX_THREADS = 32
};

typedef struct {
  const char *db_url;
  keys k;
  int register_new;
  pthread_mutex_t lock;
  pthread_cond_t freed;
  db *pool[SERVE_MAX_THREADS];    /* idle connections */
  int idle, opened, limit;
} serve_state;

typedef struct {
  unsigned char *body;
  size_t len, cap;
  int too_large;
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
  d = collect_open_db(s->db_url, err, errlen);
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

static enum MHD_Result serve_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                    const char *version, const char *upload, size_t *upload_size, void **req_cls) {
  (void)version;
  serve_state *s = cls;
  serve_request *req = *req_cls;
  if (!req) {   /* first call: headers only */
    if (!strcmp(method, "GET") && !strcmp(url, "/v1/health")) return serve_text(c, MHD_HTTP_OK, "ok");
    if (strcmp(url, "/v1/bundles")) return serve_text(c, MHD_HTTP_NOT_FOUND, "not found: POST bundles to /v1/bundles");
    if (strcmp(method, "POST")) return serve_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only POST is allowed here");
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length && strtoull(length, NULL, 10) > SERVE_MAX_BODY)
      return serve_text(c, MHD_HTTP_CONTENT_TOO_LARGE, "bundle too large");
    req = util_calloc(1, sizeof *req);
    *req_cls = req;
    return MHD_YES;
  }
  if (*upload_size) {
    if (req->len + *upload_size > SERVE_MAX_BODY) req->too_large = 1;
    if (!req->too_large) {
      if (req->len + *upload_size > req->cap) {
        req->cap = (req->len + *upload_size) * 2;
        if (req->cap > SERVE_MAX_BODY) req->cap = SERVE_MAX_BODY;
        req->body = util_realloc(req->body, req->cap);
      }
      memcpy(req->body + req->len, upload, *upload_size);
      req->len += *upload_size;
    }
    *upload_size = 0;
    return MHD_YES;
  }
  if (req->too_large) return serve_text(c, MHD_HTTP_CONTENT_TOO_LARGE, "bundle too large");
  char err[1024] = "";
  db *d = serve_db_take(s, err, sizeof err);
  if (!d) {
    fprintf(stderr, "serve: database: %s\n", err);
    return serve_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "collector database unavailable; try again later");
  }
  ingest_options opt = { s->register_new, "https", getenv("WEGWIJS_COLLECT_TODAY") };
  ingest_result res;
  int status = ingest_bundle(d, &s->k, req->body, req->len, &opt, &res, err, sizeof err);
  serve_db_give(s, d);
  enum MHD_Result rc;
  if (status == INGEST_STORED || status == INGEST_RESENT) {
    printf("serve: kiosk %s: %zu records, %u new, %u duplicate, %u conflict, %u rejected -> %d\n", res.kiosk,
           res.records, res.count_new, res.count_duplicate, res.count_conflict, res.count_rejected, status);
    rc = serve_reply(c, (unsigned)status, res.receipt, res.receipt_len, "application/octet-stream");
  } else {
    printf("serve: refused (%d): %s\n", status, err);
    rc = serve_text(c, (unsigned)status, err);
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

int serve_main(int argc, char **argv) {
  const char *listen = NULL, *cert_path = NULL, *key_path = NULL, *key_dir = COLLECT_DEFAULT_KEYS;
  serve_state s;
  memset(&s, 0, sizeof s);
  s.register_new = 1;
  int threads = 4;
  for (int i = 2; i < argc; i++) {
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(argv[i], "--known-kiosks-only")) { s.register_new = 0; continue; }
    if (!v) { fprintf(stderr, "serve: %s needs a value\n", argv[i]); return 2; }
    if (!strcmp(argv[i], "--db")) s.db_url = v;
    else if (!strcmp(argv[i], "--keys")) key_dir = v;
    else if (!strcmp(argv[i], "--listen")) listen = v;
    else if (!strcmp(argv[i], "--tls-cert")) cert_path = v;
    else if (!strcmp(argv[i], "--tls-key")) key_path = v;
    else if (!strcmp(argv[i], "--threads")) threads = atoi(v);
    else { fprintf(stderr, "serve: unknown option %s\n", argv[i]); return 2; }
    i++;
  }
  if (!listen || threads < 1 || threads > SERVE_MAX_THREADS || (!cert_path) != (!key_path)) {
    fprintf(stderr, "serve: need --listen ADDR:PORT, 1..%d threads, and --tls-cert with --tls-key\n", SERVE_MAX_THREADS);
    return 2;
  }
  char host[64];
  const char *colon = strrchr(listen, ':');
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  if (!colon || (size_t)(colon - listen) >= sizeof host) { fprintf(stderr, "serve: --listen wants 127.0.0.1:PORT\n"); return 2; }
  snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
  int port = atoi(colon + 1);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 || port < 0 || port > 65535) {
    fprintf(stderr, "serve: '%s' is not an IPv4 address and port\n", listen);
    return 2;
  }
  addr.sin_port = htons((uint16_t)port);

  char err[1024];
  int rc = 1;
  char *cert = NULL, *tls_key = NULL;
  struct MHD_Daemon *daemon = NULL;
  if (keys_load(key_dir, 1, 1, &s.k, err, sizeof err) != 0) { fprintf(stderr, "serve: %s\n", err); return 1; }
  db *probe = collect_open_db(s.db_url, err, sizeof err);   /* fail now, not at the first POST */
  if (!probe) { fprintf(stderr, "serve: %s\n", err); goto done; }
  s.pool[s.idle++] = probe;
  s.opened = 1;
  s.limit = threads;
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
  if (cert)
    daemon = MHD_start_daemon(flags, 0, NULL, NULL, serve_handle, &s,
                              MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                              MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
                              MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_S,
                              MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
                              MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                              MHD_OPTION_NOTIFY_COMPLETED, serve_completed, NULL,
                              MHD_OPTION_HTTPS_MEM_CERT, cert, MHD_OPTION_HTTPS_MEM_KEY, tls_key,
                              MHD_OPTION_END);
  else
    daemon = MHD_start_daemon(flags, 0, NULL, NULL, serve_handle, &s,
                              MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                              MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
                              MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_S,
                              MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
                              MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                              MHD_OPTION_NOTIFY_COMPLETED, serve_completed, NULL,
                              MHD_OPTION_END);
  if (!daemon) { fprintf(stderr, "serve: cannot listen on %s (port in use, or TLS key/cert unusable)\n", listen); goto done; }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  printf("serve: listening on %s://%s:%u/v1/bundles (%d threads, limit %d MiB, timeout %d s)\n",
         cert ? "https" : "http", host, info ? info->port : (unsigned)port, threads, SERVE_MAX_BODY >> 20, SERVE_TIMEOUT_S);
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
