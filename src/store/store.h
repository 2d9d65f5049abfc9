/*
 * store.h - what the files of src/store share: the px_store object, error
 * reporting, statement helpers and the blob encoding of vectors.
 *
 *   store.c   open, schema and migrations, locking, errors
 *   add.c     a batch of articles into the store (px_store_add)
 *   query.c   stories back out as a corpus (touched, show, list), export
 *             and import
 *   search.c  the full-text index (list --query)
 *   digest.c  what changed in a story's comparison since the last one
 *
 * docs/schema.sql is the schema; tests/test_store.c checks that it matches
 * the one created here.
 */
#ifndef PX_STORE_H
#define PX_STORE_H

#include "../common/doc.h"
#include "../cluster/cluster.h"
#include "../corpus.h"

#include <sqlite3.h>

/* The schema version this library writes (PRAGMA user_version). */
#define ST_SCHEMA 2
/* Characters of an article body that the full-text index holds. */
#define ST_FTS_BODY 1000
/* PRAGMA application_id of a parallax store: "PRLX". */
#define ST_APP_ID 0x50524c58

struct px_store {
    px_allocator al;      /* memory of the store object */
    sqlite3 *db;          /* the connection */
    char *path;           /* as given */
    bool readonly;        /* opened with PX_STORE_READONLY */
    int lock_fd;          /* holds the writer's flock, or -1 */
    px_options opt;       /* options of the store (clustering from meta) */
    cl_state *cl;         /* the clusterer's state, loaded on first add */
    bool fetch_failed;    /* reading the state for a batch failed: the
                             message says why */
    sqlite3_stmt *q_fetch[3]; /* its statements: df, postings, stories */
    px_buf err;           /* last error message */
    uint32_t *touched;    /* stories touched by the last add */
    size_t ntouched, tcap;
    int64_t last_batch;   /* number of the last batch added */
    int64_t *tbatch;      /* batch of each doc of the last touched corpus */
    size_t ntbatch;       /* its docs */
    struct st_change *chg; /* per story of the last touched corpus: what
                              its comparison changed (digest.c) */
    size_t nchg;
};

/* Sets the message "PATH: what: reason" and returns the px_status that
 * SQLite's rc maps to (busy: PX_EBUSY; full, read-only, I/O: PX_EIO; not a
 * database, corrupt: PX_EFORMAT; memory: PX_ENOMEM). */
px_status st_fail(px_store *s, int rc, const char *what);
/* Sets the message "PATH: msg" and returns code. */
px_status st_failf(px_store *s, px_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Runs sql (no results wanted). */
px_status st_exec(px_store *s, const char *sql);
/* Prepares sql into *out. */
px_status st_prepare(px_store *s, const char *sql, sqlite3_stmt **out);
/* A text column as a NUL-terminated string ("" for NULL). */
const char *st_text(sqlite3_stmt *q, int col);

/* Vectors as blobs: n little-endian (u32 term, f32 weight) pairs. */
px_status st_vec_encode(const cl_vec_view *v, px_buf *out);
/* Decodes into t/w (grown as needed); PX_EFORMAT for a bad length. */
px_status st_vec_decode(const px_allocator *al, const void *blob, size_t len,
                        uint32_t **t, float **w, size_t *cap, uint32_t *n);

/* Loads the clusterer's state from the store (first add). */
px_status st_load_state(px_store *s);

/* PX_OK when a corpus read with options co can join the store (the same
 * duplicate options); else PX_EINVAL with the message set. */
px_status st_check_corpus(px_store *s, const px_options *co);

/* Indexes the articles from aid first on (this batch's) for full-text
 * search, in one statement. */
px_status st_fts_add(px_store *s, int64_t first);
/* The FTS5 query of the words of px_store_query: each word a quoted
 * string (a trailing * keeps a prefix query), all of them required. "" for
 * no word. Words of punctuation alone are left out; *nothing is set when
 * words were given and none is left: the selection is then empty. */
px_status st_fts_match(const char *words, px_buf *out, bool *nothing);

/* Digests the comparison of each story of t (from px_store_touched),
 * records what changed since the stored digest, and stores the new ones.
 * Nothing is done for a read-only store or an uncompared corpus. */
px_status st_digest_touched(px_store *s, const px_corpus *t);
/* Frees the recorded changes. */
void st_digest_clear(px_store *s);

#endif
