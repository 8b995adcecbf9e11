/* SPDX-License-Identifier: MIT */
/* Reading a whole small file (a style) and checking names that become parts of paths: the two
 * places where a path or a name from outside would otherwise be trusted. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/core.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core_private.h"

static const char *
kind_of(mode_t m)
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
                          kind_of(sb.st_mode), fix);
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
