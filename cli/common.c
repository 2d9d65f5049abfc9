/*
 * common.c - what the CLI's commands share: diagnostics in the
 * "path:line: reason" form, progress on a terminal, option parsing, the
 * closing summary.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double cli_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void cli_run_init(cli_run *r, bool quiet) {
    memset(r, 0, sizeof *r);
    r->quiet = quiet;
    r->tty = isatty(STDERR_FILENO) == 1;
    r->t0 = cli_now();
}

void cli_progress_clear(cli_run *r) {
    if (r->progress_shown) {
        fputs("\r\033[K", stderr);
        r->progress_shown = false;
    }
}

void cli_diag(void *ud, const char *path, unsigned long line, const char *reason) {
    cli_run *r = ud;
    if (r) cli_progress_clear(r);
    if (line) fprintf(stderr, "%s:%lu: %s\n", path, line, reason);
    else fprintf(stderr, "%s: %s\n", path, reason);
}

void cli_progress(void *ud, const char *stage, size_t done, size_t total) {
    cli_run *r = ud;
    if (r->quiet || !r->tty) return;
    double now = cli_now();
    if (now - r->last_progress < 0.2 && done != total) return;
    r->last_progress = now;
    double el = now - r->t0;
    double rate = el > 0 ? (double)done / el : 0;
    if (total) fprintf(stderr, "\r\033[K%s: %zu/%zu articles (%.0f/s)", stage, done, total, rate);
    else fprintf(stderr, "\r\033[K%s: %zu articles (%.0f/s)", stage, done, rate);
    r->progress_shown = true;
}

bool cli_double(const char *opt, const char *s, double lo, double hi, double *out) {
    char *end;
    errno = 0;
    double v = s ? strtod(s, &end) : NAN;
    if (!s || errno || end == s || *end || !(v >= lo && v <= hi)) {
        fprintf(stderr, "parallax: %s needs a number from %g to %g, not '%s'\n", opt, lo, hi,
                s ? s : "");
        return false;
    }
    *out = v;
    return true;
}

bool cli_unsigned(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out) {
    char *end;
    errno = 0;
    unsigned long v = s ? strtoul(s, &end, 10) : 0;
    if (!s || errno || end == s || *end || *s == '-' || v < lo || v > hi) {
        fprintf(stderr, "parallax: %s needs a whole number from %u to %u, not '%s'\n", opt, lo,
                hi, s ? s : "");
        return false;
    }
    *out = (unsigned)v;
    return true;
}

bool cli_add_paths(cli_run *r, px_corpus *c, char **paths, int n) {
    bool ok = true;
    for (int i = 0; i < n; i++) {
        px_status st = px_corpus_add_path(c, paths[i]);
        if (st == PX_EIO) {
            /* reported and counted as skipped; the other paths still run */
            cli_progress_clear(r);
            fprintf(stderr, "%s\n", px_corpus_last_error(c));
            r->unreadable++;
        } else if (st != PX_OK) {
            fprintf(stderr, "parallax: %s: %s\n", paths[i], px_strerror(st));
            return false;
        }
    }
    return ok;
}

static const char *plural(size_t n, const char *one, const char *many) {
    return n == 1 ? one : many;
}

void cli_summary(const cli_run *r, const px_corpus *c, bool stories) {
    px_stats s;
    px_corpus_stats(c, &s);
    fprintf(stderr, "parallax: %zu %s read, %zu skipped, %zu %s", s.read,
            plural(s.read, "article", "articles"), s.skipped + r->unreadable, s.duplicates,
            plural(s.duplicates, "duplicate", "duplicates"));
    if (s.ignored) /* WARC records that are no article: not an error */
        fprintf(stderr, ", %zu %s not articles", s.ignored, plural(s.ignored, "record", "records"));
    if (stories) fprintf(stderr, ", %zu %s", s.stories, plural(s.stories, "story", "stories"));
    fprintf(stderr, " in %.2f s\n", cli_now() - r->t0);
}

void cli_print_eval(FILE *f, const px_eval_result *e) {
    fprintf(f, "items         %zu (gold ids not predicted: %zu, predicted ids not in gold: %zu)\n",
            e->items, e->missing, e->extra);
    fprintf(f, "stories       gold %zu, predicted %zu\n", e->gold_stories, e->pred_stories);
    fprintf(f, "pairwise      P %.4f  R %.4f  F1 %.4f\n", e->pair_p, e->pair_r, e->pair_f1);
    fprintf(f, "B-cubed       P %.4f  R %.4f  F1 %.4f\n", e->bcubed_p, e->bcubed_r,
            e->bcubed_f1);
}
