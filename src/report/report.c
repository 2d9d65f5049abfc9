/*
 * report.c - the writers' common machinery, the stories as JSON (the public
 * contract in docs/output-format.md), the deduplicated corpus, and the
 * entry points of every report format.
 *
 * Consumes a corpus after px_corpus_run or px_corpus_dedup through the
 * public accessors, plus each story's comparison (src/compare/compare.h,
 * reached through px_corpus_story_cmp), and produces bytes through a write
 * callback, so the caller decides where they go (a temporary file renamed
 * into place, a socket, memory). Output order is the corpus's and the
 * comparison's, both deterministic. A story without a comparison is written
 * exactly as before the comparison stage existed.
 */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <strings.h>
#include <time.h>

#include <utf8proc.h>

/* ---- the sink ---- */

#define FLUSH_AT (1u << 16)

static void flush(rp_out *o) {
    if (o->st == PX_OK && o->b.len && o->write(o->ud, o->b.p, o->b.len) != 0) o->st = PX_EIO;
    px_buf_clear(&o->b);
}

void rp_put(rp_out *o, const char *s, size_t n) {
    if (o->st != PX_OK) return;
    if (px_buf_add(&o->b, s, n) != PX_OK) o->st = PX_ENOMEM;
    if (o->b.len >= FLUSH_AT) flush(o);
}

void rp_puts(rp_out *o, const char *s) { rp_put(o, s, strlen(s)); }

void rp_putf(rp_out *o, const char *fmt, ...) {
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) rp_put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string: quotes, backslashes and control characters escaped; the
 * text is valid UTF-8 already (ingest guarantees it). */
void rp_json_str(rp_out *o, const char *s) {
    static const char hex[] = "0123456789abcdef";
    rp_put(o, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
        rp_put(o, run, (size_t)(s - run));
        run = s + 1;
        switch (ch) {
        case '"': rp_put(o, "\\\"", 2); break;
        case '\\': rp_put(o, "\\\\", 2); break;
        case '\n': rp_put(o, "\\n", 2); break;
        case '\r': rp_put(o, "\\r", 2); break;
        case '\t': rp_put(o, "\\t", 2); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
            rp_put(o, e, 6);
        }
        }
    }
    rp_put(o, run, (size_t)(s - run));
    rp_put(o, "\"", 1);
}

static void out_init(rp_out *o, const px_corpus *c, px_write_fn write, void *ud) {
    o->write = write;
    o->ud = ud;
    o->st = PX_OK;
    px_buf_init(&o->b, px_corpus_allocator(c));
}

static px_status finish(rp_out *o) {
    flush(o);
    px_buf_free(&o->b);
    return o->st;
}

/* ---- stories and helpers ---- */

void rp_story_init(const rp_ctx *x, size_t s, rp_story *st) {
    st->c = x->c;
    st->s = s;
    st->n = px_corpus_story_size(x->c, s);
    st->cs = x->cmp ? x->cmp[s] : px_corpus_story_cmp(x->c, s);
    /* every index below is story-local, so a comparison of another set of
       articles cannot be shown */
    if (st->cs && st->cs->ndocs != st->n) st->cs = NULL;
}

const px_doc *rp_doc(const rp_story *st, size_t k) {
    return px_corpus_doc(st->c, px_corpus_story_doc(st->c, st->s, k));
}

const char *rp_name(const rp_story *st, size_t k) {
    const px_doc *d = rp_doc(st, k);
    return d->source[0] ? d->source : d->id;
}

size_t rp_count_sources(const px_corpus *c, size_t s, size_t *unknown) {
    size_t n = px_corpus_story_size(c, s), k = 0;
    *unknown = 0;
    for (size_t i = 0; i < n; i++) {
        const char *src = px_doc_source(px_corpus_doc(c, px_corpus_story_doc(c, s, i)));
        if (!src[0]) {
            (*unknown)++;
            continue;
        }
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(src, px_doc_source(px_corpus_doc(c, px_corpus_story_doc(c, s, j)))) == 0;
        k += !seen;
    }
    return k;
}

size_t rp_count_names(const rp_story *st, const size_t *doc, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (doc[i] >= st->n) continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = doc[j] < st->n && strcmp(rp_name(st, doc[i]), rp_name(st, doc[j])) == 0;
        k += !seen;
    }
    return k;
}

size_t rp_widthn(const char *s, size_t len) {
    size_t w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + len;
    while (p < end) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, end - p, &cp);
        if (n <= 0) { /* not UTF-8 after all: one column per byte */
            w++;
            p++;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        p += n;
    }
    return w;
}

size_t rp_width(const char *s) { return rp_widthn(s, strlen(s)); }

bool rp_fv_same(const cmp_fvalue *a, const cmp_fvalue *b) {
    /* "50 basis points" and "half a percentage point" agree, and a reader
     * is shown both ways of saying it */
    if ((a->unit || b->unit) && strcmp(a->value, b->value) != 0) return false;
    return a->num == b->num && strcmp(a->qualifier, b->qualifier) == 0;
}

bool rp_fv_lead(const cmp_figure *f, size_t j) {
    for (size_t i = 0; i < j; i++)
        if (rp_fv_same(&f->v[i], &f->v[j])) return false;
    return true;
}

bool rp_fv_name_lead(const rp_story *st, const cmp_figure *f, size_t j, size_t jj) {
    if (f->v[jj].doc >= st->n || !rp_fv_same(&f->v[j], &f->v[jj])) return false;
    for (size_t i = j; i < jj; i++)
        if (f->v[i].doc < st->n && rp_fv_same(&f->v[j], &f->v[i]) &&
            strcmp(rp_name(st, f->v[i].doc), rp_name(st, f->v[jj].doc)) == 0)
            return false;
    return true;
}

void rp_join_names(const rp_story *st, const size_t *doc, size_t n,
                   void (*put)(void *ud, const char *piece, bool is_name), void *ud) {
    size_t total = rp_count_names(st, doc, n), said = 0;
    for (size_t i = 0; i < n; i++) {
        if (doc[i] >= st->n) continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = doc[j] < st->n && strcmp(rp_name(st, doc[i]), rp_name(st, doc[j])) == 0;
        if (seen) continue;
        if (said) put(ud, said + 1 == total ? " and " : ", ", false);
        put(ud, rp_name(st, doc[i]), true);
        said++;
    }
}

void rp_figure_values(const rp_story *st, const cmp_figure *f, const rp_fv_writer *w) {
    size_t nth = 0;
    for (size_t j = 0; j < f->nv; j++) {
        if (!rp_fv_lead(f, j)) continue;
        w->value(w->ud, nth++, rp_qual_shown(&f->v[j]) ? f->v[j].qualifier : NULL,
                 f->v[j].value);
        size_t names = 0;
        for (size_t jj = j; jj < f->nv; jj++)
            if (rp_fv_name_lead(st, f, j, jj)) w->name(w->ud, names++, rp_name(st, f->v[jj].doc));
        w->end(w->ud);
    }
}

cmp_figure rp_figure_expected(const cmp_figure *f) {
    cmp_figure x = *f;
    x.v = f->expect;
    x.nv = f->nexpect;
    x.expect = NULL;
    x.nexpect = 0;
    return x;
}

void rp_date10(const px_doc *d, char out10[11]) {
    const char *p = d->published;
    if (d->time != PX_TIME_UNKNOWN && strlen(p) >= 10) {
        memcpy(out10, p, 10);
        out10[10] = '\0';
    } else {
        strcpy(out10, "unknown   ");
    }
}

void rp_datetime(int64_t t, char out17[17]) {
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
        strcpy(out17, "(out of range)  ");
        return;
    }
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min);
    memcpy(out17, tmp, 16);
    out17[16] = '\0';
}

bool rp_is_web_url(const char *s) {
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

/* ---- JSON ---- */

static void json_article(rp_out *o, const px_corpus *c, size_t di) {
    const px_doc *d = px_corpus_doc(c, di);
    double sim;
    size_t dup = px_corpus_duplicate_of(c, di, &sim);
    rp_puts(o, "        {\"id\": ");
    rp_json_str(o, d->id);
    rp_puts(o, ", \"path\": ");
    rp_json_str(o, d->path);
    rp_puts(o, ", \"source\": ");
    rp_json_str(o, d->source);
    rp_puts(o, ", \"title\": ");
    rp_json_str(o, d->title);
    rp_puts(o, ", \"url\": ");
    rp_json_str(o, d->url);
    rp_puts(o, ", \"published\": ");
    rp_json_str(o, d->published);
    rp_puts(o, ", \"language\": ");
    rp_json_str(o, d->lang);
    rp_puts(o, ", \"updated\": ");
    rp_json_str(o, d->updated);
    rp_puts(o, ", \"duplicate_of\": ");
    if (dup == PX_NONE) {
        rp_puts(o, "null, \"similarity\": null}");
    } else {
        rp_json_str(o, px_corpus_doc(c, dup)->id);
        rp_putf(o, ", \"similarity\": %.4f}", sim);
    }
}

/* The id of article k, or "" for an index outside the story (a
 * comparison that does not match its story is dropped before, so this only
 * guards against a defect elsewhere). */
static void json_ref(rp_out *o, const rp_story *st, size_t k) {
    rp_json_str(o, k < st->n ? rp_doc(st, k)->id : "");
}

static void json_refs(rp_out *o, const rp_story *st, const size_t *k, size_t n) {
    rp_put(o, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i) rp_puts(o, ", ");
        json_ref(o, st, k[i]);
    }
    rp_put(o, "]", 1);
}

static void json_strs(rp_out *o, const char *const *s, size_t n) {
    rp_put(o, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i) rp_puts(o, ", ");
        rp_json_str(o, s[i]);
    }
    rp_put(o, "]", 1);
}

/* A number as JSON: integers without a fraction, others with as many
 * digits as they need; JSON has no NaN or infinity, so those give null. */
static void json_num(rp_out *o, double v) {
    if (!isfinite(v)) rp_puts(o, "null");
    else if (v == floor(v) && fabs(v) < 1e15) rp_putf(o, "%.0f", v);
    else rp_putf(o, "%.15g", v);
}

/* The elements of a figure's "values" or "expected". */
static void json_fvalues(rp_out *o, const rp_story *st, const cmp_fvalue *vs, size_t n) {
    for (size_t j = 0; j < n; j++) {
        const cmp_fvalue *v = &vs[j];
        rp_puts(o, j ? ",\n          {\"value\": " : "\n          {\"value\": ");
        json_num(o, v->num);
        rp_puts(o, ", \"shown\": ");
        rp_json_str(o, v->value);
        rp_puts(o, ", \"qualifier\": ");
        rp_json_str(o, v->qualifier);
        rp_puts(o, ", \"article\": ");
        json_ref(o, st, v->doc);
        rp_puts(o, ", \"sentence\": ");
        rp_json_str(o, v->sentence);
        rp_put(o, "}", 1);
    }
}

/* Opens array `name` of a story: "[]" when empty, else one element per
 * line follows. Returns whether elements follow. */
static bool json_open(rp_out *o, const char *name, size_t n) {
    rp_puts(o, ",\n      \"");
    rp_puts(o, name);
    rp_puts(o, n ? "\": [\n" : "\": []");
    return n > 0;
}

static void json_close(rp_out *o) { rp_puts(o, "\n      ]"); }

static void json_elem(rp_out *o, size_t i) { rp_puts(o, i ? ",\n        " : "        "); }

static void json_comparison(rp_out *o, const rp_story *st) {
    const cmp_story *cs = st->cs;
    if (json_open(o, "entities", cs->nent)) {
        for (size_t i = 0; i < cs->nent; i++) {
            const cmp_entity *e = &cs->ent[i];
            json_elem(o, i);
            rp_puts(o, "{\"name\": ");
            rp_json_str(o, e->name);
            rp_puts(o, ", \"type\": ");
            rp_json_str(o, cmp_type_name(e->type));
            rp_puts(o, ", \"aliases\": ");
            json_strs(o, e->alias, e->nalias);
            rp_puts(o, ", \"articles\": ");
            json_refs(o, st, e->doc, e->ndoc);
            rp_put(o, "}", 1);
        }
        json_close(o);
    }
    if (json_open(o, "quotes", cs->nquote)) {
        for (size_t i = 0; i < cs->nquote; i++) {
            const cmp_quote *q = &cs->quote[i];
            json_elem(o, i);
            rp_puts(o, "{\"speaker\": ");
            rp_json_str(o, q->speaker);
            rp_puts(o, ", \"text\": ");
            rp_json_str(o, q->text);
            rp_puts(o, ", \"article\": ");
            json_ref(o, st, q->doc);
            rp_put(o, "}", 1);
        }
        json_close(o);
    }
    if (json_open(o, "figures", cs->nfig)) {
        for (size_t i = 0; i < cs->nfig; i++) {
            const cmp_figure *f = &cs->fig[i];
            json_elem(o, i);
            rp_puts(o, "{\"subject\": ");
            rp_json_str(o, f->subject);
            rp_puts(o, ", \"values\": [");
            json_fvalues(o, st, f->v, f->nv);
            rp_puts(o, f->nv ? "],\n         \"conflict\": " : "], \"conflict\": ");
            rp_puts(o, f->conflict ? "true" : "false");
            rp_puts(o, ", \"expected\": [");
            json_fvalues(o, st, f->expect, f->nexpect);
            rp_puts(o, "]}");
        }
        json_close(o);
    }
    if (json_open(o, "framing", cs->nframe)) {
        for (size_t i = 0; i < cs->nframe; i++) {
            const cmp_frame *f = &cs->frame[i];
            json_elem(o, i);
            rp_puts(o, "{\"entity\": ");
            rp_json_str(o, f->entity);
            rp_puts(o, ", \"descriptors\": [");
            for (size_t j = 0; j < f->nd; j++) {
                rp_puts(o, j ? ",\n          {\"article\": " : "\n          {\"article\": ");
                json_ref(o, st, f->d[j].doc);
                rp_puts(o, ", \"terms\": ");
                json_strs(o, f->d[j].term, f->d[j].nterm);
                rp_put(o, "}", 1);
            }
            rp_puts(o, "]}");
        }
        json_close(o);
    }
    if (json_open(o, "summary", cs->nsum)) {
        for (size_t i = 0; i < cs->nsum; i++) {
            const cmp_sent *s = &cs->sum[i];
            json_elem(o, i);
            rp_puts(o, "{\"sentence\": ");
            rp_json_str(o, s->text);
            rp_puts(o, ", \"from\": ");
            json_ref(o, st, s->from);
            rp_puts(o, ", \"articles\": ");
            json_refs(o, st, s->doc, s->ndoc);
            rp_put(o, "}", 1);
        }
        json_close(o);
    }
    if (json_open(o, "unique", cs->nuniq)) {
        for (size_t i = 0; i < cs->nuniq; i++) {
            const cmp_unique *u = &cs->uniq[i];
            json_elem(o, i);
            rp_puts(o, "{\"article\": ");
            json_ref(o, st, u->doc);
            rp_puts(o, ", \"sentences\": ");
            json_strs(o, u->sent, u->nsent);
            rp_put(o, "}", 1);
        }
        json_close(o);
    }
    if (json_open(o, "removed", cs->nremoved)) {
        for (size_t i = 0; i < cs->nremoved; i++) {
            const cmp_removed *r = &cs->removed[i];
            json_elem(o, i);
            rp_puts(o, "{\"article\": ");
            json_ref(o, st, r->doc);
            rp_puts(o, ", \"text\": ");
            rp_json_str(o, r->text);
            rp_puts(o, ", \"reason\": ");
            rp_json_str(o, r->reason);
            rp_put(o, "}", 1);
        }
        json_close(o);
    }
    rp_put(o, "}", 1);
}

void rp_write_json(rp_out *o, const rp_ctx *x) {
    const px_corpus *c = x->c;
    px_stats st;
    px_corpus_stats(c, &st);
    rp_puts(o, "{\n  \"version\": 1,\n");
    rp_putf(o, "  \"stats\": {\"articles\": %zu, \"skipped\": %zu, \"duplicates\": %zu, "
               "\"stories\": %zu},\n", st.docs, st.skipped, st.duplicates,
            px_corpus_story_count(c));
    rp_puts(o, "  \"stories\": [");
    size_t ns = px_corpus_story_count(c);
    for (size_t s = 0; s < ns; s++) {
        rp_story sy;
        rp_story_init(x, s, &sy);
        size_t unknown, nsrc = rp_count_sources(c, s, &unknown);
        rp_puts(o, s ? ",\n    {\"id\": " : "\n    {\"id\": ");
        rp_json_str(o, px_corpus_story_id(c, s));
        rp_puts(o, ", \"label\": ");
        rp_json_str(o, px_corpus_story_label(c, s));
        rp_putf(o, ", \"size\": %zu, \"sources\": %zu,\n      \"articles\": [\n", sy.n, nsrc);
        for (size_t k = 0; k < sy.n; k++) {
            if (k) rp_puts(o, ",\n");
            json_article(o, c, px_corpus_story_doc(c, s, k));
        }
        if (sy.cs) {
            rp_puts(o, "\n      ]");
            json_comparison(o, &sy);
        } else {
            rp_puts(o, "\n      ],\n      \"entities\": [], \"quotes\": [], \"figures\": [], "
                       "\"framing\": [], \"summary\": [], \"removed\": []}");
        }
    }
    rp_puts(o, ns ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---- entry points ---- */

px_status rp_write_stories(const px_corpus *c, px_report_format fmt, unsigned flags,
                           const cmp_story *const *cmp, px_write_fn write, void *ud) {
    if (!c || !write || (flags & ~PX_WRITE_COLOR)) return PX_EINVAL;
    if (fmt != PX_REPORT_TEXT && fmt != PX_REPORT_JSON && fmt != PX_REPORT_MARKDOWN &&
        fmt != PX_REPORT_HTML)
        return PX_EINVAL;
    rp_ctx x = {c, cmp, flags};
    rp_out o;
    out_init(&o, c, write, ud);
    switch (fmt) {
    case PX_REPORT_JSON: rp_write_json(&o, &x); break;
    case PX_REPORT_MARKDOWN: rp_write_md(&o, &x); break;
    case PX_REPORT_HTML: rp_write_html(&o, &x); break;
    default: rp_write_text(&o, &x); break;
    }
    return finish(&o);
}

px_status px_corpus_write_report(const px_corpus *c, px_report_format fmt, unsigned flags,
                                 px_write_fn write, void *ud) {
    return rp_write_stories(c, fmt, flags, NULL, write, ud);
}

px_status px_corpus_write_stories(const px_corpus *c, px_report_format fmt,
                                  px_write_fn write, void *ud) {
    return rp_write_stories(c, fmt, 0, NULL, write, ud);
}

/* ---- the deduplicated corpus ---- */

/* A record rebuilt from a non-JSON input (a .txt or .html article). */
static void json_record(rp_out *o, const px_doc *d) {
    rp_puts(o, "{\"id\": ");
    rp_json_str(o, d->id);
    rp_puts(o, ", \"url\": ");
    rp_json_str(o, d->url);
    rp_puts(o, ", \"source\": ");
    rp_json_str(o, d->source);
    rp_puts(o, ", \"title\": ");
    rp_json_str(o, d->title);
    rp_puts(o, ", \"published\": ");
    rp_json_str(o, d->published);
    if (d->lang[0]) {
        rp_puts(o, ", \"language\": ");
        rp_json_str(o, d->lang);
    }
    rp_puts(o, ", \"text\": ");
    rp_json_str(o, d->text);
    rp_puts(o, "}\n");
}

px_status px_corpus_write_dedup(const px_corpus *c, px_write_fn write, void *ud) {
    if (!c || !write) return PX_EINVAL;
    rp_out o;
    out_init(&o, c, write, ud);
    for (size_t i = 0; i < px_corpus_doc_count(c); i++) {
        if (px_corpus_duplicate_of(c, i, NULL) != PX_NONE) continue;
        const px_doc *d = px_corpus_doc(c, i);
        if (d->raw) {
            rp_put(&o, d->raw, d->raw_len);
            rp_put(&o, "\n", 1);
        } else {
            json_record(&o, d);
        }
    }
    return finish(&o);
}

px_status px_corpus_write_pairs(const px_corpus *c, px_write_fn write, void *ud) {
    if (!c || !write) return PX_EINVAL;
    rp_out o;
    out_init(&o, c, write, ud);
    rp_puts(&o, "removed\toriginal\tjaccard\n");
    for (size_t i = 0; i < px_corpus_doc_count(c); i++) {
        double sim;
        size_t dup = px_corpus_duplicate_of(c, i, &sim);
        if (dup == PX_NONE) continue;
        rp_puts(&o, px_corpus_doc(c, i)->id);
        rp_put(&o, "\t", 1);
        rp_puts(&o, px_corpus_doc(c, dup)->id);
        rp_putf(&o, "\t%.4f\n", sim);
    }
    return finish(&o);
}
