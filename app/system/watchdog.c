/* watchdog.c — sd_notify READY/WATCHDOG/STATUS with a once-per-interval ping limit. */
#include "system/watchdog.h"
#include "system/errlog.h"
#include <stdint.h>            /* uint64_t */
#include <stdio.h>             /* snprintf */
#include <stdlib.h>            /* getenv */
#include <string.h>            /* strerror */
#include <systemd/sd-daemon.h> /* sd_notify, sd_watchdog_enabled */

static long long sys_watchdog_last_ms = -1;

/* sd_notify returns > 0 sent, 0 no socket, < 0 -errno. */
static int sys_watchdog_send(const char *state) {
  int rc = sd_notify(0, state);
  if (rc > 0) return 1;
  if (rc == 0) return 0;
  sys_log_error("could not notify systemd (%s): %s", state, strerror(-rc));
  return -1;
}

long long sys_watchdog_interval_ms(void) {
  long long interval = 1000;
  uint64_t usec = 0;
  /* WatchdogSec= is in WATCHDOG_USEC; pinging at half of it is systemd's advice. */
  if (sd_watchdog_enabled(0, &usec) > 0 && usec / 2000 < (uint64_t)interval)
    interval = (long long)(usec / 2000);
  return interval > 0 ? interval : 1;
}

int sys_watchdog_ready(void) {
  return sys_watchdog_send("READY=1");
}

int sys_watchdog_ping(long long now_ms) {
  if (!getenv("NOTIFY_SOCKET")) return 0;
  if (sys_watchdog_last_ms >= 0 && now_ms - sys_watchdog_last_ms < sys_watchdog_interval_ms())
    return 0;
  sys_watchdog_last_ms = now_ms;
  return sys_watchdog_send("WATCHDOG=1");
}

int sys_watchdog_status(const char *text) {
  char msg[256];
  snprintf(msg, sizeof msg, "STATUS=%s", text);
  return sys_watchdog_send(msg);
}
