/*
 * doc.c - creation, field setting and accessors of px_doc.
 *
 * Every string field is always a valid NUL-terminated string ("" when the
 * input has none) so that accessors never return NULL.
 */
#include "doc.h"

static char empty[1] = "";

px_doc *px_doc_new(const px_allocator *al) {
    px_allocator a;
    px_alloc_init(&a, al);
    px_doc *d = px_calloc(&a, 1, sizeof *d);
    if (!d) return NULL;
    d->al = a;
    d->id = d->path = d->source = d->title = d->url = d->published = empty;
    d->author = d->description = empty;
    d->text = d->updated = empty;
    d->time = PX_TIME_UNKNOWN;
    d->dup_of = PX_NONE;
    d->story = PX_NONE;
    return d;
}

/* The strings px_doc_pack moves; text and the cuts stay the doc's own. */
#define PACKED_FIELDS(d)                                                              \
    { &(d)->id, &(d)->path, &(d)->source, &(d)->title, &(d)->url, &(d)->published, \
      &(d)->author, &(d)->description, &(d)->updated }

static bool packed_field(const px_doc *d, char *const *field) {
    return d->packed && field != &d->text && field != &d->lead;
}

px_status px_doc_set(px_doc *d, char **field, const char *s, size_t n) {
    char *c = px_strndup(&d->al, s ? s : "", s ? n : 0);
    if (!c) return PX_ENOMEM;
    /* a packed doc's metadata lives in its owner's block, which cannot
     * take a replacement (nothing sets it: packed docs are dedup-only) */
    if (packed_field(d, field)) {
        px_free(&d->al, c);
        return PX_ESTATE;
    }
    if (*field != empty) px_free(&d->al, *field);
    *field = c;
    return PX_OK;
}

px_doc *px_doc_pack(px_doc *d, void *(*take)(void *ud, size_t n), void *ud) {
    if (d->packed) return d;
    char **f[] = PACKED_FIELDS(d);
    size_t len[PX_ARRAY_LEN(f)];
    size_t need = (sizeof *d + 15) & ~(size_t)15;
    for (size_t i = 0; i < PX_ARRAY_LEN(f); i++) {
        len[i] = *f[i] == empty ? 0 : strlen(*f[i]) + 1;
        need += len[i];
    }
    if (d->raw) need += d->raw_len + 1;
    char *b = take(ud, need);
    if (!b) return NULL;
    px_doc *nd = (px_doc *)(void *)b;
    *nd = *d;
    char *p = b + ((sizeof *d + 15) & ~(size_t)15);
    char **nf[] = PACKED_FIELDS(nd);
    for (size_t i = 0; i < PX_ARRAY_LEN(f); i++) {
        if (!len[i]) continue;
        memcpy(p, *f[i], len[i]);
        px_free(&d->al, *f[i]);
        *nf[i] = p;
        p += len[i];
    }
    if (d->raw) {
        memcpy(p, d->raw, d->raw_len + 1);
        px_free(&d->al, d->raw);
        nd->raw = p;
    }
    nd->packed = true;
    px_free(&d->al, d);
    return nd;
}

void px_tv_free(const px_allocator *al, px_tv *tv) {
    px_free(al, tv->term);
    px_free(al, tv->tf);
    tv->term = NULL;
    tv->tf = NULL;
    tv->n = 0;
}

void px_doc_free_features(px_doc *d) {
    px_free(&d->al, d->sig);
    d->sig = NULL;
    px_tv_free(&d->al, &d->body);
    px_tv_free(&d->al, &d->title_tv);
    px_tv_free(&d->al, &d->names);
    px_free(&d->al, d->lead);
    d->lead = NULL;
    d->analysed = false;
}

px_status px_doc_add_cut(px_doc *d, const char *text, size_t n, const char *reason) {
    if (d->ncuts % 8 == 0) {
        px_cut *c = px_realloc(&d->al, d->cuts, (d->ncuts + 8) * sizeof *c);
        if (!c) return PX_ENOMEM;
        d->cuts = c;
    }
    char *t = px_strndup(&d->al, text, n);
    if (!t) return PX_ENOMEM;
    d->cuts[d->ncuts].text = t;
    d->cuts[d->ncuts++].reason = reason;
    return PX_OK;
}

void px_doc_drop_text(px_doc *d) {
    if (d->text != empty) px_free(&d->al, d->text);
    d->text = empty;
    d->text_len = 0;
}

void px_doc_free(px_doc *d) {
    if (!d) return;
    if (d->packed) {
        px_doc_drop_text(d);
        for (size_t i = 0; i < d->ncuts; i++) px_free(&d->al, d->cuts[i].text);
        px_free(&d->al, d->cuts);
        px_doc_free_features(d);
        return;
    }
    char **f[] = {&d->id, &d->path, &d->source, &d->title, &d->url,
                  &d->published, &d->text, &d->updated, &d->author, &d->description};
    for (size_t i = 0; i < PX_ARRAY_LEN(f); i++)
        if (*f[i] != empty) px_free(&d->al, *f[i]);
    px_free(&d->al, d->raw);
    for (size_t i = 0; i < d->ncuts; i++) px_free(&d->al, d->cuts[i].text);
    px_free(&d->al, d->cuts);
    px_doc_free_features(d);
    px_allocator a = d->al;
    px_free(&a, d);
}

const char *px_doc_id(const px_doc *d) { return d->id; }
const char *px_doc_path(const px_doc *d) { return d->path; }
const char *px_doc_source(const px_doc *d) { return d->source; }
const char *px_doc_title(const px_doc *d) { return d->title; }
const char *px_doc_url(const px_doc *d) { return d->url; }
const char *px_doc_published(const px_doc *d) { return d->published; }
const char *px_doc_author(const px_doc *d) { return d->author; }
const char *px_doc_description(const px_doc *d) { return d->description; }
const char *px_doc_language(const px_doc *d) { return d->lang; }
const char *px_doc_updated(const px_doc *d) { return d->updated; }
size_t px_doc_cut_count(const px_doc *d) { return d->ncuts; }
const char *px_doc_cut(const px_doc *d, size_t i, const char **reason) {
    if (i >= d->ncuts) return NULL;
    if (reason) *reason = d->cuts[i].reason;
    return d->cuts[i].text;
}
int64_t px_doc_time(const px_doc *d) { return d->time; }
const char *px_doc_text(const px_doc *d, size_t *len) {
    if (len) *len = d->text_len;
    return d->text;
}

const char *px_strerror(px_status code) {
    switch (code) {
    case PX_OK: return "success";
    case PX_ENOMEM: return "out of memory";
    case PX_EINVAL: return "invalid argument";
    case PX_EIO: return "input/output error";
    case PX_EFORMAT: return "malformed input";
    case PX_EEMPTY: return "record has no text";
    case PX_EDUPID: return "duplicate id";
    case PX_ESTATE: return "invalid in this state";
    case PX_EUNSUPPORTED: return "unsupported format";
    case PX_EBUSY: return "busy (another writer holds the store)";
    }
    return "unknown status";
}

const char *px_version(void) { return PX_VERSION_STRING; }
