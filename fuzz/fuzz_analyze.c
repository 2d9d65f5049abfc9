/*
 * fuzz_analyze.c - text analysis on arbitrary text: the bytes are cleaned
 * into UTF-8 as ingest does, then tokenized, split into sentences,
 * normalized and identified, in each language the first byte picks. Every
 * token and sentence must lie inside the text, in order.
 */
#include <stdlib.h>

#include "ingest/ingest.h"
#include "text/text.h"

static const char *const LANGS[] = {"", "en", "de", "fr", "es", "it", "pt", "ru", "ar", "nl"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    px_allocator al;
    px_alloc_init(&al, NULL);
    const char *lang = LANGS[size ? data[0] % (sizeof LANGS / sizeof LANGS[0]) : 0];
    px_buf text, norm;
    px_buf_init(&text, &al);
    px_buf_init(&norm, &al);
    size_t nbad;
    if (ig_utf8_clean((const char *)data, size, &text, &nbad) != PX_OK) abort();
    tx_ctx *ctx = tx_ctx_new(&al);
    if (!ctx) abort();
    tx_result r;
    const char *s = text.p ? text.p : "";
    if (tx_analyze(ctx, s, text.len, lang, &r) != PX_OK) abort();
    uint32_t last = 0;
    for (size_t i = 0; i < r.ntok; i++) {
        const tx_token *t = &r.tok[i];
        if ((size_t)t->off + t->len > text.len || t->off < last) abort();
        if (t->sent >= r.nsent && r.nsent) abort();
        last = t->off;
    }
    for (size_t i = 0; i < r.nsent; i++)
        if ((size_t)r.sent[i].off + r.sent[i].len > text.len) abort();
    if (tx_normalize(ctx, s, text.len, &norm) != PX_OK) abort();
    char code[8];
    tx_langid(s, text.len, code);
    tx_ctx_free(ctx);
    px_buf_free(&text);
    px_buf_free(&norm);
    return 0;
}
