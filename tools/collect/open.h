/* open.h — `wegwijs-collect open`: the research environment's half of the split. Opens
 * the sealed records ingest stored (checkin_raw, open_state 0) with the researchers'
 * secret key into the answer tables (response, answer), and quarantines what does not
 * open or parse (open_state 2 with a note; the sealed bytes stay).
 *
 * Quarantined: cannot be opened with this key, does not parse, names a day that does
 * not exist, carries another site code than its kiosk was enrolled for, or repeats a
 * record id already opened (the same check-in resent at another place).
 * Linkability: each response gets a random id and one run inserts its responses in a
 * random order, so neither the ids nor the storage order follow a kiosk's sequence.
 * A record whose ISO week is already in the publication ledger goes to the period
 * "WEEK-late" of the week it is opened in (export.c), never into a published week. */
#ifndef WEGWIJS_COLLECT_OPEN_H
#define WEGWIJS_COLLECT_OPEN_H
#include <stddef.h>  /* size_t */
#include <stdio.h>   /* FILE */
#include "db.h"
#include "keys.h"

typedef struct {
  size_t opened, quarantined, late;
} open_result;

/* Opens every not yet opened record; k needs the researcher pair. today: YYYY-MM-DD or
 * NULL (UTC today), decides the late period. One transaction per batch of records, so
 * an interrupted run loses nothing and the next run goes on. Quarantine notes go to
 * the database and, one line each (kiosk prefix, epoch, seq, reason; never an answer),
 * to log when not NULL. Returns 0, or -1 with err set. */
int open_pending(db *d, const keys *k, const char *today, open_result *res, FILE *log, char *err, size_t errlen);

/* The command: wegwijs-collect open [--db URL] --keys RESEARCH_DIR. */
int open_main(int argc, char **argv);
#endif
