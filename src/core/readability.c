/*
 * core/readability.c — Flesch-Kincaid grade level: a word, sentence and syllable counter over
 * UTF-8 English text (the heuristic is documented in easel/readability.h) and the formula in
 * exact integer arithmetic.
 *
 * Owns: nothing. Borrows: the text. Fails: EASEL_EINVAL (no text, no words), EASEL_ETOOBIG.
 */
#include "easel/readability.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static bool ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static char lower(unsigned char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* Length of the UTF-8 sequence at p (1 for ASCII or a stray byte). */
static size_t seq_len(const unsigned char *p, size_t left)
{
    size_t n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;
    return n > left ? left : n;
}

/* Is the character at p (left bytes) a letter? Non-ASCII counts, except general punctuation
   (U+2000-U+206F: E2 80..81 xx) and the no-break space (C2 A0). */
static bool letter_at(const unsigned char *p, size_t left)
{
    if (*p < 0x80)
        return ascii_letter(*p);
    if (*p < 0xc0)
        return false; /* a continuation byte on its own */
    if (left >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
        return false;
    if (left >= 2 && p[0] == 0xc2) /* U+0080-U+00BF: Latin-1 punctuation and symbols */
        return false;
    if (left >= 3 && p[0] == 0xe2 && (p[1] == 0x80 || p[1] == 0x81))
        return false;
    return true;
}

/* An apostrophe at p: ' or U+2019 (E2 80 99); returns its length or 0. */
static size_t apostrophe_at(const unsigned char *p, size_t left)
{
    if (*p == '\'')
        return 1;
    if (left >= 3 && p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x99)
        return 3;
    return 0;
}

static bool vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* One hyphen-free part, as lower-case letters ('v' stands for a non-ASCII letter). */
static int part_syllables(const char *w, size_t n)
{
    int groups = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool v = vowel(w[i]) || w[i] == '*' || (w[i] == 'y' && i > 0);
        if (v && !in)
            groups++;
        in = v;
    }
    if (n >= 2 && groups > 1 && w[n - 1] == 'e') {
        bool le = w[n - 2] == 'l' && n >= 3 && !vowel(w[n - 3]) && w[n - 3] != 'y';
        if (!le && !vowel(w[n - 2]))
            groups--;
    } else if (n >= 3 && groups > 1 && w[n - 2] == 'e' && w[n - 1] == 's') {
        char b = w[n - 3];
        bool keep = b == 's' || b == 'x' || b == 'z' || b == 'c' || b == 'g' ||
                    (b == 'h' && n >= 4 && (w[n - 4] == 's' || w[n - 4] == 'c'));
        if (!keep && !vowel(b))
            groups--;
    } else if (n >= 3 && groups > 1 && w[n - 2] == 'e' && w[n - 1] == 'd') {
        char b = w[n - 3];
        if (b != 't' && b != 'd' && !vowel(b))
            groups--;
    }
    return groups < 1 ? 1 : groups;
}

int easel_readability_syllables(const char *word, size_t len)
{
    const unsigned char *p = (const unsigned char *)word;
    char part[64];
    size_t n = 0;
    int total = 0;
    bool any = false, digits = false;
    for (size_t i = 0; i <= len;) {
        if (i == len || p[i] == '-' || p[i] == '.') {
            if (n) {
                total += part_syllables(part, n);
                any = true;
            }
            n = 0;
            i++;
            continue;
        }
        size_t k = seq_len(p + i, len - i);
        if (digit(p[i]))
            digits = true;
        if (ascii_letter(p[i])) {
            if (n < sizeof(part))
                part[n++] = lower(p[i]);
        } else if (letter_at(p + i, len - i)) {
            if (n < sizeof(part))
                part[n++] = '*'; /* a non-ASCII letter: a vowel */
        }
        i += k;
    }
    if (!any)
        return digits ? 1 : 0;
    return total;
}

static bool abbreviation(const char *w, size_t n)
{
    static const char *const list[] = {"mr", "mrs", "ms", "dr", "st", "vs"};
    for (size_t i = 0; i < n; i++)
        if (w[i] == '.')
            return true; /* "e.g", "i.e" */
    for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)
        if (strlen(list[i]) == n) {
            size_t j = 0;
            while (j < n && lower((unsigned char)w[j]) == list[i][j])
                j++;
            if (j == n)
                return true;
        }
    return false;
}

int easel_readability(const char *text, size_t len, struct easel_readability *out,
                      struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!text)
        return easel_error_set(err, EASEL_EINVAL, "", "text", "no text");
    if (len > EASEL_READABILITY_MAX)
        return easel_error_set(err, EASEL_ETOOBIG, "", "text", "longer than %u bytes",
                               EASEL_READABILITY_MAX);
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0, pending = 0; /* words since the last sentence end */
    const char *last = NULL;   /* the last word, for abbreviations */
    size_t last_n = 0;
    while (i < len) {
        size_t k = seq_len(p + i, len - i);
        if (letter_at(p + i, len - i) || digit(p[i])) {
            size_t start = i;
            while (i < len) {
                k = seq_len(p + i, len - i);
                if (letter_at(p + i, len - i) || digit(p[i])) {
                    i += k;
                    continue;
                }
                size_t a = apostrophe_at(p + i, len - i);
                bool prev_letter = i > start && !digit(p[i - 1]);
                bool prev_digit = i > start && digit(p[i - 1]);
                if (a && prev_letter && i + a < len && letter_at(p + i + a, len - i - a)) {
                    i += a;
                    continue;
                }
                if (p[i] == '-' && prev_letter && i + 1 < len &&
                    letter_at(p + i + 1, len - i - 1)) {
                    i++;
                    continue;
                }
                if ((p[i] == '.' || p[i] == ',') && prev_digit && i + 1 < len && digit(p[i + 1])) {
                    i++;
                    continue;
                }
                if (p[i] == '.' && prev_letter && i + 1 < len && ascii_letter(p[i + 1])) {
                    i++;
                    continue;
                }
                break;
            }
            out->words++;
            out->syllables += (size_t)easel_readability_syllables(text + start, i - start);
            pending++;
            last = text + start;
            last_n = i - start;
            continue;
        }
        if (p[i] == '.' || p[i] == '!' || p[i] == '?') {
            bool only_dots = true;
            size_t j = i;
            while (j < len && (p[j] == '.' || p[j] == '!' || p[j] == '?')) {
                only_dots &= p[j] == '.';
                j++;
            }
            bool abbr = only_dots && j - i == 1 && last && abbreviation(last, last_n);
            if (pending && !abbr) {
                out->sentences++;
                pending = 0;
            }
            i = j;
            continue;
        }
        if (p[i] == '\n' && pending) {
            out->sentences++;
            pending = 0;
        }
        i += k;
    }
    if (pending)
        out->sentences++;
    if (!out->words)
        return easel_error_set(err, EASEL_EINVAL, "", "text", "no words to measure");
    int64_t w = (int64_t)out->words, s = (int64_t)out->sentences, sy = (int64_t)out->syllables;
    int64_t num = 39 * w * w + 1180 * sy * s - 1559 * w * s, den = w * s;
    int64_t q = (num < 0 ? -num : num);
    q = (2 * q + den) / (2 * den); /* half away from zero */
    out->grade_x100 = (long)(num < 0 ? -q : q);
    return 0;
}
