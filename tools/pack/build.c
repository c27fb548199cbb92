/* build.c — content tree + PO files + SVGs → one SQLite pack (see build.h). */
#include "build.h"
#include "catalog.h"
#include "inline.h"
#include "narration.h"
#include "pack/pack.h"
#include "pack/waits.h"
#include "util/util.h"
#include <cairo.h>
#include <dirent.h>    /* scandir */
#include <stdarg.h>    /* va_list */
#include <librsvg/rsvg.h>
#include <sqlite3.h>
#include <string.h>    /* strcmp */
#include <time.h>      /* time, gmtime_r */
#include <unistd.h>    /* unlink */

enum { BUILD_SVG_MAX = 256 << 10 };

typedef struct { sqlite3 *db; sqlite3_stmt *string; } build_writer;

static int build_exec(sqlite3 *db, const char *sql, char *err, size_t errlen) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    util_error(err, errlen, "cannot write the pack: %s", msg ? msg : "?");
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

/* Binds and runs one prepared INSERT; the arguments are a format of 't' (text), 'i'
 * (int) and 'b' (blob: pointer, length). */
static int build_insert(sqlite3 *db, const char *sql, const char *types, ...) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  va_list ap;
  va_start(ap, types);
  for (int i = 0; types[i]; i++) {
    if (types[i] == 't') sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
    else if (types[i] == 'i') sqlite3_bind_int(st, i + 1, va_arg(ap, int));
    else { const void *p = va_arg(ap, const void *); int n = va_arg(ap, int); sqlite3_bind_blob(st, i + 1, p, n, SQLITE_TRANSIENT); }
  }
  va_end(ap);
  int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
  sqlite3_finalize(st);
  return rc;
}

static void build_spans_blob(const text_span *spans, int count, unsigned char *out) {
  for (int i = 0; i < count; i++) {
    int v[3] = { spans[i].start, spans[i].end, spans[i].style };
    for (int k = 0; k < 3; k++)
      for (int b = 0; b < 4; b++) out[i * 12 + k * 4 + b] = (unsigned char)((unsigned)v[k] >> (8 * b));
  }
}

/* One strings row from inline Markdown. */
static int build_string(build_writer *w, const char *lang, const content_unit *u, const char *markdown,
                        int status, report *r) {
  text_span *spans;
  int count;
  char *text = inline_parse(markdown, &spans, &count);
  int rc = 0;
  if (strlen(text) > PACK_MAX_TEXT_BYTES || count > PACK_MAX_SPANS) {
    report_add(r, REPORT_ERROR, u->source, lang, "size", "the text is longer than %d bytes or has more than %d styled parts",
               PACK_MAX_TEXT_BYTES, PACK_MAX_SPANS);
    rc = -1;
    goto done;
  }
  unsigned char blob[PACK_MAX_SPANS * 12];
  build_spans_blob(spans, count, blob);
  sqlite3_reset(w->string);
  sqlite3_bind_text(w->string, 1, lang, -1, SQLITE_STATIC);
  sqlite3_bind_text(w->string, 2, u->ctx, -1, SQLITE_STATIC);
  sqlite3_bind_text(w->string, 3, u->key, -1, SQLITE_STATIC);
  sqlite3_bind_text(w->string, 4, text, -1, SQLITE_STATIC);
  sqlite3_bind_blob(w->string, 5, blob, count * 12, SQLITE_STATIC);
  sqlite3_bind_int(w->string, 6, status);
  sqlite3_bind_text(w->string, 7, u->source, -1, SQLITE_STATIC);
  if (sqlite3_step(w->string) != SQLITE_DONE) {
    report_add(r, REPORT_ERROR, u->source, lang, "write", "cannot store the string: %s", sqlite3_errmsg(w->db));
    rc = -1;
  }
done:
  free(text);
  free(spans);
  return rc;
}

static int build_languages(build_writer *w, const content *c, report *r) {
  int rc = 0;
  for (int l = 0; l < c->language_count; l++) {
    const content_language *lang = &c->languages[l];
    int is_nl = !strcmp(lang->code, "nl");
    catalog *cat = NULL;
    if (!is_nl) {
      char path[1200], rel[64];
      snprintf(rel, sizeof rel, "po/%s.po", lang->code);
      snprintf(path, sizeof path, "%s/%s", c->dir, rel);
      cat = catalog_load(path, rel, lang->code, r);
    }
    int missing = 0, fuzzy = 0, total = 0;
    for (int i = 0; i < c->unit_count; i++) {
      const content_unit *u = &c->units[i];
      int is_fuzzy = 0, status = PACK_STRING_SOURCE;
      const char *text = u->msgid;
      if (!is_nl) {
        const char *tr = u->msgid[0] ? catalog_lookup(cat, u->ctx, u->msgid, &is_fuzzy) : NULL;
        if (tr && !is_fuzzy) { text = tr; status = PACK_STRING_TRANSLATED; }
        else if (tr) { status = PACK_STRING_FUZZY; fuzzy++; }
        else { status = PACK_STRING_MISSING; missing++; }
        if (tr && !pack_utf8_valid(tr, strlen(tr))) { text = u->msgid; status = PACK_STRING_MISSING; }
      }
      total++;
      if (build_string(w, lang->code, u, text, status, r)) rc = -1;
    }
    const char *by = is_nl ? "source" : catalog_reviewed_by(cat), *date = is_nl ? "" : catalog_reviewed_date(cat);
    if (build_insert(w->db, "INSERT INTO languages VALUES (?,?,?,?,?,?,?,?,?,?,?)", "ittittttiii",
                     l + 1, lang->code, lang->name, lang->rtl, lang->fonts, lang->voice, by, date,
                     total, missing, fuzzy)) rc = -1;
    catalog_free(cat);
  }
  return rc;
}

static int build_structure(sqlite3 *db, const content *c) {
  int rc = 0;
  for (int i = 0; i < c->page_count; i++) {
    const content_page *p = &c->pages[i];
    rc |= build_insert(db, "INSERT INTO pages VALUES (?,?,?,?,?,?,?,?)", "ittititt", i + 1, p->id, p->term,
                       p->route, p->pictogram, p->differs, p->checked, p->related);
    for (int b = 0; b < p->block_count; b++)
      rc |= build_insert(db, "INSERT INTO blocks VALUES (?,?,?)", "tii", p->id, p->blocks[b].seq, p->blocks[b].kind);
  }
  for (int i = 0; i < c->faq_count; i++)
    rc |= build_insert(db, "INSERT INTO faq VALUES (?,?,?)", "iit", i + 1, c->faq[i].paragraphs, c->faq[i].related);
  for (int i = 0; i < c->glossary_count; i++)
    rc |= build_insert(db, "INSERT INTO glossary VALUES (?,?)", "it", i + 1, c->glossary[i].term);
  for (int i = 0; i < c->contact_count; i++)
    rc |= build_insert(db, "INSERT INTO contacts VALUES (?,?,?,?)", "itti", i + 1, c->contacts[i].id,
                       c->contacts[i].phone, c->contacts[i].local);
  for (int i = 0; i < c->question_count; i++) {
    const content_question *q = &c->questions[i];
    rc |= build_insert(db, "INSERT INTO questions VALUES (?,?,?)", "iti", i + 1, q->id, q->multiple);
    for (int a = 0; a < q->answer_count; a++)
      rc |= build_insert(db, "INSERT INTO answers VALUES (?,?,?,?)", "titt", q->id, a + 1, q->answers[a].code,
                         q->answers[a].pictogram);
  }
  for (int i = 0; i < c->nav_question_count; i++) {
    const content_nav_question *q = &c->nav_questions[i];
    rc |= build_insert(db, "INSERT INTO nav_questions VALUES (?,?,?)", "itt", i + 1, q->id, q->pictogram);
    for (int a = 0; a < q->answer_count; a++) {
      const content_nav_answer *an = &q->answers[a];
      rc |= build_insert(db, "INSERT INTO nav_answers VALUES (?,?,?,?,?,?,?)", "tittttt", q->id, a + 1, an->code,
                         an->pictogram, an->ask, an->here, an->next);
    }
  }
  for (int i = 0; i < c->nav_item_count; i++) {
    const content_nav_item *it = &c->nav_items[i];
    rc |= build_insert(db, "INSERT INTO nav_items VALUES (?,?,?,?,?)", "ttitt", it->section, it->stage, it->seq,
                       it->page, it->contact);
  }
  return rc;
}

typedef struct { unsigned char *data; size_t len; } build_png;
static cairo_status_t build_png_write(void *closure, const unsigned char *data, unsigned int length) {
  build_png *png = closure;
  png->data = util_realloc(png->data, png->len + length);
  memcpy(png->data + png->len, data, length);
  png->len += length;
  return CAIRO_STATUS_SUCCESS;
}

static int build_svg_filter(const struct dirent *e) {
  size_t n = strlen(e->d_name);
  return n > 4 && e->d_name[0] != '.' && !strcmp(e->d_name + n - 4, ".svg");
}

/* Every assets/pictograms/NAME.svg at each PACK_PICTOGRAM_SIZES size, as PNG. */
static int build_pictograms(sqlite3 *db, const char *dir, report *r) {
  static const int sizes[] = PACK_PICTOGRAM_SIZES;
  struct dirent **names = NULL;
  int n = scandir(dir, &names, build_svg_filter, alphasort), rc = 0;
  if (n < 0) { report_add(r, REPORT_WARNING, dir, NULL, "pictogram", "no pictogram folder; the pack has no pictograms"); return 0; }
  for (int i = 0; i < n; i++) {
    char name[256], path[2400], err[256];
    snprintf(name, sizeof name, "%s", names[i]->d_name);
    name[strlen(name) - 4] = 0;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
    free(names[i]);
    if (!pack_name_valid(name)) { report_add(r, REPORT_ERROR, path, NULL, "pictogram", "'%s' is not a safe pictogram name", name); rc = -1; continue; }
    size_t len;
    char *svg = util_read_file(path, BUILD_SVG_MAX, &len, err, sizeof err);
    if (!svg) { report_add(r, REPORT_ERROR, path, NULL, "size", "%s", err); rc = -1; continue; }
    GError *gerr = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, len, &gerr);
    free(svg);
    if (!h) { report_add(r, REPORT_ERROR, path, NULL, "pictogram", "not a readable SVG: %s", gerr ? gerr->message : "?"); if (gerr) g_error_free(gerr); rc = -1; continue; }
    for (size_t s = 0; s < UTIL_COUNT(sizes); s++) {
      cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, sizes[s], sizes[s]);
      cairo_t *cr = cairo_create(surface);
      RsvgRectangle viewport = { 0, 0, sizes[s], sizes[s] };
      build_png png = { NULL, 0 };
      if (!rsvg_handle_render_document(h, cr, &viewport, &gerr)) {
        report_add(r, REPORT_ERROR, path, NULL, "pictogram", "cannot render: %s", gerr ? gerr->message : "?");
        if (gerr) { g_error_free(gerr); gerr = NULL; }
        rc = -1;
      } else {
        cairo_surface_flush(surface);
        cairo_surface_write_to_png_stream(surface, build_png_write, &png);
        if (png.len > PACK_MAX_PNG_BYTES) { report_add(r, REPORT_ERROR, path, NULL, "size", "the %d px raster is %zu bytes (limit %d)", sizes[s], png.len, PACK_MAX_PNG_BYTES); rc = -1; }
        else if (build_insert(db, "INSERT INTO pictograms VALUES (?,?,?)", "tib", name, sizes[s], png.data, (int)png.len)) rc = -1;
      }
      free(png.data);
      cairo_destroy(cr);
      cairo_surface_destroy(surface);
    }
    g_object_unref(h);
  }
  free(names);
  return rc;
}

int build_read_researcher_key(const char *path, char out[65], char *err, size_t errlen) {
  size_t len;
  char *text = util_read_file(path, 4096, &len, err, errlen);
  if (!text) return -1;
  int rc = util_error(err, errlen, "%s does not hold a researcher public key (64 hex digits)", path);
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    if (line[0] == '#' || !strncmp(line, "untrusted comment", 17)) continue;
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\r' || line[n - 1] == ' ')) line[--n] = 0;
    if (n == 64 && strspn(line, "0123456789abcdef") == 64) { memcpy(out, line, 65); rc = 0; }
    break;
  }
  free(text);
  return rc;
}

/* The typical waits (app/pack/waits.h) in the metadata, where `info` shows them: the
 * page mapping from the pages' front matter (typical_wait_pages: "woning=house, ..."),
 * and with --waits the table itself and the group of sites this pack shows. */
static int build_waits_meta(sqlite3 *db, const content *c, const build_options *options, char *err, size_t errlen) {
  char map[2048] = "";
  size_t at = 0;
  for (int i = 0; i < c->page_count; i++) {
    if (c->pages[i].typical_wait < 0) continue;
    int n = snprintf(map + at, sizeof map - at, "%s%s=%s", at ? ", " : "", c->pages[i].id,
                     waits_kind_code(c->pages[i].typical_wait));
    if (n < 0 || (size_t)n >= sizeof map - at) return util_error(err, errlen, "too many pages with typical_wait");
    at += (size_t)n;
  }
  const char *group = options->waits_group ? options->waits_group : "all";
  const char *meta[][2] = { { "typical_wait_pages", map }, { "typical_waits", options->waits ? options->waits : "" },
                            { "typical_waits_group", options->waits ? group : "" } };
  for (size_t i = 0; i < UTIL_COUNT(meta); i++)
    if (meta[i][1][0] && build_insert(db, "INSERT INTO meta VALUES (?,?)", "tt", meta[i][0], meta[i][1]))
      return util_error(err, errlen, "cannot write metadata: %s", sqlite3_errmsg(db));
  return 0;
}

int build_pack(const content *c, const build_options *options, const char *out, report *r,
               char *err, size_t errlen) {
  char tmp[2048], assets[2048], version[32], created[32], qversion[32];
  sqlite3 *db = NULL;
  build_writer w = { NULL, NULL };
  int rc = -1;
  if (snprintf(tmp, sizeof tmp, "%s.tmp", out) >= (int)sizeof tmp) return util_error(err, errlen, "output path too long");
  if (options->assets_dir) snprintf(assets, sizeof assets, "%s", options->assets_dir);
  else snprintf(assets, sizeof assets, "%s/../assets/pictograms", c->dir);
  unlink(tmp);
  if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    util_error(err, errlen, "cannot create %s", tmp);
    goto done;
  }
  w.db = db;
  if (build_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN", err, errlen) ||
      build_exec(db, pack_schema_sql(), err, errlen)) goto done;
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
  snprintf(version, sizeof version, "%d", options->version > 0 ? options->version : c->version);
  snprintf(qversion, sizeof qversion, "%d", c->questionnaire_version);
  const char *pk = options->researcher_pk ? options->researcher_pk : c->researcher_pk;
  const char *meta[][2] = {
    { "format", "1" }, { "name", c->name }, { "version", version }, { "created", created },
    { "valid_until", c->valid_until }, { "min_app_version", c->min_app },
    { "generator", "wegwijs-pack " WEGWIJS_VERSION }, { "source_language", "nl" },
    { "questionnaire_version", qversion }, { "researcher_pk", pk },
  };
  for (size_t i = 0; i < UTIL_COUNT(meta); i++)
    if (meta[i][1][0] && build_insert(db, "INSERT INTO meta VALUES (?,?)", "tt", meta[i][0], meta[i][1])) {
      util_error(err, errlen, "cannot write metadata: %s", sqlite3_errmsg(db));
      goto done;
    }
  if (!pk[0]) report_add(r, REPORT_WARNING, "pack.meta", NULL, "metadata", "no researcher public key: the kiosk cannot seal check-ins");
  if (build_waits_meta(db, c, options, err, errlen)) goto done;
  if (sqlite3_prepare_v2(db, "INSERT INTO strings VALUES (?,?,?,?,?,?,?)", -1, &w.string, NULL) != SQLITE_OK) {
    util_error(err, errlen, "cannot write the pack: %s", sqlite3_errmsg(db));
    goto done;
  }
  int failed = build_languages(&w, c, r);
  failed |= build_structure(db, c);
  failed |= build_pictograms(db, assets, r);
  failed |= narration_build(db, c, options, r);
  sqlite3_finalize(w.string);
  w.string = NULL;
  if (failed) { util_error(err, errlen, "the pack could not be built (see the problems above)"); goto done; }
  if (build_exec(db, "COMMIT", err, errlen)) goto done;
  if (sqlite3_close(db) != SQLITE_OK) { db = NULL; util_error(err, errlen, "cannot finish %s", tmp); goto done; }
  db = NULL;
  char inner[512];
  pack *check = pack_open(tmp, inner, sizeof inner);
  if (!check) { util_error(err, errlen, "the built pack does not pass validation: %s", inner); goto done; }
  pack_close(check);
  if (rename(tmp, out) != 0) { util_error(err, errlen, "cannot write %s", out); goto done; }
  rc = 0;
done:
  sqlite3_finalize(w.string);
  if (db) sqlite3_close(db);
  if (rc) unlink(tmp);
  return rc;
}
