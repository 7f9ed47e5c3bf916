/*
 * cli/cmd_assess.c — art-based assessments:
 *   assess add CLIENT PROCEDURE --date D [--ratings r1,r2,...] [--materials T]
 *              [--instruction T] [--minutes N] [--observations T] [--artwork ID]
 *   assess list CLIENT [--json]
 *   assess procedures [--json]   --json: [{"id", "name", "scales": [names in order]}]
 * PPAT takes the 14 FEATS ratings (integers 0-5, in scale order, never summed); the other
 * procedures are recorded without ratings.
 */
#include "cli.h"
#include "easel/app.h"
#include "easel/art_assess.h"
#include "easel/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_ratings(const char *text, int *out, int max, int *n)
{
    *n = 0;
    if (!text || !*text)
        return EXIT_OK;
    const char *p = text;
    for (;;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || (*end && *end != ',') || *n == max) {
            fprintf(stderr, "easel: assess: ratings[%d]: not a whole number\n", *n);
            return EXIT_INPUT;
        }
        out[(*n)++] = (int)(v < -1000 ? -1000 : v > 1000 ? 1000 : v);
        if (!*end)
            break;
        p = end + 1;
    }
    return EXIT_OK;
}

static int add(const struct cli_opts *o, struct easel_store *s, long long client)
{
    const struct easel_art_procedure *proc = easel_art_procedure(o->args[2]);
    if (!proc) {
        fprintf(stderr,
                "easel: assess: unknown procedure \"%s\" (see `easel assess "
                "procedures`)\n",
                o->args[2]);
        return EXIT_NOTFOUND;
    }
    if (!cli_opt(o, "date"))
        return cli_usage("assess add needs --date YYYY-MM-DD");
    long minutes = 0, artwork = 0;
    int rc = cli_opt_int(o, "minutes", 1, 600, &minutes);
    if (!rc)
        rc = cli_opt_int(o, "artwork", 1, 2000000000L, &artwork);
    if (rc)
        return rc;
    int ratings[32], n = 0;
    if ((rc = parse_ratings(cli_opt(o, "ratings"), ratings, 32, &n)) != 0)
        return rc;
    struct easel_error err = {0};
    struct easel_art_assessment_record r = {.client = client,
                                            .procedure = proc->id,
                                            .date = cli_opt(o, "date"),
                                            .materials = cli_opt(o, "materials"),
                                            .instruction = cli_opt(o, "instruction"),
                                            .observations = cli_opt(o, "observations"),
                                            .minutes = minutes,
                                            .artwork = artwork};
    int64_t id;
    if (easel_app_art_assessment_add(s, r, ratings, n, &id, &err))
        return cli_error(&err);
    printf("%s recorded for %s on %s%s\n", proc->name, o->args[1], r.date,
           n ? " with its ratings" : "");
    return EXIT_OK;
}

/* --json: [{"id", "date", "procedure" (its id), "name", "ratings": [{"scale", "rating"}] (the
   procedure's scales in order; [] without ratings), "materials", "instruction", "observations"
   (null when not recorded), "minutes" (null when not recorded), "artwork" (its id or null)}]. */
static int list_json(const struct easel_art_assessment_record *rs, size_t n)
{
    struct easel_buf b;
    cli_json_init(&b);
    cli_json_open(&b, NULL, '[');
    for (size_t i = 0; i < n; i++) {
        const struct easel_art_procedure *p = easel_art_procedure(rs[i].procedure);
        cli_json_open(&b, NULL, '{');
        cli_json_int(&b, "id", (long long)rs[i].id);
        cli_json_str(&b, "date", rs[i].date);
        cli_json_str(&b, "procedure", rs[i].procedure);
        cli_json_str(&b, "name", p ? p->name : rs[i].procedure);
        cli_json_open(&b, "ratings", '[');
        int r[32], k = 0;
        if (p && p->n_scales && rs[i].ratings && rs[i].ratings[0])
            parse_ratings(rs[i].ratings, r, 32, &k);
        for (int j = 0; j < k && j < p->n_scales; j++) {
            cli_json_open(&b, NULL, '{');
            cli_json_str(&b, "scale", p->scales[j]);
            cli_json_int(&b, "rating", r[j]);
            cli_json_close(&b, '}');
        }
        cli_json_close(&b, ']');
        cli_json_str(&b, "materials", rs[i].materials);
        cli_json_str(&b, "instruction", rs[i].instruction);
        cli_json_str(&b, "observations", rs[i].observations);
        if (rs[i].minutes)
            cli_json_int(&b, "minutes", (long long)rs[i].minutes);
        else
            cli_json_null(&b, "minutes");
        if (rs[i].artwork)
            cli_json_int(&b, "artwork", (long long)rs[i].artwork);
        else
            cli_json_null(&b, "artwork");
        cli_json_close(&b, '}');
    }
    cli_json_close(&b, ']');
    return cli_json_done(&b);
}

static int list(struct easel_store *s, long long client, bool json)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_art_assessment_record *rs;
    size_t n;
    struct easel_error err = {0};
    int rc = easel_art_assessment_list(s, client, &a, &rs, &n, &err);
    if (!rc && json) {
        rc = list_json(rs, n);
        easel_arena_release(&a);
        return rc;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        const struct easel_art_procedure *p = easel_art_procedure(rs[i].procedure);
        printf("%s\t%s\n", rs[i].date, p ? p->name : rs[i].procedure);
        if (p && p->n_scales && rs[i].ratings[0]) {
            int r[32], k = 0;
            parse_ratings(rs[i].ratings, r, 32, &k);
            for (int j = 0; j < k && j < p->n_scales; j++)
                printf("  %-38s %d\n", p->scales[j], r[j]);
        }
        if (rs[i].observations)
            printf("  observations: %s\n", rs[i].observations);
    }
    easel_arena_release(&a);
    return rc ? cli_error(&err) : EXIT_OK;
}

int cmd_assess(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv,
                       "date ratings materials instruction minutes observations artwork json", &o);
    if (rc)
        return rc;
    if (o.n_args == 1 && strcmp(o.args[0], "procedures") == 0 && o.json) {
        struct easel_buf b;
        cli_json_init(&b);
        cli_json_open(&b, NULL, '[');
        for (int i = 0; i < easel_art_procedure_count(); i++) {
            const struct easel_art_procedure *p = easel_art_procedure_at(i);
            cli_json_open(&b, NULL, '{');
            cli_json_str(&b, "id", p->id);
            cli_json_str(&b, "name", p->name);
            cli_json_open(&b, "scales", '[');
            for (int k = 0; k < p->n_scales; k++)
                cli_json_str(&b, NULL, p->scales[k]);
            cli_json_close(&b, ']');
            cli_json_close(&b, '}');
        }
        cli_json_close(&b, ']');
        return cli_json_done(&b);
    }
    if (o.n_args == 1 && strcmp(o.args[0], "procedures") == 0) {
        for (int i = 0; i < easel_art_procedure_count(); i++) {
            const struct easel_art_procedure *p = easel_art_procedure_at(i);
            printf("%-7s %s (%s)\n", p->id, p->name,
                   p->n_scales ? "rated on its scales" : "recorded without ratings");
        }
        return EXIT_OK;
    }
    bool is_add = o.n_args == 3 && strcmp(o.args[0], "add") == 0;
    bool is_list = o.n_args == 2 && strcmp(o.args[0], "list") == 0;
    if (!is_add && !is_list)
        return cli_usage("assess add CLIENT PROCEDURE --date D ... | assess list CLIENT [--json] | "
                         "assess procedures [--json]");
    if (o.json && is_add)
        return cli_usage("--json: assess list and assess procedures only");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    long long client;
    rc = cli_client_id(&s, o.args[1], &client);
    if (!rc)
        rc = is_add ? add(&o, &s, client) : list(&s, client, o.json);
    easel_store_close(&s);
    return rc;
}
