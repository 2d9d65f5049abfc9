/*
 * The pipeline through the public API: stories on a small corpus written
 * here, duplicates, determinism under thread count and input order, bad
 * records, and every allocation failure.
 */
#include "testutil.h"

/* Three events, three outlets each, one syndicated copy, one exact copy. */
static const char *const ARTICLES[] = {
    "{\"id\":\"quake-1\",\"source\":\"Harbor Ledger\",\"published\":\"2026-02-03T08:00:00Z\","
    "\"title\":\"Earthquake shakes Veldora, dozens of buildings damaged\",\"text\":\"A magnitude "
    "6.2 earthquake struck the coastal city of Veldora early on Tuesday, damaging dozens of "
    "buildings. Mayor Ilse Brandvik said rescue teams from Kestrel province were searching the "
    "old harbour district. The Veldora seismic institute recorded four aftershocks.\"}",
    "{\"id\":\"rate-1\",\"source\":\"Northern Wire\",\"published\":\"2026-02-03T09:00:00Z\","
    "\"title\":\"Ostrand central bank raises rates to 5.5 percent\",\"text\":\"The central bank "
    "of Ostrand raised its main interest rate by half a point to 5.5 percent on Tuesday. "
    "Governor Tomas Quell said inflation in Ostrand remained too high and that borrowing costs "
    "would stay elevated. Banks in Ostrand said mortgage rates would follow.\"}",
    "{\"id\":\"quake-2\",\"source\":\"Valley Courier\",\"published\":\"2026-02-03T10:00:00Z\","
    "\"title\":\"Veldora quake: rescuers search harbour district\",\"text\":\"Rescuers searched "
    "collapsed buildings in the harbour district of Veldora after a strong earthquake on "
    "Tuesday. Mayor Ilse Brandvik told reporters that teams from Kestrel province had arrived. "
    "The seismic institute in Veldora measured the earthquake at magnitude 6.1.\"}",
    "{\"id\":\"fair-1\",\"source\":\"Metro Dispatch\",\"published\":\"2026-02-03T11:00:00Z\","
    "\"title\":\"Lumen book fair opens with record crowds\",\"text\":\"The Lumen book fair opened "
    "on Tuesday with record crowds, organiser Petra Sollis said. Publishers from Marrow and "
    "Quillon filled three exhibition halls. The Lumen fair runs until Sunday and features "
    "readings by novelists and poets.\"}",
    "{\"id\":\"rate-2\",\"source\":\"Coastline Post\",\"published\":\"2026-02-03T12:00:00Z\","
    "\"title\":\"Ostrand lifts interest rate again as inflation bites\",\"text\":\"Ostrand's "
    "central bank lifted its interest rate to 5.5 percent, its third increase this year. "
    "Governor Tomas Quell said inflation was still too high. Economists in Ostrand expected "
    "mortgage rates and borrowing costs to rise.\"}",
    "{\"id\":\"quake-3\",\"source\":\"Global Brief\",\"published\":\"2026-02-03T13:00:00Z\","
    "\"title\":\"Strong earthquake hits Veldora\",\"text\":\"A strong earthquake hit Veldora on "
    "Tuesday, damaging buildings in the harbour district, Mayor Ilse Brandvik said. The "
    "Veldora seismic institute put its magnitude at 6.2 and recorded aftershocks. Rescue "
    "teams from Kestrel province joined the search.\"}",
    "{\"id\":\"fair-2\",\"source\":\"Northern Wire\",\"published\":\"2026-02-03T14:00:00Z\","
    "\"title\":\"Record crowds at Lumen book fair\",\"text\":\"Record crowds came to the opening "
    "of the Lumen book fair on Tuesday, organiser Petra Sollis said. Publishers from Marrow "
    "and Quillon took three halls, and novelists and poets will give readings at the Lumen "
    "fair until Sunday.\"}",
    "{\"id\":\"rate-3\",\"source\":\"Harbor Ledger\",\"published\":\"2026-02-03T15:00:00Z\","
    "\"title\":\"Ostrand raises rates; governor warns on inflation\",\"text\":\"The Ostrand "
    "central bank raised interest rates to 5.5 percent. Governor Tomas Quell warned that "
    "inflation in Ostrand was too high and borrowing costs would stay elevated for months.\"}",
    /* syndicated copy of quake-1 with one word changed */
    "{\"id\":\"quake-1-syndicated\",\"source\":\"Metro Dispatch\",\"published\":"
    "\"2026-02-03T16:00:00Z\",\"title\":\"Earthquake shakes Veldora\",\"text\":\"A magnitude "
    "6.2 earthquake struck the coastal city of Veldora early on Tuesday, damaging dozens of "
    "buildings. Mayor Ilse Brandvik said rescue teams from Kestrel province were searching the "
    "old harbour district. The Veldora seismic institute recorded five aftershocks.\"}",
    /* exact copy of fair-2 in other spacing and quotes */
    "{\"id\":\"fair-2-copy\",\"source\":\"Valley Courier\",\"published\":\"2026-02-03T17:00:00Z\","
    "\"title\":\"Record crowds at Lumen book fair\",\"text\":\"Record  crowds came to the opening "
    "of the Lumen book fair on Tuesday, organiser Petra Sollis said.\\nPublishers from Marrow "
    "and Quillon took three halls, and novelists and poets will give readings at the Lumen "
    "fair until Sunday.\"}",
};
#define NART (sizeof ARTICLES / sizeof ARTICLES[0])

static char *join(const size_t *perm, size_t n) {
    size_t len = 1;
    for (size_t i = 0; i < n; i++) len += strlen(ARTICLES[perm[i]]) + 1;
    char *s = malloc(len), *p = s;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(ARTICLES[perm[i]]);
        memcpy(p, ARTICLES[perm[i]], k);
        p += k;
        *p++ = '\n';
    }
    *p = '\0';
    return s;
}

/* "storyid:doc,doc;" for every story, articles by id: a canonical form. */
static char *canon(const px_corpus *c) {
    size_t cap = 8192, n = 0;
    char *s = malloc(cap);
    s[0] = '\0';
    for (size_t i = 0; i < px_corpus_story_count(c); i++) {
        n += (size_t)snprintf(s + n, cap - n, "%s:", px_corpus_story_id(c, i));
        for (size_t k = 0; k < px_corpus_story_size(c, i); k++)
            n += (size_t)snprintf(s + n, cap - n, "%s,",
                                  px_doc_id(px_corpus_doc(c, px_corpus_story_doc(c, i, k))));
        n += (size_t)snprintf(s + n, cap - n, ";");
    }
    return s;
}

static px_corpus *run(const size_t *perm, size_t n, unsigned threads) {
    px_options o;
    px_options_init(&o);
    o.threads = threads;
    px_corpus *c = px_corpus_new(&o, NULL);
    assert_non_null(c);
    char *s = join(perm, n);
    assert_int_equal(px_corpus_add_bytes(c, "mem.jsonl", s, strlen(s), PX_FORMAT_JSONL), PX_OK);
    free(s);
    assert_int_equal(px_corpus_run(c), PX_OK);
    return c;
}

static size_t find(const px_corpus *c, const char *id) {
    for (size_t i = 0; i < px_corpus_doc_count(c); i++)
        if (strcmp(px_doc_id(px_corpus_doc(c, i)), id) == 0) return i;
    fail_msg("no doc %s", id);
    return 0;
}

static void test_stories(void **state) {
    (void)state;
    size_t perm[NART];
    for (size_t i = 0; i < NART; i++) perm[i] = i;
    px_corpus *c = run(perm, NART, 1);
    char *got = canon(c);
    /* stories in order of first article; articles in publication order */
    assert_int_equal(px_corpus_story_count(c), 3);
    const char *want_members[] = {
        "quake-1,quake-2,quake-3,quake-1-syndicated,",
        "rate-1,rate-2,rate-3,",
        "fair-1,fair-2,fair-2-copy,",
    };
    for (size_t i = 0; i < 3; i++) assert_non_null(strstr(got, want_members[i]));
    assert_string_equal(px_corpus_story_label(c, 0) != NULL ? "ok" : "", "ok");
    double sim;
    size_t q1 = find(c, "quake-1"), f2 = find(c, "fair-2");
    assert_int_equal(px_corpus_duplicate_of(c, find(c, "quake-1-syndicated"), &sim), q1);
    assert_true(sim >= 0.8 && sim < 1.0);
    assert_int_equal(px_corpus_duplicate_of(c, find(c, "fair-2-copy"), &sim), f2);
    assert_float_equal(sim, 1.0, 1e-9);
    assert_int_equal(px_corpus_duplicate_of(c, q1, NULL), (size_t)-1);
    px_stats st;
    px_corpus_stats(c, &st);
    assert_int_equal(st.docs, NART);
    assert_int_equal(st.duplicates, 2);
    assert_int_equal(st.stories, 3);
    assert_string_equal(px_doc_language(px_corpus_doc(c, q1)), "en");
    free(got);
    px_corpus_free(c);
}

/* The same stories and ids whatever the thread count or input order. */
static void test_determinism(void **state) {
    (void)state;
    size_t fwd[NART], rev[NART], mix[NART];
    for (size_t i = 0; i < NART; i++) {
        fwd[i] = i;
        rev[i] = NART - 1 - i;
        mix[i] = (i * 7) % NART; /* 7 is coprime with 10 */
    }
    px_corpus *a = run(fwd, NART, 1), *b = run(fwd, NART, 4), *c = run(rev, NART, 2),
              *d = run(mix, NART, 3);
    char *ca = canon(a), *cb = canon(b), *cc = canon(c), *cd = canon(d);
    assert_string_equal(ca, cb);
    assert_string_equal(ca, cc);
    assert_string_equal(ca, cd);
    free(ca);
    free(cb);
    free(cc);
    free(cd);
    px_corpus_free(a);
    px_corpus_free(b);
    px_corpus_free(c);
    px_corpus_free(d);
}

typedef struct diags {
    char text[2048];  /* every diagnostic, one per line */
    int n;            /* how many */
} diags;

static void collect(void *ud, const char *path, unsigned long line, const char *reason) {
    diags *d = ud;
    size_t k = strlen(d->text);
    if (line) snprintf(d->text + k, sizeof d->text - k, "%s:%lu: %s\n", path, line, reason);
    else snprintf(d->text + k, sizeof d->text - k, "%s: %s\n", path, reason);
    d->n++;
}

static void test_duplicate_id(void **state) {
    (void)state;
    px_corpus *c = px_corpus_new(NULL, NULL);
    diags d = {{0}, 0};
    px_corpus_set_diag(c, collect, &d);
    const char *s = "{\"id\":\"a\",\"text\":\"one two three\"}\n"
                    "{\"id\":\"b\",\"text\":\"four five six\"}\n"
                    "{\"id\":\"a\",\"text\":\"seven eight\"}\n";
    assert_int_equal(px_corpus_add_bytes(c, "in.jsonl", s, strlen(s), PX_FORMAT_JSONL), PX_OK);
    assert_string_equal(d.text, "in.jsonl:3: duplicate id \"a\" (first read at in.jsonl:1)\n");
    px_stats st;
    px_corpus_stats(c, &st);
    assert_int_equal(st.read, 3);
    assert_int_equal(st.skipped, 1);
    assert_int_equal(st.docs, 2);
    assert_int_equal(px_corpus_run(c), PX_OK);
    px_corpus_free(c);
}

static int write_buf(void *ud, const char *data, size_t len) {
    char **p = ud;
    size_t k = strlen(*p);
    char *n = realloc(*p, k + len + 1);
    if (!n) return -1;
    memcpy(n + k, data, len);
    n[k + len] = '\0';
    *p = n;
    return 0;
}

static void test_writers(void **state) {
    (void)state;
    size_t perm[NART];
    for (size_t i = 0; i < NART; i++) perm[i] = i;
    px_corpus *c = run(perm, NART, 2);
    char *pairs = calloc(1, 1);
    assert_int_equal(px_corpus_write_pairs(c, write_buf, &pairs), PX_OK);
    assert_string_equal(pairs, "removed\toriginal\tjaccard\n"
                               "quake-1-syndicated\tquake-1\t0.8594\n"
                               "fair-2-copy\tfair-2\t1.0000\n");
    char *json = calloc(1, 1);
    assert_int_equal(px_corpus_write_stories(c, PX_REPORT_JSON, write_buf, &json), PX_OK);
    assert_non_null(strstr(json, "\"version\": 1"));
    assert_non_null(strstr(json, "\"duplicate_of\": \"fair-2\", \"similarity\": 1.0000"));
    assert_non_null(strstr(json, "\"path\": \"mem.jsonl:3\""));
    free(pairs);
    free(json);
    px_corpus_free(c);
}

/* Every allocation failure gives PX_ENOMEM (or NULL) and leaks nothing. */
static void test_out_of_memory(void **state) {
    (void)state;
    size_t perm[4] = {0, 1, 2, 8};
    char *s = join(perm, 4);
    px_options o;
    px_options_init(&o);
    o.threads = 1;
    for (long budget = 0;; budget++) {
        tu_failing f = {budget, 0};
        px_allocator a = tu_failing_allocator(&f);
        px_corpus *c = px_corpus_new(&o, &a);
        px_status st = PX_ENOMEM;
        if (c) {
            st = px_corpus_add_bytes(c, "mem.jsonl", s, strlen(s), PX_FORMAT_JSONL);
            if (st == PX_OK) st = px_corpus_run(c);
            if (st == PX_OK) {
                char *json = calloc(1, 1);
                st = px_corpus_write_stories(c, PX_REPORT_JSON, write_buf, &json);
                free(json);
            }
        }
        assert_true(st == PX_OK || st == PX_ENOMEM);
        px_corpus_free(c);
        assert_int_equal(f.live, 0);
        if (st == PX_OK) break;
        assert_true(budget < 100000);
    }
    free(s);
}

/* A PX_OPT_DROP_TEXT run gives the same stories, frees the texts, and is
 * one-shot: a second run is refused rather than computed on freed data. */
static void test_drop_text(void **state) {
    (void)state;
    size_t perm[NART];
    for (size_t i = 0; i < NART; i++) perm[i] = i;
    px_corpus *a = run(perm, NART, 2);
    px_options o;
    px_options_init(&o);
    o.flags |= PX_OPT_DROP_TEXT;
    px_corpus *b = px_corpus_new(&o, NULL);
    char *s = join(perm, NART);
    assert_int_equal(px_corpus_add_bytes(b, "mem.jsonl", s, strlen(s), PX_FORMAT_JSONL), PX_OK);
    assert_int_equal(px_corpus_run(b), PX_OK);
    char *ca = canon(a), *cb = canon(b);
    assert_string_equal(ca, cb);
    size_t len = 99;
    assert_string_equal(px_doc_text(px_corpus_doc(b, 0), &len), "");
    assert_int_equal(len, 0);
    assert_int_equal(px_corpus_run(b), PX_ESTATE);
    assert_int_equal(px_corpus_dedup(b), PX_ESTATE);
    free(s);
    free(ca);
    free(cb);
    px_corpus_free(a);
    px_corpus_free(b);
}

/* A corpus of n short generated articles, a fifth of them copies of an
 * earlier one with a word or two changed (near duplicates) or none (exact). */
static char *dedup_corpus(size_t n) {
    static const char *const words[] = {"alpha", "bravo", "charlie", "delta", "echo",
                                        "foxtrot", "golf", "hotel", "india", "juliet",
                                        "kilo", "lima", "mike", "november", "oscar",
                                        "papa", "quebec", "romeo", "sierra", "tango"};
    size_t cap = n * 700 + 1, len = 0;
    char *s = malloc(cap), **text = calloc(n, sizeof *text);
    uint64_t r = 7;
    for (size_t i = 0; i < n; i++) {
        char t[600];
        size_t k = 0;
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        if (i > 10 && (r >> 33) % 5 == 0) {
            size_t from = (size_t)((r >> 40) % i);
            k = (size_t)snprintf(t, sizeof t, "%s", text[from]);
            if ((r >> 20) % 2) t[k / 2] = t[k / 2] == 'a' ? 'e' : 'a'; /* a near copy */
        } else {
            for (int w = 0; w < 60; w++) {
                r = r * 6364136223846793005ULL + 1442695040888963407ULL;
                k += (size_t)snprintf(t + k, sizeof t - k, "%s%s", w ? " " : "",
                                      words[(r >> 33) % (sizeof words / sizeof *words)]);
            }
        }
        text[i] = strdup(t);
        len += (size_t)snprintf(s + len, cap - len, "{\"id\":\"d%zu\",\"text\":\"%s\"}\n", i, t);
    }
    for (size_t i = 0; i < n; i++) free(text[i]);
    free(text);
    return s;
}

/* The deduplicated corpus and its pairs, as px_corpus_write_* give them. */
static char *dedup_out(const char *in, unsigned flags, unsigned threads, px_status *run) {
    px_options o;
    px_options_init(&o);
    o.flags |= PX_OPT_KEEP_RAW | flags;
    o.threads = threads;
    px_corpus *c = px_corpus_new(&o, NULL);
    assert_int_equal(px_corpus_add_bytes(c, "in.jsonl", in, strlen(in), PX_FORMAT_JSONL), PX_OK);
    assert_int_equal(px_corpus_dedup(c), PX_OK);
    char *out = calloc(1, 1);
    assert_int_equal(px_corpus_write_dedup(c, write_buf, &out), PX_OK);
    assert_int_equal(px_corpus_write_pairs(c, write_buf, &out), PX_OK);
    *run = px_corpus_run(c);
    px_corpus_free(c);
    return out;
}

/* PX_OPT_DEDUP_ONLY (analysis while reading, on worker threads) keeps and
 * pairs exactly what a plain corpus does, whatever the thread count, over
 * more docs than a batch; and refuses px_corpus_run, the texts being gone. */
static void test_dedup_only(void **state) {
    (void)state;
    char *in = dedup_corpus(1500);
    px_status st;
    char *plain = dedup_out(in, 0, 2, &st);
    assert_int_equal(st, PX_OK);
    assert_non_null(strstr(plain, "\t1.0000\n"));  /* exact copies found */
    assert_non_null(strstr(plain, "\t0."));        /* and near ones */
    for (unsigned t = 1; t <= 3; t++) {
        char *fast = dedup_out(in, PX_OPT_DEDUP_ONLY, t, &st);
        assert_string_equal(plain, fast);
        assert_int_equal(st, PX_ESTATE);
        free(fast);
    }
    free(plain);
    free(in);
}

/* Every allocation failure of a dedup-only run (one thread, so that the
 * counting allocator is not shared) gives PX_ENOMEM and leaks nothing. */
static void test_dedup_only_out_of_memory(void **state) {
    (void)state;
    char *in = dedup_corpus(300);
    px_options o;
    px_options_init(&o);
    o.threads = 1;
    o.flags |= PX_OPT_KEEP_RAW | PX_OPT_DEDUP_ONLY;
    for (long budget = 0;; budget += 7) {
        tu_failing f = {budget, 0};
        px_allocator a = tu_failing_allocator(&f);
        px_corpus *c = px_corpus_new(&o, &a);
        px_status st = PX_ENOMEM;
        if (c) {
            st = px_corpus_add_bytes(c, "in.jsonl", in, strlen(in), PX_FORMAT_JSONL);
            if (st == PX_OK) st = px_corpus_dedup(c);
        }
        assert_true(st == PX_OK || st == PX_ENOMEM);
        px_corpus_free(c);
        assert_int_equal(f.live, 0);
        if (st == PX_OK) break;
        assert_true(budget < 1000000);
    }
    free(in);
}

/* Progress: each stage reports from the calling thread with done never
 * going back and its last call done == total; clustering reports its
 * online pass ("cluster") and its later passes as one ("refine"), block by
 * block. The corpus is repeated under new ids to span several blocks. */
typedef struct plog {
    char stages[256];
    size_t last_done, last_total;
    const char *cur;
    bool backwards;
} plog;

static void on_progress(void *ud, const char *stage, size_t done, size_t total) {
    plog *l = ud;
    if (!l->cur || strcmp(l->cur, stage) != 0) {
        if (l->cur && l->last_done != l->last_total && l->last_total) l->backwards = true;
        strcat(l->stages, stage);
        strcat(l->stages, " ");
        l->cur = stage;
        l->last_done = 0;
    }
    if (done < l->last_done) l->backwards = true;
    l->last_done = done;
    l->last_total = total;
}

static void test_progress(void **state) {
    (void)state;
    size_t perm[NART];
    for (size_t i = 0; i < NART; i++) perm[i] = i;
    px_corpus *c = px_corpus_new(NULL, NULL);
    plog l = {{0}, 0, 0, NULL, false};
    px_corpus_set_progress(c, on_progress, &l);
    char *s = join(perm, NART);
    for (size_t k = 0; k < 700 / NART + 1; k++) {
        /* each record's id gets the prefix rK- */
        static const char key[] = "{\"id\":\"";
        char *t = malloc(strlen(s) * 2 + 64), *o = t;
        for (const char *p = s; *p;) {
            if (strncmp(p, key, sizeof key - 1) == 0) {
                o += sprintf(o, "%sr%zu-", key, k);
                p += sizeof key - 1;
            } else {
                *o++ = *p++;
            }
        }
        *o = '\0';
        assert_int_equal(px_corpus_add_bytes(c, "mem.jsonl", t, strlen(t), PX_FORMAT_JSONL), PX_OK);
        free(t);
    }
    assert_true(px_corpus_doc_count(c) > 512);
    assert_int_equal(px_corpus_run(c), PX_OK);
    assert_string_equal(l.stages, "analyse cluster refine compare ");
    assert_false(l.backwards);
    assert_int_equal(l.last_done, l.last_total);
    free(s);
    px_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stories),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_writers),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_drop_text),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_dedup_only),
        cmocka_unit_test(test_dedup_only_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
