/*
 * features.c - from a document's text to its features.
 *
 * Consumes the tokens of text analysis (src/text) and produces, on the
 * px_doc: the exact-duplicate hash (over the normalized token stream, so
 * that spacing, case and typographic quotes do not hide a copy), the
 * MinHash signature of its word shingles (src/sig/minhash.c), and three
 * sparse vectors for story clustering: stemmed content words of the body,
 * of the title, and capitalized names.
 *
 * Names follow the usual heuristic of streaming news clustering systems
 * (e.g. Miranda et al., EMNLP 2018, which add entity overlap to TF-IDF):
 * a capitalized word that is not a stopword is a name when it does not
 * start a sentence, or when it starts one but is also seen capitalized
 * elsewhere in the text; acronyms count too. Names are kept unstemmed but
 * normalized, so "Abbas" and "ABBAS" meet while "Abbas" and "Abbasid" stay
 * apart.
 */
#include "features.h"

#include "sig.h"

#include <stdlib.h>

/* Seeds keep the hash spaces of the three vectors apart. */
#define SEED_TOKEN 0x5041524cULL /* token identity for shingles and exact */
#define SEED_TERM 0x7465726dULL  /* body and title terms */
#define SEED_NAME 0x6e616d65ULL  /* names */

struct ft_ctx {
    px_allocator al;     /* memory of the scratch arrays */
    tx_ctx *tx;          /* text analysis, reused */
    uint64_t *tokh;      /* per-token hashes of the current text */
    size_t tokh_cap;     /* capacity of tokh */
    uint64_t *shingles;  /* shingle hashes of the current text */
    size_t sh_cap;       /* capacity of shingles */
    uint32_t *terms;     /* unsorted term hashes before counting */
    size_t terms_cap;    /* capacity of terms */
    uint32_t *names;     /* unsorted name hashes before counting */
    size_t names_cap;    /* capacity of names */
    uint32_t *capseen;   /* sorted hashes of words capitalized mid-sentence */
    size_t capseen_cap;  /* capacity of capseen */
    mh_plan *plan;       /* densification probes of the last perm */
};

ft_ctx *ft_ctx_new(const px_allocator *al) {
    px_allocator a;
    px_alloc_init(&a, al);
    ft_ctx *f = px_calloc(&a, 1, sizeof *f);
    if (!f) return NULL;
    f->al = a;
    f->tx = tx_ctx_new(&a);
    if (!f->tx) {
        px_free(&a, f);
        return NULL;
    }
    return f;
}

void ft_ctx_free(ft_ctx *f) {
    if (!f) return;
    tx_ctx_free(f->tx);
    mh_plan_free(f->plan);
    px_free(&f->al, f->tokh);
    px_free(&f->al, f->shingles);
    px_free(&f->al, f->terms);
    px_free(&f->al, f->names);
    px_free(&f->al, f->capseen);
    px_free(&f->al, f);
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts hashes and turns them into a term vector with counts. */
static px_status to_tv(const px_allocator *al, uint32_t *h, size_t n, px_tv *tv) {
    px_tv_free(al, tv);
    if (n == 0) return PX_OK;
    qsort(h, n, sizeof *h, cmp_u32);
    size_t u = 1;
    for (size_t i = 1; i < n; i++) u += h[i] != h[i - 1];
    tv->term = px_malloc(al, u * sizeof *tv->term);
    tv->tf = px_malloc(al, u * sizeof *tv->tf);
    if (!tv->term || !tv->tf) {
        px_tv_free(al, tv);
        return PX_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && h[i] == h[i - 1]) {
            if (tv->tf[k - 1] < UINT16_MAX) tv->tf[k - 1]++;
        } else {
            tv->term[k] = h[i];
            tv->tf[k++] = 1;
        }
    }
    tv->n = (uint32_t)k;
    return PX_OK;
}

static bool is_content(const tx_token *t) {
    if (t->flags & TX_STOP) return false;
    if (t->flags & TX_NUM) return t->norm_len >= 2;
    return (t->flags & TX_WORD) && t->norm_len >= 2;
}

static uint32_t term_hash(const tx_token *t) {
    return (uint32_t)px_hash64(t->stem, t->stem_len, SEED_TERM);
}

static px_status push32(const px_allocator *al, uint32_t **a, size_t *cap,
                        size_t *n, uint32_t v) {
    PX_TRY(px_grow(al, (void **)a, cap, *n + 1, sizeof **a));
    (*a)[(*n)++] = v;
    return PX_OK;
}

static bool bsearch_u32(const uint32_t *a, size_t n, uint32_t v) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && a[lo] == v;
}

static px_status body_features(ft_ctx *f, px_doc *d, const tx_result *r,
                               unsigned shingle, unsigned perm, bool full) {
    const px_allocator *al = &d->al;
    size_t n = r->ntok;
    PX_TRY(px_grow(&f->al, (void **)&f->tokh, &f->tokh_cap, n + 1, sizeof *f->tokh));
    PX_TRY(px_grow(&f->al, (void **)&f->shingles, &f->sh_cap, n + 1, sizeof *f->shingles));

    uint64_t exact = 0x9e3779b97f4a7c15ULL;
    size_t nterms = 0, nnames = 0, ncap = 0;
    for (size_t i = 0; i < n; i++) {
        const tx_token *t = &r->tok[i];
        uint64_t h = px_hash64(t->norm, t->norm_len, SEED_TOKEN);
        f->tokh[i] = h;
        exact = px_hash64(&h, sizeof h, exact);
        if (!full) continue;
        if (is_content(t))
            PX_TRY(push32(&f->al, &f->terms, &f->terms_cap, &nterms, term_hash(t)));
        if ((t->flags & TX_CAP) && !(t->flags & TX_SENT_START) &&
            (t->flags & TX_WORD) && !(t->flags & TX_STOP))
            PX_TRY(push32(&f->al, &f->capseen, &f->capseen_cap, &ncap,
                          (uint32_t)px_hash64(t->norm, t->norm_len, SEED_NAME)));
    }
    if (ncap > 1) qsort(f->capseen, ncap, sizeof *f->capseen, cmp_u32);
    for (size_t i = 0; full && i < n; i++) {
        const tx_token *t = &r->tok[i];
        if (!(t->flags & TX_CAP) || !(t->flags & TX_WORD) || (t->flags & TX_STOP) ||
            t->norm_len < 2)
            continue;
        uint32_t h = (uint32_t)px_hash64(t->norm, t->norm_len, SEED_NAME);
        if ((t->flags & TX_SENT_START) && !(t->flags & TX_ALLCAPS) &&
            !bsearch_u32(f->capseen, ncap, h))
            continue;
        PX_TRY(push32(&f->al, &f->names, &f->names_cap, &nnames, h));
    }
    d->exact = exact;
    d->ntokens = (uint32_t)n;

    size_t nsh = mh_shingles(f->tokh, n, shingle, f->shingles);
    d->nshingles = (uint32_t)nsh;
    if (!d->sig) {
        d->sig = px_malloc(al, (size_t)perm * sizeof *d->sig);
        if (!d->sig) return PX_ENOMEM;
    }
    if (mh_plan_perm(f->plan) != perm && perm <= MH_MAX_PERM) {
        mh_plan_free(f->plan);
        if (!(f->plan = mh_plan_new(perm, &f->al))) return PX_ENOMEM;
    }
    if (f->plan) mh_signature_plan(f->plan, f->shingles, nsh, d->sig);
    else mh_signature(f->shingles, nsh, perm, d->sig);
    PX_TRY(to_tv(al, f->terms, nterms, &d->body));
    PX_TRY(to_tv(al, f->names, nnames, &d->names));
    return PX_OK;
}

/* Longest lead kept, in bytes; cut at a character boundary. */
#define LEAD_MAX 120
/* Words a sentence needs to serve as a lead: shorter first lines are
 * mostly notes, credits and datelines ("Updated with ..."). */
#define LEAD_MIN_WORDS 6

static px_status lead(px_doc *d, const tx_result *r) {
    size_t k = 0;
    for (size_t s = 0; s < r->nsent; s++) {
        size_t words = 0;
        while (k < r->ntok && r->tok[k].sent < s) k++;
        for (size_t j = k; j < r->ntok && r->tok[j].sent == s; j++) words++;
        if (words < LEAD_MIN_WORDS && s + 1 < r->nsent) continue;
        const char *p = d->text + r->sent[s].off;
        size_t n = r->sent[s].len;
        bool cut = n > LEAD_MAX;
        if (cut) {
            n = LEAD_MAX;
            while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80) n--;
            while (n > 0 && p[n - 1] != ' ') n--; /* end on a word */
            while (n > 0 && p[n - 1] == ' ') n--;
        }
        px_buf b;
        px_buf_init(&b, &d->al);
        px_status st = px_buf_add(&b, p, n);
        if (st == PX_OK && cut) st = px_buf_adds(&b, "\xe2\x80\xa6"); /* U+2026 ellipsis */
        if (st != PX_OK) {
            px_buf_free(&b);
            return st;
        }
        for (size_t i = 0; i < b.len; i++)
            if (b.p[i] == '\n' || b.p[i] == '\t') b.p[i] = ' ';
        px_free(&d->al, d->lead);
        d->lead = px_buf_take(&b);
        return d->lead ? PX_OK : PX_ENOMEM;
    }
    return PX_OK;
}

px_status ft_extract(ft_ctx *f, px_doc *d, unsigned shingle, unsigned perm,
                     unsigned flags) {
    bool full = !(flags & FT_SIG_ONLY);
    /* tokens, and so shingles, do not depend on the language; identifying
     * it costs a fifth of a signature-only pass, so dedup skips it */
    if (full && !d->lang[0]) tx_langid(d->text, d->text_len, d->lang);
    tx_result r;
    PX_TRY(tx_analyze_opts(f->tx, d->text, d->text_len, d->lang, full ? 0 : TX_OPT_NOSTEM, &r));
    PX_TRY(body_features(f, d, &r, shingle, perm, full));
    if (!full) {
        px_tv_free(&d->al, &d->body);
        px_tv_free(&d->al, &d->names);
        px_tv_free(&d->al, &d->title_tv);
        d->analysed = true;
        return PX_OK;
    }
    if (!d->title[0]) PX_TRY(lead(d, &r));

    size_t nterms = 0;
    if (d->title[0]) {
        PX_TRY(tx_analyze(f->tx, d->title, strlen(d->title), d->lang, &r));
        for (size_t i = 0; i < r.ntok; i++)
            if (is_content(&r.tok[i]))
                PX_TRY(push32(&f->al, &f->terms, &f->terms_cap, &nterms,
                              term_hash(&r.tok[i])));
    }
    PX_TRY(to_tv(&d->al, f->terms, nterms, &d->title_tv));
    d->analysed = true;
    return PX_OK;
}
