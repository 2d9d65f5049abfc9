/*
 * fuzz_store.c - what the store parses: a vector blob (st_vec_decode: a
 * bad length or terms out of order must be refused, a good one must come
 * back ascending) and an export file (px_store_import): any bytes give a
 * documented status and leave a store whose every article is in a story
 * that has an id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"

static void check_blob(const uint8_t *data, size_t size) {
    px_allocator al;
    px_alloc_init(&al, NULL);
    uint32_t *t = NULL;
    float *w = NULL;
    size_t cap = 0;
    uint32_t n = 0;
    px_status st = st_vec_decode(&al, data, size, &t, &w, &cap, &n);
    if (st != PX_OK && st != PX_EFORMAT && st != PX_ENOMEM) abort();
    if (st == PX_EFORMAT && size % 8 == 0 && size / 8 < 2) abort();
    if (st == PX_OK) {
        if ((size_t)n * 8 != size) abort();
        for (uint32_t i = 1; i < n; i++)
            if (t[i] <= t[i - 1]) abort();
    }
    px_free(&al, t);
    px_free(&al, w);
}

static void rm_store(const char *db) {
    char side[320];
    remove(db);
    snprintf(side, sizeof side, "%s-wal", db);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", db);
    remove(side);
}

static void check_import(const uint8_t *data, size_t size) {
    char in[256], db[256];
    snprintf(in, sizeof in, "/tmp/px-fuzz-store-%d.jsonl", (int)getpid());
    snprintf(db, sizeof db, "/tmp/px-fuzz-store-%d.db", (int)getpid());
    FILE *f = fopen(in, "wb");
    if (!f) return;
    fwrite(data, 1, size, f);
    fclose(f);
    rm_store(db);
    px_store *s;
    px_options o;
    px_options_init(&o);
    o.threads = 1;
    if (px_store_open(db, PX_STORE_CREATE, &o, NULL, &s, NULL, 0) != PX_OK) abort();
    px_store_add_result r;
    size_t mismatch;
    px_status st = px_store_import(s, in, &r, &mismatch);
    if (st != PX_OK && st != PX_EFORMAT && st != PX_EEMPTY && st != PX_ENOMEM) abort();
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM articles a LEFT JOIN stories t ON "
                                  "t.sid = a.story WHERE t.id IS NULL", -1, &q, NULL) != SQLITE_OK)
        abort();
    if (sqlite3_step(q) != SQLITE_ROW || sqlite3_column_int64(q, 0) != 0) abort();
    sqlite3_finalize(q);
    px_store_close(s);
    rm_store(db);
    remove(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    check_blob(data, size);
    check_import(data, size);
    return 0;
}
