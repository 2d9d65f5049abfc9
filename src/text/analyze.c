/*
 * analyze.c - from UTF-8 text to normalized tokens and sentences.
 *
 * Consumes a text as (pointer, length) and produces, in arrays owned by a
 * reusable tx_ctx: word and number tokens (source span, normalized form,
 * Snowball stem, flags, sentence index) and sentence spans; tx_normalize
 * gives the normalized form of a whole text.
 *
 * Method. One left-to-right pass classifies each character (ASCII by a
 * table, the rest by its Unicode general category from utf8proc, with a
 * few punctuation marks singled out) and runs a small state machine:
 * words are scanned with the joining rules of text.h, sentences end at a
 * terminator followed by space (after closing quotes and brackets) unless
 * the next word starts lowercase or the period belongs to an abbreviation
 * (data/abbreviations; an abbreviation that may end a sentence ends one
 * only before a capitalized stopword, as in "the U.S. The ..."), and at
 * line breaks, since news input is mostly one paragraph per line. The
 * heuristics follow the classic rule-based splitters (cf. Grefenstette &
 * Tapanainen 1994; Kiss & Strunk 2006 learn the abbreviation list, which
 * we write by hand instead).
 *
 * Normalization is NFKC plus case folding (utf8proc), with typographic
 * quotes, apostrophes and dashes folded to ASCII first (so U+00B4 is an
 * apostrophe, not a space and an accent), and default-ignorable characters
 * dropped. Pure-ASCII words, the bulk of news text, skip utf8proc and are
 * lowercased with a byte loop; words that differ from ASCII only by a
 * typographic apostrophe (Russia's) take the same path. The slow path
 * decomposes into a code point buffer kept in the ctx and composes in
 * place, so no word allocates.
 *
 * Norms and stems are appended to one byte arena in token order; a token
 * records only lengths while the arena may still move, and the pointers
 * are set in a final pass.
 */
#include "text.h"

#include <libstemmer.h>
#include <utf8proc.h>

/* Stems are cached per ctx: news text repeats its words, and a Snowball
 * call costs several times the rest of the analysis of a word. The cache
 * is direct-mapped, STEM_SLOTS entries of words up to STEM_WORD bytes;
 * on English news about nine tokens in ten hit it (768 KB per ctx). */
#define STEM_BITS 14
#define STEM_SLOTS (1u << STEM_BITS)
#define STEM_WORD 22

/* One cached stem. */
typedef struct stem_slot {
    uint8_t lang;            /* stemmer index + 1; 0: empty */
    uint8_t nlen;            /* bytes of norm */
    uint8_t slen;            /* bytes of stem */
    char norm[STEM_WORD];    /* the word */
    char stem[STEM_WORD + 1]; /* its stem */
} stem_slot;

struct tx_ctx {
    px_allocator al;                            /* memory of everything below */
    tx_token *tok;                              /* tokens of the last text */
    size_t ntok;                                /* tokens in use */
    size_t tok_cap;                             /* tokens allocated */
    tx_span *sent;                              /* sentences of the last text */
    size_t nsent;                               /* sentences in use */
    size_t sent_cap;                            /* sentences allocated */
    px_buf ar;                                  /* norms and stems, back to back */
    int32_t *cps;                               /* code points of the slow path */
    size_t cps_cap;                             /* code points allocated */
    struct sb_stemmer *stem[TX_MAX_STEMMERS];   /* stemmers, made on first use */
    uint8_t stem_state[TX_MAX_STEMMERS];        /* STEM_* of each */
    stem_slot *cache;                           /* STEM_SLOTS stems, or NULL */
};

enum { STEM_UNTRIED, STEM_MADE, STEM_MISSING };

/* Longer tokens (a URL, a run of letters without spaces) are not words a
 * stemmer knows: their stem is their norm. */
#define MAX_STEM_INPUT 256

/* Marks a token whose stem follows its norm in the arena, until fix-up. */
static const char own_stem[1];

/* ---- characters ---- */

/* Character classes. The word characters come first (see is_wordc). */
enum {
    CL_LOWER,     /* lowercase letter */
    CL_UPPER,     /* uppercase or titlecase letter */
    CL_LETTER,    /* letter without case (Lo, Lm, Nl) */
    CL_DIGIT,     /* decimal digit of any script */
    CL_MARK,      /* combining mark */
    CL_IDEO,      /* CJK ideograph: a token by itself */
    CL_SPACE,     /* horizontal space, control character, end of text */
    CL_NL,        /* line break */
    CL_JOIN,      /* format character (soft hyphen, ZWJ): inside words only */
    CL_APOS,      /* apostrophe or single quotation mark */
    CL_DQUOTE,    /* double quotation mark */
    CL_HYPHEN,    /* hyphen that joins words */
    CL_DASH,      /* dash between phrases */
    CL_PERIOD,    /* full stop */
    CL_TERM,      /* ! ? ... and other terminators, followed by space */
    CL_TERM_CJK,  /* terminators of scripts without spaces */
    CL_COMMA,     /* comma or digit group separator */
    CL_AMP,       /* & */
    CL_OPEN,      /* opening bracket, inverted ! and ? */
    CL_CLOSE,     /* closing bracket */
    CL_OTHER      /* other punctuation, symbols, invalid bytes */
};

#define LO CL_LOWER
#define UP CL_UPPER
#define DG CL_DIGIT
#define SP CL_SPACE
#define NL CL_NL
#define AP CL_APOS
#define DQ CL_DQUOTE
#define HY CL_HYPHEN
#define PE CL_PERIOD
#define TE CL_TERM
#define CM CL_COMMA
#define AM CL_AMP
#define OP CL_OPEN
#define CL CL_CLOSE
#define OT CL_OTHER
static const uint8_t ascii_cl[128] = {
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, NL, NL, NL, NL, SP, SP, /* 00 */
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, /* 10 */
    SP, TE, DQ, OT, OT, OT, AM, AP, OP, CL, OT, OT, CM, HY, PE, OT, /* 20 */
    DG, DG, DG, DG, DG, DG, DG, DG, DG, DG, OT, OT, OT, OT, OT, TE, /* 30 */
    OT, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, /* 40 */
    UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, OP, OT, CL, OT, OT, /* 50 */
    AP, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, /* 60 */
    LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, OP, OT, CL, OT, SP, /* 70 */
};
#undef LO
#undef UP
#undef DG
#undef SP
#undef NL
#undef AP
#undef DQ
#undef HY
#undef PE
#undef TE
#undef CM
#undef AM
#undef OP
#undef CL
#undef OT

static bool is_wordc(int cl) { return cl <= CL_MARK; }
static bool is_letter(int cl) { return cl <= CL_LETTER || cl == CL_MARK; }

/* Typographic apostrophes the ASCII path folds itself. */
static bool simple_apos(int32_t cp) {
    return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

static bool is_ideograph(int32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) ||
           cp == 0x3007;
}

/* The class of a non-ASCII code point. */
static uint8_t classify(int32_t cp) {
    switch (cp) {
    case 0x0085: case 0x2028: case 0x2029:
        return CL_NL;
    case 0x200B: case 0xFEFF:
        return CL_SPACE;
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x02BC:
    case 0x00B4: case 0x2032: case 0x2039: case 0x203A: case 0xFF07:
        return CL_APOS;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB:
    case 0x00BB: case 0x2033: case 0x301D: case 0x301E: case 0x301F:
    case 0xFF02:
        return CL_DQUOTE;
    case 0x2010: case 0x2011: case 0xFE63: case 0xFF0D:
        return CL_HYPHEN;
    case 0x2026: case 0x061F: case 0x06D4: case 0x0964: case 0x0965:
    case 0x203C: case 0x2047: case 0x2048: case 0x2049: case 0x037E:
    case 0x0589: case 0x1362: case 0xFE56: case 0xFE57:
        return CL_TERM;
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF61:
        return CL_TERM_CJK;
    case 0xFF0E: case 0xFE52:
        return CL_PERIOD;
    case 0xFF0C: case 0x066B: case 0x066C:
        return CL_COMMA;
    case 0xFF06:
        return CL_AMP;
    case 0x00A1: case 0x00BF:
        return CL_OPEN;
    default:
        break;
    }
    if (is_ideograph(cp)) return CL_IDEO;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
        return CL_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return CL_LOWER;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
        return CL_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return CL_MARK;
    case UTF8PROC_CATEGORY_ND:
        return CL_DIGIT;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_CC:
        return CL_SPACE;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return CL_NL;
    case UTF8PROC_CATEGORY_CF:
        return CL_JOIN;
    case UTF8PROC_CATEGORY_PD:
        return CL_DASH;
    case UTF8PROC_CATEGORY_PS:
        return CL_OPEN;
    case UTF8PROC_CATEGORY_PE:
        return CL_CLOSE;
    default:
        return CL_OTHER;
    }
}

/* One decoded character. */
typedef struct ch {
    int32_t cp;   /* code point; -1 for an invalid byte or the end */
    uint8_t len;  /* bytes */
    uint8_t cl;   /* CL_* */
} ch;

/* The character at s[i]; past the end, a space of length 1. An invalid
 * UTF-8 byte is a one-byte CL_OTHER. */
static inline ch char_at(const uint8_t *s, size_t n, size_t i) {
    ch c = {-1, 1, CL_SPACE};
    if (i >= n) return c;
    if (s[i] < 0x80) {
        c.cp = s[i];
        c.cl = ascii_cl[s[i]];
        return c;
    }
    int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)PX_MIN(n - i, 4), &cp);
    if (k <= 0) {
        c.cl = CL_OTHER;
        return c;
    }
    c.cp = cp;
    c.len = (uint8_t)k;
    c.cl = classify(cp);
    return c;
}

/* ---- normalization ---- */

#define NORM_OPTS                                                         \
    (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |               \
     UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

/* Folds typographic quotes and dashes before decomposition; U+00B4 would
 * otherwise become a space and a combining accent. */
static utf8proc_int32_t fold_cp(utf8proc_int32_t cp, void *data) {
    (void)data;
    switch (cp) {
    case 0x0060: case 0x00B4: case 0x02BC: case 0x2018: case 0x2019:
    case 0x201A: case 0x201B: case 0x2032: case 0x2039: case 0x203A:
        return '\'';
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E:
    case 0x201F: case 0x2033: case 0x301D: case 0x301E: case 0x301F:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0xFE58: case 0x2E3A: case 0x2E3B:
        return '-';
    default:
        return cp;
    }
}

static inline char fold_ascii(uint8_t c) {
    if ((unsigned)(c - 'A') < 26u) return (char)(c + 32);
    return c == '`' ? '\'' : (char)c;
}

/* Room for extra more bytes and the NUL in b. */
static inline px_status reserve(px_buf *b, size_t extra) {
    if (b->cap - b->len > extra) return PX_OK;
    return px_buf_reserve(b, extra);
}

/* Appends s[0..n), ASCII but for typographic apostrophes, lowercased. */
static px_status norm_fast(const uint8_t *s, size_t n, px_buf *out) {
    PX_TRY(reserve(out, n));
    char *d = out->p + out->len;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (c < 0x80) {
            *d++ = fold_ascii(c);
        } else {
            /* a simple_apos: U+02BC is 2 bytes, U+2018/U+2019 are 3 */
            *d++ = '\'';
            i += c < 0xE0 ? 1 : 2;
        }
    }
    out->len = (size_t)(d - out->p);
    out->p[out->len] = '\0';
    return PX_OK;
}

/* Appends the normalization of the valid UTF-8 s[0..n). With collapse,
 * spaces that NFKC makes (from U+FDFA, say) do not double the one before
 * and never lead the output past base. */
static px_status norm_slow(tx_ctx *x, const uint8_t *s, size_t n, px_buf *out,
                           bool collapse, size_t base) {
    PX_TRY(px_grow(&x->al, (void **)&x->cps, &x->cps_cap, PX_MAX(n, 16),
                   sizeof *x->cps));
    utf8proc_ssize_t m;
    for (;;) {
        m = utf8proc_decompose_custom(s, (utf8proc_ssize_t)n, x->cps,
                                      (utf8proc_ssize_t)x->cps_cap, NORM_OPTS,
                                      fold_cp, NULL);
        if (m < 0) return PX_EFORMAT;
        if ((size_t)m <= x->cps_cap) break;
        PX_TRY(px_grow(&x->al, (void **)&x->cps, &x->cps_cap, (size_t)m,
                       sizeof *x->cps));
    }
    m = utf8proc_normalize_utf32(x->cps, m, NORM_OPTS);
    if (m < 0) return PX_EFORMAT;
    PX_TRY(reserve(out, 4 * (size_t)m));
    for (utf8proc_ssize_t k = 0; k < m; k++) {
        int32_t cp = x->cps[k];
        if (collapse && (cp == ' ' || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS)) {
            if (out->len > base && out->p[out->len - 1] != ' ') out->p[out->len++] = ' ';
            continue;
        }
        out->len += (size_t)utf8proc_encode_char(cp, (uint8_t *)out->p + out->len);
    }
    out->p[out->len] = '\0';
    return PX_OK;
}

/* Appends the normalization of a run of non-space characters that may
 * hold invalid bytes: each becomes U+FFFD. */
static px_status norm_run(tx_ctx *x, const uint8_t *s, size_t n, px_buf *out,
                          size_t base) {
    size_t seg = 0, k = 0;
    while (k < n) {
        if (s[k] < 0x80) {
            k++;
            continue;
        }
        int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate(s + k, (utf8proc_ssize_t)PX_MIN(n - k, 4), &cp);
        if (r > 0) {
            k += (size_t)r;
            continue;
        }
        if (k > seg) PX_TRY(norm_slow(x, s + seg, k - seg, out, true, base));
        PX_TRY(px_buf_add(out, "\xEF\xBF\xBD", 3));
        seg = ++k;
    }
    if (k > seg) PX_TRY(norm_slow(x, s + seg, k - seg, out, true, base));
    return PX_OK;
}

px_status tx_normalize(tx_ctx *x, const char *str, size_t n, px_buf *out) {
    if (!x || !out || (!str && n)) return PX_EINVAL;
    const uint8_t *s = (const uint8_t *)str;
    size_t base = out->len;
    size_t i = 0;
    PX_TRY(reserve(out, 0));
    while (i < n) {
        ch c = char_at(s, n, i);
        if (c.cl == CL_SPACE || c.cl == CL_NL) {
            i += c.len;
            continue;
        }
        /* a run of non-space characters */
        size_t j = i;
        bool ascii = true;
        while (j < n) {
            if (s[j] < 0x80) {
                uint8_t cl = ascii_cl[s[j]];
                if (cl == CL_SPACE || cl == CL_NL) break;
                j++;
                continue;
            }
            c = char_at(s, n, j);
            if (c.cl == CL_SPACE || c.cl == CL_NL) break;
            ascii = false;
            j += c.len;
        }
        if (out->len > base && out->p[out->len - 1] != ' ') PX_TRY(px_buf_addc(out, ' '));
        if (ascii) PX_TRY(norm_fast(s + i, j - i, out));
        else PX_TRY(norm_run(x, s + i, j - i, out, base));
        i = j;
    }
    while (out->len > base && out->p[out->len - 1] == ' ') out->p[--out->len] = '\0';
    return PX_OK;
}

/* ---- context ---- */

tx_ctx *tx_ctx_new(const px_allocator *al) {
    px_allocator a;
    px_alloc_init(&a, al);
    tx_ctx *x = px_calloc(&a, 1, sizeof *x);
    if (!x) return NULL;
    x->al = a;
    px_buf_init(&x->ar, &x->al);
    return x;
}

void tx_ctx_free(tx_ctx *x) {
    if (!x) return;
    for (int i = 0; i < TX_MAX_STEMMERS; i++)
        if (x->stem[i]) sb_stemmer_delete(x->stem[i]);
    px_free(&x->al, x->tok);
    px_free(&x->al, x->sent);
    px_free(&x->al, x->cps);
    px_free(&x->al, x->cache);
    px_buf_free(&x->ar);
    px_free(&x->al, x);
}

/* The stemmer of Snowball language idx, made on first use; NULL when
 * libstemmer lacks it. PX_ENOMEM when it has it but cannot make it. */
static px_status get_stemmer(tx_ctx *x, int idx, struct sb_stemmer **out) {
    *out = NULL;
    if (idx < 0 || idx >= TX_MAX_STEMMERS || x->stem_state[idx] == STEM_MISSING)
        return PX_OK;
    if (x->stem_state[idx] == STEM_MADE) {
        *out = x->stem[idx];
        return PX_OK;
    }
    const char *name = tx_stem_name(idx);
    struct sb_stemmer *st = name ? sb_stemmer_new(name, "UTF_8") : NULL;
    if (!st) {
        for (const char **l = sb_stemmer_list(); name && *l; l++)
            if (!strcmp(*l, name)) return PX_ENOMEM;
        x->stem_state[idx] = STEM_MISSING;
        return PX_OK;
    }
    x->stem[idx] = st;
    x->stem_state[idx] = STEM_MADE;
    *out = st;
    return PX_OK;
}

/* The stem of the normalized word w, from the cache or the stemmer
 * (index idx); *r points into either and stays valid until the next call. */
static px_status stem_word(tx_ctx *x, struct sb_stemmer *st, int idx, const char *w,
                           size_t n, const char **r, size_t *rl) {
    stem_slot *e = NULL;
    if (n <= STEM_WORD && x->cache) {
        uint32_t h = 0;
        for (size_t i = 0; i < n; i++) h = h * 31 + (uint8_t)w[i];
        e = &x->cache[(h * 0x9E3779B1u) >> (32 - STEM_BITS)];
        if (e->lang == idx + 1 && e->nlen == n && !memcmp(e->norm, w, n)) {
            *r = e->stem;
            *rl = e->slen;
            return PX_OK;
        }
    }
    const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)w, (int)n);
    if (!s) return PX_ENOMEM;
    int len = sb_stemmer_length(st);
    *r = (const char *)s;
    *rl = len > 0 ? (size_t)len : 0;
    if (e && *rl <= STEM_WORD) {
        e->lang = (uint8_t)(idx + 1);
        e->nlen = (uint8_t)n;
        e->slen = (uint8_t)*rl;
        memcpy(e->norm, w, n);
        memcpy(e->stem, s, *rl);
    }
    return PX_OK;
}

/* ---- tokens and sentences ---- */

/* The state of one pass over a text. */
typedef struct scan {
    tx_ctx *x;                 /* where output goes */
    const uint8_t *s;          /* the text */
    size_t n;                  /* its bytes */
    tx_langinfo li;            /* its language's tables */
    struct sb_stemmer *stem;   /* its stemmer, or NULL */
    bool keep;                 /* keep tokens (false: sentences only) */
    bool open;                 /* the current sentence has a character */
    size_t s_off;              /* where the current sentence starts */
    size_t s_end;              /* end of its last non-space character */
    uint32_t s_ntok;           /* its tokens so far */
    bool dq;                   /* inside a double quotation */
    int32_t dq_open;           /* the mark that opened it */
    bool sq;                   /* inside a single quotation */
    size_t word_end;           /* end of the last token: a quote there closes */
    bool small_num;            /* the last token is a number of 1-3 digits */
} scan;

/* What the scan of one word found. */
typedef struct winfo {
    uint32_t nletter;   /* letters */
    uint32_t nupper;    /* uppercase letters */
    uint32_t nlower;    /* lowercase letters */
    uint32_t ndigit;    /* digits */
    uint32_t ncp;       /* characters */
    int first_letter;   /* class of the first letter, -1 if none */
    bool first_digit;   /* starts with a digit */
    bool hyphen;        /* holds a joining hyphen */
    bool sep;           /* holds a digit separator (1,400) */
    bool simple;        /* ASCII but for simple apostrophes: the fast path */
    bool dotted;        /* letter-dot sequence (U.S., e.g.) */
    bool ideo;          /* a CJK ideograph */
} winfo;

static inline void count(winfo *w, int cl) {
    w->ncp++;
    if (cl == CL_DIGIT) {
        w->ndigit++;
        return;
    }
    if (cl > CL_LETTER) return;
    if (w->first_letter < 0) w->first_letter = cl;
    w->nletter++;
    w->nupper += cl == CL_UPPER;
    w->nlower += cl == CL_LOWER;
}

static void content(scan *sc, size_t a, size_t b) {
    if (!sc->open) {
        sc->open = true;
        sc->s_off = a;
    }
    sc->s_end = b;
}

/* Ends the current sentence; kept when it holds a token. */
static px_status close_sentence(scan *sc) {
    tx_ctx *x = sc->x;
    if (sc->open && sc->s_ntok > 0) {
        PX_TRY(px_grow(&x->al, (void **)&x->sent, &x->sent_cap, x->nsent + 1,
                       sizeof *x->sent));
        x->sent[x->nsent].off = (uint32_t)sc->s_off;
        x->sent[x->nsent].len = (uint32_t)(sc->s_end - sc->s_off);
        x->nsent++;
    }
    sc->open = false;
    sc->s_ntok = 0;
    sc->sq = false;
    return PX_OK;
}

/* True when the word at k, lowercased, is a stopword (for the language's
 * sentence-start test after an abbreviation). */
static bool stop_at(const scan *sc, size_t k) {
    char w[48];
    size_t m = 0;
    while (k < sc->n) {
        ch c = char_at(sc->s, sc->n, k);
        if (!is_letter(c.cl)) break;
        int32_t lc = utf8proc_tolower(c.cp);
        if (m + 4 >= sizeof w) return false;
        m += (size_t)utf8proc_encode_char(lc, (uint8_t *)w + m);
        k += c.len;
    }
    return tx_stop_has(sc->li.abbr_stop, w, m);
}

/* Whether a sentence ends at j, right after terminators and closers.
 * abbr: the TX_AB_* class of an abbreviation whose period ended it;
 * single_dot: the terminator was one period. */
static bool ends_here(const scan *sc, size_t j, int abbr, bool cjk, bool single_dot) {
    const uint8_t *s = sc->s;
    size_t n = sc->n;
    if (cjk) return true;
    ch c = char_at(s, n, j);
    if (c.cl != CL_SPACE && c.cl != CL_JOIN && c.cl != CL_NL) return false;
    size_t k = j;
    while (k < n) {
        c = char_at(s, n, k);
        if (c.cl == CL_NL) return false; /* the line break decides */
        if (c.cl != CL_SPACE && c.cl != CL_JOIN) break;
        k += c.len;
    }
    if (k >= n) return true;
    while (k < n && (c.cl == CL_OPEN || c.cl == CL_DQUOTE || c.cl == CL_APOS ||
                     c.cl == CL_DASH || c.cl == CL_HYPHEN)) {
        k += c.len;
        c = char_at(s, n, k);
    }
    if (c.cl == CL_LOWER) return false;
    if (abbr == TX_AB_INNER || abbr == TX_AB_NUM) return false;
    if (abbr == TX_AB_END) return c.cl == CL_UPPER && stop_at(sc, k);
    if (single_dot && sc->li.ordinal_dot && sc->small_num && c.cl == CL_UPPER &&
        !stop_at(sc, k))
        return false;
    return true;
}

/* Sentence-final punctuation at i: a run of terminators (none after an
 * abbreviation, whose period is in its token), then closing quotes and
 * brackets. Ends the sentence there when ends_here says so; *next is
 * where scanning resumes. */
static px_status terminator(scan *sc, size_t i, int abbr, size_t *next) {
    const uint8_t *s = sc->s;
    size_t n = sc->n, j = i;
    bool cjk = false, dots = true;
    int nterm = 0;
    while (!abbr && j < n) {
        ch c = char_at(s, n, j);
        if (c.cl != CL_PERIOD && c.cl != CL_TERM && c.cl != CL_TERM_CJK) break;
        cjk |= c.cl == CL_TERM_CJK;
        dots &= c.cl == CL_PERIOD;
        nterm++;
        j += c.len;
    }
    while (j < n) {
        ch c = char_at(s, n, j);
        if (c.cl == CL_DQUOTE && c.cp != 0x201E && c.cp != 0x201F && c.cp != 0x301D) {
            sc->dq = false;
        } else if (c.cl == CL_APOS) {
            sc->sq = false;
        } else if (c.cl != CL_CLOSE) {
            break;
        }
        j += c.len;
    }
    if (j > i) content(sc, i, j);
    *next = j;
    if (j < n && ends_here(sc, j, abbr, cjk, dots && nterm == 1))
        PX_TRY(close_sentence(sc));
    return PX_OK;
}

/* A line break at i: it ends the sentence and any quotation unless the
 * next line goes on in lowercase (a hard-wrapped paragraph). */
static px_status newline(scan *sc, size_t i, size_t *next) {
    const uint8_t *s = sc->s;
    size_t n = sc->n;
    size_t j = i + char_at(s, n, i).len;
    if (s[i] == '\r' && j < n && s[j] == '\n') j++;
    *next = j;
    size_t k = j;
    ch c = char_at(s, n, k);
    while (k < n && (c.cl == CL_SPACE || c.cl == CL_JOIN)) {
        k += c.len;
        c = char_at(s, n, k);
    }
    if (k < n && c.cl == CL_LOWER) return PX_OK;
    sc->dq = false;
    return close_sentence(sc);
}

/* A double quotation mark outside a terminator: opens or closes. A mark
 * glued to the end of a word never opens (5'10", a stray close). */
static void dquote(scan *sc, size_t i, ch c) {
    bool after_word = i == sc->word_end;
    switch (c.cp) {
    case 0x201E: case 0x201F: case 0x301D: /* „ ‟ 〝 open */
        sc->dq = true;
        sc->dq_open = c.cp;
        break;
    case 0x201C: /* “ opens, but closes „ (German) */
        if (sc->dq && sc->dq_open == 0x201E) {
            sc->dq = false;
        } else {
            sc->dq = true;
            sc->dq_open = c.cp;
        }
        break;
    case 0x201D: case 0x301E: case 0x301F: /* ” closes; opens in Swedish */
        if (sc->dq) {
            sc->dq = false;
        } else if (!after_word && is_wordc(char_at(sc->s, sc->n, i + c.len).cl)) {
            sc->dq = true;
            sc->dq_open = c.cp;
        }
        break;
    default: /* " « » and the like toggle */
        if (sc->dq) {
            sc->dq = false;
        } else if (!after_word) {
            sc->dq = true;
            sc->dq_open = c.cp;
        }
        break;
    }
}

/* Elided articles and prepositions of French, Italian and Catalan. */
static bool elision(const uint8_t *s, size_t n) {
    static const char *const pre[] = {
        "c", "d", "j", "l", "m", "n", "s", "t", "v", "qu", "un", "all",
        "coll", "dall", "dell", "jusqu", "lorsqu", "nell", "presqu",
        "puisqu", "quell", "quest", "quoiqu", "sull",
    };
    char w[8];
    if (n == 0 || n >= sizeof w) return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0x80) return false;
        w[i] = fold_ascii(s[i]);
    }
    for (size_t i = 0; i < PX_ARRAY_LEN(pre); i++)
        if (strlen(pre[i]) == n && !memcmp(pre[i], w, n)) return true;
    return false;
}

/* Scans the word starting at i; returns its end. */
static size_t scan_word(scan *sc, size_t i, winfo *w) {
    const uint8_t *s = sc->s;
    size_t n = sc->n, j = i;
    ch c = char_at(s, n, j);
    memset(w, 0, sizeof *w);
    w->first_letter = -1;
    w->simple = true;
    if (c.cl == CL_IDEO) {
        w->ideo = true;
        w->simple = false;
        w->nletter = w->ncp = 1;
        return j + c.len;
    }
    w->first_digit = c.cl == CL_DIGIT;
    for (;;) {
        /* the bulk: a run of ASCII letters and digits */
        size_t a = j;
        uint32_t up = 0, dg = 0;
        while (j < n && s[j] < 0x80) {
            uint8_t cl = ascii_cl[s[j]];
            if (cl > CL_DIGIT) break;
            up += cl == CL_UPPER;
            dg += cl == CL_DIGIT;
            j++;
        }
        if (j > a) {
            uint32_t len = (uint32_t)(j - a), lt = len - dg;
            if (w->first_letter < 0 && lt > 0) {
                size_t k = a;
                while (ascii_cl[s[k]] == CL_DIGIT) k++;
                w->first_letter = ascii_cl[s[k]];
            }
            w->ncp += len;
            w->ndigit += dg;
            w->nletter += lt;
            w->nupper += up;
            w->nlower += lt - up;
        }
        if (j >= n) return j;
        c = char_at(s, n, j);
        if (c.cl == CL_SPACE) return j;
        ch d = char_at(s, n, j + c.len); /* the character after c */
        switch (c.cl) {
        case CL_LOWER: case CL_UPPER: case CL_LETTER: case CL_DIGIT: case CL_MARK:
            count(w, c.cl);
            w->simple = false;
            j += c.len;
            continue;
        case CL_JOIN:
            if (!is_wordc(d.cl) || d.cl == CL_IDEO) return j;
            w->simple = false;
            j += c.len;
            continue;
        case CL_APOS:
            if (is_letter(d.cl) && d.cl != CL_IDEO) {
                if (sc->li.elide && elision(s + i, j - i)) {
                    if (!simple_apos(c.cp)) w->simple = false;
                    return j + c.len;
                }
                if (!simple_apos(c.cp)) w->simple = false;
                j += c.len;
                continue;
            }
            /* possessive of a word in s: Hamas' */
            if (!sc->sq && (s[j - 1] == 's' || s[j - 1] == 'S') && !is_wordc(d.cl) &&
                w->nletter > 0) {
                if (!simple_apos(c.cp)) w->simple = false;
                return j + c.len;
            }
            return j;
        case CL_HYPHEN:
            if ((is_letter(d.cl) && d.cl != CL_IDEO) || (d.cl == CL_DIGIT && w->nletter > 0)) {
                w->hyphen = true;
                if (c.cp != '-') w->simple = false;
                j += c.len;
                continue;
            }
            return j;
        case CL_PERIOD: case CL_COMMA:
            if (w->nletter == 0 && d.cl == CL_DIGIT) {
                w->sep = true;
                if (c.cp >= 0x80) w->simple = false;
                j += c.len;
                continue;
            }
            return j;
        case CL_AMP:
            if (c.cp == '&' && w->nlower == 0 && w->nupper > 0 && d.cp >= 'A' &&
                d.cp <= 'Z') {
                j += c.len;
                continue;
            }
            return j;
        default:
            return j;
        }
    }
}

/* Extends a word of one or two letters over a letter-dot sequence (U.S.,
 * e.g., EE.UU., т.е.); returns the end after the last period, or j. */
static size_t scan_dotted(const scan *sc, size_t j, winfo *w) {
    const uint8_t *s = sc->s;
    size_t n = sc->n, k = j;
    winfo t = *w;
    int groups = 1;
    while (k < n && s[k] == '.') {
        size_t m = k + 1;
        int cnt = 0;
        winfo g = t;
        for (;;) {
            ch c = char_at(s, n, m);
            if (m >= n || c.cl > CL_LETTER || cnt > 2) break;
            count(&g, c.cl);
            if (c.cp >= 0x80) g.simple = false;
            m += c.len;
            cnt++;
        }
        if (cnt == 0 || cnt > 2 || m >= n || s[m] != '.') break;
        t = g;
        groups++;
        k = m;
    }
    if (groups < 2) return j;
    *w = t;
    w->dotted = true;
    return k + 1;
}

/* True when a digit follows k after spaces. */
static bool digit_after(const scan *sc, size_t k) {
    while (k < sc->n && (sc->s[k] == ' ' || sc->s[k] == '\t')) k++;
    return k < sc->n && char_at(sc->s, sc->n, k).cl == CL_DIGIT;
}

/* Scans, normalizes, flags and stems the word at *pi. */
static px_status word(scan *sc, size_t *pi) {
    tx_ctx *x = sc->x;
    px_buf *ar = &x->ar;
    const uint8_t *s = sc->s;
    size_t n = sc->n, i = *pi;
    winfo w;
    size_t j = scan_word(sc, i, &w);
    if (j < n && s[j] == '.' && w.nletter >= 1 && w.nletter <= 2 && w.ndigit == 0 &&
        w.ncp == w.nletter && !w.hyphen)
        j = scan_dotted(sc, j, &w);

    size_t mark = ar->len;
    if (w.simple) PX_TRY(norm_fast(s + i, j - i, ar));
    else PX_TRY(norm_slow(x, s + i, j - i, ar, false, 0));
    size_t nlen = ar->len - mark;
    if (nlen == 0 || nlen > UINT32_MAX) {
        ar->len = mark;
        *pi = j;
        return nlen ? PX_EINVAL : PX_OK;
    }

    /* an abbreviation keeps its period */
    bool cap = w.first_letter == CL_UPPER;
    int abbr = TX_AB_NONE;
    if (w.dotted) {
        abbr = tx_abbr_class(sc->li.abbr, ar->p + mark, nlen - 1, cap);
        if (abbr == TX_AB_NONE || (abbr == TX_AB_NUM && !digit_after(sc, j)))
            abbr = TX_AB_END;
    } else if (j < n && s[j] == '.' && w.nletter > 0 && !w.ideo) {
        abbr = tx_abbr_class(sc->li.abbr, ar->p + mark, nlen, cap);
        if (abbr == TX_AB_NUM && !digit_after(sc, j + 1)) abbr = TX_AB_NONE;
        if (abbr == TX_AB_NONE && w.ncp == 1 && cap) abbr = TX_AB_END;
        if (abbr != TX_AB_NONE) {
            PX_TRY(px_buf_addc(ar, '.'));
            nlen++;
            j++;
        }
    }

    uint32_t flags = w.first_digit && !w.hyphen ? TX_NUM : TX_WORD;
    if (cap) flags |= TX_CAP;
    if (w.nupper >= 2 && w.nlower == 0) flags |= TX_ALLCAPS;
    if (sc->dq || sc->sq) flags |= TX_QUOTED;
    if (sc->s_ntok == 0) flags |= TX_SENT_START;
    const char *norm = ar->p + mark;
    if ((flags & TX_WORD) && tx_stop_has(sc->li.stop, norm, nlen)) flags |= TX_STOP;

    bool own = false;
    size_t slen = nlen;
    if (sc->stem && (flags & TX_WORD) && abbr == TX_AB_NONE && !w.ideo &&
        nlen <= MAX_STEM_INPUT) {
        const char *r;
        size_t rl;
        PX_TRY(stem_word(x, sc->stem, sc->li.stem, norm, nlen, &r, &rl));
        if (rl > 0 && (rl != nlen || memcmp(r, norm, nlen))) {
            PX_TRY(px_buf_add(ar, r, rl));
            own = true;
            slen = rl;
        }
    }

    if (sc->keep) {
        if (x->ntok == x->tok_cap)
            PX_TRY(px_grow(&x->al, (void **)&x->tok, &x->tok_cap, x->ntok + 1, sizeof *x->tok));
        tx_token *t = &x->tok[x->ntok++];
        t->off = (uint32_t)i;
        t->len = (uint32_t)(j - i);
        t->norm = NULL;
        t->norm_len = (uint32_t)nlen;
        t->stem = own ? own_stem : NULL;
        t->stem_len = (uint32_t)slen;
        t->sent = (uint32_t)x->nsent;
        t->flags = flags;
    } else {
        ar->len = mark;
    }
    content(sc, i, j);
    sc->s_ntok++;
    sc->word_end = j;
    sc->small_num = (flags & TX_NUM) && w.nletter == 0 && !w.sep && w.ndigit <= 3;
    *pi = j;
    if (abbr != TX_AB_NONE) PX_TRY(terminator(sc, j, abbr, pi));
    return PX_OK;
}

static px_status run(tx_ctx *x, const char *str, size_t n, const char *lang,
                     unsigned opts, bool keep, tx_result *out) {
    if (out) memset(out, 0, sizeof *out);
    if (!x || !out || (!str && n)) return PX_EINVAL;
    if (n >= UINT32_MAX) return PX_EINVAL;
    x->ntok = x->nsent = 0;
    px_buf_clear(&x->ar);
    scan sc;
    memset(&sc, 0, sizeof sc);
    sc.x = x;
    sc.s = (const uint8_t *)str;
    sc.n = n;
    sc.keep = keep;
    sc.word_end = (size_t)-1;
    tx_lang_lookup(lang, &sc.li);
    if (keep && !(opts & TX_OPT_NOSTEM)) PX_TRY(get_stemmer(x, sc.li.stem, &sc.stem));
    if (sc.stem && !x->cache) {
        x->cache = px_calloc(&x->al, STEM_SLOTS, sizeof *x->cache);
        if (!x->cache) return PX_ENOMEM;
    }
    PX_TRY(px_buf_reserve(&x->ar, keep ? n + n / 4 + 16 : 64));

    const uint8_t *s = sc.s;
    size_t i = 0;
    while (i < n) {
        ch c = char_at(s, n, i);
        switch (c.cl) {
        case CL_SPACE: case CL_JOIN:
            i += c.len;
            break;
        case CL_NL:
            PX_TRY(newline(&sc, i, &i));
            break;
        case CL_LOWER: case CL_UPPER: case CL_LETTER: case CL_DIGIT: case CL_MARK:
        case CL_IDEO:
            PX_TRY(word(&sc, &i));
            break;
        case CL_PERIOD: case CL_TERM: case CL_TERM_CJK:
            PX_TRY(terminator(&sc, i, TX_AB_NONE, &i));
            break;
        case CL_DQUOTE:
            dquote(&sc, i, c);
            content(&sc, i, i + c.len);
            i += c.len;
            break;
        case CL_APOS:
            if (i == sc.word_end) sc.sq = false;
            else if (is_wordc(char_at(s, n, i + c.len).cl)) sc.sq = true;
            content(&sc, i, i + c.len);
            i += c.len;
            break;
        default:
            content(&sc, i, i + c.len);
            i += c.len;
            break;
        }
    }
    PX_TRY(close_sentence(&sc));

    /* the arena no longer moves: point the tokens into it */
    size_t pos = 0;
    for (size_t k = 0; k < x->ntok; k++) {
        tx_token *t = &x->tok[k];
        t->norm = x->ar.p + pos;
        pos += t->norm_len;
        if (t->stem == own_stem) {
            t->stem = x->ar.p + pos;
            pos += t->stem_len;
        } else {
            t->stem = t->norm;
            t->stem_len = t->norm_len;
        }
    }
    out->tok = keep ? x->tok : NULL;
    out->ntok = keep ? x->ntok : 0;
    out->sent = x->sent;
    out->nsent = x->nsent;
    return PX_OK;
}

px_status tx_analyze_opts(tx_ctx *x, const char *s, size_t n, const char *lang,
                          unsigned opts, tx_result *out) {
    px_status st = run(x, s, n, lang, opts, true, out);
    if (st != PX_OK && out) memset(out, 0, sizeof *out);
    return st;
}

px_status tx_analyze(tx_ctx *x, const char *s, size_t n, const char *lang,
                     tx_result *out) {
    return tx_analyze_opts(x, s, n, lang, 0, out);
}

px_status tx_sentences(tx_ctx *x, const char *s, size_t n, const char *lang,
                       tx_result *out) {
    px_status st = run(x, s, n, lang, TX_OPT_NOSTEM, false, out);
    if (st != PX_OK && out) memset(out, 0, sizeof *out);
    return st;
}
