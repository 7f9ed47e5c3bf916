/*
 * app/plan_diff.c — what changed between two texts, line by line (longest common subsequence),
 * and between two stored versions of a client's plan (`easel plan diff`, GET .../plan/diff).
 * Plans have a few hundred lines; the table is bounded at 2^26 cells.
 *
 * Owns: nothing the caller keeps except the lines, which live in the caller's arena (copies of
 * the texts split in place). Borrows: the texts during the call.
 * Fails: EASEL_ETOOBIG (too large to compare), EASEL_ENOMEM; store errors from loading.
 */
#include "easel/app.h"

#include <stdlib.h>
#include <string.h>

/* Copy text into the arena and split it into lines (a final newline ends the last line). */
static int split(struct easel_arena *a, const char *text, char ***out, size_t *n)
{
    size_t len = strlen(text), count = 1;
    char *copy = easel_arena_alloc(a, len + 1);
    if (!copy)
        return EASEL_ENOMEM;
    memcpy(copy, text, len + 1);
    for (size_t i = 0; i < len; i++)
        count += copy[i] == '\n';
    char **l = easel_arena_alloc(a, count * sizeof(*l));
    if (!l)
        return EASEL_ENOMEM;
    size_t k = 0;
    if (len)
        l[k++] = copy;
    for (char *p = copy; *p; p++)
        if (*p == '\n') {
            *p = '\0';
            if (p[1])
                l[k++] = p + 1;
        }
    *out = l;
    *n = k;
    return 0;
}

int easel_app_line_diff(const char *old_text, const char *new_text, struct easel_arena *a,
                        struct easel_diff_line **lines, size_t *count, struct easel_error *err)
{
    char **x = NULL, **y = NULL;
    size_t n = 0, m = 0;
    if (split(a, old_text, &x, &n) || split(a, new_text, &y, &m))
        return easel_error_set(err, EASEL_ENOMEM, "diff", "", "out of memory");
    if ((n + 1) * (m + 1) > ((size_t)1 << 26))
        return easel_error_set(err, EASEL_ETOOBIG, "diff", "",
                               "the texts are too large to compare");
    unsigned *t = calloc((n + 1) * (m + 1), sizeof(*t));
    struct easel_diff_line *out = easel_arena_alloc(a, (n + m + 1) * sizeof(*out));
    if (!t || !out) {
        free(t);
        return easel_error_set(err, EASEL_ENOMEM, "diff", "", "out of memory");
    }
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            T(i, j) = strcmp(x[i], y[j]) == 0
                          ? T(i + 1, j + 1) + 1
                          : (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1));
    size_t i = 0, j = 0, k = 0;
    while (i < n || j < m) {
        if (i < n && j < m && strcmp(x[i], y[j]) == 0) {
            out[k++] = (struct easel_diff_line){' ', x[i]};
            i++, j++;
        } else if (j < m && (i == n || T(i, j + 1) >= T(i + 1, j))) {
            out[k++] = (struct easel_diff_line){'+', y[j++]};
        } else {
            out[k++] = (struct easel_diff_line){'-', x[i++]};
        }
    }
#undef T
    free(t);
    *lines = out;
    *count = k;
    return 0;
}

int easel_app_plan_diff(struct easel_store *s, int64_t client, int64_t v1, int64_t v2,
                        struct easel_arena *a, struct easel_plan_record *r1,
                        struct easel_plan_record *r2, struct easel_diff_line **lines, size_t *n,
                        struct easel_error *err)
{
    int rc = easel_plan_record_load(s, client, v1, a, r1, err);
    if (!rc)
        rc = easel_plan_record_load(s, client, v2, a, r2, err);
    if (!rc)
        rc = easel_app_line_diff(r1->body, r2->body, a, lines, n, err);
    return rc;
}
