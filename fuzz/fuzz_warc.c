/*
 * fuzz_warc.c - WARC files from arbitrary bytes: the record scanner
 * (headers, Content-Length, resynchronisation), HTTP responses (status,
 * headers, chunked and gzip bodies, charsets), and gzip members. Byte 0
 * picks a chunk size; the rest is the file. The records must not depend
 * on how it is split, and compressing the file must give the same docs
 * (messages then name uncompressed offsets, so only the docs are
 * compared). Compressing each record alone (split before every "WARC/1.")
 * may change the docs - a member boundary shows where a lying
 * Content-Length ends - so there only the docs' promises are checked.
 */
#include <zlib.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Appends s[0..n) gzip-compressed (one member) to out. */
static int add_member(px_buf *out, const char *s, size_t n) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    size_t cap = deflateBound(&z, (uLong)n) + 64;
    int rc = -1;
    if (px_buf_reserve(out, cap) == PX_OK) {
        z.next_in = (Bytef *)(uintptr_t)s;
        z.avail_in = (uInt)n;
        z.next_out = (Bytef *)out->p + out->len;
        z.avail_out = (uInt)cap;
        if (deflate(&z, Z_FINISH) == Z_STREAM_END) {
            out->len += cap - z.avail_out;
            rc = 0;
        }
    }
    deflateEnd(&z);
    return rc;
}

/* Each record compressed alone, as Common Crawl publishes WARCs. */
static int per_record(const char *s, size_t n, px_buf *out) {
    size_t start = 0;
    for (size_t i = 1; i + 7 <= n; i++) {
        if (memcmp(s + i, "WARC/1.", 7) != 0) continue;
        if (add_member(out, s + start, i - start) != 0) return -1;
        start = i;
    }
    return n > start ? add_member(out, s + start, n - start) : 0;
}

static bool same(const px_buf *a, const px_buf *b) {
    return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    size_t k = (size_t)data[0] + 1;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    fz_read("f.warc", (const uint8_t *)s, n, PX_FORMAT_WARC);
    fz_parse("f.warc", (const uint8_t *)s, n, PX_FORMAT_WARC);
    px_allocator a;
    px_alloc_init(&a, NULL);
    px_buf whole, parts, docs, zdocs, z;
    px_buf *all[] = {&whole, &parts, &docs, &zdocs, &z};
    for (size_t i = 0; i < 5; i++) px_buf_init(all[i], &a);
    if (fz_run(PX_FORMAT_WARC, "w", s, n, 0, false, &whole) == 0 &&
        fz_run(PX_FORMAT_WARC, "w", s, n, k, false, &parts) == 0 && !same(&whole, &parts))
        abort();
    if (!ig_is_gzip(s, n) && n < (1u << 20) && add_member(&z, s, n) == 0 &&
        fz_run(PX_FORMAT_WARC, "w", s, n, 0, true, &docs) == 0 &&
        fz_run(PX_FORMAT_WARC, "w", z.p ? z.p : "", z.len, k, true, &zdocs) == 0 &&
        !same(&docs, &zdocs))
        abort();
    px_buf_clear(&z);
    px_buf_clear(&zdocs);
    if (!ig_is_gzip(s, n) && n < (1u << 20) && per_record(s, n, &z) == 0)
        (void)fz_run(PX_FORMAT_WARC, "w", z.p ? z.p : "", z.len, k, false, &zdocs);
    for (size_t i = 0; i < 5; i++) px_buf_free(all[i]);
    return 0;
}
