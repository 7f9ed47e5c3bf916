/*
 * app/plan_edit.c — a therapist's edit of a stored plan, and the checks a version must pass to
 * be signed. Both run the same two steps against the engine's plan for the client as it stands
 * today: easel_plan_check (what an edit may never do: an item or medium the engine excludes, a
 * removed risk flag, changed engine facts, session 1 without its safety plan) and the plan
 * checker laid over the edit (easel_plan_overlay: hazard words, an objective no session serves,
 * a session over its length, a target date inside its instrument's recall period ...). The
 * findings are written into the saved body's "checks"; signing computes them again and never
 * trusts what a body says about itself (easel_app_plan_sign, the one way a plan is signed or
 * co-signed). Used by `easel plan edit`, PUT .../plan and the sign and co-sign commands and
 * endpoints.
 *
 * Owns: nothing beyond the call. Borrows: the store and the KB.
 * Fails: EASEL_ECONFLICT (field "expected_version": no plan yet, or not the latest version),
 * EASEL_EINVAL naming the field (with *refused set when the edit does what it may never do),
 * the engine's errors (EASEL_ENOTFOUND: no profile), the store's, EASEL_ENOMEM.
 */
#include "easel/app.h"
#include "easel/plan_check.h"
#include "easel/plan_rules.h"

#include <string.h>

static int check_body(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                      const char *text, size_t len, struct easel_buf *out, size_t *n_errors,
                      struct easel_buf *findings, bool *refused, struct easel_error *err)
{
    struct easel_app_plan ap;
    char start[11];
    struct easel_plan_options opt = {.sessions = easel_plan_overlay_sessions(text, len, start)};
    opt.start_date = start[0] ? start : NULL; /* the edited plan's own dates */
    int rc = easel_app_plan_build_opt(s, client, kb, &opt, &ap, err);
    if (!rc)
        rc = easel_plan_check(&ap.plan, text, len, refused, err);
    if (!rc)
        rc = easel_plan_overlay(&ap.plan, text, len, out, err);
    if (!rc && n_errors)
        *n_errors = ap.plan.findings.n_errors;
    if (!rc && findings && easel_findings_render(&ap.plan.findings, findings))
        rc = easel_error_set(err, EASEL_ENOMEM, "plan", "", "out of memory");
    easel_app_plan_release(&ap);
    return rc;
}

int easel_app_plan_edit(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                        int64_t expected, const char *text, size_t len, int64_t *version,
                        size_t *n_errors, struct easel_buf *findings, bool *refused,
                        struct easel_error *err)
{
    *refused = false;
    *n_errors = 0;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_plan_record latest;
    int rc = easel_plan_record_load(s, client, 0, &a, &latest, err);
    if (rc == EASEL_ENOTFOUND)
        rc = easel_error_set(err, EASEL_ECONFLICT, "plan", "expected_version",
                             "the client has no plan yet: generate one first");
    else if (!rc && latest.version != expected)
        rc = easel_error_set(
            err, EASEL_ECONFLICT, "plan", "expected_version",
            "version %lld is the latest%s; reload it and apply your changes "
            "again",
            (long long)latest.version,
            strcmp(latest.status, "signed") == 0 ? " (signed: amendments start from it)" : "");
    easel_arena_release(&a);
    if (rc)
        return rc;
    struct easel_buf body;
    easel_buf_init(&body, EASEL_PLAN_MAX);
    rc = check_body(s, client, kb, text, len, &body, n_errors, findings, refused, err);
    if (!rc)
        rc = easel_plan_record_save(s, client, expected, body.data, kb->version, version, err);
    easel_buf_release(&body);
    return rc;
}

int easel_app_plan_check_version(struct easel_store *s, int64_t client, int64_t version,
                                 const struct easel_kb *kb, size_t *n_errors, bool *refused,
                                 struct easel_error *err)
{
    *refused = false;
    *n_errors = 0;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_plan_record r;
    int rc = easel_plan_record_load(s, client, version, &a, &r, err);
    struct easel_buf body;
    easel_buf_init(&body, EASEL_PLAN_MAX);
    if (!rc)
        rc = check_body(s, client, kb, r.body, strlen(r.body), &body, n_errors, NULL, refused, err);
    easel_buf_release(&body);
    easel_arena_release(&a);
    return rc;
}

int easel_app_plan_sign(struct easel_store *s, int64_t client, int64_t version, bool co,
                        const struct easel_kb *kb, struct easel_error *err)
{
    if (!co) { /* the checks are computed again, never read from the body */
        size_t errors = 0;
        bool refused = false;
        struct easel_error ce = {0};
        int rc = easel_app_plan_check_version(s, client, version, kb, &errors, &refused, &ce);
        if (rc == EASEL_EINVAL || refused)
            return easel_error_set(err, EASEL_EINVAL, "plan", "checks",
                                   "version %lld cannot be signed: %s%s%s", (long long)version,
                                   ce.field[0] ? ce.field : "", ce.field[0] ? ": " : "", ce.msg);
        if (rc) {
            if (err)
                *err = ce;
            return rc;
        }
        if (errors)
            return easel_error_set(err, EASEL_EINVAL, "plan", "checks",
                                   "the plan checker found %zu error%s in version %lld; mend "
                                   "them (the plan's checks name each) before signing",
                                   errors, errors == 1 ? "" : "s", (long long)version);
    }
    return co ? easel_plan_record_cosign(s, client, version, err)
              : easel_plan_record_sign(s, client, version, err);
}
