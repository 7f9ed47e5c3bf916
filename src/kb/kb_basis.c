/*
 * kb/kb_basis.c — every item's `basis` says where its claim comes from: either "practice
 * convention" (optionally with a note), or a citation of a shared reference document followed
 * by the claim it supports: "clinical.md B2 [17a, 3], F [18]: <claim>". Each cited section and
 * reference number must exist in that document's index (kb/references/), and the claim must say
 * something (three words at least). Without reference indexes nothing is checked (a bare test
 * KB). Fails with EASEL_EKB naming the file, the field and the unknown section or reference.
 */
#include "kb_items.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const struct easel_reference *doc_named(const struct easel_kb *kb, const char *s, size_t n)
{
    for (size_t i = 0; i < kb->n_references; i++)
        if (strlen(kb->references[i].name) == n && strncmp(kb->references[i].name, s, n) == 0)
            return &kb->references[i];
    return NULL;
}

static bool listed(const struct easel_strlist *l, const char *s, size_t n)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->items[i]) == n && strncmp(l->items[i], s, n) == 0)
            return true;
    return false;
}

/* NULL when the basis is sound, else what is wrong (in buf). */
static const char *basis_problem(const struct easel_kb *kb, const char *b, char *buf, size_t size)
{
    if (strncmp(b, "practice convention", 19) == 0)
        return NULL;
    const char *colon = strchr(b, ':');
    if (!colon) {
        snprintf(buf, size, "a citation must be followed by \": \" and the claim it supports");
        return buf;
    }
    const struct easel_reference *doc = NULL;
    const char *p = b;
    bool cited = false;
    while (p < colon) {
        while (p < colon && (*p == ' ' || *p == ','))
            p++;
        if (p >= colon)
            break;
        if (*p == '[') {
            const char *close = memchr(p, ']', (size_t)(colon - p));
            if (!close || !doc) {
                snprintf(buf, size, "a reference list \"[...]\" needs a document and a \"]\"");
                return buf;
            }
            for (const char *q = p + 1; q < close;) {
                while (q < close && (*q == ' ' || *q == ','))
                    q++;
                const char *e = q;
                while (e < close && *e != ',' && *e != ' ')
                    e++;
                if (e > q && !listed(&doc->refs, q, (size_t)(e - q))) {
                    snprintf(buf, size, "%s has no reference [%.*s]", doc->name, (int)(e - q), q);
                    return buf;
                }
                q = e;
            }
            p = close + 1;
            continue;
        }
        const char *e = p;
        while (e < colon && *e != ' ' && *e != ',' && *e != '[')
            e++;
        const struct easel_reference *d = doc_named(kb, p, (size_t)(e - p));
        if (d) {
            doc = d;
        } else if (!doc) {
            snprintf(buf, size, "cites \"%.*s\", which is not a reference document (%s)",
                     (int)(e - p), p, kb->references[0].name);
            return buf;
        } else if (!listed(&doc->sections, p, (size_t)(e - p))) {
            snprintf(buf, size, "%s has no section %.*s", doc->name, (int)(e - p), p);
            return buf;
        } else {
            cited = true;
        }
        p = e;
    }
    int words = 0;
    for (const char *q = colon + 1; *q; q++)
        words += (*q != ' ') && (q[-1] == ' ' || q == colon + 1);
    if (!cited) {
        snprintf(buf, size, "names a document but no section of it");
        return buf;
    }
    if (words < 3) {
        snprintf(buf, size, "say after the citation which claim it supports");
        return buf;
    }
    return NULL;
}

static int check(const struct easel_kb *kb, const char *file, const char *field, const char *b,
                 struct easel_error *err)
{
    char buf[200];
    const char *why = b ? basis_problem(kb, b, buf, sizeof(buf)) : NULL;
    return why ? easel_error_set(err, EASEL_EKB, file, field, "%s", why) : 0;
}

int easel__kb_basis(const struct easel_kb *kb, struct easel_error *err)
{
    if (!kb->n_references)
        return 0;
    int rc = 0;
#define EACH(arr, count)                                                                           \
    for (size_t i = 0; i < kb->count && !rc; i++)                                                  \
        rc = check(kb, kb->arr[i].file, "basis", kb->arr[i].basis, err);
    EACH(problems, n_problems)
    EACH(interventions, n_interventions)
    EACH(media, n_media)
    EACH(settings, n_settings)
    EACH(rules, n_rules)
    EACH(instruments, n_instruments)
    EACH(hazards, n_hazards)
#undef EACH
    for (size_t i = 0; i < kb->n_settings && !rc; i++)
        for (size_t k = 0; k < kb->settings[i].n_rules && !rc; k++) {
            char field[40];
            snprintf(field, sizeof(field), "rules[%zu].basis", k);
            const char *b = kb->settings[i].rules[k].basis;
            /* a setting rule's own text is the claim its citation supports */
            if (b && strncmp(b, "practice convention", 19) != 0 && !strchr(b, ':')) {
                char with_claim[2100];
                snprintf(with_claim, sizeof(with_claim), "%s: %s", b,
                         kb->settings[i].rules[k].text);
                rc = check(kb, kb->settings[i].file, field, with_claim, err);
            } else {
                rc = check(kb, kb->settings[i].file, field, b, err);
            }
        }
    return rc;
}
