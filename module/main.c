// SPDX-License-Identifier: GPL-2.0
/*
 * highpt: module load and unload, the default pool, and the debugfs
 * directory.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/seq_file.h>

#include "bench.h"
#include "ctl.h"
#include "params.h"
#include "pool.h"
#include "stats.h"
#include "store.h"

static struct dentry *highpt_debugfs;
static struct highpt_pool *highpt_pool;

/**
 * highpt_default_pool() - the pool highpt.ko made from its parameters
 *
 * Return: the pool; it lives as long as highpt.ko is loaded.
 */
struct highpt_pool *highpt_default_pool(void)
{
	return highpt_pool;
}
EXPORT_SYMBOL_GPL(highpt_default_pool);

static int highpt_pool_show(struct seq_file *m, void *unused)
{
	highpt_pool_print(m, highpt_pool);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(highpt_pool);

static int highpt_spaces_show(struct seq_file *m, void *unused)
{
	return highpt_store_print_spaces(m);
}
DEFINE_SHOW_ATTRIBUTE(highpt_spaces);

static int highpt_debugfs_init(void)
{
	struct dentry *d;
	int ret;

	highpt_debugfs = debugfs_create_dir("highpt", NULL);
	if (IS_ERR(highpt_debugfs))
		return PTR_ERR(highpt_debugfs);
	ret = highpt_stats_init(highpt_debugfs);
	if (!ret)
		ret = highpt_ctl_init(highpt_debugfs);
	if (!ret) {
		d = debugfs_create_file("pool", 0444, highpt_debugfs, NULL,
					&highpt_pool_fops);
		ret = PTR_ERR_OR_ZERO(d);
	}
	if (!ret) {
		d = debugfs_create_file("spaces", 0444, highpt_debugfs, NULL,
					&highpt_spaces_fops);
		ret = PTR_ERR_OR_ZERO(d);
	}
	if (!ret)
		ret = highpt_bench_init(highpt_debugfs);
	if (ret)
		debugfs_remove_recursive(highpt_debugfs);
	return ret;
}

static int __init highpt_init(void)
{
	struct highpt_pool_config cfg;
	int ret;

	highpt_params_pool_config(&cfg);
	highpt_pool = highpt_pool_create(&cfg);
	if (IS_ERR(highpt_pool)) {
		pr_err("highpt: cannot create the default pool: %ld\n",
		       PTR_ERR(highpt_pool));
		return PTR_ERR(highpt_pool);
	}
	ret = highpt_debugfs_init();
	if (ret) {
		pr_err("highpt: cannot create debugfs files: %d\n", ret);
		highpt_pool_destroy(highpt_pool);
		return ret;
	}
	return 0;
}

static void __exit highpt_exit(void)
{
	debugfs_remove_recursive(highpt_debugfs);
	highpt_store_ctl_exit();
	/* Users are modules that depend on this one: all gone by now. */
	WARN_ON(highpt_pool_destroy(highpt_pool));
}

module_init(highpt_init);
module_exit(highpt_exit);

MODULE_DESCRIPTION("Highmem page tables and a private kmap pool");
MODULE_LICENSE("GPL");
