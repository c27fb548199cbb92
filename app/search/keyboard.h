/* keyboard.h — the kiosk's own on-screen keyboards for the search box, one per pack
 * language, built from a data table (keyboard.c: search_layout_rows) — no code per
 * language. A keyboard is layers of rows of keys. Keys insert one character, switch
 * layer (shift, digits, the Latin layers every non-Latin keyboard carries for the
 * Dutch word on a letter, and back), insert a space, delete, or — on the Ge'ez
 * consonant layer — open the vowel-order picker of a consonant (a generated layer: the
 * consonant's orders by U+1200 block arithmetic, its labiovelar forms where Unicode
 * has them, and a way back). Pressing a key in the picker inserts the syllable and
 * returns to the consonants. Layers stay until another layer key is pressed.
 *
 * search_keyboard_press is the one state machine: the UI calls it for a tap, and
 * search_keyboard_sequence plans the taps that type a text with the same machine, so
 * the headless `type TEXT` command exercises the real keyboard. No allocation.
 * Part of app/search (same layering); the UI draws layers, keys and icons. */
#ifndef WEGWIJS_SEARCH_KEYBOARD_H
#define WEGWIJS_SEARCH_KEYBOARD_H
#include <stddef.h>     /* size_t */

enum {
  SEARCH_KEYBOARD_MAX_LAYERS = 12,
  SEARCH_KEYBOARD_MAX_ROWS = 5,
  SEARCH_KEYBOARD_MAX_KEYS = 14,     /* keys in one row */
  SEARCH_KEYBOARD_PICKER = -1        /* layer index of the Ge'ez vowel-order picker */
};

typedef enum {
  SEARCH_KEY_TEXT,       /* inserts text (one character) */
  SEARCH_KEY_LAYER,      /* switches to layer `target` */
  SEARCH_KEY_PICK,       /* Ge'ez consonant: opens the picker for it (text = the consonant) */
  SEARCH_KEY_SPACE,
  SEARCH_KEY_DELETE
} search_key_kind;

typedef struct {
  search_key_kind kind;
  char text[8];          /* TEXT: what it inserts; PICK: the consonant (first order) */
  char label[32];        /* text the key shows ("ج", "◌َ" for a mark, "123", "abc"); "" when icon */
  char icon[16];         /* pictogram instead of text: "shift", "delete", "space"; else "" */
  int target;            /* LAYER: layer index */
  int width;             /* in key widths: 1, or 2-4 for space, delete and switches */
} search_key;

typedef struct {
  char name[16];         /* "abc", "ABC", "123", "عربي", "ፊደል" ... */
  int rtl;               /* drawn mirrored (Arabic-script layers) */
  int row_count;
  int key_count[SEARCH_KEYBOARD_MAX_ROWS];
  search_key keys[SEARCH_KEYBOARD_MAX_ROWS][SEARCH_KEYBOARD_MAX_KEYS];
} search_layer;

typedef struct {
  char lang[16];
  int layer_count;
  int latin_layer;       /* first Latin layer (0 on Latin keyboards) */
  search_layer layers[SEARCH_KEYBOARD_MAX_LAYERS];
} search_keyboard;

/* Where the user is on a keyboard: a layer, or the picker of a consonant. */
typedef struct {
  const search_keyboard *keyboard;
  int layer;             /* index, or SEARCH_KEYBOARD_PICKER */
  int pick_return;       /* the consonant layer to return to */
  unsigned consonant;    /* picker: the consonant's first-order code point */
  search_layer picker;   /* the generated picker layer */
} search_keyboard_state;

/* One planned tap: the key at (row, col) of the layer shown at that moment. */
typedef struct { int layer, row, col; } search_keypress;

/* The keyboard of a language (static, never freed); an unknown language gets the
 * Latin keyboard. Never NULL. */
const search_keyboard *search_keyboard_for(const char *lang);

/* Starts state on the keyboard's first layer. */
void search_keyboard_start(search_keyboard_state *st, const search_keyboard *kb);
/* The layer to draw now (the keyboard's, or the generated picker). */
const search_layer *search_keyboard_layer(const search_keyboard_state *st);

enum { SEARCH_PRESS_NONE, SEARCH_PRESS_TEXT, SEARCH_PRESS_SPACE, SEARCH_PRESS_DELETE, SEARCH_PRESS_INVALID };
/* A tap on key (row, col) of the current layer: updates st and returns SEARCH_PRESS_*;
 * for TEXT the character is written to text (NUL-terminated). INVALID = no such key. */
int search_keyboard_press(search_keyboard_state *st, int row, int col, char text[8]);

/* Plans the taps that type text (UTF-8) from state st (not changed): at most max
 * presses into keys. Returns the count, or -1 with err naming the first character
 * without a key ("U+XXXX 'c' (character 3) has no key on the ar keyboard") or when
 * max is too small. Space is the space key; newlines are refused. Not reentrant
 * (plans in static memory; the kiosk has one UI thread). */
int search_keyboard_sequence(const search_keyboard_state *st, const char *text, search_keypress *keys, int max,
                             char *err, size_t errlen);

/* The Ge'ez syllable of consonant (first order, U+1200 block) in order 1..8, or 0 when
 * Unicode has none; orders 9..14 are the labiovelar forms (ቈ ... ቍ) where they exist. */
unsigned search_ethiopic_syllable(unsigned consonant, int order);
#endif
