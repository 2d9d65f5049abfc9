/*
 * eval.c - clustering quality against gold story labels.
 *
 * Consumes (id, gold label) and (id, predicted label) pairs and produces
 * pairwise and B-cubed precision, recall and F1 (Bagga and Baldwin, 1998;
 * Amigo et al., 2009 show B-cubed alone satisfies the formal constraints
 * a clustering metric should). Both come from one contingency table n_ij
 * (items in gold story i and predicted story j):
 *   pairwise P = sum C(n_ij,2) / sum_j C(|P_j|,2), R likewise over gold;
 *   B-cubed  P = (1/N) sum n_ij^2 / |P_j|,      R = (1/N) sum n_ij^2 / |G_i|.
 * Only ids present in both files are scored; the others are counted.
 *
 * The label files are read as streams: a gold file of a million articles
 * with their texts is 3.5 GB, and what scoring needs of it is an id and a
 * story per line. Gold ids go into one interned table (the join is a hash
 * look-up per predicted id), story labels into another, so memory follows
 * the number of articles, not the bytes of their texts. The JSON of both
 * files is checked as strictly as jansson checks it (same grammar, UTF-8
 * rules, \u0000 refused, int64 integers, finite reals, 2048 levels), so a
 * file is accepted or refused exactly as before; a prediction file that
 * fails the streaming check is read once more through jansson for its
 * exact message.
 */
#include "../common/common.h"
#include "../common/doc.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- scores ---- */

typedef struct lab {
    const char *s;  /* label */
    size_t i;       /* item or label number */
} lab;

static int cmp_lab(const void *a, const void *b) {
    const lab *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    if (c) return c;
    return (x->i > y->i) - (x->i < y->i);
}

/* Numbers the distinct strings of v[0..n) into ids[], 0..k-1 in byte
 * order; returns k. */
static size_t number(const char *const *v, size_t n, lab *tmp, uint32_t *ids) {
    for (size_t i = 0; i < n; i++) {
        tmp[i].s = v[i];
        tmp[i].i = i;
    }
    qsort(tmp, n, sizeof *tmp, cmp_lab);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(tmp[i].s, tmp[i - 1].s) != 0) k++;
        ids[tmp[i].i] = (uint32_t)k;
    }
    return n ? k + 1 : 0;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }

/* Scores n items given as keys gold rank << 32 | predicted rank, ranks
 * below ng and np and in the byte order of the labels. The sums run over
 * the table's cells in rank order, so the figures do not depend on the
 * order of the items nor on ranks left unused. Sorts keys. */
static px_status score_ranks(uint64_t *keys, size_t n, size_t ng, size_t np,
                             px_eval_result *out) {
    memset(out, 0, sizeof *out);
    out->items = n;
    if (!n) return PX_OK;
    double *gsz = calloc(ng ? ng : 1, sizeof *gsz), *psz = calloc(np ? np : 1, sizeof *psz);
    if (!gsz || !psz) {
        free(gsz);
        free(psz);
        return PX_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        gsz[keys[i] >> 32]++;
        psz[keys[i] & 0xffffffffu]++;
    }
    qsort(keys, n, sizeof *keys, cmp_u64);
    double tp = 0, bp = 0, br = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && keys[j] == keys[i]) j++;
        double nij = (double)(j - i);
        tp += nij * (nij - 1) / 2;
        bp += nij * nij / psz[keys[i] & 0xffffffffu];
        br += nij * nij / gsz[keys[i] >> 32];
        i = j;
    }
    double gp = 0, pp = 0;
    size_t gs = 0, ps = 0;
    for (size_t i = 0; i < ng; i++)
        if (gsz[i] > 0) {
            gp += gsz[i] * (gsz[i] - 1) / 2;
            gs++;
        }
    for (size_t i = 0; i < np; i++)
        if (psz[i] > 0) {
            pp += psz[i] * (psz[i] - 1) / 2;
            ps++;
        }
    /* with no pair on a side there is nothing to get wrong on that side */
    out->pair_p = pp > 0 ? tp / pp : 1;
    out->pair_r = gp > 0 ? tp / gp : 1;
    out->pair_f1 = f1(out->pair_p, out->pair_r);
    out->bcubed_p = bp / (double)n;
    out->bcubed_r = br / (double)n;
    out->bcubed_f1 = f1(out->bcubed_p, out->bcubed_r);
    out->gold_stories = gs;
    out->pred_stories = ps;
    free(gsz);
    free(psz);
    return PX_OK;
}

px_status px_eval_labels(const char *const *gold, const char *const *pred, size_t n,
                         px_eval_result *out) {
    if (!out || (n && (!gold || !pred))) return PX_EINVAL;
    memset(out, 0, sizeof *out);
    if (!n) return PX_OK;
    if (n > UINT32_MAX) return PX_ENOMEM; /* ranks are 32-bit */
    lab *tmp = malloc(n * sizeof *tmp);
    uint32_t *gi = malloc(n * sizeof *gi), *pi = malloc(n * sizeof *pi);
    uint64_t *keys = malloc(n * sizeof *keys);
    px_status st = PX_ENOMEM;
    if (tmp && gi && pi && keys) {
        size_t ng = number(gold, n, tmp, gi);
        size_t np = number(pred, n, tmp, pi);
        for (size_t i = 0; i < n; i++) keys[i] = (uint64_t)gi[i] << 32 | pi[i];
        st = score_ranks(keys, n, ng, np, out);
    }
    free(tmp);
    free(gi);
    free(pi);
    free(keys);
    return st;
}

/* ---- interned strings ---- */

/* Distinct NUL-free strings numbered 0..n-1 in the order first added, held
 * back to back in one arena; an open-addressing table finds them. */
typedef struct strtab {
    char *a;         /* the strings, each NUL-terminated */
    size_t alen, acap;
    size_t *off;     /* where string k starts in a */
    size_t n, ocap;
    uint32_t *slot;  /* k + 1, or 0 for a free slot */
    size_t mask;     /* slots - 1 (a power of two), 0 before the first add */
} strtab;

static void st_free(strtab *t) {
    free(t->a);
    free(t->off);
    free(t->slot);
    memset(t, 0, sizeof *t);
}

static const char *st_str(const strtab *t, size_t k) { return t->a + t->off[k]; }

static size_t st_len(const strtab *t, size_t k) {
    return (k + 1 < t->n ? t->off[k + 1] : t->alen) - t->off[k] - 1;
}

static size_t st_home(const strtab *t, const char *s, size_t n) {
    return (size_t)px_hash64(s, n, 0) & t->mask;
}

/* The slot holding s[0..n), or the free slot where it would go. */
static size_t st_slot(const strtab *t, const char *s, size_t n) {
    size_t h = st_home(t, s, n);
    for (;;) {
        uint32_t v = t->slot[h];
        if (!v) return h;
        const char *e = t->a + t->off[v - 1];
        if (memcmp(e, s, n) == 0 && e[n] == '\0') return h;
        h = (h + 1) & t->mask;
    }
}

/* Sets *k to the number of s[0..n) if it is in t; returns whether it is. */
static int st_find(const strtab *t, const char *s, size_t n, uint32_t *k) {
    if (!t->mask) return 0;
    uint32_t v = t->slot[st_slot(t, s, n)];
    if (v) *k = v - 1;
    return v != 0;
}

static px_status st_rehash(strtab *t, size_t slots) {
    uint32_t *ns = calloc(slots, sizeof *ns);
    if (!ns) return PX_ENOMEM;
    free(t->slot);
    t->slot = ns;
    t->mask = slots - 1;
    for (size_t k = 0; k < t->n; k++) {
        size_t h = st_home(t, st_str(t, k), st_len(t, k));
        while (t->slot[h]) h = (h + 1) & t->mask;
        t->slot[h] = (uint32_t)(k + 1);
    }
    return PX_OK;
}

/* Numbers s[0..n) (NUL-free): *k is its number, *added whether it is new. */
static px_status st_intern(strtab *t, const char *s, size_t n, uint32_t *k, int *added) {
    if (!t->mask || (t->n + 1) * 4 > (t->mask + 1) * 3) {
        size_t slots = t->mask ? (t->mask + 1) * 2 : 64;
        if (slots > (size_t)UINT32_MAX) return PX_ENOMEM;
        PX_TRY(st_rehash(t, slots));
    }
    size_t h = st_slot(t, s, n);
    if (t->slot[h]) {
        *k = t->slot[h] - 1;
        *added = 0;
        return PX_OK;
    }
    if (t->alen + n + 1 > t->acap) {
        size_t nc = t->acap ? t->acap : 4096;
        while (nc < t->alen + n + 1) nc *= 2;
        char *na = realloc(t->a, nc);
        if (!na) return PX_ENOMEM;
        t->a = na;
        t->acap = nc;
    }
    if (t->n == t->ocap) {
        size_t nc = t->ocap ? t->ocap * 2 : 256;
        size_t *no = realloc(t->off, nc * sizeof *no);
        if (!no) return PX_ENOMEM;
        t->off = no;
        t->ocap = nc;
    }
    memcpy(t->a + t->alen, s, n);
    t->a[t->alen + n] = '\0';
    t->off[t->n] = t->alen;
    t->alen += n + 1;
    t->slot[h] = (uint32_t)(t->n + 1);
    *k = (uint32_t)t->n++;
    *added = 1;
    return PX_OK;
}

/* rank[k] = place of string k in byte order (strcmp, as the labels were
 * always compared). */
static px_status st_ranks(const strtab *t, uint32_t **rank) {
    *rank = malloc((t->n ? t->n : 1) * sizeof **rank);
    lab *tmp = malloc((t->n ? t->n : 1) * sizeof *tmp);
    if (!*rank || !tmp) {
        free(*rank);
        free(tmp);
        *rank = NULL;
        return PX_ENOMEM;
    }
    for (size_t k = 0; k < t->n; k++) {
        tmp[k].s = st_str(t, k);
        tmp[k].i = k;
    }
    qsort(tmp, t->n, sizeof *tmp, cmp_lab);
    for (size_t r = 0; r < t->n; r++) (*rank)[tmp[r].i] = (uint32_t)r;
    free(tmp);
    return PX_OK;
}

/* ---- the join ---- */

/* Gold labels by id, and the predicted stories of the ids matched so far. */
typedef struct join {
    px_allocator al;      /* of the scratch buffers (the malloc family) */
    strtab ids;           /* gold ids */
    strtab glabels;       /* gold story labels */
    uint32_t *glab;       /* gold id k -> its label */
    unsigned long *gline; /* gold id k -> the line it came from */
    size_t gcap;
    unsigned char *seen;  /* gold id k was matched already */
    strtab plabels;       /* predicted story labels */
    uint32_t *mg, *mp;    /* matched item i: gold id, predicted label */
    size_t nm, mcap;
    size_t extra;         /* predicted ids without a gold id, or repeated */
} join;

static void join_free(join *j) {
    st_free(&j->ids);
    st_free(&j->glabels);
    st_free(&j->plabels);
    free(j->glab);
    free(j->gline);
    free(j->seen);
    free(j->mg);
    free(j->mp);
    memset(j, 0, sizeof *j);
}

/* Forgets the predictions matched so far (a prediction file read again). */
static void join_reset(join *j) {
    for (size_t i = 0; i < j->nm; i++) j->seen[j->mg[i]] = 0;
    j->nm = 0;
    j->extra = 0;
}

static void errf(char *err, size_t errlen, const char *path, unsigned long line,
                 const char *reason) {
    if (!err || !errlen) return;
    if (line) snprintf(err, errlen, "%s:%lu: %s", path, line, reason);
    else snprintf(err, errlen, "%s: %s", path, reason);
}

/* Both strings were always compared as C strings: bytes after a NUL (only
 * a TSV line can hold one) never counted. */
static size_t cstrlen(const char *s, size_t n) {
    const char *z = memchr(s, '\0', n);
    return z ? (size_t)(z - s) : n;
}

/* On any failure the whole join is dropped, so nothing here is undone. */
static px_status gold_add(join *j, const char *id, size_t idn, const char *lb, size_t lbn,
                          const char *path, unsigned long line, char *err, size_t errlen) {
    uint32_t k, l;
    int added;
    idn = cstrlen(id, idn);
    lbn = cstrlen(lb, lbn);
    if (j->ids.n >= UINT32_MAX - 1) return PX_ENOMEM; /* numbers are 32-bit */
    if (j->ids.n == j->gcap) {
        size_t nc = j->gcap ? j->gcap * 2 : 1024;
        uint32_t *ng = realloc(j->glab, nc * sizeof *ng);
        if (!ng) return PX_ENOMEM;
        j->glab = ng;
        unsigned long *nl = realloc(j->gline, nc * sizeof *nl);
        if (!nl) return PX_ENOMEM;
        j->gline = nl;
        j->gcap = nc;
    }
    PX_TRY(st_intern(&j->ids, id, idn, &k, &added));
    if (!added) {
        char msg[200];
        snprintf(msg, sizeof msg, "duplicate id \"%.*s%s\" (first on line %lu)",
                 (int)PX_MIN(idn, 60), id, idn > 60 ? "..." : "", j->gline[k]);
        errf(err, errlen, path, line, msg);
        return PX_EDUPID;
    }
    PX_TRY(st_intern(&j->glabels, lb, lbn, &l, &added));
    j->glab[k] = l;
    j->gline[k] = line;
    return PX_OK;
}

/* One predicted story: its label and the ids of its articles, n of them
 * back to back in ids (each NUL-terminated). */
static px_status pred_story(join *j, const char *label, size_t ln, const char *ids, size_t n) {
    uint32_t pl = 0;
    int have = 0, added;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(ids);
        uint32_t g;
        if (st_find(&j->ids, ids, len, &g) && !j->seen[g]) {
            if (!have) {
                PX_TRY(st_intern(&j->plabels, label, cstrlen(label, ln), &pl, &added));
                have = 1;
            }
            if (j->nm == j->mcap) {
                size_t nc = j->mcap ? j->mcap * 2 : 1024;
                uint32_t *a = realloc(j->mg, nc * sizeof *a);
                if (a) j->mg = a;
                uint32_t *b = a ? realloc(j->mp, nc * sizeof *b) : NULL;
                if (!b) return PX_ENOMEM;
                j->mp = b;
                j->mcap = nc;
            }
            j->seen[g] = 1;
            j->mg[j->nm] = g;
            j->mp[j->nm++] = pl;
        } else {
            j->extra++;
        }
        ids += len + 1;
    }
    return PX_OK;
}

static px_status join_score(join *j, px_eval_result *out) {
    uint32_t *gr = NULL, *pr = NULL;
    uint64_t *keys = malloc((j->nm ? j->nm : 1) * sizeof *keys);
    px_status st = keys ? st_ranks(&j->glabels, &gr) : PX_ENOMEM;
    if (st == PX_OK) st = st_ranks(&j->plabels, &pr);
    if (st == PX_OK) {
        for (size_t i = 0; i < j->nm; i++)
            keys[i] = (uint64_t)gr[j->glab[j->mg[i]]] << 32 | pr[j->mp[i]];
        st = score_ranks(keys, j->nm, j->glabels.n, j->plabels.n, out);
        out->missing = j->ids.n - j->nm;
        out->extra = j->extra;
    }
    free(keys);
    free(gr);
    free(pr);
    return st;
}

/* ---- reading ---- */

#define RD_CAP ((size_t)1 << 20)

/* A file read in blocks; p..end are the bytes not consumed yet. */
typedef struct rd {
    FILE *f;
    unsigned char *buf;        /* RD_CAP bytes */
    const unsigned char *p, *end;
    int eof;                   /* f has no more bytes */
    int ioerr;                 /* errno of a failed read, or 0 */
} rd;

/* Makes k bytes (k small) visible at p unless the file ends first;
 * returns whether they are. */
static int rd_fill(rd *r, size_t k) {
    size_t have = (size_t)(r->end - r->p);
    if (have >= k) return 1;
    if (r->eof) return 0;
    memmove(r->buf, r->p, have);
    r->p = r->buf;
    while (!r->eof && have < k) {
        errno = 0;
        size_t got = fread(r->buf + have, 1, RD_CAP - have, r->f);
        if (got == 0) {
            r->eof = 1;
            if (ferror(r->f)) r->ioerr = errno ? errno : EIO;
        }
        have += got;
    }
    r->end = r->buf + have;
    return have >= k;
}

/* The next byte, not consumed; -1 at the end. */
static inline int rd_peek(rd *r) {
    if (r->p == r->end && !rd_fill(r, 1)) return -1;
    return *r->p;
}

/* ---- strict JSON, checked as jansson checks it, without building it ---- */

#define MAX_DEPTH 2048 /* jansson's JSON_PARSER_MAX_DEPTH */

typedef struct js {
    rd *r;
    int lines;       /* a newline ends the value (one JSON Lines record) */
    px_status st;    /* why the scan stopped: PX_EFORMAT or PX_ENOMEM */
    px_buf num;      /* the text of the last number */
} js;

static int bad(js *j) {
    j->st = PX_EFORMAT;
    return -1;
}

static int nomem(js *j) {
    j->st = PX_ENOMEM;
    return -1;
}

/* The next byte after whitespace, not consumed; -1 at the end. */
static int js_peek(js *j) {
    rd *r = j->r;
    for (;;) {
        while (r->p < r->end) {
            unsigned c = *r->p;
            if (c != ' ' && c != '\t' && c != '\r' && (c != '\n' || j->lines)) return (int)c;
            r->p++;
        }
        if (!rd_fill(r, 1)) return -1;
    }
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* True when none of the 8 bytes at q is a quote, a backslash, a control
 * byte or above 0x7f: the common case of text inside a string. */
static inline int plain8(const unsigned char *q) {
    uint64_t x;
    memcpy(&x, q, 8);
    uint64_t qu = x ^ (ONES * '"'), bs = x ^ (ONES * '\\');
    uint64_t t = ((qu - ONES) & ~qu) | ((bs - ONES) & ~bs) | ((x - ONES * 0x20) & ~x) | x;
    return (t & HIGH) == 0;
}

static inline int plain1(unsigned c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

static int hex4(const unsigned char *s) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = s[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        v = v * 16 + d;
    }
    return v;
}

static int put_utf8(px_buf *out, uint32_t v) {
    unsigned char b[4];
    size_t n;
    if (v < 0x80) {
        b[0] = (unsigned char)v;
        n = 1;
    } else if (v < 0x800) {
        b[0] = (unsigned char)(0xC0 | v >> 6);
        b[1] = (unsigned char)(0x80 | (v & 0x3F));
        n = 2;
    } else if (v < 0x10000) {
        b[0] = (unsigned char)(0xE0 | v >> 12);
        b[1] = (unsigned char)(0x80 | (v >> 6 & 0x3F));
        b[2] = (unsigned char)(0x80 | (v & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | v >> 18);
        b[1] = (unsigned char)(0x80 | (v >> 12 & 0x3F));
        b[2] = (unsigned char)(0x80 | (v >> 6 & 0x3F));
        b[3] = (unsigned char)(0x80 | (v & 0x3F));
        n = 4;
    }
    return px_buf_add(out, b, n) == PX_OK ? 0 : -1;
}

/* An escape at p (a backslash): checks it and adds what it stands for. */
static int js_escape(js *j, px_buf *out) {
    rd *r = j->r;
    rd_fill(r, 12);
    size_t have = (size_t)(r->end - r->p);
    if (have < 2) return bad(j);
    const unsigned char *s = r->p;
    char ch;
    switch (s[1]) {
    case '"': ch = '"'; break;
    case '\\': ch = '\\'; break;
    case '/': ch = '/'; break;
    case 'b': ch = '\b'; break;
    case 'f': ch = '\f'; break;
    case 'n': ch = '\n'; break;
    case 'r': ch = '\r'; break;
    case 't': ch = '\t'; break;
    case 'u': {
        int v = have >= 6 ? hex4(s + 2) : -1;
        size_t adv = 6;
        if (v < 0) return bad(j);
        if (v >= 0xD800 && v <= 0xDBFF) {
            int w = have >= 12 && s[6] == '\\' && s[7] == 'u' ? hex4(s + 8) : -1;
            if (w < 0xDC00 || w > 0xDFFF) return bad(j);
            v = ((v - 0xD800) << 10) + (w - 0xDC00) + 0x10000;
            adv = 12;
        } else if ((v >= 0xDC00 && v <= 0xDFFF) || v == 0) {
            return bad(j); /* a lone low surrogate; NUL is refused */
        }
        if (out && put_utf8(out, (uint32_t)v)) return nomem(j);
        r->p += adv;
        return 0;
    }
    default: return bad(j);
    }
    if (out && px_buf_addc(out, ch) != PX_OK) return nomem(j);
    r->p += 2;
    return 0;
}

/* A UTF-8 sequence at p (first byte above 0x7f): checks it as jansson's
 * utf8_check_full does (no overlong forms, surrogates or values above
 * U+10FFFF) and adds it. */
static int js_utf8(js *j, px_buf *out) {
    rd *r = j->r;
    rd_fill(r, 4);
    const unsigned char *s = r->p;
    size_t have = (size_t)(r->end - s), n;
    uint32_t v, min;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        min = 0x80;
        v = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        min = 0x800;
        v = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        min = 0x10000;
        v = s[0] & 0x07;
    } else {
        return bad(j);
    }
    if (have < n) return bad(j);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return bad(j);
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return bad(j);
    if (out && px_buf_add(out, s, n) != PX_OK) return nomem(j);
    r->p += n;
    return 0;
}

/* A string at p (its opening quote): consumes it, adding its decoded bytes
 * to out unless out is NULL. */
static int js_str(js *j, px_buf *out) {
    rd *r = j->r;
    r->p++;
    for (;;) {
        const unsigned char *q = r->p, *e = r->end;
        while (e - q >= 8 && plain8(q)) q += 8;
        while (q < e && plain1(*q)) q++;
        if (out && q > r->p && px_buf_add(out, r->p, (size_t)(q - r->p)) != PX_OK)
            return nomem(j);
        r->p = q;
        if (q == e) {
            if (!rd_fill(r, 1)) return bad(j);
            continue;
        }
        if (*q == '"') {
            r->p++;
            return 0;
        }
        if (*q < 0x20) return bad(j);
        if (*q == '\\' ? js_escape(j, out) : js_utf8(j, out)) return -1;
    }
}

static int digit(int c) { return c >= '0' && c <= '9'; }

/* Consumes the digits at p into the number's text; returns how many. */
static size_t js_digits(js *j) {
    rd *r = j->r;
    size_t n = 0;
    int c;
    while (digit(c = rd_peek(r))) {
        const unsigned char *q = r->p;
        while (q < r->end && digit(*q)) q++;
        if (px_buf_add(&j->num, r->p, (size_t)(q - r->p)) != PX_OK) return (size_t)-1;
        n += (size_t)(q - r->p);
        r->p = q;
    }
    return n;
}

/* A number at p: consumes it, leaving its text in j->num; *integer tells
 * whether it is one (no fraction, no exponent). Refuses what jansson
 * refuses: integers outside int64 and reals that overflow a double. */
static int js_num(js *j, int *integer) {
    rd *r = j->r;
    px_buf_clear(&j->num);
    size_t intd, nd;
    int exp = 0;
    if (rd_peek(r) == '-') {
        if (px_buf_addc(&j->num, '-') != PX_OK) return nomem(j);
        r->p++;
    }
    if (rd_peek(r) == '0') {
        if (px_buf_addc(&j->num, '0') != PX_OK) return nomem(j);
        r->p++;
        if (digit(rd_peek(r))) return bad(j);
        intd = 1;
    } else {
        intd = js_digits(j);
        if (intd == (size_t)-1) return nomem(j);
        if (!intd) return bad(j);
    }
    *integer = 1;
    if (rd_peek(r) == '.') {
        if (px_buf_addc(&j->num, '.') != PX_OK) return nomem(j);
        r->p++;
        nd = js_digits(j);
        if (nd == (size_t)-1) return nomem(j);
        if (!nd) return bad(j);
        *integer = 0;
    }
    int c = rd_peek(r);
    if (c == 'e' || c == 'E') {
        if (px_buf_addc(&j->num, (char)c) != PX_OK) return nomem(j);
        r->p++;
        c = rd_peek(r);
        if (c == '+' || c == '-') {
            if (px_buf_addc(&j->num, (char)c) != PX_OK) return nomem(j);
            r->p++;
        }
        nd = js_digits(j);
        if (nd == (size_t)-1) return nomem(j);
        if (!nd) return bad(j);
        *integer = 0;
        exp = 1;
    }
    if (!j->num.p) return nomem(j);
    errno = 0;
    if (*integer) {
        /* 18 digits always fit in int64 */
        if (intd > 18) {
            (void)strtoll(j->num.p, NULL, 10);
            if (errno == ERANGE) return bad(j);
        }
    } else if (exp || intd > 300) {
        /* without an exponent only 309 digits or more can overflow */
        double d = strtod(j->num.p, NULL);
        if ((d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE) return bad(j);
    }
    return 0;
}

static int js_word(js *j, const char *w) {
    rd *r = j->r;
    size_t n = strlen(w);
    if (!rd_fill(r, n) || memcmp(r->p, w, n) != 0) return bad(j);
    r->p += n;
    return 0;
}

/* Checks and consumes one value that sits at depth d (1 for the whole
 * text), without recursion: open containers are a byte stack. */
static int js_skip(js *j, unsigned d) {
    unsigned char stack[MAX_DEPTH]; /* 1: object, 0: array */
    unsigned sp = 0;
    rd *r = j->r;
    int c = js_peek(j), integer;
    for (;;) {
        if (d + sp > MAX_DEPTH) return bad(j);
        switch (c) {
        case '{':
        case '[':
            r->p++;
            stack[sp++] = c == '{';
            c = js_peek(j);
            if (c == (stack[sp - 1] ? '}' : ']')) {
                r->p++;
                sp--;
                break;
            }
            if (stack[sp - 1]) {
                if (c != '"' || js_str(j, NULL)) return c != '"' ? bad(j) : -1;
                if (js_peek(j) != ':') return bad(j);
                r->p++;
                c = js_peek(j);
            }
            continue;
        case '"':
            if (js_str(j, NULL)) return -1;
            break;
        case 't':
            if (js_word(j, "true")) return -1;
            break;
        case 'f':
            if (js_word(j, "false")) return -1;
            break;
        case 'n':
            if (js_word(j, "null")) return -1;
            break;
        default:
            if (c != '-' && !digit(c)) return bad(j);
            if (js_num(j, &integer)) return -1;
            break;
        }
        /* a value ended: close what it ends, or go on to the next one */
        for (;;) {
            if (!sp) return 0;
            c = js_peek(j);
            if (c == ',') {
                r->p++;
                c = js_peek(j);
                if (stack[sp - 1]) {
                    if (c != '"' || js_str(j, NULL)) return c != '"' ? bad(j) : -1;
                    if (js_peek(j) != ':') return bad(j);
                    r->p++;
                    c = js_peek(j);
                }
                break;
            }
            if (c != (stack[sp - 1] ? '}' : ']')) return bad(j);
            r->p++;
            sp--;
        }
    }
}

/* After a member's value: 1 for another member (consumed ','), 0 for the
 * end of the object or array (consumed close), -1 for anything else. */
static int js_next(js *j, int close) {
    int c = js_peek(j);
    if (c == ',') {
        j->r->p++;
        return 1;
    }
    if (c == close) {
        j->r->p++;
        return 0;
    }
    return bad(j);
}

/* A key at p (after '{' or ','): decodes it into key and consumes ':'. */
static int js_key(js *j, px_buf *key) {
    if (js_peek(j) != '"') return bad(j);
    px_buf_clear(key);
    if (js_str(j, key)) return -1;
    if (!key->p && px_buf_add(key, "", 0) != PX_OK) return nomem(j);
    if (js_peek(j) != ':') return bad(j);
    j->r->p++;
    return 0;
}

static int is_key(const px_buf *key, const char *name) {
    return key->len == strlen(name) && memcmp(key->p, name, key->len) == 0;
}

/* Members of an object at p ('{') at depth d: calls member(ctx, key) for
 * each key with p at its value, which must consume that value. */
typedef int (*member_fn)(js *j, void *ctx, const px_buf *key, unsigned d);

static int js_object(js *j, unsigned d, px_buf *key, member_fn member, void *ctx) {
    if (d > MAX_DEPTH) return bad(j);
    j->r->p++;
    if (js_peek(j) == '}') {
        j->r->p++;
        return 0;
    }
    for (;;) {
        if (js_key(j, key) || member(j, ctx, key, d + 1)) return -1;
        int more = js_next(j, '}');
        if (more <= 0) return more;
    }
}

/* Elements of an array at p ('[') at depth d: element(ctx) for each with
 * p at it, which must consume it. */
typedef int (*element_fn)(js *j, void *ctx, unsigned d);

static int js_array(js *j, unsigned d, element_fn element, void *ctx) {
    if (d > MAX_DEPTH) return bad(j);
    j->r->p++;
    if (js_peek(j) == ']') {
        j->r->p++;
        return 0;
    }
    for (;;) {
        if (element(j, ctx, d + 1)) return -1;
        int more = js_next(j, ']');
        if (more <= 0) return more;
    }
}

/* A string value into out (*is_str = 1), or any other value checked and
 * skipped (*is_str = 0). */
static int js_string_or_skip(js *j, unsigned d, px_buf *out, int *is_str) {
    if (js_peek(j) == '"') {
        px_buf_clear(out);
        if (js_str(j, out)) return -1;
        if (!out->p && px_buf_add(out, "", 0) != PX_OK) return nomem(j);
        *is_str = 1;
        return 0;
    }
    *is_str = 0;
    return js_skip(j, d);
}

/* PX_OK, PX_ENOMEM, or PX_EIO with errno telling why path did not open. */
static px_status rd_open(rd *r, const char *path) {
    memset(r, 0, sizeof *r);
    r->buf = malloc(RD_CAP);
    if (!r->buf) return PX_ENOMEM;
    r->p = r->end = r->buf;
    r->f = fopen(path, "rb");
    if (r->f) return PX_OK;
    int e = errno;
    free(r->buf);
    r->buf = NULL;
    errno = e;
    return PX_EIO;
}

static void rd_close(rd *r) {
    if (r->f) fclose(r->f);
    free(r->buf);
    memset(r, 0, sizeof *r);
}

/* ---- gold ---- */

enum { V_NONE, V_STR, V_INT, V_OTHER };

typedef struct gold_rec {
    px_buf key, id, story;
    int idt, storyt;  /* V_* of the last "id" and "story" */
} gold_rec;

static int gold_member(js *j, void *ctx, const px_buf *key, unsigned d) {
    gold_rec *g = ctx;
    int which = is_key(key, "id") ? 1 : is_key(key, "story") ? 2 : 0;
    if (!which) return js_skip(j, d);
    px_buf *dst = which == 1 ? &g->id : &g->story;
    int *t = which == 1 ? &g->idt : &g->storyt, c = js_peek(j), integer, is_str;
    if (c == '-' || digit(c)) {
        if (d > MAX_DEPTH || js_num(j, &integer)) return d > MAX_DEPTH ? bad(j) : -1;
        *t = integer ? V_INT : V_OTHER;
        if (integer) {
            /* an integer story is its decimal form, as jansson's value
             * printed with %lld ("-0" is "0") */
            char num[32];
            int n = snprintf(num, sizeof num, "%lld", strtoll(j->num.p, NULL, 10));
            px_buf_clear(dst);
            if (px_buf_add(dst, num, (size_t)n) != PX_OK) return nomem(j);
        }
        return 0;
    }
    if (js_string_or_skip(j, d, dst, &is_str)) return -1;
    *t = is_str ? V_STR : V_OTHER;
    return 0;
}

static px_status load_gold(const char *path, join *jn, char *err, size_t errlen) {
    rd r;
    px_status st = rd_open(&r, path);
    if (st != PX_OK) {
        if (st == PX_EIO) errf(err, errlen, path, 0, strerror(errno));
        return st;
    }
    js j = {.r = &r, .lines = 1};
    px_buf_init(&j.num, &jn->al);
    gold_rec g;
    memset(&g, 0, sizeof g);
    px_buf_init(&g.key, &jn->al);
    px_buf_init(&g.id, &jn->al);
    px_buf_init(&g.story, &jn->al);
    px_buf line;   /* a TSV line, and the blanks that start any line */
    px_buf_init(&line, &jn->al);
    unsigned long ln = 0;
    int c;
    while (st == PX_OK && (c = rd_peek(&r)) >= 0) {
        ln++;
        px_buf_clear(&line);
        while ((c = rd_peek(&r)) == ' ' || c == '\t') {
            if (px_buf_addc(&line, (char)c) != PX_OK) {
                st = PX_ENOMEM;
                break;
            }
            r.p++;
        }
        if (st != PX_OK) break;
        /* a line of blanks, perhaps ended by CR, holds nothing */
        if (c < 0 || c == '\n') {
            if (c == '\n') r.p++;
            continue;
        }
        if (c == '\r' && (!rd_fill(&r, 2) || r.p[1] == '\n')) {
            r.p += r.end - r.p >= 2 ? 2 : 1;
            continue;
        }
        if (c == '{') {
            g.idt = g.storyt = V_NONE;
            int bad_line = js_object(&j, 1, &g.key, gold_member, &g) != 0;
            if (!bad_line) {
                c = js_peek(&j);
                if (c == '\n') r.p++;
                else if (c >= 0) bad_line = bad(&j);
            }
            if (bad_line) {
                st = j.st;
                if (st == PX_EFORMAT) errf(err, errlen, path, ln, "malformed JSON");
            } else if (g.idt != V_STR || (g.storyt != V_STR && g.storyt != V_INT)) {
                errf(err, errlen, path, ln, "gold record needs string \"id\" and \"story\"");
                st = PX_EFORMAT;
            } else {
                st = gold_add(jn, g.id.p, g.id.len, g.story.p, g.story.len, path, ln, err,
                              errlen);
            }
            continue;
        }
        /* TSV: the whole line, which is only an id and a story */
        while (st == PX_OK && rd_peek(&r) >= 0) {
            const unsigned char *nl = memchr(r.p, '\n', (size_t)(r.end - r.p));
            const unsigned char *e = nl ? nl : r.end;
            if (px_buf_add(&line, r.p, (size_t)(e - r.p)) != PX_OK) st = PX_ENOMEM;
            r.p = nl ? nl + 1 : e;
            if (nl) break;
        }
        if (st != PX_OK) break;
        const char *s = line.p;
        size_t n = line.len;
        if (n && s[n - 1] == '\r') n--;
        const char *tab = memchr(s, '\t', n);
        if (!tab) {
            errf(err, errlen, path, ln, "expected id<TAB>story");
            st = PX_EFORMAT;
        } else if (ln == 1 && (size_t)(tab - s) == 2 && memcmp(s, "id", 2) == 0) {
            continue; /* header */
        } else {
            st = gold_add(jn, s, (size_t)(tab - s), tab + 1, n - (size_t)(tab - s) - 1, path,
                          ln, err, errlen);
        }
    }
    if (st == PX_OK && r.ioerr) {
        errf(err, errlen, path, 0, strerror(r.ioerr));
        st = PX_EIO;
    }
    if (st == PX_OK) {
        jn->seen = calloc(jn->ids.n ? jn->ids.n : 1, 1);
        if (!jn->seen) st = PX_ENOMEM;
    }
    px_buf_free(&line);
    px_buf_free(&g.key);
    px_buf_free(&g.id);
    px_buf_free(&g.story);
    px_buf_free(&j.num);
    rd_close(&r);
    return st;
}

/* ---- predictions ---- */

/* What the prediction file said so far. The semantics are those of
 * json_object_get on the whole document: the last "stories" of the root
 * counts, in a story the last "id" and "articles", in an article the last
 * "id"; a story without a string id or an articles array is an error,
 * an article without a string id is passed over. */
typedef struct pred_rd {
    join *jn;
    px_status st;       /* of the join (memory), apart from the scan */
    px_buf key;
    int stories;        /* the last "stories": 0 none or not an array, 1 an array */
    int bad_story;      /* a story of that array lacks "id" or "articles" */
    px_buf sid;         /* the story being read: its last "id" */
    int sid_ok, arts_ok;
    px_buf arts;        /* the ids of its last "articles", back to back */
    size_t narts;
    px_buf aid;         /* the article being read: its last "id" */
    int aid_ok;
} pred_rd;

static int article_member(js *j, void *ctx, const px_buf *key, unsigned d) {
    pred_rd *p = ctx;
    if (!is_key(key, "id")) return js_skip(j, d);
    return js_string_or_skip(j, d, &p->aid, &p->aid_ok);
}

static int article_el(js *j, void *ctx, unsigned d) {
    pred_rd *p = ctx;
    if (js_peek(j) != '{') return js_skip(j, d);
    p->aid_ok = 0;
    if (js_object(j, d, &p->key, article_member, p)) return -1;
    if (p->aid_ok) {
        if (px_buf_add(&p->arts, p->aid.p, p->aid.len + 1) != PX_OK) return nomem(j);
        p->narts++;
    }
    return 0;
}

static int story_member(js *j, void *ctx, const px_buf *key, unsigned d) {
    pred_rd *p = ctx;
    if (is_key(key, "id")) return js_string_or_skip(j, d, &p->sid, &p->sid_ok);
    if (!is_key(key, "articles")) return js_skip(j, d);
    px_buf_clear(&p->arts);
    p->narts = 0;
    p->arts_ok = js_peek(j) == '[';
    return p->arts_ok ? js_array(j, d, article_el, p) : js_skip(j, d);
}

static int story_el(js *j, void *ctx, unsigned d) {
    pred_rd *p = ctx;
    if (js_peek(j) != '{') {
        p->bad_story = 1;
        return js_skip(j, d);
    }
    p->sid_ok = p->arts_ok = 0;
    px_buf_clear(&p->arts);
    p->narts = 0;
    if (js_object(j, d, &p->key, story_member, p)) return -1;
    if (!p->sid_ok || !p->arts_ok) p->bad_story = 1;
    if (!p->bad_story && p->st == PX_OK)
        p->st = pred_story(p->jn, p->sid.p, p->sid.len, p->arts.p, p->narts);
    return p->st == PX_OK ? 0 : nomem(j);
}

static int root_member(js *j, void *ctx, const px_buf *key, unsigned d) {
    pred_rd *p = ctx;
    if (!is_key(key, "stories")) return js_skip(j, d);
    join_reset(p->jn); /* a later "stories" replaces an earlier one */
    p->bad_story = 0;
    p->stories = js_peek(j) == '[';
    return p->stories ? js_array(j, d, story_el, p) : js_skip(j, d);
}

/* The stories and their article ids through jansson's tree: the exact
 * message of a malformed file. */
static px_status load_pred_dom(const char *path, join *jn, char *err, size_t errlen) {
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) {
        char msg[256];
        snprintf(msg, sizeof msg, "malformed JSON: %s", je.text);
        errf(err, errlen, path, (unsigned long)(je.line > 0 ? je.line : 0), msg);
        return PX_EFORMAT;
    }
    json_t *stories = json_object_get(root, "stories");
    px_status st = PX_OK;
    px_buf ids;
    px_buf_init(&ids, &jn->al);
    if (!json_is_array(stories)) {
        errf(err, errlen, path, 0, "no \"stories\" array");
        st = PX_EFORMAT;
    }
    size_t i;
    json_t *s;
    json_array_foreach(stories, i, s) {
        if (st != PX_OK) break;
        json_t *sid = json_object_get(s, "id");
        json_t *arts = json_object_get(s, "articles");
        if (!json_is_string(sid) || !json_is_array(arts)) {
            errf(err, errlen, path, 0, "a story lacks \"id\" or \"articles\"");
            st = PX_EFORMAT;
            break;
        }
        size_t k, n = 0;
        json_t *a;
        px_buf_clear(&ids);
        json_array_foreach(arts, k, a) {
            json_t *aid = json_object_get(a, "id");
            if (!json_is_string(aid)) continue;
            if (px_buf_add(&ids, json_string_value(aid), json_string_length(aid) + 1) != PX_OK) {
                st = PX_ENOMEM;
                break;
            }
            n++;
        }
        if (st == PX_OK)
            st = pred_story(jn, json_string_value(sid), json_string_length(sid), ids.p, n);
    }
    px_buf_free(&ids);
    json_decref(root);
    return st;
}

static px_status load_pred(const char *path, join *jn, char *err, size_t errlen) {
    rd r;
    px_status st = rd_open(&r, path);
    if (st == PX_EIO) return load_pred_dom(path, jn, err, errlen); /* its message */
    if (st != PX_OK) return st;
    js j = {.r = &r, .lines = 0};
    px_buf_init(&j.num, &jn->al);
    pred_rd p;
    memset(&p, 0, sizeof p);
    p.jn = jn;
    px_buf_init(&p.key, &jn->al);
    px_buf_init(&p.sid, &jn->al);
    px_buf_init(&p.arts, &jn->al);
    px_buf_init(&p.aid, &jn->al);
    int c = js_peek(&j), fail;
    if (c == '{') fail = js_object(&j, 1, &p.key, root_member, &p);
    else if (c == '[') fail = js_skip(&j, 1);
    else fail = bad(&j);
    if (!fail && js_peek(&j) >= 0) fail = bad(&j);
    if (p.st != PX_OK) st = p.st;
    else if (fail && j.st == PX_ENOMEM) st = PX_ENOMEM;
    else if (fail || r.ioerr) {
        join_reset(jn);
        st = load_pred_dom(path, jn, err, errlen);
    } else if (!p.stories) {
        errf(err, errlen, path, 0, "no \"stories\" array");
        st = PX_EFORMAT;
    } else if (p.bad_story) {
        errf(err, errlen, path, 0, "a story lacks \"id\" or \"articles\"");
        st = PX_EFORMAT;
    }
    px_buf_free(&p.key);
    px_buf_free(&p.sid);
    px_buf_free(&p.arts);
    px_buf_free(&p.aid);
    px_buf_free(&j.num);
    rd_close(&r);
    return st;
}

px_status px_eval_files(const char *gold_path, const char *pred_path,
                        px_eval_result *out, char *err, size_t errlen) {
    if (!gold_path || !pred_path || !out) return PX_EINVAL;
    join jn;
    memset(&jn, 0, sizeof jn);
    px_alloc_init(&jn.al, NULL);
    px_status st = load_gold(gold_path, &jn, err, errlen);
    if (st == PX_OK) st = load_pred(pred_path, &jn, err, errlen);
    if (st == PX_OK) st = join_score(&jn, out);
    join_free(&jn);
    return st;
}

px_status px_eval_corpus(const px_corpus *c, const char *gold_path,
                         px_eval_result *out, char *err, size_t errlen) {
    if (!c || !gold_path || !out) return PX_EINVAL;
    join jn;
    memset(&jn, 0, sizeof jn);
    px_alloc_init(&jn.al, NULL);
    px_buf ids;
    px_buf_init(&ids, &jn.al);
    px_status st = load_gold(gold_path, &jn, err, errlen);
    for (size_t s = 0; st == PX_OK && s < px_corpus_story_count(c); s++) {
        const char *sid = px_corpus_story_id(c, s);
        size_t n = px_corpus_story_size(c, s);
        px_buf_clear(&ids);
        for (size_t k = 0; st == PX_OK && k < n; k++) {
            const char *id = px_doc_id(px_corpus_doc(c, px_corpus_story_doc(c, s, k)));
            st = px_buf_add(&ids, id, strlen(id) + 1);
        }
        if (st == PX_OK) st = pred_story(&jn, sid, strlen(sid), ids.p, n);
    }
    if (st == PX_OK) st = join_score(&jn, out);
    px_buf_free(&ids);
    join_free(&jn);
    return st;
}
