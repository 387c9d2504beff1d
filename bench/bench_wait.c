/*
 * bench_wait: requests per poll interval of oft_job_wait (target <= 2) and
 * the lag between the job's end and the wait's return (target <= 1
 * interval). A helper thread ends the job (switches the emulator's answer to
 * "succeeded") after a while and notes the time.
 *
 *   bench_wait [poll interval ms, default 200] [job run time ms, default 3000]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "emulator.h"
#include "openai_ft.h"

#define JOB "/fine_tuning/jobs/ftjob-bw"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

typedef struct ctx {
    oft_emu *emu;
    long run_ms;
    double ended_at;
    long events;
} ctx;

static void script_steady(oft_emu *emu, const char *status)
{
    char body[256];
    /* Events first: the job's prefix would match the events path too. */
    oft_emu_script(
        emu, "GET", JOB "/events", 1000000, 200, NULL,
        "{\"object\":\"list\",\"data\":[{\"id\":\"ftevent-1\",\"created_at\":1,"
        "\"level\":\"info\",\"message\":\"Job started\"}],\"has_more\":false}",
        0, 0);
    snprintf(body, sizeof(body), "{\"id\":\"ftjob-bw\",\"status\":\"%s\"}", status);
    oft_emu_script(emu, "GET", JOB, 1000000, 200, NULL, body, 0, 0);
}

static void *ender(void *p)
{
    ctx *x = p;
    usleep((useconds_t)x->run_ms * 1000);
    oft_emu_script_clear(x->emu);
    script_steady(x->emu, "succeeded");
    x->ended_at = now_ms();
    return NULL;
}

static int on_progress(const oft_job *job, const oft_event *ev, void *payload)
{
    ctx *x = payload;
    x->events += ev != NULL;
    return 0;
}

int main(int argc, char **argv)
{
    long interval = argc > 1 ? atol(argv[1]) : 200;
    long run_ms = argc > 2 ? atol(argv[2]) : 3000;
    char err[256] = "";
    oft_emu_options eo;
    ctx x = {NULL, run_ms, 0, 0};
    oft_emu_options_init(&eo);
    eo.quiet = 1;
    if (oft_emu_start(&x.emu, &eo, err, sizeof(err)) != 0) {
        fprintf(stderr, "emulator: %s\n", err);
        return 1;
    }
    script_steady(x.emu, "running");
    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    oft_client *c = NULL;
    co.api_key = "sk-bench";
    co.base_url = oft_emu_base_url(x.emu);
    if (oft_client_new(&c, &co) != OFT_OK)
        return 1;
    oft_wait_options wo = OFT_WAIT_OPTIONS_INIT;
    wo.poll_interval_ms = interval;
    wo.on_progress = on_progress;
    wo.payload = &x;
    oft_job *job = NULL;
    pthread_t t;
    double start = now_ms();
    pthread_create(&t, NULL, ender, &x);
    int rc = oft_job_wait(&job, c, "ftjob-bw", &wo);
    double done = now_ms();
    pthread_join(t, NULL);
    size_t reqs = oft_emu_request_count(x.emu, "GET", NULL);
    size_t polls = reqs - oft_emu_request_count(x.emu, "GET", JOB "/events");
    double intervals = (done - start) / (double)interval;
    printf("bench_wait: poll interval %ld ms, job ran %ld ms, wait returned %s\n",
           interval, run_ms, oft_status_str(rc));
    printf("  requests            : %zu in %.0f ms, %zu polls: %.2f per poll, %.2f per "
           "interval (target <= 2)\n",
           reqs, done - start, polls, polls ? (double)reqs / (double)polls : 0.0,
           intervals > 0 ? (double)reqs / (intervals + 1) : 0.0);
    printf("  events reported     : %ld (expected 1)\n", x.events);
    printf("  end -> return lag   : %.0f ms (%.2f intervals, target <= 1)\n",
           done - x.ended_at, (done - x.ended_at) / (double)interval);
    oft_job_free(job);
    oft_client_free(c);
    oft_emu_stop(x.emu);
    return 0;
}
