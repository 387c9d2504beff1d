/*
 * The redactor: finds the client's keys in text before it is stored or
 * shown. Whole keys go, and (for keys of OFT__KEY_PIECES_MIN characters or
 * more) so does every run of OFT__KEY_PIECE or more
 * characters taken from a key: what is left of a key cut by someone's limit
 * (a 160-byte parser message, a "%.60s"), split by an escape or a tag, or
 * begun or ended mid-text. Keys are found through a set of their 8-byte
 * windows, so a text is scanned once whatever the keys' length.
 */
#ifndef OFT_SRC_CORE_REDACT_H
#define OFT_SRC_CORE_REDACT_H

#include <stddef.h>
#include <stdint.h>

#include "util/str.h"

/* What stands where a key (or a piece of one) was. */
#define OFT__REDACTED "sk-...redacted"
/* The shortest run of a key's characters that is redacted. */
#define OFT__KEY_PIECE 8
/* Keys shorter than this are not searched for: they would mangle text. */
#define OFT__KEY_MIN 6
/* Keys at least this long lose their pieces too. A shorter one (a test or an
 * emulator's key, such as "sk-demo-emulator") is made of words that ordinary
 * text holds ("org-emulator"): it is only redacted whole. Real keys are 51
 * characters and more. */
#define OFT__KEY_PIECES_MIN 20
/* A text cut by someone else loses a tail of at least this many characters
 * that begins a key (shorter ones tell nothing). */
#define OFT__KEY_TAIL_MIN 4

typedef struct oft__redactor {
    const char *keys[2]; /* borrowed from the client, which wipes them */
    size_t lens[2];
    uint64_t *windows; /* open addressing; 0 is an empty slot */
    size_t mask;       /* slots - 1 */
    unsigned shift;    /* 64 - log2(slots) */
    /* A bit per hash of each 4 bytes of a key: text is sampled every 4 bytes
     * (each 8-byte piece holds an aligned 4 of them), windows looked up only
     * where a sample's bit is set. */
    uint64_t *quads;
    int whole[2]; /* keys[k] is looked for whole only (its windows are not in the set) */
} oft__redactor;

/* Makes r find keys (up to two; NULL or short ones are skipped); r must be
 * zeroed. The keys must outlive r. OFT_OK or OFT_ENOMEM. */
int oft__redactor_init(oft__redactor *r, const char *key1, const char *key2);
/* Wipes and frees what init made; r is zeroed again. */
void oft__redactor_dispose(oft__redactor *r);

/* 1 when s[0..len) holds a key or a piece of one (NULs and all). */
int oft__redact_found(const oft__redactor *r, const char *s, size_t len);
/* The first run of s[0..len) at or after `from` that oft__redact_put
 * replaces (a key, or a run of its pieces): 1 with its start in *at and its
 * length in *n, else 0. For a redaction of text in another form (a JSON
 * string's decoded value, json/redact.c). */
int oft__redact_next(const oft__redactor *r, const char *s, size_t len, size_t from,
                     size_t *at, size_t *n);

/*
 * Appends s[0..len) to out, every key and every piece of one replaced by
 * OFT__REDACTED. cut: s was cut short by someone else, so a tail of it that
 * begins a key (OFT__KEY_TAIL_MIN characters or more) is replaced too.
 */
void oft__redact_put(const oft__redactor *r, oft__str *out, const char *s, size_t len,
                     int cut);

#endif
