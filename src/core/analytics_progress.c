/*
 * core/analytics_progress.c — one client's series of administrations of one instrument
 * (easel/score.h): the progress summary (first, latest, change, reliable change, category) and
 * the alerts a clinician must see (risk item, risk item blank, reliable deterioration, plan
 * review suggested). Alert texts are easel's own words, built from integers only.
 *
 * Owns: nothing. Borrows: the instrument and the series, only during a call.
 * Fails: EASEL_EINVAL for an empty series, a series with no valid administration (summary), or
 * sessions that go backwards, naming "series[i]".
 */
#include "easel/score.h"

#include <stdio.h>
#include <string.h>

/* "-2.25" from -225: hundredths as text without floating point */
static const char *x100(char *buf, size_t size, int64_t v)
{
    int64_t a = v < 0 ? -v : v;
    snprintf(buf, size, "%s%lld.%02lld", v < 0 ? "-" : "", (long long)(a / 100),
             (long long)(a % 100));
    return buf;
}

const char *easel_progress_category_name(enum easel_progress_category c)
{
    switch (c) {
    case EASEL_PROGRESS_BASELINE_ONLY:
        return "baseline only";
    case EASEL_PROGRESS_NOT_AVAILABLE:
        return "reliable change not available";
    case EASEL_PROGRESS_RECOVERED:
        return "reliably improved and out of the clinical range";
    case EASEL_PROGRESS_IMPROVED:
        return "reliably improved";
    case EASEL_PROGRESS_UNCHANGED:
        return "no reliable change";
    case EASEL_PROGRESS_DETERIORATED:
        return "reliably worse";
    }
    return "unknown";
}

static int check_series(const struct easel_admin *a, size_t n, struct easel_error *err)
{
    if (!a || n == 0)
        return easel_error_set(err, EASEL_EINVAL, "progress", "series", "no administrations given");
    for (size_t i = 1; i < n; i++)
        if (a[i].session < a[i - 1].session) {
            char field[32];
            snprintf(field, sizeof(field), "series[%zu]", i);
            return easel_error_set(err, EASEL_EINVAL, "progress", field,
                                   "session %d comes after session %d: give the series oldest "
                                   "first",
                                   a[i].session, a[i - 1].session);
        }
    return 0;
}

/* Indices of the first and latest valid administrations; returns how many are valid. */
static size_t valid_span(const struct easel_admin *a, size_t n, size_t *first, size_t *latest)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!a[i].score.valid)
            continue;
        if (count++ == 0)
            *first = i;
        *latest = i;
    }
    return count;
}

int easel_progress_summary(const struct easel_instrument *in, const struct easel_admin *a, size_t n,
                           struct easel_progress *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    int rc = check_series(a, n, err);
    if (rc)
        return rc;
    size_t first = 0, latest = 0;
    out->n = valid_span(a, n, &first, &latest);
    if (out->n == 0)
        return easel_error_set(err, EASEL_EINVAL, "progress", "series",
                               "no valid administration of %s", in->name);
    out->first_x100 = a[first].score.total_x100;
    out->latest_x100 = a[latest].score.total_x100;
    out->change_x100 = out->latest_x100 - out->first_x100;
    out->first_clinical = a[first].score.clinical;
    out->latest_clinical = a[latest].score.clinical;
    rc = easel_rci_instrument(in, out->first_x100, out->latest_x100, &out->rci, err);
    if (rc)
        return rc;
    if (out->n == 1)
        out->category = EASEL_PROGRESS_BASELINE_ONLY;
    else if (!out->rci.available)
        out->category = EASEL_PROGRESS_NOT_AVAILABLE;
    else if (out->rci.change == EASEL_CHANGE_DETERIORATED)
        out->category = EASEL_PROGRESS_DETERIORATED;
    else if (out->rci.change == EASEL_CHANGE_NONE)
        out->category = EASEL_PROGRESS_UNCHANGED;
    else /* Jacobson-Truax "recovered": reliable improvement that leaves the clinical range */
        out->category = out->first_clinical && !out->latest_clinical ? EASEL_PROGRESS_RECOVERED
                                                                     : EASEL_PROGRESS_IMPROVED;
    return 0;
}

static struct easel_alert *add(struct easel_alert *out, size_t *n, enum easel_alert_kind kind,
                               int item)
{
    struct easel_alert *al = &out[(*n)++];
    memset(al, 0, sizeof(*al));
    al->kind = kind;
    al->item = item;
    return al;
}

static const char *label_of(const struct easel_instrument *in, int item)
{
    if (item >= 1 && (size_t)item <= in->item_labels.n)
        return in->item_labels.items[item - 1];
    return "the risk item";
}

int easel_progress_alerts(const struct easel_instrument *in, const struct easel_admin *a, size_t n,
                          int review_after, struct easel_alert *out, size_t *n_out,
                          struct easel_error *err)
{
    *n_out = 0;
    int rc = check_series(a, n, err);
    if (rc)
        return rc;
    if (review_after < 0)
        return easel_error_set(err, EASEL_EINVAL, "progress", "review_after",
                               "must be 0 (never) or a number of sessions");
    const struct easel_score_result *now = &a[n - 1].score;
    if (now->risk) {
        struct easel_alert *al = add(out, n_out, EASEL_ALERT_RISK_ITEM, now->risk_item);
        snprintf(al->text, sizeof(al->text),
                 "RISK: %s item %d (%s) is above 0 at the latest administration: follow up on "
                 "risk today, whatever the total",
                 in->name, now->risk_item, label_of(in, now->risk_item));
    }
    if (now->risk_unanswered) {
        struct easel_alert *al = add(out, n_out, EASEL_ALERT_RISK_UNANSWERED, in->risk_item);
        snprintf(al->text, sizeof(al->text),
                 "%s item %d (%s) was left blank at the latest administration: ask about it "
                 "directly",
                 in->name, in->risk_item, label_of(in, in->risk_item));
    }
    size_t first = 0, latest = 0;
    if (valid_span(a, n, &first, &latest) < 2)
        return 0;
    struct easel_progress p;
    rc = easel_progress_summary(in, a, n, &p, err);
    if (rc || !p.rci.available)
        return rc;
    char from[32], to[32];
    x100(from, sizeof(from), p.first_x100);
    x100(to, sizeof(to), p.latest_x100);
    if (p.rci.change == EASEL_CHANGE_DETERIORATED) {
        char rcs[32];
        x100(rcs, sizeof(rcs), easel_round_fixed(p.rci.rc, 100));
        struct easel_alert *al = add(out, n_out, EASEL_ALERT_DETERIORATION, 0);
        snprintf(al->text, sizeof(al->text),
                 "%s is reliably worse: %s at session %d, %s at session %d (RC %s)", in->name, from,
                 a[first].session, to, a[latest].session, rcs);
    }
    int sessions = a[latest].session - a[first].session;
    if (review_after > 0 && sessions >= review_after && p.rci.change != EASEL_CHANGE_IMPROVED) {
        struct easel_alert *al = add(out, n_out, EASEL_ALERT_REVIEW_SUGGESTED, 0);
        snprintf(al->text, sizeof(al->text),
                 "plan review suggested: no reliable improvement on %s after %d sessions (%s to "
                 "%s)",
                 in->name, sessions, from, to);
    }
    return 0;
}
