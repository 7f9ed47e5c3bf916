/*
 * render/doc_build.c — the block-list builder every document kind calls (render/doc.h), and
 * the running text the readability grade is computed on. The public entry that picks a kind's
 * builder and a writer is doc_write.c.
 *
 * Owns: the blocks, in the doc's arena. Fails: allocation failures mark the arena `failed`
 * (doc_write.c reports them as EASEL_ENOMEM).
 */
#include "doc.h"
#include "render_int.h"
#include "easel/plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void doc_init(struct doc *d, struct easel_arena *a, const struct easel_report *r, const char *title)
{
    memset(d, 0, sizeof(*d));
    d->a = a;
    d->r = r;
    d->title = title;
    d->subject = title;
    d->base_pt = 10.0;
}

static struct doc_block *add(struct doc *d, enum doc_block_kind kind, const char *text)
{
    struct doc_block *b = easel_arena_alloc(d->a, sizeof(*b));
    if (!b)
        return NULL;
    b->kind = kind;
    b->text = text;
    if (d->tail)
        d->tail->next = b;
    else
        d->head = b;
    d->tail = b;
    return b;
}

__attribute__((format(printf, 2, 0))) static const char *vfmt(struct doc *d, const char *fmt,
                                                              va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return "";
    char *s = easel_arena_alloc(d->a, (size_t)n + 1);
    if (!s)
        return "";
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

void doc_title(struct doc *d, const char *text)
{
    add(d, DOC_TITLE, easel_arena_strdup(d->a, text));
}

void doc_h2(struct doc *d, const char *text)
{
    add(d, DOC_H2, easel_arena_strdup(d->a, text));
}

#define DOC_FMT(kind)                                                                              \
    va_list ap;                                                                                    \
    va_start(ap, fmt);                                                                             \
    const char *s = vfmt(d, fmt, ap);                                                              \
    va_end(ap);                                                                                    \
    add(d, kind, s)

void doc_h3(struct doc *d, const char *fmt, ...)
{
    DOC_FMT(DOC_H3);
}

void doc_p(struct doc *d, const char *fmt, ...)
{
    DOC_FMT(DOC_P);
}

void doc_bullet(struct doc *d, const char *fmt, ...)
{
    DOC_FMT(DOC_BULLET);
}

void doc_empty(struct doc *d, const char *text)
{
    add(d, DOC_EMPTY, easel_arena_strdup(d->a, text));
}

void doc_alert(struct doc *d, const char *text)
{
    add(d, DOC_ALERT, easel_arena_strdup(d->a, text));
}

void doc_kv(struct doc *d, const char *label, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = vfmt(d, fmt, ap);
    va_end(ap);
    struct doc_block *b = add(d, DOC_KV, s);
    if (b)
        b->label = easel_arena_strdup(d->a, label);
}

struct doc_block *doc_table(struct doc *d, size_t ncols, const double *widths,
                            const char *const *header)
{
    struct doc_block *b = add(d, DOC_TABLE, NULL);
    if (!b)
        return NULL;
    b->ncols = ncols;
    b->widths = widths;
    b->cap_rows = 8;
    b->cells = easel_arena_alloc(d->a, (b->cap_rows + 1) * ncols * sizeof(*b->cells));
    if (!b->cells)
        return NULL;
    for (size_t i = 0; i < ncols; i++)
        b->cells[i] = easel_arena_strdup(d->a, header[i]);
    return b;
}

void doc_row(struct doc *d, struct doc_block *t, const char *const *cells)
{
    if (!t || !t->cells)
        return;
    if (t->nrows == t->cap_rows) {
        size_t cap = 2 * t->cap_rows;
        const char **n = easel_arena_alloc(d->a, (cap + 1) * t->ncols * sizeof(*n));
        if (!n)
            return;
        memcpy(n, t->cells, (t->nrows + 1) * t->ncols * sizeof(*n));
        t->cells = n;
        t->cap_rows = cap;
    }
    const char **row = t->cells + (t->nrows + 1) * t->ncols;
    for (size_t i = 0; i < t->ncols; i++)
        row[i] = easel_arena_strdup(d->a, cells[i] ? cells[i] : "");
    t->nrows++;
}

void doc_gallery(struct doc *d, const struct easel_report_artwork *const *images, size_t n)
{
    struct doc_block *b = add(d, DOC_GALLERY, NULL);
    if (b) {
        b->images = images;
        b->n_images = n;
    }
}

void doc_chart(struct doc *d, const struct easel_chart *c)
{
    struct doc_block *b = add(d, DOC_CHART, c->title);
    if (b)
        b->chart = c;
}

void doc_sign(struct doc *d, const char *role, const char *name, const char *date)
{
    struct doc_block *b = add(d, DOC_SIGN, name ? easel_arena_strdup(d->a, name) : NULL);
    if (b) {
        b->label = easel_arena_strdup(d->a, role);
        b->text2 = date ? easel_arena_strdup(d->a, date) : NULL;
    }
}

const char *doc_fixed(struct doc *d, int x100)
{
    int a = x100 < 0 ? -x100 : x100;
    if (a % 100 == 0)
        return easel_arena_printf(d->a, "%s%d", x100 < 0 ? "-" : "", a / 100);
    if (a % 10 == 0)
        return easel_arena_printf(d->a, "%s%d.%d", x100 < 0 ? "-" : "", a / 100, a % 100 / 10);
    return easel_arena_printf(d->a, "%s%d.%02d", x100 < 0 ? "-" : "", a / 100, a % 100);
}

const char *doc_long_date(struct doc *d, const char *date)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    int64_t days;
    if (!date || easel_date_parse(date, &days))
        return date ? date : "";
    int m = (date[5] - '0') * 10 + (date[6] - '0');
    int day = (date[8] - '0') * 10 + (date[9] - '0');
    return easel_arena_printf(d->a, "%d %s %.4s", day, months[m - 1], date);
}

int doc_text(const struct doc *d, struct easel_buf *out)
{
    for (const struct doc_block *b = d->head; b; b = b->next)
        switch (b->kind) {
        case DOC_TITLE:
        case DOC_H2:
        case DOC_H3:
        case DOC_P:
        case DOC_BULLET:
        case DOC_EMPTY:
        case DOC_ALERT:
            easel_buf_printf(out, "%s\n", b->text ? b->text : "");
            break;
        default:
            break;
        }
    return out->failed;
}
