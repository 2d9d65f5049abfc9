/*
 * html.c - a web page to its article: parsing into the compact tree of
 * dom.h, the page's metadata, and the entry points (ig_html_text for UTF-8,
 * ig_html_page for raw bytes in any declared charset).
 *
 * Method: libxml2's HTML parser reads any markup, however broken
 * (HTML_PARSE_RECOVER), without network access, closing elements the way
 * browsers do and decoding named and numeric entities. It is driven through
 * SAX callbacks rather than asked for its tree: libxml2's tree costs a
 * malloc and some 120 bytes per node, ours 20 bytes in one array, which is
 * both faster and bounded (IG_MAX_NODES). XML_PARSE_HUGE lifts libxml2's
 * nesting limit, past which it would silently drop the rest of a page; the
 * parser itself is iterative, so depth costs it no C stack either.
 *
 * What is never article text is not stored at all: script, style and the
 * like, form controls, and elements hidden by the hidden attribute or an
 * inline display:none. Metadata is gathered on the way as candidates with
 * priorities (ig_cand) and the best of each is chosen at the end, JSON-LD
 * (jsonld.c) first.
 *
 * libxml2 is only ever given UTF-8 (ig_html_page converts declared
 * charsets with iconv first): when libxml2 converts by itself it reports
 * errors through its process-wide handler, and a library must neither print
 * nor reset such global state. For the same reason libxml2 allocates with
 * its own allocator; nothing of it outlives the call.
 */
#include "dom.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#define NONE UINT32_MAX

/* ---- tags ---- */

typedef struct tagdef {
    const char *name;
    uint8_t tag;
    bool block;
} tagdef;

/* Sorted by name for bsearch. */
static const tagdef tags[] = {
    {"a", T_A, false},           {"address", T_ADDRESS, true},
    {"article", T_ARTICLE, true}, {"aside", T_ASIDE, true},
    {"blockquote", T_BLOCKQUOTE, true}, {"body", T_BODY, true},
    {"br", T_BR, false},         {"button", T_BUTTON, false},
    {"caption", T_CAPTION, true}, {"center", T_CENTER, true},
    {"dd", T_DD, true},          {"details", T_DETAILS, true},
    {"dialog", T_DIALOG, true},  {"div", T_DIV, true},
    {"dl", T_DL, true},          {"dt", T_DT, true},
    {"fieldset", T_FIELDSET, true}, {"figcaption", T_FIGCAPTION, true},
    {"figure", T_FIGURE, true},  {"footer", T_FOOTER, true},
    {"form", T_FORM, true},      {"h1", T_H1, true},
    {"h2", T_H2, true},          {"h3", T_H3, true},
    {"h4", T_H4, true},          {"h5", T_H5, true},
    {"h6", T_H6, true},          {"header", T_HEADER, true},
    {"hr", T_HR, true},          {"html", T_HTML, true},
    {"legend", T_LEGEND, true},  {"li", T_LI, true},
    {"main", T_MAIN, true},      {"menu", T_MENU, true},
    {"nav", T_NAV, true},        {"ol", T_OL, true},
    {"option", T_OPTION, true},  {"p", T_P, true},
    {"pre", T_PRE, true},        {"section", T_SECTION, true},
    {"summary", T_SUMMARY, true}, {"table", T_TABLE, true},
    {"tbody", T_TBODY, true},    {"td", T_TD, true},
    {"tfoot", T_TFOOT, true},    {"th", T_TH, true},
    {"thead", T_THEAD, true},    {"tr", T_TR, true},
    {"ul", T_UL, true},
};

static int tag_cmp(const void *k, const void *e) {
    return strcmp((const char *)k, ((const tagdef *)e)->name);
}

static const tagdef *tag_of(const char *name) {
    return bsearch(name, tags, PX_ARRAY_LEN(tags), sizeof tags[0], tag_cmp);
}

/* Elements whose content is never article text. */
static const char *const skipped[] = {
    "canvas", "embed", "iframe", "input", "map", "math", "noscript", "object",
    "script", "select", "style", "svg", "template", "textarea",
};

static bool in_list(const char *name, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0) return true;
    return false;
}

static char lower(char c) { return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c); }

static bool ieq(const char *a, const char *b) {
    while (*a && lower(*a) == lower(*b)) a++, b++;
    return lower(*a) == lower(*b);
}

/* ---- class/id cues ---- */

/* Words in class, id, role or itemprop that mark boilerplate, matched as
 * substrings ("comments", "share-bar", "relatedStories"). Strong ones win
 * over a content word in the same value ("comment-content"), weak ones do
 * not ("ArticlePage-content paywall"). */
static const char *const strong_bad[] = {
    "comment", "related", "share", "sharing", "social", "sidebar", "promo", "advert",
    "sponsor", "newsletter", "subscri", "signup", "breadcrumb", "cookie", "outbrain",
    "taboola", "disqus", "recommend", "trending", "most-read", "mostread", "more-stories",
    "read-more", "readmore", "see-also", "footer", "navbar", "navigation", "menu",
    "modal", "popup", "dialog", "consent", "gdpr",
};
static const char *const weak_bad[] = {
    "nav", "banner", "masthead", "widget", "popular", "pagination",
    "toolbar", "skip", "sr-only", "visually-hidden", "screen-reader", "offscreen",
    "tagcloud", "newsfeed", "login", "teaser", "follow", "supplemental",
};
/* Short words that mark boilerplate only as a whole token ("ad", not
 * "header" or "read"). */
static const char *const bad_tokens[] = {
    "ad", "ads", "adv", "dfp", "gpt", "aside", "complementary", "contentinfo", "banner",
    "search", "more", "next", "prev", "links", "extra", "tags", "rail", "tools", "print",
};
static const char *const meta_words[] = {
    "byline", "author", "dateline", "timestamp", "caption", "credit", "published",
    "updated", "kicker", "eyebrow", "post-meta", "article-meta", "entry-meta",
    "article-info", "metadata", "headline", "title",
};
static const char *const good_words[] = {
    "article", "content", "entry", "post", "story", "body", "text", "main",
    "blog", "prose",
};

static bool alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* True when the class list s has the token t; tokens split at
 * non-alphanumerics and camelCase humps ("RightRail-item": right, rail,
 * item). */
static bool has_token(const char *s, const char *t) {
    size_t k = strlen(t);
    while (*s) {
        while (*s && !alnum(*s)) s++;
        if (!*s) break;
        const char *w = s++;
        while (alnum(*s) && !(*s >= 'A' && *s <= 'Z' && s[-1] >= 'a' && s[-1] <= 'z')) s++;
        if (w < s && (size_t)(s - w) == k) {
            size_t i = 0;
            while (i < k && lower(w[i]) == t[i]) i++;
            if (i == k) return true;
        }
    }
    return false;
}

/* s is lowercase already. */
static bool any_word(const char *s, const char *const *w, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strstr(s, w[i])) return true;
    return false;
}

static bool any_token(const char *s, const char *const *w, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (has_token(s, w[i])) return true;
    return false;
}

/* The cue of one attribute value (class, id, role or itemprop). Words
 * are matched in a lowercased copy of the value's first 255 bytes (one
 * pass of strstr each, which is what makes this cheap on every element);
 * tokens in the value itself, whose case marks camelCase humps. */
static int cue_of(const char *v) {
    if (!v || !*v) return CUE_NONE;
    char low[256];
    size_t k = 0;
    for (; v[k] && k + 1 < sizeof low; k++) low[k] = lower(v[k]);
    low[k] = '\0';
    static const char *const body_words[] = {
        "articlebody", "article-body", "article__body", "story-body", "post-body",
        "entry-content",
    };
    if (any_word(low, body_words, PX_ARRAY_LEN(body_words))) return CUE_GOOD;
    if (any_word(low, strong_bad, PX_ARRAY_LEN(strong_bad))) return CUE_BAD;
    bool good = any_word(low, good_words, PX_ARRAY_LEN(good_words));
    if (!good && (any_word(low, weak_bad, PX_ARRAY_LEN(weak_bad)) ||
                  any_token(v, bad_tokens, PX_ARRAY_LEN(bad_tokens))))
        return CUE_WEAK;
    if (any_word(low, meta_words, PX_ARRAY_LEN(meta_words))) return CUE_META;
    return good ? CUE_GOOD : CUE_NONE;
}

static const char *att(const xmlChar **atts, const char *name) {
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (ieq((const char *)atts[i], name)) return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
}

/* The cue of an element: the most telling of its attributes' (boilerplate
 * over byline over content). */
static int element_cue(const xmlChar **atts) {
    static const char *const names[] = {"itemprop", "class", "id", "role"};
    static const int rank[] = {[CUE_NONE] = 0, [CUE_GOOD] = 1, [CUE_META] = 2,
                               [CUE_WEAK] = 3, [CUE_BAD] = 4};
    int best = CUE_NONE;
    for (size_t i = 0; i < PX_ARRAY_LEN(names); i++) {
        int c = cue_of(att(atts, names[i]));
        if (rank[c] > rank[best]) best = c;
    }
    return best;
}

/* ---- metadata candidates ---- */

static bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

px_status ig_cand_offer(ig_cand *c, int prio, const char *s, size_t n) {
    if (!s || prio <= c->prio) return PX_OK;
    while (n && is_space((unsigned char)*s)) s++, n--;
    while (n && is_space((unsigned char)s[n - 1])) n--;
    if (n == 0) return PX_OK;
    px_buf_clear(&c->b);
    bool sp = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        bool ws = is_space(ch) || (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0);
        if (ws) {
            if (ch == 0xC2) i++;
            sp = true;
            continue;
        }
        if (sp) PX_TRY(px_buf_addc(&c->b, ' '));
        sp = false;
        PX_TRY(px_buf_addc(&c->b, (char)ch));
    }
    c->prio = prio;
    return PX_OK;
}

/* <meta> keys that name a publication time, best first. */
static const char *const date_keys[] = {
    "article:published_time", "og:published_time", "datepublished", "date",
    "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.date", "parsely-pub-date", "sailthru.date",
    "article.published", "published_time", "cxenseparse:recs:publishtime",
};
static const char *const author_keys[] = {
    "author", "article:author", "dc.creator", "byl", "parsely-author",
    "sailthru.author", "dcterms.creator", "twitter:creator",
};

/* Priority of a <meta> key for field *m, or 0. */
static int meta_prio(const char *key, int *m) {
    static const struct { const char *k; int m, prio; } keys[] = {
        {"og:title", M_TITLE, 2},          {"twitter:title", M_TITLE, 1},
        {"og:site_name", M_SOURCE, 3},     {"application-name", M_SOURCE, 1},
        {"og:url", M_URL, 2},              {"og:description", M_DESCRIPTION, 3},
        {"description", M_DESCRIPTION, 2}, {"twitter:description", M_DESCRIPTION, 1},
        {"og:locale", M_LANG, 1},          {"content-language", M_LANG, 2},
        {"language", M_LANG, 2},
    };
    for (size_t i = 0; i < PX_ARRAY_LEN(keys); i++)
        if (ieq(key, keys[i].k)) return *m = keys[i].m, keys[i].prio;
    for (size_t i = 0; i < PX_ARRAY_LEN(date_keys); i++)
        if (ieq(key, date_keys[i])) return *m = M_PUBLISHED, i == 0 ? 3 : 2;
    for (size_t i = 0; i < PX_ARRAY_LEN(author_keys); i++)
        if (ieq(key, author_keys[i])) return *m = M_AUTHOR, 2;
    return 0;
}

/* ---- building ---- */

typedef struct build {
    ig_dom *dom;
    ig_cand *m;         /* M_COUNT candidates */
    px_buf title;       /* the first <title>'s own text */
    xmlParserCtxtPtr ctxt;
    px_status st;       /* first failure; stops the parse */
    uint32_t cur;       /* the open element, NONE at top level */
    uint32_t title_node; /* the first <title>, or NONE */
    unsigned skip;      /* depth inside an element not stored */
    bool ldjson;        /* the skipped element is a JSON-LD script */
    bool have_title;    /* a <title> was seen */
    bool have_time;     /* a <time datetime> was seen */
} build;

static void fail(build *b, px_status st) {
    if (b->st == PX_OK) b->st = st;
    xmlStopParser(b->ctxt);
}


/* True when the CSS text s has needle (lowercase, no spaces), spaces and
 * case in s ignored: "Display : None" has "display:none". */
static bool css_has(const char *s, const char *needle) {
    for (; *s; s++) {
        const char *p = s, *q = needle;
        while (*q && *p) {
            if (is_space((unsigned char)*p)) {
                p++;
                continue;
            }
            if (lower(*p) != *q) break;
            p++, q++;
        }
        if (!*q) return true;
    }
    return false;
}

static bool hidden(const xmlChar **atts) {
    if (att(atts, "hidden")) return true;
    const char *s = att(atts, "style");
    return s && (css_has(s, "display:none") || css_has(s, "visibility:hidden"));
}

static void offer(build *b, int m, int prio, const char *s) {
    if (b->st == PX_OK && s) {
        px_status st = ig_cand_offer(&b->m[m], prio, s, strlen(s));
        if (st != PX_OK) fail(b, st);
    }
}

static void meta_tag(build *b, const xmlChar **atts) {
    const char *val = att(atts, "content");
    const char *keys[] = {att(atts, "property"), att(atts, "name"), att(atts, "itemprop"),
                          att(atts, "http-equiv")};
    for (size_t i = 0; val && i < PX_ARRAY_LEN(keys); i++) {
        int m, prio = keys[i] ? meta_prio(keys[i], &m) : 0;
        if (!prio) continue;
        /* article:author is often a profile URL, not a name */
        if (m == M_AUTHOR && (strncmp(val, "http", 4) == 0 || val[0] == '@')) continue;
        offer(b, m, prio, val);
    }
}

/* Handles what a start tag says about the page; false when the element is
 * not to be stored. */
static bool page_meta(build *b, const char *name, const xmlChar **atts) {
    if (strcmp(name, "meta") == 0) {
        meta_tag(b, atts);
    } else if (strcmp(name, "link") == 0) {
        const char *rel = att(atts, "rel");
        if (rel && ieq(rel, "canonical")) offer(b, M_URL, 3, att(atts, "href"));
    } else if (strcmp(name, "html") == 0) {
        offer(b, M_LANG, 3, att(atts, "lang"));
    } else if (strcmp(name, "time") == 0 && !b->have_time) {
        const char *dt = att(atts, "datetime");
        if (dt && *dt) {
            b->have_time = true;
            offer(b, M_PUBLISHED, 1, dt);
        }
    } else if (strcmp(name, "script") == 0) {
        const char *type = att(atts, "type");
        b->ldjson = type && ieq(type, "application/ld+json");
    }
    return !in_list(name, skipped, PX_ARRAY_LEN(skipped)) && !hidden(atts);
}

static bool new_node(build *b, ig_node **out) {
    ig_dom *d = b->dom;
    if (d->count >= IG_MAX_NODES || d->count >= NONE) {
        d->truncated = true;
        xmlStopParser(b->ctxt);
        return false;
    }
    if (d->count == d->cap) {
        px_status st = px_grow(d->al, (void **)&d->n, &d->cap, d->count + 1, sizeof *d->n);
        if (st != PX_OK) {
            fail(b, st);
            return false;
        }
    }
    ig_node *n = &d->n[d->count++];
    memset(n, 0, sizeof *n);
    n->parent = b->cur;
    n->end = (uint32_t)d->count;
    *out = n;
    return true;
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **atts) {
    build *b = ((xmlParserCtxtPtr)ctx)->_private;
    const char *name = (const char *)xname;
    if (b->st != PX_OK) return;
    if (b->skip) {
        b->skip++;
        return;
    }
    if (!page_meta(b, name, atts)) {
        b->skip = 1;
        return;
    }
    ig_node *n;
    if (!new_node(b, &n)) return;
    const tagdef *t = tag_of(name);
    const ig_node *p = b->cur == NONE ? NULL : &b->dom->n[b->cur];
    n->tag = t ? t->tag : T_OTHER;
    n->flags = p ? (p->flags & N_LINK) : 0;
    if (n->tag == T_A && att(atts, "href")) n->flags |= N_LINK;
    uint32_t self = (uint32_t)(b->dom->count - 1);
    if (t && t->block) n->flags |= N_BLOCK;
    n->text = (n->flags & N_BLOCK) ? self : p ? p->text : NONE;
    if (n->tag != T_HTML && n->tag != T_BODY) n->cue = (uint8_t)element_cue(atts);
    if (strcmp(name, "title") == 0 && !b->have_title) {
        b->have_title = true;
        b->title_node = self;
    }
    b->cur = self;
}

static void on_end(void *ctx, const xmlChar *name) {
    build *b = ((xmlParserCtxtPtr)ctx)->_private;
    (void)name;
    if (b->skip) {
        if (--b->skip == 0 && b->ldjson) {
            b->ldjson = false;
            px_status st = px_buf_addc(&b->dom->jsonld, '\0');
            if (st != PX_OK) fail(b, st);
        }
        return;
    }
    if (b->cur == NONE) return;
    ig_node *n = &b->dom->n[b->cur];
    n->end = (uint32_t)b->dom->count;
    b->cur = n->parent;
}

/* Appends s to the text buffer with whitespace (and no-break spaces)
 * collapsed; *sp says whether the buffer's text ends in a space. */
static px_status add_collapsed(px_buf *t, const char *s, size_t n, bool *sp) {
    PX_TRY(px_buf_reserve(t, n));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c) || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            if (c == 0xC2) i++;
            if (!*sp) t->p[t->len++] = ' ';
            *sp = true;
            continue;
        }
        t->p[t->len++] = (char)c;
        *sp = false;
    }
    t->p[t->len] = '\0';
    return PX_OK;
}

static void on_text(void *ctx, const xmlChar *ch, int len) {
    build *b = ((xmlParserCtxtPtr)ctx)->_private;
    if (b->st != PX_OK || len <= 0) return;
    px_status st = PX_OK;
    if (b->skip) {
        if (b->ldjson) st = px_buf_add(&b->dom->jsonld, ch, (size_t)len);
    } else if (b->cur != NONE && b->cur == b->title_node) {
        st = px_buf_add(&b->title, ch, (size_t)len);
    } else {
        ig_dom *d = b->dom;
        ig_node *last = d->count ? &d->n[d->count - 1] : NULL;
        bool sp;
        if (last && last->tag == T_TEXT && last->parent == b->cur) {
            sp = last->len && d->text.p[d->text.len - 1] == ' ';
        } else {
            if (!new_node(b, &last)) return;
            last->tag = T_TEXT;
            last->text = (uint32_t)d->text.len;
            last->flags = b->cur == NONE ? 0 : (d->n[b->cur].flags & N_LINK);
            sp = false;
        }
        if (d->text.len + (size_t)len >= NONE) {
            d->truncated = true;
            xmlStopParser(b->ctxt);
            return;
        }
        st = add_collapsed(&d->text, (const char *)ch, (size_t)len, &sp);
        last->len = (uint32_t)(d->text.len - last->text);
    }
    if (st != PX_OK) fail(b, st);
}

/* Parses s into dom; the candidates in m receive the page's metadata. */
static px_status parse(const char *s, size_t n, ig_dom *dom, ig_cand *m) {
    build b = {dom, m, {0}, NULL, PX_OK, NONE, NONE, 0, false, false, false};
    px_buf_init(&b.title, dom->al);
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) return PX_ENOMEM;
    b.ctxt = ctxt;
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.ignorableWhitespace = on_text;
    sax.cdataBlock = on_text;
    memcpy(ctxt->sax, &sax, sizeof sax);
    ctxt->_private = &b;
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_NONET | HTML_PARSE_NODEFDTD | XML_PARSE_HUGE;
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, s, (int)n, NULL, "UTF-8", opts);
    if (doc) xmlFreeDoc(doc);
    htmlFreeParserCtxt(ctxt);
    /* close what the page left open */
    for (uint32_t c = b.cur; c != NONE; c = dom->n[c].parent) dom->n[c].end = (uint32_t)dom->count;
    if (b.st == PX_OK) b.st = ig_cand_offer(&m[M_TITLE], 1, b.title.p, b.title.len);
    px_buf_free(&b.title);
    return b.st;
}

/* ---- the page ---- */

static void meta_take(ig_cand *c, px_buf *dst) {
    if (!dst || !c->b.len) return;
    px_buf_free(dst);
    *dst = c->b;
    px_buf_init(&c->b, dst->al);
}

/* "en-US", "en_US", "EN" -> "en"; anything not a language tag -> "". */
static void lang_code(px_buf *b) {
    size_t k = 0;
    while (k < b->len && ((b->p[k] | 0x20) >= 'a' && (b->p[k] | 0x20) <= 'z')) {
        b->p[k] = lower(b->p[k]);
        k++;
    }
    if (k < 2 || k > 3 || (k < b->len && b->p[k] != '-' && b->p[k] != '_')) k = 0;
    b->len = k;
    if (b->p) b->p[k] = '\0';
}

/* "Headline | Site" -> "Headline" when Site is the page's site name
 * (also " - ", " – ", " — ", and "Site | Headline"): <title> carries the
 * site, the headline should not. */
static void strip_site(px_buf *t, const px_buf *site) {
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: "};
    size_t n = site->len;
    if (!n || t->len <= n) return;
    for (size_t i = 0; i < PX_ARRAY_LEN(seps); i++) {
        size_t k = strlen(seps[i]);
        if (t->len <= n + k) continue;
        size_t at = t->len - n - k;
        if (memcmp(t->p + at, seps[i], k) == 0 && memcmp(t->p + at + k, site->p, n) == 0) {
            t->len = at;
            t->p[at] = '\0';
            return;
        }
        if (memcmp(t->p, site->p, n) == 0 && memcmp(t->p + n, seps[i], k) == 0) {
            memmove(t->p, t->p + n + k, t->len - n - k + 1);
            t->len -= n + k;
            return;
        }
    }
}

/* "By Jane Doe" -> "Jane Doe". */
static void strip_by(px_buf *b) {
    if (b->len > 3 && (b->p[0] | 0x20) == 'b' && (b->p[1] | 0x20) == 'y' && b->p[2] == ' ') {
        memmove(b->p, b->p + 3, b->len - 2);
        b->len -= 3;
    }
}

/* Replaces text[start..] by the JSON-LD articleBody b, a line a
 * paragraph: when the page's markup holds far less than its structured
 * data, the article is rendered by script and the markup is a shell. */
static px_status body_from_jsonld(const px_buf *b, px_buf *text, size_t start) {
    text->len = start;
    const char *p = b->p, *end = b->p + b->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        ig_cand line = {{0}, 0};
        px_buf_init(&line.b, text->al);
        px_status st = ig_cand_offer(&line, 1, p, (size_t)(e - p));
        if (st == PX_OK && line.b.len) {
            if (text->len > start) st = px_buf_adds(text, "\n\n");
            if (st == PX_OK) st = px_buf_add(text, line.b.p, line.b.len);
        }
        px_buf_free(&line.b);
        PX_TRY(st);
        p = e + 1;
    }
    if (text->p) text->p[text->len] = '\0';
    return PX_OK;
}

px_status ig_html_text(const char *s, size_t n, px_buf *text, ig_html_meta *meta) {
    if (n > (size_t)INT32_MAX) n = (size_t)INT32_MAX;
    if (n == 0) return PX_OK;
    const px_allocator *al = text->al;
    ig_dom dom = {al, NULL, 0, 0, {0}, {0}, false};
    px_buf_init(&dom.text, al);
    px_buf_init(&dom.jsonld, al);
    ig_cand m[M_COUNT];
    for (int i = 0; i < M_COUNT; i++) {
        px_buf_init(&m[i].b, al);
        m[i].prio = 0;
    }
    px_status st = parse(s, n, &dom, m);
    if (st == PX_OK) st = ig_jsonld_meta(&dom, m);
    if (m[M_TITLE].prio == 1) strip_site(&m[M_TITLE].b, &m[M_SOURCE].b);
    size_t start = text->len;
    if (st == PX_OK) st = ig_extract_body(&dom, m[M_TITLE].b.len ? m[M_TITLE].b.p : "", text);
    if (st == PX_OK && m[M_BODY].b.len > 3 * (text->len - start) + 100)
        st = body_from_jsonld(&m[M_BODY].b, text, start);
    if (st == PX_OK && meta) {
        st = ig_date_iso(&m[M_PUBLISHED].b);
        /* many news URLs carry the date the page does not state */
        if (st == PX_OK && !m[M_PUBLISHED].b.len && m[M_URL].b.len)
            st = ig_date_from_url(m[M_URL].b.p, m[M_URL].b.len, &m[M_PUBLISHED].b);
        lang_code(&m[M_LANG].b);
        strip_by(&m[M_AUTHOR].b);
        meta->truncated = dom.truncated;
        meta_take(&m[M_TITLE], &meta->title);
        meta_take(&m[M_SOURCE], &meta->source);
        meta_take(&m[M_URL], &meta->url);
        meta_take(&m[M_PUBLISHED], &meta->published);
        meta_take(&m[M_AUTHOR], &meta->author);
        meta_take(&m[M_DESCRIPTION], &meta->description);
        meta_take(&m[M_LANG], &meta->lang);
    }
    for (int i = 0; i < M_COUNT; i++) px_buf_free(&m[i].b);
    px_free(al, dom.n);
    px_buf_free(&dom.text);
    px_buf_free(&dom.jsonld);
    return st;
}

px_status ig_html_page(const char *s, size_t n, const px_allocator *al, px_buf *text,
                       ig_html_meta *meta, size_t *bad) {
    *bad = 0;
    if (n > IG_MAX_LINE) n = IG_MAX_LINE;
    if (ig_utf8_is_clean(s, n)) return ig_html_text(s, n, text, meta);
    char cs[40];
    const char *from = NULL;
    size_t skip = 0;
    if (n >= 2 && (unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) from = "UTF-16LE";
    if (n >= 2 && (unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF) from = "UTF-16BE";
    if (from) skip = 2;
    px_buf c, conv;
    px_buf_init(&c, al);
    px_buf_init(&conv, al);
    px_status st = from ? PX_OK : ig_utf8_clean(s, n, &c, bad);
    /* a declared charset is believed only when the bytes are not UTF-8:
     * pages often declare one and are saved as UTF-8 all the same */
    if (st == PX_OK && !from && *bad && ig_html_charset(s, n, cs)) from = cs;
    if (st == PX_OK && from) {
        size_t cbad = 0;
        px_status k = ig_charset_to_utf8(from, s + skip, n - skip, &conv, &cbad);
        if (k == PX_OK) {
            /* converted: what is left to repair is CR, NUL, a BOM */
            px_buf_clear(&c);
            *bad = cbad;
            st = ig_utf8_clean(conv.p, conv.len, &c, &cbad);
        } else if (k != PX_EUNSUPPORTED) {
            st = k;
        } else if (skip) {
            st = ig_utf8_clean(s, n, &c, bad);
        }
    }
    if (st == PX_OK) st = ig_html_text(c.p, c.len, text, meta);
    px_buf_free(&c);
    px_buf_free(&conv);
    return st;
}

bool ig_html_charset(const char *s, size_t n, char out[40]) {
    size_t lim = PX_MIN(n, (size_t)4096);
    static const char key[] = "charset";
    for (size_t i = 0; i + 7 < lim; i++) {
        size_t k = 0;
        while (k < 7 && (s[i + k] | 0x20) == key[k]) k++;
        if (k < 7) continue;
        size_t j = i + 7;
        while (j < lim && (s[j] == ' ' || s[j] == '\t')) j++;
        if (j >= lim || s[j] != '=') continue;
        j++;
        while (j < lim && (s[j] == ' ' || s[j] == '"' || s[j] == '\'')) j++;
        size_t len = 0;
        while (j + len < lim && len < 39) {
            char c = s[j + len];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == ':' || c == '.'))
                break;
            out[len++] = c;
        }
        out[len] = '\0';
        if (len == 0) continue;
        return !ieq(out, "utf-8") && !ieq(out, "utf8");
    }
    return false;
}
