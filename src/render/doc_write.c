/*
 * render/doc_write.c — the public entry of documents (easel/render.h): easel_report_write builds
 * the kind's block list once (its builder from doc_kinds.c, with doc_build.c's blocks) and hands
 * it to the PDF or HTML writer, or writes the supplies CSV; easel_report_grade computes the
 * readability grade of the same text. Above every kind's builder, so nothing below calls back.
 *
 * Owns: the doc's arena for the call. Borrows: the report.
 * Fails: EASEL_EINVAL (unknown kind, CSV of a kind without one), EASEL_ENOMEM (building), the
 * writers' codes.
 */
#include "doc.h"
#include "easel/readability.h"
#include "render_int.h"

#include <string.h>

int easel_report_format_parse(const char *name)
{
    static const char *const f[] = {"pdf", "html", "csv"};
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, f[i]) == 0)
            return i;
    return -1;
}

static int build(const struct easel_report *r, struct easel_arena *a, struct doc *d,
                 struct easel_error *err)
{
    const struct doc_kind *kind = doc_kind(r->kind); /* doc_kinds.c */
    if (!kind || (r->kind == EASEL_REPORT_GROUP && !r->group))
        return easel_error_set(err, EASEL_EINVAL, "report", "kind", "unknown document kind");
    doc_init(d, a, r, kind->title);
    kind->build(d);
    if (a->failed)
        return easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory building it");
    return 0;
}

int easel_report_write(const struct easel_report *r, enum easel_report_format fmt,
                       struct easel_buf *out, struct easel_error *err)
{
    if (fmt == EASEL_REPORT_CSV) {
        const struct doc_kind *kind = doc_kind(r->kind);
        if (!kind || !kind->csv)
            return easel_error_set(err, EASEL_EINVAL, "report", "format",
                                   "CSV is only for the supplies list");
        int rc = doc_supplies_csv(r, out);
        return rc ? easel_error_set(err, rc, "report", "", "cannot write the CSV") : 0;
    }
    struct easel_arena a;
    easel_arena_init(&a);
    struct doc d;
    int rc = build(r, &a, &d, err);
    if (!rc) {
        render_lock();
        rc = fmt == EASEL_REPORT_PDF ? doc_pdf(&d, out, err) : doc_html(&d, out, err);
        render_unlock();
    }
    easel_arena_release(&a);
    return rc;
}

int easel_report_grade(const struct easel_report *r, double *grade, struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct doc d;
    int rc = build(r, &a, &d, err);
    struct easel_buf text;
    easel_buf_init(&text, (size_t)64 * 1024 * 1024);
    if (!rc && doc_text(&d, &text))
        rc = easel_error_set(err, EASEL_ENOMEM, "report", "", "out of memory");
    if (!rc) {
        struct easel_readability fk;
        rc = easel_readability(text.len ? text.data : "", text.len, &fk, err);
        if (!rc)
            *grade = (double)fk.grade_x100 / 100.0;
    }
    easel_buf_release(&text);
    easel_arena_release(&a);
    return rc;
}
