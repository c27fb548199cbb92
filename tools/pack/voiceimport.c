/* voiceimport.c — `wegwijs-pack voice-import`: a volunteer's takes → Ogg Opus clips in
 * CONTENT/audio/LANG/, trimmed, at 48 kHz mono and at one loudness (see voice.h,
 * take.h). All or nothing: every take is decoded and encoded in memory first; files
 * are written only when all of them can be used. */
#include "voice.h"
#include "narration.h"
#include "speech.h"
#include "take.h"
#include "pack/pack.h"
#include "util/util.h"
#include <dirent.h>     /* scandir */
#include <errno.h>
#include <getopt.h>
#include <math.h>       /* isfinite */
#include <string.h>     /* strcmp */
#include <strings.h>    /* strcasecmp */
#include <sys/stat.h>   /* stat */
#include <unistd.h>     /* rmdir, getpid, fsync */

typedef struct {
  char file[600];                 /* as found under DIR: "brede-intake.m4a", "faq/a1.1.wav" */
  char path[1700];
  voice_group *g;
  voice_unit *u;                  /* NULL: one take of the whole group */
} voice_take;

typedef struct {
  char target[600];               /* relative to the content folder */
  unsigned char *opus; size_t len;
} voice_clip;

typedef struct {
  voice_plan *plan;
  voice_take *takes; int take_count;
  voice_clip *clips; int clip_count;
  int problems;
} voice_import;

static int voice_is_audio(const char *name) {
  static const char *const exts[] = { "wav", "flac", "ogg", "oga", "opus", "mp3", "aif", "aiff",
                                      "m4a", "aac", "mp4", "3gp", "webm", "amr" };
  const char *dot = strrchr(name, '.');
  for (size_t i = 0; dot && i < UTIL_COUNT(exts); i++) if (!strcasecmp(dot + 1, exts[i])) return 1;
  return 0;
}

static voice_group *voice_find_group(voice_plan *p, const char *id) {
  for (int g = 0; g < p->count; g++) if (!strcmp(p->groups[g].id, id)) return &p->groups[g];
  return NULL;
}

/* Says why a take name matches nothing, in one sentence. */
static void voice_unknown(const voice_import *imp, const char *file, const char *group, const char *key) {
  const content *c = imp->plan->c;
  const char *lang = imp->plan->lang->code;
  const content_unit *u = key[0] ? content_find_unit(c, group, key) : NULL;
  if (u && narration_voiced(group, key, narration_page_index(c, group) >= 0))
    printf("%s: '%s' of '%s' is not translated into %s yet (or its translation is fuzzy): record it after the translation\n",
           file, key, group, lang);
  else if (key[0] && voice_find_group(imp->plan, group))
    printf("%s: '%s' has no text '%s' that is read aloud (see the script: wegwijs-pack voice-script)\n", file, group, key);
  else
    printf("%s: the name matches no page, checkin, faq, glossary, help or ui with text in %s (see the script: wegwijs-pack voice-script)\n",
           file, lang);
}

/* Adds the take at DIR/rel (name without extension: stem) when it names a group or unit. */
static void voice_add_take(voice_import *imp, const char *dir, const char *rel) {
  char stem[600], group[600], key[600] = "";
  snprintf(stem, sizeof stem, "%s", rel);
  *strrchr(stem, '.') = 0;
  char *sep = strchr(stem, '/');
  if (!sep) sep = strchr(stem, '_');
  if (sep) { *sep = 0; snprintf(key, sizeof key, "%s", sep + 1); }
  snprintf(group, sizeof group, "%s", stem);
  voice_group *g = voice_find_group(imp->plan, group);
  voice_unit *u = NULL;
  for (int i = 0; g && key[0] && i < g->count; i++) if (!strcmp(g->units[i].unit->key, key)) u = &g->units[i];
  if (!g || (key[0] && !u)) { voice_unknown(imp, rel, group, key); imp->problems++; return; }
  for (int i = 0; i < imp->take_count; i++)
    if (imp->takes[i].g == g && imp->takes[i].u == u) {
      printf("%s: %s is there twice (also %s): keep one\n", rel, u ? "this text" : "this page", imp->takes[i].file);
      imp->problems++;
      return;
    }
  imp->takes = util_realloc(imp->takes, sizeof *imp->takes * (size_t)(imp->take_count + 1));
  voice_take *t = &imp->takes[imp->take_count++];
  snprintf(t->file, sizeof t->file, "%s", rel);
  snprintf(t->path, sizeof t->path, "%s/%s", dir, rel);
  t->g = g;
  t->u = u;
}

/* The takes in dir and its subfolders one level down (GROUP/KEY.ext); what is not
 * audio (the script, its fonts) is passed over. */
static void voice_scan(voice_import *imp, const char *dir, const char *sub) {
  char path[1300];
  snprintf(path, sizeof path, "%s%s%s", dir, sub ? "/" : "", sub ? sub : "");
  struct dirent **names = NULL;
  int n = scandir(path, &names, NULL, alphasort);
  for (int i = 0; i < n; i++) {
    const char *name = names[i]->d_name;
    char rel[600], full[1900];
    snprintf(rel, sizeof rel, "%s%s%s", sub ? sub : "", sub ? "/" : "", name);
    snprintf(full, sizeof full, "%s/%s", dir, rel);
    struct stat st;
    if (name[0] != '.' && stat(full, &st) == 0) {
      if (S_ISDIR(st.st_mode) && !sub && strcmp(name, "fonts")) voice_scan(imp, dir, name);
      else if (S_ISREG(st.st_mode) && voice_is_audio(name)) voice_add_take(imp, dir, rel);
      else if (S_ISREG(st.st_mode) && !strstr(name, "voice-script")) printf("%s: not an audio file, passed over\n", rel);
    }
    free(names[i]);
  }
  free(names);
}

/* ------------------------------------------------------------------ clips */

static unsigned voice_serial(const char *s) {
  unsigned h = 2166136261u;   /* FNV-1a: equal input gives equal bytes */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h & 0x7FFFFFFF;
}

/* Normalises and encodes pcm[span] as the clip for target; prints one line. */
static int voice_clip_add(voice_import *imp, const voice_group *g, const voice_unit *u, const float *pcm, take_span span) {
  char target[600], err[300];
  voice_target(imp->plan, g, u, target, sizeof target);
  long n = span.end - span.start;
  float *clip = util_malloc(sizeof *clip * (size_t)(n > 0 ? n : 1));
  memcpy(clip, pcm + span.start, sizeof *clip * (size_t)n);
  double before, after;
  take_normalise(clip, n, &before, &after);
  int16_t *pcm16 = util_malloc(sizeof *pcm16 * (size_t)(n > 0 ? n : 1));
  for (long i = 0; i < n; i++) pcm16[i] = (int16_t)lrintf(fmaxf(-1.0f, fminf(1.0f, clip[i])) * 32767.0f);
  free(clip);
  size_t len = 0;
  unsigned char *opus = speech_encode(pcm16, n, TAKE_RATE, NULL, (int)voice_serial(target), &len, err, sizeof err);
  free(pcm16);
  if (!opus || len > PACK_MAX_AUDIO_BYTES) {
    printf("  %s: %s\n", target, opus ? "longer than a pack clip may be: record it in parts" : err);
    free(opus);
    imp->problems++;
    return -1;
  }
  printf("  -> %s  %.1f s, %.1f -> %.1f LUFS, %zu bytes\n", target, (double)n / TAKE_RATE, before, after, len);
  imp->clips = util_realloc(imp->clips, sizeof *imp->clips * (size_t)(imp->clip_count + 1));
  voice_clip *c = &imp->clips[imp->clip_count++];
  snprintf(c->target, sizeof c->target, "%s", target);
  c->opus = opus;
  c->len = len;
  return 0;
}

static const voice_take *voice_unit_take(const voice_import *imp, const voice_unit *u) {
  for (int i = 0; i < imp->take_count; i++) if (imp->takes[i].u == u) return &imp->takes[i];
  return NULL;
}

/* A take of a whole group: split into its texts at the pauses (all of them, or those
 * still without a recording, as a --missing script lists), or kept whole for a page. */
static void voice_group_take(voice_import *imp, const voice_take *t, const take_audio *a, const take_analysis *an) {
  voice_group *g = t->g;
  int missing = 0, found = 0;
  for (int i = 0; i < g->count; i++) missing += !g->units[i].recorded;
  long *cuts = util_malloc(sizeof *cuts * (size_t)(g->count + 1));
  int only_missing = 0;
  if (take_split(an, g->count, cuts, &found) != 0) {
    only_missing = missing > 0 && missing < g->count && take_split(an, missing, cuts, &found) == 0;
    if (!only_missing) {
      if (g->page >= 0) {
        printf("  the pauses give %d part%s, the page has %d texts: kept as one whole-page recording "
               "(the kiosk plays it whole and cannot follow it paragraph by paragraph)\n", found, found == 1 ? "" : "s", g->count);
        voice_clip_add(imp, g, NULL, a->pcm, take_trim(an, 0, a->frames));
      } else {
        printf("  cannot be used: the pauses give %d part%s but '%s' has %d texts, and only a page can be kept whole: "
               "pause about a second between texts, or record one file per text\n", found, found == 1 ? "" : "s", g->id, g->count);
        imp->problems++;
      }
      free(cuts);
      return;
    }
  }
  printf("  split at the pauses into %d texts%s\n", only_missing ? missing : g->count, only_missing ? " (those without a recording)" : "");
  int part = 0;
  for (int i = 0; i < g->count; i++) {
    voice_unit *u = &g->units[i];
    if (only_missing && u->recorded) continue;
    take_span span = take_trim(an, cuts[part], cuts[part + 1]);
    part++;
    const voice_take *own = voice_unit_take(imp, u);
    if (own) { printf("  (%s: the separate take %s is used)\n", u->unit->key, own->file); continue; }
    voice_clip_add(imp, g, u, a->pcm, span);
  }
  free(cuts);
}

static void voice_import_take(voice_import *imp, const voice_take *t, const char *tmp) {
  take_audio a;
  take_analysis an;
  char err[600];
  if (take_decode(t->path, tmp, &a, err, sizeof err)) { printf("%s %s\n", t->file, err); imp->problems++; return; }
  if (take_analyse(&a, &an, err, sizeof err)) {
    printf("%s %s\n", t->file, err);
    imp->problems++;
  } else {
    printf("%s: %s\n", t->file, a.how);
    if (t->u) voice_clip_add(imp, t->g, t->u, a.pcm, take_trim(&an, 0, a.frames));
    else voice_group_take(imp, t, &a, &an);
  }
  take_analysis_free(&an);
  take_free(&a);
}

/* ------------------------------------------------------------------ writing */

/* Every clip to TARGET.import-PID (synced), then every rename: a refusal or a failed
 * write leaves the content folder as it was. 0 or -1 (printed). */
static int voice_write(voice_import *imp, const char *content_dir) {
  char (*tmp)[1400] = util_calloc((size_t)imp->clip_count + 1, sizeof *tmp);
  int written = 0, rc = 0;
  for (; written < imp->clip_count && rc == 0; written++) {
    char path[1300], dir[1300], err[300];
    snprintf(path, sizeof path, "%s/%s", content_dir, imp->clips[written].target);
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = 0;
    snprintf(tmp[written], sizeof *tmp, "%s.import-%ld", path, (long)getpid());
    FILE *f = util_mkdirs(dir, 0755, err, sizeof err) ? NULL : fopen(tmp[written], "wb");
    int ok = f && fwrite(imp->clips[written].opus, 1, imp->clips[written].len, f) == imp->clips[written].len &&
             fflush(f) == 0 && fsync(fileno(f)) == 0;
    if (f && fclose(f)) ok = 0;
    if (!ok) { printf("cannot write %s: %s\n", tmp[written], err[0] && !f ? err : strerror(errno)); rc = -1; }
  }
  for (int i = 0; i < written && rc; i++) unlink(tmp[i]);
  for (int i = 0; i < imp->clip_count && rc == 0; i++) {
    char path[1300];
    snprintf(path, sizeof path, "%s/%s", content_dir, imp->clips[i].target);
    if (rename(tmp[i], path)) { printf("cannot write %s: %s\n", path, strerror(errno)); rc = -1; continue; }
    util_fsync_dir_of(path);
  }
  free(tmp);
  return rc;
}

/* Recordings that will not be heard because a whole-page recording wins: said. */
static void voice_shadowed(const voice_import *imp) {
  for (int i = 0; i < imp->plan->count; i++) {
    const voice_group *g = &imp->plan->groups[i];
    if (!g->whole_recorded) continue;
    char whole[600];
    voice_target(imp->plan, g, NULL, whole, sizeof whole);
    for (int c = 0; c < imp->clip_count; c++)
      if (!strncmp(imp->clips[c].target, whole, strlen(whole) - 5) && imp->clips[c].target[strlen(whole) - 5] == '/') {
        printf("note: %s (the whole page) is still there and wins over the texts of '%s': delete it to hear them\n", whole, g->id);
        break;
      }
  }
}

static int voice_import_usage(FILE *out, int rc) {
  fprintf(out,
    "usage: wegwijs-pack voice-import CONTENT LANG DIR\n"
    "  Takes the recordings in DIR (WAV, FLAC, Ogg Vorbis/Opus, MP3, and M4A/AAC/MP4/3GP\n"
    "  through ffmpeg), named as the voice-script says: PAGE.ext (one take, a pause of\n"
    "  about a second between texts: split at the pauses) or PAGE_KEY.ext / PAGE/KEY.ext\n"
    "  (one text). Trims silence, resamples to 48 kHz mono, normalises to %.0f LUFS\n"
    "  (EBU R128) and writes Ogg Opus into CONTENT/audio/LANG/. Nothing is written\n"
    "  when any file cannot be used.\n"
    "  -h, --help    show this help and exit\n", TAKE_TARGET_LUFS);
  return rc;
}

int voice_import_main(int argc, char **argv) {
  static const struct option longs[] = { { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
  int opt;
  optind = 0;   /* 0: glibc re-initialises getopt (main parsed the program options already) */
  while ((opt = getopt_long(argc, argv, "h", longs, NULL)) != -1)
    return opt == 'h' ? voice_import_usage(stdout, 0) : voice_import_usage(stderr, 2);
  if (argc - optind != 3) return voice_import_usage(stderr, 2);
  const char *content_dir = argv[optind], *lang = argv[optind + 1], *dir = argv[optind + 2];
  content c;
  memset(&c, 0, sizeof c);
  report r = { 0 };
  voice_plan plan = { 0 };
  voice_import imp = { &plan, NULL, 0, NULL, 0, 0 };
  char err[512], tmp[] = "/tmp/wegwijs-voice-XXXXXX";
  int rc = 1, have_tmp = 0;
  struct stat st;
  if (stat(dir, &st) || !S_ISDIR(st.st_mode)) { fprintf(stderr, "wegwijs-pack: %s is not a folder of recordings\n", dir); rc = 2; goto done; }
  if (content_load(&c, content_dir, &r, err, sizeof err) || voice_plan_load(&plan, &c, lang, err, sizeof err)) {
    fprintf(stderr, "wegwijs-pack: %s\n", err);
    goto done;
  }
  voice_scan(&imp, dir, NULL);
  if (!imp.take_count && !imp.problems) { printf("voice-import: %s holds no recordings: nothing was written\n", dir); goto done; }
  if (!mkdtemp(tmp)) { fprintf(stderr, "wegwijs-pack: cannot make a temporary folder: %s\n", strerror(errno)); goto done; }
  have_tmp = 1;
  for (int i = 0; i < imp.take_count; i++) voice_import_take(&imp, &imp.takes[i], tmp);
  if (imp.problems) {
    printf("voice-import: nothing was written: %d problem%s above (fix or remove those files and run it again)\n",
           imp.problems, imp.problems == 1 ? "" : "s");
    goto done;
  }
  if (voice_write(&imp, content_dir)) { printf("voice-import: nothing was written\n"); goto done; }
  voice_shadowed(&imp);
  printf("voice-import: wrote %d recording%s into %s/audio/%s/ at %.0f LUFS\n", imp.clip_count, imp.clip_count == 1 ? "" : "s",
         content_dir, lang, TAKE_TARGET_LUFS);
  rc = 0;
done:
  if (have_tmp) { char log[100]; snprintf(log, sizeof log, "%s/ffmpeg.log", tmp); unlink(log); rmdir(tmp); }
  for (int i = 0; i < imp.clip_count; i++) free(imp.clips[i].opus);
  free(imp.clips);
  free(imp.takes);
  voice_plan_free(&plan);
  content_free(&c);
  report_free(&r);
  return rc;
}
