/* SPDX-License-Identifier: MIT */
/* One file per backend; only sink.c calls through ops. */
#ifndef SCMAP_SINK_PRIVATE_H
#define SCMAP_SINK_PRIVATE_H

#include <pthread.h>
#include <stdio.h>

#include "scmap/sink.h"

#include "../core/core_private.h"

/* The strings of scm_sink_meta, in the order scm_sink_open copies them. */
#define SCM__META_STRINGS 8

typedef struct scm_sink_ops {
    const char *name; /* "dir", "mbtiles", "pmtiles": used in messages */
    scm_status (*put)(scm_ctx *ctx, scm_sink *sink, scm_tile t, const uint8_t *png, size_t len);
    /* NULL: put the bytes again. */
    scm_status (*put_same)(scm_ctx *ctx, scm_sink *sink, scm_tile t, const scm_sink *from,
                           const uint8_t *png, size_t len);
    /* NULL: nothing to write but the TileJSON (a directory). */
    scm_status (*finish)(scm_ctx *ctx, scm_sink *sink);
} scm_sink_ops;

/* A stored tile: where it is and which content it has. */
typedef struct scm__entry {
    uint64_t id; /* PMTiles tile id: sorts by zoom, then along the Hilbert curve */
    scm_tile t;
    uint32_t content;
} scm__entry;

typedef struct scm__content {
    uint64_t hash;
    uint64_t offset; /* in the spill file */
    uint32_t len;
} scm__content;

struct scm_sink {
    const scm_sink_ops *ops;
    pthread_mutex_t lock;
    char *path;
    char *tmp_path; /* the container while it is written, renamed to path when whole */
    int finished;
    /* copied metadata */
    scm_sink_meta meta;
    char *strings[SCM__META_STRINGS];
    /* the store, for file containers: every tile's entry, contents spilled to a temporary
     * file beside path (the same file system: a full disk shows at once). The spill is
     * opened for each access, not held open, so that a run of many periods needs no more
     * descriptors than a run of one; spill_fd is open only while the sink finishes. */
    char *spill_path; /* NULL for a directory */
    int spill_fd;
    uint64_t spill_len;
    scm__entry *entries;
    size_t n_entries, cap_entries;
    scm__content *contents;
    size_t n_contents, cap_contents;
    int64_t *slots; /* content hash table */
    size_t n_slots;
    size_t n_put;
    uint8_t *raw_meta; /* PMTiles metadata to write as it is (a merge), or NULL */
    size_t raw_meta_len;
    /* scm_sink_put_empty: the first empty tile stored, which the others link to (a
     * directory) or share the content of (a file container) */
    int has_empty;
    scm_tile empty_tile;
    uint32_t empty_content;
};

/* The largest tile a reader accepts: a 512 px PNG is far smaller. */
#define SCM__TILE_MAX_BYTES (16u << 20)

/* Opens path for reading if it is a regular file, in *fd, with its size. SCM_EIO if it cannot
 * be opened, SCM_EDATA if it is not a regular file (a FIFO is refused, not waited on). */
scm_status scm__file_regular(scm_ctx *ctx, const char *path, int *fd, uint64_t *size);
/* The whole of the regular file path, at most max bytes, in *out (the caller frees it).
 * SCM_EIO if it cannot be read, SCM_EDATA if it is not a regular file or is too big. */
scm_status scm__file_read(scm_ctx *ctx, const char *path, size_t max, uint8_t **out, size_t *len);

/* Readers for merging: every tile of the file goes to out (when not NULL) through
 * scm_sink_put; meta (when not NULL) receives the file's own description. */
scm_status scm__pmtiles_read(scm_ctx *ctx, const char *path, scm_sink *out, scm_sink_meta *meta,
                             uint8_t **raw_meta, size_t *raw_len);
scm_status scm__mbtiles_read(scm_ctx *ctx, const char *path, scm_sink *out, scm_sink_meta *meta,
                             char *strings[5]);

/* Writes the TileJSON beside s that s->meta asks for (none without tiles_url). */
scm_status scm__tilejson_write(scm_ctx *ctx, const scm_sink *s);

/* Adds a tile to the store, deduplicating its bytes. Called with the lock held. */
scm_status scm__store_add(scm_ctx *ctx, scm_sink *s, scm_tile t, const uint8_t *png, size_t len);
/* Sorts the entries by tile id and renumbers contents in order of first use, so the
 * container's bytes do not depend on the order tiles arrived in. */
scm_status scm__store_sort(scm_ctx *ctx, scm_sink *s);
/* Reads content c into buf (at least contents[c].len bytes). */
scm_status scm__store_read(scm_ctx *ctx, scm_sink *s, uint32_t c, uint8_t *buf);

/* Stores tile t of directory sink s as a hard link to its tile src; *linked = 0 when it
 * wrote the bytes instead (no links here, or too many to one file). */
scm_status scm__dir_put_link(scm_ctx *ctx, scm_sink *s, scm_tile t, scm_tile src,
                             const uint8_t *png, size_t len, int *linked);

extern const scm_sink_ops scm__sink_dir_ops;
extern const scm_sink_ops scm__sink_mbtiles_ops;
extern const scm_sink_ops scm__sink_pmtiles_ops;

#endif
