// SPDX-License-Identifier: GPL-2.0
/*
 * Failing the n-th allocation of the calling task, as writing n to
 * /proc/self/fail-nth does: with CONFIG_FAULT_INJECTION, should_fail()
 * counts current->fail_nth down and fails the call that reaches 0,
 * whatever the attribute's probability. Calls that failslab or
 * fail_page_alloc filter out before should_fail() (their ignore-gfp-*
 * and min-order attributes) are not counted and never fail, so the
 * guest sets those attributes first (tools/guest/kunit-run).
 */
#include <linux/gfp.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "fault_nth.h"

#ifdef CONFIG_FAULT_INJECTION

/* Fail the @nth allocation of this task from now on; 0 fails none. */
void fault_nth_arm(unsigned int nth)
{
	WRITE_ONCE(current->fail_nth, nth);
}

/*
 * Stop injecting. Return: 0 if the armed failure was injected, else how
 * many more allocations it would have waited for.
 */
unsigned int fault_nth_disarm(void)
{
	unsigned int left = READ_ONCE(current->fail_nth);

	WRITE_ONCE(current->fail_nth, 0);
	return left;
}

#else

void fault_nth_arm(unsigned int nth)
{
}

unsigned int fault_nth_disarm(void)
{
	return 1;
}

#endif /* CONFIG_FAULT_INJECTION */

/* Whether the next order-0 highmem allocation that may reclaim can fail. */
static bool fault_nth_fails_page(void)
{
	struct page *page;
	unsigned int left;

	fault_nth_arm(1);
	page = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
	left = fault_nth_disarm();
	if (page)
		__free_page(page);
	return !page && !left;
}

/*
 * Whether a small kmalloc that may reclaim can fail. failslab decides
 * before the slab looks for a page, so a kmalloc that succeeds with the
 * failure armed was not seen by failslab.
 */
static bool fault_nth_fails_slab(void)
{
	unsigned int left;
	void *p;

	fault_nth_arm(1);
	p = kmalloc(32, GFP_KERNEL | __GFP_NOWARN);
	left = fault_nth_disarm();
	kfree(p);
	return !p && !left;
}

/**
 * fault_nth_missing() - why allocations cannot be failed one by one
 *
 * Tries one page allocation and one kmalloc, each with the first
 * allocation armed to fail.
 *
 * Return: NULL if they failed as armed, else the reason, for kunit_skip().
 */
const char *fault_nth_missing(void)
{
	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		return "kernel without CONFIG_FAULT_INJECTION";
	if (!IS_ENABLED(CONFIG_FAIL_PAGE_ALLOC))
		return "kernel without CONFIG_FAIL_PAGE_ALLOC";
	/* Without it (SLOB: 6.1's tinyconfig) a kmalloc rarely can fail. */
	if (!IS_ENABLED(CONFIG_FAILSLAB))
		return "kernel without CONFIG_FAILSLAB (it needs SLAB or SLUB)";
	if (!fault_nth_fails_page())
		return "fail_page_alloc filters GFP_HIGHUSER pages (set as kunit-run does)";
	if (!fault_nth_fails_slab())
		return "failslab filters GFP_KERNEL (set as kunit-run does)";
	return NULL;
}
