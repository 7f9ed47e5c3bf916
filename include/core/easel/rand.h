/*
 * easel/rand.h — the one deterministic pseudo-random stream of easel's synthetic data (the demo
 * practice, the demo drawings and their photographs): splitmix64 to seed and mix, xorshift64* to
 * draw. The same seed gives the same practice and the same pixels on every machine. Not for
 * anything secret: random tokens and salts come from libsodium (easel/crypto.h).
 *
 * Owns nothing, borrows nothing, cannot fail (pure, inline).
 */
#ifndef EASEL_RAND_H
#define EASEL_RAND_H

#include <stdint.h>

/* splitmix64 (Steele, Lea and Flood 2014): a well-mixed 64-bit value from any 64-bit value. */
static inline uint64_t easel_splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15u;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

/* xorshift64* (Vigna 2016): the next value of the stream whose state is *s (never 0). */
static inline uint64_t easel_xorshift64s(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Du;
}

#endif
