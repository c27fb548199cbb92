/* gaps.h — content gaps without the words: how many searches found nothing, per
 * language and day. Never the query text. Kept in memory for the kiosk process only
 * (the last SEARCH_GAP_DAYS days); the staff status screen shows it and the kiosk
 * status record (fleet) can read it with search_gaps. Thread-safe (one mutex). */
#ifndef WEGWIJS_SEARCH_GAPS_H
#define WEGWIJS_SEARCH_GAPS_H

enum { SEARCH_GAP_DAYS = 14, SEARCH_GAP_MAX = 256 };

typedef struct {
  char day[11];      /* YYYY-MM-DD, local time */
  char lang[16];
  int count;
} search_gap;

/* Counts one search in language lang that ended with nothing found, on the local day
 * of unix_time. Days older than SEARCH_GAP_DAYS before it are dropped. */
void search_gap_note(const char *lang, long long unix_time);

/* Copies the counts, newest day first, then by language: at most max. Returns how many. */
int search_gaps(search_gap *out, int max);

/* The counts of one day (YYYY-MM-DD) as "ar 2, ti 1" into buf ("" when none); returns
 * the total count. */
int search_gaps_day(const char *day, char *buf, unsigned long cap);

/* Forgets every count (tests). */
void search_gaps_clear(void);
#endif
