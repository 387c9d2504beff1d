/*
 * A job with many events, for the events-memory benchmarks: an in-process
 * emulator whose event list of "ftjob-small" (1,000 events) and "ftjob-large"
 * (`large` events) is scripted, one response per page of PAGE events, newest
 * first. Each page is served once: one walk of each job per server.
 */
#ifndef OFT_BENCH_SCRIPTED_EVENTS_H
#define OFT_BENCH_SCRIPTED_EVENTS_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "emulator.h"

#define PAGE 100

/* Scripts `total` events of job `job` in pages of PAGE, newest first. */
static void script_events(oft_emu *emu, const char *job, long total)
{
    char prefix[128];
    char *body = malloc(256 + PAGE * 200);
    snprintf(prefix, sizeof(prefix), "/fine_tuning/jobs/%s/events", job);
    for (long start = total; start > 0; start -= PAGE) {
        size_t len = (size_t)sprintf(body, "{\"object\":\"list\",\"data\":[");
        for (long n = start; n > start - PAGE && n > 0; n--)
            len +=
                (size_t)sprintf(body + len,
                                "%s{\"object\":\"fine_tuning.job.event\",\"id\":"
                                "\"ftevent-%ld\",\"created_at\":%ld,\"level\":\"info\","
                                "\"message\":\"Step %ld/100000: training loss=0.1234\","
                                "\"type\":\"message\",\"data\":null}",
                                n == start ? "" : ",", n, n, n);
        sprintf(body + len, "],\"has_more\":%s}", start - PAGE > 0 ? "true" : "false");
        oft_emu_script(emu, "GET", prefix, 1, 200, NULL, body, 0, 0);
    }
    free(body);
}

/*
 * Starts the emulator with both event sets scripted, writes its base URL and a
 * newline to out_fd, and serves until in_fd reaches end of file; then exits.
 */
static void serve_scripted_events(int in_fd, int out_fd, long large)
{
    char err[256] = "";
    oft_emu *emu = NULL;
    oft_emu_options eo;
    oft_emu_options_init(&eo);
    eo.quiet = 1;
    if (oft_emu_start(&emu, &eo, err, sizeof(err)) != 0)
        _exit(1);
    script_events(emu, "ftjob-small", 1000);
    script_events(emu, "ftjob-large", large);
    dprintf(out_fd, "%s\n", oft_emu_base_url(emu));
    char c;
    while (read(in_fd, &c, 1) > 0) {
    }
    oft_emu_stop(emu);
    _exit(0);
}

#endif
