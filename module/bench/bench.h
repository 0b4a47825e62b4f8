/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmark's files share: bench.c runs the map cases and the
 * file, kmap.c is the kernel's kmap() baseline, store.c the store table.
 */
#ifndef _HIGHPT_BENCH_H
#define _HIGHPT_BENCH_H

#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "../internal.h"

struct page;

/* bench.c */
u64 highpt_bench_mean_ns(u64 total_ns, unsigned int nthreads,
			 unsigned int iters);

/*
 * Called before pair @i of a thread's run: every 1024 pairs it lets
 * others run (a long bench_iters must not hog the CPU) and ends the
 * run past @deadline, so no thread outlives the bench's wait for it.
 */
static inline int highpt_bench_tick(unsigned int i, unsigned long deadline)
{
	if (i % 1024)
		return 0;
	cond_resched();
	return time_after(jiffies, deadline) ? -ETIMEDOUT : 0;
}

/* kmap.c: the kernel's own kmap(), as the baseline */
int highpt_bench_kmap(struct page **pages, unsigned int nr_pages,
		      unsigned int iters, unsigned long deadline, u32 *sum);

/* store.c: the store's table */
int highpt_bench_store(struct seq_file *m, struct highpt_pool *pool);

/* Print " <value / base>" with two decimals. */
static inline void highpt_bench_ratio(struct seq_file *m, u64 value, u64 base)
{
	u64 r = base ? div64_u64(value * 100, base) : 0;
	u32 hundredths;

	r = div_u64_rem(r, 100, &hundredths);
	seq_printf(m, " %llu.%02u", r, hundredths);
}

#endif /* _HIGHPT_BENCH_H */
