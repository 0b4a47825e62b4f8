/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_WORKERS_H
#define _HIGHPT_KUNIT_WORKERS_H

#include <linux/completion.h>
#include <linux/sched.h>

struct kunit;

#define WORKERS_MAX 16

/*
 * Kernel threads for concurrency tests. They are created stopped and
 * woken together (the start barrier); each records its result for the
 * test thread, which alone asserts. A worker must end on its own in
 * bounded time: every wait it makes is bounded.
 */
struct workers {
	int (*fn)(struct workers *w, int id);
	void *ctx;
	int n;
	int ret[WORKERS_MAX];
	struct task_struct *task[WORKERS_MAX];
	struct completion done[WORKERS_MAX];
};

struct workers *workers_run(struct kunit *test, int n,
			    int (*fn)(struct workers *w, int id), void *ctx,
			    bool pin);
bool workers_wait(struct workers *w, unsigned long timeout);
int workers_count(int per_cpu);

#endif /* _HIGHPT_KUNIT_WORKERS_H */
