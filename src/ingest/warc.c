/*
 * warc.c - WARC files (ISO 28500: WARC/1.0 and 1.1) to one doc per HTML
 * response.
 *
 * Consumes the plain (inflated) bytes of one WARC file in chunks split
 * anywhere; produces events: an article, a damaged record with its
 * "record N (offset X): reason", or a record that is no article (warcinfo,
 * request, metadata, revisit, non-HTML or non-2xx responses), which the
 * caller counts without reporting.
 *
 * Method: a state machine over the bytes - header (up to a blank line),
 * block (Content-Length bytes), then blank lines up to the next "WARC/".
 * Only the block of a response record is kept, and only while its HTTP
 * header says HTML; other blocks are skipped as they stream past, so
 * memory is bounded by the largest HTML page kept (capped at IG_MAX_LINE)
 * whatever the file's size. A record is handed out only once the next
 * record's "WARC/" (or the end of the input) confirms its Content-Length:
 * when something else follows, the length lied and the record is reported;
 * so is a block that runs past the end of the file or, in a file gzipped
 * per record, past the end of its gzip member (the next member starting
 * with "WARC/" shows it). After damage the scanner resynchronises on the
 * next line or gzip member that starts with "WARC/".
 *
 * The HTTP response in a kept block: status line and headers stripped,
 * chunked transfer encoding undone, gzip content encoding inflated, the
 * charset of Content-Type converted to UTF-8; the page then goes through
 * ig_html_record. WARC-Target-URI gives the url (and the id, and the
 * source host when the page names no site), WARC-Date the published time
 * when the page gives none, WARC-Record-ID the id when there is no URI.
 *
 * Offsets in messages: in a plain file, the record's byte offset; in a
 * gzip file, the offset of the gzip member the record begins (exactly
 * what Common Crawl's indexes give for files gzipped per record), or the
 * uncompressed offset for a record that begins inside a member.
 */
#include "ingest.h"

#include <stdio.h>

enum { W_SEEK, W_HEADER, W_BLOCK, W_RESYNC };

/* The longest WARC header, and the part of a block in which the HTTP
 * header must end. */
#define MAX_HEADER ((size_t)64 << 10)

static const char magic[] = "WARC/";

struct ig_warc {
    px_allocator al;
    ig_src src;
    int state;

    uint64_t pos;          /* plain bytes consumed */
    unsigned long recno;   /* records begun (1-based numbers) */
    bool gz;               /* the input is gzip (a member was announced) */
    uint64_t member_plain; /* plain offset where the current member began */
    uint64_t member_raw;   /* raw offset of the current member */

    px_buf hdr;            /* the header being read */
    uint64_t hdr_start;    /* its plain offset */
    bool hdr_member;       /* it began a gzip member */
    uint64_t hdr_raw;      /* that member's raw offset */

    /* the record whose header was read last */
    uint64_t rec_off;      /* offset as reported */
    uint64_t rec_plain;    /* plain offset where it began */
    bool rec_member;       /* rec_off is a member's raw offset */
    bool rec_uncomp;       /* rec_off is an uncompressed offset */
    uint64_t clen;         /* its Content-Length */
    uint64_t left;         /* block bytes still to come */
    bool keep;             /* its block is being kept */
    bool decided;          /* its HTTP header has been looked at */
    bool too_big;          /* its block exceeded IG_MAX_LINE */
    bool not_article;      /* it is a record of no interest */
    px_buf block, uri, date, recid;
    bool pending;          /* the record is complete, awaiting confirmation */
    unsigned member_check; /* bytes of a new member matched against magic */
    bool checking;         /* a member began inside this block */
    unsigned trail_nl;     /* line ends seen after the pending block */
    bool garbage_due;      /* bytes that are no record follow a good one */

    unsigned match;        /* resync: bytes of magic matched */
    bool bol;              /* resync: at the beginning of a line */
    bool quiet;            /* damage reported, no record since */
    int end_stage;         /* ig_warc_end's progress */
    bool any;              /* any non-blank byte was seen */
    px_buf why;            /* the last event's message */
    px_buf tmp;            /* scratch for reasons */
};

ig_warc *ig_warc_new(const ig_src *src, const px_allocator *al) {
    px_allocator a;
    px_alloc_init(&a, al);
    ig_warc *w = px_calloc(&a, 1, sizeof *w);
    if (!w) return NULL;
    w->al = a;
    w->src = *src;
    w->state = W_SEEK;
    px_buf *bufs[] = {&w->hdr, &w->block, &w->uri, &w->date, &w->recid, &w->why, &w->tmp};
    for (size_t k = 0; k < PX_ARRAY_LEN(bufs); k++) px_buf_init(bufs[k], &w->al);
    return w;
}

void ig_warc_free(ig_warc *w) {
    if (!w) return;
    px_buf *bufs[] = {&w->hdr, &w->block, &w->uri, &w->date, &w->recid, &w->why, &w->tmp};
    for (size_t k = 0; k < PX_ARRAY_LEN(bufs); k++) px_buf_free(bufs[k]);
    px_allocator a = w->al;
    px_free(&a, w);
}

const char *ig_warc_why(const ig_warc *w) { return w->why.p ? w->why.p : ""; }
unsigned long ig_warc_records(const ig_warc *w) { return w->recno; }

void ig_warc_member(ig_warc *w, uint64_t off) {
    w->gz = true;
    w->member_plain = w->pos;
    w->member_raw = off;
    if (w->state == W_RESYNC) {
        w->bol = true;
        w->match = 0;
    } else if (w->state == W_BLOCK && w->rec_member) {
        /* a record gzipped alone should end with its member: watch whether
         * the next member is a record */
        w->checking = true;
        w->member_check = 0;
    }
}

/* ---- messages ---- */

/* Writes "record N (offset X): " + reason into w->why; returns the event. */
static px_status say(ig_warc *w, unsigned long rec, uint64_t off, bool uncomp,
                     const char *reason, ig_warc_ev *ev) {
    px_buf_clear(&w->why);
    PX_TRY(px_buf_printf(&w->why, "record %lu (%soffset %llu): %s", rec,
                         uncomp ? "uncompressed " : "", (unsigned long long)off, reason));
    *ev = IG_WARC_BAD;
    return PX_OK;
}

static px_status say_rec(ig_warc *w, const char *reason, ig_warc_ev *ev) {
    return say(w, w->recno, w->rec_off, w->rec_uncomp, reason, ev);
}

/* Forgets the record last read. */
static void drop_record(ig_warc *w) {
    px_buf_free(&w->block); /* give a large page's memory back now */
    px_buf_clear(&w->uri);
    px_buf_clear(&w->date);
    px_buf_clear(&w->recid);
    w->pending = w->keep = w->decided = w->too_big = w->not_article = w->checking = false;
    w->trail_nl = 0;
}

static void resync(ig_warc *w, bool bol) {
    drop_record(w);
    w->state = W_RESYNC;
    w->match = 0;
    w->bol = bol;
}

/* ---- header fields (WARC and HTTP alike) ---- */

static bool ieq_n(const char *a, size_t n, const char *b) {
    if (strlen(b) != n) return false;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != b[i]) return false;
    }
    return true;
}

/* Finds "Name: value" (name lowercase) among the lines of h[0..n) after
 * the first; the value trimmed. */
static bool hfield(const char *h, size_t n, const char *name, const char **v, size_t *vn) {
    const char *nl = memchr(h, '\n', n);
    size_t i = nl ? (size_t)(nl - h) + 1 : n;
    while (i < n) {
        const char *e = memchr(h + i, '\n', n - i);
        size_t end = e ? (size_t)(e - h) : n;
        const char *colon = memchr(h + i, ':', end - i);
        if (colon && ieq_n(h + i, (size_t)(colon - h) - i, name)) {
            const char *s = colon + 1;
            size_t k = (size_t)(h + end - s);
            while (k && (*s == ' ' || *s == '\t')) s++, k--;
            while (k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r')) k--;
            *v = s;
            *vn = k;
            return true;
        }
        i = end + 1;
    }
    return false;
}

static bool starts_ci(const char *s, size_t n, const char *p) {
    size_t k = strlen(p);
    return n >= k && ieq_n(s, k, p);
}

/* The end of an HTTP or WARC header in s: the index after its blank line. */
static size_t header_end(const char *s, size_t n) {
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '\n') continue;
        if (s[i + 1] == '\n') return i + 2;
        if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') return i + 3;
    }
    return 0;
}

static bool parse_u64(const char *s, size_t n, uint64_t *v) {
    if (n == 0 || n > 19) return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        x = x * 10 + (uint64_t)(s[i] - '0');
    }
    *v = x;
    return true;
}

/* Reads the WARC header in w->hdr; an event when the record is damaged. */
static px_status header_done(ig_warc *w, ig_warc_ev *ev) {
    const char *h = w->hdr.p;
    size_t n = w->hdr.len, vn;
    const char *v;
    if (!hfield(h, n, "content-length", &v, &vn) || !parse_u64(v, vn, &w->clen)) {
        resync(w, true);
        return say_rec(w, "no valid Content-Length in the WARC header", ev);
    }
    bool response = hfield(h, n, "warc-type", &v, &vn) && ieq_n(v, vn, "response");
    bool http = !hfield(h, n, "content-type", &v, &vn) || starts_ci(v, vn, "application/http");
    w->keep = response && http && w->clen > 0;
    w->not_article = !w->keep;
    if (w->keep) {
        if (hfield(h, n, "warc-target-uri", &v, &vn)) {
            if (vn >= 2 && v[0] == '<' && v[vn - 1] == '>') v++, vn -= 2; /* WARC/1.0 draft style */
            PX_TRY(px_buf_add(&w->uri, v, vn));
        }
        if (hfield(h, n, "warc-date", &v, &vn)) PX_TRY(px_buf_add(&w->date, v, vn));
        if (hfield(h, n, "warc-record-id", &v, &vn)) {
            if (vn >= 2 && v[0] == '<' && v[vn - 1] == '>') v++, vn -= 2;
            PX_TRY(px_buf_add(&w->recid, v, vn));
        }
    }
    w->left = w->clen;
    w->state = W_BLOCK;
    if (w->left == 0) {
        w->pending = true;
        w->state = W_SEEK;
    }
    return PX_OK;
}

/* The HTTP response of a kept block: whether it is an HTML page worth
 * reading; *hlen receives the header's length. */
static bool http_is_page(const char *s, size_t n, size_t *hlen) {
    *hlen = header_end(s, n);
    if (!*hlen || !starts_ci(s, n, "http/")) return false;
    const char *sp = memchr(s, ' ', *hlen);
    if (!sp || (size_t)(sp - s) + 4 > *hlen || sp[1] != '2') return false;
    const char *v;
    size_t vn;
    if (!hfield(s, *hlen, "content-type", &v, &vn)) return true; /* sniffed later */
    return starts_ci(v, vn, "text/html") || starts_ci(v, vn, "application/xhtml+xml");
}

/* Looks at the HTTP header once enough of the block is in: a block that
 * is no HTML page is not kept. */
static void decide(ig_warc *w) {
    size_t hlen;
    if (w->decided || (!header_end(w->block.p, w->block.len) && w->left &&
                       w->block.len < MAX_HEADER))
        return;
    w->decided = true;
    if (!http_is_page(w->block.p, w->block.len, &hlen) && header_end(w->block.p, w->block.len)) {
        w->keep = false;
        w->not_article = true;
        px_buf_free(&w->block);
    }
}

/* ---- the HTTP body ---- */

/* Undoes chunked transfer encoding; a broken or cut-off chunk ends the
 * body (crawlers cut long transfers), what came before stands. */
static px_status dechunk(const char *s, size_t n, px_buf *out) {
    size_t i = 0;
    while (i < n) {
        uint64_t size = 0;
        size_t digits = 0;
        for (; i < n && digits < 16; i++, digits++) {
            char c = s[i];
            int d = c >= '0' && c <= '9' ? c - '0'
                    : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (d < 0) break;
            size = size * 16 + (uint64_t)d;
        }
        if (!digits) break;
        const char *nl = memchr(s + i, '\n', n - i);
        if (!nl || size == 0) break;
        i = (size_t)(nl - s) + 1;
        size_t take = (size_t)PX_MIN(size, (uint64_t)(n - i));
        PX_TRY(px_buf_add(out, s + i, take));
        i += take;
        if (i < n && s[i] == '\r') i++;
        if (i < n && s[i] == '\n') i++;
    }
    return PX_OK;
}

/* The charset parameter of a Content-Type value, unless UTF-8. */
static bool charset_param(const char *v, size_t vn, char out[40]) {
    for (size_t i = 0; i + 8 <= vn; i++) {
        if (!ieq_n(v + i, 8, "charset=")) continue;
        size_t j = i + 8, k = 0;
        if (j < vn && (v[j] == '"' || v[j] == '\'')) j++;
        while (j < vn && k < 39 && v[j] != '"' && v[j] != '\'' && v[j] != ';' && v[j] != ' ')
            out[k++] = v[j++];
        out[k] = '\0';
        return k && !ieq_n(out, k, "utf-8") && !ieq_n(out, k, "utf8");
    }
    return false;
}

/* The page bytes of a kept block, decoded into page; a reason in why when
 * they cannot be had. */
static px_status http_body(ig_warc *w, px_buf *page, const char **why) {
    const char *s = w->block.p ? w->block.p : "";
    size_t n = w->block.len, hlen;
    *why = NULL;
    if (!http_is_page(s, n, &hlen)) {
        *why = "malformed HTTP response";
        return PX_OK;
    }
    const char *v;
    size_t vn;
    px_buf a, b;
    px_buf_init(&a, &w->al);
    px_buf_init(&b, &w->al);
    const char *body = s + hlen;
    size_t bn = n - hlen;
    px_status st = PX_OK;
    if (hfield(s, hlen, "transfer-encoding", &v, &vn) && starts_ci(v, vn, "chunked")) {
        st = dechunk(body, bn, &a);
        body = a.p ? a.p : "";
        bn = a.len;
    }
    if (st == PX_OK && hfield(s, hlen, "content-encoding", &v, &vn) && vn &&
        !ieq_n(v, vn, "identity")) {
        if (ieq_n(v, vn, "gzip") || ieq_n(v, vn, "x-gzip")) {
            if (ig_gunzip(body, bn, &b) == PX_ENOMEM) st = PX_ENOMEM;
            else if (b.len > IG_MAX_LINE) *why = "record too large";
            body = b.p ? b.p : "";
            bn = b.len;
        } else {
            *why = "unsupported Content-Encoding";
        }
    }
    char cs[40];
    if (st == PX_OK && !*why && hfield(s, hlen, "content-type", &v, &vn) &&
        charset_param(v, vn, cs) && !ig_utf8_is_clean(body, bn)) {
        size_t ignored = 0;
        px_status k = ig_charset_to_utf8(cs, body, bn, page, &ignored);
        if (k == PX_EUNSUPPORTED) px_buf_clear(page);
        else st = k;
        if (k == PX_OK) bn = 0; /* converted */
    }
    if (st == PX_OK && !*why && bn) st = px_buf_add(page, body, bn);
    px_buf_free(&a);
    px_buf_free(&b);
    return st;
}

/* The host of a URL, without "www.". */
static void url_host(const char *u, size_t n, const char **h, size_t *hn) {
    const char *p = memchr(u, ':', n);
    *h = u;
    *hn = 0;
    if (!p || (size_t)(p - u) + 3 > n || p[1] != '/' || p[2] != '/') return;
    const char *s = p + 3, *e = u + n;
    const char *at = s;
    while (at < e && *at != '/' && *at != '@') at++;
    if (at < e && *at == '@') s = at + 1;
    const char *t = s;
    while (t < e && *t != '/' && *t != ':' && *t != '?' && *t != '#') t++;
    if (t - s > 4 && ieq_n(s, 4, "www.")) s += 4;
    *h = s;
    *hn = (size_t)(t - s);
}

/* Makes the doc of the pending response. */
static px_status page_doc(ig_warc *w, ig_warc_ev *ev, px_doc **doc, size_t *nbad) {
    px_buf page, id, path;
    px_buf_init(&page, &w->al);
    px_buf_init(&id, &w->al);
    px_buf_init(&path, &w->al);
    const char *why = NULL;
    px_status st = http_body(w, &page, &why);
    if (st == PX_OK && !why) {
        if (w->uri.len) st = px_buf_add(&id, w->uri.p, w->uri.len);
        else if (w->recid.len) st = px_buf_add(&id, w->recid.p, w->recid.len);
        else st = px_buf_printf(&id, "%s-%lu", w->src.fileid, w->recno);
    }
    if (st == PX_OK && !why) st = px_buf_printf(&path, "%s#%lu", w->src.path, w->recno);
    px_doc *d = NULL;
    if (st == PX_OK && !why) {
        px_buf clean;
        px_buf_init(&clean, &w->al);
        size_t ignored = 0;
        st = ig_utf8_clean(id.p, id.len, &clean, &ignored);
        ig_src s2 = {path.p, clean.p ? clean.p : "", w->src.flags};
        px_status k = st == PX_OK ? ig_html_record(&s2, page.p ? page.p : "", page.len, &w->al,
                                                   &d, &w->tmp, nbad)
                                  : st;
        px_buf_free(&clean);
        if (k == PX_EEMPTY || k == PX_EFORMAT) why = w->tmp.p;
        else st = k;
    }
    if (st == PX_OK && d && w->uri.len) st = ig_doc_set_clean(d, &d->url, w->uri.p, w->uri.len, nbad, NULL);
    if (st == PX_OK && d && !d->source[0] && w->uri.len) {
        const char *h;
        size_t hn;
        url_host(w->uri.p, w->uri.len, &h, &hn);
        if (hn) st = ig_doc_set_clean(d, &d->source, h, hn, nbad, NULL);
    }
    if (st == PX_OK && d && !d->published[0] && w->date.len) {
        st = ig_doc_set_clean(d, &d->published, w->date.p, w->date.len, nbad, NULL);
        d->time = px_parse_time(d->published, strlen(d->published));
    }
    if (st == PX_OK && why) {
        /* why may point into w->tmp, which say does not touch */
        st = say_rec(w, why, ev);
    } else if (st == PX_OK) {
        *doc = d;
        d = NULL;
        *ev = IG_WARC_DOC;
    }
    px_doc_free(d);
    px_buf_free(&page);
    px_buf_free(&id);
    px_buf_free(&path);
    return st;
}

/* The event of the record just confirmed complete. */
static px_status resolve(ig_warc *w, ig_warc_ev *ev, px_doc **doc, size_t *nbad) {
    w->quiet = false;
    px_status st = PX_OK;
    if (w->too_big) st = say_rec(w, "record too large", ev);
    else if (w->not_article || !w->keep) *ev = IG_WARC_IGNORED;
    else st = page_doc(w, ev, doc, nbad);
    drop_record(w);
    return st;
}

/* The reason a pending record's Content-Length is wrong. */
static px_status lied(ig_warc *w, const char *where, ig_warc_ev *ev) {
    px_buf_clear(&w->tmp);
    PX_TRY(px_buf_printf(&w->tmp, "Content-Length %llu does not match the record (%s)",
                         (unsigned long long)w->clen, where));
    PX_TRY(say_rec(w, w->tmp.p, ev));
    drop_record(w);
    return PX_OK;
}

/* A header begins at the current byte: note where. */
static void begin_header(ig_warc *w) {
    px_buf_clear(&w->hdr);
    w->hdr_start = w->pos;
    w->hdr_member = w->gz && w->pos == w->member_plain;
    w->hdr_raw = w->member_raw;
    w->state = W_HEADER;
}

/* The header in w->hdr proves to be a record's: it becomes the current
 * record. */
static void new_record(ig_warc *w) {
    w->recno++;
    w->rec_plain = w->hdr_start;
    w->rec_member = w->hdr_member;
    w->rec_uncomp = w->gz && !w->hdr_member;
    w->rec_off = w->hdr_member ? w->hdr_raw : w->hdr_start;
}

/* Reports the bytes at hdr_start as no record. */
static px_status not_record(ig_warc *w, ig_warc_ev *ev) {
    w->garbage_due = false;
    w->recno++;
    w->rec_off = w->hdr_member ? w->hdr_raw : w->hdr_start;
    w->rec_uncomp = w->gz && !w->hdr_member;
    w->quiet = true;
    return say_rec(w, "not a WARC record (no WARC/ header)", ev);
}

/* One byte c of a header. */
static px_status header_byte(ig_warc *w, char c, ig_warc_ev *ev, px_doc **doc, size_t *nbad) {
    size_t k = w->hdr.len;
    PX_TRY(px_buf_addc(&w->hdr, c));
    if (k < 5 && c != magic[k]) {
        if (w->pending && !w->trail_nl) {
            /* the block does not end where its length says */
            PX_TRY(lied(w, "no WARC header follows it", ev));
            resync(w, c == '\n');
            return PX_OK;
        }
        if (w->pending) { /* a sound record, then bytes that are none */
            PX_TRY(resolve(w, ev, doc, nbad));
            w->garbage_due = true;
            resync(w, c == '\n');
            return *ev == IG_WARC_NONE ? not_record(w, ev) : PX_OK;
        }
        resync(w, c == '\n');
        return not_record(w, ev);
    }
    if (k == 4) { /* "WARC/" complete: the record before is confirmed */
        if (w->pending) PX_TRY(resolve(w, ev, doc, nbad));
        new_record(w);
        return PX_OK;
    }
    if (w->hdr.len > MAX_HEADER) {
        resync(w, c == '\n');
        return say_rec(w, "WARC header too long", ev);
    }
    if (c == '\n' && (k >= 1 && (w->hdr.p[k - 1] == '\n' ||
                                 (k >= 2 && w->hdr.p[k - 1] == '\r' && w->hdr.p[k - 2] == '\n'))))
        return header_done(w, ev);
    return PX_OK;
}

/* Block bytes from p[0..n); *used receives how many were taken. */
static px_status block_bytes(ig_warc *w, const char *p, size_t n, size_t *used, ig_warc_ev *ev) {
    size_t k = (size_t)PX_MIN((uint64_t)n, w->left);
    *used = 0;
    if (w->checking) {
        size_t j = 0;
        while (j < k && w->member_check < 5 && p[j] == magic[w->member_check]) {
            j++;
            w->member_check++;
        }
        if (w->member_check == 5) {
            /* the member after the record's own begins a record: the block
             * is shorter than its Content-Length says */
            PX_TRY(lied(w, "it runs past the end of its gzip member", ev));
            px_buf_clear(&w->hdr);
            PX_TRY(px_buf_add(&w->hdr, magic, 5));
            w->hdr_start = w->member_plain;
            w->hdr_member = true;
            w->hdr_raw = w->member_raw;
            new_record(w);
            w->state = W_HEADER;
            w->pos += j;
            *used = j;
            return PX_OK;
        }
        if (j < k) w->checking = false;
    }
    if (w->keep && w->block.len + k > IG_MAX_LINE) {
        w->keep = false;
        w->too_big = true;
        px_buf_free(&w->block);
    }
    if (w->keep) {
        PX_TRY(px_buf_add(&w->block, p, k));
        w->left -= k; /* decide() looks at left */
        decide(w);
    } else {
        w->left -= k;
    }
    w->pos += k;
    *used = k;
    if (w->left == 0) {
        w->pending = true;
        w->checking = false;
        w->state = W_SEEK;
    }
    return PX_OK;
}

/* Resynchronising: looks for "WARC/" at the start of a line or member. */
static void resync_byte(ig_warc *w, char c) {
    w->pos++;
    if (w->match || w->bol) {
        if (c == magic[w->match]) {
            if (++w->match == 5) {
                px_buf_clear(&w->hdr);
                (void)px_buf_add(&w->hdr, magic, 5); /* fits: the buffer held a header before */
                w->hdr_start = w->pos - 5;
                w->hdr_member = w->gz && w->hdr_start == w->member_plain;
                w->hdr_raw = w->member_raw;
                new_record(w);
                w->state = W_HEADER;
                w->quiet = false;
                return;
            }
        } else {
            w->match = 0;
        }
    }
    w->bol = c == '\n';
}

static bool blank_byte(char c) { return c == '\r' || c == '\n' || c == ' ' || c == '\t'; }

px_status ig_warc_step(ig_warc *w, const char *p, size_t n, size_t *used, ig_warc_ev *ev,
                       px_doc **doc, size_t *nbad) {
    *ev = IG_WARC_NONE;
    *doc = NULL;
    size_t i = 0;
    px_status st = PX_OK;
    if (w->garbage_due) {
        *used = 0;
        return not_record(w, ev);
    }
    while (st == PX_OK && i < n && *ev == IG_WARC_NONE) {
        switch (w->state) {
        case W_SEEK:
            if (blank_byte(p[i])) {
                w->trail_nl += p[i] == '\n';
                i++;
                w->pos++;
                break;
            }
            w->any = true;
            begin_header(w);
            break;
        case W_HEADER: {
            /* past the magic, a line's bytes up to its newline go in at once */
            const char *nl = w->hdr.len >= 5 ? memchr(p + i, '\n', n - i) : NULL;
            size_t k = w->hdr.len < 5 ? 0 : nl ? (size_t)(nl - (p + i)) : n - i;
            if (k && w->hdr.len + k > MAX_HEADER) {
                k = MAX_HEADER + 1 - w->hdr.len; /* one byte past: header_byte says */
                st = px_buf_add(&w->hdr, p + i, k - 1);
                i += k - 1;
                w->pos += k - 1;
            } else if (k) {
                st = px_buf_add(&w->hdr, p + i, k);
                i += k;
                w->pos += k;
                break;
            }
            if (st == PX_OK) st = header_byte(w, p[i], ev, doc, nbad);
            i++;
            w->pos++;
            break;
        }
        case W_BLOCK: {
            size_t k;
            st = block_bytes(w, p + i, n - i, &k, ev);
            i += k;
            break;
        }
        default:
            /* room for the magic when it is found, so that finding it cannot fail */
            if (w->hdr.cap < 8) st = px_buf_reserve(&w->hdr, 8);
            if (st == PX_OK) resync_byte(w, p[i++]);
            break;
        }
    }
    *used = i;
    return st;
}

px_status ig_warc_damage(ig_warc *w, const char *what, ig_warc_ev *ev, px_doc **doc,
                         size_t *nbad) {
    *ev = IG_WARC_NONE;
    *doc = NULL;
    w->any = true;
    /* a complete record from an earlier member stands; one from the broken
     * member (its CRC failed, say) is lost with it */
    bool here = !w->gz || w->rec_plain >= w->member_plain;
    if (w->pending && !here) return resolve(w, ev, doc, nbad);
    if (w->quiet && !w->pending) {
        resync(w, false);
        return PX_OK;
    }
    bool in_rec = w->pending || w->state == W_BLOCK ||
                  (w->state == W_HEADER && w->hdr.len >= 5);
    if (!in_rec) {
        w->recno++;
        w->rec_off = w->member_raw;
        w->rec_uncomp = false;
    }
    PX_TRY(say_rec(w, what, ev));
    resync(w, false);
    w->quiet = true;
    return PX_OK;
}

px_status ig_warc_end(ig_warc *w, ig_warc_ev *ev, px_doc **doc, size_t *nbad) {
    *ev = IG_WARC_NONE;
    *doc = NULL;
    if (w->garbage_due) return not_record(w, ev);
    while (*ev == IG_WARC_NONE && w->end_stage < 3) {
        int stage = w->end_stage++;
        if (stage == 0 && w->pending) {
            PX_TRY(resolve(w, ev, doc, nbad));
        } else if (stage == 1 && w->state == W_BLOCK) {
            px_buf_clear(&w->tmp);
            PX_TRY(px_buf_printf(&w->tmp,
                                 "Content-Length %llu runs past the end of the file "
                                 "(%llu bytes missing)",
                                 (unsigned long long)w->clen, (unsigned long long)w->left));
            PX_TRY(say_rec(w, w->tmp.p, ev));
            drop_record(w);
        } else if (stage == 1 && w->state == W_HEADER) {
            if (w->hdr.len < 5) {
                new_record(w); /* a few bytes that are no record */
                PX_TRY(say_rec(w, "not a WARC record (no WARC/ header)", ev));
            } else {
                PX_TRY(say_rec(w, "truncated WARC header", ev));
            }
        } else if (stage == 2 && !w->any) {
            px_buf_clear(&w->why);
            PX_TRY(px_buf_adds(&w->why, "empty file"));
            *ev = IG_WARC_BAD;
        }
    }
    return PX_OK;
}
