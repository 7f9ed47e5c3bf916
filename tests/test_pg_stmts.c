/*
 * tests/test_pg_stmts.c — store/pg_stmts.c, the PostgreSQL backend's memory of the statements a
 * connection has run: a statement's first run is unnamed (a one-shot command pays nothing), its
 * second prepares it under a name, later runs use that name; SET, BEGIN and DDL are never
 * prepared; at most PG_STMTS_MAX texts per connection; a failed name is never prepared again;
 * a reset connection starts over with names not used before. (That the server really runs the
 * named statements, and recovers when one is invalidated, is in tests/test_store.c on
 * PostgreSQL: pg_prepared_statements.)
 */
#include "cmocka_test.h"
#include "pg_stmts.h"

#include <stdio.h>
#include <string.h>

static void first_unnamed_then_prepared_then_named(void **state)
{
    (void)state;
    struct pg_stmts *c = pg_stmts_new();
    assert_non_null(c);
    char name[24] = "", again[24] = "";
    const char *sql = "SELECT id FROM clients WHERE ref = $1";
    assert_int_equal(pg_stmts_use(c, sql, name), PG_STMT_UNNAMED);
    assert_int_equal(pg_stmts_use(c, sql, name), PG_STMT_PREPARE);
    assert_true(strncmp(name, "easel_", 6) == 0);
    assert_int_equal(pg_stmts_use(c, sql, again), PG_STMT_NAMED);
    assert_string_equal(again, name);
    /* the same text in another buffer is the same statement; another text is another */
    char copy[64];
    snprintf(copy, sizeof(copy), "%s", sql);
    assert_int_equal(pg_stmts_use(c, copy, again), PG_STMT_NAMED);
    assert_string_equal(again, name);
    const char *other = "SELECT id FROM clients WHERE ref = $2";
    assert_int_equal(pg_stmts_use(c, other, again), PG_STMT_UNNAMED);
    assert_int_equal(pg_stmts_use(c, other, again), PG_STMT_PREPARE);
    assert_string_not_equal(again, name);
    size_t known, prepared;
    pg_stmts_counts(c, &known, &prepared);
    assert_int_equal(known, 2);
    assert_int_equal(prepared, 2);
    pg_stmts_free(c);
}

static void only_plain_statements_are_kept(void **state)
{
    (void)state;
    struct pg_stmts *c = pg_stmts_new();
    char name[24];
    static const char *const never[] = {"BEGIN",
                                        "COMMIT",
                                        "SET LOCAL easel.sealing = 'on'",
                                        "CREATE TABLE t (a int)",
                                        "ALTER TABLE t ADD COLUMN b int",
                                        "select 1",
                                        "SELECT",
                                        "COPY t FROM STDIN",
                                        ""};
    for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
        for (int k = 0; k < 3; k++)
            assert_int_equal(pg_stmts_use(c, never[i], name), PG_STMT_UNNAMED);
    static const char *const kept[] = {"SELECT 1", "INSERT INTO t VALUES ($1)",
                                       "UPDATE t SET a = $1", "DELETE FROM t WHERE a = $1",
                                       "WITH x AS (SELECT 1) SELECT * FROM x"};
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        assert_int_equal(pg_stmts_use(c, kept[i], name), PG_STMT_UNNAMED);
        assert_int_equal(pg_stmts_use(c, kept[i], name), PG_STMT_PREPARE);
    }
    size_t known, prepared;
    pg_stmts_counts(c, &known, &prepared);
    assert_int_equal(known, 5);
    pg_stmts_free(c);
}

static void bounded_per_connection(void **state)
{
    (void)state;
    struct pg_stmts *c = pg_stmts_new();
    char sql[64], name[24];
    for (int i = 0; i < PG_STMTS_MAX + 50; i++) {
        snprintf(sql, sizeof(sql), "SELECT %d", i);
        assert_int_equal(pg_stmts_use(c, sql, name), PG_STMT_UNNAMED);
    }
    size_t known, prepared;
    pg_stmts_counts(c, &known, &prepared);
    assert_int_equal(known, PG_STMTS_MAX);
    /* the first PG_STMTS_MAX are prepared on their second run; the rest stay unnamed */
    for (int i = 0; i < PG_STMTS_MAX + 50; i++) {
        snprintf(sql, sizeof(sql), "SELECT %d", i);
        assert_int_equal(pg_stmts_use(c, sql, name),
                         i < PG_STMTS_MAX ? PG_STMT_PREPARE : PG_STMT_UNNAMED);
    }
    pg_stmts_counts(c, &known, &prepared);
    assert_int_equal(prepared, PG_STMTS_MAX);
    pg_stmts_free(c);
}

static void failed_stays_unnamed_and_reset_starts_over(void **state)
{
    (void)state;
    struct pg_stmts *c = pg_stmts_new();
    char name[24], later[24];
    const char *sql = "SELECT * FROM t";
    pg_stmts_use(c, sql, name);
    assert_int_equal(pg_stmts_use(c, sql, name), PG_STMT_PREPARE);
    pg_stmts_failed(c, sql);
    for (int k = 0; k < 3; k++)
        assert_int_equal(pg_stmts_use(c, sql, later), PG_STMT_UNNAMED);
    size_t known, prepared;
    pg_stmts_counts(c, &known, &prepared);
    assert_int_equal(prepared, 0);
    /* a reset: the server has no names; the text starts over, under a name not used before */
    pg_stmts_clear(c);
    pg_stmts_counts(c, &known, &prepared);
    assert_int_equal(known, 0);
    assert_int_equal(pg_stmts_use(c, sql, later), PG_STMT_UNNAMED);
    assert_int_equal(pg_stmts_use(c, sql, later), PG_STMT_PREPARE);
    assert_string_not_equal(later, name);
    pg_stmts_free(c);
    /* no cache (out of memory at open): everything runs unnamed */
    assert_int_equal(pg_stmts_use(NULL, sql, name), PG_STMT_UNNAMED);
    pg_stmts_failed(NULL, sql);
    pg_stmts_clear(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_unnamed_then_prepared_then_named),
        cmocka_unit_test(only_plain_statements_are_kept),
        cmocka_unit_test(bounded_per_connection),
        cmocka_unit_test(failed_stays_unnamed_and_reset_starts_over),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
