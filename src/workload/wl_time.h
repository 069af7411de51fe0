/* wl_time.h — timestamps as logs write them, to Unix epoch milliseconds (UTC). */
#ifndef DBAGENT_WL_TIME_H
#define DBAGENT_WL_TIME_H

#include <stddef.h>

/* Reads a timestamp at the start of s[0..len): "2026-11-29 17:54:57[.123][ UTC|
 * +01|+05:30|-0800]", the ISO form with 'T' and 'Z', MySQL's old "261129 17:54:57"
 * (YYMMDD, one or two spaces), and PostgreSQL's %n ("1795974897.123"). Unknown zone
 * abbreviations are read as UTC. Returns the epoch milliseconds and sets *used
 * to the bytes consumed; returns -1 (and *used = 0) when s does not start with a
 * timestamp. */
long long wl_parse_time(const char *s, size_t len, size_t *used);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
long long wl_days_from_civil(int y, int m, int d);

#endif
