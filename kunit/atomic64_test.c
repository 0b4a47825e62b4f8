// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_atomic64: highpt_atomic64_add() adds exactly, with
 * wrap-around, and on i386 leaves EFLAGS sane on the retry of its
 * cmpxchg8b loop (module/atomic64.h says why that needs care).
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/irqflags.h>
#include <linux/limits.h>
#include <asm/processor-flags.h>

#include "../module/atomic64.h"
#include "workers.h"

/* All but the bits kernel code may have set after an add. */
#define PAIRS_BAD_FLAGS	(~(unsigned long)(X86_EFLAGS_CF | X86_EFLAGS_PF | \
					  X86_EFLAGS_AF | X86_EFLAGS_ZF | \
					  X86_EFLAGS_SF | X86_EFLAGS_OF | \
					  X86_EFLAGS_IF | X86_EFLAGS_FIXED))

/* Iterations per worker: each pair races the other CPUs' pairs. */
#define PAIRS_PER_WORKER	20000

struct pairs_ctx {
	atomic64_t v;
	unsigned long bad[HIGHPT_FANOUT_MAX];
	unsigned long flags[HIGHPT_FANOUT_MAX];
	unsigned long races[HIGHPT_FANOUT_MAX];
};

static void highpt_atomic64_test_values(struct kunit *test)
{
	static const struct {
		s64 start, n;
	} steps[] = {
		{ 0, -1 }, { 0, 5 }, { 7, -HIGHPT_ATOMIC64_MAX_DELTA },
		{ -3, HIGHPT_ATOMIC64_MAX_DELTA }, { S64_MIN, -1 },
		{ S64_MAX, 1 }, { S64_MIN + 2, -HIGHPT_ATOMIC64_MAX_DELTA },
		{ 1LL << 32, -1 }, { -(1LL << 32), 1 },
	};
	atomic64_t v;
	int i;

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		atomic64_set(&v, steps[i].start);
		highpt_atomic64_add(steps[i].n, &v);
		KUNIT_EXPECT_EQ_MSG(test, (u64)atomic64_read(&v),
				    (u64)steps[i].start + (u64)steps[i].n,
				    "%lld + %lld", steps[i].start, steps[i].n);
	}
}

/*
 * Subtract and add back 1, reading EFLAGS right after the subtraction:
 * nothing that sets flags may come between the call and the pushf,
 * which objdump of today's build confirms. The add back is a cmpxchg
 * loop of its own (adding 1: a high word of 0, safe), so that the
 * worker can count the races that make the loops retry.
 */
static int pairs_worker(struct highpt_fanout *f, int id)
{
	struct pairs_ctx *ctx = f->ctx;
	unsigned long flags;
	s64 old;
	int i;

	for (i = 0; i < PAIRS_PER_WORKER; i++) {
		highpt_atomic64_add(-1, &ctx->v);
		flags = native_save_fl();
		old = atomic64_read(&ctx->v);
		while (!atomic64_try_cmpxchg(&ctx->v, &old, old + 1))
			ctx->races[id]++;
		if (flags & PAIRS_BAD_FLAGS) {
			ctx->bad[id]++;
			ctx->flags[id] = flags;
		}
		if (!(i % 1024))
			cond_resched();
	}
	return 0;
}

/*
 * Workers on every CPU race negative adds on one counter, so the
 * cmpxchg8b loops retry. Without highpt_atomic64_add()'s care, QEMU 7.2
 * leaves EFLAGS 0xffffffff there: this case then fails, or the guest
 * double-faults at the next interrupt.
 */
static void highpt_atomic64_test_contended_flags(struct kunit *test)
{
	int i, n = workers_count(1);
	unsigned long races = 0, bad = 0;
	struct pairs_ctx *ctx;
	struct highpt_fanout *w;

	if (!IS_ENABLED(CONFIG_X86_32))
		kunit_skip(test, "i386 only: elsewhere atomic64_add is one instruction");
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs at least 2 online CPUs");
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	w = workers_run(test, n, pairs_worker, ctx, true);
	KUNIT_ASSERT_TRUE(test, workers_wait(w, 120 * HZ));
	for (i = 0; i < n; i++) {
		races += ctx->races[i];
		bad += ctx->bad[i];
	}
	kunit_info(test, "%d workers, %lu races lost by the add back",
		   n, races);
	/* A skip would hide a failure: only when there is none. */
	if (!races && !bad && !atomic64_read(&ctx->v))
		kunit_skip(test, "no race happened: the retry path was not run");
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, ctx->bad[i], 0,
				    "worker %d: bad EFLAGS %lu times, last %#lx",
				    i, ctx->bad[i], ctx->flags[i]);
	KUNIT_EXPECT_EQ(test, atomic64_read(&ctx->v), 0);
}

static struct kunit_case highpt_atomic64_cases[] = {
	KUNIT_CASE(highpt_atomic64_test_values),
	KUNIT_CASE(highpt_atomic64_test_contended_flags),
	{}
};

static struct kunit_suite highpt_atomic64_suite = {
	.name = "highpt_atomic64",
	.test_cases = highpt_atomic64_cases,
};

kunit_test_suites(&highpt_atomic64_suite);
