/*
 * ingest.h - reading articles: files, directories, standard input, gzip,
 * .txt with header lines, .html (tags stripped until real extraction lands),
 * JSON Lines; UTF-8 checked and repaired.
 *
 * Produces px_doc values with metadata and valid UTF-8 text. Never looks at
 * what later stages do with them.
 */
#ifndef PX_INGEST_H
#define PX_INGEST_H

#include "../common/doc.h"

/* Receives each good record; takes ownership of doc (also on failure). A
 * non-OK status stops the read and is returned by ig_read_*. */
typedef px_status (*ig_sink_fn)(void *ud, px_doc *doc);

typedef struct ig_handler {
    ig_sink_fn sink;    /* good records */
    px_diag_fn diag;    /* bad or repaired records: path, line, reason */
    void *ud;           /* passed to both */
    size_t read;        /* incremented per record seen (good or bad) */
    size_t skipped;     /* incremented per record not passed to sink */
    size_t repaired;    /* incremented per record with invalid UTF-8 */
    unsigned flags;     /* IG_* */
} ig_handler;

/* Keep each JSON Lines record's bytes in doc->raw (dedup writes them back). */
#define IG_KEEP_RAW (1u << 0)

/*
 * Reads a file, a directory (recursively; files ending in .txt, .html,
 * .htm, .jsonl, .json, each optionally .gz, in byte order of their paths)
 * or "-" (standard input, sniffed). Returns PX_EIO (with a message in err)
 * when path cannot be opened at all; bad records go to h->diag.
 */
px_status ig_read_path(const char *path, const px_allocator *al,
                       ig_handler *h, px_buf *err);

/* Reads the records in bytes as though from a file called name. */
px_status ig_read_bytes(const char *name, const char *bytes, size_t len,
                        px_format fmt, const px_allocator *al, ig_handler *h);

/* Guesses the format from a name (extensions, .gz ignored); AUTO if none. */
px_format ig_format_from_name(const char *name);

/* The id a file gives its article: base name without known extensions. */
px_status ig_id_from_name(const char *name, px_buf *out);

/*
 * Appends s to out with every invalid UTF-8 sequence replaced by U+FFFD,
 * a leading BOM dropped and CRLF/CR turned into LF. *nbad receives the
 * number of replacements. Safe on arbitrary bytes.
 */
px_status ig_utf8_clean(const char *s, size_t n, px_buf *out, size_t *nbad);

/* Inflates gzip data (one or more members) into out; PX_EFORMAT when it is
 * truncated or corrupt. */
px_status ig_gunzip(const char *s, size_t n, px_buf *out);

#endif
