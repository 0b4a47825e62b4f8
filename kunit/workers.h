/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_WORKERS_H
#define _HIGHPT_KUNIT_WORKERS_H

#include "../module/internal.h"

struct kunit;

/*
 * Kernel threads for concurrency tests: highpt's fanout (created
 * stopped, started together), with the test's assertions. Each worker
 * records its result for the test thread, which alone asserts. A worker
 * must end on its own in bounded time: every wait it makes is bounded.
 */
struct highpt_fanout *workers_run(struct kunit *test, int n,
				  highpt_fanout_fn fn, void *ctx, bool pin);
bool workers_wait(struct highpt_fanout *w, unsigned long timeout);
int workers_count(int per_cpu);

#endif /* _HIGHPT_KUNIT_WORKERS_H */
