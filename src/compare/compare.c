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

/* ---- keeping the results ---- */

/* The analysis of a story (tokens, sentences, mentions of every article)
 * is many times the size of its results, and a run keeps the results of
 * every story until it reports. So the story is built in a scratch arena
 * and only its results are copied into the arena it keeps. */

static const char *kstr(cmp_arena *a, const char *s) { return s ? cmp_strdup(a, s) : NULL; }

static const char **kstrs(cmp_arena *a, const char *const *v, size_t n) {
    const char **o = cmp_alloc(a, n * sizeof *o);
    if (o)
        for (size_t i = 0; i < n; i++) o[i] = kstr(a, v[i]);
    return o;
}

static size_t *kidx(cmp_arena *a, const size_t *v, size_t n) {
    size_t *o = cmp_alloc(a, n * sizeof *o);
    if (o && n) memcpy(o, v, n * sizeof *o);
    return o;
}

/* An arena copy of n elements of size elem at src (their pointers still
 * to be replaced by the caller). */
static void *kdup(cmp_arena *a, const void *src, size_t n, size_t elem) {
    void *o = cmp_alloc(a, n * elem);
    if (o && n) memcpy(o, src, n * elem);
    return o;
}

static void keep_entities(cmp_arena *a, const cmp_story *w, cmp_story *out) {
    out->ent = kdup(a, w->ent, w->nent, sizeof *w->ent);
    for (size_t i = 0; out->ent && i < w->nent; i++) {
        cmp_entity *x = &out->ent[i];
        x->name = kstr(a, x->name);
        x->alias = kstrs(a, x->alias, x->nalias);
        x->doc = kidx(a, x->doc, x->ndoc);
    }
    out->nent = out->ent ? w->nent : 0;
}

static void keep_quotes(cmp_arena *a, const cmp_story *w, cmp_story *out) {
    out->quote = kdup(a, w->quote, w->nquote, sizeof *w->quote);
    for (size_t i = 0; out->quote && i < w->nquote; i++) {
        out->quote[i].speaker = kstr(a, out->quote[i].speaker);
        out->quote[i].text = kstr(a, out->quote[i].text);
    }
    out->nquote = out->quote ? w->nquote : 0;
}

static cmp_fvalue *keep_fvalues(cmp_arena *a, const cmp_fvalue *v, size_t n) {
    cmp_fvalue *o = kdup(a, v, n, sizeof *v);
    for (size_t j = 0; o && j < n; j++) {
        o[j].value = kstr(a, o[j].value);
        o[j].qualifier = kstr(a, o[j].qualifier);
        o[j].sentence = kstr(a, o[j].sentence);
    }
    return o;
}

static void keep_figures(cmp_arena *a, const cmp_story *w, cmp_story *out) {
    out->fig = kdup(a, w->fig, w->nfig, sizeof *w->fig);
    for (size_t i = 0; out->fig && i < w->nfig; i++) {
        cmp_figure *x = &out->fig[i];
        x->subject = kstr(a, x->subject);
        x->v = keep_fvalues(a, x->v, x->nv);
        x->expect = keep_fvalues(a, x->expect, x->nexpect);
    }
    out->nfig = out->fig ? w->nfig : 0;
}

static void keep_framing(cmp_arena *a, const cmp_story *w, cmp_story *out) {
    out->frame = kdup(a, w->frame, w->nframe, sizeof *w->frame);
    for (size_t i = 0; out->frame && i < w->nframe; i++) {
        cmp_frame *x = &out->frame[i];
        x->entity = kstr(a, x->entity);
        x->d = kdup(a, x->d, x->nd, sizeof *x->d);
        for (size_t j = 0; x->d && j < x->nd; j++)
            x->d[j].term = kstrs(a, x->d[j].term, x->d[j].nterm);
    }
    out->nframe = out->frame ? w->nframe : 0;
}

static void keep_summary(cmp_arena *a, const cmp_story *w, cmp_story *out) {
    out->sum = kdup(a, w->sum, w->nsum, sizeof *w->sum);
    for (size_t i = 0; out->sum && i < w->nsum; i++) {
        out->sum[i].text = kstr(a, out->sum[i].text);
        out->sum[i].doc = kidx(a, out->sum[i].doc, out->sum[i].ndoc);
    }
    out->nsum = out->sum ? w->nsum : 0;
    out->uniq = kdup(a, w->uniq, w->nuniq, sizeof *w->uniq);
    for (size_t i = 0; out->uniq && i < w->nuniq; i++)
        out->uniq[i].sent = kstrs(a, out->uniq[i].sent, out->uniq[i].nsent);
    out->nuniq = out->uniq ? w->nuniq : 0;
    out->removed = kdup(a, w->removed, w->nremoved, sizeof *w->removed);
    for (size_t i = 0; out->removed && i < w->nremoved; i++)
        out->removed[i].text = kstr(a, out->removed[i].text);
    out->nremoved = out->removed ? w->nremoved : 0;
}

/* Copies what a story keeps from w into out's arena; a failed allocation
 * anywhere leaves the arena failed. */
static px_status keep(const cmp_story *w, cmp_story *out) {
    cmp_arena *a = &out->arena;
    out->ndocs = w->ndocs;
    keep_entities(a, w, out);
    keep_quotes(a, w, out);
    keep_figures(a, w, out);
    keep_framing(a, w, out);
    keep_summary(a, w, out);
    return a->failed ? PX_ENOMEM : PX_OK;
}

static px_status build(px_doc *const *docs, size_t ndocs, tx_ctx *ctx, const px_allocator *al,
                       cmp_story *out);

px_status cmp_story_build(px_doc *const *docs, size_t ndocs, tx_ctx *ctx,
                          const px_allocator *al, cmp_story *out) {
    cmp_story w;
    px_status st = build(docs, ndocs, ctx, al, &w);
    memset(out, 0, sizeof *out);
    cmp_arena_init(&out->arena, al);
    if (st == PX_OK) st = keep(&w, out);
    cmp_arena_free(&w.arena);
    if (st != PX_OK) {
        cmp_story_free(out);
        cmp_arena_init(&out->arena, al);
    }
    return st;
}

/* A story lists the quantities that two or more of its articles report
 * (docs/output-format.md): one article's figure has nothing to agree or
 * conflict with. Order is kept. */
static void keep_shared_figures(cmp_story *s) {
    size_t k = 0;
    for (size_t i = 0; i < s->nfig; i++) {
        const cmp_figure *g = &s->fig[i];
        bool shared = false;
        for (size_t j = 1; j < g->nv && !shared; j++) shared = g->v[j].doc != g->v[0].doc;
        if (shared) s->fig[k++] = *g;
    }
    s->nfig = k;
}

static px_status build(px_doc *const *docs, size_t ndocs, tx_ctx *ctx, const px_allocator *al,
                       cmp_story *out) {
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
    keep_shared_figures(out);
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
