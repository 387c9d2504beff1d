/*
 * openai-ft-emulator as a library: a local stand-in for the OpenAI
 * fine-tuning, files, uploads and models API, served over HTTP on loopback
 * (libmicrohttpd). The tests start it in-process; the openai-ft-emulator
 * binary wraps it. Not part of libopenai_ft's ABI.
 */
#ifndef OFT_EMULATOR_H
#define OFT_EMULATOR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct oft_emu oft_emu;

typedef struct oft_emu_options {
    const char *host;      /* NULL: 127.0.0.1 */
    unsigned short port;   /* 0: a free port */
    double job_duration_s; /* simulated training time of a job; 0: 10 s */
    const char *api_key;   /* NULL: any Bearer key is accepted */
    const char *admin_key; /* NULL: any Bearer key on permission endpoints */
    const char *data_dir;  /* the state lasts here across restarts (see the man
                              page); NULL: a temporary directory removed at stop */
    double fail_rate;      /* 0..1: share of requests answered 500 */
    int rate_limit;        /* >0: requests per second before 429 + Retry-After */
    int latency_ms;        /* added to every response */
    const char
        *organization; /* org id in job objects and model names; NULL: "org-emulator" */
    int quiet;         /* non-zero: log_level defaults to OFT_EMU_LOG_WARN */
    int log_level;     /* OFT_EMU_LOG_*; 0: OFT_EMU_LOG_INFO (WARN when quiet) */
    int log_json;      /* non-zero: each log line is one JSON object */
    /* Against clients that hold connections and send nothing: an idle one is
     * closed after connection_timeout_s (0: 60); at most max_connections at once
     * (0: 1000, and never more than the open-file limit leaves room for), of
     * which at most max_connections_per_ip from one address (0: 256, at most
     * half of the total), so that one client cannot lock the others out. */
    int connection_timeout_s;
    int max_connections;
    int max_connections_per_ip;
} oft_emu_options;

/*
 * Log levels of the lines on stderr. info: one line per request (time,
 * method, path, status, duration, request id, the API's message for an
 * error) and the jobs' lifecycle (created, each change of status, finished);
 * debug adds the health checks. Never a key.
 */
enum {
    OFT_EMU_LOG_DEBUG = 1,
    OFT_EMU_LOG_INFO = 2,
    OFT_EMU_LOG_WARN = 3,
    OFT_EMU_LOG_ERROR = 4
};

/* Writes one log line of the given level (event names it in JSON, e.g.
 * "server.stopping"; message is the text). Thread-safe. */
void oft_emu_log(oft_emu *emu, int level, const char *event, const char *message);

/* Zeroes opts (the defaults above). */
void oft_emu_options_init(oft_emu_options *opts);

/* Starts the server. Returns 0, or -1 with a message in errbuf. */
int oft_emu_start(oft_emu **out, const oft_emu_options *opts, char *errbuf,
                  size_t errlen);
/* "http://HOST:PORT/v1" (borrowed). */
const char *oft_emu_base_url(const oft_emu *emu);
unsigned short oft_emu_port(const oft_emu *emu);
/* Stops the server, frees everything, removes a temporary data dir (a given
 * data_dir stays, with its files). NULL is a no-op. */
void oft_emu_stop(oft_emu *emu);

/*
 * Graceful stop, first half: stops accepting connections (new ones are
 * refused), lets the requests in flight finish, waiting at most timeout_ms,
 * and answers them with "Connection: close". Returns how many are still in
 * flight (0: all done). Call oft_emu_stop after it.
 */
int oft_emu_drain(oft_emu *emu, int timeout_ms);

/*
 * Graceful stop, second half (after oft_emu_drain): every request still in
 * flight whose answer has not begun (an upload still arriving, a request
 * whose headers never came) is answered now with a 503 in the API's error
 * shape and its connection closed; waits at most grace_ms for them to end.
 * Returns how many were answered so. Call oft_emu_stop after it.
 */
int oft_emu_cut_off(oft_emu *emu, int grace_ms);

/*
 * Makes dir usable as a data_dir: creates it when missing (its parent must
 * exist), checks it is a directory where files can be created and that it is
 * empty or holds an emulator's state that this build can load (a foreign or
 * corrupt one is refused, and nothing in it changed). Returns 0, or -1 with a
 * message naming dir in errbuf. oft_emu_start runs it too.
 */
int oft_emu_prepare_data_dir(const char *dir, char *errbuf, size_t errlen);

/*
 * Scripted responses, for tests of the client's retry and error handling.
 * The next `times` requests whose method matches (NULL: any) and whose path
 * (after /v1, without query) starts with path_prefix get this response
 * instead of the emulated API's. Scripts queue in order of registration.
 *
 *   status  HTTP status to answer
 *   headers "Name: value" lines separated by '\n' (NULL: none)
 *   body    response body (NULL: empty); sent as given, any content type
 *           via a "Content-Type: ..." line in headers (default application/json)
 *   flags   OFT_EMU_RESET: send half of the body then drop the connection
 *           OFT_EMU_PASS:  add delay_ms then fall through to the real handler
 *   delay_ms sleep before answering (for client timeouts)
 */
#define OFT_EMU_RESET 1
#define OFT_EMU_PASS  2
int oft_emu_script(oft_emu *emu, const char *method, const char *path_prefix, int times,
                   int status, const char *headers, const char *body, int flags,
                   int delay_ms);
/* Drops every script not yet used. */
void oft_emu_script_clear(oft_emu *emu);

/*
 * Request recording for the two calls below, on by default. A long-running
 * server (the openai-ft-emulator binary) turns it off so its memory stays
 * flat; requests are then neither counted nor kept.
 */
void oft_emu_set_recording(oft_emu *emu, int on);

/* Requests seen so far whose method (NULL: any) and path prefix match. */
size_t oft_emu_request_count(oft_emu *emu, const char *method, const char *path_prefix);

/*
 * The most recent request matching method/path_prefix: copies of its request
 * line path + query ("/v1/fine_tuning/jobs?limit=2"), the value of header
 * `header` (case-insensitive; NULL to skip) and the body (truncated to
 * body_cap). Any out pointer may be NULL. Returns 0, or -1 if none matched.
 */
int oft_emu_last_request(oft_emu *emu, const char *method, const char *path_prefix,
                         const char *header, char *header_out, size_t header_cap,
                         char *path_out, size_t path_cap, char *body_out,
                         size_t body_cap);

/*
 * Test hooks into the emulated state (the same effects a real job has over
 * time, without waiting; the control API under /_emulator/ does the same
 * over HTTP):
 *  - oft_emu_job_fail: the job ends failed with this error code and message.
 *  - oft_emu_job_finish: the job jumps to the end of training (succeeded).
 *  - oft_emu_add_events: appends n message events to the job now.
 * Each returns 0, or -1 when there is no such job or it has already ended.
 */
int oft_emu_job_fail(oft_emu *emu, const char *job_id, const char *code,
                     const char *message);
int oft_emu_job_finish(oft_emu *emu, const char *job_id);
int oft_emu_add_events(oft_emu *emu, const char *job_id, size_t n);

#ifdef __cplusplus
}
#endif

#endif
