/*
 * ingest.h - reading articles: files, directories, standard input, gzip,
 * .txt with header lines, .html (article extraction), JSON Lines, RSS/Atom
 * feeds, WARC files; UTF-8 checked and repaired.
 *
 * Produces px_doc values with metadata and valid UTF-8 text. Never looks at
 * what later stages do with them.
 *
 * Layers, bottom up: utf8.c (checking and repair), json.c (a strict JSON
 * scanner for one record), gzip.c (inflate), html.c (page to dom.h tree and
 * metadata), extract.c (the article body), jsonld.c (structured data),
 * record.c (one record's bytes to one px_doc), feed.c (an RSS or Atom feed
 * to one doc per item), warc.c (a WARC record scanner, one doc per HTML
 * response), reader.c (px_reader: chunks to records, and px_doc_parse),
 * read.c (files, directories, stdin). There is one JSON Lines code path:
 * every input goes through px_reader.
 */
#ifndef PX_INGEST_H
#define PX_INGEST_H

#include "../common/doc.h"

/* Receives each good record; takes ownership of doc (also on failure). A
 * non-OK status stops the read and is returned by ig_read_*. */
typedef px_status (*ig_sink_fn)(void *ud, px_doc *doc);

typedef struct ig_handler {
    ig_sink_fn sink;    /* good records */
    px_diag_fn diag;    /* bad or repaired records: path, line, reason */
    void *ud;           /* passed to both */
    size_t read;        /* incremented per record seen (good or bad) */
    size_t skipped;     /* incremented per record not passed to sink */
    size_t repaired;    /* incremented per file with invalid UTF-8 and per
                           record with an unparseable published date */
    unsigned flags;     /* IG_* */
    size_t ignored;     /* incremented per record that is no article (a
                           WARC request, metadata, non-HTML response):
                           neither read nor skipped, and not reported */
} ig_handler;

/* Keep each JSON Lines record's bytes in doc->raw (dedup writes them back). */
#define IG_KEEP_RAW (1u << 0)

/* The longest JSON Lines record (and the largest text or HTML file) read;
 * a longer line is reported as "line too long" and skipped. */
#define IG_MAX_LINE ((size_t)64 << 20)

/*
 * Reads a file, a directory (recursively; files ending in .txt, .html,
 * .htm, .jsonl, .json, .xml, .rss, .atom, .warc, each optionally .gz, in byte order of their paths;
 * names starting with '.' skipped) or "-" (standard input, sniffed).
 * Returns PX_EIO (with a message in err) when path cannot be opened at all;
 * bad records go to h->diag. A JSON Lines record without an "id" gets the
 * id "<file id>-<line>"; a file's id is its base name without extensions.
 */
px_status ig_read_path(const char *path, const px_allocator *al,
                       ig_handler *h, px_buf *err);

/* Reads the records in bytes as though from a file called name. The bytes
 * are not copied (except a text or HTML document, which is gathered). */
px_status ig_read_bytes(const char *name, const char *bytes, size_t len,
                        px_format fmt, const px_allocator *al, ig_handler *h);

/* Guesses the format from a name (extensions, .gz ignored); AUTO if none. */
px_format ig_format_from_name(const char *name);

/* The id a file gives its article: base name without known extensions
 * (.txt .html .htm .jsonl .json .xml .rss .atom .warc .gz, any case, stripped repeatedly from the
 * end); "-" gives "stdin". Appends to out. */
px_status ig_id_from_name(const char *name, px_buf *out);

/*
 * Appends s to out with every invalid UTF-8 sequence replaced by U+FFFD,
 * leading BOMs dropped and CRLF/CR turned into LF. *nbad receives the
 * number of replacements. Safe on arbitrary bytes.
 *
 * Invalid means anything outside the well-formed table of Unicode 15
 * section 3.9 (overlongs, surrogates, beyond U+10FFFF, stray continuation
 * bytes, truncated sequences); each maximal ill-formed subpart becomes one
 * U+FFFD. NUL bytes are replaced too (and counted) so that the text is a
 * NUL-free C string.
 */
px_status ig_utf8_clean(const char *s, size_t n, px_buf *out, size_t *nbad);

/* Appends s, in the named charset, converted to UTF-8 (iconv); a byte that
 * does not convert becomes U+FFFD and counts in *nbad. PX_EUNSUPPORTED
 * when iconv does not know the charset. */
px_status ig_charset_to_utf8(const char *charset, const char *s, size_t n, px_buf *out,
                             size_t *nbad);

/* True when ig_utf8_clean would return s unchanged: valid UTF-8 without a
 * leading BOM, CR or NUL. Fast on ASCII. */
bool ig_utf8_is_clean(const char *s, size_t n);

/* Inflates gzip data (one or more members) into out; PX_EFORMAT when it is
 * truncated or corrupt (out then holds what was decoded before the fault),
 * PX_ENOMEM when memory runs out. */
px_status ig_gunzip(const char *s, size_t n, px_buf *out);

/* A gzip stream being inflated piece by piece (gzip.c). */
typedef struct ig_gz {
    void *z;                /* the zlib z_stream */
    const px_allocator *al; /* zlib's memory comes from here */
    int state;              /* between members, in one, or failed */
    bool member_stop;       /* ig_gz_step returns at each member's end */
} ig_gz;

px_status ig_gz_init(ig_gz *g, const px_allocator *al);
void ig_gz_free(ig_gz *g);
/* Inflates from (*in, *in_len), advancing them, into out[0..cap); *made
 * receives the bytes written. Stops when out is full or input runs out.
 * Members follow each other; zero bytes between them are padding.
 * @return PX_OK, PX_EFORMAT once the data is corrupt (and ever after),
 * PX_ENOMEM. */
px_status ig_gz_step(ig_gz *g, const char **in, size_t *in_len, char *out,
                     size_t cap, size_t *made);
/* True when the input so far stops inside a member (truncated if it ends
 * here). */
bool ig_gz_in_member(const ig_gz *g);
/* After PX_EFORMAT: forget the damage and expect a new member. */
void ig_gz_restart(ig_gz *g);

/* True when s starts with the gzip magic bytes. */
static inline bool ig_is_gzip(const char *s, size_t n) {
    return n >= 2 && (unsigned char)s[0] == 0x1f && (unsigned char)s[1] == 0x8b;
}

/* ---- JSON (json.c) ---- */

/* The top-level fields of a JSON Lines record that ingest uses. */
enum {
    IG_F_ID, IG_F_URL, IG_F_SOURCE, IG_F_TITLE, IG_F_PUBLISHED,
    IG_F_LANGUAGE, IG_F_TEXT, IG_F_HTML, IG_F_COUNT
};

/* The kind of a field's value. */
typedef enum ig_jtype {
    IG_J_ABSENT = 0, /* the key does not occur */
    IG_J_NULL,       /* null: treated as absent */
    IG_J_STRING,     /* p, n: the bytes between the quotes, escapes intact */
    IG_J_NUMBER,     /* p, n: the number as written */
    IG_J_OTHER       /* true, false, an object or an array */
} ig_jtype;

/* One field of a scanned record; points into the scanned bytes. */
typedef struct ig_jval {
    ig_jtype type;  /* kind of value */
    const char *p;  /* raw bytes (strings without quotes) */
    size_t n;       /* bytes at p */
    bool esc;       /* the string holds backslash escapes */
} ig_jval;

/* The names of the IG_F_* fields, as in the JSON ("id", "url", ...). */
extern const char *const ig_field_names[IG_F_COUNT];

/*
 * Scans one JSON text (RFC 8259, strict; surrounding whitespace allowed)
 * that should be an object, and fills f[] for the top-level keys named in
 * ig_field_names (the last occurrence wins). String contents are not
 * checked for UTF-8 here: ig_json_unescape and ig_utf8_clean repair them.
 * @return 0 for an object; 1 for valid JSON that is not an object; -1 for
 * malformed JSON, with a message such as "expected ':' at column 7" in msg.
 */
int ig_json_scan(const char *s, size_t n, ig_jval f[IG_F_COUNT], char *msg,
                 size_t msglen);

/* Decodes the escapes of a scanned string (p, n) into dst, which must hold
 * n bytes; returns the decoded length. \u0000 and lone surrogates become
 * U+FFFD and are counted in *nbad. */
size_t ig_json_unescape(const char *p, size_t n, char *dst, size_t *nbad);

/* ---- HTML (html.c) ---- */

/* What a web page gives besides its text. */
typedef struct ig_html_meta {
    px_buf title;       /* JSON-LD headline, else og:title, else <title> */
    px_buf source;      /* og:site_name, else the JSON-LD publisher */
    px_buf url;         /* <link rel=canonical>, else og:url */
    px_buf published;   /* JSON-LD datePublished, article:published_time, ... */
    px_buf author;      /* JSON-LD author names, else <meta name=author> */
    px_buf description; /* og:description, else <meta name=description> */
    px_buf lang;        /* <html lang>, as a bare language code ("en") */
    bool truncated;     /* the page had more than IG_MAX_NODES nodes */
} ig_html_meta;

/*
 * Extracts the article of a page given as UTF-8 (s, n; bytes that
 * ig_utf8_clean has passed): appends its body to text, paragraphs
 * separated by blank lines, everything around the article (navigation,
 * related links, comments, footers) left out; entities decoded. meta (may
 * be NULL; initialise its buffers) receives the page's metadata. Nesting
 * depth costs no stack; memory is bounded by IG_MAX_NODES. A page libxml2
 * cannot parse at all gives no text and PX_OK.
 */
px_status ig_html_text(const char *s, size_t n, px_buf *text, ig_html_meta *meta);

/*
 * The same from a page's raw bytes, in whatever charset: UTF-8, UTF-16
 * with a BOM, or the charset its <meta> declares when the bytes are not
 * UTF-8 (converted with iconv). *bad receives the repairs made before
 * parsing (invalid UTF-8 or unconvertible bytes). Safe on arbitrary bytes;
 * this is the function fuzz/fuzz_html.c exercises.
 */
px_status ig_html_page(const char *s, size_t n, const px_allocator *al, px_buf *text,
                       ig_html_meta *meta, size_t *bad);

/* The charset a page declares in its first 4 KB (<meta charset> or an
 * http-equiv content), unless it is UTF-8; false when none. */
bool ig_html_charset(const char *s, size_t n, char out[40]);

/* ---- records (record.c) ---- */

/* Where records come from. */
typedef struct ig_src {
    const char *path;   /* the name as given ("-" for stdin) */
    const char *fileid; /* the file's id (ig_id_from_name) */
    unsigned flags;     /* IG_KEEP_RAW */
} ig_src;

/*
 * Each builds one doc from one record. @return PX_OK with *out set;
 * PX_EFORMAT or PX_EEMPTY with the reason ("record has no text", ...) in
 * why; PX_ENOMEM. *nbad is increased by the invalid UTF-8 sequences the
 * doc's strings needed replaced (only when PX_OK).
 */
/* A JSON Lines record (one line without its newline; line is 1-based). A
 * blank line gives PX_OK with *out NULL. */
px_status ig_jsonl_record(const ig_src *src, const char *s, size_t n,
                          unsigned long line, const px_allocator *al,
                          px_doc **out, px_buf *why, size_t *nbad);
/* A .txt file's content. */
px_status ig_text_record(const ig_src *src, const char *s, size_t n,
                         const px_allocator *al, px_doc **out, px_buf *why,
                         size_t *nbad);
/* An .html file's content. */
px_status ig_html_record(const ig_src *src, const char *s, size_t n,
                         const px_allocator *al, px_doc **out, px_buf *why,
                         size_t *nbad);
/* The format of content: gzip already inflated; first non-space byte '{'
 * is JSON Lines; "WARC/1." WARC; '<' a feed when the first element (after
 * an XML declaration, comments, processing instructions and a DOCTYPE) is
 * <rss>, <feed> or <rdf:RDF>, else HTML; anything else text. */
px_format ig_sniff(const char *s, size_t n);
/* Writes `unparseable published date "..."` (the value cut to 64 bytes). */
px_status ig_bad_date_reason(const char *published, px_buf *why);

/* ---- reader internals (reader.c) ---- */

/* Reports repairs (invalid UTF-8, bad dates) to h->diag, counts them in
 * h->repaired and keeps raw JSON Lines bytes when h->flags says so. */
void ig_reader_set_handler(px_reader *r, ig_handler *h);
/* Lowers the line cap (IG_MAX_LINE) so tests need not make 64 MiB. */
void ig_reader_set_max_line(px_reader *r, size_t max);
/* Like px_reader_feed but keeps a pointer to bytes instead of a copy: the
 * bytes must stay unchanged until px_reader_next returns PX_ESTATE (what is
 * left unread then is copied). */
px_status ig_reader_feed_borrowed(px_reader *r, const char *bytes, size_t len);
/* The path, the line and the bare reason of the last bad record. */
const char *ig_reader_path(const px_reader *r);
unsigned long ig_reader_err_line(const px_reader *r);
const char *ig_reader_reason(const px_reader *r);

/* ---- shared by feed.c and warc.c (record.c) ---- */

/* A new doc with id (and path, with ":line" appended when line > 0). */
px_status ig_doc_new(const ig_src *src, const px_allocator *al, const char *id, size_t idn,
                     unsigned long line, px_doc **out);
/* Sets a fresh doc's field to a repaired copy of s[0..n); *len (if not
 * NULL) receives the length. */
px_status ig_doc_set_clean(px_doc *d, char **field, const char *s, size_t n, size_t *nbad,
                           size_t *len);
/* The common end of a record (see record.c): takes the title as text when
 * there is no body, parses the time; frees d on failure. */
px_status ig_doc_finish(px_doc *d, px_status st, size_t bad, px_buf *why, size_t *nbad,
                        px_doc **out);
/* Sets d->lang from a language tag's primary subtag ("en-US" gives "en"). */
void ig_doc_set_lang_tag(px_doc *d, const char *s, size_t n);

/* ---- feeds (feed.c) ---- */

/* One item of a feed: a doc (ownership passes, also on failure) or NULL
 * with the reason it was not usable; line is where the item began. */
typedef px_status (*ig_item_fn)(void *ud, px_doc *doc, unsigned long line, const char *why,
                                size_t nbad);

/*
 * Parses an RSS 2.0, RSS 1.0 (RDF) or Atom feed from bytes (any bytes:
 * repaired to UTF-8 first, in the charset the XML declaration names) and
 * calls fn once per item or entry, in document order. No entity is
 * expanded and nothing is loaded (no DTD, no network). A feed that
 * libxml2 can only partly parse gives the items before the damage.
 * *nbad is increased by the invalid UTF-8 sequences the whole file needed
 * replaced before parsing.
 * @return PX_OK; PX_EFORMAT or PX_EEMPTY with why set when the bytes hold
 * no feed at all; PX_ENOMEM; or the first non-OK status fn returned.
 */
px_status ig_feed_parse(const ig_src *src, const char *s, size_t n, const px_allocator *al,
                        ig_item_fn fn, void *ud, px_buf *why, size_t *nbad);

/* Converts an RFC 822 / RFC 1123 date ("Tue, 01 Dec 2026 14:05:00 +0100",
 * zone names such as GMT or EST) to ISO 8601 in out; false if it is not
 * one. */
bool ig_rfc822_to_iso(const char *s, size_t n, char out[32]);

/* ---- WARC (warc.c) ---- */

/* What ig_warc_step and ig_warc_end produced. */
typedef enum ig_warc_ev {
    IG_WARC_NONE = 0, /* nothing yet: feed more */
    IG_WARC_DOC,      /* an article (in *doc) */
    IG_WARC_BAD,      /* a damaged record: ig_warc_why says which and why */
    IG_WARC_IGNORED   /* a record that is no article, not an error */
} ig_warc_ev;

typedef struct ig_warc ig_warc;

/* A WARC/1.0 or 1.1 record scanner over plain (inflated) bytes. */
ig_warc *ig_warc_new(const ig_src *src, const px_allocator *al);
void ig_warc_free(ig_warc *w);
/* Consumes plain bytes from p[0..n) until one event is ready; *used
 * receives the bytes consumed (all of them when *ev is IG_WARC_NONE). */
px_status ig_warc_step(ig_warc *w, const char *p, size_t n, size_t *used, ig_warc_ev *ev,
                       px_doc **doc, size_t *nbad);
/* The input is over: the events still due, one per call, then NONE. */
px_status ig_warc_end(ig_warc *w, ig_warc_ev *ev, px_doc **doc, size_t *nbad);
/* The plain bytes that follow begin a gzip member at raw offset off. */
void ig_warc_member(ig_warc *w, uint64_t off);
/* The gzip data broke (what: "corrupt gzip data", ...): a complete record
 * still awaiting confirmation comes out first, then the record in
 * progress is reported lost (IG_WARC_BAD, unless the damage repeats one
 * just reported); call until *ev is IG_WARC_NONE. Scanning then waits for
 * the next "WARC/" line or member. */
px_status ig_warc_damage(ig_warc *w, const char *what, ig_warc_ev *ev, px_doc **doc,
                         size_t *nbad);
/* "record N (offset X): reason" of the last IG_WARC_BAD. */
const char *ig_warc_why(const ig_warc *w);
/* Records seen so far (articles or not). */
unsigned long ig_warc_records(const ig_warc *w);

#endif
