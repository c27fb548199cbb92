/* voice.c — what a volunteer records in one language, and `voice-script`, the printable
 * script they read it from (see voice.h). */
#include "voice.h"
#include "catalog.h"
#include "inline.h"
#include "narration.h"
#include "speech.h"
#include "util/util.h"
#include <getopt.h>
#include <string.h>    /* strcmp */
#include <unistd.h>    /* access, readlink */

/* ------------------------------------------------------------------ the plan */

static voice_group *voice_group_for(voice_plan *p, const char *id, int page) {
  for (int i = 0; i < p->count; i++) if (!strcmp(p->groups[i].id, id)) return &p->groups[i];
  p->groups = util_realloc(p->groups, sizeof *p->groups * (size_t)(p->count + 1));
  voice_group *g = &p->groups[p->count++];
  memset(g, 0, sizeof *g);
  snprintf(g->id, sizeof g->id, "%s", id);
  g->page = page;
  char path[1400];
  snprintf(path, sizeof path, "%s/audio/%s/%s.opus", p->c->dir, p->lang->code, id);
  g->whole_recorded = page >= 0 && access(path, F_OK) == 0;
  return g;
}

/* The unit's text as the kiosk shows it in the language, as plain text; NULL when it
 * is not in that language yet (missing or fuzzy). */
static char *voice_text(const voice_plan *p, const catalog *cat, const content_unit *u) {
  const char *markdown = u->msgid;
  if (strcmp(p->lang->code, "nl")) {
    int fuzzy = 0;
    markdown = cat && u->msgid[0] ? catalog_lookup(cat, u->ctx, u->msgid, &fuzzy) : NULL;
    if (!markdown || fuzzy) return NULL;
  }
  text_span *spans = NULL;
  int span_count;
  char *plain = inline_parse(markdown, &spans, &span_count);
  char *clean = speech_clean_text(plain);
  free(plain);
  free(spans);
  if (!clean[0]) { free(clean); return NULL; }
  return clean;
}

int voice_plan_load(voice_plan *p, const content *c, const char *code, char *err, size_t errlen) {
  memset(p, 0, sizeof *p);
  p->c = c;
  for (int l = 0; l < c->language_count; l++) if (!strcmp(c->languages[l].code, code)) p->lang = &c->languages[l];
  if (!p->lang) return util_error(err, errlen, "the content has no language '%s' (see languages.tsv)", code);
  catalog *cat = NULL;
  report r = { 0 };
  if (strcmp(code, "nl")) {
    char path[1200], rel[64];
    snprintf(rel, sizeof rel, "po/%s.po", code);
    snprintf(path, sizeof path, "%s/%s", c->dir, rel);
    cat = catalog_load(path, rel, code, &r);
    if (r.errors) {
      util_error(err, errlen, "%s cannot be read: %s", rel, r.items[0].message);
      report_free(&r);
      return -1;
    }
  }
  for (int i = 0; i < c->unit_count; i++) {
    const content_unit *u = &c->units[i];
    int page = narration_page_index(c, u->ctx);
    if (!narration_voiced(u->ctx, u->key, page >= 0)) continue;
    char *text = voice_text(p, cat, u);
    if (!text) { p->untranslated++; continue; }
    voice_group *g = voice_group_for(p, u->ctx, page);
    g->units = util_realloc(g->units, sizeof *g->units * (size_t)(g->count + 1));
    voice_unit *vu = &g->units[g->count++];
    vu->unit = u;
    vu->text = text;
    char path[1400];
    snprintf(path, sizeof path, "%s/audio/%s/%s/%s.opus", c->dir, code, u->ctx, u->key);
    vu->recorded = access(path, F_OK) == 0;
  }
  catalog_free(cat);
  report_free(&r);
  return 0;
}

void voice_plan_free(voice_plan *p) {
  for (int g = 0; g < p->count; g++) {
    for (int u = 0; u < p->groups[g].count; u++) free(p->groups[g].units[u].text);
    free(p->groups[g].units);
  }
  free(p->groups);
  memset(p, 0, sizeof *p);
}

void voice_take_name(const voice_group *g, const voice_unit *u, char *out, size_t n) {
  if (u) snprintf(out, n, "%s_%s", g->id, u->unit->key);
  else snprintf(out, n, "%s", g->id);
}

void voice_target(const voice_plan *p, const voice_group *g, const voice_unit *u, char *out, size_t n) {
  if (u) snprintf(out, n, "audio/%s/%s/%s.opus", p->lang->code, g->id, u->unit->key);
  else snprintf(out, n, "audio/%s/%s.opus", p->lang->code, g->id);
}

/* ------------------------------------------------------------------ the script */

typedef struct {
  const char *out_dir, *fonts_dir, *pages;
  int json, missing;
} voice_script_options;

/* 1 if the group is asked for (--pages) and, with --missing, still lacks something. */
static int voice_group_wanted(const voice_group *g, const voice_script_options *o) {
  if (o->pages) {
    size_t n = strlen(g->id);
    const char *at = o->pages;
    int found = 0;
    while (at && !found) {
      found = !strncmp(at, g->id, n) && (at[n] == ',' || at[n] == 0);
      at = strchr(at, ',');
      if (at) at++;
    }
    if (!found) return 0;
  }
  if (!o->missing) return g->count > 0;
  if (g->whole_recorded) return 0;
  for (int u = 0; u < g->count; u++) if (!g->units[u].recorded) return 1;
  return 0;
}

/* Every --pages name must be a group: a typo must not give an empty script silently. */
static int voice_pages_known(const voice_plan *p, const char *pages) {
  char list[2048];
  snprintf(list, sizeof list, "%s", pages);
  for (char *name = strtok(list, ","); name; name = strtok(NULL, ",")) {
    int found = 0;
    for (int g = 0; g < p->count; g++) found |= !strcmp(p->groups[g].id, name);
    if (!found) {
      fprintf(stderr, "wegwijs-pack: '%s' is not a page, checkin, faq, glossary, help or ui with text in %s\n", name, p->lang->code);
      return 0;
    }
  }
  return 1;
}

static void voice_json(const voice_plan *p, const voice_script_options *o, FILE *out) {
  char name[200];
  fprintf(out, "{\"lang\": ");
  report_json_string(out, p->lang->code);
  fprintf(out, ", \"pages\": [");
  int first = 1;
  for (int g = 0; g < p->count; g++) {
    const voice_group *gr = &p->groups[g];
    if (!voice_group_wanted(gr, o)) continue;
    voice_take_name(gr, NULL, name, sizeof name);
    fprintf(out, "%s\n  {\"id\": ", first ? "" : ",");
    report_json_string(out, gr->id);
    fprintf(out, ", \"file\": ");
    report_json_string(out, name);
    fprintf(out, ", \"units\": [");
    int first_unit = 1;
    for (int u = 0; u < gr->count; u++) {
      const voice_unit *vu = &gr->units[u];
      if (o->missing && vu->recorded) continue;
      voice_take_name(gr, vu, name, sizeof name);
      fprintf(out, "%s\n    {\"id\": ", first_unit ? "" : ",");
      report_json_string(out, vu->unit->key);
      fprintf(out, ", \"text\": ");
      report_json_string(out, vu->text);
      fprintf(out, ", \"file\": ");
      report_json_string(out, name);
      fprintf(out, "}");
      first_unit = 0;
    }
    fprintf(out, "]}");
    first = 0;
  }
  fprintf(out, "\n]}\n");
}

static void voice_html_escape(FILE *out, const char *s) {
  for (; *s; s++) {
    if (*s == '<') fputs("&lt;", out);
    else if (*s == '>') fputs("&gt;", out);
    else if (*s == '&') fputs("&amp;", out);
    else if (*s == '"') fputs("&quot;", out);
    else fputc(*s, out);
  }
}

/* The fonts folder of the build: --fonts, $WEGWIJS_FONTS, else <program dir>/fonts. */
static void voice_fonts_dir(const char *given, char *out, size_t n) {
  const char *env = getenv("WEGWIJS_FONTS");
  char exe[1024];
  ssize_t len;
  if (given) snprintf(out, n, "%s", given);
  else if (env && env[0]) snprintf(out, n, "%s", env);
  else if ((len = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
    exe[len] = 0;
    *strrchr(exe, '/') = 0;
    snprintf(out, n, "%s/fonts", exe);
  } else snprintf(out, n, "fonts");
}

/* Copies the language's fonts (languages.tsv: NotoSansEthiopic,NotoSans) next to the
 * script, so the folder prints the same on any PC; writes the @font-face rules and
 * the family list into css/family. 0 or -1 with a message on stderr. */
static int voice_fonts(const voice_plan *p, const char *fonts_dir, const char *out_dir, FILE *css, char *family, size_t n) {
  char list[200], dir[1300];
  snprintf(list, sizeof list, "%s", p->lang->fonts);
  snprintf(dir, sizeof dir, "%s/fonts", out_dir);
  family[0] = 0;
  for (char *name = strtok(list, ","); name; name = strtok(NULL, ",")) {
    static const char *const weights[2][2] = { { "Regular", "400" }, { "Bold", "700" } };
    for (int w = 0; w < 2; w++) {
      char from[1400], to[1400], err[300];
      size_t len;
      snprintf(from, sizeof from, "%s/%s-%s.ttf", fonts_dir, name, weights[w][0]);
      snprintf(to, sizeof to, "%s/%s-%s.ttf", dir, name, weights[w][0]);
      char *data = util_read_file(from, 64 << 20, &len, err, sizeof err);
      if (!data || util_mkdirs(dir, 0755, err, sizeof err) || util_write_file_atomic(to, data, len, err, sizeof err)) {
        fprintf(stderr, "wegwijs-pack: the script needs the build's fonts (make, or --fonts DIR): %s\n", err);
        free(data);
        return -1;
      }
      free(data);
      fprintf(css, "@font-face { font-family: \"%s\"; src: url(\"fonts/%s-%s.ttf\"); font-weight: %s; }\n", name, name,
              weights[w][0], weights[w][1]);
    }
    size_t at = strlen(family);
    snprintf(family + at, n - at, "\"%s\", ", name);
  }
  size_t at = strlen(family);
  snprintf(family + at, n - at, "sans-serif");
  return 0;
}

static const char voice_css[] =
  "@page { size: A4; margin: 16mm 15mm 18mm 15mm; }\n"
  "body { font-size: 11pt; line-height: 1.4; color: #000; background: #fff; margin: 0; }\n"
  "@media screen { body { margin: 8mm auto; max-width: 180mm; } }\n"
  ".howto { columns: 2; column-gap: 8mm; font-size: 10.5pt; border: 0.4mm solid #000; padding: 4mm; }\n"
  ".howto h2 { font-size: 12pt; margin: 0 0 2mm; }\n"
  ".howto ul { margin: 0; padding-inline-start: 5mm; }\n"
  "section.page { break-before: page; }\n"
  "section.page h2 { font-size: 17pt; margin: 0 0 1mm; }\n"
  ".take { font-family: \"DejaVu Sans Mono\", monospace; font-size: 10.5pt; direction: ltr; unicode-bidi: isolate; }\n"
  ".whole { margin: 0 0 3mm; font-size: 10.5pt; }\n"
  "ol.units { list-style: none; margin: 0; padding: 0; }\n"
  "li.unit { break-inside: avoid; border-top: 0.3mm solid #777; padding: 2mm 0 3mm; }\n"
  ".meta { display: flex; justify-content: space-between; direction: ltr; font-size: 10pt; color: #333; }\n"
  ".text { font-size: 17pt; line-height: 1.7; margin: 1mm 0 0; }\n"
  ".done { color: #555; }\n";

static void voice_html_howto(FILE *out, const voice_plan *p) {
  fprintf(out,
    "<div class=\"howto\">\n<div lang=\"nl\"><h2>Opnemen voor Wegwijs: ");
  voice_html_escape(out, p->lang->name);
  fprintf(out, "</h2><ul>\n"
    "<li>Zoek een stille kamer: geen tv, muziek of ventilator.</li>\n"
    "<li>Houd de telefoon ongeveer 20 cm van je mond. Spreek rustig en duidelijk, zoals tegen een buurman.</li>\n"
    "<li>Per pagina: maak één opname van alle teksten achter elkaar. Wacht tussen twee teksten ongeveer één seconde.</li>\n"
    "<li>Geef de opname de naam die bij de pagina staat (bijvoorbeeld <span class=\"take\">brede-intake.m4a</span>).</li>\n"
    "<li>Of: één opname per tekst, met de naam die bij de tekst staat. Zo doe je ook een tekst opnieuw.</li>\n"
    "<li>Elk gangbaar formaat mag: .m4a (telefoon), .wav, .flac, .ogg, .opus.</li>\n"
    "</ul></div>\n<div lang=\"en\"><h2>Recording for Wegwijs: ");
  voice_html_escape(out, p->lang->name);
  fprintf(out, "</h2><ul>\n"
    "<li>Find a quiet room: no TV, music or fan.</li>\n"
    "<li>Hold the phone about 20 cm from your mouth. Speak calmly and clearly, as to a neighbour.</li>\n"
    "<li>Per page: make one recording of all its texts in order. Pause for about one second between two texts.</li>\n"
    "<li>Name the recording as shown at the page (for example <span class=\"take\">brede-intake.m4a</span>).</li>\n"
    "<li>Or: one recording per text, named as shown at the text. That is also how to redo one text.</li>\n"
    "<li>Any common format works: .m4a (phone), .wav, .flac, .ogg, .opus.</li>\n"
    "</ul></div>\n</div>\n");
}

static void voice_html_group(FILE *out, const voice_plan *p, const voice_group *g, const voice_script_options *o, int number) {
  const char *dir = p->lang->rtl ? "rtl" : "ltr";
  char name[200];
  int shown = 0;
  for (int u = 0; u < g->count; u++) shown += !(o->missing && g->units[u].recorded);
  voice_take_name(g, NULL, name, sizeof name);
  fprintf(out, "<section class=\"page\" id=\"%s\">\n<h2>%d. <span lang=\"%s\" dir=\"%s\">", g->id, number, p->lang->code, dir);
  voice_html_escape(out, !strcmp(g->units[0].unit->key, "title") ? g->units[0].text : g->id);
  fprintf(out, "</span></h2>\n<p class=\"whole\"><span lang=\"nl\">Alles in één opname</span> / all in one take: "
          "<b class=\"take\">%s</b>.m4a &middot; %d %s &middot; <span lang=\"nl\">1 s pauze tussen de teksten</span> / "
          "1 s pause between texts</p>\n<ol class=\"units\">\n", name, shown, shown == 1 ? "tekst / text" : "teksten / texts");
  int n = 0;
  for (int u = 0; u < g->count; u++) {
    const voice_unit *vu = &g->units[u];
    if (o->missing && vu->recorded) continue;
    voice_take_name(g, vu, name, sizeof name);
    fprintf(out, "<li class=\"unit%s\"><div class=\"meta\"><span>%d / %d%s</span><span class=\"take\">%s</span></div>\n"
            "<p class=\"text\" lang=\"%s\" dir=\"%s\">", vu->recorded ? " done" : "", ++n, shown,
            vu->recorded ? " &middot; opgenomen / recorded" : "", name, p->lang->code, dir);
    voice_html_escape(out, vu->text);
    fprintf(out, "</p></li>\n");
  }
  fprintf(out, "</ol>\n</section>\n");
}

/* Writes DIR/voice-script-LANG.html (and DIR/fonts/). 0 or -1 with a message printed. */
static int voice_html(const voice_plan *p, const voice_script_options *o, char *path, size_t n) {
  char fonts[1100], family[400], err[300];
  char *css = NULL;
  size_t css_len = 0;
  FILE *css_out = open_memstream(&css, &css_len);
  voice_fonts_dir(o->fonts_dir, fonts, sizeof fonts);
  if (util_mkdirs(o->out_dir, 0755, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); fclose(css_out); free(css); return -1; }
  int rc = voice_fonts(p, fonts, o->out_dir, css_out, family, sizeof family);
  fclose(css_out);
  if (rc) { free(css); return -1; }
  char *html = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&html, &len);
  fprintf(out, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<title>Wegwijs: ");
  voice_html_escape(out, p->lang->name);
  fprintf(out, " (%s)</title>\n<style>\n%s%sbody { font-family: %s; }\n</style>\n</head>\n<body>\n", p->lang->code, css, voice_css, family);
  voice_html_howto(out, p);
  int number = 0;
  for (int g = 0; g < p->count; g++)
    if (voice_group_wanted(&p->groups[g], o)) voice_html_group(out, p, &p->groups[g], o, ++number);
  fprintf(out, "</body>\n</html>\n");
  fclose(out);
  snprintf(path, n, "%s/voice-script-%s.html", o->out_dir, p->lang->code);
  rc = util_write_file_atomic(path, html, len, err, sizeof err);
  if (rc) fprintf(stderr, "wegwijs-pack: %s\n", err);
  free(html);
  free(css);
  return rc;
}

static int voice_script_usage(FILE *out, int rc) {
  fprintf(out,
    "usage: wegwijs-pack voice-script CONTENT LANG [-o DIR] [--json] [--pages ID,ID,...] [--missing] [--fonts DIR]\n"
    "  A recording script for one language: page by page, the texts to read aloud in\n"
    "  reading order with the file name to save each take under, and instructions in\n"
    "  Dutch and English. Writes DIR/voice-script-LANG.html (A4, with its fonts in\n"
    "  DIR/fonts/; DIR defaults to .); --json prints\n"
    "  {\"lang\", \"pages\": [{\"id\", \"file\", \"units\": [{\"id\", \"text\", \"file\"}]}]} instead.\n"
    "  --missing: only what has no recording in CONTENT/audio/LANG/ yet.\n"
    "  -h, --help    show this help and exit\n");
  return rc;
}

int voice_script_main(int argc, char **argv) {
  static const struct option longs[] = {
    { "output", required_argument, NULL, 'o' }, { "json", no_argument, NULL, 'j' },
    { "pages", required_argument, NULL, 'p' }, { "missing", no_argument, NULL, 'm' },
    { "fonts", required_argument, NULL, 'f' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
  voice_script_options o = { ".", NULL, NULL, 0, 0 };
  int opt;
  optind = 0;   /* 0: glibc re-initialises getopt (main parsed the program options already) */
  while ((opt = getopt_long(argc, argv, "o:h", longs, NULL)) != -1) {
    if (opt == 'o') o.out_dir = optarg;
    else if (opt == 'j') o.json = 1;
    else if (opt == 'p') o.pages = optarg;
    else if (opt == 'm') o.missing = 1;
    else if (opt == 'f') o.fonts_dir = optarg;
    else if (opt == 'h') return voice_script_usage(stdout, 0);
    else return voice_script_usage(stderr, 2);
  }
  if (argc - optind != 2) return voice_script_usage(stderr, 2);
  content c;
  report r = { 0 };
  voice_plan p = { 0 };
  char err[512], path[1300];
  int rc = 1;
  if (content_load(&c, argv[optind], &r, err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); goto done; }
  if (voice_plan_load(&p, &c, argv[optind + 1], err, sizeof err)) { fprintf(stderr, "wegwijs-pack: %s\n", err); goto done; }
  if (o.pages && !voice_pages_known(&p, o.pages)) { rc = 2; goto done; }
  if (o.json) { voice_json(&p, &o, stdout); rc = 0; goto done; }
  if (voice_html(&p, &o, path, sizeof path)) goto done;
  int groups = 0, units = 0;
  for (int g = 0; g < p.count; g++) {
    if (!voice_group_wanted(&p.groups[g], &o)) continue;
    groups++;
    for (int u = 0; u < p.groups[g].count; u++) units += !(o.missing && p.groups[g].units[u].recorded);
  }
  printf("wrote %s: %d pages, %d texts to record in %s", path, groups, units, p.lang->code);
  if (p.untranslated) printf(" (%d more are not translated into %s yet and are left out)", p.untranslated, p.lang->code);
  printf("\n");
  rc = 0;
done:
  voice_plan_free(&p);
  content_free(&c);
  report_free(&r);
  return rc;
}
