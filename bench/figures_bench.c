/*
 * figures_bench.c - throughput of figure extraction on real news text.
 *
 * Reads the `text` fields of JSON Lines files (default: the ECB+ and
 * Giveme5W1H sets in ../shared), analyses each once (cmp_text_build, not
 * timed), then times cmp_figures_doc over all of them on one core,
 * repeated until at least a second of this thread's CPU time has passed;
 * the best of three such runs is printed as microseconds per article.
 *
 * Usage: figures_bench [FILE.jsonl ...]
 */
#include "compare/compare.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    static const char *const def[] = {"../shared/data/ecbplus/stories.jsonl",
                                      "../shared/data/news-clusters-giveme5w1h/stories.jsonl"};
    const char *const *files = argc > 1 ? (const char *const *)argv + 1 : def;
    size_t nfiles = argc > 1 ? (size_t)argc - 1 : 2;
    tx_ctx *ctx = tx_ctx_new(NULL);
    if (!ctx) return 1;
    cmp_arena a;
    cmp_arena_init(&a, NULL);
    cmp_text *t = NULL;
    size_t nd = 0, cap = 0;
    for (size_t fi = 0; fi < nfiles; fi++) {
        FILE *fp = fopen(files[fi], "rb");
        if (!fp) {
            fprintf(stderr, "figures_bench: %s: cannot open\n", files[fi]);
            return 1;
        }
        char line[1 << 16];
        char *big = NULL;
        size_t bl = 0, lineno = 0;
        /* lines may exceed the buffer: gather them whole */
        for (;;) {
            if (!fgets(line, sizeof line, fp)) break;
            size_t n = strlen(line);
            char *nb = realloc(big, bl + n + 1);
            if (!nb) return 1;
            big = nb;
            memcpy(big + bl, line, n + 1);
            bl += n;
            if (n && line[n - 1] != '\n' && !feof(fp)) continue;
            lineno++;
            json_error_t err;
            json_t *j = json_loadb(big, bl, 0, &err);
            bl = 0;
            const char *txt = j ? json_string_value(json_object_get(j, "text")) : NULL;
            if (!txt) {
                fprintf(stderr, "figures_bench: %s:%zu: no text\n", files[fi], lineno);
                json_decref(j);
                continue;
            }
            if (nd == cap) {
                cap = cap ? 2 * cap : 1024;
                cmp_text *nt = realloc(t, cap * sizeof *t);
                if (!nt) return 1;
                t = nt;
            }
            if (cmp_text_build(&a, ctx, txt, strlen(txt), "en", &t[nd]) != PX_OK) return 1;
            nd++;
            json_decref(j);
        }
        free(big);
        fclose(fp);
    }
    if (!nd) return 1;
    double best = 1e300;
    size_t figs = 0;
    for (int run = 0; run < 3; run++) {
        double t0 = cpu_now(), t1;
        size_t reps = 0;
        do {
            figs = 0;
            for (size_t k = 0; k < nd; k++) {
                cmp_arena b;
                cmp_arena_init(&b, NULL);
                cmp_dfigure *f;
                size_t nf;
                if (cmp_figures_doc(&t[k], &b, &f, &nf) != PX_OK) return 1;
                figs += nf;
                cmp_arena_free(&b);
            }
            reps++;
            t1 = cpu_now();
        } while (t1 - t0 < 1.0);
        double per = (t1 - t0) / (double)(reps * nd);
        if (per < best) best = per;
    }
    printf("figures: %zu articles, %zu figures, %.1f us/article (%.0f articles/s)\n", nd, figs,
           best * 1e6, 1 / best);
    free(t);
    cmp_arena_free(&a);
    tx_ctx_free(ctx);
    return 0;
}
