/*
 * easel/store_token.h — API tokens in the record (schema version 6; docs/fhir.md "API tokens"):
 * credentials for other systems (a hospital's EHR, a payer) that read the read-only FHIR API.
 * An administrator creates a token with a name, the scope "fhir-read" and the clients it is
 * granted; the store keeps only the SHA-256 of the token (made in the app layer,
 * easel/app_token.h), never the token. A token reads only the clients it was granted, whatever
 * happens to any care team later. Revocation is immediate and final; the row stays (who made
 * it, when, when it was last used, who revoked it).
 *
 * Owns: records returned by reads live in the caller's arena. Borrows: the store connection.
 * Fails: 0 or an EASEL_E* code with err filled: EASEL_EINVAL naming the field (a bad name or
 * scope, an actor who is not an administrator: field "created_by" / "revoked_by"),
 * EASEL_ENOTFOUND (no live token of that name or hash, an unknown client), EASEL_ECONFLICT (a
 * live token has that name), EASEL_EDB. Creation and revocation are audited ("token-create",
 * "token-revoke" on "api-token", and "token-grant" on each client granted).
 */
#ifndef EASEL_STORE_TOKEN_H
#define EASEL_STORE_TOKEN_H

#include "easel/store.h"

#define EASEL_TOKEN_NAME_MAX 32 /* a token's name: 1-32 of a-z 0-9 - */
#define EASEL_TOKEN_GRANTS_MAX 1000
#define EASEL_TOKEN_SCOPE_FHIR_READ "fhir-read"

struct easel_api_token {
    int64_t id;
    const char *name;
    const char *scope; /* "fhir-read" */
    const char *created_by;
    int64_t created_at;
    int64_t revoked_at; /* 0: live */
    const char *revoked_by;
    int64_t last_used_at;    /* 0: never used */
    const int64_t *clients;  /* the clients granted, ascending ids */
    const char *const *refs; /* their references, in the same order */
    size_t n_clients;
};

/* A new live token named `name` (1-32 of a-z 0-9 -) for `scope`, kept as token_hash (64
   lower-case hex digits), granted the clients listed (1..EASEL_TOKEN_GRANTS_MAX ids, duplicates
   ignored). The actor must be an administrator's login. */
int easel_token_add(struct easel_store *s, const char *name, const char *scope,
                    const char *token_hash, const int64_t *clients, size_t n_clients, int64_t *id,
                    struct easel_error *err);
/* Every token, live ones first, then by name and id; with their grants. Not audited: names and
   dates only, no client data beyond the references an administrator granted. */
int easel_token_list(struct easel_store *s, struct easel_arena *a, struct easel_api_token **out,
                     size_t *n, struct easel_error *err);
/* Revoke the live token named `name` (the actor must be an administrator). */
int easel_token_revoke(struct easel_store *s, const char *name, struct easel_error *err);
/* The live token whose hash is token_hash, with its grants, for one request: EASEL_ENOTFOUND
   when there is none or it is revoked. last_used_at is written at most once a minute (a write
   on every request would make every read a write transaction). */
int easel_token_use(struct easel_store *s, const char *token_hash, struct easel_arena *a,
                    struct easel_api_token *out, struct easel_error *err);
/* Whether the token was granted client. */
bool easel_token_grants(const struct easel_api_token *t, int64_t client);

#endif
