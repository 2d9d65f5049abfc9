/*
 * gzip.c - inflates gzip data, whole or piece by piece.
 *
 * Consumes gzip bytes (RFC 1952), possibly several members one after the
 * other as `cat a.gz b.gz` makes them; produces the inflated bytes. zlib
 * does the work (inflate with windowBits 16 + 15 reads the gzip wrapper and
 * checks each member's CRC and length); this file adds what zlib leaves to
 * the caller: restarting at each member, tolerating zero padding after the
 * last one (tape and block tools add it), telling a stream that merely
 * stops early (truncated: what came before is kept) from one that is
 * corrupt, and routing zlib's memory through the px_allocator so that
 * running out of it is PX_ENOMEM like everywhere else.
 */
#include "ingest.h"

#include <limits.h>
#include <zlib.h>

enum { GZ_BETWEEN, GZ_MEMBER, GZ_FAILED };

static voidpf z_alloc(voidpf opaque, uInt items, uInt size) {
    return px_calloc((const px_allocator *)opaque, items, size);
}

static void z_free(voidpf opaque, voidpf p) { px_free((const px_allocator *)opaque, p); }

px_status ig_gz_init(ig_gz *g, const px_allocator *al) {
    g->al = al;
    g->state = GZ_BETWEEN;
    g->member_stop = false;
    z_stream *z = px_calloc(al, 1, sizeof *z);
    if (!z) return PX_ENOMEM;
    z->zalloc = z_alloc;
    z->zfree = z_free;
    z->opaque = (voidpf)(uintptr_t)al;
    int rc = inflateInit2(z, 16 + MAX_WBITS);
    if (rc != Z_OK) {
        px_free(al, z);
        return rc == Z_MEM_ERROR ? PX_ENOMEM : PX_EINVAL;
    }
    g->z = z;
    return PX_OK;
}

void ig_gz_free(ig_gz *g) {
    if (!g->z) return;
    inflateEnd(g->z);
    px_free(g->al, g->z);
    g->z = NULL;
}

bool ig_gz_in_member(const ig_gz *g) { return g->state == GZ_MEMBER; }

void ig_gz_restart(ig_gz *g) { g->state = GZ_BETWEEN; }

px_status ig_gz_step(ig_gz *g, const char **in, size_t *in_len, char *out,
                     size_t cap, size_t *made) {
    z_stream *z = g->z;
    size_t done = 0;
    *made = 0;
    if (g->state == GZ_FAILED) return PX_EFORMAT;
    while (*in_len > 0 && done < cap) {
        if (g->state == GZ_BETWEEN) {
            while (*in_len > 0 && **in == 0) {
                (*in)++;
                (*in_len)--;
            }
            if (*in_len == 0) break;
            if (inflateReset(z) != Z_OK) {
                g->state = GZ_FAILED;
                return PX_EFORMAT;
            }
            g->state = GZ_MEMBER;
        }
        uInt give_in = (uInt)PX_MIN(*in_len, (size_t)UINT_MAX);
        uInt give_out = (uInt)PX_MIN(cap - done, (size_t)UINT_MAX);
        z->next_in = (Bytef *)(uintptr_t)*in;
        z->avail_in = give_in;
        z->next_out = (Bytef *)out + done;
        z->avail_out = give_out;
        int rc = inflate(z, Z_NO_FLUSH);
        size_t used = give_in - z->avail_in, got = give_out - z->avail_out;
        *in += used;
        *in_len -= used;
        done += got;
        *made = done;
        if (rc == Z_STREAM_END) {
            g->state = GZ_BETWEEN;
            if (g->member_stop) break;
            continue;
        }
        if (rc == Z_MEM_ERROR) return PX_ENOMEM;
        if (rc == Z_OK && (used || got)) continue;
        if (rc == Z_OK || rc == Z_BUF_ERROR) break;
        g->state = GZ_FAILED; /* Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR */
        return PX_EFORMAT;
    }
    return PX_OK;
}

px_status ig_gunzip(const char *s, size_t n, px_buf *out) {
    ig_gz g;
    PX_TRY(ig_gz_init(&g, out->al));
    px_status st = PX_OK;
    while (st == PX_OK && n > 0) {
        /* gzip text typically inflates 3-5 times; grow in big steps */
        size_t want = PX_MAX((size_t)1 << 16, PX_MIN(n, (size_t)1 << 24) * 4);
        st = px_buf_reserve(out, want);
        if (st != PX_OK) break;
        size_t made;
        st = ig_gz_step(&g, &s, &n, out->p + out->len, out->cap - out->len - 1, &made);
        out->len += made;
        out->p[out->len] = '\0';
    }
    if (st == PX_OK && ig_gz_in_member(&g)) st = PX_EFORMAT;
    ig_gz_free(&g);
    return st;
}
