/*
 * web/signin_rate.c — sign-in attempts per peer address (guard.h): a token bucket per IPv4
 * address holding up to `per_minute` attempts and refilled at `per_minute` a minute, so one
 * address can try that many at once and then one every 60/per_minute seconds. It comes before
 * the database and the password check: a refused attempt costs a table look-up.
 *
 * The address is the socket's peer. Behind a reverse proxy every attempt comes from the proxy's
 * address, and this becomes one limit for everyone: limit per client address in the proxy
 * (nginx limit_req, docs/api.md) and raise --signins-per-minute here. The per-login limit
 * (5 failures in 15 minutes, in the database) and the hash pool hold either way.
 *
 * The table has WEB_RATE_SLOTS slots (open addressing, 8 probes); when the probes find neither
 * the address nor a free slot, the slot refilled longest ago is taken over. An attacker with very
 * many addresses can so make others' buckets start full again: a looser limit, never a stricter
 * one; the hash pool bounds the total.
 *
 * Owns: the table. Borrows: nothing. Fails: never; other families than IPv4 are not limited here
 * (easel listens on IPv4 only).
 */
#include "guard.h"

#include <string.h>
#include <time.h>

#define PROBES 8

static int64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void web_signin_rate_init(struct web_signin_rate *r, int per_minute)
{
    memset(r->slots, 0, sizeof(r->slots));
    r->per_minute = per_minute;
    r->refused = 0;
    pthread_mutex_init(&r->mu, NULL);
}

void web_signin_rate_release(struct web_signin_rate *r)
{
    pthread_mutex_destroy(&r->mu);
}

int web_signin_rate_take(struct web_signin_rate *r, const struct sockaddr *peer)
{
    if (!peer || peer->sa_family != AF_INET)
        return 0;
    uint32_t addr;
    memcpy(&addr, &((const struct sockaddr_in *)(const void *)peer)->sin_addr, sizeof(addr));
    if (addr == 0)
        addr = 1; /* 0 marks a free slot; 0.0.0.0 is never a peer anyway */
    uint32_t h = addr * 2654435761u;
    int64_t now = mono_ms();
    double cap = r->per_minute, per_ms = r->per_minute / 60000.0;
    int wait = 0;
    pthread_mutex_lock(&r->mu);
    struct web_rate_slot *s = NULL, *oldest = NULL;
    for (uint32_t i = 0; i < PROBES && !s; i++) {
        struct web_rate_slot *t = &r->slots[(h + i) % WEB_RATE_SLOTS];
        if (t->addr == addr || t->addr == 0)
            s = t;
        else if (!oldest || t->at_ms < oldest->at_ms)
            oldest = t;
    }
    if (!s)
        s = oldest;
    if (s->addr != addr) {
        s->addr = addr;
        s->tokens = cap;
        s->at_ms = now;
    }
    s->tokens += (double)(now - s->at_ms) * per_ms;
    if (s->tokens > cap)
        s->tokens = cap;
    s->at_ms = now;
    if (s->tokens >= 1.0) {
        s->tokens -= 1.0;
    } else {
        wait = (int)((1.0 - s->tokens) / per_ms / 1000.0) + 1;
        r->refused++;
    }
    pthread_mutex_unlock(&r->mu);
    return wait;
}
