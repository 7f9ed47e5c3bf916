/*
 * easel/report_data.h — the application service that fills the document model
 * (easel/report.h) from the client record: store + KB + core analytics. The CLI (`easel report`)
 * and the web server share it.
 *
 * Consent (clinical.md E): this is the ONE place that decides which artworks a document may
 * show. Every document in easel is part of the clinical record, so an artwork is handed over
 * only when its consent_record is given; education and exhibition consents never admit an
 * artwork to a document. The rest are counted (n_artworks_withheld), never described.
 *
 * Owns: nothing. Borrows: s and kb for the call; the model lives in the arena `a` (valid until it
 * is released).
 * Fails: EASEL_ENOTFOUND for an unknown client, or (plan, client-plan, supplies) a client without
 * a plan; EASEL_EINVAL naming "from", "to" or "date" for a malformed date, from after to, or a
 * period longer than EASEL_REPORT_MAX_DAYS; store errors as the store reports them.
 */
#ifndef EASEL_REPORT_DATA_H
#define EASEL_REPORT_DATA_H

#include "easel/arena.h"
#include "easel/error.h"
#include "easel/kb.h"
#include "easel/report.h"

#include <stdint.h>

struct easel_store;

#define EASEL_REPORT_MAX_DAYS (10 * 366) /* the longest period a report covers */
#define EASEL_REPORT_MAX_ARTWORKS 48     /* most recent consented artworks shown */

struct easel_report_request {
    enum easel_report_kind kind;
    const char *client_ref;
    const char *from, *to; /* YYYY-MM-DD; NULL: from the first / to the last session */
    const char *date;      /* the document's date (YYYY-MM-DD), required: the caller's today */
    int64_t plan_version;  /* 0: the latest */
};

int easel_report_gather(struct easel_store *s, const struct easel_kb *kb,
                        const struct easel_report_request *q, struct easel_arena *a,
                        struct easel_report *out, struct easel_error *err);

#endif
