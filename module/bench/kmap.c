// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's baseline: the kernel's own deprecated kmap()/kunmap(),
 * the pkmap pool highpt's pool is measured against. Nothing else in
 * highpt calls kmap(); checkpatch's DEPRECATED_API check is waived for
 * this file alone (tools/highptlib/lint.py).
 */
#include <linux/highmem.h>

#include "bench.h"

/* Map and unmap pages[i % nr_pages], reading one word each time. */
u32 highpt_bench_kmap(struct page **pages, unsigned int nr_pages,
		      unsigned int iters)
{
	unsigned int i;
	u32 sum = 0;

	for (i = 0; i < iters; i++) {
		struct page *page = pages[i % nr_pages];

		sum += READ_ONCE(*(u32 *)kmap(page));
		kunmap(page);
	}
	return sum;
}
