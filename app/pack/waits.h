/* waits.h — the "typical waits" table: what `wegwijs-collect export --waits` writes, what
 * `wegwijs-pack build --waits` signs into a pack (meta `typical_waits`), and what the
 * kiosk shows on a page (site_page_wait). One parser for all three.
 *
 * The format (TSV, UTF-8, \n or \r\n line ends):
 *   # wegwijs-waits k=10 weeks=2026-W40..2026-W47 collector=0.1.0
 *   group  waiting_for  n  lt1m  1-3m  3-6m  6-12m  1-2y  gt2y  median  weeks
 *   all    house        12 0     0     100   0      0     0     3-6m    2026-W40..2026-W47
 * The comment line comes first; then the header exactly; then one row per group and
 * thing waited for. Shares are whole percents of n summing to 100; median is the bucket
 * holding the middle answer; n is at least k (smaller groups are never written). */
#ifndef WEGWIJS_WAITS_H
#define WEGWIJS_WAITS_H
#include <stddef.h>  /* size_t */

enum { WAITS_KINDS = 5, WAITS_BUCKETS = 6, WAITS_MAX_ROWS = 256, WAITS_MAX_BYTES = 4096 };

typedef struct {
  char group[64];            /* a safe name (pack_name_valid): "all", "noord" */
  int kind;                  /* 0..WAITS_KINDS-1, see waits_kind_code */
  int n;                     /* answers, >= k */
  int share[WAITS_BUCKETS];  /* percent per bucket, sum 100 */
  int median;                /* 0..WAITS_BUCKETS-1 */
  char weeks[24];            /* "2026-W40..2026-W47" */
} waits_row;

typedef struct {
  int k;
  char weeks[24];            /* the weeks the table covers, as in the rows */
  char collector[32];        /* the collector version that wrote it */
  waits_row rows[WAITS_MAX_ROWS];
  int row_count;
} waits_table;

/* The codes, which are the check-in answer codes of waiting_for and waiting_time
 * (content/checkin/questionnaire.md). NULL out of range. */
const char *waits_kind_code(int kind);     /* "ind", "koppeling", "house", "family", "course" */
const char *waits_bucket_code(int bucket); /* "lt1m", "1-2y", ... */
/* Index of a code, or -1. */
int waits_kind(const char *code);
int waits_bucket(const char *code);

/* The header line (without line end). */
const char *waits_header(void);

/* Parses text (len bytes, need not be NUL-terminated) into t. name is used in messages:
 * "NAME:LINE: what is wrong". Returns 0, or -1 with err set and t undefined. */
int waits_parse(const char *text, size_t len, const char *name, waits_table *t, char *err, size_t errlen);

/* The row for (group, kind), or NULL. */
const waits_row *waits_find(const waits_table *t, const char *group, int kind);

/* The page -> kind mapping as stored in a pack (meta `typical_wait_pages`):
 * "aankomst=ind, status=ind, woning=house". Calls fn for each pair (page is a safe
 * name, kind a valid index); returns 0, or -1 with err set on the first malformed part
 * (fn may have been called for earlier ones). fn returns non-zero to stop with -1. */
int waits_map_parse(const char *text, int (*fn)(void *ctx, const char *page, int kind), void *ctx,
                    char *err, size_t errlen);
#endif
