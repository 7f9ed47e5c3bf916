/*
 * cli/cmd_measure.c — standard measures for a client:
 *   measure add CLIENT INSTRUMENT ANSWERS... --date YYYY-MM-DD
 *       answers as separate words or one comma-separated list; "-" (or nothing between
 *       commas) is a blank item, handled only by the instrument's own rule
 *   measure list CLIENT [--json]
 * Scored at once and stored (easel_app_measure_add, shared with the web and the FHIR import);
 * a positive risk item is announced on stderr as a RISK FLAG.
 */
#include "cli.h"
#include "easel/app.h"
#include "easel/score.h"
#include "easel/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parse the answer words into answers[]; returns the count or -1 with a message. */
static int parse_answers(const struct cli_opts *o, int first, int *answers, int max)
{
    int n = 0;
    for (int a = first; a < o->n_args; a++) {
        const char *p = o->args[a];
        for (;;) {
            const char *end = strchr(p, ',');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            if (n == max) {
                fprintf(stderr, "easel: measure: more than %d answers\n", max);
                return -1;
            }
            if (len == 0 || (len == 1 && p[0] == '-')) {
                answers[n++] = EASEL_SCORE_MISSING;
            } else {
                char buf[16];
                if (len >= sizeof(buf)) {
                    fprintf(stderr, "easel: measure: answer %d is not a number\n", n + 1);
                    return -1;
                }
                memcpy(buf, p, len);
                buf[len] = '\0';
                char *e;
                long v = strtol(buf, &e, 10);
                if (*e || v < -1000 || v > 1000) {
                    fprintf(stderr, "easel: measure: items[%d]: \"%s\" is not a number\n", n, buf);
                    return -1;
                }
                answers[n++] = (int)v;
            }
            if (!end)
                break;
            p = end + 1;
        }
    }
    return n;
}

static void print_total(const struct easel_score_result *r)
{
    if (!r->valid) {
        printf("invalid (%s)", r->reason);
        return;
    }
    if (r->total_x100 % 100)
        printf("%d.%02d", r->total_x100 / 100, abs(r->total_x100 % 100));
    else
        printf("%d", r->total_x100 / 100);
    if (r->has_percent) /* the published form (WHO-5): a percentage */
        printf(" (%d %%)", r->percent_x100 / 100);
    if (r->prorated)
        printf(" (prorated)");
    if (r->band_label)
        printf(", %s", r->band_label);
}

static int add(const struct cli_opts *o, struct easel_store *s, long long client,
               const struct easel_kb *kb)
{
    const char *date = cli_opt(o, "date");
    if (!date)
        return cli_usage("measure add needs --date YYYY-MM-DD");
    int i = easel_kb_instrument(kb, o->args[2]);
    if (i < 0) {
        fprintf(stderr,
                "easel: measure: unknown instrument \"%s\" (see `easel kb list "
                "instruments`)\n",
                o->args[2]);
        return EXIT_NOTFOUND;
    }
    const struct easel_instrument *in = &kb->instruments[i];
    int answers[64];
    int n = parse_answers(o, 3, answers, 64);
    if (n < 0)
        return EXIT_INPUT;
    struct easel_score_result r;
    struct easel_error err = {0};
    int64_t id;
    if (easel_app_measure_add(s, client, in, date, answers, n, &r, &id, &err))
        return cli_error(&err);
    printf("%s on %s: ", in->name, date);
    print_total(&r);
    printf("\n");
    if (r.risk)
        fprintf(stderr,
                "RISK FLAG: %s item %d answered above 0: same-day risk follow-up and "
                "safety planning first\n",
                in->name, r.risk_item);
    return EXIT_OK;
}

/* A stored administration scored again with the KB's instrument; false when the KB has no
   such instrument or the answers do not score. */
static bool rescore(const struct easel_kb *kb, const struct easel_measure_record *m,
                    struct easel_score_result *r)
{
    int i = easel_kb_instrument(kb, m->instrument);
    if (i < 0)
        return false;
    struct cli_opts tmp = {0};
    tmp.args[0] = m->answers;
    tmp.n_args = 1;
    int answers[64];
    int na = parse_answers(&tmp, 0, answers, 64);
    struct easel_error e2 = {0};
    return na > 0 && !easel_score(&kb->instruments[i], answers, na, r, &e2);
}

/* --json: [{"id", "date", "instrument", "answers" (as stored, "2,1,,3"), "valid", "total_x100"
   (null when not valid), "band" (null when none), "risk", "risk_item" (null without risk),
   "acknowledged" (what was done about the risk answer, or null)}], oldest first. */
static int list_json(const struct easel_kb *kb, const struct easel_measure_record *ms, size_t n)
{
    struct easel_buf b;
    cli_json_init(&b);
    cli_json_open(&b, NULL, '[');
    for (size_t k = 0; k < n; k++) {
        struct easel_score_result r;
        bool scored = rescore(kb, &ms[k], &r);
        cli_json_open(&b, NULL, '{');
        cli_json_int(&b, "id", (long long)ms[k].id);
        cli_json_str(&b, "date", ms[k].date);
        cli_json_str(&b, "instrument", ms[k].instrument);
        cli_json_str(&b, "answers", ms[k].answers);
        cli_json_bool(&b, "valid", scored && r.valid);
        if (scored && r.valid)
            cli_json_int(&b, "total_x100", r.total_x100);
        else
            cli_json_null(&b, "total_x100");
        cli_json_str(&b, "band", scored && r.valid ? r.band_label : NULL);
        cli_json_bool(&b, "risk", scored && r.risk);
        if (scored && r.risk)
            cli_json_int(&b, "risk_item", r.risk_item);
        else
            cli_json_null(&b, "risk_item");
        cli_json_str(&b, "acknowledged", ms[k].ack_action);
        cli_json_close(&b, '}');
    }
    cli_json_close(&b, ']');
    return cli_json_done(&b);
}

static int list(struct easel_store *s, long long client, const struct easel_kb *kb, bool json)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_measure_record *ms;
    size_t n;
    struct easel_error err = {0};
    int rc = easel_measure_list(s, client, &a, &ms, &n, &err);
    if (!rc && json) {
        rc = list_json(kb, ms, n);
        easel_arena_release(&a);
        return rc;
    }
    for (size_t k = 0; !rc && k < n; k++) {
        struct easel_score_result r;
        printf("%s\t%s\t", ms[k].date, ms[k].instrument);
        if (rescore(kb, &ms[k], &r)) {
            print_total(&r);
            if (r.risk)
                printf("\tRISK item %d", r.risk_item);
        }
        printf("\t[%s]\n", ms[k].answers);
    }
    easel_arena_release(&a);
    return rc ? cli_error(&err) : EXIT_OK;
}

int cmd_measure(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "date json", &o);
    if (rc)
        return rc;
    bool is_add = o.n_args >= 4 && strcmp(o.args[0], "add") == 0;
    bool is_list = o.n_args == 2 && strcmp(o.args[0], "list") == 0;
    if (!is_add && !is_list)
        return cli_usage(
            "measure add CLIENT INSTRUMENT ANSWERS... --date D | measure list CLIENT [--json]");
    if (is_add && o.json)
        return cli_usage("--json: measure list only");
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0)
        return rc;
    long long client;
    rc = cli_client_id(&s, o.args[1], &client);
    if (!rc)
        rc = is_add ? add(&o, &s, client, &kb) : list(&s, client, &kb, o.json);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc;
}
