/*
 * extract.c - the article body of a page: which part of the tree is the
 * article, and its text.
 *
 * Consumes the tree of dom.h; produces the body text, one paragraph per
 * block element, paragraphs separated by blank lines.
 *
 * Method (our own). Every block element (p, li, div, td, ...) owns the
 * text that has no nearer block ancestor. Each block gets a weight from
 * what it owns: prose (long, punctuated, few links) weighs in its favour,
 * link lists and text inside boilerplate (class or id saying nav, comment,
 * related, share, ad, ...; nav, aside and footer elements) against it,
 * short fragments little either way. A subtree's score is the sum of its
 * blocks' weights, and the article is the subtree that scores highest:
 * growing a subtree pays only while what it adds is more prose than
 * boilerplate, so the winner is the smallest element holding the whole
 * article and as little around it as possible (a maximum-weight subtree,
 * computed in one backward pass). Siblings of the winner that are clearly
 * prose too (an article split over several containers) are merged in.
 * Inside the article, boilerplate subtrees, link lists, captions, bylines
 * and the headline itself are left out of the text; headings, lists and
 * quotes stay.
 */
#include "dom.h"

#define NONE UINT32_MAX

/* Per-node figures, bottom-up. */
typedef struct nstat {
    uint32_t own;      /* characters the block owns (spaces not counted) */
    uint32_t own_link; /* of which inside links */
    uint32_t punct;    /* commas and full stops among them */
    uint32_t tot;      /* characters in the subtree */
    uint32_t tot_link; /* of which inside links */
    float score;       /* the subtree's weight */
} nstat;

typedef struct ex {
    const ig_dom *d;
    nstat *s;
    const uint8_t *bad; /* 1: in boilerplate (mark_bad) */
    const char *title;
    px_buf *out;
    int pend;          /* separator owed before the next word: 0, 1 space, 2 LF, 3 blank line */
    uint32_t block;    /* block of the last text written */
    bool h1_done;      /* the first headline-like <h1> was dropped */
    uint32_t quote_end; /* the writing is inside a <blockquote> before this node */
} ex;

static bool is_heading(unsigned t) { return t >= T_H1 && t <= T_H6; }

/* Characters and punctuation of a text node (UTF-8 code points, spaces
 * not counted). */
static void count_text(const char *p, uint32_t n, uint32_t *chars, uint32_t *punct) {
    uint32_t c = 0, k = 0;
    for (uint32_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)p[i];
        if (b == ' ' || (b & 0xC0) == 0x80) continue;
        c++;
        if (b == ',' || b == '.') k++;
        /* ideographic comma and full stop, fullwidth comma */
        else if (b == 0xE3 && i + 2 < n && (unsigned char)p[i + 1] == 0x80 &&
                 ((unsigned char)p[i + 2] == 0x81 || (unsigned char)p[i + 2] == 0x82))
            k++;
    }
    *chars = c;
    *punct = k;
}

/* Elements whose whole subtree is boilerplate by their tag. */
static bool boiler_tag(unsigned t) {
    return t == T_NAV || t == T_ASIDE || t == T_FOOTER || t == T_BUTTON || t == T_DIALOG ||
           t == T_MENU || t == T_OPTION || t == T_LEGEND;
}

/* The weight of what a block owns, given whether it is in boilerplate. */
static float block_weight(const ig_node *n, const nstat *s, bool bad) {
    if (s->own == 0) return 0;
    float c = (float)s->own, link = (float)s->own_link;
    if (bad) return -c;
    if (is_heading(n->tag)) return 0;
    if (link * 2 > c) return -c;
    float w = c - 2 * link;
    if (s->own < 25) w *= 0.2f;
    else if (s->own < 80) w *= 0.6f;
    return w + 10.0f * (float)PX_MIN(s->punct, 20u);
}

/* Fills the per-node character counts. */
static void count(ex *x) {
    const ig_dom *d = x->d;
    nstat *s = x->s;
    for (size_t i = 0; i < d->count; i++) {
        const ig_node *n = &d->n[i];
        if (n->tag != T_TEXT || n->parent == NONE) continue;
        uint32_t chars, punct;
        count_text(d->text.p + n->text, n->len, &chars, &punct);
        uint32_t b = d->n[n->parent].text;
        s[i].tot = chars;
        s[i].tot_link = (n->flags & N_LINK) ? chars : 0;
        if (b == NONE) continue;
        s[b].own += chars;
        s[b].punct += punct;
        if (n->flags & N_LINK) s[b].own_link += chars;
    }
    for (size_t i = d->count; i-- > 0;) {
        const ig_node *n = &d->n[i];
        if (n->parent == NONE) continue;
        s[n->parent].tot += s[i].tot;
        s[n->parent].tot_link += s[i].tot_link;
    }
}

/* Scores every subtree; bad[i] says whether node i lies in boilerplate. */
static void score(ex *x, const uint8_t *bad) {
    const ig_dom *d = x->d;
    nstat *s = x->s;
    for (size_t i = 0; i < d->count; i++) s[i].score = 0;
    for (size_t i = d->count; i-- > 0;) {
        const ig_node *n = &d->n[i];
        if (n->tag != T_TEXT) s[i].score += block_weight(n, &s[i], bad[i]);
        if (n->parent != NONE) s[n->parent].score += s[i].score;
    }
}

/* True when list e is a list of teasers: three or more items, nearly all
 * of them a link (a headline) with a little text (its summary), as
 * "more stories" blocks are. An article's own lists rarely link every
 * item. */
static bool teaser_list(const ex *x, uint32_t e) {
    const ig_dom *d = x->d;
    size_t items = 0, teasers = 0, chars = 0;
    for (uint32_t c = e + 1; c < d->n[e].end; c = d->n[c].end) {
        if (d->n[c].tag != T_LI) continue;
        const nstat *s = &x->s[c];
        items++;
        chars += s->tot;
        if (s->tot_link >= 15 && s->tot_link * 100 >= s->tot * 15) teasers++;
    }
    return items >= 3 && teasers * 10 >= items * 8 && chars < items * 400;
}

/* Marks the nodes in boilerplate: cue or tag, inherited downwards. Layout
 * wrappers carry words such as "has-sidebar" or "page-ad-margins", so a
 * cue does not count on an element that holds a sizeable content element
 * (an <article>, <main> or a content cue) other than through boilerplate,
 * nor a weak cue on the
 * ancestors of the page's longest paragraph. */
static void mark_bad(const ex *x, uint8_t *bad, bool cues) {
    const ig_dom *d = x->d;
    enum { HOLDS_CONTENT = 2, HOLDS_LONGEST = 4 };
    uint32_t longest = NONE, most = 0;
    memset(bad, 0, d->count);
    for (size_t i = d->count; i-- > 0;) {
        const ig_node *n = &d->n[i];
        if (n->tag == T_TEXT) continue;
        uint32_t v = x->s[i].own - x->s[i].own_link;
        if (v >= most) most = v, longest = (uint32_t)i;
        if ((n->cue == CUE_GOOD || n->tag == T_ARTICLE || n->tag == T_MAIN) &&
            x->s[i].tot >= 500)
            bad[i] |= HOLDS_CONTENT;
        /* content under a boilerplate element does not vouch for what is
         * above it (a comment's "content" div) */
        if (n->parent != NONE && n->cue != CUE_BAD) bad[n->parent] |= bad[i] & HOLDS_CONTENT;
    }
    for (uint32_t a = longest; a != NONE; a = d->n[a].parent) bad[a] |= HOLDS_LONGEST;
    for (size_t i = 0; i < d->count; i++) {
        const ig_node *n = &d->n[i];
        bool cue = cues && !(bad[i] & HOLDS_CONTENT) &&
                   (n->cue == CUE_BAD || (n->cue == CUE_WEAK && !(bad[i] & HOLDS_LONGEST)));
        bool list = (n->tag == T_UL || n->tag == T_OL) && !(bad[i] & HOLDS_LONGEST) &&
                    teaser_list(x, (uint32_t)i);
        bad[i] = boiler_tag(n->tag) || cue || list || (n->parent != NONE && bad[n->parent] == 1);
    }
}

/* The element that scores highest (cue "article" and <article> help a
 * little), or NONE when nothing scores. */
static uint32_t best(const ig_dom *d, const nstat *s) {
    uint32_t top = NONE;
    float hi = 0;
    for (size_t i = 0; i < d->count; i++) {
        const ig_node *n = &d->n[i];
        if (n->tag == T_TEXT) continue;
        float v = s[i].score;
        if (n->cue == CUE_GOOD || n->tag == T_ARTICLE || n->tag == T_MAIN) v *= 1.05f;
        if (v > hi) {
            hi = v;
            top = (uint32_t)i;
        }
    }
    return top;
}

/* ---- writing ---- */

static px_status put_sep(ex *x) {
    if (x->out->len && x->pend) {
        static const char *const sep[] = {"", " ", "\n", "\n\n"};
        PX_TRY(px_buf_adds(x->out, sep[x->pend]));
    }
    x->pend = 0;
    return PX_OK;
}

/* Writes a text node's (already collapsed) bytes. */
static px_status put_text(ex *x, const char *p, uint32_t n) {
    if (n && p[0] == ' ') {
        if (x->pend < 1) x->pend = 1;
        p++, n--;
    }
    bool trail = n && p[n - 1] == ' ';
    if (trail) n--;
    if (n) {
        PX_TRY(put_sep(x));
        PX_TRY(px_buf_add(x->out, p, n));
    }
    if (trail && x->pend < 1) x->pend = 1;
    return PX_OK;
}

/* The text of a subtree, spaces collapsed, into b. */
static px_status subtree_text(const ig_dom *d, uint32_t e, px_buf *b) {
    for (uint32_t i = e + 1; i < d->n[e].end; i++) {
        const ig_node *n = &d->n[i];
        if (n->tag == T_TEXT) PX_TRY(px_buf_add(b, d->text.p + n->text, n->len));
    }
    return PX_OK;
}

/* True when needle (k bytes, k > 0) occurs in hay (n bytes). */
static bool has_bytes(const char *hay, size_t n, const char *needle, size_t k) {
    for (size_t i = 0; i + k <= n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, k) == 0) return true;
    return false;
}

static void trim(const char **p, size_t *n) {
    while (*n && **p == ' ') (*p)++, (*n)--;
    while (*n && (*p)[*n - 1] == ' ') (*n)--;
}

/* True when heading e states the headline (equal, or one inside the
 * other, as with "Headline | Site" titles). */
static px_status is_headline(const ex *x, uint32_t e, bool *yes) {
    *yes = false;
    size_t tn = strlen(x->title);
    if (!tn) return PX_OK;
    px_buf b;
    px_buf_init(&b, x->d->al);
    px_status st = subtree_text(x->d, e, &b);
    const char *h = b.p;
    size_t hn = b.len;
    trim(&h, &hn);
    if (st == PX_OK && hn) {
        *yes = has_bytes(x->title, tn, h, hn) || has_bytes(h, hn, x->title, tn);
    }
    px_buf_free(&b);
    return st;
}

/* Whether element i (below the article's root) is left out whole. */
static px_status dropped(ex *x, uint32_t i, bool *drop) {
    const ig_node *n = &x->d->n[i];
    const nstat *s = &x->s[i];
    *drop = boiler_tag(n->tag) || n->tag == T_FIGCAPTION ||
            ((n->cue == CUE_BAD || n->cue == CUE_WEAK || n->tag == T_UL || n->tag == T_OL) &&
             x->bad[i] == 1);
    if (!*drop && n->cue == CUE_META && s->tot < 800) *drop = true;
    if (!*drop && n->tag == T_HEADER && s->tot < 400) *drop = true;
    /* link lists go, but not quotes: embedded posts are mostly links */
    if (!*drop && (n->flags & N_BLOCK) && n->tag != T_BLOCKQUOTE && i >= x->quote_end &&
        s->tot && s->tot_link * 10 > s->tot * 6)
        *drop = true;
    if (!*drop && n->tag == T_H1 && !x->h1_done) {
        PX_TRY(is_headline(x, i, drop));
        if (*drop) x->h1_done = true;
    }
    return PX_OK;
}

/* The separator between the text of block a and that of block b: cells
 * of one table row share a line, items of one list are one a line, other
 * blocks are paragraphs. */
static int block_sep(const ig_dom *d, uint32_t a, uint32_t b) {
    if (a == NONE || b == NONE || d->n[a].parent != d->n[b].parent) return 3;
    unsigned ta = d->n[a].tag, tb = d->n[b].tag;
    if ((ta == T_TD || ta == T_TH) && (tb == T_TD || tb == T_TH)) return 1;
    if (ta == T_LI && tb == T_LI) return 2;
    return 3;
}

/* Writes the text of subtree r. */
static px_status write_tree(ex *x, uint32_t r) {
    const ig_dom *d = x->d;
    uint32_t end = d->n[r].end;
    for (uint32_t i = r; i < end;) {
        const ig_node *n = &d->n[i];
        if (n->tag == T_TEXT) {
            uint32_t b = n->parent == NONE ? NONE : d->n[n->parent].text;
            const nstat *bs = b == NONE ? NULL : &x->s[b];
            bool linky = bs && i >= x->quote_end && bs->own_link * 10 > bs->own * 6;
            if (!linky) {
                if (b != x->block) {
                    x->pend = PX_MAX(x->pend, block_sep(d, x->block, b));
                    x->block = b;
                }
                PX_TRY(put_text(x, d->text.p + n->text, n->len));
            }
            i++;
            continue;
        }
        bool drop = false;
        if (i != r) PX_TRY(dropped(x, i, &drop));
        if (drop) {
            i = n->end;
            continue;
        }
        if (n->tag == T_BR && x->pend < 2) x->pend = 2;
        if (n->tag == T_BLOCKQUOTE && n->end > x->quote_end) x->quote_end = n->end;
        i++;
    }
    return PX_OK;
}

/* The siblings of the article's root that are prose too, merged in
 * document order with it; writes them all. */
static px_status write_article(ex *x, uint32_t top) {
    const ig_dom *d = x->d;
    uint32_t p = d->n[top].parent;
    if (p == NONE) return write_tree(x, top);
    float need = PX_MAX(200.0f, 0.2f * x->s[top].score);
    for (uint32_t c = p + 1; c < d->n[p].end; c = d->n[c].end) {
        const ig_node *n = &d->n[c];
        bool take = c == top;
        if (!take && n->tag != T_TEXT && !boiler_tag(n->tag) && n->cue != CUE_BAD &&
            x->s[c].score >= need && x->s[c].tot_link * 4 < x->s[c].tot)
            take = true;
        if (take) PX_TRY(write_tree(x, c));
    }
    return PX_OK;
}

px_status ig_extract_body(const ig_dom *dom, const char *title, px_buf *text) {
    if (dom->count == 0) return PX_OK;
    nstat *s = px_calloc(dom->al, dom->count, sizeof *s);
    uint8_t *bad = px_malloc(dom->al, dom->count);
    if (!s || !bad) {
        px_free(dom->al, s);
        px_free(dom->al, bad);
        return PX_ENOMEM;
    }
    ex x = {dom, s, bad, title, text, 0, NONE, false, 0};
    count(&x);
    mark_bad(&x, bad, true);
    score(&x, bad);
    uint32_t top = best(dom, s);
    if (top == NONE) {
        /* everything looks like boilerplate: judge by text alone */
        mark_bad(&x, bad, false);
        score(&x, bad);
        top = best(dom, s);
    }
    size_t start = text->len;
    px_status st = PX_OK;
    if (top != NONE) st = write_article(&x, top);
    /* no prose anywhere: the page's visible text, for what it is worth */
    for (uint32_t i = 0; st == PX_OK && text->len == start && i < dom->count; i = dom->n[i].end)
        st = write_tree(&x, i);
    px_free(dom->al, s);
    px_free(dom->al, bad);
    return st;
}
