/* sample.h — a built-in sample site (Dutch, Arabic, Farsi, Tigrinya) for tests and for a
 * kiosk with no pack installed. Real screens, short real texts; translations unreviewed.
 * Never used when a verified pack is installed. */
#ifndef WEGWIJS_SAMPLE_H
#define WEGWIJS_SAMPLE_H
#include <stddef.h>       /* size_t */
#include "pack/site.h"    /* site */

/* Builds the sample site for lang. Returns a malloc'd site the caller frees with
 * site_free (the one destructor for every site), or NULL with err set when the sample has no such language. */
site *sample_site_load(const char *lang, char *err, size_t errlen);
#endif
