/*
 * figures.c - the numbers an article reports about its event, and whether
 * the articles of a story agree on them.
 *
 * cmp_figures_doc consumes one analysed article (cmp_text: tokens with
 * norm, stem, flags and sentence index) and produces its figures in text
 * order: value, qualifier, what it counts (a key for matching and a label
 * for display) and the sentence. cmp_figures_group consumes the figures of
 * every article of a story and produces one group per subject key, with a
 * verdict on whether the values can all be true.
 *
 * Method. A figure is a number (digits "1,400", "3.5", "5bn"; words
 * "six", "twenty-one", "a dozen", "two million", "half a million"; vague
 * amounts "dozens of", "hundreds of", "thousands of", "tens of thousands
 * of", "hundreds of thousands of", "millions of") with a counted noun or an
 * event word, optionally after a qualifier. Qualifiers are normalised to:
 *   "more than"  more than, over, above, just/well over, upwards of, in excess of
 *   "at least"   at least, no fewer/less than, a minimum of
 *   "about"      about, around, roughly, approximately, some, an estimated
 *   "nearly"     nearly, almost, close to, just under
 *   "up to"      up to, as many as, at most, no more than, a maximum of
 *   "fewer than" fewer than, less than, under, below
 *   "hundreds of", "dozens of", ... the vague amounts (num 100, 12, ...)
 *   ""           exact.
 * What is not a figure: years (a four-digit 1900-2100 without a qualifier:
 * "in 2023", "2023 election"), dates (a number next to a month: "Oct. 7",
 * "7 October"), times ("3:30", "10 a.m.", "10am"), ordinals ("7th"; the
 * words "second", "third" are not in the number lexicon), ages and
 * durations (a time unit after the number: "24 years old", "for 16 days";
 * "24-year-old" is a word, not a number), numbers joined by '-', '/', ':'
 * or '.' to digits (phone numbers, ranges, 9/11), numbers inside names and
 * codes (after a capitalised word that does not start the sentence,
 * "Resolution 2334", "Route 66", or after "page", "section", "no.", ...;
 * "COVID-19" and "F-16" are words), a number with neither a counted noun
 * nor an event word ("rose to 200"), "one" unless an event word goes with
 * it ("one of the", "no one", "one official said" are not counts), and a
 * number after "the", "these", "both", ... without an event word ("the two
 * men": a reference back to people already counted, not a report).
 *
 * What it counts. After the number (and "of the" for a partitive "six of
 * the hostages") up to three content words form the noun phrase; a
 * stopword, punctuation, a number, a verb-like word (-ed, -ing, -ly, or a
 * few common verbs) or an event verb ends it; its last word is the head.
 * The event class comes from, in this order: an event verb right before
 * the number ("killed 12 people", "the kidnapping of 220"; "death toll
 * ... 1,400"), the head itself ("six hostages", "47 injured"), or the first
 * event word within eight tokens after the phrase in the same clause
 * ("people who were massacred", "believed to be held captive"). Classes:
 * hostages (kidnapped, abducted, captive, hostage...), killed (killed, dead,
 * died, massacred, murdered, deaths, fatalities...), injured (injured,
 * wounded, hurt...), evacuated (evacuated, fled, displaced...), arrested
 * (arrested, detained...), missing.
 * The subject key is the event class when there is one, else the stem of
 * the head; either is preceded by one distinguishing stem when there is
 * one: a capitalised modifier ("Russian citizens" -> "russian citizen"), a
 * hyphenated capitalised head ("Russian-Israelis killed" ->
 * "russian-israeli killed"), or for a partitive, a capitalised word right
 * after be/are/were ("six of the hostages ... to be Russian citizens" ->
 * "russian hostages"). A plain head such as "Israelis" or "people" does not
 * enter the key of an event figure: reporters swap "200 people kidnapped"
 * for "220 Israelis kidnapped", and the two must meet to be compared. An
 * event figure without a noun of its own, after "and"/"or"/a comma that
 * follows another figure of the sentence, takes that figure's noun
 * ("20 Russian-Israelis were killed and two kidnapped", "12 soldiers were
 * killed and 30 wounded"). Percentages ("6.25%", "6.25 percent") get the key
 * "%:<noun>" (the noun after "of", the word right after, or "<modifier>
 * rate" when "rate" comes shortly before) or "%"; money ("$450 million",
 * "€3", "£20", "5 dollars") gets "<currency>:<noun>" ("$:aid": the noun
 * after "in"/"of"/"for"/"worth" or the phrase head) or "<currency>:cost". Labels are the words as written ("Israelis killed", "Russian
 * hostages", "hostages", "percent of voters", "cost").
 *
 * Changes in points. "50 basis points", "25bp", "0.5 percentage points",
 * "half a point", "a quarter of a percentage point", "quarter-point", "a
 * 50-basis-point cut", a bare "0.5 points" when a rate is named, and a
 * percentage by which a rate moved ("cut rates by 0.25%", "a 0.5% rate
 * hike"; not "to 6.25%", not an exchange rate) are one quantity written
 * several ways: num is in basis points (a percentage point is 100), the
 * value keeps the words as written, and the key is "bp:rate" (or
 * "bp:<modifier> rate" for an unemployment, mortgage, ... rate, or
 * "bp:<noun>" for inflation, growth, ... named before it), label "rate
 * change (basis points)". A change in points that names nothing ("priced
 * in 25 basis points") is keyed "bp" and, in grouping, joins the story's
 * one "bp:" key when there is exactly one.
 *
 * Expected, not reported. A figure is marked expected when an
 * expectation, forecast, preference or hypothesis governs it: a word
 * such as expected, forecast, predicted, anticipated, priced in,
 * consensus, polled, preferring, hope, plans, would, could, should, if
 * before it in its clause (the modals and "if" within six tokens; another
 * number, a relative "that/which/who", "but", or a verb of its own end
 * the reach; "than expected", "as forecast" and "may have" do not count),
 * or expected/forecast/could/would... right after the figure and its
 * noun ("the 3.1% economists had forecast", "500 jobs could go") unless a
 * verb of change follows ("a toll of 200 is expected to rise": 200 is
 * reported). Grouping leaves expected figures out of the values and the
 * conflict, and lists them beside the reported values of their key.
 *
 * Agreement across articles: each value is an interval of the counts it
 * allows, and a group conflicts when the intervals have no common point
 * (on a line, pairwise overlap is the same as a common point, so one
 * running intersection decides). Reporters round, so a qualifier covers
 * the next rounding step above the number, step = max(1, v / 10):
 *   exact v        [v, v]
 *   more than v    (v, v + step]   "more than 200" vs "more than 220": a
 *                                  writer who knew 221 would not round it
 *                                  down to 200, so they conflict
 *   at least v     [v, v + step]   "six" and "at least six" agree
 *   about v        [0.9 v, 1.1 v]  "about 50" and "47" agree
 *   nearly v       [0.9 v, v)
 *   up to v        [0, v]
 *   fewer than v   [0, v)
 *   dozens of [24, 99], hundreds of [200, 999], thousands of [2000, 9999],
 *   tens of thousands of [20000, 99999], hundreds of thousands of
 *   [200000, 999999], millions of [2e6, 9.99e9]: the plural says at least
 *   two of the unit, the next unit's word would be used from ten of them.
 * Values of one article that disagree also conflict: the key does not tell
 * subsets apart, so that is reported rather than hidden.
 */
#include "compare.h"

#include <math.h>

/* ---- small token helpers ---- */

static bool is_w(const tx_token *k, const char *w) {
    /* most words differ in their first letter: no strlen for those */
    if (!k->norm_len || k->norm[0] != w[0]) return false;
    size_t n = strlen(w);
    return k->norm_len == n && memcmp(k->norm, w, n) == 0;
}

/* Index of k's norm in a NULL-terminated list, or -1. */
static int in_list(const tx_token *k, const char *const *list) {
    for (int i = 0; list[i]; i++)
        if (is_w(k, list[i])) return i;
    return -1;
}

static bool ends_with(const tx_token *k, const char *suf) {
    size_t n = strlen(suf);
    return k->norm_len > n + 2 && memcmp(k->norm + k->norm_len - n, suf, n) == 0;
}

/* True when token i does not continue the clause of token i - 1: another
 * sentence, or clause punctuation in the gap between them. */
static bool gap_break(const cmp_text *t, size_t i) {
    if (i == 0 || i >= t->ntok) return true;
    const tx_token *a = &t->tok[i - 1], *b = &t->tok[i];
    if (a->sent != b->sent) return true;
    for (size_t p = (size_t)a->off + a->len; p < b->off; p++) {
        unsigned char c = (unsigned char)t->text[p];
        if (strchr(",;:()[]!?.", c) && c) return true;
        /* en and em dashes, E2 80 93 / 94 */
        if (c == 0xE2 && p + 2 < b->off && (unsigned char)t->text[p + 1] == 0x80 &&
            ((unsigned char)t->text[p + 2] == 0x93 || (unsigned char)t->text[p + 2] == 0x94))
            return true;
        if (c == '-' && p > a->off + a->len && t->text[p - 1] == ' ') return true;
    }
    return false;
}

/* ---- lexicons ---- */

static const char *const ONES[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", NULL};
static const char *const TENS[] = {"twenty", "thirty", "forty", "fifty", "sixty",
                                   "seventy", "eighty", "ninety", NULL};

/* Scale words and their power of ten. */
static const char *const SCALE[] = {"hundred", "thousand", "million", "billion", "trillion", NULL};
static const int SCALE_EXP[] = {2, 3, 6, 9, 12};

static const char *const MONTHS[] = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan.", "feb.", "mar.", "apr.",
    "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "jan", "feb",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", NULL};

static const char *const TIME_AFTER[] = {"a.m.", "p.m.", "am", "pm", "gmt", "utc",
                                         "o'clock", "hrs", "a.m", "p.m", NULL};

/* Durations and ages: not counts of the event. */
static const char *const TIME_UNITS[] = {
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days",
    "week", "weeks", "month", "months", "year", "years", "decade", "decades",
    "century", "centuries", "year-old", "years-old", NULL};

/* Words after which a number is a label, not an amount. */
static const char *const CODE_BEFORE[] = {
    "no.", "nos.", "number", "page", "pages", "p.", "pp.", "section", "sections",
    "article", "chapter", "paragraph", "item", "room", "flight", "route", "line",
    "resolution", "vol.", "volume", "art.", "sec.", "grade", "level", "phase",
    "round", "stage", "version", "channel", "gate", "platform", "highway", "floor",
    "size", "aged", "age", "ages", "episode", "season", "part", "verse", "act",
    "figure", "table", "exit", "apartment", "building", "unit", "case", NULL};

typedef struct qualw {
    const char *w[3];   /* the words, in text order */
    int n;              /* how many */
    const char *norm;   /* the normalised qualifier */
} qualw;

/* Longest first, so "no more than" wins over "more than". */
static const qualw QUALS[] = {
    {{"no", "fewer", "than"}, 3, "at least"},
    {{"no", "less", "than"}, 3, "at least"},
    {{"no", "more", "than"}, 3, "up to"},
    {{"in", "excess", "of"}, 3, "more than"},
    {{"as", "many", "as"}, 3, "up to"},
    {{"a", "minimum", "of"}, 3, "at least"},
    {{"a", "maximum", "of"}, 3, "up to"},
    {{"more", "than"}, 2, "more than"},
    {{"just", "over"}, 2, "more than"},
    {{"well", "over"}, 2, "more than"},
    {{"upwards", "of"}, 2, "more than"},
    {{"at", "least"}, 2, "at least"},
    {{"an", "estimated"}, 2, "about"},
    {{"close", "to"}, 2, "nearly"},
    {{"just", "under"}, 2, "nearly"},
    {{"up", "to"}, 2, "up to"},
    {{"at", "most"}, 2, "up to"},
    {{"fewer", "than"}, 2, "fewer than"},
    {{"less", "than"}, 2, "fewer than"},
    {{"over"}, 1, "more than"},
    {{"about"}, 1, "about"},
    {{"around"}, 1, "about"},
    {{"roughly"}, 1, "about"},
    {{"approximately"}, 1, "about"},
    {{"some"}, 1, "about"},
    {{"estimated"}, 1, "about"},
    {{"nearly"}, 1, "nearly"},
    {{"almost"}, 1, "nearly"},
    {{"under"}, 1, "fewer than"},
    {{"below"}, 1, "fewer than"},
    {{"above"}, 1, "more than"},
    {{"exactly"}, 1, ""},
};

/* Event classes. */
enum { EV_NONE = -1, EV_HOSTAGES, EV_KILLED, EV_INJURED, EV_EVACUATED, EV_ARRESTED, EV_MISSING };

/* Key (and label noun) of each class, and the verb shown after a head. */
static const char *const EV_NAME[] = {"hostages", "killed", "injured", "evacuated", "arrested",
                                      "missing"};
static const char *const EV_VERB[] = {"held hostage", "killed", "injured", "evacuated",
                                      "arrested", "missing"};

typedef struct evword {
    const char *w;  /* norm */
    int cls;        /* EV_* */
    bool noun;      /* can head a noun phrase ("hostages", "dead") */
} evword;

static const evword EVENTS[] = {
    {"kidnapped", EV_HOSTAGES, false}, {"abducted", EV_HOSTAGES, false},
    {"kidnapping", EV_HOSTAGES, false}, {"kidnappings", EV_HOSTAGES, false},
    {"abduction", EV_HOSTAGES, false}, {"abductions", EV_HOSTAGES, false},
    {"captive", EV_HOSTAGES, true}, {"captives", EV_HOSTAGES, true},
    {"hostage", EV_HOSTAGES, true}, {"hostages", EV_HOSTAGES, true},
    {"abductees", EV_HOSTAGES, true},
    {"killed", EV_KILLED, false}, {"killing", EV_KILLED, false},
    {"killings", EV_KILLED, false}, {"dead", EV_KILLED, true},
    {"died", EV_KILLED, false}, {"massacred", EV_KILLED, false},
    {"murdered", EV_KILLED, false}, {"slain", EV_KILLED, false},
    {"executed", EV_KILLED, false}, {"death", EV_KILLED, true},
    {"deaths", EV_KILLED, true}, {"fatalities", EV_KILLED, true},
    {"murder", EV_KILLED, false}, {"massacre", EV_KILLED, false},
    {"injured", EV_INJURED, true}, {"wounded", EV_INJURED, true},
    {"hurt", EV_INJURED, false}, {"injuring", EV_INJURED, false},
    {"wounding", EV_INJURED, false}, {"injuries", EV_INJURED, true},
    {"evacuated", EV_EVACUATED, false}, {"fled", EV_EVACUATED, false},
    {"displaced", EV_EVACUATED, true}, {"evacuation", EV_EVACUATED, false},
    {"evacuees", EV_EVACUATED, true}, {"evacuating", EV_EVACUATED, false},
    {"arrested", EV_ARRESTED, false}, {"detained", EV_ARRESTED, false},
    {"arrests", EV_ARRESTED, true}, {"detainees", EV_ARRESTED, true},
    {"arresting", EV_ARRESTED, false}, {"detaining", EV_ARRESTED, false},
    {"missing", EV_MISSING, true},
};

static const evword *event_of(const tx_token *k) {
    if (!(k->flags & TX_WORD)) return NULL;
    for (size_t i = 0; i < sizeof EVENTS / sizeof EVENTS[0]; i++)
        if (is_w(k, EVENTS[i].w)) return &EVENTS[i];
    return NULL;
}

/* Heads that say nothing about who was counted. */
static const char *const GENERIC[] = {"people", "persons", "person", "individuals", "others",
                                      "residents", NULL};

/* Common verbs that end a noun phrase after a number ("200 people remain"). */
static const char *const VERBS[] = {
    "remain", "remains", "live", "lives", "say", "says", "said", "told", "left",
    "remain", "face", "faced", "stay", "include", "includes", "went", "came", "got",
    "gave", "took", "saw", "made", "make", "need", "needed", "died", "lost", "flew",
    "fell", "hit", "ran", "rose", "met", "held", "kept", "sent", "began", "fought",
    "stood", "sat", "fled", "spoke", "wrote", "won", "gathered", "marched", NULL};

/* Determiners before a number that point back to what was already said. */
static const char *const ANAPHORIC[] = {"the", "these", "those", "both", "its", "their",
                                        "his", "her", NULL};

/* Words skipped between a number and its noun ("200 more people"). */
static const char *const FILLER[] = {"more", "other", "additional", "further", "extra", NULL};

static const char *const DETS[] = {"the", "these", "those", "its", "their", "his", "her",
                                   "our", "all", "an", "a", NULL};

/* ---- numbers ---- */

/* A number found at a token. */
typedef struct num {
    size_t b, e;        /* tokens [b, e) */
    double v;           /* value */
    const char *vague;  /* "hundreds of" ...; NULL for a definite number */
    bool one;           /* the word "one" */
    bool digits;        /* written with digits */
    bool year_like;     /* four digits 1900-2100, nothing attached */
} num;

static double pow10i(int e) {
    double r = 1;
    for (int i = 0; i < (e < 0 ? -e : e); i++) r *= 10;
    return e < 0 ? 1 / r : r;
}

/* Parses the digits of norm: mantissa and decimals, then an optional
 * suffix (bn, m, k, tn). False when anything else follows (7th, 10am). */
static bool parse_digits(const char *s, size_t n, double *v, int *exp10, bool *plain) {
    uint64_t mant = 0;
    int digs = 0, dec = 0;
    bool dot = false, comma = false;
    size_t i = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (digs >= 15) return false; /* not a count anyone reports */
            mant = mant * 10 + (uint64_t)(c - '0');
            if (mant) digs++;
            if (dot) dec++;
        } else if (c == ',' && !dot) {
            comma = true;
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    int e = -dec;
    if (i < n) {
        size_t r = n - i;
        const char *x = s + i;
        if (r == 2 && !memcmp(x, "bn", 2)) e += 9;
        else if (r == 1 && x[0] == 'm') e += 6;
        else if (r == 1 && x[0] == 'k') e += 3;
        else if (r == 2 && !memcmp(x, "tn", 2)) e += 12;
        else return false;
    }
    *v = (double)mant;
    *exp10 = e;
    *plain = !dot && !comma && i == n;
    return true;
}

/* The value of a number word: one..nineteen, twenty..ninety, twenty-one. */
static int word_value(const tx_token *k) {
    int i = in_list(k, ONES);
    if (i >= 0) return i;
    const char *h = memchr(k->norm, '-', k->norm_len);
    for (int j = 0; TENS[j]; j++) {
        size_t n = strlen(TENS[j]);
        if (k->norm_len == n && !memcmp(k->norm, TENS[j], n)) return 20 + 10 * j;
        if (h && (size_t)(h - k->norm) == n && !memcmp(k->norm, TENS[j], n)) {
            size_t rn = k->norm_len - n - 1;
            for (int u = 1; u <= 9; u++)
                if (strlen(ONES[u]) == rn && !memcmp(h + 1, ONES[u], rn)) return 20 + 10 * j + u;
        }
    }
    return -1;
}

/* Token i continues the run of token i - 1 (same clause). */
static bool next_ok(const cmp_text *t, size_t i) { return i < t->ntok && !gap_break(t, i); }

/* Applies scale words after token j - 1: "two million", "1.5 million",
 * "two dozen". */
static size_t scales(const cmp_text *t, size_t j, double *v, int *e) {
    while (next_ok(t, j)) {
        int s = in_list(&t->tok[j], SCALE);
        if (s >= 0) {
            *e += SCALE_EXP[s];
        } else if (is_w(&t->tok[j], "dozen")) {
            *v *= 12;
        } else {
            break;
        }
        j++;
    }
    return j;
}

/* Vague amounts, longest first. */
typedef struct vague {
    const char *w[4];    /* words, "of" included */
    int n;               /* how many */
    const char *norm;    /* qualifier */
    double v;            /* num */
} vague;

static const vague VAGUE[] = {
    {{"tens", "of", "thousands", "of"}, 4, "tens of thousands of", 10000},
    {{"hundreds", "of", "thousands", "of"}, 4, "hundreds of thousands of", 100000},
    {{"tens", "of", "thousands"}, 3, "tens of thousands of", 10000},
    {{"hundreds", "of", "thousands"}, 3, "hundreds of thousands of", 100000},
    {{"dozens", "of"}, 2, "dozens of", 12},
    {{"hundreds", "of"}, 2, "hundreds of", 100},
    {{"thousands", "of"}, 2, "thousands of", 1000},
    {{"millions", "of"}, 2, "millions of", 1000000},
    {{"dozens"}, 1, "dozens of", 12},
    {{"hundreds"}, 1, "hundreds of", 100},
    {{"thousands"}, 1, "thousands of", 1000},
};

static bool match_words(const cmp_text *t, size_t i, const char *const *w, int n) {
    for (int k = 0; k < n; k++) {
        if (i + (size_t)k >= t->ntok) return false;
        if (k && gap_break(t, i + (size_t)k)) return false;
        if (!is_w(&t->tok[i + (size_t)k], w[k])) return false;
    }
    return true;
}

/* A number starting at token i, or false. */
static bool number_at(const cmp_text *t, size_t i, num *out) {
    const tx_token *k = &t->tok[i];
    memset(out, 0, sizeof *out);
    out->b = i;
    double v = 0;
    int e = 0;
    size_t j = i + 1;
    if (k->flags & TX_NUM) {
        bool plain;
        if (!parse_digits(k->norm, k->norm_len, &v, &e, &plain)) return false;
        out->digits = true;
        out->year_like = plain && k->norm_len == 4 && v >= 1900 && v <= 2100;
        j = scales(t, j, &v, &e);
        if (j > i + 1) out->year_like = false;
    } else if (!(k->flags & TX_WORD)) {
        return false;
    } else if (is_w(k, "a") || is_w(k, "an")) {
        if (!next_ok(t, j)) return false;
        int s = in_list(&t->tok[j], SCALE);
        if (s >= 0) e = SCALE_EXP[s];
        else if (is_w(&t->tok[j], "dozen")) v = 12;
        else return false;
        if (s >= 0) v = 1;
        j = scales(t, j + 1, &v, &e);
    } else if (is_w(k, "half")) {
        if (!next_ok(t, j) || !is_w(&t->tok[j], "a") || !next_ok(t, j + 1)) return false;
        int s = in_list(&t->tok[j + 1], SCALE);
        if (s < 2) return false; /* half a million, half a billion */
        v = 5;
        e = SCALE_EXP[s] - 1;
        j += 2;
    } else {
        int w = word_value(k);
        if (w < 0) {
            for (size_t q = 0; q < sizeof VAGUE / sizeof VAGUE[0]; q++)
                if (match_words(t, i, VAGUE[q].w, VAGUE[q].n)) {
                    out->e = i + (size_t)VAGUE[q].n;
                    out->v = VAGUE[q].v;
                    out->vague = VAGUE[q].norm;
                    return true;
                }
            return false;
        }
        if (w == 0) return false; /* "zero" is no count to compare */
        v = w;
        out->one = w == 1;
        j = scales(t, j, &v, &e);
        if (j > i + 1) out->one = false;
    }
    if (e > 15 || e < -15) return false;
    out->v = v * pow10i(e);
    if (!(out->v < 1e15)) return false;
    out->e = j;
    return true;
}

/* ---- the figure of one number ---- */

/* What a number counts. */
typedef struct subj {
    long head;       /* head token, -1 none */
    long first;      /* first token of the noun phrase, -1 none */
    long dist;       /* distinguishing token for the key, -1 none */
    int cls;         /* EV_* */
    bool head_ev;    /* the head is the event noun itself */
    bool partitive;  /* "six of the hostages" */
} subj;

static bool is_cap_mod(const tx_token *k) {
    return (k->flags & TX_CAP) && !(k->flags & TX_SENT_START);
}

/* The capitalised head is a hyphenated compound of capitalised parts
 * ("Russian-Israelis"): a subgroup, kept in the key. */
static bool cap_compound(const cmp_text *t, const tx_token *k) {
    if (!(k->flags & TX_CAP)) return false;
    for (uint32_t p = 1; p + 1 < k->len; p++)
        if (t->text[k->off + p] == '-' && t->text[k->off + p + 1] >= 'A' &&
            t->text[k->off + p + 1] <= 'Z')
            return true;
    return false;
}

/* Past participles that also work as transitive verbs before a count
 * ("the blast injured 47 people"). */
static bool verb_form(const evword *ev) {
    return !ev->noun || !strcmp(ev->w, "injured") || !strcmp(ev->w, "wounded") ||
           !strcmp(ev->w, "displaced");
}

/* The event class set by the words before the number at token b. */
static int event_before(const cmp_text *t, size_t b) {
    if (b == 0 || gap_break(t, b)) return EV_NONE;
    const evword *ev = event_of(&t->tok[b - 1]);
    if (ev && verb_form(ev)) return ev->cls;
    /* "the kidnapping of more than 220" */
    if (is_w(&t->tok[b - 1], "of") && b >= 2 && !gap_break(t, b - 1)) {
        ev = event_of(&t->tok[b - 2]);
        if (ev) return ev->cls;
    }
    /* "the death toll rose to 1,400": a toll a few words before */
    for (size_t q = b; q-- > 0 && b - q <= 5;) {
        if (is_w(&t->tok[q], "toll") || is_w(&t->tok[q], "tolls")) {
            ev = q > 0 && !gap_break(t, q) ? event_of(&t->tok[q - 1]) : NULL;
            return ev ? ev->cls : EV_KILLED;
        }
        if (gap_break(t, q)) break;
    }
    return EV_NONE;
}

/* A word that cannot continue the noun phrase after its first word. */
static bool verb_like(const tx_token *k) {
    return ends_with(k, "ed") || ends_with(k, "ing") || ends_with(k, "ly") || in_list(k, VERBS) >= 0;
}

/* Finds the noun phrase and event after the number ending at token j. */
static void subject_after(const cmp_text *t, size_t j, subj *s) {
    s->head = s->first = s->dist = -1;
    s->head_ev = s->partitive = false;
    size_t k = j;
    if (next_ok(t, k) && in_list(&t->tok[k], FILLER) >= 0) k++;
    if (next_ok(t, k) && is_w(&t->tok[k], "of")) {
        s->partitive = true;
        k++;
        if (next_ok(t, k) && in_list(&t->tok[k], DETS) >= 0) k++;
    }
    size_t n = 0;
    while (n < 3 && next_ok(t, k)) {
        const tx_token *w = &t->tok[k];
        if (!(w->flags & TX_WORD)) break;
        if (word_value(w) >= 0) break;
        const evword *ev = event_of(w);
        if (ev) {
            if (ev->noun || n == 0) {
                if (ev->noun) {
                    if (n == 0) s->first = (long)k;
                    s->head = (long)k;
                    s->head_ev = true;
                }
                if (s->cls == EV_NONE) s->cls = ev->cls;
                k++;
            } else if (s->cls == EV_NONE) {
                s->cls = ev->cls;
            }
            break;
        }
        if ((w->flags & TX_STOP) && in_list(w, GENERIC) < 0) break;
        if (n > 0 && verb_like(w)) break;
        if (n == 0) s->first = (long)k;
        s->head = (long)k;
        n++;
        k++;
    }
    size_t last = k;
    if (s->head >= 0) {
        const tx_token *h = &t->tok[s->head];
        if (cap_compound(t, h)) s->dist = s->head;
        else if (s->head > s->first && is_cap_mod(&t->tok[s->head - 1])) s->dist = s->head - 1;
    }
    /* the rest of the clause: event word, and for a partitive, "be X" */
    for (size_t q = last, m = 0; m < 8 && q < t->ntok; q++, m++) {
        if (gap_break(t, q)) break;
        const tx_token *w = &t->tok[q];
        if (w->flags & TX_NUM || (word_value(w) > 0 && q > last)) break;
        if (s->partitive && s->dist < 0 && q + 1 < t->ntok && !gap_break(t, q + 1) &&
            (is_w(w, "be") || is_w(w, "are") || is_w(w, "were") || is_w(w, "is") || is_w(w, "was")) &&
            is_cap_mod(&t->tok[q + 1]))
            s->dist = (long)(q + 1);
        const evword *ev = event_of(w);
        if (ev && s->cls == EV_NONE) s->cls = ev->cls;
        if (s->cls != EV_NONE && (!s->partitive || s->dist >= 0)) break;
    }
}

/* Appends the as-written text of token k to b (separated by a space). */
static px_status add_tok(px_buf *b, const cmp_text *t, long k) {
    if (b->len) PX_TRY(px_buf_addc(b, ' '));
    return px_buf_add(b, t->text + t->tok[k].off, t->tok[k].len);
}

static px_status add_stem(px_buf *b, const cmp_text *t, long k) {
    if (b->len) PX_TRY(px_buf_addc(b, ' '));
    return px_buf_add(b, t->tok[k].stem, t->tok[k].stem_len);
}

static px_status add_phrase(px_buf *b, const cmp_text *t, long first, long head) {
    for (long q = first; q <= head; q++) PX_TRY(add_tok(b, t, q));
    return PX_OK;
}

/* The per-article state kept while scanning. */
typedef struct scan {
    const cmp_text *t;   /* the article */
    cmp_arena *a;        /* output memory */
    px_buf key, label;   /* scratch */
    cmp_dfigure *out;    /* figures so far */
    size_t n, cap;       /* count and capacity */
    long prev_sent;      /* sentence of the last figure with a noun, -1 */
    subj prev;           /* its subject */
    bool part;           /* the figure being emitted counts a part */
    bool expect;         /* the figure being emitted is expected, not reported */
    bool unit;           /* its num is in basis points */
} scan;

/* True when the number at [b, e) is part of a date, time, code, phone
 * number or range, or an age or duration. */
static bool not_a_count(const cmp_text *t, const num *nm, bool qualified) {
    const tx_token *f = &t->tok[nm->b];
    if (nm->digits) {
        size_t end = (size_t)f->off + f->len;
        char after = end < t->len ? t->text[end] : '\0';
        char after2 = end + 1 < t->len ? t->text[end + 1] : '\0';
        char before = f->off ? t->text[f->off - 1] : '\0';
        char before2 = f->off > 1 ? t->text[f->off - 2] : '\0';
        if (strchr("-/:.", after) && after && after2 >= '0' && after2 <= '9') return true;
        if (strchr("-/:.", before) && before && before2 >= '0' && before2 <= '9') return true;
        if (before == '#') return true;
        if (nm->year_like && !qualified) return true;
    }
    if (nm->b > 0 && !gap_break(t, nm->b)) {
        const tx_token *p = &t->tok[nm->b - 1];
        if (in_list(p, MONTHS) >= 0 && (p->flags & TX_CAP)) return true;
        if (!qualified && nm->digits) {
            if (in_list(p, CODE_BEFORE) >= 0) return true;
            if (is_cap_mod(p) && !ends_with(p, "'s") && !(p->flags & TX_STOP)) return true;
        }
    }
    if (next_ok(t, nm->e)) {
        const tx_token *x = &t->tok[nm->e];
        if (in_list(x, MONTHS) >= 0 && (x->flags & TX_CAP)) return true;
        if (in_list(x, TIME_AFTER) >= 0) return true;
        if (in_list(x, TIME_UNITS) >= 0) return true;
    }
    if (nm->one && nm->b > 0 && !gap_break(t, nm->b)) {
        static const char *const PRON[] = {"no", "any", "every", "each", "the", "this",
                                           "that", "which", "someone", NULL};
        if (in_list(&t->tok[nm->b - 1], PRON) >= 0) return true;
    }
    if (nm->one && next_ok(t, nm->e) &&
        (is_w(&t->tok[nm->e], "of") || is_w(&t->tok[nm->e], "another")))
        return true;
    return false;
}

/* The qualifier before token b: its normalised form and its first token. */
static const char *qualifier_before(const cmp_text *t, size_t b, size_t *qb) {
    *qb = b;
    for (size_t q = 0; q < sizeof QUALS / sizeof QUALS[0]; q++) {
        size_t n = (size_t)QUALS[q].n;
        if (b < n) continue;
        if (match_words(t, b - n, QUALS[q].w, QUALS[q].n) && !gap_break(t, b)) {
            *qb = b - n;
            return QUALS[q].norm;
        }
    }
    return "";
}

static px_status emit(scan *sc, const num *nm, const char *qual, size_t vb, size_t ve) {
    const cmp_text *t = sc->t;
    PX_TRY(cmp_grow(sc->a, (void **)&sc->out, &sc->cap, sc->n + 1, sizeof *sc->out));
    cmp_dfigure *f = &sc->out[sc->n];
    f->num = nm->v;
    f->value = cmp_strndup(sc->a, t->text + vb, ve - vb);
    f->qualifier = nm->vague ? nm->vague : qual;
    f->subject = cmp_strndup(sc->a, sc->key.p ? sc->key.p : "", sc->key.len);
    f->label = cmp_strndup(sc->a, sc->label.p ? sc->label.p : "", sc->label.len);
    f->sent = t->tok[nm->b].sent;
    f->part = sc->part;
    f->expected = sc->expect;
    f->unit = sc->unit;
    sc->part = sc->expect = sc->unit = false;
    if (!f->value || !f->subject || !f->label) return PX_ENOMEM;
    sc->n++;
    return PX_OK;
}

/* Key and label of a percentage: the noun after "of", the word right
 * after, or "<modifier> rate" shortly before. */
/* What a percentage is often of, named before it: "inflation rose to
 * 7.8%", "turnout of about 60 percent". */
static const char *const PCT_NOUNS[] = {
    "inflation", "unemployment", "turnout", "growth", "gdp", "approval", "support",
    "tariff", "tariffs", "tax", "yield", "yields", "wages", "output", "deficit", "debt",
    "contained", "containment", "vote", "votes", "share", "stake", NULL};

static px_status percent_subject(scan *sc, const num *nm, size_t after) {
    const cmp_text *t = sc->t;
    PX_TRY(px_buf_adds(&sc->key, "%"));
    size_t k = after;
    long noun = -1, rate = -1, back = -1;
    bool of = next_ok(t, k) && is_w(&t->tok[k], "of");
    if (of) {
        k++;
        if (next_ok(t, k) && in_list(&t->tok[k], DETS) >= 0) k++;
    }
    if (next_ok(t, k) && (t->tok[k].flags & TX_WORD) && !(t->tok[k].flags & TX_STOP) &&
        (of || !verb_like(&t->tok[k])))
        noun = (long)k;
    if (noun < 0) {
        for (size_t q = nm->b; q-- > 0 && nm->b - q <= 6;) {
            if (t->tok[q].stem_len == 4 && !memcmp(t->tok[q].stem, "rate", 4)) {
                rate = (long)q;
                break;
            }
            if (in_list(&t->tok[q], PCT_NOUNS) >= 0) {
                back = (long)q;
                break;
            }
            if (gap_break(t, q)) break;
        }
    }
    if (noun >= 0) {
        PX_TRY(px_buf_addc(&sc->key, ':'));
        PX_TRY(px_buf_add(&sc->key, t->tok[noun].stem, t->tok[noun].stem_len));
        PX_TRY(px_buf_adds(&sc->label, of ? "percent of" : "percent"));
        PX_TRY(add_tok(&sc->label, t, noun));
    } else if (back >= 0) {
        PX_TRY(px_buf_addc(&sc->key, ':'));
        PX_TRY(px_buf_add(&sc->key, t->tok[back].stem, t->tok[back].stem_len));
        PX_TRY(px_buf_add(&sc->label, t->tok[back].norm, t->tok[back].norm_len));
    } else if (rate >= 0) {
        /* one modifier: "interest rate", "unemployment rate" */
        long m = rate;
        if (rate > 0 && !gap_break(t, (size_t)rate) && (t->tok[rate - 1].flags & TX_WORD) &&
            !(t->tok[rate - 1].flags & TX_STOP))
            m = rate - 1;
        PX_TRY(px_buf_addc(&sc->key, ':'));
        for (long q = m; q <= rate; q++) {
            if (q > m) PX_TRY(px_buf_addc(&sc->key, ' '));
            PX_TRY(px_buf_add(&sc->key, t->tok[q].stem, t->tok[q].stem_len));
        }
        PX_TRY(add_phrase(&sc->label, t, m, rate));
    } else {
        PX_TRY(px_buf_adds(&sc->label, "percent"));
    }
    return PX_OK;
}

/* Key and label of an amount of money: the head of the noun phrase after
 * it (after "in", "of", "for", "on" or "worth"), else "cost". */
static px_status money_subject(scan *sc, size_t after, const char *cur) {
    const cmp_text *t = sc->t;
    PX_TRY(px_buf_adds(&sc->key, cur));
    PX_TRY(px_buf_addc(&sc->key, ':'));
    size_t k = after;
    if (next_ok(t, k) && (is_w(&t->tok[k], "in") || is_w(&t->tok[k], "of") ||
                          is_w(&t->tok[k], "for") || is_w(&t->tok[k], "on") ||
                          is_w(&t->tok[k], "worth")))
        k++;
    if (next_ok(t, k) && in_list(&t->tok[k], DETS) >= 0) k++;
    long head = -1;
    for (size_t n = 0; n < 3 && next_ok(t, k); n++, k++) {
        const tx_token *w = &t->tok[k];
        if (!(w->flags & TX_WORD) || (w->flags & TX_STOP) || verb_like(w)) break;
        head = (long)k;
    }
    if (head >= 0) {
        PX_TRY(px_buf_add(&sc->key, t->tok[head].stem, t->tok[head].stem_len));
        PX_TRY(add_tok(&sc->label, t, head));
    } else {
        PX_TRY(px_buf_adds(&sc->key, "cost"));
        PX_TRY(px_buf_adds(&sc->label, "cost"));
    }
    return PX_OK;
}

/* ---- changes in points ---- */

/* A change given in points of a rate: "50 basis points", "0.5 percentage
 * points", "half a point", "a quarter of a percentage point",
 * "quarter-point", "25bp", "a 50-basis-point cut". Reporters swap these
 * freely for one decision, so they are read in one unit, basis points
 * (a percentage point is 100 of them), and compared there. */
typedef struct pts {
    size_t b, e;  /* tokens [b, e) */
    double bp;    /* the change in basis points */
    bool plain;   /* digits and a bare "points": a rate's points only when a rate is named */
} pts;

/* A fraction of a point written as a word, or 0. */
static double frac_of(const char *s, size_t n) {
    static const struct {
        const char *w;
        double v;
    } F[] = {{"half", 0.5}, {"quarter", 0.25}, {"three-quarter", 0.75}, {"three-quarters", 0.75}};
    for (size_t i = 0; i < PX_ARRAY_LEN(F); i++)
        if (strlen(F[i].w) == n && !memcmp(s, F[i].w, n)) return F[i].v;
    return 0;
}

/* Basis points per unit of the unit word(s) s, or 0; *plain for a bare
 * "point". */
static double unit_of(const char *s, size_t n, bool *plain) {
    static const struct {
        const char *w;
        double bp;
        bool plain;
    } U[] = {{"basis-point", 1, false}, {"basis-points", 1, false}, {"bp", 1, false},
             {"bps", 1, false},         {"percentage-point", 100, false},
             {"percentage-points", 100, false}, {"pp", 100, false}, {"ppt", 100, false},
             {"ppts", 100, false},      {"point", 100, true}, {"points", 100, true}};
    for (size_t i = 0; i < PX_ARRAY_LEN(U); i++)
        if (strlen(U[i].w) == n && !memcmp(s, U[i].w, n)) {
            *plain = U[i].plain;
            return U[i].bp;
        }
    return 0;
}

/* The unit word(s) at token j: basis points per unit, or 0; *e after them. */
static double unit_at(const cmp_text *t, size_t j, size_t *e, bool *plain) {
    if (!next_ok(t, j)) return 0;
    const tx_token *k = &t->tok[j];
    if ((is_w(k, "basis") || is_w(k, "percentage")) && next_ok(t, j + 1) &&
        (is_w(&t->tok[j + 1], "point") || is_w(&t->tok[j + 1], "points"))) {
        *e = j + 2;
        *plain = false;
        return is_w(k, "basis") ? 1 : 100;
    }
    *e = j + 1;
    return unit_of(k->norm, k->norm_len, plain);
}

/* A change in points written without a number token of its own, starting
 * at token i: "25bp", "quarter-point", "50-basis-point", "half a point",
 * "a quarter of a percentage point", "three quarters of a point", "a
 * percentage point". A number followed by a unit ("50 basis points") is
 * found after the number (figure_at). */
static bool points_word(const cmp_text *t, size_t i, pts *p) {
    const tx_token *k = &t->tok[i];
    p->b = i;
    p->plain = false;
    double u, v;
    int e10;
    bool plain, pl;
    if (k->flags & TX_NUM) {
        /* the unit glued to the digits */
        size_t d = 0;
        while (d < k->norm_len && strchr("0123456789.,", k->norm[d])) d++;
        if (d == 0 || d == k->norm_len) return false;
        u = unit_of(k->norm + d, k->norm_len - d, &plain);
        if (u == 0 || plain || !parse_digits(k->norm, d, &v, &e10, &pl)) return false;
        p->bp = v * pow10i(e10) * u;
        p->e = i + 1;
        return true;
    }
    if (!(k->flags & TX_WORD)) return false;
    /* a unit joined by hyphens to a fraction or digits */
    const char *h = memchr(k->norm, '-', k->norm_len);
    for (; h; h = memchr(h + 1, '-', k->norm_len - (size_t)(h + 1 - k->norm))) {
        size_t pre = (size_t)(h - k->norm);
        u = unit_of(h + 1, k->norm_len - pre - 1, &plain);
        if (u == 0) continue;
        double f = frac_of(k->norm, pre);
        if (f == 0 && pre && k->norm[0] >= '0' && k->norm[0] <= '9' &&
            parse_digits(k->norm, pre, &v, &e10, &pl)) {
            f = v * pow10i(e10);
            p->plain = plain;
        }
        if (f == 0) return false;
        p->bp = f * u;
        p->e = i + 1;
        return true;
    }
    /* a fraction in words, then the unit */
    size_t j = i;
    if ((is_w(k, "a") || is_w(k, "an")) && next_ok(t, i + 1)) j++;
    double f = frac_of(t->tok[j].norm, t->tok[j].norm_len);
    if (f == 0 && is_w(&t->tok[j], "three") && next_ok(t, j + 1) &&
        is_w(&t->tok[j + 1], "quarters")) {
        f = 0.75;
        j++;
    }
    if (f > 0) {
        j++;
        if (next_ok(t, j) && is_w(&t->tok[j], "of") && next_ok(t, j + 1) &&
            is_w(&t->tok[j + 1], "a"))
            j += 2;
        else if (f == 0.5 && next_ok(t, j) && is_w(&t->tok[j], "a"))
            j++;
        u = unit_at(t, j, &p->e, &plain);
        if (u == 0) return false;
        p->bp = f * u;
        return true;
    }
    /* "by a percentage point" */
    if (is_w(k, "a")) {
        u = unit_at(t, i + 1, &p->e, &plain);
        if (u == 0 || plain) return false;
        p->bp = u;
        return true;
    }
    return false;
}

/* Rates that are named by a modifier ("unemployment rate"); any other
 * rate in a story about points is the central bank's. */
static const char *const RATE_MODS[] = {"unemployment", "inflation", "growth", "exchange",
                                        "mortgage", "deposit", "savings", "lending", "tax",
                                        "vacancy", "jobless", "participation", NULL};

/* What a change in points is of: a rate ("rate", or "<modifier> rate")
 * or a quantity that is itself a percentage, named shortly before the
 * figure in its sentence, or a rate right after it in its clause. */
typedef struct pnoun {
    long noun;  /* token of "rate"/"rates" or of a PCT_NOUNS word, -1 none */
    long mod;   /* RATE_MODS modifier of a rate, -1 none */
} pnoun;

static bool is_rate(const tx_token *k) {
    return (k->flags & TX_WORD) && k->stem_len == 4 && !memcmp(k->stem, "rate", 4);
}

static pnoun points_noun(const cmp_text *t, size_t qb, size_t e) {
    pnoun r = {-1, -1};
    uint32_t sent = t->tok[qb].sent;
    for (size_t q = qb; q-- > 0 && qb - q <= 10 && t->tok[q].sent == sent;) {
        if (is_rate(&t->tok[q]) || in_list(&t->tok[q], PCT_NOUNS) >= 0) {
            r.noun = (long)q;
            break;
        }
    }
    /* after it, only a rate: "a quarter-point cut in rates", not "a 50
     * basis point increase after inflation surprised" */
    for (size_t q = e; r.noun < 0 && q < e + 4 && next_ok(t, q); q++)
        if (is_rate(&t->tok[q])) r.noun = (long)q;
    if (r.noun > 0 && is_rate(&t->tok[r.noun]) && !gap_break(t, (size_t)r.noun) &&
        in_list(&t->tok[r.noun - 1], RATE_MODS) >= 0)
        r.mod = r.noun - 1;
    return r;
}

/* Key "bp:<noun>" and label "<noun> change (basis points)". */
static px_status points_subject(scan *sc, pnoun pn) {
    const cmp_text *t = sc->t;
    PX_TRY(px_buf_adds(&sc->key, "bp"));
    if (pn.noun >= 0) {
        PX_TRY(px_buf_addc(&sc->key, ':'));
        if (pn.mod >= 0) {
            const tx_token *m = &t->tok[pn.mod];
            PX_TRY(px_buf_add(&sc->key, m->stem, m->stem_len));
            PX_TRY(px_buf_addc(&sc->key, ' '));
            PX_TRY(px_buf_add(&sc->label, m->norm, m->norm_len));
            PX_TRY(px_buf_addc(&sc->label, ' '));
        }
        const tx_token *n = &t->tok[pn.noun];
        if (is_rate(n)) {
            PX_TRY(px_buf_adds(&sc->key, "rate"));
            PX_TRY(px_buf_adds(&sc->label, "rate"));
        } else {
            PX_TRY(px_buf_add(&sc->key, n->stem, n->stem_len));
            PX_TRY(px_buf_add(&sc->label, n->norm, n->norm_len));
        }
        PX_TRY(px_buf_addc(&sc->label, ' '));
    }
    return px_buf_adds(&sc->label, "change (basis points)");
}

/* Words of change around a percentage that make it a change of a rate
 * in percentage points ("cut rates by 0.25%", "a 0.5% rate hike"), not a
 * rate's level ("to 6.25%") nor a relative change. */
static const char *const CHANGE_BEFORE[] = {"by", "raised", "cut", "cuts", "lowered",
                                            "increased", "hiked", "reduced", "trimmed", NULL};
static const char *const CHANGE_NOUN[] = {"cut", "cuts", "hike", "hikes", "increase",
                                          "increases", "rise", "rises", "reduction", "move",
                                          "raise", NULL};

static bool rate_change_pct(const cmp_text *t, size_t qb, size_t after, pnoun pn, double v) {
    /* a rate moves by a few points; "rates on savings rose by 20%" is relative */
    if (v > 5 || pn.noun < 0 || !is_rate(&t->tok[pn.noun])) return false;
    if (pn.mod >= 0 && is_w(&t->tok[pn.mod], "exchange")) return false; /* moves in percent */
    if (qb > 0 && !gap_break(t, qb) && in_list(&t->tok[qb - 1], CHANGE_BEFORE) >= 0) return true;
    size_t k = after;
    if (next_ok(t, k) && is_rate(&t->tok[k])) k++;
    return next_ok(t, k) && in_list(&t->tok[k], CHANGE_NOUN) >= 0;
}

/* ---- what is expected, not reported ---- */

/* Words that make a figure an expectation, a forecast, a preference or a
 * hypothesis rather than what happened: "analysts expected 3.1%",
 * "markets had priced in a 50 basis point cut", "dissenters preferring
 * 25 basis points", "a borrower would pay 60 more", "if 200 people ...". */
static const char *const EXPECT_BEFORE[] = {
    "expected", "expect", "expects", "expecting", "expectation", "expectations",
    "forecast", "forecasts", "forecasting", "forecasted", "forecaster", "forecasters",
    "predicted", "predict", "predicts", "predicting", "prediction", "predictions",
    "anticipated", "anticipate", "anticipates", "anticipating", "projected", "projection",
    "projections", "priced", "pricing", "consensus", "polled", "preferring", "preferred",
    "prefer", "prefers", "favoured", "favored", "favouring", "favoring", "hope", "hopes",
    "hoped", "hoping", "aims", "plans", "intends", "betting", "would", "could", "might", "should", "may", "if", "unless", NULL};

/* The same after the figure: "the 3.1% economists had expected", "up to
 * 500 jobs could go". */
static const char *const EXPECT_AFTER[] = {
    "expected", "forecast", "forecasted", "predicted", "anticipated", "projected", "priced",
    "would", "could", "might", "should", "may", NULL};

/* Between a figure and an expectation word after it. */
static const char *const AUX[] = {"was", "were", "is", "are", "be", "been", "had", "has",
                                  "have", "being", NULL};

/* After an expectation word after a figure: the figure is the base the
 * change starts from ("a toll of 200 is expected to rise"), a fact. */
static const char *const CHANGE_VERB[] = {"rise", "climb", "grow", "increase", "top", "exceed",
                                          "double", "fall", "drop", "reach", "hit", "surpass",
                                          "go", "pass", NULL};

/* Words that end the reach of an expectation word before a figure. */
static const char *const EXPECT_STOP[] = {"but", "while", "whereas", "although", "though", "yet",
                                          "instead", "however", "that", "which", "who", "whose",
                                          "when", "after", "because", NULL};

/* Cues that reach only the verb phrase or condition right after them. */
static const char *const EXPECT_NEAR[] = {"would", "could", "might", "should", "may", "if",
                                          "unless", NULL};

static bool expect_word(const cmp_text *t, size_t q, const char *const *list) {
    const tx_token *k = &t->tok[q];
    if (in_list(k, list) < 0) return false;
    if (is_w(k, "may") && (k->flags & TX_CAP)) return false; /* the month */
    const tx_token *n = next_ok(t, q + 1) ? &t->tok[q + 1] : NULL;
    /* "priced in", not "priced at" */
    if ((is_w(k, "priced") || is_w(k, "pricing")) && !(n && is_w(n, "in"))) return false;
    /* "may have affected 143 million": a claim about what happened, hedged */
    if ((is_w(k, "may") || is_w(k, "might") || is_w(k, "could")) && n && is_w(n, "have"))
        return false;
    /* "than expected", "as forecast": a comparison with the expectation */
    if (q > 0 && !gap_break(t, q) && (is_w(&t->tok[q - 1], "than") || is_w(&t->tok[q - 1], "as")))
        return false;
    return true;
}

/* Whether the figure at tokens [qb, e) is stated as expected rather than
 * reported: an expectation word before it in its clause (up to another
 * number), or right after it and its noun. */
static bool expected_at(const cmp_text *t, size_t qb, size_t e) {
    for (size_t q = qb; q-- > 0 && qb - q <= 12;) {
        if (gap_break(t, q + 1)) break;
        const tx_token *k = &t->tok[q];
        if ((k->flags & TX_NUM) || word_value(k) > 1 || in_list(k, EXPECT_STOP) >= 0) break;
        if (expect_word(t, q, EXPECT_BEFORE) && (qb - q <= 6 || in_list(k, EXPECT_NEAR) < 0))
            return true;
        /* a verb of its own: "fans who expected a win saw 12 goals" */
        if (in_list(k, VERBS) >= 0 && q > 0 && !gap_break(t, q) &&
            in_list(&t->tok[q - 1], EXPECT_NEAR) < 0 && !is_w(&t->tok[q - 1], "to"))
            break;
    }
    for (size_t q = e, n = 0; n < 6 && next_ok(t, q); q++, n++) {
        const tx_token *k = &t->tok[q];
        if (expect_word(t, q, EXPECT_AFTER)) {
            size_t v = q + 1;
            if (next_ok(t, v) && is_w(&t->tok[v], "to")) v++;
            return !(next_ok(t, v) && in_list(&t->tok[v], CHANGE_VERB) >= 0);
        }
        if (in_list(k, AUX) >= 0 || ends_with(k, "ly")) continue;
        if (!(k->flags & TX_WORD) || (k->flags & TX_STOP) || verb_like(k)) break;
    }
    return false;
}

/* Key and label of a count from its subject (see the header). */
static px_status count_subject(scan *sc, const subj *s) {
    const cmp_text *t = sc->t;
    if (s->dist >= 0) PX_TRY(add_stem(&sc->key, t, s->dist));
    if (s->cls != EV_NONE) {
        if (sc->key.len) PX_TRY(px_buf_addc(&sc->key, ' '));
        PX_TRY(px_buf_adds(&sc->key, EV_NAME[s->cls]));
        bool plain_head = s->head >= 0 && !s->head_ev && in_list(&t->tok[s->head], GENERIC) < 0;
        if (plain_head) {
            /* "Israelis killed", "Russian citizens held hostage" */
            PX_TRY(add_phrase(&sc->label, t, s->first, s->head));
            PX_TRY(px_buf_addc(&sc->label, ' '));
            PX_TRY(px_buf_adds(&sc->label, EV_VERB[s->cls]));
        } else {
            /* "hostages", "Russian hostages", "killed" */
            if (s->dist >= 0) PX_TRY(add_tok(&sc->label, t, s->dist));
            if (sc->label.len) PX_TRY(px_buf_addc(&sc->label, ' '));
            PX_TRY(px_buf_adds(&sc->label, EV_NAME[s->cls]));
        }
        return PX_OK;
    }
    if (s->dist != s->head) PX_TRY(add_stem(&sc->key, t, s->head));
    if (s->dist > s->head) {
        PX_TRY(add_tok(&sc->label, t, s->dist));
        PX_TRY(add_tok(&sc->label, t, s->head));
    } else {
        PX_TRY(add_phrase(&sc->label, t, s->first, s->head));
    }
    return PX_OK;
}

/* Currency symbol ending right before byte off: its length, or 0. */
static size_t currency_before(const cmp_text *t, size_t off) {
    if (off >= 1 && t->text[off - 1] == '$') return 1;
    if (off >= 2 && !memcmp(t->text + off - 2, "\xC2\xA3", 2)) return 2;     /* £ */
    if (off >= 3 && !memcmp(t->text + off - 3, "\xE2\x82\xAC", 3)) return 3; /* € */
    return 0;
}

/* Bare "points" are a rate's percentage points only with a rate or a
 * percentage quantity named in the same clause, and a few of them: "the
 * Dow fell 300 points" as the bank raised rates is an index's. */
static bool plain_points_ok(const cmp_text *t, const pts *p, size_t qb, pnoun pn, const num *nm,
                            bool qualified) {
    if (pn.noun < 0 || p->bp > 500) return false;
    if (nm && not_a_count(t, nm, qualified)) return false;
    for (size_t q = (size_t)pn.noun + 1; q <= qb && q < t->ntok; q++)
        if (gap_break(t, q)) return false;
    return true;
}

/* The figure of a change in points p, whose number (if it has one) is nm;
 * *done false when it is not one after all (bare "points" of no rate). */
static px_status points_figure(scan *sc, const pts *p, const num *nm, bool *done) {
    const cmp_text *t = sc->t;
    size_t qb;
    const char *qual = qualifier_before(t, p->b, &qb);
    pnoun pn = points_noun(t, qb, p->e);
    *done = false;
    if (!(p->bp < 1e15)) return PX_OK; /* no change anyone reports */
    if (p->plain && !plain_points_ok(t, p, qb, pn, nm, qual[0] != '\0')) return PX_OK;
    *done = true;
    sc->key.len = sc->label.len = 0;
    PX_TRY(points_subject(sc, pn));
    num v;
    memset(&v, 0, sizeof v);
    v.b = p->b;
    v.e = p->e;
    v.v = round(p->bp * 1e6) / 1e6; /* 0.3 * 100 is 30, not 30.000000000000004 */
    const tx_token *l = &t->tok[p->e - 1];
    sc->expect = expected_at(t, qb, p->e);
    sc->unit = true;
    return emit(sc, &v, qual, t->tok[p->b].off, (size_t)l->off + l->len);
}

/* Tries a figure at token i; *next is where scanning goes on. */
static px_status figure_at(scan *sc, size_t i, size_t *next) {
    const cmp_text *t = sc->t;
    num nm;
    pts pt;
    bool done;
    *next = i + 1;
    if (points_word(t, i, &pt)) {
        PX_TRY(points_figure(sc, &pt, NULL, &done));
        if (done) *next = pt.e;
        return PX_OK;
    }
    if (!number_at(t, i, &nm)) return PX_OK;
    *next = nm.e;
    bool plain;
    double per = nm.vague ? 0 : unit_at(t, nm.e, &pt.e, &plain);
    if (per > 0) {
        pt.b = i;
        pt.bp = nm.v * per;
        pt.plain = plain;
        PX_TRY(points_figure(sc, &pt, &nm, &done));
        if (done) {
            *next = pt.e;
            return PX_OK;
        }
    }
    size_t qb;
    const char *qual = qualifier_before(t, i, &qb);
    bool qualified = qual[0] != '\0';
    if (not_a_count(t, &nm, qualified)) return PX_OK;
    const tx_token *f = &t->tok[nm.b], *l = &t->tok[nm.e - 1];
    size_t vb = f->off, ve = (size_t)l->off + l->len;
    if (nm.vague) ve = (size_t)f->off + f->len;
    sc->key.len = sc->label.len = 0;
    /* percent and money */
    bool pct = false;
    const char *money = NULL; /* the currency, as the key's prefix */
    size_t after = nm.e;
    if (nm.digits && !nm.vague) {
        if (ve < t->len && t->text[ve] == '%') {
            pct = true;
            ve++;
        } else if (ve + 1 < t->len && t->text[ve] == ' ' && t->text[ve + 1] == '%') {
            pct = true;
            ve += 2;
        } else if (next_ok(t, after) && (is_w(&t->tok[after], "percent") ||
                                         is_w(&t->tok[after], "pct"))) {
            pct = true;
            after++;
        } else if (next_ok(t, after) && is_w(&t->tok[after], "per") && next_ok(t, after + 1) &&
                   is_w(&t->tok[after + 1], "cent")) {
            pct = true;
            after += 2;
        }
        size_t cur = currency_before(t, vb);
        if (!pct && cur) {
            money = cur == 1 ? "$" : cur == 2 ? "\xC2\xA3" : "\xE2\x82\xAC";
            vb -= cur;
        }
        if (!pct && !money && next_ok(t, after) &&
            (is_w(&t->tok[after], "dollars") || is_w(&t->tok[after], "euros"))) {
            money = is_w(&t->tok[after], "dollars") ? "$" : "\xE2\x82\xAC";
            after++;
            ve = (size_t)t->tok[after - 1].off + t->tok[after - 1].len;
        }
    }
    if (pct) {
        pnoun pn = points_noun(t, qb, after);
        if (rate_change_pct(t, qb, after, pn, nm.v)) {
            /* "raised rates by 0.25%": percentage points, said loosely */
            PX_TRY(points_subject(sc, pn));
            nm.v = round(nm.v * 1e8) / 1e6;
            sc->unit = true;
        } else {
            PX_TRY(percent_subject(sc, &nm, after));
        }
        if (after > nm.e) ve = (size_t)t->tok[after - 1].off + t->tok[after - 1].len;
        sc->expect = expected_at(t, qb, after);
        return emit(sc, &nm, qual, vb, ve);
    }
    if (money) {
        PX_TRY(money_subject(sc, after, money));
        sc->expect = expected_at(t, qb, after);
        return emit(sc, &nm, qual, vb, ve);
    }
    subj s;
    s.cls = event_before(t, qb);
    subject_after(t, nm.e, &s);
    uint32_t sent = f->sent;
    bool bare = s.head < 0 || (s.head_ev && s.dist < 0 && s.head == s.first);
    if (bare && s.cls != EV_NONE && sc->prev_sent == (long)sent && qb > 0) {
        /* ellipsis: "20 were killed and two kidnapped", "12 soldiers were
         * killed and 30 wounded" */
        const tx_token *p = &t->tok[qb - 1];
        bool coord = is_w(p, "and") || is_w(p, "or") || is_w(p, "while") || is_w(p, "but");
        if (coord || gap_break(t, qb)) {
            int cls = s.cls;
            s = sc->prev;
            s.partitive = false;
            s.cls = cls;
        }
    }
    if (s.head < 0 && s.cls == EV_NONE) return PX_OK; /* a bare number */
    /* "the two men": a definite reference back, not a report of a count */
    if (s.cls == EV_NONE && qb > 0 && !gap_break(t, qb) &&
        in_list(&t->tok[qb - 1], ANAPHORIC) >= 0)
        return PX_OK;
    if (nm.one && s.cls == EV_NONE) return PX_OK;
    PX_TRY(count_subject(sc, &s));
    /* "14 of the injured" without "... were Russian": a part of the
     * injured, not their number */
    sc->part = s.partitive && s.dist < 0;
    if (s.head >= 0) {
        sc->prev_sent = (long)sent;
        sc->prev = s;
    }
    sc->expect = expected_at(t, qb, nm.e);
    return emit(sc, &nm, qual, vb, ve);
}

px_status cmp_figures_doc(const cmp_text *t, cmp_arena *a, cmp_dfigure **out, size_t *n) {
    *out = NULL;
    *n = 0;
    scan sc;
    memset(&sc, 0, sizeof sc);
    sc.t = t;
    sc.a = a;
    sc.prev_sent = -1;
    px_buf_init(&sc.key, &a->al);
    px_buf_init(&sc.label, &a->al);
    px_status st = PX_OK;
    for (size_t i = 0; i < t->ntok && st == PX_OK;) {
        size_t next;
        st = figure_at(&sc, i, &next);
        i = next > i ? next : i + 1;
    }
    px_buf_free(&sc.key);
    px_buf_free(&sc.label);
    if (st != PX_OK) return st;
    *out = sc.out;
    *n = sc.n;
    return PX_OK;
}

/* ---- grouping ---- */

/* The counts a value allows. */
typedef struct ival {
    double lo, hi;        /* bounds */
    bool lo_open, hi_open; /* bound excluded */
} ival;

static ival interval_of(const cmp_dfigure *f) {
    double v = f->num, step = v / 10 < 1 ? 1 : v / 10;
    const char *q = f->qualifier;
    ival r = {v, v, false, false};
    if (f->part) return (ival){v, HUGE_VAL, false, false}; /* the whole is at least v */
    if (!strcmp(q, "more than")) r = (ival){v, v + step, true, false};
    else if (!strcmp(q, "at least")) r = (ival){v, v + step, false, false};
    else if (!strcmp(q, "about")) r = (ival){0.9 * v, 1.1 * v, false, false};
    else if (!strcmp(q, "nearly")) r = (ival){0.9 * v, v, false, true};
    else if (!strcmp(q, "up to")) r = (ival){0, v, false, false};
    else if (!strcmp(q, "fewer than")) r = (ival){0, v, false, true};
    else if (!strcmp(q, "dozens of")) r = (ival){24, 99, false, false};
    else if (!strcmp(q, "hundreds of")) r = (ival){200, 999, false, false};
    else if (!strcmp(q, "thousands of")) r = (ival){2000, 9999, false, false};
    else if (!strcmp(q, "tens of thousands of")) r = (ival){20000, 99999, false, false};
    else if (!strcmp(q, "hundreds of thousands of")) r = (ival){200000, 999999, false, false};
    else if (!strcmp(q, "millions of")) r = (ival){2e6, 9.99e9, false, false};
    return r;
}

/* Narrows acc to its common part with x; false when nothing is left.
 * Values parsed from "3.3 million" and "3,300,000" may differ in the last
 * bit, hence the tolerance. */
static bool intersect(ival *acc, ival x) {
    if (x.lo > acc->lo || (x.lo == acc->lo && x.lo_open)) {
        acc->lo = x.lo;
        acc->lo_open = x.lo_open;
    }
    if (x.hi < acc->hi || (x.hi == acc->hi && x.hi_open)) {
        acc->hi = x.hi;
        acc->hi_open = x.hi_open;
    }
    double eps = 1e-9 * (fabs(acc->hi) > 1 ? fabs(acc->hi) : 1);
    if (acc->lo > acc->hi + eps) return false;
    if (fabs(acc->lo - acc->hi) <= eps && (acc->lo_open || acc->hi_open)) return false;
    return true;
}

/* One figure of the story, for sorting. */
typedef struct fref {
    const cmp_dfigure *f;  /* the figure */
    const char *key;       /* its subject key in the story */
    const char *label;     /* and label */
    size_t doc, idx;       /* article and position in it */
} fref;

static int cmp_fref(const void *pa, const void *pb) {
    const fref *x = pa, *y = pb;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* A group while ordering: its run of frefs and the facts the order uses. */
typedef struct grp {
    size_t b, e;      /* frefs [b, e) */
    size_t ndoc;      /* distinct articles */
    bool conflict;    /* no common point */
    size_t doc, idx;  /* first appearance */
} grp;

static int cmp_grp(const void *pa, const void *pb) {
    const grp *x = pa, *y = pb;
    if (x->conflict != y->conflict) return x->conflict ? -1 : 1;
    if (x->ndoc != y->ndoc) return x->ndoc > y->ndoc ? -1 : 1;
    if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Labels of one group, for counting. */
typedef struct lref {
    const char *label;  /* the label */
    size_t pos;         /* position in the group, for ties */
} lref;

static int cmp_lref(const void *pa, const void *pb) {
    const lref *x = pa, *y = pb;
    int c = strcmp(x->label, y->label);
    if (c) return c;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The most common label of refs [b, e); ties go to the first seen. */
static const char *common_label(const fref *r, size_t b, size_t e, lref *tmp) {
    size_t m = e - b;
    for (size_t i = 0; i < m; i++) tmp[i] = (lref){r[b + i].label, i};
    qsort(tmp, m, sizeof *tmp, cmp_lref);
    const char *best = tmp[0].label;
    size_t best_n = 0, best_pos = SIZE_MAX;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && !strcmp(tmp[j].label, tmp[i].label)) j++;
        size_t cnt = j - i;
        if (cnt > best_n || (cnt == best_n && tmp[i].pos < best_pos)) {
            best = tmp[i].label;
            best_n = cnt;
            best_pos = tmp[i].pos;
        }
        i = j;
    }
    return best;
}

/* Keys that say how many of something without saying what: "312 people"
 * on board and "eleven people" in hospital, "7.8%" and "3%" of different
 * things. Such figures of two articles are not the same quantity, so they
 * are never grouped (an event word gives people a key of its own:
 * "200 people kidnapped" is keyed "hostages"). Nor is a part ("14 of the
 * injured" in hospital): it counts a subset, which is another quantity. */
/* Whether a subject key counts the event itself (killed, injured,
 * hostages, ...), possibly with a distinguishing word before it. */
static bool event_key(const char *key) {
    const char *last = strrchr(key, ' ');
    last = last ? last + 1 : key;
    for (size_t k = 0; k < PX_ARRAY_LEN(EV_NAME); k++)
        if (strcmp(last, EV_NAME[k]) == 0) return true;
    return false;
}

static bool generic_key(const char *key) {
    static const char *const generic[] = {"peopl", "person", "men", "women", "individu",
                                          "other", "%", NULL};
    for (const char *const *g = generic; *g; g++)
        if (strcmp(key, *g) == 0) return true;
    return false;
}

/* The values of refs [b, e) (one key, by article then text order), an
 * exact repeat within one article dropped: it says nothing new. */
static px_status fill_values(const cmp_text *docs, const fref *r, size_t b, size_t e,
                             cmp_arena *a, cmp_fvalue **out, size_t *n) {
    cmp_fvalue *vs = cmp_alloc(a, (e - b) * sizeof *vs);
    if (!vs) return PX_ENOMEM;
    size_t nv = 0;
    for (size_t q = b; q < e; q++) {
        const cmp_dfigure *d = r[q].f;
        bool dup = false;
        for (size_t p = q; p-- > b && r[p].doc == r[q].doc && !dup;)
            if (r[p].f->num == d->num && !strcmp(r[p].f->qualifier, d->qualifier) &&
                (!d->unit || !strcmp(r[p].f->value, d->value)))
                dup = true;
        if (dup) continue;
        cmp_fvalue *v = &vs[nv++];
        v->num = d->num;
        v->value = d->value;
        v->qualifier = d->qualifier;
        v->doc = r[q].doc;
        v->unit = d->unit;
        const cmp_text *t = &docs[r[q].doc];
        if (d->sent < t->nsent)
            v->sentence = cmp_strndup(a, t->text + t->sent[d->sent].off, t->sent[d->sent].len);
        else
            v->sentence = cmp_strdup(a, "");
        if (!v->sentence) return PX_ENOMEM;
    }
    *out = vs;
    *n = nv;
    return PX_OK;
}

/* A change in points with no rate named in its sentence ("investors had
 * priced in 25 basis points") is of the rate the story's other changes in
 * points are of, when they are all of one: it takes that key and label. */
static void points_of_one_rate(fref *r, size_t nr, fref *xr, size_t nx) {
    const fref *one = NULL;
    for (size_t i = 0; i < nr + nx; i++) {
        const fref *x = i < nr ? &r[i] : &xr[i - nr];
        if (strncmp(x->key, "bp:", 3)) continue;
        if (one && strcmp(one->key, x->key)) return; /* two rates */
        if (!one) one = x;
    }
    if (!one) return;
    for (size_t i = 0; i < nr + nx; i++) {
        fref *x = i < nr ? &r[i] : &xr[i - nr];
        if (!strcmp(x->key, "bp")) {
            x->key = one->key;
            x->label = one->label;
        }
    }
}

px_status cmp_figures_group(const cmp_text *docs, cmp_dfigure *const *f, const size_t *nf,
                            size_t ndocs, cmp_arena *a, cmp_figure **out, size_t *n) {
    *out = NULL;
    *n = 0;
    size_t total = 0;
    for (size_t k = 0; k < ndocs; k++) {
        if (nf[k] > SIZE_MAX / sizeof(fref) - total) return PX_ENOMEM;
        total += nf[k];
    }
    if (total == 0) return PX_OK;
    fref *r = cmp_alloc(a, total * sizeof *r);
    fref *xr = cmp_alloc(a, total * sizeof *xr);
    lref *tmp = cmp_alloc(a, total * sizeof *tmp);
    if (!r || !xr || !tmp) return PX_ENOMEM;
    /* what is only expected is no claim about the event: kept apart, shown
     * beside the reported values of its subject, never in a conflict */
    size_t m = 0, nx = 0;
    for (size_t k = 0; k < ndocs; k++)
        for (size_t i = 0; i < nf[k]; i++) {
            const cmp_dfigure *d = &f[k][i];
            if (generic_key(d->subject) || d->part) continue;
            if (d->expected) xr[nx++] = (fref){d, d->subject, d->label, k, i};
            else r[m++] = (fref){d, d->subject, d->label, k, i};
        }
    points_of_one_rate(r, m, xr, nx);
    total = m;
    if (total == 0) return PX_OK;
    qsort(r, total, sizeof *r, cmp_fref);
    qsort(xr, nx, sizeof *xr, cmp_fref);
    size_t ng = 0;
    for (size_t i = 0; i < total; i++)
        if (i == 0 || strcmp(r[i].key, r[i - 1].key)) ng++;
    grp *g = cmp_alloc(a, ng * sizeof *g);
    if (!g) return PX_ENOMEM;
    ng = 0;
    for (size_t i = 0; i < total;) {
        size_t j = i;
        while (j < total && !strcmp(r[j].key, r[i].key)) j++;
        /* an article that gives values for one key that cannot all be
         * true counts several things under it (three missiles in one
         * launch, four in the next; kilograms of five payloads): its
         * values are left out of the group, which compares the articles
         * that give one. Not for the event's own counts: "officials said
         * 12 were killed, medics said 15" is a conflict worth showing. */
        size_t k = i;
        bool event = event_key(r[i].key);
        for (size_t q = i; q < j;) {
            size_t e = q;
            ival own = {-INFINITY, INFINITY, false, false};
            bool one = true;
            while (e < j && r[e].doc == r[q].doc) one = intersect(&own, interval_of(r[e++].f)) && one;
            if (one || event)
                while (q < e) r[k++] = r[q++];
            q = e;
        }
        if (k == i) {
            i = j;
            continue;
        }
        grp *x = &g[ng++];
        x->b = i;
        x->e = k;
        x->doc = r[i].doc;
        x->idx = r[i].idx;
        x->ndoc = 0;
        ival acc = {-INFINITY, INFINITY, false, false};
        bool ok = true;
        for (size_t q = i; q < k; q++) {
            if (q == i || r[q].doc != r[q - 1].doc) x->ndoc++;
            if (ok && !intersect(&acc, interval_of(r[q].f))) ok = false;
        }
        x->conflict = !ok;
        i = j;
    }
    qsort(g, ng, sizeof *g, cmp_grp);
    cmp_figure *res = cmp_alloc(a, ng * sizeof *res);
    if (!res) return PX_ENOMEM;
    for (size_t gi = 0; gi < ng; gi++) {
        const grp *x = &g[gi];
        cmp_figure *o = &res[gi];
        o->subject = common_label(r, x->b, x->e, tmp);
        o->conflict = x->conflict;
        PX_TRY(fill_values(docs, r, x->b, x->e, a, &o->v, &o->nv));
        /* the expected values of the same key: a run of xr */
        const char *key = r[x->b].key;
        size_t lo = 0, hi = nx;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(xr[mid].key, key) < 0) lo = mid + 1;
            else hi = mid;
        }
        for (hi = lo; hi < nx && !strcmp(xr[hi].key, key);) hi++;
        o->expect = NULL;
        o->nexpect = 0;
        if (hi > lo) PX_TRY(fill_values(docs, xr, lo, hi, a, &o->expect, &o->nexpect));
    }
    *out = res;
    *n = ng;
    return PX_OK;
}
