/*
 * app/today.c — what is due for a therapist this week (easel/app_today.h): the sessions of each
 * caseload client's latest plan and of each program they facilitate, from a date to six days
 * later, and whether each is documented yet.
 */
#include "easel/app_today.h"
#include "easel/plan.h"
#include "easel/report.h"
#include "easel/report_read.h"
#include "easel/store_group.h"

#include <stdlib.h>
#include <string.h>

struct list {
    struct easel_app_due *v;
    size_t n, cap;
};

static struct easel_app_due *push(struct easel_arena *a, struct list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct easel_app_due *v = easel_arena_alloc(a, cap * sizeof(*v));
        if (!v)
            return NULL;
        if (l->n)
            memcpy(v, l->v, l->n * sizeof(*v));
        l->v = v;
        l->cap = cap;
    }
    struct easel_app_due *d = &l->v[l->n++];
    memset(d, 0, sizeof(*d));
    return d;
}

static int by_date(const void *x, const void *y)
{
    const struct easel_app_due *a = x, *b = y;
    int c = strcmp(a->date, b->date);
    if (!c)
        c = strcmp(a->kind, b->kind);
    return c ? c : strcmp(a->name, b->name);
}

static int individual(struct easel_store *s, const struct easel_kb *kb,
                      const struct easel_client *c, const char *from, const char *to,
                      struct easel_arena *a, struct list *l, struct easel_error *err)
{
    struct easel_plan_record pr;
    struct easel_error none = {0};
    if (easel_plan_record_load(s, c->id, 0, a, &pr, &none))
        return 0; /* no plan: nothing is due */
    struct easel_report_plan rp;
    memset(&rp, 0, sizeof(rp));
    if (easel_report_plan_read(pr.body, strlen(pr.body), kb, a, &rp, &none))
        return 0;
    struct easel_session_record *ss = NULL;
    size_t ns = 0;
    int rc = easel_session_list(s, c->id, a, &ss, &ns, err);
    int last = 0;
    for (size_t i = 0; !rc && i < rp.n_interventions; i++) {
        const struct easel_report_intervention *in = &rp.interventions[i];
        if (in->session == last || !in->date || strcmp(in->date, from) < 0 ||
            strcmp(in->date, to) > 0)
            continue;
        last = in->session;
        struct easel_app_due *d = push(a, l);
        if (!d)
            return easel_error_set(err, EASEL_ENOMEM, "today", "", "out of memory");
        memcpy(d->date, in->date, 10);
        d->kind = "individual";
        d->ref = c->ref;
        d->name = c->name;
        d->number = in->session;
        for (size_t k = 0; k < ns; k++)
            d->documented |= strcmp(ss[k].date, in->date) == 0;
    }
    return rc;
}

static int groups(struct easel_store *s, const char *login, int64_t from_day, int64_t to_day,
                  struct easel_arena *a, struct list *l, struct easel_error *err)
{
    struct easel_group_program *g = NULL;
    size_t n = 0;
    int rc = easel_group_list(s, login, a, &g, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        int64_t first;
        if (strcmp(g[i].status, "ended") == 0 || easel_date_parse(g[i].start_date, &first))
            continue;
        struct easel_group_session *gs = NULL;
        size_t ng = 0;
        bool listed = false;
        for (int64_t k = 0; !rc && k < g[i].sessions; k++) {
            int64_t day = first + 7 * k;
            if (day < from_day || day > to_day)
                continue;
            if (!listed && (rc = easel_group_sessions(s, g[i].id, a, &gs, &ng, err)) != 0)
                break;
            listed = true;
            struct easel_app_due *d = push(a, l);
            if (!d)
                return easel_error_set(err, EASEL_ENOMEM, "today", "", "out of memory");
            easel_date_format(day, d->date);
            d->kind = "group";
            d->ref = g[i].ref;
            d->name = g[i].name;
            d->number = (int)k + 1;
            for (size_t q = 0; q < ng; q++)
                d->documented |= gs[q].number == k + 1;
        }
    }
    return rc;
}

int easel_app_today(struct easel_store *s, const struct easel_kb *kb, const char *login,
                    const char *date, struct easel_arena *a, struct easel_app_due **out, size_t *n,
                    struct easel_error *err)
{
    int64_t day;
    if (!date || strlen(date) != 10 || easel_date_parse(date, &day))
        return easel_error_set(err, EASEL_EINVAL, "today", "date", "must be YYYY-MM-DD");
    char to[11];
    easel_date_format(day + 6, to);
    struct list l = {0};
    struct easel_client *cs = NULL;
    size_t nc = 0;
    int rc = easel_client_caseload(s, login, NULL, 1000, a, &cs, &nc, err);
    for (size_t i = 0; !rc && i < nc; i++)
        if (strcmp(cs[i].status, "active") == 0)
            rc = individual(s, kb, &cs[i], date, to, a, &l, err);
    if (!rc)
        rc = groups(s, login, day, day + 6, a, &l, err);
    if (rc)
        return rc;
    if (l.n)
        qsort(l.v, l.n, sizeof(*l.v), by_date);
    *out = l.v;
    *n = l.n;
    return 0;
}
