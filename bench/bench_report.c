/*
 * bench/bench_report.c — documents (issue 6): a synthetic progress report of about 20 pages with
 * 6 charts (six instruments, ten administrations each) and 12 artwork thumbnails, drawn by easel
 * as PDF, against Debian's chromium printing easel's own HTML of the same report to PDF
 * (--headless --print-to-pdf), in the same run. Each side runs as a child process, N times;
 * the figures are the medians of wall time and of peak resident memory (the peak of the summed
 * RSS of the child's process group, sampled every 5 ms: chromium's browser, GPU, utility and
 * renderer processes all count). Not run by ctest (bench/README.md).
 *
 * Usage: bench_report [RUNS] [CHROMIUM]   (defaults 5, /usr/bin/chromium)
 * Owns: temporary files under $TMPDIR (removed). Fails: exit 1 with a message.
 */
#define _DEFAULT_SOURCE /* wait4 */
#include "easel/kb.h"
#include "easel/report.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define N_SERIES 6
#define N_POINTS 10
#define N_ART 12
#define N_SESSIONS 40

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
    return p + 4;
}

/* A w x h RGB PNG with stored (uncompressed) deflate blocks: a colour gradient per seed. */
static unsigned char *png(int w, int h, int seed, size_t *len)
{
    size_t row = (size_t)w * 3 + 1, raw_len = row * (size_t)h;
    unsigned char *raw = malloc(raw_len);
    for (int y = 0; y < h; y++) {
        raw[(size_t)y * row] = 0;
        for (int x = 0; x < w; x++) {
            unsigned char *px = raw + (size_t)y * row + 1 + (size_t)x * 3;
            px[0] = (unsigned char)(x * 255 / w), px[1] = (unsigned char)(y * 255 / h);
            px[2] = (unsigned char)(seed * 20);
        }
    }
    size_t blocks = (raw_len + 65534) / 65535;
    size_t zlen = 2 + raw_len + blocks * 5 + 4;
    unsigned char *out = malloc(8 + 25 + 12 + zlen + 12);
    unsigned char *p = out;
    memcpy(p, "\x89PNG\r\n\x1a\n", 8), p += 8;
    unsigned char ihdr[17] = {'I', 'H', 'D', 'R'};
    put32(ihdr + 4, (uint32_t)w), put32(ihdr + 8, (uint32_t)h);
    ihdr[12] = 8, ihdr[13] = 2;
    p = put32(p, 13), memcpy(p, ihdr, 17), p += 17, p = put32(p, crc(ihdr, 17));
    p = put32(p, (uint32_t)zlen);
    unsigned char *chunk = p;
    memcpy(p, "IDAT", 4), p += 4;
    *p++ = 0x78, *p++ = 0x01;
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < raw_len; i++)
        a = (a + raw[i]) % 65521, b = (b + a) % 65521;
    for (size_t off = 0; off < raw_len; off += 65535) {
        size_t n = raw_len - off < 65535 ? raw_len - off : 65535;
        *p++ = off + n == raw_len;
        *p++ = (unsigned char)n, *p++ = (unsigned char)(n >> 8);
        *p++ = (unsigned char)~n, *p++ = (unsigned char)(~n >> 8);
        memcpy(p, raw + off, n), p += n;
    }
    p = put32(p, b << 16 | a);
    p = put32(p, crc(chunk, (size_t)(p - chunk)));
    p = put32(p, 0), memcpy(p, "IEND", 4), p += 4, p = put32(p, crc(p - 4, 4));
    free(raw);
    *len = (size_t)(p - out);
    return out;
}

static char notes[N_SESSIONS][1600];

static void model(struct easel_report *r)
{
    static struct easel_report_series series[N_SERIES];
    static struct easel_report_point pts[N_SERIES][N_POINTS];
    static char dates[N_POINTS][11];
    static struct easel_report_artwork art[N_ART];
    static struct easel_report_session ses[N_SESSIONS];
    static struct easel_report_gas gas[4];
    static const char *names[N_SERIES] = {"PHQ-9", "GAD-7", "CORE-10", "WHO-5", "K10", "PCL-5"};
    static const int max[N_SERIES] = {27, 21, 40, 25, 50, 80};
    memset(r, 0, sizeof(*r));
    r->kind = EASEL_REPORT_PROGRESS;
    r->date = "2026-12-20";
    r->practice = "Synthetic Studio";
    r->author = "Bench Therapist";
    r->client_ref = "bench-01";
    r->client_name = "Zoë Synthétique";
    r->client_status = "active";
    r->setting_name = "Outpatient clinic";
    r->from = "2026-06-01";
    r->to = "2026-12-15";
    for (int k = 0; k < N_POINTS; k++)
        snprintf(dates[k], sizeof(dates[k]), "2026-%02d-%02d", 6 + k * 6 / N_POINTS, 1 + k * 2);
    for (int i = 0; i < N_SERIES; i++) {
        series[i].instrument = names[i];
        series[i].name = names[i];
        series[i].min_x100 = 0;
        series[i].max_x100 = max[i] * 100;
        series[i].higher_is_worse = i != 3;
        series[i].has_cutoff = true;
        series[i].cutoff_x100 = max[i] * 40;
        series[i].points = pts[i];
        series[i].n_points = N_POINTS;
        for (int k = 0; k < N_POINTS; k++) {
            pts[i][k].date = dates[k];
            pts[i][k].valid = true;
            pts[i][k].total_x100 = (max[i] * (80 - 6 * k) / 100) * 100;
        }
        series[i].summarised = true;
        series[i].progress.n = N_POINTS;
        series[i].progress.first_x100 = pts[i][0].total_x100;
        series[i].progress.latest_x100 = pts[i][N_POINTS - 1].total_x100;
        series[i].progress.change_x100 =
            series[i].progress.latest_x100 - series[i].progress.first_x100;
        series[i].progress.category = EASEL_PROGRESS_IMPROVED;
    }
    r->series = series;
    r->n_series = N_SERIES;
    for (int i = 0; i < N_ART; i++) {
        size_t len;
        art[i].id = i + 1;
        art[i].date = dates[i % N_POINTS];
        art[i].title = "Synthetic drawing";
        art[i].medium = "oil pastels";
        art[i].mime = "image/png";
        art[i].width = 400;
        art[i].height = 300;
        art[i].bytes = png(400, 300, i, &len);
        art[i].len = len;
    }
    r->artworks = art;
    r->n_artworks = N_ART;
    for (int i = 0; i < N_SESSIONS; i++) {
        int n = snprintf(notes[i], sizeof(notes[i]), "Subjective: ");
        while (n < 1400)
            n += snprintf(notes[i] + n, sizeof(notes[i]) - (size_t)n,
                          "The client drew a calm place and named the colours. ");
        ses[i] = (struct easel_report_session){dates[i % N_POINTS],
                                               50,
                                               "attended",
                                               "individual",
                                               "SOAP",
                                               notes[i],
                                               "Synthetic Therapist",
                                               dates[i % N_POINTS]};
    }
    r->sessions = ses;
    r->n_sessions = N_SESSIONS;
    r->attendance.attended = N_SESSIONS;
    r->attendance.minutes = 50 * N_SESSIONS;
    for (int i = 0; i < 4; i++)
        gas[i] = (struct easel_report_gas){"1.1", "a synthetic scale", 1, true, "2026-12-01", 0};
    r->gas = gas;
    r->n_gas = 4;
    r->gas_t_available = true;
    r->gas_t = 50;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The resident memory of every process in process group pg, in MB (from /proc: the pgrp field
   of stat and the resident pages of statm). Shared pages count once per process, so this
   over-counts a multi-process program a little; ru_maxrss under-counts it a lot. */
static double group_rss_mb(pid_t pg)
{
    DIR *d = opendir("/proc");
    if (!d)
        return 0;
    long page = sysconf(_SC_PAGESIZE);
    double total = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        char path[300], buf[1024];
        snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = '\0';
        const char *rp = strrchr(buf, ')'); /* the command name may hold spaces */
        int ppid = 0, pgrp = 0;
        char state;
        if (!rp || sscanf(rp + 1, " %c %d %d", &state, &ppid, &pgrp) != 3 || pgrp != pg)
            continue;
        snprintf(path, sizeof(path), "/proc/%s/statm", e->d_name);
        f = fopen(path, "r");
        long size = 0, resident = 0;
        if (f && fscanf(f, "%ld %ld", &size, &resident) == 2)
            total += (double)resident * (double)page / (1024.0 * 1024.0);
        if (f)
            fclose(f);
    }
    closedir(d);
    return total;
}

/* Run one child: easel (argv NULL: render the model to path) or chromium (argv), in a process
   group of its own; *rss_mb is the peak of the group's summed RSS, sampled every 5 ms, or the
   largest process's ru_maxrss when that is larger (a short-lived peak between samples). */
static int child(const struct easel_report *r, const char *path, char **argv, double *ms,
                 double *rss_mb, double *largest_mb)
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        if (argv) {
            if (!freopen("/dev/null", "w", stderr))
                _exit(126);
            execv(argv[0], argv);
            _exit(127);
        }
        struct easel_buf out;
        easel_buf_init(&out, (size_t)256 * 1024 * 1024);
        struct easel_error err = {0};
        if (easel_report_write(r, EASEL_REPORT_PDF, &out, &err))
            _exit(2);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f))
            _exit(3);
        _exit(0);
    }
    if (pid < 0)
        return -1;
    setpgid(pid, pid); /* also here: no sample may miss the group */
    int status;
    struct rusage ru;
    double peak = 0;
    pid_t got;
    while ((got = wait4(pid, &status, WNOHANG, &ru)) == 0) {
        double now = group_rss_mb(pid);
        peak = now > peak ? now : peak;
        usleep(5000);
    }
    double end = now_ms();
    if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status))
        return -1;
    *ms = end - t0;
    double largest = (double)ru.ru_maxrss / 1024.0;
    *rss_mb = peak > largest ? peak : largest;
    *largest_mb = largest;
    return 0;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 5;
    const char *chromium = argc > 2 ? argv[2] : "/usr/bin/chromium";
    if (runs < 1 || runs > 50)
        runs = 5;
    crc_init();
    struct easel_report r;
    model(&r);
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char html[512], pdf[512], cpdf[512], url[600], arg[600];
    snprintf(html, sizeof(html), "%s/bench_report_%d.html", tmp, (int)getpid());
    snprintf(pdf, sizeof(pdf), "%s/bench_report_%d.pdf", tmp, (int)getpid());
    snprintf(cpdf, sizeof(cpdf), "%s/bench_report_%d_chromium.pdf", tmp, (int)getpid());
    struct easel_buf out;
    easel_buf_init(&out, (size_t)256 * 1024 * 1024);
    struct easel_error err = {0};
    if (easel_report_write(&r, EASEL_REPORT_HTML, &out, &err)) {
        fprintf(stderr, "bench_report: html: %s\n", err.msg);
        return 1;
    }
    FILE *f = fopen(html, "wb");
    if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f)) {
        fprintf(stderr, "bench_report: cannot write %s\n", html);
        return 1;
    }
    printf("progress report: %d sessions, %d charts, %d thumbnails; HTML %zu bytes\n", N_SESSIONS,
           N_SERIES, N_ART, out.len);
    easel_buf_release(&out);
    snprintf(url, sizeof(url), "file://%s", html);
    snprintf(arg, sizeof(arg), "--print-to-pdf=%s", cpdf);
    char *cargv[] = {(char *)chromium,
                     "--headless",
                     "--no-sandbox",
                     "--disable-gpu",
                     "--no-pdf-header-footer",
                     arg,
                     url,
                     NULL};
    double et[50], em[50], ct[50], cm[50], el[50], cl[50];
    int nc = 0;
    for (int i = 0; i < runs; i++) {
        if (child(&r, pdf, NULL, &et[i], &em[i], &el[i])) {
            fprintf(stderr, "bench_report: easel failed\n");
            return 1;
        }
        if (access(chromium, X_OK) == 0 && !child(&r, NULL, cargv, &ct[nc], &cm[nc], &cl[nc]))
            nc++;
    }
    qsort(et, (size_t)runs, sizeof(double), cmp);
    qsort(em, (size_t)runs, sizeof(double), cmp);
    qsort(el, (size_t)runs, sizeof(double), cmp);
    printf("easel PDF:        median %8.1f ms, peak RSS %7.1f MB all processes, %7.1f MB largest"
           " (%d runs)\n",
           et[runs / 2], em[runs / 2], el[runs / 2], runs);
    if (nc) {
        qsort(ct, (size_t)nc, sizeof(double), cmp);
        qsort(cm, (size_t)nc, sizeof(double), cmp);
        qsort(cl, (size_t)nc, sizeof(double), cmp);
        printf("chromium PDF:     median %8.1f ms, peak RSS %7.1f MB all processes, %7.1f MB "
               "largest (%d runs)\n",
               ct[nc / 2], cm[nc / 2], cl[nc / 2], nc);
        printf("ratios: chromium/easel time %.1fx, memory %.1fx all processes, %.1fx largest "
               "process alone (targets: >= 10x, >= 10x)\n",
               ct[nc / 2] / et[nc / 2], cm[nc / 2] / em[nc / 2], cl[nc / 2] / el[nc / 2]);
    } else {
        printf("chromium: not run (%s missing or failed)\n", chromium);
    }
    printf("files: %s %s %s\n", pdf, cpdf, html);
    if (!getenv("BENCH_KEEP")) {
        remove(html);
        remove(pdf);
        remove(cpdf);
    }
    return 0;
}
