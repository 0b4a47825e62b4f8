// SPDX-License-Identifier: GPL-2.0
/*
 * The ctl command "touch N": fresh highmem pages written and read back
 * through kmap_local_page(), one at a time.
 */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ctl.h"

#define HIGHPT_TOUCH_MAX	(256U * 1024)	/* 1 GiB of 4 KiB pages */

static void highpt_touch_pattern(u32 *buf, u32 seed)
{
	size_t i;

	for (i = 0; i < PAGE_SIZE / sizeof(*buf); i++)
		buf[i] = seed * 2654435761U + i;
}

static int highpt_touch_one(u32 *pattern, u32 *readback, u32 seed)
{
	struct page *page;
	int ret = 0;

	page = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
	if (!page)
		return -ENOMEM;
	highpt_touch_pattern(pattern, seed);
	highpt_page_write(page, 0, pattern, PAGE_SIZE);
	highpt_page_read(page, 0, readback, PAGE_SIZE);
	if (memcmp(pattern, readback, PAGE_SIZE)) {
		highpt_stat_inc(HIGHPT_STAT_TOUCH_MISMATCHES);
		ret = -EIO;
	} else {
		highpt_stat_inc(HIGHPT_STAT_TOUCH_PAGES);
	}
	__free_page(page);
	return ret;
}

/* "touch N": write and verify N fresh highmem pages, one at a time. */
int highpt_ctl_touch(struct highpt_pool *pool, int argc, char **argv)
{
	u32 *pattern, *readback;
	u32 n, i;
	int ret;

	ret = highpt_ctl_u32(argv[0], 1, HIGHPT_TOUCH_MAX, &n);
	if (ret == -ERANGE)
		pr_info("ctl: touch: count must be 1..%u\n",
			HIGHPT_TOUCH_MAX);
	if (ret)
		return ret;
	pattern = kmalloc(PAGE_SIZE, GFP_KERNEL);
	readback = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!pattern || !readback) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n && !ret; i++) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		ret = highpt_touch_one(pattern, readback, i);
		cond_resched();
	}
out:
	kfree(readback);
	kfree(pattern);
	return ret;
}
