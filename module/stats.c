// SPDX-License-Identifier: GPL-2.0
/*
 * highpt's counters and the text of the stats file.
 *
 * Counters are atomic64_t: a plain u64 tears when read on i386 while
 * another CPU updates it.
 */
#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>

#include "atomic64.h"
#include "internal.h"

static atomic64_t highpt_stats[HIGHPT_STAT_COUNT];

static const char *const highpt_stat_names[] = {
	[HIGHPT_STAT_LOCAL_MAPS]		= "local_maps",
	[HIGHPT_STAT_LOCAL_MAPS_HIGHMEM]	= "local_maps_highmem",
	[HIGHPT_STAT_CTL_COMMANDS]		= "ctl_commands",
	[HIGHPT_STAT_CTL_ERRORS]		= "ctl_errors",
	[HIGHPT_STAT_TOUCH_PAGES]		= "touch_pages",
	[HIGHPT_STAT_TOUCH_MISMATCHES]		= "touch_mismatches",
	[HIGHPT_STAT_STORE_SPACES]		= "store_spaces",
	[HIGHPT_STAT_STORE_PTE_PAGES_HIGHMEM]	= "store_pte_pages_highmem",
	[HIGHPT_STAT_STORE_PTE_PAGES_LOWMEM]	= "store_pte_pages_lowmem",
	[HIGHPT_STAT_STORE_DIR_PAGES]		= "store_dir_pages",
	[HIGHPT_STAT_STORE_ENTRIES_PRESENT]	= "store_entries_present",
	[HIGHPT_STAT_STORE_OPS_SET]		= "store_ops_set",
	[HIGHPT_STAT_STORE_OPS_GET]		= "store_ops_get",
	[HIGHPT_STAT_STORE_OPS_CLEAR]		= "store_ops_clear",
	[HIGHPT_STAT_STORE_OPS_POPULATE]	= "store_ops_populate",
	[HIGHPT_STAT_STORE_OPS_COPY]		= "store_ops_copy",
	[HIGHPT_STAT_STORE_OPS_MOVE]		= "store_ops_move",
	[HIGHPT_STAT_STORE_OPS_ZAP]		= "store_ops_zap",
	[HIGHPT_STAT_STORE_OPS_WALK]		= "store_ops_walk",
	[HIGHPT_STAT_STORE_OPS_DESTROY]		= "store_ops_destroy",
	[HIGHPT_STAT_STORE_ALLOC_FAILURES]	= "store_alloc_failures",
	[HIGHPT_STAT_STORE_PTE_MAPS]		= "store_pte_maps",
	[HIGHPT_STAT_STORE_STRESS_OPS]		= "store_stress_ops",
	[HIGHPT_STAT_STORE_STRESS_ERRORS]	= "store_stress_errors",
	[HIGHPT_STAT_SHADOW_SPACES]		= "shadow_spaces",
	[HIGHPT_STAT_SHADOW_SNAPSHOTS]		= "shadow_snapshots",
	[HIGHPT_STAT_SHADOW_ENTRIES_FILLED]	= "shadow_entries_filled",
	[HIGHPT_STAT_SHADOW_UNREPRESENTABLE]	= "shadow_unrepresentable",
	[HIGHPT_STAT_SHADOW_RETRIES]		= "shadow_retries",
	[HIGHPT_STAT_SHADOW_INVALIDATIONS]	= "shadow_invalidations",
	[HIGHPT_STAT_SHADOW_INVALIDATIONS_NONBLOCK] = "shadow_invalidations_nonblock",
	[HIGHPT_STAT_SHADOW_ENTRIES_CLEARED]	= "shadow_entries_cleared",
};

static_assert(ARRAY_SIZE(highpt_stat_names) == HIGHPT_STAT_COUNT);

void highpt_stat_add(enum highpt_stat_id id, s64 n)
{
	highpt_atomic64_add(n, &highpt_stats[id]);
}

/**
 * highpt_stat_read() - read one of highpt's counters
 * @id: the counter
 *
 * Return: the counter's value; counters only grow while highpt is loaded.
 */
u64 highpt_stat_read(enum highpt_stat_id id)
{
	if (WARN_ON_ONCE(id >= HIGHPT_STAT_COUNT))
		return 0;
	return atomic64_read(&highpt_stats[id]);
}
EXPORT_SYMBOL_NS_GPL(highpt_stat_read, HIGHPT_INTERNAL_NS);

/**
 * highpt_stat_name() - the name a counter has in the stats file
 * @id: the counter
 *
 * Return: the name, or NULL for an unknown @id.
 */
const char *highpt_stat_name(enum highpt_stat_id id)
{
	return id < HIGHPT_STAT_COUNT ? highpt_stat_names[id] : NULL;
}
EXPORT_SYMBOL_NS_GPL(highpt_stat_name, HIGHPT_INTERNAL_NS);

/**
 * highpt_stats_print() - print the text of /sys/kernel/debug/highpt/stats
 * @m: where to print
 * @pool: the pool whose counters follow highpt's own (the default pool)
 *
 * The file's format, read-only: one counter per line, "<name> <value>\n",
 * value in decimal: first highpt's own, in the order of enum
 * highpt_stat_id; then store_lowmem_bytes (lowmem PTE pages and
 * directory pages) and store_highmem_bytes (highmem PTE pages); then the
 * default pool's as "pool_<field>", in the order of struct
 * highpt_pool_stats.
 */
void highpt_stats_print(struct seq_file *m, struct highpt_pool *pool)
{
	u64 low, high;
	int i;

	for (i = 0; i < HIGHPT_STAT_COUNT; i++)
		seq_printf(m, "%s %llu\n", highpt_stat_names[i],
			   (unsigned long long)atomic64_read(&highpt_stats[i]));
	/* Page tables' memory, as the 2002 thread counted it. */
	low = highpt_stat_read(HIGHPT_STAT_STORE_PTE_PAGES_LOWMEM) +
	      highpt_stat_read(HIGHPT_STAT_STORE_DIR_PAGES);
	high = highpt_stat_read(HIGHPT_STAT_STORE_PTE_PAGES_HIGHMEM);
	seq_printf(m, "store_lowmem_bytes %llu\nstore_highmem_bytes %llu\n",
		   low * PAGE_SIZE, high * PAGE_SIZE);
	highpt_pool_print_stats(m, pool, "pool_");
}
EXPORT_SYMBOL_NS_GPL(highpt_stats_print, HIGHPT_INTERNAL_NS);
