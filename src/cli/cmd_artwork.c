/*
 * cli/cmd_artwork.c — artworks in the client record (docs/cli.md, docs/store.md):
 *   artwork add SESSION-ID IMAGE [--title T] [--medium M] [--words T]
 *                                [--consent record,education,exhibition|none]
 *   artwork list CLIENT
 *   artwork consent ARTWORK-ID [--record yes|no] [--education yes|no] [--exhibition yes|no]
 *   artwork returned ARTWORK-ID --date YYYY-MM-DD
 *   artwork export ARTWORK-ID --out FILE
 * The image is checked from its header (easel_image_probe: JPEG or PNG, size and dimension
 * limits), cleaned of identifying metadata (GPS, serials, maker notes, text chunks: easel/app_
 * artwork.h) and stored under the SHA-256 of the cleaned bytes, with its derived sizes: the
 * file name given on the command line is never recorded. Consents default to none: the therapist
 * records each one explicitly.
 *
 * Owns: the image buffer and arena of one call, released before returning.
 * Fails: an exit code (cli.h): 2 usage, 3 a bad image or field (the message names it), 5 a
 * file that cannot be read or written, 6 an unknown session or artwork, 9 database.
 */
#include "cli.h"
#include "easel/app_artwork.h"
#include "easel/image_probe.h"
#include "easel/store.h"
#include "easel/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse_id(const char *s, const char *what, int64_t *id)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < 1)
        return cli_usage("%s must be a whole number from 1, got \"%s\"", what, s);
    *id = v;
    return EXIT_OK;
}

static const char *yes_no(bool v)
{
    return v ? "yes" : "no";
}

static void print_consents(const struct easel_artwork *a)
{
    printf("consents: record %s, education %s, exhibition %s\n", yes_no(a->consent_record),
           yes_no(a->consent_education), yes_no(a->consent_exhibition));
}

/* --consent record,education,exhibition | none */
static int parse_consent(const char *v, struct easel_artwork *r)
{
    if (!v || strcmp(v, "none") == 0)
        return EXIT_OK;
    const char *p = v;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n == 6 && strncmp(p, "record", n) == 0)
            r->consent_record = true;
        else if (n == 9 && strncmp(p, "education", n) == 0)
            r->consent_education = true;
        else if (n == 10 && strncmp(p, "exhibition", n) == 0)
            r->consent_exhibition = true;
        else
            return cli_usage("--consent takes record, education and exhibition separated by "
                             "commas, or none; got \"%s\"",
                             v);
        p += n;
        if (*p == ',' && *++p == '\0')
            return cli_usage("--consent: a trailing comma in \"%s\"", v);
    }
    return EXIT_OK;
}

/* The error of a rejected image names the file it came from. */
static int image_error(struct easel_error *err, const char *path)
{
    snprintf(err->where, sizeof(err->where), "%s", path);
    return cli_error(err);
}

static int add(const struct cli_opts *o, struct easel_store *s)
{
    int64_t session = 0;
    int rc = parse_id(o->args[1], "SESSION-ID", &session);
    if (rc)
        return rc;
    const char *path = o->args[2];
    struct easel_artwork r = {.session = session,
                              .title = cli_opt(o, "title"),
                              .medium = cli_opt(o, "medium"),
                              .client_words = cli_opt(o, "words")};
    if ((rc = parse_consent(cli_opt(o, "consent"), &r)) != 0)
        return rc;
    struct easel_error err = {0};
    /* refuse an oversized file before reading it */
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > EASEL_ARTWORK_MAX) {
        easel_error_set(&err, EASEL_ETOOBIG, path, "image.size",
                        "%lld bytes; an artwork image holds at most %zu (20 MiB)",
                        (long long)st.st_size, EASEL_ARTWORK_MAX);
        return cli_error(&err);
    }
    struct easel_buf img;
    easel_buf_init(&img, EASEL_ARTWORK_MAX + 1);
    rc = easel_file_read(path, EASEL_ARTWORK_MAX, &img, &err);
    if (rc == EASEL_ETOOBIG)
        snprintf(err.field, sizeof(err.field), "image.size");
    struct easel_image_info info;
    if (!rc && (rc = easel_image_probe((const unsigned char *)img.data, img.len, &info, &err))) {
        easel_buf_release(&img);
        return image_error(&err, path);
    }
    int64_t id = 0;
    char sha[65] = "";
    if (!rc)
        rc = easel_app_artwork_add(s, &r, img.data, img.len, &id, &info, sha, &err);
    size_t bytes = img.len;
    easel_buf_release(&img);
    if (rc)
        return cli_error(&err);
    printf("artwork %lld stored for session %lld (%s, %lux%lu, %zu bytes, sha256 %s)\n",
           (long long)id, (long long)session, info.mime, (unsigned long)info.width,
           (unsigned long)info.height, bytes, sha);
    print_consents(&r);
    return EXIT_OK;
}

/* --json: [{"id", "session", "session_date", "mime", "width", "height", "size", "sha256",
   "title", "medium" (null when not recorded), "consent": {"record", "education", "exhibition"},
   "returned_on" (null while not returned)}]. The client's words only in `artwork export`. */
static int list_json(const struct easel_artwork *rs, size_t n)
{
    struct easel_buf b;
    cli_json_init(&b);
    cli_json_open(&b, NULL, '[');
    for (size_t i = 0; i < n; i++) {
        const struct easel_artwork *w = &rs[i];
        cli_json_open(&b, NULL, '{');
        cli_json_int(&b, "id", (long long)w->id);
        cli_json_int(&b, "session", (long long)w->session);
        cli_json_str(&b, "session_date", w->session_date);
        cli_json_str(&b, "mime", w->mime);
        cli_json_int(&b, "width", (long long)w->width);
        cli_json_int(&b, "height", (long long)w->height);
        cli_json_int(&b, "size", (long long)w->size);
        cli_json_str(&b, "sha256", w->sha256);
        cli_json_str(&b, "title", w->title && *w->title ? w->title : NULL);
        cli_json_str(&b, "medium", w->medium && *w->medium ? w->medium : NULL);
        cli_json_open(&b, "consent", '{');
        cli_json_bool(&b, "record", w->consent_record);
        cli_json_bool(&b, "education", w->consent_education);
        cli_json_bool(&b, "exhibition", w->consent_exhibition);
        cli_json_close(&b, '}');
        cli_json_str(&b, "returned_on", w->returned_on);
        cli_json_close(&b, '}');
    }
    cli_json_close(&b, ']');
    return cli_json_done(&b);
}

static int list(const struct cli_opts *o, struct easel_store *s)
{
    long long client;
    int rc = cli_client_id(s, o->args[1], &client);
    if (rc)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_artwork *rs;
    size_t n;
    struct easel_error err = {0};
    rc = easel_artwork_list(s, client, &a, &rs, &n, &err);
    if (!rc && o->json) {
        rc = list_json(rs, n);
        easel_arena_release(&a);
        return rc;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        const struct easel_artwork *w = &rs[i];
        printf("%lld\t%s\tsession %lld\t%s\t%lldx%lld\t%lld bytes\trecord=%s education=%s "
               "exhibition=%s\t%s%s\t%s\t%s\tsha256 %s\n",
               (long long)w->id, w->session_date, (long long)w->session, w->mime,
               (long long)w->width, (long long)w->height, (long long)w->size,
               yes_no(w->consent_record), yes_no(w->consent_education),
               yes_no(w->consent_exhibition), w->returned_on ? "returned " : "not returned",
               w->returned_on ? w->returned_on : "", w->title ? w->title : "-",
               w->medium ? w->medium : "-", w->sha256);
    }
    easel_arena_release(&a);
    return rc ? cli_error(&err) : EXIT_OK;
}

/* --NAME yes|no -> 1 or 0; absent -> -1 */
static int yes_no_opt(const struct cli_opts *o, const char *name, int *out)
{
    const char *v = cli_opt(o, name);
    *out = -1;
    if (!v)
        return EXIT_OK;
    if (strcmp(v, "yes") == 0)
        *out = 1;
    else if (strcmp(v, "no") == 0)
        *out = 0;
    else
        return cli_usage("--%s must be yes or no, got \"%s\"", name, v);
    return EXIT_OK;
}

static int show_one(struct easel_store *s, int64_t id, struct easel_buf *bytes,
                    struct easel_arena *a, struct easel_artwork *w)
{
    struct easel_error err = {0};
    return easel_artwork_get(s, id, a, w, bytes, &err) ? cli_error(&err) : EXIT_OK;
}

static int consent(const struct cli_opts *o, struct easel_store *s)
{
    int64_t id = 0;
    int rec = -1, edu = -1, exh = -1, rc;
    if ((rc = parse_id(o->args[1], "ARTWORK-ID", &id)) || (rc = yes_no_opt(o, "record", &rec)) ||
        (rc = yes_no_opt(o, "education", &edu)) || (rc = yes_no_opt(o, "exhibition", &exh)))
        return rc;
    if (rec < 0 && edu < 0 && exh < 0)
        return cli_usage("artwork consent ARTWORK-ID needs --record, --education or --exhibition "
                         "yes|no");
    struct easel_error err = {0};
    if (easel_artwork_consent(s, id, rec, edu, exh, &err))
        return cli_error(&err);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_artwork w;
    rc = show_one(s, id, NULL, &a, &w);
    if (!rc) {
        printf("artwork %lld ", (long long)id);
        print_consents(&w);
    }
    easel_arena_release(&a);
    return rc;
}

static int returned(const struct cli_opts *o, struct easel_store *s)
{
    int64_t id = 0;
    int rc = parse_id(o->args[1], "ARTWORK-ID", &id);
    if (rc)
        return rc;
    const char *date = cli_opt(o, "date");
    if (!date)
        return cli_usage("artwork returned ARTWORK-ID --date YYYY-MM-DD");
    struct easel_error err = {0};
    if (easel_artwork_returned(s, id, date, &err))
        return cli_error(&err);
    printf("artwork %lld: the original was returned on %s\n", (long long)id, date);
    return EXIT_OK;
}

/* Write to a private temporary file next to path, then rename: no partial file is left. */
static int write_file(const char *path, const char *data, size_t len)
{
    char tmp[4200];
    snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    bool ok = fd >= 0;
    for (size_t off = 0; ok && off < len;) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        off += ok ? (size_t)n : 0;
    }
    if (fd >= 0)
        ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        if (fd >= 0)
            unlink(tmp);
        fprintf(stderr, "easel: artwork export: cannot write %s: %s\n", path, strerror(e));
        return EXIT_IO;
    }
    return EXIT_OK;
}

static int export_one(const struct cli_opts *o, struct easel_store *s)
{
    int64_t id = 0;
    int rc = parse_id(o->args[1], "ARTWORK-ID", &id);
    if (rc)
        return rc;
    const char *out = cli_opt(o, "out");
    if (!out)
        return cli_usage("artwork export ARTWORK-ID --out FILE");
    struct easel_buf bytes;
    easel_buf_init(&bytes, EASEL_ARTWORK_MAX + 1);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_artwork w;
    rc = show_one(s, id, &bytes, &a, &w);
    if (!rc)
        rc = write_file(out, bytes.data, bytes.len);
    struct easel_error err = {0};
    if (!rc && easel_store_audit(s, "export", "artwork", id, &err))
        rc = cli_error(&err);
    if (!rc) {
        printf("artwork %lld: session %lld on %s, %s %lldx%lld, %zu bytes, sha256 %s\n",
               (long long)id, (long long)w.session, w.session_date, w.mime, (long long)w.width,
               (long long)w.height, bytes.len, w.sha256);
        printf("title: %s\nmedium: %s\nclient's words: %s\n", w.title ? w.title : "-",
               w.medium ? w.medium : "-", w.client_words ? w.client_words : "-");
        print_consents(&w);
        if (w.returned_on)
            printf("original: returned on %s\n", w.returned_on);
        else
            printf("original: not returned\n");
        if (!w.consent_education || !w.consent_exhibition)
            printf("note: without consent, this copy is for the record only, not for %s\n",
                   !w.consent_education && !w.consent_exhibition ? "teaching or exhibition"
                   : !w.consent_education                        ? "teaching"
                                                                 : "exhibition");
        printf("written to %s\n", out);
    }
    easel_arena_release(&a);
    easel_buf_release(&bytes);
    return rc;
}

int cmd_artwork(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv,
                       "title medium words consent record education exhibition date out json", &o);
    if (rc)
        return rc;
    const char *sub = o.n_args ? o.args[0] : "";
    int (*fn)(const struct cli_opts *, struct easel_store *) = NULL;
    if (strcmp(sub, "add") == 0 && o.n_args == 3)
        fn = add;
    else if (strcmp(sub, "list") == 0 && o.n_args == 2)
        fn = list;
    else if (strcmp(sub, "consent") == 0 && o.n_args == 2)
        fn = consent;
    else if (strcmp(sub, "returned") == 0 && o.n_args == 2)
        fn = returned;
    else if (strcmp(sub, "export") == 0 && o.n_args == 2)
        fn = export_one;
    if (!fn)
        return cli_usage(
            "artwork add SESSION-ID IMAGE [--title T] [--medium M] [--words T] "
            "[--consent record,education,exhibition|none] | list CLIENT [--json] | consent "
            "ARTWORK-ID --record|--education|--exhibition yes|no | returned "
            "ARTWORK-ID --date D | export ARTWORK-ID --out FILE");
    if (o.json && fn != list)
        return cli_usage("--json: artwork list only");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    rc = fn(&o, &s);
    easel_store_close(&s);
    return rc;
}
