/*
 * fuzz_html.c - web pages from arbitrary bytes: the article extractor
 * (ig_html_page: charset, libxml2's recovering parser through SAX, the
 * compact tree, JSON-LD, content scoring), then the same bytes as a page
 * file and as the html field of a JSON Lines record.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The extractor alone: any bytes give PX_OK (or PX_ENOMEM) and valid
 * UTF-8 text and metadata. */
static void extract(const uint8_t *data, size_t size) {
    px_allocator a;
    px_alloc_init(&a, NULL);
    px_buf text;
    px_buf_init(&text, &a);
    ig_html_meta m;
    memset(&m, 0, sizeof m);
    px_buf *f[] = {&m.title, &m.source, &m.url, &m.published, &m.author, &m.description, &m.lang};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) px_buf_init(f[i], &a);
    size_t bad = 0;
    px_status st = ig_html_page((const char *)data, size, &a, &text, &m, &bad);
    if (st != PX_OK && st != PX_ENOMEM) abort();
    if (st == PX_OK) {
        if (text.len && (strlen(text.p) != text.len)) abort();
        if (text.len) fz_check_str(text.p);
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            if (f[i]->len) fz_check_str(f[i]->p);
    }
    px_buf_free(&text);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) px_buf_free(f[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    extract(data, size);
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
