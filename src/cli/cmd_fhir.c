/*
 * cli/cmd_fhir.c — `easel fhir export CLIENT [--out FILE]`: one client's record as a FHIR R4
 * Bundle (easel/fhir.h, docs/fhir.md). To standard output, or written whole to FILE (0600, a
 * temporary renamed over it, like `easel export`). The export is audited by the FHIR layer.
 * `easel fhir export --all --out DIR`: the whole practice, one Bundle per client in DIR/REF.json
 * (DIR made 0700 when missing), each written whole; a failure names the client and leaves the
 * files already written complete.
 * `easel fhir import` is its own file (cmd_fhir_import.c), dispatched from here.
 */
#include "cli.h"
#include "easel/fhir.h"
#include "easel/store.h"
#include "easel/util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define BUNDLE_MAX ((size_t)1 << 31)

#define PRACTICE_MAX 1000000 /* clients in one practice export */

/* Every client of the practice, one Bundle each, into dir/REF.json. */
static int export_all(const struct cli_opts *o, const char *dir)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "easel: fhir export: %s: cannot make the folder: %s\n", dir,
                strerror(errno));
        return EXIT_IO;
    }
    struct easel_kb kb;
    struct easel_store s;
    int rc = cli_open_kb_store(o, &kb, &s);
    if (rc)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client *cs = NULL;
    size_t n = 0, bytes = 0;
    struct easel_error err = {0};
    if (easel_client_list(&s, NULL, PRACTICE_MAX, &a, &cs, &n, &err))
        rc = cli_error(&err);
    for (size_t i = 0; !rc && i < n; i++) {
        struct easel_buf bundle;
        easel_buf_init(&bundle, BUNDLE_MAX);
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s.json", dir, cs[i].ref);
        if (easel_fhir_export_client(&s, &kb, cs[i].id, &bundle, &err) ||
            easel_file_write_atomic(path, bundle.data, bundle.len, &err)) {
            fprintf(stderr, "easel: fhir export: client %s:\n", cs[i].ref);
            rc = cli_error(&err);
        }
        bytes += bundle.len;
        easel_buf_release(&bundle);
        cli_progress("fhir export: clients", (long)i + 1, (long)n);
    }
    if (!rc)
        printf("wrote %s: %zu FHIR R4 Bundles (one per client), %zu bytes\n", dir, n, bytes);
    easel_arena_release(&a);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc;
}

static int fhir_export(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "out all", &o);
    if (rc)
        return rc;
    if (cli_opt(&o, "all")) {
        if (o.n_args != 0 || strcmp(cli_opt(&o, "all"), "yes") != 0 || !cli_opt(&o, "out"))
            return cli_usage("fhir export --all yes --out DIR");
        return export_all(&o, cli_opt(&o, "out"));
    }
    if (o.n_args != 1)
        return cli_usage("fhir export CLIENT [--out FILE] | fhir export --all yes --out DIR");
    const char *out = cli_opt(&o, "out");
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0)
        return rc;
    long long id = 0;
    struct easel_buf bundle;
    easel_buf_init(&bundle, BUNDLE_MAX);
    struct easel_error err = {0};
    if ((rc = cli_client_id(&s, o.args[0], &id)) != EXIT_OK) {
        /* cli_client_id printed the error */
    } else if (easel_fhir_export_client(&s, &kb, id, &bundle, &err) ||
               (out && easel_file_write_atomic(out, bundle.data, bundle.len, &err))) {
        rc = cli_error(&err);
    } else if (out) {
        printf("wrote %s: FHIR R4 Bundle for %s, %zu bytes\n", out, o.args[0], bundle.len);
    } else {
        rc = cli_write(bundle.data, bundle.len);
    }
    easel_buf_release(&bundle);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc;
}

int cmd_fhir(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "export") == 0)
        return fhir_export(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "import") == 0)
        return cli_fhir_import(argc - 1, argv + 1);
    return cli_usage("fhir export CLIENT [--out FILE] | fhir import FILE --setting SETTING");
}
