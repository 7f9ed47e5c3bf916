/*
 * store/client_chart.c — a client's chart read in one go: the six reads the chart page needs
 * (client, care team, latest profile, latest plan's record, sessions, measures) sent together, one
 * round trip on PostgreSQL instead of six, and audited as one access: one row ("read", "chart",
 * the client's id), as an access log records a chart opened (docs/store.md). Six rows a view
 * (one per single read) made the audit log, and on PostgreSQL the sealer, six times the work of
 * the reads' own writes: under load the sealer fell behind.
 *
 * Owns: nothing; what it reads is in the caller's arena. Borrows: the store, each module's
 * statement and row reader (store_int.h: the SQL stays in its module).
 * Fails: EASEL_ENOTFOUND (field "id") when the client does not exist; EASEL_ENOMEM; the
 * backend's error for the first read that failed, with nothing audited.
 */
#include "store_int.h"

#include <string.h>

int easel_client_chart_read(struct easel_store *s, int64_t client, struct easel_arena *a,
                            struct easel_client_chart *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    struct easel__rows cr = {a, NULL, 0, 0}, tr = {a, NULL, 0, 0}, sr = {a, NULL, 0, 0},
                       mr = {a, NULL, 0, 0};
    struct easel__profile pr = {a, NULL, 0, 0, 0};
    struct easel__one plan = {a, &out->plan, 0};
    struct easel__read q[6];
    easel__client_read(&q[0], client, &cr);
    easel__team_read(&q[1], client, &tr);
    easel__profile_read(&q[2], client, &pr);
    easel__plan_head_read(&q[3], client, &plan);
    easel__sessions_read(&q[4], client, &sr);
    easel__measures_read(&q[5], client, &mr);
    int rc = easel__read_many(s, q, sizeof(q) / sizeof(q[0]), err);
    if (rc == EASEL_ENOMEM || (!rc && a->failed))
        return easel_error_set(err, EASEL_ENOMEM, "chart", "", "out of memory");
    if (rc)
        return rc;
    if (!cr.n)
        return easel_error_set(err, EASEL_ENOTFOUND, "client", "id", "no client with id %lld",
                               (long long)client);
    out->client = *(const struct easel_client *)cr.list;
    out->team = tr.list;
    out->n_team = tr.n;
    out->sessions = sr.list;
    out->n_sessions = sr.n;
    out->measures = mr.list;
    out->n_measures = mr.n;
    out->has_plan = plan.found != 0;
    if (pr.found) {
        out->profile = pr.body ? pr.body : "";
        out->profile_len = pr.body ? pr.len : 0;
        out->profile_version = pr.version;
    }
    return easel__audit_read(s, "chart", client, err);
}
