/*
 * cluster.h - online story clustering.
 */
#ifndef PX_CLUSTER_H
#define PX_CLUSTER_H

#include "../common/doc.h"

typedef struct cl_story {
    char id[17];        /* 16 hex digits: hash of the first article's id */
    size_t label_doc;   /* the most central article, whose title labels it;
                           PX_NONE when an earlier run's label stays */
    size_t sid;         /* index in the clusterer (cl_state) */
    bool created;       /* the story is new in this run */
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
    unsigned threads;   /* threads scoring articles (the caller's counted);
                           the result is the same for any number */
    /* called by the calling thread after each block of a pass, with the
     * pass ("cluster", then "refine" for the later ones), the articles done
     * and the total; NULL for none */
    void (*progress)(void *ud, const char *pass, size_t done, size_t total);
    void *progress_ud;
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

/*
 * The clusterer's state between runs, for a store (src/store): document
 * frequencies and their count N, the stories (sums of their members' unit
 * vectors, member count, time span, id, label vector) and the postings of
 * the inverted index. cl_state_run clusters a batch against it: the new
 * articles join stories of earlier runs or start new ones; earlier members
 * never move and their weights are not recomputed. cl_run is one
 * cl_state_run on a fresh state.
 */
typedef struct cl_state cl_state;

/* persist: keep ids, label vectors and dirty marks (what a store saves). */
cl_state *cl_state_new(const cl_params *p, bool persist, const px_allocator *al);
void cl_state_free(cl_state *c);
/* Clusters docs[order[0..n)] (indexes 0..n-1 of docs) against the state.
 * out lists the stories that received articles, with those articles only;
 * story indexes (cl_story.sid) are stable for the life of the state. */
px_status cl_state_run(cl_state *c, px_doc **docs, const size_t *order, size_t n,
                       cl_result *out);

/* A sparse vector as saved: terms ascending, weights. */
typedef struct cl_vec_view {
    const uint32_t *t;
    const float *w;
    uint32_t n;
} cl_vec_view;

/* One story's persistent state. */
typedef struct cl_story_view {
    char id[17];                /* "" until given */
    size_t members;             /* articles (not duplicates) */
    int64_t first, last;        /* known time span, or PX_TIME_UNKNOWN */
    cl_vec_view body, title, names; /* sums of unit vectors */
    cl_vec_view label;          /* body vector of the label article */
    bool label_set;             /* label holds a vector */
    bool label_title;           /* the label article has a title */
} cl_story_view;

size_t cl_state_story_count(const cl_state *c);
/* Views into the state: valid until the next change. false (and *out
 * empty) for a story still in the source (cl_state_story_stub). */
bool cl_state_story_get(const cl_state *c, size_t sid, cl_story_view *out);
/* Appends a story that stays in the source until a batch needs it; only
 * the time of its latest member is held (the postings' pruning reads it). */
px_status cl_state_story_stub(cl_state *c, int64_t last);
/* Fills stub sid (a source's answer); PX_EINVAL when sid is not a stub. */
px_status cl_state_story_fill(cl_state *c, size_t sid, const cl_story_view *in);

/*
 * A source holds what a state leaves out (a store of a million articles
 * need not be read whole to add ten thousand). Before clustering a batch,
 * cl_state_run asks it for what the batch can reach and the state does not
 * hold: the document frequencies of the batch's terms and names, the
 * posting lists of the keys its articles probe, and the stories those
 * lists lead to within the part of a list that is scanned. The answers
 * make the run what it would be with everything loaded. Each callback is
 * given ascending, distinct keys or story indexes and answers by calling
 * cl_state_df_put, cl_state_list_put or cl_state_story_fill for those it
 * has; its failure ends the run with its status.
 */
typedef struct cl_source {
    void *ud;
    px_status (*df)(void *ud, cl_state *c, bool names, const uint32_t *keys, size_t n);
    px_status (*lists)(void *ud, cl_state *c, const uint32_t *keys, size_t n);
    px_status (*stories)(void *ud, cl_state *c, const uint32_t *sids, size_t n);
} cl_source;

/* Sets the state's source (copied); NULL for none. */
void cl_state_set_source(cl_state *c, const cl_source *src);
/* Stories changed since cl_state_clean. */
size_t cl_state_dirty_stories(const cl_state *c, const uint32_t **sids);

/* Posting lists: key is a term, or a name with the top bit flipped. */
size_t cl_state_list_count(const cl_state *c);
/* List i; returns whether it changed since cl_state_clean. */
bool cl_state_list_get(const cl_state *c, size_t i, uint32_t *key, const uint32_t **sids,
                       uint32_t *n);
/* Adds a list (loading); stories must be loaded first. PX_EINVAL for a key
 * given twice or a story index out of range. */
px_status cl_state_list_put(cl_state *c, uint32_t key, const uint32_t *sids, uint32_t n);

/* Document frequencies (names: of capitalized names, else of terms). */
px_status cl_state_df_put(cl_state *c, bool names, uint32_t term, uint32_t count);
void cl_state_set_docs(cl_state *c, uint64_t n);
uint64_t cl_state_docs(const cl_state *c);
typedef px_status (*cl_df_fn)(void *ud, bool names, uint32_t term, uint32_t count);
/* Calls fn for every frequency changed since cl_state_clean. */
px_status cl_state_df_dirty(const cl_state *c, cl_df_fn fn, void *ud);
/* Forgets the changes (after they were saved). */
void cl_state_clean(cl_state *c);

#endif
