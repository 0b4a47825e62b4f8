// SPDX-License-Identifier: GPL-2.0
/*
 * shadow-check: highpt's shadow of a live process against the kernel's
 * own page table, read through /proc/PID/pagemap, after every kind of
 * change the kernel invalidates.
 *
 * The process maps anonymous, shared and file-backed memory, touches
 * it and shadows itself; then it munmaps, mprotects, mremaps, forks
 * (the child shadows itself and writes: COW), madvise(DONTNEED)s and
 * lets the child exit. After each step, before any sync, every entry
 * the shadow holds must be present in the kernel's table with the same
 * frame (an invalidation left nothing stale); after "sync ID" the two
 * must agree on every page (present, and the frame). With -c a second,
 * shadowed process churns its own mappings meanwhile and is checked
 * the same way at the end.
 *
 * With -m PID ID START END it only compares [START, END) (hex) of process
 * PID with shadow ID, page by page (present, and the frame), and exits.
 *
 * With -z it only makes a zombie for tests of bad input: it prints
 * "HOLDER ZOMBIE" and returns, leaving HOLDER, a process that waits
 * for a signal, with ZOMBIE, its child, exited and never reaped.
 *
 * Exit status 0 if every check passed, 1 otherwise, 2 for bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEBUGFS		"/sys/kernel/debug/highpt"
#define PAGES		64	/* per region */
#define CHURN_ADDR	0x50000000UL
#define CHURN_PAGES	256
#define CHURN_ROUNDS	50
#define PM_PRESENT	(1ULL << 63)
#define PM_PFN		((1ULL << 55) - 1)

struct region {
	const char *name;
	char *addr;
	size_t pages;
};

static long page_size;
static int failures;
static pid_t churner_pid;	/* killed however this ends */

static void kill_churner(void)
{
	if (churner_pid > 0)
		kill(churner_pid, SIGKILL);
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#include <stdarg.h>
static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	failures++;
}

static int ctl(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int ctl(const char *fmt, ...)
{
	char cmd[256];
	va_list ap;
	int fd, n, ret = 0;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fd = open(DEBUGFS "/ctl", O_WRONLY);
	if (fd < 0 || write(fd, cmd, n) != n)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	return ret;
}

/* The id of the live shadow of @pid, from the spaces file; -1 if none. */
static int shadow_id(pid_t pid, char *state, size_t len)
{
	char line[512], st[16];
	int id, found = -1, p;
	FILE *f = fopen(DEBUGFS "/spaces", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%d %*s %*s %*s %*u %*u %*u %*u %d %*s %15s",
			   &id, &p, st) == 3 && p == pid) {
			found = id;
			if (state)
				snprintf(state, len, "%s", st);
		}
	}
	fclose(f);
	return found;
}

/* The present field of space @id, from the spaces file. */
static long space_present(int id)
{
	char line[512];
	long present = -1;
	int i;
	FILE *f = fopen(DEBUGFS "/spaces", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' &&
		    sscanf(line, "%d %*s %*s %*s %*u %*u %*u %ld", &i,
			   &present) == 2 && i == id)
			break;
	fclose(f);
	return present;
}

static int shadow_self(pid_t pid)
{
	int ret = ctl("shadow %d", (int)pid);

	if (ret) {
		fail("shadow %d: %s", (int)pid, strerror(-ret));
		return -1;
	}
	return shadow_id(pid, NULL, 0);
}

static int read_words(const char *path, uintptr_t addr, size_t pages,
		      uint64_t *w)
{
	int fd = open(path, O_RDONLY);
	ssize_t want = pages * sizeof(*w);
	off_t off = (addr / page_size) * sizeof(*w);
	int ok = fd >= 0 && pread(fd, w, want, off) == want;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/*
 * Compare @r in process @pid with its shadow @id. @exact: they must
 * agree on every page; else only every page the shadow holds must be
 * present in the kernel's table, with the same frame.
 */
/* Read @r's words from the kernel's pagemap of @pid, then from shadow @id. */
static int read_both(pid_t pid, int id, const struct region *r, uint64_t *kw,
		     uint64_t *sw)
{
	char kpath[64], spath[64];

	snprintf(kpath, sizeof(kpath), "/proc/%d/pagemap", (int)pid);
	snprintf(spath, sizeof(spath), DEBUGFS "/pagemap/%d", id);
	return read_words(kpath, (uintptr_t)r->addr, r->pages, kw) ||
	       read_words(spath, (uintptr_t)r->addr, r->pages, sw) ? -1 : 0;
}

/* As compare(), but only counts the pages that disagree. */
static size_t disagree(pid_t pid, int id, const struct region *r)
{
	static uint64_t kw[CHURN_PAGES], sw[CHURN_PAGES];
	size_t i, bad = 0;

	if (read_both(pid, id, r, kw, sw))
		return r->pages;
	for (i = 0; i < r->pages; i++)
		if ((sw[i] & PM_PRESENT) &&
		    (!(kw[i] & PM_PRESENT) || (kw[i] & PM_PFN) != (sw[i] & PM_PFN)))
			bad++;
	return bad;
}

static void compare(const char *step, pid_t pid, int id,
		    const struct region *r, int exact)
{
	static uint64_t kw[CHURN_PAGES], sw[CHURN_PAGES];
	size_t i, bad = 0;

	if (read_both(pid, id, r, kw, sw)) {
		fail("%s: %s: cannot read pid %d's pagemap or shadow %d's: %s",
		     step, r->name, (int)pid, id, strerror(errno));
		return;
	}
	for (i = 0; i < r->pages; i++) {
		int kp = !!(kw[i] & PM_PRESENT), sp = !!(sw[i] & PM_PRESENT);
		uint64_t kf = kw[i] & PM_PFN, sf = sw[i] & PM_PFN;
		int ok = exact ? kp == sp && (!kp || kf == sf) :
				 !sp || (kp && kf == sf);

		if (!ok && bad++ < 4)
			fail("%s (%s): %s page %zu (%p): kernel %s pfn %#llx, "
			     "shadow %d %s pfn %#llx", step,
			     exact ? "after sync" : "before sync", r->name, i,
			     r->addr + i * page_size, kp ? "present" : "absent",
			     (unsigned long long)kf, id,
			     sp ? "present" : "absent",
			     (unsigned long long)sf);
	}
	if (bad > 4)
		fail("%s: %s: %zu pages disagree in all", step, r->name, bad);
}

/* After @step: no stale entry; then sync, and the two agree. */
static void check(const char *step, pid_t pid, int id,
		  const struct region *rs, int n)
{
	int i, ret;

	for (i = 0; i < n; i++)
		compare(step, pid, id, &rs[i], 0);
	ret = ctl("sync %d", id);
	if (ret)
		fail("%s: sync %d: %s", step, id, strerror(-ret));
	for (i = 0; i < n; i++)
		compare(step, pid, id, &rs[i], 1);
	printf("step %-10s pid %d shadow %d: checked\n", step, (int)pid, id);
}

static void touch(char *p, size_t pages, int write)
{
	volatile char *v = p;
	size_t i;

	for (i = 0; i < pages; i++) {
		if (write)
			v[i * page_size] = (char)i;
		else
			(void)v[i * page_size];
	}
}

static void *map(size_t pages, int prot, int flags, int fd)
{
	void *p = mmap(NULL, pages * page_size, prot, flags, fd, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

/* The churner: maps, touches, protects and unmaps in its own region. */
static void churn(void)
{
	unsigned int seed = getpid(), i;

	for (;;) {
		i = rand_r(&seed) % (CHURN_PAGES - 8);
		char *p = (char *)CHURN_ADDR + i * page_size;

		switch (rand_r(&seed) % 4) {
		case 0:
			munmap(p, 8 * page_size);
			break;
		case 1:
			mmap(p, 8 * page_size, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
			break;
		case 2:
			mprotect(p, 8 * page_size, PROT_READ);
			break;
		default:
			if (!mprotect(p, 8 * page_size, PROT_READ | PROT_WRITE))
				touch(p, 8, 1);
			break;
		}
	}
}

/* The churner, once its region is mapped and touched. */
static pid_t start_churner(void)
{
	int pfd[2];
	pid_t pid;
	char c = 1;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid == 0) {
		if (mmap((void *)CHURN_ADDR, CHURN_PAGES * page_size,
			 PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		    MAP_FAILED)
			_exit(1);
		touch((char *)CHURN_ADDR, CHURN_PAGES, 1);
		if (write(pfd[1], &c, 1) != 1)
			_exit(1);
		churn();
	}
	close(pfd[1]);
	if (pid < 0 || read(pfd[0], &c, 1) != 1)
		return -1;
	return pid;
}

/*
 * While the churner runs: sync its shadow, racing its invalidations,
 * then hold it to the no-stale rule. Read live, the two may disagree
 * for a moment without a fault: pagemap shows a page absent as soon as
 * munmap has taken its VMA out of the tree, while the PTEs, and the
 * shadow's entries, stay until the invalidation that follows. So a
 * disagreement is checked again with the churner stopped, which it is
 * only between system calls: a stale entry still there then is one an
 * invalidation left behind. Then check its region as any other.
 */
static void check_churner(pid_t pid, int id)
{
	struct region r = { "churn", (char *)CHURN_ADDR, CHURN_PAGES };
	int round, ret, stops = 0;

	for (round = 0; round < CHURN_ROUNDS; round++) {
		ret = ctl("sync %d", id);
		if (ret)
			fail("churn: sync %d: %s", id, strerror(-ret));
		if (!disagree(pid, id, &r))
			continue;
		stops++;
		kill(pid, SIGSTOP);
		waitpid(pid, NULL, WUNTRACED);
		compare("churn-live, stopped", pid, id, &r, 0);
		kill(pid, SIGCONT);
	}
	printf("step churn-live pid %d shadow %d: %d syncs racing it, "
	       "%d checked again stopped\n", (int)pid, id, CHURN_ROUNDS,
	       stops);
	kill(pid, SIGSTOP);
	waitpid(pid, NULL, WUNTRACED);
	check("churn", pid, id, &r, 1);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* The child of the fork step: shadow itself, COW-write, check, exit. */
static int fork_child(struct region *rs, int n, int done_fd)
{
	pid_t self = getpid();
	int id = shadow_self(self);
	char c = 1;

	if (id < 0)
		return 1;
	check("child", self, id, rs, n);
	touch(rs[0].addr + 32 * page_size, 8, 1);	/* COW */
	check("child-cow", self, id, rs, n);
	if (write(done_fd, &c, 1) != 1)
		return 1;
	return failures ? 1 : 0;
}

/* -m PID ID START END: one range of another process, exactly. */
static int compare_range(char **argv)
{
	pid_t pid = atoi(argv[0]);
	int id = atoi(argv[1]);
	uintptr_t start = strtoul(argv[2], NULL, 16);
	uintptr_t end = strtoul(argv[3], NULL, 16), va;
	struct region r = { "range", NULL, 0 };
	size_t pages = 0;

	for (va = start; va < end && !failures; va += r.pages * page_size) {
		r.addr = (char *)va;
		r.pages = (end - va) / page_size;
		if (r.pages > CHURN_PAGES)
			r.pages = CHURN_PAGES;
		compare("range", pid, id, &r, 1);
		pages += r.pages;
	}
	printf("pid %d shadow %d [%#lx, %#lx): %zu pages, %s\n", (int)pid, id,
	       (unsigned long)start, (unsigned long)end, pages,
	       failures ? "DIFFER" : "agree");
	return failures ? 1 : 0;
}

static int zombie(void)
{
	siginfo_t si;
	int pfd[2];
	pid_t holder, z;
	char line[32];
	ssize_t n;

	if (pipe(pfd))
		return 1;
	holder = fork();
	if (holder == 0) {
		/* Not the caller's stdout: "$(shadow-check -z)" would wait. */
		int null = open("/dev/null", O_WRONLY);

		if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(1);
		z = fork();
		if (z == 0)
			_exit(0);
		/* Dead, and left unreaped. */
		waitid(P_PID, z, &si, WEXITED | WNOWAIT);
		n = snprintf(line, sizeof(line), "%d %d\n", (int)getpid(),
			     (int)z);
		if (write(pfd[1], line, n) != n)
			_exit(1);
		for (;;)
			pause();
	}
	close(pfd[1]);
	n = read(pfd[0], line, sizeof(line) - 1);
	if (n <= 0)
		return 1;
	line[n] = 0;
	fputs(line, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct region rs[5];
	char path[] = "/tmp/shadow-check.XXXXXX", state[16];
	pid_t self = getpid(), child, churner = 0;
	int fd, id, cid, churn_id = -1, pfd[2], status, opt;
	char *anon, *target, *moved, c;

	page_size = sysconf(_SC_PAGESIZE);
	while ((opt = getopt(argc, argv, "czm")) != -1) {
		if (opt == 'z')
			return zombie();
		if (opt == 'm')
			return argc == 6 ? compare_range(argv + 2) : 2;
		if (opt != 'c') {
			fprintf(stderr, "usage: %s [-c | -z | -m PID ID START END]\n",
				argv[0]);
			return 2;
		}
		churner = 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (churner) {
		churner = start_churner();
		if (churner < 0) {
			perror("churner");
			return 1;
		}
		churner_pid = churner;
		atexit(kill_churner);
		churn_id = shadow_self(churner);
	}

	anon = map(PAGES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	rs[0] = (struct region){ "anon", anon, PAGES };
	rs[1] = (struct region){ "shared-anon",
		map(PAGES, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1),
		PAGES };
	fd = mkstemp(path);
	if (fd < 0 || ftruncate(fd, PAGES * page_size)) {
		perror(path);
		return 1;
	}
	unlink(path);
	rs[2] = (struct region){ "file-private",
		map(PAGES, PROT_READ, MAP_PRIVATE, fd), PAGES };
	rs[3] = (struct region){ "file-shared",
		map(PAGES, PROT_READ | PROT_WRITE, MAP_SHARED, fd), PAGES };
	/* Where mremap moves to: reserved, so the address is known. */
	target = map(8, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	rs[4] = (struct region){ "mremap-target", target, 8 };
	touch(rs[0].addr, PAGES, 1);
	touch(rs[1].addr, PAGES, 1);
	touch(rs[3].addr, PAGES, 1);
	touch(rs[2].addr, PAGES, 0);

	id = shadow_self(self);
	if (id < 0)
		return 1;
	check("create", self, id, rs, 5);

	munmap(anon + 8 * page_size, 8 * page_size);
	munmap(rs[3].addr + 8 * page_size, 8 * page_size);
	check("munmap", self, id, rs, 5);

	mprotect(anon + 16 * page_size, 8 * page_size, PROT_READ);
	mprotect(rs[1].addr, 8 * page_size, PROT_READ);
	check("mprotect", self, id, rs, 5);

	moved = mremap(anon + 24 * page_size, 8 * page_size, 8 * page_size,
		       MREMAP_MAYMOVE | MREMAP_FIXED, target);
	if (moved != target)
		fail("mremap: %s", strerror(errno));
	check("mremap", self, id, rs, 5);

	if (pipe(pfd))
		return 1;
	child = fork();
	if (child == 0)
		_exit(fork_child(rs, 5, pfd[1]));
	close(pfd[1]);
	if (read(pfd[0], &c, 1) != 1)
		fail("fork: the child ended early");
	check("fork-parent", self, id, rs, 5);
	touch(anon + 32 * page_size, 8, 1);	/* the parent's COW too */
	check("parent-cow", self, id, rs, 5);
	cid = shadow_id(child, NULL, 0);
	waitpid(child, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail("fork: the child failed (status %#x)", status);
	if (cid < 0 || shadow_id(child, state, sizeof(state)) != cid ||
	    strcmp(state, "exited") || space_present(cid) != 0)
		fail("exit: shadow %d of child %d: state %s, %ld present", cid,
		     (int)child, cid < 0 ? "?" : state, space_present(cid));
	else
		printf("step exit       pid %d shadow %d: exited, empty\n",
		       (int)child, cid);
	if (cid >= 0 && !ctl("sync %d", cid))
		fail("sync of an exited shadow succeeded");

	madvise(anon + 40 * page_size, 8 * page_size, MADV_DONTNEED);
	madvise(rs[1].addr + 40 * page_size, 8 * page_size, MADV_DONTNEED);
	check("dontneed", self, id, rs, 5);

	if (churner)
		check_churner(churner, churn_id);
	ctl("destroy %d", id);
	if (cid >= 0)
		ctl("destroy %d", cid);
	if (churn_id >= 0)
		ctl("destroy %d", churn_id);
	printf("%s: %d failure(s)\n", argv[0], failures);
	return failures ? 1 : 0;
}
