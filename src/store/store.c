/*
 * store.c - the parallax store: one SQLite file holding articles, stories
 * and the clusterer's state between runs (docs/schema.sql).
 *
 * - The schema is versioned with PRAGMA user_version; migrations[v] takes
 *   a store from version v to v + 1, all in one transaction, so an
 *   interrupted migration leaves the older version intact. A store written
 *   by a newer version is refused, not guessed at.
 * - WAL mode: readers (list, show) see the last committed batch while a
 *   writer works; synchronous=NORMAL, since WAL keeps committed batches
 *   whole across a crash of the process (only a power loss may lose the
 *   last one).
 * - One writer at a time: the writer keeps an exclusive flock on the file
 *   for as long as it is open, because its in-memory clusterer state must
 *   be the only one that advances the store. The lock dies with the
 *   process, so a killed writer never leaves the store locked.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Version 1, as docs/schema.sql (comments left out). */
static const char schema_v1[] =
    "CREATE TABLE meta (\n"
    "    key TEXT PRIMARY KEY,\n"
    "    value NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE batches (\n"
    "    batch INTEGER PRIMARY KEY,\n"
    "    committed INTEGER NOT NULL,\n"
    "    articles INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE stories (\n"
    "    sid INTEGER PRIMARY KEY,\n"
    "    id TEXT UNIQUE,\n"
    "    label_article INTEGER,\n"
    "    size INTEGER NOT NULL,\n"
    "    members INTEGER NOT NULL,\n"
    "    first INTEGER,\n"
    "    last INTEGER,\n"
    "    updated INTEGER NOT NULL,\n"
    "    body BLOB NOT NULL,\n"
    "    title BLOB NOT NULL,\n"
    "    names BLOB NOT NULL,\n"
    "    label_vec BLOB,\n"
    "    label_title INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX stories_last ON stories(last);\n"
    "CREATE TABLE articles (\n"
    "    aid INTEGER PRIMARY KEY,\n"
    "    id TEXT NOT NULL UNIQUE,\n"
    "    exact INTEGER NOT NULL,\n"
    "    story INTEGER NOT NULL REFERENCES stories(sid),\n"
    "    dup_of INTEGER REFERENCES articles(aid),\n"
    "    dup_sim REAL NOT NULL,\n"
    "    batch INTEGER NOT NULL REFERENCES batches(batch),\n"
    "    ord_time INTEGER NOT NULL,\n"
    "    time INTEGER,\n"
    "    path TEXT NOT NULL,\n"
    "    source TEXT NOT NULL,\n"
    "    title TEXT NOT NULL,\n"
    "    url TEXT NOT NULL,\n"
    "    published TEXT NOT NULL,\n"
    "    language TEXT NOT NULL,\n"
    "    lead TEXT NOT NULL,\n"
    "    text TEXT NOT NULL,\n"
    "    sig BLOB\n"
    ");\n"
    "CREATE INDEX articles_exact ON articles(exact);\n"
    "CREATE INDEX articles_story ON articles(story, ord_time, aid);\n"
    "CREATE INDEX articles_source ON articles(source, story);\n"
    "CREATE TABLE postings (\n"
    "    key INTEGER PRIMARY KEY,\n"
    "    sids BLOB NOT NULL\n"
    ");\n"
    "CREATE TABLE df (\n"
    "    key INTEGER PRIMARY KEY,\n"
    "    n INTEGER NOT NULL\n"
    ");\n"
    ;

/* Version 2 over version 1: the full-text index of list --query, the
 * comparison digests of stream's story_updated events. The index is
 * filled from the stored articles here, so a migrated store is searchable
 * at once. The index keeps no positions or columns (detail=none, about a
 * tenth of the store's size with the full body): bm25 reads the indexed
 * text back through the view, for the matching rows only. The body is cut
 * at ST_FTS_BODY characters, the lede, which halves the time and size of
 * the index on news text (bench/README.md). */
#define STR_(x) #x
#define STR(x) STR_(x)
static const char schema_v2[] =
    "CREATE VIEW articles_head AS SELECT aid, title, substr(text, 1, " STR(ST_FTS_BODY) ") "
    "AS body FROM articles;\n"
    /* one line, as in docs/schema.sql: the test compares the statement */
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles_head', content_rowid='aid', detail=none, tokenize='unicode61 remove_diacritics 2');\n"
    "CREATE TABLE digests (\n"
    "    id TEXT PRIMARY KEY REFERENCES stories(id),\n"
    "    batch INTEGER NOT NULL,\n"
    "    digest TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO articles_fts(articles_fts) VALUES('rebuild');\n"
    ;

/* migrations[v]: from user_version v to v + 1. Version 0 is an empty file. */
static const char *const migrations[] = {schema_v1, schema_v2};

px_status st_failf(px_store *s, px_status code, const char *fmt, ...) {
    px_buf_clear(&s->err);
    (void)px_buf_printf(&s->err, "%s: ", s->path);
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    (void)px_buf_adds(&s->err, tmp);
    return code;
}

px_status st_fail(px_store *s, int rc, const char *what) {
    const char *m = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_NOMEM: return st_failf(s, PX_ENOMEM, "%s: out of memory", what);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return st_failf(s, PX_EBUSY, "%s: the store is locked by another process", what);
    case SQLITE_FULL: return st_failf(s, PX_EIO, "%s: disk full; the store is unchanged", what);
    case SQLITE_READONLY:
        return st_failf(s, PX_EIO, "%s: cannot write (read-only file or directory)", what);
    case SQLITE_NOTADB: return st_failf(s, PX_EFORMAT, "not a parallax store (not an SQLite database)");
    case SQLITE_CORRUPT: return st_failf(s, PX_EFORMAT, "%s: the store is corrupt (%s)", what, m);
    default: return st_failf(s, PX_EIO, "%s: %s", what, m);
    }
}

px_status st_exec(px_store *s, const char *sql) {
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? PX_OK : st_fail(s, rc, "write");
}

px_status st_prepare(px_store *s, const char *sql, sqlite3_stmt **out) {
    int rc = sqlite3_prepare_v2(s->db, sql, -1, out, NULL);
    return rc == SQLITE_OK ? PX_OK : st_fail(s, rc, "query");
}

const char *st_text(sqlite3_stmt *q, int col) {
    const unsigned char *t = sqlite3_column_text(q, col);
    return t ? (const char *)t : "";
}

/* ---- blobs ---- */

static void put32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

px_status st_vec_encode(const cl_vec_view *v, px_buf *out) {
    px_buf_clear(out);
    PX_TRY(px_buf_reserve(out, (size_t)v->n * 8 + 1));
    unsigned char *p = (unsigned char *)out->p;
    for (uint32_t i = 0; i < v->n; i++) {
        uint32_t w;
        memcpy(&w, &v->w[i], sizeof w);
        put32(p + 8 * i, v->t[i]);
        put32(p + 8 * i + 4, w);
    }
    out->len = (size_t)v->n * 8;
    return PX_OK;
}

px_status st_vec_decode(const px_allocator *al, const void *blob, size_t len, uint32_t **t,
                        float **w, size_t *cap, uint32_t *n) {
    if (len % 8) return PX_EFORMAT;
    size_t k = len / 8;
    if (k > *cap) {
        uint32_t *nt = px_realloc(al, *t, k * sizeof *nt);
        if (!nt) return PX_ENOMEM;
        *t = nt;
        float *nw = px_realloc(al, *w, k * sizeof *nw);
        if (!nw) return PX_ENOMEM;
        *w = nw;
        *cap = k;
    }
    const unsigned char *p = blob;
    for (size_t i = 0; i < k; i++) {
        (*t)[i] = get32(p + 8 * i);
        uint32_t b = get32(p + 8 * i + 4);
        memcpy(&(*w)[i], &b, sizeof b);
        if (i && (*t)[i] <= (*t)[i - 1]) return PX_EFORMAT;
    }
    *n = (uint32_t)k;
    return PX_OK;
}

/* ---- opening ---- */

static px_status pragma_int(px_store *s, const char *sql, int64_t *out) {
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK) return st_fail(s, rc, "open");
    rc = sqlite3_step(q);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? PX_OK : st_fail(s, rc, "open");
}

/* Writes key = v; with keep, an existing value stays (a default). */
static px_status meta_put(px_store *s, const char *key, double v, bool keep) {
    sqlite3_stmt *q;
    PX_TRY(st_prepare(s, keep ? "INSERT OR IGNORE INTO meta(key, value) VALUES(?, ?)"
                              : "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)",
                      &q));
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_double(q, 2, v);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? PX_OK : st_fail(s, rc, "write");
}

static px_status meta_set(px_store *s, const char *key, double v) {
    return meta_put(s, key, v, false);
}

/* Sets key unless it is there. */
static px_status meta_default(px_store *s, const char *key, double v) {
    return meta_put(s, key, v, true);
}

static px_status meta_get(px_store *s, const char *key, double *v) {
    sqlite3_stmt *q;
    PX_TRY(st_prepare(s, "SELECT value FROM meta WHERE key = ?", &q));
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) *v = sqlite3_column_double(q, 0);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW) return PX_OK;
    if (rc == SQLITE_DONE) return st_failf(s, PX_EFORMAT, "not a parallax store (no meta '%s')", key);
    return st_fail(s, rc, "read");
}

/* Brings the schema from version v to ST_SCHEMA in one transaction. */
static px_status migrate(px_store *s, int64_t v) {
    PX_TRY(st_exec(s, "BEGIN IMMEDIATE"));
    px_status st = PX_OK;
    for (int64_t k = v; k < ST_SCHEMA && st == PX_OK; k++) st = st_exec(s, migrations[k]);
    if (st == PX_OK && v == 0) {
        /* a new store: the options that decide story membership are
         * fixed from now on */
        st = meta_set(s, "story_threshold", s->opt.story_threshold);
        if (st == PX_OK) st = meta_set(s, "window_days", s->opt.window_days);
        if (st == PX_OK) st = meta_set(s, "dup_threshold", s->opt.dup_threshold);
        if (st == PX_OK) st = meta_set(s, "shingle", s->opt.shingle);
        if (st == PX_OK) st = meta_set(s, "perm", s->opt.perm);
        if (st == PX_OK)
            st = meta_set(s, "near_dup", !(s->opt.flags & PX_OPT_NO_NEAR_DUP));
        if (st == PX_OK) st = meta_set(s, "df_docs", 0);
    } else if (st == PX_OK && v == 1) {
        /* version 1 took the duplicate options from each batch and kept
         * none: the defaults are the best guess of what it used */
        px_options d;
        px_options_init(&d);
        st = meta_default(s, "dup_threshold", d.dup_threshold);
        if (st == PX_OK) st = meta_default(s, "shingle", d.shingle);
        if (st == PX_OK) st = meta_default(s, "perm", d.perm);
        if (st == PX_OK) st = meta_default(s, "near_dup", 1);
    }
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
             ST_APP_ID, ST_SCHEMA);
    if (st == PX_OK) st = st_exec(s, sql);
    if (st == PX_OK) st = st_exec(s, "COMMIT");
    if (st != PX_OK) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static px_status lock_writer(px_store *s) {
    s->lock_fd = open(s->path, O_RDONLY | O_CLOEXEC);
    if (s->lock_fd < 0) return st_failf(s, PX_EIO, "%s", strerror(errno));
    if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            return st_failf(s, PX_EBUSY, "another parallax process is writing to this store");
        return st_failf(s, PX_EIO, "cannot lock: %s", strerror(errno));
    }
    return PX_OK;
}

/* The store's membership options into s->opt (the caller's thread count
 * and other flags stay). */
static px_status load_options(px_store *s) {
    double shingle, perm, near;
    PX_TRY(meta_get(s, "story_threshold", &s->opt.story_threshold));
    PX_TRY(meta_get(s, "window_days", &s->opt.window_days));
    PX_TRY(meta_get(s, "dup_threshold", &s->opt.dup_threshold));
    PX_TRY(meta_get(s, "shingle", &shingle));
    PX_TRY(meta_get(s, "perm", &perm));
    PX_TRY(meta_get(s, "near_dup", &near));
    s->opt.shingle = (unsigned)shingle;
    s->opt.perm = (unsigned)perm;
    if (near != 0) s->opt.flags &= ~PX_OPT_NO_NEAR_DUP;
    else s->opt.flags |= PX_OPT_NO_NEAR_DUP;
    return PX_OK;
}

void px_store_options(const px_store *s, px_options *out) {
    if (!s || !out) return;
    *out = s->opt;
}

px_status st_check_corpus(px_store *s, const px_options *co) {
    const px_options *o = &s->opt;
    char what[160] = "";
    if (co->dup_threshold != o->dup_threshold)
        snprintf(what, sizeof what, "--threshold %g, the store's is %g", co->dup_threshold,
                 o->dup_threshold);
    else if (co->shingle != o->shingle)
        snprintf(what, sizeof what, "--shingle %u, the store's is %u", co->shingle, o->shingle);
    else if (co->perm != o->perm)
        snprintf(what, sizeof what, "--perm %u, the store's is %u", co->perm, o->perm);
    else if ((co->flags ^ o->flags) & PX_OPT_NO_NEAR_DUP)
        snprintf(what, sizeof what, "near duplicates %s, the store's %s",
                 (co->flags & PX_OPT_NO_NEAR_DUP) ? "off" : "on",
                 (o->flags & PX_OPT_NO_NEAR_DUP) ? "off" : "on");
    if (!what[0]) return PX_OK;
    return st_failf(s, PX_EINVAL, "the articles were read with %s (a store keeps the options "
                    "it was created with)", what);
}

static px_status check_and_setup(px_store *s, unsigned flags) {
    int64_t app, ver, tables;
    /* the first read of a file that is not SQLite fails here */
    PX_TRY(pragma_int(s, "PRAGMA application_id", &app));
    PX_TRY(pragma_int(s, "PRAGMA user_version", &ver));
    PX_TRY(pragma_int(s, "SELECT count(*) FROM sqlite_master", &tables));
    bool empty = app == 0 && ver == 0 && tables == 0;
    if (!empty && app != ST_APP_ID)
        return st_failf(s, PX_EFORMAT, "not a parallax store (an SQLite database of another application)");
    if (ver > ST_SCHEMA)
        return st_failf(s, PX_EUNSUPPORTED,
                        "store schema version %lld is newer than this parallax (%s) reads (%d); "
                        "use a newer parallax",
                        (long long)ver, px_version(), ST_SCHEMA);
    if (s->readonly) {
        if (empty) return st_failf(s, PX_EFORMAT, "not a parallax store (empty)");
        if (ver < ST_SCHEMA)
            return st_failf(s, PX_ESTATE, "store schema version %lld needs an upgrade: open it "
                            "for writing once", (long long)ver);
    } else {
        if (sqlite3_db_readonly(s->db, "main") == 1)
            return st_failf(s, PX_EIO, "cannot write (read-only file or directory)");
        if (empty && !(flags & PX_STORE_CREATE))
            return st_failf(s, PX_EFORMAT, "not a parallax store (empty)");
        PX_TRY(lock_writer(s));
        char *msg = NULL;
        int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536",
                              NULL, NULL, &msg);
        sqlite3_free(msg);
        if (rc != SQLITE_OK) return st_fail(s, rc, "open");
        if (ver < ST_SCHEMA) PX_TRY(migrate(s, ver));
    }
    return load_options(s);
}

static void copy_err(const px_store *s, char *err, size_t errlen) {
    if (err && errlen) snprintf(err, errlen, "%s", s->err.p ? s->err.p : "");
}

px_status px_store_open(const char *path, unsigned flags, const px_options *opts,
                        const px_allocator *alloc, px_store **out, char *err, size_t errlen) {
    if (err && errlen) err[0] = '\0';
    if (!out) return PX_EINVAL;
    *out = NULL;
    if (!path || !*path || (flags & ~(PX_STORE_READONLY | PX_STORE_CREATE))) return PX_EINVAL;
    px_allocator a;
    px_alloc_init(&a, alloc);
    px_store *s = px_calloc(&a, 1, sizeof *s);
    if (!s) return PX_ENOMEM;
    s->al = a;
    s->lock_fd = -1;
    s->readonly = flags & PX_STORE_READONLY;
    px_buf_init(&s->err, &s->al);
    if (opts) s->opt = *opts;
    else px_options_init(&s->opt);
    s->path = px_strdup(&s->al, path);
    if (!s->path) {
        px_store_close(s);
        return PX_ENOMEM;
    }
    px_status st = PX_OK;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT || s->readonly || !(flags & PX_STORE_CREATE))
            st = st_failf(s, PX_EIO, "%s", strerror(errno));
    } else if (!S_ISREG(sb.st_mode)) {
        st = st_failf(s, PX_EIO, "not a regular file");
    }
    if (st == PX_OK) {
        int of = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        int rc = sqlite3_open_v2(path, &s->db, of | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc != SQLITE_OK) st = st_fail(s, rc, "open");
    }
    if (st == PX_OK) {
        /* a reader waits out a writer's checkpoint; a second writer is
         * stopped by the flock before it gets here */
        sqlite3_busy_timeout(s->db, 5000);
        st = check_and_setup(s, flags);
    }
    if (st != PX_OK) {
        copy_err(s, err, errlen);
        px_store_close(s);
        return st;
    }
    *out = s;
    return PX_OK;
}

void px_store_close(px_store *s) {
    if (!s) return;
    cl_state_free(s->cl);
    for (int i = 0; i < 3; i++) sqlite3_finalize(s->q_fetch[i]);
    if (s->db) sqlite3_close(s->db);
    /* only after SQLite closed its descriptors: closing ours earlier would
     * drop SQLite's POSIX locks on the file */
    if (s->lock_fd >= 0) close(s->lock_fd);
    px_free(&s->al, s->path);
    px_free(&s->al, s->touched);
    px_free(&s->al, s->tbatch);
    st_digest_clear(s);
    px_buf_free(&s->err);
    px_allocator a = s->al;
    px_free(&a, s);
}

const char *px_store_last_error(const px_store *s) {
    return s && s->err.p ? s->err.p : "";
}

/* ---- the clusterer's state ---- */

static void params_of(const px_store *s, cl_params *p) {
    cl_params_default(p);
    p->threshold = s->opt.story_threshold;
    p->window = s->opt.window_days * 86400.0;
}

typedef struct vbuf {
    uint32_t *t;
    float *w;
    size_t cap;
    uint32_t n;
} vbuf;


/* One statement run once per key: keys come ascending, so the B-tree
 * pages they need are read in order, each once. */
typedef px_status (*row_fn)(px_store *s, cl_state *c, uint32_t key, sqlite3_stmt *q,
                            void *ctx);

static px_status each_key(px_store *s, cl_state *c, sqlite3_stmt **keep, const char *sql,
                          const uint32_t *keys, size_t n, int64_t add, row_fn fn, void *ctx) {
    if (!*keep) PX_TRY(st_prepare(s, sql, keep));
    sqlite3_stmt *q = *keep;
    px_status st = PX_OK;
    for (size_t i = 0; i < n && st == PX_OK; i++) {
        sqlite3_bind_int64(q, 1, (int64_t)keys[i] + add);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) st = fn(s, c, keys[i], q, ctx);
        else if (rc != SQLITE_DONE) st = st_fail(s, rc, "read");
        sqlite3_reset(q);
    }
    if (st != PX_OK) s->fetch_failed = true;
    return st;
}

static px_status df_row(px_store *s, cl_state *c, uint32_t key, sqlite3_stmt *q,
                        void *ctx) {
    (void)s;
    (void)ctx;
    int64_t n = sqlite3_column_int64(q, 0);
    bool names = sqlite3_column_int64(q, 1) != 0;
    return cl_state_df_put(c, names, key, (uint32_t)n);
}

static px_status fetch_df(void *ud, cl_state *c, bool names, const uint32_t *keys, size_t n) {
    /* names are keyed 2^32 + hash (docs/schema.sql) */
    px_store *s = ud;
    return each_key(s, c, &s->q_fetch[0], "SELECT n, key >> 32 FROM df WHERE key = ?", keys, n,
                    names ? (int64_t)1 << 32 : 0, df_row, NULL);
}

static px_status list_row(px_store *s, cl_state *c, uint32_t key, sqlite3_stmt *q,
                          void *ctx) {
    (void)ctx;
    const unsigned char *p = sqlite3_column_blob(q, 0);
    size_t len = (size_t)sqlite3_column_bytes(q, 0);
    if (len % 4) return st_failf(s, PX_EFORMAT, "the store is corrupt (a bad posting list)");
    uint32_t *ids = px_malloc(&s->al, (len / 4 + 1) * sizeof *ids);
    if (!ids) return PX_ENOMEM;
    for (size_t i = 0; i < len / 4; i++) ids[i] = get32(p + 4 * i);
    px_status st = cl_state_list_put(c, key, ids, (uint32_t)(len / 4));
    px_free(&s->al, ids);
    if (st == PX_EINVAL) st = st_failf(s, PX_EFORMAT, "the store is corrupt (a bad posting list)");
    return st;
}

static px_status fetch_lists(void *ud, cl_state *c, const uint32_t *keys, size_t n) {
    px_store *s = ud;
    return each_key(s, c, &s->q_fetch[1], "SELECT sids FROM postings WHERE key = ?", keys, n, 0,
                    list_row, NULL);
}

static px_status col_vec(px_store *s, sqlite3_stmt *q, int col, vbuf *b, cl_vec_view *v) {
    const void *blob = sqlite3_column_blob(q, col);
    size_t len = (size_t)sqlite3_column_bytes(q, col);
    b->n = 0;
    if (len && st_vec_decode(&s->al, blob, len, &b->t, &b->w, &b->cap, &b->n) != PX_OK)
        return st_failf(s, PX_EFORMAT, "the store is corrupt (a bad story vector)");
    v->t = b->t;
    v->w = b->w;
    v->n = b->n;
    return PX_OK;
}

static px_status story_row(px_store *s, cl_state *c, uint32_t sid, sqlite3_stmt *q,
                           void *ctx) {
    vbuf *b = ctx;
    cl_story_view v;
    memset(&v, 0, sizeof v);
    snprintf(v.id, sizeof v.id, "%s", st_text(q, 0));
    v.members = (size_t)sqlite3_column_int64(q, 1);
    v.first = sqlite3_column_type(q, 2) == SQLITE_NULL ? PX_TIME_UNKNOWN : sqlite3_column_int64(q, 2);
    v.last = sqlite3_column_type(q, 3) == SQLITE_NULL ? PX_TIME_UNKNOWN : sqlite3_column_int64(q, 3);
    PX_TRY(col_vec(s, q, 4, &b[0], &v.body));
    PX_TRY(col_vec(s, q, 5, &b[1], &v.title));
    PX_TRY(col_vec(s, q, 6, &b[2], &v.names));
    v.label_set = sqlite3_column_type(q, 7) != SQLITE_NULL;
    if (v.label_set) PX_TRY(col_vec(s, q, 7, &b[3], &v.label));
    v.label_title = sqlite3_column_int(q, 8) != 0;
    return cl_state_story_fill(c, sid, &v);
}

static px_status fetch_stories(void *ud, cl_state *c, const uint32_t *sids, size_t n) {
    px_store *s = ud;
    vbuf b[4];
    memset(b, 0, sizeof b);
    px_status st = each_key(s, c, &s->q_fetch[2], "SELECT id, members, first, last, body, title, names, "
                                  "label_vec, label_title FROM stories WHERE sid = ?",
                            sids, n, 0, story_row, b);
    for (int i = 0; i < 4; i++) {
        px_free(&s->al, b[i].t);
        px_free(&s->al, b[i].w);
    }
    return st;
}

/* Every story as a stub holding its latest time: from the index on last
 * alone, which is small, where the rows hold the story vectors. */
static px_status load_stubs(px_store *s) {
    sqlite3_stmt *q;
    PX_TRY(st_prepare(s, "SELECT count(*), coalesce(max(sid) + 1, 0) FROM stories", &q));
    int rc = sqlite3_step(q);
    int64_t rows = sqlite3_column_int64(q, 0), slots = sqlite3_column_int64(q, 1);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW) return st_fail(s, rc, "read");
    if (rows != slots) return st_failf(s, PX_EFORMAT, "the store is corrupt (story slots not dense)");
    int64_t *last = px_malloc(&s->al, ((size_t)slots + 1) * sizeof *last);
    if (!last) return PX_ENOMEM;
    px_status st = st_prepare(s, "SELECT sid, last FROM stories INDEXED BY stories_last", &q);
    while (st == PX_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t sid = sqlite3_column_int64(q, 0);
        if (sid < 0 || sid >= slots) {
            st = st_failf(s, PX_EFORMAT, "the store is corrupt (story slots not dense)");
            break;
        }
        last[sid] = sqlite3_column_type(q, 1) == SQLITE_NULL ? PX_TIME_UNKNOWN
                                                             : sqlite3_column_int64(q, 1);
    }
    if (st == PX_OK && rc != SQLITE_DONE) st = st_fail(s, rc, "read");
    sqlite3_finalize(q);
    for (int64_t i = 0; i < slots && st == PX_OK; i++) st = cl_state_story_stub(s->cl, last[i]);
    px_free(&s->al, last);
    return st;
}

/* The state starts as stubs and N; the rest is read as batches need it,
 * inside their transactions (cl_source), so that opening a store of a
 * million articles reads a few MB, not the whole clusterer. */
px_status st_load_state(px_store *s) {
    if (s->cl) return PX_OK;
    cl_params p;
    params_of(s, &p);
    s->cl = cl_state_new(&p, true, &s->al);
    if (!s->cl) return PX_ENOMEM;
    /* one read transaction: the stubs and N of one committed state */
    px_status st = st_exec(s, "BEGIN");
    if (st == PX_OK) st = load_stubs(s);
    double n;
    if (st == PX_OK) st = meta_get(s, "df_docs", &n);
    if (st == PX_OK) cl_state_set_docs(s->cl, (uint64_t)n);
    sqlite3_exec(s->db, st == PX_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    if (st != PX_OK) {
        cl_state_free(s->cl);
        s->cl = NULL;
        return st;
    }
    cl_source src = {s, fetch_df, fetch_lists, fetch_stories};
    cl_state_set_source(s->cl, &src);
    return PX_OK;
}
