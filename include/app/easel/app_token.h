/*
 * easel/app_token.h — API tokens made and recognised (src/app/token_service.c), one rule for
 * `easel token create`, POST /api/v1/tokens and the FHIR API's bearer check: a token is
 * "easel_" and 32 random bytes as base64url (libsodium, easel/crypto.h), shown once to whoever
 * creates it; the store keeps its SHA-256 only (easel/store_token.h).
 *
 * Owns: nothing. Borrows: the store for the call.
 * Fails: the store's codes (easel/store_token.h); EASEL_ENOTFOUND naming "grant" for a client
 * reference that does not exist; EASEL_EIO when libsodium cannot start.
 */
#ifndef EASEL_APP_TOKEN_H
#define EASEL_APP_TOKEN_H

#include "easel/store_token.h"

#include <stdbool.h>

#define EASEL_API_TOKEN_PREFIX "easel_"
#define EASEL_API_TOKEN_TEXT 50 /* "easel_" + 43 base64url characters + NUL */

/* A new token named `name`, scope fhir-read, granted the clients whose references are refs[0..n)
   (the actor must be an administrator). token receives the secret, to be shown once; the caller
   wipes it (easel_secure_zero) when done. */
int easel_app_token_create(struct easel_store *s, const char *name, const char *const *refs,
                           size_t n, char token[EASEL_API_TOKEN_TEXT], int64_t *id,
                           struct easel_error *err);
/* Whether text has the shape of a token (prefix, 43 base64url characters). */
bool easel_app_token_shape(const char *text);
/* The SHA-256 (hex) the store keeps for a token. */
void easel_app_token_hash(const char *token, char out[65]);

#endif
