/*
 * The store: schema as documented, one batch equal to a plain run, ids
 * stable across batches, articles seen before not added, the error paths
 * (not a store, a newer version, a second writer, a full disk, read-only),
 * readers beside a writer, export/import round trip, and crash safety: a
 * writer killed with SIGKILL at random points, then resumed, ends with the
 * stories of an uninterrupted run.
 */
#include "testutil.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

/* ---- a synthetic news stream written here ---- */

#define EVENTS 24
#define PER_EVENT 10
#define BATCH 20

/* Article k of the stream as a JSON Lines record: event k % EVENTS, its
 * own words and names, filler shared by all, one day per event. */
static void article(char *out, size_t cap, int k) {
    int e = k % EVENTS, j = k / EVENTS;
    static const char *const filler[] = {"officials", "said", "on", "the", "report",
                                         "people", "city", "week", "more", "after"};
    char body[2048];
    size_t n = 0;
    for (int w = 0; w < 60; w++) {
        int pick = (w * 7 + j * 3) % 10;
        if (w % 3 == 0)
            n += (size_t)snprintf(body + n, sizeof body - n, "zorv%dq%d ", e, (w / 3 + j) % 9);
        else if (w % 5 == 0)
            n += (size_t)snprintf(body + n, sizeof body - n, "said Kalto%dmir. ", e);
        else
            n += (size_t)snprintf(body + n, sizeof body - n, "%s ", filler[pick]);
    }
    snprintf(out, cap,
             "{\"id\":\"a%03d\",\"source\":\"Outlet %d\",\"published\":\"2026-03-%02dT%02d:00:00Z\","
             "\"title\":\"Kalto%dmir zorv%dq1 zorv%dq2 report %d\",\"text\":\"%s\"}\n",
             k, j % 5, 1 + e, j, e, e, e, j, body);
}

/* Batch b of the stream, in publication order of events (times repeat
 * across batches, so later batches join earlier stories). */
static char *batch_bytes(int b, size_t *len) {
    size_t cap = (size_t)BATCH * 2600, n = 0;
    char *buf = malloc(cap);
    for (int i = 0; i < BATCH; i++) {
        article(buf + n, cap - n, b * BATCH + i);
        n += strlen(buf + n);
    }
    *len = n;
    return buf;
}

#define NBATCH (EVENTS * PER_EVENT / BATCH)

static px_status add_batch(px_store *s, int b, px_store_add_result *r) {
    size_t len;
    char *bytes = batch_bytes(b, &len);
    px_corpus *c = px_corpus_new(NULL, NULL);
    px_status st = px_corpus_add_bytes(c, "batch.jsonl", bytes, len, PX_FORMAT_JSONL);
    if (st == PX_OK) st = px_store_add(s, c, r);
    px_corpus_free(c);
    free(bytes);
    return st;
}

/* Removes a store and its WAL side files. */
static void rm_files(const char *p) {
    char side[300];
    remove(p);
    snprintf(side, sizeof side, "%s-wal", p);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", p);
    remove(side);
}

static char *tmp_path(const char *name) {
    static int seq;
    char *p = malloc(256);
    snprintf(p, 256, "/tmp/px_test_store_%d_%d_%s", (int)getpid(), seq++, name);
    rm_files(p);
    return p;
}

static void rm_store(char *p) {
    rm_files(p);
    free(p);
}

static px_store *open_rw(const char *p) {
    px_store *s = NULL;
    char err[512];
    px_status st = px_store_open(p, PX_STORE_CREATE, NULL, NULL, &s, err, sizeof err);
    if (st != PX_OK) print_message("open: %s\n", err);
    assert_int_equal(st, PX_OK);
    return s;
}

/* "article<TAB>story" lines of every article, sorted: the whole clustering. */
static char *membership(const char *p) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT a.id, s.id, s.label_article FROM articles a "
                                            "JOIN stories s ON s.sid = a.story ORDER BY a.id",
                                        -1, &q, NULL), SQLITE_OK);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    while (sqlite3_step(q) == SQLITE_ROW) {
        if (n + 128 > cap) out = realloc(out, cap *= 2);
        n += (size_t)snprintf(out + n, cap - n, "%s\t%s\t%lld\n", sqlite3_column_text(q, 0),
                              sqlite3_column_text(q, 1), (long long)sqlite3_column_int64(q, 2));
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
}

static long long one_int(sqlite3 *db, const char *sql) {
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long long v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* PRAGMA integrity_check and the store's invariants: every article in
 * exactly one story that has an id, no story with an id and no article,
 * sizes that count the articles. */
static void check_store(const char *p) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
    sqlite3_finalize(q);
    assert_int_equal(one_int(db, "SELECT count(*) FROM articles a LEFT JOIN stories s ON "
                                 "s.sid = a.story WHERE s.id IS NULL"), 0);
    assert_int_equal(one_int(db, "SELECT count(*) FROM stories s WHERE s.id IS NOT NULL AND "
                                 "NOT EXISTS (SELECT 1 FROM articles WHERE story = s.sid)"), 0);
    assert_int_equal(one_int(db, "SELECT count(*) FROM stories s WHERE size <> (SELECT count(*) "
                                 "FROM articles WHERE story = s.sid)"), 0);
    assert_int_equal(one_int(db, "SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM "
                                 "articles b WHERE b.id = a.id) <> 1"), 0);
    sqlite3_close(db);
}

/* ---- tests ---- */

/* docs/schema.sql creates what the store creates. */
static void test_schema_documented(void **state) {
    (void)state;
    size_t len;
    char *sql = tu_read_file("docs/schema.sql", &len);
    assert_non_null(sql);
    char *p = tmp_path("schema.db");
    px_store *s = open_rw(p);
    px_store_close(s);
    sqlite3 *a, *b;
    assert_int_equal(sqlite3_open(":memory:", &a), SQLITE_OK);
    assert_int_equal(sqlite3_exec(a, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_open(p, &b), SQLITE_OK);
    /* columns (name, type, not null, key) of every table, and the columns
     * of every index: what the statements declare, comments aside */
    const char *q = "SELECT group_concat(x, '|') FROM (SELECT m.type || ' ' || m.name || '.' || "
                    "p.name || ':' || p.type || ':' || p.\"notnull\" || ':' || p.pk AS x FROM "
                    "sqlite_master m, pragma_table_info(m.name) p WHERE m.type IN ('table', "
                    "'view') UNION ALL SELECT 'index ' || m.name || '.' || p.name FROM "
                    "sqlite_master m, pragma_index_info(m.name) p WHERE m.type = 'index' "
                    "UNION ALL SELECT 'sql ' || sql FROM sqlite_master WHERE type = 'view' OR "
                    "sql LIKE 'CREATE VIRTUAL%' ORDER BY 1)";
    sqlite3_stmt *qa, *qb;
    assert_int_equal(sqlite3_prepare_v2(a, q, -1, &qa, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(b, q, -1, &qb, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(qa), SQLITE_ROW);
    assert_int_equal(sqlite3_step(qb), SQLITE_ROW);
    assert_non_null(strstr((const char *)sqlite3_column_text(qb, 0), "table articles.exact:INTEGER:1:0"));
    assert_int_equal(one_int(b, "PRAGMA user_version"), ST_SCHEMA);
    assert_int_equal(one_int(b, "PRAGMA application_id"), ST_APP_ID);
    assert_string_equal((const char *)sqlite3_column_text(qa, 0), (const char *)sqlite3_column_text(qb, 0));
    sqlite3_finalize(qa);
    sqlite3_finalize(qb);
    sqlite3_close(a);
    sqlite3_close(b);
    free(sql);
    rm_store(p);
}

static int buf_write(void *ud, const char *d, size_t n) {
    px_buf *b = ud;
    return px_buf_add(b, d, n) != PX_OK;
}

/* One batch into an empty store prints what a plain run prints. */
static void test_one_batch_is_a_run(void **state) {
    (void)state;
    char *p = tmp_path("one.db");
    px_store *s = open_rw(p);
    px_buf a, b;
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf_init(&a, &al);
    px_buf_init(&b, &al);
    px_corpus *c = px_corpus_new(NULL, NULL);
    assert_int_equal(px_corpus_add_path(c, "examples"), PX_OK);
    px_store_add_result r;
    assert_int_equal(px_store_add(s, c, &r), PX_OK);
    assert_int_equal(r.added, 19);
    assert_int_equal(r.seen, 0);
    assert_int_equal(r.created, 6);
    px_corpus *t;
    assert_int_equal(px_store_touched(s, 0, &t), PX_OK);
    assert_int_equal(px_corpus_write_stories(t, PX_REPORT_JSON, buf_write, &a), PX_OK);
    px_corpus_free(t);
    px_corpus_free(c);
    c = px_corpus_new(NULL, NULL);
    assert_int_equal(px_corpus_add_path(c, "examples"), PX_OK);
    assert_int_equal(px_corpus_run(c), PX_OK);
    assert_int_equal(px_corpus_write_stories(c, PX_REPORT_JSON, buf_write, &b), PX_OK);
    assert_string_equal(a.p, b.p);
    /* the same files again: every article seen before, nothing touched */
    px_corpus_free(c);
    c = px_corpus_new(NULL, NULL);
    assert_int_equal(px_corpus_add_path(c, "examples"), PX_OK);
    assert_int_equal(px_store_add(s, c, &r), PX_OK);
    assert_int_equal(r.added, 0);
    assert_int_equal(r.seen, 19);
    assert_int_equal(px_store_touched(s, 0, &t), PX_OK);
    assert_int_equal(px_corpus_story_count(t), 0);
    px_corpus_free(t);
    px_corpus_free(c);
    px_buf_free(&a);
    px_buf_free(&b);
    px_store_close(s);
    rm_store(p);
}

/* Later batches join earlier stories; a story keeps its id and articles;
 * an article with a new id but the same text is seen before. */
static void test_incremental_ids_stable(void **state) {
    (void)state;
    char *p = tmp_path("inc.db");
    px_store *s = open_rw(p);
    px_store_add_result r;
    assert_int_equal(add_batch(s, 0, &r), PX_OK);
    assert_int_equal(r.added, BATCH);
    px_store_close(s);
    char *m0 = membership(p);
    s = open_rw(p); /* state reloaded from the file */
    size_t updated = 0;
    for (int b = 1; b < NBATCH; b++) {
        assert_int_equal(add_batch(s, b, &r), PX_OK);
        updated += r.updated;
    }
    assert_true(updated > 0);
    px_store_info in;
    assert_int_equal(px_store_stat(s, &in), PX_OK);
    assert_int_equal(in.articles, EVENTS * PER_EVENT);
    /* about one story per event */
    assert_in_range(in.stories, EVENTS, EVENTS + 3);
    /* same text under a new id */
    char rec[4096];
    article(rec, sizeof rec, 5);
    rec[7] = 'z';
    px_corpus *c = px_corpus_new(NULL, NULL);
    assert_int_equal(px_corpus_add_bytes(c, "x.jsonl", rec, strlen(rec), PX_FORMAT_JSONL), PX_OK);
    assert_int_equal(px_store_add(s, c, &r), PX_OK);
    assert_int_equal(r.seen, 1);
    assert_int_equal(r.added, 0);
    px_corpus_free(c);
    px_store_close(s);
    char *m1 = membership(p);
    /* every line of the first batch is still there: same story id (the
     * label may move to a better article) */
    for (char *line = m0; *line;) {
        char *tab2 = strchr(strchr(line, '\t') + 1, '\t');
        *tab2 = '\0';
        assert_non_null(strstr(m1, line));
        line = strchr(tab2 + 1, '\n') + 1;
    }
    check_store(p);
    free(m0);
    free(m1);
    rm_store(p);
}

static void test_errors(void **state) {
    (void)state;
    char err[512];
    px_store *s = (px_store *)1;
    /* not a store: text, and an SQLite file of another application */
    char *p = tmp_path("text.db");
    FILE *f = fopen(p, "w");
    fputs("hello, this is not a database at all, just some text to fill a page\n", f);
    fclose(f);
    assert_int_equal(px_store_open(p, PX_STORE_CREATE, NULL, NULL, &s, err, sizeof err), PX_EFORMAT);
    assert_null(s);
    assert_non_null(strstr(err, "not a parallax store"));
    assert_non_null(strstr(err, p));
    rm_store(p);
    p = tmp_path("other.db");
    sqlite3 *db;
    sqlite3_open(p, &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(px_store_open(p, PX_STORE_CREATE, NULL, NULL, &s, err, sizeof err), PX_EFORMAT);
    assert_non_null(strstr(err, "another application"));
    rm_store(p);
    /* missing, without PX_STORE_CREATE */
    p = tmp_path("missing.db");
    assert_int_equal(px_store_open(p, 0, NULL, NULL, &s, err, sizeof err), PX_EIO);
    assert_int_equal(px_store_open(p, PX_STORE_READONLY, NULL, NULL, &s, err, sizeof err), PX_EIO);
    assert_int_equal(access(p, F_OK), -1);
    /* newer version */
    s = open_rw(p);
    px_store_close(s);
    sqlite3_open(p, &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(px_store_open(p, 0, NULL, NULL, &s, err, sizeof err), PX_EUNSUPPORTED);
    assert_non_null(strstr(err, "newer"));
    assert_int_equal(px_store_open(p, PX_STORE_READONLY, NULL, NULL, &s, err, sizeof err), PX_EUNSUPPORTED);
    sqlite3_open(p, &db);
    char back[64];
    snprintf(back, sizeof back, "PRAGMA user_version = %d", ST_SCHEMA);
    sqlite3_exec(db, back, NULL, NULL, NULL);
    sqlite3_close(db);
    /* two writers; a reader beside the writer */
    px_store *w = open_rw(p), *r2;
    assert_int_equal(px_store_open(p, 0, NULL, NULL, &s, err, sizeof err), PX_EBUSY);
    assert_non_null(strstr(err, "another parallax process is writing"));
    assert_int_equal(px_store_open(p, PX_STORE_READONLY, NULL, NULL, &r2, err, sizeof err), PX_OK);
    px_store_add_result res;
    assert_int_equal(add_batch(w, 0, &res), PX_OK);
    px_store_info in;
    assert_int_equal(px_store_stat(r2, &in), PX_OK);
    assert_int_equal(in.articles, BATCH);
    assert_int_equal(add_batch(r2, 1, &res), PX_ESTATE); /* a reader does not write */
    px_store_close(r2);
    /* a full disk: the batch fails with a clear message, the store is as
     * it was and takes the batch once there is room */
    int64_t pages = one_int(w->db, "PRAGMA page_count");
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)pages);
    sqlite3_exec(w->db, sql, NULL, NULL, NULL);
    assert_int_equal(add_batch(w, 1, &res), PX_EIO);
    assert_non_null(strstr(px_store_last_error(w), "disk full"));
    assert_int_equal(px_store_stat(w, &in), PX_OK);
    assert_int_equal(in.articles, BATCH);
    sqlite3_exec(w->db, "PRAGMA max_page_count = 1000000", NULL, NULL, NULL);
    assert_int_equal(add_batch(w, 1, &res), PX_OK);
    assert_int_equal(res.added, BATCH);
    assert_int_equal(px_store_story(w, "0000000000000000", 0, &(px_corpus *){NULL}), PX_EEMPTY);
    px_store_close(w);
    check_store(p);
    /* read-only file (root writes anyway, so only as another user) */
    if (geteuid() != 0) {
        chmod(p, 0444);
        assert_int_equal(px_store_open(p, 0, NULL, NULL, &s, err, sizeof err), PX_EIO);
        assert_non_null(strstr(err, "read-only"));
        chmod(p, 0644);
    }
    rm_store(p);
}

/* A store keeps the membership options it was created with: a corpus
 * read with the same ones joins it, one read with others is refused with
 * the difference named, and the store is as it was. */
static void test_store_options(void **state) {
    (void)state;
    char *p = tmp_path("opts.db");
    px_options o;
    px_options_init(&o);
    o.perm = 16;
    o.window_days = 5;
    px_store *s = NULL;
    char err[512];
    assert_int_equal(px_store_open(p, PX_STORE_CREATE, &o, NULL, &s, err, sizeof err), PX_OK);
    px_corpus *c = px_corpus_new(&o, NULL);
    assert_int_equal(px_corpus_add_path(c, "examples"), PX_OK);
    px_store_add_result r;
    assert_int_equal(px_store_add(s, c, &r), PX_OK);
    assert_int_equal(r.added, 19);
    assert_true(r.duplicates >= 1); /* the syndicated ferry copy */
    px_corpus_free(c);
    px_store_close(s);
    /* reopened with the defaults: the store's options stay */
    s = open_rw(p);
    px_options so;
    px_store_options(s, &so);
    assert_int_equal(so.perm, 16);
    assert_true(so.window_days == 5);
    assert_int_equal(so.shingle, 5);
    assert_true(so.dup_threshold == 0.8);
    assert_int_equal(so.flags & PX_OPT_NO_NEAR_DUP, 0);
    c = px_corpus_new(NULL, NULL); /* perm 256 */
    const char *rec = "{\"id\":\"n1\",\"text\":\"a new text\"}\n";
    assert_int_equal(px_corpus_add_bytes(c, "x.jsonl", rec, strlen(rec), PX_FORMAT_JSONL), PX_OK);
    assert_int_equal(px_store_add(s, c, &r), PX_EINVAL);
    assert_non_null(strstr(px_store_last_error(s), "--perm 256, the store's is 16"));
    px_corpus_free(c);
    o = so;
    o.flags |= PX_OPT_NO_NEAR_DUP;
    c = px_corpus_new(&o, NULL);
    assert_int_equal(px_store_add(s, c, &r), PX_EINVAL);
    assert_non_null(strstr(px_store_last_error(s), "near duplicates off, the store's on"));
    px_corpus_free(c);
    px_store_info in;
    assert_int_equal(px_store_stat(s, &in), PX_OK);
    assert_int_equal(in.articles, 19);
    assert_int_equal(in.batches, 1);
    px_store_close(s);
    check_store(p);
    rm_store(p);
}

/* "id<TAB>label" lines of a listing. */
static int list_lines(void *ud, const px_store_story_info *in) {
    px_buf *b = ud;
    return px_buf_printf(b, "%s\t%s\n", in->id, in->label) != PX_OK;
}

static char *listing(px_store *s, const char *words, const char *source, size_t limit) {
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf b;
    px_buf_init(&b, &al);
    assert_int_equal(px_buf_adds(&b, ""), PX_OK);
    px_store_query q = {0, source, words, limit};
    assert_int_equal(px_store_list(s, &q, list_lines, &b), PX_OK);
    return px_buf_take(&b);
}

/* tests/inputs/search.jsonl: four stories of two articles; "harbour" is
 * in a title of the strike story and in a body of the museum story. */
static void add_search_articles(px_store *s) {
    px_corpus *c = px_corpus_new(NULL, NULL);
    assert_int_equal(px_corpus_add_path(c, "tests/inputs/search.jsonl"), PX_OK);
    px_store_add_result r;
    assert_int_equal(px_store_add(s, c, &r), PX_OK);
    assert_int_equal(r.created, 4);
    px_corpus_free(c);
}

/* Checks the labels of a listing, line by line, and frees it. */
static void assert_labels(char *got, const char *want) {
    char *p = got;
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf b;
    px_buf_init(&b, &al);
    assert_int_equal(px_buf_adds(&b, ""), PX_OK);
    while (*p) {
        char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
        assert_int_equal(px_buf_add(&b, tab + 1, (size_t)(nl - tab)), PX_OK);
        p = nl + 1;
    }
    assert_string_equal(b.p, want);
    px_buf_free(&b);
    free(got);
}

/* list --query: every word in one article's title or body start, title
 * hits first, any case and accents, prefixes, combined with --source and
 * --limit; FTS5 syntax in the words is searched as words. */
static void test_search(void **state) {
    (void)state;
    char *p = tmp_path("search.db");
    px_store *s = open_rw(p);
    add_search_articles(s);
    const char *strike = "Harbour cranes stand idle after strike vote\n";
    const char *museum = "East wing of the museum reopens after restoration\n";
    char both[200];
    snprintf(both, sizeof both, "%s%s", strike, museum);
    assert_labels(listing(s, "harbour", NULL, 0), both);
    assert_labels(listing(s, "HARBOUR walked", NULL, 0), museum);
    assert_labels(listing(s, "harbour", "Courier", 0), museum);
    assert_labels(listing(s, "harbour", NULL, 1), strike);
    assert_labels(listing(s, "cafe", NULL, 0), "Caf\u00e9 chain opens in the old mill\n");
    assert_labels(listing(s, "mount*", NULL, 0), "Snow closes mountain passes\n");
    assert_labels(listing(s, "mount", NULL, 0), "");
    assert_labels(listing(s, "harbour OR snow", NULL, 0), "");
    assert_labels(listing(s, "snow (", NULL, 0), "Snow closes mountain passes\n");
    assert_labels(listing(s, "( :", NULL, 0), "");
    assert_labels(listing(s, "\"museum", NULL, 0), museum);
    /* no words: every story, latest first */
    assert_labels(listing(s, "  ", NULL, 2),
                  "Snow closes mountain passes\nCaf\u00e9 chain opens in the old mill\n");
    px_store_close(s);
    rm_store(p);
}

/* A version 1 store (the version 2 objects dropped, as version 1 had
 * none) is migrated on the first open for writing: the index is filled
 * from its articles, the options version 1 did not keep get the defaults,
 * and it takes new batches. */
static void test_migration_v1(void **state) {
    (void)state;
    char *p = tmp_path("v1.db");
    px_store *s = open_rw(p);
    add_search_articles(s);
    px_store_close(s);
    char *before = membership(p);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DROP TABLE articles_fts; DROP VIEW articles_head; DROP TABLE "
                                      "digests; DELETE FROM meta WHERE key IN ('dup_threshold', "
                                      "'shingle', 'perm', 'near_dup'); PRAGMA user_version = 1",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char err[512];
    /* a reader cannot upgrade it */
    assert_int_equal(px_store_open(p, PX_STORE_READONLY, NULL, NULL, &s, err, sizeof err), PX_ESTATE);
    assert_non_null(strstr(err, "version 1 needs an upgrade"));
    s = open_rw(p);
    px_store_close(s);
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(one_int(db, "PRAGMA user_version"), ST_SCHEMA);
    assert_int_equal(one_int(db, "SELECT count(*) FROM meta WHERE key IN ('dup_threshold', "
                                 "'shingle', 'perm', 'near_dup')"), 4);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char *after = membership(p);
    assert_string_equal(before, after);
    assert_int_equal(px_store_open(p, PX_STORE_READONLY, NULL, NULL, &s, err, sizeof err), PX_OK);
    assert_labels(listing(s, "harbour", NULL, 0),
                  "Harbour cranes stand idle after strike vote\n"
                  "East wing of the museum reopens after restoration\n");
    px_store_close(s);
    /* new batches are indexed as they come */
    s = open_rw(p);
    px_store_add_result r;
    assert_int_equal(add_batch(s, 0, &r), PX_OK);
    assert_int_equal(r.added, BATCH);
    char *k = listing(s, "Kalto3mir", NULL, 0);
    assert_non_null(strstr(k, "Kalto"));
    free(k);
    assert_labels(listing(s, "Kalto3mir harbour", NULL, 0), "");
    px_store_close(s);
    check_store(p);
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
                                  NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(one_int(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'report'"),
                     BATCH);
    sqlite3_close(db);
    free(before);
    free(after);
    rm_store(p);
}

/* The changes of a story's comparison: none for a new story, then what a
 * later batch brought. */
static void test_changes(void **state) {
    (void)state;
    char *p = tmp_path("chg.db");
    px_store *s = open_rw(p);
    px_corpus *c = px_corpus_new(NULL, NULL);
    assert_int_equal(px_corpus_add_path(c, "tests/inputs/stream/day1.jsonl"), PX_OK);
    px_store_add_result r;
    assert_int_equal(px_store_add(s, c, &r), PX_OK);
    px_corpus_free(c);
    px_corpus *t;
    assert_int_equal(px_store_touched(s, 0, &t), PX_OK);
    assert_true(px_corpus_story_count(t) >= 1);
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf b;
    px_buf_init(&b, &al);
    assert_int_equal(px_store_write_changes(s, 0, buf_write, &b), PX_EEMPTY);
    px_corpus_free(t);
    c = px_corpus_new(NULL, NULL);
    assert_int_equal(px_corpus_add_path(c, "tests/inputs/stream/day2.jsonl"), PX_OK);
    assert_int_equal(px_store_add(s, c, &r), PX_OK);
    assert_true(r.updated >= 1);
    px_corpus_free(c);
    /* uncompared: no changes, and the digests stay for the next time */
    assert_int_equal(px_store_touched(s, PX_STORE_NO_COMPARE, &t), PX_OK);
    assert_int_equal(px_store_write_changes(s, 0, buf_write, &b), PX_EEMPTY);
    px_corpus_free(t);
    assert_int_equal(px_store_touched(s, 0, &t), PX_OK);
    assert_int_equal(px_corpus_story_count(t), 2);
    for (size_t k = 0; k < 2; k++) {
        assert_int_equal(px_store_write_changes(s, k, buf_write, &b), PX_OK);
        assert_int_equal(px_buf_addc(&b, '\n'), PX_OK);
    }
    assert_int_equal(px_store_write_changes(s, 2, buf_write, &b), PX_EEMPTY);
    assert_int_equal(px_buf_addc(&b, '\0'), PX_OK);
    /* the bridge story: a new conflicting toll and a new person */
    assert_non_null(strstr(b.p, "\"compared\":{\"from\":2,\"to\":3},\"new_entities\":[{\"name\":"
                                "\"Tomas Reinholt\",\"type\":\"person\"}],\"new_conflicts\":[{"
                                "\"subject\":\"killed\",\"conflict\":true,"));
    /* the storm story: a figure with a new value, no conflict */
    assert_non_null(strstr(b.p, "\"new_conflicts\":[],\"new_figures\":[],\"changed_figures\":[{"
                                "\"subject\":\"centimetres\",\"conflict\":false,"));
    px_corpus_free(t);
    px_buf_free(&b);
    px_store_close(s);
    rm_store(p);
}

/* Export, import into an empty store, export again: the same bytes. */
static void test_export_import(void **state) {
    (void)state;
    char *p = tmp_path("ex.db"), *q = tmp_path("im.db"), *f = tmp_path("ex.jsonl");
    px_store *s = open_rw(p);
    px_store_add_result r;
    for (int b = 0; b < 4; b++) assert_int_equal(add_batch(s, b, &r), PX_OK);
    px_buf a, b2;
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf_init(&a, &al);
    px_buf_init(&b2, &al);
    assert_int_equal(px_store_export(s, buf_write, &a), PX_OK);
    px_store_close(s);
    FILE *out = fopen(f, "w");
    fwrite(a.p, 1, a.len, out);
    fclose(out);
    s = open_rw(q);
    size_t mismatch = 9;
    assert_int_equal(px_store_import(s, f, &r, &mismatch), PX_OK);
    assert_int_equal(r.added, 4 * BATCH);
    assert_int_equal(mismatch, 0);
    assert_int_equal(px_store_export(s, buf_write, &b2), PX_OK);
    assert_string_equal(a.p, b2.p);
    px_store_close(s);
    char *m1 = membership(p), *m2 = membership(q);
    assert_string_equal(m1, m2);
    free(m1);
    free(m2);
    /* a bad line names file and line */
    out = fopen(f, "w");
    fputs("{\"id\":\"x\",\"batch\":1,\"text\":\"some words here\"}\nnot json\n", out);
    fclose(out);
    s = open_rw(q);
    assert_int_equal(px_store_import(s, f, &r, &mismatch), PX_EFORMAT);
    assert_non_null(strstr(px_store_last_error(s), ":2:"));
    px_store_close(s);
    px_buf_free(&a);
    px_buf_free(&b2);
    rm_store(p);
    rm_store(q);
    rm_store(f);
}

/* The writer of the crash test: every batch in order (those committed
 * before are seen and add nothing), then exit. */
static void writer(const char *p) {
    px_store *s;
    char err[512];
    if (px_store_open(p, PX_STORE_CREATE, NULL, NULL, &s, err, sizeof err) != PX_OK) _exit(3);
    px_store_add_result r;
    for (int b = 0; b < NBATCH; b++)
        if (add_batch(s, b, &r) != PX_OK) _exit(4);
    px_store_close(s);
    _exit(0);
}

static void test_crash_safety(void **state) {
    (void)state;
    char *ref = tmp_path("ref.db"), *p = tmp_path("crash.db");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) writer(ref);
    int ws;
    waitpid(pid, &ws, 0);
    assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    /* how long an uninterrupted run takes, to aim the kills inside it */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char *timing = tmp_path("timing.db");
    pid = fork();
    if (pid == 0) writer(timing);
    waitpid(pid, &ws, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    rm_store(timing);
    long span_us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    unsigned seed = (unsigned)time(NULL);
    print_message("# crash test: seed %u, uninterrupted run %ld us\n", seed, span_us);
    int kills = 0;
    for (int round = 0; round < 12; round++) {
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) writer(p);
        /* each round resumes where the last stopped, so aim early */
        long aim = span_us / 3 > 1000 ? span_us / 3 : 1000;
        useconds_t us = (useconds_t)(rand_r(&seed) % (unsigned)aim);
        usleep(us);
        kill(pid, SIGKILL);
        waitpid(pid, &ws, 0);
        kills += WIFSIGNALED(ws);
        if (WIFEXITED(ws)) assert_int_equal(WEXITSTATUS(ws), 0);
        if (access(p, F_OK) == 0) {
            char err[512];
            px_store *s;
            if (px_store_open(p, PX_STORE_READONLY, NULL, NULL, &s, err, sizeof err) == PX_OK) {
                px_store_close(s);
                check_store(p);
            }
        }
    }
    print_message("# crash test: %d writers killed\n", kills);
    assert_true(kills > 0);
    pid = fork();
    if (pid == 0) writer(p);
    waitpid(pid, &ws, 0);
    assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    check_store(p);
    char *a = membership(ref), *b = membership(p);
    assert_string_equal(a, b);
    free(a);
    free(b);
    rm_store(ref);
    rm_store(p);
}

/* The clusterer's state is read as batches need it (src/store/store.c):
 * a bad posting list, a bad story vector or story slots with a gap are
 * each found by the batch that reads them, named, and leave the store as
 * it was. */
static void test_corrupt_state(void **state) {
    (void)state;
    static const char *const damage[] = {
        "UPDATE postings SET sids = x'010203'",
        "UPDATE stories SET body = x'0102030405'",
        "UPDATE stories SET sid = sid + 1000 WHERE sid = (SELECT max(sid) FROM stories)",
    };
    static const char *const says[] = {"a bad posting list", "a bad story vector",
                                       "story slots not dense"};
    for (size_t k = 0; k < PX_ARRAY_LEN(damage); k++) {
        char *p = tmp_path("corrupt.db");
        px_store *s = open_rw(p);
        px_store_add_result r;
        /* a few articles per event: the event's words weigh in, and the
         * next batch probes their lists */
        for (int b = 0; b < NBATCH / 2; b++) assert_int_equal(add_batch(s, b, &r), PX_OK);
        px_store_close(s);
        sqlite3 *db;
        assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, damage[k], NULL, NULL, NULL), SQLITE_OK);
        long long arts = one_int(db, "SELECT count(*) FROM articles");
        sqlite3_close(db);
        s = open_rw(p);
        assert_int_equal(add_batch(s, NBATCH / 2, &r), PX_EFORMAT);
        const char *e = px_store_last_error(s);
        assert_non_null(strstr(e, "corrupt"));
        assert_non_null(strstr(e, says[k]));
        assert_non_null(strstr(e, p));
        px_store_close(s);
        assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
        assert_int_equal(one_int(db, "SELECT count(*) FROM articles"), arts);
        sqlite3_close(db);
        rm_store(p);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_documented),
        cmocka_unit_test(test_one_batch_is_a_run),
        cmocka_unit_test(test_incremental_ids_stable),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_store_options),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_migration_v1),
        cmocka_unit_test(test_changes),
        cmocka_unit_test(test_export_import),
        cmocka_unit_test(test_crash_safety),
        cmocka_unit_test(test_corrupt_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
