/* SPDX-License-Identifier: MIT */
/* MP4 through Debian's ffmpeg, run as a child process. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/encode.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/core_private.h"

extern char **environ;

static uint64_t
be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    while (n-- > 0)
        v = v << 8 | *p++;
    return v;
}

/* Whether the file at path is a whole MP4: top-level boxes that end exactly at the end of
 * the file, ftyp first, with the movie header (moov) and the media data (mdat). A file cut
 * short by a full disk fails this, whatever ffmpeg's exit status. */
static int
whole_mp4(const char *path)
{
    FILE *fp = fopen(path, "rb");
    uint8_t h[16];
    uint64_t off = 0, size, end;
    int moov = 0, mdat = 0, ok = 0, first = 1;
    if (fp == NULL)
        return 0;
    if (fseeko(fp, 0, SEEK_END) != 0 || (end = (uint64_t)ftello(fp)) == 0)
        goto done;
    while (off < end) {
        int hl = 8;
        if (end - off < 8 || fseeko(fp, (off_t)off, SEEK_SET) != 0 || fread(h, 1, 8, fp) != 8)
            goto done;
        size = be(h, 4);
        if (size == 1) {
            if (end - off < 16 || fread(h + 8, 1, 8, fp) != 8)
                goto done;
            size = be(h + 8, 8);
            hl = 16;
        } else if (size == 0) {
            size = end - off; /* the last box runs to the end of the file */
        }
        if (size < (uint64_t)hl || size > end - off || (first && memcmp(h + 4, "ftyp", 4) != 0))
            goto done;
        moov |= memcmp(h + 4, "moov", 4) == 0;
        mdat |= memcmp(h + 4, "mdat", 4) == 0;
        off += size;
        first = 0;
    }
    ok = moov && mdat;
done:
    fclose(fp);
    return ok;
}

/* Reads the child's stderr to its end, keeping the first cap - 1 bytes. */
static void
drain(int fd, char *said, size_t cap)
{
    char chunk[4096];
    size_t got = 0;
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (got + 1 < cap) {
            size_t take = (size_t)n < cap - 1 - got ? (size_t)n : cap - 1 - got;
            memcpy(said + got, chunk, take);
            got += take;
        }
    }
    said[got] = '\0';
}

/* Runs ffmpeg with argv, its stderr into said. The exit status, or -1 if it did not run. */
static int
run_ffmpeg(char **argv, char *said, size_t cap)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int fds[2], status = 0, rc;
    said[0] = '\0';
    if (pipe(fds) != 0)
        return -1;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    /* ffmpeg's own words go into the error message: it may exit 0 after a failed write. */
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    rc = posix_spawnp(&pid, "ffmpeg", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc == 0)
        drain(fds[0], said, cap);
    close(fds[0]);
    if (rc != 0)
        return -1;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

scm_status
scm_mp4_write(scm_ctx *ctx, const char *path, const char *pattern, size_t n, double seconds_each,
              double last_seconds)
{
    char rate[32], pad[256], said[1024];
    scm__atomic out;
    scm_status s;
    int rc;
    (void)n;
    snprintf(rate, sizeof rate, "1/%.3f", seconds_each);
    /* Frames may be palette or RGB PNGs: convert all to one format first. Hold the last
     * frame, and round odd sizes up: yuv420p needs even dimensions. The YUV is BT.709 in TV
     * range, as the file is tagged: untagged, or converted with another matrix (swscale's
     * default is BT.601), players show other colours than the legend's. */
    snprintf(pad, sizeof pad,
             "format=rgb24,tpad=stop_mode=clone:stop_duration=%.2f,pad=ceil(iw/2)*2:ceil(ih/2)*2,"
             "scale=out_color_matrix=bt709:out_range=tv:flags=accurate_rnd,format=yuv420p",
             last_seconds);
    if ((s = scm__atomic_begin(ctx, &out, path, 0)) != SCM_OK)
        return s;
    {
        /* -f mp4: the temporary name does not end in .mp4. */
        char *argv[] = {
            "ffmpeg",     "-nostdin",   "-y",          "-loglevel",     "error",
            "-framerate", rate,         "-i",          (char *)pattern, "-vf",
            pad,          "-r",         "10",          "-c:v",          "libx264",
            "-pix_fmt",   "yuv420p",    "-colorspace", "bt709",         "-color_primaries",
            "bt709",      "-color_trc", "bt709",       "-color_range",  "tv",
            "-movflags",  "+faststart", "-fflags",     "+bitexact",     "-map_metadata",
            "-1",         "-f",         "mp4",         out.tmp,         NULL};
        rc = run_ffmpeg(argv, said, sizeof said);
    }
    if (rc == 0 && said[0] == '\0' && whole_mp4(out.tmp))
        return scm__atomic_commit(ctx, &out);
    scm__atomic_abort(&out);
    said[strcspn(said, "\n")] = '\0';
    if (rc == -1 || rc == 127)
        return scm__error(ctx, SCM_EIO,
                          "%s: ffmpeg is not installed, so no MP4 (the PNG frames and the GIF are "
                          "written); to get it, as root: apt-get install ffmpeg",
                          path);
    if (strstr(said, "No space left on device") != NULL)
        return scm__error(ctx, SCM_EIO, "%s: cannot write: No space left on device", path);
    if (rc != 0 || said[0] != '\0')
        return scm__error(ctx, SCM_EIO, "%s: ffmpeg failed (exit %d): %s", path, rc, said);
    return scm__error(ctx, SCM_EIO, "%s: ffmpeg wrote an incomplete MP4 (no error said why)", path);
}
