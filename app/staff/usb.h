/* usb.h — the staff-mode USB flows around other areas' engines: install a content pack
 * from a stick (pack_install does the verifying; this finds the file, checks there is
 * a signature and a trusted key, reports progress and says the outcome in one sentence),
 * and export check-ins to a stick (checkin_export_to writes and reads back; this
 * flushes the stick and only then says it may be removed). Also fills the pack and
 * check-in parts of the status report. */
#ifndef WEGWIJS_USB_H
#define WEGWIJS_USB_H
#include "checkin/export.h"   /* checkin_export_watch */
#include "config/config.h"
#include "pack/install.h"     /* pack_install_result, pack_progress_fn */
#include "staff/staff.h"      /* staff_status */
#include "system/media.h"

typedef enum {
  STAFF_USB_OK,
  STAFF_USB_NO_STICK,         /* nothing under the mount roots */
  STAFF_USB_NO_PACK,          /* sticks, but no *.wwpack on them */
  STAFF_USB_SEVERAL,          /* more than one pack: staff pick one (sys_media_find_packs) */
  STAFF_USB_NO_SIGNATURE,     /* a pack without its .minisig */
  STAFF_USB_NO_TRUSTED_KEY,   /* kiosk.conf names no trusted_key */
  STAFF_USB_REFUSED,          /* pack_install refused it (signature, version, content) */
  STAFF_USB_STICK_REMOVED,    /* the stick went away during the operation */
  STAFF_USB_FAILED            /* anything else (disk full, unreadable state) */
} staff_usb_status;

typedef struct {
  staff_usb_status status;
  char sentence[768];         /* for the screen, complete and final */
  pack_install_result pack;   /* import, on success */
  long exported;              /* export: records written, on success */
  char file[SYS_MEDIA_PATH_MAX + 256];   /* export: the bundle's path */
} staff_usb_result;

/* The config's trusted keys in the pack verifier's form. Returns the count. */
int staff_usb_keys(const config *cfg, minisig_public_key keys[CONFIG_TRUSTED_KEYS]);

/* Installs candidate (from sys_media_find_packs) with the config's trusted keys.
 * progress (may be NULL) gets pack_install's stages. Returns 0 on success, -1
 * otherwise; out->sentence says what happened either way, and on failure the active
 * pack is unchanged. */
int staff_usb_import(const config *cfg, const sys_media_pack *candidate,
                     pack_progress_fn progress, void *user, staff_usb_result *out);

/* Scans the mount roots and installs the only pack found (the common case: one stick,
 * one pack). No stick, no pack, or several packs (STAFF_USB_SEVERAL: staff pick one
 * from sys_media_find_packs) give -1 with the matching status and sentence. */
int staff_usb_import_from_sticks(const config *cfg, pack_progress_fn progress, void *user,
                                 staff_usb_result *out);

/* Exports every unacknowledged check-in as one bundle into medium's top folder, read
 * back and verified, then flushes the stick. Records the export time in the state
 * folder for the status screen. 0 on success ("you can remove the stick"), -1
 * otherwise; out->sentence says what happened, and nothing is ever deleted. watch
 * (tests; NULL in the kiosk) sees each step of the export. */
int staff_usb_export(const config *cfg, const sys_medium *medium,
                     pack_progress_fn progress, void *user, const checkin_export_watch *watch,
                     staff_usb_result *out);

/* Fills the status report's pack fields (active pack's name, version, valid-until,
 * signer and a fresh signature check against the trusted keys) and check-in fields
 * (waiting count, last export). Fields it cannot fill stay as they were. */
void staff_usb_status_fill(staff_status *st, const config *cfg, long long now_s);
#endif
