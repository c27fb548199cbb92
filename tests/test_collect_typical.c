/* test_collect_typical.c — the typical-waits table: which rows `export --waits` may write
 * (tools/collect/typical.c: under k never; a row that the written ones and the "all"
 * total would give away is left out too), and the table parser every reader shares
 * (app/pack/waits.c: a bad table is refused with NAME:LINE). */
#include "../tools/collect/typical.h"
#include "../tests/check.h"
#include <string.h>

enum { K = 10, IND = 0, KOPPELING = 1, HOUSE = 2, FAMILY = 3, COURSE = 4 };
enum { LT1M = 0, M1_3 = 1, M3_6 = 2, M6_12 = 3 };

#define CELL(g, f, b) ((size_t)((g) * WAITS_KINDS + (f)) * WAITS_BUCKETS + (size_t)(b))
#define ROW(g, f) ((g) * WAITS_KINDS + (f))

static void check_suppress(void) {
  int64_t c[4 * WAITS_KINDS * WAITS_BUCKETS];
  char w[4 * WAITS_KINDS];

  /* The loop's own case: 12 wait for a house (3-6 months), 3 for the IND. */
  memset(c, 0, sizeof c);
  c[CELL(0, HOUSE, M3_6)] = 12;
  c[CELL(0, IND, M1_3)] = 3;
  CHECK(typical_suppress(c, 0, 0, K, w) == 0, "suppression runs");
  CHECK(w[ROW(0, HOUSE)] == 1, "the house row (12 >= k) is written");
  CHECK(w[ROW(0, IND)] == 0, "the IND row (3 < k) is not written");
  CHECK(!w[ROW(0, FAMILY)] && !w[ROW(0, KOPPELING)] && !w[ROW(0, COURSE)], "rows nobody answered are not written");

  /* Exactly k is enough. */
  memset(c, 0, sizeof c);
  c[CELL(0, HOUSE, M3_6)] = 12;
  c[CELL(0, IND, M1_3)] = 6; c[CELL(0, IND, M6_12)] = 4;
  CHECK(typical_suppress(c, 0, 0, K, w) == 0 && w[ROW(0, HOUSE)] && w[ROW(0, IND)], "two rows of 12 and 10 are both written");

  /* Secondary: regions A (12 for a house) and B (4): B is under k, and "all" minus A
   * would be B, so A or "all" must be left out too. Group 0 = all, 1 = A, 2 = B. */
  memset(c, 0, sizeof c);
  c[CELL(1, HOUSE, M3_6)] = 8; c[CELL(1, HOUSE, M6_12)] = 4;
  c[CELL(2, HOUSE, M3_6)] = 4;
  c[CELL(0, HOUSE, M3_6)] = 12; c[CELL(0, HOUSE, M6_12)] = 4;
  CHECK(typical_suppress(c, 2, 0, K, w) == 0, "suppression runs (regions)");
  CHECK(w[ROW(2, HOUSE)] == 0, "region B (4 < k) is not written");
  CHECK(!(w[ROW(0, HOUSE)] && w[ROW(1, HOUSE)]), "all and region A are not both written (all - A = B)");
  CHECK(w[ROW(0, HOUSE)] || w[ROW(1, HOUSE)], "one of them is still written");

  /* The same with sites in no region: the rest (5) is never written, and is all - A. */
  memset(c, 0, sizeof c);
  c[CELL(1, HOUSE, M3_6)] = 12;
  c[CELL(2, HOUSE, M3_6)] = 5;   /* group 2 = the rest */
  c[CELL(0, HOUSE, M3_6)] = 17;
  CHECK(typical_suppress(c, 1, 1, K, w) == 0, "suppression runs (rest)");
  CHECK(!(w[ROW(0, HOUSE)] && w[ROW(1, HOUSE)]), "all and region A are not both written (all - A = the rest)");

  /* A region nobody in answered has nothing to protect: it costs the others nothing. */
  memset(c, 0, sizeof c);
  c[CELL(1, HOUSE, M3_6)] = 12;
  c[CELL(0, HOUSE, M3_6)] = 12;
  CHECK(typical_suppress(c, 2, 0, K, w) == 0 && w[ROW(0, HOUSE)] && w[ROW(1, HOUSE)] && !w[ROW(2, HOUSE)],
        "all and A written when region B has no answers at all");

  /* No over-suppression: two regions at or over k, all three written. */
  memset(c, 0, sizeof c);
  c[CELL(1, HOUSE, M3_6)] = 12;
  c[CELL(2, HOUSE, M3_6)] = 6; c[CELL(2, HOUSE, LT1M)] = 5;
  c[CELL(0, HOUSE, M3_6)] = 18; c[CELL(0, HOUSE, LT1M)] = 5;
  CHECK(typical_suppress(c, 2, 0, K, w) == 0 && w[ROW(0, HOUSE)] && w[ROW(1, HOUSE)] && w[ROW(2, HOUSE)],
        "all, A and B (23, 12, 11) are all written");
}

static const char good[] =
  "# wegwijs-waits k=10 weeks=2026-W40..2026-W47 collector=0.1.0\n"
  "group\twaiting_for\tn\tlt1m\t1-3m\t3-6m\t6-12m\t1-2y\tgt2y\tmedian\tweeks\n"
  "all\thouse\t12\t0\t0\t67\t33\t0\t0\t3-6m\t2026-W40..2026-W47\n"
  "noord\tind\t10\t10\t90\t0\t0\t0\t0\t1-3m\t2026-W40..2026-W47\r\n";

/* Replaces the first `from` in good by `to` and parses it; returns the error text. */
static const char *parse_changed(const char *from, const char *to, char *err, size_t errlen) {
  static char text[1024];
  static waits_table t;
  const char *at = strstr(good, from);
  if (!at) { snprintf(err, errlen, "(test: '%s' not in the table)", from); return err; }
  snprintf(text, sizeof text, "%.*s%s%s", (int)(at - good), good, to, at + strlen(from));
  err[0] = 0;
  if (waits_parse(text, strlen(text), "w.tsv", &t, err, errlen) == 0) snprintf(err, errlen, "(accepted)");
  return err;
}

static void check_parse(void) {
  static waits_table t;
  char err[256] = "";
  CHECK(waits_parse(good, strlen(good), "w.tsv", &t, err, sizeof err) == 0, "a good table parses: %s", err);
  const waits_row *r = waits_find(&t, "all", HOUSE);
  CHECK(t.k == 10 && t.row_count == 2 && r && r->n == 12 && r->median == M3_6 && r->share[M6_12] == 33,
        "its values are read back");
  CHECK(waits_find(&t, "all", IND) == NULL && waits_find(&t, "noord", IND) != NULL, "rows are found by group and kind");
  static const struct { const char *from, *to, *want; } bad[] = {
    { "all\thouse\t12", "all\thouse\t9", "w.tsv:3: n is under k" },
    { "\t67\t33\t", "\t67\t34\t", "w.tsv:3: the shares must add up to 100" },
    { "all\thouse", "all\tcar", "w.tsv:3: waiting_for must be" },
    { "noord\tind", "all\thouse", "w.tsv:4: this group and waiting_for appear twice" },
    { "3-6m\t2026-W40..2026-W47\n", "3-6m\t2026-W41..2026-W47\n", "w.tsv:3: weeks must be" },
    { "3-6m\t2026", "lt1m\t2026", "w.tsv:3: the median bucket has a share of 0" },
    { "\tmedian", "\tmiddle", "w.tsv:2: want the header" },
    { "k=10", "k=ten", "w.tsv:1: want '# wegwijs-waits" },
    { "noord\t", "No rd\t", "w.tsv:4: the group must be a safe name" },
    { "\t0\t0\t1-3m", "\t0\t1-3m", "w.tsv:4: want 11 tab-separated fields" },
    { "\r\n", "\r\n\nall\tfamily\t10\t0\t0\t0\t0\t0\t100\tgt2y\t2026-W40..2026-W47\n", "w.tsv:5: empty line" },
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *got = parse_changed(bad[i].from, bad[i].to, err, sizeof err);
    CHECK(!strncmp(got, bad[i].want, strlen(bad[i].want)), "refused with '%s', got '%s'", bad[i].want, got);
  }
  CHECK(waits_parse("", 0, "e.tsv", &t, err, sizeof err) == -1 && strstr(err, "e.tsv:1:"), "an empty file is refused: %s", err);
}

static int seen;
static int count_pair(void *ctx, const char *page, int kind) {
  (void)ctx;
  seen += (!strcmp(page, "woning") && kind == HOUSE) + (!strcmp(page, "aankomst") && kind == IND);
  return 0;
}

static void check_map(void) {
  char err[256];
  CHECK(waits_map_parse("aankomst=ind, woning=house", count_pair, NULL, err, sizeof err) == 0 && seen == 2,
        "the page mapping is read");
  CHECK(waits_map_parse("woning=car", count_pair, NULL, err, sizeof err) == -1, "an unknown kind is refused");
  CHECK(waits_map_parse("../x=house", count_pair, NULL, err, sizeof err) == -1, "an unsafe page name is refused");
}

int main(void) {
  check_suppress();
  check_parse();
  check_map();
  return check_report();
}
