/*
 * query.c - stories out of the store: as a corpus ready for the report
 * writers (the stories a batch touched, one story, a selection), as a
 * listing, and the whole store as JSON Lines (export) and back (import).
 *
 * A story is rebuilt from its stored articles (texts included), in
 * publication order, with the stored id and label; the comparison is then
 * computed again rather than stored, since it is a function of the texts
 * and changes with every new member.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>

/* A story of the corpus being built. */
typedef struct vstory {
    int64_t sid;        /* store story */
    char id[17];
    int64_t label_aid;  /* articles.aid of the label */
    int64_t first_t;    /* ord_time of its first article */
    int64_t first_aid;  /* aid of its first article */
    size_t off, n;      /* its docs in the view's member array */
    size_t label;       /* label doc index */
} vstory;

typedef struct aidx {
    int64_t aid;
    size_t doc;
} aidx;

static int cmp_aidx(const void *a, const void *b) {
    const aidx *x = a, *y = b;
    return (x->aid > y->aid) - (x->aid < y->aid);
}

static int cmp_vstory(const void *a, const void *b) {
    const vstory *x = a, *y = b;
    if (x->first_t != y->first_t) return x->first_t < y->first_t ? -1 : 1;
    return (x->first_aid > y->first_aid) - (x->first_aid < y->first_aid);
}

typedef struct view {
    px_store *s;
    px_corpus *c;
    sqlite3_stmt *arts, *story;
    vstory *st;
    size_t nst, stcap;
    size_t *mem;        /* doc index of each member, story after story */
    size_t nmem, memcap;
    aidx *map;          /* aid -> doc of the story being read */
    size_t mapcap;
    int64_t *batch;     /* batch of each doc */
    size_t bcap;
} view;

static px_status set_field(px_doc *d, char **f, sqlite3_stmt *q, int col) {
    return px_doc_set(d, f, st_text(q, col), (size_t)sqlite3_column_bytes(q, col));
}

/* One stored article as a doc. */
static px_status row_doc(view *v, sqlite3_stmt *q, px_doc **out) {
    px_doc *d = px_doc_new(px_corpus_allocator(v->c));
    if (!d) return PX_ENOMEM;
    px_status st = set_field(d, &d->id, q, 1);
    if (st == PX_OK) st = set_field(d, &d->path, q, 2);
    if (st == PX_OK) st = set_field(d, &d->source, q, 3);
    if (st == PX_OK) st = set_field(d, &d->title, q, 4);
    if (st == PX_OK) st = set_field(d, &d->url, q, 5);
    if (st == PX_OK) st = set_field(d, &d->published, q, 6);
    if (st == PX_OK) st = set_field(d, &d->lead, q, 9);
    if (st == PX_OK) st = set_field(d, &d->text, q, 10);
    if (st != PX_OK) {
        px_doc_free(d);
        return st;
    }
    d->text_len = (size_t)sqlite3_column_bytes(q, 10);
    d->time = sqlite3_column_type(q, 7) == SQLITE_NULL ? PX_TIME_UNKNOWN : sqlite3_column_int64(q, 7);
    snprintf(d->lang, sizeof d->lang, "%s", st_text(q, 8));
    *out = d;
    return PX_OK;
}

static const char sql_arts[] =
    "SELECT aid, id, path, source, title, url, published, time, language, lead, text, "
    "dup_of, dup_sim, ord_time, batch FROM articles WHERE story = ? ORDER BY ord_time, aid";

/* Reads story sid with all its articles into the view. */
static px_status add_story(view *v, int64_t sid) {
    px_store *s = v->s;
    sqlite3_bind_int64(v->story, 1, sid);
    int rc = sqlite3_step(v->story);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(v->story);
        return rc == SQLITE_DONE ? PX_OK : st_fail(s, rc, "read");
    }
    PX_TRY(px_grow(&s->al, (void **)&v->st, &v->stcap, v->nst + 1, sizeof *v->st));
    vstory *vs = &v->st[v->nst];
    memset(vs, 0, sizeof *vs);
    vs->sid = sid;
    snprintf(vs->id, sizeof vs->id, "%s", st_text(v->story, 0));
    vs->label_aid = sqlite3_column_type(v->story, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(v->story, 1);
    sqlite3_reset(v->story);
    if (!vs->id[0]) return PX_OK; /* a slot that never kept an article */
    vs->off = v->nmem;
    vs->label = PX_NONE;
    sqlite3_bind_int64(v->arts, 1, sid);
    px_status st = PX_OK;
    size_t k = 0;
    int64_t *dup = NULL;
    size_t dcap = 0;
    while (st == PX_OK && (rc = sqlite3_step(v->arts)) == SQLITE_ROW) {
        px_doc *d;
        if ((st = row_doc(v, v->arts, &d)) != PX_OK) break;
        int64_t aid = sqlite3_column_int64(v->arts, 0);
        if (k == 0) {
            vs->first_aid = aid;
            vs->first_t = sqlite3_column_int64(v->arts, 13);
        }
        d->dup_sim = (float)sqlite3_column_double(v->arts, 12);
        if ((st = px_grow(&s->al, (void **)&dup, &dcap, k + 1, sizeof *dup)) != PX_OK ||
            (st = px_grow(&s->al, (void **)&v->map, &v->mapcap, k + 1, sizeof *v->map)) != PX_OK ||
            (st = px_grow(&s->al, (void **)&v->mem, &v->memcap, v->nmem + 1, sizeof *v->mem)) != PX_OK) {
            px_doc_free(d);
            break;
        }
        dup[k] = sqlite3_column_type(v->arts, 11) == SQLITE_NULL ? -1 : sqlite3_column_int64(v->arts, 11);
        size_t di = px_corpus_doc_count(v->c);
        if ((st = px_corpus_add_doc(v->c, d)) != PX_OK) break;
        if ((st = px_grow(&s->al, (void **)&v->batch, &v->bcap, di + 1, sizeof *v->batch)) != PX_OK)
            break;
        v->batch[di] = sqlite3_column_int64(v->arts, 14);
        v->map[k].aid = aid;
        v->map[k].doc = di;
        if (aid == vs->label_aid) vs->label = di;
        v->mem[v->nmem++] = di;
        k++;
    }
    if (st == PX_OK && rc != SQLITE_DONE) st = st_fail(s, rc, "read");
    sqlite3_reset(v->arts);
    vs->n = k;
    if (st == PX_OK) {
        /* duplicates point at their original, which is in the same story */
        if (k) qsort(v->map, k, sizeof *v->map, cmp_aidx);
        size_t n;
        px_doc **docs = px_corpus_docs(v->c, &n);
        for (size_t j = 0; j < k; j++) {
            if (dup[j] < 0) continue;
            aidx key = {dup[j], 0};
            const aidx *hit = bsearch(&key, v->map, k, sizeof *v->map, cmp_aidx);
            if (hit) docs[v->mem[vs->off + j]]->dup_of = hit->doc;
        }
        if (k) v->nst++;
    }
    px_free(&s->al, dup);
    return st;
}

static px_status view_open(px_store *s, unsigned flags, view *v) {
    memset(v, 0, sizeof *v);
    v->s = s;
    px_options o = s->opt;
    o.flags = (flags & PX_STORE_NO_COMPARE) ? PX_OPT_NO_COMPARE : 0;
    v->c = px_corpus_new(&o, &s->al);
    if (!v->c) return PX_ENOMEM;
    PX_TRY(st_prepare(s, sql_arts, &v->arts));
    return st_prepare(s, "SELECT id, label_article FROM stories WHERE sid = ?", &v->story);
}

static void view_free(view *v) {
    sqlite3_finalize(v->arts);
    sqlite3_finalize(v->story);
    px_free(&v->s->al, v->st);
    px_free(&v->s->al, v->mem);
    px_free(&v->s->al, v->map);
    px_free(&v->s->al, v->batch);
    px_corpus_free(v->c);
}

/* Orders the stories as a run does (by their first article) and hands
 * them to the corpus, which compares them. */
static px_status view_finish(view *v, px_corpus **out) {
    px_store *s = v->s;
    if (v->nst) qsort(v->st, v->nst, sizeof *v->st, cmp_vstory);
    size_t *off = px_malloc(&s->al, (v->nst + 1) * sizeof *off);
    size_t *mem = px_malloc(&s->al, (v->nmem + 1) * sizeof *mem);
    size_t *lab = px_malloc(&s->al, (v->nst + 1) * sizeof *lab);
    char(*ids)[17] = px_malloc(&s->al, (v->nst + 1) * sizeof *ids);
    px_status st = PX_ENOMEM;
    if (off && mem && lab && ids) {
        size_t m = 0;
        for (size_t i = 0; i < v->nst; i++) {
            off[i] = m;
            if (v->st[i].n) memcpy(&mem[m], &v->mem[v->st[i].off], v->st[i].n * sizeof *mem);
            m += v->st[i].n;
            lab[i] = v->st[i].label;
            memcpy(ids[i], v->st[i].id, sizeof ids[i]);
        }
        off[v->nst] = m;
        st = px_corpus_set_stories(v->c, v->nst, off, mem, (const char(*)[17])ids, lab);
    }
    px_free(&s->al, off);
    px_free(&s->al, mem);
    px_free(&s->al, lab);
    px_free(&s->al, ids);
    if (st != PX_OK) return st_failf(s, st, "%s", px_strerror(st));
    *out = v->c;
    v->c = NULL;
    return PX_OK;
}

/* A corpus of the stories sids[0..n) (in a read transaction, so that they
 * come from one committed state). */
static px_status view_sids(px_store *s, const int64_t *sids, size_t n, unsigned flags,
                           px_corpus **out, int64_t **batch) {
    *out = NULL;
    view v;
    px_status st = view_open(s, flags, &v);
    bool tx = st == PX_OK && sqlite3_get_autocommit(s->db);
    if (tx) st = st_exec(s, "BEGIN");
    for (size_t i = 0; i < n && st == PX_OK; i++) st = add_story(&v, sids[i]);
    if (st == PX_OK) st = view_finish(&v, out);
    if (st == PX_OK && batch) {
        *batch = v.batch;
        v.batch = NULL;
    }
    if (tx) sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    view_free(&v);
    return st;
}

px_status px_store_touched(px_store *s, unsigned flags, px_corpus **out) {
    if (!s || !out) return PX_EINVAL;
    int64_t *sids = px_malloc(&s->al, (s->ntouched + 1) * sizeof *sids);
    if (!sids) return PX_ENOMEM;
    for (size_t i = 0; i < s->ntouched; i++) sids[i] = s->touched[i];
    px_free(&s->al, s->tbatch);
    s->tbatch = NULL;
    px_status st = view_sids(s, sids, s->ntouched, flags, out, &s->tbatch);
    s->ntbatch = st == PX_OK ? px_corpus_doc_count(*out) : 0;
    if (st == PX_OK && (st = st_digest_touched(s, *out)) != PX_OK) {
        px_corpus_free(*out);
        *out = NULL;
    }
    px_free(&s->al, sids);
    return st;
}

int px_store_touched_new(const px_store *s, size_t doc) {
    return s && s->tbatch && doc < s->ntbatch && s->tbatch[doc] == s->last_batch;
}

px_status px_store_story(px_store *s, const char *id, unsigned flags, px_corpus **out) {
    if (!s || !id || !out) return PX_EINVAL;
    *out = NULL;
    sqlite3_stmt *q;
    PX_TRY(st_prepare(s, "SELECT sid FROM stories WHERE id = ?", &q));
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    int64_t sid = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return st_fail(s, rc, "read");
    if (sid < 0) return st_failf(s, PX_EEMPTY, "no story with id '%s'", id);
    return view_sids(s, &sid, 1, flags, out, NULL);
}

/* ---- selections ---- */

/* Title hits weigh this many times body hits in the ranking of --query. */
#define TITLE_WEIGHT "4.0"

/* Builds the selection's SQL and binds it. With words, a story is selected
 * when one of its articles holds every word (full-text index), and ranked
 * by its best article's bm25; otherwise the latest come first. */
static px_status select_sql(px_store *s, const px_store_query *q, sqlite3_stmt **out) {
    px_buf b, m;
    px_buf_init(&b, &s->al);
    px_buf_init(&m, &s->al);
    bool nothing;
    px_status st = st_fts_match(q ? q->words : NULL, &m, &nothing);
    bool fts = st == PX_OK && m.len > 0;
    if (st == PX_OK && fts)
        st = px_buf_adds(&b,
            /* materialized: bm25 is only valid in the full-text query
             * itself, not in the aggregate it would be flattened into */
            "WITH m AS MATERIALIZED (SELECT rowid AS aid, bm25(articles_fts, " TITLE_WEIGHT
            ", 1.0) AS r FROM articles_fts WHERE articles_fts MATCH ?3), "
            "hits(sid, rank) AS (SELECT a.story, min(m.r) FROM m JOIN articles a ON "
            "a.aid = m.aid GROUP BY a.story) ");
    if (st == PX_OK)
        st = px_buf_adds(&b,
            "SELECT s.sid, s.id, s.size, s.first, s.last, coalesce(l.title, ''), "
            "coalesce(l.lead, ''), "
            "(SELECT count(DISTINCT source) FROM articles WHERE story = s.sid AND source <> '') "
            "FROM stories s ");
    if (st == PX_OK && fts) st = px_buf_adds(&b, "JOIN hits h ON h.sid = s.sid ");
    if (st == PX_OK)
        st = px_buf_adds(&b, nothing ? "LEFT JOIN articles l ON l.aid = s.label_article WHERE 0"
                                     : "LEFT JOIN articles l ON l.aid = s.label_article "
                                       "WHERE s.id IS NOT NULL");
    if (st == PX_OK && q && q->since)
        st = px_buf_adds(&b, " AND s.last >= ?1");
    if (st == PX_OK && q && q->source)
        st = px_buf_adds(&b, " AND EXISTS (SELECT 1 FROM articles a WHERE a.source = ?2 AND "
                             "a.story = s.sid)");
    if (st == PX_OK)
        st = px_buf_adds(&b, fts ? " ORDER BY h.rank, s.last DESC, s.sid DESC"
                                 : " ORDER BY s.last DESC, s.sid DESC");
    if (st == PX_OK && q && q->limit) st = px_buf_printf(&b, " LIMIT %zu", q->limit);
    if (st == PX_OK) st = st_prepare(s, b.p, out);
    if (st == PX_OK) {
        if (q && q->since) sqlite3_bind_int64(*out, 1, q->since);
        if (q && q->source) sqlite3_bind_text(*out, 2, q->source, -1, SQLITE_TRANSIENT);
        if (fts) sqlite3_bind_text(*out, 3, m.p, (int)m.len, SQLITE_TRANSIENT);
    }
    px_buf_free(&b);
    px_buf_free(&m);
    return st;
}

static int64_t col_time(sqlite3_stmt *q, int col) {
    return sqlite3_column_type(q, col) == SQLITE_NULL ? PX_TIME_UNKNOWN : sqlite3_column_int64(q, col);
}

px_status px_store_list(px_store *s, const px_store_query *q, px_store_story_fn fn, void *ud) {
    if (!s || !fn) return PX_EINVAL;
    sqlite3_stmt *st;
    PX_TRY(select_sql(s, q, &st));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *title = st_text(st, 5);
        px_store_story_info in = {st_text(st, 1), title[0] ? title : st_text(st, 6),
                                  (size_t)sqlite3_column_int64(st, 2),
                                  (size_t)sqlite3_column_int64(st, 7), col_time(st, 3),
                                  col_time(st, 4)};
        if (fn(ud, &in)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? PX_OK : st_fail(s, rc, "read");
}

px_status px_store_select(px_store *s, const px_store_query *q, unsigned flags, px_corpus **out) {
    if (!s || !out) return PX_EINVAL;
    *out = NULL;
    sqlite3_stmt *st;
    PX_TRY(select_sql(s, q, &st));
    int64_t *sids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    px_status ps = PX_OK;
    while (ps == PX_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        ps = px_grow(&s->al, (void **)&sids, &cap, n + 1, sizeof *sids);
        if (ps == PX_OK) sids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (ps == PX_OK && rc != SQLITE_DONE) ps = st_fail(s, rc, "read");
    if (ps == PX_OK) ps = view_sids(s, sids, n, flags, out, NULL);
    px_free(&s->al, sids);
    return ps;
}

px_status px_store_stat(px_store *s, px_store_info *out) {
    if (!s || !out) return PX_EINVAL;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *q;
    PX_TRY(st_prepare(s, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM "
                         "stories WHERE id IS NOT NULL), (SELECT count(*) FROM batches)", &q));
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->articles = (size_t)sqlite3_column_int64(q, 0);
        out->stories = (size_t)sqlite3_column_int64(q, 1);
        out->batches = (size_t)sqlite3_column_int64(q, 2);
    }
    sqlite3_finalize(q);
    out->schema = ST_SCHEMA;
    return rc == SQLITE_ROW ? PX_OK : st_fail(s, rc, "read");
}
