// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's baseline: the kernel's own deprecated kmap()/kunmap(),
 * the pkmap pool highpt's pool is measured against. Nothing else in
 * highpt calls kmap(); checkpatch's DEPRECATED_API check is waived for
 * this file alone (tools/highptlib/lint.py).
 */
#include <linux/highmem.h>

#include "bench.h"

/*
 * Map and unmap pages[i % nr_pages], adding one word of each to @sum.
 * Return: 0, or -ETIMEDOUT past @deadline.
 */
int highpt_bench_kmap(struct page **pages, unsigned int nr_pages,
		      unsigned int iters, unsigned long deadline, u32 *sum)
{
	unsigned int i;
	int ret;

	for (i = 0; i < iters; i++) {
		struct page *page = pages[i % nr_pages];

		ret = highpt_bench_tick(i, deadline);
		if (ret)
			return ret;
		*sum += READ_ONCE(*(u32 *)kmap(page));
		kunmap(page);
	}
	return 0;
}
