/*
 * The redaction of JSON text in its decoded form, for the retry engine
 * (net/http.c), which redacts every body it keeps in memory. A key a server
 * writes with escapes ("\u0073k-...", "sk\/...") holds no 8 characters of
 * itself in the raw text, which core/redact.c searches, yet any JSON decoder
 * (a binding's json.loads, jansson's json_dumps of a list's item) gives it
 * back whole. Here every string of the text, object keys included, is
 * compared with the keys as it decodes.
 */
#ifndef OFT_SRC_JSON_REDACT_H
#define OFT_SRC_JSON_REDACT_H

#include <stddef.h>

#include "core/redact.h"
#include "util/str.h"

/*
 * Redacts the text s[0..len) (a response body, JSON or not) for r: every key
 * and every piece of one in the raw text (core/redact.h's rules), then in
 * each string of it as a JSON decoder reads it: a run of decoded characters
 * that is a key or a piece of one is replaced, with the escapes it came from,
 * by OFT__REDACTED, and the rest of the text stays byte for byte. s need not
 * be valid JSON: a string runs from a '"' outside strings to the next
 * unescaped '"' (or the end), as every decoder reads it. out is an empty
 * oft__str. Returns 0 when nothing needs it (out untouched: the usual case,
 * without decoding anything when s has no backslash), 1 when out holds the
 * redacted text, -1 when out of memory (out freed). What was decoded is
 * wiped.
 */
int oft__json_redact(const oft__redactor *r, const char *s, size_t len, oft__str *out);

#endif
