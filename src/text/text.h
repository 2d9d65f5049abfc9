/*
 * text.h - text analysis: normalization, tokens, sentences, stopwords,
 * stemming and language identification.
 *
 * Consumes valid UTF-8 (ingest guarantees it) and produces tokens that
 * point into buffers owned by a per-thread tx_ctx. Nothing here allocates
 * per token: a tx_ctx is reused across documents, one per thread.
 */
#ifndef PX_TEXT_H
#define PX_TEXT_H

#include "../common/common.h"

typedef struct tx_ctx tx_ctx;

/* Token flags. */
enum {
    TX_WORD = 1u << 0,        /* letters (possibly with digits, hyphens, apostrophes) */
    TX_NUM = 1u << 1,         /* a number: 1,400  3.5  2023  7th */
    TX_CAP = 1u << 2,         /* first letter uppercase in the source */
    TX_ALLCAPS = 1u << 3,     /* every letter uppercase, two or more letters */
    TX_SENT_START = 1u << 4,  /* first word token of its sentence */
    TX_STOP = 1u << 5,        /* a stopword of the document's language */
    TX_QUOTED = 1u << 6       /* inside a quotation */
};

typedef struct tx_token {
    uint32_t off, len;   /* span in the source text, bytes */
    const char *norm;    /* NFKC + case folded + quotes/dashes folded */
    uint32_t norm_len;
    const char *stem;    /* Snowball stem of norm (== norm if no stemmer) */
    uint32_t stem_len;
    uint32_t sent;       /* index of the sentence holding the token */
    uint32_t flags;      /* TX_* bits */
} tx_token;

/* A sentence: byte span in the source text. */
typedef struct tx_span {
    uint32_t off, len;
} tx_span;

/* The result of analysing one text; arrays owned by the ctx and valid until
 * the next tx_analyze call on the same ctx. */
typedef struct tx_result {
    const tx_token *tok;  /* word and number tokens, in text order */
    size_t ntok;
    const tx_span *sent;  /* sentences, in text order */
    size_t nsent;
} tx_result;

tx_ctx *tx_ctx_new(const px_allocator *al);
void tx_ctx_free(tx_ctx *ctx);

/*
 * Identifies the language of a text: writes "en", "ru", "de", "fr", "es",
 * "it", "pt", "ar" (or another code it knows) into out, or "" when the text
 * is too short or unclear to tell.
 */
void tx_langid(const char *s, size_t n, char out[8]);

/*
 * Normalizes s into out (appending): NFKC, case folding, typographic quotes
 * and apostrophes to ' and ", dashes to -, all whitespace runs to one space.
 */
px_status tx_normalize(tx_ctx *ctx, const char *s, size_t n, px_buf *out);

/*
 * Tokenizes, splits sentences, marks stopwords and stems, for language lang
 * (an ISO 639-1 code; "" or an unknown code: no stopwords, no stemming).
 */
px_status tx_analyze(tx_ctx *ctx, const char *s, size_t n, const char *lang,
                     tx_result *out);

/* Sentence spans only (same splitter as tx_analyze). */
px_status tx_sentences(tx_ctx *ctx, const char *s, size_t n, const char *lang,
                       tx_result *out);

/* True when the normalized word w is a stopword of lang. */
bool tx_is_stopword(const char *lang, const char *w, size_t n);

#endif
