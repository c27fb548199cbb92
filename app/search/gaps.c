/* gaps.c — searches that found nothing, counted per language and day (see gaps.h). */
#include "search/gaps.h"
#include <pthread.h>    /* pthread_mutex_t */
#include <stdio.h>      /* snprintf */
#include <stdlib.h>     /* qsort */
#include <string.h>     /* strcmp */
#include <time.h>       /* localtime_r */

static pthread_mutex_t search_gap_lock = PTHREAD_MUTEX_INITIALIZER;
static search_gap search_gap_table[SEARCH_GAP_MAX];
static int search_gap_count;

static void search_gap_dayname(long long t, char day[11]) {
  time_t tt = (time_t)t;
  struct tm tm;
  localtime_r(&tt, &tm);
  strftime(day, 11, "%Y-%m-%d", &tm);
}

void search_gap_note(const char *lang, long long unix_time) {
  char day[11], oldest[11];
  search_gap_dayname(unix_time, day);
  search_gap_dayname(unix_time - (long long)SEARCH_GAP_DAYS * 86400, oldest);
  pthread_mutex_lock(&search_gap_lock);
  int kept = 0;
  for (int i = 0; i < search_gap_count; i++)   /* drop days past the window */
    if (strcmp(search_gap_table[i].day, oldest) > 0) search_gap_table[kept++] = search_gap_table[i];
  search_gap_count = kept;
  int i = 0;
  while (i < search_gap_count && (strcmp(search_gap_table[i].day, day) || strcmp(search_gap_table[i].lang, lang))) i++;
  if (i == search_gap_count && search_gap_count < SEARCH_GAP_MAX) {
    memset(&search_gap_table[i], 0, sizeof search_gap_table[i]);
    memcpy(search_gap_table[i].day, day, sizeof search_gap_table[i].day);
    snprintf(search_gap_table[i].lang, sizeof search_gap_table[i].lang, "%s", lang);
    search_gap_count++;
  }
  if (i < search_gap_count) search_gap_table[i].count++;
  pthread_mutex_unlock(&search_gap_lock);
}

static int search_gap_order(const void *a, const void *b) {
  const search_gap *x = a, *y = b;
  int d = strcmp(y->day, x->day);
  return d ? d : strcmp(x->lang, y->lang);
}

int search_gaps(search_gap *out, int max) {
  pthread_mutex_lock(&search_gap_lock);
  qsort(search_gap_table, (size_t)search_gap_count, sizeof search_gap_table[0], search_gap_order);
  int n = search_gap_count < max ? search_gap_count : max;
  if (n > 0) memcpy(out, search_gap_table, sizeof out[0] * (size_t)n);
  pthread_mutex_unlock(&search_gap_lock);
  return n;
}

int search_gaps_day(const char *day, char *buf, unsigned long cap) {
  search_gap all[SEARCH_GAP_MAX];
  int n = search_gaps(all, SEARCH_GAP_MAX), total = 0;
  size_t used = 0;
  if (cap) buf[0] = 0;
  for (int i = 0; i < n; i++) {
    if (strcmp(all[i].day, day)) continue;
    int w = snprintf(buf + used, cap > used ? cap - used : 0, "%s%s %d", total ? ", " : "", all[i].lang, all[i].count);
    if (w > 0 && used + (size_t)w < cap) used += (size_t)w;
    total += all[i].count;
  }
  return total;
}

void search_gaps_clear(void) {
  pthread_mutex_lock(&search_gap_lock);
  search_gap_count = 0;
  pthread_mutex_unlock(&search_gap_lock);
}
