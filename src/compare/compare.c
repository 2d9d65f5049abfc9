/*
 * compare.c - the comparison of one story, end to end.
 *
 * Consumes the story's articles (px_doc with text, publication order) and
 * produces a cmp_story: each article is analysed once (cmp_text), its
 * mentions, quotes and figures extracted; then, across the articles, the
 * mentions are merged into entities, quote speakers resolved to entity
 * names, figures grouped, framing and the summary computed. Everything
 * lands in the story's arena. The order of work depends only on the
 * article order given, so the result is deterministic.
 */
#include "compare.h"

/* What cleaning cut from the articles, article by article in text order,
 * copied so that the story owns it. */
static px_status removed(px_doc *const *docs, size_t ndocs, cmp_arena *a, cmp_story *out) {
    size_t total = 0;
    for (size_t k = 0; k < ndocs; k++) total += docs[k]->ncuts;
    if (!total) return PX_OK;
    out->removed = cmp_alloc(a, total * sizeof *out->removed);
    if (!out->removed) return PX_ENOMEM;
    for (size_t k = 0; k < ndocs; k++)
        for (size_t i = 0; i < docs[k]->ncuts; i++) {
            const px_cut *c = &docs[k]->cuts[i];
            cmp_removed *r = &out->removed[out->nremoved++];
            r->doc = k;
            r->text = cmp_strdup(a, c->text);
            r->reason = c->reason;
        }
    return PX_OK;
}

px_status cmp_story_build(px_doc *const *docs, size_t ndocs, tx_ctx *ctx,
                          const px_allocator *al, cmp_story *out) {
    memset(out, 0, sizeof *out);
    cmp_arena_init(&out->arena, al);
    out->ndocs = ndocs;
    if (!ndocs) return PX_OK;
    cmp_arena *a = &out->arena;
    cmp_text *t = cmp_alloc(a, ndocs * sizeof *t);
    cmp_mention **m = cmp_alloc(a, ndocs * sizeof *m);
    size_t *nm = cmp_alloc(a, ndocs * sizeof *nm);
    cmp_dquote **q = cmp_alloc(a, ndocs * sizeof *q);
    size_t *nq = cmp_alloc(a, ndocs * sizeof *nq);
    cmp_dfigure **f = cmp_alloc(a, ndocs * sizeof *f);
    size_t *nf = cmp_alloc(a, ndocs * sizeof *nf);
    bool *dup = cmp_alloc(a, ndocs * sizeof *dup);
    if (!t || !m || !nm || !q || !nq || !f || !nf || !dup) return PX_ENOMEM;
    for (size_t k = 0; k < ndocs; k++) {
        const px_doc *d = docs[k];
        dup[k] = d->dup_of != PX_NONE;
        PX_TRY(cmp_text_build(a, ctx, d->text, d->text_len, d->lang, &t[k]));
        PX_TRY(cmp_mentions(&t[k], a, &m[k], &nm[k]));
        PX_TRY(cmp_quotes(&t[k], m[k], nm[k], a, &q[k], &nq[k]));
        PX_TRY(cmp_figures_doc(&t[k], a, &f[k], &nf[k]));
    }
    PX_TRY(cmp_entities_merge(m, nm, ndocs, a, &out->ent, &out->nent));
    size_t total = 0;
    for (size_t k = 0; k < ndocs; k++) total += nq[k];
    out->quote = cmp_alloc(a, (total ? total : 1) * sizeof *out->quote);
    if (!out->quote) return PX_ENOMEM;
    for (size_t k = 0; k < ndocs; k++)
        for (size_t i = 0; i < nq[k]; i++) {
            cmp_quote *x = &out->quote[out->nquote++];
            const cmp_dquote *y = &q[k][i];
            x->text = y->text;
            x->doc = k;
            x->speaker = y->speaker ? y->speaker : "";
            if (y->mention >= 0 && (size_t)y->mention < nm[k]) {
                int e = m[k][y->mention].entity;
                if (e >= 0 && (size_t)e < out->nent) x->speaker = out->ent[e].name;
            }
        }
    PX_TRY(cmp_figures_group(t, f, nf, ndocs, a, &out->fig, &out->nfig));
    PX_TRY(cmp_framing(t, m, nm, ndocs, out->ent, out->nent, a, &out->frame, &out->nframe));
    PX_TRY(cmp_summary(t, ndocs, dup, a, &out->sum, &out->nsum, &out->uniq, &out->nuniq));
    PX_TRY(removed(docs, ndocs, a, out));
    return a->failed ? PX_ENOMEM : PX_OK;
}

void cmp_story_free(cmp_story *s) {
    if (!s) return;
    cmp_arena_free(&s->arena);
    memset(s, 0, sizeof *s);
}
