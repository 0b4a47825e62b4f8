// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_pool_stress: two threads per online CPU doing
 * random mixes of waiting, NOWAIT and reserved maps on one small pool;
 * reserved maps run with preemption disabled, as they may.
 * Every write through one mapping must read back through another of
 * the same page; afterwards nothing is held and the counters add up.
 */
#include <kunit/test.h>
#include <linux/highmem.h>
#include <linux/preempt.h>
#include <linux/prandom.h>

#include "../module/compat.h"
#include "pool_fixture.h"
#include "workers.h"

#define STRESS_PAGES	24
#define STRESS_OPS	6000	/* in all, shared among the threads */
#define STRESS_WORDS	16	/* each thread's own words of every page */

struct stress_ctx {
	struct highpt_pool *pool;
	struct page *pages[STRESS_PAGES];
	u64 pool_maps[HIGHPT_FANOUT_MAX];
	u64 fallbacks[HIGHPT_FANOUT_MAX];
	u64 reservations[HIGHPT_FANOUT_MAX];
	int bad_page[HIGHPT_FANOUT_MAX];	/* page of a wrong read-back, or -1 */
};

struct stress_thread {
	struct stress_ctx *ctx;
	int id;
	struct rnd_state rnd;
};

static u32 *stress_words(void *addr, int id)
{
	return (u32 *)addr + id * STRESS_WORDS;
}

/* Write through @m, read back through a kmap_local of the same page. */
static bool stress_check(struct stress_thread *t, struct highpt_mapping *m)
{
	u32 token = prandom_u32_state(&t->rnd), *local;
	bool right;
	int i;

	for (i = 0; i < STRESS_WORDS; i++)
		stress_words(m->addr, t->id)[i] = token + i;
	local = kmap_local_page(m->page);
	for (right = true, i = 0; i < STRESS_WORDS; i++)
		right &= stress_words(local, t->id)[i] == token + i;
	kunmap_local(local);
	return right;
}

static int stress_map(struct stress_thread *t, unsigned int flags,
		      struct highpt_reservation *res, struct highpt_mapping *m)
{
	struct stress_ctx *ctx = t->ctx;
	int p = prandom_u32_state(&t->rnd) % STRESS_PAGES;
	int ret;

	ret = highpt_map(ctx->pool, ctx->pages[p], flags, res, m);
	if (ret)
		return ret;
	if (m->kind == HIGHPT_MAPPING_POOL)
		ctx->pool_maps[t->id]++;
	else
		ctx->fallbacks[t->id]++;
	if (!stress_check(t, m) && ctx->bad_page[t->id] < 0)
		ctx->bad_page[t->id] = p;
	return 0;
}

/* The second map only ever NOWAIT or reserved: a held map never waits. */
static int stress_op(struct stress_thread *t)
{
	struct highpt_reservation res = {};
	struct highpt_mapping a, b;
	int ret;

	switch (prandom_u32_state(&t->rnd) % 4) {
	case 0:
		ret = stress_map(t, 0, NULL, &a);
		return ret ? ret : highpt_unmap(&a);
	case 1:
		ret = stress_map(t, HIGHPT_MAP_NOWAIT, NULL, &a);
		return ret ? ret : highpt_unmap(&a);
	case 2:
		ret = stress_map(t, 0, NULL, &a);
		if (ret)
			return ret;
		ret = stress_map(t, HIGHPT_MAP_NOWAIT, NULL, &b);
		if (!ret)
			ret = highpt_unmap(&b);
		return highpt_unmap(&a) ?: ret;
	default:
		ret = highpt_reserve(t->ctx->pool, 2, &res);
		if (ret)
			return ret;
		t->ctx->reservations[t->id]++;
		/* Reserved maps never sleep: DEBUG_ATOMIC_SLEEP checks it. */
		preempt_disable();
		ret = stress_map(t, 0, &res, &a);
		if (!ret) {
			ret = stress_map(t, 0, &res, &b);
			if (!ret)
				ret = highpt_unmap(&b);
			ret = highpt_unmap(&a) ?: ret;
		}
		preempt_enable();
		return highpt_unreserve(&res) ?: ret;
	}
}

static int stress_worker(struct highpt_fanout *w, int id)
{
	struct stress_thread t = { .ctx = w->ctx, .id = id };
	int i, ret = 0;

	prandom_seed_state(&t.rnd, 0x6869676870740000ULL + id);
	for (i = 0; i < STRESS_OPS / w->n && !ret; i++) {
		ret = stress_op(&t);
		cond_resched();
	}
	return ret;
}

static void stress(struct kunit *test, enum highpt_flush_policy flush)
{
	struct highpt_pool_config cfg;
	u64 pool_maps = 0, fallbacks = 0, reservations = 0;
	int i, n = workers_count(2);
	struct highpt_pool_stats st;
	struct stress_ctx *ctx;
	struct highpt_fanout *w;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs at least 2 online CPUs");
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	/* Fewer slots than the threads can hold: waits and fallbacks happen. */
	cfg = fixture_config(n + 2, flush, HIGHPT_DEADLOCK_RESERVE);
	cfg.task_reserve = 2;
	cfg.wait_ms = 10000;
	ctx->pool = fixture_pool(test, &cfg);
	for (i = 0; i < STRESS_PAGES; i++)
		ctx->pages[i] = fixture_page(test, i);
	for (i = 0; i < HIGHPT_FANOUT_MAX; i++)
		ctx->bad_page[i] = -1;

	w = workers_run(test, n, stress_worker, ctx, false);
	KUNIT_ASSERT_TRUE(test, workers_wait(w, 120 * HZ));
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, w->ret[i], 0, "thread %d", i);
		KUNIT_EXPECT_EQ_MSG(test, ctx->bad_page[i], -1,
				    "thread %d read back a wrong page", i);
		pool_maps += ctx->pool_maps[i];
		fallbacks += ctx->fallbacks[i];
		reservations += ctx->reservations[i];
	}
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.in_use, 0);
	KUNIT_EXPECT_EQ(test, st.maps, pool_maps);
	KUNIT_EXPECT_EQ(test, st.unmaps, pool_maps);
	KUNIT_EXPECT_EQ(test, st.hits + st.misses, st.maps);
	KUNIT_EXPECT_EQ(test, st.nowait_fallbacks, fallbacks);
	KUNIT_EXPECT_EQ(test, st.reservations, reservations);
	KUNIT_EXPECT_EQ(test, st.errors, 0);
	KUNIT_EXPECT_EQ(test, st.timeouts, 0);
	KUNIT_EXPECT_EQ(test, st.reservation_overflows, 0);
	KUNIT_EXPECT_LE(test, st.high_water, cfg.slots);
	if (flush == HIGHPT_FLUSH_EAGER)
		KUNIT_EXPECT_EQ(test, st.stale, 0);
	kunit_info(test, "%d threads: %llu maps, %llu hits, %llu fallbacks, %llu waits, %llu reservations\n",
		   n, st.maps, st.hits, st.nowait_fallbacks, st.waits,
		   st.reservations);
}

static void highpt_pool_stress_test_lazy(struct kunit *test)
{
	stress(test, HIGHPT_FLUSH_LAZY);
}

static void highpt_pool_stress_test_eager(struct kunit *test)
{
	stress(test, HIGHPT_FLUSH_EAGER);
}

static struct kunit_case highpt_pool_stress_cases[] = {
	HIGHPT_KUNIT_CASE_SLOW(highpt_pool_stress_test_lazy),
	HIGHPT_KUNIT_CASE_SLOW(highpt_pool_stress_test_eager),
	{}
};

static struct kunit_suite highpt_pool_stress_suite = {
	.name = "highpt_pool_stress",
	.init = fixture_init,
	.exit = fixture_exit,
	.test_cases = highpt_pool_stress_cases,
};

kunit_test_suites(&highpt_pool_stress_suite);
