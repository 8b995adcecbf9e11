/* SPDX-License-Identifier: MIT */
/* Shared inside libscmap: error recording, logging and checked allocation. */
#ifndef SCMAP_CORE_PRIVATE_H
#define SCMAP_CORE_PRIVATE_H

#include <stdarg.h>
#include <stdio.h>

#include <sys/types.h>

#include "scmap/core.h"

struct scm_ctx {
    scm_status status;
    char errmsg[8192]; /* room for a table's 20 problems, one a line */
    scm_log_fn log;
    void *log_user;
    const volatile sig_atomic_t *cancel; /* stop when non-zero; NULL: never */
    int timings;                         /* scm__timing reports */
};

#if defined(__GNUC__)
#define SCM__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SCM__PRINTF(a, b)
#endif

/* Records the first error on ctx and returns s, so that reporting and returning is one line. */
scm_status scm__error(scm_ctx *ctx, scm_status s, const char *fmt, ...) SCM__PRINTF(3, 4);
void scm__log(scm_ctx *ctx, scm_log_level level, const char *fmt, ...) SCM__PRINTF(3, 4);
/* Reports, when timings are on, that step (a few words: "read shapes") ends now. */
void scm__timing(scm_ctx *ctx, const char *step);
/* SCM_ECANCEL, recorded on ctx, once its cancel flag is set; SCM_OK before. Cheap enough to
 * call for every tile. */
scm_status scm__cancelled(scm_ctx *ctx);

/* NULL on overflow of n * size or when out of memory. */
void *scm__mallocn(size_t n, size_t size);
void *scm__callocn(size_t n, size_t size);
void *scm__reallocn(void *p, size_t n, size_t size);
char *scm__strdup(const char *s);

/* A growable byte buffer whose failure is sticky, as SQLite's string accumulator: once an
 * append fails (out of memory, size overflow) the buffer is marked failed, keeps what it
 * held, and every later append does nothing. So a writer appends freely and checks
 * scm__buf_failed once, at the end. The appends still return 0, or -1 when failed (now or
 * earlier), for a caller that must stop at once (a libpng write callback). {0} is empty. */
typedef struct scm_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
    int failed;
} scm_buf;

int scm__buf_reserve(scm_buf *b, size_t extra);
int scm__buf_append(scm_buf *b, const void *p, size_t n);
int scm__buf_printf(scm_buf *b, const char *fmt, ...) SCM__PRINTF(2, 3);
/* 1 if any append or reserve on b failed since it was empty, else 0. */
int scm__buf_failed(const scm_buf *b);
/* Frees the data and empties b, clearing failed. */
void scm__buf_free(scm_buf *b);
/* Appends s as a JSON string literal, quotes included. */
int scm__json_string(scm_buf *b, const char *s);

/* Writes one JSON document into b, placing the commas: open, key and a value, ..., close.
 * Zero-initialise it with b set. A failure (no memory, nesting deeper than 16) sets failed
 * and is checked once, when the document is done. */
typedef struct scm__json {
    scm_buf *b;
    int depth;
    int after_key;         /* the next value follows a key (or a newline): no comma */
    unsigned char any[16]; /* each open level holds a value already */
    int failed;
} scm__json;

void scm__json_open(scm__json *w, char bracket); /* '{' or '[' */
void scm__json_close(scm__json *w, char bracket);
void scm__json_key(scm__json *w, const char *key);
void scm__json_str(scm__json *w, const char *s);
/* A key and its string value, the commonest member. */
void scm__json_member(scm__json *w, const char *key, const char *s);
/* A number as fmt prints it ("%zu", "%.6f", ...), or any literal ("null", "true"). */
void scm__json_num(scm__json *w, const char *fmt, ...) SCM__PRINTF(2, 3);
/* A value that is JSON text already. */
void scm__json_raw(scm__json *w, const char *json);
/* A line break before the next value (after its comma), for files people may read. */
void scm__json_newline(scm__json *w);

/* FNV-1a 64 of n bytes at p, continuing from h (SCM__FNV_SEED to start): fast, stable across
 * machines, for content keys and job identities, never for security. */
#define SCM__FNV_SEED 1469598103934665603ull
uint64_t scm__fnv1a(uint64_t h, const void *p, size_t n);

/* Open addressing from colour to palette index, for building an scm_indexed. */
#define SCM__PALETTE_SLOTS 1024
typedef struct scm__palette {
    int16_t slot[SCM__PALETTE_SLOTS]; /* index into scm_indexed.color, or -1 */
} scm__palette;

/* Empties h and im's palette. */
void scm__palette_init(scm__palette *h, scm_indexed *im);
/* Index of c (straight 0xRRGGBBAA) in im's palette, added if new; -1 once there would be
 * more than 256 colours. */
int scm__palette_index(scm__palette *h, scm_indexed *im, uint32_t c);

/* Grows *p (of *cap elements of size) so that it holds need elements. 0 on success. */
int scm__grow(void *p, size_t *cap, size_t need, size_t size);

/* The one name of scmap's temporary files: ".<base>.scmap-<pid>-<n>.tmp" in the folder of
 * path, where n counts up in the process, so that no two writers (threads or processes) share
 * a name and the start-of-run sweep can tell scmap's files from anyone else's. Returns 0, or
 * ENAMETOOLONG when buf (of n bytes) is too small. */
int scm__tmp_path(char *buf, size_t n, const char *path);
/* 1 if name (no folder) is exactly what scm__tmp_path makes, with *pid the process that made
 * it; 0 otherwise. */
int scm__is_tmp_name(const char *name, long *pid);

/* Writes data to path through a temporary file and a rename, so that the path holds
 * either the whole file or what it held before. Returns 0 or an errno value. */
int scm__write_atomic(const char *path, const void *data, size_t len);
/* scm__write_atomic, with the failure recorded on ctx. */
scm_status scm__write_file(scm_ctx *ctx, const char *path, const void *data, size_t len);

/* An output file written by a stream (ours, Cairo's, giflib's) or by another program
 * (ffmpeg): written under tmp, a temporary name beside path, and renamed onto path by
 * scm__atomic_commit, so that path holds the whole file or what it held before. A path that
 * exists and is not a regular file (/dev/stdout, a FIFO) is written in place. */
typedef struct scm__atomic {
    char path[4096];
    char tmp[4200];
    FILE *fp;   /* open on tmp when begun with open_stream */
    int err;    /* errno of the first failed write; 0 if none */
    int active; /* tmp may exist: abort removes it */
} scm__atomic;

/* Fills a and, with open_stream, opens a->fp on a->tmp. SCM_EIO naming path. */
scm_status scm__atomic_begin(scm_ctx *ctx, scm__atomic *a, const char *path, int open_stream);
/* Appends to a->fp; a failure is kept in a->err for scm__atomic_commit. 0 or -1. */
int scm__atomic_write(scm__atomic *a, const void *p, size_t n);
/* Closes a->fp and renames tmp onto path; on any failure (a->err set, by us or by the
 * caller, a failed close or rename) removes tmp and returns SCM_EIO naming path and errno. */
scm_status scm__atomic_commit(scm_ctx *ctx, scm__atomic *a);
/* Closes a->fp and removes tmp, unless committed already; safe to call twice. */
void scm__atomic_abort(scm__atomic *a);

/* snprintf for text that reaches the page or Pango: output too long for buf ends at the last
 * whole UTF-8 character that fits, never inside one. Returns the length written. */
size_t scm__snprintf_utf8(char *buf, size_t cap, const char *fmt, ...) SCM__PRINTF(3, 4);
/* Whether s is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
int scm__utf8_valid(const char *s);

/* What a file that is not a regular file is, for messages: "a named pipe", "a folder"... */
const char *scm__file_kind(mode_t m);
/* Opens path for reading only if it is a regular file of at most max_bytes (0: any size), so
 * that a named pipe, a device or a folder is refused by name, with fix in brackets after,
 * instead of blocking or reading for ever; a reader that opens by path (OGR) can call it
 * first. *out_fd is the caller's to close. SCM_EIO. */
scm_status scm__open_regular(scm_ctx *ctx, const char *path, const char *what, const char *fix,
                             size_t max_bytes, int *out_fd);
/* Reads a whole file into *out (NUL-terminated, *out_len bytes without the NUL; free() it).
 * "-" reads standard input. Refuses folders, named pipes and devices (a pipe without a
 * writer would block for ever) and anything over max_bytes. what names the file in messages
 * ("style file"). SCM_EIO. */
scm_status scm__read_file(scm_ctx *ctx, const char *path, const char *what, size_t max_bytes,
                          char **out, size_t *out_len);
/* Names from data become folder and file names: NULL when s is 1 to SCM__NAME_MAX letters,
 * digits, '-', '_' and '.' (not first), else what is wrong ("starts with \".\""). */
#define SCM__NAME_MAX 64
const char *scm__name_problem(const char *s);
/* A plain decimal number, the whole of s (spaces around it aside): an optional sign, digits
 * with an optional fraction and exponent. No hex, inf or nan; 0, or -1 (also on overflow). */
int scm__parse_number(const char *s, double *out);
#endif
