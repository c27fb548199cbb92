/* checker.c — checks a pack (or a content tree, built to a temporary pack first) and
 * prints pack info. Text is laid out with app/text, the engine the kiosk draws with. */
#include "checker.h"
#include "build.h"
#include "catalog.h"
#include "content.h"
#include "narration.h"
#include "report.h"
#include "pack/budget.h"
#include "pack/pack.h"
#include "pack/site.h"
#include "text/text.h"
#include "util/util.h"
#include <dirent.h>     /* scandir */
#include <stdint.h>     /* uint32_t */
#include <string.h>     /* strcmp */
#include <sys/stat.h>   /* stat */
#include <time.h>       /* time, gmtime_r */
#include <unistd.h>     /* getpid, unlink */

static const char *const checker_buttons[] = {
  "home", "back", "next", "previous", "close", "continue", "language", "listen", "stop", "pause",
  "checkin_send", "checkin_skip", "yes", "no", "done", "large_text", "contrast",
};

/* Decodes one code point at *i (valid UTF-8 is guaranteed by pack_open). */
static uint32_t checker_next_cp(const char *s, size_t *i) {
  const unsigned char *u = (const unsigned char *)s + *i;
  uint32_t cp;
  int n;
  if (u[0] < 0x80) { cp = u[0]; n = 1; }
  else if (u[0] < 0xE0) { cp = u[0] & 0x1F; n = 2; }
  else if (u[0] < 0xF0) { cp = u[0] & 0x0F; n = 3; }
  else { cp = u[0] & 0x07; n = 4; }
  for (int k = 1; k < n; k++) cp = (cp << 6) | (u[k] & 0x3F);
  *i += (size_t)n;
  return cp;
}

typedef struct {
  sqlite3 *db;
  text_fonts *fonts;
  report *r;
  char rtl_langs[64][16]; int rtl_count;
} checker;

static int checker_is_rtl(const checker *k, const char *lang) {
  for (int i = 0; i < k->rtl_count; i++) if (!strcmp(k->rtl_langs[i], lang)) return 1;
  return 0;
}

/* Characters no shipped font can draw: lay the whole string out once; only when it has
 * tofu, find the code points responsible one by one. */
static void checker_glyphs(checker *k, const char *lang, const char *text, const char *source) {
  char err[256];
  text_params params = { lang, 32, 0, 0, NULL, 0, 0 };
  text_layout *layout = text_layout_paragraph(k->fonts, text, strlen(text), &params, err, sizeof err);
  if (!layout) return;
  int tofu = layout->notdef_count;
  text_layout_free(layout);
  if (!tofu) return;
  uint32_t reported[8];
  int count = 0;
  for (size_t i = 0; text[i]; ) {
    size_t start = i;
    uint32_t cp = checker_next_cp(text, &i);
    if (cp < 0x80) continue;
    layout = text_layout_paragraph(k->fonts, text + start, i - start, &params, err, sizeof err);
    int bad = layout && layout->notdef_count > 0;
    text_layout_free(layout);
    int seen = 0;
    for (int j = 0; j < count; j++) seen |= reported[j] == cp;
    if (!bad || seen || count == 8) continue;
    reported[count++] = cp;
    report_add(k->r, REPORT_ERROR, source, lang, "glyph", "U+%04X (\"%.*s\") cannot be drawn by the shipped fonts",
               (unsigned)cp, (int)(i - start), text + start);
  }
}

/* Isolates and embeddings must close, and brackets must pair, or the bidi algorithm
 * reorders the rest of the paragraph. */
static void checker_bidi(checker *k, const char *lang, const char *text, const char *source) {
  static const uint32_t open[] = { '(', '[', '{', 0xAB, 0x2039 }, close[] = { ')', ']', '}', 0xBB, 0x203A };
  uint32_t stack[64];
  int depth = 0, isolates = 0, embeddings = 0, bad = 0;
  for (size_t i = 0; text[i] && !bad; ) {
    uint32_t cp = checker_next_cp(text, &i);
    if (cp >= 0x2066 && cp <= 0x2068) isolates++;
    else if (cp == 0x2069) { if (--isolates < 0) bad = 1; }
    else if (cp >= 0x202A && cp <= 0x202E && cp != 0x202C) embeddings++;
    else if (cp == 0x202C) { if (--embeddings < 0) bad = 1; }
    for (size_t b = 0; b < UTIL_COUNT(open); b++) {
      if (cp == open[b]) { if (depth < 64) stack[depth++] = close[b]; }
      else if (cp == close[b]) { if (!depth || stack[--depth] != cp) bad = 2; }
    }
  }
  if (bad == 1 || isolates || embeddings)
    report_add(k->r, REPORT_ERROR, source, lang, "bidi", "unbalanced directional isolates or embeddings (LRI/RLI/FSI need PDI, LRE/RLE/LRO/RLO need PDF)");
  else if (bad == 2 || depth)
    report_add(k->r, REPORT_ERROR, source, lang, "bidi", "unbalanced brackets in right-to-left text");
}

static void checker_overflow(checker *k, const char *lang, const char *text, const char *source, int role) {
  static const pack_screen screens[] = PACK_SCREENS;
  char err[256];
  for (int s = 0; s < PACK_SCREEN_COUNT; s++) {
    pack_budget b = pack_budget_for(&screens[s], role);
    text_params params = { lang, b.size_px, b.bold, b.width_px, NULL, 0, 0 };
    text_layout *layout = text_layout_paragraph(k->fonts, text, strlen(text), &params, err, sizeof err);
    if (!layout) continue;
    int too_wide = layout->width > b.width_px * 64;
    /* A line that ends between two letters means a word longer than the width was cut. */
    for (int l = 0; l + 1 < layout->line_count; l++) {
      int end = layout->lines[l].end;
      unsigned char before = (unsigned char)text[end - 1], after = (unsigned char)text[end];
      if (end > 0 && before != ' ' && before != '-' && before != '/' && after != ' ' && after != 0) too_wide = 1;
    }
    if (layout->line_count > b.max_lines || too_wide)
      report_add(k->r, REPORT_ERROR, source, lang, "overflow",
                 "%s \"%.60s\" %s at %d px in %d px on %s (%d line%s, limit %d)", pack_role_names[role], text,
                 too_wide ? "has a word wider than the space" : "needs too many lines", b.size_px, b.width_px,
                 screens[s].name, layout->line_count, layout->line_count == 1 ? "" : "s", b.max_lines);
    text_layout_free(layout);
  }
}

/* The layout role of a string, or -1 for body text that simply wraps. */
static int checker_role(sqlite3 *db, const char *ctx, const char *key) {
  if (!strcmp(key, "title") && strcmp(ctx, "ui")) return PACK_ROLE_TITLE;
  if (!strcmp(key, "route_label")) return PACK_ROLE_ROUTE_LABEL;
  if (!strcmp(ctx, "ui")) {
    for (size_t i = 0; i < UTIL_COUNT(checker_buttons); i++) if (!strcmp(key, checker_buttons[i])) return PACK_ROLE_BUTTON;
    return -1;
  }
  if (key[0] == 'b') {
    sqlite3_stmt *st = NULL;
    int role = -1;
    sqlite3_prepare_v2(db, "SELECT kind FROM blocks WHERE page_id = ?1 AND seq = ?2", -1, &st, NULL);
    sqlite3_bind_text(st, 1, ctx, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, atoi(key + 1));
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == SITE_HEADING) role = PACK_ROLE_HEADING;
    sqlite3_finalize(st);
    return role;
  }
  return -1;
}

static void checker_strings(checker *k) {
  sqlite3_stmt *st = NULL, *langs = NULL;
  sqlite3_prepare_v2(k->db, "SELECT code, rtl, reviewed_by, total, missing, fuzzy FROM languages ORDER BY position", -1, &langs, NULL);
  while (sqlite3_step(langs) == SQLITE_ROW) {
    const char *code = (const char *)sqlite3_column_text(langs, 0);
    if (sqlite3_column_int(langs, 1) && k->rtl_count < 64) snprintf(k->rtl_langs[k->rtl_count++], 16, "%s", code);
    if (!strcmp(code, "nl")) continue;
    int total = sqlite3_column_int(langs, 3), missing = sqlite3_column_int(langs, 4);
    char po[64];
    snprintf(po, sizeof po, "po/%s.po", code);
    if (total && missing == total) report_add(k->r, REPORT_WARNING, po, code, "missing", "no string is translated (%d missing)", total);
    else if (!((const char *)sqlite3_column_text(langs, 2))[0])
      report_add(k->r, REPORT_WARNING, po, code, "unreviewed", "the translation is not reviewed (X-Wegwijs-Reviewed-By is empty): %d strings unreviewed",
                 total - missing - sqlite3_column_int(langs, 5));
  }
  sqlite3_finalize(langs);
  sqlite3_prepare_v2(k->db, "SELECT s.lang, s.ctx, s.key, s.text, s.status, s.source, l.missing = l.total "
                     "FROM strings s JOIN languages l ON l.code = s.lang ORDER BY l.position, s.source", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *lang = (const char *)sqlite3_column_text(st, 0), *ctx = (const char *)sqlite3_column_text(st, 1);
    const char *key = (const char *)sqlite3_column_text(st, 2), *text = (const char *)sqlite3_column_text(st, 3);
    const char *source = (const char *)sqlite3_column_text(st, 5);
    int status = sqlite3_column_int(st, 4), none = sqlite3_column_int(st, 6);
    if (status == PACK_STRING_MISSING && !none)
      report_add(k->r, REPORT_WARNING, source, lang, "missing", "no translation in po/%s.po for \"%.60s\"", lang, text);
    if (status == PACK_STRING_FUZZY)
      report_add(k->r, REPORT_WARNING, source, lang, "fuzzy", "the translation in po/%s.po is outdated (fuzzy): the Dutch \"%.60s\" changed", lang, text);
    if (status != PACK_STRING_TRANSLATED && status != PACK_STRING_SOURCE) continue;   /* shows the Dutch, checked as nl */
    if (!*text) continue;
    checker_glyphs(k, lang, text, source);
    if (checker_is_rtl(k, lang)) checker_bidi(k, lang, text, source);
    int role = checker_role(k->db, ctx, key);
    if (role >= 0) checker_overflow(k, lang, text, source, role);
  }
  sqlite3_finalize(st);
}

static void checker_links(checker *k) {
  sqlite3_stmt *st = NULL, *exists = NULL;
  sqlite3_prepare_v2(k->db, "SELECT 1 FROM pages WHERE id = ?1", -1, &exists, NULL);
  sqlite3_prepare_v2(k->db, "SELECT p.id, p.related, p.pictogram, s.source FROM pages p "
                     "LEFT JOIN strings s ON s.lang = 'nl' AND s.ctx = p.id AND s.key = 'title' ORDER BY p.position", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(st, 0), *related = (const char *)sqlite3_column_text(st, 1);
    const char *picto = (const char *)sqlite3_column_text(st, 2), *source = (const char *)sqlite3_column_text(st, 3);
    char file[300];
    snprintf(file, sizeof file, "%s", source ? source : id);
    char *colon = strrchr(file, ':');
    if (colon) *colon = 0;
    char list[1024];
    snprintf(list, sizeof list, "%s", related);
    for (char *tok = strtok(list, ", "); tok; tok = strtok(NULL, ", ")) {
      sqlite3_reset(exists);
      sqlite3_bind_text(exists, 1, tok, -1, SQLITE_STATIC);
      if (sqlite3_step(exists) != SQLITE_ROW)
        report_add(k->r, REPORT_ERROR, file, NULL, "link", "page '%s' links to unknown page '%s'", id, tok);
    }
    if (picto[0]) {
      sqlite3_stmt *pic = NULL;
      sqlite3_prepare_v2(k->db, "SELECT 1 FROM pictograms WHERE name = ?1", -1, &pic, NULL);
      sqlite3_bind_text(pic, 1, picto, -1, SQLITE_STATIC);
      if (sqlite3_step(pic) != SQLITE_ROW)
        report_add(k->r, REPORT_WARNING, file, NULL, "pictogram", "page '%s' uses pictogram '%s', which the pack does not have", id, picto);
      sqlite3_finalize(pic);
    }
  }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(k->db, "SELECT f.related, s.source FROM faq f JOIN strings s ON s.lang = 'nl' AND s.ctx = 'faq' "
                     "AND s.key = 'q' || f.position WHERE f.related <> ''", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *related = (const char *)sqlite3_column_text(st, 0);
    sqlite3_reset(exists);
    sqlite3_bind_text(exists, 1, related, -1, SQLITE_STATIC);
    if (sqlite3_step(exists) != SQLITE_ROW)
      report_add(k->r, REPORT_ERROR, (const char *)sqlite3_column_text(st, 1), NULL, "link", "the question links to unknown page '%s'", related);
  }
  sqlite3_finalize(st);
  sqlite3_finalize(exists);
}

static void checker_pack(pack *p, const char *fonts_dir, report *r) {
  char err[512];
  checker k;
  memset(&k, 0, sizeof k);
  k.db = pack_db(p);
  k.r = r;
  k.fonts = text_fonts_open(fonts_dir, err, sizeof err);
  if (!k.fonts) { report_add(r, REPORT_ERROR, NULL, NULL, "fonts", "cannot check glyphs and overflow: %s", err); return; }
  struct stat st;
  if (stat(pack_path(p), &st) == 0 && st.st_size > 64 << 20)
    report_add(r, REPORT_WARNING, NULL, NULL, "size", "the pack is %lld MiB; copying it from a stick will be slow", (long long)(st.st_size >> 20));
  const char *valid = pack_meta(p, "valid_until");
  char today[16];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(today, sizeof today, "%Y-%m-%d", &tm);
  if (strcmp(valid, today) < 0) report_add(r, REPORT_WARNING, "pack.meta", NULL, "metadata", "the pack expired on %s", valid);
  checker_links(&k);
  checker_strings(&k);
  text_fonts_close(k.fonts);
}

/* ------------------------------------------------ content-folder checks (no pack needed) */

/* Languages whose orthography uses ZWNJ (and, with it, ZWJ) inside words. */
static int checker_uses_joiners(const char *lang) {
  static const char *const langs[] = { "fa", "prs", "ps", "ckb", "ku" };
  for (size_t i = 0; i < UTIL_COUNT(langs); i++) if (!strcmp(langs[i], lang)) return 1;
  return 0;
}

/* The name of an invisible format character a translation must not contain, or NULL.
 * Direction belongs to the build and the kiosk (paragraph direction, isolated digit
 * groups); typed-in marks survive edits in the wrong place and reorder the text. */
static const char *checker_invisible_name(uint32_t cp, const char *lang) {
  switch (cp) {
  case 0x200E: return "LRM";  case 0x200F: return "RLM";  case 0x061C: return "ALM";
  case 0x202A: return "LRE";  case 0x202B: return "RLE";  case 0x202C: return "PDF";
  case 0x202D: return "LRO";  case 0x202E: return "RLO";
  case 0x2066: return "LRI";  case 0x2067: return "RLI";  case 0x2068: return "FSI";  case 0x2069: return "PDI";
  case 0x200B: return "ZWSP"; case 0x2060: return "WJ";   case 0xFEFF: return "BOM/ZWNBSP";
  case 0x200C: return checker_uses_joiners(lang) ? NULL : "ZWNJ";
  case 0x200D: return checker_uses_joiners(lang) ? NULL : "ZWJ";
  default: return NULL;
  }
}

/* Every msgstr (fuzzy ones too) of every language, as the translator wrote it: the pack
 * itself holds the build's own isolates, so this reads the PO files. */
static void checker_invisible(const content *c, report *r) {
  for (int l = 0; l < c->language_count; l++) {
    const char *lang = c->languages[l].code;
    if (!strcmp(lang, "nl")) continue;
    char path[1200], rel[64], where[96];
    snprintf(rel, sizeof rel, "po/%s.po", lang);
    snprintf(path, sizeof path, "%s/%s", c->dir, rel);
    catalog *cat = catalog_load(path, rel, lang, NULL);
    if (!cat) continue;
    for (int u = 0; u < c->unit_count; u++) {
      const content_unit *unit = &c->units[u];
      int fuzzy;
      const char *text = unit->msgid[0] ? catalog_lookup(cat, unit->ctx, unit->msgid, &fuzzy) : NULL;
      if (!text) continue;
      const char *seen[8];
      int count = 0;
      for (size_t i = 0; text[i]; ) {
        const char *name = checker_invisible_name(checker_next_cp(text, &i), lang);
        int dup = 0;
        for (int j = 0; j < count; j++) dup |= seen[j] == name;
        if (!name || dup || count == 8) continue;
        seen[count++] = name;
        snprintf(where, sizeof where, "%s:%d", rel, catalog_line(cat, unit->ctx, unit->msgid));
        report_add(r, REPORT_ERROR, where, lang, "invisible",
                   "invisible %s in the translation of %s \"%.50s\": remove it (the build isolates numbers itself)",
                   name, unit->source, unit->msgid);
      }
    }
    catalog_free(cat);
  }
}

/* One note per "verify:" marker in the Dutch sources: the to-do list of facts an editor
 * must still confirm, per page file. */
static void checker_verify_file(const char *dir, const char *rel, report *r) {
  char path[1400], line[4096], where[320];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  FILE *f = fopen(path, "r");
  if (!f) return;
  for (int n = 1; fgets(line, sizeof line, f); n++) {
    char *v = strstr(line, "verify:");
    if (!v) continue;
    v += 7;
    while (*v == ' ') v++;
    char *end = strstr(v, "-->");
    if (end) *end = 0;
    size_t len = strlen(v);
    while (len && (v[len - 1] == '\n' || v[len - 1] == ' ')) v[--len] = 0;
    snprintf(where, sizeof where, "%s:%d", rel, n);
    report_add(r, REPORT_NOTE, where, NULL, "verify", "to verify: %s", len ? v : "(see the comment)");
  }
  fclose(f);
}

static int checker_md_filter(const struct dirent *e) {
  size_t n = strlen(e->d_name);
  return n > 3 && !strcmp(e->d_name + n - 3, ".md");
}

static void checker_verify_markers(const char *dir, report *r) {
  static const char *const files[] = { "faq.md", "glossary.md", "help.md", "navigator.md" };
  char pages[1100];
  struct dirent **names = NULL;
  snprintf(pages, sizeof pages, "%s/pages", dir);
  int n = scandir(pages, &names, checker_md_filter, alphasort);
  for (int i = 0; i < n; i++) {
    char rel[300];
    snprintf(rel, sizeof rel, "pages/%s", names[i]->d_name);
    checker_verify_file(dir, rel, r);
    free(names[i]);
  }
  free(names);
  for (size_t i = 0; i < UTIL_COUNT(files); i++) checker_verify_file(dir, files[i], r);
}

int checker_main(const char *path, int json, const char *assets_dir, const char *fonts_dir) {
  report r = { 0 };
  char err[512], tmp[256] = "";
  pack *p = NULL;
  struct stat st;
  if (stat(path, &st) != 0) { fprintf(stderr, "wegwijs-pack: %s does not exist\n", path); return 1; }
  if (S_ISDIR(st.st_mode)) {
    content c;
    if (content_load(&c, path, &r, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); content_free(&c); return 1; }
    snprintf(tmp, sizeof tmp, "%s/wegwijs-check-%ld.wwpack", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
    build_options options = { .assets_dir = assets_dir, .audio = "cached" };   /* never runs espeak-ng */
    if (!c.name[0]) snprintf(c.name, sizeof c.name, "unnamed");
    if (c.version <= 0) c.version = 1;
    if (!c.valid_until[0]) snprintf(c.valid_until, sizeof c.valid_until, "-");
    if (!c.min_app[0]) snprintf(c.min_app, sizeof c.min_app, "0");
    if (build_pack(&c, &options, tmp, &r, err, sizeof err) == 0) p = pack_open(tmp, err, sizeof err);
    else report_add(&r, REPORT_ERROR, NULL, NULL, "build", "%s", err);
    checker_invisible(&c, &r);
    checker_verify_markers(path, &r);
    content_free(&c);
  } else {
    p = pack_open(path, err, sizeof err);
    if (!p) report_add(&r, REPORT_ERROR, path, NULL, "invalid", "%s", err);
  }
  if (p) checker_pack(p, fonts_dir, &r);
  if (p) narration_coverage(pack_db(p), &r, json ? NULL : stdout);
  pack_close(p);
  if (tmp[0]) unlink(tmp);
  if (json) report_print_json(&r, stdout); else report_print_text(&r, stdout);
  int rc = r.errors ? 1 : 0;
  report_free(&r);
  return rc;
}

/* A metadata value as JSON: the integer keys as numbers (null when absent or not a
 * plain decimal), the rest as strings ("" when absent). */
static void checker_json_meta(const char *key, const char *value) {
  if (strcmp(key, "version") && strcmp(key, "questionnaire_version")) { report_json_string(stdout, value ? value : ""); return; }
  int digits = value && value[0] && strlen(value) < 10 && strspn(value, "0123456789") == strlen(value);
  if (digits) printf("%d", atoi(value)); else fputs("null", stdout);
}

int checker_info(const char *path, int json) {
  char err[512];
  pack *p = pack_open(path, err, sizeof err);
  if (!p) { fprintf(stderr, "wegwijs-pack: %s: %s\n", path, err); return 1; }
  sqlite3 *db = pack_db(p);
  sqlite3_stmt *st = NULL;
  static const char *const keys[] = { "name", "version", "created", "valid_until", "min_app_version", "generator",
                                      "questionnaire_version", "researcher_pk", "typical_wait_pages",
                                      "typical_waits_group", "typical_waits" };
  if (json) fputs("{", stdout);
  for (size_t i = 0; i < UTIL_COUNT(keys); i++) {
    const char *v = pack_meta(p, keys[i]);
    if (json) { printf("%s\"%s\": ", i ? ", " : "", keys[i]); checker_json_meta(keys[i], v); }
    else if (strcmp(keys[i], "typical_waits") || !v) printf("%-22s %s\n", keys[i], v ? v : "-");
    else {   /* the published table as it is signed, indented */
      printf("%s\n", keys[i]);
      for (const char *line = v; *line;) {
        size_t n = strcspn(line, "\n");
        printf("  %.*s\n", (int)n, line);
        line += n + (line[n] == '\n');
      }
    }
  }
  /* A page counts as translated when its title and every block are. */
  sqlite3_prepare_v2(db, "SELECT l.code, l.name, l.rtl, l.reviewed_by, l.total, l.missing, l.fuzzy, "
                     "(SELECT count(*) FROM pages p WHERE NOT EXISTS (SELECT 1 FROM strings s WHERE s.lang = l.code "
                     " AND s.ctx = p.id AND s.status IN (1, 2))), (SELECT count(*) FROM pages), "
                     "(SELECT count(*) FROM audio a WHERE a.lang = l.code) FROM languages l ORDER BY l.position", -1, &st, NULL);
  if (json) fputs(", \"languages\": [", stdout);
  else printf("%-6s %-14s %-4s %7s %7s %7s %7s %6s  %s\n", "lang", "name", "dir", "pages", "strings", "missing", "fuzzy", "audio", "reviewed by");
  for (int n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
    const char *code = (const char *)sqlite3_column_text(st, 0), *name = (const char *)sqlite3_column_text(st, 1);
    const char *by = (const char *)sqlite3_column_text(st, 3);
    int rtl = sqlite3_column_int(st, 2), total = sqlite3_column_int(st, 4), missing = sqlite3_column_int(st, 5);
    int fuzzy = sqlite3_column_int(st, 6), pages = sqlite3_column_int(st, 7), all = sqlite3_column_int(st, 8);
    int audio = sqlite3_column_int(st, 9);
    if (json) {
      printf("%s\n  {\"code\": ", n ? "," : "");
      report_json_string(stdout, code);
      fputs(", \"name\": ", stdout);
      report_json_string(stdout, name);
      printf(", \"rtl\": %s, \"pages_translated\": %d, \"pages\": %d, \"strings\": %d, \"missing\": %d, \"fuzzy\": %d, "
             "\"audio\": %d, \"reviewed_by\": ", rtl ? "true" : "false", pages, all, total, missing, fuzzy, audio);
      report_json_string(stdout, by);
      fputs("}", stdout);
    } else {
      char pg[32];
      snprintf(pg, sizeof pg, "%d/%d", pages, all);
      printf("%-6s %-14s %-4s %7s %7d %7d %7d %6d  %s\n", code, name, rtl ? "rtl" : "ltr", pg, total, missing, fuzzy,
             audio, by[0] ? by : "(unreviewed)");
    }
  }
  sqlite3_finalize(st);
  if (json) fputs("\n]}\n", stdout);
  pack_close(p);
  return 0;
}
