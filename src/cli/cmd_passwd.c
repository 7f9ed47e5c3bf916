/*
 * cli/cmd_passwd.c — `easel user passwd LOGIN`: reads the new password from stdin (one line;
 * the trailing newline is dropped; meant for scripts and tests, so nothing is hidden from a
 * terminal) and stores its Argon2id hash (src/web, libsodium). The user's web sessions end.
 *
 * Owns: the password buffer, wiped before return. Fails: exit 2 usage, 3 a password outside
 * 8-1024 bytes, 6 no such user, 9 database.
 */
#include "cli.h"
#include "easel/store.h"
#include "easel/web.h"

#include <stdio.h>
#include <string.h>

int cmd_user_passwd(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "", &o);
    if (rc)
        return rc;
    if (o.n_args != 1)
        return cli_usage("user passwd LOGIN (the password on stdin)");
    char pw[EASEL_WEB_PASSWORD_MAX + 2];
    size_t len = fread(pw, 1, sizeof(pw) - 1, stdin);
    pw[len] = '\0';
    if (len && pw[len - 1] == '\n')
        pw[--len] = '\0';
    if (len && pw[len - 1] == '\r')
        pw[--len] = '\0';
    struct easel_error err = {0};
    char hash[EASEL_WEB_HASH_MAX];
    if (memchr(pw, '\0', len) || memchr(pw, '\n', len)) {
        easel_error_set(&err, EASEL_EINVAL, "password", "", "one line without NUL bytes");
        rc = cli_error(&err);
    } else if (easel_web_password_hash(pw, len, hash, sizeof(hash), &err)) {
        rc = cli_error(&err);
    }
    memset(pw, 0, sizeof(pw));
    if (rc)
        return rc;
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    if (easel_user_password_set(&s, o.args[0], hash, &err))
        rc = cli_error(&err);
    else
        printf("password of %s set\n", o.args[0]);
    easel_store_close(&s);
    return rc;
}
