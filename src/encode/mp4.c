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

scm_status
scm_mp4_write(scm_ctx *ctx, const char *path, const char *pattern, size_t n, double seconds_each,
              double last_seconds)
{
    char rate[32], pad[128], tmp[4096], logpath[4200], said[240] = "";
    FILE *log;
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status = 0, rc;
    (void)n;
    snprintf(rate, sizeof rate, "1/%.3f", seconds_each);
    /* Frames may be palette or RGB PNGs: convert all to one format first. Hold the last
     * frame, and round odd sizes up: yuv420p needs even dimensions. */
    snprintf(pad, sizeof pad,
             "format=rgb24,tpad=stop_mode=clone:stop_duration=%.2f,pad=ceil(iw/2)*2:ceil(ih/2)*2",
             last_seconds);
    snprintf(tmp, sizeof tmp, "%s.tmp.mp4", path);
    snprintf(logpath, sizeof logpath, "%s.tmp.log", path);
    {
        char *argv[] = {"ffmpeg",
                        "-nostdin",
                        "-y",
                        "-loglevel",
                        "error",
                        "-framerate",
                        rate,
                        "-i",
                        (char *)pattern,
                        "-vf",
                        pad,
                        "-r",
                        "10",
                        "-c:v",
                        "libx264",
                        "-pix_fmt",
                        "yuv420p",
                        "-movflags",
                        "+faststart",
                        "-fflags",
                        "+bitexact",
                        "-map_metadata",
                        "-1",
                        tmp,
                        NULL};
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        /* ffmpeg's own words go into the error message if it fails. */
        posix_spawn_file_actions_addopen(&fa, 2, logpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        rc = posix_spawnp(&pid, "ffmpeg", &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
    }
    if (rc != 0)
        unlink(logpath);
    if (rc != 0)
        return scm__error(ctx, SCM_EIO,
                          "%s: ffmpeg is not installed, so no MP4 (the PNG frames and the GIF are "
                          "written); to get it, as root: apt-get install ffmpeg",
                          path);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if ((log = fopen(logpath, "r")) != NULL) {
        size_t got = fread(said, 1, sizeof said - 1, log);
        said[got] = '\0';
        said[strcspn(said, "\n")] = '\0';
        fclose(log);
    }
    unlink(logpath);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            return scm__error(ctx, SCM_EIO,
                              "%s: ffmpeg is not installed, so no MP4; as root: apt-get install "
                              "ffmpeg",
                              path);
        return scm__error(ctx, SCM_EIO, "%s: ffmpeg failed (exit %d): %s", path,
                          WIFEXITED(status) ? WEXITSTATUS(status) : -1, said);
    }
    return SCM_OK;
}
