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
    const size_t *ids; /* LSH id -> doc index */
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

px_status dd_run(px_doc **docs, const size_t *order, size_t n, unsigned perm,
                 double threshold, bool near, const px_allocator *al) {
    size_t cap = 16;
    while (cap < 2 * n + 16) cap *= 2;
    size_t *tab = px_malloc(al, cap * sizeof *tab);
    size_t *ids = px_malloc(al, (n + 1) * sizeof *ids);
    px_index *ix = near ? lsh_new(perm, threshold, al) : NULL;
    px_status st = PX_OK;
    if (!tab || !ids || (near && !ix)) {
        st = PX_ENOMEM;
        goto out;
    }
    if (near && (st = lsh_reserve(ix, n)) != PX_OK) goto out;
    for (size_t i = 0; i < cap; i++) tab[i] = PX_NONE;
    uint32_t nid = 0;
    for (size_t k = 0; k < n; k++) {
        size_t di = order[k];
        px_doc *d = docs[di];
        d->dup_of = PX_NONE;
        d->dup_sim = 0;
        size_t slot = (size_t)(d->exact & (cap - 1));
        while (tab[slot] != PX_NONE && docs[tab[slot]]->exact != d->exact)
            slot = (slot + 1) & (cap - 1);
        if (tab[slot] != PX_NONE && d->ntokens > 0) {
            d->dup_of = tab[slot];
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
        if (d->ntokens > 0) tab[slot] = di;
        if (near && d->nshingles > 0) {
            ids[nid] = di;
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
