/*
 * easel/vocab.h — the controlled vocabularies of the knowledge base (docs/kb-format.md):
 * goal tags, client flags, hazards, allergens, ETC levels, phases, approaches, roles, formats.
 *
 * Each vocabulary is a table of names; a set of words is a bitmask over its indices, so the
 * engine tests constraints with one AND. Owns nothing; names are static strings.
 * Fails: easel_vocab_find returns -1 for an unknown word.
 */
#ifndef EASEL_VOCAB_H
#define EASEL_VOCAB_H

#include <stdint.h>

enum easel_vocab_id {
    EASEL_VOCAB_GOAL_TAG,
    EASEL_VOCAB_FLAG,
    EASEL_VOCAB_HAZARD,
    EASEL_VOCAB_ALLERGEN,
    EASEL_VOCAB_ETC,
    EASEL_VOCAB_PHASE,
    EASEL_VOCAB_APPROACH,
    EASEL_VOCAB_ROLE,
    EASEL_VOCAB_FORMAT,
    EASEL_VOCAB_COUNT
};

enum easel_flag {
    EASEL_FLAG_SELF_HARM,
    EASEL_FLAG_SUICIDE_RISK,
    EASEL_FLAG_AGGRESSION,
    EASEL_FLAG_SUBSTANCE_USE,
    EASEL_FLAG_INHALANT_USE,
    EASEL_FLAG_MOUTHING,
    EASEL_FLAG_ELOPEMENT,
    EASEL_FLAG_IMMUNOCOMPROMISED,
    EASEL_FLAG_FATIGUE,
    EASEL_FLAG_BED_BOUND,
    EASEL_FLAG_RESPIRATORY,
    EASEL_FLAG_ACUTE_PSYCHOSIS,
    EASEL_FLAG_MANIA,
    EASEL_FLAG_DISSOCIATION,
    EASEL_FLAG_DYSREGULATION,
    EASEL_FLAG_TRAUMA,
    EASEL_FLAG_COMPLEX_TRAUMA,
    EASEL_FLAG_TACTILE_DEFENSIVE,
    EASEL_FLAG_OLFACTORY_SENSITIVE,
    EASEL_FLAG_NOISE_SENSITIVE,
    EASEL_FLAG_VISUAL_IMPAIRMENT,
    EASEL_FLAG_HEARING_IMPAIRMENT,
    EASEL_FLAG_CHILD,
    EASEL_FLAG_OLDER_ADULT,
    EASEL_FLAG_COGNITIVE_IMPAIRMENT,
    EASEL_FLAG_NONVERBAL,
    EASEL_FLAG_GROUP,
    EASEL_FLAG_ONE_HANDED,
    EASEL_FLAG_COUNT
};

enum easel_phase {
    EASEL_PHASE_STABILISATION,
    EASEL_PHASE_SKILLS,
    EASEL_PHASE_PROCESSING,
    EASEL_PHASE_INTEGRATION,
    EASEL_PHASE_COUNT
};

enum easel_role { EASEL_ROLE_WARMUP, EASEL_ROLE_MAIN, EASEL_ROLE_CLOSURE, EASEL_ROLE_COUNT };
enum easel_format { EASEL_FORMAT_INDIVIDUAL, EASEL_FORMAT_GROUP, EASEL_FORMAT_COUNT };
enum easel_etc { EASEL_ETC_KS, EASEL_ETC_PA, EASEL_ETC_CSY, EASEL_ETC_CR, EASEL_ETC_COUNT };

#define EASEL_BIT(i) ((uint64_t)1 << (i))

/* Number of words in a vocabulary, and the word at index i (NULL when out of range). */
int easel_vocab_count(enum easel_vocab_id v);
const char *easel_vocab_name(enum easel_vocab_id v, int i);
/* A client flag in the words a person reads ("suicide risk", not "suicide-risk"); the id's words
   when the id is not a flag (easel_flag_words_of). */
const char *easel_flag_words(int flag);
const char *easel_flag_words_of(const char *id);
/* The word at index i as a person reads it in running text, lower case where the word is
   ("nuts" for nut, "suicide risk" for suicide-risk, "TF-CBT (trauma-focused CBT)" for tf-cbt): the
   flags, allergens and approaches have words of their own, other vocabularies their ids. NULL
   when out of range. */
const char *easel_vocab_words(enum easel_vocab_id v, int i);
const char *easel_vocab_title(enum easel_vocab_id v); /* "goal tag", "hazard", ... */
int easel_vocab_find(enum easel_vocab_id v, const char *word);
int easel_popcount64(uint64_t x);

#endif
