// SPDX-License-Identifier: GPL-2.0
/*
 * The store's part of the bench file: entries set (populate), read
 * (walk) and copied (copy to a second space) per second, with PTE pages
 * in lowmem against highmem in each access mode, in the same run.
 */
#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>

#include "bench.h"

#define STORE_BENCH_LEN		SZ_64M		/* 16384 entries */
#define STORE_BENCH_ROUNDS	10

enum { STORE_SET, STORE_READ, STORE_COPY, STORE_OPS };

static const struct {
	const char *name;
	bool highmem;
	enum highpt_pte_access access;
} store_cases[] = {
	{ "store_lowmem_local", false, HIGHPT_ACCESS_LOCAL },
	{ "store_highmem_local", true, HIGHPT_ACCESS_LOCAL },
	{ "store_highmem_pool", true, HIGHPT_ACCESS_POOL },
	{ "store_highmem_nowait", true, HIGHPT_ACCESS_NOWAIT },
};

static int store_bench_count(u32 va, unsigned long pfn, unsigned int flags,
			     void *arg)
{
	(*(unsigned long *)arg)++;
	return 0;
}

/* What one operation of one round took: time, and PTE pages mapped. */
struct store_bench_op {
	u64 t0, maps0;
};

static void store_bench_start(struct store_bench_op *op)
{
	op->maps0 = highpt_stat_read(HIGHPT_STAT_STORE_PTE_MAPS);
	op->t0 = ktime_get_ns();
}

static void store_bench_stop(struct store_bench_op *op, int round, u64 *best,
			     u64 *maps)
{
	u64 ns = ktime_get_ns() - op->t0;

	/* Round 0 allocates the PTE pages and is not counted. */
	if (!round)
		return;
	*best = min(*best, ns);
	*maps += highpt_stat_read(HIGHPT_STAT_STORE_PTE_MAPS) - op->maps0;
}

/*
 * Thousands of entries per second for each operation of one case, from
 * the best round: TCG's timing is noisy.
 */
static int store_bench_case(struct highpt_space_config *cfg, u64 kps[],
			    u64 maps[])
{
	u64 ns[STORE_OPS] = { U64_MAX, U64_MAX, U64_MAX };
	struct store_bench_op t;
	struct highpt_space *a, *b;
	unsigned long seen;
	int round, op, ret = 0;

	a = highpt_space_create(cfg);
	b = highpt_space_create(cfg);
	if (IS_ERR(a) || IS_ERR(b)) {
		ret = -ENOMEM;
		goto out;
	}
	for (round = 0; round <= STORE_BENCH_ROUNDS && !ret; round++) {
		store_bench_start(&t);
		ret = highpt_populate(a, 0, STORE_BENCH_LEN, round,
				      HIGHPT_PTE_PRESENT);
		store_bench_stop(&t, round, &ns[STORE_SET], &maps[STORE_SET]);
		seen = 0;
		store_bench_start(&t);
		ret = ret ?: highpt_walk(a, 0, STORE_BENCH_LEN,
					 store_bench_count, &seen);
		store_bench_stop(&t, round, &ns[STORE_READ], &maps[STORE_READ]);
		if (!ret && seen != STORE_BENCH_LEN / PAGE_SIZE)
			ret = -EIO;
		store_bench_start(&t);
		ret = ret ?: highpt_copy_range(b, a, 0, STORE_BENCH_LEN);
		store_bench_stop(&t, round, &ns[STORE_COPY], &maps[STORE_COPY]);
	}
	for (op = 0; op < STORE_OPS; op++)
		kps[op] = div64_u64((u64)(STORE_BENCH_LEN / PAGE_SIZE) *
				    (NSEC_PER_SEC / 1000),
				    max_t(u64, ns[op], 1));
out:
	if (!IS_ERR(a))
		highpt_space_destroy(a);
	if (!IS_ERR(b))
		highpt_space_destroy(b);
	return ret;
}

/*
 * The store table's format: '#' comment lines, then one line per case,
 * "<case> <set> <read> <copy> <set ratio> <read ratio> <copy ratio>
 * <set maps> <read maps> <copy maps>", rates in thousands of PAE
 * entries per second, ratios to store_lowmem_local, maps: PTE pages
 * mapped per entry touched (a copy maps both spaces' pages).
 */
int highpt_bench_store(struct seq_file *m, struct highpt_pool *pool)
{
	u64 kps[ARRAY_SIZE(store_cases)][STORE_OPS];
	u64 maps[ARRAY_SIZE(store_cases)][STORE_OPS] = {};
	u64 entries = (u64)STORE_BENCH_ROUNDS * (STORE_BENCH_LEN >> PAGE_SHIFT);
	struct highpt_space_config cfg = { .format = HIGHPT_PT_PAE,
					   .pool = pool };
	int c, op, ret;

	for (c = 0; c < ARRAY_SIZE(store_cases); c++) {
		cfg.pte_highmem = store_cases[c].highmem;
		cfg.access = store_cases[c].access;
		ret = store_bench_case(&cfg, kps[c], maps[c]);
		if (ret)
			return ret;
	}
	seq_printf(m, "# store: thousand entries per second, best of %u rounds of %u PAE entries\n",
		   STORE_BENCH_ROUNDS, STORE_BENCH_LEN >> PAGE_SHIFT);
	seq_puts(m, "# case set read copy set_ratio read_ratio copy_ratio set_maps read_maps copy_maps (ratios: to store_lowmem_local; maps: PTE pages mapped per entry)\n");
	for (c = 0; c < ARRAY_SIZE(store_cases); c++) {
		seq_printf(m, "%s %llu %llu %llu", store_cases[c].name,
			   kps[c][STORE_SET], kps[c][STORE_READ],
			   kps[c][STORE_COPY]);
		for (op = 0; op < STORE_OPS; op++)
			highpt_bench_ratio(m, kps[c][op], kps[0][op]);
		for (op = 0; op < STORE_OPS; op++)
			highpt_bench_per(m, maps[c][op], entries, 5);
		seq_putc(m, '\n');
	}
	return 0;
}
