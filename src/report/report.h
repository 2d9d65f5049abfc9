/*
 * report.h - what the writers of src/report share: a buffered sink that
 * remembers its first failure, the story being written with its comparison,
 * and small helpers (source names, display width, dates). One writer per
 * format: JSON and the dedup writers (report.c), text (text.c), Markdown
 * (md.c), HTML (html.c).
 */
#ifndef PX_REPORT_H
#define PX_REPORT_H

#include "../common/doc.h"
#include "../compare/compare.h"
#include "../corpus.h"

#include <stdio.h>

/* A sink: bytes are buffered and handed to write in large pieces; the
 * first failure is kept and everything after it is dropped. */
typedef struct rp_out {
    px_write_fn write;  /* sink */
    void *ud;           /* its user data */
    px_buf b;           /* pending bytes */
    px_status st;       /* first failure */
} rp_out;

void rp_put(rp_out *o, const char *s, size_t n);
void rp_puts(rp_out *o, const char *s);
void rp_putf(rp_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON string literal of s. */
void rp_json_str(rp_out *o, const char *s);

/* One story as the writers see it. */
typedef struct rp_story {
    const px_corpus *c;   /* the corpus */
    size_t s;             /* story index */
    size_t n;             /* its articles */
    const cmp_story *cs;  /* its comparison, or NULL when none ran (or when
                             it does not cover exactly the n articles) */
} rp_story;

/* The writing of one report: the corpus and where comparisons come from. */
typedef struct rp_ctx {
    const px_corpus *c;             /* the corpus */
    const cmp_story *const *cmp;    /* cmp[s] for story s, or NULL to ask
                                       px_corpus_story_cmp */
    unsigned flags;                 /* PX_WRITE_* */
} rp_ctx;

/* Fills *st for story s of x. */
void rp_story_init(const rp_ctx *x, size_t s, rp_story *st);
/* Article k of the story (story-local index). */
const px_doc *rp_doc(const rp_story *st, size_t k);
/* The name a reader knows article k by: its source, or its id when the
 * source is unknown. */
const char *rp_name(const rp_story *st, size_t k);
/* Distinct non-empty sources of story s; *unknown gets the articles
 * without one. */
size_t rp_count_sources(const px_corpus *c, size_t s, size_t *unknown);
/* Distinct rp_name values among the articles doc[0..n). */
size_t rp_count_names(const rp_story *st, const size_t *doc, size_t n);
/* Gives put the distinct rp_name values of doc[0..n) joined as "A, B and
 * C": each name with is_name true, each joiner with is_name false. */
void rp_join_names(const rp_story *st, const size_t *doc, size_t n,
                   void (*put)(void *ud, const char *piece, bool is_name), void *ud);
/* Display width of UTF-8 s in terminal columns (wide characters count 2,
 * combining marks 0). */
size_t rp_width(const char *s);
size_t rp_widthn(const char *s, size_t n);
/* Figure values are grouped by equal qualifier and number, so that "more
 * than 200 (A, C) vs more than 220 (B)" names each value once:
 * rp_fv_same: a and b are one value;
 * rp_fv_lead: v[j] is the first of its group;
 * rp_fv_name_lead: v[jj] is in v[j]'s group and is the first of the group
 * with its article's rp_name (so a name is listed once per value). */
bool rp_fv_same(const cmp_fvalue *a, const cmp_fvalue *b);

/* How a report writes the pieces of a figure's values. rp_figure_values
 * walks them the one way every report lists them: per distinct value (nth
 * from 0) its qualifier (NULL when not worth showing, see rp_qual_shown)
 * and value, then the names of the sources giving it, each once (nth from
 * 0), then the end of the value. */
typedef struct rp_fv_writer {
    void (*value)(void *ud, size_t nth, const char *qual, const char *value);
    void (*name)(void *ud, size_t nth, const char *name);
    void (*end)(void *ud);
    void *ud;
} rp_fv_writer;
void rp_figure_values(const rp_story *st, const cmp_figure *f, const rp_fv_writer *w);
/* The figure's expected values (f->expect) as a figure of their own, to
 * be walked the same way. */
cmp_figure rp_figure_expected(const cmp_figure *f);
bool rp_fv_lead(const cmp_figure *f, size_t j);
bool rp_fv_name_lead(const rp_story *st, const cmp_figure *f, size_t j, size_t jj);
/* The date part of an ISO 8601 time, or "unknown   " when unknown. */
void rp_date10(const px_doc *d, char out10[11]);
/* "YYYY-MM-DD HH:MM" (UTC) of a known time. */
void rp_datetime(int64_t t, char out17[17]);
/* True when s begins with http:// or https:// (any case). */
bool rp_is_web_url(const char *s);

/* The writers; errors are kept in o->st. */
void rp_write_json(rp_out *o, const rp_ctx *x);
void rp_write_text(rp_out *o, const rp_ctx *x);
void rp_write_md(rp_out *o, const rp_ctx *x);
void rp_write_html(rp_out *o, const rp_ctx *x);

/* Writes the stories of c in format fmt; cmp as in rp_ctx. The public
 * px_corpus_write_report is this with cmp NULL; tests pass comparisons
 * built by hand. */
px_status rp_write_stories(const px_corpus *c, px_report_format fmt, unsigned flags,
                           const cmp_story *const *cmp, px_write_fn write, void *ud);

/* Whether a figure's qualifier is worth showing beside its value: not
 * when the value already says it ("Dozens" with "dozens of"). */
static inline bool rp_qual_shown(const cmp_fvalue *v) {
    size_t q = strlen(v->qualifier);
    if (!q) return false;
    if (q > 3 && memcmp(v->qualifier + q - 3, " of", 3) == 0) {
        size_t w = q - 3, i = 0;
        while (i < w && v->value[i] && (v->value[i] | 32) == v->qualifier[i]) i++;
        if (i == w) return false;
    }
    return true;
}

#endif
