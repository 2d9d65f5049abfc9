/*
 * corpus.h - what the writers in src/report need of a corpus beyond the
 * public accessors.
 */
#ifndef PX_CORPUS_H
#define PX_CORPUS_H

#include "common/common.h"

/* The corpus's allocator; valid as long as the corpus. */
const px_allocator *px_corpus_allocator(const px_corpus *c);

#endif
