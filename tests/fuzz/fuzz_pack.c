/* fuzz_pack.c — libFuzzer target for what a pack's untrusted bytes reach: the
 * .minisig parser and verifier, the trusted-comment parser, and the hardened SQLite
 * opener + validator followed by everything the kiosk reads from a valid pack (site for
 * every language, pictograms, audio). The first input byte picks the path; for the
 * opener the rest is the pack file (signature checking is skipped so the fuzzer
 * reaches the code behind it, as an attacker with a stolen key would). */
#include "pack/install.h"
#include "pack/minisig.h"
#include "pack/pack.h"
#include "pack/site.h"
#include "util/util.h"
#include <stdint.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_signature(const uint8_t *data, size_t size) {
  static const minisig_public_key key = { { 1, 2, 3, 4, 5, 6, 7, 8 }, { 0x3d, 0x40, 0x17, 0xc3 } };
  minisig_signature sig;
  char err[512], name[64];
  int version;
  unsigned char hash[64] = { 0 };
  if (minisig_parse_signature((const char *)data, size, &sig, err, sizeof err) == 0) {
    minisig_verify(&sig, hash, &key, 1, err, sizeof err);
    pack_parse_trusted_comment(sig.trusted_comment, name, &version, err, sizeof err);
  }
  minisig_public_key pk;
  minisig_parse_public_key((const char *)data, size, &pk, err, sizeof err);
}

static void fuzz_open(const uint8_t *data, size_t size) {
  static char path[64];
  char err[512];
  if (!path[0]) snprintf(path, sizeof path, "/tmp/fuzz-pack-%ld.wwpack", (long)getpid());
  FILE *f = fopen(path, "wb");   /* no fsync: the fuzzer must be fast, the file is scratch */
  if (!f) return;
  int written = fwrite(data, 1, size, f) == size;
  if (fclose(f) != 0 || !written) return;
  pack *p = pack_open(path, err, sizeof err);
  if (!p) return;
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(pack_db(p), "SELECT code FROM languages", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    site *s = site_load(p, (const char *)sqlite3_column_text(st, 0), err, sizeof err);
    if (s) {
      for (int i = 0; i < s->page_count; i++) site_find_page(s, s->pages[i].id);
      site_ui_string(s, "home");
    }
    site_free(s);
  }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(pack_db(p), "SELECT DISTINCT name FROM pictograms", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    int w, h;
    free(pack_pictogram(p, (const char *)sqlite3_column_text(st, 0), 96, &w, &h, err, sizeof err));
  }
  sqlite3_finalize(st);
  size_t len;
  char format[16];
  free(pack_audio(p, 1, &len, format, err, sizeof err));
  pack_close(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  if (data[0] & 1) fuzz_open(data + 1, size - 1);
  else fuzz_signature(data + 1, size - 1);
  return 0;
}
