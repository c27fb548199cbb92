/* codebook.h — the questionnaire as the research side needs it: question ids, answer
 * codes and their Dutch labels from content/checkin/questionnaire.md (format in
 * content/FORMAT.md), English labels from a PO file (msgctxt "checkin") when given. */
#ifndef WEGWIJS_COLLECT_CODEBOOK_H
#define WEGWIJS_COLLECT_CODEBOOK_H
#include <stddef.h>  /* size_t */

enum { CODEBOOK_MAX_QUESTIONS = 16, CODEBOOK_MAX_ANSWERS = 16 };

typedef struct {
  char code[32];
  char *label_nl, *label_en;     /* label_en is "" when no translation is known */
} codebook_answer;

typedef struct {
  char id[32];
  int multiple;
  int numeric;                   /* every code is an integer: a mean is meaningful */
  char *text_nl, *text_en;
  codebook_answer answers[CODEBOOK_MAX_ANSWERS];
  int answer_count;
} codebook_question;

typedef struct {
  int version;
  codebook_question questions[CODEBOOK_MAX_QUESTIONS];
  int question_count;
} codebook;

/* Parses questionnaire.md at path; po_en (may be NULL or missing) adds English labels.
 * Returns 0, or -1 with err set as "FILE:LINE: reason". Free with codebook_free. */
int codebook_load(const char *path, const char *po_en, codebook *cb, char *err, size_t errlen);
void codebook_free(codebook *cb);
const codebook_question *codebook_find(const codebook *cb, const char *id);
#endif
