// SPDX-License-Identifier: GPL-2.0
/*
 * Running the bench's cases: each case's loop, the threads that run it
 * at once, the best of several trials, and what the pool counted.
 */
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "bench.h"

/*
 * One trial of one case, far beyond any seen under TCG with the default
 * bench_iters; a thread past it stops with -ETIMEDOUT (bench.h).
 */
#define BENCH_TIMEOUT	(600 * HZ)

static int bench_lowmem(struct page *page, unsigned int iters,
			unsigned long deadline, u32 *sum)
{
	unsigned int i;
	int ret;

	for (i = 0; i < iters; i++) {
		ret = highpt_bench_tick(i, deadline);
		if (ret)
			return ret;
		*sum += READ_ONCE(*(u32 *)page_address(page));
	}
	return 0;
}

static int bench_local(struct page *page, unsigned int iters,
		       unsigned long deadline, u32 *sum)
{
	unsigned int i;
	int ret;

	for (i = 0; i < iters; i++) {
		u32 *p;

		ret = highpt_bench_tick(i, deadline);
		if (ret)
			return ret;
		p = kmap_local_page(page);
		*sum += READ_ONCE(*p);
		kunmap_local(p);
	}
	return 0;
}

static int bench_pool(struct highpt_pool *pool, struct page **pages,
		      unsigned int nr_pages, unsigned int iters,
		      unsigned long deadline, u32 *sum)
{
	struct highpt_mapping m;
	unsigned int i;
	int ret;

	for (i = 0; i < iters; i++) {
		ret = highpt_bench_tick(i, deadline);
		if (ret)
			return ret;
		ret = highpt_map(pool, pages[i % nr_pages], 0, NULL, &m);
		if (ret)
			return ret;
		*sum += READ_ONCE(*(u32 *)m.addr);
		highpt_unmap(&m);
	}
	return 0;
}

static int bench_case(struct bench *b, struct bench_thread *t)
{
	unsigned long end = b->deadline;
	struct highpt_mapping hold;
	unsigned int n = b->iters;
	u32 sum = 0;
	int ret;

	switch (b->which) {
	case BENCH_LOWMEM:
		ret = bench_lowmem(t->lowmem, n, end, &sum);
		break;
	case BENCH_KMAP_LOCAL:
		ret = bench_local(t->pages[0], n, end, &sum);
		break;
	case BENCH_KMAP_CACHED:
		ret = highpt_bench_kmap(t->pages, 1, n, end, &sum);
		break;
	case BENCH_KMAP_FRESH:
		ret = highpt_bench_kmap(t->pages, BENCH_PAGES, n, end, &sum);
		break;
	case BENCH_HIT:
		/* A mapping held throughout: every pair is a hit. */
		ret = highpt_map(b->lazy, t->pages[0], 0, NULL, &hold);
		if (ret)
			break;
		ret = bench_pool(b->lazy, t->pages, 1, n, end, &sum);
		highpt_unmap(&hold);
		break;
	case BENCH_MISS_LAZY:
		ret = bench_pool(b->lazy, t->pages, BENCH_PAGES, n, end, &sum);
		break;
	case BENCH_MISS_EAGER:
		ret = bench_pool(b->eager, t->pages, BENCH_PAGES, n, end, &sum);
		break;
	default:
		ret = bench_pool(b->sweep, t->pages, b->sweep_pages, n, end,
				 &sum);
		break;
	}
	t->sink = sum;
	return ret;
}

static int bench_thread(struct highpt_fanout *f, int id)
{
	struct bench *b = f->ctx;
	struct bench_thread *t = &b->t[id];
	u64 t0 = ktime_get_ns();
	int ret;

	ret = bench_case(b, t);
	t->ns = ktime_get_ns() - t0;
	return ret;
}

/**
 * highpt_bench_mean_ns() - mean time of one pair
 * @total_ns: the time every thread took, summed
 * @nthreads: threads
 * @iters: pairs per thread
 *
 * The product is taken in 64 bits: in 32, 2 threads of 2^31 pairs
 * make 0.
 *
 * Return: @total_ns / (@nthreads * @iters), or 0 if either is 0.
 */
u64 highpt_bench_mean_ns(u64 total_ns, unsigned int nthreads,
			 unsigned int iters)
{
	u64 pairs = (u64)nthreads * iters;

	return pairs ? div64_u64(total_ns, pairs) : 0;
}
EXPORT_SYMBOL_NS_GPL(highpt_bench_mean_ns, HIGHPT_INTERNAL_NS);

/* Run the current case on @nthreads threads; mean ns per pair. */
static int bench_run(struct bench *b, int nthreads, u64 *ns)
{
	u64 total = 0;
	int i, ret;

	b->deadline = jiffies + BENCH_TIMEOUT;
	ret = highpt_fanout_start(&b->f, nthreads, bench_thread, b,
				  "highpt_bench", false);
	if (ret)
		return ret;
	if (!highpt_fanout_wait(&b->f, BENCH_TIMEOUT))
		return -ETIMEDOUT;
	for (i = 0; i < nthreads; i++) {
		if (b->f.ret[i])
			return b->f.ret[i];
		total += b->t[i].ns;
	}
	*ns = highpt_bench_mean_ns(total, nthreads, b->iters);
	return 0;
}

static void bench_costs_between(struct bench_costs *c,
				const struct highpt_pool_stats *a,
				const struct highpt_pool_stats *b)
{
	c->pte_writes = b->pte_writes - a->pte_writes;
	c->invlpg = b->invlpg - a->invlpg;
	c->full_flushes = b->full_flushes - a->full_flushes;
	c->flush_calls = b->flush_calls - a->flush_calls;
	c->lock_acquisitions = b->lock_acquisitions - a->lock_acquisitions;
}

/**
 * highpt_bench_best() - run the current case, best time of @trials
 * @b: the bench, with @b->which set
 * @nthreads: threads, at most BENCH_THREADS
 * @trials: how many runs; the fastest is kept
 * @ns: the best mean ns per pair
 * @pool: the pool the case maps through, or NULL
 * @costs: for a @pool, what all trials cost it, in sum (else zeroed)
 *
 * Return: 0, or the first error of a thread or the wait for them.
 */
int highpt_bench_best(struct bench *b, int nthreads, unsigned int trials,
		      u64 *ns, struct highpt_pool *pool,
		      struct bench_costs *costs)
{
	struct highpt_pool_stats before, after;
	unsigned int t;
	u64 trial;
	int ret;

	memset(costs, 0, sizeof(*costs));
	if (pool)
		highpt_pool_stats(pool, &before);
	*ns = U64_MAX;
	for (t = 0; t < trials; t++) {
		ret = bench_run(b, nthreads, &trial);
		if (ret)
			return ret;
		*ns = min(*ns, trial);
	}
	if (pool) {
		highpt_pool_stats(pool, &after);
		bench_costs_between(costs, &before, &after);
	}
	return 0;
}

/**
 * highpt_bench_costs_print() - print costs per pair
 * @m: where to print
 * @c: what @pairs pairs cost
 * @pairs: how many
 *
 * Prints " <pte_writes> <invlpg> <full_flushes> <flush_calls>
 * <lock_acquisitions>", each per pair with five decimals.
 */
void highpt_bench_costs_print(struct seq_file *m,
			      const struct bench_costs *c, u64 pairs)
{
	highpt_bench_per(m, c->pte_writes, pairs, 5);
	highpt_bench_per(m, c->invlpg, pairs, 5);
	highpt_bench_per(m, c->full_flushes, pairs, 5);
	highpt_bench_per(m, c->flush_calls, pairs, 5);
	highpt_bench_per(m, c->lock_acquisitions, pairs, 5);
}
