/*
 * render/doc_kinds.c — the one table of document kinds: each kind's name (as the CLI and the
 * API spell it), its title, the function that builds its blocks, and whether it also comes as
 * CSV. Adding a kind is one row here and its builder (render/doc.h).
 *
 * Owns: static data only. Borrows: nothing. Fails: lookups return -1, "?" or NULL.
 */
#include "doc.h"

#include <string.h>

static const struct doc_kind kinds[] = {
    [EASEL_REPORT_PLAN] = {"plan", "Treatment plan", doc_plan, false},
    [EASEL_REPORT_CLIENT_PLAN] = {"client-plan", "My plan", doc_client_plan, false},
    [EASEL_REPORT_PROGRESS] = {"progress", "Progress report", doc_progress, false},
    [EASEL_REPORT_SUMMARY] = {"summary", "Case summary", doc_summary, false},
    [EASEL_REPORT_DISCHARGE] = {"discharge", "Discharge summary", doc_discharge, false},
    [EASEL_REPORT_SUPPLIES] = {"supplies", "Supplies and purchase list", doc_supplies, true},
    [EASEL_REPORT_GROUP] = {"group-summary", "Group program summary", doc_group, false},
};

#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

const struct doc_kind *doc_kind(enum easel_report_kind k)
{
    return (unsigned)k < N_KINDS ? &kinds[k] : NULL;
}

int easel_report_kind_parse(const char *name)
{
    for (size_t i = 0; name && i < N_KINDS; i++)
        if (strcmp(name, kinds[i].name) == 0)
            return (int)i;
    return -1;
}

const char *easel_report_kind_name(enum easel_report_kind k)
{
    const struct doc_kind *d = doc_kind(k);
    return d ? d->name : "?";
}
