/* test_config.c — kiosk.conf parsing: defaults, the shipped template, every error names
 * file:line, unknown and repeated keys refused, minisign key files (ours and minisign's). */
#include "check.h"
#include "config/config.h"
#include "util/util.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static int parse(config *c, const char *text, char *err, size_t errlen) {
  config_defaults(c);
  return config_parse(c, "kiosk.conf", tmpdir, text, strlen(text), err, errlen);
}

/* Expects text to fail with a message containing want. */
static void refuses(const char *text, const char *want) {
  config c;
  char err[512] = "";
  int rc = parse(&c, text, err, sizeof err);
  CHECK(rc == -1 && strstr(err, want), "expected error containing \"%s\", got rc=%d \"%s\"", want, rc, err);
}

/* Writes a minisign public key file built from a fresh key pair. */
static void write_key(const char *name, unsigned char id_byte, unsigned char pk_out[32]) {
  unsigned char pk[32], sk[64], blob[42];
  crypto_sign_keypair(pk, sk);
  blob[0] = 'E'; blob[1] = 'd';
  for (int i = 0; i < 8; i++) blob[2 + i] = (unsigned char)(id_byte + i);
  memcpy(blob + 10, pk, 32);
  char b64[128];
  sodium_bin2base64(b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
  char path[512], text[256];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  snprintf(text, sizeof text, "untrusted comment: minisign public key %02X\n%s\n", id_byte, b64);
  CHECK(util_write_file_atomic(path, text, strlen(text), NULL, 0) == 0, "write %s", path);
  if (pk_out) memcpy(pk_out, pk, 32);
}

int main(void) {
  expect(sodium_init() >= 0);
  snprintf(tmpdir, sizeof tmpdir, "/tmp/wegwijs-test-config-XXXXXX");
  expect(mkdtemp(tmpdir));
  config c;
  char err[512];

  /* Defaults as documented. */
  config_defaults(&c);
  CHECK(c.idle_timeout_s == 90 && c.idle_countdown_s == 20 && c.staff_timeout_s == 60,
        "default timeouts %d %d %d", c.idle_timeout_s, c.idle_countdown_s, c.staff_timeout_s);
  CHECK(c.retention_days == 30, "default retention %d", c.retention_days);
  CHECK(!strcmp(c.state_dir, "/var/lib/wegwijs"), "default state_dir %s", c.state_dir);
  char root[256];
  CHECK(config_mount_root(&c, 0, root, sizeof root) && !strcmp(root, "/media"), "root 0 %s", root);
  CHECK(config_mount_root(&c, 1, root, sizeof root) && !strcmp(root, "/run/media"), "root 1 %s", root);
  CHECK(!config_mount_root(&c, 2, root, sizeof root), "only two default roots");

  /* The shipped template parses and changes nothing (everything is commented out). */
  CHECK(config_load(&c, "tools/deploy/kiosk.conf", err, sizeof err) == 0, "template: %s", err);
  CHECK(c.idle_timeout_s == 90 && c.trusted_key_count == 0, "template keeps defaults");

  /* A full file, CRLF line ends, BOM, comments and relative paths. */
  unsigned char pk1[32], pk2[32];
  write_key("coa-1.pub", 0x10, pk1);
  write_key("coa-2.pub", 0x40, pk2);
  const char *full =
    "\xEF\xBB\xBF# test kiosk\r\n"
    "site_code = azc-ter-apel-2\r\n"
    "  panel_width_mm=344\n"
    "panel_height_mm = 194\n"
    "\n"
    "idle_timeout_s = 120\n"
    "idle_countdown_s = 30\n"
    "staff_timeout_s = 45\n"
    "retention_days = 14\n"
    "audio_volume = 0\n"
    "mount_roots = /srv/sticks:/media/wegwijs\n"
    "sync_url = https://collector.example.org/v1#frag\n"
    "trusted_key = coa-1.pub\n"
    "trusted_key = coa-2.pub\n"
    "state_dir = /var/lib/wegwijs-test\n"
    "fonts_dir = fonts\n";
  CHECK(parse(&c, full, err, sizeof err) == 0, "full file: %s", err);
  CHECK(!strcmp(c.site_code, "azc-ter-apel-2"), "site_code %s", c.site_code);
  CHECK(c.panel_width_mm == 344 && c.panel_height_mm == 194, "panel %d x %d", c.panel_width_mm, c.panel_height_mm);
  CHECK(c.idle_timeout_s == 120 && c.idle_countdown_s == 30 && c.staff_timeout_s == 45, "timeouts");
  CHECK(c.retention_days == 14 && c.audio_volume == 0, "retention/volume");
  CHECK(!strcmp(c.sync_url, "https://collector.example.org/v1#frag"), "url keeps #: %s", c.sync_url);
  CHECK(config_mount_root(&c, 1, root, sizeof root) && !strcmp(root, "/media/wegwijs"), "root %s", root);
  CHECK(c.trusted_key_count == 2, "two keys, got %d", c.trusted_key_count);
  CHECK(!memcmp(c.trusted_keys[0].public_key, pk1, 32) && c.trusted_keys[0].key_id[0] == 0x10,
        "slot 1 key bytes");
  CHECK(!memcmp(c.trusted_keys[1].public_key, pk2, 32) && c.trusted_keys[1].line == 14,
        "slot 2 key bytes, line %d", c.trusted_keys[1].line);
  CHECK(!strcmp(c.trusted_keys[0].comment, "minisign public key 10"), "comment \"%s\"", c.trusted_keys[0].comment);
  char want[600];
  snprintf(want, sizeof want, "%s/fonts", tmpdir);
  CHECK(!strcmp(c.fonts_dir, want), "relative path resolved: %s", c.fonts_dir);
  char pin[CONFIG_PATH_MAX];
  CHECK(config_state_path(&c, "staff-pin", pin, sizeof pin) == 0 &&
        !strcmp(pin, "/var/lib/wegwijs-test/staff-pin"), "state path %s", pin);

  /* Every refusal names the file and the line. */
  refuses("# one\n\nidle_timeout_s = 5\n", "kiosk.conf:3: idle_timeout_s must be a number between 10 and 3600");
  refuses("idle_timeout_s = 90s\n", "kiosk.conf:1: idle_timeout_s must be a number");
  refuses("idle_timeout_s = -90\n", "between 10 and 3600");
  refuses("idle_timeout_s = 99999999999999999999\n", "between 10 and 3600");
  refuses("idle_timeout_s =\n", "kiosk.conf:1: idle_timeout_s must be a number");
  refuses("audio_volume = 101\n", "kiosk.conf:1: audio_volume must be a number between 0 and 100");
  refuses("idle_countdown_s = 10\n", "kiosk.conf:1: idle_countdown_s must be a number between 20 and 300");
  refuses("idle_timeout_s = 30\n\nidle_countdown_s = 40\n", "kiosk.conf:3: idle_countdown_s (40) must be shorter");
  refuses("idle_timout_s = 90\n", "kiosk.conf:1: unknown setting \"idle_timout_s\"");
  refuses("staff_timeout_s = 60\nstaff_timeout_s = 30\n", "kiosk.conf:2: staff_timeout_s is set twice (first on line 1)");
  refuses("just some words\n", "kiosk.conf:1: expected \"key = value\"");
  refuses("= 12\n", "kiosk.conf:1: a value without a key");
  refuses("site_code = AZC Ter Apel\n", "kiosk.conf:1: site_code must be");
  refuses("sync_url = http://collector.example.org\n", "kiosk.conf:1: sync_url must start with https://");
  refuses("mount_roots = /media:media\n", "kiosk.conf:1: mount_roots must be absolute");
  refuses("mount_roots = /media::/run/media\n", "mount_roots must be absolute");
  refuses("state_dir =\n", "kiosk.conf:1: state_dir must not be empty");
  refuses("panel_width_mm = 344\n", "kiosk.conf:1: set both panel_width_mm and panel_height_mm");
  refuses("trusted_key = missing.pub\n", "kiosk.conf:1: trusted_key: cannot open");
  refuses("trusted_key = coa-1.pub\ntrusted_key = coa-2.pub\ntrusted_key = coa-1.pub\n",
          "kiosk.conf:3: at most 2 trusted_key lines");
  refuses("trusted_key = coa-1.pub\ntrusted_key = coa-1.pub\n", "kiosk.conf:2: trusted_key slot 2 is the same key as slot 1");
  refuses("site_code = azc\tx\n", "control character");
  refuses("collector_key = 00ff\n", "kiosk.conf:1: collector_key is neither 64 hex digits nor a key file");
  refuses("collector_key = \n", "kiosk.conf:1: collector_key needs");

  /* The colon form the check-in tools use, and collector keys as hex or key file. */
  {
    const char *colon =
      "site_code: AZC_Zwolle.2\n"
      "retention_days: 7\n"
      "mount_roots: /media:/mnt/usb\n"
      "collector_key: 00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF\n"
      "collector_key = coa-2.pub\n";
    CHECK(parse(&c, colon, err, sizeof err) == 0, "colon form: %s", err);
    CHECK(!strcmp(c.site_code, "AZC_Zwolle.2") && c.retention_days == 7, "colon values");
    CHECK(config_mount_root(&c, 1, root, sizeof root) && !strcmp(root, "/mnt/usb"), "colon root %s", root);
    CHECK(c.collector_key_count == 2 && c.collector_keys[0][1] == 0x11 && c.collector_keys[0][31] == 0xff,
          "hex collector key");
    CHECK(!memcmp(c.collector_keys[1], pk2, 32), "collector key from .pub");
  }
  {
    const char nul[] = "site_code = azc\0x\n";
    config_defaults(&c);
    int rc = config_parse(&c, "kiosk.conf", tmpdir, nul, sizeof nul - 1, err, sizeof err);
    CHECK(rc == -1 && strstr(err, "NUL byte"), "NUL refused: %s", err);
  }
  {
    char longline[4000];
    memset(longline, 'a', sizeof longline - 1);
    longline[sizeof longline - 1] = 0;
    memcpy(longline, "site_code = ", 12);
    refuses(longline, "kiosk.conf:1: line is too long");
  }

  /* Bad key files: not minisign, wrong algorithm. */
  {
    char path[512];
    snprintf(path, sizeof path, "%s/bad.pub", tmpdir);
    util_write_file_atomic(path, "hello\nworld\n", 12, NULL, 0);
    refuses("trusted_key = bad.pub\n", "is not a minisign public key");
    unsigned char blob[42] = { 'E', 'D' };
    char b64[128], text[256];
    sodium_bin2base64(b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
    snprintf(text, sizeof text, "untrusted comment: x\n%s\n", b64);
    util_write_file_atomic(path, text, strlen(text), NULL, 0);
    refuses("trusted_key = bad.pub\n", "not an Ed25519 minisign key");
  }

  /* A key made by the stock minisign tool, when it is installed. */
  if (access("/usr/bin/minisign", X_OK) == 0) {
    char cmd[1024], path[512];
    snprintf(cmd, sizeof cmd, "cd %s && minisign -G -W -f -p real.pub -s real.key >/dev/null 2>&1", tmpdir);
    CHECK(system(cmd) == 0, "minisign -G");
    snprintf(path, sizeof path, "%s/real.pub", tmpdir);
    config_key key;
    CHECK(config_read_minisign_key(path, &key, err, sizeof err) == 0, "minisign key: %s", err);
    /* minisign prints the key id as a big-endian number (no leading zeros); the file
     * stores it little-endian. */
    unsigned long long id = 0;
    for (int i = 7; i >= 0; i--) id = id << 8 | key.key_id[i];
    const char *hex = strrchr(key.comment, ' ');
    CHECK(hex && strtoull(hex + 1, NULL, 16) == id, "comment \"%s\" names key id %llX", key.comment, id);
  }

  /* config_load names the path it was given; --config / --state. */
  {
    char path[512];
    snprintf(path, sizeof path, "%s/k.conf", tmpdir);
    const char *text = "# k\nretention_days = 0\n";
    util_write_file_atomic(path, text, strlen(text), NULL, 0);
    CHECK(config_load(&c, path, err, sizeof err) == -1 && strstr(err, "k.conf:2: retention_days"), "load: %s", err);
    text = "state_dir = state\n";   /* relative to the file's folder */
    util_write_file_atomic(path, text, strlen(text), NULL, 0);
    char a0[] = "wegwijs", a1[] = "--config", a3[] = "--state", a4[] = "/tmp/elsewhere";
    char missing[] = "/nonexistent/kiosk.conf";
    char *argv[] = { a0, a1, path, NULL };
    CHECK(config_from_args(&c, 3, argv, err, sizeof err) == 0, "from args: %s", err);
    snprintf(want, sizeof want, "%s/state", tmpdir);
    CHECK(!strcmp(c.state_dir, want), "state_dir %s", c.state_dir);
    char *argv2[] = { a0, a1, path, a3, a4, NULL };
    CHECK(config_from_args(&c, 5, argv2, err, sizeof err) == 0 && !strcmp(c.state_dir, "/tmp/elsewhere"),
          "--state overrides: %s", c.state_dir);
    char *argv3[] = { a0, a1, missing, NULL };
    CHECK(config_from_args(&c, 3, argv3, err, sizeof err) == -1 && strstr(err, "/nonexistent/kiosk.conf"),
          "missing --config is an error: %s", err);
    char *argv4[] = { a0, a1, NULL };
    CHECK(config_from_args(&c, 2, argv4, err, sizeof err) == -1, "--config without value");
  }

  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  if (system(cmd) != 0) printf("note: could not remove %s\n", tmpdir);
  return check_report();
}
