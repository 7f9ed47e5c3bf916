/*
 * store/team.c — the practice's name, its users (therapists, supervisors, team members,
 * administrators) and each client's care team (who may see the client: the web application's
 * per-client authorisation reads it).
 */
#include "store_int.h"

#include <string.h>

static const char *const roles[] = {"admin", "therapist", "supervisor", "team", NULL};

static bool valid_login(const char *l)
{
    size_t n = l ? strlen(l) : 0;
    if (n < 1 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((l[i] >= 'a' && l[i] <= 'z') || (l[i] >= '0' && l[i] <= '9') || l[i] == '-' ||
              l[i] == '.' || l[i] == '_'))
            return false;
    return true;
}

static bool valid_role(const char *r)
{
    for (int i = 0; r && roles[i]; i++)
        if (strcmp(r, roles[i]) == 0)
            return true;
    return false;
}

int easel_practice_set(struct easel_store *s, const char *name, struct easel_error *err)
{
    if (!name || !*name)
        return easel_error_set(err, EASEL_EINVAL, "practice", "name", "1-200 characters");
    int rc = easel__text_check(name, 200, false, "practice", "name", err);
    if (!rc)
        rc = easel__begin(s, err);
    if (rc)
        return rc;
    /* the paper setting stays when the name changes */
    struct easel_val p[] = {easel_vtext(name), easel_vint(s->now())};
    int64_t rows = 0;
    int found = 0;
    rc = easel__int(s, "SELECT COUNT(*) FROM practice", NULL, 0, &rows, &found, err);
    if (!rc)
        rc = easel__run(s,
                        rows ? "UPDATE practice SET name = $1, created_at = $2"
                             : "INSERT INTO practice (name, created_at) VALUES ($1, $2)",
                        p, 2, NULL, err);
    if (!rc)
        rc = easel__audit(s, "update", "practice", 0, err);
    return easel__end(s, rc, err);
}

int easel_practice_paper_set(struct easel_store *s, const char *paper, struct easel_error *err)
{
    static const char *const papers[] = {"a4", "letter", NULL};
    if (!easel__one_of(paper, papers))
        return easel_error_set(err, EASEL_EINVAL, "practice", "paper", "must be a4 or letter");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vtext(paper), easel_vint(s->now())};
    int64_t rows = 0;
    int found = 0;
    rc = easel__int(s, "SELECT COUNT(*) FROM practice", NULL, 0, &rows, &found, err);
    if (!rc) /* a practice without a name yet: the documents fall back to "easel" */
        rc = easel__run(s,
                        rows ? "UPDATE practice SET paper = $1"
                             : "INSERT INTO practice (name, created_at, paper) VALUES ('', $2, $1)",
                        p, rows ? 1 : 2, NULL, err);
    if (!rc)
        rc = easel__audit(s, "update", "practice", 0, err);
    return easel__end(s, rc, err);
}

int easel_practice_paper(struct easel_store *s, bool *letter, struct easel_error *err)
{
    int64_t n = 0;
    int found = 0;
    int rc = easel__int(s, "SELECT COUNT(*) FROM practice WHERE paper = 'letter'", NULL, 0, &n,
                        &found, err);
    *letter = !rc && n > 0;
    return rc;
}

struct practice_row {
    struct easel_arena *a;
    const char *name;
};

static int practice_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct practice_row *r = ctx;
    if (n < 1)
        return EASEL_EDB;
    r->name = c[0].type == EASEL_V_TEXT && c[0].p[0] ? easel__dup(r->a, &c[0]) : NULL;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_practice_get(struct easel_store *s, struct easel_arena *a, const char **name,
                       struct easel_error *err)
{
    struct practice_row r = {a, NULL};
    int rc = s->ops->exec(s, "SELECT name FROM practice", NULL, 0, practice_row, &r, NULL, err);
    *name = rc ? NULL : r.name;
    return rc;
}

int easel_user_add(struct easel_store *s, const char *login, const char *name, const char *role,
                   struct easel_error *err)
{
    if (!valid_login(login))
        return easel_error_set(err, EASEL_EINVAL, "user", "login",
                               "1-64 characters of a-z, 0-9, '.', '_' and '-'");
    if (!name || !*name)
        return easel_error_set(err, EASEL_EINVAL, "user", "name", "1-200 characters");
    int trc = easel__text_check(name, 200, false, "user", "name", err);
    if (trc)
        return trc;
    if (!valid_role(role))
        return easel_error_set(err, EASEL_EINVAL, "user", "role",
                               "must be admin, therapist, supervisor or team");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vtext(login), easel_vtext(name), easel_vtext(role),
                            easel_vint(s->now())};
    int64_t id = 0;
    int found = 0;
    rc = easel__int(s,
                    "INSERT INTO users (login, name, role, created_at) VALUES ($1, $2, $3, $4)"
                    " RETURNING id",
                    p, 4, &id, &found, err);
    if (rc == EASEL_ECONFLICT)
        easel_error_set(err, rc, "user", "login", "a user \"%s\" exists", login);
    if (!rc)
        rc = easel__audit(s, "create", "user", id, err);
    return easel__end(s, rc, err);
}

int easel__person_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_person *o = easel__row(r, n, 3, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->login = easel__dup(r->a, &c[0]);
    o->name = easel__dup(r->a, &c[1]);
    o->role = easel__dup(r->a, &c[2]);
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_user_list(struct easel_store *s, struct easel_arena *a, struct easel_person **out,
                    size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    int rc = s->ops->exec(s, "SELECT login, name, role FROM users ORDER BY login", NULL, 0,
                          easel__person_row, &r, NULL, err);
    *out = r.list;
    *n = r.n;
    return rc;
}

int easel_team_add(struct easel_store *s, int64_t client, const char *login, const char *role,
                   const char *reason, struct easel_error *err)
{
    if (!role || !*role || strlen(role) > 60)
        return easel_error_set(err, EASEL_EINVAL, "care team", "role",
                               "1-60 characters, e.g. therapist, psychiatrist, teacher");
    int rc = reason ? easel__text_check(reason, 2000, true, "care team", "reason", err) : 0;
    if (!rc)
        rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vint(client), easel_vtext(login), easel_vtext(role)};
    int64_t one = 0;
    int found = 0;
    rc = easel__int(s, "SELECT 1 FROM users WHERE login = $1", &p[1], 1, &one, &found, err);
    if (!rc && !found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "care team", "login", "no user \"%s\"", login);
    if (!rc)
        rc = easel__int(s, "SELECT 1 FROM clients WHERE id = $1", p, 1, &one, &found, err);
    if (!rc && !found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "care team", "client", "no such client");
    /* break-glass: joining a team one is not on (a new client's empty team is not) */
    int64_t members = 0;
    bool self = login && strcmp(login, s->actor) == 0;
    if (!rc && self)
        rc = easel__int(s, "SELECT COUNT(*) FROM care_team WHERE client_id = $1", p, 1, &members,
                        &found, err);
    bool glass = self && members > 0;
    if (!rc && glass && (!reason || strlen(reason) < 10))
        rc = easel_error_set(err, EASEL_EINVAL, "care team", "reason",
                             "joining the care team of a client you are not caring for is "
                             "break-glass access: state why (at least 10 characters); the "
                             "client's team sees it");
    if (!rc)
        rc = easel__run(s, "INSERT INTO care_team (client_id, login, role) VALUES ($1, $2, $3)", p,
                        3, NULL, err);
    if (rc == EASEL_ECONFLICT)
        easel_error_set(err, rc, "care team", "login", "%s is already on the care team", login);
    if (!rc && glass) {
        struct easel_val g[] = {easel_vint(client), easel_vtext(login), easel_vtext(role),
                                easel_vtext(reason), easel_vint(s->now())};
        rc = easel__run(s,
                        "INSERT INTO break_glass (client_id, login, role, reason, created_at)"
                        " VALUES ($1, $2, $3, $4, $5)",
                        g, 5, NULL, err);
        if (!rc)
            rc = easel__audit(s, "break-glass", "client", client, err);
    }
    if (!rc)
        rc = easel__audit(s, "update", "care-team", client, err);
    return easel__end(s, rc, err);
}

static int glass_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_break_glass *o = easel__row(r, n, 5, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->login = easel__dup(r->a, &c[0]);
    o->name = c[1].type == EASEL_V_TEXT ? easel__dup(r->a, &c[1]) : o->login;
    o->role = easel__dup(r->a, &c[2]);
    o->reason = easel__dup(r->a, &c[3]);
    o->created_at = c[4].i;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_break_glass_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                           struct easel_break_glass **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    struct easel_val p = easel_vint(client);
    int rc = s->ops->exec(s,
                          "SELECT g.login, u.name, g.role, g.reason, g.created_at FROM break_glass"
                          " g LEFT JOIN users u ON u.login = g.login WHERE g.client_id = $1"
                          " ORDER BY g.created_at, g.id",
                          &p, 1, glass_row, &r, NULL, err);
    *out = r.list;
    *n = r.n;
    return rc == EASEL_ENOMEM ? easel_error_set(err, rc, "care team", "", "out of memory") : rc;
}

#define TEAM_LIST                                                                                  \
    "SELECT t.login, u.name, t.role FROM care_team t JOIN users u"                                 \
    " ON u.login = t.login WHERE t.client_id = $1 ORDER BY t.login"

void easel__team_read(struct easel__read *q, int64_t client, struct easel__rows *r)
{
    *q = (struct easel__read){TEAM_LIST, {easel_vint(client)}, 1, easel__person_row, r};
}

int easel_team_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                    struct easel_person **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    struct easel_val p = easel_vint(client);
    int rc = s->ops->exec(s, TEAM_LIST, &p, 1, easel__person_row, &r, NULL, err);
    *out = r.list;
    *n = r.n;
    if (!rc)
        rc = easel__audit_read(s, "care-team", client, err);
    return rc;
}

/* Membership: a care_team row for the client (CLIENT: an SQL expression) and the login ($2). */
#define TEAM_MEMBER(CLIENT) "SELECT 1 FROM care_team WHERE client_id = " CLIENT " AND login = $2"

int easel_team_member(struct easel_store *s, int64_t client, const char *login, bool *member,
                      struct easel_error *err)
{
    struct easel_val p[] = {easel_vint(client), easel_vtext(login)};
    int64_t one = 0;
    int found = 0;
    int rc = easel__int(s, TEAM_MEMBER("$1"), p, 2, &one, &found, err);
    *member = found != 0;
    return rc;
}

struct member_row {
    int64_t client;
    bool member;
};

static int member_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct member_row *m = ctx;
    if (n >= 2 && c[0].type == EASEL_V_INT) { /* ids are integers; EXISTS is 0/1 or a bool */
        m->client = c[0].i;
        m->member = c[1].type == EASEL_V_INT && c[1].i != 0;
    }
    return 0;
}

int easel_team_member_by_ref(struct easel_store *s, const char *ref, const char *login,
                             int64_t *client, bool *member, struct easel_error *err)
{
    struct easel_val p[] = {easel_vtext(ref ? ref : ""), easel_vtext(login ? login : "")};
    struct member_row m = {0, false};
    int rc = s->ops->exec(s,
                          "SELECT c.id, EXISTS (" TEAM_MEMBER("c.id") ") FROM clients c"
                                                                      " WHERE c.ref = $1",
                          p, 2, member_row, &m, NULL, err);
    *client = rc ? 0 : m.client;
    *member = !rc && m.member;
    return rc;
}
