/* install_pack.c — `wegwijs --install-pack FILE [--state DIR] [--config FILE]
 * [--trusted-key PUB]... [--allow-version-jump]`: verify and install a content pack
 * (app/pack/install) under the config's pack_name and version step. Trusted keys come
 * from --trusted-key (up to two) or else the kiosk config. */
#include "cli/cli.h"
#include <stdio.h>      /* printf */
#include <string.h>     /* strcmp, memcpy */
#include "config/config.h"
#include "pack/install.h"

static void cli_install_progress(void *user, const char *stage, int percent) {
  int *last = user;
  if (percent / 10 == *last / 10 && percent != 100) return;   /* a line per 10% */
  *last = percent;
  fprintf(stderr, "wegwijs: %3d%% %s\n", percent, stage);
}

int cli_install_pack(int argc, char **argv) {
  const char *file = NULL;
  const char *key_paths[CONFIG_TRUSTED_KEYS];
  int key_path_count = 0;
  char err[1024];
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--install-pack") && i + 1 < argc) file = argv[++i];
    else if (!strcmp(argv[i], "--trusted-key") && i + 1 < argc) {
      if (key_path_count == CONFIG_TRUSTED_KEYS) { fprintf(stderr, "wegwijs: at most %d trusted keys\n", CONFIG_TRUSTED_KEYS); return 2; }
      key_paths[key_path_count++] = argv[++i];
    }
  }
  if (!file) { fprintf(stderr, "usage: wegwijs --install-pack FILE [--state DIR] [--config FILE] [--trusted-key PUB]... [--allow-version-jump]\n"); return 2; }
  static config cfg;
  if (config_from_args(&cfg, argc, argv, err, sizeof err)) { fprintf(stderr, "wegwijs: %s\n", err); return 2; }
  minisig_public_key keys[CONFIG_TRUSTED_KEYS];
  int key_count = 0;
  if (key_path_count) {
    for (int k = 0; k < key_path_count; k++)
      if (minisig_load_public_key(key_paths[k], &keys[key_count++], err, sizeof err)) { fprintf(stderr, "wegwijs: %s\n", err); return 2; }
  } else {
    for (int k = 0; k < cfg.trusted_key_count; k++, key_count++) {
      memcpy(keys[k].key_id, cfg.trusted_keys[k].key_id, 8);
      memcpy(keys[k].pk, cfg.trusted_keys[k].public_key, 32);
    }
  }
  pack_install_result result;
  int last = -10;
  pack_policy policy = { cfg.pack_name, cfg.pack_max_version_step, cli_has(argc, argv, "--allow-version-jump") };
  if (pack_install_policy(file, cfg.state_dir, &policy, keys, key_count, cli_install_progress, &last, &result,
                          err, sizeof err)) {
    fprintf(stderr, "wegwijs: refused %s: %s. The content that was active stays active.\n", file, err);
    return 1;
  }
  printf("Pack '%s' version %d, signed by trusted key %d (%s), verified and installed",
         result.name, result.version, result.key_slot + 1, result.key_id);
  if (result.previous_version) printf("; version %d kept as the previous pack", result.previous_version);
  printf(".\n");
  return 0;
}
