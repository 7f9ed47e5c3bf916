/*
 * cli/cmd_audit.c — `easel audit verify`: walk the audit log's hash chain; names the first row
 * that was altered, removed or cut off.
 */
#include "cli.h"
#include "easel/store.h"

#include <stdio.h>
#include <string.h>

int cmd_audit(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "", &o);
    if (rc)
        return rc;
    if (o.n_args != 1 || strcmp(o.args[0], "verify") != 0)
        return cli_usage("audit verify");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    int64_t rows = 0;
    struct easel_error err = {0};
    rc = easel_audit_verify(&s, &rows, &err);
    easel_store_close(&s);
    if (rc) {
        fprintf(stderr, "easel: AUDIT LOG TAMPERED: ");
        return cli_error(&err) == EXIT_INPUT ? EXIT_TAMPERED : EXIT_DB;
    }
    printf("audit log intact: %lld rows, hash chain verified\n", (long long)rows);
    return EXIT_OK;
}
