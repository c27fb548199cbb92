/* test_audio.c — read-aloud audio end to end below the UI: wegwijs-pack generates Opus
 * speech for tests/data/content-mini; the site model gives each block its own clip, or
 * the Dutch clip where the block shows Dutch, and none for a language without a voice;
 * the player (SDL disk audio driver) writes exactly the decoded sound, skips damaged
 * clips — also one inside a validly signed, installed pack — stops at once when told,
 * replaces a playlist cleanly and honours the volume. */
#include "pack/clip.h"
#include "pack/install.h"
#include "pack/minisig.h"
#include "pack/pack.h"
#include "pack/site.h"
#include "platform/audio.h"
#include "util/util.h"
#include "../tests/check.h"
#include <math.h>      /* sqrt */
#include <sqlite3.h>
#include <stdint.h>    /* int16_t */
#include <string.h>
#include <sys/stat.h>  /* stat */
#include <unistd.h>    /* usleep */

static char dir[64], err[1024];
static const char *build_dir;

static void path_of(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", dir, name); }

/* The language a clip id belongs to ("" when unknown). */
static const char *clip_lang(pack *p, int id) {
  static char lang[16];
  sqlite3_stmt *st = NULL;
  lang[0] = 0;
  sqlite3_prepare_v2(pack_db(p), "SELECT lang FROM audio WHERE id = ?1", -1, &st, NULL);
  sqlite3_bind_int(st, 1, id);
  if (sqlite3_step(st) == SQLITE_ROW) snprintf(lang, sizeof lang, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return lang;
}

static void test_site_audio(pack *p) {
  site *nl = site_load(p, "nl", err, sizeof err), *ar = site_load(p, "ar", err, sizeof err);
  site *ti = site_load(p, "ti", err, sizeof err), *en = site_load(p, "en", err, sizeof err);
  expect(nl && ar && ti && en);
  const site_page *pg = site_find_page(nl, "intake");
  int own = pg->title_audio_id != 0;
  for (int b = 0; b < pg->block_count; b++) own += pg->blocks[b].audio_id && !strcmp(clip_lang(p, pg->blocks[b].audio_id), "nl");
  CHECK(own == pg->block_count + 1, "Dutch: the title and all %d blocks have Dutch clips (%d)", pg->block_count, own);
  CHECK(nl->lang.has_audio && ar->lang.has_audio && en->lang.has_audio && !ti->lang.has_audio,
        "has_audio: nl, ar, en (voice, Dutch clips) yes; ti (no voice) no");
  /* Arabic: translated blocks read in Arabic, the untranslated ones in Dutch, as shown */
  const site_page *apg = site_find_page(ar, "intake");
  int ar_clips = 0, nl_clips = 0, wrong = 0;
  for (int b = 0; b < apg->block_count; b++) {
    const site_block *blk = &apg->blocks[b];
    const char *lang = clip_lang(p, blk->audio_id);
    int shows_dutch = !strcmp(blk->text, blk->text_nl);
    if (!strcmp(lang, "ar")) ar_clips++; else if (!strcmp(lang, "nl")) nl_clips++;
    if (shows_dutch != !strcmp(lang, "nl")) wrong++;
  }
  CHECK(ar_clips > 0 && nl_clips > 0 && wrong == 0, "Arabic: %d Arabic clips, %d Dutch clips for Dutch text, %d mismatched",
        ar_clips, nl_clips, wrong);
  const site_page *tpg = site_find_page(ti, "intake");
  int any = tpg->title_audio_id;
  for (int b = 0; b < tpg->block_count; b++) any |= tpg->blocks[b].audio_id;
  CHECK(any == 0, "Tigrinya (no voice): no clip at all, so no listen button");
  int q_ok = 0;
  for (int i = 0; i < nl->question_count; i++) {
    int all = nl->questions[i].audio_id != 0;
    for (int k = 0; k < nl->questions[i].answer_count; k++) all &= nl->questions[i].answers[k].audio_id != 0;
    q_ok += all;
  }
  CHECK(nl->question_count > 0 && q_ok == nl->question_count, "every check-in question and answer has a clip (%d/%d)", q_ok, nl->question_count);
  /* site_audio: any unit by its key, by the same rule as the page fields (#18) */
  int same = 0;
  for (int b = 0; b < apg->block_count; b++) {
    char key[16];
    snprintf(key, sizeof key, "b%d", b + 1);
    same += site_audio(ar, "intake", key) == apg->blocks[b].audio_id;
  }
  CHECK(same == apg->block_count && site_audio(ar, "intake", "title") == apg->title_audio_id,
        "site_audio gives every Arabic block the clip the page model has (%d/%d)", same, apg->block_count);
  static const char *const units[][2] = { { "faq", "q1" }, { "faq", "a1.1" }, { "glossary", "g1" },
                                          { "help", "coa.name" }, { "help", "coa.how" } };
  int nl_own = 0, ar_dutch = 0, ti_none = 0;
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    int n = site_audio(nl, units[i][0], units[i][1]), a = site_audio(ar, units[i][0], units[i][1]);
    nl_own += n && !strcmp(clip_lang(p, n), "nl");
    ar_dutch += a && a == n;   /* untranslated in the fixture: Arabic shows and plays the Dutch */
    ti_none += site_audio(ti, units[i][0], units[i][1]) == 0;
  }
  CHECK(nl_own == 5 && ar_dutch == 5 && ti_none == 5,
        "FAQ, glossary and help by key: nl %d/5 own clips, ar %d/5 Dutch ones (untranslated), ti %d/5 none",
        nl_own, ar_dutch, ti_none);
  CHECK(site_ui_audio(nl, "listen") == site_audio(nl, "ui", "listen") && !site_audio(nl, "faq", "q999") &&
        !site_audio(nl, "no-such-ctx", "b1"), "site_ui_audio is site_audio(\"ui\", …); unknown units have none");
  site_free(nl); site_free(ar); site_free(ti); site_free(en);
}

/* A clip's bytes from the pack; dies if absent (the fixture always has them). */
static unsigned char *clip_bytes(pack *p, int id, size_t *len) {
  char format[16];
  unsigned char *data = pack_audio(p, id, len, format, err, sizeof err);
  expect(data && !strcmp(format, "opus"));
  return data;
}

static long long clip_length(const unsigned char *data, size_t len) {
  long long samples = 0;
  expect(clip_check(data, len, &samples, err, sizeof err) == 0);
  return samples;
}

/* Waits (real time, at most ms) for the next event of type; 1 when it came. */
static int wait_event(audio *a, int type, audio_event *out, int ms) {
  for (int t = 0; t < ms; t += 5) {
    while (audio_poll_event(a, out)) if (out->type == type) return 1;
    usleep(5000);
  }
  return 0;
}

static long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Samples and RMS of a raw S16 mono file. */
static double raw_rms(const char *path, long *samples) {
  size_t len = 0;
  char *data = util_read_file(path, 256 << 20, &len, err, sizeof err);
  *samples = data ? (long)(len / 2) : -1;
  double sum = 0;
  const int16_t *s = (const int16_t *)(void *)data;
  for (size_t i = 0; data && i < len / 2; i++) sum += (double)s[i] * s[i];
  free(data);
  return *samples > 0 ? sqrt(sum / (double)*samples) : 0;
}

static audio_clip clip_of(const unsigned char *data, size_t len, int tag) {
  audio_clip c = { util_malloc(len ? len : 1), len, tag };
  memcpy(c.data, data, len);
  return c;
}

static void test_player(pack *p) {
  char out[128];
  path_of(out, sizeof out, "out.raw");
  setenv("SDL_AUDIODRIVER", "disk", 1);
  setenv("SDL_DISKAUDIOFILE", out, 1);
  setenv("SDL_DISKAUDIODELAY", "1", 1);   /* 1 ms per 21 ms buffer: fast, and decoding keeps ahead */
  audio *a = audio_create(100, err, sizeof err);
  CHECK(a != NULL, "the player starts on the disk driver: %s", err);
  if (!a) return;
  site *nl = site_load(p, "nl", err, sizeof err);
  const site_page *pg = site_find_page(nl, "intake");
  size_t l1, l2;
  unsigned char *good1 = clip_bytes(p, pg->blocks[0].audio_id, &l1), *good2 = clip_bytes(p, pg->blocks[1].audio_id, &l2);
  long long expected = clip_length(good1, l1) + clip_length(good2, l2);
  /* damaged in four ways around two good clips */
  unsigned char garbage[4096];
  for (size_t i = 0; i < sizeof garbage; i++) garbage[i] = (unsigned char)(i * 7919 >> 3);
  unsigned char *flipped = util_malloc(l2);
  memcpy(flipped, good2, l2);
  memcpy(flipped, "OggS", 4);
  for (size_t i = 200; i < l2; i += 97) flipped[i] ^= 0x5A;   /* headers intact, pages broken */
  audio_clip *list = util_calloc(6, sizeof *list);
  list[0] = clip_of(garbage, sizeof garbage, 10);
  list[1] = clip_of(good1, l1, 11);
  list[2] = clip_of(good2, 40, 12);          /* cut inside its headers */
  list[3] = clip_of(garbage, 0, 13);         /* empty */
  list[4] = clip_of(flipped, l2, 14);
  list[5] = clip_of(good2, l2, 15);
  int session = audio_play(a, list, 6);
  audio_event e;
  int started = wait_event(a, AUDIO_EVENT_STARTED, &e, 10000);
  CHECK(started && e.session == session && e.clips == 6, "started event for the playlist");
  int stopped = wait_event(a, AUDIO_EVENT_STOPPED, &e, 30000);
  CHECK(stopped && e.session == session && !strcmp(e.reason, "end"), "the playlist ends normally (%s)", stopped ? e.reason : "no event");
  CHECK(stopped && e.skipped >= 3, "the garbage, cut and empty clips are skipped (%d skipped)", e.skipped);
  long samples;
  double rms = raw_rms(out, &samples);
  /* silence from a busy machine delaying the decoder is counted apart; the tail after
   * the last sound is the device's buffers until it closes */
  long long sound = samples - (stopped ? e.underrun_ms * CLIP_RATE / 1000 : 0);
  CHECK(sound >= expected - CLIP_RATE / 100 && sound <= expected + CLIP_RATE * 2,
        "the device got the good clips' %lld samples (file %ld, %lld ms of it underrun)", expected, samples, stopped ? e.underrun_ms : -1);
  CHECK(rms > 300, "the sound is not silence (RMS %.0f)", rms);
  /* stop: real time now, stop after ~0.4 s; the file stops growing at once */
  setenv("SDL_DISKAUDIODELAY", "", 1);
  unsetenv("SDL_DISKAUDIODELAY");
  audio_clip *again = util_calloc(3, sizeof *again);
  for (int i = 0; i < 3; i++) again[i] = clip_of(good1, l1, i);
  session = audio_play(a, again, 3);
  CHECK(wait_event(a, AUDIO_EVENT_STARTED, &e, 5000), "a second session starts");
  audio_status st;
  audio_get_status(a, &st);
  CHECK(st.playing && st.requested == session, "status says playing");
  usleep(400000);
  audio_get_status(a, &st);
  CHECK(st.tag == 0, "the first clip is the one heard after 0.4 s (tag %d)", st.tag);
  audio_stop(a, "stop");
  audio_get_status(a, &st);
  CHECK(!st.playing, "status says stopped at once");
  stopped = wait_event(a, AUDIO_EVENT_STOPPED, &e, 3000);
  CHECK(stopped && !strcmp(e.reason, "stop") && e.played_ms > 150 && e.played_ms < 1500,
        "stopped with reason stop after %lld ms heard", stopped ? e.played_ms : -1);
  long size1 = file_size(out);
  usleep(300000);
  CHECK(size1 > 0 && file_size(out) == size1, "the file stops growing (%ld then %ld bytes)", size1, file_size(out));
  /* replace: the first playlist ends as "replaced", the second plays */
  audio_clip *first = util_calloc(1, sizeof *first), *second = util_calloc(1, sizeof *second);
  first[0] = clip_of(good1, l1, 1);
  second[0] = clip_of(good2, l2, 2);
  int s1 = audio_play(a, first, 1);
  usleep(100000);
  int s2 = audio_play(a, second, 1);
  int replaced = 0, second_started = 0;
  for (int t = 0; t < 400 && !second_started; t++) {
    while (audio_poll_event(a, &e)) {
      if (e.type == AUDIO_EVENT_STOPPED && e.session == s1 && !strcmp(e.reason, "replaced")) replaced = 1;
      if (e.type == AUDIO_EVENT_STARTED && e.session == s2) second_started = 1;
    }
    usleep(10000);
  }
  CHECK(replaced && second_started, "a new playlist replaces the old one (replaced %d, started %d)", replaced, second_started);
  audio_get_status(a, &st);
  CHECK(st.playing && (st.tag == 2 || st.tag == -1), "the second playlist's clip is heard (tag %d)", st.tag);
  audio_stop(a, "navigation");
  CHECK(wait_event(a, AUDIO_EVENT_STOPPED, &e, 3000) && !strcmp(e.reason, "navigation"), "stopped by navigation");
  /* volume 0: the device gets silence */
  setenv("SDL_DISKAUDIODELAY", "1", 1);
  audio_set_volume(a, 0);
  audio_clip *quiet = util_calloc(1, sizeof *quiet);
  quiet[0] = clip_of(good1, l1, 0);
  audio_play(a, quiet, 1);
  CHECK(wait_event(a, AUDIO_EVENT_STOPPED, &e, 10000), "the quiet playlist ends");
  rms = raw_rms(out, &samples);
  CHECK(samples > 0 && rms == 0, "volume 0 writes silence (RMS %.1f over %ld samples)", rms, samples);
  audio_destroy(a);
  free(good1); free(good2); free(flipped);
  site_free(nl);
}

/* A damaged clip inside a pack that is validly signed and installed: the page still
 * plays, minus that clip. */
static void test_signed_damage(const char *built) {
  char damaged[128], pub[128], sec[128], state[128], out[128];
  path_of(damaged, sizeof damaged, "damaged.wwpack");
  path_of(pub, sizeof pub, "k.pub");
  path_of(sec, sizeof sec, "k.key");
  path_of(state, sizeof state, "state");
  path_of(out, sizeof out, "damaged.raw");
  char cmd[512];
  snprintf(cmd, sizeof cmd, "cp %s %s", built, damaged);
  expect(system(cmd) == 0);
  sqlite3 *db;
  expect(sqlite3_open(damaged, &db) == SQLITE_OK);
  /* same size, same type, bytes past the Opus headers scrambled */
  sqlite3_stmt *st = NULL;
  expect(sqlite3_prepare_v2(db, "SELECT id, data FROM audio WHERE lang = 'nl' AND ctx = 'intake' AND key = 'b1'", -1, &st, NULL) == SQLITE_OK);
  expect(sqlite3_step(st) == SQLITE_ROW);
  int id = sqlite3_column_int(st, 0), len = sqlite3_column_bytes(st, 1);
  unsigned char *data = util_malloc((size_t)len);
  memcpy(data, sqlite3_column_blob(st, 1), (size_t)len);
  sqlite3_finalize(st);
  for (int i = 120; i < len; i++) data[i] = (unsigned char)(data[i] * 31 + i);
  expect(sqlite3_prepare_v2(db, "UPDATE audio SET data = ?1 WHERE id = ?2", -1, &st, NULL) == SQLITE_OK);
  sqlite3_bind_blob(st, 1, data, len, SQLITE_STATIC);
  sqlite3_bind_int(st, 2, id);
  expect(sqlite3_step(st) == SQLITE_DONE);
  sqlite3_finalize(st);
  free(data);
  sqlite3_close(db);
  expect(minisig_keygen(pub, sec, err, sizeof err) == 0);
  minisig_secret_key key;
  minisig_public_key trusted;
  unsigned char hash[64];
  expect(minisig_load_secret_key(sec, &key, err, sizeof err) == 0 && minisig_load_public_key(pub, &trusted, err, sizeof err) == 0);
  expect(minisig_hash_file(damaged, hash, NULL, NULL, err, sizeof err) == 0);
  char *sig = minisig_sign(hash, &key, "test", "wegwijs-pack name=test-mini version=1", err, sizeof err);
  char sig_path[160];
  snprintf(sig_path, sizeof sig_path, "%s.minisig", damaged);
  expect(sig && util_write_file_atomic(sig_path, sig, strlen(sig), err, sizeof err) == 0);
  free(sig);
  pack_install_result result;
  int rc = pack_install(damaged, state, &trusted, 1, NULL, NULL, &result, err, sizeof err);
  CHECK(rc == 0, "the damaged-audio pack is validly signed and installs: %s", err);
  pack *p = rc == 0 ? pack_open_active(state, err, sizeof err) : NULL;
  site *s = p ? site_load(p, "nl", err, sizeof err) : NULL;
  CHECK(s != NULL, "and loads: %s", err);
  if (!s) { pack_close(p); return; }
  const site_page *pg = site_find_page(s, "intake");
  audio_clip *list = util_calloc((size_t)pg->block_count, sizeof *list);
  long long good = 0;
  for (int b = 0; b < pg->block_count; b++) {
    list[b].data = clip_bytes(p, pg->blocks[b].audio_id, &list[b].len);
    list[b].tag = b + 1;
    long long n;
    if (b > 0 && clip_check(list[b].data, list[b].len, &n, err, sizeof err) == 0) good += n;
  }
  setenv("SDL_DISKAUDIOFILE", out, 1);
  setenv("SDL_DISKAUDIODELAY", "1", 1);
  audio *a = audio_create(80, err, sizeof err);
  expect(a);
  audio_play(a, list, pg->block_count);
  audio_event e;
  int stopped = wait_event(a, AUDIO_EVENT_STOPPED, &e, 30000);
  CHECK(stopped && !strcmp(e.reason, "end") && e.skipped == 1, "the page plays to its end with the damaged clip skipped (%s, %d skipped)",
        stopped ? e.reason : "no event", stopped ? e.skipped : -1);
  long samples;
  double rms = raw_rms(out, &samples);
  long long sound = samples - (stopped ? e.underrun_ms * CLIP_RATE / 1000 : 0);
  CHECK(sound >= good - CLIP_RATE / 100 && sound < good + CLIP_RATE * 2 && rms > 200,
        "the other blocks are heard: %lld samples of sound (>= %lld), RMS %.0f", sound, good, rms);
  audio_destroy(a);
  site_free(s);
  pack_close(p);
}

int main(void) {
  build_dir = getenv("BUILD") ? getenv("BUILD") : "build";
  snprintf(dir, sizeof dir, "/tmp/wegwijs-audio-XXXXXX");
  expect(mkdtemp(dir));
  char built[128], cmd[1024];
  path_of(built, sizeof built, "mini.wwpack");
  /* --audio all: the FAQ, glossary and help are voiced too (a few clips in the mini content) */
  snprintf(cmd, sizeof cmd, "%s/wegwijs-pack build tests/data/content-mini --assets tests/data/content-mini/pictograms "
           "--audio all -o %s >%s/build.log 2>&1", build_dir, built, dir);
  int rc = system(cmd);
  CHECK(rc == 0, "content-mini builds with generated audio (see %s/build.log)", dir);
  pack *p = rc == 0 ? pack_open(built, err, sizeof err) : NULL;
  if (p) {
    test_site_audio(p);
    test_player(p);
    pack_close(p);
    test_signed_damage(built);
  }
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (!check_failed && system(cmd) != 0) printf("could not remove %s\n", dir);
  return check_report();
}
