/* media.c — finding USB media under the mount roots and pack files on them. */
#include "system/media.h"
#include "util/util.h"
#include <dirent.h>     /* opendir */
#include <errno.h>      /* errno */
#include <fcntl.h>      /* open */
#include <stdio.h>      /* snprintf */
#include <stdlib.h>     /* qsort */
#include <string.h>     /* strcmp */
#include <sys/stat.h>   /* lstat */
#include <unistd.h>     /* syncfs */

/* A directory entry that is a real folder (no symlinks: a planted link must not lead
 * the scan elsewhere), skipping hidden names. 1 and *st filled, else 0. */
static int sys_media_subdir(const char *parent, const char *name, char *out, size_t cap, struct stat *st) {
  if (name[0] == '.') return 0;
  if (snprintf(out, cap, "%s/%s", parent, name) >= (int)cap) return 0;
  return lstat(out, st) == 0 && S_ISDIR(st->st_mode);
}

static int sys_media_nonempty(const char *path) {
  DIR *d = opendir(path);
  if (!d) return 0;
  struct dirent *de;
  int found = 0;
  while (!found && (de = readdir(d)) != NULL) found = strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
  closedir(d);
  return found;
}

static void sys_media_add(sys_medium *out, int max, int *n, const char *path, const char *label) {
  if (*n >= max) return;
  snprintf(out[*n].path, sizeof out[*n].path, "%s", path);
  snprintf(out[*n].label, sizeof out[*n].label, "%s", label);
  (*n)++;
}

static int sys_media_cmp(const void *a, const void *b) {
  return strcmp(((const sys_medium *)a)->path, ((const sys_medium *)b)->path);
}

/* Scans one root: mount points at depth 1 and 2; else non-empty depth-1 folders. */
static void sys_media_scan_root(const char *root, sys_medium *out, int max, int *n) {
  struct stat rst, st, st2;
  if (stat(root, &rst) != 0 || !S_ISDIR(rst.st_mode)) return;
  DIR *d = opendir(root);
  if (!d) return;
  int start = *n, mounts = 0;
  char path[SYS_MEDIA_PATH_MAX], path2[SYS_MEDIA_PATH_MAX];
  struct dirent *de;
  /* Pass 1: real mount points (another device than the root's). */
  while ((de = readdir(d)) != NULL) {
    if (!sys_media_subdir(root, de->d_name, path, sizeof path, &st)) continue;
    if (st.st_dev != rst.st_dev) { sys_media_add(out, max, n, path, de->d_name); mounts++; continue; }
    DIR *d2 = opendir(path);
    if (!d2) continue;
    struct dirent *de2;
    while ((de2 = readdir(d2)) != NULL) {
      if (!sys_media_subdir(path, de2->d_name, path2, sizeof path2, &st2)) continue;
      if (st2.st_dev != st.st_dev) { sys_media_add(out, max, n, path2, de2->d_name); mounts++; }
    }
    closedir(d2);
  }
  /* Pass 2: no mount point anywhere under this root — a plain folder of "sticks". */
  if (mounts == 0) {
    rewinddir(d);
    while ((de = readdir(d)) != NULL) {
      if (!sys_media_subdir(root, de->d_name, path, sizeof path, &st)) continue;
      if (sys_media_nonempty(path)) sys_media_add(out, max, n, path, de->d_name);
    }
  }
  closedir(d);
  qsort(out + start, (size_t)(*n - start), sizeof *out, sys_media_cmp);
}

int sys_media_list(const char *mount_roots, sys_medium *out, int max) {
  int n = 0;
  const char *p = mount_roots;
  char root[SYS_MEDIA_PATH_MAX];
  while (p && *p) {
    size_t len = strcspn(p, ":");
    if (len > 0 && len < sizeof root) {
      memcpy(root, p, len);
      root[len] = 0;
      sys_media_scan_root(root, out, max, &n);
    }
    p += len;
    if (*p == ':') p++;
  }
  return n;
}

static int sys_media_pack_cmp(const void *a, const void *b) {
  return strcmp(((const sys_media_pack *)a)->path, ((const sys_media_pack *)b)->path);
}

static void sys_media_scan_dir(const char *dir, int depth, int medium, sys_media_pack *out, int max, int *n) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *de;
  char path[SYS_MEDIA_PATH_MAX];
  while ((de = readdir(d)) != NULL && *n < max) {
    if (de->d_name[0] == '.') continue;
    if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path) continue;
    struct stat st;
    if (lstat(path, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      if (depth + 1 < SYS_MEDIA_SCAN_DEPTH) sys_media_scan_dir(path, depth + 1, medium, out, max, n);
      continue;
    }
    size_t len = strlen(de->d_name);
    if (!S_ISREG(st.st_mode) || len <= 7 || strcmp(de->d_name + len - 7, ".wwpack")) continue;
    sys_media_pack *pk = &out[(*n)++];
    memset(pk, 0, sizeof *pk);
    snprintf(pk->path, sizeof pk->path, "%s", path);
    snprintf(pk->name, sizeof pk->name, "%s", de->d_name);
    pk->bytes = (long long)st.st_size;
    pk->medium = medium;
    struct stat sst;
    if (snprintf(pk->sig_path, sizeof pk->sig_path, "%s.minisig", path) < (int)sizeof pk->sig_path)
      pk->has_signature = lstat(pk->sig_path, &sst) == 0 && S_ISREG(sst.st_mode);
  }
  closedir(d);
}

int sys_media_find_packs(const sys_medium *media, int media_count, sys_media_pack *out, int max) {
  int n = 0;
  for (int m = 0; m < media_count && n < max; m++) sys_media_scan_dir(media[m].path, 0, m, out, max, &n);
  qsort(out, (size_t)n, sizeof *out, sys_media_pack_cmp);
  return n;
}

int sys_media_flush(const char *path, char *err, size_t errlen) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return util_error(err, errlen, "%s is gone: %s", path, strerror(errno));
  int rc = syncfs(fd);
  int saved = errno;
  close(fd);
  return rc == 0 ? 0 : util_error(err, errlen, "cannot flush %s: %s", path, strerror(saved));
}

int sys_media_present(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
