/*
 * test_text.c - unit tests of src/text: language identification,
 * stopwords, abbreviations, stemming, token flags and sentence indexes,
 * edge inputs (empty, 1 MB lines, NUL and invalid bytes, random bytes),
 * context reuse, and the out-of-memory paths under a failing allocator.
 * The examples of exact tokens and sentences live in tests/spec/ and run
 * in test_spec.c.
 */
#include "testutil.h"

#include "text/text.h"

#include <dirent.h>
#include <utf8proc.h>

/* ---- helpers ---- */

static tx_ctx *ctx(void) {
    tx_ctx *x = tx_ctx_new(NULL);
    assert_non_null(x);
    return x;
}

static const char *langid(const char *s) {
    static char out[8];
    tx_langid(s, strlen(s), out);
    return out;
}

/* The token whose norm is w, or NULL. */
static const tx_token *find(const tx_result *r, const char *w) {
    for (size_t i = 0; i < r->ntok; i++)
        if (r->tok[i].norm_len == strlen(w) && !memcmp(r->tok[i].norm, w, strlen(w)))
            return &r->tok[i];
    return NULL;
}

static bool valid_utf8(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) return false;
        i += (size_t)k;
    }
    return true;
}

/* Structural properties every result must have, whatever the input. */
static void check_result(const char *s, size_t n, const tx_result *r) {
    size_t prev_end = 0;
    for (size_t i = 0; i < r->nsent; i++) {
        const tx_span *sp = &r->sent[i];
        assert_true(sp->off >= prev_end);
        assert_true(sp->len > 0);
        assert_true((size_t)sp->off + sp->len <= n);
        prev_end = sp->off + sp->len;
    }
    size_t prev = 0;
    for (size_t i = 0; i < r->ntok; i++) {
        const tx_token *t = &r->tok[i];
        assert_true(t->off >= prev);
        assert_true(t->len > 0 && (size_t)t->off + t->len <= n);
        prev = t->off + t->len;
        assert_true(t->norm_len > 0 && t->stem_len > 0);
        assert_true(valid_utf8(t->norm, t->norm_len));
        assert_true(t->sent < r->nsent);
        const tx_span *sp = &r->sent[t->sent];
        assert_true(t->off >= sp->off && t->off + t->len <= sp->off + sp->len);
        assert_true(!(t->flags & TX_WORD) != !(t->flags & TX_NUM));
        bool first = i == 0 || r->tok[i - 1].sent != t->sent;
        assert_int_equal(!!(t->flags & TX_SENT_START), first);
        if (i) assert_true(t->sent == r->tok[i - 1].sent || t->sent == r->tok[i - 1].sent + 1);
    }
    (void)s;
}

/* ---- language identification ---- */

static void test_langid_sentences(void **state) {
    (void)state;
    static const struct {
        const char *lang, *text;
    } cases[] = {
        {"en", "The minister said on Thursday that the talks would continue next week in Geneva."},
        {"en", "Hundreds of people gathered in the square to protest against the new law, which was passed by parliament."},
        {"en", "It is not clear whether the company will be able to pay its debts before the end of the year."},
        {"de", "Die Regierung hat am Donnerstag angekündigt, dass die Gespräche in der nächsten Woche fortgesetzt werden."},
        {"de", "Nach Angaben der Polizei wurden bei dem Unfall auf der Autobahn drei Menschen verletzt."},
        {"de", "Der Minister sagte, er sei mit dem Ergebnis der Verhandlungen nicht zufrieden."},
        {"fr", "Le gouvernement a annoncé jeudi que les négociations reprendront la semaine prochaine à Genève."},
        {"fr", "Des centaines de personnes se sont rassemblées sur la place pour protester contre la nouvelle loi."},
        {"fr", "Il n'est pas certain que l'entreprise puisse rembourser ses dettes avant la fin de l'année."},
        {"es", "El gobierno anunció el jueves que las negociaciones se reanudarán la próxima semana en Ginebra."},
        {"es", "Cientos de personas se reunieron en la plaza para protestar contra la nueva ley aprobada por el parlamento."},
        {"es", "No está claro si la empresa podrá pagar sus deudas antes del final del año."},
        {"it", "Il governo ha annunciato giovedì che i negoziati riprenderanno la prossima settimana a Ginevra."},
        {"it", "Centinaia di persone si sono radunate nella piazza per protestare contro la nuova legge approvata dal parlamento."},
        {"it", "Non è chiaro se l'azienda sarà in grado di pagare i suoi debiti prima della fine dell'anno."},
        {"pt", "O governo anunciou na quinta-feira que as negociações serão retomadas na próxima semana em Genebra."},
        {"pt", "Centenas de pessoas se reuniram na praça para protestar contra a nova lei aprovada pelo parlamento."},
        {"pt", "Não está claro se a empresa poderá pagar as suas dívidas antes do fim do ano."},
        {"nl", "De regering heeft donderdag aangekondigd dat de onderhandelingen volgende week in Genève worden hervat."},
        {"nl", "Honderden mensen verzamelden zich op het plein om te protesteren tegen de nieuwe wet."},
        {"nl", "Het is niet duidelijk of het bedrijf zijn schulden voor het einde van het jaar kan betalen."},
        {"ru", "Правительство объявило в четверг, что переговоры возобновятся на следующей неделе в Женеве."},
        {"ru", "Сотни людей собрались на площади, чтобы протестовать против нового закона."},
        {"ru", "Пока неясно, сможет ли компания выплатить свои долги до конца года."},
        {"ar", "أعلنت الحكومة يوم الخميس أن المفاوضات ستستأنف الأسبوع المقبل في جنيف."},
        {"ar", "تجمع مئات الأشخاص في الساحة للاحتجاج على القانون الجديد الذي أقره البرلمان."},
        {"ar", "ليس من الواضح ما إذا كانت الشركة ستتمكن من سداد ديونها قبل نهاية العام."},
        {"uk", "Уряд оголосив у четвер, що переговори відновляться наступного тижня в Женеві."},
        {"fa", "دولت روز پنجشنبه اعلام کرد که مذاکرات هفته آینده در ژنو از سر گرفته می‌شود."},
        {"el", "Η κυβέρνηση ανακοίνωσε την Πέμπτη ότι οι διαπραγματεύσεις θα συνεχιστούν."},
        {"he", "הממשלה הודיעה ביום חמישי כי המשא ומתן יימשך בשבוע הבא."},
        {"zh", "政府周四宣布，谈判将于下周在日内瓦恢复。"},
        {"ja", "政府は木曜日、交渉が来週ジュネーブで再開されると発表した。"},
        {"ko", "정부는 목요일 협상이 다음 주 제네바에서 재개될 것이라고 발표했다."},
    };
    int bad = 0;
    for (size_t i = 0; i < PX_ARRAY_LEN(cases); i++) {
        const char *got = langid(cases[i].text);
        if (strcmp(got, cases[i].lang)) {
            fprintf(stderr, "# langid \"%s\" != \"%s\": %s\n", got, cases[i].lang, cases[i].text);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_langid_unclear(void **state) {
    (void)state;
    /* too short, no letters, or a Latin-script language without cues */
    assert_string_equal(langid(""), "");
    assert_string_equal(langid("Hello"), "");
    assert_string_equal(langid("12345 67890 !!! ??? 3.14"), "");
    assert_string_equal(langid("Rząd ogłosił w czwartek, że negocjacje zostaną wznowione w przyszłym tygodniu w Genewie."), "");
    assert_string_equal(langid("Regeringen meddelade på torsdagen att förhandlingarna återupptas nästa vecka i Genève."), "");
    assert_string_equal(langid("Hükümet perşembe günü müzakerelerin gelecek hafta Cenevre'de yeniden başlayacağını açıkladı."), "");
    char out[8] = "xx";
    tx_langid(NULL, 10, out);
    assert_string_equal(out, "");
    /* invalid bytes and NULs are safe */
    static const char junk[] = "\xff\xfe\x00\xc3\x28 the and of \xed\xa0\x80 that is";
    tx_langid(junk, sizeof junk - 1, out);
    assert_true(strlen(out) < 8);
}

static void test_langid_seeds(void **state) {
    (void)state;
    const char *sh = tu_shared();
    if (!sh) skip();
    char dir[512];
    snprintf(dir, sizeof dir, "%s/seeds", sh);
    DIR *d = opendir(dir);
    if (!d) skip();
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt")) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len = 0;
        char *text = tu_read_file(path, &len);
        assert_non_null(text);
        char out[8];
        tx_langid(text, len, out);
        if (strcmp(out, "en")) fprintf(stderr, "# %s: langid \"%s\"\n", path, out);
        assert_string_equal(out, "en");
        free(text);
        n++;
    }
    closedir(d);
    if (n == 0) skip();
}

/* Calls f on the text of each line of a JSON Lines file (crude: the
 * value of "text" with \n, \" and \\ unescaped, which is all the tests
 * need). Returns the number of texts. */
static size_t each_text(const char *path, void (*f)(const char *, size_t, void *), void *arg) {
    size_t len = 0;
    char *all = tu_read_file(path, &len);
    if (!all) return 0;
    size_t count = 0;
    char *buf = malloc(len + 1);
    for (char *p = all; (p = strstr(p, "\"text\": \"")) != NULL;) {
        p += 9;
        size_t k = 0;
        while (*p && *p != '"') {
            if (*p == '\\' && p[1]) {
                p++;
                buf[k++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
                if (*p == 'u') k--; /* \uXXXX: dropped, rare */
                if (*p == 'u') p += 4;
                p++;
                continue;
            }
            buf[k++] = *p++;
        }
        f(buf, k, arg);
        count++;
    }
    free(buf);
    free(all);
    return count;
}

static void count_en(const char *s, size_t n, void *arg) {
    char out[8];
    tx_langid(s, n, out);
    if (!strcmp(out, "en")) ++*(size_t *)arg;
}

static void test_langid_news(void **state) {
    (void)state;
    const char *sh = tu_shared();
    if (!sh) skip();
    char path[512];
    snprintf(path, sizeof path, "%s/data/news-clusters-giveme5w1h/stories.jsonl", sh);
    size_t en = 0, n = each_text(path, count_en, &en);
    if (n == 0) skip();
    /* all are English; a few are captions or fragments too short to tell */
    assert_true(en * 100 >= n * 98);
}

/* ---- stopwords and abbreviations ---- */

static void test_stopwords(void **state) {
    (void)state;
    assert_true(tx_is_stopword("en", "the", 3));
    assert_true(tx_is_stopword("en", "don't", 5));
    assert_false(tx_is_stopword("en", "hostages", 8));
    assert_false(tx_is_stopword("en", "th", 2));
    assert_false(tx_is_stopword("en", "", 0));
    assert_true(tx_is_stopword("EN-us", "the", 3));
    assert_true(tx_is_stopword("en_GB", "and", 3));
    assert_true(tx_is_stopword("de", "dass", 4));
    assert_true(tx_is_stopword("de", "über", strlen("über")));
    assert_true(tx_is_stopword("fr", "l'", 2));
    assert_true(tx_is_stopword("es", "también", strlen("también")));
    assert_true(tx_is_stopword("it", "della", 5));
    assert_true(tx_is_stopword("pt", "não", strlen("não")));
    assert_true(tx_is_stopword("ru", "что", strlen("что")));
    assert_true(tx_is_stopword("ar", "في", strlen("في")));
    assert_false(tx_is_stopword("ru", "the", 3));
    assert_false(tx_is_stopword("xx", "the", 3));
    assert_false(tx_is_stopword("", "the", 3));
    assert_false(tx_is_stopword(NULL, "the", 3));
    assert_false(tx_is_stopword("en", NULL, 3));
    assert_false(tx_is_stopword("english", "the", 3));
}

/* Every word of every list in data/stopwords is found in the generated
 * table (so the table is fresh and the hash index right) and is in
 * normalized form (so a token can match it). */
static void test_stopword_lists(void **state) {
    (void)state;
    static const char *const langs[] = {"ar", "de", "en", "es", "fr", "it", "nl", "pt", "ru"};
    tx_ctx *x = ctx();
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf b;
    px_buf_init(&b, &al);
    for (size_t l = 0; l < PX_ARRAY_LEN(langs); l++) {
        char path[64];
        snprintf(path, sizeof path, "data/stopwords/%s.txt", langs[l]);
        size_t len = 0;
        char *text = tu_read_file(path, &len);
        assert_non_null(text);
        int words = 0;
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            if (line[0] == '#' || !line[0]) continue;
            size_t n = strlen(line);
            if (!tx_is_stopword(langs[l], line, n)) fprintf(stderr, "# %s: %s missing\n", path, line);
            assert_true(tx_is_stopword(langs[l], line, n));
            px_buf_clear(&b);
            assert_int_equal(tx_normalize(x, line, n, &b), PX_OK);
            if (b.len != n || memcmp(b.p, line, n))
                fprintf(stderr, "# %s: %s is not normalized (%s)\n", path, line, b.p);
            assert_memory_equal(b.p, line, n);
            assert_int_equal(b.len, n);
            words++;
        }
        assert_true(words >= 90);
        free(text);
    }
    px_buf_free(&b);
    tx_ctx_free(x);
}

static void test_abbreviations(void **state) {
    (void)state;
    tx_langinfo en, de, ru, xx;
    tx_lang_lookup("en", &en);
    tx_lang_lookup("de", &de);
    tx_lang_lookup("ru", &ru);
    tx_lang_lookup("zh", &xx);
    assert_int_equal(tx_abbr_class(en.abbr, "oct", 3, true), TX_AB_END);
    assert_int_equal(tx_abbr_class(en.abbr, "mr", 2, true), TX_AB_INNER);
    /* capitalized entries need a capitalized word: "gen." is not "Gen." */
    assert_int_equal(tx_abbr_class(en.abbr, "gen", 3, false), TX_AB_NONE);
    assert_int_equal(tx_abbr_class(en.abbr, "e.g", 3, false), TX_AB_INNER);
    assert_int_equal(tx_abbr_class(en.abbr, "no", 2, true), TX_AB_NUM);
    assert_int_equal(tx_abbr_class(en.abbr, "moscow", 6, true), TX_AB_NONE);
    assert_int_equal(tx_abbr_class(de.abbr, "z.b", 3, false), TX_AB_INNER);
    assert_int_equal(tx_abbr_class(ru.abbr, "т.е", strlen("т.е"), false), TX_AB_INNER);
    /* a language without a list uses the English one */
    assert_int_equal(xx.abbr, en.abbr);
    assert_int_equal(xx.stop, -1);
    assert_int_equal(tx_abbr_class(-1, "mr", 2, true), TX_AB_NONE);
}

/* ---- stemming ---- */

static void test_stemming(void **state) {
    (void)state;
    tx_ctx *x = ctx();
    tx_result r;
    static const char en[] = "The hostages were running towards 1990s buildings; Hamas' hostages.";
    assert_int_equal(tx_analyze(x, en, strlen(en), "en", &r), PX_OK);
    const tx_token *t = find(&r, "hostages");
    assert_non_null(t);
    assert_int_equal(t->stem_len, 6);
    assert_memory_equal(t->stem, "hostag", 6);
    t = find(&r, "running");
    assert_non_null(t);
    assert_memory_equal(t->stem, "run", 3);
    assert_int_equal(t->stem_len, 3);
    t = find(&r, "1990s"); /* numbers are not stemmed */
    assert_non_null(t);
    assert_true(t->flags & TX_NUM);
    assert_int_equal(t->stem_len, 5);
    assert_ptr_equal(t->stem, t->norm);
    t = find(&r, "hamas'");
    assert_non_null(t);
    assert_int_equal(t->stem_len, 4);
    assert_memory_equal(t->stem, "hama", 4);

    static const char ru[] = "Заложники были освобождены";
    assert_int_equal(tx_analyze(x, ru, strlen(ru), "ru", &r), PX_OK);
    t = find(&r, "заложники");
    assert_non_null(t);
    assert_int_equal(t->stem_len, strlen("заложник"));
    assert_memory_equal(t->stem, "заложник", t->stem_len);

    static const char de[] = "Die Verhandlungen wurden fortgesetzt";
    assert_int_equal(tx_analyze(x, de, strlen(de), "de", &r), PX_OK);
    t = find(&r, "verhandlungen");
    assert_non_null(t);
    assert_int_equal(t->stem_len, strlen("verhandl"));
    assert_memory_equal(t->stem, "verhandl", t->stem_len);

    /* no language, or stemming off: the stem is the norm */
    assert_int_equal(tx_analyze(x, en, strlen(en), "", &r), PX_OK);
    t = find(&r, "hostages");
    assert_ptr_equal(t->stem, t->norm);
    assert_int_equal(tx_analyze_opts(x, en, strlen(en), "en", TX_OPT_NOSTEM, &r), PX_OK);
    t = find(&r, "hostages");
    assert_ptr_equal(t->stem, t->norm);
    assert_int_equal(t->stem_len, 8);

    /* a word too long for the stem cache, and the cached path, agree
     * with a fresh ctx */
    static const char lng[] = "deinstitutionalizations deinstitutionalizations nations nations";
    for (int k = 0; k < 2; k++) {
        assert_int_equal(tx_analyze(x, lng, strlen(lng), "en", &r), PX_OK);
        assert_int_equal(r.ntok, 4);
        assert_int_equal(r.tok[0].stem_len, r.tok[1].stem_len);
        assert_memory_equal(r.tok[0].stem, r.tok[1].stem, r.tok[0].stem_len);
        assert_true(r.tok[0].stem_len < r.tok[0].norm_len);
        assert_memory_equal(r.tok[2].stem, "nation", 6);
        assert_memory_equal(r.tok[3].stem, "nation", 6);
    }
    tx_ctx_free(x);
}

/* ---- tokens and sentences ---- */

static void test_flags_and_sentences(void **state) {
    (void)state;
    tx_ctx *x = ctx();
    tx_result r;
    static const char s[] =
        "Hamas' delegation met NATO officials in Moscow on Oct. 7. \"We will go,\" "
        "he said.\nRussia's U.S. envoy, Mr. Smith, left 1,400 people.";
    assert_int_equal(tx_analyze(x, s, strlen(s), "en", &r), PX_OK);
    check_result(s, strlen(s), &r);
    assert_int_equal(r.nsent, 3);
    /* sentence spans */
    assert_int_equal(r.sent[0].off, 0);
    assert_int_equal(r.sent[0].len, strlen("Hamas' delegation met NATO officials in Moscow on Oct. 7."));
    assert_memory_equal(s + r.sent[1].off, "\"We will go,\" he said.", r.sent[1].len);
    assert_memory_equal(s + r.sent[2].off, "Russia's", 8);

    const tx_token *t = find(&r, "hamas'");
    assert_non_null(t);
    assert_int_equal(t->flags, TX_WORD | TX_CAP | TX_SENT_START);
    assert_int_equal(t->sent, 0);
    t = find(&r, "nato");
    assert_int_equal(t->flags, TX_WORD | TX_CAP | TX_ALLCAPS);
    t = find(&r, "oct.");
    assert_int_equal(t->flags, TX_WORD | TX_CAP);
    t = find(&r, "7");
    assert_int_equal(t->flags, TX_NUM);
    assert_int_equal(t->sent, 0);
    t = find(&r, "we");
    assert_int_equal(t->flags, TX_WORD | TX_CAP | TX_SENT_START | TX_STOP | TX_QUOTED);
    assert_int_equal(t->sent, 1);
    t = find(&r, "go");
    assert_int_equal(t->flags, TX_WORD | TX_QUOTED);
    t = find(&r, "he");
    assert_int_equal(t->flags, TX_WORD | TX_STOP);
    t = find(&r, "russia's");
    assert_int_equal(t->flags, TX_WORD | TX_CAP | TX_SENT_START);
    assert_int_equal(t->sent, 2);
    t = find(&r, "u.s.");
    assert_int_equal(t->flags, TX_WORD | TX_CAP | TX_ALLCAPS);
    t = find(&r, "1,400");
    assert_int_equal(t->flags, TX_NUM);
    assert_int_equal(t->sent, 2);
    /* spans point at the source */
    assert_memory_equal(s + t->off, "1,400", t->len);

    /* tx_sentences gives the same spans and no tokens */
    tx_span spans[3];
    memcpy(spans, r.sent, sizeof spans);
    assert_int_equal(tx_sentences(x, s, strlen(s), "en", &r), PX_OK);
    assert_int_equal(r.nsent, 3);
    assert_null(r.tok);
    assert_int_equal(r.ntok, 0);
    assert_memory_equal(r.sent, spans, sizeof spans);
    tx_ctx_free(x);
}

static void test_one_token_for_both_apostrophes(void **state) {
    (void)state;
    tx_ctx *x = ctx();
    tx_result r;
    static const char s[] = "Hamas' visit and Hamas\xE2\x80\x99 visit and HAMAS\xCA\xBC visit";
    assert_int_equal(tx_analyze(x, s, strlen(s), "en", &r), PX_OK);
    assert_int_equal(r.ntok, 8);
    for (int i = 0; i < 3; i++) {
        const tx_token *t = &r.tok[i * 3];
        assert_int_equal(t->norm_len, 6);
        assert_memory_equal(t->norm, "hamas'", 6);
        assert_int_equal(t->stem_len, r.tok[0].stem_len);
        assert_memory_equal(t->stem, r.tok[0].stem, t->stem_len);
    }
    tx_ctx_free(x);
}

static void test_empty_and_arguments(void **state) {
    (void)state;
    tx_ctx *x = ctx();
    tx_result r;
    assert_int_equal(tx_analyze(x, "", 0, "en", &r), PX_OK);
    assert_int_equal(r.ntok, 0);
    assert_int_equal(r.nsent, 0);
    assert_int_equal(tx_analyze(x, NULL, 0, "en", &r), PX_OK);
    assert_int_equal(r.ntok, 0);
    assert_int_equal(tx_analyze(x, "   \n\n\t ", 7, "en", &r), PX_OK);
    assert_int_equal(r.ntok + r.nsent, 0);
    assert_int_equal(tx_analyze(x, NULL, 5, "en", &r), PX_EINVAL);
    assert_int_equal(tx_analyze(NULL, "abc", 3, "en", &r), PX_EINVAL);
    assert_int_equal(tx_analyze(x, "abc", 3, "en", NULL), PX_EINVAL);
    assert_int_equal(tx_sentences(x, NULL, 5, "en", &r), PX_EINVAL);
    assert_int_equal(tx_analyze(x, "abc", 3, NULL, &r), PX_OK);
    assert_int_equal(r.ntok, 1);
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf b;
    px_buf_init(&b, &al);
    assert_int_equal(tx_normalize(x, NULL, 3, &b), PX_EINVAL);
    assert_int_equal(tx_normalize(x, "abc", 3, NULL), PX_EINVAL);
    assert_int_equal(tx_normalize(NULL, "abc", 3, &b), PX_EINVAL);
    /* normalize appends */
    assert_int_equal(px_buf_adds(&b, "x:"), PX_OK);
    assert_int_equal(tx_normalize(x, " A  B ", 6, &b), PX_OK);
    assert_string_equal(b.p, "x:a b");
    px_buf_free(&b);
    tx_ctx_free(x);
    tx_ctx_free(NULL);
}

static void test_megabyte_line(void **state) {
    (void)state;
    tx_ctx *x = ctx();
    tx_result r;
    size_t n = 1 << 20;
    char *s = malloc(n);
    /* a 1 MB line of words without a terminator: one sentence */
    static const char w[] = "moscow said talks ";
    for (size_t i = 0; i < n; i++) s[i] = w[i % (sizeof w - 1)];
    assert_int_equal(tx_analyze(x, s, n, "en", &r), PX_OK);
    check_result(s, n, &r);
    assert_int_equal(r.nsent, 1);
    assert_int_equal(r.ntok, n / (sizeof w - 1) * 3 + 1);
    /* one 1 MB word, ASCII */
    memset(s, 'a', n);
    assert_int_equal(tx_analyze(x, s, n, "en", &r), PX_OK);
    assert_int_equal(r.ntok, 1);
    assert_int_equal(r.tok[0].norm_len, n);
    assert_int_equal(r.tok[0].stem_len, n);
    assert_ptr_equal(r.tok[0].stem, r.tok[0].norm); /* too long to stem */
    /* one 1 MB word of two-byte letters: the slow path */
    for (size_t i = 0; i + 1 < n; i += 2) {
        s[i] = '\xC3';
        s[i + 1] = '\x89'; /* É */
    }
    assert_int_equal(tx_analyze(x, s, n, "fr", &r), PX_OK);
    assert_int_equal(r.ntok, 1);
    assert_int_equal(r.tok[0].norm_len, n);
    assert_memory_equal(r.tok[0].norm, "\xC3\xA9\xC3\xA9", 4);
    assert_true(r.tok[0].flags & TX_ALLCAPS);
    /* 1 MB of sentences */
    static const char sent[] = "He left. ";
    for (size_t i = 0; i < n; i++) s[i] = sent[i % (sizeof sent - 1)];
    assert_int_equal(tx_analyze(x, s, n, "en", &r), PX_OK);
    check_result(s, n, &r);
    assert_int_equal(r.nsent, (n + sizeof sent - 2) / (sizeof sent - 1));
    free(s);
    tx_ctx_free(x);
}

static void test_nul_and_invalid_bytes(void **state) {
    (void)state;
    tx_ctx *x = ctx();
    tx_result r;
    static const char s[] = "Moscow\0talks \xff\xfe end\xc3 of \xed\xa0\x80war. Next\0.";
    size_t n = sizeof s - 1;
    assert_int_equal(tx_analyze(x, s, n, "en", &r), PX_OK);
    check_result(s, n, &r);
    static const char *const want[] = {"moscow", "talks", "end", "of", "war", "next"};
    assert_int_equal(r.ntok, PX_ARRAY_LEN(want));
    for (size_t i = 0; i < r.ntok; i++) {
        assert_int_equal(r.tok[i].norm_len, strlen(want[i]));
        assert_memory_equal(r.tok[i].norm, want[i], r.tok[i].norm_len);
    }
    assert_int_equal(r.nsent, 2);
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf b;
    px_buf_init(&b, &al);
    assert_int_equal(tx_normalize(x, s, n, &b), PX_OK);
    assert_true(valid_utf8(b.p, b.len));
    assert_string_equal(b.p, "moscow talks \xEF\xBF\xBD\xEF\xBF\xBD end\xEF\xBF\xBD of "
                             "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDwar. next .");
    px_buf_free(&b);
    tx_ctx_free(x);
}

/* xorshift, seeded: the same bytes on every run */
static uint64_t rnd(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void test_random_bytes(void **state) {
    (void)state;
    /* bytes drawn from an alphabet rich in the characters the scanner
     * treats specially */
    static const char *const alpha[] = {
        "a", "B", "7", " ", "\n", ".", "!", "?", ",", "-", "'", "\"", "&", "(", ")",
        "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x94", "\xC3\xA9", "\xD0\x96",
        "\xE4\xB8\xAD", "\xE3\x80\x82", "\xCC\x81", "\xC2\xAD", "\xE2\x80\x8D", "\xFF", "\x00",
        "\xC3", "\xEF\xB7\xBA", "U.S.", "Mr.", "e.g.", "...", "\xE2\x80\xA6", "\r\n",
    };
    tx_ctx *x = ctx();
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf b;
    px_buf_init(&b, &al);
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    char buf[600];
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = 0, want = rnd(&seed) % 400;
        while (n < want) {
            const char *a = alpha[rnd(&seed) % PX_ARRAY_LEN(alpha)];
            size_t al_ = a[0] ? strlen(a) : 1;
            memcpy(buf + n, a, al_);
            n += al_;
        }
        tx_result r;
        const char *lang = iter % 3 == 0 ? "en" : iter % 3 == 1 ? "fr" : "";
        assert_int_equal(tx_analyze(x, buf, n, lang, &r), PX_OK);
        check_result(buf, n, &r);
        size_t nsent = r.nsent;
        assert_int_equal(tx_sentences(x, buf, n, lang, &r), PX_OK);
        assert_int_equal(r.nsent, nsent);
        px_buf_clear(&b);
        assert_int_equal(tx_normalize(x, buf, n, &b), PX_OK);
        assert_true(valid_utf8(b.p, b.len));
        assert_true(b.len == 0 || (b.p[0] != ' ' && b.p[b.len - 1] != ' '));
        assert_null(strstr(b.p, "  "));
        char out[8];
        tx_langid(buf, n, out);
    }
    px_buf_free(&b);
    tx_ctx_free(x);
}

/* Token norms are the normalization of their spans, on real text; the
 * sentence-only pass agrees with the full one. */
static void check_news(const char *s, size_t n, void *arg) {
    tx_ctx *x = arg;
    tx_result r;
    assert_int_equal(tx_analyze(x, s, n, "en", &r), PX_OK);
    check_result(s, n, &r);
    size_t nsent = r.nsent;
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf b;
    px_buf_init(&b, &al);
    tx_ctx *y = tx_ctx_new(NULL);
    for (size_t i = 0; i < r.ntok; i++) {
        px_buf_clear(&b);
        assert_int_equal(tx_normalize(y, s + r.tok[i].off, r.tok[i].len, &b), PX_OK);
        assert_int_equal(b.len, r.tok[i].norm_len);
        assert_memory_equal(b.p, r.tok[i].norm, b.len);
    }
    tx_ctx_free(y);
    px_buf_free(&b);
    assert_int_equal(tx_sentences(x, s, n, "en", &r), PX_OK);
    assert_int_equal(r.nsent, nsent);
}

static void test_news_properties(void **state) {
    (void)state;
    const char *sh = tu_shared();
    if (!sh) skip();
    char path[512];
    snprintf(path, sizeof path, "%s/data/news-clusters-giveme5w1h/stories.jsonl", sh);
    tx_ctx *x = ctx();
    size_t n = each_text(path, check_news, x);
    tx_ctx_free(x);
    if (n == 0) skip();
}

static void test_ctx_reuse(void **state) {
    (void)state;
    static const char a[] = "Russia's envoy met Hamas officials. They talked.";
    static const char b[] = "Президент России заявил, что переговоры продолжатся.";
    tx_ctx *x = ctx(), *y = ctx();
    tx_result r1, r2;
    assert_int_equal(tx_analyze(x, a, strlen(a), "en", &r1), PX_OK);
    assert_int_equal(tx_analyze(x, b, strlen(b), "ru", &r1), PX_OK);
    assert_int_equal(tx_analyze(x, a, strlen(a), "en", &r1), PX_OK);
    assert_int_equal(tx_analyze(y, a, strlen(a), "en", &r2), PX_OK);
    assert_int_equal(r1.ntok, r2.ntok);
    assert_int_equal(r1.nsent, r2.nsent);
    for (size_t i = 0; i < r1.ntok; i++) {
        assert_int_equal(r1.tok[i].flags, r2.tok[i].flags);
        assert_int_equal(r1.tok[i].norm_len, r2.tok[i].norm_len);
        assert_memory_equal(r1.tok[i].norm, r2.tok[i].norm, r1.tok[i].norm_len);
        assert_int_equal(r1.tok[i].stem_len, r2.tok[i].stem_len);
        assert_memory_equal(r1.tok[i].stem, r2.tok[i].stem, r1.tok[i].stem_len);
    }
    tx_ctx_free(x);
    tx_ctx_free(y);
}

/* ---- out of memory ---- */

static void test_failing_allocator(void **state) {
    (void)state;
    static const char s[] =
        "Hamas\xE2\x80\x99 delegation met \xEF\xAC\x81nancial officials in the U.S. on Oct. 7. "
        "\"We will go,\" he said.\nPeskov spoke. Заложники были освобождены. "
        "Hostages were released, and hostages were counted again.";
    /* the expected result, with an allocator that never fails */
    tx_ctx *ref = ctx();
    tx_result want;
    assert_int_equal(tx_analyze(ref, s, strlen(s), "en", &want), PX_OK);

    bool done_new = false, done_analyze = false, done_norm = false;
    for (long budget = 0; budget < 200 && !(done_new && done_analyze && done_norm); budget++) {
        tu_failing f = {budget, 0};
        px_allocator al = tu_failing_allocator(&f);
        tx_ctx *x = tx_ctx_new(&al);
        if (!x) {
            assert_int_equal(f.live, 0);
            continue;
        }
        done_new = true;
        tx_result r;
        px_status st = tx_analyze(x, s, strlen(s), "en", &r);
        if (st == PX_OK) {
            done_analyze = true;
            assert_int_equal(r.ntok, want.ntok);
            assert_int_equal(r.nsent, want.nsent);
            for (size_t i = 0; i < r.ntok; i++) {
                assert_int_equal(r.tok[i].norm_len, want.tok[i].norm_len);
                assert_memory_equal(r.tok[i].norm, want.tok[i].norm, r.tok[i].norm_len);
                assert_int_equal(r.tok[i].stem_len, want.tok[i].stem_len);
                assert_memory_equal(r.tok[i].stem, want.tok[i].stem, r.tok[i].stem_len);
            }
            /* normalization into a buffer of the same failing allocator */
            px_buf b;
            px_buf_init(&b, &al);
            st = tx_normalize(x, s, strlen(s), &b);
            if (st == PX_OK) done_norm = true;
            else assert_int_equal(st, PX_ENOMEM);
            px_buf_free(&b);
        } else {
            assert_int_equal(st, PX_ENOMEM);
            assert_int_equal(r.ntok, 0);
            assert_null(r.tok);
            /* the ctx stays usable once memory is back */
            f.budget = 1000;
            assert_int_equal(tx_analyze(x, s, strlen(s), "en", &r), PX_OK);
            assert_int_equal(r.ntok, want.ntok);
        }
        tx_ctx_free(x);
        assert_int_equal(f.live, 0);
    }
    assert_true(done_new && done_analyze && done_norm);
    tx_ctx_free(ref);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_langid_sentences),
        cmocka_unit_test(test_langid_unclear),
        cmocka_unit_test(test_langid_seeds),
        cmocka_unit_test(test_langid_news),
        cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_stopword_lists),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_stemming),
        cmocka_unit_test(test_flags_and_sentences),
        cmocka_unit_test(test_one_token_for_both_apostrophes),
        cmocka_unit_test(test_empty_and_arguments),
        cmocka_unit_test(test_megabyte_line),
        cmocka_unit_test(test_nul_and_invalid_bytes),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_news_properties),
        cmocka_unit_test(test_ctx_reuse),
        cmocka_unit_test(test_failing_allocator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
