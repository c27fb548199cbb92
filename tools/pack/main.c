/* main.c — wegwijs-pack: the content team's tool. extract, update, build, check,
 * keygen, sign, info (and researcher-keygen for demos). Each command prints one clear
 * line per problem and exits non-zero on errors. */
#include "build.h"
#include "catalog.h"
#include "checker.h"
#include "content.h"
#include "report.h"
#include "voice.h"
#include "pack/install.h"
#include "pack/minisig.h"
#include "pack/pack.h"
#include "util/util.h"
#include <sodium.h>
#include <string.h>    /* strcmp */
#include <sys/stat.h>  /* mkdir */
#include <unistd.h>    /* access */

static int pack_usage(void) {
  fprintf(stderr,
    "usage: wegwijs-pack COMMAND ...\n"
    "  extract CONTENT                 write CONTENT/po/wegwijs.pot from the Dutch sources\n"
    "  update CONTENT                  extract, then merge into every po/LANG.po (changed = fuzzy)\n"
    "  build CONTENT -o PACK [--version N] [--researcher-key FILE] [--assets DIR]\n"
    "        [--audio all|route|none] [--audio-cache DIR] [--jobs N]\n"
    "  check PACK_OR_CONTENT [--json] [--assets DIR] [--fonts DIR]\n"
    "  keygen -p PUBLIC -s SECRET      minisign-compatible key pair (unencrypted secret key)\n"
    "  sign PACK -s SECRET             write PACK.minisig ('wegwijs-pack name=N version=V')\n"
    "  info PACK [--json]              metadata and per-language translation state\n"
    "  voice-script CONTENT LANG [-o DIR] [--json] [--pages ID,...] [--missing]\n"
    "                                  a printable recording script for volunteers\n"
    "  voice-import CONTENT LANG DIR   recordings (WAV, FLAC, Ogg, Opus, M4A) → CONTENT/audio/LANG/\n"
    "  researcher-keygen DIR           demo researcher crypto_box pair (researcher.pk/.sk, hex)\n");
  return 2;
}

/* Value of --name (or -n) in argv, or NULL. */
static const char *pack_option(int argc, char **argv, const char *name, const char *alias) {
  for (int i = 2; i + 1 < argc; i++)
    if (!strcmp(argv[i], name) || (alias && !strcmp(argv[i], alias))) return argv[i + 1];
  return NULL;
}
static int pack_flag(int argc, char **argv, const char *name) {
  for (int i = 2; i < argc; i++) if (!strcmp(argv[i], name)) return 1;
  return 0;
}

static int pack_load_content(content *c, const char *dir, report *r) {
  char err[512];
  if (content_load(c, dir, r, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); return -1; }
  return 0;
}

static int pack_cmd_extract(const char *dir, int quiet) {
  content c;
  report r = { 0 };
  char path[1200], err[512];
  int rc = 1;
  if (pack_load_content(&c, dir, &r)) goto done;
  if (r.errors) { report_print_text(&r, stderr); goto done; }
  snprintf(path, sizeof path, "%s/po", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/po/wegwijs.pot", dir);
  if (catalog_write_template(&c, path, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); goto done; }
  if (!quiet) printf("wrote %s: %d translation units\n", path, c.unit_count);
  rc = 0;
done:
  content_free(&c);
  report_free(&r);
  return rc;
}

static int pack_cmd_update(const char *dir) {
  if (pack_cmd_extract(dir, 0)) return 1;
  content c;
  report r = { 0 };
  char po[1200], pot[1200], err[512];
  int rc = 0;
  if (pack_load_content(&c, dir, &r)) return 1;
  snprintf(pot, sizeof pot, "%s/po/wegwijs.pot", dir);
  for (int l = 0; l < c.language_count; l++) {
    if (!strcmp(c.languages[l].code, "nl")) continue;
    snprintf(po, sizeof po, "%s/po/%s.po", dir, c.languages[l].code);
    if (catalog_merge(po, pot, c.languages[l].code, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); rc = 1; }
    else printf("updated %s\n", po);
  }
  content_free(&c);
  report_free(&r);
  return rc;
}

static int pack_cmd_build(int argc, char **argv) {
  const char *out = pack_option(argc, argv, "-o", "--output");
  const char *version = pack_option(argc, argv, "--version", NULL);
  const char *rkey = pack_option(argc, argv, "--researcher-key", NULL);
  if (argc < 3 || !out) return pack_usage();
  content c;
  report r = { 0 };
  char err[512], pk[65];
  const char *jobs = pack_option(argc, argv, "--jobs", NULL);
  build_audio_stats stats;
  build_options options = { pack_option(argc, argv, "--assets", NULL), version ? atoi(version) : 0, NULL,
                            pack_option(argc, argv, "--audio", NULL), pack_option(argc, argv, "--audio-cache", NULL),
                            jobs ? atoi(jobs) : 0, &stats };
  if (version && options.version <= 0) { fprintf(stderr, "wegwijs-pack: --version must be a positive integer\n"); return 2; }
  if (jobs && (options.audio_threads <= 0 || options.audio_threads > 64)) { fprintf(stderr, "wegwijs-pack: --jobs must be 1..64\n"); return 2; }
  if (rkey) {
    if (build_read_researcher_key(rkey, pk, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); return 1; }
    options.researcher_pk = pk;
  }
  int rc = 1;
  if (pack_load_content(&c, argv[2], &r)) goto done;
  if (r.errors) { report_print_text(&r, stderr); fprintf(stderr, "wegwijs-pack: not built: fix the errors above\n"); goto done; }
  if (build_pack(&c, &options, out, &r, err, sizeof err)) {
    report_print_text(&r, stderr);
    fprintf(stderr, "wegwijs-pack: %s\n", err);
    goto done;
  }
  printf("built %s: pack '%s' version %d, %d languages, %d pages, %d translation units\n", out, c.name,
         options.version > 0 ? options.version : c.version, c.language_count, c.page_count, c.unit_count);
  printf("audio: %d clips (%d recorded, %d generated of which %d from the cache), %.1f MiB; speech took %.1f s on %d threads\n",
         stats.recorded + stats.generated, stats.recorded, stats.generated, stats.cached, (double)stats.bytes / (1 << 20),
         (double)stats.generate_ms / 1000.0, stats.threads);
  rc = 0;
done:
  content_free(&c);
  report_free(&r);
  return rc;
}

static int pack_cmd_keygen(int argc, char **argv) {
  const char *pub = pack_option(argc, argv, "-p", NULL), *sec = pack_option(argc, argv, "-s", NULL);
  char err[512];
  if (!pub || !sec) return pack_usage();
  if (minisig_keygen(pub, sec, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); return 1; }
  minisig_public_key key;
  minisig_load_public_key(pub, &key, err, sizeof err);
  char id[17];
  minisig_key_id_hex(key.key_id, id);
  printf("key %s: public %s, secret %s (keep it off the kiosk)\n", id, pub, sec);
  return 0;
}

static int pack_cmd_sign(int argc, char **argv) {
  const char *sec = pack_option(argc, argv, "-s", NULL);
  if (argc < 3 || !sec) return pack_usage();
  char err[512], comment[256], untrusted[128], path[2048], id[17];
  minisig_secret_key key;
  unsigned char hash[64];
  pack *p = pack_open(argv[2], err, sizeof err);
  if (!p) { fprintf(stderr, "wegwijs-pack: %s: %s\n", argv[2], err); return 1; }
  snprintf(comment, sizeof comment, "wegwijs-pack name=%s version=%d", pack_name(p), pack_version(p));
  pack_close(p);
  if (minisig_load_secret_key(sec, &key, err, sizeof err) || minisig_hash_file(argv[2], hash, NULL, NULL, err, sizeof err)) {
    fprintf(stderr, "wegwijs-pack: %s\n", err);
    sodium_memzero(&key, sizeof key);
    return 1;
  }
  minisig_key_id_hex(key.key_id, id);
  snprintf(untrusted, sizeof untrusted, "signature from minisign secret key %s", id);
  char *text = minisig_sign(hash, &key, untrusted, comment, err, sizeof err);
  sodium_memzero(&key, sizeof key);
  if (!text) { fprintf(stderr, "wegwijs-pack: %s\n", err); return 1; }
  snprintf(path, sizeof path, "%s.minisig", argv[2]);
  int rc = util_write_file_atomic(path, text, strlen(text), err, sizeof err);
  free(text);
  if (rc) { fprintf(stderr, "wegwijs-pack: %s\n", err); return 1; }
  printf("signed %s with key %s: %s\n", path, id, comment);
  return 0;
}

static int pack_cmd_researcher_keygen(const char *dir) {
  unsigned char pk[32], sk[32];
  char hex[65], path[1200], err[512];
  if (sodium_init() < 0) return 1;
  mkdir(dir, 0700);
  snprintf(path, sizeof path, "%s/researcher.sk", dir);
  if (access(path, F_OK) == 0) { fprintf(stderr, "wegwijs-pack: %s exists already; not overwriting\n", path); return 1; }
  crypto_box_keypair(pk, sk);
  sodium_bin2hex(hex, sizeof hex, sk, 32);
  sodium_memzero(sk, sizeof sk);
  hex[64] = '\n';
  FILE *f = fopen(path, "wx");
  if (!f || fchmod(fileno(f), 0600) || fwrite(hex, 1, 65, f) != 65 || fclose(f)) { fprintf(stderr, "wegwijs-pack: cannot write %s\n", path); return 1; }
  sodium_memzero(hex, sizeof hex);
  sodium_bin2hex(hex, sizeof hex, pk, 32);
  hex[64] = '\n';
  snprintf(path, sizeof path, "%s/researcher.pk", dir);
  if (util_write_file_atomic(path, hex, 65, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); return 1; }
  printf("researcher key pair in %s (researcher.pk goes into the pack)\n", dir);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return pack_usage();
  const char *cmd = argv[1];
  if (!strcmp(cmd, "extract") && argc >= 3) return pack_cmd_extract(argv[2], 0);
  if (!strcmp(cmd, "update") && argc >= 3) return pack_cmd_update(argv[2]);
  if (!strcmp(cmd, "build")) return pack_cmd_build(argc, argv);
  if (!strcmp(cmd, "check") && argc >= 3)
    return checker_main(argv[2], pack_flag(argc, argv, "--json"), pack_option(argc, argv, "--assets", NULL),
                        pack_option(argc, argv, "--fonts", NULL));
  if (!strcmp(cmd, "keygen")) return pack_cmd_keygen(argc, argv);
  if (!strcmp(cmd, "sign")) return pack_cmd_sign(argc, argv);
  if (!strcmp(cmd, "info") && argc >= 3) return checker_info(argv[2], pack_flag(argc, argv, "--json"));
  if (!strcmp(cmd, "voice-script")) return voice_script_main(argc - 1, argv + 1);
  if (!strcmp(cmd, "voice-import")) return voice_import_main(argc - 1, argv + 1);
  if (!strcmp(cmd, "researcher-keygen") && argc >= 3) return pack_cmd_researcher_keygen(argv[2]);
  return pack_usage();
}
