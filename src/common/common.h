/*
 * common.h - what every module of libparallax shares: the allocator
 * wrappers, a growable byte buffer, the error-propagation macro and the
 * hash used for every id and signature.
 *
 * Nothing here is public API. Modules include this and their own header;
 * see src/README.md for which module may include which.
 */
#ifndef PX_COMMON_H
#define PX_COMMON_H

#include "parallax.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

/* Propagate a failure: evaluate expr once, return its status if not PX_OK. */
#define PX_TRY(expr)                                                         \
    do {                                                                     \
        px_status px_try_st_ = (expr);                                       \
        if (px_try_st_ != PX_OK) return px_try_st_;                          \
    } while (0)

#define PX_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define PX_MIN(a, b) ((a) < (b) ? (a) : (b))
#define PX_MAX(a, b) ((a) > (b) ? (a) : (b))

/* ---- allocator ---- */

/* Fills *dst from src, or with the malloc family when src is NULL. */
void px_alloc_init(px_allocator *dst, const px_allocator *src);
void *px_malloc(const px_allocator *a, size_t n);
void *px_calloc(const px_allocator *a, size_t n, size_t size);
/* On failure returns NULL and leaves p untouched. */
void *px_realloc(const px_allocator *a, void *p, size_t n);
void px_free(const px_allocator *a, void *p);
/* Copies n bytes and adds a NUL; NULL when memory runs out. */
char *px_strndup(const px_allocator *a, const char *s, size_t n);
char *px_strdup(const px_allocator *a, const char *s);
/* Grows an array *p of *cap elements to hold at least need; doubles. */
px_status px_grow(const px_allocator *a, void **p, size_t *cap, size_t need,
                  size_t elem);

/* ---- byte buffer ---- */

/* Always NUL-terminated when p is not NULL; binary-safe through len. */
typedef struct px_buf {
    char *p;                /* bytes, NUL at p[len] */
    size_t len;             /* bytes used */
    size_t cap;             /* bytes allocated */
    const px_allocator *al; /* where the bytes come from */
} px_buf;

void px_buf_init(px_buf *b, const px_allocator *al);
void px_buf_free(px_buf *b);
px_status px_buf_reserve(px_buf *b, size_t extra);
px_status px_buf_add(px_buf *b, const void *s, size_t n);
px_status px_buf_adds(px_buf *b, const char *s);
px_status px_buf_addc(px_buf *b, char c);
px_status px_buf_printf(px_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Takes the bytes (caller frees with px_free) and empties the buffer. */
char *px_buf_take(px_buf *b);
static inline void px_buf_clear(px_buf *b) {
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

/* ---- word lists ---- */

/* True when w[0..n) is one of the NUL-terminated words of list (ended by
 * NULL). Compares byte by byte, so most entries cost one comparison:
 * lists of a few hundred words are scanned per token. */
static inline bool px_word_in(const char *const *list, const char *w, size_t n) {
    for (; *list; list++) {
        const char *e = *list;
        size_t i = 0;
        while (i < n && e[i] && e[i] == w[i]) i++;
        if (i == n && e[i] == '\0') return true;
    }
    return false;
}

/* ---- hashing ---- */

/* The one 64-bit hash of the library (XXH3, seeded). Values that are stored
 * or compared across runs are written big-endian (see px_hex64). */
static inline uint64_t px_hash64(const void *p, size_t n, uint64_t seed) {
    return XXH3_64bits_withSeed(p, n, seed);
}
/* Writes 16 lowercase hex digits of v, most significant first, and a NUL. */
void px_hex64(uint64_t v, char out[17]);

/* ---- time ---- */

/* Parses ISO 8601 dates: YYYY-MM-DD, with optional THH:MM[:SS[.frac]] and
 * Z or +HH:MM / -HHMM; a space may stand for T. PX_TIME_UNKNOWN otherwise. */
int64_t px_parse_time(const char *s, size_t n);

#endif
