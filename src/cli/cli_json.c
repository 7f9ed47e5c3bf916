/*
 * cli/cli_json.c — the `--json` output of the list and show commands, written with easel_buf
 * (jansson stays out of the CLI layer: scripts/checksrc.py). A command opens an array or object,
 * adds members by name (the comma before a member is decided from what precedes it), and writes
 * the whole text at once with cli_json_done, so a failure prints nothing half-made. The shape of
 * each command's JSON is in docs/cli.md "JSON output".
 *
 * Owns: the caller's buffer between cli_json_init and cli_json_done (released there).
 * Borrows: the strings added. Fails: an oversized or failed buffer makes cli_json_done return
 * EXIT_INTERNAL without writing; a write error is EXIT_IO (cli_write).
 */
#include "cli.h"
#include "easel/buf.h"
#include "easel/store.h"
#include "easel/store_group.h"

#include <stdio.h>
#include <string.h>

#define JSON_MAX ((size_t)1 << 26)

void cli_json_init(struct easel_buf *b)
{
    easel_buf_init(b, JSON_MAX);
}

/* A comma unless the value opens its array or object (or follows its own key). */
static void sep(struct easel_buf *b)
{
    char last = b->len ? b->data[b->len - 1] : '[';
    if (last != '[' && last != '{' && last != ':')
        easel_buf_puts(b, ",");
}

void cli_json_open(struct easel_buf *b, const char *key, char bracket)
{
    if (key)
        cli_json_key(b, key);
    else
        sep(b);
    easel_buf_add(b, &bracket, 1);
}

void cli_json_close(struct easel_buf *b, char bracket)
{
    easel_buf_add(b, &bracket, 1);
}

void cli_json_key(struct easel_buf *b, const char *key)
{
    sep(b);
    easel_buf_json_str(b, key);
    easel_buf_puts(b, ":");
}

void cli_json_str(struct easel_buf *b, const char *key, const char *value)
{
    if (key)
        cli_json_key(b, key);
    else
        sep(b);
    if (value)
        easel_buf_json_str(b, value);
    else
        easel_buf_puts(b, "null");
}

void cli_json_int(struct easel_buf *b, const char *key, long long value)
{
    cli_json_key(b, key);
    easel_buf_printf(b, "%lld", value);
}

void cli_json_bool(struct easel_buf *b, const char *key, bool value)
{
    cli_json_key(b, key);
    easel_buf_puts(b, value ? "true" : "false");
}

void cli_json_raw(struct easel_buf *b, const char *key, const char *json, size_t len)
{
    cli_json_key(b, key);
    while (len && (json[len - 1] == '\n' || json[len - 1] == ' ' || json[len - 1] == '\r'))
        len--;
    easel_buf_add(b, json, len);
}

void cli_json_null(struct easel_buf *b, const char *key)
{
    cli_json_key(b, key);
    easel_buf_puts(b, "null");
}

int cli_json_done(struct easel_buf *b)
{
    easel_buf_puts(b, "\n");
    int rc = b->failed ? EXIT_INTERNAL : cli_write(b->data, b->len);
    easel_buf_release(b);
    return rc;
}

int cli_people_print(const struct easel_person *p, size_t n, bool json)
{
    if (!json) {
        for (size_t i = 0; i < n; i++)
            printf("%s\t%s\t%s\n", p[i].login, p[i].name, p[i].role);
        return EXIT_OK;
    }
    struct easel_buf b;
    cli_json_init(&b);
    cli_json_people(&b, p, n);
    return cli_json_done(&b);
}

void cli_json_people(struct easel_buf *b, const struct easel_person *p, size_t n)
{
    cli_json_open(b, NULL, '[');
    for (size_t i = 0; i < n; i++) {
        cli_json_open(b, NULL, '{');
        cli_json_str(b, "login", p[i].login);
        cli_json_str(b, "name", p[i].name);
        cli_json_str(b, "role", p[i].role);
        cli_json_close(b, '}');
    }
    cli_json_close(b, ']');
}

void cli_json_group(struct easel_buf *b, const struct easel_group_program *g)
{
    cli_json_str(b, "ref", g->ref);
    cli_json_str(b, "name", g->name);
    cli_json_str(b, "setting", g->setting);
    cli_json_str(b, "kind", g->kind);
    cli_json_str(b, "status", g->status);
    cli_json_str(b, "start_date", g->start_date);
    cli_json_str(b, "start_time", g->start_time);
    cli_json_int(b, "minutes", (long long)g->minutes);
    cli_json_int(b, "sessions", (long long)g->sessions);
    cli_json_int(b, "capacity", (long long)g->capacity);
}
