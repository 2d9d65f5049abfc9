/*
 * extract_bench.c - article extraction quality and speed on the
 * article-extraction benchmark (../shared/data/article-extraction, see its
 * SOURCE.md for the metric, which this program implements afresh).
 *
 *     extract_bench [-v N] [-r REPEAT] [DIR]
 *
 * Prints F1, precision, recall and accuracy for the development half
 * (page ids starting 0-b), the held-out half (c-f) and all pages, then
 * pages/s and MB/s of extraction alone (pages already inflated, in memory,
 * one core) and the peak memory the library asked for. -v N also lists the
 * N worst pages by F1.
 *
 * Metric: both texts become runs of Unicode word characters (letters,
 * digits, underscore, as \w+); each text a multiset of 4-token shingles
 * (one shingle for a text under 4 tokens). Per page TP = shared shingles
 * (multiset), FP = extra predicted, FN = missing; precision TP/(TP+FP)
 * averaged over pages with TP+FP > 0, recall TP/(TP+FN) over pages with
 * TP+FN > 0 (both 1 when FP = FN = 0); F1 of the two averages; accuracy the
 * share of pages whose token sequence equals the truth's.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <jansson.h>

#include "ingest/ingest.h"
#include "../tests/counting.h"
#include "../tests/extract_metric.h"


/* ---- the run ---- */

typedef struct page {
    char id[80];
    char *html;
    size_t len;
    const char *truth, *url;
    em_score sc;
} page;

typedef struct agg {
    double p, r;
    size_t np, nr, exact, n;
} agg;

static void add(agg *a, const em_score *s) {
    if (s->has_p) a->p += s->p, a->np++;
    if (s->has_r) a->r += s->r, a->nr++;
    a->exact += s->exact;
    a->n++;
}

static void print_agg(const char *name, const agg *a) {
    double p = a->np ? a->p / (double)a->np : 0, r = a->nr ? a->r / (double)a->nr : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("%-22s pages %3zu  F1 %.3f  precision %.3f  recall %.3f  accuracy %.3f\n", name, a->n,
           f, p, r, a->n ? (double)a->exact / (double)a->n : 0);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int by_f1(const void *a, const void *b) {
    const page *x = *(page *const *)a, *y = *(page *const *)b;
    return x->sc.f < y->sc.f ? -1 : x->sc.f > y->sc.f;
}

static bool load(const char *dir, page **pages, size_t *np, json_t **gt) {
    char path[4096];
    snprintf(path, sizeof path, "%s/ground-truth.json", dir);
    json_error_t err;
    *gt = json_load_file(path, 0, &err);
    if (!*gt) {
        fprintf(stderr, "extract_bench: %s: %s\n", path, err.text);
        return false;
    }
    snprintf(path, sizeof path, "%s/html", dir);
    struct dirent **ents;
    int k = scandir(path, &ents, NULL, alphasort);
    if (k < 0) {
        fprintf(stderr, "extract_bench: %s: cannot list\n", path);
        return false;
    }
    *pages = calloc((size_t)k + 1, sizeof **pages);
    *np = 0;
    static px_allocator std;
    px_alloc_init(&std, NULL);
    px_buf raw, plain;
    px_buf_init(&raw, &std);
    px_buf_init(&plain, &std);
    for (int i = 0; i < k; i++) {
        const char *nm = ents[i]->d_name;
        const char *dot = strstr(nm, ".html");
        json_t *e = dot ? json_object_getn(*gt, nm, (size_t)(dot - nm)) : NULL;
        if (e && (size_t)(dot - nm) < sizeof(*pages)[0].id) {
            page *p = &(*pages)[*np];
            memcpy(p->id, nm, (size_t)(dot - nm));
            p->id[dot - nm] = '\0';
            snprintf(path, sizeof path, "%s/html/%s", dir, nm);
            FILE *f = fopen(path, "rb");
            px_buf_clear(&raw);
            char tmp[65536];
            size_t r;
            while (f && (r = fread(tmp, 1, sizeof tmp, f)) > 0) px_buf_add(&raw, tmp, r);
            if (f) fclose(f);
            px_buf_clear(&plain);
            if (ig_is_gzip(raw.p, raw.len)) ig_gunzip(raw.p, raw.len, &plain);
            else px_buf_add(&plain, raw.p, raw.len);
            p->len = plain.len;
            p->html = px_buf_take(&plain);
            p->truth = json_string_value(json_object_get(e, "articleBody"));
            p->url = json_string_value(json_object_get(e, "url"));
            if (!p->truth) p->truth = "";
            if (!p->url) p->url = "";
            (*np)++;
        }
        free(ents[i]);
    }
    free(ents);
    px_buf_free(&raw);
    return true;
}

static void meta_init(ig_html_meta *m, const px_allocator *al) {
    px_buf *f[] = {&m->title, &m->source, &m->url, &m->published,
                   &m->author, &m->description, &m->lang};
    for (size_t i = 0; i < PX_ARRAY_LEN(f); i++) px_buf_init(f[i], al);
}
static void meta_free(ig_html_meta *m) {
    px_buf *f[] = {&m->title, &m->source, &m->url, &m->published,
                   &m->author, &m->description, &m->lang};
    for (size_t i = 0; i < PX_ARRAY_LEN(f); i++) px_buf_free(f[i]);
}

/* Extracts page p into text (cleared first). */
static void extract(const page *p, const px_allocator *al, px_buf *text) {
    ig_html_meta m;
    meta_init(&m, al);
    px_buf_clear(text);
    size_t bad = 0;
    if (ig_html_page(p->html, p->len, al, text, &m, &bad) != PX_OK) px_buf_clear(text);
    meta_free(&m);
}

int main(int argc, char **argv) {
    const char *dir = "../shared/data/article-extraction";
    int worst = 0, repeat = 3;
    const char *dump = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0 && i + 1 < argc) worst = atoi(argv[++i]);
        else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "-d") == 0 && i + 1 < argc) dump = argv[++i];
        else dir = argv[i];
    }
    page *pages;
    size_t np;
    json_t *gt;
    if (!load(dir, &pages, &np, &gt)) return 2;
    tu_counter mm = {0, 0};
    px_allocator al = tu_counting_allocator(&mm);
    px_buf text;
    px_buf_init(&text, &al);
    agg dev = {0}, held = {0}, all = {0};
    size_t bytes = 0;
    for (size_t i = 0; i < np; i++) {
        page *p = &pages[i];
        extract(p, &al, &text);
        p->sc = em_compare(p->truth, strlen(p->truth), text.p ? text.p : "", text.len);
        add(p->id[0] >= 'c' ? &held : &dev, &p->sc);
        add(&all, &p->sc);
        bytes += p->len;
        if (dump && strncmp(p->id, dump, strlen(dump)) == 0)
            printf("==== %s %s\n%s\n==== truth\n%s\n", p->id, p->url, text.p ? text.p : "",
                   p->truth);
    }
    double t0 = now();
    for (int r = 0; r < repeat; r++)
        for (size_t i = 0; i < np; i++) extract(&pages[i], &al, &text);
    double dt = now() - t0;
    px_buf_free(&text);
    print_agg("dev (ids 0-b)", &dev);
    print_agg("held-out (ids c-f)", &held);
    print_agg("all", &all);
    double n = (double)np * repeat;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("speed: %.0f pages/s, %.1f MB/s (one core, %zu pages x %d, %.1f KB average)\n",
           n / dt, (double)bytes * repeat / dt / 1e6, np, repeat,
           np ? (double)bytes / (double)np / 1e3 : 0);
    printf("memory: peak %.1f MB through the px_allocator (libxml2 and jansson allocate "
           "their own); max RSS %.1f MB\n",
           (double)mm.peak / 1e6, (double)ru.ru_maxrss / 1e3);
    if (worst > 0) {
        page **order = malloc(np * sizeof *order);
        for (size_t i = 0; i < np; i++) order[i] = &pages[i];
        qsort(order, np, sizeof *order, by_f1);
        printf("worst pages by F1:\n");
        for (size_t i = 0; i < np && i < (size_t)worst; i++)
            printf("  %.3f  P %.3f  R %.3f  %.12s  %s\n", order[i]->sc.f, order[i]->sc.p,
                   order[i]->sc.r, order[i]->id, order[i]->url);
        free(order);
    }
    for (size_t i = 0; i < np; i++) free(pages[i].html);
    free(pages);
    json_decref(gt);
    return 0;
}
