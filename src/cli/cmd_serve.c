/*
 * cli/cmd_serve.c — `easel serve [--listen 127.0.0.1:8080] [--db URL] [--kb DIR]
 * [--idle-minutes 30] [--threads 64|16] [--insecure-cookies]` (64 on SQLite, 16 on PostgreSQL)
 * and the availability limits
 * [--conns-per-address 32] [--header-timeout 10] [--min-rate 16384] [--hash-workers 2]
 * [--hash-queue 8] [--signins-per-minute 60] [--uploads 4] (docs/api.md, "Limits under
 * attack"; --header-timeout in seconds, or in milliseconds with an "ms" suffix for tests):
 * the JSON API (docs/api.md) until
 * SIGINT or SIGTERM. Prints "easel: serving on http://HOST:PORT" on stdout once listening (with
 * --listen HOST:0 the port is the one the system picked); one line per request on stderr
 * (method, route, status, duration; never client data).
 *
 * Owns: the KB for the server's lifetime. Fails: exit 2 usage, 4 KB, 5 cannot listen,
 * 9 database; 0 after a clean shutdown on a signal.
 */
#include "cli.h"
#include "easel/web.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ready(void *ctx, const char *host, unsigned port)
{
    (void)ctx;
    printf("easel: serving on http://%s:%u\n", host, port);
    fflush(stdout);
}

int cmd_serve(int argc, char **argv)
{
    /* --insecure-cookies is the one flag without a value: take it out before cli_parse */
    char *args[64];
    int n = 0;
    bool insecure = false;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && strcmp(argv[i], "--insecure-cookies") == 0) {
            insecure = true;
            continue;
        }
        if (n == 63)
            return cli_usage("too many arguments");
        args[n++] = argv[i];
    }
    args[n] = NULL;
    struct cli_opts o;
    int rc = cli_parse(n, args,
                       "listen idle-minutes threads conns-per-address header-timeout min-rate"
                       " hash-workers hash-queue signins-per-minute uploads",
                       &o);
    if (rc)
        return rc;
    if (o.n_args)
        return cli_usage("serve [--listen HOST:PORT] [--idle-minutes N] [--threads N]"
                         " [--insecure-cookies] [--conns-per-address N] [--header-timeout S]"
                         " [--min-rate BYTES] [--hash-workers N] [--hash-queue N]"
                         " [--signins-per-minute N] [--uploads N]");
    long idle = 30, threads = 0 /* the backend's default */,
         per_address = EASEL_WEB_CONNS_PER_ADDRESS, min_rate = EASEL_WEB_MIN_RATE,
         hash_workers = EASEL_WEB_HASH_WORKERS, hash_queue = EASEL_WEB_HASH_QUEUE,
         signins = EASEL_WEB_SIGNINS_PER_MINUTE, uploads = EASEL_WEB_UPLOADS,
         header_ms = EASEL_WEB_HEADER_TIMEOUT_MS;
    /* 0 would end every session on its first use: at least a minute */
    if ((rc = cli_opt_int(&o, "idle-minutes", 1, 10080, &idle)) != 0 ||
        (rc = cli_opt_int(&o, "threads", 1, 64, &threads)) != 0 ||
        (rc = cli_opt_int(&o, "conns-per-address", 1, 256, &per_address)) != 0 ||
        (rc = cli_opt_int(&o, "min-rate", 1, 1 << 30, &min_rate)) != 0 ||
        (rc = cli_opt_int(&o, "hash-workers", 1, 64, &hash_workers)) != 0 ||
        (rc = cli_opt_int(&o, "hash-queue", 1, 1024, &hash_queue)) != 0 ||
        (rc = cli_opt_int(&o, "signins-per-minute", 1, 1000000, &signins)) != 0 ||
        (rc = cli_opt_int(&o, "uploads", 1, 256, &uploads)) != 0)
        return rc;
    const char *ht = cli_opt(&o, "header-timeout");
    if (ht) { /* seconds, or milliseconds with "ms" (tests) */
        char *end;
        long v = strtol(ht, &end, 10);
        bool ms = strcmp(end, "ms") == 0;
        if (end == ht || (*end && !ms) || v < 1 || (ms ? v > 3600000 : v > 3600))
            return cli_usage("--header-timeout: 1-3600 seconds (or 1-3600000ms)");
        header_ms = ms ? v : v * 1000;
    }
    struct easel_kb kb;
    if ((rc = cli_load_kb(&o, &kb)) != 0)
        return rc;
    /* the signals are waited for with sigwait: block them before any thread starts */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    char path[4096];
    struct easel_web_config cfg = {
        .listen = cli_opt(&o, "listen") ? cli_opt(&o, "listen") : "127.0.0.1:8080",
        .db = cli_db_url(&o, path, sizeof(path)),
        .idle_minutes = (int)idle,
        .insecure_cookies = insecure,
        .threads = (int)threads,
        .conns_per_address = (int)per_address,
        .header_timeout_ms = (int)header_ms,
        .min_rate = (int)min_rate,
        .hash_workers = (int)hash_workers,
        .hash_queue = (int)hash_queue,
        .signins_per_minute = (int)signins,
        .uploads = (int)uploads,
        .log = stderr,
        .ready = ready,
    };
    struct easel_error err = {0};
    rc = easel_web_serve(&cfg, &kb, &err);
    easel_kb_release(&kb);
    if (rc)
        return cli_error(&err);
    fprintf(stderr, "easel: stopped\n");
    return EXIT_OK;
}
