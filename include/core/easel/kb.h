/*
 * easel/kb.h — the knowledge base as the engine sees it: problems, interventions, media,
 * settings, rules and instruments (docs/kb-format.md), with every cross-reference resolved
 * to an index. Items of each kind are sorted by id, so every walk over the KB is deterministic.
 *
 * Owns: all strings and arrays live in `arena` and are freed by easel_kb_release.
 * Borrows: nothing. Filled by src/kb (the loader); core only reads it.
 * Fails: lookups return NULL / -1 for an unknown id.
 */
#ifndef EASEL_KB_H
#define EASEL_KB_H

#include "easel/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct easel_lexicon;

struct easel_strlist {
    const char **items;
    size_t n;
};

struct easel_idlist { /* resolved references */
    const char **ids;
    int *index;
    size_t n;
};

enum easel_measure_type {
    EASEL_MEASURE_INSTRUMENT,
    EASEL_MEASURE_FREQUENCY,
    EASEL_MEASURE_OBSERVED,
    EASEL_MEASURE_GAS
};

struct easel_objective_tpl {
    const char *id;
    const char *text;
    uint64_t goal_tags;
    int when_flag;     /* -1: always */
    uint32_t not_when; /* client flags that make the template unfit (e.g. homework with
                          cognitive impairment) */
    enum easel_measure_type measure;
    const char *instrument_id;
    int instrument;            /* index, -1 unless measure == INSTRUMENT */
    bool target_higher_better; /* frequency and observed: "at least" the target, else "at most" */
    int target;                /* instrument: target_below / target_at_least; else target value */
    int baseline; /* template's (direction only, never shown as the client's); -1: none */
    const char *unit;
};

struct easel_problem {
    const char *id, *name, *basis, *file;
    int version;
    struct easel_strlist definitions, long_term_goals;
    uint64_t goal_tags;
    bool requires_stabilisation;
    struct easel_objective_tpl *objectives;
    size_t n_objectives;
};

struct easel_media_use {
    const char *id;
    int medium;
    int64_t qty_milli;     /* units x 1000 per participant per session */
    const char *role;      /* how the item's text names it, "{role}"; NULL: text never names it */
    bool optional;         /* dropped, with the texts naming its role, when no medium is allowed */
    uint32_t text_hazards; /* hazards named in the texts that refer to this role (easel_lexicon) */
};

enum easel_intervention_type {
    EASEL_ITYPE_ART_DIRECTIVE,
    EASEL_ITYPE_TECHNIQUE,
    EASEL_ITYPE_INTEGRATED
};

struct easel_intervention {
    /* read for every intervention of every plan (constraints.c): the first two cache lines */
    uint32_t roles, formats, phases, contraindications;
    uint32_t requires;     /* client flags that must all be present */
    uint32_t text_hazards; /* hazards named in texts that refer to no optional role */
    uint32_t etc, approaches;
    uint32_t stages; /* stages of change it is written for (bits of enum easel_stage); 0: any */
    int age_min, age_max;
    int demand_cognitive, demand_motor, demand_verbal;
    int intensity;
    int min_minutes, typical_minutes;
    int split_after; /* two_sessions.after_step: the making may pause after this step until the
                        next session; 0: one session only */
    uint64_t goal_tags;
    struct easel_media_use *media;
    size_t n_media;
    struct easel_idlist settings; /* settings it is written for; n == 0: any */
    struct easel_idlist problems; /* presenting problems it is written for; n == 0: any */
    enum easel_intervention_type type;
    bool safety_plan;   /* a collaborative safety plan (main) or its review (warm-up): what
                           session 1 holds when a risk flag is raised */
    bool clinic;        /* read from the clinic's overlay folder (easel_kb_load), not shipped */
    bool final_session; /* made for the last session: review, the artworks' fate, goodbye */
    /* read for the items a plan places, and by the KB's readers */
    const char *id, *name, *summary, *basis, *file;
    int version;
    struct easel_strlist themes, steps, questions;
    /* format 2: questions by ability (empty: easel's generic ones), group steps (empty: steps) */
    struct easel_strlist q_concrete, q_choice, q_nonverbal, group_steps;
};

struct easel_medium {
    const char *id, *name, *category, *unit, *basis, *file;
    int version;
    int fluidity, structure, tactile, motor_demand;
    uint32_t hazards, allergens;
    int64_t unit_cost_cents;
    bool reusable, ap_seal;
    struct easel_idlist alternatives;
    const char *noun;           /* how running text names it (default: the name, first letter
                                   in lower case) */
    struct easel_strlist words; /* other words that name it in text */
    int64_t sub_qty_milli;      /* per participant per session as a substitute; 0: the original's */
};

/* The words that name a hazard in text (kb/hazards/ID.json), indexed by the hazard vocabulary. */
struct easel_hazard_words {
    const char *id, *name, *basis, *file;
    int version;
    struct easel_strlist words;
};

struct easel_setting_rule {
    const char *text, *basis;
};

struct easel_setting {
    const char *id, *name, *basis, *file;
    int version;
    uint32_t excluded_hazards;
    struct easel_idlist excluded_media, excluded_interventions, measures;
    int session_minutes, sessions, per_week;
    bool single_use_kits;
    bool continuity; /* a client is seen again next time: a directive may span two sessions
                        (false: shelters, acute wards, hospice) */
    bool iep_objectives;
    struct easel_strlist session_notes;
    struct easel_setting_rule *rules;
    size_t n_rules;
};

struct easel_rule {
    const char *id, *name, *basis, *explain, *file;
    int version;
    int when_flag;
    uint32_t exclude_hazards;
    struct easel_idlist exclude_media;
    int max_intensity, max_fluidity; /* 5 = no cap */
    bool no_processing, requires_stabilisation;
};

/* Scoring data of an instrument (docs/kb-format.md "instrument"; scored by easel/score.h). Item
   sets are bitmasks: bit i-1 stands for item i (an instrument has at most 32 items). */
enum easel_scoring {
    EASEL_SCORING_SUM,        /* keyed answers added up */
    EASEL_SCORING_PERCENTAGE, /* the sum, also reported as sum x percent_factor (WHO-5) */
    EASEL_SCORING_YES_NO      /* answers 0 = no, 1 = yes; a reverse item scores a point for "no" */
};

enum easel_missing_rule {
    EASEL_MISSING_INVALID, /* any blank item makes the administration invalid */
    EASEL_MISSING_PRORATE, /* total = items x sum / answered, up to max_missing blanks (CORE-10) */
    EASEL_MISSING_ZERO     /* blanks score 0, up to max_missing blanks (PSC-17) */
};

struct easel_subscale {
    const char *name; /* a-z, 0-9, '-' */
    uint32_t items;   /* bitmask of its items */
    int cutoff;       /* positive at or above this subscale total; -1: no cut-off */
    int count_answer; /* count rule: items answered at least count_answer ... */
    int count_min;    /* ... must number at least count_min; 0: no count rule */
};

struct easel_band { /* a severity band over whole total points, from..to inclusive */
    int from, to;
    const char *label;
};

struct easel_option { /* a response option as printed: its answer value and words */
    int value;
    const char *text;
};

/* The published wording of an instrument (docs/kb-format.md "Wording"): present only where the
   licence allows reproduction and the text was found in a cited source; otherwise every text is
   NULL, n_options 0 and withheld_reason says why. */
struct easel_wording {
    const char *stem;                /* the instruction as printed; NULL none */
    struct easel_strlist item_texts; /* n == items, or 0 when withheld */
    struct easel_option *options;    /* in printed order, each of item_min..item_max once */
    size_t n_options;
    const char *source_url; /* where the text was taken from; NULL none */
    const char *source_title;
    const char *source_note;     /* how it was checked, differences between copies */
    const char *licence;         /* the licence statement for reproducing the wording */
    const char *withheld_reason; /* why the wording is not shown; NULL when it is */
};

struct easel_instrument {
    const char *id, *name, *construct, *licence, *loinc, *basis, *file;
    int version;
    int items, item_min, item_max, total_min, total_max;
    bool higher_is_worse;
    int clinical_cutoff;
    int age_min, age_max;
    int risk_item;         /* 1-based; 0 none */
    int recall_days;       /* the period the items ask about: a target date comes no sooner than
                              this after the baseline; 0 when not given */
    const char *informant; /* who answers: "self", "caregiver" or "clinician" */
    /* scoring */
    enum easel_scoring scoring;
    int percent_factor;               /* PERCENTAGE only; else 0 */
    uint32_t reverse_items;           /* keyed item_min + item_max - answer */
    const char *item_keys;            /* how answers are entered and keyed; NULL none */
    struct easel_strlist item_labels; /* easel's own short content labels; n == items or 0 */
    int max_missing;                  /* blanks allowed in a valid administration */
    enum easel_missing_rule missing_rule;
    struct easel_subscale *subscales;
    size_t n_subscales;
    struct easel_band *bands; /* ascending, covering total_min..total_max; may be empty */
    size_t n_bands;
    const char *alt_bands_name; /* a second, named band set (K10: ABS); NULL none */
    struct easel_band *alt_bands;
    size_t n_alt_bands;
    /* reliable change (Jacobson-Truax): SD and reliability in thousandths; 0 when not given */
    int rel_sd_milli, rel_r_milli;
    const char *rel_coefficient; /* "test-retest" or "alpha"; NULL when not given */
    bool rel_illustrative;       /* the values are illustrative, not sourced */
    /* norms for clinical significance (thousandths); has_norms false when not given */
    bool has_norms;
    int norm_func_mean_milli, norm_func_sd_milli, norm_dys_mean_milli, norm_dys_sd_milli;
    const char *norm_func_label, *norm_dys_label;
    /* NHS Talking Therapies: caseness at or above, reliable change of at least; 0: not used */
    int tt_caseness, tt_reliable_change;
    struct easel_wording wording; /* the published wording, or why it is withheld */
};

/* An index of a shared reference document (kb/references/ID.json): the sections and reference
   numbers a basis may cite. */
struct easel_reference {
    const char *id, *name, *basis, *file; /* name: the document, e.g. "clinical.md" */
    int version;
    struct easel_strlist sections, refs;
};

struct easel_kb {
    struct easel_arena arena;
    struct easel_problem *problems;
    size_t n_problems;
    struct easel_intervention *interventions;
    size_t n_interventions;
    struct easel_medium *media;
    size_t n_media;
    struct easel_setting *settings;
    size_t n_settings;
    struct easel_rule *rules;
    size_t n_rules;
    struct easel_instrument *instruments;
    size_t n_instruments;
    struct easel_hazard_words *hazards; /* one per file read, sorted by id */
    size_t n_hazards;
    struct easel_reference *references; /* the citable documents; none: citations unchecked */
    size_t n_references;
    struct easel_lexicon *lexicon; /* every hazard word and medium word (easel/lexicon.h) */
    char version[65];              /* SHA-256 hex over every item, in id order */
};

int easel_kb_problem(const struct easel_kb *kb, const char *id);
int easel_kb_intervention(const struct easel_kb *kb, const char *id);
int easel_kb_medium(const struct easel_kb *kb, const char *id);
int easel_kb_setting(const struct easel_kb *kb, const char *id);
int easel_kb_rule(const struct easel_kb *kb, const char *id);
int easel_kb_instrument(const struct easel_kb *kb, const char *id);

void easel_kb_release(struct easel_kb *kb);

#endif
