// SPDX-License-Identifier: GPL-2.0
/*
 * highpt.ko's module parameters: the default pool's configuration.
 *
 * Word-valued parameters are checked when insmod parses them, so a bad
 * word fails the load with -EINVAL and a list of the valid ones; number
 * ranges are checked by highpt_pool_config_check() at load.
 */
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "params.h"
#include "pool.h"
#include "store.h"

/* LAST_PKMAP's sizes: one PTE page, 512 entries with PAE, 1024 without. */
static unsigned int pool_slots = IS_ENABLED(CONFIG_X86_32) &&
				 !IS_ENABLED(CONFIG_X86_PAE) ? 1024 : 512;
module_param(pool_slots, uint, 0444);
MODULE_PARM_DESC(pool_slots, "slots in the default pool (1..4096; default 512 with PAE, 1024 without)");

static unsigned int task_reserve = 3;
module_param(task_reserve, uint, 0444);
MODULE_PARM_DESC(task_reserve, "most slots one reservation holds (1..16, default 3)");

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
	pr_err("highpt: %s must be one of: %s\n", p->name, choices);
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

static struct highpt_word_param flush_policy = {
	.name = "flush_policy",
	.words = highpt_flush_policy_names,
	.count = HIGHPT_FLUSH_COUNT,
	.value = HIGHPT_FLUSH_LAZY,
};
module_param_cb(flush_policy, &highpt_word_ops, &flush_policy, 0444);
MODULE_PARM_DESC(flush_policy, "lazy (flush stale slots when the cursor wraps, default) or eager (flush at each last unmap)");

static struct highpt_word_param deadlock_avoidance = {
	.name = "deadlock_avoidance",
	.words = highpt_deadlock_mode_names,
	.count = HIGHPT_DEADLOCK_COUNT,
	.value = HIGHPT_DEADLOCK_NONE,
};
module_param_cb(deadlock_avoidance, &highpt_word_ops, &deadlock_avoidance,
		0444);
MODULE_PARM_DESC(deadlock_avoidance, "none (default), series (ordered slot classes) or reserve (per-task reservations)");

static bool pte_highmem = true;
module_param(pte_highmem, bool, 0644);
MODULE_PARM_DESC(pte_highmem, "new ctl spaces put PTE pages in highmem (1, default) or lowmem (0)");

static struct highpt_word_param pte_access = {
	.name = "pte_access",
	.words = highpt_pte_access_names,
	.count = HIGHPT_ACCESS_COUNT,
	.value = HIGHPT_ACCESS_LOCAL,
};
module_param_cb(pte_access, &highpt_word_ops, &pte_access, 0644);
MODULE_PARM_DESC(pte_access, "how new ctl spaces reach PTE pages: local (kmap_local_page, default), pool or nowait");

void highpt_params_space_config(struct highpt_space_config *cfg,
				enum highpt_pt_format format)
{
	*cfg = (struct highpt_space_config) {
		.format = format,
		.pte_highmem = pte_highmem,
		.access = pte_access.value,
		.pool = highpt_default_pool(),
	};
}

void highpt_params_pool_config(struct highpt_pool_config *cfg)
{
	*cfg = (struct highpt_pool_config) {
		.name = "default",
		.slots = pool_slots,
		.flush = flush_policy.value,
		.deadlock = deadlock_avoidance.value,
		.task_reserve = task_reserve,
		.wait_ms = pool_wait_ms,
	};
}
