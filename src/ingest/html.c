/*
 * html.c - the visible text of a web page, until real article extraction.
 *
 * Consumes the bytes of one page; produces its text (whitespace collapsed,
 * one line per block element) and its title, plus the few metadata fields
 * pages commonly state in <meta>/<link> (site name, canonical URL,
 * publication time). Boilerplate removal is a later stage's job.
 *
 * Method: libxml2's HTML parser builds a tree from any markup, however
 * broken (HTML_PARSE_RECOVER), without network access and without
 * inventing <html>/<body> wrappers; it decodes named and numeric entities.
 * XML_PARSE_HUGE lifts libxml2's default depth limit of 256, past which it
 * silently drops the rest of the page; the parser itself is iterative and
 * the page size is capped by the caller (IG_MAX_LINE). The tree is then
 * walked in document order with parent pointers instead of recursion or a
 * stack, so a page nested 100,000 deep costs no C stack. Elements whose
 * content is not prose (script, style, ...) are not entered; <head> is
 * entered only for <title>, <meta> and <link>.
 *
 * libxml2 is only ever given UTF-8 (the caller converts declared charsets
 * with iconv): when libxml2 converts by itself it reports conversion
 * errors on stderr through its process-wide handler, and a library must
 * neither print nor reset such global state. For the same reason libxml2
 * allocates with its own allocator; what it returns is freed here before
 * returning, and everything kept goes through the px_allocator.
 */
#include "ingest.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* Elements whose content is never article text. */
static const char *const skipped[] = {
    "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas",
};

/* Elements that start and end a line of text. */
static const char *const blocks[] = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "ul", "ol",
    "table", "section", "article", "header", "footer", "blockquote", "pre",
    "hr", "dd", "dt", "dl", "figure", "figcaption", "nav", "aside", "main",
    "form", "address", "fieldset", "details", "summary", "body", "html",
    "center", "caption", "thead", "tbody", "tfoot", "option",
};

/* <meta name|property=...> values that give the publication time. */
static const char *const date_keys[] = {
    "article:published_time", "og:published_time", "datepublished", "date",
    "pubdate", "publishdate", "dc.date", "dc.date.issued", "dcterms.created",
    "parsely-pub-date", "sailthru.date",
};

static bool in_list(const char *name, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0) return true;
    return false;
}

/* Appends text with HTML whitespace collapsed. */
typedef struct sink {
    px_buf *b;    /* destination */
    size_t start; /* b->len when this text began */
    int pend;     /* separator owed before the next word: 0, 1 space, 2 LF */
} sink;

static px_status put(sink *o, const char *s) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (u[i]) {
        unsigned c = u[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (o->pend < 1) o->pend = 1;
            i++;
            continue;
        }
        if (c == 0xC2 && u[i + 1] == 0xA0) { /* no-break space */
            if (o->pend < 1) o->pend = 1;
            i += 2;
            continue;
        }
        if (o->b->len > o->start && o->pend)
            PX_TRY(px_buf_addc(o->b, o->pend == 2 ? '\n' : ' '));
        o->pend = 0;
        size_t j = i + 1;
        while (u[j] && u[j] != ' ' && u[j] != '\t' && u[j] != '\n' && u[j] != '\r' &&
               u[j] != '\f' && u[j] != 0xC2)
            j++;
        PX_TRY(px_buf_add(o->b, s + i, j - i));
        i = j;
    }
    return PX_OK;
}

static const char *attr(const xmlNode *n, const char *name) {
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (a->name && xmlStrcasecmp(a->name, (const xmlChar *)name) == 0) {
            const xmlNode *v = a->children;
            return v && v->content ? (const char *)v->content : "";
        }
    }
    return NULL;
}

/* Sets b from s (trimmed, collapsed) if b is still empty. */
static px_status set_once(px_buf *b, const char *s) {
    if (!b || b->len || !s) return PX_OK;
    sink o = {b, b->len, 0};
    return put(&o, s);
}

/* The walk's state. */
typedef struct walk {
    sink text;          /* the page text */
    ig_html_meta *meta; /* where metadata goes, or NULL */
    px_buf og_title;    /* og:title, used when there is no <title> */
    bool have_title;    /* the first <title> has been read */
    unsigned head;      /* open <head> elements */
} walk;

static bool is_title(const xmlNode *n) {
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           strcmp((const char *)n->name, "title") == 0;
}

static px_status meta_tag(walk *w, const xmlNode *n) {
    ig_html_meta *m = w->meta;
    if (!m) return PX_OK;
    const char *key = attr(n, "property");
    if (!key) key = attr(n, "name");
    if (!key) key = attr(n, "itemprop");
    const char *val = attr(n, "content");
    if (!key || !val) return PX_OK;
    char low[40];
    size_t k = 0;
    for (; key[k] && k + 1 < sizeof low; k++)
        low[k] = (char)((key[k] >= 'A' && key[k] <= 'Z') ? key[k] + 32 : key[k]);
    if (key[k]) return PX_OK; /* longer than any key we know */
    low[k] = '\0';
    if (strcmp(low, "og:title") == 0) return set_once(&w->og_title, val);
    if (strcmp(low, "og:site_name") == 0) return set_once(&m->source, val);
    if (strcmp(low, "og:url") == 0) return set_once(&m->url, val);
    if (in_list(low, date_keys, PX_ARRAY_LEN(date_keys))) return set_once(&m->published, val);
    return PX_OK;
}

/* Called when the walk reaches n; *down says whether to visit its children. */
static px_status enter(walk *w, const xmlNode *n, bool *down) {
    *down = false;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (!w->head && n->content && !is_title(n->parent))
            PX_TRY(put(&w->text, (const char *)n->content));
        return PX_OK;
    }
    if (n->type != XML_ELEMENT_NODE || !n->name) return PX_OK;
    const char *name = (const char *)n->name;
    if (strcmp(name, "title") == 0) {
        /* Only the title's own text is the title: libxml2 lets a <title>
         * without <head> swallow the elements after it, which are body. */
        if (!w->have_title && w->meta) {
            w->have_title = true;
            sink o = {&w->meta->title, w->meta->title.len, 0};
            for (const xmlNode *k = n->children; k; k = k->next)
                if (k->type == XML_TEXT_NODE && k->content)
                    PX_TRY(put(&o, (const char *)k->content));
        }
        *down = true;
        return PX_OK;
    }
    /* Empty elements are still entered: with HTML_PARSE_NOIMPLIED,
     * libxml2 2.9 hangs what follows a top-level <meta> or <link> under it. */
    *down = true;
    if (strcmp(name, "meta") == 0) return meta_tag(w, n);
    if (strcmp(name, "link") == 0) {
        const char *rel = attr(n, "rel"), *href = attr(n, "href");
        if (w->meta && rel && href && xmlStrcasecmp((const xmlChar *)rel,
                                                    (const xmlChar *)"canonical") == 0) {
            px_buf_clear(&w->meta->url); /* canonical beats og:url */
            PX_TRY(set_once(&w->meta->url, href));
        }
        return PX_OK;
    }
    *down = false;
    if (in_list(name, skipped, PX_ARRAY_LEN(skipped))) return PX_OK;
    if (strcmp(name, "head") == 0) w->head++;
    else if (in_list(name, blocks, PX_ARRAY_LEN(blocks))) w->text.pend = 2;
    else if ((strcmp(name, "td") == 0 || strcmp(name, "th") == 0) && w->text.pend < 1)
        w->text.pend = 1;
    *down = true;
    return PX_OK;
}

/* Called when the walk leaves n (after its children, if visited). */
static void leave(walk *w, const xmlNode *n) {
    if (n->type != XML_ELEMENT_NODE || !n->name) return;
    const char *name = (const char *)n->name;
    if (strcmp(name, "head") == 0) {
        if (w->head) w->head--;
    } else if (in_list(name, blocks, PX_ARRAY_LEN(blocks))) {
        w->text.pend = 2;
    } else if ((strcmp(name, "td") == 0 || strcmp(name, "th") == 0) && w->text.pend < 1) {
        w->text.pend = 1;
    }
}

static bool is_top(const xmlNode *n) {
    return !n || n->type == XML_HTML_DOCUMENT_NODE || n->type == XML_DOCUMENT_NODE;
}

static px_status walk_doc(walk *w, xmlDoc *doc) {
    xmlNode *n = doc->children;
    while (n) {
        bool down;
        PX_TRY(enter(w, n, &down));
        if (down && n->children) {
            n = n->children;
            continue;
        }
        leave(w, n);
        while (!n->next) {
            n = n->parent;
            if (is_top(n)) return PX_OK;
            leave(w, n);
        }
        n = n->next;
    }
    return PX_OK;
}

px_status ig_html_text(const char *s, size_t n, px_buf *text, ig_html_meta *meta) {
    if (n > (size_t)INT32_MAX) n = (size_t)INT32_MAX;
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED | XML_PARSE_HUGE;
    htmlDocPtr doc = n ? htmlReadMemory(s, (int)n, NULL, "UTF-8", opts) : NULL;
    if (!doc) return PX_OK;
    walk w = {{text, text->len, 0}, meta, {0}, false, 0};
    px_buf_init(&w.og_title, text->al);
    px_status st = walk_doc(&w, doc);
    xmlFreeDoc(doc);
    if (st == PX_OK && meta && meta->title.len == 0 && w.og_title.len)
        st = px_buf_add(&meta->title, w.og_title.p, w.og_title.len);
    px_buf_free(&w.og_title);
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
        return xmlStrcasecmp((const xmlChar *)out, (const xmlChar *)"utf-8") != 0 &&
               xmlStrcasecmp((const xmlChar *)out, (const xmlChar *)"utf8") != 0;
    }
    return false;
}
