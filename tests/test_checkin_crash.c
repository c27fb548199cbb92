/* test_checkin_crash.c — nothing acknowledged is lost: SIGKILL during check-ins,
 * simulated power cuts (synchronous=FULL loses nothing; NORMAL as the negative control
 * must lose), injected disk-full / I/O errors, and a real full and read-only tmpfs.
 * WEGWIJS_SOAK=1 runs the long counts (make soak). */
#include "checkin/checkin.h"
#include "checkin/export.h"
#include "check.h"
#include "checkin_faultvfs.h"
#include "checkin_fixture.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>

static unsigned char research_pk[32], research_sk[32];
static site *the_site;

typedef struct { uint64_t epoch, seq; } ack;
typedef struct { ack *list; size_t count, cap; } ack_set;

static void ack_add(ack_set *a, uint64_t epoch, uint64_t seq) {
  if (a->count == a->cap) { a->cap = a->cap ? a->cap * 2 : 256; a->list = util_realloc(a->list, a->cap * sizeof *a->list); }
  a->list[a->count++] = (ack){ epoch, seq };
}

/* One complete check-in through the session API, answers varying with i. */
static int do_checkin(checkin_session *s, int i, long long now_ms) {
  static const char *moods[] = { "1", "2", "3", "4", "5" };
  if (checkin_session_start(s, now_ms) != 0) return -1;
  checkin_session_consent(s, 1);
  checkin_session_age(s, 1);
  checkin_session_answer(s, moods[i % 5]);
  checkin_session_skip(s);
  checkin_session_answer(s, i % 2 ? "house" : "ind");
  checkin_session_answer(s, "1-3m");
  checkin_session_answer(s, "abit");
  checkin_session_answer(s, "sport");
  checkin_session_next(s);
  return checkin_session_finish(s, (long long)time(NULL), now_ms);
}

/* The child: saves check-ins until killed (or max), writing "checkin_saved E S" to fd
 * only after COMMIT returned. */
static void saver(const char *state, int fd, const store_options *opt, int max) {
  char err[512];
  store *st = store_open(state, opt, err, sizeof err);
  if (!st) { dprintf(fd, "error %s\n", err); _exit(3); }
  checkin_context ctx = { the_site, st, "azc-1234" };
  checkin_session s;
  checkin_session_init(&s, &ctx);
  for (int i = 0; max <= 0 || i < max; i++) {
    if (do_checkin(&s, i, 1000000LL * (i + 1)) != 0) { dprintf(fd, "failed %s\n", checkin_session_error(&s)); _exit(4); }
    dprintf(fd, "checkin_saved %" PRIu64 " %" PRIu64 "\n", s.saved_epoch, s.saved_seq);
    checkin_session_reset(&s);
  }
  store_close(st);
  _exit(0);
}

static void read_acks(int fd, ack_set *acks, int *errors) {
  FILE *f = fdopen(fd, "r");
  char line[600];
  while (fgets(line, sizeof line, f)) {
    uint64_t e, q;
    if (sscanf(line, "checkin_saved %" SCNu64 " %" SCNu64, &e, &q) == 2) ack_add(acks, e, q);
    else if (strncmp(line, "checkin_saved", 13)) { printf("child: %s", line); (*errors)++; }
  }
  fclose(f);
}

/* Checks every epoch file: integrity_check ok, and each ack present. Returns lost acks. */
static long verify_store(const char *state, const ack_set *acks, int *corrupt) {
  char dir[600];
  snprintf(dir, sizeof dir, "%s/checkins", state);
  unsigned char *found = util_calloc(acks->count + 1, 1);
  *corrupt = 0;
  DIR *d = opendir(dir);
  struct dirent *de;
  while (d && (de = readdir(d)) != NULL) {
    unsigned gen;
    char hex[17];
    int used = 0;
    if (sscanf(de->d_name, "checkins-%4u-%16[0-9a-f].db%n", &gen, hex, &used) != 2 || used != (int)strlen(de->d_name)) continue;
    uint64_t epoch = strtoull(hex, NULL, 16);
    char path[700];
    if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path) continue;
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    int ok = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK &&
             sqlite3_step(q) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(q, 0), "ok");
    if (!ok) { printf("integrity: %s: %s\n", path, db ? sqlite3_errmsg(db) : "?"); (*corrupt)++; }
    sqlite3_finalize(q);
    q = NULL;
    if (ok && sqlite3_prepare_v2(db, "SELECT count(*) FROM checkin WHERE seq = ?", -1, &q, NULL) == SQLITE_OK) {
      for (size_t i = 0; i < acks->count; i++) {
        if (acks->list[i].epoch != epoch) continue;
        sqlite3_bind_int64(q, 1, (sqlite3_int64)acks->list[i].seq);
        if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 1) found[i] = 1;
        sqlite3_reset(q);
      }
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
  }
  if (d) closedir(d);
  long lost = 0;
  for (size_t i = 0; i < acks->count; i++) lost += !found[i];
  free(found);
  return lost;
}

static int soak(void) { const char *s = getenv("WEGWIJS_SOAK"); return s && *s && strcmp(s, "0"); }

static void test_kill_loop(void) {
  int rounds = soak() ? 1000 : 200;
  char state[512];
  fixture_tempdir(state, sizeof state, "kill");
  ack_set acks = { 0 };
  int errors = 0;
  unsigned seed = (unsigned)time(NULL);
  long long t0 = util_now_ms();
  for (int r = 0; r < rounds; r++) {
    int p[2];
    expect(pipe(p) == 0);
    fflush(stdout);
    pid_t pid = fork();
    expect(pid >= 0);
    if (pid == 0) { close(p[0]); saver(state, p[1], NULL, 0); }
    close(p[1]);
    /* Wait for the child's first save, then kill it at a random moment of saving. */
    char first[600];
    size_t n = 0;
    while (n + 1 < sizeof first && read(p[0], &first[n], 1) == 1 && first[n] != '\n') n++;
    first[n] = 0;
    usleep((useconds_t)(rand_r(&seed) % 8000));
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    uint64_t e, q;
    if (sscanf(first, "checkin_saved %" SCNu64 " %" SCNu64, &e, &q) == 2) ack_add(&acks, e, q);
    else { printf("child: %s\n", first); errors++; }
    read_acks(p[0], &acks, &errors);
  }
  int corrupt = 0;
  long lost = verify_store(state, &acks, &corrupt);
  printf("kill loop: %d kills, %zu acknowledged check-ins, %ld lost, %d corrupt files, %lld ms\n",
         rounds, acks.count, lost, corrupt, util_now_ms() - t0);
  CHECK(acks.count >= (size_t)rounds, "every child saved before it was killed (%zu)", acks.count);
  CHECK(lost == 0 && corrupt == 0 && errors == 0, "kill loop: %ld lost, %d corrupt, %d errors", lost, corrupt, errors);
  free(acks.list);
  fixture_rmrf(state);
}

/* Power cuts at random writes. Returns lost acknowledged check-ins. */
static long power_cuts(const char *sync, int rounds, size_t *acked, int *corrupt_runs) {
  char state[512];
  fixture_tempdir(state, sizeof state, "power");
  ack_set acks = { 0 };
  int errors = 0;
  unsigned seed = (unsigned)time(NULL) ^ 0x5bd1e995u;
  long lost = 0;
  *corrupt_runs = 0;
  store_options opt = { "faultvfs", sync };
  for (int r = 0; r < rounds; r++) {
    int p[2];
    expect(pipe(p) == 0);
    fflush(stdout);
    pid_t pid = fork();
    expect(pid >= 0);
    if (pid == 0) {
      close(p[0]);
      faultvfs_register();
      memset(&faultvfs, 0, sizeof faultvfs);
      faultvfs.cut_at_write = 1 + rand_r(&seed) % 300;
      faultvfs.seed = seed;
      saver(state, p[1], &opt, 0);
    }
    rand_r(&seed);
    close(p[1]);
    int status;
    waitpid(pid, &status, 0);
    read_acks(p[0], &acks, &errors);
    /* Verify after every cut: a later run could otherwise repair or hide damage. */
    if (r % 10 == 9 || r == rounds - 1) {
      int corrupt = 0;
      lost = verify_store(state, &acks, &corrupt);
      if (corrupt) (*corrupt_runs)++;
    }
  }
  *acked = acks.count;
  free(acks.list);
  fixture_rmrf(state);
  return errors ? -1 : lost;
}

static void test_power_loss(void) {
  int rounds = soak() ? 1000 : 25;
  size_t acked = 0;
  int corrupt = 0;
  long lost = power_cuts("FULL", rounds, &acked, &corrupt);
  printf("power cuts, synchronous=FULL: %d cuts, %zu acknowledged, %ld lost, %d corrupt\n", rounds, acked, lost, corrupt);
  CHECK(acked > 100 && lost == 0 && corrupt == 0, "FULL: %zu acked, %ld lost, %d corrupt", acked, lost, corrupt);
  lost = power_cuts("NORMAL", soak() ? 200 : 6, &acked, &corrupt);
  printf("power cuts, synchronous=NORMAL (negative control): %zu acknowledged, %ld lost, %d corrupt\n", acked, lost, corrupt);
  CHECK(lost > 0, "NORMAL must lose acknowledged check-ins, or the simulator proves nothing (%ld)", lost);
}

/* Injected errors: the check-in says it could not be saved, nothing is damaged, and
 * the next check-in after the fault clears lands in a new epoch file. */
static void test_injected_faults(void) {
  struct { const char *name; int code; int on_sync; } faults[] = {
    { "disk full", SQLITE_FULL, 0 }, { "write error", SQLITE_IOERR_WRITE, 0 }, { "fsync error", 0, 1 },
  };
  for (size_t k = 0; k < UTIL_COUNT(faults); k++) {
    char state[512], err[512];
    fixture_tempdir(state, sizeof state, "fault");
    faultvfs_register();
    memset(&faultvfs, 0, sizeof faultvfs);
    store_options opt = { "faultvfs", NULL };
    store *st = store_open(state, &opt, err, sizeof err);
    checkin_context ctx = { the_site, st, "azc-1234" };
    checkin_session s;
    checkin_session_init(&s, &ctx);
    ack_set acks = { 0 };
    for (int i = 0; i < 5; i++) {
      CHECK(do_checkin(&s, i, 100000LL * (i + 1)) == 0, "%s: setup save", faults[k].name);
      ack_add(&acks, s.saved_epoch, s.saved_seq);
      checkin_session_reset(&s);
    }
    char first[4200];
    snprintf(first, sizeof first, "%s", store_current_path(st));
    faultvfs.fail_sticky = 1;
    faultvfs.fail_code = faults[k].code;
    if (faults[k].on_sync) faultvfs.fail_sync_at = faultvfs.sync_count + 1;
    else faultvfs.fail_write_at = faultvfs.write_count + 1;
    CHECK(do_checkin(&s, 9, 2000000) < 0 && checkin_session_step(&s) == CHECKIN_FAILED, "%s: save fails", faults[k].name);
    CHECK(strstr(checkin_session_error(&s), "could not be saved") != NULL, "%s: clear message: %s", faults[k].name, checkin_session_error(&s));
    printf("%s: \"%s\"\n", faults[k].name, checkin_session_error(&s));
    checkin_session_reset(&s);
    /* Still failing: a new epoch cannot be created either, and nothing is lost. */
    CHECK(do_checkin(&s, 10, 3000000) < 0, "%s: still failing while the fault lasts", faults[k].name);
    checkin_session_reset(&s);
    memset(&faultvfs, 0, sizeof faultvfs);
    CHECK(do_checkin(&s, 11, 4000000) == 0, "%s: saves again after the fault: %s", faults[k].name, checkin_session_error(&s));
    CHECK(strcmp(store_current_path(st), first) != 0, "%s: new epoch file", faults[k].name);
    ack_add(&acks, s.saved_epoch, s.saved_seq);
    store_close(st);
    int corrupt = 0;
    long lost = verify_store(state, &acks, &corrupt);
    CHECK(lost == 0 && corrupt == 0, "%s: %ld lost, %d corrupt", faults[k].name, lost, corrupt);
    free(acks.list);
    fixture_rmrf(state);
  }
}

/* A real, small tmpfs: fill it, then make it read-only. */
static void test_tmpfs(void) {
  char base[512], state[600], out[512], err[512], cmd[1400];
  fixture_tempdir(base, sizeof base, "tmpfs");
  fixture_tempdir(out, sizeof out, "tmpfs-out");
  if (mount("tmpfs", base, "tmpfs", 0, "size=256k,mode=0700") != 0) {
    printf("tmpfs test skipped: mount: %s (needs root)\n", strerror(errno));
    fixture_rmrf(base);
    fixture_rmrf(out);
    return;
  }
  snprintf(state, sizeof state, "%s/state", base);
  store *st = store_open(state, NULL, err, sizeof err);
  checkin_context ctx = { the_site, st, "azc-1234" };
  checkin_session s;
  checkin_session_init(&s, &ctx);
  ack_set acks = { 0 };
  int saved = 0, failed = 0;
  char message[256] = "";
  CHECK(do_checkin(&s, 0, 1) == 0, "first save on tmpfs: %s", checkin_session_error(&s));
  ack_add(&acks, s.saved_epoch, s.saved_seq);
  checkin_session_reset(&s);
  snprintf(cmd, sizeof cmd, "dd if=/dev/zero of=%s/filler bs=4k count=36 2>/dev/null", base);
  CHECK(system(cmd) == 0, "filler");
  for (int i = 0; i < 400 && !failed; i++) {
    if (do_checkin(&s, i, 100000LL * (i + 1)) == 0) { saved++; ack_add(&acks, s.saved_epoch, s.saved_seq); }
    else { failed = 1; snprintf(message, sizeof message, "%s", checkin_session_error(&s)); }
    checkin_session_reset(&s);
  }
  printf("full tmpfs: %d saved, then: \"%s\"\n", saved, message);
  CHECK(failed && strstr(message, "could not be saved"), "disk full reported: %s", message);
  int corrupt = 0;
  CHECK(verify_store(state, &acks, &corrupt) == 0 && corrupt == 0, "full disk: nothing lost, nothing corrupt");
  /* Space comes back: saving works again, into a new epoch. */
  snprintf(cmd, sizeof cmd, "%s/filler", base);
  unlink(cmd);
  CHECK(do_checkin(&s, 500, 90000000) == 0, "saves after space is freed: %s", checkin_session_error(&s));
  ack_add(&acks, s.saved_epoch, s.saved_seq);
  checkin_session_reset(&s);
  /* Read-only: the check-in says so; export still works and carries everything. */
  store_close(st);
  CHECK(mount("tmpfs", base, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL) == 0, "remount ro: %s", strerror(errno));
  st = store_open(state, NULL, err, sizeof err);
  CHECK(st != NULL, "store opens on a read-only disk: %s", err);
  s.ctx.store = st;
  CHECK(do_checkin(&s, 501, 99000000) < 0 && strstr(checkin_session_error(&s), "could not be saved"),
        "read-only reported: %s", checkin_session_error(&s));
  printf("read-only: \"%s\"\n", checkin_session_error(&s));
  checkin_session_reset(&s);
  kioskkey key;
  char keypath[600], path[4200];
  snprintf(keypath, sizeof keypath, "%s/kiosk-id", out);   /* the key lives elsewhere here */
  CHECK(kioskkey_load(keypath, &key, err, sizeof err) == 0, "key");
  long n = checkin_export_to(st, &key, out, path, sizeof path, NULL, err, sizeof err);
  CHECK(n == (long)acks.count, "export from a read-only store: %ld of %zu (%s)", n, acks.count, err);
  store_close(st);
  CHECK(mount("tmpfs", base, "tmpfs", MS_REMOUNT, NULL) == 0, "remount rw");
  CHECK(verify_store(state, &acks, &corrupt) == 0 && corrupt == 0, "read-only: nothing lost");
  kioskkey_wipe(&key);
  umount(base);
  free(acks.list);
  fixture_rmrf(base);
  fixture_rmrf(out);
}

int main(void) {
  expect(sodium_init() >= 0);
  crypto_box_keypair(research_pk, research_sk);
  the_site = fixture_site("nl", research_pk);
  test_kill_loop();
  test_power_loss();
  test_injected_faults();
  test_tmpfs();
  fixture_site_free(the_site);
  return check_report();
}
