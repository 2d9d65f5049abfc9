/*
 * Clustering quality on the shared data sets, with the default parameters
 * (skipped, saying so, when ../shared is absent):
 * - the three seed articles form one story, and the bundled examples added
 *   to them stay out of it;
 * - B-cubed F1 >= 0.93 on news-clusters-giveme5w1h and >= 0.90 on ECB+
 *   (the targets), and at least 0.88 when ECB+ arrives shuffled.
 * The gold labels are read by px_eval_corpus only, after clustering.
 */
#include "testutil.h"

static px_corpus *run_paths(const char *const *paths, size_t n) {
    px_corpus *c = px_corpus_new(NULL, NULL);
    assert_non_null(c);
    for (size_t i = 0; i < n; i++) assert_int_equal(px_corpus_add_path(c, paths[i]), PX_OK);
    assert_int_equal(px_corpus_run(c), PX_OK);
    return c;
}

static void test_seeds_one_story(void **state) {
    (void)state;
    const char *sh = tu_shared();
    if (!sh) skip();
    char seeds[512];
    snprintf(seeds, sizeof seeds, "%s/seeds", sh);
    const char *paths[] = {seeds, "examples"};
    px_corpus *c = run_paths(paths, 2);
    size_t seed_story = (size_t)-1, found = 0;
    for (size_t s = 0; s < px_corpus_story_count(c); s++) {
        for (size_t k = 0; k < px_corpus_story_size(c, s); k++) {
            const char *path = px_doc_path(px_corpus_doc(c, px_corpus_story_doc(c, s, k)));
            if (strncmp(path, seeds, strlen(seeds)) != 0) continue;
            if (seed_story == (size_t)-1) seed_story = s;
            assert_int_equal(s, seed_story);
            found++;
        }
    }
    assert_int_equal(found, 3);
    assert_int_equal(px_corpus_story_size(c, seed_story), 3);
    /* the examples keep their own six stories */
    assert_int_equal(px_corpus_story_count(c), 7);
    px_corpus_free(c);
}

static void check_set(const char *data, double want) {
    const char *sh = tu_shared();
    if (!sh) skip();
    char path[512];
    snprintf(path, sizeof path, "%s/data/%s", sh, data);
    const char *paths[] = {path};
    px_corpus *c = run_paths(paths, 1);
    px_eval_result r;
    char err[256];
    assert_int_equal(px_eval_corpus(c, path, &r, err, sizeof err), PX_OK);
    print_message("%s: B-cubed F1 %.4f (P %.4f R %.4f), pairwise F1 %.4f, %zu stories\n", data,
                  r.bcubed_f1, r.bcubed_p, r.bcubed_r, r.pair_f1, r.pred_stories);
    assert_int_equal(r.missing, 0);
    assert_true(r.bcubed_f1 >= want);
    px_corpus_free(c);
}

static void test_giveme(void **state) {
    (void)state;
    check_set("news-clusters-giveme5w1h/stories.jsonl", 0.93);
}

static void test_ecbplus(void **state) {
    (void)state;
    check_set("ecbplus/stories.jsonl", 0.90);
}

/* ECB+ has no dates, so arrival order is file order, which groups each
 * story's documents. A shuffled copy shows how much the figure rests on
 * that: over random orders it scores 0.89-0.91 (0.912 in file order), so
 * this guards against a regression, below the 0.90. */
static void test_ecbplus_shuffled(void **state) {
    (void)state;
    const char *sh = tu_shared();
    if (!sh) skip();
    char path[512];
    snprintf(path, sizeof path, "%s/data/ecbplus/stories.jsonl", sh);
    size_t len = 0;
    char *buf = tu_read_file(path, &len);
    assert_non_null(buf);
    size_t nl = 0;
    for (size_t i = 0; i < len; i++) nl += buf[i] == '\n';
    char **line = malloc((nl + 1) * sizeof *line);
    size_t n = 0;
    for (char *p = buf; p < buf + len && *p;) {
        char *e = strchr(p, '\n');
        line[n++] = p;
        if (!e) break;
        *e = '\0';
        p = e + 1;
    }
    uint64_t x = 0x9e3779b97f4a7c15ULL; /* xorshift, fixed seed */
    for (size_t i = n; i > 1; i--) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        size_t j = (size_t)(x % i);
        char *t = line[i - 1];
        line[i - 1] = line[j];
        line[j] = t;
    }
    px_corpus *c = px_corpus_new(NULL, NULL);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(px_corpus_add_bytes(c, "shuffled.jsonl", line[i], strlen(line[i]),
                                             PX_FORMAT_JSONL), PX_OK);
    assert_int_equal(px_corpus_run(c), PX_OK);
    px_eval_result r;
    char err[256];
    assert_int_equal(px_eval_corpus(c, path, &r, err, sizeof err), PX_OK);
    print_message("ecbplus shuffled: B-cubed F1 %.4f\n", r.bcubed_f1);
    assert_true(r.bcubed_f1 >= 0.88);
    px_corpus_free(c);
    free(line);
    free(buf);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seeds_one_story),
        cmocka_unit_test(test_giveme),
        cmocka_unit_test(test_ecbplus),
        cmocka_unit_test(test_ecbplus_shuffled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
