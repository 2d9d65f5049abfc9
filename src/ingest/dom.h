/*
 * dom.h - the compact page tree that article extraction works on (private
 * to ingest: html.c builds it, extract.c scores it, jsonld.c reads the
 * structured data it collected).
 *
 * Nodes are kept in document order in one array: a node's descendants are
 * the indexes (i, end), its parent comes before it. Every pass over the
 * tree is then a loop (forward for top-down, backward for bottom-up), so
 * nesting depth costs neither C stack nor recursion. Text is stored once,
 * whitespace already collapsed to single spaces, in one buffer.
 */
#ifndef PX_INGEST_DOM_H
#define PX_INGEST_DOM_H

#include "ingest.h"

/* The elements extraction tells apart; anything else is T_OTHER (inline). */
enum {
    T_TEXT, T_OTHER, T_A, T_ADDRESS, T_ARTICLE, T_ASIDE, T_BLOCKQUOTE, T_BODY,
    T_BR, T_BUTTON, T_CAPTION, T_CENTER, T_DD, T_DETAILS, T_DIALOG, T_DIV, T_DL,
    T_DT, T_FIELDSET, T_FIGCAPTION, T_FIGURE, T_FOOTER, T_FORM, T_H1, T_H2, T_H3,
    T_H4, T_H5, T_H6, T_HEADER, T_HR, T_HTML, T_LEGEND, T_LI, T_MAIN, T_MENU,
    T_NAV, T_OL, T_OPTION, T_P, T_PRE, T_SECTION, T_SUMMARY, T_TABLE, T_TBODY,
    T_TD, T_TFOOT, T_TH, T_THEAD, T_TR, T_UL, T_COUNT
};

/* Node flags. */
#define N_LINK 0x01u  /* inside an <a href> */
#define N_BLOCK 0x02u /* a block element: starts and ends a paragraph */

/* Class/id cue of an element (what its class, id, role and itemprop say). */
#define CUE_NONE 0
#define CUE_GOOD 1   /* article, content, story, ... */
#define CUE_BAD 2    /* nav, comment, related, share, ad, ... */
#define CUE_META 3   /* byline, date, caption: small things beside the body */
#define CUE_WEAK 4   /* ad, popup, banner, ...: boilerplate unless it holds the
                        page's longest paragraph ("page-ad-margins" wrappers) */

typedef struct ig_node {
    uint32_t parent; /* index of the parent; UINT32_MAX for a top node */
    uint32_t end;    /* one past the last descendant */
    uint32_t text;   /* text: offset into ig_dom.text; element: its block */
    uint32_t len;    /* text: bytes */
    uint8_t tag;     /* T_* */
    uint8_t flags;   /* N_* */
    uint8_t cue;     /* CUE_* */
} ig_node;

typedef struct ig_dom {
    const px_allocator *al;
    ig_node *n;      /* nodes in document order */
    size_t count;    /* nodes used */
    size_t cap;      /* nodes allocated */
    px_buf text;     /* every text node's bytes */
    px_buf jsonld;   /* application/ld+json scripts, each NUL-terminated */
    bool truncated;  /* the page had more nodes than IG_MAX_NODES */
} ig_dom;

/* The most nodes one page may have; past it the rest is not read, which
 * bounds memory on a hostile page (20 bytes a node, 45 while scoring). */
#define IG_MAX_NODES ((size_t)1 << 22)

/* A metadata value and how much it is trusted (higher wins). */
typedef struct ig_cand {
    px_buf b;
    int prio;
} ig_cand;

/* Offers s as a value of c with priority prio (trimmed, whitespace
 * collapsed); kept when better than what c holds. */
px_status ig_cand_offer(ig_cand *c, int prio, const char *s, size_t n);

/* Metadata gathered while parsing, before the best of each is chosen. */
enum {
    M_TITLE, M_SOURCE, M_URL, M_PUBLISHED, M_AUTHOR, M_DESCRIPTION, M_LANG,
    M_BODY, /* JSON-LD articleBody, as written (not collapsed) */
    M_COUNT
};

/* Rewrites a date b holds as ISO 8601 when it is not already and reads
 * unambiguously ("November 19, 2019, 07:47 PM EST" becomes
 * "2019-11-19T19:47:00-05:00"); leaves anything else alone (date.c). */
px_status ig_date_iso(px_buf *b);
/* Appends the date an article URL carries (".../2019/11/19/slug",
 * ".../2019-11-19-slug") as YYYY-MM-DD; nothing when it has none. */
px_status ig_date_from_url(const char *url, size_t n, px_buf *out);

/* Reads the JSON-LD scripts collected in dom (jansson; what it allocates
 * is freed before returning) and offers what a news article states. */
px_status ig_jsonld_meta(const ig_dom *dom, ig_cand *m);

/* Appends the article body of dom to text (paragraphs separated by blank
 * lines); title (may be "") is the headline, left out of the body. */
px_status ig_extract_body(const ig_dom *dom, const char *title, px_buf *text);

#endif
