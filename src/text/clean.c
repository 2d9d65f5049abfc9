/*
 * clean.c - cutting what is not the article out of its body.
 *
 * Two passes. tx_clean_doc looks at one article and cuts passages by their
 * shape: appeals for money or subscriptions, photo captions and credits,
 * "Updated with ..." notes (kept as metadata), bylines and datelines at the
 * start, newsletter and social prompts, "Read more" and "Related" lines.
 * tx_clean_repeated looks at many articles together and cuts paragraphs a
 * source prints in many of its articles: what one outlet repeats across
 * unrelated stories is its template, not news.
 *
 * The unit is the paragraph: a line, or a blank-line separated block when
 * the text is hard-wrapped. Rules that judge a unit alone apply only to
 * short units (a caption, a prompt), so that a long paragraph of reporting
 * that happens to say "support" or "photo" is never cut. Every cut is
 * recorded in the doc with its reason; nothing vanishes silently, and a
 * body is never cut to nothing.
 */
#include "text.h"

#include "../common/doc.h"

#include <ctype.h>
#include <stdlib.h>

/* ---- units ---- */

typedef struct unit {
    uint32_t off, len;  /* the paragraph, spaces trimmed */
    uint32_t next;      /* where the next unit's separator ends */
    uint32_t cut_head;  /* bytes cut from its start (a dateline) */
    bool cut;           /* the whole unit goes */
    bool blank_after;   /* a blank line follows it */
} unit;

typedef struct units {
    unit *u;
    size_t n, cap;
    const px_allocator *al;
} units;

static bool is_sp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* Blocks rather than lines when the text has blank-line paragraphs whose
 * blocks hold several lines each on average: hard-wrapped prose. */
static bool wrapped(const char *s, size_t n) {
    size_t lines = 0, blocks = 0;
    bool in_block = false;
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && s[e] != '\n') e++;
        bool blank = true;
        for (size_t k = i; k < e; k++)
            if (!is_sp(s[k])) blank = false;
        if (!blank) {
            lines++;
            if (!in_block) blocks++;
        }
        in_block = !blank;
        i = e + 1;
    }
    return blocks > 1 && lines * 2 > blocks * 3;
}

static px_status split(const char *s, size_t n, units *out) {
    out->n = 0;
    bool blocks = wrapped(s, n);
    size_t i = 0;
    while (i < n) {
        while (i < n && (is_sp(s[i]) || s[i] == '\n')) i++;
        if (i >= n) break;
        size_t e = i;
        for (;;) {
            while (e < n && s[e] != '\n') e++;
            if (!blocks || e >= n) break;
            size_t k = e + 1;
            while (k < n && is_sp(s[k])) k++;
            if (k >= n || s[k] == '\n') break;
            e = k;
        }
        size_t end = e;
        while (end > i && is_sp(s[end - 1])) end--;
        size_t k = e, nl = 0;
        while (k < n && (is_sp(s[k]) || s[k] == '\n')) nl += s[k++] == '\n';
        PX_TRY(px_grow(out->al, (void **)&out->u, &out->cap, out->n + 1, sizeof *out->u));
        out->u[out->n++] = (unit){(uint32_t)i, (uint32_t)(end - i), (uint32_t)k, 0, false,
                                  nl >= 2};
        i = k;
    }
    return PX_OK;
}

/* Writes the kept units back into d->text, one separator between each:
 * a blank line where the original had one before the next kept unit. */
static px_status rebuild(px_doc *d, const units *us) {
    px_buf b;
    px_buf_init(&b, &d->al);
    px_status st = px_buf_reserve(&b, d->text_len);
    bool any = false, blank = false;
    for (size_t i = 0; i < us->n && st == PX_OK; i++) {
        const unit *u = &us->u[i];
        if (u->cut) {
            blank = blank || u->blank_after;
            continue;
        }
        if (any) st = px_buf_adds(&b, blank ? "\n\n" : "\n");
        if (st == PX_OK)
            st = px_buf_add(&b, d->text + u->off + u->cut_head, u->len - u->cut_head);
        any = true;
        blank = u->blank_after;
    }
    if (st == PX_OK) st = px_buf_addc(&b, '\n');
    if (st != PX_OK) {
        px_buf_free(&b);
        return st;
    }
    size_t len = b.len;
    char *t = px_buf_take(&b);
    if (!t) return PX_ENOMEM;
    px_doc_drop_text(d);
    d->text = t;
    d->text_len = len;
    return PX_OK;
}

/* ---- matching helpers (ASCII case folded copies) ---- */

#define LOW_MAX 1024

typedef struct view {
    const char *s;    /* the unit as written */
    size_t n;         /* its bytes */
    char low[LOW_MAX + 1]; /* ASCII-lowercased prefix, NUL-terminated */
    size_t words;     /* whitespace-separated words */
} view;

static void view_init(view *v, const char *s, size_t n) {
    v->s = s;
    v->n = n;
    size_t m = PX_MIN(n, (size_t)LOW_MAX);
    for (size_t i = 0; i < m; i++) v->low[i] = (char)tolower((unsigned char)s[i]);
    v->low[m] = 0;
    v->words = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = is_sp(s[i]) || s[i] == '\n';
        if (!sp && !in) v->words++;
        in = !sp;
    }
}

/* needle is lowercase ASCII. */
static bool ci_has(const char *s, size_t n, const char *needle) {
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && tolower((unsigned char)s[i + j]) == needle[j]) j++;
        if (j == k) return true;
    }
    return false;
}

static bool starts(const view *v, const char *pre) {
    return strncmp(v->low, pre, strlen(pre)) == 0;
}

static bool has(const view *v, const char *needle) { return strstr(v->low, needle) != NULL; }

/* needle as a whole word ("subscribe", not "subscribers"). */
static bool has_word(const view *v, const char *needle) {
    size_t k = strlen(needle);
    for (const char *p = strstr(v->low, needle); p; p = strstr(p + 1, needle)) {
        bool before = p == v->low || !isalpha((unsigned char)p[-1]);
        if (before && !isalpha((unsigned char)p[k])) return true;
    }
    return false;
}

static bool starts_any(const view *v, const char *const *list) {
    for (; *list; list++)
        if (starts(v, *list)) return true;
    return false;
}

static bool has_any(const view *v, const char *const *list) {
    for (; *list; list++)
        if (has(v, *list)) return true;
    return false;
}

static bool is_exactly_any(const view *v, const char *const *list) {
    size_t n = strlen(v->low);
    while (n && (v->low[n - 1] == '.' || v->low[n - 1] == ':')) n--;
    return px_word_in(list, v->low, n);
}

/* ---- rules on one unit ---- */

static const char *const update_starts[] = {
    "updated with", "(updated with", "update:", "updated:", "updated at ", "updated on ",
    "last updated", "this article has been updated", "this article was updated",
    "this story has been updated", "this story was updated", "this post has been updated",
    "this report has been updated", NULL};

static const char *const credit_starts[] = {
    "photo:", "photo by", "photos:", "photograph:", "photograph by", "photography:",
    "image:", "image by", "images:", "picture:", "pictures:", "credit:", "photo credit",
    "file photo", "pictured:", "caption:", "illustration:", "(photo", "[photo", "top image:",
    "main image:", "header image:", "feature image:", NULL};

/* Said as credits: "Pool Photo via AP", "Getty Images", "(AP Photo/...)". */
static const char *const credit_marks[] = {
    "getty images", "pool photo", "(ap photo", "ap photo/", "/ap photo",
    "photo credit", "(photo:", "(photo by", "/ file photo", NULL};

/* Agencies that sign photos as "NAME/AGENCY" or "AGENCY/NAME". */
static const char *const agencies[] = {
    "AP", "AFP", "Reuters", "REUTERS", "Getty", "EPA", "EPA-EFE", "Pool", "POOL",
    "Bloomberg", "Anadolu", "TASS", "Sputnik", "Xinhua", "dpa", "DPA", "Shutterstock",
    "AAP", "Alamy", "SIPA", "Sipa", "NurPhoto", "ZUMA", "UPI", "Kyodo", "Yonhap", "IMAGO",
    "ANSA", "WAFA", "Flash90", "GPO", "IDF", NULL};

static bool agency_at(const char *s, size_t n) {
    for (const char *const *a = agencies; *a; a++) {
        size_t k = strlen(*a);
        if (k <= n && memcmp(s, *a, k) == 0 && (k == n || !isalpha((unsigned char)s[k])))
            return true;
    }
    return false;
}

/* "Maxim Shemetov/Pool", "REUTERS/Evelyn Hockstein": a slash between a
 * letter and a letter with an agency on one side of it. */
static bool agency_slash(const char *s, size_t n) {
    for (size_t i = 1; i + 1 < n; i++) {
        if (s[i] != '/' || !isalpha((unsigned char)s[i - 1]) || !isalpha((unsigned char)s[i + 1]))
            continue;
        if (agency_at(s + i + 1, n - i - 1)) return true;
        size_t b = i;
        while (b > 0 && isalpha((unsigned char)s[b - 1])) b--;
        if (agency_at(s + b, i - b) && b + 2 <= i) return true;
    }
    return false;
}

/* "Pool Photo via AP": "photo via" and an agency ("a photo via Twitter"
 * is prose). */
static bool photo_via(const view *v) {
    for (const char *p = strstr(v->low, "photo via "); p; p = strstr(p + 1, "photo via ")) {
        size_t at = (size_t)(p - v->low) + 10;
        if (agency_at(v->s + at, v->n - at)) return true;
    }
    return false;
}

static bool photo_credit(const view *v) {
    if (v->words > 60) return false;
    if (starts_any(v, credit_starts) || has_any(v, credit_marks) || photo_via(v)) return true;
    return strstr(v->low, "file photo") || agency_slash(v->s, v->n);
}

static const char *const nav_starts[] = {
    "read more", "read also", "also read", "read:", "related:", "related articles",
    "related stories", "related coverage", "related news", "related content", "related links",
    "related reading", "more on this", "more from ", "see also", "continue reading",
    "click here", "skip to", "back to top", "story continues", "article continues",
    "scroll to continue", "recommended:", "recommended for you", "trending:", "most read",
    "most popular", "top stories", "you may also like", "you might also like",
    "listen to this article", "view comments", "show comments", "leave a comment",
    "watch:", "watch the video", NULL};

/* A navigation line starts with one of nav_starts as a phrase of its own:
 * "Read more", "READ MORE: ...", "Read more Putin says ...", but not
 * "Read more than forty letters" or "More from the minister's speech". */
static bool nav_line(const view *v) {
    for (const char *const *p = nav_starts; *p; p++) {
        size_t k = strlen(*p);
        if (!starts(v, *p)) continue;
        char last = (*p)[k - 1];
        if (last == ':') return true;
        size_t i = k;
        if (last != ' ') {
            if (i >= v->n) return true;
            if (v->s[i] != ' ') return !isalnum((unsigned char)v->s[i]);
            i++;
        }
        while (i < v->n && v->s[i] == ' ') i++;
        if (i >= v->n) return true;
        unsigned char c = (unsigned char)v->s[i];
        return !islower(c); /* the next words are a headline, not this sentence */
    }
    return false;
}

static const char *const ad_lines[] = {
    "advertisement", "ad", "sponsored", "sponsored content", "advertising",
    "scroll to continue with content", "story continues below advertisement", NULL};

static const char *const social_starts[] = {
    "follow us", "follow @", "like us on", "share this", "share on", "join us on", "join our",
    "subscribe to our channel", "subscribe to our youtube", "find us on", NULL};

static const char *const social_nets[] = {
    "facebook", "twitter", "telegram", "instagram", "whatsapp", "youtube", "tiktok",
    "linkedin", "x.com", "social media", "threads", "bluesky", "channel", "@", NULL};

static const char *const paywall_marks[] = {
    "subscribers only", "subscribe to read", "subscribe to continue", "already a subscriber",
    "log in to continue", "sign in to continue", "subscribe for full access",
    "unlock this article", NULL};

static const char *const byline_trailers[] = {
    "reporting by", "(reporting by", "additional reporting by", "editing by", "writing by",
    "compiled by", "(editing by", "(writing by", NULL};

/* Words a byline may hold besides names: "By Jane Doe and John Roe for the
 * Daily Planet | Staff Writer". */
static const char *const byline_small[] = {"and", "of", "the", "for", "in", "at", "de", "da",
                                            "van", "von", "al", "bin", "el", "la", "le", NULL};

static bool in_list(const char *w, size_t n, const char *const *list) {
    return px_word_in(list, w, n);
}

static bool byline(const view *v) {
    size_t skip;
    if (strncmp(v->s, "By ", 3) == 0 || strncmp(v->s, "BY ", 3) == 0) skip = 3;
    else if (starts(v, "written by ") || starts(v, "story by ")) skip = strchr(v->low, ' ') - v->low + 4;
    else return false;
    if (v->words > 15 || v->n > LOW_MAX) return false;
    size_t words = 0;
    for (size_t i = skip; i < v->n;) {
        while (i < v->n && (is_sp(v->s[i]) || strchr(",|-;&", v->s[i]))) i++;
        size_t b = i;
        while (i < v->n && !is_sp(v->s[i]) && !strchr(",|;", v->s[i])) i++;
        if (b == i) break;
        unsigned char c = (unsigned char)v->s[b];
        if (!(isupper(c) || isdigit(c) || c >= 0x80 || c == '@' || c == '(') &&
            !in_list(v->low + b, i - b, byline_small))
            return false;
        words++;
    }
    return words > 0;
}

/* Bytes of a dash separator at s[i] (a space, then "-", "--", an en or em
 * dash, then an optional space), or 0. */
static size_t dash_at(const char *s, size_t n, size_t i) {
    if (s[i] != ' ' || i + 2 >= n) return 0;
    const unsigned char *u = (const unsigned char *)s + i + 1;
    size_t rest = n - i - 1, k = 0;
    if (u[0] == '-') k = rest > 1 && u[1] == '-' ? 2 : 1;
    else if (rest >= 3 && u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94)) k = 3;
    if (!k) return 0;
    return 1 + k + (i + 1 + k < n && s[i + 1 + k] == ' ');
}

/* The prefix s[0..n) of a dateline: at most seven words, none starting
 * lowercase, the place in capitals or an agency in parentheses at the end:
 * "MOSCOW", "GAZA CITY, Oct 10 (Reuters)", "Kyiv (AP)". */
static bool dateline_prefix(const char *s, size_t n) {
    bool agency = n > 2 && s[n - 1] == ')' && memchr(s, '(', n);
    size_t head = agency ? (size_t)((const char *)memchr(s, '(', n) - s) : n;
    const char *comma = memchr(s, ',', head);
    size_t city = comma ? (size_t)(comma - s) : head;
    size_t letters = 0, words = 0;
    bool caps = true;
    for (size_t k = 0; k < head; k++) {
        unsigned char c = (unsigned char)s[k];
        if (isalpha(c)) letters += k < city;
        if (islower(c) && k < city) caps = false;
        if (c != ' ' && (k == 0 || s[k - 1] == ' ')) {
            words++;
            if (islower(c)) return false;
        }
    }
    return words <= 7 && ((caps && letters >= 2) || agency);
}

/* Bytes of a dateline at the start of s ("MOSCOW, Oct 10 (Reuters) - ",
 * "GAZA CITY (AP) — "), or 0: its prefix, a dash, and a sentence that
 * starts with a capital or a quote. A quote or a sentence end before the
 * dash means it is prose, not a dateline. */
static size_t dateline_len(const char *s, size_t n) {
    size_t lim = PX_MIN(n, (size_t)90);
    for (size_t i = 1; i < lim; i++) {
        size_t dl = dash_at(s, n, i);
        if (!dl) {
            if (s[i] == '"' || s[i] == '!' || s[i] == '?' || s[i] == ':' || s[i] == ';' ||
                (s[i] == '.' && i + 1 < n && s[i + 1] == ' ' && i + 2 < n &&
                 !isupper((unsigned char)s[i + 2]) && !isdigit((unsigned char)s[i + 2])))
                return 0;
            continue;
        }
        size_t after = i + dl;
        unsigned char c = after < n ? (unsigned char)s[after] : 0;
        if (!(isupper(c) || c >= 0x80 || c == '"')) return 0;
        return dateline_prefix(s, i) ? after : 0;
    }
    return 0;
}

/* ---- appeals: blocks of units ---- */

static const char *const appeal_strong[] = {
    "dear reader", "remind me later", "support us", "support our journalism",
    "support our work", "support independent", "make a contribution", "make a donation",
    "donate now", "donate today", "donate to us", "become a member", "become a subscriber",
    "subscribe now", "subscribe today", "every contribution", "help us continue", NULL};

/* Cues as telling as the strong ones inside an appeal, and common enough
 * in quotes that they never make one on their own ("Please consider the
 * families," she said). */
static const char *const appeal_mid[] = {"please consider", "you can support", "your support",
                                         "maybe later", NULL};

static const char *const appeal_weak[] = {
    "contribution", "donat", "independent journalism", "we need your help", "support",
    "subscri", "paywall", "membership", "monthly", "journalism", NULL};

static int count_in(const view *v, const char *const *list) {
    int k = 0;
    for (; *list; list++) k += has(v, *list);
    return k;
}

/* ---- the per-doc pass ---- */

/* A cut found but not yet made: cuts are found out of text order (an
 * appeal block is seen after the units inside it), so they are gathered
 * and handed to the doc sorted by where they stood. */
typedef struct pending {
    size_t pos;          /* byte offset in the text */
    size_t seq;          /* order found: ties */
    char *text;          /* owned copy */
    const char *reason;  /* static */
} pending;

typedef struct cleaner {
    px_doc *d;
    units us;
    pending *p;
    size_t np, pcap;
    px_buf upd;     /* update notes */
} cleaner;

static px_status pend(cleaner *c, size_t pos, const char *s, size_t n, const char *reason) {
    PX_TRY(px_grow(&c->d->al, (void **)&c->p, &c->pcap, c->np + 1, sizeof *c->p));
    char *t = px_strndup(&c->d->al, s, n);
    if (!t) return PX_ENOMEM;
    c->p[c->np] = (pending){pos, c->np, t, reason};
    c->np++;
    return PX_OK;
}

static int pend_cmp(const void *a, const void *b) {
    const pending *x = a, *y = b;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static px_status cut_unit(cleaner *c, size_t i, const char *reason) {
    unit *u = &c->us.u[i];
    u->cut = true;
    return pend(c, u->off, c->d->text + u->off, u->len, reason);
}

/* Cuts the appeal blocks: runs of units dense in appeal cues (two or more
 * cue units, one of them strong, or one unit with two strong cues; up to
 * two cue-less units inside), with the "A message from ...:" line that
 * introduces them. One cut per block, its units joined by newlines. */
static px_status appeals(cleaner *c, const int *score, const bool *strong) {
    size_t n = c->us.n;
    const char *text = c->d->text;
    for (size_t i = 0; i < n; i++) {
        if (score[i] < 2) continue;
        size_t last = i, cues = 0, gap = 0;
        bool any_strong = false;
        for (size_t j = i; j < n; j++) {
            if (score[j] >= 2) {
                cues++;
                any_strong = any_strong || strong[j];
                last = j;
                gap = 0;
            } else if (score[j] == 0 && ++gap > 2) {
                break;
            }
        }
        bool one_big = cues == 1 && score[i] >= 4 && strong[i];
        if (!any_strong || (cues < 2 && !one_big)) {
            i = last;
            continue;
        }
        size_t first = i;
        if (first > 0 && !c->us.u[first - 1].cut) {
            const unit *h = &c->us.u[first - 1];
            view *hv = px_malloc(&c->d->al, sizeof *hv);
            if (!hv) return PX_ENOMEM;
            view_init(hv, text + h->off, h->len);
            if (hv->words <= 12 && (text[h->off + h->len - 1] == ':' ||
                                    starts(hv, "a message from")))
                first--;
            px_free(&c->d->al, hv);
        }
        px_buf b;
        px_buf_init(&b, &c->d->al);
        px_status st = PX_OK;
        for (size_t k = first; k <= last && st == PX_OK; k++) {
            unit *u = &c->us.u[k];
            if (u->cut) continue; /* cut alone already, for its own reason */
            if (b.len) st = px_buf_addc(&b, '\n');
            if (st == PX_OK) st = px_buf_add(&b, text + u->off, u->len);
            u->cut = true;
        }
        bool sub = b.len && ci_has(b.p, b.len, "subscri");
        bool money = b.len && (ci_has(b.p, b.len, "donat") || ci_has(b.p, b.len, "contribut") ||
                               ci_has(b.p, b.len, "support us"));
        if (st == PX_OK && b.len)
            st = pend(c, c->us.u[first].off, b.p, b.len,
                      sub && !money ? "subscription appeal" : "donation appeal");
        px_buf_free(&b);
        PX_TRY(st);
        i = last;
    }
    return PX_OK;
}

/* The reason a unit alone is cut for, or NULL. first says it is among the
 * first three units, where bylines stand. */
static const char *unit_reason(const view *v, bool first) {
    if (v->n > LOW_MAX) return NULL;
    if (v->words <= 40 && starts_any(v, update_starts)) return "update note";
    if (first && byline(v)) return "byline";
    if (v->words <= 50 && starts_any(v, byline_trailers)) return "byline";
    if (photo_credit(v)) return "photo credit";
    if (v->words <= 50 && has(v, "newsletter") &&
        (has(v, "sign up") || has(v, "sign-up") || has(v, "subscribe to") ||
         has(v, "subscribe now") || has(v, "subscribe here") || has(v, "subscribe for") ||
         has(v, "inbox") || has(v, "register") || (v->words <= 12 && has_word(v, "subscribe"))))
        return "newsletter";
    if (v->words <= 50 && (has(v, "delivered to your inbox") || has(v, "straight to your inbox") ||
                           starts(v, "sign up for") || starts(v, "sign up to")))
        return "newsletter";
    if (v->words <= 30 && (has(v, "follow us on") ||
                           (starts_any(v, social_starts) && has_any(v, social_nets))))
        return "social prompt";
    if (v->words <= 30 && has_any(v, paywall_marks)) return "subscription appeal";
    if (v->words <= 4 && is_exactly_any(v, ad_lines)) return "advertisement";
    if (v->words <= 25 && nav_line(v)) return "navigation";
    return NULL;
}

static px_status note_update(cleaner *c, const char *s, size_t n) {
    if (c->upd.len) PX_TRY(px_buf_adds(&c->upd, "; "));
    if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
        s++;
        n -= 2;
    }
    return px_buf_add(&c->upd, s, n);
}

/* Units longer than this are reporting whatever words they hold: they
 * neither start an appeal block nor are cut alone. */
#define LONG_UNIT 150

static px_status clean_units(cleaner *c) {
    px_doc *d = c->d;
    size_t n = c->us.n;
    int *score = px_calloc(&d->al, n, sizeof *score);
    bool *strong = px_calloc(&d->al, n, sizeof *strong);
    view *v = px_malloc(&d->al, sizeof *v);
    px_status st = score && strong && v ? PX_OK : PX_ENOMEM;
    size_t seen = 0;
    for (size_t i = 0; i < n && st == PX_OK; i++) {
        unit *u = &c->us.u[i];
        view_init(v, d->text + u->off, u->len);
        int ns = count_in(v, appeal_strong);
        score[i] = 2 * ns + 2 * count_in(v, appeal_mid) + count_in(v, appeal_weak);
        strong[i] = ns > 0;
        if (v->words > LONG_UNIT) score[i] = PX_MIN(score[i], 1);
        const char *why = unit_reason(v, seen < 3);
        if (why) {
            st = cut_unit(c, i, why);
            if (st == PX_OK && strcmp(why, "update note") == 0)
                st = note_update(c, d->text + u->off, u->len);
            score[i] = 1; /* cut already: may bridge an appeal, never starts one */
            continue;
        }
        if (seen++ == 0) {
            size_t dl = dateline_len(d->text + u->off, u->len);
            if (dl && dl < u->len) {
                size_t k = dl;
                while (k > 0 && is_sp(d->text[u->off + k - 1])) k--;
                st = pend(c, u->off, d->text + u->off, k, "dateline");
                u->cut_head = (uint32_t)dl;
            }
        }
    }
    if (st == PX_OK) st = appeals(c, score, strong);
    px_free(&d->al, v);
    px_free(&d->al, score);
    px_free(&d->al, strong);
    return st;
}

static bool all_cut(const units *us) {
    for (size_t i = 0; i < us->n; i++)
        if (!us->u[i].cut) return false;
    return true;
}

/* Hands the pending cuts to the doc in text order and rewrites its text;
 * nothing happens when every unit would go (a body is never cut to
 * nothing: whatever it is, it is what the source published). */
static px_status commit(cleaner *c) {
    px_doc *d = c->d;
    if (!c->np || all_cut(&c->us)) return PX_OK;
    qsort(c->p, c->np, sizeof *c->p, pend_cmp);
    px_cut *cuts = px_realloc(&d->al, d->cuts, (d->ncuts + c->np) * sizeof *cuts);
    if (!cuts) return PX_ENOMEM;
    d->cuts = cuts;
    px_status st = rebuild(d, &c->us);
    if (st != PX_OK) return st;
    for (size_t i = 0; i < c->np; i++) {
        d->cuts[d->ncuts++] = (px_cut){c->p[i].text, c->p[i].reason};
        c->p[i].text = NULL;
    }
    if (c->upd.len) st = px_doc_set(d, &d->updated, c->upd.p, c->upd.len);
    return st;
}

static void cleaner_free(cleaner *c) {
    for (size_t i = 0; i < c->np; i++) px_free(&c->d->al, c->p[i].text);
    px_free(&c->d->al, c->p);
    px_free(&c->d->al, c->us.u);
    px_buf_free(&c->upd);
}

px_status tx_clean_doc(px_doc *d) {
    cleaner c = {d, {NULL, 0, 0, &d->al}, NULL, 0, 0, {0}};
    px_buf_init(&c.upd, &d->al);
    px_status st = split(d->text, d->text_len, &c.us);
    if (st == PX_OK && c.us.n) st = clean_units(&c);
    if (st == PX_OK) st = commit(&c);
    cleaner_free(&c);
    return st;
}

/* ---- the repetition pass ---- */

/* A paragraph's key: ASCII case folded, runs of spaces as one. */
static uint64_t unit_key(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    bool sp = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_sp((char)c) || c == '\n') {
            sp = true;
            continue;
        }
        if (sp) h = (h ^ ' ') * 1099511628211ull;
        sp = false;
        h = (h ^ (unsigned char)tolower(c)) * 1099511628211ull;
    }
    return h | 1; /* 0 marks an empty slot */
}

/* How often a paragraph occurs in one source's articles. Only three
 * distinct fingerprints are kept: three is all the rule asks for. */
typedef struct rep_slot {
    uint64_t key;       /* unit_key, 0 when empty */
    uint64_t fp[3];     /* fingerprints of articles holding it */
    uint32_t nfp;       /* distinct fingerprints kept */
    uint32_t ndocs;     /* articles holding it */
    size_t last;        /* 1 + the last article counted */
} rep_slot;

typedef struct rep_doc {
    px_doc *d;
    units us;
    uint64_t *key;      /* per unit */
} rep_doc;

static rep_slot *slot_of(rep_slot *t, size_t mask, uint64_t key) {
    size_t i = (size_t)(key ^ key >> 29) & mask;
    while (t[i].key && t[i].key != key) i = (i + 1) & mask;
    return &t[i];
}

/* A paragraph is a source's boilerplate when it stands in at least this
 * many of the source's articles: three, and a tenth of them, so that a
 * background paragraph an outlet reuses across a few follow-ups of one
 * story stays while its newsletter box, seen everywhere, goes. */
static size_t min_docs(size_t group) { return PX_MAX((size_t)3, (group + 9) / 10); }

static px_status rep_group(rep_doc *g, size_t n, const px_allocator *al) {
    size_t total = 0;
    for (size_t k = 0; k < n; k++) {
        PX_TRY(split(g[k].d->text, g[k].d->text_len, &g[k].us));
        total += g[k].us.n;
        g[k].key = px_malloc(al, (g[k].us.n + 1) * sizeof *g[k].key);
        if (!g[k].key) return PX_ENOMEM;
    }
    size_t cap = 16;
    while (cap < total * 2) cap *= 2;
    rep_slot *t = px_calloc(al, cap, sizeof *t);
    if (!t) return PX_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        const px_doc *d = g[k].d;
        /* what a paragraph is counted under is the longest other paragraph
         * of the article: copies and updated versions of one article share
         * it, so a paragraph seen only in versions of one text is never
         * taken for a template, whether or not it is the longest itself */
        uint64_t fp1 = 0, fp2 = 0;
        uint32_t len1 = 0, len2 = 0;
        for (size_t i = 0; i < g[k].us.n; i++) {
            const unit *u = &g[k].us.u[i];
            uint64_t key = unit_key(d->text + u->off, u->len);
            g[k].key[i] = key;
            if (key == fp1) continue;
            if (u->len > len1) {
                fp2 = fp1, len2 = len1;
                fp1 = key, len1 = u->len;
            } else if (u->len > len2 && key != fp2) {
                fp2 = key, len2 = u->len;
            }
        }
        for (size_t i = 0; i < g[k].us.n; i++) {
            rep_slot *s = slot_of(t, cap - 1, g[k].key[i]);
            s->key = g[k].key[i];
            if (s->last == k + 1) continue;
            s->last = k + 1;
            s->ndocs++;
            uint64_t fp = g[k].key[i] == fp1 ? fp2 : fp1;
            bool known = false;
            for (uint32_t j = 0; j < s->nfp; j++) known = known || s->fp[j] == fp;
            if (!known && s->nfp < 3) s->fp[s->nfp++] = fp;
        }
    }
    px_status st = PX_OK;
    size_t need = min_docs(n);
    for (size_t k = 0; k < n && st == PX_OK; k++) {
        cleaner c = {g[k].d, g[k].us, NULL, 0, 0, {0}};
        px_buf_init(&c.upd, &g[k].d->al);
        for (size_t i = 0; i < c.us.n && st == PX_OK; i++) {
            const rep_slot *s = slot_of(t, cap - 1, g[k].key[i]);
            if (s->nfp >= 3 && s->ndocs >= need) st = cut_unit(&c, i, "boilerplate");
        }
        if (st == PX_OK) st = commit(&c);
        c.us.u = NULL; /* owned by g[k] */
        cleaner_free(&c);
    }
    px_free(al, t);
    return st;
}

static int by_source(const void *a, const void *b) {
    const px_doc *x = *(px_doc *const *)a, *y = *(px_doc *const *)b;
    int c = strcmp(x->source, y->source);
    if (c) return c;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

px_status tx_clean_repeated(px_doc **docs, size_t n, const px_allocator *al) {
    px_allocator a;
    px_alloc_init(&a, al);
    px_doc **v = px_malloc(&a, (n + 1) * sizeof *v);
    rep_doc *g = px_calloc(&a, n + 1, sizeof *g);
    if (!v || !g) {
        px_free(&a, v);
        px_free(&a, g);
        return PX_ENOMEM;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (docs[i]->source[0]) v[m++] = docs[i];
    qsort(v, m, sizeof *v, by_source);
    px_status st = PX_OK;
    for (size_t b = 0; b < m && st == PX_OK;) {
        size_t e = b + 1;
        while (e < m && strcmp(v[e]->source, v[b]->source) == 0) e++;
        if (e - b >= 3) {
            for (size_t k = b; k < e; k++) g[k - b] = (rep_doc){v[k], {NULL, 0, 0, &v[k]->al}, NULL};
            st = rep_group(g, e - b, &a);
            for (size_t k = b; k < e; k++) {
                px_free(&v[k]->al, g[k - b].us.u);
                px_free(&a, g[k - b].key);
            }
        }
        b = e;
    }
    px_free(&a, v);
    px_free(&a, g);
    return st;
}
