// SPDX-License-Identifier: GPL-2.0
/*
 * munmap-bench: the cost of one munmap of SIZE MiB of populated
 * anonymous memory, for a benchmark that compares a shadowed process
 * with an unshadowed one.
 *
 *   munmap-bench SIZE_MIB OUT [thp]
 * forks a task that maps and populates SIZE_MIB, prints its pid and
 * returns; the task waits for SIGUSR1 (time to shadow it), then times
 * the munmap and writes "munmap_ms=T" to OUT and exits. The memory is
 * in 4 KiB pages (MADV_NOHUGEPAGE), as a shadow's entries are, unless
 * "thp" lets the kernel use huge pages, which it then unmaps 512 at a
 * time while the shadow still clears every 4 KiB entry.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23
#endif

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int task(size_t size, const char *out, int ready, int thp)
{
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double t0, t1;
	sigset_t none;
	size_t off;
	FILE *f;

	if (p == MAP_FAILED)
		return 1;
	/* Fails where the kernel has no THP: 4 KiB pages all the same. */
	if (madvise(p, size, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE) && thp)
		return 1;
	if (madvise(p, size, MADV_POPULATE_WRITE))
		for (off = 0; off < size; off += 4096)
			p[off] = 1;
	if (write(ready, "r", 1) != 1)
		return 1;
	sigemptyset(&none);
	while (!go)
		sigsuspend(&none);
	t0 = now_ms();
	if (munmap(p, size))
		return 1;
	t1 = now_ms();
	f = fopen(out, "w");
	if (!f)
		return 1;
	fprintf(f, "munmap_ms=%.1f\n", t1 - t0);
	return fclose(f) ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t usr1;
	int pfd[2];
	pid_t pid;
	char c;

	int thp = argc == 4 && !strcmp(argv[3], "thp");

	if (argc < 3 || argc > 4 || (argc == 4 && !thp) ||
	    atoi(argv[1]) < 1 || atoi(argv[1]) > 2048) {
		fprintf(stderr, "usage: %s SIZE_MIB OUT [thp]\n", argv[0]);
		return 2;
	}
	/* SIGUSR1 blocked until sigsuspend(): none is lost before it. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	if (pipe(pfd))
		return 1;
	pid = fork();
	if (pid == 0) {
		/* Not the caller's stdout: "$(munmap-bench ...)" would wait. */
		if (!freopen("/dev/null", "w", stdout))
			_exit(1);
		_exit(task((size_t)atoi(argv[1]) << 20, argv[2], pfd[1], thp));
	}
	/* Only the task holds the write end: its death ends the read. */
	close(pfd[1]);
	if (pid < 0 || read(pfd[0], &c, 1) != 1)
		return 1;
	printf("%d\n", (int)pid);
	return 0;
}
