/* ui_staff.c — staff mode: PIN pad with lockout, status, pack import from a stick,
 * check-in export and receipts with progress. Split out of ui.c; shares its state and
 * layout helpers through ui_internal.h. No SDL here. */
#include "ui/ui_staff.h"
#include <stdarg.h>    /* va_list */
#include <stdlib.h>    /* atoi */
#include <string.h>    /* strcmp, strlen */
#include <time.h>      /* localtime_r: staff status times */
#include "staff/staffwork.h"
#include "staff/volume.h"   /* STAFF_VOLUME_STEP */
#include "util/util.h"

/* ------------------------------------------------------------------ staff mode: screens */

/* Staff texts: Dutch and English (the staff language toggle), never from the pack, so
 * staff mode works with a broken pack or none. */
typedef struct { const char *key, *nl, *en; } ui_staff_text;
static const ui_staff_text ui_staff_texts[] = {
  { "title", "Medewerkers", "Staff" },
  { "close", "Sluiten", "Close" },
  { "other_lang", "English", "Nederlands" },
  { "pin_title", "Pincode voor medewerkers", "Staff PIN" },
  { "pin_hint", "Typ uw pincode (6 tot 8 cijfers) en tik op OK.", "Type your PIN (6 to 8 digits) and tap OK." },
  { "erase", "Wis", "Erase" },
  { "tab_status", "Status", "Status" },
  { "tab_import", "Pakket laden", "Import pack" },
  { "tab_export", "Check-ins", "Check-ins" },
  { "scan", "Opnieuw zoeken", "Look again" },
  { "no_stick", "Geen USB-stick gevonden. Steek de stick in, wacht een paar seconden en tik op 'Opnieuw zoeken'.",
    "No USB stick found. Insert the stick, wait a few seconds and tap 'Look again'." },
  { "choose_pack", "Kies het pakket dat u wilt installeren:", "Choose the pack to install:" },
  { "busy", "Bezig", "Working" },
};

static const char *ui_st(const ui *u, const char *key) {
  for (size_t i = 0; i < UTIL_COUNT(ui_staff_texts); i++)
    if (!strcmp(ui_staff_texts[i].key, key)) return u->staff_en ? ui_staff_texts[i].en : ui_staff_texts[i].nl;
  return key;
}

/* printf into the staff text arena (reset at every staff layout): widget labels point
 * into it, so they live until the next layout. */
static const char *ui_sf(ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *ui_sf(ui *u, const char *fmt, ...) {
  size_t room = sizeof u->staff_arena - u->staff_arena_used;
  char *out = u->staff_arena + u->staff_arena_used;
  if (room < 2) return "";
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(out, room, fmt, ap);
  va_end(ap);
  if (n < 0) { out[0] = 0; n = 0; }
  u->staff_arena_used += ((size_t)n < room ? (size_t)n : room - 1) + 1;
  return out;
}

static void ui_staff_time(ui *u, long long wall, char *out, size_t outlen) {
  if (wall <= 0) { snprintf(out, outlen, "%s", u->staff_en ? "never" : "nooit"); return; }
  time_t t = (time_t)wall;
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(out, outlen, "%Y-%m-%d %H:%M", &tm);
}

static void ui_staff_duration(ui *u, long long s, char *out, size_t outlen) {
  if (s < 0) snprintf(out, outlen, "?");
  else if (s < 3600) snprintf(out, outlen, "%lld min", s / 60);
  else if (s < 86400 * 2) snprintf(out, outlen, "%lld %s %lld min", s / 3600, u->staff_en ? "h" : "u", s / 60 % 60);
  else snprintf(out, outlen, "%lld %s", s / 86400, u->staff_en ? "days" : "dagen");
}

/* One text line of the staff column; returns its height. */
static int ui_staff_line(ui *u, const char *id, const char *s, int y, int bold, int color) {
  int col_x, col_w = ui_column(u, &col_x);
  return ui_paragraph(u, id, "text", s, u->staff_en ? "en" : "nl", u->body_px, bold, NULL, 0, col_x, y, col_w, color);
}

static ui_widget *ui_staff_button(ui *u, const char *id, int action, const char *target, const char *label,
                                  int x, int y, int width, int primary) {
  ui_widget *b = ui_button(u, id, action, target, ICON_NONE, label, u->staff_en ? "en" : "nl", u->body_px,
                           x, y, width, u->target, primary ? C_PRIMARY : C_SURFACE, primary ? C_ON_PRIMARY : C_TEXT);
  if (!primary) b->border = C_BORDER;
  return b;
}

/* The job's progress bar and stage, then the outcome sentence. Returns the height. */
static int ui_staff_job(ui *u, int y) {
  int col_x, col_w = ui_column(u, &col_x), y0 = y;
  if (u->job.running || u->job_shown) {
    int ok = u->job.result.status == STAFF_USB_OK;
    const char *stage = u->job.running ? ui_sf(u, "%s: %s, %d%%", ui_st(u, "busy"), u->job.stage, u->job.percent)
                      : ok ? ui_sf(u, "%s: 100%%", u->staff_en ? "Done" : "Klaar")
                           : ui_sf(u, u->staff_en ? "Stopped at %d%%" : "Gestopt bij %d%%", u->job.percent);
    y += ui_staff_line(u, "staff-stage", stage, y, 0, C_MUTED) + ui_mm(u, 1.5);
    ui_widget *track = ui_add(u, "staff-progress", "progress");
    track->bg = C_CHIP; track->radius = ui_mm(u, 2);
    track->x = col_x; track->y = y; track->w = col_w; track->h = ui_mm(u, 6);
    track->label = stage;
    ui_widget *fill = ui_add(u, "", "progress-fill");
    fill->bg = u->job.running || ok ? C_PRIMARY : C_ACCENT; fill->radius = track->radius;
    fill->w = col_w * u->job.percent / 100; fill->h = track->h; fill->y = y;
    fill->x = ui_mirror(u, col_x, col_w, 0, fill->w);
    y += track->h + ui_mm(u, 4);
  }
  if (u->staff_msg[0])
    y += ui_staff_line(u, "staff-message", u->staff_msg, y, 1, u->staff_msg_bad ? C_ACCENT : C_TEXT) + ui_mm(u, 4);
  return y - y0;
}

static void ui_staff_pin(ui *u, int y) {
  int col_x, col_w = ui_column(u, &col_x);
  y += ui_paragraph(u, "title", "title", ui_st(u, "pin_title"), u->staff_en ? "en" : "nl", u->title_px, 1,
                    NULL, 0, col_x, y, col_w, C_TEXT) + ui_mm(u, 2);
  y += ui_staff_line(u, "staff-pin-hint", ui_st(u, "pin_hint"), y, 0, C_MUTED) + ui_mm(u, 3);
  /* one dot per digit typed; the digits themselves are never drawn */
  char dots[64] = "";
  size_t n = strlen(u->pin);
  for (size_t i = 0; i < n; i++) strcat(dots, "\xE2\x80\xA2 ");   /* U+2022, in every Noto font */
  const char *shown = n ? ui_sf(u, "%s", dots) : "\xE2\x80\x94";
  ui_widget *d = ui_add(u, "staff-pin-dots", "text");
  d->text = ui_text(u, shown, "nl", u->title_px, 1, 0, NULL, 0, 0);
  d->label = ui_sf(u, "%zu", n);
  d->x = col_x; d->y = y; d->w = ui_text_w(d->text); d->h = ui_text_h(d->text);
  y += d->h + ui_mm(u, 2);
  y += ui_staff_job(u, y);
  int locked = u->pin_verdict.result == STAFF_PIN_LOCKED || u->pin_verdict.result == STAFF_PIN_NOT_SET;
  int key = ui_mm(u, 24), gap = ui_mm(u, 4);
  int grid_x = col_x + (col_w - 3 * key - 2 * gap) / 2;
  if (grid_x < col_x) grid_x = col_x;
  static const char *const keys[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "erase", "0", "enter" };
  for (int i = 0; i < 12; i++) {
    char id[UI_ID_MAX];
    int digit = keys[i][1] == 0;
    snprintf(id, sizeof id, digit ? "staff-key-%s" : "staff-%s", keys[i]);
    const char *label = digit ? keys[i] : !strcmp(keys[i], "erase") ? ui_st(u, "erase") : "OK";
    int act = locked ? ACT_NONE : digit ? ACT_STAFF_KEY : !strcmp(keys[i], "erase") ? ACT_STAFF_ERASE : ACT_STAFF_ENTER;
    int enter = !strcmp(keys[i], "enter");
    ui_widget *b = ui_button(u, id, act, keys[i], ICON_NONE, label, "nl", digit ? u->title_px : u->small_px,
                             grid_x + (i % 3) * (key + gap), y + (i / 3) * (key + gap), key, key,
                             locked ? C_CHIP : enter ? C_PRIMARY : C_SURFACE,
                             locked ? C_MUTED : enter ? C_ON_PRIMARY : C_TEXT);
    if (!locked && !enter) b->border = C_BORDER;
    if (b->text) b->tx = (b->w - ui_text_w(b->text)) / 2 - (b->text->line_count ? ui_px(b->text->lines[0].x) : 0);
  }
  u->content_height = y + 4 * (key + gap) + u->margin - u->view_y;
}

/* The 64 hex digits in groups of 8, as staff copy them into `wegwijs-collect enrol`. */
static void ui_staff_group_hex(const char *hex, char *out, size_t outlen) {
  size_t at = 0;
  for (int i = 0; hex[i] && at + 2 < outlen; i++) {
    if (i && i % 8 == 0) out[at++] = ' ';
    out[at++] = hex[i];
  }
  out[at] = 0;
}

/* Read-aloud volume: the value, −, + and a test sound, wrapping when narrow. Returns
 * the height. */
static int ui_staff_volume(ui *u, int y) {
  int col_x, col_w = ui_column(u, &col_x), en = u->staff_en;
  int v = staffwork_volume(u->cfg.staff);
  ui_widget *label = ui_add(u, "staff-volume", "text");
  label->label = ui_sf(u, "%s: %d%%", en ? "Read-aloud volume" : "Volume voorlezen", v);
  label->text = ui_text(u, label->label, en ? "en" : "nl", u->body_px, 1, 0, NULL, 0, 0);
  label->w = ui_text_w(label->text); label->h = ui_text_h(label->text);
  label->x = ui_mirror(u, col_x, col_w, 0, label->w);
  label->y = y + (u->target > label->h ? (u->target - label->h) / 2 : 0);
  static const char *const ids[] = { "staff-volume-down", "staff-volume-up", "staff-volume-test" };
  static const char *const targets[] = { "down", "up", "test" };
  const char *labels[] = { "\xE2\x80\x93", "+", en ? "Test sound" : "Testgeluid" };   /* U+2013: the fonts have no U+2212 */
  int x = label->w + u->gap, row_y = y, row_h = label->h;
  for (int i = 0; i < 3; i++) {
    if (i == 2 && !ui_listen_test_available(u)) break;
    ui_widget *b = ui_staff_button(u, ids[i], ACT_STAFF_VOLUME, targets[i], labels[i], 0, row_y, i < 2 ? u->target : 0, i == 2);
    if (i < 2 && b->text) b->tx = (b->w - ui_text_w(b->text)) / 2 - (b->text->line_count ? ui_px(b->text->lines[0].x) : 0);
    if (x + b->w > col_w) { row_y += row_h + u->gap; x = 0; row_h = 0; b->y = row_y; }
    b->x = ui_mirror(u, col_x, col_w, x, b->w);
    x += b->w + u->gap;
    if (b->h > row_h) row_h = b->h;
  }
  return row_y + row_h - y + ui_mm(u, 4);
}

static void ui_staff_status_screen(ui *u, int y) {
  const staff_status *st = &u->status;
  char a[80], b[64];
  const int en = u->staff_en;
  y += ui_staff_volume(u, y);
  y += ui_staff_line(u, "staff-version", ui_sf(u, "%s: %s%s%s", en ? "App version" : "Versie van de app", st->app_version,
                     st->site_code[0] ? (en ? ", site " : ", locatie ") : "", st->site_code), y, 0, C_TEXT) + ui_mm(u, 2);
  if (st->pin_lockouts_before > 0)
    y += ui_staff_line(u, "staff-pin-alarm", ui_sf(u, en ? "Warning: before you logged in, the PIN pad was locked %d times after "
                                                          "%d wrong PINs. Someone may have tried to guess the PIN: set a new one."
                                                        : "Let op: voor je inlogde was het pinscherm %d keer op slot na %d foute "
                                                          "pincodes. Misschien probeerde iemand de pincode te raden: stel een nieuwe in.",
                       st->pin_lockouts_before, st->pin_lockouts_before * STAFF_PIN_TRIES), y, 1, C_ACCENT) + ui_mm(u, 2);
  ui_staff_group_hex(st->kiosk_id, a, sizeof a);
  y += ui_staff_line(u, "staff-kiosk-id", st->kiosk_id[0]
                       ? ui_sf(u, en ? "Kiosk id (enrol it at the collector): %s" : "Kiosk-id (aanmelden bij de collector): %s", a)
                       : (en ? "This kiosk has no key yet." : "Deze kiosk heeft nog geen sleutel."), y, 0, C_TEXT) + ui_mm(u, 2);
  if (st->pack_version > 0) {
    y += ui_staff_line(u, "staff-pack", ui_sf(u, en ? "Pack '%s' version %d, signed by %s, %s." : "Pakket '%s' versie %d, ondertekend met %s, %s.",
                       st->pack_name, st->pack_version,
                       !st->pack_signer[0] ? "?" : !en && !strncmp(st->pack_signer, "content key ", 12)
                         ? ui_sf(u, "inhoudssleutel %s", st->pack_signer + 12) : st->pack_signer,
                       st->pack_verified ? (en ? "verified" : "gecontroleerd") : (en ? "NOT verified" : "NIET gecontroleerd")),
                       y, 1, st->pack_verified ? C_TEXT : C_ACCENT) + ui_mm(u, 2);
    if (st->pack_valid_until[0])
      y += ui_staff_line(u, "staff-valid", ui_sf(u, "%s %s%s", en ? "Valid until" : "Geldig tot", st->pack_valid_until,
                         st->pack_expired ? (en ? " (expired: load a newer pack)" : " (verlopen: laad een nieuwer pakket)") : ""),
                         y, 0, st->pack_expired ? C_ACCENT : C_TEXT) + ui_mm(u, 2);
  }
  ui_staff_time(u, st->pack_check_last_s, a, sizeof a);
  y += ui_staff_line(u, "staff-pack-source", !st->pack_url[0]
                       ? (en ? "Packs come from a USB stick." : "Pakketten komen van een USB-stick.")
                       : ui_sf(u, en ? "Packs come from %s (or a USB stick). Last check: %s. %s"
                                     : "Pakketten komen van %s (of een USB-stick). Laatste controle: %s. %s",
                               st->pack_url, a, st->pack_check_result),
                     y, 0, C_TEXT) + ui_mm(u, 2);
  if (st->pack_version <= 0) {
    y += ui_staff_line(u, "staff-pack", en ? "No content pack installed: the built-in sample is shown. Load a pack from a USB stick."
                                          : "Geen inhoudspakket geïnstalleerd: de ingebouwde voorbeeldinhoud staat aan. Laad een pakket van een USB-stick.",
                       y, 1, C_ACCENT) + ui_mm(u, 2);
  }
  y += ui_mm(u, 2);
  y += ui_staff_line(u, "staff-languages-title", en ? "Languages" : "Talen", y, 1, C_TEXT) + ui_mm(u, 1);
  for (int i = 0; i < u->site->language_count; i++) {
    const site_language *l = &u->site->languages[i];
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "staff-lang-%s", l->code);
    /* the language's own name first, isolated so it keeps its own direction */
    y += ui_staff_line(u, id, ui_sf(u, "\xE2\x81\xA8%s\xE2\x81\xA9 (%s): %s, %s", l->name, l->code,
                       !strcmp(l->code, "nl") ? (en ? "source language" : "brontaal")
                       : l->reviewed ? (en ? "translation reviewed" : "vertaling nagekeken")
                                     : (en ? "translation NOT reviewed" : "vertaling NIET nagekeken"),
                       l->has_audio ? (en ? "audio" : "met audio") : (en ? "no audio" : "zonder audio")),
                       y, 0, C_TEXT) + ui_mm(u, 1);
  }
  y += ui_mm(u, 3);
  ui_staff_time(u, st->last_export_s, a, sizeof a);
  ui_staff_time(u, st->last_receipt_s, b, sizeof b);
  y += ui_staff_line(u, "staff-checkins", ui_sf(u, en ? "Check-ins waiting for export: %ld. Last export: %s. Last receipt: %s."
                                                   : "Check-ins die wachten op export: %ld. Laatste export: %s. Laatste ontvangstbewijs: %s.",
                     st->checkins_waiting, a, b), y, 0, C_TEXT) + ui_mm(u, 2);
  staff_format_bytes(st->disk_free_bytes, a, sizeof a);
  staff_format_bytes(st->disk_total_bytes, b, sizeof b);
  y += ui_staff_line(u, "staff-disk", ui_sf(u, en ? "Free disk: %s of %s." : "Vrije schijfruimte: %s van %s.", a, b), y, 0,
                     st->disk_free_bytes >= 0 && st->disk_free_bytes < 500000000LL ? C_ACCENT : C_TEXT) + ui_mm(u, 2);
  ui_staff_duration(u, st->uptime_s, a, sizeof a);
  ui_staff_duration(u, st->kiosk_uptime_s, b, sizeof b);
  y += ui_staff_line(u, "staff-uptime", ui_sf(u, en ? "Running for: computer %s, kiosk %s." : "Draait: computer %s, kiosk %s.", a, b),
                     y, 0, C_TEXT) + ui_mm(u, 2);
  char gaps[400];   /* searches that found nothing (ui_search.c), never the words */
  y += ui_staff_line(u, "staff-search-gaps", ui_sf(u, "%s", ui_search_gaps_line(en, gaps, sizeof gaps)), y, 0, C_TEXT) + ui_mm(u, 4);
  y += ui_staff_line(u, "staff-errors-title", st->error_count ? (en ? "Recent errors (newest first)" : "Laatste fouten (nieuwste eerst)")
                                                             : (en ? "No errors since the kiosk started." : "Geen fouten sinds de kiosk startte."),
                     y, 1, C_TEXT) + ui_mm(u, 1);
  for (int i = 0; i < st->error_count; i++) {
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "staff-error-%d", i + 1);
    ui_staff_time(u, st->errors[i].wall_s, a, sizeof a);
    y += ui_staff_line(u, id, st->errors[i].repeats > 1 ? ui_sf(u, "%s  %s (%d×)", a, st->errors[i].message, st->errors[i].repeats)
                                                       : ui_sf(u, "%s  %s", a, st->errors[i].message), y, 0, C_MUTED) + ui_mm(u, 1);
  }
  u->content_height = y + u->margin - u->view_y;
}

static void ui_staff_import_screen(ui *u, int y) {
  int col_x, col_w = ui_column(u, &col_x);
  ui_widget *scan = ui_staff_button(u, "staff-scan", ACT_STAFF_SCAN, "", ui_st(u, "scan"), 0, y, 0, 0);
  scan->x = ui_mirror(u, col_x, col_w, 0, scan->w);
  y += scan->h + ui_mm(u, 4);
  y += ui_staff_job(u, y);
  if (u->media_count == 0 && !u->staff_msg[0]) {
    y += ui_staff_line(u, "staff-scan-result", ui_st(u, "no_stick"), y, 1, C_ACCENT) + ui_mm(u, 3);
  } else if (u->media_count && u->pack_count == 0 && !u->staff_msg[0]) {
    y += ui_staff_line(u, "staff-scan-result", ui_sf(u, u->staff_en ? "No content pack found on the USB stick %s (looking for a "
                       ".wwpack file with its .wwpack.minisig)." : "Geen inhoudspakket gevonden op de USB-stick %s (gezocht: een "
                       ".wwpack-bestand met zijn .wwpack.minisig).", u->media[0].label), y, 1, C_ACCENT) + ui_mm(u, 3);
  } else if (u->pack_count) {
    y += ui_staff_line(u, "staff-scan-result", ui_st(u, "choose_pack"), y, 0, C_TEXT) + ui_mm(u, 2);
  }
  for (int i = 0; i < u->pack_count; i++) {
    char id[UI_ID_MAX], size[32], idx[16];
    snprintf(id, sizeof id, "staff-pack-%d", i + 1);
    snprintf(idx, sizeof idx, "%d", i);
    staff_format_bytes(u->packs[i].bytes, size, sizeof size);
    const char *label = ui_sf(u, "%s  (%s, %s)%s", u->packs[i].name, u->media[u->packs[i].medium].label, size,
                              u->packs[i].has_signature ? "" : (u->staff_en ? " no signature" : " zonder handtekening"));
    ui_widget *b = ui_staff_button(u, id, u->job.running ? ACT_NONE : ACT_STAFF_IMPORT, idx, label, col_x, y, col_w, 0);
    y += b->h + u->gap;
  }
  u->content_height = y + u->margin - u->view_y;
}

static void ui_staff_export_screen(ui *u, int y) {
  int col_x, col_w = ui_column(u, &col_x);
  y += ui_staff_line(u, "staff-waiting", ui_sf(u, u->staff_en ? "Check-ins waiting for export: %ld." : "Check-ins die wachten op export: %ld.",
                     u->status.checkins_waiting), y, 0, C_TEXT) + ui_mm(u, 3);
  ui_widget *scan = ui_staff_button(u, "staff-scan", ACT_STAFF_SCAN, "", ui_st(u, "scan"), 0, y, 0, 0);
  scan->x = ui_mirror(u, col_x, col_w, 0, scan->w);
  y += scan->h + ui_mm(u, 4);
  y += ui_staff_job(u, y);
  if (u->media_count == 0 && !u->staff_msg[0])
    y += ui_staff_line(u, "staff-scan-result", ui_st(u, "no_stick"), y, 1, C_ACCENT) + ui_mm(u, 3);
  for (int i = 0; i < u->media_count; i++) {
    char id[UI_ID_MAX], idx[16];
    snprintf(idx, sizeof idx, "%d", i);
    snprintf(id, sizeof id, "staff-export-%d", i + 1);
    ui_widget *b = ui_staff_button(u, id, u->job.running ? ACT_NONE : ACT_STAFF_EXPORT, idx,
                                   ui_sf(u, u->staff_en ? "Export check-ins to %s" : "Check-ins naar %s schrijven", u->media[i].label),
                                   col_x, y, col_w, 1);
    y += b->h + u->gap;
    snprintf(id, sizeof id, "staff-receipts-%d", i + 1);
    b = ui_staff_button(u, id, u->job.running ? ACT_NONE : ACT_STAFF_RECEIPTS, idx,
                        ui_sf(u, u->staff_en ? "Read receipts from %s" : "Ontvangstbewijzen van %s lezen", u->media[i].label),
                        col_x, y, col_w, 0);
    y += b->h + ui_mm(u, 5);
  }
  u->content_height = y + u->margin - u->view_y;
}

/* Staff mode: its own bar (title, language toggle, close), tabs once the PIN is in,
 * then the tab. */
void ui_layout_staff(ui *u) {
  u->staff_arena_used = 0;
  int bar_h = u->target + 2 * ui_mm(u, 2.5), m = ui_mm(u, 3), y0 = (bar_h - u->target) / 2;
  ui_widget *bar = ui_add(u, "bar", "bar");
  bar->fixed = 1; bar->x = 0; bar->y = 0; bar->w = u->width; bar->h = bar_h; bar->bg = C_BAR;
  const char *lang = u->staff_en ? "en" : "nl";
  int size = (int)lround(6.25 * u->ppm) * 4 / 5;
  ui_widget *title = ui_add(u, "staff-title", "title");
  title->fixed = 1; title->text = ui_text(u, ui_st(u, "title"), lang, size, 1, 0, NULL, 0, 0);
  title->label = ui_st(u, "title"); title->text_color = C_ON_BAR;
  title->w = ui_text_w(title->text); title->h = ui_text_h(title->text); title->x = m; title->y = (bar_h - title->h) / 2;
  ui_widget *close = ui_button(u, "staff-close", ACT_STAFF_CLOSE, "", ICON_NONE, ui_st(u, "close"), lang, size, 0, y0, 0,
                               u->target, C_BAR_BUTTON, C_ON_BAR);
  close->fixed = 1; close->x = u->width - m - close->w;
  ui_widget *tl = ui_button(u, "staff-lang", ACT_STAFF_LANG, "", ICON_NONE, ui_st(u, "other_lang"), u->staff_en ? "nl" : "en",
                            size, 0, y0, 0, u->target, C_BAR_BUTTON, C_ON_BAR);
  tl->fixed = 1; tl->x = close->x - u->gap - tl->w;
  u->view_y = bar_h;
  u->view_h = u->height - bar_h;
  int col_x, col_w = ui_column(u, &col_x);
  int y = u->view_y + ui_mm(u, 5);
  if (u->staff_tab != UI_STAFF_PIN) {
    static const char *const tabs[] = { "status", "import", "export" };
    int tw = (col_w - 2 * u->gap) / 3, th = 0;
    for (int i = 0; i < 3; i++) {
      char id[UI_ID_MAX], key[32];
      snprintf(id, sizeof id, "staff-tab-%s", tabs[i]);
      snprintf(key, sizeof key, "tab_%s", tabs[i]);
      int on = u->staff_tab == i + 1;
      ui_widget *t = ui_button(u, id, ACT_STAFF_TAB, tabs[i], ICON_NONE, ui_st(u, key), lang, u->body_px,
                               ui_mirror(u, col_x, col_w, i * (tw + u->gap), tw), y, tw, u->target,
                               on ? C_PRIMARY : C_SURFACE, on ? C_ON_PRIMARY : C_TEXT);
      if (!on) t->border = C_BORDER;
      t->on = on;
      if (t->h > th) th = t->h;
    }
    y += th + ui_mm(u, 6);
  }
  switch (u->staff_tab) {
  case UI_STAFF_PIN: ui_staff_pin(u, y); break;
  case UI_STAFF_STATUS: ui_staff_status_screen(u, y); break;
  case UI_STAFF_IMPORT: ui_staff_import_screen(u, y); break;
  default: ui_staff_export_screen(u, y); break;
  }
}

/* Recomputes every widget of the current screen; keeps the scroll where it can. */
/* ------------------------------------------------------------------ staff mode: actions */

static void ui_staff_scan(ui *u) {
  u->media_count = staffwork_media(u->cfg.staff, u->media, SYS_MEDIA_MAX);
  u->pack_count = staffwork_packs(u->cfg.staff, u->media, u->media_count, u->packs, SYS_MEDIA_PACKS_MAX);
}

static void ui_staff_say(ui *u, int bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void ui_staff_say(ui *u, int bad, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(u->staff_msg, sizeof u->staff_msg, fmt, ap);
  va_end(ap);
  u->staff_msg_bad = bad;
}

/* The PIN pad's message for the current verdict. */
static void ui_staff_pin_message(ui *u) {
  const staff_pin_verdict *v = &u->pin_verdict;
  int en = u->staff_en;
  u->staff_msg[0] = 0;
  switch (v->result) {
  case STAFF_PIN_LOCKED:
    ui_staff_say(u, 1, en ? "Too many wrong PINs: locked. Try again in %d s." :
                 "Te veel verkeerde pincodes: vergrendeld. Probeer het over %d s opnieuw.", v->seconds_left);
    break;
  case STAFF_PIN_NOT_SET:
    ui_staff_say(u, 1, en ? "No staff PIN is set on this kiosk. Set one with: wegwijs --set-pin" :
                 "Er is nog geen pincode ingesteld op deze kiosk. Stel die in met: wegwijs --set-pin");
    break;
  case STAFF_PIN_ERROR:
    ui_staff_say(u, 1, en ? "The PIN file cannot be read (see the error log)." : "Het pincodebestand is niet leesbaar (zie de foutenlijst).");
    break;
  case STAFF_PIN_WRONG:
    if (u->pin_wrong)
      ui_staff_say(u, 1, en ? "Wrong PIN. %d more tries before a lock." : "Verkeerde pincode. Nog %d pogingen voor de vergrendeling.",
                   v->attempts_left);
    break;
  default: break;
  }
}

/* The finished job's outcome in the staff language: one complete sentence. */
static void ui_staff_outcome(ui *u) {
  const staff_usb_result *r = &u->job.result;
  int en = u->staff_en, ok = r->status == STAFF_USB_OK;
  if (u->job.kind == STAFFWORK_IMPORT && ok) {
    ui_staff_say(u, 0, en ? "Installed version %d of pack '%s', signed by content key %d (%s) and verified. The kiosk shows it now." :
                 "Versie %d van pakket '%s' is geïnstalleerd, ondertekend met inhoudssleutel %d (%s) en gecontroleerd. "
                 "De kiosk toont het nu.", r->pack.version, r->pack.name, r->pack.key_slot + 1, r->pack.key_id);
    return;
  }
  if (en) { ui_staff_say(u, !ok, "%s", r->sentence); return; }
  switch (r->status) {
  case STAFF_USB_OK:
    if (u->job.kind == STAFFWORK_EXPORT)
      ui_staff_say(u, 0, "%ld check-ins naar de stick geschreven en teruggelezen. U kunt de stick nu uitnemen.", r->exported);
    else
      ui_staff_say(u, 0, "Ontvangstbewijzen gelezen: %ld check-ins bevestigd door de onderzoekers.", r->exported);
    break;
  case STAFF_USB_NO_STICK: ui_staff_say(u, 1, "Geen USB-stick gevonden."); break;
  case STAFF_USB_NO_PACK:
    ui_staff_say(u, 1, u->job.kind == STAFFWORK_RECEIPTS ? "Geen ontvangstbewijs (.wwr-bestand) op de USB-stick."
                                                          : "Geen inhoudspakket op de USB-stick.");
    break;
  case STAFF_USB_NO_SIGNATURE:
    ui_staff_say(u, 1, "Niet geïnstalleerd: naast het pakket staat geen handtekening (.minisig). Het huidige pakket blijft draaien.");
    break;
  case STAFF_USB_NO_TRUSTED_KEY:
    ui_staff_say(u, 1, "Niet geïnstalleerd: deze kiosk vertrouwt nog geen inhoudssleutel (trusted_key in kiosk.conf). "
                 "Het huidige pakket blijft draaien.");
    break;
  case STAFF_USB_REFUSED:
    ui_staff_say(u, 1, "Geweigerd; het huidige pakket blijft draaien. Reden (Engels): %s", r->sentence);
    break;
  case STAFF_USB_STICK_REMOVED:
    ui_staff_say(u, 1, u->job.kind == STAFFWORK_IMPORT ?
                 "De USB-stick is eruit gehaald voordat het klaar was. Er is niets geïnstalleerd; het huidige pakket blijft draaien." :
                 "De USB-stick is eruit gehaald voordat het klaar was. Er is niets verloren: de check-ins blijven op de kiosk. "
                 "Steek de stick terug en probeer het opnieuw.");
    break;
  default:
    ui_staff_say(u, 1, "Dat is niet gelukt; er is niets verloren. Reden (Engels): %s", r->sentence);
    break;
  }
}

void ui_staff_open(ui *u, long long now) {
  staff_session_enter(&u->staff, staffwork_timeout_s(u->cfg.staff), now);
  u->staff_tab = UI_STAFF_PIN;
  u->staff_en = 0;
  u->pin_wrong = 0;
  memset(u->pin, 0, sizeof u->pin);
  u->job_shown = 0;
  u->pin_verdict = staffwork_pin_status(u->cfg.staff);
  u->pin_looked = now;
  ui_staff_pin_message(u);
  ui_emit(u, "\"event\":\"staff_pin\"");
  ui_push(u, UI_SCREEN_STAFF, "", now);
}

/* Staff actions; returns 1 if action was one. */
int ui_staff_activate(ui *u, int action, const char *target, long long now) {
  if (!u->cfg.staff) return action >= ACT_STAFF_KEY;
  int index = atoi(target);
  switch (action) {
  case ACT_STAFF_KEY:
    if (strlen(u->pin) < STAFF_PIN_MAX_DIGITS && target[0] >= '0' && target[0] <= '9') {
      size_t n = strlen(u->pin);
      u->pin[n] = target[0];
      u->pin[n + 1] = 0;
    }
    u->pin_wrong = 0;
    ui_staff_pin_message(u);
    break;
  case ACT_STAFF_ERASE:
    if (u->pin[0]) u->pin[strlen(u->pin) - 1] = 0;
    break;
  case ACT_STAFF_ENTER: {
    if (!staff_pin_format_ok(u->pin)) {
      ui_staff_say(u, 1, u->staff_en ? "A PIN has 6 to 8 digits." : "Een pincode heeft 6 tot 8 cijfers.");
      break;
    }
    u->pin_verdict = staffwork_pin_check(u->cfg.staff, u->pin);
    memset(u->pin, 0, sizeof u->pin);
    u->pin_wrong = u->pin_verdict.result == STAFF_PIN_WRONG;
    u->pin_looked = now;
    /* the hash took a while: that was not idle time */
    staff_session_input(&u->staff, now);
    if (u->pin_verdict.result == STAFF_PIN_OK) {
      u->staff_tab = UI_STAFF_STATUS;
      u->staff_msg[0] = 0;
      staffwork_status(u->cfg.staff, &u->status);
      ui_emit(u, "\"event\":\"staff_opened\"");
    } else {
      ui_staff_pin_message(u);
      ui_emit(u, "\"event\":\"staff_pin_refused\",\"locked\":%s", u->pin_verdict.result == STAFF_PIN_LOCKED ? "true" : "false");
    }
    break;
  }
  case ACT_STAFF_TAB:
    u->staff_tab = !strcmp(target, "import") ? UI_STAFF_IMPORT : !strcmp(target, "export") ? UI_STAFF_EXPORT : UI_STAFF_STATUS;
    if (!u->job.running) { u->staff_msg[0] = 0; u->job_shown = 0; }
    staffwork_status(u->cfg.staff, &u->status);
    if (u->staff_tab != UI_STAFF_STATUS) ui_staff_scan(u);
    ui_top(u)->scroll = 0;
    break;
  case ACT_STAFF_LANG:
    u->staff_en = !u->staff_en;
    if (u->staff_tab == UI_STAFF_PIN) ui_staff_pin_message(u);
    else if (u->job_shown && !u->job.running) ui_staff_outcome(u);
    break;
  case ACT_STAFF_CLOSE:
    ui_reset_session(u, now, "staff_closed");
    return 1;
  case ACT_STAFF_VOLUME:
    if (!strcmp(target, "test")) { ui_listen_test(u); break; }
    {
      int v = staffwork_volume(u->cfg.staff) + (!strcmp(target, "up") ? STAFF_VOLUME_STEP : -STAFF_VOLUME_STEP);
      int saved = staffwork_set_volume(u->cfg.staff, v) == 0;
      v = staffwork_volume(u->cfg.staff);
      if (u->cfg.audio.set_volume) u->cfg.audio.set_volume(u->cfg.audio.ctx, v);
      ui_emit(u, "\"event\":\"staff_volume\",\"percent\":%d,\"saved\":%s", v, saved ? "true" : "false");
    }
    break;
  case ACT_STAFF_SCAN:
    if (!u->job.running) { u->staff_msg[0] = 0; u->job_shown = 0; }
    ui_staff_scan(u);
    staffwork_status(u->cfg.staff, &u->status);
    break;
  case ACT_STAFF_IMPORT: case ACT_STAFF_EXPORT: case ACT_STAFF_RECEIPTS: {
    int bad = action == ACT_STAFF_IMPORT ? index < 0 || index >= u->pack_count : index < 0 || index >= u->media_count;
    if (bad) break;
    int rc = action == ACT_STAFF_IMPORT ? staffwork_start_import(u->cfg.staff, &u->packs[index])
           : action == ACT_STAFF_EXPORT ? staffwork_start_export(u->cfg.staff, &u->media[index])
           : staffwork_start_receipts(u->cfg.staff, &u->media[index]);
    if (rc != 0) break;
    u->staff_msg[0] = 0;
    u->job_shown = 1;
    staffwork_poll(u->cfg.staff, &u->job);
    ui_emit(u, "\"event\":\"staff_job\",\"kind\":\"%s\"", action == ACT_STAFF_IMPORT ? "import" :
            action == ACT_STAFF_EXPORT ? "export" : "receipts");
    break;
  }
  default: return 0;
  }
  ui_relayout(u);
  return 1;
}

/* Staff mode's share of ui_tick: job progress, the lock countdown and the staff idle
 * timer. Returns 1 if the screen changed. */
int ui_staff_tick(ui *u, long long now, int *wait) {
  int changed = 0;
  staffwork_progress p;
  staffwork_poll(u->cfg.staff, &p);
  if (p.running || p.finished) {
    staff_session_input(&u->staff, now);   /* a job in progress is not idle time */
    if (p.finished || p.percent != u->job.percent || strcmp(p.stage, u->job.stage)) {
      u->job = p;
      if (p.finished) {
        u->job.running = 0;
        ui_staff_outcome(u);
        ui_staff_scan(u);
        staffwork_status(u->cfg.staff, &u->status);
        ui_emit(u, "\"event\":\"staff_job_done\",\"ok\":%s", p.result.status == STAFF_USB_OK ? "true" : "false");
      }
      ui_relayout(u);
      changed = 1;
    }
    if (p.running && *wait > 50) *wait = 50;
  }
  if (u->staff_tab == UI_STAFF_PIN && u->pin_verdict.result == STAFF_PIN_LOCKED && now - u->pin_looked >= 1000) {
    u->pin_looked = now;
    u->pin_verdict = staffwork_pin_status(u->cfg.staff);
    ui_staff_pin_message(u);
    ui_relayout(u);
    changed = 1;
  }
  if (staff_session_tick(&u->staff, now)) {
    ui_reset_session(u, now, "staff_timeout");
    return 1;
  }
  int left = staff_session_seconds_left(&u->staff, now);
  if (left > 0 && left * 1000 < *wait) *wait = left * 1000;
  return changed;
}

