/*
 * web/api_today.c — GET /api/v1/today[?date=YYYY-MM-DD]: the signed-in therapist's individual
 * and group sessions due that day and the rest of its week, each marked documented or not
 * (easel/app_today.h). Their own caseload and programs only.
 *
 * Owns: nothing beyond the request. Fails: 400 naming "date".
 */
#include "easel/app_today.h"
#include "easel/plan.h"
#include "handlers.h"

#include <time.h>

int web_today(struct web_req *r)
{
    static const char *const params[] = {"date", NULL};
    if (!web_only_params(r, params))
        return r->status;
    char today[11];
    easel_date_format((int64_t)(time(NULL) / 86400), today);
    const char *date = easel_query_get(&r->query, "date");
    if (!date)
        date = today;
    struct easel_app_due *d = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    if (easel_app_today(r->st, r->srv->kb, r->sess.login, date, &r->arena, &d, &n, &err))
        return web_store_error(r, &err);
    int64_t day;
    char end[11];
    easel_date_parse(date, &day);
    easel_date_format(day + 6, end);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items,
                              json_pack("{s:s, s:s, s:s, s:s, s:i, s:b}", "date", d[i].date, "kind",
                                        d[i].kind, "ref", d[i].ref, "name", d[i].name, "number",
                                        d[i].number, "documented", d[i].documented));
    return web_answer(r, 200,
                      json_pack("{s:s, s:s, s:o}", "date", date, "week_end", end, "items", items));
}
