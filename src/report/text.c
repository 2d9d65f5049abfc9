/*
 * text.c - the stories as text for a terminal (PX_REPORT_TEXT).
 *
 * Consumes a corpus after px_corpus_run and each story's comparison, and
 * produces one block per story: the label line, the counts, the articles
 * (date, source, title) as before the comparison existed, then, when a
 * comparison ran, its sections in the order a reader asks the questions:
 * what happened (summary with support), where the reports disagree
 * (conflicting figures, then the agreeing ones briefly), how each source
 * labels the actors (framing), who said what (quotes by speaker), what only
 * one source has, and what boilerplate was cut.
 *
 * Lines are wrapped at 80 columns with a hanging indent; widths are
 * display widths (utf8proc_charwidth), so names in other scripts align.
 * Article text passes through with control characters turned into spaces:
 * an article must not move the cursor or change colours. ANSI styles are
 * written only under PX_WRITE_COLOR and never counted as width.
 */
#include "report.h"

#define WIDTH 80

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RED "\033[31m"
#define RESET "\033[0m"

/* A wrapping line writer. */
typedef struct tw {
    rp_out *o;      /* sink */
    bool color;     /* styles are written */
    size_t col;     /* current column */
    size_t indent;  /* indent of continuation lines */
    bool space;     /* a space is due before the next word */
    bool fresh;     /* nothing written on this line after the indent */
    bool in_atom;   /* text is gathered into atom, not written */
    bool atom_space; /* a space was due before the atom began */
    px_buf atom;    /* a piece never broken across lines (a source name,
                       "more than 220 (Metro Dispatch)") */
    char style[32]; /* escape codes due before the next word, so that a
                       style starts after the space or line break */
} tw;

static void spaces(rp_out *o, size_t n) {
    static const char sp[] = "                                ";
    while (n) {
        size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
        rp_put(o, sp, k);
        n -= k;
    }
}

static void tw_start(tw *t, size_t first, size_t rest) {
    spaces(t->o, first);
    t->col = first;
    t->indent = rest;
    t->space = false;
    t->fresh = true;
}

static void tw_end(tw *t) {
    rp_puts(t->o, t->style);
    t->style[0] = '\0';
    rp_put(t->o, "\n", 1);
}

static void tw_style(tw *t, const char *code) {
    if (!t->color) return;
    if (strlen(t->style) + strlen(code) >= sizeof t->style) {
        rp_puts(t->o, t->style);
        t->style[0] = '\0';
    }
    strcat(t->style, code);
}

static void tw_word(tw *t, const char *w, size_t n) {
    size_t width = rp_widthn(w, n);
    if (!t->fresh && t->space && t->col + 1 + width > WIDTH) {
        rp_put(t->o, "\n", 1);
        spaces(t->o, t->indent);
        t->col = t->indent;
        t->fresh = true;
    }
    if (!t->fresh && t->space) {
        rp_put(t->o, " ", 1);
        t->col++;
    }
    rp_puts(t->o, t->style);
    t->style[0] = '\0';
    rp_put(t->o, w, n);
    t->col += width;
    t->fresh = false;
    t->space = false;
}

/* Length of a break at s: whitespace or a control character (C0, DEL,
 * C1), which all read as one space; 0 when s starts a word. */
static size_t brk(const char *s) {
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || (c < 0x20 && c) || c == 0x7f) return 1;
    if (c == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f) return 2;
    return 0;
}

/* Writes s word by word; a piece that starts without a space sticks to
 * the word before it. Inside an atom, s is only gathered, control
 * characters as spaces. */
static void tw_text(tw *t, const char *s) {
    if (t->in_atom) {
        for (; *s; s++) {
            size_t b = brk(s);
            if (b && t->atom.len == 0) {
                t->atom_space = true;
                s += b - 1;
                continue;
            }
            if (px_buf_addc(&t->atom, b ? ' ' : *s) != PX_OK) t->o->st = PX_ENOMEM;
            if (b) s += b - 1;
        }
        return;
    }
    while (*s) {
        size_t b = brk(s);
        if (b) {
            t->space = true;
            s += b;
            continue;
        }
        const char *w = s;
        while (*s && !brk(s)) s++;
        tw_word(t, w, (size_t)(s - w));
    }
}

static void tw_atom_begin(tw *t) {
    t->in_atom = true;
    t->atom_space = false;
    px_buf_clear(&t->atom);
}

static void tw_atom_end(tw *t) {
    t->in_atom = false;
    size_t n = t->atom.len;
    while (n && t->atom.p[n - 1] == ' ') n--;
    if (t->atom_space) t->space = true;
    if (n) tw_word(t, t->atom.p, n);
}

/* s as one atom. */
static void tw_atom(tw *t, const char *s) {
    tw_atom_begin(t);
    tw_text(t, s);
    tw_atom_end(t);
}

/* Unwrapped text with control characters as spaces (the article list). */
static void put_clean(rp_out *o, const char *s) {
    const char *run = s;
    while (*s) {
        size_t b = brk(s);
        if (!b || *s == ' ') {
            s += b ? b : 1;
            continue;
        }
        rp_put(o, run, (size_t)(s - run));
        rp_put(o, " ", 1);
        s += b;
        run = s;
    }
    rp_put(o, run, (size_t)(s - run));
}

static void heading(tw *t, const char *h) {
    rp_put(t->o, "\n", 1);
    tw_start(t, 2, 4);
    tw_style(t, BOLD);
    tw_text(t, h);
    tw_style(t, RESET);
    tw_end(t);
}

/* "A, B and C" of the distinct names of articles doc[0..n), or "N sources"
 * when there are more than three. */
static void put_name(void *ud, const char *piece, bool is_name) {
    if (is_name) tw_atom(ud, piece);
    else tw_text(ud, piece);
}

static void support(tw *t, const rp_story *st, const size_t *doc, size_t n) {
    size_t names = rp_count_names(st, doc, n);
    if (names > 3) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%zu sources", names);
        tw_text(t, tmp);
        return;
    }
    rp_join_names(st, doc, n, put_name, t);
}

/* "more than 200 (A, C) vs more than 220 (B)"; sep joins the values. A
 * value and its sources are one atom: a line never breaks inside them. */
typedef struct tw_fv {
    tw *t;
    const char *sep;
} tw_fv;

static void tw_fv_value(void *ud, size_t nth, const char *qual, const char *value) {
    tw_fv *x = ud;
    if (nth) tw_text(x->t, x->sep);
    tw_atom_begin(x->t);
    if (qual) {
        tw_text(x->t, qual);
        tw_text(x->t, " ");
    }
    tw_text(x->t, value);
    tw_text(x->t, " (");
}

static void tw_fv_name(void *ud, size_t nth, const char *name) {
    tw_fv *x = ud;
    if (nth) tw_text(x->t, ", ");
    tw_text(x->t, name);
}

static void tw_fv_end(void *ud) {
    tw_fv *x = ud;
    tw_text(x->t, ")");
    tw_atom_end(x->t);
}

static void figure_values(tw *t, const rp_story *st, const cmp_figure *f, const char *sep) {
    tw_fv x = {t, sep};
    rp_fv_writer w = {tw_fv_value, tw_fv_name, tw_fv_end, &x};
    rp_figure_values(st, f, &w);
}

static void figures(tw *t, const rp_story *st, bool conflict) {
    const cmp_story *cs = st->cs;
    bool any = false;
    for (size_t i = 0; i < cs->nfig; i++) {
        const cmp_figure *f = &cs->fig[i];
        if (f->conflict != conflict) continue;
        if (!any) heading(t, conflict ? "Conflicting figures" : "Agreeing figures");
        any = true;
        tw_start(t, 4, 6);
        if (conflict) tw_style(t, RED);
        tw_text(t, f->subject);
        tw_text(t, ":");
        tw_text(t, " ");
        figure_values(t, st, f, conflict ? " vs " : "; ");
        if (conflict) tw_style(t, RESET);
        if (f->nexpect) {
            /* beside the figure, never part of its conflict */
            cmp_figure x = rp_figure_expected(f);
            tw_text(t, "; expected: ");
            figure_values(t, st, &x, "; ");
        }
        tw_end(t);
    }
}

static void framing(tw *t, const rp_story *st) {
    const cmp_story *cs = st->cs;
    if (!cs->nframe) return;
    heading(t, "Framing");
    for (size_t i = 0; i < cs->nframe; i++) {
        const cmp_frame *f = &cs->frame[i];
        tw_start(t, 4, 6);
        tw_text(t, f->entity);
        tw_text(t, ":");
        for (size_t j = 0; j < f->nd; j++) {
            const cmp_descr *d = &f->d[j];
            if (d->doc >= st->n) continue;
            tw_text(t, j ? "; " : " ");
            tw_atom(t, rp_name(st, d->doc));
            for (size_t k = 0; k < d->nterm; k++) {
                tw_text(t, k ? ", \"" : " \"");
                tw_text(t, d->term[k]);
                tw_text(t, "\"");
            }
        }
        tw_end(t);
    }
}

/* Quotes grouped by speaker in order of first appearance; unattributed
 * quotes last. */
static void quotes(tw *t, const rp_story *st) {
    const cmp_story *cs = st->cs;
    if (!cs->nquote) return;
    heading(t, "Quotes");
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < cs->nquote; i++) {
            const char *who = cs->quote[i].speaker;
            if ((pass == 0) != (who[0] != '\0')) continue;
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(cs->quote[j].speaker, who);
            if (seen) continue;
            tw_start(t, 4, 6);
            tw_text(t, who[0] ? who : "Unattributed");
            tw_end(t);
            for (size_t j = i; j < cs->nquote; j++) {
                const cmp_quote *q = &cs->quote[j];
                if (strcmp(q->speaker, who) || q->doc >= st->n) continue;
                tw_start(t, 6, 7);
                tw_text(t, "\xe2\x80\x9c");
                tw_text(t, q->text);
                tw_text(t, "\xe2\x80\x9d");
                tw_text(t, " ");
                tw_style(t, DIM);
                tw_atom_begin(t);
                tw_text(t, "(");
                tw_text(t, rp_name(st, q->doc));
                tw_text(t, ")");
                tw_atom_end(t);
                tw_style(t, RESET);
                tw_end(t);
            }
        }
    }
}

static void uniques(tw *t, const rp_story *st) {
    const cmp_story *cs = st->cs;
    bool any = false;
    for (size_t i = 0; i < cs->nuniq; i++) {
        const cmp_unique *u = &cs->uniq[i];
        if (!u->nsent || u->doc >= st->n) continue;
        if (!any) heading(t, "Only in one source");
        any = true;
        tw_start(t, 4, 6);
        tw_text(t, rp_name(st, u->doc));
        tw_end(t);
        for (size_t j = 0; j < u->nsent; j++) {
            tw_start(t, 6, 8);
            tw_text(t, "- ");
            tw_text(t, u->sent[j]);
            tw_end(t);
        }
    }
}

static void removed(tw *t, const rp_story *st) {
    const cmp_story *cs = st->cs;
    if (!cs->nremoved) return;
    heading(t, "Cut from the articles");
    for (size_t i = 0; i < cs->nremoved; i++) {
        const cmp_removed *r = &cs->removed[i];
        if (r->doc >= st->n) continue;
        tw_start(t, 4, 6);
        tw_style(t, DIM);
        tw_text(t, rp_name(st, r->doc));
        tw_text(t, " (");
        tw_text(t, r->reason);
        tw_text(t, "): ");
        tw_text(t, r->text);
        tw_style(t, RESET);
        tw_end(t);
    }
}

static void summary(tw *t, const rp_story *st) {
    const cmp_story *cs = st->cs;
    if (!cs->nsum) return;
    heading(t, "Summary");
    for (size_t i = 0; i < cs->nsum; i++) {
        const cmp_sent *s = &cs->sum[i];
        tw_start(t, 4, 6);
        tw_text(t, "- ");
        tw_text(t, s->text);
        tw_text(t, " ");
        tw_style(t, DIM);
        tw_text(t, "[");
        support(t, st, s->doc, s->ndoc);
        tw_text(t, "]");
        tw_style(t, RESET);
        tw_end(t);
    }
}

/* A style for what is written directly, not through tw_word. */
static void now(const tw *t, const char *code) {
    if (t->color) rp_puts(t->o, code);
}

static bool has_comparison(const cmp_story *cs) {
    return cs && (cs->nsum || cs->nfig || cs->nframe || cs->nquote || cs->nuniq ||
                  cs->nremoved);
}

static void story(rp_out *o, const rp_ctx *x, const rp_story *st) {
    const px_corpus *c = x->c;
    size_t s = st->s, n = st->n, unknown;
    size_t nsrc = rp_count_sources(c, s, &unknown);
    const char *label = px_corpus_story_label(c, s);
    tw t = {o, (x->flags & PX_WRITE_COLOR) != 0, 0, 0, false, true, false, false, {0}, ""};
    px_buf_init(&t.atom, px_corpus_allocator(c));
    if (s) rp_puts(o, "\n");
    now(&t, BOLD);
    rp_putf(o, "Story %zu", s + 1);
    now(&t, RESET);
    rp_puts(o, " ");
    now(&t, DIM);
    rp_putf(o, "[%s]", px_corpus_story_id(c, s));
    now(&t, RESET);
    rp_puts(o, " ");
    now(&t, BOLD);
    put_clean(o, label[0] ? label : "(untitled)");
    now(&t, RESET);
    rp_puts(o, "\n  ");
    now(&t, DIM);
    rp_putf(o, "%zu article%s, %zu source%s", n, n == 1 ? "" : "s", nsrc, nsrc == 1 ? "" : "s");
    if (unknown) rp_putf(o, " (%zu without source)", unknown);
    now(&t, RESET);
    rp_puts(o, "\n");
    size_t width = 1; /* the source column fits the story's longest */
    for (size_t k = 0; k < n; k++) {
        size_t w = rp_width(rp_doc(st, k)->source);
        if (w > width) width = w;
    }
    for (size_t k = 0; k < n; k++) {
        size_t di = px_corpus_story_doc(c, s, k);
        const px_doc *d = px_corpus_doc(c, di);
        char date[11];
        rp_date10(d, date);
        rp_putf(o, "  %s  ", date);
        const char *src = d->source[0] ? d->source : "-";
        put_clean(o, src);
        spaces(o, width - rp_width(src));
        rp_puts(o, "  ");
        put_clean(o, d->title[0] ? d->title : d->id);
        double sim;
        size_t dup = px_corpus_duplicate_of(c, di, &sim);
        if (dup != PX_NONE) {
            rp_puts(o, "  ");
            now(&t, DIM);
            rp_puts(o, "[duplicate of ");
            put_clean(o, px_corpus_doc(c, dup)->id);
            rp_putf(o, ", %.2f]", sim);
            now(&t, RESET);
        }
        rp_puts(o, "\n");
    }
    if (has_comparison(st->cs)) {
        summary(&t, st);
        figures(&t, st, true);
        figures(&t, st, false);
        framing(&t, st);
        quotes(&t, st);
        uniques(&t, st);
        removed(&t, st);
    }
    px_buf_free(&t.atom);
}

void rp_write_text(rp_out *o, const rp_ctx *x) {
    size_t ns = px_corpus_story_count(x->c);
    for (size_t s = 0; s < ns; s++) {
        rp_story st;
        rp_story_init(x, s, &st);
        story(o, x, &st);
    }
}
