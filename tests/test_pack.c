/* test_pack.c — content packs end to end: a pack built by wegwijs-pack from
 * tests/data/content-mini loads into the site model (Dutch, Arabic with fallbacks,
 * pictograms); installs verify, refuse every kind of bad pack with a clear sentence
 * while the previous content stays active; fallback and trial rules of the active pack. */
#include "pack/install.h"
#include "pack/minisig.h"
#include "pack/pack.h"
#include "pack/site.h"
#include "util/util.h"
#include "../tests/check.h"
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64], state[128], secret[128], other_secret[128], err[1024];
static const char *build_dir;
static minisig_public_key trusted;

static int run(const char *fmt, const char *a, const char *b, int n) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, fmt, a, b, n);
  return system(cmd);
}

static void path_of(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", dir, name); }

/* Writes PATH.minisig for path with the given trusted comment and secret key. */
static void sign_as(const char *path, const char *key_path, const char *comment) {
  minisig_secret_key key;
  unsigned char hash[64];
  expect(minisig_load_secret_key(key_path, &key, err, sizeof err) == 0);
  expect(minisig_hash_file(path, hash, NULL, NULL, err, sizeof err) == 0);
  char *text = minisig_sign(hash, &key, "test", comment, err, sizeof err);
  expect(text);
  char sig[512];
  snprintf(sig, sizeof sig, "%s.minisig", path);
  expect(util_write_file_atomic(sig, text, strlen(text), err, sizeof err) == 0);
  free(text);
}

static void sign_version(const char *path, int version) {
  char comment[128];
  snprintf(comment, sizeof comment, "wegwijs-pack name=test-mini version=%d", version);
  sign_as(path, secret, comment);
}

/* Builds version v of the fixture into DIR/vV.wwpack, signed. */
static void build_version(int v, char *out, size_t n) {
  char name[32];
  snprintf(name, sizeof name, "v%d.wwpack", v);
  path_of(out, n, name);
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "%s/wegwijs-pack build tests/data/content-mini --assets tests/data/content-mini/pictograms "
           "-o %s --version %d >/dev/null", build_dir, out, v);
  expect(system(cmd) == 0);
  sign_version(out, v);
}

static void copy_file(const char *from, const char *to) {
  expect(run("cp %s %s", from, to, 0) == 0);
}

/* A copy of src changed with SQL (as an attacker with the file could), validly signed. */
static void tamper(const char *src, const char *dst, const char *sql, int version) {
  copy_file(src, dst);
  sqlite3 *db;
  expect(sqlite3_open(dst, &db) == SQLITE_OK);
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) { fprintf(stderr, "tamper: %s\n", msg); abort(); }
  sqlite3_close(db);
  sign_version(dst, version);
}

/* The refusal carries `expected`, and version `active` is still the one in use. */
static void expect_refused(const char *path, const char *expected, int active, const char *what) {
  pack_install_result result;
  err[0] = 0;
  int rc = pack_install(path, state, &trusted, 1, NULL, NULL, &result, err, sizeof err);
  CHECK(rc == -1 && strstr(err, expected), "%s: refused with '%s' (got rc %d: %s)", what, expected, rc, err);
  CHECK(pack_active_version(state) == active, "%s: version %d stays active", what, active);
  char inner[512];
  pack *p = pack_open_active(state, inner, sizeof inner);
  site *s = p ? site_load(p, "nl", inner, sizeof inner) : NULL;
  CHECK(s && s->pack_version == active && s->page_count == 2, "%s: the active content still loads: %s", what, inner);
  if (s) pack_mark_good(state, active, inner, sizeof inner);   /* as the UI does after its first screen */
  site_free(s);
  pack_close(p);
  char incoming[256];
  snprintf(incoming, sizeof incoming, "%s/packs/incoming.wwpack", state);
  CHECK(access(incoming, F_OK) != 0, "%s: no half-installed copy is left", what);
}

/* Finding (issue 13): pack_copy_file opened before fstat, so a FIFO named like a pack
 * (with a valid signature file beside it) hung the install. The first try runs in a child
 * under alarm() so a hang fails instead of blocking; a symlinked pack is refused too. */
static void test_install_refuses_fifo_and_symlink(const char *v4) {
  char fifo[256], link[256], from[300], to[300];
  path_of(fifo, sizeof fifo, "fifo.wwpack");
  path_of(link, sizeof link, "link.wwpack");
  expect(mkfifo(fifo, 0600) == 0 && symlink(v4, link) == 0);
  snprintf(from, sizeof from, "%s.minisig", v4);
  snprintf(to, sizeof to, "%s.minisig", fifo);
  copy_file(from, to);
  snprintf(to, sizeof to, "%s.minisig", link);
  copy_file(from, to);
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    alarm(10);
    pack_install_result result;
    int rc = pack_install(fifo, state, &trusted, 1, NULL, NULL, &result, err, sizeof err);
    _exit(rc == -1 && strstr(err, "not a regular file") ? 0 : 1);
  }
  int status = 0;
  expect(pid > 0 && waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a FIFO pack is refused at once (signal %d)",
        WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) expect_refused(fifo, "not a regular file", 3, "FIFO pack");
  expect_refused(link, "symbolic link", 3, "symlinked pack");
}

static void test_site(const char *v1) {
  pack *p = pack_open(v1, err, sizeof err);
  CHECK(p != NULL, "a freshly built pack opens: %s", err);
  if (!p) return;
  CHECK(pack_version(p) == 1 && !strcmp(pack_name(p), "test-mini"), "metadata name and version");
  site *nl = site_load(p, "nl", err, sizeof err);
  CHECK(nl && nl->page_count == 2 && nl->language_count == 4, "Dutch site: 2 pages, 4 languages");
  if (nl) {
    const site_page *pg = site_find_page(nl, "intake");
    CHECK(pg && !strcmp(pg->title, "De brede intake") && pg->route_order == 1 && pg->differs_per_gemeente,
          "the intake page, its title and front matter");
    CHECK(pg && !strcmp(pg->route_label, "Intake") && !strcmp(pg->pictogram, "step") && !strcmp(pg->term_nl, "brede intake"),
          "route label, pictogram and term");
    CHECK(pg && pg->related_count == 1 && !strcmp(pg->related[0], "pip"), "related pages");
    CHECK(pg && pg->block_count == 6, "six blocks (the HTML comment is dropped): %d", pg ? pg->block_count : -1);
    if (pg && pg->block_count == 6) {
      const site_block *b = &pg->blocks[0];
      CHECK(!strcmp(b->text, "De brede intake is een gesprek met de gemeente."), "inline markup removed: %s", b->text);
      CHECK(b->span_count == 2 && b->spans[0].start == 3 && b->spans[0].end == 15 && b->spans[0].style == TEXT_STYLE_BOLD &&
            b->spans[1].style == TEXT_STYLE_TERM, "bold and term spans");
      int kinds[6] = { SITE_PARAGRAPH, SITE_HEADING, SITE_BULLET, SITE_BULLET, SITE_NUMBERED, SITE_CALLOUT }, same = 1;
      for (int i = 0; i < 6; i++) same &= pg->blocks[i].kind == kinds[i];
      CHECK(same, "block kinds: paragraph, heading, bullets, numbered, callout");
      CHECK(!strcmp(pg->blocks[3].text, "Het nummer \xE2\x81\xA6" "020-1234567\xE2\x81\xA9."),
            "list item text, the phone number isolated for RTL screens: %s", pg->blocks[3].text);
    }
    CHECK(nl->pages[0].route_order == 1 && nl->pages[1].route_order == 2, "route pages in route order");
    CHECK(nl->faq_count == 1 && !strcmp(nl->faq[0].answer, "Dat verschilt per persoon.\n\nVraag het aan COA.") &&
          !strcmp(nl->faq[0].related, "intake"), "FAQ answer paragraphs and related page");
    CHECK(nl->glossary_count == 1 && !strcmp(nl->glossary[0].term_nl, "klantmanager"), "glossary");
    CHECK(nl->contact_count == 2 && !strcmp(nl->contacts[1].id, "113") && !strcmp(nl->contacts[1].phone, "0800-0113") &&
          nl->contacts[0].local_override && !strcmp(nl->contacts[0].how, "Ga naar de balie."), "help contacts");
    CHECK(nl->question_count == 2 && nl->questions[0].answer_count == 2 && nl->questions[1].multiple &&
          nl->questions[0].example && !strcmp(nl->questions[0].answers[1].label, "Goed") && nl->questionnaire_version == 3,
          "questionnaire");
    CHECK(!strcmp(site_ui_string(nl, "home"), "Start") && !strcmp(site_ui_string(nl, "no-such-key"), "no-such-key"),
          "UI strings, unknown key returns the key");
  }
  site *ar = site_load(p, "ar", err, sizeof err);
  CHECK(ar && ar->lang.rtl && ar->lang.reviewed, "Arabic: right-to-left and reviewed");
  if (ar) {
    const site_page *pg = site_find_page(ar, "intake");
    CHECK(pg && !strcmp(pg->title, "المقابلة الشاملة") && !strcmp(pg->title_nl, "De brede intake"), "translated title, Dutch kept");
    CHECK(pg && pg->block_count == 6 && pg->blocks[0].span_count == 2 && !strcmp(pg->blocks[0].text_nl, "De brede intake is een gesprek met de gemeente."),
          "translated block with its own spans");
    CHECK(pg && pg->block_count == 6 && !strcmp(pg->blocks[2].text, "Uw diploma's."), "untranslated block falls back to Dutch");
    CHECK(!strcmp(site_ui_string(ar, "back"), "رجوع") && !strcmp(site_ui_string(ar, "listen"), "Listen"),
          "UI strings: Arabic, else English");
    CHECK(!strcmp(site_ui_string(ar, "language"), "Language"), "missing Arabic UI string uses English");
  }
  CHECK(site_load(p, "xx", err, sizeof err) == NULL && strstr(err, "no language"), "unknown language refused: %s", err);
  int w = 0, h = 0;
  unsigned char *rgba = pack_pictogram(p, "step", 192, &w, &h, err, sizeof err);
  int opaque = 0;
  for (int i = 0; rgba && i < w * h; i++) opaque += rgba[i * 4 + 3] > 128;
  CHECK(rgba && w == 192 && h == 192 && opaque > 500 && opaque < w * h / 2, "pictogram rasterized at 192 px (%d opaque px)", opaque);
  free(rgba);
  rgba = pack_pictogram(p, "step", 100, &w, &h, err, sizeof err);
  CHECK(rgba && w == 192, "100 px request gets the next larger raster");
  free(rgba);
  CHECK(pack_pictogram(p, "nope", 96, &w, &h, err, sizeof err) == NULL && strstr(err, "no pictogram"), "unknown pictogram: %s", err);
  site_free(nl);
  site_free(ar);
  pack_close(p);
}

/* Findings (issue 13): the rollback state lived in one file (deleting it or writing
 * "highest = oops" let an older pack back in), one pack with a huge version blocked
 * every later one, the signed name was never checked, and staff status reads used up a
 * new pack's trial opens. On entry version 7 is current and good; v6 is older. */
static void test_rollback_state(const char *v6) {
  char path[300], v8[256], v9[256], jump[256];
  pack_install_result result;
  snprintf(path, sizeof path, "%s/packs/pack-state", state);
  expect(unlink(path) == 0);
  CHECK(pack_install(v6, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == -1 && strstr(err, "not newer than version 7"),
        "state file deleted: version 6 still refused (packs/installed-7): %s", err);
  pack *p = pack_open_active(state, err, sizeof err);
  CHECK(p && pack_version(p) == 7, "state file deleted: the newest pack still shows: %s", err);
  pack_close(p);

  expect(util_write_file_atomic(path, "current = 7\nhighest = oops\n", 27, err, sizeof err) == 0);
  build_version(8, v8, sizeof v8);
  CHECK(pack_install(v8, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == -1 && strstr(err, "is damaged"),
        "a damaged state refuses every install: %s", err);
  p = pack_open_active(state, err, sizeof err);
  CHECK(p && pack_version(p) == 7, "a damaged state: the newest pack still shows: %s", err);
  pack_close(p);
  expect(unlink(path) == 0);   /* staff remove it, as the refusal says */
  CHECK(pack_install(v6, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == -1, "still no way back to version 6");
  CHECK(pack_install(v8, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == 0, "then version 8 installs: %s", err);

  for (int i = 0; i < PACK_TRIAL_ATTEMPTS + 2; i++) {
    p = pack_open_current(state, err, sizeof err);
    CHECK(p && pack_version(p) == 8, "status read %d sees version 8", i + 1);
    pack_close(p);
  }
  p = pack_open_active(state, err, sizeof err);
  CHECK(p && pack_version(p) == 8 && pack_mark_good(state, 8, err, sizeof err) == 0,
        "status reads used none of the new pack's trial opens");
  pack_close(p);

  build_version(9, v9, sizeof v9);
  pack_policy other = { "azc-zuid", 0, 0 }, same = { "test-mini", 0, 0 }, confirmed = { NULL, 0, 1 };
  CHECK(pack_install_policy(v9, state, &other, &trusted, 1, NULL, NULL, &result, err, sizeof err) == -1 &&
        strstr(err, "takes only pack 'azc-zuid'"), "a pack for another site is refused: %s", err);
  CHECK(pack_install_policy(v9, state, &same, &trusted, 1, NULL, NULL, &result, err, sizeof err) == 0, "its own name installs");
  build_version(9 + PACK_DEFAULT_MAX_STEP + 1, jump, sizeof jump);
  CHECK(pack_install(jump, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == -1 && strstr(err, "jumps from version 9 to 1010"),
        "a version jump over the step limit is refused: %s", err);
  CHECK(pack_install_policy(jump, state, &confirmed, &trusted, 1, NULL, NULL, &result, err, sizeof err) == 0,
        "staff can confirm the jump: %s", err);
}

int main(void) {
  build_dir = getenv("BUILD") ? getenv("BUILD") : "build";
  setenv("LSAN_OPTIONS", "suppressions=tests/data/lsan.supp", 1);   /* libgettextpo, see the file */
  snprintf(dir, sizeof dir, "/tmp/wegwijs-pack-XXXXXX");
  expect(mkdtemp(dir));
  snprintf(state, sizeof state, "%s/state", dir);
  char pub[128], other_pub[128], cmd[1024];
  path_of(pub, sizeof pub, "k.pub"); path_of(secret, sizeof secret, "k.key");
  path_of(other_pub, sizeof other_pub, "o.pub"); path_of(other_secret, sizeof other_secret, "o.key");
  CHECK(minisig_keygen(pub, secret, err, sizeof err) == 0, "keygen: %s", err);
  CHECK(minisig_keygen(other_pub, other_secret, err, sizeof err) == 0, "second keygen");
  CHECK(minisig_keygen(pub, secret, err, sizeof err) == -1 && strstr(err, "not overwriting"), "keygen never overwrites a key");
  expect(minisig_load_public_key(pub, &trusted, err, sizeof err) == 0);

  char v1[256], v2[256], v3[256], v4[256], bad[256];
  build_version(1, v1, sizeof v1);
  build_version(2, v2, sizeof v2);
  build_version(3, v3, sizeof v3);
  build_version(4, v4, sizeof v4);
  test_site(v1);

  pack_install_result result;
  CHECK(pack_active_version(state) == 0, "nothing installed yet");
  CHECK(pack_install(v2, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == 0 && result.version == 2,
        "version 2 installs: %s", err);
  CHECK(pack_install(v3, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == 0 && result.previous_version == 2,
        "version 3 installs and keeps 2 as previous: %s", err);

  /* Refusals, each with its sentence; version 3 stays active. */
  path_of(bad, sizeof bad, "bad.wwpack");
  copy_file(v4, bad);
  sign_as(bad, other_secret, "wegwijs-pack name=test-mini version=4");
  expect_refused(bad, "which this kiosk does not trust", 3, "wrong key");

  struct stat st;
  stat(v4, &st);
  long size = (long)st.st_size;
  long offsets[] = { 0, 17, 100, 4096, size / 3, size / 2, size - 4096, size - 1, 1234, 20000, size * 3 / 4 };
  for (size_t i = 0; i < UTIL_COUNT(offsets); i++) {
    copy_file(v4, bad);
    FILE *f = fopen(bad, "r+b");
    expect(f && fseek(f, offsets[i], SEEK_SET) == 0);
    int c = fgetc(f);
    fseek(f, offsets[i], SEEK_SET);
    fputc(c ^ 0x20, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "cp %s.minisig %s.minisig", v4, bad);
    expect(system(cmd) == 0);
    char what[64];
    snprintf(what, sizeof what, "byte %ld flipped", offsets[i]);
    expect_refused(bad, "does not match its signature", 3, what);
  }

  copy_file(v4, bad);
  snprintf(cmd, sizeof cmd, "sed 's/version=4/version=5/' %s.minisig > %s.minisig", v4, bad);
  expect(system(cmd) == 0);
  expect_refused(bad, "trusted comment of the signature by key", 3, "edited trusted comment");

  copy_file(v4, bad);
  snprintf(cmd, sizeof cmd, "truncate -s %ld %s && cp %s.minisig %s.minisig", size / 2, bad, v4, bad);
  expect(system(cmd) == 0);
  expect_refused(bad, "does not match its signature", 3, "truncated file");
  snprintf(cmd, sizeof cmd, "truncate -s %ld %s", size / 2, bad);
  expect(system(cmd) == 0);
  sign_version(bad, 4);
  expect_refused(bad, "damaged", 3, "truncated file, validly signed");

  expect(util_write_file_atomic(bad, "NVWA 1234 020-1234567\n", 22, err, sizeof err) == 0);
  sign_version(bad, 4);
  expect_refused(bad, "not a SQLite database", 3, "not-a-SQLite file");

  expect_refused(v3, "not newer than version 3", 3, "equal version");
  expect_refused(v2, "not newer than version 3", 3, "older version");
  copy_file(v2, bad);
  sign_version(bad, 9);
  expect_refused(bad, "the signature says pack 'test-mini' version 9 but the pack itself says 'test-mini' version 2", 3,
                 "signed version differs from the metadata");

  /* A validly signed pack changed by one SQL statement, and the refusal each must get. */
  static const struct { const char *sql, *refusal, *what; } tampered[] = {
    {"CREATE TRIGGER t AFTER INSERT ON meta BEGIN DELETE FROM pages; END",
     "contains a trigger", "trigger"},
    {"CREATE VIEW v AS SELECT * FROM pages",
     "contains a view", "view"},
    {"CREATE INDEX i ON strings(text)",
     "unexpected index", "extra index"},
    {"UPDATE strings SET text = printf('%.*c', 100000, 'x') WHERE key = 'title'",
     "holds a value of 100000 bytes", "absurd string size"},
    {"UPDATE blocks SET seq = 99999999 WHERE seq = 1",
     "absurd value", "absurd number"},
    {"UPDATE strings SET text = CAST(x'4e56c328' AS TEXT) WHERE key = 'title'",
     "not valid UTF-8", "invalid UTF-8"},
    {"UPDATE pictograms SET name = '../../etc/x' WHERE size = 96",
     "unsafe name '../../etc/x'", "asset name with ../"},
    {"UPDATE pages SET pictogram = '../step' WHERE id = 'pip'",
     "unsafe name", "pictogram reference with ../"},
    /* finding (issue 13): 63-byte names were copied into the kiosk's 32-byte fields */
    {"UPDATE contacts SET id = 'a-contact-id-of-forty-bytes-nvwa-1234' WHERE position = (SELECT min(position) FROM contacts)",
     "contacts.id holds a value of 37 bytes (limit 31)", "over-long contact id"},
    {"INSERT INTO answers VALUES ('mood', 99, 'an-answer-code-of-thirty-two-byte', '')",
     "answers.code holds a value of 33 bytes (limit 31)", "over-long answer code"},
    {"DELETE FROM meta WHERE key = 'valid_until'",
     "required metadata 'valid_until'", "missing metadata"},
  };
  for (size_t i = 0; i < sizeof tampered / sizeof tampered[0]; i++) {
    tamper(v4, bad, tampered[i].sql, 4);
    expect_refused(bad, tampered[i].refusal, 3, tampered[i].what);
  }
  unlink(bad);
  char sig[300];
  snprintf(sig, sizeof sig, "%s.minisig", bad);
  unlink(sig);
  copy_file(v4, bad);
  expect_refused(bad, "signature file", 3, "no signature file");
  test_install_refuses_fifo_and_symlink(v4);

  /* Rotation: a second trusted key slot verifies. */
  minisig_public_key two[2];
  two[0] = trusted;
  expect(minisig_load_public_key(other_pub, &two[1], err, sizeof err) == 0);
  copy_file(v4, bad);
  sign_as(bad, other_secret, "wegwijs-pack name=test-mini version=4");
  CHECK(pack_install(bad, state, two, 2, NULL, NULL, &result, err, sizeof err) == 0 && result.key_slot == 1 &&
        result.version == 4, "the second key slot verifies (rotation): %s", err);

  /* Fallback: a pack that cannot render is marked bad; the previous one returns. */
  CHECK(pack_mark_bad(state, 4, err, sizeof err) == 0 && pack_active_version(state) == 3, "mark bad → version 3");
  pack *p = pack_open_active(state, err, sizeof err);
  CHECK(p && pack_version(p) == 3, "the previous pack opens after mark bad");
  pack_close(p);
  CHECK(pack_install(v4, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == -1 && strstr(err, "not newer"),
        "a version marked bad is not installed again");

  char v5[256], v6[256], installed[256];
  build_version(5, v5, sizeof v5);
  build_version(6, v6, sizeof v6);
  CHECK(pack_install(v5, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == 0, "version 5 installs");
  snprintf(installed, sizeof installed, "%s/packs/pack-5.wwpack", state);
  expect(util_write_file_atomic(installed, "NVWA", 4, err, sizeof err) == 0);   /* storage damage */
  p = pack_open_active(state, err, sizeof err);
  CHECK(p && pack_version(p) == 3 && pack_active_version(state) == 3, "a current pack that fails to open falls back to the previous");
  pack_close(p);

  CHECK(pack_install(v6, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == 0, "version 6 installs");
  for (int i = 0; i < PACK_TRIAL_ATTEMPTS; i++) {
    p = pack_open_active(state, err, sizeof err);
    CHECK(p && pack_version(p) == 6, "trial open %d gives the new pack", i + 1);
    pack_close(p);
  }
  p = pack_open_active(state, err, sizeof err);
  CHECK(p && pack_version(p) == 3, "a new pack never marked good falls back after %d opens", PACK_TRIAL_ATTEMPTS);
  pack_close(p);
  char v7[256];
  build_version(7, v7, sizeof v7);
  CHECK(pack_install(v7, state, &trusted, 1, NULL, NULL, &result, err, sizeof err) == 0, "version 7 installs");
  p = pack_open_active(state, err, sizeof err);
  CHECK(p && pack_version(p) == 7 && pack_mark_good(state, 7, err, sizeof err) == 0, "mark good ends the trial");
  pack_close(p);
  for (int i = 0; i < PACK_TRIAL_ATTEMPTS + 2; i++) {
    p = pack_open_active(state, err, sizeof err);
    CHECK(p && pack_version(p) == 7, "a good pack stays (open %d)", i + 1);
    pack_close(p);
  }
  test_rollback_state(v6);

  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0, "cleanup");
  return check_report();
}
