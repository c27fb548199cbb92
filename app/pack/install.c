/* install.c — verified, crash-safe pack installation and active-pack selection with
 * fallback (see install.h). Nothing is persisted until every check has passed; the
 * only commit point is the atomic rename of the state file. */
#include "pack/install.h"
#include "util/util.h"
#include <dirent.h>     /* opendir */
#include <errno.h>      /* errno */
#include <fcntl.h>      /* open */
#include <stdio.h>      /* snprintf */
#include <string.h>     /* strcmp */
#include <sys/file.h>   /* flock */
#include <sys/stat.h>   /* fstat */
#include <unistd.h>     /* read, write, fsync */

typedef struct {
  int current, previous, highest;
  int trial;            /* 1 while the current pack has not been marked good */
  int attempts;         /* opens during the trial */
} pack_state;

enum { PATH_CAP = 4096 };

static int pack_state_path(const char *state_dir, const char *name, char *out) {
  return snprintf(out, PATH_CAP, "%s/packs/%s", state_dir, name) >= PATH_CAP ? -1 : 0;
}
static int pack_file_path(const char *state_dir, int version, const char *suffix, char *out) {
  return snprintf(out, PATH_CAP, "%s/packs/pack-%d.wwpack%s", state_dir, version, suffix) >= PATH_CAP ? -1 : 0;
}

/* The highest version ever installed is kept in two places: the state file and the name
 * of an empty marker file packs/installed-N, so deleting or damaging one never lets an
 * older pack back in. The largest N among the markers (0 when none). */
static int pack_largest_numbered(const char *state_dir, const char *format, int below);

static int pack_highest_marker(const char *state_dir) {
  return pack_largest_numbered(state_dir, "installed-%d%n", 1 << 30);
}

/* The largest N below `below` among the packs folder's names that match format (a
 * "%d%n" pattern, the whole name), 0 when none. */
static int pack_largest_numbered(const char *state_dir, const char *format, int below) {
  char dir[PATH_CAP];
  int best = 0;
  pack_state_path(state_dir, "", dir);
  DIR *d = opendir(dir);
  if (!d) return 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    int v = 0, n = 0;
    if (sscanf(e->d_name, format, &v, &n) == 1 && !e->d_name[n] && v < below && v > best) best = v;
  }
  closedir(d);
  return best;
}

/* Missing file = empty state, but the markers still give the highest version. A state
 * file we wrote cannot be half-written (atomic), so one that does not parse was changed
 * by someone else: refused, never read as zeros. */
static int pack_state_read(const char *state_dir, pack_state *s, char *err, size_t errlen) {
  char path[PATH_CAP], inner[256];
  memset(s, 0, sizeof *s);
  if (pack_state_path(state_dir, "pack-state", path)) return util_error(err, errlen, "state folder path too long");
  int marker = pack_highest_marker(state_dir);
  if (access(path, F_OK) != 0) {
    s->highest = marker;
    return 0;
  }
  size_t len;
  char *text = util_read_file(path, 4096, &len, inner, sizeof inner);
  if (!text) return util_error(err, errlen, "cannot read the pack state %s: %s", path, inner);
  const struct { const char *key; int *value; } fields[] = {
    { "current", &s->current }, { "previous", &s->previous }, { "highest", &s->highest },
    { "trial", &s->trial }, { "attempts", &s->attempts },
  };
  unsigned seen = 0;
  int rc = 0;
  for (char *line = strtok(text, "\n"); line && !rc; line = strtok(NULL, "\n")) {
    char key[32];
    int value, n = 0;
    size_t i = 0;
    if (sscanf(line, "%31[a-z] = %d%n", key, &value, &n) == 2 && !line[n] && value >= 0)
      while (i < UTIL_COUNT(fields) && strcmp(key, fields[i].key)) i++;
    else
      i = UTIL_COUNT(fields);
    if (i == UTIL_COUNT(fields) || (seen & (1u << i))) rc = -1;
    else { *fields[i].value = value; seen |= 1u << i; }
  }
  free(text);
  if (rc || seen != (1u << UTIL_COUNT(fields)) - 1 || s->current > s->highest)
    return util_error(err, errlen, "the pack state %s is damaged; nothing is installed until staff remove it "
                      "(the highest version installed is also kept in packs/installed-%d)", path, marker);
  if (marker > s->highest) s->highest = marker;
  return 0;
}

static int pack_state_write(const char *state_dir, const pack_state *s, char *err, size_t errlen) {
  char path[PATH_CAP], text[256];
  if (pack_state_path(state_dir, "pack-state", path)) return util_error(err, errlen, "state folder path too long");
  int n = snprintf(text, sizeof text, "current = %d\nprevious = %d\nhighest = %d\ntrial = %d\nattempts = %d\n",
                   s->current, s->previous, s->highest, s->trial, s->attempts);
  return util_write_file_atomic(path, text, (size_t)n, err, errlen);
}

/* Holds the install lock (an flock, released when fd closes or the process dies). */
static int pack_lock(const char *state_dir, char *err, size_t errlen) {
  char path[PATH_CAP];
  if (pack_state_path(state_dir, "", path) || util_mkdirs(path, 0755, err, errlen)) return -1;
  pack_state_path(state_dir, "lock", path);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return util_error(err, errlen, "cannot open %s: %s", path, strerror(errno));
  if (flock(fd, LOCK_EX) != 0) { close(fd); return util_error(err, errlen, "cannot lock %s", path); }
  return fd;
}

int pack_parse_trusted_comment(const char *comment, char name[64], int *version,
                               char *err, size_t errlen) {
  static const char prefix[] = "wegwijs-pack ";
  name[0] = 0;
  *version = 0;
  if (strncmp(comment, prefix, sizeof prefix - 1))
    return util_error(err, errlen, "the signed comment is not a Wegwijs pack comment (expected 'wegwijs-pack name=... version=...')");
  char copy[MINISIG_COMMENT_MAX + 1];
  snprintf(copy, sizeof copy, "%s", comment + sizeof prefix - 1);
  for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
    if (!strncmp(tok, "name=", 5)) {
      if (strlen(tok + 5) > 63 || !pack_name_valid(tok + 5)) return util_error(err, errlen, "the signed pack name is not a safe name");
      snprintf(name, 64, "%s", tok + 5);
    } else if (!strncmp(tok, "version=", 8)) {
      char *end;
      long v = strtol(tok + 8, &end, 10);
      if (*end || v <= 0 || v > 1000000000 || tok[8] < '1' || tok[8] > '9')
        return util_error(err, errlen, "the signed version '%.20s' is not a positive integer", tok + 8);
      *version = (int)v;
    }
  }
  if (!name[0] || !*version) return util_error(err, errlen, "the signed comment lacks name= or version=");
  return 0;
}

/* Copies src to dst (created fresh, fsynced), refusing more than PACK_MAX_FILE_BYTES. */
static int pack_copy_file(const char *src, const char *dst, pack_progress_fn progress, void *user,
                          char *err, size_t errlen) {
  int rc = -1, in = -1, out = -1;
  unsigned char *buf = util_malloc(1 << 16);
  /* O_NONBLOCK: a FIFO or device is refused below instead of hanging; O_NOFOLLOW: no symlink. */
  in = open(src, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
  if (in < 0 && errno == ELOOP) { util_error(err, errlen, "%s is a symbolic link; refused", src); goto done; }
  if (in < 0) { util_error(err, errlen, "cannot open %s: %s", src, strerror(errno)); goto done; }
  struct stat st;
  if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) { util_error(err, errlen, "%s is not a regular file", src); goto done; }
  if (st.st_size > PACK_MAX_FILE_BYTES) { util_error(err, errlen, "the pack is larger than %d MiB", PACK_MAX_FILE_BYTES >> 20); goto done; }
  unlink(dst);
  out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) { util_error(err, errlen, "cannot create %s: %s", dst, strerror(errno)); goto done; }
  long long copied = 0;
  for (;;) {
    ssize_t r = read(in, buf, 1 << 16);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { util_error(err, errlen, "cannot read %s: %s", src, strerror(errno)); goto done; }
    if (r == 0) break;
    copied += r;
    if (copied > PACK_MAX_FILE_BYTES) { util_error(err, errlen, "the pack grew beyond %d MiB while copying", PACK_MAX_FILE_BYTES >> 20); goto done; }
    for (ssize_t w = 0; w < r; ) {
      ssize_t k = write(out, buf + w, (size_t)(r - w));
      if (k < 0 && errno == EINTR) continue;
      if (k < 0) { util_error(err, errlen, "cannot write %s: %s", dst, strerror(errno)); goto done; }
      w += k;
    }
    if (progress && st.st_size > 0) progress(user, "copying", (int)(copied * 40 / st.st_size));
  }
  if (fsync(out) != 0) { util_error(err, errlen, "cannot flush %s: %s", dst, strerror(errno)); goto done; }
  rc = 0;
done:
  if (in >= 0) close(in);
  if (out >= 0 && close(out) != 0 && rc == 0) rc = util_error(err, errlen, "cannot write %s", dst);
  if (rc) unlink(dst);
  free(buf);
  return rc;
}

typedef struct { pack_progress_fn fn; void *user; } pack_hash_progress;
static void pack_on_hash(void *user, long long done, long long total) {
  pack_hash_progress *h = user;
  if (h->fn && total > 0) h->fn(h->user, "verifying signature", 40 + (int)(done * 30 / total));
}

/* Removes pack files other than the current and previous (leftovers of crashes or
 * older installs). Only names of our own pattern are touched. */
static void pack_remove_stale(const char *state_dir, const pack_state *s) {
  char dir[PATH_CAP], path[PATH_CAP];
  pack_state_path(state_dir, "", dir);
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    int v = 0, n = 0;
    int ours = sscanf(e->d_name, "pack-%d.wwpack%n", &v, &n) == 1 && n > 0;
    if (sscanf(e->d_name, "installed-%d%n", &v, &n) == 1 && !e->d_name[n]) {   /* older markers */
      if (v < s->highest && snprintf(path, sizeof path, "%s%s", dir, e->d_name) < (int)sizeof path) unlink(path);
      continue;
    }
    int temporary = strstr(e->d_name, ".tmp-") != NULL;   /* util_write_file_atomic's, killed midway */
    if (!temporary && (!ours || v == s->current || v == s->previous)) continue;
    if (!ours && strncmp(e->d_name, "pack-state.tmp-", 15)) continue;
    if (snprintf(path, sizeof path, "%s%s", dir, e->d_name) < (int)sizeof path) unlink(path);
  }
  closedir(d);
}

/* Opens the verified copy hardened and checks that it is what the signature says (name,
 * version) and that this kiosk is new enough for it. 0, or -1 with err set. */
static int pack_install_check(const char *incoming, const char *signed_name, int signed_version,
                              char *err, size_t errlen) {
  int rc = -1;
  pack *p = pack_open(incoming, err, errlen);
  if (!p) return -1;
  if (strcmp(pack_name(p), signed_name) || pack_version(p) != signed_version) {
    util_error(err, errlen, "the signature says pack '%s' version %d but the pack itself says '%s' version %d",
               signed_name, signed_version, pack_name(p), pack_version(p));
    goto done;
  }
  const char *min_app = pack_meta(p, "min_app_version");
  int need[3] = { 0, 0, 0 }, have[3] = { 0, 0, 0 };
  sscanf(min_app, "%d.%d.%d", &need[0], &need[1], &need[2]);
  sscanf(WEGWIJS_VERSION, "%d.%d.%d", &have[0], &have[1], &have[2]);
  for (int i = 0; i < 3; i++) {
    if (have[i] > need[i]) break;
    if (have[i] < need[i]) {
      util_error(err, errlen, "the pack needs Wegwijs %.20s or newer; this kiosk runs %s", min_app, WEGWIJS_VERSION);
      goto done;
    }
  }
  rc = 0;
done:
  pack_close(p);
  return rc;
}

/* The second place of the highest version (see pack_highest_marker). After the state's
 * commit, so a crash in between loses only the copy, never blocks a retry. */
static void pack_write_marker(const char *state_dir, int version) {
  char name[32], path[PATH_CAP];
  snprintf(name, sizeof name, "installed-%d", version);
  pack_state_path(state_dir, name, path);
  int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd >= 0) { fsync(fd); close(fd); util_fsync_dir_of(path); }
}

/* The kiosk's own rules, after the signature: the pack's name, and how far the version
 * may jump. 0 or -1 with err set. */
static int pack_policy_check(const pack_policy *policy, const char *signed_name, int signed_version,
                             const pack_state *state, char *err, size_t errlen) {
  if (signed_version <= state->highest)
    return util_error(err, errlen, "the pack has version %d, which is not newer than version %d already installed "
                      "(only a higher version can be installed)", signed_version, state->highest);
  if (policy && policy->name && policy->name[0] && strcmp(policy->name, signed_name))
    return util_error(err, errlen, "the pack is '%s', but this kiosk takes only pack '%s' (config pack_name)",
                      signed_name, policy->name);
  int step = policy && policy->max_step > 0 ? policy->max_step : PACK_DEFAULT_MAX_STEP;
  if (state->highest > 0 && signed_version - state->highest > step && !(policy && policy->allow_jump))
    return util_error(err, errlen, "the pack jumps from version %d to %d (more than %d): refused, because one such "
                      "pack would block every later one; staff can confirm it with "
                      "wegwijs --install-pack FILE --allow-version-jump", state->highest, signed_version, step);
  return 0;
}

int pack_install(const char *pack_path, const char *state_dir,
                 const minisig_public_key *keys, int key_count,
                 pack_progress_fn progress, void *user,
                 pack_install_result *result, char *err, size_t errlen) {
  return pack_install_policy(pack_path, state_dir, NULL, keys, key_count, progress, user, result, err, errlen);
}

int pack_install_policy(const char *pack_path, const char *state_dir, const pack_policy *policy,
                        const minisig_public_key *keys, int key_count,
                        pack_progress_fn progress, void *user,
                        pack_install_result *result, char *err, size_t errlen) {
  int rc = -1, lock = -1;
  char *sig_text = NULL;
  char incoming[PATH_CAP], sig_path[PATH_CAP], final_path[PATH_CAP], final_sig[PATH_CAP], inner[512];
  unsigned char hash[64];
  minisig_signature sig;
  pack_state state;
  memset(result, 0, sizeof *result);
  if (key_count <= 0) return util_error(err, errlen, "no trusted key is configured, so no pack can be installed");
  if (snprintf(sig_path, sizeof sig_path, "%s.minisig", pack_path) >= (int)sizeof sig_path)
    return util_error(err, errlen, "the pack path is too long");
  if ((lock = pack_lock(state_dir, err, errlen)) < 0) return -1;
  if (pack_state_read(state_dir, &state, err, errlen)) goto done;
  if (state.current) pack_remove_stale(state_dir, &state);   /* leftovers of an install killed halfway;
                                                                without a state, pack files are all we have */
  pack_state_path(state_dir, "incoming.wwpack", incoming);

  size_t sig_len = 0;
  sig_text = util_read_file(sig_path, MINISIG_FILE_MAX, &sig_len, inner, sizeof inner);
  if (!sig_text) { util_error(err, errlen, "the signature file %s is missing or unreadable", sig_path); goto done; }
  if (minisig_parse_signature(sig_text, sig_len, &sig, inner, sizeof inner)) { util_error(err, errlen, "%s", inner); goto done; }

  /* Verify the local copy, not the stick: the bytes checked are the bytes installed. */
  if (progress) progress(user, "copying", 0);
  if (pack_copy_file(pack_path, incoming, progress, user, err, errlen)) goto done;
  pack_hash_progress hp = { progress, user };
  if (minisig_hash_file(incoming, hash, pack_on_hash, &hp, err, errlen)) goto done;
  int slot = minisig_verify(&sig, hash, keys, key_count, err, errlen);
  if (slot < 0) goto done;
  char signed_name[64];
  int signed_version;
  if (pack_parse_trusted_comment(sig.trusted_comment, signed_name, &signed_version, err, errlen)) goto done;
  if (pack_policy_check(policy, signed_name, signed_version, &state, err, errlen)) goto done;
  if (progress) progress(user, "checking pack", 75);
  if (pack_install_check(incoming, signed_name, signed_version, err, errlen)) goto done;

  if (progress) progress(user, "installing", 90);
  pack_file_path(state_dir, signed_version, "", final_path);
  pack_file_path(state_dir, signed_version, ".minisig", final_sig);
  if (util_write_file_atomic(final_sig, sig_text, sig_len, err, errlen)) goto done;
  if (rename(incoming, final_path) != 0) { util_error(err, errlen, "cannot move the pack into place: %s", strerror(errno)); goto done; }
  if (util_fsync_dir_of(final_path) != 0) { util_error(err, errlen, "cannot flush the packs folder"); goto done; }
  pack_state next = { signed_version, state.current, signed_version, 1, 0 };
  if (pack_state_write(state_dir, &next, err, errlen)) goto done;   /* the commit point */
  pack_write_marker(state_dir, signed_version);
  pack_remove_stale(state_dir, &next);
  snprintf(result->name, sizeof result->name, "%s", signed_name);
  result->version = signed_version;
  result->previous_version = state.current;
  result->key_slot = slot;
  minisig_key_id_hex(sig.key_id, result->key_id);
  if (progress) progress(user, "installed", 100);
  rc = 0;
done:
  if (rc) unlink(incoming);
  free(sig_text);
  if (lock >= 0) close(lock);
  return rc;
}

int pack_active_version(const char *state_dir) {
  pack_state s;
  return pack_state_read(state_dir, &s, NULL, 0) ? 0 : s.current;
}

/* The newest packs/pack-N.wwpack below `below` (0 when none). */
static int pack_newest_file(const char *state_dir, int below) {
  return pack_largest_numbered(state_dir, "pack-%d.wwpack%n", below);
}

/* The state does not parse: the residents keep the newest pack file that opens; nothing
 * is changed (installs stay refused until staff remove the state file). */
static pack *pack_open_without_state(const char *state_dir, const char *why, char *err, size_t errlen) {
  char path[PATH_CAP], inner[512];
  for (int v = pack_newest_file(state_dir, 1 << 30); v > 0; v = pack_newest_file(state_dir, v)) {
    pack_file_path(state_dir, v, "", path);
    pack *p = pack_open(path, inner, sizeof inner);
    if (p && pack_version(p) == v) {
      fprintf(stderr, "wegwijs: %s; showing pack version %d meanwhile\n", why, v);
      return p;
    }
    pack_close(p);
  }
  util_error(err, errlen, "%s, and no installed pack opens", why);
  return NULL;
}

pack *pack_open_current(const char *state_dir, char *err, size_t errlen) {
  pack_state s;
  char path[PATH_CAP];
  pack *p = NULL;
  int lock = pack_lock(state_dir, err, errlen);
  if (lock < 0) return NULL;
  if (pack_state_read(state_dir, &s, err, errlen) == 0) {
    if (!s.current) util_error(err, errlen, "no content pack is installed");
    else if (pack_file_path(state_dir, s.current, "", path) == 0) p = pack_open(path, err, errlen);
  }
  close(lock);
  return p;
}

int pack_current_path(const char *state_dir, char *out, size_t outlen) {
  pack_state s;
  char path[PATH_CAP];
  if (pack_state_read(state_dir, &s, NULL, 0) || !s.current) return 0;
  pack_file_path(state_dir, s.current, "", path);
  snprintf(out, outlen, "%s", path);
  return s.current;
}

pack *pack_open_active(const char *state_dir, char *err, size_t errlen) {
  pack_state s;
  char path[PATH_CAP], why[512] = "";
  pack *p = NULL;
  int lock = pack_lock(state_dir, err, errlen);
  if (lock < 0) return NULL;
  if (pack_state_read(state_dir, &s, why, sizeof why)) { p = pack_open_without_state(state_dir, why, err, errlen); goto done; }
  if (!s.current) {
    if (pack_newest_file(state_dir, 1 << 30)) p = pack_open_without_state(state_dir, "the pack state file is missing", err, errlen);
    else util_error(err, errlen, "no content pack is installed");
    goto done;
  }
  if (s.trial && s.attempts >= PACK_TRIAL_ATTEMPTS) {
    snprintf(why, sizeof why, "pack version %d never showed its first screen", s.current);
  } else {
    if (s.trial) {
      s.attempts++;
      if (pack_state_write(state_dir, &s, err, errlen)) goto done;
    }
    pack_file_path(state_dir, s.current, "", path);
    p = pack_open(path, why, sizeof why);
    if (p && pack_version(p) == s.current) goto done;
    pack_close(p);
    p = NULL;
  }
  /* Fall back: the previous pack becomes current; the failed one stays counted. */
  if (!s.previous) { util_error(err, errlen, "the content pack cannot be used (%s) and there is no previous pack", why); goto done; }
  pack_file_path(state_dir, s.previous, "", path);
  char inner[512];
  p = pack_open(path, inner, sizeof inner);
  if (!p) { util_error(err, errlen, "neither the current pack (%s) nor the previous one (%s) opens", why, inner); goto done; }
  fprintf(stderr, "wegwijs: falling back to pack version %d: %s\n", s.previous, why);
  pack_state next = { s.previous, 0, s.highest, 0, 0 };
  pack_state_write(state_dir, &next, NULL, 0);
done:
  close(lock);
  return p;
}

int pack_mark_good(const char *state_dir, int version, char *err, size_t errlen) {
  pack_state s;
  int rc = -1, lock = pack_lock(state_dir, err, errlen);
  if (lock < 0) return -1;
  if (pack_state_read(state_dir, &s, err, errlen)) goto done;
  if (s.current != version) { util_error(err, errlen, "pack version %d is not the current one (%d)", version, s.current); goto done; }
  if (!s.trial) { rc = 0; goto done; }
  s.trial = 0;
  s.attempts = 0;
  rc = pack_state_write(state_dir, &s, err, errlen);
done:
  close(lock);
  return rc;
}

int pack_mark_bad(const char *state_dir, int version, char *err, size_t errlen) {
  pack_state s;
  int rc = -1, lock = pack_lock(state_dir, err, errlen);
  if (lock < 0) return -1;
  if (pack_state_read(state_dir, &s, err, errlen)) goto done;
  if (s.current != version) { util_error(err, errlen, "pack version %d is not the current one (%d)", version, s.current); goto done; }
  if (!s.previous) { util_error(err, errlen, "pack version %d failed and there is no previous pack to return to", version); goto done; }
  pack_state next = { s.previous, 0, s.highest, 0, 0 };
  rc = pack_state_write(state_dir, &next, err, errlen);
done:
  close(lock);
  return rc;
}
