/*
 * cli/cmd_demo.c — `easel demo [--clients N] [--sessions-per-client M] [--seed S] [--force yes]
 * [--artworks drawn|tiny] [--today D] [--examples DIR]`: fills the client record (--db, like every
 * store command) with a synthetic practice for demonstrations and benchmarks:
 *   - N clients (default 24) spread round-robin over every KB setting that has an example
 *     profile, refs "demo-0001"..., names made of obviously fictional first and last names;
 *   - one profile each: the example profile of its setting (examples/, or --examples DIR) as a
 *     text template, with the "client" value replaced and every date value moved by the same
 *     number of days so that start_date is the first session's date (measures and assessments
 *     keep their distance before it), parsed and validated against the KB before anything is
 *     stored;
 *   - one plan each, built by the engine, stored as JSON (version 1) and signed for about half;
 *   - M sessions each (default 12), weekly, all before 2026-11-01 (within the last year when M
 *     is at most 52), with SOAP notes drawn from a small set of synthetic sentences, checked by
 *     easel_note_check, and signed by their author (the --user);
 *   - or, with --today D, the practice as it stands on D: each client between a quarter of the
 *     way and all M sessions into their program, the last session within the week before D,
 *     and a third of the clients' latest notes still drafts.
 * Every fourth attended session adds the setting's measure, every fifth an artwork: drawn and
 * photographed by the render layer (easel_render_demo_artwork: a subject, medium and hand that
 * fit the client's age), a JPEG from the image layer, stored through the one ingest rule
 * (easel_app_artwork_add: metadata stripped, thumbnail and display size, the sheet); with more
 * than DRAWN_MAX_SESSIONS sessions in all (the benchmarks) the tiny 3x2 PNG instead, unless
 * --artworks says.
 *
 * Deterministic: every value stored comes from the seed (a per-client xorshift64* stream
 * seeded by splitmix64 of seed and client number), never from the clock; only the timestamps
 * the store itself records (created_at, the audit log's times) differ from run to run. No
 * client data is printed: the summary line carries counts only.
 *
 * Owns: the KB, the template texts and every per-client buffer, profile and plan (released
 * before the next client). Borrows: the option strings in argv.
 * Fails: exit 2 for bad options and for a database that already has clients (unless --force
 * yes); 3 for a template that does not validate; 4/5 for the KB or the examples folder; the
 * store's exit codes otherwise. Writes go in batches of about 500 (easel_store_batch_begin/end)
 * closed at client boundaries: on a failure the open batch is rolled back, so every client is
 * stored whole or not at all, and the clients of earlier batches stay (the message says how
 * many).
 */
#include "cli.h"
#include "easel/rand.h"
#include "easel/app_artwork.h"
#include "easel/image.h"
#include "easel/image_probe.h"
#include "easel/note.h"
#include "easel/plan.h"
#include "easel/profile_load.h"
#include "easel/render.h"
#include "easel/score.h"
#include "easel/store.h"
#include "easel/util.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_WRITES 500
#define MAX_TEMPLATES 64
#define LAST_DAY "2026-10-31" /* sessions end before 2026-11-01 */
/* More sessions than this in all (clients x sessions each; the default is 288, the benchmarks
   go to 10,400 and more): artworks are the tiny image unless --artworks drawn. About 200
   drawn artworks, half a minute. */
#define DRAWN_MAX_SESSIONS 1200

/* ---- the pseudo-random stream: xorshift64*, seeded through splitmix64 ------------------- */

struct rng {
    uint64_t s;
};

static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
    r->s = easel_splitmix64(seed ^ easel_splitmix64(stream));
    if (!r->s)
        r->s = 0x2545F4914F6CDD1Du;
}

static uint64_t rng_next(struct rng *r)
{
    return easel_xorshift64s(&r->s);
}

/* A whole number in [0, n). */
static size_t rng_below(struct rng *r, size_t n)
{
    return n ? (size_t)((rng_next(r) >> 11) % n) : 0;
}

#define PICK(r, list) (list)[rng_below((r), sizeof(list) / sizeof((list)[0]))]

/* ---- synthetic words ------------------------------------------------------------------- */

/* Invented for the demo; no real person is meant. */
static const char *const first_names[] = {
    "Juniper", "Marigold", "Bramble", "Quill",   "Pebble",  "Sorrel", "Tansy", "Wren",
    "Clover",  "Fennel",   "Indigo",  "Saffron", "Thistle", "Cobalt", "Ember", "Moss"};
static const char *const last_names[] = {"Placeholder", "Testworth", "Samplesby",  "Democroft",
                                         "Examplar",    "Mockridge", "Fictionby",  "Notaname",
                                         "Dummington",  "Synthwood", "Pretendale", "Madeupson"};

static const char *const s_attended[] = {
    "Client reported a difficult week and said drawing helped them settle.",
    "Client said sleep has been better and arrived on time.",
    "Client described feeling tense before the session and calmer afterwards.",
    "Client said they practised the grounding exercise twice at home.",
    "Client reported low mood on two days and wanted to try something new.",
    "Client said they were unsure about today's material but willing to try."};
static const char *const o_attended[] = {
    "Worked steadily for most of the directive; chose warm colours and filled the page.",
    "Hesitated at first, then completed the image and titled it without prompting.",
    "Used broad strokes early and slower, careful marks towards the end.",
    "Engaged with the material throughout; needed one reminder about the time.",
    "Kept the image small at the centre of the page; posture relaxed by the closure.",
    "Talked while working and paused twice to look at the image from a distance."};
static const char *const a_attended[] = {
    "Engagement is good; the directive matched the current phase of the plan.",
    "Some progress towards the current objective; regulation held during processing.",
    "Tolerated the reflective part better than in earlier sessions.",
    "Mood appears stable; no new risk indicators observed.",
    "Still avoids discussing the image in detail; pacing remains appropriate."};
static const char *const p_attended[] = {
    "Continue with the next session of the plan as written.",
    "Repeat the grounding warm-up next week before the main directive.",
    "Review the objective ratings with the client at the next session.",
    "Keep the same material next week; offer a smaller format if needed."};
static const char *const s_missed[] = {
    "Session cancelled by the client in advance; no reason given.",
    "Client did not attend and did not call; a message was left."};
static const char *const o_missed[] = {"No session took place.",
                                       "Not applicable: the client was not seen."};
static const char *const a_missed[] = {"One missed session; attendance is otherwise regular.",
                                       "Attendance to be reviewed if another session is missed."};
static const char *const p_missed[] = {"Offer the next regular appointment.",
                                       "Contact the client before the next appointment."};

/* ---- templates -------------------------------------------------------------------------- */

struct example {
    char *name; /* file name, for messages */
    struct easel_buf text;
    int setting;       /* KB index */
    int64_t start_day; /* its start_date, days since 1970-01-01 */
};

struct demo {
    struct easel_kb kb;
    struct example t[MAX_TEMPLATES]; /* the example profiles, by file name */
    size_t n_t;
    int settings[64]; /* KB settings that have at least one template, in KB order */
    size_t n_settings;
    uint64_t seed;
    long clients, per_client, first_number;
    int64_t last_day;
    bool as_of_today; /* --today: each client partway through, the last session in that week */
    bool drawn;       /* artworks drawn and photographed (easel/render.h), else the tiny image */
    /* what was stored */
    long stored_clients, plans, signed_plans, sessions, signed_notes, measures, artworks;
    long committed; /* clients in batches that committed */
    int writes_in_batch;
};

static int load_templates(struct demo *d, const char *dir)
{
    struct easel_error err = {0};
    char **names = NULL;
    size_t n = 0;
    int rc = easel_dir_list(dir, ".json", &names, &n, &err);
    if (rc)
        return cli_error(&err);
    for (size_t i = 0; i < n && !rc; i++) {
        if (d->n_t == MAX_TEMPLATES) {
            fprintf(stderr, "easel demo: note: only the first %d example profiles in %s are used\n",
                    MAX_TEMPLATES, dir);
            break;
        }
        struct example *t = &d->t[d->n_t];
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        easel_buf_init(&t->text, EASEL_PROFILE_FILE_MAX + 1);
        t->name = strdup(names[i]);
        d->n_t++;
        if (!t->name) {
            easel_error_set(&err, EASEL_ENOMEM, path, "", "out of memory");
            rc = cli_error(&err);
            break;
        }
        struct easel_profile p;
        rc = easel_file_read(path, EASEL_PROFILE_FILE_MAX, &t->text, &err);
        if (!rc)
            rc = easel_profile_parse(&p, &d->kb, path, t->text.data, t->text.len, &err);
        if (rc) {
            rc = cli_error(&err);
            break;
        }
        t->setting = p.setting;
        easel_date_parse(p.start_date, &t->start_day);
        easel_profile_release(&p);
    }
    easel_dir_list_free(names, n);
    if (rc)
        return rc;
    if (!d->n_t) {
        easel_error_set(&err, EASEL_EINVAL, dir, "", "no example profile (*.json) found");
        return cli_error(&err);
    }
    for (size_t s = 0; s < d->kb.n_settings; s++) {
        bool has = false;
        for (size_t i = 0; i < d->n_t; i++)
            has = has || d->t[i].setting == (int)s;
        if (has && d->n_settings < sizeof(d->settings) / sizeof(d->settings[0]))
            d->settings[d->n_settings++] = (int)s;
        else if (!has)
            fprintf(stderr,
                    "easel demo: note: setting %s has no example profile in %s; no demo "
                    "clients are placed there\n",
                    d->kb.settings[s].id, dir);
    }
    return EXIT_OK;
}

/* The idx-th template (by file name) of a setting. */
static const struct example *template_for(const struct demo *d, int setting, size_t idx)
{
    size_t count = 0;
    for (size_t i = 0; i < d->n_t; i++)
        count += d->t[i].setting == setting;
    idx %= count;
    for (size_t i = 0; i < d->n_t; i++)
        if (d->t[i].setting == setting && idx-- == 0)
            return &d->t[i];
    return NULL;
}

/* Copy text into out with the string value of key ("key": "value") replaced. The key must occur
   exactly once, outside escaped quotes, with a plain string value; -1 otherwise. The parse that
   follows checks that the replacement landed on the top-level field. */
static int substitute(struct easel_buf *out, const char *text, const char *key, const char *value)
{
    char quoted[64];
    snprintf(quoted, sizeof(quoted), "\"%s\"", key);
    size_t klen = strlen(quoted);
    const char *open = NULL;
    int found = 0;
    for (const char *p = text; (p = strstr(p, quoted)) != NULL; p += klen) {
        if (p > text && p[-1] == '\\')
            continue;
        const char *q = p + klen;
        q += strspn(q, " \t\r\n");
        if (*q != ':')
            continue;
        q++;
        q += strspn(q, " \t\r\n");
        if (*q != '"')
            return -1;
        open = q + 1;
        found++;
    }
    if (found != 1)
        return -1;
    const char *close = open;
    while (*close && *close != '"' && *close != '\\')
        close++;
    if (*close != '"')
        return -1;
    easel_buf_add(out, text, (size_t)(open - text));
    easel_buf_puts(out, value);
    easel_buf_puts(out, close);
    return out->failed ? -1 : 0;
}

static bool is_date_at(const char *q)
{
    static const char shape[] = "dddd-dd-dd";
    for (int i = 0; i < 10; i++)
        if (shape[i] == 'd' ? !(q[i] >= '0' && q[i] <= '9') : q[i] != '-')
            return false;
    return true;
}

/* Copy text into out with every string value that is a date ("YYYY-MM-DD") moved by delta days:
   start_date, measure and assessment dates keep their distances, so a baseline stays before the
   first session. */
static int shift_dates(struct easel_buf *out, const char *text, int64_t delta)
{
    const char *from = text;
    for (const char *q = text; *q; q++) {
        if (*q != '"' || (q > text && q[-1] == '\\') || !is_date_at(q + 1) || q[11] != '"')
            continue;
        char date[11];
        int64_t day;
        memcpy(date, q + 1, 10);
        date[10] = '\0';
        if (easel_date_parse(date, &day))
            continue;
        easel_date_format(day + delta, date);
        easel_buf_add(out, from, (size_t)(q + 1 - from));
        easel_buf_add(out, date, 10);
        from = q + 11;
        q += 11;
    }
    easel_buf_puts(out, from);
    return out->failed ? -1 : 0;
}

/* ---- one client --------------------------------------------------------------------------- */

static void note_sentence(struct easel_buf *b, const char *key, const char *text, bool first)
{
    easel_buf_printf(b, "%s\"%s\": ", first ? "" : ", ", key);
    easel_buf_json_str(b, text);
}

/* A SOAP note for session j of n; attended sessions rate progress on one plan objective and list
   the media the plan's session of that number uses. */
static void make_note(struct easel_buf *b, struct rng *r, const struct easel_plan *plan,
                      const struct easel_kb *kb, size_t j, size_t n, bool attended)
{
    easel_buf_puts(b, "{");
    if (!attended) {
        note_sentence(b, "subjective", PICK(r, s_missed), true);
        note_sentence(b, "objective", PICK(r, o_missed), false);
        note_sentence(b, "assessment", PICK(r, a_missed), false);
        note_sentence(b, "plan", PICK(r, p_missed), false);
        easel_buf_puts(b, "}");
        return;
    }
    note_sentence(b, "subjective", PICK(r, s_attended), true);
    note_sentence(b, "objective", PICK(r, o_attended), false);
    note_sentence(b, "assessment", PICK(r, a_attended), false);
    note_sentence(b, "plan", PICK(r, p_attended), false);
    if (plan->n_objectives) {
        const struct easel_plan_objective *ob = &plan->objectives[rng_below(r, plan->n_objectives)];
        /* ratings drift from -1 towards +2 over the course, with some noise */
        long rating = -1 + (long)(3 * j / (n > 1 ? n - 1 : 1)) + (long)rng_below(r, 3) - 1;
        rating = rating < -2 ? -2 : (rating > 2 ? 2 : rating);
        easel_buf_printf(b, ", \"progress\": [{\"objective\": ");
        easel_buf_json_str(b, ob->number);
        easel_buf_printf(b, ", \"rating\": %ld}]", rating);
    }
    if (plan->n_sessions) {
        const struct easel_plan_item *main = &plan->sessions[j % plan->n_sessions].main;
        if (main->intervention >= 0 && main->n_media) {
            easel_buf_puts(b, ", \"media_used\": [");
            for (size_t m = 0; m < main->n_media && m < 8; m++) {
                easel_buf_puts(b, m ? ", " : "");
                easel_buf_json_str(b, kb->media[main->media[m]].id);
            }
            easel_buf_puts(b, "]");
        }
    }
    easel_buf_puts(b, "}");
}

/* Close the open batch and open the next one once it holds BATCH_WRITES writes. */
static int batch_roll(struct demo *d, struct easel_store *s, struct easel_error *err)
{
    if (d->writes_in_batch < BATCH_WRITES)
        return 0;
    d->writes_in_batch = 0;
    int rc = easel_store_batch_end(s, 0, err);
    if (!rc)
        d->committed = d->stored_clients;
    return rc ? rc : easel_store_batch_begin(s, err);
}

/* The first of the setting's usual measures that fits the client's age, or NULL. */
static const struct easel_instrument *demo_instrument(const struct easel_kb *kb,
                                                      const struct easel_profile *p)
{
    const struct easel_setting *st = &kb->settings[p->setting];
    for (size_t k = 0; k < st->measures.n; k++) {
        const struct easel_instrument *in = &kb->instruments[st->measures.index[k]];
        if (p->age >= in->age_min && p->age <= in->age_max)
            return in;
    }
    return NULL;
}

/* One administration with synthetic answers, scored by core and stored with every answer. */
static int demo_measure(struct easel_store *s, struct rng *r, const struct easel_instrument *in,
                        int64_t client, const char *date, struct easel_error *err)
{
    int answers[EASEL_PROFILE_MAX_ITEMS];
    char text[200] = "";
    for (int k = 0; k < in->items && k < EASEL_PROFILE_MAX_ITEMS; k++) {
        answers[k] = in->item_min + (int)rng_below(r, (size_t)(in->item_max - in->item_min + 1));
        if (in->risk_item == k + 1)
            answers[k] = in->item_min; /* the demo raises no risk flags */
        size_t len = strlen(text);
        snprintf(text + len, sizeof(text) - len, "%s%d", k ? "," : "", answers[k]);
    }
    struct easel_score_result sc;
    int rc = easel_score(in, answers, in->items, &sc, err);
    struct easel_measure_record m = {.client = client,
                                     .instrument = in->id,
                                     .date = date,
                                     .answers = text,
                                     .total_x100 = sc.valid ? sc.total_x100 : -1};
    int64_t id;
    if (!rc)
        rc = easel_measure_add(s, &m, &id, err);
    return rc;
}

/* ---- drawn artworks (easel_render_demo_artwork) ---------------------------------------- */

/* Titles and the client's own words by subject (easel_demo_subject), child-like first; no name
   of anyone. */
static const char *const art_titles[EASEL_DEMO_SUBJECTS][2][5] = {
    {{"Me", "My family", "Me and my friend", "Me at school", "Happy me"},
     {"Body map", "Where I feel it", "Me right now", "Inside me", "What my body holds"}},
    {{"Me in the rain", "Rainy day", "Person in the rain", "Under the umbrella", "Rain"},
     {"Person in the rain", "Rain", "Weather", "Standing in the rain", "Rainy day"}},
    {{"My house", "House with a big door", "Grandma's house", "Our house", "A house"},
     {"Home", "The house I grew up in", "A house to feel safe in", "Where I live now",
      "The old house"}},
    {{"My tree", "The apple tree", "A big tree", "Tree and sun", "Tree"},
     {"Tree of life", "Roots", "The tree outside my window", "Still standing", "Growing"}},
    {{"Scribbles", "Colours", "Angry scribble", "Fast and slow", "Lines"},
     {"Colours of today", "How this week felt", "Angry and calm", "Untitled", "Layers"}},
    {{"Mandala", "My circle", "Calm circle", "Flower circle", "Colouring"},
     {"Mandala", "Mandala for today", "Calm circle", "Centre", "Circle"}},
    {{"My safe place", "Rainbow day", "The hills", "Outside", "Sunny day"},
     {"Safe place", "My safe place", "Where I go in my head", "Quiet place", "Far away"}},
};
static const char *const art_words[EASEL_DEMO_SUBJECTS][2][3] = {
    {{"That's me. I'm happy in it.", "The small one is me.", "I did my best shoes."},
     {"That's where it gets tight when I'm anxious.",
      "I didn't know where the worry goes, so it went in the head.",
      "It felt strange to colour myself in."}},
    {{"It's raining but I'm OK.", "I drew the cloud first.", "The rain is really loud."},
     {"It's raining but I'm OK.", "I wanted more cover than that.",
      "The rain felt like the week."}},
    {{"The door is big so everyone can come in.", "That's my room with the window.",
      "There's a fire inside, that's why there's smoke."},
     {"It looks calmer on paper than it was.", "I wanted it to look lived in.",
      "The path is the part I liked drawing."}},
    {{"It has apples because it's summer.", "A bird lives in it.", "It's the biggest tree."},
     {"The roots go down a long way.", "It's an old tree but it's still growing.",
      "I kept going back to the branches."}},
    {{"I just pressed hard.", "This one is angry and this one is not.", "I like the loops."},
     {"This is what the week felt like.", "The dark bit is the bad day.",
      "I liked mixing the colours."}},
    {{"I coloured the middle first.", "It's a flower.", "I didn't finish it."},
     {"Colouring it in slowed me down.", "I didn't finish it and that's fine.",
      "The middle is the calm part."}},
    {{"I want to go there.", "It stopped raining there.", "Nobody is sad there."},
     {"I'd go there if I could.", "It's quiet there, nobody asks anything.",
      "I can hear the sea when I look at it."}},
};

/* Pick one index by weight. */
static size_t weighted(struct rng *r, const int *weights, size_t n)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += weights[i];
    int roll = (int)rng_below(r, (size_t)total);
    for (size_t i = 0; i < n; i++) {
        if (roll < weights[i])
            return i;
        roll -= weights[i];
    }
    return n - 1;
}

/* What a client of this age would make in a session: a subject, a medium, a child's or an
   adult's hand; its KB medium id, a title, sometimes the client's words. */
static void choose_art(struct rng *r, int age, struct easel_demo_art *art, const char **medium,
                       const char **title, const char **words)
{
    /* figure, rain, house, tree, abstract, mandala, landscape */
    static const int subj_child[] = {4, 1, 4, 3, 2, 1, 3}, subj_adult[] = {2, 1, 1, 2, 3, 2, 3};
    /* crayon, marker, watercolour, pencil, graphite */
    static const int med_child[] = {5, 4, 1, 2, 0}, med_teen[] = {1, 3, 1, 3, 2},
                     med_adult[] = {3, 2, 3, 2, 2};
    bool child = age < 13, teen = age >= 13 && age < 18;
    art->adult = child ? false : (teen ? rng_below(r, 2) == 0 : rng_below(r, 7) != 0);
    art->subject = (enum easel_demo_subject)weighted(r, art->adult ? subj_adult : subj_child, 7);
    art->medium = (enum easel_demo_medium)weighted(
        r, child ? med_child : (teen ? med_teen : med_adult), EASEL_DEMO_MEDIA);
    art->photographed = true;
    switch (art->medium) {
    case EASEL_DEMO_CRAYON:
        *medium = art->adult ? "oil-pastels" : (age < 7 ? "jumbo-crayons" : "crayons");
        break;
    case EASEL_DEMO_MARKER:
        *medium = "washable-markers";
        break;
    case EASEL_DEMO_WATERCOLOUR:
        *medium = "watercolour-set";
        break;
    case EASEL_DEMO_PENCIL:
        *medium = "coloured-pencils";
        break;
    case EASEL_DEMO_GRAPHITE:
    default:
        *medium = "graphite-pencils";
        break;
    }
    *title = art_titles[art->subject][art->adult][rng_below(r, 5)];
    *words = rng_below(r, 5) < 2 ? art_words[art->subject][art->adult][rng_below(r, 3)] : NULL;
}

/* A tiny 3x2 greyscale PNG (the same image every time): the artworks of a big demo, where the
   record matters and not the pictures. */
static const unsigned char demo_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00, 0x00, 0x00, 0x00, 0xb8,
    0x1f, 0x39, 0xc6, 0x00, 0x00, 0x00, 0x0e, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x70,
    0x68, 0x38, 0xc0, 0x00, 0xc4, 0x00, 0x0b, 0x08, 0x03, 0x01, 0x46, 0x71, 0xbe, 0xce, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

/* One artwork of the session, photographed with consent to keep it in the record. It takes one
   number from the client's stream whatever it draws, so the rest of the demo is the same with
   drawn or tiny artworks. */
static int demo_artwork(struct demo *d, struct easel_store *s, int64_t session, struct rng *r,
                        int age, struct easel_error *err)
{
    static const char *const titles[] = {"Safe place", "My river", "Colours of today", "The bridge",
                                         "Inside and outside"};
    uint64_t seed = rng_next(r);
    int64_t id;
    if (!d->drawn) {
        struct easel_artwork a = {.session = session,
                                  .title = titles[(seed >> 11) % 5],
                                  .medium = "oil-pastels",
                                  .consent_record = true};
        return easel_app_artwork_add(s, &a, demo_png, sizeof(demo_png), &id, NULL, NULL, err);
    }
    struct rng ar;
    rng_seed(&ar, seed, 0x617274);
    struct easel_demo_art art;
    const char *medium, *title, *words;
    choose_art(&ar, age, &art, &medium, &title, &words);
    /* a phone's photo of the page, portrait for people and trees */
    bool portrait = art.subject == EASEL_DEMO_FIGURE || art.subject == EASEL_DEMO_RAIN ||
                    art.subject == EASEL_DEMO_TREE;
    uint32_t w = portrait ? 1200 : 1600, h = portrait ? 1600 : 1200;
    uint8_t *rgb = NULL;
    struct easel_buf jpeg;
    easel_buf_init(&jpeg, EASEL_ARTWORK_MAX);
    int rc = easel_render_demo_artwork(seed, &art, w, h, &rgb, err);
    struct easel_pixels px = {w, h, rgb}; /* borrowed by the encoder, freed here */
    if (!rc)
        rc = easel_image_encode(&px, &jpeg, err); /* quality 85, as a phone saves */
    free(rgb);
    struct easel_artwork a = {.session = session,
                              .title = title,
                              .medium = medium,
                              .client_words = words,
                              .consent_record = true};
    if (!rc)
        rc = easel_app_artwork_add(s, &a, jpeg.data, jpeg.len, &id, NULL, NULL, err);
    easel_buf_release(&jpeg);
    return rc;
}

static int one_client(struct demo *d, struct easel_store *s, long i, struct easel_error *err)
{
    /* everything about a client follows from the seed and its number: a run extended with
       --force continues the sequence a single larger run would have written */
    long number = d->first_number + i;
    size_t k = (size_t)(number - 1);
    struct rng r;
    rng_seed(&r, d->seed, (uint64_t)k);
    int setting = d->settings[k % d->n_settings];
    const struct example *t = template_for(d, setting, k / d->n_settings);

    char ref[32], name[96], start[11];
    snprintf(ref, sizeof(ref), "demo-%04ld", number);
    snprintf(name, sizeof(name), "%s %c. %s", PICK(&r, first_names),
             (char)('A' + rng_below(&r, 26)), PICK(&r, last_names));
    size_t m = (size_t)d->per_client;
    int64_t first_day;
    if (d->as_of_today && m) {
        /* a practice as it stands that day: each client between a quarter of the way and all
           M sessions into their program, seen within the past week, so a few plans reach their
           review date and most do not */
        size_t lo = (m + 3) / 4;
        m = lo + rng_below(&r, m - lo + 1);
        first_day = d->last_day - (int64_t)rng_below(&r, 7) - 7 * (int64_t)(m - 1);
    } else {
        int64_t span = m ? 7 * (int64_t)(m - 1) : 0;
        int64_t slack = span < 364 ? 364 - span : 0;
        first_day = d->last_day - span - (int64_t)rng_below(&r, (size_t)slack + 1);
    }
    easel_date_format(first_day, start);

    struct easel_buf t1, text, note;
    easel_buf_init(&t1, EASEL_PROFILE_MAX + 1);
    easel_buf_init(&text, EASEL_PROFILE_MAX + 1);
    easel_buf_init(&note, EASEL_NOTE_MAX);
    struct easel_buf plan_json;
    easel_buf_init(&plan_json, EASEL_PLAN_MAX);
    struct easel_profile p;
    easel_profile_init(&p);
    struct easel_plan plan = {0};
    int rc = 0;
    if (substitute(&t1, t->text.data, "client", ref) ||
        shift_dates(&text, t1.data, first_day - t->start_day))
        rc = easel_error_set(err, EASEL_EINVAL, t->name, "client",
                             "cannot use this example as a template: \"client\" must appear "
                             "once with a plain string value");
    if (!rc)
        rc = easel_profile_parse(&p, &d->kb, t->name, text.data, text.len, err);
    if (!rc && (strcmp(p.client, ref) != 0 || strcmp(p.start_date, start) != 0))
        rc = easel_error_set(err, EASEL_EINVAL, t->name, "client",
                             "the template's client and start_date were not replaced");
    struct easel_plan_options opt = {0};
    if (!rc)
        rc = easel_plan_build(&plan, &d->kb, &p, &opt, err);
    if (!rc && easel_plan_render(&plan, EASEL_PLAN_JSON, &plan_json))
        rc = easel_error_set(err, plan_json.failed, t->name, "", "could not render the plan");

    /* the writes */
    int64_t id = 0, version = 0;
    struct easel_client c = {.ref = ref,
                             .name = name,
                             .setting = d->kb.settings[setting].id,
                             .birth_year = strtol(start, NULL, 10) - p.age,
                             .status = "active"};
    if (!rc)
        rc = easel_client_add(s, &c, &id, err);
    if (!rc)
        rc = easel_profile_put(s, id, text.data, &version, err);
    if (!rc)
        rc = easel_plan_record_save(s, id, 0, plan_json.data, d->kb.version, &version, err);
    bool sign = rng_below(&r, 2) == 0;
    if (!rc && sign)
        rc = easel_plan_record_sign(s, id, version, err);
    int writes = 3 + sign;
    const struct easel_instrument *instrument = demo_instrument(&d->kb, &p);
    /* notes are signed by their author; as of today, a third of the clients' latest note is
       still a draft waiting to be signed */
    bool latest_draft = d->as_of_today && rng_below(&r, 3) == 0;
    for (size_t j = 0; !rc && j < m; j++) {
        char date[11];
        easel_date_format(first_day + 7 * (int64_t)j, date);
        size_t roll = rng_below(&r, 100);
        const char *attendance = roll < 86 ? "attended" : (roll < 93 ? "cancelled" : "no-show");
        easel_buf_release(&note);
        easel_buf_init(&note, EASEL_NOTE_MAX);
        make_note(&note, &r, &plan, &d->kb, j, m, roll < 86);
        if (note.failed)
            rc = easel_error_set(err, note.failed, "note", "", "could not write the note");
        if (!rc)
            rc = easel_note_check("SOAP", note.data, note.len, err);
        struct easel_session_record sr = {.client = id,
                                          .date = date,
                                          .minutes = plan.session_minutes,
                                          .attendance = attendance,
                                          .mode = p.group ? "group" : "individual",
                                          .plan_version = sign ? version : 0,
                                          .note_format = "SOAP",
                                          .note = note.data};
        int64_t sid;
        if (!rc)
            rc = easel_session_add(s, &sr, &sid, err);
        writes++;
        if (!rc && !(latest_draft && j + 1 == m)) {
            rc = easel_session_sign(s, id, sid, err);
            writes++;
            d->signed_notes++;
        }
        /* every fourth attended session: the setting's measure (if one fits the age); every
           fifth: an artwork photographed with consent to keep it in the record */
        if (!rc && roll < 86 && j % 4 == 0 && instrument) {
            rc = demo_measure(s, &r, instrument, id, date, err);
            writes++;
            d->measures++;
        }
        if (!rc && roll < 86 && j % 5 == 2) {
            rc = demo_artwork(d, s, sid, &r, p.age, err);
            writes++;
            d->artworks++;
        }
    }
    if (!rc) {
        d->stored_clients++;
        d->plans++;
        d->signed_plans += sign;
        d->sessions += (long)m;
        d->writes_in_batch += writes;
    }
    easel_plan_release(&plan);
    easel_profile_release(&p);
    easel_buf_release(&plan_json);
    easel_buf_release(&note);
    easel_buf_release(&text);
    easel_buf_release(&t1);
    return rc;
}

/* The number after the highest "demo-NNNN" reference already stored (--force). */
static int next_number(struct easel_store *s, long *next, struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client *cs;
    size_t n;
    int rc = easel_client_list(s, "demo-", 0, &a, &cs, &n, err);
    long max = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        const char *ref = cs[i].ref;
        if (strncmp(ref, "demo-", 5) != 0 || !ref[5] ||
            strspn(ref + 5, "0123456789") != strlen(ref + 5))
            continue;
        long v = strtol(ref + 5, NULL, 10);
        max = v > max ? v : max;
    }
    easel_arena_release(&a);
    *next = max + 1;
    return rc;
}

static int has_clients(struct easel_store *s, bool *yes, struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client *cs;
    size_t n = 0;
    int rc = easel_client_list(s, NULL, 1, &a, &cs, &n, err);
    *yes = n > 0;
    easel_arena_release(&a);
    return rc;
}

static int fill(struct demo *d, struct easel_store *s)
{
    struct easel_error err = {0};
    int rc = easel_store_batch_begin(s, &err);
    long i = 0;
    for (; !rc && i < d->clients; i++) {
        rc = one_client(d, s, i, &err);
        if (!rc)
            rc = batch_roll(d, s, &err);
        cli_progress("demo: clients", i + 1, d->clients);
    }
    int end = easel_store_batch_end(s, rc, &err);
    if (!rc)
        rc = end;
    if (rc) {
        int code = cli_error(&err);
        fprintf(stderr,
                "easel demo: stopped at demo client %ld of %ld; the %ld clients of "
                "earlier batches stay stored (fill a fresh database, or add --force yes)\n",
                i, d->clients, d->committed);
        return code;
    }
    printf("easel demo: %ld clients in %zu settings, %ld plans (%ld signed), %ld sessions with "
           "SOAP notes (%ld signed), %ld measures, %ld artworks stored in %s (seed %" PRIu64 ")\n",
           d->stored_clients,
           d->n_settings < (size_t)d->clients ? d->n_settings : (size_t)d->clients, d->plans,
           d->signed_plans, d->sessions, d->signed_notes, d->measures, d->artworks,
           easel_store_backend(s), d->seed);
    return EXIT_OK;
}

static const char help[] =
    "usage: easel demo [--clients N] [--sessions-per-client M] [--seed S] [--force yes]\n"
    "                  [--artworks drawn|tiny] [--today YYYY-MM-DD] [--examples DIR]\n"
    "                  [--db URL] [--user LOGIN] [--kb DIR]\n"
    "Fill the database with a synthetic practice: N clients (default 24, up to 100000) over\n"
    "every setting, refs demo-0001..., a profile from the setting's example profile, a plan\n"
    "from the engine (signed for about half), and M weekly sessions each (default 12, 0-260)\n"
    "before 2026-11-01 with signed SOAP notes. The same seed (default 1) gives the same data.\n"
    "--today YYYY-MM-DD dates the practice as it stands that day instead: each client a\n"
    "quarter of the way to all M sessions into their program, seen in the past week, a\n"
    "few plans due for review, a third of the latest notes still drafts.\n"
    "Every fourth attended session adds the setting's measure (when one fits the age; item\n"
    "answers synthetic, no risk item positive) and every fifth an artwork: a drawing that\n"
    "looks like the client's (a child's or an adult's hand; figures, houses, trees, colour\n"
    "fields, mandalas, safe places; crayon, marker, watercolour or pencil) photographed on a\n"
    "table by a phone (1600x1200 JPEG, titled, sometimes with the client's words), stored like\n"
    "an upload. That takes about 0.15 s each: with more than 1200 sessions in all (N x M)\n"
    "the artworks are a tiny 3x2 image instead, unless --artworks drawn (--artworks tiny:\n"
    "at any size).\n"
    "A database that already has clients is refused unless --force yes is given.\n";

int cmd_demo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0) {
            fputs(help, stdout);
            return EXIT_OK;
        }
    struct cli_opts o;
    int rc =
        cli_parse(argc, argv, "clients sessions-per-client seed force examples today artworks", &o);
    if (rc)
        return rc;
    if (o.n_args)
        return cli_usage("demo takes no arguments, only options: demo [--clients N] "
                         "[--sessions-per-client M] [--seed S] [--force yes]");
    struct demo d;
    memset(&d, 0, sizeof(d));
    d.clients = 24;
    d.per_client = 12;
    long seed = 1;
    if ((rc = cli_opt_int(&o, "clients", 1, 100000, &d.clients)) ||
        (rc = cli_opt_int(&o, "sessions-per-client", 0, 260, &d.per_client)) ||
        (rc = cli_opt_int(&o, "seed", 0, 4294967295L, &seed)))
        return rc;
    d.seed = (uint64_t)seed;
    const char *force = cli_opt(&o, "force");
    if (force && strcmp(force, "yes") != 0)
        return cli_usage("--force takes the value yes, got \"%s\"", force);
    easel_date_parse(LAST_DAY, &d.last_day);
    if (cli_opt(&o, "today")) {
        if (easel_date_parse(cli_opt(&o, "today"), &d.last_day))
            return cli_usage("--today takes a date YYYY-MM-DD, got \"%s\"", cli_opt(&o, "today"));
        d.as_of_today = true;
    }
    const char *artworks = cli_opt(&o, "artworks");
    if (artworks && strcmp(artworks, "drawn") != 0 && strcmp(artworks, "tiny") != 0)
        return cli_usage("--artworks takes drawn or tiny, got \"%s\"", artworks);
    d.drawn =
        artworks ? strcmp(artworks, "drawn") == 0 : d.clients * d.per_client <= DRAWN_MAX_SESSIONS;
    const char *dir = cli_opt(&o, "examples") ? cli_opt(&o, "examples") : cli_default_examples();

    if ((rc = cli_load_kb(&o, &d.kb)) != 0)
        return rc;
    rc = load_templates(&d, dir);
    struct easel_store s;
    bool opened = false;
    if (!rc) {
        rc = cli_open_store(&o, &s);
        opened = rc == 0;
    }
    if (!rc) {
        struct easel_error err = {0};
        bool any = false;
        d.first_number = 1;
        if (has_clients(&s, &any, &err) || (any && force && next_number(&s, &d.first_number, &err)))
            rc = cli_error(&err);
        else if (any && !force)
            rc = cli_usage("demo: the database already has clients; run it on a fresh database "
                           "(--db FILE), or add --force yes to add demo clients to it anyway");
    }
    if (!rc)
        rc = fill(&d, &s);
    if (opened)
        easel_store_close(&s);
    for (size_t i = 0; i < d.n_t; i++) {
        easel_buf_release(&d.t[i].text);
        free(d.t[i].name);
    }
    easel_kb_release(&d.kb);
    return rc;
}
