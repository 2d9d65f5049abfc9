/*
 * langid.c - language identification of a text, fast enough to run on
 * every article.
 *
 * Consumes the first 4 KB of a text and produces an ISO 639-1 code, or ""
 * when it cannot tell. Two steps, the classic cheap pair (the word-based
 * half is the "short words" scheme that Grefenstette 1995, "Comparing two
 * language identification schemes", compares with trigrams: as good on
 * texts of a few sentences, weaker on a handful of words, which is why
 * short texts get ""):
 *
 * 1. Script: count letters per writing system. A script that belongs to
 *    one language (Greek, Hebrew, Thai, Hangul...) decides at once; the
 *    Cyrillic and Arabic alphabets are split by the letters that only some
 *    of their languages use (і ї є ґ for Ukrainian, ы э for Russian; پ چ
 *    ژ گ for Persian, ے ں ٹ for Urdu); Han with kana is Japanese.
 * 2. Latin script: count, per language, the words that are among its most
 *    frequent function words (the "cues" at the top of each stopword list,
 *    generated into stopwords.inc). The best language must cover a fair
 *    share of the words and beat the runner-up clearly; otherwise the text
 *    is too short, mixed, or in a language we have no cues for.
 *
 * Everything lives on the stack: no ctx, no allocation.
 */
#include "text.h"

#include <utf8proc.h>

/* The first bytes looked at. */
#define LANGID_WINDOW 4096
/* Fewer letters than this: too short to tell. */
#define MIN_LETTERS 12

enum {
    SC_LATIN, SC_CYRILLIC, SC_GREEK, SC_ARMENIAN, SC_HEBREW, SC_ARABIC,
    SC_DEVANAGARI, SC_BENGALI, SC_TAMIL, SC_THAI, SC_GEORGIAN, SC_HANGUL,
    SC_KANA, SC_HAN, SC_OTHER, SC_COUNT
};

/* Languages of the scripts that decide alone (SC_LATIN, SC_CYRILLIC,
 * SC_ARABIC, SC_KANA, SC_HAN and SC_OTHER are decided elsewhere). */
static const char *const script_lang[SC_COUNT] = {
    [SC_GREEK] = "el",     [SC_ARMENIAN] = "hy", [SC_HEBREW] = "he",
    [SC_DEVANAGARI] = "hi", [SC_BENGALI] = "bn", [SC_TAMIL] = "ta",
    [SC_THAI] = "th",       [SC_GEORGIAN] = "ka", [SC_HANGUL] = "ko",
};

/* The script of a non-ASCII letter. */
static int script_of(int32_t cp) {
    if (cp < 0x0250 || (cp >= 0x1E00 && cp <= 0x1EFF)) return SC_LATIN;
    if (cp >= 0x0370 && cp <= 0x03FF) return SC_GREEK;
    if (cp >= 0x1F00 && cp <= 0x1FFF) return SC_GREEK;
    if (cp >= 0x0400 && cp <= 0x052F) return SC_CYRILLIC;
    if (cp >= 0x0530 && cp <= 0x058F) return SC_ARMENIAN;
    if (cp >= 0x0590 && cp <= 0x05FF) return SC_HEBREW;
    if ((cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
        (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
        (cp >= 0xFE70 && cp <= 0xFEFF))
        return SC_ARABIC;
    if (cp >= 0x0900 && cp <= 0x097F) return SC_DEVANAGARI;
    if (cp >= 0x0980 && cp <= 0x09FF) return SC_BENGALI;
    if (cp >= 0x0B80 && cp <= 0x0BFF) return SC_TAMIL;
    if (cp >= 0x0E00 && cp <= 0x0E7F) return SC_THAI;
    if (cp >= 0x10A0 && cp <= 0x10FF) return SC_GEORGIAN;
    if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
        (cp >= 0xAC00 && cp <= 0xD7AF))
        return SC_HANGUL;
    if (cp >= 0x3040 && cp <= 0x30FF) return SC_KANA;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x20000 && cp <= 0x2FFFF))
        return SC_HAN;
    return SC_OTHER;
}

/* Letters that tell the languages of one alphabet apart. */
typedef struct marks {
    unsigned uk;    /* і ї є ґ: Ukrainian */
    unsigned ru;    /* ы э: Russian, Belarusian */
    unsigned be;    /* ў: Belarusian */
    unsigned hard;  /* ъ: Russian (rare), Bulgarian (frequent) */
    unsigned sr;    /* ђ ћ џ љ њ ј: Serbian, Macedonian */
    unsigned mk;    /* ѓ ќ ѕ: Macedonian */
    unsigned ar;    /* ي ك ة ى: Arabic */
    unsigned fa;    /* پ چ ژ گ ی ک: Persian, Urdu */
    unsigned ur;    /* ٹ ڈ ڑ ں ے: Urdu */
} marks;

static void mark_letter(marks *m, int32_t cp) {
    int32_t lc = cp >= 0x0400 && cp < 0x0410 ? cp + 0x50 : cp;
    if (lc >= 0x0410 && lc < 0x0430) lc += 0x20;
    if (cp == 0x0490) lc = 0x0491;
    switch (lc) {
    case 0x0456: case 0x0457: case 0x0454: case 0x0491: m->uk++; break;
    case 0x044B: case 0x044D: m->ru++; break;
    case 0x045E: m->be++; break;
    case 0x044A: m->hard++; break;
    case 0x0452: case 0x045B: case 0x045F: case 0x0459: case 0x045A: case 0x0458:
        m->sr++;
        break;
    case 0x0453: case 0x045C: case 0x0455: m->mk++; break;
    case 0x064A: case 0x0643: case 0x0629: case 0x0649: m->ar++; break;
    case 0x067E: case 0x0686: case 0x0698: case 0x06AF: case 0x06CC: case 0x06A9:
        m->fa++;
        break;
    case 0x0679: case 0x0688: case 0x0691: case 0x06BA: case 0x06D2: m->ur++; break;
    default: break;
    }
}

static const char *cyrillic(const marks *m, unsigned letters) {
    if (m->uk > m->ru && m->uk * 100 >= letters) return "uk";
    if (m->be >= 2 && m->be * 200 >= letters) return "be";
    if (m->ru == 0 && m->mk > 0 && m->mk + m->sr >= 2) return "mk";
    if (m->ru == 0 && m->sr >= 2) return "sr";
    if (m->ru == 0 && m->hard >= 2) return "bg";
    return "ru";
}

static const char *arabic(const marks *m) {
    if (m->ur >= 2 && m->ur * 4 >= m->fa) return "ur";
    if (m->fa > m->ar) return "fa";
    return "ar";
}

/* Per-text counts of the Latin-script words. */
typedef struct latin {
    unsigned words;       /* Latin words looked up */
    unsigned score[16];   /* cue hits per cue language */
} latin;

static void lookup(latin *l, const char *w, size_t n) {
    if (n == 0) return;
    l->words++;
    unsigned m = tx_cue_mask(w, n);
    for (int b = 0; m; b++, m >>= 1)
        if (m & 1) l->score[b]++;
}

/* The language of the Latin-script counts, or "". */
static const char *latin_lang(const latin *l) {
    int nl = tx_cue_count(), best = -1, second = -1;
    for (int i = 0; i < nl && i < 16; i++) {
        if (best < 0 || l->score[i] > l->score[best]) {
            second = best;
            best = i;
        } else if (second < 0 || l->score[i] > l->score[second]) {
            second = i;
        }
    }
    if (best < 0) return "";
    unsigned b = l->score[best], s = second >= 0 ? l->score[second] : 0;
    /* enough evidence, a fair share of the words, a clear margin */
    if (b < 2 || b * 100 < l->words * 12 || b * 2 < s * 3) return "";
    return tx_cue_lang(best);
}

void tx_langid(const char *str, size_t n, char out[8]) {
    memset(out, 0, 8);
    if (!str) return;
    const uint8_t *s = (const uint8_t *)str;
    size_t lim = PX_MIN(n, LANGID_WINDOW);
    unsigned letters[SC_COUNT] = {0};
    marks mk;
    latin lat;
    memset(&mk, 0, sizeof mk);
    memset(&lat, 0, sizeof lat);
    char w[32];        /* the Latin word being read, lowercase */
    size_t wn = 0;     /* its bytes */
    bool wlong = false; /* longer than w: no cue */

    size_t i = 0;
    while (i < lim) {
        int32_t cp = s[i];
        size_t len = 1;
        if (cp >= 0x80) {
            utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)PX_MIN(n - i, 4), &cp);
            if (k <= 0) cp = -1;
            else len = (size_t)k;
        }
        i += len;
        bool letter;
        int sc = SC_OTHER;
        if (cp < 0x80) {
            letter = (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
            sc = SC_LATIN;
        } else {
            utf8proc_category_t cat = cp < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(cp);
            if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) continue;
            letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
            if (letter) sc = script_of(cp);
        }
        if (letter) {
            letters[sc]++;
            if (sc != SC_LATIN) {
                mark_letter(&mk, cp);
                wn = 0; /* a word with another script is no cue */
                wlong = true;
                continue;
            }
            int32_t lc = cp < 0x80 ? (cp | 0x20) : utf8proc_tolower(cp);
            if (wn + 4 < sizeof w) wn += (size_t)utf8proc_encode_char(lc, (uint8_t *)w + wn);
            else wlong = true;
            continue;
        }
        bool apos = cp == '\'' || cp == 0x2019;
        if (apos && wn > 0 && !wlong && i < lim &&
            ((unsigned)((s[i] | 0x20) - 'a') < 26u || s[i] >= 0xC3)) {
            w[wn++] = '\''; /* an elision: l', d', dell' */
        }
        if (!wlong) lookup(&lat, w, wn);
        wn = 0;
        wlong = false;
    }
    if (!wlong && i >= n) lookup(&lat, w, wn);

    unsigned total = 0;
    int best = SC_LATIN;
    for (int k = 0; k < SC_COUNT; k++) {
        total += letters[k];
        if (letters[k] > letters[best]) best = k;
    }
    if (total < MIN_LETTERS) return;
    const char *lang = "";
    switch (best) {
    case SC_LATIN: lang = latin_lang(&lat); break;
    case SC_CYRILLIC: lang = cyrillic(&mk, letters[SC_CYRILLIC]); break;
    case SC_ARABIC: lang = arabic(&mk); break;
    case SC_HAN: case SC_KANA:
        lang = letters[SC_KANA] * 10 >= letters[SC_HAN] + letters[SC_KANA] ? "ja" : "zh";
        break;
    case SC_OTHER: break;
    default: lang = script_lang[best] ? script_lang[best] : ""; break;
    }
    strncpy(out, lang, 7);
}
