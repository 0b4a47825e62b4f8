// SPDX-License-Identifier: GPL-2.0
/*
 * A pool's text for debugfs: its counters, and its configuration with a
 * map of every slot.
 */
#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/stddef.h>

#include "pool.h"

#define POOL_STAT(f) { #f, offsetof(struct highpt_pool_stats, f) }

static const struct {
	const char *name;
	size_t offset;
} pool_stat_fields[] = {
	POOL_STAT(maps), POOL_STAT(hits), POOL_STAT(misses), POOL_STAT(unmaps),
	POOL_STAT(in_use), POOL_STAT(high_water), POOL_STAT(stale),
	POOL_STAT(wraps), POOL_STAT(flushes_lazy), POOL_STAT(flushes_eager),
	POOL_STAT(pages_flushed), POOL_STAT(waits), POOL_STAT(wait_ns_total),
	POOL_STAT(wait_ns_max), POOL_STAT(timeouts),
	POOL_STAT(nowait_fallbacks), POOL_STAT(reservations),
	POOL_STAT(reservation_waits), POOL_STAT(reservation_overflows),
	POOL_STAT(errors), POOL_STAT(pte_writes), POOL_STAT(flush_calls),
	POOL_STAT(invlpg), POOL_STAT(full_flushes),
	POOL_STAT(lock_acquisitions),
};

/* Every field of struct highpt_pool_stats is printed. */
static_assert(ARRAY_SIZE(pool_stat_fields) * sizeof(u64) ==
	      sizeof(struct highpt_pool_stats));

/**
 * highpt_pool_print_stats() - print a pool's counters as stats lines
 * @m: where to print
 * @pool: the pool
 * @prefix: put before each name ("pool_" in the stats file)
 *
 * One "<prefix><name> <value>\n" line per field of struct
 * highpt_pool_stats, in declaration order, values in decimal.
 */
void highpt_pool_print_stats(struct seq_file *m, struct highpt_pool *pool,
			     const char *prefix)
{
	struct highpt_pool_stats st;
	size_t i;

	highpt_pool_stats(pool, &st);
	for (i = 0; i < ARRAY_SIZE(pool_stat_fields); i++)
		seq_printf(m, "%s%s %llu\n", prefix, pool_stat_fields[i].name,
			   *(u64 *)((char *)&st + pool_stat_fields[i].offset));
}

static char pool_slot_char(const struct highpt_slot *s)
{
	if (s->count == 0)
		return '.';
	if (s->count == 1)
		return 's';
	return s->count - 1 <= 9 ? '0' + s->count - 1 : '+';
}

#define POOL_MAP_WIDTH 64

/**
 * highpt_pool_print() - print a pool's configuration, state and slot map
 * @m: where to print
 * @pool: the pool
 *
 * The format of /sys/kernel/debug/highpt/pool: "name value" lines for
 * name, slots, flush_policy, deadlock_avoidance, task_reserve, wait_ms,
 * flush_method (how each CPU drops a slot's old translation: "invlpg"
 * of each slot, or "invpcid" of every context where kernel PTEs are not
 * global and PCIDs are in use), then free, stale, in_use and reserved
 * slot counts now; then a line
 * "map" and the slot map, 64 slots per line, one character per slot:
 * '.' free, 's' stale, '1'-'9' users, '+' more than 9; in series mode
 * each class starts a new line headed "class <n>:".
 */
void highpt_pool_print(struct seq_file *m, struct highpt_pool *pool)
{
	unsigned int i, s, nr_free = 0, nr_stale = 0;
	char line[POOL_MAP_WIDTH + 1];

	spin_lock(&pool->lock);
	for (i = 0; i < pool->nr_cls; i++) {
		nr_free += pool->cls[i].nr_free;
		nr_stale += pool->cls[i].nr_stale;
	}
	seq_printf(m, "name %s\nslots %u\nflush_policy %s\n"
		   "deadlock_avoidance %s\ntask_reserve %u\nwait_ms %u\n"
		   "flush_method %s\n",
		   pool->name, pool->cfg.slots,
		   highpt_flush_policy_names[pool->cfg.flush],
		   highpt_deadlock_mode_names[pool->cfg.deadlock],
		   pool->cfg.task_reserve, pool->cfg.wait_ms,
		   highpt_window_flush_names[pool->win.method]);
	seq_printf(m, "free %u\nstale %u\nin_use %u\nreserved %u\nmap\n",
		   nr_free, nr_stale, pool->in_use, pool->reserved);
	for (i = 0; i < pool->nr_cls; i++) {
		const struct highpt_slot_class *c = &pool->cls[i];
		unsigned int n = 0;

		if (pool->nr_cls > 1)
			seq_printf(m, "class %u:\n", i);
		for (s = c->first; s < c->end; s++) {
			line[n++] = pool_slot_char(&pool->slots[s]);
			if (n == POOL_MAP_WIDTH || s + 1 == c->end) {
				line[n] = '\0';
				seq_printf(m, "%s\n", line);
				n = 0;
			}
		}
	}
	spin_unlock(&pool->lock);
}
EXPORT_SYMBOL_NS_GPL(highpt_pool_print, HIGHPT_INTERNAL_NS);
