/*
 * tune.c - the parameter study behind the clustering defaults.
 *
 *   build/bench/tune DATA.jsonl GOLD [name=value,name=value ...]...
 *
 * Reads and analyses DATA once, then clusters it with the defaults and with
 * each given set of overrides (names as in cl_params: threshold, window
 * (days), cold, horizon (days), w_body, w_title, w_names, probe, refine)
 * and prints pairwise and B-cubed F1 and the number of stories for each.
 * The gold labels are read only to score, never by the clusterer.
 */
#include "cluster/cluster.h"
#include "corpus.h"

#include <stdio.h>
#include <stdlib.h>

static int set(cl_params *p, const char *kv) {
    char name[32];
    double v;
    if (sscanf(kv, "%31[a-z_]=%lf", name, &v) != 2) return -1;
    if (!strcmp(name, "threshold")) p->threshold = v;
    else if (!strcmp(name, "window")) p->window = v * 86400;
    else if (!strcmp(name, "cold")) p->cold = v;
    else if (!strcmp(name, "horizon")) p->horizon = v * 86400;
    else if (!strcmp(name, "w_body")) p->w_body = v;
    else if (!strcmp(name, "w_title")) p->w_title = v;
    else if (!strcmp(name, "w_names")) p->w_names = v;
    else if (!strcmp(name, "linkage")) p->linkage = v;
    else if (!strcmp(name, "attach")) p->attach = v;
    else if (!strcmp(name, "keep")) p->keep = (unsigned)v;
    else if (!strcmp(name, "probe")) p->probe = (unsigned)v;
    else if (!strcmp(name, "refine")) p->refine = (unsigned)v;
    else return -1;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: tune DATA GOLD [k=v,k=v ...]...\n");
        return 2;
    }
    px_corpus *c = px_corpus_new(NULL, NULL);
    if (!c || px_corpus_add_path(c, argv[1]) != PX_OK || px_corpus_run(c) != PX_OK) {
        fprintf(stderr, "tune: cannot read %s\n", argv[1]);
        return 1;
    }
    for (int i = 2; i <= argc; i++) {
        cl_params p;
        cl_params_default(&p);
        const char *spec = i < argc && i > 2 ? argv[i] : "defaults";
        if (i == 2) spec = "defaults";
        else if (i == argc) break;
        char buf[512];
        snprintf(buf, sizeof buf, "%s", spec);
        for (char *t = strtok(buf, ","); t && strcmp(spec, "defaults"); t = strtok(NULL, ","))
            if (set(&p, t)) {
                fprintf(stderr, "tune: bad parameter %s\n", t);
                return 2;
            }
        if (px_corpus_recluster(c, &p) != PX_OK) return 1;
        px_eval_result r;
        char err[256];
        if (px_eval_corpus(c, argv[2], &r, err, sizeof err) != PX_OK) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        printf("B3 F1 %.4f (P %.4f R %.4f)  pair F1 %.4f  stories %zu/%zu  %s\n", r.bcubed_f1,
               r.bcubed_p, r.bcubed_r, r.pair_f1, r.pred_stories, r.gold_stories, spec);
    }
    px_corpus_free(c);
    return 0;
}
