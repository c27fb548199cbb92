/* util.h — small helpers every module uses: loud invariants, checked allocation,
 * error messages, durable file writes. No SDL. */
#ifndef WEGWIJS_UTIL_H
#define WEGWIJS_UTIL_H
#include <stddef.h>  /* size_t */
#include <stdio.h>   /* fprintf */
#include <stdlib.h>  /* abort */

/* expect(x): an invariant that must hold; prints file:line and aborts otherwise. */
#define expect(x) do { if (!(x)) { fprintf(stderr, "fatal: %s:%d: assertion '%s' failed\n", \
    __FILE__, __LINE__, #x); abort(); } } while (0)

#define UTIL_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that never returns NULL: out of memory aborts with a message. */
void *util_malloc(size_t n);
void *util_calloc(size_t count, size_t n);
void *util_realloc(void *p, size_t n);
char *util_strdup(const char *s);
char *util_strndup(const char *s, size_t n);

/* Formats into err (size errlen) if err is not NULL; always returns -1 so callers can
 * `return util_error(err, errlen, "...")`. */
int util_error(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reads a whole file. Returns a malloc'd buffer (NUL-terminated, *len without the NUL)
 * or NULL with err set. Refuses files larger than max_bytes, a symlink at path and
 * anything not a regular file (a FIFO or device is refused at once, never waited on). */
char *util_read_file(const char *path, size_t max_bytes, size_t *len, char *err, size_t errlen);

/* Durable write: new path.tmp-<random> (O_EXCL|O_NOFOLLOW, so a planted symlink cannot
 * redirect it) → write → fsync → rename → fsync(dir). Returns 0, or -1 with err set and
 * no file at path changed. */
int util_write_file_atomic(const char *path, const void *data, size_t len,
                           char *err, size_t errlen);
/* The same with the file's permission bits set to exactly mode (e.g. 0600 for secrets:
 * the temporary file already has them, so the data is never readable by others). */
int util_write_file_atomic_mode(const char *path, const void *data, size_t len, int mode,
                                char *err, size_t errlen);

/* Creates a new temp file next to path with an unpredictable name (path.tmp-<16 hex>),
 * O_CREAT|O_EXCL|O_NOFOLLOW with mode: nothing planted at any name can redirect the write
 * (that is the protection; the random name only keeps a planted file from blocking it).
 * Fills tmp; returns the write-only fd, or -1 with errno set. */
int util_temp_create(const char *path, char *tmp, size_t tmplen, unsigned mode);

/* fsync the directory containing path (after a rename). 0 or -1. */
int util_fsync_dir_of(const char *path);

/* mkdir -p. 0 or -1 with err set. */
int util_mkdirs(const char *path, int mode, char *err, size_t errlen);

/* Monotonic milliseconds. */
long long util_now_ms(void);
#endif
