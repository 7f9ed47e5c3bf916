/*
 * cli/commands.c — the one table of `easel` commands: name, entry point, subcommands and usage.
 * It drives dispatch (main.c), `easel help`, every command's `--help`, `easel completion bash`
 * and the man page (`easel man`), so a command added here is documented everywhere at once.
 *
 * Owns: static data only. Borrows: nothing. Fails: nothing (lookups return NULL).
 */
#include "cli.h"

#include <string.h>

const struct cli_command cli_commands[] = {
    {"plan", cmd_plan, "generate show diff edit sign cosign recheck", NULL,
     "plan PROFILE [--format text|markdown|json] [--sessions N]\n"
     "    propose a treatment plan for the client profile (a file; nothing is stored)\n"
     "plan generate CLIENT [--sessions N] [--start YYYY-MM-DD] | show CLIENT [--version N]\n"
     "     | diff CLIENT V1 V2\n"
     "     | edit CLIENT FILE --version V   a therapist's edit of version V (the JSON\n"
     "                    `plan show` prints), checked, saved as a new draft\n"
     "     | sign CLIENT [--version N] | cosign CLIENT [--version N]\n"
     "     | recheck    every active plan against the current knowledge base\n"},
    {"explain", cmd_explain, NULL, NULL,
     "explain PROFILE ITEM-ID\n"
     "    why the plan includes or excludes a knowledge-base item\n"},
    {"kb", cmd_kb, "check list show", NULL,
     "kb check             validate the knowledge base (and print its version)\n"
     "kb list [KIND] [--json]   list items (problems, interventions, media, settings,\n"
     "                     rules, instruments)\n"
     "kb show ID [--json]  show one item\n"},
    {"init", cmd_init, NULL,
     "the client record (--db URL: a SQLite file or postgresql://...; default $EASEL_DB or\n"
     "~/.local/share/easel/easel.db; --user LOGIN: who acts, default $EASEL_USER or $USER):\n",
     "init [--practice NAME] [--paper a4|letter]   create or upgrade the database\n"},
    {"client", cmd_client, "add list show edit", NULL,
     "client add --ref R --name N --setting S [--birth-year Y]\n"
     "       | list [--match T] [--limit N] [--json] | show REF [--json]\n"
     "       | edit REF [--name N] [--setting S] [--status S] [--version V]\n"},
    {"profile", cmd_profile, "set show", NULL,
     "profile set CLIENT FILE | show CLIENT [--version N]\n"},
    {"session", cmd_session, "add list edit sign addendum template", NULL,
     "session add CLIENT --date D --minutes M --note FILE [--format SOAP|DAP|BIRP|GIRP]\n"
     "        [--attendance A] [--mode M] [--plan-version V] | list CLIENT [--json]\n"
     "session edit|sign|addendum CLIENT SESSION   a draft note; sign; add once signed\n"
     "session template CLIENT --plan-version V --number K   a note prefilled from plan\n"
     "        session K (JSON, as the web's session-template)\n"},
    {"measure", cmd_measure, "add list", NULL,
     "measure add CLIENT INSTRUMENT ANSWERS... --date D | list CLIENT [--json]\n"},
    {"progress", cmd_progress, NULL, NULL,
     "progress CLIENT [--review-after N]   trajectories, reliable change, alerts\n"},
    {"assess", cmd_assess, "add list procedures", NULL,
     "assess add CLIENT PROCEDURE --date D [--ratings r1,...] [--observations T] | list\n"
     "       CLIENT [--json] | procedures [--json]   art-based assessments (PPAT: 14 FEATS\n"
     "       ratings 0-5)\n"},
    {"artwork", cmd_artwork, "add list consent returned export", NULL,
     "artwork add SESSION-ID IMAGE [--title T] [--medium M] [--words T]\n"
     "        [--consent record,education,exhibition|none] | list CLIENT [--json]\n"
     "      | consent ARTWORK-ID [--record yes|no] [--education yes|no] [--exhibition yes|no]\n"
     "      | returned ARTWORK-ID --date D | export ARTWORK-ID --out FILE\n"
     "    artworks: JPEG or PNG, at most 20 MiB, 12000 px a side, 80 MP\n"},
    {"demo", cmd_demo, NULL, NULL,
     "demo [--clients N] [--sessions-per-client M] [--seed S] [--today D]\n"
     "     [--artworks drawn|tiny] [--examples DIR] [--force yes]\n"
     "    a synthetic practice (no real person)\n"},
    {"user", cmd_user, "add list passwd", NULL,
     "user add --login L --name N --role admin|therapist|supervisor|team | user list [--json]\n"
     "     | user passwd LOGIN   set the web password (read from stdin)\n"},
    {"serve", cmd_serve, NULL, NULL,
     "serve [--listen HOST:PORT] [--idle-minutes N] [--threads N] [--insecure-cookies]\n"
     "    the web application and the JSON API under /api/v1 (docs/api.md) until\n"
     "    SIGINT/SIGTERM\n"},
    {"team", cmd_team, "add list", NULL,
     "team add CLIENT LOGIN [--role R] [--reason T] | team list CLIENT [--json]   the care\n"
     "    team\n"},
    {"gas", cmd_gas, "add rate show", NULL,
     "gas add CLIENT OBJECTIVE --description T [--weight W] | gas rate CLIENT OBJECTIVE\n"
     "    SCORE --date D | gas show CLIENT    goal attainment scaling (-2..+2, T-score)\n"},
    {"outcomes", cmd_outcomes, NULL, NULL,
     "outcomes             practice-wide outcomes (Talking Therapies rules)\n"},
    {"report", cmd_report, "plan client-plan progress summary discharge supplies", NULL,
     "report plan|client-plan|progress|summary|discharge|supplies CLIENT --format pdf|html\n"
     "       --out FILE [--from D --to D] [--date D] [--version N]   documents (supplies also\n"
     "       csv; --from/--to for progress only; docs/documents.md)\n"},
    {"fhir", cmd_fhir, "export import", NULL,
     "fhir export CLIENT [--out FILE]   the record as a FHIR R4 Bundle (docs/fhir.md)\n"
     "fhir export --all yes --out DIR   the practice: one Bundle per client, DIR/REF.json\n"
     "fhir import FILE --setting S   a referral Bundle as a new client, a draft profile and\n"
     "    its measures, with a report (docs/fhir.md)\n"},
    {"audit", cmd_audit, "verify keygen checkpoint", NULL,
     "audit verify [--checkpoints FILE --public-key FILE]   check the audit log's chain\n"
     "audit keygen --key FILE | checkpoint --key FILE --checkpoints FILE\n"
     "    sign the chain's head with a key kept outside the database\n"},
    {"backup", cmd_backup, NULL, NULL, "backup --out FILE    consistent online copy (SQLite)\n"},
    {"export", cmd_export, NULL, NULL,
     "export --out FILE    the whole practice as JSON Lines (progress on a terminal)\n"},
    {"import", cmd_import, NULL, NULL,
     "import FILE          an export into an empty database (either backend), all or nothing\n"},
    {"token", cmd_token, "create list revoke", NULL,
     "token create NAME --grant CLIENT[,CLIENT...] | list [--json] | revoke NAME\n"
     "    API tokens for the read-only FHIR API (administrators)\n"},
    {"group", cmd_group, "add list show roster plan session report", NULL,
     "group add|list|show|roster|plan|session|report   group programs (docs/groups.md;\n"
     "    list [--all yes] [--json], show REF [--json], session REF list [--json])\n"},
};

const size_t cli_n_commands = sizeof(cli_commands) / sizeof(cli_commands[0]);

const struct cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; name && i < cli_n_commands; i++)
        if (strcmp(cli_commands[i].name, name) == 0)
            return &cli_commands[i];
    return NULL;
}
