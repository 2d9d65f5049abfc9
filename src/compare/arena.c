/*
 * arena.c - the memory of a story comparison, and an article analysed once
 * for every extractor.
 *
 * A comparison makes thousands of small strings and arrays (mentions,
 * aliases, quotes, sentences) that all die together when the story's
 * report is written; one bump arena per story makes that one free and
 * keeps the extractors free of ownership bookkeeping. Blocks grow
 * geometrically from 16 KB, so a story costs a handful of allocations.
 *
 * cmp_text_build runs tx_analyze once and deep-copies tokens, norms, stems
 * and sentences into the arena: the tx_ctx reuses its buffers on the next
 * call, and the story-level steps (merging names, grouping figures,
 * choosing summary sentences) need every article of the story at once.
 */
#include "compare.h"

struct cmp_block {
    cmp_block *next;  /* older block */
    size_t used;      /* bytes handed out */
    size_t cap;       /* bytes in data */
    max_align_t data[]; /* the memory */
};

#define FIRST_BLOCK (16u << 10)

void cmp_arena_init(cmp_arena *a, const px_allocator *al) {
    px_alloc_init(&a->al, al);
    a->head = NULL;
    a->failed = false;
}

void cmp_arena_free(cmp_arena *a) {
    cmp_block *b = a->head;
    while (b) {
        cmp_block *n = b->next;
        px_free(&a->al, b);
        b = n;
    }
    a->head = NULL;
    a->failed = false;
}

void *cmp_alloc(cmp_arena *a, size_t n) {
    const size_t al = sizeof(max_align_t);
    size_t need = (n + al - 1) / al * al;
    if (need < n) goto fail;
    if (need == 0) need = al;
    cmp_block *b = a->head;
    if (!b || b->cap - b->used < need) {
        size_t cap = b ? b->cap * 2 : FIRST_BLOCK;
        if (cap < need) cap = need;
        if (cap > SIZE_MAX - sizeof *b) goto fail;
        cmp_block *nb = px_malloc(&a->al, sizeof *nb + cap);
        if (!nb) goto fail;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        a->head = b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += need;
    memset(p, 0, n);
    return p;
fail:
    a->failed = true;
    return NULL;
}

char *cmp_strndup(cmp_arena *a, const char *s, size_t n) {
    if (n == SIZE_MAX) return NULL;
    char *p = cmp_alloc(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *cmp_strdup(cmp_arena *a, const char *s) { return cmp_strndup(a, s, strlen(s)); }

px_status cmp_grow(cmp_arena *a, void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return PX_OK;
    size_t nc = *cap ? *cap : 8;
    while (nc < need) {
        if (nc > SIZE_MAX / 2) return PX_ENOMEM;
        nc *= 2;
    }
    if (nc > SIZE_MAX / elem) return PX_ENOMEM;
    void *np = cmp_alloc(a, nc * elem);
    if (!np) return PX_ENOMEM;
    if (*cap) memcpy(np, *p, *cap * elem);
    *p = np;
    *cap = nc;
    return PX_OK;
}

px_status cmp_text_build(cmp_arena *a, tx_ctx *ctx, const char *text, size_t len,
                         const char *lang, cmp_text *out) {
    memset(out, 0, sizeof *out);
    tx_result r;
    PX_TRY(tx_analyze(ctx, text, len, lang ? lang : "", &r));
    char *t = cmp_strndup(a, text, len);
    const char *lg = cmp_strdup(a, lang ? lang : "");
    tx_token *tok = cmp_alloc(a, (r.ntok ? r.ntok : 1) * sizeof *tok);
    tx_span *sent = cmp_alloc(a, (r.nsent ? r.nsent : 1) * sizeof *sent);
    uint32_t *st = cmp_alloc(a, (r.nsent + 1) * sizeof *st);
    if (!t || !lg || !tok || !sent || !st) return PX_ENOMEM;
    /* one block for every norm and stem: a token whose stem is its norm
     * shares the bytes, as in the ctx */
    size_t bytes = 0;
    for (size_t i = 0; i < r.ntok; i++) {
        bytes += r.tok[i].norm_len + 1;
        if (r.tok[i].stem != r.tok[i].norm) bytes += r.tok[i].stem_len + 1;
    }
    char *ar = cmp_alloc(a, bytes ? bytes : 1);
    if (!ar) return PX_ENOMEM;
    for (size_t i = 0; i < r.ntok; i++) {
        tok[i] = r.tok[i];
        memcpy(ar, r.tok[i].norm, r.tok[i].norm_len);
        ar[r.tok[i].norm_len] = '\0';
        tok[i].norm = ar;
        ar += r.tok[i].norm_len + 1;
        if (r.tok[i].stem == r.tok[i].norm) {
            tok[i].stem = tok[i].norm;
        } else {
            memcpy(ar, r.tok[i].stem, r.tok[i].stem_len);
            ar[r.tok[i].stem_len] = '\0';
            tok[i].stem = ar;
            ar += r.tok[i].stem_len + 1;
        }
    }
    if (r.nsent) memcpy(sent, r.sent, r.nsent * sizeof *sent);
    /* tokens are in text order and carry their sentence index */
    size_t k = 0;
    for (size_t s = 0; s < r.nsent; s++) {
        while (k < r.ntok && tok[k].sent < s) k++;
        st[s] = (uint32_t)k;
    }
    st[r.nsent] = (uint32_t)r.ntok;
    out->text = t;
    out->len = len;
    out->lang = lg;
    out->tok = tok;
    out->ntok = r.ntok;
    out->sent = sent;
    out->nsent = r.nsent;
    out->sent_tok = st;
    return PX_OK;
}

const char *cmp_type_name(int type) {
    switch (type) {
    case CMP_PERSON: return "person";
    case CMP_ORG: return "organization";
    case CMP_PLACE: return "place";
    default: return "other";
    }
}
