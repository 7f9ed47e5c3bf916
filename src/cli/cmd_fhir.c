/*
 * cli/cmd_fhir.c — `easel fhir export CLIENT [--out FILE]`: one client's record as a FHIR R4
 * Bundle (easel/fhir.h, docs/fhir.md). To standard output, or written whole to FILE (0600, a
 * temporary renamed over it, like `easel export`). The export is audited by the FHIR layer.
 * `easel fhir import` is its own file (cmd_fhir_import.c), dispatched from here.
 */
#include "cli.h"
#include "easel/fhir.h"
#include "easel/store.h"
#include "easel/util.h"

#include <stdio.h>
#include <string.h>

#define BUNDLE_MAX ((size_t)1 << 31)

static int fhir_export(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "out", &o);
    if (rc)
        return rc;
    if (o.n_args != 1)
        return cli_usage("fhir export CLIENT [--out FILE]");
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
