/*
 * store/exchange.c — whole-practice export as JSON Lines and the row-level import it is read
 * back with. One line per row, tables in dependency order, rows in a stable order (client
 * reference, then version or date, then insertion order), client ids written as references, so
 * export -> import into either backend -> export gives the same bytes. The audit log is not
 * exported: the importing database starts its own chain with one "import" row.
 *
 * The first line names the format and schema version; the last line counts the rows, so a
 * truncated file is refused. Owns nothing; writes into the caller's buffer.
 */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#define PROGRAM_OF_T "(SELECT ref FROM group_programs WHERE id = t.program_id)"
#define PROGRAM_ID_OF "(SELECT id FROM group_programs WHERE ref = "
#define GROUP_SESSION_OF_T                                                                         \
    "(SELECT p.ref || '#' || g.number FROM group_sessions g JOIN group_programs p"                 \
    " ON p.id = g.program_id WHERE g.id = t.group_session_id)"
#define GROUP_SESSION_ID_OF                                                                        \
    "(SELECT g.id FROM group_sessions g JOIN group_programs p ON p.id = g.program_id"              \
    " WHERE p.ref || '#' || g.number = "

struct table {
    const char *name;
    const char *cols[20]; /* columns after the client reference */
    const char *order;    /* ORDER BY after the reference */
    bool by_client;       /* has client_id */
    bool by_session;      /* artworks: the session as (client reference, ordinal) */
    const char *blob;     /* the column exported as hex, or NULL */
};

static const struct table tables[] = {
    {"practice", {"name", "created_at", "paper"}, "t.name", false, false, NULL},
    {"users", {"login", "name", "role", "created_at"}, "t.login", false, false, NULL},
    {"clients",
     {"ref", "name", "setting", "birth_year", "status", "version", "created_at", "updated_at"},
     "t.id",
     false,
     false,
     NULL},
    {"care_team", {"login", "role"}, "t.login", true, false, NULL},
    {"break_glass",
     {"login", "role", "reason", "created_at"},
     "t.created_at, t.id",
     true,
     false,
     NULL},
    {"profiles", {"version", "body", "created_by", "created_at"}, "t.version", true, false, NULL},
    {"plans",
     {"version", "status", "body", "kb_version", "content_hash", "created_by", "created_at",
      "signed_by", "signed_at"},
     "t.version",
     true,
     false,
     NULL},
    {"plan_cosigns",
     {"version", "cosigned_by", "cosigned_at"},
     "t.version, t.cosigned_by",
     true,
     false,
     NULL},
    {"group_programs",
     {"ref", "name", "setting", "kind", "start_date", "start_time", "minutes", "sessions",
      "capacity", "status", "created_by", "created_at"},
     "t.ref",
     false,
     false,
     NULL},
    {"group_facilitators",
     {"program", "login", "role"},
     PROGRAM_OF_T ", t.login",
     false,
     false,
     NULL},
    {"group_members",
     {"program", "start_date", "end_date", "end_reason"},
     PROGRAM_OF_T ", t.start_date",
     true,
     false,
     NULL},
    {"group_sessions",
     {"program", "number", "date", "minutes", "directive", "media", "themes", "process",
      "next_steps", "status", "created_by", "created_at", "signed_by", "signed_at"},
     PROGRAM_OF_T ", t.number",
     false,
     false,
     NULL},
    {"group_attendance",
     {"group_session", "attendance", "minutes", "note", "ratings"},
     GROUP_SESSION_OF_T,
     true,
     false,
     NULL},
    {"group_cosigns",
     {"group_session", "cosigned_by", "cosigned_at"},
     GROUP_SESSION_OF_T ", t.cosigned_by",
     false,
     false,
     NULL},
    {"sessions",
     {"date", "minutes", "attendance", "mode", "plan_version", "note_format", "note", "created_by",
      "created_at", "group_session", "status", "version", "edited_by", "edited_at", "signed_by",
      "signed_at", "content_hash"},
     "t.date, t.id",
     true,
     false,
     NULL},
    {"measures",
     {"instrument", "date", "answers", "total", "created_by", "created_at", "ack_action"},
     "t.date, t.id",
     true,
     false,
     NULL},
    {"gas_goals",
     {"objective", "description", "weight", "created_by", "created_at"},
     "t.objective",
     true,
     false,
     NULL},
    {"gas_ratings",
     {"objective", "date", "score", "created_by", "created_at"},
     "t.objective, t.date, t.id",
     true,
     false,
     NULL},
    {"artworks",
     {"sha256", "mime", "bytes", "width", "height", "title", "medium", "client_words",
      "consent_record", "consent_education", "consent_exhibition", "returned_on", "created_by",
      "created_at"},
     "s.date, s.id, t.id",
     true,
     true,
     "bytes"},
    {"session_addenda",
     {"text", "created_by", "created_at"},
     "s.date, s.id, t.id",
     true,
     true,
     NULL},
    /* after artworks: the sheet of an artwork, named by its image's hash */
    {"artwork_sheets",
     {"artwork", "corners", "found", "width", "height", "bytes", "set_by", "set_at", "space_x1e4",
      "colours", "entropy_x1e3", "edges_x1e4", "lightness_x10", "saturation_x10"},
     "(SELECT a.sha256 FROM artworks a WHERE a.id = t.artwork_id), t.artwork_id",
     false,
     false,
     "bytes"},
    /* after artworks: an assessment names the artwork it rated */
    {"art_assessments",
     {"kind", "date", "materials", "instruction", "minutes", "observations", "ratings",
      "created_by", "created_at", "artwork"},
     "t.date, t.id",
     true,
     false,
     NULL},
    {"session_versions",
     {"version", "date", "minutes", "attendance", "plan_version", "note_format", "note", "saved_by",
      "saved_at"},
     "s.date, s.id, t.version",
     true,
     true,
     NULL},
};

/* Columns that name another row by its database id: exported as the row's reference (a
   program's ref; a group session as "PROGRAM-REF#NUMBER"), the same in every database, and
   looked up again on import. */
struct link {
    const char *table, *name, *column; /* the exported name and the database column */
    const char *out;                   /* the export expression */
    const char *in;                    /* the import expression, before "$N)" */
};

static const struct link links[] = {
    {"group_facilitators", "program", "program_id", PROGRAM_OF_T, PROGRAM_ID_OF},
    {"group_members", "program", "program_id", PROGRAM_OF_T, PROGRAM_ID_OF},
    {"group_sessions", "program", "program_id", PROGRAM_OF_T, PROGRAM_ID_OF},
    {"group_attendance", "group_session", "group_session_id", GROUP_SESSION_OF_T,
     GROUP_SESSION_ID_OF},
    {"group_cosigns", "group_session", "group_session_id", GROUP_SESSION_OF_T, GROUP_SESSION_ID_OF},
    {"sessions", "group_session", "group_session_id", GROUP_SESSION_OF_T, GROUP_SESSION_ID_OF},
    {"artwork_sheets", "artwork", "artwork_id",
     "(SELECT a.sha256 FROM artworks a WHERE a.id = t.artwork_id)",
     /* the same image stored twice: each copy takes one sheet, in order */
     "(SELECT MIN(a.id) FROM artworks a WHERE NOT EXISTS (SELECT 1 FROM artwork_sheets x WHERE"
     " x.artwork_id = a.id) AND a.sha256 = "},
    /* an artwork by its image's SHA-256 among the same client's artworks ($1: the client) */
    {"art_assessments", "artwork", "artwork_id",
     "(SELECT a.sha256 FROM artworks a WHERE a.id = t.artwork_id)",
     "(SELECT MIN(a.id) FROM artworks a JOIN sessions s ON s.id = a.session_id WHERE"
     " s.client_id = (SELECT id FROM clients WHERE ref = $1) AND a.sha256 = "},
};

static const struct link *link_of(const char *table, const char *name)
{
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
        if (strcmp(links[i].table, table) == 0 && strcmp(links[i].name, name) == 0)
            return &links[i];
    return NULL;
}

#define N_TABLES ((int)(sizeof(tables) / sizeof(tables[0])))

/* The ordinal of a session among its client's sessions (by date, then entry order): the
   session's identity in an export, the same in every database that imports it. */
#define SESSION_ORDINAL                                                                            \
    "(SELECT COUNT(*) FROM sessions s2 WHERE s2.client_id = s.client_id AND (s2.date < s.date"     \
    " OR (s2.date = s.date AND s2.id <= s.id)))"

static int ncols(const struct table *t)
{
    int n = 0;
    while (n < 20 && t->cols[n])
        n++;
    return n;
}

struct export_ctx {
    const struct table *t;
    struct easel_buf *out;
    int64_t rows;
};

static void put_val(struct easel_buf *b, const struct easel_val *v)
{
    static const char hex[] = "0123456789abcdef";
    if (v->type == EASEL_V_BLOB) {
        easel_buf_puts(b, "\"");
        for (size_t i = 0; i < v->len; i++) {
            unsigned char c = (unsigned char)v->p[i];
            char two[2] = {hex[c >> 4], hex[c & 15]};
            easel_buf_add(b, two, 2);
        }
        easel_buf_puts(b, "\"");
    } else if (v->type == EASEL_V_INT)
        easel_buf_printf(b, "%lld", (long long)v->i);
    else if (v->type == EASEL_V_TEXT)
        easel_buf_json_str(b, v->p);
    else
        easel_buf_puts(b, "null");
}

static int export_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct export_ctx *x = ctx;
    struct easel_buf *b = x->out;
    easel_buf_printf(b, "{\"table\":\"%s\"", x->t->name);
    size_t k = 0;
    if (x->t->by_client) {
        easel_buf_puts(b, ",\"client\":");
        put_val(b, &c[k++]);
    }
    if (x->t->by_session) {
        easel_buf_puts(b, ",\"session\":");
        put_val(b, &c[k++]);
    }
    for (int i = 0; x->t->cols[i] && k < n; i++, k++) {
        easel_buf_printf(b, ",\"%s\":", x->t->cols[i]);
        put_val(b, &c[k]);
    }
    easel_buf_puts(b, "}\n");
    x->rows++;
    return b->failed;
}

int easel_store_export(struct easel_store *s, struct easel_buf *out, struct easel_error *err)
{
    int version = 0;
    easel_store_schema_version(s, &version, err);
    easel_buf_printf(out, "{\"format\":\"easel-practice/1\",\"schema_version\":%d}\n", version);
    /* one transaction: a consistent snapshot while others write */
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    int64_t rows = 0;
    for (int t = 0; !rc && t < N_TABLES; t++) {
        const struct table *tb = &tables[t];
        char sql[2048];
        const size_t size = sizeof(sql);
        int len = snprintf(sql, size, "SELECT %s",
                           tb->by_session  ? "c.ref, " SESSION_ORDINAL
                           : tb->by_client ? "c.ref"
                                           : "");
        for (int i = 0; tb->cols[i]; i++) {
            const struct link *l = link_of(tb->name, tb->cols[i]);
            len +=
                snprintf(sql + len, size - (size_t)len, "%s%s%s", (i || tb->by_client) ? ", " : "",
                         l ? "" : "t.", l ? l->out : tb->cols[i]);
        }
        if (tb->by_session)
            snprintf(sql + len, size - (size_t)len,
                     " FROM %s t JOIN sessions s ON s.id = t.session_id JOIN clients c"
                     " ON c.id = s.client_id ORDER BY c.ref, %s",
                     tb->name, tb->order);
        else if (tb->by_client)
            snprintf(sql + len, size - (size_t)len,
                     " FROM %s t JOIN clients c ON c.id = t.client_id ORDER BY c.ref, %s", tb->name,
                     tb->order);
        else
            snprintf(sql + len, size - (size_t)len, " FROM %s t ORDER BY %s", tb->name, tb->order);
        struct export_ctx x = {tb, out, 0};
        rc = s->ops->exec(s, sql, NULL, 0, export_row, &x, NULL, err);
        if (rc > 0)
            rc = easel_error_set(err, rc, "export", "", "the export is too large");
        rows += x.rows;
    }
    if (!rc)
        rc = easel__audit(s, "export", "practice", rows, err);
    rc = easel__end(s, rc, err);
    if (!rc)
        easel_buf_printf(out, "{\"end\":true,\"rows\":%lld}\n", (long long)rows);
    if (!rc && out->failed)
        rc = easel_error_set(err, out->failed, "export", "", "the export is too large");
    return rc;
}

int easel_store_import_row(struct easel_store *s, const char *table, const char *client_ref,
                           int64_t session, const struct easel_val *vals, size_t n,
                           struct easel_error *err)
{
    const struct table *tb = NULL;
    for (int t = 0; t < N_TABLES; t++)
        if (strcmp(tables[t].name, table) == 0)
            tb = &tables[t];
    if (!tb)
        return easel_error_set(err, EASEL_EINVAL, "import", "table", "unknown table \"%s\"", table);
    if ((int)n != ncols(tb))
        return easel_error_set(err, EASEL_EINVAL, "import", table, "expected %d values, got %zu",
                               ncols(tb), n);
    if (tb->by_client && !client_ref)
        return easel_error_set(err, EASEL_EINVAL, "import", "client", "missing");
    if (tb->by_session && session < 1)
        return easel_error_set(err, EASEL_EINVAL, "import", "session", "missing or not >= 1");
    /* table and column names come from the fixed list above; every value is bound */
    char sql[2400];
    int len = snprintf(sql, sizeof(sql), "INSERT INTO %s (%s", tb->name,
                       tb->by_session  ? "session_id"
                       : tb->by_client ? "client_id"
                                       : "");
    for (int i = 0; tb->cols[i]; i++) {
        const struct link *l = link_of(tb->name, tb->cols[i]);
        len += snprintf(sql + len, sizeof(sql) - (size_t)len, "%s%s",
                        (i || tb->by_client) ? ", " : "", l ? l->column : tb->cols[i]);
    }
    const char *ref = tb->by_session
                          ? "(SELECT id FROM sessions WHERE client_id = (SELECT id FROM clients"
                            " WHERE ref = $1) ORDER BY date, id LIMIT 1 OFFSET $2 - 1)"
                      : tb->by_client ? "(SELECT id FROM clients WHERE ref = $1)"
                                      : "";
    len += snprintf(sql + len, sizeof(sql) - (size_t)len, ") VALUES (%s", ref);
    int first = tb->by_session ? 3 : tb->by_client ? 2 : 1;
    for (int i = 0; tb->cols[i]; i++) {
        const struct link *l = link_of(tb->name, tb->cols[i]);
        len += snprintf(sql + len, sizeof(sql) - (size_t)len, "%s%s$%d%s",
                        (i || tb->by_client) ? ", " : "", l ? l->in : "", first + i, l ? ")" : "");
    }
    snprintf(sql + len, sizeof(sql) - (size_t)len, ")");
    struct easel_val all[24];
    size_t k = 0;
    if (tb->by_client)
        all[k++] = easel_vtext(client_ref);
    if (tb->by_session)
        all[k++] = easel_vint(session);
    for (size_t i = 0; i < n; i++)
        all[k++] = vals[i];
    int rc = s->ops->exec(s, sql, all, k, NULL, NULL, NULL, err);
    if (rc == EASEL_EINVAL && tb->by_client)
        easel_error_set(err, rc, "import", "client",
                        "row of %s refers to client \"%s\", which the file does not define first",
                        table, client_ref);
    return rc;
}

int easel_store_is_empty(struct easel_store *s, bool *empty, struct easel_error *err)
{
    int64_t n = 0;
    int rc = easel__int(s, "SELECT COUNT(*) FROM clients", NULL, 0, &n, NULL, err);
    *empty = n == 0;
    return rc;
}

const char *const *easel_store_export_columns(const char *table, bool *by_client, bool *by_session,
                                              const char **blob)
{
    for (int t = 0; t < N_TABLES; t++)
        if (strcmp(tables[t].name, table) == 0) {
            *by_client = tables[t].by_client;
            *by_session = tables[t].by_session;
            *blob = tables[t].blob;
            return tables[t].cols;
        }
    return NULL;
}
