/* test_text_unicode.c — the engine's own bidi and line-break steps (text_unicode.h)
 * against the Unicode conformance files of the unicode-data package:
 * BidiCharacterTest.txt (paragraph level, levels, visual order, every line) and
 * LineBreakTest.txt (break opportunities; libunibreak 1.1 implements UAX #14 of
 * Unicode 6.2, so its known failures are listed in tests/data and compared exactly). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "text/text_unicode.h"

enum { MAX_CPS = 512 };

static const char *bidi_file = "/usr/share/unicode/BidiCharacterTest.txt";
static const char *break_file = "/usr/share/unicode/auxiliary/LineBreakTest.txt";
static const char *known_file = "tests/data/linebreak-known-failures.txt";

/* Parses hex code points separated by spaces from s up to ';' or end. */
static int parse_cps(const char *s, uint32_t *cps) {
  int n = 0;
  char *end;
  while (*s && *s != ';' && n < MAX_CPS) {
    while (*s == ' ') s++;
    if (!*s || *s == ';') break;
    cps[n++] = (uint32_t)strtoul(s, &end, 16);
    if (end == s) return -1;
    s = end;
  }
  return n;
}

static void test_bidi(void) {
  FILE *f = fopen(bidi_file, "r");
  CHECK(f != NULL, "%s is readable (package unicode-data)", bidi_file);
  if (!f) return;
  char line[8192];
  int lines = 0, passed = 0, shown = 0, lineno = 0;
  uint32_t cps[MAX_CPS];
  FriBidiCharType types[MAX_CPS];
  FriBidiLevel levels[MAX_CPS];
  int map[MAX_CPS];
  while (fgets(line, sizeof line, f)) {
    lineno++;
    if (line[0] == '#' || line[0] == '\n') continue;
    char *field[5];
    field[0] = line;
    int k = 1;
    for (char *p = line; *p && k < 5; p++) if (*p == ';') { *p = 0; field[k++] = p + 1; }
    if (k < 5) continue;
    int n = parse_cps(field[0], cps);
    if (n <= 0) continue;
    lines++;
    int dir = atoi(field[1]), want_par = atoi(field[2]);
    int par = text_bidi_paragraph(cps, n, dir == 0 ? TEXT_BIDI_LTR : dir == 1 ? TEXT_BIDI_RTL : TEXT_BIDI_AUTO,
                                  types, levels);
    int ok = par == want_par && text_bidi_reorder_line(types, 0, n, par, levels, map) == 0;
    /* levels */
    char *p = field[3];
    for (int i = 0; ok && i < n; i++) {
      while (*p == ' ') p++;
      if (*p == 'x') { ok = text_bidi_is_removed(types[i]); p++; continue; }
      ok = (int)strtol(p, &p, 10) == levels[i];
    }
    /* visual order, without the characters X9 removed */
    p = field[4];
    for (int v = 0; ok && v < n; v++) {
      if (text_bidi_is_removed(types[map[v]])) continue;
      while (*p == ' ') p++;
      char *end;
      long want = strtol(p, &end, 10);
      ok = end != p && want == map[v];
      p = end;
    }
    if (ok) passed++;
    else if (shown++ < 5) printf("FAIL bidi line %d: %s\n", lineno, field[0]);
  }
  fclose(f);
  printf("BidiCharacterTest: %d passed, %d failed\n", passed, lines - passed);
  CHECK(lines > 90000 && passed == lines, "every BidiCharacterTest line matches (%d of %d)", passed, lines);
}

typedef struct { char **items; int count, cap; } string_list;

static void list_add(string_list *l, const char *s) {
  if (l->count == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 256;
    l->items = realloc(l->items, (size_t)l->cap * sizeof *l->items);
  }
  l->items[l->count++] = strdup(s);
}

static int list_has(const string_list *l, const char *s) {
  for (int i = 0; i < l->count; i++) if (!strcmp(l->items[i], s)) return 1;
  return 0;
}

static void list_free(string_list *l) {
  for (int i = 0; i < l->count; i++) free(l->items[i]);
  free(l->items);
}

static void test_breaks(void) {
  FILE *f = fopen(break_file, "r");
  CHECK(f != NULL, "%s is readable (package unicode-data)", break_file);
  if (!f) return;
  char line[4096];
  int cases = 0, passed = 0;
  uint32_t cps[MAX_CPS];
  char want[MAX_CPS], got[MAX_CPS];
  string_list failures = { 0 }, known = { 0 };
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n') continue;
    char *hash = strchr(line, '#');
    if (hash) *hash = 0;
    /* tokens: × or ÷ (UTF-8 C3 97 / C3 B7) alternating with hex code points */
    int n = 0;
    char key[2048] = "";
    for (char *p = line; *p && n < MAX_CPS;) {
      if ((unsigned char)p[0] == 0xC3 && ((unsigned char)p[1] == 0x97 || (unsigned char)p[1] == 0xB7)) {
        if (n > 0) want[n - 1] = (unsigned char)p[1] == 0xB7;
        p += 2;
      } else if (*p == ' ' || *p == '\t' || *p == '\n') {
        p++;
      } else {
        char *end;
        cps[n++] = (uint32_t)strtoul(p, &end, 16);
        size_t kl = strlen(key);
        snprintf(key + kl, sizeof key - kl, "%s%.*s", kl ? " " : "", (int)(end - p), p);
        p = end;
      }
    }
    if (n == 0) continue;
    cases++;
    text_line_breaks(cps, n, NULL, got);
    int ok = 1;
    for (int i = 0; i + 1 < n; i++) ok &= (got[i] != TEXT_BREAK_NO) == want[i];
    if (ok) passed++; else list_add(&failures, key);
  }
  fclose(f);
  printf("LineBreakTest: %d passed, %d failed of %d (libunibreak 1.1 alone: 6722 passed)\n",
         passed, cases - passed, cases);
  CHECK(cases > 7000 && passed >= 6722, "at least libunibreak 1.1's 6722 LineBreakTest cases pass (%d)", passed);

  FILE *k = fopen(known_file, "r");
  CHECK(k != NULL, "%s is readable", known_file);
  if (k) {
    while (fgets(line, sizeof line, k)) {
      line[strcspn(line, "\n")] = 0;
      if (line[0] && line[0] != '#') list_add(&known, line);
    }
    fclose(k);
  }
  int new_failures = 0, now_passing = 0;
  for (int i = 0; i < failures.count; i++)
    if (!list_has(&known, failures.items[i]) && new_failures++ < 20)
      printf("FAIL new line-break failure: %s\n", failures.items[i]);
  for (int i = 0; i < known.count; i++)
    if (!list_has(&failures, known.items[i]) && now_passing++ < 20)
      printf("FAIL known failure now passes (update %s): %s\n", known_file, known.items[i]);
  CHECK(new_failures == 0, "no line-break failure outside the known list (%d new)", new_failures);
  CHECK(now_passing == 0, "every known failure still fails (%d now pass)", now_passing);
  if (getenv("WEGWIJS_WRITE_KNOWN")) {
    FILE *out = fopen(known_file, "w");
    if (out) {
      fprintf(out, "# LineBreakTest.txt cases (code points) where libunibreak 1.1 (UAX #14 of Unicode 6.2,\n"
                   "# regional indicators presented as ideographs) differs from Unicode 15.0.\n"
                   "# Regenerate: WEGWIJS_WRITE_KNOWN=1 build/tests/test_text_unicode\n");
      for (int i = 0; i < failures.count; i++) fprintf(out, "%s\n", failures.items[i]);
      fclose(out);
    }
  }
  list_free(&failures);
  list_free(&known);
}

int main(void) {
  test_bidi();
  test_breaks();
  return check_report();
}
