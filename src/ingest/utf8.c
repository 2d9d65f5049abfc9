/*
 * utf8.c - checks and repairs the encoding of everything ingest reads.
 *
 * Consumes arbitrary bytes; produces valid UTF-8 without NULs, with LF line
 * ends and no leading byte order mark. Validation follows the table of
 * well-formed byte sequences in the Unicode Standard (chapter 3.9, table
 * 3-7): a lead byte fixes the range of the next byte (E0 needs A0..BF so
 * that no overlong form passes, ED needs 80..9F so that no surrogate
 * passes, F4 needs 80..8F so that nothing beyond U+10FFFF passes). On a
 * fault the "maximal subpart" rule of the same chapter applies: the longest
 * prefix that could have begun a valid sequence becomes one U+FFFD, and
 * decoding resumes at the byte that broke it, so one bad byte never eats
 * the good character after it.
 *
 * Most article text is ASCII, so both functions first skip eight bytes at
 * a time while a word holds no high bit, no NUL and no CR.
 */
#include "ingest.h"

#include <errno.h>
#include <iconv.h>

#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* Non-zero when some byte of w is zero (the classic bit trick: only a zero
 * byte borrows into its own high bit without having it set). */
static inline uint64_t has_zero(uint64_t w) { return (w - ONES) & ~w & HIGH; }

/* True when the 8 bytes at s are plain ASCII other than NUL and CR. */
static inline bool plain8(const unsigned char *s) {
    uint64_t w;
    memcpy(&w, s, 8);
    return ((w & HIGH) | has_zero(w) | has_zero(w ^ (ONES * '\r'))) == 0;
}

/* Length of the valid sequence at s (1..4), or 0 when it is ill-formed;
 * *sub receives the length of its maximal ill-formed subpart (>= 1). */
static size_t seq_len(const unsigned char *s, size_t n, size_t *sub) {
    unsigned c = s[0];
    unsigned lo = 0x80, hi = 0xBF;
    size_t need;
    *sub = 1;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        if (k >= n) return 0;
        unsigned b = s[k];
        if (b < lo || b > hi) return 0;
        lo = 0x80;
        hi = 0xBF;
        *sub = k + 1;
    }
    return need + 1;
}

bool ig_utf8_is_clean(const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) return false;
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n && plain8(s + i)) {
            i += 8;
            continue;
        }
        unsigned c = s[i];
        if (c == 0 || c == '\r') return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t sub, k = seq_len(s + i, n - i, &sub);
        if (k == 0) return false;
        i += k;
    }
    return true;
}

px_status ig_utf8_clean(const char *str, size_t n, px_buf *out, size_t *nbad) {
    static const char fffd[3] = {(char)0xEF, (char)0xBF, (char)0xBD};
    const unsigned char *s = (const unsigned char *)str;
    size_t bad = 0, i = 0, run = 0;
    /* every leading BOM goes (files glued together can have two), so
     * that cleaning twice changes nothing */
    while (n - i >= 3 && s[i] == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF) i = run = i + 3;
    /* Most of the input is copied as is: reserve that much up front. */
    PX_TRY(px_buf_reserve(out, n - i));
    while (i < n) {
        if (i + 8 <= n && plain8(s + i)) {
            i += 8;
            continue;
        }
        unsigned c = s[i];
        if (c != 0 && c != '\r' && c < 0x80) {
            i++;
            continue;
        }
        size_t sub = 1, k = c ? seq_len(s + i, n - i, &sub) : 0;
        if (c == '\r') k = 0;
        if (k) {
            i += k;
            continue;
        }
        /* flush the good run, then the replacement */
        PX_TRY(px_buf_add(out, s + run, i - run));
        if (c == '\r') {
            PX_TRY(px_buf_addc(out, '\n'));
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
        } else {
            PX_TRY(px_buf_add(out, fffd, 3));
            bad++;
            i += sub;
        }
        run = i;
    }
    PX_TRY(px_buf_add(out, s + run, n - run));
    if (nbad) *nbad = bad;
    return PX_OK;
}

/* glibc's iconv is part of the C library, so declared charsets cost no
 * dependency. iconv allocates its tables itself (freed by iconv_close). */
px_status ig_charset_to_utf8(const char *charset, const char *str, size_t n, px_buf *out,
                             size_t *nbad) {
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1) return PX_EUNSUPPORTED;
    char *in = (char *)(uintptr_t)str;
    size_t left = n, bad = 0;
    px_status st = PX_OK;
    while (left && st == PX_OK) {
        st = px_buf_reserve(out, left * 2 + 16);
        if (st != PX_OK) break;
        char *o = out->p + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = iconv(cd, &in, &left, &o, &room);
        out->len = (size_t)(o - out->p);
        out->p[out->len] = '\0';
        if (r != (size_t)-1 || errno == E2BIG) continue;
        /* EILSEQ or EINVAL (cut short): replace one byte and go on */
        st = px_buf_add(out, "\xEF\xBF\xBD", 3);
        bad++;
        in++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    if (nbad) *nbad = bad;
    return st;
}
