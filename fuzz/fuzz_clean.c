/*
 * fuzz_clean.c - cleaning on arbitrary text: the bytes are cleaned into
 * UTF-8 as ingest does and split at form feeds into up to four articles of
 * one source; each is cleaned alone, then the four together for repeated
 * paragraphs. The body must stay valid UTF-8 of its stated length, never
 * grow beyond a final newline, never go empty when it was not; every cut
 * must have a reason and text.
 */
#include <stdlib.h>

#include "ingest/ingest.h"
#include "text/text.h"

#define MAX_DOCS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const px_doc *d, size_t before) {
    if (strlen(d->text) != d->text_len) abort();
    if (!ig_utf8_is_clean(d->text, d->text_len)) abort();
    if (d->text_len > before + 1) abort();
    if (d->ncuts && d->text_len == 0) abort();
    for (size_t i = 0; i < d->ncuts; i++)
        if (!d->cuts[i].reason || !d->cuts[i].reason[0] || !d->cuts[i].text) abort();
    if (!ig_utf8_is_clean(d->updated, strlen(d->updated))) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf text;
    px_buf_init(&text, &al);
    size_t nbad;
    if (ig_utf8_clean((const char *)data, size, &text, &nbad) != PX_OK) abort();
    const char *s = text.p ? text.p : "";
    px_doc *docs[MAX_DOCS];
    size_t nd = 0, from = 0;
    while (nd < MAX_DOCS && from <= text.len) {
        const char *ff = memchr(s + from, '\f', text.len - from);
        size_t end = ff && nd + 1 < MAX_DOCS ? (size_t)(ff - s) : text.len;
        px_doc *d = px_doc_new(&al);
        if (!d || px_doc_set(d, &d->text, s + from, end - from) != PX_OK ||
            px_doc_set(d, &d->source, "src", 3) != PX_OK)
            abort();
        d->text_len = end - from;
        d->seq = nd;
        if (tx_clean_doc(d) != PX_OK) abort();
        check(d, end - from);
        docs[nd++] = d;
        from = end + 1;
    }
    size_t len[MAX_DOCS];
    for (size_t i = 0; i < nd; i++) len[i] = docs[i]->text_len;
    if (tx_clean_repeated(docs, nd, &al) != PX_OK) abort();
    for (size_t i = 0; i < nd; i++) {
        check(docs[i], len[i]);
        px_doc_free(docs[i]);
    }
    px_buf_free(&text);
    return 0;
}
