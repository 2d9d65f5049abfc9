/*
 * test_spec.c - runs the examples of tests/spec/{normalize,tokenize,
 * sentences}.txt through the C API of src/text, one cmocka test per
 * example, named "FILE:LINE: TITLE".
 *
 * The format of the files is described at the top of each: a title line
 * "## Title {lang=xx}", the input, "---", the expected output, "===".
 * \u{HEX} in input or output stands for a code point, \x{HH} for a raw
 * byte (to write NULs and invalid UTF-8). A failing example prints its
 * expected and actual output. The files must parse and hold at least 15
 * examples each; a malformed file fails the run.
 */
#include "testutil.h"

#include "text/text.h"

enum { K_NORMALIZE, K_TOKENIZE, K_SENTENCES };

/* One example. */
typedef struct example {
    int kind;        /* K_* */
    char *name;      /* FILE:LINE: TITLE */
    char lang[8];    /* language for tx_analyze, default "en" */
    char *in;        /* unescaped input */
    size_t in_len;   /* its bytes */
    char *want;      /* unescaped expected output, lines joined by \n */
    size_t want_len; /* its bytes */
} example;

/* Appends the UTF-8 of cp. */
static size_t put_utf8(char *d, unsigned long cp) {
    if (cp < 0x80) { d[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | (cp >> 6));
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | (cp >> 12));
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (cp >> 18));
    d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Copies s[0..n) resolving \u{HEX} and \x{HH}; *len gets the bytes. */
static char *unescape(const char *s, size_t n, size_t *len) {
    char *out = malloc(n + 1), *d = out;
    for (size_t i = 0; i < n;) {
        if (s[i] == '\\' && i + 3 < n && (s[i + 1] == 'u' || s[i + 1] == 'x') &&
            s[i + 2] == '{') {
            char *end;
            unsigned long v = strtoul(s + i + 3, &end, 16);
            if (end < s + n && *end == '}' && end > s + i + 3) {
                if (s[i + 1] == 'x') *d++ = (char)v;
                else d += put_utf8(d, v);
                i = (size_t)(end - s) + 1;
                continue;
            }
        }
        *d++ = s[i++];
    }
    *d = '\0';
    *len = (size_t)(d - out);
    return out;
}

/* All examples of all files. */
typedef struct suite {
    example *ex;   /* examples */
    size_t n;      /* in use */
    size_t cap;    /* allocated */
} suite;

/* Reads one spec file; returns the number of examples, -1 on a format
 * error (reported on stderr). */
static int parse_file(suite *su, const char *path, int kind) {
    size_t len;
    char *text = tu_read_file(path, &len);
    if (!text) {
        fprintf(stderr, "test_spec: cannot read %s\n", path);
        return -1;
    }
    int count = 0, state = 0; /* 0: comments, 1: input, 2: output */
    size_t lineno = 0, title_line = 0;
    const char *title = NULL, *in0 = NULL, *out0 = NULL, *in1 = NULL;
    size_t title_len = 0;
    char *p = text, *end = text + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        size_t ll = (size_t)(le - p);
        lineno++;
        bool is_title = ll > 3 && !memcmp(p, "## ", 3);
        if (state == 0) {
            if (is_title) {
                title = p + 3;
                title_len = ll - 3;
                title_line = lineno;
                in0 = nl ? nl + 1 : end;
                state = 1;
            } else if (ll && p[0] != '#') {
                fprintf(stderr, "%s:%zu: text outside an example\n", path, lineno);
                free(text);
                return -1;
            }
        } else if (state == 1) {
            if (ll == 3 && !memcmp(p, "---", 3)) {
                in1 = p;
                out0 = nl ? nl + 1 : end;
                state = 2;
            } else if (is_title) {
                fprintf(stderr, "%s:%zu: example without ---\n", path, lineno);
                free(text);
                return -1;
            }
        } else if (ll == 3 && !memcmp(p, "===", 3)) {
            if (su->n == su->cap) {
                su->cap = su->cap ? su->cap * 2 : 64;
                su->ex = realloc(su->ex, su->cap * sizeof *su->ex);
            }
            example *e = &su->ex[su->n++];
            memset(e, 0, sizeof *e);
            e->kind = kind;
            strcpy(e->lang, "en");
            /* {lang=xx} at the end of the title */
            const char *br = memchr(title, '{', title_len);
            size_t tl = title_len;
            if (br && title_len - (size_t)(br - title) <= 12 && !memcmp(br, "{lang=", 6)) {
                size_t k = 0;
                for (const char *q = br + 6; q < title + title_len && *q != '}' && k < 7; q++)
                    e->lang[k++] = *q;
                e->lang[k] = '\0';
                tl = (size_t)(br - title);
                while (tl && title[tl - 1] == ' ') tl--;
            }
            const char *base = strrchr(path, '/');
            size_t nm = strlen(base ? base + 1 : path) + tl + 32;
            e->name = malloc(nm);
            snprintf(e->name, nm, "%s:%zu: %.*s", base ? base + 1 : path, title_line,
                     (int)tl, title);
            /* the input ends before the newline that precedes ---; the
             * output likewise before === */
            size_t inl = (size_t)(in1 - in0);
            if (inl) inl--;
            size_t outl = (size_t)(p - out0);
            if (outl) outl--;
            e->in = unescape(in0, inl, &e->in_len);
            e->want = unescape(out0, outl, &e->want_len);
            count++;
            state = 0;
        }
        p = nl ? nl + 1 : end;
    }
    free(text);
    if (state != 0) {
        fprintf(stderr, "%s: the last example is not closed by ===\n", path);
        return -1;
    }
    return count;
}

/* Prints the bytes of what was wrong, escaping what the terminal hides. */
static void show(const char *label, const char *s, size_t n) {
    fprintf(stderr, "# %s:\n# | ", label);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') fputs("\n# | ", stderr);
        else if (c < 0x20 && c != '\t') fprintf(stderr, "\\x{%02X}", c);
        else fputc(c, stderr);
    }
    fputc('\n', stderr);
}

static void run_example(void **state) {
    const example *e = *state;
    tx_ctx *x = tx_ctx_new(NULL);
    assert_non_null(x);
    px_allocator al;
    px_alloc_init(&al, NULL);
    px_buf got;
    px_buf_init(&got, &al);
    tx_result r;
    switch (e->kind) {
    case K_NORMALIZE:
        assert_int_equal(tx_normalize(x, e->in, e->in_len, &got), PX_OK);
        break;
    case K_TOKENIZE:
        assert_int_equal(tx_analyze(x, e->in, e->in_len, e->lang, &r), PX_OK);
        for (size_t i = 0; i < r.ntok; i++) {
            static const char letters[] = "WNCASPQ";
            const tx_token *t = &r.tok[i];
            if (i) px_buf_addc(&got, '\n');
            px_buf_add(&got, t->norm, t->norm_len);
            px_buf_addc(&got, '\t');
            for (int b = 0; b < 7; b++)
                if (t->flags & (1u << b)) px_buf_addc(&got, letters[b]);
        }
        break;
    default:
        assert_int_equal(tx_sentences(x, e->in, e->in_len, e->lang, &r), PX_OK);
        for (size_t i = 0; i < r.nsent; i++) {
            if (i) px_buf_addc(&got, '\n');
            px_buf_add(&got, e->in + r.sent[i].off, r.sent[i].len);
        }
        break;
    }
    bool same = got.len == e->want_len && (!got.len || !memcmp(got.p, e->want, got.len));
    if (!same) {
        fprintf(stderr, "# %s\n", e->name);
        show("expected", e->want, e->want_len);
        show("actual", got.p ? got.p : "", got.len);
    }
    px_buf_free(&got);
    tx_ctx_free(x);
    assert_true(same);
}

int main(void) {
    static const struct {
        const char *path;
        int kind;
    } files[] = {
        {"tests/spec/normalize.txt", K_NORMALIZE},
        {"tests/spec/tokenize.txt", K_TOKENIZE},
        {"tests/spec/sentences.txt", K_SENTENCES},
    };
    suite su = {0};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        int k = parse_file(&su, files[f].path, files[f].kind);
        if (k < 15) {
            fprintf(stderr, "test_spec: %s: %d examples, want at least 15\n",
                    files[f].path, k);
            printf("not ok 1 - %s\n", files[f].path);
            return 1;
        }
    }
    struct CMUnitTest *tests = calloc(su.n, sizeof *tests);
    for (size_t i = 0; i < su.n; i++) {
        tests[i].name = su.ex[i].name;
        tests[i].test_func = run_example;
        tests[i].initial_state = &su.ex[i];
    }
    int rc = _cmocka_run_group_tests("spec", tests, su.n, NULL, NULL);
    for (size_t i = 0; i < su.n; i++) {
        free(su.ex[i].name);
        free(su.ex[i].in);
        free(su.ex[i].want);
    }
    free(su.ex);
    free(tests);
    return rc;
}
