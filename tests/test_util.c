/* test_util.c — durable writes and folder creation in util. */
#include "util/util.h"
#include "../tests/check.h"
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Finding (issue 13): a symlink planted at the old predictable temp name (path.tmp-PID)
 * redirected the write. The target must stay untouched and the write land at path. */
static void test_atomic_write_ignores_planted_symlinks(const char *dir) {
  char path[512], victim[512], planted[600], err[256];
  snprintf(path, sizeof path, "%s/receipt.wwr", dir);
  snprintf(victim, sizeof victim, "%s/victim", dir);
  CHECK(util_write_file_atomic(victim, "NVWA", 4, err, sizeof err) == 0, "victim: %s", err);
  snprintf(planted, sizeof planted, "%s.tmp-%ld", path, (long)getpid());
  CHECK(symlink(victim, planted) == 0, "plant symlink at the old temp name");
  snprintf(planted, sizeof planted, "%s.tmp", path);
  CHECK(symlink(victim, planted) == 0, "plant symlink at path.tmp");
  CHECK(util_write_file_atomic(path, "receipt 42", 10, err, sizeof err) == 0, "write: %s", err);
  CHECK(util_write_file_atomic_mode(path, "receipt 43", 10, 0600, err, sizeof err) == 0, "write 0600: %s", err);
  size_t len = 0;
  char *v = util_read_file(victim, 100, &len, err, sizeof err);
  CHECK(v && len == 4 && !memcmp(v, "NVWA", 4), "the symlink target is untouched");
  free(v);
  struct stat st;
  CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600,
        "path is a regular 0600 file, not the planted link");
  char *back = util_read_file(path, 100, &len, err, sizeof err);
  CHECK(back && len == 10 && !memcmp(back, "receipt 43", 10), "the write landed at path");
  free(back);
  /* A symlink at path itself is replaced, not followed. */
  CHECK(unlink(path) == 0 && symlink(victim, path) == 0, "plant symlink at path");
  CHECK(util_write_file_atomic(path, "receipt 44", 10, err, sizeof err) == 0, "write over link: %s", err);
  v = util_read_file(victim, 100, &len, err, sizeof err);
  CHECK(v && len == 4 && !memcmp(v, "NVWA", 4), "the link target at path is untouched");
  free(v);
  CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode), "the link at path was replaced by the file");
  /* No temporary files of ours are left behind. */
  char old[64];
  snprintf(old, sizeof old, "receipt.wwr.tmp-%ld", (long)getpid());
  int temps = 0;
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d)); )
    if (!strncmp(e->d_name, "receipt.wwr.tmp-", 16) && strcmp(e->d_name, old)) temps++;
  if (d) closedir(d);
  CHECK(temps == 0, "no temporary files left (%d)", temps);
}

/* Finding (issue 13): util_read_file opened before fstat, so a FIFO hung the caller.
 * The read runs in a child with an alarm so that a hang fails instead of blocking. */
static void test_read_refuses_fifo_and_symlink(const char *dir) {
  char fifo[512], link[512], err[256];
  snprintf(fifo, sizeof fifo, "%s/pack.fifo", dir);
  CHECK(mkfifo(fifo, 0600) == 0, "mkfifo");
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    alarm(5);
    size_t len;
    char *t = util_read_file(fifo, 100, &len, err, sizeof err);
    _exit(t == NULL && strstr(err, "not a regular file") ? 0 : 1);
  }
  int status = 0;
  CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork/wait");
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "a FIFO is refused at once with a clear message (signal %d)", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  snprintf(link, sizeof link, "%s/link", dir);
  CHECK(symlink("victim", link) == 0, "symlink");
  size_t len;
  CHECK(util_read_file(link, 100, &len, err, sizeof err) == NULL && strstr(err, "symbolic link"),
        "a symlink is refused: %s", err);
}

int main(void) {
  char dir[] = "/tmp/wegwijs-util-XXXXXX";
  CHECK(mkdtemp(dir) != NULL, "mkdtemp");
  char path[256], err[256];
  snprintf(path, sizeof path, "%s/a/b/c", dir);
  CHECK(util_mkdirs(path, 0700, err, sizeof err) == 0, "mkdirs: %s", err);
  snprintf(path, sizeof path, "%s/a/file.txt", dir);
  CHECK(util_write_file_atomic(path, "NVWA 1234", 9, err, sizeof err) == 0, "write: %s", err);
  size_t len = 0;
  char *back = util_read_file(path, 100, &len, err, sizeof err);
  CHECK(back && len == 9 && !memcmp(back, "NVWA 1234", 9), "read back what was written");
  free(back);
  CHECK(util_read_file(path, 4, &len, err, sizeof err) == NULL && strstr(err, "too large"),
        "size limit refused with a message: %s", err);
  snprintf(path, sizeof path, "%s/missing/x", dir);
  CHECK(util_write_file_atomic(path, "x", 1, err, sizeof err) == -1 && strstr(err, "cannot create"),
        "write into a missing folder fails clearly: %s", err);
  snprintf(path, sizeof path, "%s/a", dir);
  test_atomic_write_ignores_planted_symlinks(path);
  test_read_refuses_fifo_and_symlink(path);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0, "cleanup");
  return check_report();
}
