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
#include "scripted_events.h"

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
        serve_scripted_events(sv[1], sv[1], large);
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
