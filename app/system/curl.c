/* curl.c — libcurl through dlopen for every HTTPS request of the kiosk (curl.h). */
#include "system/curl.h"
#include "util/util.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { SYS_CURL_CONNECT_TIMEOUT_MS = 10000 };
#define SYS_CURL_LIBRARY "libcurl.so.4"   /* the SONAME of Debian's libcurl4 */

static sys_curl_api sys_curl;
static int sys_curl_ready;
static char sys_curl_error[200];
static pthread_once_t sys_curl_once = PTHREAD_ONCE_INIT;

#define SYS_CURL_SYMBOL(field, name) \
  (*(void **)&sys_curl.field = dlsym(lib, name)) != NULL
static void sys_curl_open(void) {
  CURLcode (*global_init)(long flags) = NULL;
  void *lib = dlopen(SYS_CURL_LIBRARY, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    snprintf(sys_curl_error, sizeof sys_curl_error, "cannot load %s (package libcurl4): %.120s",
             SYS_CURL_LIBRARY, dlerror());
    return;
  }
  *(void **)&global_init = dlsym(lib, "curl_global_init");
  if (!(global_init && SYS_CURL_SYMBOL(easy_init, "curl_easy_init") &&
        SYS_CURL_SYMBOL(easy_setopt, "curl_easy_setopt") && SYS_CURL_SYMBOL(easy_perform, "curl_easy_perform") &&
        SYS_CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo") && SYS_CURL_SYMBOL(easy_strerror, "curl_easy_strerror") &&
        SYS_CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup") && SYS_CURL_SYMBOL(slist_append, "curl_slist_append") &&
        SYS_CURL_SYMBOL(slist_free_all, "curl_slist_free_all"))) {
    snprintf(sys_curl_error, sizeof sys_curl_error, "%s lacks a function: %.120s", SYS_CURL_LIBRARY, dlerror());
    dlclose(lib);
    return;
  }
  if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    snprintf(sys_curl_error, sizeof sys_curl_error, "curl_global_init failed");
    return;   /* the library stays loaded: its state is unknown, unloading could crash */
  }
  sys_curl_ready = 1;   /* loaded for the rest of the process */
}
#undef SYS_CURL_SYMBOL

const sys_curl_api *sys_curl_load(char *err, size_t errlen) {
  pthread_once(&sys_curl_once, sys_curl_open);
  if (!sys_curl_ready) { util_error(err, errlen, "%s", sys_curl_error); return NULL; }
  return &sys_curl;
}

int sys_curl_url_allowed(const char *url, int *plain) {
  *plain = 0;
  if (!strncmp(url, "https://", 8)) return 1;
  if (!strncmp(url, "http://127.0.0.1:", 17) || !strncmp(url, "http://127.0.0.1/", 17)) { *plain = 1; return 1; }
  return 0;
}

void sys_curl_common(const sys_curl_api *api, CURL *curl, const char *url, int plain,
                     const char *ca_file, long timeout_ms) {
  api->easy_setopt(curl, CURLOPT_URL, url);
  api->easy_setopt(curl, CURLOPT_PROTOCOLS_STR, plain ? "http" : "https");
  api->easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  api->easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (ca_file && *ca_file) api->easy_setopt(curl, CURLOPT_CAINFO, ca_file);
  api->easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  api->easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  api->easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1");
  api->easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  api->easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   timeout_ms < SYS_CURL_CONNECT_TIMEOUT_MS ? timeout_ms : (long)SYS_CURL_CONNECT_TIMEOUT_MS);
  api->easy_setopt(curl, CURLOPT_USERAGENT, "wegwijs/" WEGWIJS_VERSION);
}
