/* Known answers of the clustering metrics, and the label-file readers. */
#include "testutil.h"

#include <unistd.h>

static void test_perfect(void **state) {
    (void)state;
    const char *g[] = {"a", "a", "b", "c", "c", "c"};
    const char *p[] = {"x", "x", "y", "z", "z", "z"};
    px_eval_result r;
    assert_int_equal(px_eval_labels(g, p, 6, &r), PX_OK);
    assert_float_equal(r.pair_f1, 1.0, 1e-12);
    assert_float_equal(r.bcubed_f1, 1.0, 1e-12);
    assert_int_equal(r.gold_stories, 3);
    assert_int_equal(r.pred_stories, 3);
}

/* Worked by hand: gold {1,2,3}{4,5}, predicted {1,2}{3,4,5}.
 * Pairs: gold 3+1=4, predicted 1+3=4, shared: (1,2),(4,5) = 2 -> P=R=0.5.
 * B-cubed precision: items 1,2: 2/2; 3: 1/3; 4,5: 2/3 -> (1+1+1/3+2/3+2/3)/5
 * = 11/15. Recall: 1,2: 2/3; 3: 1/3; 4,5: 2/2 -> (2/3+2/3+1/3+1+1)/5 = 11/15. */
static void test_hand_worked(void **state) {
    (void)state;
    const char *g[] = {"A", "A", "A", "B", "B"};
    const char *p[] = {"p", "p", "q", "q", "q"};
    px_eval_result r;
    assert_int_equal(px_eval_labels(g, p, 5, &r), PX_OK);
    assert_float_equal(r.pair_p, 0.5, 1e-12);
    assert_float_equal(r.pair_r, 0.5, 1e-12);
    assert_float_equal(r.bcubed_p, 11.0 / 15, 1e-12);
    assert_float_equal(r.bcubed_r, 11.0 / 15, 1e-12);
    assert_float_equal(r.bcubed_f1, 11.0 / 15, 1e-12);
}

/* All in one predicted cluster: recall 1, precision by class sizes. */
static void test_one_cluster(void **state) {
    (void)state;
    const char *g[] = {"a", "a", "b", "b"};
    const char *p[] = {"x", "x", "x", "x"};
    px_eval_result r;
    assert_int_equal(px_eval_labels(g, p, 4, &r), PX_OK);
    assert_float_equal(r.bcubed_r, 1.0, 1e-12);
    assert_float_equal(r.bcubed_p, 0.5, 1e-12);
    assert_float_equal(r.pair_p, 2.0 / 6, 1e-12);
    assert_float_equal(r.pair_r, 1.0, 1e-12);
}

static void test_empty_and_invalid(void **state) {
    (void)state;
    px_eval_result r;
    assert_int_equal(px_eval_labels(NULL, NULL, 0, &r), PX_OK);
    assert_int_equal(r.items, 0);
    assert_int_equal(px_eval_labels(NULL, NULL, 3, &r), PX_EINVAL);
}

static void write_file(const char *path, const char *s) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

static void test_files(void **state) {
    (void)state;
    char dir[] = "/tmp/pxevalXXXXXX";
    assert_non_null(mkdtemp(dir));
    char gold[64], gold2[64], pred[64];
    snprintf(gold, sizeof gold, "%s/gold.tsv", dir);
    snprintf(gold2, sizeof gold2, "%s/gold.jsonl", dir);
    snprintf(pred, sizeof pred, "%s/pred.json", dir);
    write_file(gold, "id\tstory\na\tA\nb\tA\nc\tA\nd\tB\ne\tB\nz\tZ\n");
    write_file(gold2, "{\"id\":\"a\",\"story\":\"A\"}\n{\"id\":\"b\",\"story\":\"A\"}\n"
                      "{\"id\":\"c\",\"story\":\"A\"}\n{\"id\":\"d\",\"story\":\"B\"}\n"
                      "{\"id\":\"e\",\"story\":\"B\"}\n");
    write_file(pred, "{\"version\":1,\"stories\":[{\"id\":\"p\",\"articles\":[{\"id\":\"a\"},"
                     "{\"id\":\"b\"}]},{\"id\":\"q\",\"articles\":[{\"id\":\"c\"},{\"id\":\"d\"},"
                     "{\"id\":\"e\"},{\"id\":\"x\"}]}]}");
    px_eval_result r;
    char err[256] = "";
    assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_OK);
    assert_int_equal(r.items, 5);
    assert_int_equal(r.missing, 1);
    assert_int_equal(r.extra, 1);
    assert_float_equal(r.bcubed_f1, 11.0 / 15, 1e-12);
    assert_int_equal(px_eval_files(gold2, pred, &r, err, sizeof err), PX_OK);
    assert_float_equal(r.bcubed_f1, 11.0 / 15, 1e-12);

    write_file(gold, "a\tA\nno tab here\n");
    assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_EFORMAT);
    char want[128];
    snprintf(want, sizeof want, "%s:2: expected id<TAB>story", gold);
    assert_string_equal(err, want);
    write_file(pred, "{\"stories\": [");
    write_file(gold, "a\tA\n");
    assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_EFORMAT);
    assert_non_null(strstr(err, "malformed JSON"));
    snprintf(want, sizeof want, "%s/absent", dir);
    assert_int_equal(px_eval_files(want, pred, &r, err, sizeof err), PX_EIO);
    unlink(gold);
    unlink(gold2);
    unlink(pred);
    rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perfect),
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_one_cluster),
        cmocka_unit_test(test_empty_and_invalid),
        cmocka_unit_test(test_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
