// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads for highpt's concurrency tests (see workers.h).
 */
#include <linux/cpumask.h>
#include <linux/minmax.h>
#include <linux/slab.h>

#define HIGHPT_COMPAT_KUNIT
#include "workers.h"

/* Past the tests' own deadlines: a cleanup only waits for stragglers. */
#define WORKERS_CLEANUP_WAIT	(60 * HZ)

/* A fanout and the test it belongs to (too big for a test's stack). */
struct workers {
	struct highpt_fanout f;
	struct kunit *test;
};

/*
 * The cleanup workers_run() registers: when the case ended without
 * workers_wait() (an assertion failed), wait for the workers here,
 * before the fanout and anything they use is freed.
 */
static void workers_release(void *data)
{
	struct workers *wk = data;

	if (wk->f.n && !highpt_fanout_wait(&wk->f, WORKERS_CLEANUP_WAIT))
		KUNIT_FAIL(wk->test, "workers still ran at cleanup, past %d s",
			   WORKERS_CLEANUP_WAIT / HZ);
	kfree(wk);
}

/**
 * workers_run() - start @n workers running @fn
 * @test: the test case
 * @n: how many
 * @fn: what each runs
 * @ctx: for @fn, in @f->ctx; not on the test's stack (see workers.h)
 * @pin: run worker i on the i-th online CPU
 *
 * Asserts that all start. However the case ends, its cleanup waits
 * for them if workers_wait() did not.
 *
 * Return: the fanout, for workers_wait() and the workers' results.
 */
struct highpt_fanout *workers_run(struct kunit *test, int n,
				  highpt_fanout_fn fn, void *ctx, bool pin)
{
	struct workers *wk = kzalloc(sizeof(*wk), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, wk);
	wk->test = test;
	/* Before the start: no window where workers run unwatched. */
	KUNIT_ASSERT_EQ(test, highpt_kunit_add_cleanup(test, workers_release,
						       wk), 0);
	KUNIT_ASSERT_EQ(test, highpt_fanout_start(&wk->f, n, fn, ctx,
						  "highpt_test", pin), 0);
	return &wk->f;
}

/**
 * workers_wait() - wait for the workers of workers_run()
 * @w: the fanout
 * @timeout: how long, in jiffies, they may take
 *
 * Returns only once every worker has ended, late or not: see
 * highpt_fanout_wait().
 *
 * Return: true if every worker ended within @timeout.
 */
bool workers_wait(struct highpt_fanout *w, unsigned long timeout)
{
	return highpt_fanout_wait(w, timeout);
}

/* @per_cpu workers per online CPU, within HIGHPT_FANOUT_MAX. */
int workers_count(int per_cpu)
{
	return min_t(int, per_cpu * num_online_cpus(), HIGHPT_FANOUT_MAX);
}
