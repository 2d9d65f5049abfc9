/*
 * corpus.h - what the writers in src/report need of a corpus beyond the
 * public accessors.
 */
#ifndef PX_CORPUS_H
#define PX_CORPUS_H

#include "common/common.h"

/* The corpus's allocator; valid as long as the corpus. */
const px_allocator *px_corpus_allocator(const px_corpus *c);



struct cmp_story;
/* The comparison of story s (src/compare/compare.h), or NULL when the run
 * did not compare (PX_OPT_NO_COMPARE) or s is out of range. Valid until the
 * next px_corpus_run or px_corpus_free. */
const struct cmp_story *px_corpus_story_cmp(const px_corpus *c, size_t s);

/* For a store (src/store): analyses the docs added (as px_corpus_run
 * does before finding duplicates) and gives the docs, in input order. */
px_status px_corpus_analyse(px_corpus *c);
px_doc **px_corpus_docs(px_corpus *c, size_t *n);
/* The options the corpus was created with (its signatures' length...). */
const px_options *px_corpus_options(const px_corpus *c);
/* Publication order of all docs (see corpus.c) and, if eff is not NULL,
 * the effective time of each doc by index; both freed by the caller with
 * the corpus allocator. */
px_status px_corpus_pub_order(px_corpus *c, size_t **order, int64_t **eff);
/* Sets the stories from outside (a store): story s holds the docs
 * members[off[s]..off[s+1]) (publication order), id ids[s], labelled by
 * doc labels[s]; duplicates are those with dup_of set. Then compares each
 * story unless the corpus has PX_OPT_NO_COMPARE. */
px_status px_corpus_set_stories(px_corpus *c, size_t n, const size_t *off,
                                const size_t *members, const char (*ids)[17],
                                const size_t *labels);

struct cl_params;
/* Re-runs only the clustering stage with other parameters (after a run);
 * for the parameter study in bench/tune.c. */
px_status px_corpus_recluster(px_corpus *c, const struct cl_params *p);
#endif
