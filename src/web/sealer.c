/*
 * web/sealer.c — the audit sealer of `easel serve` (issue 15, docs/store.md). On PostgreSQL the
 * request connections append their reads' audit rows unsealed (easel_store.defer_audit); this
 * thread, on a store connection of its own, binds them into the hash chain every
 * EASEL_AUDIT_SEAL_EVERY_MS (easel_audit_seal, which holds the chain's advisory lock, so among
 * several servers one seals at a time and the others find nothing left), and once more when the
 * server stops. On SQLite reads' audit rows are sealed when written, but their commits do not
 * wait for the disk (EASEL_READ_AUDIT_SYNC_MS): the same call fsyncs them at each tick. A failed
 * round is retried at the next tick; its message goes to the server log (no client data: it names a
 * table, a row number or the connection).
 *
 * Owns: the thread and its store connection (struct web_sealer, web_int.h). Borrows: the
 * database URL for the open call only, and the log stream. Fails: web_sealer_start returns the
 * store's error when the connection cannot be opened, EASEL_ENOMEM when the thread cannot start.
 */
#include "web_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void *run(void *arg)
{
    struct web_sealer *z = arg;
    pthread_mutex_lock(&z->mu);
    for (;;) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += (long)EASEL_AUDIT_SEAL_EVERY_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        while (!z->stop && pthread_cond_timedwait(&z->cv, &z->mu, &until) != ETIMEDOUT)
            ;
        bool last = z->stop;
        pthread_mutex_unlock(&z->mu);
        struct easel_error err = {0};
        int64_t n = 0;
        if (easel_audit_seal(&z->store, &n, &err) && z->log) {
            fprintf(z->log, "easel serve: sealing the audit log failed: %s: %s\n", err.where,
                    err.msg);
            fflush(z->log);
        }
        pthread_mutex_lock(&z->mu);
        z->rounds++;
        z->sealed += n;
        if (last)
            break;
    }
    pthread_mutex_unlock(&z->mu);
    return NULL;
}

int web_sealer_start(struct web_sealer *z, const char *db, FILE *log, struct easel_error *err)
{
    memset(z, 0, sizeof(*z));
    z->log = log;
    int rc = easel_store_open(&z->store, db, "web", err);
    if (rc)
        return rc;
    pthread_mutex_init(&z->mu, NULL);
    pthread_cond_init(&z->cv, NULL);
    if (pthread_create(&z->thread, NULL, run, z) != 0) {
        pthread_cond_destroy(&z->cv);
        pthread_mutex_destroy(&z->mu);
        easel_store_close(&z->store);
        return easel_error_set(err, EASEL_ENOMEM, "serve", "", "cannot start the audit sealer");
    }
    z->running = true;
    return 0;
}

void web_sealer_stop(struct web_sealer *z)
{
    if (!z->running)
        return;
    pthread_mutex_lock(&z->mu);
    z->stop = true;
    pthread_cond_signal(&z->cv);
    pthread_mutex_unlock(&z->mu);
    pthread_join(z->thread, NULL);
    pthread_cond_destroy(&z->cv);
    pthread_mutex_destroy(&z->mu);
    easel_store_close(&z->store);
    z->running = false;
}
