// SPDX-License-Identifier: GPL-2.0
/*
 * highpt.ko's module parameters: the default pool's configuration.
 *
 * Word-valued parameters are checked when insmod parses them, so a bad
 * word fails the load with -EINVAL and a list of the valid ones; number
 * ranges, and task_reserve against deadlock_avoidance, are checked by
 * highpt_params_pool_config() at load.
 */
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"

/* LAST_PKMAP's sizes: one PTE page, 512 entries with PAE, 1024 without. */
static unsigned int pool_slots = IS_ENABLED(CONFIG_X86_32) &&
				 !IS_ENABLED(CONFIG_X86_PAE) ? 1024 : 512;
module_param(pool_slots, uint, 0444);
MODULE_PARM_DESC(pool_slots, "slots in the default pool (1..4096; default 512 with PAE, 1024 without)");

static unsigned int task_reserve = 3;
module_param(task_reserve, uint, 0444);
MODULE_PARM_DESC(task_reserve, "most slots one reservation holds (1..16, at least 2 with deadlock_avoidance=reserve; default 3)");

static unsigned int pool_wait_ms = 10000;
module_param(pool_wait_ms, uint, 0444);
MODULE_PARM_DESC(pool_wait_ms, "longest sleep for a slot before -ETIMEDOUT (1..600000 ms, default 10000)");

struct highpt_word_param {
	const char *name;
	const char *const *words;
	unsigned int count;
	unsigned int value;
};

static int highpt_word_set(const char *val, const struct kernel_param *kp)
{
	struct highpt_word_param *p = kp->arg;
	char choices[64];
	unsigned int i;
	int match, len = 0;

	match = __sysfs_match_string(p->words, p->count, val);
	if (match >= 0) {
		p->value = match;
		return 0;
	}
	for (i = 0; i < p->count; i++)
		len += scnprintf(choices + len, sizeof(choices) - len, "%s%s",
				 i ? " " : "", p->words[i]);
	pr_err("%s must be one of: %s\n", p->name, choices);
	return -EINVAL;
}

static int highpt_word_get(char *buf, const struct kernel_param *kp)
{
	struct highpt_word_param *p = kp->arg;

	return sysfs_emit(buf, "%s\n", p->words[p->value]);
}

static const struct kernel_param_ops highpt_word_ops = {
	.set = highpt_word_set,
	.get = highpt_word_get,
};

/* A parameter whose value is one word of @table: <param>_word.value. */
#define HIGHPT_WORD_PARAM(param, table, initial, perm)			\
	static struct highpt_word_param param##_word = {		\
		.name = #param,						\
		.words = table,						\
		.count = sizeof(table) / sizeof(const char *) +		\
			 __must_be_array(table),			\
		.value = initial,					\
	};								\
	module_param_cb(param, &highpt_word_ops, &param##_word, perm)

HIGHPT_WORD_PARAM(flush_policy, highpt_flush_policy_names, HIGHPT_FLUSH_LAZY,
		  0444);
MODULE_PARM_DESC(flush_policy, "lazy (flush stale slots when the cursor wraps, default) or eager (flush at each last unmap)");

HIGHPT_WORD_PARAM(deadlock_avoidance, highpt_deadlock_mode_names,
		  HIGHPT_DEADLOCK_NONE, 0444);
MODULE_PARM_DESC(deadlock_avoidance, "none (default), series (ordered slot classes) or reserve (per-task reservations)");

HIGHPT_WORD_PARAM(pte_access, highpt_pte_access_names, HIGHPT_ACCESS_LOCAL,
		  0644);
MODULE_PARM_DESC(pte_access, "how new ctl spaces reach PTE pages: local (kmap_local_page, default), pool or nowait");

static bool pte_highmem = true;
module_param(pte_highmem, bool, 0644);
MODULE_PARM_DESC(pte_highmem, "new ctl spaces put PTE pages in highmem (1, default) or lowmem (0)");

/**
 * highpt_params_space_config() - a ctl space's configuration
 * @cfg: filled in from the pte_highmem and pte_access parameters
 * @format: the space's entry format
 * @pool: the pool for the pool and nowait access modes
 */
void highpt_params_space_config(struct highpt_space_config *cfg,
				enum highpt_pt_format format,
				struct highpt_pool *pool)
{
	*cfg = (struct highpt_space_config) {
		.format = format,
		.pte_highmem = pte_highmem,
		.access = pte_access_word.value,
		.pool = pool,
	};
}

/**
 * highpt_params_pool_config() - the default pool's configuration
 * @cfg: filled in from the parameters
 *
 * Says which parameter is out of range, for insmod's user; the pool's
 * own check stays silent for in-kernel callers.
 *
 * Return: 0, or -EINVAL for a parameter out of range.
 */
int highpt_params_pool_config(struct highpt_pool_config *cfg)
{
	static const char *const param_of[][2] = {
		{ "slots", "pool_slots" },
		{ "task_reserve", "task_reserve" },
		{ "wait_ms", "pool_wait_ms" },
	};
	struct highpt_range range;
	const char *bad;
	int i;

	*cfg = (struct highpt_pool_config) {
		.name = "default",
		.slots = pool_slots,
		.flush = flush_policy_word.value,
		.deadlock = deadlock_avoidance_word.value,
		.task_reserve = task_reserve,
		.wait_ms = pool_wait_ms,
	};
	bad = highpt_pool_config_bad(cfg, &range);
	if (bad) {
		/* The words were checked at parse time: a number is out. */
		for (i = 0; i < ARRAY_SIZE(param_of); i++)
			if (!strcmp(bad, param_of[i][0]))
				bad = param_of[i][1];
		pr_err("%s must be %u..%u\n", bad, range.min, range.max);
		return -EINVAL;
	}
	/* Else every ctl space in pool access would be refused (store.c). */
	if (cfg->deadlock == HIGHPT_DEADLOCK_RESERVE &&
	    task_reserve < HIGHPT_STORE_PAIR_RESERVE) {
		pr_err("task_reserve must be at least %u with deadlock_avoidance=reserve: fork and mremap map two PTE pages at once\n",
		       HIGHPT_STORE_PAIR_RESERVE);
		return -EINVAL;
	}
	return 0;
}
