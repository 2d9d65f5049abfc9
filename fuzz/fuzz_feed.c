/*
 * fuzz_feed.c - RSS and Atom feeds from arbitrary bytes: libxml2's
 * recovering XML parser without entities or DTDs, the item walk, the
 * XHTML/HTML bodies, RFC 822 dates. The same bytes are read as a .rss
 * file, sniffed on standard input, and parsed as one article; the
 * records must not depend on how the input is split.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *s = (const char *)data;
    fz_read("f.rss", data, size, PX_FORMAT_FEED);
    fz_read("-", data, size, PX_FORMAT_AUTO);
    fz_parse("f.atom", data, size, PX_FORMAT_FEED);
    char iso[32];
    if (ig_rfc822_to_iso(s, size, iso) && px_parse_time(iso, strlen(iso)) == PX_TIME_UNKNOWN)
        abort(); /* a converted date must read back */
    px_allocator a;
    px_alloc_init(&a, NULL);
    px_buf whole, parts;
    px_buf_init(&whole, &a);
    px_buf_init(&parts, &a);
    size_t k = size ? (size_t)(data[0] & 31) + 1 : 1;
    if (fz_run(PX_FORMAT_FEED, "f.xml", s, size, 0, false, &whole) == 0 &&
        fz_run(PX_FORMAT_FEED, "f.xml", s, size, k, false, &parts) == 0 &&
        (whole.len != parts.len || (whole.len && memcmp(whole.p, parts.p, whole.len))))
        abort();
    px_buf_free(&whole);
    px_buf_free(&parts);
    return 0;
}
