/* check.h — a tiny test harness: CHECK() counts, check_report() prints the summary line. */
#ifndef WEGWIJS_CHECK_H
#define WEGWIJS_CHECK_H
#include <stdio.h>   /* printf */

static int check_passed, check_failed;

/* CHECK(cond, fmt, ...): one named expectation; on failure prints file:line and the
 * message, and keeps going so one run shows every broken case. */
#define CHECK(cond, ...) do { \
    if (cond) { check_passed++; } \
    else { check_failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); \
           printf(__VA_ARGS__); printf("\n"); } \
  } while (0)

/* Prints `tests: N passed, N failed` and returns the process exit code. */
static inline int check_report(void) {
  printf("tests: %d passed, %d failed\n", check_passed, check_failed);
  return check_failed ? 1 : 0;
}
#endif
