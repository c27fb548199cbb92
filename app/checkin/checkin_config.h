/* checkin_config.h — the check-in settings from the kiosk config file (`key: value`
 * lines, `#` comments): site code, collector keys, sync URL, retention. Other keys in
 * the same file belong to other modules and are ignored here. */
#ifndef WEGWIJS_CHECKIN_CONFIG_H
#define WEGWIJS_CHECKIN_CONFIG_H
#include <stddef.h>  /* size_t */

enum { CHECKIN_CONFIG_MAX_KEYS = 4 };

typedef struct {
  char site_code[32];          /* `site_code:` [A-Za-z0-9._-]; "" = not configured */
  unsigned char collector_keys[CHECKIN_CONFIG_MAX_KEYS][32];  /* `collector_key: <64 hex>` */
  int collector_key_count;
  char sync_url[512];          /* `sync_url:`; "" = no network sync */
  int retention_days;          /* `retention_days:` default 30 */
} checkin_config;

/* Reads path (NULL or missing file: defaults). Returns 0, or -1 with err set on a
 * malformed check-in key (bad hex, bad site code, bad number). */
int checkin_config_load(const char *path, checkin_config *cfg, char *err, size_t errlen);
void checkin_config_defaults(checkin_config *cfg);
#endif
