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

#endif
