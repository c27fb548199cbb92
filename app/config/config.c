/* config.c — kiosk.conf parser: defaults, strict per-line validation, minisign key files. */
#include "config/config.h"
#include "pack/minisig.h"   /* the one minisign key parser */
#include "pack/pack.h"      /* pack_name_valid */
#include "util/util.h"
#include <errno.h>     /* errno */
#include <limits.h>    /* INT_MAX, PATH_MAX */
#include <sodium.h>    /* sodium_hex2bin */
#include <stdio.h>     /* snprintf */
#include <stdlib.h>    /* getenv */
#include <string.h>    /* strcmp, memcpy */
#include <unistd.h>    /* access */

enum {
  CONFIG_FILE_MAX = 64 * 1024,   /* a config is a page of text; more is a mistake */
  CONFIG_LINE_MAX = 2048
};

void config_defaults(config *c) {
  memset(c, 0, sizeof *c);
  c->idle_timeout_s = 90;
  c->idle_countdown_s = 20;
  c->checkin_timeout_s = 60;
  c->staff_timeout_s = 60;
  c->retention_days = 30;
  c->pack_max_version_step = 1000;
  c->audio_volume = 80;
  c->pack_check_s = 21600;
  c->pack_max_mb = 200;
  snprintf(c->mount_roots, sizeof c->mount_roots, "%s", "/media:/run/media");
  snprintf(c->state_dir, sizeof c->state_dir, "%s", "/var/lib/wegwijs");
}

/* ---- the key table ------------------------------------------------------------ */

typedef enum { KIND_INT, KIND_PATH, KIND_PATHLIST, KIND_URL, KIND_SITE, KIND_KEY,
               KIND_COLLECTOR, KIND_PACK_NAME } config_kind;

typedef struct {
  const char *name;
  config_kind kind;
  size_t offset;      /* into config */
  int min, max;       /* KIND_INT range; KIND_PATH: 1 = must not be empty */
} config_field;

#define F(field) offsetof(config, field)
static const config_field config_fields[] = {
  { "site_code",         KIND_SITE,     F(site_code),         0, 0 },
  { "panel_width_mm",    KIND_INT,      F(panel_width_mm),    0, 3000 },
  { "panel_height_mm",   KIND_INT,      F(panel_height_mm),   0, 3000 },
  { "idle_timeout_s",    KIND_INT,      F(idle_timeout_s),    10, 3600 },
  { "idle_countdown_s",  KIND_INT,      F(idle_countdown_s),  20, 300 },
  { "checkin_timeout_s", KIND_INT,      F(checkin_timeout_s), 20, 3600 },
  { "staff_timeout_s",   KIND_INT,      F(staff_timeout_s),   10, 3600 },
  { "retention_days",    KIND_INT,      F(retention_days),    1, 3650 },
  { "pack_name",         KIND_PACK_NAME, F(pack_name),        0, 0 },
  { "pack_max_version_step", KIND_INT,  F(pack_max_version_step), 1, 1000000000 },
  { "audio_volume",      KIND_INT,      F(audio_volume),      0, 100 },
  { "mount_roots",       KIND_PATHLIST, F(mount_roots),       0, 0 },
  { "sync_url",          KIND_URL,      F(sync_url),          0, 0 },
  { "pack_url",          KIND_URL,      F(pack_url),          1, 0 },
  { "pack_ca",           KIND_PATH,     F(pack_ca),           0, 0 },
  { "pack_check_s",      KIND_INT,      F(pack_check_s),      5, 7 * 86400 },
  { "pack_max_mb",       KIND_INT,      F(pack_max_mb),       1, 4096 },
  { "trusted_key",       KIND_KEY,      F(trusted_keys),      0, 0 },
  { "collector_key",     KIND_COLLECTOR, F(collector_keys),   0, 0 },
  { "state_dir",         KIND_PATH,     F(state_dir),         1, 0 },
  { "kiosk_id_file",     KIND_PATH,     F(kiosk_id_file),     0, 0 },
  { "fonts_dir",         KIND_PATH,     F(fonts_dir),         0, 0 },
};
#undef F

/* ---- small helpers -------------------------------------------------------------- */

/* Strict unsigned decimal: digits only, no sign, no spaces, fits an int. */
static int config_parse_int(const char *s, int *out) {
  long long v = 0;
  if (!*s) return -1;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return -1;
    v = v * 10 + (*s - '0');
    if (v > INT_MAX) return -1;
  }
  *out = (int)v;
  return 0;
}

/* Joins base_dir and a relative path; absolute paths are copied. 0 or -1 (too long). */
static int config_resolve(const char *base_dir, const char *value, char *out, size_t outlen) {
  int n;
  if (value[0] == '/' || !base_dir || !*base_dir || !strcmp(base_dir, "."))
    n = snprintf(out, outlen, "%s", value);
  else
    n = snprintf(out, outlen, "%s/%s", base_dir, value);
  return (n < 0 || (size_t)n >= outlen) ? -1 : 0;
}

static int config_has_control(const char *s) {
  for (; *s; s++) if ((unsigned char)*s < 0x20 || *s == 0x7f) return 1;
  return 0;
}

int config_read_minisign_key(const char *path, config_key *key, char *err, size_t errlen) {
  size_t len = 0;
  char local[CONFIG_PATH_MAX + 128];
  char *text = util_read_file(path, MINISIG_FILE_MAX, &len, local, sizeof local);
  if (!text) return util_error(err, errlen, "%s", local);
  /* A key file starts with "untrusted comment:"; the bare base64 line that
   * minisig_parse_public_key also takes is refused here, so a config line never
   * points at a stray file by accident. */
  const char *prefix = "untrusted comment:";
  minisig_public_key pk;
  int rc = -1;
  if (strncmp(text, prefix, strlen(prefix)) != 0) {
    util_error(err, errlen, "%s is not a minisign public key (no \"untrusted comment:\" line)", path);
    goto done;
  }
  if (minisig_parse_public_key(text, len, &pk, local, sizeof local) != 0) {
    util_error(err, errlen, "%s: %s", path, local);
    goto done;
  }
  memset(key, 0, sizeof *key);
  snprintf(key->path, sizeof key->path, "%s", path);
  memcpy(key->key_id, pk.key_id, 8);
  memcpy(key->public_key, pk.pk, 32);
  const char *comment = text + strlen(prefix);
  while (*comment == ' ') comment++;
  snprintf(key->comment, sizeof key->comment, "%.*s", (int)strcspn(comment, "\r\n"), comment);
  rc = 0;
done:
  free(text);
  return rc;
}

/* ---- one line ------------------------------------------------------------------- */

/* Applies key=value to c. Returns 0 or -1 with err = "NAME:LINE: ...". */
/* trusted_key = FILE: a minisign public key into the next slot (at most two, distinct). */
static int config_add_trusted_key(config *c, const char *name, int line, const char *base_dir,
                                  const char *value, char *err, size_t errlen) {
  char path[CONFIG_PATH_MAX];
  if (c->trusted_key_count >= CONFIG_TRUSTED_KEYS)
    return util_error(err, errlen, "%s:%d: at most %d trusted_key lines (slot 1 and slot 2)",
                      name, line, CONFIG_TRUSTED_KEYS);
  if (!*value) return util_error(err, errlen, "%s:%d: trusted_key needs a minisign public key file", name, line);
  if (config_resolve(base_dir, value, path, sizeof path) != 0)
    return util_error(err, errlen, "%s:%d: trusted_key path is too long", name, line);
  config_key *key = &c->trusted_keys[c->trusted_key_count];
  char why[CONFIG_PATH_MAX + 128];
  if (config_read_minisign_key(path, key, why, sizeof why) != 0)
    return util_error(err, errlen, "%s:%d: trusted_key: %s", name, line, why);
  for (int i = 0; i < c->trusted_key_count; i++)
    if (!memcmp(c->trusted_keys[i].key_id, key->key_id, 8))
      return util_error(err, errlen, "%s:%d: trusted_key slot %d is the same key as slot %d (line %d)",
                        name, line, c->trusted_key_count + 1, i + 1, c->trusted_keys[i].line);
  key->line = line;
  c->trusted_key_count++;
  return 0;
}

/* collector_key = 64 hex digits (as the check-in tools print them) or a minisign .pub file. */
static int config_add_collector_key(config *c, const char *name, int line, const char *base_dir,
                                    const char *value, char *err, size_t errlen) {
  char path[CONFIG_PATH_MAX];
  if (c->collector_key_count >= CONFIG_COLLECTOR_KEYS)
    return util_error(err, errlen, "%s:%d: at most %d collector_key lines", name, line, CONFIG_COLLECTOR_KEYS);
  unsigned char *pk = c->collector_keys[c->collector_key_count];
  size_t bin_len = 0;
  if (strlen(value) == 64 && strspn(value, "0123456789abcdefABCDEF") == 64) {
    if (sodium_hex2bin(pk, 32, value, 64, NULL, &bin_len, NULL) != 0 || bin_len != 32)
      return util_error(err, errlen, "%s:%d: collector_key: bad hex", name, line);
  } else {
    if (!*value) return util_error(err, errlen, "%s:%d: collector_key needs 64 hex digits or a minisign public key file", name, line);
    config_key key;
    char why[CONFIG_PATH_MAX + 128];
    if (config_resolve(base_dir, value, path, sizeof path) != 0)
      return util_error(err, errlen, "%s:%d: collector_key path is too long", name, line);
    if (config_read_minisign_key(path, &key, why, sizeof why) != 0)
      return util_error(err, errlen, "%s:%d: collector_key is neither 64 hex digits nor a key file: %s", name, line, why);
    memcpy(pk, key.public_key, 32);
  }
  c->collector_key_count++;
  return 0;
}

static int config_apply(config *c, const char *name, int line, const char *base_dir,
                        const config_field *f, const char *value, char *err, size_t errlen) {
  char *dst = (char *)c + f->offset;
  switch (f->kind) {
  case KIND_INT: {
    int v;
    if (config_parse_int(value, &v) != 0 || v < f->min || v > f->max)
      return util_error(err, errlen, "%s:%d: %s must be a number between %d and %d (found \"%s\")",
                        name, line, f->name, f->min, f->max, value);
    *(int *)(void *)dst = v;
    return 0;
  }
  case KIND_SITE: {
    size_t n = strlen(value);
    const char *allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    if (n == 0 || n >= CONFIG_SITE_CODE_MAX || strspn(value, allowed) != n)
      return util_error(err, errlen, "%s:%d: site_code must be 1 to %d characters of A-Z, a-z, 0-9, '.', '_' and '-' (found \"%s\")",
                        name, line, CONFIG_SITE_CODE_MAX - 1, value);
    memcpy(dst, value, n + 1);
    return 0;
  }
  case KIND_PACK_NAME:
    if (*value && !pack_name_valid(value))
      return util_error(err, errlen, "%s:%d: pack_name must be a pack name as signed: lower-case a-z, 0-9, '-' and '_' "
                        "(found \"%s\")", name, line, value);
    snprintf(dst, CONFIG_PACK_NAME_MAX, "%s", value);
    return 0;
  case KIND_URL: {
    /* min = 1: plain http:// to 127.0.0.1 is allowed too (tests, a local relay) */
    if (!*value) { dst[0] = 0; return 0; }
    int loopback = f->min && (!strncmp(value, "http://127.0.0.1:", 17) || !strncmp(value, "http://127.0.0.1/", 17));
    if ((!loopback && strncmp(value, "https://", 8) != 0) || !value[8] || strchr(value, ' '))
      return util_error(err, errlen, "%s:%d: %s must start with https://%s (or be empty for USB only)",
                        name, line, f->name, f->min ? " (plain http:// only to 127.0.0.1)" : "");
    if (strlen(value) >= CONFIG_PATH_MAX)
      return util_error(err, errlen, "%s:%d: %s is too long", name, line, f->name);
    strcpy(dst, value);
    return 0;
  }
  case KIND_PATH:
    if (!*value) {
      if (f->min) return util_error(err, errlen, "%s:%d: %s must not be empty", name, line, f->name);
      dst[0] = 0;
      return 0;
    }
    if (config_resolve(base_dir, value, dst, CONFIG_PATH_MAX) != 0)
      return util_error(err, errlen, "%s:%d: %s is too long", name, line, f->name);
    return 0;
  case KIND_PATHLIST: {
    /* Every element absolute: a relative mount root would scan the current folder. */
    const char *p = value;
    if (!*p) return util_error(err, errlen, "%s:%d: mount_roots must name at least one folder", name, line);
    for (;;) {
      size_t n = strcspn(p, ":");
      if (n == 0 || p[0] != '/')
        return util_error(err, errlen, "%s:%d: mount_roots must be absolute folders separated by ':' (found \"%s\")",
                          name, line, value);
      if (!p[n]) break;
      p += n + 1;
    }
    if (strlen(value) >= CONFIG_PATH_MAX)
      return util_error(err, errlen, "%s:%d: mount_roots is too long", name, line);
    strcpy(dst, value);
    return 0;
  }
  case KIND_KEY:
    return config_add_trusted_key(c, name, line, base_dir, value, err, errlen);
  case KIND_COLLECTOR:
    return config_add_collector_key(c, name, line, base_dir, value, err, errlen);
  }
  return util_error(err, errlen, "%s:%d: internal: unhandled key kind", name, line);
}

/* ---- whole file ----------------------------------------------------------------- */

static size_t config_field_index(const char *name) {
  size_t i = 0;
  while (i < UTIL_COUNT(config_fields) && strcmp(config_fields[i].name, name)) i++;
  expect(i < UTIL_COUNT(config_fields));
  return i;
}

int config_parse(config *c, const char *name, const char *base_dir,
                 const char *text, size_t len, char *err, size_t errlen) {
  int seen[UTIL_COUNT(config_fields)] = {0};   /* line where each key was set */
  char buf[CONFIG_LINE_MAX];
  size_t pos = 0;
  int line = 0;
  if (memchr(text, 0, len))
    return util_error(err, errlen, "%s: contains a NUL byte; is this a text file?", name);
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) pos = 3;   /* editors on Windows add a BOM */
  while (pos < len) {
    line++;
    size_t end = pos;
    while (end < len && text[end] != '\n') end++;
    size_t n = end - pos;
    if (n >= sizeof buf)
      return util_error(err, errlen, "%s:%d: line is too long (limit %d characters)", name, line,
                        CONFIG_LINE_MAX - 1);
    memcpy(buf, text + pos, n);
    buf[n] = 0;
    pos = end + 1;
    /* trim both ends (also the \r of CRLF files) */
    char *s = buf;
    while (*s == ' ' || *s == '\t') s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) *--e = 0;
    if (!*s || *s == '#') continue;
    /* key: [a-z0-9_]+, then '=' or ':' (the colon form is what the check-in tools wrote
     * first; a value may hold either character, so only the first one after the key counts). */
    char *k_end = s + strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");
    char *sep = k_end;
    while (*sep == ' ' || *sep == '\t') sep++;
    if (*sep != '=' && *sep != ':') {
      if (*s == '=' || *s == ':') return util_error(err, errlen, "%s:%d: a value without a key", name, line);
      return util_error(err, errlen, "%s:%d: expected \"key = value\", found \"%.60s\"", name, line, s);
    }
    if (k_end == s) return util_error(err, errlen, "%s:%d: a value without a key", name, line);
    *k_end = 0;
    char *value = sep + 1;
    while (*value == ' ' || *value == '\t') value++;
    if (config_has_control(value))
      return util_error(err, errlen, "%s:%d: %s contains a control character", name, line, s);
    size_t fi = 0;
    while (fi < UTIL_COUNT(config_fields) && strcmp(config_fields[fi].name, s)) fi++;
    if (fi == UTIL_COUNT(config_fields))
      return util_error(err, errlen, "%s:%d: unknown setting \"%.60s\" (see tools/deploy/kiosk.conf for the list)",
                        name, line, s);
    const config_field *f = &config_fields[fi];
    if (seen[fi] && f->kind != KIND_KEY && f->kind != KIND_COLLECTOR)
      return util_error(err, errlen, "%s:%d: %s is set twice (first on line %d)", name, line, s, seen[fi]);
    if (config_apply(c, name, line, base_dir, f, value, err, errlen) != 0) return -1;
    if (!seen[fi]) seen[fi] = line;
  }
  /* Rules across keys, reported at the line that can be changed. */
  if (c->idle_countdown_s >= c->idle_timeout_s) {
    int at = seen[config_field_index("idle_countdown_s")];
    if (!at) at = seen[config_field_index("idle_timeout_s")];
    return util_error(err, errlen, "%s:%d: idle_countdown_s (%d) must be shorter than idle_timeout_s (%d)",
                      name, at, c->idle_countdown_s, c->idle_timeout_s);
  }
  if ((c->panel_width_mm == 0) != (c->panel_height_mm == 0)) {
    int at = seen[config_field_index("panel_width_mm")];
    if (!at) at = seen[config_field_index("panel_height_mm")];
    return util_error(err, errlen, "%s:%d: set both panel_width_mm and panel_height_mm, or neither",
                      name, at);
  }
  if (c->state_dir[0] != '/')
    return util_error(err, errlen, "%s: state_dir must be an absolute folder (found \"%s\")", name, c->state_dir);
  if (snprintf(c->source, sizeof c->source, "%s", name) >= (int)sizeof c->source) c->source[0] = 0;
  return 0;
}

int config_load(config *c, const char *path, char *err, size_t errlen) {
  config_defaults(c);
  size_t len = 0;
  char *text = util_read_file(path, CONFIG_FILE_MAX, &len, err, errlen);
  if (!text) return -1;
  /* Relative paths inside the file are relative to its folder, made absolute so that
   * state_dir stays absolute whatever the current folder is. */
  char dir[CONFIG_PATH_MAX], base[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash) { if (slash == dir) slash[1] = 0; else *slash = 0; }
  else snprintf(dir, sizeof dir, ".");
  if (!realpath(dir, base)) snprintf(base, sizeof base, "%s", dir);
  int rc = config_parse(c, path, base, text, len, err, errlen);
  free(text);
  return rc;
}

int config_from_args(config *c, int argc, char **argv, char *err, size_t errlen) {
  const char *path = NULL, *state = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--config") || !strcmp(argv[i], "--state")) {
      if (i + 1 >= argc) return util_error(err, errlen, "%s needs a value", argv[i]);
      if (argv[i][2] == 'c') path = argv[i + 1]; else state = argv[i + 1];
      i++;
    }
  }
  if (!path) path = getenv("WEGWIJS_CONFIG");
  if (path && *path) {
    if (config_load(c, path, err, errlen) != 0) return -1;
  } else if (access(CONFIG_DEFAULT_PATH, F_OK) == 0) {
    if (config_load(c, CONFIG_DEFAULT_PATH, err, errlen) != 0) return -1;
  } else {
    config_defaults(c);
  }
  if (state) {
    char cwd[CONFIG_PATH_MAX];
    if (state[0] == '/') {
      if (snprintf(c->state_dir, sizeof c->state_dir, "%s", state) >= (int)sizeof c->state_dir)
        return util_error(err, errlen, "--state: path too long");
    } else {
      /* Relative --state (as in `make run`) is taken from the current folder. */
      if (!getcwd(cwd, sizeof cwd)) return util_error(err, errlen, "--state: %s", strerror(errno));
      if (config_resolve(cwd, state, c->state_dir, sizeof c->state_dir) != 0)
        return util_error(err, errlen, "--state: path too long");
    }
  }
  return 0;
}

int config_state_path(const config *c, const char *name, char *out, size_t outlen) {
  int n = snprintf(out, outlen, "%s/%s", c->state_dir, name);
  return (n < 0 || (size_t)n >= outlen) ? -1 : 0;
}

int config_mount_root(const config *c, int index, char *out, size_t outlen) {
  const char *p = c->mount_roots;
  for (int i = 0; *p; i++) {
    size_t n = strcspn(p, ":");
    if (i == index) {
      if (n >= outlen) n = outlen - 1;
      memcpy(out, p, n);
      out[n] = 0;
      return n > 0;
    }
    if (!p[n]) break;
    p += n + 1;
  }
  return 0;
}
