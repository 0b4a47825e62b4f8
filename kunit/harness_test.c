// SPDX-License-Identifier: GPL-2.0
/*
 * The test harness itself: a case that fails an assertion must still
 * leave nothing behind. Each case runs a nested test context, as
 * lib/kunit/kunit-test.c does, in a thread of its own that the nested
 * assertion ends; then it runs the nested cleanup as KUnit would and
 * checks from the outer test what is left.
 */
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched/task.h>

#define HIGHPT_COMPAT_KUNIT
#include "../module/compat.h"
#include "pool_fixture.h"
#include "workers.h"

/* A nested test case: a suite's init and exit around one body. */
struct nested {
	struct kunit test;
	int (*init)(struct kunit *test);
	void (*body)(struct kunit *test, void *ctx);
	void (*exit)(struct kunit *test);
	void *ctx;
	struct completion exited;
};

static int nested_main(void *data)
{
	struct nested *n = data;

	if (n->init && n->init(&n->test))
		kunit_set_failure(&n->test);
	else
		n->body(&n->test, n->ctx);
	return 0;
}

/*
 * Run @body between @init and @exit in a nested context, then its
 * cleanup, as KUnit runs a case. The bodies here make bounded waits
 * only, so the wait for their thread is bounded too.
 * Return: the nested test's status.
 */
static enum kunit_status nested_run(struct kunit *test,
				    int (*init)(struct kunit *test),
				    void (*body)(struct kunit *test, void *ctx),
				    void (*exit)(struct kunit *test), void *ctx)
{
	struct nested *n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);
	struct task_struct *task;
	struct completion *ended;

	KUNIT_ASSERT_NOT_NULL(test, n);
	kunit_init_test(&n->test, "nested", NULL);
	n->init = init;
	n->body = body;
	n->exit = exit;
	n->ctx = ctx;
	init_completion(&n->exited);
	highpt_kunit_nested_prepare(&n->test, &n->exited);
	task = kthread_create(nested_main, n, "highpt_nested");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/*
	 * However the thread ends, returning or ended by an assertion, it
	 * completes vfork_done (as KUnit waits for its own test threads).
	 */
	get_task_struct(task);
	ended = task->vfork_done;
	wake_up_process(task);
	wait_for_completion(ended);
	put_task_struct(task);
	if (n->exit)
		n->exit(&n->test);
	kunit_cleanup(&n->test);
	return n->test.status;
}

static void nested_nothing(struct kunit *test, void *ctx)
{
}

/* Run @body as a case of a fixture suite: its assertion must end it. */
static void fixture_case_fails(struct kunit *test,
			       void (*body)(struct kunit *test, void *ctx),
			       void *ctx)
{
	KUNIT_EXPECT_EQ(test, nested_run(test, fixture_init, body,
					 fixture_exit, ctx), KUNIT_FAILURE);
}

/* A mapping of a fixture page, taken behind the fixture's back. */
struct held_ctx {
	struct highpt_pool *pool;
	struct page *page;
	struct highpt_mapping m;
	bool mapped;
};

static void held_body(struct kunit *test, void *data)
{
	struct held_ctx *ctx = data;
	struct highpt_pool_config cfg = fixture_config(4, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);

	ctx->pool = fixture_pool(test, &cfg);
	ctx->page = fixture_page(test, 0);
	KUNIT_ASSERT_EQ(test, highpt_map(ctx->pool, ctx->page, 0, NULL,
					 &ctx->m), 0);
	get_page(ctx->page);	/* the outer test's: it outlives the fixture */
	ctx->mapped = true;
	KUNIT_FAIL_AND_ABORT(test, "deliberate, with a mapping held");
}

/*
 * A case fails with a mapping the fixture cannot release: its cleanup
 * must not free a page still installed in the pool's PTEs, and once
 * the mapping is gone the pool and its pages go too.
 */
static void highpt_harness_test_fixture_busy(struct kunit *test)
{
	struct held_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	bool kept;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	fixture_case_fails(test, held_body, ctx);
	KUNIT_ASSERT_TRUE(test, ctx->mapped);
	kept = page_count(ctx->page) > 1;
	KUNIT_EXPECT_TRUE_MSG(test, kept,
			      "the fixture freed a page still mapped by its pool");
	KUNIT_EXPECT_EQ(test, highpt_unmap(&ctx->m), 0);
	if (kept)
		/* Any fixture's cleanup retires the pool, now idle. */
		nested_run(test, fixture_init, nested_nothing, fixture_exit,
			   NULL);
	else
		/* The fixture lost its pool: destroy it for it. */
		KUNIT_EXPECT_EQ(test, highpt_pool_destroy(ctx->pool), 0);
	KUNIT_EXPECT_EQ_MSG(test, page_count(ctx->page), 1,
			    "the fixture kept its page");
	put_page(ctx->page);
}

/* Pages held by the fixture's own mappings and reservation. */
struct tracked_ctx {
	struct page *page[2];
	bool mapped;
};

static void tracked_body(struct kunit *test, void *data)
{
	struct tracked_ctx *ctx = data;
	struct highpt_pool_config cfg = fixture_config(4, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_RESERVE);
	struct highpt_reservation *res;
	int i;

	fixture_pool(test, &cfg);
	res = fixture_reserve(test, 2);
	fixture_map(test, 0, 0, NULL);
	fixture_map(test, 1, 0, res);
	for (i = 0; i < 2; i++) {
		ctx->page[i] = fixture_page(test, i);
		get_page(ctx->page[i]);
	}
	ctx->mapped = true;
	KUNIT_FAIL_AND_ABORT(test, "deliberate, with fixture mappings held");
}

/*
 * A case fails holding the fixture's mappings and reservation: its
 * cleanup releases them, destroys the pool, then frees the pages.
 */
static void highpt_harness_test_fixture_tracked(struct kunit *test)
{
	struct tracked_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	fixture_case_fails(test, tracked_body, ctx);
	KUNIT_ASSERT_TRUE(test, ctx->mapped);
	KUNIT_EXPECT_EQ(test, fixture_reap(), 0);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ_MSG(test, page_count(ctx->page[i]), 1,
				    "fixture page %d not freed", i);
		put_page(ctx->page[i]);
	}
}

#define ABORT_WORKERS	2
#define ABORT_WAIT	(5 * HZ)

/* Workers that still run when their test fails an assertion. */
struct abort_ctx {
	struct completion go;
	atomic_t running;
	bool abandon;
	struct completion gone[ABORT_WORKERS];
};

static int abort_worker(struct highpt_fanout *w, int id)
{
	struct abort_ctx *ctx = w->ctx;

	atomic_inc(&ctx->running);
	wait_for_completion_timeout(&ctx->go, ABORT_WAIT);
	/* Told its fanout is gone: exit without returning into it. */
	if (READ_ONCE(ctx->abandon))
		kthread_complete_and_exit(&ctx->gone[id], 0);
	atomic_dec(&ctx->running);
	return 0;
}

static void abort_body(struct kunit *test, void *data)
{
	struct abort_ctx *ctx = data;
	unsigned long deadline = jiffies + ABORT_WAIT;

	workers_run(test, ABORT_WORKERS, abort_worker, ctx, false);
	while (atomic_read(&ctx->running) < ABORT_WORKERS &&
	       time_before(jiffies, deadline))
		msleep(20);
	KUNIT_FAIL_AND_ABORT(test, "deliberate, with workers running");
}

/* A case fails with workers running: its cleanup waits for them. */
static void highpt_harness_test_workers_abort(struct kunit *test)
{
	struct abort_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	int i, left;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	init_completion(&ctx->go);
	for (i = 0; i < ABORT_WORKERS; i++)
		init_completion(&ctx->gone[i]);
	KUNIT_EXPECT_EQ(test, nested_run(test, NULL, abort_body, NULL, ctx),
			KUNIT_FAILURE);
	left = atomic_read(&ctx->running);
	KUNIT_EXPECT_EQ_MSG(test, left, 0,
			    "highpt_test workers outlived their test's cleanup");
	if (!left)
		return;
	/* Their fanout was freed: let them exit without touching it. */
	WRITE_ONCE(ctx->abandon, true);
	complete_all(&ctx->go);
	for (i = 0; i < ABORT_WORKERS; i++)
		wait_for_completion_timeout(&ctx->gone[i], 10 * HZ);
}

/*
 * Well past the wait's 1 s timeout: a wait that returns at its timeout,
 * or after any grace shorter than this, is caught. (Run at 130 s once,
 * it caught the old wait's 120 s grace; 5 s keeps make check short.)
 */
#define LATE_SECONDS	5

struct late_ctx {
	bool finished;
};

static int late_worker(struct highpt_fanout *w, int id)
{
	struct late_ctx *ctx = w->ctx;
	unsigned long end = jiffies + LATE_SECONDS * HZ;

	/* Interruptible: a long sleep, not a hung task. */
	while (time_before(jiffies, end))
		msleep_interruptible(jiffies_to_msecs(end - jiffies));
	WRITE_ONCE(ctx->finished, true);
	return 0;
}

/* A late worker: the wait reports it late, but only once it is done. */
static void highpt_harness_test_wait_late(struct kunit *test)
{
	struct late_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct highpt_fanout *w;
	bool finished;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	w = workers_run(test, 1, late_worker, ctx, false);
	KUNIT_EXPECT_FALSE(test, workers_wait(w, HZ));
	finished = READ_ONCE(ctx->finished);
	KUNIT_EXPECT_TRUE_MSG(test, finished,
			      "workers_wait returned while its worker ran");
	if (!finished)
		/* Keep @ctx and @w alive until the worker is done. */
		wait_for_completion_timeout(&w->done[0], 60 * HZ);
}

static struct kunit_case highpt_harness_test_cases[] = {
	KUNIT_CASE(highpt_harness_test_fixture_busy),
	KUNIT_CASE(highpt_harness_test_fixture_tracked),
	HIGHPT_KUNIT_CASE_SLOW(highpt_harness_test_workers_abort),
	HIGHPT_KUNIT_CASE_SLOW(highpt_harness_test_wait_late),
	{}
};

static struct kunit_suite highpt_harness_test_suite = {
	.name = "highpt_harness",
	.test_cases = highpt_harness_test_cases,
};

kunit_test_suites(&highpt_harness_test_suite);
