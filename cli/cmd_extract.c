/*
 * cmd_extract.c - `parallax extract`: the article of each web page (or of
 * any input the other commands read), as JSON Lines or as plain text.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char extract_help[] =
    "Usage: parallax extract [OPTIONS] PAGE...\n"
    "\n"
    "Extracts the article of each web page: its body without navigation,\n"
    "related links, comments and footers, and its metadata (from <title>,\n"
    "OpenGraph and article: meta tags, JSON-LD, <time>, rel=canonical and\n"
    "<html lang>). Prints one JSON object per page and line, with the keys\n"
    "path, url, title, source, published, author, language, description and\n"
    "text (paragraphs separated by blank lines); a missing value is \"\".\n"
    "The body is cleaned as parallax stories cleans it (appeals, photo\n"
    "credits, bylines, prompts, paragraphs a site repeats across the pages\n"
    "given): updated holds the page's update notes and removed lists every\n"
    "cut as {text, reason}.\n"
    "\n"
    "PAGE is a file, a directory (read recursively) or - for standard input;\n"
    ".html/.htm pages, optionally .gz, and the other formats parallax stories\n"
    "reads.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT    json (default) or text (the title, a blank line,\n"
    "                      the body; pages separated by a blank line)\n"
    "  -o, --output FILE   write there (atomically) instead of stdout\n"
    "      --no-clean      the body as extracted, nothing cut\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit status: 0 every page extracted; 1 some pages skipped (each reported\n"
    "as path: reason); 2 usage error; 3 failure (I/O, memory).\n";

/* Writes one doc as text: title, blank line, body. */
static px_status write_text(const px_doc *d, bool first, fio_out *o) {
    size_t n;
    const char *text = px_doc_text(d, &n);
    const char *title = px_doc_title(d);
    if (!first && fio_write(o, "\n", 1)) return PX_EIO;
    if (title[0] && (fio_write(o, title, strlen(title)) || fio_write(o, "\n\n", 2)))
        return PX_EIO;
    if (fio_write(o, text, n) || fio_write(o, "\n", 1)) return PX_EIO;
    return PX_OK;
}

/* Reads one path and writes its pages; false on a failure that ends the
 * run (*rc set). Pages that cannot be used are reported and counted. */
static bool one_path(cli_run *r, const char *path, bool json, bool clean, fio_out *o,
                     size_t *done, size_t *skipped, int *rc) {
    px_options opt;
    px_options_init(&opt);
    px_corpus *c = px_corpus_new(&opt, NULL);
    if (!c) {
        fprintf(stderr, "parallax: out of memory\n");
        *rc = EXIT_FAILURE_;
        return false;
    }
    px_corpus_set_diag(c, cli_diag, r);
    char *paths[] = {(char *)path};
    bool ok = cli_add_paths(r, c, paths, 1);
    if (!ok) *rc = EXIT_FAILURE_;
    px_status st = ok && clean ? px_corpus_clean(c) : PX_OK;
    for (size_t i = 0; ok && st == PX_OK && i < px_corpus_doc_count(c); i++) {
        const px_doc *d = px_corpus_doc(c, i);
        st = json ? px_doc_write_json(d, fio_write, o) : write_text(d, *done == 0, o);
        ++*done;
    }
    if (ok && st != PX_OK) {
        fprintf(stderr, "parallax: %s: %s\n", o->path ? o->path : "standard output",
                px_strerror(st));
        *rc = EXIT_FAILURE_;
        ok = false;
    }
    px_stats s;
    px_corpus_stats(c, &s);
    *skipped += s.skipped;
    px_corpus_free(c);
    return ok;
}

int cmd_extract(int argc, char **argv) {
    const char *format = "json", *output = NULL;
    bool clean = true;
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    int npaths = 0;
    if (!paths) return EXIT_FAILURE_;
    bool opts_done = false;
    int rc = -1;
    for (int i = 1; i < argc && rc < 0; i++) {
        const char *s = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool needs = strcmp(s, "-f") == 0 || strcmp(s, "--format") == 0 ||
                     strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0;
        if (opts_done || s[0] != '-' || strcmp(s, "-") == 0) {
            paths[npaths++] = argv[i];
        } else if (strcmp(s, "--") == 0) {
            opts_done = true;
        } else if (strcmp(s, "--no-clean") == 0) {
            clean = false;
        } else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            fputs(extract_help, stdout);
            rc = EXIT_CLEAN;
        } else if (needs && !v) {
            fprintf(stderr, "parallax: %s needs a value\n", s);
            rc = EXIT_USAGE;
        } else if (needs && (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0)) {
            output = argv[++i];
        } else if (needs) {
            format = argv[++i];
            if (strcmp(format, "json") && strcmp(format, "text")) {
                fprintf(stderr, "parallax: --format is json or text, not '%s'\n", format);
                rc = EXIT_USAGE;
            }
        } else {
            fprintf(stderr, "parallax: unknown option '%s' (see parallax extract --help)\n", s);
            rc = EXIT_USAGE;
        }
    }
    if (rc < 0 && npaths == 0) {
        fprintf(stderr, "parallax: extract needs at least one PAGE (see parallax extract --help)\n");
        rc = EXIT_USAGE;
    }
    if (rc >= 0) {
        free(paths);
        return rc;
    }
    cli_run r;
    cli_run_init(&r, true);
    fio_out out;
    if (!fio_open(&out, output)) {
        fprintf(stderr, "parallax: %s: %s\n", output, strerror(errno));
        free(paths);
        return EXIT_FAILURE_;
    }
    size_t done = 0, skipped = 0;
    rc = EXIT_CLEAN;
    bool ok = true;
    for (int i = 0; ok && i < npaths; i++)
        ok = one_path(&r, paths[i], strcmp(format, "json") == 0, clean, &out, &done, &skipped,
                      &rc);
    if (!ok) {
        fio_abort(&out);
    } else if (!fio_commit(&out)) {
        fprintf(stderr, "parallax: %s: %s\n", output ? output : "standard output",
                strerror(errno));
        rc = EXIT_FAILURE_;
    } else if (skipped + r.unreadable) {
        rc = EXIT_SKIPPED;
    }
    free(paths);
    return rc;
}
