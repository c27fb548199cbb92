/* fleet.c — kiosk status records in, the fleet table out (fleet.h). */
#include "fleet.h"
#include "args.h"
#include "collect.h"
#include "ingest.h"          /* ingest_today */
#include "checkin/status.h"
#include "util/util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fleet_store_status(db *d, const char *data, size_t len, const char *bundle_kiosk,
                       const char *today, char *err, size_t errlen) {
  kstatus s;
  char kid[65], day[11];
  if (kstatus_parse(data, len, &s, err, errlen) != 0) return -1;
  record_hex(s.kiosk_pk, 32, kid);
  if (strncmp(kid, bundle_kiosk, 16) != 0) return util_error(err, errlen, "the status record is signed by another kiosk than its bundle");
  db_param pk[] = { db_blob(s.kiosk_pk, 32) };
  int64_t enrolled = 0;
  if (db_query_int(d, "SELECT COUNT(*) FROM kiosk WHERE kiosk_pk = $1 AND revoked_day IS NULL", pk, 1, &enrolled, err, errlen) < 0)
    return -1;
  if (!enrolled) return util_error(err, errlen, "kiosk %.16s is not enrolled; its status record is not kept", kid);
  ingest_today(today, day);
  db_param p[] = { db_blob(s.kiosk_pk, 32), db_text(s.day), db_text(s.app), db_text(s.pack), db_int(s.pack_version),
                   db_text(s.valid_until), db_int(s.pending), db_int(s.disk_free_mb), db_int(s.uptime_h),
                   db_text(s.errors), db_int(s.search_gaps), db_text(day) };
  return db_exec(d, "INSERT INTO kiosk_status(kiosk_pk, day, app, pack, pack_version, valid_until, pending,"
                    " disk_free_mb, uptime_h, errors, search_gaps, received_day)"
                    " VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)"
                    " ON CONFLICT(kiosk_pk) DO UPDATE SET day = excluded.day, app = excluded.app, pack = excluded.pack,"
                    " pack_version = excluded.pack_version, valid_until = excluded.valid_until, pending = excluded.pending,"
                    " disk_free_mb = excluded.disk_free_mb, uptime_h = excluded.uptime_h, errors = excluded.errors,"
                    " search_gaps = excluded.search_gaps, received_day = excluded.received_day"
                    " WHERE excluded.day >= kiosk_status.day",
                 p, 12, err, errlen) < 0 ? -1 : 0;
}

/* ---- the table ------------------------------------------------------------------ */

typedef struct {
  char site[32], kiosk[17], last_seen[11], status_day[11], app[32], pack[64], valid_until[11], errors[KSTATUS_ERRORS_MAX];
  long long pack_version, pending, disk_free_mb, search_gaps;
  int has_status, expired;
} fleet_row;

/* Every enrolled, unrevoked kiosk, sorted by attention. malloc'd rows or NULL (err). */
static fleet_row *fleet_rows(db *d, const char *today, int *count, char *err, size_t errlen) {
  db_param p[] = { db_text(today) };
  db_rows *r = db_query(d,
    "SELECT k.site, k.kiosk_pk, (SELECT MAX(b.received_day) FROM bundle b WHERE b.kiosk_pk = k.kiosk_pk),"
    " s.day, s.app, s.pack, s.pack_version, s.valid_until, s.pending, s.disk_free_mb, s.errors, s.search_gaps,"
    " CASE WHEN s.valid_until <> '' AND s.valid_until < $1 THEN 1 ELSE 0 END AS expired"
    " FROM kiosk k LEFT JOIN kiosk_status s ON s.kiosk_pk = k.kiosk_pk WHERE k.revoked_day IS NULL"
    " ORDER BY expired DESC, CASE WHEN s.errors <> '' THEN 0 WHEN s.kiosk_pk IS NULL THEN 1 ELSE 2 END,"
    " COALESCE(s.pending, 0) DESC, k.site", p, 1, err, errlen);
  if (!r) return NULL;
  fleet_row *rows = NULL;
  int n = 0, got;
  while ((got = db_next(r)) == 1) {
    rows = util_realloc(rows, (size_t)(n + 1) * sizeof *rows);
    fleet_row *f = &rows[n++];
    memset(f, 0, sizeof *f);
    size_t pklen = 0;
    const void *pk = db_col_blob(r, 1, &pklen);
    char hex[65] = "";
    if (pklen == 32) record_hex(pk, 32, hex);
    snprintf(f->site, sizeof f->site, "%s", db_col_text(r, 0));
    snprintf(f->kiosk, sizeof f->kiosk, "%.16s", hex);
    snprintf(f->last_seen, sizeof f->last_seen, "%s", db_col_text(r, 2));
    f->has_status = !db_is_null(r, 3);
    snprintf(f->status_day, sizeof f->status_day, "%s", db_col_text(r, 3));
    snprintf(f->app, sizeof f->app, "%s", db_col_text(r, 4));
    snprintf(f->pack, sizeof f->pack, "%s", db_col_text(r, 5));
    f->pack_version = db_col_int(r, 6);
    snprintf(f->valid_until, sizeof f->valid_until, "%s", db_col_text(r, 7));
    f->pending = db_col_int(r, 8);
    f->disk_free_mb = f->has_status ? db_col_int(r, 9) : -1;
    snprintf(f->errors, sizeof f->errors, "%s", db_col_text(r, 10));
    f->search_gaps = f->has_status ? db_col_int(r, 11) : -1;
    f->expired = (int)db_col_int(r, 12);
  }
  if (got < 0) util_error(err, errlen, "reading the fleet failed: %s", db_rows_error(r));
  db_rows_free(r);
  if (got < 0) { free(rows); return NULL; }
  *count = n;
  return rows ? rows : util_calloc(1, sizeof *rows);
}

typedef struct { char *p; size_t len, cap; } fleet_buf;

static void fleet_put(fleet_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fleet_put(fleet_buf *b, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    expect(n >= 0);
    if (b->p && b->len + (size_t)n < b->cap) { b->len += (size_t)n; return; }
    b->cap = (b->cap + (size_t)n + 1) * 2;
    b->p = util_realloc(b->p, b->cap);
  }
}

/* Every field is from a checked alphabet (site codes, hex, digits, names of
 * [A-Za-z0-9._-], codes of [a-z_,]): no quoting or escaping is needed in CSV, JSON or
 * HTML, except the comma lists in CSV, which are quoted. */
enum { FLEET_CSV, FLEET_JSON, FLEET_HTML, FLEET_TEXT };

static void fleet_row_out(fleet_buf *b, const fleet_row *f, int format, int first) {
  const char *exp = f->expired ? "yes" : "no";
  char gaps[24];
  switch (format) {
  case FLEET_CSV:
    fleet_put(b, "%s,%s,%s,%s,%s,%s,%lld,%s,%s,%lld,%lld,\"%s\",%lld\n", f->site, f->kiosk, f->last_seen, f->status_day,
              f->app, f->pack, f->pack_version, f->valid_until, exp, f->pending, f->disk_free_mb, f->errors, f->search_gaps);
    break;
  case FLEET_JSON:
    fleet_put(b, "%s{\"site\":\"%s\",\"kiosk\":\"%s\",\"last_seen\":\"%s\",\"status_day\":\"%s\",\"app\":\"%s\","
              "\"pack\":\"%s\",\"pack_version\":%lld,\"valid_until\":\"%s\",\"pack_expired\":%s,\"pending\":%lld,"
              "\"disk_free_mb\":%lld,\"errors\":\"%s\",\"search_gaps\":%lld}", first ? "" : ",\n ", f->site, f->kiosk,
              f->last_seen, f->status_day, f->app, f->pack, f->pack_version, f->valid_until, f->expired ? "true" : "false",
              f->pending, f->disk_free_mb, f->errors, f->search_gaps);
    break;
  case FLEET_HTML:
    fleet_put(b, "<tr%s><td>%s</td><td><code>%s</code></td><td>%s</td><td>%s</td><td>%s %lld</td><td>%s%s</td>"
              "<td>%lld</td><td>%s</td></tr>\n", f->expired ? " class=\"expired\"" : "", f->site, f->kiosk,
              f->last_seen, f->app, f->pack, f->pack_version, f->valid_until, f->expired ? " (verlopen)" : "",
              f->pending, f->has_status ? f->errors : "geen status");
    break;
  default:
    fleet_put(b, "%-14s %-16s %-10s %-8s %-16s %4lld %-10s %-3s %7lld %4s  %s\n", f->site, f->kiosk,
              f->last_seen[0] ? f->last_seen : "-", f->has_status ? f->app : "-", f->has_status ? f->pack : "-",
              f->pack_version, f->valid_until[0] ? f->valid_until : "-", exp, f->pending,
              f->search_gaps >= 0 ? (snprintf(gaps, sizeof gaps, "%lld", f->search_gaps), gaps) : "-",
              f->has_status ? (f->errors[0] ? f->errors : "-") : "no status yet");
  }
}

static char *fleet_render(db *d, const char *today, int format, char *err, size_t errlen) {
  int n = 0;
  fleet_row *rows = fleet_rows(d, today, &n, err, errlen);
  if (!rows) return NULL;
  fleet_buf b = { 0 };
  if (format == FLEET_CSV)
    fleet_put(&b, "site,kiosk,last_seen,status_day,app,pack,pack_version,valid_until,pack_expired,pending,disk_free_mb,errors,"
                  "search_gaps\n");
  else if (format == FLEET_JSON) fleet_put(&b, "[");
  else if (format == FLEET_HTML)
    fleet_put(&b, "<table class=\"fleet\">\n<tr><th>locatie</th><th>kiosk</th><th>laatst gezien</th><th>app</th>"
                  "<th>pakket</th><th>geldig tot</th><th>wachtend</th><th>foutcodes</th></tr>\n");
  else
    fleet_put(&b, "%-14s %-16s %-10s %-8s %-16s %4s %-10s %-3s %7s %4s  %s\n", "site", "kiosk", "last seen", "app",
              "pack", "ver", "valid", "exp", "pending", "gaps", "errors");
  for (int i = 0; i < n; i++) fleet_row_out(&b, &rows[i], format, i == 0);
  if (format == FLEET_JSON) fleet_put(&b, "]\n");
  else if (format == FLEET_HTML) fleet_put(&b, "</table>\n");
  free(rows);
  return b.p;
}

char *fleet_csv(db *d, const char *today, char *err, size_t errlen) { return fleet_render(d, today, FLEET_CSV, err, errlen); }
char *fleet_html(db *d, const char *today, char *err, size_t errlen) { return fleet_render(d, today, FLEET_HTML, err, errlen); }

int fleet_main(int argc, char **argv) {
  const char *url = NULL, *pos[1];
  int npos, json = 0;
  args_option opts[] = { { "--db", &url, NULL }, { "--json", NULL, &json }, { NULL, NULL, NULL } };
  int parsed = args_parse("fleet", argc, argv, 2, opts, pos, 0, &npos);
  if (parsed != ARGS_OK)
    return args_help(parsed, "usage: wegwijs-collect fleet [--db URL] [--json]\n"
                             "One row per enrolled kiosk from the status records its bundles carry: site, kiosk key,\n"
                             "last seen, app and pack version, pack expired?, pending check-ins, error codes;\n"
                             "what needs attention first (expired pack, errors, no status, most pending).\n");
  char err[1024], today[11];
  ingest_today(getenv("WEGWIJS_COLLECT_TODAY"), today);
  db *d = db_open_collector(url, err, sizeof err);
  char *text = d ? fleet_render(d, today, json ? FLEET_JSON : FLEET_TEXT, err, sizeof err) : NULL;
  db_close(d);
  if (!text) { fprintf(stderr, "wegwijs-collect fleet: %s\n", err); return 1; }
  fputs(text, stdout);
  free(text);
  return 0;
}
