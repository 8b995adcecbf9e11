/* SPDX-License-Identifier: MIT */
/* Overflow-checked allocation, a byte buffer, and atomic file writes. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/core.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core_private.h"

void *
scm__mallocn(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return malloc(n * size == 0 ? 1 : n * size);
}

void *
scm__callocn(size_t n, size_t size)
{
    return calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
}

void *
scm__reallocn(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return realloc(p, n * size == 0 ? 1 : n * size);
}

char *
scm__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

int
scm__grow(void *p, size_t *cap, size_t need, size_t size)
{
    void **pp = p;
    size_t ncap;
    void *np;
    if (need <= *cap)
        return 0;
    ncap = *cap < 16 ? 16 : *cap;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    np = scm__reallocn(*pp, ncap, size);
    if (np == NULL)
        return -1;
    *pp = np;
    *cap = ncap;
    return 0;
}

int
scm__buf_reserve(scm_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (extra > SIZE_MAX - b->len || scm__grow(&b->data, &b->cap, b->len + extra, 1) != 0)
        b->failed = 1;
    return b->failed ? -1 : 0;
}

int
scm__buf_append(scm_buf *b, const void *p, size_t n)
{
    if (n == 0 || scm__buf_reserve(b, n) != 0)
        return b->failed ? -1 : 0;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

int
scm__buf_printf(scm_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->failed)
        return -1;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        b->failed = 1;
    if (n < 0 || scm__buf_reserve(b, (size_t)n + 1) != 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int
scm__buf_failed(const scm_buf *b)
{
    return b->failed;
}

void
scm__buf_free(scm_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

/* mkdir -p, deepest first: in a tree being filled most parents exist already. On failure p
 * is cut back to the directory that could not be made, and errno says why. */
static int
mkdir_p(char *p)
{
    char *slash;
    if (mkdir(p, 0777) == 0 || errno == EEXIST)
        return 0;
    if (errno != ENOENT || (slash = strrchr(p, '/')) == NULL || slash == p)
        return -1;
    *slash = '\0';
    if (mkdir_p(p) != 0)
        return -1;
    *slash = '/';
    return mkdir(p, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

scm_status
scm_mkdirs(scm_ctx *ctx, const char *path)
{
    char *p = scm__strdup(path);
    scm_status s = SCM_OK;
    if (p == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    if (mkdir_p(p) != 0)
        s = scm__error(ctx, SCM_EIO, "%s: cannot create directory: %s", p, strerror(errno));
    free(p);
    return s;
}

int
scm__tmp_path(char *buf, size_t n, const char *path)
{
    /* The one mutable global of the library: names must differ between the threads of a
     * process, whichever context they use. */
    static atomic_ulong counter;
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    int k = snprintf(buf, n, "%.*s.%s.scmap-%ld-%lu.tmp", dir_len, path, path + dir_len,
                     (long)getpid(), (unsigned long)atomic_fetch_add(&counter, 1));
    return k < 0 || (size_t)k >= n ? ENAMETOOLONG : 0;
}

/* The length of the run of digits that ends just before end, at most end - start. */
static size_t
digits_before(const char *start, const char *end)
{
    const char *p = end;
    while (p > start && isdigit((unsigned char)p[-1]))
        p--;
    return (size_t)(end - p);
}

int
scm__is_tmp_name(const char *name, long *pid)
{
    static const char tag[] = ".scmap-";
    size_t len = strlen(name), nc, np;
    const char *end;
    if (len < 4 || name[0] != '.' || strcmp(name + len - 4, ".tmp") != 0)
        return 0;
    end = name + len - 4; /* "<pid>-<n>" ends here */
    if ((nc = digits_before(name, end)) == 0 || end - nc == name || end[-(long)nc - 1] != '-')
        return 0;
    end -= nc + 1;
    if ((np = digits_before(name, end)) == 0 || np > 18)
        return 0;
    end -= np; /* the tag ends here, after "." and a base of one character at least */
    if ((size_t)(end - name) < sizeof tag + 1 ||
        memcmp(end - (sizeof tag - 1), tag, sizeof tag - 1))
        return 0;
    *pid = strtol(end, NULL, 10);
    return 1;
}

int
scm__write_atomic(const char *path, const void *data, size_t len)
{
    char tmp[4096];
    const uint8_t *p = data;
    int fd, e = scm__tmp_path(tmp, sizeof tmp, path);
    if (e != 0)
        return e;
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return errno;
    while (len > 0 && e == 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno != EINTR)
            e = errno;
        else if (n > 0) {
            p += n;
            len -= (size_t)n;
        }
    }
    if (close(fd) != 0 && e == 0)
        e = errno;
    if (e == 0 && rename(tmp, path) == 0)
        return 0;
    e = e ? e : errno;
    unlink(tmp);
    return e ? e : EIO;
}

scm_status
scm__write_file(scm_ctx *ctx, const char *path, const void *data, size_t len)
{
    int e = scm__write_atomic(path, data, len);
    if (e != 0)
        return scm__error(ctx, SCM_EIO, "%s: cannot write: %s", path, strerror(e));
    return SCM_OK;
}

int
scm__json_string(scm_buf *b, const char *s)
{
    scm__buf_append(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            scm__buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            scm__buf_printf(b, "\\u%04x", c);
        else
            scm__buf_append(b, s, 1);
    }
    return scm__buf_append(b, "\"", 1);
}

/* A path that exists and is not a regular file (/dev/stdout, /dev/null, a FIFO) is written in
 * place: renaming a temporary file onto it would replace the device or pipe. */
static int
in_place(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && !S_ISREG(sb.st_mode);
}

scm_status
scm__atomic_begin(scm_ctx *ctx, scm__atomic *a, const char *path, int open_stream)
{
    int n;
    memset(a, 0, sizeof *a);
    if ((size_t)snprintf(a->path, sizeof a->path, "%s", path) >= sizeof a->path)
        return scm__error(ctx, SCM_EIO, "%s: cannot write: %s", path, strerror(ENAMETOOLONG));
    /* The temporary name is the one scm__write_atomic gives tile files. */
    n = in_place(path) ? (snprintf(a->tmp, sizeof a->tmp, "%s", path), 0)
                       : scm__tmp_path(a->tmp, sizeof a->tmp, path);
    if (n != 0)
        return scm__error(ctx, SCM_EIO, "%s: cannot write: %s", path, strerror(ENAMETOOLONG));
    a->active = 1;
    if (open_stream && (a->fp = fopen(a->tmp, "wb")) == NULL) {
        scm_status s = scm__error(ctx, SCM_EIO, "%s: cannot write: %s", path, strerror(errno));
        scm__atomic_abort(a);
        return s;
    }
    return SCM_OK;
}

int
scm__atomic_write(scm__atomic *a, const void *p, size_t n)
{
    if (a->fp == NULL)
        return -1;
    if (a->err == 0 && n > 0 && fwrite(p, 1, n, a->fp) != n)
        a->err = errno ? errno : EIO;
    return a->err == 0 ? 0 : -1;
}

scm_status
scm__atomic_commit(scm_ctx *ctx, scm__atomic *a)
{
    if (a->fp != NULL) {
        errno = 0;
        if (fclose(a->fp) != 0 && a->err == 0)
            a->err = errno ? errno : EIO;
        a->fp = NULL;
    }
    if (a->err == 0 && strcmp(a->tmp, a->path) != 0 && rename(a->tmp, a->path) != 0)
        a->err = errno;
    if (a->err != 0) {
        scm_status s = scm__error(ctx, SCM_EIO, "%s: cannot write: %s", a->path, strerror(a->err));
        scm__atomic_abort(a);
        return s;
    }
    a->active = 0;
    return SCM_OK;
}

void
scm__atomic_abort(scm__atomic *a)
{
    if (!a->active)
        return;
    if (a->fp != NULL)
        fclose(a->fp);
    a->fp = NULL;
    if (strcmp(a->tmp, a->path) != 0)
        unlink(a->tmp);
    a->active = 0;
}

scm_status
scm_write_file_atomic(scm_ctx *ctx, const char *path, const void *data, size_t len)
{
    scm__atomic a;
    scm_status s;
    if (!in_place(path))
        return scm__write_file(ctx, path, data, len);
    if ((s = scm__atomic_begin(ctx, &a, path, 1)) != SCM_OK)
        return s;
    scm__atomic_write(&a, data, len);
    return scm__atomic_commit(ctx, &a);
}

size_t
scm__snprintf_utf8(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    size_t len, i, need;
    unsigned char lead;
    int n;
    if (cap == 0)
        return 0;
    va_start(ap, fmt);
    n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    if (n < 0) {
        buf[0] = '\0';
        return 0;
    }
    if ((size_t)n < cap)
        return (size_t)n;
    /* Cut short: back up over continuation bytes (10xxxxxx) to the last character's lead
     * byte, and drop that character if fewer bytes than its lead announces made it in. */
    len = cap - 1;
    for (i = len; i > 0 && len - i < 3 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80; i--)
        ;
    if (i > 0) {
        lead = (unsigned char)buf[i - 1];
        need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (len - (i - 1) < need)
            len = i - 1;
    }
    buf[len] = '\0';
    return len;
}
