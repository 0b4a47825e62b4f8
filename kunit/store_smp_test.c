// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_store_smp: threads on spaces of their own and on a
 * shared space, checked against their models; copy and move with a
 * tiny pool in every deadlock-avoidance mode.
 */
#include <kunit/test.h>

#include "../module/compat.h"
#include "pool_fixture.h"
#include "../module/store/model.h"
#include "workers.h"

#define SMP_THREADS	4
#define SMP_OPS		150
#define SMP_PAGES	1500

struct smp_ctx {
	struct highpt_model m[SMP_THREADS], copy[SMP_THREADS];
	struct highpt_model_rng r[SMP_THREADS];
	int err_ok;
};

static int smp_worker(struct highpt_fanout *w, int id)
{
	struct smp_ctx *ctx = w->ctx;
	int i;

	prandom_seed_state(&ctx->r[id].rnd, 0xc0ffee00 + id);
	for (i = 0; i < SMP_OPS; i++) {
		highpt_model_random_op(&ctx->m[id], &ctx->copy[id],
				       &ctx->r[id], ctx->err_ok);
		cond_resched();
	}
	return 0;
}

/* Every space of this suite: PTE pages in highmem, through the pool. */
static struct highpt_space *smp_space(struct kunit *test,
				      enum highpt_pt_format format)
{
	return fixture_space(test, format, true, HIGHPT_ACCESS_POOL);
}

/*
 * Run the threads; with @shared, all use one space (and one copy
 * target), each in a region of its own.
 */
static void smp_run(struct kunit *test, struct highpt_pool_config *cfg,
		    bool shared, int err_ok)
{
	struct highpt_space *one = NULL, *one_copy = NULL;
	struct smp_ctx *ctx;
	struct highpt_fanout *w;
	int i;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->err_ok = err_ok;
	fixture_pool(test, cfg);
	if (shared) {
		one = smp_space(test, HIGHPT_PT_PAE);
		one_copy = smp_space(test, HIGHPT_PT_PAE);
	}
	for (i = 0; i < SMP_THREADS; i++) {
		enum highpt_pt_format f = i & 1 ? HIGHPT_PT_LEGACY : HIGHPT_PT_PAE;
		u32 base = shared ? 0x10000000 + i * 0x800000 : 0x400000;

		highpt_model_init(&ctx->m[i], one ? one : smp_space(test, f),
				  base, SMP_PAGES, !shared);
		highpt_model_init(&ctx->copy[i],
				  one ? one_copy : smp_space(test, f),
				  base, SMP_PAGES, !shared);
	}
	w = workers_run(test, SMP_THREADS, smp_worker, ctx, false);
	KUNIT_ASSERT_TRUE(test, workers_wait(w, 120 * HZ));
	for (i = 0; i < SMP_THREADS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, ctx->r[i].errors, 0, "thread %d", i);
		KUNIT_EXPECT_EQ_MSG(test, ctx->r[i].failures, 0, "thread %d", i);
		KUNIT_EXPECT_EQ_MSG(test, highpt_model_compare(&ctx->m[i]), 0,
				    "thread %d", i);
		KUNIT_EXPECT_EQ_MSG(test, highpt_model_compare(&ctx->copy[i]), 0,
				    "copy, thread %d", i);
		if (!shared) {
			highpt_space_destroy(ctx->m[i].space);
			highpt_space_destroy(ctx->copy[i].space);
		}
		highpt_model_destroy(&ctx->m[i]);
		highpt_model_destroy(&ctx->copy[i]);
	}
	highpt_space_destroy(one);
	highpt_space_destroy(one_copy);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).in_use, 0);
}

static void highpt_store_smp_test_own_spaces(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(16, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_RESERVE);

	smp_run(test, &cfg, false, 0);
}

static void highpt_store_smp_test_shared_space(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(16, HIGHPT_FLUSH_EAGER,
						       HIGHPT_DEADLOCK_RESERVE);

	smp_run(test, &cfg, true, 0);
}

/*
 * Three slots for four threads that copy and move (two PTE pages at
 * once). Series and reserve must finish every operation; none may
 * deadlock, which the pool's bounded wait turns into -ETIMEDOUT on some
 * operations, leaving every space consistent with its model.
 */
static void store_tiny_pool(struct kunit *test, enum highpt_deadlock_mode mode)
{
	struct highpt_pool_config cfg = fixture_config(3, HIGHPT_FLUSH_LAZY,
						       mode);

	cfg.task_reserve = 2;
	cfg.wait_ms = mode == HIGHPT_DEADLOCK_NONE ? 300 : 30000;
	smp_run(test, &cfg, false,
		mode == HIGHPT_DEADLOCK_NONE ? -ETIMEDOUT : 0);
}

static void highpt_store_smp_test_tiny_pool_none(struct kunit *test)
{
	store_tiny_pool(test, HIGHPT_DEADLOCK_NONE);
}

static void highpt_store_smp_test_tiny_pool_series(struct kunit *test)
{
	store_tiny_pool(test, HIGHPT_DEADLOCK_SERIES);
}

static void highpt_store_smp_test_tiny_pool_reserve(struct kunit *test)
{
	store_tiny_pool(test, HIGHPT_DEADLOCK_RESERVE);
}

static struct kunit_case highpt_store_smp_cases[] = {
	HIGHPT_KUNIT_CASE_SLOW(highpt_store_smp_test_own_spaces),
	HIGHPT_KUNIT_CASE_SLOW(highpt_store_smp_test_shared_space),
	HIGHPT_KUNIT_CASE_SLOW(highpt_store_smp_test_tiny_pool_none),
	HIGHPT_KUNIT_CASE_SLOW(highpt_store_smp_test_tiny_pool_series),
	HIGHPT_KUNIT_CASE_SLOW(highpt_store_smp_test_tiny_pool_reserve),
	{}
};

static struct kunit_suite highpt_store_smp_suite = {
	.name = "highpt_store_smp",
	.init = fixture_init,
	.exit = fixture_exit,
	.test_cases = highpt_store_smp_cases,
};

kunit_test_suites(&highpt_store_smp_suite);
