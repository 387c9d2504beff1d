/*
 * openai-ft: "did you mean ...?" for mistyped commands, options and values,
 * and matching a value against an option's choices.
 */
#include <string.h>

#include "args/suggest.h"
#include "args/args.h"
#include "args/values.h"
#include "base/text.h"

#define MAX_WORD 64

/* Optimal string alignment distance (Levenshtein plus adjacent swaps), so that
 * "jbos" is one edit from "jobs". */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t d[MAX_WORD + 1][MAX_WORD + 1];
    size_t i, j;
    for (i = 0; i <= la; i++)
        d[i][0] = i;
    for (j = 0; j <= lb; j++)
        d[0][j] = j;
    for (i = 1; i <= la; i++)
        for (j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/* The best candidate so far. */
typedef struct nearest {
    const char *word;
    size_t word_len;
    const char *best;
    size_t best_len;
    size_t best_d;
} nearest;

static void nearest_init(nearest *n, const char *word)
{
    n->word = word;
    n->word_len = strlen(word);
    n->best = NULL;
    n->best_len = 0;
    /* a third of the word may be wrong (at least one character) */
    n->best_d = n->word_len / 3 + 1 + 1;
}

static void consider(nearest *n, const char *cand, size_t len)
{
    size_t d;
    if (n->word_len == 0 || n->word_len > MAX_WORD || len > MAX_WORD)
        return;
    /* a word that starts a longer name ("perm" for "permissions") is near */
    if (n->word_len >= 2 && n->word_len < len && strncmp(cand, n->word, n->word_len) == 0)
        d = 1;
    else
        d = distance(n->word, n->word_len, cand, len);
    if (d < n->best_d) {
        n->best = cand;
        n->best_len = len;
        n->best_d = d;
    }
}

const char *cli_suggest(const char *word, const char *candidates, size_t *len)
{
    nearest n;
    const char *p = candidates;
    nearest_init(&n, word);
    while (p != NULL && *p != '\0') {
        size_t l = strcspn(p, " ");
        consider(&n, p, l);
        p += l;
        p += strspn(p, " ");
    }
    *len = n.best_len;
    return n.best;
}

const cli_cmd *cli_suggest_cmd(const char *word, const cli_cmd *const *cmds)
{
    nearest n;
    const cli_cmd *const *c;
    nearest_init(&n, word);
    for (c = cmds; *c != NULL; c++)
        consider(&n, (*c)->name, strlen((*c)->name));
    for (c = cmds; *c != NULL && n.best != NULL; c++)
        if ((*c)->name == n.best)
            return *c;
    return NULL;
}

const cli_opt *cli_suggest_opt(const char *name, const cli_cmd *cmd)
{
    nearest n;
    const cli_opt *o, *found = NULL;
    nearest_init(&n, name);
    CLI_FOR_OPTS(cmd, t, co)
    {
        const char *before = n.best;
        consider(&n, co->name, strlen(co->name));
        if (n.best != before)
            found = co;
    }
    for (o = cli_global_opts; o->id != 0; o++) {
        const char *before = n.best;
        consider(&n, o->name, strlen(o->name));
        if (n.best != before)
            found = o;
    }
    return found;
}

int cli_word_index(const char *words, const char *value)
{
    size_t vlen = strlen(value);
    const char *p = words;
    int i = 0;
    while (p != NULL && *p != '\0') {
        size_t l = strcspn(p, " ");
        if (l == vlen && strncmp(p, value, l) == 0)
            return i;
        p += l;
        p += strspn(p, " ");
        i++;
    }
    return -1;
}

const char *cli_choices_text(char *buf, size_t cap, const char *words)
{
    size_t k, o = 0;
    for (k = 0; words[k] != '\0' && o + 5 < cap; k++) {
        if (words[k] == ' ' && strchr(words + k + 1, ' ') == NULL) {
            memcpy(buf + o, " or ", 4);
            o += 4;
        } else if (words[k] == ' ') {
            buf[o++] = ',';
            buf[o++] = ' ';
        } else {
            buf[o++] = words[k];
        }
    }
    buf[o] = '\0';
    return buf;
}

int cli_choice(const cli_opt *opt, const char *value)
{
    int i = cli_word_index(opt->choices, value);
    size_t len = 0;
    const char *near;
    char list[256];
    if (i >= 0)
        return i;
    cli_choices_text(list, sizeof(list), opt->choices);
    near = cli_suggest(value, opt->choices, &len);
    if (near != NULL)
        cli_usage(NULL, "--%s: '%s' is not %s; did you mean '%.*s'?", opt->name,
                  cli_text(value), list, (int)len, near);
    else
        cli_usage(NULL, "--%s: '%s' is not %s", opt->name, cli_text(value), list);
    return -1;
}
