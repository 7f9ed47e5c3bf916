/*
 * tests/test_store.c — the store conformance suite. The same cases run against SQLite (a
 * fresh file) and, as a second ctest entry, against the real PostgreSQL server named by
 * EASEL_TEST_PG (a fresh schema per run; the test exits 77, reported as skipped, when the
 * variable is unset — CI always sets it). Usage: test_store sqlite|postgresql
 */
#include "testutil.h"

#include "../src/store/store_int.h"
#include "store_fixture.h"
#include "easel/store.h"
#include "easel/store_token.h"
#include "easel/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static struct sf fx = {.tag = "t"}; /* the stores of the run (store_fixture.h) */

static void open_store(struct easel_store *s, const char *actor)
{
    sf_reopen(&fx, s, actor, NULL);
}

static int64_t add_client(struct easel_store *s, const char *ref, const char *name)
{
    struct easel_client c = {.ref = ref, .name = name, .setting = "outpatient"};
    int64_t id = 0;
    struct easel_error err = {0};
    int rc = easel_client_add(s, &c, &id, &err);
    if (rc)
        fprintf(stderr, "client_add: %s %s\n", err.field, err.msg);
    assert_int_equal(rc, 0);
    return id;
}

static int64_t count(struct easel_store *s, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
    int64_t n = -1;
    struct easel_error err = {0};
    assert_int_equal(easel__int(s, sql, NULL, 0, &n, NULL, &err), 0);
    return n;
}

static void migrate_is_idempotent(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s;
    open_store(&s, "ther1");
    struct easel_error err = {0};
    assert_int_equal(easel_store_migrate(&s, &err), 0);
    int v = 0;
    easel_store_schema_version(&s, &v, &err);
    assert_int_equal(v, EASEL_STORE_SCHEMA_VERSION);
    assert_string_equal(easel_store_backend(&s), fx.backend);
    assert_int_equal(easel_store_check(&s, &err), 0);
    easel_store_close(&s);
}

static void clients(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s;
    open_store(&s, "ther1");
    struct easel_error err = {0};
    int64_t a = add_client(&s, "c-001", "Ada Synthetic");
    add_client(&s, "c-002", "Bruno Fictive");
    add_client(&s, "c-003", "Chiara 100%_Made-up");
    struct easel_client dup = {.ref = "c-001", .name = "X", .setting = "school"};
    int64_t id;
    assert_int_equal(easel_client_add(&s, &dup, &id, &err), EASEL_ECONFLICT);
    assert_string_equal(err.field, "ref");
    struct easel_client bad = {.ref = "Bad Ref", .name = "X", .setting = "school"};
    assert_int_equal(easel_client_add(&s, &bad, &id, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "ref");
    assert_int_equal(count(&s, "clients"), 3);

    struct easel_arena ar;
    easel_arena_init(&ar);
    struct easel_client got;
    assert_int_equal(easel_client_get(&s, a, &ar, &got, &err), 0);
    assert_string_equal(got.name, "Ada Synthetic");
    assert_int_equal(got.version, 1);
    assert_int_equal(easel_client_find(&s, "c-002", &ar, &got, &err), 0);
    assert_string_equal(got.name, "Bruno Fictive");
    assert_int_equal(easel_client_get(&s, 999, &ar, &got, &err), EASEL_ENOTFOUND);

    /* what a request about a client asks first: its id by reference and the care team, at once */
    assert_int_equal(easel_user_add(&s, "ther9", "T. Nine", "therapist", &err), 0);
    assert_int_equal(easel_team_add(&s, a, "ther9", "therapist", NULL, &err), 0);
    int64_t cid = -1;
    bool member = false;
    assert_int_equal(easel_team_member_by_ref(&s, "c-001", "ther9", &cid, &member, &err), 0);
    assert_int_equal(cid, a);
    assert_true(member);
    assert_int_equal(easel_team_member_by_ref(&s, "c-002", "ther9", &cid, &member, &err), 0);
    assert_true(cid > 0 && cid != a);
    assert_false(member);
    assert_int_equal(easel_team_member_by_ref(&s, "c-404", "ther9", &cid, &member, &err), 0);
    assert_int_equal(cid, 0);
    assert_false(member);
    assert_int_equal(easel_team_member_by_ref(&s, "c-001", "nobody", &cid, &member, &err), 0);
    assert_int_equal(cid, a);
    assert_false(member);

    struct easel_client *list;
    size_t n;
    assert_int_equal(easel_client_list(&s, NULL, 0, &ar, &list, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].ref, "c-001"); /* ordered by name */
    assert_int_equal(easel_client_list(&s, "fict", 10, &ar, &list, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(easel_client_list(&s, "100%_", 10, &ar, &list, &n, &err), 0);
    assert_int_equal(n, 1); /* wildcards in the search text are literal */
    assert_int_equal(easel_client_list(&s, "%", 10, &ar, &list, &n, &err), 0);
    assert_int_equal(n, 1);

    struct easel_client mine, theirs;
    assert_int_equal(easel_client_get(&s, a, &ar, &mine, &err), 0);
    theirs = mine;
    theirs.name = "Ada S.";
    assert_int_equal(easel_client_update(&s, &theirs, &err), 0);
    mine.name = "Ada Other";
    assert_int_equal(easel_client_update(&s, &mine, &err), EASEL_ECONFLICT);
    assert_non_null(strstr(err.msg, "version 2"));
    assert_int_equal(easel_client_get(&s, a, &ar, &got, &err), 0);
    assert_string_equal(got.name, "Ada S.");
    assert_int_equal(got.version, 2);
    easel_arena_release(&ar);
    easel_store_close(&s);
}

static void plans_are_versioned_and_signed_plans_immutable(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s, other;
    open_store(&s, "ther1");
    open_store(&other, "super1");
    struct easel_error err = {0};
    int64_t c = add_client(&s, "c-010", "Dana Example");
    const char *kbv = "6a8b2453ce4d3cc2da2c5828f35b7aa07cd879d583b0485d93f24f3730040239";
    int64_t v;
    assert_int_equal(easel_plan_record_save(&s, c, 0, "{\"v\":1}", kbv, &v, &err), 0);
    assert_int_equal(v, 1);
    /* two editors both read version 1 */
    assert_int_equal(easel_plan_record_save(&s, c, 1, "{\"v\":2}", kbv, &v, &err), 0);
    assert_int_equal(v, 2);
    assert_int_equal(easel_plan_record_save(&other, c, 1, "{\"v\":\"lost?\"}", kbv, &v, &err),
                     EASEL_ECONFLICT);
    assert_non_null(strstr(err.msg, "version 2"));
    assert_int_equal(count(&s, "plans"), 2);

    assert_int_equal(easel_plan_record_sign(&s, c, 1, &err), EASEL_ECONFLICT); /* not the latest */
    assert_int_equal(easel_plan_record_sign(&s, c, 2, &err), 0);
    struct easel_arena ar;
    easel_arena_init(&ar);
    struct easel_plan_record rec;
    assert_int_equal(easel_plan_record_load(&s, c, 0, &ar, &rec, &err), 0);
    assert_string_equal(rec.status, "signed");
    assert_string_equal(rec.signed_by, "ther1");
    char hash[65];
    struct easel_sha256 h;
    easel_sha256_init(&h);
    easel_sha256_update(&h, "{\"v\":2}", 7);
    easel_sha256_hex(&h, hash);
    assert_string_equal(rec.content_hash, hash);
    assert_int_equal(easel_plan_record_sign(&s, c, 2, &err), EASEL_EREADONLY);

    /* no path changes a signed plan: not the API, not SQL through the driver */
    struct easel_val p = easel_vint(c);
    assert_int_equal(s.ops->exec(&s, "UPDATE plans SET body = 'x' WHERE client_id = $1", &p, 1,
                                 NULL, NULL, NULL, &err),
                     EASEL_EREADONLY);
    assert_int_equal(
        s.ops->exec(&s, "DELETE FROM plans WHERE client_id = $1", &p, 1, NULL, NULL, NULL, &err),
        EASEL_EREADONLY);
    assert_int_equal(easel_plan_record_load(&s, c, 2, &ar, &rec, &err), 0);
    assert_string_equal(rec.body, "{\"v\":2}");

    /* the co-signature is someone else's; an amendment is a new version */
    assert_int_equal(easel_plan_record_cosign(&s, c, 2, &err), EASEL_EINVAL);
    assert_int_equal(easel_plan_record_cosign(&other, c, 2, &err), 0);
    assert_int_equal(easel_plan_record_load(&s, c, 2, &ar, &rec, &err), 0);
    assert_string_equal(rec.cosigned_by, "super1");
    assert_int_equal(easel_plan_record_save(&s, c, 2, "{\"v\":3}", kbv, &v, &err), 0);
    assert_int_equal(v, 3);
    assert_int_equal(easel_plan_record_load(&s, c, 0, &ar, &rec, &err), 0);
    assert_string_equal(rec.status, "draft");
    assert_int_equal(easel_plan_record_load(&s, 9999, 0, &ar, &rec, &err), EASEL_ENOTFOUND);
    easel_arena_release(&ar);
    easel_store_close(&other);
    easel_store_close(&s);
}

static void sessions_and_profiles(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s;
    open_store(&s, "ther1");
    struct easel_error err = {0};
    int64_t c = add_client(&s, "c-020", "Eli Placeholder");
    int64_t v, got;
    assert_int_equal(easel_profile_put(&s, c, "{\"a\":1}", &v, &err), 0);
    assert_int_equal(easel_profile_put(&s, c, "{\"a\":2}", &v, &err), 0);
    assert_int_equal(v, 2);
    struct easel_buf b;
    easel_buf_init(&b, 1 << 20);
    assert_int_equal(easel_profile_get(&s, c, 0, &b, &got, &err), 0);
    assert_string_equal(b.data, "{\"a\":2}");
    b.len = 0;
    assert_int_equal(easel_profile_get(&s, c, 1, &b, &got, &err), 0);
    assert_string_equal(b.data, "{\"a\":1}");
    easel_buf_release(&b);
    assert_int_equal(easel_profile_put(&s, 4242, "{}", &v, &err), EASEL_ENOTFOUND);

    struct easel_session_record r = {.client = c,
                                     .date = "2026-12-01",
                                     .minutes = 50,
                                     .attendance = "attended",
                                     .mode = "individual",
                                     .note_format = "SOAP",
                                     .note =
                                         "{\"S\":\"synthetic\",\"O\":\"\",\"A\":\"\",\"P\":\"\"}"};
    int64_t id;
    assert_int_equal(easel_session_add(&s, &r, &id, &err), 0);
    r.date = "2026-11-24";
    assert_int_equal(easel_session_add(&s, &r, &id, &err), 0);
    int64_t before = count(&s, "sessions"), audit_before = count(&s, "audit_log");
    struct easel_session_record bad = r;
    bad.date = "2026-02-30";
    assert_int_equal(easel_session_add(&s, &bad, &id, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "date");
    bad = r;
    bad.minutes = 0;
    assert_int_equal(easel_session_add(&s, &bad, &id, &err), EASEL_EINVAL);
    bad = r;
    bad.note_format = "XYZ";
    assert_int_equal(easel_session_add(&s, &bad, &id, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "note_format");
    bad = r;
    bad.client = 777;
    assert_int_equal(easel_session_add(&s, &bad, &id, &err), EASEL_ENOTFOUND);
    char *huge = malloc(EASEL_NOTE_MAX + 2);
    memset(huge, 'x', EASEL_NOTE_MAX + 1);
    huge[EASEL_NOTE_MAX + 1] = '\0';
    bad = r;
    bad.note = huge;
    assert_int_equal(easel_session_add(&s, &bad, &id, &err), EASEL_ETOOBIG);
    free(huge);
    assert_int_equal(count(&s, "sessions"), before); /* nothing half-written */
    assert_int_equal(count(&s, "audit_log"), audit_before);

    struct easel_arena ar;
    easel_arena_init(&ar);
    struct easel_session_record *list;
    size_t n;
    assert_int_equal(easel_session_list(&s, c, &ar, &list, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].date, "2026-11-24");
    assert_non_null(strstr(list[1].note, "synthetic"));
    easel_arena_release(&ar);
    easel_store_close(&s);
}

static int64_t fill_audit(struct easel_store *s)
{
    add_client(s, "a-1", "One");
    add_client(s, "a-2", "Two");
    add_client(s, "a-3", "Three");
    add_client(s, "a-4", "Four");
    int64_t rows = 0;
    struct easel_error err = {0};
    assert_int_equal(easel_audit_verify(s, &rows, &err), 0);
    return rows;
}

static void tamper(struct easel_store *s, const char *sql)
{
    struct easel_error err = {0};
    const char *off = strcmp(fx.backend, "sqlite") == 0
                          ? "DROP TRIGGER audit_no_update"
                          : "ALTER TABLE audit_log DISABLE TRIGGER USER";
    const char *off2 = strcmp(fx.backend, "sqlite") == 0 ? "DROP TRIGGER audit_no_delete" : NULL;
    s->ops->exec(s, off, NULL, 0, NULL, NULL, NULL, &err);
    if (off2)
        s->ops->exec(s, off2, NULL, 0, NULL, NULL, NULL, &err);
    int rc = s->ops->exec(s, sql, NULL, 0, NULL, NULL, NULL, &err);
    if (rc)
        fprintf(stderr, "tamper: %s\n", err.msg);
    assert_int_equal(rc, 0);
}

static void audit_detects_tampering(void **state)
{
    (void)state;
    static const struct {
        const char *sql, *field, *msg;
    } cases[] = {
        {"UPDATE audit_log SET actor = 'mallory' WHERE id = 3", "hash", "row 3 was altered"},
        {"DELETE FROM audit_log WHERE id = 2", "id", "row 2 is missing"},
        {"DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)", "id",
         "deleted from the end"},
        /* the first row, whose hash a verifier could skip */
        {"UPDATE audit_log SET record_id = '999' WHERE id = 1", "hash", "row 1 was altered"},
        /* a middle link: row 3 pointed at row 1's hash (a verifier that dropped the link check
           would report an altered hash instead) */
        {"UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE id = 1) WHERE id = 3",
         "prev_hash", "row 3 does not link to row 2"},
        /* the head */
        {"UPDATE audit_head SET hash = 'f00d'", "hash", "the head records a different hash"},
        /* the last row's content, the head left as it was */
        {"UPDATE audit_log SET action = 'nothing' WHERE id = (SELECT MAX(id) FROM audit_log)",
         "hash", "was altered"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sf_fresh(&fx);
        struct easel_store s;
        open_store(&s, "ther1");
        struct easel_error err = {0};
        assert_true(fill_audit(&s) >= 4);
        /* the database refuses changes to the log through normal SQL */
        assert_int_equal(
            s.ops->exec(&s, "UPDATE audit_log SET actor = 'x'", NULL, 0, NULL, NULL, NULL, &err),
            EASEL_EREADONLY);
        assert_int_equal(s.ops->exec(&s, "DELETE FROM audit_log", NULL, 0, NULL, NULL, NULL, &err),
                         EASEL_EREADONLY);
        tamper(&s, cases[i].sql);
        int64_t rows;
        assert_int_equal(easel_audit_verify(&s, &rows, &err), EASEL_EINVAL);
        if (!strstr(err.msg, cases[i].msg))
            fprintf(stderr, "case %zu: %s\n", i, err.msg);
        assert_string_equal(err.field, cases[i].field);
        assert_non_null(strstr(err.msg, cases[i].msg));
        easel_store_close(&s);
    }
}

static int64_t far_future(void)
{
    return (int64_t)4102444800000; /* 2100-01-01: every unsealed row is old by then */
}

/* Issue 15: a store with defer_audit (easel serve on PostgreSQL) reads without the chain's lock
   and appends its audit rows unsealed; the sealer binds them into the chain in id order, from
   the head, and verification fails while a row waits too long. On SQLite the writer holds the
   lock, so the same calls append sealed and leave nothing to seal. */
static void deferred_audit_rows_are_sealed_into_the_chain(void **state)
{
    (void)state;
    sf_fresh(&fx);
    bool pg = strcmp(fx.backend, "postgresql") == 0;
    struct easel_store w, r;
    open_store(&w, "ther1");
    open_store(&r, "ther2");
    r.defer_audit = 1;
    struct easel_error err = {0};
    int64_t id = add_client(&w, "d-1", "Deferred");
    int64_t rows0 = 0, rows = 0, sealed = -1;
    assert_int_equal(easel_audit_verify(&w, &rows0, &err), 0);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client c;
    for (int i = 0; i < 3; i++)
        assert_int_equal(easel_client_get(&r, id, &a, &c, &err), 0);
    assert_int_equal(easel_store_audit(&r, "risk-acknowledged", "measure", 9, &err), 0);
    assert_int_equal(count(&w, "audit_pending"), pg ? 4 : 0);
    /* unsealed rows count for the lookups and can be neither changed nor removed */
    int64_t n = 0;
    assert_int_equal(easel_audit_count(&w, "risk-acknowledged", "measure", 9, &n, &err), 0);
    assert_int_equal(n, 1);
    const char *actor = NULL;
    int64_t at = 0;
    assert_int_equal(easel_audit_last(&w, "risk-acknowledged", "measure", 9, &a, &actor, &at, &err),
                     0);
    assert_string_equal(actor, "ther2");
    if (pg) {
        assert_int_equal(w.ops->exec(&w, "UPDATE audit_pending SET actor = 'x'", NULL, 0, NULL,
                                     NULL, NULL, &err),
                         EASEL_EREADONLY);
        assert_int_equal(
            w.ops->exec(&w, "DELETE FROM audit_pending", NULL, 0, NULL, NULL, NULL, &err),
            EASEL_EREADONLY);
        /* young unsealed rows are not a failure; rows left unsealed too long are */
        assert_int_equal(easel_audit_verify(&w, &rows, &err), 0);
        assert_int_equal(rows, rows0);
        w.now = far_future;
        assert_int_equal(easel_audit_verify(&w, &rows, &err), EASEL_EINVAL);
        assert_string_equal(err.field, "at");
        assert_non_null(strstr(err.msg, "4 audit rows have waited unsealed"));
        w.now = r.now;
    }
    assert_int_equal(easel_audit_seal(&w, &sealed, &err), 0);
    assert_int_equal(sealed, pg ? 4 : 0);
    assert_int_equal(count(&w, "audit_pending"), 0);
    w.now = far_future;
    assert_int_equal(easel_audit_verify(&w, &rows, &err), 0);
    w.now = r.now;
    assert_int_equal(rows, rows0 + 4);
    assert_int_equal(easel_audit_last(&w, "risk-acknowledged", "measure", 9, &a, &actor, &at, &err),
                     0);
    assert_string_equal(actor, "ther2");
    if (!pg) {
        /* SQLite: a read batch holds no transaction, so a writer is not held up by it; its
           audit rows are appended (sealed) when it ends, and dropped when it failed */
        int64_t before = count(&w, "audit_log");
        assert_int_equal(easel_store_batch_begin_read(&r, &err), 0);
        assert_int_equal(easel_client_get(&r, id, &a, &c, &err), 0);
        assert_int_equal(easel_client_get(&r, id, &a, &c, &err), 0);
        assert_int_equal(count(&w, "audit_log"), before);
        add_client(&w, "d-2", "Writer");
        /* a write inside the batch is a transaction of its own, committed at its end */
        add_client(&r, "d-3", "Inside");
        assert_int_equal(count(&w, "audit_log"), before + 2);
        assert_int_equal(easel_store_batch_end(&r, 0, &err), 0);
        assert_int_equal(count(&w, "audit_log"), before + 4);
        assert_int_equal(easel_store_batch_begin_read(&r, &err), 0);
        assert_int_equal(easel_client_get(&r, id, &a, &c, &err), 0);
        struct easel_client dup = {.ref = "d-1", .name = "Again", .setting = "outpatient"};
        int64_t none = 0;
        assert_int_equal(easel_client_add(&r, &dup, &none, &err), EASEL_ECONFLICT);
        assert_int_not_equal(easel_store_batch_end(&r, 0, &err), 0);
        assert_int_equal(count(&w, "audit_log"), before + 4);
        assert_int_equal(easel_audit_verify(&w, &rows, &err), 0);
        assert_int_equal(rows, before + 4);
    }
    if (pg) {
        /* a read still open while the sealer runs is sealed by the next round, and a writer is
           not held up by it */
        assert_int_equal(easel_store_batch_begin_read(&r, &err), 0);
        assert_int_equal(easel_client_get(&r, id, &a, &c, &err), 0);
        add_client(&w, "d-2", "Writer");
        assert_int_equal(easel_audit_seal(&w, &sealed, &err), 0);
        assert_int_equal(sealed, 0);
        assert_int_equal(easel_store_batch_end(&r, 0, &err), 0);
        assert_int_equal(easel_audit_seal(&w, &sealed, &err), 0);
        assert_int_equal(sealed, 1);
        assert_int_equal(easel_audit_verify(&w, &rows, &err), 0);
        assert_int_equal(rows, rows0 + 6);
        /* a write inside a read takes the lock at its own begin: sealed at once */
        assert_int_equal(easel_store_batch_begin_read(&r, &err), 0);
        assert_int_equal(easel_client_get(&r, id, &a, &c, &err), 0);
        int64_t id3 = add_client(&r, "d-3", "Inside");
        assert_true(id3 > 0);
        assert_int_equal(easel_store_batch_end(&r, 0, &err), 0);
        assert_int_equal(count(&w, "audit_pending"), 1);
        /* a sealed row that was deferred is protected like any other; and sealing after the
           newest rows were cut links from the head, so the cut is still found */
        assert_int_equal(easel_audit_seal(&w, &sealed, &err), 0);
        assert_int_equal(sealed, 1);
        assert_int_equal(easel_client_get(&r, id, &a, &c, &err), 0);
        tamper(&w, "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)");
        assert_int_equal(easel_audit_seal(&w, &sealed, &err), 0);
        assert_int_equal(sealed, 1);
        assert_int_equal(easel_audit_verify(&w, &rows, &err), EASEL_EINVAL);
        assert_string_equal(err.field, "id");
        assert_non_null(strstr(err.msg, "is missing or deleted"));
    }
    easel_arena_release(&a);
    easel_store_close(&r);
    easel_store_close(&w);
}

/* The same for a sealed row that had waited unsealed: altered, it fails verification. */
static void audit_detects_an_edited_deferred_row(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store w, r;
    open_store(&w, "ther1");
    open_store(&r, "ther2");
    r.defer_audit = 1;
    struct easel_error err = {0};
    int64_t id = add_client(&w, "e-1", "Edited");
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client c;
    assert_int_equal(easel_client_get(&r, id, &a, &c, &err), 0);
    assert_int_equal(easel_client_get(&r, id, &a, &c, &err), 0);
    assert_int_equal(easel_audit_seal(&w, NULL, &err), 0);
    int64_t rows = 0;
    assert_int_equal(easel_audit_verify(&w, &rows, &err), 0);
    char sql[160];
    snprintf(sql, sizeof(sql), "UPDATE audit_log SET actor = 'mallory' WHERE id = %lld",
             (long long)rows - 1);
    tamper(&w, sql);
    assert_int_equal(easel_audit_verify(&w, &rows, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "hash");
    assert_non_null(strstr(err.msg, "was altered"));
    easel_arena_release(&a);
    easel_store_close(&r);
    easel_store_close(&w);
}

struct group_writer {
    int n;
    int failed;
};

static void *group_writer_run(void *arg)
{
    struct group_writer *g = arg;
    struct easel_store s;
    struct easel_error err = {0};
    if (easel_store_open(&s, fx.url, "ther1", &err)) {
        g->failed = 1;
        return NULL;
    }
    for (int i = 0; i < 25; i++) {
        char ref[32];
        snprintf(ref, sizeof(ref), "g-%d-%d", g->n, i);
        struct easel_client c = {.ref = ref, .name = "Group", .setting = "outpatient"};
        int64_t id = 0;
        if (easel_client_add(&s, &c, &id, &err))
            g->failed = 1;
    }
    easel_store_close(&s);
    return NULL;
}

/* SQLite group commit (issue 15): eight threads writing at once on connections of their own
   share fsyncs (fewer than the commits), and every acknowledged write is there. */
static void sqlite_commits_share_fsyncs(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s;
    open_store(&s, "ther1");
    uint64_t c0 = 0, s0 = 0, c1 = 0, s1 = 0;
    assert_int_equal(easel__sqlite_sync_counts(fx.url, &c0, &s0), 0);
    pthread_t t[8];
    struct group_writer g[8];
    for (int i = 0; i < 8; i++) {
        g[i] = (struct group_writer){i, 0};
        assert_int_equal(pthread_create(&t[i], NULL, group_writer_run, &g[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(g[i].failed, 0);
    }
    assert_int_equal(easel__sqlite_sync_counts(fx.url, &c1, &s1), 0);
    printf("# 200 writes: %llu commits, %llu fsyncs\n", (unsigned long long)(c1 - c0),
           (unsigned long long)(s1 - s0));
    assert_true(c1 - c0 >= 200);
    assert_true(s1 - s0 < c1 - c0);
    assert_int_equal(count(&s, "clients"), 200);
    struct easel_error err = {0};
    int64_t rows = 0;
    assert_int_equal(easel_audit_verify(&s, &rows, &err), 0);
    assert_true(rows >= 200);
    easel_store_close(&s);
}

struct group_reader {
    int64_t client;
    int failed;
};

static void *group_reader_run(void *arg)
{
    struct group_reader *g = arg;
    struct easel_store s;
    struct easel_error err = {0};
    if (easel_store_open(&s, fx.url, "ther2", &err)) {
        g->failed = 1;
        return NULL;
    }
    s.defer_audit = 1; /* as easel serve's connections */
    struct easel_arena a;
    easel_arena_init(&a);
    for (int i = 0; i < 25 && !g->failed; i++) {
        struct easel_client c;
        struct easel_session_record *list = NULL;
        size_t n = 0;
        int rc = easel_store_batch_begin_read(&s, &err);
        if (!rc)
            rc = easel_client_get(&s, g->client, &a, &c, &err);
        if (!rc)
            rc = easel_session_list(&s, g->client, &a, &list, &n, &err);
        if (easel_store_batch_end(&s, rc, &err))
            g->failed = 1;
    }
    easel_arena_release(&a);
    easel_store_close(&s);
    return NULL;
}

/* SQLite (issue 15): read batches on eight connections at once write their audit rows
   together, many batches to one transaction (fewer transactions than batches), and every
   read is in the chain, which verifies. */
static void sqlite_reads_share_audit_transactions(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s;
    open_store(&s, "ther1");
    int64_t client = add_client(&s, "r-1", "Reader");
    int64_t before = count(&s, "audit_log");
    uint64_t b0 = 0, f0 = 0, b1 = 0, f1 = 0;
    assert_int_equal(easel__sqlite_flush_counts(fx.url, &b0, &f0), 0);
    pthread_t t[8];
    struct group_reader g[8];
    for (int i = 0; i < 8; i++) {
        g[i] = (struct group_reader){client, 0};
        assert_int_equal(pthread_create(&t[i], NULL, group_reader_run, &g[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(g[i].failed, 0);
    }
    assert_int_equal(easel__sqlite_flush_counts(fx.url, &b1, &f1), 0);
    printf("# 200 read batches: audit rows written in %llu transactions\n",
           (unsigned long long)(f1 - f0));
    assert_int_equal(b1 - b0, 200);
    assert_true(f1 - f0 < b1 - b0);
    assert_int_equal(count(&s, "audit_log") - before, 400); /* two audited reads a batch */
    struct easel_error err = {0};
    int64_t rows = 0;
    assert_int_equal(easel_audit_verify(&s, &rows, &err), 0);
    easel_store_close(&s);
}

/* A signed plan's body is bound to the chain: editing it behind easel's back (triggers off)
   fails `audit verify`, even when the content_hash column is recomputed to match. */
static void audit_detects_an_edited_signed_plan(void **state)
{
    (void)state;
    static const char *const edited = "{\"v\":\"edited\"}";
    for (int recompute = 0; recompute < 2; recompute++) {
        sf_fresh(&fx);
        struct easel_store s;
        open_store(&s, "ther1");
        struct easel_error err = {0};
        int64_t c = add_client(&s, "sig-1", "Signed Person"), v = 0;
        assert_int_equal(easel_plan_record_save(
                             &s, c, 0, "{\"v\":1}",
                             "6a8b2453ce4d3cc2da2c5828f35b7aa07cd879d583b0485d93f24f3730040239", &v,
                             &err),
                         0);
        assert_int_equal(easel_plan_record_sign(&s, c, v, &err), 0);
        assert_int_equal(easel_audit_verify(&s, NULL, &err), 0);
        const char *off = strcmp(fx.backend, "sqlite") == 0
                              ? "DROP TRIGGER plans_signed_update"
                              : "ALTER TABLE plans DISABLE TRIGGER USER";
        assert_int_equal(s.ops->exec(&s, off, NULL, 0, NULL, NULL, NULL, &err), 0);
        char sql[300], hash[65] = "";
        struct easel_sha256 h;
        easel_sha256_init(&h);
        easel_sha256_update(&h, edited, strlen(edited));
        easel_sha256_hex(&h, hash);
        snprintf(sql, sizeof(sql), "UPDATE plans SET body = '%s'%s%s%s", edited,
                 recompute ? ", content_hash = '" : "", recompute ? hash : "",
                 recompute ? "'" : "");
        assert_int_equal(s.ops->exec(&s, sql, NULL, 0, NULL, NULL, NULL, &err), 0);
        assert_int_equal(easel_audit_verify(&s, NULL, &err), EASEL_EINVAL);
        assert_string_equal(err.field, "body");
        assert_non_null(strstr(err.msg, "version 1, was altered"));
        easel_store_close(&s);
    }
}

/* A note is a draft until its author signs it: edits keep the version they replace, a stale
   edit is refused, a signed note refuses edits (the store and the raw SQL trigger), only the
   author signs, and the signature's hash is what audit verify checks the note against. */
static void session_notes_are_drafts_until_signed(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s;
    open_store(&s, "ther1");
    struct easel_error err = {0};
    int64_t c = add_client(&s, "n-1", "Noor Placeholder"), id = 0;
    struct easel_session_record r = {.client = c,
                                     .date = "2026-12-01",
                                     .minutes = 50,
                                     .attendance = "attended",
                                     .mode = "individual",
                                     .note_format = "DAP",
                                     .note = "{\"data\":\"first words\"}"};
    assert_int_equal(easel_session_add(&s, &r, &id, &err), 0);
    struct easel_arena ar;
    easel_arena_init(&ar);
    struct easel_session_record *list = NULL;
    size_t n = 0;
    assert_int_equal(easel_session_list(&s, c, &ar, &list, &n, &err), 0);
    assert_string_equal(list[0].status, "draft");
    assert_int_equal(list[0].version, 1);
    assert_null(list[0].signed_by);

    /* an edit of the draft: version 2, and version 1 kept as it was, with its author */
    struct easel_session_record e = r;
    e.id = id;
    e.minutes = 45;
    e.note = "{\"data\":\"second words\"}";
    assert_int_equal(easel_session_update(&s, &e, 1, &err), 0);
    int64_t rows = count(&s, "session_versions"), audit = count(&s, "audit_log");
    assert_int_equal(rows, 1);
    /* a writer who started from version 1 is stale now: nothing changes */
    e.note = "{\"data\":\"stale words\"}";
    assert_int_equal(easel_session_update(&s, &e, 1, &err), EASEL_ECONFLICT);
    assert_string_equal(err.field, "version");
    assert_int_equal(count(&s, "session_versions"), rows);
    assert_int_equal(count(&s, "audit_log"), audit);
    struct easel_session_record *vs = NULL;
    assert_int_equal(easel_session_versions(&s, c, id, &ar, &vs, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(vs[0].version, 1);
    assert_int_equal(vs[0].minutes, 50);
    assert_non_null(strstr(vs[0].note, "first words"));
    assert_string_equal(vs[0].created_by, "ther1");

    /* someone else may not sign it; the author does */
    easel_store_close(&s);
    open_store(&s, "super1");
    assert_int_equal(easel_session_update(&s, &e, 2, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "edited_by");
    assert_int_equal(easel_session_sign(&s, c, id, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "signed_by");
    easel_store_close(&s);
    open_store(&s, "ther1");
    assert_int_equal(easel_session_sign(&s, c, id, &err), 0);
    assert_int_equal(easel_session_sign(&s, c, id, &err), EASEL_EREADONLY);
    assert_int_equal(easel_session_list(&s, c, &ar, &list, &n, &err), 0);
    assert_string_equal(list[0].status, "signed");
    assert_string_equal(list[0].signed_by, "ther1");
    assert_int_equal(list[0].version, 2);
    assert_non_null(strstr(list[0].note, "second words"));
    char expect[65];
    easel_session_hash(c, &list[0], expect);
    assert_string_equal(list[0].content_hash, expect);

    /* signed: the store refuses an edit, and so does the backend to raw SQL */
    e.note = "{\"data\":\"after signing\"}";
    assert_int_equal(easel_session_update(&s, &e, 2, &err), EASEL_EREADONLY);
    assert_string_equal(err.field, "status");
    assert_int_not_equal(
        s.ops->exec(&s, "UPDATE sessions SET note = '{}'", NULL, 0, NULL, NULL, NULL, &err), 0);
    assert_non_null(strstr(err.msg, "immutable"));
    assert_int_not_equal(s.ops->exec(&s, "DELETE FROM sessions", NULL, 0, NULL, NULL, NULL, &err),
                         0);
    assert_int_not_equal(
        s.ops->exec(&s, "UPDATE session_versions SET note = '{}'", NULL, 0, NULL, NULL, NULL, &err),
        0);
    assert_int_equal(easel_audit_verify(&s, NULL, &err), 0);
    easel_arena_release(&ar);
    easel_store_close(&s);
}

/* With the triggers dropped, a signed note edited in place (its hash column recomputed or
   not) fails audit verify, which names the note. */
static void audit_detects_an_edited_signed_note(void **state)
{
    (void)state;
    for (int recompute = 0; recompute < 2; recompute++) {
        sf_fresh(&fx);
        struct easel_store s;
        open_store(&s, "ther1");
        struct easel_error err = {0};
        int64_t c = add_client(&s, "sig-n", "Signed Note"), id = 0;
        struct easel_session_record r = {.client = c,
                                         .date = "2026-12-02",
                                         .minutes = 50,
                                         .attendance = "attended",
                                         .mode = "individual",
                                         .note_format = "DAP",
                                         .note = "{\"data\":\"as signed\"}"};
        assert_int_equal(easel_session_add(&s, &r, &id, &err), 0);
        assert_int_equal(easel_session_sign(&s, c, id, &err), 0);
        assert_int_equal(easel_audit_verify(&s, NULL, &err), 0);
        const char *off[] = {"DROP TRIGGER sessions_signed_update",
                             "ALTER TABLE sessions DISABLE TRIGGER USER"};
        assert_int_equal(s.ops->exec(&s, off[strcmp(fx.backend, "sqlite") != 0], NULL, 0, NULL,
                                     NULL, NULL, &err),
                         0);
        r.note = "{\"data\":\"rewritten\"}";
        char hash[65], sql[300];
        easel_session_hash(c, &r, hash);
        snprintf(sql, sizeof(sql), "UPDATE sessions SET note = '%s'%s%s%s", r.note,
                 recompute ? ", content_hash = '" : "", recompute ? hash : "",
                 recompute ? "'" : "");
        assert_int_equal(s.ops->exec(&s, sql, NULL, 0, NULL, NULL, NULL, &err), 0);
        assert_int_equal(easel_audit_verify(&s, NULL, &err), EASEL_EINVAL);
        assert_string_equal(err.field, "note");
        assert_non_null(strstr(err.msg, "(2026-12-02), was altered"));
        easel_store_close(&s);
    }
}

static void backup_is_consistent(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s;
    open_store(&s, "ther1");
    struct easel_error err = {0};
    add_client(&s, "b-1", "Backup Person");
    char dest[sizeof(fx.url) + 8];
    snprintf(dest, sizeof(dest), "%s.backup", fx.url);
    if (strcmp(fx.backend, "sqlite") != 0) {
        assert_int_equal(easel_store_backup(&s, dest, &err), EASEL_EINVAL);
        easel_store_close(&s);
        return;
    }
    unlink(dest);
    assert_int_equal(easel_store_backup(&s, dest, &err), 0);
    struct easel_store b;
    assert_int_equal(easel_store_open(&b, dest, "ther1", &err), 0);
    assert_int_equal(easel_store_check(&b, &err), 0);
    assert_int_equal(easel_audit_verify(&b, NULL, &err), 0);
    assert_int_equal(count(&b, "clients"), 1);
    easel_store_close(&b);
    easel_store_close(&s);
    unlink(dest);
}

/* GAS rating history and the latest audit row of an action (who acknowledged a risk flag). */
static void gas_history_and_audit_last(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s;
    open_store(&s, "ther1");
    struct easel_error err = {0};
    int64_t c = add_client(&s, "c-030", "Gil Placeholder");
    assert_int_equal(easel_gas_add(&s, c, "1.1", "synthetic scale", 1, &err), 0);
    assert_int_equal(easel_gas_add(&s, c, "2.1", "another scale", 2, &err), 0);
    assert_int_equal(easel_gas_rate(&s, c, "2.1", "2026-12-08", 1, &err), 0);
    assert_int_equal(easel_gas_rate(&s, c, "1.1", "2026-12-15", 0, &err), 0);
    assert_int_equal(easel_gas_rate(&s, c, "1.1", "2026-12-01", -2, &err), 0);
    struct easel_arena ar;
    easel_arena_init(&ar);
    struct easel_gas_rating *g = NULL;
    size_t n = 0;
    assert_int_equal(easel_gas_ratings(&s, c, &ar, &g, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(g[0].objective, "1.1");
    assert_string_equal(g[0].date, "2026-12-01");
    assert_int_equal(g[0].score, -2);
    assert_string_equal(g[1].date, "2026-12-15");
    assert_int_equal(g[1].score, 0);
    assert_string_equal(g[2].objective, "2.1");
    assert_int_equal(g[2].score, 1);
    assert_int_equal(easel_gas_ratings(&s, c + 99, &ar, &g, &n, &err), 0);
    assert_int_equal(n, 0);

    const char *actor = "x";
    int64_t at = -1;
    assert_int_equal(
        easel_audit_last(&s, "risk-acknowledged", "measure", 7, &ar, &actor, &at, &err), 0);
    assert_null(actor);
    assert_int_equal(at, 0);
    assert_int_equal(easel_store_audit(&s, "risk-acknowledged", "measure", 7, &err), 0);
    snprintf(s.actor, sizeof(s.actor), "%s", "sup1");
    assert_int_equal(easel_store_audit(&s, "risk-acknowledged", "measure", 7, &err), 0);
    assert_int_equal(
        easel_audit_last(&s, "risk-acknowledged", "measure", 7, &ar, &actor, &at, &err), 0);
    assert_string_equal(actor, "sup1");
    assert_true(at > 0);
    easel_arena_release(&ar);
    easel_store_close(&s);
}

/* Sign-in attempts (issue 15): each is counted as a failure when taken, before any password is
   checked, so the sixth within the window is refused whichever connection takes it; a success
   clears the login's failures; a failure is audited. */
static void sign_in_attempts_are_taken_before_the_check(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store a, b;
    open_store(&a, "web");
    open_store(&b, "web");
    struct easel_error err = {0};
    const int64_t window = 15 * 60 * 1000;
    int64_t ids[5], id = 0, retry = 0;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(
            easel_login_attempt_take(i % 2 ? &b : &a, "ther1", window, 5, &ids[i], &retry, &err),
            0);
        assert_true(ids[i] > 0);
        assert_int_equal(retry, 0);
    }
    /* five taken and none finished yet: the sixth is refused on either connection */
    assert_int_equal(easel_login_attempt_take(&b, "ther1", window, 5, &id, &retry, &err), 0);
    assert_int_equal(id, 0);
    assert_true(retry > a.now());
    assert_int_equal(easel_login_attempt_take(&a, "ther2", window, 5, &id, &retry, &err), 0);
    assert_true(id > 0); /* another login is not affected */
    assert_int_equal(easel_login_attempt_finish(&a, "ther1", ids[0], false, &err), 0);
    int64_t audited = -1;
    struct easel_val p = easel_vtext("ther1");
    assert_int_equal(easel__int(&a,
                                "SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in-failed'"
                                " AND record_id = $1",
                                &p, 1, &audited, NULL, &err),
                     0);
    assert_int_equal(audited, 1);
    /* a success clears the failures: the login may try again */
    assert_int_equal(easel_login_attempt_finish(&b, "ther1", ids[4], true, &err), 0);
    assert_int_equal(easel_login_attempt_take(&a, "ther1", window, 5, &id, &retry, &err), 0);
    assert_true(id > 0);
    assert_int_equal(easel_login_attempt_take(&a, "", window, 5, &id, &retry, &err), EASEL_EINVAL);
    easel_store_close(&a);
    easel_store_close(&b);
}

static int64_t fake_now = 1800000000000;
static int64_t fake_clock(void)
{
    return fake_now;
}

/* API tokens (schema version 6): administrators only, the hash kept and never a token, grants
   per client, one live token per name, revocation at once and for good, audited; last use
   written at most once a minute. */
static void api_tokens(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s;
    open_store(&s, "ther1");
    s.now = fake_clock;
    struct easel_error err = {0};
    assert_int_equal(easel_user_add(&s, "adm1", "A. Admin", "admin", &err), 0);
    assert_int_equal(easel_user_add(&s, "ther1", "T. One", "therapist", &err), 0);
    int64_t c1 = add_client(&s, "c-041", "Tia Placeholder");
    int64_t c2 = add_client(&s, "c-042", "Uma Placeholder");
    static const char h1[] = "1111111111111111111111111111111111111111111111111111111111111111";
    static const char h2[] = "2222222222222222222222222222222222222222222222222222222222222222";
    static const char h3[] = "3333333333333333333333333333333333333333333333333333333333333333";
    int64_t both[] = {c2, c1, c2}, one[] = {c1}, id = 0;
    /* a therapist may not make one */
    assert_int_equal(easel_token_add(&s, "ehr", "fhir-read", h1, one, 1, &id, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "created_by");
    assert_int_equal(count(&s, "api_tokens"), 0);
    snprintf(s.actor, sizeof(s.actor), "%s", "adm1");
    /* malformed names, scope, hash; an unknown client; no grant */
    assert_int_equal(easel_token_add(&s, "EHR!", "fhir-read", h1, one, 1, &id, &err), EASEL_EINVAL);
    assert_int_equal(easel_token_add(&s, "ehr", "fhir-write", h1, one, 1, &id, &err), EASEL_EINVAL);
    assert_int_equal(easel_token_add(&s, "ehr", "fhir-read", "abc", one, 1, &id, &err),
                     EASEL_EINVAL);
    int64_t ghost[] = {c2 + 100};
    assert_int_equal(easel_token_add(&s, "ehr", "fhir-read", h1, ghost, 1, &id, &err),
                     EASEL_ENOTFOUND);
    assert_int_equal(easel_token_add(&s, "ehr", "fhir-read", h1, one, 0, &id, &err), EASEL_EINVAL);
    assert_int_equal(count(&s, "api_tokens"), 0);
    /* made, with two grants (the duplicate ignored) */
    assert_int_equal(easel_token_add(&s, "ehr", "fhir-read", h1, both, 3, &id, &err), 0);
    assert_true(id > 0);
    int64_t ehr = id;
    assert_int_equal(count(&s, "api_token_grants"), 2);
    int64_t n_hash = 0;
    struct easel_val hv = easel_vtext(h1);
    assert_int_equal(easel__int(&s, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1", &hv, 1,
                                &n_hash, NULL, &err),
                     0);
    assert_int_equal(n_hash, 1);
    int64_t n_audit = 0;
    assert_int_equal(easel_audit_count(&s, "token-create", "api-token", id, &n_audit, &err), 0);
    assert_int_equal(n_audit, 1);
    assert_int_equal(easel_audit_count(&s, "token-grant", "client", c1, &n_audit, &err), 0);
    assert_int_equal(n_audit, 1);
    /* one live token per name */
    assert_int_equal(easel_token_add(&s, "ehr", "fhir-read", h2, one, 1, &id, &err),
                     EASEL_ECONFLICT);
    assert_int_equal(easel_token_add(&s, "payer", "fhir-read", h2, one, 1, &id, &err), 0);
    /* use: the grants, last use written once a minute */
    struct easel_arena ar;
    easel_arena_init(&ar);
    struct easel_api_token t;
    assert_int_equal(easel_token_use(&s, h1, &ar, &t, &err), 0);
    assert_string_equal(t.name, "ehr");
    assert_string_equal(t.scope, "fhir-read");
    assert_string_equal(t.created_by, "adm1");
    assert_int_equal(t.n_clients, 2);
    assert_true(easel_token_grants(&t, c1) && easel_token_grants(&t, c2));
    assert_false(easel_token_grants(&t, c2 + 100));
    assert_string_equal(t.refs[0], c1 < c2 ? "c-041" : "c-042");
    assert_int_equal(t.last_used_at, fake_now);
    int64_t first = fake_now;
    fake_now += 30000;
    assert_int_equal(easel_token_use(&s, h1, &ar, &t, &err), 0);
    assert_int_equal(t.last_used_at, first);
    fake_now += 31000;
    assert_int_equal(easel_token_use(&s, h1, &ar, &t, &err), 0);
    assert_int_equal(t.last_used_at, fake_now);
    assert_int_equal(easel_token_use(&s, h2, &ar, &t, &err), 0);
    assert_int_equal(t.n_clients, 1);
    assert_false(easel_token_grants(&t, c2));
    assert_int_equal(easel_token_use(&s, h3, &ar, &t, &err), EASEL_ENOTFOUND);
    /* revoke: at once, audited, only an administrator; the name may be used again */
    snprintf(s.actor, sizeof(s.actor), "%s", "ther1");
    assert_int_equal(easel_token_revoke(&s, "ehr", &err), EASEL_EINVAL);
    snprintf(s.actor, sizeof(s.actor), "%s", "adm1");
    assert_int_equal(easel_token_revoke(&s, "ehr", &err), 0);
    assert_int_equal(easel_token_use(&s, h1, &ar, &t, &err), EASEL_ENOTFOUND);
    assert_int_equal(easel_token_revoke(&s, "ehr", &err), EASEL_ENOTFOUND);
    assert_int_equal(easel_audit_count(&s, "token-revoke", "api-token", ehr, &n_audit, &err), 0);
    assert_int_equal(n_audit, 1);
    assert_int_equal(easel_token_add(&s, "ehr", "fhir-read", h3, one, 1, &id, &err), 0);
    assert_int_equal(easel_token_use(&s, h3, &ar, &t, &err), 0);
    /* the list: live first, then revoked, with grants; names and dates only */
    struct easel_api_token *list = NULL;
    size_t n = 0;
    assert_int_equal(easel_token_list(&s, &ar, &list, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].name, "ehr");
    assert_int_equal(list[0].revoked_at, 0);
    assert_int_equal(list[0].n_clients, 1);
    assert_string_equal(list[1].name, "payer");
    assert_string_equal(list[2].name, "ehr");
    assert_true(list[2].revoked_at > 0);
    assert_string_equal(list[2].revoked_by, "adm1");
    assert_int_equal(list[2].n_clients, 2);
    int64_t rows = 0;
    assert_int_equal(easel_audit_verify(&s, &rows, &err), 0);
    easel_arena_release(&ar);
    easel_store_close(&s);
}

/* PostgreSQL (issue 15): a statement run again on a connection is a named prepared statement
   there (parsed and planned once per connection, not on every call), with the same answers;
   when another connection changes its table so that the plan no longer fits, the next run
   outside a transaction still answers (unnamed from then on), and inside one it fails like any
   statement and the transaction rolls back. */
static int64_t prepared_count(struct easel_store *s, const char *sql)
{
    struct easel_val p[] = {easel_vtext(sql)};
    int64_t n = -1;
    int found = 0;
    struct easel_error err = {0};
    assert_int_equal(easel__int(s,
                                "SELECT count(*) FROM pg_prepared_statements WHERE"
                                " statement = $1",
                                p, 1, &n, &found, &err),
                     0);
    return n;
}

static void pg_statements_run_again_are_prepared(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s, other;
    open_store(&s, "ther1");
    open_store(&other, "ther1");
    struct easel_error err = {0};
    assert_int_equal(easel__run(&s, "CREATE TABLE prep_t (a bigint)", NULL, 0, NULL, &err), 0);
    const char *ins = "INSERT INTO prep_t (a) VALUES ($1)";
    for (int i = 1; i <= 3; i++) {
        struct easel_val p[] = {easel_vint(i)};
        assert_int_equal(easel__run(&s, ins, p, 1, NULL, &err), 0);
    }
    const char *sum = "SELECT sum(a) FROM prep_t WHERE a >= $1";
    const char *star = "SELECT * FROM prep_t WHERE a = $1";
    assert_int_equal(prepared_count(&s, sum), 0);
    for (int i = 0; i < 3; i++) {
        struct easel_val p[] = {easel_vint(2)};
        int64_t v = 0;
        int found = 0;
        assert_int_equal(easel__int(&s, sum, p, 1, &v, &found, &err), 0);
        assert_int_equal(v, 5); /* unnamed, then prepared, then named: the same answer */
        assert_int_equal(easel__int(&s, star, p, 1, &v, &found, &err), 0);
        assert_int_equal(v, 2);
    }
    assert_int_equal(prepared_count(&s, sum), 1);
    assert_int_equal(prepared_count(&s, ins), 1);
    assert_int_equal(prepared_count(&other, sum), 0); /* per connection */
    assert_int_equal(prepared_count(&s, "CREATE TABLE prep_t (a bigint)"), 0);
    /* another server adds a column: the named SELECT * no longer fits its plan */
    assert_int_equal(
        easel__run(&other, "ALTER TABLE prep_t ADD COLUMN b bigint", NULL, 0, NULL, &err), 0);
    struct easel_val p2[] = {easel_vint(3)};
    int64_t v = 0;
    int found = 0;
    assert_int_equal(easel__int(&s, star, p2, 1, &v, &found, &err), 0);
    assert_int_equal(v, 3);
    assert_int_equal(easel__int(&s, star, p2, 1, &v, &found, &err), 0);
    assert_int_equal(v, 3);
    /* inside a transaction the same change fails the statement, and the transaction with it */
    const char *star2 = "SELECT * FROM prep_t WHERE a >= $1 ORDER BY a";
    for (int i = 0; i < 2; i++)
        assert_int_equal(easel__int(&s, star2, p2, 1, &v, &found, &err), 0);
    assert_int_equal(prepared_count(&s, star2), 1);
    assert_int_equal(
        easel__run(&other, "ALTER TABLE prep_t ADD COLUMN c bigint", NULL, 0, NULL, &err), 0);
    assert_int_equal(easel_store_batch_begin(&s, &err), 0);
    struct easel_val p4[] = {easel_vint(4)};
    assert_int_equal(easel__run(&s, ins, p4, 1, NULL, &err), 0);
    int rc = easel__int(&s, star2, p2, 1, &v, &found, &err);
    assert_int_not_equal(easel_store_batch_end(&s, rc, &err), 0);
    assert_int_not_equal(rc, 0);
    /* rolled back: 4 was not kept; outside a transaction the statement answers again */
    assert_int_equal(easel__int(&s, sum, p2, 1, &v, &found, &err), 0);
    assert_int_equal(v, 3);
    assert_int_equal(easel__int(&s, star2, p2, 1, &v, &found, &err), 0);
    assert_int_equal(v, 3);
    easel_store_close(&other);
    easel_store_close(&s);
}

/* PostgreSQL: a batch sends its BEGIN with its first statement and its audit rows with its
   COMMIT (pipelines). A connection the server ends between two batches fails the next batch's
   first statement (lost, reconnected, nothing half-done), and the batch after that works, its
   statements prepared again on the new connection; a batch of reads leaves its audit rows. */
static void pg_batches_survive_a_lost_connection(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s, other;
    open_store(&s, "ther1");
    open_store(&other, "ther1");
    struct easel_error err = {0};
    int64_t a = add_client(&s, "c-001", "Ada Synthetic");
    s.defer_audit = 1; /* as easel serve's connections: the audit rows go with the COMMIT */
    struct easel_arena ar;
    easel_arena_init(&ar);
    struct easel_client got;
    int64_t before = count(&s, "audit_pending") + count(&s, "audit_log");
    for (int i = 0; i < 3; i++) { /* three audited read batches: prepared by the second */
        assert_int_equal(easel_store_batch_begin_read(&s, &err), 0);
        int rc = easel_client_get(&s, a, &ar, &got, &err);
        assert_int_equal(easel_store_batch_end(&s, rc, &err), 0);
        assert_int_equal(rc, 0);
    }
    assert_int_equal(count(&s, "audit_pending") + count(&s, "audit_log"), before + 3);
    sf_pg_end_connection(&s, &other);
    assert_int_equal(easel_store_batch_begin_read(&s, &err), 0);
    int rc = easel_client_get(&s, a, &ar, &got, &err);
    assert_int_equal(rc, EASEL_EDB);
    assert_non_null(strstr(err.msg, "lost"));
    assert_int_not_equal(easel_store_batch_end(&s, rc, &err), 0);
    for (int i = 0; i < 3; i++) { /* the connection is back; its statements prepared again */
        assert_int_equal(easel_store_batch_begin_read(&s, &err), 0);
        rc = easel_client_get(&s, a, &ar, &got, &err);
        assert_int_equal(easel_store_batch_end(&s, rc, &err), 0);
        assert_int_equal(rc, 0);
        assert_string_equal(got.name, "Ada Synthetic");
    }
    assert_int_equal(count(&s, "audit_pending") + count(&s, "audit_log"), before + 6);
    int64_t verified = 0;
    assert_int_equal(easel_audit_verify(&s, &verified, &err), 0);
    easel_arena_release(&ar);
    easel_store_close(&other);
    easel_store_close(&s);
}

static int64_t unsynced(void)
{
    int64_t n = easel__sqlite_unsynced(fx.url);
    assert_true(n >= 0);
    return n;
}

static void read_client(struct easel_store *s, int64_t id)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client c;
    struct easel_error err = {0};
    assert_int_equal(easel_client_get(s, id, &a, &c, &err), 0);
    easel_arena_release(&a);
}

/* SQLite (issue 15, EASEL_READ_AUDIT_SYNC_MS): a read's audit row commits into the WAL without
   waiting for an fsync; the next write's commit, a read a second after the oldest one not on
   disk, easel_audit_seal and the connection's close each take every earlier commit to disk. A
   write inside a read batch still waits. Every read is in the chain, which verifies. */
static void sqlite_reads_commit_without_waiting_for_the_disk(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s, keep;
    open_store(&keep, "ther1"); /* holds the file's shared state across s's close */
    open_store(&s, "ther1");
    s.now = fake_clock;
    int64_t client = add_client(&s, "c-071", "Vera Placeholder");
    assert_int_equal(unsynced(), 0); /* a write waits for the disk */
    uint64_t c0 = 0, s0 = 0, c1 = 0, s1 = 0;
    assert_int_equal(easel__sqlite_sync_counts(fx.url, &c0, &s0), 0);
    for (int i = 0; i < 50; i++) {
        read_client(&s, client);
        fake_now += 10; /* 500 ms in all: under the bound */
    }
    assert_int_equal(easel__sqlite_sync_counts(fx.url, &c1, &s1), 0);
    assert_int_equal(c1 - c0, 50); /* fifty commits ... */
    assert_int_equal(s1, s0);      /* ... and not one fsync */
    assert_int_equal(unsynced(), 50);
    fake_now += EASEL_READ_AUDIT_SYNC_MS; /* the oldest is overdue: this read waits for all */
    read_client(&s, client);
    assert_int_equal(unsynced(), 0);
    read_client(&s, client);
    read_client(&s, client);
    assert_int_equal(unsynced(), 2);
    add_client(&s, "c-072", "Wren Placeholder"); /* a write takes the reads with it */
    assert_int_equal(unsynced(), 0);
    struct easel_error err = {0};
    read_client(&s, client);
    assert_int_equal(unsynced(), 1);
    assert_int_equal(easel_audit_seal(&s, NULL, &err), 0); /* easel serve's sealer, each tick */
    assert_int_equal(unsynced(), 0);
    /* a write inside a read batch is a write: it waits */
    read_client(&s, client);
    assert_int_equal(easel_store_batch_begin_read(&s, &err), 0);
    int64_t other = add_client(&s, "c-073", "Xia Placeholder");
    assert_int_equal(easel_store_batch_end(&s, 0, &err), 0);
    assert_int_equal(unsynced(), 0);
    read_client(&s, other);
    read_client(&s, other);
    assert_int_equal(unsynced(), 2);
    easel_store_close(&s); /* its read-only commits to disk before it goes */
    assert_int_equal(unsynced(), 0);
    int64_t reads = 0;
    assert_int_equal(easel_audit_count(&keep, "read", "client", client, &reads, &err), 0);
    assert_int_equal(reads, 50 + 1 + 2 + 1 + 1);
    int64_t rows = 0;
    assert_int_equal(easel_audit_verify(&keep, &rows, &err), 0);
    easel_store_close(&keep);
}

int main(int argc, char **argv)
{
    int skip = sf_backend_arg(&fx, argc, argv);
    if (skip)
        return skip;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrate_is_idempotent),
        cmocka_unit_test(clients),
        cmocka_unit_test(plans_are_versioned_and_signed_plans_immutable),
        cmocka_unit_test(sessions_and_profiles),
        cmocka_unit_test(gas_history_and_audit_last),
        cmocka_unit_test(audit_detects_tampering),
        cmocka_unit_test(deferred_audit_rows_are_sealed_into_the_chain),
        cmocka_unit_test(audit_detects_an_edited_deferred_row),
        cmocka_unit_test(audit_detects_an_edited_signed_plan),
        cmocka_unit_test(session_notes_are_drafts_until_signed),
        cmocka_unit_test(audit_detects_an_edited_signed_note),
        cmocka_unit_test(backup_is_consistent),
        cmocka_unit_test(sign_in_attempts_are_taken_before_the_check),
        cmocka_unit_test(api_tokens),
    };
    const struct CMUnitTest sqlite_only[] = {
        cmocka_unit_test(sqlite_commits_share_fsyncs),
        cmocka_unit_test(sqlite_reads_share_audit_transactions),
        cmocka_unit_test(sqlite_reads_commit_without_waiting_for_the_disk)};
    const struct CMUnitTest postgresql_only[] = {
        cmocka_unit_test(pg_statements_run_again_are_prepared),
        cmocka_unit_test(pg_batches_survive_a_lost_connection)};
    int failed = cmocka_run_group_tests_name(fx.backend, tests, NULL, NULL);
    if (strcmp(fx.backend, "sqlite") == 0)
        failed += cmocka_run_group_tests_name("sqlite group commit", sqlite_only, NULL, NULL);
    else
        failed += cmocka_run_group_tests_name("postgresql statements", postgresql_only, NULL, NULL);
    sf_cleanup(&fx);
    return failed;
}
