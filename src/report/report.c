/*
 * report.c - writers: the stories as JSON (the public contract in
 * docs/output-format.md) or as text, and the deduplicated corpus.
 *
 * Consumes a corpus after px_corpus_run or px_corpus_dedup through the
 * public accessors only, and produces bytes through a write callback, so
 * the caller decides where they go (a temporary file renamed into place,
 * a socket, memory). Output order is the corpus's, which is deterministic.
 */
#include "../common/doc.h"
#include "../corpus.h"

#include <stdarg.h>

#include <stdio.h>

typedef struct out {
    px_write_fn write;  /* sink */
    void *ud;           /* its user data */
    px_buf b;           /* pending bytes */
    px_status st;       /* first failure */
} out;

#define FLUSH_AT (1u << 16)

static void flush(out *o) {
    if (o->st == PX_OK && o->b.len && o->write(o->ud, o->b.p, o->b.len) != 0) o->st = PX_EIO;
    px_buf_clear(&o->b);
}

static void put(out *o, const char *s, size_t n) {
    if (o->st != PX_OK) return;
    if (px_buf_add(&o->b, s, n) != PX_OK) o->st = PX_ENOMEM;
    if (o->b.len >= FLUSH_AT) flush(o);
}

static void puts_(out *o, const char *s) { put(o, s, strlen(s)); }

static void putf(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(out *o, const char *fmt, ...) {
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string: quotes, backslashes and control characters escaped; the
 * text is valid UTF-8 already (ingest guarantees it). */
static void jstr(out *o, const char *s) {
    static const char hex[] = "0123456789abcdef";
    put(o, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
        put(o, run, (size_t)(s - run));
        run = s + 1;
        switch (ch) {
        case '"': put(o, "\\\"", 2); break;
        case '\\': put(o, "\\\\", 2); break;
        case '\n': put(o, "\\n", 2); break;
        case '\r': put(o, "\\r", 2); break;
        case '\t': put(o, "\\t", 2); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
            put(o, e, 6);
        }
        }
    }
    put(o, run, (size_t)(s - run));
    put(o, "\"", 1);
}

static px_status finish(out *o) {
    flush(o);
    px_buf_free(&o->b);
    return o->st;
}

static size_t count_sources(const px_corpus *c, size_t s, size_t *unknown) {
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

static void json_article(out *o, const px_corpus *c, size_t di) {
    const px_doc *d = px_corpus_doc(c, di);
    double sim;
    size_t dup = px_corpus_duplicate_of(c, di, &sim);
    puts_(o, "        {\"id\": ");
    jstr(o, d->id);
    puts_(o, ", \"path\": ");
    jstr(o, d->path);
    puts_(o, ", \"source\": ");
    jstr(o, d->source);
    puts_(o, ", \"title\": ");
    jstr(o, d->title);
    puts_(o, ", \"url\": ");
    jstr(o, d->url);
    puts_(o, ", \"published\": ");
    jstr(o, d->published);
    puts_(o, ", \"language\": ");
    jstr(o, d->lang);
    puts_(o, ", \"duplicate_of\": ");
    if (dup == PX_NONE) {
        puts_(o, "null, \"similarity\": null}");
    } else {
        jstr(o, px_corpus_doc(c, dup)->id);
        putf(o, ", \"similarity\": %.4f}", sim);
    }
}

static void write_json(out *o, const px_corpus *c) {
    px_stats st;
    px_corpus_stats(c, &st);
    puts_(o, "{\n  \"version\": 1,\n");
    putf(o, "  \"stats\": {\"articles\": %zu, \"skipped\": %zu, \"duplicates\": %zu, "
            "\"stories\": %zu},\n", st.docs, st.skipped, st.duplicates,
         px_corpus_story_count(c));
    puts_(o, "  \"stories\": [");
    size_t ns = px_corpus_story_count(c);
    for (size_t s = 0; s < ns; s++) {
        size_t unknown, nsrc = count_sources(c, s, &unknown);
        puts_(o, s ? ",\n    {\"id\": " : "\n    {\"id\": ");
        jstr(o, px_corpus_story_id(c, s));
        puts_(o, ", \"label\": ");
        jstr(o, px_corpus_story_label(c, s));
        putf(o, ", \"size\": %zu, \"sources\": %zu,\n      \"articles\": [\n",
             px_corpus_story_size(c, s), nsrc);
        for (size_t k = 0; k < px_corpus_story_size(c, s); k++) {
            if (k) puts_(o, ",\n");
            json_article(o, c, px_corpus_story_doc(c, s, k));
        }
        puts_(o, "\n      ],\n      \"entities\": [], \"quotes\": [], \"figures\": [], "
                 "\"framing\": [], \"summary\": [], \"removed\": []}");
    }
    puts_(o, ns ? "\n  ]\n}\n" : "]\n}\n");
}

/* The date part of an ISO 8601 time, or "----------" when unknown. */
static void date10(const px_doc *d, char out10[11]) {
    const char *p = d->published;
    if (d->time != PX_TIME_UNKNOWN && strlen(p) >= 10) {
        memcpy(out10, p, 10);
        out10[10] = '\0';
    } else {
        strcpy(out10, "unknown   ");
    }
}

static void write_text(out *o, const px_corpus *c) {
    size_t ns = px_corpus_story_count(c);
    for (size_t s = 0; s < ns; s++) {
        size_t n = px_corpus_story_size(c, s), unknown;
        size_t nsrc = count_sources(c, s, &unknown);
        const char *label = px_corpus_story_label(c, s);
        if (s) puts_(o, "\n");
        putf(o, "Story %zu [%s] ", s + 1, px_corpus_story_id(c, s));
        puts_(o, label[0] ? label : "(untitled)");
        putf(o, "\n  %zu article%s, %zu source%s", n, n == 1 ? "" : "s", nsrc,
             nsrc == 1 ? "" : "s");
        if (unknown) putf(o, " (%zu without source)", unknown);
        puts_(o, "\n");
        size_t width = 1; /* the source column fits the story's longest */
        for (size_t k = 0; k < n; k++) {
            size_t w = strlen(px_corpus_doc(c, px_corpus_story_doc(c, s, k))->source);
            if (w > width) width = w;
        }
        for (size_t k = 0; k < n; k++) {
            size_t di = px_corpus_story_doc(c, s, k);
            const px_doc *d = px_corpus_doc(c, di);
            char date[11];
            date10(d, date);
            putf(o, "  %s  ", date);
            const char *src = d->source[0] ? d->source : "-";
            puts_(o, src);
            for (size_t w = strlen(src); w < width; w++) put(o, " ", 1);
            puts_(o, "  ");
            puts_(o, d->title[0] ? d->title : d->id);
            double sim;
            size_t dup = px_corpus_duplicate_of(c, di, &sim);
            if (dup != PX_NONE) {
                puts_(o, "  [duplicate of ");
                puts_(o, px_corpus_doc(c, dup)->id);
                putf(o, ", %.2f]", sim);
            }
            puts_(o, "\n");
        }
    }
}

static void out_init(out *o, const px_corpus *c, px_write_fn write, void *ud) {
    o->write = write;
    o->ud = ud;
    o->st = PX_OK;
    px_buf_init(&o->b, px_corpus_allocator(c));
}

px_status px_corpus_write_stories(const px_corpus *c, px_report_format fmt,
                                  px_write_fn write, void *ud) {
    if (!c || !write) return PX_EINVAL;
    out o;
    out_init(&o, c, write, ud);
    if (fmt == PX_REPORT_JSON) write_json(&o, c);
    else if (fmt == PX_REPORT_TEXT) write_text(&o, c);
    else return PX_EINVAL;
    return finish(&o);
}

/* A record rebuilt from a non-JSON input (a .txt or .html article). */
static void json_record(out *o, const px_doc *d) {
    puts_(o, "{\"id\": ");
    jstr(o, d->id);
    puts_(o, ", \"url\": ");
    jstr(o, d->url);
    puts_(o, ", \"source\": ");
    jstr(o, d->source);
    puts_(o, ", \"title\": ");
    jstr(o, d->title);
    puts_(o, ", \"published\": ");
    jstr(o, d->published);
    if (d->lang[0]) {
        puts_(o, ", \"language\": ");
        jstr(o, d->lang);
    }
    puts_(o, ", \"text\": ");
    jstr(o, d->text);
    puts_(o, "}\n");
}

px_status px_corpus_write_dedup(const px_corpus *c, px_write_fn write, void *ud) {
    if (!c || !write) return PX_EINVAL;
    out o;
    out_init(&o, c, write, ud);
    for (size_t i = 0; i < px_corpus_doc_count(c); i++) {
        if (px_corpus_duplicate_of(c, i, NULL) != PX_NONE) continue;
        const px_doc *d = px_corpus_doc(c, i);
        if (d->raw) {
            put(&o, d->raw, d->raw_len);
            put(&o, "\n", 1);
        } else {
            json_record(&o, d);
        }
    }
    return finish(&o);
}

px_status px_corpus_write_pairs(const px_corpus *c, px_write_fn write, void *ud) {
    if (!c || !write) return PX_EINVAL;
    out o;
    out_init(&o, c, write, ud);
    puts_(&o, "removed\toriginal\tjaccard\n");
    for (size_t i = 0; i < px_corpus_doc_count(c); i++) {
        double sim;
        size_t dup = px_corpus_duplicate_of(c, i, &sim);
        if (dup == PX_NONE) continue;
        puts_(&o, px_corpus_doc(c, i)->id);
        put(&o, "\t", 1);
        puts_(&o, px_corpus_doc(c, dup)->id);
        putf(&o, "\t%.4f\n", sim);
    }
    return finish(&o);
}
