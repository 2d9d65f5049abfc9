/*
 * test_quotes.c - unit tests of src/compare/quotes.c on sentences we
 * write: the four families of quote marks, each attribution shape (after
 * the quote, before it, "according to", told journalists, in a statement),
 * quotes continued over sentences, he/she pointing back to the last person
 * named, speakers that name no entity kept as written, scare quotes
 * dropped, unbalanced marks kept to their line; random input.
 */
#include "testutil.h"

#include "compare/compare.h"

/* "speaker|quote" of each quotation of text, joined by " ;; ". */
static const char *quotes_of(const char *text) {
    static char buf[4096];
    tx_ctx *ctx = tx_ctx_new(NULL);
    assert_non_null(ctx);
    cmp_arena a;
    cmp_arena_init(&a, NULL);
    cmp_text t;
    cmp_mention *m;
    size_t nm, nq;
    cmp_dquote *q;
    assert_int_equal(cmp_text_build(&a, ctx, text, strlen(text), "en", &t), PX_OK);
    assert_int_equal(cmp_mentions(&t, &a, &m, &nm), PX_OK);
    assert_int_equal(cmp_quotes(&t, m, nm, &a, &q, &nq), PX_OK);
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nq; i++) {
        const char *who = q[i].mention >= 0 ? m[q[i].mention].name : q[i].speaker;
        assert_true(q[i].off + q[i].len <= strlen(text));
        assert_true(q[i].sent < t.nsent);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s|%s", i ? " ;; " : "", who,
                              q[i].text);
    }
    cmp_arena_free(&a);
    tx_ctx_free(ctx);
    return buf;
}

static void expect(const char *text, const char *want) {
    const char *got = quotes_of(text);
    if (strcmp(got, want) != 0) fail_msg("%s\n  got:  %s\n  want: %s", text, got, want);
}

static void test_after_the_quote(void **state) {
    (void)state;
    expect("\xE2\x80\x9CThe talks were useful,\xE2\x80\x9D Foreign Ministry spokeswoman Maria "
           "Zakharova said.",
           "Maria Zakharova|The talks were useful");
    expect("\"The search will go on tonight,\" said Helga Marsden, the company's chief executive.",
           "Helga Marsden|The search will go on tonight");
    expect("\"Who will pay for the repairs?\" asked councillor Mira Castell.",
           "Mira Castell|Who will pay for the repairs?");
    expect("\"This is an obscene step that rewards violence,\" the Foreign Ministry of Carvonia "
           "said in a statement.",
           "Foreign Ministry of Carvonia|This is an obscene step that rewards violence");
}

static void test_before_the_quote(void **state) {
    (void)state;
    expect("Mayor Tom Okafor said: \"We will rebuild the pier by summer.\"",
           "Tom Okafor|We will rebuild the pier by summer.");
    expect("On Thursday, Mikhail Bogdanov told journalists \"the visit will take place soon.\"",
           "Mikhail Bogdanov|the visit will take place soon.");
}

static void test_according_to(void **state) {
    (void)state;
    expect("Prices will rise again, according to governor Ilse Varga, who said \"inflation is "
           "not beaten yet.\"",
           "Ilse Varga|inflation is not beaten yet.");
    expect("\"Inflation is not beaten yet,\" according to Ilse Varga.",
           "Ilse Varga|Inflation is not beaten yet");
}

static void test_marks(void **state) {
    (void)state;
    /* guillemets both ways, low-high */
    expect("\xC2\xABWe are ready to talk to everyone,\xC2\xBB Lior Haiat said.",
           "Lior Haiat|We are ready to talk to everyone");
    expect("\xC2\xBBWe are ready to talk to everyone,\xC2\xAB Lior Haiat said.",
           "Lior Haiat|We are ready to talk to everyone");
    expect("\xE2\x80\x9EWe will not leave our homes,\xE2\x80\x9D said Tom Okafor.",
           "Tom Okafor|We will not leave our homes");
    expect("\xE2\x80\x9EWe will not leave our homes,\xE2\x80\x9C said Tom Okafor.",
           "Tom Okafor|We will not leave our homes");
}

static void test_pronouns_and_continuation(void **state) {
    (void)state;
    expect("Chief executive Helga Marsden spoke at the pier on Tuesday. \"We owe the families answers,\" she "
           "said.",
           "Helga Marsden|We owe the families answers");
    expect("\"We searched all night,\" said Helga Marsden. \"We will search again at dawn.\"",
           "Helga Marsden|We searched all night ;; Helga Marsden|We will search again at dawn.");
}

static void test_speaker_as_written(void **state) {
    (void)state;
    expect("\"The coast road will stay shut until Friday,\" a police spokesman said.",
           "police spokesman|The coast road will stay shut until Friday");
}

static void test_scare_quotes_and_unattributed(void **state) {
    (void)state;
    expect("The minister called the plan \"reckless\" on Monday.", "");
    expect("Bogdanov said Abbas would come \"soon.\"", "");
    /* a long quote without attribution is kept, speaker unknown */
    expect("\"No one was hurt in the second fire at the depot.\"",
           "|No one was hurt in the second fire at the depot.");
}

static void test_unbalanced_mark_stays_on_its_line(void **state) {
    (void)state;
    const char *got = quotes_of("The board said \"the pier is closed for good.\nEngineers met "
                                "on Monday and said \"repairs start in May,\" Tom Okafor said.\n");
    assert_null(strstr(got, "Engineers met"));
}

static void test_random_input(void **state) {
    (void)state;
    static const char *const pieces[] = {"\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC2\xAB",
                                         "\xC2\xBB", "\xE2\x80\x9E", " said", " she", " Tom",
                                         " Okafor", ",", ".", ":", "\n", " according to", " x"};
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int round = 0; round < 300; round++) {
        char t[700];
        tu_random_text(t, 600, pieces, PX_ARRAY_LEN(pieces), &x);
        quotes_of(t); /* asserts spans and sentences in range */
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_after_the_quote),
        cmocka_unit_test(test_before_the_quote),
        cmocka_unit_test(test_according_to),
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_pronouns_and_continuation),
        cmocka_unit_test(test_speaker_as_written),
        cmocka_unit_test(test_scare_quotes_and_unattributed),
        cmocka_unit_test(test_unbalanced_mark_stays_on_its_line),
        cmocka_unit_test(test_random_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
