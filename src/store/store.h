/*
 * store.h - what the files of src/store share: the px_store object, error
 * reporting, statement helpers and the blob encoding of vectors.
 *
 *   store.c   open, schema and migrations, locking, errors
 *   add.c     a batch of articles into the store (px_store_add)
 *   query.c   stories back out as a corpus (touched, show, list), export
 *             and import
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
#define ST_SCHEMA 1
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
    px_buf err;           /* last error message */
    uint32_t *touched;    /* stories touched by the last add */
    size_t ntouched, tcap;
    int64_t last_batch;   /* number of the last batch added */
    int64_t *tbatch;      /* batch of each doc of the last touched corpus */
    size_t ntbatch;       /* its docs */
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

#endif
