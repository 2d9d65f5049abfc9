/*
 * lsh.c - the LSH index of MinHash signatures (px_index).
 *
 * Consumes signatures of perm values (src/sig/minhash.c) under dense item
 * ids and produces, for a query signature, every indexed item that agrees
 * with it on all rows of at least one band: the candidate near duplicates,
 * which the caller verifies with the signature estimate. This is the
 * banding technique of Indyk and Motwani (STOC 1998) as told in Leskovec,
 * Rajaraman and Ullman, "Mining of Massive Datasets", ch. 3.4: with b bands
 * of r rows, a pair of Jaccard similarity s becomes a candidate with
 * probability P(s) = 1 - (1 - s^r)^b, an S-curve rising around
 * (1/b)^(1/r).
 *
 * Choosing b and r (lsh_params). Among all b * r <= perm we minimise
 *     W_FP * integral_0^t P(s) ds + W_FN * integral_t^1 (1 - P(s)) ds,
 * the false-positive area below the threshold t plus the false-negative
 * area above it, the classic criterion (as in the datasketch library) but
 * with false negatives weighted 9 to 1: a missed pair is lost for good,
 * while a false candidate only costs one signature comparison, since every
 * candidate is verified by the estimate anyway. For perm 128 at t = 0.8
 * this gives 14 bands of 9 rows: P(0.9) = 0.999, P(0.8) = 0.87,
 * P(0.5) = 0.03. The integrals are midpoint sums computed by repeated
 * multiplication only, so the choice is the same on every machine.
 *
 * Layout. Per band, an open-addressing table with linear probing maps the
 * band's key to the newest item with that key; a chain array
 * next[id * bands + band] links each item to the previous item with the
 * same key, so an insertion is O(1) however full its bucket (100,000
 * identical signatures cost 100,000 constant-time insertions). A slot holds
 * 32 bits of the band's 64-bit hash (the tag, which also gives the slot's
 * position, so growing never rehashes signatures) and the head item; a tag
 * match is confirmed by comparing the rows with the head item's signature,
 * which the index keeps by pointer, so distinct keys never merge even when
 * their tags collide. Memory is bands * (4 + 8 / load) bytes per item plus
 * one pointer, the load of a table staying between 3/8 and 3/4.
 */
#include "sig.h"

/* False-negative and false-positive weights of lsh_params. */
#define W_FN 0.9
#define W_FP 0.1
/* Midpoint steps of each integral in lsh_params. */
#define STEPS 128
/* Seed of the band hashes; band b adds b times BAND_STEP. */
#define BAND_SEED 0x6c736862616e6473ULL
#define BAND_STEP 0x9e3779b97f4a7c15ULL
/* No item: an empty slot, the end of a chain. */
#define NONE UINT32_MAX
/* Initial slots of a band table (a power of two). */
#define MIN_SLOTS 16
/* Candidate lists up to this length are sorted by insertion. */
#define SMALL_SORT 48

void lsh_params(unsigned perm, double threshold, unsigned *bands,
                unsigned *rows) {
    *bands = 0;
    *rows = 0;
    if (perm == 0) return;
    double t = threshold;
    if (!(t > 1e-6)) t = 1e-6; /* also catches NaN */
    if (t > 1) t = 1;
    double sp[STEPS], sn[STEPS]; /* midpoints below and above t */
    double xp[STEPS], xn[STEPS]; /* s^r at those points */
    double qp[STEPS], qn[STEPS]; /* (1 - s^r)^b */
    double hp = t / STEPS, hn = (1 - t) / STEPS;
    for (int i = 0; i < STEPS; i++) {
        sp[i] = (i + 0.5) * hp;
        sn[i] = t + (i + 0.5) * hn;
        xp[i] = xn[i] = 1;
    }
    double best = 0;
    unsigned bb = 1, br = perm;
    for (unsigned r = 1; r <= perm; r++) {
        for (int i = 0; i < STEPS; i++) {
            /* tiny values are flushed to zero: denormals are slow and
             * change nothing here */
            xp[i] = xp[i] * sp[i] < 1e-200 ? 0 : xp[i] * sp[i];
            xn[i] = xn[i] * sn[i] < 1e-200 ? 0 : xn[i] * sn[i];
            qp[i] = qn[i] = 1;
        }
        for (unsigned b = 1; b <= perm / r; b++) {
            double fp = 0, fn = 0;
            for (int i = 0; i < STEPS; i++) {
                qp[i] = qp[i] * (1 - xp[i]) < 1e-200 ? 0 : qp[i] * (1 - xp[i]);
                qn[i] = qn[i] * (1 - xn[i]) < 1e-200 ? 0 : qn[i] * (1 - xn[i]);
                fp += 1 - qp[i];
                fn += qn[i];
            }
            double loss = W_FP * fp * hp + W_FN * fn * hn;
            if ((r == 1 && b == 1) || loss < best) {
                best = loss;
                bb = b;
                br = r;
            }
        }
    }
    *bands = bb;
    *rows = br;
}

/* One slot of a band table. */
typedef struct slot {
    uint32_t tag;  /* high 32 bits of the band hash; low bits place it */
    uint32_t head; /* newest item with this band key, NONE when empty */
} slot;

/* The table of one band. */
typedef struct table {
    slot *s;     /* slots, mask + 1 of them */
    size_t mask; /* slots - 1 (a power of two minus one) */
    size_t used; /* occupied slots: distinct keys of this band */
} table;

struct px_index {
    px_allocator al;       /* all memory of the index */
    unsigned perm;         /* signature length */
    unsigned bands;        /* number of bands */
    unsigned rows;         /* values per band */
    table *tab;            /* one table per band */
    uint32_t *next;        /* next[id * bands + band]: older item, same key */
    size_t next_cap;       /* items next has room for */
    const uint32_t **sig;  /* signature of each id, NULL when not added */
    size_t sig_cap;        /* items sig has room for */
    size_t n;              /* items added */
    uint32_t *cand;        /* query scratch: candidate ids */
    size_t cand_cap;       /* capacity of cand */
    uint32_t *tmp;         /* query scratch: radix sort buffer */
    size_t tmp_cap;        /* capacity of tmp */
    /* The last query's band tags and slots: an lsh_add of the same
     * signature right after it (dedup's pattern: query, then index the
     * doc if it is new) reuses them instead of hashing and probing again.
     * Valid while gen has not moved (any add or growth moves it). */
    const uint32_t *q_sig; /* signature of the last query, or NULL */
    uint64_t q_gen;        /* gen at that query */
    uint64_t gen;          /* changes of the tables */
    uint32_t *q_tag;       /* bands tags */
    size_t *q_slot;        /* bands slots */
};

px_index *lsh_new(unsigned perm, double threshold, const px_allocator *al) {
    if (perm == 0 || !(threshold > 0 && threshold <= 1)) return NULL;
    px_allocator a;
    px_alloc_init(&a, al);
    px_index *ix = px_calloc(&a, 1, sizeof *ix);
    if (!ix) return NULL;
    ix->al = a;
    ix->perm = perm;
    lsh_params(perm, threshold, &ix->bands, &ix->rows);
    ix->tab = px_calloc(&a, ix->bands, sizeof *ix->tab);
    ix->q_tag = px_malloc(&a, ix->bands * sizeof *ix->q_tag);
    ix->q_slot = px_malloc(&a, ix->bands * sizeof *ix->q_slot);
    if (!ix->tab || !ix->q_tag || !ix->q_slot) {
        px_free(&a, ix->tab);
        px_free(&a, ix->q_tag);
        px_free(&a, ix->q_slot);
        px_free(&a, ix);
        return NULL;
    }
    for (unsigned b = 0; b < ix->bands; b++) {
        table *t = &ix->tab[b];
        t->s = px_malloc(&a, MIN_SLOTS * sizeof *t->s);
        if (!t->s) {
            lsh_free(ix);
            return NULL;
        }
        t->mask = MIN_SLOTS - 1;
        for (size_t i = 0; i < MIN_SLOTS; i++) t->s[i].head = NONE;
    }
    return ix;
}

void lsh_free(px_index *ix) {
    if (!ix) return;
    px_allocator a = ix->al;
    for (unsigned b = 0; ix->tab && b < ix->bands; b++) px_free(&a, ix->tab[b].s);
    px_free(&a, ix->tab);
    px_free(&a, ix->next);
    px_free(&a, (void *)ix->sig);
    px_free(&a, ix->cand);
    px_free(&a, ix->tmp);
    px_free(&a, ix->q_tag);
    px_free(&a, ix->q_slot);
    px_free(&a, ix);
}

void lsh_shape(const px_index *ix, unsigned *bands, unsigned *rows) {
    *bands = ix->bands;
    *rows = ix->rows;
}

size_t lsh_bytes(const px_index *ix) {
    if (!ix) return 0;
    size_t n = sizeof *ix + ix->bands * sizeof *ix->tab;
    for (unsigned b = 0; b < ix->bands; b++)
        n += (ix->tab[b].mask + 1) * sizeof(slot);
    n += ix->next_cap * ix->bands * sizeof *ix->next;
    n += ix->sig_cap * sizeof *ix->sig;
    n += (ix->cand_cap + ix->tmp_cap) * sizeof(uint32_t);
    return n;
}

static inline uint64_t band_hash(const px_index *ix, unsigned b,
                                 const uint32_t *sig) {
    return px_hash64(sig + (size_t)b * ix->rows, ix->rows * sizeof *sig,
                     BAND_SEED + b * BAND_STEP);
}

/* The slot of band b holding sig's key, or the empty slot where it would
 * go. */
static size_t find(const px_index *ix, unsigned b, const uint32_t *sig,
                   uint32_t tag) {
    const table *t = &ix->tab[b];
    size_t off = (size_t)b * ix->rows, len = ix->rows * sizeof *sig;
    size_t i = tag & t->mask;
    for (;;) {
        const slot *s = &t->s[i];
        if (s->head == NONE) return i;
        if (s->tag == tag && memcmp(ix->sig[s->head] + off, sig + off, len) == 0)
            return i;
        i = (i + 1) & t->mask;
    }
}

/* Resizes a band table to cap slots (a power of two, more than it holds);
 * slots move by their tags alone. */
static px_status resize_table(const px_allocator *al, table *t, size_t cap) {
    if (cap > ((size_t)1 << 32) || cap > SIZE_MAX / sizeof(slot)) return PX_ENOMEM;
    slot *ns = px_malloc(al, cap * sizeof *ns);
    if (!ns) return PX_ENOMEM;
    sig_advise_huge(ns, cap * sizeof *ns);
    for (size_t i = 0; i < cap; i++) ns[i].head = NONE;
    for (size_t i = 0; i <= t->mask; i++) {
        if (t->s[i].head == NONE) continue;
        size_t j = t->s[i].tag & (cap - 1);
        while (ns[j].head != NONE) j = (j + 1) & (cap - 1);
        ns[j] = t->s[i];
    }
    px_free(al, t->s);
    t->s = ns;
    t->mask = cap - 1;
    return PX_OK;
}

static px_status grow_table(const px_allocator *al, table *t) {
    return resize_table(al, t, (t->mask + 1) * 2);
}

/* Makes room for item id in the per-item arrays. */
static px_status reserve_items(px_index *ix, size_t need) {
    if (need > ix->sig_cap) {
        size_t old = ix->sig_cap;
        PX_TRY(px_grow(&ix->al, (void **)&ix->sig, &ix->sig_cap, need,
                       sizeof *ix->sig));
        for (size_t i = old; i < ix->sig_cap; i++) ix->sig[i] = NULL;
    }
    if (need > ix->next_cap) {
        size_t cap = ix->next_cap ? ix->next_cap : 64;
        while (cap < need) cap *= 2;
        if (cap > SIZE_MAX / ix->bands / sizeof *ix->next) return PX_ENOMEM;
        uint32_t *nn = px_realloc(&ix->al, ix->next, cap * ix->bands * sizeof *nn);
        if (!nn) return PX_ENOMEM;
        sig_advise_huge(nn, cap * ix->bands * sizeof *nn);
        ix->next = nn;
        ix->next_cap = cap;
    }
    return PX_OK;
}

px_status lsh_reserve(px_index *ix, size_t items) {
    if (!ix) return PX_EINVAL;
    if (items > UINT32_MAX) return PX_ENOMEM;
    PX_TRY(reserve_items(ix, items));
    size_t cap = MIN_SLOTS;
    while ((items + 1) * 4 > cap * 3) cap *= 2;
    for (unsigned b = 0; b < ix->bands; b++)
        if (cap > ix->tab[b].mask + 1) {
            PX_TRY(resize_table(&ix->al, &ix->tab[b], cap));
            ix->gen++;
        }
    return PX_OK;
}

px_status lsh_add(px_index *ix, uint32_t id, const uint32_t *sig) {
    if (!ix || !sig || id == NONE) return PX_EINVAL;
    if (id < ix->sig_cap && ix->sig[id]) return PX_EINVAL;
    /* Every allocation first, so that a failure changes nothing visible. */
    PX_TRY(reserve_items(ix, (size_t)id + 1));
    for (unsigned b = 0; b < ix->bands; b++) {
        table *t = &ix->tab[b];
        if ((t->used + 1) * 4 > (t->mask + 1) * 3) {
            PX_TRY(grow_table(&ix->al, t));
            ix->gen++;
        }
    }
    bool reuse = ix->q_sig == sig && ix->q_gen == ix->gen;
    ix->gen++;
    ix->q_sig = NULL;
    uint32_t *nx = ix->next + (size_t)id * ix->bands;
    for (unsigned b = 0; b < ix->bands; b++) {
        table *t = &ix->tab[b];
        uint32_t tag;
        size_t i;
        if (reuse) {
            tag = ix->q_tag[b];
            i = ix->q_slot[b];
        } else {
            tag = (uint32_t)(band_hash(ix, b, sig) >> 32);
            i = find(ix, b, sig, tag);
        }
        if (t->s[i].head == NONE) {
            t->s[i].tag = tag;
            t->used++;
        }
        nx[b] = t->s[i].head;
        t->s[i].head = id;
    }
    ix->sig[id] = sig;
    ix->n++;
    return PX_OK;
}

/* Sorts n ids ascending: insertion sort when short, else an LSD radix sort
 * of three 11-bit digits through tmp (linear however large a bucket). */
static void sort_ids(uint32_t *a, uint32_t *tmp, size_t n) {
    if (n <= SMALL_SORT) {
        for (size_t i = 1; i < n; i++) {
            uint32_t v = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1] > v; j--) a[j] = a[j - 1];
            a[j] = v;
        }
        return;
    }
    uint32_t *src = a, *dst = tmp;
    for (unsigned shift = 0; shift < 33; shift += 11) {
        size_t count[2048] = {0};
        for (size_t i = 0; i < n; i++) count[(src[i] >> shift) & 2047]++;
        size_t sum = 0;
        for (size_t d = 0; d < 2048; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & 2047]++] = src[i];
        uint32_t *sw = src;
        src = dst;
        dst = sw;
    }
    if (src != a) memcpy(a, src, n * sizeof *a); /* odd pass count */
}

px_status lsh_query(px_index *ix, const uint32_t *sig,
                    void (*fn)(void *ud, uint32_t id), void *ud) {
    if (!ix || !sig || !fn) return PX_EINVAL;
    /* tags first and their slots fetched together: the tables are far
     * larger than the caches, and bands probed one after the other would
     * wait for each miss in turn */
    for (unsigned b = 0; b < ix->bands; b++) {
        ix->q_tag[b] = (uint32_t)(band_hash(ix, b, sig) >> 32);
        __builtin_prefetch(&ix->tab[b].s[ix->q_tag[b] & ix->tab[b].mask]);
    }
    for (unsigned b = 0; b < ix->bands; b++)
        ix->q_slot[b] = find(ix, b, sig, ix->q_tag[b]);
    ix->q_sig = sig;
    ix->q_gen = ix->gen;
    if (ix->n == 0) return PX_OK;
    size_t nc = 0;
    for (unsigned b = 0; b < ix->bands; b++) {
        size_t i = ix->q_slot[b];
        for (uint32_t id = ix->tab[b].s[i].head; id != NONE;
             id = ix->next[(size_t)id * ix->bands + b]) {
            if (nc == ix->cand_cap)
                PX_TRY(px_grow(&ix->al, (void **)&ix->cand, &ix->cand_cap, nc + 1,
                               sizeof *ix->cand));
            ix->cand[nc++] = id;
        }
    }
    if (nc > SMALL_SORT)
        PX_TRY(px_grow(&ix->al, (void **)&ix->tmp, &ix->tmp_cap, nc, sizeof *ix->tmp));
    sort_ids(ix->cand, ix->tmp, nc);
    for (size_t i = 0; i < nc; i++)
        if (i == 0 || ix->cand[i] != ix->cand[i - 1]) fn(ud, ix->cand[i]);
    return PX_OK;
}
