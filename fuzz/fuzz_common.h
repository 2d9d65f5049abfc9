/*
 * fuzz_common.h - what the ingest fuzz targets share: a sink that checks
 * every doc's promises (valid UTF-8 text without NULs, of the stated
 * length; no NULL strings) and aborts when one is broken, so that the
 * sanitizers and libFuzzer report it as a crash.
 */
#ifndef PX_FUZZ_COMMON_H
#define PX_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

/* Valid UTF-8 without NUL or CR. (U+FEFF may begin a string: only BOMs
 * at the start of a file are dropped.) */
static inline void fz_check_str(const char *s) {
    if (!s) abort();
    while (strncmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3;
    if (!ig_utf8_is_clean(s, strlen(s))) abort();
}

static inline void fz_check_doc(const px_doc *d) {
    if (strlen(d->text) != d->text_len) abort();
    fz_check_str(d->text);
    fz_check_str(d->id);
    fz_check_str(d->path);
    fz_check_str(d->title);
    fz_check_str(d->source);
    fz_check_str(d->url);
    fz_check_str(d->published);
    fz_check_str(d->author);
    fz_check_str(d->description);
    if (d->id[0] == '\0') abort();
    if (d->text_len == 0) abort(); /* a doc always has text */
}

static inline px_status fz_sink(void *ud, px_doc *d) {
    fz_check_doc(d);
    if (ud) ++*(size_t *)ud;
    px_doc_free(d);
    return PX_OK;
}

static inline void fz_diag(void *ud, const char *path, unsigned long line, const char *reason) {
    (void)ud;
    (void)line;
    if (!path || !reason || !reason[0]) abort();
}

/* Reads data as the file called name through ig_read_bytes. */
static inline void fz_read(const char *name, const uint8_t *data, size_t size, px_format fmt) {
    size_t docs = 0;
    ig_handler h = {fz_sink, fz_diag, &docs, 0, 0, 0, IG_KEEP_RAW, 0};
    px_status st = ig_read_bytes(name, (const char *)data, size, fmt, NULL, &h);
    if (st != PX_OK && st != PX_ENOMEM) abort();
    if (st == PX_OK && h.read - h.skipped != docs) abort();
}

/* Parses data as one article; checks the status contract. */
static inline void fz_parse(const char *name, const uint8_t *data, size_t size, px_format fmt) {
    px_doc *d = (px_doc *)1;
    px_status st = px_doc_parse((const char *)data, size, fmt, name, NULL, &d);
    if (st == PX_OK) {
        fz_check_doc(d);
        px_doc_free(d);
    } else if (d != NULL || (st != PX_EEMPTY && st != PX_EFORMAT && st != PX_ENOMEM)) {
        abort();
    }
}

/* Appends one result of r to out: a doc's fields, or (unless docs_only)
 * the error. */
static inline px_status fz_note(px_buf *out, px_reader *r, px_status st, px_doc *d,
                                bool docs_only) {
    if (st == PX_OK) {
        fz_check_doc(d);
        px_status k = px_buf_printf(out, "%lu %s|%s|%s|%s|%s|%s|%s\n", px_reader_line(r), d->id,
                                    d->path, d->title, d->source, d->url, d->published, d->text);
        px_doc_free(d);
        return k;
    }
    return docs_only ? PX_OK : px_buf_printf(out, "%d %s\n", st, px_reader_last_error(r));
}

/* Feeds s to a reader for name in pieces of k bytes (0: whole) and
 * describes the results in out; -1 when memory ran out. */
static inline int fz_run(px_format fmt, const char *name, const char *s, size_t n, size_t k,
                         bool docs_only, px_buf *out) {
    px_reader *r = px_reader_new(fmt, name, NULL);
    if (!r) return -1;
    size_t pos = 0;
    bool fin = false;
    px_status st = PX_OK;
    while (!fin && st == PX_OK) {
        if (pos < n) {
            size_t m = k ? (k < n - pos ? k : n - pos) : n - pos;
            st = px_reader_feed(r, s + pos, m);
            pos += m;
        } else {
            st = px_reader_finish(r);
            fin = true;
        }
        px_doc *d;
        while (st == PX_OK) {
            px_status ns = px_reader_next(r, &d);
            if (ns == PX_ESTATE) break;
            if (ns == PX_ENOMEM) {
                st = ns;
                break;
            }
            if (ns != PX_OK && (d != NULL || ns == PX_EINVAL || ns == PX_ESTATE)) abort();
            st = fz_note(out, r, ns, d, docs_only);
        }
    }
    px_reader_free(r);
    return st == PX_OK ? 0 : -1;
}

#endif
