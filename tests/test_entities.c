/*
 * test_entities.c - unit tests of src/compare/entities.c and framing.c on
 * sentences we write: each mention shape (roles, particles, organization
 * heads, label nouns, gazetteer, acronyms, sentence-initial words), the
 * merging rules (surnames, transliterations, possessives, acronyms, two
 * people with one surname), and the framing shapes (pre-modifiers, label
 * nouns, appositives, copulas, definite descriptions, loaded words).
 */
#include "testutil.h"

#include "compare/compare.h"
#include "compare/lexicon.h"

typedef struct fx {
    tx_ctx *ctx;
    cmp_arena ar;
    cmp_text t[4];
    cmp_mention *m[4];
    size_t nm[4];
    size_t n;
} fx;

static void fx_init(fx *f) {
    memset(f, 0, sizeof *f);
    f->ctx = tx_ctx_new(NULL);
    assert_non_null(f->ctx);
    cmp_arena_init(&f->ar, NULL);
}

static void fx_add(fx *f, const char *text) {
    size_t k = f->n++;
    assert_int_equal(cmp_text_build(&f->ar, f->ctx, text, strlen(text), "en", &f->t[k]), PX_OK);
    assert_int_equal(cmp_mentions(&f->t[k], &f->ar, &f->m[k], &f->nm[k]), PX_OK);
}

static void fx_free(fx *f) {
    cmp_arena_free(&f->ar);
    tx_ctx_free(f->ctx);
}

/* "name/type/role;..." of article k's mentions. */
static const char *dump(const fx *f, size_t k) {
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < f->nm[k]; i++) {
        const cmp_mention *m = &f->m[k][i];
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s/%s%s%s", i ? ";" : "", m->name,
                              cmp_type_name(m->type), m->role[0] ? "/" : "", m->role);
    }
    return buf;
}

static void expect(const char *text, const char *want) {
    fx f;
    fx_init(&f);
    fx_add(&f, text);
    const char *got = dump(&f, 0);
    if (strcmp(got, want) != 0) fail_msg("%s\n  got:  %s\n  want: %s", text, got, want);
    fx_free(&f);
}

static void test_mention_shapes(void **state) {
    (void)state;
    expect("The talks were led by President Elena Varga in Berlin.",
           "Elena Varga/person/president;Berlin/place");
    expect("Deputy Foreign Minister Tomas Rellin arrived on Monday.",
           "Tomas Rellin/person/deputy foreign minister");
    expect("It was confirmed by spokeswoman Ilse Marrow at a briefing.",
           "Ilse Marrow/person/spokeswoman");
    expect("Delegates of the militant group Korvath met officials.",
           "Korvath/organization");
    expect("A delegation from the Korvath movement flew in.", "Korvath/organization");
    expect("Officials said Ahmed bin Salvo and Omar al-Farouk were present.",
           "Ahmed bin Salvo/person;Omar al-Farouk/person");
    expect("A statement came from the Ministry of Foreign Affairs in Paris.",
           "Ministry of Foreign Affairs/organization;Paris/place");
    expect("The Israeli Foreign Ministry said the UN would meet.",
           "Israeli Foreign Ministry/organization;UN/organization");
    expect("Russia's envoy met Iran's delegation in Moscow.",
           "Russia/place;Iran/place;Moscow/place");
    /* sentence-initial words need evidence */
    expect("Contacts were held on Thursday. Delegates spoke later.", "");
    expect("Varga spoke first. Later that day Elena Varga left.",
           "Varga/other;Elena Varga/person");
    /* a first word leading a longer name, never written in lowercase */
    expect("Mikhail Bogdanov told journalists on Thursday.", "Mikhail Bogdanov/person");
    /* vehicles take names that look like people's */
    expect("Rescuers reached the ferry Saltmarsh Star at dawn.", "Saltmarsh Star/other");
    expect("Rescuers reached Saltmarsh Star ferry at dawn.", "Saltmarsh Star/other");
    expect("Clear Channel Action said it would protest.", "Clear Channel Action/organization");
    /* one the article also writes in lowercase is a common word */
    expect("Harbour Chief Ilse Varga spoke. The harbour was closed.",
           "Ilse Varga/person/chief");
    /* a lone nationality is no name; one before a name is dropped */
    expect("Russian officials met Palestinian leader Sami Okran.",
           "Sami Okran/person/palestinian leader");
    expect("Israelis and Israeli-Palestinian groups protested.", "");
    /* a role without a name names nothing */
    expect("The Foreign Minister declined to comment.", "");
}

static void test_mention_keys(void **state) {
    (void)state;
    fx f;
    fx_init(&f);
    fx_add(&f, "The U.S. and Hamas’ leaders met Marzouk's aides.");
    assert_int_equal(f.nm[0], 3);
    assert_string_equal(f.m[0][0].key, "us");
    assert_string_equal(f.m[0][1].name, "Hamas");
    assert_string_equal(f.m[0][1].key, "hamas");
    assert_string_equal(f.m[0][2].name, "Marzouk");
    /* spans point at the name in the text */
    const cmp_mention *m = &f.m[0][2];
    assert_memory_equal(f.t[0].text + m->off, "Marzouk", 7);
    assert_int_equal(m->len, 7);
    fx_free(&f);
}

/* Merged entities as "name(type)[docs]{aliases}|...". */
static const char *merged(fx *f) {
    static char buf[4096];
    cmp_entity *e;
    size_t ne;
    assert_int_equal(cmp_entities_merge(f->m, f->nm, f->n, &f->ar, &e, &ne), PX_OK);
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ne; i++) {
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s(%s)[", i ? "|" : "", e[i].name,
                              cmp_type_name(e[i].type));
        for (size_t d = 0; d < e[i].ndoc; d++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%zu", d ? "," : "", e[i].doc[d]);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "]{");
        for (size_t a = 0; a < e[i].nalias; a++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", a ? "," : "", e[i].alias[a]);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "}");
    }
    return buf;
}

static void test_merge(void **state) {
    (void)state;
    fx f;
    fx_init(&f);
    fx_add(&f, "The talks were chaired by Envoy Pavel Dorokhov. Dorokhov said more.");
    fx_add(&f, "Officials met Mahmud Essam. Aides of Pavel Dorokhov left.");
    fx_add(&f, "Reporters asked Mahmoud Essam and the envoy Dorokhova about it.");
    assert_string_equal(merged(&f),
                        "Pavel Dorokhov(person)[0,1,2]{Dorokhov,Dorokhova}|"
                        "Mahmoud Essam(person)[1,2]{Mahmud Essam}");
    /* every mention knows its entity */
    assert_int_equal(f.m[0][1].entity, 0);
    assert_int_equal(f.m[2][0].entity, 1);
    fx_free(&f);
}

static void test_institution_spellings(void **state) {
    (void)state;
    fx f;
    fx_init(&f);
    fx_add(&f, "On Monday, Norway's Foreign Ministry said the talks would go on.");
    fx_add(&f, "A statement by the Norwegian Ministry of Foreign Affairs followed. Officials in the "
               "US agreed, and the U.S. said so.");
    fx_add(&f, "The Norwegian Foreign Ministry called it a step forward.");
    /* one institution under three spellings; the U.S. spelled two ways */
    const char *got = merged(&f);
    if (!strstr(got, "Norwegian Foreign Ministry(organization)[0,1,2]"
                                "{Foreign Ministry,Norwegian Ministry of Foreign Affairs}"))
        fail_msg("got %s", got);
    if (!strstr(got, "U.S.(place)[1]{US}")) fail_msg("got %s", got);
    fx_free(&f);
}

static void test_place_short_forms(void **state) {
    (void)state;
    fx f;
    fx_init(&f);
    fx_add(&f, "Aid reached the Gaza Strip on Monday. Trucks entered Gaza at dawn.");
    fx_add(&f, "Convoys crossed into the Strip overnight.");
    assert_string_equal(merged(&f), "Gaza Strip(place)[0,1]{Gaza,Strip}");
    fx_free(&f);
}

static void test_same_surname_different_people(void **state) {
    (void)state;
    fx f;
    fx_init(&f);
    fx_add(&f, "Officials said John Harlow and Mary Harlow arrived together.");
    fx_add(&f, "Later Harlow spoke to John Harlow.");
    /* "Harlow" fits both: it joins neither */
    assert_string_equal(merged(&f),
                        "John Harlow(person)[0,1]{}|Harlow(other)[1]{}|Mary Harlow(person)[0]{}");
    fx_free(&f);
}

static void test_acronym_and_places(void **state) {
    (void)state;
    fx f;
    fx_init(&f);
    fx_add(&f, "The Palestinian Authority (PA) met the UN Security Council in the Gaza Strip.");
    fx_add(&f, "The PA and the UNSC spoke about Gaza.");
    assert_string_equal(merged(&f),
                        "Palestinian Authority(organization)[0,1]{PA}|Gaza Strip(place)[0,1]{Gaza}|"
                        "UN Security Council(organization)[0,1]{UNSC}");
    fx_free(&f);
}

/* Framing of entity `name` as "doc:term,term;doc:...". */
static const char *frames(fx *f, const char *name) {
    static char buf[4096];
    cmp_entity *e;
    size_t ne;
    cmp_frame *fr;
    size_t nf;
    assert_int_equal(cmp_entities_merge(f->m, f->nm, f->n, &f->ar, &e, &ne), PX_OK);
    assert_int_equal(cmp_framing(f->t, f->m, f->nm, f->n, e, ne, &f->ar, &fr, &nf), PX_OK);
    buf[0] = '\0';
    for (size_t i = 0; i < nf; i++) {
        if (strcmp(fr[i].entity, name) != 0) continue;
        size_t n = 0;
        for (size_t d = 0; d < fr[i].nd; d++) {
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%zu:", d ? ";" : "", fr[i].d[d].doc);
            for (size_t k = 0; k < fr[i].d[d].nterm; k++)
                n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", k ? "," : "",
                                      fr[i].d[d].term[k]);
        }
    }
    return buf;
}

static void test_framing(void **state) {
    (void)state;
    fx f;
    fx_init(&f);
    fx_add(&f, "Envoys of the Russian militant group Korvath met officials. "
               "The militant group, which seized the port, wants talks.");
    fx_add(&f, "A delegation of the Korvath terrorist organization arrived. "
               "Korvath is a brutal terrorist organization, ministers said.");
    fx_add(&f, "Omar Selk, a senior member of Korvath, spoke. Korvath leaders waited.");
    assert_string_equal(frames(&f, "Korvath"),
                        "0:Russian militant group,militant,militant group;"
                        "1:terrorist organization,terrorist,brutal terrorist organization,brutal");
    fx_free(&f);
}

static void test_framing_is_the_sources_own(void **state) {
    (void)state;
    fx f;
    fx_init(&f);
    /* a quotation's words are its speaker's; an appositive may end at a
     * relative clause */
    fx_add(&f, "Envoys met Korvath, the militant movement that seized the port. "
               "\"Korvath terrorists commit brutal atrocities,\" the minister said.");
    fx_add(&f, "On Monday, Korvath, a harbour campaign group, met envoys.");
    assert_string_equal(frames(&f, "Korvath"),
                        "0:militant movement,militant;1:harbour campaign group");
    fx_free(&f);
}

static void test_framing_role_after_an_organization(void **state) {
    (void)state;
    fx f;
    fx_init(&f);
    /* the spokesperson is a person of the ministry, not what it is */
    fx_add(&f, "Reporters heard the Foreign Ministry spokesperson Lior Haiat on Monday.");
    fx_add(&f, "On Tuesday the Foreign Ministry issued a statement.");
    assert_string_equal(frames(&f, "Foreign Ministry"), "");
    fx_free(&f);
}

static void test_framing_appositive_and_roles(void **state) {
    (void)state;
    fx f;
    fx_init(&f);
    fx_add(&f, "Talks were led by Omar Selk, a senior member of the council, on Friday.");
    fx_add(&f, "Spokesman Omar Selk denied it.");
    assert_string_equal(frames(&f, "Omar Selk"), "0:senior member of the council;1:spokesman");
    /* an entity named by one article has no frame */
    assert_string_equal(frames(&f, "Friday"), "");
    fx_free(&f);
}

static void test_odd_input(void **state) {
    (void)state;
    /* random capitalized soup never crashes and spans stay in the text */
    static const char *w[] = {"Al", "al-", "The", "Of", "of", "'s", "’", "Minister", "X",
                              "U.S.", "(", ")", ",", ".", "\n", "Gaza", "Strip", "é", "Ä"};
    unsigned seed = 7;
    for (int r = 0; r < 300; r++) {
        char buf[512];
        size_t n = 0;
        int len = 1 + r % 40;
        for (int i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *s = w[(seed >> 16) % PX_ARRAY_LEN(w)];
            size_t l = strlen(s);
            if (n + l + 2 >= sizeof buf) break;
            memcpy(buf + n, s, l);
            n += l;
            if ((seed >> 8) & 1) buf[n++] = ' ';
        }
        buf[n] = '\0';
        fx f;
        fx_init(&f);
        fx_add(&f, buf);
        for (size_t i = 0; i < f.nm[0]; i++) {
            assert_true((size_t)f.m[0][i].off + f.m[0][i].len <= n);
            assert_true(f.m[0][i].len > 0);
        }
        cmp_entity *e;
        size_t ne;
        assert_int_equal(cmp_entities_merge(f.m, f.nm, 1, &f.ar, &e, &ne), PX_OK);
        fx_free(&f);
    }
}

static void test_lexicon_sorted(void **state) {
    (void)state;
    assert_true(lx_lists_sorted());
    /* the lookups find first, last, multi-word and prefix-sharing keys */
    assert_true(lx_is_place("afghanistan", 11));
    assert_true(lx_is_place("zimbabwe", 8));
    assert_true(lx_is_place("gaza strip", 10));
    assert_true(lx_is_place("gaza", 4));
    assert_false(lx_is_place("gaz", 3));
    assert_false(lx_is_place("gaza stri", 9));
    assert_true(lx_is_particle("al-", 3));
    assert_true(lx_is_thing("ferry", 5));
    assert_true(lx_is_particle("al", 2));
    assert_false(lx_is_particle("", 0));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexicon_sorted),
        cmocka_unit_test(test_institution_spellings),
        cmocka_unit_test(test_place_short_forms),
        cmocka_unit_test(test_mention_shapes),
        cmocka_unit_test(test_mention_keys),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_same_surname_different_people),
        cmocka_unit_test(test_acronym_and_places),
        cmocka_unit_test(test_framing),
        cmocka_unit_test(test_framing_is_the_sources_own),
        cmocka_unit_test(test_framing_role_after_an_organization),
        cmocka_unit_test(test_framing_appositive_and_roles),
        cmocka_unit_test(test_odd_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
