/*
 * fuzz_html.c - web pages from arbitrary bytes: libxml2's recovering
 * parser, the iterative tree walk, entity and charset handling.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_parse("f.html", data, size, PX_FORMAT_HTML);
    /* the same bytes as the html field of a JSON Lines record */
    px_allocator a;
    px_alloc_init(&a, NULL);
    px_buf j;
    px_buf_init(&j, &a);
    px_status st = px_buf_adds(&j, "{\"id\":\"h\",\"html\":\"");
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; st == PX_OK && i < size; i++) {
        unsigned char c = data[i];
        if (c < 0x20 || c == '"' || c == '\\') {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            st = px_buf_add(&j, e, 6);
        } else {
            st = px_buf_addc(&j, (char)c);
        }
    }
    if (st == PX_OK) st = px_buf_adds(&j, "\"}\n");
    if (st == PX_OK) fz_read("h.jsonl", (const uint8_t *)j.p, j.len, PX_FORMAT_JSONL);
    px_buf_free(&j);
    return 0;
}
