/*
 * app/measures.c — instrument administrations: recording one (scored by core, then stored: the
 * one path of `easel measure add`, POST .../measures and the FHIR referral import), and the
 * stored ones scored for analytics: the one loop the progress service (app/progress.c: `easel
 * progress`, the progress and alert endpoints, the documents) and the measure charts share.
 *
 * Owns: nothing. Borrows: the store, the instrument and the records for the call.
 * Fails: easel_app_measure_add: the scorer's EASEL_EINVAL naming "items[i]", or the store's
 * error; easel_app_admins never fails (a record that cannot be scored is left out).
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

int easel_app_measure_add(struct easel_store *s, int64_t client, const struct easel_instrument *in,
                          const char *date, const int *answers, int n,
                          struct easel_score_result *score, int64_t *id, struct easel_error *err)
{
    int rc = easel_score(in, answers, n, score, err);
    if (rc)
        return rc;
    char text[400]; /* the store keeps at most 400 characters */
    easel_answers_format(answers, n, text, sizeof(text));
    struct easel_measure_record rec = {.client = client,
                                       .instrument = in->id,
                                       .date = date,
                                       .answers = text,
                                       .total_x100 = score->valid ? score->total_x100 : -1};
    return easel_measure_add(s, &rec, id, err);
}
