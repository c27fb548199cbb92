/* ui_wait.c — the `typical-wait` callout: how long others here have waited for what a page
 * is about, from the pack's signed, k-anonymous table (site_page_wait). Shown on the page
 * of each wait and, later, on the navigator's result. The wording never promises: "so
 * far", the weeks it comes from, and "your wait can be different". */
#include "ui/ui_internal.h"
#include <string.h>   /* strstr */

/* The label of a check-in answer in the site's language ("Een huis", "3 tot 6 maanden"),
 * or NULL. Using the check-in's own words keeps the callout in the words residents gave. */
static const char *ui_wait_answer(const ui *u, const char *question, const char *code) {
  for (int i = 0; i < u->site->question_count; i++) {
    const site_question *q = &u->site->questions[i];
    if (strcmp(q->id, question)) continue;
    for (int a = 0; a < q->answer_count; a++)
      if (!strcmp(q->answers[a].code, code)) return q->answers[a].label;
  }
  return NULL;
}

/* Appends template to out (at *at, capacity cap), replacing {n}, {what}, {time} and
 * {weeks}. Numbers and weeks are isolated (LRI..PDI) so they read the same in RTL. */
static void ui_wait_fill(char *out, size_t cap, size_t *at, const char *template, const char *n, const char *what,
                         const char *time, const char *weeks) {
  static const char *const names[] = { "{n}", "{what}", "{time}", "{weeks}" };
  const char *values[] = { n, what, time, weeks };
  for (const char *s = template; *s && *at + 1 < cap;) {
    int hit = -1;
    for (int i = 0; i < 4 && hit < 0; i++) if (!strncmp(s, names[i], strlen(names[i]))) hit = i;
    if (hit < 0) { out[(*at)++] = *s++; continue; }
    int isolate = hit == 0 || hit == 3;
    int w = snprintf(out + *at, cap - *at, "%s%s%s", isolate ? "\u2066" : "", values[hit], isolate ? "\u2069" : "");
    *at += w > 0 && (size_t)w < cap - *at ? (size_t)w : 0;
    s += strlen(names[hit]);
  }
  out[*at] = 0;
}

int ui_typical_wait(ui *u, const char *page_id, int x, int y, int w) {
  const site_wait *wt = site_page_wait(u->site, page_id);
  if (!wt) return 0;
  const char *what = ui_wait_answer(u, "waiting_for", wt->kind), *time = ui_wait_answer(u, "waiting_time", wt->median);
  if (!what || !time) return 0;   /* a questionnaire without these answers: say nothing */
  char n[16], weeks[64];
  snprintf(n, sizeof n, "%d", wt->n);
  /* "2026-W40 – 2026-W47" on one line: UAX 14 breaks after a hyphen or a dash, not at a
   * non-breaking hyphen (U+2011), a no-break space or a word joiner (U+2060). */
  const char *wk = wt->weeks;
  snprintf(weeks, sizeof weeks, "%.4s\u2011%.3s\u00a0\u2013\u2060\u00a0%.4s\u2011%.3s", wk, wk + 5, wk + 10, wk + 15);
  /* "Most" only when the median bucket holds more than half; else "half ... or longer". */
  const char *title = ui_string(u, "wait_title");
  size_t at = 0, cap = sizeof u->wait_text;
  ui_wait_fill(u->wait_text, cap, &at, title, n, what, time, weeks);
  text_span bold = { 0, (int)at, TEXT_STYLE_BOLD };
  ui_wait_fill(u->wait_text, cap, &at, "\n", n, what, time, weeks);
  ui_wait_fill(u->wait_text, cap, &at, ui_string(u, wt->median_share > 50 ? "wait_most" : "wait_half"), n, what, time, weeks);
  ui_wait_fill(u->wait_text, cap, &at, " ", n, what, time, weeks);
  ui_wait_fill(u->wait_text, cap, &at, ui_string(u, "wait_source"), n, what, time, weeks);
  return ui_callout(u, "typical-wait", u->wait_text, &bold, 1, x, y, w);
}
