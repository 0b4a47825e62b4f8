// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads for highpt's concurrency tests (see workers.h).
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/minmax.h>
#include <linux/sched/task.h>

#include "workers.h"

struct worker_arg {
	struct workers *w;
	int id;
};

static struct worker_arg worker_args[WORKERS_MAX];

/* Completing and exiting in core code: the module may go right after. */
static int worker_main(void *data)
{
	struct worker_arg *arg = data;
	struct workers *w = arg->w;

	w->ret[arg->id] = w->fn(w, arg->id);
	kthread_complete_and_exit(&w->done[arg->id], 0);
}

/*
 * Start @n workers running @fn; with @pin, worker i runs on the i-th
 * online CPU. Tests run one at a time, so one argument table serves.
 * The result is kunit-managed (too big for a test's stack).
 */
struct workers *workers_run(struct kunit *test, int n,
			    int (*fn)(struct workers *w, int id), void *ctx,
			    bool pin)
{
	struct workers *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	int i, cpu = -1;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_LE(test, n, WORKERS_MAX);
	w->fn = fn;
	w->ctx = ctx;
	w->n = n;
	for (i = 0; i < n; i++) {
		init_completion(&w->done[i]);
		worker_args[i] = (struct worker_arg){ .w = w, .id = i };
		w->task[i] = kthread_create(worker_main, &worker_args[i],
					    "highpt_test/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(w->task[i]));
		get_task_struct(w->task[i]);	/* for signals while it runs */
		if (pin) {
			cpu = cpumask_next(cpu, cpu_online_mask);
			KUNIT_ASSERT_LT(test, cpu, nr_cpu_ids);
			kthread_bind(w->task[i], cpu);
		}
	}
	for (i = 0; i < n; i++)
		wake_up_process(w->task[i]);
	return w;
}

/* Workers' own waits are bounded well within this. */
#define WORKERS_GRACE (120 * HZ)

/*
 * Wait up to @timeout jiffies for all workers. On a timeout, wait a
 * grace period more, so no worker outlives the test, and report it.
 */
bool workers_wait(struct workers *w, unsigned long timeout)
{
	unsigned long deadline = jiffies + timeout;
	bool in_time = true;
	int i;

	for (i = 0; i < w->n; i++) {
		long left = max_t(long, (long)(deadline - jiffies), 1);

		if (!wait_for_completion_timeout(&w->done[i], left)) {
			in_time = false;
			wait_for_completion_timeout(&w->done[i], WORKERS_GRACE);
		}
		put_task_struct(w->task[i]);
	}
	return in_time;
}

/* @per_cpu workers per online CPU, within WORKERS_MAX. */
int workers_count(int per_cpu)
{
	return min_t(int, per_cpu * num_online_cpus(), WORKERS_MAX);
}
