/* collect.h — what the wegwijs-collect commands share: defaults and the command entry
 * points (each in its own module, each parses its own argv and returns an exit code). */
#ifndef WEGWIJS_COLLECT_H
#define WEGWIJS_COLLECT_H
#include <stddef.h>   /* size_t */
#include "checkin/bundle.h"
#include "checkin/record.h"
#include "db.h"

#define COLLECT_DEFAULT_DB DB_DEFAULT_COLLECTOR
#define COLLECT_DEFAULT_KEYS "keys"
/* A bundle file is read whole; the parser refuses anything above BUNDLE_MAX_BYTES. */
#define BUNDLE_MAX_BYTES_FOR_READ BUNDLE_MAX_BYTES

int serve_main(int argc, char **argv);    /* serve.c */
int export_main(int argc, char **argv);   /* export.c */
int synth_main(int argc, char **argv);    /* synth.c */
int bench_main(int argc, char **argv);    /* synth.c */
int open_main(int argc, char **argv);     /* open.c */
#endif
