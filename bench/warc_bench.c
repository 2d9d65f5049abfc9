/*
 * warc_bench.c - reading speed and memory of WARC input.
 *
 * Writes a deterministic WARC file of about MB megabytes (uncompressed)
 * shaped like a news crawl: per page a request, an HTML response of some
 * 6 KB (half the pages chunked), a metadata record, and every third page
 * an image response of 24 KB that is skipped; then reads it through
 * ig_read_path (the path `parallax stories` takes) with a sink that only
 * counts, and prints the file's MB/s, docs/s and the peak of the memory
 * allocated through the px_allocator (what the reader keeps; libxml2's own
 * allocations for one page at a time are not counted).
 *
 * Usage: warc_bench [MB] [plain|gzip|record] [DIR]
 *   plain   uncompressed .warc
 *   gzip    the whole file one gzip member (.warc.gz)
 *   record  one gzip member per record, as Common Crawl publishes
 * The file is written to DIR (default /tmp) and removed afterwards.
 *        warc_bench FILE
 * reads an existing WARC file instead (nothing is written or removed).
 */
#include "ingest/ingest.h"
#include "../tests/counting.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}


/* ---- the file ---- */

static const char *const words[] = {
    "harbour", "council", "ferry",  "budget", "minister", "storm",   "river",  "vote",
    "police",  "school",  "bridge", "market", "workers",  "hospital", "fire", "court",
    "the",     "a",       "of",     "and",    "to",       "in",      "said",   "on",
};

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

static void text(px_buf *b, size_t nwords) {
    for (size_t i = 0; i < nwords; i++) {
        px_buf_adds(b, words[next() % PX_ARRAY_LEN(words)]);
        px_buf_addc(b, i % 17 == 16 ? '.' : ' ');
        if (i % 60 == 59) px_buf_adds(b, "</p><p>");
    }
}

typedef struct out {
    FILE *f;
    int mode;      /* 0 plain, 1 gzip, 2 per record */
    gzFile gz;     /* mode 1 */
    size_t plain;  /* uncompressed bytes written */
} out;

static void put_member(out *o, const char *s, size_t n) {
    uLongf cap = compressBound((uLong)n) + 64;
    unsigned char *z = malloc(cap);
    z_stream st;
    memset(&st, 0, sizeof st);
    deflateInit2(&st, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    st.next_in = (Bytef *)(uintptr_t)s;
    st.avail_in = (uInt)n;
    st.next_out = z;
    st.avail_out = (uInt)cap;
    deflate(&st, Z_FINISH);
    fwrite(z, 1, cap - st.avail_out, o->f);
    deflateEnd(&st);
    free(z);
}

static void record(out *o, px_buf *r, const char *type, const char *uri, const char *ctype,
                   const char *block, size_t bn, unsigned long id) {
    px_buf_clear(r);
    px_buf_printf(r,
                  "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n"
                  "WARC-Date: 2026-12-01T10:00:00Z\r\n"
                  "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012lu>\r\n"
                  "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n",
                  type, uri, id, ctype, bn);
    px_buf_add(r, block, bn);
    px_buf_adds(r, "\r\n\r\n");
    o->plain += r->len;
    if (o->mode == 0) fwrite(r->p, 1, r->len, o->f);
    else if (o->mode == 1) gzwrite(o->gz, r->p, (unsigned)r->len);
    else put_member(o, r->p, r->len);
}

static size_t write_file(const char *path, int mode, size_t mb, size_t *pages) {
    out o = {fopen(path, "wb"), mode, NULL, 0};
    if (!o.f) return 0;
    if (mode == 1) o.gz = gzdopen(dup(fileno(o.f)), "wb6");
    px_allocator a;
    px_alloc_init(&a, NULL);
    px_buf r, page, body, uri;
    px_buf_init(&r, &a);
    px_buf_init(&page, &a);
    px_buf_init(&body, &a);
    px_buf_init(&uri, &a);
    char img[24 << 10];
    for (size_t i = 0; i < sizeof img; i++) img[i] = (char)next();
    unsigned long id = 0;
    *pages = 0;
    while (o.plain < mb << 20) {
        size_t n = (*pages)++;
        px_buf_clear(&uri);
        px_buf_printf(&uri, "https://site%zu.example/news/%zu", n % 97, n);
        px_buf_clear(&page);
        px_buf_printf(&page, "<html><head><title>Story %zu</title></head><body><p>", n);
        text(&page, 900);
        px_buf_adds(&page, "</p></body></html>");
        px_buf_clear(&body);
        if (n % 2) {
            px_buf_adds(&body, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n");
            for (size_t p = 0; p < page.len; p += 2000) {
                size_t k = PX_MIN((size_t)2000, page.len - p);
                px_buf_printf(&body, "%zx\r\n", k);
                px_buf_add(&body, page.p + p, k);
                px_buf_adds(&body, "\r\n");
            }
            px_buf_adds(&body, "0\r\n\r\n");
        } else {
            px_buf_adds(&body, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n");
            px_buf_add(&body, page.p, page.len);
        }
        const char *req = "GET / HTTP/1.1\r\nHost: site.example\r\n\r\n";
        record(&o, &r, "request", uri.p, "application/http; msgtype=request", req, strlen(req),
               ++id);
        record(&o, &r, "response", uri.p, "application/http; msgtype=response", body.p,
               body.len, ++id);
        record(&o, &r, "metadata", uri.p, "application/warc-fields", "fetchTimeMs: 12\r\n", 17,
               ++id);
        if (n % 3 == 0) {
            px_buf_clear(&body);
            px_buf_adds(&body, "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n");
            px_buf_add(&body, img, sizeof img);
            record(&o, &r, "response", "https://site.example/a.jpg",
                   "application/http; msgtype=response", body.p, body.len, ++id);
        }
    }
    if (o.gz) gzclose(o.gz);
    fclose(o.f);
    px_buf_free(&r);
    px_buf_free(&page);
    px_buf_free(&body);
    px_buf_free(&uri);
    return o.plain;
}

static px_status sink(void *ud, px_doc *d) {
    ++*(size_t *)ud;
    px_doc_free(d);
    return PX_OK;
}

int main(int argc, char **argv) {
    bool given = argc == 2 && access(argv[1], R_OK) == 0;
    size_t mb = argc > 1 && !given ? (size_t)atol(argv[1]) : 200;
    const char *mode = given ? "file" : argc > 2 ? argv[2] : "record";
    const char *dir = argc > 3 ? argv[3] : "/tmp";
    int m = strcmp(mode, "plain") == 0 ? 0 : strcmp(mode, "gzip") == 0 ? 1 : 2;
    char path[4096];
    snprintf(path, sizeof path, "%s/px-warc-bench-%d.warc%s", dir, (int)getpid(),
             m ? ".gz" : "");
    size_t pages = 0, plain = 1;
    if (given) snprintf(path, sizeof path, "%s", argv[1]);
    else plain = write_file(path, m, mb, &pages);
    FILE *f = fopen(path, "rb");
    if (!plain || !f) {
        fprintf(stderr, "warc_bench: cannot write %s\n", path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    double fsize = (double)ftell(f);
    fclose(f);
    tu_counter cnt = {0, 0};
    px_allocator al = tu_counting_allocator(&cnt);
    size_t docs = 0;
    ig_handler h = {sink, NULL, &docs, 0, 0, 0, 0, 0};
    double t0 = now();
    px_status st = ig_read_path(path, &al, &h, NULL);
    double t = now() - t0;
    if (!given) unlink(path);
    if (given) {
        printf("warc.file.file_mb_per_s\t%.1f\tMB/s\t(%.0f MB file)\n", fsize / 1048576.0 / t,
               fsize / 1048576.0);
        printf("warc.file.docs_per_s\t%.0f\tdocs/s\t(%zu docs, %zu skipped, %zu not articles)\n",
               (double)docs / t, docs, h.skipped, h.ignored);
        printf("warc.file.peak_alloc_mb\t%.2f\tMB\n", (double)cnt.peak / 1048576.0);
        return st == PX_OK ? 0 : 1;
    }
    if (st != PX_OK || docs != pages || h.skipped) {
        fprintf(stderr, "warc_bench: status %d, %zu docs of %zu pages, %zu skipped\n", st, docs,
                pages, h.skipped);
        return 1;
    }
    printf("warc.%s.file_mb_per_s\t%.1f\tMB/s\t(%.0f MB file, %.0f MB uncompressed)\n", mode,
           fsize / 1048576.0 / t, fsize / 1048576.0, (double)plain / 1048576.0);
    printf("warc.%s.uncompressed_mb_per_s\t%.1f\tMB/s\n", mode, (double)plain / 1048576.0 / t);
    printf("warc.%s.docs_per_s\t%.0f\tdocs/s\t(%zu docs, %zu records not articles)\n", mode,
           (double)docs / t, docs, h.ignored);
    printf("warc.%s.peak_alloc_mb\t%.2f\tMB\n", mode, (double)cnt.peak / 1048576.0);
    return 0;
}
