/*
 * tests/test_plan_changes.c — the clinical diff of two plan versions (src/formats/plan_changes.c)
 * as a supervisor reads it before co-signing: program sessions are matched by what they are (the
 * main directive and its occurrence), not by their number, so a session added early does not
 * make every later session look changed; a replaced directive, a moved session, a removed one
 * and a changed length are each one line that names the session and the directive.
 */
#include "testutil.h"

#include "easel/report_read.h"

static struct easel_kb kb;

/* A plan body whose program runs the KB's interventions by index, 40 minutes each unless a
   minutes list says otherwise. */
static char *plan(const int *main, const int *minutes, size_t n)
{
    struct easel_buf b;
    easel_buf_init(&b, 1 << 16);
    easel_buf_puts(&b, "{\"format\":\"easel-plan/1\",\"sessions\":[");
    for (size_t i = 0; i < n; i++)
        easel_buf_printf(&b,
                         "%s{\"number\":%zu,\"objective\":\"1.1\",\"warm_up\":null,"
                         "\"main\":{\"id\":\"%s\",\"minutes\":%d},\"closure\":null}",
                         i ? "," : "", i + 1, kb.interventions[main[i]].id,
                         minutes ? minutes[i] : 40);
    easel_buf_puts(&b, "],\"total_cost_cents\":0}");
    char *s = strdup(easel_buf_str(&b));
    easel_buf_release(&b);
    return s;
}

struct changes {
    struct easel_arena a;
    const char **lines;
    size_t n;
};

static void diff(struct changes *c, const int *a, size_t na, const int *b, size_t nb,
                 const int *minutes_b)
{
    char *x = plan(a, NULL, na), *y = plan(b, minutes_b, nb);
    struct easel_error err = {0};
    easel_arena_init(&c->a);
    assert_int_equal(
        easel_plan_changes(x, strlen(x), y, strlen(y), &kb, &c->a, &c->lines, &c->n, &err), 0);
    free(x);
    free(y);
}

static const char *name(int i)
{
    return kb.interventions[i].name;
}

static void assert_line(const struct changes *c, size_t k, const char *want)
{
    assert_true(k < c->n);
    if (strcmp(c->lines[k], want) != 0)
        fail_msg("line %zu: got \"%s\", want \"%s\"", k, c->lines[k], want);
}

static void a_replaced_directive_is_one_line(void **state)
{
    (void)state;
    const int a[] = {0, 1, 2, 3, 4}, b[] = {0, 1, 2, 5, 4};
    struct changes c;
    diff(&c, a, 5, b, 5, NULL);
    assert_int_equal(c.n, 1);
    char want[512];
    snprintf(want, sizeof(want), "Session 4, main directive: %s -> %s", name(3), name(5));
    assert_line(&c, 0, want);
    easel_arena_release(&c.a);
}

static void a_session_added_early_does_not_change_the_later_ones(void **state)
{
    (void)state;
    /* session 2 added: sessions 2-4 become 3-5 and are the same sessions */
    const int a[] = {0, 1, 2, 3}, b[] = {0, 6, 1, 2, 3};
    struct changes c;
    diff(&c, a, 4, b, 5, NULL);
    char want[512];
    snprintf(want, sizeof(want), "Session 2 (%s) added", name(6));
    assert_int_equal(c.n, 4);
    assert_line(&c, 0, want);
    for (int k = 1; k <= 3; k++) { /* each said once as renumbered, none as changed */
        snprintf(want, sizeof(want), "Session %d (%s) is now session %d", k + 1, name(k), k + 2);
        assert_line(&c, (size_t)k, want);
    }
    for (size_t k = 0; k < c.n; k++)
        assert_null(strstr(c.lines[k], "->"));
    easel_arena_release(&c.a);
}

static void a_removed_session_is_named(void **state)
{
    (void)state;
    const int a[] = {0, 1, 2, 3}, b[] = {0, 1, 3};
    struct changes c;
    diff(&c, a, 4, b, 3, NULL);
    char want[512];
    assert_int_equal(c.n, 2);
    snprintf(want, sizeof(want), "Session 3 (%s) removed", name(2));
    assert_line(&c, 0, want);
    snprintf(want, sizeof(want), "Session 4 (%s) is now session 3", name(3));
    assert_line(&c, 1, want);
    easel_arena_release(&c.a);
}

static void swapped_sessions_are_moves(void **state)
{
    (void)state;
    const int a[] = {0, 1, 2}, b[] = {0, 2, 1};
    struct changes c;
    diff(&c, a, 3, b, 3, NULL);
    assert_int_equal(c.n, 2);
    char want1[512], want2[512];
    snprintf(want1, sizeof(want1), "Session 2 (%s) is now session 3", name(1));
    snprintf(want2, sizeof(want2), "Session 3 (%s) is now session 2", name(2));
    bool one = false, two = false;
    for (size_t k = 0; k < c.n; k++) {
        one |= strcmp(c.lines[k], want1) == 0;
        two |= strcmp(c.lines[k], want2) == 0;
    }
    assert_true(one && two);
    easel_arena_release(&c.a);
}

static void a_repeated_directive_keeps_its_occurrence(void **state)
{
    (void)state;
    /* the same directive twice: the second occurrence shortened is that session, not the first */
    const int a[] = {0, 1, 0, 2}, b[] = {0, 1, 0, 2};
    const int minutes[] = {40, 40, 25, 40};
    struct changes c;
    diff(&c, a, 4, b, 4, minutes);
    assert_int_equal(c.n, 1);
    char want[512];
    snprintf(want, sizeof(want), "Session 3, main directive (%s): 40 -> 25 minutes", name(0));
    assert_line(&c, 0, want);
    easel_arena_release(&c.a);
}

static void the_same_plan_has_no_changes(void **state)
{
    (void)state;
    const int a[] = {0, 1, 2, 3, 4, 5, 6, 7};
    struct changes c;
    diff(&c, a, 8, a, 8, NULL);
    assert_int_equal(c.n, 0);
    easel_arena_release(&c.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_replaced_directive_is_one_line),
        cmocka_unit_test(a_session_added_early_does_not_change_the_later_ones),
        cmocka_unit_test(a_removed_session_is_named),
        cmocka_unit_test(swapped_sessions_are_moves),
        cmocka_unit_test(a_repeated_directive_keeps_its_occurrence),
        cmocka_unit_test(the_same_plan_has_no_changes),
    };
    return tu_run_with_kb(&kb, tests);
}
