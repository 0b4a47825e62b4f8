// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_store: every store operation against a reference
 * model, for both formats, every access mode, PTE pages in highmem and
 * in lowmem; where the pages go; that everything is freed; bad calls.
 */
#include <kunit/test.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/vmstat.h>

#include "../module/compat.h"
#include "../module/store/model.h"
#include "counters.h"
#include "pool_fixture.h"
#include "zone_free.h"

#define MODEL_OPS	300
#define MODEL_PAGES	3000	/* about 6 PAE PTE pages */
#define MEMORY_NOISE	128	/* pages other frees may move meanwhile */

static void store_model_run(struct kunit *test, enum highpt_pt_format format,
			    bool highmem)
{
	struct highpt_pool_config cfg = fixture_config(8, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_model m, copy;
	struct highpt_model_rng r = {};
	int access, i;

	fixture_pool(test, &cfg);
	for (access = 0; access < HIGHPT_ACCESS_COUNT; access++) {
		highpt_model_init(&m, fixture_space(test, format, highmem, access),
				  0x400000, MODEL_PAGES, true);
		highpt_model_init(&copy,
				  fixture_space(test, format, highmem, access),
				  0x400000, MODEL_PAGES, true);
		prandom_seed_state(&r.rnd, 0x5eed0000 + access);
		for (i = 0; i < MODEL_OPS; i++)
			highpt_model_random_op(&m, &copy, &r, 0);
		KUNIT_EXPECT_EQ_MSG(test, r.errors, 0, "access %d", access);
		KUNIT_EXPECT_EQ_MSG(test, r.failures, 0, "access %d", access);
		KUNIT_EXPECT_EQ_MSG(test, highpt_model_compare(&m), 0,
				    "access %d", access);
		KUNIT_EXPECT_EQ_MSG(test, highpt_model_compare(&copy), 0,
				    "copy, access %d", access);
		highpt_space_destroy(m.space);
		highpt_space_destroy(copy.space);
		highpt_model_destroy(&m);
		highpt_model_destroy(&copy);
	}
	/* The pool gave back every slot it lent. */
	KUNIT_EXPECT_EQ(test, fixture_stats(test).in_use, 0);
}

static void highpt_store_test_model_pae_highmem(struct kunit *test)
{
	store_model_run(test, HIGHPT_PT_PAE, true);
}

static void highpt_store_test_model_pae_lowmem(struct kunit *test)
{
	store_model_run(test, HIGHPT_PT_PAE, false);
}

static void highpt_store_test_model_legacy_highmem(struct kunit *test)
{
	store_model_run(test, HIGHPT_PT_LEGACY, true);
}

static void highpt_store_test_model_legacy_lowmem(struct kunit *test)
{
	store_model_run(test, HIGHPT_PT_LEGACY, false);
}

static bool have_highmem(void)
{
	return IS_ENABLED(CONFIG_HIGHMEM) && totalhigh_pages();
}

/* PTE pages go where pte_highmem says; directories are lowmem pages. */
static void highpt_store_test_placement(struct kunit *test)
{
	struct highpt_space_info info;
	struct highpt_space *s;
	int highmem, pages = 0;
	u32 va;

	for (highmem = 0; highmem < 2; highmem++) {
		s = fixture_space(test, HIGHPT_PT_PAE, highmem, HIGHPT_ACCESS_LOCAL);
		KUNIT_ASSERT_EQ(test, highpt_populate(s, 0x40000000, SZ_16M, 1,
						      HIGHPT_PTE_PRESENT), 0);
		for (va = 0x40000000; va < 0x40000000 + SZ_16M; va += SZ_2M) {
			struct page *pt = highpt_space_pte_page(s, va);

			KUNIT_ASSERT_NOT_NULL(test, pt);
			KUNIT_EXPECT_EQ(test, PageHighMem(pt),
					highmem && have_highmem());
			pages++;
		}
		highpt_space_info(s, &info);
		KUNIT_EXPECT_EQ(test, info.pte_pages, 8);
		KUNIT_EXPECT_EQ(test, info.pte_pages_highmem,
				highmem && have_highmem() ? 8 : 0);
		KUNIT_EXPECT_EQ(test, info.dir_pages, 1);
		highpt_space_destroy(s);
	}
	KUNIT_EXPECT_EQ(test, pages, 16);
}

static s64 pte_pages_delta(const struct counters *before)
{
	return counters_delta(before, HIGHPT_STAT_STORE_PTE_PAGES_HIGHMEM) +
	       counters_delta(before, HIGHPT_STAT_STORE_PTE_PAGES_LOWMEM);
}

/*
 * 4 spaces x 2 GiB: 4096 PTE pages, all given back by zap and destroy.
 * That many, so the zone's count stands out of the noise of other
 * frees (up to a few dozen pages were seen with 4 vCPUs).
 */
static void highpt_store_test_memory(struct kunit *test)
{
	unsigned long before = 0, during = 0, after = 0;
	struct highpt_space *s[4];
	struct counters start;
	struct zone *zone;
	int i;

	counters_take(&start);
	/* The zone PTE pages come from: that of a page allocated alike. */
	s[0] = fixture_space(test, HIGHPT_PT_PAE, true, HIGHPT_ACCESS_LOCAL);
	KUNIT_ASSERT_EQ(test, highpt_pte_set(s[0], 0, 0, 1), 0);
	zone = page_zone(highpt_space_pte_page(s[0], 0));
	highpt_space_destroy(s[0]);
	before = zone_free(zone);
	for (i = 0; i < 4; i++) {
		s[i] = fixture_space(test, HIGHPT_PT_PAE, true, HIGHPT_ACCESS_LOCAL);
		KUNIT_ASSERT_EQ(test, highpt_populate(s[i], 0, SZ_2G, 0,
						      HIGHPT_PTE_PRESENT), 0);
	}
	during = zone_free(zone);
	KUNIT_EXPECT_EQ(test, pte_pages_delta(&start), 4096);
	/* Two PMD pages (1 GiB each) per space. */
	KUNIT_EXPECT_EQ(test, counters_delta(&start, HIGHPT_STAT_STORE_DIR_PAGES),
			8);
	KUNIT_EXPECT_EQ(test, counters_delta(&start,
					     HIGHPT_STAT_STORE_ENTRIES_PRESENT),
			4 * (SZ_2G >> PAGE_SHIFT));
	/* Zapping the first half frees exactly its PTE pages. */
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, highpt_zap_range(s[i], 0, SZ_1G), 0);
	KUNIT_EXPECT_EQ(test, pte_pages_delta(&start), 2048);
	for (i = 0; i < 4; i++)
		highpt_space_destroy(s[i]);
	after = zone_free(zone);
	KUNIT_EXPECT_EQ(test, pte_pages_delta(&start), 0);
	KUNIT_EXPECT_EQ(test, counters_delta(&start, HIGHPT_STAT_STORE_DIR_PAGES),
			0);
	KUNIT_EXPECT_EQ(test, counters_delta(&start,
					     HIGHPT_STAT_STORE_ENTRIES_PRESENT), 0);
	/* The zone saw them go and come back, give or take a few pages. */
	KUNIT_EXPECT_GE(test, before, during + 4096 - MEMORY_NOISE);
	KUNIT_EXPECT_LE(test, before, after + MEMORY_NOISE);
}

static void highpt_store_test_bad_calls(struct kunit *test)
{
	struct highpt_space *pae = fixture_space(test, HIGHPT_PT_PAE, true,
					     HIGHPT_ACCESS_LOCAL);
	struct highpt_space *leg = fixture_space(test, HIGHPT_PT_LEGACY, true,
					     HIGHPT_ACCESS_LOCAL);
	struct highpt_space_config nopool = { .access = HIGHPT_ACCESS_POOL };
	struct highpt_space_info info;
	unsigned int flags;
	unsigned long pfn;

	KUNIT_EXPECT_EQ(test, PTR_ERR(highpt_space_create(&nopool)), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_pte_set(pae, 0x1001, 1, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_pte_set(pae, 0x1000, 1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_pte_set(pae, 0x1000, 1, 0x81), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_pte_set(leg, 0x1000, 1UL << 20, 1), -ERANGE);
	KUNIT_EXPECT_EQ(test, highpt_populate(leg, 0, SZ_8K, (1UL << 20) - 1,
					      1), -ERANGE);
	KUNIT_EXPECT_EQ(test, highpt_populate(pae, 0, 0, 1, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_populate(pae, 0xfffff000, SZ_8K, 1, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_pte_get(pae, 0x1000, &pfn, &flags),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, highpt_pte_clear(pae, 0x1000), -ENOENT);
	KUNIT_EXPECT_EQ(test, highpt_move_range(pae, 0, SZ_4K, SZ_8K), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_copy_range(pae, leg, 0, SZ_4K), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_copy_range(pae, pae, 0, SZ_4K), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_walk(pae, 0, SZ_4K, NULL, NULL), -EINVAL);
	/* Nothing was allocated or set by any of them. */
	highpt_space_info(pae, &info);
	KUNIT_EXPECT_EQ(test, info.present + info.pte_pages, 0);
	highpt_space_info(leg, &info);
	KUNIT_EXPECT_EQ(test, info.present + info.pte_pages, 0);
	highpt_space_destroy(pae);
	highpt_space_destroy(leg);
}

enum bad_op { BAD_POPULATE, BAD_ZAP, BAD_WALK, BAD_COPY, BAD_MOVE_OLD,
	      BAD_MOVE_NEW, BAD_OPS };

static const char *const bad_op_names[BAD_OPS] = {
	"populate", "zap", "walk", "copy", "move (old)", "move (new)",
};

/* Ranges every range-taking call must refuse with -EINVAL. */
static const struct {
	u32 start;
	u64 len;
} bad_ranges[] = {
	{ 0x1000, -(u64)SZ_4K },		/* end wraps to 0 */
	{ 0x2000, -(u64)SZ_4K },		/* end wraps below start */
	{ 0, -(u64)SZ_4K },
	{ 0x1000, U64_MAX & ~(u64)(SZ_4K - 1) },
	{ 0x1000, BIT_ULL(63) },
	{ 0x1000, BIT_ULL(32) },		/* one page past the top */
	{ 0, BIT_ULL(32) + SZ_4K },
	{ 0xfffff000, SZ_8K },
	{ 0, 0 },
	{ 0x1001, SZ_4K },
	{ 0, SZ_4K + 1 },
};

/* A far range that a move pairs with each bad one. */
#define BAD_OTHER	0x40000000U

static int bad_walk_fn(u32 va, unsigned long pfn, unsigned int flags,
		       void *arg)
{
	return 0;
}

static int bad_range_call(struct highpt_space *s, struct highpt_space *dst,
			  enum bad_op op, u32 start, u64 len)
{
	switch (op) {
	case BAD_POPULATE:
		return highpt_populate(s, start, len, 1, HIGHPT_PTE_PRESENT);
	case BAD_ZAP:
		return highpt_zap_range(s, start, len);
	case BAD_WALK:
		return highpt_walk(s, start, len, bad_walk_fn, NULL);
	case BAD_COPY:
		return highpt_copy_range(dst, s, start, len);
	case BAD_MOVE_OLD:
		return highpt_move_range(s, start, BAD_OTHER, len);
	default:
		return highpt_move_range(s, BAD_OTHER, start, len);
	}
}

/* A space's contents in one number: its sizes and every (va, pfn). */
struct space_print {
	struct highpt_space_info info;
	u64 sum;
};

static int space_print_fn(u32 va, unsigned long pfn, unsigned int flags,
			  void *arg)
{
	struct space_print *p = arg;

	p->sum = p->sum * 31 + ((u64)va << 20 ^ pfn ^ flags);
	return 0;
}

static struct space_print space_print(struct kunit *test,
				      struct highpt_space *s)
{
	struct space_print p = {};

	KUNIT_EXPECT_EQ(test, highpt_walk(s, 0, HIGHPT_SPACE_SIZE,
					  space_print_fn, &p), 0);
	highpt_space_info(s, &p.info);
	return p;
}

static void expect_same_print(struct kunit *test, struct highpt_space *s,
			      const struct space_print *before)
{
	struct space_print now = space_print(test, s);

	KUNIT_EXPECT_EQ(test, now.sum, before->sum);
	KUNIT_EXPECT_EQ(test, now.info.pte_pages, before->info.pte_pages);
	KUNIT_EXPECT_EQ(test, now.info.dir_pages, before->info.dir_pages);
	KUNIT_EXPECT_EQ(test, now.info.present, before->info.present);
}

/* Frame numbers past what an entry (or an unsigned long) can hold. */
static const struct {
	enum highpt_pt_format format;
	unsigned long pfn;
	u64 len;
} bad_pfns[] = {
	{ HIGHPT_PT_LEGACY, 1UL << HIGHPT_LEGACY_PFN_BITS, SZ_4K },
	{ HIGHPT_PT_LEGACY, (1UL << HIGHPT_LEGACY_PFN_BITS) - 1, SZ_8K },
	{ HIGHPT_PT_LEGACY, ULONG_MAX, SZ_4K },
	{ HIGHPT_PT_LEGACY, ULONG_MAX, SZ_8K },	/* last pfn wraps to 0 */
	{ HIGHPT_PT_LEGACY, ULONG_MAX - 1022, SZ_4M },	/* wraps to 0 */
	{ HIGHPT_PT_PAE, ULONG_MAX, SZ_8K },	/* last pfn wraps to 0 */
	{ HIGHPT_PT_PAE, ULONG_MAX - 2, SZ_16K },
#if BITS_PER_LONG == 64
	/* PAE entries keep frame bits 12..51: 40 bits of frame number. */
	{ HIGHPT_PT_PAE, 1UL << 40, SZ_4K },
	{ HIGHPT_PT_PAE, (1UL << 40) - 1, SZ_8K },
#endif
};

/*
 * Every range and frame-number check holds for every value of its type:
 * no sum wraps into an accepted range. Each bad call fails and changes
 * nothing: not the spaces, not a counter. Pool access, so that a bad
 * move fails instead of mapping a missing PTE page.
 */
static void highpt_store_test_bad_ranges(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(8, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_space *s[HIGHPT_PT_COUNT], *dst[HIGHPT_PT_COUNT];
	struct space_print before[HIGHPT_PT_COUNT];
	struct counters start;
	int f, i, op;

	fixture_pool(test, &cfg);
	for (f = 0; f < HIGHPT_PT_COUNT; f++) {
		s[f] = fixture_space(test, f, true, HIGHPT_ACCESS_POOL);
		dst[f] = fixture_space(test, f, true, HIGHPT_ACCESS_POOL);
		KUNIT_ASSERT_EQ(test, highpt_populate(s[f], 0, SZ_8K, 1,
						      HIGHPT_PTE_PRESENT), 0);
		before[f] = space_print(test, s[f]);
	}
	counters_take(&start);
	for (i = 0; i < ARRAY_SIZE(bad_ranges); i++)
		for (op = 0; op < BAD_OPS; op++)
			KUNIT_EXPECT_EQ_MSG(test,
					    bad_range_call(s[HIGHPT_PT_PAE],
							   dst[HIGHPT_PT_PAE], op,
							   bad_ranges[i].start,
							   bad_ranges[i].len),
					    -EINVAL, "%s 0x%x+0x%llx",
					    bad_op_names[op], bad_ranges[i].start,
					    bad_ranges[i].len);
	for (i = 0; i < ARRAY_SIZE(bad_pfns); i++) {
		struct highpt_space *sp = s[bad_pfns[i].format];

		KUNIT_EXPECT_EQ_MSG(test,
				    highpt_populate(sp, 0, bad_pfns[i].len,
						    bad_pfns[i].pfn,
						    HIGHPT_PTE_PRESENT),
				    -ERANGE, "populate %s pfn 0x%lx+0x%llx",
				    bad_pfns[i].format == HIGHPT_PT_PAE ? "pae" :
				    "legacy",
				    bad_pfns[i].pfn, bad_pfns[i].len);
		if (bad_pfns[i].len == SZ_4K)
			KUNIT_EXPECT_EQ_MSG(test,
					    highpt_pte_set(sp, 0x1000,
							   bad_pfns[i].pfn,
							   HIGHPT_PTE_PRESENT),
					    -ERANGE, "set pfn 0x%lx",
					    bad_pfns[i].pfn);
	}
	for (i = 0; i < HIGHPT_STAT_COUNT; i++)
		KUNIT_EXPECT_EQ_MSG(test, counters_delta(&start, i), 0,
				    "counter %s", highpt_stat_name(i));
	for (f = 0; f < HIGHPT_PT_COUNT; f++) {
		expect_same_print(test, s[f], &before[f]);
		highpt_space_info(dst[f], &before[f].info);
		KUNIT_EXPECT_EQ(test, before[f].info.pte_pages +
				before[f].info.present, 0);
		highpt_space_destroy(s[f]);
		highpt_space_destroy(dst[f]);
	}
	KUNIT_EXPECT_EQ(test, fixture_stats(test).in_use, 0);
}

/*
 * Copy and move map two PTE pages from one reservation of two: a pool
 * in reserve mode whose task_reserve is 1 cannot serve a space in pool
 * access, so such a space is refused when it is made, not at its first
 * fork. Local and nowait access reserve nothing and work.
 */
static void highpt_store_test_reserve_one(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(8, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_RESERVE);
	struct highpt_space_config scfg = {
		.format = HIGHPT_PT_PAE, .pte_highmem = true,
		.access = HIGHPT_ACCESS_POOL,
	};
	struct highpt_space *s, *child;
	struct counters start;
	int access;

	cfg.task_reserve = 1;
	scfg.pool = fixture_pool(test, &cfg);
	counters_take(&start);
	s = highpt_space_create(&scfg);
	if (!IS_ERR(s))
		highpt_space_destroy(s);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(s), -EINVAL);
	KUNIT_EXPECT_EQ(test, counters_delta(&start, HIGHPT_STAT_STORE_SPACES),
			0);
	for (access = 0; access < HIGHPT_ACCESS_COUNT; access++) {
		if (access == HIGHPT_ACCESS_POOL)
			continue;
		s = fixture_space(test, HIGHPT_PT_PAE, true, access);
		child = fixture_space(test, HIGHPT_PT_PAE, true, access);
		KUNIT_EXPECT_EQ(test, highpt_populate(s, 0, SZ_4M, 1,
						      HIGHPT_PTE_PRESENT), 0);
		KUNIT_EXPECT_EQ_MSG(test, highpt_copy_range(child, s, 0,
							    HIGHPT_SPACE_SIZE),
				    0, "access %d", access);
		KUNIT_EXPECT_EQ_MSG(test, highpt_move_range(s, 0, SZ_1G, SZ_4M),
				    0, "access %d", access);
		highpt_space_destroy(s);
		highpt_space_destroy(child);
	}
	KUNIT_EXPECT_EQ(test, fixture_stats(test).in_use, 0);
}

static struct kunit_case highpt_store_cases[] = {
	HIGHPT_KUNIT_CASE_SLOW(highpt_store_test_model_pae_highmem),
	HIGHPT_KUNIT_CASE_SLOW(highpt_store_test_model_pae_lowmem),
	HIGHPT_KUNIT_CASE_SLOW(highpt_store_test_model_legacy_highmem),
	HIGHPT_KUNIT_CASE_SLOW(highpt_store_test_model_legacy_lowmem),
	KUNIT_CASE(highpt_store_test_placement),
	HIGHPT_KUNIT_CASE_SLOW(highpt_store_test_memory),
	KUNIT_CASE(highpt_store_test_bad_calls),
	KUNIT_CASE(highpt_store_test_bad_ranges),
	KUNIT_CASE(highpt_store_test_reserve_one),
	{}
};

static struct kunit_suite highpt_store_suite = {
	.name = "highpt_store",
	.init = fixture_init,
	.exit = fixture_exit,
	.test_cases = highpt_store_cases,
};

kunit_test_suites(&highpt_store_suite);
