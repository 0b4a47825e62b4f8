// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/highpt/bench: the cost of one map+unmap pair, for
 * highpt's pool against the kernel's own ways to reach a page, at one
 * and two threads, with the counts behind each time; then the pool
 * against its size and threads (sweep.c) and the store's rates
 * (store.c). All in the same run; reading the file runs it. The cases
 * themselves run in run.c.
 */
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "bench.h"

/* TCG's timing is noisy: the best of several trials is what is shown. */
#define BENCH_TRIALS	5
#define BENCH_MAIN_THREADS 2	/* the main table's columns: 1 and 2 */

static unsigned int bench_iters = 5000;
module_param(bench_iters, uint, 0644);
MODULE_PARM_DESC(bench_iters, "map+unmap pairs per thread, case and trial in the bench file (default 5000)");

static const char *const bench_names[BENCH_COUNT] = {
	[BENCH_LOWMEM]		= "lowmem_page_address",
	[BENCH_KMAP_LOCAL]	= "kmap_local_page",
	[BENCH_KMAP_CACHED]	= "kmap_same_page",
	[BENCH_KMAP_FRESH]	= "kmap_fresh_pages",
	[BENCH_HIT]		= "highpt_hit",
	[BENCH_MISS_LAZY]	= "highpt_miss_lazy",
	[BENCH_MISS_EAGER]	= "highpt_miss_eager",
	[BENCH_SWEEP]		= "sweep",
};

static DEFINE_MUTEX(bench_lock);

/* The pool a main-table case maps through; NULL for the kernel's. */
static struct highpt_pool *bench_case_pool(struct bench *b,
					   enum bench_case c)
{
	switch (c) {
	case BENCH_HIT:
	case BENCH_MISS_LAZY:
		return b->lazy;
	case BENCH_MISS_EAGER:
		return b->eager;
	default:
		return NULL;
	}
}

static void bench_free(struct bench *b)
{
	int i, p;

	if (!IS_ERR_OR_NULL(b->lazy))
		highpt_pool_destroy(b->lazy);
	if (!IS_ERR_OR_NULL(b->eager))
		highpt_pool_destroy(b->eager);
	for (i = 0; i < BENCH_THREADS; i++) {
		for (p = 0; p < BENCH_PAGES; p++)
			if (b->t[i].pages[p])
				__free_page(b->t[i].pages[p]);
		if (b->t[i].lowmem)
			__free_page(b->t[i].lowmem);
	}
	kvfree(b);
}

static struct bench *bench_alloc(void)
{
	struct highpt_pool_config cfg = {
		.name = "bench", .slots = BENCH_SLOTS,
		.flush = HIGHPT_FLUSH_LAZY, .deadlock = HIGHPT_DEADLOCK_NONE,
		.task_reserve = 1, .wait_ms = 10000,
	};
	/* 17 KiB on i386, 33 on x86_64: not worth a contiguous block. */
	struct bench *b = kvzalloc(sizeof(*b), GFP_KERNEL);
	int i, p;

	if (!b)
		return NULL;
	b->iters = bench_iters ? bench_iters : 1;
	b->lazy = highpt_pool_create(&cfg);
	cfg.flush = HIGHPT_FLUSH_EAGER;
	b->eager = highpt_pool_create(&cfg);
	if (IS_ERR(b->lazy) || IS_ERR(b->eager))
		goto fail;
	for (i = 0; i < BENCH_THREADS; i++) {
		b->t[i].lowmem = alloc_page(GFP_KERNEL);
		if (!b->t[i].lowmem)
			goto fail;
		for (p = 0; p < BENCH_PAGES; p++) {
			b->t[i].pages[p] = alloc_page(GFP_HIGHUSER);
			if (!b->t[i].pages[p])
				goto fail;
		}
	}
	return b;
fail:
	bench_free(b);
	return NULL;
}

/**
 * highpt_bench_print() - run the benchmark and print the bench file
 * @m: where to print
 *
 * The format of /sys/kernel/debug/highpt/bench: comment lines start
 * with '#'; then one line per case, "<case> <ns/pair at 1 thread>
 * <ns/pair at 2 threads> <ratio to kmap_local_page at 1 thread> <ratio
 * at 2 threads>"; then per case and thread count a line "costs <case>
 * <threads> <pte_writes> <invlpg> <full_flushes> <flush_calls>
 * <lock_acquisitions> <source>", counts per pair with five decimals,
 * source "measured" (highpt's pool counters) or "code" (what the
 * kernel's code does, see highpt_bench_kernel_costs()); then the sweep
 * table (bench/sweep.c) and the store's table (bench/store.c).
 *
 * Context: process context; sleeps, for seconds. One run at a time.
 * Return: 0, -EINTR, -ENOMEM, -ETIMEDOUT (a trial past 600 s), or a
 * pool's error.
 */
int highpt_bench_print(struct seq_file *m)
{
	struct bench_costs costs[BENCH_SWEEP][BENCH_MAIN_THREADS];
	u64 ns[BENCH_SWEEP][BENCH_MAIN_THREADS];
	struct bench *b;
	int c, n, ret = 0;
	u64 pairs;

	if (mutex_lock_killable(&bench_lock))
		return -EINTR;
	b = bench_alloc();
	if (!b) {
		ret = -ENOMEM;
		goto out;
	}
	for (c = 0; c < BENCH_SWEEP && !ret; c++) {
		b->which = c;
		for (n = 1; n <= BENCH_MAIN_THREADS && !ret; n++)
			ret = highpt_bench_best(b, n, BENCH_TRIALS,
						&ns[c][n - 1],
						bench_case_pool(b, c),
						&costs[c][n - 1]);
	}
	if (ret)
		goto free;
	seq_printf(m, "# ns per map+unmap pair: best of %u trials, each the mean of %u pairs per thread; %u online CPUs\n",
		   BENCH_TRIALS, b->iters, num_online_cpus());
	seq_puts(m, "# case ns_1thread ns_2threads ratio_1thread ratio_2threads (ratios: to kmap_local_page)\n");
	for (c = 0; c < BENCH_SWEEP; c++) {
		seq_printf(m, "%s %llu %llu", bench_names[c], ns[c][0],
			   ns[c][1]);
		for (n = 0; n < BENCH_MAIN_THREADS; n++)
			highpt_bench_ratio(m, ns[c][n], ns[BENCH_KMAP_LOCAL][n]);
		seq_putc(m, '\n');
	}
	seq_puts(m, "# costs per pair, all trials: measured from highpt's pool counters, or by the kernel's code (mm/highmem.c, arch/x86) for its own cases\n");
	seq_puts(m, "# costs case threads pte_writes invlpg full_flushes flush_calls lock_acquisitions source\n");
	for (c = 0; c < BENCH_SWEEP; c++) {
		for (n = 0; n < BENCH_MAIN_THREADS; n++) {
			pairs = (u64)BENCH_TRIALS * (n + 1) * b->iters;
			if (!bench_case_pool(b, c))
				highpt_bench_kernel_costs(c, b->t[0].pages[0],
							  (c == BENCH_KMAP_FRESH ?
							   BENCH_PAGES : 1) * (n + 1),
							  pairs, &costs[c][n]);
			seq_printf(m, "costs %s %d", bench_names[c], n + 1);
			highpt_bench_costs_print(m, &costs[c][n], pairs);
			seq_printf(m, " %s\n", bench_case_pool(b, c) ?
				   "measured" : "code");
		}
	}
	ret = highpt_bench_sweep(m, b);
	if (!ret)
		ret = highpt_bench_store(m, b->lazy);
free:
	bench_free(b);
out:
	mutex_unlock(&bench_lock);
	return ret;
}
