// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_pool: slot counts, hits and persistence, the stale
 * state, wraps and flushes under both policies, series classes, NOWAIT
 * fallback, and every error path.
 */
#include <kunit/test.h>
#include <linux/highmem.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>

#include "pool_fixture.h"

static void map_ok(struct kunit *test, struct highpt_pool *pool, int page,
		   unsigned int flags, struct highpt_reservation *res,
		   struct highpt_mapping *m)
{
	KUNIT_ASSERT_EQ(test, highpt_map(pool, fixture_page(test, page), flags,
					 res, m), 0);
	KUNIT_ASSERT_EQ(test, m->kind, HIGHPT_MAPPING_POOL);
	KUNIT_EXPECT_TRUE_MSG(test, fixture_check(m->addr, page),
			      "page %d reads wrong through its slot", page);
}

static void highpt_pool_test_hit_and_persistence(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(8, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct highpt_mapping a, b, c;
	struct highpt_pool_stats st;
	void *slot;
	u32 *local;

	map_ok(test, pool, 0, 0, NULL, &a);
	slot = a.addr;
	map_ok(test, pool, 0, 0, NULL, &b);
	KUNIT_EXPECT_PTR_EQ(test, a.addr, b.addr);
	/* A write through the slot lands in the page itself. */
	*(u32 *)a.addr = 0xdeadbeef;
	local = kmap_local_page(fixture_page(test, 0));
	KUNIT_EXPECT_EQ(test, *local, 0xdeadbeef);
	*local = fixture_word(0, 0);
	kunmap_local(local);
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.maps, 2);
	KUNIT_EXPECT_EQ(test, st.misses, 1);
	KUNIT_EXPECT_EQ(test, st.hits, 1);
	KUNIT_EXPECT_EQ(test, st.in_use, 1);

	KUNIT_EXPECT_EQ(test, highpt_unmap(&a), 0);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).stale, 0);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&b), 0);
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.in_use, 0);
	KUNIT_EXPECT_EQ(test, st.stale, 1);
	KUNIT_EXPECT_EQ(test, st.unmaps, 2);

	/* Persistence: the stale slot still holds the page; a hit revives it. */
	map_ok(test, pool, 0, 0, NULL, &c);
	KUNIT_EXPECT_PTR_EQ(test, c.addr, slot);
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.misses, 1);
	KUNIT_EXPECT_EQ(test, st.hits, 2);
	KUNIT_EXPECT_EQ(test, st.stale, 0);
	KUNIT_EXPECT_EQ(test, st.pages_flushed, 0);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&c), 0);
}

static void expect_lazy(struct kunit *test, u64 stale, u64 flushes, u64 pages)
{
	struct highpt_pool_stats st = fixture_stats(test);

	KUNIT_EXPECT_EQ(test, st.stale, stale);
	KUNIT_EXPECT_EQ(test, st.flushes_lazy, flushes);
	KUNIT_EXPECT_EQ(test, st.pages_flushed, pages);
}

/*
 * Lazy: unused slots stay stale and are not handed out while free ones
 * remain; the wrap flushes them all at once, and only then are they
 * reused, each showing its new page.
 */
static void highpt_pool_test_stale_until_wrap(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(4, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct highpt_mapping m, held;
	void *addr[3];
	int i, j;

	for (i = 0; i < 3; i++) {
		map_ok(test, pool, i, 0, NULL, &m);
		addr[i] = m.addr;
		KUNIT_EXPECT_EQ(test, highpt_unmap(&m), 0);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_PTR_NE(test, addr[i], addr[j]);
		expect_lazy(test, i + 1, 0, 0);
	}
	/* The cursor wraps to the last free slot: all three stale flushed. */
	map_ok(test, pool, 3, 0, NULL, &held);
	for (j = 0; j < 3; j++)
		KUNIT_EXPECT_PTR_NE(test, held.addr, addr[j]);
	expect_lazy(test, 0, 1, 3);
	/* Now the flushed slots take new pages, in cursor order. */
	for (i = 4; i < 7; i++) {
		map_ok(test, pool, i, 0, NULL, &m);
		KUNIT_EXPECT_PTR_EQ(test, m.addr, addr[i - 4]);
		KUNIT_EXPECT_EQ(test, highpt_unmap(&m), 0);
	}
	expect_lazy(test, 3, 1, 3);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&held), 0);
}

/*
 * Cycle twelve pages through four slots. Every slot is reused for other
 * pages, so reading each page's full pattern through its slot also
 * catches a missing flush on this CPU.
 */
static void pool_cycle(struct kunit *test, enum highpt_flush_policy flush)
{
	struct highpt_pool_config cfg = fixture_config(4, flush,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct highpt_pool_stats st;
	struct highpt_mapping m;
	int i;

	for (i = 0; i < 12; i++) {
		map_ok(test, pool, i, 0, NULL, &m);
		KUNIT_EXPECT_EQ(test, highpt_unmap(&m), 0);
	}
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.misses, 12);
	KUNIT_EXPECT_EQ(test, st.hits, 0);
	/*
	 * The cursor starts at slot 0 and hands out 1, 2, 3, then wraps to
	 * 0: pages 4, 8 and 12 each come at a wrap, which finds 3, 4 and 4
	 * stale slots. Page 12's slot is the only one stale at the end.
	 */
	KUNIT_EXPECT_EQ(test, st.wraps, 3);
	if (flush == HIGHPT_FLUSH_LAZY) {
		expect_lazy(test, 1, 3, 3 + 4 + 4);
		KUNIT_EXPECT_EQ(test, st.flushes_eager, 0);
	} else {
		KUNIT_EXPECT_EQ(test, st.flushes_lazy, 0);
		KUNIT_EXPECT_EQ(test, st.flushes_eager, 12);
		KUNIT_EXPECT_EQ(test, st.pages_flushed, 12);
		KUNIT_EXPECT_EQ(test, st.stale, 0);
	}
}

static void highpt_pool_test_cycle_lazy(struct kunit *test)
{
	pool_cycle(test, HIGHPT_FLUSH_LAZY);
}

static void highpt_pool_test_cycle_eager(struct kunit *test)
{
	pool_cycle(test, HIGHPT_FLUSH_EAGER);
}

/* Eager: no stale state, so no persistence either. */
static void highpt_pool_test_eager_no_stale(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(4, HIGHPT_FLUSH_EAGER,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct highpt_mapping m;

	map_ok(test, pool, 0, 0, NULL, &m);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&m), 0);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).stale, 0);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).flushes_eager, 1);
	map_ok(test, pool, 0, 0, NULL, &m);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).misses, 2);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&m), 0);
}

static void highpt_pool_test_series_classes(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(7, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_SERIES);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct highpt_mapping m[HIGHPT_CLASS_COUNT], again;
	struct highpt_reservation res = {};
	int c, d;

	/* One page in every class: three slots, three addresses. */
	for (c = 0; c < HIGHPT_CLASS_COUNT; c++) {
		map_ok(test, pool, 0, HIGHPT_MAP_CLASS(c), NULL, &m[c]);
		for (d = 0; d < c; d++)
			KUNIT_EXPECT_PTR_NE(test, m[c].addr, m[d].addr);
	}
	KUNIT_EXPECT_EQ(test, fixture_stats(test).misses, HIGHPT_CLASS_COUNT);
	/* A hit only within the class. */
	map_ok(test, pool, 0, HIGHPT_MAP_CLASS(HIGHPT_CLASS_PAGETABLE), NULL,
	       &again);
	KUNIT_EXPECT_PTR_EQ(test, again.addr, m[HIGHPT_CLASS_PAGETABLE].addr);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&again), 0);
	for (c = 0; c < HIGHPT_CLASS_COUNT; c++)
		KUNIT_EXPECT_EQ(test, highpt_unmap(&m[c]), 0);
	KUNIT_EXPECT_EQ(test, highpt_reserve(pool, 1, &res), -EOPNOTSUPP);
}

/* NOWAIT with no free slot falls back to kmap_local, never sleeping. */
static void highpt_pool_test_nowait_fallback(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(2, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct highpt_mapping held[2], nw, hit;
	struct page *third = fixture_page(test, 2);
	struct highpt_pool_stats st;
	int ret;

	map_ok(test, pool, 0, 0, NULL, &held[0]);
	map_ok(test, pool, 1, 0, NULL, &held[1]);
	/* Atomic context: DEBUG_ATOMIC_SLEEP would report any sleep. */
	preempt_disable();
	ret = highpt_map(pool, third, HIGHPT_MAP_NOWAIT, NULL, &nw);
	if (!ret && nw.kind == HIGHPT_MAPPING_LOCAL) {
		KUNIT_EXPECT_TRUE(test, fixture_check(nw.addr, 2));
		KUNIT_EXPECT_EQ(test, highpt_unmap(&nw), 0);
	}
	preempt_enable();
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, nw.kind, HIGHPT_MAPPING_NONE);
	/* A page already in a slot is still a pool hit. */
	map_ok(test, pool, 1, HIGHPT_MAP_NOWAIT, NULL, &hit);
	KUNIT_EXPECT_PTR_EQ(test, hit.addr, held[1].addr);
	st = fixture_stats(test);
	KUNIT_EXPECT_EQ(test, st.nowait_fallbacks, 1);
	KUNIT_EXPECT_EQ(test, st.waits, 0);
	KUNIT_EXPECT_EQ(test, st.maps, 3);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&hit), 0);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&held[0]), 0);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&held[1]), 0);
}

/*
 * An unreserved hit on a stale slot takes a slot, as a miss does: when
 * the only stale slot is set aside for a reservation it must not be
 * revived, or the reserved map after it finds nothing and sleeps.
 */
static void highpt_pool_test_reserved_after_stale_hit(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(2, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_RESERVE);
	struct highpt_reservation res = {};
	struct highpt_mapping h0, h1, u, r;
	struct highpt_pool *pool;
	struct page *page2;
	int ret;

	cfg.task_reserve = 1;
	cfg.wait_ms = 200;	/* bounds the sleep of a broken pool */
	pool = fixture_pool(test, &cfg);
	page2 = fixture_page(test, 2);	/* allocated before atomic context */
	map_ok(test, pool, 0, 0, NULL, &h0);
	map_ok(test, pool, 1, 0, NULL, &h1);
	KUNIT_ASSERT_EQ(test, highpt_unmap(&h0), 0);
	/* One stale slot (page 0's), no free one: it backs the reservation. */
	KUNIT_ASSERT_EQ(test, highpt_reserve(pool, 1, &res), 0);
	KUNIT_ASSERT_EQ(test, highpt_map(pool, fixture_page(test, 0),
					 HIGHPT_MAP_NOWAIT, NULL, &u), 0);
	KUNIT_EXPECT_EQ(test, u.kind, HIGHPT_MAPPING_LOCAL);
	/* Atomic context: DEBUG_ATOMIC_SLEEP would report any sleep. */
	preempt_disable();
	ret = highpt_map(pool, page2, 0, &res, &r);
	preempt_enable();
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).waits, 0);
	if (!ret) {
		KUNIT_EXPECT_TRUE(test, fixture_check(r.addr, 2));
		KUNIT_EXPECT_EQ(test, highpt_unmap(&r), 0);
	}
	KUNIT_EXPECT_TRUE(test, fixture_check(u.addr, 0));
	KUNIT_EXPECT_EQ(test, highpt_unmap(&u), 0);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&h1), 0);
	KUNIT_EXPECT_EQ(test, highpt_unreserve(&res), 0);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).in_use, 0);
}

/*
 * A copy of a handle is not a handle: unmapping it after the original
 * must fail and leave the slot's other user mapped.
 */
static void highpt_pool_test_copied_handle(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(4, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_mapping h[2], copy;
	struct highpt_pool *pool;
	int i;

	pool = fixture_pool(test, &cfg);
	for (i = 0; i < 2; i++)
		map_ok(test, pool, 0, 0, NULL, &h[i]);
	KUNIT_EXPECT_PTR_EQ(test, h[0].addr, h[1].addr);
	copy = h[0];
	KUNIT_EXPECT_EQ(test, highpt_unmap(&h[0]), 0);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&copy), -EINVAL);
	/* The slot still has its other user: in use, not stale. */
	KUNIT_EXPECT_EQ(test, fixture_stats(test).unmaps, 1);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).errors, 1);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).in_use, 1);
	expect_lazy(test, 0, 0, 0);
	KUNIT_EXPECT_TRUE(test, fixture_check(h[1].addr, 0));
	KUNIT_EXPECT_EQ(test, highpt_unmap(&h[1]), 0);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).in_use, 0);
	expect_lazy(test, 1, 0, 0);
}

/*
 * A lazy map that wraps, or an eager last unmap, flushes every CPU by
 * IPI: with interrupts disabled that can deadlock, so the pool refuses
 * the call and changes nothing.
 */
static void highpt_pool_test_irqs_off_map(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(1, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct page *page = fixture_page(test, 1);
	struct highpt_mapping m;
	unsigned long flags;
	int ret;

	map_ok(test, pool, 0, 0, NULL, &m);
	KUNIT_ASSERT_EQ(test, highpt_unmap(&m), 0);
	/* Page 1 needs the stale slot: a wrap, and its flush. */
	local_irq_save(flags);
	ret = highpt_map(pool, page, HIGHPT_MAP_NOWAIT, NULL, &m);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, ret, -EDEADLK);
	KUNIT_EXPECT_EQ(test, m.kind, HIGHPT_MAPPING_NONE);
	if (!ret)
		KUNIT_EXPECT_EQ(test, highpt_unmap(&m), 0);
	expect_lazy(test, 1, 0, 0);	/* no flush: the stale slot stays */
	map_ok(test, pool, 1, 0, NULL, &m);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&m), 0);
}

static void highpt_pool_test_irqs_off_unmap(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(1, HIGHPT_FLUSH_EAGER,
						       HIGHPT_DEADLOCK_NONE);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct highpt_mapping m;
	unsigned long flags;
	int ret;

	map_ok(test, pool, 0, 0, NULL, &m);
	local_irq_save(flags);
	ret = highpt_unmap(&m);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, ret, -EDEADLK);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).flushes_eager, 0);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).in_use, ret ? 1 : 0);
	if (ret) {
		KUNIT_EXPECT_TRUE(test, fixture_check(m.addr, 0));
		KUNIT_EXPECT_EQ(test, highpt_unmap(&m), 0);
	}
}

static void highpt_pool_test_bad_map_calls(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(4, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_RESERVE);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct page *page = fixture_page(test, 0);
	struct highpt_mapping m = {};

	KUNIT_EXPECT_EQ(test, highpt_unmap(&m), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_unmap(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_map(pool, NULL, 0, NULL, &m), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_map(pool, page, 0x100, NULL, &m), -EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_map(pool, page, HIGHPT_MAP_CLASS(1), NULL,
					 &m), -EINVAL);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).errors, 3);

	map_ok(test, pool, 0, 0, NULL, &m);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&m), 0);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&m), -EINVAL);	/* twice */
	KUNIT_EXPECT_EQ(test, fixture_stats(test).errors, 4);
}

/* Reservations: size, overflow, busy, and a foreign reservation. */
static void highpt_pool_test_bad_reservations(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(4, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_RESERVE);
	struct highpt_pool *pool = fixture_pool(test, &cfg);
	struct page *page = fixture_page(test, 0);
	struct highpt_reservation res = {}, other = {};
	struct highpt_mapping r[4];
	u64 errors;

	KUNIT_EXPECT_EQ(test, highpt_reserve(pool, 4, &res), -EINVAL);
	KUNIT_ASSERT_EQ(test, highpt_reserve(pool, 2, &res), 0);
	KUNIT_EXPECT_EQ(test, highpt_reserve(pool, 1, &res), -EBUSY);
	map_ok(test, pool, 1, 0, &res, &r[0]);
	map_ok(test, pool, 2, 0, &res, &r[1]);
	errors = fixture_stats(test).errors;
	KUNIT_EXPECT_EQ(test, highpt_map(pool, fixture_page(test, 3), 0, &res,
					 &r[2]), -ENOSPC);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).reservation_overflows, 1);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).errors, errors + 1);
	KUNIT_EXPECT_EQ(test, highpt_map(pool, page, 0, &other, &r[3]),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, highpt_unreserve(&res), -EBUSY);
	/* Destroying a pool in use is refused and changes nothing. */
	KUNIT_EXPECT_EQ(test, highpt_pool_destroy(pool), -EBUSY);
	KUNIT_EXPECT_TRUE(test, fixture_check(r[0].addr, 1));
	KUNIT_EXPECT_EQ(test, highpt_unmap(&r[0]), 0);
	KUNIT_EXPECT_EQ(test, highpt_unmap(&r[1]), 0);
	KUNIT_EXPECT_EQ(test, highpt_unreserve(&res), 0);
	KUNIT_EXPECT_EQ(test, highpt_unreserve(&res), -EINVAL);
	KUNIT_EXPECT_EQ(test, fixture_stats(test).reservations, 1);
}

struct bad_config {
	const char *what;
	struct highpt_pool_config cfg;
};

static void highpt_pool_test_bad_configs(struct kunit *test)
{
	const struct highpt_pool_config ok =
		fixture_config(8, HIGHPT_FLUSH_LAZY, HIGHPT_DEADLOCK_NONE);
	struct bad_config bad[] = {
		{ "no slots", ok }, { "too many slots", ok },
		{ "series with 2 slots", ok }, { "no reserve", ok },
		{ "reserve over slots", ok }, { "reserve over max", ok },
		{ "no wait", ok }, { "wait too long", ok },
		{ "flush policy", ok }, { "deadlock mode", ok },
	};
	struct highpt_pool *pool;
	int i;

	bad[0].cfg.slots = 0;
	bad[1].cfg.slots = HIGHPT_POOL_MAX_SLOTS + 1;
	bad[2].cfg.slots = 2;
	bad[2].cfg.deadlock = HIGHPT_DEADLOCK_SERIES;
	bad[3].cfg.task_reserve = 0;
	bad[4].cfg.slots = 2;
	bad[5].cfg.task_reserve = HIGHPT_POOL_MAX_RESERVE + 1;
	bad[6].cfg.wait_ms = 0;
	bad[7].cfg.wait_ms = HIGHPT_POOL_MAX_WAIT_MS + 1;
	bad[8].cfg.flush = HIGHPT_FLUSH_COUNT;
	bad[9].cfg.deadlock = HIGHPT_DEADLOCK_COUNT;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		pool = highpt_pool_create(&bad[i].cfg);
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(pool), -EINVAL, "%s",
				    bad[i].what);
		if (!IS_ERR(pool))
			highpt_pool_destroy(pool);
	}
	KUNIT_EXPECT_EQ(test, PTR_ERR(highpt_pool_create(NULL)), -EINVAL);
	pool = highpt_pool_create(&ok);
	KUNIT_ASSERT_FALSE(test, IS_ERR(pool));
	KUNIT_EXPECT_EQ(test, highpt_pool_destroy(pool), 0);
}

static struct kunit_case highpt_pool_cases[] = {
	KUNIT_CASE(highpt_pool_test_hit_and_persistence),
	KUNIT_CASE(highpt_pool_test_stale_until_wrap),
	KUNIT_CASE(highpt_pool_test_cycle_lazy),
	KUNIT_CASE(highpt_pool_test_cycle_eager),
	KUNIT_CASE(highpt_pool_test_eager_no_stale),
	KUNIT_CASE(highpt_pool_test_series_classes),
	KUNIT_CASE(highpt_pool_test_nowait_fallback),
	KUNIT_CASE(highpt_pool_test_reserved_after_stale_hit),
	KUNIT_CASE(highpt_pool_test_copied_handle),
	KUNIT_CASE(highpt_pool_test_irqs_off_map),
	KUNIT_CASE(highpt_pool_test_irqs_off_unmap),
	KUNIT_CASE(highpt_pool_test_bad_map_calls),
	KUNIT_CASE(highpt_pool_test_bad_reservations),
	KUNIT_CASE(highpt_pool_test_bad_configs),
	{}
};

static struct kunit_suite highpt_pool_suite = {
	.name = "highpt_pool",
	.init = fixture_init,
	.exit = fixture_exit,
	.test_cases = highpt_pool_cases,
};

kunit_test_suites(&highpt_pool_suite);
