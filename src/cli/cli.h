/*
 * cli/cli.h — internal: what the `easel` subcommands share: exit codes, the common options
 * (--kb, --kb-overlay), loading the KB, and printing an error on stderr.
 *
 * Owns: nothing. Fails: helpers return an exit code (EXIT_*), never abort.
 */
#ifndef EASEL_CLI_H
#define EASEL_CLI_H

#include "easel/error.h"
#include "easel/kb.h"

/* Exit codes, documented in docs/cli.md. */
enum {
    EXIT_OK = 0,
    EXIT_INTERNAL = 1,
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
    EXIT_KB = 4,
    EXIT_IO = 5,
    EXIT_NOTFOUND = 6,
    EXIT_CONFLICT = 7,  /* a newer version was saved meanwhile */
    EXIT_READONLY = 8,  /* the record is signed */
    EXIT_DB = 9,        /* the database failed or the connection was lost */
    EXIT_TAMPERED = 10, /* `audit verify` found an altered or missing audit row */
    EXIT_RECHECK = 11   /* `plan recheck` found plans the current KB does not pass */
};

struct cli_opts {
    const char *kb_dir;
    const char *overlay;
    const char *db;       /* --db URL, else $EASEL_DB, else the user's data directory */
    const char *user;     /* --user LOGIN, else $EASEL_USER, else $USER */
    const char *args[40]; /* positional arguments */
    int n_args;
    struct {
        const char *name, *value;
    } opt[16]; /* the command's own --name value options */
    int n_opt;
    const char *format;
    int sessions;
    bool json; /* --json (list and show commands that name "json" as allowed): JSON output */
};

/* Parse argv[1..] of a subcommand: --kb, --kb-overlay, --db, --user for every command, plus the
   value options named in `allowed` (space-separated names without "--"). --format and
   --sessions are checked here; the rest are read with cli_opt. */
int cli_parse(int argc, char **argv, const char *allowed, struct cli_opts *o);
/* "LABEL N of M" on stderr, rewritten in place, when stderr is a terminal (a long command's
   progress); nothing when piped or redirected. The last call (done == total) ends the line. */
void cli_progress(const char *label, long done, long total);
/* A long step the CLI cannot count (cli_busy.c): "LABEL ..." on stderr, the seconds taken
   rewritten each second, then "LABEL done in N s", when stderr is a terminal; nothing when
   piped or redirected. End it before printing anything else on stderr. */
void cli_busy_begin(const char *label);
void cli_busy_end(void);
/* The knowledge base and the example profiles easel was installed with (PREFIX/share/easel/kb
   and .../examples beside PREFIX/bin/easel), else the source tree's. */
const char *cli_default_kb(void);
const char *cli_default_examples(void);
const char *cli_opt(const struct cli_opts *o, const char *name);
/* A whole number option in [min, max]; *out unchanged when absent. Returns EXIT_USAGE. */
int cli_opt_int(const struct cli_opts *o, const char *name, long min, long max, long *out);
int cli_load_kb(const struct cli_opts *o, struct easel_kb *kb);
struct easel_profile;
struct easel_plan;
/* cli/cli_plan.c: the plan of the profile file o->args[0] with --sessions (the KB loaded, the
   profile read): 0, or the exit code with the error printed and everything released. */
int cli_plan_build(const struct cli_opts *o, struct easel_kb *kb, struct easel_profile *p,
                   struct easel_plan *plan);
void cli_plan_release(struct easel_kb *kb, struct easel_profile *p, struct easel_plan *plan);
int cli_error(const struct easel_error *err);
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_write(const char *data, unsigned long len);

/* --json output (cli_json.c; shapes in docs/cli.md "JSON output"): cli_json_init, then open
   arrays and objects, add members by key (NULL key: an array element; a NULL string is null),
   and cli_json_done writes the whole text with a newline and releases the buffer. */
struct easel_buf;
struct easel_person;
void cli_json_init(struct easel_buf *b);
void cli_json_open(struct easel_buf *b, const char *key, char bracket);
void cli_json_close(struct easel_buf *b, char bracket);
void cli_json_key(struct easel_buf *b, const char *key);
void cli_json_str(struct easel_buf *b, const char *key, const char *value);
void cli_json_int(struct easel_buf *b, const char *key, long long value);
void cli_json_bool(struct easel_buf *b, const char *key, bool value);
void cli_json_null(struct easel_buf *b, const char *key);
/* A member whose value is JSON text already (a stored plan or profile), trailing space cut. */
void cli_json_raw(struct easel_buf *b, const char *key, const char *json, size_t len);
int cli_json_done(struct easel_buf *b);
/* [{"login","name","role"}...]: `user list` and `team list`. */
void cli_json_people(struct easel_buf *b, const struct easel_person *p, size_t n);
/* `user list` and `team list`: "LOGIN\tNAME\tROLE" lines, or with json the array above. */
int cli_people_print(const struct easel_person *p, size_t n, bool json);
/* The members "ref", "name", "setting", "kind", "status", "start_date", "start_time",
   "minutes", "sessions", "capacity" of a group program, inside an open object: `group list`
   and `group show`. */
struct easel_group_program;
void cli_json_group(struct easel_buf *b, const struct easel_group_program *g);

struct easel_store;
/* Open the store named by the options and bring its schema up to date. */
int cli_open_store(const struct cli_opts *o, struct easel_store *s);
/* Both, for commands that need the KB and the record: on failure nothing stays open. */
int cli_open_kb_store(const struct cli_opts *o, struct easel_kb *kb, struct easel_store *s);
/* The store URL the options name (--db, $EASEL_DB, else the default file, whose folder is
   created); buf holds the default. */
const char *cli_db_url(const struct cli_opts *o, char *buf, size_t size);
/* A client by reference; fills *id. */
int cli_client_id(struct easel_store *s, const char *ref, long long *id);

int cmd_plan(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_kb(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_client(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_session(int argc, char **argv);
/* `session edit` (cmd_session_edit.c) and `session sign` (cmd_session_sign.c) */
int cli_session_edit(const struct cli_opts *o, struct easel_store *s, long long client,
                     long long session);
int cli_session_sign(struct easel_store *s, long long client, long long session,
                     const char *client_ref);
/* `session template CLIENT --plan-version V --number K` (cmd_session_template.c) */
int cli_session_template(const struct cli_opts *o);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_measure(int argc, char **argv);
int cmd_progress(int argc, char **argv);
int cmd_assess(int argc, char **argv);
/* `artwork add|list|consent|returned|export`: images in the record (cmd_artwork.c) */
int cmd_artwork(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_team(int argc, char **argv);
int cmd_gas(int argc, char **argv);
int cmd_outcomes(int argc, char **argv);
/* Print GAS scales and the T-score from easel_app_gas (cmd_gas.c; also used by progress). */
struct easel_gas_record;
void cli_gas_print(const struct easel_gas_record *g, size_t n, bool has_t, double t);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
/* `plan generate|show|diff|sign|cosign CLIENT`: the stored plans (cmd_plan_record.c) */
int cmd_plan_record(int argc, char **argv);
int cmd_plan_recheck(int argc, char **argv);
/* `plan edit CLIENT FILE --version V`: a therapist's edit, checked and saved (cmd_plan_edit.c) */
int cmd_plan_edit(int argc, char **argv);
/* `serve`: the HTTP JSON API (cmd_serve.c, src/web, docs/api.md) */
int cmd_serve(int argc, char **argv);
/* `user passwd LOGIN`: the password, read from stdin (cmd_passwd.c) */
int cmd_user_passwd(int argc, char **argv);
/* `report KIND CLIENT --format F --out FILE`: documents as PDF/HTML/CSV (cmd_report.c) */
int cmd_report(int argc, char **argv);
/* `fhir export CLIENT [--out FILE]`: the record as a FHIR R4 Bundle (cmd_fhir.c, docs/fhir.md) */
int cmd_fhir(int argc, char **argv);
/* `fhir import FILE --setting S`: a referral Bundle into a new client (cmd_fhir_import.c) */
int cli_fhir_import(int argc, char **argv);
/* `group VERB ...`: group programs (cmd_group.c dispatches to cmd_group_VERB.c) */
int cmd_group(int argc, char **argv);
int cmd_group_add(int argc, char **argv);
int cmd_group_list(int argc, char **argv);
int cmd_group_show(int argc, char **argv);
int cmd_group_roster(int argc, char **argv);
int cmd_group_plan(int argc, char **argv);
int cmd_group_session(int argc, char **argv);
int cmd_group_report(int argc, char **argv);
/* `easel token create|list|revoke` (cmd_token.c): API tokens for the FHIR API */
int cmd_token(int argc, char **argv);

/* The command table (commands.c): dispatch, help, --help, completion and the man page. */
struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *subcommands; /* space-separated, for completion; NULL when none */
    const char *section;     /* a heading printed before the command in `easel help`, or NULL */
    const char *usage;       /* lines without "easel "; continuation lines indented */
};
extern const struct cli_command cli_commands[];
extern const size_t cli_n_commands;
const struct cli_command *cli_command_find(const char *name);
/* `easel completion bash` (cmd_completion.c) and `easel man` (cmd_man.c), from the table */
int cmd_completion(int argc, char **argv);
int cmd_man(int argc, char **argv);

#endif
