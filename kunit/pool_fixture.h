/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_POOL_FIXTURE_H
#define _HIGHPT_KUNIT_POOL_FIXTURE_H

#include <linux/list.h>

#include <highpt.h>

struct kunit;

#define FIXTURE_PAGES		64
#define FIXTURE_MAPS		32
#define FIXTURE_RESERVATIONS	4

/*
 * A private pool and numbered highmem pages for one test case, released
 * by a cleanup that fixture_init() registers, however the case ends.
 * Mappings and reservations taken through fixture_map() and
 * fixture_reserve() are the fixture's: the cleanup releases those the
 * case left, then destroys the pool, then frees the pages. A pool kept
 * busy by anything else is never destroyed under its users and its
 * pages are never freed while it may map them: the case fails and the
 * fixture waits, on an orphan list, until the pool is idle.
 */
struct pool_fixture {
	struct kunit *test;
	struct highpt_pool *pool;
	struct page *pages[FIXTURE_PAGES];
	struct highpt_mapping maps[FIXTURE_MAPS];
	struct highpt_reservation res[FIXTURE_RESERVATIONS];
	struct list_head orphan;
};

int fixture_init(struct kunit *test);
void fixture_exit(struct kunit *test);
int fixture_reap(void);
struct highpt_pool_config fixture_config(unsigned int slots,
					 enum highpt_flush_policy flush,
					 enum highpt_deadlock_mode deadlock);
struct highpt_pool *fixture_pool(struct kunit *test,
				 const struct highpt_pool_config *cfg);
struct page *fixture_page(struct kunit *test, int i);
struct highpt_mapping *fixture_map(struct kunit *test, int page,
				   unsigned int flags,
				   struct highpt_reservation *res);
void fixture_unmap(struct kunit *test, struct highpt_mapping *m);
struct highpt_reservation *fixture_reserve(struct kunit *test,
					   unsigned int nr);
void fixture_unreserve(struct kunit *test, struct highpt_reservation *res);
u32 fixture_word(int page, unsigned int word);
bool fixture_check(const void *addr, int page);
struct highpt_pool_stats fixture_stats(struct kunit *test);
struct highpt_space *fixture_space(struct kunit *test,
				   enum highpt_pt_format format, bool highmem,
				   enum highpt_pte_access access);

#endif /* _HIGHPT_KUNIT_POOL_FIXTURE_H */
