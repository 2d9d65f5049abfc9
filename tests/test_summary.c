/*
 * test_summary.c - unit tests of cmp_summary (src/compare/summary.c): the
 * sentences chosen for a story, their reading order and support lists, the
 * near-repeats left out, duplicates that add support and nothing else, the
 * uniques of each article, the candidate filters (headline, caption,
 * credit, question, quotation, lead-in, short and long lines), one-article,
 * empty and identical articles, determinism, the caps on huge stories and
 * the out-of-memory paths.
 *
 * The stories are synthetic: three outlets on an invented grounding of a
 * cargo ship off an invented port, with one facts each shares and some only
 * one has.
 */
#include "testutil.h"

#include "compare/compare.h"

/* ---- the articles ---- */

/* Outlet 0: a caps headline, four body sentences, one without a name or
 * number, a question. */
static const char ART_A[] =
    "SHIP AGROUND OFF KELVAR\n"
    "The cargo ship Marisol Star ran aground on a sandbank near the port of Kelvar early on Tuesday.\n"
    "All 14 crew members were rescued by coast guard helicopters within three hours.\n"
    "The vessel was carrying 3,000 tonnes of grain from Varno to Estrel.\n"
    "Harbour master Petra Linden said the fog had been unusually thick that morning.\n"
    "Nobody could explain why the warning lights had been switched off.\n"
    "Why did the captain leave the marked shipping lane?\n";

/* Outlet 1: a byline, a quotation. */
static const char ART_B[] =
    "By Tomas Eriksen and Ana Varga, Kelvar Bureau\n"
    "A cargo ship named Marisol Star ran aground near the port of Kelvar on Tuesday, officials said.\n"
    "Coast guard helicopters rescued all 14 crew members, none of whom were seriously hurt.\n"
    "Environmental groups warned that fuel leaking from the hull could reach the nearby Selva wetlands.\n"
    "\xe2\x80\x9cWe are doing everything we can to protect the wetlands,\xe2\x80\x9d said Mayor Ilse Brandt.\n"
    "Salvage crews expect to refloat the ship by Friday if the weather holds.\n"
    "The shipping company, Nordhav Lines, declined to comment on the cause of the accident.\n";

/* Outlet 2: a caption line, the leak first. */
static const char ART_C[] =
    "Photo: coast guard crews at the harbour of Kelvar on Tuesday\n"
    "Fuel has begun leaking from the hull of the Marisol Star, and environmental groups warned it could reach the Selva wetlands.\n"
    "The Marisol Star ran aground near the port of Kelvar on Tuesday morning.\n"
    "Salvage teams hope to refloat the vessel by Friday, weather permitting.\n"
    "Local fishermen said about 200 boats have been kept in the harbour since the accident.\n"
    "It was the second grounding near Kelvar in five years.\n";

/* Two sentences that restate two of ART_A's. */
static const char ART_E[] =
    "The cargo ship Marisol Star ran aground near the port of Kelvar on Tuesday.\n"
    "Coast guard helicopters rescued all 14 crew members within three hours.\n";

/* The sentences of ART_A, ART_B and ART_C that the tests name. */
#define A_AGROUND "The cargo ship Marisol Star ran aground on a sandbank near the port of Kelvar early on Tuesday."
#define A_RESCUE "All 14 crew members were rescued by coast guard helicopters within three hours."
#define A_CARGO "The vessel was carrying 3,000 tonnes of grain from Varno to Estrel."
#define A_FOG "Harbour master Petra Linden said the fog had been unusually thick that morning."
#define A_LIGHTS "Nobody could explain why the warning lights had been switched off."
#define B_AGROUND "A cargo ship named Marisol Star ran aground near the port of Kelvar on Tuesday, officials said."
#define B_RESCUE "Coast guard helicopters rescued all 14 crew members, none of whom were seriously hurt."
#define B_LEAK "Environmental groups warned that fuel leaking from the hull could reach the nearby Selva wetlands."
#define B_REFLOAT "Salvage crews expect to refloat the ship by Friday if the weather holds."
#define B_OWNER "The shipping company, Nordhav Lines, declined to comment on the cause of the accident."
#define C_LEAK "Fuel has begun leaking from the hull of the Marisol Star, and environmental groups warned it could reach the Selva wetlands."
#define C_AGROUND "The Marisol Star ran aground near the port of Kelvar on Tuesday morning."
#define C_REFLOAT "Salvage teams hope to refloat the vessel by Friday, weather permitting."
#define C_BOATS "Local fishermen said about 200 boats have been kept in the harbour since the accident."
#define C_SECOND "It was the second grounding near Kelvar in five years."
#define E_AGROUND "The cargo ship Marisol Star ran aground near the port of Kelvar on Tuesday."
#define E_RESCUE "Coast guard helicopters rescued all 14 crew members within three hours."

/* ---- helpers ---- */

/* A story analysed into its own arena, and its summary. */
typedef struct story {
    cmp_arena a;        /* texts and results */
    tx_ctx *ctx;        /* analyser */
    cmp_text *d;        /* the articles */
    bool *dup;          /* which are copies */
    size_t n;           /* number of articles */
    cmp_sent *sum;      /* summary */
    size_t nsum;
    cmp_unique *uniq;   /* uniques */
    size_t nuniq;
} story;

static void story_init(story *s, size_t n) {
    memset(s, 0, sizeof *s);
    cmp_arena_init(&s->a, NULL);
    s->ctx = tx_ctx_new(NULL);
    assert_non_null(s->ctx);
    s->d = calloc(n ? n : 1, sizeof *s->d);
    s->dup = calloc(n ? n : 1, sizeof *s->dup);
    assert_non_null(s->d);
    assert_non_null(s->dup);
    s->n = n;
}

static void story_set(story *s, size_t k, const char *text, bool dup) {
    assert_int_equal(cmp_text_build(&s->a, s->ctx, text, strlen(text), "en", &s->d[k]), PX_OK);
    s->dup[k] = dup;
}

static void story_run(story *s) {
    assert_int_equal(cmp_summary(s->d, s->n, s->dup, &s->a, &s->sum, &s->nsum, &s->uniq,
                                 &s->nuniq),
                     PX_OK);
}

/* Builds texts[0..n) (dups[k] == '+' marks a copy; dups may be NULL) and
 * runs the summary. */
static void story_make(story *s, const char *const *texts, const char *dups, size_t n) {
    story_init(s, n);
    for (size_t k = 0; k < n; k++) story_set(s, k, texts[k], dups && dups[k] == '+');
    story_run(s);
}

static void story_free(story *s) {
    cmp_arena_free(&s->a);
    tx_ctx_free(s->ctx);
    free(s->d);
    free(s->dup);
}

/* Summary sentence i is text, from article from, supported by doc[]. */
#define SUPPORTED(...) (const size_t[]){__VA_ARGS__}, sizeof((const size_t[]){__VA_ARGS__}) / sizeof(size_t)
static void check_sent(const story *s, size_t i, const char *text, size_t from,
                       const size_t *doc, size_t ndoc) {
    assert_true(i < s->nsum);
    const cmp_sent *c = &s->sum[i];
    assert_string_equal(c->text, text);
    assert_int_equal(c->from, from);
    assert_int_equal(c->ndoc, ndoc);
    for (size_t k = 0; k < ndoc; k++) assert_int_equal(c->doc[k], doc[k]);
}

/* Unique entry i is article doc with the sentences given, in order. */
#define SENTS(...) (const char *const[]){__VA_ARGS__}, sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)
static void check_uniq(const story *s, size_t i, size_t doc, const char *const *sent, size_t n) {
    assert_true(i < s->nuniq);
    const cmp_unique *u = &s->uniq[i];
    assert_int_equal(u->doc, doc);
    assert_int_equal(u->nsent, n);
    for (size_t k = 0; k < n; k++) assert_string_equal(u->sent[k], sent[k]);
}

static bool in_summary(const story *s, const char *text) {
    for (size_t i = 0; i < s->nsum; i++)
        if (!strcmp(s->sum[i].text, text)) return true;
    return false;
}

/* ---- the story ---- */

static void test_story(void **state) {
    (void)state;
    /* article 3 copies article 1 */
    const char *t[] = {ART_A, ART_B, ART_C, ART_B};
    story s;
    story_make(&s, t, "   +", 4);
    /* three source articles: 3 + floor(log2 3) = 4 sentences, one per fact
     * that two outlets share, ordered by the earliest place an outlet gives
     * the fact (the grounding is 1/7 into article 1, the leak 1/6 into
     * article 2, the rescue 2/7, the refloating 3/6) */
    assert_int_equal(s.nsum, 4);
    check_sent(&s, 0, A_AGROUND, 0, SUPPORTED(0, 1, 2, 3));
    check_sent(&s, 1, C_LEAK, 2, SUPPORTED(1, 2, 3));
    check_sent(&s, 2, A_RESCUE, 0, SUPPORTED(0, 1, 3));
    check_sent(&s, 3, C_REFLOAT, 2, SUPPORTED(1, 2, 3));
    /* the other tellings of the grounding score second and third, and of
     * the rescue as high as A_RESCUE (the tie goes to article 0): all are
     * repeats of a chosen sentence */
    assert_false(in_summary(&s, C_AGROUND));
    assert_false(in_summary(&s, B_AGROUND));
    assert_false(in_summary(&s, B_RESCUE));
    assert_false(in_summary(&s, B_LEAK));
    assert_false(in_summary(&s, B_REFLOAT));
    /* uniques, most central first; A_LIGHTS has neither name nor number;
     * the copy (3) has none, and gives article 1 none of its own */
    assert_int_equal(s.nuniq, 3);
    check_uniq(&s, 0, 0, SENTS(A_CARGO, A_FOG));
    check_uniq(&s, 1, 1, SENTS(B_OWNER));
    check_uniq(&s, 2, 2, SENTS(C_BOATS, C_SECOND));
    story_free(&s);
}

static void test_duplicate_adds_support_only(void **state) {
    (void)state;
    const char *t[] = {ART_A, ART_B, ART_C, ART_B};
    story with, without;
    story_make(&with, t, "   +", 4);
    story_make(&without, t, NULL, 3);
    /* the same sentences; the copy shows in the support of what article 1
     * carries, nowhere else */
    assert_int_equal(with.nsum, without.nsum);
    for (size_t i = 0; i < with.nsum; i++) {
        assert_string_equal(with.sum[i].text, without.sum[i].text);
        assert_int_equal(with.sum[i].from, without.sum[i].from);
        assert_int_not_equal(with.sum[i].from, 3);
        bool b = false;
        for (size_t k = 0; k < without.sum[i].ndoc; k++) {
            assert_int_equal(with.sum[i].doc[k], without.sum[i].doc[k]);
            b = b || without.sum[i].doc[k] == 1;
        }
        assert_int_equal(with.sum[i].ndoc, without.sum[i].ndoc + b);
        if (b) assert_int_equal(with.sum[i].doc[with.sum[i].ndoc - 1], 3);
    }
    assert_int_equal(with.nuniq, without.nuniq);
    for (size_t i = 0; i < with.nuniq; i++) assert_int_not_equal(with.uniq[i].doc, 3);
    story_free(&with);
    story_free(&without);

    /* the same text twice, one marked a copy: everything comes from the
     * other, whatever their order */
    const char *t2[] = {ART_E, ART_E, ART_E};
    story s;
    story_make(&s, t2, "+  ", 3);
    assert_int_equal(s.nsum, 2);
    check_sent(&s, 0, E_AGROUND, 1, SUPPORTED(0, 1, 2));
    check_sent(&s, 1, E_RESCUE, 1, SUPPORTED(0, 1, 2));
    assert_int_equal(s.nuniq, 0);
    story_free(&s);
}

static void test_loose_paraphrase_is_a_repeat(void **state) {
    (void)state;
    /* article 1 without its rescue sentence: the two refloating sentences
     * (cosine 0.40 here) are both central; one is chosen, then the next
     * fact rather than the other telling */
    static const char b2[] =
        "By Tomas Eriksen and Ana Varga, Kelvar Bureau\n"
        "A cargo ship named Marisol Star ran aground near the port of Kelvar on Tuesday, officials said.\n"
        "Environmental groups warned that fuel leaking from the hull could reach the nearby Selva wetlands.\n"
        "\xe2\x80\x9cWe are doing everything we can to protect the wetlands,\xe2\x80\x9d said Mayor Ilse Brandt.\n"
        "Salvage crews expect to refloat the ship by Friday if the weather holds.\n"
        "The shipping company, Nordhav Lines, declined to comment on the cause of the accident.\n";
    const char *t[] = {b2, ART_C};
    story s;
    story_make(&s, t, NULL, 2);
    assert_int_equal(s.nsum, 4);
    check_sent(&s, 0, B_AGROUND, 0, SUPPORTED(0, 1));
    check_sent(&s, 1, C_LEAK, 1, SUPPORTED(0, 1));
    check_sent(&s, 2, B_REFLOAT, 0, SUPPORTED(0, 1));
    check_sent(&s, 3, B_OWNER, 0, SUPPORTED(0));
    assert_false(in_summary(&s, C_REFLOAT));
    assert_int_equal(s.nuniq, 2);
    check_uniq(&s, 0, 0, SENTS(B_OWNER));
    check_uniq(&s, 1, 1, SENTS(C_BOATS, C_SECOND));
    story_free(&s);
}

static void test_agreement_across_articles(void **state) {
    (void)state;
    /* article 0 tells its refund three times; four facts are told by both
     * articles once each. Echoes inside one article count less than across
     * articles: the four shared facts fill the four places */
    static const char p[] =
        "The Kelvar ferry service was suspended on Monday after a storm damaged the main pier.\n"
        "Engineers estimate that repairing the pier will cost about 4 million euros.\n"
        "Around 300 passengers were stranded overnight in the Kelvar terminal.\n"
        "The operator expects the ferries to run again on Thursday morning.\n"
        "Selva Ferries will refund every ticket bought for the cancelled crossings.\n"
        "Ticket refunds for the cancelled crossings will be paid by Selva Ferries.\n"
        "Refunds for all cancelled crossings will come from Selva Ferries within ten days.\n";
    static const char q[] =
        "A storm damaged the main pier in Kelvar on Monday and the ferry service was suspended.\n"
        "Repairing the damaged pier could cost 4 million euros, engineers said.\n"
        "About 300 passengers spent the night stranded in the Kelvar ferry terminal.\n"
        "Ferries should run again on Thursday morning, the operator said.\n";
    const char *t[] = {p, q};
    story s;
    story_make(&s, t, NULL, 2);
    assert_int_equal(s.nsum, 4);
    check_sent(&s, 0, "The Kelvar ferry service was suspended on Monday after a storm damaged the main pier.", 0,
               SUPPORTED(0, 1));
    check_sent(&s, 1, "Engineers estimate that repairing the pier will cost about 4 million euros.", 0,
               SUPPORTED(0, 1));
    check_sent(&s, 2, "Around 300 passengers were stranded overnight in the Kelvar terminal.", 0,
               SUPPORTED(0, 1));
    check_sent(&s, 3, "The operator expects the ferries to run again on Thursday morning.", 0,
               SUPPORTED(0, 1));
    /* the refund is article 0's own */
    assert_int_equal(s.nuniq, 1);
    check_uniq(&s, 0, 0,
               SENTS("Selva Ferries will refund every ticket bought for the cancelled crossings.",
                     "Ticket refunds for the cancelled crossings will be paid by Selva Ferries.",
                     "Refunds for all cancelled crossings will come from Selva Ferries within ten days."));
    story_free(&s);
}

static void test_uniques(void **state) {
    (void)state;
    /* article 1 only restates article 0: it has no uniques and is left
     * out; article 0 keeps what 1 does not say and that names something */
    const char *t[] = {ART_A, ART_E};
    story s;
    story_make(&s, t, NULL, 2);
    assert_int_equal(s.nuniq, 1);
    check_uniq(&s, 0, 0, SENTS(A_CARGO, A_FOG));
    /* two sources: four sentences; the restated ones carry both articles */
    assert_int_equal(s.nsum, 4);
    check_sent(&s, 0, A_AGROUND, 0, SUPPORTED(0, 1));
    check_sent(&s, 1, A_RESCUE, 0, SUPPORTED(0, 1));
    check_sent(&s, 2, A_CARGO, 0, SUPPORTED(0));
    check_sent(&s, 3, A_FOG, 0, SUPPORTED(0));
    story_free(&s);
}

/* ---- small stories ---- */

static void test_one_article(void **state) {
    (void)state;
    const char *t[] = {ART_B};
    story s;
    story_make(&s, t, NULL, 1);
    /* three sentences; the byline and the quotation are no candidates */
    assert_int_equal(s.nsum, 3);
    check_sent(&s, 0, B_AGROUND, 0, SUPPORTED(0));
    check_sent(&s, 1, B_RESCUE, 0, SUPPORTED(0));
    check_sent(&s, 2, B_LEAK, 0, SUPPORTED(0));
    /* nothing to compare with */
    assert_int_equal(s.nuniq, 0);
    assert_null(s.uniq);
    story_free(&s);
}

static void test_empty(void **state) {
    (void)state;
    story s;
    /* no articles */
    story_make(&s, NULL, NULL, 0);
    assert_int_equal(s.nsum, 0);
    assert_null(s.sum);
    assert_int_equal(s.nuniq, 0);
    story_free(&s);
    /* one article without sentences */
    const char *t1[] = {""};
    story_make(&s, t1, NULL, 1);
    assert_int_equal(s.nsum, 0);
    assert_int_equal(s.nuniq, 0);
    story_free(&s);
    /* an empty article among others: it supports nothing, has no uniques
     * and does not make the others' sentences less unique */
    const char *t2[] = {ART_A, "", ART_E};
    story_make(&s, t2, NULL, 3);
    assert_int_equal(s.nsum, 4);
    check_sent(&s, 0, A_AGROUND, 0, SUPPORTED(0, 2));
    check_sent(&s, 1, A_RESCUE, 0, SUPPORTED(0, 2));
    check_sent(&s, 2, A_CARGO, 0, SUPPORTED(0));
    check_sent(&s, 3, A_FOG, 0, SUPPORTED(0));
    assert_int_equal(s.nuniq, 1);
    check_uniq(&s, 0, 0, SENTS(A_CARGO, A_FOG));
    story_free(&s);
    /* an article and an empty one: nothing to compare with */
    const char *t3[] = {ART_E, ""};
    story_make(&s, t3, NULL, 2);
    assert_int_equal(s.nsum, 2);
    assert_int_equal(s.nuniq, 0);
    story_free(&s);
}

static void test_filters(void **state) {
    (void)state;
    /* every line before the last three is no candidate, though the lead
     * prior favours them */
    static const char art[] =
        "MARISOL STAR AGROUND\n"
        "Photo: coast guard crews at the harbour of Kelvar on Tuesday\n"
        "Will the wetlands around Kelvar survive the fuel spill from the ship?\n"
        "\"The fuel is already on the beach near the harbour,\" a fisherman told reporters.\n"
        "The coast guard said in a statement on Tuesday:\n"
        "Fuel on the beach.\n"
        "The ship, which had left Varno two days earlier with a cargo of grain bound for "
        "Estrel and was due to unload at the northern quay before noon, drifted out of the "
        "marked lane in thick fog shortly after four in the morning, struck a sandbank that "
        "had shifted during the winter storms, and stuck fast while the tide was falling, "
        "according to the port authority.\n"
        "The cargo ship Marisol Star ran aground near Kelvar on Tuesday.\n"
        "Fuel is leaking from a crack in the hull of the ship.\n"
        "Salvage crews will try to refloat the vessel on Friday.\n";
    const char *t[] = {art};
    story s;
    story_make(&s, t, NULL, 1);
    assert_int_equal(s.nsum, 3);
    check_sent(&s, 0, "The cargo ship Marisol Star ran aground near Kelvar on Tuesday.", 0, SUPPORTED(0));
    check_sent(&s, 1, "Fuel is leaking from a crack in the hull of the ship.", 0, SUPPORTED(0));
    check_sent(&s, 2, "Salvage crews will try to refloat the vessel on Friday.", 0, SUPPORTED(0));
    story_free(&s);

    /* each filter alone: a one-article story of the line and one body
     * sentence gives the body sentence alone; the last pairs are kept */
    static const char body[] = "Salvage crews will try to refloat the vessel on Friday.";
    static const struct {
        const char *line;  /* the line before the body sentence */
        bool kept;         /* is a candidate */
    } cases[] = {
        {"SALVAGE CREWS WILL TRY TO REFLOAT THE VESSEL", false},
        {"Salvage Crews Will Try to Refloat the Stranded Vessel in Kelvar", false},
        {"By Tomas Eriksen and Ana Varga, Kelvar Bureau", false},
        {"Photo: coast guard crews at the harbour of Kelvar on Tuesday", false},
        {"Read more: coast guard crews at the harbour of Kelvar", false},
        {"Jane Roe/Kelvar Times Photo. The harbour master speaks with reporters at the quay.", false},
        {"When will the stranded ship be towed back into the harbour?", false},
        {"\xe2\x80\x9cWill the stranded ship be towed back into the harbour?\xe2\x80\x9d", false},
        {"\xe2\x80\x9cWe will tow the stranded ship back into the harbour,\xe2\x80\x9d he said.", false},
        {"The port authority said in a statement on Tuesday:", false},
        {"The ship is stranded.", false},
        {"Jane Roe/Kelvar Times Photo.\nThe harbour master speaks with reporters at the quay.", true},
        {"The stranded ship will be towed back into the harbour, the port authority said.", true},
        {"The photo shows coast guard crews at the harbour of Kelvar.", true},
    };
    for (size_t i = 0; i < PX_ARRAY_LEN(cases); i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s\n%s\n", cases[i].line, body);
        const char *t1[] = {buf};
        story_make(&s, t1, NULL, 1);
        if (s.nsum != 1 + (size_t)cases[i].kept)
            fprintf(stderr, "# filter case %zu: %zu sentences\n", i, s.nsum);
        assert_int_equal(s.nsum, 1 + cases[i].kept);
        assert_true(in_summary(&s, body));
        story_free(&s);
    }
}

static void test_text_collapsed(void **state) {
    (void)state;
    /* a hard-wrapped sentence comes out on one line */
    const char *t[] = {"The cargo ship Marisol Star ran aground\n  near the port of Kelvar\r\non Tuesday."};
    story s;
    story_make(&s, t, NULL, 1);
    assert_int_equal(s.nsum, 1);
    check_sent(&s, 0, "The cargo ship Marisol Star ran aground near the port of Kelvar on Tuesday.", 0,
               SUPPORTED(0));
    story_free(&s);
}

/* ---- ties and determinism ---- */

static void test_identical_articles(void **state) {
    (void)state;
    /* equal content, not marked copies: equal scores, article 0 wins every
     * tie; each supports the other, so neither has uniques */
    const char *t[] = {ART_E, ART_E, ART_E};
    story s;
    story_make(&s, t, NULL, 3);
    assert_int_equal(s.nsum, 2);
    check_sent(&s, 0, E_AGROUND, 0, SUPPORTED(0, 1, 2));
    check_sent(&s, 1, E_RESCUE, 0, SUPPORTED(0, 1, 2));
    assert_int_equal(s.nuniq, 0);
    story_free(&s);
}

static void test_deterministic(void **state) {
    (void)state;
    const char *t[] = {ART_A, ART_B, ART_C, ART_B};
    story x, y;
    story_make(&x, t, "   +", 4);
    story_make(&y, t, "   +", 4);
    assert_int_equal(x.nsum, y.nsum);
    for (size_t i = 0; i < x.nsum; i++) {
        assert_string_equal(x.sum[i].text, y.sum[i].text);
        assert_int_equal(x.sum[i].from, y.sum[i].from);
        assert_int_equal(x.sum[i].ndoc, y.sum[i].ndoc);
        assert_memory_equal(x.sum[i].doc, y.sum[i].doc, x.sum[i].ndoc * sizeof(size_t));
    }
    assert_int_equal(x.nuniq, y.nuniq);
    for (size_t i = 0; i < x.nuniq; i++) {
        assert_int_equal(x.uniq[i].doc, y.uniq[i].doc);
        assert_int_equal(x.uniq[i].nsent, y.uniq[i].nsent);
        for (size_t k = 0; k < x.uniq[i].nsent; k++)
            assert_string_equal(x.uniq[i].sent[k], y.uniq[i].sent[k]);
    }
    /* a second call on the same arena gives the same again */
    cmp_sent *sum;
    size_t nsum, nuniq;
    cmp_unique *uniq;
    assert_int_equal(cmp_summary(x.d, x.n, x.dup, &x.a, &sum, &nsum, &uniq, &nuniq), PX_OK);
    assert_int_equal(nsum, y.nsum);
    for (size_t i = 0; i < nsum; i++) assert_string_equal(sum[i].text, y.sum[i].text);
    assert_int_equal(nuniq, y.nuniq);
    story_free(&x);
    story_free(&y);
}

/* ---- bounds ---- */

/* An article of `lines` short lines (no candidates) then ART_E. */
static char *padded(size_t lines) {
    size_t cap = lines * 32 + sizeof ART_E;
    char *b = malloc(cap), *p = b;
    assert_non_null(b);
    for (size_t i = 0; i < lines; i++) p += sprintf(p, "Line number %zu here.\n", i);
    memcpy(p, ART_E, sizeof ART_E);
    return b;
}

static void test_sentence_cap(void **state) {
    (void)state;
    /* 40 sentences of an article are read: the 40th is, the 41st not */
    story s;
    char *b = padded(39);
    const char *t[] = {b};
    story_make(&s, t, NULL, 1);
    assert_int_equal(s.nsum, 1);
    check_sent(&s, 0, E_AGROUND, 0, SUPPORTED(0));
    story_free(&s);
    free(b);
    b = padded(40);
    t[0] = b;
    story_make(&s, t, NULL, 1);
    assert_int_equal(s.nsum, 0);
    story_free(&s);
    free(b);

    /* 2000 sentences in all: 20 of each of 100 articles, 10 of each of 200;
     * the padding puts ART_E's sentences last but one and last */
    for (size_t n = 100; n <= 200; n += 100) {
        b = padded(2000 / n - 1);
        story_init(&s, n);
        story_set(&s, 0, b, false);
        for (size_t k = 1; k < n; k++) s.d[k] = s.d[0];
        story_run(&s);
        assert_int_equal(s.nsum, 1);
        assert_string_equal(s.sum[0].text, E_AGROUND);
        assert_int_equal(s.sum[0].from, 0);
        assert_int_equal(s.sum[0].ndoc, n);
        for (size_t k = 0; k < n; k++) assert_int_equal(s.sum[0].doc[k], k);
        assert_int_equal(s.nuniq, 0);
        story_free(&s);
        free(b);
    }
}

static void test_huge_story(void **state) {
    (void)state;
    /* 10,000 articles: the first 200 are read. They tell ART_E; the rest
     * tell ART_B, which would otherwise dominate */
    enum { N = 10000 };
    story s;
    story_init(&s, N);
    story_set(&s, 0, ART_E, false);
    story_set(&s, 200, ART_B, false);
    for (size_t k = 1; k < N; k++)
        if (k != 200) s.d[k] = k < 200 ? s.d[0] : s.d[200];
    story_run(&s);
    assert_int_equal(s.nsum, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_string_equal(s.sum[i].text, i ? E_RESCUE : E_AGROUND);
        assert_int_equal(s.sum[i].from, 0);
        assert_int_equal(s.sum[i].ndoc, 200);
        for (size_t k = 0; k < 200; k++) assert_int_equal(s.sum[i].doc[k], k);
    }
    assert_int_equal(s.nuniq, 0);
    story_free(&s);
}

/* ---- errors ---- */

static void test_arguments(void **state) {
    (void)state;
    cmp_arena a;
    cmp_arena_init(&a, NULL);
    cmp_sent *sum;
    cmp_unique *uniq;
    size_t ns, nu;
    assert_int_equal(cmp_summary(NULL, 0, NULL, NULL, &sum, &ns, &uniq, &nu), PX_EINVAL);
    assert_int_equal(cmp_summary(NULL, 1, NULL, &a, &sum, &ns, &uniq, &nu), PX_EINVAL);
    assert_int_equal(cmp_summary(NULL, 0, NULL, &a, NULL, &ns, &uniq, &nu), PX_EINVAL);
    assert_int_equal(cmp_summary(NULL, 0, NULL, &a, &sum, &ns, &uniq, &nu), PX_OK);
    assert_int_equal(ns, 0);
    assert_int_equal(nu, 0);
    cmp_arena_free(&a);
}

static void test_failing_allocator(void **state) {
    (void)state;
    const char *t[] = {ART_A, ART_B, ART_C, ART_B};
    story ref;
    story_make(&ref, t, "   +", 4);
    bool done = false;
    for (long budget = 0; budget < 200 && !done; budget++) {
        tu_failing f = {budget, 0};
        px_allocator al = tu_failing_allocator(&f);
        cmp_arena fa;
        cmp_arena_init(&fa, &al);
        cmp_sent *sum;
        cmp_unique *uniq;
        size_t ns, nu;
        px_status st = cmp_summary(ref.d, ref.n, ref.dup, &fa, &sum, &ns, &uniq, &nu);
        if (st == PX_OK) {
            done = true;
            assert_int_equal(ns, ref.nsum);
            for (size_t i = 0; i < ns; i++) assert_string_equal(sum[i].text, ref.sum[i].text);
            assert_int_equal(nu, ref.nuniq);
        } else {
            assert_int_equal(st, PX_ENOMEM);
            assert_null(sum);
            assert_null(uniq);
            assert_int_equal(ns, 0);
            assert_int_equal(nu, 0);
        }
        cmp_arena_free(&fa);
        assert_int_equal(f.live, 0);
    }
    assert_true(done);
    story_free(&ref);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story),
        cmocka_unit_test(test_duplicate_adds_support_only),
        cmocka_unit_test(test_loose_paraphrase_is_a_repeat),
        cmocka_unit_test(test_agreement_across_articles),
        cmocka_unit_test(test_uniques),
        cmocka_unit_test(test_one_article),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_text_collapsed),
        cmocka_unit_test(test_identical_articles),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_sentence_cap),
        cmocka_unit_test(test_huge_story),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_failing_allocator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
