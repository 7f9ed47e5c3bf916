/*
 * core/lexicon.c — the material and hazard words of the KB as one sorted table of phrases,
 * whole-word matching over a text (`{role}` tokens are barriers, never matched), and the
 * rendering of role-based text for one client. Pure: no I/O; memory from the caller's arena.
 */
#include "easel/lexicon.h"
#include "easel/error.h"
#include "easel/vocab.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int word_char(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '\'' || c >= 0x80;
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
    return 0;
}

struct token {
    const char *p;
    size_t len; /* 0: a barrier ({role} or the end) */
};

/* Whether the phrase's words equal the tokens from t on (case-insensitive). */
static int phrase_at(const char *phrase, const struct token *t, size_t n_tok)
{
    const char *w = phrase;
    for (size_t i = 0; i < n_tok; i++) {
        if (!t[i].len)
            return 0;
        for (size_t k = 0; k < t[i].len; k++, w++)
            if (tolower((unsigned char)t[i].p[k]) != *w)
                return 0;
        if (*w == '\0')
            return 1;
        if (*w != ' ')
            return 0;
        w++;
    }
    return 0;
}

/* First entry whose phrase is >= the (lower-cased) token. */
static size_t lower_bound(const struct easel_lexicon *lx, const struct token *t)
{
    size_t lo = 0, hi = lx->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *p = lx->entries[mid].phrase;
        int c = 0;
        size_t k = 0;
        for (; k < t->len && !c; k++)
            c = (unsigned char)p[k] - tolower((unsigned char)t->p[k]);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int scan_tokens(const struct easel_lexicon *lx, const struct token *tok, size_t n,
                       easel_lexicon_fn fn, void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        if (!tok[i].len)
            continue;
        for (size_t e = lower_bound(lx, &tok[i]); e < lx->n; e++) {
            const char *p = lx->entries[e].phrase;
            size_t k = 0;
            while (k < tok[i].len && p[k] == tolower((unsigned char)tok[i].p[k]))
                k++;
            if (k < tok[i].len)
                break; /* past every phrase starting with this token */
            if (p[k] != '\0' && p[k] != ' ')
                continue; /* a longer first word: "glassy" after "glass" */
            if (phrase_at(p, &tok[i], n - i)) {
                int rc = fn(ctx, &lx->entries[e], tok[i].p);
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
    size_t cap = sizeof(local) / sizeof(local[0]), n = 0;
    size_t len = strlen(text);
    if (len / 2 + 2 > cap) {
        cap = len / 2 + 2;
        tok = malloc(cap * sizeof(*tok));
        if (!tok)
            return 0;
    }
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        if (c == '{') {
            const char *end = strchr(text + i, '}');
            tok[n++] = (struct token){text + i, 0};
            i = end ? (size_t)(end - text) + 1 : len;
        } else if (word_char(c)) {
            size_t j = i;
            while (j < len && word_char((unsigned char)text[j]))
                j++;
            /* a trailing apostrophe or hyphen is punctuation */
            size_t e = j;
            while (e > i && (text[e - 1] == '\'' || text[e - 1] == '-'))
                e--;
            if (e > i)
                tok[n++] = (struct token){text + i, e - i};
            i = j;
        } else if (c == '.' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"' ||
                   c == '!' || c == '?' || c == ',') {
            tok[n++] = (struct token){text + i, 0}; /* phrases do not run across punctuation */
            i++;
        } else {
            i++;
        }
        if (n + 2 >= cap)
            break; /* cannot happen: at most one token per two bytes */
    }
    int rc = scan_tokens(lx, tok, n, fn, ctx);
    if (tok != local)
        free(tok);
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
                struct easel_buf noun;
                easel_buf_init(&noun, 256);
                easel_medium_noun(&kb->media[used], &noun);
                char *s = noun.data;
                if (s && sentence_start(text, i))
                    s[0] = (char)toupper((unsigned char)s[0]);
                easel_buf_puts(out, s ? s : "");
                easel_buf_release(&noun);
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
             strncmp(text + i, "The client", 10) == 0) &&
            !word_char((unsigned char)text[i + 10])) {
            easel_buf_puts(out, text[i] == 'T' ? "Each member" : "each member");
            i += 10;
            continue;
        }
        easel_buf_add(out, text + i, 1);
        i++;
    }
}
