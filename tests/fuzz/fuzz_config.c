/* fuzz_config.c — libFuzzer target for the kiosk.conf parser: no crash, no leak, and
 * every accepted config holds the documented ranges and cross-key rules. */
#include "config/config.h"
#include "util/util.h"
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  config c;
  char err[512];
  config_defaults(&c);
  /* Key files resolve under a folder that does not exist: the parser must say so. */
  if (config_parse(&c, "kiosk.conf", "/nonexistent-fuzz", (const char *)data, size, err, sizeof err) != 0) {
    expect(!strncmp(err, "kiosk.conf", 10));
    return 0;
  }
  expect(c.idle_timeout_s >= 10 && c.idle_timeout_s <= 3600);
  expect(c.idle_countdown_s >= 20 && c.idle_countdown_s < c.idle_timeout_s);
  expect(c.staff_timeout_s >= 10 && c.retention_days >= 1 && c.audio_volume <= 100);
  expect((c.panel_width_mm == 0) == (c.panel_height_mm == 0));
  expect(c.state_dir[0] == '/');
  expect(c.trusted_key_count <= CONFIG_TRUSTED_KEYS && c.collector_key_count <= CONFIG_COLLECTOR_KEYS);
  expect(memchr(c.site_code, 0, sizeof c.site_code) != NULL);
  char root[CONFIG_PATH_MAX];
  for (int i = 0; config_mount_root(&c, i, root, sizeof root); i++) expect(root[0] == '/');
  expect(c.sync_url[0] == 0 || !strncmp(c.sync_url, "https://", 8));
  return 0;
}
