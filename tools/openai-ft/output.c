/*
 * openai-ft: output. Terminal detection and colour (NO_COLOR), errors on
 * stderr with the API's detail, JSON documents for scripts, human formats and
 * the progress bar.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

void cli_output_init(cli *c)
{
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    c->tty_out = isatty(STDOUT_FILENO);
    c->tty_err = isatty(STDERR_FILENO);
    /* https://no-color.org: any non-empty NO_COLOR turns colour off */
    c->color = c->tty_err && !(no_color != NULL && no_color[0] != '\0') &&
               !(term != NULL && strcmp(term, "dumb") == 0);
}

#define ESC(c, code) ((c)->color ? "\033[" code "m" : "")
const char *cli_c_bold(const cli *c)
{
    return ESC(c, "1");
}
const char *cli_c_dim(const cli *c)
{
    return ESC(c, "2");
}
const char *cli_c_red(const cli *c)
{
    return ESC(c, "31");
}
const char *cli_c_green(const cli *c)
{
    return ESC(c, "32");
}
const char *cli_c_yellow(const cli *c)
{
    return ESC(c, "33");
}
const char *cli_c_reset(const cli *c)
{
    return ESC(c, "0");
}

const char *cli_c_status(const cli *c, const char *status)
{
    if (status == NULL)
        return "";
    if (strcmp(status, "succeeded") == 0)
        return cli_c_green(c);
    if (strcmp(status, "failed") == 0 || strcmp(status, "cancelled") == 0)
        return cli_c_red(c);
    return cli_c_yellow(c);
}

void cli_info(const cli *c, const char *fmt, ...)
{
    va_list ap;
    if (c->quiet)
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_err(const cli *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%sopenai-ft: error:%s ", cli_c_red(c), cli_c_reset(c));
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_api_fail(cli *c, int rc, const char *what)
{
    const oft_error *e = c->client != NULL ? oft_client_last_error(c->client) : NULL;
    const char *msg = e != NULL ? oft_error_message(e) : "";
    int http = e != NULL ? oft_error_http_status(e) : 0;
    const char *rid = e != NULL ? oft_error_request_id(e) : NULL;
    const char *type = e != NULL ? oft_error_type(e) : NULL;
    const char *curl = e != NULL ? oft_error_curl_message(e) : NULL;

    if (rc == OFT_EINTERRUPTED) {
        cli_err(c, "%s: interrupted", what);
        return CLI_EINTR;
    }
    if (msg == NULL || msg[0] == '\0')
        msg = oft_status_str(rc);
    if (http == 429 && e != NULL && oft_error_retry_after_ms(e) > 0) {
        /* the server asked for a longer pause than the retries wait: say how long */
        long long ms = (long long)oft_error_retry_after_ms(e);
        cli_err(c, "%s: HTTP 429: %s (retry after %lld s)", what, cli_text(msg),
                (ms + 999) / 1000);
    } else if (http > 0 && strstr(msg, "HTTP") == NULL)
        /* the library's message may carry some of the detail already */
        cli_err(c, "%s: HTTP %d: %s", what, http, cli_text(msg));
    else
        cli_err(c, "%s: %s", what, cli_text(msg));
    if (type != NULL && strstr(msg, type) == NULL)
        fprintf(stderr, "  type: %s  code: %s  param: %s\n", cli_text(type),
                cli_or_dash(oft_error_code(e)), cli_or_dash(oft_error_param(e)));
    if (rid != NULL && strstr(msg, rid) == NULL)
        fprintf(stderr, "  request id: %s\n", cli_text(rid));
    if (curl != NULL && strstr(msg, curl) == NULL)
        fprintf(stderr, "  transport: %s\n", cli_text(curl));
    return rc == OFT_EINVAL ? CLI_EUSAGE : CLI_EAPI;
}

void cli_print_json(const char *raw_json)
{
    fputs(raw_json != NULL && raw_json[0] != '\0' ? raw_json : "{}", stdout);
    fputc('\n', stdout);
}

void cli_json_list_begin(void)
{
    fputs("{\"object\":\"list\",\"data\":[", stdout);
}

void cli_json_list_item(const char *raw_json, size_t index)
{
    if (index > 0)
        fputc(',', stdout);
    fputs(raw_json != NULL && raw_json[0] != '\0' ? raw_json : "null", stdout);
}

void cli_json_list_end(int has_more)
{
    printf("],\"has_more\":%s}\n", has_more ? "true" : "false");
}

int cli_show_deleted(const cli *c, const char *raw_json, const char *id, int deleted)
{
    if (c->json)
        cli_print_json(raw_json);
    else
        printf("%s %s\n", cli_or_dash(id), deleted ? "deleted" : "not deleted");
    return deleted ? CLI_OK : CLI_EAPI;
}

int cli_print_iter(cli *c, void (*header)(void), cli_next_fn next, void *it,
                   const char *what, size_t *count)
{
    const char *raw;
    size_t i;
    int rc;
    if (c->json)
        cli_json_list_begin();
    else if (header != NULL)
        header();
    for (i = 0; (rc = next(it, &raw, !c->json)) == OFT_OK; i++)
        if (c->json)
            cli_json_list_item(raw, i);
    if (c->json)
        cli_json_list_end(0);
    if (count != NULL)
        *count = i;
    return rc == OFT_ITEROVER ? CLI_OK : cli_api_fail(c, rc, what);
}

/* Escaped copies handed out by cli_text: a ring, so that one printf can take
 * several; each slot is freed when reused and all at exit. */
#define TEXT_RING 16
static char *text_ring[TEXT_RING];
static unsigned text_next;

/* Length of the C1 control (U+0080..U+009F, UTF-8 C2 80..C2 9F) at p, or 0. */
static size_t c1_len(const unsigned char *p)
{
    return p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f ? 2 : 0;
}

static int is_ctl(unsigned char ch)
{
    return ch < 0x20 || ch == 0x7f;
}

const char *cli_text(const char *s)
{
    const unsigned char *p;
    size_t n = 0, extra = 0;
    char *out, *o;
    if (s == NULL)
        return "";
    for (p = (const unsigned char *)s; *p != '\0'; p++, n++) {
        if (is_ctl(*p))
            extra += 3; /* \xNN */
        else if (c1_len(p))
            extra += 4, p++, n++; /* \u00NN for two bytes */
    }
    if (extra == 0)
        return s; /* the usual case: nothing to copy */
    out = malloc(n + extra + 1);
    if (out == NULL)
        return "(unprintable)";
    for (p = (const unsigned char *)s, o = out; *p != '\0'; p++) {
        if (is_ctl(*p)) {
            o += sprintf(o, "\\x%02x", *p);
        } else if (c1_len(p)) {
            o += sprintf(o, "\\u%04x", p[1]);
            p++;
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    free(text_ring[text_next]);
    text_ring[text_next] = out;
    text_next = (text_next + 1) % TEXT_RING;
    return out;
}

void cli_output_free(void)
{
    size_t i;
    for (i = 0; i < TEXT_RING; i++) {
        free(text_ring[i]);
        text_ring[i] = NULL;
    }
}

const char *cli_or_dash(const char *s)
{
    return s != NULL && s[0] != '\0' ? cli_text(s) : "-";
}

const char *cli_fmt_time(char *buf, size_t cap, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
        strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm) == 0)
        snprintf(buf, cap, "-");
    return buf;
}

const char *cli_fmt_duration(char *buf, size_t cap, long long s)
{
    if (s < 0)
        s = 0;
    if (s < 60)
        snprintf(buf, cap, "%llds", s);
    else if (s < 3600)
        snprintf(buf, cap, "%lldm%02llds", s / 60, s % 60);
    else
        snprintf(buf, cap, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
    return buf;
}

const char *cli_fmt_bytes(char *buf, size_t cap, long long bytes)
{
    static const char *units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = (double)bytes;
    size_t u = 0;
    while (v >= 1000.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
        v /= 1000.0;
        u++;
    }
    if (u == 0)
        snprintf(buf, cap, "%lld B", bytes);
    else
        snprintf(buf, cap, "%.1f %s", v, units[u]);
    return buf;
}

void cli_progress_start(cli_progress *p, const cli *c, const char *label)
{
    p->c = c;
    p->label = label;
    p->active = c->tty_err && !c->quiet;
    p->last_permille = -1;
}

void cli_progress_update(cli_progress *p, long long done, long long total)
{
    enum { WIDTH = 30 };
    char bar[WIDTH + 1];
    char a[32], b[32];
    int permille, filled, i;
    if (!p->active || total <= 0)
        return;
    permille = (int)(done >= total ? 1000 : done * 1000 / total);
    if (permille == p->last_permille)
        return;
    p->last_permille = permille;
    filled = permille * WIDTH / 1000;
    for (i = 0; i < WIDTH; i++)
        bar[i] = i < filled ? '#' : '-';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r%s [%s] %3d%%  %s / %s\033[K", p->label, bar, permille / 10,
            cli_fmt_bytes(a, sizeof(a), done), cli_fmt_bytes(b, sizeof(b), total));
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->active && p->last_permille >= 0)
        fputc('\n', stderr);
    p->active = 0;
}

void cli_json_str(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (s == NULL) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (; *p != '\0'; p++) {
        switch (*p) {
            case '"':
                fputs("\\\"", stdout);
                break;
            case '\\':
                fputs("\\\\", stdout);
                break;
            case '\n':
                fputs("\\n", stdout);
                break;
            case '\r':
                fputs("\\r", stdout);
                break;
            case '\t':
                fputs("\\t", stdout);
                break;
            default:
                if (*p < 0x20)
                    printf("\\u%04x", *p);
                else
                    putchar(*p);
        }
    }
    putchar('"');
}
