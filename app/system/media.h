/* media.h — USB sticks as the kiosk sees them: which mounted media sit under the
 * configured mount roots, and which content-pack files they carry. Read-only: nothing
 * here writes to a stick or trusts a name found on it beyond listing it. */
#ifndef WEGWIJS_MEDIA_H
#define WEGWIJS_MEDIA_H
#include <stddef.h>  /* size_t */

enum {
  SYS_MEDIA_MAX = 8,            /* sticks listed at once */
  SYS_MEDIA_PACKS_MAX = 16,     /* pack files listed per scan */
  SYS_MEDIA_PATH_MAX = 1024,
  SYS_MEDIA_SCAN_DEPTH = 2      /* the stick's top folder and one level below */
};

typedef struct {
  char path[SYS_MEDIA_PATH_MAX];   /* mount point, e.g. /media/wegwijs/COA-STICK */
  char label[256];                 /* its folder name, for the screen ("COA-STICK") */
} sys_medium;

typedef struct {
  char path[SYS_MEDIA_PATH_MAX];       /* …/azc-default-7.wwpack */
  char sig_path[SYS_MEDIA_PATH_MAX];   /* …/azc-default-7.wwpack.minisig */
  char name[256];                      /* file name, for the screen */
  long long bytes;
  int has_signature;                   /* 0: listed so staff learn why it cannot install */
  int medium;                          /* index into the media list */
} sys_media_pack;

/* Lists the media under mount_roots (':'-separated, as in the config). A medium is a
 * folder one or two levels below a root that is a mount point of its own (/media/STICK,
 * /media/USER/STICK, /run/media/USER/STICK). When a root holds no mount point at all
 * (a plain folder: development, tests), its non-empty subfolders count as media.
 * Missing roots are skipped. Returns the count (0..max), sorted by path. */
int sys_media_list(const char *mount_roots, sys_medium *out, int max);

/* Finds *.wwpack regular files (not symlinks, not hidden) on the media, at most
 * SYS_MEDIA_SCAN_DEPTH deep. Returns the count (0..max), sorted by path. */
int sys_media_find_packs(const sys_medium *media, int media_count, sys_media_pack *out, int max);

/* Flushes the file system holding path to the device (syncfs), so "you can remove the
 * stick" is true. 0, or -1 with err set. */
int sys_media_flush(const char *path, char *err, size_t errlen);

/* 1 if path still exists as a folder (the stick was not pulled), else 0. */
int sys_media_present(const char *path);
#endif
