// SPDX-License-Identifier: GPL-2.0
/*
 * shm-workload: the 2002 thread's workload with real processes. N tasks
 * attach one SysV shared memory segment of SIZE MiB and populate their
 * page tables (MADV_POPULATE_READ, or a read of every page where the
 * kernel lacks it), then hold them until the workload gets SIGTERM.
 *
 * Prints, once every task is populated:
 *   workload tasks=N size_mib=SIZE populate_ms=T pagetables_kib=P
 *            lowfree_drop_kib=L highfree_drop_kib=H
 *   pids P1 P2 ...
 *   holder PID
 *   ready
 * The deltas (signed: PageTables' growth, the free counts' drops) are
 * /proc/meminfo's, from before the first task attached
 * to after the last one populated. On SIGTERM to the holder the tasks
 * exit, the segment is removed, and the holder exits 0.
 *
 * With -d the command itself returns once the tasks are ready, leaving
 * the holder (a child) behind: scripts need no polling (busybox's sleep
 * does not sleep on kernels without 32-bit time syscalls).
 *
 * With -k KEY the segment is SysV key KEY's: the first workload with
 * that key creates and fills it (and removes it when it ends), later
 * ones attach the same pages, so batches of tasks can grow one
 * workload step by step.
 *
 * usage: shm-workload [-d] [-k KEY] [-n TASKS] [-s SIZE_MIB]
 *        (default 100 x 1024, a private segment)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ	22
#endif

#define MAX_TASKS	1000

static pid_t pids[MAX_TASKS];
static int ntasks;
static volatile sig_atomic_t stop;

static long meminfo_kib(const char *key)
{
	char line[128];
	size_t n = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = atol(line + n + 1);
	fclose(f);
	/* No HighFree line without highmem (x86_64). */
	return v < 0 ? 0 : v;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* One task: attach, populate, say so, hold until killed. */
static int task(int shmid, size_t size, int ready_fd)
{
	char *p = shmat(shmid, NULL, SHM_RDONLY);
	volatile char sum = 0;
	size_t off;
	char c = 1;

	if (p == (void *)-1)
		return 1;
	if (madvise(p, size, MADV_POPULATE_READ)) {
		for (off = 0; off < size; off += 4096)
			sum += p[off];
	}
	if (write(ready_fd, &c, 1) != 1)
		return 1;
	for (;;)
		pause();
}

/*
 * -d: the caller returns when the holder, a child, says it is ready.
 * Return: the holder's end of the pipe; in the caller, -2 once the
 * holder is ready, -1 if it failed first.
 */
static int detached(void)
{
	int pfd[2];
	pid_t pid;
	char c;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(pfd[0]);
		return pfd[1];
	}
	close(pfd[1]);
	return read(pfd[0], &c, 1) == 1 ? -2 : -1;
}

int main(int argc, char **argv)
{
	long pt0, low0, high0;
	size_t size_mib = 1024, size, off;
	int opt, shmid, pfd[2], i, status = 0, detach = 0, dfd = -1;
	int created = 1;
	key_t key = IPC_PRIVATE;
	double t0, t1;
	char *p, c;

	ntasks = 100;
	while ((opt = getopt(argc, argv, "dk:n:s:")) != -1) {
		switch (opt) {
		case 'd':
			detach = 1;
			break;
		case 'k':
			key = strtol(optarg, NULL, 0);
			if (key == IPC_PRIVATE)
				goto usage;
			break;
		case 'n':
			ntasks = atoi(optarg);
			break;
		case 's':
			size_mib = strtoul(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || ntasks < 1 || ntasks > MAX_TASKS ||
	    size_mib < 1 || size_mib > 2048)
		goto usage;
	size = size_mib << 20;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (detach) {
		dfd = detached();
		if (dfd < 0)
			return dfd == -1 ? 1 : 0;
	}
	shmid = shmget(key, size, IPC_CREAT | IPC_EXCL | 0600);
	if (shmid < 0 && errno == EEXIST) {
		shmid = shmget(key, size, 0600);
		created = 0;
	}
	if (shmid < 0) {
		perror("shmget");
		return 1;
	}
	/* The segment's pages exist before the tasks come: they map only. */
	if (created) {
		p = shmat(shmid, NULL, 0);
		if (p == (void *)-1) {
			perror("shmat");
			shmctl(shmid, IPC_RMID, NULL);
			return 1;
		}
		for (off = 0; off < size; off += 4096)
			p[off] = 1;
		shmdt(p);
	}
	if (pipe(pfd)) {
		perror("pipe");
		return 1;
	}
	signal(SIGTERM, on_term);
	pt0 = meminfo_kib("PageTables");
	low0 = meminfo_kib("LowFree");
	high0 = meminfo_kib("HighFree");
	t0 = now_ms();
	for (i = 0; i < ntasks; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			signal(SIGTERM, SIG_DFL);
			if (dfd >= 0)
				close(dfd);
			_exit(task(shmid, size, pfd[1]));
		}
		if (pids[i] < 0) {
			perror("fork");
			ntasks = i;
			status = 1;
			goto out;
		}
	}
	/* Only the tasks hold the write end: one that dies ends a read. */
	close(pfd[1]);
	for (i = 0; i < ntasks; i++) {
		if (read(pfd[0], &c, 1) != 1) {
			fprintf(stderr, "a task died before it populated\n");
			status = 1;
			goto out;
		}
	}
	t1 = now_ms();
	printf("workload tasks=%d size_mib=%zu populate_ms=%.0f "
	       "pagetables_kib=%ld lowfree_drop_kib=%ld highfree_drop_kib=%ld\n",
	       ntasks, size_mib, t1 - t0, meminfo_kib("PageTables") - pt0,
	       low0 - meminfo_kib("LowFree"), high0 - meminfo_kib("HighFree"));
	printf("pids");
	for (i = 0; i < ntasks; i++)
		printf(" %d", (int)pids[i]);
	printf("\nholder %d\nready\n", (int)getpid());
	if (dfd >= 0 && (write(dfd, "r", 1) != 1 || close(dfd)))
		status = 1;
	while (!stop)
		pause();
out:
	for (i = 0; i < ntasks; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < ntasks; i++)
		waitpid(pids[i], NULL, 0);
	if (created)
		shmctl(shmid, IPC_RMID, NULL);
	return status;
usage:
	fprintf(stderr, "usage: %s [-d] [-k KEY] [-n TASKS] [-s SIZE_MIB]\n",
		argv[0]);
	return 2;
}
