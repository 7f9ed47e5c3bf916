/*
 * app/objective_ratings.c — the per-objective ratings of a client's session notes, joined
 * across plan versions by the objective's identity, not its number. A note's rating names an
 * objective by its number in the plan version the session cites ("1.1"); numbers are labels
 * and are reused (version 1's "1.1" may be an anxiety target, version 3's a safety plan). Each
 * rating is resolved in its own version to the KB template the objective was made from, which
 * stays the same across versions; it is labelled with that objective's number and words in the
 * latest plan that still holds it, or "1.1 (version 1)" when the latest plan no longer does. One
 * home for this join: the progress report, the charts, the API's progress and `easel progress` all
 * read it.
 *
 * Owns: nothing (results in the caller's arena). Borrows: the store and the sessions.
 * Fails: the store's error, EASEL_ENOMEM; a stored plan that cannot be read leaves its
 * sessions' ratings keyed by version and number ("v2/1.1").
 */
#include "easel/app.h"
#include "easel/note.h"
#include "easel/report_read.h"

#include <stdio.h>
#include <string.h>

#define VERSIONS_MAX 64 /* plan versions kept parsed at once; more are read again */

struct version_refs {
    int64_t version;
    struct easel_plan_objective_ref *refs;
    size_t n;
};

struct ctx {
    struct easel_store *s;
    int64_t client;
    struct easel_arena *a;
    struct version_refs cache[VERSIONS_MAX];
    size_t n_cache;
    const struct version_refs *latest;
    const struct version_refs *cited; /* the version the current session cites */
    int64_t cited_version, latest_version;
    const char *date;
    struct easel_objective_rating *out;
    size_t n, cap;
    int rc;
    struct easel_error *err;
};

static const struct version_refs *refs_of(struct ctx *c, int64_t version)
{
    for (size_t i = 0; i < c->n_cache; i++)
        if (c->cache[i].version == version)
            return &c->cache[i];
    struct easel_plan_record p;
    struct easel_error ignore = {0};
    struct version_refs v = {version, NULL, 0};
    if (!easel_plan_record_load(c->s, c->client, version, c->a, &p, &ignore))
        easel_plan_objective_refs(p.body, strlen(p.body), c->a, &v.refs, &v.n, &ignore);
    if (c->n_cache == VERSIONS_MAX)
        c->n_cache = 0; /* start over: a plan with more versions is read again, not lost */
    c->cache[c->n_cache] = v;
    return &c->cache[c->n_cache++];
}

static const struct easel_plan_objective_ref *by_number(const struct version_refs *v,
                                                        const char *number)
{
    for (size_t i = 0; v && i < v->n; i++)
        if (strcmp(v->refs[i].number, number) == 0)
            return &v->refs[i];
    return NULL;
}

static const struct easel_plan_objective_ref *by_template(const struct version_refs *v,
                                                          const char *tpl)
{
    for (size_t i = 0; v && tpl && i < v->n; i++)
        if (v->refs[i].template_id && strcmp(v->refs[i].template_id, tpl) == 0)
            return &v->refs[i];
    return NULL;
}

static void on_rating(void *ctx, const char *objective, int rating)
{
    struct ctx *c = ctx;
    if (c->rc)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 32;
        struct easel_objective_rating *m = easel_arena_alloc(c->a, cap * sizeof(*m));
        if (!m) {
            c->rc = easel_error_set(c->err, EASEL_ENOMEM, "progress", "", "out of memory");
            return;
        }
        if (c->n)
            memcpy(m, c->out, c->n * sizeof(*m));
        c->out = m;
        c->cap = cap;
    }
    const struct easel_plan_objective_ref *here = by_number(c->cited, objective);
    const char *tpl = here ? here->template_id : NULL;
    const struct easel_plan_objective_ref *now = tpl ? by_template(c->latest, tpl)
                                                 : c->cited_version == c->latest_version ? here
                                                                                         : NULL;
    struct easel_objective_rating *x = &c->out[c->n++];
    x->key = tpl ? easel_arena_strdup(c->a, tpl)
                 : easel_arena_printf(c->a, "v%lld/%s", (long long)c->cited_version, objective);
    /* an objective the latest plan no longer holds keeps the number it had, marked with its
       version, so it never shares a label with the latest plan's objective of that number */
    x->label = now                ? now->number
               : c->cited_version ? easel_arena_printf(c->a, "%s (version %lld)", objective,
                                                       (long long)c->cited_version)
                                  : easel_arena_strdup(c->a, objective);
    x->words = now ? now->smart : here ? here->smart : NULL;
    x->date = c->date;
    x->rating = rating;
    x->plan_version = c->cited_version;
    if (!x->key || !x->label)
        c->rc = easel_error_set(c->err, EASEL_ENOMEM, "progress", "", "out of memory");
}

int easel_app_objective_ratings(struct easel_store *s, int64_t client,
                                const struct easel_session_record *ss, size_t n,
                                struct easel_arena *a, struct easel_objective_rating **out,
                                size_t *n_out, struct easel_error *err)
{
    static struct ctx zero;
    struct ctx *c = easel_arena_alloc(a, sizeof(*c));
    if (!c)
        return easel_error_set(err, EASEL_ENOMEM, "progress", "", "out of memory");
    *c = zero;
    c->s = s;
    c->client = client;
    c->a = a;
    c->err = err;
    struct easel_plan_record latest;
    struct easel_error ignore = {0};
    int64_t latest_version = 0;
    if (!easel_plan_record_load(s, client, 0, a, &latest, &ignore))
        latest_version = latest.version;
    c->latest_version = latest_version;
    c->latest = latest_version ? refs_of(c, latest_version) : NULL;
    for (size_t i = 0; i < n && !c->rc; i++) {
        /* a note without a plan version is read against the latest plan */
        c->cited_version = ss[i].plan_version ? ss[i].plan_version : latest_version;
        c->cited = c->cited_version ? refs_of(c, c->cited_version) : NULL;
        c->latest = latest_version ? refs_of(c, latest_version) : NULL;
        c->date = ss[i].date;
        if (ss[i].note)
            easel_note_progress(ss[i].note, strlen(ss[i].note), on_rating, c);
    }
    *out = c->out;
    *n_out = c->n;
    return c->rc;
}
