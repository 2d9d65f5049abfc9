/*
 * fuzz_figures.c - figures on arbitrary text: the bytes are cleaned into
 * UTF-8 as ingest does, split at form feeds into up to four articles (the
 * first byte picks the language), each analysed and searched for figures,
 * then grouped. Every figure must carry its strings and a sentence index
 * inside its article; every group must hold values (and expected values)
 * of known articles, in article order, conflicting groups first.
 */
#include <stdlib.h>

#include "compare/compare.h"
#include "ingest/ingest.h"

static const char *const LANGS[] = {"en", "", "de", "fr", "es", "ru"};

#define MAX_DOCS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    px_allocator al;
    px_alloc_init(&al, NULL);
    const char *lang = LANGS[size ? data[0] % (sizeof LANGS / sizeof LANGS[0]) : 0];
    px_buf text;
    px_buf_init(&text, &al);
    size_t nbad;
    if (ig_utf8_clean((const char *)data, size, &text, &nbad) != PX_OK) abort();
    const char *s = text.p ? text.p : "";
    tx_ctx *ctx = tx_ctx_new(&al);
    if (!ctx) abort();
    cmp_arena a;
    cmp_arena_init(&a, &al);
    cmp_text docs[MAX_DOCS];
    cmp_dfigure *f[MAX_DOCS];
    size_t nf[MAX_DOCS], nd = 0, from = 0;
    while (nd < MAX_DOCS && from <= text.len) {
        const char *ff = memchr(s + from, '\f', text.len - from);
        size_t end = ff && nd + 1 < MAX_DOCS ? (size_t)(ff - s) : text.len;
        if (cmp_text_build(&a, ctx, s + from, end - from, lang, &docs[nd]) != PX_OK) abort();
        if (cmp_figures_doc(&docs[nd], &a, &f[nd], &nf[nd]) != PX_OK) abort();
        for (size_t i = 0; i < nf[nd]; i++) {
            const cmp_dfigure *x = &f[nd][i];
            if (x->sent >= docs[nd].nsent) abort();
            if (!x->value[0] || !x->subject[0] || !x->label[0] || !x->qualifier) abort();
            if (!(x->num >= 0)) abort();
        }
        nd++;
        from = end + 1;
    }
    cmp_figure *g;
    size_t ng;
    if (cmp_figures_group(docs, f, nf, nd, &a, &g, &ng) != PX_OK) abort();
    for (size_t i = 0; i < ng; i++) {
        if (g[i].nv == 0 || !g[i].subject) abort();
        if (i && g[i].conflict && !g[i - 1].conflict) abort();
        for (size_t v = 0; v < g[i].nv; v++) {
            if (g[i].v[v].doc >= nd || !g[i].v[v].sentence) abort();
            if (v && g[i].v[v].doc < g[i].v[v - 1].doc) abort();
        }
        for (size_t v = 0; v < g[i].nexpect; v++) {
            if (g[i].expect[v].doc >= nd || !g[i].expect[v].sentence) abort();
            if (v && g[i].expect[v].doc < g[i].expect[v - 1].doc) abort();
        }
    }
    cmp_arena_free(&a);
    tx_ctx_free(ctx);
    px_buf_free(&text);
    return 0;
}
