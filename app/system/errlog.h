/* errlog.h — the kiosk's recent errors in plain words, for the staff status screen: a
 * small ring buffer any module may write to (thread-safe), mirrored to stderr so the
 * journal keeps the full history. */
#ifndef WEGWIJS_ERRLOG_H
#define WEGWIJS_ERRLOG_H

enum {
  SYS_LOG_ENTRIES = 16,        /* the status screen shows at most this many */
  SYS_LOG_MESSAGE_MAX = 200    /* longer messages are cut (UTF-8 safe) */
};

typedef struct {
  long long wall_s;            /* time of the latest occurrence (seconds since 1970) */
  int repeats;                 /* 1 = once; the same message in a row is counted, not stored again */
  char message[SYS_LOG_MESSAGE_MAX];
} sys_log_entry;

/* Records one error sentence (printf format), e.g. "USB stick removed during export".
 * Never fails; never allocates. */
void sys_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copies up to max entries, newest first, into out. Returns how many. */
int sys_log_recent(sys_log_entry *out, int max);

/* Empties the log (tests, and "clear" on the status screen). */
void sys_log_clear(void);
#endif
