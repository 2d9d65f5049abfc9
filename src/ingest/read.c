/*
 * read.c - files, directories and standard input to records.
 *
 * Consumes a path (a file, a directory, or "-") or bytes in memory;
 * produces the records in them through an ig_handler: good ones to its
 * sink, bad ones to its diag callback as path, line and reason, with the
 * counts kept in the handler.
 *
 * Every input goes through a px_reader, so JSON Lines, gzip and the
 * reporting rules have one code path. Files are read with large read(2)
 * calls into one buffer that the reader borrows, so a JSON Lines record is
 * parsed where it was read and copied only into its own doc. A directory is
 * listed whole first (recursively, skipping names that start with '.',
 * not following symbolic links to directories, keeping files whose name
 * has a known extension) and its files are read in strcmp order of their
 * full paths, so that results never depend on the order readdir returns.
 */
#include "ingest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes per read(2): large enough that system calls cost nothing next to
 * parsing, small enough to stay in cache. */
#define READ_CHUNK ((size_t)1 << 20)

static void err_text(int e, char *buf, size_t n) {
    if (strerror_r(e, buf, n) != 0) snprintf(buf, n, "error %d", e);
}

/* Reports a problem with a whole file as one skipped record. */
static px_status skip_file(ig_handler *h, const char *path, const char *what, int e,
                           const px_allocator *al) {
    char et[128];
    err_text(e, et, sizeof et);
    px_buf msg;
    px_buf_init(&msg, al);
    px_status st = px_buf_printf(&msg, "%s (%s)", what, et);
    h->read++;
    h->skipped++;
    if (st == PX_OK && h->diag) h->diag(h->ud, path, 0, msg.p);
    px_buf_free(&msg);
    return st;
}

/* Takes every record the reader has ready. */
static px_status drain(px_reader *r, ig_handler *h) {
    for (;;) {
        px_doc *d = NULL;
        px_status st = px_reader_next(r, &d);
        if (st == PX_ESTATE) return PX_OK;
        if (st == PX_ENOMEM) return st;
        h->read++;
        if (st == PX_OK) {
            PX_TRY(h->sink(h->ud, d));
            continue;
        }
        h->skipped++;
        if (h->diag) h->diag(h->ud, ig_reader_path(r), ig_reader_err_line(r), ig_reader_reason(r));
    }
}

/* Reads everything from fd as the input called path. */
static px_status read_fd(int fd, const char *path, const px_allocator *al, ig_handler *h,
                         char *buf) {
    px_reader *r = px_reader_new(PX_FORMAT_AUTO, path, al);
    if (!r) return PX_ENOMEM;
    ig_reader_set_handler(r, h);
    px_status st = PX_OK;
    for (;;) {
        ssize_t k = read(fd, buf, READ_CHUNK);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            /* what was read stands; the failure is reported like a bad record */
            st = skip_file(h, path, "read error", errno, al);
            break;
        }
        if (k == 0) break;
        st = ig_reader_feed_borrowed(r, buf, (size_t)k);
        if (st == PX_OK) st = drain(r, h);
        if (st != PX_OK) break;
    }
    if (st == PX_OK) st = px_reader_finish(r);
    if (st == PX_OK) st = drain(r, h);
    px_reader_free(r);
    return st;
}

/* A growable list of owned strings. */
typedef struct strs {
    char **v;  /* the strings */
    size_t n;  /* how many */
    size_t cap;/* room */
} strs;

static void strs_free(strs *l, const px_allocator *al) {
    for (size_t i = 0; i < l->n; i++) px_free(al, l->v[i]);
    px_free(al, l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Adds dir + "/" + name to l (taking no ownership of either). */
static px_status strs_add_path(strs *l, const px_allocator *al, const char *dir,
                               const char *name) {
    PX_TRY(px_grow(al, (void **)&l->v, &l->cap, l->n + 1, sizeof *l->v));
    size_t dn = strlen(dir), nn = name ? strlen(name) : 0;
    bool slash = name && dn && dir[dn - 1] != '/';
    char *p = px_malloc(al, dn + slash + nn + 1);
    if (!p) return PX_ENOMEM;
    memcpy(p, dir, dn);
    if (slash) p[dn] = '/';
    if (nn) memcpy(p + dn + slash, name, nn);
    p[dn + slash + nn] = '\0';
    l->v[l->n++] = p;
    return PX_OK;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the readable files under root into files, sorted. */
static px_status list_tree(const char *root, const px_allocator *al, ig_handler *h,
                           strs *files) {
    strs todo = {0};
    px_status st = strs_add_path(&todo, al, root, NULL);
    while (st == PX_OK && todo.n) {
        char *dir = todo.v[--todo.n];
        DIR *dh = opendir(dir);
        if (!dh) {
            st = skip_file(h, dir, "cannot read directory", errno, al);
            px_free(al, dir);
            continue;
        }
        struct dirent *e;
        while (st == PX_OK && (e = readdir(dh)) != NULL) {
            if (e->d_name[0] == '.') continue; /* hidden, ".", ".." */
            bool is_dir = e->d_type == DT_DIR, is_file = e->d_type == DT_REG;
            if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
                strs one = {0};
                st = strs_add_path(&one, al, dir, e->d_name);
                struct stat sb;
                if (st == PX_OK && lstat(one.v[0], &sb) == 0) {
                    is_dir = S_ISDIR(sb.st_mode); /* a link to a directory is not followed */
                    is_file = S_ISREG(sb.st_mode) ||
                              (S_ISLNK(sb.st_mode) && stat(one.v[0], &sb) == 0 &&
                               S_ISREG(sb.st_mode));
                }
                strs_free(&one, al);
            }
            if (st != PX_OK) break;
            if (is_dir) st = strs_add_path(&todo, al, dir, e->d_name);
            else if (is_file && ig_format_from_name(e->d_name) != PX_FORMAT_AUTO)
                st = strs_add_path(files, al, dir, e->d_name);
        }
        closedir(dh);
        px_free(al, dir);
    }
    strs_free(&todo, al);
    if (st == PX_OK && files->n) qsort(files->v, files->n, sizeof *files->v, cmp_str);
    return st;
}

static px_status read_file(const char *path, const px_allocator *al, ig_handler *h, char *buf,
                           bool top, px_buf *err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (!top) return skip_file(h, path, "cannot open", e, al);
        char et[128];
        err_text(e, et, sizeof et);
        if (err) PX_TRY(px_buf_printf(err, "%s: %s", path, et));
        return PX_EIO;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    px_status st = read_fd(fd, path, al, h, buf);
    close(fd);
    return st;
}

px_status ig_read_path(const char *path, const px_allocator *al, ig_handler *h,
                       px_buf *err) {
    if (!path || !h || !h->sink) return PX_EINVAL;
    px_allocator a;
    px_alloc_init(&a, al);
    char *buf = px_malloc(&a, READ_CHUNK);
    if (!buf) return PX_ENOMEM;
    px_status st;
    struct stat sb;
    if (strcmp(path, "-") == 0) {
        st = read_fd(STDIN_FILENO, "-", &a, h, buf);
    } else if (stat(path, &sb) != 0) {
        char et[128];
        err_text(errno, et, sizeof et);
        st = err ? px_buf_printf(err, "%s: %s", path, et) : PX_OK;
        if (st == PX_OK) st = PX_EIO;
    } else if (S_ISDIR(sb.st_mode)) {
        strs files = {0};
        DIR *probe = opendir(path); /* an unreadable top directory is an error */
        if (!probe) {
            char et[128];
            err_text(errno, et, sizeof et);
            st = err ? px_buf_printf(err, "%s: %s", path, et) : PX_OK;
            if (st == PX_OK) st = PX_EIO;
        } else {
            closedir(probe);
            st = list_tree(path, &a, h, &files);
            for (size_t i = 0; st == PX_OK && i < files.n; i++)
                st = read_file(files.v[i], &a, h, buf, false, err);
        }
        strs_free(&files, &a);
    } else {
        st = read_file(path, &a, h, buf, true, err);
    }
    px_free(&a, buf);
    return st;
}

px_status ig_read_bytes(const char *name, const char *bytes, size_t len, px_format fmt,
                        const px_allocator *al, ig_handler *h) {
    if (!h || !h->sink || (!bytes && len)) return PX_EINVAL;
    px_reader *r = px_reader_new(fmt, name, al);
    if (!r) return (unsigned)fmt > PX_FORMAT_WARC ? PX_EINVAL : PX_ENOMEM;
    ig_reader_set_handler(r, h);
    px_status st = ig_reader_feed_borrowed(r, bytes ? bytes : "", len);
    if (st == PX_OK) st = drain(r, h);
    if (st == PX_OK) st = px_reader_finish(r);
    if (st == PX_OK) st = drain(r, h);
    px_reader_free(r);
    return st;
}
