// SPDX-License-Identifier: GPL-2.0
/*
 * highpt: module load and unload, the default pool, and the debugfs
 * directory with every file in it. Everything below is given the
 * default pool; nothing asks for it back.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>

#include "internal.h"

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

/*
 * Every file's private data is the default pool (m->private for the
 * seq_files, file->private_data for ctl). Formats: highpt_stats_print(),
 * highpt_pool_print(), highpt_spaces_print(), highpt_shadows_print();
 * the pagemap directory's files: pagemap_read() in ctl/pagemap.c.
 */
static int stats_show(struct seq_file *m, void *unused)
{
	highpt_stats_print(m, m->private);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

static int pool_show(struct seq_file *m, void *unused)
{
	highpt_pool_print(m, m->private);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pool);

static int spaces_show(struct seq_file *m, void *unused)
{
	return highpt_spaces_print(m);
}
DEFINE_SHOW_ATTRIBUTE(spaces);

static int shadows_show(struct seq_file *m, void *unused)
{
	return highpt_shadows_print(m);
}
DEFINE_SHOW_ATTRIBUTE(shadows);

/* Format: highpt_bench_print(). */
static int bench_show(struct seq_file *m, void *unused)
{
	return highpt_bench_print(m);
}

/*
 * A buffer the whole file fits in: seq_file would run the benchmark
 * again for each time it has to grow one that is too small.
 */
static int bench_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, bench_show, inode->i_private, SZ_16K);
}

static const struct file_operations bench_fops = {
	.owner		= THIS_MODULE,
	.open		= bench_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
};

/* Format: highpt_ctl_write(). */
static const struct file_operations ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = highpt_ctl_write,
};

static const struct {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
} highpt_files[] = {
	{ "stats",	0444, &stats_fops },
	{ "pool",	0444, &pool_fops },
	{ "spaces",	0444, &spaces_fops },
	{ "shadows",	0444, &shadows_fops },
	{ "ctl",	0200, &ctl_fops },
	{ "bench",	0400, &bench_fops },
};

/*
 * debugfs errors are ignored, as debugfs asks: without debugfs (booted
 * with debugfs=off) there are no files, the in-kernel API still works,
 * and every call below is a no-op on an error pointer.
 */
static void highpt_debugfs_init(void)
{
	int i;

	highpt_debugfs = debugfs_create_dir("highpt", NULL);
	/* Before the ctl file: a command may come as soon as it exists. */
	highpt_ctl_init(debugfs_create_dir("pagemap", highpt_debugfs));
	for (i = 0; i < ARRAY_SIZE(highpt_files); i++)
		debugfs_create_file(highpt_files[i].name, highpt_files[i].mode,
				    highpt_debugfs, highpt_pool,
				    highpt_files[i].fops);
}

static int __init highpt_init(void)
{
	struct highpt_pool_config cfg;
	int ret;

	ret = highpt_params_pool_config(&cfg);
	if (ret)
		return ret;
	highpt_pool = highpt_pool_create(&cfg);
	if (IS_ERR(highpt_pool)) {
		pr_err("cannot create the default pool: %ld\n",
		       PTR_ERR(highpt_pool));
		return PTR_ERR(highpt_pool);
	}
	highpt_debugfs_init();
	return 0;
}

static void __exit highpt_exit(void)
{
	/* The files first, pagemap ones too: no reader or command is left. */
	debugfs_remove_recursive(highpt_debugfs);
	highpt_ctl_exit();
	/* Users are modules that depend on this one: all gone by now. */
	WARN_ON(highpt_pool_destroy(highpt_pool));
}

module_init(highpt_init);
module_exit(highpt_exit);

MODULE_DESCRIPTION("Highmem page tables and a private kmap pool");
MODULE_LICENSE("GPL");
