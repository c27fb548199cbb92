/* content.c — reading the content tree: pack.meta, languages.tsv, pages/NN-ID.md (front
 * matter + CommonMark via cmark), faq.md, glossary.md, help.md, ui.tsv and
 * checkin/questionnaire.md, into units with file:line sources. */
#include "content.h"
#include "inline.h"
#include "pack/pack.h"
#include "pack/site.h"
#include "pack/waits.h"
#include "util/util.h"
#include <cmark.h>
#include <dirent.h>    /* scandir */
#include <string.h>    /* strncmp */
#include <unistd.h>    /* access */

enum { CONTENT_FILE_MAX = 4 << 20,
       CONTENT_NAV_PATH_MAX = 16 };   /* the kiosk's UI_NAV_STEPS (app/ui/ui_internal.h) */

/* ---------------------------------------------------------------- helpers */

static char *content_read(const content *c, const char *rel, size_t *len, report *r, int required) {
  char path[2048], err[512];
  snprintf(path, sizeof path, "%s/%s", c->dir, rel);
  if (!required && access(path, F_OK) != 0) return NULL;
  char *text = util_read_file(path, CONTENT_FILE_MAX, len, err, sizeof err);
  if (!text) report_add(r, REPORT_ERROR, rel, NULL, "unreadable", "%s", err);
  else if (!pack_utf8_valid(text, *len)) {
    report_add(r, REPORT_ERROR, rel, NULL, "utf8", "the file is not valid UTF-8");
    free(text);
    text = NULL;
  }
  return text;
}

/* Next line of text (modified in place: the newline becomes NUL). */
static char *content_next_line(char **cursor) {
  char *s = *cursor;
  if (!s || !*s) return NULL;
  char *nl = strchr(s, '\n');
  if (nl) { *nl = 0; *cursor = nl + 1; } else *cursor = s + strlen(s);
  size_t n = strlen(s);
  if (n && s[n - 1] == '\r') s[n - 1] = 0;
  return s;
}

static char *content_trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
  return s;
}

/* "key: value" → key and value (trimmed). 0 when the line is not of that form. */
static int content_key_value(char *line, char **key, char **value) {
  char *colon = strchr(line, ':');
  if (!colon) return 0;
  *colon = 0;
  *key = content_trim(line);
  *value = content_trim(colon + 1);
  return **key != 0 && !strchr(*key, ' ');
}

static void content_add_unit(content *c, const char *ctx, const char *key, const char *msgid,
                             const char *file, int line) {
  c->units = util_realloc(c->units, sizeof *c->units * (size_t)(c->unit_count + 1));
  content_unit *u = &c->units[c->unit_count++];
  memset(u, 0, sizeof *u);
  snprintf(u->ctx, sizeof u->ctx, "%s", ctx);
  snprintf(u->key, sizeof u->key, "%s", key);
  u->msgid = util_strdup(msgid);
  if (line) snprintf(u->source, sizeof u->source, "%s:%d", file, line);
  else snprintf(u->source, sizeof u->source, "%s", file);
}

const content_unit *content_find_unit(const content *c, const char *ctx, const char *key) {
  for (int i = 0; i < c->unit_count; i++)
    if (!strcmp(c->units[i].ctx, ctx) && !strcmp(c->units[i].key, key)) return &c->units[i];
  return NULL;
}

/* ---------------------------------------------------------------- pack.meta, tsv */

static void content_load_meta(content *c, report *r) {
  size_t len;
  char *text = content_read(c, "pack.meta", &len, r, 1), *cursor = text, *line, *key, *value;
  int have_version = 0;
  if (!text) return;
  for (int n = 1; (line = content_next_line(&cursor)); n++) {
    char where[64];
    snprintf(where, sizeof where, "pack.meta:%d", n);
    if (!*content_trim(line) || line[0] == '#') continue;
    if (!content_key_value(line, &key, &value)) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "expected 'key: value'"); continue; }
    if (!strcmp(key, "name")) {
      if (!pack_name_valid(value)) report_add(r, REPORT_ERROR, where, NULL, "metadata", "name must be lower-case letters, digits and '-'");
      snprintf(c->name, sizeof c->name, "%s", value);
    } else if (!strcmp(key, "version")) {
      c->version = atoi(value);
      have_version = 1;
      if (c->version <= 0) report_add(r, REPORT_ERROR, where, NULL, "metadata", "version must be a positive integer");
    } else if (!strcmp(key, "valid-until")) snprintf(c->valid_until, sizeof c->valid_until, "%s", value);
    else if (!strcmp(key, "min-app-version")) snprintf(c->min_app, sizeof c->min_app, "%s", value);
    else if (!strcmp(key, "researcher_pk") || !strcmp(key, "researcher-pk")) {
      if (strlen(value) != 64 || strspn(value, "0123456789abcdef") != 64)
        report_add(r, REPORT_ERROR, where, NULL, "metadata", "researcher_pk must be 64 lower-case hex digits");
      else snprintf(c->researcher_pk, sizeof c->researcher_pk, "%s", value);
    } else report_add(r, REPORT_WARNING, where, NULL, "metadata", "unknown key '%s'", key);
  }
  if (!c->name[0]) report_add(r, REPORT_ERROR, "pack.meta", NULL, "metadata", "required metadata 'name' is missing");
  if (!have_version) report_add(r, REPORT_ERROR, "pack.meta", NULL, "metadata", "required metadata 'version' is missing");
  if (!c->valid_until[0]) report_add(r, REPORT_ERROR, "pack.meta", NULL, "metadata", "required metadata 'valid-until' is missing");
  if (!c->min_app[0]) report_add(r, REPORT_ERROR, "pack.meta", NULL, "metadata", "required metadata 'min-app-version' is missing");
  free(text);
}

static void content_load_languages(content *c, report *r) {
  size_t len;
  char *text = content_read(c, "languages.tsv", &len, r, 1), *cursor = text, *line;
  int has_nl = 0;
  if (!text) return;
  for (int n = 1; (line = content_next_line(&cursor)); n++) {
    char where[64], *f[5] = { 0 };
    snprintf(where, sizeof where, "languages.tsv:%d", n);
    if (!*line || line[0] == '#') continue;
    int nf = 0;
    for (char *p = line; nf < 5; nf++) {
      f[nf] = p;
      char *tab = strchr(p, '\t');
      if (!tab) { nf++; break; }
      *tab = 0;
      p = tab + 1;
    }
    if (nf < 4) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "expected code, own name, ltr|rtl, fonts, voice separated by tabs"); continue; }
    if (!pack_lang_valid(f[0])) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "'%s' is not a language code", f[0]); continue; }
    c->languages = util_realloc(c->languages, sizeof *c->languages * (size_t)(c->language_count + 1));
    content_language *l = &c->languages[c->language_count++];
    memset(l, 0, sizeof *l);
    snprintf(l->code, sizeof l->code, "%s", f[0]);
    snprintf(l->name, sizeof l->name, "%s", f[1]);
    l->rtl = !strcmp(f[2], "rtl");
    if (strcmp(f[2], "rtl") && strcmp(f[2], "ltr")) report_add(r, REPORT_ERROR, where, f[0], "syntax", "direction must be ltr or rtl");
    snprintf(l->fonts, sizeof l->fonts, "%s", f[3]);
    snprintf(l->voice, sizeof l->voice, "%s", nf > 4 ? f[4] : "-");
    if (!strcmp(l->code, "nl")) has_nl = 1;
  }
  if (!has_nl) report_add(r, REPORT_ERROR, "languages.tsv", NULL, "metadata", "Dutch (nl), the source language, is not listed");
  free(text);
}

static void content_load_ui(content *c, report *r) {
  size_t len;
  char *text = content_read(c, "ui.tsv", &len, r, 1), *cursor = text, *line;
  if (!text) return;
  for (int n = 1; (line = content_next_line(&cursor)); n++) {
    char where[64];
    snprintf(where, sizeof where, "ui.tsv:%d", n);
    if (!*line || line[0] == '#') continue;
    char *tab = strchr(line, '\t');
    if (!tab) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "expected key <TAB> Dutch text"); continue; }
    *tab = 0;
    if (!pack_name_valid(line)) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "'%s' is not a valid key", line); continue; }
    if (content_find_unit(c, "ui", line)) { report_add(r, REPORT_ERROR, where, NULL, "duplicate", "key '%s' appears twice", line); continue; }
    content_add_unit(c, "ui", line, content_trim(tab + 1), "ui.tsv", n);
  }
  free(text);
}

/* ---------------------------------------------------------------- Markdown files */

/* Splits "---\nfront matter\n---\nbody" ; returns the body and sets *body_line (1-based
 * line of the body's first line). front may be NULL when absent. */
static char *content_front_matter(char *text, char **front, int *body_line) {
  *front = NULL;
  *body_line = 1;
  if (strncmp(text, "---\n", 4) && strncmp(text, "---\r\n", 5)) return text;
  char *start = strchr(text, '\n') + 1;
  int lines = 1;
  for (char *p = start; *p; ) {
    char *nl = strchr(p, '\n');
    lines++;
    if (!strncmp(p, "---", 3) && (p[3] == '\n' || p[3] == '\r' || !p[3])) {
      *p = 0;
      *front = start;
      *body_line = lines + 1;
      return nl ? nl + 1 : p + strlen(p);
    }
    if (!nl) break;
    p = nl + 1;
  }
  return text;
}

static int content_block_kind(cmark_node *node, cmark_node *parent) {
  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_HEADING: return SITE_HEADING;
  case CMARK_NODE_PARAGRAPH:
    if (parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM)
      return cmark_node_get_list_type(cmark_node_parent(parent)) == CMARK_ORDERED_LIST ? SITE_NUMBERED : SITE_BULLET;
    if (parent && cmark_node_get_type(parent) == CMARK_NODE_BLOCK_QUOTE) return SITE_CALLOUT;
    return SITE_PARAGRAPH;
  default: return -1;
  }
}

/* Every text block of a page body, in order: paragraphs and headings at the top, the
 * paragraphs inside list items and block quotes. */
static void content_page_blocks(content *c, content_page *pg, cmark_node *node, const char *file,
                                int line_offset, report *r) {
  for (cmark_node *n = cmark_node_first_child(node); n; n = cmark_node_next(n)) {
    cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_LIST || type == CMARK_NODE_ITEM || type == CMARK_NODE_BLOCK_QUOTE) {
      content_page_blocks(c, pg, n, file, line_offset, r);
      continue;
    }
    int line = line_offset + cmark_node_get_start_line(n) - 1;
    if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_THEMATIC_BREAK) continue;
    int kind = content_block_kind(n, node);
    char where[300];
    snprintf(where, sizeof where, "%s:%d", file, line);
    if (kind < 0) { report_add(r, REPORT_WARNING, where, NULL, "markup", "this kind of block is not shown on the kiosk"); continue; }
    if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) != 2)
      report_add(r, REPORT_WARNING, where, NULL, "markup", "use '##' headings in page bodies");
    char *md = inline_markdown(n);
    if (*md) {
      pg->blocks = util_realloc(pg->blocks, sizeof *pg->blocks * (size_t)(pg->block_count + 1));
      int seq = pg->block_count + 1;
      pg->blocks[pg->block_count++] = (content_block){ seq, kind };
      char key[32];
      snprintf(key, sizeof key, "b%d", seq);
      content_add_unit(c, pg->id, key, md, file, line);
    }
    free(md);
  }
}

static void content_load_page(content *c, const char *name, report *r) {
  char rel[256], where[320];
  snprintf(rel, sizeof rel, "pages/%.240s", name);
  size_t len;
  char *text = content_read(c, rel, &len, r, 1), *front, *line, *key, *value;
  if (!text) return;
  int body_line;
  char *body = content_front_matter(text, &front, &body_line);
  if (!front) { report_add(r, REPORT_ERROR, rel, NULL, "front-matter", "the page has no front matter (--- id: ... ---)"); free(text); return; }
  content_page pg;
  memset(&pg, 0, sizeof pg);
  pg.typical_wait = -1;
  char title[1024] = "", route_label[256] = "";
  int title_line = 0, label_line = 0;
  snprintf(pg.source, sizeof pg.source, "%s:1", rel);
  char *cursor = front;
  for (int n = 2; (line = content_next_line(&cursor)); n++) {
    snprintf(where, sizeof where, "%s:%d", rel, n);
    if (!*content_trim(line)) continue;
    if (!content_key_value(line, &key, &value)) { report_add(r, REPORT_ERROR, where, NULL, "front-matter", "expected 'key: value'"); continue; }
    if (!strcmp(key, "id")) {
      if (strlen(value) >= sizeof pg.id) report_add(r, REPORT_ERROR, where, NULL, "front-matter", "id is longer than %zu bytes", sizeof pg.id - 1);
      snprintf(pg.id, sizeof pg.id, "%s", strlen(value) < sizeof pg.id ? value : "");
    }
    else if (!strcmp(key, "title")) { snprintf(title, sizeof title, "%s", value); title_line = n; }
    else if (!strcmp(key, "term")) snprintf(pg.term, sizeof pg.term, "%s", value);
    else if (!strcmp(key, "route")) pg.route = atoi(value);
    else if (!strcmp(key, "route_label")) { snprintf(route_label, sizeof route_label, "%s", value); label_line = n; }
    else if (!strcmp(key, "pictogram")) {
      if (strlen(value) >= sizeof pg.pictogram) report_add(r, REPORT_ERROR, where, NULL, "front-matter", "pictogram name is longer than %zu bytes", sizeof pg.pictogram - 1);
      else snprintf(pg.pictogram, sizeof pg.pictogram, "%s", value);
    }
    else if (!strcmp(key, "related")) snprintf(pg.related, sizeof pg.related, "%s", value);
    else if (!strcmp(key, "checked")) snprintf(pg.checked, sizeof pg.checked, "%s", value);
    else if (!strcmp(key, "differs_per_gemeente")) pg.differs = !strcmp(value, "yes");
    else if (!strcmp(key, "typical_wait")) {
      /* Which check-in wait this page shows the typical wait of (the kiosk's callout). */
      if ((pg.typical_wait = waits_kind(value)) < 0)
        report_add(r, REPORT_ERROR, where, NULL, "front-matter",
                   "typical_wait '%s' must be ind, koppeling, house, family or course", value);
    }
    else if (strcmp(key, "sources")) report_add(r, REPORT_WARNING, where, NULL, "front-matter", "unknown key '%s'", key);
  }
  if (!pack_name_valid(pg.id)) {
    report_add(r, REPORT_ERROR, pg.source, NULL, "front-matter", "id '%s' must be lower-case ASCII letters, digits and '-'", pg.id);
    free(text);
    return;
  }
  for (int i = 0; i < c->page_count; i++)
    if (!strcmp(c->pages[i].id, pg.id)) {
      report_add(r, REPORT_ERROR, pg.source, NULL, "duplicate", "page id '%s' is also used by %s", pg.id, c->pages[i].source);
      free(text);
      return;
    }
  const char *dash = strchr(name, '-');
  size_t idlen = strlen(pg.id);
  if (!dash || strncmp(dash + 1, pg.id, idlen) || strcmp(dash + 1 + idlen, ".md"))
    report_add(r, REPORT_WARNING, pg.source, NULL, "front-matter", "file name should be NN-%s.md", pg.id);
  if (pg.pictogram[0] && !pack_name_valid(pg.pictogram)) {
    report_add(r, REPORT_ERROR, pg.source, NULL, "front-matter", "pictogram name '%s' is not a safe name", pg.pictogram);
    pg.pictogram[0] = 0;
  }
  if (!title[0]) report_add(r, REPORT_ERROR, pg.source, NULL, "front-matter", "the page has no title");
  content_add_unit(c, pg.id, "title", title, rel, title_line);
  if (pg.route) {
    if (!route_label[0]) report_add(r, REPORT_ERROR, pg.source, NULL, "front-matter", "a route page needs a route_label");
    content_add_unit(c, pg.id, "route_label", route_label[0] ? route_label : title, rel, label_line ? label_line : title_line);
  }
  cmark_node *doc = cmark_parse_document(body, strlen(body), CMARK_OPT_DEFAULT);
  content_page_blocks(c, &pg, doc, rel, body_line, r);
  cmark_node_free(doc);
  c->pages = util_realloc(c->pages, sizeof *c->pages * (size_t)(c->page_count + 1));
  c->pages[c->page_count++] = pg;
  free(text);
}

static int content_md_filter(const struct dirent *e) {
  size_t n = strlen(e->d_name);
  return n > 3 && e->d_name[0] != '.' && !strcmp(e->d_name + n - 3, ".md");
}

static void content_load_pages(content *c, report *r) {
  char dir[1100];
  struct dirent **names = NULL;
  snprintf(dir, sizeof dir, "%s/pages", c->dir);
  int n = scandir(dir, &names, content_md_filter, alphasort);
  if (n < 0) { report_add(r, REPORT_ERROR, "pages", NULL, "unreadable", "the pages folder cannot be read"); return; }
  for (int i = 0; i < n; i++) { content_load_page(c, names[i]->d_name, r); free(names[i]); }
  free(names);
}

/* faq.md: "## question" then answer paragraphs. glossary.md: "## term" then one
 * explanation paragraph. */
static void content_load_sections(content *c, const char *file, int glossary, report *r) {
  size_t len;
  char *text = content_read(c, file, &len, r, 0);
  if (!text) return;
  char *front;
  int body_line;
  char *body = content_front_matter(text, &front, &body_line);
  cmark_node *doc = cmark_parse_document(body, strlen(body), CMARK_OPT_DEFAULT);
  int current = 0;
  char key[48], where[300];
  for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
    int line = body_line + cmark_node_get_start_line(n) - 1;
    snprintf(where, sizeof where, "%s:%d", file, line);
    cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_HTML_BLOCK) continue;
    char *md = inline_markdown(n);
    if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 2) {
      if (glossary) {
        c->glossary = util_realloc(c->glossary, sizeof *c->glossary * (size_t)(c->glossary_count + 1));
        text_span *spans; int count;
        char *plain = inline_parse(md, &spans, &count);
        snprintf(c->glossary[c->glossary_count].term, sizeof c->glossary->term, "%s", plain);
        free(plain); free(spans);
        current = ++c->glossary_count;
      } else {
        c->faq = util_realloc(c->faq, sizeof *c->faq * (size_t)(c->faq_count + 1));
        memset(&c->faq[c->faq_count], 0, sizeof *c->faq);
        current = ++c->faq_count;
        snprintf(key, sizeof key, "q%d", current);
        content_add_unit(c, "faq", key, md, file, line);
      }
    } else if (type == CMARK_NODE_PARAGRAPH && current) {
      if (glossary) {
        snprintf(key, sizeof key, "g%d", current);
        if (content_find_unit(c, "glossary", key)) report_add(r, REPORT_WARNING, where, NULL, "markup", "a glossary entry has one paragraph; this one is ignored");
        else content_add_unit(c, "glossary", key, md, file, line);
      } else {
        content_faq *f = &c->faq[current - 1];
        if (!strncmp(md, "related: ", 9) && pack_name_valid(md + 9)) snprintf(f->related, sizeof f->related, "%s", md + 9);
        else {
          snprintf(key, sizeof key, "a%d.%d", current, ++f->paragraphs);
          content_add_unit(c, "faq", key, md, file, line);
        }
      }
    } else report_add(r, REPORT_WARNING, where, NULL, "markup", "only '##' headings and paragraphs are read here");
    free(md);
  }
  cmark_node_free(doc);
  free(text);
}

/* help.md: one front-matter block per contact (id, name, phone, how, local), each
 * optionally followed by a paragraph that is the "how". */
static void content_load_help(content *c, report *r) {
  size_t len;
  char *text = content_read(c, "help.md", &len, r, 0), *cursor = text, *line, *key, *value;
  if (!text) return;
  int in_front = 0, n = 0;
  content_contact *ct = NULL;
  char how[2048] = "", where[64];
  int how_line = 0;
  for (;;) {
    line = content_next_line(&cursor);
    n++;
    int fence = line && !strcmp(content_trim(line), "---");
    if (!line || (fence && !in_front)) {   /* a contact ends */
      if (ct && how[0]) {
        char k[64];
        snprintf(k, sizeof k, "%s.how", ct->id);
        if (!content_find_unit(c, "help", k)) content_add_unit(c, "help", k, content_trim(how), "help.md", how_line);
      }
      how[0] = 0;
      if (!line) break;
      in_front = 1;
      ct = NULL;
      continue;
    }
    snprintf(where, sizeof where, "help.md:%d", n);
    if (fence) { in_front = 0; continue; }
    if (in_front) {
      if (!*line || line[0] == '#') continue;
      if (!content_key_value(line, &key, &value)) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "expected 'key: value'"); continue; }
      if (!strcmp(key, "id")) {
        if (!pack_name_valid(value) || strlen(value) >= sizeof ct->id) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "contact id '%s' is not a safe name", value); continue; }
        c->contacts = util_realloc(c->contacts, sizeof *c->contacts * (size_t)(c->contact_count + 1));
        ct = &c->contacts[c->contact_count++];
        memset(ct, 0, sizeof *ct);
        snprintf(ct->id, sizeof ct->id, "%s", value);
      } else if (!ct) report_add(r, REPORT_ERROR, where, NULL, "syntax", "each contact starts with 'id:'");
      else if (!strcmp(key, "phone")) snprintf(ct->phone, sizeof ct->phone, "%s", value);
      else if (!strcmp(key, "local") || !strcmp(key, "local_override")) ct->local = !strcmp(value, "yes");
      else if (!strcmp(key, "name") || !strcmp(key, "how")) {
        char k[64];
        snprintf(k, sizeof k, "%s.%s", ct->id, key);
        content_add_unit(c, "help", k, value, "help.md", n);
      } else report_add(r, REPORT_WARNING, where, NULL, "syntax", "unknown contact key '%s'", key);
    } else if (ct && *content_trim(line) && strncmp(content_trim(line), "<!--", 4)) {
      if (!how[0]) how_line = n;
      size_t at = strlen(how);
      snprintf(how + at, sizeof how - at, "%s%s", at ? " " : "", content_trim(line));
    }
  }
  free(text);
}

static void content_load_questionnaire(content *c, report *r) {
  static const char file[] = "checkin/questionnaire.md";
  size_t len;
  char *text = content_read(c, file, &len, r, 0), *front, *line, *key, *value, where[96], k[96];
  if (!text) return;
  int body_line;
  char *body = content_front_matter(text, &front, &body_line);
  char *cursor = front;
  for (int n = 2; front && (line = content_next_line(&cursor)); n++) {
    if (!content_key_value(line, &key, &value)) continue;
    if (!strcmp(key, "version")) c->questionnaire_version = atoi(value);
    else if (!strcmp(key, "intro")) content_add_unit(c, "checkin", "intro", value, file, n);
  }
  if (c->questionnaire_version <= 0) report_add(r, REPORT_ERROR, file, NULL, "metadata", "the questionnaire needs 'version: N' in its front matter");
  content_question *q = NULL;
  cursor = body;
  for (int n = body_line; (line = content_next_line(&cursor)); n++) {
    snprintf(where, sizeof where, "%s:%d", file, n);
    line = content_trim(line);
    if (!*line || !strncmp(line, "<!--", 4)) continue;
    if (!strncmp(line, "## ", 3)) {
      char *id = content_trim(line + 3);
      if (!pack_name_valid(id) || strlen(id) >= sizeof q->id) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "question id '%s' is not a safe name", id); q = NULL; continue; }
      c->questions = util_realloc(c->questions, sizeof *c->questions * (size_t)(c->question_count + 1));
      q = &c->questions[c->question_count++];
      memset(q, 0, sizeof *q);
      snprintf(q->id, sizeof q->id, "%s", id);
      continue;
    }
    if (!q) { report_add(r, REPORT_WARNING, where, NULL, "syntax", "text before the first question is ignored"); continue; }
    if (!strncmp(line, "- ", 2)) {
      char *parts[3] = { line + 2, NULL, NULL };
      for (int i = 1; i < 3; i++) {
        char *bar = parts[i - 1] ? strchr(parts[i - 1], '|') : NULL;
        if (bar) { *bar = 0; parts[i] = bar + 1; }
      }
      if (!parts[2]) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "expected '- CODE | PICTOGRAM | label'"); continue; }
      char *code = content_trim(parts[0]), *picto = content_trim(parts[1]);
      if (!pack_name_valid(code) || strlen(code) >= 32 || (*picto && !pack_name_valid(picto))) {
        report_add(r, REPORT_ERROR, where, NULL, "syntax", "answer code '%s' or pictogram '%s' is not a safe name", code, picto);
        continue;
      }
      q->answers = util_realloc(q->answers, sizeof *q->answers * (size_t)(q->answer_count + 1));
      content_answer *a = &q->answers[q->answer_count++];
      snprintf(a->code, sizeof a->code, "%s", code);
      snprintf(a->pictogram, sizeof a->pictogram, "%s", picto);
      snprintf(k, sizeof k, "%s.%s", q->id, code);
      content_add_unit(c, "checkin", k, content_trim(parts[2]), file, n);
      continue;
    }
    if (!content_key_value(line, &key, &value)) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "expected 'type:', 'text:', 'example:' or an answer line"); continue; }
    if (!strcmp(key, "type")) {
      if (strcmp(value, "single") && strcmp(value, "multiple")) report_add(r, REPORT_ERROR, where, NULL, "syntax", "type must be single or multiple");
      q->multiple = !strcmp(value, "multiple");
    } else if (!strcmp(key, "text") || !strcmp(key, "example")) {
      snprintf(k, sizeof k, "%s.%s", q->id, key);
      content_add_unit(c, "checkin", k, value, file, n);
    } else report_add(r, REPORT_WARNING, where, NULL, "syntax", "unknown question key '%s'", key);
  }
  for (int i = 0; i < c->question_count; i++) {
    snprintf(k, sizeof k, "%s.text", c->questions[i].id);
    if (!content_find_unit(c, "checkin", k)) report_add(r, REPORT_ERROR, file, NULL, "syntax", "question '%s' has no text", c->questions[i].id);
    if (!c->questions[i].answer_count) report_add(r, REPORT_ERROR, file, NULL, "syntax", "question '%s' has no answers", c->questions[i].id);
  }
  free(text);
}

/* navigator.md (FORMAT.md, "The navigator"): "## question ID" sections (pictogram:,
 * text:, "- CODE | PICTOGRAM | label (→ QUESTION)" or "(→ here STAGE, next STAGE)"),
 * and "## todo|bring|ask|next STAGE" sections of "- Dutch text (→ ID)" items. Units:
 * ctx "navigator", keys "question.ID", "answer.ID.CODE", "SECTION.STAGE.N". */
static int content_page_exists(const content *c, const char *id) {
  for (int i = 0; i < c->page_count; i++) if (!strcmp(c->pages[i].id, id)) return 1;
  return 0;
}

static int content_contact_exists(const content *c, const char *id) {
  for (int i = 0; i < c->contact_count; i++) if (!strcmp(c->contacts[i].id, id)) return 1;
  return 0;
}

static int content_nav_find(const content *c, const char *id) {
  for (int i = 0; i < c->nav_question_count; i++) if (!strcmp(c->nav_questions[i].id, id)) return i;
  return -1;
}

/* Cuts the trailing " (→ TARGET)" off t; returns TARGET, or NULL when it is absent. */
static char *content_nav_target(char *t) {
  static const char arrow[] = " (\xE2\x86\x92 ";   /* " (→ " */
  char *link = strstr(t, arrow), *end = link ? strrchr(link, ')') : NULL;
  if (!link || !end || end[1]) return NULL;
  *link = 0; *end = 0;
  return content_trim(link + strlen(arrow));
}

/* "- CODE | PICTOGRAM | label (→ QUESTION | here STAGE, next STAGE)" of question q. */
static void content_nav_answer_line(content *c, content_nav_question *q, char *t, const char *where, int n, report *r) {
  char *target = content_nav_target(t), *parts[3] = { t + 2, NULL, NULL }, key[96];
  for (int i = 1; i < 3; i++) {
    char *bar = parts[i - 1] ? strchr(parts[i - 1], '|') : NULL;
    if (bar) { *bar = 0; parts[i] = bar + 1; }
  }
  if (!target || !parts[2]) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "expected '- CODE | PICTOGRAM | label (\xE2\x86\x92 QUESTION)' or '(\xE2\x86\x92 here STAGE, next STAGE)'"); return; }
  content_nav_answer a;
  memset(&a, 0, sizeof a);
  a.line = n;
  char *code = content_trim(parts[0]), *picto = content_trim(parts[1]);
  if (!pack_name_valid(code) || strlen(code) >= sizeof a.code || (*picto && (!pack_name_valid(picto) || strlen(picto) >= sizeof a.pictogram))) {
    report_add(r, REPORT_ERROR, where, NULL, "syntax", "answer code '%s' or pictogram '%s' is not a safe name", code, picto);
    return;
  }
  for (int i = 0; i < q->answer_count; i++)
    if (!strcmp(q->answers[i].code, code)) { report_add(r, REPORT_ERROR, where, NULL, "duplicate", "question '%s' has answer '%s' twice", q->id, code); return; }
  snprintf(a.code, sizeof a.code, "%s", code);
  snprintf(a.pictogram, sizeof a.pictogram, "%s", picto);
  if (!strncmp(target, "here ", 5)) {
    if (sscanf(target + 5, "%63[^, ] , next %63s", a.here, a.next) != 2) {
      report_add(r, REPORT_ERROR, where, NULL, "syntax", "a result is '(\xE2\x86\x92 here STAGE, next STAGE)'");
      return;
    }
    if (!content_page_exists(c, a.here)) report_add(r, REPORT_ERROR, where, NULL, "link", "navigator result 'here %s' is not a page id", a.here);
    if (!content_page_exists(c, a.next)) report_add(r, REPORT_ERROR, where, NULL, "link", "navigator result 'next %s' is not a page id", a.next);
  } else if (!pack_name_valid(target) || strlen(target) >= sizeof a.ask) {
    report_add(r, REPORT_ERROR, where, NULL, "syntax", "'%s' is not a question id", target);
    return;
  } else snprintf(a.ask, sizeof a.ask, "%s", target);
  q->answers = util_realloc(q->answers, sizeof *q->answers * (size_t)(q->answer_count + 1));
  q->answers[q->answer_count++] = a;
  snprintf(key, sizeof key, "answer.%s.%s", q->id, code);
  content_add_unit(c, "navigator", key, content_trim(parts[2]), "navigator.md", n);
}

/* "- Dutch text (→ ID)" of a todo/bring/ask/next section. */
static void content_nav_item_line(content *c, const char *section, const char *stage, int seq, char *t,
                                  const char *where, int n, report *r) {
  char *id = content_nav_target(t), key[96];
  if (!id) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "an item ends with '(\xE2\x86\x92 ID)'"); return; }
  int help = !strncmp(id, "help:", 5);
  int known = help ? content_contact_exists(c, id + 5) : content_page_exists(c, id);
  if (!known) { report_add(r, REPORT_ERROR, where, NULL, "link", "navigator item links to unknown '%s'", id); return; }
  c->nav_items = util_realloc(c->nav_items, sizeof *c->nav_items * (size_t)(c->nav_item_count + 1));
  content_nav_item *it = &c->nav_items[c->nav_item_count++];
  memset(it, 0, sizeof *it);
  snprintf(it->section, sizeof it->section, "%s", section);
  snprintf(it->stage, sizeof it->stage, "%s", stage);
  if (help) snprintf(it->contact, sizeof it->contact, "%s", id + 5);
  else snprintf(it->page, sizeof it->page, "%s", id);
  it->seq = seq;
  snprintf(key, sizeof key, "%s.%s.%d", section, stage, seq);
  content_add_unit(c, "navigator", key, content_trim(t + 2), "navigator.md", n);
}

/* A "## WORD ID" heading: a new question, or a new item section. Returns the section word
 * kept for the lines below ("" = ignore them). */
static void content_nav_heading(content *c, char *t, const char *where, int n, char section[16], char stage[64],
                                content_nav_question **q, report *r) {
  *q = NULL;
  if (sscanf(t + 3, "%15s %63s", section, stage) != 2) section[0] = 0;
  int items = !strcmp(section, "todo") || !strcmp(section, "bring") || !strcmp(section, "ask") || !strcmp(section, "next");
  if (!strcmp(section, "question")) {
    if (!pack_name_valid(stage) || strlen(stage) >= sizeof (*q)->id) { report_add(r, REPORT_ERROR, where, NULL, "syntax", "question id '%s' is not a safe name", stage); section[0] = 0; return; }
    if (content_nav_find(c, stage) >= 0) { report_add(r, REPORT_ERROR, where, NULL, "duplicate", "navigator question '%s' appears twice", stage); section[0] = 0; return; }
    c->nav_questions = util_realloc(c->nav_questions, sizeof *c->nav_questions * (size_t)(c->nav_question_count + 1));
    *q = &c->nav_questions[c->nav_question_count++];
    memset(*q, 0, sizeof **q);
    snprintf((*q)->id, sizeof (*q)->id, "%s", stage);
    (*q)->line = n;
  } else if (!items) {
    report_add(r, REPORT_ERROR, where, NULL, "syntax", "expected '## question ID' or '## todo|bring|ask|next STAGE'");
    section[0] = 0;
  } else if (!content_page_exists(c, stage)) {
    report_add(r, REPORT_ERROR, where, NULL, "link", "navigator stage '%s' is not a page id", stage);
    section[0] = 0;
  }
}

/* The number of questions on the longest path from question i (the tree has no loops). */
static int content_nav_depth(const content *c, int i, int *memo) {
  if (memo[i]) return memo[i];
  int deepest = 0;
  for (int k = 0; k < c->nav_questions[i].answer_count; k++) {
    int to = c->nav_questions[i].answers[k].ask[0] ? content_nav_find(c, c->nav_questions[i].answers[k].ask) : -1;
    int d = to >= 0 ? content_nav_depth(c, to, memo) : 0;
    if (d > deepest) deepest = d;
  }
  return memo[i] = deepest + 1;
}

/* The tree as a whole: every answer leads somewhere known, every question is reached
 * from the first, no answer leads back to a question already asked on its path, and
 * each question has its text and at least two answers. */
static void content_nav_check(content *c, report *r) {
  int n = c->nav_question_count;
  if (!n) return;
  char where[64], key[96];
  int *state = util_calloc((size_t)n, sizeof *state);   /* 0 new, 1 on the path, 2 done */
  int *stack = util_calloc((size_t)n + 1, sizeof *stack), *next_answer = util_calloc((size_t)n, sizeof *next_answer);
  for (int i = 0; i < n; i++) {
    content_nav_question *q = &c->nav_questions[i];
    snprintf(where, sizeof where, "navigator.md:%d", q->line);
    snprintf(key, sizeof key, "question.%s", q->id);
    if (!content_find_unit(c, "navigator", key)) report_add(r, REPORT_ERROR, where, NULL, "syntax", "question '%s' has no 'text:'", q->id);
    if (q->answer_count < 2) report_add(r, REPORT_ERROR, where, NULL, "syntax", "question '%s' needs at least two answers", q->id);
    for (int k = 0; k < q->answer_count; k++) {
      content_nav_answer *a = &q->answers[k];
      if (a->ask[0] && content_nav_find(c, a->ask) < 0) {
        snprintf(where, sizeof where, "navigator.md:%d", a->line);
        report_add(r, REPORT_ERROR, where, NULL, "link", "navigator answer leads to unknown question '%s'", a->ask);
      }
    }
  }
  /* depth-first from the first question: reachability and cycles */
  int top = 0, loops = 0;
  stack[top++] = 0; state[0] = 1;
  while (top) {
    content_nav_question *q = &c->nav_questions[stack[top - 1]];
    int k = next_answer[stack[top - 1]]++;
    if (k >= q->answer_count) { state[stack[--top]] = 2; continue; }
    int to = q->answers[k].ask[0] ? content_nav_find(c, q->answers[k].ask) : -1;
    if (to < 0) continue;
    if (state[to] == 1) {
      snprintf(where, sizeof where, "navigator.md:%d", q->answers[k].line);
      report_add(r, REPORT_ERROR, where, NULL, "cycle", "navigator answer '%s' leads back to question '%s' (a loop)", q->answers[k].code, q->answers[k].ask);
      loops++;
    } else if (state[to] == 0) { state[to] = 1; stack[top++] = to; }
  }
  for (int i = 0; i < n; i++)
    if (!state[i]) {
      snprintf(where, sizeof where, "navigator.md:%d", c->nav_questions[i].line);
      report_add(r, REPORT_ERROR, where, NULL, "unreachable", "navigator question '%s' is never asked (no answer leads to it)", c->nav_questions[i].id);
    }
  memset(next_answer, 0, sizeof *next_answer * (size_t)n);   /* reused as the depth memo */
  if (!loops && content_nav_depth(c, 0, next_answer) > CONTENT_NAV_PATH_MAX)
    report_add(r, REPORT_ERROR, "navigator.md", NULL, "syntax", "a path through the navigator asks more than %d questions", CONTENT_NAV_PATH_MAX);
  free(state); free(stack); free(next_answer);
}

static void content_load_navigator(content *c, report *r) {
  size_t len;
  char *text = content_read(c, "navigator.md", &len, r, 0), *front, *line, section[16] = "", stage[64] = "", where[64];
  if (!text) return;
  int body_line, count = 0;
  content_nav_question *q = NULL;
  char *cursor = content_front_matter(text, &front, &body_line), *key, *value;
  for (int n = body_line; (line = content_next_line(&cursor)); n++) {
    snprintf(where, sizeof where, "navigator.md:%d", n);
    char *t = content_trim(line);
    if (!strncmp(t, "## ", 3)) {
      content_nav_heading(c, t, where, n, section, stage, &q, r);
      count = 0;
    } else if (!section[0] || !*t || !strncmp(t, "<!--", 4)) {
      continue;   /* comments, blank lines: notes for editors */
    } else if (q && !strncmp(t, "- ", 2)) {
      content_nav_answer_line(c, q, t, where, n, r);
    } else if (q) {
      int kv = content_key_value(t, &key, &value);
      if (kv && !strcmp(key, "text")) {
        char k[96];
        snprintf(k, sizeof k, "question.%s", q->id);
        content_add_unit(c, "navigator", k, value, "navigator.md", n);
      } else if (kv && !strcmp(key, "pictogram") && pack_name_valid(value) && strlen(value) < sizeof q->pictogram) {
        snprintf(q->pictogram, sizeof q->pictogram, "%s", value);
      } else report_add(r, REPORT_ERROR, where, NULL, "syntax", "expected 'text:', 'pictogram: NAME' or an answer line");
    } else if (!strncmp(t, "- ", 2)) {
      content_nav_item_line(c, section, stage, ++count, t, where, n, r);
    }
  }
  content_nav_check(c, r);
  free(text);
}

int content_load(content *c, const char *dir, report *r, char *err, size_t errlen) {
  memset(c, 0, sizeof *c);
  if (snprintf(c->dir, sizeof c->dir, "%s", dir) >= (int)sizeof c->dir) return util_error(err, errlen, "content path too long");
  char probe[1100];
  snprintf(probe, sizeof probe, "%s/pack.meta", dir);
  if (access(probe, R_OK) != 0) return util_error(err, errlen, "%s is not a content folder (no pack.meta)", dir);
  content_load_meta(c, r);
  content_load_languages(c, r);
  content_load_pages(c, r);
  content_load_sections(c, "faq.md", 0, r);
  content_load_sections(c, "glossary.md", 1, r);
  content_load_help(c, r);
  content_load_ui(c, r);
  content_load_questionnaire(c, r);
  content_load_navigator(c, r);
  return 0;
}

void content_free(content *c) {
  for (int i = 0; i < c->page_count; i++) free(c->pages[i].blocks);
  free(c->pages);
  for (int i = 0; i < c->question_count; i++) free(c->questions[i].answers);
  free(c->questions);
  for (int i = 0; i < c->nav_question_count; i++) free(c->nav_questions[i].answers);
  free(c->nav_questions); free(c->nav_items);
  for (int i = 0; i < c->unit_count; i++) free(c->units[i].msgid);
  free(c->units);
  free(c->languages); free(c->faq); free(c->glossary); free(c->contacts);
  memset(c, 0, sizeof *c);
}
