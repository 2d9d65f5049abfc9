/*
 * reader.c - px_reader: chunks of one input to records; and px_doc_parse.
 *
 * Consumes the bytes of one input in chunks split anywhere (through the
 * middle of a gzip header, a UTF-8 sequence or a line); produces px_doc
 * values one at a time, or for a bad record its "path:line: reason".
 *
 * Method. Three stages, each pulling from the one before:
 *  1. raw bytes: the chunk being read; ingest's own callers lend theirs
 *     (ig_reader_feed_borrowed: nothing is copied), px_reader_feed copies.
 *  2. plain bytes: the raw bytes themselves, or, when the input starts with
 *     the gzip magic, what zlib inflates from them into a 256 KiB window.
 *  3. records: JSON Lines records are cut at newlines. A line that lies
 *     whole inside the current window is parsed where it lies; only a line
 *     split across windows is gathered in `acc`. Memory therefore stays
 *     bounded by the longest line (capped at IG_MAX_LINE; beyond it the
 *     line is reported as "line too long" and skipped to the next newline)
 *     plus the window, whatever the size of the input. Text and HTML
 *     inputs are one record each, gathered whole and parsed at finish; a
 *     feed is gathered whole too and its items queued at finish. A WARC
 *     streams through the record scanner of warc.c, window by window.
 * The format comes from the caller, else from the name, else from the
 * plain bytes: the first non-blank byte, or up to 4 KB of them when it is
 * '<' (a feed or HTML) or 'W' (a WARC or text), by ig_sniff's rule.
 *
 * gzip members: inflation stops at each member's end so that the start of
 * the next is known (a WARC's messages give it as the offset). In a WARC,
 * corrupt gzip data does not end the input: once what was inflated before
 * it is scanned, the damage is reported and reading goes on at the next
 * gzip magic in the raw bytes.
 *
 * Damage at the end of the input is reported after the records before it:
 * a gzip stream that stops inside a member is "truncated gzip data" (the
 * unfinished last line goes with it), a corrupt one "corrupt gzip data";
 * an input without any non-blank byte is "empty file".
 *
 * An allocation failure leaves the reader failed: every later call returns
 * PX_ENOMEM (it cannot know which record was lost half-way).
 */
#include "ingest.h"
#include "dom.h"

#include <stdio.h>

#define ZWIN ((size_t)256 << 10)

/* The largest gzip member of a WARC whose raw bytes are kept, so that
 * after damage the search for the next member can start right after the
 * broken one's first byte: a member cut short is often followed by a good
 * one that zlib has already read into. Records gzipped one by one are far
 * smaller; a whole-file member is not kept. */
#define MEMBER_KEEP ((size_t)4 << 20)

/* What r->in points at when there is no input, so that r->in + r->in_pos
 * is always defined. */
static const char nothing[1] = "";

/* What get_line found. */
enum { GOT_NONE, GOT_LINE, GOT_TOO_LONG };

struct px_reader {
    px_allocator al;        /* this reader's memory */
    px_format fmt;          /* format in use; AUTO until sniffed */
    int gz;                 /* -1 not known yet, 0 plain, 1 gzip */
    ig_src src;             /* path, file id and flags for the records */
    char *path;             /* the name as given (src.path) */
    char *fileid;           /* the file's id (src.fileid) */
    ig_handler *h;          /* where repairs are reported, or NULL */
    size_t max_line;        /* longest line (or text file) kept */

    const char *in;         /* raw bytes: in[in_pos..in_len) unread */
    size_t in_len;          /* end of the raw bytes */
    size_t in_pos;          /* next raw byte */
    bool borrowed;          /* in is the caller's memory, not own */
    px_buf own;             /* raw bytes copied by px_reader_feed */

    ig_gz z;                /* the inflater, when gz == 1 */
    char *zwin;             /* inflated bytes: zwin[zpos..zlen) unread */
    size_t zlen;            /* end of the inflated bytes */
    size_t zpos;            /* next inflated byte */
    bool zbad;              /* the gzip data is corrupt */

    px_buf acc;             /* a line split over windows; text/html input */
    bool acc_line;          /* acc is the line returned last: clear it */
    bool skipping;          /* dropping the rest of an over-long line */
    bool too_big;           /* text/html input over max_line */
    unsigned long skip_line;/* line where the over-long line began */
    unsigned long lines;    /* newlines consumed */
    size_t sniffed;         /* plain bytes examined while sniffing */
    bool sniff_started;     /* the first non-blank byte was '<' or 'W' */
    size_t sniff_from;      /* where in acc it lies */
    size_t sniff_want;      /* bytes from there that decide */
    size_t bom_run;         /* of them, leading bytes of a BOM */

    bool finished;          /* px_reader_finish was called */
    bool saw_data;          /* a non-blank record or byte was seen */
    bool doc_done;          /* text/html: the one record was made */
    bool damaged;           /* gzip damage was reported */
    int end_stage;          /* end-of-input reports already made */

    unsigned long rec_line; /* line where the last record began */
    unsigned long err_line; /* line of the last bad record, 0 = whole input */
    px_buf why;             /* reason of the last bad record */
    px_buf err;             /* "path:line: reason" of it */
    px_status dead;         /* PX_ENOMEM once memory ran out */

    size_t nbad;            /* invalid UTF-8 sequences replaced so far */
    unsigned long bad_line; /* first line that needed one (JSON Lines) */

    /* gzip members (WARC offsets and resynchronisation) */
    uint64_t raw_done;      /* raw bytes inflated so far */
    bool member_note;       /* a member began: tell the WARC scanner */
    uint64_t member_off;    /* its raw offset */
    bool zseek;             /* WARC: looking for the next member after damage */
    const char *zfault;     /* WARC: gzip damage to report, or NULL */
    px_buf member;          /* WARC: raw bytes of the member being inflated */
    bool member_over;       /* they exceeded MEMBER_KEEP (or were not kept) */

    ig_warc *warc;          /* the WARC scanner, once the format is WARC */
    size_t acc_pos;         /* WARC: bytes of acc (sniffed) already scanned */

    struct fitem {          /* feed: the items, made at finish */
        px_doc *doc;        /* the article, or NULL */
        char *why;          /* else why not */
        unsigned long line; /* where the item began */
        size_t nbad;        /* its repairs */
    } *items;
    size_t nitems, citems, next_item;
};

px_reader *px_reader_new(px_format fmt, const char *name, const px_allocator *alloc) {
    px_allocator a;
    px_alloc_init(&a, alloc);
    if ((unsigned)fmt > PX_FORMAT_WARC) return NULL;
    px_reader *r = px_calloc(&a, 1, sizeof *r);
    if (!r) return NULL;
    r->al = a;
    if (!name) name = "-";
    if (fmt == PX_FORMAT_AUTO) fmt = ig_format_from_name(name);
    r->fmt = fmt;
    r->gz = -1;
    r->in = nothing;
    r->max_line = IG_MAX_LINE;
    px_buf_init(&r->own, &r->al);
    px_buf_init(&r->acc, &r->al);
    px_buf_init(&r->why, &r->al);
    px_buf_init(&r->err, &r->al);
    px_buf_init(&r->member, &r->al);
    px_buf id;
    px_buf_init(&id, &r->al);
    r->path = px_strdup(&r->al, name);
    if (!r->path || ig_id_from_name(name, &id) != PX_OK || !(r->fileid = px_buf_take(&id))) {
        px_buf_free(&id);
        px_reader_free(r);
        return NULL;
    }
    r->src = (ig_src){r->path, r->fileid, 0};
    return r;
}

void px_reader_free(px_reader *r) {
    if (!r) return;
    ig_warc_free(r->warc);
    px_buf_free(&r->member);
    for (size_t i = r->next_item; i < r->nitems; i++) {
        px_doc_free(r->items[i].doc);
        px_free(&r->al, r->items[i].why);
    }
    px_free(&r->al, r->items);
    ig_gz_free(&r->z);
    px_free(&r->al, r->zwin);
    px_buf_free(&r->own);
    px_buf_free(&r->acc);
    px_buf_free(&r->why);
    px_buf_free(&r->err);
    px_free(&r->al, r->path);
    px_free(&r->al, r->fileid);
    px_allocator a = r->al;
    px_free(&a, r);
}

void ig_reader_set_handler(px_reader *r, ig_handler *h) {
    r->h = h;
    r->src.flags = h ? h->flags : 0;
}

void ig_reader_set_max_line(px_reader *r, size_t max) { r->max_line = max; }

const char *ig_reader_path(const px_reader *r) { return r->path; }
unsigned long ig_reader_err_line(const px_reader *r) { return r->err_line; }
const char *ig_reader_reason(const px_reader *r) { return r->why.p ? r->why.p : ""; }
const char *px_reader_last_error(const px_reader *r) {
    return r && r->err.p ? r->err.p : "";
}
unsigned long px_reader_line(const px_reader *r) { return r ? r->rec_line : 0; }

/* ---- feeding ---- */

/* Moves unread raw bytes into own memory and appends bytes[0..len). */
static px_status keep(px_reader *r, const char *bytes, size_t len) {
    size_t rest = r->in_len - r->in_pos;
    if (r->in == r->own.p && r->own.p) {
        if (r->in_pos) memmove(r->own.p, r->own.p + r->in_pos, rest);
        r->own.len = rest;
    } else {
        px_buf_clear(&r->own);
        if (rest) {
            /* copying from borrowed memory: reserve first, the source is not ours */
            PX_TRY(px_buf_add(&r->own, r->in + r->in_pos, rest));
        }
    }
    px_status st = px_buf_add(&r->own, bytes, len);
    r->in = r->own.p ? r->own.p : nothing;
    r->in_len = r->own.len;
    r->in_pos = 0;
    r->borrowed = false;
    return st;
}

px_status px_reader_feed(px_reader *r, const char *bytes, size_t len) {
    if (!r || (!bytes && len)) return PX_EINVAL;
    if (r->dead) return r->dead;
    if (r->finished) return PX_ESTATE;
    if (!len) return PX_OK;
    if (r->zbad) return PX_OK; /* nothing after corrupt gzip data is read */
    bool lent = r->borrowed;
    px_status st = keep(r, bytes, len);
    if (st == PX_ENOMEM && lent) r->dead = st; /* may still point at lent bytes */
    return st;
}

px_status ig_reader_feed_borrowed(px_reader *r, const char *bytes, size_t len) {
    if (!r || (!bytes && len)) return PX_EINVAL;
    if (r->in_pos < r->in_len) return px_reader_feed(r, bytes, len);
    if (r->dead) return r->dead;
    if (r->finished) return PX_ESTATE;
    if (r->zbad) return PX_OK;
    r->in = bytes;
    r->in_len = len;
    r->in_pos = 0;
    r->borrowed = true;
    return PX_OK;
}

px_status px_reader_finish(px_reader *r) {
    if (!r) return PX_EINVAL;
    if (r->dead) return r->dead;
    r->finished = true;
    return PX_OK;
}

/* ---- plain bytes ---- */

/* Decides whether the input is gzip; false while too few bytes are in. */
static px_status decide_gz(px_reader *r, bool *known) {
    *known = true;
    if (r->gz >= 0) return PX_OK;
    size_t avail = r->in_len - r->in_pos;
    const char *p = r->in + r->in_pos;
    if (avail < 2 && !r->finished && (avail == 0 || (unsigned char)p[0] == 0x1f)) {
        *known = false;
        return PX_OK;
    }
    r->gz = ig_is_gzip(p, avail);
    if (r->gz) {
        r->zwin = px_malloc(&r->al, ZWIN);
        if (!r->zwin) return PX_ENOMEM;
        PX_TRY(ig_gz_init(&r->z, &r->al));
        r->z.member_stop = true; /* member starts are noted (view) */
    }
    return PX_OK;
}

/* Keeps the raw bytes of the member being inflated (see MEMBER_KEEP). */
static px_status keep_member(px_reader *r, const char *p, size_t n) {
    if (r->member_over) return PX_OK;
    if (r->member.len + n > MEMBER_KEEP) {
        r->member_over = true;
        px_buf_free(&r->member);
        return PX_OK;
    }
    return px_buf_add(&r->member, p, n);
}

/* After damage: the raw input restarts right after the broken member's
 * first byte, so that a member zlib read into is found again. */
static px_status rewind_member(px_reader *r) {
    if (r->member_over || r->member.len < 2) return PX_OK;
    px_buf nb;
    px_buf_init(&nb, &r->al);
    px_status st = px_buf_add(&nb, r->member.p + 1, r->member.len - 1);
    if (st == PX_OK) st = px_buf_add(&nb, r->in + r->in_pos, r->in_len - r->in_pos);
    if (st != PX_OK) {
        px_buf_free(&nb);
        return st;
    }
    r->raw_done -= r->member.len - 1;
    px_buf_free(&r->own);
    r->own = nb;
    r->in = r->own.p;
    r->in_len = r->own.len;
    r->in_pos = 0;
    r->borrowed = false;
    r->member_over = true; /* until the next member begins */
    px_buf_clear(&r->member);
    return PX_OK;
}

/* After gzip damage in a WARC: skips raw bytes to the next gzip magic
 * (1f 8b 08); false when none is in yet (a possible start of one is kept
 * for the next chunk). */
static bool seek_member(px_reader *r) {
    const char *p = r->in + r->in_pos;
    size_t n = r->in_len - r->in_pos, i = 0;
    for (; i < n; i++) {
        if ((unsigned char)p[i] != 0x1f) continue;
        if (i + 1 < n && (unsigned char)p[i + 1] != 0x8b) continue;
        if (i + 2 < n && (unsigned char)p[i + 2] != 0x08) continue;
        if (i + 2 >= n && !r->finished) break; /* decide with the next chunk */
        if (i + 2 >= n) continue;
        r->in_pos += i;
        r->raw_done += i;
        r->zseek = false;
        return true;
    }
    r->in_pos += i;
    r->raw_done += i;
    return false;
}

/* Sets p, n to the plain bytes not yet consumed, inflating more when the
 * window is used up; n == 0 means none until more input arrives. */
static px_status view(px_reader *r, const char **p, size_t *n) {
    if (r->gz != 1) {
        *p = r->in + r->in_pos;
        *n = r->in_len - r->in_pos;
        return PX_OK;
    }
    if (r->zpos == r->zlen && !r->zbad) {
        r->zpos = r->zlen = 0;
        size_t made = 0;
        /* inflation stops at each member's end, which may give no byte */
        while (made == 0 && r->in_pos < r->in_len && !r->zbad && !r->zfault) {
            if (r->zseek && !seek_member(r)) break;
            const char *in = r->in + r->in_pos;
            size_t len = r->in_len - r->in_pos;
            if (!ig_gz_in_member(&r->z)) {
                size_t pad = 0;
                while (pad < len && in[pad] == 0) pad++; /* zero padding */
                r->in_pos += pad;
                r->raw_done += pad;
                if (pad == len) break;
                r->member_note = true;
                r->member_off = r->raw_done;
                in += pad;
                len -= pad;
                px_buf_clear(&r->member);
                r->member_over = r->fmt != PX_FORMAT_AUTO && r->fmt != PX_FORMAT_WARC;
            }
            size_t before = len;
            const char *from = in;
            px_status st = ig_gz_step(&r->z, &in, &len, r->zwin, ZWIN, &made);
            r->in_pos += before - len;
            r->raw_done += before - len;
            if (st == PX_ENOMEM) return st;
            PX_TRY(keep_member(r, from, before - len));
            if (st == PX_EFORMAT && r->fmt == PX_FORMAT_WARC) {
                /* a WARC goes on at the next member; what came out stands */
                r->zfault = "corrupt gzip data";
                r->zseek = true;
                ig_gz_restart(&r->z);
                PX_TRY(rewind_member(r));
            } else if (st == PX_EFORMAT) {
                r->zbad = true;
                r->in_pos = r->in_len; /* the rest is unreadable */
            }
        }
        r->zlen = made;
    }
    *p = r->zwin + r->zpos;
    *n = r->zlen - r->zpos;
    return PX_OK;
}

static void consume(px_reader *r, size_t k) {
    if (r->gz == 1) r->zpos += k;
    else r->in_pos += k;
}

static bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Finds the format from the first non-blank plain byte (a leading BOM
 * skipped). Blank bytes seen on the way are kept in acc. */
static px_status decide_fmt(px_reader *r, bool *known) {
    *known = true;
    if (r->fmt != PX_FORMAT_AUTO) return PX_OK;
    for (;;) {
        const char *p;
        size_t n;
        PX_TRY(view(r, &p, &n));
        if (n == 0) {
            if (!r->finished) {
                *known = false;
                return PX_OK;
            }
            /* blank or empty: reported as such */
            r->fmt = r->sniff_started
                         ? ig_sniff(r->acc.p + r->sniff_from, r->acc.len - r->sniff_from)
                         : PX_FORMAT_TEXT;
            break;
        }
        size_t i = 0;
        for (; !r->sniff_started && i < n; i++, r->sniffed++) {
            unsigned char c = (unsigned char)p[i];
            /* a BOM counts as blank only at the very start */
            if (r->sniffed == r->bom_run && r->sniffed < 3 &&
                c == (unsigned char)"\xEF\xBB\xBF"[r->sniffed]) {
                r->bom_run++;
                continue;
            }
            if (!is_space(c)) break;
        }
        if (i == n) {
            PX_TRY(px_buf_add(&r->acc, p, n));
            consume(r, n);
            continue;
        }
        if (!r->sniff_started) {
            if (p[i] != '<' && p[i] != 'W') {
                r->fmt = ig_sniff(p + i, 1);
                break;
            }
            /* a feed or a WARC is told by more than its first byte: gather
             * enough into acc (where the record is gathered anyway) */
            r->sniff_started = true;
            r->sniff_from = r->acc.len + i;
            r->sniff_want = p[i] == '<' ? 4096 : 7;
        }
        size_t have = r->acc.len - r->sniff_from;
        size_t take = PX_MIN(n, i + r->sniff_want - have);
        PX_TRY(px_buf_add(&r->acc, p, take));
        consume(r, take);
        if (r->acc.len - r->sniff_from >= r->sniff_want) {
            r->fmt = ig_sniff(r->acc.p + r->sniff_from, r->acc.len - r->sniff_from);
            break;
        }
    }
    if (r->fmt == PX_FORMAT_JSONL && r->acc.len) {
        /* the blank prefix is blank lines (and a BOM): count, keep the rest */
        const char *last = NULL;
        for (size_t i = 0; i < r->acc.len; i++) {
            if (r->acc.p[i] == '\n') {
                r->lines++;
                last = r->acc.p + i;
            }
        }
        if (last) {
            size_t cut = (size_t)(last - r->acc.p) + 1;
            memmove(r->acc.p, r->acc.p + cut, r->acc.len - cut);
            r->acc.len -= cut;
            r->acc.p[r->acc.len] = '\0';
        }
    }
    return PX_OK;
}

/* ---- records ---- */

/* Cuts the next line from the plain bytes: GOT_LINE with *lp, *ln (valid
 * until the next call) and rec_line set; GOT_TOO_LONG after skipping an
 * over-long line; GOT_NONE when no complete line is in (at the end of a
 * finished input, the unterminated last line counts as complete, unless
 * gzip damage cut it short). */
static px_status get_line(px_reader *r, const char **lp, size_t *ln, int *got) {
    *got = GOT_NONE;
    if (r->acc_line) {
        px_buf_clear(&r->acc);
        r->acc_line = false;
    }
    for (;;) {
        const char *p;
        size_t n;
        PX_TRY(view(r, &p, &n));
        if (n == 0) {
            if (!r->finished) return PX_OK;
            if (r->skipping) {
                r->skipping = false;
                *got = GOT_TOO_LONG;
                r->rec_line = r->skip_line;
            } else if (r->acc.len) {
                if (r->zbad || (r->gz == 1 && ig_gz_in_member(&r->z))) {
                    px_buf_clear(&r->acc); /* lost with the damage */
                    return PX_OK;
                }
                r->rec_line = ++r->lines;
                *lp = r->acc.p;
                *ln = r->acc.len;
                r->acc_line = true;
                *got = GOT_LINE;
            }
            return PX_OK;
        }
        const char *nl = memchr(p, '\n', n);
        size_t k = nl ? (size_t)(nl - p) : n;
        if (r->skipping) {
            consume(r, nl ? k + 1 : n);
            if (!nl) continue;
            r->skipping = false;
            r->lines++;
            r->rec_line = r->skip_line;
            *got = GOT_TOO_LONG;
            return PX_OK;
        }
        if (k > r->max_line || r->acc.len > r->max_line - k) {
            r->skip_line = r->lines + 1;
            px_buf_free(&r->acc); /* give the memory back now */
            r->skipping = true;
            continue;
        }
        if (nl && r->acc.len == 0) { /* the common case: no copy */
            consume(r, k + 1);
            r->rec_line = ++r->lines;
            *lp = p;
            *ln = k;
            *got = GOT_LINE;
            return PX_OK;
        }
        PX_TRY(px_buf_add(&r->acc, p, k));
        consume(r, nl ? k + 1 : k);
        if (nl) {
            r->rec_line = ++r->lines;
            *lp = r->acc.p;
            *ln = r->acc.len;
            r->acc_line = true;
            *got = GOT_LINE;
            return PX_OK;
        }
    }
}

/* Makes the last bad record's messages; returns code. */
static px_status bad(px_reader *r, unsigned long line, px_status code) {
    r->err_line = line;
    px_buf_clear(&r->err);
    px_status st = line ? px_buf_printf(&r->err, "%s:%lu: %s", r->path, line, r->why.p)
                        : px_buf_printf(&r->err, "%s: %s", r->path, r->why.p);
    return st == PX_OK ? code : st;
}

static px_status bad_reason(px_reader *r, unsigned long line, const char *why, px_status code) {
    px_buf_clear(&r->why);
    PX_TRY(px_buf_adds(&r->why, why));
    return bad(r, line, code);
}

/* Hands a good doc out, noting its repairs. */
static px_status good(px_reader *r, px_doc *d, size_t nbad, unsigned long line, px_doc **out) {
    if (nbad) {
        if (!r->nbad) r->bad_line = line;
        r->nbad += nbad;
    }
    if (r->h && d->published[0] && d->time == PX_TIME_UNKNOWN) {
        px_buf msg;
        px_buf_init(&msg, &r->al);
        px_status st = ig_bad_date_reason(d->published, &msg);
        if (st != PX_OK) {
            px_buf_free(&msg);
            px_doc_free(d);
            return st;
        }
        if (r->h->diag) r->h->diag(r->h->ud, r->path, line, msg.p);
        r->h->repaired++;
        px_buf_free(&msg);
    }
    if (r->h && d->cut_short) {
        /* nothing dropped silently: the article is what the start held */
        char msg[96];
        snprintf(msg, sizeof msg, "page has more than %zu elements; only the first were read",
                 (size_t)IG_MAX_NODES);
        if (r->h->diag) r->h->diag(r->h->ud, r->path, line, msg);
        r->h->repaired++;
    }
    *out = d;
    return PX_OK;
}

/* The reports due once the input is over, one per call; PX_ESTATE after. */
static px_status end_of_input(px_reader *r) {
    while (r->end_stage < 3) {
        int stage = r->end_stage++;
        if (stage == 0 && r->fmt == PX_FORMAT_JSONL && r->gz == 1) {
            const char *why = r->zbad ? "corrupt gzip data"
                              : ig_gz_in_member(&r->z) ? "truncated gzip data" : NULL;
            if (why) {
                r->damaged = true;
                r->rec_line = 0;
                return bad_reason(r, 0, why, PX_EFORMAT);
            }
        } else if (stage == 1 && r->fmt == PX_FORMAT_JSONL && !r->saw_data && !r->damaged) {
            r->rec_line = 0;
            return bad_reason(r, 0, "empty file", PX_EEMPTY);
        } else if (stage == 2 && r->nbad && r->h) {
            px_buf msg;
            px_buf_init(&msg, &r->al);
            px_status st = px_buf_printf(&msg, "invalid UTF-8 replaced (%zu sequence%s)", r->nbad,
                                         r->nbad == 1 ? "" : "s");
            if (st == PX_OK && r->h->diag) r->h->diag(r->h->ud, r->path, r->bad_line, msg.p);
            px_buf_free(&msg);
            PX_TRY(st);
            r->h->repaired++;
        }
    }
    return PX_ESTATE;
}

static px_status next_jsonl(px_reader *r, px_doc **out) {
    for (;;) {
        const char *lp = NULL;
        size_t ln = 0;
        int got;
        PX_TRY(get_line(r, &lp, &ln, &got));
        if (got == GOT_NONE) return r->finished ? end_of_input(r) : PX_ESTATE;
        if (got == GOT_TOO_LONG) {
            r->saw_data = true;
            return bad_reason(r, r->rec_line, "line too long", PX_EFORMAT);
        }
        px_doc *d = NULL;
        size_t nbad = 0;
        unsigned long line = r->rec_line;
        px_status st = ig_jsonl_record(&r->src, lp, ln, line, &r->al, &d, &r->why, &nbad);
        if (st == PX_ENOMEM) return st;
        if (st == PX_OK && !d) continue; /* a blank line is no record */
        r->saw_data = true;
        if (st != PX_OK) return bad(r, line, st);
        return good(r, d, nbad, line, out);
    }
}

/* ---- feeds: the items, made at finish, handed out one by one ---- */

static px_status queue_item(void *ud, px_doc *doc, unsigned long line, const char *why,
                            size_t nbad) {
    px_reader *r = ud;
    px_status st = px_grow(&r->al, (void **)&r->items, &r->citems, r->nitems + 1,
                           sizeof *r->items);
    char *w = NULL;
    if (st == PX_OK && !doc && !(w = px_strdup(&r->al, why ? why : "unusable item")))
        st = PX_ENOMEM;
    if (st != PX_OK) {
        px_doc_free(doc);
        return st;
    }
    r->items[r->nitems++] = (struct fitem){doc, w, line, nbad};
    return PX_OK;
}

static px_status next_item(px_reader *r, px_doc **out) {
    if (r->next_item == r->nitems) return end_of_input(r);
    struct fitem it = r->items[r->next_item++];
    r->saw_data = true;
    r->rec_line = it.line;
    if (it.doc) return good(r, it.doc, it.nbad, it.line, out);
    px_status st = bad_reason(r, it.line, it.why, PX_EEMPTY);
    px_free(&r->al, it.why);
    return st;
}

static px_status parse_feed(px_reader *r, px_doc **out) {
    size_t fbad = 0;
    const char *s = r->acc.p ? r->acc.p : "";
    px_status st = ig_feed_parse(&r->src, s, r->acc.len, &r->al, queue_item, r, &r->why, &fbad);
    px_buf_free(&r->acc);
    if (fbad) {
        if (!r->nbad) r->bad_line = 0;
        r->nbad += fbad;
    }
    if (st == PX_ENOMEM) return st;
    if (st != PX_OK) return bad(r, 0, st);
    return next_item(r, out);
}

/* ---- WARC: records streamed through the scanner of warc.c ---- */

/* Hands out what the scanner produced; *done false when nothing. */
static px_status warc_event(px_reader *r, ig_warc_ev ev, px_doc *d, size_t nbad,
                            px_doc **out, bool *done) {
    *done = ev == IG_WARC_DOC || ev == IG_WARC_BAD;
    r->rec_line = 0;
    if (ev == IG_WARC_IGNORED && r->h) r->h->ignored++;
    if (ev == IG_WARC_DOC) return good(r, d, nbad, 0, out);
    if (ev == IG_WARC_BAD) return bad_reason(r, 0, ig_warc_why(r->warc), PX_EFORMAT);
    return PX_OK;
}

static px_status next_warc(px_reader *r, px_doc **out) {
    if (!r->warc && !(r->warc = ig_warc_new(&r->src, &r->al))) return PX_ENOMEM;
    for (;;) {
        ig_warc_ev ev = IG_WARC_NONE;
        px_doc *d = NULL;
        size_t nbad = 0, used;
        const char *p;
        size_t n;
        if (r->member_note) { /* first: damage is in the member just begun */
            r->member_note = false;
            ig_warc_member(r->warc, r->member_off);
            continue;
        } else if (r->zfault && r->zpos == r->zlen) {
            /* after what was inflated before the damage: that does not
             * depend on how the input was split */
            PX_TRY(ig_warc_damage(r->warc, r->zfault, &ev, &d, &nbad));
            if (ev == IG_WARC_NONE) r->zfault = NULL;
        } else if (r->acc_pos < r->acc.len) { /* what sniffing gathered */
            PX_TRY(ig_warc_step(r->warc, r->acc.p + r->acc_pos, r->acc.len - r->acc_pos, &used,
                                &ev, &d, &nbad));
            r->acc_pos += used;
            if (r->acc_pos == r->acc.len) {
                px_buf_free(&r->acc);
                r->acc_pos = 0;
            }
        } else {
            PX_TRY(view(r, &p, &n));
            if (r->member_note) continue;
            if (n) {
                PX_TRY(ig_warc_step(r->warc, p, n, &used, &ev, &d, &nbad));
                consume(r, used);
            } else if (r->zfault) {
                continue;
            } else if (!r->finished) {
                return PX_ESTATE;
            } else if (r->gz == 1 && ig_gz_in_member(&r->z)) {
                ig_gz_restart(&r->z);
                r->zfault = "truncated gzip data";
                continue;
            } else {
                PX_TRY(ig_warc_end(r->warc, &ev, &d, &nbad));
                if (ev == IG_WARC_NONE) return end_of_input(r);
            }
        }
        bool done;
        px_status st = warc_event(r, ev, d, nbad, out, &done);
        if (st != PX_OK || done) return st;
    }
}

static px_status next_doc(px_reader *r, px_doc **out) {
    for (;;) {
        const char *p;
        size_t n;
        PX_TRY(view(r, &p, &n));
        if (n == 0) break;
        if (!r->too_big && r->acc.len + n > r->max_line) {
            r->too_big = true;
            px_buf_free(&r->acc);
        }
        if (!r->too_big) PX_TRY(px_buf_add(&r->acc, p, n));
        consume(r, n);
    }
    if (!r->finished) return PX_ESTATE;
    if (r->doc_done) return r->fmt == PX_FORMAT_FEED ? next_item(r, out) : end_of_input(r);
    r->doc_done = true;
    r->rec_line = 1;
    if (r->gz == 1 && (r->zbad || ig_gz_in_member(&r->z))) {
        px_buf_free(&r->acc);
        return bad_reason(r, 0, r->zbad ? "corrupt gzip data" : "truncated gzip data",
                          PX_EFORMAT);
    }
    if (r->too_big) return bad_reason(r, 0, "file too large", PX_EFORMAT);
    if (r->fmt == PX_FORMAT_FEED) return parse_feed(r, out);
    px_doc *d = NULL;
    size_t nbad = 0;
    const char *s = r->acc.p ? r->acc.p : "";
    px_status st = r->fmt == PX_FORMAT_HTML
                       ? ig_html_record(&r->src, s, r->acc.len, &r->al, &d, &r->why, &nbad)
                       : ig_text_record(&r->src, s, r->acc.len, &r->al, &d, &r->why, &nbad);
    px_buf_free(&r->acc);
    if (st == PX_ENOMEM) return st;
    if (st != PX_OK) return bad(r, 0, st);
    return good(r, d, nbad, 0, out);
}

/* Before returning PX_ESTATE: borrowed bytes not read yet become own. */
static px_status release(px_reader *r) {
    if (!r->borrowed) return PX_OK;
    if (r->in_pos == r->in_len) {
        r->in = nothing;
        r->in_len = r->in_pos = 0;
        r->borrowed = false;
        return PX_OK;
    }
    return keep(r, "", 0);
}

px_status px_reader_next(px_reader *r, px_doc **out) {
    if (!r || !out) return PX_EINVAL;
    *out = NULL;
    if (r->dead) return r->dead;
    bool known;
    px_status st = decide_gz(r, &known);
    if (st == PX_OK && !known) st = PX_ESTATE;
    if (st == PX_OK) st = decide_fmt(r, &known);
    if (st == PX_OK && !known) st = PX_ESTATE;
    if (st == PX_OK)
        st = r->fmt == PX_FORMAT_JSONL  ? next_jsonl(r, out)
             : r->fmt == PX_FORMAT_WARC ? next_warc(r, out)
                                        : next_doc(r, out);
    if (st == PX_ESTATE) {
        px_status k = release(r);
        if (k != PX_OK) st = k;
    }
    if (st == PX_ENOMEM) r->dead = st;
    return st;
}

/* ---- one article ---- */

/* Inflates gzip bytes into out, at most max bytes of output. */
static px_status inflate_bounded(const char *s, size_t n, px_buf *out, size_t max) {
    ig_gz g;
    PX_TRY(ig_gz_init(&g, out->al));
    px_status st = PX_OK;
    while (st == PX_OK && n > 0) {
        if (out->len >= max) {
            st = PX_EFORMAT;
            break;
        }
        size_t room = PX_MIN(max - out->len, PX_MAX((size_t)1 << 16, out->len));
        st = px_buf_reserve(out, room);
        if (st != PX_OK) break;
        size_t made;
        st = ig_gz_step(&g, &s, &n, out->p + out->len, room, &made);
        out->len += made;
        out->p[out->len] = '\0';
    }
    if (st == PX_OK && ig_gz_in_member(&g)) st = PX_EFORMAT;
    ig_gz_free(&g);
    return st;
}

/* The first article of a feed or WARC in bytes; else the first bad
 * record's code, or PX_EEMPTY. */
static px_status first_article(const char *s, size_t n, px_format fmt, const char *name,
                               const px_allocator *al, px_doc **out) {
    px_reader *r = px_reader_new(fmt, name, al);
    if (!r) return PX_ENOMEM;
    px_status st = ig_reader_feed_borrowed(r, s, n), first = PX_EEMPTY;
    if (st == PX_OK) st = px_reader_finish(r);
    while (st == PX_OK && !*out) {
        st = px_reader_next(r, out);
        if (st != PX_OK && st != PX_ESTATE && st != PX_ENOMEM) {
            if (first == PX_EEMPTY) first = st;
            st = PX_OK;
        }
    }
    px_reader_free(r);
    if (st == PX_ESTATE) st = first;
    return st;
}

px_status px_doc_parse(const char *bytes, size_t len, px_format fmt, const char *name,
                       const px_allocator *alloc, px_doc **out) {
    if (!out) return PX_EINVAL;
    *out = NULL;
    if ((!bytes && len) || (unsigned)fmt > PX_FORMAT_WARC) return PX_EINVAL;
    if (!bytes) bytes = "";
    px_allocator a;
    px_alloc_init(&a, alloc);
    if (!name) name = "-";
    px_buf plain, id, why;
    px_buf_init(&plain, &a);
    px_buf_init(&id, &a);
    px_buf_init(&why, &a);
    px_status st = PX_OK;
    if (ig_is_gzip(bytes, len)) {
        st = inflate_bounded(bytes, len, &plain, IG_MAX_LINE);
        bytes = plain.p ? plain.p : "";
        len = plain.len;
    }
    if (fmt == PX_FORMAT_AUTO) fmt = ig_format_from_name(name);
    if (fmt == PX_FORMAT_AUTO) fmt = ig_sniff(bytes, len);
    if (st == PX_OK) st = ig_id_from_name(name, &id);
    if (st == PX_OK && len > IG_MAX_LINE) st = PX_EFORMAT;
    if (st == PX_OK) {
        ig_src src = {name, id.p, 0};
        size_t nbad = 0;
        if (fmt == PX_FORMAT_FEED || fmt == PX_FORMAT_WARC)
            st = first_article(bytes, len, fmt, name, &a, out);
        else if (fmt == PX_FORMAT_TEXT)
            st = ig_text_record(&src, bytes, len, &a, out, &why, &nbad);
        else if (fmt == PX_FORMAT_HTML) st = ig_html_record(&src, bytes, len, &a, out, &why, &nbad);
        else st = ig_jsonl_record(&src, bytes, len, 1, &a, out, &why, &nbad);
        if (st == PX_OK && !*out) st = PX_EEMPTY; /* a blank JSON text */
    }
    px_buf_free(&plain);
    px_buf_free(&id);
    px_buf_free(&why);
    return st;
}
