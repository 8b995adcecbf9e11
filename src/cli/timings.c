/* SPDX-License-Identifier: MIT */
/* --timings: where the time of a run goes, start-up included. The library reports when each
 * step ends (SCM_LOG_TIMING); this file adds what happened before main and prints the steps. */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <link.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"

#define MAX_STEPS 64

static struct {
    int on;
    double main_mono, main_boot; /* CLOCK_MONOTONIC and CLOCK_BOOTTIME at main */
    double main_cpu;             /* user + system seconds spent before main */
    int n;
    double t[MAX_STEPS];
    char step[MAX_STEPS][80];
} tm;

static double
now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
cli_timings_start(int argc, char **argv)
{
    struct rusage ru;
    int i;
    for (i = 2; i < argc && strcmp(argv[i], "--timings") != 0; i++)
        ;
    if (i >= argc)
        return;
    tm.on = 1;
    tm.main_mono = now(CLOCK_MONOTONIC);
    tm.main_boot = now(CLOCK_BOOTTIME);
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        tm.main_cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                      (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

void
cli_timings_add(const char *msg)
{
    char *tab;
    double t = strtod(msg, &tab);
    if (!tm.on || tm.n == MAX_STEPS || *tab != '\t')
        return;
    tm.t[tm.n] = t;
    snprintf(tm.step[tm.n++], sizeof tm.step[0], "%s", tab + 1);
}

/* Seconds from the start of the process to main, from its start time in /proc (clock ticks
 * since boot, 10 ms apart); -1 where there is none. */
static double
before_main(void)
{
    char buf[1024], *p;
    unsigned long long start = 0;
    size_t n;
    int i;
    FILE *fp = fopen("/proc/self/stat", "r");
    if (fp == NULL)
        return -1;
    n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    /* The name, in brackets, may hold spaces; field 22 (starttime) is the 20th after it. */
    if ((p = strrchr(buf, ')')) == NULL)
        return -1;
    for (i = 0; i < 20 && p != NULL; i++)
        p = strchr(p + 1, ' ');
    if (p == NULL || sscanf(p, "%llu", &start) != 1)
        return -1;
    return tm.main_boot - (double)start / (double)sysconf(_SC_CLK_TCK);
}

static int
count_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    if (info->dlpi_name != NULL && info->dlpi_name[0] != '\0')
        ++*(int *)data;
    return 0;
}

void
cli_timings_print(FILE *fp)
{
    double prev = tm.main_mono, start = before_main(), end = now(CLOCK_MONOTONIC);
    int i, libs = 0;
    if (!tm.on)
        return;
    dl_iterate_phdr(count_object, &libs);
    fprintf(fp, "scmap: timings, in seconds: each step, then the time since the process started\n");
    if (start >= 0)
        fprintf(fp, "  %7.3f %7.3f  start the process: load %d shared libraries (%.3f s CPU)\n",
                start, start, libs, tm.main_cpu);
    else
        start = 0;
    for (i = 0; i < tm.n; i++) {
        fprintf(fp, "  %7.3f %7.3f  %s\n", tm.t[i] - prev, tm.t[i] - tm.main_mono + start,
                tm.step[i]);
        prev = tm.t[i];
    }
    fprintf(fp, "  %7.3f %7.3f  the rest, to the end\n", end - prev, end - tm.main_mono + start);
}
