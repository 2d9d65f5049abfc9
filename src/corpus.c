/*
 * corpus.c - the pipeline: ingest -> analysis -> duplicates -> stories.
 *
 * px_corpus owns the articles and every result computed on them. This file
 * is the only one that knows all stages; each stage sees only the document
 * model (src/common/doc.h) and its own inputs.
 *
 * Determinism: articles get their place in input order as they are added
 * (files of a directory in byte order of their paths); analysis runs on
 * worker threads but writes only to its own article; duplicates and stories
 * are then computed in one thread in publication order. So the result never
 * depends on the thread count.
 */
#include "common/doc.h"
#include "ingest/ingest.h"
#include "sig/dedup.h"
#include "sig/features.h"
#include "cluster/cluster.h"
#include "compare/compare.h"
#include "corpus.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct px_corpus {
    px_allocator al;        /* memory of the corpus and its docs */
    px_options opt;         /* options as given */
    px_diag_fn diag;        /* bad-record callback */
    void *diag_ud;          /* its user data */
    px_progress_fn prog;    /* progress callback */
    void *prog_ud;          /* its user data */
    px_doc **docs;          /* articles in input order */
    size_t ndocs, cap;      /* used, allocated */
    size_t *idtab;          /* open-addressing set of ids: doc indexes */
    size_t idcap;           /* slots in idtab, a power of two */
    size_t analysed;        /* docs[0..analysed) have features */
    size_t cleaned;         /* docs[0..cleaned) are cleaned */
    bool sig_only;          /* ... and those are only what dedup needs */
    bool spent;             /* a PX_OPT_DROP_TEXT run freed what a rerun needs */
    px_stats st;            /* counters */
    px_buf err;             /* last error message */
    cl_result stories;      /* result of the last run */
    cmp_story *cmp;         /* comparison of each story, or NULL */
    size_t ncmp;            /* entries of cmp */
    struct dstream *ds;     /* PX_OPT_DEDUP_ONLY: analysis while reading */
    dd_slab sigs;           /* ... and the signatures it made */
    dd_slab raws;           /* ... and the raw records it moved, and the
                               docs it packed (px_doc_pack) */
    size_t slab_docs;       /* docs[0..slab_docs) have their sig in sigs */
};

void px_options_init(px_options *o) {
    cl_params p;
    cl_params_default(&p);
    memset(o, 0, sizeof *o);
    o->threads = 0;
    o->dup_threshold = 0.8;
    o->shingle = 5;
    o->perm = 256;
    o->story_threshold = p.threshold;
    o->window_days = p.window / 86400.0;
    o->flags = 0;
}

static bool options_ok(const px_options *o) {
    return o->dup_threshold > 0 && o->dup_threshold <= 1 && o->shingle >= 1 &&
           o->shingle <= 64 && o->perm >= 8 && o->perm <= 4096 &&
           o->story_threshold >= 0 && o->story_threshold <= 1 &&
           o->window_days > 0 && o->threads <= 1024;
}

px_corpus *px_corpus_new(const px_options *opts, const px_allocator *alloc) {
    px_allocator a;
    px_alloc_init(&a, alloc);
    px_options o;
    if (opts) o = *opts;
    else px_options_init(&o);
    if (!options_ok(&o)) return NULL;
    px_corpus *c = px_calloc(&a, 1, sizeof *c);
    if (!c) return NULL;
    c->al = a;
    c->opt = o;
    px_buf_init(&c->err, &c->al);
    dd_slab_init(&c->sigs, &c->al);
    dd_slab_init(&c->raws, &c->al);
    return c;
}

static void free_cmp(px_corpus *c) {
    for (size_t i = 0; i < c->ncmp; i++) cmp_story_free(&c->cmp[i]);
    px_free(&c->al, c->cmp);
    c->cmp = NULL;
    c->ncmp = 0;
}

static void ds_stop(px_corpus *c);

void px_corpus_free(px_corpus *c) {
    if (!c) return;
    ds_stop(c);
    for (size_t i = 0; i < c->slab_docs; i++) { /* the slabs' */
        c->docs[i]->sig = NULL;
        if (!c->docs[i]->packed) c->docs[i]->raw = NULL;
    }
    for (size_t i = 0; i < c->ndocs; i++) px_doc_free(c->docs[i]);
    dd_slab_free(&c->sigs); /* after the docs: packed ones live in raws */
    dd_slab_free(&c->raws);
    px_free(&c->al, c->docs);
    px_free(&c->al, c->idtab);
    cl_result_free(&c->al, &c->stories);
    free_cmp(c);
    px_buf_free(&c->err);
    px_allocator a = c->al;
    px_free(&a, c);
}

void px_corpus_set_diag(px_corpus *c, px_diag_fn fn, void *ud) {
    c->diag = fn;
    c->diag_ud = ud;
}

void px_corpus_set_progress(px_corpus *c, px_progress_fn fn, void *ud) {
    c->prog = fn;
    c->prog_ud = ud;
}

const char *px_corpus_last_error(const px_corpus *c) {
    return c->err.p ? c->err.p : "";
}

static void set_err(px_corpus *c, const char *msg) {
    px_buf_clear(&c->err);
    (void)px_buf_adds(&c->err, msg); /* best effort: message only */
}

/* ---- ids ---- */

static uint64_t id_hash(const char *id) { return px_hash64(id, strlen(id), 17); }

static px_status idtab_grow(px_corpus *c) {
    size_t ncap = c->idcap ? c->idcap * 2 : 1024;
    size_t *nt = px_malloc(&c->al, ncap * sizeof *nt);
    if (!nt) return PX_ENOMEM;
    for (size_t i = 0; i < ncap; i++) nt[i] = PX_NONE;
    for (size_t i = 0; i < c->idcap; i++) {
        size_t d = c->idtab[i];
        if (d == PX_NONE) continue;
        size_t s = id_hash(c->docs[d]->id) & (ncap - 1);
        while (nt[s] != PX_NONE) s = (s + 1) & (ncap - 1);
        nt[s] = d;
    }
    px_free(&c->al, c->idtab);
    c->idtab = nt;
    c->idcap = ncap;
    return PX_OK;
}

static void report(px_corpus *c, const char *path, unsigned long line,
                   const char *reason) {
    if (c->diag) c->diag(c->diag_ud, path, line, reason);
}

px_status px_corpus_add_doc(px_corpus *c, px_doc *d) {
    if (!d) return PX_EINVAL;
    if (c->spent) {
        px_doc_free(d);
        return PX_ESTATE;
    }
    if ((c->ndocs + 1) * 2 > c->idcap) {
        px_status st = idtab_grow(c);
        if (st != PX_OK) {
            px_doc_free(d);
            return st;
        }
    }
    size_t s = id_hash(d->id) & (c->idcap - 1);
    while (c->idtab[s] != PX_NONE) {
        const px_doc *o = c->docs[c->idtab[s]];
        if (strcmp(o->id, d->id) == 0) {
            px_buf msg;
            px_buf_init(&msg, &c->al);
            px_status st = px_buf_printf(&msg, "duplicate id \"%s\" (first read at %s)",
                                         d->id, o->path);
            report(c, d->path, 0, st == PX_OK ? msg.p : "duplicate id");
            set_err(c, st == PX_OK ? msg.p : "duplicate id");
            px_buf_free(&msg);
            c->st.skipped++;
            px_doc_free(d);
            return PX_EDUPID;
        }
        s = (s + 1) & (c->idcap - 1);
    }
    px_status st = px_grow(&c->al, (void **)&c->docs, &c->cap, c->ndocs + 1, sizeof *c->docs);
    if (st != PX_OK) {
        px_doc_free(d);
        return st;
    }
    d->seq = c->ndocs;
    c->idtab[s] = c->ndocs;
    c->docs[c->ndocs++] = d;
    c->st.docs = c->ndocs;
    return PX_OK;
}

/* Texts go as soon as they are analysed only when nothing later reads
 * them: a PX_OPT_DROP_TEXT run without the comparison. */
static bool drop_early(const px_corpus *c) {
    return (c->opt.flags & PX_OPT_DROP_TEXT) && (c->opt.flags & PX_OPT_NO_COMPARE);
}

static px_status analyse(px_corpus *c, bool full);

/* Docs analysed per batch while reading when texts are dropped: reading
 * and analysis then overlap, and memory holds one batch of texts at most. */
#define STREAM_BATCH 8192

static bool dedup_only(const px_corpus *c) { return c->opt.flags & PX_OPT_DEDUP_ONLY; }
static px_status ds_feed(px_corpus *c);

static void *take_raws(void *ud, size_t n) { return dd_slab_alloc(ud, n); }

static px_status sink(void *ud, px_doc *d) {
    px_corpus *c = ud;
    px_status st = px_corpus_add_doc(c, d);
    if (st == PX_EDUPID) return PX_OK; /* reported and counted; go on */
    if (st == PX_OK && dedup_only(c)) {
        /* the doc and its strings in the slab: some 600 bytes a doc that
         * would otherwise each come from the malloc heap's fresh 4 KiB
         * pages, a fault apiece. Only docs read here: one a caller added
         * keeps its address. Nothing holds this one's yet. */
        px_doc *p = px_doc_pack(d, take_raws, &c->raws);
        if (!p) return PX_ENOMEM;
        c->docs[c->ndocs - 1] = p;
        return ds_feed(c);
    }
    if (st == PX_OK && drop_early(c) && c->ndocs - c->analysed >= STREAM_BATCH)
        st = analyse(c, true);
    return st;
}

static void ig_diag(void *ud, const char *path, unsigned long line, const char *reason) {
    report(ud, path, line, reason);
}

static void handler_init(px_corpus *c, ig_handler *h) {
    memset(h, 0, sizeof *h);
    h->sink = sink;
    h->diag = ig_diag;
    h->ud = c;
    h->flags = (c->opt.flags & PX_OPT_KEEP_RAW) ? IG_KEEP_RAW : 0;
}

static void handler_done(px_corpus *c, const ig_handler *h) {
    c->st.read += h->read;
    c->st.skipped += h->skipped;
    c->st.repaired += h->repaired;
    c->st.ignored += h->ignored;
}

px_status px_corpus_add_path(px_corpus *c, const char *path) {
    if (!path) return PX_EINVAL;
    ig_handler h;
    handler_init(c, &h);
    px_buf err;
    px_buf_init(&err, &c->al);
    px_status st = ig_read_path(path, &c->al, &h, &err);
    handler_done(c, &h);
    if (st != PX_OK) set_err(c, err.len ? err.p : px_strerror(st));
    px_buf_free(&err);
    return st;
}

px_status px_corpus_add_bytes(px_corpus *c, const char *name, const char *bytes,
                              size_t len, px_format fmt) {
    if (!bytes && len) return PX_EINVAL;
    ig_handler h;
    handler_init(c, &h);
    px_status st = ig_read_bytes(name ? name : "-", bytes ? bytes : "", len, fmt, &c->al, &h);
    handler_done(c, &h);
    if (st != PX_OK) set_err(c, px_strerror(st));
    return st;
}

/* ---- analysis on worker threads ---- */

typedef struct work {
    px_corpus *c;           /* the corpus */
    size_t next;            /* next doc to take (under lock) */
    size_t end;             /* one past the last doc */
    size_t done;            /* docs finished (under lock) */
    size_t bytes;           /* text bytes analysed (under lock) */
    px_status st;           /* first failure (under lock) */
    pthread_mutex_t mu;     /* guards next, done, st */
    bool clean;             /* clean the texts instead of analysing them */
} work;

#define BATCH 64

/* Takes batches of docs until none is left; the calling thread passes
 * report=true and tells progress between its batches. */
static void drain(work *w, bool report_progress) {
    px_corpus *c = w->c;
    ft_ctx *f = ft_ctx_new(&c->al);
    px_status fail = f ? PX_OK : PX_ENOMEM;
    size_t bytes = 0;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        if (fail != PX_OK && w->st == PX_OK) w->st = fail;
        size_t b = w->st == PX_OK ? w->next : w->end;
        size_t e = PX_MIN(b + BATCH, w->end);
        w->next = e;
        size_t done = w->done;
        pthread_mutex_unlock(&w->mu);
        if (report_progress && c->prog && !w->clean)
            c->prog(c->prog_ud, "analyse", c->analysed + done, w->end);
        if (b >= e) break;
        for (size_t i = b; i < e && fail == PX_OK; i++) {
            px_doc *d = c->docs[i];
            if (w->clean) {
                if (!d->cleaned) fail = tx_clean_doc(d);
                continue;
            }
            fail = ft_extract(f, d, c->opt.shingle, c->opt.perm,
                              c->sig_only ? FT_SIG_ONLY : 0);
            bytes += d->text_len;
            if (fail == PX_OK && !c->sig_only && drop_early(c)) px_doc_drop_text(d);
        }
        pthread_mutex_lock(&w->mu);
        w->done += e - b;
        w->bytes += bytes;
        bytes = 0;
        pthread_mutex_unlock(&w->mu);
    }
    pthread_mutex_lock(&w->mu);
    if (fail != PX_OK && w->st == PX_OK) w->st = fail;
    pthread_mutex_unlock(&w->mu);
    ft_ctx_free(f);
}

static void *worker(void *arg) {
    drain(arg, false);
    return NULL;
}

static unsigned thread_count(const px_corpus *c, size_t work_items) {
    long n = c->opt.threads ? (long)c->opt.threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if ((size_t)n > work_items / BATCH + 1) n = (long)(work_items / BATCH + 1);
    return (unsigned)n;
}

/* Runs drain over docs[b..e) on the worker threads. */
static px_status run_work(work *w, size_t todo) {
    unsigned nt = thread_count(w->c, todo);
    pthread_t tid[64];
    if (nt > 64) nt = 64;
    unsigned started = 0;
    for (unsigned i = 1; i < nt; i++) {
        if (pthread_create(&tid[started], NULL, worker, w) != 0) break;
        started++;
    }
    drain(w, true);
    for (unsigned i = 0; i < started; i++) pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&w->mu);
    return w->st;
}

px_status px_doc_clean(px_doc *d) {
    if (!d) return PX_EINVAL;
    if (d->cleaned) return PX_OK;
    PX_TRY(tx_clean_doc(d));
    d->cleaned = true;
    return PX_OK;
}

/* Cleans the docs not cleaned yet: each alone on the worker threads, then
 * the paragraphs each source repeats, over these docs together. */
static px_status clean_docs(px_corpus *c) {
    size_t todo = c->ndocs - c->cleaned;
    if (!todo) return PX_OK;
    work w = {c, c->cleaned, c->ndocs, 0, 0, PX_OK, PTHREAD_MUTEX_INITIALIZER, true};
    PX_TRY(run_work(&w, todo));
    PX_TRY(tx_clean_repeated(c->docs + c->cleaned, todo, &c->al));
    for (size_t i = c->cleaned; i < c->ndocs; i++) c->docs[i]->cleaned = true;
    c->cleaned = c->ndocs;
    return PX_OK;
}

/* The cleaning of a run, unless the options turn it off. */
static px_status clean(px_corpus *c) {
    return (c->opt.flags & PX_OPT_NO_CLEAN) ? PX_OK : clean_docs(c);
}

px_status px_corpus_clean(px_corpus *c) {
    if (!c) return PX_EINVAL;
    if (c->spent || drop_early(c) || dedup_only(c)) return PX_ESTATE;
    return clean_docs(c); /* asked for by name: PX_OPT_NO_CLEAN aside */
}

/* Analyses the docs added since the last call; full=false computes only
 * what duplicate detection needs (no stemming: about twice as fast). A full
 * analysis after a partial one starts over. */
static px_status analyse(px_corpus *c, bool full) {
    if (full && dedup_only(c)) return PX_ESTATE; /* texts are gone */
    if (full && c->sig_only) {
        c->analysed = 0;
        c->st.text_bytes = 0;
    }
    if (c->analysed == 0) c->sig_only = !full;
    size_t todo = c->ndocs - c->analysed;
    if (!todo) return PX_OK;
    work w = {c, c->analysed, c->ndocs, 0, 0, PX_OK, PTHREAD_MUTEX_INITIALIZER, false};
    PX_TRY(run_work(&w, todo));
    c->st.text_bytes += w.bytes;
    c->analysed = c->ndocs;
    if (c->prog) c->prog(c->prog_ud, "analyse", c->ndocs, c->ndocs);
    return PX_OK;
}

/* Publication order: by time; an article without a time takes the time of
 * the nearest earlier article in input order that has one (the first ones,
 * of the first that has one), so it stays where the input put it. Ties keep
 * input order. */
typedef struct ord {
    int64_t t;   /* effective time */
    size_t i;    /* doc index */
} ord;

static int cmp_ord(const void *a, const void *b) {
    const ord *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static px_status pub_order(px_corpus *c, size_t **out, int64_t **eff) {
    size_t n = c->ndocs;
    ord *o = px_malloc(&c->al, (n + 1) * sizeof *o);
    size_t *order = px_malloc(&c->al, (n + 1) * sizeof *order);
    if (!o || !order) {
        px_free(&c->al, o);
        px_free(&c->al, order);
        return PX_ENOMEM;
    }
    int64_t cur = PX_TIME_UNKNOWN;
    for (size_t i = 0; i < n && cur == PX_TIME_UNKNOWN; i++) cur = c->docs[i]->time;
    if (cur == PX_TIME_UNKNOWN) cur = 0;
    for (size_t i = 0; i < n; i++) {
        if (c->docs[i]->time != PX_TIME_UNKNOWN) cur = c->docs[i]->time;
        o[i].t = cur;
        o[i].i = i;
    }
    int64_t *e = NULL;
    if (eff && !(e = px_malloc(&c->al, (n + 1) * sizeof *e))) {
        px_free(&c->al, o);
        px_free(&c->al, order);
        return PX_ENOMEM;
    }
    if (e)
        for (size_t i = 0; i < n; i++) e[i] = o[i].t;
    /* inputs mostly come in publication order already; the sort, a merge
     * sort through a fresh buffer as large as o, is then skipped */
    size_t k = 1;
    while (k < n && o[k - 1].t <= o[k].t) k++;
    if (k < n) qsort(o, n, sizeof *o, cmp_ord);
    for (size_t i = 0; i < n; i++) order[i] = o[i].i;
    px_free(&c->al, o);
    if (eff) *eff = e;
    *out = order;
    return PX_OK;
}

static px_status dedup(px_corpus *c, const size_t *order) {
    PX_TRY(dd_run(c->docs, order, c->ndocs, c->opt.perm, c->opt.dup_threshold,
                  !(c->opt.flags & PX_OPT_NO_NEAR_DUP), &c->al));
    c->st.duplicates = 0;
    for (size_t i = 0; i < c->ndocs; i++) c->st.duplicates += c->docs[i]->dup_of != PX_NONE;
    return PX_OK;
}

static px_status ds_finish(px_corpus *c);

px_status px_corpus_dedup(px_corpus *c) {
    if (c->spent) return PX_ESTATE;
    if (dedup_only(c)) PX_TRY(ds_finish(c));
    PX_TRY(analyse(c, false));
    size_t *order;
    PX_TRY(pub_order(c, &order, NULL));
    px_status st = dedup(c, order);
    px_free(&c->al, order);
    return st;
}

/* ---- PX_OPT_DEDUP_ONLY: analysis while reading ----
 *
 * The reading thread hands docs to the worker threads in batches as they
 * are added, so reading, which is single-threaded, overlaps with analysis
 * instead of preceding it; a worker frees each raw record's text once its
 * signature is made, so texts never pile up. Signatures go into one slab
 * (src/sig/slab.c) which the reading thread alone carves. Each doc's
 * features depend on its own text only, so which thread took which batch
 * changes nothing; dd_run then runs as for any corpus. */

/* Docs per batch, and batches queued or being analysed per worker at most:
 * enough to keep the workers fed while reading stalls on a long record,
 * few enough that texts waiting for analysis stay a few MB. */
#define DS_BATCH 256
#define DS_INFLIGHT 4

typedef struct dbatch {
    px_doc *d[DS_BATCH];     /* the docs */
    size_t n;                /* how many */
    struct dbatch *next;     /* queue or free list */
} dbatch;

typedef struct dstream {
    px_corpus *c;            /* the corpus */
    pthread_mutex_t mu;      /* guards everything below but cur and tid */
    pthread_cond_t work;     /* a batch was queued, or closing */
    pthread_cond_t room;     /* a batch was finished */
    dbatch *head, *tail;     /* queued batches, oldest first */
    dbatch *spare;           /* finished batches for reuse */
    size_t inflight;         /* batches queued or being analysed */
    size_t max_inflight;     /* bound on inflight */
    bool closing;            /* no more batches: workers end when idle */
    px_status st;            /* first failure */
    size_t bytes;            /* text bytes analysed */
    dbatch *cur;             /* the batch being filled (reading thread) */
    pthread_t tid[64];       /* the workers */
    unsigned nt;             /* how many run; 0: the reading thread
                                analyses (one thread asked for) */
    ft_ctx *f;               /* its context then */
} dstream;

/* Analyses a batch; *bytes receives its text bytes. */
static px_status ds_analyse(px_corpus *c, ft_ctx *f, dbatch *b, size_t *bytes) {
    px_status fail = f ? PX_OK : PX_ENOMEM;
    *bytes = 0;
    for (size_t i = 0; i < b->n && fail == PX_OK; i++) {
        px_doc *d = b->d[i];
        fail = ft_extract(f, d, c->opt.shingle, c->opt.perm, FT_SIG_ONLY);
        *bytes += d->text_len;
    }
    return fail;
}

static void *ds_worker(void *arg) {
    dstream *ds = arg;
    px_corpus *c = ds->c;
    ft_ctx *f = ft_ctx_new(&c->al);
    pthread_mutex_lock(&ds->mu);
    if (!f && ds->st == PX_OK) ds->st = PX_ENOMEM;
    for (;;) {
        while (!ds->head && !ds->closing) pthread_cond_wait(&ds->work, &ds->mu);
        dbatch *b = ds->head;
        if (!b) break;
        ds->head = b->next;
        if (!ds->head) ds->tail = NULL;
        bool ok = ds->st == PX_OK;
        pthread_mutex_unlock(&ds->mu);
        size_t bytes = 0;
        px_status fail = ok ? ds_analyse(c, f, b, &bytes) : PX_OK;
        pthread_mutex_lock(&ds->mu);
        if (fail != PX_OK && ds->st == PX_OK) ds->st = fail;
        ds->bytes += bytes;
        b->next = ds->spare;
        ds->spare = b;
        ds->inflight--;
        pthread_cond_signal(&ds->room);
    }
    pthread_mutex_unlock(&ds->mu);
    ft_ctx_free(f);
    return NULL;
}

static px_status ds_start(px_corpus *c) {
    dstream *ds = px_calloc(&c->al, 1, sizeof *ds);
    if (!ds) return PX_ENOMEM;
    ds->c = c;
    pthread_mutex_init(&ds->mu, NULL);
    pthread_cond_init(&ds->work, NULL);
    pthread_cond_init(&ds->room, NULL);
    long n = c->opt.threads ? (long)c->opt.threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > 64) n = 64;
    for (long i = 0; n > 1 && i < n; i++) {
        if (pthread_create(&ds->tid[ds->nt], NULL, ds_worker, ds) != 0) break;
        ds->nt++;
    }
    ds->max_inflight = DS_INFLIGHT * (ds->nt ? ds->nt : 1);
    c->ds = ds;
    if (ds->nt == 0 && !(ds->f = ft_ctx_new(&c->al))) {
        ds_stop(c);
        return PX_ENOMEM;
    }
    return PX_OK;
}

/* Queues the batch being filled, waiting for room. */
static px_status ds_push(dstream *ds) {
    dbatch *b = ds->cur;
    ds->cur = NULL;
    if (!b || !b->n) {
        px_free(&ds->c->al, b);
        return PX_OK;
    }
    if (ds->nt == 0) { /* one thread: analysed here, then reused */
        size_t bytes;
        px_status st = ds->st == PX_OK ? ds_analyse(ds->c, ds->f, b, &bytes) : ds->st;
        if (st == PX_OK) ds->bytes += bytes;
        else if (ds->st == PX_OK) ds->st = st;
        b->next = ds->spare;
        ds->spare = b;
        return st;
    }
    pthread_mutex_lock(&ds->mu);
    while (ds->inflight >= ds->max_inflight && ds->st == PX_OK)
        pthread_cond_wait(&ds->room, &ds->mu);
    b->next = NULL;
    if (ds->tail) ds->tail->next = b;
    else ds->head = b;
    ds->tail = b;
    ds->inflight++;
    px_status st = ds->st;
    pthread_cond_signal(&ds->work);
    pthread_mutex_unlock(&ds->mu);
    return st;
}

/* Frees the texts of an analysed batch's raw records (written back as
 * read, they need no text). The reading thread does it, not the workers:
 * memory then goes back to the malloc arena it came from, unlocked, and
 * serves the next records' texts without fresh pages. */
static void ds_reclaim(dbatch *b) {
    for (size_t i = 0; i < b->n; i++)
        if (b->d[i]->raw) px_doc_drop_text(b->d[i]);
    b->n = 0;
}

/* Moves a raw record into the slab: fresh memory taken a few huge pages at
 * a time instead of page by page. */
static px_status ds_raw(px_corpus *c, px_doc *d) {
    if (!d->raw || d->packed) return PX_OK;
    char *r = dd_slab_alloc(&c->raws, d->raw_len + 1);
    if (!r) return PX_ENOMEM;
    memcpy(r, d->raw, d->raw_len + 1);
    px_free(&d->al, d->raw);
    d->raw = r;
    return PX_OK;
}

/* Hands the docs added since the last call to the workers, each with its
 * signature's place in the slab. */
static px_status ds_feed(px_corpus *c) {
    if (!c->ds) PX_TRY(ds_start(c));
    dstream *ds = c->ds;
    while (c->slab_docs < c->ndocs) {
        if (!ds->cur) {
            pthread_mutex_lock(&ds->mu);
            ds->cur = ds->spare;
            if (ds->cur) ds->spare = ds->cur->next;
            pthread_mutex_unlock(&ds->mu);
            if (ds->cur) ds_reclaim(ds->cur);
            else if (!(ds->cur = px_malloc(&c->al, sizeof *ds->cur))) return PX_ENOMEM;
            ds->cur->n = 0;
        }
        px_doc *d = c->docs[c->slab_docs];
        uint32_t *sig = dd_slab_alloc(&c->sigs, (size_t)c->opt.perm * sizeof *sig);
        if (!sig) return PX_ENOMEM;
        PX_TRY(ds_raw(c, d));
        px_free(&d->al, d->sig);
        d->sig = sig;
        c->slab_docs++;
        ds->cur->d[ds->cur->n++] = d;
        if (ds->cur->n == DS_BATCH) PX_TRY(ds_push(ds));
    }
    return PX_OK;
}

/* Ends the workers after they finished what was queued; idempotent. */
static void ds_stop(px_corpus *c) {
    dstream *ds = c->ds;
    if (!ds) return;
    pthread_mutex_lock(&ds->mu);
    ds->closing = true;
    pthread_cond_broadcast(&ds->work);
    pthread_mutex_unlock(&ds->mu);
    for (unsigned i = 0; i < ds->nt; i++) pthread_join(ds->tid[i], NULL);
    while (ds->spare) {
        dbatch *b = ds->spare;
        ds->spare = b->next;
        ds_reclaim(b);
        px_free(&c->al, b);
    }
    px_free(&c->al, ds->cur);
    ft_ctx_free(ds->f);
    pthread_mutex_destroy(&ds->mu);
    pthread_cond_destroy(&ds->work);
    pthread_cond_destroy(&ds->room);
    px_free(&c->al, ds);
    c->ds = NULL;
}

/* Analyses what is left and waits for it: all docs then have features. */
static px_status ds_finish(px_corpus *c) {
    if (c->analysed == c->ndocs && !c->ds) return PX_OK;
    px_status st = ds_feed(c);
    dstream *ds = c->ds;
    if (!ds) return st; /* could not start */
    if (st == PX_OK) st = ds_push(ds);
    pthread_mutex_lock(&ds->mu);
    if (st == PX_OK) st = ds->st;
    c->st.text_bytes += ds->bytes;
    pthread_mutex_unlock(&ds->mu);
    ds_stop(c);
    PX_TRY(st);
    c->analysed = c->ndocs;
    c->sig_only = true;
    if (c->prog) c->prog(c->prog_ud, "analyse", c->ndocs, c->ndocs);
    return PX_OK;
}

/* ---- comparison of each story, on worker threads ---- */

typedef struct cwork {
    px_corpus *c;           /* the corpus */
    size_t next;            /* next story to take (under lock) */
    px_status st;           /* first failure (under lock) */
    pthread_mutex_t mu;     /* guards next and st */
} cwork;

/* Stories are taken one at a time: their sizes differ by orders of
 * magnitude, and each writes only its own slot, so the result does not
 * depend on which thread took which. */
static void *cdrain(void *arg) {
    cwork *w = arg;
    px_corpus *c = w->c;
    tx_ctx *ctx = tx_ctx_new(&c->al);
    px_doc **docs = NULL;
    size_t cap = 0;
    px_status fail = ctx ? PX_OK : PX_ENOMEM;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        if (fail != PX_OK && w->st == PX_OK) w->st = fail;
        size_t s = w->st == PX_OK ? w->next++ : c->ncmp;
        pthread_mutex_unlock(&w->mu);
        if (s >= c->ncmp) break;
        const cl_story *cs = &c->stories.story[s];
        fail = px_grow(&c->al, (void **)&docs, &cap, cs->ndocs ? cs->ndocs : 1, sizeof *docs);
        if (fail != PX_OK) continue;
        for (size_t k = 0; k < cs->ndocs; k++) docs[k] = c->docs[cs->docs[k]];
        fail = cmp_story_build(docs, cs->ndocs, ctx, &c->al, &c->cmp[s]);
    }
    px_free(&c->al, docs);
    tx_ctx_free(ctx);
    return NULL;
}

static px_status compare(px_corpus *c) {
    size_t n = c->stories.n;
    if (!n) return PX_OK;
    c->cmp = px_calloc(&c->al, n, sizeof *c->cmp);
    if (!c->cmp) return PX_ENOMEM;
    c->ncmp = n;
    if (c->prog) c->prog(c->prog_ud, "compare", 0, n);
    cwork w = {c, 0, PX_OK, PTHREAD_MUTEX_INITIALIZER};
    long nt = c->opt.threads ? (long)c->opt.threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (nt < 1) nt = 1;
    if ((size_t)nt > n) nt = (long)n;
    if (nt > 64) nt = 64;
    pthread_t tid[64];
    unsigned started = 0;
    for (long i = 1; i < nt; i++) {
        if (pthread_create(&tid[started], NULL, cdrain, &w) != 0) break;
        started++;
    }
    cdrain(&w);
    for (unsigned i = 0; i < started; i++) pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&w.mu);
    if (w.st != PX_OK) {
        free_cmp(c);
        return w.st;
    }
    if (c->prog) c->prog(c->prog_ud, "compare", n, n);
    return PX_OK;
}

const cmp_story *px_corpus_story_cmp(const px_corpus *c, size_t s) {
    return s < c->ncmp ? &c->cmp[s] : NULL;
}

px_status px_corpus_run(px_corpus *c) {
    if (c->spent) return PX_ESTATE;
    PX_TRY(analyse(c, true));
    size_t *order;
    PX_TRY(pub_order(c, &order, NULL));
    px_status st = dedup(c, order);
    if (st == PX_OK) {
        if (c->prog) c->prog(c->prog_ud, "cluster", 0, c->ndocs);
        cl_params p;
        cl_params_default(&p);
        p.threshold = c->opt.story_threshold;
        p.window = c->opt.window_days * 86400.0;
        p.threads = thread_count(c, (size_t)-1);
        p.progress = c->prog;
        p.progress_ud = c->prog_ud;
        if (c->opt.flags & PX_OPT_DROP_TEXT) {
            /* one-shot: what only a rerun would need goes now */
            for (size_t i = 0; i < c->ndocs; i++) {
                px_free(&c->docs[i]->al, c->docs[i]->sig);
                c->docs[i]->sig = NULL;
            }
            p.release = true;
            c->spent = true;
        }
        cl_result_free(&c->al, &c->stories);
        free_cmp(c);
        st = cl_run(c->docs, order, c->ndocs, &p, &c->al, &c->stories);
        c->st.stories = c->stories.n;
        /* after clustering: the clusterer reads articles as published
         * (captions carry the event's names; see docs/clustering.md), the
         * comparison and the reports read the cleaned bodies */
        if (st == PX_OK && !drop_early(c)) st = clean(c);
        if (st == PX_OK && !(c->opt.flags & PX_OPT_NO_COMPARE)) st = compare(c);
        if (st == PX_OK && (c->opt.flags & PX_OPT_DROP_TEXT))
            for (size_t i = 0; i < c->ndocs; i++) px_doc_drop_text(c->docs[i]);
    }
    px_free(&c->al, order);
    return st;
}

void px_corpus_stats(const px_corpus *c, px_stats *out) { *out = c->st; }

size_t px_corpus_doc_count(const px_corpus *c) { return c->ndocs; }

const px_doc *px_corpus_doc(const px_corpus *c, size_t i) {
    return i < c->ndocs ? c->docs[i] : NULL;
}

size_t px_corpus_duplicate_of(const px_corpus *c, size_t i, double *sim) {
    if (i >= c->ndocs) return PX_NONE;
    if (sim) *sim = c->docs[i]->dup_of == PX_NONE ? 0 : c->docs[i]->dup_sim;
    return c->docs[i]->dup_of;
}

size_t px_corpus_story_count(const px_corpus *c) { return c->stories.n; }

const char *px_corpus_story_id(const px_corpus *c, size_t s) {
    return s < c->stories.n ? c->stories.story[s].id : "";
}

const char *px_corpus_story_label(const px_corpus *c, size_t s) {
    if (s >= c->stories.n) return "";
    const px_doc *d = c->docs[c->stories.story[s].label_doc];
    return d->title[0] || !d->lead ? d->title : d->lead;
}

size_t px_corpus_story_size(const px_corpus *c, size_t s) {
    return s < c->stories.n ? c->stories.story[s].ndocs : 0;
}

size_t px_corpus_story_doc(const px_corpus *c, size_t s, size_t k) {
    if (s >= c->stories.n || k >= c->stories.story[s].ndocs) return PX_NONE;
    return c->stories.story[s].docs[k];
}

const px_allocator *px_corpus_allocator(const px_corpus *c) { return &c->al; }

px_status px_corpus_recluster(px_corpus *c, const cl_params *p) {
    if (c->spent) return PX_ESTATE;
    size_t *order;
    PX_TRY(pub_order(c, &order, NULL));
    cl_result_free(&c->al, &c->stories);
    free_cmp(c);
    px_status st = cl_run(c->docs, order, c->ndocs, p, &c->al, &c->stories);
    c->st.stories = c->stories.n;
    px_free(&c->al, order);
    return st;
}

/* ---- what a store needs ---- */

px_status px_corpus_analyse(px_corpus *c) {
    if (c->spent) return PX_ESTATE;
    return analyse(c, true);
}

px_doc **px_corpus_docs(px_corpus *c, size_t *n) {
    *n = c->ndocs;
    return c->docs;
}

const px_options *px_corpus_options(const px_corpus *c) { return &c->opt; }

px_status px_corpus_pub_order(px_corpus *c, size_t **order, int64_t **eff) {
    return pub_order(c, order, eff);
}

px_status px_corpus_set_stories(px_corpus *c, size_t n, const size_t *off,
                                const size_t *members, const char (*ids)[17],
                                const size_t *labels) {
    cl_result_free(&c->al, &c->stories);
    free_cmp(c);
    c->stories.story = px_calloc(&c->al, n + 1, sizeof *c->stories.story);
    if (!c->stories.story) return PX_ENOMEM;
    c->stories.n = n;
    for (size_t s = 0; s < n; s++) {
        cl_story *r = &c->stories.story[s];
        size_t k = off[s + 1] - off[s];
        r->docs = px_malloc(&c->al, (k ? k : 1) * sizeof *r->docs);
        if (!r->docs) return PX_ENOMEM;
        for (size_t j = 0; j < k; j++) {
            size_t di = members[off[s] + j];
            if (di >= c->ndocs) return PX_EINVAL;
            r->docs[j] = di;
            c->docs[di]->story = s;
        }
        r->ndocs = k;
        memcpy(r->id, ids[s], sizeof r->id);
        r->id[16] = '\0';
        r->label_doc = labels[s] < c->ndocs ? labels[s] : (k ? r->docs[0] : 0);
        r->sid = s;
    }
    c->st.stories = n;
    c->st.duplicates = 0;
    for (size_t i = 0; i < c->ndocs; i++) c->st.duplicates += c->docs[i]->dup_of != PX_NONE;
    if (c->opt.flags & PX_OPT_NO_COMPARE) return PX_OK;
    /* as after px_corpus_run: the comparison reads the cleaned bodies */
    PX_TRY(clean(c));
    return compare(c);
}
