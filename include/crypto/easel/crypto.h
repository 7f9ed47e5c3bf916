/*
 * easel/crypto.h — the one layer that links libsodium (src/crypto): password hashing
 * (Argon2id, libsodium's interactive limits), random tokens, constant-time comparison and
 * wiping, and Ed25519 signatures for audit checkpoints kept outside the database.
 *
 * Keys and signatures travel as lowercase hex text. Owns nothing; every function works in the
 * caller's buffers. Fails: EASEL_EIO when libsodium cannot start, EASEL_EINVAL naming the field
 * for malformed input, EASEL_ENOMEM when hashing runs out of memory.
 */
#ifndef EASEL_CRYPTO_H
#define EASEL_CRYPTO_H

#include "easel/error.h"

#include <stdbool.h>
#include <stddef.h>

#define EASEL_PASSWORD_HASH_MAX 128 /* a crypto_pwhash_str text, NUL included */
#define EASEL_TOKEN_TEXT 44         /* 32 random bytes as base64url, 43 characters + NUL */
#define EASEL_SIGN_PUBLIC_HEX 65    /* an Ed25519 public key: 64 hex + NUL */
#define EASEL_SIGN_SECRET_HEX 129   /* an Ed25519 secret key: 128 hex + NUL */
#define EASEL_SIGNATURE_HEX 129     /* an Ed25519 signature: 128 hex + NUL */

/* Argon2id hash of a password of 8 to max_len bytes into out (out_size >=
   EASEL_PASSWORD_HASH_MAX). */
int easel_password_hash(const char *password, size_t len, size_t max_len, char *out,
                        size_t out_size, struct easel_error *err);
/* A decoy hash for unknown logins, made in microseconds: the text of an Argon2id hash with
   easel_password_hash's parameters and a random salt and digest, so that verifying any
   password against it costs the same as against a real hash and never succeeds. */
int easel_password_decoy(char *out, size_t out_size, struct easel_error *err);
/* Whether password matches hash (constant work for a well-formed hash). */
bool easel_password_verify(const char *hash, const char *password, size_t len);
/* 32 random bytes as base64url text (EASEL_TOKEN_TEXT bytes with the NUL). 0, or EASEL_EIO. */
int easel_random_token(char out[EASEL_TOKEN_TEXT]);
/* Constant-time equality of n bytes; wiping that the compiler keeps. */
bool easel_secure_equal(const void *a, const void *b, size_t n);
void easel_secure_zero(void *p, size_t n);

/* A new Ed25519 key pair. */
int easel_sign_keypair(char public_hex[EASEL_SIGN_PUBLIC_HEX],
                       char secret_hex[EASEL_SIGN_SECRET_HEX], struct easel_error *err);
/* The detached signature of msg under secret_hex. EASEL_EINVAL (field "key") for a malformed
   key. */
int easel_sign(const char *secret_hex, const char *msg, size_t len,
               char sig_hex[EASEL_SIGNATURE_HEX], struct easel_error *err);
/* Whether sig_hex is a valid signature of msg under public_hex. */
bool easel_sign_verify(const char *public_hex, const char *msg, size_t len, const char *sig_hex);

#endif
