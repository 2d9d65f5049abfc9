/*
 * fuzz_jsonl.c - JSON Lines records from arbitrary bytes: the strict JSON
 * scanner, escape decoding, UTF-8 repair and the field rules, through the
 * whole-input path (ig_read_bytes) and the one-object path (px_doc_parse).
 * Also checks that the scanner's verdict does not depend on what follows
 * the scanned bytes.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_read("f.jsonl", data, size, PX_FORMAT_JSONL);
    fz_parse("f.json", data, size, PX_FORMAT_JSONL);
    /* the scanner on an exact-size copy: reads past the end show up in ASan */
    char *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    if (size) memcpy(copy, data, size);
    ig_jval f[IG_F_COUNT];
    char msg[96];
    int r = ig_json_scan(copy, size, f, msg, sizeof msg);
    if (r < 0 && strstr(msg, "at column ") == NULL) abort();
    if (r == 0) {
        for (int k = 0; k < IG_F_COUNT; k++) {
            if (f[k].type != IG_J_STRING) continue;
            char *dst = malloc(f[k].n + 1);
            if (!dst) break;
            size_t bad = 0;
            size_t m = ig_json_unescape(f[k].p, f[k].n, dst, &bad);
            if (m > f[k].n) abort();
            free(dst);
        }
    }
    free(copy);
    return 0;
}
