// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_fault: every allocating path of highpt with its
 * k-th allocation failed, for k = 1, 2, ... until the path succeeds
 * without reaching the k-th allocation. Each failure must return
 * -ENOMEM and change nothing: highpt's counters (but ctl_errors, one
 * store_alloc_failures and the per-call operation counters), the spaces
 * text and the default pool. Every step must give back what it took;
 * the zones' free pages are compared across all the sweeps of a case.
 * Slab leaks are kmemleak's to find.
 *
 * Needs CONFIG_FAULT_INJECTION with FAIL_PAGE_ALLOC and FAILSLAB, their
 * attributes set as tools/guest/kunit-run does; otherwise every case is
 * skipped with the reason. The ctl cases expect ctl spaces to reach PTE
 * pages with kmap_local (pte_access=local, the default), which leaves
 * the default pool untouched.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "../module/compat.h"
#include "counters.h"
#include "ctl_check.h"
#include "fault_nth.h"
#include "pool_fixture.h"
#include "seq_text.h"
#include "user_mm.h"
#include "zone_free.h"

#define FAULT_MAX_NTH	10000	/* no path here makes that many allocations */
/* Sweeps per path, so that a page leaked by one step stands out. */
#define FAULT_ROUNDS	4
#define FAULT_NOISE	32	/* pages other tasks may take meanwhile */
#define FAULT_TEXT_SIZE	(8 * PAGE_SIZE)
#define FAULT_POPULATE	0x400000	/* where populate starts, PTE aligned */
#define FAULT_PFN	1

/* What highpt shows; what a failed call must leave as it was. */
struct fault_snap {
	struct counters c;
	struct highpt_pool_stats pool;	/* the default pool's */
	char *spaces;
};

struct fault_path;

/* One call of a path, with what it works on. */
struct fault_step {
	struct kunit *test;
	const struct fault_path *path;
	u32 newest;	/* the newest ctl space before the step; 0 if none */
	u32 id;		/* ctl: the space setup made */
	void *made;	/* what the call made or works on */
};

/**
 * struct fault_path - an allocating path and how to undo it
 * @name: for messages
 * @ctl: a ctl command: a failure counts in ctl_errors
 * @setup_cmd: ctl: run first, uninjected; makes the space of @cmd
 * @cmd: ctl: the command; %u is the space made by @setup_cmd
 * @format: the space's format (API paths)
 * @access: how the space reaches PTE pages (API paths)
 * @setup: run before the injection; may assert
 * @run: the call under test: 0 or a negative errno
 * @check_failed: after a failed @run, instead of checking that nothing
 *	changed since @before
 * @undo: after @run succeeded
 * @teardown: after every step, after @undo
 */
struct fault_path {
	const char *name;
	bool ctl;
	const char *setup_cmd;
	const char *cmd;
	enum highpt_pt_format format;
	enum highpt_pte_access access;
	void (*setup)(struct fault_step *st);
	int (*run)(struct fault_step *st);
	void (*check_failed)(struct fault_step *st,
			     const struct fault_snap *before, unsigned int nth);
	void (*undo)(struct fault_step *st);
	void (*teardown)(struct fault_step *st);
};

enum fault_outcome {
	FAULT_FAILED,		/* the call failed */
	FAULT_ABSORBED,		/* an allocation failed, the call did not */
	FAULT_DONE,		/* the call never reached the armed failure */
};

static void fault_spaces_print(struct seq_file *m)
{
	highpt_spaces_print(m);
}

static void fault_snap_take(struct kunit *test, struct fault_snap *snap)
{
	counters_take(&snap->c);
	highpt_pool_stats(highpt_default_pool(), &snap->pool);
	snap->spaces = seq_text(test, FAULT_TEXT_SIZE, fault_spaces_print);
}

/* Free the text now: the zones' count must not see it pile up. */
static void fault_snap_drop(struct kunit *test, struct fault_snap *snap)
{
	kunit_kfree(test, snap->spaces);
	snap->spaces = NULL;
}

/* The spaces text and the default pool are as in @snap. */
static void fault_expect_shown(struct fault_step *st,
			       const struct fault_snap *snap,
			       unsigned int nth, const char *when)
{
	struct kunit *test = st->test;
	struct highpt_pool_stats now;
	char *text;

	text = seq_text(test, FAULT_TEXT_SIZE, fault_spaces_print);
	KUNIT_EXPECT_STREQ_MSG(test, text, snap->spaces, "%s, failure %u, %s",
			       st->path->name, nth, when);
	kunit_kfree(test, text);
	highpt_pool_stats(highpt_default_pool(), &now);
	KUNIT_EXPECT_EQ_MSG(test, now.in_use, snap->pool.in_use,
			    "%s, failure %u, %s: default pool in_use",
			    st->path->name, nth, when);
	KUNIT_EXPECT_TRUE_MSG(test, !memcmp(&now, &snap->pool, sizeof(now)),
			      "%s, failure %u, %s: default pool counters moved",
			      st->path->name, nth, when);
}

/*
 * After a failed call: the counters of operations may move, as they
 * count calls whether or not they succeed; one allocation failed, so
 * store_alloc_failures moves by one at most; a ctl command counts one
 * error. Nothing else moves, the gauges above all.
 */
static void fault_expect_unchanged(struct fault_step *st,
				   const struct fault_snap *before,
				   unsigned int nth)
{
	struct kunit *test = st->test;
	enum highpt_stat_id id;

	for (id = 0; id < HIGHPT_STAT_COUNT; id++) {
		s64 d = counters_delta(&before->c, id);

		switch (id) {
		case HIGHPT_STAT_LOCAL_MAPS:
		case HIGHPT_STAT_LOCAL_MAPS_HIGHMEM:
		case HIGHPT_STAT_STORE_OPS_SET:
		case HIGHPT_STAT_STORE_OPS_GET:
		case HIGHPT_STAT_STORE_OPS_CLEAR:
		case HIGHPT_STAT_STORE_OPS_POPULATE:
		case HIGHPT_STAT_STORE_OPS_COPY:
		case HIGHPT_STAT_STORE_OPS_MOVE:
		case HIGHPT_STAT_STORE_OPS_ZAP:
		case HIGHPT_STAT_STORE_OPS_WALK:
		case HIGHPT_STAT_STORE_OPS_DESTROY:
		case HIGHPT_STAT_STORE_PTE_MAPS:
			break;
		case HIGHPT_STAT_STORE_ALLOC_FAILURES:
			KUNIT_EXPECT_TRUE_MSG(test, d == 0 || d == 1,
					      "%s, failure %u: %s moved by %lld",
					      st->path->name, nth,
					      highpt_stat_name(id), d);
			break;
		default:
			KUNIT_EXPECT_EQ_MSG(test, d,
					    st->path->ctl &&
					    id == HIGHPT_STAT_CTL_ERRORS ? 1 : 0,
					    "%s, failure %u: counter %s",
					    st->path->name, nth,
					    highpt_stat_name(id));
			break;
		}
	}
	fault_expect_shown(st, before, nth, "after the failure");
}

/* After the step's teardown: every gauge is back where it started. */
static void fault_expect_back(struct fault_step *st,
			      const struct fault_snap *start, unsigned int nth)
{
	static const enum highpt_stat_id gauges[] = {
		HIGHPT_STAT_STORE_SPACES,
		HIGHPT_STAT_STORE_PTE_PAGES_HIGHMEM,
		HIGHPT_STAT_STORE_PTE_PAGES_LOWMEM,
		HIGHPT_STAT_STORE_DIR_PAGES,
		HIGHPT_STAT_STORE_ENTRIES_PRESENT,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(gauges); i++)
		KUNIT_EXPECT_EQ_MSG(st->test,
				    counters_delta(&start->c, gauges[i]), 0,
				    "%s, failure %u, after teardown: %s",
				    st->path->name, nth,
				    highpt_stat_name(gauges[i]));
	fault_expect_shown(st, start, nth, "after teardown");
}

/* One call of @path with its @nth allocation failed; 0: none failed. */
static enum fault_outcome fault_step(struct kunit *test,
				     const struct fault_path *path,
				     unsigned int nth)
{
	struct fault_step st = { .test = test, .path = path };
	enum fault_outcome out = FAULT_DONE;
	struct fault_snap *snap;
	unsigned int left;
	int ret;

	/* Off the stack: the paths below go deep on an 8 KiB i386 stack. */
	snap = kunit_kcalloc(test, 2, sizeof(*snap), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, snap);
	fault_snap_take(test, &snap[0]);
	if (path->setup)
		path->setup(&st);
	fault_snap_take(test, &snap[1]);
	fault_nth_arm(nth);
	ret = path->run(&st);
	left = fault_nth_disarm();
	if (ret) {
		out = FAULT_FAILED;
		KUNIT_EXPECT_TRUE_MSG(test, nth && !left,
				      "%s, failure %u: failed (%d) without the injected failure",
				      path->name, nth, ret);
		KUNIT_EXPECT_EQ_MSG(test, ret, -ENOMEM, "%s, failure %u",
				    path->name, nth);
		if (path->check_failed)
			path->check_failed(&st, &snap[1], nth);
		else
			fault_expect_unchanged(&st, &snap[1], nth);
	} else {
		if (nth && !left)
			out = FAULT_ABSORBED;
		if (path->undo)
			path->undo(&st);
	}
	if (path->teardown)
		path->teardown(&st);
	fault_expect_back(&st, &snap[0], nth);
	fault_snap_drop(test, &snap[0]);
	fault_snap_drop(test, &snap[1]);
	kunit_kfree(test, snap);
	return out;
}

/* Fail each allocation of @path in turn; return how many failed it. */
static unsigned int fault_sweep(struct kunit *test,
				const struct fault_path *path)
{
	unsigned int nth, failed = 0;

	for (nth = 1; nth <= FAULT_MAX_NTH; nth++) {
		switch (fault_step(test, path, nth)) {
		case FAULT_FAILED:
			failed++;
			break;
		case FAULT_ABSORBED:
			break;
		case FAULT_DONE:
			return failed;
		}
	}
	KUNIT_FAIL(test, "%s: still allocating at allocation %u", path->name,
		   FAULT_MAX_NTH);
	return failed;
}

/*
 * Sweep every path of @paths FAULT_ROUNDS times; no page of any zone
 * may go missing over all of it. A first uninjected call of each path
 * makes whatever lasts (slab and vmalloc page tables) before counting.
 */
static void fault_run(struct kunit *test, const struct fault_path *paths,
		      int n)
{
	unsigned long before, after;
	const char *missing;
	int i, round;

	missing = fault_nth_missing();
	if (missing)
		kunit_skip(test, "%s", missing);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ_MSG(test, fault_step(test, &paths[i], 0),
				    FAULT_DONE, "%s without failures",
				    paths[i].name);
	before = zones_free();
	for (round = 0; round < FAULT_ROUNDS; round++)
		for (i = 0; i < n; i++)
			KUNIT_EXPECT_GT_MSG(test, fault_sweep(test, &paths[i]),
					    0, "%s: no allocation failed it",
					    paths[i].name);
	after = zones_free();
	KUNIT_EXPECT_LE_MSG(test, before, after + FAULT_NOISE,
			    "pages lost: %ld", (long)(before - after));
}

/* ---- pool creation ------------------------------------------------------- */

static int fault_pool_create(struct fault_step *st)
{
	struct highpt_pool_config cfg = fixture_config(8, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool = highpt_pool_create(&cfg);

	if (IS_ERR(pool))
		return PTR_ERR(pool);
	st->made = pool;
	return 0;
}

static void fault_pool_destroy(struct fault_step *st)
{
	KUNIT_EXPECT_EQ(st->test, highpt_pool_destroy(st->made), 0);
}

static void highpt_fault_test_pool_create(struct kunit *test)
{
	static const struct fault_path paths[] = {
		{ .name = "highpt_pool_create", .run = fault_pool_create,
		  .undo = fault_pool_destroy },
	};

	fault_run(test, paths, ARRAY_SIZE(paths));
}

/* ---- space creation and populate ----------------------------------------- */

static struct highpt_space_config fault_space_config(struct fault_step *st)
{
	struct pool_fixture *f = st->test->priv;

	return (struct highpt_space_config) {
		.format = st->path->format,
		.pte_highmem = true,
		.access = st->path->access,
		.pool = f->pool,
	};
}

static int fault_space_create(struct fault_step *st)
{
	struct highpt_space_config cfg = fault_space_config(st);
	struct highpt_space *s = highpt_space_create(&cfg);

	if (IS_ERR(s))
		return PTR_ERR(s);
	st->made = s;
	return 0;
}

static void fault_space_destroy(struct fault_step *st)
{
	highpt_space_destroy(st->made);
}

static void highpt_fault_test_space_create(struct kunit *test)
{
	static const struct fault_path paths[] = {
		{ .name = "highpt_space_create pae", .format = HIGHPT_PT_PAE,
		  .run = fault_space_create, .undo = fault_space_destroy },
		{ .name = "highpt_space_create legacy",
		  .format = HIGHPT_PT_LEGACY, .run = fault_space_create,
		  .undo = fault_space_destroy },
	};

	fault_run(test, paths, ARRAY_SIZE(paths));
}

static void fault_populate_setup(struct fault_step *st)
{
	KUNIT_ASSERT_EQ(st->test, fault_space_create(st), 0);
}

static int fault_populate(struct fault_step *st)
{
	return highpt_populate(st->made, FAULT_POPULATE, SZ_8M, FAULT_PFN,
			       HIGHPT_PTE_PRESENT | HIGHPT_PTE_WRITE);
}

struct fault_walk {
	unsigned long present;
	unsigned long wrong;	/* entries that populate did not write so */
};

static int fault_walk_entry(u32 va, unsigned long pfn, unsigned int flags,
			    void *arg)
{
	struct fault_walk *w = arg;
	unsigned long page = (va - FAULT_POPULATE) >> PAGE_SHIFT;

	w->present++;
	if (va < FAULT_POPULATE || pfn != FAULT_PFN + page ||
	    flags != (HIGHPT_PTE_PRESENT | HIGHPT_PTE_WRITE))
		w->wrong++;
	return 0;
}

/*
 * A failed populate keeps the entries it set (highpt_populate() says
 * so): the space must count exactly what a walk finds, a prefix of the
 * range as populate writes them, and its pool must have no slot in use.
 */
static void fault_populate_check(struct fault_step *st,
				 const struct fault_snap *before,
				 unsigned int nth)
{
	struct fault_walk w = {};
	struct highpt_space_info info;

	KUNIT_EXPECT_EQ(st->test, highpt_walk(st->made, 0, HIGHPT_SPACE_SIZE,
					      fault_walk_entry, &w), 0);
	highpt_space_info(st->made, &info);
	KUNIT_EXPECT_EQ_MSG(st->test, info.present, w.present,
			    "%s, failure %u", st->path->name, nth);
	KUNIT_EXPECT_EQ_MSG(st->test, w.wrong, 0, "%s, failure %u",
			    st->path->name, nth);
	KUNIT_EXPECT_LT_MSG(st->test, w.present, SZ_8M >> PAGE_SHIFT,
			    "%s, failure %u", st->path->name, nth);
	/* Only PTE and directory pages are allocated, and one failed. */
	KUNIT_EXPECT_EQ_MSG(st->test,
			    counters_delta(&before->c,
					   HIGHPT_STAT_STORE_ALLOC_FAILURES), 1,
			    "%s, failure %u", st->path->name, nth);
	KUNIT_EXPECT_EQ_MSG(st->test, fixture_stats(st->test).in_use, 0,
			    "%s, failure %u", st->path->name, nth);
}

static void highpt_fault_test_populate(struct kunit *test)
{
	static const struct fault_path paths[] = {
		{ .name = "highpt_populate pae local", .format = HIGHPT_PT_PAE,
		  .access = HIGHPT_ACCESS_LOCAL },
		{ .name = "highpt_populate pae pool", .format = HIGHPT_PT_PAE,
		  .access = HIGHPT_ACCESS_POOL },
		{ .name = "highpt_populate legacy local",
		  .format = HIGHPT_PT_LEGACY, .access = HIGHPT_ACCESS_LOCAL },
		{ .name = "highpt_populate legacy nowait",
		  .format = HIGHPT_PT_LEGACY, .access = HIGHPT_ACCESS_NOWAIT },
	};
	struct highpt_pool_config cfg = fixture_config(8, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct fault_path p[ARRAY_SIZE(paths)];
	int i;

	fixture_pool(test, &cfg);
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		p[i] = paths[i];
		p[i].setup = fault_populate_setup;
		p[i].run = fault_populate;
		p[i].check_failed = fault_populate_check;
		p[i].teardown = fault_space_destroy;
	}
	fault_run(test, p, ARRAY_SIZE(p));
}

/* ---- ctl commands -------------------------------------------------------- */

/* The id of the newest ctl space (they are listed oldest first); 0: none. */
static u32 fault_newest_space(struct kunit *test)
{
	char *text = seq_text(test, FAULT_TEXT_SIZE, fault_spaces_print);
	char *line, *rest = text;
	u32 id = 0;

	while ((line = strsep(&rest, "\n")))
		if (*line && *line != '#')
			KUNIT_ASSERT_EQ(test, sscanf(line, "%u", &id), 1);
	kunit_kfree(test, text);
	return id;
}

static void fault_ctl_setup(struct fault_step *st)
{
	st->newest = fault_newest_space(st->test);
	if (!st->path->setup_cmd)
		return;
	KUNIT_ASSERT_EQ_MSG(st->test, ctl_exec(st->path->setup_cmd), 0,
			    "%s", st->path->setup_cmd);
	st->id = fault_newest_space(st->test);
}

static int fault_ctl_run(struct fault_step *st)
{
	return ctl_execf(st->path->cmd, st->id);
}

/* Destroy every space the step made, newest first. */
static void fault_ctl_teardown(struct fault_step *st)
{
	u32 id;

	while ((id = fault_newest_space(st->test)) > st->newest)
		KUNIT_ASSERT_EQ(st->test, ctl_execf("destroy %u", id), 0);
}

static void fault_ctl_run_paths(struct kunit *test, const struct fault_path *paths,
				int n)
{
	struct fault_path p[4];
	int i;

	KUNIT_ASSERT_LE(test, n, ARRAY_SIZE(p));
	for (i = 0; i < n; i++) {
		p[i] = paths[i];
		p[i].ctl = true;
		p[i].setup = fault_ctl_setup;
		p[i].run = fault_ctl_run;
		p[i].teardown = fault_ctl_teardown;
	}
	fault_run(test, p, n);
}

static void highpt_fault_test_ctl_map(struct kunit *test)
{
	static const struct fault_path paths[] = {
		{ .name = "map 2 8M", .cmd = "map 2 8M" },
		{ .name = "map 1 8M legacy", .cmd = "map 1 8M legacy" },
	};

	fault_ctl_run_paths(test, paths, ARRAY_SIZE(paths));
}

static void highpt_fault_test_ctl_fork(struct kunit *test)
{
	static const struct fault_path paths[] = {
		{ .name = "fork of map 1 8M", .setup_cmd = "map 1 8M",
		  .cmd = "fork %u" },
		{ .name = "fork of map 1 8M legacy",
		  .setup_cmd = "map 1 8M legacy", .cmd = "fork %u" },
	};

	fault_ctl_run_paths(test, paths, ARRAY_SIZE(paths));
}

/*
 * The destination is unpopulated: its PTE pages are allocated first,
 * and for PAE in another GiB, so its PMD page too.
 */
static void highpt_fault_test_ctl_mremap(struct kunit *test)
{
	static const struct fault_path paths[] = {
		{ .name = "mremap pae, another GiB", .setup_cmd = "map 1 8M",
		  .cmd = "mremap %u 0 0x40000000 4M" },
		{ .name = "mremap legacy", .setup_cmd = "map 1 8M legacy",
		  .cmd = "mremap %u 0 0x40000000 4M" },
	};

	fault_ctl_run_paths(test, paths, ARRAY_SIZE(paths));
}

/* ---- shadows ------------------------------------------------------------- */

#define FAULT_USER_PAGES	600	/* two PAE PTE pages */

static int fault_shadow_create(struct fault_step *st)
{
	struct highpt_space_config cfg = fault_space_config(st);
	struct highpt_shadow *sh;

	sh = highpt_shadow_create(current->mm, &cfg, 0, HIGHPT_SPACE_SIZE);
	if (IS_ERR(sh))
		return PTR_ERR(sh);
	st->made = sh;
	return 0;
}

static void fault_shadow_destroy(struct fault_step *st)
{
	highpt_shadow_destroy(st->made);
}

/*
 * A shadow of the test thread's own pages, mapped once: the notifier's
 * registration, the snapshot's buffers, the space's pages.
 */
static void highpt_fault_test_shadow_create(struct kunit *test)
{
	static const struct fault_path paths[] = {
		{ .name = "highpt_shadow_create pae", .format = HIGHPT_PT_PAE,
		  .run = fault_shadow_create,
		  .undo = fault_shadow_destroy },
		{ .name = "highpt_shadow_create legacy",
		  .format = HIGHPT_PT_LEGACY, .run = fault_shadow_create,
		  .undo = fault_shadow_destroy },
	};

	user_mm_pages(test, FAULT_USER_PAGES);
	fault_run(test, paths, ARRAY_SIZE(paths));
}

static struct kunit_case highpt_fault_cases[] = {
	HIGHPT_KUNIT_CASE_SLOW(highpt_fault_test_pool_create),
	HIGHPT_KUNIT_CASE_SLOW(highpt_fault_test_space_create),
	HIGHPT_KUNIT_CASE_SLOW(highpt_fault_test_populate),
	HIGHPT_KUNIT_CASE_SLOW(highpt_fault_test_ctl_map),
	HIGHPT_KUNIT_CASE_SLOW(highpt_fault_test_ctl_fork),
	HIGHPT_KUNIT_CASE_SLOW(highpt_fault_test_ctl_mremap),
	HIGHPT_KUNIT_CASE_SLOW(highpt_fault_test_shadow_create),
	{}
};

static struct kunit_suite highpt_fault_suite = {
	.name = "highpt_fault",
	.init = fixture_init,
	.exit = fixture_exit,
	.test_cases = highpt_fault_cases,
};

kunit_test_suites(&highpt_fault_suite);
