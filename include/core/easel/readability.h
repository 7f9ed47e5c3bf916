/*
 * easel/readability.h — how hard an English text is to read: the Flesch-Kincaid grade level,
 *
 *     grade = 0.39 x (words / sentences) + 11.8 x (syllables / words) - 15.59
 *
 * the standard published formula (Kincaid, Fishburne, Rogers & Chissom, 1975, for the US
 * Navy). easel's client-friendly plan must read at grade 8 or below by it.
 *
 * Counting (a documented heuristic; no dictionary):
 * - Words are runs of letters and digits. An apostrophe (' or U+2019) or a hyphen between two
 *   letters joins one word ("don't", "self-care"); "." or "," between digits joins a number
 *   ("2.5", "1,000"); "." between letters joins an abbreviation ("e.g"). Non-ASCII letters
 *   count as letters; general punctuation (U+2000-U+206F) and the no-break space do not.
 * - Sentences end at a run of ". ! ?" after a word, unless the "." belongs to a number or an
 *   abbreviation (a word with an inner ".", or Mr, Mrs, Ms, Dr, St, vs); and at a line break
 *   after words, so a heading or a list item without a full stop is a sentence of its own
 *   (easel's plans are not hard-wrapped). Text with words and no end is one sentence.
 * - Syllables per word: groups of adjacent vowels (a e i o u, and y when not the first
 *   letter; a non-ASCII letter counts as a vowel), less a silent final "e" (but not "-le"
 *   after a consonant: "table" is 2), less "-es" (not after s, x, z, c, g, sh, ch: "makes" 1,
 *   "boxes" 2) and "-ed" (not after t or d: "jumped" 1, "wanted" 2) when more than one group
 *   remains; at least 1. A hyphenated word or an abbreviation ("e.g": 2) sums its parts; a number
 *   is one syllable.
 *   Known misses: "create" counts 1, "anxiety" 3.
 *
 * Numbers: the grade is exact: grade_x100 = (39 W^2 + 1180 Sy S - 1559 W S) / (W S) rounded
 * half away from zero, integer arithmetic only (same result on every platform).
 *
 * Owns: nothing. Borrows: the text for the call.
 * Fails: EASEL_EINVAL (field "text") for NULL or a text without words; EASEL_ETOOBIG past 10 MiB.
 */
#ifndef EASEL_READABILITY_H
#define EASEL_READABILITY_H

#include "easel/error.h"

#include <stddef.h>

#define EASEL_READABILITY_MAX (10u << 20)

struct easel_readability {
    size_t words, sentences, syllables;
    long grade_x100; /* Flesch-Kincaid grade level in hundredths (may be negative) */
};

int easel_readability(const char *text, size_t len, struct easel_readability *out,
                      struct easel_error *err);

/* Syllables in one word by the heuristic above (word: letters, apostrophes, hyphens). */
int easel_readability_syllables(const char *word, size_t len);

#endif
