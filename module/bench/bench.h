/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmark's files share: bench.c prints the main table and
 * the file, run.c runs the cases, sweep.c the pool against its size and
 * threads, kmap.c is the kernel's kmap() baseline, store.c the store
 * table.
 */
#ifndef _HIGHPT_BENCH_H
#define _HIGHPT_BENCH_H

#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "../internal.h"

struct page;

#define BENCH_THREADS	4	/* the most any table runs at */
#define BENCH_SLOTS	512
#define BENCH_PAGES	(2 * BENCH_SLOTS)	/* every map of a cycle misses */

enum bench_case {
	BENCH_LOWMEM,
	BENCH_KMAP_LOCAL,
	BENCH_KMAP_CACHED,
	BENCH_KMAP_FRESH,
	BENCH_HIT,
	BENCH_MISS_LAZY,
	BENCH_MISS_EAGER,
	BENCH_SWEEP,		/* misses on @sweep, cycling @sweep_pages */
	BENCH_COUNT
};

struct bench_thread {
	struct page *pages[BENCH_PAGES];
	struct page *lowmem;
	u64 ns;
	u32 sink;
};

struct bench {
	enum bench_case which;
	unsigned int iters;
	unsigned long deadline;		/* of the current trial */
	struct highpt_pool *lazy, *eager, *sweep;
	unsigned int sweep_pages;
	struct bench_thread t[BENCH_THREADS];
	struct highpt_fanout f;
};

/*
 * What a case cost, summed over its pairs: counts that do not depend on
 * the CPU or the emulator, where the times do.
 */
struct bench_costs {
	u64 pte_writes;
	u64 invlpg;
	u64 full_flushes;
	u64 flush_calls;
	u64 lock_acquisitions;
};

/* run.c */
u64 highpt_bench_mean_ns(u64 total_ns, unsigned int nthreads,
			 unsigned int iters);
int highpt_bench_best(struct bench *b, int nthreads, unsigned int trials,
		      u64 *ns, struct highpt_pool *pool,
		      struct bench_costs *costs);
void highpt_bench_costs_print(struct seq_file *m,
			      const struct bench_costs *c, u64 pairs);

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
void highpt_bench_kernel_costs(enum bench_case which, struct page *page,
			       unsigned int nr_pages, u64 pairs,
			       struct bench_costs *c);

/* sweep.c: the pool against its size and threads */
int highpt_bench_sweep(struct seq_file *m, struct bench *b);

/* store.c: the store's table */
int highpt_bench_store(struct seq_file *m, struct highpt_pool *pool);

/* Print " <count / n>" with @digits decimals (at most 9). */
static inline void highpt_bench_per(struct seq_file *m, u64 count, u64 n,
				    unsigned int digits)
{
	u32 scale = 1, frac;
	unsigned int i;
	u64 r;

	for (i = 0; i < digits; i++)
		scale *= 10;
	r = n ? div64_u64(count * scale, n) : 0;
	r = div_u64_rem(r, scale, &frac);
	seq_printf(m, " %llu.%0*u", r, (int)digits, frac);
}

/* Print " <value / base>" with two decimals. */
static inline void highpt_bench_ratio(struct seq_file *m, u64 value, u64 base)
{
	highpt_bench_per(m, value, base, 2);
}

#endif /* _HIGHPT_BENCH_H */
