/*
 * app/session_template.c — the prefill of a session note from a plan session
 * (easel/app_session_template.h). The stored plan is read by the typed plan reader
 * (easel_report_plan_read), never by hand: the session's placed interventions give the planned
 * text (intervention names from the KB; an item the KB no longer has is left out of the text),
 * the objective the session serves and the media used (each once, in the plan's order). The
 * note is SOAP with every field present and empty but the objective field, which says what was
 * planned; the objective's rating starts at 0.
 *
 * Owns: nothing (the template in the caller's arena). Borrows: store and KB for the call.
 * Fails: EASEL_ENOTFOUND naming "plan_version" or "number", the reader's and the store's errors,
 * EASEL_ENOMEM.
 */
#include "easel/app_session_template.h"
#include "easel/report_read.h"

#include <stdio.h>
#include <string.h>

#define PLANNED_MAX 1024 /* the planned text, cut short beyond (three names fit many times) */

/* 0 warm-up, 1 main (one session or a half of two), 2 closure */
static int slot_of(const char *part)
{
    return strcmp(part, "warm-up") == 0 ? 0 : strcmp(part, "closure") == 0 ? 2 : 1;
}

int easel_app_session_template(struct easel_store *s, int64_t client, const struct easel_kb *kb,
                               int64_t plan_version, int number, struct easel_arena *a,
                               struct easel_app_session_template *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    struct easel_plan_record p;
    int rc = easel_plan_record_load(s, client, plan_version, a, &p, err);
    if (rc == EASEL_ENOTFOUND)
        return easel_error_set(err, rc, "session template", "plan_version", "no such plan version");
    if (rc)
        return rc;
    struct easel_report_plan plan = {0};
    if ((rc = easel_report_plan_read(p.body, strlen(p.body), kb, a, &plan, err)) != 0)
        return rc;
    static const char *const labels[] = {"warm-up", "main directive", "closure"};
    const struct easel_report_intervention *in_slot[3] = {NULL, NULL, NULL};
    bool found = false;
    for (size_t i = 0; i < plan.n_interventions; i++) {
        const struct easel_report_intervention *iv = &plan.interventions[i];
        if (iv->session != number)
            continue;
        if (!found)
            out->objective = iv->objective;
        found = true;
        int k = slot_of(iv->part);
        if (!in_slot[k])
            in_slot[k] = iv;
    }
    if (!found)
        return easel_error_set(err, EASEL_ENOTFOUND, "session template", "number",
                               "the plan has no session with this number");
    char planned[PLANNED_MAX] = "Planned: ";
    size_t n_media = 0;
    for (int k = 0; k < 3; k++)
        n_media += in_slot[k] ? in_slot[k]->n_media_ids : 0;
    out->media = easel_arena_alloc(a, (n_media ? n_media : 1) * sizeof(*out->media));
    if (!out->media)
        return easel_error_set(err, EASEL_ENOMEM, "session template", "", "out of memory");
    for (int k = 0; k < 3; k++) {
        const struct easel_report_intervention *iv = in_slot[k];
        if (!iv)
            continue;
        size_t len = strlen(planned);
        if (easel_kb_intervention(kb, iv->id) >= 0)
            snprintf(planned + len, sizeof(planned) - len, "%s%s: %s", len > 9 ? "; " : "",
                     labels[k], iv->name);
        for (size_t m = 0; m < iv->n_media_ids; m++) {
            bool seen = !iv->media_ids[m];
            for (size_t q = 0; q < out->n_media && !seen; q++)
                seen = strcmp(out->media[q], iv->media_ids[m]) == 0;
            if (!seen)
                out->media[out->n_media++] = iv->media_ids[m];
        }
    }
    out->plan_version = plan_version;
    out->number = number;
    out->note_format = "SOAP";
    out->planned = easel_arena_strdup(a, planned);
    if (!out->planned || a->failed)
        return easel_error_set(err, EASEL_ENOMEM, "session template", "", "out of memory");
    return 0;
}

static void media_json(const struct easel_app_session_template *t, struct easel_buf *out)
{
    easel_buf_puts(out, "[");
    for (size_t i = 0; i < t->n_media; i++) {
        easel_buf_puts(out, i ? ", " : "");
        easel_buf_json_str(out, t->media[i]);
    }
    easel_buf_puts(out, "]");
}

int easel_app_session_template_json(const struct easel_app_session_template *t,
                                    struct easel_buf *out)
{
    easel_buf_puts(out, "{\"note_format\": ");
    easel_buf_json_str(out, t->note_format);
    easel_buf_puts(out, ", \"note\": {\"subjective\": \"\", \"objective\": ");
    easel_buf_json_str(out, t->planned);
    easel_buf_puts(out, ", \"assessment\": \"\", \"plan\": \"\", \"progress\": [");
    if (t->objective) {
        easel_buf_puts(out, "{\"objective\": ");
        easel_buf_json_str(out, t->objective);
        easel_buf_puts(out, ", \"rating\": 0}");
    }
    easel_buf_puts(out, "], \"media_used\": ");
    media_json(t, out);
    easel_buf_puts(out, "}, \"media_used\": ");
    media_json(t, out);
    easel_buf_puts(out, ", \"objective\": ");
    if (t->objective)
        easel_buf_json_str(out, t->objective);
    else
        easel_buf_puts(out, "null");
    easel_buf_printf(out, ", \"plan_version\": %lld, \"number\": %d}\n", (long long)t->plan_version,
                     t->number);
    return out->failed;
}
