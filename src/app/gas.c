/*
 * app/gas.c — a client's goal attainment scales with their latest ratings and the combined
 * T-score of those ratings (Kiresuk & Sherman, weighted, EASEL_GAS_RHO: core/analytics.c). One
 * home for it: `easel gas show` and `easel progress`, the API's progress and the documents read
 * it, so the correlation and the rule "latest rating of each scale" cannot differ between them.
 *
 * Owns: nothing (results in the caller's arena). Borrows: the store.
 * Fails: the store's errors; no T-score (has_t false) when no scale is rated.
 */
#include "easel/app.h"

#define SCALES_MAX 64 /* scales in the combined score; a plan holds far fewer objectives */

int easel_app_gas(struct easel_store *s, int64_t client, struct easel_arena *a,
                  struct easel_gas_record **g, size_t *n, double *t, bool *has_t,
                  struct easel_error *err)
{
    *t = 0;
    *has_t = false;
    int rc = easel_gas_list(s, client, a, g, n, err);
    if (rc)
        return rc;
    int x[SCALES_MAX], w[SCALES_MAX];
    size_t rated = 0;
    for (size_t i = 0; i < *n && rated < SCALES_MAX; i++)
        if ((*g)[i].rated) {
            x[rated] = (*g)[i].latest_score;
            w[rated] = (int)(*g)[i].weight;
            rated++;
        }
    struct easel_error ignore = {0};
    *has_t = rated && !easel_gas_tscore(x, w, rated, EASEL_GAS_RHO, t, &ignore);
    return 0;
}
