/*
 * render/doc_supplies.c — the supplies and purchase list of the plan: every medium with the
 * quantity the program needs, the units to buy and their cost, what is already on hand, and the
 * total; as a document (PDF/HTML) and as CSV. A group program's list names no client (not in
 * the body, the running header or the footer): it goes to whoever buys (RFC 4180 quoting; a cell
 * that a spreadsheet would read as a formula is prefixed with an apostrophe).
 *
 * Owns: nothing. Borrows: the doc / report. Fails: doc_supplies_csv returns the buffer's error.
 */
#include "doc.h"

#include <string.h>

static const char *money(struct easel_arena *a, int64_t cents)
{
    return easel_arena_printf(a, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

static const char *qty(struct easel_arena *a, int64_t milli)
{
    return easel_arena_printf(a, "%lld.%03lld", (long long)(milli / 1000),
                              (long long)(milli % 1000));
}

void doc_supplies(struct doc *d)
{
    const struct easel_report_plan *pl = &d->r->plan;
    d->subject = "Supplies and purchase list";
    doc_title(d, "Supplies and purchase list");
    bool group = pl->mode && strcmp(pl->mode, "group") == 0;
    if (group) { /* for whoever buys: the group, never one member's name */
        d->anonymous = true;
        doc_kv(d, "For", "a group program of %d participants%s%s%s", pl->participants,
               pl->attending < pl->participants
                   ? easel_arena_printf(d->a,
                                        " (%d expected at a session: consumables for them, "
                                        "reusable tools for everyone)",
                                        pl->attending)
                   : "",
               d->r->setting_name ? ", " : "", d->r->setting_name ? d->r->setting_name : "");
        if (d->r->practice)
            doc_kv(d, "Practice", "%s", d->r->practice);
        doc_kv(d, "Prepared by", "%s on %s", d->r->author ? d->r->author : "easel", d->r->date);
    } else {
        doc_sec_client(d);
    }
    if (pl->version)
        doc_kv(d, "Plan", "version %lld (%s): %d sessions from %s to %s", (long long)pl->version,
               pl->status ? pl->status : "draft", pl->n_sessions,
               pl->first_date ? pl->first_date : "-", pl->last_date ? pl->last_date : "-");
    else /* a group program's plan, computed from its roster */
        doc_kv(d, "Program", "%d sessions from %s to %s", pl->n_sessions,
               pl->first_date ? pl->first_date : "-", pl->last_date ? pl->last_date : "-");
    doc_h2(d, "To buy");
    if (!pl->n_supplies) {
        doc_empty(d, "The plan needs no supplies.");
        return;
    }
    static const double w[] = {0.34, 0.22, 0.14, 0.12, 0.18};
    static const char *const h[] = {"Medium", "Unit", "Quantity", "Units", "Cost"};
    struct doc_block *t = doc_table(d, 5, w, h);
    for (size_t i = 0; i < pl->n_supplies; i++) {
        const struct easel_report_supply *s = &pl->supplies[i];
        const char *row[5] = {s->name, s->unit ? s->unit : "", qty(d->a, s->qty_milli),
                              s->on_hand ? "on hand"
                                         : easel_arena_printf(d->a, "%lld", (long long)s->units),
                              s->on_hand ? "0.00" : money(d->a, s->cost_cents)};
        doc_row(d, t, row);
    }
    doc_kv(d, "Total", "%s", money(d->a, pl->total_cost_cents));
    if (pl->budget_note)
        doc_p(d, "%s", pl->budget_note);
}

static void cell(struct easel_buf *b, const char *s, bool last)
{
    s = s ? s : "";
    easel_buf_puts(b, "\"");
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r')
        easel_buf_puts(b, "'");
    for (; *s; s++)
        easel_buf_add(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
    easel_buf_puts(b, last ? "\"\r\n" : "\",");
}

int doc_supplies_csv(const struct easel_report *r, struct easel_buf *out)
{
    const struct easel_report_plan *pl = &r->plan;
    easel_buf_puts(out, "medium,name,unit,quantity,units,cost,on_hand\r\n");
    struct easel_arena a;
    easel_arena_init(&a);
    for (size_t i = 0; i < pl->n_supplies; i++) {
        const struct easel_report_supply *s = &pl->supplies[i];
        cell(out, s->medium, false);
        cell(out, s->name, false);
        cell(out, s->unit, false);
        cell(out, qty(&a, s->qty_milli), false);
        cell(out, easel_arena_printf(&a, "%lld", (long long)(s->on_hand ? 0 : s->units)), false);
        cell(out, money(&a, s->on_hand ? 0 : s->cost_cents), false);
        cell(out, s->on_hand ? "yes" : "no", true);
    }
    easel_buf_puts(out, "\"total\",\"\",\"\",\"\",\"\",");
    cell(out, money(&a, pl->total_cost_cents), false);
    easel_buf_puts(out, "\"\"\r\n");
    int rc = a.failed ? EASEL_ENOMEM : out->failed;
    easel_arena_release(&a);
    return rc;
}
