/*
 * openai-ft train: what a run will cost, said before anything is uploaded,
 * and a question before a run above a limit (--max-cost, OPENAI_FT_MAX_COST,
 * $5 by default; --yes goes ahead; off a terminal it refuses).
 *
 * The cost is the training price per 1M tokens of the model (the table
 * below) x the billable tokens per epoch the validator estimates (~4
 * characters a token, each example up to the context limit) x the epochs.
 * With n_epochs auto the API picks the epochs from the dataset's size; the
 * estimate then spans OpenAI's published rule (the fine-tuning cookbook: 3
 * epochs, more for under 34 examples so that 100 are seen, fewer above 8,333
 * so that at most 25,000 are) and its 3-epoch target, whichever is lower to
 * whichever is higher.
 */
#include <stdlib.h>
#include <string.h>

#include "app/cost.h"
#include "args/values.h"
#include "base/cli.h"
#include "base/text.h"
#include "ui/output.h"

#define DEFAULT_MAX_COST 5.0

/*
 * Training prices in US dollars per 1M tokens, from OpenAI's pricing page
 * (https://openai.com/api/pricing, "Fine-tuning") as of 2025-06-01; the
 * longest prefix of the model's name wins ("ft:" left out: a fine-tuned
 * model trains at its base's price). Reinforcement fine-tuning (o4-mini) is
 * billed by the hour of training: no estimate in tokens. The table is kept
 * by hand: when OpenAI's prices change, change it and its date (the figures
 * of 2025-06-01 were not read again on 2026-12-06; gpt-4o's $25 and
 * gpt-4o-mini's $3 agree with a third party's summary of April 2026).
 */
const char cli_prices_date[] = "2025-06-01";
static const struct price {
    const char *prefix;
    double usd_per_mtok; /* 0: billed otherwise (note) */
    const char *note;
} prices[] = {
    {"gpt-4.1-nano", 1.50, NULL},
    {"gpt-4.1-mini", 5.00, NULL},
    {"gpt-4.1", 25.00, NULL},
    {"gpt-4o-mini", 3.00, NULL},
    {"gpt-4o", 25.00, NULL},
    {"gpt-3.5-turbo", 8.00, NULL},
    {"davinci-002", 6.00, NULL},
    {"babbage-002", 0.40, NULL},
    {"o4-mini", 0, "reinforcement fine-tuning is billed by the hour of training ($100)"},
};

static const struct price *price_of(const char *model)
{
    const struct price *best = NULL;
    size_t i;
    if (model == NULL)
        return NULL;
    if (strncmp(model, "ft:", 3) == 0)
        model += 3;
    for (i = 0; i < sizeof(prices) / sizeof(prices[0]); i++)
        if (strncmp(model, prices[i].prefix, strlen(prices[i].prefix)) == 0 &&
            (best == NULL || strlen(prices[i].prefix) > strlen(best->prefix)))
            best = &prices[i];
    return best;
}

/* "$0.0042", "$12.50" */
static const char *usd(char *buf, size_t cap, double v)
{
    if (v > 0 && v < 0.0001)
        snprintf(buf, cap, "under $0.0001");
    else
        snprintf(buf, cap, v < 0.01 && v > 0 ? "$%.4f" : "$%.2f", v);
    return buf;
}

/* The limit: --max-cost, else OPENAI_FT_MAX_COST, else $5. */
static int limit_of(double *out, double option)
{
    const char *env = getenv("OPENAI_FT_MAX_COST");
    *out = DEFAULT_MAX_COST;
    if (option >= 0)
        *out = option;
    else if (env != NULL && env[0] != '\0')
        return cli_parse_double(out, "OPENAI_FT_MAX_COST", env, 0, 1e9, 0);
    return 0;
}

int cli_cost_check(cli *c, const cli_cost_args *ca)
{
    const struct price *p = price_of(ca->model);
    int lo = ca->epochs, hi = ca->epochs;
    double per_epoch, limit;
    char a[32], b[32], l[32], action[256];
    int rc;
    if ((rc = limit_of(&limit, ca->max_cost)) != 0)
        return rc;
    if (ca->tokens_per_epoch == 0)
        return CLI_OK;
    if (p == NULL || p->usd_per_mtok <= 0) {
        cli_info(c, "estimated cost: unknown (%s%s)",
                 p != NULL ? p->note : "no training price known for ",
                 p != NULL ? "" : cli_text(ca->model));
        return CLI_OK;
    }
    if (ca->epochs_auto) {
        lo = ca->epochs < 3 ? ca->epochs : 3;
        hi = ca->epochs > 3 ? ca->epochs : 3;
    }
    per_epoch = (double)ca->tokens_per_epoch * p->usd_per_mtok / 1e6;
    if (lo == hi)
        snprintf(action, sizeof(action), "%s (%d epoch%s",
                 usd(a, sizeof(a), per_epoch * lo), lo, lo == 1 ? "" : "s");
    else
        snprintf(action, sizeof(action), "%s to %s (%d to %d epochs: \"auto\" picks",
                 usd(a, sizeof(a), per_epoch * lo), usd(b, sizeof(b), per_epoch * hi), lo,
                 hi);
    cli_info(c, "estimated cost: %s, at %s per 1M training tokens of %s; prices of %s)",
             action, usd(l, sizeof(l), p->usd_per_mtok), p->prefix, cli_prices_date);
    if (per_epoch * hi <= limit)
        return CLI_OK;
    snprintf(action, sizeof(action),
             "start training at an estimated %s, above the limit of %s "
             "(--max-cost, OPENAI_FT_MAX_COST),",
             lo == hi ? usd(a, sizeof(a), per_epoch * lo)
                      : usd(b, sizeof(b), per_epoch * hi),
             usd(l, sizeof(l), limit));
    return cli_confirm(c, ca->yes, action);
}
