/*
 * feed.c - RSS 2.0, RSS 1.0 (RDF) and Atom feeds to one doc per item.
 *
 * Consumes the bytes of one feed file; produces, per <item> or <entry>,
 * a px_doc or the reason the item is unusable, through a callback.
 *
 * Fields, first found wins:
 *   id         guid (RSS), id (Atom), else the link, else "<file id>-<n>"
 *   url        link (RSS text, Atom href of rel="alternate" or no rel)
 *   title      title (Atom type="html"/"xhtml" read as HTML)
 *   text       content:encoded (RSS) or content (Atom), else description
 *              or summary; HTML bodies through ig_html_text
 *   published  pubDate (RFC 822, converted to ISO 8601), published,
 *              dc:date, updated
 *   source     the item's <source>, else the channel's or feed's title
 *   language   the channel's language or dc:language, else xml:lang
 * Elements are matched by local name; the namespaced ones (content:,
 * dc:) by namespace, or by their usual prefix when a broken feed forgot
 * to declare it.
 *
 * Safety: libxml2 parses with XML_PARSE_NONET and neither XML_PARSE_NOENT
 * nor XML_PARSE_DTDLOAD, so no DTD and no external entity is ever loaded;
 * entity references that are not XML's five predefined ones stay
 * unexpanded nodes, which the text walk skips, so an entity can neither
 * read a file nor multiply the text. Without XML_PARSE_HUGE libxml2 also
 * keeps its limits on depth and entity amplification. XML_PARSE_RECOVER
 * keeps what precedes a break in a damaged feed. As in html.c, libxml2 is
 * only given UTF-8 (the declared charset converted here with iconv) and
 * told to ignore the declaration, so that it never converts by itself and
 * never reports through its process-wide handlers; NOERROR/NOWARNING keep
 * it quiet.
 *
 * Named references are made numeric before parsing (outside CDATA,
 * comments and the DOCTYPE): feeds use HTML's (&nbsp; &eacute;) without
 * declaring them, and once libxml2 2.9 has met any error it drops every
 * named reference after it, &amp; included, while numeric ones survive.
 * Names that are neither XML's five nor HTML's stay as they are.
 */
#include "ingest.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"

/* ---- RFC 822 dates ---- */

static bool digits(const char *s, size_t n, size_t *i, size_t min, size_t max, int *v) {
    size_t k = 0;
    int x = 0;
    while (*i + k < n && k < max && s[*i + k] >= '0' && s[*i + k] <= '9')
        x = x * 10 + (s[*i + k++] - '0');
    if (k < min) return false;
    *i += k;
    *v = x;
    return true;
}

static void skip_sp(const char *s, size_t n, size_t *i) {
    while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\n' || s[*i] == '\r' ||
                      s[*i] == ','))
        (*i)++;
}

static size_t word(const char *s, size_t n, size_t i) {
    size_t k = i;
    while (k < n && ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')) k++;
    return k - i;
}

static bool prefix_ieq(const char *s, size_t n, const char *w) {
    for (size_t i = 0; i < n; i++)
        if (!w[i] || (s[i] | 0x20) != w[i]) return false;
    return true;
}

/* Zone names of RFC 822 section 5 and their offsets in minutes. */
static bool zone_name(const char *s, size_t n, int *off) {
    static const struct { const char *name; int off; } zones[] = {
        {"gmt", 0},    {"ut", 0},     {"utc", 0},    {"z", 0},      {"est", -300},
        {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360},
        {"pst", -480}, {"pdt", -420},
    };
    for (size_t k = 0; k < PX_ARRAY_LEN(zones); k++) {
        if (strlen(zones[k].name) == n && prefix_ieq(s, n, zones[k].name)) {
            *off = zones[k].off;
            return true;
        }
    }
    return false;
}

bool ig_rfc822_to_iso(const char *s, size_t n, char out[32]) {
    static const char months[12][4] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
    size_t i = 0;
    skip_sp(s, n, &i);
    size_t w = word(s, n, i);
    if (w >= 3) { /* the day name, which says nothing the date does not */
        i += w;
        skip_sp(s, n, &i);
    }
    int day, year, hh, mm, ss = 0, mon = -1;
    if (!digits(s, n, &i, 1, 2, &day)) return false;
    skip_sp(s, n, &i);
    if (i < n && s[i] == '-') i++;
    w = word(s, n, i);
    for (int k = 0; k < 12 && w >= 3; k++)
        if (prefix_ieq(s + i, 3, months[k])) mon = k;
    if (mon < 0) return false;
    i += w;
    if (i < n && s[i] == '.') i++;
    if (i < n && s[i] == '-') i++;
    skip_sp(s, n, &i);
    size_t y0 = i;
    if (!digits(s, n, &i, 2, 4, &year) || i - y0 == 3) return false;
    if (i - y0 == 2) year += year < 50 ? 2000 : 1900;
    skip_sp(s, n, &i);
    if (!digits(s, n, &i, 1, 2, &hh) || i >= n || s[i] != ':') return false;
    i++;
    if (!digits(s, n, &i, 2, 2, &mm)) return false;
    if (i < n && s[i] == ':') {
        i++;
        if (!digits(s, n, &i, 2, 2, &ss)) return false;
    }
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (day < 1 || day > mdays[mon] || hh > 23 || mm > 59 || ss > 60) return false;
    if (ss == 60) ss = 59; /* a leap second: ISO readers refuse :60 */
    skip_sp(s, n, &i);
    int off = 0;
    bool zone = true;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i++] == '-' ? -1 : 1, zh, zm;
        size_t z0 = i;
        if (!digits(s, n, &i, 2, 2, &zh)) return false;
        if (i < n && s[i] == ':') i++;
        if (!digits(s, n, &i, 2, 2, &zm) || zh > 23 || zm > 59 || i - z0 > 5) return false;
        off = sign * (zh * 60 + zm);
    } else if ((w = word(s, n, i)) > 0) {
        /* unknown names (military letters, "CET") count as -0000: the zone
         * is unknown, which RFC 2822 section 4.3 says to read as UTC */
        if (!zone_name(s + i, w, &off)) off = 0;
        i += w;
    } else {
        zone = false;
    }
    skip_sp(s, n, &i);
    if (i < n && s[i] == '(') { /* a comment such as "(CET)" */
        while (i < n && s[i] != ')') i++;
        if (i < n) i++;
        skip_sp(s, n, &i);
    }
    if (i != n) return false;
    int k = snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d", year, mon + 1, day, hh, mm, ss);
    if (zone && off == 0) snprintf(out + k, 32 - (size_t)k, "Z");
    else if (zone)
        snprintf(out + k, 32 - (size_t)k, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60,
                 abs(off) % 60);
    return true;
}

/* ---- the tree ---- */

static bool is_elem(const xmlNode *n) { return n && n->type == XML_ELEMENT_NODE && n->name; }

/* The namespaces of a feed's own elements: Atom, RSS 1.0 and 0.90 (RSS
 * 2.0 has none). Other modules (media:, itunes:) reuse names such as
 * title and content for other things. */
static bool feed_ns(const char *href) {
    return !href || strcmp(href, NS_ATOM) == 0 || strcmp(href, "http://purl.org/rss/1.0/") == 0 ||
           strcmp(href, "http://my.netscape.com/rdf/simple/0.9/") == 0;
}

/* True when n is the element `name` of namespace ns, or with ns NULL of
 * the feed's own namespaces. With prefix set, an undeclared "prefix:name"
 * also matches (libxml2 keeps such a name whole when it recovers). */
static bool named(const xmlNode *n, const char *name, const char *ns, const char *prefix) {
    if (!is_elem(n)) return false;
    const char *nm = (const char *)n->name;
    const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
    if (strcmp(nm, name) == 0) {
        if (ns) return href && strcmp(href, ns) == 0;
        return feed_ns(href);
    }
    if (prefix && !href) {
        size_t p = strlen(prefix);
        return strncmp(nm, prefix, p) == 0 && nm[p] == ':' && strcmp(nm + p + 1, name) == 0;
    }
    return false;
}

static const char *attr(const xmlNode *n, const char *name) {
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (a->name && strcmp((const char *)a->name, name) == 0) {
            const xmlNode *v = a->children;
            return v && v->content ? (const char *)v->content : "";
        }
    }
    return NULL;
}

/* Appends the character data under n: text and CDATA, in document order,
 * without entering entity references (see the header comment). Walks
 * with parent pointers, not recursion. */
static px_status text_of(const xmlNode *n, px_buf *out) {
    const xmlNode *c = n->children;
    while (c) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            PX_TRY(px_buf_adds(out, (const char *)c->content));
        if (c->type == XML_ELEMENT_NODE && c->children) {
            c = c->children;
            continue;
        }
        while (c && !c->next) {
            c = c->parent;
            if (c == n) return PX_OK;
        }
        if (c) c = c->next;
    }
    return PX_OK;
}

/* How an element's content is to be read. */
enum { AS_TEXT, AS_HTML, AS_XHTML };

/* Atom's type attribute; RSS bodies are HTML. */
static int kind_of(const xmlNode *n, int dflt) {
    const char *t = attr(n, "type");
    if (!t) return dflt;
    if (strcmp(t, "html") == 0 || strcmp(t, "text/html") == 0) return AS_HTML;
    if (strcmp(t, "xhtml") == 0 || strcmp(t, "application/xhtml+xml") == 0) return AS_XHTML;
    return AS_TEXT;
}

/* Appends the readable text of n to out, read as kind. */
static px_status content(const xmlNode *n, int kind, px_buf *out) {
    if (kind == AS_TEXT) return text_of(n, out);
    px_buf src;
    px_buf_init(&src, out->al);
    px_status st = PX_OK;
    if (kind == AS_HTML) {
        st = text_of(n, &src);
    } else {
        /* the markup itself: serialize the children, then read them as HTML */
        xmlBufferPtr b = xmlBufferCreate();
        if (!b) return PX_ENOMEM;
        for (xmlNode *c = n->children; c && st == PX_OK; c = c->next) {
            if (c->type == XML_ENTITY_REF_NODE) continue;
            if (xmlNodeDump(b, c->doc, c, 0, 0) < 0) st = PX_ENOMEM;
        }
        if (st == PX_OK) st = px_buf_add(&src, xmlBufferContent(b), (size_t)xmlBufferLength(b));
        xmlBufferFree(b);
    }
    if (st == PX_OK && src.len && ig_utf8_is_clean(src.p, src.len)) {
        st = ig_html_text(src.p, src.len, out, NULL);
    } else if (st == PX_OK && src.len) {
        /* a character reference such as &#13; put a CR (or a NUL) in */
        px_buf c;
        px_buf_init(&c, out->al);
        size_t ignored = 0;
        st = ig_utf8_clean(src.p, src.len, &c, &ignored);
        if (st == PX_OK && c.len) st = ig_html_text(c.p, c.len, out, NULL);
        px_buf_free(&c);
    }
    px_buf_free(&src);
    return st;
}

/* What one item gives, before it becomes a doc. */
enum { F_ID, F_URL, F_TITLE, F_BODY, F_PUBLISHED, F_SOURCE, F_LANG, F_AUTHOR, F_COUNT };

typedef struct item {
    px_buf f[F_COUNT];
    int body_rank;   /* 2 full content, 1 description/summary, 0 none */
    int date_rank;   /* lower is better; 9 none */
} item;

/* The feed-level fields items inherit. */
typedef struct chan {
    px_buf title;
    px_buf lang;
} chan;

static px_status set_text(px_buf *b, const xmlNode *n) {
    if (b->len) return PX_OK;
    return text_of(n, b);
}

/* One more author ("dc:creator", RSS <author>, Atom <author><name>),
 * joined to those before by ", ". */
static px_status take_author(item *it, const xmlNode *n) {
    for (const xmlNode *k = n->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && k->name && strcmp((const char *)k->name, "name") == 0)
            n = k;
    px_buf t;
    px_buf_init(&t, it->f[F_AUTHOR].al);
    px_status st = text_of(n, &t);
    const char *p = t.p ? t.p : "";
    size_t k = t.len;
    while (k && (*p == ' ' || *p == '\n' || *p == '\t')) p++, k--;
    while (k && (p[k - 1] == ' ' || p[k - 1] == '\n' || p[k - 1] == '\t')) k--;
    if (st == PX_OK && k && it->f[F_AUTHOR].len) st = px_buf_adds(&it->f[F_AUTHOR], ", ");
    if (st == PX_OK && k) st = px_buf_add(&it->f[F_AUTHOR], p, k);
    px_buf_free(&t);
    return st;
}

static px_status take_date(item *it, const xmlNode *n, int rank, bool rfc822) {
    if (rank >= it->date_rank) return PX_OK;
    px_buf *b = &it->f[F_PUBLISHED];
    px_buf_clear(b);
    PX_TRY(text_of(n, b));
    char iso[32];
    const char *s = b->p ? b->p : "";
    size_t k = b->len;
    while (k && (s[k - 1] == ' ' || s[k - 1] == '\n' || s[k - 1] == '\t')) k--;
    if (rfc822 && ig_rfc822_to_iso(s, k, iso)) {
        px_buf_clear(b);
        PX_TRY(px_buf_adds(b, iso));
    }
    if (b->len) it->date_rank = rank;
    return PX_OK;
}

static px_status take_body(item *it, const xmlNode *n, int rank, int kind) {
    if (rank <= it->body_rank) return PX_OK;
    if (attr(n, "src")) return PX_OK; /* out-of-line Atom content */
    px_buf t;
    px_buf_init(&t, it->f[F_BODY].al);
    px_status st = content(n, kind, &t);
    const char *p = t.p;
    size_t k = t.len;
    while (k && (*p == ' ' || *p == '\n' || *p == '\t')) p++, k--;
    if (st == PX_OK && k) {
        px_buf_clear(&it->f[F_BODY]);
        st = px_buf_add(&it->f[F_BODY], p, k);
        it->body_rank = rank;
    }
    px_buf_free(&t);
    return st;
}

/* An Atom <link>: the alternate (or rel-less) one is the article. */
static px_status take_link(item *it, const xmlNode *n) {
    const char *href = attr(n, "href"), *rel = attr(n, "rel");
    if (!href) return set_text(&it->f[F_URL], n); /* RSS: the URL is the text */
    if (it->f[F_URL].len || (rel && strcmp(rel, "alternate") != 0)) return PX_OK;
    return px_buf_adds(&it->f[F_URL], href);
}

/* Reads one child element of an item or entry. */
static px_status item_field(item *it, const xmlNode *c) {
    if (named(c, "title", NULL, NULL)) {
        if (it->f[F_TITLE].len) return PX_OK;
        return content(c, kind_of(c, AS_TEXT), &it->f[F_TITLE]);
    }
    if (named(c, "guid", NULL, NULL) || named(c, "id", NULL, NULL))
        return set_text(&it->f[F_ID], c);
    if (named(c, "link", NULL, NULL)) return take_link(it, c);
    if (named(c, "encoded", NS_CONTENT, "content")) return take_body(it, c, 2, AS_HTML);
    if (named(c, "content", NULL, NULL)) return take_body(it, c, 2, kind_of(c, AS_TEXT));
    if (named(c, "description", NULL, NULL)) return take_body(it, c, 1, AS_HTML);
    if (named(c, "summary", NULL, NULL)) return take_body(it, c, 1, kind_of(c, AS_TEXT));
    if (named(c, "pubDate", NULL, NULL)) return take_date(it, c, 0, true);
    if (named(c, "published", NULL, NULL)) return take_date(it, c, 1, true);
    if (named(c, "date", NS_DC, "dc")) return take_date(it, c, 2, true);
    if (named(c, "updated", NULL, NULL)) return take_date(it, c, 3, true);
    if (named(c, "source", NULL, NULL)) {
        /* RSS <source> is the outlet's name; Atom's holds a <title> */
        for (const xmlNode *k = c->children; k; k = k->next)
            if (named(k, "title", NULL, NULL)) return set_text(&it->f[F_SOURCE], k);
        return set_text(&it->f[F_SOURCE], c);
    }
    if (named(c, "language", NS_DC, "dc")) return set_text(&it->f[F_LANG], c);
    if (named(c, "creator", NS_DC, "dc") || named(c, "author", NULL, NULL))
        return take_author(it, c);
    return PX_OK;
}

/* The language of n from xml:lang on it or an ancestor. */
static px_status xml_lang(const xmlNode *n, px_buf *b) {
    if (b->len) return PX_OK;
    xmlChar *l = xmlNodeGetLang(n);
    if (!l) return PX_OK;
    px_status st = px_buf_adds(b, (const char *)l);
    xmlFree(l);
    return st;
}

static px_status field(px_doc *d, char **dst, const px_buf *b, size_t *bad) {
    if (!b->len || (*dst)[0]) return PX_OK;
    return ig_doc_set_clean(d, dst, b->p, b->len, bad, NULL);
}

/* Whether s[0..n) is nothing but white space. */
static bool blank_buf(const px_buf *b) {
    for (size_t i = 0; i < b->len; i++)
        if (b->p[i] != ' ' && b->p[i] != '\n' && b->p[i] != '\t' && b->p[i] != '\r') return false;
    return true;
}

/* Makes the doc of one item; *doc NULL and why set when unusable. */
static px_status item_doc(const ig_src *src, const px_allocator *al, const chan *ch, item *it,
                          unsigned long line, size_t ordinal, px_doc **doc, px_buf *why,
                          size_t *nbad) {
    *doc = NULL;
    px_buf id;
    px_buf_init(&id, al);
    px_status st = PX_OK;
    const px_buf *given = !blank_buf(&it->f[F_ID]) ? &it->f[F_ID]
                          : !blank_buf(&it->f[F_URL]) ? &it->f[F_URL] : NULL;
    if (given) {
        const char *p = given->p;
        size_t n = given->len;
        while (n && (*p == ' ' || *p == '\n' || *p == '\t')) p++, n--;
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\t')) n--;
        st = px_buf_add(&id, p, n);
    } else {
        st = px_buf_printf(&id, "%s-%zu", src->fileid, ordinal);
    }
    px_doc *d = NULL;
    if (st == PX_OK) {
        /* the id may need repair (U+FFFD for bad bytes, no CR) like any string */
        px_buf clean;
        px_buf_init(&clean, al);
        size_t bad = 0;
        st = ig_utf8_clean(id.p, id.len, &clean, &bad);
        if (st == PX_OK) st = ig_doc_new(src, al, clean.p, clean.len, line, &d);
        px_buf_free(&clean);
    }
    px_buf_free(&id);
    PX_TRY(st);
    size_t bad = 0;
    if (!blank_buf(&it->f[F_BODY]))
        st = ig_doc_set_clean(d, &d->text, it->f[F_BODY].p, it->f[F_BODY].len, &bad,
                              &d->text_len);
    if (st == PX_OK) st = field(d, &d->title, &it->f[F_TITLE], &bad);
    if (st == PX_OK) st = field(d, &d->url, &it->f[F_URL], &bad);
    if (st == PX_OK) st = field(d, &d->published, &it->f[F_PUBLISHED], &bad);
    if (st == PX_OK) st = field(d, &d->source, &it->f[F_SOURCE], &bad);
    if (st == PX_OK) st = field(d, &d->source, &ch->title, &bad);
    if (st == PX_OK) st = field(d, &d->author, &it->f[F_AUTHOR], &bad);
    const px_buf *lang = it->f[F_LANG].len ? &it->f[F_LANG] : &ch->lang;
    if (st == PX_OK && lang->len) ig_doc_set_lang_tag(d, lang->p, lang->len);
    return ig_doc_finish(d, st, bad, why, nbad, doc);
}

static void item_init(item *it, const px_allocator *al) {
    for (int k = 0; k < F_COUNT; k++) px_buf_init(&it->f[k], al);
    it->body_rank = 0;
    it->date_rank = 9;
}

static void item_free(item *it) {
    for (int k = 0; k < F_COUNT; k++) px_buf_free(&it->f[k]);
}

/* The state of one parse. */
typedef struct parse {
    const ig_src *src;
    const px_allocator *al;
    ig_item_fn fn;
    void *ud;
    px_buf why;
    chan ch;
    size_t items; /* items met so far */
} parse;

static px_status one_item(parse *ps, const xmlNode *n) {
    item it;
    item_init(&it, ps->al);
    px_status st = PX_OK;
    for (const xmlNode *c = n->children; c && st == PX_OK; c = c->next) st = item_field(&it, c);
    if (st == PX_OK) st = xml_lang(n, &it.f[F_LANG]);
    px_doc *d = NULL;
    size_t nbad = 0;
    long line = xmlGetLineNo(n);
    unsigned long ln = line > 0 ? (unsigned long)line : 0;
    ps->items++;
    if (st == PX_OK)
        st = item_doc(ps->src, ps->al, &ps->ch, &it, ln, ps->items, &d, &ps->why, &nbad);
    item_free(&it);
    if (st == PX_EEMPTY || st == PX_EFORMAT) {
        return ps->fn(ps->ud, NULL, ln, ps->why.p, 0);
    }
    PX_TRY(st);
    return ps->fn(ps->ud, d, ln, NULL, nbad);
}

/* Reads the channel's own fields (title, language) from its children. */
static px_status channel_fields(parse *ps, const xmlNode *ch) {
    for (const xmlNode *c = ch->children; c; c = c->next) {
        if (named(c, "title", NULL, NULL) && !ps->ch.title.len)
            PX_TRY(content(c, kind_of(c, AS_TEXT), &ps->ch.title));
        else if (named(c, "language", NULL, NULL) || named(c, "language", NS_DC, "dc"))
            PX_TRY(set_text(&ps->ch.lang, c));
    }
    return xml_lang(ch, &ps->ch.lang);
}

static px_status items_under(parse *ps, const xmlNode *parent) {
    for (const xmlNode *c = parent->children; c; c = c->next)
        if (named(c, "item", NULL, NULL) || named(c, "entry", NULL, NULL))
            PX_TRY(one_item(ps, c));
    return PX_OK;
}

static px_status no_feed(px_buf *why, const char *what, const xmlNode *root) {
    px_buf_clear(why);
    if (root)
        PX_TRY(px_buf_printf(why, "%s (root element <%.40s>)", what, (const char *)root->name));
    else
        PX_TRY(px_buf_adds(why, what));
    return PX_EFORMAT;
}

static px_status walk_feed(parse *ps, xmlDoc *doc, px_buf *why) {
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!is_elem(root)) return no_feed(why, "not an RSS or Atom feed", NULL);
    const char *rn = (const char *)root->name;
    const char *colon = strchr(rn, ':');
    bool rdf = strcmp(rn, "RDF") == 0 || (colon && strcmp(colon + 1, "RDF") == 0);
    if (strcmp(rn, "rss") != 0 && strcmp(rn, "feed") != 0 && !rdf)
        return no_feed(why, "not an RSS or Atom feed", root);
    const xmlNode *ch = root;
    for (const xmlNode *c = root->children; c; c = c->next)
        if (named(c, "channel", NULL, NULL)) {
            ch = c;
            break;
        }
    PX_TRY(channel_fields(ps, ch));
    PX_TRY(items_under(ps, ch));
    if (ch != root) PX_TRY(items_under(ps, root)); /* RSS 1.0 items are the root's */
    if (!ps->items) {
        px_buf_clear(why);
        PX_TRY(px_buf_adds(why, "feed has no items"));
        return PX_EEMPTY;
    }
    return PX_OK;
}

/* The encoding named in an XML declaration at the start of s, unless it
 * is UTF-8; false when none. */
static bool xml_encoding(const char *s, size_t n, char out[40]) {
    if (n < 5 || memcmp(s, "<?xml", 5) != 0) return false;
    size_t lim = PX_MIN(n, (size_t)512);
    const char *end = NULL;
    for (size_t i = 5; i + 1 < lim && !end; i++)
        if (s[i] == '?' && s[i + 1] == '>') end = s + i;
    if (!end) return false;
    size_t span = (size_t)(end - s);
    for (size_t i = 5; i + 8 < span; i++) {
        if (memcmp(s + i, "encoding", 8) != 0) continue;
        size_t j = i + 8;
        while (j < span && (s[j] == ' ' || s[j] == '=')) j++;
        if (j >= span || (s[j] != '"' && s[j] != '\'')) return false;
        char q = s[j++];
        size_t k = 0;
        while (j + k < span && s[j + k] != q && k < 39) {
            out[k] = s[j + k];
            k++;
        }
        out[k] = '\0';
        if (k == 0) return false;
        return xmlStrcasecmp((const xmlChar *)out, (const xmlChar *)"utf-8") != 0 &&
               xmlStrcasecmp((const xmlChar *)out, (const xmlChar *)"utf8") != 0;
    }
    return false;
}

/* The bytes as UTF-8 in c: converted from a UTF-16 BOM's or the declared
 * charset when they are not UTF-8 already, else repaired. */
static px_status to_utf8(const char *s, size_t n, px_buf *c, size_t *bad) {
    char cs[40];
    const char *from = NULL;
    if (n >= 2 && ((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE)) from = "UTF-16";
    else if (n >= 2 && ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))
        from = "UTF-16";
    else if (!ig_utf8_is_clean(s, n) && xml_encoding(s, n, cs)) from = cs;
    if (from) {
        px_buf conv;
        px_buf_init(&conv, c->al);
        size_t cbad = 0;
        px_status k = ig_charset_to_utf8(from, s, n, &conv, &cbad);
        if (k == PX_OK) k = ig_utf8_clean(conv.p ? conv.p : "", conv.len, c, bad);
        *bad += cbad;
        px_buf_free(&conv);
        if (k != PX_EUNSUPPORTED) return k;
        px_buf_clear(c);
        *bad = 0;
    }
    return ig_utf8_clean(s, n, c, bad);
}

/* The code point of a named reference (XML's five, then HTML 4's); 0 if
 * the name is neither. */
static unsigned named_ref(const char *name, size_t n) {
    static const struct { const char *name; unsigned cp; } xml[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
    };
    char b[16];
    if (n >= sizeof b) return 0;
    memcpy(b, name, n);
    b[n] = '\0';
    for (size_t k = 0; k < PX_ARRAY_LEN(xml); k++)
        if (strcmp(b, xml[k].name) == 0) return xml[k].cp;
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)b);
    return e ? e->value : 0;
}

/* A letter, or after the first a digit: what HTML's entity names use. */
static bool name_char(char c, bool first) {
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (!first && c >= '0' && c <= '9');
}

/* Copies s to out with named references made numeric (see above). */
static px_status numeric_refs(const char *s, size_t n, px_buf *out) {
    static const struct { const char *open, *close; } skip[] = {
        {"<![CDATA[", "]]>"}, {"<!--", "-->"},
    };
    size_t i = 0, done = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i), *lt = memchr(s + i, '<', n - i);
        if (!amp) break;
        if (lt && lt < amp) { /* markup first: skip what must not change */
            i = (size_t)(lt - s) + 1;
            for (size_t k = 0; k < PX_ARRAY_LEN(skip); k++) {
                size_t ol = strlen(skip[k].open);
                if ((size_t)(lt - s) + ol > n || memcmp(lt, skip[k].open, ol) != 0) continue;
                const char *end = NULL;
                size_t cl = strlen(skip[k].close);
                for (size_t j = (size_t)(lt - s) + ol; j + cl <= n && !end; j++)
                    if (memcmp(s + j, skip[k].close, cl) == 0) end = s + j;
                i = end ? (size_t)(end - s) + cl : n;
            }
            if (i < n && (size_t)(lt - s) + 9 <= n && memcmp(lt, "<!DOCTYPE", 9) == 0) {
                int depth = 0;
                for (i = (size_t)(lt - s) + 9; i < n; i++) {
                    if (s[i] == '[') depth++;
                    else if (s[i] == ']' && depth) depth--;
                    else if (s[i] == '>' && !depth) break;
                }
            }
            continue;
        }
        size_t a = (size_t)(amp - s), e = a + 1;
        while (e < n && e - a <= 16 && name_char(s[e], e == a + 1)) e++;
        unsigned cp = e < n && s[e] == ';' && e > a + 1 ? named_ref(s + a + 1, e - a - 1) : 0;
        if (cp) {
            PX_TRY(px_buf_add(out, s + done, a - done));
            PX_TRY(px_buf_printf(out, "&#%u;", cp));
            done = e + 1;
        }
        i = cp ? e + 1 : a + 1;
    }
    return px_buf_add(out, s + done, n - done);
}

px_status ig_feed_parse(const ig_src *src, const char *s, size_t n, const px_allocator *al,
                        ig_item_fn fn, void *ud, px_buf *why, size_t *nbad) {
    if (n > IG_MAX_LINE) n = IG_MAX_LINE;
    px_buf c;
    px_buf_init(&c, al);
    size_t bad = 0;
    px_status st = to_utf8(s, n, &c, &bad);
    size_t len = c.len;
    const char *p = c.p ? c.p : "";
    while (len && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')) p++, len--;
    if (st == PX_OK && len == 0) {
        px_buf_free(&c);
        px_buf_clear(why);
        PX_TRY(px_buf_adds(why, "empty file"));
        return PX_EEMPTY;
    }
    if (st != PX_OK || len > (size_t)INT32_MAX) {
        px_buf_free(&c);
        return st != PX_OK ? st : PX_EFORMAT;
    }
    px_buf x;
    px_buf_init(&x, al);
    st = numeric_refs(p, len, &x);
    px_buf_free(&c);
    if (st != PX_OK || x.len > (size_t)INT32_MAX) {
        px_buf_free(&x);
        return st != PX_OK ? st : PX_EFORMAT;
    }
    int opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
               XML_PARSE_IGNORE_ENC | XML_PARSE_BIG_LINES;
    xmlDoc *doc = xmlReadMemory(x.p, (int)x.len, NULL, "UTF-8", opts);
    px_buf_free(&x);
    if (!doc) {
        px_buf_clear(why);
        PX_TRY(px_buf_adds(why, "malformed XML: no element could be read"));
        return PX_EFORMAT;
    }
    parse ps = {src, al, fn, ud, {0}, {{0}, {0}}, 0};
    px_buf_init(&ps.why, al);
    px_buf_init(&ps.ch.title, al);
    px_buf_init(&ps.ch.lang, al);
    st = walk_feed(&ps, doc, why);
    xmlFreeDoc(doc);
    px_buf_free(&ps.why);
    px_buf_free(&ps.ch.title);
    px_buf_free(&ps.ch.lang);
    *nbad += bad; /* repairs made before parsing: the file's, not an item's */
    return st;
}
