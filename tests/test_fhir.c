/*
 * tests/test_fhir.c — the pure parts of the FHIR layer (src/fhir/fhir_text.c): UUIDs derived from
 * a record's identity, XHTML escaping of the narrative, base64. The export itself is tested
 * end to end with the validators by fhir.validate (tests/fhir_test.sh).
 */
#include "testutil.h"

#include "easel/buf.h"
#include "easel/fhir.h"

#include <string.h>

static void uuid_is_derived(void **state)
{
    (void)state;
    char a[37], b[37], c[37];
    easel_fhir_uuid("demo/Patient", a);
    easel_fhir_uuid("demo/Patient", b);
    easel_fhir_uuid("demo/Patient ", c);
    /* pinned: the first 128 bits of SHA-256("easel-fhir/1\ndemo/Patient"), version 8, variant
       10 (computed independently with Python's hashlib) */
    assert_string_equal(a, "77eb270a-788d-8e45-81f6-930c7ac5a029");
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    easel_fhir_uuid("x", a);
    assert_string_equal(a, "6bf3347b-911a-80ae-b592-9d36909b94a9");
}

static void uuid_shape(void **state)
{
    (void)state;
    static const char *const ids[] = {"", "a", "r/Goal/v1/1.1", "r/Goal/v1/1.2", "r/CarePlan/v12"};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        char u[37];
        easel_fhir_uuid(ids[i], u);
        assert_int_equal(strlen(u), 36);
        for (int k = 0; k < 36; k++) {
            if (k == 8 || k == 13 || k == 18 || k == 23)
                assert_int_equal(u[k], '-');
            else
                assert_non_null(strchr("0123456789abcdef", u[k]));
        }
        assert_int_equal(u[14], '8');           /* version */
        assert_non_null(strchr("89ab", u[19])); /* variant 10 */
    }
}

static void xhtml_escape(void **state)
{
    (void)state;
    struct easel_buf b;
    easel_buf_init(&b, 1024);
    assert_int_equal(easel_fhir_xhtml_escape(&b, "a<b>&\"c\" 'd' </div><script>x</script>"), 0);
    assert_string_equal(easel_buf_str(&b), "a&lt;b&gt;&amp;&quot;c&quot; &#39;d&#39; "
                                           "&lt;/div&gt;&lt;script&gt;x&lt;/script&gt;");
    b.len = 0;
    /* control characters XML forbids are dropped; tab, newline and UTF-8 stay */
    easel_fhir_xhtml_escape(&b, "x\x01y\tz\n\xc3\xa9\x1f");
    assert_string_equal(easel_buf_str(&b), "xy\tz\n\xc3\xa9");
    b.len = 0;
    easel_fhir_xhtml_escape(&b, "");
    easel_fhir_xhtml_escape(&b, "&amp;");
    assert_string_equal(easel_buf_str(&b), "&amp;amp;"); /* text, never markup */
    easel_buf_release(&b);
}

static void xhtml_escape_cap(void **state)
{
    (void)state;
    struct easel_buf b;
    easel_buf_init(&b, 8);
    assert_int_equal(easel_fhir_xhtml_escape(&b, "<<<<<<"), EASEL_ETOOBIG);
    easel_buf_release(&b);
}

static void base64(void **state)
{
    (void)state;
    struct easel_buf b;
    easel_buf_init(&b, 1 << 20);
    static const struct {
        const char *in, *out;
    } cases[] = {{"", ""},        {"M", "TQ=="},          {"Ma", "TWE="},
                 {"Man", "TWFu"}, {"foobar", "Zm9vYmFy"}, {"fooba", "Zm9vYmE="}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        b.len = 0;
        assert_int_equal(easel_fhir_base64(&b, cases[i].in, strlen(cases[i].in)), 0);
        assert_int_equal(b.len, strlen(cases[i].out));
        if (b.len)
            assert_memory_equal(b.data, cases[i].out, b.len);
    }
    /* longer than the encoder's chunk: every byte value, length checked */
    unsigned char all[10000];
    for (size_t i = 0; i < sizeof(all); i++)
        all[i] = (unsigned char)(i * 7);
    b.len = 0;
    assert_int_equal(easel_fhir_base64(&b, all, sizeof(all)), 0);
    assert_int_equal(b.len, (sizeof(all) + 2) / 3 * 4);
    assert_int_equal(b.data[b.len - 1], '=');
    easel_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(uuid_is_derived),
                                       cmocka_unit_test(uuid_shape), cmocka_unit_test(xhtml_escape),
                                       cmocka_unit_test(xhtml_escape_cap),
                                       cmocka_unit_test(base64)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
