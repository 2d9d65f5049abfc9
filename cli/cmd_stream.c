/*
 * cmd_stream.c - `parallax stream`: JSON Lines articles in, JSON Lines
 * events out, state in a store. Input is read as it comes (poll), so an
 * idle input costs nothing and a pause commits what has arrived; SIGINT and
 * SIGTERM stop reading, and what was read is committed before exit.
 */
#include "cli.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set by the signal handler; the only state a handler may touch. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) { stop_signal = sig; }

static void json_str(FILE *f, const char *s) {
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", f);
        else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else fputc(*p, f);
    }
    fputc('"', f);
}

typedef struct stream {
    px_store *s;
    px_corpus *c;          /* the batch being read */
    px_options opt;
    unsigned flags;        /* PX_STORE_NO_COMPARE */
    size_t pending;        /* articles in c */
    size_t skipped;        /* bad records so far */
    size_t batch_skipped;  /* ... in this batch */
} stream;

/* Whether source src of doc k is new to its story (no earlier article of
 * the story has it). */
static bool new_source(const px_corpus *t, size_t s, size_t k, const px_store *st) {
    const char *src = px_doc_source(px_corpus_doc(t, px_corpus_story_doc(t, s, k)));
    if (!src[0]) return false;
    for (size_t j = 0; j < px_corpus_story_size(t, s); j++) {
        size_t dj = px_corpus_story_doc(t, s, j);
        if (!strcmp(px_doc_source(px_corpus_doc(t, dj)), src) &&
            (!px_store_touched_new(st, dj) || j < k))
            return false;
    }
    return true;
}

static size_t count_sources(const px_corpus *t, size_t s) {
    size_t n = 0, m = px_corpus_story_size(t, s);
    for (size_t k = 0; k < m; k++) {
        const char *src = px_doc_source(px_corpus_doc(t, px_corpus_story_doc(t, s, k)));
        bool seen = !src[0];
        for (size_t j = 0; j < k && !seen; j++)
            seen = !strcmp(src, px_doc_source(px_corpus_doc(t, px_corpus_story_doc(t, s, j))));
        n += !seen;
    }
    return n;
}

/* Whether the story's label is now a new article's (the label moved). The
 * label is the label article's own title or lead string, so the article is
 * found by pointer. */
static bool label_is_new(const stream *x, const px_corpus *t, size_t s) {
    const char *lab = px_corpus_story_label(t, s);
    for (size_t k = 0; k < px_corpus_story_size(t, s); k++) {
        size_t di = px_corpus_story_doc(t, s, k);
        if (px_doc_title(px_corpus_doc(t, di)) == lab) return px_store_touched_new(x->s, di) != 0;
    }
    return false;
}

static int write_stdout(void *ud, const char *d, size_t n) {
    (void)ud;
    return fwrite(d, 1, n, stdout) != n;
}

static void story_events(const stream *x, const px_corpus *t, size_t s) {
    size_t m = px_corpus_story_size(t, s), added = 0;
    for (size_t k = 0; k < m; k++) added += px_store_touched_new(x->s, px_corpus_story_doc(t, s, k)) != 0;
    bool created = added == m;
    const char *id = px_corpus_story_id(t, s);
    if (created) {
        printf("{\"event\":\"story_created\",\"story\":\"%s\",\"label\":", id);
        json_str(stdout, px_corpus_story_label(t, s));
        printf(",\"size\":%zu,\"sources\":%zu}\n", m, count_sources(t, s));
        fflush(stdout);
    }
    for (size_t k = 0; k < m; k++) {
        size_t di = px_corpus_story_doc(t, s, k);
        if (!px_store_touched_new(x->s, di)) continue;
        const px_doc *d = px_corpus_doc(t, di);
        printf("{\"event\":\"article_added\",\"story\":\"%s\",\"article\":", id);
        json_str(stdout, px_doc_id(d));
        fputs(",\"source\":", stdout);
        json_str(stdout, px_doc_source(d));
        fputs(",\"title\":", stdout);
        json_str(stdout, px_doc_title(d));
        size_t dup = px_corpus_duplicate_of(t, di, NULL);
        fputs(",\"duplicate_of\":", stdout);
        if (dup == (size_t)-1) fputs("null", stdout);
        else json_str(stdout, px_doc_id(px_corpus_doc(t, dup)));
        fputs("}\n", stdout);
        fflush(stdout);
    }
    if (created) return;
    printf("{\"event\":\"story_updated\",\"story\":\"%s\",\"label\":", id);
    json_str(stdout, px_corpus_story_label(t, s));
    printf(",\"label_changed\":%s,\"size\":%zu,\"added\":%zu,\"sources\":%zu,\"new_sources\":[",
           label_is_new(x, t, s) ? "true" : "false", m, added, count_sources(t, s));
    bool first = true;
    for (size_t k = 0; k < m; k++) {
        if (!px_store_touched_new(x->s, px_corpus_story_doc(t, s, k)) || !new_source(t, s, k, x->s))
            continue;
        if (!first) fputc(',', stdout);
        first = false;
        json_str(stdout, px_doc_source(px_corpus_doc(t, px_corpus_story_doc(t, s, k))));
    }
    fputs("],\"changes\":", stdout);
    if (px_store_write_changes(x->s, s, write_stdout, NULL) != PX_OK) fputs("null", stdout);
    fputs("}\n", stdout);
    fflush(stdout);
}

/* Commits the batch and writes its events; false on failure. */
static bool commit(stream *x) {
    if (!x->pending && !x->batch_skipped) return true;
    px_store_add_result r;
    memset(&r, 0, sizeof r);
    px_corpus *t = NULL;
    px_status st = px_store_add(x->s, x->c, &r);
    if (st == PX_OK && r.added) st = px_store_touched(x->s, x->flags, &t);
    if (st != PX_OK) {
        const char *m = px_store_last_error(x->s);
        fprintf(stderr, "parallax: %s\n", m[0] ? m : px_strerror(st));
        return false;
    }
    for (size_t s = 0; t && s < px_corpus_story_count(t); s++) story_events(x, t, s);
    printf("{\"event\":\"batch\",\"added\":%zu,\"seen\":%zu,\"skipped\":%zu}\n", r.added, r.seen,
           x->batch_skipped);
    fflush(stdout);
    px_corpus_free(t);
    px_corpus_free(x->c);
    x->c = px_corpus_new(&x->opt, NULL);
    x->pending = 0;
    x->batch_skipped = 0;
    return x->c != NULL;
}

static void drain(stream *x, px_reader *rd) {
    px_status st;
    px_doc *d;
    while ((st = px_reader_next(rd, &d)) != PX_ESTATE) {
        if (st == PX_OK) st = px_corpus_add_doc(x->c, d);
        else fprintf(stderr, "%s\n", px_reader_last_error(rd));
        if (st == PX_OK) x->pending++;
        else if (st == PX_EDUPID) fprintf(stderr, "parallax: %s\n", px_corpus_last_error(x->c));
        if (st != PX_OK) {
            x->skipped++;
            x->batch_skipped++;
        }
    }
}

int cli_stream(const char *db, unsigned batch, unsigned idle_ms, bool no_compare) {
    stream x;
    memset(&x, 0, sizeof x);
    px_options_init(&x.opt);
    x.flags = no_compare ? PX_STORE_NO_COMPARE : 0;
    char err[1024];
    px_status st = px_store_open(db, PX_STORE_CREATE, &x.opt, NULL, &x.s, err, sizeof err);
    if (st != PX_OK) {
        fprintf(stderr, "parallax: %s\n", err[0] ? err : px_strerror(st));
        return EXIT_FAILURE_;
    }
    px_store_options(x.s, &x.opt); /* the articles are read as the store's */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);  /* no SA_RESTART: poll and read return */
    sigaction(SIGTERM, &sa, NULL);
    x.c = px_corpus_new(&x.opt, NULL);
    px_reader *rd = px_reader_new(PX_FORMAT_JSONL, "-", NULL);
    int rc = EXIT_FAILURE_;
    bool ok = x.c && rd;
    char buf[65536];
    while (ok && !stop_signal) {
        struct pollfd p = {STDIN_FILENO, POLLIN, 0};
        int n = poll(&p, 1, (int)idle_ms);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            fprintf(stderr, "parallax: standard input: %s\n", strerror(errno));
            ok = false;
            break;
        }
        if (n == 0) {
            ok = commit(&x); /* the input paused */
            continue;
        }
        ssize_t k = read(STDIN_FILENO, buf, sizeof buf);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            fprintf(stderr, "parallax: standard input: %s\n", strerror(errno));
            ok = false;
            break;
        }
        if (k == 0) break;
        if (px_reader_feed(rd, buf, (size_t)k) != PX_OK) {
            ok = false;
            break;
        }
        drain(&x, rd);
        if (x.pending >= batch) ok = commit(&x);
    }
    if (ok) {
        px_reader_finish(rd);
        drain(&x, rd);
        ok = commit(&x);
    }
    if (ok) rc = x.skipped ? EXIT_SKIPPED : EXIT_CLEAN;
    px_reader_free(rd);
    px_corpus_free(x.c);
    px_store_close(x.s);
    return rc;
}
