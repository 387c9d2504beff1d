/*
 * No freed memory keeps a key (issue 12). The library wipes every block that
 * held the API key or the admin key before it frees it (its copies of the
 * options, each attempt's header lines, the redactor's pieces), and so does
 * libcurl through the memory functions the library gives it (curl builds
 * each request, Authorization line and all, in buffers of its own).
 *
 * Two checks, over requests with either key, retries, parallel transfers on
 * handles of their own, a POST and errors, against an openai-ft-emulator
 * process (a server in this process would keep copies of what it received):
 *  - an inspecting allocator (oft_set_allocator, in the style of
 *    test_alloc.h) looks at each block the library frees, or moves by a
 *    realloc, for any 8 characters of a key;
 *  - once the client and libcurl are gone, the process's heap and anonymous
 *    mappings (freed blocks included) are searched for the same. Reading
 *    freed memory is what ASan and valgrind forbid, and under
 *    ThreadSanitizer the anonymous mappings are its terabytes of shadow
 *    memory (the search never ends), so this second check runs in the plain
 *    build only.
 */
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "core/client_internal.h"
#include "emu_proc.h"
#include "openai_ft.h"
#include "net/http.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#endif
#endif
#ifndef VALGRIND_MAKE_MEM_DEFINED
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#endif

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif
#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#ifndef UNDER_TSAN
#define UNDER_TSAN 0
#endif

/* In .rodata: never in the heap but through the library. */
static const char api_key[] = "sk-proj-WipeTestApiKey0123456789abcdefXYZ";
static const char admin_key[] = "sk-admin-WipeTestAdminKey9876543210zyxwvu";

/* The offset of the first 8 characters of a key in p[0..n), or -1. */
static long key_piece_in(const unsigned char *p, size_t n)
{
    const char *keys[] = {api_key, admin_key};
    for (size_t k = 0; k < 2; k++) {
        size_t klen = strlen(keys[k]);
        for (size_t i = 0; i + 8 <= klen; i++) {
            const unsigned char *hit = memmem(p, n, keys[k] + i, 8);
            if (hit != NULL)
                return (long)(hit - p);
        }
    }
    return -1;
}

/* ---- the inspecting allocator: a size header before each block ---- */

typedef union block_head {
    size_t size;
    max_align_t align;
} block_head;

static struct {
    atomic_long frees;     /* blocks freed (or moved) and inspected */
    atomic_long offenders; /* of those, blocks holding a piece of a key */
    char first[160];       /* what the first offender held around the piece */
} seen;

static void inspect(const block_head *h)
{
    const unsigned char *p = (const unsigned char *)(h + 1);
    /* the whole block is read: bytes never written (struct padding) too */
    VALGRIND_MAKE_MEM_DEFINED(p, h->size);
    atomic_fetch_add(&seen.frees, 1);
    long at = key_piece_in(p, h->size);
    if (at >= 0 && atomic_fetch_add(&seen.offenders, 1) == 0) {
        size_t from = at > 40 ? (size_t)at - 40 : 0;
        size_t n = h->size - from < 100 ? h->size - from : 100;
        for (size_t i = 0; i < n; i++) /* printable, for the message */
            seen.first[i] =
                p[from + i] >= 0x20 && p[from + i] < 0x7f ? (char)p[from + i] : '.';
        seen.first[n] = '\0';
    }
}

static void *inspecting_malloc(size_t size, void *ctx)
{
    (void)ctx;
    block_head *h = malloc(sizeof(*h) + size);
    if (h == NULL)
        return NULL;
    h->size = size;
    return h + 1;
}

static void inspecting_free(void *ptr, void *ctx)
{
    (void)ctx;
    block_head *h = (block_head *)ptr - 1;
    inspect(h);
    free(h);
}

/* Always a move, so that a block that held a key and grew is seen freed. */
static void *inspecting_realloc(void *ptr, size_t size, void *ctx)
{
    if (ptr == NULL)
        return inspecting_malloc(size, ctx);
    block_head *h = (block_head *)ptr - 1;
    void *q = inspecting_malloc(size, ctx);
    if (q == NULL)
        return NULL;
    memcpy(q, ptr, h->size < size ? h->size : size);
    inspecting_free(ptr, ctx);
    return q;
}

/* ---- the heap search ---- */

/* Where in the process's writable private memory (the heap, anonymous
 * mappings; not stacks, not files) a piece of a key is: its address, or 0. */
static uintptr_t key_piece_in_memory(void)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    assert_non_null(maps);
    char line[512];
    uintptr_t found = 0;
    while (found == 0 && fgets(line, sizeof(line), maps) != NULL) {
        unsigned long lo, hi, inode;
        char perms[8], path[256] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %lu %255s", &lo, &hi, perms, &inode, path) <
            4)
            continue;
        int anonymous = inode == 0 && (path[0] == '\0' || strcmp(path, "[heap]") == 0);
        if (strcmp(perms, "rw-p") != 0 || !anonymous)
            continue;
        long at = key_piece_in((const unsigned char *)lo, hi - lo);
        if (at >= 0)
            found = lo + (uintptr_t)at;
    }
    fclose(maps);
    return found;
}

/* ---- the requests ---- */

static const char *emu_root;

static void set_fault(const char *json)
{
    char url[320];
    snprintf(url, sizeof(url), "%s/_emulator/faults", emu_root);
    http_reply r = http_do("POST", url, NULL, json);
    assert_int_equal(r.status, 200);
    http_reply_free(&r);
}

/* Requests that put either key on the wire, each way the library sends one. */
static void requests_with_both_keys(oft_client *c)
{
    oft_model_page *models = NULL;
    assert_int_equal(oft_model_list(&models, c), OFT_OK);
    oft_model_page_free(models);

    /* a retry after a 500: a second attempt's header lines */
    set_fault("{\"status\":500,\"status_count\":1}");
    assert_int_equal(oft_model_list(&models, c), OFT_OK);
    oft_model_page_free(models);
    set_fault("{\"status\":0,\"status_count\":0}");

    /* the admin key, on an error path (404) */
    oft_checkpoint_permission_page *perms = NULL;
    assert_int_equal(oft_checkpoint_permission_list(
                         &perms, c, "ft:gpt-4o-mini-2024-07-18:org:x:ckpt-step-1", NULL),
                     OFT_ENOTFOUND);

    /* a POST with a JSON body, refused */
    oft_job *job = NULL;
    assert_int_equal(oft_job_cancel(&job, c, "ftjob-none"), OFT_ENOTFOUND);

    /* parallel transfers, each on a curl handle of its own */
    oft__request reqs[3];
    oft__response resps[3];
    int results[3];
    for (int i = 0; i < 3; i++) {
        reqs[i] = (oft__request)OFT__REQUEST_INIT;
        reqs[i].method = "GET";
        reqs[i].path = "/models";
        reqs[i].admin = i == 1;
    }
    assert_int_equal(oft__http_send_many(c, reqs, resps, results, 3, 3), OFT_OK);
    for (int i = 0; i < 3; i++)
        oft__response_dispose(&resps[i]);
}

static void no_freed_block_keeps_a_key(void **state)
{
    (void)state;
    emu_proc emu;
    const char *args[] = {"--port", "0", "--quiet", NULL};
    emu_proc_start(&emu, args);
    emu_root = emu.root;

    oft_allocator a = {inspecting_malloc, inspecting_realloc, inspecting_free, NULL};
    oft_set_allocator(&a);
    assert_true(oft_global_init(OFT_GLOBAL_DEFAULT) > 0);
    oft_client_options o = OFT_CLIENT_OPTIONS_INIT;
    o.api_key = api_key;
    o.admin_key = admin_key;
    o.base_url = emu.url;
    o.initial_retry_delay_ms = 1;
    o.max_retry_delay_ms = 4;
    o.log_level = OFT_LOG_OFF;
    oft_client *c = NULL;
    assert_int_equal(oft_client_new(&c, &o), OFT_OK);
    requests_with_both_keys(c);
    oft_client_free(c);
    assert_int_equal(oft_global_cleanup(), 0); /* libcurl is gone too */
    oft_set_allocator(NULL);

    assert_true(atomic_load(&seen.frees) > 50);
    if (atomic_load(&seen.offenders) != 0)
        fail_msg("%ld freed block(s) kept a piece of a key; the first: \"%s\"",
                 atomic_load(&seen.offenders), seen.first);

    if (!UNDER_ASAN && !UNDER_TSAN && getenv("OFT_UNDER_VALGRIND") == NULL) {
        uintptr_t at = key_piece_in_memory();
        if (at != 0) {
            const unsigned char *p = (const unsigned char *)at;
            char around[81];
            for (size_t i = 0; i < 80; i++)
                around[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
            around[80] = '\0';
            fail_msg("a piece of a key in freed memory at %#lx: \"%s\"",
                     (unsigned long)at, around);
        }
    }
    assert_int_equal(emu_proc_stop(&emu), 0);
    emu_proc_cleanup(&emu);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH-TO-openai-ft-emulator\n", argv[0]);
        return 2;
    }
    emu_proc_binary = argv[1]; /* not emu_proc_init: libcurl is the library's to set up */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(no_freed_block_keeps_a_key, emu_proc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
