/*
 * html.c - the stories as one self-contained HTML5 page (PX_REPORT_HTML).
 *
 * Consumes what text.c consumes and produces a page that needs nothing
 * else: inline CSS (responsive: the article cards sit side by side on a
 * wide screen and stack on a phone; a print style), no script at all, no
 * image, font or style sheet to fetch. A Content-Security-Policy of
 * default-src 'none' says so to the browser as well, so that even a defect
 * in the escaping below could not run a script or load anything.
 *
 * Per story: the label, counts and time span, a timeline of the articles
 * as inline SVG (x = publication time, one mark per article labelled by
 * source; articles of unknown time in a zone of their own at the right),
 * the summary with the sources that support each sentence, the figures
 * with conflicts highlighted in red, the framing of entities by source,
 * and the sources side by side: a card per article with its source, time,
 * title, and its figures, framing terms, quotes, what only it reports and
 * what was cut from it.
 *
 * Every piece of article text and metadata goes through esc(), which
 * replaces & < > " ' with character references (so it is safe both as
 * text and inside a quoted attribute) and control characters with spaces.
 * An article URL becomes an href only when it starts with http:// or
 * https://; anything else (javascript:, data:, relative) is shown as text.
 */
#include "report.h"

static void esc(rp_out *o, const char *s) {
    const char *run = s;
    while (*s) {
        unsigned char c = (unsigned char)*s;
        const char *rep = NULL;
        size_t len = 1;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if (c < 0x20 || c == 0x7f) rep = " ";
            else if (c == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f) {
                rep = " "; /* C1 controls: parse errors in HTML */
                len = 2;
            }
        }
        if (!rep) {
            s++;
            continue;
        }
        rp_put(o, run, (size_t)(s - run));
        rp_puts(o, rep);
        s += len;
        run = s;
    }
    rp_put(o, run, (size_t)(s - run));
}

/* esc() of at most max code points of s, with an ellipsis when cut. */
static void esc_cut(rp_out *o, const char *s, size_t max) {
    size_t cps = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80 && cps++ == max) break;
    }
    if (!s[i]) {
        esc(o, s);
        return;
    }
    /* cut at a code point boundary: copy into a small buffer */
    char tmp[256];
    size_t n = i < sizeof tmp - 1 ? i : sizeof tmp - 1;
    while (n && ((unsigned char)s[n] & 0xc0) == 0x80) n--;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    esc(o, tmp);
    rp_puts(o, "\xe2\x80\xa6");
}

static const char CSS[] =
    ":root{--fg:#1c1d21;--muted:#63666f;--line:#dfe1e6;--card:#f7f8fa;--accent:#1f5fbf;"
    "--red:#b42318;--redbg:#fdeceb;--ok:#23723d}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%}\n"
    "body{margin:0;color:var(--fg);background:#fff;"
    "font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\"DejaVu Sans\","
    "sans-serif}\n"
    ".wrap{max-width:76rem;margin:0 auto;padding:1.5rem 1rem 4rem}\n"
    "h1{font-size:1.75rem;line-height:1.2;margin:0 0 .25rem}\n"
    "h2{font-size:1.4rem;line-height:1.25;margin:0 0 .3rem}\n"
    "h3{font-size:.78rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);"
    "margin:1.6rem 0 .5rem}\n"
    "h4{font-size:1rem;line-height:1.3;margin:.3rem 0 .5rem}\n"
    "a{color:var(--accent)}\n"
    ".meta{color:var(--muted);font-size:.9rem;margin:0}\n"
    "code{font:.85em ui-monospace,\"DejaVu Sans Mono\",monospace}\n"
    "nav{margin:1.5rem 0 0;padding:1rem 1.25rem;background:var(--card);border-radius:10px}\n"
    "nav h2{font-size:1rem;margin:0 0 .4rem}\n"
    "nav ol{margin:0;padding-left:1.4rem}\n"
    "nav li{margin:.15rem 0}\n"
    ".story{margin-top:2.5rem;padding-top:1.25rem;border-top:3px solid var(--fg)}\n"
    ".num{color:var(--muted);font-weight:400;margin-right:.35rem}\n"
    "svg.timeline{display:block;width:100%;height:auto;margin:.75rem 0 0;"
    "font:12px system-ui,\"DejaVu Sans\",sans-serif}\n"
    ".timeline .axis{stroke:#9aa0ab;stroke-width:1.5}\n"
    ".timeline .stem{stroke:#c4c8d0;stroke-width:1}\n"
    ".timeline .mark{fill:var(--accent)}\n"
    ".timeline .mark.dup{fill:#fff;stroke:var(--accent);stroke-width:2}\n"
    ".timeline .unk{fill:#fff;stroke:#9aa0ab;stroke-width:2}\n"
    ".timeline .lbl{fill:var(--fg)}\n"
    ".timeline .tick{fill:var(--muted)}\n"
    "ol.summary{margin:0;padding-left:1.4rem}\n"
    "ol.summary li{margin:.35rem 0}\n"
    ".support{display:inline-block;color:var(--muted);font-size:.82rem;margin-left:.3rem}\n"
    ".scroll{overflow-x:auto}\n"
    "table{border-collapse:collapse;width:100%;font-size:.93rem}\n"
    "th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;"
    "border-bottom:1px solid var(--line)}\n"
    "th{font-weight:600}\n"
    "tr.conflict{background:var(--redbg)}\n"
    "tr.conflict th,.conflict .v{color:var(--red)}\n"
    ".v{font-weight:600}\n"
    ".vals span{display:inline-block;margin:0 1.1rem .15rem 0}\n"
    ".who{color:var(--muted);font-size:.85em}\n"
    ".exp,.exp .v{color:var(--muted)}\n"
    ".badge{display:inline-block;padding:0 .5rem;border-radius:999px;font-size:.72rem;"
    "font-weight:700;letter-spacing:.04em;text-transform:uppercase;white-space:nowrap}\n"
    ".badge.bad{background:var(--red);color:#fff}\n"
    ".badge.good{background:#e6f4ea;color:var(--ok)}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(15.5rem,1fr));gap:.8rem}\n"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:10px;"
    "padding:.8rem .9rem;font-size:.9rem;break-inside:avoid;min-width:0;overflow-wrap:anywhere}\n"
    ".card header{display:flex;justify-content:space-between;gap:.5rem;flex-wrap:wrap;"
    "align-items:baseline}\n"
    ".src{font-weight:700;color:var(--accent)}\n"
    ".card time,.card .when{color:var(--muted);font-size:.8rem}\n"
    ".card dl{margin:.4rem 0 0}\n"
    ".card dt{margin-top:.6rem;font-size:.72rem;letter-spacing:.07em;text-transform:uppercase;"
    "color:var(--muted)}\n"
    ".card dd{margin:0}\n"
    ".card ul{margin:.15rem 0 0;padding-left:1.1rem}\n"
    ".card li{margin:.15rem 0}\n"
    ".card li.conflict{color:var(--red);font-weight:600}\n"
    ".dup{color:var(--muted);font-size:.8rem;margin:0}\n"
    "footer{margin-top:3rem;color:var(--muted);font-size:.8rem}\n"
    "@media (max-width:40rem){body{font-size:15px}.wrap{padding:1rem .75rem 3rem}"
    "h1{font-size:1.45rem}h2{font-size:1.2rem}svg.timeline{min-width:48rem}}\n"
    "@media print{body{font-size:10.5pt}.wrap{max-width:none;padding:0}nav{display:none}"
    ".story{break-before:page;border-top:0}a{color:inherit;text-decoration:none}"
    ".card{break-inside:avoid}tr.conflict{background:none}}\n";

static void date_of(rp_out *o, const px_doc *d) {
    if (d->time != PX_TIME_UNKNOWN) {
        char dt[17];
        rp_datetime(d->time, dt);
        rp_puts(o, "<time datetime=\"");
        esc(o, d->published);
        rp_puts(o, "\">");
        rp_puts(o, dt);
        rp_puts(o, " UTC</time>");
    } else {
        rp_puts(o, "<span class=\"when\">");
        esc(o, d->published[0] ? d->published : "time unknown");
        rp_puts(o, "</span>");
    }
}

static void put_name(void *ud, const char *piece, bool is_name) {
    if (is_name) esc(ud, piece);
    else rp_puts(ud, piece);
}

static void names(rp_out *o, const rp_story *st, const size_t *doc, size_t n) {
    rp_join_names(st, doc, n, put_name, o);
}

/* ---- the timeline ---- */

#define TL_W 960
#define TL_X0 40
#define TL_X1 920
#define TL_UNK 90 /* width of the zone of unknown times */
#define TL_AXIS 74
#define TL_LABELS 24 /* more articles than this: no labels, tooltips only */

static void timeline(rp_out *o, const rp_story *st) {
    int64_t tmin = INT64_MAX, tmax = INT64_MIN;
    size_t nunk = 0;
    for (size_t k = 0; k < st->n; k++) {
        int64_t t = rp_doc(st, k)->time;
        if (t == PX_TIME_UNKNOWN) {
            nunk++;
            continue;
        }
        if (t < tmin) tmin = t;
        if (t > tmax) tmax = t;
    }
    size_t nknown = st->n - nunk;
    double x0 = TL_X0, x1 = nunk ? TL_X1 - TL_UNK - 30 : TL_X1;
    if (!nknown) x1 = x0; /* no known time: the unknown zone is all there is */
    bool labels = st->n <= TL_LABELS;
    int h = TL_AXIS + 28;
    rp_puts(o, "<div class=\"scroll\">");
    rp_putf(o, "<svg class=\"timeline\" viewBox=\"0 0 %d %d\" role=\"img\" "
               "aria-label=\"Timeline of the %zu article%s\">\n",
            TL_W, h, st->n, st->n == 1 ? "" : "s");
    if (nknown) {
        rp_putf(o, "<line class=\"axis\" x1=\"%.0f\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\"/>\n", x0,
                TL_AXIS, x1, TL_AXIS);
        char a[17], b[17];
        rp_datetime(tmin, a);
        rp_datetime(tmax, b);
        if (tmax > tmin) {
            rp_putf(o, "<text class=\"tick\" x=\"%.0f\" y=\"%d\">%s UTC</text>\n", x0,
                    TL_AXIS + 22, a);
            rp_putf(o, "<text class=\"tick\" x=\"%.0f\" y=\"%d\" text-anchor=\"end\">%s UTC</text>\n",
                    x1, TL_AXIS + 22, b);
        } else {
            rp_putf(o, "<text class=\"tick\" x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%s "
                       "UTC</text>\n", (x0 + x1) / 2, TL_AXIS + 22, a);
        }
    }
    double ux0 = nknown ? TL_X1 - TL_UNK : TL_X0, ux1 = TL_X1;
    if (nunk) {
        rp_putf(o, "<line class=\"axis\" x1=\"%.0f\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\" "
                   "stroke-dasharray=\"4 4\"/>\n", ux0, TL_AXIS, ux1, TL_AXIS);
        rp_putf(o, "<text class=\"tick\" x=\"%.0f\" y=\"%d\" text-anchor=\"%s\">time "
                   "unknown</text>\n", nknown ? ux1 : (ux0 + ux1) / 2, TL_AXIS + 22,
                nknown ? "end" : "middle");
    }
    size_t iu = 0;
    for (size_t k = 0; k < st->n; k++) {
        const px_doc *d = rp_doc(st, k);
        double x;
        bool unk = d->time == PX_TIME_UNKNOWN;
        if (unk) x = ux0 + (ux1 - ux0) * ((double)iu++ + 0.5) / (double)nunk;
        else if (tmax > tmin) x = x0 + (x1 - x0) * (double)(d->time - tmin) / (double)(tmax - tmin);
        else x = (x0 + x1) / 2;
        int row = (int)(k % 3), y = 16 + row * 17;
        if (labels) {
            const char *anchor = x < 150 ? "start" : x > TL_W - 150 ? "end" : "middle";
            double lx = x < 150 ? x - 4 : x > TL_W - 150 ? x + 4 : x;
            rp_putf(o, "<line class=\"stem\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n", x,
                    y + 5, x, TL_AXIS - 6);
            rp_putf(o, "<text class=\"lbl\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">", lx, y,
                    anchor);
            esc_cut(o, rp_name(st, k), 22);
            rp_puts(o, "</text>\n");
        }
        bool dup = px_corpus_duplicate_of(st->c, px_corpus_story_doc(st->c, st->s, k), NULL) !=
                   PX_NONE;
        rp_putf(o, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%d\" r=\"5.5\"><title>",
                unk ? "unk" : dup ? "mark dup" : "mark", x, TL_AXIS);
        esc(o, rp_name(st, k));
        rp_puts(o, ": ");
        esc(o, d->title[0] ? d->title : d->id);
        rp_puts(o, "</title></circle>\n");
    }
    rp_puts(o, "</svg></div>\n");
}

/* ---- comparison sections ---- */

static void html_fv_value(void *ud, size_t nth, const char *qual, const char *value) {
    rp_out *o = ud;
    (void)nth;
    rp_puts(o, "<span><span class=\"v\">");
    if (qual) {
        esc(o, qual);
        rp_puts(o, " ");
    }
    esc(o, value);
    rp_puts(o, "</span> <span class=\"who\">");
}

static void html_fv_name(void *ud, size_t nth, const char *name) {
    rp_out *o = ud;
    if (nth) rp_puts(o, ", ");
    esc(o, name);
}

static void html_fv_end(void *ud) { rp_puts(ud, "</span></span>"); }

static void figure_row(rp_out *o, const rp_story *st, const cmp_figure *f) {
    rp_puts(o, f->conflict ? "<tr class=\"conflict\"><th>" : "<tr><th>");
    esc(o, f->subject);
    rp_puts(o, "</th><td class=\"vals\">");
    rp_fv_writer w = {html_fv_value, html_fv_name, html_fv_end, o};
    rp_figure_values(st, f, &w);
    if (f->nexpect) {
        cmp_figure x = rp_figure_expected(f);
        rp_puts(o, " <span class=\"exp\">expected: ");
        rp_figure_values(st, &x, &w);
        rp_puts(o, "</span>");
    }
    rp_puts(o, f->conflict ? "</td><td><span class=\"badge bad\">conflict</span></td></tr>\n"
                           : "</td><td><span class=\"badge good\">agree</span></td></tr>\n");
}

static void sections(rp_out *o, const rp_story *st) {
    const cmp_story *cs = st->cs;
    if (cs->nsum) {
        rp_puts(o, "<h3>Summary</h3>\n<ol class=\"summary\">\n");
        for (size_t i = 0; i < cs->nsum; i++) {
            rp_puts(o, "<li>");
            esc(o, cs->sum[i].text);
            rp_puts(o, " <span class=\"support\">");
            size_t nn = rp_count_names(st, cs->sum[i].doc, cs->sum[i].ndoc);
            if (nn > 3) {
                rp_putf(o, "%zu sources", nn);
            } else {
                names(o, st, cs->sum[i].doc, cs->sum[i].ndoc);
            }
            rp_puts(o, "</span></li>\n");
        }
        rp_puts(o, "</ol>\n");
    }
    if (cs->nfig) {
        rp_puts(o, "<h3>Figures</h3>\n<div class=\"scroll\"><table class=\"figures\">\n");
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < cs->nfig; i++)
                if (cs->fig[i].conflict == (pass == 0)) figure_row(o, st, &cs->fig[i]);
        rp_puts(o, "</table></div>\n");
    }
    if (cs->nframe) {
        rp_puts(o, "<h3>Framing</h3>\n<div class=\"scroll\"><table class=\"framing\">\n");
        for (size_t i = 0; i < cs->nframe; i++) {
            const cmp_frame *f = &cs->frame[i];
            rp_puts(o, "<tr><th>");
            esc(o, f->entity);
            rp_puts(o, "</th><td>");
            for (size_t j = 0; j < f->nd; j++) {
                const cmp_descr *d = &f->d[j];
                if (d->doc >= st->n) continue;
                rp_puts(o, "<div><span class=\"src\">");
                esc(o, rp_name(st, d->doc));
                rp_puts(o, "</span> ");
                for (size_t k = 0; k < d->nterm; k++) {
                    rp_puts(o, k ? ", \xe2\x80\x9c" : "\xe2\x80\x9c");
                    esc(o, d->term[k]);
                    rp_puts(o, "\xe2\x80\x9d");
                }
                rp_puts(o, "</div>");
            }
            rp_puts(o, "</td></tr>\n");
        }
        rp_puts(o, "</table></div>\n");
    }
}

/* What the comparison says about article k, inside its card. */
static void card_details(rp_out *o, const rp_story *st, size_t k) {
    const cmp_story *cs = st->cs;
    bool any = false;
#define SECTION(title)                                                        \
    do {                                                                      \
        if (!any) rp_puts(o, "<dl>\n");                                       \
        any = true;                                                           \
        rp_puts(o, "<dt>" title "</dt><dd><ul>\n");                           \
    } while (0)
    bool open = false;
    for (size_t i = 0; i < cs->nfig; i++) {
        const cmp_figure *f = &cs->fig[i];
        for (size_t j = 0; j < f->nv; j++) {
            if (f->v[j].doc != k) continue;
            if (!open) SECTION("Figures");
            open = true;
            rp_puts(o, f->conflict ? "<li class=\"conflict\">" : "<li>");
            esc(o, f->subject);
            rp_puts(o, ": ");
            if (rp_qual_shown(&f->v[j])) {
                esc(o, f->v[j].qualifier);
                rp_puts(o, " ");
            }
            esc(o, f->v[j].value);
            rp_puts(o, "</li>\n");
        }
    }
    if (open) rp_puts(o, "</ul></dd>\n");
    open = false;
    for (size_t i = 0; i < cs->nframe; i++) {
        const cmp_frame *f = &cs->frame[i];
        for (size_t j = 0; j < f->nd; j++) {
            if (f->d[j].doc != k || !f->d[j].nterm) continue;
            if (!open) SECTION("Labels");
            open = true;
            rp_puts(o, "<li>");
            esc(o, f->entity);
            rp_puts(o, ": ");
            for (size_t t = 0; t < f->d[j].nterm; t++) {
                rp_puts(o, t ? ", \xe2\x80\x9c" : "\xe2\x80\x9c");
                esc(o, f->d[j].term[t]);
                rp_puts(o, "\xe2\x80\x9d");
            }
            rp_puts(o, "</li>\n");
        }
    }
    if (open) rp_puts(o, "</ul></dd>\n");
    open = false;
    for (size_t i = 0; i < cs->nquote; i++) {
        const cmp_quote *q = &cs->quote[i];
        if (q->doc != k) continue;
        if (!open) SECTION("Quotes");
        open = true;
        rp_puts(o, "<li>\xe2\x80\x9c");
        esc(o, q->text);
        rp_puts(o, "\xe2\x80\x9d <span class=\"who\">\xe2\x80\x94 ");
        esc(o, q->speaker[0] ? q->speaker : "unattributed");
        rp_puts(o, "</span></li>\n");
    }
    if (open) rp_puts(o, "</ul></dd>\n");
    open = false;
    for (size_t i = 0; i < cs->nuniq; i++) {
        const cmp_unique *u = &cs->uniq[i];
        if (u->doc != k) continue;
        for (size_t j = 0; j < u->nsent; j++) {
            if (!open) SECTION("Only here");
            open = true;
            rp_puts(o, "<li>");
            esc(o, u->sent[j]);
            rp_puts(o, "</li>\n");
        }
    }
    if (open) rp_puts(o, "</ul></dd>\n");
    open = false;
    for (size_t i = 0; i < cs->nremoved; i++) {
        const cmp_removed *r = &cs->removed[i];
        if (r->doc != k) continue;
        if (!open) SECTION("Cut as boilerplate");
        open = true;
        rp_puts(o, "<li>");
        esc(o, r->reason);
        rp_puts(o, ": ");
        esc(o, r->text);
        rp_puts(o, "</li>\n");
    }
    if (open) rp_puts(o, "</ul></dd>\n");
    if (any) rp_puts(o, "</dl>\n");
#undef SECTION
}

static void card(rp_out *o, const rp_story *st, size_t k) {
    size_t di = px_corpus_story_doc(st->c, st->s, k);
    const px_doc *d = px_corpus_doc(st->c, di);
    rp_puts(o, "<article class=\"card\">\n<header><span class=\"src\">");
    esc(o, d->source[0] ? d->source : "Unknown source");
    rp_puts(o, "</span> ");
    date_of(o, d);
    rp_puts(o, "</header>\n<h4>");
    const char *title = d->title[0] ? d->title : d->id;
    if (rp_is_web_url(d->url)) {
        rp_puts(o, "<a href=\"");
        esc(o, d->url);
        rp_puts(o, "\" rel=\"noreferrer\">");
        esc(o, title);
        rp_puts(o, "</a>");
    } else {
        esc(o, title);
    }
    rp_puts(o, "</h4>\n");
    if (d->url[0] && !rp_is_web_url(d->url)) {
        rp_puts(o, "<p class=\"dup\">URL: ");
        esc(o, d->url);
        rp_puts(o, "</p>\n");
    }
    double sim;
    size_t dup = px_corpus_duplicate_of(st->c, di, &sim);
    if (dup != PX_NONE) {
        rp_puts(o, "<p class=\"dup\">Copy of ");
        esc(o, px_corpus_doc(st->c, dup)->id);
        rp_putf(o, " (similarity %.2f)</p>\n", sim);
    }
    if (st->cs) card_details(o, st, k);
    rp_puts(o, "</article>\n");
}

static void story(rp_out *o, const rp_story *st) {
    const px_corpus *c = st->c;
    size_t s = st->s, unknown, nsrc = rp_count_sources(c, s, &unknown);
    const char *label = px_corpus_story_label(c, s);
    rp_putf(o, "<section class=\"story\" id=\"story-%zu\">\n<h2><span class=\"num\">%zu</span>",
            s + 1, s + 1);
    esc(o, label[0] ? label : "(untitled)");
    rp_putf(o, "</h2>\n<p class=\"meta\">%zu article%s \xc2\xb7 %zu source%s", st->n,
            st->n == 1 ? "" : "s", nsrc, nsrc == 1 ? "" : "s");
    if (unknown) rp_putf(o, " (%zu without source)", unknown);
    rp_puts(o, " \xc2\xb7 story <code>");
    esc(o, px_corpus_story_id(c, s));
    rp_puts(o, "</code></p>\n");
    timeline(o, st);
    if (st->cs) sections(o, st);
    rp_puts(o, "<h3>Sources side by side</h3>\n<div class=\"cards\">\n");
    for (size_t k = 0; k < st->n; k++) card(o, st, k);
    rp_puts(o, "</div>\n</section>\n");
}

void rp_write_html(rp_out *o, const rp_ctx *x) {
    const px_corpus *c = x->c;
    px_stats stats;
    px_corpus_stats(c, &stats);
    size_t ns = px_corpus_story_count(c);
    rp_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
               "style-src 'unsafe-inline'\">\n"
               "<meta name=\"generator\" content=\"parallax " PX_VERSION_STRING "\">\n");
    rp_putf(o, "<title>Parallax report: %zu stor%s</title>\n<style>\n", ns, ns == 1 ? "y" : "ies");
    rp_puts(o, CSS);
    rp_puts(o, "</style>\n</head>\n<body>\n<div class=\"wrap\">\n<header>\n"
               "<h1>Parallax report</h1>\n");
    rp_putf(o, "<p class=\"meta\">%zu stor%s \xc2\xb7 %zu article%s \xc2\xb7 %zu duplicate%s</p>\n"
               "</header>\n", ns, ns == 1 ? "y" : "ies", stats.docs, stats.docs == 1 ? "" : "s",
            stats.duplicates, stats.duplicates == 1 ? "" : "s");
    if (ns) {
        rp_puts(o, "<nav>\n<h2>Stories</h2>\n<ol>\n");
        for (size_t s = 0; s < ns; s++) {
            const char *label = px_corpus_story_label(c, s);
            size_t unknown, nsrc = rp_count_sources(c, s, &unknown);
            size_t n = px_corpus_story_size(c, s);
            rp_putf(o, "<li><a href=\"#story-%zu\">", s + 1);
            esc(o, label[0] ? label : "(untitled)");
            rp_putf(o, "</a> <span class=\"meta\">%zu article%s, %zu source%s</span></li>\n", n,
                    n == 1 ? "" : "s", nsrc, nsrc == 1 ? "" : "s");
        }
        rp_puts(o, "</ol>\n</nav>\n<main>\n");
        for (size_t s = 0; s < ns; s++) {
            rp_story st;
            rp_story_init(x, s, &st);
            story(o, &st);
        }
        rp_puts(o, "</main>\n");
    } else {
        rp_puts(o, "<main><p>No stories.</p></main>\n");
    }
    rp_puts(o, "<footer>Written by parallax " PX_VERSION_STRING ".</footer>\n</div>\n</body>\n"
               "</html>\n");
}
