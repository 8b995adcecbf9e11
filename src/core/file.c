/* SPDX-License-Identifier: MIT */
/* The file system: reading a whole small file (a style), checking names that become parts of
 * paths (the two places where a path or a name from outside would otherwise be trusted),
 * making folders, and writing files whole through temporary names and a rename. */
#define _GNU_SOURCE /* O_TMPFILE; POSIX 2008 besides */
#include "scmap/core.h"

#include <ctype.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core_private.h"

const char *
scm__file_kind(mode_t m)
{
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISFIFO(m))
        return "a named pipe";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

/* Reads fd to its end into a NUL-terminated buffer. -1 with errno set on a read error; -2
 * once there is more than max_bytes, so that a device or a pipe cannot exhaust memory. */
static int
read_all(int fd, size_t max_bytes, char **out, size_t *out_len)
{
    size_t len = 0, cap = 0;
    char *buf = NULL, *nb;
    for (;;) {
        ssize_t got;
        if (len == cap) {
            cap = cap == 0 ? 8192 : cap * 2;
            if ((nb = realloc(buf, cap + 1)) == NULL) {
                free(buf);
                errno = ENOMEM;
                return -1;
            }
            buf = nb;
        }
        got = read(fd, buf + len, cap - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            errno = e;
            return -1;
        }
        if (got == 0)
            break;
        len += (size_t)got;
        if (len > max_bytes) {
            free(buf);
            return -2;
        }
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;
}

scm_status
scm__open_regular(scm_ctx *ctx, const char *path, const char *what, const char *fix,
                  size_t max_bytes, int *out_fd)
{
    struct stat sb;
    int fd;
    *out_fd = -1;
    /* O_NONBLOCK: opening a named pipe with no writer must not wait for ever. */
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return scm__error(ctx, SCM_EIO, "%s: cannot open the %s: %s", path, what, strerror(errno));
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        close(fd);
        return scm__error(ctx, SCM_EIO, "%s: cannot read the %s: %s", path, what, strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return scm__error(ctx, SCM_EIO, "%s: cannot read the %s: it is %s (%s)", path, what,
                          scm__file_kind(sb.st_mode), fix);
    }
    if (max_bytes > 0 && (uintmax_t)sb.st_size > max_bytes) {
        close(fd);
        return scm__error(ctx, SCM_EIO, "%s: the %s is over %zu KB (is it the right file?)", path,
                          what, max_bytes / 1024);
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    *out_fd = fd;
    return SCM_OK;
}

scm_status
scm__read_file(scm_ctx *ctx, const char *path, const char *what, size_t max_bytes, char **out,
               size_t *out_len)
{
    int stdin_ = strcmp(path, "-") == 0, fd = STDIN_FILENO, rc;
    scm_status st;
    *out = NULL;
    *out_len = 0;
    if (!stdin_ &&
        (st = scm__open_regular(ctx, path, what, "give a file, or - to read standard input",
                                max_bytes, &fd)) != SCM_OK)
        return st;
    rc = read_all(fd, max_bytes, out, out_len);
    if (rc == -1)
        scm__error(ctx, SCM_EIO, "%s: cannot read the %s: %s", stdin_ ? "standard input" : path,
                   what, strerror(errno));
    else if (rc == -2)
        scm__error(ctx, SCM_EIO, "%s: the %s is over %zu KB (is it the right file?)",
                   stdin_ ? "standard input" : path, what, max_bytes / 1024);
    if (!stdin_)
        close(fd);
    return rc == 0 ? SCM_OK : SCM_EIO;
}

const char *
scm__name_problem(const char *s)
{
    size_t i, n = strlen(s);
    if (n == 0)
        return "is empty";
    if (n > SCM__NAME_MAX)
        return "is too long";
    if (s[0] == '.')
        return "starts with \".\"";
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return c == '/' || c == '\\' ? "holds a slash"
                                         : "holds a character that is not allowed";
    }
    return NULL;
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

/* Writes all of data to fd: 0 or an errno value. */
static int
write_all(int fd, const uint8_t *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno != EINTR)
            return errno;
        if (n > 0) {
            p += n;
            len -= (size_t)n;
        }
    }
    return 0;
}

/* The file of an O_TMPFILE descriptor, linked in at path (which must not exist) through
 * /proc: linkat's AT_EMPTY_PATH would need a capability. 0 or an errno value. */
static int
link_fd(int fd, const char *path)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    return linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 ? 0 : errno;
}

/* An anonymous file in the folder of path (O_TMPFILE), written whole, then linked in: four
 * system calls a tile, where a temporary name, a rename and the pid for the name take six,
 * and nothing of it is ever seen under any name until it is whole, even after a crash.
 * Returns 0, an errno value, or -1 where the file system or kernel has no O_TMPFILE (or no
 * /proc), so that the caller writes through a temporary name instead. */
static int
write_anonymous(const char *path, const void *data, size_t len)
{
#ifdef O_TMPFILE
    char dir[4096], tmp[4096];
    const char *slash = strrchr(path, '/');
    int fd, e;
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if ((size_t)snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path),
                              path) >= sizeof dir)
        return ENAMETOOLONG;
    fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) /* EISDIR from kernels before 3.11, which open the folder instead */
        return errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL ? -1 : errno;
    e = write_all(fd, data, len);
    if (e == 0 && (e = link_fd(fd, path)) == EEXIST) {
        /* A file is there already (a run resumed, or repeated): replace it whole, through a
         * temporary name linked to the same file. */
        if ((e = scm__tmp_path(tmp, sizeof tmp, path)) == 0 && (e = link_fd(fd, tmp)) == 0 &&
            rename(tmp, path) != 0) {
            e = errno;
            unlink(tmp);
        }
    } else if (e == ENOENT) {
        e = -1; /* the folder is there (it was opened): no /proc */
    }
    if (close(fd) != 0 && e == 0)
        e = errno;
    return e;
#else
    (void)path, (void)data, (void)len;
    return -1;
#endif
}

int
scm__write_atomic(const char *path, const void *data, size_t len)
{
    char tmp[4096];
    int fd, e = write_anonymous(path, data, len);
    if (e != -1)
        return e;
    if ((e = scm__tmp_path(tmp, sizeof tmp, path)) != 0)
        return e;
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return errno;
    e = write_all(fd, data, len);
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
    int e;
    /* Every command that writes stops here once asked to, whatever loop it is in. */
    if (scm__cancelled(ctx) != SCM_OK)
        return SCM_ECANCEL;
    if ((e = scm__write_atomic(path, data, len)) != 0)
        return scm__error(ctx, SCM_EIO, "%s: cannot write: %s", path, strerror(e));
    return SCM_OK;
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
    if (a->err == 0 && scm__cancelled(ctx) != SCM_OK) {
        scm__atomic_abort(a);
        return SCM_ECANCEL;
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
