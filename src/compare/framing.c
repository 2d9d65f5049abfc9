/*
 * framing.c - the words each source uses for an entity.
 *
 * Consumes the story's analysed articles, their mentions (with the entity
 * each belongs to) and the merged entities; produces, for every entity
 * named by two or more articles, the descriptors each article gives it, so
 * that a reader sees at once that one outlet writes "militant group" where
 * another writes "terrorist organization".
 *
 * A descriptor is read from the shapes English news uses to label a name:
 *   - the role cut off a person's name ("spokeswoman", "deputy foreign
 *     minister", see entities.c);
 *   - pre-modifiers after a determiner: "the Palestinian militant group
 *     Hamas" gives "Palestinian militant group";
 *   - a label noun after the name: "the Hamas terrorist organization"
 *     gives "terrorist organization";
 *   - an appositive: "Moussa Abu Marzouk, a senior member of the group,"
 *     gives "senior member of the group";
 *   - a copula: "Hamas is a terrorist organization" gives "terrorist
 *     organization";
 *   - a definite description that stands for the organization last named
 *     in the two sentences before ("the militant group, which ...");
 *   - loaded words (lexicon.c) within a few words of a mention.
 * Terms are unique per article and kept in text order.
 */
#include "compare.h"
#include "lexicon.h"

#include <stdlib.h>

/* Words of a descriptor at most; beyond that it is a clause, not a label. */
#define MAX_DESC 8
/* Tokens either side of a mention searched for loaded words. */
#define LOADED_WINDOW 8

static bool is_word(const tx_token *k) { return (k->flags & TX_WORD) && !(k->flags & TX_NUM); }

static bool norm_is(const tx_token *k, const char *w) {
    size_t n = strlen(w);
    return k->norm_len == n && memcmp(k->norm, w, n) == 0;
}

static bool is_det(const tx_token *k) {
    return norm_is(k, "the") || norm_is(k, "a") || norm_is(k, "an");
}

/* Only spaces between tokens i and i+1 of one sentence. */
static bool joined(const cmp_text *t, size_t i) {
    if (i + 1 >= t->ntok || t->tok[i].sent != t->tok[i + 1].sent) return false;
    for (size_t p = t->tok[i].off + t->tok[i].len; p < t->tok[i + 1].off; p++)
        if (t->text[p] != ' ') return false;
    return true;
}

/* A comma (and spaces) only between tokens i and i+1. */
static bool comma_between(const cmp_text *t, size_t i) {
    if (i + 1 >= t->ntok || t->tok[i].sent != t->tok[i + 1].sent) return false;
    bool comma = false;
    for (size_t p = t->tok[i].off + t->tok[i].len; p < t->tok[i + 1].off; p++) {
        if (t->text[p] == ',' && !comma) comma = true;
        else if (t->text[p] != ' ') return false;
    }
    return comma;
}

static bool lx_tok(const tx_token *k, bool (*f)(const char *, size_t)) {
    return f(k->norm, k->norm_len);
}

/* A word that can modify a label: a lowercase content word or a
 * nationality; no names, numbers or function words. */
static bool modifier(const tx_token *k) {
    if (!is_word(k)) return false;
    if (lx_tok(k, lx_is_demonym)) return true;
    if (k->flags & (TX_CAP | TX_ALLCAPS)) return false;
    return !(k->flags & TX_STOP);
}

typedef struct terms {
    const char **t;   /* terms */
    size_t n, cap;    /* used, allocated */
} terms;

static px_status add_term(cmp_arena *a, terms *v, const char *s, size_t n) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == ',')) n--;
    if (!n) return PX_OK;
    for (size_t i = 0; i < v->n; i++)
        if (strlen(v->t[i]) == n && memcmp(v->t[i], s, n) == 0) return PX_OK;
    PX_TRY(cmp_grow(a, (void **)&v->t, &v->cap, v->n + 1, sizeof *v->t));
    char *c = cmp_strndup(a, s, n);
    if (!c) return PX_ENOMEM;
    v->t[v->n++] = c;
    return PX_OK;
}

/* The source text of tokens [a, b). */
static px_status add_span(cmp_arena *ar, terms *v, const cmp_text *t, size_t a, size_t b) {
    if (a >= b) return PX_OK;
    size_t s = t->tok[a].off, e = t->tok[b - 1].off + t->tok[b - 1].len;
    return add_term(ar, v, t->text + s, e - s);
}

/* Descriptors around one mention. */
static px_status around(const cmp_text *t, const cmp_mention *m, const cmp_mention *all,
                        size_t nm, cmp_arena *ar, terms *v) {
    size_t a = m->tok, b = m->tok + m->ntok;
    /* inside a quotation the words are the speaker's, not the source's:
     * "the atrocities of Hamas terrorists," the ministry said */
    if (t->tok[a].flags & TX_QUOTED) return PX_OK;
    if (m->role && m->role[0]) PX_TRY(add_term(ar, v, m->role, strlen(m->role)));
    /* the ... NAME */
    size_t j = a;
    while (j > 0 && a - j < MAX_DESC && joined(t, j - 1) && modifier(&t->tok[j - 1])) j--;
    if (j < a && j > 0 && joined(t, j - 1) && is_det(&t->tok[j - 1]) && !m->role[0])
        PX_TRY(add_span(ar, v, t, j, a));
    /* the NAME label-noun; after an organization a role word names one
     * of its people ("the Foreign Ministry spokesperson"), not it */
    if (a > 0 && joined(t, a - 1) && norm_is(&t->tok[a - 1], "the")) {
        bool org = m->type == CMP_ORG;
        size_t e = b;
        bool label = false;
        while (e < t->ntok && e - b < 3 && joined(t, e - 1) && modifier(&t->tok[e])) {
            e++;
            bool role = lx_tok(&t->tok[e - 1], lx_is_role_head);
            if (role && org) break;
            label = lx_tok(&t->tok[e - 1], lx_is_org_noun) || role;
            if (label) break;
        }
        if (e > b && label) PX_TRY(add_span(ar, v, t, b, e));
    }
    /* NAME, a/the ..., */
    if (b < t->ntok && comma_between(t, b - 1) && is_det(&t->tok[b])) {
        size_t e = b + 1;
        while (e < t->ntok && e - b <= MAX_DESC && joined(t, e - 1) && is_word(&t->tok[e]) &&
               !norm_is(&t->tok[e], "who") && !norm_is(&t->tok[e], "which") &&
               !norm_is(&t->tok[e], "that"))
            e++;
        /* it ends at a comma, the sentence end, or a relative clause
         * ("the militant movement that has staged blockades") */
        bool closed = e >= t->ntok || t->tok[e].sent != t->tok[b].sent ||
                      comma_between(t, e - 1) || norm_is(&t->tok[e], "who") ||
                      norm_is(&t->tok[e], "which") || norm_is(&t->tok[e], "that");
        if (e > b + 1 && e - b <= MAX_DESC && closed) PX_TRY(add_span(ar, v, t, b + 1, e));
    }
    /* NAME is a ... */
    if (b + 1 < t->ntok && joined(t, b - 1) &&
        (norm_is(&t->tok[b], "is") || norm_is(&t->tok[b], "was") || norm_is(&t->tok[b], "are") ||
         norm_is(&t->tok[b], "remains")) &&
        joined(t, b) && is_det(&t->tok[b + 1])) {
        size_t s = b + 2, e = s;
        while (e < t->ntok && e - s < 4 && joined(t, e - 1) && modifier(&t->tok[e])) {
            e++;
            if (lx_tok(&t->tok[e - 1], lx_is_org_noun) || lx_tok(&t->tok[e - 1], lx_is_role_head)) break;
        }
        if (e > s) PX_TRY(add_span(ar, v, t, s, e));
    }
    /* loaded words nearby, when no other name of the sentence is nearer;
     * a place is where things happen, rarely what the words judge */
    if (m->type == CMP_PLACE) return PX_OK;
    /* loaded words nearby, when no other name of the sentence is nearer */
    size_t lo = a > LOADED_WINDOW ? a - LOADED_WINDOW : 0;
    size_t hi = PX_MIN(t->ntok, b + LOADED_WINDOW);
    for (size_t i = lo; i < hi; i++) {
        if (i >= a && i < b) continue;
        if (t->tok[i].sent != m->sent || (t->tok[i].flags & TX_QUOTED) ||
            !lx_tok(&t->tok[i], lx_is_loaded))
            continue;
        size_t dist = i < a ? a - i : i - b + 1;
        bool nearer = false;
        for (size_t q = 0; q < nm && !nearer; q++) {
            const cmp_mention *o = &all[q];
            if (o == m || o->sent != m->sent || o->entity == m->entity) continue;
            size_t oa = o->tok, ob = o->tok + o->ntok;
            if (i >= oa && i < ob) nearer = true;
            else nearer = (i < oa ? oa - i : i - ob + 1) < dist;
        }
        if (!nearer) PX_TRY(add_term(ar, v, t->tok[i].norm, t->tok[i].norm_len));
    }
    return PX_OK;
}

/* A name with an organization head word (Foreign Ministry): such a body
 * is "the ministry", never "the group". */
static bool headed(const char *name) {
    char w[64];
    for (const char *p = name; *p;) {
        while (*p == ' ') p++;
        size_t n = 0;
        while (p[n] && p[n] != ' ') n++;
        if (n && n < sizeof w) {
            for (size_t i = 0; i < n; i++) w[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
            if (lx_is_org_head(w, n)) return true;
        }
        p += n;
    }
    return false;
}

/* "the militant group" standing for the organization named last: returns
 * the entity, or -1. [s, e) receives the description's words. */
static int definite(const cmp_text *t, const cmp_mention *m, size_t nm, const cmp_entity *ent,
                    size_t i, size_t *s, size_t *e) {
    if (!norm_is(&t->tok[i], "the") || !joined(t, i)) return -1;
    size_t k = i + 1;
    while (k < t->ntok && k - i <= 4 && modifier(&t->tok[k])) {
        const tx_token *w = &t->tok[k];
        bool head = norm_is(w, "group") || norm_is(w, "organization") ||
                    norm_is(w, "organisation") || norm_is(w, "movement") ||
                    norm_is(w, "faction") || norm_is(w, "militia") || norm_is(w, "outfit");
        if (head) {
            /* not "the militant group Hamas": a name right after is its own mention */
            if (k + 1 < t->ntok && joined(t, k) && (t->tok[k + 1].flags & TX_CAP)) return -1;
            /* the organization named last, in this sentence or the two before */
            int best = -1;
            for (size_t j = 0; j < nm && m[j].tok < i; j++) {
                if (m[j].entity < 0 || t->tok[i].sent > m[j].sent + 2) continue;
                if (ent[m[j].entity].type == CMP_ORG && !headed(ent[m[j].entity].name))
                    best = m[j].entity;
            }
            *s = i + 1;
            *e = k + 1;
            return best;
        }
        if (!joined(t, k)) break;
        k++;
    }
    return -1;
}

static int cmp_size(const void *x, const void *y) {
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return (a > b) - (a < b);
}

px_status cmp_framing(const cmp_text *docs, cmp_mention *const *m, const size_t *nm, size_t ndocs,
                      const cmp_entity *ent, size_t nent, cmp_arena *a, cmp_frame **out, size_t *n) {
    *out = NULL;
    *n = 0;
    size_t want = 0;
    for (size_t e = 0; e < nent; e++) want += ent[e].ndoc >= 2;
    if (!want) return PX_OK;
    cmp_frame *fr = cmp_alloc(a, want * sizeof *fr);
    terms *tv = cmp_alloc(a, nent * sizeof *tv); /* per entity, for one article */
    if (!fr || !tv) return PX_ENOMEM;
    size_t *slot = cmp_alloc(a, nent * sizeof *slot);
    if (!slot) return PX_ENOMEM;
    size_t nf = 0;
    for (size_t e = 0; e < nent; e++) {
        slot[e] = PX_NONE;
        if (ent[e].ndoc < 2) continue;
        fr[nf].entity = ent[e].name;
        fr[nf].d = cmp_alloc(a, ent[e].ndoc * sizeof *fr[nf].d);
        if (!fr[nf].d) return PX_ENOMEM;
        slot[e] = nf++;
    }
    /* entities touched in the current article: clearing only those keeps
     * a story of many articles and entities linear */
    size_t *touched = cmp_alloc(a, nent * sizeof *touched);
    if (!touched) return PX_ENOMEM;
    size_t ntouched = 0;
    for (size_t k = 0; k < ndocs; k++) {
        const cmp_text *t = &docs[k];
        for (size_t i = 0; i < ntouched; i++) memset(&tv[touched[i]], 0, sizeof *tv);
        ntouched = 0;
        /* mentions and definite descriptions in text order, so that terms
         * keep the order of the article */
        size_t j = 0;
        for (size_t i = 0; i < t->ntok; i++) {
            while (j < nm[k] && m[k][j].tok == i) {
                int e = m[k][j].entity;
                if (e >= 0 && (size_t)e < nent && slot[e] != PX_NONE) {
                    if (!tv[e].cap) touched[ntouched++] = (size_t)e;
                    PX_TRY(around(t, &m[k][j], m[k], nm[k], a, &tv[e]));
                    if (!tv[e].cap) ntouched--; /* nothing added */
                }
                j++;
            }
            size_t s, en;
            int e = definite(t, m[k], nm[k], ent, i, &s, &en);
            if (e >= 0 && slot[e] != PX_NONE) {
                if (!tv[e].cap) touched[ntouched++] = (size_t)e;
                PX_TRY(add_span(a, &tv[e], t, s, en));
                if (!tv[e].cap) ntouched--;
            }
        }
        /* in entity order, as the frames are */
        qsort(touched, ntouched, sizeof *touched, cmp_size);
        for (size_t i = 0; i < ntouched; i++) {
            size_t e = touched[i];
            if (!tv[e].n) continue;
            cmp_frame *f = &fr[slot[e]];
            f->d[f->nd].doc = k;
            f->d[f->nd].term = tv[e].t;
            f->d[f->nd].nterm = tv[e].n;
            f->nd++;
        }
    }
    /* frames with nothing to compare are left out */
    size_t w = 0;
    for (size_t i = 0; i < nf; i++)
        if (fr[i].nd) fr[w++] = fr[i];
    *out = fr;
    *n = w;
    return PX_OK;
}
