/*
 * exchange/practice_import.c — whole-practice import (easel/exchange.h): one JSON object per
 * line, parsed strictly with jansson, inserted row by row through easel_store_import_row in
 * one batch, so a bad line anywhere leaves the database untouched.
 */
#include "easel/exchange.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_WHERE(buf, n) snprintf(buf, sizeof(buf), "import line %zu", n)

static int fail(struct easel_error *err, size_t line, const char *field, const char *msg)
{
    char where[64];
    LINE_WHERE(where, line);
    return easel_error_set(err, EASEL_EINVAL, where, field, "%s", msg);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The value of a column an older export does not have (added to the row, which owns it), or
   NULL when the column is required. Before schema version 5 a session note was unsigned unless
   it was a group session's copy, which was locked from the start: the copy imports as signed. */
static json_t *later_default(const char *table, const char *col, json_t *o)
{
    static const char *const nullable[] = {"ack_action",   "group_session", "edited_by",
                                           "edited_at",    "signed_by",     "signed_at",
                                           "content_hash", "artwork",       NULL};
    json_t *v = NULL;
    for (size_t k = 0; nullable[k] && !v; k++)
        if (strcmp(col, nullable[k]) == 0)
            v = json_null();
    if (!v && strcmp(table, "practice") == 0 && strcmp(col, "paper") == 0)
        v = json_string("a4");
    if (!v && strcmp(table, "sessions") == 0 && strcmp(col, "version") == 0)
        v = json_integer(1);
    if (!v && strcmp(table, "sessions") == 0 && strcmp(col, "status") == 0)
        v = json_string(json_is_string(json_object_get(o, "group_session")) ? "signed" : "draft");
    if (!v || json_object_set_new(o, col, v))
        return NULL;
    return json_object_get(o, col);
}

static int row(struct easel_store *s, json_t *o, size_t line, struct easel_error *err)
{
    const char *table = json_string_value(json_object_get(o, "table"));
    bool by_client = false, by_session = false;
    const char *blob = NULL;
    const char *const *cols =
        table ? easel_store_export_columns(table, &by_client, &by_session, &blob) : NULL;
    if (!cols)
        return fail(err, line, "table", "unknown or missing table");
    struct easel_val vals[24];
    unsigned char *bytes = NULL;
    int64_t session = 0;
    if (by_session) {
        json_t *sv = json_object_get(o, "session");
        if (!json_is_integer(sv) || json_integer_value(sv) < 1)
            return fail(err, line, "session", "missing session ordinal");
        session = json_integer_value(sv);
    }
    size_t n = 0;
    const char *client = NULL;
    if (by_client) {
        client = json_string_value(json_object_get(o, "client"));
        if (!client)
            return fail(err, line, "client", "missing client reference");
    }
    size_t expected = (size_t)(by_client ? 2 : 1) + (by_session ? 1 : 0);
    int rc = 0;
    for (; cols[n]; n++) {
        json_t *v = json_object_get(o, cols[n]);
        if (!v) /* a column added after schema version 2 may be absent from an older export */
            v = later_default(table, cols[n], o);
        if (!v) {
            rc = fail(err, line, cols[n], "missing");
            break;
        }
        if (blob && strcmp(cols[n], blob) == 0) {
            const char *h = json_string_value(v);
            size_t hl = h ? strlen(h) : 1;
            if (!h || hl % 2 || bytes) {
                rc = fail(err, line, cols[n], "must be an even-length hex string");
                break;
            }
            bytes = malloc(hl / 2 + 1);
            if (!bytes) {
                rc = easel_error_set(err, EASEL_ENOMEM, "import", cols[n], "out of memory");
                break;
            }
            for (size_t i = 0; i < hl / 2 && !rc; i++) {
                int hi = hexval(h[2 * i]), lo = hexval(h[2 * i + 1]);
                if (hi < 0 || lo < 0)
                    rc = fail(err, line, cols[n], "must be an even-length hex string");
                bytes[i] = (unsigned char)(hi << 4 | lo);
            }
            vals[n] = easel_vblob(bytes, hl / 2);
        } else if (json_is_integer(v))
            vals[n] = easel_vint(json_integer_value(v));
        else if (json_is_string(v))
            vals[n] = easel_vtext(json_string_value(v));
        else if (json_is_null(v))
            vals[n] = easel_vtext(NULL);
        else {
            rc = fail(err, line, cols[n], "must be a number, a string or null");
            break;
        }
        if (rc)
            break;
    }
    if (!rc && json_object_size(o) != expected + n)
        rc = fail(err, line, "", "unexpected fields for this table");
    if (!rc)
        rc = easel_store_import_row(s, table, client, session, vals, n, err);
    free(bytes);
    if (rc && err && strncmp(err->where, "import line", 11) != 0) {
        char where[64];
        LINE_WHERE(where, line);
        snprintf(err->where, sizeof(err->where), "%s", where);
    }
    return rc;
}

int easel_practice_import(struct easel_store *s, const char *text, size_t len, int64_t *rows,
                          struct easel_error *err)
{
    *rows = 0;
    bool empty = false;
    int rc = easel_store_is_empty(s, &empty, err);
    if (rc)
        return rc;
    if (!empty)
        return easel_error_set(err, EASEL_ECONFLICT, "import", "",
                               "the database already holds clients; import into a new one");
    if ((rc = easel_store_batch_begin(s, err)) != 0)
        return rc;
    size_t line = 0, pos = 0;
    bool header = false, ended = false;
    int64_t count = 0;
    while (!rc && pos < len) {
        const char *start = text + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl ? 1 : 0);
        line++;
        if (n == 0)
            continue;
        if (ended) {
            rc = fail(err, line, "", "data after the end line");
            break;
        }
        json_error_t je;
        json_t *o = json_loadb(start, n, JSON_REJECT_DUPLICATES, &je);
        if (!o || !json_is_object(o)) {
            char msg[200];
            snprintf(msg, sizeof(msg), "malformed JSON at column %d: %s", je.column, je.text);
            rc = fail(err, line, "", o ? "each line must be a JSON object" : msg);
            json_decref(o);
            break;
        }
        if (!header) {
            const char *f = json_string_value(json_object_get(o, "format"));
            json_int_t v = json_integer_value(json_object_get(o, "schema_version"));
            if (!f || strcmp(f, "easel-practice/1") != 0)
                rc = fail(err, line, "format", "not an easel practice export");
            else if (v < 1 || v > EASEL_STORE_SCHEMA_VERSION)
                rc = fail(err, line, "schema_version", "made by a newer easel");
            header = true;
        } else if (json_object_get(o, "end")) {
            json_int_t want = json_integer_value(json_object_get(o, "rows"));
            if (want != count)
                rc = fail(err, line, "rows", "the row count does not match: the file is damaged");
            ended = true;
        } else {
            rc = row(s, o, line, err);
            count++;
        }
        json_decref(o);
    }
    if (!rc && !header)
        rc = fail(err, line, "format", "empty file: no header");
    if (!rc && !ended)
        rc = fail(err, line, "end",
                  "the file ends before its end line: truncated, nothing was imported");
    if (!rc)
        rc = easel_store_audit(s, "import", "practice", count, err);
    rc = easel_store_batch_end(s, rc, err);
    if (!rc)
        *rows = count;
    return rc;
}
