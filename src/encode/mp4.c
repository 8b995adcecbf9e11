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
#include <signal.h>
#include <sys/socket.h>
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

struct scm_mp4 {
    char *path;
    scm__atomic out;
    pid_t pid; /* ffmpeg, 0 once waited for */
    int in;    /* our end of ffmpeg's input, -1 once closed */
    FILE *err; /* ffmpeg's stderr: a file, so that ffmpeg never waits on us to read it */
    size_t frame_bytes;
    int broken; /* ffmpeg stopped reading */
};

/* Sends all of p to ffmpeg; 0, or -1 when ffmpeg stopped reading. A socket, not a pipe:
 * MSG_NOSIGNAL keeps a dead ffmpeg from killing scmap with SIGPIPE, without touching the
 * process's signal handlers. */
static int
send_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

void
scm_mp4_free(scm_mp4 *m)
{
    if (m == NULL)
        return;
    if (m->in >= 0)
        close(m->in);
    if (m->pid > 0) {
        /* ffmpeg must be gone before its temporary file is removed. */
        kill(m->pid, SIGKILL);
        while (waitpid(m->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    if (m->err != NULL)
        fclose(m->err);
    scm__atomic_abort(&m->out);
    free(m->path);
    free(m);
}

/* ffmpeg in scmap's environment, plus one setting of glibc's allocator unless the user has
 * their own: ffmpeg allocates each 8 MB frame anew, glibc maps and unmaps them, and the
 * kernel zeroing those pages again cost as much as a third of x264's time. Kept in the heap,
 * they are reused. */
static int
spawn_ffmpeg(pid_t *pid, const posix_spawn_file_actions_t *fa, char **argv)
{
    static char tunables[] =
        "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456";
    size_t n = 0, i;
    char **env;
    int rc;
    if (getenv("GLIBC_TUNABLES") != NULL)
        return posix_spawnp(pid, "ffmpeg", fa, NULL, argv, environ);
    while (environ[n] != NULL)
        n++;
    if ((env = calloc(n + 2, sizeof *env)) == NULL)
        return ENOMEM;
    for (i = 0; i < n; i++)
        env[i] = environ[i];
    env[n] = tunables;
    rc = posix_spawnp(pid, "ffmpeg", fa, NULL, argv, env);
    free(env);
    return rc;
}

scm_status
scm_mp4_new(scm_ctx *ctx, const char *path, uint32_t w, uint32_t h, double seconds_each,
            double last_seconds, scm_mp4 **out)
{
    char rate[32], size[32], vf[256];
    posix_spawn_file_actions_t fa;
    scm_mp4 *m = calloc(1, sizeof *m);
    int sv[2] = {-1, -1}, rc;
    scm_status s;
    *out = NULL;
    if (m == NULL || (m->path = scm__strdup(path)) == NULL) {
        free(m);
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    }
    m->in = -1;
    m->frame_bytes = (size_t)w * h * 4;
    if ((s = scm__atomic_begin(ctx, &m->out, path, 0)) != SCM_OK) {
        scm_mp4_free(m);
        return s;
    }
    if ((m->err = tmpfile()) == NULL ||
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        s = scm__error(ctx, SCM_EIO, "%s: cannot start ffmpeg: %s", path, strerror(errno));
        scm_mp4_free(m);
        return s;
    }
    snprintf(rate, sizeof rate, "1/%.3f", seconds_each);
    snprintf(size, sizeof size, "%ux%u", w, h);
    /* Hold the last frame, and round odd sizes up: yuv420p needs even dimensions. The YUV
     * is BT.709 in TV range, as the file is tagged: untagged, or converted with another
     * matrix (swscale's default is BT.601), players show other colours than the legend's. */
    snprintf(vf, sizeof vf,
             "tpad=stop_mode=clone:stop_duration=%.2f,pad=ceil(iw/2)*2:ceil(ih/2)*2,"
             "scale=out_color_matrix=bt709:out_range=tv:flags=accurate_rnd,format=yuv420p",
             last_seconds);
    {
        /* -f mp4: the temporary name does not end in .mp4. */
        char *argv[] = {"ffmpeg", "-nostdin", "-y", "-loglevel", "error",
                        /* the frames, straight RGBA as scm_image holds them */
                        "-f", "rawvideo", "-pix_fmt", "rgba", "-video_size", size, "-framerate",
                        rate, "-i", "pipe:0", "-vf", vf, "-r", "10", "-c:v", "libx264",
                        /* x264 holds 40 frames ahead by default: 530 MB at 1080p, more than
                         * all of scmap. 10 (one second here) is 330 MB, and no larger file. */
                        "-rc-lookahead", "10",
                        /* Flat fills: veryfast at CRF 20 is sharper (SSIM 0.998 against 0.9978)
                         * than the default medium at 23, at half the CPU, 15% more bytes. */
                        "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-colorspace",
                        "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range",
                        "tv", "-movflags", "+faststart", "-fflags", "+bitexact", "-map_metadata",
                        "-1", "-f", "mp4", m->out.tmp, NULL};
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        /* ffmpeg's own words go into the error message: it may exit 0 after a failed write. */
        posix_spawn_file_actions_adddup2(&fa, fileno(m->err), 2);
        rc = spawn_ffmpeg(&m->pid, &fa, argv);
        posix_spawn_file_actions_destroy(&fa);
    }
    close(sv[1]);
    m->in = sv[0];
    if (rc != 0) {
        m->pid = 0;
        scm_mp4_free(m);
        return scm__error(ctx, SCM_EIO,
                          "%s: ffmpeg is not installed, so no MP4 (the PNG frames and the GIF are "
                          "written); to get it, as root: apt-get install ffmpeg",
                          path);
    }
    *out = m;
    return SCM_OK;
}

/* Closes ffmpeg's input and waits for it; its exit status, and its first line in said. */
static int
wait_ffmpeg(scm_mp4 *m, char *said, size_t cap)
{
    int status = 0;
    size_t n;
    close(m->in);
    m->in = -1;
    while (waitpid(m->pid, &status, 0) < 0 && errno == EINTR)
        ;
    m->pid = 0;
    rewind(m->err);
    n = fread(said, 1, cap - 1, m->err);
    said[n] = '\0';
    said[strcspn(said, "\n")] = '\0';
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

scm_status
scm_mp4_finish(scm_ctx *ctx, scm_mp4 *m)
{
    char said[1024];
    int rc;
    if (m->pid <= 0)
        return scm__error(ctx, SCM_EINVAL, "%s: ffmpeg has already ended", m->path);
    rc = wait_ffmpeg(m, said, sizeof said);
    if (rc == 0 && said[0] == '\0' && !m->broken && whole_mp4(m->out.tmp))
        return scm__atomic_commit(ctx, &m->out);
    scm__atomic_abort(&m->out);
    if (rc == 127)
        return scm__error(ctx, SCM_EIO,
                          "%s: ffmpeg is not installed, so no MP4 (the PNG frames and the GIF are "
                          "written); to get it, as root: apt-get install ffmpeg",
                          m->path);
    if (strstr(said, "No space left on device") != NULL)
        return scm__error(ctx, SCM_EIO, "%s: cannot write: No space left on device", m->path);
    if (rc != 0 || said[0] != '\0')
        return scm__error(ctx, SCM_EIO, "%s: ffmpeg failed (exit %d): %s", m->path, rc, said);
    return scm__error(ctx, SCM_EIO, "%s: ffmpeg wrote an incomplete MP4 (no error said why)",
                      m->path);
}

scm_status
scm_mp4_put(scm_ctx *ctx, scm_mp4 *m, const scm_image *img)
{
    if (m->pid <= 0)
        return scm__error(ctx, SCM_EINVAL, "%s: ffmpeg has already ended", m->path);
    if ((size_t)img->width * img->height * 4 != m->frame_bytes)
        return scm__error(ctx, SCM_EINVAL, "%s: a frame of %ux%u does not fit the MP4", m->path,
                          img->width, img->height);
    if (send_all(m->in, img->rgba, m->frame_bytes) == 0)
        return SCM_OK;
    m->broken = 1; /* ffmpeg ended early: its words, or the state of its file, say why */
    return scm_mp4_finish(ctx, m);
}
