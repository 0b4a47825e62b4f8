// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/highpt/ctl: one command per write.
 *
 * A command is rejected as a whole before anything runs: unknown words,
 * junk bytes, missing or extra arguments, numbers out of range. A
 * rejected command changes nothing but the ctl_errors counter.
 */
#include <linux/debugfs.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ctl.h"
#include "stats.h"

#define HIGHPT_CTL_MAX_LEN	256
#define HIGHPT_CTL_MAX_ARGS	4
#define HIGHPT_TOUCH_MAX	(256U * 1024)	/* 1 GiB of 4 KiB pages */

struct highpt_ctl_cmd {
	const char *name;
	int nargs;
	int (*run)(char **argv);
};

static void highpt_touch_pattern(u32 *buf, u32 seed)
{
	size_t i;

	for (i = 0; i < PAGE_SIZE / sizeof(*buf); i++)
		buf[i] = seed * 2654435761U + i;
}

static int highpt_touch_one(u32 *pattern, u32 *readback, u32 seed)
{
	struct page *page;
	int ret = 0;

	page = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
	if (!page)
		return -ENOMEM;
	highpt_touch_pattern(pattern, seed);
	highpt_page_write(page, 0, pattern, PAGE_SIZE);
	highpt_page_read(page, 0, readback, PAGE_SIZE);
	if (memcmp(pattern, readback, PAGE_SIZE)) {
		highpt_stat_inc(HIGHPT_STAT_TOUCH_MISMATCHES);
		ret = -EIO;
	} else {
		highpt_stat_inc(HIGHPT_STAT_TOUCH_PAGES);
	}
	__free_page(page);
	return ret;
}

/* "touch N": write and verify N fresh highmem pages, one at a time. */
static int highpt_ctl_touch(char **argv)
{
	u32 *pattern, *readback;
	unsigned int n, i;
	int ret;

	ret = kstrtouint(argv[0], 0, &n);
	if (ret)
		return ret;
	if (n == 0 || n > HIGHPT_TOUCH_MAX) {
		pr_info("highpt: ctl: touch: count must be 1..%u\n",
			HIGHPT_TOUCH_MAX);
		return -ERANGE;
	}
	pattern = kmalloc(PAGE_SIZE, GFP_KERNEL);
	readback = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!pattern || !readback) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n && !ret; i++) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		ret = highpt_touch_one(pattern, readback, i);
		cond_resched();
	}
out:
	kfree(readback);
	kfree(pattern);
	return ret;
}

static const struct highpt_ctl_cmd highpt_ctl_cmds[] = {
	{ "touch", 1, highpt_ctl_touch },
};

static int highpt_ctl_split(char *line, char **argv)
{
	char *word;
	int argc = 0;

	while ((word = strsep(&line, " \t"))) {
		if (!*word)
			continue;
		if (argc == HIGHPT_CTL_MAX_ARGS)
			return -E2BIG;
		argv[argc++] = word;
	}
	return argc;
}

static int highpt_ctl_dispatch(char *line)
{
	char *argv[HIGHPT_CTL_MAX_ARGS];
	const struct highpt_ctl_cmd *cmd;
	int argc;

	argc = highpt_ctl_split(line, argv);
	if (argc <= 0)
		return argc ? argc : -EINVAL;
	for (cmd = highpt_ctl_cmds;
	     cmd < highpt_ctl_cmds + ARRAY_SIZE(highpt_ctl_cmds); cmd++) {
		if (strcmp(argv[0], cmd->name))
			continue;
		if (argc - 1 != cmd->nargs) {
			pr_info("highpt: ctl: %s takes %d argument(s)\n",
				cmd->name, cmd->nargs);
			return -EINVAL;
		}
		return cmd->run(argv + 1);
	}
	pr_info("highpt: ctl: unknown command \"%s\"\n", argv[0]);
	return -EINVAL;
}

static bool highpt_ctl_printable(const char *s)
{
	for (; *s; s++)
		if (*s != '\t' && (*s < 0x20 || *s > 0x7e))
			return false;
	return true;
}

/* @line holds @len bytes and a NUL; it is parsed in place. */
static int highpt_ctl_run(char *line, size_t len)
{
	int ret = -EINVAL;

	/* An embedded NUL would hide the rest of the write from the parser. */
	if (len <= HIGHPT_CTL_MAX_LEN && !memchr(line, '\0', len)) {
		if (len && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (highpt_ctl_printable(line))
			ret = highpt_ctl_dispatch(line);
	}
	highpt_stat_inc(ret ? HIGHPT_STAT_CTL_ERRORS : HIGHPT_STAT_CTL_COMMANDS);
	return ret;
}

/**
 * highpt_ctl_exec() - run one ctl command, as if written to the ctl file
 * @cmd: the command, NUL-terminated; one trailing newline is allowed
 *
 * Context: process context; may sleep.
 * Return: 0 on success; -EINVAL for a malformed command, -ERANGE for a
 * number out of range, -E2BIG for too many words, or the command's own
 * error (-ENOMEM, -EINTR, -EIO).
 */
int highpt_ctl_exec(const char *cmd)
{
	size_t len = strnlen(cmd, HIGHPT_CTL_MAX_LEN + 1);
	char *line;
	int ret;

	line = kmemdup_nul(cmd, len, GFP_KERNEL);
	if (!line)
		return -ENOMEM;
	ret = highpt_ctl_run(line, len);
	kfree(line);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_ctl_exec);

/*
 * DOC: /sys/kernel/debug/highpt/ctl
 *
 * Write-only, root only. Each write() is one command of at most 256
 * bytes: words separated by blanks, one optional trailing newline, no
 * other control or non-ASCII bytes. The grammar is in README.md.
 */
static ssize_t highpt_ctl_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	/* Copy one byte past the limit, enough to see the write is too big. */
	size_t len = min_t(size_t, count, HIGHPT_CTL_MAX_LEN + 1);
	char *buf;
	int ret;

	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = highpt_ctl_run(buf, len);
	kfree(buf);
	return ret ? ret : count;
}

static const struct file_operations highpt_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = highpt_ctl_write,
};

int highpt_ctl_init(struct dentry *dir)
{
	struct dentry *d;

	d = debugfs_create_file("ctl", 0200, dir, NULL, &highpt_ctl_fops);
	return PTR_ERR_OR_ZERO(d);
}
