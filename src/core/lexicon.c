/*
 * core/lexicon.c — the material and hazard words of the KB as one sorted table of phrases,
 * whole-word matching over a text (`{role}` tokens are barriers, never matched), and the
 * rendering of role-based text for one client. Pure: no I/O; memory from the caller's arena.
 */
#include "easel/lexicon.h"
#include "easel/error.h"
#include "easel/vocab.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '\'' || c >= 0x80;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct easel_lexicon_entry *x = a, *y = b;
    int c = strcmp(x->phrase, y->phrase);
    return c ? c : x->tag - y->tag;
}

/* A phrase in lower case with single spaces between words, in the arena; NULL when empty. */
static const char *normalise(struct easel_arena *a, const char *s, int *oom)
{
    size_t n = strlen(s);
    char *out = easel_arena_alloc(a, n + 1);
    if (!out) {
        *oom = 1;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (word_char(c))
            out[k++] = (char)tolower(c);
        else if (k && out[k - 1] != ' ')
            out[k++] = ' ';
    }
    while (k && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    return k ? out : NULL;
}

int easel_lexicon_build(struct easel_lexicon *lx, struct easel_arena *a, const struct easel_kb *kb)
{
    size_t cap = 0;
    for (size_t h = 0; h < kb->n_hazards; h++)
        cap += kb->hazards[h].words.n;
    for (size_t m = 0; m < kb->n_media; m++)
        cap += 2 + kb->media[m].words.n;
    lx->entries = easel_arena_alloc(a, (cap + 1) * sizeof(*lx->entries));
    lx->n = 0;
    if (!lx->entries)
        return EASEL_ENOMEM;
    int oom = 0;
#define ADD(text, t)                                                                               \
    do {                                                                                           \
        const char *p_ = normalise(a, (text), &oom);                                               \
        if (p_) {                                                                                  \
            lx->entries[lx->n].phrase = p_;                                                        \
            lx->entries[lx->n].tag = (t);                                                          \
            lx->n++;                                                                               \
        }                                                                                          \
    } while (0)
    for (size_t h = 0; h < kb->n_hazards; h++) {
        int hz = easel_vocab_find(EASEL_VOCAB_HAZARD, kb->hazards[h].id);
        for (size_t w = 0; hz >= 0 && w < kb->hazards[h].words.n; w++)
            ADD(kb->hazards[h].words.items[w], hz);
    }
    for (size_t m = 0; m < kb->n_media; m++) {
        const struct easel_medium *md = &kb->media[m];
        ADD(md->name, EASEL_LEX_MEDIUM + (int)m);
        if (md->noun)
            ADD(md->noun, EASEL_LEX_MEDIUM + (int)m);
        for (size_t w = 0; w < md->words.n; w++)
            ADD(md->words.items[w], EASEL_LEX_MEDIUM + (int)m);
    }
#undef ADD
    if (oom)
        return EASEL_ENOMEM;
    qsort(lx->entries, lx->n, sizeof(*lx->entries), cmp_entry);
    size_t e = 0;
    for (int b = 0; b < 256; b++) {
        lx->start[b] = e;
        while (e < lx->n && (unsigned char)lx->entries[e].phrase[0] == b)
            e++;
    }
    lx->start[256] = lx->n;
    return 0;
}

struct token {
    const char *p; /* in the lower-cased copy */
    size_t len;    /* 0: a barrier ({role}, punctuation) */
};

/* Whether the phrase's words equal the tokens from t on. */
static int phrase_at(const char *phrase, const struct token *t, size_t n_tok)
{
    const char *w = phrase;
    for (size_t i = 0; i < n_tok; i++) {
        if (!t[i].len || strncmp(w, t[i].p, t[i].len) != 0)
            return 0;
        w += t[i].len;
        if (*w == '\0')
            return 1;
        if (*w != ' ')
            return 0;
        w++;
    }
    return 0;
}

/* First entry, among those starting with the token's first byte, whose phrase is >= the token. */
static size_t lower_bound(const struct easel_lexicon *lx, const struct token *t)
{
    unsigned char b = (unsigned char)t->p[0];
    size_t lo = lx->start[b], hi = lx->start[b + 1];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strncmp(lx->entries[mid].phrase, t->p, t->len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int scan_tokens(const struct easel_lexicon *lx, const struct token *tok, size_t n,
                       const char *lower, const char *text, easel_lexicon_fn fn, void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        if (!tok[i].len)
            continue;
        size_t end = lx->start[(unsigned char)tok[i].p[0] + 1];
        for (size_t e = lower_bound(lx, &tok[i]); e < end; e++) {
            const char *p = lx->entries[e].phrase;
            if (strncmp(p, tok[i].p, tok[i].len) != 0)
                break; /* past every phrase starting with this token */
            char after = p[tok[i].len];
            if (after != '\0' && after != ' ')
                continue; /* a longer first word: "glassy" after "glass" */
            if (phrase_at(p, &tok[i], n - i)) {
                int rc = fn(ctx, &lx->entries[e], text + (tok[i].p - lower));
                if (rc)
                    return rc;
            }
        }
    }
    return 0;
}

int easel_lexicon_scan(const struct easel_lexicon *lx, const char *text, easel_lexicon_fn fn,
                       void *ctx)
{
    if (!lx || !lx->n || !text)
        return 0;
    struct token local[512], *tok = local;
    char lower_local[2048], *lower = lower_local;
    size_t len = strlen(text);
    size_t cap = sizeof(local) / sizeof(local[0]);
    if (len / 2 + 2 > cap || len + 1 > sizeof(lower_local)) {
        cap = len / 2 + 2 > cap ? len / 2 + 2 : cap;
        tok = malloc(cap * sizeof(*tok));
        lower = malloc(len + 1);
        if (!tok || !lower) {
            free(tok);
            free(lower);
            return 0;
        }
    }
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = (unsigned char)text[i];
        lower[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    size_t n = 0;
    for (size_t i = 0; i < len && n + 2 < cap;) {
        unsigned char c = (unsigned char)lower[i];
        if (c == '{') {
            const char *close = strchr(lower + i, '}');
            tok[n++] = (struct token){lower + i, 0};
            i = close ? (size_t)(close - lower) + 1 : len;
        } else if (word_char(c)) {
            size_t j = i;
            while (j < len && word_char((unsigned char)lower[j]))
                j++;
            size_t e = j; /* a trailing apostrophe or hyphen is punctuation */
            while (e > i && (lower[e - 1] == '\'' || lower[e - 1] == '-'))
                e--;
            if (e > i)
                tok[n++] = (struct token){lower + i, e - i};
            i = j;
        } else {
            if (c == '.' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"' || c == '!' ||
                c == '?' || c == ',')
                tok[n++] = (struct token){lower + i, 0}; /* phrases stop at punctuation */
            i++;
        }
    }
    int rc = scan_tokens(lx, tok, n, lower, text, fn, ctx);
    if (tok != local)
        free(tok);
    if (lower != lower_local)
        free(lower);
    return rc;
}

static int add_hazard(void *ctx, const struct easel_lexicon_entry *e, const char *at)
{
    (void)at;
    if (e->tag < 32)
        *(uint32_t *)ctx |= (uint32_t)EASEL_BIT(e->tag);
    return 0;
}

uint32_t easel_lexicon_hazards(const struct easel_lexicon *lx, const char *text)
{
    uint32_t mask = 0;
    easel_lexicon_scan(lx, text, add_hazard, &mask);
    return mask;
}

struct first_ctx {
    uint32_t hazards;
    const char *found;
};

static int first_hazard(void *ctx, const struct easel_lexicon_entry *e, const char *at)
{
    (void)at;
    struct first_ctx *f = ctx;
    if (e->tag < 32 && (f->hazards & EASEL_BIT(e->tag))) {
        f->found = e->phrase;
        return 1;
    }
    return 0;
}

const char *easel_lexicon_first(const struct easel_lexicon *lx, const char *text, uint32_t hazards)
{
    struct first_ctx f = {hazards, NULL};
    easel_lexicon_scan(lx, text, first_hazard, &f);
    return f.found;
}

void easel_medium_noun(const struct easel_medium *m, struct easel_buf *out)
{
    if (m->noun) {
        easel_buf_puts(out, m->noun);
        return;
    }
    char first[2] = {(char)tolower((unsigned char)m->name[0]), '\0'};
    easel_buf_puts(out, first);
    easel_buf_puts(out, m->name + (m->name[0] ? 1 : 0));
}

int easel_text_has_role(const char *text, const char *role)
{
    size_t rl = strlen(role);
    for (const char *p = strchr(text, '{'); p; p = strchr(p + 1, '{'))
        if (strncmp(p + 1, role, rl) == 0 && p[1 + rl] == '}')
            return 1;
    return 0;
}

/* Whether position i of text starts a sentence (start, or after ". ", "! ", "? "). */
static int sentence_start(const char *text, size_t i)
{
    while (i > 0 && text[i - 1] == ' ')
        i--;
    return i == 0 || text[i - 1] == '.' || text[i - 1] == '!' || text[i - 1] == '?' ||
           text[i - 1] == ':';
}

void easel_text_render(const struct easel_kb *kb, const struct easel_intervention *in,
                       const int *media, const char *text, int group, struct easel_buf *out)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        if (text[i] == '{') {
            const char *end = strchr(text + i, '}');
            size_t rl = end ? (size_t)(end - text) - i - 1 : 0;
            int used = -2;
            for (size_t u = 0; end && u < in->n_media; u++)
                if (in->media[u].role && strlen(in->media[u].role) == rl &&
                    strncmp(in->media[u].role, text + i + 1, rl) == 0)
                    used = media ? media[u] : in->media[u].medium;
            if (used >= 0) {
                const struct easel_medium *md = &kb->media[used];
                const char *noun = md->noun ? md->noun : md->name;
                bool cap = sentence_start(text, i);
                char first = (char)(cap        ? toupper((unsigned char)noun[0])
                                    : md->noun ? noun[0]
                                               : tolower((unsigned char)noun[0]));
                if (noun[0]) {
                    easel_buf_add(out, &first, 1);
                    easel_buf_puts(out, noun + 1);
                }
                i += rl + 2;
                continue;
            }
            if (used == -1 || end) { /* a dropped role names itself */
                easel_buf_add(out, text + i + 1, rl);
                i += rl + 2;
                continue;
            }
        }
        if (group && (i == 0 || !word_char((unsigned char)text[i - 1])) &&
            (strncmp(text + i, "the client", 10) == 0 ||
             strncmp(text + i, "The client", 10) == 0)) {
            /* "the client" and the possessive "the client's" (the apostrophe is a word
               character for everything else) */
            bool possessive = i + 12 <= len && text[i + 10] == '\'' && text[i + 11] == 's' &&
                              (i + 12 == len || !word_char((unsigned char)text[i + 12]));
            if (possessive || !word_char((unsigned char)text[i + 10])) {
                easel_buf_puts(out, text[i] == 'T' ? "Each member" : "each member");
                i += 10;
                continue;
            }
        }
        size_t run = 1; /* copy up to the next place that may need rewriting */
        while (i + run < len && text[i + run] != '{' &&
               !(group && (text[i + run] == 't' || text[i + run] == 'T')))
            run++;
        easel_buf_add(out, text + i, run);
        i += run;
    }
}
