/*
 * io.c - a store as JSON Lines and back: export writes every article
 * batch by batch in the order it was added, with its story id; import
 * replays the batches, so the clusterer sees the same articles in the same
 * batches and, with the same version, gives the same stories and ids. The
 * texts are the cleaned texts and go in as they are (no second cleaning).
 */
#include "store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static const char sql_export[] =
    "SELECT a.batch, a.id, a.path, a.url, a.source, a.title, a.published, a.language, "
    "a.text, s.id FROM articles a JOIN stories s ON s.sid = a.story ORDER BY a.batch, a.aid";

static int dump_cb(const char *buf, size_t size, void *ud) {
    return px_buf_add(ud, buf, size) == PX_OK ? 0 : -1;
}

px_status px_store_export(px_store *s, px_write_fn write, void *ud) {
    if (!s || !write) return PX_EINVAL;
    sqlite3_stmt *q;
    PX_TRY(st_prepare(s, sql_export, &q));
    static const char *const keys[] = {"id", "path", "url", "source", "title", "published",
                                       "language", "text", "story"};
    px_buf b;
    px_buf_init(&b, &s->al);
    px_status st = PX_OK;
    int rc;
    /* one read transaction: one committed state */
    bool tx = sqlite3_get_autocommit(s->db) && st_exec(s, "BEGIN") == PX_OK;
    while (st == PX_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        json_t *o = json_object();
        if (!o) {
            st = PX_ENOMEM;
            break;
        }
        for (int k = 0; k < 9; k++)
            json_object_set_new(o, keys[k], json_stringn(st_text(q, k + 1),
                                                         (size_t)sqlite3_column_bytes(q, k + 1)));
        json_object_set_new(o, "batch", json_integer(sqlite3_column_int64(q, 0)));
        px_buf_clear(&b);
        if (json_dump_callback(o, dump_cb, &b, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0 ||
            px_buf_addc(&b, '\n') != PX_OK)
            st = PX_ENOMEM;
        json_decref(o);
        if (st == PX_OK && write(ud, b.p, b.len) != 0) st = st_failf(s, PX_EIO, "export: write failed");
    }
    if (st == PX_OK && rc != SQLITE_DONE) st = st_fail(s, rc, "read");
    sqlite3_finalize(q);
    if (tx) sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    px_buf_free(&b);
    return st;
}

/* ---- import ---- */

typedef struct imp {
    px_store *s;
    const char *path;
    px_corpus *c;         /* the batch being read */
    char **want;          /* story id the file gives each doc of the batch */
    size_t nwant, wcap;
    px_store_add_result total;
    size_t mismatch;
    sqlite3_stmt *story_of;
} imp;

static const char *jstr(json_t *o, const char *k, size_t *n) {
    json_t *v = json_object_get(o, k);
    if (!json_is_string(v)) {
        *n = 0;
        return "";
    }
    *n = json_string_length(v);
    return json_string_value(v);
}

/* One record as a doc of the batch. */
static px_status record(imp *m, json_t *o, unsigned long line) {
    px_store *s = m->s;
    size_t n;
    const char *id = jstr(o, "id", &n);
    if (!n) return st_failf(s, PX_EFORMAT, "%s:%lu: record without \"id\"", m->path, line);
    px_doc *d = px_doc_new(px_corpus_allocator(m->c));
    if (!d) return PX_ENOMEM;
    static const char *const keys[] = {"id", "path", "url", "source", "title", "published", "text"};
    char **fields[] = {&d->id, &d->path, &d->url, &d->source, &d->title, &d->published, &d->text};
    px_status st = PX_OK;
    for (int k = 0; k < 7 && st == PX_OK; k++) {
        const char *v = jstr(o, keys[k], &n);
        st = px_doc_set(d, fields[k], v, n);
        if (k == 6) d->text_len = n;
    }
    const char *lang = jstr(o, "language", &n);
    snprintf(d->lang, sizeof d->lang, "%.*s", (int)(n < 7 ? n : 7), lang);
    d->time = px_parse_time(d->published, strlen(d->published));
    const char *story = jstr(o, "story", &n);
    char *w = st == PX_OK ? px_strndup(&s->al, story, n) : NULL;
    if (st == PX_OK && !w) st = PX_ENOMEM;
    if (st == PX_OK) st = px_grow(&s->al, (void **)&m->want, &m->wcap, m->nwant + 1, sizeof *m->want);
    if (st != PX_OK) {
        px_free(&s->al, w);
        px_doc_free(d);
        return st;
    }
    st = px_corpus_add_doc(m->c, d);
    if (st == PX_EDUPID) {
        px_free(&s->al, w);
        return st_failf(s, PX_EFORMAT, "%s:%lu: id \"%.*s\" repeated", m->path, line, 64, id);
    }
    if (st != PX_OK) {
        px_free(&s->al, w);
        return st;
    }
    m->want[m->nwant++] = w;
    return PX_OK;
}

static void free_want(imp *m) {
    for (size_t i = 0; i < m->nwant; i++) px_free(&m->s->al, m->want[i]);
    m->nwant = 0;
}

/* Adds the batch read so far and checks the story ids it got. */
static px_status flush(imp *m) {
    if (!px_corpus_doc_count(m->c)) return PX_OK;
    px_store_add_result r;
    PX_TRY(px_store_add(m->s, m->c, &r));
    m->total.added += r.added;
    m->total.seen += r.seen;
    m->total.duplicates += r.duplicates;
    m->total.created += r.created;
    m->total.updated += r.updated;
    for (size_t i = 0; i < px_corpus_doc_count(m->c); i++) {
        sqlite3_bind_text(m->story_of, 1, px_doc_id(px_corpus_doc(m->c, i)), -1, SQLITE_STATIC);
        int rc = sqlite3_step(m->story_of);
        const char *got = rc == SQLITE_ROW ? st_text(m->story_of, 0) : "";
        m->mismatch += strcmp(got, m->want[i]) != 0;
        sqlite3_reset(m->story_of);
    }
    free_want(m);
    px_corpus_free(m->c);
    m->c = px_corpus_new(&m->s->opt, &m->s->al);
    return m->c ? PX_OK : PX_ENOMEM;
}

px_status px_store_import(px_store *s, const char *path, px_store_add_result *res,
                          size_t *mismatch) {
    if (!s || !path) return PX_EINVAL;
    if (res) memset(res, 0, sizeof *res);
    if (mismatch) *mismatch = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return st_failf(s, PX_EIO, "import: %s: cannot open", path);
    imp m;
    memset(&m, 0, sizeof m);
    m.s = s;
    m.path = path;
    m.c = px_corpus_new(&s->opt, &s->al);
    px_status st = m.c ? st_prepare(s, "SELECT s.id FROM articles a JOIN stories s ON "
                                       "s.sid = a.story WHERE a.id = ?", &m.story_of)
                       : PX_ENOMEM;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long no = 0;
    json_int_t cur = -1;
    while (st == PX_OK && (len = getline(&line, &cap, f)) >= 0) {
        no++;
        if (len <= 1) continue;
        json_error_t e;
        json_t *o = json_loadb(line, (size_t)len, 0, &e);
        json_t *b = o ? json_object_get(o, "batch") : NULL;
        if (!json_is_object(o) || !json_is_integer(b)) {
            st = st_failf(s, PX_EFORMAT, "%s:%lu: not an exported record (%s)", path, no,
                          o ? "no \"batch\"" : e.text);
        } else {
            if (json_integer_value(b) != cur && cur != -1) st = flush(&m);
            cur = json_integer_value(b);
            if (st == PX_OK) st = record(&m, o, no);
        }
        json_decref(o);
    }
    if (st == PX_OK && ferror(f)) st = st_failf(s, PX_EIO, "import: %s: read error", path);
    if (st == PX_OK) st = flush(&m);
    free(line);
    fclose(f);
    free_want(&m);
    px_free(&s->al, m.want);
    sqlite3_finalize(m.story_of);
    px_corpus_free(m.c);
    if (res) *res = m.total;
    if (mismatch) *mismatch = m.mismatch;
    return st;
}
