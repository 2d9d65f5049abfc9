/*
 * cmd_store.c - the commands on a store: `stories --db` (add, print what
 * changed), `list`, `show`, `stream`, `export`, `import`.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char list_help[] =
    "Usage: parallax list --db STORE [OPTIONS]\n"
    "\n"
    "Lists the stories of a store, latest first: id, articles, sources, the\n"
    "dates of the first and last article, label. With --format json (or md,\n"
    "html) the stories are written as parallax stories writes them, every\n"
    "story with its articles (without the comparison: see parallax show), in\n"
    "story order.\n"
    "\n"
    "Options:\n"
    "      --db STORE          the store (required)\n"
    "      --since DATE        stories with an article published on or after\n"
    "                          DATE (ISO 8601, e.g. 2024-05-01)\n"
    "      --source NAME       stories with an article from source NAME\n"
    "      --query WORDS       full-text search: stories with an article that\n"
    "                          holds every word in its title or the start of\n"
    "                          its body (any case or accent; word* for a\n"
    "                          prefix), the most relevant first (title words\n"
    "                          weigh more)\n"
    "      --limit N           at most N stories\n"
    "  -f, --format FMT        text (default), json, md or html\n"
    "  -o, --output FILE       write there (atomically) instead of stdout\n"
    "  -h, --help              this help\n"
    "\n"
    "Exit status: 0 listed; 2 usage error; 3 the store could not be read.\n";

static const char show_help[] =
    "Usage: parallax show --db STORE [OPTIONS] STORY_ID\n"
    "\n"
    "Prints one story of a store with the full comparison of its articles,\n"
    "as parallax stories prints each story.\n"
    "\n"
    "Options:\n"
    "      --db STORE          the store (required)\n"
    "  -f, --format FMT        text (default), json, md or html\n"
    "  -o, --output FILE       write there (atomically) instead of stdout\n"
    "  -h, --help              this help\n"
    "\n"
    "Exit status: 0 shown; 1 no such story; 2 usage error; 3 the store could\n"
    "not be read.\n";

static const char stream_help[] =
    "Usage: parallax stream --db STORE [OPTIONS]\n"
    "\n"
    "Reads JSON Lines articles on standard input as they come, adds them to\n"
    "the store in batches (a batch is committed when the input pauses for\n"
    "--idle-ms, every --batch articles, at end of input and on SIGINT or\n"
    "SIGTERM) and writes one JSON object per line on standard output for\n"
    "each change, flushed at once:\n"
    "  {\"event\":\"story_created\",\"story\":ID,\"label\":...,\"size\":N,\"sources\":N}\n"
    "  {\"event\":\"article_added\",\"story\":ID,\"article\":ID,\"source\":...,\n"
    "   \"title\":...,\"duplicate_of\":ID|null}\n"
    "  {\"event\":\"story_updated\",\"story\":ID,\"label\":...,\"label_changed\":\n"
    "   BOOL,\"size\":N,\"added\":N,\"sources\":N,\"new_sources\":[...],\n"
    "   \"changes\":{\"label\",\"compared\",\"new_entities\",\"new_conflicts\",\n"
    "   \"new_figures\",\"changed_figures\",\"resolved_conflicts\"}|null}\n"
    "  {\"event\":\"batch\",\"added\":N,\"seen\":N,\"skipped\":N}\n"
    "changes says what the comparison gained since the store last compared\n"
    "the story (docs/events.md). Bad records are reported on standard error\n"
    "and skipped. The articles are read with the store's options (see\n"
    "parallax stats).\n"
    "\n"
    "Options:\n"
    "      --db STORE          the store (created when absent)\n"
    "      --batch N           commit after N articles (default 256)\n"
    "      --idle-ms MS        commit when no input came for MS (default 200)\n"
    "      --no-compare        do not compare stories before writing events\n"
    "  -h, --help              this help\n"
    "\n"
    "Exit status: 0 end of input or signal, everything committed; 1 some\n"
    "records skipped; 2 usage error; 3 failure.\n";

static const char export_help[] =
    "Usage: parallax export --db STORE -o FILE.jsonl\n"
    "\n"
    "Writes every article of the store as JSON Lines, batch by batch in the\n"
    "order they were added, with its story id (\"story\") and batch\n"
    "(\"batch\"). parallax import replays such a file into another store.\n"
    "\n"
    "Exit status: 0 written; 2 usage error; 3 failure.\n";

static const char import_help[] =
    "Usage: parallax import --db STORE FILE.jsonl\n"
    "\n"
    "Replays a file written by parallax export into STORE (created when\n"
    "absent), batch by batch, and reports the articles whose story id came\n"
    "out different from the file's (none, with this version of parallax and\n"
    "an empty STORE).\n"
    "\n"
    "Exit status: 0 imported with the same story ids; 1 imported, some ids\n"
    "differ or records were skipped; 2 usage error; 3 failure.\n";

/* ---- shared ---- */

/* YYYY-MM-DD with an optional THH:MM[:SS] (UTC); PX_TIME_UNKNOWN if not. */
static int64_t parse_date(const char *v) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    char rest[8] = "";
    int n = sscanf(v, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%7s", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, rest);
    size_t len = strlen(v);
    bool ok = (n == 3 && len == 10) || (n == 5 && len == 16) || (n == 6 && len == 19) ||
              (n == 7 && !strcmp(rest, "Z"));
    if (!ok || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31)
        return PX_TIME_UNKNOWN;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

static px_report_format fmt_of(const char *f) {
    if (strcmp(f, "json") == 0) return PX_REPORT_JSON;
    if (strcmp(f, "md") == 0) return PX_REPORT_MARKDOWN;
    if (strcmp(f, "html") == 0) return PX_REPORT_HTML;
    return PX_REPORT_TEXT;
}

static bool fmt_ok(const char *v) {
    if (!strcmp(v, "text") || !strcmp(v, "json") || !strcmp(v, "md") || !strcmp(v, "html"))
        return true;
    fprintf(stderr, "parallax: --format is text, json, md or html, not '%s'\n", v);
    return false;
}

static unsigned color_flags(const char *output) {
    if (output && strcmp(output, "-")) return 0;
    const char *nc = getenv("NO_COLOR");
    if (nc && nc[0]) return 0;
    return isatty(STDOUT_FILENO) ? PX_WRITE_COLOR : 0;
}

static px_store *open_store(const char *db, unsigned flags, const px_options *o) {
    char err[1024];
    px_store *s;
    px_status st = px_store_open(db, flags, o, NULL, &s, err, sizeof err);
    if (st != PX_OK) {
        fprintf(stderr, "parallax: %s\n", err[0] ? err : px_strerror(st));
        return NULL;
    }
    return s;
}

/* Writes corpus c in format fmt to output; false after printing why. */
static bool write_corpus(const px_corpus *c, const char *fmt, const char *output) {
    fio_out out;
    if (!fio_open(&out, output)) {
        fprintf(stderr, "parallax: %s: %s\n", output, strerror(errno));
        return false;
    }
    px_status st = px_corpus_write_report(c, fmt_of(fmt), color_flags(output), fio_write, &out);
    const char *where = output ? output : "standard output";
    if (st != PX_OK) {
        fprintf(stderr, "parallax: %s: %s\n", where, px_strerror(st));
        fio_abort(&out);
        return false;
    }
    if (!fio_commit(&out)) {
        fprintf(stderr, "parallax: %s: %s\n", where, strerror(errno));
        return false;
    }
    return true;
}

static const char *plural(size_t n, const char *one, const char *many) {
    return n == 1 ? one : many;
}

static void store_summary(const cli_run *r, px_store *s, const px_corpus *c,
                          const px_store_add_result *a) {
    px_stats st;
    px_corpus_stats(c, &st);
    px_store_info in;
    memset(&in, 0, sizeof in);
    (void)px_store_stat(s, &in);
    fprintf(stderr,
            "parallax: %zu %s read, %zu skipped, %zu seen before, %zu added (%zu %s), "
            "%zu %s created, %zu updated; store: %zu %s, %zu %s in %.2f s\n",
            st.read, plural(st.read, "article", "articles"), st.skipped + r->unreadable, a->seen,
            a->added, a->duplicates, plural(a->duplicates, "duplicate", "duplicates"), a->created,
            plural(a->created, "story", "stories"), a->updated, in.articles,
            plural(in.articles, "article", "articles"), in.stories,
            plural(in.stories, "story", "stories"), cli_now() - r->t0);
}

/* "--window 5" of each membership option of o that given marks and that
 * differs from the store's so, and the store's value, into mine/theirs;
 * false when none differs. */
static bool options_differ(const px_options *o, const px_options *so, unsigned given,
                           char *mine, char *theirs, size_t cap) {
    if ((given & CLI_GIVEN_STORY_THRESHOLD) && o->story_threshold != so->story_threshold) {
        snprintf(mine, cap, "--story-threshold %g", o->story_threshold);
        snprintf(theirs, cap, "--story-threshold %g", so->story_threshold);
    } else if ((given & CLI_GIVEN_WINDOW) && o->window_days != so->window_days) {
        snprintf(mine, cap, "--window %g", o->window_days);
        snprintf(theirs, cap, "--window %g", so->window_days);
    } else if ((given & CLI_GIVEN_THRESHOLD) && o->dup_threshold != so->dup_threshold) {
        snprintf(mine, cap, "--threshold %g", o->dup_threshold);
        snprintf(theirs, cap, "--threshold %g", so->dup_threshold);
    } else if ((given & CLI_GIVEN_SHINGLE) && o->shingle != so->shingle) {
        snprintf(mine, cap, "--shingle %u", o->shingle);
        snprintf(theirs, cap, "--shingle %u", so->shingle);
    } else if ((given & CLI_GIVEN_PERM) && o->perm != so->perm) {
        snprintf(mine, cap, "--perm %u", o->perm);
        snprintf(theirs, cap, "--perm %u", so->perm);
    } else if ((given & CLI_GIVEN_NO_NEAR_DUP) && !(so->flags & PX_OPT_NO_NEAR_DUP)) {
        snprintf(mine, cap, "--no-near-dup");
        snprintf(theirs, cap, "near duplicates found");
    } else {
        return false;
    }
    return true;
}

px_store *cli_store_open(const char *db, px_options *o, unsigned given, int *rc) {
    *rc = EXIT_FAILURE_;
    px_store *s = open_store(db, PX_STORE_CREATE, o);
    if (!s) return NULL;
    px_options so;
    px_store_options(s, &so);
    char mine[64], theirs[64];
    if (options_differ(o, &so, given, mine, theirs, sizeof mine)) {
        fprintf(stderr,
                "parallax: %s: the store was created with %s, this run gives %s; a store keeps "
                "the options that decide which story an article joins (see parallax stats): "
                "leave the option out, or use a new store\n",
                db, theirs, mine);
        px_store_close(s);
        *rc = EXIT_USAGE;
        return NULL;
    }
    o->story_threshold = so.story_threshold;
    o->window_days = so.window_days;
    o->dup_threshold = so.dup_threshold;
    o->shingle = so.shingle;
    o->perm = so.perm;
    o->flags = (o->flags & ~PX_OPT_NO_NEAR_DUP) | (so.flags & PX_OPT_NO_NEAR_DUP);
    return s;
}

int cli_store_stories(cli_run *r, px_corpus *c, px_store *s, const px_options *o,
                      const char *fmt, const char *output, const char *gold) {
    int rc = EXIT_FAILURE_;
    px_store_add_result a;
    px_corpus *t = NULL;
    px_status st = px_store_add(s, c, &a);
    if (st == PX_OK) st = px_store_touched(s, (o->flags & PX_OPT_NO_COMPARE) ? PX_STORE_NO_COMPARE : 0, &t);
    cli_progress_clear(r);
    if (st != PX_OK) {
        const char *m = px_store_last_error(s);
        fprintf(stderr, "parallax: %s\n", m[0] ? m : px_strerror(st));
        goto done;
    }
    if (!write_corpus(t, fmt, output)) goto done;
    px_stats ps;
    px_corpus_stats(c, &ps);
    rc = ps.skipped || r->unreadable ? EXIT_SKIPPED : EXIT_CLEAN;
    if (gold) {
        /* the stories this run touched, every article of each */
        px_eval_result e;
        char err[512] = "";
        if (px_eval_corpus(t, gold, &e, err, sizeof err) != PX_OK) {
            fprintf(stderr, "%s\n", err);
            rc = EXIT_FAILURE_;
        } else {
            cli_print_eval(stderr, &e);
        }
    }
    store_summary(r, s, c, &a);
done:
    px_corpus_free(t);
    px_store_close(s);
    return rc;
}

/* Options common to the store commands. */
typedef struct sargs {
    const char *db, *format, *output, *id;
    px_store_query q;
    unsigned batch, idle_ms;
    bool no_compare;
} sargs;

/* Parses argv; `allowed` lists the options the command takes (by their
 * long names, space separated). Returns -1 to go on, or an exit code. */
static int sparse(int argc, char **argv, const char *cmd, const char *help, const char *allowed,
                  sargs *a) {
    memset(a, 0, sizeof *a);
    a->format = "text";
    a->batch = 256;
    a->idle_ms = 200;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char *name = s;
        if (!strcmp(s, "-f")) name = "--format";
        if (!strcmp(s, "-o")) name = "--output";
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            fputs(help, stdout);
            return EXIT_CLEAN;
        }
        if (s[0] != '-' || !strcmp(s, "-")) {
            if (a->id) {
                fprintf(stderr, "parallax: %s takes one argument, not '%s'\n", cmd, s);
                return EXIT_USAGE;
            }
            a->id = s;
            continue;
        }
        const char *hit = strstr(allowed, name + 2);
        size_t nl = strlen(name + 2);
        if (strncmp(name, "--", 2) || !hit || (hit[nl] && hit[nl] != ' ')) {
            fprintf(stderr, "parallax: unknown option '%s' (see parallax %s --help)\n", s, cmd);
            return EXIT_USAGE;
        }
        if (!strcmp(name, "--no-compare")) {
            a->no_compare = true;
            continue;
        }
        if (!v) {
            fprintf(stderr, "parallax: %s needs a value\n", s);
            return EXIT_USAGE;
        }
        i++;
        if (!strcmp(name, "--db")) a->db = v;
        else if (!strcmp(name, "--format")) {
            if (!fmt_ok(v)) return EXIT_USAGE;
            a->format = v;
        } else if (!strcmp(name, "--output")) a->output = v;
        else if (!strcmp(name, "--source")) a->q.source = v;
        else if (!strcmp(name, "--query")) a->q.words = v;
        else if (!strcmp(name, "--since")) {
            a->q.since = parse_date(v);
            if (a->q.since == PX_TIME_UNKNOWN) {
                fprintf(stderr, "parallax: --since needs an ISO 8601 date, not '%s'\n", v);
                return EXIT_USAGE;
            }
        } else if (!strcmp(name, "--limit")) {
            unsigned n;
            if (!cli_unsigned(s, v, 1, 100000000, &n)) return EXIT_USAGE;
            a->q.limit = n;
        } else if (!strcmp(name, "--batch")) {
            if (!cli_unsigned(s, v, 1, 1000000, &a->batch)) return EXIT_USAGE;
        } else if (!strcmp(name, "--idle-ms")) {
            if (!cli_unsigned(s, v, 1, 600000, &a->idle_ms)) return EXIT_USAGE;
        }
    }
    if (!a->db) {
        fprintf(stderr, "parallax: %s needs --db STORE\n", cmd);
        return EXIT_USAGE;
    }
    return -1;
}

static void print_err(px_store *s, px_status st) {
    const char *m = px_store_last_error(s);
    fprintf(stderr, "parallax: %s\n", m[0] ? m : px_strerror(st));
}

/* ---- list ---- */

static void date10(int64_t t, char out[11]) {
    if (t == PX_TIME_UNKNOWN) {
        snprintf(out, 11, "unknown");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int list_line(void *ud, const px_store_story_info *in) {
    FILE *f = ud;
    char a[11], b[11];
    date10(in->first, a);
    date10(in->last, b);
    fprintf(f, "%s  %4zu %-8s %3zu %-8s %s..%s  %s\n", in->id, in->size,
            plural(in->size, "article", "articles"), in->sources,
            plural(in->sources, "source", "sources"), a, b, in->label);
    return ferror(f) != 0;
}

int cmd_list(int argc, char **argv) {
    sargs a;
    int rc = sparse(argc, argv, "list", list_help, "db format output since source query limit", &a);
    if (rc >= 0) return rc;
    if (a.id) {
        fprintf(stderr, "parallax: list takes no argument ('%s')\n", a.id);
        return EXIT_USAGE;
    }
    px_store *s = open_store(a.db, PX_STORE_READONLY, NULL);
    if (!s) return EXIT_FAILURE_;
    rc = EXIT_FAILURE_;
    px_status st;
    if (!strcmp(a.format, "text")) {
        fio_out out;
        if (!fio_open(&out, a.output)) {
            fprintf(stderr, "parallax: %s: %s\n", a.output, strerror(errno));
        } else if ((st = px_store_list(s, &a.q, list_line, out.f)) != PX_OK) {
            print_err(s, st);
            fio_abort(&out);
        } else if (!fio_commit(&out)) {
            fprintf(stderr, "parallax: %s: %s\n", a.output ? a.output : "standard output",
                    strerror(errno));
        } else {
            rc = EXIT_CLEAN;
        }
    } else {
        px_corpus *c = NULL;
        st = px_store_select(s, &a.q, PX_STORE_NO_COMPARE, &c);
        if (st != PX_OK) print_err(s, st);
        else if (write_corpus(c, a.format, a.output)) rc = EXIT_CLEAN;
        px_corpus_free(c);
    }
    px_store_close(s);
    return rc;
}

/* ---- show ---- */

int cmd_show(int argc, char **argv) {
    sargs a;
    int rc = sparse(argc, argv, "show", show_help, "db format output", &a);
    if (rc >= 0) return rc;
    if (!a.id) {
        fprintf(stderr, "parallax: show needs a STORY_ID (see parallax list)\n");
        return EXIT_USAGE;
    }
    px_store *s = open_store(a.db, PX_STORE_READONLY, NULL);
    if (!s) return EXIT_FAILURE_;
    px_corpus *c = NULL;
    px_status st = px_store_story(s, a.id, 0, &c);
    rc = EXIT_FAILURE_;
    if (st != PX_OK) {
        print_err(s, st);
        if (st == PX_EEMPTY) rc = EXIT_SKIPPED;
    } else if (write_corpus(c, a.format, a.output)) {
        rc = EXIT_CLEAN;
    }
    px_corpus_free(c);
    px_store_close(s);
    return rc;
}

/* ---- export, import ---- */

int cmd_export(int argc, char **argv) {
    sargs a;
    int rc = sparse(argc, argv, "export", export_help, "db output", &a);
    if (rc >= 0) return rc;
    if (!a.output || a.id) {
        fprintf(stderr, "parallax: export needs --db STORE -o FILE.jsonl (- for standard output)\n");
        return EXIT_USAGE;
    }
    px_store *s = open_store(a.db, PX_STORE_READONLY, NULL);
    if (!s) return EXIT_FAILURE_;
    rc = EXIT_FAILURE_;
    fio_out out;
    if (!fio_open(&out, a.output)) {
        fprintf(stderr, "parallax: %s: %s\n", a.output, strerror(errno));
    } else {
        px_status st = px_store_export(s, fio_write, &out);
        if (st != PX_OK) {
            print_err(s, st);
            fio_abort(&out);
        } else if (!fio_commit(&out)) {
            fprintf(stderr, "parallax: %s: %s\n", a.output, strerror(errno));
        } else {
            rc = EXIT_CLEAN;
        }
    }
    px_store_close(s);
    return rc;
}

int cmd_import(int argc, char **argv) {
    sargs a;
    int rc = sparse(argc, argv, "import", import_help, "db", &a);
    if (rc >= 0) return rc;
    if (!a.id) {
        fprintf(stderr, "parallax: import needs a FILE.jsonl\n");
        return EXIT_USAGE;
    }
    cli_run r;
    cli_run_init(&r, true);
    px_store *s = open_store(a.db, PX_STORE_CREATE, NULL);
    if (!s) return EXIT_FAILURE_;
    px_store_add_result res;
    size_t mismatch = 0;
    px_status st = px_store_import(s, a.id, &res, &mismatch);
    rc = EXIT_FAILURE_;
    if (st != PX_OK) {
        print_err(s, st);
    } else {
        px_store_info in;
        memset(&in, 0, sizeof in);
        (void)px_store_stat(s, &in);
        fprintf(stderr, "parallax: %zu articles imported, %zu seen before, %zu with another "
                        "story id; store: %zu articles, %zu stories in %.2f s\n",
                res.added, res.seen, mismatch, in.articles, in.stories, cli_now() - r.t0);
        rc = mismatch ? EXIT_SKIPPED : EXIT_CLEAN;
    }
    px_store_close(s);
    return rc;
}

/* ---- stats ---- */

static const char stats_help[] =
    "Usage: parallax stats --db STORE\n"
    "\n"
    "Prints what a store holds (articles, stories, batches, schema version)\n"
    "and the options it was created with, which decide story membership and\n"
    "stay fixed for its life: parallax stories --db refuses another value.\n"
    "\n"
    "Exit status: 0 printed; 2 usage error; 3 the store could not be read.\n";

int cmd_stats(int argc, char **argv) {
    sargs a;
    int rc = sparse(argc, argv, "stats", stats_help, "db", &a);
    if (rc >= 0) return rc;
    if (a.id) {
        fprintf(stderr, "parallax: stats takes no argument ('%s')\n", a.id);
        return EXIT_USAGE;
    }
    px_store *s = open_store(a.db, PX_STORE_READONLY, NULL);
    if (!s) return EXIT_FAILURE_;
    px_store_info in;
    px_status st = px_store_stat(s, &in);
    if (st != PX_OK) {
        print_err(s, st);
        px_store_close(s);
        return EXIT_FAILURE_;
    }
    px_options o;
    px_store_options(s, &o);
    printf("store: %s\n"
           "schema version: %d\n"
           "articles: %zu\n"
           "stories: %zu\n"
           "batches: %zu\n"
           "options (fixed at creation):\n"
           "  --story-threshold %g\n"
           "  --window %g\n"
           "  --threshold %g\n"
           "  --shingle %u\n"
           "  --perm %u\n"
           "  near duplicates: %s\n",
           a.db, in.schema, in.articles, in.stories, in.batches, o.story_threshold,
           o.window_days, o.dup_threshold, o.shingle, o.perm,
           (o.flags & PX_OPT_NO_NEAR_DUP) ? "not found (--no-near-dup)" : "found");
    px_store_close(s);
    return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_CLEAN : EXIT_FAILURE_;
}

/* ---- stream ---- */

int cmd_stream(int argc, char **argv) {
    sargs a;
    int rc = sparse(argc, argv, "stream", stream_help, "db batch idle-ms no-compare", &a);
    if (rc >= 0) return rc;
    if (a.id) {
        fprintf(stderr, "parallax: stream reads standard input and takes no argument ('%s')\n", a.id);
        return EXIT_USAGE;
    }
    return cli_stream(a.db, a.batch, a.idle_ms, a.no_compare);
}
