/* openai-ft-emulator: the emulator library served as a standalone process. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emulator.h"
#include "openai_ft/version.h"

static void usage(FILE *out)
{
    fputs(
        "usage: openai-ft-emulator [options]\n"
        "A local stand-in for the OpenAI fine-tuning, files, uploads and models API.\n"
        "\n"
        "  --host ADDR         address to listen on (default 127.0.0.1)\n"
        "  --port N            port, 0 picks a free one (default 0)\n"
        "  --job-duration S    simulated training time of a job in seconds (default 10)\n"
        "  --api-key KEY       require this Bearer key (default: any key)\n"
        "  --admin-key KEY     require this key on checkpoint permission endpoints\n"
        "  --data-dir DIR      keep the state (files, uploads, jobs, models,\n"
        "                      permissions) in DIR across restarts; created if\n"
        "                      missing (default: a temporary dir, removed at exit)\n"
        "  --org ID            organization id in job objects and model names\n"
        "  --fail-rate P       answer this share (0..1) of requests with 500\n"
        "  --rate-limit N      answer 429 beyond N requests per second\n"
        "  --latency-ms N      add N ms to every response\n"
        "  --connection-timeout S   close a connection idle for S seconds (default 60)\n"
        "  --max-connections N      at most N connections at once (default 1000)\n"
        "  --max-connections-per-ip N  at most N of them from one address (default 256)\n"
        "  --log-level LEVEL   debug, info (default), warn or error\n"
        "  --log-format FMT    text (default) or json (one object per line)\n"
        "  --quiet             the same as --log-level warn\n"
        "  --help              this text\n"
        "  --version           the version\n"
        "\n"
        "The first line on stdout is `listening on http://HOST:PORT/v1`.\n"
        "Besides the API under /v1 it serves GET /healthz and a control API under\n"
        "/_emulator/ (state, reset, jobs/ID/advance, jobs/ID/fail, faults, requests):\n"
        "see openai-ft-emulator(1).\n"
        "SIGTERM or SIGINT stops the server: requests in flight finish (up to 5 s);\n"
        "those still unanswered then get a 503 in the API's error shape.\n",
        out);
}

/* Parses a number in [min, max]; prints an error naming opt and returns -1 if bad. */
static int parse_num(const char *opt, const char *s, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < min || v > max) {
        fprintf(stderr, "openai-ft-emulator: %s: expected a number in %g..%g, got '%s'\n",
                opt, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* The index of s in names (NULL-terminated), or -1 after an error naming opt. */
static int parse_word(const char *opt, const char *s, const char *const *names,
                      const char *expected)
{
    for (int i = 0; names[i]; i++) {
        if (strcmp(s, names[i]) == 0)
            return i;
    }
    fprintf(stderr, "openai-ft-emulator: %s: expected %s, got '%s'\n", opt, expected, s);
    return -1;
}

enum {
    O_HOST = 256,
    O_PORT,
    O_DUR,
    O_KEY,
    O_ADMIN,
    O_DIR,
    O_ORG,
    O_FAIL,
    O_RATE,
    O_LAT,
    O_LEVEL,
    O_FORMAT,
    O_TIMEOUT,
    O_MAXCONN,
    O_MAXIP
};

/* One option with a value into opts; -1 on a bad value (already reported). */
static int take_option(int c, const char *arg, oft_emu_options *opts)
{
    static const char *const levels[] = {"debug", "info", "warn", "error", NULL};
    static const char *const formats[] = {"text", "json", NULL};
    double v;
    int i;
    switch (c) {
        case O_HOST:
            opts->host = arg;
            return 0;
        case O_PORT:
            return parse_num("--port", arg, 0, 65535, &v)
                       ? -1
                       : (opts->port = (unsigned short)v, 0);
        case O_DUR:
            return parse_num("--job-duration", arg, 0.001, 86400.0 * 30, &v)
                       ? -1
                       : (opts->job_duration_s = v, 0);
        case O_KEY:
            opts->api_key = arg;
            return 0;
        case O_ADMIN:
            opts->admin_key = arg;
            return 0;
        case O_DIR:
            opts->data_dir = arg;
            return 0;
        case O_ORG:
            opts->organization = arg;
            return 0;
        case O_FAIL:
            return parse_num("--fail-rate", arg, 0, 1, &v) ? -1
                                                           : (opts->fail_rate = v, 0);
        case O_RATE:
            return parse_num("--rate-limit", arg, 0, 1e9, &v)
                       ? -1
                       : (opts->rate_limit = (int)v, 0);
        case O_LAT:
            return parse_num("--latency-ms", arg, 0, 600000, &v)
                       ? -1
                       : (opts->latency_ms = (int)v, 0);
        case O_TIMEOUT:
            return parse_num("--connection-timeout", arg, 1, 86400, &v)
                       ? -1
                       : (opts->connection_timeout_s = (int)v, 0);
        case O_MAXCONN:
            return parse_num("--max-connections", arg, 1, 1000000, &v)
                       ? -1
                       : (opts->max_connections = (int)v, 0);
        case O_MAXIP:
            return parse_num("--max-connections-per-ip", arg, 1, 1000000, &v)
                       ? -1
                       : (opts->max_connections_per_ip = (int)v, 0);
        case O_LEVEL:
            i = parse_word("--log-level", arg, levels, "debug, info, warn or error");
            return i < 0 ? -1 : (opts->log_level = OFT_EMU_LOG_DEBUG + i, 0);
        default: /* O_FORMAT */
            i = parse_word("--log-format", arg, formats, "text or json");
            return i < 0 ? -1 : (opts->log_json = i, 0);
    }
}

/* Fills opts from argv. Returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, oft_emu_options *opts)
{
    static const struct option longopts[] = {
        {"host", required_argument, NULL, O_HOST},
        {"port", required_argument, NULL, O_PORT},
        {"job-duration", required_argument, NULL, O_DUR},
        {"api-key", required_argument, NULL, O_KEY},
        {"admin-key", required_argument, NULL, O_ADMIN},
        {"data-dir", required_argument, NULL, O_DIR},
        {"org", required_argument, NULL, O_ORG},
        {"fail-rate", required_argument, NULL, O_FAIL},
        {"rate-limit", required_argument, NULL, O_RATE},
        {"latency-ms", required_argument, NULL, O_LAT},
        {"log-level", required_argument, NULL, O_LEVEL},
        {"log-format", required_argument, NULL, O_FORMAT},
        {"connection-timeout", required_argument, NULL, O_TIMEOUT},
        {"max-connections", required_argument, NULL, O_MAXCONN},
        {"max-connections-per-ip", required_argument, NULL, O_MAXIP},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "qhV", longopts, NULL)) != -1) {
        if (c >= O_HOST) {
            if (take_option(c, optarg, opts) != 0)
                return 2;
        } else if (c == 'q') {
            opts->quiet = 1;
        } else if (c == 'h') {
            usage(stdout);
            return 0;
        } else if (c == 'V') {
            printf("openai-ft-emulator %s\n", OFT_VERSION);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "openai-ft-emulator: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    return -1;
}

/* Serves until SIGTERM or SIGINT, then drains and stops. */
static int serve(const oft_emu_options *opts)
{
    char err[256], line[320];
    /* Block the stop signals in every thread; the main thread waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    oft_emu *emu;
    if (oft_emu_start(&emu, opts, err, sizeof(err)) != 0) {
        fprintf(stderr, "openai-ft-emulator: %s\n", err);
        return 1;
    }
    oft_emu_set_recording(emu, 0); /* only tests read the records */
    printf("listening on %s\n", oft_emu_base_url(emu));
    fflush(stdout);
    snprintf(line, sizeof(line), "listening on %s", oft_emu_base_url(emu));
    oft_emu_log(emu, OFT_EMU_LOG_INFO, "server.listening", line);

    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    snprintf(line, sizeof(line), "stopping (%s)", sig == SIGINT ? "SIGINT" : "SIGTERM");
    oft_emu_log(emu, OFT_EMU_LOG_INFO, "server.stopping", line);
    /* Requests in flight get their answers; a stuck one holds the exit up to 5 s. */
    int left = oft_emu_drain(emu, 5000);
    if (left > 0) {
        snprintf(line, sizeof(line), "%d request(s) still in flight after 5 s", left);
        oft_emu_log(emu, OFT_EMU_LOG_WARN, "server.drain", line);
        /* Those still arriving (an upload) get an answer rather than a cut line. */
        int cut = oft_emu_cut_off(emu, 2000);
        if (cut > 0) {
            snprintf(line, sizeof(line), "answered %d unfinished request(s) with 503",
                     cut);
            oft_emu_log(emu, OFT_EMU_LOG_WARN, "server.cut_off", line);
        }
    }
    oft_emu_stop(emu);
    return 0;
}

int main(int argc, char **argv)
{
    oft_emu_options opts;
    oft_emu_options_init(&opts);
    int code = parse_args(argc, argv, &opts);
    if (code >= 0)
        return code;
    char err[256];
    if (opts.data_dir && oft_emu_prepare_data_dir(opts.data_dir, err, sizeof(err)) != 0) {
        fprintf(stderr, "openai-ft-emulator: --data-dir: %s\n", err);
        return 2;
    }
    return serve(&opts);
}
