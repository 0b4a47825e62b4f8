// SPDX-License-Identifier: GPL-2.0
/*
 * Private pools and patterned highmem pages for the pool suites.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/minmax.h>
#include <linux/slab.h>

#include "pool_fixture.h"

#define WORDS (PAGE_SIZE / sizeof(u32))

int fixture_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct pool_fixture),
				   GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

void fixture_exit(struct kunit *test)
{
	struct pool_fixture *f = test->priv;
	int i;

	if (f->pool)
		KUNIT_EXPECT_EQ(test, highpt_pool_destroy(f->pool), 0);
	for (i = 0; i < FIXTURE_PAGES; i++)
		if (f->pages[i])
			__free_page(f->pages[i]);
}

struct highpt_pool_config fixture_config(unsigned int slots,
					 enum highpt_flush_policy flush,
					 enum highpt_deadlock_mode deadlock)
{
	return (struct highpt_pool_config) {
		.name = "kunit",
		.slots = slots,
		.flush = flush,
		.deadlock = deadlock,
		.task_reserve = min(3U, slots),
		.wait_ms = 2000,
	};
}

struct highpt_pool *fixture_pool(struct kunit *test,
				 const struct highpt_pool_config *cfg)
{
	struct pool_fixture *f = test->priv;
	struct highpt_pool *pool;

	KUNIT_ASSERT_NULL(test, f->pool);
	pool = highpt_pool_create(cfg);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(pool), "pool_create: %ld",
			       PTR_ERR(pool));
	f->pool = pool;
	return pool;
}

u32 fixture_word(int page, unsigned int word)
{
	return (u32)page << 16 ^ word ^ 0x5a000000;
}

/* Page @i, allocated from highmem on first use and filled with its pattern. */
struct page *fixture_page(struct kunit *test, int i)
{
	struct pool_fixture *f = test->priv;
	unsigned int w;
	u32 *p;

	KUNIT_ASSERT_LT(test, i, FIXTURE_PAGES);
	if (f->pages[i])
		return f->pages[i];
	f->pages[i] = alloc_page(GFP_HIGHUSER);
	KUNIT_ASSERT_NOT_NULL(test, f->pages[i]);
	p = kmap_local_page(f->pages[i]);
	for (w = 0; w < WORDS; w++)
		p[w] = fixture_word(i, w);
	kunmap_local(p);
	return f->pages[i];
}

/* Whether @addr shows page @i's pattern, every word of it. */
bool fixture_check(const void *addr, int page)
{
	const u32 *p = addr;
	unsigned int w;

	for (w = 0; w < WORDS; w++)
		if (p[w] != fixture_word(page, w))
			return false;
	return true;
}

struct highpt_pool_stats fixture_stats(struct kunit *test)
{
	struct pool_fixture *f = test->priv;
	struct highpt_pool_stats st;

	highpt_pool_stats(f->pool, &st);
	return st;
}
