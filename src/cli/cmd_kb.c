/*
 * cli/cmd_kb.c — `easel kb check|list [KIND] [--json]|show ID [--json]`: validate and
 * browse the knowledge base.
 */
#include "cli.h"
#include "easel/buf.h"
#include "easel/kb_load.h"
#include "easel/util.h"
#include "easel/vocab.h"

#include <stdio.h>
#include <string.h>

static void mask_words(struct easel_buf *b, const char *label, uint64_t mask, enum easel_vocab_id v)
{
    easel_buf_printf(b, "%s:", label);
    int any = 0;
    for (int i = 0; i < easel_vocab_count(v); i++)
        if (mask & EASEL_BIT(i)) {
            easel_buf_printf(b, " %s", easel_vocab_name(v, i));
            any = 1;
        }
    easel_buf_puts(b, any ? "\n" : " none\n");
}

static void list_lines(struct easel_buf *b, const char *label, const struct easel_strlist *l,
                       int numbered)
{
    easel_buf_printf(b, "%s:\n", label);
    for (size_t i = 0; i < l->n; i++) {
        if (numbered)
            easel_buf_printf(b, "  %zu. %s\n", i + 1, l->items[i]);
        else
            easel_buf_printf(b, "  - %s\n", l->items[i]);
    }
}

static int show(const struct easel_kb *kb, const char *id, struct easel_buf *b)
{
    int i;
    if ((i = easel_kb_intervention(kb, id)) >= 0) {
        const struct easel_intervention *in = &kb->interventions[i];
        static const char *const types[] = {"art directive", "technique", "integrated"};
        easel_buf_printf(b, "%s (%s), intervention v%d, %s\n%s\n", in->name, in->id, in->version,
                         types[in->type], in->summary);
        mask_words(b, "roles", in->roles, EASEL_VOCAB_ROLE);
        mask_words(b, "approaches", in->approaches, EASEL_VOCAB_APPROACH);
        mask_words(b, "goal tags", in->goal_tags, EASEL_VOCAB_GOAL_TAG);
        mask_words(b, "ETC", in->etc, EASEL_VOCAB_ETC);
        mask_words(b, "phases", in->phases, EASEL_VOCAB_PHASE);
        mask_words(b, "formats", in->formats, EASEL_VOCAB_FORMAT);
        mask_words(b, "contraindications", in->contraindications, EASEL_VOCAB_FLAG);
        easel_buf_printf(b,
                         "minutes: %d-%d; ages %d-%d; demands: cognitive %d, motor %d, "
                         "verbal %d; intensity %d\nmedia:",
                         in->min_minutes, in->typical_minutes, in->age_min, in->age_max,
                         in->demand_cognitive, in->demand_motor, in->demand_verbal, in->intensity);
        for (size_t k = 0; k < in->n_media; k++)
            easel_buf_printf(b, " %s x %lld.%03lld", in->media[k].id,
                             (long long)(in->media[k].qty_milli / 1000),
                             (long long)(in->media[k].qty_milli % 1000));
        easel_buf_puts(b, in->n_media ? "\n" : " none\n");
        list_lines(b, "steps", &in->steps, 1);
        list_lines(b, "processing questions", &in->questions, 0);
        easel_buf_printf(b, "basis: %s\n", in->basis);
    } else if ((i = easel_kb_medium(kb, id)) >= 0) {
        const struct easel_medium *m = &kb->media[i];
        easel_buf_printf(b,
                         "%s (%s), medium v%d, %s\nfluidity %d, structure %d, tactile %d, "
                         "motor demand %d; %s; %s%s\n",
                         m->name, m->id, m->version, m->category, m->fluidity, m->structure,
                         m->tactile, m->motor_demand, m->reusable ? "reusable" : "consumable",
                         m->ap_seal ? "AP seal" : "no AP seal", "");
        mask_words(b, "hazards", m->hazards, EASEL_VOCAB_HAZARD);
        mask_words(b, "allergens", m->allergens, EASEL_VOCAB_ALLERGEN);
        easel_buf_printf(b, "unit: %s at %lld.%02lld\nalternatives:", m->unit,
                         (long long)(m->unit_cost_cents / 100),
                         (long long)(m->unit_cost_cents % 100));
        for (size_t k = 0; k < m->alternatives.n; k++)
            easel_buf_printf(b, " %s", m->alternatives.ids[k]);
        easel_buf_printf(b, "%s\nbasis: %s\n", m->alternatives.n ? "" : " none", m->basis);
    } else if ((i = easel_kb_problem(kb, id)) >= 0) {
        const struct easel_problem *p = &kb->problems[i];
        easel_buf_printf(b, "%s (%s), problem v%d%s\n", p->name, p->id, p->version,
                         p->requires_stabilisation ? ", stabilisation first" : "");
        list_lines(b, "behavioural definitions", &p->definitions, 0);
        list_lines(b, "long-term goals", &p->long_term_goals, 0);
        easel_buf_puts(b, "objective templates:\n");
        for (size_t k = 0; k < p->n_objectives; k++)
            easel_buf_printf(b, "  - %s: %s\n", p->objectives[k].id, p->objectives[k].text);
        easel_buf_printf(b, "basis: %s\n", p->basis);
    } else if ((i = easel_kb_setting(kb, id)) >= 0) {
        const struct easel_setting *s = &kb->settings[i];
        easel_buf_printf(b, "%s (%s), setting v%d: %d sessions of %d minutes, %d per week%s\n",
                         s->name, s->id, s->version, s->sessions, s->session_minutes, s->per_week,
                         s->single_use_kits ? "; single-use kits" : "");
        mask_words(b, "excluded hazards", s->excluded_hazards, EASEL_VOCAB_HAZARD);
        for (size_t k = 0; k < s->n_rules; k++)
            easel_buf_printf(b, "  rule: %s (%s)\n", s->rules[k].text, s->rules[k].basis);
        list_lines(b, "session notes", &s->session_notes, 0);
        easel_buf_printf(b, "basis: %s\n", s->basis);
    } else if ((i = easel_kb_rule(kb, id)) >= 0) {
        const struct easel_rule *r = &kb->rules[i];
        easel_buf_printf(b, "%s (%s), rule v%d, when the client is %s\n%s\n", r->name, r->id,
                         r->version, easel_vocab_name(EASEL_VOCAB_FLAG, r->when_flag), r->explain);
        mask_words(b, "excluded hazards", r->exclude_hazards, EASEL_VOCAB_HAZARD);
        easel_buf_printf(b, "caps: intensity %d, fluidity %d%s%s\nbasis: %s\n", r->max_intensity,
                         r->max_fluidity, r->no_processing ? "; no processing phase" : "",
                         r->requires_stabilisation ? "; stabilisation first" : "", r->basis);
    } else if ((i = easel_kb_instrument(kb, id)) >= 0) {
        const struct easel_instrument *in = &kb->instruments[i];
        easel_buf_printf(b,
                         "%s (%s), instrument v%d: %d items scored %d-%d, total %d-%d, "
                         "cut-off %d, %s is worse; ages %d-%d%s%s\nlicence: %s\nbasis: %s\n",
                         in->name, in->id, in->version, in->items, in->item_min, in->item_max,
                         in->total_min, in->total_max, in->clinical_cutoff,
                         in->higher_is_worse ? "higher" : "lower", in->age_min, in->age_max,
                         in->loinc ? "; LOINC " : "", in->loinc ? in->loinc : "", in->licence,
                         in->basis);
    } else {
        fprintf(stderr, "easel: kb show: no item has the id \"%s\"\n", id);
        return EXIT_NOTFOUND;
    }
    return EXIT_OK;
}

/* The kinds `kb list` and `kb show` know, in list order: the label, the KB's array and count,
   and the lookup by id. */
#define KB_KINDS(X)                                                                                \
    X("problems", problems, n_problems, easel_kb_problem)                                          \
    X("interventions", interventions, n_interventions, easel_kb_intervention)                      \
    X("media", media, n_media, easel_kb_medium)                                                    \
    X("settings", settings, n_settings, easel_kb_setting)                                          \
    X("rules", rules, n_rules, easel_kb_rule)                                                      \
    X("instruments", instruments, n_instruments, easel_kb_instrument)

/* --json: {"kind", "id", "name", "version", "file", "item": the item's file as loaded (an
   overlay's when it replaced the shipped one)}. */
static int show_json(const struct easel_kb *kb, const char *id, struct easel_buf *b)
{
    const char *kind = NULL, *name = NULL, *file = NULL;
    int version = 0, i;
#define FIND(label, arr, count, fn)                                                                \
    if (!kind && (i = fn(kb, id)) >= 0) {                                                          \
        kind = label;                                                                              \
        name = kb->arr[i].name;                                                                    \
        file = kb->arr[i].file;                                                                    \
        version = kb->arr[i].version;                                                              \
    }
    KB_KINDS(FIND)
#undef FIND
    if (!kind) {
        fprintf(stderr, "easel: kb show: no item has the id \"%s\"\n", id);
        return EXIT_NOTFOUND;
    }
    struct easel_buf text;
    easel_buf_init(&text, EASEL_KB_FILE_MAX + 1);
    struct easel_error err = {0};
    if (!file || easel_file_read(file, EASEL_KB_FILE_MAX, &text, &err)) {
        easel_buf_release(&text);
        return file ? cli_error(&err) : EXIT_INTERNAL;
    }
    cli_json_open(b, NULL, '{');
    cli_json_str(b, "kind", kind);
    cli_json_str(b, "id", id);
    cli_json_str(b, "name", name);
    cli_json_int(b, "version", version);
    cli_json_str(b, "file", file);
    cli_json_raw(b, "item", text.data, text.len);
    cli_json_close(b, '}');
    easel_buf_puts(b, "\n");
    easel_buf_release(&text);
    return EXIT_OK;
}

/* One line per item, or with json an array [{"kind", "id", "name"}] in the same order. */
static int list(const struct easel_kb *kb, const char *kind, bool json, struct easel_buf *b)
{
    int any = 0;
    if (json)
        cli_json_open(b, NULL, '[');
#define LIST(label, arr, count, fn)                                                                \
    if (!kind || strcmp(kind, label) == 0) {                                                       \
        any = 1;                                                                                   \
        for (size_t i = 0; i < kb->count; i++) {                                                   \
            if (!json) {                                                                           \
                easel_buf_printf(b, "%-13s %-40s %s\n", label, kb->arr[i].id, kb->arr[i].name);    \
                continue;                                                                          \
            }                                                                                      \
            cli_json_open(b, NULL, '{');                                                           \
            cli_json_str(b, "kind", label);                                                        \
            cli_json_str(b, "id", kb->arr[i].id);                                                  \
            cli_json_str(b, "name", kb->arr[i].name);                                              \
            cli_json_close(b, '}');                                                                \
        }                                                                                          \
    }
    KB_KINDS(LIST)
#undef LIST
    if (!any)
        return cli_usage("kb list: unknown kind \"%s\"", kind);
    if (json)
        easel_buf_puts(b, "]\n");
    return EXIT_OK;
}

int cmd_kb(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "json", &o);
    if (rc)
        return rc;
    if (o.n_args < 1)
        return cli_usage("kb needs check, list or show");
    if (o.json && strcmp(o.args[0], "check") == 0)
        return cli_usage("--json: kb list and kb show only");
    const char *sub = o.args[0];
    if (strcmp(sub, "check") && strcmp(sub, "list") && strcmp(sub, "show"))
        return cli_usage("kb: unknown subcommand \"%s\"", sub);
    if ((strcmp(sub, "show") == 0 && o.n_args != 2) ||
        (strcmp(sub, "check") == 0 && o.n_args != 1) || (strcmp(sub, "list") == 0 && o.n_args > 2))
        return cli_usage("kb %s: wrong number of arguments", sub);
    struct easel_kb kb;
    if ((rc = cli_load_kb(&o, &kb)) != 0)
        return rc;
    struct easel_buf out;
    easel_buf_init(&out, (size_t)1 << 24);
    if (strcmp(sub, "check") == 0) {
        easel_buf_printf(&out,
                         "knowledge base OK: %zu problems, %zu interventions, %zu media, "
                         "%zu settings, %zu rules, %zu instruments\nversion %s\n",
                         kb.n_problems, kb.n_interventions, kb.n_media, kb.n_settings, kb.n_rules,
                         kb.n_instruments, kb.version);
    } else if (strcmp(sub, "list") == 0) {
        rc = list(&kb, o.n_args == 2 ? o.args[1] : NULL, o.json, &out);
    } else {
        rc = o.json ? show_json(&kb, o.args[1], &out) : show(&kb, o.args[1], &out);
    }
    if (!rc)
        rc = out.failed ? EXIT_INTERNAL : cli_write(out.data, out.len);
    easel_buf_release(&out);
    easel_kb_release(&kb);
    return rc;
}
