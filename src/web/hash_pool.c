/*
 * web/hash_pool.c — the bounded pool of password checks (guard.h). An Argon2id check takes 64 MiB
 * and about a tenth of a second of one core; run on libmicrohttpd's workers, sixteen clients
 * signing in with random logins kept every worker busy and a signed-in user's GET /me waited
 * behind them (issue 15: 648 ms median). Here at most `workers` checks run at once, on the pool's
 * own threads, while the sign-in's connection is suspended; at most `queue` more wait, and a
 * sign-in beyond that is refused at once (503 with Retry-After) instead of waiting. The place is
 * reserved before the attempt is counted in the database, so a refusal here costs the login
 * nothing.
 *
 * Owns: the threads and the queue; each submitted job's password copy (zeroed, then freed, once
 * checked). Borrows: the jobs (owned by their connections) until their done callback has run.
 * Fails: web_hash_pool_start returns EASEL_ENOMEM or EASEL_EIO; reserve returns false when full
 * or stopping.
 */
#include "easel/crypto.h"
#include "guard.h"

#include <stdlib.h>

static void *pool_main(void *arg)
{
    struct web_hash_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        /* on stop, the queue is drained and every reserved place comes in or is released */
        while (!p->head && !(p->stop && p->admitted == 0))
            pthread_cond_wait(&p->cv, &p->mu);
        struct web_hash_job *j = p->head;
        if (!j)
            break;
        p->head = j->next;
        if (!p->head)
            p->tail = NULL;
        if (++p->running > p->max_running)
            p->max_running = p->running;
        pthread_mutex_unlock(&p->mu);
        j->ok = easel_password_verify(j->hash, j->password, j->len);
        easel_secure_zero(j->password, j->len);
        free(j->password);
        j->password = NULL;
        pthread_mutex_lock(&p->mu);
        p->running--;
        p->admitted--;
        p->checks++;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        j->done(j->ctx); /* the job may be freed from here on */
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int web_hash_pool_start(struct web_hash_pool *p, int workers, int queue, struct easel_error *err)
{
    p->n_threads = 0;
    p->queue_max = queue;
    p->admitted = p->running = p->max_running = 0;
    p->stop = false;
    p->head = p->tail = NULL;
    p->checks = p->refused = 0;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->threads = calloc((size_t)workers, sizeof(*p->threads));
    if (!p->threads)
        return easel_error_set(err, EASEL_ENOMEM, "serve", "", "out of memory");
    while (p->n_threads < workers) {
        if (pthread_create(&p->threads[p->n_threads], NULL, pool_main, p) != 0)
            return easel_error_set(err, EASEL_EIO, "serve", "", "cannot start a thread");
        p->n_threads++;
    }
    return 0;
}

void web_hash_pool_stop(struct web_hash_pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->n_threads; i++)
        pthread_join(p->threads[i], NULL);
    free(p->threads);
    p->threads = NULL;
    p->n_threads = 0;
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
}

bool web_hash_pool_reserve(struct web_hash_pool *p)
{
    pthread_mutex_lock(&p->mu);
    bool ok = !p->stop && p->admitted < p->n_threads + p->queue_max;
    if (ok)
        p->admitted++;
    else
        p->refused++;
    pthread_mutex_unlock(&p->mu);
    return ok;
}

void web_hash_pool_release(struct web_hash_pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->admitted--;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void web_hash_pool_submit(struct web_hash_pool *p, struct web_hash_job *job)
{
    job->next = NULL;
    pthread_mutex_lock(&p->mu);
    if (p->tail)
        p->tail->next = job;
    else
        p->head = job;
    p->tail = job;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}
