/*
 * compare.h - cross-source comparison of one story: who is named (entities),
 * who said what (quotes), which numbers agree or conflict (figures), which
 * words each source uses for an entity (framing), and an extractive summary.
 *
 * Consumes the story's articles (px_doc with their text; src/common/doc.h)
 * and produces a cmp_story whose every string and array lives in one arena,
 * freed at once. Article references are story-local: index k means the k-th
 * doc of the array handed to cmp_story_build (publication order).
 *
 * The pieces, each in its own file:
 *   arena.c     the arena, cmp_text (an article analysed once, deep-copied so
 *               that every article of a story is available at once)
 *   entities.c  name mentions per article, merged across articles
 *   quotes.c    quotations and their speakers per article
 *   figures.c   numbers with qualifier and subject; grouping and conflicts
 *   framing.c   descriptors of entities per article
 *   summary.c   central sentences, redundancy removed, support, uniques
 *   compare.c   cmp_story_build: runs the pieces in order
 */
#ifndef PX_COMPARE_H
#define PX_COMPARE_H

#include "../common/doc.h"
#include "../text/text.h"

/* ---- arena ---- */

typedef struct cmp_block cmp_block;

/* Bump allocator: many small allocations, one free. */
typedef struct cmp_arena {
    px_allocator al;   /* where the blocks come from */
    cmp_block *head;   /* newest block, linked to older ones */
    bool failed;       /* an allocation failed (sticky) */
} cmp_arena;

void cmp_arena_init(cmp_arena *a, const px_allocator *al);
/* Frees every block; the arena is empty and usable again. */
void cmp_arena_free(cmp_arena *a);
/* n zeroed bytes, aligned for any type; NULL when memory runs out (and
 * a->failed set). n == 0 gives a valid unique pointer. */
void *cmp_alloc(cmp_arena *a, size_t n);
/* Copies s[0..n) and adds a NUL. */
char *cmp_strndup(cmp_arena *a, const char *s, size_t n);
char *cmp_strdup(cmp_arena *a, const char *s);
/* Grows *p (an arena array of *cap elements of size elem) to hold at least
 * need elements, doubling; the old block stays in the arena. */
px_status cmp_grow(cmp_arena *a, void **p, size_t *cap, size_t need,
                   size_t elem);

/* ---- an analysed article ---- */

/* One article's text with its tokens and sentences (tx_analyze), all
 * arrays and token strings owned by the arena. */
typedef struct cmp_text {
    const char *text;      /* article body, valid UTF-8, NUL-terminated */
    size_t len;            /* bytes of text */
    const char *lang;      /* language code, "" unknown */
    const tx_token *tok;   /* tokens (norm and stem point into the arena) */
    size_t ntok;           /* number of tokens */
    const tx_span *sent;   /* sentence spans into text */
    size_t nsent;          /* number of sentences */
    const uint32_t *sent_tok; /* first token of each sentence; nsent + 1
                                 entries, the last is ntok */
} cmp_text;

/* Analyses text[0..len) with ctx and deep-copies the result into the
 * arena (text itself is copied too). */
px_status cmp_text_build(cmp_arena *a, tx_ctx *ctx, const char *text,
                         size_t len, const char *lang, cmp_text *out);

/* ---- entities ---- */

enum { CMP_PERSON = 0, CMP_ORG = 1, CMP_PLACE = 2, CMP_OTHER = 3 };
/* "person", "organization", "place", "other" */
const char *cmp_type_name(int type);

/* One mention of a name in one article. */
typedef struct cmp_mention {
    uint32_t off, len;   /* byte span of the name in the text (no title,
                            no possessive 's) */
    uint32_t tok, ntok;  /* its first token and number of tokens */
    uint32_t sent;       /* sentence holding it */
    int type;            /* CMP_* */
    const char *name;    /* the name as written, possessive stripped */
    const char *role;    /* title or role word(s) just before it, lowercase
                            ("spokeswoman", "deputy foreign minister"),
                            "" when none */
    int entity;          /* story entity index after merging; -1 before */
    const char *key;     /* normalized name: token norms joined by one
                            space, possessive stripped; NULL: use name */
} cmp_mention;

/* Finds the name mentions of one article, in text order. */
px_status cmp_mentions(const cmp_text *t, cmp_arena *a, cmp_mention **out,
                       size_t *n);

/* An entity of the story: mentions of all articles merged. */
typedef struct cmp_entity {
    const char *name;      /* fullest common form */
    int type;              /* CMP_* */
    const char **alias;    /* other forms seen, sorted, without name */
    size_t nalias;
    size_t *doc;           /* articles mentioning it, ascending */
    size_t ndoc;
    size_t count;          /* mentions in all */
} cmp_entity;

/* Merges the mentions of ndocs articles (m[k][0..nm[k]) for article k) into
 * entities; sets each mention's entity. Entities come out by number of
 * articles, then mentions, then name. */
px_status cmp_entities_merge(cmp_mention *const *m, const size_t *nm,
                             size_t ndocs, cmp_arena *a, cmp_entity **out,
                             size_t *n);

/* ---- quotes ---- */

/* A quotation in one article. */
typedef struct cmp_dquote {
    const char *text;     /* the quoted words without the marks, inner
                             whitespace collapsed */
    uint32_t off, len;    /* span of the quoted words in the article */
    uint32_t sent;        /* sentence where the quote starts */
    int mention;          /* index of the speaker's mention in the article's
                             mentions, or -1 */
    const char *speaker;  /* speaker as written when mention is -1 (e.g. "the
                             ministry"), "" when unknown */
} cmp_dquote;

/* Finds the quotations of one article and their speakers, using its
 * mentions (for names and for he/she pointing back). */
px_status cmp_quotes(const cmp_text *t, const cmp_mention *m, size_t nm,
                     cmp_arena *a, cmp_dquote **out, size_t *n);

/* ---- figures ---- */

/* A number in one article with what it counts. */
typedef struct cmp_dfigure {
    double num;             /* the value (200, 6, 1400, 3.5) */
    const char *value;      /* as written: "200", "six", "1,400" */
    const char *qualifier;  /* "more than", "at least", "about", "up to",
                               "hundreds of", ... ; "" exact */
    const char *subject;    /* canonical key of what it counts, e.g.
                               "hostages", "killed" */
    const char *label;      /* what it counts as written, for display */
    uint32_t sent;          /* sentence index */
    bool part;              /* a part of what it counts ("14 of the
                               injured"): the whole is at least num */
    bool expected;          /* expected, forecast, preferred or supposed
                               ("analysts expected 3.1%"), not reported */
    bool unit;              /* num is in basis points, read from the unit
                               value names ("half a percentage point"
                               gives 50) */
} cmp_dfigure;

px_status cmp_figures_doc(const cmp_text *t, cmp_arena *a, cmp_dfigure **out,
                          size_t *n);

typedef struct cmp_fvalue {
    double num;             /* value */
    const char *value;      /* as written */
    const char *qualifier;  /* as in cmp_dfigure */
    size_t doc;             /* article */
    const char *sentence;   /* the sentence it appears in */
    bool unit;              /* as in cmp_dfigure: value names the unit, and
                               one num may be written several ways */
} cmp_fvalue;

typedef struct cmp_figure {
    const char *subject;    /* display label of the group */
    cmp_fvalue *v;          /* values, by article then text order */
    size_t nv;
    bool conflict;          /* the values cannot all be true */
    cmp_fvalue *expect;     /* expected values of the same subject (outside
                               the conflict), by article then text order */
    size_t nexpect;
} cmp_figure;

/* Groups the figures of ndocs articles by subject; keeps every group,
 * conflicting groups first. */
px_status cmp_figures_group(const cmp_text *docs, cmp_dfigure *const *f,
                            const size_t *nf, size_t ndocs, cmp_arena *a,
                            cmp_figure **out, size_t *n);

/* ---- the story ---- */

typedef struct cmp_quote {
    const char *speaker;    /* entity name, or as written, or "" */
    const char *text;       /* the quotation */
    size_t doc;             /* article */
} cmp_quote;

typedef struct cmp_descr {
    size_t doc;             /* article */
    const char **term;      /* descriptor words and phrases, in text order,
                               unique */
    size_t nterm;
} cmp_descr;

typedef struct cmp_frame {
    const char *entity;     /* entity name */
    cmp_descr *d;           /* one per article that describes it */
    size_t nd;
} cmp_frame;

typedef struct cmp_sent {
    const char *text;       /* the sentence */
    size_t from;            /* the article it was taken from */
    size_t *doc;            /* articles that carry the same content,
                               ascending, from included */
    size_t ndoc;
} cmp_sent;

typedef struct cmp_unique {
    size_t doc;             /* article */
    const char **sent;      /* what only it reports */
    size_t nsent;
} cmp_unique;

typedef struct cmp_removed {
    size_t doc;             /* article */
    const char *text;       /* the text cut */
    const char *reason;     /* "donation appeal", "photo credit", ... */
} cmp_removed;

typedef struct cmp_story {
    cmp_arena arena;        /* owns everything below */
    size_t ndocs;           /* articles compared */
    cmp_entity *ent;   size_t nent;
    cmp_quote *quote;  size_t nquote;
    cmp_figure *fig;   size_t nfig;
    cmp_frame *frame;  size_t nframe;
    cmp_sent *sum;     size_t nsum;
    cmp_unique *uniq;  size_t nuniq;
    cmp_removed *removed; size_t nremoved;
} cmp_story;

/* ---- summary (summary.c) ---- */

/* Picks the summary of a story and, per article, what only it reports.
 * dup[k] is true when article k duplicates another (not a source of
 * sentences of its own). */
px_status cmp_summary(const cmp_text *docs, size_t ndocs, const bool *dup,
                      cmp_arena *a, cmp_sent **sum, size_t *nsum,
                      cmp_unique **uniq, size_t *nuniq);

/* ---- framing (framing.c) ---- */

/* The descriptors of each entity named by two or more articles. */
px_status cmp_framing(const cmp_text *docs, cmp_mention *const *m,
                      const size_t *nm, size_t ndocs, const cmp_entity *ent,
                      size_t nent, cmp_arena *a, cmp_frame **out, size_t *n);

/* Compares the ndocs articles of one story (publication order); *out is
 * initialised here and freed with cmp_story_free. ctx is the caller's
 * per-thread text context. */
px_status cmp_story_build(px_doc *const *docs, size_t ndocs, tx_ctx *ctx,
                          const px_allocator *al, cmp_story *out);
void cmp_story_free(cmp_story *s);

#endif
