/*
 * replay_main.c - an ordinary main() for the fuzz targets: replays every
 * file named on the command line (or, with none, standard input) through
 * LLVMFuzzerTestOneInput, so the corpus runs under ASan/UBSan without
 * libFuzzer. With libFuzzer, link the target without this file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay(FILE *f, const char *name) {
    size_t cap = 1 << 16, n = 0, k;
    uint8_t *b = malloc(cap);
    if (!b) return 1;
    while ((k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            uint8_t *nb = realloc(b, cap * 2);
            if (!nb) { free(b); return 1; }
            b = nb;
            cap *= 2;
        }
    }
    LLVMFuzzerTestOneInput(b, n);
    free(b);
    fprintf(stderr, "replayed %s (%zu bytes)\n", name, n);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return replay(stdin, "<stdin>");
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { fprintf(stderr, "cannot open %s\n", argv[i]); return 1; }
        int rc = replay(f, argv[i]);
        fclose(f);
        if (rc) return rc;
    }
    return 0;
}
