/* errlog.c — ring buffer of recent errors behind one mutex. */
#include "system/errlog.h"
#include <pthread.h>  /* pthread_mutex_t */
#include <stdarg.h>   /* va_list */
#include <stdio.h>    /* vsnprintf, fprintf */
#include <string.h>   /* strcmp, memcpy */
#include <time.h>     /* time */

static pthread_mutex_t sys_log_lock = PTHREAD_MUTEX_INITIALIZER;
static sys_log_entry sys_log_ring[SYS_LOG_ENTRIES];
static int sys_log_next;    /* slot the next new message goes to */
static int sys_log_count;

/* Cuts s back so it does not end inside a UTF-8 sequence (after vsnprintf truncation). */
static void sys_log_trim_utf8(char *s) {
  size_t n = strlen(s);
  if (n == 0) return;
  size_t i = n;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
  if (i == 0) { s[0] = 0; return; }
  unsigned char lead = (unsigned char)s[i - 1];
  size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (n - (i - 1) < need) s[i - 1] = 0;
}

void sys_log_error(const char *fmt, ...) {
  char message[SYS_LOG_MESSAGE_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  sys_log_trim_utf8(message);
  fprintf(stderr, "wegwijs: error: %s\n", message);
  long long now = (long long)time(NULL);
  pthread_mutex_lock(&sys_log_lock);
  int last = (sys_log_next + SYS_LOG_ENTRIES - 1) % SYS_LOG_ENTRIES;
  if (sys_log_count > 0 && !strcmp(sys_log_ring[last].message, message)) {
    sys_log_ring[last].repeats++;
    sys_log_ring[last].wall_s = now;
  } else {
    sys_log_entry *e = &sys_log_ring[sys_log_next];
    memcpy(e->message, message, sizeof message);
    e->wall_s = now;
    e->repeats = 1;
    sys_log_next = (sys_log_next + 1) % SYS_LOG_ENTRIES;
    if (sys_log_count < SYS_LOG_ENTRIES) sys_log_count++;
  }
  pthread_mutex_unlock(&sys_log_lock);
}

int sys_log_recent(sys_log_entry *out, int max) {
  pthread_mutex_lock(&sys_log_lock);
  int n = sys_log_count < max ? sys_log_count : max;
  for (int i = 0; i < n; i++)
    out[i] = sys_log_ring[(sys_log_next + SYS_LOG_ENTRIES - 1 - i) % SYS_LOG_ENTRIES];
  pthread_mutex_unlock(&sys_log_lock);
  return n < 0 ? 0 : n;
}

void sys_log_clear(void) {
  pthread_mutex_lock(&sys_log_lock);
  sys_log_next = sys_log_count = 0;
  pthread_mutex_unlock(&sys_log_lock);
}
