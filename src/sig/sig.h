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

/* Largest signature length with exact densification (see minhash.c); the
 * corpus options cap perm at this value. */
#define MH_MAX_PERM 4096

/*
 * MinHash signature of a set of 64-bit shingle hashes, by one-permutation
 * hashing with optimal densification: perm values into sig. Repeated
 * shingles count once. An empty set gives a signature of all 0xffffffff;
 * other signatures never hold that value. A pure function of its inputs,
 * pinned by tests. perm: 1..MH_MAX_PERM (larger works, with a weaker
 * densification); perm 0 writes nothing.
 */
void mh_signature(const uint64_t *shingles, size_t n, unsigned perm,
                  uint32_t *sig);

/* A plan of the densification probes for one signature length (a few KB
 * at perm 256): mh_signature_plan gives the same values as mh_signature,
 * faster. NULL when memory runs out or perm is 0 or above MH_MAX_PERM. */
typedef struct mh_plan mh_plan;
mh_plan *mh_plan_new(unsigned perm, const px_allocator *al);
void mh_plan_free(mh_plan *p);
/* The perm the plan is for; 0 for NULL. */
unsigned mh_plan_perm(const mh_plan *p);
void mh_signature_plan(const mh_plan *plan, const uint64_t *shingles, size_t n,
                       uint32_t *sig);

/* Fraction of equal positions: the Jaccard estimate of two signatures. */
double mh_similarity(const uint32_t *a, const uint32_t *b, unsigned perm);

/*
 * Hashes of the word shingles of k consecutive normalized tokens into out
 * (caller provides room for max(ntok - k + 1, 1) values); returns the count.
 * A text of fewer than k tokens gives one shingle of all its tokens, an
 * empty one none; k 0 counts as 1. Order-sensitive; a window's hash depends
 * on its tokens alone. Pinned by tests.
 */
size_t mh_shingles(const uint64_t *tok_hash, size_t ntok, unsigned k,
                   uint64_t *out);

/* Bands and rows (bands * rows <= perm) for a Jaccard threshold in (0, 1]:
 * chosen so that pairs above the threshold are found with high probability
 * (see lsh.c for the reasoning). perm 0 gives 0 and 0. */
void lsh_params(unsigned perm, double threshold, unsigned *bands,
                unsigned *rows);

/*
 * px_index: an LSH index of signatures with integer item ids. Ids are best
 * dense (0, 1, 2 ... in insertion order): memory grows with the largest id.
 * NULL when memory runs out or perm is 0 or threshold outside (0, 1]; the
 * caller frees it with lsh_free (which accepts NULL). al may be NULL.
 */
px_index *lsh_new(unsigned perm, double threshold, const px_allocator *al);
void lsh_free(px_index *ix);
/* Adds item id (below UINT32_MAX, each id once: PX_EINVAL otherwise) with
 * signature sig of perm values (not copied: must outlive the index).
 * PX_ENOMEM leaves the index as it was. */
px_status lsh_add(px_index *ix, uint32_t id, const uint32_t *sig);
/*
 * Calls fn(ud, id) once for every indexed item sharing at least one band
 * with sig, in increasing id order. fn must not change the index. Returns
 * PX_ENOMEM or PX_OK.
 */
px_status lsh_query(px_index *ix, const uint32_t *sig,
                    void (*fn)(void *ud, uint32_t id), void *ud);
/* Makes room for items 0..items-1 without growing (and so without
 * rehashing) later: dedup knows how many docs it will index at most. */
px_status lsh_reserve(px_index *ix, size_t items);
/* Bands and rows the index uses. */
void lsh_shape(const px_index *ix, unsigned *bands, unsigned *rows);
/* Bytes the index holds (tables, chains, scratch), for memory figures. */
size_t lsh_bytes(const px_index *ix);

/* Asks the kernel for transparent huge pages on the whole 2 MiB pages
 * inside p[0..n) (madvise; a hint, ignored where THP is off): large
 * arrays then cost a page fault per 2 MiB rather than per 4 KiB, which on
 * a virtual machine is most of the cost of first touching them. */
void sig_advise_huge(void *p, size_t n);

#endif
