/*
 * tests/test_buf.c — core/buf.c and core/arena.c: hard caps, sticky failure, JSON and HTML
 * escaping.
 */
#include "cmocka_test.h"

#include "easel/error.h"

#include "easel/arena.h"
#include "easel/buf.h"

static void cap_is_enforced(void **state)
{
    (void)state;
    struct easel_buf b;
    easel_buf_init(&b, 16);
    assert_int_equal(easel_buf_puts(&b, "0123456789"), 0);
    assert_int_equal(easel_buf_puts(&b, "0123456789"), EASEL_ETOOBIG);
    assert_int_equal(b.failed, EASEL_ETOOBIG);
    /* sticky: later small appends fail too, and the content is unchanged */
    assert_int_equal(easel_buf_puts(&b, "x"), EASEL_ETOOBIG);
    assert_string_equal(easel_buf_str(&b), "0123456789");
    easel_buf_release(&b);
}

static void json_escape(void **state)
{
    (void)state;
    struct easel_buf b;
    easel_buf_init(&b, 1024);
    easel_buf_json_str(&b, "a\"b\\c\nd\te\x01 \xc3\xa9");
    assert_string_equal(easel_buf_str(&b), "\"a\\\"b\\\\c\\nd\\te\\u0001 \xc3\xa9\"");
    easel_buf_release(&b);
}

static void html_escape(void **state)
{
    (void)state;
    struct easel_buf b;
    const char *in = "a&b<c>\"d'\te\nf\x01g";
    easel_buf_init(&b, 256);
    assert_int_equal(easel_buf_html(&b, in, 0), 0);
    assert_string_equal(easel_buf_str(&b), "a&amp;b&lt;c&gt;&quot;d&#39;\te\nf\x01g");
    easel_buf_release(&b);
    easel_buf_init(&b, 256);
    easel_buf_html(&b, in, EASEL_ESC_BR);
    assert_string_equal(easel_buf_str(&b), "a&amp;b&lt;c&gt;&quot;d&#39;\te<br>f\x01g");
    easel_buf_release(&b);
    easel_buf_init(&b, 256);
    easel_buf_html(&b, in, EASEL_ESC_NO_CONTROLS);
    easel_buf_html(&b, NULL, EASEL_ESC_NO_CONTROLS);
    assert_string_equal(easel_buf_str(&b), "a&amp;b&lt;c&gt;&quot;d&#39;\te\nfg");
    easel_buf_release(&b);
}

static void printf_grows(void **state)
{
    (void)state;
    struct easel_buf b;
    easel_buf_init(&b, 1 << 20);
    for (int i = 0; i < 1000; i++)
        easel_buf_printf(&b, "%04d,", i);
    assert_int_equal(b.len, 5000);
    assert_memory_equal(b.data + 4995, "0999,", 5);
    easel_buf_release(&b);
}

static void arena_basics(void **state)
{
    (void)state;
    struct easel_arena a;
    easel_arena_init(&a);
    char *s = easel_arena_printf(&a, "%s-%d", "x", 42);
    assert_string_equal(s, "x-42");
    unsigned char *big = easel_arena_alloc(&a, 200000); /* larger than a chunk */
    assert_non_null(big);
    assert_int_equal(big[199999], 0);
    assert_int_equal((uintptr_t)big % 16, 0);
    easel_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(cap_is_enforced),
                                       cmocka_unit_test(json_escape), cmocka_unit_test(html_escape),
                                       cmocka_unit_test(printf_grows),
                                       cmocka_unit_test(arena_basics)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
