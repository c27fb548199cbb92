/* narration.c — recordings, generated speech and coverage of a pack's audio (see narration.h). */
#include "narration.h"
#include "speech.h"
#include "pack/clip.h"
#include "pack/pack.h"
#include "util/util.h"
#include <dirent.h>     /* opendir */
#include <string.h>     /* strcmp */
#include <sys/stat.h>   /* stat */
#include <unistd.h>     /* sysconf, access */

/* ui strings read aloud: the check-in consent, the idle warning, the help screen's
 * heading and its "ask at the desk" line (the kiosk looks them up as ("ui", key)). */
static const char *const narration_ui_keys[] = { "idle_title", "idle_body", "idle_restart", "help_title", "help_local" };

int narration_voiced(const char *ctx, const char *key, int page_id_ctx) {
  if (!strcmp(ctx, "checkin") || !strcmp(ctx, "faq") || !strcmp(ctx, "help")) return 1;
  if (!strcmp(ctx, "navigator")) return !strncmp(key, "question.", 9) || !strncmp(key, "answer.", 7);
  if (!strcmp(ctx, "glossary")) return key[0] == 'g';
  if (!strcmp(ctx, "ui")) {
    if (!strncmp(key, "checkin_", 8)) return 1;
    for (size_t i = 0; i < UTIL_COUNT(narration_ui_keys); i++) if (!strcmp(key, narration_ui_keys[i])) return 1;
    return 0;
  }
  if (!page_id_ctx) return 0;
  if (!strcmp(key, "title")) return 1;
  if (key[0] != 'b' || !key[1]) return 0;
  for (const char *k = key + 1; *k; k++) if (*k < '0' || *k > '9') return 0;
  return 1;
}

const char *build_default_audio_cache(void) {
  static char path[1100];
  const char *env = getenv("WEGWIJS_AUDIO_CACHE"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (env) snprintf(path, sizeof path, "%s", env);
  else if (xdg && xdg[0]) snprintf(path, sizeof path, "%s/wegwijs/speech", xdg);
  else if (home && home[0]) snprintf(path, sizeof path, "%s/.cache/wegwijs/speech", home);
  else path[0] = 0;
  return path;
}

/* ------------------------------------------------------------------ build */

typedef struct {
  int lang;                     /* index into content languages */
  const content_unit *unit;     /* NULL for a whole-page row */
  const char *ctx, *key;
  unsigned char *data; size_t len;
  int recorded;
} narration_row;

typedef struct {
  narration_row *rows; int count;
  speech_job *jobs; int job_count;
  int *job_row;                 /* row index of each job */
} narration_plan;

static narration_row *narration_add(narration_plan *p, int lang, const content_unit *u, const char *ctx, const char *key) {
  p->rows = util_realloc(p->rows, sizeof *p->rows * (size_t)(p->count + 1));
  narration_row *row = &p->rows[p->count++];
  memset(row, 0, sizeof *row);
  row->lang = lang; row->unit = u; row->ctx = ctx; row->key = key;
  return row;
}

int narration_page_index(const content *c, const char *id) {
  for (int i = 0; i < c->page_count; i++) if (!strcmp(c->pages[i].id, id)) return i;
  return -1;
}

/* Reads and fully decodes a recording; adds an error to r when it is unusable. */
static unsigned char *narration_recording(const char *path, const char *rel, const char *lang, size_t *len, report *r) {
  char err[256];
  unsigned char *data = (unsigned char *)util_read_file(path, PACK_MAX_AUDIO_BYTES, len, err, sizeof err);
  if (!data) { report_add(r, REPORT_ERROR, rel, lang, "audio", "%s", err); return NULL; }
  long long samples;
  if (clip_check(data, *len, &samples, err, sizeof err)) {
    report_add(r, REPORT_ERROR, rel, lang, "audio", "the recording cannot be played: %s (Ogg Opus expected)", err);
    free(data);
    return NULL;
  }
  return data;
}

/* Files in audio/LANG/ that match nothing: said, so a misnamed recording is not lost silently. */
static void narration_stray(const content *c, const char *dir, const char *lang, report *r) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[2400], rel[600], name[256];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    snprintf(rel, sizeof rel, "audio/%s/%s", lang, e->d_name);
    struct stat st;
    if (stat(path, &st)) continue;
    if (S_ISDIR(st.st_mode)) {
      int is_page = narration_page_index(c, e->d_name) >= 0;
      static const char *const groups[] = { "checkin", "faq", "glossary", "help", "ui" };
      int known = is_page;
      for (size_t g = 0; g < UTIL_COUNT(groups); g++) known |= !strcmp(e->d_name, groups[g]);
      if (!known) { report_add(r, REPORT_WARNING, rel, lang, "audio", "no page, check-in, faq, glossary, help or ui called '%s': the folder is not used", e->d_name); continue; }
      DIR *sub = opendir(path);
      struct dirent *f;
      while (sub && (f = readdir(sub))) {
        size_t n = strlen(f->d_name);
        if (f->d_name[0] == '.') continue;
        snprintf(name, sizeof name, "%s", f->d_name);
        if (n > 5 && !strcmp(name + n - 5, ".opus")) name[n - 5] = 0;
        else { report_add(r, REPORT_WARNING, rel, lang, "audio", "'%s' is not a .opus file: not used", f->d_name); continue; }
        if (!content_find_unit(c, e->d_name, name) || !narration_voiced(e->d_name, name, is_page))
          report_add(r, REPORT_WARNING, rel, lang, "audio", "'%s' matches no voiced unit of '%s' (title, b1, b2, …, a check-in, FAQ, glossary, help or ui key): not used", f->d_name, e->d_name);
      }
      if (sub) closedir(sub);
    } else {
      size_t n = strlen(e->d_name);
      snprintf(name, sizeof name, "%s", e->d_name);
      if (n > 5 && !strcmp(name + n - 5, ".opus")) name[n - 5] = 0;
      if (n <= 5 || strcmp(e->d_name + n - 5, ".opus") || narration_page_index(c, name) < 0)
        report_add(r, REPORT_WARNING, rel, lang, "audio", "'%s' is not PAGE-ID.opus of a known page: not used", e->d_name);
    }
  }
  closedir(d);
}

/* The plain text and status the builder stored for (lang, ctx, key), or NULL. */
static char *narration_text(sqlite3_stmt *st, const char *lang, const char *ctx, const char *key, int *status) {
  sqlite3_reset(st);
  sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, ctx, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_ROW) return NULL;
  *status = sqlite3_column_int(st, 1);
  return util_strdup((const char *)sqlite3_column_text(st, 0));
}

int narration_build(sqlite3 *db, const content *c, const build_options *o, report *r) {
  const char *env = getenv("WEGWIJS_AUDIO");
  const char *mode = o->audio ? o->audio : env && env[0] ? env : "all";
  int cache_only = !strcmp(mode, "cached");
  if (cache_only) mode = "all";
  if (strcmp(mode, "all") && strcmp(mode, "route") && strcmp(mode, "none")) {
    report_add(r, REPORT_ERROR, NULL, NULL, "audio", "--audio must be all, route or none (not '%s')", mode);
    return -1;
  }
  narration_plan plan = { 0 };
  sqlite3_stmt *text_st = NULL, *insert = NULL;
  int rc = 0, *not_generated = NULL;
  char **texts = NULL;
  if (sqlite3_prepare_v2(db, "SELECT text, status FROM strings WHERE lang = ?1 AND ctx = ?2 AND key = ?3", -1, &text_st, NULL) ||
      sqlite3_prepare_v2(db, "INSERT INTO audio VALUES (?,?,?,?,?,?)", -1, &insert, NULL)) {
    report_add(r, REPORT_ERROR, NULL, NULL, "write", "cannot prepare the audio stage: %s", sqlite3_errmsg(db));
    rc = -1;
    goto done;
  }
  /* progress on stderr: stdout carries the build's result lines */
  speech_options so = { o->audio_cache ? o->audio_cache : build_default_audio_cache(), o->audio_threads, NULL, cache_only,
                        cache_only ? NULL : stderr };
  not_generated = util_calloc((size_t)c->language_count, sizeof *not_generated);
  if (so.threads <= 0) { long n = sysconf(_SC_NPROCESSORS_ONLN); so.threads = n > 0 ? (int)n : 1; }
  texts = util_calloc((size_t)c->language_count * (size_t)(c->unit_count + 1), sizeof *texts);
  for (int l = 0; l < c->language_count; l++) {
    const content_language *lang = &c->languages[l];
    char dir[1300], path[2400], rel[600];
    snprintf(dir, sizeof dir, "%s/audio/%s", c->dir, lang->code);
    int has_dir = access(dir, F_OK) == 0;
    if (has_dir) narration_stray(c, dir, lang->code, r);
    int generate = strcmp(mode, "none") && lang->voice[0] && strcmp(lang->voice, "-");
    if (generate && !cache_only) {
      char err[256];
      if (!speech_voice_available(&so, lang->voice, err, sizeof err)) {
        report_add(r, REPORT_WARNING, "languages.tsv", lang->code, "audio", "no speech is generated: espeak-ng cannot speak voice '%s' (%s)", lang->voice, err);
        generate = 0;
      }
    }
    char whole[1000];   /* pages with a whole-page recording in this language */
    memset(whole, 0, sizeof whole);
    for (int p = 0; p < c->page_count && p < (int)sizeof whole; p++) {
      if (!has_dir) break;
      snprintf(path, sizeof path, "%s/%s.opus", dir, c->pages[p].id);
      if (access(path, F_OK)) continue;
      snprintf(rel, sizeof rel, "audio/%s/%s.opus", lang->code, c->pages[p].id);
      narration_row row = { 0 };
      row.data = narration_recording(path, rel, lang->code, &row.len, r);
      if (!row.data) { rc = -1; continue; }
      narration_row *added = narration_add(&plan, l, NULL, c->pages[p].id, "page");
      added->data = row.data; added->len = row.len; added->recorded = 1;
      whole[p] = 1;
    }
    for (int i = 0; i < c->unit_count; i++) {
      const content_unit *u = &c->units[i];
      int page = narration_page_index(c, u->ctx);
      if (!narration_voiced(u->ctx, u->key, page >= 0) || (page >= 0 && page < (int)sizeof whole && whole[page])) continue;
      if (has_dir) {
        snprintf(path, sizeof path, "%s/%s/%s.opus", dir, u->ctx, u->key);
        if (access(path, F_OK) == 0) {
          snprintf(rel, sizeof rel, "audio/%s/%s/%s.opus", lang->code, u->ctx, u->key);
          size_t len;
          unsigned char *data = narration_recording(path, rel, lang->code, &len, r);
          if (!data) { rc = -1; continue; }
          narration_row *row = narration_add(&plan, l, u, u->ctx, u->key);
          row->data = data; row->len = len; row->recorded = 1;
          continue;
        }
      }
      if (!generate) continue;
      /* route: the route pages, the check-in, the navigator's questions and the ui lines;
       * not FAQ, glossary, help */
      if (!strcmp(mode, "route") && ((page >= 0 && c->pages[page].route <= 0) ||
                                     (page < 0 && strcmp(u->ctx, "checkin") && strcmp(u->ctx, "ui") &&
                                      strcmp(u->ctx, "navigator")))) continue;
      int status = -1;
      char *text = narration_text(text_st, lang->code, u->ctx, u->key, &status);
      /* only what is shown in this language: a fallback to Dutch plays the Dutch clip */
      int own = status == PACK_STRING_TRANSLATED || (status == PACK_STRING_SOURCE && !strcmp(lang->code, "nl"));
      char *clean = text && own ? speech_clean_text(text) : NULL;
      free(text);
      if (!clean || !clean[0]) { free(clean); continue; }
      texts[(size_t)l * (size_t)(c->unit_count + 1) + (size_t)i] = clean;
      narration_add(&plan, l, u, u->ctx, u->key);
      plan.jobs = util_realloc(plan.jobs, sizeof *plan.jobs * (size_t)(plan.job_count + 1));
      plan.job_row = util_realloc(plan.job_row, sizeof *plan.job_row * (size_t)(plan.job_count + 1));
      speech_job *job = &plan.jobs[plan.job_count];
      memset(job, 0, sizeof *job);
      job->voice = lang->voice;
      job->text = clean;
      plan.job_row[plan.job_count++] = plan.count - 1;
    }
  }
  long long t0 = util_now_ms();
  if (plan.job_count) speech_run(plan.jobs, plan.job_count, &so);
  build_audio_stats stats = { 0 };
  stats.generate_ms = util_now_ms() - t0;
  stats.threads = so.threads;
  for (int j = 0; j < plan.job_count; j++) {
    speech_job *job = &plan.jobs[j];
    narration_row *row = &plan.rows[plan.job_row[j]];
    if (cache_only && !strcmp(job->error, SPEECH_NOT_CACHED)) { not_generated[row->lang]++; stats.not_generated++; continue; }
    if (job->error[0]) {
      report_add(r, REPORT_ERROR, row->unit->source, c->languages[row->lang].code, "audio", "speech for \"%.50s\" failed: %s", job->text, job->error);
      rc = -1;
      continue;
    }
    if (job->opus_len > PACK_MAX_AUDIO_BYTES) {
      report_add(r, REPORT_ERROR, row->unit->source, c->languages[row->lang].code, "size", "the spoken text gives %zu bytes of audio (limit %d): split it", job->opus_len, PACK_MAX_AUDIO_BYTES);
      free(job->opus);
      rc = -1;
      continue;
    }
    row->data = job->opus; row->len = job->opus_len;
    stats.cached += job->cached;
  }
  int id = 0;
  for (int i = 0; i < plan.count && rc == 0; i++) {
    narration_row *row = &plan.rows[i];
    if (!row->data) continue;
    sqlite3_reset(insert);
    sqlite3_bind_int(insert, 1, ++id);
    sqlite3_bind_text(insert, 2, c->languages[row->lang].code, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, row->ctx, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 4, row->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 5, "opus", -1, SQLITE_STATIC);
    sqlite3_bind_blob(insert, 6, row->data, (int)row->len, SQLITE_STATIC);
    if (sqlite3_step(insert) != SQLITE_DONE) {
      report_add(r, REPORT_ERROR, NULL, c->languages[row->lang].code, "write", "cannot store audio: %s", sqlite3_errmsg(db));
      rc = -1;
    }
    if (row->recorded) stats.recorded++; else stats.generated++;
    stats.bytes += (long long)row->len;
  }
  for (int l = 0; l < c->language_count; l++)
    if (not_generated[l])
      report_add(r, REPORT_WARNING, NULL, c->languages[l].code, "audio",
                 "%d unit%s not spoken yet: checking a content folder only uses speech already generated; `wegwijs-pack build` makes it",
                 not_generated[l], not_generated[l] == 1 ? " is" : "s are");
  if (o->audio_stats) *o->audio_stats = stats;
done:
  free(not_generated);
  for (int i = 0; i < plan.count; i++) free(plan.rows[i].data);
  free(plan.rows);
  free(plan.jobs);
  free(plan.job_row);
  if (texts) for (size_t i = 0; i < (size_t)c->language_count * (size_t)(c->unit_count + 1); i++) free(texts[i]);
  free(texts);
  sqlite3_finalize(text_st);
  sqlite3_finalize(insert);
  return rc;
}

/* ------------------------------------------------------------------ coverage */

/* The audio table has no index on (lang, ctx, key) and its rows hold the clips: it is
 * read once into sorted keys, never searched per unit. */
typedef struct { char key[200]; } narration_key;

static int narration_key_compare(const void *a, const void *b) {
  return strcmp(((const narration_key *)a)->key, ((const narration_key *)b)->key);
}

static int narration_has(const narration_key *keys, int count, const char *lang, const char *ctx, const char *key) {
  narration_key probe;
  snprintf(probe.key, sizeof probe.key, "%s\x1F%s\x1F%s", lang, ctx, key);
  return count && bsearch(&probe, keys, (size_t)count, sizeof *keys, narration_key_compare) != NULL;
}

typedef struct { char lang[16]; int recorded, generated, damaged; long long samples, bytes; } narration_tally;

void narration_coverage(sqlite3 *db, report *r, FILE *out) {
  sqlite3_stmt *langs = NULL, *units = NULL, *clips = NULL;
  narration_key *keys = NULL;
  narration_tally tally[64];
  int key_count = 0, tally_count = 0, nl_audio = 0;
  memset(tally, 0, sizeof tally);
  sqlite3_prepare_v2(db, "SELECT lang, ctx, key, data FROM audio", -1, &clips, NULL);
  while (sqlite3_step(clips) == SQLITE_ROW) {
    const char *lang = (const char *)sqlite3_column_text(clips, 0);
    keys = util_realloc(keys, sizeof *keys * (size_t)(key_count + 1));
    snprintf(keys[key_count++].key, sizeof keys->key, "%s\x1F%s\x1F%s", lang, (const char *)sqlite3_column_text(clips, 1),
             (const char *)sqlite3_column_text(clips, 2));
    int t = 0;
    while (t < tally_count && strcmp(tally[t].lang, lang)) t++;
    if (t == tally_count && tally_count < 64) snprintf(tally[tally_count++].lang, sizeof tally->lang, "%s", lang);
    if (t == 64) continue;
    const unsigned char *data = sqlite3_column_blob(clips, 3);
    int len = sqlite3_column_bytes(clips, 3);
    long long n = 0;
    char tag[96], err[200];
    tally[t].bytes += len;
    nl_audio |= !strcmp(lang, "nl");
    if (clip_info(data, (size_t)len, &n, tag, sizeof tag, err, sizeof err)) { tally[t].damaged++; continue; }
    tally[t].samples += n;
    if (tag[0]) tally[t].generated++; else tally[t].recorded++;
  }
  sqlite3_finalize(clips);
  if (key_count) qsort(keys, (size_t)key_count, sizeof *keys, narration_key_compare);
  sqlite3_prepare_v2(db, "SELECT code, voice FROM languages l ORDER BY position", -1, &langs, NULL);
  sqlite3_prepare_v2(db, "SELECT s.ctx, s.key, s.status, s.ctx IN (SELECT id FROM pages) FROM strings s "
                     "WHERE s.lang = ?1 AND s.text <> '' AND (s.ctx IN ('checkin', 'faq', 'glossary', 'help', 'ui') OR s.ctx IN (SELECT id FROM pages))", -1, &units, NULL);
  if (out) {
    fprintf(out, "audio coverage (voiced: page titles and blocks, check-in, FAQ, glossary, help, idle warning; generated: %s)\n", speech_settings());
    fprintf(out, "%-6s %-7s %-6s %6s %9s %9s %6s %6s %8s %7s  %s\n", "lang", "voice", "listen", "units", "recorded",
            "generated", "dutch", "silent", "minutes", "MiB", "audio");
  }
  while (sqlite3_step(langs) == SQLITE_ROW) {
    const char *code = (const char *)sqlite3_column_text(langs, 0), *voice = (const char *)sqlite3_column_text(langs, 1);
    narration_tally none = { "", 0, 0, 0, 0, 0 }, *tl = &none;
    for (int t = 0; t < tally_count; t++) if (!strcmp(tally[t].lang, code)) tl = &tally[t];
    int has_voice = voice[0] && strcmp(voice, "-");
    int own_rows = tl->recorded + tl->generated + tl->damaged;
    /* the same rule as site_load's has_audio */
    int listen = own_rows > 0 || (has_voice && nl_audio);
    int total = 0, dutch = 0, silent = 0;
    sqlite3_reset(units);
    sqlite3_bind_text(units, 1, code, -1, SQLITE_STATIC);
    while (sqlite3_step(units) == SQLITE_ROW) {
      const char *ctx = (const char *)sqlite3_column_text(units, 0), *key = (const char *)sqlite3_column_text(units, 1);
      int status = sqlite3_column_int(units, 2), is_page = sqlite3_column_int(units, 3);
      if (!narration_voiced(ctx, key, is_page)) continue;
      total++;
      if (narration_has(keys, key_count, code, ctx, key) || (is_page && narration_has(keys, key_count, code, ctx, "page"))) continue;
      if (listen && status != PACK_STRING_TRANSLATED && status != PACK_STRING_SOURCE && narration_has(keys, key_count, "nl", ctx, key)) dutch++;
      else silent++;
    }
    const char *state = !listen ? "none" : tl->recorded && tl->generated ? "recorded + generated" : tl->recorded ? "recorded"
                      : tl->generated ? "generated" : "Dutch only";
    if (out)
      fprintf(out, "%-6s %-7s %-6s %6d %9d %9d %6d %6d %8.1f %7.2f  %s\n", code, has_voice ? voice : "-", listen ? "yes" : "no",
              total, tl->recorded, tl->generated, dutch, silent, (double)tl->samples / CLIP_RATE / 60.0,
              (double)tl->bytes / (1 << 20), state);
    if (!listen && has_voice)
      report_add(r, REPORT_WARNING, NULL, code, "audio", "no read-aloud audio in this pack (voice '%s' but no speech): the listen button is hidden", voice);
    else if (!listen)
      report_add(r, REPORT_WARNING, "languages.tsv", code, "audio", "no read-aloud audio (no espeak-ng voice and no recordings in audio/%s/): the listen button is hidden", code);
    if (tl->damaged)
      report_add(r, REPORT_ERROR, NULL, code, "audio", "%d audio clip%s cannot be opened", tl->damaged, tl->damaged == 1 ? "" : "s");
  }
  sqlite3_finalize(langs);
  sqlite3_finalize(units);
  free(keys);
}
