/* progress.c — the progress bar of progress.h.
 *
 * Concurrency: done and the time of the next frame are atomics. A caller of
 * progress_add that finds a frame due claims it with a compare-and-swap on
 * next_frame_ns, so one thread draws a given frame and frames are at least
 * FRAME_NS apart. A frame is one write(2), so frames never interleave. */
#include "base/progress.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "base/banned.h"

#define FRAME_NS 100000000LL        /* at most 10 frames a second */
#define SHOW_OVER_BYTES 50000000LL  /* 50 MB */
#define LABEL_WIDTH 16
#define BAR_MIN 10
#define BAR_MAX 30

struct progress {
    char label[LABEL_WIDTH + 1];
    long long total;      /* -1 unknown */
    long long start_ns;
    int bar_width;
    _Atomic long long done;
    _Atomic long long next_frame_ns;
    _Atomic int drawn_width;  /* of the last frame, to clear it */
};

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

bool progress_should_show(long long total_bytes)
{
    const char *env = getenv("DBAGENT_PROGRESS");
    if (env && strcmp(env, "1") == 0)
        return true;
    if (env && strcmp(env, "0") == 0)
        return false;
    return total_bytes > SHOW_OVER_BYTES && isatty(STDERR_FILENO);
}

/* The bar takes what an 80-column (or the actual) terminal leaves. */
static int bar_width(void)
{
    struct winsize ws;
    int cols = 80;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        cols = ws.ws_col;
    int width = cols - 1 - (LABEL_WIDTH + 2 + 2 + 5 + 14 + 13 + 12);
    return width < BAR_MIN ? BAR_MIN : width > BAR_MAX ? BAR_MAX : width;
}

/* The label, or its end when too long: file names differ at the end. */
static void set_label(progress_t *p, const char *label)
{
    size_t n = strlen(label);
    if (n <= LABEL_WIDTH)
        snprintf(p->label, sizeof(p->label), "%s", label);
    else
        snprintf(p->label, sizeof(p->label), "...%s", label + n - (LABEL_WIDTH - 3));
}

progress_t *progress_start(const char *label, long long total_bytes)
{
    if (!progress_should_show(total_bytes))
        return NULL;
    progress_t *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL; /* no bar is better than no run */
    set_label(p, label ? label : "");
    p->total = total_bytes > 0 ? total_bytes : -1;
    p->start_ns = now_ns();
    p->bar_width = bar_width();
    atomic_init(&p->done, 0);
    atomic_init(&p->next_frame_ns, p->start_ns + FRAME_NS);
    atomic_init(&p->drawn_width, 0);
    return p;
}

/* "1234" MB, or "12.3" below 100 MB. */
static void format_mb(char *buf, size_t cap, long long bytes)
{
    double mb = (double)bytes / 1e6;
    snprintf(buf, cap, mb < 100 ? "%.1f" : "%.0f", mb);
}

/* "0:42", "12:05", "1:02:03"; "--:--" while unknown. */
static void format_eta(char *buf, size_t cap, long long left_bytes, double bytes_per_s)
{
    if (bytes_per_s <= 0) {
        snprintf(buf, cap, "--:--");
        return;
    }
    double s = (double)left_bytes / bytes_per_s;
    long long secs = s > 359999 ? 359999 : (long long)s + (s > (double)(long long)s);
    if (secs >= 3600)
        snprintf(buf, cap, "%lld:%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
    else
        snprintf(buf, cap, "%lld:%02lld", secs / 60, secs % 60);
}

static int format_known(const progress_t *p, long long done, double rate, char *line, size_t cap)
{
    if (done > p->total)
        done = p->total;
    int fill = (int)((double)done / (double)p->total * p->bar_width);
    char bar[BAR_MAX + 1];
    for (int i = 0; i < p->bar_width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[p->bar_width] = '\0';
    char mb_done[24], mb_total[24], eta[24];
    format_mb(mb_done, sizeof(mb_done), done);
    format_mb(mb_total, sizeof(mb_total), p->total);
    format_eta(eta, sizeof(eta), p->total - done, rate);
    return snprintf(line, cap, "%-*s [%s] %3d%%  %s/%s MB  %.0f MB/s  ETA %s", LABEL_WIDTH,
                    p->label, bar, (int)(100.0 * (double)done / (double)p->total), mb_done,
                    mb_total, rate / 1e6, eta);
}

static int format_unknown(const progress_t *p, long long done, double rate, char *line,
                          size_t cap)
{
    char mb_done[24];
    format_mb(mb_done, sizeof(mb_done), done);
    return snprintf(line, cap, "%-*s %s MB  %.0f MB/s", LABEL_WIDTH, p->label, mb_done,
                    rate / 1e6);
}

/* One frame: '\r', the line, and spaces over what a longer last frame left. */
static void draw(progress_t *p, long long now)
{
    long long done = atomic_load_explicit(&p->done, memory_order_relaxed);
    double secs = (double)(now - p->start_ns) / 1e9;
    double rate = secs > 0 ? (double)done / secs : 0;
    char frame[256];
    frame[0] = '\r';
    int n = p->total > 0 ? format_known(p, done, rate, frame + 1, sizeof(frame) - 1)
                         : format_unknown(p, done, rate, frame + 1, sizeof(frame) - 1);
    if (n < 0)
        return;
    if (n > (int)sizeof(frame) - 2)
        n = (int)sizeof(frame) - 2;
    int width = n, last = atomic_exchange(&p->drawn_width, n);
    while (width < last && width < (int)sizeof(frame) - 1)
        frame[1 + width++] = ' ';
    ssize_t ignored = write(STDERR_FILENO, frame, (size_t)width + 1);
    (void)ignored; /* a progress bar that cannot be drawn is not an error */
}

void progress_add(progress_t *p, long long bytes)
{
    if (!p)
        return;
    atomic_fetch_add_explicit(&p->done, bytes, memory_order_relaxed);
    long long now = now_ns();
    long long due = atomic_load_explicit(&p->next_frame_ns, memory_order_relaxed);
    if (now < due)
        return;
    if (atomic_compare_exchange_strong(&p->next_frame_ns, &due, now + FRAME_NS))
        draw(p, now);
}

void progress_finish(progress_t *p)
{
    if (!p)
        return;
    int width = atomic_load(&p->drawn_width);
    if (width > 0) {
        char blank[260];
        if (width > (int)sizeof(blank) - 2)
            width = (int)sizeof(blank) - 2;
        blank[0] = '\r';
        memset(blank + 1, ' ', (size_t)width);
        blank[width + 1] = '\r';
        ssize_t ignored = write(STDERR_FILENO, blank, (size_t)width + 2);
        (void)ignored;
    }
    free(p);
}
