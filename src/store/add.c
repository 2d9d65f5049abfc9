/*
 * add.c - one batch of articles into the store, in one transaction.
 *
 * The batch is analysed like a corpus run; articles already stored (same
 * id, or same normalized text: the exact hash of their token stream) are
 * counted and left out; near duplicates are found within the batch; the
 * rest are clustered against the stored stories by the clusterer's state
 * (src/cluster, cl_state). Then the new articles, every story and posting
 * list the batch changed, and the changed document frequencies are written,
 * and the transaction commits. If anything fails it rolls back and the
 * in-memory state, now ahead of the file, is dropped and reloaded on the
 * next add, so memory and file never disagree.
 */
#include "store.h"

#include "../sig/dedup.h"

#include <stdlib.h>
#include <time.h>

/* The statements of one batch. */
typedef struct batch {
    px_store *s;
    int64_t no;                 /* batch number */
    sqlite3_stmt *has_id, *has_exact, *ins_art, *up_story, *up_post, *up_df;
    px_buf blob;                /* encoding scratch */
    px_buf blob2, blob3, blob4;
} batch;

static const char sql_ins_art[] =
    "INSERT INTO articles(id, exact, story, dup_of, dup_sim, batch, ord_time, time, path, "
    "source, title, url, published, language, lead, text, sig) "
    "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
static const char sql_up_story[] =
    "INSERT INTO stories(sid, id, label_article, size, members, first, last, updated, body, "
    "title, names, label_vec, label_title) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT(sid) DO UPDATE SET id = excluded.id, "
    "label_article = coalesce(excluded.label_article, label_article), "
    "size = size + excluded.size, members = excluded.members, first = excluded.first, "
    "last = excluded.last, updated = excluded.updated, body = excluded.body, "
    "title = excluded.title, names = excluded.names, label_vec = excluded.label_vec, "
    "label_title = excluded.label_title";

static px_status batch_open(px_store *s, batch *b) {
    memset(b, 0, sizeof *b);
    b->s = s;
    px_buf_init(&b->blob, &s->al);
    px_buf_init(&b->blob2, &s->al);
    px_buf_init(&b->blob3, &s->al);
    px_buf_init(&b->blob4, &s->al);
    PX_TRY(st_prepare(s, "SELECT 1 FROM articles WHERE id = ?", &b->has_id));
    PX_TRY(st_prepare(s, "SELECT 1 FROM articles WHERE exact = ?", &b->has_exact));
    PX_TRY(st_prepare(s, sql_ins_art, &b->ins_art));
    PX_TRY(st_prepare(s, sql_up_story, &b->up_story));
    PX_TRY(st_prepare(s, "INSERT OR REPLACE INTO postings(key, sids) VALUES(?, ?)", &b->up_post));
    PX_TRY(st_prepare(s, "INSERT OR REPLACE INTO df(key, n) VALUES(?, ?)", &b->up_df));
    return PX_OK;
}

static void batch_close(batch *b) {
    sqlite3_finalize(b->has_id);
    sqlite3_finalize(b->has_exact);
    sqlite3_finalize(b->ins_art);
    sqlite3_finalize(b->up_story);
    sqlite3_finalize(b->up_post);
    sqlite3_finalize(b->up_df);
    px_buf_free(&b->blob);
    px_buf_free(&b->blob2);
    px_buf_free(&b->blob3);
    px_buf_free(&b->blob4);
}

/* Runs a statement that returns at most one row; *row tells if it did. */
static px_status step(batch *b, sqlite3_stmt *q, bool *row) {
    int rc = sqlite3_step(q);
    if (row) *row = rc == SQLITE_ROW;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return PX_OK;
    return st_fail(b->s, rc, "write");
}

static px_status stored(batch *b, const px_doc *d, bool *yes) {
    sqlite3_bind_text(b->has_id, 1, d->id, -1, SQLITE_STATIC);
    PX_TRY(step(b, b->has_id, yes));
    if (*yes || d->ntokens == 0) return PX_OK;
    sqlite3_bind_int64(b->has_exact, 1, (int64_t)d->exact);
    return step(b, b->has_exact, yes);
}

/* A small open-addressing set of this batch's exact hashes. */
typedef struct hset {
    uint64_t *k;
    uint8_t *used;
    size_t cap;
} hset;

static bool hset_add(hset *h, uint64_t k) {
    size_t i = (size_t)(k * 0x9e3779b97f4a7c15ULL >> 20) & (h->cap - 1);
    while (h->used[i]) {
        if (h->k[i] == k) return false;
        i = (i + 1) & (h->cap - 1);
    }
    h->used[i] = 1;
    h->k[i] = k;
    return true;
}

static void bind_str(sqlite3_stmt *q, int i, const char *s) {
    sqlite3_bind_text(q, i, s ? s : "", -1, SQLITE_STATIC);
}

static px_status insert_article(batch *b, const px_doc *d, int64_t story, int64_t dup_aid,
                                int64_t ord_time, int64_t *aid) {
    sqlite3_stmt *q = b->ins_art;
    bind_str(q, 1, d->id);
    sqlite3_bind_int64(q, 2, (int64_t)d->exact);
    sqlite3_bind_int64(q, 3, story);
    if (dup_aid >= 0) sqlite3_bind_int64(q, 4, dup_aid);
    else sqlite3_bind_null(q, 4);
    sqlite3_bind_double(q, 5, dup_aid >= 0 ? d->dup_sim : 0);
    sqlite3_bind_int64(q, 6, b->no);
    sqlite3_bind_int64(q, 7, ord_time);
    if (d->time != PX_TIME_UNKNOWN) sqlite3_bind_int64(q, 8, d->time);
    else sqlite3_bind_null(q, 8);
    bind_str(q, 9, d->path);
    bind_str(q, 10, d->source);
    bind_str(q, 11, d->title);
    bind_str(q, 12, d->url);
    bind_str(q, 13, d->published);
    bind_str(q, 14, d->lang);
    bind_str(q, 15, d->lead);
    sqlite3_bind_text(q, 16, d->text ? d->text : "", (int)d->text_len, SQLITE_STATIC);
    /* the signature is not kept: nothing reads it yet (near duplicates are
     * found within a batch, in memory) and it would be a fifth of the
     * store; the column is there for cross-batch near duplicates */
    sqlite3_bind_null(q, 17);
    PX_TRY(step(b, q, NULL));
    *aid = sqlite3_last_insert_rowid(b->s->db);
    return PX_OK;
}

static void bind_blob(sqlite3_stmt *q, int i, const px_buf *b) {
    sqlite3_bind_blob(q, i, b->p ? b->p : "", (int)b->len, SQLITE_STATIC);
}

static void bind_time(sqlite3_stmt *q, int i, int64_t t) {
    if (t == PX_TIME_UNKNOWN) sqlite3_bind_null(q, i);
    else sqlite3_bind_int64(q, i, t);
}

/* Writes story sid of the state; size_add articles joined it, label_aid is
 * its new label article or -1 to keep the stored one. */
static px_status save_story(batch *b, uint32_t sid, int64_t size_add, int64_t label_aid) {
    cl_story_view v;
    if (!cl_state_story_get(b->s->cl, sid, &v)) /* never read, so never changed */
        return st_failf(b->s, PX_ESTATE, "internal: story %u saved unread", sid);
    sqlite3_stmt *q = b->up_story;
    sqlite3_bind_int64(q, 1, sid);
    if (v.id[0]) sqlite3_bind_text(q, 2, v.id, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(q, 2);
    if (label_aid >= 0) sqlite3_bind_int64(q, 3, label_aid);
    else sqlite3_bind_null(q, 3);
    sqlite3_bind_int64(q, 4, size_add);
    sqlite3_bind_int64(q, 5, (int64_t)v.members);
    bind_time(q, 6, v.first);
    bind_time(q, 7, v.last);
    sqlite3_bind_int64(q, 8, b->no);
    PX_TRY(st_vec_encode(&v.body, &b->blob));
    PX_TRY(st_vec_encode(&v.title, &b->blob2));
    PX_TRY(st_vec_encode(&v.names, &b->blob3));
    bind_blob(q, 9, &b->blob);
    bind_blob(q, 10, &b->blob2);
    bind_blob(q, 11, &b->blob3);
    if (v.label_set) {
        PX_TRY(st_vec_encode(&v.label, &b->blob4));
        bind_blob(q, 12, &b->blob4);
    } else {
        sqlite3_bind_null(q, 12);
    }
    sqlite3_bind_int(q, 13, v.label_title);
    return step(b, q, NULL);
}

/* A changed list or frequency to write, by key: rows written in key
 * order touch each B-tree page once, where the state's hash order would
 * touch one at random per row (most of a batch's writing on a big store). */
typedef struct krow {
    int64_t key;
    uint32_t v; /* list index, or the frequency */
} krow;

static int cmp_krow(const void *a, const void *b) {
    int64_t x = ((const krow *)a)->key, y = ((const krow *)b)->key;
    return (x > y) - (x < y);
}

typedef struct krows {
    krow *r;
    size_t n, cap;
} krows;

static px_status krows_add(px_store *s, krows *k, int64_t key, uint32_t v) {
    PX_TRY(px_grow(&s->al, (void **)&k->r, &k->cap, k->n + 1, sizeof *k->r));
    k->r[k->n++] = (krow){key, v};
    return PX_OK;
}

static px_status save_list(batch *b, uint32_t i) {
    uint32_t key, n;
    const uint32_t *sids;
    cl_state_list_get(b->s->cl, i, &key, &sids, &n);
    px_buf_clear(&b->blob);
    PX_TRY(px_buf_reserve(&b->blob, (size_t)n * 4 + 1));
    unsigned char *p = (unsigned char *)b->blob.p;
    for (uint32_t k = 0; k < n; k++) {
        p[4 * k] = (unsigned char)sids[k];
        p[4 * k + 1] = (unsigned char)(sids[k] >> 8);
        p[4 * k + 2] = (unsigned char)(sids[k] >> 16);
        p[4 * k + 3] = (unsigned char)(sids[k] >> 24);
    }
    b->blob.len = (size_t)n * 4;
    sqlite3_bind_int64(b->up_post, 1, key);
    bind_blob(b->up_post, 2, &b->blob);
    return step(b, b->up_post, NULL);
}

static px_status save_postings(batch *b) {
    px_store *s = b->s;
    cl_state *cl = s->cl;
    krows k = {0};
    px_status st = PX_OK;
    for (size_t i = 0; i < cl_state_list_count(cl) && st == PX_OK; i++) {
        uint32_t key, n;
        const uint32_t *sids;
        if (cl_state_list_get(cl, i, &key, &sids, &n)) st = krows_add(s, &k, key, (uint32_t)i);
    }
    if (k.n) qsort(k.r, k.n, sizeof *k.r, cmp_krow);
    for (size_t i = 0; i < k.n && st == PX_OK; i++) st = save_list(b, k.r[i].v);
    px_free(&s->al, k.r);
    return st;
}

typedef struct dfnote {
    px_store *s;
    krows k;
} dfnote;

static px_status note_df(void *ud, bool names, uint32_t term, uint32_t count) {
    dfnote *d = ud;
    return krows_add(d->s, &d->k, (int64_t)term + (names ? (int64_t)1 << 32 : 0), count);
}

static px_status save_df(batch *b) {
    dfnote d = {b->s, {0}};
    px_status st = cl_state_df_dirty(b->s->cl, note_df, &d);
    if (d.k.n) qsort(d.k.r, d.k.n, sizeof *d.k.r, cmp_krow);
    for (size_t i = 0; i < d.k.n && st == PX_OK; i++) {
        sqlite3_bind_int64(b->up_df, 1, d.k.r[i].key);
        sqlite3_bind_int64(b->up_df, 2, d.k.r[i].v);
        st = step(b, b->up_df, NULL);
    }
    px_free(&b->s->al, d.k.r);
    return st;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The work of a batch inside its transaction. */
typedef struct work {
    px_doc **sub;       /* new articles, in publication order */
    int64_t *eff;       /* their effective times */
    size_t *ord;        /* 0..m-1 */
    int64_t *aid;       /* their rowids once inserted */
    size_t *count;      /* per result story: articles added */
    size_t m;
    cl_result res;
} work;

static px_status select_new(batch *b, px_corpus *c, work *w, px_store_add_result *r) {
    px_store *s = b->s;
    size_t n;
    px_doc **docs = px_corpus_docs(c, &n);
    size_t *order;
    int64_t *eff;
    PX_TRY(px_corpus_pub_order(c, &order, &eff));
    hset h = {NULL, NULL, 16};
    while (h.cap < 2 * n + 16) h.cap *= 2;
    h.k = px_malloc(&s->al, h.cap * sizeof *h.k);
    h.used = px_calloc(&s->al, h.cap, 1);
    w->sub = px_malloc(&s->al, (n + 1) * sizeof *w->sub);
    w->eff = px_malloc(&s->al, (n + 1) * sizeof *w->eff);
    w->ord = px_malloc(&s->al, (n + 1) * sizeof *w->ord);
    w->aid = px_malloc(&s->al, (n + 1) * sizeof *w->aid);
    px_status st = PX_ENOMEM;
    if (!h.k || !h.used || !w->sub || !w->eff || !w->ord || !w->aid) goto out;
    st = PX_OK;
    for (size_t k = 0; k < n && st == PX_OK; k++) {
        px_doc *d = docs[order[k]];
        bool yes;
        if ((st = stored(b, d, &yes)) != PX_OK) break;
        if (yes || (d->ntokens > 0 && !hset_add(&h, d->exact))) {
            r->seen++;
            continue;
        }
        w->ord[w->m] = w->m;
        w->eff[w->m] = eff[order[k]];
        w->sub[w->m++] = d;
    }
out:
    px_free(&s->al, order);
    px_free(&s->al, eff);
    px_free(&s->al, h.k);
    px_free(&s->al, h.used);
    return st;
}

static void work_free(px_store *s, work *w) {
    px_free(&s->al, w->sub);
    px_free(&s->al, w->eff);
    px_free(&s->al, w->ord);
    px_free(&s->al, w->aid);
    px_free(&s->al, w->count);
    cl_result_free(&s->al, &w->res);
}

static px_status write_batch(batch *b, work *w, px_store_add_result *r) {
    px_store *s = b->s;
    cl_result *res = &w->res;
    w->count = px_calloc(&s->al, res->n + 1, sizeof *w->count);
    if (!w->count) return PX_ENOMEM;
    for (size_t k = 0; k < w->m; k++) {
        const px_doc *d = w->sub[k];
        int64_t dup = d->dup_of != PX_NONE ? w->aid[d->dup_of] : -1;
        r->duplicates += dup >= 0;
        PX_TRY(insert_article(b, d, (int64_t)res->story[d->story].sid, dup, w->eff[k], &w->aid[k]));
        w->count[d->story]++;
    }
    if (w->m) PX_TRY(st_fts_add(s, w->aid[0]));
    r->added = w->m;
    /* result stories first (they carry size and label), then the other
     * stories the run changed (a member moved out again) */
    for (size_t i = 0; i < res->n; i++) {
        const cl_story *cs = &res->story[i];
        int64_t lab = cs->label_doc != PX_NONE ? w->aid[cs->label_doc] : -1;
        PX_TRY(save_story(b, (uint32_t)cs->sid, (int64_t)w->count[i], lab));
        if (cs->created) r->created++;
        else r->updated++;
    }
    uint32_t *got = px_malloc(&s->al, (res->n + 1) * sizeof *got);
    if (!got) return PX_ENOMEM;
    for (size_t i = 0; i < res->n; i++) got[i] = (uint32_t)res->story[i].sid;
    qsort(got, res->n, sizeof *got, cmp_u32);
    const uint32_t *dirty;
    size_t nd = cl_state_dirty_stories(s->cl, &dirty);
    px_status st = PX_OK;
    for (size_t i = 0; i < nd && st == PX_OK; i++)
        if (!bsearch(&dirty[i], got, res->n, sizeof *got, cmp_u32))
            st = save_story(b, dirty[i], 0, -1);
    px_free(&s->al, got);
    PX_TRY(st);
    PX_TRY(save_postings(b));
    PX_TRY(save_df(b));
    sqlite3_stmt *q;
    PX_TRY(st_prepare(s, "UPDATE meta SET value = ? WHERE key = 'df_docs'", &q));
    sqlite3_bind_int64(q, 1, (int64_t)cl_state_docs(s->cl));
    st = step(b, q, NULL);
    sqlite3_finalize(q);
    PX_TRY(st);
    PX_TRY(st_prepare(s, "INSERT INTO batches(batch, committed, articles) VALUES(?, ?, ?)", &q));
    sqlite3_bind_int64(q, 1, b->no);
    sqlite3_bind_int64(q, 2, (int64_t)time(NULL));
    sqlite3_bind_int64(q, 3, (int64_t)w->m);
    st = step(b, q, NULL);
    sqlite3_finalize(q);
    return st;
}

static px_status next_batch(px_store *s, int64_t *no) {
    sqlite3_stmt *q;
    PX_TRY(st_prepare(s, "SELECT coalesce(max(batch), 0) + 1 FROM batches", &q));
    int rc = sqlite3_step(q);
    *no = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? PX_OK : st_fail(s, rc, "read");
}

static px_status remember_touched(px_store *s, const cl_result *res) {
    s->ntouched = 0;
    PX_TRY(px_grow(&s->al, (void **)&s->touched, &s->tcap, res->n + 1, sizeof *s->touched));
    for (size_t i = 0; i < res->n; i++) s->touched[s->ntouched++] = (uint32_t)res->story[i].sid;
    return PX_OK;
}

px_status px_store_add(px_store *s, px_corpus *c, px_store_add_result *res) {
    if (!s || !c) return PX_EINVAL;
    px_store_add_result r;
    memset(&r, 0, sizeof r);
    if (res) *res = r;
    if (s->readonly) return st_failf(s, PX_ESTATE, "opened read-only");
    PX_TRY(st_check_corpus(s, px_corpus_options(c)));
    px_status st = px_corpus_analyse(c);
    if (st != PX_OK) return st_failf(s, st, "analysis: %s", px_strerror(st));
    PX_TRY(st_load_state(s));
    batch b;
    work w;
    memset(&w, 0, sizeof w);
    bool began = false;
    st = batch_open(s, &b);
    if (st == PX_OK) st = st_exec(s, "BEGIN IMMEDIATE");
    began = st == PX_OK;
    if (st == PX_OK) st = next_batch(s, &b.no);
    if (st == PX_OK) st = select_new(&b, c, &w, &r);
    if (st == PX_OK && w.m) {
        /* the corpus's own options: its signatures have its length */
        const px_options *co = px_corpus_options(c);
        st = dd_run(w.sub, w.ord, w.m, co->perm, co->dup_threshold,
                    !(co->flags & PX_OPT_NO_NEAR_DUP), &s->al);
        s->fetch_failed = false;
        if (st == PX_OK) st = cl_state_run(s->cl, w.sub, w.ord, w.m, &w.res);
        if (st != PX_OK && st != PX_ENOMEM && !s->fetch_failed)
            st_failf(s, st, "clustering: %s", px_strerror(st));
        if (st == PX_ENOMEM) st_failf(s, st, "out of memory");
        if (st == PX_OK) st = write_batch(&b, &w, &r);
    }
    if (st == PX_OK && w.m) st = st_exec(s, "COMMIT");
    if (st == PX_OK && !w.m) st = st_exec(s, "ROLLBACK"); /* nothing new: no batch */
    else if (st != PX_OK && began) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    batch_close(&b);
    if (st == PX_OK) {
        cl_state_clean(s->cl);
        if (w.m) s->last_batch = b.no;
        st = remember_touched(s, &w.res);
    } else {
        /* memory ran ahead of the file: start again from the file */
        cl_state_free(s->cl);
        s->cl = NULL;
        s->ntouched = 0;
    }
    work_free(s, &w);
    if (st == PX_OK && res) *res = r;
    return st;
}
