/*
 * parallax.h - the public interface of libparallax.
 *
 * Parallax turns news articles from many outlets into stories (sets of
 * articles about one event) and compares how each source covers them.
 *
 * This header is the whole API: what is not declared here is not API.
 * Every handle is opaque. Every fallible call returns a px_status (0 is
 * PX_OK); px_strerror() names a code and px_*_last_error() gives the
 * detailed "path:line: reason" of the last failure on that object.
 * Every text input carries an explicit length: article bytes may contain
 * NULs and invalid UTF-8. The library never prints and never exits.
 *
 * Sections, from the simplest call to the most advanced:
 *   1. Status codes, version, allocator
 *   2. One article: px_doc_parse
 *   3. Streaming records: px_reader
 *   4. A corpus: ingest, analysis, near-duplicates, stories
 *   5. Reports: text, JSON, Markdown, HTML
 *   6. Evaluation against gold labels
 *   7. A store: stories that persist between runs
 */
#ifndef PARALLAX_H
#define PARALLAX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PX_VERSION_MAJOR 0
#define PX_VERSION_MINOR 1
#define PX_VERSION_PATCH 0
#define PX_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------ */
/* 1. Status codes, version, allocator                                */
/* ------------------------------------------------------------------ */

/* Values are pinned: they may be stored or compared across versions. */
typedef enum px_status {
    PX_OK = 0,          /* success */
    PX_ENOMEM = 1,      /* an allocation failed; the object is unchanged */
    PX_EINVAL = 2,      /* an argument is out of range or NULL */
    PX_EIO = 3,         /* a file could not be opened, read or written */
    PX_EFORMAT = 4,     /* the input is malformed (JSON, gzip, UTF-8 ...) */
    PX_EEMPTY = 5,      /* a record holds no article text */
    PX_EDUPID = 6,      /* a record repeats an id already read */
    PX_ESTATE = 7,      /* the call is not valid in the object's state */
    PX_EUNSUPPORTED = 8, /* the input format is not supported */
    PX_EBUSY = 9        /* another process holds the store's write lock */
} px_status;

/* A fixed English description of a status; never NULL, never freed. */
const char *px_strerror(px_status code);

/* The library version, e.g. "0.1.0"; static storage. */
const char *px_version(void);

/*
 * An allocator hook. Every object created with one uses it for all of its
 * memory and keeps a copy; a NULL px_allocator* means malloc/realloc/free.
 * An allocator that returns NULL makes the call fail with PX_ENOMEM; the
 * library never aborts.
 *
 *     px_allocator a = { my_malloc, my_realloc, my_free, &my_stats };
 *     px_corpus *c = px_corpus_new(&opts, &a);
 */
typedef struct px_allocator {
    void *(*malloc_fn)(void *opaque, size_t size);
    void *(*realloc_fn)(void *opaque, void *ptr, size_t size);
    void (*free_fn)(void *opaque, void *ptr);
    void *opaque; /* passed back to each function */
} px_allocator;

/* Opaque handles. */
typedef struct px_doc px_doc;             /* one article */
typedef struct px_reader px_reader;       /* chunked record reader */
typedef struct px_corpus px_corpus;       /* articles, their analysis, stories */
typedef struct px_index px_index;         /* LSH index of signatures */
typedef struct px_clusterer px_clusterer; /* online story clusterer */
typedef struct px_store px_store;         /* persistent SQLite store */
typedef struct px_report px_report;       /* rendered comparison */

/* ------------------------------------------------------------------ */
/* 2. One article                                                     */
/* ------------------------------------------------------------------ */

/* Input formats. PX_FORMAT_AUTO guesses from the name given with the bytes
 * (extension, ".gz" stripped) and falls back to sniffing the content. */
typedef enum px_format {
    PX_FORMAT_AUTO = 0,
    PX_FORMAT_TEXT = 1,  /* header lines (Title:, Source:, URL:, Published:)
                            then a blank line, then the body; or just a body */
    PX_FORMAT_HTML = 2,  /* a web page; tags stripped */
    PX_FORMAT_JSONL = 3, /* one JSON object per line */
    PX_FORMAT_FEED = 4,  /* an RSS 2.0, RSS 1.0 (RDF) or Atom feed: one
                            article per item or entry */
    PX_FORMAT_WARC = 5   /* a WARC/1.0 or 1.1 file (gzip per record or
                            whole): one article per HTML response */
} px_format;

/*
 * Parses one article from bytes: a .txt or .html file's content, or one
 * JSON object (PX_FORMAT_JSONL); for a feed or a WARC file, its first
 * usable article. gzip data is recognised and inflated.
 *
 *     px_doc *d;
 *     if (px_doc_parse(buf, len, PX_FORMAT_TEXT, "a.txt", NULL, &d) == PX_OK) {
 *         printf("%s\n", px_doc_title(d));
 *         px_doc_free(d);
 *     }
 *
 * name: where the bytes came from; gives the id (file name without its
 * extensions) and the path; may be NULL ("-").
 * @return PX_OK and *out set to a new doc the caller frees with
 * px_doc_free(); otherwise *out is NULL and the code says why
 * (PX_EEMPTY: no text; PX_EFORMAT: malformed). Safe on arbitrary bytes.
 */
px_status px_doc_parse(const char *bytes, size_t len, px_format fmt,
                       const char *name, const px_allocator *alloc,
                       px_doc **out);

/* Frees a doc; NULL is accepted. */
void px_doc_free(px_doc *doc);

/* Field accessors. Strings are NUL-terminated UTF-8 owned by the doc and
 * valid until it (or the corpus holding it) is freed; a missing field is
 * "" (never NULL). */
const char *px_doc_id(const px_doc *doc);
const char *px_doc_path(const px_doc *doc);
const char *px_doc_source(const px_doc *doc);
const char *px_doc_title(const px_doc *doc);
const char *px_doc_url(const px_doc *doc);
const char *px_doc_published(const px_doc *doc); /* as given, ISO 8601 */
/* From web pages: the byline (names joined by ", ") and the page's own
 * summary (og:description, JSON-LD, <meta name=description>). */
const char *px_doc_author(const px_doc *doc);
const char *px_doc_description(const px_doc *doc);
/* Language code ("en", "ru", ...) once analysed or given; "" if unknown. */
const char *px_doc_language(const px_doc *doc);
/* The article body; *len (if not NULL) receives its length in bytes. */
const char *px_doc_text(const px_doc *doc, size_t *len);
/* Publication time in seconds since 1970-01-01 UTC; PX_TIME_UNKNOWN when the
 * record gives none or one that does not parse. */
#define PX_TIME_UNKNOWN INT64_MIN
int64_t px_doc_time(const px_doc *doc);
/* Cleaning (in px_corpus_run after clustering, unless PX_OPT_NO_CLEAN or
 * the texts are dropped) cuts what is not the article from the body: appeals, photo credits, update notes, bylines,
 * datelines, newsletter and social prompts, navigation lines, paragraphs a
 * source repeats across its articles. The cuts stay readable here, in text
 * order: px_doc_cut returns the i-th passage (NULL past the end) and sets
 * *reason (if not NULL) to a short phrase such as "photo credit". */
size_t px_doc_cut_count(const px_doc *doc);
/* Cleans one article by itself, as px_corpus_run does (without the
 * paragraphs a source repeats, which need its other articles). A doc is
 * cleaned once: a second call does nothing. PX_ENOMEM leaves the text as
 * it was. */
px_status px_doc_clean(px_doc *doc);
/* Cleans every article of the corpus not yet cleaned, the paragraphs each
 * source repeats included, without clustering (px_corpus_run cleans by
 * itself). PX_ESTATE once texts were dropped. */
px_status px_corpus_clean(px_corpus *corpus);
const char *px_doc_cut(const px_doc *doc, size_t i, const char **reason);
/* The article's "Updated with ..." notes, cut from the body by cleaning and
 * kept as metadata (several joined by "; "); "" when none. */
const char *px_doc_updated(const px_doc *doc);

/* ------------------------------------------------------------------ */
/* 3. Streaming records                                               */
/* ------------------------------------------------------------------ */

/*
 * A reader is fed chunks of one input (any split, gzip or not) and yields
 * the articles in it, one at a time, as complete records arrive. Use it for
 * JSON Lines and WARC streams; text and HTML inputs yield one record at
 * finish, a feed its items at finish.
 *
 *     px_reader *r = px_reader_new(PX_FORMAT_JSONL, "feed.jsonl", NULL);
 *     while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
 *         px_reader_feed(r, buf, n);
 *         while ((st = px_reader_next(r, &doc)) != PX_ESTATE) {
 *             if (st == PX_OK) use(doc); else warn(px_reader_last_error(r));
 *         }
 *     }
 *     px_reader_finish(r);  then drain px_reader_next() the same way.
 *
 * px_reader_next returns PX_OK with a new doc (caller frees), PX_ESTATE when
 * no complete record is pending, or an error for one bad record (which is
 * consumed: call again for the next). Readers are single-threaded objects;
 * use one per thread.
 */
px_reader *px_reader_new(px_format fmt, const char *name,
                         const px_allocator *alloc);
px_status px_reader_feed(px_reader *r, const char *bytes, size_t len);
px_status px_reader_finish(px_reader *r);
px_status px_reader_next(px_reader *r, px_doc **out);
/* "path:line: reason" of the last bad record; valid until the next call. */
const char *px_reader_last_error(const px_reader *r);
/* Line number (1-based) where the last record returned began. */
unsigned long px_reader_line(const px_reader *r);
void px_reader_free(px_reader *r);

/* ------------------------------------------------------------------ */
/* 4. A corpus                                                        */
/* ------------------------------------------------------------------ */

/* Options for analysis, near-duplicates and clustering. Initialise with
 * px_options_init() and change what you need; every default is documented
 * in docs/parallax.1.md with the reason for it. */
typedef struct px_options {
    unsigned threads;          /* worker threads; 0 = all cores (default) */
    double dup_threshold;      /* Jaccard at which two texts are near
                                  duplicates; default 0.8 */
    unsigned shingle;          /* words per shingle; default 5 */
    unsigned perm;             /* MinHash signature length; default 256 */
    double story_threshold;    /* least similarity to join a story;
                                  default in px_options_init */
    double window_days;        /* a story goes cold after this many days
                                  without a new article; default 3 */
    unsigned flags;            /* PX_OPT_* bits */
} px_options;

/* Do not detect near duplicates (exact duplicates are still found). */
#define PX_OPT_NO_NEAR_DUP (1u << 0)
/* Free each article's text once it is analysed (px_doc_text then gives ""
 * and px_corpus_write_dedup needs JSON Lines input kept raw), and the
 * signatures and term vectors once px_corpus_run has used them. Saves more
 * than half the memory on large inputs; the corpus then takes no more docs
 * and a second px_corpus_run or px_corpus_dedup returns PX_ESTATE. */
#define PX_OPT_DROP_TEXT (1u << 1)
/* Keep each JSON Lines record's bytes as read, so that
 * px_corpus_write_dedup writes it back unchanged. Set before adding. */
#define PX_OPT_KEEP_RAW (1u << 2)
/* Do not compare the stories' articles (entities, quotes, figures,
 * framing, summary): px_corpus_run then only clusters, and with
 * PX_OPT_DROP_TEXT frees each text as soon as it is analysed. By default
 * the comparison runs after clustering, on worker threads, and texts are
 * kept until it is done. */
#define PX_OPT_NO_COMPARE (1u << 3)
/* Keep article bodies as read: no cleaning (see px_doc_cut). */
#define PX_OPT_NO_CLEAN (1u << 4)
/* The corpus is only deduplicated (px_corpus_dedup, then
 * px_corpus_write_dedup and px_corpus_write_pairs): what duplicate
 * detection needs is computed while the articles are read, on worker
 * threads, and the text of each JSON Lines record kept raw
 * (PX_OPT_KEEP_RAW) is freed once analysed. The docs' features are valid
 * once px_corpus_dedup returns; px_corpus_run and px_corpus_clean return
 * PX_ESTATE. The results are those of a corpus without the flag. */
#define PX_OPT_DEDUP_ONLY (1u << 5)

void px_options_init(px_options *opts);

/* A diagnostic callback: one skipped or repaired record. path and line say
 * where (line 0 when the whole file is concerned); reason is a short phrase.
 * The strings are valid during the call only. */
typedef void (*px_diag_fn)(void *ud, const char *path, unsigned long line,
                           const char *reason);

/*
 * A corpus owns the articles added to it and everything computed on them.
 *
 *     px_options o; px_options_init(&o);
 *     px_corpus *c = px_corpus_new(&o, NULL);
 *     px_corpus_set_diag(c, print_warning, NULL);
 *     px_corpus_add_path(c, "articles/");
 *     px_corpus_run(c);                   analyse, dedup, cluster
 *     for (size_t s = 0; s < px_corpus_story_count(c); s++) ...
 *     px_corpus_free(c);
 *
 * Results never depend on the thread count or on the order in which files
 * of a directory are listed (they are read in byte order of their paths).
 * @return a new corpus the caller frees with px_corpus_free(), or NULL when
 * memory runs out or opts is invalid.
 */
px_corpus *px_corpus_new(const px_options *opts, const px_allocator *alloc);
void px_corpus_free(px_corpus *c);
void px_corpus_set_diag(px_corpus *c, px_diag_fn fn, void *ud);
/* A progress callback, called from the calling thread now and then with the
 * stage name, the work done and the total (0 when unknown). */
typedef void (*px_progress_fn)(void *ud, const char *stage, size_t done,
                               size_t total);
void px_corpus_set_progress(px_corpus *c, px_progress_fn fn, void *ud);

/* Adds a file, a directory (recursively, files with known extensions) or
 * "-" (standard input, format sniffed). Bad records are reported through the
 * diag callback and counted; the call still returns PX_OK. A path that
 * cannot be read at all returns PX_EIO. */
px_status px_corpus_add_path(px_corpus *c, const char *path);
/* Adds the records held in bytes, as if read from a file called name. */
px_status px_corpus_add_bytes(px_corpus *c, const char *name,
                              const char *bytes, size_t len, px_format fmt);
/* Adds one doc; the corpus takes ownership, also on failure. PX_EDUPID when
 * its id was seen before (the doc is freed and counted as skipped). */
px_status px_corpus_add_doc(px_corpus *c, px_doc *doc);

/* Detail of the last failure: "path:line: reason"; valid until next call. */
const char *px_corpus_last_error(const px_corpus *c);

/* Runs the pipeline on the docs added: text analysis and signatures
 * (multi-threaded), exact and near duplicates, story clustering in order of
 * publication time. May be called again after adding more docs. */
px_status px_corpus_run(px_corpus *c);
/* Analysis and duplicate detection only (what dedup needs). */
px_status px_corpus_dedup(px_corpus *c);

/* Counters for the closing summary. */
typedef struct px_stats {
    size_t read;        /* records read (good or bad) */
    size_t skipped;     /* records not added, each reported to diag */
    size_t repaired;    /* files with invalid UTF-8 replaced, plus records
                           with an unparseable published date (kept) */
    size_t docs;        /* articles in the corpus */
    size_t duplicates;  /* articles that duplicate an earlier one */
    size_t stories;     /* stories after px_corpus_run */
    size_t text_bytes;  /* bytes of article text analysed */
    size_t ignored;     /* records that are no article and not an error
                           (WARC requests, metadata, non-HTML responses);
                           not in read, not reported */
} px_stats;
void px_corpus_stats(const px_corpus *c, px_stats *out);

/* Articles in input order (the order they were added). The pointer stays
 * valid until the corpus is freed. */
size_t px_corpus_doc_count(const px_corpus *c);
const px_doc *px_corpus_doc(const px_corpus *c, size_t i);
/* Index of the article that doc i duplicates, or (size_t)-1 when none; sim
 * (if not NULL) receives the estimated Jaccard similarity (1 when exact). */
size_t px_corpus_duplicate_of(const px_corpus *c, size_t i, double *sim);

/* Stories, ordered by the publication time of their first article, then by
 * id. Story ids are deterministic: a hash of the story's first article. */
size_t px_corpus_story_count(const px_corpus *c);
const char *px_corpus_story_id(const px_corpus *c, size_t s);
const char *px_corpus_story_label(const px_corpus *c, size_t s);
/* Articles of story s, in publication order; indexes into px_corpus_doc. */
size_t px_corpus_story_size(const px_corpus *c, size_t s);
size_t px_corpus_story_doc(const px_corpus *c, size_t s, size_t k);

/* ------------------------------------------------------------------ */
/* 5. Reports                                                         */
/* ------------------------------------------------------------------ */

/* A write callback: returns 0 on success, non-zero to stop with PX_EIO. */
typedef int (*px_write_fn)(void *ud, const char *data, size_t len);

typedef enum px_report_format {
    PX_REPORT_TEXT = 0,     /* plain text for a terminal (UTF-8) */
    PX_REPORT_JSON = 1,     /* the contract in docs/output-format.md */
    PX_REPORT_MARKDOWN = 2, /* the text report's content as Markdown */
    PX_REPORT_HTML = 3      /* one self-contained HTML5 page */
} px_report_format;

/* Flags of px_corpus_write_report. */
#define PX_WRITE_COLOR (1u << 0) /* ANSI colour and bold in PX_REPORT_TEXT
                                    (ignored by the other formats) */

/*
 * Writes the stories of a corpus after px_corpus_run: per story its label,
 * its articles and, when the comparison ran, the summary with the sources
 * that support each sentence, the figures (conflicts first), the framing
 * of entities, the quotes by speaker, what only one source reports and the
 * boilerplate cut. Every format carries the same content:
 *   PX_REPORT_TEXT      80-column text; with PX_WRITE_COLOR, bold labels,
 *                       conflicts in red and secondary details dimmed.
 *                       Control characters of article text are written as
 *                       spaces, so an article cannot drive the terminal.
 *   PX_REPORT_JSON      docs/output-format.md; byte for byte what
 *                       px_corpus_write_stories writes.
 *   PX_REPORT_MARKDOWN  headings per story, tables and lists; article text
 *                       is escaped so that it cannot add links or HTML.
 *   PX_REPORT_HTML      one page with inline CSS and SVG, no script and no
 *                       network request; every text escaped, and an article
 *                       URL is a link only when it is http:// or https://.
 *
 *     px_corpus_run(c);
 *     unsigned fl = isatty(1) && !getenv("NO_COLOR") ? PX_WRITE_COLOR : 0;
 *     px_corpus_write_report(c, PX_REPORT_TEXT, fl, my_write, stdout);
 *
 * The output is deterministic: same input and options, same bytes.
 * @return PX_OK; PX_EINVAL for a NULL corpus or callback, an unknown format
 * or an unknown flag; PX_EIO when write returned non-zero (nothing is
 * written after that); PX_ENOMEM.
 */
px_status px_corpus_write_report(const px_corpus *c, px_report_format fmt,
                                 unsigned flags, px_write_fn write, void *ud);

/* px_corpus_write_report with flags 0. */
px_status px_corpus_write_stories(const px_corpus *c, px_report_format fmt,
                                  px_write_fn write, void *ud);

/* Writes the corpus without its duplicates as JSON Lines: a JSON Lines
 * record is written as it was read, other inputs as a new record. */
px_status px_corpus_write_dedup(const px_corpus *c, px_write_fn write,
                                void *ud);
/* Writes "removed_id<TAB>original_id<TAB>jaccard" lines, in input order. */
px_status px_corpus_write_pairs(const px_corpus *c, px_write_fn write,
                                void *ud);

/* Writes one article as one JSON object and a newline (what parallax
 * extract prints): path, url, title, source, published, author, language,
 * description, text; every string escaped, "" when unknown.
 * @return PX_OK; PX_EINVAL for a NULL doc or callback; PX_EIO; PX_ENOMEM. */
px_status px_doc_write_json(const px_doc *doc, px_write_fn write, void *ud);

/* ------------------------------------------------------------------ */
/* 6. Evaluation                                                      */
/* ------------------------------------------------------------------ */

/* Clustering quality against gold labels. */
typedef struct px_eval_result {
    double pair_p, pair_r, pair_f1;       /* pairwise */
    double bcubed_p, bcubed_r, bcubed_f1; /* B-cubed */
    size_t gold_stories, pred_stories;    /* over the items scored */
    size_t items;                         /* ids in both gold and prediction */
    size_t missing;                       /* gold ids not predicted */
    size_t extra;                         /* predicted ids not in gold */
} px_eval_result;

/*
 * Scores n items: gold[i] and pred[i] are the labels of item i (any
 * strings; equal strings mean one cluster). Pure function.
 */
px_status px_eval_labels(const char *const *gold, const char *const *pred,
                         size_t n, px_eval_result *out);

/*
 * Scores a prediction file against a gold file. GOLD is JSON Lines with
 * "id" and "story" string fields (or an integer story), or TSV
 * "id<TAB>story" lines (a header line "id<TAB>story" is allowed); an id
 * given twice is an error (PX_EDUPID). PRED is the JSON of
 * px_corpus_write_stories (stories[].articles[].id); an id predicted
 * twice scores once and counts as extra after that. Both files are read
 * as streams: memory follows the number of ids, not the bytes of the
 * records. On failure err receives "path:line: reason".
 */
px_status px_eval_files(const char *gold_path, const char *pred_path,
                        px_eval_result *out, char *err, size_t errlen);

/* Scores the stories of a corpus (after px_corpus_run) against GOLD. */
px_status px_eval_corpus(const px_corpus *c, const char *gold_path,
                         px_eval_result *out, char *err, size_t errlen);

/* ------------------------------------------------------------------ */
/* 7. A store                                                         */
/* ------------------------------------------------------------------ */

/*
 * A store is one SQLite file (docs/schema.sql) holding articles, their
 * stories and the clusterer's state, so that a later batch of articles
 * joins the stories it belongs to. Story ids never change once given; an
 * article whose id or normalized text is already stored is not added
 * again. One writer at a time (others get PX_EBUSY at open); any number of
 * readers (PX_STORE_READONLY) alongside it see the last committed batch.
 *
 *     char err[512];
 *     px_store *s;
 *     if (px_store_open("news.db", PX_STORE_CREATE, NULL, NULL, &s, err,
 *                       sizeof err) != PX_OK) { fprintf(stderr, "%s\n", err); ... }
 *     px_corpus *c = px_corpus_new(NULL, NULL);
 *     px_corpus_add_path(c, "today/");
 *     px_store_add_result r;
 *     px_store_add(s, c, &r);               one transaction
 *     px_corpus *t;
 *     px_store_touched(s, 0, &t);           the stories it touched
 *     px_corpus_write_report(t, PX_REPORT_TEXT, 0, my_write, stdout);
 *     px_corpus_free(t); px_corpus_free(c); px_store_close(s);
 *
 * Every call returns a px_status; px_store_last_error() gives
 * "path: reason". Failures leave the store as it was (the batch's
 * transaction is rolled back).
 */
#define PX_STORE_READONLY (1u << 0) /* read only: no lock, no writes */
#define PX_STORE_CREATE (1u << 1)   /* create the store when absent */

/*
 * Opens (or with PX_STORE_CREATE creates) the store at path. opts gives a
 * new store the options that decide story membership (story_threshold,
 * window_days, dup_threshold, shingle, perm, PX_OPT_NO_NEAR_DUP), which
 * stay fixed for its life (px_store_options gives them), and every store
 * its thread count; NULL for the defaults. An existing store keeps its
 * own: compare them with px_store_options to refuse a caller's that
 * differ. On failure *out is NULL and err (if not NULL) receives
 * "path: reason": PX_EFORMAT for a file that is not a store, PX_EUNSUPPORTED
 * for a store written by a newer version, PX_EBUSY when another process
 * writes to it, PX_EIO for a file that cannot be read or written.
 */
px_status px_store_open(const char *path, unsigned flags, const px_options *opts,
                        const px_allocator *alloc, px_store **out, char *err,
                        size_t errlen);
void px_store_close(px_store *s);
/* The store's options: its membership options (as created) and the
 * thread count and other flags given to px_store_open. */
void px_store_options(const px_store *s, px_options *out);
/* "path: reason" of the last failure; valid until the next call. */
const char *px_store_last_error(const px_store *s);

/* What one px_store_add did. */
typedef struct px_store_add_result {
    size_t added;       /* articles stored */
    size_t seen;        /* not added: id or normalized text already stored
                           (or earlier in the same batch) */
    size_t duplicates;  /* near duplicates among the added */
    size_t created;     /* stories created */
    size_t updated;     /* stories of earlier batches that grew */
} px_store_add_result;

/*
 * Adds the articles of c (added with px_corpus_add_*, not run) in one
 * transaction: analysis, duplicates, then clustering against the stories
 * already stored. c is analysed by the call; it is not clustered. c must
 * have the store's duplicate options (dup_threshold, shingle, perm,
 * PX_OPT_NO_NEAR_DUP: create it with px_store_options); PX_EINVAL, with
 * the difference in px_store_last_error, when it has not.
 */
px_status px_store_add(px_store *s, px_corpus *c, px_store_add_result *res);

/* Flag of px_store_touched, px_store_story and px_store_select: no
 * comparison (entities, quotes, figures...), only stories and articles. */
#define PX_STORE_NO_COMPARE (1u << 0)

/* A new corpus holding the stories touched by the last px_store_add, every
 * article of each, compared unless PX_STORE_NO_COMPARE: ready for
 * px_corpus_write_report. The caller frees it. */
px_status px_store_touched(px_store *s, unsigned flags, px_corpus **out);
/* Whether article i of the corpus last given by px_store_touched came with
 * the last px_store_add (a story all of whose articles are new was created
 * by it). */
int px_store_touched_new(const px_store *s, size_t i);
/* Writes, as one JSON object (docs/events.md, "changes"), what changed in
 * the comparison of story i of the corpus last given by px_store_touched
 * since the store last compared that story: label, articles compared,
 * new entities, new conflicting figures, new and changed figures,
 * conflicts resolved. px_store_touched keeps each compared story's digest
 * for the next time. PX_EEMPTY (nothing written) when the store holds no
 * earlier comparison of the story (new, or last added without one) or
 * the corpus was not compared. */
px_status px_store_write_changes(const px_store *s, size_t i, px_write_fn write, void *ud);
/* The same for one story by id; PX_EEMPTY when there is no such story. */
px_status px_store_story(px_store *s, const char *id, unsigned flags, px_corpus **out);

/* A selection of stories; zeroes select everything. */
typedef struct px_store_query {
    int64_t since;        /* with an article published at or after this
                             (seconds since 1970); 0: any */
    const char *source;   /* with an article of this source; NULL: any */
    const char *words;    /* full-text search: an article of the story
                             holds every word (space separated; any case
                             and accents; "word*" for a prefix) in its
                             title or the first 1000 characters of its
                             body; stories then come by relevance (bm25,
                             title words weigh 4 times body words);
                             NULL: any */
    size_t limit;         /* at most this many (latest or most relevant
                             first); 0: all */
} px_store_query;

/* One line of a listing; strings valid during the callback only. */
typedef struct px_store_story_info {
    const char *id;      /* story id */
    const char *label;   /* its label */
    size_t size;         /* articles, duplicates included */
    size_t sources;      /* distinct sources */
    int64_t first, last; /* known publication span, or PX_TIME_UNKNOWN */
} px_store_story_info;

/* Calls fn for each selected story, the latest (by last article) first,
 * or with words the most relevant first; fn returns non-zero to stop. */
typedef int (*px_store_story_fn)(void *ud, const px_store_story_info *info);
px_status px_store_list(px_store *s, const px_store_query *q, px_store_story_fn fn,
                        void *ud);
/* The selected stories as a new corpus (as px_store_touched). */
px_status px_store_select(px_store *s, const px_store_query *q, unsigned flags,
                          px_corpus **out);

/* Counts of a store. */
typedef struct px_store_info {
    size_t articles;   /* articles stored */
    size_t stories;    /* stories with articles */
    size_t batches;    /* batches committed */
    int schema;        /* schema version */
} px_store_info;
px_status px_store_stat(px_store *s, px_store_info *out);

/* Writes every article as JSON Lines, batch by batch in the order they
 * were added: id, url, source, title, published, language, text, and
 * "story" (its story id) and "batch". px_store_import replays such a file
 * batch by batch into a store, which gives the same stories and ids with
 * this version of parallax; *mismatch (if not NULL) receives the number of
 * articles whose story id differs from the file's. */
px_status px_store_export(px_store *s, px_write_fn write, void *ud);
px_status px_store_import(px_store *s, const char *path, px_store_add_result *res,
                          size_t *mismatch);

#ifdef __cplusplus
}
#endif
#endif /* PARALLAX_H */
