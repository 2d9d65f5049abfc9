/*
 * main.c - the parallax command: dispatch to a subcommand, --help,
 * --version. Help goes to standard output, misuse to standard error.
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
    "Usage: parallax COMMAND [OPTIONS] ...\n"
    "\n"
    "Groups news articles from many outlets into stories.\n"
    "\n"
    "Commands:\n"
    "  stories PATH...          group articles into stories and print them\n"
    "  dedup IN... -o OUT.jsonl remove exact and near-duplicate articles\n"
    "  eval --gold GOLD PRED    score stories against gold labels\n"
    "  extract PAGE...          print the article of each web page as JSON\n"
    "  stories --db STORE PATH... add articles to a store, print the stories\n"
    "                           they touched\n"
    "  list --db STORE          list the stories of a store\n"
    "  show --db STORE ID       one story of a store with its comparison\n"
    "  stream --db STORE        JSON Lines articles in, story events out\n"
    "  export --db STORE -o F   a store as JSON Lines; import --db STORE F\n"
    "  stats --db STORE         what a store holds, the options it keeps\n"
    "\n"
    "Options:\n"
    "  -h, --help               this help (parallax COMMAND --help for a command)\n"
    "  -V, --version            print the version\n"
    "\n"
    "Exit status: 0 success; 1 done, but some records were skipped; 2 usage\n"
    "error; 3 failure (I/O, memory). See parallax(1).\n";

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return EXIT_CLEAN;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("parallax %s\n", px_version());
        return EXIT_CLEAN;
    }
    if (strcmp(cmd, "stories") == 0) return cmd_stories(argc - 1, argv + 1);
    if (strcmp(cmd, "dedup") == 0) return cmd_dedup(argc - 1, argv + 1);
    if (strcmp(cmd, "eval") == 0) return cmd_eval(argc - 1, argv + 1);
    if (strcmp(cmd, "extract") == 0) return cmd_extract(argc - 1, argv + 1);
    if (strcmp(cmd, "list") == 0) return cmd_list(argc - 1, argv + 1);
    if (strcmp(cmd, "show") == 0) return cmd_show(argc - 1, argv + 1);
    if (strcmp(cmd, "stream") == 0) return cmd_stream(argc - 1, argv + 1);
    if (strcmp(cmd, "export") == 0) return cmd_export(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0) return cmd_import(argc - 1, argv + 1);
    if (strcmp(cmd, "stats") == 0) return cmd_stats(argc - 1, argv + 1);
    fprintf(stderr, "parallax: unknown command '%s'\n\n%s", cmd, usage);
    return EXIT_USAGE;
}
