/* ui_checkin.c — the resident's check-in screens: consent (read aloud), the age gate,
 * the signed pack's questions as pictogram tiles, a "saving" frame, then the same
 * thank-you + help screen whatever was answered. The answers live in the core session
 * (app/checkin/checkin.c) only; the UI draws its step and forwards taps (UI.md). */
#include "ui/ui_checkin.h"
#include <string.h>          /* strcmp */
#include <time.h>            /* time: the record's day and part of day */
#include "system/errlog.h"   /* sys_log_error: the staff status screen */
#include "ui/ui_internal.h"
#include "util/util.h"

enum {
  CK_SAVE_FRAME_MS = 250,    /* save even when no frame gets drawn (a ui driven without a screen) */
  CK_TILES_MAX = RECORD_MAX_CHOICES
};

/* One answer tile: pictogram over a label. */
typedef struct {
  const char *id, *target, *label, *pictogram;
  int action, selected;
} ck_tile;


/* The consent screen's texts, in reading order: its heading, then the points. */
static const char *const ck_consent_keys[] = { "checkin_entry", "checkin_anonymous", "checkin_not_shared",
                                               "checkin_skip_stop", "checkin_adults" };
/* ------------------------------------------------------------------ life cycle */

void ui_checkin_init(ui *u) {
  checkin_context ctx = { NULL, u->cfg.checkin_store, "" };
  ui_copy(ctx.site_code, sizeof ctx.site_code, u->cfg.site_code);
  checkin_session_init(&u->checkin, &ctx);
}

int ui_checkin_offered(const ui *u) {
  const site *s = u->site;
  return s && s->question_count > 0 && s->has_researcher_pk && u->cfg.checkin_store &&
         u->cfg.site_code && u->cfg.site_code[0];
}

void ui_checkin_abandon(ui *u) {
  checkin_session_reset(&u->checkin);   /* wipes unsent answers; stores nothing */
  /* the site may be released next: the idle session must not point into it */
  u->checkin.ctx.site = NULL;
  u->checkin_lock_shown = 0;
}

void ui_checkin_begin(ui *u, long long now) {
  if (!ui_checkin_offered(u)) return;
  /* the site of the language chosen now; the language cannot change until it ends */
  u->checkin.ctx.site = u->site;
  if (checkin_session_start(&u->checkin, now) != 0) {
    sys_log_error("check-in not started: %s", checkin_session_error(&u->checkin));
    u->checkin.ctx.site = NULL;
    return;
  }
  u->checkin_drawn = 0;
  ui_push(u, UI_SCREEN_CHECKIN, "", now);
}

int ui_checkin_input_locked(const ui *u, long long now) {
  return ui_top_c(u)->screen == UI_SCREEN_CHECKIN && checkin_session_locked(&u->checkin, now);
}

void ui_checkin_drawn(ui *u) { u->checkin_drawn = 1; }

const char *ui_checkin_event_id(int action, const char *id) {
  return action == ACT_CK_ANSWER ? "checkin-answer" : action == ACT_CK_AGE ? "checkin-age" : id;
}

const char *ui_checkin_state(const ui *u, char *buf, size_t len) {
  int index = 0;
  switch (checkin_session_step(&u->checkin)) {
  case CHECKIN_CONSENT: return "consent";
  case CHECKIN_AGE: return "age";
  case CHECKIN_UNDER_AGE: return "under-age";
  case CHECKIN_QUESTION:
    checkin_session_question(&u->checkin, &index, NULL);
    snprintf(buf, len, "question-%d", index + 1);
    return buf;
  case CHECKIN_SAVE: return "saving";
  case CHECKIN_THANKS: return "thanks";
  case CHECKIN_FAILED: return "failed";
  default: return "idle";
  }
}

/* ------------------------------------------------------------------ navigation */

/* A new step: fresh tap guard (a double tap never answers two questions), top of the
 * screen, new layout. */
static void ck_step_changed(ui *u, long long now) {
  u->guard_until = now + u->cfg.guard_ms;
  u->velocity = 0;
  u->pressed = -1;
  u->dragging = 0;
  ui_top(u)->scroll = 0;
  u->checkin_drawn = 0;
  if (checkin_session_step(&u->checkin) == CHECKIN_SAVE) u->checkin_save_since = now;
  ui_relayout(u);
}

/* Stop, done, or a step that leads nowhere: the check-in ends, back to the route. */
static void ck_leave(ui *u, long long now) {
  ui_checkin_abandon(u);
  u->depth = 1;
  u->history[0] = (ui_entry){ .screen = UI_SCREEN_ROUTE };
  ui_screen_changed(u, now);
}

int ui_checkin_activate(ui *u, int action, const char *target, long long now) {
  checkin_session *s = &u->checkin;
  int before_q = -1, after_q = -1;
  const site_question *q = checkin_session_question(s, &before_q, NULL);
  switch (action) {
  case ACT_CK_CONSENT: checkin_session_consent(s, 1); break;
  case ACT_CK_STOP: case ACT_CK_DONE: ck_leave(u, now); return 1;
  case ACT_CK_AGE: checkin_session_age(s, !strcmp(target, "yes")); break;
  case ACT_CK_ANSWER:
    if (checkin_session_answer(s, target) != 0) return 1;   /* not on this question: ignore */
    break;
  case ACT_CK_NEXT: checkin_session_next(s); break;
  case ACT_CK_SKIP: checkin_session_skip(s); break;
  case ACT_CK_BACK: checkin_session_back(s); break;
  case ACT_CK_LISTEN:
    /* the audio hook: what to read (consent or a question id, never an answer) */
    ui_emit(u, "\"event\":\"listen\",\"screen\":\"checkin\",\"key\":\"%s\",\"audio_id\":%d",
            q ? q->id : "consent", q ? q->audio_id : site_ui_audio(u->site, ck_consent_keys[0]));
    if (q) ui_listen_question(u, q);   /* the question, then each answer (ui_listen.c) */
    else ui_listen_keys(u, "checkin:consent", ck_consent_keys, (int)UTIL_COUNT(ck_consent_keys));
    return 1;
  default: return 0;
  }
  checkin_step step = checkin_session_step(s);
  if (step == CHECKIN_IDLE) { ck_leave(u, now); return 1; }
  checkin_session_question(s, &after_q, NULL);
  if (action == ACT_CK_ANSWER && q && q->multiple && step == CHECKIN_QUESTION && after_q == before_q) {
    /* a toggle: same screen, same scroll */
    ui_relayout(u);
    return 1;
  }
  ck_step_changed(u, now);
  return 1;
}

int ui_checkin_tick(ui *u, long long now, int *wait) {
  checkin_session *s = &u->checkin;
  switch (checkin_session_step(s)) {
  case CHECKIN_SAVE:
    /* the "saving" frame first, then the save (its COMMIT fsyncs) */
    if (!u->checkin_drawn && now - u->checkin_save_since < CK_SAVE_FRAME_MS) {
      if (*wait > 16) *wait = 16;
      return 0;
    }
    if (checkin_session_finish(s, (long long)time(NULL), now) == 0) {
      ui_emit(u, "\"event\":\"checkin_saved\"");
    } else {
      sys_log_error("check-in not saved: %s", checkin_session_error(s));
      ui_emit(u, "\"event\":\"checkin_failed\"");
    }
    u->checkin_lock_shown = checkin_session_locked(s, now);
    ck_step_changed(u, now);
    if (u->checkin_lock_shown && *wait > CHECKIN_LOCK_MS) *wait = CHECKIN_LOCK_MS;
    return 1;
  case CHECKIN_THANKS:
    if (!u->checkin_lock_shown) return 0;
    if (checkin_session_locked(s, now)) {
      long long left = s->locked_until_ms - now;
      if (left < *wait) *wait = (int)(left < 1 ? 1 : left);
      return 0;
    }
    u->checkin_lock_shown = 0;   /* the "done" button wakes up */
    ui_relayout(u);
    return 1;
  default: return 0;
  }
}

/* ------------------------------------------------------------------ layout helpers */

/* Lays the buttons b[0..n) out in rows from the start edge (or flush with the end
 * edge), wrapping when a row is full. Returns the height used. */
static int ck_flow(ui *u, ui_widget **b, int n, int col_x, int col_w, int y, int at_end) {
  int y0 = y, i = 0;
  while (i < n) {
    int k = i, row_w = 0, row_h = 0;
    while (k < n && (k == i || row_w + u->gap + b[k]->w <= col_w)) {
      row_w += (k > i ? u->gap : 0) + b[k]->w;
      if (b[k]->h > row_h) row_h = b[k]->h;
      k++;
    }
    int x = at_end ? col_w - row_w : 0;
    for (int j = i; j < k; j++) {
      if (b[j]->w > col_w) b[j]->w = col_w;
      b[j]->x = ui_mirror(u, col_x, col_w, x, b[j]->w);
      b[j]->y = y + (row_h - b[j]->h) / 2;
      x += b[j]->w + u->gap;
    }
    y += row_h + u->gap;
    i = k;
  }
  return y - y0 - u->gap;
}

static ui_widget *ck_button(ui *u, const char *id, int action, const char *target, int icon, const char *key,
                            int primary) {
  ui_widget *b = ui_button(u, id, action, target, icon, ui_string(u, key), ui_lang(u), u->body_px, 0, 0, 0,
                           u->target, primary ? C_PRIMARY : C_SURFACE, primary ? C_ON_PRIMARY : C_TEXT);
  if (!primary) b->border = C_BORDER;
  return b;
}

/* Width in px of s laid out on one line. */
static int ck_line_width(ui *u, const char *s, int size) {
  text_layout *l = ui_text(u, s, ui_lang(u), size, 0, 0, NULL, 0, 0);
  int w = ui_text_w(l);
  text_layout_free(l);
  return w;
}

/* One tile; the caller places it. beside = pictogram at the start with the label next
 * to it (a list row), else pictogram over a centred label. */
static ui_widget *ck_tile_add(ui *u, const ck_tile *t, int beside, int tile_w, int pic, int pad) {
  int on = t->selected;
  ui_widget *w = ui_add(u, t->id, "answer");
  w->action = t->action;
  ui_copy(w->target, sizeof w->target, t->target);
  w->bg = on ? C_PRIMARY : C_SURFACE;
  w->border = on ? C_NONE : C_BORDER;
  w->radius = ui_mm(u, 3);
  w->on = on;
  w->icon = ICON_PICTOGRAM; w->icon_color = C_PRIMARY; w->isize = pic;
  w->image = ui_image(u, t->pictogram, (int)(pic * UI_DISC_PICTURE));
  w->w = tile_w;
  w->label = t->label;
  w->text_color = on ? C_ON_PRIMARY : C_TEXT;
  if (beside) {
    int box = ui_mm(u, 8), text_w = tile_w - 3 * pad - pic - box;   /* room for the checkbox */
    w->text = ui_text(u, t->label, ui_lang(u), u->body_px, 0, text_w, NULL, 0, 0);
    int th = ui_text_h(w->text);
    w->h = (th > pic ? th : pic) + 2 * pad;
    w->ix = ui_rtl(u) ? tile_w - pad - pic : pad; w->iy = (w->h - pic) / 2;
    w->tx = ui_rtl(u) ? pad + box : 2 * pad + pic; w->ty = (w->h - th) / 2;
  } else {
    w->text = ui_text(u, t->label, ui_lang(u), u->body_px, 0, tile_w - 2 * pad, NULL, 0, 1);
    w->ix = (tile_w - pic) / 2; w->iy = pad;
    w->tx = pad; w->ty = pad + pic + ui_mm(u, 2);
    w->h = w->ty + ui_text_h(w->text) + pad;
  }
  return w;
}

/* Answer tiles, mirrored in RTL. Up to five short labels (faces, yes/no): one row of
 * pictograms over their labels, no label longer than three lines and no word broken.
 * Else a list of rows, pictogram beside the label, two columns for six or more where
 * they fit. Multiple
 * choice adds a checkbox to each tile. Returns the height. */
static int ck_tiles(ui *u, const ck_tile *t, int n, int multiple, int col_x, int col_w, int y) {
  if (n <= 0) return 0;
  int pad = ui_mm(u, 3), gap = u->gap, y0 = y;
  int tile_w = (col_w - (n - 1) * gap) / n;
  if (tile_w > ui_mm(u, 75)) tile_w = ui_mm(u, 75);
  int one_row = n <= 5 && tile_w >= ui_mm(u, 28);
  for (int i = 0; i < n && one_row; i++)
    one_row = ui_widest_word(u, t[i].label, ui_lang(u), u->body_px, 0) <= tile_w - 2 * pad &&
              ck_line_width(u, t[i].label, u->body_px) <= 3 * (tile_w - 2 * pad) * 9 / 10;
  /* a list keeps a short scale in one column, so its order reads at a glance */
  int cols = one_row ? n : n >= 6 && col_w >= ui_mm(u, 150) ? 2 : 1;
  if (!one_row) tile_w = (col_w - (cols - 1) * gap) / cols;
  int pic = ui_mm(u, one_row ? (u->large_text ? 26 : 20) : (u->large_text ? 20 : 15));
  if (pic > tile_w - 2 * pad) pic = tile_w - 2 * pad;
  int rows = (n + cols - 1) / cols;
  for (int r = 0; r < rows; r++) {
    int first = r * cols, last = first + cols < n ? first + cols : n, count = last - first;
    int row_w = one_row ? count * tile_w + (count - 1) * gap : col_w;
    int start = (col_w - row_w) / 2, row_h = 0;
    ui_widget *row[CK_TILES_MAX];
    for (int i = first; i < last; i++) {
      ui_widget *w = ck_tile_add(u, &t[i], !one_row, tile_w, pic, pad);
      w->x = ui_mirror(u, col_x, col_w, start + (i - first) * (tile_w + gap), tile_w);
      w->y = y;
      if (w->h > row_h) row_h = w->h;
      row[i - first] = w;
    }
    for (int k = 0; k < count; k++) {
      if (!one_row) row[k]->iy += (row_h - row[k]->h) / 2, row[k]->ty += (row_h - row[k]->h) / 2;
      row[k]->h = row_h;
      if (!multiple) continue;
      /* a checkbox in the tile's top end corner says "you may choose several" */
      int box = ui_mm(u, 8), inset = ui_mm(u, 1.5);
      ui_widget *c = ui_add(u, "", "check");
      c->icon = row[k]->on ? ICON_CHECKBOX_ON : ICON_CHECKBOX;
      c->icon_color = row[k]->on ? C_ON_PRIMARY : C_PRIMARY;
      c->bg = row[k]->bg;   /* the box's inside */
      c->isize = c->w = c->h = box;
      c->x = ui_rtl(u) ? row[k]->x + inset : row[k]->x + row[k]->w - box - inset;
      c->y = one_row ? y + inset : y + (row_h - box) / 2;
    }
    y += row_h + gap;
  }
  return y - y0 - gap;
}

/* Short bullet points (the consent's promises), each with a dot at the start. */
static int ck_points(ui *u, const char *const *keys, int n, int col_x, int col_w, int y) {
  int y0 = y, indent = ui_mm(u, 9), line_h = 0, ascent = 0;
  text_line_metrics(u->cfg.fonts, ui_lang(u), u->body_px, &line_h, &ascent);
  for (int i = 0; i < n; i++) {
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "checkin-point-%d", i + 1);
    ui_widget *dot = ui_add(u, "", "bullet");
    int d = ui_mm(u, 2.2);
    dot->icon = ICON_DOT; dot->icon_color = C_PRIMARY; dot->isize = dot->w = dot->h = d;
    dot->y = y + ui_px(line_h) / 2 - d / 2;
    ui_widget *p = ui_add(u, id, "bullet");
    p->text = ui_text(u, ui_string(u, keys[i]), ui_lang(u), u->body_px, 0, col_w - indent, NULL, 0, 0);
    p->label = ui_string(u, keys[i]);
    p->w = col_w - indent; p->h = ui_text_h(p->text); p->y = y;
    /* an untranslated (Dutch) point reads left to right: its dot goes on the left */
    int rtl = ui_rtl(u) && p->text && p->text->rtl;
    dot->x = rtl ? col_x + col_w - ui_mm(u, 2.5) - d : col_x + ui_mm(u, 2.5);
    p->x = rtl ? col_x : col_x + indent;
    y += p->h + ui_mm(u, 3);
  }
  return y - y0;
}

/* The title row with the check-in's pictogram at the start; returns the height. */
static int ck_header(ui *u, const char *title, int col_x, int col_w, int y) {
  int pic = ui_mm(u, u->large_text ? 26 : 18), pgap = ui_mm(u, 4);
  ui_widget *p = ui_add(u, "checkin-pictogram", "pictogram");
  p->icon = ICON_PICTOGRAM; p->icon_color = C_PRIMARY; p->isize = p->w = p->h = pic;
  p->image = ui_image(u, "checkin", (int)(pic * UI_DISC_PICTURE));
  p->x = ui_mirror(u, col_x, col_w, 0, pic); p->y = y;
  int tw = col_w - pic - pgap;
  ui_widget *t = ui_add(u, "title", "title");
  t->text = ui_text(u, title, ui_lang(u), u->title_px, 1, tw, NULL, 0, 0);
  t->label = title;
  t->w = tw; t->h = ui_text_h(t->text);
  t->x = ui_mirror(u, col_x, col_w, pic + pgap, tw);
  t->y = t->h < pic ? y + (pic - t->h) / 2 : y;
  return t->h > pic ? t->h : pic;
}

/* "Where to get help": the same on every closing screen, whatever was answered. */
static int ck_help(ui *u, int col_x, int col_w, int y) {
  int y0 = y;
  y += ui_paragraph(u, "checkin-help", "heading", ui_string(u, "help_title"), ui_lang(u), u->body_px * 5 / 4, 1,
                    NULL, 0, col_x, y, col_w, C_TEXT) + ui_mm(u, 3);
  y += ui_contact_cards(u, col_x, col_w, y);
  return y - y0;
}

/* The way on, fixed at the bottom of the window so it is always in reach however long
 * the screen is: b[0..n_start) from the start edge (stop, previous question), the rest
 * flush with the end edge (skip, then next or continue outermost). The scrolling
 * content ends above it. On a narrow screen the start buttons drop their labels (the
 * dump keeps them). The pointers in b are not valid afterwards. */
static void ck_nav(ui *u, ui_widget **b, int n, int n_start, int col_x, int col_w) {
  int pad = ui_mm(u, 2.5), nav_h = u->target + 2 * pad, top = u->height - nav_h;
  ui_widget *bar = ui_add(u, "checkin-nav", "bar");
  bar->fixed = 1; bar->bg = C_SURFACE; bar->border = C_BORDER;
  bar->x = -ui_mm(u, 1); bar->y = top; bar->w = u->width + ui_mm(u, 2); bar->h = nav_h + ui_mm(u, 1);
  int used = 0;
  for (int i = 0; i < n; i++) used += b[i]->w + (i ? u->gap : 0);
  for (int i = 0; i < n_start && used > col_w; i++) {
    used -= b[i]->w - u->target;
    b[i]->w = u->target; b[i]->ix = (b[i]->w - b[i]->isize) / 2;
    text_layout_free(b[i]->text); b[i]->text = NULL;
  }
  int x = 0;
  for (int i = 0; i < n_start; i++) {
    b[i]->fixed = 1; b[i]->x = ui_mirror(u, col_x, col_w, x, b[i]->w); b[i]->y = top + pad;
    x += b[i]->w + u->gap;
  }
  x = col_w;
  for (int i = n - 1; i >= n_start; i--) {
    x -= b[i]->w;
    b[i]->fixed = 1; b[i]->x = ui_mirror(u, col_x, col_w, x, b[i]->w); b[i]->y = top + pad;
    x -= u->gap;
  }
  u->view_h = top - u->view_y;
  /* the bar was added after its buttons: move it in front of them so it draws beneath */
  int first = (int)(b[0] - u->widgets), last = u->widget_count - 1;
  for (int i = 1; i < n; i++) if ((int)(b[i] - u->widgets) < first) first = (int)(b[i] - u->widgets);
  ui_widget moved = u->widgets[last];
  memmove(&u->widgets[first + 1], &u->widgets[first], sizeof u->widgets[0] * (size_t)(last - first));
  u->widgets[first] = moved;
}

/* ------------------------------------------------------------------ screens */

static int ck_consent(ui *u, int col_x, int col_w, int y) {
  y += ck_header(u, ui_string(u, "checkin_entry"), col_x, col_w, y) + ui_mm(u, 4);
  /* read aloud: the heading, then each point (clips of those UI strings in the pack);
   * no button where the language has no voice, rather than one that plays nothing */
  if (ui_listen_keys_available(u, ck_consent_keys, (int)UTIL_COUNT(ck_consent_keys))) {
    ui_widget *listen = ck_button(u, "checkin-listen", ACT_CK_LISTEN, "", ICON_SPEAKER, "listen", 1);
    y += ck_flow(u, &listen, 1, col_x, col_w, y, 0);
  }
  y += ui_mm(u, 5);
  y += ck_points(u, ck_consent_keys + 1, (int)UTIL_COUNT(ck_consent_keys) - 1, col_x, col_w, y);
  ui_widget *b[2] = { ck_button(u, "checkin-stop", ACT_CK_STOP, "", ICON_STOP, "stop", 0),
                      ck_button(u, "checkin-agree", ACT_CK_CONSENT, "", ICON_FORWARD, "continue", 1) };
  ck_nav(u, b, 2, 1, col_x, col_w);
  return y;
}

static int ck_age(ui *u, int col_x, int col_w, int y) {
  y += ck_header(u, ui_string(u, "checkin_adult"), col_x, col_w, y) + ui_mm(u, 6);
  /* the answer is asked with pictograms and never kept */
  const ck_tile t[2] = {
    { "checkin-age-yes", "yes", ui_string(u, "yes"), "age-yes", ACT_CK_AGE, 0 },
    { "checkin-age-no", "no", ui_string(u, "no"), "age-no", ACT_CK_AGE, 0 },
  };
  y += ck_tiles(u, t, 2, 0, col_x, col_w, y);
  ui_widget *stop = ck_button(u, "checkin-stop", ACT_CK_STOP, "", ICON_STOP, "stop", 0);
  ck_nav(u, &stop, 1, 1, col_x, col_w);
  return y;
}

static int ck_question(ui *u, int col_x, int col_w, int y) {
  int index = 0, count = 0;
  const site_question *q = checkin_session_question(&u->checkin, &index, &count);
  if (!q) return y;
  /* top row: where you are ("2 / 6", digits left to right in every language), then
   * listen and stop at the end */
  char *progress = u->checkin_progress;
  snprintf(progress, sizeof u->checkin_progress, "%d / %d", index + 1, count);
  ui_widget *pr = ui_add(u, "checkin-progress", "text");
  pr->text = ui_text(u, progress, "nl", u->body_px, 1, 0, NULL, 0, 0);
  pr->label = progress; pr->text_color = C_MUTED;
  pr->w = ui_text_w(pr->text); pr->h = ui_text_h(pr->text);
  ui_widget *top[2];
  int ntop = 0;
  if (ui_listen_question_available(u, q))   /* no dead listen button where there is no audio */
    top[ntop++] = ck_button(u, "checkin-listen", ACT_CK_LISTEN, "", ICON_SPEAKER, "listen", 0);
  top[ntop++] = ck_button(u, "checkin-stop", ACT_CK_STOP, "", ICON_STOP, "stop", 0);
  int row_h = ck_flow(u, top, ntop, col_x + pr->w + u->gap, col_w - pr->w - u->gap, y, 1);
  if (ui_rtl(u))   /* ck_flow mirrored inside the narrower box: shift it past the progress */
    for (int i = 0; i < ntop; i++) top[i]->x -= pr->w + u->gap;
  pr->x = ui_mirror(u, col_x, col_w, 0, pr->w);
  pr->y = y + (row_h - pr->h) / 2;
  y += row_h + ui_mm(u, 4);
  y += ui_paragraph(u, "checkin-question", "title", q->text, ui_lang(u), u->title_px, 1, NULL, 0, col_x, y, col_w,
                    C_TEXT) + ui_mm(u, 4);
  if (q->example && q->example[0])   /* the worked example comes before the answers */
    y += ui_callout(u, "checkin-example", q->example, NULL, 0, col_x, y, col_w) + ui_mm(u, 4);
  ck_tile t[CK_TILES_MAX];
  static char ids[CK_TILES_MAX][UI_ID_MAX];   /* copied into the widgets at once */
  int n = q->answer_count < CK_TILES_MAX ? q->answer_count : CK_TILES_MAX;
  for (int i = 0; i < n; i++) {
    snprintf(ids[i], sizeof ids[i], "checkin-answer-%s", q->answers[i].code);
    t[i] = (ck_tile){ ids[i], q->answers[i].code, q->answers[i].label, q->answers[i].pictogram, ACT_CK_ANSWER,
                      checkin_session_selected(&u->checkin, i) };
  }
  y += ck_tiles(u, t, n, q->multiple, col_x, col_w, y);
  ui_widget *b[3];
  int nb = 0, n_start = index > 0;
  if (n_start) b[nb++] = ck_button(u, "checkin-back", ACT_CK_BACK, "", ICON_BACK, "previous", 0);
  b[nb++] = ck_button(u, "checkin-skip", ACT_CK_SKIP, "", ICON_SKIP, "checkin_skip", 0);
  if (q->multiple) b[nb++] = ck_button(u, "checkin-next", ACT_CK_NEXT, "", ICON_FORWARD, "next", 1);
  ck_nav(u, b, nb, n_start, col_x, col_w);
  return y;
}

/* Thank-you, under-age and failed share one shape: a sentence, "done", then help. */
static int ck_closing(ui *u, const char *key, int col_x, int col_w, int y, int locked) {
  y += ck_header(u, ui_string(u, key), col_x, col_w, y) + ui_mm(u, 5);
  ui_widget *done = ck_button(u, "checkin-done", locked ? ACT_NONE : ACT_CK_DONE, "", ICON_HOME, "done", !locked);
  if (locked) { done->bg = C_CHIP; done->text_color = done->icon_color = C_MUTED; done->border = C_NONE; }
  y += ck_flow(u, &done, 1, col_x, col_w, y, 0) + ui_mm(u, 8);
  return y + ck_help(u, col_x, col_w, y);
}

void ui_checkin_layout(ui *u) {
  int col_x, col_w = ui_column(u, &col_x);
  int y = u->view_y + ui_mm(u, 5);
  switch (checkin_session_step(&u->checkin)) {
  case CHECKIN_CONSENT: y = ck_consent(u, col_x, col_w, y); break;
  case CHECKIN_AGE: y = ck_age(u, col_x, col_w, y); break;
  case CHECKIN_UNDER_AGE: y = ck_closing(u, "checkin_adult_only", col_x, col_w, y, 0); break;
  case CHECKIN_QUESTION: y = ck_question(u, col_x, col_w, y); break;
  case CHECKIN_SAVE:
    y += ck_header(u, ui_string(u, "checkin_saving"), col_x, col_w, y);
    break;
  case CHECKIN_THANKS: y = ck_closing(u, "checkin_thanks", col_x, col_w, y, u->checkin_lock_shown); break;
  case CHECKIN_FAILED: y = ck_closing(u, "checkin_failed", col_x, col_w, y, 0); break;
  default: break;   /* idle: ui.c leaves this screen before it is drawn again */
  }
  u->content_height = y + u->margin - u->view_y;
}
