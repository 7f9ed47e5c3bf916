/*
 * cli/cmd_audit.c — the audit log:
 *   audit verify [--checkpoints FILE --public-key FILE]   seal the rows servers left unsealed,
 *       walk the hash chain (names the first
 *       row that was altered, removed or cut off) and check the signed records against it; with
 *       checkpoints, also that each checkpointed head is still in the log with its hash
 *   audit keygen --key FILE        an Ed25519 key pair: FILE (secret, 0600) and FILE.pub
 *   audit checkpoint --key FILE --checkpoints FILE   append a signed checkpoint of the head
 * Keep the secret key and the checkpoint file off the database server (docs/store.md): then a
 * log rewritten and recomputed by someone with write access to the database is found.
 */
#include "cli.h"
#include "easel/audit_checkpoint.h"
#include "easel/store.h"
#include "easel/util.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define KEY_FILE_MAX 4096
#define CHECKPOINTS_MAX ((size_t)16 << 20)

static int tampered(const struct easel_error *err)
{
    fprintf(stderr, "easel: AUDIT LOG TAMPERED: ");
    return cli_error(err) == EXIT_INPUT ? EXIT_TAMPERED : EXIT_DB;
}

/* The secret key's text is wiped before its buffer goes back to the allocator. */
static void wipe(struct easel_buf *b)
{
    volatile char *p = b->data;
    for (size_t i = 0; p && i < b->len; i++)
        p[i] = 0;
}

static int keygen(const struct cli_opts *o)
{
    const char *key = cli_opt(o, "key");
    if (!key)
        return cli_usage("audit keygen --key FILE");
    char pub[4200];
    snprintf(pub, sizeof(pub), "%s.pub", key);
    if (access(key, F_OK) == 0 || access(pub, F_OK) == 0)
        return cli_usage("audit keygen: %s or %s exists; a key is never overwritten", key, pub);
    struct easel_buf sec, pk;
    easel_buf_init(&sec, KEY_FILE_MAX);
    easel_buf_init(&pk, KEY_FILE_MAX);
    struct easel_error err = {0};
    int rc = easel_audit_keygen(&sec, &pk, &err);
    if (!rc)
        rc = easel_file_write_atomic(key, sec.data, sec.len, &err);
    if (!rc)
        rc = easel_file_write_atomic(pub, pk.data, pk.len, &err);
    wipe(&sec);
    easel_buf_release(&sec);
    easel_buf_release(&pk);
    if (rc)
        return cli_error(&err);
    printf("secret key: %s (0600; keep it off the database server)\npublic key: %s\n", key, pub);
    return EXIT_OK;
}

static int checkpoint(const struct cli_opts *o, struct easel_store *s)
{
    const char *key = cli_opt(o, "key"), *file = cli_opt(o, "checkpoints");
    if (!key || !file)
        return cli_usage("audit checkpoint --key FILE --checkpoints FILE");
    struct easel_buf k, all;
    easel_buf_init(&k, KEY_FILE_MAX);
    easel_buf_init(&all, CHECKPOINTS_MAX);
    struct easel_error err = {0};
    int rc = easel_file_read(key, KEY_FILE_MAX, &k, &err);
    if (!rc && access(file, F_OK) == 0) /* appended: earlier checkpoints stay */
        rc = easel_file_read(file, CHECKPOINTS_MAX, &all, &err);
    size_t before = all.len;
    if (!rc) {
        rc = easel_audit_checkpoint(s, k.data, &all, &err);
        if (rc == EASEL_EINVAL && strcmp(err.field, "key") != 0) {
            wipe(&k);
            easel_buf_release(&k);
            easel_buf_release(&all);
            return tampered(&err);
        }
    }
    wipe(&k);
    if (!rc)
        rc = easel_file_write_atomic(file, all.data, all.len, &err);
    if (!rc)
        printf("checkpoint appended to %s: %.*s\n", file, (int)strcspn(all.data + before, " \n"),
               all.data + before);
    easel_buf_release(&k);
    easel_buf_release(&all);
    return rc ? cli_error(&err) : EXIT_OK;
}

static int verify(const struct cli_opts *o, struct easel_store *s)
{
    const char *file = cli_opt(o, "checkpoints"), *pub = cli_opt(o, "public-key");
    if (!file != !pub)
        return cli_usage("audit verify [--checkpoints FILE --public-key FILE]");
    int64_t rows = 0, checked = 0;
    struct easel_error err = {0};
    /* rows a server appended unsealed are bound into the chain first (docs/store.md) */
    if (easel_audit_seal(s, NULL, &err))
        return err.code == EASEL_EINVAL ? tampered(&err) : cli_error(&err);
    if (easel_audit_verify(s, &rows, &err))
        return tampered(&err);
    if (file) {
        struct easel_buf k, all;
        easel_buf_init(&k, KEY_FILE_MAX);
        easel_buf_init(&all, CHECKPOINTS_MAX);
        int rc = easel_file_read(pub, KEY_FILE_MAX, &k, &err);
        if (!rc)
            rc = easel_file_read(file, CHECKPOINTS_MAX, &all, &err);
        if (!rc)
            rc = easel_audit_checkpoints_verify(s, k.data, all.data, all.len, &checked, &err);
        easel_buf_release(&k);
        easel_buf_release(&all);
        if (rc && strcmp(err.where, "checkpoints") == 0)
            return tampered(&err);
        if (rc)
            return cli_error(&err);
    }
    printf("audit log intact: %lld rows, hash chain verified", (long long)rows);
    if (file)
        printf(", %lld signed checkpoints hold", (long long)checked);
    printf("\n");
    return EXIT_OK;
}

int cmd_audit(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "key checkpoints public-key", &o);
    if (rc)
        return rc;
    const char *verb = o.n_args == 1 ? o.args[0] : "";
    if (strcmp(verb, "keygen") == 0)
        return keygen(&o);
    if (strcmp(verb, "verify") != 0 && strcmp(verb, "checkpoint") != 0)
        return cli_usage("audit verify [--checkpoints FILE --public-key FILE] | audit keygen "
                         "--key FILE | audit checkpoint --key FILE --checkpoints FILE");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    rc = strcmp(verb, "verify") == 0 ? verify(&o, &s) : checkpoint(&o, &s);
    easel_store_close(&s);
    return rc;
}
