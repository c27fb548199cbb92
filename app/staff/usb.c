/* usb.c — staff USB flows: pack import and check-in export with plain-word outcomes. */
#include "staff/usb.h"
#include "checkin/export.h"
#include "checkin/kioskkey.h"
#include "checkin/status.h"
#include "checkin/store.h"
#include "pack/minisig.h"
#include "system/errlog.h"
#include "util/util.h"
#include <stdarg.h>     /* va_list */
#include <stdio.h>      /* snprintf */
#include <stdlib.h>     /* free */
#include <string.h>     /* strcmp */
#include <time.h>       /* time */

#define STAFF_USB_LAST_EXPORT "last-export"

int staff_usb_keys(const config *cfg, minisig_public_key keys[CONFIG_TRUSTED_KEYS]) {
  for (int i = 0; i < cfg->trusted_key_count; i++) {
    memcpy(keys[i].key_id, cfg->trusted_keys[i].key_id, 8);
    memcpy(keys[i].pk, cfg->trusted_keys[i].public_key, 32);
  }
  return cfg->trusted_key_count;
}

static int staff_usb_say(staff_usb_result *out, staff_usb_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int staff_usb_say(staff_usb_result *out, staff_usb_status status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out->sentence, sizeof out->sentence, fmt, ap);
  va_end(ap);
  out->status = status;
  /* Refusals and failures go to the status screen's error list; "no stick" is not an error. */
  if (status == STAFF_USB_REFUSED || status == STAFF_USB_STICK_REMOVED || status == STAFF_USB_FAILED)
    sys_log_error("%s", out->sentence);
  return status == STAFF_USB_OK ? 0 : -1;
}

int staff_usb_import(const config *cfg, const sys_media_pack *candidate,
                     pack_progress_fn progress, void *user, staff_usb_result *out) {
  memset(out, 0, sizeof *out);
  minisig_public_key keys[CONFIG_TRUSTED_KEYS];
  int key_count = staff_usb_keys(cfg, keys);
  if (key_count == 0)
    return staff_usb_say(out, STAFF_USB_NO_TRUSTED_KEY,
                         "This kiosk trusts no content key yet (trusted_key in kiosk.conf), so no pack can be "
                         "installed. The current pack keeps running.");
  if (!candidate->has_signature)
    return staff_usb_say(out, STAFF_USB_NO_SIGNATURE,
                         "%s has no signature file (%s.minisig) next to it, so it cannot be checked. "
                         "The current pack keeps running.", candidate->name, candidate->name);
  char err[512];
  pack_policy policy = { cfg->pack_name, cfg->pack_max_version_step, 0 };
  if (pack_install_policy(candidate->path, cfg->state_dir, &policy, keys, key_count, progress, user, &out->pack,
                          err, sizeof err) != 0) {
    char folder[SYS_MEDIA_PATH_MAX];
    snprintf(folder, sizeof folder, "%s", candidate->path);
    char *slash = strrchr(folder, '/');
    if (slash) *slash = 0;
    if (!sys_media_present(folder))
      return staff_usb_say(out, STAFF_USB_STICK_REMOVED,
                           "The USB stick was removed while %s was being read. Nothing was installed; "
                           "the current pack keeps running.", candidate->name);
    size_t n = strlen(err);
    const char *stop = n && err[n - 1] == '.' ? "" : ".";
    return staff_usb_say(out, STAFF_USB_REFUSED, "%s was not installed: %s%s The current pack keeps running.",
                         candidate->name, err, stop);
  }
  char previous[64] = "";
  if (out->pack.previous_version)
    snprintf(previous, sizeof previous, " Version %d stays as a fallback.", out->pack.previous_version);
  return staff_usb_say(out, STAFF_USB_OK, "Pack '%s' version %d, signed by content key %d (%s), verified "
                       "and installed.%s", out->pack.name, out->pack.version, out->pack.key_slot + 1,
                       out->pack.key_id, previous);
}

int staff_usb_import_from_sticks(const config *cfg, pack_progress_fn progress, void *user,
                                 staff_usb_result *out) {
  sys_medium media[SYS_MEDIA_MAX];
  sys_media_pack packs[SYS_MEDIA_PACKS_MAX];
  memset(out, 0, sizeof *out);
  int media_count = sys_media_list(cfg->mount_roots, media, SYS_MEDIA_MAX);
  if (media_count == 0)
    return staff_usb_say(out, STAFF_USB_NO_STICK, "No USB stick found. Insert the stick, wait a few seconds "
                         "and try again.");
  int n = sys_media_find_packs(media, media_count, packs, SYS_MEDIA_PACKS_MAX);
  if (n == 0)
    return staff_usb_say(out, STAFF_USB_NO_PACK, "No content pack on the USB stick %s (looking for a .wwpack "
                         "file with its .wwpack.minisig).", media[0].label);
  if (n > 1)
    return staff_usb_say(out, STAFF_USB_SEVERAL, "There are %d content packs on the USB stick; choose one.", n);
  return staff_usb_import(cfg, &packs[0], progress, user, out);
}

int staff_usb_export(const config *cfg, const sys_medium *medium,
                     pack_progress_fn progress, void *user, const checkin_export_watch *watch,
                     staff_usb_result *out) {
  memset(out, 0, sizeof *out);
  char err[1024], keypath[CONFIG_PATH_MAX + 16];
  kioskkey key;
  store *st = NULL;
  int rc = -1, have_key = 0;
  if (kioskkey_path(cfg, keypath, sizeof keypath) != 0 || kioskkey_load(keypath, &key, err, sizeof err) != 0) {
    staff_usb_say(out, STAFF_USB_FAILED, "The kiosk key cannot be read (%s). Nothing was exported.", err);
    goto done;
  }
  have_key = 1;
  if (progress) progress(user, "preparing", 5);
  st = store_open(cfg->state_dir, NULL, err, sizeof err);
  if (!st) {
    staff_usb_say(out, STAFF_USB_FAILED, "The check-ins cannot be opened (%s). Nothing was exported.", err);
    goto done;
  }
  if (progress) progress(user, "writing", 20);
  long n = checkin_export_to(st, &key, medium->path, out->file, sizeof out->file, watch, err, sizeof err);
  if (n < 0) {
    if (!sys_media_present(medium->path))
      staff_usb_say(out, STAFF_USB_STICK_REMOVED, "The USB stick was removed during the export. Nothing was "
                    "lost: the check-ins stay on the kiosk. Insert the stick and export again.");
    else
      staff_usb_say(out, STAFF_USB_FAILED, "The export did not complete: %s%s Nothing was lost: the check-ins "
                    "stay on the kiosk.", err, err[0] && err[strlen(err) - 1] == '.' ? "" : ".");
    goto done;
  }
  if (kstatus_write_for(cfg, st, &key, out->file, err, sizeof err) != 0)   /* the fleet view's, optional */
    sys_log_error("no kiosk status record next to the bundle: %s", err);
  if (progress) progress(user, "checking", 90);
  /* The bundle was read back already; this makes sure every block is on the stick. */
  if (sys_media_flush(medium->path, err, sizeof err) != 0) {
    staff_usb_say(out, STAFF_USB_STICK_REMOVED, "The USB stick was removed before the export was finished "
                  "(%s). Nothing was lost: the check-ins stay on the kiosk. Export again.", err);
    goto done;
  }
  out->exported = n;
  char when[32], path[CONFIG_PATH_MAX + 32];
  int len = snprintf(when, sizeof when, "%lld\n", (long long)time(NULL));
  if (config_state_path(cfg, STAFF_USB_LAST_EXPORT, path, sizeof path) == 0 &&
      util_write_file_atomic(path, when, (size_t)len, err, sizeof err) != 0)
    sys_log_error("export time not recorded: %s", err);
  if (progress) progress(user, "done", 100);
  rc = staff_usb_say(out, STAFF_USB_OK, "%ld check-in%s written to %s and read back. You can remove the "
                     "stick now.", n, n == 1 ? "" : "s", medium->label);
done:
  if (st) store_close(st);
  if (have_key) kioskkey_wipe(&key);
  return rc;
}

/* Reads a "<seconds>\n" file from the state folder; 0 when absent. */
static long long staff_usb_read_time(const config *cfg, const char *name) {
  char path[CONFIG_PATH_MAX + 32];
  if (config_state_path(cfg, name, path, sizeof path) != 0) return 0;
  char *text = util_read_file(path, 64, NULL, NULL, 0);
  long long t = text ? atoll(text) : 0;
  free(text);
  return t;
}

void staff_usb_status_fill(staff_status *st, const config *cfg, long long now_s) {
  char err[512];
  pack *p = pack_open_current(cfg->state_dir, err, sizeof err);   /* a status read is no trial open */
  if (p) {
    snprintf(st->pack_name, sizeof st->pack_name, "%s", pack_name(p));
    st->pack_version = pack_version(p);
    const char *until = pack_meta(p, "valid_until");
    snprintf(st->pack_valid_until, sizeof st->pack_valid_until, "%s", until ? until : "");
    if (until && strlen(until) == 10) {
      struct tm tm;
      time_t now = (time_t)now_s;
      char today[11];
      gmtime_r(&now, &tm);
      strftime(today, sizeof today, "%Y-%m-%d", &tm);
      st->pack_expired = strcmp(today, until) > 0;
    }
    /* Check the installed copy's signature again, so "verified" is true now. */
    char sig_path[SYS_MEDIA_PATH_MAX + 16];
    minisig_public_key keys[CONFIG_TRUSTED_KEYS];
    int key_count = staff_usb_keys(cfg, keys);
    snprintf(sig_path, sizeof sig_path, "%s.minisig", pack_path(p));
    size_t len = 0;
    char *text = util_read_file(sig_path, MINISIG_FILE_MAX, &len, err, sizeof err);
    minisig_signature sig;
    unsigned char hash[64];
    st->pack_verified = 0;
    if (text && minisig_parse_signature(text, len, &sig, err, sizeof err) == 0) {
      char id[17];
      minisig_key_id_hex(sig.key_id, id);
      int slot = -1;
      if (minisig_hash_file(pack_path(p), hash, NULL, NULL, err, sizeof err) == 0)
        slot = minisig_verify(&sig, hash, keys, key_count, err, sizeof err);
      st->pack_verified = slot >= 0;
      if (slot >= 0) snprintf(st->pack_signer, sizeof st->pack_signer, "content key %d (%s)", slot + 1, id);
      else snprintf(st->pack_signer, sizeof st->pack_signer, "key %s, not trusted now", id);
    }
    free(text);
    pack_close(p);
  } else {
    st->pack_version = 0;
  }
  store *s = store_open(cfg->state_dir, NULL, err, sizeof err);
  if (s) {
    store_counts c;
    if (store_count(s, &c, err, sizeof err) == 0) st->checkins_waiting = c.fresh + c.exported;
    store_close(s);
  }
  st->last_export_s = staff_usb_read_time(cfg, STAFF_USB_LAST_EXPORT);
}
