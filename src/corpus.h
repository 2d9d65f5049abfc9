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

struct cl_params;
/* Re-runs only the clustering stage with other parameters (after a run);
 * for the parameter study in bench/tune.c. */
px_status px_corpus_recluster(px_corpus *c, const struct cl_params *p);
#endif
