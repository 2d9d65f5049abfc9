/*
 * testutil.h - shared helpers of the unit tests: cmocka, the path of the
 * shared data sets (skipped cleanly when absent), a counting and a failing
 * allocator.
 */
#ifndef PX_TESTUTIL_H
#define PX_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "parallax.h"

/* Where ../shared lives: $PX_SHARED, or ../shared from the repo root. NULL
 * (and a note on stderr) when absent, so tests can skip() cleanly. */
static inline const char *tu_shared(void) {
    const char *e = getenv("PX_SHARED");
    const char *p = e && *e ? e : "../shared";
    struct stat st;
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "note: %s is absent; tests on shared data skipped\n", p);
        return NULL;
    }
    return p;
}

/* An allocator that fails after `budget` successful allocations. */
typedef struct tu_failing {
    long budget;   /* allocations left before failures start */
    long live;     /* blocks allocated and not freed */
} tu_failing;

static inline void *tu_fail_malloc(void *o, size_t n) {
    tu_failing *f = o;
    if (f->budget-- <= 0) return NULL;
    void *p = malloc(n);
    if (p) f->live++;
    return p;
}
static inline void *tu_fail_realloc(void *o, void *p, size_t n) {
    tu_failing *f = o;
    if (f->budget-- <= 0) return NULL;
    void *q = realloc(p, n);
    if (q && !p) f->live++;
    return q;
}
static inline void tu_fail_free(void *o, void *p) {
    tu_failing *f = o;
    if (p) f->live--;
    free(p);
}
static inline px_allocator tu_failing_allocator(tu_failing *f) {
    px_allocator a = {tu_fail_malloc, tu_fail_realloc, tu_fail_free, f};
    return a;
}

/* Appends printf output to *s, a malloc'd string (NULL to start). */
static inline void tu_appendf(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void tu_appendf(char **s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    size_t k = *s ? strlen(*s) : 0;
    char *p = realloc(*s, k + (size_t)n + 1);
    assert_non_null(p);
    va_start(ap, fmt);
    vsnprintf(p + k, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *s = p;
}

/* Appends one doc as "id|path|title|source|url|published|time|lang|text"
 * (time -1 when unknown) and a newline. */
static inline void tu_doc_line(char **out, const px_doc *d) {
    int64_t t = px_doc_time(d);
    tu_appendf(out, "%s|%s|%s|%s|%s|%s|%lld|%s|%s\n", px_doc_id(d), px_doc_path(d),
               px_doc_title(d), px_doc_source(d), px_doc_url(d), px_doc_published(d),
               t == PX_TIME_UNKNOWN ? -1LL : (long long)t, px_doc_language(d),
               px_doc_text(d, NULL));
}

/* Feeds s[0..n) to r in chunks of k bytes (0: one chunk), finishes it and
 * describes every result, one line each: "[LINE ]id|path|title|text" for a
 * doc (the reader's line first when lines), "STATUS message" for a bad
 * record. Then checks the reader takes nothing more, and frees it. */
static inline char *tu_feed_chunks(px_reader *r, const char *s, size_t n, size_t k, bool lines) {
    char *out = NULL;
    tu_appendf(&out, "%s", "");
    size_t pos = 0;
    for (bool fin = false; !fin;) {
        if (pos < n) {
            size_t m = k && k < n - pos ? k : n - pos;
            assert_int_equal(px_reader_feed(r, s + pos, m), PX_OK);
            pos += m;
        } else {
            assert_int_equal(px_reader_finish(r), PX_OK);
            fin = true;
        }
        px_doc *d;
        px_status st;
        while ((st = px_reader_next(r, &d)) != PX_ESTATE) {
            if (st == PX_OK) {
                if (lines) tu_appendf(&out, "%lu ", px_reader_line(r));
                tu_appendf(&out, "%s|%s|%s|%s\n", px_doc_id(d), px_doc_path(d), px_doc_title(d),
                           px_doc_text(d, NULL));
                px_doc_free(d);
            } else {
                assert_null(d);
                tu_appendf(&out, "%d %s\n", st, px_reader_last_error(r));
            }
        }
    }
    assert_int_equal(px_reader_feed(r, "x", 1), PX_ESTATE);
    px_reader_free(r);
    return out;
}

/* Fills t (room for at least len + the longest piece + 1 bytes) with
 * pieces drawn by a xorshift generator from *x until len bytes are
 * reached: random text made of the shapes a parser cares about. */
static inline void tu_random_text(char *t, size_t len, const char *const *pieces,
                                  size_t npieces, uint64_t *x) {
    size_t n = 0;
    while (n < len) {
        *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
        const char *p = pieces[*x % npieces];
        memcpy(t + n, p, strlen(p));
        n += strlen(p);
    }
    t[n] = '\0';
}

/* Reads a whole file; NULL when it cannot. Caller frees. */
static inline char *tu_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    size_t k;
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(b, cap * 2 + 1);
            if (!nb) { free(b); b = NULL; break; }
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (b) b[n] = '\0';
    if (len) *len = n;
    return b;
}

#endif
