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
        "  --data-dir DIR      where uploaded bytes live, kept at exit; created if\n"
        "                      missing (default: a temporary dir, removed at exit)\n"
        "  --org ID            organization id in job objects and model names\n"
        "  --fail-rate P       answer this share (0..1) of requests with 500\n"
        "  --rate-limit N      answer 429 beyond N requests per second\n"
        "  --latency-ms N      add N ms to every response\n"
        "  --quiet             no request log on stderr\n"
        "  --help              this text\n"
        "  --version           the version\n"
        "\n"
        "The first line on stdout is `listening on http://HOST:PORT/v1`.\n"
        "SIGTERM or SIGINT stops the server: requests in flight finish (up to 5 s).\n",
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

int main(int argc, char **argv)
{
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
        O_LAT
    };
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
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    oft_emu_options opts;
    oft_emu_options_init(&opts);
    double v;
    int c;
    while ((c = getopt_long(argc, argv, "qhV", longopts, NULL)) != -1) {
        switch (c) {
            case O_HOST:
                opts.host = optarg;
                break;
            case O_PORT:
                if (parse_num("--port", optarg, 0, 65535, &v))
                    return 2;
                opts.port = (unsigned short)v;
                break;
            case O_DUR:
                if (parse_num("--job-duration", optarg, 0.001, 86400.0 * 30, &v))
                    return 2;
                opts.job_duration_s = v;
                break;
            case O_KEY:
                opts.api_key = optarg;
                break;
            case O_ADMIN:
                opts.admin_key = optarg;
                break;
            case O_DIR:
                opts.data_dir = optarg;
                break;
            case O_ORG:
                opts.organization = optarg;
                break;
            case O_FAIL:
                if (parse_num("--fail-rate", optarg, 0, 1, &v))
                    return 2;
                opts.fail_rate = v;
                break;
            case O_RATE:
                if (parse_num("--rate-limit", optarg, 0, 1e9, &v))
                    return 2;
                opts.rate_limit = (int)v;
                break;
            case O_LAT:
                if (parse_num("--latency-ms", optarg, 0, 600000, &v))
                    return 2;
                opts.latency_ms = (int)v;
                break;
            case 'q':
                opts.quiet = 1;
                break;
            case 'h':
                usage(stdout);
                return 0;
            case 'V':
                printf("openai-ft-emulator %s\n", OFT_VERSION);
                return 0;
            default:
                usage(stderr);
                return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "openai-ft-emulator: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }

    char err[256];
    if (opts.data_dir && oft_emu_prepare_data_dir(opts.data_dir, err, sizeof(err)) != 0) {
        fprintf(stderr, "openai-ft-emulator: --data-dir: %s\n", err);
        return 2;
    }

    /* Block the stop signals in every thread; the main thread waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    oft_emu *emu;
    if (oft_emu_start(&emu, &opts, err, sizeof(err)) != 0) {
        fprintf(stderr, "openai-ft-emulator: %s\n", err);
        return 1;
    }
    oft_emu_set_recording(emu, 0); /* only tests read the records */
    printf("listening on %s\n", oft_emu_base_url(emu));
    fflush(stdout);

    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    if (!opts.quiet)
        fprintf(stderr, "openai-ft-emulator: stopping (%s)\n",
                sig == SIGINT ? "SIGINT" : "SIGTERM");
    /* Requests in flight get their answers; a stuck one holds the exit up to 5 s. */
    int left = oft_emu_drain(emu, 5000);
    if (left > 0)
        fprintf(stderr, "openai-ft-emulator: %d request(s) still in flight after 5 s\n",
                left);
    oft_emu_stop(emu);
    return 0;
}
