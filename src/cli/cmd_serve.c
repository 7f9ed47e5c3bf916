/*
 * cli/cmd_serve.c — `easel serve [--listen 127.0.0.1:8080] [--db URL] [--kb DIR]
 * [--idle-minutes 30] [--threads 4] [--insecure-cookies]`: the JSON API (docs/api.md) until
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
    int rc = cli_parse(n, args, "listen idle-minutes threads", &o);
    if (rc)
        return rc;
    if (o.n_args)
        return cli_usage("serve [--listen HOST:PORT] [--idle-minutes N] [--threads N]"
                         " [--insecure-cookies]");
    long idle = 30, threads = 4;
    /* 0 would end every session on its first use: at least a minute */
    if ((rc = cli_opt_int(&o, "idle-minutes", 1, 10080, &idle)) != 0 ||
        (rc = cli_opt_int(&o, "threads", 1, 64, &threads)) != 0)
        return rc;
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
