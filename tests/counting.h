/*
 * counting.h - an allocator that counts the bytes live through it and
 * their peak, for the memory figures of benchmarks and the bounded-memory
 * tests. Header-only and free of cmocka, so that bench/ can use it too.
 */
#ifndef PX_TESTS_COUNTING_H
#define PX_TESTS_COUNTING_H

#include <stdlib.h>

#include "parallax.h"

typedef struct tu_counter {
    size_t live, peak; /* bytes allocated and not freed; their maximum */
} tu_counter;

/* Each block carries its size in a 16-byte header, which keeps the
 * alignment malloc gives. */
static inline void *tu_count_malloc(void *o, size_t n) {
    tu_counter *c = o;
    size_t *p = malloc(n + 16);
    if (!p) return NULL;
    *p = n;
    c->live += n;
    if (c->live > c->peak) c->peak = c->live;
    return (char *)p + 16;
}
static inline void tu_count_free(void *o, void *q) {
    if (!q) return;
    tu_counter *c = o;
    size_t *p = (size_t *)((char *)q - 16);
    c->live -= *p;
    free(p);
}
static inline void *tu_count_realloc(void *o, void *q, size_t n) {
    if (!q) return tu_count_malloc(o, n);
    tu_counter *c = o;
    size_t *p = (size_t *)((char *)q - 16), old = *p;
    size_t *r = realloc(p, n + 16);
    if (!r) return NULL;
    *r = n;
    c->live = c->live - old + n;
    if (c->live > c->peak) c->peak = c->live;
    return (char *)r + 16;
}
static inline px_allocator tu_counting_allocator(tu_counter *c) {
    px_allocator a = {tu_count_malloc, tu_count_realloc, tu_count_free, c};
    return a;
}

#endif
