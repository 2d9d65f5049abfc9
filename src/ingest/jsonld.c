/*
 * jsonld.c - what a page's JSON-LD (schema.org) says about its article.
 *
 * Consumes the <script type="application/ld+json"> blocks html.c gathered;
 * offers headline, datePublished, author names, publisher name,
 * description, inLanguage and url of the first news article found, at
 * priorities above the <meta> tags' (structured data is the page's most
 * deliberate statement). Articles are looked for at the top, in arrays, in
 * "@graph" and in "mainEntity", a few levels deep only: the walk's
 * recursion is bounded by MAX_DEPTH whatever the input (jansson's own
 * parser limits nesting to 2048).
 *
 * A block that is not valid JSON is ignored: the page stays usable.
 * jansson allocates with malloc (its allocator hook is process-wide, which a
 * library must not set); every tree is freed before returning.
 */
#include "dom.h"

#include <jansson.h>

#define MAX_DEPTH 6

/* Types that are a news or blog article (schema.org names). */
static bool article_type(const char *t) {
    static const char *const types[] = {
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
        "BlogPosting", "LiveBlogPosting", "Report", "TechArticle", "SocialMediaPosting",
    };
    for (size_t i = 0; i < PX_ARRAY_LEN(types); i++)
        if (strcmp(t, types[i]) == 0) return true;
    return false;
}

static bool has_type(json_t *o, bool (*pred)(const char *)) {
    json_t *t = json_object_get(o, "@type");
    if (json_is_string(t)) return pred(json_string_value(t));
    size_t i;
    json_t *e;
    json_array_foreach(t, i, e) if (json_is_string(e) && pred(json_string_value(e))) return true;
    return false;
}

static bool website_type(const char *t) { return strcmp(t, "WebSite") == 0; }

static px_status offer_str(ig_cand *c, int prio, json_t *v) {
    if (!json_is_string(v)) return PX_OK;
    return ig_cand_offer(c, prio, json_string_value(v), json_string_length(v));
}

/* A person or organisation: a string, or an object with a name. */
static json_t *name_of(json_t *v) {
    if (json_is_object(v)) v = json_object_get(v, "name");
    return json_is_string(v) && json_string_length(v) ? v : NULL;
}

/* Joins the names of author (one or an array) with ", ". */
static px_status author_names(json_t *author, ig_cand *c, int prio) {
    px_buf b;
    px_buf_init(&b, c->b.al);
    px_status st = PX_OK;
    if (json_is_array(author)) {
        size_t i;
        json_t *e;
        json_array_foreach(author, i, e) {
            json_t *n = name_of(e);
            if (!n || st != PX_OK) continue;
            if (b.len) st = px_buf_adds(&b, ", ");
            if (st == PX_OK) st = px_buf_add(&b, json_string_value(n), json_string_length(n));
        }
    } else if (name_of(author)) {
        json_t *n = name_of(author);
        st = px_buf_add(&b, json_string_value(n), json_string_length(n));
    }
    if (st == PX_OK && b.len) st = ig_cand_offer(c, prio, b.p, b.len);
    px_buf_free(&b);
    return st;
}

static px_status take_article(json_t *o, ig_cand *m) {
    json_t *h = json_object_get(o, "headline");
    PX_TRY(offer_str(&m[M_TITLE], 3, json_is_string(h) ? h : json_object_get(o, "name")));
    PX_TRY(offer_str(&m[M_PUBLISHED], 4, json_object_get(o, "datePublished")));
    PX_TRY(offer_str(&m[M_PUBLISHED], 2, json_object_get(o, "dateCreated")));
    PX_TRY(author_names(json_object_get(o, "author"), &m[M_AUTHOR], 3));
    PX_TRY(offer_str(&m[M_SOURCE], 2, name_of(json_object_get(o, "publisher"))));
    PX_TRY(offer_str(&m[M_DESCRIPTION], 1, json_object_get(o, "description")));
    PX_TRY(offer_str(&m[M_LANG], 2, json_object_get(o, "inLanguage")));
    json_t *body = json_object_get(o, "articleBody");
    /* plain text only: some pages put markup there */
    if (json_is_string(body) && !m[M_BODY].prio &&
        !memchr(json_string_value(body), '<', json_string_length(body))) {
        PX_TRY(px_buf_add(&m[M_BODY].b, json_string_value(body), json_string_length(body)));
        m[M_BODY].prio = 1;
    }
    return offer_str(&m[M_URL], 1, json_object_get(o, "url"));
}

/* Looks for articles in v; *found stops the search at the first. */
static px_status visit(json_t *v, int depth, ig_cand *m, bool *found) {
    if (depth > MAX_DEPTH || *found) return PX_OK;
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) PX_TRY(visit(e, depth + 1, m, found));
        return PX_OK;
    }
    if (!json_is_object(v)) return PX_OK;
    if (has_type(v, article_type)) {
        *found = true;
        return take_article(v, m);
    }
    if (has_type(v, website_type)) PX_TRY(offer_str(&m[M_SOURCE], 1, json_object_get(v, "name")));
    PX_TRY(visit(json_object_get(v, "@graph"), depth + 1, m, found));
    return visit(json_object_get(v, "mainEntity"), depth + 1, m, found);
}

px_status ig_jsonld_meta(const ig_dom *dom, ig_cand *m) {
    if (!dom->jsonld.p) return PX_OK;
    const char *p = dom->jsonld.p, *end = p + dom->jsonld.len;
    bool found = false;
    px_status st = PX_OK;
    while (p < end && st == PX_OK && !found) {
        size_t n = strlen(p);
        json_error_t err;
        json_t *root = json_loadb(p, n, JSON_DECODE_ANY, &err);
        if (root) st = visit(root, 0, m, &found);
        json_decref(root);
        p += n + 1;
    }
    return st;
}
