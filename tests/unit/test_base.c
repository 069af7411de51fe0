/* test_base.c — the arena, the string builder, errors and JSON reading.
 *
 * These are the layers everything else stands on, so each promise their headers
 * make is checked here: arena memory is zeroed and 16-byte aligned, survives
 * block changes and growth; sb strings stay NUL-terminated at any length; err_t
 * is filled exactly; jv_parse rejects what the request contract rejects and says
 * where. Run under ASan, whose malloc fills fresh memory with 0xbe, so "zeroed"
 * is a real check. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/json.h"
#include "base/sb.h"

/* ---- helpers ---------------------------------------------------------------- */

static void assert_all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            fail_msg("byte %zu of %zu is 0x%02x, want 0", i, n, b[i]);
}

static void assert_aligned16(const void *p)
{
    if ((uintptr_t)p % 16)
        fail_msg("%p is not 16-byte aligned", p);
}

/* ---- arena ------------------------------------------------------------------ */

static void test_arena_alloc_is_zeroed_and_aligned(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    /* Odd sizes, so a misrounded bump pointer would show up as misalignment. */
    static const size_t sizes[] = {1, 2, 3, 7, 15, 16, 17, 31, 33, 100, 255, 1000, 4095, 4097};
    for (int round = 0; round < 50; round++)
        for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
            unsigned char *p = arena_alloc(a, sizes[i]);
            assert_non_null(p);
            assert_aligned16(p);
            assert_all_zero(p, sizes[i]);
            memset(p, 0xAB, sizes[i]); /* dirty it: the next allocation must not see this */
        }
    arena_free(a);
}

static void test_arena_zero_size_alloc(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    void *p = arena_alloc(a, 0);
    void *q = arena_alloc(a, 1);
    assert_aligned16(p);
    assert_aligned16(q);
    arena_free(a);
}

static void test_arena_allocations_do_not_overlap(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    enum { N = 3000 };
    static unsigned char *ptrs[N];
    static size_t lens[N];
    /* ~3000 allocations of 1..200 bytes cross several 64 KiB blocks. */
    for (int i = 0; i < N; i++) {
        lens[i] = (size_t)(i * 37 % 200) + 1;
        ptrs[i] = arena_alloc(a, lens[i]);
        memset(ptrs[i], i & 0xFF, lens[i]);
    }
    for (int i = 0; i < N; i++)
        for (size_t k = 0; k < lens[i]; k++)
            if (ptrs[i][k] != (unsigned char)(i & 0xFF))
                fail_msg("allocation %d byte %zu was overwritten", i, k);
    arena_free(a);
}

static void test_arena_large_allocations(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    char *small1 = arena_strdup(a, "before");
    /* Larger than a block (64 KiB), larger than a quarter block, and huge. */
    static const size_t big[] = {64 * 1024 + 1, 20 * 1024, 1024 * 1024, 8 * 1024 * 1024};
    unsigned char *p[4];
    for (int i = 0; i < 4; i++) {
        p[i] = arena_alloc(a, big[i]);
        assert_aligned16(p[i]);
        assert_all_zero(p[i], big[i]);
        memset(p[i], 'A' + i, big[i]);
    }
    /* Small allocations keep working after the big ones, and nothing moved. */
    char *small2 = arena_strdup(a, "after");
    for (int i = 0; i < 4; i++)
        assert_true(p[i][0] == 'A' + i && p[i][big[i] - 1] == 'A' + i);
    assert_string_equal(small1, "before");
    assert_string_equal(small2, "after");
    arena_free(a);
}

static void test_arena_used_counts_rounded_sizes(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    assert_int_equal(arena_used(a), 0);
    (void)arena_alloc(a, 1);
    assert_int_equal(arena_used(a), 16);
    (void)arena_alloc(a, 16);
    assert_int_equal(arena_used(a), 32);
    (void)arena_alloc(a, 100 * 1024);
    assert_int_equal(arena_used(a), 32 + 100 * 1024);
    arena_free(a);
}

static void test_arena_calloc(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    long long *v = arena_calloc(a, 1000, sizeof(long long));
    assert_aligned16(v);
    assert_all_zero(v, 1000 * sizeof(long long));
    v[999] = 42;
    assert_int_equal(v[999], 42);
    arena_free(a);
}

static void test_arena_grow_keeps_contents(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    int *v = arena_grow(a, NULL, 0, 4, sizeof(int));
    assert_all_zero(v, 4 * sizeof(int));
    for (int i = 0; i < 4; i++)
        v[i] = i + 1;
    int *w = arena_grow(a, v, 4, 100000, sizeof(int)); /* crosses into its own block */
    for (int i = 0; i < 4; i++)
        assert_int_equal(w[i], i + 1);
    assert_all_zero(w + 4, (100000 - 4) * sizeof(int)); /* the new tail is zeroed */
    /* Shrinking keeps the prefix. */
    int *s = arena_grow(a, w, 100000, 2, sizeof(int));
    assert_int_equal(s[0], 1);
    assert_int_equal(s[1], 2);
    arena_free(a);
}

typedef struct {
    int id;
    const char *name;
} item_t;

static void test_arena_push_grows_by_doubling(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    item_t *items = NULL;
    int n = 0, cap = 0;
    ARENA_PUSH(a, items, n, cap, ((item_t){1, "one"}));
    assert_int_equal(n, 1);
    assert_int_equal(cap, 8);
    for (int i = 2; i <= 1000; i++)
        ARENA_PUSH(a, items, n, cap, ((item_t){i, arena_printf(a, "item %d", i)}));
    assert_int_equal(n, 1000);
    assert_int_equal(cap, 1024);
    assert_string_equal(items[0].name, "one");
    for (int i = 0; i < n; i++)
        assert_int_equal(items[i].id, i + 1);
    assert_string_equal(items[999].name, "item 1000");
    /* Pointers pushed into an array of pointers, as the catalog does. */
    const char **names = NULL;
    int nn = 0, ncap = 0;
    for (int i = 0; i < 9; i++)
        ARENA_PUSH(a, names, nn, ncap, i % 2 ? "odd" : "even");
    assert_int_equal(ncap, 16);
    assert_string_equal(names[8], "even");
    assert_string_equal(names[7], "odd");
    arena_free(a);
}

static void test_arena_strings(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    assert_null(arena_strdup(a, NULL));
    assert_string_equal(arena_strdup(a, ""), "");
    const char *src = "hello, world";
    char *d = arena_strdup(a, src);
    assert_string_equal(d, src);
    assert_ptr_not_equal(d, src);
    assert_string_equal(arena_strndup(a, src, 5), "hello");
    assert_string_equal(arena_strndup(a, "ab\0cd", 5), "ab"); /* copies n bytes, NUL-ends */
    assert_string_equal(arena_printf(a, "%s=%d %.2f", "x", 42, 1.5), "x=42 1.50");
    char longer[3000];
    memset(longer, 'z', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    char *p = arena_printf(a, "[%s]", longer);
    assert_int_equal(strlen(p), 3001);
    assert_true(p[0] == '[' && p[3000] == ']');
    arena_free(a);
}

static void test_arena_free_null(void **state)
{
    (void)state;
    arena_free(NULL); /* a no-op, like free(NULL) */
}

/* ---- sb --------------------------------------------------------------------- */

static void test_sb_empty_is_empty_string(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    sb_t sb;
    sb_init(&sb, a);
    assert_string_equal(sb_str(&sb), "");
    assert_int_equal(sb.len, 0);
    arena_free(a);
}

static void test_sb_add(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    sb_t sb;
    sb_init(&sb, a);
    sb_add(&sb, "SELECT");
    sb_addc(&sb, ' ');
    sb_addn(&sb, "id, name", 2);
    sb_add(&sb, "");
    sb_addf(&sb, " FROM %s WHERE %s = %d", "t", "x", -7);
    assert_string_equal(sb_str(&sb), "SELECT id FROM t WHERE x = -7");
    assert_int_equal(sb.len, strlen("SELECT id FROM t WHERE x = -7"));
    arena_free(a);
}

static void test_sb_long_strings(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    sb_t sb;
    sb_init(&sb, a);
    /* sb_add growing one character at a time past the initial 64 bytes. */
    for (int i = 0; i < 1000; i++)
        sb_addc(&sb, (char)('a' + i % 26));
    assert_int_equal(sb.len, 1000);
    assert_int_equal(strlen(sb_str(&sb)), 1000);
    assert_int_equal(sb_str(&sb)[999], 'a' + 999 % 26);
    /* sb_addf whose output does not fit the current capacity. */
    char big[5000];
    memset(big, 'Q', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    sb_addf(&sb, "<%s>%d", big, 123);
    assert_int_equal(sb.len, 1000 + 1 + 4999 + 1 + 3);
    assert_int_equal(strlen(sb_str(&sb)), sb.len);
    assert_memory_equal(sb_str(&sb) + 1000, "<QQQ", 4);
    assert_string_equal(sb_str(&sb) + sb.len - 5, "Q>123");
    /* A fresh builder whose first addf is larger than 64 bytes. */
    sb_t s2;
    sb_init(&s2, a);
    sb_addf(&s2, "%0100d", 7);
    assert_int_equal(s2.len, 100);
    assert_string_equal(s2.buf + 97, "007");
    arena_free(a);
}

static void test_sb_addf_exactly_at_capacity(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    sb_t sb;
    sb_init(&sb, a);
    /* 63 characters fill the initial 64-byte buffer with its NUL; 64 do not. */
    sb_addf(&sb, "%063d", 1);
    assert_int_equal(sb.len, 63);
    sb_addf(&sb, "%s", "x");
    assert_int_equal(sb.len, 64);
    assert_int_equal(strlen(sb_str(&sb)), 64);
    assert_int_equal(sb_str(&sb)[63], 'x');
    arena_free(a);
}

static void test_sb_truncate(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    sb_t sb;
    sb_init(&sb, a);
    sb_add(&sb, "a, b, c, ");
    sb_truncate(&sb, sb.len - 2);
    assert_string_equal(sb_str(&sb), "a, b, c");
    sb_truncate(&sb, 100); /* longer than the string: unchanged */
    assert_string_equal(sb_str(&sb), "a, b, c");
    assert_int_equal(sb.len, 7);
    sb_add(&sb, "!"); /* appending after a truncate continues at the cut */
    assert_string_equal(sb_str(&sb), "a, b, c!");
    sb_truncate(&sb, 0);
    assert_string_equal(sb_str(&sb), "");
    arena_free(a);
}

static void test_sb_repeat(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    sb_t sb;
    sb_init(&sb, a);
    sb_repeat(&sb, "-", 0);
    assert_string_equal(sb_str(&sb), "");
    sb_repeat(&sb, "ab", 3);
    assert_string_equal(sb_str(&sb), "ababab");
    sb_repeat(&sb, "  ", -2); /* negative counts add nothing */
    assert_string_equal(sb_str(&sb), "ababab");
    sb_truncate(&sb, 0);
    sb_repeat(&sb, "─", 40); /* multi-byte, past the initial capacity */
    assert_int_equal(sb.len, 40 * strlen("─"));
    arena_free(a);
}

static void test_sb_old_strings_stay_valid(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    sb_t sb;
    sb_init(&sb, a);
    sb_add(&sb, "short");
    const char *early = arena_strdup(a, sb_str(&sb));
    for (int i = 0; i < 100; i++)
        sb_add(&sb, "0123456789");
    assert_string_equal(early, "short");
    assert_int_equal(strncmp(sb_str(&sb), "short0123456789", 15), 0);
    arena_free(a);
}

/* ---- err -------------------------------------------------------------------- */

static void test_err_set(void **state)
{
    (void)state;
    err_t err;
    memset(&err, 0x55, sizeof(err)); /* garbage in: err_set must not keep any */
    assert_int_equal(err_set(&err, ERR_SYNTAX, "bad %s at %d", "token", 7), -1);
    assert_int_equal(err.code, ERR_SYNTAX);
    assert_string_equal(err.message, "bad token at 7");
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);
    assert_int_equal(err.statement, 0);
    assert_string_equal(err.path, "");
}

static void test_err_set_null_err_still_fails(void **state)
{
    (void)state;
    assert_int_equal(err_set(NULL, ERR_INTERNAL, "x"), -1);
    assert_int_equal(err_set_path(NULL, "/a", "x"), -1);
}

static void test_err_set_path(void **state)
{
    (void)state;
    err_t err;
    memset(&err, 0x55, sizeof(err));
    assert_int_equal(err_set_path(&err, "/options/fail_on", "%s: nope", "options.fail_on"), -1);
    assert_int_equal(err.code, ERR_INVALID_REQUEST);
    assert_string_equal(err.path, "/options/fail_on");
    assert_string_equal(err.message, "options.fail_on: nope");
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);
}

static void test_err_long_texts_are_cut_not_overflowed(void **state)
{
    (void)state;
    err_t err;
    char longmsg[3000], longpath[500];
    memset(longmsg, 'm', sizeof(longmsg) - 1);
    longmsg[sizeof(longmsg) - 1] = '\0';
    memset(longpath, 'p', sizeof(longpath) - 1);
    longpath[0] = '/';
    longpath[sizeof(longpath) - 1] = '\0';
    err_set_path(&err, longpath, "%s", longmsg);
    assert_int_equal(strlen(err.message), sizeof(err.message) - 1);
    assert_int_equal(strlen(err.path), sizeof(err.path) - 1);
    assert_int_equal(err.path[0], '/');
}

static void test_err_clear_and_code_names(void **state)
{
    (void)state;
    err_t err;
    err_set(&err, ERR_IO, "x");
    err.line = 3;
    err_clear(&err);
    assert_int_equal(err.code, ERR_NONE);
    assert_string_equal(err.message, "");
    assert_int_equal(err.line, 0);
    static const struct {
        err_code_t code;
        const char *name;
    } names[] = {
        {ERR_NONE, "none"},
        {ERR_INVALID_REQUEST, "invalid_request"},
        {ERR_SYNTAX, "syntax_error"},
        {ERR_NOT_IMPLEMENTED, "not_implemented"},
        {ERR_IO, "io_error"},
        {ERR_UNREACHABLE, "database_unreachable"},
        {ERR_INTERNAL, "internal_error"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        assert_string_equal(err_code_name(names[i].code), names[i].name);
}

/* ---- jv: reading JSON ------------------------------------------------------- */

static json_value_t *parse_ok(const char *text)
{
    json_value_t *v = NULL;
    err_t err;
    if (jv_parse(text, strlen(text), &v, &err) < 0)
        fail_msg("jv_parse(%s): %s", text, err.message);
    return v;
}

static void test_jv_reads_values(void **state)
{
    (void)state;
    json_value_t *v = parse_ok("{\"s\": \"caf\\u00e9\", \"i\": 42, \"r\": 2.5, \"t\": true,"
                               " \"f\": false, \"n\": null, \"a\": [1, \"two\", [3]],"
                               " \"o\": {\"k\": \"v\"}}");
    assert_int_equal(jv_kind(v), JV_OBJECT);
    assert_int_equal(jv_kind(jv_get(v, "s")), JV_STRING);
    assert_string_equal(jv_string(jv_get(v, "s")), "caf\xc3\xa9");
    assert_int_equal(jv_string_len(jv_get(v, "s")), 5);
    assert_int_equal(jv_kind(jv_get(v, "i")), JV_INT);
    assert_true(jv_number(jv_get(v, "i")) == 42.0);
    assert_int_equal(jv_kind(jv_get(v, "r")), JV_REAL);
    assert_true(jv_number(jv_get(v, "r")) == 2.5);
    assert_int_equal(jv_kind(jv_get(v, "t")), JV_BOOL);
    assert_true(jv_bool(jv_get(v, "t")));
    assert_false(jv_bool(jv_get(v, "f")));
    assert_int_equal(jv_kind(jv_get(v, "n")), JV_NULL);
    json_value_t *arr = jv_get(v, "a");
    assert_int_equal(jv_kind(arr), JV_ARRAY);
    assert_int_equal(jv_array_len(arr), 3);
    assert_string_equal(jv_string(jv_array_at(arr, 1)), "two");
    assert_int_equal(jv_kind(jv_array_at(arr, 2)), JV_ARRAY);
    assert_null(jv_array_at(arr, 3));
    assert_string_equal(jv_string(jv_get(jv_get(v, "o"), "k")), "v");
    assert_null(jv_get(v, "missing"));
    /* Accessors of the wrong kind answer neutrally rather than crash. */
    assert_null(jv_string(jv_get(v, "i")));
    assert_int_equal(jv_array_len(jv_get(v, "s")), 0);
    jv_release(v);
}

static void test_jv_kind_names(void **state)
{
    (void)state;
    static const char *const want[] = {"null", "boolean", "integer", "number",
                                       "string", "array", "object"};
    static const jv_kind_t kinds[] = {JV_NULL, JV_BOOL, JV_INT, JV_REAL,
                                      JV_STRING, JV_ARRAY, JV_OBJECT};
    for (int i = 0; i < 7; i++)
        assert_string_equal(jv_kind_name(kinds[i]), want[i]);
}

static void test_jv_scalar_roots_are_accepted(void **state)
{
    (void)state;
    /* The request layer decides that a root must be an object, not the reader. */
    json_value_t *v = parse_ok("\"just a string\"");
    assert_int_equal(jv_kind(v), JV_STRING);
    jv_release(v);
    v = parse_ok("[]");
    assert_int_equal(jv_kind(v), JV_ARRAY);
    jv_release(v);
}

static void test_jv_parse_uses_len_not_nul(void **state)
{
    (void)state;
    const char *text = "{\"a\": 1}garbage that is not JSON";
    json_value_t *v = NULL;
    err_t err;
    assert_int_equal(jv_parse(text, 8, &v, &err), 0);
    assert_true(jv_number(jv_get(v, "a")) == 1.0);
    jv_release(v);
}

static int collect_keys(const char *key, json_value_t *val, void *ctx)
{
    sb_t *sb = ctx;
    sb_addf(sb, "%s%s", sb->len ? "," : "", key);
    return jv_kind(val) == JV_NULL ? -1 : 0; /* stop at the first null */
}

static void test_jv_object_each_in_document_order(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    json_value_t *v = parse_ok("{\"zeta\": 1, \"alpha\": 2, \"mid\": 3}");
    sb_t sb;
    sb_init(&sb, a);
    assert_int_equal(jv_object_each(v, collect_keys, &sb), 0);
    assert_string_equal(sb_str(&sb), "zeta,alpha,mid");
    jv_release(v);

    v = parse_ok("{\"a\": 1, \"stop\": null, \"never\": 3}");
    sb_init(&sb, a);
    assert_int_equal(jv_object_each(v, collect_keys, &sb), -1);
    assert_string_equal(sb_str(&sb), "a,stop");
    jv_release(v);
    arena_free(a);
}

/* An invalid document: the exact message and where it points (1-based line and
 * the column of the last character read, as jansson reports it). */
typedef struct {
    const char *name;
    const char *text;
    const char *message;
    int line, column;
} jv_error_case_t;

static void test_jv_errors(void **state)
{
    (void)state;
    static const jv_error_case_t cases[] = {
        {"duplicate key", "{\"a\": 1, \"a\": 2}",
         "invalid JSON: duplicate object key near '\"a\"'", 1, 12},
        {"duplicate key on a later line", "{\n  \"task_type\": \"optimize\",\n  \"task_type\": \"debug\"\n}",
         "invalid JSON: duplicate object key near '\"task_type\"'", 3, 13},
        {"duplicate key in a nested object", "{\"o\": {\"k\": 1, \"k\": 1}}",
         "invalid JSON: duplicate object key near '\"k\"'", 1, 18},
        {"bad token on line 3", "{\n  \"a\": 1,\n  \"b\": tru\n}",
         "invalid JSON: invalid token near 'tru'", 3, 10},
        {"unterminated array", "[1, 2", "invalid JSON: ']' expected near end of file", 1, 5},
        {"trailing garbage", "{\"a\": 1} x", "invalid JSON: end of file expected near 'x'", 1, 10},
        {"invalid UTF-8 in a string", "{\"q\": \"a\xff\"}",
         "invalid JSON: unable to decode byte 0xff near '\"a'", 1, 8},
        {"overlong UTF-8 in a string", "{\"q\": \"\xc0\xaf\"}",
         "invalid JSON: unable to decode byte 0xc0 near '\"'", 1, 7},
        {"escaped NUL", "{\"q\": \"a\\u0000b\"}",
         "invalid JSON: \\u0000 is not allowed without JSON_ALLOW_NUL near '\"a\\u0000b\"'", 1, 16},
        {"empty input", "", "invalid JSON: unexpected token near end of file", 1, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_value_t *v = NULL;
        err_t err;
        int rc = jv_parse(cases[i].text, strlen(cases[i].text), &v, &err);
        if (rc != -1)
            fail_msg("%s: parsed, want an error", cases[i].name);
        if (err.code != ERR_INVALID_REQUEST || strcmp(err.message, cases[i].message) ||
            err.line != cases[i].line || err.column != cases[i].column)
            fail_msg("%s: got code %d \"%s\" at %d:%d, want \"%s\" at %d:%d", cases[i].name,
                     err.code, err.message, err.line, err.column, cases[i].message,
                     cases[i].line, cases[i].column);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alloc_is_zeroed_and_aligned),
        cmocka_unit_test(test_arena_zero_size_alloc),
        cmocka_unit_test(test_arena_allocations_do_not_overlap),
        cmocka_unit_test(test_arena_large_allocations),
        cmocka_unit_test(test_arena_used_counts_rounded_sizes),
        cmocka_unit_test(test_arena_calloc),
        cmocka_unit_test(test_arena_grow_keeps_contents),
        cmocka_unit_test(test_arena_push_grows_by_doubling),
        cmocka_unit_test(test_arena_strings),
        cmocka_unit_test(test_arena_free_null),
        cmocka_unit_test(test_sb_empty_is_empty_string),
        cmocka_unit_test(test_sb_add),
        cmocka_unit_test(test_sb_long_strings),
        cmocka_unit_test(test_sb_addf_exactly_at_capacity),
        cmocka_unit_test(test_sb_truncate),
        cmocka_unit_test(test_sb_repeat),
        cmocka_unit_test(test_sb_old_strings_stay_valid),
        cmocka_unit_test(test_err_set),
        cmocka_unit_test(test_err_set_null_err_still_fails),
        cmocka_unit_test(test_err_set_path),
        cmocka_unit_test(test_err_long_texts_are_cut_not_overflowed),
        cmocka_unit_test(test_err_clear_and_code_names),
        cmocka_unit_test(test_jv_reads_values),
        cmocka_unit_test(test_jv_kind_names),
        cmocka_unit_test(test_jv_scalar_roots_are_accepted),
        cmocka_unit_test(test_jv_parse_uses_len_not_nul),
        cmocka_unit_test(test_jv_object_each_in_document_order),
        cmocka_unit_test(test_jv_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
