/*
 * app/plan_recheck.c — safety recall: every active client's latest plan checked again against
 * the current KB (`easel plan recheck`). The engine is run again on the client's stored profile
 * and measures, and the stored plan goes through the same check as a therapist's edit
 * (easel_plan_check): an item or medium the current KB excludes for this client, a risk flag
 * the plan lacks, session 1 without its safety plan. Each unsafe plan is reported with the
 * place and the engine's reason; the stored plans are not changed.
 *
 * Owns: the findings' strings, in the caller's arena. Borrows: the store and the KB.
 * Fails: a store error ends the walk (EASEL_E*); a client without a profile or plan is skipped.
 */
#include "easel/app.h"
#include "easel/plan_check.h"

#include <string.h>

static int walk(struct easel_store *s, const struct easel_kb *kb, struct easel_arena *a,
                const struct easel_client *clients, size_t n, struct easel_recheck *out,
                struct easel_error *err);

int easel_app_plan_recheck(struct easel_store *s, const struct easel_kb *kb, struct easel_arena *a,
                           struct easel_recheck *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    struct easel_client *clients = NULL;
    size_t n = 0;
    int rc = easel_client_list(s, NULL, 1000000, a, &clients, &n, err);
    if (rc)
        return rc;
    out->items = easel_arena_alloc(a, (n + 1) * sizeof(*out->items));
    if (!out->items)
        return easel_error_set(err, EASEL_ENOMEM, "recheck", "", "out of memory");
    /* one transaction for the walk: its audited reads share one commit */
    if ((rc = easel_store_batch_begin(s, err)) != 0)
        return rc;
    rc = walk(s, kb, a, clients, n, out, err);
    int end = easel_store_batch_end(s, rc, err);
    return rc ? rc : end;
}

static int walk(struct easel_store *s, const struct easel_kb *kb, struct easel_arena *a,
                const struct easel_client *clients, size_t n, struct easel_recheck *out,
                struct easel_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (!clients[i].status || strcmp(clients[i].status, "active") != 0)
            continue;
        struct easel_arena pa;
        easel_arena_init(&pa);
        struct easel_plan_record r;
        struct easel_error e = {0};
        rc = easel_plan_record_load(s, clients[i].id, 0, &pa, &r, &e);
        if (rc == EASEL_ENOTFOUND) {
            easel_arena_release(&pa);
            rc = 0;
            continue;
        }
        struct easel_app_plan ap;
        memset(&ap, 0, sizeof(ap));
        struct easel_plan_options opt = {.verdicts_only = true};
        if (!rc)
            rc = easel_app_plan_build_opt(s, clients[i].id, kb, &opt, &ap, &e);
        if (rc == EASEL_ENOTFOUND || rc == EASEL_EINVAL) {
            /* no profile, or one the current KB cannot read: report it, it needs a look */
            struct easel_recheck_item *x = &out->items[out->n++];
            x->client = easel_arena_strdup(a, clients[i].ref);
            x->version = r.version;
            x->field = easel_arena_strdup(a, e.field);
            x->reason = easel_arena_printf(a, "the plan cannot be checked: %s", e.msg);
            rc = 0;
        } else if (!rc) {
            bool excluded = false;
            struct easel_error ce = {0};
            out->checked++;
            if (easel_plan_check(&ap.plan, r.body, strlen(r.body), &excluded, &ce)) {
                struct easel_recheck_item *x = &out->items[out->n++];
                x->client = easel_arena_strdup(a, clients[i].ref);
                x->version = r.version;
                x->field = easel_arena_strdup(a, ce.field);
                x->reason = easel_arena_strdup(a, ce.msg);
                x->unsafe = excluded;
            }
        }
        easel_app_plan_release(&ap);
        easel_arena_release(&pa);
        if (rc)
            return rc == EASEL_ENOMEM || !err ? rc : (*err = e, rc);
        if (a->failed)
            return easel_error_set(err, EASEL_ENOMEM, "recheck", "", "out of memory");
    }
    return 0;
}
