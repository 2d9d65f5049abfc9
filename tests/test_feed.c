/*
 * test_feed.c - feeds (RSS 2.0, RSS 1.0, Atom) and WARC files: exact docs
 * and diagnostics on small inputs written here, RFC 822 dates, sniffing
 * and names, entity safety (XXE), damaged input of every kind, the same
 * results in any chunking, and a WARC gzipped per record, whole, or
 * broken.
 *
 * Docs are captured as "id|path|title|source|url|published|time|lang|text"
 * lines and diagnostics as "path[:line]: reason", compared whole.
 */
#include "testutil.h"

#include <unistd.h>
#include <zlib.h>

#include "counting.h"
#include "ingest/ingest.h"

/* ---- capture ---- */


typedef struct cap {
    char *out; /* docs and diagnostics, in the order they came */
} cap;

static px_status cap_sink(void *ud, px_doc *d) {
    cap *c = ud;
    assert_int_equal(strlen(d->text), d->text_len);
    tu_doc_line(&c->out, d);
    px_doc_free(d);
    return PX_OK;
}

static void cap_diag(void *ud, const char *path, unsigned long line, const char *reason) {
    cap *c = ud;
    if (line) tu_appendf(&c->out, "! %s:%lu: %s\n", path, line, reason);
    else tu_appendf(&c->out, "! %s: %s\n", path, reason);
}

/* Reads s as the file called name; checks the counts; returns the capture
 * (caller frees). */
static char *read_as(const char *name, const char *s, size_t n, size_t read, size_t skipped,
                     size_t ignored) {
    cap c = {NULL};
    tu_appendf(&c.out, "%s", "");
    ig_handler h = {cap_sink, cap_diag, &c, 0, 0, 0, 0, 0};
    assert_int_equal(ig_read_bytes(name, s, n, PX_FORMAT_AUTO, NULL, &h), PX_OK);
    if (h.read != read || h.skipped != skipped || h.ignored != ignored)
        print_error("%s: read %zu skipped %zu ignored %zu\n%s", name, h.read, h.skipped,
                    h.ignored, c.out);
    assert_int_equal(h.read, read);
    assert_int_equal(h.skipped, skipped);
    assert_int_equal(h.ignored, ignored);
    return c.out;
}

static void expect(const char *name, const char *s, size_t n, size_t read, size_t skipped,
                   size_t ignored, const char *want) {
    char *got = read_as(name, s, n, read, skipped, ignored);
    assert_string_equal(got, want);
    free(got);
}

/* The same input fed through px_reader in chunks of k bytes (0: whole). */
static char *chunked(const char *name, const char *s, size_t n, size_t k) {
    px_reader *r = px_reader_new(PX_FORMAT_AUTO, name, NULL);
    assert_non_null(r);
    return tu_feed_chunks(r, s, n, k, false);
}

static void same_in_any_chunks(const char *name, const char *s, size_t n) {
    char *whole = chunked(name, s, n, 0);
    assert_true(strlen(whole) > 0);
    static const size_t ks[] = {1, 2, 5, 13, 100, 4096};
    for (size_t i = 0; i < PX_ARRAY_LEN(ks); i++) {
        char *part = chunked(name, s, n, ks[i]);
        assert_string_equal(part, whole);
        free(part);
    }
    free(whole);
}

/* gzip-compresses s (one member) into a malloc'd buffer. */
static char *gz(const char *s, size_t n, size_t *out_n) {
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t room = deflateBound(&z, (uLong)n) + 32;
    char *o = malloc(room);
    assert_non_null(o);
    z.next_in = (Bytef *)(uintptr_t)s;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)o;
    z.avail_out = (uInt)room;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_n = room - z.avail_out;
    deflateEnd(&z);
    return o;
}

/* ---- dates, names, sniffing ---- */

static void date_is(const char *in, const char *want) {
    char out[32];
    bool ok = ig_rfc822_to_iso(in, strlen(in), out);
    if (!want) {
        if (ok) print_error("\"%s\" gave \"%s\"\n", in, out);
        assert_false(ok);
        return;
    }
    if (!ok) print_error("\"%s\" refused\n", in);
    assert_true(ok);
    assert_string_equal(out, want);
    assert_true(px_parse_time(out, strlen(out)) != PX_TIME_UNKNOWN);
}

static void test_rfc822(void **state) {
    (void)state;
    date_is("Tue, 01 Dec 2026 14:05:00 GMT", "2026-12-01T14:05:00Z");
    date_is("Tue, 01 Dec 2026 14:05:00 +0100", "2026-12-01T14:05:00+01:00");
    date_is("Tue, 1 Dec 2026 14:05:00 -0330", "2026-12-01T14:05:00-03:30");
    date_is("Wed, 02 Dec 2026 09:00 EST", "2026-12-02T09:00:00-05:00");
    date_is("2 Dec 26 21:15:09 PDT", "2026-12-02T21:15:09-07:00");
    date_is("Sunday, 06-Dec-98 23:59:60 UT", "1998-12-06T23:59:59Z");
    date_is("Tue, 01 December 2026 14:05:00 +01:00", "2026-12-01T14:05:00+01:00");
    date_is("01 Dec 2026 14:05:00 CET", "2026-12-01T14:05:00Z"); /* unknown zone: -0000 */
    date_is("01 Dec 2026 14:05:00", "2026-12-01T14:05:00");
    date_is("  Tue, 01 Dec 2026 14:05:00 +0000 (UTC) ", "2026-12-01T14:05:00Z");
    date_is("", NULL);
    date_is("2026-12-01T14:05:00Z", NULL);
    date_is("Tue, 32 Dec 2026 14:05:00 GMT", NULL);
    date_is("Tue, 30 Feb 2026 25:05:00 GMT", NULL);
    date_is("Tue, 01 Foo 2026 14:05:00 GMT", NULL);
    date_is("Tue, 01 Dec 2026 14:05:00 GMT trailing", NULL);
    date_is("Tue, 01 Dec 202 14:05:00 GMT", NULL);
    date_is("Tue, 01 Dec 2026 14:05:00 +01", NULL);
}

static void test_names_and_sniff(void **state) {
    (void)state;
    assert_int_equal(ig_format_from_name("a/news.rss"), PX_FORMAT_FEED);
    assert_int_equal(ig_format_from_name("news.ATOM.gz"), PX_FORMAT_FEED);
    assert_int_equal(ig_format_from_name("feed.xml"), PX_FORMAT_FEED);
    assert_int_equal(ig_format_from_name("CC-2026.warc.gz"), PX_FORMAT_WARC);
    assert_int_equal(ig_format_from_name("x.warc"), PX_FORMAT_WARC);
    assert_int_equal(ig_format_from_name("x.arc"), PX_FORMAT_AUTO);
    px_allocator a;
    px_alloc_init(&a, NULL);
    const char *names[][2] = {{"d/crawl-01.warc.gz", "crawl-01"}, {"world.rss", "world"},
                              {"a.atom.xml", "a"}, {".warc", ".warc"}};
    for (size_t i = 0; i < PX_ARRAY_LEN(names); i++) {
        px_buf b;
        px_buf_init(&b, &a);
        assert_int_equal(ig_id_from_name(names[i][0], &b), PX_OK);
        assert_string_equal(b.p, names[i][1]);
        px_buf_free(&b);
    }
    const struct { const char *s; px_format f; } sn[] = {
        {"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", PX_FORMAT_FEED},
        {"\xEF\xBB\xBF  <?xml version='1.0'?><!-- a > b --><?xml-stylesheet href='s'?>\n"
         "<!DOCTYPE feed [<!ENTITY x \"y\">]><feed xmlns=\"http://www.w3.org/2005/Atom\">",
         PX_FORMAT_FEED},
        {"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">", PX_FORMAT_FEED},
        {"<RSS>", PX_FORMAT_FEED},
        {"<?xml version=\"1.0\"?><html><body>", PX_FORMAT_HTML},
        {"<feeds>", PX_FORMAT_HTML},
        {"<!doctype html><html>", PX_FORMAT_HTML},
        {"<?xml version=\"1.0\"?>", PX_FORMAT_HTML},
        {"WARC/1.0\r\n", PX_FORMAT_WARC},
        {"\n\nWARC/1.1\r\n", PX_FORMAT_WARC},
        {"WARC/2 is not a version we read", PX_FORMAT_TEXT},
        {"Warcraft", PX_FORMAT_TEXT},
    };
    for (size_t i = 0; i < PX_ARRAY_LEN(sn); i++) {
        if (ig_sniff(sn[i].s, strlen(sn[i].s)) != sn[i].f) print_error("sniff #%zu\n", i);
        assert_int_equal(ig_sniff(sn[i].s, strlen(sn[i].s)), sn[i].f);
    }
}

/* ---- feeds ---- */

static const char rss2[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
    "     xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    "     xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
    "<channel>\n"
    "  <title>Harbor Ledger</title>\n"
    "  <language>en-us</language>\n"
    "  <item>\n"
    "    <media:title>Photo: the pier</media:title>\n"
    "    <title>Ferry strikes pier in fog</title>\n"
    "    <link>https://ledger.example/ferry</link>\n"
    "    <guid isPermaLink=\"false\">ledger-1001</guid>\n"
    "    <pubDate>Tue, 01 Dec 2026 14:05:00 +0100</pubDate>\n"
    "    <dc:creator>Ana Pike</dc:creator>\n"
    "    <description>A short teaser.</description>\n"
    "    <content:encoded><![CDATA[<p>The morning ferry struck the <b>north pier</b>.</p>"
    "<script>track()</script><p>Nobody &amp; nothing was hurt.</p>]]></content:encoded>\n"
    "  </item>\n"
    "  <item>\n"
    "    <title>Council &amp; budget</title>\n"
    "    <link>https://ledger.example/budget</link>\n"
    "    <pubDate>Wed, 02 Dec 2026 09:00 EST</pubDate>\n"
    "    <description>&lt;p&gt;The council passed the budget &amp;amp; the levy.&lt;/p&gt;"
    "</description>\n"
    "    <source url=\"https://wire.example/rss\">Northern Wire</source>\n"
    "  </item>\n"
    "  <item><description>No title, no link, no date.</description></item>\n"
    "  <item><title>Headline only</title><pubDate>sometime soon</pubDate></item>\n"
    "  <item><link>https://ledger.example/empty</link></item>\n"
    "</channel>\n"
    "</rss>\n";

static void test_rss2(void **state) {
    (void)state;
    expect("news.rss", rss2, strlen(rss2), 5, 1, 0,
           "ledger-1001|news.rss:8|Ferry strikes pier in fog|Harbor Ledger|"
           "https://ledger.example/ferry|2026-12-01T14:05:00+01:00|1796130300|en|"
           "The morning ferry struck the north pier.\n\nNobody & nothing was hurt.\n"
           "https://ledger.example/budget|news.rss:18|Council & budget|Northern Wire|"
           "https://ledger.example/budget|2026-12-02T09:00:00-05:00|1796220000|en|"
           "The council passed the budget & the levy.\n"
           "news-3|news.rss:25||Harbor Ledger|||-1|en|No title, no link, no date.\n"
           "! news.rss:26: unparseable published date \"sometime soon\"\n"
           "news-4|news.rss:26|Headline only|Harbor Ledger||sometime soon|-1|en|Headline only\n"
           "! news.rss:27: record has no text\n");
    same_in_any_chunks("news.rss", rss2, strlen(rss2));
    /* the same bytes on standard input are sniffed as a feed */
    char *a = chunked("-", rss2, strlen(rss2), 7);
    assert_non_null(strstr(a, "ledger-1001|-:8|Ferry strikes pier in fog|"));
    free(a);
    /* and gzip-compressed */
    size_t zn;
    char *z = gz(rss2, strlen(rss2), &zn);
    same_in_any_chunks("news.rss.gz", z, zn);
    char *b = chunked("news.rss.gz", z, zn, 0);
    assert_non_null(strstr(b, "news-4|news.rss.gz:26|Headline only|Headline only\n"));
    free(b);
    free(z);
}

static const char atom[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr-CA\">\n"
    "  <title type=\"html\">Le &lt;b&gt;Courrier&lt;/b&gt;</title>\n"
    "  <id>urn:courrier</id>\n"
    "  <entry>\n"
    "    <title type=\"text\">Incendie pr\xC3\xA8s de Lanner</title>\n"
    "    <link rel=\"self\" href=\"https://courrier.example/self/1\"/>\n"
    "    <link rel=\"alternate\" type=\"text/html\" href=\"https://courrier.example/feu\"/>\n"
    "    <id>tag:courrier.example,2026:feu</id>\n"
    "    <updated>2026-12-03T08:00:00Z</updated>\n"
    "    <published>2026-12-02T18:30:00+01:00</published>\n"
    "    <summary>R\xC3\xA9sum\xC3\xA9.</summary>\n"
    "    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
    "<p>Le feu a br\xC3\xBBl\xC3\xA9 <em>40 hectares</em>.</p><p>Deux routes sont ferm\xC3\xA9"
    "es.</p></div></content>\n"
    "  </entry>\n"
    "  <entry xml:lang=\"en\">\n"
    "    <title type=\"html\">Roads &amp;lt;closed&amp;gt;</title>\n"
    "    <link href=\"https://courrier.example/roads\"/>\n"
    "    <updated>2026-12-03T09:00:00Z</updated>\n"
    "    <content type=\"html\">&lt;p&gt;Two roads are closed.&lt;/p&gt;</content>\n"
    "  </entry>\n"
    "  <entry>\n"
    "    <id>urn:x:3</id><title>Out of line</title>\n"
    "    <content src=\"https://courrier.example/3.pdf\" type=\"application/pdf\"/>\n"
    "    <summary type=\"text\">Plain   text &lt;kept&gt;.</summary>\n"
    "  </entry>\n"
    "</feed>\n";

static void test_atom(void **state) {
    (void)state;
    expect("courrier.atom", atom, strlen(atom), 3, 0, 0,
           "tag:courrier.example,2026:feu|courrier.atom:5|Incendie pr\xC3\xA8s de Lanner|"
           "Le Courrier|https://courrier.example/feu|2026-12-02T18:30:00+01:00|1796232600|fr|"
           "Le feu a br\xC3\xBBl\xC3\xA9 40 hectares.\n\nDeux routes sont ferm\xC3\xA9" "es.\n"
           "https://courrier.example/roads|courrier.atom:15|Roads <closed>|Le Courrier|"
           "https://courrier.example/roads|2026-12-03T09:00:00Z|1796288400|en|"
           "Two roads are closed.\n"
           "urn:x:3|courrier.atom:21|Out of line|Le Courrier|||-1|fr|Plain   text <kept>.\n");
    same_in_any_chunks("courrier.atom", atom, strlen(atom));
}

static const char rdf[] =
    "<?xml version=\"1.0\"?>\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
    "         xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    "  <channel rdf:about=\"https://valley.example/\">\n"
    "    <title>Valley Courier</title>\n"
    "    <dc:language>de</dc:language>\n"
    "  </channel>\n"
    "  <item rdf:about=\"https://valley.example/a\">\n"
    "    <title>Stadion</title>\n"
    "    <link>https://valley.example/a</link>\n"
    "    <description>Der Rat stimmt &#252;ber das Stadion ab.</description>\n"
    "    <dc:date>2026-11-30T12:00:00+01:00</dc:date>\n"
    "  </item>\n"
    "</rdf:RDF>\n";

static void test_rdf(void **state) {
    (void)state;
    expect("valley.xml", rdf, strlen(rdf), 1, 0, 0,
           "https://valley.example/a|valley.xml:8|Stadion|Valley Courier|"
           "https://valley.example/a|2026-11-30T12:00:00+01:00|1796036400|de|"
           "Der Rat stimmt \xC3\xBC" "ber das Stadion ab.\n");
}

/* An external entity must be neither fetched nor expanded, an internal
 * one not expanded, and a billion laughs must cost nothing. */
static void test_xxe(void **state) {
    (void)state;
    char secret[] = "/tmp/px-xxe-XXXXXX";
    int fd = mkstemp(secret);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "TOPSECRET", 9), 9);
    close(fd);
    char *x = NULL;
    tu_appendf(&x,
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE rss [\n"
        "  <!ENTITY xxe SYSTEM \"file://%s\">\n"
        "  <!ENTITY net SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
        "  <!ENTITY inner \"EXPANDED\">\n"
        "]>\n"
        "<rss><channel><title>T &xxe;</title>\n"
        "<item><guid>x1</guid><title>Secret: &xxe;</title>"
        "<description>Body &xxe; &net; &inner; end.</description></item>\n"
        "</channel></rss>\n",
        secret);
    expect("xxe.rss", x, strlen(x), 1, 0, 0,
           "x1|xxe.rss:8|Secret:|T|||-1||Body end.\n");
    free(x);
    unlink(secret);
    /* a billion laughs: libxml2's amplification limit stops the parse
     * (without XML_PARSE_HUGE); what came before stands, nothing expands */
    const char *laughs =
        "<!DOCTYPE rss [<!ENTITY a \"LOL\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
        "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
        "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>\n"
        "<rss><channel><item><guid>l1</guid><description>Ha &f; ha.</description></item>"
        "<item><guid>l2</guid><description>Second.</description></item></channel></rss>";
    char *got = read_as("laughs.rss", laughs, strlen(laughs), 1, 0, 0);
    assert_null(strstr(got, "LOL"));
    assert_non_null(strstr(got, "l1|laughs.rss:2|||||-1||Ha"));
    free(got);
}

static void test_broken_feeds(void **state) {
    (void)state;
    /* cut off inside the second item: the first stands */
    const char *cut = "<rss><channel><title>C</title>"
                      "<item><guid>g1</guid><description>First body.</description></item>\n"
                      "<item><guid>g2</guid><description>Second bo";
    expect("cut.rss", cut, strlen(cut), 2, 0, 0,
           "g1|cut.rss:1||C|||-1||First body.\n"
           "g2|cut.rss:2||C|||-1||Second bo\n");
    /* undeclared prefixes, bytes that are not UTF-8 */
    const char *bad = "<rss><channel>\n<item><title>Caf\xE9</title>"
                      "<content:encoded>&lt;p&gt;Body&lt;/p&gt;</content:encoded>"
                      "<dc:date>2026-01-02</dc:date></item>\n</channel></rss>";
    expect("bad.rss", bad, strlen(bad), 1, 0, 0,
           "bad-1|bad.rss:2|Caf\xEF\xBF\xBD|||2026-01-02|1767312000||Body\n"
           "! bad.rss: invalid UTF-8 replaced (1 sequence)\n");
    /* a CR from a character reference in an HTML body */
    const char *cr = "<rss><channel><item><guid>c</guid><description>&lt;p&gt;One&#13;\n"
                     "two&lt;/p&gt;</description></item></channel></rss>";
    expect("cr.rss", cr, strlen(cr), 1, 0, 0, "c|cr.rss:1|||||-1||One two\n");
    /* HTML's entities without a DTD, and &amp; after them; CDATA and
     * comments untouched */
    const char *ents = "<rss><channel><item><guid>e</guid>"
                       "<title>Caf&eacute; &amp; bar&nbsp;now &bogus; &#x41;</title>"
                       "<!-- &eacute; --><description><![CDATA[<p>x&nbsp;y &amp;amp;</p>]]>"
                       "</description></item></channel></rss>";
    expect("ents.rss", ents, strlen(ents), 1, 0, 0,
           "e|ents.rss:1|Caf\xC3\xA9 & bar\xC2\xA0now  A||||-1||x y &amp;\n");
    /* a stray end tag: libxml2's recovery closes the item there */
    const char *stray = "<rss><channel><item><title>T</b></title>"
                        "<description>Lost.</description></item></channel></rss>";
    expect("stray.rss", stray, strlen(stray), 1, 0, 0, "stray-1|stray.rss:1|T||||-1||T\n");
    /* declared Latin-1 is converted, not repaired */
    const char *latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
                        "<rss><channel><item><title>Caf\xE9</title></item></channel></rss>";
    expect("latin.rss", latin, strlen(latin), 1, 0, 0,
           "latin-1|latin.rss:1|Caf\xC3\xA9||||-1||Caf\xC3\xA9\n");
    const char *html = "<?xml version=\"1.0\"?><html><body>x</body></html>";
    expect("page.xml", html, strlen(html), 1, 1, 0,
           "! page.xml: not an RSS or Atom feed (root element <html>)\n");
    expect("none.rss", "<rss><channel><title>C</title></channel></rss>", 46, 1, 1, 0,
           "! none.rss: feed has no items\n");
    expect("empty.rss", " \n", 2, 1, 1, 0, "! empty.rss: empty file\n");
    expect("junk.atom", "\x01\x02junk", 6, 1, 1, 0,
           "! junk.atom: not an RSS or Atom feed\n");
    /* px_doc_parse gives a feed's first article */
    px_doc *d = NULL;
    assert_int_equal(px_doc_parse(rss2, strlen(rss2), PX_FORMAT_AUTO, "n.rss", NULL, &d), PX_OK);
    assert_string_equal(px_doc_id(d), "ledger-1001");
    px_doc_free(d);
    assert_int_equal(px_doc_parse(html, strlen(html), PX_FORMAT_FEED, "p", NULL, &d),
                     PX_EFORMAT);
    assert_null(d);
}

/* ---- WARC ---- */

/* Appends one WARC record; clen < 0 means the true length. */
static void wrec(char **w, const char *type, const char *uri, const char *ctype,
                 const char *block, long clen) {
    size_t n = strlen(block);
    tu_appendf(w,
        "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n"
        "WARC-Date: 2026-12-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:%s-%zu>\r\n"
        "Content-Type: %s\r\nContent-Length: %ld\r\n\r\n%s\r\n\r\n",
        type, uri, type, n, ctype, clen < 0 ? (long)n : clen, block);
}

#define HTTP_RESP "application/http; msgtype=response"

static const char page1[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nServer: x\r\n\r\n"
    "<html><head><title>Ferry hits pier</title></head>"
    "<body><p>The ferry hit the pier in fog.</p></body></html>";
static const char chunked_page[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
    "1b\r\n<html><head><title>Chunk</t\r\n"
    "2A;ext=1\r\nitle></head><body><p>Two chunks, one page.\r\n"
    "b\r\n</p></body>\r\n"
    "0\r\n\r\n";
static const char latin_page[] =
    "HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n"
    "<html><head><title>Caf\xE9</title><meta property=\"og:site_name\" content=\"Le Caf\xE9\">"
    "</head><body><p>S\xE3o Paulo reopened its caf\xE9.</p></body></html>";

/* The records of a small crawl: 7 records, 3 articles. */
static char *crawl(void) {
    char *w = NULL;
    tu_appendf(&w, "%s", "");
    wrec(&w, "warcinfo", "", "application/warc-fields", "software: tests\r\n", -1);
    wrec(&w, "request", "https://news.example/ferry", "application/http; msgtype=request",
         "GET /ferry HTTP/1.1\r\nHost: news.example\r\n\r\n", -1);
    wrec(&w, "response", "https://www.news.example/ferry", HTTP_RESP, page1, -1);
    wrec(&w, "metadata", "https://news.example/ferry", "application/warc-fields",
         "fetchTimeMs: 12\r\n", -1);
    wrec(&w, "response", "https://news.example/logo.png", HTTP_RESP,
         "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG", -1);
    wrec(&w, "response", "https://news.example/moved", HTTP_RESP,
         "HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\nLocation: /x\r\n\r\n<a>x</a>", -1);
    wrec(&w, "response", "https://chunk.example/a", HTTP_RESP, chunked_page, -1);
    wrec(&w, "response", "http://user@latin.example:8080/cafe?x=1", HTTP_RESP, latin_page, -1);
    return w;
}

static const char crawl_docs[] =
    "https://www.news.example/ferry|c.warc#3|Ferry hits pier|news.example|"
    "https://www.news.example/ferry|2026-12-01T10:00:00Z|1796119200||"
    "The ferry hit the pier in fog.\n"
    "https://chunk.example/a|c.warc#7|Chunk|chunk.example|https://chunk.example/a|"
    "2026-12-01T10:00:00Z|1796119200||Two chunks, one page.\n"
    "http://user@latin.example:8080/cafe?x=1|c.warc#8|Caf\xC3\xA9|Le Caf\xC3\xA9|"
    "http://user@latin.example:8080/cafe?x=1|2026-12-01T10:00:00Z|1796119200||"
    "S\xC3\xA3o Paulo reopened its caf\xC3\xA9.\n";

/* Replaces "c.warc" in want with name. */
static char *renamed(const char *want, const char *name) {
    char *o = NULL;
    tu_appendf(&o, "%s", "");
    for (const char *p = want; *p;) {
        const char *q = strstr(p, "c.warc#");
        if (!q) {
            tu_appendf(&o, "%s", p);
            break;
        }
        tu_appendf(&o, "%.*s%s", (int)(q - p), p, name);
        p = q + 6;
    }
    return o;
}

/* Each record of w compressed alone (as Common Crawl publishes). */
static char *per_record_gzip(const char *w, size_t *out_n) {
    char *o = NULL;
    size_t on = 0;
    const char *p = w;
    while (*p) {
        const char *q = strstr(p + 1, "WARC/1.0\r\n");
        size_t n = q ? (size_t)(q - p) : strlen(p), zn;
        char *z = gz(p, n, &zn);
        o = realloc(o, on + zn);
        assert_non_null(o);
        memcpy(o + on, z, zn);
        on += zn;
        free(z);
        p += n;
    }
    *out_n = on;
    return o;
}

static void test_warc(void **state) {
    (void)state;
    char *w = crawl();
    expect("c.warc", w, strlen(w), 3, 0, 5, crawl_docs);
    same_in_any_chunks("c.warc", w, strlen(w));
    /* sniffed on standard input */
    char *s = chunked("-", w, strlen(w), 3);
    assert_non_null(strstr(s, "https://chunk.example/a|-#7|Chunk|Two chunks, one page.\n"));
    free(s);
    /* whole-file gzip */
    size_t zn;
    char *z = gz(w, strlen(w), &zn);
    char *want = renamed(crawl_docs, "w.warc.gz");
    expect("w.warc.gz", z, zn, 3, 0, 5, want);
    free(want);
    same_in_any_chunks("w.warc.gz", z, zn);
    free(z);
    /* gzip per record */
    z = per_record_gzip(w, &zn);
    want = renamed(crawl_docs, "r.warc.gz");
    expect("r.warc.gz", z, zn, 3, 0, 5, want);
    free(want);
    same_in_any_chunks("r.warc.gz", z, zn);
    /* px_doc_parse gives the first article */
    px_doc *d = NULL;
    assert_int_equal(px_doc_parse(z, zn, PX_FORMAT_AUTO, "r.warc.gz", NULL, &d), PX_OK);
    assert_string_equal(px_doc_title(d), "Ferry hits pier");
    px_doc_free(d);
    free(z);
    free(w);
}

static void test_warc_damage(void **state) {
    (void)state;
    /* Content-Length too small, then too large at the end */
    char *w = NULL;
    tu_appendf(&w, "%s", "");
    wrec(&w, "response", "https://a.example/1", HTTP_RESP, page1, -1);
    wrec(&w, "response", "https://a.example/2", HTTP_RESP, page1, 100);
    wrec(&w, "response", "https://a.example/3", HTTP_RESP, chunked_page, -1);
    wrec(&w, "response", "https://a.example/4", HTTP_RESP, page1, 5000);
    expect("lie.warc", w, strlen(w), 4, 2, 0,
           "https://a.example/1|lie.warc#1|Ferry hits pier|a.example|https://a.example/1|"
           "2026-12-01T10:00:00Z|1796119200||The ferry hit the pier in fog.\n"
           "! lie.warc: record 2 (offset 396): Content-Length 100 does not match the record "
           "(no WARC header follows it)\n"
           "https://a.example/3|lie.warc#3|Chunk|a.example|https://a.example/3|"
           "2026-12-01T10:00:00Z|1796119200||Two chunks, one page.\n"
           "! lie.warc: record 4 (offset 1192): Content-Length 5000 runs past the end of the "
           "file (4820 bytes missing)\n");
    same_in_any_chunks("lie.warc", w, strlen(w));

    /* per record gzip: a too large Content-Length ends with its member */
    size_t zn;
    char *z = per_record_gzip(w, &zn);
    char *g = read_as("lie.warc.gz", z, zn, 4, 2, 0);
    assert_non_null(strstr(g, "! lie.warc.gz: record 2 (offset "));
    assert_non_null(strstr(g, "https://a.example/3|lie.warc.gz#3|"));
    assert_non_null(strstr(g, "record 4 (offset "));
    free(g);
    free(z);
    free(w);

    w = NULL;
    tu_appendf(&w, "%s", "");
    wrec(&w, "response", "https://b.example/1", HTTP_RESP, page1, 400);
    wrec(&w, "response", "https://b.example/2", HTTP_RESP, page1, -1);
    z = per_record_gzip(w, &zn);
    expect("big.warc.gz", z, zn, 2, 1, 0,
           "! big.warc.gz: record 1 (offset 0): Content-Length 400 does not match the record "
           "(it runs past the end of its gzip member)\n"
           "https://b.example/2|big.warc.gz#2|Ferry hits pier|b.example|https://b.example/2|"
           "2026-12-01T10:00:00Z|1796119200||The ferry hit the pier in fog.\n");
    free(z);
    free(w);

    /* garbage between records, then a good record; garbage at the start */
    w = NULL;
    tu_appendf(&w, "%s", "");
    wrec(&w, "response", "https://c.example/1", HTTP_RESP, page1, -1);
    tu_appendf(&w, "\x01\x02 binary \xFF\xFE garbage\nWARC is not here\n");
    wrec(&w, "response", "https://c.example/2", HTTP_RESP, page1, -1);
    expect("junk.warc", w, strlen(w), 3, 1, 0,
           "https://c.example/1|junk.warc#1|Ferry hits pier|c.example|https://c.example/1|"
           "2026-12-01T10:00:00Z|1796119200||The ferry hit the pier in fog.\n"
           "! junk.warc: record 2 (offset 396): not a WARC record (no WARC/ header)\n"
           "https://c.example/2|junk.warc#3|Ferry hits pier|c.example|https://c.example/2|"
           "2026-12-01T10:00:00Z|1796119200||The ferry hit the pier in fog.\n");
    free(w);
    /* garbage, then a record cut short in its header */
    expect("lead.warc", "\x89PNG\r\n\x1a\nWARC/1.0 soon", 20, 2, 2, 0,
           "! lead.warc: record 1 (offset 0): not a WARC record (no WARC/ header)\n"
           "! lead.warc: record 2 (offset 8): truncated WARC header\n");
    expect("hdr.warc", "WARC/1.0\r\nWARC-Type: response\r\n", 31, 1, 1, 0,
           "! hdr.warc: record 1 (offset 0): truncated WARC header\n");
    expect("nolen.warc", "WARC/1.0\r\nWARC-Type: response\r\n\r\nabc\r\n\r\n", 40, 1, 1, 0,
           "! nolen.warc: record 1 (offset 0): no valid Content-Length in the WARC header\n");
    expect("empty.warc", "", 0, 1, 1, 0, "! empty.warc: empty file\n");
    char *e = NULL;
    tu_appendf(&e, "%s", "");
    wrec(&e, "response", "https://d.example/", HTTP_RESP,
         "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body> </body></html>", -1);
    wrec(&e, "response", "https://d.example/br", HTTP_RESP,
         "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n\x0b\x01", -1);
    wrec(&e, "response", "https://d.example/raw", HTTP_RESP, "not http at all", -1);
    expect("e.warc", e, strlen(e), 3, 3, 0,
           "! e.warc: record 1 (offset 0): record has no text\n"
           "! e.warc: record 2 (offset 288): unsupported Content-Encoding\n"
           "! e.warc: record 3 (offset 575): malformed HTTP response\n");
    free(e);
}

static void test_warc_gzip_damage(void **state) {
    (void)state;
    char *w = crawl();
    size_t zn;
    char *z = per_record_gzip(w, &zn);
    free(w);
    /* the last member cut in half */
    char *a = read_as("t.warc.gz", z, zn - 150, 3, 1, 5);
    assert_non_null(strstr(a, "! t.warc.gz: record 8 (offset "));
    assert_non_null(strstr(a, "): truncated gzip data\n"));
    assert_null(strstr(a, "latin.example"));
    free(a);
    /* the third member cut in half, the others after it whole: the
     * search for the next member starts inside the broken one, so no
     * record after it is lost and the numbers stay right */
    size_t starts[16], nm = 0;
    for (size_t i = 0; i + 2 < zn && nm < 16; i++)
        if ((unsigned char)z[i] == 0x1f && (unsigned char)z[i + 1] == 0x8b && z[i + 2] == 8)
            starts[nm++] = i;
    assert_int_equal(nm, 8);
    size_t cut = (starts[3] - starts[2]) / 2;
    char *mid = malloc(zn);
    assert_non_null(mid);
    memcpy(mid, z, starts[2] + cut);
    memcpy(mid + starts[2] + cut, z + starts[3], zn - starts[3]);
    size_t midn = zn - (starts[3] - starts[2] - cut);
    char *m = read_as("m.warc.gz", mid, midn, 3, 1, 5);
    char mw[96];
    snprintf(mw, sizeof mw, "! m.warc.gz: record 3 (offset %zu): corrupt gzip data\n", starts[2]);
    assert_non_null(strstr(m, mw));
    assert_non_null(strstr(m, "https://chunk.example/a|m.warc.gz#7|"));
    assert_non_null(strstr(m, "|m.warc.gz#8|"));
    free(m);
    same_in_any_chunks("m.warc.gz", mid, midn);
    free(mid);
    /* the third member's data flipped: reported, the rest read */
    char *c = malloc(zn);
    assert_non_null(c);
    memcpy(c, z, zn);
    size_t m1 = 0, m3 = 0;
    int seen = 0;
    for (size_t i = 0; i + 2 < zn; i++) {
        if ((unsigned char)c[i] == 0x1f && (unsigned char)c[i + 1] == 0x8b && c[i + 2] == 8 &&
            ++seen == 3) {
            m3 = i;
            break;
        }
    }
    (void)m1;
    assert_true(m3 > 0);
    for (size_t i = m3 + 12; i < m3 + 40; i++) c[i] ^= 0x55;
    char *b = read_as("x.warc.gz", c, zn, 3, 1, 5);
    char want[96];
    snprintf(want, sizeof want, "! x.warc.gz: record 3 (offset %zu): corrupt gzip data\n", m3);
    assert_non_null(strstr(b, want));
    assert_non_null(strstr(b, "https://chunk.example/a|x.warc.gz#7|"));
    free(b);
    same_in_any_chunks("x.warc.gz", c, zn);
    free(c);
    free(z);
}

static px_status count_sink(void *ud, px_doc *d) {
    ++*(size_t *)ud;
    px_doc_free(d);
    return PX_OK;
}

/* A large WARC streams: memory stays bounded (checked with a counting
 * allocator) whatever the number of records. */
static void test_warc_bounded(void **state) {
    (void)state;
    char *w = crawl();
    size_t n = strlen(w), reps = 2000;
    tu_counter cnt = {0, 0};
    px_allocator al = tu_counting_allocator(&cnt);
    px_reader *r = px_reader_new(PX_FORMAT_WARC, "big.warc", &al);
    assert_non_null(r);
    size_t docs = 0;
    ig_handler h = {count_sink, NULL, &docs, 0, 0, 0, 0, 0};
    ig_reader_set_handler(r, &h);
    for (size_t i = 0; i <= reps; i++) {
        if (i < reps) assert_int_equal(px_reader_feed(r, w, n), PX_OK);
        else assert_int_equal(px_reader_finish(r), PX_OK);
        px_doc *d;
        px_status st;
        while ((st = px_reader_next(r, &d)) != PX_ESTATE) {
            assert_int_equal(st, PX_OK);
            count_sink(&docs, d);
        }
    }
    px_reader_free(r);
    free(w);
    assert_int_equal(docs, 3 * reps);
    assert_int_equal(h.ignored, 5 * reps);
    assert_int_equal(cnt.live, 0);
    /* input of 2000 x ~3 KB went through well under 1 MB */
    assert_true(cnt.peak < ((size_t)1 << 20));
}

/* The public API: a corpus takes feeds and WARC files as bytes, and
 * counts the records that are no articles. */
static void test_authors(void **state) {
    (void)state;
    static const char feed[] =
        "<?xml version=\"1.0\"?>\n"
        "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
        "<title>Ledger</title>"
        "<item><title>One</title><dc:creator>Mira Castell</dc:creator>"
        "<dc:creator> Tom Okafor </dc:creator><description>The pier closed.</description></item>"
        "</channel></rss>\n";
    static const char entry[] =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Courier</title>"
        "<entry><id>urn:1</id><title>Two</title><author><name>Ann Lee</name>"
        "<email>ann@courier.test</email></author><content>Roads are shut.</content></entry>"
        "</feed>\n";
    px_options o;
    px_options_init(&o);
    px_corpus *c = px_corpus_new(&o, NULL);
    assert_non_null(c);
    assert_int_equal(px_corpus_add_bytes(c, "a.rss", feed, strlen(feed), PX_FORMAT_AUTO), PX_OK);
    assert_int_equal(px_corpus_add_bytes(c, "b.atom", entry, strlen(entry), PX_FORMAT_AUTO), PX_OK);
    assert_int_equal(px_corpus_doc_count(c), 2);
    assert_string_equal(px_doc_author(px_corpus_doc(c, 0)), "Mira Castell, Tom Okafor");
    assert_string_equal(px_doc_author(px_corpus_doc(c, 1)), "Ann Lee");
    px_corpus_free(c);
}

static void test_corpus_api(void **state) {
    (void)state;
    px_options o;
    px_options_init(&o);
    o.threads = 1;
    px_corpus *c = px_corpus_new(&o, NULL);
    assert_non_null(c);
    assert_int_equal(px_corpus_add_bytes(c, "news.rss", rss2, strlen(rss2), PX_FORMAT_AUTO),
                     PX_OK);
    char *w = crawl();
    assert_int_equal(px_corpus_add_bytes(c, NULL, w, strlen(w), PX_FORMAT_WARC), PX_OK);
    free(w);
    assert_int_equal(px_corpus_add_bytes(c, "x", "", 0, (px_format)6), PX_EINVAL);
    px_stats st;
    px_corpus_stats(c, &st);
    assert_int_equal(st.read, 5 + 3);
    assert_int_equal(st.skipped, 1);
    assert_int_equal(st.ignored, 5);
    assert_int_equal(px_corpus_doc_count(c), 4 + 3);
    assert_string_equal(px_doc_path(px_corpus_doc(c, 4)), "-#3");
    assert_int_equal(px_corpus_run(c), PX_OK);
    px_corpus_free(c);
    assert_null(px_reader_new((px_format)6, "x", NULL));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc822),         cmocka_unit_test(test_names_and_sniff),
        cmocka_unit_test(test_rss2),           cmocka_unit_test(test_atom),
        cmocka_unit_test(test_rdf),            cmocka_unit_test(test_xxe),
        cmocka_unit_test(test_broken_feeds),   cmocka_unit_test(test_warc),
        cmocka_unit_test(test_warc_damage),    cmocka_unit_test(test_warc_gzip_damage),
        cmocka_unit_test(test_warc_bounded),   cmocka_unit_test(test_corpus_api),
        cmocka_unit_test(test_authors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
