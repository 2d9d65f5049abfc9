/*
 * gen.c - a deterministic synthetic corpus generator for the benchmarks.
 *
 * Consumes a mode, a size and an output path; produces, byte for byte the
 * same on every run (seed with -s):
 *
 *   gen dedup N OUT.jsonl    N short JSON Lines articles (~100 words; -w
 *                            sets another mean) with ids d000001..., a
 *                            published date, a source, a title and a
 *                            text. About 20% repeat an earlier
 *                            article: 8% exactly (half of them re-spaced
 *                            and re-cased, equal after normalization), 12%
 *                            with words substituted, inserted or deleted at
 *                            a known rate (1, 2, 3, 5 or 10%). OUT.truth.tsv
 *                            lists them: id, original id, edit rate.
 *   gen stories N OUT.jsonl  N articles of about 500 words grouped into
 *                            events (1 to 60 articles, 8 on average). Each
 *                            event has its own names and terms (6% of the
 *                            words) and those of its topic (5%), which
 *                            about 20 events share within a 120-day
 *                            season; it is covered by several sources over
 *                            1-4 days; topics are spread over 18 months,
 *                            so same-topic events overlap in time and the
 *                            clusterer has to tell them apart by their
 *                            own words. Records are in publication
 *                            order and carry the gold label in "story"
 *                            (the format `parallax eval --gold` reads).
 *   gen text MB OUT.txt      about MB megabytes of plain text.
 *
 * The language is made up: a Zipf-distributed vocabulary of 50,000
 * pronounceable words (rank r drawn with weight 1/(r + 2.7), sampled in
 * O(1) by Walker's alias method) mixed 45/55 with real English function
 * words, in sentences of 6-24 words. Every article's words come from its
 * own generator state, so a copy regenerates its original instead of
 * keeping it in memory: memory stays flat however large N is.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers ---- */

static uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* splitmix64: one state word, one mix per draw. */
static uint64_t rnd(uint64_t *s) {
    return mix64(*s += 0x9e3779b97f4a7c15ULL);
}

/* Uniform in [0, n). */
static uint32_t below(uint64_t *s, uint32_t n) {
    return (uint32_t)(((rnd(s) >> 32) * n) >> 32);
}

/* Uniform in [0, 1). */
static double unit(uint64_t *s) {
    return (double)(rnd(s) >> 11) / 9007199254740992.0;
}

/* The generator state of item `key` in stream `stream`. */
static uint64_t state_of(uint64_t seed, uint64_t stream, uint64_t key) {
    return mix64(seed ^ mix64(stream * 0x632be59bd9b4e019ULL + key));
}

/* ---- output ---- */

typedef struct out {
    FILE *f;      /* destination */
    char *buf;    /* pending bytes */
    size_t n;     /* bytes pending */
    size_t cap;   /* flush beyond this */
    size_t done;  /* bytes flushed so far */
    const char *path; /* for messages */
} out;

static void die(const char *what, const char *path) {
    fprintf(stderr, "gen: %s: %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static void flush(out *o) {
    if (o->n && fwrite(o->buf, 1, o->n, o->f) != o->n) die("write", o->path);
    o->done += o->n;
    o->n = 0;
}

/* Room for at least `need` more bytes. */
static inline char *room(out *o, size_t need) {
    if (o->n + need > o->cap) flush(o);
    return o->buf + o->n;
}

static inline void put(out *o, const char *s, size_t len) {
    memcpy(room(o, len), s, len);
    o->n += len;
}

static inline void puts_(out *o, const char *s) {
    put(o, s, strlen(s));
}

static void open_out(out *o, const char *path) {
    o->f = fopen(path, "wb");
    if (!o->f) die("cannot open", path);
    o->cap = (size_t)8 << 20;
    o->buf = malloc(o->cap + 65536);
    if (!o->buf) die("out of memory", path);
    o->n = 0;
    o->done = 0;
    o->path = path;
}

static void close_out(out *o) {
    flush(o);
    if (fclose(o->f) != 0) die("close", o->path);
    free(o->buf);
}

/* ---- the made-up language ---- */

enum {
    VOCAB = 50000,  /* content words */
    NFUNC = 64,     /* function words */
    PERIOD = -1,    /* token ids below 0 are punctuation */
    COMMA = -2,
    MAXW = 24       /* longest word, bytes */
};

/* Real English function words, most frequent first. */
static const char *const func_words[NFUNC] = {
    "the", "of", "and", "to", "a", "in", "that", "is", "for", "it",
    "on", "was", "with", "he", "as", "at", "by", "this", "had", "not",
    "are", "but", "from", "or", "have", "an", "they", "which", "one", "you",
    "were", "her", "all", "she", "there", "would", "their", "we", "him", "been",
    "has", "when", "who", "will", "more", "no", "if", "out", "so", "said",
    "what", "up", "its", "about", "into", "than", "them", "can", "only", "other",
    "new", "some", "could", "these",
};

static const char *const onsets[] = {
    "b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k",
    "l", "m", "n", "p", "pr", "r", "s", "sh", "st", "t", "th", "tr", "v",
    "w", "z", "",
};
static const char *const nuclei[] = {
    "a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ee", "y",
};
static const char *const codas[] = {
    "", "", "", "n", "r", "s", "l", "m", "t", "nd", "st", "rk", "ng",
};

/* Word storage: each word at a fixed stride, NUL-padded, so a copy is one
 * fixed-size memcpy. */
typedef struct lang {
    char (*word)[MAXW];   /* content words by rank */
    uint8_t *len;         /* their lengths */
    uint32_t *prob;       /* alias method: keep threshold (of 2^32) */
    uint32_t *alias;      /* alias method: the other outcome */
    uint32_t fprob[NFUNC];  /* alias tables of the function words */
    uint32_t falias[NFUNC];
    uint8_t flen[NFUNC];  /* function word lengths */
} lang;

/* One pronounceable word of 1-3 syllables into w; returns its length. */
static size_t make_word(uint64_t *s, char *w, unsigned syl) {
    size_t n = 0;
    for (unsigned k = 0; k < syl; k++) {
        const char *p[3] = {onsets[below(s, sizeof onsets / sizeof *onsets)],
                            nuclei[below(s, sizeof nuclei / sizeof *nuclei)],
                            codas[below(s, sizeof codas / sizeof *codas)]};
        for (int q = 0; q < 3; q++)
            for (const char *c = p[q]; *c && n < MAXW - 1; c++) w[n++] = *c;
    }
    w[n] = '\0';
    return n;
}

/* Walker's alias tables for weights w[0..n). */
static void build_alias(const double *w, uint32_t n, uint32_t *prob,
                        uint32_t *alias) {
    double sum = 0;
    for (uint32_t i = 0; i < n; i++) sum += w[i];
    double *p = malloc(n * sizeof *p);
    uint32_t *small = malloc(n * sizeof *small), *large = malloc(n * sizeof *large);
    if (!p || !small || !large) die("out of memory", "alias");
    uint32_t ns = 0, nl = 0;
    for (uint32_t i = 0; i < n; i++) {
        p[i] = w[i] * n / sum;
        if (p[i] < 1) small[ns++] = i;
        else large[nl++] = i;
    }
    while (ns && nl) {
        uint32_t a = small[--ns], b = large[nl - 1];
        prob[a] = (uint32_t)(p[a] * 4294967295.0);
        alias[a] = b;
        p[b] -= 1 - p[a];
        if (p[b] < 1) {
            nl--;
            small[ns++] = b;
        }
    }
    while (nl) {
        uint32_t b = large[--nl];
        prob[b] = UINT32_MAX;
        alias[b] = b;
    }
    while (ns) {
        uint32_t a = small[--ns];
        prob[a] = UINT32_MAX;
        alias[a] = a;
    }
    free(p);
    free(small);
    free(large);
}

static void lang_init(lang *L, uint64_t seed) {
    L->word = calloc(VOCAB, sizeof *L->word);
    L->len = malloc(VOCAB);
    L->prob = malloc(VOCAB * sizeof *L->prob);
    L->alias = malloc(VOCAB * sizeof *L->alias);
    double *w = malloc(VOCAB * sizeof *w);
    if (!L->word || !L->len || !L->prob || !L->alias || !w) die("out of memory", "vocabulary");
    uint64_t s = state_of(seed, 1, 0);
    for (uint32_t i = 0; i < VOCAB; i++) {
        /* frequent words are short, as in real languages */
        unsigned syl = i < 300 ? 1 : i < 8000 ? 1 + below(&s, 2) : 2 + below(&s, 2);
        L->len[i] = (uint8_t)make_word(&s, L->word[i], syl);
        if (L->len[i] < 2) { /* a bare vowel: lengthen it */
            L->word[i][1] = 'n';
            L->word[i][2] = '\0';
            L->len[i] = 2;
        }
        w[i] = 1.0 / (i + 2.7);
    }
    build_alias(w, VOCAB, L->prob, L->alias);
    double fw[NFUNC];
    for (int i = 0; i < NFUNC; i++) {
        fw[i] = 1.0 / (i + 1.5);
        L->flen[i] = (uint8_t)strlen(func_words[i]);
    }
    build_alias(fw, NFUNC, L->fprob, L->falias);
    free(w);
}

static void lang_free(lang *L) {
    free(L->word);
    free(L->len);
    free(L->prob);
    free(L->alias);
}

/* A content word by Zipf rank. */
static inline int32_t zipf(const lang *L, uint64_t *s) {
    uint64_t u = rnd(s);
    uint32_t i = (uint32_t)(((u >> 32) * VOCAB) >> 32);
    return (int32_t)((uint32_t)u < L->prob[i] ? i : L->alias[i]);
}

/* Token ids: 0..VOCAB-1 content words, VOCAB..VOCAB+NFUNC-1 function words,
 * PERIOD and COMMA; event tokens use content ids. */
static inline int32_t func(const lang *L, uint64_t *s) {
    uint64_t u = rnd(s);
    uint32_t i = (uint32_t)(((u >> 32) * NFUNC) >> 32);
    return VOCAB + (int32_t)((uint32_t)u < L->fprob[i] ? i : L->falias[i]);
}

/* A token list. */
typedef struct toks {
    int32_t *t;  /* tokens */
    size_t n;    /* count */
    size_t cap;  /* capacity */
} toks;

static inline void push(toks *k, int32_t v) {
    if (k->n == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 1024;
        k->t = realloc(k->t, k->cap * sizeof *k->t);
        if (!k->t) die("out of memory", "tokens");
    }
    k->t[k->n++] = v;
}

/* Where event words come from: names and terms drawn with a rate. */
typedef struct mixin {
    const int32_t *words; /* candidate tokens */
    size_t n;             /* how many */
    double rate;          /* share of the text's words */
} mixin;

/* Appends about `words` words in sentences of 6-24 words: function words
 * 45%, the mixins at their rates, Zipf content words for the rest. */
static void make_text(const lang *L, uint64_t *s, size_t words,
                      const mixin *mx, int nmx, toks *k) {
    size_t w = 0;
    while (w < words) {
        unsigned len = 6 + below(s, 19);
        for (unsigned i = 0; i < len; i++) {
            double u = unit(s);
            int32_t t = -3;
            for (int m = 0; m < nmx && t == -3; m++) {
                if (u < mx[m].rate) t = mx[m].words[below(s, (uint32_t)mx[m].n)];
                else u -= mx[m].rate;
            }
            if (t == -3) t = u < 0.45 ? func(L, s) : zipf(L, s);
            push(k, t);
            if (i + 1 < len && below(s, 16) == 0) push(k, COMMA);
        }
        push(k, PERIOD);
        w += len;
    }
}

/* Substitutes, inserts or deletes each word with probability rate. */
static void edit(const lang *L, uint64_t *s, const toks *in, double rate, toks *o) {
    o->n = 0;
    for (size_t i = 0; i < in->n; i++) {
        int32_t t = in->t[i];
        if (t < 0 || unit(s) >= rate) {
            push(o, t);
            continue;
        }
        switch (below(s, 3)) {
        case 0: push(o, zipf(L, s)); break;
        case 1: push(o, t); push(o, zipf(L, s)); break;
        default: break;
        }
    }
}

/* Writes a token's text; cap: capitalize its first letter. Names (content
 * ids at or above NAME_BASE) are always capitalized. */
enum { NAME_BASE = 40000 };

/* Rare content words, an event's or a topic's terms: ranks 20,000-39,999. */
enum { TERM_BASE = 20000, NTERMS = 20000 };

/* An event's own names and terms are compounds of two vocabulary words:
 * 10^8 names and 4 * 10^8 terms, so they stay the event's own however many
 * events a corpus has. Drawn from the 10,000 names and 20,000 rare terms
 * themselves, each "own" word would be shared by a dozen events at 100,000
 * articles and by a hundred at a million, and the corpus would get harder
 * with its size for no reason real news has. COMPOUND | a << 15 | b: a and
 * b offsets of the two words, a below 10,000 for names (from NAME_BASE),
 * 10,000 up for terms (from rank 20,000). */
enum { COMPOUND = 1 << 30, CNAMES = 10000 };

static int32_t compound_name(uint64_t *s) {
    return COMPOUND | (int32_t)below(s, CNAMES) << 15 | (int32_t)below(s, CNAMES);
}

static int32_t compound_term(uint64_t *s) {
    return COMPOUND | (int32_t)(CNAMES + below(s, NTERMS)) << 15 | (int32_t)below(s, NTERMS);
}

static inline char *put_word(out *o, const lang *L, int32_t t, int cap) {
    char *p = room(o, 2 * MAXW + 1);
    size_t n;
    if (t & COMPOUND) {
        int32_t a = t >> 15 & 0x7fff, b = t & 0x7fff;
        bool name = a < CNAMES;
        int32_t w1 = name ? NAME_BASE + a : TERM_BASE + a - CNAMES;
        int32_t w2 = name ? NAME_BASE + b : TERM_BASE + b;
        memcpy(p, L->word[w1], MAXW);
        memcpy(p + L->len[w1], L->word[w2], MAXW);
        n = (size_t)L->len[w1] + L->len[w2];
        if ((cap || name) && p[0] >= 'a' && p[0] <= 'z') p[0] -= 32;
        o->n += n;
        return p;
    }
    if (t >= VOCAB) {
        n = L->flen[t - VOCAB];
        memcpy(p, func_words[t - VOCAB], n);
    } else {
        memcpy(p, L->word[t], MAXW);
        n = L->len[t];
    }
    if ((cap || (t >= NAME_BASE && t < VOCAB)) && p[0] >= 'a' && p[0] <= 'z') p[0] -= 32;
    o->n += n;
    return p;
}

/* Renders tokens as sentences. style 1 re-spaces and re-cases (a copy
 * that only normalization makes exact): double spaces, a line break
 * between sentences, an upper-cased word now and then. */
static void render(out *o, const lang *L, const toks *k, int style, uint64_t *s) {
    int start = 1;
    for (size_t i = 0; i < k->n; i++) {
        int32_t t = k->t[i];
        if (t == PERIOD) {
            put(o, ".", 1);
            start = 1;
            continue;
        }
        if (t == COMMA) {
            put(o, ",", 1);
            continue;
        }
        if (i > 0) {
            if (style && start) puts_(o, "\\n");
            else if (style && below(s, 7) == 0) put(o, "  ", 2);
            else put(o, " ", 1);
        }
        char *w = put_word(o, L, t, start);
        if (style && below(s, 11) == 0)
            for (char *c = w; c < o->buf + o->n; c++)
                if (*c >= 'a' && *c <= 'z') *c -= 32;
        start = 0;
    }
}

/* A title of n words from the tokens given or Zipf words, title-cased. */
static void render_title(out *o, const lang *L, const int32_t *t, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (i) put(o, " ", 1);
        put_word(o, L, t[i], i == 0 || t[i] < VOCAB || (t[i] & COMPOUND));
    }
}

static const char *const outlets[] = {
    "The Daily Ledger", "Northern Courier", "Harbor Times", "The Meridian Post",
    "Valley Gazette", "Capital Wire", "The Evening Lantern", "Coastline News",
    "Summit Herald", "The Civic Observer", "Riverside Tribune", "Global Dispatch",
    "The Morning Compass", "Eastgate Chronicle", "Pioneer Bulletin", "Metro Signal",
    "The Granite Review", "Westfield Journal", "Open Square Media", "Lakeshore Voice",
};
#define NOUTLETS (sizeof outlets / sizeof *outlets)

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil(int64_t days, int *y, int *m, int *d) {
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Seconds since the epoch as ISO 8601 UTC. */
static void put_time(out *o, int64_t t) {
    int y, m, d;
    civil(t / 86400, &y, &m, &d);
    int64_t r = t % 86400;
    char *p = room(o, 32);
    o->n += (size_t)snprintf(p, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
                             (int)(r / 3600), (int)(r / 60 % 60), (int)(r % 60));
}

/* 2024-01-01T00:00:00Z */
#define EPOCH0 1704067200LL

/* ---- dedup ---- */

/* 0: an original; 1: exact copy; 2: re-spaced exact copy; 3: edited. */
static int dd_kind(uint64_t seed, size_t i) {
    if (i < 10) return 0;
    uint64_t s = state_of(seed, 2, i);
    uint32_t u = below(&s, 100);
    return u < 4 ? 1 : u < 8 ? 2 : u < 20 ? 3 : 0;
}

/* The words and title of original j, of about `words` words. */
static void dd_original(const lang *L, uint64_t seed, size_t j, size_t words,
                        toks *k, int32_t title[12], size_t *ntitle) {
    uint64_t s = state_of(seed, 3, j);
    k->n = 0;
    make_text(L, &s, words * 4 / 5 + below(&s, (uint32_t)(words * 2 / 5 + 1)), NULL, 0, k);
    *ntitle = 5 + below(&s, 5);
    for (size_t i = 0; i < *ntitle; i++) title[i] = zipf(L, &s);
}

static void gen_dedup(const lang *L, uint64_t seed, size_t n, size_t words,
                      const char *path) {
    out o, tr;
    open_out(&o, path);
    size_t plen = strlen(path);
    char *tpath = malloc(plen + 16);
    if (!tpath) die("out of memory", path);
    memcpy(tpath, path, plen + 1);
    if (plen > 6 && strcmp(path + plen - 6, ".jsonl") == 0) tpath[plen - 6] = '\0';
    strcat(tpath, ".truth.tsv");
    open_out(&tr, tpath);
    puts_(&tr, "id\tdup_of\trate\n");
    static const double rates[] = {0.01, 0.02, 0.03, 0.05, 0.10};
    toks k = {0}, e = {0};
    int32_t title[12];
    size_t ntitle;
    char id[32], src_id[32];
    for (size_t i = 0; i < n; i++) {
        uint64_t s = state_of(seed, 4, i);
        int kind = dd_kind(seed, i);
        size_t src = i;
        double rate = 0;
        if (kind != 0) {
            do src = below(&s, (uint32_t)i);
            while (dd_kind(seed, src) != 0);
            if (kind == 3) rate = rates[below(&s, 5)];
        }
        dd_original(L, seed, src, words, &k, title, &ntitle);
        const toks *body = &k;
        if (kind == 3) {
            edit(L, &s, &k, rate, &e);
            body = &e;
        }
        snprintf(id, sizeof id, "d%06zu", i + 1);
        puts_(&o, "{\"id\":\"");
        puts_(&o, id);
        puts_(&o, "\",\"published\":\"");
        put_time(&o, EPOCH0 + (int64_t)i * 37 + below(&s, 30));
        puts_(&o, "\",\"source\":\"");
        puts_(&o, outlets[below(&s, NOUTLETS)]);
        puts_(&o, "\",\"title\":\"");
        render_title(&o, L, title, ntitle);
        puts_(&o, "\",\"text\":\"");
        render(&o, L, body, kind == 2, &s);
        puts_(&o, "\"}\n");
        if (kind != 0) {
            snprintf(src_id, sizeof src_id, "d%06zu", src + 1);
            char *p = room(&tr, 96);
            tr.n += (size_t)snprintf(p, 96, "%s\t%s\t%.2f\n", id, src_id, rate);
        }
    }
    free(k.t);
    free(e.t);
    close_out(&o);
    close_out(&tr);
    free(tpath);
}

/* ---- stories ---- */

typedef struct art {
    int64_t time;   /* published, seconds since the epoch */
    uint32_t event; /* event index */
    uint32_t k;     /* article index within the event */
} art;

static int cmp_art(const void *a, const void *b) {
    const art *x = a, *y = b;
    if (x->time != y->time) return x->time < y->time ? -1 : 1;
    if (x->event != y->event) return x->event < y->event ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/* The distinctive words of event ev in topic `topic`. The topic's
 * recurring names and terms come first (3 and 6 of them): names content ids
 * from NAME_BASE up (rendered capitalized), terms rare content words (ranks
 * 20,000-39,999). The event's own come after (5 and 8), compounds of two
 * such words (see COMPOUND). */
static void event_words(uint64_t seed, uint32_t ev, uint32_t topic,
                        int32_t names[8], int32_t terms[14]) {
    uint64_t s = state_of(seed, 6, topic);
    for (int i = 0; i < 3; i++) names[i] = NAME_BASE + (int32_t)below(&s, VOCAB - NAME_BASE);
    for (int i = 0; i < 6; i++) terms[i] = TERM_BASE + (int32_t)below(&s, NTERMS);
    s = state_of(seed, 7, ev);
    for (int i = 3; i < 8; i++) names[i] = compound_name(&s);
    for (int i = 6; i < 14; i++) terms[i] = compound_term(&s);
}

/* The topic of event ev: one of ntopics, each active over 120 days. */
static uint32_t topic_of(uint64_t seed, uint32_t ev, uint32_t ntopics) {
    return (uint32_t)(mix64(seed ^ mix64(ev + 1)) % ntopics);
}

static void gen_stories(const lang *L, uint64_t seed, size_t n, const char *path) {
    art *a = malloc((n + 1) * sizeof *a);
    if (!a) die("out of memory", path);
    /* event sizes: 1 + geometric with mean 7, at most 60; about 20 events
     * per topic, a topic's events starting within 120 days of its own
     * start, topics spread over 18 months */
    size_t na = 0;
    uint32_t ev = 0;
    uint64_t s = state_of(seed, 5, 0);
    const int64_t span = 548LL * 86400, season = 120LL * 86400;
    uint32_t ntopics = (uint32_t)(n / 160 + 1);
    while (na < n) {
        uint32_t size = 1;
        while (size < 60 && unit(&s) < 7.0 / 8.0) size++;
        uint64_t ts = state_of(seed, 10, topic_of(seed, ev, ntopics));
        int64_t start = EPOCH0 + (int64_t)(unit(&ts) * (double)(span - season)) +
                        (int64_t)(unit(&s) * (double)season);
        int64_t days = 1 + below(&s, 4);
        for (uint32_t k = 0; k < size && na < n; k++) {
            a[na].time = start + (int64_t)(unit(&s) * (double)(days * 86400));
            a[na].event = ev;
            a[na].k = k;
            na++;
        }
        ev++;
    }
    qsort(a, na, sizeof *a, cmp_art);
    out o;
    open_out(&o, path);
    toks k = {0};
    char id[32];
    for (size_t i = 0; i < na; i++) {
        uint32_t e = a[i].event;
        int32_t names[8], terms[14];
        event_words(seed, e, topic_of(seed, e, ntopics), names, terms);
        uint64_t r = state_of(seed, 8, (uint64_t)e << 20 | a[i].k);
        /* event names 2.5%, event terms 3.5%, topic names 2%, topic
         * terms 3% of the words */
        mixin mx[4] = {{names + 3, 5, 0.025}, {terms + 6, 8, 0.035},
                       {names, 3, 0.02}, {terms, 6, 0.03}};
        k.n = 0;
        make_text(L, &r, 450 + below(&r, 101), mx, 4, &k);
        int32_t title[10];
        size_t nt = 0;
        title[nt++] = names[below(&r, 8)];
        title[nt++] = terms[below(&r, 14)];
        title[nt++] = VOCAB + (int32_t)below(&r, 8);
        title[nt++] = terms[below(&r, 14)];
        while (nt < 4 + below(&r, 5)) title[nt++] = zipf(L, &r);
        snprintf(id, sizeof id, "a%07zu", i + 1);
        puts_(&o, "{\"id\":\"");
        puts_(&o, id);
        puts_(&o, "\",\"story\":\"");
        char *p = room(&o, 16);
        o.n += (size_t)snprintf(p, 16, "e%06u", e + 1);
        puts_(&o, "\",\"published\":\"");
        put_time(&o, a[i].time);
        puts_(&o, "\",\"source\":\"");
        puts_(&o, outlets[below(&r, NOUTLETS)]);
        puts_(&o, "\",\"title\":\"");
        render_title(&o, L, title, nt);
        puts_(&o, "\",\"text\":\"");
        render(&o, L, &k, 0, &r);
        puts_(&o, "\"}\n");
    }
    free(k.t);
    free(a);
    close_out(&o);
}

/* ---- text ---- */

static void gen_text(const lang *L, uint64_t seed, size_t mb, const char *path) {
    out o;
    open_out(&o, path);
    toks k = {0};
    size_t want = mb << 20;
    for (uint64_t para = 0; o.done + o.n < want; para++) {
        uint64_t s = state_of(seed, 9, para);
        k.n = 0;
        make_text(L, &s, 40 + below(&s, 160), NULL, 0, &k);
        render(&o, L, &k, 0, &s);
        put(&o, "\n\n", 2);
    }
    free(k.t);
    close_out(&o);
}

static void usage(void) {
    fprintf(stderr,
            "usage: gen [-s SEED] [-w WORDS] dedup N OUT.jsonl\n"
            "       gen [-s SEED] stories N OUT.jsonl\n"
            "       gen [-s SEED] text MB OUT.txt\n"
            "  -s SEED   generator seed (default 20240101)\n"
            "  -w WORDS  mean words per dedup article (default 100)\n");
    exit(2);
}

int main(int argc, char **argv) {
    uint64_t seed = 20240101;
    size_t words = 100;
    int i = 1;
    while (i + 1 < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "-s") == 0) seed = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "-w") == 0) words = strtoull(argv[i + 1], NULL, 10);
        else usage();
        i += 2;
    }
    if (words < 1 || words > 100000) usage();
    if (argc - i != 3) usage();
    const char *mode = argv[i], *path = argv[i + 2];
    char *end;
    errno = 0;
    unsigned long long n = strtoull(argv[i + 1], &end, 10);
    if (errno || *end || n == 0) usage();
    lang L;
    lang_init(&L, seed);
    if (strcmp(mode, "dedup") == 0) gen_dedup(&L, seed, (size_t)n, words, path);
    else if (strcmp(mode, "stories") == 0) gen_stories(&L, seed, (size_t)n, path);
    else if (strcmp(mode, "text") == 0) gen_text(&L, seed, (size_t)n, path);
    else usage();
    lang_free(&L);
    return 0;
}
