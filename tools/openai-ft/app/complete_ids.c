/*
 * openai-ft __complete KIND LINE: the resource IDs shell completion offers
 * (hidden: the completion scripts call it, as gh's and kubectl's call their
 * own __complete). KIND is job, file, model or checkpoint; LINE the command
 * line up to the cursor, whose global options (--base-url, --org,
 * --api-key-file, ...) say which API to ask, as the command will. It prints
 * the IDs that begin with the word being completed, one a line, from the
 * cache (cache.c) or the API. It never holds the shell up: the requests have
 * 2 s (one attempt, half of it to connect; OPENAI_FT_COMPLETE_TIMEOUT=SECONDS
 * changes it), an alarm ends the process a second after, and any error is
 * silent (stderr goes to /dev/null; nothing is offered).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/complete_ids.h"
#include "app/cache.h"
#include "app/client.h"
#include "app/globals.h"
#include "args/args.h"
#include "args/parse.h"
#include "base/cli.h"
#include "ui/progress.h"

#define REQUEST_MS      2000
#define CHECKPOINT_JOBS 10 /* the jobs whose checkpoints are offered */

/* LINE split into words as a shell would (quotes, backslashes); a last word
 * "" when LINE ends in a space. NULL-terminated, in one allocation. */
static char **split_line(const char *line, int *count)
{
    size_t len = strlen(line), n = 0;
    char **words = malloc((len + 2) * sizeof(*words) + len + 2);
    char *o;
    const char *p = line;
    if (words == NULL)
        return NULL;
    o = (char *)(words + len + 2);
    for (;;) {
        char quote = 0;
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        words[n++] = o;
        for (; *p != '\0' && (quote || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
            if (quote == 0 && (*p == '\'' || *p == '"'))
                quote = *p;
            else if (quote != 0 && *p == quote)
                quote = 0;
            else if (*p == '\\' && quote != '\'' && p[1] != '\0')
                *o++ = *++p;
            else
                *o++ = *p;
        }
        *o++ = '\0';
        if (*p == '\0')
            break;
    }
    words[n] = NULL;
    *count = (int)n;
    return words;
}

static int add_jobs(cli_id_list *l, oft_client *client, int limit)
{
    oft_job_list_options opts = OFT_JOB_LIST_OPTIONS_INIT;
    oft_job_page *page = NULL;
    size_t i;
    int rc;
    opts.limit = limit;
    if ((rc = oft_job_list(&page, client, &opts)) != OFT_OK)
        return rc;
    for (i = 0; i < page->count && rc == 0; i++)
        rc = cli_ids_add(l, page->items[i]->id);
    oft_job_page_free(page);
    return rc;
}

static int add_files(cli_id_list *l, oft_client *client)
{
    oft_file_list_options opts = OFT_FILE_LIST_OPTIONS_INIT;
    oft_file_page *page = NULL;
    size_t i;
    int rc;
    opts.limit = 100;
    opts.order = OFT_FILE_ORDER_DESC;
    if ((rc = oft_file_list(&page, client, &opts)) != OFT_OK)
        return rc;
    for (i = 0; i < page->count && rc == 0; i++)
        rc = cli_ids_add(l, page->items[i]->id);
    oft_file_page_free(page);
    return rc;
}

static int add_models(cli_id_list *l, oft_client *client)
{
    oft_model_page *page = NULL;
    size_t i;
    int rc;
    if ((rc = oft_model_list(&page, client)) != OFT_OK)
        return rc;
    for (i = 0; i < page->count && rc == 0; i++)
        rc = cli_ids_add(l, page->items[i]->id);
    oft_model_page_free(page);
    return rc;
}

/* The checkpoints of the latest jobs, as permissions take them; no job's
 * asked for once budget_ms have gone. */
static int add_checkpoints(cli_id_list *l, oft_client *client, int64_t budget_ms)
{
    cli_id_list jobs = {0};
    long long start = cli_now_ms();
    size_t i, k;
    int rc = add_jobs(&jobs, client, CHECKPOINT_JOBS);
    for (i = 0; rc == 0 && i < jobs.n && cli_now_ms() - start < budget_ms; i++) {
        oft_checkpoint_page *page = NULL;
        if ((rc = oft_checkpoint_list(&page, client, jobs.ids[i], NULL)) != OFT_OK)
            break;
        for (k = 0; k < page->count && rc == 0; k++)
            rc = cli_ids_add(l, page->items[k]->fine_tuned_model_checkpoint);
        oft_checkpoint_page_free(page);
    }
    cli_ids_free(&jobs);
    return rc;
}

static int fetch(cli_id_list *l, cli *c, const char *kind)
{
    if (cli_client(c) == NULL)
        return -1;
    if (strcmp(kind, "job") == 0)
        return add_jobs(l, c->client, 100);
    if (strcmp(kind, "file") == 0)
        return add_files(l, c->client);
    if (strcmp(kind, "model") == 0)
        return add_models(l, c->client);
    if (strcmp(kind, "checkpoint") == 0)
        return add_checkpoints(l, c->client, c->timeout_ms / 2);
    return -1;
}

/* "base URL\torganization\tproject": which API the IDs are of. */
static void scope_of(char *buf, size_t cap, const cli *c)
{
    const char *url = c->base_url != NULL ? c->base_url : getenv("OPENAI_BASE_URL");
    const char *org = c->org != NULL ? c->org : getenv("OPENAI_ORG_ID");
    const char *project = c->project != NULL ? c->project : getenv("OPENAI_PROJECT_ID");
    snprintf(buf, cap, "%s\t%s\t%s",
             url != NULL && url[0] != '\0' ? url : "https://api.openai.com/v1",
             org != NULL ? org : "", project != NULL ? project : "");
}

static void offer(cli *c, const char *kind, const char *cur)
{
    cli_id_list ids = {0};
    char scope[2048];
    size_t i;
    scope_of(scope, sizeof(scope), c);
    if (cli_cache_read(&ids, kind, scope) != 0) {
        if (fetch(&ids, c, kind) != 0) {
            cli_ids_free(&ids);
            return;
        }
        cli_cache_write(&ids, kind, scope);
    }
    for (i = 0; i < ids.n; i++)
        if (strncmp(ids.ids[i], cur, strlen(cur)) == 0)
            printf("%s\n", ids.ids[i]);
    cli_ids_free(&ids);
}

/* The time the requests have, in ms: OPENAI_FT_COMPLETE_TIMEOUT (seconds, up
 * to 60) or 2 s. */
static int64_t budget_ms(void)
{
    const char *v = getenv("OPENAI_FT_COMPLETE_TIMEOUT");
    char *end = NULL;
    double s = v != NULL ? strtod(v, &end) : 0;
    if (v == NULL || end == v || *end != '\0' || !(s > 0 && s <= 60))
        return REQUEST_MS;
    return (int64_t)(s * 1000);
}

int cli_complete_ids(int argc, char **argv)
{
    int64_t budget = budget_ms();
    char **words;
    const char *cur;
    int n, devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    cli c;
    cli_args a;
    if (devnull >= 0) { /* silence: a completion never prints an error */
        dup2(devnull, STDERR_FILENO);
        close(devnull);
    }
    signal(SIGALRM, SIG_DFL);
    alarm((unsigned)((budget + 999) / 1000) + 1); /* a hard stop, a second after */
    if (argc < 2 || (words = split_line(argv[1], &n)) == NULL)
        return CLI_OK;
    cur = words[n - 1]; /* the word being completed; --opt=VALUE: its value */
    if (strncmp(cur, "--", 2) == 0 && strchr(cur, '=') != NULL)
        cur = strchr(cur, '=') + 1;
    memset(&c, 0, sizeof(c));
    c.max_retries = -1;
    /* the words before it, for their global options; a line not finished
     * parses as far as it goes */
    (void)cli_parse(&a, n - 1, words);
    if (cli_apply_globals(&c, &a) >= 0) {
        c.timeout_ms = budget;
        c.connect_timeout_ms = budget / 2;
        c.max_retries = 0;
        c.verbose = 0;
        offer(&c, argv[0], cur);
    }
    fflush(stdout);
    oft_client_free(c.client);
    cli_globals_free(&c);
    cli_args_free(&a);
    free(words);
    return CLI_OK;
}
