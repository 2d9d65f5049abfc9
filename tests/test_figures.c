/*
 * test_figures.c - unit tests of src/compare/figures.c: the figures of one
 * article (value, qualifier, subject key, label, sentence) on sentences
 * written for the purpose, each qualifier, number words and digits, each
 * event class, percentages and money, and what must not be a figure
 * (years, dates, times, ages, ordinals, codes, "one of", bare numbers);
 * changes in points read in basis points, and what is expected rather
 * than reported; grouping across articles with the interval model of
 * agreement (units converted, expectations kept apart), the order of
 * groups, labels and repeats; random text and out-of-memory.
 */
#include "testutil.h"

#include "compare/compare.h"

/* ---- helpers ---- */

/* An article analysed into its own arena. */
typedef struct art {
    cmp_arena a;       /* owns text and figures */
    cmp_text t;        /* the analysed text */
    cmp_dfigure *f;    /* its figures */
    size_t n;          /* how many */
} art;

static void art_build(art *x, tx_ctx *ctx, const char *s) {
    cmp_arena_init(&x->a, NULL);
    assert_int_equal(cmp_text_build(&x->a, ctx, s, strlen(s), "en", &x->t), PX_OK);
    assert_int_equal(cmp_figures_doc(&x->t, &x->a, &x->f, &x->n), PX_OK);
}

/* One expected figure. */
typedef struct want {
    const char *text;     /* the article */
    double num;           /* value */
    const char *value;    /* as written */
    const char *qual;     /* qualifier */
    const char *subject;  /* key */
    const char *label;    /* label */
} want;

static bool same(const cmp_dfigure *f, const want *w) {
    return f->num == w->num && !strcmp(f->value, w->value) && !strcmp(f->qualifier, w->qual) &&
           !strcmp(f->subject, w->subject) && !strcmp(f->label, w->label) && f->sent == 0;
}

/* Each text must give exactly one figure, the one expected. */
static void check_one(const want *w, size_t n) {
    tx_ctx *ctx = tx_ctx_new(NULL);
    assert_non_null(ctx);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        art x;
        art_build(&x, ctx, w[i].text);
        if (x.n != 1 || !same(&x.f[0], &w[i])) {
            print_error("%s\n  want %g [%s] [%s] [%s] [%s]\n", w[i].text, w[i].num, w[i].value,
                        w[i].qual, w[i].subject, w[i].label);
            for (size_t k = 0; k < x.n; k++)
                print_error("  got  %g [%s] [%s] [%s] [%s] sent %u\n", x.f[k].num, x.f[k].value,
                            x.f[k].qualifier, x.f[k].subject, x.f[k].label, x.f[k].sent);
            bad++;
        }
        cmp_arena_free(&x.a);
    }
    tx_ctx_free(ctx);
    assert_int_equal(bad, 0);
}

/* Groups the figures of n articles; arts stay alive for the strings. */
typedef struct story {
    art d[8];          /* the articles */
    size_t n;          /* how many */
    cmp_arena a;       /* owns the groups */
    cmp_figure *g;     /* groups */
    size_t ng;         /* how many */
} story;

static void story_build(story *s, tx_ctx *ctx, const char *const *texts, size_t n) {
    assert_true(n <= 8);
    s->n = n;
    cmp_text t[8];
    cmp_dfigure *f[8];
    size_t nf[8];
    for (size_t k = 0; k < n; k++) {
        art_build(&s->d[k], ctx, texts[k]);
        t[k] = s->d[k].t;
        f[k] = s->d[k].f;
        nf[k] = s->d[k].n;
    }
    cmp_arena_init(&s->a, NULL);
    assert_int_equal(cmp_figures_group(t, f, nf, n, &s->a, &s->g, &s->ng), PX_OK);
}

static void story_free(story *s) {
    for (size_t k = 0; k < s->n; k++) cmp_arena_free(&s->d[k].a);
    cmp_arena_free(&s->a);
}

/* ---- one article ---- */

static void test_qualifiers(void **state) {
    (void)state;
    static const want w[] = {
        {"More than 200 people were killed.", 200, "200", "more than", "killed", "killed"},
        {"Over 220 Israelis were kidnapped.", 220, "220", "more than", "hostages",
         "Israelis held hostage"},
        {"At least six hostages were freed.", 6, "six", "at least", "hostages", "hostages"},
        {"No fewer than 9 people died.", 9, "9", "at least", "killed", "killed"},
        {"About 50 people were injured.", 50, "50", "about", "injured", "injured"},
        {"Around 50 people were hurt.", 50, "50", "about", "injured", "injured"},
        {"Roughly 40 protesters were arrested.", 40, "40", "about", "arrested",
         "protesters arrested"},
        {"Some 1,400 Israelis were massacred.", 1400, "1,400", "about", "killed", "Israelis killed"},
        {"An estimated 2 million people were displaced.", 2e6, "2 million", "about", "evacuated",
         "evacuated"},
        {"Nearly 3,000 residents fled.", 3000, "3,000", "nearly", "evacuated", "evacuated"},
        {"Almost 30 people are missing.", 30, "30", "nearly", "missing", "missing"},
        {"Up to 30 people are missing.", 30, "30", "up to", "missing", "missing"},
        {"As many as 12 soldiers were wounded.", 12, "12", "up to", "injured", "soldiers injured"},
        {"At most 12 soldiers were wounded.", 12, "12", "up to", "injured", "soldiers injured"},
        {"Fewer than 10 journalists were detained.", 10, "10", "fewer than", "arrested",
         "journalists arrested"},
        {"Less than 10 journalists were detained.", 10, "10", "fewer than", "arrested",
         "journalists arrested"},
        {"Exactly 10 journalists were detained.", 10, "10", "", "arrested",
         "journalists arrested"},
    };
    check_one(w, sizeof w / sizeof w[0]);
}

static void test_number_words(void **state) {
    (void)state;
    static const want w[] = {
        {"Dozens of people were injured.", 12, "Dozens", "dozens of", "injured", "injured"},
        {"Hundreds of Russian citizens live in Gaza.", 100, "Hundreds", "hundreds of",
         "russian citizen", "Russian citizens"},
        {"Thousands of residents fled.", 1000, "Thousands", "thousands of", "evacuated",
         "evacuated"},
        {"Tens of thousands of people fled.", 10000, "Tens", "tens of thousands of", "evacuated",
         "evacuated"},
        {"A dozen reporters were arrested.", 12, "A dozen", "", "arrested", "reporters arrested"},
        {"A hundred people were evacuated.", 100, "A hundred", "", "evacuated", "evacuated"},
        {"Two million people fled.", 2e6, "Two million", "", "evacuated", "evacuated"},
        {"Half a million people fled.", 5e5, "Half a million", "", "evacuated", "evacuated"},
        {"1.5 million people were displaced.", 1.5e6, "1.5 million", "", "evacuated",
         "evacuated"},
        {"Twenty-one soldiers were killed.", 21, "Twenty-one", "", "killed", "soldiers killed"},
        {"The convoy carried 40 trucks.", 40, "40", "", "truck", "trucks"},
        {"One person was killed.", 1, "One", "", "killed", "killed"},
        {"Rebels hold 3.5 tonnes of grain.", 3.5, "3.5", "", "tonn", "tonnes"},
    };
    check_one(w, sizeof w / sizeof w[0]);
}

static void test_event_classes(void **state) {
    (void)state;
    static const want w[] = {
        /* the same class from a verb before, the head, or the clause after */
        {"Hamas killed more than 1,400 Israelis.", 1400, "1,400", "more than", "killed",
         "Israelis killed"},
        {"The kidnapping of more than 220 Israelis shocked the world.", 220, "220", "more than",
         "hostages", "Israelis held hostage"},
        {"The death toll rose to 1,400.", 1400, "1,400", "", "killed", "killed"},
        {"Officials said 47 were injured.", 47, "47", "", "injured", "injured"},
        {"The blast injured 47 people.", 47, "47", "", "injured", "injured"},
        {"200 people are believed to be held captive.", 200, "200", "", "hostages", "hostages"},
        {"There are 200 hostages held by Hamas.", 200, "200", "", "hostages", "hostages"},
        {"Gunmen abducted 200 students.", 200, "200", "", "hostages", "students held hostage"},
        {"There were 30 deaths in the city.", 30, "30", "", "killed", "killed"},
        {"Police arrested 15 people.", 15, "15", "", "arrested", "arrested"},
        {"Soldiers evacuated 300 villagers.", 300, "300", "", "evacuated",
         "villagers evacuated"},
        {"Six Russian citizens are believed to be among the captives.", 6, "Six", "",
         "russian hostages", "Russian citizens held hostage"},
        {"At least six of the hostages are Russian citizens.", 6, "six", "at least",
         "russian hostages", "Russian hostages"},
    };
    check_one(w, sizeof w / sizeof w[0]);
}

static void test_percent_money(void **state) {
    (void)state;
    static const want w[] = {
        {"Inflation reached 6.25% in March.", 6.25, "6.25%", "", "%:inflat", "inflation"},
        {"The index rose 3% in March.", 3, "3%", "", "%", "percent"},
        {"The bank raised its interest rate to 6.25 percent.", 6.25, "6.25 percent", "",
         "%:interest rate", "interest rate"},
        {"About 30% of voters backed the plan.", 30, "30%", "about", "%:voter",
         "percent of voters"},
        {"The war has cost $450 million in aid.", 4.5e8, "$450 million", "", "$:aid", "aid"},
        {"The union pledged \xE2\x82\xAC" "3 billion.", 3e9, "\xE2\x82\xAC" "3 billion", "",
         "\xE2\x82\xAC:cost", "cost"},
        {"Rebuilding will cost 20 million dollars.", 2e7, "20 million dollars", "", "$:cost",
         "cost"},
        {"Fans paid \xC2\xA3" "20 for tickets.", 20, "\xC2\xA3" "20", "", "\xC2\xA3:ticket",
         "tickets"},
        {"Donors gave $5bn for reconstruction.", 5e9, "$5bn", "", "$:reconstruct",
         "reconstruction"},
    };
    check_one(w, sizeof w / sizeof w[0]);
}

/* Basis points, percentage points, fractions of a point and a rate's
 * change in percent all read in basis points; other points and a rate's
 * level are not. */
static void test_points(void **state) {
    (void)state;
    static const char *const rc = "rate change (basis points)";
    static const want w[] = {
        {"The bank raised its key rate by 50 basis points.", 50, "50 basis points", "", "bp:rate",
         rc},
        {"The bank raised interest rates by half a percentage point.", 50,
         "half a percentage point", "", "bp:rate", rc},
        {"The bank cut its policy rate by 0.25 percentage points.", 25, "0.25 percentage points",
         "", "bp:rate", rc},
        {"The bank cut rates by a quarter of a percentage point.", 25,
         "a quarter of a percentage point", "", "bp:rate", rc},
        {"The bank made a quarter-point cut in rates.", 25, "quarter-point", "", "bp:rate", rc},
        {"The central bank lifted rates 25bp.", 25, "25bp", "", "bp:rate", rc},
        {"The bank raised its key rate by 0.25%.", 25, "0.25%", "", "bp:rate", rc},
        {"Rates rose by half a point.", 50, "half a point", "", "bp:rate", rc},
        {"The bank raised rates by 0.5 points.", 50, "0.5 points", "", "bp:rate", rc},
        {"The bank cut rates by three quarters of a point.", 75, "three quarters of a point", "",
         "bp:rate", rc},
        {"The bank raised rates by a percentage point.", 100, "a percentage point", "", "bp:rate",
         rc},
        {"The bank made a 50-basis-point move on rates.", 50, "50-basis-point", "", "bp:rate", rc},
        {"The bank raised rates by more than 50 bps.", 50, "50 bps", "more than", "bp:rate", rc},
        {"Unemployment rose by 0.3 percentage points.", 30, "0.3 percentage points", "",
         "bp:unemploy", "unemployment change (basis points)"},
        {"The jobless rate fell 20 basis points.", 20, "20 basis points", "", "bp:jobless rate",
         "jobless rate change (basis points)"},
        /* not a rate's points, a rate's level, a relative change */
        {"The index fell 200 points.", 200, "200", "", "point", "points"},
        {"The bank raised its key rate to 6.25%.", 6.25, "6.25%", "", "%:key rate", "key rate"},
        {"The exchange rate fell by 2%.", 2, "2%", "", "%:exchang rate", "exchange rate"},
        {"Savings rates rose by 20% this year.", 20, "20%", "", "%:save rate", "Savings rates"},
        {"The Fed raised rates as the Dow fell 300 points.", 300, "300", "", "point", "points"},
        {"The Fed raised rates, and the Dow fell 3 points.", 3, "3", "", "point", "points"},
    };
    check_one(w, sizeof w / sizeof w[0]);
}

/* Each text gives one figure, expected (an expectation, forecast,
 * preference or hypothesis) or reported. */
static void test_expected(void **state) {
    (void)state;
    static const struct {
        const char *text;
        bool expected;
    } c[] = {
        {"Markets had priced in a 50 basis point cut.", true},
        {"Analysts were preferring a quarter-point move.", true},
        {"Economists expected inflation of 3.1%.", true},
        {"The consensus forecast was 2.9% growth.", true},
        {"A typical borrower would pay about 60 dollars more.", true},
        {"If 300 workers strike, the port will close.", true},
        {"Up to 500 jobs could be lost.", true},
        {"Inflation beat the 3.1% economists had forecast.", true},
        {"Officials hope to evacuate 5,000 residents.", true},
        {"Hamas said it would release 50 hostages.", true},
        {"Inflation rose faster than expected to 3.4%.", false},
        {"The death toll of 1,400 is expected to rise.", false},
        {"More than 200 people are believed to be held captive.", false},
        {"Economists had expected a cut, but the bank raised rates by 50 basis points.", false},
        {"Police said 40 people were arrested and more would be charged.", false},
        {"An estimated 2 million people were displaced.", false},
        {"The breach may have affected 143 million consumers.", false},
        {"The models will be priced at $1,799 each.", false},
        {"Fans who expected a win saw 12 goals.", false},
    };
    tx_ctx *ctx = tx_ctx_new(NULL);
    int bad = 0;
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        art x;
        art_build(&x, ctx, c[i].text);
        if (x.n != 1 || x.f[0].expected != c[i].expected) {
            print_error("%s: %zu figures, expected %d\n", c[i].text, x.n,
                        x.n ? x.f[0].expected : -1);
            bad++;
        }
        cmp_arena_free(&x.a);
    }
    /* an expectation word reaches the nearest figure only */
    art x;
    art_build(&x, ctx, "Analysts expected 25 basis points and the bank delivered 50 basis points.");
    assert_int_equal(x.n, 2);
    assert_true(x.f[0].expected);
    assert_false(x.f[1].expected);
    cmp_arena_free(&x.a);
    tx_ctx_free(ctx);
    assert_int_equal(bad, 0);
}

static void test_not_figures(void **state) {
    (void)state;
    static const char *const none[] = {
        "The party won in 2023.",                        /* year */
        "Refugees have lived there since 1948.",         /* year */
        "The 2023 election was close.",                  /* year as modifier */
        "The attack on Oct. 7 shocked Israel.",          /* date */
        "On 7 October militants crossed the border.",    /* date */
        "The October 7 attack shocked Israel.",          /* date */
        "They met at 3:30 with officials.",              /* time */
        "Talks began at 10 a.m. with delegates.",        /* time */
        "A 24-year-old man was killed.",                 /* age, a word */
        "He is 24 years old.",                           /* age */
        "Fighting lasted 16 days.",                      /* duration */
        "She finished 7th in the race.",                 /* ordinal */
        "He came second in the vote.",                   /* ordinal word */
        "UN Resolution 2334 condemned the settlements.", /* code */
        "The COVID-19 pandemic killed many.",            /* name */
        "Route 66 crosses the state.",                   /* name */
        "Flight 17 crashed.",                            /* code */
        "Call 555-1234 for tickets.",                    /* phone */
        "See page 12 for details.",                      /* page */
        "One of the hostages was freed.",                /* "one of" */
        "No one was hurt.",                              /* pronoun */
        "The index rose to 200.",                        /* bare number */
        "The two men discussed the plan.",               /* reference back */
        "",                                              /* nothing */
    };
    tx_ctx *ctx = tx_ctx_new(NULL);
    assert_non_null(ctx);
    int bad = 0;
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        art x;
        art_build(&x, ctx, none[i]);
        if (x.n) {
            print_error("%s: %zu figures, first [%s] [%s]\n", none[i], x.n, x.f[0].value,
                        x.f[0].subject);
            bad++;
        }
        cmp_arena_free(&x.a);
    }
    tx_ctx_free(ctx);
    assert_int_equal(bad, 0);
}

static void test_several_in_order(void **state) {
    (void)state;
    tx_ctx *ctx = tx_ctx_new(NULL);
    art x;
    art_build(&x, ctx,
              "Officials met on Oct. 7, 2023. At least 20 Russian-Israelis were killed and two "
              "kidnapped. 12 soldiers were killed and 30 wounded, the army said.");
    assert_int_equal(x.n, 4);
    assert_string_equal(x.f[0].value, "20");
    assert_string_equal(x.f[0].qualifier, "at least");
    assert_string_equal(x.f[0].subject, "russian-isra killed");
    assert_string_equal(x.f[0].label, "Russian-Israelis killed");
    assert_int_equal(x.f[0].sent, 1);
    /* the elided noun comes from the figure before */
    assert_string_equal(x.f[1].value, "two");
    assert_string_equal(x.f[1].subject, "russian-isra hostages");
    assert_string_equal(x.f[1].label, "Russian-Israelis held hostage");
    assert_int_equal(x.f[1].sent, 1);
    assert_string_equal(x.f[2].subject, "killed");
    assert_string_equal(x.f[2].label, "soldiers killed");
    assert_string_equal(x.f[3].value, "30");
    assert_string_equal(x.f[3].subject, "injured");
    assert_string_equal(x.f[3].label, "soldiers injured");
    assert_int_equal(x.f[3].sent, 2);
    cmp_arena_free(&x.a);
    tx_ctx_free(ctx);
}

/* ---- grouping ---- */

/* Two one-sentence articles: one group of both, conflicting or not. */
static void test_agree_conflict_pairs(void **state) {
    (void)state;
    static const struct {
        const char *a, *b;  /* the articles */
        bool conflict;      /* expected */
    } p[] = {
        {"More than 200 people are believed to be held captive.",
         "Hamas kidnapped more than 220 Israelis.", true},
        {"Six Russian citizens are hostages.", "At least six of the hostages are Russian citizens.",
         false},
        {"About 50 people were injured.", "Officials said 47 were injured.", false},
        {"Officials said 47 people were injured.", "More than 50 people were injured.", true},
        {"More than 200 people were killed.", "More than 210 people were killed.", false},
        {"More than 200 people were killed.", "200 people were killed.", true},
        {"Nearly 50 people were killed.", "46 people were killed.", false},
        {"Nearly 50 people were killed.", "50 people were killed.", true},
        {"Up to 30 people were killed.", "12 people were killed.", false},
        {"Up to 30 people were killed.", "31 people were killed.", true},
        {"Fewer than 10 people were killed.", "10 people were killed.", true},
        {"Hundreds of people were killed.", "300 people were killed.", false},
        {"Hundreds of people were killed.", "150 people were killed.", true},
        {"Dozens of people were killed.", "30 people were killed.", false},
        {"Thousands of people fled.", "3.3 million people fled.", true},
        {"3.3 million people fled.", "3,300,000 people fled.", false},
        {"Six hostages were freed.", "Seven hostages were freed.", true},
        {"Visibility fell below 100 metres.", "Visibility was under 100 metres.", false},
        {"Visibility fell below 100 metres.", "Visibility was 100 metres.", true},
        {"Turnout was above 60 percent.", "Turnout reached 60 percent.", true},
        /* one unit whatever the writing */
        {"The bank raised rates by 0.25 percentage points.",
         "The bank raised rates by 25 basis points.", false},
        {"The bank raised rates by 0.5 percentage points.",
         "The bank raised rates by 25 basis points.", true},
        {"The bank raised rates by half a point.", "The bank raised rates by 50 bps.", false},
        {"The bank raised its key rate by 0.25%.", "The bank raised its key rate by 25 basis points.",
         false},
        {"The bank cut rates by a quarter of a percentage point.",
         "The bank cut rates by 50 basis points.", true},
        {"1.2 million people fled.", "1,200,000 people fled.", false},
        {"1.2 million people fled.", "1.5 million people fled.", true},
        {"Half a million people fled.", "500,000 people fled.", false},
        {"Two thousand people fled.", "2,000 people fled.", false},
        {"Donors pledged $1.2bn in aid.", "Donors pledged $1,200 million in aid.", false},
        {"Donors pledged $1.2 billion in aid.", "Donors pledged $1,200,000,000 in aid.", false},
    };
    tx_ctx *ctx = tx_ctx_new(NULL);
    int bad = 0;
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        const char *texts[2] = {p[i].a, p[i].b};
        story s;
        story_build(&s, ctx, texts, 2);
        if (s.ng != 1 || s.g[0].nv != 2 || s.g[0].conflict != p[i].conflict) {
            print_error("%s | %s: %zu groups, conflict %d\n", p[i].a, p[i].b, s.ng,
                        s.ng ? s.g[0].conflict : -1);
            bad++;
        }
        story_free(&s);
    }
    tx_ctx_free(ctx);
    assert_int_equal(bad, 0);
}

static void test_not_grouped(void **state) {
    (void)state;
    tx_ctx *ctx = tx_ctx_new(NULL);
    /* how many people, or what percentage, without saying of what; and a
     * part of the injured: none is the quantity another article gives */
    const char *texts[] = {
        "The ferry carried 312 people. The index rose 3%. Officials said 14 of the injured "
        "were in hospital.",
        "Eleven people were taken ashore. The index rose 1.2%. At least 40 people were injured.",
    };
    story s;
    story_build(&s, ctx, texts, 2);
    assert_int_equal(s.ng, 1);
    assert_string_equal(s.g[0].subject, "injured");
    assert_int_equal(s.g[0].nv, 1);
    assert_int_equal(s.g[0].v[0].doc, 1);
    story_free(&s);
    tx_ctx_free(ctx);
}

static void test_article_counting_several_things(void **state) {
    (void)state;
    tx_ctx *ctx = tx_ctx_new(NULL);
    /* article 0 counts two launches under "missiles": it is left out, and
     * articles 1 and 2 are compared; an event count keeps its disagreement */
    const char *texts[] = {
        "The army fired three missiles on Monday and four missiles on Friday. "
        "Officials said 12 people were killed. Medics said 15 people were killed.",
        "The army fired three missiles.",
        "The army fired five missiles.",
    };
    story s;
    story_build(&s, ctx, texts, 3);
    assert_int_equal(s.ng, 2);
    assert_string_equal(s.g[0].subject, "missiles");
    assert_true(s.g[0].conflict);
    assert_int_equal(s.g[0].nv, 2);
    assert_int_equal(s.g[0].v[0].doc, 1);
    assert_int_equal(s.g[0].v[1].doc, 2);
    assert_string_equal(s.g[1].subject, "killed");
    assert_true(s.g[1].conflict);
    assert_int_equal(s.g[1].nv, 2);
    story_free(&s);
    tx_ctx_free(ctx);
}

static void test_group_values(void **state) {
    (void)state;
    tx_ctx *ctx = tx_ctx_new(NULL);
    const char *texts[] = {
        "Talks went on. More than 200 people are believed to be held captive.",
        "Hamas kidnapped more than 220 Israelis.",
    };
    story s;
    story_build(&s, ctx, texts, 2);
    assert_int_equal(s.ng, 1);
    const cmp_figure *g = &s.g[0];
    assert_string_equal(g->subject, "hostages");
    assert_true(g->conflict);
    assert_int_equal(g->nv, 2);
    assert_int_equal(g->v[0].doc, 0);
    assert_true(g->v[0].num == 200);
    assert_string_equal(g->v[0].value, "200");
    assert_string_equal(g->v[0].qualifier, "more than");
    assert_string_equal(g->v[0].sentence, "More than 200 people are believed to be held captive.");
    assert_int_equal(g->v[1].doc, 1);
    assert_string_equal(g->v[1].value, "220");
    assert_string_equal(g->v[1].sentence, "Hamas kidnapped more than 220 Israelis.");
    story_free(&s);
    tx_ctx_free(ctx);
}

/* "hostages held by", "kidnapped" and "held captive" are one subject. */
static void test_hostage_forms_one_key(void **state) {
    (void)state;
    tx_ctx *ctx = tx_ctx_new(NULL);
    const char *texts[] = {
        "There are 200 hostages held by Hamas.",
        "Militants kidnapped 200 people.",
        "Some 200 people are held captive in Gaza.",
    };
    story s;
    story_build(&s, ctx, texts, 3);
    assert_int_equal(s.ng, 1);
    assert_string_equal(s.g[0].subject, "hostages");
    assert_int_equal(s.g[0].nv, 3);
    assert_false(s.g[0].conflict);
    assert_string_equal(s.g[0].v[2].qualifier, "about");
    story_free(&s);
    tx_ctx_free(ctx);
}

/* Conflicts first, then by number of articles, then first appearance;
 * groups of one article are kept. */
static void test_group_order(void **state) {
    (void)state;
    tx_ctx *ctx = tx_ctx_new(NULL);
    const char *texts[] = {
        "Rebels hold 40 trucks. Police arrested 15 people. More than 200 people were killed.",
        "Police arrested 15 people. About 30 people were injured.",
        "Police arrested 15 people. More than 300 people were killed. Officials said 30 were "
        "injured.",
    };
    story s;
    story_build(&s, ctx, texts, 3);
    assert_int_equal(s.ng, 4);
    assert_string_equal(s.g[0].subject, "killed");
    assert_true(s.g[0].conflict);
    assert_string_equal(s.g[1].subject, "arrested");
    assert_false(s.g[1].conflict);
    assert_int_equal(s.g[1].nv, 3);
    assert_string_equal(s.g[2].subject, "injured");
    assert_false(s.g[2].conflict);
    assert_string_equal(s.g[3].subject, "trucks");
    assert_int_equal(s.g[3].nv, 1);
    assert_int_equal(s.g[3].v[0].doc, 0);
    story_free(&s);
    tx_ctx_free(ctx);
}

/* Values of one article: repeats dropped, disagreement is a conflict; the
 * group is named by its most common label. */
static void test_group_one_article(void **state) {
    (void)state;
    tx_ctx *ctx = tx_ctx_new(NULL);
    const char *t1[] = {"Officials said 12 people were killed. Medics said 15 people were killed."};
    story s;
    story_build(&s, ctx, t1, 1);
    assert_int_equal(s.ng, 1);
    assert_true(s.g[0].conflict);
    assert_int_equal(s.g[0].nv, 2);
    assert_string_equal(s.g[0].v[1].value, "15");
    assert_string_equal(s.g[0].v[1].sentence, "Medics said 15 people were killed.");
    story_free(&s);

    const char *t2[] = {
        "Officials said 12 soldiers were killed. Medics said 12 soldiers were killed.",
        "Twelve people were killed.",
        "Twelve soldiers were killed.",
    };
    story_build(&s, ctx, t2, 3);
    assert_int_equal(s.ng, 1);
    assert_false(s.g[0].conflict);
    assert_int_equal(s.g[0].nv, 3);
    assert_int_equal(s.g[0].v[0].doc, 0);
    assert_int_equal(s.g[0].v[1].doc, 1);
    assert_string_equal(s.g[0].v[1].value, "Twelve");
    assert_string_equal(s.g[0].subject, "soldiers killed");
    story_free(&s);
    tx_ctx_free(ctx);
}

/* One move written three ways agrees; what markets and analysts expected
 * is listed beside it, never against it; the two ways of writing one
 * value are both kept. */
static void test_group_expected(void **state) {
    (void)state;
    tx_ctx *ctx = tx_ctx_new(NULL);
    const char *texts[] = {
        "The central bank raised its key rate by 50 basis points. Most economists had expected "
        "a quarter-point increase.",
        "The central bank raised interest rates by half a percentage point. Investors had priced "
        "in a smaller increase of 25 basis points.",
        "The central bank lifted rates by 0.5 percentage points.",
    };
    story s;
    story_build(&s, ctx, texts, 3);
    assert_int_equal(s.ng, 1);
    const cmp_figure *g = &s.g[0];
    assert_string_equal(g->subject, "rate change (basis points)");
    assert_false(g->conflict);
    assert_int_equal(g->nv, 3);
    static const char *const shown[] = {"50 basis points", "half a percentage point",
                                        "0.5 percentage points"};
    for (size_t i = 0; i < 3; i++) {
        assert_true(g->v[i].num == 50);
        assert_string_equal(g->v[i].value, shown[i]);
        assert_int_equal(g->v[i].doc, i);
        assert_true(g->v[i].unit);
    }
    assert_int_equal(g->nexpect, 2);
    assert_true(g->expect[0].num == 25);
    assert_string_equal(g->expect[0].value, "quarter-point");
    assert_int_equal(g->expect[0].doc, 0);
    assert_string_equal(g->expect[0].sentence,
                        "Most economists had expected a quarter-point increase.");
    assert_string_equal(g->expect[1].value, "25 basis points");
    assert_int_equal(g->expect[1].doc, 1);
    story_free(&s);

    /* a real difference, each value as written */
    const char *t2[] = {"The bank raised rates by 0.5 percentage points.",
                        "The bank raised rates by 25 basis points."};
    story_build(&s, ctx, t2, 2);
    assert_int_equal(s.ng, 1);
    assert_true(s.g[0].conflict);
    assert_true(s.g[0].v[0].num == 50);
    assert_string_equal(s.g[0].v[0].value, "0.5 percentage points");
    assert_true(s.g[0].v[1].num == 25);
    assert_string_equal(s.g[0].v[1].value, "25 basis points");
    assert_int_equal(s.g[0].nexpect, 0);
    story_free(&s);

    /* an expectation does not make its article count two things, and a
     * second rate is another subject */
    const char *t3[] = {
        "The bank cut its key rate by 25 basis points, with dissenters preferring 50 basis "
        "points. Mortgage rates fell by 10 basis points.",
        "The bank cut rates by a quarter point.",
    };
    story_build(&s, ctx, t3, 2);
    assert_int_equal(s.ng, 2);
    assert_string_equal(s.g[0].subject, "rate change (basis points)");
    assert_false(s.g[0].conflict);
    assert_int_equal(s.g[0].nv, 2);
    assert_int_equal(s.g[0].nexpect, 1);
    assert_string_equal(s.g[0].expect[0].value, "50 basis points");
    assert_string_equal(s.g[1].subject, "mortgage rate change (basis points)");
    assert_int_equal(s.g[1].nv, 1);
    story_free(&s);

    /* expectations alone make no group */
    const char *t4[] = {"Economists expected inflation of 3.1%.",
                        "Analysts had forecast inflation of 3.4%."};
    story_build(&s, ctx, t4, 2);
    assert_int_equal(s.ng, 0);
    story_free(&s);
    tx_ctx_free(ctx);
}

static void test_group_empty(void **state) {
    (void)state;
    cmp_arena a;
    cmp_arena_init(&a, NULL);
    cmp_figure *g = (cmp_figure *)1;
    size_t n = 7;
    assert_int_equal(cmp_figures_group(NULL, NULL, NULL, 0, &a, &g, &n), PX_OK);
    assert_null(g);
    assert_int_equal(n, 0);
    tx_ctx *ctx = tx_ctx_new(NULL);
    const char *texts[] = {"Nothing was counted.", "The index rose to 200."};
    story s;
    story_build(&s, ctx, texts, 2);
    assert_int_equal(s.ng, 0);
    story_free(&s);
    tx_ctx_free(ctx);
    cmp_arena_free(&a);
}

/* ---- robustness ---- */

static uint32_t lcg(uint32_t *s) {
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* Random strings of number-ish words and punctuation: no crash, every
 * figure in range and complete, groups well formed. */
static void test_random_text(void **state) {
    (void)state;
    static const char *const piece[] = {
        "more", "than", "200", "1,400", "3.5", "six", "twenty-one", "a", "dozen", "half",
        "million", "hundreds", "of", "the", "people", "Russian", "citizens", "were", "killed",
        "kidnapped", "held", "captive", "hostages", "injured", "%", "$", "€", "Oct.", "7",
        "2023", "3:30", "a.m.", "one", "no", "at", "least", "about", "up", "to", ",", ".",
        "!", "\n", "-", "toll", "rate", "percent", "and", "who", "be", "Six", "of", "them",
        "F-16", "9/11", "555-1234", "\"", "(", ")", "99999999999999999999", "0", "0.0001",
        "tens", "thousands", "Resolution", "bn", "5bn", "years", "old", "\xC3\xA9t\xC3\xA9",
        "basis", "points", "point", "percentage", "quarter-point", "25bp", "0.5pp", "quarter",
        "three", "quarters", "rates", "by", "expected", "would", "if", "priced", "in",
        "50-basis-point", "half-point", "-point", "1e308bp",
    };
    const size_t np = sizeof piece / sizeof piece[0];
    tx_ctx *ctx = tx_ctx_new(NULL);
    uint32_t seed = 12345;
    char buf[2048];
    for (int round = 0; round < 100; round++) {
        story s;
        const char *texts[3];
        char store[3][2048];
        for (int d = 0; d < 3; d++) {
            size_t len = 0, words = lcg(&seed) % 120;
            for (size_t w = 0; w < words; w++) {
                const char *p = piece[lcg(&seed) % np];
                size_t pl = strlen(p);
                if (len + pl + 2 >= sizeof buf) break;
                memcpy(buf + len, p, pl);
                len += pl;
                if (lcg(&seed) % 4) buf[len++] = ' ';
            }
            buf[len] = '\0';
            memcpy(store[d], buf, len + 1);
            texts[d] = store[d];
        }
        story_build(&s, ctx, texts, 3);
        size_t total = 0;
        for (int d = 0; d < 3; d++) {
            const art *x = &s.d[d];
            total += x->n;
            for (size_t k = 0; k < x->n; k++) {
                assert_true(x->f[k].sent < x->t.nsent);
                assert_non_null(x->f[k].value);
                assert_true(x->f[k].value[0] != '\0');
                assert_true(x->f[k].subject[0] != '\0');
                assert_true(x->f[k].label[0] != '\0');
                assert_non_null(x->f[k].qualifier);
                assert_true(x->f[k].num >= 0 && x->f[k].num < 1e16);
            }
        }
        size_t nv = 0;
        for (size_t g = 0; g < s.ng; g++) {
            assert_true(s.g[g].nv > 0);
            nv += s.g[g].nv;
            for (size_t v = 0; v < s.g[g].nv; v++) {
                assert_true(s.g[g].v[v].doc < 3);
                assert_non_null(s.g[g].v[v].sentence);
                if (v) assert_true(s.g[g].v[v].doc >= s.g[g].v[v - 1].doc);
            }
            if (g) assert_true(!s.g[g].conflict || s.g[g - 1].conflict);
            for (size_t v = 0; v < s.g[g].nexpect; v++) {
                assert_true(s.g[g].expect[v].doc < 3);
                assert_non_null(s.g[g].expect[v].sentence);
                if (v) assert_true(s.g[g].expect[v].doc >= s.g[g].expect[v - 1].doc);
                nv++;
            }
        }
        assert_true(nv <= total);
        story_free(&s);
    }
    tx_ctx_free(ctx);
}

/* Out of memory at every step returns PX_ENOMEM, never crashes. */
static void test_out_of_memory(void **state) {
    (void)state;
    tx_ctx *ctx = tx_ctx_new(NULL);
    const char *text = "More than 200 people were kidnapped. About 50 people were injured. "
                       "Six Russian citizens are hostages. Inflation hit 6.25%.";
    art x;
    art_build(&x, ctx, text);
    assert_int_equal(x.n, 4);
    bool ok = false;
    for (int budget = 0; budget < 64 && !ok; budget++) {
        tu_failing fl = {budget, 0};
        px_allocator al = tu_failing_allocator(&fl);
        cmp_arena a;
        cmp_arena_init(&a, &al);
        cmp_dfigure *f;
        size_t n;
        px_status st = cmp_figures_doc(&x.t, &a, &f, &n);
        assert_true(st == PX_OK || st == PX_ENOMEM);
        if (st == PX_OK) {
            cmp_figure *g;
            size_t ng;
            const cmp_dfigure *const fs[1] = {f};
            st = cmp_figures_group(&x.t, (cmp_dfigure *const *)fs, &n, 1, &a, &g, &ng);
            assert_true(st == PX_OK || st == PX_ENOMEM);
            if (st == PX_OK) {
                assert_int_equal(n, 4);
                assert_int_equal(ng, 4);
                ok = true;
            }
        }
        cmp_arena_free(&a);
        assert_int_equal(fl.live, 0);
    }
    assert_true(ok);
    cmp_arena_free(&x.a);
    tx_ctx_free(ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qualifiers),
        cmocka_unit_test(test_number_words),
        cmocka_unit_test(test_event_classes),
        cmocka_unit_test(test_percent_money),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_expected),
        cmocka_unit_test(test_not_figures),
        cmocka_unit_test(test_several_in_order),
        cmocka_unit_test(test_agree_conflict_pairs),
        cmocka_unit_test(test_not_grouped),
        cmocka_unit_test(test_article_counting_several_things),
        cmocka_unit_test(test_group_values),
        cmocka_unit_test(test_hostage_forms_one_key),
        cmocka_unit_test(test_group_order),
        cmocka_unit_test(test_group_one_article),
        cmocka_unit_test(test_group_expected),
        cmocka_unit_test(test_group_empty),
        cmocka_unit_test(test_random_text),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
