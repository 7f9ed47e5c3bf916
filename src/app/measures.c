/*
 * app/measures.c — stored instrument administrations scored for analytics: the one loop the
 * progress command, the progress and alert endpoints and the measure charts share.
 *
 * Owns: nothing. Borrows: the instrument and the records for the call.
 * Fails: never; a record that cannot be scored is left out (easel_app_admins in easel/app.h).
 */
#include "easel/app.h"

#include <string.h>

#define ANSWERS_MAX 64

size_t easel_app_admins(const struct easel_instrument *in, const struct easel_measure_record *ms,
                        size_t n, struct easel_admin *admin, size_t *from)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ms[i].instrument, in->id) != 0)
            continue;
        int answers[ANSWERS_MAX];
        int na = easel_answers_parse(ms[i].answers, answers, ANSWERS_MAX);
        struct easel_error err = {0};
        if (na <= 0 || easel_score(in, answers, na, &admin[k].score, &err))
            continue;
        admin[k].session = (int)k;
        if (from)
            from[k] = i;
        k++;
    }
    return k;
}
