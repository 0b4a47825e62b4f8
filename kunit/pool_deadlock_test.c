// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_pool_deadlock: the 2002 thread's argument, run.
 *
 * Tasks that each hold one mapping while they wait for a second, from
 * a pool too small for all of them, deadlock (Andrea's fork(2) diagram).
 * The test sees every task asleep and every slot held, then the pool's
 * bounded waits break the deadlock. With ordered series, or with the
 * per-task reservation, the same load completes many rounds.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/sched.h>

#include "../module/compat.h"
#include "pool_fixture.h"
#include "workers.h"

#define DL_THREADS 4

struct dl_ctx {
	struct highpt_pool *pool;
	enum highpt_deadlock_mode mode;
	int rounds;
	bool barrier;		/* everyone holds a first mapping first */
	atomic_t holding;
	struct page *first[DL_THREADS], *second[DL_THREADS];
	int second_page[DL_THREADS];
	bool right[DL_THREADS];
};

/* Bounded: gives up after 2 s, so the run never hangs here. */
static void dl_barrier(struct dl_ctx *ctx)
{
	unsigned long deadline = jiffies + 2 * HZ;

	atomic_inc(&ctx->holding);
	while (atomic_read(&ctx->holding) < DL_THREADS &&
	       time_before(jiffies, deadline))
		usleep_range(500, 1000);
}

static int dl_round(struct dl_ctx *ctx, int id)
{
	bool series = ctx->mode == HIGHPT_DEADLOCK_SERIES;
	unsigned int f1 = series ? HIGHPT_MAP_CLASS(HIGHPT_CLASS_PAGETABLE) : 0;
	unsigned int f2 = series ? HIGHPT_MAP_CLASS(HIGHPT_CLASS_PAGETABLE2) : 0;
	struct highpt_reservation res = {}, *r = NULL;
	struct highpt_mapping a, b;
	int ret;

	if (ctx->mode == HIGHPT_DEADLOCK_RESERVE) {
		ret = highpt_reserve(ctx->pool, 2, &res);
		if (ret)
			return ret;
		r = &res;
	}
	ret = highpt_map(ctx->pool, ctx->first[id], f1, r, &a);
	if (!ret) {
		if (ctx->barrier)
			dl_barrier(ctx);
		ret = highpt_map(ctx->pool, ctx->second[id], f2, r, &b);
		if (!ret) {
			ctx->right[id] = fixture_check(b.addr,
						       ctx->second_page[id]);
			highpt_unmap(&b);
		}
		highpt_unmap(&a);
	}
	if (r)
		highpt_unreserve(r);
	return ret;
}

static int dl_worker(struct highpt_fanout *w, int id)
{
	struct dl_ctx *ctx = w->ctx;
	int round, ret = 0;

	for (round = 0; round < ctx->rounds && !ret; round++) {
		ret = dl_round(ctx, id);
		cond_resched();
	}
	return ret;
}

static struct highpt_pool *dl_setup(struct kunit *test, struct dl_ctx *ctx,
				    enum highpt_deadlock_mode mode,
				    unsigned int slots, unsigned int wait_ms)
{
	struct highpt_pool_config cfg = fixture_config(slots, HIGHPT_FLUSH_LAZY,
						       mode);
	int i;

	cfg.task_reserve = 2;
	cfg.wait_ms = wait_ms;
	ctx->mode = mode;
	ctx->pool = fixture_pool(test, &cfg);
	for (i = 0; i < DL_THREADS; i++) {
		ctx->first[i] = fixture_page(test, i);
		ctx->second_page[i] = DL_THREADS + i;
		ctx->second[i] = fixture_page(test, DL_THREADS + i);
	}
	return ctx->pool;
}

/* All tasks asleep and every slot held: nobody can ever go on. */
static bool dl_detect(struct kunit *test, unsigned int slots)
{
	unsigned long deadline = jiffies + 6 * HZ;
	struct highpt_pool_stats st;

	do {
		st = fixture_stats(test);
		if (st.waits == DL_THREADS && st.in_use == slots &&
		    !st.timeouts)
			return true;
		msleep(20);
	} while (time_before(jiffies, deadline));
	return false;
}

static void highpt_pool_deadlock_test_none_deadlocks(struct kunit *test)
{
	struct dl_ctx ctx = { .rounds = 1, .barrier = true };
	struct highpt_fanout *w;
	int i, timed_out = 0;
	bool deadlocked;

	/* Long enough for the slowest vCPU to join the others asleep. */
	dl_setup(test, &ctx, HIGHPT_DEADLOCK_NONE, DL_THREADS, 2000);
	w = workers_run(test, DL_THREADS, dl_worker, &ctx, false);
	deadlocked = dl_detect(test, DL_THREADS);
	KUNIT_EXPECT_TRUE(test, workers_wait(w, 15 * HZ));
	KUNIT_EXPECT_TRUE_MSG(test, deadlocked,
			      "no deadlock seen: every task holding one slot and waiting");
	/*
	 * The first task to time out lets its slot go, which may let the
	 * others finish: at least one, and only ever a timeout.
	 */
	for (i = 0; i < DL_THREADS; i++) {
		KUNIT_EXPECT_TRUE(test, !w->ret[i] || w->ret[i] == -ETIMEDOUT);
		timed_out += w->ret[i] == -ETIMEDOUT;
	}
	KUNIT_EXPECT_GE(test, timed_out, 1);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).timeouts, timed_out);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).in_use, 0);
}

/* The same load, avoided: many rounds, no timeout, every read right. */
static void dl_completes(struct kunit *test, enum highpt_deadlock_mode mode,
			 unsigned int slots)
{
	struct dl_ctx ctx = { .rounds = 200 };
	struct highpt_pool_stats st;
	struct highpt_fanout *w;
	int i;

	dl_setup(test, &ctx, mode, slots, 10000);
	w = workers_run(test, DL_THREADS, dl_worker, &ctx, false);
	KUNIT_EXPECT_TRUE(test, workers_wait(w, 60 * HZ));
	for (i = 0; i < DL_THREADS; i++) {
		KUNIT_EXPECT_EQ(test, w->ret[i], 0);
		KUNIT_EXPECT_TRUE(test, ctx.right[i]);
	}
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.timeouts, 0);
	KUNIT_EXPECT_EQ(test, st.errors, 0);
	KUNIT_EXPECT_EQ(test, st.maps, 2 * DL_THREADS * ctx.rounds);
	KUNIT_EXPECT_EQ(test, st.in_use, 0);
	if (mode == HIGHPT_DEADLOCK_RESERVE)
		KUNIT_EXPECT_EQ(test, st.reservations, DL_THREADS * ctx.rounds);
}

/* Three slots for four tasks needing two each: tighter than the none case. */
static void highpt_pool_deadlock_test_reserve_completes(struct kunit *test)
{
	dl_completes(test, HIGHPT_DEADLOCK_RESERVE, 3);
}

/* Two slots per class, taken in class order. */
static void highpt_pool_deadlock_test_series_completes(struct kunit *test)
{
	dl_completes(test, HIGHPT_DEADLOCK_SERIES, 6);
}

static struct kunit_case highpt_pool_deadlock_cases[] = {
	HIGHPT_KUNIT_CASE_SLOW(highpt_pool_deadlock_test_none_deadlocks),
	HIGHPT_KUNIT_CASE_SLOW(highpt_pool_deadlock_test_reserve_completes),
	HIGHPT_KUNIT_CASE_SLOW(highpt_pool_deadlock_test_series_completes),
	{}
};

static struct kunit_suite highpt_pool_deadlock_suite = {
	.name = "highpt_pool_deadlock",
	.init = fixture_init,
	.exit = fixture_exit,
	.test_cases = highpt_pool_deadlock_cases,
};

kunit_test_suites(&highpt_pool_deadlock_suite);
