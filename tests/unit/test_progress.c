/* test_progress.c — the progress bar (base/progress.h).
 *
 * stderr is redirected to a temp file (not a terminal) or to a pseudo-terminal
 * for the duration of a test, and what was written is read back. Checked: when
 * the bar shows (DBAGENT_PROGRESS, a terminal, the 50 MB threshold), what a
 * frame says (percent, MB, MB/s, ETA; bytes and MB/s only for an unknown
 * total), that frames are throttled to ~10 a second, that threads adding at
 * once lose nothing, and that finishing blanks the line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/progress.h"

/* ---- helpers ---------------------------------------------------------------- */

typedef struct {
    int saved;
    FILE *f;
    char text[8192];
} capture_t;

static void capture_start(capture_t *c)
{
    c->f = tmpfile();
    assert_non_null(c->f);
    c->saved = dup(2);
    assert_true(c->saved >= 0);
    assert_int_equal(dup2(fileno(c->f), 2), 2);
}

static const char *capture_end(capture_t *c)
{
    assert_int_equal(dup2(c->saved, 2), 2);
    close(c->saved);
    ssize_t n = pread(fileno(c->f), c->text, sizeof(c->text) - 1, 0);
    assert_true(n >= 0);
    c->text[n] = '\0';
    fclose(c->f);
    return c->text;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int count_char(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

/* The last frame: the text after the last-but-one '\r' (finish adds one). */
static const char *last_frame(const char *text, char *out, size_t cap)
{
    const char *end = strrchr(text, '\r');
    assert_non_null(end);
    const char *start = end;
    while (start > text && start[-1] != '\r')
        start--;
    /* the blanking "\r   \r" follows the frame: step back over it */
    if (start > text && strspn(start, " ") == (size_t)(end - start)) {
        end = start - 1;
        start = end;
        while (start > text && start[-1] != '\r')
            start--;
    }
    snprintf(out, cap, "%.*s", (int)(end - start), start);
    return out;
}

/* ---- when it shows -------------------------------------------------------------------- */

static void test_shows_only_when_asked_or_on_a_terminal(void **state)
{
    (void)state;
    capture_t c;
    capture_start(&c); /* stderr is a file */
    unsetenv("DBAGENT_PROGRESS");
    assert_false(progress_should_show(1000000000LL));
    progress_t *p = progress_start("big.log", 1000000000LL);
    assert_null(p);
    progress_add(p, 5); /* NULL is fine */
    progress_finish(p);
    setenv("DBAGENT_PROGRESS", "0", 1);
    assert_false(progress_should_show(1000000000LL));
    setenv("DBAGENT_PROGRESS", "1", 1);
    assert_true(progress_should_show(1000000000LL));
    assert_true(progress_should_show(10));
    assert_true(progress_should_show(-1));
    unsetenv("DBAGENT_PROGRESS");
    assert_string_equal(capture_end(&c), ""); /* nothing drawn */
}

static void test_terminal_over_50_mb(void **state)
{
    (void)state;
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
        if (master >= 0)
            close(master);
        skip(); /* no pseudo-terminals here */
    }
    int tty = open(ptsname(master), O_RDWR | O_NOCTTY);
    assert_true(tty >= 0);
    int saved = dup(2);
    dup2(tty, 2);
    unsetenv("DBAGENT_PROGRESS");
    bool big = progress_should_show(50000001LL), edge = progress_should_show(50000000LL),
         unknown = progress_should_show(-1);
    setenv("DBAGENT_PROGRESS", "0", 1);
    bool off = progress_should_show(1000000000LL);
    unsetenv("DBAGENT_PROGRESS");
    dup2(saved, 2);
    close(saved);
    close(tty);
    close(master);
    assert_true(big);
    assert_false(edge);
    assert_false(unknown);
    assert_false(off);
}

/* ---- frames --------------------------------------------------------------------------- */

static void test_frame_with_total(void **state)
{
    (void)state;
    capture_t c;
    setenv("DBAGENT_PROGRESS", "1", 1);
    capture_start(&c);
    progress_t *p = progress_start("reading postgresql-2024-05-01.log", 200000000LL);
    assert_non_null(p);
    progress_add(p, 100000000LL); /* within the first 100 ms: no frame yet */
    sleep_ms(150);
    progress_add(p, 0);
    progress_finish(p);
    const char *text = capture_end(&c);
    unsetenv("DBAGENT_PROGRESS");
    char frame[512];
    last_frame(text, frame, sizeof(frame));
    assert_int_equal(count_char(text, '\r'), 3); /* one frame, then "\r   \r" */
    assert_non_null(strstr(frame, "...024-05-01.log [")); /* the end of a long label */
    assert_non_null(strstr(frame, " 50%"));
    assert_non_null(strstr(frame, "100/200 MB"));
    assert_non_null(strstr(frame, "MB/s"));
    assert_non_null(strstr(frame, "[#"));
    /* 100 MB in ~0.15 s: 100 MB more take about as long */
    const char *eta = strstr(frame, "ETA ");
    assert_non_null(eta);
    int mins = -1, secs = -1;
    assert_int_equal(sscanf(eta, "ETA %d:%d", &mins, &secs), 2);
    assert_int_equal(mins, 0);
    assert_true(secs >= 1 && secs <= 2);
    /* finishing blanks the line: the text ends with '\r', spaces, '\r' */
    size_t n = strlen(text);
    assert_true(text[n - 1] == '\r');
    size_t blanks = strlen(frame);
    assert_true(n > blanks + 2);
    for (size_t i = n - 1 - blanks; i < n - 1; i++)
        assert_true(text[i] == ' ');
}

static void test_frame_without_total(void **state)
{
    (void)state;
    capture_t c;
    setenv("DBAGENT_PROGRESS", "1", 1);
    capture_start(&c);
    progress_t *p = progress_start("stdin", -1);
    progress_add(p, 5000000LL);
    sleep_ms(150);
    progress_add(p, 0);
    progress_finish(p);
    const char *text = capture_end(&c);
    unsetenv("DBAGENT_PROGRESS");
    char frame[512];
    last_frame(text, frame, sizeof(frame));
    assert_non_null(strstr(frame, "stdin"));
    assert_non_null(strstr(frame, " 5.0 MB"));
    assert_non_null(strstr(frame, "MB/s"));
    assert_null(strstr(frame, "%"));
    assert_null(strstr(frame, "ETA"));
}

/* Thousands of adds in a burst draw about one frame per 100 ms. */
static void test_frames_are_throttled(void **state)
{
    (void)state;
    capture_t c;
    setenv("DBAGENT_PROGRESS", "1", 1);
    capture_start(&c);
    progress_t *p = progress_start("x", 1000000000LL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 350; i++) {
        progress_add(p, 1000);
        sleep_ms(1);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    progress_finish(p);
    const char *text = capture_end(&c);
    unsetenv("DBAGENT_PROGRESS");
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    int frames = count_char(text, '\r') - 2; /* less the blanking */
    assert_true(frames >= 1);
    assert_true(frames <= (int)(ms / 100) + 1);
}

typedef struct {
    progress_t *p;
} worker_t;

static void *add_a_lot(void *arg)
{
    worker_t *w = arg;
    for (int i = 0; i < 100000; i++)
        progress_add(w->p, 10);
    return NULL;
}

/* Four threads add 1 MB each in 10-byte steps: the bar ends at 4.0 MB. */
static void test_threads_lose_nothing(void **state)
{
    (void)state;
    capture_t c;
    setenv("DBAGENT_PROGRESS", "1", 1);
    capture_start(&c);
    progress_t *p = progress_start("jobs", 8000000LL);
    pthread_t t[4];
    worker_t w = {p};
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, add_a_lot, &w), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    sleep_ms(150);
    progress_add(p, 0);
    progress_finish(p);
    const char *text = capture_end(&c);
    unsetenv("DBAGENT_PROGRESS");
    char frame[512];
    last_frame(text, frame, sizeof(frame));
    assert_non_null(strstr(frame, " 50%"));
    assert_non_null(strstr(frame, "4.0/8.0 MB"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shows_only_when_asked_or_on_a_terminal),
        cmocka_unit_test(test_terminal_over_50_mb),
        cmocka_unit_test(test_frame_with_total),
        cmocka_unit_test(test_frame_without_total),
        cmocka_unit_test(test_frames_are_throttled),
        cmocka_unit_test(test_threads_lose_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
