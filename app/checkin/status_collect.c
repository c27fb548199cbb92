/* status_collect.c — the kiosk status record filled from this kiosk's state folder and
 * written next to a bundle (status.h). Parsing and signing are in status.c, which a
 * fuzzer links alone. */
#include "checkin/status.h"
#include "checkin/record.h"      /* record_day_of */
#include "pack/fetchstate.h"
#include "pack/install.h"        /* pack_current_path */
#include "pack/pack.h"
#include "util/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <time.h>

enum { KSTATUS_DISK_LOW_MB = 500 };

static int (*kstatus_gaps)(const char *day);

void kstatus_set_search_gaps(int (*count_on_day)(const char *day)) { kstatus_gaps = count_on_day; }

/* The active pack's name, version and valid_until, opened read-only. */
static void kstatus_pack(const config *cfg, kstatus *s) {
  char path[CONFIG_PATH_MAX + 64], err[256];
  if (!pack_current_path(cfg->state_dir, path, sizeof path)) { kstatus_add_error(s, "no_pack"); return; }
  pack *p = pack_open(path, err, sizeof err);
  if (!p) { kstatus_add_error(s, "no_pack"); return; }
  const char *until = pack_meta(p, "valid_until");
  snprintf(s->pack, sizeof s->pack, "%s", pack_name(p));
  s->pack_version = pack_version(p);
  if (until && strlen(until) == 10) snprintf(s->valid_until, sizeof s->valid_until, "%s", until);
  pack_close(p);
  if (s->valid_until[0] && strcmp(s->day, s->valid_until) > 0) kstatus_add_error(s, "pack_expired");
}

void kstatus_collect(const config *cfg, store *st, const unsigned char kiosk_pk[32], kstatus *out) {
  memset(out, 0, sizeof *out);
  memcpy(out->kiosk_pk, kiosk_pk, 32);
  int part;
  record_day_of((long long)time(NULL), out->day, &part);
  snprintf(out->app, sizeof out->app, "%s", WEGWIJS_VERSION);
  out->search_gaps = kstatus_gaps ? kstatus_gaps(out->day) : -1;
  kstatus_pack(cfg, out);
  store_counts c;
  char err[256];
  if (st && store_count(st, &c, err, sizeof err) == 0) out->pending = c.fresh + c.exported;
  struct statvfs vfs;
  out->disk_free_mb = statvfs(cfg->state_dir, &vfs) == 0 ? (long long)(vfs.f_bavail * vfs.f_frsize >> 20) : -1;
  if (out->disk_free_mb >= 0 && out->disk_free_mb < KSTATUS_DISK_LOW_MB) kstatus_add_error(out, "disk_low");
  struct sysinfo si;
  out->uptime_h = sysinfo(&si) == 0 ? (long long)si.uptime / 3600 : -1;
  fetch_state fs;
  if (cfg->pack_url[0] && fetch_state_read(cfg->state_dir, &fs) == 0) {
    if (fs.outcome == FETCH_FAILED) kstatus_add_error(out, "pack_fetch_failed");
    if (fs.outcome == FETCH_REFUSED) kstatus_add_error(out, "pack_refused");
  }
}

int kstatus_write_for(const config *cfg, store *st, const kioskkey *key, const char *bundle_path,
                      char *err, size_t errlen) {
  char path[4200];
  if (kstatus_path_for(bundle_path, path, sizeof path))
    return util_error(err, errlen, "no status record for %s (not a .wwb path)", bundle_path);
  kstatus s;
  size_t len;
  kstatus_collect(cfg, st, key->pk, &s);
  char *text = kstatus_build(&s, key->sk, &len);
  int rc = util_write_file_atomic(path, text, len, err, errlen);
  free(text);
  return rc;
}
