/*
 * test_clean.c - unit tests of src/text/clean.c: each shape of passage cut
 * from an article alone (appeals, photo credits, update notes, bylines,
 * datelines, prompts, navigation), the prose that must stay although it
 * looks alike, paragraph layout kept, a body never cut to nothing;
 * paragraphs a source repeats (three articles and a tenth of the source,
 * copies of one article not counting, any order); the corpus wiring and
 * PX_OPT_NO_CLEAN; random bytes; out of memory. Every article here was
 * written for these tests.
 */
#include "testutil.h"

#include "common/doc.h"
#include "text/text.h"

/* ---- helpers ---- */

static px_doc *mk(const char *text, const char *source, size_t seq) {
    px_doc *d = px_doc_new(NULL);
    assert_non_null(d);
    assert_int_equal(px_doc_set(d, &d->text, text, strlen(text)), PX_OK);
    d->text_len = strlen(text);
    assert_int_equal(px_doc_set(d, &d->source, source, strlen(source)), PX_OK);
    d->seq = seq;
    return d;
}

/* Cleans text alone and checks the body left and the cuts, given as
 * reason/text pairs ending with NULL. */
static void expect(const char *text, const char *body, ...) {
    px_doc *d = mk(text, "", 0);
    assert_int_equal(tx_clean_doc(d), PX_OK);
    assert_string_equal(d->text, body);
    assert_int_equal(strlen(d->text), d->text_len);
    va_list ap;
    va_start(ap, body);
    size_t i = 0;
    const char *why;
    while ((why = va_arg(ap, const char *)) != NULL) {
        const char *cut = va_arg(ap, const char *);
        assert_true(i < d->ncuts);
        assert_string_equal(d->cuts[i].reason, why);
        assert_string_equal(d->cuts[i].text, cut);
        i++;
    }
    va_end(ap);
    assert_int_equal(d->ncuts, i);
    px_doc_free(d);
}

/* text stays exactly as it is, with nothing cut. */
static void keeps(const char *text) {
    px_doc *d = mk(text, "", 0);
    assert_int_equal(tx_clean_doc(d), PX_OK);
    assert_string_equal(d->text, text);
    assert_int_equal(d->ncuts, 0);
    px_doc_free(d);
}

/* ---- one article ---- */

static void test_update_note(void **state) {
    (void)state;
    px_doc *d = mk("Updated with the mayor's remarks.\nThe bridge reopened on Friday.\n", "", 0);
    assert_int_equal(tx_clean_doc(d), PX_OK);
    assert_string_equal(d->text, "The bridge reopened on Friday.\n");
    assert_int_equal(d->ncuts, 1);
    assert_string_equal(d->cuts[0].reason, "update note");
    assert_string_equal(d->updated, "Updated with the mayor's remarks.");
    assert_string_equal(px_doc_updated(d), "Updated with the mayor's remarks.");
    const char *why = NULL;
    assert_string_equal(px_doc_cut(d, 0, &why), "Updated with the mayor's remarks.");
    assert_string_equal(why, "update note");
    assert_null(px_doc_cut(d, 1, &why));
    px_doc_free(d);
    /* two notes are joined; a parenthesized one loses its parentheses */
    d = mk("(Updated with a statement from the council)\nThe bridge reopened.\n"
           "This story has been updated to correct the engineer's name.\n", "", 0);
    assert_int_equal(tx_clean_doc(d), PX_OK);
    assert_string_equal(d->text, "The bridge reopened.\n");
    assert_string_equal(d->updated, "Updated with a statement from the council; "
                                    "This story has been updated to correct the engineer's name.");
    px_doc_free(d);
}

static void test_donation_appeal(void **state) {
    (void)state;
    expect("The council approved the budget on Tuesday.\n"
           "The vote was seven to two.\n"
           "A note from the Lantern:\n"
           "Dear reader,\n"
           "Reporting on the council takes time, and time costs money.\n"
           "We rely on readers, not owners.\n"
           "If you can, please support us with a monthly gift. Every contribution helps.\n"
           "Remind me later.\n",
           "The council approved the budget on Tuesday.\nThe vote was seven to two.\n",
           "donation appeal",
           "A note from the Lantern:\nDear reader,\n"
           "Reporting on the council takes time, and time costs money.\n"
           "We rely on readers, not owners.\n"
           "If you can, please support us with a monthly gift. Every contribution helps.\n"
           "Remind me later.",
           NULL);
    /* one paragraph holding two strong cues is an appeal by itself */
    expect("The pier closed at noon.\n\n"
           "Independent journalism needs your support: donate today and become a member.\n\n"
           "Repairs start next week.\n",
           "The pier closed at noon.\n\nRepairs start next week.\n", "donation appeal",
           "Independent journalism needs your support: donate today and become a member.",
           NULL);
    expect("The pier closed at noon.\n\nThis article is for subscribers only.\n",
           "The pier closed at noon.\n", "subscription appeal",
           "This article is for subscribers only.", NULL);
}

static void test_appeal_words_in_reporting_stay(void **state) {
    (void)state;
    /* a quote thanking for support, a paragraph on journalism funding */
    keeps("\"Your support means a great deal,\" the coach told the fans.\n"
          "The club said it would keep its ticket prices.\n");
    keeps("The foundation said it would support local journalism with a grant.\n"
          "Donations to the fund rose by a third last year.\n"
          "The mayor welcomed the contribution.\n");
    /* a plea in a quote next to a paragraph on donations */
    keeps("\"Please consider the families,\" she said.\n"
          "The charity said donations would support the families.\n");
    keeps("He urged residents to continue reading the council's report.\n");
}

static void test_photo_credit(void **state) {
    (void)state;
    expect("Jana Ostrova/Pool Photo via AP FILE PHOTO. The minister speaks in Velmora.\n"
           "The minister spoke for an hour.\n",
           "The minister spoke for an hour.\n", "photo credit",
           "Jana Ostrova/Pool Photo via AP FILE PHOTO. The minister speaks in Velmora.", NULL);
    expect("The dam held.\nPhoto: Pell Harrow / Valley Courier\nWater levels fell overnight.\n",
           "The dam held.\nWater levels fell overnight.\n", "photo credit",
           "Photo: Pell Harrow / Valley Courier", NULL);
    expect("The dam held.\nREUTERS/Pell Harrow\n", "The dam held.\n", "photo credit",
           "REUTERS/Pell Harrow", NULL);
    /* prose about photos and agencies, and slashes between digits, stay */
    keeps("The photo, which the agency released on Monday, showed the dam.\n"
          "The AP reported that 24/7 patrols would continue.\n");
    keeps("He shared a photo via Twitter showing the damage.\n");
    expect("The dam held.\nEngineers at work on Monday. Photo via Reuters\n", "The dam held.\n",
           "photo credit", "Engineers at work on Monday. Photo via Reuters", NULL);
}

static void test_byline_and_dateline(void **state) {
    (void)state;
    expect("By Mira Castell and Tom Okafor\nLANTERN CITY, March 3 (Wire) - The council voted to "
           "close the pier.\n(Reporting by Mira Castell; Editing by Anna Bell)\n",
           "The council voted to close the pier.\n", "byline", "By Mira Castell and Tom Okafor",
           "dateline", "LANTERN CITY, March 3 (Wire) -", "byline",
           "(Reporting by Mira Castell; Editing by Anna Bell)", NULL);
    expect("VELMORA \xE2\x80\x94 The rate rose to 6.25%.\n", "The rate rose to 6.25%.\n",
           "dateline", "VELMORA \xE2\x80\x94", NULL);
    expect("Kyiv (Wire) \xE2\x80\x93 Trains ran late.\n", "Trains ran late.\n", "dateline",
           "Kyiv (Wire) \xE2\x80\x93", NULL);
    /* prose that starts like them */
    keeps("By Tuesday, the army had left the town.\n");
    keeps("NATO - the alliance - met on Monday.\n");
    keeps("Officials said - and others agreed - that the pier was safe.\n");
    keeps("The mayor said: \"PIER CLOSED - Keep Out\" was painted on the gate.\n");
}

static void test_prompts_and_navigation(void **state) {
    (void)state;
    expect("The pier closed.\n"
           "Sign up for our morning newsletter to get the top stories in your inbox.\n"
           "Get the Harbour newsletter. SUBSCRIBE\n"
           "Follow us on Twitter and Facebook.\n"
           "Advertisement\n"
           "READ MORE: Lantern council elects new chair\n"
           "Repairs start next week.\n"
           "Related: Five piers that closed this year\n",
           "The pier closed.\nRepairs start next week.\n", "newsletter",
           "Sign up for our morning newsletter to get the top stories in your inbox.",
           "newsletter", "Get the Harbour newsletter. SUBSCRIBE", "social prompt", "Follow us on Twitter and Facebook.", "advertisement",
           "Advertisement", "navigation", "READ MORE: Lantern council elects new chair",
           "navigation", "Related: Five piers that closed this year", NULL);
    /* words of prompts inside reporting */
    keeps("Residents were asked to read more than forty pages of the plan.\n"
          "The newsletter of the harbour board first reported the closure.\n");
    keeps("Read more than forty letters, the clerk said.\n"
          "More from the minister's speech was broadcast later.\n"
          "The newsletter, which has 2,000 subscribers, first reported the closure.\n");
    expect("The pier closed.\nRead More Lantern council elects new chair\n",
           "The pier closed.\n", "navigation", "Read More Lantern council elects new chair", NULL);
}

static void test_layout_and_wrapping(void **state) {
    (void)state;
    /* blank-line paragraphs stay blank-line paragraphs */
    expect("First paragraph.\n\nSecond paragraph.\n\nRead more\n\nThird paragraph.",
           "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n", "navigation",
           "Read more", NULL);
    /* hard-wrapped prose: a wrapped line is not a paragraph of its own */
    keeps("The council met on Monday to discuss the pier and\n"
          "read more than forty letters from residents who\n"
          "want it kept open.\n\n"
          "The vote comes next week, after the engineers\n"
          "have reported on the state of the piles.\n");
}

static void test_never_cut_to_nothing(void **state) {
    (void)state;
    keeps("Read more\n");
    keeps("Advertisement\n\nFollow us on Instagram\n");
    keeps("");
}

/* ---- repetition across a source's articles ---- */

static const char *const bodies[] = {
    "The pier closed on Monday after engineers found cracks in three of its piles.",
    "The council approved a budget that doubles spending on the harbour walls.",
    "A heron nesting on the old lighthouse drew a crowd of birdwatchers at dawn.",
    "Ferry crossings resume on Thursday once the new timetable is printed.",
    "The school choir won the regional contest with a song about the tide.",
};

static const char *tmpl = "The Lantern is owned by its readers. Send tips to tips@lantern.test.";

/* n docs of source src, body k (mod 5) then the template when with. */
static void mk_set(px_doc **v, size_t n, const char *src, bool with, size_t seq0) {
    for (size_t k = 0; k < n; k++) {
        char t[512];
        snprintf(t, sizeof t, "%s\nMore on this later today, the desk said.\n%s\n",
                 bodies[k % 5], with ? tmpl : "");
        v[k] = mk(t, src, seq0 + k);
    }
}

static bool cut_reason(const px_doc *d, const char *text, const char *reason) {
    for (size_t i = 0; i < d->ncuts; i++)
        if (strcmp(d->cuts[i].text, text) == 0 && strcmp(d->cuts[i].reason, reason) == 0)
            return true;
    return false;
}

static void free_all(px_doc **v, size_t n) {
    for (size_t i = 0; i < n; i++) px_doc_free(v[i]);
}

static void test_repeated_boilerplate(void **state) {
    (void)state;
    px_doc *v[6];
    mk_set(v, 4, "Lantern", true, 0);
    /* another source printing the same paragraph once */
    char t[512];
    snprintf(t, sizeof t, "%s\n%s\n", bodies[4], tmpl);
    v[4] = mk(t, "Courier", 4);
    v[5] = mk(t, "", 5); /* no source: never judged */
    assert_int_equal(tx_clean_repeated(v, 6, NULL), PX_OK);
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(v[k]->ncuts, 2);
        assert_true(cut_reason(v[k], tmpl, "boilerplate"));
        /* the line all four share is repeated too */
        assert_true(cut_reason(v[k], "More on this later today, the desk said.", "boilerplate"));
        assert_true(strncmp(v[k]->text, bodies[k], strlen(bodies[k])) == 0);
        assert_null(strstr(v[k]->text, "tips@"));
    }
    assert_int_equal(v[4]->ncuts, 0);
    assert_int_equal(v[5]->ncuts, 0);
    free_all(v, 6);
}

static void test_repeated_needs_three_articles(void **state) {
    (void)state;
    px_doc *v[2];
    mk_set(v, 2, "Lantern", true, 0);
    assert_int_equal(tx_clean_repeated(v, 2, NULL), PX_OK);
    assert_int_equal(v[0]->ncuts + v[1]->ncuts, 0);
    free_all(v, 2);
}

static void test_repeated_copies_do_not_count(void **state) {
    (void)state;
    /* four copies of one article: the same longest paragraph */
    px_doc *v[4];
    for (size_t k = 0; k < 4; k++) {
        char t[512];
        snprintf(t, sizeof t, "%s\n%s\n", bodies[0], tmpl);
        v[k] = mk(t, "Lantern", k);
    }
    assert_int_equal(tx_clean_repeated(v, 4, NULL), PX_OK);
    for (size_t k = 0; k < 4; k++) assert_int_equal(v[k]->ncuts, 0);
    free_all(v, 4);
}

/* n distinct articles of one source, the template in the first with. */
static void mk_many(px_doc **v, size_t n, size_t with) {
    for (size_t k = 0; k < n; k++) {
        char t[512];
        snprintf(t, sizeof t, "Article %zu reports on item %zu of the harbour works.\n%s\n", k, k,
                 k < with ? tmpl : "");
        v[k] = mk(t, "Lantern", k);
    }
}

static void test_repeated_needs_a_tenth(void **state) {
    (void)state;
    /* 40 articles, the paragraph in 3 of them: a reused background
     * paragraph, not a template (a tenth is 4) */
    px_doc *v[40];
    mk_many(v, 40, 3);
    assert_int_equal(tx_clean_repeated(v, 40, NULL), PX_OK);
    for (size_t k = 0; k < 40; k++) assert_int_equal(v[k]->ncuts, 0);
    free_all(v, 40);
    mk_many(v, 40, 4);
    assert_int_equal(tx_clean_repeated(v, 40, NULL), PX_OK);
    for (size_t k = 0; k < 40; k++) assert_int_equal(v[k]->ncuts, k < 4 ? 1 : 0);
    free_all(v, 40);
}

static void test_repeated_any_order(void **state) {
    (void)state;
    px_doc *a[5], *b[5];
    mk_set(a, 5, "Lantern", true, 0);
    mk_set(b, 5, "Lantern", true, 0);
    px_doc *rev[5];
    for (size_t k = 0; k < 5; k++) rev[k] = b[4 - k];
    assert_int_equal(tx_clean_repeated(a, 5, NULL), PX_OK);
    assert_int_equal(tx_clean_repeated(rev, 5, NULL), PX_OK);
    for (size_t k = 0; k < 5; k++) {
        assert_string_equal(a[k]->text, b[k]->text);
        assert_int_equal(a[k]->ncuts, b[k]->ncuts);
    }
    free_all(a, 5);
    free_all(b, 5);
}

/* ---- through the corpus ---- */

static const char art_a[] =
    "Title: Pier closes after cracks found\nSource: Lantern\n\n"
    "LANTERN CITY (Wire) - The pier closed on Monday after engineers found cracks in its "
    "piles, the harbour board said.\n"
    "Photo: Pell Harrow / Lantern\n"
    "Engineers will inspect the remaining piles this week, the board said.\n";
static const char art_b[] =
    "Title: Harbour board shuts pier over cracked piles\nSource: Courier\n\n"
    "The harbour board shut the pier on Monday after engineers found cracks in its piles.\n"
    "Engineers will inspect the remaining piles this week.\n"
    "Sign up for our newsletter to get the harbour news in your inbox.\n";

static px_corpus *corpus2(unsigned flags) {
    px_options o;
    px_options_init(&o);
    o.flags |= flags;
    px_corpus *c = px_corpus_new(&o, NULL);
    assert_non_null(c);
    assert_int_equal(px_corpus_add_bytes(c, "a.txt", art_a, strlen(art_a), PX_FORMAT_TEXT), PX_OK);
    assert_int_equal(px_corpus_add_bytes(c, "b.txt", art_b, strlen(art_b), PX_FORMAT_TEXT), PX_OK);
    assert_int_equal(px_corpus_run(c), PX_OK);
    return c;
}

static void test_corpus_cleans_after_clustering(void **state) {
    (void)state;
    px_corpus *c = corpus2(0);
    assert_int_equal(px_corpus_story_count(c), 1);
    const px_doc *a = px_corpus_doc(c, 0), *b = px_corpus_doc(c, 1);
    assert_int_equal(px_doc_cut_count(a), 2);
    const char *why;
    assert_string_equal(px_doc_cut(a, 0, &why), "LANTERN CITY (Wire) -");
    assert_string_equal(why, "dateline");
    assert_string_equal(px_doc_cut(a, 1, &why), "Photo: Pell Harrow / Lantern");
    assert_string_equal(why, "photo credit");
    assert_true(strncmp(px_doc_text(a, NULL), "The pier closed", 15) == 0);
    assert_int_equal(px_doc_cut_count(b), 1);
    assert_string_equal(px_doc_cut(b, 0, &why),
                        "Sign up for our newsletter to get the harbour news in your inbox.");
    assert_string_equal(why, "newsletter");
    px_corpus_free(c);

    c = corpus2(PX_OPT_NO_CLEAN);
    assert_int_equal(px_doc_cut_count(px_corpus_doc(c, 0)), 0);
    assert_non_null(strstr(px_doc_text(px_corpus_doc(c, 0), NULL), "Photo: Pell Harrow"));
    px_corpus_free(c);
}

static void test_doc_clean_public(void **state) {
    (void)state;
    static const char page[] = "Title: Pier closes\n\nBy Mira Castell\nThe pier closed on Monday.\n"
                               "Read more: five piers that closed\n";
    px_doc *d;
    assert_int_equal(px_doc_parse(page, strlen(page), PX_FORMAT_TEXT, "p.txt", NULL, &d), PX_OK);
    assert_int_equal(px_doc_clean(d), PX_OK);
    assert_string_equal(px_doc_text(d, NULL), "The pier closed on Monday.\n");
    assert_int_equal(px_doc_cut_count(d), 2);
    /* a second call changes nothing */
    assert_int_equal(px_doc_clean(d), PX_OK);
    assert_int_equal(px_doc_cut_count(d), 2);
    assert_int_equal(px_doc_clean(NULL), PX_EINVAL);
    px_doc_free(d);
}

/* ---- robustness ---- */

static void test_random_bytes(void **state) {
    (void)state;
    uint64_t x = 88172645463325252ull;
    static const char *const pieces[] = {"Read more", "\n", "\n\n", "By ", "Photo: ", "/AP",
                                         " - ", "Dear reader", "support us", "A", "(", ")",
                                         "Updated with", "\xE2\x80\x94", " ", "x", "NATO", ","};
    for (int round = 0; round < 300; round++) {
        char t[600];
        tu_random_text(t, 500, pieces, PX_ARRAY_LEN(pieces), &x);
        size_t n = strlen(t);
        px_doc *d = mk(t, "", 0);
        assert_int_equal(tx_clean_doc(d), PX_OK);
        assert_int_equal(strlen(d->text), d->text_len);
        assert_true(d->text_len <= n + 1);
        for (size_t i = 0; i < d->ncuts; i++) assert_non_null(d->cuts[i].reason);
        px_doc_free(d);
    }
}

static void test_out_of_memory(void **state) {
    (void)state;
    const char *text = "By Mira Castell\nVELMORA - The pier closed.\nPhoto: A / B\n"
                       "Dear reader, support us.\nRemind me later.\n";
    for (long budget = 0; budget < 60; budget++) {
        tu_failing f = {budget, 0};
        px_allocator a = {tu_fail_malloc, tu_fail_realloc, tu_fail_free, &f};
        f.budget = 1000; /* the doc itself */
        px_doc *d = px_doc_new(&a);
        assert_non_null(d);
        assert_int_equal(px_doc_set(d, &d->text, text, strlen(text)), PX_OK);
        d->text_len = strlen(text);
        f.budget = budget;
        px_status st = tx_clean_doc(d);
        assert_true(st == PX_OK || st == PX_ENOMEM);
        assert_int_equal(strlen(d->text), d->text_len);
        f.budget = 1000;
        px_doc_free(d);
        assert_int_equal(f.live, 0);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_update_note),
        cmocka_unit_test(test_donation_appeal),
        cmocka_unit_test(test_appeal_words_in_reporting_stay),
        cmocka_unit_test(test_photo_credit),
        cmocka_unit_test(test_byline_and_dateline),
        cmocka_unit_test(test_prompts_and_navigation),
        cmocka_unit_test(test_layout_and_wrapping),
        cmocka_unit_test(test_never_cut_to_nothing),
        cmocka_unit_test(test_repeated_boilerplate),
        cmocka_unit_test(test_repeated_needs_three_articles),
        cmocka_unit_test(test_repeated_copies_do_not_count),
        cmocka_unit_test(test_repeated_needs_a_tenth),
        cmocka_unit_test(test_repeated_any_order),
        cmocka_unit_test(test_corpus_cleans_after_clustering),
        cmocka_unit_test(test_doc_clean_public),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
