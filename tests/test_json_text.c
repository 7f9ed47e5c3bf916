/*
 * tests/test_json_text.c — web/json_text.c writes the same bytes as jansson's
 * json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) for every kind of value an answer holds: keys out
 * of order, with shared prefixes and escapes; strings with quotes, backslashes, every control
 * character and UTF-8; integers at their limits; reals jansson formats in its own way; nesting;
 * and the API's real answers (the committed JSON under examples/ and kb/, parsed and re-dumped).
 * The writer (web_jw_*, the chart's answer without a tree) gives the same bytes as the tree it
 * replaces, for the same values, and refuses what is not one JSON value.
 */
#include "cmocka_test.h"
#include "json_text.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void same_as_jansson(const json_t *v)
{
    char *want = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    size_t len = 0;
    char *got = web_json_text(v, &len);
    assert_non_null(want);
    assert_non_null(got);
    if (strcmp(want, got) != 0)
        fprintf(stderr, "jansson: %s\nours:    %s\n", want, got);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(want);
    free(got);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* v written through the writer's calls, members in key order as a handler writes them */
static void write_value(struct web_jw *w, const json_t *v)
{
    if (json_is_object(v)) {
        size_t n = json_object_size(v), k = 0;
        const char **keys = calloc(n ? n : 1, sizeof(*keys));
        assert_non_null(keys);
        const char *key;
        json_t *x;
        json_object_foreach((json_t *)v, key, x) keys[k++] = key;
        qsort(keys, n, sizeof(*keys), cmp_key);
        web_jw_object(w);
        for (size_t i = 0; i < n; i++) {
            web_jw_key(w, keys[i]);
            write_value(w, json_object_get(v, keys[i]));
        }
        web_jw_end(w);
        free(keys);
    } else if (json_is_array(v)) {
        web_jw_array(w);
        for (size_t i = 0; i < json_array_size(v); i++)
            write_value(w, json_array_get(v, i));
        web_jw_end(w);
    } else if (json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v)) {
        web_jw_str(w, json_string_value(v));
    } else if (json_is_integer(v)) {
        web_jw_int(w, json_integer_value(v));
    } else if (json_is_null(v)) {
        web_jw_null(w);
    } else {
        web_jw_value(w, v); /* reals, booleans, strings holding NUL */
    }
}

static void writer_same_as_tree(const json_t *v)
{
    struct web_jw w;
    web_jw_init(&w);
    write_value(&w, v);
    size_t len = 0;
    char *got = web_jw_finish(&w, &len);
    char *want = web_json_text(v, NULL);
    assert_non_null(got);
    assert_non_null(want);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);
    free(want);
}

static void scalars_and_escapes(void **state)
{
    (void)state;
    char controls[40];
    for (int c = 1; c < 32; c++)
        controls[c - 1] = (char)c;
    controls[31] = '\0';
    json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:b, s:b, s:n, s:[]}", "quote",
                          "a \"b\" \\c/ d", "controls", controls, "utf8",
                          "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8e\xa8", "empty", "", "max",
                          (json_int_t)INT64_MAX, "min", (json_int_t)INT64_MIN, "zero",
                          (json_int_t)0, "t", 1, "f", 0, "null", "list");
    assert_non_null(v);
    same_as_jansson(v);
    json_decref(v);
    /* a NUL inside a string (json_stringn) */
    json_t *s = json_object();
    json_object_set_new(s, "nul", json_stringn("a\0b", 3));
    same_as_jansson(s);
    json_decref(s);
}

static void reals(void **state)
{
    (void)state;
    const double values[] = {0.0,       -0.0,  0.1,   1.0,      -2.5,
                             3.0,       1e300, 1e-7,  1.5e-300, 123456789012345678.0,
                             2.0 / 3.0, 100.0, -1e21, 1e21,     0.30000000000000004};
    json_t *a = json_array();
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        json_t *one = json_real(values[i]);
        same_as_jansson(one);
        json_array_append_new(a, one);
    }
    same_as_jansson(a);
    json_decref(a);
}

static void keys_sorted_and_nesting(void **state)
{
    (void)state;
    json_t *v = json_object();
    const char *keys[] = {"b", "a", "ab", "a\"", "B", "", "z", "\xc3\xa9", "aa", "a b", "10", "9"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        json_object_set_new(v, keys[i], json_integer((json_int_t)i));
    json_object_set_new(
        v, "nested",
        json_pack("{s:[{s:{}}, [], [1, [2, [3]]]], s:{s:s}}", "x", "y", "z", "w", "v"));
    json_t *many = json_object(); /* more keys than the writer's stack array */
    for (int i = 0; i < 200; i++) {
        char k[16];
        snprintf(k, sizeof(k), "k%03d", (i * 37) % 200);
        json_object_set_new(many, k, json_integer(i));
    }
    json_object_set_new(v, "many", many);
    same_as_jansson(v);
    json_decref(v);
}

static void too_deep_is_refused(void **state)
{
    (void)state;
    json_t *top = json_array(), *at = top;
    for (int i = 0; i < WEB_JSON_DEPTH_MAX + 5; i++) {
        json_t *next = json_array();
        json_array_append_new(at, next);
        at = next;
    }
    assert_null(web_json_text(top, NULL));
    json_decref(top);
}

/* Every JSON file of a folder (recursively) re-dumped: real shapes of profiles, notes, KB. */
static int walk(const char *dir, int *files)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0) {
            json_error_t err;
            json_t *v = json_load_file(path, JSON_DECODE_ANY, &err);
            if (v) {
                same_as_jansson(v);
                if (json_is_object(v) || json_is_array(v))
                    writer_same_as_tree(v);
                json_decref(v);
                (*files)++;
            }
        } else {
            struct stat st;
            if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
                walk(path, files);
        }
    }
    closedir(d);
    return 0;
}

static void committed_json_files(void **state)
{
    (void)state;
    int files = 0;
    walk(EASEL_EXAMPLES_DIR, &files);
    walk(EASEL_KB_DIR, &files);
    printf("# %d JSON files re-dumped\n", files);
    assert_true(files >= 50);
}

/* A chart-like answer: nulls for absent strings, empty containers, an embedded tree; and what
   is not one whole value is refused rather than half-sent. */
static void writer_shapes_and_refusals(void **state)
{
    (void)state;
    struct web_jw w;
    web_jw_init(&w);
    json_t *tree = json_pack("{s:[i,s,n], s:{}}", "b", 1, "x\"y", "a", "nested");
    web_jw_object(&w);
    web_jw_key(&w, "a");
    web_jw_array(&w);
    web_jw_end(&w);
    web_jw_key(&w, "b");
    web_jw_str(&w, NULL);
    web_jw_key(&w, "c");
    web_jw_value(&w, tree);
    web_jw_key(&w, "d");
    web_jw_array(&w);
    web_jw_int(&w, -9223372036854775807LL - 1);
    web_jw_object(&w);
    web_jw_end(&w);
    web_jw_null(&w);
    web_jw_value(&w, NULL);
    web_jw_end(&w);
    web_jw_end(&w);
    json_decref(tree);
    size_t len = 0;
    char *got = web_jw_finish(&w, &len);
    const char *want = "{\"a\":[],\"b\":null,\"c\":{\"a\":{},\"b\":[1,\"x\\\"y\",null]},"
                       "\"d\":[-9223372036854775808,{},null,null]}";
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);

    web_jw_object(&w); /* never closed */
    web_jw_key(&w, "a");
    web_jw_int(&w, 1);
    assert_null(web_jw_finish(&w, NULL));
    web_jw_array(&w); /* a key inside an array */
    web_jw_key(&w, "a");
    web_jw_end(&w);
    assert_null(web_jw_finish(&w, NULL));
    web_jw_end(&w); /* closes nothing */
    assert_null(web_jw_finish(&w, NULL));
    assert_null(web_jw_finish(&w, NULL));      /* nothing written */
    for (int i = 0; i < WEB_JW_DEPTH + 1; i++) /* deeper than the writer keeps */
        web_jw_array(&w);
    for (int i = 0; i < WEB_JW_DEPTH + 1; i++)
        web_jw_end(&w);
    assert_null(web_jw_finish(&w, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scalars_and_escapes),     cmocka_unit_test(reals),
        cmocka_unit_test(keys_sorted_and_nesting), cmocka_unit_test(too_deep_is_refused),
        cmocka_unit_test(committed_json_files),    cmocka_unit_test(writer_shapes_and_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
