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

/**
 * highpt_bench_kernel_costs() - what a kernel case costs, by its code
 * @which: BENCH_LOWMEM, BENCH_KMAP_LOCAL, BENCH_KMAP_CACHED or
 *	BENCH_KMAP_FRESH
 * @page: the page the case maps (the first, for BENCH_KMAP_FRESH)
 * @nr_pages: how many pages the case cycles through, over all threads
 * @pairs: map+unmap pairs run
 * @c: filled in, counted as highpt's pool counts its own
 *
 * A module cannot count inside mm/highmem.c, so this follows its code:
 *  - page_address(): nothing;
 *  - kmap_local_page() of a highmem page, or of any page with
 *    DEBUG_KMAP_LOCAL_FORCE_MAP: a PTE set and cleared, and one invlpg
 *    on this CPU at the unmap; no lock, no other CPU;
 *  - kmap() of a highmem page: kmap() and kunmap() each take kmap_lock
 *    and, in page_address(), the page-address hash lock: 4 locks; a
 *    page still mapped costs no PTE write. Cycling more pages (over all
 *    threads) than LAST_PKMAP, each map takes a new slot (a PTE write,
 *    and set_page_address() takes the hash lock), and at each wrap of
 *    the cursor, every LAST_PKMAP maps, the unused slots are cleared
 *    (a PTE write and the hash lock each) and flush_tlb_kernel_range()
 *    of the whole pkmap area runs on every CPU, which x86 does as a
 *    full flush (it spans more than tlb_single_page_flush_ceiling
 *    pages): 6 locks per pair.
 */
void highpt_bench_kernel_costs(enum bench_case which, struct page *page,
			       unsigned int nr_pages, u64 pairs,
			       struct bench_costs *c)
{
	memset(c, 0, sizeof(*c));
	if (which == BENCH_KMAP_LOCAL) {
		if (PageHighMem(page) ||
		    IS_ENABLED(CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP)) {
			c->pte_writes = 2 * pairs;
			c->invlpg = pairs;
		}
		return;
	}
	if ((which != BENCH_KMAP_CACHED && which != BENCH_KMAP_FRESH) ||
	    !PageHighMem(page))
		return;
	c->lock_acquisitions = 4 * pairs;
#ifdef CONFIG_HIGHMEM
	if (nr_pages > LAST_PKMAP) {
		u64 wraps = div_u64(pairs, LAST_PKMAP);

		c->lock_acquisitions = 6 * pairs;
		c->pte_writes = 2 * pairs;
		c->flush_calls = wraps;
		c->full_flushes = wraps * num_online_cpus();
	}
#endif
}
