/*
 * cli.h - the parallax command-line tool's internal interface. The tool is
 * a thin client of libparallax: it includes only parallax.h, parses
 * arguments, prints, and chooses exit codes.
 */
#ifndef PX_CLI_H
#define PX_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "parallax.h"

/* Exit codes, documented in --help and the man page. */
enum {
    EXIT_CLEAN = 0,    /* everything read and written */
    EXIT_SKIPPED = 1,  /* done, but some records were skipped (see stderr) */
    EXIT_USAGE = 2,    /* bad command line */
    EXIT_FAILURE_ = 3  /* could not finish: I/O error, out of memory */
};

/* ---- fileio.c: output files written atomically ---- */

/* An output: standard output, or a temporary file renamed into place. */
typedef struct fio_out {
    FILE *f;          /* where bytes go */
    char *path;       /* final path, or NULL for stdout */
    char *tmp;        /* temporary path beside it */
    bool failed;      /* a write failed */
} fio_out;

/* Opens path ("-" or NULL: stdout). Returns false with errno set. */
bool fio_open(fio_out *o, const char *path);
/* px_write_fn for a fio_out. */
int fio_write(void *ud, const char *data, size_t len);
/* Flushes, syncs and renames into place; on failure removes the temporary
 * file and returns false. */
bool fio_commit(fio_out *o);
/* Removes the temporary file without publishing it. */
void fio_abort(fio_out *o);

/* ---- common.c: shared option parsing and reporting ---- */

typedef struct cli_run {
    bool quiet;           /* no progress */
    bool tty;             /* stderr is a terminal */
    double t0;            /* start time, seconds */
    double last_progress; /* time of the last progress line */
    bool progress_shown;  /* a progress line needs clearing */
    size_t unreadable;    /* paths that could not be read at all */
} cli_run;

double cli_now(void);
void cli_run_init(cli_run *r, bool quiet);
void cli_diag(void *ud, const char *path, unsigned long line, const char *reason);
void cli_progress(void *ud, const char *stage, size_t done, size_t total);
void cli_progress_clear(cli_run *r);
/* Parses a number option; prints a usage error and returns false if bad. */
bool cli_double(const char *opt, const char *s, double lo, double hi, double *out);
bool cli_unsigned(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out);
/* Adds every path to the corpus, printing unreadable ones; false on I/O. */
bool cli_add_paths(cli_run *r, px_corpus *c, char **paths, int n);
/* The closing summary line on stderr. */
void cli_summary(const cli_run *r, const px_corpus *c, bool stories);
void cli_print_eval(FILE *f, const px_eval_result *e);

int cmd_stories(int argc, char **argv);
int cmd_dedup(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_extract(int argc, char **argv);

/* ---- cmd_store.c, cmd_stream.c: the store commands ---- */
/* Options of a command line that decide story membership, as bits of
 * cli_store_open's `given`: set when the command line gave the option. */
enum {
    CLI_GIVEN_STORY_THRESHOLD = 1u << 0,
    CLI_GIVEN_WINDOW = 1u << 1,
    CLI_GIVEN_THRESHOLD = 1u << 2,
    CLI_GIVEN_SHINGLE = 1u << 3,
    CLI_GIVEN_PERM = 1u << 4,
    CLI_GIVEN_NO_NEAR_DUP = 1u << 5
};
/* Opens (creating) the store for writing with options *o. An existing
 * store keeps its own membership options: one the command line gave with
 * another value is refused (message, *rc = EXIT_USAGE); the others are
 * copied into *o, so that the articles are read as the store's. NULL with
 * *rc set on failure. */
px_store *cli_store_open(const char *db, px_options *o, unsigned given, int *rc);
/* `stories --db`: adds corpus c (not run) to store s (which it closes),
 * prints the stories it touched in fmt to output; returns the exit code. */
int cli_store_stories(cli_run *r, px_corpus *c, px_store *s, const px_options *o,
                      const char *fmt, const char *output, const char *gold);
int cli_stream(const char *db, unsigned batch, unsigned idle_ms, bool no_compare);
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_stream(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_stats(int argc, char **argv);

#endif
