/*
 * tests/test_client_chart.c — store/client_chart.c on SQLite and PostgreSQL (argv[1]): the chart
 * read in one go gives what the six single reads give (client, care team, latest profile,
 * latest plan's record without its body, sessions, measures) and is audited as one access (one
 * "chart" row, none of the single reads' six); an unknown client is EASEL_ENOTFOUND with
 * nothing audited; inside a read batch (as easel serve reads it) the row is written at its
 * end. On PostgreSQL, where the six statements go in one pipeline: a statement another
 * server made stale is run again, a lost connection is an error that names it and the next
 * read works, and a failed pipeline inside a transaction fails the transaction.
 */
#include "store_fixture.h"

static struct sf fx = {.tag = "chart"};

static void open_store(struct easel_store *s, const char *actor)
{
    sf_reopen(&fx, s, actor, NULL);
}

static int64_t reads(struct easel_store *s, const char *type, int64_t id)
{
    int64_t n = -1;
    struct easel_error err = {0};
    assert_int_equal(easel_audit_count(s, "read", type, id, &n, &err), 0);
    return n;
}

/* a KB version as the engine writes it: the KB's SHA-256 */
static const char *const kbv = "6a8b2453ce4d3cc2da2c5828f35b7aa07cd879d583b0485d93f24f3730040239";

static const char *const types[] = {"client", "care-team", "profile",
                                    "plan",   "sessions",  "measures"};
#define NTYPES (sizeof(types) / sizeof(types[0]))

static void audit_reads(struct easel_store *s, int64_t id, int64_t out[NTYPES])
{
    for (size_t i = 0; i < NTYPES; i++)
        out[i] = reads(s, types[i], id);
}

/* The chart left one "chart" row and none of the single reads' rows. */
static void one_chart_row(struct easel_store *s, int64_t id, int64_t charts_before,
                          const int64_t before[NTYPES])
{
    int64_t now[NTYPES];
    assert_int_equal(reads(s, "chart", id), charts_before + 1);
    audit_reads(s, id, now);
    for (size_t i = 0; i < NTYPES; i++)
        assert_int_equal(now[i], before[i]);
}

/* A client with everything a chart shows: two on the care team, two profile versions, a signed
   and co-signed plan with a newer draft, three sessions and two measures. */
static int64_t full_client(struct easel_store *s, struct easel_store *super)
{
    struct easel_error err = {0};
    assert_int_equal(easel_user_add(s, "ther1", "Tess Therapist", "therapist", &err), 0);
    assert_int_equal(easel_user_add(s, "super1", "Sam Supervisor", "supervisor", &err), 0);
    struct easel_client c = {
        .ref = "c-001", .name = "Ada Synthetic", .setting = "outpatient", .birth_year = 1990};
    int64_t id = 0, v = 0;
    assert_int_equal(easel_client_add(s, &c, &id, &err), 0);
    assert_int_equal(easel_team_add(s, id, "ther1", "therapist", NULL, &err), 0);
    assert_int_equal(easel_team_add(s, id, "super1", "supervisor", NULL, &err), 0);
    assert_int_equal(easel_profile_put(s, id, "{\"age\":35}", &v, &err), 0);
    assert_int_equal(easel_profile_put(s, id, "{\"age\":36,\"setting\":\"outpatient\"}", &v, &err),
                     0);
    assert_int_equal(easel_plan_record_save(s, id, 0, "{\"v\":1}", kbv, &v, &err), 0);
    assert_int_equal(easel_plan_record_sign(s, id, 1, &err), 0);
    assert_int_equal(easel_plan_record_cosign(super, id, 1, &err), 0);
    assert_int_equal(easel_plan_record_save(s, id, 1, "{\"v\":2}", kbv, &v, &err), 0);
    sf_rated_session(s, id, "2026-03-02", 1, "[]");
    sf_rated_session(s, id, "2026-03-09", 1, "[]");
    sf_rated_session(s, id, "2026-03-16", 2, "[]");
    struct easel_measure_record m = {.client = id,
                                     .instrument = "phq9",
                                     .date = "2026-03-02",
                                     .answers = "1,1,2,0,1,1,0,1,0",
                                     .total_x100 = 700};
    int64_t mid = 0;
    assert_int_equal(easel_measure_add(s, &m, &mid, &err), 0);
    m.date = "2026-03-16";
    m.answers = "0,1,1,0,0,1,0,0,0";
    m.total_x100 = 300;
    assert_int_equal(easel_measure_add(s, &m, &mid, &err), 0);
    return id;
}

static void same_string(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

/* ch against the six single reads of the same client */
static void same_as_single_reads(struct easel_store *s, int64_t id,
                                 const struct easel_client_chart *ch)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_error err = {0};
    struct easel_client c;
    assert_int_equal(easel_client_get(s, id, &a, &c, &err), 0);
    assert_int_equal(ch->client.id, c.id);
    assert_string_equal(ch->client.ref, c.ref);
    assert_string_equal(ch->client.name, c.name);
    assert_string_equal(ch->client.setting, c.setting);
    assert_int_equal(ch->client.birth_year, c.birth_year);
    assert_int_equal(ch->client.version, c.version);

    struct easel_person *team = NULL;
    size_t nt = 0;
    assert_int_equal(easel_team_list(s, id, &a, &team, &nt, &err), 0);
    assert_int_equal(ch->n_team, nt);
    for (size_t i = 0; i < nt; i++) {
        assert_string_equal(ch->team[i].login, team[i].login);
        assert_string_equal(ch->team[i].name, team[i].name);
        assert_string_equal(ch->team[i].role, team[i].role);
    }

    struct easel_buf pb;
    easel_buf_init(&pb, 1 << 20);
    int64_t pv = 0;
    int rc = easel_profile_get(s, id, 0, &pb, &pv, &err);
    if (rc == EASEL_ENOTFOUND) {
        assert_null(ch->profile);
    } else {
        assert_int_equal(rc, 0);
        assert_non_null(ch->profile);
        assert_int_equal(ch->profile_len, pb.len);
        assert_memory_equal(ch->profile, pb.data, pb.len);
        assert_int_equal(ch->profile_version, pv);
    }
    easel_buf_release(&pb);

    struct easel_plan_record p;
    rc = easel_plan_record_load(s, id, 0, &a, &p, &err);
    assert_int_equal(ch->has_plan, rc == 0);
    if (rc == 0) {
        assert_null(ch->plan.body); /* the head only */
        assert_int_equal(ch->plan.version, p.version);
        same_string(ch->plan.status, p.status);
        same_string(ch->plan.kb_version, p.kb_version);
        same_string(ch->plan.content_hash, p.content_hash);
        same_string(ch->plan.created_by, p.created_by);
        same_string(ch->plan.signed_by, p.signed_by);
        same_string(ch->plan.cosigned_by, p.cosigned_by);
        assert_int_equal(ch->plan.created_at, p.created_at);
        assert_int_equal(ch->plan.cosigned_at, p.cosigned_at);
    }

    struct easel_session_record *ss = NULL;
    size_t ns = 0;
    assert_int_equal(easel_session_list(s, id, &a, &ss, &ns, &err), 0);
    assert_int_equal(ch->n_sessions, ns);
    for (size_t i = 0; i < ns; i++) {
        assert_int_equal(ch->sessions[i].id, ss[i].id);
        assert_string_equal(ch->sessions[i].date, ss[i].date);
        assert_string_equal(ch->sessions[i].note, ss[i].note);
        assert_int_equal(ch->sessions[i].plan_version, ss[i].plan_version);
    }

    struct easel_measure_record *ms = NULL;
    size_t nm = 0;
    assert_int_equal(easel_measure_list(s, id, &a, &ms, &nm, &err), 0);
    assert_int_equal(ch->n_measures, nm);
    for (size_t i = 0; i < nm; i++) {
        assert_int_equal(ch->measures[i].id, ms[i].id);
        assert_string_equal(ch->measures[i].answers, ms[i].answers);
        assert_int_equal(ch->measures[i].total_x100, ms[i].total_x100);
    }
    easel_arena_release(&a);
}

static void chart_is_the_six_reads_with_their_audit_rows(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s, super;
    open_store(&s, "ther1");
    open_store(&super, "super1");
    int64_t id = full_client(&s, &super);
    struct easel_error err = {0};
    struct easel_arena a;
    easel_arena_init(&a);

    int64_t before[NTYPES], after[NTYPES], singles[NTYPES];
    audit_reads(&s, id, before);
    struct easel_client_chart ch;
    assert_int_equal(easel_client_chart_read(&s, id, &a, &ch, &err), 0);
    one_chart_row(&s, id, 0, before);
    audit_reads(&s, id, after);
    assert_string_equal(ch.client.name, "Ada Synthetic");
    assert_int_equal(ch.n_team, 2);
    assert_string_equal(ch.team[0].login, "super1"); /* by login */
    assert_int_equal(ch.profile_version, 2);
    assert_int_equal(ch.plan.version, 2);
    assert_string_equal(ch.plan.status, "draft");
    assert_int_equal(ch.n_sessions, 3);
    assert_string_equal(ch.sessions[2].date, "2026-03-16");
    assert_int_equal(ch.n_measures, 2);
    assert_int_equal(ch.measures[1].total_x100, 300);
    same_as_single_reads(&s, id, &ch);
    audit_reads(&s, id, singles);
    for (size_t i = 0; i < NTYPES; i++) /* the single reads leave a row each */
        assert_int_equal(singles[i], after[i] + 1);
    assert_int_equal(reads(&s, "chart", id), 1);

    /* the version in force is the signed and co-signed one once the draft is gone: a second
       client whose only plan is signed shows its signatures */
    struct easel_client c2 = {.ref = "c-002", .name = "Bo Synthetic", .setting = "outpatient"};
    int64_t id2 = 0, v = 0;
    assert_int_equal(easel_client_add(&s, &c2, &id2, &err), 0);
    assert_int_equal(easel_plan_record_save(&s, id2, 0, "{\"v\":1}", kbv, &v, &err), 0);
    assert_int_equal(easel_plan_record_sign(&s, id2, 1, &err), 0);
    assert_int_equal(easel_plan_record_cosign(&super, id2, 1, &err), 0);
    assert_int_equal(easel_client_chart_read(&s, id2, &a, &ch, &err), 0);
    assert_string_equal(ch.plan.status, "signed");
    assert_string_equal(ch.plan.signed_by, "ther1");
    assert_string_equal(ch.plan.cosigned_by, "super1");
    assert_non_null(ch.plan.content_hash);
    same_as_single_reads(&s, id2, &ch);
    int64_t verified = 0;
    assert_int_equal(easel_audit_verify(&s, &verified, &err), 0);
    easel_arena_release(&a);
    easel_store_close(&super);
    easel_store_close(&s);
}

static void chart_of_a_new_client_and_of_none(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s;
    open_store(&s, "ther1");
    struct easel_error err = {0};
    struct easel_client c = {.ref = "c-new", .name = "Cy Synthetic", .setting = "outpatient"};
    int64_t id = 0;
    assert_int_equal(easel_client_add(&s, &c, &id, &err), 0);
    struct easel_arena a;
    easel_arena_init(&a);
    int64_t before[NTYPES], after[NTYPES];
    audit_reads(&s, id, before);
    struct easel_client_chart ch;
    assert_int_equal(easel_client_chart_read(&s, id, &a, &ch, &err), 0);
    one_chart_row(&s, id, 0, before);
    assert_null(ch.profile);
    assert_false(ch.has_plan);
    assert_int_equal(ch.n_team, 0);
    assert_int_equal(ch.n_sessions, 0);
    assert_int_equal(ch.n_measures, 0);
    same_as_single_reads(&s, id, &ch);

    audit_reads(&s, id + 100, before);
    assert_int_equal(easel_client_chart_read(&s, id + 100, &a, &ch, &err), EASEL_ENOTFOUND);
    assert_string_equal(err.field, "id");
    audit_reads(&s, id + 100, after);
    for (size_t i = 0; i < NTYPES; i++)
        assert_int_equal(after[i], before[i]);
    assert_int_equal(reads(&s, "chart", id + 100), 0);
    easel_arena_release(&a);
    easel_store_close(&s);
}

/* As easel serve reads: a read batch with its audit rows deferred to its end, three times (the
   statements are prepared by the second on PostgreSQL). */
static void chart_in_read_batches(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s, super;
    open_store(&s, "ther1");
    open_store(&super, "super1");
    int64_t id = full_client(&s, &super);
    s.defer_audit = 1;
    struct easel_error err = {0};
    struct easel_arena a;
    easel_arena_init(&a);
    int64_t before[NTYPES], after[NTYPES];
    audit_reads(&s, id, before);
    for (int i = 0; i < 3; i++) {
        struct easel_client_chart ch;
        assert_int_equal(easel_store_batch_begin_read(&s, &err), 0);
        int rc = easel_client_chart_read(&s, id, &a, &ch, &err);
        assert_int_equal(easel_store_batch_end(&s, rc, &err), 0);
        assert_int_equal(rc, 0);
        same_as_single_reads(&super, id, &ch);
    }
    audit_reads(&s, id, after);
    for (size_t i = 0; i < NTYPES; i++)
        assert_int_equal(after[i], before[i] + 3); /* same_as_single_reads' */
    assert_int_equal(reads(&s, "chart", id), 3);   /* the batches' */
    int64_t sealed = 0, verified = 0;
    assert_int_equal(easel_audit_seal(&s, &sealed, &err), 0);
    assert_int_equal(easel_audit_verify(&s, &verified, &err), 0);
    easel_arena_release(&a);
    easel_store_close(&super);
    easel_store_close(&s);
}

/* PostgreSQL: the pipeline's failures. */
static void pg_chart_pipeline_failures(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_store s, super;
    open_store(&s, "ther1");
    open_store(&super, "super1");
    int64_t id = full_client(&s, &super);
    struct easel_error err = {0};
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client_chart ch;
    for (int i = 0; i < 3; i++) /* named statements from the second read on */
        assert_int_equal(easel_client_chart_read(&s, id, &a, &ch, &err), 0);

    /* another server changes a column's type: the named measures statement no longer fits its
       plan; outside a transaction and at a batch's start the read runs again, unnamed */
    assert_int_equal(easel__run(&super, "ALTER TABLE measures ALTER COLUMN answers TYPE varchar",
                                NULL, 0, NULL, &err),
                     0);
    assert_int_equal(easel_client_chart_read(&s, id, &a, &ch, &err), 0);
    assert_int_equal(ch.n_measures, 2);
    assert_int_equal(easel__run(&super, "ALTER TABLE sessions ALTER COLUMN mode TYPE varchar", NULL,
                                0, NULL, &err),
                     0);
    s.defer_audit = 1;
    assert_int_equal(easel_store_batch_begin_read(&s, &err), 0);
    int rc = easel_client_chart_read(&s, id, &a, &ch, &err);
    assert_int_equal(easel_store_batch_end(&s, rc, &err), 0);
    assert_int_equal(rc, 0);
    assert_int_equal(ch.n_sessions, 3);

    /* inside a transaction that already did something, the stale statement fails it */
    for (int i = 0; i < 2; i++)
        assert_int_equal(easel_client_chart_read(&s, id, &a, &ch, &err), 0);
    assert_int_equal(easel__run(&super, "ALTER TABLE care_team ALTER COLUMN role TYPE varchar",
                                NULL, 0, NULL, &err),
                     0);
    int64_t profiles = 0;
    assert_int_equal(easel_store_batch_begin_read(&s, &err), 0);
    assert_int_equal(
        easel__int(&s, "SELECT COUNT(*) FROM profiles", NULL, 0, &profiles, NULL, &err), 0);
    rc = easel_client_chart_read(&s, id, &a, &ch, &err);
    assert_int_not_equal(rc, 0);
    assert_int_not_equal(easel_store_batch_end(&s, rc, &err), 0);
    assert_int_equal(easel_client_chart_read(&s, id, &a, &ch, &err), 0); /* and then works */
    assert_int_equal(ch.n_team, 2);

    /* the connection lost before the pipeline: an error that says so, then a working read */
    sf_pg_end_connection(&s, &super);
    assert_int_equal(easel_store_batch_begin_read(&s, &err), 0);
    rc = easel_client_chart_read(&s, id, &a, &ch, &err);
    assert_int_equal(rc, EASEL_EDB);
    assert_non_null(strstr(err.msg, "lost"));
    assert_int_not_equal(easel_store_batch_end(&s, rc, &err), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(easel_store_batch_begin_read(&s, &err), 0);
        rc = easel_client_chart_read(&s, id, &a, &ch, &err);
        assert_int_equal(easel_store_batch_end(&s, rc, &err), 0);
        assert_int_equal(rc, 0);
        same_as_single_reads(&super, id, &ch);
    }
    int64_t sealed = 0, verified = 0;
    assert_int_equal(easel_audit_seal(&s, &sealed, &err), 0);
    assert_int_equal(easel_audit_verify(&s, &verified, &err), 0);
    easel_arena_release(&a);
    easel_store_close(&super);
    easel_store_close(&s);
}

int main(int argc, char **argv)
{
    int skip = sf_backend_arg(&fx, argc, argv);
    if (skip)
        return skip;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chart_is_the_six_reads_with_their_audit_rows),
        cmocka_unit_test(chart_of_a_new_client_and_of_none),
        cmocka_unit_test(chart_in_read_batches),
    };
    const struct CMUnitTest pg_only[] = {cmocka_unit_test(pg_chart_pipeline_failures)};
    int failed = cmocka_run_group_tests_name(fx.backend, tests, NULL, NULL);
    if (strcmp(fx.backend, "postgresql") == 0)
        failed += cmocka_run_group_tests_name("postgresql pipeline", pg_only, NULL, NULL);
    sf_cleanup(&fx);
    return failed;
}
