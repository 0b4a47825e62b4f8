// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_pool_wait: pool exhaustion. A map with no slot
 * sleeps until an unmap frees one, gives up after wait_ms, or ends on
 * a fatal signal; NOWAIT maps never sleep. All counted exactly.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>

#include "pool_fixture.h"
#include "workers.h"

struct wait_ctx {
	struct highpt_pool *pool;
	struct page *page;
	int page_nr;
	bool right;
};

static int wait_map(struct highpt_fanout *w, int id)
{
	struct wait_ctx *ctx = w->ctx;
	struct highpt_mapping m;
	int ret;

	allow_signal(SIGKILL);
	ret = highpt_map(ctx->pool, ctx->page, 0, NULL, &m);
	if (ret)
		return ret;
	ctx->right = fixture_check(m.addr, ctx->page_nr);
	return highpt_unmap(&m);
}

/* Poll, bounded, until @n maps have started to sleep. */
static bool wait_for_sleepers(struct kunit *test, u64 n)
{
	unsigned long deadline = jiffies + 5 * HZ;

	while (fixture_stats(test).waits < n) {
		if (time_after(jiffies, deadline))
			return false;
		msleep(20);
	}
	return true;
}

/* Hold every slot of a @slots-slot pool; start a worker mapping one more. */
static struct highpt_pool *wait_setup(struct kunit *test, unsigned int slots,
				      unsigned int wait_ms,
				      struct highpt_mapping *held,
				      struct wait_ctx *ctx, struct highpt_fanout **w)
{
	struct highpt_pool_config cfg = fixture_config(slots, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool;
	unsigned int i;

	cfg.task_reserve = 1;
	cfg.wait_ms = wait_ms;
	pool = fixture_pool(test, &cfg);
	for (i = 0; i < slots; i++)
		KUNIT_ASSERT_EQ(test, highpt_map(pool, fixture_page(test, i), 0,
						 NULL, &held[i]), 0);
	*ctx = (struct wait_ctx){ .pool = pool, .page_nr = slots,
				  .page = fixture_page(test, slots) };
	*w = workers_run(test, 1, wait_map, ctx, false);
	return pool;
}

static void highpt_pool_wait_test_unmap_wakes(struct kunit *test)
{
	struct highpt_mapping held[2];
	struct highpt_pool_stats st;
	struct wait_ctx ctx;
	struct highpt_fanout *w;

	wait_setup(test, 2, 10000, held, &ctx, &w);
	KUNIT_EXPECT_TRUE(test, wait_for_sleepers(test, 1));
	KUNIT_EXPECT_FALSE(test, completion_done(&w->done[0]));
	KUNIT_EXPECT_EQ(test, highpt_unmap(&held[0]), 0);
	KUNIT_EXPECT_TRUE(test, workers_wait(w, 5 * HZ));
	KUNIT_EXPECT_EQ(test, w->ret[0], 0);
	KUNIT_EXPECT_TRUE(test, ctx.right);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&held[1]), 0);
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.waits, 1);
	KUNIT_EXPECT_EQ(test, st.timeouts, 0);
	KUNIT_EXPECT_GT(test, st.wait_ns_max, 0);
	KUNIT_EXPECT_EQ(test, st.wait_ns_total, st.wait_ns_max);
	KUNIT_EXPECT_EQ(test, st.maps, 3);
	KUNIT_EXPECT_EQ(test, st.unmaps, 3);
}

static void highpt_pool_wait_test_timeout(struct kunit *test)
{
	struct highpt_reservation res = {};
	struct highpt_mapping held[1];
	struct highpt_pool_stats st;
	struct wait_ctx ctx;
	struct highpt_fanout *w;
	struct highpt_pool *pool;

	pool = wait_setup(test, 1, 100, held, &ctx, &w);
	KUNIT_EXPECT_TRUE(test, workers_wait(w, 5 * HZ));
	KUNIT_EXPECT_EQ(test, w->ret[0], -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, highpt_reserve(pool, 1, &res), -ETIMEDOUT);
	KUNIT_EXPECT_NULL(test, res.pool);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&held[0]), 0);
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.waits, 1);
	KUNIT_EXPECT_EQ(test, st.reservation_waits, 1);
	KUNIT_EXPECT_EQ(test, st.reservations, 0);
	KUNIT_EXPECT_EQ(test, st.timeouts, 2);
	KUNIT_EXPECT_EQ(test, st.errors, 2);
	/* The deadline is in jiffies: up to one tick short of wait_ms. */
	KUNIT_EXPECT_GE(test, st.wait_ns_max,
			(u64)(100 - jiffies_to_msecs(1)) * NSEC_PER_MSEC);
}

static void highpt_pool_wait_test_killable(struct kunit *test)
{
	struct highpt_mapping held[1];
	struct wait_ctx ctx;
	struct highpt_fanout *w;

	wait_setup(test, 1, 60000, held, &ctx, &w);
	KUNIT_EXPECT_TRUE(test, wait_for_sleepers(test, 1));
	send_sig(SIGKILL, w->task[0], 1);
	KUNIT_EXPECT_TRUE(test, workers_wait(w, 5 * HZ));
	KUNIT_EXPECT_EQ(test, w->ret[0], -EINTR);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&held[0]), 0);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).errors, 1);
}

/*
 * A reserved map that hits a slot in use gives back the slot it set
 * aside without taking one: a map waiting for a slot must be woken
 * then, not at the end of its wait_ms.
 */
static void highpt_pool_wait_test_reserved_hit_wakes(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(2, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_RESERVE);
	struct highpt_reservation res = {};
	struct highpt_mapping held, r;
	struct highpt_pool_stats st;
	struct highpt_pool *pool;
	struct highpt_fanout *w;
	struct wait_ctx ctx;
	int ret;

	cfg.task_reserve = 1;
	cfg.wait_ms = 20000;
	pool = fixture_pool(test, &cfg);
	KUNIT_ASSERT_EQ(test, highpt_map(pool, fixture_page(test, 0), 0, NULL,
					 &held), 0);
	/* The last free slot is set aside: a map without a reservation waits. */
	KUNIT_ASSERT_EQ(test, highpt_reserve(pool, 1, &res), 0);
	ctx = (struct wait_ctx){ .pool = pool, .page_nr = 1,
				 .page = fixture_page(test, 1) };
	w = workers_run(test, 1, wait_map, &ctx, false);
	KUNIT_EXPECT_TRUE(test, wait_for_sleepers(test, 1));
	ret = highpt_map(pool, fixture_page(test, 0), 0, &res, &r);
	KUNIT_EXPECT_EQ(test, ret, 0);
	/* Far below wait_ms: only a wake-up ends the wait this soon. */
	KUNIT_EXPECT_TRUE_MSG(test, workers_wait(w, 5 * HZ),
			      "the waiter slept on after a slot came free");
	if (!ret)
		KUNIT_EXPECT_EQ(test, highpt_unmap(&r), 0);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&held), 0);
	KUNIT_EXPECT_EQ(test, highpt_unreserve(&res), 0);
	KUNIT_EXPECT_EQ(test, w->ret[0], 0);
	KUNIT_EXPECT_TRUE(test, ctx.right);
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.waits, 1);
	KUNIT_EXPECT_EQ(test, st.timeouts, 0);
	KUNIT_EXPECT_EQ(test, st.errors, 0);
}

/* N NOWAIT maps on a full pool: N fallbacks, no sleep, unmapped LIFO. */
static void highpt_pool_wait_test_nowait_exact(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(4, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct highpt_mapping held[4], nw[3];
	struct highpt_pool_stats st;
	int i;

	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, highpt_map(pool, fixture_page(test, i), 0,
						 NULL, &held[i]), 0);
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, highpt_map(pool, fixture_page(test, 4 + i),
						 HIGHPT_MAP_NOWAIT, NULL,
						 &nw[i]), 0);
		KUNIT_EXPECT_EQ(test, nw[i].kind, HIGHPT_MAPPING_LOCAL);
		KUNIT_EXPECT_TRUE(test, fixture_check(nw[i].addr, 4 + i));
	}
	for (i = 2; i >= 0; i--)
		KUNIT_EXPECT_EQ(test, highpt_unmap(&nw[i]), 0);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, highpt_unmap(&held[i]), 0);
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.nowait_fallbacks, 3);
	KUNIT_EXPECT_EQ(test, st.waits, 0);
	KUNIT_EXPECT_EQ(test, st.maps, 4);
	KUNIT_EXPECT_EQ(test, st.unmaps, 4);
	KUNIT_EXPECT_EQ(test, st.high_water, 4);
}

/*
 * The kmap_local stack is small and its overflow a BUG: NOWAIT
 * fallbacks held at once stop at HIGHPT_LOCAL_FALLBACK_MAX, and the one
 * past it fails cleanly. No assertion while they are held.
 */
static void highpt_pool_wait_test_fallback_limit(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(1, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_mapping held, nw[HIGHPT_LOCAL_FALLBACK_MAX + 1];
	const int max = HIGHPT_LOCAL_FALLBACK_MAX;
	struct highpt_pool_stats st;
	struct highpt_pool *pool;
	struct page *page;
	int i, n, ret;

	cfg.task_reserve = 1;
	pool = fixture_pool(test, &cfg);
	for (i = 0; i <= max + 1; i++)
		fixture_page(test, i);
	KUNIT_ASSERT_EQ(test, highpt_map(pool, fixture_page(test, 0), 0, NULL,
					 &held), 0);
	page = fixture_page(test, 1);
	KUNIT_ASSERT_EQ(test, highpt_map(pool, page, HIGHPT_MAP_NOWAIT, NULL,
					 &nw[0]), 0);
	if (nw[0].addr == page_address(page)) {
		KUNIT_EXPECT_EQ(test, highpt_unmap(&nw[0]), 0);
		KUNIT_EXPECT_EQ(test, highpt_unmap(&held), 0);
		kunit_skip(test, "a fallback takes no kmap_local entry here");
	}
	for (n = 1; n < max; n++) {
		ret = highpt_map(pool, fixture_page(test, 1 + n),
				 HIGHPT_MAP_NOWAIT, NULL, &nw[n]);
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "fallback %d", n);
		if (ret)
			break;
	}
	if (n == max) {
		ret = highpt_map(pool, fixture_page(test, 1 + max),
				 HIGHPT_MAP_NOWAIT, NULL, &nw[max]);
		KUNIT_EXPECT_EQ(test, ret, -EBUSY);
		KUNIT_EXPECT_EQ(test, nw[max].kind, HIGHPT_MAPPING_NONE);
		if (!ret)
			KUNIT_EXPECT_EQ(test, highpt_unmap(&nw[max]), 0);
	}
	for (i = n - 1; i >= 0; i--) {
		KUNIT_EXPECT_TRUE(test, fixture_check(nw[i].addr, 1 + i));
		KUNIT_EXPECT_EQ(test, highpt_unmap(&nw[i]), 0);
	}
	/* Unmapped, they leave room again. */
	KUNIT_EXPECT_EQ(test, highpt_map(pool, page, HIGHPT_MAP_NOWAIT, NULL,
					 &nw[0]), 0);
	KUNIT_EXPECT_EQ(test, nw[0].kind, HIGHPT_MAPPING_LOCAL);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&nw[0]), 0);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&held), 0);
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.nowait_fallbacks, max + 1);
	KUNIT_EXPECT_EQ(test, st.errors, 1);
}

static struct kunit_case highpt_pool_wait_cases[] = {
	KUNIT_CASE(highpt_pool_wait_test_unmap_wakes),
	KUNIT_CASE(highpt_pool_wait_test_timeout),
	KUNIT_CASE(highpt_pool_wait_test_killable),
	KUNIT_CASE(highpt_pool_wait_test_reserved_hit_wakes),
	KUNIT_CASE(highpt_pool_wait_test_nowait_exact),
	KUNIT_CASE(highpt_pool_wait_test_fallback_limit),
	{}
};

static struct kunit_suite highpt_pool_wait_suite = {
	.name = "highpt_pool_wait",
	.init = fixture_init,
	.exit = fixture_exit,
	.test_cases = highpt_pool_wait_cases,
};

kunit_test_suites(&highpt_pool_wait_suite);
