/*
 * store/groups.c — group programs, their facilitators and roster, group sessions with each
 * member's attendance, signing (a locked copy in every member's chart), and addenda
 * (easel/store_group.h). Roster rules that need the database (overlap, capacity on a date)
 * are checked here inside the write's transaction; the rest of a session's checks are the
 * application's (app/group_service.c).
 */
#include "easel/plan.h"
#include "easel/store_group.h"
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#define WHERE "group"

/* a group session's columns, with its first co-signature (NULL, 0 when none) */
#define GSESSION_COLS                                                                              \
    "id, program_id, number, date, minutes, directive, media, themes, process, next_steps,"        \
    " status, created_by, created_at, signed_by, COALESCE(signed_at, 0),"                          \
    " (SELECT MIN(c.cosigned_by) FROM group_cosigns c WHERE c.group_session_id = "                 \
    "group_sessions.id),"                                                                          \
    " COALESCE((SELECT MIN(c.cosigned_at) FROM group_cosigns c WHERE c.group_session_id = "        \
    "group_sessions.id), 0)"

static bool is_date(const char *d)
{
    int64_t day;
    return d && strlen(d) == 10 && easel_date_parse(d, &day) == 0;
}

static int check_program(const struct easel_group_program *g, struct easel_error *err)
{
    static const char *const kinds[] = {"closed", "open", "drop-in", NULL};
    static const char *const statuses[] = {"planned", "running", "ended", NULL};
    if (!easel__valid_ref(g->ref))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "ref",
                               "1-64 characters of a-z, 0-9 and '-'");
    if (!g->name || !*g->name)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "name", "1-200 characters");
    int rc = easel__text_check(g->name, 200, false, WHERE, "name", err);
    if (rc)
        return rc;
    if (!g->setting || !*g->setting || strlen(g->setting) > 48)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "setting", "a setting id");
    if (!easel__one_of(g->kind, kinds))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "kind", "must be closed, open or drop-in");
    if (!is_date(g->start_date))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "start_date", "must be YYYY-MM-DD");
    const char *t = g->start_time;
    if (!t || strlen(t) != 5 || t[2] != ':' || t[0] < '0' || t[0] > '2' || t[1] < '0' ||
        t[1] > '9' || t[3] < '0' || t[3] > '5' || t[4] < '0' || t[4] > '9' ||
        (t[0] == '2' && t[1] > '3'))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "start_time", "must be HH:MM (24-hour)");
    if (g->minutes < 15 || g->minutes > 240)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "minutes", "must be 15-240");
    if (g->sessions < 1 || g->sessions > 104)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "sessions", "must be 1-104");
    if (g->capacity < 1 || g->capacity > 30)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "capacity", "must be 1-30");
    if (g->status && !easel__one_of(g->status, statuses))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "status",
                               "must be planned, running or ended");
    return 0;
}

int easel_group_add(struct easel_store *s, const struct easel_group_program *g,
                    const char *const *facilitators, size_t n_facilitators, int64_t *id,
                    struct easel_error *err)
{
    int rc = check_program(g, err);
    if (rc)
        return rc;
    if (n_facilitators < 1 || n_facilitators > 4)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "facilitators",
                               "a program needs 1 to 4 facilitators, the lead first");
    if ((rc = easel__begin(s, err)) != 0)
        return rc;
    struct easel_val p[] = {
        easel_vtext(g->ref),        easel_vtext(g->name),
        easel_vtext(g->setting),    easel_vtext(g->kind),
        easel_vtext(g->start_date), easel_vtext(g->start_time),
        easel_vint(g->minutes),     easel_vint(g->sessions),
        easel_vint(g->capacity),    easel_vtext(g->status ? g->status : "planned"),
        easel_vtext(s->actor),      easel_vint(s->now())};
    int found = 0;
    rc = easel__int(s,
                    "INSERT INTO group_programs (ref, name, setting, kind, start_date, start_time,"
                    " minutes, sessions, capacity, status, created_by, created_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                    p, 12, id, &found, err);
    if (rc == EASEL_ECONFLICT)
        easel_error_set(err, rc, WHERE, "ref", "a group program with reference \"%s\" exists",
                        g->ref);
    for (size_t i = 0; !rc && i < n_facilitators; i++) {
        int64_t one = 0;
        struct easel_val u = easel_vtext(facilitators[i]);
        rc = easel__int(s, "SELECT 1 FROM users WHERE login = $1", &u, 1, &one, &found, err);
        if (!rc && !found)
            rc = easel_error_set(err, EASEL_EINVAL, WHERE, "facilitators",
                                 "\"%s\" is not a user of this practice", facilitators[i]);
        struct easel_val f[] = {easel_vint(*id), easel_vtext(facilitators[i]),
                                easel_vtext(i == 0 ? "lead" : "co")};
        if (!rc)
            rc = easel__run(s,
                            "INSERT INTO group_facilitators (program_id, login, role)"
                            " VALUES ($1, $2, $3)",
                            f, 3, NULL, err);
        if (rc == EASEL_ECONFLICT)
            easel_error_set(err, rc, WHERE, "facilitators", "\"%s\" is named twice",
                            facilitators[i]);
    }
    if (!rc)
        rc = easel__audit(s, "create", "group", *id, err);
    return easel__end(s, rc, err);
}

#define PROGRAM_COLS                                                                               \
    "g.id, g.ref, g.name, g.setting, g.kind, g.start_date, g.start_time, g.minutes, g.sessions,"   \
    " g.capacity, g.status, g.created_by, g.created_at"

static int program_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_group_program *o = easel__row(r, n, 13, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->id = c[0].i;
    o->ref = easel__dup(r->a, &c[1]);
    o->name = easel__dup(r->a, &c[2]);
    o->setting = easel__dup(r->a, &c[3]);
    o->kind = easel__dup(r->a, &c[4]);
    o->start_date = easel__dup(r->a, &c[5]);
    o->start_time = easel__dup(r->a, &c[6]);
    o->minutes = c[7].i;
    o->sessions = c[8].i;
    o->capacity = c[9].i;
    o->status = easel__dup(r->a, &c[10]);
    o->created_by = easel__dup(r->a, &c[11]);
    o->created_at = c[12].i;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

static int nomem(int rc, struct easel_error *err)
{
    return rc == EASEL_ENOMEM ? easel_error_set(err, rc, WHERE, "", "out of memory") : rc;
}

int easel_group_find(struct easel_store *s, const char *ref, struct easel_arena *a,
                     struct easel_group_program *out, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    struct easel_val p = easel_vtext(ref);
    int rc = s->ops->exec(s, "SELECT " PROGRAM_COLS " FROM group_programs g WHERE g.ref = $1", &p,
                          1, program_row, &r, NULL, err);
    if (rc)
        return nomem(rc, err);
    if (!r.n)
        return easel_error_set(err, EASEL_ENOTFOUND, WHERE, "group",
                               "no group program with reference \"%s\"", ref ? ref : "");
    *out = *(struct easel_group_program *)r.list;
    return easel__audit_read(s, "group", out->id, err);
}

int easel_group_list(struct easel_store *s, const char *login, struct easel_arena *a,
                     struct easel_group_program **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    struct easel_val p = easel_vtext(login);
    int rc =
        login
            ? s->ops->exec(s,
                           "SELECT " PROGRAM_COLS " FROM group_programs g JOIN"
                           " group_facilitators f ON f.program_id = g.id"
                           " WHERE f.login = $1 ORDER BY g.name, g.id",
                           &p, 1, program_row, &r, NULL, err)
            : s->ops->exec(s, "SELECT " PROGRAM_COLS " FROM group_programs g ORDER BY g.name, g.id",
                           NULL, 0, program_row, &r, NULL, err);
    if (rc)
        return nomem(rc, err);
    *out = r.list;
    *n = r.n;
    return easel__audit_read_ref(s, "groups", login ? login : "*", err);
}

int easel_group_of_client(struct easel_store *s, int64_t client, struct easel_arena *a,
                          struct easel_group_program **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    int rc = easel__list(s,
                         "SELECT DISTINCT " PROGRAM_COLS " FROM group_programs g JOIN"
                         " group_members m ON m.program_id = g.id WHERE m.client_id = $1"
                         " ORDER BY g.name, g.id",
                         client, program_row, &r, WHERE, "client-groups", err);
    *out = r.list;
    *n = r.n;
    return rc;
}

int easel_group_facilitators(struct easel_store *s, int64_t program, struct easel_arena *a,
                             struct easel_person **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    struct easel_val p = easel_vint(program);
    int rc = s->ops->exec(s,
                          "SELECT f.login, u.name, f.role FROM group_facilitators f JOIN users u"
                          " ON u.login = f.login WHERE f.program_id = $1"
                          " ORDER BY CASE f.role WHEN 'lead' THEN 0 ELSE 1 END, f.login",
                          &p, 1, easel__person_row, &r, NULL, err);
    *out = r.list;
    *n = r.n;
    return nomem(rc, err);
}

int easel_group_facilitates(struct easel_store *s, int64_t program, const char *login, bool *yes,
                            struct easel_error *err)
{
    struct easel_val p[] = {easel_vint(program), easel_vtext(login)};
    int64_t one = 0;
    int found = 0;
    int rc = easel__int(s, "SELECT 1 FROM group_facilitators WHERE program_id = $1 AND login = $2",
                        p, 2, &one, &found, err);
    *yes = found != 0;
    return rc;
}

/* ---- the roster ---- */

static int program_dates(struct easel_store *s, int64_t program, char start[11], int64_t *cap,
                         struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel__rows r = {&a, NULL, 0, 0};
    struct easel_val p = easel_vint(program);
    int rc = s->ops->exec(s, "SELECT " PROGRAM_COLS " FROM group_programs g WHERE g.id = $1", &p, 1,
                          program_row, &r, NULL, err);
    if (!rc && !r.n)
        rc = easel_error_set(err, EASEL_ENOTFOUND, WHERE, "group", "no such group program");
    if (!rc) {
        const struct easel_group_program *g = r.list;
        snprintf(start, 11, "%s", g->start_date);
        *cap = g->capacity;
    }
    easel_arena_release(&a);
    return nomem(rc, err);
}

int easel_group_member_add(struct easel_store *s, int64_t program, int64_t client,
                           const char *start_date, struct easel_error *err)
{
    if (!is_date(start_date))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "start_date", "must be YYYY-MM-DD");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    char first[11];
    int64_t cap = 0, count = 0;
    int found = 0;
    rc = program_dates(s, program, first, &cap, err);
    if (!rc)
        rc = easel__client_exists(s, client, WHERE, err);
    if (!rc && strcmp(start_date, first) < 0)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "start_date",
                             "%s is before the program starts (%s)", start_date, first);
    struct easel_val p[] = {easel_vint(program), easel_vint(client), easel_vtext(start_date)};
    if (!rc) /* an earlier membership still open on that date */
        rc =
            easel__int(s,
                       "SELECT COUNT(*) FROM group_members WHERE program_id = $1 AND client_id = $2"
                       " AND (end_date IS NULL OR end_date >= $3)",
                       p, 3, &count, &found, err);
    if (!rc && count)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "start_date",
                             "the client is already a member on %s (memberships may not overlap)",
                             start_date);
    if (!rc) /* members on the roster on or after that date */
        rc = easel__int(s,
                        "SELECT COUNT(*) FROM group_members WHERE program_id = $1"
                        " AND client_id <> $2 AND (end_date IS NULL OR end_date >= $3)",
                        p, 3, &count, &found, err);
    if (!rc && count >= cap)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "capacity",
                             "the program holds %lld members and is full on %s", (long long)cap,
                             start_date);
    if (!rc)
        rc = easel__run(s,
                        "INSERT INTO group_members (program_id, client_id, start_date)"
                        " VALUES ($1, $2, $3)",
                        p, 3, NULL, err);
    if (!rc)
        rc = easel__audit(s, "member-add", "group", program, err);
    return easel__end(s, rc, err);
}

int easel_group_member_end(struct easel_store *s, int64_t program, int64_t client,
                           const char *end_date, const char *reason, struct easel_error *err)
{
    if (!is_date(end_date))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "end_date", "must be YYYY-MM-DD");
    if (!reason || !*reason)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "reason",
                               "say why the membership ends (1-200 characters)");
    int rc = easel__text_check(reason, 200, false, WHERE, "reason", err);
    if (rc || (rc = easel__begin(s, err)) != 0)
        return rc;
    struct easel_val p[] = {easel_vint(program), easel_vint(client), easel_vtext(end_date),
                            easel_vtext(reason)};
    int64_t changed = 0;
    rc = easel__run(s,
                    "UPDATE group_members SET end_date = $3, end_reason = $4 WHERE program_id = $1"
                    " AND client_id = $2 AND end_date IS NULL AND start_date <= $3",
                    p, 4, &changed, err);
    if (!rc && !changed)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "end_date",
                             "the client has no current membership that started by %s", end_date);
    if (!rc)
        rc = easel__audit(s, "member-end", "group", program, err);
    return easel__end(s, rc, err);
}

static int member_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_group_member *o = easel__row(r, n, 6, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->client = c[0].i;
    o->ref = easel__dup(r->a, &c[1]);
    o->name = easel__dup(r->a, &c[2]);
    o->start_date = easel__dup(r->a, &c[3]);
    o->end_date = easel__dup(r->a, &c[4]);
    o->end_reason = easel__dup(r->a, &c[5]);
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_group_members(struct easel_store *s, int64_t program, struct easel_arena *a,
                        struct easel_group_member **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    int rc = easel__list(s,
                         "SELECT m.client_id, c.ref, c.name, m.start_date, m.end_date,"
                         " m.end_reason FROM group_members m JOIN clients c ON c.id = m.client_id"
                         " WHERE m.program_id = $1 ORDER BY m.start_date, c.name, c.id",
                         program, member_row, &r, WHERE, "group-roster", err);
    *out = r.list;
    *n = r.n;
    return rc;
}

/* ---- sessions ---- */

int easel_group_rating_next(const char **p, char objective[17], int *rating)
{ /* "1.1:2,2.1:-1" */
    const char *r = *p;
    if (!r || !*r)
        return 0;
    size_t k = 0;
    while ((r[k] >= '0' && r[k] <= '9') || r[k] == '.')
        k++;
    if (k < 1 || k > 16 || r[k] != ':')
        return -1;
    memcpy(objective, r, k);
    objective[k] = 0;
    r += k + 1;
    int sign = *r == '-' ? -1 : 1;
    if (*r == '-' || *r == '+')
        r++;
    if (*r < '0' || *r > '2')
        return -1;
    *rating = sign * (*r - '0');
    r++;
    if (*r == ',' && r[1])
        r++;
    else if (*r)
        return -1;
    *p = r;
    return 1;
}

static bool valid_ratings(const char *r)
{
    char objective[17];
    int rating, got;
    while ((got = easel_group_rating_next(&r, objective, &rating)) > 0)
        ;
    return got == 0;
}

static int check_session(const struct easel_group_session *r, struct easel_error *err)
{
    static const char *const att[] = {"attended", "late",      "left-early",
                                      "absent",   "cancelled", NULL};
    if (!is_date(r->date))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "date", "must be YYYY-MM-DD");
    if (r->minutes < 1 || r->minutes > 600)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "minutes", "must be 1-600");
    const char *text[] = {r->directive, r->media, r->themes, r->process, r->next_steps};
    const char *names[] = {"directive", "media", "themes", "process", "next_steps"};
    for (int i = 0; i < 5; i++) {
        int rc = easel__text_check(text[i], EASEL_GROUP_TEXT_MAX, true, WHERE, names[i], err);
        if (rc)
            return rc;
    }
    char field[48];
    for (size_t i = 0; i < r->n_members; i++) {
        const struct easel_group_attendance *m = &r->members[i];
        snprintf(field, sizeof(field), "members[%zu].attendance", i);
        if (!easel__one_of(m->attendance, att))
            return easel_error_set(err, EASEL_EINVAL, WHERE, field,
                                   "must be attended, late, left-early, absent or cancelled");
        snprintf(field, sizeof(field), "members[%zu].minutes", i);
        if (m->minutes < 0 || m->minutes > r->minutes)
            return easel_error_set(err, EASEL_EINVAL, WHERE, field, "must be 0-%lld",
                                   (long long)r->minutes);
        snprintf(field, sizeof(field), "members[%zu].note", i);
        int rc = easel__text_check(m->note, EASEL_GROUP_TEXT_MAX, true, WHERE, field, err);
        if (rc)
            return rc;
        snprintf(field, sizeof(field), "members[%zu].ratings", i);
        if (!valid_ratings(m->ratings))
            return easel_error_set(err, EASEL_EINVAL, WHERE, field,
                                   "objective:rating pairs like 1.1:2,2.1:-1 (ratings -2..+2)");
    }
    return 0;
}

int easel_group_session_save(struct easel_store *s, const struct easel_group_session *r,
                             int64_t *id, struct easel_error *err)
{
    int rc = check_session(r, err);
    if (rc || (rc = easel__begin(s, err)) != 0)
        return rc;
    struct easel_val k[] = {easel_vint(r->program), easel_vint(r->number)};
    int64_t old = 0;
    int found = 0;
    rc = easel__int(s, "SELECT id FROM group_sessions WHERE program_id = $1 AND number = $2", k, 2,
                    &old, &found, err);
    if (!rc && found) { /* a draft is replaced whole; a signed note refuses (its triggers) */
        struct easel_val o = easel_vint(old);
        rc = easel__run(s, "DELETE FROM group_attendance WHERE group_session_id = $1", &o, 1, NULL,
                        err);
        if (!rc)
            rc = easel__run(s, "DELETE FROM group_sessions WHERE id = $1", &o, 1, NULL, err);
        if (rc == EASEL_EREADONLY)
            easel_error_set(err, rc, WHERE, "number", "session %lld is signed: add an addendum",
                            (long long)r->number);
    }
    struct easel_val p[] = {
        easel_vint(r->program), easel_vint(r->number),     easel_vtext(r->date),
        easel_vint(r->minutes), easel_vtext(r->directive), easel_vtext(r->media),
        easel_vtext(r->themes), easel_vtext(r->process),   easel_vtext(r->next_steps),
        easel_vtext(s->actor),  easel_vint(s->now())};
    if (!rc)
        rc = easel__int(s,
                        "INSERT INTO group_sessions (program_id, number, date, minutes, directive,"
                        " media, themes, process, next_steps, status, created_by, created_at)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11)"
                        " RETURNING id",
                        p, 11, id, &found, err);
    for (size_t i = 0; !rc && i < r->n_members; i++) {
        const struct easel_group_attendance *m = &r->members[i];
        struct easel_val q[] = {easel_vint(*id),
                                easel_vint(m->client),
                                easel_vtext(m->attendance),
                                easel_vint(m->minutes),
                                easel_vtext(m->note ? m->note : ""),
                                easel_vtext(m->ratings ? m->ratings : "")};
        rc = easel__run(s,
                        "INSERT INTO group_attendance (group_session_id, client_id, attendance,"
                        " minutes, note, ratings) VALUES ($1, $2, $3, $4, $5, $6)",
                        q, 6, NULL, err);
        if (rc == EASEL_ECONFLICT)
            easel_error_set(err, rc, WHERE, "members", "a member is listed twice");
    }
    if (!rc)
        rc = easel__audit(s, found ? "save" : "create", "group-session", *id, err);
    return easel__end(s, rc, err);
}

static int gsession_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_group_session *o = easel__row(r, n, 17, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->id = c[0].i;
    o->program = c[1].i;
    o->number = c[2].i;
    o->date = easel__dup(r->a, &c[3]);
    o->minutes = c[4].i;
    o->directive = easel__dup(r->a, &c[5]);
    o->media = easel__dup(r->a, &c[6]);
    o->themes = easel__dup(r->a, &c[7]);
    o->process = easel__dup(r->a, &c[8]);
    o->next_steps = easel__dup(r->a, &c[9]);
    o->status = easel__dup(r->a, &c[10]);
    o->created_by = easel__dup(r->a, &c[11]);
    o->created_at = c[12].i;
    o->signed_by = easel__dup(r->a, &c[13]);
    o->signed_at = c[14].i;
    o->cosigned_by = easel__dup(r->a, &c[15]);
    o->cosigned_at = c[16].i;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

static int att_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_group_attendance *o = easel__row(r, n, 9, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->client = c[1].i;
    o->ref = easel__dup(r->a, &c[2]);
    o->name = easel__dup(r->a, &c[3]);
    o->attendance = easel__dup(r->a, &c[4]);
    o->minutes = c[5].i;
    o->note = easel__dup(r->a, &c[6]);
    o->ratings = easel__dup(r->a, &c[7]);
    o->copy = c[8].i;
    o->group_session = c[0].i;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_group_sessions(struct easel_store *s, int64_t program, struct easel_arena *a,
                         struct easel_group_session **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0}, m = {a, NULL, 0, 0};
    struct easel_val p = easel_vint(program);
    int rc = s->ops->exec(s,
                          "SELECT " GSESSION_COLS " FROM group_sessions WHERE program_id = $1"
                          " ORDER BY number",
                          &p, 1, gsession_row, &r, NULL, err);
    if (!rc)
        rc = s->ops->exec(s,
                          "SELECT a.group_session_id, a.client_id, c.ref, c.name, a.attendance,"
                          " a.minutes, a.note, a.ratings, COALESCE((SELECT x.id FROM sessions x"
                          " WHERE x.group_session_id = a.group_session_id AND x.client_id ="
                          " a.client_id), 0) FROM group_attendance a JOIN group_sessions g ON"
                          " g.id = a.group_session_id JOIN clients c ON c.id = a.client_id"
                          " WHERE g.program_id = $1 ORDER BY g.number, c.name, c.id",
                          &p, 1, att_row, &m, NULL, err);
    if (rc)
        return nomem(rc, err);
    struct easel_group_session *gs = r.list;
    struct easel_group_attendance *att = m.list;
    size_t k = 0; /* both lists are in session-number order: each session takes its run */
    for (size_t i = 0; i < r.n; i++) {
        gs[i].members = att ? att + k : NULL;
        while (k < m.n && att[k].group_session == gs[i].id) {
            gs[i].n_members++;
            k++;
        }
    }
    *out = gs;
    *n = r.n;
    return easel__audit_read(s, "group-sessions", program, err);
}

/* Inside the caller's transaction: group session id, read into a; EASEL_ENOTFOUND when there
   is none. */
static int gsession_get(struct easel_store *s, int64_t id, struct easel_arena *a,
                        const struct easel_group_session **out, struct easel_error *err)
{
    struct easel_val p = easel_vint(id);
    struct easel__rows r = {a, NULL, 0, 0};
    int rc = nomem(s->ops->exec(s, "SELECT " GSESSION_COLS " FROM group_sessions WHERE id = $1", &p,
                                1, gsession_row, &r, NULL, err),
                   err);
    if (!rc && !r.n)
        rc = easel_error_set(err, EASEL_ENOTFOUND, WHERE, "session", "no such group session");
    *out = r.list;
    return rc;
}

int easel_group_session_sign(struct easel_store *s, int64_t id,
                             const struct easel_session_record *copies, size_t n,
                             struct easel_error *err)
{
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p = easel_vint(id);
    struct easel_arena a;
    easel_arena_init(&a);
    const struct easel_group_session *g = NULL;
    rc = gsession_get(s, id, &a, &g, err);
    if (!rc && strcmp(g->status, "signed") == 0)
        rc = easel_error_set(err, EASEL_EREADONLY, WHERE, "session",
                             "session %lld is already signed", (long long)g->number);
    easel_arena_release(&a);
    int64_t members = 0;
    int found = 0;
    if (!rc)
        rc = easel__int(s, "SELECT COUNT(*) FROM group_attendance WHERE group_session_id = $1", &p,
                        1, &members, &found, err);
    if (!rc && (size_t)members != n)
        rc =
            easel_error_set(err, EASEL_EINVAL, WHERE, "members",
                            "%lld members are documented, %zu copies given", (long long)members, n);
    for (size_t i = 0; !rc && i < n; i++) {
        int64_t sid = 0;
        rc = easel_session_add(s, &copies[i], &sid, err);
        struct easel_val q[] = {easel_vint(id), easel_vint(sid), easel_vint(copies[i].client)};
        int64_t changed = 0;
        if (!rc) /* the copy names its group session: from here on the trigger locks it */
            rc = easel__run(s,
                            "UPDATE sessions SET group_session_id = $1 WHERE id = $2 AND"
                            " client_id = $3 AND EXISTS (SELECT 1 FROM group_attendance WHERE"
                            " group_session_id = $1 AND client_id = $3)",
                            q, 3, &changed, err);
        if (!rc && changed != 1)
            rc = easel_error_set(err, EASEL_EINVAL, WHERE, "members",
                                 "a copy is for a client who is not documented in this session");
        if (!rc) /* signed and locked like any signed note, its hash in the chain */
            rc = easel__session_seal(s, copies[i].client, sid, err);
    }
    struct easel_val w[] = {easel_vint(id), easel_vtext(s->actor), easel_vint(s->now())};
    if (!rc)
        rc = easel__run(s,
                        "UPDATE group_sessions SET status = 'signed', signed_by = $2,"
                        " signed_at = $3 WHERE id = $1",
                        w, 3, NULL, err);
    if (!rc)
        rc = easel__audit(s, "sign", "group-session", id, err);
    return easel__end(s, rc, err);
}

int easel_group_session_cosign(struct easel_store *s, int64_t id, struct easel_error *err)
{
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    const struct easel_group_session *g = NULL;
    rc = gsession_get(s, id, &a, &g, err);
    if (!rc && strcmp(g->status, "signed") != 0)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "session",
                             "session %lld is a draft: it is signed before it is co-signed",
                             (long long)g->number);
    else if (!rc && g->signed_by && strcmp(g->signed_by, s->actor) == 0)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "session",
                             "the facilitator who signed a note cannot co-sign it");
    easel_arena_release(&a);
    struct easel_val w[] = {easel_vint(id), easel_vtext(s->actor), easel_vint(s->now())};
    if (!rc)
        rc = easel__run(s,
                        "INSERT INTO group_cosigns (group_session_id, cosigned_by, cosigned_at)"
                        " VALUES ($1, $2, $3)",
                        w, 3, NULL, err);
    if (rc == EASEL_ECONFLICT)
        easel_error_set(err, rc, WHERE, "session", "you have co-signed this note already");
    if (!rc)
        rc = easel__audit(s, "cosign", "group-session", id, err);
    return easel__end(s, rc, err);
}

int easel_session_group_of(struct easel_store *s, int64_t session, int64_t *group_session,
                           struct easel_error *err)
{
    struct easel_val p = easel_vint(session);
    int found = 0;
    *group_session = 0;
    int rc = easel__int(s, "SELECT COALESCE(group_session_id, 0) FROM sessions WHERE id = $1", &p,
                        1, group_session, &found, err);
    return rc;
}

/* ---- addenda ---- */

int easel_addendum_add(struct easel_store *s, int64_t client, int64_t session, const char *text,
                       int64_t *id, struct easel_error *err)
{
    if (!text || !*text)
        return easel_error_set(err, EASEL_EINVAL, "addendum", "text", "1-4000 characters");
    int rc = easel__text_check(text, EASEL_GROUP_TEXT_MAX, true, "addendum", "text", err);
    if (rc || (rc = easel__begin(s, err)) != 0)
        return rc;
    struct easel_val p[] = {easel_vint(session), easel_vint(client)};
    int64_t is_signed = 0;
    int found = 0;
    rc = easel__int(s,
                    "SELECT CASE WHEN status = 'signed' THEN 1 ELSE 0 END FROM sessions"
                    " WHERE id = $1 AND client_id = $2",
                    p, 2, &is_signed, &found, err);
    if (!rc && !found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "addendum", "session",
                             "the client has no session %lld", (long long)session);
    if (!rc && !is_signed) /* a draft is still edited in place; addenda follow signing */
        rc = easel_error_set(err, EASEL_EINVAL, "addendum", "session",
                             "session %lld's note is a draft: edit the draft instead; addenda "
                             "follow signing",
                             (long long)session);
    struct easel_val q[] = {easel_vint(session), easel_vtext(text), easel_vtext(s->actor),
                            easel_vint(s->now())};
    if (!rc)
        rc = easel__int(s,
                        "INSERT INTO session_addenda (session_id, text, created_by, created_at)"
                        " VALUES ($1, $2, $3, $4) RETURNING id",
                        q, 4, id, &found, err);
    if (!rc)
        rc = easel__audit(s, "addendum", "session", session, err);
    return easel__end(s, rc, err);
}

static int addendum_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_addendum *o = easel__row(r, n, 5, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->id = c[0].i;
    o->session = c[1].i;
    o->text = easel__dup(r->a, &c[2]);
    o->created_by = easel__dup(r->a, &c[3]);
    o->created_at = c[4].i;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_addenda(struct easel_store *s, int64_t client, struct easel_arena *a,
                  struct easel_addendum **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    int rc = easel__list(s,
                         "SELECT d.id, d.session_id, d.text, d.created_by, d.created_at FROM"
                         " session_addenda d JOIN sessions x ON x.id = d.session_id WHERE"
                         " x.client_id = $1 ORDER BY d.session_id, d.created_at, d.id",
                         client, addendum_row, &r, WHERE, "addenda", err);
    *out = r.list;
    *n = r.n;
    return rc;
}
