/*
 * tests/test_clinical_panel.c — the clinical panel: synthetic clients across every setting, age
 * band and constraint class (tests/clinical_panel/NN-*.json), each with what an experienced art
 * therapist would insist on for that client, written as expectations independent of the engine:
 *   never       words that must not appear in anything the therapist reads in a session
 *               (names, summaries, steps, questions, materials of the warm-up, main, closure)
 *   session1    "safety-plan": session 1 holds a collaborative safety plan
 *   first_goal  the problem id of the first goal
 *   measures_any / measures_none   instruments at least one of which / none of which is used
 *   questions   the level of the processing questions (open, concrete, choice, nonverbal)
 *   max_talk_only_mains            sessions whose main activity is talk only, at most
 *   ends_with_termination          the last session is an ending session
 * Every case must pass; a failure names the case, the expectation and the text.
 */
#include "testutil.h"

#include <ctype.h>
#include <dirent.h>
#include <strings.h>
#include <jansson.h>

#define PANEL_DIR EASEL_SOURCE_DIR "/tests/clinical_panel"

static struct easel_kb kb;

/* Whole-word, case-insensitive phrase search. */
static const char *find_phrase(const char *text, const char *phrase)
{
    size_t n = strlen(phrase);
    for (const char *p = text; *p; p++) {
        if (strncasecmp(p, phrase, n) != 0)
            continue;
        bool start = p == text || !isalnum((unsigned char)p[-1]);
        bool end = !isalnum((unsigned char)p[n]);
        if (start && end)
            return p;
    }
    return NULL;
}

static void add_item_text(const struct easel_plan *pl, const struct easel_plan_item *it,
                          struct easel_buf *all)
{
    if (it->intervention < 0)
        return;
    easel_buf_printf(all, "%s\n", kb.interventions[it->intervention].name);
    for (int part = 0; part < 3; part++) {
        size_t n = easel_plan_item_count(pl, it, (enum easel_text_part)part);
        for (size_t k = 0; k < n; k++) {
            if (easel_plan_item_text(pl, it, (enum easel_text_part)part, k, all) == 0)
                easel_buf_puts(all, "\n");
        }
    }
    for (size_t k = 0; k < it->n_media; k++)
        easel_buf_printf(all, "%s\n", kb.media[it->media[k]].name);
}

static int run_case(const char *path)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        fprintf(stderr, "%s: %s\n", path, jerr.text);
        return 1;
    }
    const char *name = json_string_value(json_object_get(root, "name"));
    char *ptext = json_dumps(json_object_get(root, "profile"), 0);
    json_t *ex = json_object_get(root, "expect");
    struct easel_profile p;
    struct easel_plan pl;
    struct easel_error err = {0};
    int failures = 0;
#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "FAIL %s (%s): ", strrchr(path, '/') + 1, name ? name : "");               \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fprintf(stderr, "\n");                                                                     \
        failures++;                                                                                \
    } while (0)
    if (easel_profile_parse(&p, &kb, path, ptext, strlen(ptext), &err)) {
        FAIL("profile: %s: %s", err.field, err.msg);
        free(ptext);
        json_decref(root);
        return failures;
    }
    if (easel_plan_build(&pl, &kb, &p, NULL, &err)) {
        FAIL("plan: %s: %s", err.field, err.msg);
        easel_profile_release(&p);
        free(ptext);
        json_decref(root);
        return failures;
    }
    struct easel_buf all;
    easel_buf_init(&all, (size_t)16 << 20);
    for (size_t s = 0; s < pl.n_sessions; s++) {
        add_item_text(&pl, &pl.sessions[s].warmup, &all);
        add_item_text(&pl, &pl.sessions[s].main, &all);
        add_item_text(&pl, &pl.sessions[s].closure, &all);
    }
    const char *text = easel_buf_str(&all);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(ex, "never"), i, v)
    {
        const char *hit = find_phrase(text, json_string_value(v));
        if (hit) {
            const char *line = hit;
            while (line > text && line[-1] != '\n')
                line--;
            const char *eol = strchr(hit, '\n');
            FAIL("never \"%s\": %.*s", json_string_value(v),
                 (int)(eol ? eol - line : (ptrdiff_t)strlen(line)), line);
        }
    }
    const char *s1 = json_string_value(json_object_get(ex, "session1"));
    if (s1 && strcmp(s1, "safety-plan") == 0 && p.group) {
        /* a member's safety plan is made alone with the therapist, outside the group */
        if (!pl.safety_note)
            FAIL("the group plan does not flag an individual safety session");
    } else if (s1 && strcmp(s1, "safety-plan") == 0) {
        int m = pl.n_sessions ? pl.sessions[0].main.intervention : -1;
        if (m < 0 || !kb.interventions[m].safety_plan)
            FAIL("session 1 is not a collaborative safety plan (%s)",
                 m >= 0 ? kb.interventions[m].id : "unfilled");
    }
    const char *first = json_string_value(json_object_get(ex, "first_goal"));
    if (first && (!pl.n_goals || strcmp(kb.problems[pl.goals[0].problem].id, first) != 0))
        FAIL("first goal is %s, not %s", pl.n_goals ? kb.problems[pl.goals[0].problem].id : "none",
             first);
    json_t *any = json_object_get(ex, "measures_any");
    if (json_array_size(any)) {
        bool found = false;
        json_array_foreach(any, i, v) for (size_t k = 0; k < pl.n_objectives; k++)
        {
            const struct easel_objective_tpl *t = pl.objectives[k].tpl;
            found |= t->measure == EASEL_MEASURE_INSTRUMENT &&
                     strcmp(kb.instruments[t->instrument].id, json_string_value(v)) == 0;
        }
        if (!found)
            FAIL("none of the expected measures is used");
    }
    json_array_foreach(json_object_get(ex, "measures_none"), i, v)
    {
        for (size_t k = 0; k < pl.n_objectives; k++) {
            const struct easel_objective_tpl *t = pl.objectives[k].tpl;
            if (t->measure == EASEL_MEASURE_INSTRUMENT &&
                strcmp(kb.instruments[t->instrument].id, json_string_value(v)) == 0)
                FAIL("objective %s uses %s", pl.objectives[k].number, json_string_value(v));
        }
    }
    const char *q = json_string_value(json_object_get(ex, "questions"));
    if (q) {
        const char *have = easel_qlevel_name(easel_plan_question_level(&pl));
        if (strcmp(q, strcmp(have, "non-verbal") == 0 ? "nonverbal" : have) != 0)
            FAIL("questions are %s, not %s", have, q);
    }
    json_t *talk = json_object_get(ex, "max_talk_only_mains");
    if (json_is_integer(talk)) {
        int n = 0;
        for (size_t s = 0; s < pl.n_sessions; s++) {
            int m = pl.sessions[s].main.intervention;
            n += m >= 0 && kb.interventions[m].type == EASEL_ITYPE_TECHNIQUE &&
                 !kb.interventions[m].n_media;
        }
        if (n > json_integer_value(talk))
            FAIL("%d talk-only main activities, at most %lld expected", n,
                 (long long)json_integer_value(talk));
    }
    if (json_is_true(json_object_get(ex, "ends_with_termination"))) {
        int tag = easel_vocab_find(EASEL_VOCAB_GOAL_TAG, "termination");
        int m = pl.n_sessions ? pl.sessions[pl.n_sessions - 1].main.intervention : -1;
        if (m < 0 || !(kb.interventions[m].goal_tags & EASEL_BIT(tag)))
            FAIL("the last session is not an ending session (%s)",
                 m >= 0 ? kb.interventions[m].id : "unfilled");
    }
#undef FAIL
    easel_buf_release(&all);
    easel_plan_release(&pl);
    easel_profile_release(&p);
    free(ptext);
    json_decref(root);
    return failures;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void every_panel_case_passes(void **state)
{
    (void)state;
    DIR *d = opendir(PANEL_DIR);
    assert_non_null(d);
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256)
        if (strstr(e->d_name, ".json"))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_str);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", PANEL_DIR, names[i]);
        failures += run_case(path);
        free(names[i]);
    }
    printf("%zu panel cases, %d failed expectations\n", n, failures);
    assert_true(n >= 40);
    assert_int_equal(failures, 0);
}

int main(void)
{
    struct easel_error err = {0};
    if (easel_kb_load(&kb, EASEL_KB_DIR, NULL, &err)) {
        fprintf(stderr, "KB: %s: %s\n", err.where, err.msg);
        return 1;
    }
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_panel_case_passes)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    easel_kb_release(&kb);
    return rc;
}
