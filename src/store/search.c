/*
 * search.c - the full-text index behind list --query (schema version 2).
 *
 * articles_fts is an FTS5 index over the view articles_head (title, and
 * the first ST_FTS_BODY characters of the cleaned body), keyed by
 * articles.aid. It is filled by one INSERT ... SELECT per batch rather
 * than by a trigger per row, and articles are never deleted, so the index
 * needs no delete path. Ranking (bm25, the title weighted higher) is in
 * query.c.
 */
#include "store.h"

px_status st_fts_add(px_store *s, int64_t first) {
    sqlite3_stmt *q;
    PX_TRY(st_prepare(s, "INSERT INTO articles_fts(rowid, title, body) "
                         "SELECT aid, title, body FROM articles_head WHERE aid >= ?", &q));
    sqlite3_bind_int64(q, 1, first);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? PX_OK : st_fail(s, rc, "write");
}

/* Whether w[0..n) holds a character the tokenizer indexes (a letter or
 * digit; any non-ASCII character is taken for one). */
static bool searchable(const char *w, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'))
            return true;
    }
    return false;
}

px_status st_fts_match(const char *words, px_buf *out, bool *nothing) {
    px_buf_clear(out);
    *nothing = false;
    PX_TRY(px_buf_adds(out, ""));
    for (const char *p = words ? words : ""; *p;) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t') e++;
        size_t n = (size_t)(e - p);
        bool prefix = n > 1 && p[n - 1] == '*';
        if (prefix) n--;
        if (!searchable(p, n)) {
            /* punctuation is in no index: left out, as FTS5 leaves out a
             * phrase without a token */
            *nothing = true;
            p = e;
            continue;
        }
        /* a quoted string is never FTS5 syntax: AND, NEAR, ( and : are
         * searched as words */
        PX_TRY(px_buf_adds(out, out->len ? " \"" : "\""));
        for (size_t i = 0; i < n; i++)
            PX_TRY(px_buf_add(out, p[i] == '"' ? "\"\"" : &p[i], p[i] == '"' ? 2 : 1));
        PX_TRY(px_buf_adds(out, prefix ? "\"*" : "\""));
        p = e;
    }
    /* words were given, none can be found */
    *nothing = *nothing && out->len == 0;
    return PX_OK;
}
