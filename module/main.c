// SPDX-License-Identifier: GPL-2.0
/*
 * highpt: module load and unload, and the debugfs directory.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/module.h>

#include "ctl.h"
#include "stats.h"

static struct dentry *highpt_debugfs;

static int __init highpt_init(void)
{
	int ret;

	highpt_debugfs = debugfs_create_dir("highpt", NULL);
	if (IS_ERR(highpt_debugfs)) {
		pr_err("highpt: cannot create debugfs directory: %ld\n",
		       PTR_ERR(highpt_debugfs));
		return PTR_ERR(highpt_debugfs);
	}
	ret = highpt_stats_init(highpt_debugfs);
	if (!ret)
		ret = highpt_ctl_init(highpt_debugfs);
	if (ret) {
		pr_err("highpt: cannot create debugfs files: %d\n", ret);
		debugfs_remove_recursive(highpt_debugfs);
		return ret;
	}
	return 0;
}

static void __exit highpt_exit(void)
{
	debugfs_remove_recursive(highpt_debugfs);
}

module_init(highpt_init);
module_exit(highpt_exit);

MODULE_DESCRIPTION("Highmem page tables and a private kmap pool");
MODULE_LICENSE("GPL");
