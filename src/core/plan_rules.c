/*
 * core/plan_rules.c — the plan checker (easel/plan_rules.h). Reads only the built plan and its
 * KB, so the same rules hold for a generated plan and for one rebuilt from an edit. Every text
 * is checked as the therapist reads it (core/plan_text.c), against the words of every hazard
 * and every medium excluded for this client (core/lexicon.c).
 */
#include "easel/lexicon.h"
#include "easel/plan_rules.h"
#include "easel/vocab.h"

#include <string.h>

struct ctx {
    struct easel_plan *pl;
    struct easel_findings *out;
    size_t cap;
    int session;
    /* what is being scanned, put into words only when a finding needs them */
    const char *slot, *id, *part;
    struct easel_buf text; /* reused for every rendered text */
    int oom;
};

static const char *where(struct ctx *c)
{
    if (!c->id)
        return c->slot;
    return easel_arena_printf(&c->pl->arena, "%s %s: %s", c->slot, c->id, c->part);
}

static void add(struct ctx *c, enum easel_severity sev, const char *rule, const char *msg)
{
    if (!msg) {
        c->oom = 1;
        return;
    }
    if (c->out->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct easel_finding *p = easel_arena_alloc(&c->pl->arena, cap * sizeof(*p));
        if (!p) {
            c->oom = 1;
            return;
        }
        if (c->out->n)
            memcpy(p, c->out->items, c->out->n * sizeof(*p));
        c->out->items = p;
        c->cap = cap;
    }
    c->out->items[c->out->n++] = (struct easel_finding){sev, rule, c->session, msg};
    if (sev == EASEL_SEV_ERROR)
        c->out->n_errors++;
}

static int forbidden_word(void *ctx, const struct easel_lexicon_entry *e, const char *at)
{
    (void)at;
    struct ctx *c = ctx;
    const struct easel_plan *pl = c->pl;
    const char *why = NULL;
    /* hazard words only: a medium's name in rendered text is the noun of a medium used (kb
       check keeps them out of fixed text), and the media used are checked by the list */
    if (e->tag < 32 && (pl->hazards_excluded & EASEL_BIT(e->tag)))
        why = easel_vocab_name(EASEL_VOCAB_HAZARD, e->tag);
    if (why)
        add(c, EASEL_SEV_ERROR, "hazard-word",
            easel_arena_printf(&c->pl->arena, "%s names \"%s\" (%s), excluded for this client",
                               where(c), e->phrase, why));
    return 0;
}

static void scan(struct ctx *c, const char *part, const char *text)
{
    c->part = part;
    if (c->pl->kb->lexicon)
        easel_lexicon_scan(c->pl->kb->lexicon, text, forbidden_word, c);
}

/* Every text of a placed item, as rendered, scanned word by word: the slow path, taken only when
   the item's precomputed hazards say a forbidden word is there, to name it. */
static void scan_texts(struct ctx *c, const struct easel_plan_item *it)
{
    static const char *const part_name[] = {"the summary", "a step", "a question"};
    scan(c, "the name", c->pl->kb->interventions[it->intervention].name);
    for (int part = 0; part < 3; part++) {
        size_t n = easel_plan_item_count(c->pl, it, (enum easel_text_part)part);
        for (size_t k = 0; k < n; k++) {
            c->text.len = 0;
            if (easel_plan_item_text(c->pl, it, (enum easel_text_part)part, k, &c->text) == 0)
                scan(c, part_name[part], easel_buf_str(&c->text));
        }
    }
}

/* What the therapist reads of a placed item names nothing excluded for this client. Its fixed
   text's hazard words were found when the KB was loaded (kb_link.c: the item's and each
   optional role's text hazards); a {role} is written as the noun of the medium used, and a
   medium's noun names only hazards the medium carries (kb check), so a medium that is allowed
   brings no forbidden word. What remains is a check of masks; the texts are rendered and scanned
   only to name the word when one is found. */
static void scan_item(struct ctx *c, const struct easel_plan_item *it, const char *slot)
{
    if (it->intervention < 0)
        return;
    const struct easel_kb *kb = c->pl->kb;
    const struct easel_intervention *in = &kb->interventions[it->intervention];
    c->slot = slot;
    c->id = in->id;
    uint32_t hz = in->text_hazards;
    for (size_t u = 0; u < in->n_media; u++)
        if (!it->use || it->use[u] >= 0)
            hz |= in->media[u].text_hazards;
    if (hz & c->pl->hazards_excluded)
        scan_texts(c, it);
    for (size_t k = 0; k < it->n_media; k++)
        if (c->pl->media[it->media[k]].verdict == EASEL_VERDICT_EXCLUDED)
            add(c, EASEL_SEV_ERROR, "hazard-word",
                easel_arena_printf(&c->pl->arena, "%s %s lists %s, excluded for this client", slot,
                                   in->id, kb->media[it->media[k]].name));
    c->id = NULL;
}

static void sessions(struct ctx *c)
{
    struct easel_plan *pl = c->pl;
    const struct easel_kb *kb = pl->kb;
    for (size_t s = 0; s < pl->n_sessions; s++) {
        const struct easel_plan_session *ss = &pl->sessions[s];
        c->session = ss->number;
        if (ss->unfilled) {
            c->slot = "the note on an unfilled session";
            scan(c, NULL, ss->unfilled);
            continue;
        }
        scan_item(c, &ss->warmup, "the warm-up");
        scan_item(c, &ss->main, "the main directive");
        scan_item(c, &ss->closure, "the closure");
        int total = ss->safety_review + ss->ground_rules + ss->warmup.minutes + ss->main.minutes +
                    ss->processing_minutes + ss->studio_minutes + ss->closure.minutes;
        if (total > pl->session_minutes)
            add(c, EASEL_SEV_ERROR, "session-length",
                easel_arena_printf(&pl->arena,
                                   "its segments add up to %d minutes in a %d-minute "
                                   "session",
                                   total, pl->session_minutes));
        if (ss->main.intervention < 0)
            continue; /* emptied by an edit */
        const struct easel_intervention *in = &kb->interventions[ss->main.intervention];
        int need = ss->main.part ? (in->min_minutes + 1) / 2 : in->min_minutes; /* a half */
        if (ss->main.minutes < need)
            add(c, EASEL_SEV_WARNING, "directive-time",
                easel_arena_printf(&pl->arena, "%s gets %d minutes; it needs at least %d%s", in->id,
                                   ss->main.minutes, need, ss->main.part ? " for its half" : ""));
    }
    c->session = 0;
}

static void safety(struct ctx *c)
{
    struct easel_plan *pl = c->pl;
    if (!pl->n_risks || pl->profile->group)
        return;
    c->session = 1;
    const struct easel_plan_session *s1 = pl->n_sessions ? &pl->sessions[0] : NULL;
    if (s1 && s1->main.intervention < 0)
        add(c, EASEL_SEV_WARNING, "safety-first",
            easel_arena_strdup(&pl->arena, "no safety-planning directive fits this client: "
                                           "session 1 is kept for the safety plan by other means "
                                           "(with the care team and the setting's crisis "
                                           "protocol)"));
    else if (!s1 || !pl->kb->interventions[s1->main.intervention].safety_plan)
        add(c, EASEL_SEV_ERROR, "safety-first",
            easel_arena_printf(&pl->arena,
                               "the plan has a risk flag (%s), but session 1 does "
                               "not hold a collaborative safety plan",
                               easel_flag_words(pl->risks[0].flag)));
    bool revisited = false;
    for (size_t s = 1; s < pl->n_sessions; s++)
        revisited |= pl->sessions[s].safety_review > 0;
    c->session = 0;
    if (pl->n_sessions > 1 && !revisited)
        add(c, EASEL_SEV_ERROR, "safety-review",
            easel_arena_strdup(&pl->arena, "the safety plan is never revisited after session 1"));
}

static void objectives(struct ctx *c)
{
    struct easel_plan *pl = c->pl;
    const struct easel_kb *kb = pl->kb;
    for (size_t k = 0; k < pl->n_objectives; k++) {
        const struct easel_plan_objective *o = &pl->objectives[k];
        if (!o->sessions_served)
            add(c, EASEL_SEV_WARNING, "objective-gap",
                easel_arena_printf(&pl->arena, "objective %s has no session that serves it",
                                   o->number));
        if (o->tpl->measure != EASEL_MEASURE_INSTRUMENT)
            continue;
        const struct easel_instrument *in = &kb->instruments[o->tpl->instrument];
        if (pl->profile->age < in->age_min || pl->profile->age > in->age_max)
            add(c, EASEL_SEV_ERROR, "instrument-age",
                easel_arena_printf(&pl->arena,
                                   "objective %s uses %s, valid for ages %d-%d; the "
                                   "client is %d",
                                   o->number, in->name, in->age_min, in->age_max,
                                   pl->profile->age));
        const struct easel_measure_result *m =
            easel_profile_latest(pl->profile, o->tpl->instrument);
        int64_t base = 0, due = 0;
        const char *from = m ? m->date : (pl->n_sessions ? pl->sessions[0].date : NULL);
        if (!from || easel_date_parse(from, &base) || easel_date_parse(o->target_date, &due))
            continue;
        if (due < base + in->recall_days)
            add(c, EASEL_SEV_ERROR, "target-interval",
                easel_arena_printf(&pl->arena,
                                   "objective %s: target date %s is less than %s's "
                                   "%d-day recall period after its baseline (%s)",
                                   o->number, o->target_date, in->name, in->recall_days, from));
    }
}

static void ending(struct ctx *c)
{
    struct easel_plan *pl = c->pl;
    size_t n = pl->n_sessions;
    if (n < 4 || pl->profile->drop_in)
        return;
    const struct easel_plan_session *last = &pl->sessions[n - 1];
    int tag = easel_vocab_find(EASEL_VOCAB_GOAL_TAG, "termination");
    if (last->main.intervention < 0 ||
        !(pl->kb->interventions[last->main.intervention].goal_tags & EASEL_BIT(tag))) {
        c->session = (int)n;
        add(c, EASEL_SEV_WARNING, "ending",
            easel_arena_strdup(&pl->arena, "the last session is not an ending session (review, "
                                           "the artworks' fate, goodbye)"));
        c->session = 0;
    }
}

int easel_plan_rules_check(struct easel_plan *pl, struct easel_findings *out)
{
    memset(out, 0, sizeof(*out));
    struct ctx c = {.pl = pl, .out = out};
    easel_buf_init(&c.text, 64 * 1024);
    safety(&c);
    objectives(&c);
    sessions(&c);
    ending(&c);
    int failed = c.text.failed == EASEL_ENOMEM;
    easel_buf_release(&c.text);
    return c.oom || failed || pl->arena.failed ? EASEL_ENOMEM : 0;
}

int easel_findings_render(const struct easel_findings *f, struct easel_buf *out)
{
    for (size_t i = 0; i < f->n; i++) {
        const struct easel_finding *x = &f->items[i];
        easel_buf_printf(out, "%s", x->severity == EASEL_SEV_ERROR ? "error" : "warning");
        if (x->session)
            easel_buf_printf(out, " session %d", x->session);
        easel_buf_printf(out, " %s: %s\n", x->rule, x->message);
    }
    return out->failed;
}
