/*
 * cmd_eval.c - `parallax eval`: scores a stories JSON file against gold
 * story labels.
 */
#include "cli.h"

#include <string.h>

static const char eval_help[] =
    "Usage: parallax eval --gold GOLD PRED.json\n"
    "\n"
    "Scores the stories in PRED.json (written by parallax stories --format json)\n"
    "against GOLD: JSON Lines with \"id\" and \"story\" fields, or TSV lines\n"
    "id<TAB>story. Prints pairwise and B-cubed precision, recall and F1 and the\n"
    "numbers of gold and predicted stories, over the ids present in both.\n"
    "An id given twice in GOLD is an error. Both files are read as streams.\n"
    "\n"
    "Options:\n"
    "      --gold FILE   the gold labels (required)\n"
    "  -h, --help        this help\n"
    "\n"
    "Exit status: 0 scored; 2 usage error; 3 a file could not be read.\n";

int cmd_eval(int argc, char **argv) {
    const char *gold = NULL, *pred = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(eval_help, stdout);
            return EXIT_CLEAN;
        } else if (strcmp(argv[i], "--gold") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "parallax: --gold needs a value\n");
                return EXIT_USAGE;
            }
            gold = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "parallax: unknown option '%s' (see parallax eval --help)\n", argv[i]);
            return EXIT_USAGE;
        } else if (!pred) {
            pred = argv[i];
        } else {
            fprintf(stderr, "parallax: eval takes one PRED.json\n");
            return EXIT_USAGE;
        }
    }
    if (!gold || !pred) {
        fprintf(stderr, "parallax: eval needs --gold GOLD and PRED.json\n");
        return EXIT_USAGE;
    }
    px_eval_result e;
    char err[512] = "";
    px_status st = px_eval_files(gold, pred, &e, err, sizeof err);
    if (st != PX_OK) {
        fprintf(stderr, "%s\n", err[0] ? err : px_strerror(st));
        return EXIT_FAILURE_;
    }
    cli_print_eval(stdout, &e);
    return EXIT_CLEAN;
}
