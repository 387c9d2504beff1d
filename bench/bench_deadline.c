/*
 * bench_deadline: how long oft_job_wait takes to return with a deadline, against
 * whatever the server at BASE_URL does (bench/bench_deadline.py sets the
 * emulator's stall faults and runs this for the C column of README.md's
 * deadline table). One wait; prints "<ms>\t<status>\t<message>".
 *
 *   bench_deadline BASE_URL JOB_ID [deadline ms, default 2000]
 *
 * The client has the reproducer's settings: a 20 s request timeout and
 * 2 retries; the key comes from OPENAI_API_KEY.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "openai_ft.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_deadline BASE_URL JOB_ID [deadline ms]\n");
        return 2;
    }
    oft_client_options co = OFT_CLIENT_OPTIONS_INIT;
    co.base_url = argv[1];
    co.timeout_ms = 20000;
    co.max_retries = 2;
    oft_client *c = NULL;
    if (oft_global_init(OFT_GLOBAL_DEFAULT) <= 0 || oft_client_new(&c, &co) != OFT_OK) {
        fprintf(stderr, "bench_deadline: no client\n");
        return 1;
    }
    oft_wait_options o = OFT_WAIT_OPTIONS_INIT;
    o.poll_interval_ms = 200;
    o.timeout_ms = argc > 3 ? atol(argv[3]) : 2000;
    oft_job *job = NULL;
    double t0 = now_ms();
    int rc = oft_job_wait(&job, c, argv[2], &o);
    double took = now_ms() - t0;
    printf("%.0f\t%s\t%s\n", took, oft_status_str(rc),
           oft_error_message(oft_client_last_error(c)));
    oft_job_free(job);
    oft_client_free(c);
    oft_global_cleanup();
    return 0;
}
