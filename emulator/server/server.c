/*
 * The emulator's life: options, the data dir, start (the HTTP daemon and the
 * ticker that brings jobs up to date between requests, so that lifecycle
 * lines appear when they happen), a graceful drain, and the stop.
 */
#include "control/control.h"
#include "persist/persist.h"
#include "routes/routes.h"
#include "server/server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void oft_emu_options_init(oft_emu_options *opts)
{
    if (opts)
        memset(opts, 0, sizeof(*opts));
}

/* ---- the data dir ---- */

static int trial_load(const char *dir, char *errbuf, size_t errlen);

/* oft_emu_prepare_data_dir; with trial, a state there is loaded once to be judged
 * (the start, which loads it for good, judges it then). */
static int check_data_dir(const char *dir, int trial, char *errbuf, size_t errlen)
{
    struct stat st;
    if (!dir || !*dir) {
        snprintf(errbuf, errlen, "data dir: empty path");
        return -1;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(errbuf, errlen, "data dir %s: %s", dir, strerror(errno));
        return -1;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(errbuf, errlen, "data dir %s: not a directory", dir);
        return -1;
    }
    /* Before anything is written in it: is it ours, and readable? */
    int has_state;
    if (emu_persist_check_dir(dir, &has_state, errbuf, errlen) != 0 ||
        (has_state && trial && trial_load(dir, errbuf, errlen) != 0))
        return -1;
    /* A probe file: access() says yes to root even on a read-only mount. */
    char probe[4096];
    if (snprintf(probe, sizeof(probe), "%s/.probe-XXXXXX", dir) >= (int)sizeof(probe)) {
        snprintf(errbuf, errlen, "data dir: path too long");
        return -1;
    }
    int fd = mkstemp(probe);
    if (fd < 0) {
        snprintf(errbuf, errlen, "data dir %s: cannot create files: %s", dir,
                 strerror(errno));
        return -1;
    }
    close(fd);
    unlink(probe);
    return 0;
}

int oft_emu_prepare_data_dir(const char *dir, char *errbuf, size_t errlen)
{
    char dummy[8];
    if (!errbuf || errlen == 0) {
        errbuf = dummy;
        errlen = sizeof(dummy);
    }
    return check_data_dir(dir, 1, errbuf, errlen);
}

/* A given dir: checked, locked, its state loaded (or a first one written). */
static int open_kept_state(oft_emu *emu, const char *dir, char *errbuf, size_t errlen)
{
    int has_state;
    if (check_data_dir(dir, 0, errbuf, errlen) != 0)
        return -1;
    emu->data_dir = emu_strdup(dir);
    if (!emu->data_dir)
        return snprintf(errbuf, errlen, "out of memory"), -1;
    if (emu_persist_lock(emu, errbuf, errlen) != 0 ||
        emu_persist_check_dir(dir, &has_state, errbuf, errlen) != 0 ||
        (has_state && emu_persist_load(emu, errbuf, errlen) != 0))
        return -1;
    return emu_persist_open(emu, errbuf, errlen);
}

static int make_data_dir(oft_emu *emu, const char *dir, char *errbuf, size_t errlen)
{
    if (dir)
        return open_kept_state(emu, dir, errbuf, errlen);
    const char *tmp = getenv("TMPDIR");
    char tmpl[512];
    snprintf(tmpl, sizeof(tmpl), "%s/oft-emulator-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpl)) {
        snprintf(errbuf, errlen, "temporary data dir: %s", strerror(errno));
        return -1;
    }
    emu->data_dir = emu_strdup(tmpl);
    emu->server->temp_data_dir = 1;
    return 0;
}

static void remove_data_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = emu_path_join(dir, e->d_name);
        if (p)
            unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

/* ---- start and stop ---- */

static void emu_free(oft_emu *emu)
{
    emu->persist = 0; /* nothing more is saved: a failed start leaves the dir as it was */
    emu_persist_close(emu);
    oft_emu_script_clear(emu);
    free(emu->control->scripts.items);
    free(emu->server->conns.items);
    emu_records_free(emu);
    emu_reqlog_free(emu);
    emu_jobs_free(emu);
    emu_idem_free_all(emu);
    emu_uploads_free(emu, 0);
    emu_files_free(emu, 0);
    emu_perms_free(emu);
    emu_models_free(emu);
    if (emu->server->temp_data_dir && emu->data_dir)
        remove_data_dir(emu->data_dir);
    emu_gate_destroy(emu);
    free(emu->server->host);
    free(emu->api_key);
    free(emu->admin_key);
    free(emu->organization);
    free(emu->data_dir);
    free(emu);
}

static int start_daemon(oft_emu *emu, char *errbuf, size_t errlen)
{
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    memset(&sin, 0, sizeof(sin));
    memset(&sin6, 0, sizeof(sin6));
    int ipv6 = 0;
    if (inet_pton(AF_INET, emu->server->host, &sin.sin_addr) == 1) {
        sin.sin_family = AF_INET;
        sin.sin_port = htons(emu->opts.port);
    } else if (inet_pton(AF_INET6, emu->server->host, &sin6.sin6_addr) == 1) {
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons(emu->opts.port);
        ipv6 = 1;
    } else {
        snprintf(errbuf, errlen, "host: '%s' is not a numeric IPv4 or IPv6 address",
                 emu->server->host);
        return -1;
    }
    if (emu_http_start(emu, ipv6 ? (struct sockaddr *)&sin6 : (struct sockaddr *)&sin,
                       ipv6, errbuf, errlen) != 0)
        return -1;
    snprintf(emu->server->base_url, sizeof(emu->server->base_url),
             ipv6 ? "http://[%s]:%u/v1" : "http://%s:%u/v1", emu->server->host,
             (unsigned)emu->server->port);
    return 0;
}

/* Between requests, jobs still move on: their lifecycle lines come on time. */
static void *ticker_main(void *arg)
{
    oft_emu *emu = arg;
    struct timespec until;
    emu_lock(emu);
    while (!emu->state->stopping) {
        emu_deadline(&until, EMU_TICK_MS);
        emu_wait(emu, &emu->state->wake, &until);
        if (emu->state->stopping)
            break;
        emu_tick(emu);
        /* Only time changed it: no one was told, so it may wait a little. */
        if (emu->persist && emu->state->dirty &&
            emu_now_mono_ms() - emu->store->saved_mono >= EMU_TICK_SAVE_MS)
            emu_persist_save(emu);
    }
    emu_unlock(emu);
    return NULL;
}

static int check_options(const oft_emu_options *opts, char *errbuf, size_t errlen)
{
    if (opts->job_duration_s < 0 || opts->fail_rate < 0 || opts->fail_rate > 1 ||
        opts->rate_limit < 0 || opts->latency_ms < 0 || opts->log_level < 0 ||
        opts->log_level > OFT_EMU_LOG_ERROR || opts->connection_timeout_s < 0 ||
        opts->max_connections < 0 || opts->max_connections_per_ip < 0) {
        snprintf(errbuf, errlen,
                 "options: job_duration_s, rate_limit, latency_ms and the connection "
                 "limits must be >= 0, fail_rate within 0..1 and log_level an "
                 "OFT_EMU_LOG_* level");
        return -1;
    }
    return 0;
}

/* A new emulator from checked options (nothing started yet), or NULL. */
/* The emulator and each layer's part of it (base.h), in one allocation: emu
 * first, so that free(emu) frees the whole. */
typedef struct emu_whole {
    oft_emu emu;
    struct emu_state state;
    struct emu_store store;
    struct emu_control control;
    struct emu_server server;
} emu_whole;

static oft_emu *emu_new(const oft_emu_options *opts)
{
    emu_whole *whole = calloc(1, sizeof(*whole));
    if (!whole)
        return NULL;
    oft_emu *emu = &whole->emu;
    emu->state = &whole->state;
    emu->store = &whole->store;
    emu->control = &whole->control;
    emu->server = &whole->server;
    emu->store->lock_fd = -1;
    emu->opts = *opts;
    emu_gate_init(emu);
    emu->server->host = emu_strdup(opts->host ? opts->host : "127.0.0.1");
    emu->api_key = emu_strdup(opts->api_key);
    emu->admin_key = emu_strdup(opts->admin_key);
    emu->organization =
        emu_strdup(opts->organization ? opts->organization : "org-emulator");
    emu->job_duration_ms =
        (opts->job_duration_s > 0 ? opts->job_duration_s : 10.0) * 1000.0;
    emu->log_level = opts->log_level ? opts->log_level
                     : opts->quiet   ? OFT_EMU_LOG_WARN
                                     : OFT_EMU_LOG_INFO;
    emu->log_json = opts->log_json != 0;
    emu->control->faults.fail_rate = opts->fail_rate;
    emu->control->faults.rate_limit = opts->rate_limit;
    emu->control->faults.latency_ms = opts->latency_ms;
    /* The copy keeps no borrowed strings: the emulator owns its own. */
    emu->opts.host = emu->opts.api_key = emu->opts.admin_key = NULL;
    emu->opts.organization = emu->opts.data_dir = NULL;
    if (!emu->server->host || !emu->organization) {
        emu_free(emu);
        return NULL;
    }
    emu_models_init(emu);
    return emu;
}

/* Loads dir's state into a scratch emulator, to tell a bad one before start. */
static int trial_load(const char *dir, char *errbuf, size_t errlen)
{
    oft_emu_options o;
    oft_emu_options_init(&o);
    oft_emu *scratch = emu_new(&o);
    if (!scratch)
        return snprintf(errbuf, errlen, "out of memory"), -1;
    scratch->data_dir = emu_strdup(dir);
    int rc = scratch->data_dir ? emu_persist_load(scratch, errbuf, errlen)
                               : (snprintf(errbuf, errlen, "out of memory"), -1);
    emu_free(scratch);
    return rc;
}

int emu_create(oft_emu **out, const oft_emu_options *opts, char *errbuf, size_t errlen)
{
    *out = NULL;
    oft_emu_options defaults;
    oft_emu_options_init(&defaults);
    if (!opts)
        opts = &defaults;
    if (check_options(opts, errbuf, errlen) != 0)
        return -1;
    oft_emu *emu = emu_new(opts);
    if (!emu) {
        snprintf(errbuf, errlen, "out of memory");
        return -1;
    }
    if (make_data_dir(emu, opts->data_dir, errbuf, errlen) != 0) {
        emu_free(emu);
        return -1;
    }
    *out = emu;
    return 0;
}

int oft_emu_start(oft_emu **out, const oft_emu_options *opts, char *errbuf, size_t errlen)
{
    char dummy[8];
    if (!errbuf || errlen == 0) {
        errbuf = dummy;
        errlen = sizeof(dummy);
    }
    errbuf[0] = '\0';
    if (!out) {
        snprintf(errbuf, errlen, "out: NULL");
        return -1;
    }
    *out = NULL;
    oft_emu *emu;
    if (emu_create(&emu, opts, errbuf, errlen) != 0)
        return -1;
    if (start_daemon(emu, errbuf, errlen) != 0) {
        emu_free(emu);
        return -1;
    }
    if (pthread_create(&emu->server->ticker, NULL, ticker_main, emu) != 0) {
        snprintf(errbuf, errlen, "cannot start the ticker thread");
        emu_http_stop(emu);
        emu_free(emu);
        return -1;
    }
    emu->server->ticker_started = 1;
    *out = emu;
    return 0;
}

const char *oft_emu_base_url(const oft_emu *emu)
{
    return emu ? emu->server->base_url : NULL;
}

unsigned short oft_emu_port(const oft_emu *emu)
{
    return emu ? emu->server->port : 0;
}

int oft_emu_drain(oft_emu *emu, int timeout_ms)
{
    if (!emu || !emu->server->daemon)
        return 0;
    emu_lock(emu);
    int first = !emu->server->draining;
    emu->server->draining = 1;
    emu_unlock(emu);
    if (first)
        emu_http_quiesce(emu);
    struct timespec until;
    emu_deadline(&until, timeout_ms > 0 ? timeout_ms : 0);
    emu_lock(emu);
    while (emu->server->inflight > 0) {
        if (emu_wait(emu, &emu->state->idle, &until) == ETIMEDOUT)
            break;
    }
    int left = emu->server->inflight;
    emu_unlock(emu);
    return left;
}

void oft_emu_stop(oft_emu *emu)
{
    if (!emu)
        return;
    emu_lock(emu);
    emu->state->stopping = 1;
    pthread_cond_broadcast(&emu->state->wake);
    emu_unlock(emu);
    if (emu->server->ticker_started)
        pthread_join(emu->server->ticker, NULL);
    emu_http_stop(emu);
    emu_enter(emu);
    if (emu->persist)
        emu_persist_save(emu); /* the virtual clocks too: jobs go on from here */
    emu_unlock(emu);
    emu_free(emu);
}
