/*
 * The engine of the field tables (json/fields.h): one pass over a table
 * reads a JSON object into a struct, another frees what the same table
 * names. Strings are copied one by one, or, for a table with a strings
 * block (a job: the hot path of bench_retrieve, where a malloc per field
 * cost more than the rest of the mapping), gathered and copied into one
 * allocation once all are known.
 */
#include <math.h>
#include <string.h>

#include "json/fields.h"

/* A string to copy into the strings block once all are known. */
typedef struct string_ref {
    void *slot; /* a char * or const char * member */
    const char *src;
    size_t len;
} string_ref;

struct oft__field_ctx {
    const char *request_id; /* the response's, for nested items */
    int block;              /* strings go into the block */
    string_ref few[32];
    string_ref *refs;
    size_t n, cap;
    int bad; /* out of memory */
};

static void ctx_init(oft__field_ctx *x, const char *request_id, int block)
{
    x->request_id = request_id;
    x->block = block;
    x->refs = x->few;
    x->n = 0;
    x->cap = sizeof(x->few) / sizeof(x->few[0]);
    x->bad = 0;
}

static void add_ref(oft__field_ctx *x, void *slot, const char *src, size_t len)
{
    if (x->bad)
        return;
    if (x->n == x->cap) {
        size_t cap = x->cap * 2;
        string_ref *p = oft__calloc(cap, sizeof(*p));
        if (!p) {
            x->bad = 1;
            return;
        }
        memcpy(p, x->refs, x->n * sizeof(*p));
        if (x->refs != x->few)
            oft__free(x->refs);
        x->refs = p;
        x->cap = cap;
    }
    x->refs[x->n++] = (string_ref){slot, src, len};
}

/* Copies every gathered string into one block (owned by *block) and fills
 * the slots; frees the gathering either way. */
static int commit_refs(oft__field_ctx *x, char **block)
{
    size_t total = 0;
    for (size_t i = 0; i < x->n; i++)
        total += x->refs[i].len + 1;
    if (!x->bad && total > 0 && !(*block = oft__malloc(total)))
        x->bad = 1;
    char *p = *block;
    for (size_t i = 0; !x->bad && i < x->n; i++) {
        memcpy(p, x->refs[i].src, x->refs[i].len);
        p[x->refs[i].len] = '\0';
        memcpy(x->refs[i].slot, &p, sizeof(p)); /* char * or const char * alike */
        p += x->refs[i].len + 1;
    }
    if (x->refs != x->few)
        oft__free(x->refs);
    return x->bad ? -1 : 0;
}

int oft__fields_strn(oft__field_ctx *x, void *slot, const char *s, size_t len)
{
    if (x->block) {
        add_ref(x, slot, s, len);
        return x->bad ? -1 : 0;
    }
    char *copy = oft__strndup(s, len);
    memcpy(slot, &copy, sizeof(copy));
    return copy ? 0 : -1;
}

int oft__fields_str(oft__field_ctx *x, void *slot, const json_t *v)
{
    if (!json_is_string(v))
        return 0;
    return oft__fields_strn(x, slot, json_string_value(v), json_string_length(v));
}

#define AT(base, f) ((char *)(base) + (f)->at)

static void set_ptr(void *slot, const void *p)
{
    memcpy(slot, &p, sizeof(p));
}

static void *get_ptr(const void *slot)
{
    void *p;
    memcpy(&p, slot, sizeof(p));
    return p;
}

/* The numeric entries of the map v, in its order; -1 when out of memory. */
static int read_scores(const json_t *v, void *slot, size_t *count)
{
    size_t n = json_is_object(v) ? json_object_size(v) : 0;
    if (n == 0)
        return 0;
    oft_grader_score *s = oft__calloc(n, sizeof(*s));
    if (!s)
        return -1;
    set_ptr(slot, s);
    const char *name;
    json_t *value;
    json_object_foreach((json_t *)OFT__MUTABLE(v), name, value)
    {
        if (!json_is_number(value))
            continue;
        s[*count].value = json_number_value(value);
        if (!(s[*count].name = oft__strdup(name)))
            return -1;
        ++*count;
    }
    return 0;
}

static void free_scores(const oft_grader_score *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        OFT__FREE_CONST(s[i].name);
    OFT__FREE_CONST(s);
}

/* A value's JSON text: NULL for absent and null; -1 when out of memory. */
static int read_text(const json_t *v, void *slot)
{
    if (!v || json_is_null(v))
        return 0;
    char *text = oft__json_dump_key(v, NULL);
    set_ptr(slot, text);
    return text ? 0 : -1;
}

/* Whether the field's reader takes obj[key]: numbers and flags look their key
 * up in json.h's readers, and request_id and raw_json have none. */
static int reads_value(const oft__field *f)
{
    switch (f->kind) {
        case OFT__K_TIME:
        case OFT__K_INT:
        case OFT__K_NUM:
        case OFT__K_BOOL:
        case OFT__K_HP:
        case OFT__K_RESPONSE:
            return 0;
        default:
            return 1;
    }
}

static int read_field(oft__field_ctx *x, const oft__field *f, void *base,
                      const json_t *obj)
{
    void *slot = AT(base, f);
    const json_t *v = reads_value(f) ? json_object_get(obj, f->key) : NULL;
    switch (f->kind) {
        case OFT__K_STR:
            return oft__fields_str(x, slot, v);
        case OFT__K_TIME:
            *(int64_t *)slot = oft__json_time(obj, f->key);
            return 0;
        case OFT__K_INT:
            *(int64_t *)slot = oft__json_int(obj, f->key, f->dflt);
            return 0;
        case OFT__K_NUM:
            *(double *)slot = oft__json_num(obj, f->key, NAN);
            return 0;
        case OFT__K_BOOL:
            *(int *)slot = oft__json_bool(obj, f->key, (int)f->dflt);
            return 0;
        case OFT__K_HP:
            *(oft_hp_num *)slot = oft__json_hp(obj, f->key);
            return 0;
        case OFT__K_TEXT:
            return read_text(v, slot);
        case OFT__K_OBJTEXT:
            return json_is_object(v) ? read_text(v, slot) : 0;
        case OFT__K_OBJECT:
            return oft__fields_read(x, f->sub, slot, v);
        case OFT__K_ITEM:
            if (!json_is_object(v))
                return 0;
            /* The item arrived in this response: it shares the request id. */
            set_ptr(slot, oft__item_from_json(f->spec, v, x->request_id));
            return get_ptr(slot) ? 0 : -1;
        case OFT__K_SCORES:
            return read_scores(v, slot, (size_t *)((char *)base + f->aux));
        case OFT__K_CUSTOM:
            return f->read(x, base, v);
        default: /* OFT__K_RESPONSE: list.c's */
            return 0;
    }
}

int oft__fields_read(oft__field_ctx *x, const oft__field_table *t, void *base,
                     const json_t *obj)
{
    int bad = 0;
    for (size_t i = 0; i < t->count; i++)
        bad |= read_field(x, &t->fields[i], base, obj);
    return bad ? -1 : 0;
}

void oft__fields_free(const oft__field_table *t, void *base, int block)
{
    for (size_t i = 0; i < t->count; i++) {
        const oft__field *f = &t->fields[i];
        void *slot = AT(base, f);
        switch (f->kind) {
            case OFT__K_STR:
                if (!block)
                    oft__free(get_ptr(slot));
                break;
            case OFT__K_TEXT:
            case OFT__K_OBJTEXT:
            case OFT__K_RESPONSE:
                oft__free(get_ptr(slot));
                break;
            case OFT__K_OBJECT:
                oft__fields_free(f->sub, slot, block);
                break;
            case OFT__K_ITEM: {
                void *item = get_ptr(slot);
                if (item)
                    f->spec->free_item(item);
                break;
            }
            case OFT__K_SCORES:
                free_scores(get_ptr(slot), *(size_t *)((char *)base + f->aux));
                break;
            case OFT__K_CUSTOM:
                f->free(base);
                break;
            default: /* numbers and flags own nothing */
                break;
        }
    }
}

void oft__fields_delete(const oft__field_table *t, void *item)
{
    if (!item)
        return;
    oft__fields_free(t, item, t->strings_at > 0);
    if (t->strings_at > 0)
        oft__free(get_ptr((char *)item + t->strings_at));
    oft__free(item);
}

void *oft__fields_new(const oft__field_table *t, const json_t *obj,
                      const char *request_id)
{
    void *item = oft__calloc(1, t->size);
    if (!item)
        return NULL;
    oft__field_ctx x;
    ctx_init(&x, request_id, t->strings_at > 0);
    int bad = oft__fields_read(&x, t, item, obj);
    if (x.block && commit_refs(&x, (char **)((char *)item + t->strings_at)) != 0)
        bad = -1;
    if (!bad && t->finish)
        bad = t->finish(item);
    if (bad) {
        oft__fields_delete(t, item);
        return NULL;
    }
    return item;
}

void oft__fields_read_plain(const oft__field_table *t, const json_t *obj, void *out)
{
    oft__field_ctx x;
    ctx_init(&x, NULL, 0);
    (void)oft__fields_read(&x, t, out, obj);
}
