/*
 * cmd_stories.c - `parallax stories` and `parallax dedup`: read articles,
 * run the pipeline, write the stories or the deduplicated corpus.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char stories_help[] =
    "Usage: parallax stories [OPTIONS] PATH...\n"
    "\n"
    "Groups news articles into stories and prints one block per story: its\n"
    "label, its numbers of articles and sources, its articles (date, source,\n"
    "title, duplicates marked) and how the sources compare: the summary with\n"
    "the sources behind each sentence, conflicting and agreeing figures, the\n"
    "words each source uses for an actor, quotes by speaker, and what only\n"
    "one source reports. Text on a terminal is coloured unless NO_COLOR is\n"
    "set.\n"
    "\n"
    "PATH is a file, a directory (read recursively) or - for standard input.\n"
    "Formats: .txt (optional Title:/Source:/URL:/Published: header lines, a\n"
    "blank line, the body), .html/.htm, .jsonl (one article per line: id, url,\n"
    "source, title, published, text or html), .rss/.atom/.xml (RSS or Atom\n"
    "feeds: one article per item), .warc (WARC files: one article per HTML\n"
    "response), each optionally .gz.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT        text (default), json (the contract in\n"
    "                          docs/output-format.md), md (Markdown) or html\n"
    "                          (one self-contained page)\n"
    "  -o, --output FILE       write there (atomically) instead of stdout\n"
    "      --db STORE          keep the stories in STORE (an SQLite file,\n"
    "                          created when absent): the articles join its\n"
    "                          stories; prints the stories they touched\n"
    "                          (--gold then scores those stories). A store\n"
    "                          keeps the --story-threshold, --window,\n"
    "                          --threshold, --shingle, --perm and\n"
    "                          --no-near-dup it was created with (parallax\n"
    "                          stats shows them): another value is refused\n"
    "      --gold FILE         score the stories against gold labels (JSON\n"
    "                          Lines id/story, or TSV id<TAB>story) on stderr\n"
    "      --story-threshold X least score for an article to join a story\n"
    "                          (0..1, default %.2f)\n"
    "      --window DAYS       a story goes cold after DAYS without articles\n"
    "                          (default %g)\n"
    "      --threshold X       Jaccard for near duplicates (default %g)\n"
    "      --shingle N         words per shingle (default %u)\n"
    "      --perm N            MinHash signature length (default %u)\n"
    "      --no-near-dup       find exact duplicates only\n"
    "      --no-compare        stories only: no entities, quotes, figures,\n"
    "                          framing or summary (less memory on big inputs)\n"
    "      --no-clean          keep bodies as read: do not cut appeals, photo\n"
    "                          credits, bylines, prompts, repeated boilerplate\n"
    "  -j, --threads N         worker threads (default: all cores)\n"
    "  -q, --quiet             no progress on standard error\n"
    "  -h, --help              this help\n"
    "\n"
    "Exit status: 0 all records used; 1 some records skipped (each reported\n"
    "as path:line: reason); 2 usage error, or an option that differs from\n"
    "the store's; 3 failure (I/O, memory).\n";

static const char dedup_help[] =
    "Usage: parallax dedup [OPTIONS] IN... -o OUT.jsonl\n"
    "\n"
    "Writes the articles of IN (files, directories, -) as JSON Lines without\n"
    "their exact and near duplicates. Of each group of copies the earliest\n"
    "published is kept, input order breaking ties. JSON Lines records are\n"
    "written back byte for byte; other inputs become records with id, url,\n"
    "source, title, published, language and text.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE   the deduplicated corpus (required; - for stdout)\n"
    "      --pairs FILE    TSV of removed<TAB>original<TAB>jaccard\n"
    "      --threshold X   estimated Jaccard at which two texts are near\n"
    "                      duplicates (default %g)\n"
    "      --shingle N     words per shingle (default %u)\n"
    "      --perm N        MinHash signature length (default %u)\n"
    "      --no-near-dup   remove exact duplicates only\n"
    "  -j, --threads N     worker threads (default: all cores)\n"
    "  -q, --quiet         no progress on standard error\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit status: 0 all records used; 1 some records skipped; 2 usage error;\n"
    "3 failure (I/O, memory).\n";

typedef struct args {
    px_options opt;     /* library options */
    const char *format; /* text, json, md or html */
    const char *output; /* -o */
    const char *pairs;  /* --pairs */
    const char *gold;   /* --gold */
    const char *db;     /* --db: a store */
    unsigned given;     /* CLI_GIVEN_*: membership options given */
    bool quiet;         /* -q */
    char **paths;       /* positional arguments */
    int npaths;         /* their number */
} args;

/* Returns -1 to go on, or an exit code. */
static int parse(int argc, char **argv, bool dedup, args *a) {
    px_options_init(&a->opt);
    a->format = "text";
    a->paths = calloc((size_t)argc + 1, sizeof *a->paths);
    if (!a->paths) return EXIT_FAILURE_;
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define OPT(l) (strcmp(s, l) == 0)
#define NEEDV()                                                               \
    do {                                                                      \
        if (!v) {                                                             \
            fprintf(stderr, "parallax: %s needs a value\n", s);               \
            return EXIT_USAGE;                                                \
        }                                                                     \
        i++;                                                                  \
    } while (0)
        if (opts_done || s[0] != '-' || strcmp(s, "-") == 0) {
            a->paths[a->npaths++] = argv[i];
        } else if (OPT("--")) {
            opts_done = true;
        } else if (OPT("-h") || OPT("--help")) {
            px_options d;
            px_options_init(&d);
            if (dedup) printf(dedup_help, d.dup_threshold, d.shingle, d.perm);
            else
                printf(stories_help, d.story_threshold, d.window_days, d.dup_threshold,
                       d.shingle, d.perm);
            return EXIT_CLEAN;
        } else if (OPT("-q") || OPT("--quiet")) {
            a->quiet = true;
        } else if (OPT("-o") || OPT("--output")) {
            NEEDV();
            a->output = v;
        } else if (!dedup && (OPT("-f") || OPT("--format"))) {
            NEEDV();
            if (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "md") && strcmp(v, "html")) {
                fprintf(stderr, "parallax: --format is text, json, md or html, not '%s'\n", v);
                return EXIT_USAGE;
            }
            a->format = v;
        } else if (!dedup && OPT("--db")) {
            NEEDV();
            a->db = v;
        } else if (!dedup && OPT("--gold")) {
            NEEDV();
            a->gold = v;
        } else if (dedup && OPT("--pairs")) {
            NEEDV();
            a->pairs = v;
        } else if (!dedup && OPT("--story-threshold")) {
            NEEDV();
            if (!cli_double(s, v, 0, 1, &a->opt.story_threshold)) return EXIT_USAGE;
            a->given |= CLI_GIVEN_STORY_THRESHOLD;
        } else if (!dedup && OPT("--window")) {
            NEEDV();
            if (!cli_double(s, v, 0.001, 36500, &a->opt.window_days)) return EXIT_USAGE;
            a->given |= CLI_GIVEN_WINDOW;
        } else if (OPT("--threshold")) {
            NEEDV();
            if (!cli_double(s, v, 0.01, 1, &a->opt.dup_threshold)) return EXIT_USAGE;
            a->given |= CLI_GIVEN_THRESHOLD;
        } else if (OPT("--shingle")) {
            NEEDV();
            if (!cli_unsigned(s, v, 1, 64, &a->opt.shingle)) return EXIT_USAGE;
            a->given |= CLI_GIVEN_SHINGLE;
        } else if (OPT("--perm")) {
            NEEDV();
            if (!cli_unsigned(s, v, 8, 4096, &a->opt.perm)) return EXIT_USAGE;
            a->given |= CLI_GIVEN_PERM;
        } else if (OPT("--no-near-dup")) {
            a->opt.flags |= PX_OPT_NO_NEAR_DUP;
            a->given |= CLI_GIVEN_NO_NEAR_DUP;
        } else if (!dedup && OPT("--no-compare")) {
            a->opt.flags |= PX_OPT_NO_COMPARE;
        } else if (!dedup && OPT("--no-clean")) {
            a->opt.flags |= PX_OPT_NO_CLEAN;
        } else if (OPT("-j") || OPT("--threads")) {
            NEEDV();
            if (!cli_unsigned(s, v, 1, 1024, &a->opt.threads)) return EXIT_USAGE;
        } else {
            fprintf(stderr, "parallax: unknown option '%s' (see parallax %s --help)\n", s,
                    dedup ? "dedup" : "stories");
            return EXIT_USAGE;
        }
#undef OPT
#undef NEEDV
    }
    if (a->npaths == 0) {
        fprintf(stderr, "parallax: no input given (see parallax %s --help)\n",
                dedup ? "dedup" : "stories");
        return EXIT_USAGE;
    }
    if (dedup && !a->output) {
        fprintf(stderr, "parallax: dedup needs -o OUT.jsonl (- for standard output)\n");
        return EXIT_USAGE;
    }
    return -1;
}

static px_report_format report_format(const char *f) {
    if (strcmp(f, "json") == 0) return PX_REPORT_JSON;
    if (strcmp(f, "md") == 0) return PX_REPORT_MARKDOWN;
    if (strcmp(f, "html") == 0) return PX_REPORT_HTML;
    return PX_REPORT_TEXT;
}

/* Colour when a person reads standard output on a terminal and has not
 * asked for none (https://no-color.org: NO_COLOR set and not empty). */
static unsigned report_flags(const args *a) {
    if (a->output && strcmp(a->output, "-")) return 0;
    const char *nc = getenv("NO_COLOR");
    if (nc && nc[0]) return 0;
    return isatty(STDOUT_FILENO) ? PX_WRITE_COLOR : 0;
}

static int finish_code(const cli_run *r, const px_corpus *c) {
    px_stats s;
    px_corpus_stats(c, &s);
    return s.skipped || r->unreadable ? EXIT_SKIPPED : EXIT_CLEAN;
}

static int run(int argc, char **argv, bool dedup) {
    args a;
    memset(&a, 0, sizeof a);
    int rc = parse(argc, argv, dedup, &a);
    if (rc >= 0) {
        free(a.paths);
        return rc;
    }
    cli_run r;
    cli_run_init(&r, a.quiet);
    if (dedup) a.opt.flags |= PX_OPT_KEEP_RAW | PX_OPT_DEDUP_ONLY;
    else if (!a.db) a.opt.flags |= PX_OPT_DROP_TEXT; /* a store keeps the texts */
    /* the store first: its options say how the articles are read, and a
     * refusal comes before any reading */
    px_store *store = NULL;
    if (a.db && !(store = cli_store_open(a.db, &a.opt, a.given, &rc))) {
        free(a.paths);
        return rc;
    }
    px_corpus *c = px_corpus_new(&a.opt, NULL);
    if (!c) {
        fprintf(stderr, "parallax: out of memory\n");
        px_store_close(store);
        free(a.paths);
        return EXIT_FAILURE_;
    }
    px_corpus_set_diag(c, cli_diag, &r);
    px_corpus_set_progress(c, cli_progress, &r);
    rc = EXIT_FAILURE_;
    fio_out out, pairs;
    bool out_open = false, pairs_open = false;
    if (!cli_add_paths(&r, c, a.paths, a.npaths)) goto done;
    if (store) {
        rc = cli_store_stories(&r, c, store, &a.opt, a.format, a.output, a.gold);
        store = NULL;
        goto done;
    }
    px_status st = dedup ? px_corpus_dedup(c) : px_corpus_run(c);
    cli_progress_clear(&r);
    if (st != PX_OK) {
        fprintf(stderr, "parallax: %s\n", px_strerror(st));
        goto done;
    }
    if (!fio_open(&out, a.output)) {
        fprintf(stderr, "parallax: %s: %s\n", a.output, strerror(errno));
        goto done;
    }
    out_open = true;
    if (dedup) {
        st = px_corpus_write_dedup(c, fio_write, &out);
        if (st == PX_OK && a.pairs) {
            if (!fio_open(&pairs, a.pairs)) {
                fprintf(stderr, "parallax: %s: %s\n", a.pairs, strerror(errno));
                goto done;
            }
            pairs_open = true;
            st = px_corpus_write_pairs(c, fio_write, &pairs);
        }
    } else {
        st = px_corpus_write_report(c, report_format(a.format), report_flags(&a), fio_write,
                                    &out);
    }
    if (st != PX_OK) {
        fprintf(stderr, "parallax: %s: %s\n", a.output ? a.output : "standard output",
                px_strerror(st));
        goto done;
    }
    out_open = false;
    if (!fio_commit(&out)) {
        fprintf(stderr, "parallax: %s: %s\n", a.output ? a.output : "standard output",
                strerror(errno));
        goto done;
    }
    if (pairs_open) {
        pairs_open = false;
        if (!fio_commit(&pairs)) {
            fprintf(stderr, "parallax: %s: %s\n", a.pairs, strerror(errno));
            goto done;
        }
    }
    rc = finish_code(&r, c);
    if (a.gold) {
        px_eval_result e;
        char err[512] = "";
        if (px_eval_corpus(c, a.gold, &e, err, sizeof err) != PX_OK) {
            fprintf(stderr, "%s\n", err);
            rc = EXIT_FAILURE_;
        } else {
            cli_print_eval(stderr, &e);
        }
    }
    cli_summary(&r, c, !dedup);
done:
    px_store_close(store);
    if (out_open) fio_abort(&out);
    if (pairs_open) fio_abort(&pairs);
    px_corpus_free(c);
    free(a.paths);
    return rc;
}

int cmd_stories(int argc, char **argv) { return run(argc, argv, false); }
int cmd_dedup(int argc, char **argv) { return run(argc, argv, true); }
