/*
 * crypto/crypto.c — libsodium behind include/easel/crypto.h: Argon2id password hashes
 * (crypto_pwhash_str, OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE), random tokens
 * (randombytes_buf, base64url), constant-time comparison and wiping, Ed25519 (crypto_sign)
 * with keys and signatures as hex text. Secret key bytes are wiped after use.
 *
 * Owns: nothing. Borrows: the caller's buffers. Fails: see easel/crypto.h.
 */
#include "easel/crypto.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static int start(struct easel_error *err)
{
    if (sodium_init() < 0)
        return easel_error_set(err, EASEL_EIO, "crypto", "", "libsodium failed to start");
    return 0;
}

int easel_password_hash(const char *password, size_t len, size_t max_len, char *out,
                        size_t out_size, struct easel_error *err)
{
    int rc = start(err);
    if (rc)
        return rc;
    if (out_size < crypto_pwhash_STRBYTES || out_size < EASEL_PASSWORD_HASH_MAX)
        return easel_error_set(err, EASEL_EINVAL, "password", "", "hash buffer too small");
    if (len < 8 || len > max_len)
        return easel_error_set(err, EASEL_EINVAL, "password", "password", "must be 8-%zu bytes",
                               max_len);
    if (crypto_pwhash_str(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return easel_error_set(err, EASEL_ENOMEM, "password", "", "out of memory while hashing");
    return 0;
}

int easel_password_decoy(char *out, size_t out_size, struct easel_error *err)
{
    int rc = start(err);
    if (rc)
        return rc;
    if (out_size < crypto_pwhash_STRBYTES || out_size < EASEL_PASSWORD_HASH_MAX)
        return easel_error_set(err, EASEL_EINVAL, "password", "", "hash buffer too small");
    /* libsodium's encoding (argon2-encoding.c): standard base64 alphabet, no padding */
    unsigned char salt[crypto_pwhash_SALTBYTES], digest[32];
    randombytes_buf(salt, sizeof(salt));
    randombytes_buf(digest, sizeof(digest));
    char salt64[sodium_base64_ENCODED_LEN(sizeof(salt), sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
    char digest64[sodium_base64_ENCODED_LEN(sizeof(digest),
                                            sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
    sodium_bin2base64(salt64, sizeof(salt64), salt, sizeof(salt),
                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    sodium_bin2base64(digest64, sizeof(digest64), digest, sizeof(digest),
                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    int n = snprintf(out, out_size, "$argon2id$v=19$m=%zu,t=%llu,p=1$%s$%s",
                     (size_t)(crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024),
                     (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE, salt64, digest64);
    /* the text must parse with the parameters a real hash has (0: no rehash needed) */
    if (n < 0 || (size_t)n >= out_size ||
        crypto_pwhash_str_needs_rehash(out, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return easel_error_set(err, EASEL_EIO, "password", "", "could not make a decoy hash");
    return 0;
}

bool easel_password_verify(const char *hash, const char *password, size_t len)
{
    return sodium_init() >= 0 && crypto_pwhash_str_verify(hash, password, len) == 0;
}

int easel_random_token(char out[EASEL_TOKEN_TEXT])
{
    if (sodium_init() < 0)
        return EASEL_EIO;
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, EASEL_TOKEN_TEXT, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
    return 0;
}

bool easel_secure_equal(const void *a, const void *b, size_t n)
{
    return sodium_memcmp(a, b, n) == 0;
}

void easel_secure_zero(void *p, size_t n)
{
    sodium_memzero(p, n);
}

/* Exactly n bytes from 2n hex digits; false otherwise. */
static bool from_hex(unsigned char *out, size_t n, const char *hex)
{
    size_t got = 0;
    return hex && strlen(hex) == 2 * n &&
           sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) == 0 && got == n;
}

int easel_sign_keypair(char public_hex[EASEL_SIGN_PUBLIC_HEX],
                       char secret_hex[EASEL_SIGN_SECRET_HEX], struct easel_error *err)
{
    int rc = start(err);
    if (rc)
        return rc;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    sodium_bin2hex(public_hex, EASEL_SIGN_PUBLIC_HEX, pk, sizeof(pk));
    sodium_bin2hex(secret_hex, EASEL_SIGN_SECRET_HEX, sk, sizeof(sk));
    sodium_memzero(sk, sizeof(sk));
    return 0;
}

int easel_sign(const char *secret_hex, const char *msg, size_t len,
               char sig_hex[EASEL_SIGNATURE_HEX], struct easel_error *err)
{
    int rc = start(err);
    if (rc)
        return rc;
    unsigned char sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
    if (!from_hex(sk, sizeof(sk), secret_hex)) {
        sodium_memzero(sk, sizeof(sk));
        return easel_error_set(err, EASEL_EINVAL, "crypto", "key",
                               "not an Ed25519 secret key (128 hex digits)");
    }
    crypto_sign_detached(sig, NULL, (const unsigned char *)msg, len, sk);
    sodium_memzero(sk, sizeof(sk));
    sodium_bin2hex(sig_hex, EASEL_SIGNATURE_HEX, sig, sizeof(sig));
    return 0;
}

bool easel_sign_verify(const char *public_hex, const char *msg, size_t len, const char *sig_hex)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    if (sodium_init() < 0 || !from_hex(pk, sizeof(pk), public_hex) ||
        !from_hex(sig, sizeof(sig), sig_hex))
        return false;
    return crypto_sign_verify_detached(sig, (const unsigned char *)msg, len, pk) == 0;
}
