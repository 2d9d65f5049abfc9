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
 */
#include "../common/common.h"
#include "../common/doc.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct lab {
    const char *s;  /* label */
    size_t i;       /* item */
} lab;

static int cmp_lab(const void *a, const void *b) {
    const lab *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    if (c) return c;
    return (x->i > y->i) - (x->i < y->i);
}

/* Numbers the distinct strings of v[0..n) into ids[], 0..k-1; returns k. */
static size_t number(const char *const *v, size_t n, lab *tmp, size_t *ids) {
    for (size_t i = 0; i < n; i++) {
        tmp[i].s = v[i];
        tmp[i].i = i;
    }
    qsort(tmp, n, sizeof *tmp, cmp_lab);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(tmp[i].s, tmp[i - 1].s) != 0) k++;
        ids[tmp[i].i] = k;
    }
    return n ? k + 1 : 0;
}

typedef struct cell {
    size_t g, p;  /* gold and predicted cluster */
} cell;

static int cmp_cell(const void *a, const void *b) {
    const cell *x = a, *y = b;
    if (x->g != y->g) return x->g < y->g ? -1 : 1;
    return (x->p > y->p) - (x->p < y->p);
}

static double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }

px_status px_eval_labels(const char *const *gold, const char *const *pred, size_t n,
                         px_eval_result *out) {
    if (!out || (n && (!gold || !pred))) return PX_EINVAL;
    memset(out, 0, sizeof *out);
    out->items = n;
    if (!n) return PX_OK;
    lab *tmp = malloc(n * sizeof *tmp);
    size_t *gi = malloc(n * sizeof *gi), *pi = malloc(n * sizeof *pi);
    cell *cells = malloc(n * sizeof *cells);
    size_t ng = 0, np = 0;
    double *gsz = NULL, *psz = NULL;
    px_status st = PX_ENOMEM;
    if (!tmp || !gi || !pi || !cells) goto out;
    ng = number(gold, n, tmp, gi);
    np = number(pred, n, tmp, pi);
    gsz = calloc(ng, sizeof *gsz);
    psz = calloc(np, sizeof *psz);
    if (!gsz || !psz) goto out;
    for (size_t i = 0; i < n; i++) {
        gsz[gi[i]]++;
        psz[pi[i]]++;
        cells[i].g = gi[i];
        cells[i].p = pi[i];
    }
    qsort(cells, n, sizeof *cells, cmp_cell);
    double tp = 0, bp = 0, br = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cells[j].g == cells[i].g && cells[j].p == cells[i].p) j++;
        double nij = (double)(j - i);
        tp += nij * (nij - 1) / 2;
        bp += nij * nij / psz[cells[i].p];
        br += nij * nij / gsz[cells[i].g];
        i = j;
    }
    double gp = 0, pp = 0;
    for (size_t i = 0; i < ng; i++) gp += gsz[i] * (gsz[i] - 1) / 2;
    for (size_t i = 0; i < np; i++) pp += psz[i] * (psz[i] - 1) / 2;
    /* with no pair on a side there is nothing to get wrong on that side */
    out->pair_p = pp > 0 ? tp / pp : 1;
    out->pair_r = gp > 0 ? tp / gp : 1;
    out->pair_f1 = f1(out->pair_p, out->pair_r);
    out->bcubed_p = bp / (double)n;
    out->bcubed_r = br / (double)n;
    out->bcubed_f1 = f1(out->bcubed_p, out->bcubed_r);
    out->gold_stories = ng;
    out->pred_stories = np;
    st = PX_OK;
out:
    free(tmp);
    free(gi);
    free(pi);
    free(cells);
    free(gsz);
    free(psz);
    return st;
}

/* ---- label files ---- */

typedef struct pair {
    char *id;     /* item id */
    char *label;  /* its story */
} pair;

typedef struct pairs {
    pair *v;      /* entries */
    size_t n, cap;
} pairs;

static void pairs_free(pairs *p) {
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].id);
        free(p->v[i].label);
    }
    free(p->v);
    memset(p, 0, sizeof *p);
}

static px_status pairs_add(pairs *p, const char *id, size_t idn, const char *lb, size_t lbn) {
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 256;
        pair *nv = realloc(p->v, nc * sizeof *nv);
        if (!nv) return PX_ENOMEM;
        p->v = nv;
        p->cap = nc;
    }
    char *a = malloc(idn + 1), *b = malloc(lbn + 1);
    if (!a || !b) {
        free(a);
        free(b);
        return PX_ENOMEM;
    }
    memcpy(a, id, idn);
    a[idn] = '\0';
    memcpy(b, lb, lbn);
    b[lbn] = '\0';
    p->v[p->n].id = a;
    p->v[p->n++].label = b;
    return PX_OK;
}

static int cmp_pair(const void *a, const void *b) {
    return strcmp(((const pair *)a)->id, ((const pair *)b)->id);
}

static void errf(char *err, size_t errlen, const char *path, unsigned long line,
                 const char *reason) {
    if (!err || !errlen) return;
    if (line) snprintf(err, errlen, "%s:%lu: %s", path, line, reason);
    else snprintf(err, errlen, "%s: %s", path, reason);
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *b = malloc(cap + 1);
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(b, cap * 2 + 1);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (b) b[n] = '\0';
    *len = n;
    return b;
}

static px_status load_gold(const char *path, pairs *out, char *err, size_t errlen) {
    size_t len;
    char *buf = slurp(path, &len);
    if (!buf) {
        errf(err, errlen, path, 0, strerror(errno));
        return PX_EIO;
    }
    px_status st = PX_OK;
    unsigned long line = 0;
    for (size_t at = 0; at < len && st == PX_OK;) {
        size_t e = at;
        while (e < len && buf[e] != '\n') e++;
        const char *s = buf + at;
        size_t n = e - at;
        at = e + 1;
        line++;
        if (n && s[n - 1] == '\r') n--;
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '\t')) k++;
        if (k == n) continue;
        if (s[k] == '{') {
            json_error_t je;
            json_t *o = json_loadb(s, n, 0, &je);
            json_t *id = o ? json_object_get(o, "id") : NULL;
            json_t *story = o ? json_object_get(o, "story") : NULL;
            char num[32];
            const char *lb = NULL;
            size_t lbn = 0;
            if (json_is_string(story)) {
                lb = json_string_value(story);
                lbn = json_string_length(story);
            } else if (json_is_integer(story)) {
                lbn = (size_t)snprintf(num, sizeof num, "%lld", (long long)json_integer_value(story));
                lb = num;
            }
            if (!o) {
                errf(err, errlen, path, line, "malformed JSON");
                st = PX_EFORMAT;
            } else if (!json_is_string(id) || !lb) {
                errf(err, errlen, path, line, "gold record needs string \"id\" and \"story\"");
                st = PX_EFORMAT;
            } else {
                st = pairs_add(out, json_string_value(id), json_string_length(id), lb, lbn);
            }
            json_decref(o);
        } else {
            const char *tab = memchr(s, '\t', n);
            if (!tab) {
                errf(err, errlen, path, line, "expected id<TAB>story");
                st = PX_EFORMAT;
            } else if (line == 1 && (size_t)(tab - s) == 2 && memcmp(s, "id", 2) == 0) {
                continue; /* header */
            } else {
                st = pairs_add(out, s, (size_t)(tab - s), tab + 1, n - (size_t)(tab - s) - 1);
            }
        }
    }
    free(buf);
    return st;
}

static px_status load_pred(const char *path, pairs *out, char *err, size_t errlen) {
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
        size_t j;
        json_t *a;
        json_array_foreach(arts, j, a) {
            json_t *aid = json_object_get(a, "id");
            if (!json_is_string(aid)) continue;
            st = pairs_add(out, json_string_value(aid), json_string_length(aid),
                           json_string_value(sid), json_string_length(sid));
            if (st != PX_OK) break;
        }
    }
    json_decref(root);
    return st;
}

/* Joins gold and predicted labels on id and scores them. */
static px_status score_pairs(pairs *g, pairs *p, px_eval_result *out) {
    qsort(g->v, g->n, sizeof *g->v, cmp_pair);
    qsort(p->v, p->n, sizeof *p->v, cmp_pair);
    const char **gl = malloc((g->n + 1) * sizeof *gl);
    const char **pl = malloc((g->n + 1) * sizeof *pl);
    if (!gl || !pl) {
        free(gl);
        free(pl);
        return PX_ENOMEM;
    }
    size_t i = 0, j = 0, n = 0, missing = 0, extra = 0;
    while (i < g->n || j < p->n) {
        int c = i >= g->n ? 1 : j >= p->n ? -1 : strcmp(g->v[i].id, p->v[j].id);
        if (c < 0) {
            missing++;
            i++;
        } else if (c > 0) {
            extra++;
            j++;
        } else {
            gl[n] = g->v[i++].label;
            pl[n++] = p->v[j++].label;
        }
    }
    px_status st = px_eval_labels(gl, pl, n, out);
    out->missing = missing;
    out->extra = extra;
    free(gl);
    free(pl);
    return st;
}

px_status px_eval_files(const char *gold_path, const char *pred_path,
                        px_eval_result *out, char *err, size_t errlen) {
    if (!gold_path || !pred_path || !out) return PX_EINVAL;
    pairs g = {0}, p = {0};
    px_status st = load_gold(gold_path, &g, err, errlen);
    if (st == PX_OK) st = load_pred(pred_path, &p, err, errlen);
    if (st == PX_OK) st = score_pairs(&g, &p, out);
    pairs_free(&g);
    pairs_free(&p);
    return st;
}

px_status px_eval_corpus(const px_corpus *c, const char *gold_path,
                         px_eval_result *out, char *err, size_t errlen) {
    if (!c || !gold_path || !out) return PX_EINVAL;
    pairs g = {0}, p = {0};
    px_status st = load_gold(gold_path, &g, err, errlen);
    for (size_t s = 0; st == PX_OK && s < px_corpus_story_count(c); s++) {
        const char *sid = px_corpus_story_id(c, s);
        for (size_t k = 0; st == PX_OK && k < px_corpus_story_size(c, s); k++) {
            const char *id = px_doc_id(px_corpus_doc(c, px_corpus_story_doc(c, s, k)));
            st = pairs_add(&p, id, strlen(id), sid, strlen(sid));
        }
    }
    if (st == PX_OK) st = score_pairs(&g, &p, out);
    pairs_free(&g);
    pairs_free(&p);
    return st;
}
