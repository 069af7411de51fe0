/* wl_time.c — log timestamps to epoch milliseconds. */
#include "workload/wl_time.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/banned.h"

long long wl_days_from_civil(int y, int m, int d)
{
    /* Howard Hinnant's days_from_civil: exact for every Gregorian date. */
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

static bool digits(const char *s, size_t len, size_t at, int n, int *out)
{
    if (at + (size_t)n > len)
        return false;
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = s[at + (size_t)i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

/* Fractional seconds after a '.', as milliseconds; advances *at. */
static int fraction_ms(const char *s, size_t len, size_t *at)
{
    if (*at >= len || s[*at] != '.')
        return 0;
    (*at)++;
    int ms = 0, n = 0;
    while (*at < len && s[*at] >= '0' && s[*at] <= '9') {
        if (n < 3)
            ms = ms * 10 + (s[*at] - '0');
        n++;
        (*at)++;
    }
    for (; n < 3; n++)
        ms *= 10;
    return ms;
}

/* A zone after the time: " UTC", " GMT", "Z", "+01", "+05:30", "-0800", " CET"
 * (abbreviations other than an offset count as UTC). Returns the offset in
 * minutes east of UTC; advances *at past what it read. */
static int zone_minutes(const char *s, size_t len, size_t *at)
{
    size_t i = *at;
    if (i < len && s[i] == 'Z') {
        *at = i + 1;
        return 0;
    }
    if (i < len && s[i] == ' ' && i + 1 < len && s[i + 1] >= 'A' && s[i + 1] <= 'Z') {
        size_t j = i + 1;
        while (j < len && s[j] >= 'A' && s[j] <= 'Z')
            j++;
        if (j - i - 1 <= 5) {
            *at = j;
            return 0;
        }
        return 0;
    }
    if (i < len && s[i] == ' ')
        i++;
    if (i >= len || (s[i] != '+' && s[i] != '-'))
        return 0;
    int sign = s[i] == '-' ? -1 : 1, hh, mm = 0;
    if (!digits(s, len, i + 1, 2, &hh))
        return 0;
    size_t j = i + 3;
    if (j < len && s[j] == ':')
        j++;
    if (digits(s, len, j, 2, &mm))
        j += 2;
    *at = j;
    return sign * (hh * 60 + mm);
}

static long long epoch_seconds(const char *s, size_t len, size_t *used)
{
    size_t i = 0;
    long long secs = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9' && i < 12)
        secs = secs * 10 + (s[i++] - '0');
    if (i < 9 || i > 11 || (i < len && s[i] != '.'))
        return -1;
    int ms = fraction_ms(s, len, &i);
    *used = i;
    return secs * 1000 + ms;
}

/* Consecutive log lines mostly share their timestamp up to the second: the
 * last one read is remembered (per thread) with its value up to the second. */
static _Thread_local struct {
    char text[19];
    long long ms;   /* value of text, zone not applied */
    bool valid;
} last_time;

static long long parse_time(const char *s, size_t len, size_t *used);

/* s[0..19) equals the remembered text: two 8-byte loads and a 3-byte tail, as
 * a libc memcmp call per line costs more than the parse it saves. */
static bool same_second(const char *s)
{
    uint64_t a0, a1, b0, b1;
    memcpy(&a0, s, 8);
    memcpy(&a1, s + 8, 8);
    memcpy(&b0, last_time.text, 8);
    memcpy(&b1, last_time.text + 8, 8);
    return a0 == b0 && a1 == b1 && s[16] == last_time.text[16] && s[17] == last_time.text[17] &&
           s[18] == last_time.text[18];
}

long long wl_parse_time(const char *s, size_t len, size_t *used)
{
    if (last_time.valid && len >= 19 && s[4] == '-' && same_second(s)) {
        size_t at = 19;
        int ms = fraction_ms(s, len, &at);
        int zone = zone_minutes(s, len, &at);
        *used = at;
        return last_time.ms + ms - zone * 60000LL;
    }
    long long v = parse_time(s, len, used);
    if (v >= 0 && *used >= 19 && len >= 19 && s[4] == '-') {
        size_t at = 19;
        int ms = fraction_ms(s, len, &at);
        int zone = zone_minutes(s, len, &at);
        memcpy(last_time.text, s, 19);
        last_time.ms = v - ms + zone * 60000LL;
        last_time.valid = true;
    }
    return v;
}

static long long parse_time(const char *s, size_t len, size_t *used)
{
    int y, mo, d, h, mi, se;
    size_t at;
    *used = 0;
    if (digits(s, len, 0, 4, &y) && len > 4 && s[4] == '-') {
        if (!digits(s, len, 5, 2, &mo) || len < 8 || s[7] != '-' || !digits(s, len, 8, 2, &d))
            return -1;
        at = 10;
        if (at >= len || (s[at] != ' ' && s[at] != 'T'))
            return -1;
        at++;
    } else if (digits(s, len, 0, 6, &y) && len > 6 && s[6] == ' ') {
        d = y % 100;
        mo = y / 100 % 100;
        y = 2000 + y / 10000;
        at = 7;
        if (at < len && s[at] == ' ')
            at++;
        if (at + 1 < len && s[at + 1] == ':') { /* MySQL pads hours < 10 with a space */
            h = s[at] - '0';
            if (h < 0 || h > 9)
                return -1;
            at += 1;
            goto minutes;
        }
    } else {
        return epoch_seconds(s, len, used);
    }
    if (!digits(s, len, at, 2, &h))
        return -1;
    at += 2;
minutes:
    if (at >= len || s[at] != ':' || !digits(s, len, at + 1, 2, &mi) || at + 3 >= len ||
        s[at + 3] != ':' || !digits(s, len, at + 4, 2, &se))
        return -1;
    at += 6;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
        return -1;
    int ms = fraction_ms(s, len, &at);
    int zone = zone_minutes(s, len, &at);
    *used = at;
    long long days = wl_days_from_civil(y, mo, d);
    return ((days * 24 + h) * 60 + mi - zone) * 60000LL + se * 1000LL + ms;
}
