/*
 * cli/cmd_backup.c — `easel backup --out FILE`: a consistent online copy of the SQLite
 * database while others keep writing (PostgreSQL: use pg_dump; refused with a clear message).
 */
#include "cli.h"
#include "easel/store.h"

#include <stdio.h>

int cmd_backup(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "out", &o);
    if (rc)
        return rc;
    const char *out = cli_opt(&o, "out");
    if (o.n_args || !out)
        return cli_usage("backup --out FILE");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    struct easel_error err = {0};
    rc = easel_store_backup(&s, out, &err);
    easel_store_close(&s);
    if (rc)
        return cli_error(&err);
    printf("backup written to %s\n", out);
    return EXIT_OK;
}
