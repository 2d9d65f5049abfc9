/*
 * common.c - allocator wrappers, the byte buffer, hex and time helpers.
 *
 * The allocator is copied into each object so that memory can be counted
 * (the benchmarks' peak figures) or made to fail (the error-path tests);
 * every path that allocates returns PX_ENOMEM rather than aborting.
 */
#include "common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void *sys_malloc(void *o, size_t n) { (void)o; return malloc(n); }
static void *sys_realloc(void *o, void *p, size_t n) { (void)o; return realloc(p, n); }
static void sys_free(void *o, void *p) { (void)o; free(p); }

void px_alloc_init(px_allocator *dst, const px_allocator *src) {
    if (src && src->malloc_fn && src->realloc_fn && src->free_fn) {
        *dst = *src;
    } else {
        dst->malloc_fn = sys_malloc;
        dst->realloc_fn = sys_realloc;
        dst->free_fn = sys_free;
        dst->opaque = NULL;
    }
}

void *px_malloc(const px_allocator *a, size_t n) {
    return a->malloc_fn(a->opaque, n ? n : 1);
}

void *px_calloc(const px_allocator *a, size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = px_malloc(a, n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void *px_realloc(const px_allocator *a, void *p, size_t n) {
    return a->realloc_fn(a->opaque, p, n ? n : 1);
}

void px_free(const px_allocator *a, void *p) {
    if (p) a->free_fn(a->opaque, p);
}

char *px_strndup(const px_allocator *a, const char *s, size_t n) {
    char *d = px_malloc(a, n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *px_strdup(const px_allocator *a, const char *s) {
    return px_strndup(a, s, strlen(s));
}

px_status px_grow(const px_allocator *a, void **p, size_t *cap, size_t need,
                  size_t elem) {
    if (need <= *cap) return PX_OK;
    size_t nc = *cap ? *cap : 8;
    while (nc < need) {
        if (nc > SIZE_MAX / 2) return PX_ENOMEM;
        nc *= 2;
    }
    if (elem && nc > SIZE_MAX / elem) return PX_ENOMEM;
    void *np = px_realloc(a, *p, nc * elem);
    if (!np) return PX_ENOMEM;
    *p = np;
    *cap = nc;
    return PX_OK;
}

void px_buf_init(px_buf *b, const px_allocator *al) {
    b->p = NULL;
    b->len = b->cap = 0;
    b->al = al;
}

void px_buf_free(px_buf *b) {
    px_free(b->al, b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

px_status px_buf_reserve(px_buf *b, size_t extra) {
    if (extra > SIZE_MAX - b->len - 1) return PX_ENOMEM;
    return px_grow(b->al, (void **)&b->p, &b->cap, b->len + extra + 1, 1);
}

px_status px_buf_add(px_buf *b, const void *s, size_t n) {
    PX_TRY(px_buf_reserve(b, n));
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return PX_OK;
}

px_status px_buf_adds(px_buf *b, const char *s) { return px_buf_add(b, s, strlen(s)); }

px_status px_buf_addc(px_buf *b, char c) { return px_buf_add(b, &c, 1); }

px_status px_buf_printf(px_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return PX_EINVAL;
    PX_TRY(px_buf_reserve(b, (size_t)n));
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return PX_OK;
}

char *px_buf_take(px_buf *b) {
    char *p = b->p;
    if (!p) p = px_strndup(b->al, "", 0);
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

void px_hex64(uint64_t v, char out[17]) {
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = hex[v & 15];
        v >>= 4;
    }
    out[16] = '\0';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil, written out from its published description). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static bool digits(const char *s, size_t n, size_t at, size_t k, int *out) {
    if (at + k > n) return false;
    int v = 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[at + i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

int64_t px_parse_time(const char *s, size_t n) {
    int y, mo, d, h = 0, mi = 0, se = 0;
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (!digits(s, n, 0, 4, &y) || n < 10 || s[4] != '-' ||
        !digits(s, n, 5, 2, &mo) || s[7] != '-' || !digits(s, n, 8, 2, &d))
        return PX_TIME_UNKNOWN;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return PX_TIME_UNKNOWN;
    size_t i = 10;
    int64_t off = 0;
    if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        i++;
        if (!digits(s, n, i, 2, &h) || i + 2 >= n || s[i + 2] != ':' ||
            !digits(s, n, i + 3, 2, &mi))
            return PX_TIME_UNKNOWN;
        i += 5;
        if (i < n && s[i] == ':') {
            if (!digits(s, n, i + 1, 2, &se)) return PX_TIME_UNKNOWN;
            i += 3;
            if (i < n && (s[i] == '.' || s[i] == ',')) {
                i++;
                while (i < n && s[i] >= '0' && s[i] <= '9') i++;
            }
        }
        if (h > 24 || mi > 59 || se > 60) return PX_TIME_UNKNOWN;
        if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
            i++;
        } else if (i < n && (s[i] == '+' || s[i] == '-')) {
            int oh, om = 0;
            int sign = s[i] == '-' ? -1 : 1;
            i++;
            if (!digits(s, n, i, 2, &oh)) return PX_TIME_UNKNOWN;
            i += 2;
            if (i < n && s[i] == ':') i++;
            if (i < n) {
                if (!digits(s, n, i, 2, &om)) return PX_TIME_UNKNOWN;
                i += 2;
            }
            off = sign * (oh * 3600 + om * 60);
        }
    }
    if (i != n) return PX_TIME_UNKNOWN;
    return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
           mi * 60 + se - off;
}
