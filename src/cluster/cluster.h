/*
 * cluster.h - online story clustering.
 */
#ifndef PX_CLUSTER_H
#define PX_CLUSTER_H

#include "../common/doc.h"

typedef struct cl_story {
    char id[17];        /* 16 hex digits: hash of the first article's id */
    size_t label_doc;   /* the most central article, whose title labels it */
    size_t *docs;       /* member doc indexes, in publication order */
    size_t ndocs;       /* number of members */
} cl_story;

typedef struct cl_result {
    cl_story *story;    /* stories, by time of first article, then id */
    size_t n;           /* number of stories */
} cl_result;

/* Scoring weights and limits; cl_params_default() documents each. */
typedef struct cl_params {
    double threshold;   /* least score to join a story */
    double window;      /* seconds after which a story without news is cold */
    double cold;        /* score penalty per e-fold of coldness past window */
    double horizon;     /* seconds after which a cold story takes nothing */
    double w_body;      /* weight of body TF-IDF cosine */
    double w_title;     /* weight of title TF-IDF cosine */
    double w_names;     /* weight of name-overlap cosine */
    double linkage;     /* 0: cosine to the centroid; 1: mean cosine to the
                           members (average linkage); between: a blend */
    double attach;      /* least score for a lone article to join a story
                           after the passes (second chance) */
    unsigned keep;      /* heaviest terms kept per article vector; 0 = all */
    unsigned probe;     /* top terms of a doc used to find candidate stories */
    unsigned refine;    /* re-assignment passes after the online pass */
    bool release;       /* free each doc's term vectors once weighed: for
                           one-shot runs on large inputs */
} cl_params;

void cl_params_default(cl_params *p);

/*
 * Clusters analysed docs visited in `order` (publication order, see
 * corpus.c). Duplicates (dup_of set) join their original's story. Sets
 * doc->story and fills out; free with cl_result_free.
 */
px_status cl_run(px_doc **docs, const size_t *order, size_t n,
                 const cl_params *p, const px_allocator *al, cl_result *out);
void cl_result_free(const px_allocator *al, cl_result *r);

#endif
