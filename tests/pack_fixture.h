/* pack_fixture.h — for C tests: a copy of a built pack re-versioned and signed with a
 * test key, as `wegwijs-pack build --version N` + `sign` would make it. */
#ifndef WEGWIJS_TESTS_PACK_FIXTURE_H
#define WEGWIJS_TESTS_PACK_FIXTURE_H
#include "pack/minisig.h"
#include "util/util.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies base to out, sets its meta version, writes out.minisig with the secret key
 * at secret_path (trusted comment "wegwijs-pack name=test-mini version=N"). Any
 * failure stops the test through expect(). */
static void pack_fixture_version(const char *base, const char *out, int version, const char *secret_path) {
  char cmd[1024], sql[128], comment[96], sig[600], err[512];
  snprintf(cmd, sizeof cmd, "cp %s %s", base, out);
  expect(system(cmd) == 0);
  sqlite3 *db;
  expect(sqlite3_open(out, &db) == SQLITE_OK);
  snprintf(sql, sizeof sql, "UPDATE meta SET value = '%d' WHERE key = 'version'", version);
  expect(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(db);
  minisig_secret_key key;
  unsigned char hash[64];
  expect(minisig_load_secret_key(secret_path, &key, err, sizeof err) == 0);
  expect(minisig_hash_file(out, hash, NULL, NULL, err, sizeof err) == 0);
  snprintf(comment, sizeof comment, "wegwijs-pack name=test-mini version=%d", version);
  char *text = minisig_sign(hash, &key, "test", comment, err, sizeof err);
  snprintf(sig, sizeof sig, "%s.minisig", out);
  expect(text && util_write_file_atomic(sig, text, strlen(text), err, sizeof err) == 0);
  free(text);
}
#endif
