/*
 * fuzz_text.c - .txt articles from arbitrary bytes: header lines, the
 * binary check, UTF-8 repair (checked against ig_utf8_is_clean), gzip.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_parse("f.txt", data, size, PX_FORMAT_TEXT);
    fz_read("f.txt", data, size, PX_FORMAT_TEXT);
    /* repair gives clean text, and clean text is left alone */
    px_allocator a;
    px_alloc_init(&a, NULL);
    px_buf b;
    px_buf_init(&b, &a);
    size_t bad = 0;
    if (ig_utf8_clean((const char *)data, size, &b, &bad) == PX_OK) {
        if (!ig_utf8_is_clean(b.p, b.len)) abort();
        if (bad == 0 && ig_utf8_is_clean((const char *)data, size) &&
            (b.len != size || memcmp(b.p, data, size) != 0))
            abort();
    }
    px_buf_free(&b);
    return 0;
}
