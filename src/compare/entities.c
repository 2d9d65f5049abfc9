/*
 * entities.c - the people, organizations and places named in a story.
 *
 * Consumes analysed articles (cmp_text) and produces name mentions per
 * article (cmp_mentions) and, across the story's articles, entities with
 * their fullest common name, aliases and articles (cmp_entities_merge).
 *
 * Mentions. Without a trained model, the shape of English news names is
 * the evidence, as in the rule-based recognisers that preceded statistical
 * NER (cf. Mikheev, Moens & Grover 1999, whose "sequence strategy" also
 * settles sentence-initial words by how the same word is written elsewhere
 * in the document). A mention is a run of capitalized words joined only by
 * single spaces, through name particles (al-, bin, de, van, Abu) and the
 * "of" of organization names (Ministry of Foreign Affairs); it stops at
 * punctuation, a lowercase word, a possessive and a sentence end. A
 * sentence-initial word belongs to a name only when the article also
 * writes it capitalized mid-sentence or a lexicon knows it, so "Delegates
 * from ..." and "Contacts were ..." give nothing. Leading title and role
 * words are cut off into `role` (President Vladimir Putin, Deputy Foreign
 * Minister Mikhail Bogdanov, spokeswoman Maria Zakharova). The type comes
 * from cues in order of strength: a role before it (person), an
 * organization head inside or a label noun next to it ("Foreign Ministry",
 * "the militant group Hamas", "the Hamas movement"), the gazetteer
 * (place), an all-capitals acronym (organization), two to four plain
 * capitalized words (person), else other.
 *
 * Merging. Forms (distinct normalized names) are visited fullest first; a
 * shorter or differently spelled form joins a fuller one when its words
 * are the fuller one's last words (a surname: "Bogdanov" to "Mikhail
 * Bogdanov", "Abu Marzouk" to "Moussa Abu Marzouk"), when every word
 * matches with at most one edit in words of six letters or more
 * (transliterations: Mahmud/Mahmoud, Marzouk/Marzouka), or when it is the
 * acronym of the fuller one (PA, Palestinian Authority). Two people who
 * share a surname stay apart when their first names differ, and a bare
 * surname that fits two of them joins neither. The name shown is the
 * longest form, then the most frequent spelling.
 */
#include "compare.h"
#include "lexicon.h"

#include <stdlib.h>
#include <strings.h>

/* ---- mentions ---- */

static bool is_word(const tx_token *k) { return (k->flags & TX_WORD) && !(k->flags & TX_NUM); }

/* True when the byte at p is an ASCII capital. */
static bool ascii_upper(const char *p) { return *p >= 'A' && *p <= 'Z'; }

/* A capitalized word, or an "al-Qassam" shape (lowercase particle joined to
 * a capitalized word). */
static bool cap_word(const cmp_text *t, size_t i) {
    const tx_token *k = &t->tok[i];
    if (!is_word(k)) return false;
    if (k->flags & (TX_CAP | TX_ALLCAPS)) return true;
    const char *s = t->text + k->off;
    if (k->len > 3 && (memcmp(s, "al-", 3) == 0 || memcmp(s, "el-", 3) == 0))
        return ascii_upper(s + 3);
    return false;
}

/* Tokens i and i+1 are separated by exactly one space (or one non-breaking
 * space), on one line. */
static bool joined(const cmp_text *t, size_t i) {
    if (i + 1 >= t->ntok) return false;
    const tx_token *a = &t->tok[i], *b = &t->tok[i + 1];
    if (a->sent != b->sent) return false;
    size_t g = a->off + a->len, e = b->off;
    if (e - g == 1 && t->text[g] == ' ') return true;
    if (e - g == 2 && (unsigned char)t->text[g] == 0xC2 && (unsigned char)t->text[g + 1] == 0xA0)
        return true;
    return false;
}

/* Bytes of a possessive ending of the token's source ("'s", "’s", "'"),
 * 0 when none. */
static size_t possessive(const cmp_text *t, size_t i) {
    const tx_token *k = &t->tok[i];
    size_t nl = k->norm_len;
    if (nl > 2 && memcmp(k->norm + nl - 2, "'s", 2) == 0) {
        const char *s = t->text + k->off;
        size_t n = k->len;
        if (n >= 2 && s[n - 2] == '\'' && (s[n - 1] == 's' || s[n - 1] == 'S')) return 2;
        if (n >= 4 && memcmp(s + n - 4, "\xE2\x80\x99", 3) == 0) return 4;
        return 0;
    }
    if (nl > 1 && k->norm[nl - 1] == '\'') {
        const char *s = t->text + k->off;
        size_t n = k->len;
        if (s[n - 1] == '\'') return 1;
        if (n >= 3 && memcmp(s + n - 3, "\xE2\x80\x99", 3) == 0) return 3;
    }
    return 0;
}

/* The norm of token i without a possessive ending. */
static size_t norm_len_np(const cmp_text *t, size_t i) {
    const tx_token *k = &t->tok[i];
    size_t nl = k->norm_len;
    if (possessive(t, i)) {
        if (nl > 2 && memcmp(k->norm + nl - 2, "'s", 2) == 0) return nl - 2;
        return nl - 1;
    }
    return nl;
}

typedef bool (*lx_fn)(const char *, size_t);

static bool tok_in(const cmp_text *t, size_t i, lx_fn f) {
    return f(t->tok[i].norm, norm_len_np(t, i));
}

/* A nationality, its plural (Israelis) or a hyphenated pair of them
 * (Israeli-Palestinian, Russian-Israelis). */
static bool demonym_word(const cmp_text *t, size_t i) {
    const char *w = t->tok[i].norm;
    size_t n = norm_len_np(t, i);
    while (n) {
        const char *h = memchr(w, '-', n);
        size_t l = h ? (size_t)(h - w) : n;
        bool ok = lx_is_demonym(w, l) || (l > 1 && w[l - 1] == 's' && lx_is_demonym(w, l - 1));
        if (!ok) return false;
        if (!h) return true;
        n -= l + 1;
        w = h + 1;
    }
    return false;
}

/* Whether the words a..b of t, joined by spaces, are in the list. */
static bool span_in(const cmp_text *t, size_t a, size_t b, lx_fn f, char *buf, size_t cap) {
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        size_t l = norm_len_np(t, i);
        if (n + l + 1 >= cap) return false;
        if (i > a) buf[n++] = ' ';
        memcpy(buf + n, t->tok[i].norm, l);
        n += l;
    }
    return f(buf, n);
}

/* How an article writes each word: capitalized away from a sentence
 * start, in lowercase. Built once per article, so that judging a
 * sentence-initial word costs a lookup, not a pass over the article. */
typedef struct wordidx {
    uint64_t *key;   /* hash of the norm (possessive cut), 0 empty */
    uint8_t *how;    /* SEEN_CAP_MID | SEEN_LOWER */
    size_t mask;     /* slots - 1 */
} wordidx;

enum { SEEN_CAP_MID = 1, SEEN_LOWER = 2 };

typedef struct mvec {
    cmp_mention *m;  /* mentions */
    size_t n, cap;   /* used, allocated */
    wordidx w;       /* the article's words */
} mvec;

static uint64_t word_key(const cmp_text *t, size_t i) {
    return px_hash64(t->tok[i].norm, norm_len_np(t, i), 29) | 1;
}

static size_t word_slot(const wordidx *w, uint64_t k) {
    size_t s = (size_t)(k ^ (k >> 31)) & w->mask;
    while (w->key[s] && w->key[s] != k) s = (s + 1) & w->mask;
    return s;
}

static px_status wordidx_build(const cmp_text *t, cmp_arena *ar, wordidx *w) {
    size_t cap = 16;
    while (cap < t->ntok * 2) cap *= 2;
    w->key = cmp_alloc(ar, cap * sizeof *w->key);
    w->how = cmp_alloc(ar, cap);
    if (!w->key || !w->how) return PX_ENOMEM;
    w->mask = cap - 1;
    for (size_t i = 0; i < t->ntok; i++) {
        const tx_token *o = &t->tok[i];
        uint8_t how = 0;
        if ((o->flags & (TX_CAP | TX_ALLCAPS)) && !(o->flags & TX_SENT_START)) how = SEEN_CAP_MID;
        else if (!(o->flags & (TX_CAP | TX_ALLCAPS)) && (o->flags & TX_WORD)) how = SEEN_LOWER;
        if (!how) continue;
        uint64_t k = word_key(t, i);
        size_t s = word_slot(w, k);
        w->key[s] = k;
        w->how[s] |= how;
    }
    return PX_OK;
}

/* How the article writes the word of token i elsewhere (SEEN_* bits).
 * Token i itself is a capitalized sentence start, which sets no bit. */
static unsigned seen_as(const wordidx *w, const cmp_text *t, size_t i) {
    size_t s = word_slot(w, word_key(t, i));
    return w->key[s] ? w->how[s] : 0;
}

/* One key for the ways news writes one institution: "Ministry of Foreign
 * Affairs" and "Ministry of the Interior" are the "foreign ministry" and
 * the "interior ministry" (Department likewise), and "Russia's Foreign
 * Ministry", whose mention starts after the possessive, is the "russian
 * foreign ministry". *k is replaced by a new arena string when it changes. */
static px_status org_key(const cmp_text *t, cmp_arena *ar, size_t a, char **k) {
    static const char *const heads[] = {"ministry of ", "department of "};
    char *key = *k;
    for (size_t h = 0; h < PX_ARRAY_LEN(heads); h++) {
        char *p = strstr(key, heads[h]);
        if (!p || (p != key && p[-1] != ' ')) continue;
        size_t hl = strlen(heads[h]) - 4; /* "ministry" */
        const char *w = p + hl + 4;
        if (strncmp(w, "the ", 4) == 0) w += 4;
        size_t wl = strlen(w);
        if (wl > 8 && strcmp(w + wl - 8, " affairs") == 0) wl -= 8;
        if (!wl) continue;
        px_buf b;
        px_buf_init(&b, &ar->al);
        px_status st = px_buf_add(&b, key, (size_t)(p - key));
        if (st == PX_OK) st = px_buf_add(&b, w, wl);
        if (st == PX_OK) st = px_buf_addc(&b, ' ');
        if (st == PX_OK) st = px_buf_add(&b, p, hl);
        char *nk = st == PX_OK ? cmp_strndup(ar, b.p, b.len) : NULL;
        px_buf_free(&b);
        if (!nk) return PX_ENOMEM;
        key = nk;
        break;
    }
    if (a > 0 && possessive(t, a - 1) && t->tok[a - 1].sent == t->tok[a].sent) {
        const char *d = lx_demonym_of(t->tok[a - 1].norm, norm_len_np(t, a - 1));
        if (d) {
            size_t dl = strlen(d), kl = strlen(key);
            char *nk = cmp_alloc(ar, dl + 1 + kl + 1);
            if (!nk) return PX_ENOMEM;
            memcpy(nk, d, dl);
            nk[dl] = ' ';
            memcpy(nk + dl + 1, key, kl + 1);
            key = nk;
        }
    }
    *k = key;
    return PX_OK;
}

static px_status add_mention(const cmp_text *t, cmp_arena *ar, mvec *v, size_t a, size_t b,
                             int type, size_t ra, size_t rb) {
    PX_TRY(cmp_grow(ar, (void **)&v->m, &v->cap, v->n + 1, sizeof *v->m));
    cmp_mention *m = &v->m[v->n];
    memset(m, 0, sizeof *m);
    size_t end = t->tok[b - 1].off + t->tok[b - 1].len - possessive(t, b - 1);
    m->off = t->tok[a].off;
    m->len = (uint32_t)(end - m->off);
    m->tok = (uint32_t)a;
    m->ntok = (uint32_t)(b - a);
    m->sent = t->tok[a].sent;
    m->type = type;
    m->entity = -1;
    char *name = cmp_strndup(ar, t->text + m->off, m->len);
    /* key and role are short: build them in the arena directly */
    size_t kl = 0, rl = 0;
    for (size_t i = a; i < b; i++) kl += norm_len_np(t, i) + 1;
    for (size_t i = ra; i < rb; i++) rl += t->tok[i].norm_len + 1;
    char *k = cmp_alloc(ar, kl + 1), *r = cmp_alloc(ar, rl + 1);
    if (!name || !k || !r) return PX_ENOMEM;
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        if (i > a) k[n++] = ' ';
        size_t l = norm_len_np(t, i);
        const char *w = t->tok[i].norm;
        if (l > 3 && (memcmp(w, "al-", 3) == 0 || memcmp(w, "el-", 3) == 0)) {
            /* al-Rahman and Al Rahman are one spelling */
            memcpy(k + n, w, 2);
            k[n + 2] = ' ';
            n += 3;
            w += 3;
            l -= 3;
        }
        bool initials = l >= 2 && w[l - 1] == '.';
        for (size_t c = 1; c < l && initials; c += 2) initials = w[c] == '.';
        for (size_t c = 0; c < l; c++)
            if (!initials || w[c] != '.') k[n++] = w[c];
    }
    k[n] = '\0';
    if (type == CMP_ORG) PX_TRY(org_key(t, ar, a, &k));
    n = 0;
    for (size_t i = ra; i < rb; i++) {
        if (i > ra) r[n++] = ' ';
        memcpy(r + n, t->tok[i].norm, t->tok[i].norm_len);
        n += t->tok[i].norm_len;
    }
    r[n] = '\0';
    m->name = name;
    m->key = k;
    m->role = r;
    v->n++;
    return PX_OK;
}

static bool norm_is_(const tx_token *k, const char *w) {
    size_t n = strlen(w);
    return k->norm_len == n && memcmp(k->norm, w, n) == 0;
}

/* Names of places end or start with a word of geography: Orsolya Bay,
 * Port Elvane, Tamsin Hills, Lake Arva. */
static bool geo_tail(const cmp_text *t, size_t a, size_t b) {
    static const char *const tail[] = {
        "bay", "island", "islands", "river", "lake", "mount", "mountains", "hills", "valley",
        "strait", "sea", "coast", "harbour", "harbor", "street", "avenue", "square", "county",
        "province", "district", "region", "peninsula", "desert", "canyon", "gulf", "port",
        "city", "town", "village", "airport", "bridge", "park", "beach", "heights", NULL};
    for (int e = 0; e < 2; e++) {
        const tx_token *k = &t->tok[e ? b - 1 : a];
        for (const char *const *p = tail; *p; p++)
            if (norm_is_(k, *p) && b - a >= 2) return true;
    }
    return false;
}

/* "in Kessby", "off Port Elvane", "near Vellbrook": a preposition of place
 * right before the name. */
static bool place_prep(const cmp_text *t, size_t a) {
    static const char *const prep[] = {"in", "off", "near", "outside", "across", "towards",
                                       "toward", NULL};
    if (a == 0 || !joined(t, a - 1)) return false;
    for (const char *const *p = prep; *p; p++)
        if (norm_is_(&t->tok[a - 1], *p)) return true;
    return false;
}

/* Decides what the capitalized run [a, b) is, and records it. */
static px_status take_span(const cmp_text *t, cmp_arena *ar, mvec *v, size_t a, size_t b) {
    char buf[256];
    /* words that are never names at the edges: The, Thursday, I */
    while (a < b && (tok_in(t, a, lx_is_not_name) ||
                     ((t->tok[a].flags & TX_STOP) && (t->tok[a].flags & TX_SENT_START))))
        a++;
    while (b > a && tok_in(t, b - 1, lx_is_not_name)) b--;
    if (a >= b) return PX_OK;
    /* a sentence-initial word is a name only with evidence: written
     * capitalized elsewhere, known to a lexicon, or leading a longer name
     * while never written in lowercase ("Mikhail Bogdanov told ...") */
    unsigned seen = (t->tok[a].flags & TX_SENT_START) ? seen_as(&v->w, t, a) : 0;
    if ((t->tok[a].flags & TX_SENT_START) && !(seen & SEEN_CAP_MID) &&
        !(b - a >= 2 && !(t->tok[a].flags & TX_STOP) && !(seen & SEEN_LOWER)) &&
        !tok_in(t, a, lx_is_place) && !tok_in(t, a, lx_is_demonym) &&
        !tok_in(t, a, lx_is_role_head) && !tok_in(t, a, lx_is_role_mod) &&
        !tok_in(t, a, lx_is_org_head) && !(t->tok[a].flags & TX_ALLCAPS))
        a++;
    if (a >= b) return PX_OK;
    bool has_org_head = false;
    for (size_t i = a; i < b; i++) has_org_head |= tok_in(t, i, lx_is_org_head);
    /* a lone nationality is an adjective, not a name ("Israelis", "Russian-
     * Israeli" too); one leading a person's name or a role is dropped; one
     * leading an organization stays */
    if (demonym_word(t, a)) {
        if (b - a == 1) return PX_OK;
        if (!has_org_head) a++;
    }
    /* an organization head alone ("Office", "Ministry") names nothing */
    if (b - a == 1 && tok_in(t, a, lx_is_org_head)) return PX_OK;
    /* leading title and role words (President, Deputy Foreign Minister) */
    size_t ra = a, rb = a, k = a;
    bool head = false;
    while (k < b && (tok_in(t, k, lx_is_role_head) || tok_in(t, k, lx_is_role_mod))) {
        head |= tok_in(t, k, lx_is_role_head);
        k++;
        if (head && k < b && !tok_in(t, k, lx_is_role_head) && !tok_in(t, k, lx_is_role_mod))
            break;
    }
    if (head && k < b && !has_org_head) {
        rb = k;
        a = k;
    } else if (head && k >= b && !has_org_head) {
        return PX_OK; /* a role without a name: "the Foreign Minister" */
    }
    /* lowercase role words just before: "spokeswoman Maria Zakharova",
     * "Palestinian leader Mahmud Abbas" */
    if (ra == rb) {
        size_t j = a, lim = a >= 4 ? a - 4 : 0;
        bool h = false;
        while (j > lim && joined(t, j - 1) && !possessive(t, j - 1) &&
               (tok_in(t, j - 1, lx_is_role_head) || tok_in(t, j - 1, lx_is_role_mod) ||
                tok_in(t, j - 1, lx_is_demonym))) {
            h |= tok_in(t, j - 1, lx_is_role_head);
            j--;
        }
        if (h) {
            /* the role ends at the last head word */
            size_t e = a;
            while (e > j && !tok_in(t, e - 1, lx_is_role_head)) e--;
            ra = j;
            rb = e;
        }
    }
    int type = CMP_OTHER;
    bool allcaps1 = b - a == 1 && (t->tok[a].flags & TX_ALLCAPS) && t->tok[a].norm_len <= 6;
    if (rb > ra) type = CMP_PERSON; /* the role holds a head word */
    if (type == CMP_OTHER) {
        bool org_next = false;
        /* "the Hamas terrorist organization", "Hamas movement" */
        for (size_t i = b; i < b + 2 && i < t->ntok && joined(t, i - 1); i++) {
            if (cap_word(t, i) || !is_word(&t->tok[i])) break;
            if (tok_in(t, i, lx_is_org_noun)) {
                org_next = true;
                break;
            }
        }
        /* "the militant group Hamas" */
        bool org_prev = a > 0 && joined(t, a - 1) && !cap_word(t, a - 1) &&
                        tok_in(t, a - 1, lx_is_org_noun);
        /* "the ferry Saltmarsh Star", "the Saltmarsh Star ferry" */
        bool thing = (a > 0 && joined(t, a - 1) && !cap_word(t, a - 1) &&
                      tok_in(t, a - 1, lx_is_thing)) ||
                     (b < t->ntok && joined(t, b - 1) && !cap_word(t, b) &&
                      tok_in(t, b, lx_is_thing));
        if (thing) type = CMP_OTHER;
        else if (span_in(t, a, b, lx_is_place, buf, sizeof buf)) type = CMP_PLACE;
        else if (has_org_head || org_next || org_prev || allcaps1) type = CMP_ORG;
        else if (geo_tail(t, a, b) || place_prep(t, a)) type = CMP_PLACE;
        else if (b - a >= 2 && b - a <= 4 &&
                 !(a > 0 && joined(t, a - 1) && norm_is_(&t->tok[a - 1], "the"))) {
            /* people take no article: "the Saltmarsh Star" is no one */
            bool plain = true;
            for (size_t i = a; i < b; i++)
                if ((t->tok[i].flags & TX_ALLCAPS) || tok_in(t, i, lx_is_place)) plain = false;
            if (plain) type = CMP_PERSON;
        }
    }
    return add_mention(t, ar, v, a, b, type, ra, rb);
}

px_status cmp_mentions(const cmp_text *t, cmp_arena *ar, cmp_mention **out, size_t *n) {
    mvec v = {0};
    *out = NULL;
    *n = 0;
    PX_TRY(wordidx_build(t, ar, &v.w));
    size_t i = 0;
    while (i < t->ntok) {
        if (!cap_word(t, i)) {
            i++;
            continue;
        }
        size_t b = i + 1;
        bool org = tok_in(t, i, lx_is_org_head);
        while (b < t->ntok && !possessive(t, b - 1) && joined(t, b - 1)) {
            if (cap_word(t, b)) {
                org |= tok_in(t, b, lx_is_org_head);
                b++;
                continue;
            }
            /* particles inside a name: Osama bin Laden, Ursula von der Leyen */
            size_t p = b;
            while (p < t->ntok && p < b + 2 && tok_in(t, p, lx_is_particle) && joined(t, p)) p++;
            if (p > b && p < t->ntok && cap_word(t, p)) {
                b = p + 1;
                continue;
            }
            /* "Ministry of Foreign Affairs", "Bank of the Republic" */
            if (org && t->tok[b].norm_len == 2 && memcmp(t->tok[b].norm, "of", 2) == 0) {
                size_t q = b + 1;
                if (q < t->ntok && joined(t, b) && t->tok[q].norm_len == 3 &&
                    memcmp(t->tok[q].norm, "the", 3) == 0 && joined(t, q))
                    q++;
                if (q < t->ntok && joined(t, q - 1) && cap_word(t, q)) {
                    b = q + 1;
                    continue;
                }
            }
            break;
        }
        PX_TRY(take_span(t, ar, &v, i, b));
        i = b;
    }
    *out = v.m;
    *n = v.n;
    return PX_OK;
}

/* ---- merging ---- */

typedef struct form {
    const char *key;     /* normalized name */
    size_t words;        /* words in key */
    size_t count;        /* mentions */
    size_t votes[4];     /* mentions by type */
    const char *shown;   /* most frequent surface */
    size_t shown_n;      /* its mentions */
    bool shown_full;     /* shown has as many words as key */
    size_t parent;       /* union-find */
    bool acronym;        /* one all-capitals word */
} form;

static size_t find(form *f, size_t i) {
    while (f[i].parent != i) {
        f[i].parent = f[f[i].parent].parent;
        i = f[i].parent;
    }
    return i;
}

static int form_type(const form *f) {
    int best = CMP_OTHER;
    size_t bv = 0;
    for (int t = 0; t < CMP_OTHER; t++)
        if (f->votes[t] > bv) {
            bv = f->votes[t];
            best = t;
        }
    return best;
}

/* Splits key into words: fills w[] with pointers and lengths; returns the
 * count, at most max. */
static size_t split(const char *key, const char **w, size_t *wl, size_t max) {
    size_t n = 0;
    const char *p = key;
    while (*p && n < max) {
        const char *e = strchr(p, ' ');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        w[n] = p;
        wl[n++] = l;
        p += l;
        if (*p) p++;
    }
    return n;
}

/* Edit distance of two short byte strings, capped: returns cap+1 as soon
 * as it must exceed cap. */
static size_t edits(const char *a, size_t an, const char *b, size_t bn, size_t cap) {
    if (an > 64 || bn > 64) return cap + 1;
    if ((an > bn ? an - bn : bn - an) > cap) return cap + 1;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= bn; j++) prev[j] = j;
    for (size_t i = 1; i <= an; i++) {
        cur[0] = i;
        size_t rowmin = cur[0];
        for (size_t j = 1; j <= bn; j++) {
            size_t c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < c) c = prev[j] + 1;
            if (cur[j - 1] + 1 < c) c = cur[j - 1] + 1;
            cur[j] = c;
            if (c < rowmin) rowmin = c;
        }
        if (rowmin > cap) return cap + 1;
        memcpy(prev, cur, (bn + 1) * sizeof *prev);
    }
    return prev[bn];
}

/* The consonant skeleton of a word: its first letter, then its
 * consonants with doubles collapsed (Yusuf, Yousef, Youssef: ysf;
 * Mahmud, Mahmoud: mhmd). Transliterations differ mostly in vowels. */
static size_t skeleton(const char *w, size_t n, char *out, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < n && k < cap; i++) {
        char c = w[i];
        bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
        if (i > 0 && vowel) continue;
        if (k && out[k - 1] == c) continue;
        out[k++] = c;
    }
    return k;
}

static bool skeleton_eq(const char *a, size_t an, const char *b, size_t bn) {
    char x[64], y[64];
    if (an > 64 || bn > 64) return false;
    size_t xn = skeleton(a, an, x, sizeof x), yn = skeleton(b, bn, y, sizeof y);
    /* three consonants at least, or any two short words would match */
    return xn >= 3 && xn == yn && memcmp(x, y, xn) == 0;
}

/* Two words name the same: equal, one consonant skeleton, or one edit
 * apart when both have six letters or more (a transliteration). */
static bool word_eq(const char *a, size_t an, const char *b, size_t bn) {
    if (an == bn && memcmp(a, b, an) == 0) return true;
    if (an >= 4 && bn >= 4 && skeleton_eq(a, an, b, bn)) return true;
    if (an < 6 || bn < 6) return false;
    return edits(a, an, b, bn, 1) <= 1;
}

static bool compatible(int x, int y) {
    return x == y || x == CMP_OTHER || y == CMP_OTHER;
}

#define MAXW 12

/* Does short form f name what the fuller form g names? */
static bool matches(const form *f, const form *g) {
    int tf = form_type(f), tg = form_type(g);
    if (!compatible(tf, tg)) return false;
    const char *fw[MAXW], *gw[MAXW];
    size_t fl[MAXW], gl[MAXW];
    size_t nf = split(f->key, fw, fl, MAXW), ng = split(g->key, gw, gl, MAXW);
    if (!nf || !ng) return false;
    if (f->acronym && ng >= 2) {
        /* initials of the fuller name's words; an all-capitals word (UN)
         * gives all its letters */
        if (tg == CMP_PERSON) return false;
        for (int full = 0; full < 2; full++) {
            char ini[MAXW * 4];
            size_t n = 0;
            for (size_t i = 0; i < ng; i++) {
                if ((gl[i] == 2 && memcmp(gw[i], "of", 2) == 0) ||
                    (gl[i] == 3 && (memcmp(gw[i], "the", 3) == 0 || memcmp(gw[i], "and", 3) == 0 ||
                                    memcmp(gw[i], "for", 3) == 0)))
                    continue;
                /* a short word may be an acronym itself: UN Security
                 * Council is UNSC */
                size_t take = full && gl[i] <= 3 ? gl[i] : 1;
                memcpy(ini + n, gw[i], take);
                n += take;
            }
            if (n == fl[0] && memcmp(ini, fw[0], n) == 0) return true;
        }
        return false;
    }
    if (nf == ng) {
        /* every word the same up to a transliteration; two different
         * places are never one */
        if (tf == CMP_PLACE && tg == CMP_PLACE) return false;
        size_t exact = 0;
        for (size_t i = 0; i < nf; i++) {
            if (!word_eq(fw[i], fl[i], gw[i], gl[i])) return false;
            exact += fl[i] == gl[i] && memcmp(fw[i], gw[i], fl[i]) == 0;
        }
        return nf == 1 || exact >= 1;
    }
    if (nf == 1 && ng == 2 && tg == CMP_PLACE && (tf == CMP_PLACE || tf == CMP_OTHER)) {
        /* the Strip for the Gaza Strip: the generic noun alone, for the
         * nouns that stand for one place in news use */
        static const char *const tails[] = {"strip", "peninsula", "heights", "valley", NULL};
        for (const char *const *p = tails; *p; p++)
            if (strlen(*p) == fl[0] && memcmp(*p, fw[0], fl[0]) == 0 && fl[0] == gl[1] &&
                memcmp(fw[0], gw[1], gl[1]) == 0)
                return true;
    }
    if (nf + 1 == ng && tg == CMP_PLACE && (tf == CMP_PLACE || tf == CMP_OTHER)) {
        /* Gaza for the Gaza Strip: a place without its generic noun */
        static const char *const geo[] = {"strip", "city", "province", "region", "county",
                                          "district", "island", "islands", "peninsula",
                                          "valley", "bay", "oblast", NULL};
        bool generic = false;
        for (const char *const *p = geo; *p && !generic; p++)
            generic = strlen(*p) == gl[ng - 1] && memcmp(*p, gw[ng - 1], gl[ng - 1]) == 0;
        if (!generic) return false;
        for (size_t i = 0; i < nf; i++)
            if (fl[i] != gl[i] || memcmp(fw[i], gw[i], fl[i]) != 0) return false;
        return true;
    }
    if (nf < ng) {
        /* a surname, or a name without its first name: only for people */
        if (tg != CMP_PERSON) return false;
        if (tf != CMP_PERSON && tf != CMP_OTHER) return false;
        for (size_t i = 0; i < nf; i++)
            if (!word_eq(fw[i], fl[i], gw[ng - nf + i], gl[ng - nf + i])) return false;
        return true;
    }
    return false;
}

static int cmp_forms(const void *x, const void *y) {
    const form *a = x, *b = y;
    if (a->words != b->words) return a->words > b->words ? -1 : 1;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return strcmp(a->key, b->key);
}

typedef struct ent_tmp {
    size_t root;    /* form root */
    size_t ndoc;    /* articles */
    size_t count;   /* mentions */
    const char *name;
    size_t index;   /* final position */
} ent_tmp;

static int cmp_ents(const void *x, const void *y) {
    const ent_tmp *a = x, *b = y;
    if (a->ndoc != b->ndoc) return a->ndoc > b->ndoc ? -1 : 1;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    int c = strcmp(a->name, b->name);
    if (c) return c;
    return (a->root > b->root) - (a->root < b->root);
}

/* A mention's form and surface, for counting spellings. */
typedef struct msurf {
    size_t form;        /* form index */
    const char *name;   /* surface */
} msurf;

static int cmp_msurf(const void *x, const void *y) {
    const msurf *a = x, *b = y;
    if (a->form != b->form) return a->form < b->form ? -1 : 1;
    return strcmp(a->name, b->name);
}

static int cmp_str(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Hash set of form keys: open addressing over form indexes. */
typedef struct ftab {
    size_t *slot;   /* form index + 1, 0 empty */
    size_t cap;     /* power of two */
} ftab;

px_status cmp_entities_merge(cmp_mention *const *m, const size_t *nm, size_t ndocs,
                             cmp_arena *ar, cmp_entity **out, size_t *nout) {
    *out = NULL;
    *nout = 0;
    size_t total = 0;
    for (size_t k = 0; k < ndocs; k++) total += nm[k];
    if (!total) return PX_OK;
    form *f = cmp_alloc(ar, total * sizeof *f);
    size_t *mform = cmp_alloc(ar, total * sizeof *mform); /* form of each mention */
    ftab tab = {NULL, 16};
    while (tab.cap < total * 2) tab.cap *= 2;
    tab.slot = cmp_alloc(ar, tab.cap * sizeof *tab.slot);
    if (!f || !mform || !tab.slot) return PX_ENOMEM;
    size_t nf = 0, mi = 0;
    for (size_t k = 0; k < ndocs; k++) {
        for (size_t j = 0; j < nm[k]; j++, mi++) {
            const cmp_mention *x = &m[k][j];
            const char *key = x->key ? x->key : x->name;
            size_t h = px_hash64(key, strlen(key), 5) & (tab.cap - 1);
            while (tab.slot[h] && strcmp(f[tab.slot[h] - 1].key, key) != 0) h = (h + 1) & (tab.cap - 1);
            if (!tab.slot[h]) {
                form *nfm = &f[nf];
                nfm->key = key;
                nfm->words = 1;
                for (const char *p = key; *p; p++) nfm->words += *p == ' ';
                nfm->shown = x->name;
                nfm->acronym = nfm->words == 1 && x->ntok == 1 && strlen(key) >= 2 &&
                               strlen(key) <= 6;
                if (nfm->acronym)
                    for (const char *p = x->name; *p; p++)
                        if (!(*p >= 'A' && *p <= 'Z')) nfm->acronym = false;
                tab.slot[h] = ++nf;
            }
            form *fm = &f[tab.slot[h] - 1];
            fm->count++;
            fm->votes[x->type < 0 || x->type > 3 ? CMP_OTHER : x->type]++;
            mform[mi] = tab.slot[h] - 1;
        }
    }
    /* the most frequent surface of each form: sort the mentions by form
     * and surface, and count the runs */
    msurf *ms = cmp_alloc(ar, total * sizeof *ms);
    if (!ms) return PX_ENOMEM;
    mi = 0;
    for (size_t k = 0; k < ndocs; k++)
        for (size_t j = 0; j < nm[k]; j++, mi++) {
            ms[mi].form = mform[mi];
            ms[mi].name = m[k][j].name;
        }
    qsort(ms, total, sizeof *ms, cmp_msurf);
    for (size_t i = 0; i < total;) {
        size_t e = i;
        while (e < total && ms[e].form == ms[i].form && strcmp(ms[e].name, ms[i].name) == 0) e++;
        form *fm = &f[ms[i].form];
        /* a surface that spells the whole key ("Russian Foreign Ministry"
         * for "Russia's Foreign Ministry") beats a shorter, commoner one */
        size_t sw = 1;
        for (const char *p = ms[i].name; *p; p++) sw += *p == ' ';
        bool full = sw == fm->words;
        if ((full && !fm->shown_full) || (full == fm->shown_full && e - i > fm->shown_n)) {
            fm->shown = ms[i].name;
            fm->shown_n = e - i;
            fm->shown_full = full;
        }
        i = e;
    }
    /* sort forms fullest first; keep a map from old to new index */
    size_t *order = cmp_alloc(ar, nf * sizeof *order);
    form *sorted = cmp_alloc(ar, nf * sizeof *sorted);
    if (!order || !sorted) return PX_ENOMEM;
    memcpy(sorted, f, nf * sizeof *f);
    for (size_t i = 0; i < nf; i++) sorted[i].parent = i; /* old index, for the map */
    qsort(sorted, nf, sizeof *sorted, cmp_forms);
    for (size_t i = 0; i < nf; i++) order[sorted[i].parent] = i;
    for (size_t i = 0; i < nf; i++) sorted[i].parent = i;
    /* each form joins the one fuller form it matches; two candidate roots
     * (John Smith, Jane Smith for "Smith") leave it alone */
    for (size_t i = 0; i < nf; i++) {
        size_t root = PX_NONE;
        bool ambiguous = false;
        for (size_t g = 0; g < i && !ambiguous; g++) {
            if (sorted[g].words < sorted[i].words) break;
            if (!matches(&sorted[i], &sorted[g])) continue;
            size_t r = find(sorted, g);
            if (root == PX_NONE) root = r;
            else if (r != root) ambiguous = true;
        }
        if (root != PX_NONE && !ambiguous) sorted[i].parent = root;
    }
    /* entities: one per root */
    ent_tmp *et = cmp_alloc(ar, nf * sizeof *et);
    size_t *ent_of = cmp_alloc(ar, nf * sizeof *ent_of);
    if (!et || !ent_of) return PX_ENOMEM;
    size_t ne = 0;
    for (size_t i = 0; i < nf; i++) {
        if (find(sorted, i) != i) continue;
        et[ne].root = i;
        et[ne].name = sorted[i].shown;
        ent_of[i] = ne++;
    }
    for (size_t i = 0; i < nf; i++) ent_of[i] = ent_of[find(sorted, i)];
    /* counts per entity */
    bool *seen = cmp_alloc(ar, ne * sizeof *seen);
    if (!seen) return PX_ENOMEM;
    mi = 0;
    for (size_t k = 0; k < ndocs; k++) {
        memset(seen, 0, ne * sizeof *seen);
        for (size_t j = 0; j < nm[k]; j++, mi++) {
            size_t e = ent_of[order[mform[mi]]];
            et[e].count++;
            if (!seen[e]) et[e].ndoc++;
            seen[e] = true;
        }
    }
    /* the name: the root is the longest, most frequent form; among forms of
     * the same length (spelling variants) the most mentioned wins */
    for (size_t i = 0; i < nf; i++) {
        size_t e = ent_of[i];
        const form *r = &sorted[et[e].root];
        const form *x = &sorted[i];
        if (x->words == r->words && (x->count > r->count)) {
            et[e].root = i;
            et[e].name = x->shown;
        }
    }
    qsort(et, ne, sizeof *et, cmp_ents);
    size_t *final = cmp_alloc(ar, ne * sizeof *final);
    if (!final) return PX_ENOMEM;
    for (size_t e = 0; e < ne; e++) final[ent_of[find(sorted, et[e].root)]] = e;
    /* ent_of was indexed before sorting et: remap through the roots */
    for (size_t i = 0; i < nf; i++) ent_of[i] = final[ent_of[i]];
    cmp_entity *ent = cmp_alloc(ar, ne * sizeof *ent);
    if (!ent) return PX_ENOMEM;
    for (size_t e = 0; e < ne; e++) {
        ent[e].name = et[e].name;
        ent[e].count = et[e].count;
        ent[e].doc = cmp_alloc(ar, et[e].ndoc * sizeof *ent[e].doc);
        if (!ent[e].doc) return PX_ENOMEM;
    }
    /* types, aliases */
    size_t *votes = cmp_alloc(ar, ne * 4 * sizeof *votes);
    size_t *nal = cmp_alloc(ar, ne * sizeof *nal);
    if (!votes || !nal) return PX_ENOMEM;
    for (size_t i = 0; i < nf; i++) {
        size_t e = ent_of[i];
        for (int t = 0; t < 4; t++) votes[e * 4 + (size_t)t] += sorted[i].votes[t];
    }
    /* aliases are every spelling seen, not only each form's commonest:
     * "Foreign Ministry" and "Russian Ministry of Foreign Affairs" share
     * the key of "Russian Foreign Ministry", "US" that of "U.S." */
    for (size_t i = 0; i < total; i++)
        if (i == 0 || ms[i].form != ms[i - 1].form || strcmp(ms[i].name, ms[i - 1].name) != 0)
            nal[ent_of[order[ms[i].form]]]++;
    for (size_t e = 0; e < ne; e++) {
        int best = CMP_OTHER;
        size_t bv = 0;
        for (int t = 0; t < CMP_OTHER; t++)
            if (votes[e * 4 + (size_t)t] > bv) {
                bv = votes[e * 4 + (size_t)t];
                best = t;
            }
        ent[e].type = best;
        ent[e].alias = cmp_alloc(ar, nal[e] * sizeof *ent[e].alias);
        if (!ent[e].alias) return PX_ENOMEM;
    }
    for (size_t i = 0; i < total; i++) {
        cmp_entity *x = &ent[ent_of[order[ms[i].form]]];
        const char *s = ms[i].name;
        /* a spelling that differs only in case is no other spelling */
        if (strcasecmp(s, x->name) == 0) continue;
        bool dup = false;
        for (size_t a = 0; a < x->nalias && !dup; a++) dup = strcasecmp(x->alias[a], s) == 0;
        if (!dup) x->alias[x->nalias++] = s;
    }
    mi = 0;
    for (size_t k = 0; k < ndocs; k++) {
        for (size_t j = 0; j < nm[k]; j++, mi++) {
            size_t e = ent_of[order[mform[mi]]];
            cmp_entity *x = &ent[e];
            m[k][j].entity = (int)e;
            if (!x->ndoc || x->doc[x->ndoc - 1] != k) x->doc[x->ndoc++] = k;
        }
    }
    for (size_t e = 0; e < ne; e++) qsort(ent[e].alias, ent[e].nalias, sizeof *ent[e].alias, cmp_str);
    *out = ent;
    *nout = ne;
    return PX_OK;
}
