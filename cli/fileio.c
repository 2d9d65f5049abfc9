/*
 * fileio.c - output files for the CLI, written atomically: bytes go to a
 * temporary file in the target's directory, which is renamed over the
 * target only once everything was written and synced. A failed or
 * interrupted run never leaves a half-written output behind.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool fio_open(fio_out *o, const char *path) {
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return true;
    }
    size_t n = strlen(path);
    o->path = malloc(n + 1);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        free(o->path);
        free(o->tmp);
        errno = ENOMEM;
        return false;
    }
    memcpy(o->path, path, n + 1);
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->path);
        free(o->tmp);
        errno = e;
        return false;
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        free(o->path);
        free(o->tmp);
        errno = e;
        return false;
    }
    return true;
}

int fio_write(void *ud, const char *data, size_t len) {
    fio_out *o = ud;
    if (len && fwrite(data, 1, len, o->f) != len) {
        o->failed = true;
        return -1;
    }
    return 0;
}

static void release(fio_out *o) {
    free(o->path);
    free(o->tmp);
    o->path = o->tmp = NULL;
    o->f = NULL;
}

bool fio_commit(fio_out *o) {
    if (!o->path) {
        bool ok = fflush(o->f) == 0 && !o->failed;
        o->f = NULL;
        return ok;
    }
    bool ok = !o->failed && fflush(o->f) == 0 && fsync(fileno(o->f)) == 0;
    int e = errno;
    if (fclose(o->f) != 0) ok = false;
    if (ok && rename(o->tmp, o->path) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok) unlink(o->tmp);
    release(o);
    errno = e;
    return ok;
}

void fio_abort(fio_out *o) {
    if (o->path) {
        fclose(o->f);
        unlink(o->tmp);
    }
    release(o);
}
