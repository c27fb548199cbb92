/* test_staff.c — staff PIN (Argon2id file 0600, lockout 30 s doubling to 15 min, lock
 * survives a restart = a new process), --set-pin from stdin, hidden corner, staff idle
 * exit, status report, error ring, and sd_notify READY/WATCHDOG on a real socket. */
#include "check.h"
#include "cli/cli.h"
#include "staff/pin.h"
#include "staff/staff.h"
#include "system/errlog.h"
#include "system/watchdog.h"
#include "util/util.h"
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[256];

/* Runs this test program again as a separate process that checks one PIN against
 * state_dir at `now` and prints "result attempts seconds" — the kiosk after a restart. */
static int child_check(const char *state_dir, const char *pin, long long now, staff_pin_verdict *v) {
  char cmd[1024], line[128] = "";
  snprintf(cmd, sizeof cmd, "/proc/%d/exe --child-check '%s' '%s' %lld", (int)getpid(), state_dir, pin, now);
  FILE *p = popen(cmd, "r");
  if (!p) return -1;
  char *got = fgets(line, sizeof line, p);
  int rc = pclose(p);
  int r = -1;
  if (!got || sscanf(line, "%d %d %d", &r, &v->attempts_left, &v->seconds_left) != 3 || rc != 0) return -1;
  v->result = (staff_pin_result)r;
  return 0;
}

/* Feeds input to cli_set_pin on stdin in a child process; returns its exit code. */
static int run_set_pin(const char *state_dir, const char *input) {
  int fds[2];
  expect(pipe(fds) == 0);
  pid_t pid = fork();
  expect(pid >= 0);
  if (pid == 0) {
    dup2(fds[0], 0);
    close(fds[0]); close(fds[1]);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    char a0[] = "wegwijs", a1[] = "--set-pin", a2[] = "--state", a3[512];
    snprintf(a3, sizeof a3, "%s", state_dir);
    char *argv[] = { a0, a1, a2, a3, NULL };
    _exit(cli_set_pin(4, argv));
  }
  close(fds[0]);
  if (write(fds[1], input, strlen(input)) < 0) perror("write");
  close(fds[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

/* Finding (issue 13): a damaged or unreadable staff-lock was forgotten at restart. It
 * now counts as the longest lock from the moment it is found, written back, so a new
 * process is locked too; --set-pin clears it. PIN 55501234 is set on entry. */
static void test_damaged_lock(const char *state, staff_pin_state *st, long long t) {
  char path[600];
  snprintf(path, sizeof path, "%s/staff-lock", state);
  const char *damage[] = { "garbage", "fifo", "symlink" };
  for (int k = 0; k < 3; k++) {
    unlink(path);
    if (k == 0) expect(util_write_file_atomic(path, "lockouts oops\n", 14, NULL, 0) == 0);
    if (k == 1) expect(mkfifo(path, 0600) == 0);
    if (k == 2) expect(symlink("/dev/null", path) == 0);
    staff_pin_verdict v = staff_pin_status(st, t);
    CHECK(v.result == STAFF_PIN_LOCKED && v.seconds_left == STAFF_PIN_LOCK_MAX_S,
          "%s lock file: locked for the maximum (%d, %d s)", damage[k], v.result, v.seconds_left);
    struct stat sb;
    CHECK(lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 0777) == 0600,
          "%s lock file: the lock was written back as a 0600 file", damage[k]);
    staff_pin_verdict cv;
    CHECK(child_check(state, "55501234", t + 60, &cv) == 0 && cv.result == STAFF_PIN_LOCKED &&
          cv.seconds_left == STAFF_PIN_LOCK_MAX_S - 60,
          "%s lock file: a new process is locked, right PIN refused (%d, %d s)", damage[k], cv.result, cv.seconds_left);
  }
  CHECK(run_set_pin(state, "55501234\n") == 0, "--set-pin clears a damaged-file lock");
  CHECK(staff_pin_check(st, "55501234", t).result == STAFF_PIN_OK, "PIN works after --set-pin");
}

static void test_pin(void) {
  char state[512], path[600], err[512];
  snprintf(state, sizeof state, "%s/state", tmpdir);
  staff_pin_state st;
  unsetenv("CREDENTIALS_DIRECTORY");
  staff_pin_init(&st, state);
  long long now = 1800000000;

  CHECK(staff_pin_check(&st, "123456", now).result == STAFF_PIN_NOT_SET, "no PIN yet");
  CHECK(staff_pin_format_ok("123456") && staff_pin_format_ok("12345678"), "6 and 8 digits ok");
  CHECK(!staff_pin_format_ok("12345") && !staff_pin_format_ok("123456789") && !staff_pin_format_ok("12345a"),
        "bad formats refused");
  CHECK(staff_pin_set(state, "1234", err, sizeof err) == -1 && strstr(err, "6 to 8 digits"), "short PIN: %s", err);

  /* --set-pin through the CLI: bad input changes nothing, good input writes 0600. */
  CHECK(run_set_pin(state, "12ab56\n") != 0, "--set-pin refuses letters");
  CHECK(run_set_pin(state, "") != 0, "--set-pin refuses empty input");
  snprintf(path, sizeof path, "%s/secret/staff-pin", state);
  CHECK(access(path, F_OK) != 0, "nothing written after refusals");
  CHECK(run_set_pin(state, "020123\n") == 0, "--set-pin 020123");
  struct stat sb;
  CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "PIN file mode %o", (unsigned)(sb.st_mode & 0777));
  CHECK(sb.st_uid == geteuid(), "PIN file owned by the user who set it");
  char dir[600];
  snprintf(dir, sizeof dir, "%s/secret", state);
  CHECK(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700, "secret folder mode %o", (unsigned)(sb.st_mode & 0777));
  size_t len = 0;
  char *hash = util_read_file(path, 4096, &len, err, sizeof err);
  CHECK(hash && !strncmp(hash, "$argon2id$", 10) && !strstr(hash, "020123"), "Argon2id hash, no plain PIN");
  free(hash);

  /* Right and wrong. */
  staff_pin_verdict v = staff_pin_check(&st, "020123", now);
  CHECK(v.result == STAFF_PIN_OK, "right PIN accepted (%d)", v.result);
  for (int i = 1; i <= 4; i++) {
    v = staff_pin_check(&st, "020124", now + i);
    CHECK(v.result == STAFF_PIN_WRONG && v.attempts_left == 5 - i, "wrong #%d: %d left=%d", i, v.result, v.attempts_left);
  }
  v = staff_pin_check(&st, "020124", now + 5);
  CHECK(v.result == STAFF_PIN_LOCKED && v.seconds_left == 30, "5th wrong locks 30 s: %d %d", v.result, v.seconds_left);
  /* While locked even the right PIN is refused, and no hash is computed. */
  v = staff_pin_check(&st, "020123", now + 15);
  CHECK(v.result == STAFF_PIN_LOCKED && v.seconds_left == 20, "locked: right PIN refused, %d s left", v.seconds_left);

  /* The lock survives a restart: a new process sees it. */
  staff_pin_verdict cv;
  CHECK(child_check(state, "020123", now + 20, &cv) == 0 && cv.result == STAFF_PIN_LOCKED && cv.seconds_left == 15,
        "new process still locked: %d %d", cv.result, cv.seconds_left);
  snprintf(path, sizeof path, "%s/staff-lock", state);
  CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "lock file written, mode %o", (unsigned)(sb.st_mode & 0777));

  /* After the lock: five more wrong in a *new process* → 60 s, then 120 s ... up to 15 min. */
  long long t = now + 35;
  int expect_len[] = { 60, 120, 240, 480, 900, 1800 };
  for (int round = 0; round < 6; round++) {
    for (int i = 0; i < 4; i++) {
      CHECK(child_check(state, "999999", t, &cv) == 0 && cv.result == STAFF_PIN_WRONG, "round %d try %d", round, i);
    }
    CHECK(child_check(state, "999999", t, &cv) == 0 && cv.result == STAFF_PIN_LOCKED &&
          cv.seconds_left == expect_len[round], "round %d: lock %d s, want %d", round, cv.seconds_left, expect_len[round]);
    v = staff_pin_status(&st, t + 1);
    CHECK(v.result == STAFF_PIN_LOCKED && v.seconds_left == expect_len[round] - 1, "status sees the child's lock");
    t += expect_len[round];
    if (round == 1) break;   /* the rest in-process: the Argon2 cost adds up */
  }
  /* Rounds 2-3 (240 s, 480 s) cost 10 more Argon2 checks each; start from the file
   * state after round 2 (lockouts 4) instead, and check 480 → 900 → 1800: the 15-minute
   * step is no cap (issue 13: ≈ 480 guesses a day). */
  snprintf(path, sizeof path, "%s/staff-lock", state);
  expect(util_write_file_atomic(path, "failures 0\nlockouts 4\nlock_until 0\n", 35, NULL, 0) == 0);
  for (int round = 3; round < 6; round++) {
    for (int i = 0; i < 4; i++) staff_pin_check(&st, "999999", t);
    v = staff_pin_check(&st, "999999", t);
    CHECK(v.result == STAFF_PIN_LOCKED && v.seconds_left == expect_len[round], "round %d: lock %d s, want %d",
          round, v.seconds_left, expect_len[round]);
    t += expect_len[round];
  }
  /* Finding (issue 13): the lock escalates past 15 minutes, doubling up to 24 hours. */
  expect(util_write_file_atomic(path, "failures 0\nlockouts 11\nlock_until 0\n", 36, NULL, 0) == 0);
  int long_len[] = { 57600, 86400, 86400 };
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < 4; i++) staff_pin_check(&st, "999999", t);
    v = staff_pin_check(&st, "999999", t);
    CHECK(v.result == STAFF_PIN_LOCKED && v.seconds_left == long_len[round], "long round %d: lock %d s, want %d",
          round, v.seconds_left, long_len[round]);
    t += long_len[round];
  }
  CHECK(STAFF_PIN_LOCK_MAX_S == 24 * 3600, "the cap is 24 h");
  expect(util_write_file_atomic(path, "failures 0\nlockouts 4\nlock_until 0\n", 35, NULL, 0) == 0);
  /* A clock set back cannot stretch the lock beyond its length. */
  for (int i = 0; i < 5; i++) staff_pin_check(&st, "999999", t);
  v = staff_pin_status(&st, t - 100000);
  CHECK(v.result == STAFF_PIN_LOCKED && v.seconds_left <= STAFF_PIN_LOCK_MAX_S, "clock back: %d s", v.seconds_left);
  /* Format errors count as wrong tries too. */
  t += 2 * STAFF_PIN_LOCK_MAX_S;
  v = staff_pin_check(&st, "12", t);
  CHECK(v.result == STAFF_PIN_WRONG && v.attempts_left == 4, "short entry counts: %d %d", v.result, v.attempts_left);
  /* The right PIN clears everything. */
  v = staff_pin_check(&st, "020123", t);
  CHECK(v.result == STAFF_PIN_OK, "right PIN after the lock expired");
  /* Finding (issue 13): escalation raised no alarm. The right PIN keeps the locks it
   * cleared for the status screen, and every lock past the first was logged. */
  CHECK(st.lockouts_before == 5, "the right PIN reports the 5 locks it cleared (%d)", st.lockouts_before);
  sys_log_entry logged[SYS_LOG_ENTRIES];
  int n = sys_log_recent(logged, SYS_LOG_ENTRIES), guessing = 0;
  for (int i = 0; i < n; i++) guessing |= strstr(logged[i].message, "someone may be guessing the PIN") != NULL;
  CHECK(guessing, "an escalated lock is in the staff error log");
  v = staff_pin_status(&st, t);
  CHECK(v.result == STAFF_PIN_WRONG && v.attempts_left == 5, "counter reset: %d left", v.attempts_left);

  /* A new PIN clears a lock (and the old PIN stops working). */
  for (int i = 0; i < 5; i++) staff_pin_check(&st, "777777", t);
  CHECK(staff_pin_status(&st, t).result == STAFF_PIN_LOCKED, "locked before reset");
  CHECK(run_set_pin(state, "55501234\n") == 0, "--set-pin 8 digits");
  CHECK(staff_pin_check(&st, "55501234", t).result == STAFF_PIN_OK, "new PIN works at once, lock cleared");
  CHECK(staff_pin_check(&st, "020123", t).result == STAFF_PIN_WRONG, "old PIN no longer works");

  test_damaged_lock(state, &st, t);

  /* Under systemd the kiosk reads the LoadCredential copy. */
  char cred[600];
  snprintf(cred, sizeof cred, "%s/cred", tmpdir);
  expect(util_mkdirs(cred, 0700, NULL, 0) == 0);
  setenv("CREDENTIALS_DIRECTORY", cred, 1);
  staff_pin_state cs;
  staff_pin_init(&cs, state);
  CHECK(strstr(cs.pin_path, "/cred/wegwijs_staff-pin") != NULL, "credential path %s", cs.pin_path);
  CHECK(staff_pin_check(&cs, "55501234", t).result == STAFF_PIN_NOT_SET, "no credential = not set");
  unsetenv("CREDENTIALS_DIRECTORY");

  /* A damaged PIN file is an error, logged in plain words, not a way in. */
  snprintf(path, sizeof path, "%s/secret/staff-pin", state);
  util_write_file_atomic_mode(path, "garbage\n", 8, 0600, NULL, 0);
  sys_log_clear();
  CHECK(staff_pin_check(&st, "55501234", t).result == STAFF_PIN_ERROR, "damaged file refused");
  sys_log_entry e[4];
  CHECK(sys_log_recent(e, 4) == 1 && strstr(e[0].message, "damaged"), "damage logged");

  /* A lock that cannot be saved still holds in memory. */
  staff_pin_set(state, "020123", err, sizeof err);
  staff_pin_state ro;
  staff_pin_init(&ro, state);
  snprintf(ro.lock_path, sizeof ro.lock_path, "%s/no-such-folder/staff-lock", tmpdir);
  for (int i = 0; i < 5; i++) v = staff_pin_check(&ro, "111111", t);
  CHECK(v.result == STAFF_PIN_LOCKED, "unsaved lock");
  CHECK(staff_pin_check(&ro, "020123", t + 1).result == STAFF_PIN_LOCKED, "unsaved lock holds in memory");
}

static void test_corner_and_session(void) {
  staff_corner c = {0};
  long long t = 50000;
  int opened = 0;
  for (int i = 0; i < 4; i++) opened |= staff_hidden_corner_tap(&c, t += 300);
  CHECK(!opened, "4 taps do not open");
  CHECK(staff_hidden_corner_tap(&c, t += 300) == 1, "5th tap opens");
  CHECK(staff_hidden_corner_tap(&c, t += 300) == 0, "counter restarted after opening");
  /* A pause over 2 s resets the count: stray taps never add up. */
  c = (staff_corner){0};
  opened = 0;
  for (int i = 0; i < 20; i++) opened |= staff_hidden_corner_tap(&c, t += 2100);
  CHECK(!opened, "slow taps never open");
  t += 2100;
  for (int i = 0; i < 4; i++) staff_hidden_corner_tap(&c, t += 100);
  CHECK(staff_hidden_corner_tap(&c, t += 2000) == 1, "exactly 2 s is not a pause");
  for (int i = 0; i < 4; i++) staff_hidden_corner_tap(&c, t += 100);
  staff_hidden_corner_reset(&c);
  CHECK(staff_hidden_corner_tap(&c, t += 100) == 0, "a tap elsewhere resets");

  staff_session s = {0};
  CHECK(staff_session_tick(&s, t) == 0 && staff_session_seconds_left(&s, t) == 0, "inactive session");
  staff_session_enter(&s, 60, t);
  CHECK(staff_session_seconds_left(&s, t) == 60, "60 s at start");
  CHECK(staff_session_tick(&s, t + 59999) == 0 && s.active, "59.999 s: still open");
  staff_session_input(&s, t + 59000);
  CHECK(staff_session_tick(&s, t + 118000) == 0 && staff_session_seconds_left(&s, t + 118000) == 1,
        "input extends: %d s left", staff_session_seconds_left(&s, t + 118000));
  CHECK(staff_session_tick(&s, t + 119000) == 1 && !s.active, "60 s without input: leaves");
  CHECK(staff_session_tick(&s, t + 120000) == 0, "reports the exit once");
  staff_session_input(&s, t + 121000);
  CHECK(!s.active, "input does not reopen it");
  staff_session_enter(&s, 60, t);
  staff_session_leave(&s);
  CHECK(!s.active && staff_session_seconds_left(&s, t) == 0, "idle reset leaves at once");
}

static void test_status_and_log(void) {
  sys_log_clear();
  sys_log_error("USB stick removed during export");
  sys_log_error("USB stick removed during export");
  sys_log_error("pack %s refused: %s", "azc-default", "signature does not match");
  char long_msg[400];
  memset(long_msg, 'x', sizeof long_msg);
  memcpy(long_msg + SYS_LOG_MESSAGE_MAX - 3, "\xE1\x8A\xA0", 3);   /* an Ethiopic letter cut in half */
  long_msg[sizeof long_msg - 1] = 0;
  sys_log_error("%s", long_msg);
  sys_log_entry e[SYS_LOG_ENTRIES];
  int n = sys_log_recent(e, SYS_LOG_ENTRIES);
  CHECK(n == 3, "repeats folded: %d entries", n);
  CHECK(n == 3 && strlen(e[0].message) == SYS_LOG_MESSAGE_MAX - 3, "cut before the split letter (%zu)", strlen(e[0].message));
  CHECK(n == 3 && strstr(e[1].message, "signature does not match"), "newest first");
  CHECK(n == 3 && e[2].repeats == 2, "repeat counted (%d)", e[2].repeats);
  for (int i = 0; i < 40; i++) sys_log_error("error number %d", i);
  n = sys_log_recent(e, SYS_LOG_ENTRIES);
  CHECK(n == SYS_LOG_ENTRIES && !strcmp(e[0].message, "error number 39") &&
        !strcmp(e[SYS_LOG_ENTRIES - 1].message, "error number 24"), "ring keeps the newest %d", SYS_LOG_ENTRIES);

  config cfg;
  config_defaults(&cfg);
  snprintf(cfg.state_dir, sizeof cfg.state_dir, "%s", tmpdir);
  snprintf(cfg.site_code, sizeof cfg.site_code, "azc-zwolle");
  staff_status st;
  memset(&st, 0, sizeof st);
  long long now = util_now_ms();
  staff_status_collect(&st, &cfg, now - 5500, now);
  CHECK(!strcmp(st.app_version, WEGWIJS_VERSION) && !strcmp(st.site_code, "azc-zwolle"), "version and site");
  CHECK(st.disk_total_bytes > 0 && st.disk_free_bytes >= 0 && st.disk_free_bytes <= st.disk_total_bytes,
        "disk %lld of %lld", st.disk_free_bytes, st.disk_total_bytes);
  CHECK(st.uptime_s > 0 && st.kiosk_uptime_s == 5, "uptimes %lld %lld", st.uptime_s, st.kiosk_uptime_s);
  CHECK(st.error_count == SYS_LOG_ENTRIES, "errors in report");
  snprintf(cfg.state_dir, sizeof cfg.state_dir, "/nonexistent/wegwijs");
  staff_status_collect(&st, &cfg, now, now);
  CHECK(st.disk_free_bytes == -1, "missing state folder: disk unknown");
  char text[64];
  staff_format_bytes(12345678901LL, text, sizeof text);
  CHECK(!strcmp(text, "12.3 GB"), "format %s", text);
  staff_format_bytes(-1, text, sizeof text);
  CHECK(!strcmp(text, "unknown"), "format unknown");
}

/* Receives one datagram from the notify socket, with a short timeout. */
static int notify_recv(int fd, char *buf, size_t cap) {
  struct timeval tv = { 0, 200000 };
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ssize_t n = recv(fd, buf, cap - 1, 0);
  if (n < 0) return -1;
  buf[n] = 0;
  return (int)n;
}

static void test_watchdog(void) {
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");
  CHECK(sys_watchdog_ready() == 0 && sys_watchdog_ping(1000) == 0, "no socket: harmless no-op");

  char sock_path[100];
  expect(strlen(tmpdir) < 80);
  memcpy(sock_path, tmpdir, strlen(tmpdir) + 1);
  strcat(sock_path, "/notify.sock");
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  memcpy(addr.sun_path, sock_path, strlen(sock_path) + 1);
  CHECK(bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0, "bind notify socket");
  setenv("NOTIFY_SOCKET", sock_path, 1);
  char buf[256];
  CHECK(sys_watchdog_ready() == 1 && notify_recv(fd, buf, sizeof buf) > 0 && !strcmp(buf, "READY=1"), "READY=1 sent");
  CHECK(sys_watchdog_ping(10000) == 1 && notify_recv(fd, buf, sizeof buf) > 0 && !strcmp(buf, "WATCHDOG=1"), "WATCHDOG=1 sent");
  /* Called every frame for 1 s of frames: no extra pings. */
  int sent = 0;
  for (long long t = 10000; t < 11000; t += 16) sent += sys_watchdog_ping(t);
  CHECK(sent == 0, "rate limited within a second (%d sent)", sent);
  CHECK(sys_watchdog_ping(11000) == 1, "ping again after 1 s");
  CHECK(notify_recv(fd, buf, sizeof buf) > 0 && !strcmp(buf, "WATCHDOG=1"), "second WATCHDOG=1");
  CHECK(notify_recv(fd, buf, sizeof buf) < 0, "nothing else was sent");
  /* WatchdogSec=1 → ping every 500 ms. */
  char usec[32];
  snprintf(usec, sizeof usec, "%d", 1000000);
  setenv("WATCHDOG_USEC", usec, 1);
  char pid[32];
  snprintf(pid, sizeof pid, "%d", (int)getpid());
  setenv("WATCHDOG_PID", pid, 1);
  CHECK(sys_watchdog_interval_ms() == 500, "half of WatchdogSec: %lld", sys_watchdog_interval_ms());
  CHECK(sys_watchdog_ping(11499) == 0 && sys_watchdog_ping(11500) == 1, "500 ms interval");
  CHECK(sys_watchdog_status("showing pack azc-default v7") == 1 && notify_recv(fd, buf, sizeof buf) > 0 &&
        notify_recv(fd, buf, sizeof buf) > 0 && !strcmp(buf, "STATUS=showing pack azc-default v7"), "STATUS= sent: %s", buf);
  /* A socket that went away is an error, logged, not a crash. */
  close(fd);
  unlink(sock_path);
  sys_log_clear();
  CHECK(sys_watchdog_ping(20000) == -1, "send to a vanished socket fails");
  sys_log_entry e[2];
  CHECK(sys_log_recent(e, 2) == 1 && strstr(e[0].message, "could not notify systemd"), "logged");
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");
  unsetenv("WATCHDOG_PID");
}

int main(int argc, char **argv) {
  expect(sodium_init() >= 0);
  if (argc == 5 && !strcmp(argv[1], "--child-check")) {
    staff_pin_state st;
    staff_pin_init(&st, argv[2]);
    staff_pin_verdict v = staff_pin_check(&st, argv[3], atoll(argv[4]));
    printf("%d %d %d\n", (int)v.result, v.attempts_left, v.seconds_left);
    return 0;
  }
  snprintf(tmpdir, sizeof tmpdir, "/tmp/wegwijs-test-staff-XXXXXX");
  expect(mkdtemp(tmpdir));
  test_pin();
  test_corner_and_session();
  test_status_and_log();
  test_watchdog();
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  if (system(cmd) != 0) printf("note: could not remove %s\n", tmpdir);
  return check_report();
}
