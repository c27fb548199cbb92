/* keyboard.c — on-screen keyboard layouts as a data table, the key state machine and
 * the planner of taps that type a text (see keyboard.h). The layouts were written for
 * this kiosk from the letters each language uses (report-free: nothing copied). */
#include "search/keyboard.h"
#include "search/search_internal.h"
#include "util/util.h"
#include <stdio.h>      /* snprintf */
#include <string.h>     /* strcmp, strncpy */

/* ---------------------------------------------------------------- the table */

/* One row of one layer. Keys are separated by spaces: a character inserts itself;
 * {>LAYER:LABEL} switches layer (LABEL ^NAME: a pictogram, no text); {latin} goes to the Latin letters, {own} back to the
 * keyboard's first layer (dropped on Latin keyboards); {space}, {del}, {zwnj}. A layer
 * whose name starts with '!' holds Ge'ez consonants that open the vowel-order picker.
 * A keyboard is its own rows followed by the "latin" rows. */
typedef struct { const char *keyboard, *layer, *row; } search_layout_row;

static const search_layout_row search_layout_rows[] = {
  { "tr", "abc", "ç ğ ı ö ş ü" },
  { "tr", "ABC", "Ç Ğ İ Ö Ş Ü" },
  { "kmr", "abc", "ç ê î ş û" },
  { "kmr", "ABC", "Ç Ê Î Ş Û" },

  { "uk", "абв", "й ц у к е н г ш щ з х ї" },
  { "uk", "абв", "ф і в а п р о л д ж є" },
  { "uk", "абв", "{>АБВ:^shift} я ч с м и т ь б ю ґ {del}" },
  { "uk", "абв", "{latin} {>123:123} {space} ' -" },
  { "uk", "АБВ", "Й Ц У К Е Н Г Ш Щ З Х Ї" },
  { "uk", "АБВ", "Ф І В А П Р О Л Д Ж Є" },
  { "uk", "АБВ", "{>абв:^shift} Я Ч С М И Т Ь Б Ю Ґ {del}" },
  { "uk", "АБВ", "{latin} {>123:123} {space} ' -" },

  { "ar", "أبت", "ض ص ث ق ف غ ع ه خ ح ج د" },
  { "ar", "أبت", "ش س ي ب ل ا ت ن م ك ط" },
  { "ar", "أبت", "{>حركات:◌َ} ئ ء ؤ ر ى ة و ز ظ ذ {del}" },
  { "ar", "أبت", "{latin} {>١٢٣:١٢٣} {space} أ إ آ" },
  { "ar", "حركات", "َ ً ُ ٌ ِ ٍ ّ ْ ٰ ـ" },
  { "ar", "حركات", "أ إ آ ٱ ئ ؤ" },
  { "ar", "حركات", "{>أبت:أبت} {del}" },
  { "ar", "حركات", "{latin} {>١٢٣:١٢٣} {space}" },
  { "ar", "١٢٣", "١ ٢ ٣ ٤ ٥ ٦ ٧ ٨ ٩ ٠" },
  { "ar", "١٢٣", "؟ ، ؛ . - ( )" },
  { "ar", "١٢٣", "{>أبت:أبت} {del}" },
  { "ar", "١٢٣", "{latin} {space}" },

  { "fa", "الفبا", "ض ص ث ق ف غ ع ه خ ح ج چ" },
  { "fa", "الفبا", "ش س ی ب ل ا ت ن م ک گ" },
  { "fa", "الفبا", "{>الفبا۲:^shift} ظ ط ز ر ذ د پ و {del}" },
  { "fa", "الفبا", "{latin} {>۱۲۳:۱۲۳} {space} {zwnj}" },
  { "fa", "الفبا۲", "ژ آ ء أ ؤ ئ ة إ" },
  { "fa", "الفبا۲", "ي ك ى ّ َ ُ ِ ً" },
  { "fa", "الفبا۲", "{>الفبا:^shift} {del}" },
  { "fa", "الفبا۲", "{latin} {>۱۲۳:۱۲۳} {space} {zwnj}" },
  { "fa", "۱۲۳", "۱ ۲ ۳ ۴ ۵ ۶ ۷ ۸ ۹ ۰" },
  { "fa", "۱۲۳", "؟ ، ؛ . - ( )" },
  { "fa", "۱۲۳", "{>الفبا:الفبا} {del}" },
  { "fa", "۱۲۳", "{latin} {space}" },

  { "ps", "پښتو", "ض ص ث ق ف غ ع ه خ ح ج چ" },
  { "ps", "پښتو", "ش س ی ب ل ا ت ن م ک ګ" },
  { "ps", "پښتو", "{>پښتو۲:^shift} ظ ط ز ر ذ د پ و ږ {del}" },
  { "ps", "پښتو", "{latin} {>۱۲۳:۱۲۳} {space} ې ۍ" },
  { "ps", "پښتو۲", "ټ ډ ړ ښ ڼ ځ څ ژ ئ ي" },
  { "ps", "پښتو۲", "آ أ ء ة ك ى ۀ ؤ إ" },
  { "ps", "پښتو۲", "{>پښتو:^shift} ّ َ ُ ِ ْ {del}" },
  { "ps", "پښتو۲", "{latin} {>۱۲۳:۱۲۳} {space} {zwnj}" },
  { "ps", "۱۲۳", "۱ ۲ ۳ ۴ ۵ ۶ ۷ ۸ ۹ ۰" },
  { "ps", "۱۲۳", "؟ ، ؛ . - ( )" },
  { "ps", "۱۲۳", "{>پښتو:پښتو} {del}" },
  { "ps", "۱۲۳", "{latin} {space}" },

  { "ckb", "کوردی", "ق و ە ر ت ی ێ ئ ۆ پ" },
  { "ckb", "کوردی", "ا س د ف گ ه ژ ک ل ڵ" },
  { "ckb", "کوردی", "{>کوردی۲:^shift} ز خ ج ڤ ب ن م ڕ ش چ {del}" },
  { "ckb", "کوردی", "{latin} {>١٢٣:١٢٣} {space} ع" },
  { "ckb", "کوردی۲", "ح غ ط ض ص ذ ث ظ ھ" },
  { "ckb", "کوردی۲", "ي ك ة ى أ آ إ ء ؤ" },
  { "ckb", "کوردی۲", "{>کوردی:^shift} {del}" },
  { "ckb", "کوردی۲", "{latin} {>١٢٣:١٢٣} {space} {zwnj}" },
  { "ckb", "١٢٣", "١ ٢ ٣ ٤ ٥ ٦ ٧ ٨ ٩ ٠" },
  { "ckb", "١٢٣", "؟ ، ؛ . - ( )" },
  { "ckb", "١٢٣", "{>کوردی:کوردی} {del}" },
  { "ckb", "١٢٣", "{latin} {space}" },

  { "ti", "!ፊደል", "ሀ ለ ሐ መ ረ ሰ ሸ ቀ ቐ" },
  { "ti", "!ፊደል", "በ ቨ ተ ቸ ነ ኘ አ ከ ኸ" },
  { "ti", "!ፊደል", "ወ ዐ ዘ ዠ የ ደ ጀ ገ ጠ" },
  { "ti", "!ፊደል", "{>፩፪፫:፩፪፫} ጨ ጰ ጸ ፈ ፐ {del}" },
  { "ti", "!ፊደል", "{latin} {space} ፡ ። ፣" },
  { "ti", "፩፪፫", "1 2 3 4 5 6 7 8 9 0" },
  { "ti", "፩፪፫", "፩ ፪ ፫ ፬ ፭ ፮ ፯ ፰ ፱ ፲" },
  { "ti", "፩፪፫", "፡ ። ፣ ፤ ፥ ፦ ፧ ? - ." },
  { "ti", "፩፪፫", "{>ፊደል:ፊደል} {latin} {space} {del}" },

  { "am", "!ፊደል", "ሀ ለ ሐ መ ሠ ረ ሰ ሸ ቀ" },
  { "am", "!ፊደል", "በ ቨ ተ ቸ ኀ ነ ኘ አ ከ" },
  { "am", "!ፊደል", "ኸ ወ ዐ ዘ ዠ የ ደ ጀ ገ" },
  { "am", "!ፊደል", "{>፩፪፫:፩፪፫} ጠ ጨ ጰ ጸ ፀ ፈ ፐ {del}" },
  { "am", "!ፊደል", "{latin} {space} ፡ ። ፣" },
  { "am", "፩፪፫", "1 2 3 4 5 6 7 8 9 0" },
  { "am", "፩፪፫", "፩ ፪ ፫ ፬ ፭ ፮ ፯ ፰ ፱ ፲" },
  { "am", "፩፪፫", "፡ ። ፣ ፤ ፥ ፦ ፧ ? - ." },
  { "am", "፩፪፫", "{>ፊደል:ፊደል} {latin} {space} {del}" },

  { "latin", "abc", "q w e r t y u i o p" },
  { "latin", "abc", "a s d f g h j k l" },
  { "latin", "abc", "{>ABC:^shift} z x c v b n m {del}" },
  { "latin", "abc", "{own} {>123:123} {>àé:àé} {space} -" },
  { "latin", "ABC", "Q W E R T Y U I O P" },
  { "latin", "ABC", "A S D F G H J K L" },
  { "latin", "ABC", "{>abc:^shift} Z X C V B N M {del}" },
  { "latin", "ABC", "{own} {>123:123} {>ÀÉ:ÀÉ} {space} -" },
  { "latin", "àé", "ç ş ğ ı ö ü ê î û â" },
  { "latin", "àé", "é è ë ï ô á à ó ú í" },
  { "latin", "àé", "{>ÀÉ:^shift} ñ ä õ ã ō {del}" },
  { "latin", "àé", "{own} {>abc:abc} {>123:123} {space}" },
  { "latin", "ÀÉ", "Ç Ş Ğ İ Ö Ü Ê Î Û Â" },
  { "latin", "ÀÉ", "É È Ë Ï Ô Á À Ó Ú Í" },
  { "latin", "ÀÉ", "{>àé:^shift} Ñ Ä Õ Ã Ō {del}" },
  { "latin", "ÀÉ", "{own} {>ABC:ABC} {>123:123} {space}" },
  { "latin", "123", "1 2 3 4 5 6 7 8 9 0" },
  { "latin", "123", "- / : ; ( ) . , ? !" },
  { "latin", "123", "{>abc:abc} & @ \" ' + % {del}" },
  { "latin", "123", "{own} {space}" },
};

/* Which rows a language's keyboard takes besides the Latin ones. */
static const struct { const char *lang, *keyboard; } search_keyboard_langs[] = {
  { "nl", "" }, { "en", "" }, { "so", "" }, { "tr", "tr" }, { "kmr", "kmr" }, { "uk", "uk" },
  { "ar", "ar" }, { "fa", "fa" }, { "prs", "fa" }, { "ps", "ps" }, { "ckb", "ckb" },
  { "ti", "ti" }, { "am", "am" },
};

/* ---------------------------------------------------------------- Ge'ez */

static int search_ethiopic_assigned(unsigned c) {
  static const unsigned gaps[] = { 0x1249, 0x124E, 0x124F, 0x1257, 0x1259, 0x125E, 0x125F, 0x1289,
                                   0x128E, 0x128F, 0x12B1, 0x12B6, 0x12B7, 0x12BF, 0x12C1, 0x12C6,
                                   0x12C7, 0x12D7, 0x1311, 0x1316, 0x1317 };
  if (c < 0x1200 || c > 0x135A) return 0;
  for (size_t i = 0; i < UTIL_COUNT(gaps); i++)
    if (gaps[i] == c) return 0;
  return 1;
}

unsigned search_ethiopic_syllable(unsigned consonant, int order) {
  /* The labiovelar series sit in their own 8-slot rows after their consonant's row. */
  static const unsigned labiovelar[][2] = { { 0x1240, 0x1248 }, { 0x1250, 0x1258 }, { 0x1280, 0x1288 },
                                            { 0x12A8, 0x12B0 }, { 0x12B8, 0x12C0 }, { 0x1308, 0x1310 } };
  if (consonant % 8 || consonant < 0x1200 || consonant > 0x1350 || order < 1 || order > 14) return 0;
  unsigned c = 0;
  for (size_t i = 0; i < UTIL_COUNT(labiovelar); i++) {
    if (labiovelar[i][1] == consonant) return 0;   /* a labiovelar row is not a consonant */
    if (labiovelar[i][0] == consonant && order > 8) c = labiovelar[i][1] + (unsigned)(order - 9);
  }
  if (order <= 8) c = consonant + (unsigned)(order - 1);
  return c && search_ethiopic_assigned(c) ? c : 0;
}

/* ---------------------------------------------------------------- building */

static search_keyboard search_keyboards[UTIL_COUNT(search_keyboard_langs)];
static search_keyboard search_latin_keyboard;

static int search_find_layer(const search_keyboard *kb, const char *name) {
  for (int l = 0; l < kb->layer_count; l++)
    if (!strcmp(kb->layers[l].name, name)) return l;
  return -1;
}

static int search_layer_for(search_keyboard *kb, const char *name) {
  int pick = name[0] == '!';
  int l = search_find_layer(kb, name + pick);
  if (l >= 0) return l;
  expect(kb->layer_count < SEARCH_KEYBOARD_MAX_LAYERS);
  search_layer *layer = &kb->layers[kb->layer_count];
  memset(layer, 0, sizeof *layer);
  snprintf(layer->name, sizeof layer->name, "%s", name + pick);
  size_t n;
  unsigned first = search_utf8_next(layer->name, strlen(layer->name), &n);
  layer->rtl = first >= 0x0600 && first <= 0x06FF;
  return kb->layer_count++;
}

/* Adds one token of a row to layer l (layer targets are resolved afterwards). */
static void search_add_key(search_keyboard *kb, search_layer *layer, int pick, const char *token, size_t len, int latin) {
  char t[64];
  snprintf(t, sizeof t, "%.*s", (int)len, token);
  if (!strcmp(t, "{own}") && latin) return;
  int row = layer->row_count - 1;
  expect(layer->key_count[row] < SEARCH_KEYBOARD_MAX_KEYS);
  search_key *k = &layer->keys[row][layer->key_count[row]++];
  memset(k, 0, sizeof *k);
  k->width = 2;
  if (!strcmp(t, "{space}")) { k->kind = SEARCH_KEY_SPACE; k->width = 4; snprintf(k->icon, sizeof k->icon, "space"); }
  else if (!strcmp(t, "{del}")) { k->kind = SEARCH_KEY_DELETE; snprintf(k->icon, sizeof k->icon, "delete"); }
  else if (!strcmp(t, "{zwnj}")) { k->kind = SEARCH_KEY_TEXT; snprintf(k->text, sizeof k->text, "\u200C"); snprintf(k->label, sizeof k->label, "نیم‌فاصله"); }
  else if (!strcmp(t, "{latin}")) { k->kind = SEARCH_KEY_LAYER; k->target = -2; snprintf(k->label, sizeof k->label, "abc"); }
  else if (!strcmp(t, "{own}")) { k->kind = SEARCH_KEY_LAYER; k->target = 0; snprintf(k->label, sizeof k->label, "%s", kb->layers[0].name); }
  else if (t[0] == '{' && t[1] == '>') {
    char *colon = strchr(t, ':');
    expect(colon && t[len - 1] == '}');
    *colon = 0;
    t[len - 1] = 0;
    k->kind = SEARCH_KEY_LAYER;
    k->target = search_layer_for(kb, t + 2);
    if (colon[1] == '^') snprintf(k->icon, sizeof k->icon, "%s", colon + 2);
    else snprintf(k->label, sizeof k->label, "%s", colon + 1);
  } else {
    size_t n;
    unsigned c = search_utf8_next(t, len, &n);
    expect(n == len);   /* one character per key */
    int mark = (c >= 0x064B && c <= 0x065F) || c == 0x0670;
    k->kind = pick && search_ethiopic_syllable(c, 1) ? SEARCH_KEY_PICK : SEARCH_KEY_TEXT;
    k->width = 1;
    memcpy(k->text, t, n);
    snprintf(k->label, sizeof k->label, "%s%.4s", mark ? "◌" : "", t);
  }
}

static void search_add_rows(search_keyboard *kb, const char *name, int latin) {
  for (size_t r = 0; r < UTIL_COUNT(search_layout_rows); r++) {
    const search_layout_row *row = &search_layout_rows[r];
    if (strcmp(row->keyboard, name)) continue;
    search_layer *layer = &kb->layers[search_layer_for(kb, row->layer)];
    int pick = row->layer[0] == '!';
    expect(layer->row_count < SEARCH_KEYBOARD_MAX_ROWS);
    layer->key_count[layer->row_count++] = 0;
    for (const char *p = row->row; *p;) {
      const char *end = strchr(p, ' ');
      size_t len = end ? (size_t)(end - p) : strlen(p);
      search_add_key(kb, layer, pick, p, len, latin);
      p += len;
      while (*p == ' ') p++;
    }
  }
}

static void search_build_keyboard(search_keyboard *kb, const char *lang, const char *own) {
  memset(kb, 0, sizeof *kb);
  snprintf(kb->lang, sizeof kb->lang, "%s", lang);
  search_add_rows(kb, own, 0);
  kb->latin_layer = kb->layer_count;
  search_add_rows(kb, "latin", kb->latin_layer == 0 || search_find_layer(kb, "abc") == 0);
  kb->latin_layer = search_find_layer(kb, "abc");
  for (int l = 0; l < kb->layer_count; l++)
    for (int r = 0; r < kb->layers[l].row_count; r++)
      for (int k = 0; k < kb->layers[l].key_count[r]; k++)
        if (kb->layers[l].keys[r][k].target == -2) kb->layers[l].keys[r][k].target = kb->latin_layer;
}

const search_keyboard *search_keyboard_for(const char *lang) {
  static int built;
  if (!built) {
    for (size_t i = 0; i < UTIL_COUNT(search_keyboard_langs); i++)
      search_build_keyboard(&search_keyboards[i], search_keyboard_langs[i].lang, search_keyboard_langs[i].keyboard);
    search_build_keyboard(&search_latin_keyboard, "latin", "");
    built = 1;
  }
  for (size_t i = 0; i < UTIL_COUNT(search_keyboard_langs); i++)
    if (!strcmp(search_keyboard_langs[i].lang, lang)) return &search_keyboards[i];
  return &search_latin_keyboard;
}

/* ---------------------------------------------------------------- pressing */

/* The picker of consonant: its orders 1-8 on the first row, the labiovelar forms on
 * the second, and a key back to the consonants. */
static void search_make_picker(search_layer *p, unsigned consonant, const search_keyboard *kb, int back) {
  memset(p, 0, sizeof *p);
  search_utf8_encode(consonant, p->name);
  for (int order = 1; order <= 14; order++) {
    unsigned c = search_ethiopic_syllable(consonant, order);
    int row = order > 8;
    if (!c) continue;
    search_key *k = &p->keys[row][p->key_count[row]++];
    k->kind = SEARCH_KEY_TEXT;
    k->width = 1;
    k->text[search_utf8_encode(c, k->text)] = 0;
    memcpy(k->label, k->text, sizeof k->text);
  }
  p->row_count = p->key_count[1] ? 2 : 1;
  search_key *k = &p->keys[p->row_count][0];
  p->key_count[p->row_count++] = 1;
  k->kind = SEARCH_KEY_LAYER;
  k->target = back;
  k->width = 2;
  snprintf(k->label, sizeof k->label, "%s", kb->layers[back].name);
}

void search_keyboard_start(search_keyboard_state *st, const search_keyboard *kb) {
  memset(st, 0, sizeof *st);
  st->keyboard = kb;
}

const search_layer *search_keyboard_layer(const search_keyboard_state *st) {
  return st->layer == SEARCH_KEYBOARD_PICKER ? &st->picker : &st->keyboard->layers[st->layer];
}

int search_keyboard_press(search_keyboard_state *st, int row, int col, char text[8]) {
  const search_layer *layer = search_keyboard_layer(st);
  text[0] = 0;
  if (row < 0 || row >= layer->row_count || col < 0 || col >= layer->key_count[row]) return SEARCH_PRESS_INVALID;
  const search_key *k = &layer->keys[row][col];
  switch (k->kind) {
  case SEARCH_KEY_TEXT:
    snprintf(text, 8, "%s", k->text);
    if (st->layer == SEARCH_KEYBOARD_PICKER) st->layer = st->pick_return;
    return SEARCH_PRESS_TEXT;
  case SEARCH_KEY_LAYER:
    st->layer = k->target;
    return SEARCH_PRESS_NONE;
  case SEARCH_KEY_PICK: {
    size_t n;
    unsigned c = search_utf8_next(k->text, strlen(k->text), &n);
    search_make_picker(&st->picker, c, st->keyboard, st->layer);
    st->pick_return = st->layer;
    st->consonant = c;
    st->layer = SEARCH_KEYBOARD_PICKER;
    return SEARCH_PRESS_NONE;
  }
  case SEARCH_KEY_SPACE: return SEARCH_PRESS_SPACE;
  case SEARCH_KEY_DELETE: return SEARCH_PRESS_DELETE;
  }
  return SEARCH_PRESS_INVALID;
}

/* ---------------------------------------------------------------- planning */

enum { SEARCH_PLAN_NODES = SEARCH_KEYBOARD_MAX_LAYERS * (1 + SEARCH_KEYBOARD_MAX_ROWS * SEARCH_KEYBOARD_MAX_KEYS) };

/* A place in the breadth-first search: a layer, or a picker opened from a layer. */
typedef struct { int layer, pick_return; unsigned consonant; int parent; search_keypress via; } search_plan_node;

/* Whether key k produces the wanted character (cp) or, for cp == ' ', is the space key. */
static int search_key_types(const search_key *k, unsigned cp) {
  if (cp == ' ') return k->kind == SEARCH_KEY_SPACE;
  size_t n;
  return k->kind == SEARCH_KEY_TEXT && search_utf8_next(k->text, strlen(k->text), &n) == cp && !k->text[n];
}

/* Appends the taps that lead from the search's root to node at, then the final tap,
 * pressing each on *st. Returns the new count, or -1 when max would be passed. */
static int search_plan_follow(search_keyboard_state *st, const search_plan_node *nodes, int at, search_keypress last,
                              search_keypress *keys, int count, int max) {
  int path[SEARCH_PLAN_NODES], depth = 0;
  char out[8];
  for (; at > 0; at = nodes[at].parent) path[depth++] = at;
  if (count + depth + 1 > max) return -1;
  while (depth--) {
    keys[count++] = nodes[path[depth]].via;
    search_keyboard_press(st, nodes[path[depth]].via.row, nodes[path[depth]].via.col, out);
  }
  keys[count++] = last;
  search_keyboard_press(st, last.row, last.col, out);
  return count;
}

/* The place a layer or pick key leads to from node (layer -3: nowhere). */
static search_plan_node search_plan_next(const search_key *k, const search_plan_node *node, int parent, search_keypress via) {
  search_plan_node next = { -3, node->layer, 0, parent, via };
  size_t n;
  if (k->kind == SEARCH_KEY_LAYER) { next.layer = k->target; next.pick_return = 0; }
  if (k->kind == SEARCH_KEY_PICK) {
    next.layer = SEARCH_KEYBOARD_PICKER;
    next.consonant = search_utf8_next(k->text, strlen(k->text), &n);
  }
  return next;
}

/* Shortest taps from *st to a key typing cp (breadth-first over layers and pickers),
 * pressed on *st and appended to keys. Returns the new count, or -1 when no key types
 * cp or max is reached. Not reentrant (static node table). */
static int search_plan_char(search_keyboard_state *st, unsigned cp, search_keypress *keys, int count, int max) {
  static search_plan_node nodes[SEARCH_PLAN_NODES];
  int head = 0, tail = 0;
  nodes[tail++] = (search_plan_node){ st->layer, st->pick_return, st->consonant, -1, { 0, 0, 0 } };
  for (; head < tail; head++) {
    search_plan_node node = nodes[head];
    search_layer picker;
    const search_layer *layer = &st->keyboard->layers[node.layer >= 0 ? node.layer : 0];
    if (node.layer == SEARCH_KEYBOARD_PICKER) {
      search_make_picker(&picker, node.consonant, st->keyboard, node.pick_return);
      layer = &picker;
    }
    for (int r = 0; r < layer->row_count; r++)
      for (int c = 0; c < layer->key_count[r]; c++) {
        search_keypress press = { node.layer, r, c };
        if (search_key_types(&layer->keys[r][c], cp)) return search_plan_follow(st, nodes, head, press, keys, count, max);
        search_plan_node next = search_plan_next(&layer->keys[r][c], &node, head, press);
        int seen = next.layer == -3;
        for (int i = 0; i < tail && !seen; i++)
          seen = nodes[i].layer == next.layer && nodes[i].consonant == next.consonant &&
                 (next.layer != SEARCH_KEYBOARD_PICKER || nodes[i].pick_return == next.pick_return);
        if (!seen && tail < SEARCH_PLAN_NODES) nodes[tail++] = next;
      }
  }
  return -1;
}

int search_keyboard_sequence(const search_keyboard_state *start, const char *text, search_keypress *keys, int max,
                             char *err, size_t errlen) {
  static search_keyboard_state st;   /* a copy to plan on (holds a picker layer) */
  st = *start;
  int count = 0, index = 0;
  size_t len = strlen(text);
  for (size_t i = 0; i < len; index++) {
    size_t n;
    unsigned cp = search_utf8_next(text + i, len - i, &n);
    int next = search_plan_char(&st, cp, keys, count, max);
    if (next < 0)
      return util_error(err, errlen, "U+%04X '%.*s' (character %d) has no key on the %s keyboard%s", cp, (int)n,
                        text + i, index + 1, st.keyboard->lang, count >= max ? " (or too many taps)" : "");
    count = next;
    i += n;
  }
  return count;
}
