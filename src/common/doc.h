/*
 * doc.h - the document model: one article as it moves down the pipeline.
 *
 * ingest fills the metadata and the text; text analysis and signatures
 * fill the features; dedup and cluster fill the links. Later stages read
 * only these fields, never the raw input. See src/README.md.
 */
#ifndef PX_DOC_H
#define PX_DOC_H

#include "common.h"

/* A sparse term vector: term hashes in ascending order with their counts. */
typedef struct px_tv {
    uint32_t *term; /* 32-bit term hashes, ascending, unique */
    uint16_t *tf;   /* occurrences of each term (saturating) */
    uint32_t n;     /* number of terms */
} px_tv;

/* A passage cut from an article's body by cleaning (src/text/clean.c). */
typedef struct px_cut {
    char *text;          /* the passage as it stood (lines joined by \n) */
    const char *reason;  /* static: "donation appeal", "photo credit", ... */
} px_cut;

struct px_doc {
    px_allocator al;     /* this doc's memory */
    char *id;            /* record id or file name without extensions */
    char *path;          /* where it was read from, with :LINE for JSONL */
    char *source;        /* outlet name or host; "" when unknown */
    char *title;         /* headline; "" when unknown */
    char *url;           /* "" when unknown */
    char *published;     /* as given (ISO 8601); "" when unknown */
    char *author;        /* byline names, comma-separated; "" when unknown */
    char *description;   /* the page's own summary; "" when unknown */
    int64_t time;        /* parsed published time or PX_TIME_UNKNOWN */
    char lang[8];        /* ISO 639-1 code, given or identified; "" unknown */
    char *text;          /* article body, valid UTF-8, NUL-terminated */
    size_t text_len;     /* bytes of text */
    char *raw;           /* the JSON Lines record as read, or NULL */
    size_t raw_len;      /* bytes of raw */
    size_t seq;          /* input order within the corpus */
    bool cut_short;      /* ingest read only the start of it (a web page
                            of more elements than it parses); reported */
    bool packed;         /* itself, its metadata strings and raw live in
                            memory its owner frees (px_doc_pack) */

    /* filled by cleaning (src/text/clean.c), before analysis */
    bool cleaned;        /* cleaning has run; text is the cleaned body */
    px_cut *cuts;        /* what was cut from the body, in text order */
    size_t ncuts;        /* entries in cuts */
    char *updated;       /* "Updated with ..." notes, kept as metadata; "" */

    /* filled by analysis (src/sig/features.c) */
    bool analysed;       /* features below are valid */
    uint64_t exact;      /* hash of the normalized token stream */
    uint32_t *sig;       /* MinHash signature, perm values, or NULL */
    uint32_t nshingles;  /* distinct shingles hashed into sig */
    px_tv body;          /* stemmed content words of the body */
    px_tv title_tv;      /* stemmed content words of the title */
    px_tv names;         /* capitalized names (normalized), with counts */
    uint32_t ntokens;    /* word tokens in the body */
    char *lead;          /* first full sentence, shortened; labels an
                            untitled article; NULL until analysed */

    /* filled by dedup and cluster */
    size_t dup_of;       /* index of the original, or (size_t)-1 */
    float dup_sim;       /* estimated Jaccard with the original */
    size_t story;        /* story index, or (size_t)-1 */
};

/* Creates an empty doc: every string "", time unknown, no links. */
px_doc *px_doc_new(const px_allocator *al);
/* Replaces one string field with a copy of s[0..n). */
px_status px_doc_set(px_doc *d, char **field, const char *s, size_t n);
/* Frees the analysis products (not the metadata or text). */
void px_doc_free_features(px_doc *d);
/* Appends a cut (text copied, reason static); PX_ENOMEM on failure. */
px_status px_doc_add_cut(px_doc *d, const char *text, size_t n, const char *reason);
/* Moves d and its metadata strings and raw record (not the text, cuts or
 * features, which stay its own) into one block from take(ud, n), 16-byte
 * aligned, and frees the originals; returns the moved doc, or NULL (d
 * untouched) when take fails. A packed doc reads as before; px_doc_free
 * then frees only what stayed its own, the block being the owner's. */
px_doc *px_doc_pack(px_doc *d, void *(*take)(void *ud, size_t n), void *ud);
/* Frees the text; it reads "" afterwards. */
void px_doc_drop_text(px_doc *d);
void px_tv_free(const px_allocator *al, px_tv *tv);

#define PX_NONE ((size_t)-1)

#endif
