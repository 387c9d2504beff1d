/*
 * The field tables of the mappers: each struct's fields described once (the
 * JSON key, the kind of value, where it goes, what stands for "absent"), and
 * the one engine that reads a JSON object into a struct and frees it from the
 * same table. A member added to a struct goes into its table, so it is both
 * read and freed, or neither.
 */
#ifndef OFT_SRC_JSON_FIELDS_H
#define OFT_SRC_JSON_FIELDS_H

#include <stddef.h>

#include "json/json.h"
#include "json/list.h"
#include "openai_ft/graders.h"

/* What a field holds, how it is read, and whether it is freed. */
enum {
    OFT__K_STR,      /* const char *: a JSON string copied, else NULL (freed) */
    OFT__K_TIME,     /* int64_t seconds: oft__json_time, OFT_TIME_NONE when absent */
    OFT__K_INT,      /* int64_t: oft__json_int, dflt when absent */
    OFT__K_NUM,      /* double: int or real, NAN when absent */
    OFT__K_BOOL,     /* int: 1 or 0, dflt when absent */
    OFT__K_HP,       /* oft_hp_num: "auto", a number, else unset */
    OFT__K_TEXT,     /* const char *: compact JSON text of any non-null value (freed) */
    OFT__K_OBJTEXT,  /* const char *: the same, of a JSON object only (freed) */
    OFT__K_OBJECT,   /* a struct inside this one at `at`, read by sub from obj[key] */
    OFT__K_ITEM,     /* a pointer to an item of spec, read from a JSON object (freed) */
    OFT__K_SCORES,   /* const oft_grader_score *, its count at aux (freed) */
    OFT__K_CUSTOM,   /* read and freed by the field's own read and free */
    OFT__K_RESPONSE, /* const char *: request_id or raw_json, set by the engine (freed) */
};

typedef struct oft__field_ctx oft__field_ctx;
typedef struct oft__field oft__field;

/* A struct's fields, and how it is allocated. */
typedef struct oft__field_table {
    const oft__field *fields;
    size_t count;
    size_t size; /* the allocation oft__fields_new makes (a block may wrap the struct) */
    /* > 0: the struct's strings (STR) go into one allocation, whose pointer
     * is stored at this offset of the block (the hot path: a retrieved job). */
    size_t strings_at;
    /* Members derived from those read (an enum from its raw string); -1 when
     * out of memory. May be NULL. */
    int (*finish)(void *item);
} oft__field_table;

struct oft__field {
    const char *key;
    int kind;
    size_t at;                    /* offsetof the member */
    size_t aux;                   /* SCORES: its count */
    int64_t dflt;                 /* INT, BOOL: the value when absent */
    const oft__field_table *sub;  /* OBJECT */
    const oft__object_spec *spec; /* ITEM */
    /* CUSTOM: reads obj[key] (NULL when absent) into item (0, or -1 when out
     * of memory); frees what it read. */
    int (*read)(oft__field_ctx *x, void *item, const json_t *value);
    void (*free)(void *item);
};

/* offsetof(type, member), which does not compile unless the member is a T:
 * a table cannot read a field as what it is not. */
#define OFT__AT(type, member, T)                                                         \
    (offsetof(type, member) +                                                            \
     0 * sizeof(char[_Generic(((type *)0)->member, T : 1, default                        \
                              : -1)]))

#define OFT__FIELD(key, kind, type, member, T)                                           \
    {                                                                                    \
        key, kind, OFT__AT(type, member, T), 0, 0, NULL, NULL, NULL, NULL                \
    }
#define OFT__F_STR(key, type, member)                                                    \
    OFT__FIELD(key, OFT__K_STR, type, member, const char *)
#define OFT__F_TIME(key, type, member) OFT__FIELD(key, OFT__K_TIME, type, member, int64_t)
#define OFT__F_NUM(key, type, member)  OFT__FIELD(key, OFT__K_NUM, type, member, double)
#define OFT__F_HP(key, type, member)   OFT__FIELD(key, OFT__K_HP, type, member, oft_hp_num)
#define OFT__F_TEXT(key, type, member)                                                   \
    OFT__FIELD(key, OFT__K_TEXT, type, member, const char *)
#define OFT__F_OBJTEXT(key, type, member)                                                \
    OFT__FIELD(key, OFT__K_OBJTEXT, type, member, const char *)
#define OFT__F_INT(key, type, member, absent)                                            \
    {                                                                                    \
        key, OFT__K_INT, OFT__AT(type, member, int64_t), 0, absent, NULL, NULL, NULL,    \
            NULL                                                                         \
    }
#define OFT__F_BOOL(key, type, member, absent)                                           \
    {                                                                                    \
        key, OFT__K_BOOL, OFT__AT(type, member, int), 0, absent, NULL, NULL, NULL, NULL  \
    }
#define OFT__F_SCORES(key, type, member, count)                                          \
    {                                                                                    \
        key, OFT__K_SCORES, OFT__AT(type, member, const oft_grader_score *),             \
            OFT__AT(type, count, size_t), 0, NULL, NULL, NULL, NULL                      \
    }
#define OFT__F_OBJECT(key, type, member, table)                                          \
    {                                                                                    \
        key, OFT__K_OBJECT, offsetof(type, member), 0, 0, &(table), NULL, NULL, NULL     \
    }
/* Fields of this struct read from the object obj[key] (table: their offsets
 * in this struct). */
#define OFT__F_IN(key, table)                                                            \
    {                                                                                    \
        key, OFT__K_OBJECT, 0, 0, 0, &(table), NULL, NULL, NULL                          \
    }
#define OFT__F_ITEM(key, type, member, item_spec)                                        \
    {                                                                                    \
        key, OFT__K_ITEM, offsetof(type, member), 0, 0, NULL, &(item_spec), NULL, NULL   \
    }
#define OFT__F_CUSTOM(key, read_fn, free_fn)                                             \
    {                                                                                    \
        key, OFT__K_CUSTOM, 0, 0, 0, NULL, NULL, read_fn, free_fn                        \
    }
/* request_id and raw_json, which list.c sets: freed with the rest. */
#define OFT__F_RESPONSE(type)                                                            \
    {NULL,                                                                               \
     OFT__K_RESPONSE,                                                                    \
     OFT__AT(type, request_id, const char *),                                            \
     0,                                                                                  \
     0,                                                                                  \
     NULL,                                                                               \
     NULL,                                                                               \
     NULL,                                                                               \
     NULL},                                                                              \
    {                                                                                    \
        NULL, OFT__K_RESPONSE, OFT__AT(type, raw_json, const char *), 0, 0, NULL, NULL,  \
            NULL, NULL                                                                   \
    }

#define OFT__FIELD_TABLE(fields, type, finish)                                           \
    {                                                                                    \
        fields, sizeof(fields) / sizeof((fields)[0]), sizeof(type), 0, finish            \
    }

/* A new item (table->size bytes, zeroed) read from obj; NULL when out of
 * memory (nothing left behind). request_id is the response's, for a nested
 * item (ITEM). */
void *oft__fields_new(const oft__field_table *t, const json_t *obj,
                      const char *request_id);
/* Frees every member the table names, then the item; NULL is a no-op. */
void oft__fields_delete(const oft__field_table *t, void *item);
/* Reads obj into a caller's struct whose table has only fields that own
 * nothing (numbers, flags, nested structs of them). */
void oft__fields_read_plain(const oft__field_table *t, const json_t *obj, void *out);

/* For CUSTOM readers: a string into *slot (a char * or const char *
 * member), copied, or placed in the item's strings block. Anything but a
 * JSON string leaves the slot NULL. -1 when out of memory. */
int oft__fields_str(oft__field_ctx *x, void *slot, const json_t *v);
int oft__fields_strn(oft__field_ctx *x, void *slot, const char *s, size_t len);
/* Reads obj into the struct at base with table t (CUSTOM readers of nested
 * structs). -1 when out of memory. */
int oft__fields_read(oft__field_ctx *x, const oft__field_table *t, void *base,
                     const json_t *obj);
/* Frees what t names in the struct at base (CUSTOM frees of nested structs);
 * block: the struct's strings are in its item's strings block. */
void oft__fields_free(const oft__field_table *t, void *base, int block);

#endif
