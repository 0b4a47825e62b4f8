/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What highpt.ko's files share with each other, as mm/kfence/kfence.h
 * does: nothing here is API. highpt's KUnit suites include it on
 * purpose; the few symbols they need are exported in the
 * HIGHPT_INTERNAL namespace only.
 *
 * Layers; each calls only the ones below it, and nothing below main.c
 * asks for the default pool: it is passed down.
 *
 *   main.c              init and exit, the default pool, every debugfs file
 *   ctl/ bench/         the ctl commands; the benchmark
 *   params.c            module parameters (words from pool/ and store/)
 *   shadow/             spaces that mirror a live process's page table
 *   store/ local.c      spaces and the store's model; kmap_local copies
 *   stats.c             the counters, and the stats text with a pool's
 *   pool/               the pool and its window of kernel PTEs
 *   fanout.c            a group of kernel threads started together
 *
 * Lock order, outermost first: spaces_lock (ctl/spaces.c), a space's
 * mutex (two spaces' in id order), its pt_lock (two in id order), a
 * pool's lock. A shadow's invalidation takes only the last two.
 */
#ifndef _HIGHPT_INTERNAL_H
#define _HIGHPT_INTERNAL_H

#include <linux/completion.h>
#include <linux/types.h>

#include <highpt.h>
#include "compat.h"

struct file;
struct seq_file;
struct task_struct;

/**
 * enum highpt_stat_id - counters shown in /sys/kernel/debug/highpt/stats
 * @HIGHPT_STAT_LOCAL_MAPS: pages mapped through kmap_local_page()
 * @HIGHPT_STAT_LOCAL_MAPS_HIGHMEM: of those, highmem pages
 * @HIGHPT_STAT_CTL_COMMANDS: commands accepted by the ctl file
 * @HIGHPT_STAT_CTL_ERRORS: commands the ctl file rejected or that failed
 * @HIGHPT_STAT_TOUCH_PAGES: pages written and verified by "touch"
 * @HIGHPT_STAT_TOUCH_MISMATCHES: pages whose contents read back wrong
 * @HIGHPT_STAT_STORE_SPACES: live spaces (a gauge)
 * @HIGHPT_STAT_STORE_PTE_PAGES_HIGHMEM: PTE pages in highmem now
 * @HIGHPT_STAT_STORE_PTE_PAGES_LOWMEM: PTE pages in lowmem now
 * @HIGHPT_STAT_STORE_DIR_PAGES: directory pages now (always lowmem)
 * @HIGHPT_STAT_STORE_ENTRIES_PRESENT: entries present now
 * @HIGHPT_STAT_STORE_OPS_SET: entries set
 * @HIGHPT_STAT_STORE_OPS_GET: entries read
 * @HIGHPT_STAT_STORE_OPS_CLEAR: entries cleared
 * @HIGHPT_STAT_STORE_OPS_POPULATE: ranges populated
 * @HIGHPT_STAT_STORE_OPS_COPY: ranges copied to another space
 * @HIGHPT_STAT_STORE_OPS_MOVE: ranges moved within a space
 * @HIGHPT_STAT_STORE_OPS_ZAP: ranges zapped
 * @HIGHPT_STAT_STORE_OPS_WALK: ranges walked
 * @HIGHPT_STAT_STORE_OPS_DESTROY: spaces destroyed
 * @HIGHPT_STAT_STORE_ALLOC_FAILURES: page allocations that failed
 * @HIGHPT_STAT_STORE_PTE_MAPS: PTE pages mapped (pool or kmap_local) by
 *	the store's operations
 * @HIGHPT_STAT_STORE_STRESS_OPS: operations run by the ctl stress command
 * @HIGHPT_STAT_STORE_STRESS_ERRORS: of those, invariant violations or
 *	unexpected errors
 * @HIGHPT_STAT_SHADOW_SPACES: live shadows (a gauge)
 * @HIGHPT_STAT_SHADOW_SNAPSHOTS: syncs completed
 * @HIGHPT_STAT_SHADOW_ENTRIES_FILLED: entries present after those syncs
 * @HIGHPT_STAT_SHADOW_UNREPRESENTABLE: frames syncs could not hold in the
 *	shadow's format (left absent)
 * @HIGHPT_STAT_SHADOW_RETRIES: snapshots taken again because an
 *	invalidation came before they were committed
 * @HIGHPT_STAT_SHADOW_INVALIDATIONS: invalidations the kernel sent
 * @HIGHPT_STAT_SHADOW_INVALIDATIONS_NONBLOCK: of those, ones that could
 *	not block
 * @HIGHPT_STAT_SHADOW_ENTRIES_CLEARED: entries invalidations cleared
 * @HIGHPT_STAT_COUNT: number of counters
 *
 * Counters only grow, except the gauges (spaces, pages, entries now,
 * shadows).
 */
enum highpt_stat_id {
	HIGHPT_STAT_LOCAL_MAPS,
	HIGHPT_STAT_LOCAL_MAPS_HIGHMEM,
	HIGHPT_STAT_CTL_COMMANDS,
	HIGHPT_STAT_CTL_ERRORS,
	HIGHPT_STAT_TOUCH_PAGES,
	HIGHPT_STAT_TOUCH_MISMATCHES,
	HIGHPT_STAT_STORE_SPACES,
	HIGHPT_STAT_STORE_PTE_PAGES_HIGHMEM,
	HIGHPT_STAT_STORE_PTE_PAGES_LOWMEM,
	HIGHPT_STAT_STORE_DIR_PAGES,
	HIGHPT_STAT_STORE_ENTRIES_PRESENT,
	HIGHPT_STAT_STORE_OPS_SET,
	HIGHPT_STAT_STORE_OPS_GET,
	HIGHPT_STAT_STORE_OPS_CLEAR,
	HIGHPT_STAT_STORE_OPS_POPULATE,
	HIGHPT_STAT_STORE_OPS_COPY,
	HIGHPT_STAT_STORE_OPS_MOVE,
	HIGHPT_STAT_STORE_OPS_ZAP,
	HIGHPT_STAT_STORE_OPS_WALK,
	HIGHPT_STAT_STORE_OPS_DESTROY,
	HIGHPT_STAT_STORE_ALLOC_FAILURES,
	HIGHPT_STAT_STORE_PTE_MAPS,
	HIGHPT_STAT_STORE_STRESS_OPS,
	HIGHPT_STAT_STORE_STRESS_ERRORS,
	HIGHPT_STAT_SHADOW_SPACES,
	HIGHPT_STAT_SHADOW_SNAPSHOTS,
	HIGHPT_STAT_SHADOW_ENTRIES_FILLED,
	HIGHPT_STAT_SHADOW_UNREPRESENTABLE,
	HIGHPT_STAT_SHADOW_RETRIES,
	HIGHPT_STAT_SHADOW_INVALIDATIONS,
	HIGHPT_STAT_SHADOW_INVALIDATIONS_NONBLOCK,
	HIGHPT_STAT_SHADOW_ENTRIES_CLEARED,
	HIGHPT_STAT_COUNT
};

/* stats.c */
void highpt_stat_add(enum highpt_stat_id id, s64 n);

static inline void highpt_stat_inc(enum highpt_stat_id id)
{
	highpt_stat_add(id, 1);
}

u64 highpt_stat_read(enum highpt_stat_id id);
const char *highpt_stat_name(enum highpt_stat_id id);
void highpt_stats_print(struct seq_file *m, struct highpt_pool *pool);

/* The words that name each mode, in debugfs text and module parameters. */
extern const char *const highpt_flush_policy_names[HIGHPT_FLUSH_COUNT];
extern const char *const highpt_deadlock_mode_names[HIGHPT_DEADLOCK_COUNT];
extern const char *const highpt_pt_format_names[HIGHPT_PT_COUNT];
extern const char *const highpt_pte_access_names[HIGHPT_ACCESS_COUNT];

/* pool/pool.c: the one check of a pool configuration */
struct highpt_range {
	unsigned int min;
	unsigned int max;
};

const char *highpt_pool_config_bad(const struct highpt_pool_config *cfg,
				   struct highpt_range *range);

/* store/store.c: what others must know of the store's needs */
unsigned long highpt_space_pages(enum highpt_pt_format format, u64 len);

/* store/store.c: what a shadow needs of the store */
int highpt_store_commit(struct highpt_space *space, u32 va, unsigned int nr,
			const u64 *entries, bool (*valid)(void *arg), void *arg);
unsigned long highpt_store_clear_nowait(struct highpt_space *space,
					u64 start, u64 end,
					void (*locked)(void *arg), void *arg);

/* The slots a pair of PTE pages reserves in reserve mode (fork, mremap). */
#define HIGHPT_STORE_PAIR_RESERVE	2

/* pool/show.c */
void highpt_pool_print_stats(struct seq_file *m, struct highpt_pool *pool,
			     const char *prefix);
void highpt_pool_print(struct seq_file *m, struct highpt_pool *pool);

/* params.c */
int highpt_params_pool_config(struct highpt_pool_config *cfg);
void highpt_params_space_config(struct highpt_space_config *cfg,
				enum highpt_pt_format format,
				struct highpt_pool *pool);

/* ctl/: the ctl file's commands, and the spaces they made */
void highpt_ctl_exit(void);
int highpt_ctl_exec(struct highpt_pool *pool, const char *cmd);
ssize_t highpt_ctl_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos);
int highpt_spaces_print(struct seq_file *m);
int highpt_shadows_print(struct seq_file *m);
struct dentry;
void highpt_ctl_init(struct dentry *pagemap_dir);

/* bench/ */
int highpt_bench_print(struct seq_file *m);

/* fanout.c: a group of kernel threads started together */
#define HIGHPT_FANOUT_MAX	16

struct highpt_fanout;

/* What one thread of a fanout is given. */
struct highpt_fanout_arg {
	struct highpt_fanout *f;
	int id;
};

/**
 * typedef highpt_fanout_fn - the work of one thread of a fanout
 * @f: the fanout; @f->ctx is the caller's
 * @id: the thread's number, 0 to n - 1
 *
 * Every wait it makes must be bounded, so that the group ends.
 * Return: the thread's result, kept in @f->ret[@id].
 */
typedef int (*highpt_fanout_fn)(struct highpt_fanout *f, int id);

/**
 * struct highpt_fanout - kernel threads that start at one instant
 * @fn: what each thread runs
 * @ctx: the caller's, for @fn
 * @n: threads started
 * @ret: each thread's result, valid after highpt_fanout_wait()
 * @task: the threads, referenced until highpt_fanout_wait()
 * @done: completed by each thread as it exits
 * @start: the start barrier: threads wait on it before running @fn
 * @arg: what each thread is given
 */
struct highpt_fanout {
	highpt_fanout_fn fn;
	void *ctx;
	int n;
	int ret[HIGHPT_FANOUT_MAX];
	struct task_struct *task[HIGHPT_FANOUT_MAX];
	struct completion done[HIGHPT_FANOUT_MAX];
	struct completion start;
	struct highpt_fanout_arg arg[HIGHPT_FANOUT_MAX];
};

int highpt_fanout_start(struct highpt_fanout *f, int n, highpt_fanout_fn fn,
			void *ctx, const char *name, bool pin);
bool highpt_fanout_wait(struct highpt_fanout *f, unsigned long timeout);

#endif /* _HIGHPT_INTERNAL_H */
