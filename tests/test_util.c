/* test_util.c — durable writes and folder creation in util. */
#include "util/util.h"
#include "../tests/check.h"
#include <string.h>
#include <unistd.h>

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
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0, "cleanup");
  return check_report();
}
