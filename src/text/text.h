/*
 * text.h - text analysis: normalization, tokens, sentences, stopwords,
 * stemming and language identification.
 *
 * Consumes UTF-8 (ingest guarantees valid UTF-8; an invalid byte is still
 * handled safely, as a one-byte non-letter) and produces tokens that point
 * into buffers owned by a per-thread tx_ctx. Nothing here allocates per
 * token: a tx_ctx is reused across documents, one per thread.
 *
 * Tokens, in short (tests/spec/tokenize.txt has the examples):
 * - a word is a run of letters, marks and digits; a hyphen joins when a
 *   letter follows it (so-called, 24-year-old) or a digit follows a word
 *   (COVID-19); an apostrophe joins between letters (Russia's, don't), and
 *   ends a possessive (Hamas'); "&" joins capitals (AT&T);
 * - a number starts with a digit: 1,400  3.5  2023  7th; "10%" and "$2"
 *   give the numbers 10 and 2 (symbols are not tokens);
 * - an abbreviation keeps its period (Oct. -> "oct.", U.S. -> "u.s.");
 * - each CJK ideograph is a token of its own;
 * - in French, Italian and Catalan, elided articles are tokens of their
 *   own: l'armée -> "l'" "armée".
 */
#ifndef PX_TEXT_H
#define PX_TEXT_H

#include "../common/common.h"
#include "../common/doc.h"

typedef struct tx_ctx tx_ctx;

/* Token flags. */
enum {
    TX_WORD = 1u << 0,        /* letters (possibly with digits, hyphens, apostrophes) */
    TX_NUM = 1u << 1,         /* a number: 1,400  3.5  2023  7th */
    TX_CAP = 1u << 2,         /* first letter uppercase in the source */
    TX_ALLCAPS = 1u << 3,     /* every letter uppercase, two or more letters */
    TX_SENT_START = 1u << 4,  /* first token (word or number) of its sentence */
    TX_STOP = 1u << 5,        /* a stopword of the document's language */
    TX_QUOTED = 1u << 6       /* inside a quotation */
};

typedef struct tx_token {
    uint32_t off, len;   /* span in the source text, bytes */
    const char *norm;    /* NFKC + case folded + quotes/dashes folded; not
                            NUL-terminated */
    uint32_t norm_len;   /* bytes of norm, > 0 */
    const char *stem;    /* Snowball stem of norm; == norm for numbers,
                            abbreviations, words over 256 bytes, or
                            without a stemmer */
    uint32_t stem_len;   /* bytes of stem, > 0 */
    uint32_t sent;       /* index of the sentence holding the token */
    uint32_t flags;      /* TX_* bits */
} tx_token;

/* A sentence: byte span in the source text. */
typedef struct tx_span {
    uint32_t off, len;   /* first byte and length; no space at either end */
} tx_span;

/* The result of analysing one text; arrays owned by the ctx and valid until
 * the next tx_analyze call on the same ctx. */
typedef struct tx_result {
    const tx_token *tok;  /* word and number tokens, in text order */
    size_t ntok;          /* number of tokens */
    const tx_span *sent;  /* sentences holding a token, in text order */
    size_t nsent;         /* number of sentences */
} tx_result;

/* Creates a context with the given allocator (NULL: malloc); NULL when
 * memory runs out. One per thread: a ctx and its stemmers are not
 * thread-safe. Snowball stemmers are made on first use of a language and
 * come from libstemmer's own malloc, outside the allocator. */
tx_ctx *tx_ctx_new(const px_allocator *al);
/* Frees the ctx, its arrays and stemmers; accepts NULL. */
void tx_ctx_free(tx_ctx *ctx);

/*
 * Identifies the language of a text from its first 4 KB: writes "en",
 * "ru", "de", "fr", "es", "it", "pt", "ar" (or another code it knows: "nl"
 * by its function words; "uk", "bg", "sr", "fa", "ur", "el", "he", "hy",
 * "ka", "hi", "bn", "ta", "th", "zh", "ja", "ko" by their script) into
 * out, or "" when the text is too short or unclear to tell. Latin-script
 * languages are told apart by counting their most frequent function
 * words, and need a clear margin. Pure: no ctx, no allocation.
 */
void tx_langid(const char *s, size_t n, char out[8]);

/*
 * Normalizes s into out (appending): NFKC, case folding, typographic quotes
 * and apostrophes to ' and ", dashes to -, default-ignorable characters
 * (soft hyphen, zero-width joiners) dropped, every run of whitespace and
 * control characters to one space, none at either end. An invalid UTF-8
 * byte becomes U+FFFD. A token's norm is the normalization of its span.
 * @return PX_OK, PX_ENOMEM (out then holds a prefix of the result), or
 * PX_EINVAL on NULL arguments.
 */
px_status tx_normalize(tx_ctx *ctx, const char *s, size_t n, px_buf *out);

/*
 * Tokenizes, splits sentences, marks stopwords and stems, for language lang
 * (an ISO 639-1 code, case-insensitive, a region suffix such as "en-US"
 * ignored; "" or an unknown code: no stopwords, no stemming; abbreviations
 * of the language, English ones when it has no list). Sentences end at
 * . ! ? ... (and CJK, Arabic, Devanagari full stops) followed by space,
 * after any closing quotes and brackets, unless the next word starts
 * lowercase or the period belongs to an abbreviation; and at line breaks,
 * unless the next line starts lowercase (a hard-wrapped paragraph).
 * Sentences without a token are dropped. Texts of 4 GB or more: PX_EINVAL.
 * @return PX_OK with *out filled (owned by ctx, valid until its next
 * call), PX_ENOMEM (ctx stays usable), or PX_EINVAL.
 */
px_status tx_analyze(tx_ctx *ctx, const char *s, size_t n, const char *lang,
                     tx_result *out);

/* Options of tx_analyze_opts. */
enum {
    TX_OPT_NOSTEM = 1u << 0  /* skip stemming: every stem is its norm */
};

/* tx_analyze with options (TX_OPT_* bits); tx_analyze passes 0. */
px_status tx_analyze_opts(tx_ctx *ctx, const char *s, size_t n,
                          const char *lang, unsigned opts, tx_result *out);

/* Sentence spans only (same splitter as tx_analyze): out->tok is NULL and
 * out->ntok 0. */
px_status tx_sentences(tx_ctx *ctx, const char *s, size_t n, const char *lang,
                       tx_result *out);

/* True when the normalized word w is a stopword of lang. */
bool tx_is_stopword(const char *lang, const char *w, size_t n);

/* ---- internal to src/text (lexicon.c), not for other modules ---- */

/* Abbreviation classes (the AB_* values of abbrev.inc). */
enum {
    TX_AB_NONE = 0,  /* not an abbreviation */
    TX_AB_END,       /* may end a sentence */
    TX_AB_INNER,     /* never ends a sentence (Mr.) */
    TX_AB_NUM        /* an abbreviation only before a number (No. 7) */
};

/* What the analyser needs to know about one language. */
typedef struct tx_langinfo {
    int stop;           /* index of its stopword list, or -1 */
    int abbr;           /* index of its abbreviation list (English as fallback) */
    int abbr_stop;      /* stopword list that tells a sentence start after an
                           abbreviation: its own, else English */
    int stem;           /* index of its Snowball stemmer, or -1 */
    bool elide;         /* splits elided articles: l'homme -> l' homme */
    bool ordinal_dot;   /* "7. Oktober": a period after a day number */
} tx_langinfo;

/* Fills *li for lang (see tx_analyze for the accepted forms). */
void tx_lang_lookup(const char *lang, tx_langinfo *li);
/* Upper bound of tx_stem_count(), for arrays indexed by stemmer. */
#define TX_MAX_STEMMERS 32

/* Number of Snowball languages, and the algorithm name of one. */
int tx_stem_count(void);
const char *tx_stem_name(int i);
/* True when w (normalized) is in stopword list i (>= 0). */
bool tx_stop_has(int list, const char *w, size_t n);
/* The class (TX_AB_*) of the lowercase key (no final period) in
 * abbreviation list i; cap: the word was capitalized in the text. */
int tx_abbr_class(int list, const char *key, size_t n, bool cap);
/* The bitmask of cue languages of the lowercase word w (0: none), and
 * the languages of the bits. */
unsigned tx_cue_mask(const char *w, size_t n);
int tx_cue_count(void);
const char *tx_cue_lang(int bit);

/* ---- cleaning (clean.c) ---- */

/*
 * Cuts, by their shape, the passages of d->text that are not the article:
 * donation and subscription appeals, photo captions and credits, update
 * notes ("Updated with ...", also kept in d->updated), bylines and
 * datelines at the start, newsletter and social prompts, advertisement
 * markers, "Read more" and "Related" lines. Each cut is appended to
 * d->cuts with its reason, in text order, and the text is rewritten
 * without it; a body is never cut to nothing. Safe on any UTF-8.
 */
px_status tx_clean_doc(px_doc *d);

/*
 * Cuts, with reason "boilerplate", the paragraphs that one source repeats
 * across its articles among docs[0..n): a paragraph found (case and spacing
 * aside) in at least three of the source's articles and a tenth of them,
 * when those articles differ otherwise: each is known by its longest
 * paragraph other than this one, and three must differ, so that copies and
 * updated versions of one article count once. Articles without a source are left alone. The
 * result does not depend on the order of docs.
 */
px_status tx_clean_repeated(px_doc **docs, size_t n, const px_allocator *al);

#endif
