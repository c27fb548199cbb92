/* util.c — checked allocation, error formatting and durable file writes. */
#include "util/util.h"
#include <errno.h>     /* errno */
#include <fcntl.h>     /* open */
#include <libgen.h>    /* dirname */
#include <stdarg.h>    /* va_list */
#include <string.h>    /* strerror, strlen */
#include <sys/random.h> /* getrandom */
#include <sys/stat.h>  /* mkdir, fstat */
#include <time.h>      /* clock_gettime */
#include <unistd.h>    /* write, fsync, close */

static void *util_oom(size_t n) {
  fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", n);
  abort();
}

void *util_malloc(size_t n) { void *p = malloc(n ? n : 1); return p ? p : util_oom(n); }
void *util_calloc(size_t count, size_t n) {
  void *p = calloc(count ? count : 1, n ? n : 1);
  return p ? p : util_oom(count * n);
}
void *util_realloc(void *p, size_t n) { void *q = realloc(p, n ? n : 1); return q ? q : util_oom(n); }
char *util_strdup(const char *s) { return util_strndup(s, strlen(s)); }
char *util_strndup(const char *s, size_t n) {
  char *d = util_malloc(n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

int util_error(char *err, size_t errlen, const char *fmt, ...) {
  if (err && errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return -1;
}

char *util_read_file(const char *path, size_t max_bytes, size_t *len, char *err, size_t errlen) {
  char *buf = NULL;
  /* O_NONBLOCK: a FIFO or device opens at once and is refused below instead of hanging;
   * O_NOFOLLOW: a symlink planted at the final name is not followed. */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
  if (fd < 0 && errno == ELOOP) { util_error(err, errlen, "%s is a symbolic link; refused", path); return NULL; }
  if (fd < 0) { util_error(err, errlen, "cannot open %s: %s", path, strerror(errno)); return NULL; }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    util_error(err, errlen, "%s is not a regular file", path);
    goto done;
  }
  if ((size_t)st.st_size > max_bytes) {
    util_error(err, errlen, "%s is too large (%lld bytes, limit %zu)", path, (long long)st.st_size, max_bytes);
    goto done;
  }
  buf = util_malloc((size_t)st.st_size + 1);
  size_t got = 0;
  while (got < (size_t)st.st_size) {
    ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      util_error(err, errlen, "cannot read %s: %s", path, r < 0 ? strerror(errno) : "file shrank while reading");
      free(buf); buf = NULL;
      goto done;
    }
    got += (size_t)r;
  }
  buf[got] = 0;
  if (len) *len = got;
done:
  close(fd);
  return buf;
}

int util_fsync_dir_of(const char *path) {
  char *copy = util_strdup(path);
  int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free(copy);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  close(fd);
  return rc == 0 ? 0 : -1;
}

int util_write_file_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen) {
  return util_write_file_atomic_mode(path, data, len, -1, err, errlen);
}

/* Early at boot, before the kernel's random pool is ready, the name falls back to clock
 * and pid rather than wait. */
int util_temp_create(const char *path, char *tmp, size_t tmplen, unsigned mode) {
  for (int tries = 0; tries < 16; tries++) {
    unsigned long long r = 0;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      r = ((unsigned long long)ts.tv_sec << 30) ^ (unsigned long long)ts.tv_nsec ^
          ((unsigned long long)getpid() << 40) ^ (unsigned long long)tries;
    }
    if (snprintf(tmp, tmplen, "%s.tmp-%016llx", path, r) >= (int)tmplen) {
      errno = ENAMETOOLONG;
      return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

/* mode < 0: 0644 minus the umask (util_write_file_atomic's behaviour). */
int util_write_file_atomic_mode(const char *path, const void *data, size_t len, int mode,
                                char *err, size_t errlen) {
  char tmp[4096];
  int fd = util_temp_create(path, tmp, sizeof tmp, mode < 0 ? 0644 : (mode_t)mode);
  if (fd < 0) return util_error(err, errlen, "cannot create a temporary file next to %s: %s", path, strerror(errno));
  if (mode >= 0 && fchmod(fd, (mode_t)mode) != 0) goto fail;
  const char *p = data;
  size_t left = len;
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) goto fail;
    p += w; left -= (size_t)w;
  }
  if (fsync(fd) != 0) goto fail;
  if (close(fd) != 0) { fd = -1; goto fail; }
  fd = -1;
  if (rename(tmp, path) != 0) goto fail;
  util_fsync_dir_of(path);
  return 0;
fail:;
  int saved = errno;
  if (fd >= 0) close(fd);
  unlink(tmp);
  return util_error(err, errlen, "cannot write %s: %s", path, strerror(saved));
}

int util_mkdirs(const char *path, int mode, char *err, size_t errlen) {
  char buf[4096];
  size_t n = strlen(path);
  if (n == 0 || n >= sizeof buf) return util_error(err, errlen, "bad folder path");
  memcpy(buf, path, n + 1);
  for (char *p = buf + 1; ; p++) {
    if (*p == '/' || *p == 0) {
      char c = *p;
      *p = 0;
      if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST)
        return util_error(err, errlen, "cannot create folder %s: %s", buf, strerror(errno));
      *p = c;
      if (!c) break;
    }
  }
  return 0;
}

long long util_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
