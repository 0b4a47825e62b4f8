// SPDX-License-Identifier: GPL-2.0
/*
 * Private pools and patterned highmem pages for the pool suites.
 */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#define HIGHPT_COMPAT_KUNIT
#include "../module/compat.h"
#include "pool_fixture.h"

#define WORDS (PAGE_SIZE / sizeof(u32))

/* Fixtures whose pool a failed case left busy, until it is idle. */
static LIST_HEAD(fixture_orphans);
static DEFINE_MUTEX(fixture_orphans_lock);

/* The pages go only after the pool: until then it may map them. */
static void fixture_free(struct pool_fixture *f)
{
	int i;

	for (i = 0; i < FIXTURE_PAGES; i++)
		if (f->pages[i])
			__free_page(f->pages[i]);
	kfree(f);
}

/* Whether @f's pool is gone, destroyed now or never created. */
static bool fixture_destroy_pool(struct pool_fixture *f)
{
	struct highpt_pool_stats st;

	if (!f->pool)
		return true;
	/* Not retried while in use: a refusal is logged each time. */
	highpt_pool_stats(f->pool, &st);
	if (st.in_use || highpt_pool_destroy(f->pool))
		return false;
	f->pool = NULL;
	return true;
}

/**
 * fixture_reap() - free the orphaned fixtures whose pool is now idle
 *
 * Context: process context; sleeps.
 * Return: how many are still orphaned.
 */
int fixture_reap(void)
{
	struct pool_fixture *f, *next;
	int left = 0;

	mutex_lock(&fixture_orphans_lock);
	list_for_each_entry_safe(f, next, &fixture_orphans, orphan) {
		if (fixture_destroy_pool(f)) {
			list_del(&f->orphan);
			fixture_free(f);
		} else {
			left++;
		}
	}
	mutex_unlock(&fixture_orphans_lock);
	return left;
}

/* The cleanup fixture_init() registers; runs however the case ends. */
static void fixture_release(void *data)
{
	struct pool_fixture *f = data;
	int i;

	/* The case's mappings first: some are drawn from its reservations. */
	for (i = 0; i < FIXTURE_MAPS; i++)
		if (f->maps[i].kind != HIGHPT_MAPPING_NONE)
			KUNIT_EXPECT_EQ(f->test, highpt_unmap(&f->maps[i]), 0);
	for (i = 0; i < FIXTURE_RESERVATIONS; i++)
		if (f->res[i].pool)
			KUNIT_EXPECT_EQ(f->test, highpt_unreserve(&f->res[i]), 0);
	if (fixture_destroy_pool(f)) {
		fixture_free(f);
	} else {
		KUNIT_FAIL(f->test,
			   "pool busy with mappings the fixture does not hold: kept with its pages until idle");
		mutex_lock(&fixture_orphans_lock);
		list_add_tail(&f->orphan, &fixture_orphans);
		mutex_unlock(&fixture_orphans_lock);
	}
	fixture_reap();
}

/**
 * fixture_init() - a suite's init: an empty fixture in @test->priv
 * @test: the test case
 *
 * Not KUnit-managed memory: a fixture whose pool stays busy outlives
 * its case (see struct pool_fixture).
 *
 * Return: 0 or -ENOMEM.
 */
int fixture_init(struct kunit *test)
{
	struct pool_fixture *f = kzalloc(sizeof(*f), GFP_KERNEL);
	int ret;

	if (!f)
		return -ENOMEM;
	f->test = test;
	INIT_LIST_HEAD(&f->orphan);
	ret = highpt_kunit_add_cleanup(test, fixture_release, f);
	if (!ret)
		test->priv = f;
	return ret;
}

/**
 * fixture_exit() - a suite's exit: nothing left to do
 * @test: the test case
 *
 * The fixture is released by its cleanup instead, which KUnit runs
 * after this and after every cleanup registered later, such as the
 * wait for a case's workers (kunit/workers.c), which may still be
 * using the pool.
 */
void fixture_exit(struct kunit *test)
{
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

/**
 * fixture_map() - map fixture page @page in the fixture's pool
 * @test: the test case
 * @page: the page's number
 * @flags: highpt_map()'s
 * @res: a reservation to draw from, or NULL
 *
 * Asserts that the map succeeds with a pool slot. The mapping is the
 * fixture's until fixture_unmap(): its cleanup unmaps it if the case
 * does not.
 *
 * Return: the handle.
 */
struct highpt_mapping *fixture_map(struct kunit *test, int page,
				   unsigned int flags,
				   struct highpt_reservation *res)
{
	struct pool_fixture *f = test->priv;
	struct highpt_mapping *m = NULL;
	struct page *pg = fixture_page(test, page);
	int i;

	for (i = 0; i < FIXTURE_MAPS && !m; i++)
		if (f->maps[i].kind == HIGHPT_MAPPING_NONE)
			m = &f->maps[i];
	KUNIT_ASSERT_NOT_NULL_MSG(test, m, "more than %d fixture mappings",
				  FIXTURE_MAPS);
	KUNIT_ASSERT_EQ(test, highpt_map(f->pool, pg, flags, res, m), 0);
	/* A kmap_local fallback is the mapping thread's, not a cleanup's. */
	if (m->kind != HIGHPT_MAPPING_POOL) {
		highpt_unmap(m);
		KUNIT_FAIL_AND_ABORT(test, "%s: no pool slot", __func__);
	}
	return m;
}

/**
 * fixture_unmap() - unmap what fixture_map() mapped
 * @test: the test case
 * @m: its handle
 */
void fixture_unmap(struct kunit *test, struct highpt_mapping *m)
{
	KUNIT_ASSERT_EQ(test, highpt_unmap(m), 0);
}

/**
 * fixture_reserve() - reserve @nr slots of the fixture's pool
 * @test: the test case
 * @nr: how many
 *
 * Asserts that the reservation is granted. It is the fixture's until
 * fixture_unreserve(): its cleanup ends it if the case does not.
 *
 * Return: the reservation.
 */
struct highpt_reservation *fixture_reserve(struct kunit *test,
					   unsigned int nr)
{
	struct pool_fixture *f = test->priv;
	struct highpt_reservation *res = NULL;
	int i;

	for (i = 0; i < FIXTURE_RESERVATIONS && !res; i++)
		if (!f->res[i].pool)
			res = &f->res[i];
	KUNIT_ASSERT_NOT_NULL_MSG(test, res, "more than %d fixture reservations",
				  FIXTURE_RESERVATIONS);
	KUNIT_ASSERT_EQ(test, highpt_reserve(f->pool, nr, res), 0);
	return res;
}

/**
 * fixture_unreserve() - end a reservation from fixture_reserve()
 * @test: the test case
 * @res: the reservation
 */
void fixture_unreserve(struct kunit *test, struct highpt_reservation *res)
{
	KUNIT_ASSERT_EQ(test, highpt_unreserve(res), 0);
}

struct highpt_pool_stats fixture_stats(struct kunit *test)
{
	struct pool_fixture *f = test->priv;
	struct highpt_pool_stats st;

	highpt_pool_stats(f->pool, &st);
	return st;
}

/**
 * fixture_space() - a new space on the fixture's pool
 * @test: the test case
 * @format: its entry format
 * @highmem: PTE pages in highmem
 * @access: how PTE pages are reached
 *
 * The case fails at once if the space cannot be made; the caller
 * destroys it.
 *
 * Return: the space.
 */
struct highpt_space *fixture_space(struct kunit *test,
				   enum highpt_pt_format format, bool highmem,
				   enum highpt_pte_access access)
{
	struct pool_fixture *f = test->priv;
	struct highpt_space_config cfg = {
		.format = format, .pte_highmem = highmem, .access = access,
		.pool = f->pool,
	};
	struct highpt_space *s = highpt_space_create(&cfg);

	KUNIT_ASSERT_FALSE(test, IS_ERR(s));
	return s;
}
