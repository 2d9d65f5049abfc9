/*
 * record.c - one record's bytes to one px_doc.
 *
 * Consumes the content of a .txt file, of an .html file, or one JSON Lines
 * line, with the name it came from; produces a px_doc whose strings are
 * valid UTF-8 (repaired, and the repairs counted), or the short stable
 * reason why the record cannot be used. Also names things: a file's id
 * and format from its name, a format from content.
 *
 * Rules, in the order a reader meets them:
 * - .txt: header lines `Key: value` (Title, Source, URL, Published,
 *   Language, Id; keys in any case) up to the first blank line, but only if
 *   every line before it is such a header; otherwise the whole file is body.
 * - JSON Lines: fields id, url, source, title, published, language, text,
 *   html; others are ignored; null counts as absent (real corpora write
 *   "source": null). Any other non-string value of these fields costs the
 *   record (`field "title" is not a string`), except a number as id, which
 *   is kept as written. No id: "<file id>-<line>". No usable text: the html
 *   field's text, else the title (some corpora are headlines only), else
 *   "record has no text".
 * - Whatever the format, the title stands in for a missing body.
 */
#include "ingest.h"

#include <stdio.h>

static bool is_ws(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!is_ws((unsigned char)s[i])) return false;
    return true;
}

static void trim(const char **s, size_t *n) {
    while (*n && is_ws((unsigned char)**s)) (*s)++, (*n)--;
    while (*n && is_ws((unsigned char)(*s)[*n - 1])) (*n)--;
}

static bool ieq(const char *a, size_t n, const char *b) {
    if (strlen(b) != n) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)a[i];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c != (unsigned char)b[i]) return false;
    }
    return true;
}

/* ---- names ---- */

static const char *const exts[] = {".gz",  ".txt", ".html", ".htm",  ".jsonl",
                                   ".json", ".xml", ".rss",  ".atom", ".warc"};

/* The known extension that s[0..n) ends with (index into exts), or -1. */
static int ext_of(const char *s, size_t n) {
    for (size_t k = 0; k < PX_ARRAY_LEN(exts); k++) {
        size_t e = strlen(exts[k]);
        if (n > e && ieq(s + n - e, e, exts[k])) return (int)k;
    }
    return -1;
}

/* The base name of a path: after the last '/', trailing slashes ignored. */
static void base_name(const char *name, const char **b, size_t *n) {
    size_t len = strlen(name);
    while (len > 1 && name[len - 1] == '/') len--;
    size_t start = len;
    while (start > 0 && name[start - 1] != '/') start--;
    *b = name + start;
    *n = len - start;
}

px_format ig_format_from_name(const char *name) {
    if (!name) return PX_FORMAT_AUTO;
    const char *b;
    size_t n;
    base_name(name, &b, &n);
    while (ext_of(b, n) == 0) n -= 3; /* .gz, repeatedly */
    switch (ext_of(b, n)) {
    case 1: return PX_FORMAT_TEXT;
    case 2: case 3: return PX_FORMAT_HTML;
    case 4: case 5: return PX_FORMAT_JSONL;
    case 6: case 7: case 8: return PX_FORMAT_FEED;
    case 9: return PX_FORMAT_WARC;
    default: return PX_FORMAT_AUTO;
    }
}

px_status ig_id_from_name(const char *name, px_buf *out) {
    if (!name || strcmp(name, "-") == 0) return px_buf_adds(out, "stdin");
    const char *b;
    size_t n;
    base_name(name, &b, &n);
    int k;
    /* ext_of only matches when something precedes the extension, so a
     * name such as ".txt" stays whole rather than becoming "" */
    while ((k = ext_of(b, n)) >= 0) n -= strlen(exts[k]);
    return px_buf_add(out, b, n);
}

/* Skips from s[i] (a '<') past "<?...?>", "<!--...-->" or "<!...>" (a
 * DOCTYPE, with its internal subset); returns the index after, or n. */
static size_t skip_prolog_item(const char *s, size_t n, size_t i) {
    const char *end = "?>";
    if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) end = "-->";
    else if (i + 1 < n && s[i + 1] == '!') end = NULL;
    if (end) {
        size_t e = strlen(end);
        for (size_t j = i + 2; j + e <= n; j++)
            if (memcmp(s + j, end, e) == 0) return j + e;
        return n;
    }
    int depth = 0;
    for (size_t j = i + 2; j < n; j++) {
        if (s[j] == '[') depth++;
        else if (s[j] == ']' && depth) depth--;
        else if (s[j] == '>' && !depth) return j + 1;
    }
    return n;
}

/* True when the first element of s (which starts with '<') is a feed's
 * root: rss, feed or RDF (any prefix). */
static bool feed_root(const char *s, size_t n) {
    size_t i = 0;
    for (;;) {
        while (i < n && is_ws((unsigned char)s[i])) i++;
        if (i + 1 >= n || s[i] != '<') return false;
        if (s[i + 1] != '?' && s[i + 1] != '!') break;
        i = skip_prolog_item(s, n, i);
    }
    size_t b = ++i;
    while (i < n && !is_ws((unsigned char)s[i]) && s[i] != '>' && s[i] != '/') i++;
    const char *name = s + b, *colon = memchr(name, ':', i - b);
    size_t len = i - b;
    if (colon && ieq(colon + 1, len - (size_t)(colon + 1 - name), "rdf")) return true;
    return ieq(name, len, "rss") || ieq(name, len, "feed");
}

px_format ig_sniff(const char *s, size_t n) {
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < n && is_ws((unsigned char)s[i])) i++;
    if (i < n && s[i] == '{') return PX_FORMAT_JSONL;
    if (n - i >= 7 && memcmp(s + i, "WARC/1.", 7) == 0) return PX_FORMAT_WARC;
    if (i < n && s[i] == '<') return feed_root(s + i, n - i) ? PX_FORMAT_FEED : PX_FORMAT_HTML;
    return PX_FORMAT_TEXT;
}

/* ---- building docs ---- */

/* True when the first 4 KB look like binary data rather than text: more
 * than one byte in ten is NUL or a control character that text never uses
 * (tab, line ends, form feed and escape are allowed). */
static bool binary(const char *s, size_t n) {
    size_t lim = PX_MIN(n, (size_t)4096), ctl = 0;
    for (size_t i = 0; i < lim; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && !is_ws(c) && c != 0x1B) || c == 0x7F) ctl++;
    }
    return ctl * 10 > lim;
}

static px_status reason(px_buf *why, const char *r) {
    px_buf_clear(why);
    return px_buf_adds(why, r);
}

/* Sets a fresh doc's field (still "") to a repaired copy of s[0..n). */
static px_status set_clean(px_doc *d, char **field, const char *s, size_t n,
                           size_t *nbad, size_t *len) {
    if (ig_utf8_is_clean(s, n)) {
        PX_TRY(px_doc_set(d, field, s, n));
        if (len) *len = n;
        return PX_OK;
    }
    px_buf b;
    px_buf_init(&b, &d->al);
    size_t bad = 0;
    px_status st = ig_utf8_clean(s, n, &b, &bad);
    if (st != PX_OK) {
        px_buf_free(&b);
        return st;
    }
    if (len) *len = b.len;
    *nbad += bad;
    *field = px_buf_take(&b);
    return *field ? PX_OK : PX_ENOMEM;
}

static void set_lang(px_doc *d, const char *s, size_t n) {
    trim(&s, &n);
    if (n == 0 || n >= sizeof d->lang) return;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
            d->lang[0] = '\0';
            return;
        }
        d->lang[i] = c;
    }
    d->lang[n] = '\0';
}

static void set_time(px_doc *d) {
    d->time = d->published[0] ? px_parse_time(d->published, strlen(d->published))
                              : PX_TIME_UNKNOWN;
}

px_status ig_bad_date_reason(const char *published, px_buf *why) {
    size_t n = strlen(published), cut = n;
    if (cut > 64) {
        cut = 64;
        while (cut > 0 && ((unsigned char)published[cut] & 0xC0) == 0x80) cut--;
    }
    px_buf_clear(why);
    return px_buf_printf(why, "unparseable published date \"%.*s%s\"", (int)cut, published,
                         cut < n ? "..." : "");
}

/* A new doc with id and path; the caller fills the rest. */
static px_status new_doc(const ig_src *src, const px_allocator *al, const char *id,
                         size_t idn, unsigned long line, px_doc **out) {
    px_doc *d = px_doc_new(al);
    if (!d) return PX_ENOMEM;
    px_status st = px_doc_set(d, &d->id, id, idn);
    if (st == PX_OK && line == 0) {
        st = px_doc_set(d, &d->path, src->path, strlen(src->path));
    } else if (st == PX_OK) {
        char num[24];
        int k = snprintf(num, sizeof num, ":%lu", line);
        size_t pn = strlen(src->path);
        char *p = px_malloc(&d->al, pn + (size_t)k + 1);
        if (p) {
            memcpy(p, src->path, pn);
            memcpy(p + pn, num, (size_t)k + 1);
            d->path = p;
        } else {
            st = PX_ENOMEM;
        }
    }
    if (st != PX_OK) {
        px_doc_free(d);
        return st;
    }
    *out = d;
    return PX_OK;
}

/* Gives a doc without body its title as text; false when it has neither. */
static px_status title_as_text(px_doc *d, size_t *nbad, bool *ok) {
    *ok = true;
    if (d->text_len) return PX_OK;
    const char *t = d->title;
    size_t n = strlen(t);
    trim(&t, &n);
    if (n == 0) {
        *ok = false;
        return PX_OK;
    }
    PX_TRY(set_clean(d, &d->text, t, n, nbad, &d->text_len));
    if (d->text_len == 0) { /* it was only a U+FEFF, which cleaning drops */
        px_doc_drop_text(d);
        *ok = false;
    }
    return PX_OK;
}

/* The common end of every record: a body-less record takes its title as
 * text or is rejected; on failure the doc is freed, otherwise its time is
 * parsed and it is handed out. */
static px_status finish(px_doc *d, px_status st, size_t bad, px_buf *why,
                        size_t *nbad, px_doc **out) {
    bool ok = true;
    if (st == PX_OK) st = title_as_text(d, &bad, &ok);
    if (st == PX_OK && !ok) st = reason(why, "record has no text") == PX_OK ? PX_EEMPTY : PX_ENOMEM;
    if (st != PX_OK) {
        px_doc_free(d);
        return st;
    }
    set_time(d);
    *nbad += bad;
    *out = d;
    return PX_OK;
}

/* Lets a doc's text go back to "" (a blank body is no body). */
static void drop_blank_text(px_doc *d) {
    if (d->text_len && blank(d->text, d->text_len)) px_doc_drop_text(d);
}

/* ---- .txt ---- */

enum { H_TITLE, H_SOURCE, H_URL, H_PUBLISHED, H_LANGUAGE, H_ID, H_COUNT };
static const char *const header_keys[H_COUNT] = {
    "title", "source", "url", "published", "language", "id",
};

/* Parses "Key: value" into *key and the trimmed value; false if not one. */
static bool header_line(const char *s, size_t n, int *key, const char **v, size_t *vn) {
    size_t k = 0;
    while (k < n && ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')) k++;
    if (k == 0 || k >= n || s[k] != ':') return false;
    for (int h = 0; h < H_COUNT; h++) {
        if (ieq(s, k, header_keys[h])) {
            *key = h;
            *v = s + k + 1;
            *vn = n - k - 1;
            trim(v, vn);
            return true;
        }
    }
    return false;
}

/* A whole-file record (.txt, .html) must hold something and not be binary. */
static px_status usable_file(const char *s, size_t n, px_buf *why) {
    if (blank(s, n)) return reason(why, "empty file") == PX_OK ? PX_EEMPTY : PX_ENOMEM;
    if (binary(s, n)) return reason(why, "binary data") == PX_OK ? PX_EFORMAT : PX_ENOMEM;
    return PX_OK;
}

px_status ig_text_record(const ig_src *src, const char *s, size_t n,
                         const px_allocator *al, px_doc **out, px_buf *why,
                         size_t *nbad) {
    *out = NULL;
    PX_TRY(usable_file(s, n, why));
    px_buf c;
    px_buf_init(&c, al);
    size_t bad = 0;
    px_status st = ig_utf8_clean(s, n, &c, &bad);
    if (st != PX_OK) {
        px_buf_free(&c);
        return st;
    }
    /* header block */
    const char *hv[H_COUNT] = {0};
    size_t hn[H_COUNT] = {0};
    size_t pos = 0, body = 0;
    bool headers = false;
    while (pos < c.len) {
        const char *nl = memchr(c.p + pos, '\n', c.len - pos);
        size_t e = nl ? (size_t)(nl - c.p) : c.len;
        if (blank(c.p + pos, e - pos)) {
            if (headers) body = e;
            break;
        }
        int key;
        const char *v;
        size_t vn;
        if (!header_line(c.p + pos, e - pos, &key, &v, &vn)) {
            headers = false;
            break;
        }
        if (!hv[key]) {
            hv[key] = v;
            hn[key] = vn;
        }
        headers = true;
        pos = e + (nl != NULL);
        if (pos >= c.len) body = c.len; /* headers only */
    }
    if (!headers) {
        memset(hv, 0, sizeof hv);
        body = 0;
    }
    const char *b = c.p + body;
    size_t bn = c.len - body;
    trim(&b, &bn);

    px_buf id;
    px_buf_init(&id, al);
    px_doc *d = NULL;
    st = hv[H_ID] && hn[H_ID] ? px_buf_add(&id, hv[H_ID], hn[H_ID])
                              : px_buf_adds(&id, src->fileid);
    if (st == PX_OK) st = new_doc(src, al, id.p, id.len, 0, &d);
    px_buf_free(&id);
    /* the cleaned copy is valid UTF-8 already: plain copies below */
    if (st == PX_OK && hv[H_TITLE]) st = px_doc_set(d, &d->title, hv[H_TITLE], hn[H_TITLE]);
    if (st == PX_OK && hv[H_SOURCE]) st = px_doc_set(d, &d->source, hv[H_SOURCE], hn[H_SOURCE]);
    if (st == PX_OK && hv[H_URL]) st = px_doc_set(d, &d->url, hv[H_URL], hn[H_URL]);
    if (st == PX_OK && hv[H_PUBLISHED])
        st = px_doc_set(d, &d->published, hv[H_PUBLISHED], hn[H_PUBLISHED]);
    if (st == PX_OK && hv[H_LANGUAGE]) set_lang(d, hv[H_LANGUAGE], hn[H_LANGUAGE]);
    if (st == PX_OK && bn) {
        st = px_doc_set(d, &d->text, b, bn);
        if (st == PX_OK) d->text_len = bn;
    }
    px_buf_free(&c);
    return finish(d, st, bad, why, nbad, out);
}

/* ---- .html ---- */

static void meta_init(ig_html_meta *m, const px_allocator *al) {
    px_buf *f[] = {&m->title, &m->source, &m->url, &m->published,
                   &m->author, &m->description, &m->lang};
    for (size_t i = 0; i < PX_ARRAY_LEN(f); i++) px_buf_init(f[i], al);
    m->truncated = false;
}

static void meta_free(ig_html_meta *m) {
    px_buf *f[] = {&m->title, &m->source, &m->url, &m->published,
                   &m->author, &m->description, &m->lang};
    for (size_t i = 0; i < PX_ARRAY_LEN(f); i++) px_buf_free(f[i]);
}

/* Sets a fresh doc's field from a metadata buffer when not yet set. */
static px_status set_meta(px_doc *d, char **field, const px_buf *b, size_t *nbad) {
    if ((*field)[0] || !b->len) return PX_OK;
    const char *s = b->p;
    size_t n = b->len;
    trim(&s, &n);
    return n ? set_clean(d, field, s, n, nbad, NULL) : PX_OK;
}

/* Fills an empty d->text (and missing metadata) from HTML bytes. */
static px_status fill_from_html(px_doc *d, const char *s, size_t n, size_t *nbad) {
    ig_html_meta m;
    meta_init(&m, &d->al);
    px_buf t;
    px_buf_init(&t, &d->al);
    size_t bad = 0;
    px_status st = ig_html_page(s, n, &d->al, &t, &m, &bad);
    if (st == PX_OK && t.len) {
        /* libxml2 gives UTF-8; checking costs little and keeps the promise */
        if (ig_utf8_is_clean(t.p, t.len)) {
            d->text_len = t.len;
            d->text = px_buf_take(&t);
            if (!d->text) st = PX_ENOMEM;
        } else {
            st = set_clean(d, &d->text, t.p, t.len, &bad, &d->text_len);
        }
    }
    if (st == PX_OK) st = set_meta(d, &d->title, &m.title, &bad);
    if (st == PX_OK) st = set_meta(d, &d->source, &m.source, &bad);
    if (st == PX_OK) st = set_meta(d, &d->url, &m.url, &bad);
    if (st == PX_OK) st = set_meta(d, &d->published, &m.published, &bad);
    if (st == PX_OK) st = set_meta(d, &d->author, &m.author, &bad);
    if (st == PX_OK) st = set_meta(d, &d->description, &m.description, &bad);
    if (st == PX_OK && !d->lang[0]) set_lang(d, m.lang.p ? m.lang.p : "", m.lang.len);
    d->cut_short = m.truncated;
    px_buf_free(&t);
    meta_free(&m);
    if (st == PX_OK) *nbad += bad;
    return st;
}

px_status ig_html_record(const ig_src *src, const char *s, size_t n,
                         const px_allocator *al, px_doc **out, px_buf *why,
                         size_t *nbad) {
    *out = NULL;
    PX_TRY(usable_file(s, n, why));
    px_doc *d;
    PX_TRY(new_doc(src, al, src->fileid, strlen(src->fileid), 0, &d));
    size_t bad = 0;
    px_status st = fill_from_html(d, s, n, &bad);
    return finish(d, st, bad, why, nbad, out);
}

/* ---- JSON Lines ---- */

/* Sets a fresh doc's field from a scanned JSON string. */
static px_status set_jstr(px_doc *d, char **field, const ig_jval *v, size_t *nbad,
                          size_t *len) {
    if (!v->esc) return set_clean(d, field, v->p, v->n, nbad, len);
    char *tmp = px_malloc(&d->al, v->n + 1);
    if (!tmp) return PX_ENOMEM;
    size_t m = ig_json_unescape(v->p, v->n, tmp, nbad);
    tmp[m] = '\0';
    if (!ig_utf8_is_clean(tmp, m)) {
        px_status st = set_clean(d, field, tmp, m, nbad, len);
        px_free(&d->al, tmp);
        return st;
    }
    if (m + m / 8 < v->n) { /* many escapes: give the slack back */
        char *t = px_realloc(&d->al, tmp, m + 1);
        if (t) tmp = t;
    }
    *field = tmp;
    if (len) *len = m;
    return PX_OK;
}

static bool jblank(const ig_jval *v) {
    if (v->type != IG_J_STRING) return true;
    if (!v->esc) return blank(v->p, v->n);
    /* escapes such as \n, \t, \u0020 may still make it blank */
    for (size_t i = 0; i < v->n; i++) {
        unsigned char c = (unsigned char)v->p[i];
        if (is_ws(c)) continue;
        if (c != '\\' || i + 1 >= v->n) return false;
        char e = v->p[++i];
        if (e == 'n' || e == 't' || e == 'r' || e == 'f') continue;
        if (e == 'u' && i + 4 < v->n && memcmp(v->p + i + 1, "0020", 4) == 0) {
            i += 4;
            continue;
        }
        return false;
    }
    return true;
}

/* Writes a record's id to b: its own (a number as written, a string
 * decoded and repaired), else "<file id>-<line>". */
static px_status record_id(const ig_src *src, const ig_jval *id, unsigned long line,
                           px_buf *b, size_t *nbad) {
    if (id->type == IG_J_NUMBER) return px_buf_add(b, id->p, id->n);
    if (id->type == IG_J_STRING && id->n) {
        const char *p = id->p;
        size_t n = id->n;
        if (id->esc) {
            PX_TRY(px_buf_reserve(b, n));
            n = ig_json_unescape(id->p, id->n, b->p, nbad);
            b->len = n;
            b->p[n] = '\0';
            p = b->p;
        }
        if (!ig_utf8_is_clean(p, n)) {
            px_buf c;
            px_buf_init(&c, b->al);
            px_status st = ig_utf8_clean(p, n, &c, nbad);
            px_buf_clear(b);
            if (st == PX_OK) st = px_buf_add(b, c.p, c.len);
            px_buf_free(&c);
            PX_TRY(st);
        } else if (!id->esc) {
            PX_TRY(px_buf_add(b, p, n));
        }
        if (b->len) return PX_OK;
    }
    return px_buf_printf(b, "%s-%lu", src->fileid, line);
}

px_status ig_jsonl_record(const ig_src *src, const char *s, size_t n,
                          unsigned long line, const px_allocator *al,
                          px_doc **out, px_buf *why, size_t *nbad) {
    *out = NULL;
    const char *line_s = s;
    size_t line_n = n;
    if (line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, n -= 3;
    if (blank(s, n)) return PX_OK;
    ig_jval f[IG_F_COUNT];
    char msg[96];
    int r = ig_json_scan(s, n, f, msg, sizeof msg);
    if (r != 0) {
        px_buf_clear(why);
        PX_TRY(r < 0 ? px_buf_printf(why, "malformed JSON: %s", msg)
                     : px_buf_adds(why, "not a JSON object"));
        return PX_EFORMAT;
    }
    for (int k = 0; k < IG_F_COUNT; k++) {
        ig_jtype t = f[k].type;
        if (t == IG_J_OTHER || (t == IG_J_NUMBER && k != IG_F_ID)) {
            px_buf_clear(why);
            PX_TRY(px_buf_printf(why, "field \"%s\" is not a string", ig_field_names[k]));
            return PX_EFORMAT;
        }
    }
    bool has_text = !jblank(&f[IG_F_TEXT]), has_html = !jblank(&f[IG_F_HTML]);
    if (!has_text && !has_html && jblank(&f[IG_F_TITLE])) {
        PX_TRY(reason(why, "record has no text"));
        return PX_EEMPTY;
    }

    /* id: the record's own, else "<file id>-<line>" */
    size_t bad = 0;
    px_buf idb;
    px_buf_init(&idb, al);
    px_status st = record_id(src, &f[IG_F_ID], line, &idb, &bad);
    px_doc *d = NULL;
    if (st == PX_OK) st = new_doc(src, al, idb.p, idb.len, line, &d);
    px_buf_free(&idb);
    PX_TRY(st);

    if (has_text) st = set_jstr(d, &d->text, &f[IG_F_TEXT], &bad, &d->text_len);
    if (st == PX_OK) drop_blank_text(d);
    if (st == PX_OK && f[IG_F_TITLE].type == IG_J_STRING)
        st = set_jstr(d, &d->title, &f[IG_F_TITLE], &bad, NULL);
    if (st == PX_OK && f[IG_F_URL].type == IG_J_STRING)
        st = set_jstr(d, &d->url, &f[IG_F_URL], &bad, NULL);
    if (st == PX_OK && f[IG_F_SOURCE].type == IG_J_STRING)
        st = set_jstr(d, &d->source, &f[IG_F_SOURCE], &bad, NULL);
    if (st == PX_OK && f[IG_F_PUBLISHED].type == IG_J_STRING)
        st = set_jstr(d, &d->published, &f[IG_F_PUBLISHED], &bad, NULL);
    if (st == PX_OK && f[IG_F_LANGUAGE].type == IG_J_STRING && f[IG_F_LANGUAGE].n < 32) {
        char tmp[32];
        size_t ignored = 0, m = ig_json_unescape(f[IG_F_LANGUAGE].p, f[IG_F_LANGUAGE].n, tmp,
                                                 &ignored);
        set_lang(d, tmp, m);
    }
    if (st == PX_OK && d->text_len == 0 && has_html) {
        /* decode the field, then read it as a page */
        const ig_jval *h = &f[IG_F_HTML];
        char *html = px_malloc(&d->al, h->n + 1);
        if (!html) st = PX_ENOMEM;
        if (st == PX_OK) {
            size_t hn = h->n;
            if (h->esc) hn = ig_json_unescape(h->p, h->n, html, &bad);
            else memcpy(html, h->p, hn);
            st = fill_from_html(d, html, hn, &bad);
        }
        px_free(&d->al, html);
    }
    if (st == PX_OK && (src->flags & IG_KEEP_RAW)) {
        d->raw = px_strndup(&d->al, line_s, line_n);
        d->raw_len = line_n;
        if (!d->raw) st = PX_ENOMEM;
    }
    return finish(d, st, bad, why, nbad, out);
}

/* ---- for feed.c and warc.c ---- */

px_status ig_doc_new(const ig_src *src, const px_allocator *al, const char *id, size_t idn,
                     unsigned long line, px_doc **out) {
    return new_doc(src, al, id, idn, line, out);
}

px_status ig_doc_set_clean(px_doc *d, char **field, const char *s, size_t n, size_t *nbad,
                           size_t *len) {
    trim(&s, &n);
    return set_clean(d, field, s, n, nbad, len);
}

px_status ig_doc_finish(px_doc *d, px_status st, size_t bad, px_buf *why, size_t *nbad,
                        px_doc **out) {
    if (st == PX_OK) drop_blank_text(d);
    return finish(d, st, bad, why, nbad, out);
}

void ig_doc_set_lang_tag(px_doc *d, const char *s, size_t n) {
    trim(&s, &n);
    size_t k = 0;
    while (k < n && s[k] != '-' && s[k] != '_') k++;
    set_lang(d, s, k);
}
