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
 *
 * A case's cleanup waits for workers that workers_wait() did not, so
 * they never outlive what the cleanup frees. The test thread's stack
 * is another matter: an assertion ends that thread at once, so a @ctx
 * the workers use must not be on it (allocate it with kunit_kzalloc()).
 */
struct highpt_fanout *workers_run(struct kunit *test, int n,
				  highpt_fanout_fn fn, void *ctx, bool pin);
bool workers_wait(struct highpt_fanout *w, unsigned long timeout);
int workers_count(int per_cpu);

#endif /* _HIGHPT_KUNIT_WORKERS_H */
