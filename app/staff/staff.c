/* staff.c — hidden-corner gesture, staff session timer and the status report. */
#include "staff/staff.h"
#include <stdio.h>         /* snprintf */
#include <string.h>        /* memset */
#include <sys/statvfs.h>   /* statvfs */
#include <sys/sysinfo.h>   /* sysinfo: machine uptime */
#include "checkin/kioskkey.h"

int staff_hidden_corner_tap(staff_corner *c, long long now_ms) {
  if (c->taps > 0 && now_ms - c->last_ms > STAFF_CORNER_PAUSE_MS) c->taps = 0;
  c->taps++;
  c->last_ms = now_ms;
  if (c->taps < STAFF_CORNER_TAPS) return 0;
  c->taps = 0;
  return 1;
}

void staff_hidden_corner_reset(staff_corner *c) { c->taps = 0; }

void staff_session_enter(staff_session *s, int timeout_s, long long now_ms) {
  s->active = 1;
  s->timeout_ms = (long long)timeout_s * 1000;
  s->last_input_ms = now_ms;
}

void staff_session_input(staff_session *s, long long now_ms) {
  if (s->active) s->last_input_ms = now_ms;
}

int staff_session_tick(staff_session *s, long long now_ms) {
  if (!s->active || now_ms - s->last_input_ms < s->timeout_ms) return 0;
  s->active = 0;
  return 1;
}

int staff_session_seconds_left(const staff_session *s, long long now_ms) {
  if (!s->active) return 0;
  long long left = s->timeout_ms - (now_ms - s->last_input_ms);
  return left <= 0 ? 0 : (int)((left + 999) / 1000);
}

void staff_session_leave(staff_session *s) { s->active = 0; }

void staff_status_collect(staff_status *st, const config *cfg, long long process_start_ms,
                          long long now_ms) {
  snprintf(st->app_version, sizeof st->app_version, "%s", WEGWIJS_VERSION);
  snprintf(st->site_code, sizeof st->site_code, "%s", cfg->site_code);
  st->trusted_key_count = cfg->trusted_key_count;
  char path[4096], err[256];
  kioskkey key;
  st->kiosk_id[0] = 0;
  if (kioskkey_path(cfg, path, sizeof path) == 0 && kioskkey_read(path, &key, err, sizeof err) == 0) {
    kioskkey_id_hex(&key, st->kiosk_id);
    kioskkey_wipe(&key);
  }
  struct statvfs vfs;
  if (statvfs(cfg->state_dir, &vfs) == 0) {
    st->disk_free_bytes = (long long)vfs.f_bavail * (long long)vfs.f_frsize;
    st->disk_total_bytes = (long long)vfs.f_blocks * (long long)vfs.f_frsize;
  } else {
    st->disk_free_bytes = st->disk_total_bytes = -1;
  }
  struct sysinfo si;
  st->uptime_s = sysinfo(&si) == 0 ? (long long)si.uptime : -1;
  st->kiosk_uptime_s = (now_ms - process_start_ms) / 1000;
  st->error_count = sys_log_recent(st->errors, SYS_LOG_ENTRIES);
}

void staff_format_bytes(long long bytes, char *out, size_t outlen) {
  static const char *const units[] = { "bytes", "kB", "MB", "GB", "TB" };
  if (bytes < 0) { snprintf(out, outlen, "unknown"); return; }
  double v = (double)bytes;
  int u = 0;
  while (v >= 1000.0 && u < 4) { v /= 1000.0; u++; }
  if (u == 0) snprintf(out, outlen, "%lld bytes", bytes);
  else snprintf(out, outlen, "%.1f %s", v, units[u]);
}
