// SPDX-License-Identifier: GPL-2.0
/*
 * The bench file's sweep: misses through pools of several sizes under
 * each flush policy, at 1, 2 and 4 threads. A lazy pool flushes once
 * per wrap, so its flushes per map fall with its size; an eager one
 * flushes at every last unmap whatever its size. The counts beside each
 * time show that without trusting the emulator's clock.
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>

#include "bench.h"

/* Pages cycle through twice the slots, so every map misses. */
static const unsigned int sweep_slots[] = { 32, 128, BENCH_SLOTS };
static const int sweep_threads[] = { 1, 2, BENCH_THREADS };
#define SWEEP_TRIALS	3

static_assert(2 * BENCH_SLOTS <= BENCH_PAGES);

/*
 * The sweep table's format: '#' comment lines, then one line per run,
 * "sweep <policy> <slots> <threads> <ns per pair> <pte_writes> <invlpg>
 * <full_flushes> <flush_calls> <lock_acquisitions>", counts per pair.
 */
int highpt_bench_sweep(struct seq_file *m, struct bench *b)
{
	struct highpt_pool_config cfg = {
		.name = "bench_sweep", .deadlock = HIGHPT_DEADLOCK_NONE,
		.task_reserve = 1, .wait_ms = 10000,
	};
	enum highpt_flush_policy policy;
	struct bench_costs costs;
	unsigned int s, t;
	int ret = 0;
	u64 ns;

	seq_printf(m, "# sweep: misses cycling 2 x slots pages, best of %u trials of %u pairs per thread; costs per pair over all trials\n",
		   SWEEP_TRIALS, b->iters);
	seq_puts(m, "# sweep policy slots threads ns pte_writes invlpg full_flushes flush_calls lock_acquisitions\n");
	b->which = BENCH_SWEEP;
	for (policy = HIGHPT_FLUSH_LAZY; policy <= HIGHPT_FLUSH_EAGER && !ret;
	     policy++) {
		for (s = 0; s < ARRAY_SIZE(sweep_slots) && !ret; s++) {
			cfg.flush = policy;
			cfg.slots = sweep_slots[s];
			b->sweep = highpt_pool_create(&cfg);
			if (IS_ERR(b->sweep)) {
				ret = PTR_ERR(b->sweep);
				break;
			}
			b->sweep_pages = 2 * sweep_slots[s];
			for (t = 0; t < ARRAY_SIZE(sweep_threads) && !ret; t++) {
				ret = highpt_bench_best(b, sweep_threads[t],
							SWEEP_TRIALS, &ns,
							b->sweep, &costs);
				if (ret)
					break;
				seq_printf(m, "sweep %s %u %d %llu",
					   highpt_flush_policy_names[policy],
					   sweep_slots[s], sweep_threads[t], ns);
				highpt_bench_costs_print(m, &costs,
							 (u64)SWEEP_TRIALS *
							 sweep_threads[t] *
							 b->iters);
				seq_putc(m, '\n');
			}
			highpt_pool_destroy(b->sweep);
			b->sweep = NULL;
		}
	}
	return ret;
}
