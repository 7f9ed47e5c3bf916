/*
 * easel/report.h — the document model: everything a clinical document shows, as plain C
 * structs, and the renderer that draws it (src/render/doc_*.c) as a paginated A4 PDF (cairo +
 * pango, fonts embedded, title/author/date metadata), a self-contained printable HTML page, or
 * (the supplies list) CSV. The model knows nothing of the store: the application layer fills it
 * (easel/report_data.h, src/app/report_data.c), so the renderer can be tested and benchmarked on
 * a model built in memory.
 *
 * Documents (docs/documents.md): the clinical treatment plan, a client-friendly plan (plain
 * language, large type, reading grade 8 or below), a progress report for a period, a case
 * summary, a discharge summary, and the supplies and purchase list.
 *
 * Owns: nothing. Every pointer in the model is borrowed by the renderer for the duration of the
 * call (typically from the arena of the gatherer). NULL or "" text means "not recorded".
 * Fails: easel_report_write returns EASEL_EINVAL for a kind/format pair that does not exist (CSV
 * is only for the supplies list), EASEL_ENOMEM or EASEL_ETOOBIG when the output buffer cannot
 * grow, EASEL_EIO when cairo fails; the output buffer then holds nothing usable.
 */
#ifndef EASEL_REPORT_H
#define EASEL_REPORT_H

#include "easel/buf.h"
#include "easel/error.h"
#include "easel/score.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum easel_report_kind {
    EASEL_REPORT_PLAN,        /* the clinical treatment plan */
    EASEL_REPORT_CLIENT_PLAN, /* the plan in plain language for the client */
    EASEL_REPORT_PROGRESS,    /* a progress report for a period */
    EASEL_REPORT_SUMMARY,     /* a case summary */
    EASEL_REPORT_DISCHARGE,   /* a discharge summary */
    EASEL_REPORT_SUPPLIES,    /* the supplies and purchase list */
    EASEL_REPORT_GROUP        /* a group program's summary (r->group; docs/groups.md) */
};

enum easel_report_format { EASEL_REPORT_PDF, EASEL_REPORT_HTML, EASEL_REPORT_CSV };

/* "plan", "client-plan", ... -> the kind; -1 when unknown. */
int easel_report_kind_parse(const char *name);
const char *easel_report_kind_name(enum easel_report_kind k);
/* "pdf", "html", "csv" -> the format; -1 when unknown. */
int easel_report_format_parse(const char *name);

struct easel_report_objective {
    const char *number; /* "1.2" */
    const char *smart;  /* the whole SMART objective */
    const char *text;   /* the KB template's short wording, NULL when the KB lacks it */
    const char *measure, *baseline, *target, *target_date;
    int measure_type;                 /* enum easel_measure_type (easel/kb.h), -1 when unknown */
    const char *instrument;           /* the instrument's short name for an instrument objective */
    int baseline_value, target_value; /* the template's numbers (instrument: target) */
    bool edited; /* the therapist rewrote it: documents print smart, not the template's words */
    bool baseline_recorded; /* the baseline comes from recorded data, not "to be measured" */
};

struct easel_report_goal {
    const char *problem;      /* KB problem id */
    const char *problem_name; /* its name in the KB, or the id */
    const char *long_term_goal;
    struct easel_report_objective *objectives;
    size_t n_objectives;
};

/* One intervention placed in the program, with the engine's rationale. */
struct easel_report_intervention {
    int session;           /* 1-based session number in the plan */
    const char *date;      /* planned date */
    const char *phase;     /* stabilisation, skills, ... */
    const char *objective; /* the objective the session serves */
    const char *part;      /* "warm-up", "main", "closure" */
    const char *id, *name; /* KB intervention id and name */
    const char *rationale; /* why it was chosen (main directive), "" for warm-up/closure */
    int minutes;
    const char *media;      /* the KB names of its media, joined by ", "; "" when it uses none */
    const char **media_ids; /* the same media by KB id, in the plan's order */
    size_t n_media_ids;
};

struct easel_report_risk {
    const char *flag, *reason;
};

struct easel_report_check { /* one finding of the plan checker, as saved with the version */
    const char *severity, *rule, *message; /* severity "error" or "warning" */
    int session;                           /* 0: the plan as a whole */
};

struct easel_report_supply {
    const char *medium, *name; /* KB medium id and name */
    const char *unit;          /* what one unit is ("box of 24"), may be NULL */
    int64_t qty_milli;         /* quantity needed in units x 1000 */
    int64_t units;             /* whole units to buy */
    int64_t cost_cents;        /* cost of those units */
    bool on_hand;              /* already in the studio: nothing to buy */
};

struct easel_report_plan {
    bool present; /* false: the client has no plan yet */
    int64_t version;
    const char *status; /* "draft" or "signed" */
    const char *kb_version, *content_hash;
    const char *created_by, *signed_by, *cosigned_by; /* names (or logins) */
    const char *created_on, *signed_on, *cosigned_on; /* YYYY-MM-DD, NULL when not */
    int age;
    const char *setting, *setting_name, *mode;
    int participants, attending, session_minutes, per_week; /* attending: expected at a session */
    const char **flags;
    size_t n_flags;
    const char **client_goals; /* the client's own words */
    size_t n_client_goals;
    struct easel_report_risk *risks;
    size_t n_risks;
    struct easel_report_check *checks; /* the plan checker's findings over this version */
    size_t n_checks;
    struct easel_report_goal *goals;
    size_t n_goals;
    struct easel_report_intervention *interventions;
    size_t n_interventions;
    int n_sessions; /* planned sessions */
    const char *first_date, *last_date;
    const char **setting_notes; /* the setting's rules that apply to everyone there */
    size_t n_setting_notes;
    struct easel_report_supply *supplies;
    size_t n_supplies;
    int64_t total_cost_cents;
    const char *budget_note; /* NULL when within budget */
    const char *safety_note; /* the engine's safety note for the whole plan, NULL when none */
};

struct easel_report_person {
    const char *name, *role;
};

struct easel_report_attendance {
    int attended, cancelled, no_show;
    int64_t minutes;                 /* attended minutes */
    int group_total, group_attended; /* of those, group sessions (a group note's copies) */
};

struct easel_report_session {
    const char *date;
    int64_t minutes;
    const char *attendance, *mode, *note_format;
    const char *note;      /* the note's fields flattened to text ("Subjective: ... Plan: ...") */
    const char *signed_by; /* the signer's name, NULL for a draft note */
    const char *signed_on; /* YYYY-MM-DD (UTC), NULL for a draft */
};

/* One point of a trajectory. */
struct easel_report_point {
    const char *date;
    bool valid;
    int total_x100;
    bool has_percent; /* the instrument's published form is a percentage (WHO-5) */
    int percent_x100;
};

struct easel_report_series {
    const char *instrument, *name;         /* KB id, full name */
    const struct easel_instrument *kb_def; /* its KB definition (bands for the chart) */
    struct easel_report_point *points;
    size_t n_points;
    int min_x100, max_x100; /* the instrument's score range */
    bool has_cutoff;
    int cutoff_x100; /* the clinical cut-off */
    bool higher_is_worse;
    bool summarised; /* at least one valid administration */
    struct easel_progress progress;
    struct easel_cs_cutoffs cs; /* clinical-significance cut-offs (available or not) */
    struct easel_alert alerts[EASEL_ALERTS_MAX];
    size_t n_alerts;
};

struct easel_report_gas {
    const char *objective, *description;
    int64_t weight;
    bool rated;
    const char *date;
    int score; /* -2..+2 */
};

struct easel_report_rating {
    const char *date, *objective; /* objective: its number in the latest plan that holds it */
    int rating;                   /* -2..+2 from the session note */
    const char *key;              /* the objective's identity across plan versions */
    const char *words;            /* its SMART text, or NULL */
};

/* An artwork the record may show. The gatherer hands over only what consent allows. */
struct easel_report_artwork {
    int64_t id;
    const char *date, *title, *medium, *client_words;
    const char *mime; /* image/png or image/jpeg */
    int64_t width, height;
    const unsigned char *bytes;
    size_t len;
    /* the computer-assisted formal elements of its flattened sheet; -1: not measured */
    int64_t space_x1e4, colours, entropy_x1e3, edges_x1e4;
};

/* A group program's summary: for the clinical team, never for members (it names them). */
struct easel_report_group_session {
    int64_t number;
    const char *date, *directive, *media, *themes, *status;
    int present, listed; /* members there (attended, late, left early) of those on the roster */
};

struct easel_report_group_member {
    const char *name, *start_date, *end_date, *end_reason; /* end_*: NULL while a member */
    int held, attended, late, left_early, absent, cancelled;
    int64_t minutes;
};

struct easel_report_group {
    const char *name, *kind, *schedule; /* schedule in words */
    const char **facilitators;          /* "Name (lead)" */
    size_t n_facilitators;
    const char **goals; /* the group's focus, problem names; empty when not computed */
    size_t n_goals;
    struct easel_report_group_session *sessions;
    size_t n_sessions;
    struct easel_report_group_member *members;
    size_t n_members;
    int planned, documented, signed_sessions, any, present, expected;
};

struct easel_report {
    enum easel_report_kind kind;
    const char *date;     /* the document's date, YYYY-MM-DD (also its PDF creation date) */
    const char *practice; /* the practice's name, NULL when not set */
    bool letter;          /* the practice prints on US Letter; else A4 */
    const char *author;   /* who produced the document */
    const char *client_ref, *client_name, *client_status;
    int64_t birth_year; /* 0 unknown */
    const char *setting_name;
    struct easel_report_person *team;
    size_t n_team;
    const char *from, *to; /* the period covered (YYYY-MM-DD) */
    struct easel_report_plan plan;
    struct easel_report_attendance attendance;
    struct easel_report_session *sessions; /* in the period, oldest first */
    size_t n_sessions;
    const char *first_session, *last_session; /* over the whole record, NULL when none */
    size_t n_sessions_total;
    struct easel_report_series *series;
    size_t n_series;
    struct easel_report_gas *gas;
    size_t n_gas;
    bool gas_t_available;
    double gas_t; /* the GAS T-score of the latest ratings */
    struct easel_report_rating *ratings;
    size_t n_ratings;
    struct easel_report_artwork *artworks;
    size_t n_artworks;
    size_t n_artworks_withheld; /* artworks left out for lack of consent (a count only) */
    const char **recommendations;
    size_t n_recommendations;
    const struct easel_report_group *group; /* EASEL_REPORT_GROUP only */
};

/* Draw the document r->kind in the format into out (appended). */
int easel_report_write(const struct easel_report *r, enum easel_report_format fmt,
                       struct easel_buf *out, struct easel_error *err);

/* The Flesch-Kincaid grade of the document's running text (headings, paragraphs and list items;
   tables and signature lines are left out). */
int easel_report_grade(const struct easel_report *r, double *grade, struct easel_error *err);

#endif
