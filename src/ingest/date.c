/*
 * date.c - publication dates as pages write them, to ISO 8601.
 *
 * Pages state dates in ISO 8601 mostly, but also as "November 19, 2019,
 * 07:47 PM EST", "20 Nov 2019 08:02 GMT", "Tue Nov 19 2019 03:05:46
 * GMT+0000" or "19.11.2019". ig_date_iso rewrites such a value as
 * YYYY-MM-DD[THH:MM:SS[Z|+HH:MM]] so that the doc's published field is
 * ISO 8601 and parses. English month names only; a value it cannot read
 * completely (no year, no month, nonsense) is left alone.
 */
#include "dom.h"

#include <stdio.h>

static char low(char c) { return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c); }
static bool digit(char c) { return c >= '0' && c <= '9'; }
static bool alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* Month 1-12 of an English name or abbreviation, or 0. */
static int month_of(const char *w, size_t n) {
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    if (n < 3) return 0;
    for (int m = 0; m < 12; m++)
        if (low(w[0]) == names[3 * m] && low(w[1]) == names[3 * m + 1] &&
            low(w[2]) == names[3 * m + 2])
            return m + 1;
    return 0;
}

/* Offset in minutes of a zone abbreviation; false if unknown. */
static bool zone_of(const char *w, size_t n, int *min) {
    static const struct { const char *z; int m; } zones[] = {
        {"gmt", 0}, {"utc", 0}, {"z", 0}, {"est", -300}, {"edt", -240}, {"cst", -360},
        {"cdt", -300}, {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
        {"bst", 60}, {"cet", 60}, {"cest", 120}, {"ist", 330}, {"jst", 540}, {"kst", 540},
    };
    for (size_t i = 0; i < PX_ARRAY_LEN(zones); i++) {
        size_t k = strlen(zones[i].z);
        if (k != n) continue;
        size_t j = 0;
        while (j < k && low(w[j]) == zones[i].z[j]) j++;
        if (j == k) return *min = zones[i].m, true;
    }
    return false;
}

typedef struct parts {
    int y, mo, d, h, mi, s, off; /* off in minutes */
    bool time, zone;
} parts;

/* A time "H:MM[:SS]" at s[*i], then an optional AM/PM. */
static bool read_time(const char *s, size_t n, size_t *i, parts *p) {
    size_t j = *i;
    int v[3] = {0, 0, 0}, k = 0;
    while (k < 3 && j < n && digit(s[j])) {
        int x = 0, dg = 0;
        while (j < n && digit(s[j]) && dg < 2) x = x * 10 + (s[j++] - '0'), dg++;
        v[k++] = x;
        if (j < n && s[j] == ':' && k < 3) j++;
        else break;
    }
    if (k < 2 || v[0] > 23 || v[1] > 59 || v[2] > 60) return false;
    while (j < n && s[j] == ' ') j++;
    if (j + 1 < n && (low(s[j]) == 'a' || low(s[j]) == 'p') && low(s[j + 1]) == 'm') {
        if (v[0] < 1 || v[0] > 12) return false;
        if (v[0] == 12) v[0] = 0;
        if (low(s[j]) == 'p') v[0] += 12;
        j += 2;
    }
    p->h = v[0], p->mi = v[1], p->s = v[2], p->time = true;
    *i = j;
    return true;
}

/* "+HHMM", "+HH:MM", "-HH" at s[*i]. */
static bool read_offset(const char *s, size_t n, size_t *i, parts *p) {
    size_t j = *i;
    if (j >= n || (s[j] != '+' && s[j] != '-')) return false;
    int sign = s[j] == '-' ? -1 : 1, dg[4], k = 0;
    j++;
    while (j < n && k < 4 && (digit(s[j]) || (s[j] == ':' && k == 2))) {
        if (s[j] != ':') dg[k++] = s[j] - '0';
        j++;
    }
    if (k != 2 && k != 4) return false;
    int h = dg[0] * 10 + dg[1], m = k == 4 ? dg[2] * 10 + dg[3] : 0;
    if (h > 14 || m > 59) return false;
    p->off = sign * (h * 60 + m);
    p->zone = true;
    *i = j;
    return true;
}

/* Reads the value word by word; false when something is not understood. */
static bool read_parts(const char *s, size_t n, parts *p) {
    int nums[3], nn = 0;
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == ' ' || c == ',' || c == '.' || c == '/' || c == '-') {
            if (c == '-' && p->time && read_offset(s, n, &i, p)) continue;
            i++;
            continue;
        }
        if (c == '+' && read_offset(s, n, &i, p)) continue;
        if (alpha(c)) {
            size_t j = i;
            while (j < n && alpha(s[j])) j++;
            int m = month_of(s + i, j - i), z;
            if (m && !p->mo) p->mo = m;
            else if (zone_of(s + i, j - i, &z)) p->off = z, p->zone = true;
            else if (j - i > 9 && !m) return false; /* not a date word */
            i = j;
            continue;
        }
        if (!digit(c)) return false;
        size_t j = i;
        while (j < n && digit(s[j])) j++;
        if (j < n && s[j] == ':') {
            if (p->time || !read_time(s, n, &i, p)) return false;
            continue;
        }
        if (nn == 3 || j - i > 4) return false;
        int v = 0;
        for (size_t k = i; k < j; k++) v = v * 10 + (s[k] - '0');
        nums[nn++] = j - i == 4 ? -v : v; /* a year is marked negative */
        i = j;
    }
    /* the numbers: a year, a day, and a month unless it was named */
    int year = 0, rest[2], nr = 0;
    for (int k = 0; k < nn; k++) {
        if (nums[k] < 0 && !year) year = -nums[k];
        else if (nr < 2 && nums[k] >= 0) rest[nr++] = nums[k];
        else return false;
    }
    if (!year || year < 1900 || year > 2100) return false;
    if (p->mo && nr == 1) {
        p->d = rest[0];
    } else if (!p->mo && nr == 2) {
        bool ymd = nums[0] < 0;                      /* 2019/11/19 */
        bool dmy = rest[0] > 12 || memchr(s, '.', n); /* 19.11.2019 */
        p->mo = ymd || !dmy ? rest[0] : rest[1];      /* else 11/19/2019 */
        p->d = ymd || !dmy ? rest[1] : rest[0];
    } else {
        return false;
    }
    p->y = year;
    return p->mo >= 1 && p->mo <= 12 && p->d >= 1 && p->d <= 31;
}

px_status ig_date_iso(px_buf *b) {
    if (!b->len || px_parse_time(b->p, b->len) != PX_TIME_UNKNOWN) return PX_OK;
    if (b->len > 64) return PX_OK;
    parts p;
    if (!read_parts(b->p, b->len, &p)) return PX_OK;
    char out[40];
    int k = snprintf(out, sizeof out, "%04d-%02d-%02d", p.y, p.mo, p.d);
    if (p.time) {
        k += snprintf(out + k, sizeof out - (size_t)k, "T%02d:%02d:%02d", p.h, p.mi, p.s);
        if (p.zone && p.off == 0) {
            k += snprintf(out + k, sizeof out - (size_t)k, "Z");
        } else if (p.zone) {
            int a = p.off < 0 ? -p.off : p.off;
            k += snprintf(out + k, sizeof out - (size_t)k, "%c%02d:%02d", p.off < 0 ? '-' : '+',
                          a / 60, a % 60);
        }
    }
    if (px_parse_time(out, (size_t)k) == PX_TIME_UNKNOWN) return PX_OK;
    px_buf_clear(b);
    return px_buf_add(b, out, (size_t)k);
}

/* Two digits at s; -1 if not. */
static int two(const char *s) { return digit(s[0]) && digit(s[1]) ? (s[0] - '0') * 10 + s[1] - '0' : -1; }

px_status ig_date_from_url(const char *url, size_t n, px_buf *out) {
    for (size_t i = 0; i + 10 <= n; i++) {
        if (i && url[i - 1] != '/' && url[i - 1] != '-' && url[i - 1] != '_') continue;
        if (!(url[i] == '1' || url[i] == '2') || two(url + i) < 19 || two(url + i) > 20 ||
            two(url + i + 2) < 0)
            continue;
        char sep = url[i + 4];
        if ((sep != '/' && sep != '-') || url[i + 7] != sep) continue;
        int mo = two(url + i + 5), d = two(url + i + 8);
        if (mo < 1 || mo > 12 || d < 1 || d > 31) continue;
        if (i + 10 < n && digit(url[i + 10])) continue;
        char iso[11];
        memcpy(iso, url + i, 10);
        iso[4] = iso[7] = '-';
        iso[10] = '\0';
        return px_buf_add(out, iso, 10);
    }
    return PX_OK;
}
