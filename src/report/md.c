/*
 * md.c - the stories as Markdown (PX_REPORT_MARKDOWN).
 *
 * Consumes what text.c consumes and produces the same content for a
 * Markdown renderer (CommonMark with GitHub tables): a title, a contents
 * list, then per story a heading, a table of its articles, and the
 * comparison's sections as lists and tables.
 *
 * Article text is data, never markup: every character that Markdown or the
 * HTML it may carry gives meaning to is escaped - backslash escapes for
 * \ ` * _ [ ] | # ~ !, character references for < > & - and line breaks and
 * control characters become spaces, so a title cannot open a link, an
 * image, raw HTML, a code span or a new table cell. Titles are linked only
 * to http(s) URLs, in the <...> form, and only when the URL holds no
 * character that would end that form.
 */
#include "report.h"

/* Escaped Markdown text of s. */
static void md_esc(rp_out *o, const char *s) {
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *rep = NULL;
        char bs[2] = {'\\', (char)c};
        switch (c) {
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#':
        case '~': case '!':
            rep = bs;
            break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '&': rep = "&amp;"; break;
        default:
            if (c < 0x20 || c == 0x7f) rep = " ";
        }
        if (!rep) continue;
        rp_put(o, run, (size_t)(s - run));
        if (rep == bs) rp_put(o, bs, 2);
        else rp_puts(o, rep);
        run = s + 1;
    }
    rp_put(o, run, (size_t)(s - run));
}

/* A URL safe inside <...>: http(s), no spaces, no angle brackets, no
 * control characters, no backslash (which would escape the closing >). */
static bool md_url_ok(const char *u) {
    if (!rp_is_web_url(u)) return false;
    for (; *u; u++)
        if ((unsigned char)*u <= 0x20 || *u == '<' || *u == '>' || *u == '\\' || *u == 0x7f)
            return false;
    return true;
}

static void put_name(void *ud, const char *piece, bool is_name) {
    if (is_name) md_esc(ud, piece);
    else rp_puts(ud, piece);
}

static void names(rp_out *o, const rp_story *st, const size_t *doc, size_t n) {
    size_t total = rp_count_names(st, doc, n);
    if (total > 3) rp_putf(o, "%zu sources", total);
    else rp_join_names(st, doc, n, put_name, o);
}

/* "more than 200 (A, C) vs more than 220 (B)"; sep joins the values. */
typedef struct md_fv {
    rp_out *o;
    const char *sep;
} md_fv;

static void md_fv_value(void *ud, size_t nth, const char *qual, const char *value) {
    md_fv *x = ud;
    if (nth) rp_puts(x->o, x->sep);
    if (qual) {
        md_esc(x->o, qual);
        rp_puts(x->o, " ");
    }
    md_esc(x->o, value);
    rp_puts(x->o, " (");
}

static void md_fv_name(void *ud, size_t nth, const char *name) {
    md_fv *x = ud;
    if (nth) rp_puts(x->o, ", ");
    md_esc(x->o, name);
}

static void md_fv_end(void *ud) { rp_puts(((md_fv *)ud)->o, ")"); }

static void figure_values(rp_out *o, const rp_story *st, const cmp_figure *f, const char *sep) {
    md_fv x = {o, sep};
    rp_fv_writer w = {md_fv_value, md_fv_name, md_fv_end, &x};
    rp_figure_values(st, f, &w);
}

static void articles(rp_out *o, const rp_story *st) {
    rp_puts(o, "| Published | Source | Title |\n| --- | --- | --- |\n");
    for (size_t k = 0; k < st->n; k++) {
        size_t di = px_corpus_story_doc(st->c, st->s, k);
        const px_doc *d = px_corpus_doc(st->c, di);
        char date[11];
        rp_date10(d, date);
        rp_puts(o, "| ");
        rp_puts(o, d->time == PX_TIME_UNKNOWN ? "unknown" : date);
        rp_puts(o, " | ");
        md_esc(o, d->source[0] ? d->source : "-");
        rp_puts(o, " | ");
        const char *title = d->title[0] ? d->title : d->id;
        if (md_url_ok(d->url)) {
            rp_puts(o, "[");
            md_esc(o, title);
            rp_puts(o, "](<");
            rp_puts(o, d->url);
            rp_puts(o, ">)");
        } else {
            md_esc(o, title);
        }
        double sim;
        size_t dup = px_corpus_duplicate_of(st->c, di, &sim);
        if (dup != PX_NONE) {
            rp_puts(o, " *(duplicate of ");
            md_esc(o, px_corpus_doc(st->c, dup)->id);
            rp_putf(o, ", %.2f)*", sim);
        }
        rp_puts(o, " |\n");
    }
}

static void comparison(rp_out *o, const rp_story *st) {
    const cmp_story *cs = st->cs;
    if (cs->nsum) {
        rp_puts(o, "\n### Summary\n\n");
        for (size_t i = 0; i < cs->nsum; i++) {
            rp_puts(o, "- ");
            md_esc(o, cs->sum[i].text);
            rp_puts(o, " *(");
            names(o, st, cs->sum[i].doc, cs->sum[i].ndoc);
            rp_puts(o, ")*\n");
        }
    }
    if (cs->nfig) {
        rp_puts(o, "\n### Figures\n\n");
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < cs->nfig; i++) {
                const cmp_figure *f = &cs->fig[i];
                if (f->conflict != (pass == 0)) continue;
                rp_puts(o, "- ");
                if (f->conflict) rp_puts(o, "**");
                md_esc(o, f->subject);
                rp_puts(o, f->conflict ? " (conflict):** " : ": ");
                figure_values(o, st, f, f->conflict ? " vs " : "; ");
                if (f->nexpect) {
                    cmp_figure x = rp_figure_expected(f);
                    rp_puts(o, "; expected: ");
                    figure_values(o, st, &x, "; ");
                }
                rp_puts(o, "\n");
            }
    }
    if (cs->nframe) {
        rp_puts(o, "\n### Framing\n\n| Entity | Source | Terms |\n| --- | --- | --- |\n");
        for (size_t i = 0; i < cs->nframe; i++) {
            const cmp_frame *f = &cs->frame[i];
            bool first = true;
            for (size_t j = 0; j < f->nd; j++) {
                const cmp_descr *d = &f->d[j];
                if (d->doc >= st->n) continue;
                rp_puts(o, "| ");
                if (first) md_esc(o, f->entity);
                first = false;
                rp_puts(o, " | ");
                md_esc(o, rp_name(st, d->doc));
                rp_puts(o, " | ");
                for (size_t k = 0; k < d->nterm; k++) {
                    if (k) rp_puts(o, "; ");
                    md_esc(o, d->term[k]);
                }
                rp_puts(o, " |\n");
            }
        }
    }
    if (cs->nquote) {
        rp_puts(o, "\n### Quotes\n");
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < cs->nquote; i++) {
                const char *who = cs->quote[i].speaker;
                if ((pass == 0) != (who[0] != '\0')) continue;
                bool seen = false;
                for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(cs->quote[j].speaker, who);
                if (seen) continue;
                rp_puts(o, "\n**");
                md_esc(o, who[0] ? who : "Unattributed");
                rp_puts(o, "**\n\n");
                for (size_t j = i; j < cs->nquote; j++) {
                    const cmp_quote *q = &cs->quote[j];
                    if (strcmp(q->speaker, who) || q->doc >= st->n) continue;
                    rp_puts(o, "- \xe2\x80\x9c");
                    md_esc(o, q->text);
                    rp_puts(o, "\xe2\x80\x9d \xe2\x80\x94 ");
                    md_esc(o, rp_name(st, q->doc));
                    rp_puts(o, "\n");
                }
            }
    }
    bool any = false;
    for (size_t i = 0; i < cs->nuniq; i++) {
        const cmp_unique *u = &cs->uniq[i];
        if (!u->nsent || u->doc >= st->n) continue;
        if (!any) rp_puts(o, "\n### Only in one source\n");
        any = true;
        rp_puts(o, "\n**");
        md_esc(o, rp_name(st, u->doc));
        rp_puts(o, "**\n\n");
        for (size_t j = 0; j < u->nsent; j++) {
            rp_puts(o, "- ");
            md_esc(o, u->sent[j]);
            rp_puts(o, "\n");
        }
    }
    if (cs->nremoved) {
        rp_puts(o, "\n### Cut from the articles\n\n");
        for (size_t i = 0; i < cs->nremoved; i++) {
            const cmp_removed *r = &cs->removed[i];
            if (r->doc >= st->n) continue;
            rp_puts(o, "- ");
            md_esc(o, rp_name(st, r->doc));
            rp_puts(o, " (");
            md_esc(o, r->reason);
            rp_puts(o, "): ");
            md_esc(o, r->text);
            rp_puts(o, "\n");
        }
    }
}

void rp_write_md(rp_out *o, const rp_ctx *x) {
    const px_corpus *c = x->c;
    px_stats stats;
    px_corpus_stats(c, &stats);
    size_t ns = px_corpus_story_count(c);
    rp_puts(o, "# Parallax report\n\n");
    rp_putf(o, "%zu stor%s from %zu article%s (%zu duplicate%s).\n", ns, ns == 1 ? "y" : "ies",
            stats.docs, stats.docs == 1 ? "" : "s", stats.duplicates,
            stats.duplicates == 1 ? "" : "s");
    if (ns) rp_puts(o, "\n");
    for (size_t s = 0; s < ns; s++) {
        const char *label = px_corpus_story_label(c, s);
        size_t unknown, nsrc = rp_count_sources(c, s, &unknown);
        rp_putf(o, "%zu. ", s + 1);
        md_esc(o, label[0] ? label : "(untitled)");
        rp_putf(o, " \xe2\x80\x94 %zu source%s\n", nsrc, nsrc == 1 ? "" : "s");
    }
    for (size_t s = 0; s < ns; s++) {
        rp_story st;
        rp_story_init(x, s, &st);
        const char *label = px_corpus_story_label(c, s);
        size_t unknown, nsrc = rp_count_sources(c, s, &unknown);
        rp_putf(o, "\n## %zu. ", s + 1);
        md_esc(o, label[0] ? label : "(untitled)");
        rp_puts(o, "\n\n`");
        rp_puts(o, px_corpus_story_id(c, s));
        rp_putf(o, "` \xc2\xb7 %zu article%s, %zu source%s", st.n, st.n == 1 ? "" : "s", nsrc,
                nsrc == 1 ? "" : "s");
        if (unknown) rp_putf(o, " (%zu without source)", unknown);
        rp_puts(o, "\n\n");
        articles(o, &st);
        if (st.cs) comparison(o, &st);
    }
}
