/*
 * test_report.c - the report writers (src/report) on a corpus of three
 * synthetic articles about one event, with a comparison filled by hand in
 * an arena: exact text (with and without colour), exact Markdown, HTML
 * escaping of every field and its self-containment, the JSON comparison
 * fields and their escaping, display widths, a story without comparison
 * written as before, and the error paths (bad arguments, a failing write).
 */
#include "testutil.h"

#include "report/report.h"

#include <jansson.h>

/* ---- the corpus ---- */

static const char ART_A[] =
    "Title: Flood closes Tarrow bridge as river Esk rises\n"
    "Source: Harbor Ledger\n"
    "URL: https://ledger.example/2026/03/02/tarrow-bridge\n"
    "Published: 2026-03-02T08:00:00Z\n"
    "\n"
    "The river Esk burst its banks overnight and flooded the old Tarrow bridge, county "
    "officials said on Monday. More than 200 homes in Tarrow were evacuated before dawn. "
    "Mayor Ines Calder said the bridge would stay closed until engineers had inspected it.\n";
static const char ART_B[] =
    "Title: Tarrow evacuates homes as Esk floods old bridge\n"
    "Source: Metro Dispatch\n"
    "URL: https://dispatch.example/tarrow-flood\n"
    "Published: 2026-03-02T11:30:00Z\n"
    "\n"
    "More than 220 homes in Tarrow were evacuated after the river Esk flooded the old Tarrow "
    "bridge overnight, county officials said. Mayor Ines Calder said engineers would inspect "
    "the bridge before it reopened. Two people were rescued from a car.\n";
/* a non-ASCII source (2 bytes, 1 column for the o-slash) and no URL */
static const char ART_C[] =
    "Title: Esk flood: Tarrow bridge shut, families leave homes\n"
    "Source: S\xc3\xb8reide Tidende\n"
    "Published: 2026-03-03T07:15:00Z\n"
    "\n"
    "County officials said the river Esk flooded the old Tarrow bridge overnight and families "
    "left their homes in Tarrow. Mayor Ines Calder said the bridge stays closed until engineers "
    "inspect it. Two people were rescued from a car.\n";

/* The same event with hostile metadata: a title with a script, a source
 * that breaks out of an attribute, a javascript: URL. */
static const char EVIL_A[] =
    "Title: <script>alert(1)</script> Flood closes Tarrow bridge\n"
    "Source: Evil\" onmouseover=\"alert(2)\n"
    "URL: javascript:alert(3)\n"
    "Published: 2026-03-02T08:00:00Z\n"
    "\n"
    "The river Esk burst its banks overnight and flooded the old Tarrow bridge, county "
    "officials said on Monday. More than 200 homes in Tarrow were evacuated before dawn. "
    "Mayor Ines Calder said the bridge would stay closed until engineers had inspected it.\n";
static const char EVIL_B[] =
    "Title: Tarrow evacuates homes \"><img src=x onerror=alert(4)> as Esk floods bridge\n"
    "Source: O'Brien & Sons <b>\n"
    "URL: https://dispatch.example/a?b=1&c=\"2\"\n"
    "Published: 2026-03-02T11:30:00Z\n"
    "\n"
    "More than 220 homes in Tarrow were evacuated after the river Esk flooded the old Tarrow "
    "bridge overnight, county officials said. Mayor Ines Calder said engineers would inspect "
    "the bridge before it reopened. Two people were rescued from a car.\n";

static px_corpus *corpus3(const char *a, const char *b, const char *c) {
    px_options o;
    px_options_init(&o);
    o.threads = 1;
    o.flags |= PX_OPT_NO_COMPARE; /* the comparisons here are filled by hand */
    px_corpus *cp = px_corpus_new(&o, NULL);
    assert_non_null(cp);
    assert_int_equal(px_corpus_add_bytes(cp, "a.txt", a, strlen(a), PX_FORMAT_TEXT), PX_OK);
    assert_int_equal(px_corpus_add_bytes(cp, "b.txt", b, strlen(b), PX_FORMAT_TEXT), PX_OK);
    if (c)
        assert_int_equal(px_corpus_add_bytes(cp, "c.txt", c, strlen(c), PX_FORMAT_TEXT), PX_OK);
    assert_int_equal(px_corpus_run(cp), PX_OK);
    assert_int_equal(px_corpus_story_count(cp), 1);
    assert_int_equal(px_corpus_story_size(cp, 0), c ? 3 : 2);
    return cp;
}

/* ---- a comparison by hand ---- */

static size_t *idx(cmp_arena *a, size_t n, const size_t *v) {
    size_t *p = cmp_alloc(a, n * sizeof *p);
    memcpy(p, v, n * sizeof *p);
    return p;
}

static const char **strs(cmp_arena *a, size_t n, const char *const *v) {
    const char **p = cmp_alloc(a, (n ? n : 1) * sizeof *p);
    for (size_t i = 0; i < n; i++) p[i] = cmp_strdup(a, v[i]);
    return p;
}

/* The comparison of an ndocs-article story (3, or 2 with the third
 * article's parts left out). */
static void fill(cmp_story *cs, size_t ndocs) {
    memset(cs, 0, sizeof *cs);
    cmp_arena_init(&cs->arena, NULL);
    cmp_arena *a = &cs->arena;
    bool three = ndocs == 3;
    cs->ndocs = ndocs;

    cs->nent = 2;
    cs->ent = cmp_alloc(a, 2 * sizeof *cs->ent);
    cs->ent[0] = (cmp_entity){"Ines Calder", CMP_PERSON,
                              strs(a, 1, (const char *[]){"Ines Caldera"}), 1,
                              idx(a, ndocs, (size_t[]){0, 1, 2}), ndocs, 3};
    cs->ent[1] = (cmp_entity){"Esk", CMP_PLACE, strs(a, 0, NULL), 0,
                              idx(a, 2, (size_t[]){0, 1}), 2, 4};

    cs->nquote = three ? 3 : 2;
    cs->quote = cmp_alloc(a, 3 * sizeof *cs->quote);
    cs->quote[0] = (cmp_quote){"Ines Calder", "The bridge stays shut until it is safe", 0};
    cs->quote[1] = (cmp_quote){"", "We lost everything in an hour", 1};
    cs->quote[2] = (cmp_quote){"Ines Calder", "Engineers will check every pillar", 2};

    cs->nfig = three ? 2 : 1;
    cs->fig = cmp_alloc(a, 2 * sizeof *cs->fig);
    cmp_fvalue *v = cmp_alloc(a, 2 * sizeof *v);
    v[0] = (cmp_fvalue){.num = 200, .value = "200", .qualifier = "more than", .doc = 0,
                        .sentence = "More than 200 homes in Tarrow were evacuated before dawn."};
    v[1] = (cmp_fvalue){.num = 220, .value = "220", .qualifier = "more than", .doc = 1,
                        .sentence = "More than 220 homes in Tarrow were evacuated after the "
                                    "river Esk flooded the old Tarrow bridge overnight, county "
                                    "officials said."};
    cs->fig[0] = (cmp_figure){.subject = "homes evacuated", .v = v, .nv = 2, .conflict = true};
    cmp_fvalue *w = cmp_alloc(a, 2 * sizeof *w);
    w[0] = (cmp_fvalue){.num = 2, .value = "Two", .qualifier = "", .doc = 1,
                        .sentence = "Two people were rescued from a car."};
    w[1] = (cmp_fvalue){.num = 2, .value = "Two", .qualifier = "", .doc = 2,
                        .sentence = "Two people were rescued from a car."};
    cs->fig[1] = (cmp_figure){.subject = "rescued", .v = w, .nv = 2, .conflict = false};

    cs->nframe = 1;
    cs->frame = cmp_alloc(a, sizeof *cs->frame);
    cmp_descr *d = cmp_alloc(a, 2 * sizeof *d);
    d[0] = (cmp_descr){0, strs(a, 1, (const char *[]){"river"}), 1};
    d[1] = (cmp_descr){1, strs(a, 2, (const char *[]){"swollen river", "torrent"}), 2};
    cs->frame[0] = (cmp_frame){"Esk", d, 2};

    cs->nsum = 2;
    cs->sum = cmp_alloc(a, 2 * sizeof *cs->sum);
    cs->sum[0] = (cmp_sent){"The river Esk flooded the old Tarrow bridge overnight, county "
                            "officials said.", 0, idx(a, ndocs, (size_t[]){0, 1, 2}), ndocs};
    cs->sum[1] = (cmp_sent){"Mayor Ines Calder said the bridge would stay closed until "
                            "engineers had inspected it.", 0, idx(a, 1, (size_t[]){0}), 1};

    cs->nuniq = 1;
    cs->uniq = cmp_alloc(a, sizeof *cs->uniq);
    cs->uniq[0] = (cmp_unique){1, strs(a, 1, (const char *[]){"Two people were rescued from a "
                                                              "car."}), 1};

    cs->nremoved = three ? 1 : 0;
    cs->removed = cmp_alloc(a, sizeof *cs->removed);
    cs->removed[0] = (cmp_removed){2, "Photo: J. Berg / Tidende", "photo credit"};
    assert_false(a->failed);
}

/* ---- output capture ---- */

typedef struct sink {
    char *p;        /* bytes written, NUL-terminated */
    size_t len;     /* their number */
    long fail_at;   /* calls that succeed before one fails; -1 never */
    long calls;     /* calls made */
} sink;

static int sink_write(void *ud, const char *data, size_t len) {
    sink *s = ud;
    s->calls++;
    if (s->fail_at >= 0 && s->calls > s->fail_at) return -1;
    s->p = realloc(s->p, s->len + len + 1);
    assert_non_null(s->p);
    memcpy(s->p + s->len, data, len);
    s->len += len;
    s->p[s->len] = '\0';
    return 0;
}

/* The report of c in fmt with the comparison cs (NULL: none); caller
 * frees. */
static char *render(const px_corpus *c, px_report_format fmt, unsigned flags,
                    const cmp_story *cs) {
    sink s = {NULL, 0, -1, 0};
    const cmp_story *cmp[1] = {cs};
    assert_int_equal(rp_write_stories(c, fmt, flags, cmp, sink_write, &s), PX_OK);
    assert_non_null(s.p);
    return s.p;
}

static size_t count(const char *hay, const char *needle) {
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

static void dump(const char *name, const char *s) {
    if (getenv("PX_REPORT_DUMP")) fprintf(stderr, "==== %s\n%s==== end\n", name, s);
}

/* ---- text ---- */

static const char TEXT[] =
    "Story 1 [c8440bb91d3b8295] Esk flood: Tarrow bridge shut, families leave homes\n"
    "  3 articles, 3 sources\n"
    "  2026-03-02  Harbor Ledger    Flood closes Tarrow bridge as river Esk rises\n"
    "  2026-03-02  Metro Dispatch   Tarrow evacuates homes as Esk floods old bridge\n"
    "  2026-03-03  S\xc3\xb8reide Tidende  Esk flood: Tarrow bridge shut, families leave homes\n"
    "\n"
    "  Summary\n"
    "    - The river Esk flooded the old Tarrow bridge overnight, county officials\n"
    "      said. [Harbor Ledger, Metro Dispatch and S\xc3\xb8reide Tidende]\n"
    "    - Mayor Ines Calder said the bridge would stay closed until engineers had\n"
    "      inspected it. [Harbor Ledger]\n"
    "\n"
    "  Conflicting figures\n"
    "    homes evacuated: more than 200 (Harbor Ledger) vs\n"
    "      more than 220 (Metro Dispatch)\n"
    "\n"
    "  Agreeing figures\n"
    "    rescued: Two (Metro Dispatch, S\xc3\xb8reide Tidende)\n"
    "\n"
    "  Framing\n"
    "    Esk: Harbor Ledger \"river\"; Metro Dispatch \"swollen river\", \"torrent\"\n"
    "\n"
    "  Quotes\n"
    "    Ines Calder\n"
    "      \xe2\x80\x9cThe bridge stays shut until it is safe\xe2\x80\x9d (Harbor Ledger)\n"
    "      \xe2\x80\x9c""Engineers will check every pillar\xe2\x80\x9d (S\xc3\xb8reide Tidende)\n"
    "    Unattributed\n"
    "      \xe2\x80\x9cWe lost everything in an hour\xe2\x80\x9d (Metro Dispatch)\n"
    "\n"
    "  Only in one source\n"
    "    Metro Dispatch\n"
    "      - Two people were rescued from a car.\n"
    "\n"
    "  Cut from the articles\n"
    "    S\xc3\xb8reide Tidende (photo credit): Photo: J. Berg / Tidende\n";

static void test_text(void **state) {
    (void)state;
    px_corpus *c = corpus3(ART_A, ART_B, ART_C);
    cmp_story cs;
    fill(&cs, 3);
    char *t = render(c, PX_REPORT_TEXT, 0, &cs);
    dump("text", t);
    assert_string_equal(t, TEXT);
    /* the comparison's lines fit 80 columns although a source has a 2-byte
       letter (the article list is not wrapped, as before) */
    for (char *l = strstr(t, "\n\n  Summary"); *l;) {
        char *e = strchr(l, '\n');
        assert_non_null(e);
        *e = '\0';
        assert_true(rp_width(l) <= 80);
        l = e + 1;
    }
    free(t);
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

/* Colour only with the flag: bold label, red conflict, dim details; the
 * text without the escape codes is the plain report. */
static void test_color(void **state) {
    (void)state;
    px_corpus *c = corpus3(ART_A, ART_B, ART_C);
    cmp_story cs;
    fill(&cs, 3);
    char *plain = render(c, PX_REPORT_TEXT, 0, &cs);
    assert_null(strchr(plain, '\033'));
    char *col = render(c, PX_REPORT_TEXT, PX_WRITE_COLOR, &cs);
    assert_non_null(strstr(col, "\033[1mStory 1\033[0m \033[2m[c8440bb91d3b8295]\033[0m "
                                "\033[1mEsk flood: Tarrow bridge shut, families leave homes"
                                "\033[0m\n"));
    assert_non_null(strstr(col, "    \033[31mhomes evacuated: more than 200 (Harbor Ledger) "
                                "vs\n      more than 220 (Metro Dispatch)\033[0m\n"));
    assert_non_null(strstr(col, "\033[2m[Harbor Ledger]\033[0m\n"));
    /* the agreeing figure is not red */
    assert_non_null(strstr(col, "    rescued: Two (Metro Dispatch, S\xc3\xb8reide Tidende)\n"));
    assert_int_equal(count(col, "\033[31m"), 1);
    /* strip the codes: the plain report */
    char *w = col;
    for (const char *r = col; *r;) {
        if (*r == '\033') {
            while (*r && *r != 'm') r++;
            if (*r) r++;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
    assert_string_equal(col, plain);
    free(plain);
    free(col);
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

/* Control characters of article text never reach the terminal. */
static void test_text_controls(void **state) {
    (void)state;
    px_corpus *c = corpus3(ART_A, ART_B, ART_C);
    cmp_story cs;
    fill(&cs, 3);
    cs.quote[1].text = "We lost\033[2J everything\x07 in an\xc2\x9b hour";
    cs.sum[0].text = "Line one\nline two\r\tend.";
    char *t = render(c, PX_REPORT_TEXT, 0, &cs);
    assert_null(strchr(t, '\033'));
    assert_null(strchr(t, '\a'));
    assert_null(strchr(t, '\r'));
    assert_null(strchr(t, '\t'));
    assert_null(strstr(t, "\xc2\x9b"));
    assert_non_null(strstr(t, "\xe2\x80\x9cWe lost [2J everything in an hour\xe2\x80\x9d"));
    assert_non_null(strstr(t, "    - Line one line two end. [Harbor Ledger, Metro Dispatch and"));
    free(t);
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

/* Without a comparison the report is what px_corpus_write_stories wrote
 * before the comparison stage: no section headings, empty JSON arrays. */
static void test_no_comparison(void **state) {
    (void)state;
    px_corpus *c = corpus3(ART_A, ART_B, ART_C);
    for (int f = 0; f < 2; f++) {
        char *a = render(c, (px_report_format)f, 0, NULL);
        sink s = {NULL, 0, -1, 0};
        assert_int_equal(px_corpus_write_stories(c, (px_report_format)f, sink_write, &s), PX_OK);
        assert_string_equal(a, s.p);
        sink r = {NULL, 0, -1, 0};
        assert_int_equal(px_corpus_write_report(c, (px_report_format)f, 0, sink_write, &r),
                         PX_OK);
        assert_string_equal(a, r.p);
        free(s.p);
        free(r.p);
        if (f == PX_REPORT_TEXT) {
            assert_string_equal(a, "Story 1 [c8440bb91d3b8295] Esk flood: Tarrow bridge shut, "
                                   "families leave homes\n"
                                   "  3 articles, 3 sources\n"
                                   "  2026-03-02  Harbor Ledger    Flood closes Tarrow bridge "
                                   "as river Esk rises\n"
                                   "  2026-03-02  Metro Dispatch   Tarrow evacuates homes as Esk "
                                   "floods old bridge\n"
                                   "  2026-03-03  S\xc3\xb8reide Tidende  Esk flood: Tarrow "
                                   "bridge shut, families leave homes\n");
        } else {
            assert_non_null(strstr(a, "\n      ],\n      \"entities\": [], \"quotes\": [], "
                                      "\"figures\": [], \"framing\": [], \"summary\": [], "
                                      "\"removed\": []}\n  ]\n}\n"));
            assert_null(strstr(a, "\"unique\""));
        }
        free(a);
    }
    /* a comparison of another number of articles is not shown */
    cmp_story cs;
    fill(&cs, 2);
    char *t = render(c, PX_REPORT_TEXT, 0, &cs);
    assert_null(strstr(t, "Summary"));
    free(t);
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

static void test_width(void **state) {
    (void)state;
    assert_int_equal(rp_width(""), 0);
    assert_int_equal(rp_width("Harbor"), 6);
    assert_int_equal(rp_width("S\xc3\xb8reide"), 7);              /* o-slash: 2 bytes */
    assert_int_equal(rp_width("e\xcc\x81te"), 3);                 /* combining acute */
    assert_int_equal(rp_width("\xe6\x9d\xb1\xe6\x96\xb9 News"), 9); /* two wide CJK */
    assert_int_equal(rp_widthn("abcdef", 3), 3);
}

/* ---- Markdown ---- */

static const char MD[] =
    "# Parallax report\n"
    "\n"
    "1 story from 3 articles (0 duplicates).\n"
    "\n"
    "1. Esk flood: Tarrow bridge shut, families leave homes \xe2\x80\x94 3 sources\n"
    "\n"
    "## 1. Esk flood: Tarrow bridge shut, families leave homes\n"
    "\n"
    "`c8440bb91d3b8295` \xc2\xb7 3 articles, 3 sources\n"
    "\n"
    "| Published | Source | Title |\n"
    "| --- | --- | --- |\n"
    "| 2026-03-02 | Harbor Ledger | [Flood closes Tarrow bridge as river Esk rises](<https://ledger.example/2026/03/02/tarrow-bridge>) |\n"
    "| 2026-03-02 | Metro Dispatch | [Tarrow evacuates homes as Esk floods old bridge](<https://dispatch.example/tarrow-flood>) |\n"
    "| 2026-03-03 | S\xc3\xb8reide Tidende | Esk flood: Tarrow bridge shut, families leave homes |\n"
    "\n"
    "### Summary\n"
    "\n"
    "- The river Esk flooded the old Tarrow bridge overnight, county officials said. *(Harbor Ledger, Metro Dispatch and S\xc3\xb8reide Tidende)*\n"
    "- Mayor Ines Calder said the bridge would stay closed until engineers had inspected it. *(Harbor Ledger)*\n"
    "\n"
    "### Figures\n"
    "\n"
    "- **homes evacuated (conflict):** more than 200 (Harbor Ledger) vs more than 220 (Metro Dispatch)\n"
    "- rescued: Two (Metro Dispatch, S\xc3\xb8reide Tidende)\n"
    "\n"
    "### Framing\n"
    "\n"
    "| Entity | Source | Terms |\n"
    "| --- | --- | --- |\n"
    "| Esk | Harbor Ledger | river |\n"
    "|  | Metro Dispatch | swollen river; torrent |\n"
    "\n"
    "### Quotes\n"
    "\n"
    "**Ines Calder**\n"
    "\n"
    "- \xe2\x80\x9cThe bridge stays shut until it is safe\xe2\x80\x9d \xe2\x80\x94 Harbor Ledger\n"
    "- \xe2\x80\x9c""Engineers will check every pillar\xe2\x80\x9d \xe2\x80\x94 S\xc3\xb8reide Tidende\n"
    "\n"
    "**Unattributed**\n"
    "\n"
    "- \xe2\x80\x9cWe lost everything in an hour\xe2\x80\x9d \xe2\x80\x94 Metro Dispatch\n"
    "\n"
    "### Only in one source\n"
    "\n"
    "**Metro Dispatch**\n"
    "\n"
    "- Two people were rescued from a car.\n"
    "\n"
    "### Cut from the articles\n"
    "\n"
    "- S\xc3\xb8reide Tidende (photo credit): Photo: J. Berg / Tidende\n";

static void test_markdown(void **state) {
    (void)state;
    px_corpus *c = corpus3(ART_A, ART_B, ART_C);
    cmp_story cs;
    fill(&cs, 3);
    char *t = render(c, PX_REPORT_MARKDOWN, 0, &cs);
    dump("md", t);
    assert_string_equal(t, MD);
    free(t);
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

/* Article text cannot add links, images, HTML, code or table cells. */
static void test_markdown_escape(void **state) {
    (void)state;
    px_corpus *c = corpus3(EVIL_A, EVIL_B, NULL);
    cmp_story cs;
    fill(&cs, 2);
    cs.quote[0].text = "see [here](http://x.test) and ![i](http://x.test/i.png) *now* `rm` |";
    cs.frame[0].d[0].term[0] = "a | b";
    char *t = render(c, PX_REPORT_MARKDOWN, 0, &cs);
    dump("md-evil", t);
    assert_null(strstr(t, "<script"));
    assert_null(strstr(t, "<img"));
    assert_null(strstr(t, "<b>"));
    assert_null(strstr(t, "[here]("));
    assert_null(strstr(t, "[i]("));
    assert_null(strstr(t, "javascript:alert(3)>"));
    assert_non_null(strstr(t, "| 2026-03-02 | Evil\" onmouseover=\"alert(2) | &lt;script&gt;alert(1)"
                              "&lt;/script&gt; Flood closes Tarrow bridge |\n"));
    assert_non_null(strstr(t, "| 2026-03-02 | O'Brien &amp; Sons &lt;b&gt; | [Tarrow evacuates "
                              "homes \"&gt;&lt;img src=x onerror=alert(4)&gt; as Esk floods "
                              "bridge](<https://dispatch.example/a?b=1&c=\"2\">) |\n"));
    assert_non_null(strstr(t, "see \\[here\\](http://x.test) and \\!\\[i\\](http://x.test/i.png) "
                              "\\*now\\* \\`rm\\` \\|"));
    assert_non_null(strstr(t, "| Esk | Evil\" onmouseover=\"alert(2) | a \\| b |\n"));
    free(t);
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

/* ---- HTML ---- */

/* Every tag of page: no src, no script, image, frame, object or style
 * sheet link; each href an internal anchor or one of the article links
 * given. Text between tags is escaped, so only the page's own tags are
 * seen here. */
static void check_refs(const char *page, const char *const *links, size_t nlinks) {
    static const char *const banned[] = {"<script", "<img", "<iframe", "<object", "<embed",
                                         "<link", "<base", "<form", "<meta http-equiv=\"refresh"};
    assert_null(strstr(page, "@import"));
    assert_null(strstr(page, "url("));
    for (const char *p = strchr(page, '<'); p; p = strchr(p + 1, '<')) {
        const char *e = strchr(p, '>');
        assert_non_null(e);
        char tag[512];
        size_t n = (size_t)(e - p + 1) < sizeof tag - 1 ? (size_t)(e - p + 1) : sizeof tag - 1;
        memcpy(tag, p, n);
        tag[n] = '\0';
        for (size_t i = 0; i < PX_ARRAY_LEN(banned); i++)
            if (!strncmp(tag, banned[i], strlen(banned[i]))) fail_msg("banned tag: %s", tag);
        if (strstr(tag, " src=") || strstr(tag, " on")) fail_msg("banned attribute: %s", tag);
        const char *h = strstr(tag, " href=\"");
        if (!h) continue;
        h += 7;
        if (!strncmp(h, "#story-", 7)) continue;
        bool ok = false;
        for (size_t i = 0; i < nlinks && !ok; i++)
            ok = !strncmp(h, links[i], strlen(links[i])) && h[strlen(links[i])] == '"';
        if (!ok) fail_msg("unexpected reference: %s", tag);
    }
}

static void test_html(void **state) {
    (void)state;
    px_corpus *c = corpus3(ART_A, ART_B, ART_C);
    cmp_story cs;
    fill(&cs, 3);
    char *t = render(c, PX_REPORT_HTML, 0, &cs);
    dump("html", t);
    static const char HEAD[] =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    assert_memory_equal(t, HEAD, strlen(HEAD));
    assert_non_null(strstr(t, "content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    assert_non_null(strstr(t, "</html>\n"));
    const char *links[] = {"https://ledger.example/2026/03/02/tarrow-bridge",
                           "https://dispatch.example/tarrow-flood"};
    check_refs(t, links, 2);
    assert_int_equal(count(t, "<a href=\"#story-1\">"), 1);
    assert_int_equal(count(t, "<section class=\"story\" id=\"story-1\">"), 1);
    /* the timeline: one mark per article, labelled, the time span */
    assert_int_equal(count(t, "<svg class=\"timeline\""), 1);
    assert_int_equal(count(t, "<circle class=\"mark\""), 3);
    assert_non_null(strstr(t, ">S\xc3\xb8reide Tidende</text>"));
    assert_non_null(strstr(t, ">2026-03-02 08:00 UTC</text>"));
    assert_non_null(strstr(t, ">2026-03-03 07:15 UTC</text>"));
    /* a card per article; the conflict highlighted, the agreement not */
    assert_int_equal(count(t, "<article class=\"card\">"), 3);
    assert_non_null(strstr(t, "<tr class=\"conflict\"><th>homes evacuated</th>"));
    assert_non_null(strstr(t, "<tr><th>rescued</th>"));
    assert_int_equal(count(t, "<li class=\"conflict\">homes evacuated: more than 2"), 2);
    assert_non_null(strstr(t, "<li>The river Esk flooded the old Tarrow bridge overnight, county "
                              "officials said. <span class=\"support\">Harbor Ledger, Metro "
                              "Dispatch and S\xc3\xb8reide Tidende</span></li>"));
    assert_non_null(strstr(t, "<li>photo credit: Photo: J. Berg / Tidende</li>"));
    free(t);
    /* no comparison: the cards and the timeline still */
    t = render(c, PX_REPORT_HTML, 0, NULL);
    assert_int_equal(count(t, "<article class=\"card\">"), 3);
    assert_null(strstr(t, "<h3>Summary</h3>"));
    assert_null(strstr(t, "<dl>"));
    free(t);
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

static void test_html_escape(void **state) {
    (void)state;
    px_corpus *c = corpus3(EVIL_A, EVIL_B, NULL);
    cmp_story cs;
    fill(&cs, 2);
    cs.quote[0].text = "</li></ul><script>alert(5)</script>";
    cs.quote[0].speaker = "Ines \"Calder' <i>";
    cs.fig[0].subject = "homes <b>evacuated</b>";
    cs.frame[0].entity = "Esk'><svg onload=alert(6)>";
    cs.sum[0].text = "Flood & <style>body{display:none}</style>";
    cs.uniq[0].sent[0] = "<iframe src=\"https://x.test\"></iframe>";
    char *t = render(c, PX_REPORT_HTML, 0, &cs);
    dump("html-evil", t);
    const char *links[] = {"https://dispatch.example/a?b=1&amp;c=&quot;2&quot;"};
    check_refs(t, links, 1);
    assert_null(strstr(t, "href=\"javascript"));
    assert_int_equal(count(t, "javascript:"), 1);
    assert_null(strstr(t, "<i>"));
    assert_null(strstr(t, "<b>"));
    assert_null(strstr(t, "<iframe"));
    assert_int_equal(count(t, "<style>"), 1); /* the page's own */
    assert_int_equal(count(t, "<svg"), 1);    /* the timeline */
    assert_null(strstr(t, "onmouseover=\""));
    assert_null(strstr(t, "'>"));
    assert_non_null(strstr(t, "&lt;script&gt;alert(1)&lt;/script&gt; Flood closes Tarrow bridge"));
    assert_non_null(strstr(t, "Evil&quot; onmouseover=&quot;alert(2)"));
    assert_non_null(strstr(t, "O&#39;Brien &amp; Sons &lt;b&gt;"));
    assert_non_null(strstr(t, "&quot;&gt;&lt;img src=x onerror=alert(4)&gt;"));
    /* the javascript: URL is shown as text, the title not linked */
    assert_non_null(strstr(t, "<h4>&lt;script&gt;alert(1)&lt;/script&gt; Flood closes Tarrow "
                              "bridge</h4>\n<p class=\"dup\">URL: javascript:alert(3)</p>"));
    assert_non_null(strstr(t, "&lt;/li&gt;&lt;/ul&gt;&lt;script&gt;alert(5)&lt;/script&gt;"));
    assert_non_null(strstr(t, "Ines &quot;Calder&#39; &lt;i&gt;"));
    assert_non_null(strstr(t, "homes &lt;b&gt;evacuated&lt;/b&gt;"));
    assert_non_null(strstr(t, "Esk&#39;&gt;&lt;svg onload=alert(6)&gt;"));
    assert_non_null(strstr(t, "Flood &amp; &lt;style&gt;body{display:none}&lt;/style&gt;"));
    free(t);
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

/* The timeline of one article and of articles without a time. */
static void test_html_timeline(void **state) {
    (void)state;
    static const char ONE[] = "Title: Tarrow bridge\nSource: Harbor Ledger\n\nThe river "
                              "flooded the bridge.\n";
    static const char NOTIME[] = "Title: Tarrow bridge again\nSource: Metro Dispatch\n\nThe "
                                 "river flooded the bridge.\n";
    px_options o;
    px_options_init(&o);
    px_corpus *c = px_corpus_new(&o, NULL);
    assert_int_equal(px_corpus_add_bytes(c, "one.txt", ONE, strlen(ONE), PX_FORMAT_TEXT), PX_OK);
    assert_int_equal(px_corpus_run(c), PX_OK);
    assert_int_equal(px_corpus_story_count(c), 1);
    char *t = render(c, PX_REPORT_HTML, 0, NULL);
    /* unknown time: an open mark in the unknown zone, no time axis */
    assert_int_equal(count(t, "<circle class=\"unk\" cx=\"480.0\""), 1);
    assert_non_null(strstr(t, ">time unknown</text>"));
    assert_null(strstr(t, " UTC</text>"));
    assert_non_null(strstr(t, "<span class=\"when\">time unknown</span>"));
    free(t);
    px_corpus_free(c);

    static const char DATED[] = "Title: Tarrow bridge\nSource: Harbor Ledger\nPublished: "
                                "2026-03-02T08:00:00Z\n\nThe river flooded the bridge.\n";
    c = px_corpus_new(&o, NULL);
    assert_int_equal(px_corpus_add_bytes(c, "d.txt", DATED, strlen(DATED), PX_FORMAT_TEXT), PX_OK);
    assert_int_equal(px_corpus_run(c), PX_OK);
    t = render(c, PX_REPORT_HTML, 0, NULL);
    /* a single known time: the mark in the middle, one tick */
    assert_int_equal(count(t, "<circle class=\"mark\" cx=\"480.0\""), 1);
    assert_int_equal(count(t, " UTC</text>"), 1);
    assert_null(strstr(t, "time unknown"));
    free(t);
    px_corpus_free(c);
    (void)NOTIME;
}

/* ---- JSON ---- */

static void test_json(void **state) {
    (void)state;
    px_corpus *c = corpus3(ART_A, ART_B, ART_C);
    cmp_story cs;
    fill(&cs, 3);
    cs.quote[1].text = "He said \"no\" \\ then\nleft\x01";
    cs.fig[0].v[0].num = 3.25;
    char *t = render(c, PX_REPORT_JSON, 0, &cs);
    dump("json", t);
    json_error_t err;
    json_t *root = json_loads(t, 0, &err);
    if (!root) fail_msg("JSON: %s at line %d", err.text, err.line);
    json_t *st = json_array_get(json_object_get(root, "stories"), 0);
    assert_non_null(st);
    json_t *e = json_array_get(json_object_get(st, "entities"), 0);
    assert_string_equal(json_string_value(json_object_get(e, "name")), "Ines Calder");
    assert_string_equal(json_string_value(json_object_get(e, "type")), "person");
    assert_string_equal(json_string_value(json_array_get(json_object_get(e, "aliases"), 0)),
                        "Ines Caldera");
    assert_int_equal(json_array_size(json_object_get(e, "articles")), 3);
    assert_string_equal(json_string_value(json_array_get(json_object_get(e, "articles"), 2)), "c");
    json_t *q = json_array_get(json_object_get(st, "quotes"), 1);
    assert_string_equal(json_string_value(json_object_get(q, "text")),
                        "He said \"no\" \\ then\nleft\x01");
    assert_string_equal(json_string_value(json_object_get(q, "speaker")), "");
    assert_string_equal(json_string_value(json_object_get(q, "article")), "b");
    json_t *f = json_array_get(json_object_get(st, "figures"), 0);
    assert_true(json_is_true(json_object_get(f, "conflict")));
    json_t *v0 = json_array_get(json_object_get(f, "values"), 0);
    assert_true(json_is_real(json_object_get(v0, "value")));
    assert_true(json_real_value(json_object_get(v0, "value")) == 3.25);
    assert_string_equal(json_string_value(json_object_get(v0, "shown")), "200");
    assert_string_equal(json_string_value(json_object_get(v0, "qualifier")), "more than");
    assert_string_equal(json_string_value(json_object_get(v0, "article")), "a");
    json_t *v1 = json_array_get(json_object_get(f, "values"), 1);
    assert_true(json_is_integer(json_object_get(v1, "value")));
    assert_int_equal(json_integer_value(json_object_get(v1, "value")), 220);
    json_t *f1 = json_array_get(json_object_get(st, "figures"), 1);
    assert_true(json_is_false(json_object_get(f1, "conflict")));
    json_t *fr = json_array_get(json_object_get(st, "framing"), 0);
    assert_string_equal(json_string_value(json_object_get(fr, "entity")), "Esk");
    json_t *d1 = json_array_get(json_object_get(fr, "descriptors"), 1);
    assert_string_equal(json_string_value(json_object_get(d1, "article")), "b");
    assert_string_equal(json_string_value(json_array_get(json_object_get(d1, "terms"), 1)),
                        "torrent");
    json_t *s1 = json_array_get(json_object_get(st, "summary"), 1);
    assert_string_equal(json_string_value(json_object_get(s1, "from")), "a");
    assert_int_equal(json_array_size(json_object_get(s1, "articles")), 1);
    json_t *u = json_array_get(json_object_get(st, "unique"), 0);
    assert_string_equal(json_string_value(json_object_get(u, "article")), "b");
    assert_string_equal(json_string_value(json_array_get(json_object_get(u, "sentences"), 0)),
                        "Two people were rescued from a car.");
    json_t *r = json_array_get(json_object_get(st, "removed"), 0);
    assert_string_equal(json_string_value(json_object_get(r, "reason")), "photo credit");
    assert_string_equal(json_string_value(json_object_get(r, "article")), "c");
    json_decref(root);
    free(t);
    /* empty arrays of a comparison that found nothing */
    cmp_story none;
    memset(&none, 0, sizeof none);
    none.ndocs = 3;
    t = render(c, PX_REPORT_JSON, 0, &none);
    assert_non_null(strstr(t, "\n      ],\n      \"entities\": [],\n      \"quotes\": [],\n"
                              "      \"figures\": [],\n      \"framing\": [],\n      "
                              "\"summary\": [],\n      \"unique\": [],\n      \"removed\": []}"));
    free(t);
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

/* ---- errors ---- */

static void test_errors(void **state) {
    (void)state;
    px_corpus *c = corpus3(ART_A, ART_B, ART_C);
    cmp_story cs;
    fill(&cs, 3);
    const cmp_story *cmp[1] = {&cs};
    sink s = {NULL, 0, -1, 0};
    assert_int_equal(px_corpus_write_report(NULL, PX_REPORT_TEXT, 0, sink_write, &s), PX_EINVAL);
    assert_int_equal(px_corpus_write_report(c, PX_REPORT_TEXT, 0, NULL, &s), PX_EINVAL);
    assert_int_equal(px_corpus_write_report(c, (px_report_format)4, 0, sink_write, &s), PX_EINVAL);
    assert_int_equal(px_corpus_write_report(c, PX_REPORT_TEXT, 2u, sink_write, &s), PX_EINVAL);
    assert_int_equal(px_corpus_write_stories(c, (px_report_format)-1, sink_write, &s), PX_EINVAL);
    assert_int_equal(s.calls, 0);
    for (int f = 0; f < 4; f++) {
        /* the first write fails: PX_EIO and no further call */
        sink bad = {NULL, 0, 0, 0};
        assert_int_equal(rp_write_stories(c, (px_report_format)f, 0, cmp, sink_write, &bad),
                         PX_EIO);
        assert_int_equal(bad.calls, 1);
        assert_int_equal(bad.len, 0);
        free(bad.p);
        assert_int_equal(px_corpus_write_report(c, (px_report_format)f, 0, sink_write, &bad),
                         PX_EIO);
    }
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

/* A report larger than the sink's buffer: written in pieces, and a write
 * failing after the first piece still gives PX_EIO. */
static void test_errors_late(void **state) {
    (void)state;
    px_corpus *c = corpus3(ART_A, ART_B, ART_C);
    cmp_story cs;
    fill(&cs, 3);
    static char big[100000];
    memset(big, 'x', sizeof big - 1);
    cs.sum[0].text = big;
    const cmp_story *cmp[1] = {&cs};
    for (int f = 0; f < 4; f++) {
        sink ok = {NULL, 0, -1, 0};
        assert_int_equal(rp_write_stories(c, (px_report_format)f, 0, cmp, sink_write, &ok), PX_OK);
        assert_true(ok.calls >= 2);
        free(ok.p);
        sink bad = {NULL, 0, 1, 0};
        assert_int_equal(rp_write_stories(c, (px_report_format)f, 0, cmp, sink_write, &bad),
                         PX_EIO);
        assert_int_equal(bad.calls, 2);
        free(bad.p);
    }
    cmp_arena_free(&cs.arena);
    px_corpus_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_color),
        cmocka_unit_test(test_text_controls),
        cmocka_unit_test(test_no_comparison),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_markdown_escape),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_html_timeline),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_errors_late),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
