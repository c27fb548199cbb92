/* test_checkin_formats.c — record text, sealing, bundles and receipts: round trips,
 * strict parsing and rejection of every kind of damage. */
#include "checkin/bundle.h"
#include "checkin/receipt.h"
#include "checkin/record.h"
#include "check.h"
#include "util/util.h"
#include <sodium.h>
#include <string.h>

static record sample_record(void) {
  record r;
  memset(&r, 0, sizeof r);
  randombytes_buf(r.id, sizeof r.id);
  strcpy(r.site, "azc-Ter.Apel_2");
  strcpy(r.day, "2026-11-27");
  r.daypart = 2;
  r.questionnaire_version = 1;
  r.pack_version = 7;
  r.flags = RECORD_FLAG_RAPID;
  strcpy(r.answers[0].question, "mood");
  strcpy(r.answers[0].choices[0], "4");
  r.answers[0].choice_count = 1;
  strcpy(r.answers[1].question, "activities");
  strcpy(r.answers[1].choices[0], "course");
  strcpy(r.answers[1].choices[1], "sport");
  r.answers[1].choice_count = 2;
  r.answer_count = 2;
  return r;
}

static int record_equal(const record *a, const record *b) {
  if (memcmp(a->id, b->id, 16) || strcmp(a->site, b->site) || strcmp(a->day, b->day) ||
      a->daypart != b->daypart || a->questionnaire_version != b->questionnaire_version ||
      a->pack_version != b->pack_version || a->flags != b->flags || a->answer_count != b->answer_count)
    return 0;
  for (int i = 0; i < a->answer_count; i++) {
    if (strcmp(a->answers[i].question, b->answers[i].question) ||
        a->answers[i].choice_count != b->answers[i].choice_count) return 0;
    for (int c = 0; c < a->answers[i].choice_count; c++)
      if (strcmp(a->answers[i].choices[c], b->answers[i].choices[c])) return 0;
  }
  return 1;
}

static void test_record_text(void) {
  char err[256], text[RECORD_TEXT_MAX];
  record r = sample_record(), back;
  int n = record_encode(&r, text, sizeof text, err, sizeof err);
  CHECK(n == RECORD_PADDED, "padded to %d, got %d (%s)", RECORD_PADDED, n, err);
  CHECK(n > 0 && strstr(text, "a.activities=course,sport\n") != NULL, "multiple choice line");
  CHECK(n > 0 && strstr(text, "flags=rapid\n") != NULL, "rapid flag");
  CHECK(record_parse(text, (size_t)n, &back, err, sizeof err) == 0, "parse: %s", err);
  CHECK(record_equal(&r, &back), "round trip keeps every field");

  /* Same padded size with no answers: the sealed size does not reveal skipping. */
  record empty = r;
  empty.answer_count = 0;
  CHECK(record_encode(&empty, text, sizeof text, err, sizeof err) == RECORD_PADDED, "skip-all pads equally");

  /* Free text cannot get in: codes and site have fixed alphabets. */
  record bad = r;
  strcpy(bad.answers[0].choices[0], "Ik heet Ahmed");
  CHECK(record_encode(&bad, text, sizeof text, err, sizeof err) < 0, "space in code refused");
  bad = r; strcpy(bad.site, "azc\nv=2");
  CHECK(record_encode(&bad, text, sizeof text, err, sizeof err) < 0, "newline in site refused");
  bad = r; bad.daypart = 4;
  CHECK(record_encode(&bad, text, sizeof text, err, sizeof err) < 0, "daypart 4 refused");
  bad = r; strcpy(bad.day, "2026-13-01");
  CHECK(record_encode(&bad, text, sizeof text, err, sizeof err) < 0, "month 13 refused");
  bad = r; strcpy(bad.answers[1].choices[1], "course");
  CHECK(record_encode(&bad, text, sizeof text, err, sizeof err) < 0, "duplicate code refused");

  /* Strict parser. */
  const char *cases[] = {
    "v=1\nid=00112233445566778899aabbccddeeff\nsite=x\nday=2026-11-27\ndaypart=1\nquestionnaire=1\npack=7\nflags=\nlang=ar\n",
    "v=2\nid=00112233445566778899aabbccddeeff\nsite=x\nday=2026-11-27\ndaypart=1\nquestionnaire=1\npack=7\nflags=\n",
    "v=1\nid=00112233445566778899AABBCCDDEEFF\nsite=x\nday=2026-11-27\ndaypart=1\nquestionnaire=1\npack=7\nflags=\n",
    "v=1\nid=00112233445566778899aabbccddeeff\nsite=x\nday=2026-11-27\ndaypart=01\nquestionnaire=1\npack=7\nflags=\n",
    "v=1\nid=00112233445566778899aabbccddeeff\nsite=x\nday=2026-11-27\ndaypart=1\nquestionnaire=1\npack=7\nflags=\na.mood=1,\n",
    "v=1\nid=00112233445566778899aabbccddeeff\nsite=x\nday=2026-11-27\ndaypart=1\nquestionnaire=1\npack=7\nflags=\na.mood=1\na.mood=2\n",
    "v=1\nid=00112233445566778899aabbccddeeff\nsite=x\nday=2026-11-27\ndaypart=1\nquestionnaire=1\npack=7\n",
    "v=1\nid=00112233445566778899aabbccddeeff\nsite=x\nday=2026-11-27\ndaypart=1\nquestionnaire=1\npack=7\nflags=",
    "v=1\nsite=x\nid=00112233445566778899aabbccddeeff\nday=2026-11-27\ndaypart=1\nquestionnaire=1\npack=7\nflags=\n",
  };
  for (size_t i = 0; i < UTIL_COUNT(cases); i++)
    CHECK(record_parse(cases[i], strlen(cases[i]), &back, err, sizeof err) < 0, "bad record %zu refused", i);
  const char *good = "v=1\nid=00112233445566778899aabbccddeeff\nsite=x\nday=2026-11-27\ndaypart=1\nquestionnaire=1\npack=7\nflags=\na.mood=1\n   ";
  CHECK(record_parse(good, strlen(good), &back, err, sizeof err) == 0, "good record: %s", err);
}

static void test_seal(void) {
  char err[256];
  unsigned char pk[32], sk[32], pk2[32], sk2[32], sealed[RECORD_SEALED_MAX];
  crypto_box_keypair(pk, sk);
  crypto_box_keypair(pk2, sk2);
  record r = sample_record(), back;
  int n = record_seal(&r, pk, sealed, sizeof sealed, err, sizeof err);
  CHECK(n == RECORD_PADDED + 48, "sealed length %d", n);
  CHECK(n > 0 && memmem(sealed, (size_t)n, "mood", 4) == NULL, "no plaintext in the sealed bytes");
  CHECK(record_open(sealed, (size_t)n, pk, sk, &back, err, sizeof err) == 0 && record_equal(&r, &back), "opens: %s", err);
  CHECK(record_open(sealed, (size_t)n, pk2, sk2, &back, err, sizeof err) < 0, "wrong key refused");
  sealed[100] ^= 1;
  CHECK(record_open(sealed, (size_t)n, pk, sk, &back, err, sizeof err) < 0, "tampered seal refused");
  unsigned char id1[8], id2[8];
  record_key_id(pk, id1);
  record_key_id(pk2, id2);
  CHECK(memcmp(id1, id2, 8) != 0, "key ids differ per key");
  char day[11]; int part = -1;
  record_day_of(1700000000LL, day, &part);
  CHECK(strlen(day) == 10 && part >= 0 && part <= 3, "day_of gives %s part %d", day, part);
}

static void test_bundle(void) {
  char err[256];
  unsigned char kpk[32], ksk[64], rpk[32], rsk[32];
  crypto_sign_keypair(kpk, ksk);
  crypto_box_keypair(rpk, rsk);
  enum { N = 5 };
  unsigned char sealed[N][RECORD_SEALED_MAX];
  bundle_entry e[N];
  for (int i = 0; i < N; i++) {
    record r = sample_record();
    int n = record_seal(&r, rpk, sealed[i], sizeof sealed[i], err, sizeof err);
    e[i].epoch = 0x1234567890abcdefULL;
    e[i].seq = (uint64_t)i + 1;
    record_key_id(rpk, e[i].key_id);
    e[i].sealed = sealed[i];
    e[i].sealed_len = (size_t)n;
  }
  unsigned char *b = NULL, hash[32];
  size_t len = 0;
  CHECK(bundle_build(ksk, "2026-11-27", e, N, &b, &len, hash, err, sizeof err) == 0, "build: %s", err);
  bundle_info info;
  CHECK(bundle_parse(b, len, &info, err, sizeof err) == 0, "parse: %s", err);
  CHECK(info.count == N && !memcmp(info.kiosk_pk, kpk, 32) && !memcmp(info.hash, hash, 32), "header fields");
  CHECK(info.count == N && info.entries[4].seq == 5 && info.entries[4].epoch == 0x1234567890abcdefULL, "entry fields");
  record back;
  CHECK(info.count == N && record_open(info.entries[2].sealed, info.entries[2].sealed_len, rpk, rsk, &back, err, sizeof err) == 0,
        "record opens from the bundle");
  bundle_info_free(&info);
  /* Every single-byte change anywhere must be refused (hash or signature or layout). */
  int accepted = 0;
  for (size_t i = 0; i < len; i += (i < 200 || i > len - 200) ? 1 : 37) {
    b[i] ^= 0x20;
    if (bundle_parse(b, len, &info, err, sizeof err) == 0) { accepted++; bundle_info_free(&info); }
    b[i] ^= 0x20;
  }
  CHECK(accepted == 0, "%d damaged bundles accepted", accepted);
  /* Every truncation is refused. */
  for (size_t cut = 0; cut < len; cut += 13)
    if (bundle_parse(b, cut, &info, err, sizeof err) == 0) { accepted++; bundle_info_free(&info); }
  CHECK(accepted == 0, "truncated bundle accepted");
  /* Re-signed by another kiosk key but claiming the first: refused. */
  unsigned char opk[32], osk[64];
  crypto_sign_keypair(opk, osk);
  unsigned char *b2 = NULL; size_t len2 = 0;
  CHECK(bundle_build(osk, "2026-11-27", e, N, &b2, &len2, NULL, err, sizeof err) == 0, "second build");
  memcpy(b2 + 8, kpk, 32);
  CHECK(bundle_parse(b2, len2, &info, err, sizeof err) < 0, "swapped kiosk key refused (%s)", err);
  free(b2);
  /* Out-of-order entries are refused at build. */
  e[1].seq = 1;
  CHECK(bundle_build(ksk, "2026-11-27", e, N, &b2, &len2, NULL, err, sizeof err) < 0, "repeated seq refused");
  /* Empty bundle is valid. */
  CHECK(bundle_build(ksk, "2026-11-27", NULL, 0, &b2, &len2, NULL, err, sizeof err) == 0 &&
        bundle_parse(b2, len2, &info, err, sizeof err) == 0 && info.count == 0, "empty bundle");
  bundle_info_free(&info);
  free(b2);
  free(b);
}

static void test_receipt(void) {
  char err[256];
  unsigned char cpk[32], csk[64], kpk[32], ksk[64], opk[32], osk[64];
  crypto_sign_keypair(cpk, csk);
  crypto_sign_keypair(kpk, ksk);
  crypto_sign_keypair(opk, osk);
  receipt_range ranges[2] = { { .epoch = 77, .first_seq = 1, .last_seq = 40 }, { .epoch = 1234, .first_seq = 3, .last_seq = 3 } };
  memset(ranges[1].content, 0x5a, 32);
  receipt r;
  memset(&r, 0, sizeof r);
  memcpy(r.kiosk_pk, kpk, 32);
  memset(r.bundle_hash, 0xab, 32);
  strcpy(r.created_day, "2026-11-28");
  r.count_new = 41; r.count_duplicate = 2; r.count_conflict = 1;
  r.ranges = ranges; r.range_count = 2;
  unsigned char *b = NULL; size_t len = 0;
  CHECK(receipt_create(&r, csk, &b, &len, err, sizeof err) == 0, "create: %s", err);
  receipt back;
  CHECK(receipt_parse(b, len, &back, err, sizeof err) == 0, "parse: %s", err);
  CHECK(back.range_count == 2 && back.ranges[0].last_seq == 40 && back.ranges[1].epoch == 1234 &&
        back.ranges[1].content[31] == 0x5a && back.version == RECEIPT_VERSION &&
        back.count_new == 41 && back.count_conflict == 1 && !memcmp(back.collector_pk, cpk, 32), "fields");
  unsigned char trusted[2][32];
  memcpy(trusted[0], opk, 32);
  CHECK(receipt_check_trust(&back, (const unsigned char (*)[32])trusted, 1, kpk, err, sizeof err) < 0, "untrusted collector refused");
  memcpy(trusted[1], cpk, 32);
  CHECK(receipt_check_trust(&back, (const unsigned char (*)[32])trusted, 2, kpk, err, sizeof err) == 0, "trusted: %s", err);
  CHECK(receipt_check_trust(&back, (const unsigned char (*)[32])trusted, 2, opk, err, sizeof err) < 0, "other kiosk refused");
  receipt_free(&back);
  int accepted = 0;
  for (size_t i = 0; i < len; i++) {
    b[i] ^= 0x01;
    if (receipt_parse(b, len, &back, err, sizeof err) == 0) { accepted++; receipt_free(&back); }
    b[i] ^= 0x01;
  }
  for (size_t cut = 0; cut < len; cut++)
    if (receipt_parse(b, cut, &back, err, sizeof err) == 0) { accepted++; receipt_free(&back); }
  CHECK(accepted == 0, "%d damaged receipts accepted", accepted);
  free(b);
  ranges[0].first_seq = 50;
  CHECK(receipt_create(&r, csk, &b, &len, err, sizeof err) < 0, "backwards range refused");
}

int main(void) {
  expect(sodium_init() >= 0);
  test_record_text();
  test_seal();
  test_bundle();
  test_receipt();
  return check_report();
}
