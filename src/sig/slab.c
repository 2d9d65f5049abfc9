/*
 * slab.c - dd_slab: many small blocks of one lifetime in a few large
 * chunks.
 *
 * Dedup keeps a signature (a kilobyte at perm 256) and the raw record of
 * every document until it writes its output, so a 100 MB input holds some
 * 200 MB of such blocks. Allocated one by one they cost a malloc each and,
 * worse, a page fault for every fresh 4 KiB page they touch: on the
 * virtual machines this project runs on a fault costs about 13 us, more
 * than reading the page's text twice. A slab takes them from chunks that
 * grow to SLAB_MAX and asks the kernel for transparent huge pages on the
 * large ones (madvise, a hint only: where THP is off it changes nothing),
 * which cuts the faults 512-fold.
 */
#include "dedup.h"
#include "sig.h"

#include <sys/mman.h>

/* First chunk; each next one doubles, up to SLAB_MAX. */
#define SLAB_MIN ((size_t)256 << 10)
#define SLAB_MAX ((size_t)32 << 20)
/* The huge-page size asked for, and the least chunk worth asking for. */
#define HUGE ((size_t)2 << 20)
#define HUGE_MIN ((size_t)8 << 20)

void dd_slab_init(dd_slab *s, const px_allocator *al) {
    memset(s, 0, sizeof *s);
    px_alloc_init(&s->al, al);
}

void dd_slab_free(dd_slab *s) {
    for (size_t i = 0; i < s->n; i++) px_free(&s->al, s->chunk[i]);
    px_free(&s->al, s->chunk);
    s->chunk = NULL;
    s->n = s->cap = 0;
    s->cur = NULL;
    s->left = 0;
    s->size = 0;
    s->bytes = 0;
}

void sig_advise_huge(void *p, size_t n) {
    if (n < HUGE_MIN) return;
#ifdef MADV_HUGEPAGE
    uintptr_t a = ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE - 1);
    if (e > a) (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

void *dd_slab_alloc(dd_slab *s, size_t n) {
    n = (n + 15) & ~(size_t)15;
    if (n > s->left) {
        size_t size = s->n ? PX_MIN(SLAB_MAX, s->size * 2) : SLAB_MIN;
        if (size < n) size = n;
        if (size >= HUGE_MIN) size += HUGE; /* room to align a huge page */
        if (px_grow(&s->al, (void **)&s->chunk, &s->cap, s->n + 1, sizeof *s->chunk) != PX_OK)
            return NULL;
        char *p = px_malloc(&s->al, size);
        if (!p) return NULL;
        sig_advise_huge(p, size);
        s->chunk[s->n++] = p;
        s->size = size;
        /* 16-byte alignment; malloc gives at least that */
        s->cur = p;
        s->left = size;
    }
    void *r = s->cur;
    s->cur += n;
    s->left -= n;
    s->bytes += n;
    return r;
}
