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

#define ALEN(a) (sizeof(a) / sizeof((a)[0]))

/* One temporary directory per test, its files removed at the end. */
typedef struct tdir {
    char dir[32];
    char path[8][96];
    int n;
} tdir;

static const char *tfile(tdir *t, const char *name, const char *content, size_t len) {
    if (!t->dir[0]) {
        strcpy(t->dir, "/tmp/pxevalXXXXXX");
        assert_non_null(mkdtemp(t->dir));
    }
    assert_true(t->n < 8);
    char tmp[sizeof t->path[0]];
    snprintf(tmp, sizeof tmp, "%s/%s", t->dir, name);
    char *p = t->path[t->n++];
    memcpy(p, tmp, sizeof tmp);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    fclose(f);
    return p;
}

static const char *tstr(tdir *t, const char *name, const char *content) {
    return tfile(t, name, content, strlen(content));
}

static void tclean(tdir *t) {
    for (int i = 0; i < t->n; i++) unlink(t->path[i]);
    if (t->dir[0]) rmdir(t->dir);
}

/* The prediction every gold test below is scored against: a,b,c in p;
 * d,e in q. */
static const char pred_abcde[] =
    "{\"stories\":[{\"id\":\"p\",\"articles\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"}]},"
    "{\"id\":\"q\",\"articles\":[{\"id\":\"d\"},{\"id\":\"e\"}]}]}";

/* Expects gold to fail at its line `line` with reason; err is checked
 * whole. */
static void expect_gold_error(const char *gold, const char *pred, px_status want,
                              const char *reason_fmt, unsigned line) {
    px_eval_result r;
    char err[512] = "", want_msg[600];
    assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), want);
    snprintf(want_msg, sizeof want_msg, "%s:%u: %s", gold, line, reason_fmt);
    assert_string_equal(err, want_msg);
}

/* JSON Lines gold: blank and CRLF lines, keys in any order, the last of a
 * repeated key, escapes in ids and labels, integer stories, other fields
 * of every JSON type skipped. */
static void test_gold_jsonl_forms(void **state) {
    (void)state;
    tdir t = {0};
    const char *pred = tstr(&t, "p.json", pred_abcde);
    const char *gold = tstr(&t, "g.jsonl",
        "{\"id\":\"a\",\"story\":\"A\",\"text\":\"x \\\"y\\\" \\u00e9 \\ud83d\\ude00 \xc3\xa9\","
        "\"n\":[1,-2.5e3,true,false,null,{\"id\":\"zz\",\"story\":\"ZZ\"}]}\r\n"
        "\n"
        "   \t\r\n"
        "{\"story\":\"A\",\"id\":\"\\u0062\"}\n"
        "  {\"id\":\"c\",\"story\":\"B\",\"story\":\"\\u0041\"}\n"
        "{\"id\":\"d\",\"story\":7}\n"
        "{\"id\":\"e\",\"story\":-0,\"published\":\"2024-01-01\"} \r\n"
        "{\"id\":\"f\",\"story\":0}");
    px_eval_result r;
    char err[256] = "";
    assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_OK);
    /* gold {a,b,c} {d} {e,f}; -0 is the label "0" as 0 is */
    assert_int_equal(r.items, 5);
    assert_int_equal(r.missing, 1);
    assert_int_equal(r.extra, 0);
    assert_int_equal(r.gold_stories, 3);
    assert_int_equal(r.pred_stories, 2);
    assert_float_equal(r.pair_p, 3.0 / 4, 1e-12);
    assert_float_equal(r.pair_r, 1.0, 1e-12);
    tclean(&t);
}

/* TSV gold: header on line 1 only, CRLF, a story holding tabs, an id with
 * spaces kept as they are, blank lines. */
static void test_gold_tsv_forms(void **state) {
    (void)state;
    tdir t = {0};
    const char *pred = tstr(&t, "p.json", pred_abcde);
    const char *gold = tstr(&t, "g.tsv",
        "id\tstory\r\na\tA\tx\r\nb\tA\tx\n\n c\tA\tx\nc\tC\nd\tD\ne\tD");
    px_eval_result r;
    char err[256] = "";
    assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_OK);
    assert_int_equal(r.items, 5);
    assert_int_equal(r.missing, 1); /* " c" is not c */
    assert_int_equal(r.gold_stories, 3);
    assert_float_equal(r.pair_p, 2.0 / 4, 1e-12);
    assert_float_equal(r.pair_r, 1.0, 1e-12);
    /* "id<TAB>story" after line 1 is a record, not a header */
    gold = tstr(&t, "g2.tsv", "a\tA\nid\tstory\n");
    assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_OK);
    assert_int_equal(r.items, 1);
    assert_int_equal(r.missing, 1);
    tclean(&t);
}

/* Each malformed record is refused with its own line number, whatever
 * comes after it, as jansson refuses it. */
static void test_gold_malformed(void **state) {
    (void)state;
    static const char *const bad[] = {
        "{\"id\":\"b\",\"story\":\"A\"",              /* unclosed */
        "{\"id\":\"b\",\"story\":\"A\"} x",           /* trailing garbage */
        "{\"id\":\"b\",\"story\":\"A\",}",            /* trailing comma */
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"\xc3\"}",  /* cut UTF-8 */
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"\xed\xa0\x80\"}", /* UTF-8 surrogate */
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"\xc0\xaf\"}", /* overlong */
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"\xe0\x80\xaf\"}", /* overlong, 3 bytes */
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"\xf4\x90\x80\x80\"}", /* above U+10FFFF */
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"\xc3\x28\"}", /* no continuation */
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"\\u0000\"}",   /* NUL */
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"\\ud800\"}",   /* lone surrogate */
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"\\x\"}",       /* bad escape */
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"a\tb\"}",      /* raw control byte */
        "{\"id\":\"b\",\"story\":\"A\",\"n\":01}",
        "{\"id\":\"b\",\"story\":\"A\",\"n\":1.}",
        "{\"id\":\"b\",\"story\":\"A\",\"n\":9223372036854775808}", /* above int64 */
        "{\"id\":\"b\",\"story\":\"A\",\"n\":-1e999}",       /* overflows a double */
        "{\"id\":\"b\",\"story\":\"A\",\"n\":tru}",
        "{\"id\":\"b\",\"story\":\"A\",\"t\":\"open",        /* string cut by the newline */
    };
    tdir t = {0};
    const char *pred = tstr(&t, "p.json", pred_abcde);
    char text[256];
    for (size_t i = 0; i < ALEN(bad); i++) {
        snprintf(text, sizeof text, "{\"id\":\"a\",\"story\":\"A\"}\n\n%s\n{\"id\":\"c\",\"story\":\"A\"}\n",
                 bad[i]);
        t.n = 1; /* rewrite the same gold file */
        const char *gold = tstr(&t, "g.jsonl", text);
        expect_gold_error(gold, pred, PX_EFORMAT, "malformed JSON", 3);
    }
    /* the limits themselves pass: int64 extremes, a large finite real */
    const char *gold = tstr(&t, "g.jsonl",
        "{\"id\":\"a\",\"story\":9223372036854775807,\"n\":-9223372036854775808,\"r\":1e308}\n");
    px_eval_result r;
    char err[256] = "";
    assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_OK);
    assert_int_equal(r.items, 1);
    tclean(&t);
}

/* Nesting is refused past jansson's 2048 levels, the record counting as
 * the first: a value at level 2048 passes, one at 2049 does not. */
static void test_gold_depth(void **state) {
    (void)state;
    tdir t = {0};
    const char *pred = tstr(&t, "p.json", pred_abcde);
    for (int extra = 0; extra <= 1; extra++) {
        int k = 2046 + extra; /* arrays inside the record's "x" */
        char *s = malloc(2 * (size_t)k + 64);
        assert_non_null(s);
        int n = sprintf(s, "{\"id\":\"a\",\"story\":\"A\",\"x\":");
        for (int i = 0; i < k; i++) s[n++] = '[';
        s[n++] = '1';
        for (int i = 0; i < k; i++) s[n++] = ']';
        n += sprintf(s + n, "}\n");
        t.n = 1;
        const char *gold = tfile(&t, "g.jsonl", s, (size_t)n);
        px_eval_result r;
        char err[256] = "";
        if (!extra) {
            assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_OK);
            assert_int_equal(r.items, 1);
        } else {
            expect_gold_error(gold, pred, PX_EFORMAT, "malformed JSON", 1);
        }
        free(s);
    }
    tclean(&t);
}

/* A record without a usable id or story, a TSV line without a tab, and an
 * id given twice name their line. */
static void test_gold_bad_records(void **state) {
    (void)state;
    tdir t = {0};
    const char *pred = tstr(&t, "p.json", pred_abcde);
    static const char *const nostory[] = {
        "{\"id\":\"b\"}", "{\"id\":\"b\",\"story\":null}", "{\"id\":\"b\",\"story\":1.5}",
        "{\"id\":\"b\",\"story\":[\"A\"]}", "{\"id\":7,\"story\":\"A\"}", "{\"story\":\"A\"}",
        "{\"id\":\"b\",\"story\":\"A\",\"story\":false}", "{}",
    };
    char text[256];
    for (size_t i = 0; i < ALEN(nostory); i++) {
        snprintf(text, sizeof text, "{\"id\":\"a\",\"story\":\"A\"}\n%s\n", nostory[i]);
        t.n = 1;
        const char *gold = tstr(&t, "g.jsonl", text);
        expect_gold_error(gold, pred, PX_EFORMAT,
                          "gold record needs string \"id\" and \"story\"", 2);
    }
    t.n = 1;
    const char *gold = tstr(&t, "g.tsv", "a\tA\n\nb\tB\nno tab\n");
    expect_gold_error(gold, pred, PX_EFORMAT, "expected id<TAB>story", 4);
    t.n = 1;
    gold = tstr(&t, "g.jsonl", "{\"id\":\"a\",\"story\":\"A\"}\n{\"id\":\"b\",\"story\":\"A\"}\n"
                               "\n{\"story\":\"B\",\"id\":\"a\"}\n");
    expect_gold_error(gold, pred, PX_EDUPID, "duplicate id \"a\" (first on line 1)", 4);
    /* the same between TSV and JSON lines, and for a repeat with the same story */
    t.n = 1;
    gold = tstr(&t, "g.tsv", "id\tstory\nb\tB\n{\"id\":\"b\",\"story\":\"B\"}\n");
    expect_gold_error(gold, pred, PX_EDUPID, "duplicate id \"b\" (first on line 2)", 3);
    tclean(&t);
}

/* Records far longer than the reader's block: a text of 3 MB whose
 * escapes and UTF-8 sequences fall across block boundaries, a long id and
 * story, and a long TSV line. */
static void test_gold_huge_lines(void **state) {
    (void)state;
    tdir t = {0};
    size_t big = 3u << 20;
    char *s = malloc(big + (4u << 20) + 4096);
    assert_non_null(s);
    size_t n = (size_t)sprintf(s, "{\"id\":\"a\",\"text\":\"");
    static const char *const units[] = {"abcdefg ", "\\u00e9", "\\ud83d\\ude00", "\xc3\xa9",
                                        "\xf0\x9f\x98\x80", "\\\"", "\xe2\x82\xac"};
    for (size_t i = 0; n < big; i++) {
        const char *u = units[(i * 7 + i / 5) % ALEN(units)];
        memcpy(s + n, u, strlen(u));
        n += strlen(u);
    }
    n += (size_t)sprintf(s + n, "\",\"story\":\"A\"}\n{\"id\":\"");
    size_t idstart = n;
    memset(s + n, 'x', 2u << 20); /* a 2 MB id */
    n += 2u << 20;
    n += (size_t)sprintf(s + n, "\",\"story\":\"A\"}\nb\t");
    memset(s + n, 'y', 2u << 20); /* a 2 MB story label */
    n += 2u << 20;
    s[n++] = '\n';
    const char *gold = tfile(&t, "g.jsonl", s, n);
    /* predicted: a and the long id together, b alone */
    char *pred = malloc((2u << 20) + 256);
    assert_non_null(pred);
    int k = sprintf(pred, "{\"stories\":[{\"id\":\"p\",\"articles\":[{\"id\":\"a\"},{\"id\":\"");
    memcpy(pred + k, s + idstart, 2u << 20);
    k += 2 << 20;
    k += sprintf(pred + k, "\"}]},{\"id\":\"q\",\"articles\":[{\"id\":\"b\"}]}]}");
    const char *pp = tfile(&t, "p.json", pred, (size_t)k);
    px_eval_result r;
    char err[256] = "";
    assert_int_equal(px_eval_files(gold, pp, &r, err, sizeof err), PX_OK);
    assert_int_equal(r.items, 3);
    assert_int_equal(r.missing, 0);
    assert_int_equal(r.extra, 0);
    assert_float_equal(r.bcubed_f1, 1.0, 1e-12);
    /* one bad byte deep inside the long text is still found, on line 1 */
    s[big / 2] = '\x01';
    t.n = 0;
    gold = tfile(&t, "g.jsonl", s, n);
    expect_gold_error(gold, pp, PX_EFORMAT, "malformed JSON", 1);
    free(s);
    free(pred);
    t.n = 2;
    tclean(&t);
}

/* The prediction file: keys in any order, the last of repeated keys,
 * articles without a string id passed over, an id predicted twice scored
 * once, and the messages of a file that does not say what it should. */
static void test_pred_forms(void **state) {
    (void)state;
    tdir t = {0};
    const char *gold = tstr(&t, "g.tsv", "a\tA\nb\tA\nc\tB\nd\tB\n");
    const char *pred = tstr(&t, "p.json",
        "{\"stories\":[{\"id\":\"x\",\"articles\":[{\"id\":\"a\"}]}],\"version\":1,"
        "\"stories\":[{\"articles\":[{\"id\":\"a\",\"sim\":0.5,\"dup\":null},{\"id\":5},\"b\","
        "{\"source\":{\"id\":\"c\"}},{\"id\":\"b\",\"id\":\"c\"}],\"id\":\"p\",\"articles\":"
        "[{\"id\":\"a\"},{\"id\":\"b\"}]},\n  {\"id\":\"q\",\"articles\":[{\"id\":\"a\"},"
        "{\"id\":\"\\u0063\"},{\"id\":\"d\"},{\"id\":\"z\"}]}]}\n");
    px_eval_result r;
    char err[256] = "";
    assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_OK);
    /* p {a,b}, q {c,d}; the second a and z are extra */
    assert_int_equal(r.items, 4);
    assert_int_equal(r.missing, 0);
    assert_int_equal(r.extra, 2);
    assert_float_equal(r.bcubed_f1, 1.0, 1e-12);

    struct { const char *json, *msg; } bad[] = {
        {"{\"version\":1}", ": no \"stories\" array"},
        {"[{\"stories\":[]}]", ": no \"stories\" array"},
        {"{\"stories\":[],\"stories\":{}}", ": no \"stories\" array"},
        {"{\"stories\":[{\"id\":\"p\",\"articles\":[]},{\"articles\":[]}]}",
         ": a story lacks \"id\" or \"articles\""},
        {"{\"stories\":[{\"id\":\"p\",\"articles\":{}}]}", ": a story lacks \"id\" or \"articles\""},
        {"{\"stories\":[\"p\"]}", ": a story lacks \"id\" or \"articles\""},
        {"{\"stories\":[{\"id\":\"p\",\"articles\":[]}],\n\"x\":}",
         ":2: malformed JSON: unexpected token near '}'"},
        {"{\"stories\": [", ":1: malformed JSON: ']' expected near end of file"},
        {"", ":1: malformed JSON: '[' or '{' expected near end of file"},
    };
    for (size_t i = 0; i < ALEN(bad); i++) {
        t.n = 1;
        pred = tstr(&t, "p.json", bad[i].json);
        char want[300];
        snprintf(want, sizeof want, "%s%s", pred, bad[i].msg);
        assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_EFORMAT);
        assert_string_equal(err, want);
    }
    /* a later valid "stories" replaces one with a bad story */
    t.n = 1;
    pred = tstr(&t, "p.json", "{\"stories\":[{\"x\":1}],\"stories\":[{\"id\":\"p\",\"articles\":"
                              "[{\"id\":\"a\"}]}]}");
    assert_int_equal(px_eval_files(gold, pred, &r, err, sizeof err), PX_OK);
    assert_int_equal(r.items, 1);
    tclean(&t);
}

/* The figures do not depend on the order of the gold lines nor of the
 * predicted stories and their articles. */
static void test_order_free(void **state) {
    (void)state;
    enum { N = 2000 };
    tdir t = {0};
    char *g1 = malloc(N * 40), *g2 = malloc(N * 40), *p1 = malloc(N * 40), *p2 = malloc(N * 40);
    assert_true(g1 && g2 && p1 && p2);
    size_t a = 0, b = 0, c, d;
    for (int i = 0; i < N; i++) a += (size_t)sprintf(g1 + a, "{\"id\":\"i%d\",\"story\":\"g%d\"}\n", i, i % 37);
    for (int i = N - 1; i >= 0; i--) b += (size_t)sprintf(g2 + b, "i%d\tg%d\n", i, i % 37);
    c = (size_t)sprintf(p1, "{\"stories\":[");
    d = (size_t)sprintf(p2, "{\"stories\":[");
    for (int s = 0; s < 50; s++) {
        int s2 = 49 - s;
        c += (size_t)sprintf(p1 + c, "%s{\"id\":\"s%d\",\"articles\":[", s ? "," : "", s);
        d += (size_t)sprintf(p2 + d, "%s{\"articles\":[", s ? "," : "");
        for (int i = s, first = 1; i < N; i += 50, first = 0)
            c += (size_t)sprintf(p1 + c, "%s{\"id\":\"i%d\"}", first ? "" : ",", i);
        for (int i = N - 50 + s2, first = 1; i >= 0; i -= 50, first = 0)
            d += (size_t)sprintf(p2 + d, "%s{\"id\":\"i%d\"}", first ? "" : ",", i);
        c += (size_t)sprintf(p1 + c, "]}");
        d += (size_t)sprintf(p2 + d, "],\"id\":\"s%d\"}", s2);
    }
    c += (size_t)sprintf(p1 + c, "]}");
    d += (size_t)sprintf(p2 + d, "]}");
    const char *G1 = tfile(&t, "g1", g1, a), *G2 = tfile(&t, "g2", g2, b);
    const char *P1 = tfile(&t, "p1", p1, c), *P2 = tfile(&t, "p2", p2, d);
    px_eval_result r1, r2;
    char err[256] = "";
    assert_int_equal(px_eval_files(G1, P1, &r1, err, sizeof err), PX_OK);
    assert_int_equal(px_eval_files(G2, P2, &r2, err, sizeof err), PX_OK);
    assert_int_equal(r1.items, N);
    assert_int_equal(r1.gold_stories, 37);
    assert_int_equal(r1.pred_stories, 50);
    assert_true(r1.bcubed_f1 > 0 && r1.bcubed_f1 < 1);
    assert_memory_equal(&r1, &r2, sizeof r1); /* bit for bit */
    free(g1);
    free(g2);
    free(p1);
    free(p2);
    tclean(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perfect),
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_one_cluster),
        cmocka_unit_test(test_empty_and_invalid),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_gold_jsonl_forms),
        cmocka_unit_test(test_gold_tsv_forms),
        cmocka_unit_test(test_gold_malformed),
        cmocka_unit_test(test_gold_depth),
        cmocka_unit_test(test_gold_bad_records),
        cmocka_unit_test(test_gold_huge_lines),
        cmocka_unit_test(test_pred_forms),
        cmocka_unit_test(test_order_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
