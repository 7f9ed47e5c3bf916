/*
 * cli/cli_busy.c — progress for a long step that cannot count its items from the CLI (the
 * practice export and import, `plan recheck`: one call into the store, exchange or app layer):
 * "LABEL ..." on stderr when stderr is a terminal, rewritten each second with the time taken,
 * then "LABEL done in N s". Nothing at all when stderr is piped or redirected, so scripts and
 * logs see only the command's own output. Counted loops use cli_progress (common.c).
 *
 * Owns: one ticker thread between cli_busy_begin and cli_busy_end (one step at a time).
 * Borrows: the label, until cli_busy_end. Fails: never; without a thread the begin and end
 * lines are still printed.
 */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    bool running, ticking, stop;
    const char *label;
    struct timespec start;
} busy = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void *tick(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&busy.mu);
    while (!busy.stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        if (pthread_cond_timedwait(&busy.cv, &busy.mu, &until) == ETIMEDOUT && !busy.stop) {
            fprintf(stderr, "\r%s ... %.0f s", busy.label, seconds_since(&busy.start));
            fflush(stderr);
        }
    }
    pthread_mutex_unlock(&busy.mu);
    return NULL;
}

void cli_busy_begin(const char *label)
{
    if (busy.running || !isatty(STDERR_FILENO))
        return;
    busy.running = true;
    busy.stop = false;
    busy.label = label;
    clock_gettime(CLOCK_MONOTONIC, &busy.start);
    fprintf(stderr, "%s ...", label);
    fflush(stderr);
    busy.ticking = pthread_create(&busy.thread, NULL, tick, NULL) == 0;
}

void cli_busy_end(void)
{
    if (!busy.running)
        return;
    if (busy.ticking) {
        pthread_mutex_lock(&busy.mu);
        busy.stop = true;
        pthread_cond_signal(&busy.cv);
        pthread_mutex_unlock(&busy.mu);
        pthread_join(busy.thread, NULL);
        busy.ticking = false;
    }
    fprintf(stderr, "\r%s done in %.1f s\n", busy.label, seconds_since(&busy.start));
    fflush(stderr);
    busy.running = false;
}
