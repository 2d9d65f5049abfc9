/*
 * extract_metric.h - the article-extraction benchmark's score of one page
 * (../shared/data/article-extraction/SOURCE.md), shared by
 * bench/extract_bench.c and tests/test_extract.c.
 *
 * Both texts become runs of Unicode word characters (letters, digits,
 * underscore, as \w+); each text a multiset of 4-token shingles (one
 * shingle for a text under 4 tokens). TP = shared shingles (multiset), FP =
 * extra predicted, FN = missing; precision TP/(TP+FP), recall TP/(TP+FN),
 * both 1 when FP = FN = 0 and undefined (has_p, has_r false) when their
 * denominator is 0; exact when the token sequences are equal. Averages
 * over pages and the F1 of the averages are the caller's.
 */
#ifndef PX_EXTRACT_METRIC_H
#define PX_EXTRACT_METRIC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <xxhash.h>


static bool em_word_char(utf8proc_int32_t c) {
    if (c == '_') return true;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

typedef struct em_toks {
    uint64_t *h; /* token hashes */
    size_t n, cap;
} em_toks;

static void em_tokenize(const char *s, size_t n, em_toks *t) {
    t->n = 0;
    size_t i = 0, start = 0;
    bool in = false;
    while (i <= n) {
        utf8proc_int32_t c = -1;
        utf8proc_ssize_t k = 1;
        if (i < n) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
            if (k < 1) k = 1, c = -1;
        }
        bool w = i < n && c >= 0 && em_word_char(c);
        if (w && !in) start = i, in = true;
        if (!w && in) {
            if (t->n == t->cap) {
                t->cap = t->cap ? t->cap * 2 : 1024;
                t->h = realloc(t->h, t->cap * sizeof *t->h);
                if (!t->h) abort();
            }
            t->h[t->n++] = XXH3_64bits_withSeed(s + start, i - start, 7);
            in = false;
        }
        i += (size_t)k;
    }
}

static int em_u64cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorted shingle hashes of a token list into *out (malloc'd). */
static size_t em_shingles(const em_toks *t, uint64_t **out) {
    size_t m = t->n == 0 ? 0 : t->n < 4 ? 1 : t->n - 3;
    uint64_t *s = malloc((m ? m : 1) * sizeof *s);
    if (!s) abort();
    for (size_t i = 0; i < m; i++) {
        size_t w = t->n < 4 ? t->n : 4;
        s[i] = XXH3_64bits_withSeed(t->h + i, w * sizeof *t->h, 11);
    }
    qsort(s, m, sizeof *s, em_u64cmp);
    *out = s;
    return m;
}

typedef struct em_score {
    double p, r, f;
    bool has_p, has_r, exact;
} em_score;

static em_score em_compare(const char *truth, size_t tn, const char *pred, size_t pn) {
    em_toks a = {0}, b = {0};
    em_tokenize(truth, tn, &a);
    em_tokenize(pred, pn, &b);
    em_score sc = {0, 0, 0, false, false, false};
    sc.exact = a.n == b.n && (a.n == 0 || memcmp(a.h, b.h, a.n * sizeof *a.h) == 0);
    uint64_t *sa, *sb;
    size_t na = em_shingles(&a, &sa), nb = em_shingles(&b, &sb);
    size_t i = 0, j = 0, tp = 0;
    while (i < na && j < nb) {
        if (sa[i] == sb[j]) tp++, i++, j++;
        else if (sa[i] < sb[j]) i++;
        else j++;
    }
    size_t fp = nb - tp, fn = na - tp;
    if (fp == 0 && fn == 0) {
        sc.p = sc.r = 1;
        sc.has_p = sc.has_r = true;
    } else {
        if (tp + fp) sc.p = (double)tp / (double)(tp + fp), sc.has_p = true;
        if (tp + fn) sc.r = (double)tp / (double)(tp + fn), sc.has_r = true;
    }
    sc.f = sc.p + sc.r > 0 ? 2 * sc.p * sc.r / (sc.p + sc.r) : 0;
    free(a.h);
    free(b.h);
    free(sa);
    free(sb);
    return sc;
}

#endif
