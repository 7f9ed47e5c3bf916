/*
 * store/plans.c — profile versions and plan versions. A plan save checks the version the
 * editor read (a stale one is a conflict naming the newer version); signing stores the SHA-256
 * of the body and the database itself refuses any later UPDATE or DELETE of a signed version
 * (triggers); an amendment is the next version. Co-signatures live in their own table.
 */
#include "easel/util.h"
#include "store_int.h"

#include <stdio.h>
#include <string.h>

int easel_profile_put(struct easel_store *s, int64_t client, const char *json, int64_t *version,
                      struct easel_error *err)
{
    if (!json || !*json || strlen(json) > EASEL_PROFILE_MAX)
        return easel_error_set(err, EASEL_EINVAL, "profile", "body", "empty or larger than %zu",
                               EASEL_PROFILE_MAX);
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    rc = easel__client_exists(s, client, "client", err);
    struct easel_val p[] = {easel_vint(client), easel_vint(0), easel_vtext(json),
                            easel_vtext(s->actor), easel_vint(s->now())};
    int64_t last = 0;
    if (!rc)
        rc = easel__int(s, "SELECT COALESCE(MAX(version), 0) FROM profiles WHERE client_id = $1", p,
                        1, &last, NULL, err);
    p[1] = easel_vint(last + 1);
    if (!rc)
        rc = easel__run(s,
                        "INSERT INTO profiles (client_id, version, body, created_by, created_at)"
                        " VALUES ($1, $2, $3, $4, $5)",
                        p, 5, NULL, err);
    if (!rc)
        rc = easel__audit(s, "create", "profile", client, err);
    rc = easel__end(s, rc, err);
    if (!rc)
        *version = last + 1;
    return rc;
}

struct text_row {
    struct easel_buf *out;
    int64_t version;
    int found;
};

static int text_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct text_row *r = ctx;
    if (n < 2 || r->found)
        return 0;
    r->found = 1;
    r->version = c[0].i;
    return easel_buf_add(r->out, c[1].p ? c[1].p : "", c[1].len);
}

#define PROFILE_GET                                                                                \
    "SELECT version, body FROM profiles WHERE client_id = $1 AND ($2 = 0 OR version = $2)"         \
    " ORDER BY version DESC LIMIT 1"

static int profile_text_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__profile *r = ctx;
    if (n < 2 || r->found)
        return 0;
    r->found = 1;
    r->version = c[0].i;
    r->len = c[1].len;
    r->body = easel__dup(r->a, &c[1]);
    return r->body || c[1].type == EASEL_V_NULL ? 0 : EASEL_ENOMEM;
}

void easel__profile_read(struct easel__read *q, int64_t client, struct easel__profile *r)
{
    *q = (struct easel__read){
        PROFILE_GET, {easel_vint(client), easel_vint(0)}, 2, profile_text_row, r};
}

int easel_profile_get(struct easel_store *s, int64_t client, int64_t version,
                      struct easel_buf *json, int64_t *got_version, struct easel_error *err)
{
    struct text_row r = {json, 0, 0};
    struct easel_val p[] = {easel_vint(client), easel_vint(version)};
    int rc = s->ops->exec(s, PROFILE_GET, p, 2, text_row, &r, NULL, err);
    if (rc)
        return rc;
    if (!r.found)
        return easel_error_set(err, EASEL_ENOTFOUND, "profile", "", "client %lld has no profile%s",
                               (long long)client, version ? " of that version" : "");
    *got_version = r.version;
    return easel__audit_read(s, "profile", client, err);
}

struct latest {
    int64_t version;
    char status[8];
    int found;
};

static int latest_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct latest *l = ctx;
    if (n >= 2 && !l->found) {
        l->found = 1;
        l->version = c[0].i;
        snprintf(l->status, sizeof(l->status), "%s", c[1].p ? c[1].p : "");
    }
    return 0;
}

static int latest_plan(struct easel_store *s, int64_t client, struct latest *l,
                       struct easel_error *err)
{
    struct easel_val p = easel_vint(client);
    memset(l, 0, sizeof(*l));
    return s->ops->exec(s,
                        "SELECT version, status FROM plans WHERE client_id = $1"
                        " ORDER BY version DESC LIMIT 1",
                        &p, 1, latest_row, l, NULL, err);
}

int easel_plan_record_save(struct easel_store *s, int64_t client, int64_t expected,
                           const char *body, const char *kb_version, int64_t *version,
                           struct easel_error *err)
{
    if (!body || !*body || strlen(body) > EASEL_PLAN_MAX)
        return easel_error_set(err, EASEL_EINVAL, "plan", "body", "empty or larger than %zu",
                               EASEL_PLAN_MAX);
    if (!kb_version || strlen(kb_version) != 64)
        return easel_error_set(err, EASEL_EINVAL, "plan", "kb_version", "not a KB version hash");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    rc = easel__client_exists(s, client, "client", err);
    struct latest l;
    if (!rc)
        rc = latest_plan(s, client, &l, err);
    if (!rc && l.version != expected)
        rc = easel_error_set(err, EASEL_ECONFLICT, "plan", "version",
                             "plan version %lld was saved after the version %lld you edited; "
                             "reload it and apply your changes again",
                             (long long)l.version, (long long)expected);
    int64_t next = l.version + 1;
    struct easel_val p[] = {easel_vint(client),      easel_vint(next),      easel_vtext(body),
                            easel_vtext(kb_version), easel_vtext(s->actor), easel_vint(s->now())};
    if (!rc)
        rc = easel__run(s,
                        "INSERT INTO plans (client_id, version, status, body, kb_version,"
                        " created_by, created_at) VALUES ($1, $2, 'draft', $3, $4, $5, $6)",
                        p, 6, NULL, err);
    if (rc == EASEL_ECONFLICT && err && strcmp(err->field, "version") != 0)
        easel_error_set(err, rc, "plan", "version",
                        "another editor saved version %lld at the same time", (long long)next);
    if (!rc)
        rc = easel__audit(s, "create", "plan", client, err);
    rc = easel__end(s, rc, err);
    if (!rc)
        *version = next;
    return rc;
}

/* The plan's columns, then its first co-signature (NULL, NULL when it has none). */
static int plan_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__one *r = ctx;
    struct easel_plan_record *o = easel__first(r, n, 12);
    if (!o)
        return 0;
    o->client = c[0].i;
    o->version = c[1].i;
    o->status = easel__dup(r->a, &c[2]);
    o->body = easel__dup(r->a, &c[3]);
    o->kb_version = easel__dup(r->a, &c[4]);
    o->content_hash = easel__dup(r->a, &c[5]);
    o->created_by = easel__dup(r->a, &c[6]);
    o->created_at = c[7].i;
    o->signed_by = easel__dup(r->a, &c[8]);
    o->signed_at = c[9].type == EASEL_V_INT ? c[9].i : 0;
    o->cosigned_by = easel__dup(r->a, &c[10]);
    o->cosigned_at = c[11].type == EASEL_V_INT ? c[11].i : 0;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

/* the plan's first co-signature's column C */
#define FIRST_COSIGN(C)                                                                            \
    "(SELECT k." C " FROM plan_cosigns k WHERE k.client_id = p.client_id"                          \
    " AND k.version = p.version ORDER BY k.cosigned_at, k.cosigned_by LIMIT 1)"

/* The plan's columns with BODY (p.body, or NULL when the caller needs only the record's head:
   a plan is tens of kilobytes that PostgreSQL keeps compressed out of line). */
#define PLAN_SELECT(BODY)                                                                          \
    "SELECT p.client_id, p.version, p.status, " BODY ", p.kb_version, p.content_hash,"             \
    " p.created_by, p.created_at, p.signed_by, p.signed_at, " FIRST_COSIGN(                        \
        "cosigned_by") ", " FIRST_COSIGN("cosigned_at") " FROM plans p WHERE p.client_id = $1"     \
                                                        " AND ($2 = 0 OR p.version = $2)"          \
                                                        " ORDER BY p.version DESC LIMIT 1"

static int plan_load(struct easel_store *s, const char *sql, int64_t client, int64_t version,
                     struct easel_arena *a, struct easel_plan_record *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    struct easel__one r = {a, out, 0};
    struct easel_val p[] = {easel_vint(client), easel_vint(version)};
    int rc = s->ops->exec(s, sql, p, 2, plan_row, &r, NULL, err);
    if (rc)
        return rc;
    if (!r.found)
        return easel_error_set(err, EASEL_ENOTFOUND, "plan", "version",
                               version ? "client %lld has no plan version %lld"
                                       : "client %lld has no plan yet",
                               (long long)client, (long long)version);
    return easel__audit_read(s, "plan", client, err);
}

int easel_plan_record_load(struct easel_store *s, int64_t client, int64_t version,
                           struct easel_arena *a, struct easel_plan_record *out,
                           struct easel_error *err)
{
    return plan_load(s, PLAN_SELECT("p.body"), client, version, a, out, err);
}

void easel__plan_head_read(struct easel__read *q, int64_t client, struct easel__one *r)
{
    *q = (struct easel__read){
        PLAN_SELECT("NULL"), {easel_vint(client), easel_vint(0)}, 2, plan_row, r};
}

int easel_plan_record_sign(struct easel_store *s, int64_t client, int64_t version,
                           struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    int rc = easel__begin(s, err);
    struct easel_plan_record rec;
    struct latest l;
    if (!rc)
        rc = easel_plan_record_load(s, client, version, &a, &rec, err);
    if (!rc)
        rc = latest_plan(s, client, &l, err);
    if (!rc && strcmp(rec.status, "signed") == 0)
        rc = easel_error_set(err, EASEL_EREADONLY, "plan", "version",
                             "version %lld is already signed; amend it to make a new version",
                             (long long)rec.version);
    if (!rc && l.version != rec.version)
        rc = easel_error_set(err, EASEL_ECONFLICT, "plan", "version",
                             "version %lld is newer than version %lld; sign the latest",
                             (long long)l.version, (long long)rec.version);
    char hash[65] = "";
    if (!rc) {
        struct easel_sha256 h;
        easel_sha256_init(&h);
        easel_sha256_update(&h, rec.body, strlen(rec.body));
        easel_sha256_hex(&h, hash);
        struct easel_val p[] = {easel_vtext(hash), easel_vtext(s->actor), easel_vint(s->now()),
                                easel_vint(client), easel_vint(rec.version)};
        rc = easel__run(s,
                        "UPDATE plans SET status = 'signed', content_hash = $1, signed_by = $2,"
                        " signed_at = $3 WHERE client_id = $4 AND version = $5"
                        " AND status = 'draft'",
                        p, 5, NULL, err);
    }
    if (!rc) { /* the chain records what was signed: audit verify checks the body against it */
        char ref[140];
        snprintf(ref, sizeof(ref), "%lld/v%lld/sha256:%s", (long long)client,
                 (long long)rec.version, hash);
        rc = easel__audit_ref(s, "sign", "plan", ref, err);
    }
    easel_arena_release(&a);
    return easel__end(s, rc, err);
}

int easel_plan_record_cosign(struct easel_store *s, int64_t client, int64_t version,
                             struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    int rc = easel__begin(s, err);
    struct easel_plan_record rec;
    memset(&rec, 0, sizeof(rec));
    if (!rc)
        rc = easel_plan_record_load(s, client, version, &a, &rec, err);
    if (!rc && strcmp(rec.status, "signed") != 0)
        rc = easel_error_set(err, EASEL_EINVAL, "plan", "status",
                             "version %lld is a draft: the therapist signs before a co-signature",
                             (long long)rec.version);
    if (!rc && rec.signed_by && strcmp(rec.signed_by, s->actor) == 0)
        rc = easel_error_set(err, EASEL_EINVAL, "plan", "cosigned_by",
                             "the co-signer must be someone other than the signer");
    struct easel_val p[] = {easel_vint(client), easel_vint(rec.version), easel_vtext(s->actor),
                            easel_vint(s->now())};
    if (!rc)
        rc = easel__run(s,
                        "INSERT INTO plan_cosigns (client_id, version, cosigned_by, cosigned_at)"
                        " VALUES ($1, $2, $3, $4)",
                        p, 4, NULL, err);
    if (!rc)
        rc = easel__audit(s, "cosign", "plan", client, err);
    easel_arena_release(&a);
    return easel__end(s, rc, err);
}
