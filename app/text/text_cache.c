/* text_cache.c — layouts cached by their inputs, so the UI lays out a paragraph once
 * and draws it every frame without allocating. */
#include "text/text.h"
#include <stdio.h>         /* snprintf */
#include <stdlib.h>        /* free */
#include <string.h>        /* memcmp, strcmp */
#include "util/util.h"     /* util_calloc, util_malloc */

typedef struct cache_entry {
  char *text; size_t len;
  char lang[24];
  int size_px, bold, max_width_px, align;
  text_span *spans; int span_count;
  size_t hash;
  text_layout *layout;
  struct cache_entry *next;          /* hash chain */
  struct cache_entry *newer, *older; /* recency list */
} cache_entry;

struct text_cache {
  text_fonts *fonts;
  int capacity, count;
  long hits;
  cache_entry **table; size_t buckets;
  cache_entry *newest, *oldest;
};

static size_t hash_bytes(size_t h, const void *data, size_t len) {
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++) { h ^= p[i]; h *= 1099511628211ull; }
  return h;
}

static size_t params_hash(const char *text, size_t len, const text_params *p) {
  size_t h = 1469598103934665603ull;
  int ints[4] = { p->size_px, p->bold ? 1 : 0, p->max_width_px, p->align };
  h = hash_bytes(h, text, len);
  h = hash_bytes(h, p->lang, strlen(p->lang));
  h = hash_bytes(h, ints, sizeof ints);
  if (p->span_count > 0) h = hash_bytes(h, p->spans, (size_t)p->span_count * sizeof *p->spans);
  return h;
}

static int entry_matches(const cache_entry *e, size_t hash, const char *text, size_t len,
                         const text_params *p) {
  return e->hash == hash && e->len == len && e->size_px == p->size_px &&
         e->bold == (p->bold ? 1 : 0) && e->max_width_px == p->max_width_px &&
         e->align == p->align && e->span_count == p->span_count && !strcmp(e->lang, p->lang) &&
         !memcmp(e->text, text, len) &&
         (p->span_count == 0 || !memcmp(e->spans, p->spans, (size_t)p->span_count * sizeof *p->spans));
}

text_cache *text_cache_new(text_fonts *fonts, int capacity) {
  expect(fonts && capacity > 0);
  text_cache *c = util_calloc(1, sizeof *c);
  c->fonts = fonts;
  c->capacity = capacity;
  c->buckets = 64;
  while (c->buckets < (size_t)capacity * 2) c->buckets *= 2;
  c->table = util_calloc(c->buckets, sizeof *c->table);
  return c;
}

static void unlink_recency(text_cache *c, cache_entry *e) {
  if (e->newer) e->newer->older = e->older; else c->newest = e->older;
  if (e->older) e->older->newer = e->newer; else c->oldest = e->newer;
  e->newer = e->older = NULL;
}

static void push_newest(text_cache *c, cache_entry *e) {
  e->older = c->newest;
  e->newer = NULL;
  if (c->newest) c->newest->newer = e; else c->oldest = e;
  c->newest = e;
}

static void evict(text_cache *c, cache_entry *e) {
  cache_entry **link = &c->table[e->hash & (c->buckets - 1)];
  while (*link != e) link = &(*link)->next;
  *link = e->next;
  unlink_recency(c, e);
  text_layout_free(e->layout);
  free(e->text);
  free(e->spans);
  free(e);
  c->count--;
}

/* Doubles the table when chains would grow long (the UI may hold more than
 * capacity entries between two trims). */
static void maybe_grow(text_cache *c) {
  if ((size_t)c->count < c->buckets) return;
  size_t buckets = c->buckets * 2;
  cache_entry **table = util_calloc(buckets, sizeof *table);
  for (size_t b = 0; b < c->buckets; b++) {
    cache_entry *e = c->table[b];
    while (e) {
      cache_entry *next = e->next;
      e->next = table[e->hash & (buckets - 1)];
      table[e->hash & (buckets - 1)] = e;
      e = next;
    }
  }
  free(c->table);
  c->table = table;
  c->buckets = buckets;
}

const text_layout *text_cache_get(text_cache *c, const char *utf8, size_t len,
                                  const text_params *params, char *err, size_t errlen) {
  if (!params || !params->lang || strlen(params->lang) >= sizeof ((cache_entry *)0)->lang ||
      (!utf8 && len)) {
    util_error(err, errlen, "text cache: bad arguments");
    return NULL;
  }
  const char *text = utf8 ? utf8 : "";
  size_t hash = params_hash(text, len, params);
  for (cache_entry *e = c->table[hash & (c->buckets - 1)]; e; e = e->next) {
    if (!entry_matches(e, hash, text, len, params)) continue;
    unlink_recency(c, e);
    push_newest(c, e);
    c->hits++;
    return e->layout;
  }
  text_layout *layout = text_layout_paragraph(c->fonts, text, len, params, err, errlen);
  if (!layout) return NULL;
  cache_entry *e = util_calloc(1, sizeof *e);
  e->text = util_malloc(len + 1);
  memcpy(e->text, text, len);
  e->text[len] = 0;
  e->len = len;
  snprintf(e->lang, sizeof e->lang, "%s", params->lang);
  e->size_px = params->size_px;
  e->bold = params->bold ? 1 : 0;
  e->max_width_px = params->max_width_px;
  e->align = params->align;
  e->span_count = params->span_count;
  if (params->span_count > 0) {
    e->spans = util_malloc((size_t)params->span_count * sizeof *e->spans);
    memcpy(e->spans, params->spans, (size_t)params->span_count * sizeof *e->spans);
  }
  e->hash = hash;
  e->layout = layout;
  e->next = c->table[hash & (c->buckets - 1)];
  c->table[hash & (c->buckets - 1)] = e;
  push_newest(c, e);
  c->count++;
  maybe_grow(c);
  return layout;
}

void text_cache_trim(text_cache *c) {
  while (c->count > c->capacity) evict(c, c->oldest);
}

void text_cache_clear(text_cache *c) {
  while (c->oldest) evict(c, c->oldest);
}

void text_cache_free(text_cache *c) {
  if (!c) return;
  text_cache_clear(c);
  free(c->table);
  free(c);
}

int text_cache_count(const text_cache *c) { return c->count; }
long text_cache_hits(const text_cache *c) { return c->hits; }
