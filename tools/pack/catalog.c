/* catalog.c — PO reading and writing on libgettextpo, merging with msgmerge. */
#include "catalog.h"
#include "util/util.h"
#include <gettext-po.h>
#include <setjmp.h>     /* jmp_buf: libgettextpo's fatal handler must not return */
#include <spawn.h>      /* posix_spawnp */
#include <string.h>     /* strcmp */
#include <sys/wait.h>   /* waitpid */
#include <unistd.h>     /* access */

extern char **environ;

typedef struct { char *ctx, *msgid, *msgstr; int fuzzy, line; } catalog_entry;

struct catalog {
  catalog_entry *entries; int count;
  char reviewed_by[256], reviewed_date[64];
};

/* libgettextpo reports through callbacks; these collect into the current report. */
static report *catalog_report;
static const char *catalog_rel, *catalog_lang;
static jmp_buf catalog_fatal;
static int catalog_errors;

static void catalog_xerror(int severity, po_message_t message, const char *filename, size_t lineno,
                           size_t column, int multiline, const char *text) {
  (void)message; (void)filename; (void)column; (void)multiline;
  char where[300];
  if (lineno != (size_t)-1) snprintf(where, sizeof where, "%s:%zu", catalog_rel, lineno);
  else snprintf(where, sizeof where, "%s", catalog_rel);
  if (catalog_report)
    report_add(catalog_report, severity == PO_SEVERITY_WARNING ? REPORT_WARNING : REPORT_ERROR, where,
               catalog_lang, "po-syntax", "%.300s", text);
  if (severity != PO_SEVERITY_WARNING) catalog_errors++;
  if (severity == PO_SEVERITY_FATAL_ERROR) longjmp(catalog_fatal, 1);
}
static void catalog_xerror2(int severity, po_message_t m1, const char *f1, size_t l1, size_t c1, int ml1,
                            const char *t1, po_message_t m2, const char *f2, size_t l2, size_t c2, int ml2,
                            const char *t2) {
  (void)m2; (void)f2; (void)l2; (void)c2; (void)ml2; (void)t2;
  catalog_xerror(severity, m1, f1, l1, c1, ml1, t1);
}
static const struct po_xerror_handler catalog_handler = { catalog_xerror, catalog_xerror2 };

static int catalog_compare(const void *a, const void *b) {
  const catalog_entry *x = a, *y = b;
  int c = strcmp(x->ctx, y->ctx);
  return c ? c : strcmp(x->msgid, y->msgid);
}

catalog *catalog_load(const char *path, const char *rel, const char *lang, report *r) {
  if (access(path, F_OK) != 0) return NULL;
  catalog_report = r; catalog_rel = rel; catalog_lang = lang; catalog_errors = 0;
  po_file_t file = NULL;
  if (setjmp(catalog_fatal)) { catalog_report = NULL; return NULL; }
  file = po_file_read(path, &catalog_handler);
  if (!file || catalog_errors) { if (file) po_file_free(file); catalog_report = NULL; return NULL; }
  catalog *cat = util_calloc(1, sizeof *cat);
  const char *header = po_file_domain_header(file, NULL);
  if (header) {
    char *v = po_header_field(header, "X-Wegwijs-Reviewed-By");
    if (v) { snprintf(cat->reviewed_by, sizeof cat->reviewed_by, "%s", v); free(v); }
    v = po_header_field(header, "X-Wegwijs-Reviewed-Date");
    if (v) { snprintf(cat->reviewed_date, sizeof cat->reviewed_date, "%s", v); free(v); }
  }
  po_message_iterator_t it = po_message_iterator(file, NULL);
  po_message_t m;
  while ((m = po_next_message(it))) {
    const char *msgid = po_message_msgid(m);
    if (po_message_is_obsolete(m) || !msgid[0]) continue;
    cat->entries = util_realloc(cat->entries, sizeof *cat->entries * (size_t)(cat->count + 1));
    catalog_entry *e = &cat->entries[cat->count++];
    e->ctx = util_strdup(po_message_msgctxt(m) ? po_message_msgctxt(m) : "");
    e->msgid = util_strdup(msgid);
    e->msgstr = util_strdup(po_message_msgstr(m));
    e->fuzzy = po_message_is_fuzzy(m);
    e->line = 0;
  }
  po_message_iterator_free(it);
  po_file_free(file);
  catalog_report = NULL;
  if (cat->count) qsort(cat->entries, (size_t)cat->count, sizeof *cat->entries, catalog_compare);
  return cat;
}

void catalog_free(catalog *cat) {
  if (!cat) return;
  for (int i = 0; i < cat->count; i++) { free(cat->entries[i].ctx); free(cat->entries[i].msgid); free(cat->entries[i].msgstr); }
  free(cat->entries);
  free(cat);
}

static const catalog_entry *catalog_find(const catalog *cat, const char *ctx, const char *msgid) {
  if (!cat || !cat->count) return NULL;
  catalog_entry key = { (char *)ctx, (char *)msgid, NULL, 0, 0 };
  return bsearch(&key, cat->entries, (size_t)cat->count, sizeof *cat->entries, catalog_compare);
}

const char *catalog_lookup(const catalog *cat, const char *ctx, const char *msgid, int *fuzzy) {
  const catalog_entry *e = catalog_find(cat, ctx, msgid);
  *fuzzy = 0;
  if (!e || !e->msgstr[0]) return NULL;
  *fuzzy = e->fuzzy;
  return e->msgstr;
}
int catalog_line(const catalog *cat, const char *ctx, const char *msgid) {
  const catalog_entry *e = catalog_find(cat, ctx, msgid);
  return e ? e->line : 0;
}
const char *catalog_reviewed_by(const catalog *cat) { return cat ? cat->reviewed_by : ""; }
const char *catalog_reviewed_date(const catalog *cat) { return cat ? cat->reviewed_date : ""; }

int catalog_write_template(const content *c, const char *path, char *err, size_t errlen) {
  catalog_report = NULL;
  catalog_errors = 0;
  if (setjmp(catalog_fatal)) return util_error(err, errlen, "cannot write %s", path);
  po_file_t file = po_file_create();
  po_message_iterator_t it = po_message_iterator(file, NULL);
  po_message_t header = po_message_create();
  po_message_set_msgid(header, "");
  po_message_set_msgstr(header, "Project-Id-Version: wegwijs-content\n"
                        "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
                        "Content-Transfer-Encoding: 8bit\n"
                        "X-Wegwijs-Reviewed-By: \nX-Wegwijs-Reviewed-Date: \n");
  po_message_insert(it, header);
  /* One entry per (ctx, msgid); later units with the same pair add a reference. */
  po_message_t *made = util_calloc((size_t)c->unit_count + 1, sizeof *made);
  for (int i = 0; i < c->unit_count; i++) {
    const content_unit *u = &c->units[i];
    if (!u->msgid[0]) continue;
    int same = -1;
    for (int k = 0; k < i && same < 0; k++)
      if (made[k] && !strcmp(c->units[k].ctx, u->ctx) && !strcmp(c->units[k].msgid, u->msgid)) same = k;
    char file_part[300];
    snprintf(file_part, sizeof file_part, "%s", u->source);
    char *colon = strrchr(file_part, ':');
    size_t line = colon ? (size_t)atoi(colon + 1) : (size_t)-1;
    if (colon) *colon = 0;
    if (same >= 0) { po_message_add_filepos(made[same], file_part, line); continue; }
    po_message_t m = po_message_create();
    po_message_set_msgctxt(m, u->ctx);
    po_message_set_msgid(m, u->msgid);
    po_message_set_msgstr(m, "");
    po_message_add_filepos(m, file_part, line);
    po_message_insert(it, m);
    made[i] = m;
  }
  free(made);
  po_message_iterator_free(it);
  po_file_t written = po_file_write(file, path, &catalog_handler);
  po_file_free(file);
  if (!written || catalog_errors) return util_error(err, errlen, "cannot write %s", path);
  return 0;
}

static int catalog_run(char *const argv[], char *err, size_t errlen) {
  pid_t pid;
  if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
    return util_error(err, errlen, "cannot run %s (install the gettext package)", argv[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {}
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return util_error(err, errlen, "%s failed on %s", argv[0], argv[4]);
  return 0;
}

/* A new PO file: the template with a Language header. */
static int catalog_create(const char *po, const char *pot, const char *lang, char *err, size_t errlen) {
  catalog_report = NULL;
  catalog_errors = 0;
  if (setjmp(catalog_fatal)) return util_error(err, errlen, "cannot read %s", pot);
  po_file_t file = po_file_read(pot, &catalog_handler);
  if (!file) return util_error(err, errlen, "cannot read %s", pot);
  po_message_iterator_t it = po_message_iterator(file, NULL);
  po_message_t m;
  while ((m = po_next_message(it)))
    if (!po_message_msgid(m)[0]) {
      char header[2048];
      snprintf(header, sizeof header, "%sLanguage: %s\n", po_message_msgstr(m), lang);
      po_message_set_msgstr(m, header);
      break;
    }
  po_message_iterator_free(it);
  po_file_t written = po_file_write(file, po, &catalog_handler);
  po_file_free(file);
  return written && !catalog_errors ? 0 : util_error(err, errlen, "cannot write %s", po);
}

int catalog_merge(const char *po, const char *pot, const char *lang, char *err, size_t errlen) {
  if (access(po, F_OK) != 0) return catalog_create(po, pot, lang, err, errlen);
  char *argv[] = { (char *)"msgmerge", (char *)"--quiet", (char *)"--update", (char *)"--previous",
                   (char *)po, (char *)pot, (char *)"--backup=none", NULL };
  return catalog_run(argv, err, errlen);
}
