// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_local: copying through kmap_local_page() reaches
 * the page, lands in highmem on a highmem kernel, and is counted.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/string.h>

#include "counters.h"

#define PATTERN_LEN 64

static void local_expect_delta(struct kunit *test,
			       const struct counters *before, s64 maps,
			       s64 highmem)
{
	KUNIT_EXPECT_EQ(test, counters_delta(before, HIGHPT_STAT_LOCAL_MAPS),
			maps);
	KUNIT_EXPECT_EQ(test, counters_delta(before,
					     HIGHPT_STAT_LOCAL_MAPS_HIGHMEM),
			highmem);
}

static struct page *local_alloc(struct kunit *test, gfp_t gfp)
{
	struct page *page = alloc_page(gfp);

	KUNIT_ASSERT_NOT_NULL(test, page);
	return page;
}

/* Write at an offset through highpt, check through a mapping of our own. */
static void local_roundtrip(struct kunit *test, struct page *page,
			    s64 highmem_per_map)
{
	u8 in[PATTERN_LEN], out[PATTERN_LEN];
	size_t offset = PAGE_SIZE - PATTERN_LEN;
	struct counters before;
	u8 *addr;
	int i;

	for (i = 0; i < PATTERN_LEN; i++)
		in[i] = 0xa5 ^ i;
	counters_take(&before);
	KUNIT_ASSERT_EQ(test, highpt_page_write(page, offset, in, sizeof(in)), 0);
	local_expect_delta(test, &before, 1, highmem_per_map);

	addr = kmap_local_page(page);
	KUNIT_EXPECT_EQ(test, memcmp(addr + offset, in, sizeof(in)), 0);
	memset(addr + offset, 0x3c, sizeof(out));
	kunmap_local(addr);

	counters_take(&before);
	KUNIT_ASSERT_EQ(test, highpt_page_read(page, offset, out, sizeof(out)), 0);
	local_expect_delta(test, &before, 1, highmem_per_map);
	KUNIT_EXPECT_NULL(test, memchr_inv(out, 0x3c, sizeof(out)));
}

static void highpt_local_test_highmem_page(struct kunit *test)
{
	struct page *page;

	if (!IS_ENABLED(CONFIG_HIGHMEM) || !totalhigh_pages())
		kunit_skip(test, "kernel has no highmem");
	page = local_alloc(test, GFP_HIGHUSER);
	KUNIT_EXPECT_TRUE(test, PageHighMem(page));
	local_roundtrip(test, page, PageHighMem(page) ? 1 : 0);
	__free_page(page);
}

static void highpt_local_test_lowmem_page(struct kunit *test)
{
	struct page *page = local_alloc(test, GFP_KERNEL);

	KUNIT_EXPECT_FALSE(test, PageHighMem(page));
	local_roundtrip(test, page, 0);
	__free_page(page);
}

static void highpt_local_test_bad_range(struct kunit *test)
{
	struct page *page = local_alloc(test, GFP_HIGHUSER);
	struct counters before;
	u8 buf[2] = {};

	counters_take(&before);

	KUNIT_EXPECT_EQ(test, highpt_page_write(page, PAGE_SIZE - 1, buf, 2),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_page_read(page, PAGE_SIZE + 1, buf, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_page_read(page, 1, buf, SIZE_MAX),
			-EINVAL);
	local_expect_delta(test, &before, 0, 0);
	/* Empty copies at the very end are valid, and still map the page. */
	KUNIT_EXPECT_EQ(test, highpt_page_read(page, PAGE_SIZE, buf, 0), 0);
	local_expect_delta(test, &before, 1, PageHighMem(page) ? 1 : 0);
	__free_page(page);
}

static struct kunit_case highpt_local_cases[] = {
	KUNIT_CASE(highpt_local_test_highmem_page),
	KUNIT_CASE(highpt_local_test_lowmem_page),
	KUNIT_CASE(highpt_local_test_bad_range),
	{}
};

static struct kunit_suite highpt_local_suite = {
	.name = "highpt_local",
	.test_cases = highpt_local_cases,
};

kunit_test_suites(&highpt_local_suite);
