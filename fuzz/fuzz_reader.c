/*
 * fuzz_reader.c - the chunked reader. The first byte picks the format and
 * the chunk size; the rest is the input. The records must not depend on
 * how the input is split (checked against one whole feed) nor on whether
 * it arrives gzip-compressed (checked by compressing it here).
 */
#include <zlib.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Appends one result to out (a description of every record and error). */
static px_status note(px_buf *out, px_reader *r, px_status st, px_doc *d) {
    if (st == PX_OK) {
        fz_check_doc(d);
        px_status k = px_buf_printf(out, "%lu %s|%s|%s|%s|%s\n", px_reader_line(r), d->id,
                                    d->path, d->title, d->published, d->text);
        px_doc_free(d);
        return k;
    }
    return px_buf_printf(out, "%d %s\n", st, px_reader_last_error(r));
}

/* Feeds s in pieces of k bytes (0: whole) and describes the results; the
 * "truncated/corrupt gzip" lines are left out when skip_gz is set. */
static int run(px_format fmt, const char *s, size_t n, size_t k, px_buf *out) {
    px_reader *r = px_reader_new(fmt, "in", NULL);
    if (!r) return -1;
    size_t pos = 0;
    bool fin = false;
    px_status st = PX_OK;
    while (!fin && st == PX_OK) {
        if (pos < n) {
            size_t m = k ? (k < n - pos ? k : n - pos) : n - pos;
            st = px_reader_feed(r, s + pos, m);
            pos += m;
        } else {
            st = px_reader_finish(r);
            fin = true;
        }
        px_doc *d;
        while (st == PX_OK) {
            px_status ns = px_reader_next(r, &d);
            if (ns == PX_ESTATE) break;
            if (ns == PX_ENOMEM) {
                st = ns;
                break;
            }
            st = note(out, r, ns, d);
        }
    }
    px_reader_free(r);
    return st == PX_OK ? 0 : -1;
}

static char *gzip_of(const char *s, size_t n, size_t *zn) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    size_t cap = deflateBound(&z, (uLong)n) + 64;
    char *o = malloc(cap);
    if (o) {
        z.next_in = (Bytef *)(uintptr_t)s;
        z.avail_in = (uInt)n;
        z.next_out = (Bytef *)o;
        z.avail_out = (uInt)cap;
        if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
            free(o);
            o = NULL;
        }
        *zn = cap - z.avail_out;
    }
    deflateEnd(&z);
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    static const px_format fmts[] = {PX_FORMAT_AUTO, PX_FORMAT_TEXT, PX_FORMAT_HTML,
                                     PX_FORMAT_JSONL};
    px_format fmt = fmts[data[0] & 3];
    size_t k = (size_t)(data[0] >> 2) + 1; /* 1..64 */
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    px_allocator a;
    px_alloc_init(&a, NULL);
    px_buf whole, parts, zipped;
    px_buf_init(&whole, &a);
    px_buf_init(&parts, &a);
    px_buf_init(&zipped, &a);
    int ok = run(fmt, s, n, 0, &whole) == 0 && run(fmt, s, n, k, &parts) == 0;
    if (ok && (whole.len != parts.len || (whole.len && memcmp(whole.p, parts.p, whole.len))))
        abort();
    /* plain input that does not itself start like gzip: compressing it
     * must not change the records */
    if (ok && !ig_is_gzip(s, n) && n < (1u << 20)) {
        size_t zn;
        char *z = gzip_of(s, n, &zn);
        if (z && run(fmt, z, zn, k, &zipped) == 0 &&
            (whole.len != zipped.len || (whole.len && memcmp(whole.p, zipped.p, whole.len))))
            abort();
        free(z);
    }
    px_buf_free(&whole);
    px_buf_free(&parts);
    px_buf_free(&zipped);
    return 0;
}
