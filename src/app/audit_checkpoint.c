/*
 * app/audit_checkpoint.c — signed checkpoints of the audit chain (easel/audit_checkpoint.h):
 * the store gives the head and each row's hash, easel/crypto.h signs and checks. The signed
 * text is the line without its signature: "easel-audit-checkpoint/1 ROW HASH AT".
 *
 * Owns: nothing. Borrows: the store and the texts. Fails: see the header.
 */
#include "easel/audit_checkpoint.h"
#include "easel/crypto.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECKPOINT_TAG "easel-audit-checkpoint/1"
#define SECRET_TAG "easel-ed25519-secret/1 "
#define PUBLIC_TAG "easel-ed25519-public/1 "

int easel_audit_keygen(struct easel_buf *secret_file, struct easel_buf *public_file,
                       struct easel_error *err)
{
    char pk[EASEL_SIGN_PUBLIC_HEX], sk[EASEL_SIGN_SECRET_HEX];
    int rc = easel_sign_keypair(pk, sk, err);
    if (!rc) {
        easel_buf_printf(secret_file, SECRET_TAG "%s\n", sk);
        easel_buf_printf(public_file, PUBLIC_TAG "%s\n", pk);
    }
    easel_secure_zero(sk, sizeof(sk));
    if (!rc && (secret_file->failed || public_file->failed))
        rc = easel_error_set(err, EASEL_ENOMEM, "audit", "key", "out of memory");
    return rc;
}

/* The hex key after tag in a key file's text (one line, trailing newline allowed). */
static int key_of(const char *file, const char *tag, size_t hex_len, char *out,
                  struct easel_error *err)
{
    size_t tl = strlen(tag);
    if (!file || strncmp(file, tag, tl) != 0)
        return easel_error_set(err, EASEL_EINVAL, "audit", "key", "not an easel %s key file",
                               strstr(tag, "secret") ? "secret" : "public");
    const char *h = file + tl;
    size_t n = strcspn(h, "\r\n");
    if (n != hex_len || strspn(h, "0123456789abcdef") < n)
        return easel_error_set(err, EASEL_EINVAL, "audit", "key",
                               "the key is not %zu lowercase hex digits", hex_len);
    memcpy(out, h, n);
    out[n] = '\0';
    return 0;
}

int easel_audit_checkpoint(struct easel_store *s, const char *secret_file, struct easel_buf *out,
                           struct easel_error *err)
{
    char sk[EASEL_SIGN_SECRET_HEX], head_hash[65], sig[EASEL_SIGNATURE_HEX], text[160];
    int64_t head = 0;
    int rc = key_of(secret_file, SECRET_TAG, EASEL_SIGN_SECRET_HEX - 1, sk, err);
    if (!rc) /* the head covers every row appended so far, sealed now if a server has not */
        rc = easel_audit_seal(s, NULL, err);
    if (!rc) /* never sign a log that does not verify */
        rc = easel_audit_verify(s, NULL, err);
    if (!rc)
        rc = easel_audit_head(s, &head, head_hash, err);
    if (!rc) {
        snprintf(text, sizeof(text), CHECKPOINT_TAG " %" PRId64 " %s %" PRId64, head, head_hash,
                 s->now());
        rc = easel_sign(sk, text, strlen(text), sig, err);
    }
    easel_secure_zero(sk, sizeof(sk));
    if (!rc)
        easel_buf_printf(out, "%s %s\n", text, sig);
    if (!rc && out->failed)
        rc = easel_error_set(err, EASEL_ENOMEM, "audit", "checkpoint", "out of memory");
    return rc;
}

static int line_error(struct easel_error *err, size_t line, const char *msg)
{
    return easel_error_set(err, EASEL_EINVAL, "checkpoints", "line", "line %zu: %s", line, msg);
}

int easel_audit_checkpoints_verify(struct easel_store *s, const char *public_file, const char *text,
                                   size_t len, int64_t *checked, struct easel_error *err)
{
    char pk[EASEL_SIGN_PUBLIC_HEX];
    *checked = 0;
    int rc = key_of(public_file, PUBLIC_TAG, EASEL_SIGN_PUBLIC_HEX - 1, pk, err);
    size_t line = 0;
    for (size_t at = 0; !rc && at < len;) {
        const char *p = text + at, *nl = memchr(p, '\n', len - at);
        size_t n = nl ? (size_t)(nl - p) : len - at;
        at += n + 1;
        line++;
        if (n == 0)
            continue;
        char buf[400], hash[65], sig[EASEL_SIGNATURE_HEX], tag[32];
        long long row = 0, when = 0;
        int used = 0;
        if (n >= sizeof(buf))
            return line_error(err, line, "too long for a checkpoint");
        memcpy(buf, p, n);
        buf[n] = '\0';
        if (sscanf(buf, "%31s %lld %64s %lld %128s%n", tag, &row, hash, &when, sig, &used) != 5 ||
            (size_t)used != n || strcmp(tag, CHECKPOINT_TAG) != 0 || row < 1 ||
            strlen(hash) != 64 || strlen(sig) != EASEL_SIGNATURE_HEX - 1)
            return line_error(err, line,
                              "not a checkpoint (\"" CHECKPOINT_TAG " ROW HASH AT SIGNATURE\")");
        const char *space = strrchr(buf, ' ');
        if (!easel_sign_verify(pk, buf, (size_t)(space - buf), sig))
            return line_error(err, line,
                              "the signature does not match the public key: the checkpoint was "
                              "not made with the practice's key, or was altered");
        char now_hash[65];
        int found = 0;
        rc = easel_audit_row_hash(s, row, now_hash, &found, err);
        if (!rc && !found)
            return easel_error_set(err, EASEL_EINVAL, "checkpoints", "line",
                                   "line %zu: row %lld, signed as the head, is no longer in the "
                                   "log: rows were removed",
                                   line, row);
        if (!rc && strcmp(now_hash, hash) != 0)
            return easel_error_set(err, EASEL_EINVAL, "checkpoints", "line",
                                   "line %zu: row %lld no longer has the hash signed at the "
                                   "checkpoint: the log up to that row was rewritten",
                                   line, row);
        if (!rc)
            ++*checked;
    }
    return rc;
}
