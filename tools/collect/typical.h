/* typical.h — `wegwijs-collect export --waits FILE`: the typical-waits table that goes
 * back to the kiosks (format: app/pack/waits.h). Per group of sites and thing waited
 * for (waiting_for), the share of answers per waiting_time bucket, over the closed
 * weeks the public export publishes. Rows under k are not written, and further rows are
 * left out (secondary suppression, suppress.h) until no left-out row can be worked out
 * from the written ones and the totals a reader may know from elsewhere. Successive
 * tables cover disjoint windows of weeks, so no two can be differenced. */
#ifndef WEGWIJS_COLLECT_TYPICAL_H
#define WEGWIJS_COLLECT_TYPICAL_H
#include "db.h"
#include "pack/waits.h"
#include <stdint.h>   /* int64_t */

enum { TYPICAL_MAX_GROUPS = 32 };

/* A named group of sites ("--site-group noord=azc-a,azc-b"). Groups are disjoint. */
typedef struct {
  char name[64];
  char **sites; int site_count;
} typical_group;

/* counts[(g * WAITS_KINDS + kind) * WAITS_BUCKETS + bucket] for groups g = 0 ("all"),
 * 1..named (the named groups in order), and, when has_rest, a last group: the sites in
 * no named group (never written, but its answers are part of "all").
 * Sets written[g * WAITS_KINDS + kind] to 1 for the rows that may be written: n >= k,
 * and no row left out can be derived exactly from the written rows and the relations
 * a reader knows: a row's buckets add up to its n; "all" is the sum of the other
 * groups; per group, the buckets and the n of all kinds add up to totals the public
 * export may reveal. Returns 0, or -1 when suppression fails (never expected). */
int typical_suppress(const int64_t *counts, int named, int has_rest, int k, char *written);

/* Writes the table to path (atomically) from the answers of a window of periods taken
 * from periods (sorted, closed or published: "YYYY-Www" or "YYYY-Www-late"; the caller
 * enters them in the publication ledger, so their answers never change): the periods
 * after the last table's window (table waits_window), so two tables never share an
 * answer and cannot be differenced; when there are none, the last window again (the
 * same table). settings (k, rapid, regions) and the groups must be those the window was
 * first written with. Includes rapid check-ins when include_rapid. Prints one line per
 * row written. Returns 0, or -1 with err set. */
int typical_export(db *d, int k, int include_rapid, const char *settings, char *const *periods, int period_count,
                   const typical_group *groups, int group_count, const char *path, char *err, size_t errlen);

/* Parses "NAME=site1,site2" into g (owned; typical_group_free). 0 or -1 with err set. */
int typical_group_parse(const char *arg, typical_group *g, char *err, size_t errlen);
void typical_group_free(typical_group *g);
#endif
