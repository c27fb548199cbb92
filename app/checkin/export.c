/* export.c — the check-in export and receipt engine shared by the command line
 * (app/cli), staff mode (staff/usb, staff/staffwork) and sync: one verified bundle on a
 * stick, and a receipt that acknowledges and purges. */
#include "checkin/export.h"
#include "checkin/bundle.h"
#include "checkin/receipt.h"
#include "checkin/record.h"
#include "system/errlog.h"
#include "util/util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void checkin_export_step(const checkin_export_watch *watch, const char *step, const char *tmp, const char *final) {
  if (watch && watch->step) watch->step(watch->ctx, step, tmp, final);
}

static void checkin_export_today(char day[11]) {
  int part;
  record_day_of((long long)time(NULL), day, &part);
}

/* Reads a file back from the device (page cache dropped first, where the OS allows)
 * and checks it equals want and verifies as a bundle. */
static int checkin_export_read_back(const char *path, const unsigned char *want, size_t want_len,
                                 char *err, size_t errlen) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
  }
  size_t len = 0;
  char *back = util_read_file(path, BUNDLE_MAX_BYTES, &len, err, errlen);
  if (!back) return -1;
  int rc = -1;
  bundle_info info;
  if (len != want_len || memcmp(back, want, len)) { util_error(err, errlen, "%s reads back differently than written", path); goto done; }
  if (bundle_parse((const unsigned char *)back, len, &info, err, errlen) != 0) goto done;
  bundle_info_free(&info);
  rc = 0;
done:
  free(back);
  return rc;
}

/* Removes our own leftovers of interrupted exports (.wegwijs-*.wwb.tmp). */
static void checkin_export_clean_temps(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    size_t n = strlen(de->d_name);
    if (n > 17 && !strncmp(de->d_name, ".wegwijs-", 9) && !strcmp(de->d_name + n - 8, ".wwb.tmp")) {
      char path[4200];
      snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
      unlink(path);
    }
  }
  closedir(d);
}

long checkin_export_to(store *st, const kioskkey *key, const char *dir,
                       char *path_out, size_t path_cap, const checkin_export_watch *watch,
                       char *err, size_t errlen) {
  bundle_entry *entries = NULL;
  unsigned char *bytes = NULL, hash[32];
  size_t len = 0;
  long count = -1, result = -1;
  int fd = -1, renamed = 0;
  char day[11], warn[512], name[128], tmp[4200], final[4200];
  checkin_export_today(day);
  count = store_pending(st, BUNDLE_EXPORT_RECORDS, &entries, warn, sizeof warn, err, errlen);
  if (count < 0) goto done;
  if (warn[0]) fprintf(stderr, "wegwijs: warning: %s\n", warn);
  if (bundle_build(key->sk, day, entries, (size_t)count, &bytes, &len, hash, err, errlen) != 0) goto done;
  char kid[65], hid[65];
  record_hex(key->pk, 32, kid);
  record_hex(hash, 32, hid);
  snprintf(name, sizeof name, "wegwijs-%.16s-%.4s%.2s%.2s-%.16s.wwb", kid, day, day + 5, day + 8, hid);
  if (snprintf(final, sizeof final, "%s/%s", dir, name) >= (int)sizeof final ||
      snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name) >= (int)sizeof tmp) {
    util_error(err, errlen, "export folder path too long");
    goto done;
  }
  checkin_export_clean_temps(dir);
  checkin_export_step(watch, "open", tmp, final);
  fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) { util_error(err, errlen, "cannot write to %s: %s", dir, strerror(errno)); goto done; }
  for (size_t off = 0; off < len;) {
    if (off >= len / 2) checkin_export_step(watch, "write", tmp, final);
    size_t chunk = len - off < 65536 ? len - off : 65536;
    ssize_t w = write(fd, bytes + off, chunk);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) { util_error(err, errlen, "cannot write %s: %s", tmp, w < 0 ? strerror(errno) : "no space"); goto done; }
    off += (size_t)w;
  }
  checkin_export_step(watch, "fsync", tmp, final);
  if (fsync(fd) != 0) { util_error(err, errlen, "cannot flush %s to the stick: %s", tmp, strerror(errno)); goto done; }
  if (close(fd) != 0) { fd = -1; util_error(err, errlen, "cannot close %s: %s", tmp, strerror(errno)); goto done; }
  fd = -1;
  checkin_export_step(watch, "readback", tmp, final);
  if (checkin_export_read_back(tmp, bytes, len, err, errlen) != 0) goto done;
  checkin_export_step(watch, "rename", tmp, final);
  if (rename(tmp, final) != 0) { util_error(err, errlen, "cannot rename into %s: %s", final, strerror(errno)); goto done; }
  renamed = 1;
  checkin_export_step(watch, "fsync-dir", tmp, final);
  if (util_fsync_dir_of(final) != 0) { util_error(err, errlen, "cannot flush folder %s: %s", dir, strerror(errno)); goto done; }
  checkin_export_step(watch, "verify", tmp, final);
  if (checkin_export_read_back(final, bytes, len, err, errlen) != 0) goto done;
  checkin_export_step(watch, "mark", tmp, final);
  /* The bundle is complete and verified: a store that cannot be written (read-only
   * disk) only means these records are exported again next time, which is safe. */
  char why[512];
  if (store_mark_exported(st, entries, (size_t)count, why, sizeof why) != 0)
    fprintf(stderr, "wegwijs: warning: bundle written but records not marked exported: %s\n", why);
  if (path_out) snprintf(path_out, path_cap, "%s", final);
  result = count;
done:
  if (fd >= 0) close(fd);
  if (result < 0) {
    unlink(tmp);
    /* A renamed bundle that failed later steps must not look complete. */
    if (renamed) { unlink(final); util_fsync_dir_of(final); }
  }
  if (entries) store_entries_free(entries, count > 0 ? (size_t)count : 0);
  free(bytes);
  return result;
}

long checkin_apply_receipt(store *st, const kioskkey *key, const config *cfg,
                               const unsigned char *data, size_t len, char *err, size_t errlen) {
  receipt r;
  if (receipt_parse(data, len, &r, err, errlen) != 0) return -1;
  long acked = -1, purged = 0, refused = 0;
  char day[11];
  if (receipt_check_trust(&r, (const unsigned char (*)[32])cfg->collector_keys, (size_t)cfg->collector_key_count,
                          key->pk, err, errlen) != 0) goto done;
  checkin_export_today(day);
  if (store_acknowledge(st, r.ranges, r.range_count, day, &acked, &refused, err, errlen) != 0) { acked = -1; goto done; }
  if (refused)
    sys_log_error("a receipt of %s confirms %ld range%s of check-ins this kiosk did not export with those contents; "
                  "they are kept and sent again", r.created_day, refused, refused == 1 ? "" : "s");
  if (store_purge(st, day, cfg->retention_days, &purged, err, errlen) != 0) { acked = -1; goto done; }
done:
  receipt_free(&r);
  return acked;
}
