/*
 * minhash.c - word shingles and their MinHash signature.
 *
 * Consumes the 64-bit hashes of a text's normalized tokens (the caller
 * hashes each token with px_hash64) and produces, first, one 64-bit hash
 * per shingle of k consecutive tokens, then a signature of perm 32-bit
 * values whose fraction of equal positions between two texts estimates the
 * Jaccard similarity of their shingle sets. Signature values are stored and
 * compared across runs and machines: tests/test_sig.c pins them.
 *
 * Shingles. A shingle hash is a polynomial in the token hashes modulo 2^64,
 * P = t0*B^(k-1) + t1*B^(k-2) + ... + t(k-1) with an odd base B, rolled
 * along the text in O(1) per shingle (drop the leading term, multiply by B,
 * add the new token), then passed through a bijective 64-bit finalizer. The
 * polynomial is order-sensitive, and since B is odd every power of B is
 * invertible modulo 2^64: two different windows of random token hashes
 * collide with probability 2^-64, and the finalizer spreads the weak low
 * bits of P over the whole word.
 *
 * Signature. One-permutation hashing (P. Li, A. Owen, C.-H. Zhang, "One
 * Permutation Hashing", NIPS 2012): each shingle is hashed once; the high
 * 32 bits choose one of perm bins by multiply-shift range reduction (which
 * needs no power of two) and the low 32 bits are its value; each bin keeps
 * its least value. This costs one mix per shingle instead of the perm
 * hashes of classic MinHash. Bins that no shingle reached are then filled
 * by optimal densification (A. Shrivastava, "Optimal Densification for
 * Fast and Accurate Minwise Hashing", ICML 2017): each empty bin i has its
 * own fixed probe order over the bins, the same for every text, and copies
 * the value of the first bin in that order that a shingle filled. For two
 * texts empty at i, look at the first bin in i's order that either filled:
 * when both filled it, both copy it and collide as it does; otherwise they
 * copy different shingles. The paper shows this keeps the collision
 * probability at position i equal to the Jaccard similarity J, so the
 * estimate stays unbiased for short texts with many empty bins (the tests
 * check the mean).
 * Values are kept below 0xffffffff, which marks an empty bin; the empty
 * set gives a signature of all 0xffffffff.
 *
 * The probe order of bin i is a keyed bijection pi_i of [0, 2^bits), the
 * least power of two >= perm (probes at or past perm are skipped): the
 * paper's independent random probes, drawn without replacement. Being a
 * bijection, it can be searched two ways with the same answer: walk
 * t = 0, 1, ... until pi_i(t) is a filled bin, about 2^bits / m probes for
 * m filled bins, or take the filled bin j of least pi_i^-1(j), m
 * inversions. Taking the cheaper bounds the work per empty bin by
 * sqrt(2 perm) probes, where walking alone costs perm / 2 per bin for a
 * two-shingle text (a millisecond per text at perm 1024).
 */
#include "sig.h"

/* Base of the shingle polynomial (odd, so that its powers are invertible). */
#define SHINGLE_BASE 0x9e3779b97f4a7c15ULL
/* Seeds separating the shingle, bin and probe hash spaces. */
#define SHINGLE_SEED 0x7368696e676c6573ULL
#define SIG_SEED 0x6f6e657065726d31ULL
#define PROBE_SEED 0x64656e7369667931ULL
/* The value that marks an empty bin, never a real bin value. */
#define EMPTY UINT32_MAX

/* A bijective 64-bit finalizer: xor-shift / odd-multiply rounds with the
 * constants of Stafford's "variant 13" (the splitmix64 output function). */
static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Multiply-shift range reduction of 32 random bits to [0, n). */
static inline unsigned reduce(uint32_t x, unsigned n) {
    return (unsigned)(((uint64_t)x * n) >> 32);
}

size_t mh_shingles(const uint64_t *tok_hash, size_t ntok, unsigned k,
                   uint64_t *out) {
    if (ntok == 0) return 0;
    if (k == 0) k = 1;
    /* The seed carries the window length so that a short text's single
     * shingle never equals a full-length shingle by construction. */
    if (ntok < k) {
        uint64_t p = 0;
        for (size_t i = 0; i < ntok; i++) p = p * SHINGLE_BASE + tok_hash[i];
        out[0] = mix64(p ^ (SHINGLE_SEED + ntok));
        return 1;
    }
    uint64_t top = 1; /* B^(k-1): weight of the token leaving the window */
    for (unsigned i = 1; i < k; i++) top *= SHINGLE_BASE;
    uint64_t seed = SHINGLE_SEED + k;
    uint64_t p = 0;
    for (unsigned i = 0; i < k; i++) p = p * SHINGLE_BASE + tok_hash[i];
    size_t n = ntok - k + 1;
    out[0] = mix64(p ^ seed);
    for (size_t i = 1; i < n; i++) {
        p = (p - tok_hash[i - 1] * top) * SHINGLE_BASE + tok_hash[i + k - 1];
        out[i] = mix64(p ^ seed);
    }
    return n;
}

/* The probe order of one empty bin: a keyed bijection pi of [0, 2^bits),
 * 2^bits the least power of two >= perm; probe t is bin pi(t), skipped
 * when >= perm. Two rounds of odd multiply and xor-shift, each invertible
 * modulo 2^bits, the xor-shift by at least half the width so that one
 * step undoes it. */
typedef struct porder {
    uint32_t k1, k2; /* keys of the two rounds, from the bin's number */
    uint32_t mask;   /* 2^bits - 1 */
    unsigned shift;  /* ceil(bits / 2) */
} porder;

/* Odd multipliers of the rounds and their inverses modulo 2^32. */
#define PM1 0x2c1b3c6du
#define PM1_INV 0x64ea2d65u
#define PM2 0x297a2d39u
#define PM2_INV 0x0cf0b109u

static inline uint32_t pfwd(const porder *o, uint32_t x) {
    x = ((x ^ o->k1) * PM1) & o->mask;
    x ^= x >> o->shift;
    x = ((x + o->k2) * PM2) & o->mask;
    return x ^ (x >> o->shift);
}

static inline uint32_t pinv(const porder *o, uint32_t y) {
    y ^= y >> o->shift;
    y = (y * PM2_INV - o->k2) & o->mask;
    y ^= y >> o->shift;
    return ((y * PM1_INV) & o->mask) ^ o->k1;
}

/* Keys the probe order of empty bin i. */
static inline void porder_key(porder *o, unsigned perm, unsigned i) {
    uint64_t key = mix64(PROBE_SEED ^ ((uint64_t)perm << 32 | i));
    o->k1 = (uint32_t)key & o->mask;
    o->k2 = (uint32_t)(key >> 32);
}

static inline unsigned bit(const uint64_t *map, uint32_t j) {
    return (unsigned)(map[j / 64] >> (j % 64)) & 1;
}

static inline unsigned popcount64(uint64_t x) {
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

static inline unsigned ctz64(uint64_t x) {
    return (unsigned)__builtin_ctzll(x);
}

/* Sources at most this many are listed for the argmin search. */
#define FEW_SOURCES 64

/* Densification above MH_MAX_PERM, where the bitmap of sources would not
 * fit on the stack: bins are filled in order and a bin already filled
 * serves as a source too. Still a pure function of the inputs, but the
 * copies are more correlated; the library caps perm below this. */
static void cascade(uint32_t *sig, unsigned perm) {
    unsigned nbits = 1, m = 0;
    while (nbits < 32 && (1ULL << nbits) < perm) nbits++;
    for (unsigned i = 0; i < perm; i++) m += sig[i] != EMPTY;
    if (m == 0 || m == perm) return;
    porder o = {0, 0, (uint32_t)((1ULL << nbits) - 1), (nbits + 1) / 2};
    for (unsigned i = 0; i < perm; i++) {
        if (sig[i] != EMPTY) continue;
        porder_key(&o, perm, i);
        uint32_t t = 0, j;
        do j = pfwd(&o, t++);
        while (j >= perm || sig[j] == EMPTY);
        sig[i] = sig[j];
    }
}

/* Probes of each bin's order kept in a plan: with a fifth to a third of
 * the bins filled (100-word texts at perm 256), 16 probes find a source
 * for all but a few bins in a thousand; those go on computing pi. */
#define PLAN_PROBES 16

struct mh_plan {
    px_allocator al;   /* its memory */
    unsigned perm;     /* signature length planned for */
    uint32_t *key;     /* key[2 i], key[2 i + 1]: porder keys of bin i */
    uint16_t *probe;   /* probe[i * PLAN_PROBES + t] = pi_i(t) */
};

mh_plan *mh_plan_new(unsigned perm, const px_allocator *al) {
    if (perm == 0 || perm > MH_MAX_PERM) return NULL;
    px_allocator a;
    px_alloc_init(&a, al);
    mh_plan *p = px_calloc(&a, 1, sizeof *p);
    if (!p) return NULL;
    p->al = a;
    p->perm = perm;
    p->key = px_malloc(&a, 2 * (size_t)perm * sizeof *p->key);
    p->probe = px_malloc(&a, (size_t)perm * PLAN_PROBES * sizeof *p->probe);
    if (!p->key || !p->probe) {
        mh_plan_free(p);
        return NULL;
    }
    unsigned nbits = 1;
    while ((1u << nbits) < perm) nbits++;
    porder o = {0, 0, (1u << nbits) - 1, (nbits + 1) / 2};
    for (unsigned i = 0; i < perm; i++) {
        porder_key(&o, perm, i);
        p->key[2 * i] = o.k1;
        p->key[2 * i + 1] = o.k2;
        for (uint32_t t = 0; t < PLAN_PROBES; t++)
            p->probe[i * PLAN_PROBES + t] = (uint16_t)pfwd(&o, t & o.mask);
    }
    return p;
}

void mh_plan_free(mh_plan *p) {
    if (!p) return;
    px_allocator a = p->al;
    px_free(&a, p->key);
    px_free(&a, p->probe);
    px_free(&a, p);
}

unsigned mh_plan_perm(const mh_plan *p) { return p ? p->perm : 0; }

static void signature(const mh_plan *plan, const uint64_t *shingles, size_t n,
                      unsigned perm, uint32_t *sig);

void mh_signature(const uint64_t *shingles, size_t n, unsigned perm,
                  uint32_t *sig) {
    signature(NULL, shingles, n, perm, sig);
}

void mh_signature_plan(const mh_plan *plan, const uint64_t *shingles, size_t n,
                       uint32_t *sig) {
    signature(plan, shingles, n, plan->perm, sig);
}

/* The same bins as walking pi_i from t = 0: the plan's probes first, in
 * order, then pi itself from where they stop. */
static unsigned walk(const mh_plan *plan, porder *o, unsigned perm, unsigned i,
                     const uint64_t *full) {
    uint32_t t0 = 0;
    if (plan) {
        const uint16_t *pr = plan->probe + (size_t)i * PLAN_PROBES;
        for (unsigned t = 0; t < PLAN_PROBES; t += 4) {
            unsigned hit = bit(full, pr[t]) | bit(full, pr[t + 1]) << 1 |
                           bit(full, pr[t + 2]) << 2 | bit(full, pr[t + 3]) << 3;
            if (hit) return pr[t + ctz64(hit)];
        }
        o->k1 = plan->key[2 * i];
        o->k2 = plan->key[2 * i + 1];
        t0 = PLAN_PROBES & o->mask;
        if (PLAN_PROBES > o->mask) t0 = 0; /* the plan covered all of pi */
    } else {
        porder_key(o, perm, i);
    }
    /* four probes per round, tested without branches; the lowest hit is
     * the earliest. Ends: pi reaches every bin. */
    for (uint32_t t = t0;; t += 4) {
        uint32_t p[4] = {pfwd(o, t & o->mask), pfwd(o, (t + 1) & o->mask),
                         pfwd(o, (t + 2) & o->mask), pfwd(o, (t + 3) & o->mask)};
        unsigned hit = bit(full, p[0]) | bit(full, p[1]) << 1 |
                       bit(full, p[2]) << 2 | bit(full, p[3]) << 3;
        if (hit) return p[ctz64(hit)];
    }
}

static void signature(const mh_plan *plan, const uint64_t *shingles, size_t n,
                      unsigned perm, uint32_t *sig) {
    if (perm == 0) return;
    for (unsigned i = 0; i < perm; i++) sig[i] = EMPTY;
    for (size_t i = 0; i < n; i++) {
        uint64_t h = mix64(shingles[i] + SIG_SEED);
        unsigned bin = reduce((uint32_t)(h >> 32), perm);
        uint32_t v = (uint32_t)h;
        v -= v == EMPTY; /* one value in 2^32 loses one bit */
        uint32_t old = sig[bin];
        sig[bin] = v < old ? v : old; /* no branch to mispredict */
    }

    /* Which bins shingles filled: the only sources densification may copy
     * from. Above MH_MAX_PERM the bitmap would not fit on the stack; see
     * cascade(). The bitmap covers the whole probe domain (up to twice
     * perm), bins past perm reading as empty. */
    if (perm > MH_MAX_PERM) {
        cascade(sig, perm);
        return;
    }
    unsigned nbits = 1;
    while ((1u << nbits) < perm) nbits++;
    uint64_t full[MH_MAX_PERM / 64];
    unsigned words = (perm + 63) / 64, m = 0;
    memset(full, 0, (((1u << nbits) + 63) / 64) * sizeof full[0]);
    for (unsigned w = 0; w < words; w++) { /* no branch: emptiness is random */
        uint64_t x = 0;
        unsigned end = PX_MIN(64, perm - w * 64);
        for (unsigned b = 0; b < end; b++)
            x |= (uint64_t)(sig[w * 64 + b] != EMPTY) << b;
        full[w] = x;
        m += popcount64(x);
    }
    if (m == 0 || m == perm) return;

    /* The source of an empty bin is the first source in its probe order.
     * Walking the order costs 2^nbits / m probes on average; inverting pi
     * at every source costs m. Both give the same bin, so take the cheaper,
     * which keeps the cost per empty bin below sqrt(2 perm) probes. */
    unsigned src[FEW_SOURCES];
    bool few = m <= FEW_SOURCES && m * m < (1u << nbits);
    if (few) {
        unsigned k = 0;
        for (unsigned w = 0; w < words; w++)
            for (uint64_t x = full[w]; x; x &= x - 1) src[k++] = w * 64 + ctz64(x);
    }
    porder o = {0, 0, (1u << nbits) - 1, (nbits + 1) / 2};
    for (unsigned w = 0; w < words; w++) {
        uint64_t empty = ~full[w];
        if (w == words - 1 && perm % 64) empty &= (1ULL << (perm % 64)) - 1;
        for (; empty; empty &= empty - 1) {
            unsigned i = w * 64 + ctz64(empty);
            unsigned j = 0;
            if (few) {
                if (plan) {
                    o.k1 = plan->key[2 * i];
                    o.k2 = plan->key[2 * i + 1];
                } else {
                    porder_key(&o, perm, i);
                }
                uint32_t best = UINT32_MAX; /* the t are distinct */
                for (unsigned k = 0; k < m; k++) {
                    uint32_t t = pinv(&o, src[k]);
                    j = t < best ? src[k] : j;
                    best = t < best ? t : best;
                }
            } else {
                j = walk(plan, &o, perm, i, full);
            }
            sig[i] = sig[j];
        }
    }
}

double mh_similarity(const uint32_t *a, const uint32_t *b, unsigned perm) {
    if (perm == 0) return 0.0;
    unsigned eq = 0;
    for (unsigned i = 0; i < perm; i++) eq += a[i] == b[i];
    return (double)eq / perm;
}
