/*
 * dedup.c - exact and near duplicates, in publication order.
 *
 * Consumes analysed docs (exact hash and MinHash signature) and produces
 * links: doc->dup_of names the earliest copy, doc->dup_sim the Jaccard
 * estimate (1 for exact copies). Only originals are indexed, so a copy of a
 * copy points at the original and chains never form.
 *
 * Exact copies are found with an open-addressing table of exact hashes;
 * near copies with the LSH index (src/sig/lsh.c), each candidate verified
 * by the signature estimate, the best one kept (ties: the earlier doc).
 */
#include "dedup.h"

#include "sig.h"

typedef struct best {
    px_doc **docs;     /* the corpus */
    const uint32_t *sig; /* signature of the doc being placed */
    unsigned perm;     /* signature length */
    double threshold;  /* least similarity for a near duplicate */
    const uint32_t *ids; /* LSH id -> doc index */
    size_t doc;        /* best candidate so far, or PX_NONE */
    double sim;        /* its similarity */
} best;

static void consider(void *ud, uint32_t id) {
    best *b = ud;
    size_t di = b->ids[id];
    double s = mh_similarity(b->sig, b->docs[di]->sig, b->perm);
    if (s >= b->threshold && (s > b->sim || (s == b->sim && di < b->doc))) {
        b->sim = s;
        b->doc = di;
    }
}

/* A slot of the exact-copy table: the high half of the exact hash, so that
 * a probe reads the doc only when the halves agree (docs are scattered in
 * memory, one cache miss each), and the doc's index. */
typedef struct xslot {
    uint32_t tag; /* exact >> 32 */
    uint32_t doc; /* doc index, XNONE when empty */
} xslot;

#define XNONE UINT32_MAX

px_status dd_run(px_doc **docs, const size_t *order, size_t n, unsigned perm,
                 double threshold, bool near, const px_allocator *al) {
    if (n >= XNONE) return PX_ENOMEM; /* indexes are 32-bit */
    /* load at most 3/4: the table is fresh memory, which costs more than
     * the longer probes of a fuller table */
    size_t cap = 16;
    while (cap * 3 < 4 * n) cap *= 2;
    xslot *tab = px_malloc(al, cap * sizeof *tab);
    uint32_t *ids = px_malloc(al, (n + 1) * sizeof *ids);
    px_index *ix = near ? lsh_new(perm, threshold, al) : NULL;
    px_status st = PX_OK;
    if (!tab || !ids || (near && !ix)) {
        st = PX_ENOMEM;
        goto out;
    }
    if (near && (st = lsh_reserve(ix, n)) != PX_OK) goto out;
    sig_advise_huge(tab, cap * sizeof *tab);
    for (size_t i = 0; i < cap; i++) tab[i].doc = XNONE;
    uint32_t nid = 0;
    for (size_t k = 0; k < n; k++) {
        size_t di = order[k];
        px_doc *d = docs[di];
        d->dup_of = PX_NONE;
        d->dup_sim = 0;
        uint32_t tag = (uint32_t)(d->exact >> 32);
        size_t slot = (size_t)(d->exact & (cap - 1));
        while (tab[slot].doc != XNONE &&
               (tab[slot].tag != tag || docs[tab[slot].doc]->exact != d->exact))
            slot = (slot + 1) & (cap - 1);
        if (tab[slot].doc != XNONE && d->ntokens > 0) {
            d->dup_of = tab[slot].doc;
            d->dup_sim = 1.0f;
            continue;
        }
        if (near && d->nshingles > 0) {
            best b = {docs, d->sig, perm, threshold, ids, PX_NONE, -1.0};
            if ((st = lsh_query(ix, d->sig, consider, &b)) != PX_OK) goto out;
            if (b.doc != PX_NONE) {
                d->dup_of = b.doc;
                d->dup_sim = (float)b.sim;
                continue;
            }
        }
        if (d->ntokens > 0) {
            tab[slot].tag = tag;
            tab[slot].doc = (uint32_t)di;
        }
        if (near && d->nshingles > 0) {
            ids[nid] = (uint32_t)di;
            if ((st = lsh_add(ix, nid, d->sig)) != PX_OK) goto out;
            nid++;
        }
    }
out:
    lsh_free(ix);
    px_free(al, tab);
    px_free(al, ids);
    return st;
}
