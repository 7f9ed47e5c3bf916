/*
 * cli/main.c — the `easel` command: dispatches git-style subcommands, one file per command.
 */
#include "cli.h"

#include <stdio.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string.h>

static const char usage[] =
    "usage: easel <command> [options]\n"
    "\n"
    "commands:\n"
    "  plan PROFILE [--format text|markdown|json] [--sessions N]\n"
    "                       propose a treatment plan for the client profile\n"
    "  explain PROFILE ITEM-ID\n"
    "                       why the plan includes or excludes a knowledge-base item\n"
    "  kb check             validate the knowledge base (and prints its version)\n"
    "  kb list [KIND]       list items (problems, interventions, media, settings, rules,\n"
    "                       instruments)\n"
    "  kb show ID           show one item\n"
    "\n"
    "the client record (--db URL: a SQLite file or postgresql://...; default $EASEL_DB or\n"
    "~/.local/share/easel/easel.db; --user LOGIN: who acts, default $EASEL_USER or $USER):\n"
    "  init                 create or upgrade the database\n"
    "  client add --ref R --name N --setting S [--birth-year Y] | list [--match T]\n"
    "         | show REF | edit REF [--name N] [--setting S] [--status S] [--version V]\n"
    "  profile set CLIENT FILE | show CLIENT [--version N]\n"
    "  plan generate CLIENT [--sessions N] [--start YYYY-MM-DD] | show CLIENT [--version N]\n"
    "       | diff CLIENT V1 V2\n"
    "       | edit CLIENT FILE --version V   a therapist's edit of version V (the JSON\n"
    "                    `plan show` prints), checked, saved as a new draft\n"
    "       | sign CLIENT [--version N] | cosign CLIENT [--version N]\n"
    "       | recheck    every active plan against the current knowledge base\n"
    "  session add CLIENT --date D --minutes M --note FILE [--format SOAP|DAP|BIRP|GIRP]\n"
    "          [--attendance A] [--mode M] [--plan-version V] | list CLIENT\n"
    "  session edit|sign|addendum CLIENT SESSION   a draft note; sign; add once signed\n"
    "  measure add CLIENT INSTRUMENT ANSWERS... --date D | list CLIENT\n"
    "  progress CLIENT [--review-after N]   trajectories, reliable change, alerts\n"
    "  assess add CLIENT PROCEDURE --date D [--ratings r1,...] [--observations T] | list\n"
    "         CLIENT | procedures   art-based assessments (PPAT with 14 FEATS ratings 0-5)\n"
    "  artwork add SESSION-ID IMAGE [--title T] [--medium M] [--words T]\n"
    "          [--consent record,education,exhibition|none] | list CLIENT\n"
    "        | consent ARTWORK-ID [--record yes|no] [--education yes|no] [--exhibition yes|no]\n"
    "        | returned ARTWORK-ID --date D | export ARTWORK-ID --out FILE\n"
    "                       artworks: JPEG or PNG, at most 20 MiB, 12000 px a side, 80 MP\n"
    "  demo [--clients N] [--sessions-per-client M] [--seed S]  synthetic; no measures/artworks\n"
    "  user add --login L --name N --role admin|therapist|supervisor|team | user list\n"
    "       | user passwd LOGIN   set the web password (read from stdin)\n"
    "  serve [--listen HOST:PORT] [--idle-minutes N] [--threads N] [--insecure-cookies]\n"
    "                       the JSON API under /api/v1 (docs/api.md) until SIGINT/SIGTERM\n"
    "  team add CLIENT LOGIN [--role R] | team list CLIENT      the client's care team\n"
    "  gas add CLIENT OBJECTIVE --description T [--weight W] | gas rate CLIENT OBJECTIVE\n"
    "      SCORE --date D | gas show CLIENT    goal attainment scaling (-2..+2, T-score)\n"
    "  outcomes             practice-wide outcomes (Talking Therapies rules)\n"
    "  report plan|client-plan|progress|summary|discharge|supplies CLIENT --format pdf|html\n"
    "         --out FILE [--from D --to D] [--date D] [--version N]   documents (supplies also\n"
    "         csv; --from/--to for progress only; docs/documents.md)\n"
    "  fhir export CLIENT [--out FILE]   the record as a FHIR R4 Bundle (docs/fhir.md)\n"
    "  token create NAME --grant CLIENT[,CLIENT...] | list | revoke NAME\n"
    "                       API tokens for the read-only FHIR API (administrators)\n"
    "  audit verify         check the audit log's hash chain\n"
    "  backup --out FILE    consistent online copy (SQLite)\n"
    "  export --out FILE    the whole practice as JSON Lines; import FILE reads it into an\n"
    "                       empty database (either backend), all or nothing\n"
    "  group add|list|show|roster|plan|session|report   group programs (docs/groups.md)\n"
    "  help                 this text\n"
    "\n";
/* the rest of the text (ISO C limits one string literal to 4095 characters) */
static const char usage_tail[] =
    "options for every command:\n"
    "  --kb DIR             knowledge base folder (default: $EASEL_KB or the built-in path)\n"
    "  --kb-overlay DIR     a clinic's own items, added to or replacing shipped ones\n"
    "\n"
    "exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input, 4 invalid knowledge base,\n"
    "5 input/output error, 6 not found, 7 conflict with a newer version, 8 signed (read-only),\n"
    "9 database error, 10 audit log tampered\n";

int main(int argc, char **argv)
{
#if defined(__GLIBC__)
    /* SQLite allocates and frees a 64 KiB statement journal for every write; glibc would hand
       that memory back to the kernel each time and fault it in again (bench/README.md,
       "SQLite writes and the C library's heap"): keep a few MiB of heap instead. */
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        fputs(usage_tail, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"plan", cmd_plan},         {"explain", cmd_explain},   {"kb", cmd_kb},
                {"init", cmd_init},         {"client", cmd_client},     {"profile", cmd_profile},
                {"session", cmd_session},   {"audit", cmd_audit},       {"backup", cmd_backup},
                {"measure", cmd_measure},   {"progress", cmd_progress}, {"assess", cmd_assess},
                {"export", cmd_export},     {"import", cmd_import},     {"demo", cmd_demo},
                {"user", cmd_user},         {"team", cmd_team},         {"gas", cmd_gas},
                {"outcomes", cmd_outcomes}, {"artwork", cmd_artwork},   {"serve", cmd_serve},
                {"report", cmd_report},     {"group", cmd_group},       {"fhir", cmd_fhir},
                {"token", cmd_token}};
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (strcmp(argv[1], cmds[i].name) == 0)
            return cmds[i].fn(argc - 1, argv + 1);
    return cli_usage("unknown command \"%s\"", argv[1]);
}
