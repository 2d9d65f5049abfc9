/*
 * sig.h - signatures: exact-text hash, MinHash over word shingles, and the
 * LSH index (px_index) that finds candidate near-duplicate pairs.
 *
 * Consumes the normalized tokens of text analysis; produces fixed-size
 * signatures whose values are pinned by tests (they are stored and compared
 * across runs and machines).
 */
#ifndef PX_SIG_H
#define PX_SIG_H

#include "../common/common.h"

/*
 * MinHash signature of a set of 64-bit shingle hashes, by one-permutation
 * hashing with optimal densification: perm values into sig. An empty set
 * gives a signature of all 0xffffffff.
 */
void mh_signature(const uint64_t *shingles, size_t n, unsigned perm,
                  uint32_t *sig);

/* Fraction of equal positions: the Jaccard estimate of two signatures. */
double mh_similarity(const uint32_t *a, const uint32_t *b, unsigned perm);

/*
 * Hashes of the word shingles of k consecutive normalized tokens into out
 * (caller provides room for max(ntok - k + 1, 1) values); returns the count.
 * A text of fewer than k tokens gives one shingle of all its tokens.
 */
size_t mh_shingles(const uint64_t *tok_hash, size_t ntok, unsigned k,
                   uint64_t *out);

/* Bands and rows for a threshold: chosen so that pairs at the threshold are
 * found with high probability (see lsh.c for the reasoning). */
void lsh_params(unsigned perm, double threshold, unsigned *bands,
                unsigned *rows);

/* px_index: an LSH index of signatures with integer item ids. */
px_index *lsh_new(unsigned perm, double threshold, const px_allocator *al);
void lsh_free(px_index *ix);
/* Adds item id with signature sig (not copied: must outlive the index). */
px_status lsh_add(px_index *ix, uint32_t id, const uint32_t *sig);
/*
 * Calls fn(ud, id) once for every indexed item sharing at least one band
 * with sig, in increasing id order. Returns PX_ENOMEM or PX_OK.
 */
px_status lsh_query(px_index *ix, const uint32_t *sig,
                    void (*fn)(void *ud, uint32_t id), void *ud);

#endif
