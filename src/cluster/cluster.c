/*
 * cluster.c - online story clustering in publication order.
 *
 * Consumes analysed docs (term vectors of body and title, names, time,
 * duplicate links) and produces stories. The method is the single-pass
 * clustering of the streaming news literature (Allan et al., "On-line new
 * event detection and tracking", SIGIR 1998; Miranda et al., "Multilingual
 * clustering of streaming news", EMNLP 2018): each article, taken in order of
 * publication, is compared with the stories that are still warm; it joins
 * the best one when the score passes a threshold, or starts a new story.
 *
 * - Candidates come from an inverted index: each story is posted under the
 *   most salient terms and the names of its articles, and an article looks
 *   up its own most salient terms and names. Stories past the horizon are
 *   dropped from the postings as they are met, and each term's scan is
 *   bounded, so the work per article stays bounded on an endless stream.
 * - The score mixes three similarities to the story: TF-IDF of the body, of
 *   the title, and of the capitalized names, weights renormalized over the
 *   parts the article has. Each is a blend of the centroid cosine and the
 *   mean cosine to the members (average linkage), which keeps a story from
 *   drifting into a look-alike event once it holds one article of it.
 * - A story past its window is cold, not closed: joining it costs a penalty
 *   growing with the log of the gap, so late follow-ups need stronger
 *   evidence (gold stories in real corpora run for weeks).
 * - IDF comes from the whole input (batch runs see all of it first). Terms
 *   seen in one article only are left out, and only the heaviest terms of an
 *   article are kept: both would only dilute the cosines.
 * - Then `refine` passes re-assign each article to the best story given the
 *   final stories (a k-means style step), which removes most of the
 *   dependence on arrival order; and an article left alone gets a second
 *   chance to join a story at the lower `attach` score.
 * - A duplicate joins its original's story and adds nothing to the vectors,
 *   so that syndicated copies do not outweigh independent reports.
 *
 * docs/clustering.md gives every parameter, its default and why.
 *
 * Everything is visited in a fixed order and ties go to the lower index, so
 * the result depends only on the input, never on hash-table layout.
 */
#include "cluster.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>

void cl_params_default(cl_params *p) {
    /* One set for every input, chosen as the best minimum over the two
     * shared development sets; docs/clustering.md says why each. */
    p->threshold = 0.22;
    p->window = 3 * 86400.0;
    p->cold = 0.03;
    p->horizon = 2000 * 86400.0;
    p->w_body = 0.45;
    p->w_title = 0.2;
    p->w_names = 0.25;
    p->linkage = 0.75;
    p->attach = 0.1;
    p->keep = 60;
    p->probe = 8;
    p->refine = 2;
    p->release = false;
    p->threads = 1;
    p->progress = NULL;
    p->progress_ud = NULL;
}

/* ---- u32 -> u32 hash map (open addressing, linear probing) ---- */

typedef struct map32 {
    uint32_t *key;   /* keys */
    uint32_t *val;   /* values */
    uint8_t *used;   /* slot occupied */
    size_t cap;      /* slots, a power of two */
    size_t n;        /* occupied slots */
} map32;

static uint32_t mix32(uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

static px_status map_init(const px_allocator *al, map32 *m, size_t want) {
    size_t cap = 64;
    while (cap < want * 2) cap *= 2;
    m->key = px_malloc(al, cap * sizeof *m->key);
    m->val = px_malloc(al, cap * sizeof *m->val);
    m->used = px_calloc(al, cap, 1);
    m->cap = cap;
    m->n = 0;
    return m->key && m->val && m->used ? PX_OK : PX_ENOMEM;
}

static void map_free(const px_allocator *al, map32 *m) {
    px_free(al, m->key);
    px_free(al, m->val);
    px_free(al, m->used);
}

/* Slot of key k; *found tells whether it is there. */
static size_t map_slot(const map32 *m, uint32_t k, bool *found) {
    size_t i = mix32(k) & (m->cap - 1);
    while (m->used[i] && m->key[i] != k) i = (i + 1) & (m->cap - 1);
    *found = m->used[i];
    return i;
}

static px_status map_grow(const px_allocator *al, map32 *m) {
    map32 nm;
    PX_TRY(map_init(al, &nm, m->cap));
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->used[i]) continue;
        bool f;
        size_t s = map_slot(&nm, m->key[i], &f);
        nm.used[s] = 1;
        nm.key[s] = m->key[i];
        nm.val[s] = m->val[i];
        nm.n++;
    }
    map_free(al, m);
    *m = nm;
    return PX_OK;
}

/* Pointer to the value of k, inserting it with value v0 when absent. */
static px_status map_upsert(const px_allocator *al, map32 *m, uint32_t k,
                            uint32_t v0, uint32_t **out) {
    if ((m->n + 1) * 2 > m->cap) PX_TRY(map_grow(al, m));
    bool f;
    size_t s = map_slot(m, k, &f);
    if (!f) {
        m->used[s] = 1;
        m->key[s] = k;
        m->val[s] = v0;
        m->n++;
    }
    *out = &m->val[s];
    return PX_OK;
}

static uint32_t map_get(const map32 *m, uint32_t k, uint32_t dflt) {
    bool f;
    size_t s = map_slot(m, k, &f);
    return f ? m->val[s] : dflt;
}

/* ---- sparse float vectors, sorted by term ---- */

typedef struct svec {
    uint32_t *t;   /* terms, ascending */
    float *w;      /* weights */
    uint32_t n;    /* entries used */
    uint32_t cap;  /* entries allocated */
} svec;

static void svec_free(const px_allocator *al, svec *v) {
    px_free(al, v->t);
    px_free(al, v->w);
    memset(v, 0, sizeof *v);
}

static px_status svec_reserve(const px_allocator *al, svec *v, size_t n) {
    if (n <= v->cap) return PX_OK;
    /* a quarter of headroom, not doubling: story sums are most of the
     * clusterer's memory, and they grow one article at a time */
    size_t c = n + n / 4 + 16;
    uint32_t *t = px_realloc(al, v->t, c * sizeof *t);
    if (!t) return PX_ENOMEM;
    v->t = t;
    float *w = px_realloc(al, v->w, c * sizeof *w);
    if (!w) return PX_ENOMEM;
    v->w = w;
    v->cap = (uint32_t)c;
    return PX_OK;
}

/* Index of the first term >= t in v->t[lo..v->n). Gallops from lo first:
 * an article's terms are looked up in ascending order, so the answer is
 * usually a short way past the previous one. */
static uint32_t lower_bound(const svec *v, uint32_t lo, uint32_t t) {
    uint32_t hi = v->n, step = 1;
    while (lo + step < hi && v->t[lo + step] < t) {
        lo += step;
        step *= 2;
    }
    if (lo + step < hi) hi = lo + step + 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v->t[mid] < t) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static double dot(const svec *a, const svec *b) {
    double s = 0;
    if ((uint64_t)a->n * 8 < b->n) {
        /* an article against a big story: search rather than walk it */
        uint32_t j = 0;
        for (uint32_t i = 0; i < a->n && j < b->n; i++) {
            j = lower_bound(b, j, a->t[i]);
            if (j < b->n && b->t[j] == a->t[i]) s += (double)a->w[i] * b->w[j++];
        }
        return s;
    }
    /* the walk without branches on the comparison: which side moves is as
     * good as random, and a mispredicted branch per step was most of the
     * cost of the clusterer's commonest call */
    uint32_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        uint32_t x = a->t[i], y = b->t[j];
        double p = (double)a->w[i] * b->w[j];
        s += x == y ? p : 0.0;
        i += x <= y;
        j += y <= x;
    }
    return s;
}

/* dst += alpha * src, merged in the scratch tmp. */
static px_status axpy(const px_allocator *al, svec *dst, const svec *src,
                      float alpha, svec *tmp) {
    PX_TRY(svec_reserve(al, tmp, (size_t)dst->n + src->n));
    uint32_t i = 0, j = 0, k = 0;
    while (i < dst->n || j < src->n) {
        if (j >= src->n || (i < dst->n && dst->t[i] < src->t[j])) {
            tmp->t[k] = dst->t[i];
            tmp->w[k++] = dst->w[i++];
        } else if (i >= dst->n || src->t[j] < dst->t[i]) {
            tmp->t[k] = src->t[j];
            tmp->w[k++] = alpha * src->w[j++];
        } else {
            float w = dst->w[i] + alpha * src->w[j];
            /* a term whose weight cancels out is dropped */
            if (fabsf(w) > 1e-6f) {
                tmp->t[k] = dst->t[i];
                tmp->w[k++] = w;
            }
            i++;
            j++;
        }
    }
    /* copy back rather than swap buffers: a swap would hand the scratch
     * buffer, sized for the largest story yet, to every small story and
     * multiply the memory held by all stories */
    PX_TRY(svec_reserve(al, dst, k));
    if (k) {
        memcpy(dst->t, tmp->t, k * sizeof *dst->t);
        memcpy(dst->w, tmp->w, k * sizeof *dst->w);
    }
    dst->n = k;
    return PX_OK;
}

static double sqnorm(const svec *v) {
    double s = 0;
    for (uint32_t i = 0; i < v->n; i++) s += (double)v->w[i] * v->w[i];
    return s;
}

/* A weighted vector kept for the later passes: exact-size copies. */
typedef struct dvec {
    uint32_t *t;   /* terms, ascending */
    float *w;      /* unit-vector weights */
    uint32_t n;    /* entries */
} dvec;

/* ---- stories under construction ---- */

typedef struct story {
    svec body, title, names;  /* sums of member unit vectors */
    double nb, nt, nn;        /* norms of those sums */
    size_t *docs;             /* members of this run (not duplicates), in order */
    size_t ndocs, cap;        /* used and allocated */
    size_t base;              /* members from earlier runs (a store) */
    int64_t base_first, base_last; /* known times of those */
    int64_t first, last;      /* known times of the earliest/latest member */
    uint32_t touched;         /* last block that changed it, plus one */
    char id[17];              /* id once given (persistent state), else "" */
    dvec lab;                 /* body vector of the label article (persistent) */
    bool lab_set;             /* lab holds an earlier run's label */
    bool lab_title;           /* that article has a title */
    bool dirty;               /* changed since the last cl_state_clean */
    bool stub;                /* still in the source: last alone is known,
                                 and it takes no article (no members) */
} story;

typedef struct plist {
    uint32_t *s;     /* story indexes */
    uint32_t n, cap; /* used, allocated */
    uint32_t key;    /* the term or name (names with the top bit flipped) */
    bool dirty;      /* changed since the last cl_state_clean */
} plist;

/* A story's mark in a scorer: stamp and evidence side by side, so that
 * reaching a story through the postings costs one cache miss, not two. */
typedef struct mark {
    uint32_t stamp; /* last round that reached the story */
    float ev;       /* probe weight reaching it in that round */
} mark;

/* A term and its weight, as weigh() ranks them. */
typedef struct wpair {
    float w;
    uint32_t t;
} wpair;

/* What scoring one article needs for itself: its vectors, its candidates
 * and their marks. The passes score a block of articles on several threads
 * at once (see "Blocks" below), each thread with its own scorer. */
typedef struct scorer {
    svec vb, vt, vn; /* the article's unit vectors */
    wpair *pairs;    /* scratch of weigh() */
    size_t pcap;     /* its capacity */
    uint32_t *cand;  /* candidate stories */
    size_t ncand, ccap;
    uint32_t round;  /* stamp of the current candidate round */
    mark *mk;        /* per story: its mark */
    size_t scap;     /* stories mk has room for */
} scorer;

/* The clusterer: what persists between runs (document frequencies,
 * stories, postings) and each run's scratch. cl_run uses one for one run;
 * a store keeps one open and feeds it batch after batch. */
typedef struct cl_state {
    const px_allocator *al;
    const cl_params *p;
    cl_params params;  /* p points here */
    bool persist;      /* keep what a store saves: ids, labels, dirty marks */
    px_doc **docs;
    map32 df;        /* term -> articles holding it (body and title) */
    map32 ndf;       /* name -> articles naming it */
    uint64_t ndf_docs; /* articles counted in df (N) */
    double lnN;      /* log of the number of articles */
    map32 ddirty;    /* terms of df changed since cl_state_clean */
    map32 ndirty;    /* names of ndf changed since cl_state_clean */
    uint32_t *dirty; /* stories changed since cl_state_clean */
    size_t ndirty_st, dcap;
    story *st;       /* stories */
    size_t nst, stcap;
    map32 post;      /* term or name -> index into lists */
    plist *lists;    /* postings */
    size_t nlists, lcap;
    scorer w;        /* the sequential steps' scorer */
    svec tmp;        /* merge scratch */
    size_t *doc_story; /* story of each doc index, or PX_NONE */
    struct dvec *cache; /* 3 weighted vectors per doc, for later passes */
    uint32_t block;  /* number of the current block, plus one */
    px_status fail;  /* a failure while marking state dirty */
    size_t prog_done, prog_total; /* refine progress over all its passes */
    cl_source src;   /* what holds the rest of the state, if has_src */
    bool has_src;
} clu;

/* The order of the heaviest terms: weight down, then term up; total, as a
 * vector's terms are distinct, so the `keep` first are one set whatever
 * the method that finds them. */
static bool heavier(const wpair *x, const wpair *y) {
    return x->w > y->w || (x->w == y->w && x->t < y->t);
}

/* Moves the k heaviest of p[0..n) to p[0..k) (in no order): quickselect,
 * linear where the full sort it replaces was a tenth of a stories run. The
 * pivot is the median of three, so sorted input stays linear. */
static void select_heaviest(wpair *p, size_t n, size_t k) {
    size_t lo = 0, hi = n; /* the k-th heaviest is in p[lo..hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        wpair a = p[lo], b = p[mid], c = p[hi - 1], piv;
        if (heavier(&a, &b)) piv = heavier(&b, &c) ? b : heavier(&a, &c) ? c : a;
        else piv = heavier(&a, &c) ? a : heavier(&b, &c) ? c : b;
        /* three ways: heavier than the pivot, the pivot, lighter */
        size_t i = lo, j = lo, e = hi;
        while (j < e) {
            if (heavier(&p[j], &piv)) {
                wpair x = p[i];
                p[i++] = p[j];
                p[j++] = x;
            } else if (heavier(&piv, &p[j])) {
                wpair x = p[--e];
                p[e] = p[j];
                p[j] = x;
            } else {
                j++;
            }
        }
        if (k <= i) hi = i;
        else if (k > e) lo = e;
        else return; /* the pivot sits at the cut */
    }
}

static int cmp_pair_term(const void *a, const void *b) {
    uint32_t s = ((const wpair *)a)->t, t = ((const wpair *)b)->t;
    return (s > t) - (s < t);
}

/* Unit TF-IDF vector of tv: terms held by fewer than two articles are
 * skipped (they link nothing), and only the `keep` heaviest are kept: the
 * long tail of a long article is mostly incidental words that dilute its
 * cosine with reports of the same event. */
static px_status weigh(const clu *c, scorer *w, const px_tv *tv, const map32 *df,
                       svec *out) {
    out->n = 0;
    PX_TRY(svec_reserve(c->al, out, tv->n ? tv->n : 1));
    for (uint32_t i = 0; i < tv->n; i++) {
        uint32_t d = map_get(df, tv->term[i], 0);
        if (d < 2) continue;
        double x = (1.0 + log((double)tv->tf[i])) * (c->lnN - log((double)d + 0.5) + 1.0);
        out->t[out->n] = tv->term[i];
        out->w[out->n++] = (float)x;
    }
    unsigned keep = c->p->keep;
    if (keep && out->n > keep) {
        PX_TRY(px_grow(c->al, (void **)&w->pairs, &w->pcap, out->n, sizeof *w->pairs));
        for (uint32_t i = 0; i < out->n; i++) w->pairs[i] = (wpair){out->w[i], out->t[i]};
        select_heaviest(w->pairs, out->n, keep);
        qsort(w->pairs, keep, sizeof *w->pairs, cmp_pair_term);
        for (uint32_t i = 0; i < keep; i++) {
            out->w[i] = w->pairs[i].w;
            out->t[i] = w->pairs[i].t;
        }
        out->n = keep;
    }
    double ss = 0;
    for (uint32_t i = 0; i < out->n; i++) ss += (double)out->w[i] * out->w[i];
    if (ss > 0) {
        float inv = (float)(1.0 / sqrt(ss));
        for (uint32_t i = 0; i < out->n; i++) out->w[i] *= inv;
    }
    return PX_OK;
}

static px_status keep_copy(const px_allocator *al, const svec *v, dvec *out) {
    out->n = v->n;
    out->t = px_malloc(al, (v->n ? v->n : 1) * sizeof *out->t);
    out->w = px_malloc(al, (v->n ? v->n : 1) * sizeof *out->w);
    if (!out->t || !out->w) return PX_ENOMEM;
    if (v->n) { /* an empty vector may have NULL arrays: memcpy must not see them */
        memcpy(out->t, v->t, v->n * sizeof *v->t);
        memcpy(out->w, v->w, v->n * sizeof *v->w);
    }
    return PX_OK;
}

static px_status load_copy(const px_allocator *al, const dvec *v, svec *out) {
    PX_TRY(svec_reserve(al, out, v->n ? v->n : 1));
    memcpy(out->t, v->t, v->n * sizeof *v->t);
    memcpy(out->w, v->w, v->n * sizeof *v->w);
    out->n = v->n;
    return PX_OK;
}

/* The article's three unit vectors into vb, vt, vn: weighed on the first
 * pass, then reused (weighing is a third of the work of a pass). */
static px_status doc_vectors(const clu *c, scorer *w, size_t di) {
    dvec *cache = &c->cache[3 * di];
    if (cache[0].t) {
        PX_TRY(load_copy(c->al, &cache[0], &w->vb));
        PX_TRY(load_copy(c->al, &cache[1], &w->vt));
        return load_copy(c->al, &cache[2], &w->vn);
    }
    const px_doc *d = c->docs[di];
    PX_TRY(weigh(c, w, &d->body, &c->df, &w->vb));
    PX_TRY(weigh(c, w, &d->title_tv, &c->df, &w->vt));
    PX_TRY(weigh(c, w, &d->names, &c->ndf, &w->vn));
    PX_TRY(keep_copy(c->al, &w->vb, &cache[0]));
    PX_TRY(keep_copy(c->al, &w->vt, &cache[1]));
    PX_TRY(keep_copy(c->al, &w->vn, &cache[2]));
    if (c->p->release) {
        /* the weighted copies replace the counts from here on */
        px_doc *dd = c->docs[di];
        px_tv_free(&dd->al, &dd->body);
        px_tv_free(&dd->al, &dd->title_tv);
        px_tv_free(&dd->al, &dd->names);
    }
    return PX_OK;
}

/* Normalizer of a story sum of norm `norm` over n members: the norm itself
 * gives the centroid cosine, n the mean cosine to the members. The mean is
 * stricter with loose stories, which keeps a story from drifting towards a
 * neighbouring event once it holds articles of both. */
static double link_norm(const cl_params *p, double norm, size_t n) {
    if (p->linkage <= 0) return norm;
    if (p->linkage >= 1) return (double)n;
    return pow(norm, 1 - p->linkage) * pow((double)n, p->linkage);
}

/* Members of a story: of earlier runs and of this one. */
static size_t members(const story *s) { return s->base + s->ndocs; }

/* Records that story sid changed, for a store to save it. */
static px_status mark_story(clu *c, story *s) {
    if (!c->persist || s->dirty) return PX_OK;
    PX_TRY(px_grow(c->al, (void **)&c->dirty, &c->dcap, c->ndirty_st + 1, sizeof *c->dirty));
    c->dirty[c->ndirty_st++] = (uint32_t)(s - c->st);
    s->dirty = true;
    return PX_OK;
}

/* Score of the article in w against story s. */
static double score(const clu *c, const scorer *w, const story *s) {
    const cl_params *p = c->p;
    double num = 0, den = p->w_body;
    size_t n = members(s);
    if (s->nb > 0) num += p->w_body * dot(&w->vb, &s->body) / link_norm(p, s->nb, n);
    if (w->vt.n) {
        den += p->w_title;
        if (s->nt > 0) num += p->w_title * dot(&w->vt, &s->title) / link_norm(p, s->nt, n);
    }
    if (w->vn.n) {
        den += p->w_names;
        if (s->nn > 0) num += p->w_names * dot(&w->vn, &s->names) / link_norm(p, s->nn, n);
    }
    return num / den;
}

/* One part of own_score: the cosine term of v against sum - v. The
 * weights are positive, so what other members add to a sum has a squared
 * norm of at least 1; less is the rounding left when v was the only one. */
static double part_without(const cl_params *p, const svec *v, const svec *sum,
                           double norm, size_t n) {
    if (norm <= 0) return 0;
    double d = dot(v, sum), vv = sqnorm(v);
    double rest = norm * norm - 2 * d + vv;
    if (rest < 0.5) return 0;
    return (d - vv) / link_norm(p, sqrt(rest), n);
}

/* Score of the article in w against its own story s as if it were not a
 * member: worked out from the dot products instead of taking its vectors
 * out of the sums and putting them back, which would leave rounding in
 * the sums and write to stories other threads are reading. The member
 * count stays n, as when the passes took the vectors out. */
static double own_score(const clu *c, const scorer *w, const story *s) {
    const cl_params *p = c->p;
    size_t n = members(s);
    if (n < 2) return -HUGE_VAL;
    double num = p->w_body * part_without(p, &w->vb, &s->body, s->nb, n);
    double den = p->w_body;
    if (w->vt.n) {
        den += p->w_title;
        num += p->w_title * part_without(p, &w->vt, &s->title, s->nt, n);
    }
    if (w->vn.n) {
        den += p->w_names;
        num += p->w_names * part_without(p, &w->vn, &s->names, s->nn, n);
    }
    return num / den;
}

/* Adds (sign +1) or removes (sign -1) the vectors in w from story s. */
static px_status story_apply(clu *c, const scorer *w, story *s, float sign) {
    PX_TRY(axpy(c->al, &s->body, &w->vb, sign, &c->tmp));
    PX_TRY(axpy(c->al, &s->title, &w->vt, sign, &c->tmp));
    PX_TRY(axpy(c->al, &s->names, &w->vn, sign, &c->tmp));
    s->nb = sqrt(sqnorm(&s->body));
    s->nt = sqrt(sqnorm(&s->title));
    s->nn = sqrt(sqnorm(&s->names));
    s->touched = c->block;
    return mark_story(c, s);
}

static px_status post(clu *c, uint32_t key, uint32_t sid) {
    uint32_t *li;
    PX_TRY(map_upsert(c->al, &c->post, key, (uint32_t)c->nlists, &li));
    if (*li == c->nlists) {
        PX_TRY(px_grow(c->al, (void **)&c->lists, &c->lcap, c->nlists + 1,
                       sizeof *c->lists));
        memset(&c->lists[c->nlists], 0, sizeof *c->lists);
        c->lists[c->nlists++].key = key;
    }
    plist *l = &c->lists[*li];
    for (uint32_t i = l->n; i > 0 && i + 4 > l->n; i--)
        if (l->s[i - 1] == sid) return PX_OK; /* recently posted already */
    if (l->n == l->cap) {
        size_t cap = l->cap;
        PX_TRY(px_grow(c->al, (void **)&l->s, &cap, (size_t)l->n + 1, sizeof *l->s));
        l->cap = (uint32_t)cap;
    }
    l->s[l->n++] = sid;
    l->dirty = true;
    return PX_OK;
}

/* Indexes of the `k` heaviest entries of v (ties: lower term). */
static size_t top_terms(const svec *v, unsigned k, uint32_t *out) {
    size_t m = 0;
    for (uint32_t i = 0; i < v->n; i++) {
        size_t j = m < k ? m++ : k;
        if (j == k) {
            if (v->w[i] <= v->w[out[k - 1]]) continue;
            j = k - 1;
        }
        while (j > 0 && v->w[out[j - 1]] < v->w[i]) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = i;
    }
    return m;
}

static px_status post_doc(clu *c, const scorer *w, uint32_t sid) {
    uint32_t idx[64];
    unsigned k = c->p->probe < 64 ? c->p->probe : 64;
    size_t m = top_terms(&w->vb, k, idx);
    for (size_t i = 0; i < m; i++) PX_TRY(post(c, w->vb.t[idx[i]], sid));
    m = top_terms(&w->vn, k, idx);
    for (size_t i = 0; i < m; i++) PX_TRY(post(c, w->vn.t[idx[i]] ^ 0x80000000u, sid));
    return PX_OK;
}

/* Seconds between time t and the span of story s; 0 inside it or when
 * either is unknown. */
static double time_gap(const story *s, int64_t t) {
    if (t == PX_TIME_UNKNOWN || s->first == PX_TIME_UNKNOWN) return 0;
    if (t > s->last) return (double)(t - s->last);
    if (t < s->first) return (double)(s->first - t);
    return 0;
}

/* What a story's coldness costs an article's score: nothing inside the
 * window, then a penalty growing with the log of the time past it, so a
 * late follow-up needs stronger evidence; beyond the horizon, everything. */
static double time_penalty(const cl_params *p, double gap) {
    if (gap <= p->window) return 0;
    if (gap > p->horizon) return HUGE_VAL;
    return p->cold * log1p((gap - p->window) / p->window);
}

static bool expired(const clu *c, const story *s, int64_t t) {
    return t != PX_TIME_UNKNOWN && s->last != PX_TIME_UNKNOWN &&
           (double)(t - s->last) > c->p->horizon;
}

/* Most recent postings of one term scanned per article. A term posted by
 * more stories than this is no longer salient (a stopword of the stream),
 * and the stories it reaches are found through the article's other terms;
 * the bound keeps the cost per article constant on an endless stream. */
#define SCAN_MAX 256

/* Candidates scored per article: those with the most evidence (summed
 * weight of the article's probe terms that reached them). Scoring is the
 * costly step; a story that shares none of an article's heaviest terms
 * with it would not pass the threshold anyway. 16 found the same stories
 * on the development sets; 8 lost a few (docs/clustering.md, `probe`). */
#define CAND_MAX 12

/* Room in w's per-story marks for every story; new ones unmarked. */
static px_status marks_reserve(const clu *c, scorer *w) {
    if (w->scap >= c->nst) return PX_OK;
    size_t cap = c->nst + c->nst / 2 + 64;
    mark *mk = px_realloc(c->al, w->mk, cap * sizeof *mk);
    if (!mk) return PX_ENOMEM;
    w->mk = mk;
    memset(w->mk + w->scap, 0, (cap - w->scap) * sizeof *mk);
    w->scap = cap;
    return PX_OK;
}

/* Adds the stories posted under key to w's candidates with weight wt. With
 * prune, expired stories are dropped from the list: only the sequential
 * steps prune, the lists being shared by the scoring threads. */
static px_status gather_list(clu *c, scorer *w, uint32_t key, float wt, int64_t t,
                             bool prune) {
    bool f;
    size_t slot = map_slot(&c->post, key, &f);
    if (!f) return PX_OK;
    plist *l = &c->lists[c->post.val[slot]];
    if (prune) {
        /* postings are appended in publication order: expired stories
         * gather at the front, where they are dropped for good */
        uint32_t k = 0;
        while (k < l->n && expired(c, &c->st[l->s[k]], t)) k++;
        if (k) {
            memmove(l->s, l->s + k, (l->n - k) * sizeof *l->s);
            l->n -= k;
            l->dirty = true;
        }
    }
    uint32_t from = l->n > SCAN_MAX ? l->n - SCAN_MAX : 0;
    for (uint32_t i = from; i < l->n; i++) {
        uint32_t sid = l->s[i];
        mark *m = &w->mk[sid];
        if (m->stamp != w->round) {
            m->stamp = w->round;
            m->ev = 0;
            if (w->ncand == w->ccap)
                PX_TRY(px_grow(c->al, (void **)&w->cand, &w->ccap, w->ncand + 1,
                               sizeof *w->cand));
            w->cand[w->ncand++] = sid;
        }
        m->ev += wt;
    }
    return PX_OK;
}

/* A candidate and its evidence, sorted by evidence then index. */
typedef struct cand_ev {
    float ev;      /* evidence */
    uint32_t sid;  /* story */
} cand_ev;

static int cmp_cand(const void *x_, const void *y_) {
    const cand_ev *x = x_, *y = y_;
    if (x->ev != y->ev) return x->ev < y->ev ? 1 : -1;
    return (x->sid > y->sid) - (x->sid < y->sid);
}

static px_status gather(clu *c, scorer *w, int64_t t, bool prune) {
    uint32_t idx[64];
    unsigned k = c->p->probe < 64 ? c->p->probe : 64;
    PX_TRY(marks_reserve(c, w));
    if (++w->round == 0) { /* wrapped: old marks could pass for new */
        for (size_t i = 0; i < w->scap; i++) w->mk[i].stamp = 0;
        w->round = 1;
    }
    w->ncand = 0;
    size_t m = top_terms(&w->vb, k, idx);
    for (size_t i = 0; i < m; i++)
        PX_TRY(gather_list(c, w, w->vb.t[idx[i]], w->vb.w[idx[i]], t, prune));
    m = top_terms(&w->vn, k, idx);
    for (size_t i = 0; i < m; i++)
        PX_TRY(gather_list(c, w, w->vn.t[idx[i]] ^ 0x80000000u, w->vn.w[idx[i]], t, prune));
    if (w->ncand > CAND_MAX) {
        /* the CAND_MAX best by insertion into a short sorted array: one
         * comparison for most candidates, where sorting all cost a third
         * of the run on large inputs */
        cand_ev top[CAND_MAX];
        size_t kept = 0;
        for (size_t i = 0; i < w->ncand; i++) {
            cand_ev e = {w->mk[w->cand[i]].ev, w->cand[i]};
            if (kept == CAND_MAX && cmp_cand(&e, &top[kept - 1]) >= 0) continue;
            size_t j = kept < CAND_MAX ? kept++ : kept - 1;
            while (j > 0 && cmp_cand(&e, &top[j - 1]) < 0) {
                top[j] = top[j - 1];
                j--;
            }
            top[j] = e;
        }
        for (size_t i = 0; i < kept; i++) w->cand[i] = top[i].sid;
        w->ncand = kept;
    }
    return PX_OK;
}

/* ---- fetching from a source ----
 *
 * A run reaches four things of the state: the frequencies of its
 * articles' terms and names (weighing), the posting lists of the keys its
 * articles probe and post (top_terms of the weighted vectors, which count_df
 * fixes for the run), and the stories in the last SCAN_MAX entries of those
 * lists. A list only grows at its end, by stories the run itself touches,
 * and loses entries at its front, so that window never reaches a story
 * that was not in it when the run began: fetching those before the run
 * gives the run everything it would see with the whole state loaded. */

typedef struct keys {
    uint32_t *k;
    size_t n, cap;
} keys;

static px_status keys_add(const clu *c, keys *ks, uint32_t k) {
    if (ks->n == ks->cap) PX_TRY(px_grow(c->al, (void **)&ks->k, &ks->cap, ks->n + 1, sizeof *ks->k));
    ks->k[ks->n++] = k;
    return PX_OK;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts and drops repeats. */
static void keys_set(keys *ks) {
    if (!ks->n) return;
    qsort(ks->k, ks->n, sizeof *ks->k, cmp_u32);
    size_t m = 1;
    for (size_t i = 1; i < ks->n; i++)
        if (ks->k[i] != ks->k[m - 1]) ks->k[m++] = ks->k[i];
    ks->n = m;
}

/* Adds the terms of tv absent from m, each once (seen holds those added:
 * a batch repeats its common terms millions of times, which a sort would
 * then have to drop). */
static px_status keys_absent(const clu *c, keys *ks, map32 *seen, const map32 *m,
                             const px_tv *tv) {
    for (uint32_t i = 0; i < tv->n; i++) {
        bool f;
        map_slot(m, tv->term[i], &f);
        if (f) continue;
        uint32_t *v;
        PX_TRY(map_upsert(c->al, seen, tv->term[i], 0, &v));
        if (*v) continue;
        *v = 1;
        PX_TRY(keys_add(c, ks, tv->term[i]));
    }
    return PX_OK;
}

/* Frequencies of the terms and names of the run's originals that the
 * state does not hold (before count_df adds the run's own). */
static px_status fetch_df(clu *c, const size_t *order, size_t n) {
    keys t = {0}, nm = {0};
    map32 seen, nseen;
    px_status st = map_init(c->al, &seen, 1024);
    if (st == PX_OK) st = map_init(c->al, &nseen, 256);
    else nseen = (map32){0};
    for (size_t k = 0; k < n && st == PX_OK; k++) {
        const px_doc *d = c->docs[order[k]];
        if (d->dup_of != PX_NONE) continue;
        st = keys_absent(c, &t, &seen, &c->df, &d->body);
        if (st == PX_OK) st = keys_absent(c, &t, &seen, &c->df, &d->title_tv);
        if (st == PX_OK) st = keys_absent(c, &nm, &nseen, &c->ndf, &d->names);
    }
    map_free(c->al, &seen);
    map_free(c->al, &nseen);
    keys_set(&t);
    keys_set(&nm);
    if (st == PX_OK && t.n) st = c->src.df(c->src.ud, c, false, t.k, t.n);
    if (st == PX_OK && nm.n) st = c->src.df(c->src.ud, c, true, nm.k, nm.n);
    px_free(c->al, t.k);
    px_free(c->al, nm.k);
    return st;
}

/* The keys the run's originals probe, then the lists of those not held. */
static px_status fetch_lists(clu *c, const size_t *order, size_t n) {
    keys probe = {0}, want = {0};
    uint32_t idx[64];
    unsigned kp = c->p->probe < 64 ? c->p->probe : 64;
    px_status st = PX_OK;
    for (size_t k = 0; k < n && st == PX_OK; k++) {
        size_t di = order[k];
        if (c->docs[di]->dup_of != PX_NONE) continue;
        if ((st = doc_vectors(c, &c->w, di)) != PX_OK) break;
        size_t m = top_terms(&c->w.vb, kp, idx);
        for (size_t i = 0; i < m && st == PX_OK; i++) st = keys_add(c, &probe, c->w.vb.t[idx[i]]);
        m = top_terms(&c->w.vn, kp, idx);
        for (size_t i = 0; i < m && st == PX_OK; i++)
            st = keys_add(c, &probe, c->w.vn.t[idx[i]] ^ 0x80000000u);
    }
    keys_set(&probe);
    for (size_t i = 0; i < probe.n && st == PX_OK; i++) {
        bool f;
        map_slot(&c->post, probe.k[i], &f);
        if (!f) st = keys_add(c, &want, probe.k[i]);
    }
    if (st == PX_OK && want.n) st = c->src.lists(c->src.ud, c, want.k, want.n);
    px_free(c->al, probe.k);
    px_free(c->al, want.k);
    return st;
}

/* The stubs among w's candidates, read before a decision takes them: only
 * the sequential steps call this, when no scoring thread reads the
 * stories. A stub's evidence comes from the postings alone, so the
 * candidates are those the whole state would give. */
static px_status fetch_candidates(clu *c, scorer *w) {
    uint32_t want[CAND_MAX];
    size_t m = 0;
    for (size_t i = 0; i < w->ncand && m < CAND_MAX; i++)
        if (c->st[w->cand[i]].stub) want[m++] = w->cand[i];
    if (!m) return PX_OK;
    qsort(want, m, sizeof *want, cmp_u32);
    PX_TRY(c->src.stories(c->src.ud, c, want, m));
    for (size_t i = 0; i < m; i++)
        if (c->st[want[i]].stub) return PX_EFORMAT; /* the source lacks a story it posted */
    return PX_OK;
}

/* ---- blocks ----
 *
 * Scoring is most of the work of a pass and reads the stories without
 * changing them, so the passes take articles in blocks of BLOCK: first the
 * threads score every article of the block against the stories as they
 * stand (a spec per article), then one thread walks the block in order
 * and decides, as a single pass would, rescoring only what the block
 * itself changed: the stories an earlier article of the block joined,
 * left or started (their `touched` mark). A score taken from a spec was
 * computed from the same inputs as its rescoring would be, so the result
 * does not depend on the number of threads, and is the result of one
 * thread taking the articles one by one. */
#define BLOCK 256

typedef struct spec {
    bool valid;             /* scored before the block's sequential step */
    uint32_t cur;           /* refine: the article's story then */
    double own;             /* refine: own_score against it */
    uint32_t n;             /* candidates scored */
    uint32_t sid[CAND_MAX]; /* those candidates (not cur), in gather order */
    double sc[CAND_MAX];    /* their scores, before the time penalty */
} spec;

/* Score of the article in w against story sid: from its spec when the
 * block left the story as it was, else computed now. */
static double score_of(const clu *c, const scorer *w, const spec *sp, uint32_t sid) {
    if (sp && c->st[sid].touched != c->block)
        for (uint32_t j = 0; j < sp->n; j++)
            if (sp->sid[j] == sid) return sp->sc[j];
    return score(c, w, &c->st[sid]);
}

/* What joining story s at time t costs; HUGE_VAL when s cannot take an
 * article at all (empty, or past the horizon). */
static double penalty(const clu *c, const story *s, int64_t t) {
    return members(s) ? time_penalty(c->p, time_gap(s, t)) : HUGE_VAL;
}

/* Best of w's candidates for its article at time t, skipping story
 * `skip`: its index or PX_NONE, and its score after the time penalty. */
static size_t best_story(const clu *c, const scorer *w, const spec *sp, int64_t t,
                         size_t skip, double *best_score) {
    size_t best = PX_NONE;
    double bs = -HUGE_VAL;
    for (size_t i = 0; i < w->ncand; i++) {
        uint32_t sid = w->cand[i];
        if (sid == skip) continue;
        double pen = penalty(c, &c->st[sid], t);
        if (pen == HUGE_VAL) continue;
        double sc = score_of(c, w, sp, sid) - pen;
        if (sc > bs || (sc == bs && sid < best)) {
            bs = sc;
            best = sid;
        }
    }
    *best_score = bs;
    return best;
}

static px_status story_add_doc(clu *c, size_t sid, size_t di) {
    story *s = &c->st[sid];
    PX_TRY(px_grow(c->al, (void **)&s->docs, &s->cap, s->ndocs + 1, sizeof *s->docs));
    s->docs[s->ndocs++] = di;
    int64_t t = c->docs[di]->time;
    if (t != PX_TIME_UNKNOWN) {
        if (s->first == PX_TIME_UNKNOWN || t < s->first) s->first = t;
        if (s->last == PX_TIME_UNKNOWN || t > s->last) s->last = t;
    }
    c->doc_story[di] = sid;
    PX_TRY(story_apply(c, &c->w, s, 1.0f));
    return post_doc(c, &c->w, (uint32_t)sid);
}

static px_status new_story(clu *c, size_t *sid) {
    PX_TRY(px_grow(c->al, (void **)&c->st, &c->stcap, c->nst + 1, sizeof *c->st));
    story *s = &c->st[c->nst];
    memset(s, 0, sizeof *s);
    s->first = s->last = s->base_first = s->base_last = PX_TIME_UNKNOWN;
    s->touched = c->block;
    *sid = c->nst++;
    return mark_story(c, s);
}

/* Adds one to the count of key in m, noting it in dirty for a store. */
static px_status df_inc(clu *c, map32 *m, map32 *dirty, uint32_t key) {
    uint32_t *v;
    PX_TRY(map_upsert(c->al, m, key, 0, &v));
    (*v)++;
    if (c->persist) PX_TRY(map_upsert(c->al, dirty, key, 1, &v));
    return PX_OK;
}

/* Document frequencies of this run's articles are added to those of the
 * earlier runs (a store's); the weights of earlier articles stay as they
 * were computed (docs/clustering.md, "Incremental runs"). */
static px_status count_df(clu *c, const size_t *order, size_t n) {
    size_t orig = 0;
    for (size_t k = 0; k < n; k++) {
        const px_doc *d = c->docs[order[k]];
        if (d->dup_of != PX_NONE) continue;
        orig++;
        for (uint32_t i = 0; i < d->body.n; i++)
            PX_TRY(df_inc(c, &c->df, &c->ddirty, d->body.term[i]));
        /* a title term not in the body still counts once for the doc */
        uint32_t j = 0;
        for (uint32_t i = 0; i < d->title_tv.n; i++) {
            uint32_t t = d->title_tv.term[i];
            while (j < d->body.n && d->body.term[j] < t) j++;
            if (j < d->body.n && d->body.term[j] == t) continue;
            PX_TRY(df_inc(c, &c->df, &c->ddirty, t));
        }
        for (uint32_t i = 0; i < d->names.n; i++)
            PX_TRY(df_inc(c, &c->ndf, &c->ndirty, d->names.term[i]));
    }
    c->ndf_docs += orig;
    c->lnN = log((double)(c->ndf_docs ? c->ndf_docs : 1));
    return PX_OK;
}

enum { PASS_ONLINE, PASS_REFINE, PASS_LONE };

/* The spec of the article order[k] of the block: its scores against the
 * stories as the block found them. */
static px_status spec_one(clu *c, scorer *w, int mode, size_t di, spec *sp) {
    sp->valid = false;
    const px_doc *d = c->docs[di];
    if (d->dup_of != PX_NONE) return PX_OK;
    size_t cur = PX_NONE;
    if (mode != PASS_ONLINE) {
        cur = c->doc_story[di];
        size_t m = members(&c->st[cur]);
        if (m < 1 || (mode == PASS_LONE && m != 1)) return PX_OK;
    }
    PX_TRY(doc_vectors(c, w, di));
    if (mode != PASS_ONLINE) {
        sp->cur = (uint32_t)cur;
        sp->own = own_score(c, w, &c->st[cur]);
    }
    /* the online pass gathers at the article's time, pruning; the
     * sequential step does the pruning, so it is left out here */
    PX_TRY(gather(c, w, mode == PASS_ONLINE ? d->time : PX_TIME_UNKNOWN, false));
    /* a story still in the source is read by the sequential step, which
     * then scores this article itself */
    for (size_t i = 0; i < w->ncand; i++)
        if (c->st[w->cand[i]].stub) return PX_OK;
    sp->n = 0;
    for (size_t i = 0; i < w->ncand; i++) {
        uint32_t sid = w->cand[i];
        if (sid == cur || penalty(c, &c->st[sid], d->time) == HUGE_VAL) continue;
        sp->sid[sp->n] = sid;
        sp->sc[sp->n++] = score(c, w, &c->st[sid]);
    }
    sp->valid = true;
    return PX_OK;
}

/* The threads of one run: the caller and n - 1 helpers. */
typedef struct pool {
    clu *c;
    unsigned n;             /* threads, the caller's included */
    scorer *w;              /* the helpers' scorers */
    pthread_t *tid;         /* the helpers */
    struct helper_arg *arg; /* what each helper is given */
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    unsigned gen;           /* blocks handed out (under mu) */
    unsigned busy;          /* helpers still scoring the block (under mu) */
    bool quit;              /* helpers are to return (under mu) */
    const size_t *order;    /* the block: order[b..e), in pass `mode` */
    size_t b, e;
    int mode;
    spec *specs;            /* BLOCK specs: specs[k - b] is order[k]'s */
    px_status st;           /* first failure of a helper (under mu) */
    bool sync;              /* mu, go and done are initialized */
} pool;

typedef struct helper_arg {
    pool *pl;
    unsigned idx;           /* 1..n-1: takes the articles b + idx + j*n */
} helper_arg;

static px_status spec_share(pool *pl, scorer *w, unsigned idx) {
    for (size_t k = pl->b + idx; k < pl->e; k += pl->n)
        PX_TRY(spec_one(pl->c, w, pl->mode, pl->order[k], &pl->specs[k - pl->b]));
    return PX_OK;
}

static void *helper_main(void *arg_) {
    helper_arg *a = arg_;
    pool *pl = a->pl;
    unsigned seen = 0;
    for (;;) {
        pthread_mutex_lock(&pl->mu);
        while (pl->gen == seen && !pl->quit) pthread_cond_wait(&pl->go, &pl->mu);
        bool quit = pl->quit;
        seen = pl->gen;
        pthread_mutex_unlock(&pl->mu);
        if (quit) return NULL;
        px_status st = spec_share(pl, &pl->w[a->idx - 1], a->idx);
        pthread_mutex_lock(&pl->mu);
        if (st != PX_OK && pl->st == PX_OK) pl->st = st;
        if (--pl->busy == 0) pthread_cond_signal(&pl->done);
        pthread_mutex_unlock(&pl->mu);
    }
}

static void scorer_free(const px_allocator *al, scorer *w) {
    svec_free(al, &w->vb);
    svec_free(al, &w->vt);
    svec_free(al, &w->vn);
    px_free(al, w->pairs);
    px_free(al, w->cand);
    px_free(al, w->mk);
    memset(w, 0, sizeof *w);
}

/* Starts up to threads - 1 helpers; fewer when the system gives fewer,
 * which changes the speed only. */
static void pool_init(clu *c, pool *pl) {
    memset(pl, 0, sizeof *pl);
    pl->c = c;
    pl->n = 1;
}

static px_status pool_start(clu *c, unsigned threads, size_t n, pool *pl) {
    if (threads > 64) threads = 64;
    if ((size_t)threads > n / BLOCK + 1) threads = (unsigned)(n / BLOCK + 1);
    if (threads < 2) return PX_OK;
    const px_allocator *al = c->al;
    pl->w = px_calloc(al, threads - 1, sizeof *pl->w);
    pl->tid = px_calloc(al, threads - 1, sizeof *pl->tid);
    pl->arg = px_calloc(al, threads - 1, sizeof *pl->arg);
    pl->specs = px_calloc(al, BLOCK, sizeof *pl->specs);
    if (!pl->w || !pl->tid || !pl->arg || !pl->specs) return PX_ENOMEM;
    pthread_mutex_init(&pl->mu, NULL);
    pthread_cond_init(&pl->go, NULL);
    pthread_cond_init(&pl->done, NULL);
    pl->sync = true;
    for (unsigned i = 1; i < threads; i++) {
        pl->arg[i - 1].pl = pl;
        pl->arg[i - 1].idx = i;
        if (pthread_create(&pl->tid[i - 1], NULL, helper_main, &pl->arg[i - 1]) != 0) break;
        pl->n++;
    }
    return PX_OK;
}

static void pool_stop(pool *pl) {
    const px_allocator *al = pl->c->al;
    if (pl->n > 1) {
        pthread_mutex_lock(&pl->mu);
        pl->quit = true;
        pthread_cond_broadcast(&pl->go);
        pthread_mutex_unlock(&pl->mu);
        for (unsigned i = 0; i + 1 < pl->n; i++) pthread_join(pl->tid[i], NULL);
    }
    if (pl->sync) {
        pthread_mutex_destroy(&pl->mu);
        pthread_cond_destroy(&pl->go);
        pthread_cond_destroy(&pl->done);
    }
    for (unsigned i = 0; pl->w && i + 1 < pl->n; i++) scorer_free(al, &pl->w[i]);
    px_free(al, pl->w);
    px_free(al, pl->tid);
    px_free(al, pl->arg);
    px_free(al, pl->specs);
}

/* Scores the articles order[b..e) on every thread of the pool. */
static px_status pool_block(pool *pl, const size_t *order, size_t b, size_t e, int mode) {
    if (pl->n < 2) return PX_OK;
    pthread_mutex_lock(&pl->mu);
    pl->order = order;
    pl->b = b;
    pl->e = e;
    pl->mode = mode;
    pl->busy = pl->n - 1;
    pl->gen++;
    pthread_cond_broadcast(&pl->go);
    pthread_mutex_unlock(&pl->mu);
    px_status st = spec_share(pl, &pl->c->w, 0);
    pthread_mutex_lock(&pl->mu);
    while (pl->busy) pthread_cond_wait(&pl->done, &pl->mu);
    if (st == PX_OK) st = pl->st;
    pthread_mutex_unlock(&pl->mu);
    return st;
}

/* The spec of the block's i-th article, or NULL when there is none. */
static const spec *pool_spec(const pool *pl, size_t i) {
    return pl->n > 1 && pl->specs[i].valid ? &pl->specs[i] : NULL;
}

static px_status online_pass(clu *c, pool *pl, const size_t *order, size_t n) {
    for (size_t b = 0; b < n; b += BLOCK) {
        size_t e = PX_MIN(b + BLOCK, n);
        c->block++;
        PX_TRY(pool_block(pl, order, b, e, PASS_ONLINE));
        for (size_t k = b; k < e; k++) {
            size_t di = order[k];
            px_doc *d = c->docs[di];
            if (d->dup_of != PX_NONE) continue;
            PX_TRY(doc_vectors(c, &c->w, di));
            PX_TRY(gather(c, &c->w, d->time, true));
            if (c->has_src) PX_TRY(fetch_candidates(c, &c->w));
            double bs;
            size_t sid = best_story(c, &c->w, pool_spec(pl, k - b), d->time, PX_NONE, &bs);
            if (sid == PX_NONE || bs < c->p->threshold) PX_TRY(new_story(c, &sid));
            PX_TRY(story_add_doc(c, sid, di));
        }
        if (c->p->progress) c->p->progress(c->p->progress_ud, "cluster", e, n);
    }
    return PX_OK;
}

static void story_remove_member(story *s, size_t di) {
    for (size_t i = 0; i < s->ndocs; i++) {
        if (s->docs[i] == di) {
            memmove(&s->docs[i], &s->docs[i + 1], (s->ndocs - i - 1) * sizeof *s->docs);
            s->ndocs--;
            return;
        }
    }
}

/* Recomputes first/last of a story from its members. */
static void story_times(clu *c, story *s) {
    s->first = s->base_first;
    s->last = s->base_last;
    for (size_t i = 0; i < s->ndocs; i++) {
        int64_t t = c->docs[s->docs[i]]->time;
        if (t == PX_TIME_UNKNOWN) continue;
        if (s->first == PX_TIME_UNKNOWN || t < s->first) s->first = t;
        if (s->last == PX_TIME_UNKNOWN || t > s->last) s->last = t;
    }
}

/* One re-assignment pass; *moved counts the articles that changed story.
 * With lone=true only articles alone in their story move, against the lower
 * `attach` threshold: an article that started a story and drew no other
 * is more likely a thin report of a known story than a story of its own. */
static px_status refine_pass(clu *c, pool *pl, const size_t *order, size_t n, bool lone,
                             size_t *moved) {
    *moved = 0;
    double need = lone ? c->p->attach : c->p->threshold;
    for (size_t b = 0; b < n; b += BLOCK) {
        size_t e = PX_MIN(b + BLOCK, n);
        c->block++;
        PX_TRY(pool_block(pl, order, b, e, lone ? PASS_LONE : PASS_REFINE));
        /* until an article of the block moves, the postings are those the
         * specs gathered from, so their candidates are the candidates */
        bool changed = false;
        for (size_t k = b; k < e; k++) {
            size_t di = order[k];
            px_doc *d = c->docs[di];
            if (d->dup_of != PX_NONE) continue;
            size_t cur = c->doc_story[di];
            story *s = &c->st[cur];
            if (members(s) < 1 || (lone && members(s) != 1)) continue;
            const spec *sp = pool_spec(pl, k - b);
            if (sp && sp->cur != cur) sp = NULL;
            PX_TRY(doc_vectors(c, &c->w, di));
            double own = sp && s->touched != c->block ? sp->own : own_score(c, &c->w, s);
            if (sp && !changed) {
                PX_TRY(px_grow(c->al, (void **)&c->w.cand, &c->w.ccap, sp->n + 1,
                               sizeof *c->w.cand));
                memcpy(c->w.cand, sp->sid, sp->n * sizeof *sp->sid);
                c->w.ncand = sp->n;
            } else {
                PX_TRY(gather(c, &c->w, PX_TIME_UNKNOWN, false));
                if (c->has_src) PX_TRY(fetch_candidates(c, &c->w));
            }
            double bs;
            size_t sid = best_story(c, &c->w, sp, d->time, cur, &bs);
            if (sid == PX_NONE || bs < need || bs <= own) continue;
            PX_TRY(story_apply(c, &c->w, s, -1.0f));
            story_remove_member(s, di);
            story_times(c, s);
            PX_TRY(story_add_doc(c, sid, di));
            (*moved)++;
            changed = true;
        }
        if (c->p->progress)
            c->p->progress(c->p->progress_ud, "refine", c->prog_done + e, c->prog_total);
    }
    return PX_OK;
}

/* Fills the id and label of result story r from story sid. An id once
 * given stays (the hash of the story's first article's id); the label is
 * the member closest to the centroid, one with a title if any has one (a
 * headline reads better than a lead sentence), an earlier run's label
 * competing through the vector kept of it. */
static px_status story_result(clu *c, size_t sid, cl_story *r) {
    story *s = &c->st[sid];
    r->sid = sid;
    r->created = s->id[0] == '\0';
    if (r->created) {
        const px_doc *first = c->docs[r->docs[0]];
        px_hex64(px_hash64(first->id, strlen(first->id), 0x73746f7279ULL), r->id);
        if (c->persist) memcpy(s->id, r->id, sizeof s->id);
    } else {
        memcpy(r->id, s->id, sizeof r->id);
    }
    double bs = -HUGE_VAL;
    r->label_doc = r->docs[0];
    if (s->lab_set) {
        svec lv = {s->lab.t, s->lab.w, s->lab.n, s->lab.n};
        bs = (s->nb > 0 ? dot(&lv, &s->body) / s->nb : 0) + (s->lab_title ? 2 : 0);
        r->label_doc = PX_NONE;
    }
    for (size_t j = 0; j < r->ndocs; j++) {
        const px_doc *d = c->docs[r->docs[j]];
        if (d->dup_of != PX_NONE) continue;
        PX_TRY(doc_vectors(c, &c->w, r->docs[j]));
        double sc = s->nb > 0 ? dot(&c->w.vb, &s->body) / s->nb : 0;
        if (d->title[0]) sc += 2; /* cosines are at most 1 */
        if (sc > bs) {
            bs = sc;
            r->label_doc = r->docs[j];
        }
    }
    if (!c->persist || r->label_doc == PX_NONE) return PX_OK;
    /* keep the winner's vector, so that later runs can weigh it */
    PX_TRY(doc_vectors(c, &c->w, r->label_doc));
    px_free(c->al, s->lab.t);
    px_free(c->al, s->lab.w);
    s->lab.t = NULL;
    s->lab.w = NULL;
    PX_TRY(keep_copy(c->al, &c->w.vb, &s->lab));
    s->lab_set = true;
    s->lab_title = c->docs[r->label_doc]->title[0] != '\0';
    return mark_story(c, s);
}

typedef struct sort_ctx_item {
    int64_t t;      /* effective time of the first article */
    size_t firstk;  /* its position in publication order */
    size_t sid;     /* story index in clu */
} sort_item;

static int cmp_item(const void *a, const void *b) {
    const sort_item *x = a, *y = b;
    if (x->firstk != y->firstk) return x->firstk < y->firstk ? -1 : 1;
    return 0;
}

static px_status build_result(clu *c, const size_t *order, size_t n, cl_result *out) {
    const px_allocator *al = c->al;
    size_t *pos = px_malloc(al, (n + 1) * sizeof *pos); /* doc -> order position */
    size_t *cnt = px_calloc(al, c->nst + 1, sizeof *cnt);
    sort_item *items = px_malloc(al, (c->nst + 1) * sizeof *items);
    px_status st = PX_ENOMEM;
    if (!pos || !cnt || !items) goto out;
    for (size_t k = 0; k < n; k++) pos[order[k]] = k;
    /* duplicates follow their originals */
    for (size_t k = 0; k < n; k++) {
        px_doc *d = c->docs[order[k]];
        if (d->dup_of != PX_NONE) c->doc_story[order[k]] = c->doc_story[d->dup_of];
    }
    for (size_t k = 0; k < n; k++) cnt[c->doc_story[order[k]]]++;
    size_t ns = 0;
    for (size_t s = 0; s < c->nst; s++) {
        if (!cnt[s]) continue;
        items[ns].sid = s;
        items[ns].firstk = SIZE_MAX;
        for (size_t i = 0; i < c->st[s].ndocs; i++)
            items[ns].firstk = PX_MIN(items[ns].firstk, pos[c->st[s].docs[i]]);
        ns++;
    }
    /* publication order already breaks time ties by input order */
    qsort(items, ns, sizeof *items, cmp_item);
    out->story = px_calloc(al, ns + 1, sizeof *out->story);
    if (!out->story) goto out;
    out->n = ns;
    for (size_t i = 0; i < ns; i++) {
        /* cnt counts members and their duplicates */
        cl_story *r = &out->story[i];
        r->docs = px_malloc(al, cnt[items[i].sid] * sizeof *r->docs);
        if (!r->docs) goto out;
    }
    size_t *rank = cnt; /* reuse: story index in clu -> result index */
    for (size_t i = 0; i < ns; i++) rank[items[i].sid] = i;
    for (size_t k = 0; k < n; k++) {
        size_t di = order[k];
        cl_story *r = &out->story[rank[c->doc_story[di]]];
        r->docs[r->ndocs++] = di;
        c->docs[di]->story = rank[c->doc_story[di]];
    }
    for (size_t i = 0; i < ns; i++)
        if ((st = story_result(c, items[i].sid, &out->story[i])) != PX_OK) goto out;
    st = PX_OK;
out:
    px_free(al, pos);
    px_free(al, cnt);
    px_free(al, items);
    return st;
}

void cl_result_free(const px_allocator *al, cl_result *r) {
    if (!r->story) return;
    for (size_t i = 0; i < r->n; i++) px_free(al, r->story[i].docs);
    px_free(al, r->story);
    r->story = NULL;
    r->n = 0;
}

cl_state *cl_state_new(const cl_params *p, bool persist, const px_allocator *al) {
    clu *c = px_calloc(al, 1, sizeof *c);
    if (!c) return NULL;
    c->al = al;
    c->params = *p;
    c->p = &c->params;
    c->persist = persist;
    if (map_init(al, &c->df, 1024) != PX_OK || map_init(al, &c->ndf, 256) != PX_OK ||
        map_init(al, &c->post, 1024) != PX_OK || map_init(al, &c->ddirty, 64) != PX_OK ||
        map_init(al, &c->ndirty, 64) != PX_OK) {
        cl_state_free(c);
        return NULL;
    }
    c->lnN = 0;
    return c;
}

void cl_state_free(cl_state *c) {
    if (!c) return;
    const px_allocator *al = c->al;
    for (size_t i = 0; i < c->nst; i++) {
        svec_free(al, &c->st[i].body);
        svec_free(al, &c->st[i].title);
        svec_free(al, &c->st[i].names);
        px_free(al, c->st[i].lab.t);
        px_free(al, c->st[i].lab.w);
        px_free(al, c->st[i].docs);
    }
    px_free(al, c->st);
    for (size_t i = 0; i < c->nlists; i++) px_free(al, c->lists[i].s);
    px_free(al, c->lists);
    map_free(al, &c->df);
    map_free(al, &c->ndf);
    map_free(al, &c->ddirty);
    map_free(al, &c->ndirty);
    map_free(al, &c->post);
    scorer_free(al, &c->w);
    svec_free(al, &c->tmp);
    px_free(al, c->dirty);
    px_free(al, c);
}

/* What a run leaves behind: its members become the stories' earlier
 * members, its scratch goes. */
static void end_run(clu *c, size_t n) {
    const px_allocator *al = c->al;
    for (size_t i = 0; i < c->nst; i++) {
        story *s = &c->st[i];
        if (!s->ndocs && !s->docs) continue;
        s->base += s->ndocs;
        s->base_first = s->first;
        s->base_last = s->last;
        s->ndocs = s->cap = 0;
        px_free(al, s->docs);
        s->docs = NULL;
    }
    px_free(al, c->doc_story);
    c->doc_story = NULL;
    for (size_t i = 0; c->cache && i < 3 * n; i++) {
        px_free(al, c->cache[i].t);
        px_free(al, c->cache[i].w);
    }
    px_free(al, c->cache);
    c->cache = NULL;
    c->docs = NULL;
}

px_status cl_state_run(cl_state *c, px_doc **docs, const size_t *order, size_t n,
                       cl_result *out) {
    const px_allocator *al = c->al;
    const cl_params *p = c->p;
    memset(out, 0, sizeof *out);
    c->docs = docs;
    px_status st = PX_ENOMEM;
    pool pl;
    pool_init(c, &pl);
    c->doc_story = px_malloc(al, (n + 1) * sizeof *c->doc_story);
    c->cache = px_calloc(al, 3 * n + 1, sizeof *c->cache);
    if (!c->doc_story || !c->cache) goto out;
    for (size_t i = 0; i < n; i++) c->doc_story[i] = PX_NONE;
    if (c->has_src && (st = fetch_df(c, order, n)) != PX_OK) goto out;
    if ((st = count_df(c, order, n)) != PX_OK) goto out;
    if (c->has_src && (st = fetch_lists(c, order, n)) != PX_OK) goto out;
    if ((st = pool_start(c, p->threads, n, &pl)) != PX_OK) goto out;
    if ((st = online_pass(c, &pl, order, n)) != PX_OK) goto out;
    /* the refine passes report as one stage: how many run is known only
     * when one moves nothing, and then the rest are skipped as done */
    c->prog_done = 0;
    c->prog_total = n * (p->refine + (p->attach < p->threshold));
    for (unsigned r = 0; r < p->refine; r++) {
        size_t moved;
        if ((st = refine_pass(c, &pl, order, n, false, &moved)) != PX_OK) goto out;
        c->prog_done = n * (r + 1);
        if (!moved) {
            c->prog_done = n * p->refine;
            break;
        }
    }
    if (p->attach < p->threshold) {
        size_t moved;
        if ((st = refine_pass(c, &pl, order, n, true, &moved)) != PX_OK) goto out;
    }
    if (p->progress && n) p->progress(p->progress_ud, "refine", c->prog_total, c->prog_total);
    st = build_result(c, order, n, out);
out:
    if (st != PX_OK) cl_result_free(al, out);
    pool_stop(&pl);
    end_run(c, n);
    return st;
}

px_status cl_run(px_doc **docs, const size_t *order, size_t n,
                 const cl_params *p, const px_allocator *al, cl_result *out) {
    memset(out, 0, sizeof *out);
    cl_state *c = cl_state_new(p, false, al);
    if (!c) return PX_ENOMEM;
    px_status st = cl_state_run(c, docs, order, n, out);
    cl_state_free(c);
    return st;
}

/* ---- persistent state, for a store ---- */

static cl_vec_view view_of(const svec *v) {
    cl_vec_view w = {v->t, v->w, v->n};
    return w;
}

size_t cl_state_story_count(const cl_state *c) { return c->nst; }

bool cl_state_story_get(const cl_state *c, size_t sid, cl_story_view *out) {
    const story *s = &c->st[sid];
    memset(out, 0, sizeof *out);
    if (s->stub) return false;
    memcpy(out->id, s->id, sizeof out->id);
    out->members = s->base + s->ndocs;
    out->first = s->first;
    out->last = s->last;
    out->body = view_of(&s->body);
    out->title = view_of(&s->title);
    out->names = view_of(&s->names);
    out->label.t = s->lab.t;
    out->label.w = s->lab.w;
    out->label.n = s->lab_set ? s->lab.n : 0;
    out->label_set = s->lab_set;
    out->label_title = s->lab_title;
    return true;
}

static px_status load_vec(const px_allocator *al, const cl_vec_view *v, svec *out) {
    PX_TRY(svec_reserve(al, out, v->n ? v->n : 1));
    if (v->n) {
        memcpy(out->t, v->t, v->n * sizeof *v->t);
        memcpy(out->w, v->w, v->n * sizeof *v->w);
    }
    out->n = v->n;
    return PX_OK;
}

px_status cl_state_story_stub(cl_state *c, int64_t last) {
    size_t sid;
    bool persist = c->persist;
    c->persist = false; /* loading is not a change */
    px_status st = new_story(c, &sid);
    c->persist = persist;
    PX_TRY(st);
    c->st[sid].stub = true;
    c->st[sid].last = c->st[sid].base_last = last;
    return PX_OK;
}

px_status cl_state_story_fill(cl_state *c, size_t sid, const cl_story_view *in) {
    if (sid >= c->nst || !c->st[sid].stub) return PX_EINVAL;
    story *s = &c->st[sid];
    s->stub = false;
    memcpy(s->id, in->id, sizeof s->id);
    s->id[16] = '\0';
    s->base = in->members;
    s->first = s->base_first = in->first;
    s->last = s->base_last = in->last;
    PX_TRY(load_vec(c->al, &in->body, &s->body));
    PX_TRY(load_vec(c->al, &in->title, &s->title));
    PX_TRY(load_vec(c->al, &in->names, &s->names));
    s->nb = sqrt(sqnorm(&s->body));
    s->nt = sqrt(sqnorm(&s->title));
    s->nn = sqrt(sqnorm(&s->names));
    if (in->label_set) {
        svec lv = {(uint32_t *)in->label.t, (float *)in->label.w, in->label.n, in->label.n};
        PX_TRY(keep_copy(c->al, &lv, &s->lab));
        s->lab_set = true;
        s->lab_title = in->label_title;
    }
    return PX_OK;
}

void cl_state_set_source(cl_state *c, const cl_source *src) {
    c->has_src = src != NULL;
    if (src) c->src = *src;
}

size_t cl_state_dirty_stories(const cl_state *c, const uint32_t **sids) {
    *sids = c->dirty;
    return c->ndirty_st;
}

size_t cl_state_list_count(const cl_state *c) { return c->nlists; }

bool cl_state_list_get(const cl_state *c, size_t i, uint32_t *key, const uint32_t **sids,
                       uint32_t *n) {
    const plist *l = &c->lists[i];
    *key = l->key;
    *sids = l->s;
    *n = l->n;
    return l->dirty;
}

px_status cl_state_list_put(cl_state *c, uint32_t key, const uint32_t *sids, uint32_t n) {
    uint32_t *li;
    PX_TRY(map_upsert(c->al, &c->post, key, (uint32_t)c->nlists, &li));
    if (*li != c->nlists) return PX_EINVAL; /* a key given twice */
    for (uint32_t i = 0; i < n; i++)
        if (sids[i] >= c->nst) return PX_EINVAL;
    PX_TRY(px_grow(c->al, (void **)&c->lists, &c->lcap, c->nlists + 1, sizeof *c->lists));
    plist *l = &c->lists[c->nlists];
    memset(l, 0, sizeof *l);
    l->key = key;
    l->s = px_malloc(c->al, (n ? n : 1) * sizeof *l->s);
    if (!l->s) return PX_ENOMEM;
    if (n) memcpy(l->s, sids, n * sizeof *sids);
    l->n = l->cap = n;
    c->nlists++;
    return PX_OK;
}

px_status cl_state_df_put(cl_state *c, bool names, uint32_t term, uint32_t count) {
    uint32_t *v;
    PX_TRY(map_upsert(c->al, names ? &c->ndf : &c->df, term, 0, &v));
    *v = count;
    return PX_OK;
}

void cl_state_set_docs(cl_state *c, uint64_t n) {
    c->ndf_docs = n;
    c->lnN = log((double)(n ? n : 1));
}

uint64_t cl_state_docs(const cl_state *c) { return c->ndf_docs; }

px_status cl_state_df_dirty(const cl_state *c, cl_df_fn fn, void *ud) {
    for (int k = 0; k < 2; k++) {
        const map32 *d = k ? &c->ndirty : &c->ddirty;
        const map32 *m = k ? &c->ndf : &c->df;
        for (size_t i = 0; i < d->cap; i++)
            if (d->used[i]) PX_TRY(fn(ud, k == 1, d->key[i], map_get(m, d->key[i], 0)));
    }
    return PX_OK;
}

void cl_state_clean(cl_state *c) {
    for (size_t i = 0; i < c->ndirty_st; i++) c->st[c->dirty[i]].dirty = false;
    c->ndirty_st = 0;
    for (size_t i = 0; i < c->nlists; i++) c->lists[i].dirty = false;
    memset(c->ddirty.used, 0, c->ddirty.cap);
    c->ddirty.n = 0;
    memset(c->ndirty.used, 0, c->ndirty.cap);
    c->ndirty.n = 0;
}
