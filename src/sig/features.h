/*
 * features.h - turns one document's text into the features the later
 * stages use: language, exact hash, MinHash signature, term vectors of body
 * and title, and capitalized names.
 */
#ifndef PX_FEATURES_H
#define PX_FEATURES_H

#include "../common/doc.h"
#include "../text/text.h"

/* Per-thread scratch for feature extraction; reuse across documents. */
typedef struct ft_ctx ft_ctx;

ft_ctx *ft_ctx_new(const px_allocator *al);
void ft_ctx_free(ft_ctx *f);

/* Only what duplicate detection needs: language, exact hash, signature. */
#define FT_SIG_ONLY (1u << 0)

/* Fills d's features (see doc.h) with shingles of `shingle` words and a
 * signature of `perm` values; with FT_SIG_ONLY in flags, no stems, term
 * vectors, names or lead. Replaces features computed before. */
px_status ft_extract(ft_ctx *f, px_doc *d, unsigned shingle, unsigned perm,
                     unsigned flags);

#endif
