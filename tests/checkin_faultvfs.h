/* checkin_faultvfs.h — a SQLite VFS shim over "unix" for the check-in crash tests:
 * it can fail the Nth write or sync with a chosen error (disk full, I/O error), and it
 * can simulate a power cut: every write or truncate since a file's last xSync is rolled
 * back, a random subset of them is re-applied in order, and the process _exits. Only
 * what was synced survives, which is what a real power loss guarantees (research note
 * checkins-and-privacy.md §5.4; the idea of SQLite's test6.c, written afresh). */
#ifndef WEGWIJS_CHECKIN_FAULTVFS_H
#define WEGWIJS_CHECKIN_FAULTVFS_H
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  long long write_count, sync_count;
  long long fail_write_at;     /* >0: the write with this number fails with fail_code */
  long long fail_sync_at;      /* >0: the sync with this number fails */
  int fail_code;               /* SQLITE_FULL, SQLITE_IOERR_WRITE, ... */
  int fail_sticky;             /* keep failing every later write/sync too */
  long long cut_at_write;      /* >0: power cut at this write */
  unsigned seed;
} faultvfs_config;

static faultvfs_config faultvfs;

typedef struct faultvfs_op {
  sqlite3_int64 offset;        /* where the change was */
  sqlite3_int64 old_size;      /* file size before */
  unsigned char *old_bytes;    /* what was there before (within old_size) */
  int old_len;
  unsigned char *new_bytes;    /* what was written (NULL for a truncate) */
  int new_len;
  sqlite3_int64 truncate_to;   /* for truncates */
  struct faultvfs_op *next;
} faultvfs_op;

typedef struct faultvfs_file {
  sqlite3_file base;
  sqlite3_file *real;
  faultvfs_op *ops, *ops_tail;           /* unsynced changes, oldest first */
  struct faultvfs_file *next_open;
} faultvfs_file;

static sqlite3_vfs faultvfs_vfs, *faultvfs_base;
static sqlite3_io_methods faultvfs_methods;
static faultvfs_file *faultvfs_open_files;

static void faultvfs_drop_ops(faultvfs_file *f) {
  faultvfs_op *op = f->ops;
  while (op) { faultvfs_op *n = op->next; free(op->old_bytes); free(op->new_bytes); free(op); op = n; }
  f->ops = f->ops_tail = NULL;
}

static void faultvfs_push(faultvfs_file *f, faultvfs_op *op) {
  op->next = NULL;
  if (f->ops_tail) f->ops_tail->next = op; else f->ops = op;
  f->ops_tail = op;
}

/* The power cut: undo unsynced changes newest first, then redo a random subset in
 * their original order (the disk may have written some of them), then die. */
static void faultvfs_power_cut(void) {
  for (faultvfs_file *f = faultvfs_open_files; f; f = f->next_open) {
    int n = 0;
    for (faultvfs_op *op = f->ops; op; op = op->next) n++;
    faultvfs_op **list = calloc((size_t)n + 1, sizeof *list);
    int i = 0;
    for (faultvfs_op *op = f->ops; op; op = op->next) list[i++] = op;
    for (i = n - 1; i >= 0; i--) {
      faultvfs_op *op = list[i];
      if (op->old_len) f->real->pMethods->xWrite(f->real, op->old_bytes, op->old_len, op->offset);
      f->real->pMethods->xTruncate(f->real, op->old_size);
    }
    for (i = 0; i < n; i++) {
      if (rand_r(&faultvfs.seed) % 2) continue;
      faultvfs_op *op = list[i];
      if (op->new_bytes) f->real->pMethods->xWrite(f->real, op->new_bytes, op->new_len, op->offset);
      else f->real->pMethods->xTruncate(f->real, op->truncate_to);
    }
    free(list);
  }
  _exit(0);
}

static int faultvfs_close(sqlite3_file *file) {
  faultvfs_file *f = (faultvfs_file *)file;
  for (faultvfs_file **p = &faultvfs_open_files; *p; p = &(*p)->next_open)
    if (*p == f) { *p = f->next_open; break; }
  faultvfs_drop_ops(f);
  return f->real->pMethods->xClose(f->real);
}
static int faultvfs_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off) {
  faultvfs_file *f = (faultvfs_file *)file;
  return f->real->pMethods->xRead(f->real, buf, amt, off);
}
static int faultvfs_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off) {
  faultvfs_file *f = (faultvfs_file *)file;
  long long n = ++faultvfs.write_count;
  if (faultvfs.cut_at_write > 0 && n >= faultvfs.cut_at_write) faultvfs_power_cut();
  if (faultvfs.fail_write_at > 0 && (n == faultvfs.fail_write_at || (faultvfs.fail_sticky && n > faultvfs.fail_write_at)))
    return faultvfs.fail_code;
  if (faultvfs.cut_at_write > 0) {
    faultvfs_op *op = calloc(1, sizeof *op);
    sqlite3_int64 size = 0;
    f->real->pMethods->xFileSize(f->real, &size);
    op->offset = off;
    op->old_size = size;
    if (off < size) {
      op->old_len = (int)(size - off < amt ? size - off : amt);
      op->old_bytes = malloc((size_t)op->old_len);
      f->real->pMethods->xRead(f->real, op->old_bytes, op->old_len, off);
    }
    op->new_bytes = malloc((size_t)amt);
    memcpy(op->new_bytes, buf, (size_t)amt);
    op->new_len = amt;
    faultvfs_push(f, op);
  }
  return f->real->pMethods->xWrite(f->real, buf, amt, off);
}
static int faultvfs_truncate(sqlite3_file *file, sqlite3_int64 size) {
  faultvfs_file *f = (faultvfs_file *)file;
  if (faultvfs.cut_at_write > 0) {
    faultvfs_op *op = calloc(1, sizeof *op);
    sqlite3_int64 old = 0;
    f->real->pMethods->xFileSize(f->real, &old);
    op->offset = size;
    op->old_size = old;
    op->truncate_to = size;
    if (size < old) {
      op->old_len = (int)(old - size);
      op->old_bytes = malloc((size_t)op->old_len);
      f->real->pMethods->xRead(f->real, op->old_bytes, op->old_len, size);
    }
    faultvfs_push(f, op);
  }
  return f->real->pMethods->xTruncate(f->real, size);
}
static int faultvfs_sync(sqlite3_file *file, int flags) {
  faultvfs_file *f = (faultvfs_file *)file;
  long long n = ++faultvfs.sync_count;
  if (faultvfs.fail_sync_at > 0 && (n == faultvfs.fail_sync_at || (faultvfs.fail_sticky && n > faultvfs.fail_sync_at)))
    return SQLITE_IOERR_FSYNC;
  int rc = f->real->pMethods->xSync(f->real, flags);
  if (rc == SQLITE_OK) faultvfs_drop_ops(f);   /* synced: survives a power cut */
  return rc;
}
static int faultvfs_size(sqlite3_file *file, sqlite3_int64 *size) {
  faultvfs_file *f = (faultvfs_file *)file; return f->real->pMethods->xFileSize(f->real, size);
}
static int faultvfs_lock(sqlite3_file *file, int l) { faultvfs_file *f = (faultvfs_file *)file; return f->real->pMethods->xLock(f->real, l); }
static int faultvfs_unlock(sqlite3_file *file, int l) { faultvfs_file *f = (faultvfs_file *)file; return f->real->pMethods->xUnlock(f->real, l); }
static int faultvfs_check_lock(sqlite3_file *file, int *out) { faultvfs_file *f = (faultvfs_file *)file; return f->real->pMethods->xCheckReservedLock(f->real, out); }
static int faultvfs_control(sqlite3_file *file, int op, void *arg) { faultvfs_file *f = (faultvfs_file *)file; return f->real->pMethods->xFileControl(f->real, op, arg); }
static int faultvfs_sector(sqlite3_file *file) { faultvfs_file *f = (faultvfs_file *)file; return f->real->pMethods->xSectorSize(f->real); }
static int faultvfs_caps(sqlite3_file *file) { faultvfs_file *f = (faultvfs_file *)file; return f->real->pMethods->xDeviceCharacteristics(f->real); }
static int faultvfs_shm_map(sqlite3_file *file, int pg, int sz, int ext, void volatile **pp) {
  faultvfs_file *f = (faultvfs_file *)file; return f->real->pMethods->xShmMap(f->real, pg, sz, ext, pp);
}
static int faultvfs_shm_lock(sqlite3_file *file, int off, int n, int flags) {
  faultvfs_file *f = (faultvfs_file *)file; return f->real->pMethods->xShmLock(f->real, off, n, flags);
}
static void faultvfs_shm_barrier(sqlite3_file *file) { faultvfs_file *f = (faultvfs_file *)file; f->real->pMethods->xShmBarrier(f->real); }
static int faultvfs_shm_unmap(sqlite3_file *file, int del) { faultvfs_file *f = (faultvfs_file *)file; return f->real->pMethods->xShmUnmap(f->real, del); }

static int faultvfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags) {
  (void)vfs;
  faultvfs_file *f = (faultvfs_file *)file;
  memset(f, 0, sizeof *f);
  f->real = (sqlite3_file *)(f + 1);
  int rc = faultvfs_base->xOpen(faultvfs_base, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) { f->base.pMethods = NULL; return rc; }
  f->base.pMethods = &faultvfs_methods;
  f->next_open = faultvfs_open_files;
  faultvfs_open_files = f;
  return SQLITE_OK;
}

/* Registers the shim as "faultvfs" (not the default). Idempotent. */
static void faultvfs_register(void) {
  if (faultvfs_base) return;
  faultvfs_base = sqlite3_vfs_find("unix");
  faultvfs_vfs = *faultvfs_base;
  faultvfs_vfs.zName = "faultvfs";
  faultvfs_vfs.szOsFile = (int)sizeof(faultvfs_file) + faultvfs_base->szOsFile;
  faultvfs_vfs.xOpen = faultvfs_open;
  faultvfs_vfs.pNext = NULL;
  faultvfs_methods = (sqlite3_io_methods){
    2, faultvfs_close, faultvfs_read, faultvfs_write, faultvfs_truncate, faultvfs_sync, faultvfs_size,
    faultvfs_lock, faultvfs_unlock, faultvfs_check_lock, faultvfs_control, faultvfs_sector, faultvfs_caps,
    faultvfs_shm_map, faultvfs_shm_lock, faultvfs_shm_barrier, faultvfs_shm_unmap, NULL, NULL };
  sqlite3_vfs_register(&faultvfs_vfs, 0);
}
#endif
