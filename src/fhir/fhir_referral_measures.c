/*
 * fhir/fhir_referral_measures.c — the referral parse's measures (internal,
 * fhir_referral_int.h): a QuestionnaireResponse of a shipped instrument (easel's own canonical or
 * the LOINC PHQ-9 and GAD-7 panels) with every item present becomes an administration, checked
 * by the scorer; an Observation is the total of one (derivedFrom, or the same instrument and day)
 * or a total alone, which the draft profile keeps as a baseline. docs/fhir.md "Measures".
 *
 * Owns: nothing; administrations and totals go into the referral. Borrows: the JSON and the KB.
 * Fails: the first error in d->rc / d->err (an answer or total outside its instrument's range,
 * a malformed date, a value of the wrong type: EASEL_EINVAL naming the path).
 */
#include "easel/plan.h"
#include "easel/score.h"
#include "easel/util.h"
#include "easel/vocab.h"
#include "fhir_referral_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WHERE EASEL__FR_WHERE

#define LOINC "http://loinc.org"
#define EASEL_Q EASEL_FHIR_BASE "/Questionnaire/"
#define DEPTH_MAX 4

/* LOINC codes checked against LOINC (../shared/reference/fhir.md §3), the same allow-list as
   the export: totals, panels (as a questionnaire canonical), items and answers. */
static const struct {
    const char *instrument, *total, *panel;
    const char *items[9];
    const char *ignored[2]; /* items of the panel that are not scored items */
} loinc_instruments[] = {
    {"phq-9",
     "44261-6",
     "44249-1",
     {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3",
      "44260-8"},
     {"69722-7", "44261-6"}},
    {"gad-7",
     "70274-6",
     "69737-5",
     {"69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7", NULL, NULL},
     {"70274-6", NULL}},
};

/* LOINC answer list LL358-3 (PHQ-9 and GAD-7): "not at all" 0 ... "nearly every day" 3 */
static const char *const la_answers[] = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};

/* ---- QuestionnaireResponse ---- */

static int loinc_row(const char *instrument)
{
    for (size_t i = 0; i < sizeof(loinc_instruments) / sizeof(loinc_instruments[0]); i++)
        if (strcmp(loinc_instruments[i].instrument, instrument) == 0)
            return (int)i;
    return -1;
}

/* The KB instrument a questionnaire canonical names: easel's own (EASEL_FHIR_BASE
   "/Questionnaire/ID[|version]") or a LOINC panel on the allow-list. -1: none. */
static int questionnaire_instrument(const struct easel_kb *kb, const char *canonical)
{
    char c[256];
    easel__fr_pathf(c, sizeof(c), "%s", canonical);
    char *bar = strchr(c, '|');
    if (bar)
        *bar = '\0';
    size_t n = strlen(EASEL_Q);
    if (strncmp(c, EASEL_Q, n) == 0)
        return easel_kb_instrument(kb, c + n);
    if (!strstr(c, "loinc.org"))
        return -1;
    const char *last = strrchr(c, '/');
    last = last ? last + 1 : c;
    for (size_t i = 0; i < sizeof(loinc_instruments) / sizeof(loinc_instruments[0]); i++)
        if (strcmp(last, loinc_instruments[i].panel) == 0)
            return easel_kb_instrument(kb, loinc_instruments[i].instrument);
    return -1;
}

/* The item index (0-based) a linkId names: "1".."n" (easel's export), or the item's LOINC code
   ("44250-9" or "/44250-9"); -2 for a panel item that is not scored (the PHQ-9 difficulty
   item, the total); -1 unknown. */
static int item_index(const struct easel_instrument *in, int row, const char *link)
{
    char *end;
    long v = strtol(link, &end, 10);
    if (end != link && !*end && link[0] >= '1' && link[0] <= '9' && v >= 1 && v <= in->items)
        return (int)v - 1;
    if (row < 0)
        return -1;
    const char *code = link[0] == '/' ? link + 1 : link;
    for (int i = 0; i < 9 && i < in->items; i++)
        if (loinc_instruments[row].items[i] && strcmp(code, loinc_instruments[row].items[i]) == 0)
            return i;
    for (int i = 0; i < 2; i++)
        if (loinc_instruments[row].ignored[i] &&
            strcmp(code, loinc_instruments[row].ignored[i]) == 0)
            return -2;
    return -1;
}

struct qr_walk {
    const struct easel_instrument *in;
    int row;
    int answers[64];
    bool seen[64];
    char paths[64][96]; /* the answer's path, for a range error */
    const char *why;    /* not understood: why */
};

static void qr_items(struct rd *d, struct qr_walk *w, json_t *items, int entry, const char *path,
                     int depth)
{
    for (size_t i = 0; i < json_array_size(items) && !d->rc && !w->why; i++) {
        char p[96];
        easel__fr_pathf(p, sizeof(p), "%s[%zu]", path, i);
        json_t *it = json_array_get(items, i);
        if (!json_is_object(it)) {
            easel__fr_fail(d, entry, p, "must be an item (an object)");
            return;
        }
        const char *link = easel__fr_str(d, it, entry, p, "linkId");
        json_t *answers = easel__fr_arr(d, it, entry, p, "answer");
        char sub[96];
        easel__fr_pathf(sub, sizeof(sub), "%s.item", p);
        json_t *children = easel__fr_arr(d, it, entry, p, "item");
        if (d->rc)
            return;
        if (!link) {
            easel__fr_fail(d, entry, p, "an item needs its linkId");
            return;
        }
        if (children && depth < DEPTH_MAX && (!answers || !json_array_size(answers))) {
            qr_items(d, w, children, entry, sub, depth + 1); /* a group */
            continue;
        }
        int k = item_index(w->in, w->row, link);
        if (k == -2)
            continue;
        if (k < 0) {
            w->why = easel_arena_printf(&d->r->arena, "item linkId \"%.40s\" is no item of %s",
                                        link, w->in->name);
            return;
        }
        if (w->seen[k]) {
            w->why = easel_arena_printf(&d->r->arena, "item %d is given twice", k + 1);
            return;
        }
        w->seen[k] = true;
        w->answers[k] = EASEL_SCORE_MISSING; /* no answer: a blank item */
        size_t na = answers ? json_array_size(answers) : 0;
        if (na > 1) {
            w->why = easel_arena_printf(&d->r->arena, "item %d has %zu answers", k + 1, na);
            return;
        }
        if (!na)
            continue;
        char ap[96];
        easel__fr_pathf(ap, sizeof(ap), "%s.answer[0]", p);
        json_t *a = json_array_get(answers, 0);
        if (!json_is_object(a)) {
            easel__fr_fail(d, entry, ap, "must be an answer (an object)");
            return;
        }
        json_t *vi = easel__fr_get(d, a, entry, ap, "valueInteger", JSON_INTEGER, "an integer");
        json_t *vc = easel__fr_obj(d, a, entry, ap, "valueCoding");
        if (d->rc)
            return;
        long long v;
        if (vi) {
            v = json_integer_value(vi);
            easel__fr_pathf(w->paths[k], sizeof(w->paths[k]), "%s.valueInteger", ap);
        } else if (vc) {
            char cp[96];
            easel__fr_pathf(cp, sizeof(cp), "%s.valueCoding", ap);
            const char *code = easel__fr_str(d, vc, entry, cp, "code");
            if (d->rc)
                return;
            v = -1;
            for (int x = 0; code && w->row >= 0 && x < 4; x++)
                if (strcmp(code, la_answers[x]) == 0)
                    v = x;
            if (v < 0) {
                w->why = easel_arena_printf(
                    &d->r->arena, "item %d: the answer code is not one easel knows", k + 1);
                return;
            }
            easel__fr_pathf(w->paths[k], sizeof(w->paths[k]), "%s.code", cp);
        } else {
            w->why = easel_arena_printf(&d->r->arena,
                                        "item %d: the answer is neither valueInteger nor a LOINC "
                                        "answer code",
                                        k + 1);
            return;
        }
        if (v < w->in->item_min || v > w->in->item_max) {
            easel__fr_fail(d, entry, w->paths[k],
                           "item %d of %s: the answer must be %d-%d, got %lld", k + 1, w->in->name,
                           w->in->item_min, w->in->item_max, v);
            return;
        }
        w->answers[k] = (int)v;
    }
}

void easel__fr_questionnaire_response(struct rd *d, json_t *res, int entry, const char *id,
                                      const char *full_url)
{
    static const char *const done[] = {"completed", "amended", NULL};
    struct easel_fhir_referral *r = d->r;
    const char *T = "QuestionnaireResponse";
    if (!easel__fr_usable(d, res, entry, T, id, "subject"))
        return;
    const char *status = easel__fr_str(d, res, entry, "", "status");
    const char *q = easel__fr_str(d, res, entry, "", "questionnaire");
    const char *authored = easel__fr_str(d, res, entry, "", "authored");
    json_t *items = easel__fr_arr(d, res, entry, "", "item");
    char date[11] = "";
    bool bad = false;
    bool dated = authored && easel__fr_day_of(authored, date, &bad);
    if (bad)
        easel__fr_fail(d, entry, "authored", "must be a FHIR dateTime (YYYY-MM-DD...)");
    if (d->rc)
        return;
    if (!status || !easel__fr_status_in(status, done)) {
        easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD,
                       "status %s: only a completed administration is stored",
                       status ? status : "missing");
        return;
    }
    int ix = q ? questionnaire_instrument(d->kb, q) : -1;
    if (ix < 0) {
        easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD,
                       "questionnaire %.200s is no instrument easel ships (its own canonicals "
                       "" EASEL_Q "ID, or the LOINC PHQ-9 and GAD-7 panels)",
                       q ? q : "(none)");
        return;
    }
    const struct easel_instrument *in = &d->kb->instruments[ix];
    if (!dated) {
        easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD, "%s without an authored day",
                       in->name);
        return;
    }
    struct qr_walk *w = calloc(1, sizeof(*w));
    if (!w) {
        easel__fr_oom(d);
        return;
    }
    w->in = in;
    w->row = loinc_row(in->id);
    if (items)
        qr_items(d, w, items, entry, "item", 0);
    for (int k = 0; k < in->items && !w->why && !d->rc; k++)
        if (!w->seen[k])
            w->why = easel_arena_printf(&r->arena,
                                        "item %d of %s is missing: only a complete "
                                        "administration is stored",
                                        k + 1, in->name);
    if (d->rc || w->why) {
        if (!d->rc)
            easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD, "%s", w->why);
        free(w);
        return;
    }
    struct easel_score_result sc;
    struct easel_error e = {0};
    if (easel_score(in, w->answers, in->items, &sc, &e)) {
        easel__fr_fail(d, entry, "item", "%s: %s", e.field, e.msg);
        free(w);
        return;
    }
    if (r->n_admins == EASEL_FHIR_IMPORT_ADMINS) {
        easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_STORED,
                       "more than %d administrations in one Bundle", EASEL_FHIR_IMPORT_ADMINS);
        free(w);
        return;
    }
    struct easel_fhir_admin *a = &r->admins[r->n_admins];
    *a = (struct easel_fhir_admin){.instrument = ix,
                                   .n = in->items,
                                   .entry = entry,
                                   .total_x100 = sc.valid ? sc.total_x100 : -1};
    memcpy(a->answers, w->answers, sizeof(int) * (size_t)in->items);
    memcpy(a->date, date, sizeof(a->date));
    free(w);
    d->qr_url[d->n_qr] = full_url;
    d->qr_id[d->n_qr] = id;
    d->qr_admin[d->n_qr++] = (int)r->n_admins;
    r->n_admins++;
    char total[48];
    if (sc.valid && sc.total_x100 % 100)
        easel__fr_pathf(total, sizeof(total), "%d.%02d", sc.total_x100 / 100, sc.total_x100 % 100);
    else
        easel__fr_pathf(total, sizeof(total), "%d", sc.total_x100 / 100);
    easel__fr_item(
        d, entry, T, id, EASEL_FHIR_MAPPED, "%s administration on %s, %s%s%s%s%s%s", in->name, date,
        sc.valid ? "total " : "not valid: ", sc.valid ? total : sc.reason,
        sc.valid && sc.band_label ? " (" : "", sc.valid && sc.band_label ? sc.band_label : "",
        sc.valid && sc.band_label ? ")" : "",
        sc.risk ? "; RISK: its risk item was answered above 0" : "");
}

/* ---- Observation ---- */

static int observation_instrument(const struct easel_kb *kb, const struct cc *code)
{
    for (size_t i = 0; i < code->n; i++)
        for (size_t k = 0;
             code->c[i].system && code->c[i].code && strcmp(code->c[i].system, LOINC) == 0 &&
             k < sizeof(loinc_instruments) / sizeof(loinc_instruments[0]);
             k++)
            if (strcmp(code->c[i].code, loinc_instruments[k].total) == 0)
                return easel_kb_instrument(kb, loinc_instruments[k].instrument);
    /* easel's own export: code.text "NAME total score" */
    for (size_t i = 0; code->text && i < kb->n_instruments; i++) {
        size_t n = strlen(kb->instruments[i].name);
        if (strncasecmp(code->text, kb->instruments[i].name, n) == 0 &&
            strcasecmp(code->text + n, " total score") == 0)
            return (int)i;
    }
    return -1;
}

void easel__fr_observation(struct rd *d, json_t *res, int entry, const char *id)
{
    static const char *const final[] = {"final", "amended", "corrected", NULL};
    struct easel_fhir_referral *r = d->r;
    const char *T = "Observation";
    if (!easel__fr_usable(d, res, entry, T, id, "subject"))
        return;
    const char *status = easel__fr_str(d, res, entry, "", "status");
    struct cc code;
    easel__fr_cc_read(d, res, entry, "", "code", &code);
    const char *eff = easel__fr_str(d, res, entry, "", "effectiveDateTime");
    json_t *vi = easel__fr_get(d, res, entry, "", "valueInteger", JSON_INTEGER, "an integer");
    json_t *vq = easel__fr_obj(d, res, entry, "", "valueQuantity");
    json_t *qv = vq ? json_object_get(vq, "value") : NULL;
    if (qv && !json_is_number(qv))
        easel__fr_fail(d, entry, "valueQuantity.value", "must be a number");
    json_t *from = easel__fr_arr(d, res, entry, "", "derivedFrom");
    char date[11] = "";
    bool bad = false;
    bool dated = eff && easel__fr_day_of(eff, date, &bad);
    if (bad)
        easel__fr_fail(d, entry, "effectiveDateTime", "must be a FHIR dateTime (YYYY-MM-DD...)");
    if (d->rc)
        return;
    int ix = observation_instrument(d->kb, &code);
    if (ix < 0) {
        easel__fr_item(
            d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD,
            "not the total of an instrument easel ships (LOINC 44261-6 PHQ-9, 70274-6 GAD-7, "
            "or easel's own \"NAME total score\")");
        return;
    }
    const struct easel_instrument *in = &d->kb->instruments[ix];
    if (!status || !easel__fr_status_in(status, final)) {
        easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD, "%s total with status %s",
                       in->name, status ? status : "missing");
        return;
    }
    /* the total of an administration stored from the Bundle's QuestionnaireResponse */
    for (size_t i = 0; from && i < json_array_size(from) && !d->rc; i++) {
        char p[48];
        easel__fr_pathf(p, sizeof(p), "derivedFrom[%zu]", i);
        json_t *ref = json_array_get(from, i);
        if (!json_is_object(ref)) {
            easel__fr_fail(d, entry, p, "must be a Reference (an object)");
            return;
        }
        const char *s = easel__fr_str(d, ref, entry, p, "reference");
        for (size_t k = 0; s && k < d->n_qr; k++) {
            bool same = (d->qr_url[k] && strcmp(s, d->qr_url[k]) == 0) ||
                        (d->qr_id[k] && *d->qr_id[k] &&
                         strcmp(s, easel_arena_printf(&r->arena, "QuestionnaireResponse/%s",
                                                      d->qr_id[k])) == 0);
            const struct easel_fhir_admin *a = &r->admins[d->qr_admin[k]];
            if (same && a->instrument == ix) {
                easel__fr_item(
                    d, entry, T, id, EASEL_FHIR_MAPPED,
                    "the total of the %s administration of entry[%d] (easel scores it from the "
                    "items)",
                    in->name, a->entry);
                return;
            }
        }
    }
    if (d->rc)
        return;
    if (!dated) {
        easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD,
                       "%s total without an effective day", in->name);
        return;
    }
    for (size_t k = 0; k < r->n_admins; k++)
        if (r->admins[k].instrument == ix && strcmp(r->admins[k].date, date) == 0) {
            easel__fr_item(
                d, entry, T, id, EASEL_FHIR_MAPPED,
                "the total of the %s administration of entry[%d] on %s (easel scores it from the "
                "items)",
                in->name, r->admins[k].entry, date);
            return;
        }
    double v;
    const char *vpath = vi ? "valueInteger" : "valueQuantity.value";
    if (vi)
        v = (double)json_integer_value(vi);
    else if (qv)
        v = json_number_value(qv);
    else {
        easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_UNDERSTOOD, "%s total without a value",
                       in->name);
        return;
    }
    if (v < in->total_min || v > in->total_max) {
        easel__fr_fail(d, entry, vpath, "a %s total must be %d-%d, got %g", in->name, in->total_min,
                       in->total_max, v);
        return;
    }
    if (v != (double)(int)v) {
        easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_STORED,
                       "noted, not stored: total only, and %g is not a whole total", v);
        return;
    }
    int total = (int)v;
    for (int k = 0; k < r->n_totals; k++)
        if (r->totals[k].instrument == ix && strcmp(r->totals[k].date, date) == 0) {
            easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_STORED,
                           "noted, not stored: total only (%s total on %s already listed)",
                           in->name, date);
            return;
        }
    if (r->n_totals == 64) {
        easel__fr_item(d, entry, T, id, EASEL_FHIR_NOT_STORED,
                       "noted, not stored: total only (more than 64 totals)");
        return;
    }
    struct easel_fhir_total *t = &r->totals[r->n_totals++];
    t->instrument = ix;
    t->total = total;
    t->entry = entry;
    memcpy(t->date, date, sizeof(t->date));
    struct easel_fhir_report_item *it = easel__fr_item(
        d, entry, T, id, EASEL_FHIR_NOT_STORED,
        "noted, not stored: total only (%s total %d on %s; an administration needs every "
        "item answer)",
        in->name, total, date);
    if (it)
        it->in_profile = true;
}
