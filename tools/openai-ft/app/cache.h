/*
 * openai-ft: the lists of IDs the completion offers and their cache on disk
 * (cache.c).
 */
#ifndef OFT_CLI_CACHE_H
#define OFT_CLI_CACHE_H

#include <stddef.h>

typedef struct cli_id_list {
    char **ids;
    size_t n, cap;
} cli_id_list;

/* Copies id in (one a line cannot hold is left out); 0 or -1. */
int cli_ids_add(cli_id_list *l, const char *id);
void cli_ids_free(cli_id_list *l);

/* The fresh (under 30 s) IDs of kind for scope into l: 0, or -1 for none. */
int cli_cache_read(cli_id_list *l, const char *kind, const char *scope);
/* Keeps l as the IDs of kind for scope (nothing when the cache cannot be used). */
void cli_cache_write(const cli_id_list *l, const char *kind, const char *scope);

#endif
