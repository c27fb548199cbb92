/* config.h — the kiosk's own settings: a commented `key = value` file (kiosk.conf),
 * parsed once at start and refused whole, with file:line, when anything is wrong.
 *
 * Syntax: one `key = value` (or `key: value`) per line; blank lines and lines whose
 * first non-blank character is `#` are ignored (no trailing comments: paths and URLs
 * may hold `#`). Every key may appear once, except trusted_key (slot 1, then slot 2)
 * and collector_key (up to CONFIG_COLLECTOR_KEYS). Unknown keys are
 * refused so a typo never silently falls back to a default. Relative paths are taken
 * from the folder of the config file. See tools/deploy/kiosk.conf for every key. */
#ifndef WEGWIJS_CONFIG_H
#define WEGWIJS_CONFIG_H
#include <stddef.h>  /* size_t */

enum {
  CONFIG_PATH_MAX = 1024,     /* longest path or URL value, including the NUL */
  CONFIG_TRUSTED_KEYS = 2,    /* key slots: 1 = current signing key, 2 = next (rotation) */
  CONFIG_COLLECTOR_KEYS = 4,  /* receipt-signing keys of the collector (rotation) */
  CONFIG_SITE_CODE_MAX = 32,  /* site_code: 1..31 of [A-Za-z0-9._-] */
  CONFIG_PACK_NAME_MAX = 64   /* pack_name: a signed pack name (pack_name_valid) */
};

#define CONFIG_DEFAULT_PATH "/etc/wegwijs/kiosk.conf"

/* A minisign public key ("Ed" + 8-byte key id + 32-byte Ed25519 key), as read from the
 * file the trusted_key line names. */
typedef struct {
  char path[CONFIG_PATH_MAX];
  unsigned char key_id[8];        /* as stored in the file (little-endian, like minisign) */
  unsigned char public_key[32];
  char comment[128];              /* the file's "untrusted comment:" text, for staff screens */
  int line;                       /* config line that named it */
} config_key;

typedef struct {
  char source[CONFIG_PATH_MAX];   /* file the values came from; "" = defaults only */
  char site_code[CONFIG_SITE_CODE_MAX];   /* "" = not set; e.g. "azc-ter-apel" */
  int panel_width_mm, panel_height_mm;    /* active area; 0 = unknown (UI assumes a size) */
  int idle_timeout_s;             /* no touch this long → warning with countdown (90) */
  int idle_countdown_s;           /* the countdown before the session is wiped (20) */
  int checkin_timeout_s;          /* same, inside the check-in questions (60) */
  int staff_timeout_s;            /* staff mode leaves itself after this idle time (60) */
  int retention_days;             /* days an acknowledged check-in is kept after its receipt (30); unacknowledged ones are never deleted */
  int audio_volume;               /* 0..100 (80) */
  char pack_name[CONFIG_PACK_NAME_MAX];   /* only packs signed with this name install; "" = any */
  int pack_max_version_step;      /* a pack more than this above the highest installed is refused (1000) */
  char mount_roots[CONFIG_PATH_MAX];      /* ':'-separated folders where sticks appear */
  char sync_url[CONFIG_PATH_MAX];         /* https://… collector endpoint; "" = USB only */
  char pack_url[CONFIG_PATH_MAX];         /* https://…/x.wwpack (+ ".minisig"); "" = packs by USB only */
  char pack_ca[CONFIG_PATH_MAX];          /* PEM bundle for pack_url's TLS; "" = the system's CAs */
  int pack_check_s;                       /* seconds between pack checks, ± 20 % jitter (21600) */
  int pack_max_mb;                        /* a download larger than this is refused (200) */
  config_key trusted_keys[CONFIG_TRUSTED_KEYS];
  int trusted_key_count;
  unsigned char collector_keys[CONFIG_COLLECTOR_KEYS][32];  /* Ed25519 keys that sign
                                             receipts: 64 hex digits or a minisign .pub */
  int collector_key_count;
  char state_dir[CONFIG_PATH_MAX];        /* writable state: packs, check-ins, PIN (/var/lib/wegwijs) */
  char kiosk_id_file[CONFIG_PATH_MAX];    /* random sync identity; "" = <state_dir>/kiosk-id */
  char fonts_dir[CONFIG_PATH_MAX];        /* "" = text_fonts_open's own search */
} config;

/* Fills c with the documented defaults (no trusted keys, no site code). */
void config_defaults(config *c);

/* Parses config text over the values already in c (normally config_defaults first).
 * name is used in messages ("kiosk.conf:7: ..."); base_dir resolves relative paths
 * (NULL = current folder). Reads the trusted_key files. Returns 0, or -1 with
 * err = "NAME:LINE: what is wrong" and c left partly filled (do not use it). */
int config_parse(config *c, const char *name, const char *base_dir,
                 const char *text, size_t len, char *err, size_t errlen);

/* config_defaults + reads and parses the file at path. Returns 0 or -1 with err set. */
int config_load(config *c, const char *path, char *err, size_t errlen);

/* The configuration for a command-line mode: `--config PATH` (else $WEGWIJS_CONFIG,
 * else CONFIG_DEFAULT_PATH if it exists, else defaults) and then `--state DIR`, which
 * overrides state_dir. A --config file that does not exist is an error. Other
 * arguments are ignored (each mode parses its own). Returns 0 or -1 with err set. */
int config_from_args(config *c, int argc, char **argv, char *err, size_t errlen);

/* Writes "<state_dir>/<name>" into out. Returns 0, or -1 if it does not fit. */
int config_state_path(const config *c, const char *name, char *out, size_t outlen);

/* The index'th mount root (0-based) into out. Returns 1 if it exists, 0 past the end. */
int config_mount_root(const config *c, int index, char *out, size_t outlen);

/* Reads a minisign public key file (comment line + base64 line) into key. Returns 0 or
 * -1 with err naming the file. Shared with the pack verifier so keys parse once. */
int config_read_minisign_key(const char *path, config_key *key, char *err, size_t errlen);
#endif
