// SPDX-License-Identifier: GPL-2.0
/*
 * highpt-stat: highpt's counters as vmstat shows the kernel's.
 *
 *   highpt-stat [-j] [-f FILE] [INTERVAL [COUNT]]
 *
 * Without INTERVAL, one report of the totals since highpt was loaded.
 * With it, a report every INTERVAL seconds of what happened in that
 * interval, as rates per second, COUNT times (without end if COUNT is
 * left out). Each report also gives the gauges as they are at its end.
 * A one-line header comes first; with -j there is no header, and each
 * report is one JSON object on its own line. -f reads FILE instead of
 * /sys/kernel/debug/highpt/stats.
 *
 * Columns: maps, hits, misses, flushes (lazy plus eager), waits,
 * fallbacks (NOWAIT maps that got kmap_local), invalidations (of
 * shadows); then the gauges: pool slots in use and stale, spaces, PTE
 * pages in highmem and in lowmem, the store's lowmem and highmem in KiB.
 *
 * Exit status 0; 1 if the stats file cannot be read or lacks a counter;
 * 2 for bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STATS_FILE "/sys/kernel/debug/highpt/stats"

enum kind { RATE, GAUGE };

/* A column: its name, the stats lines it sums, and what it is. */
struct column {
	const char *name;
	const char *sources[2];
	enum kind kind;
	int width;
};

static const struct column columns[] = {
	{ "maps",	{ "pool_maps" },			RATE,  9 },
	{ "hits",	{ "pool_hits" },			RATE,  9 },
	{ "misses",	{ "pool_misses" },			RATE,  9 },
	{ "flushes",	{ "pool_flushes_lazy", "pool_flushes_eager" }, RATE, 8 },
	{ "waits",	{ "pool_waits" },			RATE,  6 },
	{ "fallbacks",	{ "pool_nowait_fallbacks" },		RATE,  9 },
	{ "invalidations", { "shadow_invalidations" },		RATE, 13 },
	{ "in_use",	{ "pool_in_use" },			GAUGE, 6 },
	{ "stale",	{ "pool_stale" },			GAUGE, 6 },
	{ "spaces",	{ "store_spaces" },			GAUGE, 6 },
	{ "pte_high",	{ "store_pte_pages_highmem" },		GAUGE, 8 },
	{ "pte_low",	{ "store_pte_pages_lowmem" },		GAUGE, 8 },
	{ "low_kib",	{ "store_lowmem_bytes" },		GAUGE, 9 },
	{ "high_kib",	{ "store_highmem_bytes" },		GAUGE, 9 },
};

#define NCOLS (sizeof(columns) / sizeof(columns[0]))

struct sample {
	unsigned long long v[NCOLS];
	struct timespec at;
};

static void usage(void)
{
	fprintf(stderr, "usage: highpt-stat [-j] [-f FILE] [INTERVAL [COUNT]]\n"
		"  INTERVAL: seconds between reports, 1 to 86400\n"
		"  COUNT: reports, at least 1 (default: without end)\n");
	exit(2);
}

/* A decimal in [min, max], or usage(). */
static unsigned long number(const char *s, unsigned long min,
			    unsigned long max)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		usage();
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		usage();
	return v;
}

static int read_sample(const char *path, struct sample *s)
{
	char name[64], seen[NCOLS] = { 0 };
	unsigned long long value;
	size_t c, k;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "highpt-stat: %s: %s\n", path, strerror(errno));
		return -1;
	}
	memset(s->v, 0, sizeof(s->v));
	while (fscanf(f, "%63s %llu", name, &value) == 2) {
		for (c = 0; c < NCOLS; c++) {
			for (k = 0; k < 2 && columns[c].sources[k]; k++) {
				if (strcmp(name, columns[c].sources[k]))
					continue;
				s->v[c] += value;
				seen[c]++;
			}
		}
	}
	fclose(f);
	clock_gettime(CLOCK_MONOTONIC, &s->at);
	for (c = 0; c < NCOLS; c++) {
		int want = columns[c].sources[1] ? 2 : 1;

		if (seen[c] != want) {
			fprintf(stderr, "highpt-stat: %s: no %s\n", path,
				columns[c].sources[seen[c] ? 1 : 0]);
			return -1;
		}
	}
	return 0;
}

/* A gauge's value as shown: bytes become KiB. */
static unsigned long long gauge(size_t c, const struct sample *s)
{
	return strstr(columns[c].name, "_kib") ? s->v[c] / 1024 : s->v[c];
}

static void header(void)
{
	size_t c;

	for (c = 0; c < NCOLS; c++)
		printf("%s%*s", c ? " " : "", columns[c].width, columns[c].name);
	putchar('\n');
}

/*
 * One report: @prev NULL for the totals since load, else rates per
 * second from @prev to @cur.
 */
static void report(const struct sample *prev, const struct sample *cur,
		   int json)
{
	double secs = 0;
	size_t c;

	if (prev)
		secs = (cur->at.tv_sec - prev->at.tv_sec) +
		       (cur->at.tv_nsec - prev->at.tv_nsec) / 1e9;
	if (json)
		printf("{\"interval\": %.3f, \"%s\": {", secs,
		       prev ? "rates" : "totals");
	for (c = 0; c < NCOLS; c++) {
		const char *sep = c ? " " : "";
		double v;

		if (columns[c].kind == GAUGE) {
			if (json)
				printf("%s\"%s\": %llu",
				       columns[c - 1].kind == RATE ?
				       "}, \"gauges\": {" : ", ",
				       columns[c].name, gauge(c, cur));
			else
				printf("%s%*llu", sep, columns[c].width,
				       gauge(c, cur));
			continue;
		}
		v = cur->v[c];
		/* A counter that fell means highpt was reloaded: from 0. */
		if (prev && cur->v[c] >= prev->v[c])
			v = cur->v[c] - prev->v[c];
		if (prev)
			v = secs > 0 ? v / secs : 0;
		if (json)
			printf("%s\"%s\": %.*f", c ? ", " : "", columns[c].name,
			       prev ? 1 : 0, v);
		else
			printf("%s%*.0f", sep, columns[c].width, v);
	}
	printf(json ? "}}\n" : "\n");
	fflush(stdout);
}

/*
 * Sleep until @when plus @secs on CLOCK_MONOTONIC. poll() takes plain
 * milliseconds: it works on kernels without 32-bit time syscalls, where
 * an i386 clock_nanosleep() can fail at once.
 */
static void sleep_until(struct timespec *when, unsigned long secs)
{
	struct timespec now;
	long long ms;

	when->tv_sec += secs;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (when->tv_sec - now.tv_sec) * 1000LL +
		     (when->tv_nsec - now.tv_nsec) / 1000000;
		if (ms <= 0)
			return;
		poll(NULL, 0, ms > 60000 ? 60000 : (int)ms);
	}
}

int main(int argc, char **argv)
{
	const char *path = STATS_FILE;
	unsigned long interval = 0, count = 0, n;
	struct sample prev, cur;
	struct timespec next;
	int json = 0, opt;

	while ((opt = getopt(argc, argv, "jf:")) != -1) {
		if (opt == 'j')
			json = 1;
		else if (opt == 'f')
			path = optarg;
		else
			usage();
	}
	if (argc - optind > 2)
		usage();
	if (optind < argc)
		interval = number(argv[optind], 1, 86400);
	if (optind + 1 < argc)
		count = number(argv[optind + 1], 1, ~0UL);
	if (read_sample(path, &prev))
		return 1;
	if (!json)
		header();
	if (!interval) {
		report(NULL, &prev, json);
		return 0;
	}
	next = prev.at;
	for (n = 0; !count || n < count; n++) {
		sleep_until(&next, interval);
		if (read_sample(path, &cur))
			return 1;
		report(&prev, &cur, json);
		prev = cur;
	}
	return 0;
}
