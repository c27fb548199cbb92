/* ui_internal.h — what the parts of app/ui share and nothing outside app/ui sees: the
 * widget, struct ui, colour roles, actions, and the layout helpers of ui.c that the
 * check-in screens (ui_checkin.c) build on. Not a public interface: use ui.h. */
#ifndef WEGWIJS_UI_INTERNAL_H
#define WEGWIJS_UI_INTERNAL_H
#include <math.h>             /* lround */
#include <stdio.h>            /* snprintf */
#include "checkin/checkin.h"  /* checkin_session */
#include "search/keyboard.h"  /* search_keyboard_state */
#include "search/search.h"    /* search_hit */
#include "staff/staffwork.h"
#include "ui/ui.h"

enum { ICON_NONE, ICON_BACK, ICON_HOME, ICON_GLOBE, ICON_SPEAKER, ICON_CHECKBOX,
       ICON_CHECKBOX_ON, ICON_PICTOGRAM, ICON_DOT, ICON_INFO, ICON_QUESTION, ICON_PHONE,
       ICON_HEART, ICON_FORWARD, ICON_STOP, ICON_SKIP, ICON_LARGE_TEXT, ICON_CONTRAST,
       ICON_DUTCH, ICON_TOUCH, ICON_SEARCH, ICON_SHIFT, ICON_DELETE, ICON_SPACE, ICON_CLEAR };

enum { UI_NAV_STEPS = 16,     /* questions on one path through the navigator's tree */
       UI_CHOOSE_MAX = 24,    /* "choose your language" lines on the language screen */
       UI_LISTEN_UNITS = 96,  /* text units in one ui_listen_units play */
       UI_CORNER_MM = 12 };   /* the hidden staff corner: this wide at the bar's end */

/* Staff mode's tabs; the PIN pad comes first. */
enum { UI_STAFF_PIN, UI_STAFF_STATUS, UI_STAFF_IMPORT, UI_STAFF_EXPORT };

enum { ACT_NONE, ACT_BACK, ACT_HOME, ACT_LANGUAGE_SCREEN, ACT_SET_LANGUAGE, ACT_OPEN_PAGE,
       ACT_OPEN_SCREEN, ACT_TOGGLE_LARGE, ACT_TOGGLE_CONTRAST, ACT_TOGGLE_DUTCH, ACT_LISTEN,
       ACT_CHECKIN, ACT_CONTINUE, ACT_STAFF_KEY, ACT_STAFF_ERASE, ACT_STAFF_ENTER, ACT_STAFF_TAB,
       ACT_STAFF_LANG, ACT_STAFF_CLOSE, ACT_STAFF_SCAN, ACT_STAFF_IMPORT, ACT_STAFF_EXPORT,
       ACT_STAFF_RECEIPTS, ACT_LISTEN_UNITS, ACT_STAFF_VOLUME,
       /* the check-in (ui_checkin.c) */
       ACT_CK_CONSENT, ACT_CK_STOP, ACT_CK_AGE, ACT_CK_ANSWER, ACT_CK_NEXT, ACT_CK_SKIP,
       ACT_CK_BACK, ACT_CK_DONE, ACT_CK_LISTEN,
       /* the navigator (ui_navigator.c) */
       ACT_NAV_BEGIN, ACT_NAV_ANSWER, ACT_NAV_BACK, ACT_NAV_STOP, ACT_NAV_LISTEN,
       /* search (ui_search.c) */
       ACT_SEARCH_OPEN, ACT_SEARCH_KEY, ACT_SEARCH_CLEAR, ACT_SEARCH_RESULT, ACT_TERM_OPEN };

enum { UI_SEARCH_HITS = 5 };  /* results shown under the search box */

/* Colour roles; each theme maps them to RGBA. */
enum { C_NONE = -1, C_BG, C_SURFACE, C_TEXT, C_MUTED, C_PRIMARY, C_ON_PRIMARY, C_ACCENT,
       C_BORDER, C_CALLOUT, C_CALLOUT_EDGE, C_CHIP, C_BAR, C_BAR_BUTTON, C_ON_BAR, C_DIM,
       C_PRESSED, C_LINE, C_PICTO, C_COUNT };

typedef struct {
  char id[UI_ID_MAX];
  const char *kind;          /* for the dump: "button", "text", "tile", "step", ... */
  int x, y, w, h;            /* content coordinates, or window if fixed */
  int fixed;                 /* 1 = does not scroll (bar, overlay) */
  int overlay;               /* 1 = part of the idle overlay */
  int action; char target[64];
  int bg, border, radius, circle;   /* shape: colour roles, corner radius, round */
  int icon, icon_color, ix, iy, isize;   /* icon square relative to x,y */
  int image;                 /* pictogram handle for the icon (0 = shapes / placeholder) */
  text_layout *text; int tx, ty, text_color;   /* text top-left relative to x,y */
  const char *label;         /* the text as shown, for the dump and expect-text */
  int on;                    /* toggle state for the dump */
} ui_widget;

typedef struct { ui_screen screen; char page[64]; int scroll; } ui_entry;
typedef struct { long long t; int y; } ui_sample;

struct ui {
  ui_config cfg;
  int width, height;
  double mm_per_px, ppm;
  site *site;
  int lang_chosen;
  /* "choose your language" in each of the content's languages that translates it */
  char *choose[UI_CHOOSE_MAX]; char choose_lang[UI_CHOOSE_MAX][16]; int choose_count;
  /* attract mode (ui_language.c): "touch to start" per language, shown in turn */
  char *attract_text[UI_CHOOSE_MAX]; char attract_lang[UI_CHOOSE_MAX][16]; int attract_count;
  int attract, attract_index; long long attract_since;
  int press_attract;           /* the press that stopped attract mode: it activates nothing */
  /* session state: everything here is wiped by an idle reset */
  ui_entry history[UI_HISTORY_MAX]; int depth;
  int large_text, high_contrast, dutch_alongside;
  /* layout of the current screen */
  ui_widget widgets[UI_WIDGETS_MAX]; int widget_count;
  int overlay_first;         /* widgets from here on belong to the overlay */
  int content_height, view_y, view_h;
  int body_px, small_px, title_px, target, gap, margin;
  const ui_color *theme;
  /* pointer */
  int down, pressed, dragging, press_ignored;
  int down_x, down_y, scroll_at_down;
  long long down_time;
  ui_sample samples[8]; int sample_count;
  double velocity;           /* px/ms of scroll, momentum */
  long long last_tick, guard_until, last_input;
  /* idle overlay */
  int overlay, countdown_s;
  /* staff mode (only with cfg.staff) */
  staff_corner corner;
  staff_session staff;
  int staff_tab, staff_en, pin_wrong;
  char pin[STAFF_PIN_MAX_DIGITS + 1];
  staff_pin_verdict pin_verdict;
  long long pin_looked;          /* when the lock state was last read */
  char staff_msg[800]; int staff_msg_bad;
  staff_status status;
  sys_medium media[SYS_MEDIA_MAX]; int media_count;
  sys_media_pack packs[SYS_MEDIA_PACKS_MAX]; int pack_count;
  staffwork_progress job; int job_shown;
  char staff_arena[8192]; size_t staff_arena_used;   /* staff label texts of one layout */
  /* frame */
  ui_draw draws[UI_DRAW_MAX];
  ui_vertex vertices[UI_VERTICES_MAX];
  ui_draw_list list;
  /* the check-in (ui_checkin.c): the core session and when its SAVE step began */
  checkin_session checkin;
  long long checkin_save_since;
  int checkin_drawn;           /* a frame was drawn since the step last changed */
  int checkin_lock_shown;      /* the thank-you screen is laid out with its input lock */
  char checkin_progress[32];   /* "2 / 6" as shown */
  /* the navigator (ui_navigator.c): this visit's answers, as the answer index chosen at
   * each question asked; RAM only, wiped when the navigator leaves the history */
  signed char nav_path[UI_NAV_STEPS]; int nav_steps;
  /* read-aloud (ui_listen.c) */
  int listen_playing;          /* a play this ui asked for is going */
  int listen_tag;              /* the clip being heard: 0 title, N block-N, -1 none */
  int reading;                 /* index of the highlighted widget, -1 none */
  char reading_id[UI_ID_MAX];
  char listen_what[96];        /* "page:ID", "checkin:QUESTION-ID", "faq:N", "help", "idle", ... */
  int listen_unit_count;       /* a ui_listen_units play: the widget highlighted per tag */
  char listen_widgets[UI_LISTEN_UNITS][UI_ID_MAX];
  long long listen_since;      /* when listen was pressed (keeps the session awake) */
  char wait_text[1024];        /* the typical-wait callout's text as shown (ui_wait.c) */
  /* search (ui_search.c): the query lives only here, wiped with the session, home and
   * a language change; never logged or stored */
  char search_query[SEARCH_MAX_QUERY];
  search_keyboard_state search_kb;
  search_hit search_hits[UI_SEARCH_HITS]; int search_hit_count;
  int search_open;             /* the search screen is showing (leaving it ends a search) */
  int search_failed;           /* the last query could not be run (no index) */
  char err[256];
};

/* ------------------------------------------------------------------ small helpers */

static inline int ui_mm(const ui *u, double mm) { return (int)lround(mm * u->ppm); }
static inline int ui_px(int v64) { return (v64 + 63) / 64; }
static inline ui_entry *ui_top(ui *u) { return &u->history[u->depth - 1]; }
static inline const ui_entry *ui_top_c(const ui *u) { return &u->history[u->depth - 1]; }
static inline const char *ui_lang(const ui *u) { return u->site->lang.code; }
static inline int ui_rtl(const ui *u) { return u->lang_chosen && u->site->lang.rtl; }
static inline const char *ui_string(const ui *u, const char *key) { return site_ui_string(u->site, key); }
static inline int ui_text_w(const text_layout *l) { return l ? ui_px(l->width) : 0; }
static inline int ui_text_h(const text_layout *l) { return l ? ui_px(l->height) : 0; }
/* Mirrors a start-relative x inside the column [col_x, col_x+col_w) for RTL. */
static inline int ui_mirror(const ui *u, int col_x, int col_w, int x, int w) {
  return ui_rtl(u) ? col_x + col_w - x - w : col_x + x;
}
static inline void ui_copy(char *dst, size_t cap, const char *src) { snprintf(dst, cap, "%s", src ? src : ""); }

/* The share of a pictogram disc that the picture itself fills. */
#define UI_DISC_PICTURE 0.66

/* ------------------------------------------------------------------ ui.c's helpers */

/* One JSON event line on cfg.events: {"event":..., ...,"t":now}; fmt gives the fields. */
void ui_emit(ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A pictogram handle for drawing at about size_px, 0 = none (placeholder). Layout only. */
int ui_image(ui *u, const char *name, int size_px);
/* Appends a blank widget (capacity is a design limit, checked by expect). */
ui_widget *ui_add(ui *u, const char *id, const char *kind);
/* Lays out text (align: 0 start, 1 centre); NULL on failure, logged once. */
text_layout *ui_text(ui *u, const char *s, const char *lang, int size, int bold,
                     int max_width, const text_span *spans, int span_count, int align);
/* A button: icon at the start, label after it; width fits the label unless width > 0. */
ui_widget *ui_button(ui *u, const char *id, int action, const char *target, int icon,
                     const char *label, const char *lang, int size, int x, int y,
                     int width, int height, int bg, int fg);
/* A paragraph inside the column; returns its height. */
int ui_paragraph(ui *u, const char *id, const char *kind, const char *s, const char *lang,
                 int size, int bold, const text_span *spans, int span_count,
                 int x, int y, int width, int color);
/* Width in px of the widest space-separated word of s laid out alone. */
int ui_widest_word(ui *u, const char *s, const char *lang, int size, int bold);
/* The reading column: returns its width, *col_x its left edge. */
int ui_column(const ui *u, int *col_x);
/* A screen title; returns its height. */
int ui_title(ui *u, const char *id, const char *s, int col_x, int col_w, int y);
/* A callout box (thick start edge, info icon); returns its height. */
int ui_callout(ui *u, const char *id, const char *s, const text_span *spans, int n, int x, int y, int w);
/* The help contacts as cards from y down (the help and thank-you screens); returns the height. */
int ui_contact_cards(ui *u, int col_x, int col_w, int y);
/* Recomputes every widget of the current screen. */
void ui_relayout(ui *u);
/* After any navigation: tap guard, relayout, screen_shown event. */
void ui_screen_changed(ui *u, long long now);
void ui_push(ui *u, ui_screen screen, const char *page, long long now);
/* Wipes every trace of the visit (language, history, answers, audio, staff) and shows
 * the language screen; event names the reason ("idle_reset", "staff_closed", ...). */
void ui_reset_session(ui *u, long long now, const char *event);

/* ------------------------------------------------------------------ ui_listen.c */

/* 1 if the listen button of pg is shown: no audio port (legacy), or the language reads
 * aloud and the page has clips. */
int ui_listen_available(const ui *u, const site_page *pg);
/* The listen button of a page or a check-in question: plays it, or stops it if playing. */
void ui_listen_page(ui *u, const site_page *pg);
void ui_listen_question(ui *u, const site_question *q);
/* 1 if a check-in question's listen button is shown: no audio port (legacy), or the
 * language reads aloud and the question or one of its answers has a clip. */
int ui_listen_question_available(const ui *u, const site_question *q);
/* The same for a list of UI strings read in order (the check-in consent). */
int ui_listen_keys_available(const ui *u, const char *const *keys, int n);
void ui_listen_keys(ui *u, const char *what, const char *const *keys, int n);
/* Any list of text units read in order — the generic way to voice a screen. Each unit
 * is a (ctx, key) of site_audio (app/pack/site.h: "faq"/"a3.1", "glossary"/"g7",
 * "help"/"coa.how", "ui"/"idle_body", the navigator's ctx and keys) and the id of the
 * widget highlighted (and scrolled into view) while it is heard ("" or NULL = none).
 * what names the play in the audio events ("faq:3", "help", "idle", "nav:QUESTION").
 * available: 1 if a listen button belongs there — no audio port (legacy), or the
 * language reads aloud and at least one unit has a clip (silent languages: no button).
 * ui_listen_units: plays what has a clip, in order (at most UI_LISTEN_UNITS units);
 * pressed again while the same `what` plays, it stops instead. */
typedef struct { const char *ctx, *key, *widget; } ui_listen_unit;
int ui_listen_units_available(const ui *u, const ui_listen_unit *units, int n);
void ui_listen_units(ui *u, const char *what, const ui_listen_unit *units, int n);
/* 1 while `what` is being read aloud (a listen button then says "stop"). */
int ui_listen_playing(const ui *u, const char *what);
/* The built-in unit lists: target "faq:N" (question N, 1-based, then its answer
 * paragraphs), "glossary:N" (explanation N, 1-based) and "help" (the heading, then
 * each contact's name and how). available as above; play is ui_listen_units. */
int ui_listen_target_available(const ui *u, const char *target);
void ui_listen_target(ui *u, const char *target);
/* A listen button for target (ui_listen_target) at y, on the reading side of the
 * column; "stop" while that target plays. Returns its height, 0 when not shown. */
int ui_listen_button(ui *u, const char *id, const char *target, int col_x, int col_w, int y);
/* The idle warning appears: its title and body are spoken where they have clips (no
 * button: a resident who cannot read hears "are you still there?"). */
void ui_listen_idle(ui *u);
/* Staff mode's test sound: a clip of this pack at the normalised loudness (the help
 * heading, else the idle warning, else the first page's title). 1 if there is one. */
int ui_listen_test_available(const ui *u);
void ui_listen_test(ui *u);
/* Plays clips (what: "navigator", ...), or stops what this ui plays. */
void ui_listen_clips(ui *u, const char *what, const ui_audio_clip *clips, int n);
/* Stops read-aloud if this ui started it (reason as in ui_audio_port.stop). */
void ui_listen_stop(ui *u, const char *reason);
/* Follows the port: button state, highlighted paragraph, scrolling it into view.
 * Returns 1 when the screen must be redrawn. */
int ui_listen_tick(ui *u);
/* After a relayout: finds the highlighted widget again. */
void ui_listen_relayout(ui *u);
/* Shared between the ui files (ui_widget.c, ui_screens.c, ui.c). */
void ui_free_layouts(ui *u, int from);                          /* widgets from..end lose their layouts */
const char *ui_text_lang(const char *s, const char *lang);      /* the language a text is shaped in */
void ui_metrics(ui *u);                                         /* sizes and theme from the screen */
void ui_layout_overlay(ui *u);                                  /* the open overlay on top of the screen */
void ui_layout_route(ui *u);                                    /* the route screen (ui_route.c) */

/* ------------------------------------------------------------------ ui_wait.c */

/* The `typical-wait` callout for page_id at (x, y), w wide: how long others here have
 * waited so far, from the pack's table. Returns its height, 0 when there is nothing to
 * show (no table in the pack, no wait for this page, or no row for the pack's group). */
int ui_typical_wait(ui *u, const char *page_id, int x, int y, int w);

/* ------------------------------------------------------------------ ui_language.c */

/* The language screen: every language on the screen at once, no scrolling. */
void ui_layout_language(ui *u);
/* Gathers the invitation of site s (language code); s NULL starts the list again.
 * start_text is the start language's invitation (a fallback to it is not repeated). */
void ui_attract_collect(ui *u, const site *s, const char *code, const char *start_text);
/* Starts attract mode (after an idle reset; only with invitations). */
void ui_attract_start(ui *u, long long now);
/* Stops it (a touch); returns 1 if it was on. */
int ui_attract_stop(ui *u);
/* Turns to the next language when due; *wait shrinks to the next turn. Returns 1 when
 * the screen changed. */
int ui_attract_tick(ui *u, long long now, int *wait);
/* ------------------------------------------------------------------ ui_search.c */

/* The search screen (box, results, keyboard) and the term card (a glossary entry). */
void ui_layout_search(ui *u);
void ui_layout_term(ui *u);
/* 1 when search is offered (a search port); the magnifier entry to it at (x, y). */
int ui_search_offered(const ui *u);
ui_widget *ui_search_entry(ui *u, int x, int y, int size);
/* Handles the search actions; 0 when action is not one of them. */
int ui_search_activate(ui *u, int action, const char *target, long long now);
/* Wipes the query and the hits (home, language change, idle reset); counts a search
 * that ended with nothing found. */
void ui_search_wipe(ui *u);
/* After any navigation: leaving the search screen ends the search. */
void ui_search_screen_changed(ui *u);
/* The glossary entry for a Dutch term (case-insensitive), or NULL. */
const site_glossary *ui_glossary_find(const ui *u, const char *term_nl);
/* Under a page block: a tappable chip (id term-TERM, spaces as '-') for each Dutch term (TEXT_STYLE_TERM span of
 * text) that has a glossary entry and no chip yet on this page; opens its term card.
 * Returns the height used (0 when none). */
int ui_term_chips(ui *u, const char *text, const text_span *spans, int n, int col_x, int col_w,
                  int y);
/* For the staff status: today's searches that found nothing per language, one line
 * in Dutch or English (en), written into buf. */
const char *ui_search_gaps_line(int en, char *buf, size_t cap);
/* The search part of the dump: "search":{...}, (with the comma) on the search screen. */
void ui_search_dump(const ui *u, FILE *out);
#endif
