/*
 * cli/cmd_gas.c — Goal Attainment Scaling for a client's plan objectives:
 *   gas add CLIENT OBJECTIVE --description T [--weight W]
 *   gas rate CLIENT OBJECTIVE SCORE --date D          (SCORE -2..+2)
 *   gas show CLIENT [--json]                          scales, latest ratings and the T-score
 * --json: {"scales": [{"objective", "description", "weight", "rated", "latest_date",
 * "latest_score"} (null when not rated)], "t_score" (two decimals; null when nothing is rated),
 * "rho"}.
 * The T-score is Kiresuk & Sherman's, weighted, rho EASEL_GAS_RHO (easel_app_gas, app/gas.c).
 */
#include "cli.h"
#include "easel/app.h"
#include "easel/score.h"
#include "easel/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --json (see the header): the scales and T-score as one object. */
static int gas_json(const struct easel_gas_record *g, size_t n, double t, bool has_t)
{
    struct easel_buf b;
    cli_json_init(&b);
    cli_json_open(&b, NULL, '{');
    cli_json_open(&b, "scales", '[');
    for (size_t i = 0; i < n; i++) {
        cli_json_open(&b, NULL, '{');
        cli_json_str(&b, "objective", g[i].objective);
        cli_json_str(&b, "description", g[i].description);
        cli_json_int(&b, "weight", (long long)g[i].weight);
        cli_json_bool(&b, "rated", g[i].rated);
        cli_json_str(&b, "latest_date", g[i].rated ? g[i].latest_date : NULL);
        if (g[i].rated)
            cli_json_int(&b, "latest_score", g[i].latest_score);
        else
            cli_json_null(&b, "latest_score");
        cli_json_close(&b, '}');
    }
    cli_json_close(&b, ']');
    cli_json_key(&b, "t_score");
    if (has_t)
        easel_buf_printf(&b, "%.2f", t);
    else
        easel_buf_puts(&b, "null");
    cli_json_key(&b, "rho");
    easel_buf_printf(&b, "%.1f", EASEL_GAS_RHO);
    cli_json_close(&b, '}');
    return cli_json_done(&b);
}

/* Print the scales and the combined T-score (easel_app_gas's result); shared with `progress`. */
void cli_gas_print(const struct easel_gas_record *g, size_t n, bool has_t, double t)
{
    for (size_t i = 0; i < n; i++) {
        printf("  goal attainment %s (weight %lld): %s: ", g[i].objective, (long long)g[i].weight,
               g[i].description);
        if (g[i].rated)
            printf("%+d on %s\n", g[i].latest_score, g[i].latest_date);
        else
            printf("not rated yet\n");
    }
    if (has_t)
        printf("  GAS T-score (latest ratings, weighted, rho %.1f): %.2f (50 = expected "
               "outcome)\n",
               EASEL_GAS_RHO, t);
}

static int show(struct easel_store *s, long long client, bool json)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_gas_record *g;
    size_t n;
    struct easel_error err = {0};
    double t;
    bool has_t;
    int rc = easel_app_gas(s, client, &a, &g, &n, &t, &has_t, &err);
    if (rc)
        rc = cli_error(&err);
    else if (json)
        rc = gas_json(g, n, t, has_t);
    else
        cli_gas_print(g, n, has_t, t);
    easel_arena_release(&a);
    return rc ? rc : EXIT_OK;
}

int cmd_gas(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "description weight date json", &o);
    if (rc)
        return rc;
    const char *sub = o.n_args ? o.args[0] : "";
    bool is_add = o.n_args == 3 && strcmp(sub, "add") == 0;
    bool is_rate = o.n_args == 4 && strcmp(sub, "rate") == 0;
    bool is_show = o.n_args == 2 && strcmp(sub, "show") == 0;
    if (!is_add && !is_rate && !is_show)
        return cli_usage("gas add CLIENT OBJECTIVE --description T [--weight W] | gas rate "
                         "CLIENT OBJECTIVE SCORE --date D | gas show CLIENT [--json]");
    if (o.json && !is_show)
        return cli_usage("--json: gas show only");
    long weight = 1;
    if ((rc = cli_opt_int(&o, "weight", 1, 100, &weight)) != 0)
        return rc;
    if (is_add && !cli_opt(&o, "description"))
        return cli_usage("gas add needs --description");
    if (is_rate && !cli_opt(&o, "date"))
        return cli_usage("gas rate needs --date YYYY-MM-DD");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    long long client;
    struct easel_error err = {0};
    rc = cli_client_id(&s, o.args[1], &client);
    if (!rc && is_add) {
        rc = easel_gas_add(&s, client, o.args[2], cli_opt(&o, "description"), weight, &err);
        rc = rc ? cli_error(&err) : (printf("scale added for objective %s\n", o.args[2]), 0);
    } else if (!rc && is_rate) {
        char *end;
        long score = strtol(o.args[3], &end, 10);
        if (*end || end == o.args[3]) {
            easel_store_close(&s);
            return cli_usage("gas rate: SCORE must be -2, -1, 0, 1 or 2");
        }
        rc = easel_gas_rate(&s, client, o.args[2], cli_opt(&o, "date"), (int)score, &err);
        rc = rc ? cli_error(&err) : (printf("rated %+ld\n", score), 0);
    } else if (!rc) {
        rc = show(&s, client, o.json);
    }
    easel_store_close(&s);
    return rc;
}
