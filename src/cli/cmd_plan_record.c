/*
 * cli/cmd_plan_record.c — the stored plans of a client:
 *   plan generate CLIENT [--sessions N]  the engine's proposal from the latest stored profile,
 *                                        saved as a new draft version
 *   plan show CLIENT [--version N]       one version (default: the latest), with its status
 *   plan diff CLIENT V1 V2               what changed between two versions, line by line
 *   plan sign CLIENT [--version N]       sign (the version becomes immutable)
 *   plan cosign CLIENT [--version N]     a supervisor's co-signature of a signed version
 */
#include "cli.h"
#include "easel/plan.h"
#include "easel/profile_load.h"
#include "easel/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stored administrations join the profile's own measures, so the latest scores set the
   baselines and a positive risk item raises the risk flag (safety planning first). */
static int merge_measures(struct easel_store *s, long long client, const struct easel_kb *kb,
                          struct easel_profile *p, struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_measure_record *ms;
    size_t n;
    int rc = easel_measure_list(s, client, &a, &ms, &n, err);
    if (!rc && n) {
        struct easel_measure_result *all =
            easel_arena_alloc(&p->arena, (p->n_measures + n) * sizeof(*all));
        if (!all) {
            rc = easel_error_set(err, EASEL_ENOMEM, "plan", "", "out of memory");
        } else {
            if (p->n_measures)
                memcpy(all, p->measures, p->n_measures * sizeof(*all));
            size_t k = p->n_measures;
            for (size_t i = 0; i < n; i++) {
                int ins = easel_kb_instrument(kb, ms[i].instrument);
                if (ins < 0 || ms[i].total_x100 < 0)
                    continue; /* invalid administrations set no baseline */
                struct easel_measure_result *m = &all[k];
                memset(m, 0, sizeof(*m));
                m->instrument = ins;
                snprintf(m->date, sizeof(m->date), "%s", ms[i].date);
                m->total = (int)((ms[i].total_x100 + 50) / 100);
                const char *q = ms[i].answers;
                int items = 0;
                while (items < EASEL_PROFILE_MAX_ITEMS) {
                    m->items[items++] = atoi(q); /* a blank counts 0: never a false risk */
                    q = strchr(q, ',');
                    if (!q)
                        break;
                    q++;
                }
                m->n_items = items == kb->instruments[ins].items ? items : 0;
                k++;
            }
            p->measures = all;
            p->n_measures = k;
        }
    }
    easel_arena_release(&a);
    return rc;
}

static int generate(const struct cli_opts *o, struct easel_store *s, long long client)
{
    struct easel_kb kb;
    int rc = cli_load_kb(o, &kb);
    if (rc)
        return rc;
    struct easel_error err = {0};
    struct easel_buf text, out;
    easel_buf_init(&text, EASEL_PROFILE_MAX + 1);
    easel_buf_init(&out, EASEL_PLAN_MAX);
    struct easel_profile p = {0};
    struct easel_plan plan = {0};
    struct easel_arena a;
    easel_arena_init(&a);
    int64_t got, latest = 0, version = 0;
    struct easel_plan_record rec;
    easel_profile_init(&p);
    rc = easel_profile_get(s, client, 0, &text, &got, &err);
    if (!rc)
        rc = easel_profile_parse(&p, &kb, "stored profile", text.data, text.len, &err);
    if (!rc)
        rc = merge_measures(s, client, &kb, &p, &err);
    struct easel_plan_options opt = {.sessions = o->sessions};
    if (!rc)
        rc = easel_plan_build(&plan, &kb, &p, &opt, &err);
    if (!rc)
        rc = easel_plan_render(&plan, EASEL_PLAN_JSON, &out);
    if (!rc) {
        int lr = easel_plan_load(s, client, 0, &a, &rec, &err);
        if (lr == 0)
            latest = rec.version;
        else if (lr != EASEL_ENOTFOUND)
            rc = lr;
    }
    if (!rc)
        rc = easel_plan_save(s, client, latest, out.data, kb.version, &version, &err);
    if (!rc)
        printf("plan version %lld (draft) saved for %s from profile version %lld; %zu sessions, "
               "%zu objectives%s\n",
               (long long)version, o->args[1], (long long)got, plan.n_sessions, plan.n_objectives,
               plan.n_risks ? "; RISK FLAG: safety planning first" : "");
    else if (!err.code)
        easel_error_set(&err, rc, "plan", "", "%s", easel_strerror(rc));
    easel_arena_release(&a);
    easel_plan_release(&plan);
    easel_profile_release(&p);
    easel_buf_release(&out);
    easel_buf_release(&text);
    easel_kb_release(&kb);
    return rc ? cli_error(&err) : EXIT_OK;
}

static int show(const struct cli_opts *o, struct easel_store *s, long long client)
{
    long version = 0;
    int rc = cli_opt_int(o, "version", 1, 1000000000, &version);
    if (rc)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_plan_record r;
    struct easel_error err = {0};
    rc = easel_plan_load(s, client, version, &a, &r, &err);
    if (!rc) {
        printf("# plan version %lld, %s; created by %s; KB %s\n", (long long)r.version, r.status,
               r.created_by, r.kb_version);
        if (r.signed_by)
            printf("# signed by %s; content SHA-256 %s\n", r.signed_by, r.content_hash);
        if (r.cosigned_by)
            printf("# co-signed by %s\n", r.cosigned_by);
        rc = cli_write(r.body, strlen(r.body));
    }
    easel_arena_release(&a);
    return rc ? (err.code ? cli_error(&err) : rc) : EXIT_OK;
}

/* Split text into lines in place. */
static size_t lines(char *text, char ***out)
{
    size_t n = 1;
    for (char *p = text; *p; p++)
        n += *p == '\n';
    char **l = malloc(n * sizeof(*l));
    if (!l)
        return 0;
    size_t k = 0;
    l[k++] = text;
    for (char *p = text; *p; p++)
        if (*p == '\n') {
            *p = '\0';
            if (p[1])
                l[k++] = p + 1;
        }
    *out = l;
    return k;
}

/* A longest-common-subsequence line diff ("-" old, "+" new); plans have a few hundred lines. */
static int diff(const struct cli_opts *o, struct easel_store *s, long long client)
{
    long v1 = strtol(o->args[2], NULL, 10), v2 = strtol(o->args[3], NULL, 10);
    if (v1 < 1 || v2 < 1)
        return cli_usage("plan diff CLIENT V1 V2 takes two version numbers");
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_plan_record r1, r2;
    struct easel_error err = {0};
    int rc = easel_plan_load(s, client, v1, &a, &r1, &err);
    if (!rc)
        rc = easel_plan_load(s, client, v2, &a, &r2, &err);
    if (rc) {
        easel_arena_release(&a);
        return cli_error(&err);
    }
    char **x = NULL, **y = NULL;
    size_t n = lines((char *)r1.body, &x), m = lines((char *)r2.body, &y);
    unsigned *t = calloc((n + 1) * (m + 1), sizeof(*t));
    if (!x || !y || !t || (n + 1) * (m + 1) > ((size_t)1 << 26)) {
        free(x);
        free(y);
        free(t);
        easel_arena_release(&a);
        fprintf(stderr, "easel: plan diff: plans too large to compare\n");
        return EXIT_INTERNAL;
    }
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            T(i, j) = strcmp(x[i], y[j]) == 0
                          ? T(i + 1, j + 1) + 1
                          : (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1));
    printf("--- plan version %ld (%s)\n+++ plan version %ld (%s)\n", v1, r1.status, v2, r2.status);
    size_t i = 0, j = 0, changes = 0;
    while (i < n || j < m) {
        if (i < n && j < m && strcmp(x[i], y[j]) == 0) {
            i++, j++;
        } else if (j < m && (i == n || T(i, j + 1) >= T(i + 1, j))) {
            printf("+%s\n", y[j++]);
            changes++;
        } else {
            printf("-%s\n", x[i++]);
            changes++;
        }
    }
#undef T
    printf("%zu line(s) changed\n", changes);
    free(x);
    free(y);
    free(t);
    easel_arena_release(&a);
    return EXIT_OK;
}

static int sign(const struct cli_opts *o, struct easel_store *s, long long client, bool co)
{
    long version = 0;
    int rc = cli_opt_int(o, "version", 1, 1000000000, &version);
    if (rc)
        return rc;
    struct easel_error err = {0};
    if (!version) {
        struct easel_arena a;
        easel_arena_init(&a);
        struct easel_plan_record r;
        rc = easel_plan_load(s, client, 0, &a, &r, &err);
        version = (long)r.version;
        easel_arena_release(&a);
        if (rc)
            return cli_error(&err);
    }
    rc = co ? easel_plan_cosign(s, client, version, &err)
            : easel_plan_sign(s, client, version, &err);
    if (rc)
        return cli_error(&err);
    printf("plan version %ld %s by %s\n", version, co ? "co-signed" : "signed", s->actor);
    return EXIT_OK;
}

int cmd_plan_record(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "version sessions", &o);
    if (rc)
        return rc;
    const char *sub = o.n_args ? o.args[0] : "";
    bool is_diff = strcmp(sub, "diff") == 0;
    if (o.n_args != (is_diff ? 4 : 2))
        return cli_usage("plan %s CLIENT%s", sub, is_diff ? " V1 V2" : "");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    long long client;
    rc = cli_client_id(&s, o.args[1], &client);
    if (!rc) {
        if (strcmp(sub, "generate") == 0)
            rc = generate(&o, &s, client);
        else if (strcmp(sub, "show") == 0)
            rc = show(&o, &s, client);
        else if (is_diff)
            rc = diff(&o, &s, client);
        else
            rc = sign(&o, &s, client, strcmp(sub, "cosign") == 0);
    }
    easel_store_close(&s);
    return rc;
}
