/*
 * test_ingest.c - the ingest module: UTF-8 repair, names, .txt/.html/JSON
 * Lines records, every bad-input reason, gzip, the chunked reader, the
 * directory walk, running out of memory, and pathological inputs.
 *
 * Docs and diagnostics are captured as text and compared whole, so that a
 * changed field or reason shows up as a diff.
 */
#include "testutil.h"

#include <dirent.h>
#include <unistd.h>
#include <zlib.h>

#include "ingest/ingest.h"

/* ---- capture ---- */


/* What a read produced. */
typedef struct cap {
    char *docs;   /* one line per doc: id|path|title|source|url|published|time|lang|text */
    char *diags;  /* one line per diagnostic: path[:line]: reason */
    size_t ndocs; /* docs received */
    size_t bytes; /* text bytes received */
    bool brief;   /* record only counts (large inputs) */
} cap;

static void cap_doc(cap *c, const px_doc *d) {
    c->ndocs++;
    c->bytes += d->text_len;
    assert_int_equal(strlen(d->text), d->text_len); /* NUL-free */
    if (c->brief) return;
    tu_doc_line(&c->docs, d);
}

static px_status cap_sink(void *ud, px_doc *d) {
    cap_doc(ud, d);
    px_doc_free(d);
    return PX_OK;
}

static void cap_diag(void *ud, const char *path, unsigned long line, const char *reason) {
    cap *c = ud;
    if (line) tu_appendf(&c->diags, "%s:%lu: %s\n", path, line, reason);
    else tu_appendf(&c->diags, "%s: %s\n", path, reason);
}

static void cap_free(cap *c) {
    free(c->docs);
    free(c->diags);
    memset(c, 0, sizeof *c);
}

static ig_handler handler(cap *c) {
    ig_handler h = {cap_sink, cap_diag, c, 0, 0, 0, 0, 0};
    return h;
}

static const char *str(const char *s) { return s ? s : ""; }

/* Reads bytes as a file called name; checks the counts. */
static void read_bytes(cap *c, const char *name, const char *s, size_t n, px_format fmt,
                       size_t read, size_t skipped, size_t repaired) {
    ig_handler h = handler(c);
    size_t before = c->ndocs;
    assert_int_equal(ig_read_bytes(name, s, n, fmt, NULL, &h), PX_OK);
    if (h.read != read || h.skipped != skipped || h.repaired != repaired)
        print_error("%s: read %zu skipped %zu repaired %zu\n%s%s", name, h.read, h.skipped,
                    h.repaired, str(c->docs), str(c->diags));
    assert_int_equal(h.read, read);
    assert_int_equal(h.skipped, skipped);
    assert_int_equal(h.repaired, repaired);
    assert_int_equal(h.read - h.skipped, c->ndocs - before);
}

/* ---- helpers: gzip, temp dirs ---- */

/* gzip-compresses s into a malloc'd buffer. */
static char *gz(const char *s, size_t n, size_t *out_n) {
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t room = deflateBound(&z, (uLong)n) + 32;
    char *o = malloc(room);
    z.next_in = (Bytef *)(uintptr_t)s;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)o;
    z.avail_out = (uInt)room;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_n = room - z.avail_out;
    deflateEnd(&z);
    return o;
}

static void write_file(const char *path, const char *s, size_t n) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    fclose(f);
}

static void rm_tree(const char *path) {
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_tree(sub);
        }
        closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* ---- UTF-8 ---- */

static void clean_is(const char *in, size_t n, const char *want, size_t want_bad) {
    px_buf b;
    px_buf_init(&b, NULL);
    px_allocator a;
    px_alloc_init(&a, NULL);
    b.al = &a;
    size_t bad = 99;
    assert_int_equal(ig_utf8_clean(in, n, &b, &bad), PX_OK);
    assert_string_equal(str(b.p), want);
    assert_int_equal(b.len, strlen(want));
    assert_int_equal(bad, want_bad);
    assert_int_equal(ig_utf8_is_clean(in, n), want_bad == 0 && n == b.len &&
                                                  memcmp(in, b.p ? b.p : "", n) == 0);
    px_buf_free(&b);
}

#define R "\xEF\xBF\xBD" /* U+FFFD */
#define CLEAN(lit, want, bad) clean_is(lit, sizeof(lit) - 1, want, bad)

static void test_utf8(void **state) {
    (void)state;
    CLEAN("", "", 0);
    CLEAN("plain ASCII, long enough for the word loop", "plain ASCII, long enough for the word loop", 0);
    CLEAN("\xEF\xBB\xBFwith BOM", "with BOM", 0);
    CLEAN("a\xEF\xBB\xBF" "b", "a\xEF\xBB\xBF" "b", 0); /* only a leading BOM goes */
    CLEAN("one\r\ntwo\rthree\n", "one\ntwo\nthree\n", 0);
    CLEAN("\r\r\n", "\n\n", 0);
    CLEAN("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 0);
    CLEAN("caf\xE9!", "caf" R "!", 1);                   /* Latin-1 byte */
    CLEAN("\xC0\xAF", R R, 2);                           /* overlong '/' */
    CLEAN("\xE0\x80\xAF", R R R, 3);                     /* overlong, 3 bytes */
    CLEAN("\xED\xA0\x80", R R R, 3);                     /* surrogate D800 */
    CLEAN("\xF4\x90\x80\x80", R R R R, 4);               /* U+110000 */
    CLEAN("\xF5\x80", R R, 2);                           /* never a lead byte */
    CLEAN("\xE2\x82" "A", R "A", 1);                     /* truncated, then good */
    CLEAN("end\xF0\x9F\x98", "end" R, 1);                /* truncated at the end */
    CLEAN("\x80\xBF", R R, 2);                           /* stray continuations */
    CLEAN("nul\0byte", "nul" R "byte", 1);
    CLEAN("\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF", "\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF", 0);
    CLEAN("\xEE\x80\x80\xEF\xBF\xBF", "\xEE\x80\x80\xEF\xBF\xBF", 0); /* private use, U+FFFF */
}

/* ---- names ---- */

static void id_is(const char *name, const char *want) {
    px_allocator a;
    px_alloc_init(&a, NULL);
    px_buf b;
    px_buf_init(&b, &a);
    assert_int_equal(ig_id_from_name(name, &b), PX_OK);
    assert_string_equal(str(b.p), want);
    px_buf_free(&b);
}

static void test_names(void **state) {
    (void)state;
    id_is("a/b/story.txt", "story");
    id_is("story.jsonl.gz", "story");
    id_is("x.json.txt.gz", "x");
    id_is("dir/page.HTML", "page");
    id_is("dir/page.htm", "page");
    id_is("notes.md", "notes.md");
    id_is("v1.2.txt", "v1.2");
    id_is(".txt", ".txt");
    id_is("-", "stdin");
    id_is("dir/", "dir");
    assert_int_equal(ig_format_from_name("a.txt"), PX_FORMAT_TEXT);
    assert_int_equal(ig_format_from_name("a.TXT.gz"), PX_FORMAT_TEXT);
    assert_int_equal(ig_format_from_name("a.htm"), PX_FORMAT_HTML);
    assert_int_equal(ig_format_from_name("x/a.html.gz"), PX_FORMAT_HTML);
    assert_int_equal(ig_format_from_name("a.jsonl"), PX_FORMAT_JSONL);
    assert_int_equal(ig_format_from_name("a.json.gz"), PX_FORMAT_JSONL);
    assert_int_equal(ig_format_from_name("a.gz"), PX_FORMAT_AUTO);
    assert_int_equal(ig_format_from_name("a.md"), PX_FORMAT_AUTO);
    assert_int_equal(ig_format_from_name("-"), PX_FORMAT_AUTO);
    assert_int_equal(ig_sniff(" \n{", 3), PX_FORMAT_JSONL);
    assert_int_equal(ig_sniff("\xEF\xBB\xBF<p>", 6), PX_FORMAT_HTML);
    assert_int_equal(ig_sniff("Title: x", 8), PX_FORMAT_TEXT);
}

/* ---- .txt ---- */

static void test_txt(void **state) {
    (void)state;
    cap c = {0};
    const char *s = "\xEF\xBB\xBFTITLE:  Quake hits the coast \r\n"
                    "source: Example Wire\r\n"
                    "Url: https://example.org/q\r\n"
                    "Published: 2024-03-05T10:20:30+01:00\r\n"
                    "Language: EN\r\n"
                    "\r\n"
                    "\r\n"
                    "First paragraph.\r\n"
                    "Second paragraph.\r\n\r\n";
    read_bytes(&c, "in/quake.txt", s, strlen(s), PX_FORMAT_AUTO, 1, 0, 0);
    assert_string_equal(c.docs, "quake|in/quake.txt|Quake hits the coast|Example Wire|"
                                "https://example.org/q|2024-03-05T10:20:30+01:00|1709630430|en|"
                                "First paragraph.\nSecond paragraph.\n");
    assert_null(c.diags);
    cap_free(&c);

    /* not all leading lines are headers: everything is body */
    s = "Title: Looks like a header\nBut this is prose.\n\nMore prose.\n";
    read_bytes(&c, "b.txt", s, strlen(s), PX_FORMAT_TEXT, 1, 0, 0);
    assert_string_equal(c.docs, "b|b.txt|||||-1||Title: Looks like a header\nBut this is "
                                "prose.\n\nMore prose.\n");
    cap_free(&c);

    /* headers only: the title is the text; an Id header names the doc */
    s = "Id: custom-7\nTitle: Headline only\n";
    read_bytes(&c, "c.txt", s, strlen(s), PX_FORMAT_TEXT, 1, 0, 0);
    assert_string_equal(c.docs, "custom-7|c.txt|Headline only||||-1||Headline only\n");
    cap_free(&c);

    /* a blank first line: no headers */
    s = "\nSource: not a header here\n";
    read_bytes(&c, "d.txt", s, strlen(s), PX_FORMAT_TEXT, 1, 0, 0);
    assert_string_equal(c.docs, "d|d.txt|||||-1||Source: not a header here\n");
    cap_free(&c);

    /* a bad date is a repair, not a skip */
    s = "Published: next week\n\nBody.";
    read_bytes(&c, "e.txt", s, strlen(s), PX_FORMAT_TEXT, 1, 0, 1);
    assert_string_equal(c.docs, "e|e.txt||||next week|-1||Body.\n");
    assert_string_equal(c.diags, "e.txt: unparseable published date \"next week\"\n");
    cap_free(&c);
}

/* ---- .html ---- */

static void test_html(void **state) {
    (void)state;
    cap c = {0};
    const char *s =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        "<title>Rates &amp; Markets &#8211; Today</title>"
        "<meta property=\"og:site_name\" content=\"The Daily\">"
        "<meta property=\"article:published_time\" content=\"2024-01-02T03:04:05Z\">"
        "<link rel=\"canonical\" href=\"https://daily.example/rates\">"
        "<style>p { color: red }</style><script>var x = '<p>no</p>';</script></head>"
        "<body><nav>Home</nav><h1>Rates   rise</h1>"
        "<p>The bank&nbsp;raised rates by 0.25&#x25;.<br>Caf&eacute; owners &lt;worry&gt;.</p>"
        "<script>track();</script><noscript>Enable JS</noscript>"
        "<ul><li>One</li><li>Two</li></ul><table><tr><td>a</td><td>b</td></tr></table>"
        "<div>Inline <b>bold</b> <i>it</i>alic</div><!-- comment --></body></html>";
    read_bytes(&c, "page.html", s, strlen(s), PX_FORMAT_AUTO, 1, 0, 0);
    assert_string_equal(c.docs,
                        "page|page.html|Rates & Markets \xE2\x80\x93 Today|The Daily|"
                        "https://daily.example/rates|2024-01-02T03:04:05Z|1704164645||"
                        "Rates rise\n\nThe bank raised rates by 0.25%.\n"
                        "Caf\xC3\xA9 owners <worry>.\n\nOne\nTwo\n\na b\n\nInline bold italic\n");
    cap_free(&c);

    /* Latin-1 page that says so: converted, not repaired */
    s = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=iso-8859-1\"></head><body><p>Caf\xE9 cr\xE8me</p></body></html>";
    read_bytes(&c, "latin.htm", s, strlen(s), PX_FORMAT_HTML, 1, 0, 0);
    assert_string_equal(c.docs, "latin|latin.htm|||||-1||Caf\xC3\xA9 cr\xC3\xA8me\n");
    cap_free(&c);

    s = "<meta charset=windows-1252><p>\x93Quoted\x94 \x80 5</p>";
    read_bytes(&c, "cp.html", s, strlen(s), PX_FORMAT_HTML, 1, 0, 0);
    assert_string_equal(c.docs, "cp|cp.html|||||-1||\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x82\xAC 5\n");
    cap_free(&c);

    /* libxml2 hangs what follows a top-level <meta>/<link> under it */
    s = "<meta charset=utf-8><link rel=canonical href=https://u.example/><p>Kept</p>";
    read_bytes(&c, "m.html", s, strlen(s), PX_FORMAT_HTML, 1, 0, 0);
    assert_string_equal(c.docs, "m|m.html|||https://u.example/||-1||Kept\n");
    cap_free(&c);

    /* a charset iconv does not know: repaired as UTF-8 */
    s = "<meta charset=no-such-charset><p>x\xFFy</p>";
    read_bytes(&c, "u.html", s, strlen(s), PX_FORMAT_HTML, 1, 0, 1);
    assert_string_equal(c.docs, "u|u.html|||||-1||x" R "y\n");
    cap_free(&c);

    /* invalid UTF-8 without a declared charset: repaired and reported */
    s = "<p>bad \xFF byte</p>";
    read_bytes(&c, "r.html", s, strlen(s), PX_FORMAT_HTML, 1, 0, 1);
    assert_string_equal(c.docs, "r|r.html|||||-1||bad " R " byte\n");
    assert_string_equal(c.diags, "r.html: invalid UTF-8 replaced (1 sequence)\n");
    cap_free(&c);

    /* og:title stands in for a missing <title>; a page without text gives its title */
    s = "<head><meta property=og:title content='Only OG'></head><body> </body>";
    read_bytes(&c, "og.html", s, strlen(s), PX_FORMAT_HTML, 1, 0, 0);
    assert_string_equal(c.docs, "og|og.html|Only OG||||-1||Only OG\n");
    cap_free(&c);
}

/* ---- JSON Lines ---- */

static void test_jsonl(void **state) {
    (void)state;
    cap c = {0};
    const char *s =
        "{\"id\":\"a-1\",\"url\":\"https://x.example/1\",\"source\":\"X News\","
        "\"title\":\"T\\u00edtulo \\\"quoted\\\"\",\"published\":\"2023-10-26T12:00:00Z\","
        "\"language\":\"es\",\"text\":\"L\\u00ednea 1\\r\\nL\\u00ednea 2 \\ud83d\\ude00\","
        "\"extra\":{\"nested\":[1,2,{\"id\":\"ignored\"}]},\"story\":null}\n"
        "{\"text\":\"no id here\",\"source\":null,\"published\":null}\n"
        "\r\n"
        "{\"id\":12.50,\"text\":\"numeric id kept as written\"}\n"
        "{\"id\":\"\",\"title\":\"empty id falls back\"}\n"
        "{\"id\":\"h\",\"html\":\"<title>From HTML</title><p>Para <b>one</b></p>\"}\n"
        "{\"id\":\"h2\",\"title\":\"Own title\",\"text\":\" \",\"html\":\"<title>x</title><p>body</p>\"}\n"
        "{\"i\\u0064\":\"escaped-key\",\"text\":\"t\"}";
    read_bytes(&c, "dir/feed.jsonl", s, strlen(s), PX_FORMAT_AUTO, 7, 0, 0);
    assert_string_equal(
        c.docs,
        "a-1|dir/feed.jsonl:1|T\xC3\xADtulo \"quoted\"|X News|https://x.example/1|"
        "2023-10-26T12:00:00Z|1698321600|es|L\xC3\xADnea 1\nL\xC3\xADnea 2 \xF0\x9F\x98\x80\n"
        "feed-2|dir/feed.jsonl:2|||||-1||no id here\n"
        "12.50|dir/feed.jsonl:4|||||-1||numeric id kept as written\n"
        "feed-5|dir/feed.jsonl:5|empty id falls back||||-1||empty id falls back\n"
        "h|dir/feed.jsonl:6|From HTML||||-1||Para one\n"
        "h2|dir/feed.jsonl:7|Own title||||-1||body\n"
        "escaped-key|dir/feed.jsonl:8|||||-1||t\n");
    assert_null(c.diags);
    cap_free(&c);

    /* raw bytes kept on request, exactly as read (CR included) */
    const char *raw = "{\"id\":\"r\",\"text\":\"x\"}\r\n{\"id\":\"s\",\"text\":\"y\"}";
    ig_handler h = handler(&c);
    h.flags = IG_KEEP_RAW;
    px_reader *r = px_reader_new(PX_FORMAT_JSONL, "raw.jsonl", NULL);
    assert_non_null(r);
    ig_reader_set_handler(r, &h);
    assert_int_equal(px_reader_feed(r, raw, strlen(raw)), PX_OK);
    assert_int_equal(px_reader_finish(r), PX_OK);
    px_doc *d;
    assert_int_equal(px_reader_next(r, &d), PX_OK);
    assert_int_equal(d->raw_len, 22);
    assert_memory_equal(d->raw, "{\"id\":\"r\",\"text\":\"x\"}\r", 22);
    px_doc_free(d);
    assert_int_equal(px_reader_next(r, &d), PX_OK);
    assert_string_equal(d->raw, "{\"id\":\"s\",\"text\":\"y\"}");
    px_doc_free(d);
    assert_int_equal(px_reader_next(r, &d), PX_ESTATE);
    assert_null(d);
    px_reader_free(r);
    cap_free(&c);
}

/* ---- every reason, pinned ---- */

static void test_bad_jsonl(void **state) {
    (void)state;
    cap c = {0};
    const char s[] =
        "{\"id\":\"ok\",\"text\":\"fine\"}\n"                  /* 1 */
        "{\"id\":\"a\",\"text\":\"unterminated}\n"             /* 2 */
        "{\"id\":\"b\" \"text\":\"x\"}\n"                      /* 3 */
        "{\"id\":\"c\",}\n"                                    /* 4 */
        "[1,2]\n"                                              /* 5 */
        "{\"id\":\"d\",\"title\":7,\"text\":\"x\"}\n"          /* 6 */
        "{\"id\":\"e\",\"text\":\" \\n \",\"title\":\"\"}\n"   /* 7 */
        "\n"                                                   /* 8: blank, ignored */
        "{\"id\":\"f\",\"text\":\"tab\there\"}\n"              /* 9 */
        "{\"id\":\"g\",\"text\":\"\\x\"}\n"                    /* 10 */
        "{\"id\":\"h\",\"text\":\"x\"} {}\n"                   /* 11 */
        "{\"id\":\"i\",\"text\":-}\n"                          /* 12 */
        "{\"id\":\"j\",\"text\":tru}\n"                        /* 13 */
        "{\"id\":[],\"text\":\"x\"}\n"                         /* 14 */
        "{\"id\":\"k\",\"text\":\"\\u12G4\"}\n"                /* 15 */
        "{\"id\":\"l\",\"text\":\"x\",\"published\":\"soon\"}\n" /* 16: repaired */
        "{\"id\":\"m\",\"text\":\"bad \xC3\x28 utf8\"}\n"      /* 17: repaired */
        "{\"id\":\"n\",\"text\":\"nul \\u0000\"}\n"            /* 18: repaired */
        "{\"id\":\"o\",\"text\":\"x\",\"url\":true}\n"         /* 19 */
        "{\"id\":\"p\",\"text\":[[[[\"deep\"]]]]}\n"           /* 20 */
        "{\"id\":\"q\",\"text\":\"x\",\"source\":5}\n"         /* 21 */
        "{\"id\":\"r\",\"text\":\"x\",\"language\":{}}\n"      /* 22 */
        "{\"id\":\"s\",\"html\":false,\"text\":\"x\"}\n"       /* 23 */
        "{\"id\":\"t\",\"text\":\"x\"";                        /* 24 */
    read_bytes(&c, "bad.jsonl", s, sizeof s - 1, PX_FORMAT_AUTO, 23, 19, 2);
    assert_string_equal(
        c.diags,
        "bad.jsonl:2: malformed JSON: unterminated string at column 32\n"
        "bad.jsonl:3: malformed JSON: expected ',' or '}' at column 11\n"
        "bad.jsonl:4: malformed JSON: expected a string key at column 11\n"
        "bad.jsonl:5: not a JSON object\n"
        "bad.jsonl:6: field \"title\" is not a string\n"
        "bad.jsonl:7: record has no text\n"
        "bad.jsonl:9: malformed JSON: control character in string at column 22\n"
        "bad.jsonl:10: malformed JSON: invalid escape at column 19\n"
        "bad.jsonl:11: malformed JSON: unexpected data after the object at column 23\n"
        "bad.jsonl:12: malformed JSON: invalid number at column 19\n"
        "bad.jsonl:13: malformed JSON: invalid literal at column 18\n"
        "bad.jsonl:14: field \"id\" is not a string\n"
        "bad.jsonl:15: malformed JSON: invalid \\u escape at column 19\n"
        "bad.jsonl:16: unparseable published date \"soon\"\n"
        "bad.jsonl:19: field \"url\" is not a string\n"
        "bad.jsonl:20: field \"text\" is not a string\n"
        "bad.jsonl:21: field \"source\" is not a string\n"
        "bad.jsonl:22: field \"language\" is not a string\n"
        "bad.jsonl:23: field \"html\" is not a string\n"
        "bad.jsonl:24: malformed JSON: unexpected end of input at column 21\n"
        "bad.jsonl:17: invalid UTF-8 replaced (2 sequences)\n");
    assert_string_equal(c.docs, "ok|bad.jsonl:1|||||-1||fine\n"
                                "l|bad.jsonl:16||||soon|-1||x\n"
                                "m|bad.jsonl:17|||||-1||bad " R "( utf8\n"
                                "n|bad.jsonl:18|||||-1||nul " R "\n");
    cap_free(&c);
}

static void test_bad_files(void **state) {
    (void)state;
    cap c = {0};
    char bin[600];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (char)(i * 7);
    read_bytes(&c, "bin.txt", bin, sizeof bin, PX_FORMAT_AUTO, 1, 1, 0);
    read_bytes(&c, "empty.txt", "", 0, PX_FORMAT_AUTO, 1, 1, 0);
    read_bytes(&c, "blank.txt", " \n\t\n", 4, PX_FORMAT_AUTO, 1, 1, 0);
    read_bytes(&c, "empty.jsonl", "", 0, PX_FORMAT_AUTO, 1, 1, 0);
    read_bytes(&c, "blank.jsonl", "\n \r\n\n", 5, PX_FORMAT_AUTO, 1, 1, 0);
    read_bytes(&c, "empty.html", "", 0, PX_FORMAT_AUTO, 1, 1, 0);
    read_bytes(&c, "script.html", "<script>x()</script><title> </title>", 36, PX_FORMAT_AUTO, 1,
               1, 0);
    read_bytes(&c, "-", "   ", 3, PX_FORMAT_AUTO, 1, 1, 0);
    assert_string_equal(c.diags, "bin.txt: binary data\n"
                                 "empty.txt: empty file\n"
                                 "blank.txt: empty file\n"
                                 "empty.jsonl: empty file\n"
                                 "blank.jsonl: empty file\n"
                                 "empty.html: empty file\n"
                                 "script.html: record has no text\n"
                                 "-: empty file\n");
    assert_null(c.docs);
    cap_free(&c);
}

/* The committed malformed inputs in tests/bad, read as a directory. */
static void test_bad_dir(void **state) {
    (void)state;
    cap c = {0};
    ig_handler h = handler(&c);
    assert_int_equal(ig_read_path("tests/bad", NULL, &h, NULL), PX_OK);
    assert_string_equal(
        c.diags,
        "tests/bad/bad-lines.jsonl:2: malformed JSON: unterminated string at column 36\n"
        "tests/bad/bad-lines.jsonl:3: malformed JSON: expected ',' or '}' at column 15\n"
        "tests/bad/bad-lines.jsonl:4: malformed JSON: expected a string key at column 39\n"
        "tests/bad/bad-lines.jsonl:5: not a JSON object\n"
        "tests/bad/bad-lines.jsonl:6: not a JSON object\n"
        "tests/bad/bad-lines.jsonl:7: field \"title\" is not a string\n"
        "tests/bad/bad-lines.jsonl:8: record has no text\n"
        "tests/bad/bad-lines.jsonl:11: malformed JSON: control character in string at column 27\n"
        "tests/bad/bad-lines.jsonl:12: malformed JSON: invalid escape at column 34\n"
        "tests/bad/bad-lines.jsonl:13: malformed JSON: unexpected data after the object at column 27\n"
        "tests/bad/bad-lines.jsonl:14: malformed JSON: control character in string at column 27\n"
        "tests/bad/bad-lines.jsonl:15: field \"id\" is not a string\n"
        "tests/bad/bad-lines.jsonl:17: unparseable published date \"last Tuesday\"\n"
        "tests/bad/bad-lines.jsonl:18: malformed JSON: invalid number at column 27\n"
        "tests/bad/bad-lines.jsonl:19: field \"published\" is not a string\n"
        "tests/bad/bad-lines.jsonl:17: invalid UTF-8 replaced (1 sequence)\n"
        "tests/bad/binary.txt: binary data\n"
        "tests/bad/blank.jsonl: empty file\n"
        "tests/bad/corrupt.jsonl.gz: corrupt gzip data\n"
        "tests/bad/empty.txt: empty file\n"
        "tests/bad/invalid-utf8.txt: invalid UTF-8 replaced (7 sequences)\n"
        "tests/bad/no-text.html: record has no text\n"
        "tests/bad/truncated.jsonl.gz: truncated gzip data\n");
    assert_string_equal(
        c.docs,
        "ok-1|tests/bad/bad-lines.jsonl:1|Fine||||-1||A good record.\n"
        "ok-2|tests/bad/bad-lines.jsonl:16|Only a title||||-1||Only a title\n"
        "ok-3|tests/bad/bad-lines.jsonl:17||||last Tuesday|-1||Latin-1 caf" R " here\n"
        "ok-4|tests/bad/bad-lines.jsonl:20|||||-1||last line without newline\n"
        "broken|tests/bad/broken.html|Broken &amp page||||-1||Unclosed bold italic\n\n"
        "&bogus; AB <tag>\n\nSecond para\n"
        "invalid-utf8|tests/bad/invalid-utf8.txt|Caf" R " news||||-1||The caf" R
        " opened. Overlong " R R " and surrogate " R R R " bytes.\n"
        "gz-1|tests/bad/truncated.jsonl.gz:1|||||-1||record number 1 of the truncated file\n");
    assert_int_equal(h.read, 27);
    assert_int_equal(h.skipped, 20);
    assert_int_equal(h.repaired, 3);
    cap_free(&c);
}

/* ---- gzip ---- */

static void test_gzip(void **state) {
    (void)state;
    const char *plain = "{\"id\":\"g1\",\"text\":\"first\"}\n{\"id\":\"g2\",\"text\":\"second\"}\n"
                        "{\"id\":\"g3\",\"text\":\"third\"}\n";
    size_t n1, n2;
    char *z1 = gz(plain, strlen(plain), &n1);
    char *z2 = gz("{\"id\":\"g4\",\"text\":\"fourth\"}\n", 28, &n2);
    /* two members and zero padding, as `cat a.gz b.gz` and tape tools make */
    char *both = malloc(n1 + n2 + 16);
    memcpy(both, z1, n1);
    memcpy(both + n1, z2, n2);
    memset(both + n1 + n2, 0, 16);
    cap c = {0}, d = {0};
    read_bytes(&c, "f.jsonl.gz", both, n1 + n2 + 16, PX_FORMAT_AUTO, 4, 0, 0);
    /* plain bytes under a .gz name are read as plain: the same docs */
    read_bytes(&d, "f.jsonl.gz", plain, strlen(plain), PX_FORMAT_AUTO, 3, 0, 0);
    tu_appendf(&d.docs, "g4|f.jsonl.gz:4|||||-1||fourth\n");
    assert_string_equal(c.docs, d.docs);
    assert_null(c.diags);
    cap_free(&c);
    cap_free(&d);

    /* ig_gunzip agrees */
    px_allocator a;
    px_alloc_init(&a, NULL);
    px_buf b;
    px_buf_init(&b, &a);
    assert_int_equal(ig_gunzip(both, n1 + n2 + 16, &b), PX_OK);
    assert_int_equal(b.len, strlen(plain) + 28);
    assert_memory_equal(b.p, plain, strlen(plain));
    px_buf_clear(&b);

    /* truncated at every point: complete lines before the cut survive */
    for (size_t cut = 1; cut < n1; cut++) {
        cap t = {0};
        ig_handler h = handler(&t);
        assert_int_equal(ig_read_bytes("t.jsonl.gz", z1, cut, PX_FORMAT_AUTO, NULL, &h), PX_OK);
        if (cut < 2) { /* one byte is not even gzip: read as (binary-free) text */
            cap_free(&t);
            continue;
        }
        assert_string_equal(t.diags, "t.jsonl.gz: truncated gzip data\n");
        assert_int_equal(h.skipped, 1);
        assert_int_equal(h.read, t.ndocs + 1);
        assert_true(t.ndocs <= 3);
        if (t.ndocs) assert_memory_equal(t.docs, "g1|t.jsonl.gz:1|", 16);
        assert_int_equal(ig_gunzip(z1, cut, &b), PX_EFORMAT);
        px_buf_clear(&b);
        cap_free(&t);
    }
    /* cut just before the trailer: all three lines were inflated */
    cap t = {0};
    ig_handler h = handler(&t);
    assert_int_equal(ig_read_bytes("t.jsonl.gz", z1, n1 - 8, PX_FORMAT_AUTO, NULL, &h), PX_OK);
    assert_int_equal(t.ndocs, 3);
    cap_free(&t);

    /* gzip text and HTML are one record each */
    size_t n3;
    char *z3 = gz("Title: Zipped\n\nBody.", 20, &n3);
    read_bytes(&t, "z.txt.gz", z3, n3, PX_FORMAT_AUTO, 1, 0, 0);
    read_bytes(&t, "z.txt.gz", z3, n3 - 4, PX_FORMAT_AUTO, 1, 1, 0);
    assert_string_equal(t.docs, "z|z.txt.gz|Zipped||||-1||Body.\n");
    assert_string_equal(t.diags, "z.txt.gz: truncated gzip data\n");
    cap_free(&t);
    px_buf_free(&b);
    free(z1);
    free(z2);
    free(z3);
    free(both);
}

/* ---- the chunked reader ---- */

/* Feeds s in chunks of k bytes (0: one chunk) and describes every result. */
static char *feed_max(const char *name, px_format fmt, const char *s, size_t n, size_t k,
                      size_t max) {
    px_reader *r = px_reader_new(fmt, name, NULL);
    assert_non_null(r);
    if (max) ig_reader_set_max_line(r, max);
    return tu_feed_chunks(r, s, n, k, true);
}

static char *feed(const char *name, px_format fmt, const char *s, size_t n, size_t k) {
    return feed_max(name, fmt, s, n, k, 0);
}

static void same_in_any_chunks(const char *name, px_format fmt, const char *s, size_t n,
                               const char *want) {
    char *whole = feed(name, fmt, s, n, 0);
    if (want) assert_string_equal(whole, want);
    static const size_t ks[] = {1, 2, 3, 7, 64, 4096};
    for (size_t i = 0; i < PX_ARRAY_LEN(ks); i++) {
        char *part = feed(name, fmt, s, n, ks[i]);
        assert_string_equal(part, whole);
        free(part);
    }
    free(whole);
}

static void test_reader_chunks(void **state) {
    (void)state;
    const char *j = "\xEF\xBB\xBF{\"id\":\"one\",\"text\":\"caf\xC3\xA9\"}\r\n"
                    "\n"
                    "{\"id\":\"two\",\"title\":\"T\",\"text\":\"x\\u00e9\"}\n"
                    "{broken\n"
                    "{\"text\":\"last, unterminated\"}";
    const char *want = "1 one|s.jsonl:1||caf\xC3\xA9\n"
                       "3 two|s.jsonl:3|T|x\xC3\xA9\n"
                       "4 s.jsonl:4: malformed JSON: expected a string key at column 2\n"
                       "5 s-5|s.jsonl:5||last, unterminated\n";
    same_in_any_chunks("s.jsonl", PX_FORMAT_AUTO, j, strlen(j), want);
    /* the same from stdin, sniffed */
    same_in_any_chunks(NULL, PX_FORMAT_AUTO, j, strlen(j),
                       "1 one|-:1||caf\xC3\xA9\n3 two|-:3|T|x\xC3\xA9\n"
                       "4 -:4: malformed JSON: expected a string key at column 2\n"
                       "5 stdin-5|-:5||last, unterminated\n");

    /* gzip in any chunks, two members */
    size_t n1, n2;
    char *z1 = gz(j, strlen(j), &n1);
    const char *j3 = "\n{\"id\":\"three\",\"text\":\"y\"}\n";
    char *z2 = gz(j3, strlen(j3), &n2);
    char *zz = malloc(n1 + n2);
    memcpy(zz, z1, n1);
    memcpy(zz + n1, z2, n2);
    same_in_any_chunks("s.jsonl.gz", PX_FORMAT_AUTO, zz, n1 + n2,
                       "1 one|s.jsonl.gz:1||caf\xC3\xA9\n"
                       "3 two|s.jsonl.gz:3|T|x\xC3\xA9\n"
                       "4 s.jsonl.gz:4: malformed JSON: expected a string key at column 2\n"
                       "5 s-5|s.jsonl.gz:5||last, unterminated\n"
                       "6 three|s.jsonl.gz:6||y\n");
    same_in_any_chunks("s.jsonl.gz", PX_FORMAT_AUTO, zz, n1 + n2 - 3,
                       "1 one|s.jsonl.gz:1||caf\xC3\xA9\n"
                       "3 two|s.jsonl.gz:3|T|x\xC3\xA9\n"
                       "4 s.jsonl.gz:4: malformed JSON: expected a string key at column 2\n"
                       "5 s-5|s.jsonl.gz:5||last, unterminated\n"
                       "6 three|s.jsonl.gz:6||y\n"
                       "4 s.jsonl.gz: truncated gzip data\n");
    free(z1);
    free(z2);
    free(zz);

    /* text and HTML: one record at finish; sniffed from "-" */
    const char *t = "Title: A\r\n\r\nBody \xFF text";
    same_in_any_chunks("a.txt", PX_FORMAT_AUTO, t, strlen(t), "1 a|a.txt|A|Body " R " text\n");
    same_in_any_chunks("-", PX_FORMAT_AUTO, t, strlen(t), "1 stdin|-|A|Body " R " text\n");
    const char *h = "  <p>Hello <b>there</b></p>";
    same_in_any_chunks("-", PX_FORMAT_AUTO, h, strlen(h), "1 stdin|-||Hello there\n");
    same_in_any_chunks("p.html", PX_FORMAT_AUTO, "", 0, "5 p.html: empty file\n");
    same_in_any_chunks("-", PX_FORMAT_AUTO, "\x1f", 1, "4 -: binary data\n");

    /* wrong calls */
    px_doc *d = (px_doc *)1;
    assert_int_equal(px_reader_next(NULL, &d), PX_EINVAL);
    assert_null(px_reader_new((px_format)9, "x", NULL));
    px_reader *r = px_reader_new(PX_FORMAT_JSONL, NULL, NULL);
    assert_int_equal(px_reader_feed(r, NULL, 3), PX_EINVAL);
    assert_int_equal(px_reader_next(r, &d), PX_ESTATE);
    assert_null(d);
    assert_string_equal(px_reader_last_error(r), "");
    px_reader_free(r);
    px_reader_free(NULL);
}

/* Over-long lines are skipped and the reader resyncs at the next newline. */
static void test_line_too_long(void **state) {
    (void)state;
    const char *s = "{\"id\":\"a\",\"text\":\"short\"}\n"
                    "{\"id\":\"b\",\"text\":\"this line is longer than forty bytes\"}\n"
                    "{\"id\":\"c\",\"text\":\"ok\"}\n"
                    "{\"id\":\"d\",\"text\":\"unterminated and far too long for the cap\"}";
    static const size_t ks[] = {0, 1, 5, 40};
    for (size_t i = 0; i < PX_ARRAY_LEN(ks); i++) {
        char *out = feed_max("l.jsonl", PX_FORMAT_JSONL, s, strlen(s), ks[i], 40);
        assert_string_equal(out, "1 a|l.jsonl:1||short\n"
                                 "4 l.jsonl:2: line too long\n"
                                 "3 c|l.jsonl:3||ok\n"
                                 "4 l.jsonl:4: line too long\n");
        free(out);
    }
}

/* The real cap: a line of IG_MAX_LINE + 1 bytes, fed in 1 MiB chunks. */
static void test_line_cap(void **state) {
    (void)state;
    size_t chunk = (size_t)1 << 20;
    char *x = malloc(chunk);
    memset(x, 'x', chunk);
    cap c = {0};
    ig_handler h = handler(&c);
    px_reader *r = px_reader_new(PX_FORMAT_JSONL, "huge.jsonl", NULL);
    ig_reader_set_handler(r, &h);
    px_doc *d;
    for (size_t done = 0; done <= IG_MAX_LINE; done += chunk) {
        assert_int_equal(px_reader_feed(r, x, chunk), PX_OK);
        assert_int_equal(px_reader_next(r, &d), PX_ESTATE);
    }
    const char *tail = "\n{\"id\":\"after\",\"text\":\"resynced\"}\n";
    assert_int_equal(px_reader_feed(r, tail, strlen(tail)), PX_OK);
    assert_int_equal(px_reader_next(r, &d), PX_EFORMAT);
    assert_string_equal(px_reader_last_error(r), "huge.jsonl:1: line too long");
    assert_int_equal(px_reader_next(r, &d), PX_OK);
    assert_string_equal(px_doc_id(d), "after");
    assert_int_equal(px_reader_line(r), 2);
    px_doc_free(d);
    assert_int_equal(px_reader_finish(r), PX_OK);
    assert_int_equal(px_reader_next(r, &d), PX_ESTATE);
    px_reader_free(r);
    free(x);
    cap_free(&c);
}

/* ---- directories ---- */

static void test_dir_order(void **state) {
    (void)state;
    char root[] = "/tmp/px-ingest-XXXXXX";
    assert_non_null(mkdtemp(root));
    char p[512];
    /* created in an order unlike the expected one */
    const char *files[] = {"z.txt.gz", "sub/c.html", "b.txt", ".hidden.txt", "a.jsonl",
                           "sub/a.txt", "A.txt", "notes.md", "a-b.txt", ".hdir/x.txt",
                           "sub/deeper/q.json"};
    snprintf(p, sizeof p, "%s/sub", root);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/sub/deeper", root);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/.hdir", root);
    mkdir(p, 0700);
    for (size_t i = 0; i < PX_ARRAY_LEN(files); i++) {
        snprintf(p, sizeof p, "%s/%s", root, files[i]);
        if (strstr(files[i], ".gz")) {
            size_t zn;
            char *z = gz("zipped text", 11, &zn);
            write_file(p, z, zn);
            free(z);
        } else if (strstr(files[i], ".json")) {
            write_file(p, "{\"text\":\"j\"}\n", 13);
        } else {
            write_file(p, "some text", 9);
        }
    }
    cap c = {0};
    ig_handler h = handler(&c);
    char arg[600];
    snprintf(arg, sizeof arg, "%s/", root); /* a trailing slash is not doubled */
    assert_int_equal(ig_read_path(arg, NULL, &h, NULL), PX_OK);
    char *want = NULL;
    const char *order[] = {"A.txt", "a-b.txt", "a.jsonl:1", "b.txt", "sub/a.txt",
                           "sub/c.html", "sub/deeper/q.json:1", "z.txt.gz"};
    for (size_t i = 0; i < PX_ARRAY_LEN(order); i++) tu_appendf(&want, "%s/%s\n", root, order[i]);
    char *got = NULL;
    tu_appendf(&got, "%s", "");
    for (char *line = c.docs; line && *line;) {
        char *bar = strchr(line, '|') + 1;
        char *end = strchr(bar, '|');
        tu_appendf(&got, "%.*s\n", (int)(end - bar), bar);
        line = strchr(line, '\n') + 1;
    }
    assert_string_equal(got, want);
    assert_null(c.diags);
    free(got);
    free(want);
    cap_free(&c);

    /* a single file of unknown extension is sniffed */
    snprintf(p, sizeof p, "%s/notes.md", root);
    h = handler(&c);
    assert_int_equal(ig_read_path(p, NULL, &h, NULL), PX_OK);
    assert_int_equal(c.ndocs, 1);
    cap_free(&c);

    /* a missing path is an error with a message, nothing else */
    px_allocator a;
    px_alloc_init(&a, NULL);
    px_buf err;
    px_buf_init(&err, &a);
    snprintf(p, sizeof p, "%s/missing.txt", root);
    h = handler(&c);
    assert_int_equal(ig_read_path(p, NULL, &h, &err), PX_EIO);
    char want_err[600];
    snprintf(want_err, sizeof want_err, "%s: No such file or directory", p);
    assert_string_equal(err.p, want_err);
    assert_int_equal(h.read, 0);
    px_buf_free(&err);
    rm_tree(root);
}

/* "-" reads standard input, sniffing the format. */
static void test_stdin(void **state) {
    (void)state;
    char path[] = "/tmp/px-stdin-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *s = "{\"id\":\"in-1\",\"text\":\"from stdin\"}\n{\"text\":\"second\"}\n";
    assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    int saved = dup(STDIN_FILENO);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
    cap c = {0};
    ig_handler h = handler(&c);
    px_status st = ig_read_path("-", NULL, &h, NULL);
    dup2(saved, STDIN_FILENO);
    close(saved);
    close(fd);
    unlink(path);
    assert_int_equal(st, PX_OK);
    assert_string_equal(c.docs, "in-1|-:1|||||-1||from stdin\n"
                                "stdin-2|-:2|||||-1||second\n");
    cap_free(&c);
}

/* ---- px_doc_parse ---- */

static void test_doc_parse(void **state) {
    (void)state;
    px_doc *d = (px_doc *)1;
    const char *t = "Title: One\nSource: S\n\nBody of one.";
    assert_int_equal(px_doc_parse(t, strlen(t), PX_FORMAT_TEXT, "x/one.txt", NULL, &d), PX_OK);
    assert_string_equal(px_doc_id(d), "one");
    assert_string_equal(px_doc_path(d), "x/one.txt");
    assert_string_equal(px_doc_title(d), "One");
    assert_string_equal(px_doc_source(d), "S");
    size_t len;
    assert_string_equal(px_doc_text(d, &len), "Body of one.");
    assert_int_equal(len, 12);
    assert_int_equal(px_doc_time(d), PX_TIME_UNKNOWN);
    px_doc_free(d);

    /* one JSON object, pretty-printed over lines is fine; gzip inflated */
    const char *j = "{\n  \"id\": \"p\",\n  \"published\": \"2020-02-03\",\n  \"text\": \"pretty\"\n}\n";
    size_t zn;
    char *z = gz(j, strlen(j), &zn);
    assert_int_equal(px_doc_parse(z, zn, PX_FORMAT_AUTO, "p.json.gz", NULL, &d), PX_OK);
    assert_string_equal(px_doc_id(d), "p");
    assert_string_equal(px_doc_path(d), "p.json.gz:1");
    assert_string_equal(px_doc_published(d), "2020-02-03");
    assert_int_equal(px_doc_time(d), 1580688000);
    px_doc_free(d);
    assert_int_equal(px_doc_parse(z, zn - 1, PX_FORMAT_AUTO, "p.json.gz", NULL, &d), PX_EFORMAT);
    assert_null(d);
    free(z);

    /* sniffed without a name */
    assert_int_equal(px_doc_parse("<p>Hi</p>", 9, PX_FORMAT_AUTO, NULL, NULL, &d), PX_OK);
    assert_string_equal(px_doc_id(d), "stdin");
    assert_string_equal(px_doc_path(d), "-");
    assert_string_equal(px_doc_text(d, NULL), "Hi");
    px_doc_free(d);

    assert_int_equal(px_doc_parse("", 0, PX_FORMAT_TEXT, "e.txt", NULL, &d), PX_EEMPTY);
    assert_int_equal(px_doc_parse(" \n", 2, PX_FORMAT_JSONL, "e.jsonl", NULL, &d), PX_EEMPTY);
    assert_int_equal(px_doc_parse("{\"text\":\"\"}", 11, PX_FORMAT_JSONL, NULL, NULL, &d), PX_EEMPTY);
    assert_int_equal(px_doc_parse("{\"text\":", 8, PX_FORMAT_JSONL, NULL, NULL, &d), PX_EFORMAT);
    assert_int_equal(px_doc_parse("{} {}", 5, PX_FORMAT_JSONL, NULL, NULL, &d), PX_EFORMAT);
    assert_int_equal(px_doc_parse("\x01\x02\x03\x04", 4, PX_FORMAT_TEXT, NULL, NULL, &d), PX_EFORMAT);
    assert_null(d);
    assert_int_equal(px_doc_parse("x", 1, (px_format)7, NULL, NULL, &d), PX_EINVAL);
    assert_int_equal(px_doc_parse(NULL, 1, PX_FORMAT_TEXT, NULL, NULL, &d), PX_EINVAL);
    assert_int_equal(px_doc_parse("x", 1, PX_FORMAT_TEXT, NULL, NULL, NULL), PX_EINVAL);
}

/* ---- out of memory ---- */

static px_status free_sink(void *ud, px_doc *d) {
    (void)ud;
    px_doc_free(d);
    return PX_OK;
}

/* Runs every entry point with an allocator that fails after `budget`
 * allocations; PX_OK only when nothing failed. */
static px_status oom_round(tu_failing *f, const char *zj, size_t zjn) {
    px_allocator a = tu_failing_allocator(f);
    ig_handler h = {free_sink, NULL, NULL, 0, 0, 0, IG_KEEP_RAW, 0};
    const char *j = "{\"id\":\"a\",\"title\":\"T\",\"text\":\"x\\ny\",\"published\":\"bad\"}\n"
                    "{\"text\":\"caf\xE9\"}\n{bad\n"
                    "{\"id\":\"h\",\"html\":\"<title>t</title><p>p</p>\"}\n";
    px_status st = ig_read_bytes("m.jsonl", j, strlen(j), PX_FORMAT_AUTO, &a, &h);
    if (st == PX_OK) st = ig_read_bytes("m.jsonl.gz", zj, zjn, PX_FORMAT_AUTO, &a, &h);
    if (st == PX_OK) st = ig_read_bytes("m.txt", "Title: t\r\n\r\nb\xFF", 14, PX_FORMAT_AUTO, &a, &h);
    if (st == PX_OK)
        st = ig_read_bytes("m.html", "<title>t</title><p>x &amp; y</p>", 32, PX_FORMAT_AUTO, &a, &h);
    if (st == PX_OK) st = ig_read_path("tests/bad", &a, &h, NULL);
    if (st == PX_OK) {
        px_doc *d = NULL;
        st = px_doc_parse(zj, zjn, PX_FORMAT_TEXT, "z.txt.gz", &a, &d);
        px_doc_free(d);
    }
    if (st == PX_OK) {
        px_reader *r = px_reader_new(PX_FORMAT_AUTO, "-", &a);
        if (!r) return PX_ENOMEM;
        for (size_t i = 0; st == PX_OK && i < zjn; i += 5)
            st = px_reader_feed(r, zj + i, PX_MIN((size_t)5, zjn - i));
        if (st == PX_OK) st = px_reader_finish(r);
        px_doc *d;
        while (st == PX_OK || st == PX_EFORMAT) {
            st = px_reader_next(r, &d);
            px_doc_free(d);
        }
        if (st == PX_ESTATE) st = PX_OK;
        px_reader_free(r);
    }
    return st;
}

static void test_out_of_memory(void **state) {
    (void)state;
    const char *j = "{\"id\":\"z1\",\"text\":\"zipped one\"}\n{\"id\":\"z2\",\"text\":\"two\"}\n";
    size_t zn;
    char *z = gz(j, strlen(j), &zn);
    long budget = 0;
    for (;; budget++) {
        tu_failing f = {budget, 0};
        px_status st = oom_round(&f, z, zn);
        assert_true(st == PX_OK || st == PX_ENOMEM);
        assert_int_equal(f.live, 0);
        if (st == PX_OK) break;
        assert_true(budget < 100000);
    }
    assert_true(budget > 50); /* the loop did exercise failures */
    free(z);
}

/* ---- pathological inputs ---- */

static void test_deep_html(void **state) {
    (void)state;
    const size_t depth = 10000;
    size_t cap_n = depth * 16 + 256, n = 0;
    char *s = malloc(cap_n);
    n += (size_t)sprintf(s + n, "<html><head><title>Deep</title></head><body>");
    for (size_t i = 0; i < depth; i++) n += (size_t)sprintf(s + n, "<div>");
    n += (size_t)sprintf(s + n, "bottom text");
    for (size_t i = 0; i < depth; i++) n += (size_t)sprintf(s + n, "</div>");
    n += (size_t)sprintf(s + n, "<p>after</p></body></html>");
    cap c = {0};
    read_bytes(&c, "deep.html", s, n, PX_FORMAT_AUTO, 1, 0, 0);
    assert_string_equal(c.docs, "deep|deep.html|Deep||||-1||bottom text\n\nafter\n");
    cap_free(&c);
    /* never closed, and inline elements */
    n = 0;
    for (size_t i = 0; i < depth; i++) n += (size_t)sprintf(s + n, "<b><i>");
    n += (size_t)sprintf(s + n, "unclosed");
    read_bytes(&c, "open.html", s, n, PX_FORMAT_AUTO, 1, 0, 0);
    assert_string_equal(c.docs, "open|open.html|||||-1||unclosed\n");
    cap_free(&c);
    free(s);
}

/* A 10 MB record on one line, with escapes throughout. */
static void test_big_record(void **state) {
    (void)state;
    const char *unit = "Lorem ipsum \\\"dolor\\\" sit amet,\\n";
    const char *dec = "Lorem ipsum \"dolor\" sit amet,\n";
    size_t un = strlen(unit), dn = strlen(dec), k = ((size_t)10 << 20) / un;
    char *s = malloc(k * un + 64), *want = malloc(k * dn + 1);
    size_t n = (size_t)sprintf(s, "{\"id\":\"big\",\"text\":\"");
    for (size_t i = 0; i < k; i++) {
        memcpy(s + n + i * un, unit, un);
        memcpy(want + i * dn, dec, dn);
    }
    want[k * dn] = '\0';
    n += k * un;
    n += (size_t)sprintf(s + n, "\"}\n");
    assert_true(n > ((size_t)10 << 20) - 64);
    px_doc *d;
    assert_int_equal(px_doc_parse(s, n, PX_FORMAT_JSONL, "big.jsonl", NULL, &d), PX_OK);
    size_t len;
    const char *text = px_doc_text(d, &len);
    assert_int_equal(len, k * dn);
    assert_memory_equal(text, want, len);
    px_doc_free(d);
    cap c = {0};
    c.brief = true;
    read_bytes(&c, "big.jsonl", s, n, PX_FORMAT_JSONL, 1, 0, 0);
    assert_int_equal(c.bytes, k * dn);
    cap_free(&c);
    /* the same through the reader in 64 KiB pieces */
    char *whole = feed("big.jsonl", PX_FORMAT_JSONL, s, n, 0);
    char *parts = feed("big.jsonl", PX_FORMAT_JSONL, s, n, 65536);
    assert_string_equal(whole, parts);
    free(whole);
    free(parts);
    free(want);
    free(s);
}

/* ---- the shared data sets ---- */

static void test_shared(void **state) {
    (void)state;
    const char *sh = tu_shared();
    if (!sh) skip();
    char p[512];
    cap c = {0};
    c.brief = true;
    ig_handler h = handler(&c);
    snprintf(p, sizeof p, "%s/data/ecbplus/stories.jsonl", sh);
    size_t n = 0;
    char *all = tu_read_file(p, &n);
    if (!all) skip();
    size_t lines = 0;
    for (size_t i = 0; i < n; i++) lines += all[i] == '\n';
    free(all);
    assert_int_equal(ig_read_path(p, NULL, &h, NULL), PX_OK);
    assert_int_equal(h.read, lines);
    assert_int_equal(h.skipped, 0);
    assert_int_equal(c.ndocs, lines);
    assert_null(c.diags);
    cap_free(&c);

    /* the article-extraction pages: every one gives text and a title */
    c.brief = true;
    h = handler(&c);
    snprintf(p, sizeof p, "%s/data/article-extraction/html", sh);
    assert_int_equal(ig_read_path(p, NULL, &h, NULL), PX_OK);
    assert_true(h.read >= 100);
    assert_int_equal(h.skipped, 0);
    assert_int_equal(c.ndocs, h.read);
    assert_true(c.bytes > c.ndocs * 1000);
    cap_free(&c);

    /* the seed articles */
    h = handler(&c);
    snprintf(p, sizeof p, "%s/seeds", sh);
    assert_int_equal(ig_read_path(p, NULL, &h, NULL), PX_OK);
    assert_int_equal(c.ndocs, 3);
    assert_memory_equal(c.docs, "000_c09e12d5c03c1c27|", 21);
    assert_int_equal(h.skipped, 0);
    cap_free(&c);
}

/* ---- px_doc_pack: the dedup-only path's one block per doc ---- */

/* A bump allocator over a fixed arena that can be told to fail. */
typedef struct arena {
    _Alignas(16) char mem[4096];
    size_t used;
    bool fail;
} arena;

static void *arena_take(void *ud, size_t n) {
    arena *a = ud;
    if (a->fail || a->used + n > sizeof a->mem) return NULL;
    void *p = a->mem + a->used;
    a->used += (n + 15) & ~(size_t)15;
    return p;
}

static void test_doc_pack(void **state) {
    (void)state;
    px_doc *d = px_doc_new(NULL);
    assert_non_null(d);
    assert_int_equal(px_doc_set(d, &d->id, "a-1", 3), PX_OK);
    assert_int_equal(px_doc_set(d, &d->source, "Harbor Ledger", 13), PX_OK);
    assert_int_equal(px_doc_set(d, &d->title, "Quake", 5), PX_OK);
    assert_int_equal(px_doc_set(d, &d->text, "Body text.", 10), PX_OK);
    static const char rec[] = "{\"id\":\"a-1\"}";
    d->raw = px_strndup(&d->al, rec, sizeof rec - 1);
    assert_non_null(d->raw);
    d->raw_len = sizeof rec - 1;
    d->seq = 7;

    /* take failing: NULL, and the doc is as it was and still its own */
    arena a = {.fail = true};
    assert_null(px_doc_pack(d, arena_take, &a));
    assert_false(d->packed);
    assert_string_equal(d->title, "Quake");

    a.fail = false;
    px_doc *p = px_doc_pack(d, arena_take, &a);
    assert_non_null(p);
    assert_true(p->packed);
    assert_true((char *)p >= a.mem && (char *)p < a.mem + a.used);
    assert_int_equal((uintptr_t)p % 16, 0);
    assert_true(p->title > (char *)p && p->title < a.mem + a.used); /* in the block */
    assert_string_equal(p->id, "a-1");
    assert_string_equal(p->source, "Harbor Ledger");
    assert_string_equal(p->title, "Quake");
    assert_string_equal(p->url, "");      /* empty fields stay the shared "" */
    assert_string_equal(p->author, "");
    assert_string_equal(p->raw, rec);
    assert_int_equal(p->raw_len, sizeof rec - 1);
    assert_int_equal(p->seq, 7);
    assert_string_equal(p->text, "Body text."); /* text stays the doc's own */
    assert_ptr_equal(px_doc_pack(p, arena_take, &a), p); /* packing twice: no-op */

    /* metadata in the block cannot be replaced; the text can */
    assert_int_equal(px_doc_set(p, &p->title, "Other", 5), PX_ESTATE);
    assert_string_equal(p->title, "Quake");
    assert_int_equal(px_doc_set(p, &p->text, "New body.", 9), PX_OK);
    assert_string_equal(p->text, "New body.");
    assert_int_equal(px_doc_add_cut(p, "Photo: X", 8, "photo credit"), PX_OK);
    /* frees the text and cut (ASan's leak check sees they go) and leaves
     * the block, which the arena owns, alone */
    px_doc_free(p);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_txt),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_bad_jsonl),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_bad_dir),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_reader_chunks),
        cmocka_unit_test(test_line_too_long),
        cmocka_unit_test(test_line_cap),
        cmocka_unit_test(test_dir_order),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_doc_parse),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_deep_html),
        cmocka_unit_test(test_big_record),
        cmocka_unit_test(test_shared),
        cmocka_unit_test(test_doc_pack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
