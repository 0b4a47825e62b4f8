// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads for highpt's concurrency tests (see workers.h).
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/minmax.h>

#include "workers.h"

/*
 * Start @n workers running @fn; with @pin, worker i runs on the i-th
 * online CPU. The fanout is kunit-managed (too big for a test's stack).
 */
struct highpt_fanout *workers_run(struct kunit *test, int n,
				  highpt_fanout_fn fn, void *ctx, bool pin)
{
	struct highpt_fanout *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_EQ(test, highpt_fanout_start(w, n, fn, ctx, "highpt_test",
						  pin), 0);
	return w;
}

/* Wait up to @timeout jiffies for all workers; false if any was late. */
bool workers_wait(struct highpt_fanout *w, unsigned long timeout)
{
	return highpt_fanout_wait(w, timeout);
}

/* @per_cpu workers per online CPU, within HIGHPT_FANOUT_MAX. */
int workers_count(int per_cpu)
{
	return min_t(int, per_cpu * num_online_cpus(), HIGHPT_FANOUT_MAX);
}
