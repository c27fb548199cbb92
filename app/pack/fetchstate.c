/* fetchstate.c — read and write STATE/fetch/state (fetchstate.h). */
#include "pack/fetchstate.h"
#include "util/util.h"
#include <stdio.h>
#include <stdlib.h>   /* atoll */
#include <string.h>

enum { FETCH_STATE_MAX = 4096, FETCH_STATE_PATH_MAX = 4200 };

static const char *const fetch_outcome_names[] = { "never", "installed", "unchanged", "refused", "failed" };

static void fetch_copy_value(char *dst, size_t cap, const char *src, size_t n) {
  if (n >= cap) n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = 0;
}

int fetch_state_read(const char *state_dir, fetch_state *st) {
  char path[FETCH_STATE_PATH_MAX];
  size_t len;
  memset(st, 0, sizeof *st);
  snprintf(path, sizeof path, "%s/fetch/state", state_dir);
  char *text = util_read_file(path, FETCH_STATE_MAX, &len, NULL, 0);
  if (!text) return -1;
  for (char *line = text; *line;) {
    size_t n = strcspn(line, "\n");
    char *eq = memchr(line, '=', n);
    if (eq && eq > line + 1 && eq[1] == ' ') {
      size_t key = (size_t)(eq - 1 - line), vlen = n - key - 3;
      const char *v = eq + 2;
#define FETCH_KEY(name) (key == sizeof name - 1 && !memcmp(line, name, key))
      if (FETCH_KEY("last_check")) st->last_check = atoll(v);
      else if (FETCH_KEY("installed_version")) st->installed_version = atoi(v);
      else if (FETCH_KEY("etag")) fetch_copy_value(st->etag, sizeof st->etag, v, vlen);
      else if (FETCH_KEY("modified")) fetch_copy_value(st->modified, sizeof st->modified, v, vlen);
      else if (FETCH_KEY("part_etag")) fetch_copy_value(st->part_etag, sizeof st->part_etag, v, vlen);
      else if (FETCH_KEY("part_modified")) fetch_copy_value(st->part_modified, sizeof st->part_modified, v, vlen);
      else if (FETCH_KEY("sentence")) fetch_copy_value(st->sentence, sizeof st->sentence, v, vlen);
      else if (FETCH_KEY("outcome"))
        for (int i = 0; i < 5; i++)
          if (vlen == strlen(fetch_outcome_names[i]) && !memcmp(v, fetch_outcome_names[i], vlen)) st->outcome = (fetch_outcome)i;
#undef FETCH_KEY
    }
    line += n + (line[n] == '\n');
  }
  free(text);
  return 0;
}

int fetch_state_write(const char *state_dir, const fetch_state *st, char *err, size_t errlen) {
  char path[FETCH_STATE_PATH_MAX];
  char text[FETCH_STATE_MAX];
  int n = snprintf(text, sizeof text,
                   "last_check = %lld\noutcome = %s\ninstalled_version = %d\netag = %s\nmodified = %s\n"
                   "part_etag = %s\npart_modified = %s\nsentence = %s\n",
                   st->last_check, fetch_outcome_names[st->outcome], st->installed_version, st->etag,
                   st->modified, st->part_etag, st->part_modified, st->sentence);
  if (n < 0 || n >= (int)sizeof text) return util_error(err, errlen, "the pack check state does not fit");
  snprintf(path, sizeof path, "%s/fetch/state", state_dir);
  return util_write_file_atomic(path, text, (size_t)n, err, errlen);
}

