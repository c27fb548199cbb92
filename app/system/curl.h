/* curl.h — libcurl loaded at run time (dlopen), shared by the check-in sync and the
 * pack download: libcurl and its TLS stack (~30 shared objects, ~5 MiB resident) are
 * mapped on the first use only, so a kiosk without a sync or pack URL never maps them.
 * Also the URL rule both share and the TLS options every request sets. */
#ifndef WEGWIJS_SYS_CURL_H
#define WEGWIJS_SYS_CURL_H
#include <curl/curl.h>
#include <stddef.h>   /* size_t */

/* The libcurl calls the kiosk uses, resolved from the library loaded at run time. */
typedef struct {
  CURL *(*easy_init)(void);
  CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL *curl);
  CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
  const char *(*easy_strerror)(CURLcode code);
  void (*easy_cleanup)(CURL *curl);
  struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
  void (*slist_free_all)(struct curl_slist *list);
} sys_curl_api;

/* Loads libcurl once per process (thread-safe) and returns its calls, or NULL with
 * one sentence in err (library missing, a function missing, global init failed). */
const sys_curl_api *sys_curl_load(char *err, size_t errlen);

/* Only https://, except plain http:// to 127.0.0.1 (tests, a local relay). Returns 1
 * when allowed (*plain = 1 for the http:// case), else 0. */
int sys_curl_url_allowed(const char *url, int *plain);

/* The options every request sets: url, protocol (https, or http when plain), TLS peer
 * and host verified (ca_file: a PEM bundle instead of the system's CAs; NULL or "" =
 * system), no redirects, no signals, no proxy for 127.0.0.1, the user agent, a total
 * timeout and a connect timeout of at most 10 s. */
void sys_curl_common(const sys_curl_api *api, CURL *curl, const char *url, int plain,
                     const char *ca_file, long timeout_ms);
#endif
