/*
 * tests/test_plan_rules.c — the plan checker (core/plan_rules.c): every rule stays silent on
 * sound plans (the shipped examples and a risk plan), and fires on a plan crafted to break it:
 * a hazard word in a session's text, an excluded medium listed, safety not in session 1, the
 * safety plan never revisited, an objective without a session, an instrument outside its ages,
 * a target date inside the recall window, a session over its length, a directive squeezed below
 * its minimum, no ending. The crafted plans are real plans changed in place, as an edit would.
 */
#include "testutil.h"

#include "easel/plan_rules.h"

#include <sys/stat.h>
#include <unistd.h>

static struct easel_kb kb;

#define RISK                                                                                       \
    "{\"format\":\"easel-profile/1\",\"client\":\"t-rules\",\"age\":34,"                           \
    "\"setting\":\"outpatient\",\"start_date\":\"2026-12-01\",\"problems\":[\"depression\"],"      \
    "\"session\":{\"count\":8,\"minutes\":50},\"measures\":[{\"instrument\":\"phq-9\","            \
    "\"date\":\"2026-11-24\",\"total\":16,\"items\":[2,2,2,2,2,2,2,1,1]}]}"

/* Runs the checker again and counts the findings of a rule. */
static int fired(struct easel_plan *pl, const char *rule, enum easel_severity sev)
{
    struct easel_findings f;
    assert_int_equal(easel_plan_rules_check(pl, &f), 0);
    int n = 0;
    for (size_t i = 0; i < f.n; i++)
        n += strcmp(f.items[i].rule, rule) == 0 && f.items[i].severity == sev;
    return n;
}

static void silent_on_sound_plans(void **state)
{
    (void)state;
    static const char *const examples[] = {
        "inpatient-suicide-risk", "outpatient-complex-trauma",  "nursing-home-dementia",
        "prison-anger-group",     "hospital-neutropenic-child", "hospice-palliative",
        "school-selective-mutism"};
    for (size_t i = 0; i < sizeof(examples) / sizeof(*examples); i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s.json", EASEL_EXAMPLES_DIR, examples[i]);
        struct easel_profile p;
        struct easel_error err = {0};
        assert_int_equal(easel_profile_load(&p, &kb, path, &err), 0);
        struct easel_plan pl;
        tu_plan(&pl, &kb, &p);
        for (size_t k = 0; k < pl.findings.n; k++)
            if (pl.findings.items[k].severity == EASEL_SEV_ERROR)
                fprintf(stderr, "%s: %s\n", examples[i], pl.findings.items[k].message);
        assert_int_equal(pl.findings.n_errors, 0);
        easel_plan_release(&pl);
        easel_profile_release(&p);
    }
}

/* An intervention excluded for this client because its text names an excluded hazard. */
static int text_excluded(const struct easel_plan *pl)
{
    for (size_t i = 0; i < pl->kb->n_interventions; i++)
        if (pl->excluded[i] & EASEL_X_TEXT)
            return (int)i;
    return -1;
}

/* A clinic's own directive whose step names a ligature outside any role: kb check lets it in
   (its own media carry no ligature hazard), the engine excludes it wherever ligatures are
   excluded, and the checker names the word when an edit puts it in. */
static const char *const clinic_item =
    "{\"id\":\"clinic-wrapped-bundle\",\"kind\":\"intervention\",\"version\":1,"
    "\"name\":\"Wrapped bundle\",\"type\":\"art-directive\",\"roles\":[\"main\"],"
    "\"approaches\":[\"art-therapy\"],\"summary\":\"The client wraps a small bundle of "
    "{paper} pieces.\",\"goal_tags\":[\"anxiety-reduction\",\"containment\"],\"etc\":[\"KS\"],"
    "\"media\":[{\"id\":\"tissue-paper\",\"qty\":0.02,\"role\":\"paper\"}],"
    "\"minutes\":{\"min\":20,\"typical\":30},\"formats\":[\"individual\"],"
    "\"age\":{\"min\":12,\"max\":120},\"demands\":{\"cognitive\":2,\"motor\":2,"
    "\"verbal\":2},\"intensity\":1,\"phases\":[\"skills\"],\"contraindications\":[],"
    "\"themes\":[],\"steps\":[\"Fold the {paper} into a bundle.\",\"Tie it with string.\","
    "\"Keep it.\"],\"processing_questions\":[\"a?\",\"b?\",\"c?\"],"
    "\"basis\":\"practice convention: a test item\"}";

static void hazard_words_fire(void **state)
{
    (void)state;
    char dir[] = "/tmp/easel-rules-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof(path), "%s/interventions", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/interventions/clinic-wrapped-bundle.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(clinic_item, f);
    fclose(f);
    struct easel_kb clinic;
    struct easel_error err = {0};
    int rc = easel_kb_load(&clinic, EASEL_KB_DIR, dir, &err);
    if (rc)
        fprintf(stderr, "%s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
    unlink(path);
    snprintf(path, sizeof(path), "%s/interventions", dir);
    rmdir(path);
    rmdir(dir);
    struct tu_built b;
    /* inpatient psychiatry excludes blades, sharps and ligatures */
    tu_profile_ok(&b.p, &clinic,
                  "{\"format\":\"easel-profile/1\",\"client\":\"t-rules\",\"age\":30,"
                  "\"setting\":\"inpatient-psychiatry\",\"start_date\":\"2026-12-01\","
                  "\"problems\":[\"anxiety\"]}");
    tu_plan(&b.plan, &clinic, &b.p);
    assert_int_equal(fired(&b.plan, "hazard-word", EASEL_SEV_ERROR), 0);
    int bad = text_excluded(&b.plan);
    assert_int_equal(bad, easel_kb_intervention(&clinic, "clinic-wrapped-bundle"));
    struct easel_plan_item *it = &b.plan.sessions[1].main;
    it->intervention = bad; /* the edit puts it in anyway */
    it->use = NULL;
    it->n_media = 0;
    struct easel_findings found;
    assert_int_equal(easel_plan_rules_check(&b.plan, &found), 0);
    bool named = false;
    for (size_t i = 0; i < found.n; i++)
        named |= strstr(found.items[i].message, "\"string\" (ligature)") != NULL;
    assert_true(named);
    /* and an excluded medium in a session's materials */
    int blade = easel_kb_medium(&clinic, "sharp-scissors");
    assert_int_equal(b.plan.media[blade].verdict, EASEL_VERDICT_EXCLUDED);
    struct easel_plan_item *it2 = &b.plan.sessions[2].main;
    int *media = easel_arena_alloc(&b.plan.arena, sizeof(int));
    int64_t *qty = easel_arena_alloc(&b.plan.arena, sizeof(int64_t));
    media[0] = blade;
    qty[0] = 1000;
    it2->media = media;
    it2->qty_milli = qty;
    it2->n_media = 1;
    assert_true(fired(&b.plan, "hazard-word", EASEL_SEV_ERROR) >= 2);
    tu_drop(&b);
    easel_kb_release(&clinic);
}

static void safety_rules_fire(void **state)
{
    (void)state;
    struct tu_built b;
    tu_build(&b, &kb, RISK);
    assert_true(b.plan.n_risks >= 1);
    assert_int_equal(fired(&b.plan, "safety-first", EASEL_SEV_ERROR), 0);
    assert_int_equal(fired(&b.plan, "safety-review", EASEL_SEV_ERROR), 0);
    /* session 1 made something else */
    int other = b.plan.sessions[1].main.intervention;
    assert_false(kb.interventions[other].safety_plan);
    int was = b.plan.sessions[0].main.intervention;
    b.plan.sessions[0].main.intervention = other;
    assert_int_equal(fired(&b.plan, "safety-first", EASEL_SEV_ERROR), 1);
    /* left for the safety plan by other means (no directive fits): a warning, not an error */
    b.plan.sessions[0].main.intervention = -1;
    assert_int_equal(fired(&b.plan, "safety-first", EASEL_SEV_ERROR), 0);
    assert_int_equal(fired(&b.plan, "safety-first", EASEL_SEV_WARNING), 1);
    b.plan.sessions[0].main.intervention = was;
    /* the plan never looked at again */
    for (size_t s = 0; s < b.plan.n_sessions; s++)
        b.plan.sessions[s].safety_review = 0;
    assert_int_equal(fired(&b.plan, "safety-review", EASEL_SEV_ERROR), 1);
    tu_drop(&b);
}

static void objective_rules_fire(void **state)
{
    (void)state;
    struct tu_built b;
    tu_build(&b, &kb, RISK);
    assert_int_equal(fired(&b.plan, "objective-gap", EASEL_SEV_WARNING), 0);
    assert_int_equal(fired(&b.plan, "target-interval", EASEL_SEV_ERROR), 0);
    assert_int_equal(fired(&b.plan, "instrument-age", EASEL_SEV_ERROR), 0);
    size_t phq = b.plan.n_objectives;
    for (size_t k = 0; k < b.plan.n_objectives; k++)
        if (b.plan.objectives[k].tpl->measure == EASEL_MEASURE_INSTRUMENT &&
            strcmp(kb.instruments[b.plan.objectives[k].tpl->instrument].id, "phq-9") == 0)
            phq = k;
    assert_true(phq < b.plan.n_objectives);
    /* a PHQ-9 target one day after its baseline: inside the two-week recall window */
    b.plan.objectives[phq].target_date = "2026-11-25";
    assert_int_equal(fired(&b.plan, "target-interval", EASEL_SEV_ERROR), 1);
    /* the same measure for a ten-year-old */
    b.p.age = 10;
    assert_int_equal(fired(&b.plan, "instrument-age", EASEL_SEV_ERROR), 1);
    b.p.age = 34;
    /* an objective that no session serves */
    b.plan.objectives[phq].sessions_served = 0;
    assert_true(fired(&b.plan, "objective-gap", EASEL_SEV_WARNING) >= 1);
    tu_drop(&b);
}

static void session_rules_fire(void **state)
{
    (void)state;
    struct tu_built b;
    tu_build(&b, &kb, RISK);
    assert_int_equal(fired(&b.plan, "session-length", EASEL_SEV_ERROR), 0);
    assert_int_equal(fired(&b.plan, "ending", EASEL_SEV_WARNING), 0);
    struct easel_plan_session *s = &b.plan.sessions[2];
    s->main.minutes += 30; /* over the 50-minute session */
    assert_int_equal(fired(&b.plan, "session-length", EASEL_SEV_ERROR), 1);
    s->main.minutes = 1; /* below the directive's minimum */
    assert_int_equal(fired(&b.plan, "directive-time", EASEL_SEV_WARNING), 1);
    /* the last session is one more new directive */
    b.plan.sessions[b.plan.n_sessions - 1].main.intervention = b.plan.sessions[2].main.intervention;
    assert_int_equal(fired(&b.plan, "ending", EASEL_SEV_WARNING), 1);
    tu_drop(&b);
}

int main(void)
{
    struct easel_error err = {0};
    if (easel_kb_load(&kb, EASEL_KB_DIR, NULL, &err)) {
        fprintf(stderr, "KB: %s: %s\n", err.where, err.msg);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(silent_on_sound_plans), cmocka_unit_test(hazard_words_fire),
        cmocka_unit_test(safety_rules_fire), cmocka_unit_test(objective_rules_fire),
        cmocka_unit_test(session_rules_fire)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    easel_kb_release(&kb);
    return rc;
}
