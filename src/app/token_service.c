/*
 * app/token_service.c — API tokens made and recognised (easel/app_token.h): 32 random bytes from
 * libsodium as base64url behind the "easel_" prefix (so secret scanners and people can tell an
 * easel token from other text), the clients' references resolved to ids, and the SHA-256 the
 * store keeps. The token itself is never stored or logged.
 *
 * Owns: nothing. Borrows: the store. Fails: as the header says.
 */
#include "easel/app_token.h"
#include "easel/crypto.h"
#include "easel/util.h"

#include <stdlib.h>
#include <string.h>

#define PREFIX_LEN (sizeof(EASEL_API_TOKEN_PREFIX) - 1)

bool easel_app_token_shape(const char *t)
{
    if (!t || strlen(t) != EASEL_API_TOKEN_TEXT - 1 ||
        strncmp(t, EASEL_API_TOKEN_PREFIX, PREFIX_LEN) != 0)
        return false;
    for (const char *p = t + PREFIX_LEN; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

void easel_app_token_hash(const char *token, char out[65])
{
    struct easel_sha256 h;
    easel_sha256_init(&h);
    easel_sha256_update(&h, token, strlen(token));
    easel_sha256_hex(&h, out);
}

int easel_app_token_create(struct easel_store *s, const char *name, const char *const *refs,
                           size_t n, char token[EASEL_API_TOKEN_TEXT], int64_t *id,
                           struct easel_error *err)
{
    token[0] = '\0';
    if (n < 1 || n > EASEL_TOKEN_GRANTS_MAX)
        return easel_error_set(err, EASEL_EINVAL, "api token", "grant", "grant 1-%d clients",
                               EASEL_TOKEN_GRANTS_MAX);
    int64_t *ids = calloc(n, sizeof(*ids));
    if (!ids)
        return easel_error_set(err, EASEL_ENOMEM, "api token", "", "out of memory");
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        rc = easel_client_id_of(s, refs[i], &ids[i], err);
        if (!rc && !ids[i])
            rc = easel_error_set(err, EASEL_ENOTFOUND, "api token", "grant",
                                 "no client with reference \"%.64s\"", refs[i]);
    }
    char secret[EASEL_TOKEN_TEXT], hash[65];
    if (!rc && easel_random_token(secret))
        rc = easel_error_set(err, EASEL_EIO, "api token", "", "libsodium failed to start");
    if (!rc) {
        memcpy(token, EASEL_API_TOKEN_PREFIX, PREFIX_LEN);
        memcpy(token + PREFIX_LEN, secret, EASEL_TOKEN_TEXT);
        easel_secure_zero(secret, sizeof(secret));
        easel_app_token_hash(token, hash);
        rc = easel_token_add(s, name, EASEL_TOKEN_SCOPE_FHIR_READ, hash, ids, n, id, err);
    }
    if (rc)
        easel_secure_zero(token, EASEL_API_TOKEN_TEXT);
    free(ids);
    return rc;
}
