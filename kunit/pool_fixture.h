/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_POOL_FIXTURE_H
#define _HIGHPT_KUNIT_POOL_FIXTURE_H

#include <highpt.h>

struct kunit;

#define FIXTURE_PAGES 64

/*
 * A private pool and numbered highmem pages for one test case, torn
 * down by the suite's exit even when the case fails an assertion.
 */
struct pool_fixture {
	struct highpt_pool *pool;
	struct page *pages[FIXTURE_PAGES];
};

int fixture_init(struct kunit *test);
void fixture_exit(struct kunit *test);
struct highpt_pool_config fixture_config(unsigned int slots,
					 enum highpt_flush_policy flush,
					 enum highpt_deadlock_mode deadlock);
struct highpt_pool *fixture_pool(struct kunit *test,
				 const struct highpt_pool_config *cfg);
struct page *fixture_page(struct kunit *test, int i);
u32 fixture_word(int page, unsigned int word);
bool fixture_check(const void *addr, int page);
struct highpt_pool_stats fixture_stats(struct kunit *test);

#endif /* _HIGHPT_KUNIT_POOL_FIXTURE_H */
