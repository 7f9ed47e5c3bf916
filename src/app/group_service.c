/*
 * app/group_service.c — the rules of running a group (easel/app_group.h): who may join (on the
 * facilitator's caseload, within capacity: the store checks dates and capacity), what a session
 * note must hold (everyone on the roster that day, nobody else; no note for a member who was
 * not there; minutes attended; a date in the week the schedule gives), signing into every
 * member's chart with other members' names replaced by initials, and the attendance report.
 */
#include "easel/app.h"
#include "easel/app_group.h"
#include "easel/group_note.h"
#include "easel/note.h"

#include <stdio.h>
#include <string.h>

#define WHERE "group"

static int must_facilitate(struct easel_store *s, const struct easel_group_program *g,
                           struct easel_error *err)
{
    bool yes = false;
    int rc = easel_group_facilitates(s, g->id, s->actor, &yes, err);
    if (!rc && !yes)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "facilitator", "%s does not facilitate %s",
                             s->actor, g->ref);
    return rc;
}

int easel_app_group_join(struct easel_store *s, const char *ref, const char *client_ref,
                         const char *start_date, struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_group_program g;
    int64_t client = 0;
    bool member = false;
    int rc = easel_group_find(s, ref, &a, &g, err);
    if (!rc)
        rc = must_facilitate(s, &g, err);
    if (!rc)
        rc = easel_client_id_of(s, client_ref, &client, err);
    if (!rc && !client)
        rc = easel_error_set(err, EASEL_ENOTFOUND, WHERE, "client", "no client \"%s\"", client_ref);
    if (!rc)
        rc = easel_team_member(s, client, s->actor, &member, err);
    if (!rc && !member)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "client",
                             "%s is not on %s's caseload (care team)", client_ref, s->actor);
    int64_t first = 0, day = 0;
    char last[11];
    /* a closed group keeps its membership once it has formed: members join in its first week
       (practice convention; an open group takes members at any session) */
    if (!rc && strcmp(g.kind, "closed") == 0 && start_date &&
        easel_date_parse(g.start_date, &first) == 0 && easel_date_parse(start_date, &day) == 0 &&
        day > first + 6) {
        easel_date_format(first + 6, last);
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "start_date",
                             "%s is a closed group: members join in its first week (by %s); "
                             "make it an open group to take members later",
                             g.ref, last);
    }
    if (!rc)
        rc = easel_group_member_add(s, g.id, client, start_date, err);
    easel_arena_release(&a);
    return rc;
}

static bool present(const char *attendance)
{
    return strcmp(attendance, "absent") != 0 && strcmp(attendance, "cancelled") != 0;
}

/* Every objective rated in "1.1:2,2.1:-1" is one of the member's plan's: 0, or the first that
   is not (its number in bad). */
static bool ratings_in_plan(const char *ratings, const char *const *numbers, size_t n, char bad[20])
{
    char objective[17];
    int rating;
    while (easel_group_rating_next(&ratings, objective, &rating) > 0) {
        bool found = false;
        for (size_t k = 0; k < n && !found; k++)
            found = strcmp(numbers[k], objective) == 0;
        if (!found) {
            snprintf(bad, 20, "%s", objective);
            return false;
        }
    }
    return true;
}

int easel_app_group_session_save(struct easel_store *s, const struct easel_kb *kb, const char *ref,
                                 const struct easel_group_note *note, int64_t *id,
                                 struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    /* the note as the record's group session; members' client ids are resolved below */
    struct easel_group_session session = {.number = note->number,
                                          .date = note->date,
                                          .minutes = note->minutes,
                                          .directive = note->directive,
                                          .media = note->media,
                                          .themes = note->themes,
                                          .process = note->process,
                                          .next_steps = note->next_steps,
                                          .n_members = note->n_members};
    struct easel_group_session *r = &session;
    const char **refs = easel_arena_alloc(&a, (note->n_members + 1) * sizeof(*refs));
    r->members = easel_arena_alloc(&a, (note->n_members + 1) * sizeof(*r->members));
    if (!refs || !r->members) {
        easel_arena_release(&a);
        return easel_error_set(err, EASEL_ENOMEM, "group session", "", "out of memory");
    }
    for (size_t i = 0; i < note->n_members; i++) {
        const struct easel_group_note_member *m = &note->members[i];
        refs[i] = m->client;
        r->members[i] = (struct easel_group_attendance){.attendance = m->attendance,
                                                        .minutes = m->minutes,
                                                        .note = m->note,
                                                        .ratings = m->ratings};
    }
    struct easel_group_program g;
    struct easel_group_member *roster = NULL;
    size_t n_roster = 0;
    int64_t day, first, when;
    char field[48];
    int rc = easel_group_find(s, ref, &a, &g, err);
    if (!rc)
        rc = must_facilitate(s, &g, err);
    if (!rc && (r->number < 1 || r->number > g.sessions))
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "number", "the program has sessions 1-%lld",
                             (long long)g.sessions);
    if (!rc && (!r->date || strlen(r->date) != 10 || easel_date_parse(r->date, &day)))
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "date", "must be YYYY-MM-DD");
    if (!rc) { /* weekly from the start date; a session moved within its week is still it */
        easel_date_parse(g.start_date, &first);
        when = first + 7 * (r->number - 1);
        if (day < when - 3 || day > when + 3) {
            char due[11];
            easel_date_format(when, due);
            rc = easel_error_set(err, EASEL_EINVAL, WHERE, "date",
                                 "session %lld is due on %s; %s is outside the schedule",
                                 (long long)r->number, due, r->date);
        }
    }
    if (!rc && r->minutes > g.minutes + 30)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "minutes",
                             "the program's sessions last %lld minutes", (long long)g.minutes);
    if (!rc)
        rc = easel_group_members(s, g.id, &a, &roster, &n_roster, err);
    for (size_t i = 0; !rc && i < r->n_members; i++) {
        struct easel_group_attendance *m = &r->members[i];
        snprintf(field, sizeof(field), "members[%zu].client", i);
        m->client = 0;
        for (size_t k = 0; k < n_roster; k++)
            if (strcmp(roster[k].ref, refs[i]) == 0 && strcmp(roster[k].start_date, r->date) <= 0 &&
                (!roster[k].end_date || strcmp(roster[k].end_date, r->date) >= 0))
                m->client = roster[k].client;
        if (!m->client) {
            rc = easel_error_set(err, EASEL_EINVAL, WHERE, field, "%s is not on the roster on %s",
                                 refs[i], r->date);
            break;
        }
        for (size_t k = 0; k < i; k++)
            if (r->members[k].client == m->client)
                rc =
                    easel_error_set(err, EASEL_EINVAL, WHERE, field, "%s is listed twice", refs[i]);
        if (rc)
            break;
        if (!m->attendance) {
            rc = easel_error_set(err, EASEL_EINVAL, WHERE, field, "attendance is missing");
            break;
        }
        bool here = present(m->attendance);
        bool partial =
            strcmp(m->attendance, "late") == 0 || strcmp(m->attendance, "left-early") == 0;
        snprintf(field, sizeof(field), "members[%zu].note", i);
        if (!here && ((m->note && *m->note) || (m->ratings && *m->ratings))) {
            rc = easel_error_set(err, EASEL_EINVAL, WHERE, field,
                                 "%s was %s: a member who was not there gets no note or rating",
                                 refs[i], m->attendance);
            break;
        }
        snprintf(field, sizeof(field), "members[%zu].ratings", i);
        if (here && m->ratings && *m->ratings) {
            int64_t version = 0;
            const char **numbers = NULL, **texts = NULL;
            size_t n_obj = 0;
            char bad[20];
            if ((rc = easel_app_member_objectives(s, kb, m->client, &a, &version, &numbers, &texts,
                                                  &n_obj, err)) != 0)
                break;
            if (!ratings_in_plan(m->ratings, numbers, n_obj, bad)) {
                rc = version ? easel_error_set(err, EASEL_EINVAL, WHERE, field,
                                               "objective %s is not in %s's plan (version %lld)",
                                               bad, refs[i], (long long)version)
                             : easel_error_set(err, EASEL_EINVAL, WHERE, field,
                                               "%s has no plan yet: nothing to rate", refs[i]);
                break;
            }
        }
        snprintf(field, sizeof(field), "members[%zu].minutes", i);
        if (!here)
            m->minutes = 0;
        else if (m->minutes < 0 && !partial)
            m->minutes = r->minutes; /* attended the whole session */
        if (here && partial && (m->minutes < 1 || m->minutes >= r->minutes))
            rc = easel_error_set(err, EASEL_EINVAL, WHERE, field,
                                 "%s was %s: minutes attended must be 1-%lld", refs[i],
                                 m->attendance, (long long)r->minutes - 1);
        else if (here && (m->minutes < 1 || m->minutes > r->minutes))
            rc = easel_error_set(err, EASEL_EINVAL, WHERE, field, "minutes attended must be 1-%lld",
                                 (long long)r->minutes);
    }
    for (size_t k = 0; !rc && k < n_roster; k++) { /* everyone on the roster that day */
        if (strcmp(roster[k].start_date, r->date) > 0 ||
            (roster[k].end_date && strcmp(roster[k].end_date, r->date) < 0))
            continue;
        bool listed = false;
        for (size_t i = 0; i < r->n_members && !listed; i++)
            listed = r->members[i].client == roster[k].client;
        if (!listed)
            rc = easel_error_set(err, EASEL_EINVAL, WHERE, "members",
                                 "%s is on the roster on %s: record their attendance",
                                 roster[k].ref, r->date);
    }
    if (!rc) {
        r->program = g.id;
        rc = easel_group_session_save(s, r, id, err);
    }
    easel_arena_release(&a);
    return rc;
}

/* text with every other member's full name, and first name of 3 or more letters, replaced by
   their initials (a member's copy names nobody else). */
static const char *redact(struct easel_arena *a, const char *text,
                          const struct easel_group_attendance *ms, size_t n, size_t self)
{
    const char *out = text ? text : "";
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n; k++) {
            if (k == self || !ms[k].name)
                continue;
            char first[128];
            snprintf(first, sizeof(first), "%s", ms[k].name);
            char *sp = strchr(first, ' ');
            if (sp)
                *sp = 0;
            const char *word = pass == 0 ? ms[k].name : first;
            size_t wl = strlen(word);
            if (wl < 3 || (pass == 1 && !sp))
                continue;
            const char *ini = easel_app_initials(a, ms[k].name);
            struct easel_buf b;
            easel_buf_init(&b, 1024 * 1024);
            const char *p = out;
            for (const char *hit; (hit = strstr(p, word)) != NULL; p = hit + wl) {
                easel_buf_add(&b, p, (size_t)(hit - p));
                easel_buf_puts(&b, ini);
            }
            easel_buf_puts(&b, p);
            out = easel_arena_strdup(a, b.len ? easel_buf_str(&b) : "");
            easel_buf_release(&b);
        }
    return out ? out : "";
}

/* The member's attendance in words, into the caller's buf (one per call: signings run on
   several request threads at once, so no static buffer). */
static const char *attendance_words(const struct easel_group_attendance *m, int64_t minutes,
                                    char *buf, size_t size)
{
    if (strcmp(m->attendance, "attended") == 0)
        snprintf(buf, size, "Attended the whole session (%lld minutes).", (long long)m->minutes);
    else if (strcmp(m->attendance, "late") == 0)
        snprintf(buf, size, "Arrived late: %lld of %lld minutes.", (long long)m->minutes,
                 (long long)minutes);
    else if (strcmp(m->attendance, "left-early") == 0)
        snprintf(buf, size, "Left early: %lld of %lld minutes.", (long long)m->minutes,
                 (long long)minutes);
    else if (strcmp(m->attendance, "absent") == 0)
        snprintf(buf, size, "Did not attend.");
    else
        snprintf(buf, size, "Session cancelled for this member.");
    return buf;
}

/* Member k's copy: a GIRP note naming no other member, with their ratings as progress. */
static int member_copy(struct easel_arena *a, const struct easel_group_program *g,
                       const struct easel_group_session *gs, size_t k, int64_t plan_version,
                       struct easel_session_record *out)
{
    const struct easel_group_attendance *m = &gs->members[k];
    struct easel_buf b;
    easel_buf_init(&b, EASEL_NOTE_MAX);
    char goal[512];
    snprintf(goal, sizeof(goal), "Group program %s, session %lld of %lld (%s).", g->name,
             (long long)gs->number, (long long)g->sessions, g->kind);
    const char *intervention = redact(a, gs->directive, gs->members, gs->n_members, k);
    const char *label[] = {"Media", "Themes", "Process"};
    const char *part[] = {gs->media, gs->themes, gs->process};
    for (int i = 0; i < 3 && intervention; i++) /* "Directive. Media: ... Themes: ..." */
        if (part[i] && *part[i]) {
            size_t n = strlen(intervention);
            bool stop = n && strchr(".!?", intervention[n - 1]);
            intervention =
                easel_arena_printf(a, "%s%s%s: %s", intervention, n ? (stop ? " " : ". ") : "",
                                   label[i], redact(a, part[i], gs->members, gs->n_members, k));
        }
    char words[96];
    char *response = easel_arena_printf(
        a, "%s%s%s", attendance_words(m, gs->minutes, words, sizeof(words)),
        m->note && *m->note ? " " : "", redact(a, m->note, gs->members, gs->n_members, k));
    easel_buf_puts(&b, "{\"goal\":");
    easel_buf_json_str(&b, goal);
    easel_buf_puts(&b, ",\"intervention\":");
    easel_buf_json_str(&b, intervention ? intervention : "");
    easel_buf_puts(&b, ",\"response\":");
    easel_buf_json_str(&b, response ? response : "");
    easel_buf_puts(&b, ",\"plan\":");
    easel_buf_json_str(&b, redact(a, gs->next_steps, gs->members, gs->n_members, k));
    easel_buf_puts(&b, ",\"progress\":[");
    const char *p = m->ratings;
    char obj[17];
    int rating;
    bool first = true;
    while (easel_group_rating_next(&p, obj, &rating) > 0) {
        easel_buf_puts(&b, first ? "{\"objective\":" : ",{\"objective\":");
        first = false;
        easel_buf_json_str(&b, obj);
        easel_buf_printf(&b, ",\"rating\":%d}", rating);
    }
    easel_buf_puts(&b, "]}");
    int rc = b.failed;
    *out = (struct easel_session_record){
        .client = m->client,
        .date = gs->date,
        .minutes = present(m->attendance) ? m->minutes : gs->minutes,
        .attendance = present(m->attendance)                 ? "attended"
                      : strcmp(m->attendance, "absent") == 0 ? "no-show"
                                                             : "cancelled",
        .mode = "group",
        .plan_version = plan_version,
        .note_format = "GIRP",
        .note = rc ? NULL : easel_arena_strdup(a, easel_buf_str(&b)),
    };
    easel_buf_release(&b);
    return rc ? rc : out->note ? 0 : EASEL_ENOMEM;
}

/* Session `number` of program `ref`, for one of its facilitators (strings in a). */
static int facilitated_session(struct easel_store *s, const char *ref, int64_t number,
                               struct easel_arena *a, struct easel_group_program *g,
                               const struct easel_group_session **one, struct easel_error *err)
{
    struct easel_group_session *gs = NULL;
    size_t n = 0;
    *one = NULL;
    int rc = easel_group_find(s, ref, a, g, err);
    if (!rc)
        rc = must_facilitate(s, g, err);
    if (!rc)
        rc = easel_group_sessions(s, g->id, a, &gs, &n, err);
    for (size_t i = 0; !rc && i < n; i++)
        if (gs[i].number == number)
            *one = &gs[i];
    if (!rc && !*one)
        rc = easel_error_set(err, EASEL_ENOTFOUND, WHERE, "number",
                             "session %lld of %s is not documented yet", (long long)number, ref);
    return rc;
}

int easel_app_group_session_sign(struct easel_store *s, const char *ref, int64_t number,
                                 struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_group_program g;
    const struct easel_group_session *one = NULL;
    int rc = facilitated_session(s, ref, number, &a, &g, &one, err);
    struct easel_session_record *copies = NULL;
    if (!rc) {
        copies = easel_arena_alloc(&a, (one->n_members + 1) * sizeof(*copies));
        if (!copies)
            rc = easel_error_set(err, EASEL_ENOMEM, WHERE, "", "out of memory");
    }
    for (size_t k = 0; !rc && one && k < one->n_members; k++) {
        struct easel_plan_record pr;
        int64_t version = 0;
        struct easel_error ignore = {0};
        if (easel_plan_record_load(s, one->members[k].client, 0, &a, &pr, &ignore) == 0)
            version = pr.version;
        rc = member_copy(&a, &g, one, k, version, &copies[k]);
        if (!rc)
            rc = easel_note_check(copies[k].note_format, copies[k].note, strlen(copies[k].note),
                                  err);
        else
            easel_error_set(err, rc, WHERE, "note", "the member's copy could not be written");
    }
    if (!rc)
        rc = easel_group_session_sign(s, one->id, copies, one->n_members, err);
    easel_arena_release(&a);
    return rc;
}

int easel_app_group_session_cosign(struct easel_store *s, const char *ref, int64_t number,
                                   struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_group_program g;
    const struct easel_group_session *one = NULL;
    int rc = facilitated_session(s, ref, number, &a, &g, &one, err);
    if (!rc)
        rc = easel_group_session_cosign(s, one->id, err);
    easel_arena_release(&a);
    return rc;
}

int easel_app_group_attendance(struct easel_store *s, const char *ref, struct easel_arena *a,
                               struct easel_app_attendance *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    struct easel_group_program g;
    struct easel_group_member *roster;
    struct easel_group_session *gs;
    size_t n_roster, n;
    int rc = easel_group_find(s, ref, a, &g, err);
    if (!rc)
        rc = easel_group_members(s, g.id, a, &roster, &n_roster, err);
    if (!rc)
        rc = easel_group_sessions(s, g.id, a, &gs, &n, err);
    if (rc)
        return rc;
    out->rows = easel_arena_alloc(a, (n_roster + 1) * sizeof(*out->rows));
    if (!out->rows)
        return easel_error_set(err, EASEL_ENOMEM, WHERE, "", "out of memory");
    for (size_t k = 0; k < n_roster; k++) { /* one row per membership */
        struct easel_app_attendance_row *row = &out->rows[out->n++];
        row->ref = roster[k].ref;
        row->name = roster[k].name;
        row->start_date = roster[k].start_date;
        row->end_date = roster[k].end_date;
        row->end_reason = roster[k].end_reason;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(gs[i].date, roster[k].start_date) < 0 ||
                (roster[k].end_date && strcmp(gs[i].date, roster[k].end_date) > 0))
                continue;
            for (size_t j = 0; j < gs[i].n_members; j++) {
                const struct easel_group_attendance *m = &gs[i].members[j];
                if (m->client != roster[k].client)
                    continue;
                row->held++;
                row->attended += present(m->attendance);
                row->late += strcmp(m->attendance, "late") == 0;
                row->left_early += strcmp(m->attendance, "left-early") == 0;
                row->absent += strcmp(m->attendance, "absent") == 0;
                row->cancelled += strcmp(m->attendance, "cancelled") == 0;
                row->minutes += m->minutes;
            }
        }
    }
    out->sessions = (int)n;
    for (size_t i = 0; i < n; i++) {
        out->signed_sessions += strcmp(gs[i].status, "signed") == 0;
        out->expected_total += (int)gs[i].n_members;
        for (size_t j = 0; j < gs[i].n_members; j++)
            out->present_total += present(gs[i].members[j].attendance);
    }
    for (size_t k = 0; k < n_roster; k++) { /* a client counts once across memberships */
        bool any = false, dup = false;
        for (size_t q = 0; q < k; q++)
            dup |= strcmp(roster[q].ref, roster[k].ref) == 0;
        for (size_t q = 0; q < out->n && !dup; q++)
            any |= strcmp(out->rows[q].ref, roster[k].ref) == 0 && out->rows[q].attended > 0;
        out->any += any && !dup;
    }
    return 0;
}
