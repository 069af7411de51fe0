/* progress.h — a progress bar on stderr for long reads.
 *
 * One line, redrawn in place with '\r' at most 10 times a second:
 *
 *   big.log          [########........]  52%   160/307 MB  412 MB/s  ETA 0:01
 *
 * With an unknown total (-1, e.g. a pipe) only the bytes read and MB/s. MB are
 * 10^6 bytes. progress_add is thread-safe (atomics), so --jobs threads report
 * into one bar; whichever caller is due redraws.
 *
 * When it shows (progress_should_show):
 *   - stderr is a terminal and the total is known and over 50 MB, or
 *   - the environment has DBAGENT_PROGRESS=1 (tests; or forcing it through a
 *     pipe); DBAGENT_PROGRESS=0 turns it off even on a terminal.
 * progress_start returns NULL when it should not show, and every function
 * accepts NULL, so callers need no test of their own.
 *
 * The one module below cli/ that writes to the terminal, by design: only to
 * stderr, one line, left blank when finished. */
#ifndef DBAGENT_PROGRESS_H
#define DBAGENT_PROGRESS_H

#include <stdbool.h>

typedef struct progress progress_t;

bool progress_should_show(long long total_bytes);
/* label is copied (long ones keep their end: "...ig/postgresql.log"). */
progress_t *progress_start(const char *label, long long total_bytes);
void progress_add(progress_t *p, long long bytes);
/* Clears the line and frees p. Call after every thread stopped adding. */
void progress_finish(progress_t *p);

#endif
