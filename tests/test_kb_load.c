/*
 * tests/test_kb_load.c — src/kb: the shipped KB loads and meets the minimums; the
 * version is stable; a clinic overlay adds and replaces items; every kind of broken item is
 * rejected with a message naming its file and field. Instruments carry their published wording
 * only where it was verified (docs/kb-format.md "Wording"), and a broken wording is named too.
 */
#include "testutil.h"

#include "easel/vocab.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void shipped_kb_meets_minimums(void **state)
{
    (void)state;
    struct easel_kb kb;
    tu_load_kb(&kb);
    assert_true(kb.n_problems >= 20);
    assert_true(kb.n_interventions >= 80);
    assert_true(kb.n_media >= 40);
    size_t art = 0, talk = 0;
    uint32_t etc = 0, phases = 0;
    for (size_t i = 0; i < kb.n_interventions; i++) {
        const struct easel_intervention *in = &kb.interventions[i];
        if (in->type == EASEL_ITYPE_ART_DIRECTIVE) {
            art++;
            etc |= in->etc;
            phases |= in->phases;
        } else {
            talk++;
        }
        assert_true(in->steps.n >= 1 && in->questions.n >= 1);
    }
    assert_true(art >= 50);
    assert_true(talk >= 30);
    assert_int_equal(etc, (1u << EASEL_ETC_COUNT) - 1);
    assert_int_equal(phases, (1u << EASEL_PHASE_COUNT) - 1);
    static const char *const settings[] = {
        "school",  "nursing-home", "wellness-center",      "prison",
        "shelter", "hospital",     "inpatient-psychiatry", "outpatient"};
    for (size_t i = 0; i < 8; i++)
        assert_true(easel_kb_setting(&kb, settings[i]) >= 0);
    for (size_t i = 0; i < kb.n_problems; i++) {
        assert_true(kb.problems[i].n_objectives >= 3);
        assert_true(kb.problems[i].definitions.n >= 2);
    }
    assert_int_equal(strlen(kb.version), 64);
    easel_kb_release(&kb);
}

/* Every citation is checked by the loader against kb/references/ (kb_basis.c); here: the
   shipped KB carries both indexes, so that check ran, and the loader rejects invented
   citations (see broken_items_are_named). */
static void citations_are_real(void **state)
{
    (void)state;
    struct easel_kb kb;
    tu_load_kb(&kb);
    assert_int_equal(kb.n_references, 2);
    size_t cited = 0;
    for (size_t i = 0; i < kb.n_interventions; i++)
        cited += strncmp(kb.interventions[i].basis, "practice convention", 19) != 0;
    assert_true(cited > 50);
    easel_kb_release(&kb);
}

/* Format 2 for every shipped item: the ability variants of the questions on every main item,
   the ten problems the issue names, and at least 40 problems and 300 interventions. */
static void shipped_items_are_format_2(void **state)
{
    (void)state;
    struct easel_kb kb;
    tu_load_kb(&kb);
    assert_true(kb.n_problems >= 40);
    assert_true(kb.n_interventions >= 300);
    static const char *const required[] = {
        "bullying-victimisation",  "eating-disorder",        "ocd",
        "bipolar-disorder",        "neurorehabilitation",    "intellectual-disability",
        "perinatal-mental-health", "palliative-end-of-life", "paediatric-procedures",
        "caregiver-stress"};
    for (size_t i = 0; i < sizeof(required) / sizeof(*required); i++)
        assert_true(easel_kb_problem(&kb, required[i]) >= 0);
    for (size_t i = 0; i < kb.n_interventions; i++) {
        const struct easel_intervention *in = &kb.interventions[i];
        size_t need = (in->roles & EASEL_BIT(EASEL_ROLE_MAIN)) ? 2 : 1;
        if (in->q_concrete.n < need || in->q_choice.n < need || in->q_nonverbal.n < need)
            fprintf(stderr, "%s lacks a question variant\n", in->id);
        assert_true(in->q_concrete.n >= need && in->q_choice.n >= need &&
                    in->q_nonverbal.n >= need);
    }
    easel_kb_release(&kb);
}

static char overlay_dir[256];

static void write_file(const char *kind, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", overlay_dir, kind);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/%s/%s", overlay_dir, kind, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_file(const char *kind, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s/%s", overlay_dir, kind, name);
    unlink(path);
}

static int make_overlay(void **state)
{
    (void)state;
    snprintf(overlay_dir, sizeof(overlay_dir), "/tmp/easel-test-overlay-XXXXXX");
    return mkdtemp(overlay_dir) ? 0 : -1;
}

static int drop_overlay(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", overlay_dir);
    return system(cmd) == 0 ? 0 : -1;
}

#define RULE(id, when, extra)                                                                      \
    "{\"id\":\"" id "\",\"kind\":\"rule\",\"version\":1,\"name\":\"Test rule\",\"when\":\"" when   \
    "\"," extra "\"explain\":\"Test.\",\"basis\":\"practice convention\"}"

static const char *const clinic_directive =
    "{\"id\":\"clinic-river-drawing\",\"kind\":\"intervention\",\"version\":1,"
    "\"name\":\"Clinic river drawing\",\"type\":\"art-directive\",\"roles\":[\"main\"],"
    "\"approaches\":[\"art-therapy\"],\"summary\":\"Draw life as a river.\","
    "\"goal_tags\":[\"narrative\"],\"etc\":[\"CSy\"],"
    "\"media\":[{\"id\":\"oil-pastels\",\"qty\":0.05}],\"minutes\":{\"min\":20,\"typical\":30},"
    "\"formats\":[\"individual\"],\"age\":{\"min\":12,\"max\":120},"
    "\"demands\":{\"cognitive\":3,\"motor\":2,\"verbal\":2},\"intensity\":3,"
    "\"phases\":[\"processing\"],\"contraindications\":[],\"themes\":[],"
    "\"steps\":[\"a\",\"b\",\"c\"],\"processing_questions\":[\"a?\",\"b?\",\"c?\"],"
    "\"basis\":\"practice convention: clinic's own item\"}";

static void overlay_adds_and_replaces(void **state)
{
    (void)state;
    struct easel_kb base, kb;
    struct easel_error err = {0};
    tu_load_kb(&base);
    write_file("interventions", "clinic-river-drawing.json", clinic_directive);
    write_file("rules", "trauma-phasing.json",
               RULE("trauma-phasing", "trauma", "\"requires_stabilisation\":true,"));
    assert_int_equal(easel_kb_load(&kb, EASEL_KB_DIR, overlay_dir, &err), 0);
    assert_int_equal(kb.n_interventions, base.n_interventions + 1);
    assert_true(easel_kb_intervention(&kb, "clinic-river-drawing") >= 0);
    assert_int_equal(kb.n_rules, base.n_rules);
    assert_string_equal(kb.rules[easel_kb_rule(&kb, "trauma-phasing")].name, "Test rule");
    assert_string_not_equal(kb.version, base.version);
    easel_kb_release(&kb);
    remove_file("interventions", "clinic-river-drawing.json");
    remove_file("rules", "trauma-phasing.json");
    /* same content again: same version */
    assert_int_equal(easel_kb_load(&kb, EASEL_KB_DIR, NULL, &err), 0);
    assert_string_equal(kb.version, base.version);
    easel_kb_release(&kb);
    easel_kb_release(&base);
}

/* The shipped instruments: the published wording where the licence allows it and the text was
   found in a cited source (PHQ-9, GAD-7, PCL-5, GDS-15, RSES), a reason everywhere else; every
   instrument says under which licence. */
static void shipped_wording_or_reason(void **state)
{
    (void)state;
    struct easel_kb kb;
    tu_load_kb(&kb);
    static const char *const shown[] = {"phq-9", "gad-7", "pcl-5", "gds-15", "rses"};
    static const char *const withheld[] = {"who-5", "k10", "core-10", "psc-17"};
    for (size_t i = 0; i < 5; i++) {
        int k = easel_kb_instrument(&kb, shown[i]);
        assert_true(k >= 0);
        const struct easel_instrument *in = &kb.instruments[k];
        assert_int_equal(in->wording.item_texts.n, (size_t)in->items);
        assert_int_equal(in->wording.n_options, (size_t)(in->item_max - in->item_min + 1));
        assert_non_null(in->wording.stem);
        assert_non_null(in->wording.source_url);
        assert_non_null(in->wording.source_title);
        assert_non_null(in->wording.licence);
        assert_null(in->wording.withheld_reason);
        assert_int_equal(in->item_labels.n, (size_t)in->items); /* easel's labels are kept */
    }
    for (size_t i = 0; i < 4; i++) {
        const struct easel_instrument *in = &kb.instruments[easel_kb_instrument(&kb, withheld[i])];
        assert_int_equal(in->wording.item_texts.n, 0);
        assert_int_equal(in->wording.n_options, 0);
        assert_null(in->wording.stem);
        assert_non_null(in->wording.withheld_reason);
        assert_non_null(in->wording.licence);
    }
    for (size_t i = 0; i < 2; i++) /* the reason the brief gives for an unverified licence */
        assert_non_null(
            strstr(kb.instruments[easel_kb_instrument(&kb, withheld[i])].wording.withheld_reason,
                   "Licence for reproducing the wording not verified"));
    const struct easel_instrument *phq = &kb.instruments[easel_kb_instrument(&kb, "phq-9")];
    assert_string_equal(
        phq->wording.item_texts.items[8],
        "Thoughts that you would be better off dead or of hurting yourself in some way");
    assert_int_equal(phq->wording.options[3].value, 3);
    assert_string_equal(phq->wording.options[3].text, "Nearly every day");
    assert_non_null(strstr(phq->wording.source_url, "phqscreeners.com"));
    /* printed order is kept: the Rosenberg form prints SA first, scored 3 */
    const struct easel_instrument *rses = &kb.instruments[easel_kb_instrument(&kb, "rses")];
    assert_int_equal(rses->wording.options[0].value, 3);
    assert_string_equal(rses->wording.options[0].text, "SA");
    easel_kb_release(&kb);
}

#define INSTRUMENT(id, extra)                                                                      \
    "{\"id\":\"" id "\",\"kind\":\"instrument\",\"version\":1,\"name\":\"Test measure\","          \
    "\"items\":3,\"item_min\":0,\"item_max\":2,\"total_min\":0,\"total_max\":6,"                   \
    "\"higher_is_worse\":true,\"clinical_cutoff\":3,\"age\":{\"min\":18,\"max\":120},"             \
    "\"licence\":\"test\"," extra "\"basis\":\"practice convention\"}"
#define TEXTS "\"item_texts\":[\"One?\",\"Two?\",\"Three?\"],"
#define OPTS                                                                                       \
    "\"options\":[{\"value\":0,\"text\":\"No\"},{\"value\":1,\"text\":\"Some\"},{\"value\":2,"     \
    "\"text\":\"Much\"}],"
#define SOURCE "\"wording_source\":{\"url\":\"https://example.org/form\",\"title\":\"Form\"},"
#define LICENCE "\"wording_licence\":\"Free to reproduce.\","

/* A clinic's own instrument with its wording loads; the parts come back as written. */
static void overlay_instrument_wording(void **state)
{
    (void)state;
    write_file("instruments", "clinic-measure.json",
               INSTRUMENT("clinic-measure", "\"stem\":\"How often?\"," TEXTS
                                            "\"options\":[{\"value\":2,\"text\":\"Much\"},"
                                            "{\"value\":1,\"text\":\"Some\"},{\"value\":0,"
                                            "\"text\":\"No\"}]," SOURCE LICENCE));
    struct easel_kb kb;
    struct easel_error err = {0};
    int rc = easel_kb_load(&kb, EASEL_KB_DIR, overlay_dir, &err);
    remove_file("instruments", "clinic-measure.json");
    if (rc)
        fprintf(stderr, "%s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
    const struct easel_instrument *in = &kb.instruments[easel_kb_instrument(&kb, "clinic-measure")];
    assert_string_equal(in->wording.stem, "How often?");
    assert_int_equal(in->wording.item_texts.n, 3);
    assert_string_equal(in->wording.item_texts.items[2], "Three?");
    assert_int_equal(in->wording.n_options, 3);
    assert_int_equal(in->wording.options[0].value, 2);
    assert_string_equal(in->wording.options[2].text, "No");
    assert_string_equal(in->wording.source_url, "https://example.org/form");
    assert_null(in->wording.source_note);
    assert_string_equal(in->wording.licence, "Free to reproduce.");
    assert_int_equal(in->total_max, 6); /* the other fields still read */
    easel_kb_release(&kb);
}

struct bad_case {
    const char *kind, *file, *text;
    const char *where_has, *field_has, *msg_has;
};

static void broken_items_are_named(void **state)
{
    (void)state;
    static const struct bad_case cases[] = {
        {"rules", "bad-a.json", RULE("bad-a", "trauma", "\"colour\":\"red\","), "bad-a.json",
         "colour", "unknown field"},
        {"rules", "bad-b.json", "{\"id\": \"bad-b\",\n \"kind\": rule}", "bad-b.json:2:", "",
         "malformed JSON"},
        {"rules", "bad-c.json", RULE("other-name", "trauma", ""), "bad-c.json", "id",
         "does not match"},
        {"rules", "bad-d.json", RULE("bad-d", "sadness", ""), "bad-d.json", "when",
         "not a known client flag"},
        {"rules", "bad-e.json", RULE("bad-e", "trauma", "\"max_intensity\":\"high\","),
         "bad-e.json", "max_intensity", "must be an integer"},
        {"rules", "bad-f.json", RULE("bad-f", "trauma", "\"max_intensity\":9,"), "bad-f.json",
         "max_intensity", "between 1 and 5"},
        {"rules", "bad-g.json", RULE("bad-g", "trauma", "\"exclude_media\":[\"unobtainium\"],"),
         "bad-g.json", "exclude_media", "unknown medium"},
        {"rules", "safe-place-drawing.json", RULE("safe-place-drawing", "trauma", ""),
         "safe-place-drawing.json", "id", "must be unique"},
        {"rules", "bad-h.json",
         "{\"id\":\"bad-h\",\"kind\":\"rule\",\"version\":1,\"name\":\"x\",\"when\":\"trauma\","
         "\"explain\":\"x\",\"basis\":\"Smith 2020\"}",
         "bad-h.json", "basis", "practice convention"},
        {"rules", "bad-i.json",
         "{\"id\":\"bad-i\",\"kind\":\"medium\",\"version\":1,\"name\":\"x\",\"when\":\"trauma\","
         "\"explain\":\"x\",\"basis\":\"practice convention\"}",
         "bad-i.json", "kind", "must be \"rule\""},
        {"interventions", "bad-j.json", NULL, "bad-j.json", "media", "unknown medium"},
        {"rules", "bad-k.json",
         "{\"id\":\"bad-k\",\"kind\":\"rule\",\"version\":1,\"name\":\"x\",\"when\":\"trauma\","
         "\"explain\":\"x\",\"basis\":\"clinical.md B2 [99]: a claim it supports\"}",
         "bad-k.json", "basis", "no reference [99]"},
        {"rules", "bad-l.json",
         "{\"id\":\"bad-l\",\"kind\":\"rule\",\"version\":1,\"name\":\"x\",\"when\":\"trauma\","
         "\"explain\":\"x\",\"basis\":\"clinical.md Z9 [1]: a claim it supports\"}",
         "bad-l.json", "basis", "no section Z9"},
        {"rules", "bad-m.json",
         "{\"id\":\"bad-m\",\"kind\":\"rule\",\"version\":1,\"name\":\"x\",\"when\":\"trauma\","
         "\"explain\":\"x\",\"basis\":\"clinical.md B2 [17a]\"}",
         "bad-m.json", "basis", "claim"},
        {"interventions", "clinic-river-drawing.json", "MATERIAL", "clinic-river-drawing.json",
         "steps", "names a material outside a role: \"oil pastels\""},
        {"interventions", "clinic-river-drawing.json", "ROLE", "clinic-river-drawing.json", "steps",
         "\"{crayon box}\" is not a role"},
        {"interventions", "clinic-river-drawing.json", "SPLIT9", "clinic-river-drawing.json",
         "two_sessions.after_step", "between 1 and 2"},
        /* two sheets written as two packs of 50: 100 sheets per participant per session */
        {"interventions", "clinic-river-drawing.json", "PACKS", "clinic-river-drawing.json",
         "media", "2 units of drawing-paper (pack of 50 sheets, 12x18 in) for each participant"},
        /* an instrument's wording: one text per item, each answer once, a source and a licence */
        {"instruments", "bad-w1.json",
         INSTRUMENT("bad-w1", "\"item_texts\":[\"One?\",\"Two?\"]," OPTS SOURCE LICENCE),
         "bad-w1.json", "item_texts", "one text per item: 3 items, has 2"},
        {"instruments", "bad-w2.json",
         INSTRUMENT("bad-w2", "\"item_texts\":[\"One?\",\"\",\"Three?\"]," OPTS SOURCE LICENCE),
         "bad-w2.json", "item_texts[1]", "must not be empty"},
        {"instruments", "bad-w3.json",
         INSTRUMENT("bad-w3", TEXTS "\"options\":[{\"value\":0,\"text\":\"No\"},{\"value\":1,"
                                    "\"text\":\"Yes\"}]," SOURCE LICENCE),
         "bad-w3.json", "options", "each answer 0-2 once"},
        {"instruments", "bad-w4.json",
         INSTRUMENT("bad-w4",
                    TEXTS "\"options\":[{\"value\":0,\"text\":\"No\"},{\"value\":1,"
                          "\"text\":\"Some\"},{\"value\":1,\"text\":\"Much\"}]," SOURCE LICENCE),
         "bad-w4.json", "options[2].value", "listed twice"},
        {"instruments", "bad-w5.json",
         INSTRUMENT("bad-w5",
                    TEXTS "\"options\":[{\"value\":0,\"text\":\"No\"},{\"value\":1,"
                          "\"text\":\"Some\"},{\"value\":5,\"text\":\"Much\"}]," SOURCE LICENCE),
         "bad-w5.json", "options[2].value", "between 0 and 2"},
        {"instruments", "bad-w6.json", INSTRUMENT("bad-w6", TEXTS OPTS LICENCE), "bad-w6.json",
         "wording_source", "required with item_texts"},
        {"instruments", "bad-w7.json", INSTRUMENT("bad-w7", TEXTS OPTS SOURCE), "bad-w7.json",
         "wording_licence", "required with item_texts"},
        {"instruments", "bad-w8.json", INSTRUMENT("bad-w8", TEXTS SOURCE LICENCE), "bad-w8.json",
         "options", "required with item_texts"},
        {"instruments", "bad-w9.json",
         INSTRUMENT("bad-w9", TEXTS OPTS SOURCE LICENCE "\"wording_withheld_reason\":\"x\","),
         "bad-w9.json", "wording_withheld_reason", "not with item_texts"},
        {"instruments", "bad-wa.json",
         INSTRUMENT("bad-wa", "\"stem\":\"How often?\",\"wording_withheld_reason\":\"x\","),
         "bad-wa.json", "stem", "only with item_texts"},
        {"instruments", "bad-wb.json",
         INSTRUMENT("bad-wb", TEXTS OPTS LICENCE
                    "\"wording_source\":{\"url\":\"ftp://example.org\",\"title\":\"Form\"},"),
         "bad-wb.json", "wording_source.url", "http(s) address"},
        {"instruments", "bad-wc.json",
         INSTRUMENT("bad-wc", TEXTS OPTS SOURCE LICENCE "\"wording_sauce\":\"x\","), "bad-wc.json",
         "wording_sauce", "unknown field"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct bad_case *c = &cases[i];
        char text[4096];
        if (c->text && (strcmp(c->text, "MATERIAL") == 0 || strcmp(c->text, "ROLE") == 0)) {
            /* the clinic directive whose first step names a material outside a role, or refers
               to a role it does not have */
            snprintf(text, sizeof(text), "%s", clinic_directive);
            char *p = strstr(text, "\"steps\":[\"a\"");
            char rest[4096];
            snprintf(rest, sizeof(rest), "%s", p + strlen("\"steps\":[\"a\""));
            snprintf(p, sizeof(text) - (size_t)(p - text), "\"steps\":[\"%s\"%s",
                     c->text[0] == 'M' ? "Give the client oil pastels." : "Open the {crayon box}.",
                     rest);
        } else if (c->text && strcmp(c->text, "SPLIT9") == 0) { /* a pause after step 9 of 3 */
            snprintf(text, sizeof(text), "%s", clinic_directive);
            char *p = strstr(text, "\"steps\":");
            char rest[4096];
            snprintf(rest, sizeof(rest), "%s", p);
            snprintf(p, sizeof(text) - (size_t)(p - text), "\"two_sessions\":{\"after_step\":9},%s",
                     rest);
        } else if (c->text && strcmp(c->text, "PACKS") == 0) {
            snprintf(text, sizeof(text), "%s", clinic_directive);
            char *p = strstr(text, "{\"id\":\"oil-pastels\",\"qty\":0.05}");
            char rest[4096];
            snprintf(rest, sizeof(rest), "%s", p + strlen("{\"id\":\"oil-pastels\",\"qty\":0.05}"));
            snprintf(p, sizeof(text) - (size_t)(p - text),
                     "{\"id\":\"oil-pastels\",\"qty\":0.05},{\"id\":\"drawing-paper\",\"qty\":2}%s",
                     rest);
        } else if (c->text) {
            snprintf(text, sizeof(text), "%s", c->text);
        } else { /* the clinic directive with a dangling medium */
            snprintf(text, sizeof(text), "%s", clinic_directive);
            char *p = strstr(text, "oil-pastels");
            memcpy(p, "oil-pastelz", 11);
            p = strstr(text, "clinic-river-drawing");
            memcpy(p, "bad-j-xxxxxxxxxxxxxx", 20);
            p = strstr(text, "bad-j-xxxxxxxxxxxxxx");
            memmove(p + 5, p + 20, strlen(p + 20) + 1);
        }
        write_file(c->kind, c->file, text);
        struct easel_kb kb;
        struct easel_error err = {0};
        int rc = easel_kb_load(&kb, EASEL_KB_DIR, overlay_dir, &err);
        remove_file(c->kind, c->file);
        if (rc == 0 || !strstr(err.where, c->where_has) || !strstr(err.field, c->field_has) ||
            !strstr(err.msg, c->msg_has))
            fprintf(stderr, "case %zu: rc %d where '%s' field '%s' msg '%s'\n", i, rc, err.where,
                    err.field, err.msg);
        assert_int_equal(rc, EASEL_EKB);
        assert_non_null(strstr(err.where, c->where_has));
        assert_non_null(strstr(err.field, c->field_has));
        assert_non_null(strstr(err.msg, c->msg_has));
        assert_int_equal(kb.n_interventions, 0); /* nothing half-loaded */
    }
}

static void missing_folder_is_io_error(void **state)
{
    (void)state;
    struct easel_kb kb;
    struct easel_error err = {0};
    assert_int_equal(easel_kb_load(&kb, "/nonexistent/kb", NULL, &err), EASEL_EIO);
    assert_non_null(strstr(err.where, "/nonexistent/kb"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_kb_meets_minimums),  cmocka_unit_test(citations_are_real),
        cmocka_unit_test(shipped_items_are_format_2), cmocka_unit_test(overlay_adds_and_replaces),
        cmocka_unit_test(broken_items_are_named),     cmocka_unit_test(missing_folder_is_io_error),
        cmocka_unit_test(shipped_wording_or_reason),  cmocka_unit_test(overlay_instrument_wording),
    };
    return cmocka_run_group_tests(tests, make_overlay, drop_overlay);
}
