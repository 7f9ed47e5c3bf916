/*
 * tests/test_crypto.c — the crypto layer (easel/crypto.h): Ed25519 signatures made and
 * checked as hex text (a changed message, signature or key fails; a malformed key is refused
 * by name), Argon2id passwords (the right one verifies, a wrong one does not, the length limits
 * hold), random tokens (shape, two differ), constant-time equality.
 */
#include "cmocka_test.h"

#include "easel/crypto.h"

static void signatures(void **state)
{
    (void)state;
    char pk[EASEL_SIGN_PUBLIC_HEX], sk[EASEL_SIGN_SECRET_HEX], pk2[EASEL_SIGN_PUBLIC_HEX],
        sk2[EASEL_SIGN_SECRET_HEX], sig[EASEL_SIGNATURE_HEX];
    struct easel_error err = {0};
    assert_int_equal(easel_sign_keypair(pk, sk, &err), 0);
    assert_int_equal(easel_sign_keypair(pk2, sk2, &err), 0);
    assert_int_equal(strlen(pk), 64);
    assert_int_equal(strlen(sk), 128);
    assert_string_not_equal(pk, pk2);
    static const char msg[] = "easel-audit-checkpoint/1 42 abc 1700000000000";
    assert_int_equal(easel_sign(sk, msg, strlen(msg), sig, &err), 0);
    assert_int_equal(strlen(sig), 128);
    assert_true(easel_sign_verify(pk, msg, strlen(msg), sig));
    assert_false(easel_sign_verify(pk2, msg, strlen(msg), sig));    /* another key */
    assert_false(easel_sign_verify(pk, msg, strlen(msg) - 1, sig)); /* another message */
    sig[5] = sig[5] == '0' ? '1' : '0';
    assert_false(easel_sign_verify(pk, msg, strlen(msg), sig)); /* another signature */
    assert_false(easel_sign_verify("zz", msg, strlen(msg), sig));
    assert_false(easel_sign_verify(pk, msg, strlen(msg), "00"));
    assert_int_equal(easel_sign("not hex", msg, strlen(msg), sig, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "key");
}

static void passwords(void **state)
{
    (void)state;
    char hash[EASEL_PASSWORD_HASH_MAX];
    struct easel_error err = {0};
    assert_int_equal(easel_password_hash("synthetic-pass", 14, 1024, hash, sizeof(hash), &err), 0);
    assert_true(strncmp(hash, "$argon2id$", 10) == 0);
    assert_true(easel_password_verify(hash, "synthetic-pass", 14));
    assert_false(easel_password_verify(hash, "synthetic-pasS", 14));
    assert_int_equal(easel_password_hash("short", 5, 1024, hash, sizeof(hash), &err), EASEL_EINVAL);
    assert_string_equal(err.field, "password");
    assert_int_equal(easel_password_hash("toolongpassword", 15, 10, hash, sizeof(hash), &err),
                     EASEL_EINVAL);
}

/* The decoy for unknown logins costs what a real hash costs to verify: the same parameters
   (everything up to the salt), the same length, and no password verifies against it. */
static void password_decoy(void **state)
{
    (void)state;
    char real[EASEL_PASSWORD_HASH_MAX], decoy[EASEL_PASSWORD_HASH_MAX],
        other[EASEL_PASSWORD_HASH_MAX];
    struct easel_error err = {0};
    assert_int_equal(easel_password_hash("synthetic-pass", 14, 1024, real, sizeof(real), &err), 0);
    assert_int_equal(easel_password_decoy(decoy, sizeof(decoy), &err), 0);
    assert_int_equal(easel_password_decoy(other, sizeof(other), &err), 0);
    const char *salt = strrchr(real, '$');
    size_t params = (size_t)(strchr(real + strlen("$argon2id$v=19$m="), '$') - real) + 1;
    assert_non_null(salt);
    assert_memory_equal(decoy, real, params);
    assert_int_equal(strlen(decoy), strlen(real));
    assert_string_not_equal(decoy, other);
    assert_false(easel_password_verify(decoy, "synthetic-pass", 14));
    assert_false(easel_password_verify(decoy, "", 0));
    char small[16];
    assert_int_equal(easel_password_decoy(small, sizeof(small), &err), EASEL_EINVAL);
}

static void tokens_and_equality(void **state)
{
    (void)state;
    char a[EASEL_TOKEN_TEXT], b[EASEL_TOKEN_TEXT];
    assert_int_equal(easel_random_token(a), 0);
    assert_int_equal(easel_random_token(b), 0);
    assert_int_equal(strlen(a), 43);
    assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                     43);
    assert_string_not_equal(a, b);
    assert_true(easel_secure_equal(a, a, 43));
    assert_false(easel_secure_equal(a, b, 43));
    easel_secure_zero(a, sizeof(a));
    assert_int_equal(a[0], 0);
    assert_int_equal(a[42], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signatures),
        cmocka_unit_test(passwords),
        cmocka_unit_test(password_decoy),
        cmocka_unit_test(tokens_and_equality),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
