/* codebook.c — read questionnaire.md and English PO labels for exports (codebook.h). */
#include "codebook.h"
#include "util/util.h"
#include <ctype.h>    /* isdigit */
#include <string.h>   /* strncmp, strchr */

static char *codebook_trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = 0;
  return s;
}

/* PO: returns the msgstr for msgctxt "checkin" + msgid, or NULL. A tiny reader for the
 * subset the pack tools write: single-line or continued "..." strings, \" and \n escapes. */
static char *codebook_po_lookup(const char *po, const char *msgid) {
  if (!po) return NULL;
  const char *p = po;
  char ctx[64] = "", id[1024] = "", str[1024] = "", *cur = NULL;
  size_t cap = 0;
  for (;;) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    char line[1200];
    snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line - 1 ? len : sizeof line - 1), p);
    char *q = NULL;
    if (!strncmp(line, "msgctxt ", 8)) { ctx[0] = 0; cur = ctx; cap = sizeof ctx; q = line + 8; }
    else if (!strncmp(line, "msgid ", 6)) { id[0] = 0; cur = id; cap = sizeof id; q = line + 6; }
    else if (!strncmp(line, "msgstr ", 7)) { str[0] = 0; cur = str; cap = sizeof str; q = line + 7; }
    else if (line[0] == '"' && cur) q = line;
    else {
      if (cur == str && !strcmp(ctx, "checkin") && !strcmp(id, msgid) && str[0]) return util_strdup(str);
      if (line[0] == 0) { ctx[0] = 0; cur = NULL; }
    }
    if (q && cur) {
      q = codebook_trim(q);
      size_t out = strlen(cur);
      for (const char *c = q + 1; *c && *c != '"' && out + 1 < cap; c++) {
        if (*c == '\\' && c[1]) { c++; cur[out++] = *c == 'n' ? '\n' : *c; }
        else cur[out++] = *c;
      }
      cur[out] = 0;
    }
    if (!eol) break;
    p = eol + 1;
  }
  if (cur == str && !strcmp(ctx, "checkin") && !strcmp(id, msgid) && str[0]) return util_strdup(str);
  return NULL;
}

static char *codebook_en(const char *po, const char *nl) {
  char *en = codebook_po_lookup(po, nl);
  return en ? en : util_strdup("");
}

int codebook_load(const char *path, const char *po_en, codebook *cb, char *err, size_t errlen) {
  memset(cb, 0, sizeof *cb);
  size_t len;
  char *text = util_read_file(path, 1 << 20, &len, err, errlen);
  if (!text) return -1;
  char *po = po_en ? util_read_file(po_en, 16 << 20, &len, NULL, 0) : NULL;
  int rc = -1, lineno = 0, in_front = 0;
  codebook_question *q = NULL;
  for (char *line = text, *next; line; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = 0;
    lineno++;
    char *s = codebook_trim(line);
    if (lineno == 1 && !strcmp(s, "---")) { in_front = 1; continue; }
    if (in_front) {
      if (!strcmp(s, "---")) in_front = 0;
      else if (!strncmp(s, "version:", 8)) cb->version = atoi(s + 8);
      continue;
    }
    if (!strncmp(s, "## ", 3)) {
      if (cb->question_count == CODEBOOK_MAX_QUESTIONS) { util_error(err, errlen, "%s:%d: too many questions", path, lineno); goto done; }
      q = &cb->questions[cb->question_count++];
      snprintf(q->id, sizeof q->id, "%s", codebook_trim(s + 3));
      q->numeric = 1;
      continue;
    }
    if (!q || !*s) continue;
    if (!strncmp(s, "type:", 5)) q->multiple = !strcmp(codebook_trim(s + 5), "multiple");
    else if (!strncmp(s, "text:", 5)) {
      free(q->text_nl); free(q->text_en);
      q->text_nl = util_strdup(codebook_trim(s + 5));
      q->text_en = codebook_en(po, q->text_nl);
    } else if (!strncmp(s, "- ", 2)) {
      char *bar1 = strchr(s, '|'), *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
      if (!bar2) { util_error(err, errlen, "%s:%d: answer line is not '- CODE | PICTOGRAM | label'", path, lineno); goto done; }
      if (q->answer_count == CODEBOOK_MAX_ANSWERS) { util_error(err, errlen, "%s:%d: too many answers", path, lineno); goto done; }
      *bar1 = 0;
      codebook_answer *a = &q->answers[q->answer_count++];
      snprintf(a->code, sizeof a->code, "%s", codebook_trim(s + 2));
      a->label_nl = util_strdup(codebook_trim(bar2 + 1));
      a->label_en = codebook_en(po, a->label_nl);
      for (const char *c = a->code; *c; c++) if (!isdigit((unsigned char)*c)) q->numeric = 0;
    }
  }
  if (cb->question_count == 0) { util_error(err, errlen, "%s: no questions (## ID headings)", path); goto done; }
  for (int i = 0; i < cb->question_count; i++)
    if (cb->questions[i].answer_count == 0 || !cb->questions[i].text_nl) {
      util_error(err, errlen, "%s: question %s has no text or no answers", path, cb->questions[i].id);
      goto done;
    }
  rc = 0;
done:
  free(text);
  free(po);
  if (rc != 0) codebook_free(cb);
  return rc;
}

void codebook_free(codebook *cb) {
  for (int i = 0; i < cb->question_count; i++) {
    codebook_question *q = &cb->questions[i];
    free(q->text_nl); free(q->text_en);
    for (int a = 0; a < q->answer_count; a++) { free(q->answers[a].label_nl); free(q->answers[a].label_en); }
  }
  memset(cb, 0, sizeof *cb);
}

const codebook_question *codebook_find(const codebook *cb, const char *id) {
  for (int i = 0; i < cb->question_count; i++)
    if (!strcmp(cb->questions[i].id, id)) return &cb->questions[i];
  return NULL;
}
