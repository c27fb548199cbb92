/* main.c — wegwijs-pack: the content team's tool. extract, update, build, check,
 * keygen, sign, info (and researcher-keygen for demos). Each command prints one clear
 * line per problem; exit status 0 done, 1 refused or failed, 2 usage error. */
#include "build.h"
#include "catalog.h"
#include "checker.h"
#include "content.h"
#include "report.h"
#include "voice.h"
#include "pack/install.h"
#include "pack/minisig.h"
#include "pack/pack.h"
#include "pack/waits.h"
#include "util/util.h"
#include <getopt.h>
#include <sodium.h>
#include <string.h>    /* strcmp */
#include <sys/stat.h>  /* mkdir */
#include <unistd.h>    /* access */

/* ------------------------------------------------------------------ command line */

/* Each subcommand is a row of pack_commands[] at the end of this file: its options, its
 * number of operands, its help and the function that runs it. Options may stand before,
 * between or after the operands (getopt_long permutes); "--" ends the options. */

#define PACK_MAX_OPTIONS 10

typedef struct {
  const char *name;      /* long name without "--" */
  char letter;           /* short form, or 0 */
  int takes_value;
} pack_option;

struct pack_command;

/* A parsed subcommand line. value[i] belongs to command->options[i]: NULL when not
 * given, "" for a flag that was given, else the (last) value. */
typedef struct {
  const struct pack_command *command;
  const char *value[PACK_MAX_OPTIONS];
  char **operand;
  int operand_count;
} pack_args;

typedef struct pack_command {
  const char *name;
  const char *synopsis;        /* after "wegwijs-pack NAME " */
  const char *help;            /* what it does, then one line per option (without --help) */
  int operand_count;           /* exact number of operands */
  pack_option options[PACK_MAX_OPTIONS];
  int (*run)(const pack_args *a);
} pack_command;

/* Value of the option called name (see pack_args), or NULL. */
static const char *pack_value(const pack_args *a, const char *name) {
  for (int i = 0; i < PACK_MAX_OPTIONS && a->command->options[i].name; i++)
    if (!strcmp(a->command->options[i].name, name)) return a->value[i];
  expect(!"pack_value: option not in the command's table");
  return NULL;
}

/* Prints a usage error for the command (or the program when a is NULL); returns 2. */
static int pack_usage_error(const pack_args *a, const char *message) {
  const char *name = a ? a->command->name : NULL;
  if (message) fprintf(stderr, "wegwijs-pack%s%s: %s\n", name ? " " : "", name ? name : "", message);
  fprintf(stderr, "Try 'wegwijs-pack%s%s --help'.\n", name ? " " : "", name ? name : "");
  return 2;
}

static void pack_command_help(const pack_command *c) {
  printf("usage: wegwijs-pack %s %s\n%s  -h, --help                  show this help and exit\n", c->name, c->synopsis, c->help);
}

/* Parses argv (argv[0] is the command's name) into a. Returns -1 after --help was
 * printed, 0 when the line is complete, else 2 after a usage error was printed. */
static int pack_parse(const pack_command *c, int argc, char **argv, pack_args *a) {
  struct option longs[PACK_MAX_OPTIONS + 2];
  char shorts[2 * PACK_MAX_OPTIONS + 2], *s = shorts;
  static char program[64];   /* argv[0] for getopt's messages; outlives the call */
  int n = 0;
  memset(a, 0, sizeof *a);
  a->command = c;
  for (; n < PACK_MAX_OPTIONS && c->options[n].name; n++) {   /* a long option returns 0x100 + its row */
    longs[n] = (struct option){ c->options[n].name, c->options[n].takes_value ? required_argument : no_argument, NULL, 0x100 + n };
    if (c->options[n].letter) { *s++ = c->options[n].letter; if (c->options[n].takes_value) *s++ = ':'; }
  }
  longs[n] = (struct option){ "help", no_argument, NULL, 'h' };
  longs[n + 1] = (struct option){ 0, 0, 0, 0 };
  *s++ = 'h';
  *s = 0;
  snprintf(program, sizeof program, "wegwijs-pack %s", c->name);
  argv[0] = program;
  optind = 0;   /* glibc: 0 re-initialises, so the top level's "+" does not carry over */
  for (int opt; (opt = getopt_long(argc, argv, shorts, longs, NULL)) != -1;) {
    if (opt == 'h') { pack_command_help(c); return -1; }
    int i = opt >= 0x100 ? opt - 0x100 : -1;
    for (int k = 0; i < 0 && k < n; k++) if (c->options[k].letter == opt) i = k;
    if (i < 0) return pack_usage_error(a, NULL);   /* getopt said what was wrong */
    a->value[i] = optarg ? optarg : "";
  }
  a->operand = argv + optind;
  a->operand_count = argc - optind;
  if (a->operand_count != c->operand_count) {
    char message[128];
    snprintf(message, sizeof message, "wants %d operand%s, got %d (usage: wegwijs-pack %s %s)", c->operand_count,
             c->operand_count == 1 ? "" : "s", a->operand_count, c->name, c->synopsis);
    return pack_usage_error(a, message);
  }
  return 0;
}

/* A required option that is missing: a usage error. */
static int pack_missing(const pack_args *a, const char *what) {
  char message[96];
  snprintf(message, sizeof message, "%s is required", what);
  return pack_usage_error(a, message);
}

/* ------------------------------------------------------------------ commands */

static int pack_load_content(content *c, const char *dir, report *r) {
  char err[512];
  if (content_load(c, dir, r, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); return -1; }
  return 0;
}

/* Writes DIR/po/wegwijs.pot. Returns the exit code. */
static int pack_extract(const char *dir) {
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
  printf("wrote %s: %d translation units\n", path, c.unit_count);
  rc = 0;
done:
  content_free(&c);
  report_free(&r);
  return rc;
}

static int pack_cmd_extract(const pack_args *a) { return pack_extract(a->operand[0]); }

static int pack_cmd_update(const pack_args *a) {
  const char *dir = a->operand[0];
  if (pack_extract(dir)) return 1;
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

/* Reads and checks a typical-waits table (`wegwijs-collect export --waits`) for
 * build --waits. A table without a row for group is still taken (the kiosk then shows
 * no callout), with a warning. Returns 0 with *text malloc'd, or 1 after a message. */
static int pack_read_waits(const char *path, const char *group, char **text) {
  char err[512];
  size_t len;
  *text = util_read_file(path, WAITS_MAX_BYTES + 1, &len, err, sizeof err);
  if (!*text) { fprintf(stderr, "wegwijs-pack: --waits: %s\n", err); return 1; }
  waits_table *t = util_malloc(sizeof *t);
  int bad = len > WAITS_MAX_BYTES ? util_error(err, sizeof err, "%s: larger than %d bytes (fewer groups?)", path, WAITS_MAX_BYTES)
                                  : waits_parse(*text, len, path, t, err, sizeof err);
  int rows = 0;
  for (int i = 0; !bad && i < t->row_count; i++) rows += !strcmp(t->rows[i].group, group ? group : "all");
  free(t);
  if (bad) { fprintf(stderr, "wegwijs-pack: --waits refused: %s\n", err); free(*text); *text = NULL; return 1; }
  if (!rows) fprintf(stderr, "wegwijs-pack: warning: %s has no row for group '%s': the kiosk will show no typical wait\n",
                     path, group ? group : "all");
  return 0;
}

static int pack_cmd_build(const pack_args *a) {
  const char *out = pack_value(a, "output"), *version = pack_value(a, "version");
  const char *rkey = pack_value(a, "researcher-key"), *jobs = pack_value(a, "jobs");
  if (!out) return pack_missing(a, "-o PACK");
  content c;
  report r = { 0 };
  char err[512], pk[65];
  build_audio_stats stats;
  build_options options = { pack_value(a, "assets"), version ? atoi(version) : 0, NULL, pack_value(a, "audio"),
                            pack_value(a, "audio-cache"), jobs ? atoi(jobs) : 0, &stats, NULL, NULL };
  if (version && options.version <= 0) return pack_usage_error(a, "--version must be a positive integer");
  if (jobs && (options.audio_threads <= 0 || options.audio_threads > 64)) return pack_usage_error(a, "--jobs must be 1..64");
  if (rkey) {
    if (build_read_researcher_key(rkey, pk, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); return 1; }
    options.researcher_pk = pk;
  }
  const char *waits_file = pack_value(a, "waits");
  options.waits_group = pack_value(a, "waits-group");
  if (options.waits_group && !waits_file) return pack_usage_error(a, "--waits-group needs --waits FILE");
  if (options.waits_group && !pack_name_valid(options.waits_group))
    return pack_usage_error(a, "--waits-group must be a safe name (a-z, 0-9, '-', '_')");
  char *waits_text = NULL;
  if (waits_file && pack_read_waits(waits_file, options.waits_group, &waits_text)) return 1;
  options.waits = waits_text;
  int rc = 1;
  if (pack_load_content(&c, a->operand[0], &r)) goto done;
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
  if (waits_text) printf("typical waits: %s (group %s)\n", waits_file, options.waits_group ? options.waits_group : "all");
  rc = 0;
done:
  free(waits_text);
  content_free(&c);
  report_free(&r);
  return rc;
}

static int pack_cmd_keygen(const pack_args *a) {
  const char *pub = pack_value(a, "public"), *sec = pack_value(a, "secret");
  char err[512];
  if (!pub) return pack_missing(a, "-p PUBLIC");
  if (!sec) return pack_missing(a, "-s SECRET");
  if (minisig_keygen(pub, sec, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); return 1; }
  minisig_public_key key;
  minisig_load_public_key(pub, &key, err, sizeof err);
  char id[17];
  minisig_key_id_hex(key.key_id, id);
  printf("key %s: public %s, secret %s (keep it off the kiosk)\n", id, pub, sec);
  return 0;
}

static int pack_cmd_sign(const pack_args *a) {
  const char *sec = pack_value(a, "secret"), *file = a->operand[0];
  if (!sec) return pack_missing(a, "-s SECRET");
  char err[512], comment[256], untrusted[128], path[2048], id[17];
  minisig_secret_key key;
  unsigned char hash[64];
  pack *p = pack_open(file, err, sizeof err);
  if (!p) { fprintf(stderr, "wegwijs-pack: %s: %s\n", file, err); return 1; }
  snprintf(comment, sizeof comment, "wegwijs-pack name=%s version=%d", pack_name(p), pack_version(p));
  pack_close(p);
  if (minisig_load_secret_key(sec, &key, err, sizeof err) || minisig_hash_file(file, hash, NULL, NULL, err, sizeof err)) {
    fprintf(stderr, "wegwijs-pack: %s\n", err);
    sodium_memzero(&key, sizeof key);
    return 1;
  }
  minisig_key_id_hex(key.key_id, id);
  snprintf(untrusted, sizeof untrusted, "signature from minisign secret key %s", id);
  char *text = minisig_sign(hash, &key, untrusted, comment, err, sizeof err);
  sodium_memzero(&key, sizeof key);
  if (!text) { fprintf(stderr, "wegwijs-pack: %s\n", err); return 1; }
  snprintf(path, sizeof path, "%s.minisig", file);
  int rc = util_write_file_atomic(path, text, strlen(text), err, sizeof err);
  free(text);
  if (rc) { fprintf(stderr, "wegwijs-pack: %s\n", err); return 1; }
  printf("signed %s with key %s: %s\n", path, id, comment);
  return 0;
}

static int pack_cmd_researcher_keygen(const pack_args *a) {
  const char *dir = a->operand[0];
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

static int pack_cmd_check(const pack_args *a) {
  return checker_main(a->operand[0], pack_value(a, "json") != NULL, pack_value(a, "assets"), pack_value(a, "fonts"));
}

static int pack_cmd_info(const pack_args *a) { return checker_info(a->operand[0], pack_value(a, "json") != NULL); }

/* ------------------------------------------------------------------ the table */

/* The help texts are the reference; wegwijs-pack.1.scd says the same in more words
 * (tests/t_pack_cli.sh checks that every option here is in the man page). */
static const pack_command pack_commands[] = {
  { "extract", "CONTENT",
    "Write CONTENT/po/wegwijs.pot from the Dutch sources.\n", 1, { { 0 } }, pack_cmd_extract },
  { "update", "CONTENT",
    "Extract, then merge the template into every CONTENT/po/LANG.po (changed strings become fuzzy).\n",
    1, { { 0 } }, pack_cmd_update },
  { "build", "CONTENT -o PACK [OPTION]...",
    "Build a content pack (an SQLite file) from the content tree CONTENT.\n"
    "  -o, --output PACK           the pack to write (required)\n"
    "      --version N             pack version (default: CONTENT/pack.meta's)\n"
    "      --researcher-key FILE   researchers' public key (hex) to put into the pack\n"
    "      --assets DIR            pictogram folder (default: CONTENT/../assets/pictograms)\n"
    "      --audio all|route|none  which read-aloud clips to generate (default: all)\n"
    "      --audio-cache DIR       reuse and keep generated clips here (\"\" = none)\n"
    "      --jobs N                speech threads, 1..64 (default: the cores)\n"
    "      --waits FILE            typical waits to sign into the pack (wegwijs-collect export --waits)\n"
    "      --waits-group NAME      the group of sites in FILE this pack's kiosks show (default: all)\n",
    1, { { "output", 'o', 1 }, { "version", 0, 1 }, { "researcher-key", 0, 1 }, { "assets", 0, 1 }, { "audio", 0, 1 },
         { "audio-cache", 0, 1 }, { "jobs", 0, 1 }, { "waits", 0, 1 }, { "waits-group", 0, 1 } }, pack_cmd_build },
  { "check", "PACK_OR_CONTENT [OPTION]...",
    "Check a pack or a content tree: translations, links, glyphs, overflow, bidi, sizes.\n"
    "Exit status 1 when there are errors (warnings alone give 0).\n"
    "      --json                  the report as JSON\n"
    "      --assets DIR            pictogram folder when checking a content tree\n"
    "      --fonts DIR             fonts to check glyphs and overflow with (default: the kiosk's)\n",
    1, { { "json", 0, 0 }, { "assets", 0, 1 }, { "fonts", 0, 1 } }, pack_cmd_check },
  { "keygen", "-p PUBLIC -s SECRET",
    "Make a minisign-compatible key pair (the secret key is not encrypted).\n"
    "  -p, --public FILE           where to write the public key (required)\n"
    "  -s, --secret FILE           where to write the secret key (required)\n",
    0, { { "public", 'p', 1 }, { "secret", 's', 1 } }, pack_cmd_keygen },
  { "sign", "PACK -s SECRET",
    "Write PACK.minisig, trusted comment 'wegwijs-pack name=N version=V'.\n"
    "  -s, --secret FILE           the secret key (required)\n",
    1, { { "secret", 's', 1 } }, pack_cmd_sign },
  { "info", "PACK [--json]",
    "Show a pack's metadata and per-language translation state.\n"
    "      --json                  as JSON\n",
    1, { { "json", 0, 0 } }, pack_cmd_info },
  { "researcher-keygen", "DIR",
    "Make a demo researchers' crypto_box key pair: DIR/researcher.pk and .sk (hex).\n",
    1, { { 0 } }, pack_cmd_researcher_keygen },
};

static void pack_help(void) {
  printf("usage: wegwijs-pack [--help | --version] COMMAND [ARGUMENT]...\n"
         "The content team's tool: build, check and sign Wegwijs content packs.\n\ncommands:\n");
  for (size_t i = 0; i < UTIL_COUNT(pack_commands); i++)
    printf("  %s %s\n", pack_commands[i].name, pack_commands[i].synopsis);
  printf("  voice-script CONTENT LANG [-o DIR] [--json] [--pages ID,...] [--missing]\n"
         "  voice-import CONTENT LANG DIR\n");
  printf("\n  -h, --help                  show this help and exit\n"
         "  -V, --version               show the program's version and exit\n"
         "'wegwijs-pack COMMAND --help' lists a command's options; they may stand anywhere.\n"
         "exit status: 0 done, 1 refused or failed, 2 usage error. See wegwijs-pack(1).\n");
}

int main(int argc, char **argv) {
  static const struct option options[] = {
    { "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, { 0, 0, 0, 0 }
  };
  /* "+": the program's own options stop at the command, whose options are its own
   * (build --version N is not the program's --version). */
  for (int opt; (opt = getopt_long(argc, argv, "+hV", options, NULL)) != -1;) {
    if (opt == 'h') { pack_help(); return 0; }
    if (opt == 'V') { printf("wegwijs-pack %s\n", WEGWIJS_VERSION); return 0; }
    return pack_usage_error(NULL, NULL);
  }
  if (optind >= argc) return pack_usage_error(NULL, "no command given");
  /* The recording commands parse their own options (getopt_long, same conventions). */
  if (!strcmp(argv[optind], "voice-script")) return voice_script_main(argc - optind, argv + optind);
  if (!strcmp(argv[optind], "voice-import")) return voice_import_main(argc - optind, argv + optind);
  for (size_t i = 0; i < UTIL_COUNT(pack_commands); i++) {
    if (strcmp(argv[optind], pack_commands[i].name)) continue;
    pack_args a;
    int rc = pack_parse(&pack_commands[i], argc - optind, argv + optind, &a);
    return rc < 0 ? 0 : rc ? rc : pack_commands[i].run(&a);
  }
  fprintf(stderr, "wegwijs-pack: unknown command '%s'\n", argv[optind]);
  return pack_usage_error(NULL, NULL);
}
