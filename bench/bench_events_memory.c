/*
 * bench_events_memory: peak RSS growth of iterating 1,000 vs 100,000 job
 * events with oft_event_iter (target: within 2 MB of each other). The
 * emulator runs in a forked child so its memory is not counted.
 *
 *   bench_events_memory [large count, default 100000]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emulator.h"
#include "openai_ft.h"

#define PAGE 100

static long vm_hwm_kb(void)
{
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

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

/* The child: an emulator with both event sets scripted; runs until the pipe closes. */
static void serve(int fd, long large)
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
    dprintf(fd, "%s\n", oft_emu_base_url(emu));
    char c;
    while (read(fd, &c, 1) > 0) {
    }
    oft_emu_stop(emu);
    _exit(0);
}

static long iterate(oft_client *c, const char *job)
{
    oft_event_iter *it = NULL;
    const oft_event *e = NULL;
    oft_event_list_options o = OFT_EVENT_LIST_OPTIONS_INIT;
    long n = 0;
    int rc;
    o.limit = PAGE;
    if (oft_event_iter_new(&it, c, job, &o) != OFT_OK)
        return -1;
    while ((rc = oft_event_iter_next(&e, it)) == OFT_OK)
        n++;
    if (rc != OFT_ITEROVER)
        fprintf(stderr, "%s: %s\n", job, oft_error_message(oft_client_last_error(c)));
    oft_event_iter_free(it);
    return n;
}

int main(int argc, char **argv)
{
    long large = argc > 1 ? atol(argv[1]) : 100000;
    int sv[2];
    char url[256] = "";
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        serve(sv[1], large);
    }
    close(sv[1]);
    FILE *in = fdopen(sv[0], "r");
    if (!in || !fgets(url, sizeof(url), in))
        return 1;
    url[strcspn(url, "\n")] = '\0';

    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    oft_client *c = NULL;
    co.api_key = "sk-bench";
    co.base_url = url;
    if (oft_client_new(&c, &co) != OFT_OK)
        return 1;
    long base = vm_hwm_kb();
    long n_small = iterate(c, "ftjob-small");
    long after_small = vm_hwm_kb();
    long n_large = iterate(c, "ftjob-large");
    long after_large = vm_hwm_kb();
    printf("bench_events_memory: pages of %d events\n", PAGE);
    printf("  %7ld events: peak RSS growth %6ld kB\n", n_small, after_small - base);
    printf("  %7ld events: peak RSS growth %6ld kB\n", n_large, after_large - base);
    printf("  difference       : %6ld kB (target <= 2048 kB)\n",
           after_large - after_small);
    oft_client_free(c);
    fclose(in);
    waitpid(pid, NULL, 0);
    return 0;
}
