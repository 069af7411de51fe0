/*
 * parse_only: the reference point for bench/optimize.sh.
 *
 * Parses every line of a corpus (one SQL statement per line) with libpg_query's
 * protobuf parser, REPEAT times, and prints the throughput in queries/s on stdout.
 * dbagent has to parse each query at least once, so this is roughly the ceiling
 * its optimize throughput can approach; the ratio shows how much the analysis,
 * JSON and I/O on top of parsing cost.
 *
 * The protobuf variant is used because it is the cheaper of libpg_query's parse
 * outputs (no JSON rendering), i.e. the stricter baseline.
 *
 * Usage: parse_only CORPUS [REPEAT]
 * Build: cc -O2 bench/parse_only.c -lpg_query -o parse_only
 */
#define _POSIX_C_SOURCE 200809L
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read the whole file; the caller owns the buffer. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return NULL;
	}
	size_t cap = 1 << 16, n = 0, got;
	char *buf = malloc(cap + 1);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *bigger = realloc(buf, 2 * cap + 1);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "parse_only: out of memory\n");
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s CORPUS [REPEAT]\n", argv[0]);
		return 2;
	}
	long repeat = argc == 3 ? strtol(argv[2], NULL, 10) : 1;
	if (repeat < 1) {
		fprintf(stderr, "parse_only: REPEAT must be >= 1\n");
		return 2;
	}

	size_t len;
	char *text = slurp(argv[1], &len);
	if (!text)
		return 1;

	/* Split into lines up front so the timed loop measures parsing only. */
	size_t nlines = 0, cap = 1024;
	char **lines = malloc(cap * sizeof *lines);
	for (char *p = text; lines && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p) {
			if (nlines == cap) {
				char **bigger = realloc(lines, 2 * cap * sizeof *lines);
				if (!bigger) {
					free(lines);
					lines = NULL;
					break;
				}
				lines = bigger;
				cap *= 2;
			}
			lines[nlines++] = p;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (!lines || nlines == 0) {
		fprintf(stderr, "parse_only: %s\n", lines ? "empty corpus" : "out of memory");
		return 1;
	}

	long errors = 0;
	double start = now_seconds();
	for (long r = 0; r < repeat; r++) {
		for (size_t i = 0; i < nlines; i++) {
			PgQueryProtobufParseResult res = pg_query_parse_protobuf(lines[i]);
			/* Count, don't stop: a bad line must not skew the timing silently. */
			if (res.error)
				errors++;
			pg_query_free_protobuf_parse_result(res);
		}
	}
	double elapsed = now_seconds() - start;

	double total = (double)nlines * (double)repeat;
	if (errors)
		fprintf(stderr, "parse_only: %ld parse errors\n", errors);
	fprintf(stderr, "parse_only: %.0f queries in %.3f s\n", total, elapsed);
	printf("%.1f\n", elapsed > 0 ? total / elapsed : 0.0);

	free(lines);
	free(text);
	return errors ? 1 : 0;
}
