/*
 * summary.c - the extractive summary of one story, and per article what
 * only it reports.
 *
 * Consumes the analysed articles of a story (cmp_text: tokens, sentences)
 * and which of them are copies of another; produces up to six sentences
 * taken verbatim from the articles, each with the articles that carry the
 * same content, and per article up to three sentences no other article
 * carries. Everything returned lives in the caller's arena; the work
 * arrays come from the arena's allocator and are freed before returning.
 *
 * Method.
 * - A sentence is the bag of its content terms: tokens that are not
 *   stopwords, the stem of a word and the normalized form of a number,
 *   weighted tf * idf with idf = ln(1 + N / df). N and df count the
 *   story's sentences (of articles that are not copies), not its articles:
 *   a story has only a handful of articles (one, often), which would give
 *   idf a handful of values, or none at all; sentences are also the unit
 *   that is compared. Copies stay out of df so that a text syndicated five
 *   times does not make its own words look common. Similarity is cosine.
 * - Candidates are the sentences a summary may quote: 6 to 60 tokens, not
 *   a question, not a lead-in ending with ':', not mostly a quotation (more
 *   than half its tokens quoted: a quote needs its speaker, which the
 *   quotes section gives), and body text: one lowercase content word at
 *   least (skips headlines in capitals or title case, bylines, credits),
 *   not a caption line ("Photo: ...") nor the caption that follows a
 *   credit on the same line ("Jane Roe/Agency Photo. The minister ...").
 *   Copies give no candidates.
 * - Centrality follows LexRank (Erkan & Radev 2004, "LexRank: graph-based
 *   lexical centrality as salience in text summarization"): power
 *   iteration, damping 0.85, over the cosine graph of the candidates, with
 *   two changes. Edges start at 0.2, not 0.1: inside one story every
 *   sentence shares the event's names, and sentences on different facts
 *   reach 0.1-0.3 through them alone. And a sentence passes rank in
 *   proportion to its edge weights over the graph's largest weighted
 *   degree instead of its own (see lexrank()), so that an edge inside one
 *   article, weighted 0.3 of one across articles, really counts less: a
 *   sentence is central when other outlets say the same, not when its own
 *   article repeats itself. The score is n * rank (mean 1) plus a
 *   position prior 0.25 / (1 + r), r the sentence's rank among its
 *   article's candidates, because news puts the gist in the lead.
 * - Selection is greedy by score; a sentence at cosine 0.35 or more to one
 *   already chosen is passed over. That is the support threshold below:
 *   what counts as the same content for support is a repeat here (the
 *   "about 0.5" usual in MMR let "Salvage teams hope to refloat the vessel
 *   by Friday" follow "Salvage crews expect to refloat the ship by Friday",
 *   at 0.40, in a test story). Length: 3 + floor(log2(m)) sentences for m
 *   source articles (not copies), at most 6: 3 for one article, 4 for two
 *   or three, 5 up to seven, then 6; each doubling of sources brings about
 *   one more angle worth a line.
 * - Reading order: by the earliest relative position (index / sentences of
 *   the article) at which any article gives the content of the sentence,
 *   i.e. of any sentence supporting it, then article, then sentence. Each
 *   outlet's editor puts what matters most first; the earliest place any
 *   of them gives a fact says how lead-worthy it is, and reads better
 *   than the position in the one article it was taken from.
 * - Support of a chosen sentence: its own article and every article (copies
 *   included) with a sentence at cosine 0.35 or more to it. In the test
 *   stories a paraphrase of the same fact is at 0.40-0.80 (most near 0.6)
 *   and sentences on different facts of the same event stay below 0.3
 *   (a caption naming the coast guard against the rescue: 0.29).
 * - Uniques: the candidates of an article (not a copy) whose cosine to
 *   every sentence of every other non-copy article is below 0.2, and that
 *   carry information (a number, or a capitalized word that does not start
 *   the sentence: a name); the most central three. With fewer than two
 *   non-copy articles with text nothing is compared: no uniques.
 * - Ties are broken by article index then sentence index everywhere, so
 *   that the result depends only on the input.
 *
 * Bounds. Similarities of all pairs of the considered sentences are kept
 * (as a triangle of floats), so the work is quadratic in them; a story is
 * cut to its first 200 articles and to its first min(40, 2000 / articles)
 * sentences of each, at most 2000 sentences (8 MB of similarities), so a
 * story of 10,000 articles costs as much as one of 200 (about 0.15 s and
 * 45 MB at worst, when all 2000 sentences are alike). Articles beyond the
 * cut give no sentences, no support and no uniques. dup may be NULL: no
 * article is a copy.
 */
#include "compare.h"

#include <math.h>
#include <stdlib.h>

#define MAX_DOCS 200        /* articles considered */
#define MAX_SENT_DOC 40     /* sentences considered per article */
#define MAX_SENTS 2000      /* sentences considered in all */
#define MIN_WORDS 6         /* shortest candidate, tokens */
#define MAX_WORDS 60        /* longest candidate, tokens */
#define DAMPING 0.85        /* LexRank's damping factor */
#define EDGE_MIN 0.2        /* weakest cosine kept in the graph */
#define WITHIN 0.3          /* weight of an edge inside one article */
#define POS_W 0.25          /* weight of the position prior */
#define MAX_ITER 200        /* power iterations at most */
#define CONVERGED 1e-10     /* L1 change that ends the iteration */
#define REDUNDANT 0.35      /* cosine to a chosen one that makes a repeat */
#define SUPPORT 0.35        /* cosine that makes another article's support */
#define UNIQUE 0.2          /* cosine below which no other article has it */
#define MAX_UNIQ 3          /* uniques per article */
#define MAX_SUM 6           /* summary sentences at most */

/* One considered sentence. */
typedef struct sinfo {
    uint32_t doc;     /* article */
    uint32_t idx;     /* sentence index in the article */
    uint32_t t0, nt;  /* its terms: tid/tw[t0 .. t0 + nt) */
    uint32_t rank;    /* rank among its article's candidates */
    double norm;      /* Euclidean norm of its weights */
    double score;     /* centrality + position prior (candidates) */
    bool copy;        /* from an article that is a copy */
    bool cand;        /* may be quoted in the summary */
    bool info;        /* has a number or a name */
    const char *text; /* its text in the arena, made on first use */
} sinfo;

/* The work arrays of one call, freed together. */
typedef struct work {
    const px_allocator *al; /* where they come from */
    sinfo *s;         /* considered sentences, by article then index */
    size_t n;         /* number of them */
    uint32_t *first;  /* per article: its first sentence in s */
    uint32_t *count;  /* per article: its sentences in s */
    uint32_t *tid;    /* term ids of every sentence, sorted per sentence */
    float *tw;        /* term weights, parallel to tid */
    uint32_t *slot;   /* vocabulary hash table: id + 1, 0 empty */
    const char **key; /* per term id: its bytes */
    uint32_t *klen;   /* per term id: its length */
    uint32_t *df;     /* per term id: sentences holding it */
    float *sim;       /* cosine of s[i], s[j], i < j, at j(j-1)/2 + i */
    uint32_t *cand;   /* indices in s of the candidates */
    uint32_t *edge;   /* CSR graph over candidates: neighbour */
    float *ew;        /* CSR: weight */
    uint32_t *eoff;   /* CSR: first edge of each candidate, ncand + 1 */
    double *p, *q;    /* LexRank vectors */
    double *rowsum;   /* per candidate: sum of its edge weights */
} work;

static void *wmalloc(work *w, size_t n, size_t elem) {
    if (elem && n > SIZE_MAX / elem) return NULL;
    return px_calloc(w->al, n ? n : 1, elem);
}

static void work_free(work *w) {
    void *arr[] = {w->s, w->first, w->count, w->tid, w->tw, w->slot,
                   (void *)w->key, w->klen, w->df, w->sim, w->cand, w->edge,
                   w->ew, w->eoff, w->p, w->q, w->rowsum};
    for (size_t i = 0; i < PX_ARRAY_LEN(arr); i++) px_free(w->al, arr[i]);
}

static inline float sim(const work *w, size_t i, size_t j) {
    if (i == j) return 1.0f;
    if (i > j) { size_t t = i; i = j; j = t; }
    return w->sim[j * (j - 1) / 2 + i];
}

/* ---- candidate tests ---- */

static bool content(const tx_token *t) {
    return (t->flags & (TX_WORD | TX_NUM)) && !(t->flags & TX_STOP);
}

/* The last character of a span before closing quotes and brackets. */
static char last_char(const char *s, size_t n) {
    while (n > 0) {
        unsigned char c = (unsigned char)s[n - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']') { n--; continue; }
        /* ” ’ (E2 80 9D, E2 80 99) and » (C2 BB) */
        if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
            (c == 0x9D || c == 0x99)) { n -= 3; continue; }
        if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && c == 0xBB) { n -= 2; continue; }
        return (char)c;
    }
    return '\0';
}

/* Words that open a caption or credit line when a colon follows. */
static const char *const caption_words[] = {
    "photo", "photos", "image", "images", "picture", "pictures", "pictured",
    "credit", "credits", "caption", "video", "watch", "listen", "read",
    "related", "advertisement", "illustration", "graphic", "file", "source",
    "sources", "copyright", "subscribe", "follow",
};

static bool is_caption_word(const tx_token *f);

static bool caption_line(const cmp_text *t, size_t t0, size_t t1) {
    if (t0 >= t1) return false;
    const tx_token *f = &t->tok[t0];
    if (!is_caption_word(f)) return false;
    /* a colon before the third token ("Photo:", "Read more:") */
    size_t end = t0 + 2 < t1 ? t->tok[t0 + 2].off : t->len;
    for (size_t b = f->off + f->len; b < end; b++)
        if (t->text[b] == ':') return true;
    return false;
}

static bool is_caption_word(const tx_token *f) {
    for (size_t i = 0; i < PX_ARRAY_LEN(caption_words); i++)
        if (strlen(caption_words[i]) == f->norm_len &&
            !memcmp(caption_words[i], f->norm, f->norm_len))
            return true;
    return false;
}

/* A credit: no lowercase content word and a caption word
 * ("NAME/AGENCY Photo.", "FILE PHOTO."). */
static bool credit(const cmp_text *t, size_t s) {
    bool word = false;
    for (size_t i = t->sent_tok[s]; i < t->sent_tok[s + 1]; i++) {
        const tx_token *k = &t->tok[i];
        if ((k->flags & TX_WORD) && !(k->flags & (TX_CAP | TX_STOP))) return false;
        word = word || is_caption_word(k);
    }
    return word;
}

static bool candidate(const cmp_text *t, size_t s) {
    size_t t0 = t->sent_tok[s], t1 = t->sent_tok[s + 1], nt = t1 - t0;
    if (nt < MIN_WORDS || nt > MAX_WORDS) return false;
    char last = last_char(t->text + t->sent[s].off, t->sent[s].len);
    if (last == '?' || last == ':') return false;
    size_t quoted = 0, lower = 0;
    for (size_t i = t0; i < t1; i++) {
        const tx_token *k = &t->tok[i];
        if (k->flags & TX_QUOTED) quoted++;
        if ((k->flags & TX_WORD) && !(k->flags & (TX_CAP | TX_STOP))) lower++;
    }
    if (2 * quoted > nt || lower == 0) return false;
    if (caption_line(t, t0, t1)) return false;
    /* the caption after a credit on the same line: "Jane Roe/Agency Photo.
     * The minister speaks with journalists." */
    if (s > 0 && credit(t, s - 1)) {
        const tx_span *p = &t->sent[s - 1];
        bool line = false;
        for (size_t b = p->off + p->len; b < t->sent[s].off; b++) line = line || t->text[b] == '\n';
        if (!line) return false;
    }
    return true;
}

static bool informative(const cmp_text *t, size_t s) {
    for (size_t i = t->sent_tok[s]; i < t->sent_tok[s + 1]; i++) {
        uint32_t f = t->tok[i].flags;
        if (f & TX_NUM) return true;
        if ((f & TX_WORD) && (f & TX_CAP) && !(f & (TX_SENT_START | TX_STOP))) return true;
    }
    return false;
}

/* ---- vectors ---- */

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The id of a term, added to the vocabulary when new. The table has room
 * for every content token, so it never fills. */
static uint32_t term_id(work *w, size_t mask, uint32_t *nvocab, const char *k,
                        uint32_t n) {
    size_t h = (size_t)px_hash64(k, n, 0x5e17u) & mask;
    for (;;) {
        uint32_t v = w->slot[h];
        if (!v) {
            w->key[*nvocab] = k;
            w->klen[*nvocab] = n;
            w->slot[h] = ++*nvocab;
            return *nvocab - 1;
        }
        if (w->klen[v - 1] == n && !memcmp(w->key[v - 1], k, n)) return v - 1;
        h = (h + 1) & mask;
    }
}

/* Fills w->s, its terms, weights and norms, and the similarity triangle. */
/* The cosine of every pair of sentences, through the postings of each
 * term, so that only pairs sharing a term cost anything (a merge of every
 * pair made the summary most of a run's time on large stories). For one
 * pair the products are still added in ascending term order, as a merge
 * adds them, so the values are the same to the bit. */
static px_status pair_sims(work *w, size_t n) {
    size_t pool = n ? w->s[n - 1].t0 + w->s[n - 1].nt : 0;
    uint32_t nv = 0;
    for (size_t p = 0; p < pool; p++) nv = PX_MAX(nv, w->tid[p] + 1);
    uint32_t *off = px_calloc(w->al, (size_t)nv + 2, sizeof *off);
    uint32_t *ps = px_malloc(w->al, (pool + 1) * sizeof *ps);
    float *pw = px_malloc(w->al, (pool + 1) * sizeof *pw);
    double *acc = px_calloc(w->al, n + 1, sizeof *acc);
    uint32_t *touched = px_malloc(w->al, (n + 1) * sizeof *touched);
    px_status st = off && ps && pw && acc && touched ? PX_OK : PX_ENOMEM;
    if (st == PX_OK) {
        for (size_t p = 0; p < pool; p++) off[w->tid[p] + 2]++;
        for (uint32_t t = 0; t < nv; t++) off[t + 2] += off[t + 1];
        /* off[t + 1] is the fill cursor of term t; after filling, off[t]
         * is where its postings start, in sentence order */
        for (size_t j = 0; j < n; j++)
            for (size_t q = w->s[j].t0; q < w->s[j].t0 + w->s[j].nt; q++) {
                uint32_t k = off[w->tid[q] + 1]++;
                ps[k] = (uint32_t)j;
                pw[k] = w->tw[q];
            }
        for (size_t b = 1; b < n; b++) {
            const sinfo *y = &w->s[b];
            size_t nt = 0;
            for (size_t q = y->t0; q < y->t0 + y->nt; q++) {
                uint32_t t = w->tid[q];
                /* the postings of t are in sentence order and hold b itself,
                 * which ends the scan; weights are positive, so a zero sum
                 * marks an untouched a */
                for (uint32_t k = off[t]; k < off[t + 1] && ps[k] < b; k++) {
                    if (acc[ps[k]] == 0) touched[nt++] = ps[k];
                    acc[ps[k]] += (double)pw[k] * w->tw[q];
                }
            }
            for (size_t i = 0; i < nt; i++) {
                uint32_t a = touched[i];
                double d = w->s[a].norm * y->norm;
                w->sim[b * (b - 1) / 2 + a] = d > 0 ? (float)(acc[a] / d) : 0.0f;
                acc[a] = 0;
            }
        }
    }
    px_free(w->al, off);
    px_free(w->al, ps);
    px_free(w->al, pw);
    px_free(w->al, acc);
    px_free(w->al, touched);
    return st;
}

static px_status build_vectors(work *w, const cmp_text *docs, size_t nd,
                               const bool *dup) {
    size_t per = MAX_SENTS / (nd ? nd : 1);
    if (per > MAX_SENT_DOC) per = MAX_SENT_DOC;
    size_t n = 0, ntok = 0;
    for (size_t k = 0; k < nd; k++) {
        size_t c = PX_MIN(docs[k].nsent, per);
        n += c;
        if (c) ntok += docs[k].sent_tok[c] - docs[k].sent_tok[0];
    }
    w->n = n;
    w->s = wmalloc(w, n, sizeof *w->s);
    w->first = wmalloc(w, nd, sizeof *w->first);
    w->count = wmalloc(w, nd, sizeof *w->count);
    w->tid = wmalloc(w, ntok, sizeof *w->tid);
    w->tw = wmalloc(w, ntok, sizeof *w->tw);
    size_t cap = 16;
    while (cap < 2 * ntok) cap *= 2;
    w->slot = wmalloc(w, cap, sizeof *w->slot);
    w->key = wmalloc(w, ntok, sizeof *w->key);
    w->klen = wmalloc(w, ntok, sizeof *w->klen);
    w->df = wmalloc(w, ntok, sizeof *w->df);
    w->sim = wmalloc(w, n > 1 ? n * (n - 1) / 2 : 1, sizeof *w->sim);
    if (!w->s || !w->first || !w->count || !w->tid || !w->tw || !w->slot ||
        !w->key || !w->klen || !w->df || !w->sim)
        return PX_ENOMEM;

    uint32_t nvocab = 0, pool = 0, nsrc = 0;
    size_t i = 0;
    for (size_t k = 0; k < nd; k++) {
        const cmp_text *t = &docs[k];
        size_t c = PX_MIN(t->nsent, per);
        bool copy = dup && dup[k];
        w->first[k] = (uint32_t)i;
        w->count[k] = (uint32_t)c;
        uint32_t rank = 0;
        for (size_t s = 0; s < c; s++, i++) {
            sinfo *si = &w->s[i];
            si->doc = (uint32_t)k;
            si->idx = (uint32_t)s;
            si->copy = copy;
            si->cand = !copy && candidate(t, s);
            si->rank = si->cand ? rank++ : UINT32_MAX;
            si->info = informative(t, s);
            si->t0 = pool;
            for (size_t j = t->sent_tok[s]; j < t->sent_tok[s + 1]; j++) {
                const tx_token *tk = &t->tok[j];
                if (!content(tk)) continue;
                bool num = tk->flags & TX_NUM;
                w->tid[pool++] = term_id(w, cap - 1, &nvocab, num ? tk->norm : tk->stem,
                                         num ? tk->norm_len : tk->stem_len);
            }
            /* sort, then fold repeats into term frequencies */
            uint32_t *ids = w->tid + si->t0;
            size_t m = pool - si->t0, u = 0;
            qsort(ids, m, sizeof *ids, cmp_u32);
            for (size_t j = 0; j < m; j++) {
                if (u && ids[u - 1] == ids[j]) {
                    w->tw[si->t0 + u - 1] += 1.0f;
                } else {
                    ids[u] = ids[j];
                    w->tw[si->t0 + u] = 1.0f;
                    u++;
                }
            }
            si->nt = (uint32_t)u;
            pool = si->t0 + (uint32_t)u;
            if (!copy) {
                nsrc++;
                for (size_t j = 0; j < u; j++) w->df[ids[j]]++;
            }
        }
    }
    for (size_t j = 0; j < n; j++) {
        sinfo *si = &w->s[j];
        double sq = 0;
        for (size_t t = si->t0; t < si->t0 + si->nt; t++) {
            uint32_t df = w->df[w->tid[t]];
            double x = w->tw[t] * log(1.0 + (double)(nsrc ? nsrc : 1) / (df ? df : 1));
            w->tw[t] = (float)x;
            sq += x * x;
        }
        si->norm = sqrt(sq);
    }
    return pair_sims(w, n);
}

/* ---- centrality ---- */

static px_status lexrank(work *w, size_t nc) {
    w->eoff = wmalloc(w, nc + 1, sizeof *w->eoff);
    w->rowsum = wmalloc(w, nc, sizeof *w->rowsum);
    w->p = wmalloc(w, nc, sizeof *w->p);
    w->q = wmalloc(w, nc, sizeof *w->q);
    if (!w->eoff || !w->rowsum || !w->p || !w->q) return PX_ENOMEM;
    size_t ne = 0;
    for (size_t a = 0; a < nc; a++)
        for (size_t b = 0; b < nc; b++)
            if (a != b && sim(w, w->cand[a], w->cand[b]) >= EDGE_MIN) ne++;
    w->edge = wmalloc(w, ne, sizeof *w->edge);
    w->ew = wmalloc(w, ne, sizeof *w->ew);
    if (!w->edge || !w->ew) return PX_ENOMEM;
    size_t e = 0;
    for (size_t a = 0; a < nc; a++) {
        w->eoff[a] = (uint32_t)e;
        for (size_t b = 0; b < nc; b++) {
            if (a == b) continue;
            double c = sim(w, w->cand[a], w->cand[b]);
            if (c < EDGE_MIN) continue;
            if (w->s[w->cand[a]].doc == w->s[w->cand[b]].doc) c *= WITHIN;
            w->edge[e] = (uint32_t)b;
            w->ew[e] = (float)c;
            w->rowsum[a] += c;
            e++;
        }
    }
    w->eoff[nc] = (uint32_t)e;
    for (size_t a = 0; a < nc; a++) w->p[a] = 1.0 / (double)nc;
    /* Each sentence passes rank along its edges in proportion to their
     * weight over the largest weighted degree of the graph, not over its
     * own as in LexRank: with per-row shares, rank is conserved inside
     * every connected group, so a group of three sentences of one article
     * that only repeat each other ends up with the rank of three sentences
     * that three outlets agree on, and the cross-article weight cancels
     * out of every row. With one scale for all, what a sentence keeps
     * grows with how strongly and by how many sources it is echoed (Katz
     * centrality, the same power iteration); the rank not passed on leaks,
     * and the result is scaled back to sum 1. */
    double big = 0;
    for (size_t a = 0; a < nc; a++) big = PX_MAX(big, w->rowsum[a]);
    const double base = (1.0 - DAMPING) / (double)nc;
    for (int it = 0; it < MAX_ITER; it++) {
        double change = 0;
        for (size_t b = 0; b < nc; b++) {
            double x = base;
            /* the graph is symmetric: b's in-edges are its out-edges */
            for (size_t k = w->eoff[b]; k < w->eoff[b + 1]; k++)
                x += DAMPING * w->p[w->edge[k]] * w->ew[k] / big;
            w->q[b] = x;
            change += fabs(x - w->p[b]);
        }
        double *t = w->p; w->p = w->q; w->q = t;
        if (change < CONVERGED) break;
    }
    double total = 0;
    for (size_t a = 0; a < nc; a++) total += w->p[a];
    for (size_t a = 0; a < nc; a++) {
        sinfo *si = &w->s[w->cand[a]];
        si->score = (double)nc * w->p[a] / total + POS_W / (1.0 + si->rank);
    }
    return PX_OK;
}

/* ---- output ---- */

/* Candidates ordered by score, ties by position in s (article, sentence). */
typedef struct ranked {
    double score;  /* the candidate's score */
    uint32_t i;    /* its index in s */
} ranked;

static int cmp_ranked(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* The sentence's text in the arena, runs of whitespace made one space. */
static const char *sent_text(work *w, const cmp_text *docs, size_t i, cmp_arena *a) {
    sinfo *si = &w->s[i];
    if (si->text) return si->text;
    const tx_span *sp = &docs[si->doc].sent[si->idx];
    const char *src = docs[si->doc].text + sp->off;
    char *out = cmp_alloc(a, (size_t)sp->len + 1);
    if (!out) return NULL;
    size_t o = 0;
    bool space = false;
    for (size_t k = 0; k < sp->len; k++) {
        char c = src[k];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = true;
            continue;
        }
        if (space && o) out[o++] = ' ';
        space = false;
        out[o++] = c;
    }
    out[o] = '\0';
    si->text = out;
    return out;
}

/* Where the story's articles place the content of sentence i: the
 * smallest relative position (index / sentences of its article) of a
 * sentence that supports it, i itself included. */
static double lead_pos(const work *w, const cmp_text *docs, size_t i) {
    double best = 2;
    for (size_t j = 0; j < w->n; j++) {
        const sinfo *sj = &w->s[j];
        if (j != i && sim(w, i, j) < SUPPORT) continue;
        double r = (double)sj->idx / (double)docs[sj->doc].nsent;
        if (r < best) best = r;
    }
    return best;
}

static px_status summarize(work *w, const cmp_text *docs, size_t nd, size_t nsrc,
                           ranked *order, size_t nc, cmp_arena *a, cmp_sent **sum,
                           size_t *nsum) {
    size_t want = 3;
    for (size_t m = nsrc; m >= 2 && want < MAX_SUM; m /= 2) want++;
    uint32_t chosen[MAX_SUM];
    size_t nch = 0;
    for (size_t r = 0; r < nc && nch < want; r++) {
        bool repeat = false;
        for (size_t c = 0; c < nch && !repeat; c++)
            repeat = sim(w, order[r].i, chosen[c]) >= REDUNDANT;
        if (!repeat) chosen[nch++] = order[r].i;
    }
    double pos[MAX_SUM];
    for (size_t c = 0; c < nch; c++) pos[c] = lead_pos(w, docs, chosen[c]);
    for (size_t x = 1; x < nch; x++)
        for (size_t y = x; y > 0 && (pos[y] < pos[y - 1] ||
                                     (pos[y] == pos[y - 1] && chosen[y] < chosen[y - 1]));
             y--) {
            uint32_t t = chosen[y]; chosen[y] = chosen[y - 1]; chosen[y - 1] = t;
            double d = pos[y]; pos[y] = pos[y - 1]; pos[y - 1] = d;
        }
    if (!nch) return PX_OK;
    cmp_sent *out = cmp_alloc(a, nch * sizeof *out);
    if (!out) return PX_ENOMEM;
    for (size_t c = 0; c < nch; c++) {
        uint32_t i = chosen[c];
        out[c].text = sent_text(w, docs, i, a);
        out[c].from = w->s[i].doc;
        out[c].doc = cmp_alloc(a, nd * sizeof *out[c].doc);
        if (!out[c].text || !out[c].doc) return PX_ENOMEM;
        for (size_t k = 0; k < nd; k++) {
            bool has = k == w->s[i].doc;
            for (size_t j = w->first[k]; !has && j < w->first[k] + w->count[k]; j++)
                has = sim(w, i, j) >= SUPPORT;
            if (has) out[c].doc[out[c].ndoc++] = k;
        }
    }
    *sum = out;
    *nsum = nch;
    return PX_OK;
}

static bool unique_to(const work *w, size_t i, size_t nd) {
    uint32_t own = w->s[i].doc;
    for (size_t k = 0; k < nd; k++) {
        if (k == own || w->count[k] == 0 || w->s[w->first[k]].copy) continue;
        for (size_t j = w->first[k]; j < w->first[k] + w->count[k]; j++)
            if (sim(w, i, j) >= UNIQUE) return false;
    }
    return true;
}

static px_status uniques(work *w, const cmp_text *docs, size_t nd, const ranked *order,
                         size_t nc, cmp_arena *a, cmp_unique **uniq, size_t *nuniq) {
    size_t with_text = 0;
    for (size_t k = 0; k < nd; k++)
        if (w->count[k] && !w->s[w->first[k]].copy) with_text++;
    if (with_text < 2) return PX_OK;
    /* per article its uniques in score order, at most MAX_UNIQ */
    uint32_t *pick = wmalloc(w, nd * MAX_UNIQ, sizeof *pick);
    uint32_t *np = wmalloc(w, nd, sizeof *np);
    if (!pick || !np) {
        px_free(w->al, pick);
        px_free(w->al, np);
        return PX_ENOMEM;
    }
    for (size_t r = 0; r < nc; r++) {
        uint32_t i = order[r].i, k = w->s[i].doc;
        if (np[k] < MAX_UNIQ && w->s[i].info && unique_to(w, i, nd))
            pick[k * MAX_UNIQ + np[k]++] = i;
    }
    size_t n = 0;
    for (size_t k = 0; k < nd; k++) n += np[k] > 0;
    px_status st = PX_OK;
    cmp_unique *out = n ? cmp_alloc(a, n * sizeof *out) : NULL;
    if (n && !out) st = PX_ENOMEM;
    size_t u = 0;
    for (size_t k = 0; st == PX_OK && k < nd; k++) {
        if (!np[k]) continue;
        out[u].doc = k;
        out[u].sent = cmp_alloc(a, np[k] * sizeof *out[u].sent);
        if (!out[u].sent) { st = PX_ENOMEM; break; }
        for (size_t j = 0; j < np[k]; j++) {
            const char *s = sent_text(w, docs, pick[k * MAX_UNIQ + j], a);
            if (!s) { st = PX_ENOMEM; break; }
            out[u].sent[out[u].nsent++] = s;
        }
        u++;
    }
    px_free(w->al, pick);
    px_free(w->al, np);
    if (st == PX_OK && n) {
        *uniq = out;
        *nuniq = n;
    }
    return st;
}

static px_status run(work *w, const cmp_text *docs, size_t nd, const bool *dup,
                     cmp_arena *a, cmp_sent **sum, size_t *nsum, cmp_unique **uniq,
                     size_t *nuniq) {
    PX_TRY(build_vectors(w, docs, nd, dup));
    size_t nc = 0, nsrc = 0;
    for (size_t k = 0; k < nd; k++)
        if (!(dup && dup[k]) && w->count[k]) nsrc++;
    for (size_t i = 0; i < w->n; i++) nc += w->s[i].cand;
    if (!nc) return PX_OK;
    w->cand = wmalloc(w, nc, sizeof *w->cand);
    if (!w->cand) return PX_ENOMEM;
    for (size_t i = 0, c = 0; i < w->n; i++)
        if (w->s[i].cand) w->cand[c++] = (uint32_t)i;
    PX_TRY(lexrank(w, nc));
    ranked *order = wmalloc(w, nc, sizeof *order);
    if (!order) return PX_ENOMEM;
    for (size_t c = 0; c < nc; c++) {
        order[c].i = w->cand[c];
        order[c].score = w->s[w->cand[c]].score;
    }
    qsort(order, nc, sizeof *order, cmp_ranked);
    px_status st = summarize(w, docs, nd, nsrc, order, nc, a, sum, nsum);
    if (st == PX_OK) st = uniques(w, docs, nd, order, nc, a, uniq, nuniq);
    px_free(w->al, order);
    return st;
}

px_status cmp_summary(const cmp_text *docs, size_t ndocs, const bool *dup,
                      cmp_arena *a, cmp_sent **sum, size_t *nsum,
                      cmp_unique **uniq, size_t *nuniq) {
    if (!a || !sum || !nsum || !uniq || !nuniq || (ndocs && !docs)) return PX_EINVAL;
    *sum = NULL;
    *nsum = 0;
    *uniq = NULL;
    *nuniq = 0;
    work w;
    memset(&w, 0, sizeof w);
    w.al = &a->al;
    px_status st = run(&w, docs, PX_MIN(ndocs, (size_t)MAX_DOCS), dup, a, sum, nsum,
                       uniq, nuniq);
    work_free(&w);
    if (st != PX_OK) {
        *sum = NULL;
        *nsum = 0;
        *uniq = NULL;
        *nuniq = 0;
    }
    return st;
}
