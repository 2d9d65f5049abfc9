/*
 * digest.c - what changed in a story's comparison since the store last
 * compared it, for stream's story_updated events (docs/events.md).
 *
 * The comparison itself is not stored (query.c recomputes it from the
 * texts), so each compared story leaves a digest of what an event reports
 * on: label, articles compared, entity names, and per figure subject its
 * conflict flag and its distinct values. The digest is text, one item per
 * line, tab separated (docs/schema.sql), so that the next comparison is
 * diffed against it line by line without a parser.
 */
#include "store.h"

#include "../compare/compare.h"
#include "../report/report.h"

#include <stdlib.h>

struct st_change {
    char *json; /* the change object, NULL when there was no digest */
};

/* ---- the digest ---- */

/* s with tabs and newlines as spaces: a digest field. */
static px_status add_field(px_buf *b, const char *s) {
    for (; *s; s++) PX_TRY(px_buf_addc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s));
    return PX_OK;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "qualifier num" of each value of f, distinct and sorted, joined by "; ". */
static px_status figure_values(px_store *s, const cmp_figure *f, px_buf *b) {
    char (*v)[96] = px_malloc(&s->al, (f->nv + 1) * sizeof *v);
    const char **p = px_malloc(&s->al, (f->nv + 1) * sizeof *p);
    px_status st = v && p ? PX_OK : PX_ENOMEM;
    for (size_t j = 0; st == PX_OK && j < f->nv; j++) {
        snprintf(v[j], sizeof v[j], "%s%s%.15g", f->v[j].qualifier,
                 f->v[j].qualifier[0] ? " " : "", f->v[j].num);
        p[j] = v[j];
    }
    if (st == PX_OK && f->nv) qsort(p, f->nv, sizeof *p, cmp_str);
    for (size_t j = 0; st == PX_OK && j < f->nv; j++) {
        if (j && !strcmp(p[j], p[j - 1])) continue;
        if (j) st = px_buf_adds(b, "; ");
        if (st == PX_OK) st = add_field(b, p[j]);
    }
    px_free(&s->al, v);
    px_free(&s->al, p);
    return st;
}

static px_status digest_of(px_store *s, const rp_story *st, const char *label, px_buf *b) {
    const cmp_story *cs = st->cs;
    px_buf_clear(b);
    PX_TRY(px_buf_adds(b, "L\t"));
    PX_TRY(add_field(b, label));
    PX_TRY(px_buf_printf(b, "\nC\t%zu\n", cs->ndocs));
    for (size_t i = 0; i < cs->nent; i++) {
        PX_TRY(px_buf_printf(b, "E\t%s\t", cmp_type_name(cs->ent[i].type)));
        PX_TRY(add_field(b, cs->ent[i].name));
        PX_TRY(px_buf_addc(b, '\n'));
    }
    for (size_t i = 0; i < cs->nfig; i++) {
        PX_TRY(px_buf_printf(b, "F\t%d\t", cs->fig[i].conflict ? 1 : 0));
        PX_TRY(add_field(b, cs->fig[i].subject));
        PX_TRY(px_buf_addc(b, '\t'));
        PX_TRY(figure_values(s, &cs->fig[i], b));
        PX_TRY(px_buf_addc(b, '\n'));
    }
    return PX_OK;
}

/* ---- reading an old digest ---- */

/* The line of d that starts with kind and, after the fields skipped, has
 * field key (then a tab or the end of line); its start, or NULL. */
static const char *find_line(const char *d, char kind, int skip, const char *key, size_t klen) {
    for (const char *l = d; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        if (l[0] != kind || l[1] != '\t') continue;
        const char *f = l + 2;
        for (int i = 0; i < skip && f; i++) {
            f = strchr(f, '\t');
            if (f && memchr(l, '\n', (size_t)(f - l))) f = NULL;
            if (f) f++;
        }
        if (f && !strncmp(f, key, klen) && (f[klen] == '\t' || f[klen] == '\n' || !f[klen]))
            return l;
    }
    return NULL;
}

/* Field k (from 0, after the kind) of line l, its length in *n ("" when
 * the line has fewer fields). */
static const char *field(const char *l, int k, size_t *n) {
    const char *f = l + 2;
    for (int i = 0; i < k; i++) {
        size_t m = strcspn(f, "\t\n");
        if (f[m] != '\t') {
            *n = 0;
            return "";
        }
        f += m + 1;
    }
    *n = strcspn(f, "\t\n");
    return f;
}

/* ---- the change ---- */

typedef struct jw {
    rp_out o;
    bool first; /* no element yet in the open array */
} jw;

static int buf_write(void *ud, const char *d, size_t n) {
    return px_buf_add(ud, d, n) != PX_OK;
}

static void json_num(rp_out *o, double v) {
    if (v == (double)(long long)v && v < 1e15 && v > -1e15) rp_putf(o, "%lld", (long long)v);
    else rp_putf(o, "%.15g", v);
}

static void elem(jw *w) {
    if (!w->first) rp_put(&w->o, ",", 1);
    w->first = false;
}

static void json_figure(jw *w, const rp_story *st, const cmp_figure *f) {
    elem(w);
    rp_puts(&w->o, "{\"subject\":");
    rp_json_str(&w->o, f->subject);
    rp_puts(&w->o, f->conflict ? ",\"conflict\":true,\"values\":[" : ",\"conflict\":false,\"values\":[");
    for (size_t j = 0; j < f->nv; j++) {
        const cmp_fvalue *v = &f->v[j];
        rp_puts(&w->o, j ? ",{\"value\":" : "{\"value\":");
        json_num(&w->o, v->num);
        rp_puts(&w->o, ",\"shown\":");
        rp_json_str(&w->o, v->value);
        rp_puts(&w->o, ",\"qualifier\":");
        rp_json_str(&w->o, v->qualifier);
        rp_puts(&w->o, ",\"article\":");
        rp_json_str(&w->o, rp_doc(st, v->doc)->id);
        rp_put(&w->o, "}", 1);
    }
    rp_puts(&w->o, "]}");
}

/* Which figure list f goes to against old digest d: 0 none, 1 new
 * conflicts, 2 new figures, 3 changed figures. */
static int figure_kind(px_store *s, const char *d, const cmp_figure *f, px_buf *scratch) {
    px_buf_clear(scratch);
    if (add_field(scratch, f->subject) != PX_OK) return 0;
    const char *l = find_line(d, 'F', 1, scratch->p, scratch->len);
    if (!l) return f->conflict ? 1 : 2;
    size_t n;
    const char *c = field(l, 0, &n);
    if (f->conflict && c[0] != '1') return 1;
    px_buf_clear(scratch);
    if (figure_values(s, f, scratch) != PX_OK) return 0;
    const char *v = field(l, 2, &n);
    return n == scratch->len && !memcmp(v, scratch->p, n) ? 0 : 3;
}

static px_status change_of(px_store *s, const rp_story *st, const char *label, const char *d,
                           char **out) {
    const cmp_story *cs = st->cs;
    px_buf b, scratch;
    px_buf_init(&b, &s->al);
    px_buf_init(&scratch, &s->al);
    jw w = {{buf_write, &b, {0}, PX_OK}, true};
    px_buf_init(&w.o.b, &s->al);
    size_t n = 0;
    const char *ol = d[0] == 'L' && d[1] == '\t' ? field(d, 0, &n) : "";
    px_buf_clear(&scratch);
    (void)add_field(&scratch, label);
    rp_puts(&w.o, "{\"label\":");
    if (n == scratch.len && !memcmp(ol, scratch.p, n)) {
        rp_puts(&w.o, "null");
    } else {
        char *from = px_malloc(&s->al, n + 1);
        if (from) {
            memcpy(from, ol, n);
            from[n] = '\0';
            rp_puts(&w.o, "{\"from\":");
            rp_json_str(&w.o, from);
            rp_puts(&w.o, ",\"to\":");
            rp_json_str(&w.o, label);
            rp_put(&w.o, "}", 1);
        } else {
            w.o.st = PX_ENOMEM;
        }
        px_free(&s->al, from);
    }
    long before = 0;
    for (const char *l = d; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
        if (l[0] == 'C' && l[1] == '\t') before = strtol(l + 2, NULL, 10);
    rp_putf(&w.o, ",\"compared\":{\"from\":%ld,\"to\":%zu},\"new_entities\":[", before, cs->ndocs);
    for (size_t i = 0; i < cs->nent; i++) {
        px_buf_clear(&scratch);
        (void)add_field(&scratch, cs->ent[i].name);
        if (find_line(d, 'E', 1, scratch.p ? scratch.p : "", scratch.len)) continue;
        elem(&w);
        rp_puts(&w.o, "{\"name\":");
        rp_json_str(&w.o, cs->ent[i].name);
        rp_puts(&w.o, ",\"type\":");
        rp_json_str(&w.o, cmp_type_name(cs->ent[i].type));
        rp_put(&w.o, "}", 1);
    }
    static const char *const lists[] = {"new_conflicts", "new_figures", "changed_figures"};
    for (int k = 1; k <= 3; k++) {
        rp_putf(&w.o, "],\"%s\":[", lists[k - 1]);
        w.first = true;
        for (size_t i = 0; i < cs->nfig; i++)
            if (figure_kind(s, d, &cs->fig[i], &scratch) == k) json_figure(&w, st, &cs->fig[i]);
    }
    rp_puts(&w.o, "],\"resolved_conflicts\":[");
    w.first = true;
    for (const char *l = d; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        if (l[0] != 'F' || l[1] != '\t' || l[2] != '1') continue;
        const char *subj = field(l, 1, &n);
        bool still = false;
        for (size_t i = 0; i < cs->nfig && !still; i++) {
            px_buf_clear(&scratch);
            (void)add_field(&scratch, cs->fig[i].subject);
            still = cs->fig[i].conflict && scratch.len == n && !memcmp(scratch.p, subj, n);
        }
        if (still) continue;
        elem(&w);
        char *sub = px_malloc(&s->al, n + 1);
        if (!sub) {
            w.o.st = PX_ENOMEM;
            break;
        }
        memcpy(sub, subj, n);
        sub[n] = '\0';
        rp_json_str(&w.o, sub);
        px_free(&s->al, sub);
    }
    rp_puts(&w.o, "]}");
    if (w.o.st == PX_OK && w.o.b.len && buf_write(&b, w.o.b.p, w.o.b.len)) w.o.st = PX_ENOMEM;
    px_status st2 = w.o.st;
    px_buf_free(&w.o.b);
    px_buf_free(&scratch);
    if (st2 == PX_OK) st2 = px_buf_addc(&b, '\0');
    if (st2 != PX_OK) {
        px_buf_free(&b);
        return st2;
    }
    *out = px_buf_take(&b);
    return *out ? PX_OK : PX_ENOMEM;
}

/* ---- touched stories ---- */

void st_digest_clear(px_store *s) {
    for (size_t i = 0; i < s->nchg; i++) px_free(&s->al, s->chg[i].json);
    px_free(&s->al, s->chg);
    s->chg = NULL;
    s->nchg = 0;
}

px_status st_digest_touched(px_store *s, const px_corpus *t) {
    st_digest_clear(s);
    size_t n = px_corpus_story_count(t);
    if (s->readonly || !n || !px_corpus_story_cmp(t, 0)) return PX_OK;
    s->chg = px_calloc(&s->al, n, sizeof *s->chg);
    if (!s->chg) return PX_ENOMEM;
    s->nchg = n;
    sqlite3_stmt *get = NULL, *put = NULL;
    px_status st = st_prepare(s, "SELECT digest FROM digests WHERE id = ?", &get);
    if (st == PX_OK)
        st = st_prepare(s, "INSERT OR REPLACE INTO digests(id, batch, digest) VALUES(?, ?, ?)",
                        &put);
    if (st == PX_OK) st = st_exec(s, "BEGIN IMMEDIATE");
    bool began = st == PX_OK;
    px_buf b;
    px_buf_init(&b, &s->al);
    rp_ctx x = {t, NULL, 0};
    for (size_t i = 0; i < n && st == PX_OK; i++) {
        rp_story rs;
        rp_story_init(&x, i, &rs);
        if (!rs.cs) continue;
        const char *id = px_corpus_story_id(t, i), *label = px_corpus_story_label(t, i);
        if ((st = digest_of(s, &rs, label, &b)) != PX_OK) break;
        sqlite3_bind_text(get, 1, id, -1, SQLITE_STATIC);
        int rc = sqlite3_step(get);
        if (rc == SQLITE_ROW) st = change_of(s, &rs, label, st_text(get, 0), &s->chg[i].json);
        else if (rc != SQLITE_DONE) st = st_fail(s, rc, "read");
        sqlite3_reset(get);
        if (st != PX_OK) break;
        sqlite3_bind_text(put, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(put, 2, s->last_batch);
        sqlite3_bind_text(put, 3, b.p, (int)b.len, SQLITE_STATIC);
        rc = sqlite3_step(put);
        sqlite3_reset(put);
        if (rc != SQLITE_DONE) st = st_fail(s, rc, "write");
    }
    px_buf_free(&b);
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    if (began && st == PX_OK) st = st_exec(s, "COMMIT");
    else if (began) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    if (st != PX_OK) st_digest_clear(s);
    return st;
}

px_status px_store_write_changes(const px_store *s, size_t story, px_write_fn write, void *ud) {
    if (!s || !write) return PX_EINVAL;
    if (story >= s->nchg || !s->chg[story].json) return PX_EEMPTY;
    const char *j = s->chg[story].json;
    return write(ud, j, strlen(j)) ? PX_EIO : PX_OK;
}
