/*
 * text_bench.c - throughput of text analysis on real news text.
 *
 * Reads the `text` fields of a JSON Lines file (default: the Giveme5W1H
 * news clusters in ../shared), concatenates them as separate documents,
 * and times each stage of src/text on one core over the whole set,
 * repeated until at least a second of CPU time has passed (CPU time of
 * this thread, so that other load on the machine does not count; the best
 * of three such runs is printed): language identification,
 * normalization, tokenization with stopword flags but no stemming, full
 * analysis with Snowball stemming, and sentence splitting alone. Prints one
 * line per stage with MB/s of input text.
 *
 * Usage: text_bench [FILE.jsonl] [LANG] [STAGE]   (STAGE: one of the names
 * printed, to time it alone, e.g. under a profiler)
 */
#include "text/text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The documents, back to back in one block. */
typedef struct corpus {
    char *text;      /* all texts */
    size_t len;      /* bytes of text */
    size_t *off;     /* start of each document; off[ndoc] == len */
    size_t ndoc;     /* documents */
} corpus;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int load(const char *path, corpus *c) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 20, ocap = 1024;
    c->text = malloc(cap);
    c->off = malloc(ocap * sizeof *c->off);
    c->len = c->ndoc = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t k;
    while (c->text && c->off && (k = getline(&line, &lcap, f)) > 0) {
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)k, 0, &err);
        const char *t = o ? json_string_value(json_object_get(o, "text")) : NULL;
        size_t tl = t ? json_string_length(json_object_get(o, "text")) : 0;
        if (tl) {
            while (c->len + tl > cap) c->text = realloc(c->text, cap *= 2);
            if (c->ndoc + 2 > ocap) c->off = realloc(c->off, (ocap *= 2) * sizeof *c->off);
            if (!c->text || !c->off) break;
            c->off[c->ndoc++] = c->len;
            memcpy(c->text + c->len, t, tl);
            c->len += tl;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    if (!c->text || !c->off || c->ndoc == 0) return -1;
    c->off[c->ndoc] = c->len;
    return 0;
}

enum { LANGID, NORMALIZE, TOKENIZE, ANALYZE, SENTENCES };

/* Runs one stage over all documents; returns tokens (or sentences) made. */
static size_t pass(tx_ctx *x, px_buf *b, const corpus *c, int stage,
                   const char *lang) {
    size_t made = 0;
    for (size_t d = 0; d < c->ndoc; d++) {
        const char *s = c->text + c->off[d];
        size_t n = c->off[d + 1] - c->off[d];
        tx_result r;
        char l[8];
        switch (stage) {
        case LANGID:
            tx_langid(s, n, l);
            made += l[0] == lang[0] && l[1] == lang[1];
            break;
        case NORMALIZE:
            px_buf_clear(b);
            if (tx_normalize(x, s, n, b) != PX_OK) exit(1);
            made += b->len;
            break;
        case TOKENIZE: case ANALYZE:
            if (tx_analyze_opts(x, s, n, lang, stage == TOKENIZE ? TX_OPT_NOSTEM : 0,
                                &r) != PX_OK)
                exit(1);
            made += r.ntok;
            break;
        default:
            if (tx_sentences(x, s, n, lang, &r) != PX_OK) exit(1);
            made += r.nsent;
            break;
        }
    }
    return made;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1]
                                : "../shared/data/news-clusters-giveme5w1h/stories.jsonl";
    const char *lang = argc > 2 ? argv[2] : "en";
    corpus c;
    if (load(path, &c) != 0) {
        fprintf(stderr, "text_bench: cannot read texts from %s\n", path);
        return 1;
    }
    tx_ctx *x = tx_ctx_new(NULL);
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf b;
    px_buf_init(&b, &al);
    static const char *const names[] = {"langid", "normalize", "tokenize+stopwords",
                                        "analyze (with stems)", "sentences"};
    static const char *const units[] = {"docs as lang", "bytes out", "tokens",
                                        "tokens", "sentences"};
    printf("# %zu documents, %.2f MB, lang %s\n", c.ndoc, (double)c.len / 1e6, lang);
    for (int stage = LANGID; stage <= SENTENCES; stage++) {
        if (argc > 3 && strncmp(names[stage], argv[3], strlen(argv[3]))) continue;
        pass(x, &b, &c, stage, lang); /* warm up: stemmers, arrays */
        size_t made = 0;
        double best = 0;
        for (int run = 0; run < 3; run++) {
            size_t reps = 0;
            double t0 = now(), t;
            do {
                made = pass(x, &b, &c, stage, lang);
                reps++;
                t = now() - t0;
            } while (t < 1.0);
            double mbs = (double)c.len * (double)reps / t / 1e6;
            if (mbs > best) best = mbs;
        }
        printf("%-22s %8.1f MB/s  %10zu %s per pass\n", names[stage], best, made,
               units[stage]);
    }
    px_buf_free(&b);
    tx_ctx_free(x);
    free(c.text);
    free(c.off);
    return 0;
}
