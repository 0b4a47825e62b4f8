// SPDX-License-Identifier: GPL-2.0
/*
 * A fanout: up to HIGHPT_FANOUT_MAX kernel threads that run one
 * function and start at one instant, for the benchmark, the stress
 * command and the KUnit concurrency tests.
 *
 * Threads are created stopped, so a failure to create one stops the
 * others before they run anything; then all are woken, and each waits
 * on the start barrier, which opens once every thread is awake.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/kthread.h>
#include <linux/minmax.h>
#include <linux/sched/task.h>

#include "internal.h"

/* Completing and exiting in core code: the module may go right after. */
static int highpt_fanout_main(void *data)
{
	struct highpt_fanout_arg *arg = data;
	struct highpt_fanout *f = arg->f;

	wait_for_completion(&f->start);
	f->ret[arg->id] = f->fn(f, arg->id);
	kthread_complete_and_exit(&f->done[arg->id], 0);
}

/**
 * highpt_fanout_start() - start @n threads running @fn together
 * @f: the fanout, filled in
 * @n: how many threads, 1 to HIGHPT_FANOUT_MAX
 * @fn: what each runs
 * @ctx: stored in @f->ctx for @fn
 * @name: the threads' name; each gets "/<id>" after it
 * @pin: run thread i on the i-th online CPU
 *
 * On success the caller must call highpt_fanout_wait().
 *
 * Context: process context; sleeps.
 * Return: 0; -EINVAL for a bad @n, or more threads to pin than online
 * CPUs; or kthread_create()'s error, with no thread left behind.
 */
int highpt_fanout_start(struct highpt_fanout *f, int n, highpt_fanout_fn fn,
			void *ctx, const char *name, bool pin)
{
	int i, cpu = -1, ret = 0;

	if (n < 1 || n > HIGHPT_FANOUT_MAX)
		return -EINVAL;
	f->fn = fn;
	f->ctx = ctx;
	f->n = 0;
	init_completion(&f->start);
	for (i = 0; i < n; i++) {
		struct task_struct *task;

		if (pin) {
			cpu = cpumask_next(cpu, cpu_online_mask);
			if (cpu >= nr_cpu_ids) {
				ret = -EINVAL;
				break;
			}
		}
		init_completion(&f->done[i]);
		f->ret[i] = 0;
		f->arg[i] = (struct highpt_fanout_arg){ .f = f, .id = i };
		task = kthread_create(highpt_fanout_main, &f->arg[i], "%s/%d",
				      name, i);
		if (IS_ERR(task)) {
			ret = PTR_ERR(task);
			break;
		}
		get_task_struct(task);	/* for signals and binding */
		if (pin)
			kthread_bind(task, cpu);
		f->task[i] = task;
		f->n++;
	}
	if (ret) {
		/* Not yet woken: stopped now, they never run @fn. */
		for (i = 0; i < f->n; i++) {
			kthread_stop(f->task[i]);
			put_task_struct(f->task[i]);
		}
		f->n = 0;
		return ret;
	}
	for (i = 0; i < n; i++)
		wake_up_process(f->task[i]);
	complete_all(&f->start);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(highpt_fanout_start, HIGHPT_INTERNAL_NS);

/* How often a thread past its deadline is reported while we wait. */
#define HIGHPT_FANOUT_REPORT	(60 * HZ)

/*
 * Wait for a thread that missed its deadline, however long it takes:
 * until it ends it may use its caller's data (@f, @f->ctx, a stack),
 * so returning earlier would let it write into freed memory. Its own
 * waits are bounded (highpt_fanout_fn), so this ends; meanwhile it is
 * reported, so a stuck run says why it hangs.
 */
static void highpt_fanout_wait_late(struct highpt_fanout *f, int i)
{
	unsigned long start = jiffies;

	while (!wait_for_completion_timeout(&f->done[i], HIGHPT_FANOUT_REPORT))
		pr_warn("thread %s still runs %u s past its deadline: waiting\n",
			f->task[i]->comm, jiffies_to_msecs(jiffies - start) / 1000);
}

/**
 * highpt_fanout_wait() - wait for every thread of a fanout to end
 * @f: a fanout that highpt_fanout_start() started
 * @timeout: how long, in jiffies, all of them may take
 *
 * Returns only once every thread has ended, even past @timeout, for a
 * thread may use its caller's data until then. The threads' own waits
 * are bounded, so this is bounded too; a thread past @timeout is
 * reported every minute while it runs.
 *
 * Context: process context; sleeps, bounded by the threads' work.
 * Return: true if every thread ended within @timeout.
 */
bool highpt_fanout_wait(struct highpt_fanout *f, unsigned long timeout)
{
	unsigned long deadline = jiffies + timeout;
	bool in_time = true;
	int i;

	for (i = 0; i < f->n; i++) {
		long left = max_t(long, (long)(deadline - jiffies), 1);

		if (!wait_for_completion_timeout(&f->done[i], left)) {
			in_time = false;
			highpt_fanout_wait_late(f, i);
		}
		put_task_struct(f->task[i]);
	}
	f->n = 0;
	return in_time;
}
EXPORT_SYMBOL_NS_GPL(highpt_fanout_wait, HIGHPT_INTERNAL_NS);
