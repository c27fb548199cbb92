/* install.h — installing a signed content pack into the kiosk's state folder, and
 * choosing the active pack at start (with fallback to the previous one).
 *
 * State layout (all names generated here, never taken from a pack):
 *   STATE/packs/pack-N.wwpack (+ .minisig)   installed packs by version
 *   STATE/packs/pack-state                   current, previous, highest, trial (atomic)
 *   STATE/packs/lock                         flock while installing
 * The one commit point of an install is the atomic rename of pack-state: before it the
 * old pack is active, after it the new one, and both files exist at every moment. */
#ifndef WEGWIJS_INSTALL_H
#define WEGWIJS_INSTALL_H
#include <stddef.h>        /* size_t */
#include "pack/minisig.h"
#include "pack/pack.h"

enum { PACK_TRIAL_ATTEMPTS = 3 };   /* opens of a new pack before it must be marked good */

/* Progress: stage is a short English phrase ("copying", "verifying signature",
 * "checking pack", "installing"); percent 0..100 over the whole install. */
typedef void (*pack_progress_fn)(void *user, const char *stage, int percent);

typedef struct {
  char name[64];
  int version;
  int previous_version;     /* 0 = none */
  int key_slot;             /* index into the trusted keys that verified it */
  char key_id[17];          /* as minisign prints it */
} pack_install_result;

/* The signed trusted comment: "wegwijs-pack name=NAME version=N". Parses it into
 * name (64 bytes) and *version. 0, or -1 with err set. */
int pack_parse_trusted_comment(const char *comment, char name[64], int *version,
                               char *err, size_t errlen);

/* Installs pack_path (its signature is pack_path + ".minisig") into state_dir:
 * copy to local storage → verify the copy against keys[0..key_count) → refuse a version
 * not above the highest ever installed → open hardened and validate → check that the
 * signed name and version equal the pack's metadata → fsync → rename → switch the
 * state atomically, keeping the previous pack. Returns 0 with *result filled, or -1
 * with one sentence in err; on failure the active pack and state are unchanged.
 * progress may be NULL. Not thread-safe with itself; processes exclude each other. */
int pack_install(const char *pack_path, const char *state_dir,
                 const minisig_public_key *keys, int key_count,
                 pack_progress_fn progress, void *user,
                 pack_install_result *result, char *err, size_t errlen);

/* What this kiosk accepts beyond a valid signature and a higher version (its config). */
enum { PACK_DEFAULT_MAX_STEP = 1000 };
typedef struct {
  const char *name;   /* the signed pack name must be this (config pack_name); NULL or "" = any */
  int max_step;       /* refuse a version more than this above the highest installed; 0 = default */
  int allow_jump;     /* staff confirmed a larger step (--allow-version-jump) */
} pack_policy;

/* pack_install with the kiosk's policy (NULL = defaults: any name, default step). The
 * highest installed version is kept in the state file and in packs/installed-N; a state
 * file that does not parse refuses every install (staff remove it; the marker keeps the
 * highest version). */
int pack_install_policy(const char *pack_path, const char *state_dir, const pack_policy *policy,
                        const minisig_public_key *keys, int key_count,
                        pack_progress_fn progress, void *user,
                        pack_install_result *result, char *err, size_t errlen);

/* Opens the pack that is current now, for reading its metadata (the staff status
 * screen): never counts a trial open, never falls back, never changes the state. */
pack *pack_open_current(const char *state_dir, char *err, size_t errlen);

/* Opens the active pack: the current one, or — when it fails to open, was marked bad,
 * or has used up PACK_TRIAL_ATTEMPTS opens without pack_mark_good — the previous one
 * (and the state then records the fallback). With a damaged state file, the newest
 * pack file that opens, changing nothing. Returns NULL with err set when neither
 * opens (or nothing is installed). */
pack *pack_open_active(const char *state_dir, char *err, size_t errlen);

/* The current version per the state (0 = none). The UI polls this to reload a newly
 * installed pack without restarting. */
int pack_active_version(const char *state_dir);

/* The file of the current version per the state, without the trial bookkeeping of
 * pack_open_active (for read-only reports). Returns the version (0 = none, out
 * untouched). */
int pack_current_path(const char *state_dir, char *out, size_t outlen);

/* The UI rendered the first screen of `version`: end its trial. 0 or -1. */
int pack_mark_good(const char *state_dir, int version, char *err, size_t errlen);

/* `version` failed (cannot render): make the previous pack current again. The bad
 * version stays counted as installed, so only a newer pack replaces it. 0 or -1 with
 * err set (e.g. no previous pack). */
int pack_mark_bad(const char *state_dir, int version, char *err, size_t errlen);

#endif
