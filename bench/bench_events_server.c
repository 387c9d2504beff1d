/*
 * bench_events_server: serves a job with many events for benchmarks in other
 * languages (bench/bench_python.py): prints the emulator's base URL on stdout,
 * then serves "ftjob-small" (1,000 events) and "ftjob-large" (COUNT events) in
 * pages of 100 until stdin is closed.
 *
 *   bench_events_server [COUNT, default 100000]
 */
#include <stdlib.h>
#include <unistd.h>

#include "scripted_events.h"

int main(int argc, char **argv)
{
    long large = argc > 1 ? atol(argv[1]) : 100000;
    serve_scripted_events(STDIN_FILENO, STDOUT_FILENO, large > 0 ? large : 100000);
    return 0;
}
