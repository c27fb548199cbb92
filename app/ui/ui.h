/* ui.h — the kiosk's screens, navigation, touch logic and idle reset, producing a draw
 * list. Knows nothing of SDL: app/platform feeds it pointer events and a clock and draws
 * what it returns. Layout happens once per screen/size/language/toggle change; drawing a
 * frame only walks the laid-out widgets into a preallocated draw list.
 *
 * Units: pixels of the window; sizes are designed in millimetres and converted with the
 * panel's pixel pitch (ui_config.mm_per_px). Times are milliseconds of a clock the caller
 * owns (monotonic, may be virtual in headless runs). */
#ifndef WEGWIJS_UI_H
#define WEGWIJS_UI_H
#include <stdint.h>       /* uint8_t */
#include <stdio.h>        /* FILE */
#include "pack/site.h"    /* site */
#include "text/text.h"    /* text_fonts, text_layout */

enum {
  UI_WIDGETS_MAX = 768,       /* widgets on one screen (a long page has ~200) */
  UI_DRAW_MAX = 4096,         /* draw commands in one frame */
  UI_VERTICES_MAX = 65536,    /* triangle vertices in one frame (shapes, icons) */
  UI_HISTORY_MAX = 32,        /* back-stack depth; older entries drop off */
  UI_ID_MAX = 80
};

/* Screens. Names (ui_screen_name) are what scripts and --events use. */
typedef enum { UI_SCREEN_LANGUAGE, UI_SCREEN_ROUTE, UI_SCREEN_PAGE, UI_SCREEN_QUESTIONS,
               UI_SCREEN_HELP, UI_SCREEN_STAFF, UI_SCREEN_CHECKIN, UI_SCREEN_NAVIGATOR, UI_SCREEN_SEARCH,
               UI_SCREEN_TERM,
               UI_SCREEN_COUNT } ui_screen;

typedef struct { uint8_t r, g, b, a; } ui_color;
typedef struct { float x, y; ui_color color; } ui_vertex;

/* One draw command. Coordinates are window pixels after scrolling. */
enum { UI_DRAW_RECT,          /* filled rectangle x,y,w,h in color */
       UI_DRAW_TRIANGLES,     /* vertices[first .. first+count) of the list, as triangles */
       UI_DRAW_TEXT,          /* text laid out with its top-left at x,y; runs styled
                                 TEXT_STYLE_TERM/LINK use accent */
       UI_DRAW_IMAGE };       /* image handle `image` (ui_image_source) scaled into x,y,w,h;
                                 color.a == 0: its own colours, else one ink in color;
                                 flip = mirrored (direction arrows in RTL) */
typedef struct {
  int kind;
  int clip;                   /* 1 = clip to the list's scroll viewport */
  int x, y, w, h;
  ui_color color, accent;
  int first, count;           /* UI_DRAW_TRIANGLES */
  const text_layout *text;    /* UI_DRAW_TEXT; owned by the ui, valid until the next ui call */
  int image, flip;            /* UI_DRAW_IMAGE */
} ui_draw;

typedef struct {
  ui_draw *items; int count;
  ui_vertex *vertices; int vertex_count;
  int clip_x, clip_y, clip_w, clip_h;   /* the scroll viewport */
  ui_color background;
} ui_draw_list;

typedef struct ui ui;

/* Where sites come from: load returns a site for lang (or NULL with err set); the ui
 * owns it and hands it back to release when it is no longer shown. */
typedef struct {
  site *(*load)(void *ctx, const char *lang, char *err, size_t errlen);
  void (*release)(void *ctx, site *s);
  void *ctx;
} ui_site_source;

/* Where pictograms come from: load returns a handle > 0 for pictogram `name` rasterized
 * for about size_px (the platform owns the texture), or 0 when there is none (the ui
 * then draws a neutral placeholder). Called at layout time only, never per frame. */
typedef struct {
  int (*load)(void *ctx, const char *name, int size_px);
  void *ctx;
} ui_image_source;

/* Read-aloud: the platform plays pack audio clips; the ui says what to play, stops it
 * on navigation, language change and idle reset, and follows the clip being heard to
 * highlight its paragraph. Optional: without play, the listen button shows as before
 * and only reports a `listen` event. Tags: 0 = the title, N = widget block-N. */
typedef struct { int audio_id; int tag; } ui_audio_clip;
typedef struct {
  /* Plays clips in order, replacing what plays. what: "page:ID", "checkin:ID", "faq:N",
   * "glossary:N", "help", "idle" (or another ui_listen_units name).
   * Returns 0, or -1 when nothing can be played. Must not block. */
  int (*play)(void *ctx, const char *lang, const char *what, const ui_audio_clip *clips, int count);
  /* Stops (reason: "stop", "navigation", "language", "idle_reset", "idle"
   * (the idle warning is spoken instead), "continue" (the warning tapped away)). Must not block. */
  void (*stop)(void *ctx, const char *reason);
  /* 1 while the last play is going or about to; *tag = the clip being heard, -1 none. */
  int (*state)(void *ctx, int *tag);
  /* Optional: the volume staff mode set (0..100), in effect at once. */
  void (*set_volume)(void *ctx, int percent);
  void *ctx;
} ui_audio_port;

/* Search (app/search): the ui asks for ranked hits of a query in a session language;
 * optional (query NULL: no search entry). Returns the hits written (search_hit, at most
 * max), 0 for none, -1 when search is unavailable. The query is never kept by the port.
 * Called with max 0 when the search screen opens: prepare the language, find nothing. */
typedef struct {
  int (*query)(void *ctx, const char *lang, const char *text, void *hits, int max);
  void *ctx;
} ui_search_port;

struct staffwork;   /* app/staff/staffwork.h: staff mode's back end (PIN, status, USB) */
struct store;       /* app/checkin/store.h: where sealed check-ins go */

typedef struct {
  int width, height;          /* window pixels */
  double mm_per_px;           /* panel pixel pitch; <= 0 = assume 0.18 (15.6" 1080p) */
  int idle_timeout_ms;        /* no input this long → countdown overlay (90 000) */
  int idle_countdown_ms;      /* countdown before the session is wiped (20 000) */
  int guard_ms;               /* taps ignored this long after a screen change (400) */
  text_fonts *fonts;          /* borrowed; must outlive the ui */
  ui_site_source sites;
  const char *start_lang;     /* language whose site lists the languages ("nl") */
  FILE *events;               /* one JSON line per user-visible event; NULL = none */
  ui_image_source images;     /* optional (load NULL): placeholders only */
  struct staffwork *staff;    /* optional, borrowed: staff mode (hidden corner + PIN) */
  /* The resident check-in (app/checkin/UI.md): offered on the route only with a store,
   * a site code and a pack that has questions and the researchers' key. */
  struct store *checkin_store;    /* optional, borrowed; NULL = no check-in entry */
  const char *site_code;          /* the kiosk config's site_code; NULL or "" = none */
  int checkin_idle_timeout_ms;    /* idle warning inside the check-in (60 000); <= 0 = idle_timeout_ms */
  ui_audio_port audio;            /* optional (play NULL): no read-aloud playback */
  ui_search_port search;          /* optional (query NULL): no search entry (ui_search.c) */
} ui_config;

/* Creates the ui on the language screen with a fresh session. Loads the start_lang site
 * for the language list. Returns NULL with err set when that fails. */
ui *ui_create(const ui_config *config, char *err, size_t errlen);
void ui_destroy(ui *u);

/* New window size or pixel pitch (mm_per_px <= 0 keeps the current one). */
void ui_resize(ui *u, int width, int height, double mm_per_px);

/* Switches the session's language (as tapping its tile does, without navigating).
 * Returns 0, or -1 with err set and the old language kept. */
int ui_set_language(ui *u, const char *lang, long long now, char *err, size_t errlen);

/* The site source now gives new content (a newly installed pack): reloads the site of
 * the current language, or of the start language when the new content lacks it (the
 * visit then starts again on the language screen), and asks for every pictogram
 * again. Returns 0, or -1 with err set and the old site still shown. */
int ui_reload(ui *u, long long now, char *err, size_t errlen);

/* Opens a screen by name ("language", "route", "page", "questions", "help") or a page
 * by id, as if navigated to from the route. Returns 0 or -1 with err set ("staff" and
 * "checkin" open only through their own entries). */
int ui_open(ui *u, const char *name, long long now, char *err, size_t errlen);

/* The pointer path: the platform maps touch (first finger only) and real mouse events
 * here. A tap activates on release inside the widget it went down on; moving further
 * than the slop turns the press into a scroll drag that never activates. */
void ui_pointer_down(ui *u, int x, int y, long long now);
void ui_pointer_move(ui *u, int x, int y, long long now);
void ui_pointer_up(ui *u, int x, int y, long long now);

/* Advances momentum and the idle timers. Returns 1 if the screen changed and wants a
 * redraw. *next_ms (if not NULL) gets how long the caller may sleep before the next
 * tick is due (a frame interval while animating). */
int ui_tick(ui *u, long long now, int *next_ms);

/* Builds and returns the frame's draw list (owned by the ui, no allocation). */
const ui_draw_list *ui_draw_frame(ui *u);

/* Introspection for scripts and tests. */
const char *ui_screen_name(const ui *u);
const char *ui_language(const ui *u);         /* "" before a language is chosen */
int ui_is_rtl(const ui *u);
int ui_idle_overlay_shown(const ui *u);
/* Centre of a visible widget by id in window pixels: 0, or -1 if not on screen. */
int ui_widget_center(const ui *u, const char *id, int *x, int *y);
/* Rectangle of a widget by id (window pixels, after scrolling): 0 or -1. */
int ui_widget_rect(const ui *u, const char *id, int *x, int *y, int *w, int *h);
/* 1 if any widget on the current screen shows text containing needle. */
int ui_has_text(const ui *u, const char *needle);
/* Prints the screen as one JSON object: screen, language, direction, session state
 * (on the check-in screen also its step: consent, age, under-age, question-N, saving,
 * thanks, failed; on the navigator its step, here and next), every widget with id, kind, rectangle and text. */
void ui_dump(const ui *u, FILE *out);
/* Id of the n-th (modulo their count) tappable widget visible now, or NULL if none. */
const char *ui_tappable_id(const ui *u, int n);
int ui_tappable_count(const ui *u);
/* Current scroll offset of the screen (px). */
int ui_scroll(const ui *u);
/* Id of the widget highlighted because it is being read aloud ("title", "block-3"), or
 * "" when nothing is; and whether read-aloud is playing. */
const char *ui_reading(const ui *u);
int ui_listening(const ui *u);

/* Search (ui_search.c), for scripts and tests. The widget ids of the on-screen keys to
 * tap, in order, to type text on the search screen's keyboard from its current layer
 * (switching layers and opening the Ge'ez vowel picker as a person would): the count,
 * or -1 with err naming the first character without a key. */
int ui_search_plan(ui *u, const char *text, char (*ids)[UI_ID_MAX], int max, char *err, size_t errlen);
/* The query in the search box and the box's missing glyphs (tofu), or NULL when the
 * search screen is not shown. */
const char *ui_search_box(const ui *u, int *tofu);
/* The n-th result shown ("page:ID", "glossary:TERM", "faq:N"), or NULL. */
const char *ui_search_result(const ui *u, int n, char *buf, size_t cap);
#endif
