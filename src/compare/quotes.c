/*
 * quotes.c - direct quotations in one article and who said them.
 *
 * Consumes an analysed article (cmp_text) and its name mentions; produces
 * the quotations in text order, each with the mention of its speaker or
 * the speaker's words as written.
 *
 * Marks. Straight double quotes pair up in order; curly (“ ”), low-high
 * („ “ and „ ”) and guillemets (« » and » «) open and close. A quote never
 * runs past the end of its line: news text is one paragraph per line, and
 * an unbalanced mark must not swallow the rest of the article.
 *
 * Speakers. The attribution shapes of news writing, tried in order:
 *   1. after the quote, when it ends with a comma, "?" or "!" inside the
 *      marks or is followed by one (“...,” X said / said X / X, the
 *      minister, said / according to X / X said in a statement);
 *   2. before it, in its sentence: the subject of the last speech verb
 *      (X said: “...”, X told journalists “...”, X said that “...”);
 *   3. after it without the comma (“...” according to X);
 *   4. a quote with no attribution in the sentence right after a quote,
 *      with no name between them, continues that quote's speaker.
 * A subject that is "he" or "she" is the last person named before the
 * quote, "it" or "they" the last organization; a subject that names no
 * mention ("a spokesman", "officials") is kept as written.
 * Quotes of one or two words are scare quotes ("soon", "a step") unless
 * an attribution shape 1 or 2 names a speaker, and then only when a colon
 * or comma sets them off as speech.
 */
#include "compare.h"

/* Tokens searched on either side of a quote for its attribution. */
#define WINDOW 12

static const char *const verbs[] = {
    "said", "says", "say", "told", "tells", "stated", "states", "added", "adds", "noted",
    "notes", "wrote", "writes", "announced", "declared", "insisted", "warned", "explained",
    "asked", "replied", "responded", "stressed", "emphasized", "emphasised", "claimed",
    "confirmed", "argued", "continued", "recalled", "commented", "remarked", "urged",
    "acknowledged", "admitted", "suggested", "tweeted", "posted", "saying", "according",
    "quoted", "complained", "concluded", "agreed", "cautioned", "predicted", "vowed",
    "promised", "threatened", "demanded", "added:", NULL};

static bool norm_in(const tx_token *k, const char *const *list) {
    return px_word_in(list, k->norm, k->norm_len);
}

static bool norm_is(const tx_token *k, const char *w) {
    return strlen(w) == k->norm_len && memcmp(w, k->norm, k->norm_len) == 0;
}

/* Opening marks and their closers; returns the bytes of the mark at p (0:
 * none) and sets *kind. */
enum { Q_STRAIGHT = 1, Q_CURLY, Q_LOW, Q_GUIL, Q_GUIL_REV };

static size_t open_mark(const char *p, const char *e, int *kind) {
    if (*p == '"') {
        *kind = Q_STRAIGHT;
        return 1;
    }
    if (e - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80) {
        if ((unsigned char)p[2] == 0x9C) { *kind = Q_CURLY; return 3; }  /* “ */
        if ((unsigned char)p[2] == 0x9E) { *kind = Q_LOW; return 3; }    /* „ */
    }
    if (e - p >= 2 && (unsigned char)p[0] == 0xC2) {
        if ((unsigned char)p[1] == 0xAB) { *kind = Q_GUIL; return 2; }     /* « */
        if ((unsigned char)p[1] == 0xBB) { *kind = Q_GUIL_REV; return 2; } /* » */
    }
    return 0;
}

static size_t close_mark(const char *p, const char *e, int kind) {
    switch (kind) {
    case Q_STRAIGHT: return *p == '"';
    case Q_CURLY:
        return e - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
                       (unsigned char)p[2] == 0x9D ? 3 : 0;
    case Q_LOW:
        return e - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
                       ((unsigned char)p[2] == 0x9C || (unsigned char)p[2] == 0x9D) ? 3 : 0;
    case Q_GUIL: return e - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xBB ? 2 : 0;
    case Q_GUIL_REV:
        return e - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xAB ? 2 : 0;
    }
    return 0;
}

/* First token whose span starts at or after byte off. */
static size_t tok_at(const cmp_text *t, size_t off) {
    size_t lo = 0, hi = t->ntok;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->tok[mid].off < off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The mention holding token i, or -1. */
static int mention_at(const cmp_mention *m, size_t nm, size_t i) {
    size_t lo = 0, hi = nm;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((size_t)m[mid].tok + m[mid].ntok <= i) lo = mid + 1;
        else hi = mid;
    }
    if (lo < nm && m[lo].tok <= i && i < (size_t)m[lo].tok + m[lo].ntok) return (int)lo;
    return -1;
}

/* The last mention of the type ending before token i, or -1. */
static int last_of(const cmp_mention *m, size_t nm, size_t i, int type) {
    int best = -1;
    for (size_t j = 0; j < nm && m[j].tok < i; j++)
        if (m[j].type == type) best = (int)j;
    return best;
}

typedef struct who {
    int mention;          /* speaker mention, or -1 */
    size_t ws, we;        /* else: token span of the speaker's words */
    bool found;           /* an attribution was found */
} who;

/* The speaker named by tokens [a, b) (a subject phrase): a mention in it,
 * a pronoun, or the words themselves. */
static void subject(const cmp_text *t, const cmp_mention *m, size_t nm, size_t a, size_t b,
                    size_t qtok, who *w) {
    while (a < b && (norm_is(&t->tok[a], "the") || norm_is(&t->tok[a], "a") ||
                     norm_is(&t->tok[a], "an")))
        a++;
    if (a >= b) return;
    for (size_t i = a; i < b; i++) {
        int mi = mention_at(m, nm, i);
        if (mi >= 0) {
            w->mention = mi;
            w->found = true;
            return;
        }
    }
    const tx_token *k = &t->tok[a];
    if (b - a == 1 && (norm_is(k, "he") || norm_is(k, "she"))) {
        w->mention = last_of(m, nm, qtok, CMP_PERSON);
        w->found = true;
        return;
    }
    if (b - a == 1 && (norm_is(k, "they") || norm_is(k, "it"))) {
        w->mention = last_of(m, nm, qtok, CMP_ORG);
        w->found = true;
        return;
    }
    if (b - a <= 5) {
        w->ws = a;
        w->we = b;
        w->found = true;
    }
}

/* Shape 1 and 3: the attribution after the quote, tokens from i on in
 * sentence s. */
static void after(const cmp_text *t, const cmp_mention *m, size_t nm, size_t i, uint32_t s,
                  size_t qtok, who *w) {
    size_t end = PX_MIN(t->ntok, i + WINDOW);
    for (size_t v = i; v < end && t->tok[v].sent == s; v++) {
        if (!norm_in(&t->tok[v], verbs)) continue;
        if (norm_is(&t->tok[v], "according")) {
            /* according to X */
            size_t x = v + 1;
            if (x < end && norm_is(&t->tok[x], "to")) x++;
            size_t y = x;
            while (y < end && t->tok[y].sent == s && y < x + 6) y++;
            for (size_t z = x; z < y; z++)
                if (mention_at(m, nm, z) >= 0) {
                    w->mention = mention_at(m, nm, z);
                    w->found = true;
                    return;
                }
            return;
        }
        if (v > i) {
            /* X said / X, the minister, said / Russia's Foreign Ministry
             * said: the name nearest the verb heads the subject */
            for (size_t z = v; z-- > i;) {
                int mi = mention_at(m, nm, z);
                if (mi >= 0) {
                    w->mention = mi;
                    w->found = true;
                    return;
                }
            }
            subject(t, m, nm, i, v, qtok, w);
            if (w->found && (w->mention >= 0 || w->we > w->ws)) return;
            w->found = false;
        }
        /* said X */
        size_t e2 = PX_MIN(end, v + 6);
        for (size_t z = v + 1; z < e2 && t->tok[z].sent == s; z++)
            if (mention_at(m, nm, z) >= 0) {
                w->mention = mention_at(m, nm, z);
                w->found = true;
                return;
            }
        /* said a spokesman */
        size_t z = v + 1;
        while (z < e2 && t->tok[z].sent == s && !(t->tok[z].flags & TX_STOP)) z++;
        if (v + 1 < e2 && (norm_is(&t->tok[v + 1], "a") || norm_is(&t->tok[v + 1], "the"))) {
            z = v + 2;
            while (z < e2 && t->tok[z].sent == s && !(t->tok[z].flags & TX_STOP)) z++;
            if (z > v + 2) {
                w->ws = v + 1;
                w->we = z;
                w->found = true;
            }
        }
        return;
    }
}

/* Shape 2: the subject of the last speech verb before the quote. */
static void before(const cmp_text *t, const cmp_mention *m, size_t nm, size_t q, who *w) {
    if (q == 0) return;
    uint32_t s = t->tok[q - 1].sent;
    size_t lo = t->sent_tok[s];
    if (q - lo > 3 * WINDOW) lo = q - 3 * WINDOW;
    for (size_t v = q; v-- > lo;) {
        if (!norm_in(&t->tok[v], verbs) || norm_is(&t->tok[v], "according")) continue;
        /* the subject: the nearest name before the verb, in the clause */
        size_t a = v;
        while (a > lo && v - a < WINDOW) {
            const tx_token *k = &t->tok[a - 1];
            if (norm_is(k, "that") || norm_is(k, "and") || norm_is(k, "but")) break;
            a--;
        }
        for (size_t i = v; i-- > a;) {
            int mi = mention_at(m, nm, i);
            if (mi >= 0) {
                w->mention = mi;
                w->found = true;
                return;
            }
        }
        /* he said, she also told: a pronoun just before the verb */
        for (size_t i = v; i-- > a && v - i <= 2;) {
            const tx_token *k = &t->tok[i];
            if (norm_is(k, "he") || norm_is(k, "she") || norm_is(k, "they") || norm_is(k, "it")) {
                subject(t, m, nm, i, i + 1, q, w);
                return;
            }
        }
        /* officials said, a spokesman told: a short subject */
        if (v > a && v - a <= 3) subject(t, m, nm, a, v, q, w);
        return;
    }
}

px_status cmp_quotes(const cmp_text *t, const cmp_mention *m, size_t nm, cmp_arena *a,
                     cmp_dquote **out, size_t *n) {
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    const char *text = t->text, *end = t->text + t->len;
    int prev_mention = -1;          /* speaker of the last quote */
    const char *prev_speaker = "";  /* ... when not a mention */
    size_t prev_end_tok = 0;        /* first token after it */
    bool have_prev = false;
    for (const char *p = text; p < end;) {
        int kind = 0;
        size_t ol = open_mark(p, end, &kind);
        if (!ol) {
            p++;
            continue;
        }
        const char *qs = p + ol, *qe = NULL;
        size_t cl = 0;
        for (const char *r = qs; r < end && *r != '\n'; r++) {
            cl = close_mark(r, end, kind);
            if (cl) {
                qe = r;
                break;
            }
        }
        if (!qe) {
            p = qs;
            continue;
        }
        p = qe + cl;
        /* trim spaces inside the marks */
        const char *s = qs, *e = qe;
        while (s < e && (*s == ' ' || *s == '\t')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
        if (s >= e) continue;
        size_t off = (size_t)(s - text), len = (size_t)(e - s);
        size_t q0 = tok_at(t, off), q1 = tok_at(t, off + len);
        size_t words = q1 - q0;
        if (!words) continue;
        uint32_t sent = t->tok[q0].sent;
        /* how the quote ends and what follows it */
        char last = e[-1];
        const char *after_p = p;
        while (after_p < end && *after_p == ' ') after_p++;
        bool comma_after = after_p < end && *after_p == ',';
        bool speechy = last == ',' || last == '?' || last == '!' || comma_after;
        const char *bp = qs - ol;
        while (bp > text && bp[-1] == ' ') bp--;
        bool colon_before = bp > text && (bp[-1] == ':' || bp[-1] == ',');
        who w = {-1, 0, 0, false};
        size_t next = q1;
        uint32_t nsent = next < t->ntok ? t->tok[next].sent : sent;
        if (speechy && next < t->ntok) after(t, m, nm, next, nsent, q0, &w);
        if (!w.found && colon_before && q0 > 0) {
            /* Moscow: “We are negotiating ...” (a headline shape) */
            int mi = mention_at(m, nm, q0 - 1);
            if (mi >= 0 && bp[-1] == ':') {
                w.mention = mi;
                w.found = true;
            }
        }
        if (!w.found) before(t, m, nm, q0, &w);
        if (!w.found && next < t->ntok && nsent == t->tok[q1 ? q1 - 1 : 0].sent)
            after(t, m, nm, next, nsent, q0, &w);
        if (words < 3 && !(w.found && (speechy || colon_before))) continue;
        const char *spk = "";
        if (!w.found && have_prev) {
            /* a continued quote: nothing named since the last one */
            bool named = false;
            for (size_t i = prev_end_tok; i < q0 && !named; i++) named = mention_at(m, nm, i) >= 0;
            uint32_t ps = prev_end_tok ? t->tok[prev_end_tok - 1].sent : 0;
            if (!named && sent <= ps + 1) {
                w.mention = prev_mention;
                spk = prev_speaker;
                w.found = true;
            }
        }
        if (w.found && w.mention < 0 && w.we > w.ws) {
            size_t bs = t->tok[w.ws].off, be = t->tok[w.we - 1].off + t->tok[w.we - 1].len;
            spk = cmp_strndup(a, text + bs, be - bs);
            if (!spk) return PX_ENOMEM;
        }
        /* the words, whitespace collapsed */
        char *qt = cmp_alloc(a, len + 1);
        if (!qt) return PX_ENOMEM;
        size_t k = 0;
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            bool sp = c == ' ' || c == '\t' || c == '\n' || c == '\r';
            if (sp) {
                if (k && qt[k - 1] != ' ') qt[k++] = ' ';
            } else {
                qt[k++] = c;
            }
        }
        /* a closing comma only joins the quote to its attribution */
        while (k && (qt[k - 1] == ' ' || qt[k - 1] == ',')) k--;
        qt[k] = '\0';
        PX_TRY(cmp_grow(a, (void **)out, &cap, *n + 1, sizeof **out));
        cmp_dquote *d = &(*out)[(*n)++];
        d->text = qt;
        d->off = (uint32_t)off;
        d->len = (uint32_t)len;
        d->sent = sent;
        d->mention = w.mention;
        d->speaker = w.mention >= 0 ? "" : spk;
        prev_mention = d->mention;
        prev_speaker = d->speaker;
        /* a continued quote looks for names after the attribution, not
         * at the speaker it names: "...," said X. "..." continues X */
        prev_end_tok = q1;
        if (w.found && w.we > prev_end_tok) prev_end_tok = w.we;
        if (w.mention >= 0 && m[w.mention].tok >= q1 &&
            m[w.mention].tok + m[w.mention].ntok > prev_end_tok)
            prev_end_tok = m[w.mention].tok + m[w.mention].ntok;
        have_prev = true;
    }
    return PX_OK;
}
