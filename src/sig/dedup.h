/*
 * dedup.h - exact and near-duplicate detection over a corpus.
 */
#ifndef PX_DEDUP_H
#define PX_DEDUP_H

#include "../common/doc.h"

/*
 * Visits docs in `order` (publication order) and sets dup_of/dup_sim on each
 * doc that repeats an earlier one: exactly (same normalized token stream) or
 * nearly (estimated Jaccard >= threshold among LSH candidates). The kept
 * copy is therefore the earliest published, input order breaking ties.
 * near: false to find exact duplicates only.
 */
px_status dd_run(px_doc **docs, const size_t *order, size_t n, unsigned perm,
                 double threshold, bool near, const px_allocator *al);

/* Blocks that live as long as their slab, taken from large chunks (see
 * slab.c). Not thread-safe: one thread allocates. */
typedef struct dd_slab {
    char **chunk;    /* the chunks */
    size_t n, cap;   /* chunks used, allocated */
    char *cur;       /* free space of the last chunk */
    size_t left;     /* bytes at cur */
    size_t size;     /* size of the last chunk */
    size_t bytes;    /* bytes handed out */
    px_allocator al; /* where chunks come from */
} dd_slab;

void dd_slab_init(dd_slab *s, const px_allocator *al);
/* n bytes, 16-byte aligned; NULL when memory runs out. */
void *dd_slab_alloc(dd_slab *s, size_t n);
/* Frees every block at once; the slab can be used again. */
void dd_slab_free(dd_slab *s);

#endif
