// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_shadow: what a shadow's coherence rests on, in the
 * store, and the shadow's own refusals. The invalidation's clear runs
 * where sleeping is illegal (preemption or IRQs off) with the pool
 * exhausted, in every access mode, so DEBUG_ATOMIC_SLEEP reports any
 * path that could sleep; a snapshot committed after an invalidation
 * changes nothing. From 6.12 the test thread gets a user mm of its own
 * (kunit/user_mm.c): a shadow of it is filled, then cleared by munmap.
 * Live processes, with every kind of invalidation, are the guest's test
 * (tools/guest-src/shadow-check.c).
 */
#include <kunit/test.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sizes.h>

#include "../module/store/format.h"
#include "counters.h"
#include "pool_fixture.h"
#include "user_mm.h"

#define SHADOW_VA	0x400000
/* Three PAE PTE pages' worth, so the clear crosses two boundaries. */
#define SHADOW_PAGES	1536
#define SHADOW_PFN	0x1000

static bool shadow_present(struct highpt_space *s, u32 va)
{
	unsigned int flags;
	unsigned long pfn;

	return !highpt_pte_get(s, va, &pfn, &flags) &&
	       pfn == SHADOW_PFN + ((va - SHADOW_VA) >> PAGE_SHIFT);
}

/*
 * Fill a space, then clear part of the range as an invalidation would,
 * with @irqs_off or preemption off. @hold: the pool is used up (a pool
 * mode falls back to kmap_local); else its slots are stale with other
 * pages, so a pool mode misses, wraps and flushes every CPU under the
 * space's pt_lock.
 */
static void shadow_clear_run(struct kunit *test, bool irqs_off, bool hold)
{
	struct highpt_pool_config cfg = fixture_config(3, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	u32 first = SHADOW_VA + PAGE_SIZE;
	u32 end = SHADOW_VA + (SHADOW_PAGES - 1) * PAGE_SIZE;
	struct highpt_mapping *held[3];
	struct highpt_space_info info;
	struct highpt_pool_stats before, after;
	unsigned long cleared;
	int access, i;

	fixture_pool(test, &cfg);
	for (access = 0; access < HIGHPT_ACCESS_COUNT; access++) {
		struct highpt_space *s = fixture_space(test, HIGHPT_PT_PAE,
						       true, access);

		KUNIT_ASSERT_EQ(test, highpt_populate(s, SHADOW_VA,
						      SHADOW_PAGES * PAGE_SIZE,
						      SHADOW_PFN,
						      HIGHPT_PTE_PRESENT), 0);
		for (i = 0; i < ARRAY_SIZE(held); i++)
			held[i] = fixture_map(test, i, 0, NULL);
		if (!hold)
			for (i = ARRAY_SIZE(held) - 1; i >= 0; i--)
				fixture_unmap(test, held[i]);
		before = fixture_stats(test);
		if (irqs_off)
			local_irq_disable();
		else
			preempt_disable();
		cleared = highpt_store_clear_nowait(s, first, end, NULL, NULL);
		if (irqs_off)
			local_irq_enable();
		else
			preempt_enable();
		after = fixture_stats(test);
		for (i = ARRAY_SIZE(held) - 1; hold && i >= 0; i--)
			fixture_unmap(test, held[i]);

		KUNIT_EXPECT_EQ_MSG(test, cleared, SHADOW_PAGES - 2,
				    "access %d", access);
		/* Never a wait; what the pool did depends on the case. */
		KUNIT_EXPECT_EQ_MSG(test, after.waits, before.waits,
				    "access %d", access);
		if (access == HIGHPT_ACCESS_LOCAL)
			KUNIT_EXPECT_EQ(test, after.maps, before.maps);
		else if (irqs_off)	/* refused: kmap_local_page() instead */
			KUNIT_EXPECT_GT_MSG(test, after.errors, before.errors,
					    "access %d", access);
		else if (hold)
			KUNIT_EXPECT_GT_MSG(test, after.nowait_fallbacks,
					    before.nowait_fallbacks,
					    "access %d", access);
		else
			KUNIT_EXPECT_GT_MSG(test, after.flushes_lazy,
					    before.flushes_lazy,
					    "access %d", access);
		KUNIT_EXPECT_TRUE(test, shadow_present(s, SHADOW_VA));
		KUNIT_EXPECT_FALSE(test, shadow_present(s, first));
		KUNIT_EXPECT_FALSE(test, shadow_present(s, end - PAGE_SIZE));
		KUNIT_EXPECT_TRUE(test, shadow_present(s, end));
		highpt_space_info(s, &info);
		KUNIT_EXPECT_EQ(test, info.present, 2);
		/* No page is freed where an invalidation runs. */
		KUNIT_EXPECT_EQ(test, info.pte_pages, 3);
		highpt_space_destroy(s);
	}
}

static void highpt_shadow_test_clear_preempt_off(struct kunit *test)
{
	shadow_clear_run(test, false, true);
}

static void highpt_shadow_test_clear_preempt_off_wrap(struct kunit *test)
{
	shadow_clear_run(test, false, false);
}

static void highpt_shadow_test_clear_irqs_off(struct kunit *test)
{
	shadow_clear_run(test, true, true);
}

static bool shadow_valid(void *arg)
{
	int *calls = arg;

	(*calls)++;
	return *calls > 1;
}

/*
 * A snapshot is written only if no invalidation came since: the first
 * commit is told it is stale and writes nothing; the second writes; an
 * empty one frees the PTE page.
 */
static void highpt_shadow_test_commit(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(8, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_space_info info;
	struct highpt_space *s;
	u64 entries[8] = {};
	unsigned int flags;
	unsigned long pfn;
	int calls = 0, i;

	fixture_pool(test, &cfg);
	s = fixture_space(test, HIGHPT_PT_PAE, true, HIGHPT_ACCESS_POOL);
	for (i = 0; i < ARRAY_SIZE(entries); i += 2)
		entries[i] = store_entry_make(SHADOW_PFN + i, HIGHPT_PTE_PRESENT |
					      (i & 2 ? HIGHPT_PTE_WRITE : 0));
	KUNIT_EXPECT_EQ(test, highpt_store_commit(s, SHADOW_VA, 8, entries,
						  shadow_valid, &calls), -EAGAIN);
	highpt_space_info(s, &info);
	KUNIT_EXPECT_EQ(test, info.present, 0);
	KUNIT_EXPECT_EQ(test, highpt_store_commit(s, SHADOW_VA, 8, entries,
						  shadow_valid, &calls), 4);
	for (i = 0; i < ARRAY_SIZE(entries); i++) {
		int ret = highpt_pte_get(s, SHADOW_VA + i * PAGE_SIZE, &pfn,
					 &flags);

		KUNIT_EXPECT_EQ_MSG(test, ret, i & 1 ? -ENOENT : 0, "entry %d", i);
		if (!ret)
			KUNIT_EXPECT_EQ(test, (u64)pfn << 12 | flags, entries[i]);
	}
	memset(entries, 0, sizeof(entries));
	KUNIT_EXPECT_EQ(test, highpt_store_commit(s, SHADOW_VA, 8, entries,
						  shadow_valid, &calls), 0);
	highpt_space_info(s, &info);
	KUNIT_EXPECT_EQ(test, info.present + info.pte_pages, 0);

	/* Past the PTE page, unaligned, empty: refused, nothing called. */
	calls = 0;
	KUNIT_EXPECT_EQ(test, highpt_store_commit(s, SHADOW_VA + 510 * PAGE_SIZE,
						  8, entries, shadow_valid,
						  &calls), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_store_commit(s, SHADOW_VA + 1, 1, entries,
						  shadow_valid, &calls), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_store_commit(s, SHADOW_VA, 0, entries,
						  shadow_valid, &calls), -EINVAL);
	KUNIT_EXPECT_EQ(test, calls, 0);
	highpt_space_destroy(s);
}

#define USER_PAGES	64

/* Entry @i of the user range: present, writable, the page's frame. */
static void shadow_expect_page(struct kunit *test, struct highpt_space *s,
			       unsigned int i)
{
	unsigned long va = USER_MM_ADDR + i * PAGE_SIZE, pfn;
	unsigned int flags;
	struct page *page;

	/* No assertion: the caller holds a shadow an abort would leak. */
	if (get_user_pages_fast(va, 1, 0, &page) != 1) {
		KUNIT_FAIL(test, "page %u: not present", i);
		return;
	}
	KUNIT_EXPECT_EQ_MSG(test, highpt_pte_get(s, va, &pfn, &flags), 0,
			    "page %u", i);
	KUNIT_EXPECT_EQ_MSG(test, pfn, page_to_pfn(page), "page %u", i);
	KUNIT_EXPECT_EQ_MSG(test, flags, HIGHPT_PTE_PRESENT | HIGHPT_PTE_USER |
			    HIGHPT_PTE_WRITE, "page %u", i);
	put_page(page);
}

/*
 * The test thread's own pages, shadowed in every access mode: each
 * entry is the page's frame; a munmap clears its entries before it
 * returns, and a sync finds them gone.
 */
static void highpt_shadow_test_user_mm(struct kunit *test)
{
	struct highpt_pool_config pcfg = fixture_config(8, HIGHPT_FLUSH_LAZY,
							HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool = fixture_pool(test, &pcfg);
	struct highpt_space_info info;
	struct highpt_shadow *sh;
	struct highpt_space *s;
	s64 invalidations, cleared;
	struct counters c;
	unsigned long pfn;
	unsigned int flags, i;
	int access;

	for (access = 0; access < HIGHPT_ACCESS_COUNT; access++) {
		struct highpt_space_config cfg = {
			.format = HIGHPT_PT_PAE, .pte_highmem = true,
			.access = access, .pool = pool,
		};

		user_mm_pages(test, USER_PAGES);
		sh = highpt_shadow_create(current->mm, &cfg, 0,
					  HIGHPT_SPACE_SIZE);
		KUNIT_ASSERT_FALSE(test, IS_ERR(sh));
		s = highpt_shadow_space(sh);
		highpt_space_info(s, &info);
		KUNIT_EXPECT_EQ(test, info.present, USER_PAGES);
		for (i = 0; i < USER_PAGES; i++)
			shadow_expect_page(test, s, i);

		counters_take(&c);
		KUNIT_EXPECT_EQ(test, vm_munmap(USER_MM_ADDR + 16 * PAGE_SIZE,
						16 * PAGE_SIZE), 0);
		invalidations = counters_delta(&c,
					       HIGHPT_STAT_SHADOW_INVALIDATIONS);
		cleared = counters_delta(&c, HIGHPT_STAT_SHADOW_ENTRIES_CLEARED);
		KUNIT_EXPECT_GT(test, invalidations, 0);
		KUNIT_EXPECT_EQ(test, cleared, 16);
		for (i = 16; i < 32; i++)
			KUNIT_EXPECT_EQ(test, highpt_pte_get(s, USER_MM_ADDR +
							     i * PAGE_SIZE,
							     &pfn, &flags),
					-ENOENT);
		KUNIT_EXPECT_EQ(test, highpt_shadow_sync(sh), 0);
		highpt_space_info(s, &info);
		KUNIT_EXPECT_EQ(test, info.present, USER_PAGES - 16);
		shadow_expect_page(test, s, 15);
		shadow_expect_page(test, s, 32);
		highpt_shadow_destroy(sh);
	}
}

/* What cannot be shadowed is refused, and nothing is left behind. */
static void highpt_shadow_test_refusals(struct kunit *test)
{
	struct highpt_space_config cfg = { .format = HIGHPT_PT_PAE };
	struct counters c;

	counters_take(&c);
	KUNIT_EXPECT_EQ(test, PTR_ERR(highpt_shadow_create(NULL, &cfg, 0,
							   SZ_4K)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(highpt_shadow_create_pid(NULL, &cfg, 0,
							       SZ_4K)), -ESRCH);
	/* The test runs in a kernel thread. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(highpt_shadow_create_pid(task_pid(current),
							       &cfg, 0, SZ_4K)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, counters_delta(&c, HIGHPT_STAT_SHADOW_SPACES), 0);
	KUNIT_EXPECT_EQ(test, counters_delta(&c, HIGHPT_STAT_STORE_SPACES), 0);
}

static struct kunit_case highpt_shadow_cases[] = {
	KUNIT_CASE(highpt_shadow_test_clear_preempt_off),
	KUNIT_CASE(highpt_shadow_test_clear_preempt_off_wrap),
	KUNIT_CASE(highpt_shadow_test_clear_irqs_off),
	KUNIT_CASE(highpt_shadow_test_commit),
	KUNIT_CASE(highpt_shadow_test_user_mm),
	KUNIT_CASE(highpt_shadow_test_refusals),
	{}
};

static struct kunit_suite highpt_shadow_suite = {
	.name = "highpt_shadow",
	.init = fixture_init,
	.exit = fixture_exit,
	.test_cases = highpt_shadow_cases,
};

kunit_test_suites(&highpt_shadow_suite);
