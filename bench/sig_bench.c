/*
 * sig_bench.c - throughput of the signature stage and of the LSH index.
 *
 * Consumes nothing but its arguments (or one text file) and produces one
 * line per figure, "name<TAB>value<TAB>unit", on standard output:
 *
 *   - hashing words: the floor the issue sets ("reading and hashing the
 *     text once"): splitting text on spaces and hashing each word with
 *     px_hash64;
 *   - the same plus mh_shingles and mh_signature per document of 100 and
 *     500 words at perm 128 and 256, in docs/s and MB/s of text, and the
 *     ratio of the two times;
 *   - mh_shingles + mh_signature alone on token hashes, in docs/s;
 *   - the LSH index: adds/s, queries/s and bytes per item at N items
 *     (default 1,000,000; 20% of them near copies of another).
 *
 * Usage: sig_bench [-n ITEMS] [TEXT_FILE]. Without a file it generates
 * 64 MB of text from a made-up Zipf vocabulary (6.0 bytes per word, space
 * included, close to English news).
 */
#include "sig/sig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rng_next(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void figure(const char *name, double value, const char *unit) {
    printf("%s\t%.6g\t%s\n", name, value, unit);
    fflush(stdout);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "sig_bench: out of memory\n");
        exit(1);
    }
    return p;
}

/* Text of about `bytes` bytes: words of 2-9 letters drawn with Zipf-like
 * frequencies (rank r with weight 1/r, by inverse transform on a
 * log-uniform variate), separated by single spaces. */
static char *make_text(size_t bytes, size_t *len) {
    enum { V = 30000 };
    char(*word)[12] = xmalloc(V * sizeof *word);
    uint64_t s = 1;
    static const char letters[] = "etaoinshrdlcumwfgypbvk";
    for (int i = 0; i < V; i++) {
        int n = 2 + (int)(rng_next(&s) % 8);
        for (int k = 0; k < n; k++) word[i][k] = letters[rng_next(&s) % 22];
        word[i][n] = '\0';
    }
    char *t = xmalloc(bytes + 16);
    size_t n = 0;
    while (n < bytes) {
        double u = (double)(rng_next(&s) >> 11) / 9007199254740992.0;
        size_t r = (size_t)(exp(u * log((double)V)) - 1);
        if (r >= V) r = V - 1;
        size_t wl = strlen(word[r]);
        if (n + wl + 1 > bytes) break;
        memcpy(t + n, word[r], wl);
        n += wl;
        t[n++] = ' ';
    }
    t[n] = '\0';
    free(word);
    *len = n;
    return t;
}

/* Splits on ASCII whitespace and hashes each word; returns the count. */
static size_t hash_words(const char *t, size_t len, uint64_t *out) {
    size_t n = 0, i = 0;
    while (i < len) {
        while (i < len && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r')) i++;
        size_t b = i;
        while (i < len && !(t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r')) i++;
        if (i > b) out[n++] = px_hash64(t + b, i - b, 0x5041524cULL);
    }
    return n;
}

static void bench_text(const char *t, size_t len) {
    uint64_t *h = xmalloc((len / 2 + 2) * sizeof *h);
    double mb = len / 1e6;
    /* the floor: read and hash every word once */
    double best = 1e30;
    size_t nw = 0;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now();
        nw = hash_words(t, len, h);
        double dt = now() - t0;
        if (dt < best) best = dt;
    }
    double floor_s = best;
    figure("hash_words.mb_per_s", mb / floor_s, "MB/s");
    figure("text.bytes_per_word", (double)len / nw, "bytes");

    uint64_t *sh = xmalloc((nw + 1) * sizeof *sh);
    uint32_t sig[256];
    static const unsigned doclen[] = {100, 500};
    static const unsigned perms[] = {128, 256};
    for (int d = 0; d < 2; d++) {
        for (int p = 0; p < 2; p++) {
            unsigned perm = perms[p], w = doclen[d];
            best = 1e30;
            size_t docs = 0;
            uint32_t sink = 0;
            for (int rep = 0; rep < 3; rep++) {
                double t0 = now();
                size_t n = hash_words(t, len, h);
                docs = 0;
                for (size_t i = 0; i + w <= n; i += w) {
                    size_t ns = mh_shingles(h + i, w, 5, sh);
                    mh_signature(sh, ns, perm, sig);
                    sink ^= sig[0];
                    docs++;
                }
                double dt = now() - t0;
                if (dt < best) best = dt;
            }
            char name[96];
            snprintf(name, sizeof name, "hash+minhash.%uw.perm%u.docs_per_s", w, perm);
            figure(name, docs / best, "docs/s");
            snprintf(name, sizeof name, "hash+minhash.%uw.perm%u.mb_per_s", w, perm);
            figure(name, mb / best, "MB/s");
            snprintf(name, sizeof name, "hash+minhash.%uw.perm%u.time_vs_hash", w, perm);
            figure(name, best / floor_s, "x");
            if (sink == 42) fprintf(stderr, " ");
        }
    }
    free(sh);
    free(h);
}

/* mh_shingles + mh_signature alone, on token hashes. */
static void bench_minhash(void) {
    enum { V = 20000, DOCS = 200000 };
    uint64_t s = 9;
    uint64_t *vocab = xmalloc(V * sizeof *vocab);
    for (int i = 0; i < V; i++) vocab[i] = rng_next(&s);
    uint64_t *tok = xmalloc(500 * sizeof *tok), *sh = xmalloc(501 * sizeof *sh);
    uint32_t sig[1024];
    static const unsigned doclen[] = {100, 500};
    static const unsigned perms[] = {128, 256, 1024};
    for (int d = 0; d < 2; d++) {
        for (int p = 0; p < 3; p++) {
            unsigned w = doclen[d], perm = perms[p];
            size_t docs = DOCS * 100 / w / (perm > 256 ? 4 : 1);
            for (unsigned k = 0; k < w; k++) tok[k] = vocab[rng_next(&s) % V];
            uint32_t sink = 0;
            double t0 = now();
            for (size_t i = 0; i < docs; i++) {
                tok[i % w] = vocab[rng_next(&s) % V]; /* vary the text a little */
                size_t ns = mh_shingles(tok, w, 5, sh);
                mh_signature(sh, ns, perm, sig);
                sink ^= sig[1];
            }
            double dt = now() - t0;
            char name[96];
            snprintf(name, sizeof name, "minhash.%uw.perm%u.docs_per_s", w, perm);
            figure(name, docs / dt, "docs/s");
            snprintf(name, sizeof name, "minhash.%uw.perm%u.ns_per_word", w, perm);
            figure(name, dt * 1e9 / ((double)docs * w), "ns/word");
            if (sink == 42) fprintf(stderr, " ");
        }
    }
    /* the worst case of densification: a one-shingle text fills every bin
     * directly, two shingles make every empty bin probe perm/2 times */
    for (int p = 0; p < 3; p++) {
        unsigned perm = perms[p];
        size_t docs = 20000;
        double t0 = now();
        for (size_t i = 0; i < docs; i++) {
            sh[0] = rng_next(&s);
            sh[1] = rng_next(&s);
            mh_signature(sh, 2, perm, sig);
        }
        double dt = now() - t0;
        char name[96];
        snprintf(name, sizeof name, "minhash.2shingles.perm%u.docs_per_s", perm);
        figure(name, docs / dt, "docs/s");
    }
    free(tok);
    free(sh);
    free(vocab);
}

static void count_id(void *ud, uint32_t id) {
    (void)id;
    (*(size_t *)ud)++;
}

static void bench_lsh(size_t n, unsigned perm) {
    uint32_t *sig = xmalloc(n * perm * sizeof *sig);
    uint64_t s = 11;
    uint64_t sh[100];
    /* 80% distinct texts of 100 shingles; 20% copies of an earlier text
     * with 3 shingles changed (exact J ~0.94). Text i's shingles come from
     * its own generator state seed[i], so a copy can regenerate them. */
    uint64_t *seed = xmalloc(n * sizeof *seed);
    for (size_t i = 0; i < n; i++) {
        uint64_t ss;
        if (i > 0 && rng_next(&s) % 5 == 0) {
            seed[i] = seed[rng_next(&s) % i];
            ss = seed[i];
            for (int k = 0; k < 100; k++) sh[k] = rng_next(&ss);
            for (int k = 0; k < 3; k++) sh[rng_next(&s) % 100] = rng_next(&s);
        } else {
            seed[i] = ss = rng_next(&s);
            for (int k = 0; k < 100; k++) sh[k] = rng_next(&ss);
        }
        mh_signature(sh, 100, perm, sig + i * perm);
    }
    free(seed);
    px_index *ix = lsh_new(perm, 0.8, NULL);
    if (!ix) {
        fprintf(stderr, "sig_bench: out of memory\n");
        exit(1);
    }
    unsigned b, r;
    lsh_shape(ix, &b, &r);
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
        if (lsh_add(ix, (uint32_t)i, sig + i * perm) != PX_OK) {
            fprintf(stderr, "sig_bench: lsh_add failed\n");
            exit(1);
        }
    }
    double dt_add = now() - t0;
    size_t found = 0;
    t0 = now();
    for (size_t i = 0; i < n; i++) lsh_query(ix, sig + i * perm, count_id, &found);
    double dt_q = now() - t0;
    char name[96];
    snprintf(name, sizeof name, "lsh.perm%u.b%u.r%u.add_per_s", perm, b, r);
    figure(name, n / dt_add, "adds/s");
    snprintf(name, sizeof name, "lsh.perm%u.b%u.r%u.query_per_s", perm, b, r);
    figure(name, n / dt_q, "queries/s");
    snprintf(name, sizeof name, "lsh.perm%u.b%u.r%u.candidates_per_query", perm, b, r);
    figure(name, (double)found / n, "ids");
    snprintf(name, sizeof name, "lsh.perm%u.b%u.r%u.bytes_per_item", perm, b, r);
    figure(name, (double)lsh_bytes(ix) / n, "bytes");
    snprintf(name, sizeof name, "lsh.perm%u.items", perm);
    figure(name, (double)n, "items");
    lsh_free(ix);
    free(sig);
}

int main(int argc, char **argv) {
    size_t items = 1000000;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            items = (size_t)strtoull(argv[++i], NULL, 10);
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: sig_bench [-n ITEMS] [TEXT_FILE]\n");
            return 2;
        } else {
            file = argv[i];
        }
    }
    size_t len;
    char *t;
    if (file) {
        FILE *f = fopen(file, "rb");
        if (!f) {
            fprintf(stderr, "sig_bench: cannot open %s\n", file);
            return 1;
        }
        fseek(f, 0, SEEK_END);
        long sz = ftell(f);
        fseek(f, 0, SEEK_SET);
        t = xmalloc((size_t)(sz > 0 ? sz : 0) + 1);
        len = fread(t, 1, (size_t)(sz > 0 ? sz : 0), f);
        fclose(f);
    } else {
        t = make_text((size_t)64 << 20, &len);
    }
    bench_text(t, len);
    free(t);
    bench_minhash();
    if (items > 0) {
        bench_lsh(items, 128);
        bench_lsh(items, 256);
    }
    return 0;
}
