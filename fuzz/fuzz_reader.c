/*
 * fuzz_reader.c - the chunked reader. The first byte picks the format and
 * the chunk size; the rest is the input. The records must not depend on
 * how the input is split (checked against one whole feed) nor on whether
 * it arrives gzip-compressed (checked by compressing it here).
 */
#include <zlib.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    int ok = fz_run(fmt, "in", s, n, 0, false, &whole) == 0 &&
             fz_run(fmt, "in", s, n, k, false, &parts) == 0;
    if (ok && (whole.len != parts.len || (whole.len && memcmp(whole.p, parts.p, whole.len))))
        abort();
    /* plain input that does not itself start like gzip: compressing it
     * must not change the records (a WARC's messages name gzip members,
     * so there only the docs must stay the same) */
    bool warc = fmt == PX_FORMAT_AUTO && ig_sniff(s, n) == PX_FORMAT_WARC;
    if (warc) {
        px_buf_clear(&whole);
        ok = ok && fz_run(fmt, "in", s, n, 0, true, &whole) == 0;
    }
    if (ok && !ig_is_gzip(s, n) && n < (1u << 20)) {
        size_t zn;
        char *z = gzip_of(s, n, &zn);
        if (z && fz_run(fmt, "in", z, zn, k, warc, &zipped) == 0 &&
            (whole.len != zipped.len || (whole.len && memcmp(whole.p, zipped.p, whole.len))))
            abort();
        free(z);
    }
    px_buf_free(&whole);
    px_buf_free(&parts);
    px_buf_free(&zipped);
    return 0;
}
