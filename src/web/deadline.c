/*
 * web/deadline.c — connection deadlines that trickling cannot extend (guard.h). libmicrohttpd's
 * connection timeout starts again with every byte received, so a client sending one header line
 * every few seconds keeps its connection (and, 256 of them, the server) for ever. Here every
 * connection carries a deadline that only the server moves:
 *
 *   opened, or its previous answer sent     header deadline (cfg header_timeout_ms)
 *   header complete, a body announced        header deadline + Content-Length at min_rate
 *   the server is working on the request     none
 *   answer queued                            header deadline + its length at min_rate
 *
 * A thread wakes every tenth of the header deadline (at most every 250 ms) and shuts down the
 * socket of every connection past its deadline; libmicrohttpd then sees the end of the stream and
 * closes the connection as it closes any other. An idle keep-alive connection is closed after
 * the header deadline too.
 *
 * Owns: one struct web_conn_watch per open connection (freed when libmicrohttpd reports it
 * closed) and the thread. Borrows: the socket descriptors, which are only shut down under the
 * mutex that the close notification also takes; libmicrohttpd sends that notification before it
 * closes the descriptor, so a descriptor here is never one that was reused.
 * Fails: web_watchdog_start returns EASEL_EIO when the thread cannot start; a connection whose
 * watch cannot be allocated simply has no deadline (libmicrohttpd's timeout still applies).
 */
#include "guard.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct web_conn_watch {
    struct web_conn_watch *prev, *next;
    int fd;
    int64_t deadline_ms; /* monotonic; 0: none */
};

static int64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void *watch_main(void *arg)
{
    struct web_watchdog *wd = arg;
    int64_t step = wd->header_ms / 10;
    if (step > 250)
        step = 250;
    if (step < 20)
        step = 20;
    pthread_mutex_lock(&wd->mu);
    while (!wd->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += (long)step * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&wd->cv, &wd->mu, &until);
        int64_t now = mono_ms();
        for (struct web_conn_watch *w = wd->head; w; w = w->next)
            if (w->deadline_ms && now >= w->deadline_ms) {
                shutdown(w->fd, SHUT_RDWR);
                w->deadline_ms = 0;
                wd->closed++;
            }
    }
    pthread_mutex_unlock(&wd->mu);
    return NULL;
}

int web_watchdog_start(struct web_watchdog *wd, int header_ms, int min_rate,
                       struct easel_error *err)
{
    wd->head = NULL;
    wd->header_ms = header_ms;
    wd->min_rate = min_rate;
    wd->closed = 0;
    wd->stop = false;
    pthread_mutex_init(&wd->mu, NULL);
    pthread_cond_init(&wd->cv, NULL);
    wd->running = pthread_create(&wd->thread, NULL, watch_main, wd) == 0;
    if (!wd->running)
        return easel_error_set(err, EASEL_EIO, "serve", "", "cannot start a thread");
    return 0;
}

void web_watchdog_stop(struct web_watchdog *wd)
{
    if (wd->running) {
        pthread_mutex_lock(&wd->mu);
        wd->stop = true;
        pthread_cond_signal(&wd->cv);
        pthread_mutex_unlock(&wd->mu);
        pthread_join(wd->thread, NULL);
        wd->running = false;
    }
    while (wd->head) { /* none after MHD_stop_daemon; kept safe anyway */
        struct web_conn_watch *w = wd->head;
        wd->head = w->next;
        free(w);
    }
    pthread_cond_destroy(&wd->cv);
    pthread_mutex_destroy(&wd->mu);
}

void web_watchdog_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                         enum MHD_ConnectionNotificationCode code)
{
    struct web_watchdog *wd = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct web_conn_watch *w = ci ? calloc(1, sizeof(*w)) : NULL;
        *socket_context = w;
        if (!w)
            return;
        w->fd = ci->connect_fd;
        pthread_mutex_lock(&wd->mu);
        w->deadline_ms = mono_ms() + wd->header_ms;
        w->next = wd->head;
        if (wd->head)
            wd->head->prev = w;
        wd->head = w;
        pthread_mutex_unlock(&wd->mu);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        struct web_conn_watch *w = *socket_context;
        *socket_context = NULL;
        if (!w)
            return;
        pthread_mutex_lock(&wd->mu);
        if (w->prev)
            w->prev->next = w->next;
        else
            wd->head = w->next;
        if (w->next)
            w->next->prev = w->prev;
        pthread_mutex_unlock(&wd->mu);
        free(w);
    }
}

void web_watchdog_arm(struct web_watchdog *wd, struct MHD_Connection *c, long long bytes)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct web_conn_watch *w = ci ? ci->socket_context : NULL;
    if (!w)
        return;
    pthread_mutex_lock(&wd->mu);
    if (bytes < 0)
        w->deadline_ms = 0;
    else
        w->deadline_ms = mono_ms() + wd->header_ms + bytes * 1000 / wd->min_rate;
    pthread_mutex_unlock(&wd->mu);
}
