// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/highpt/ctl: one command per write.
 *
 * A command is rejected as a whole before anything runs: unknown words,
 * junk bytes, missing or extra arguments, numbers out of range. A
 * rejected command changes nothing but the ctl_errors counter.
 */
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ctl.h"

#define HIGHPT_CTL_MAX_LEN	256
#define HIGHPT_CTL_MAX_WORDS	6

struct highpt_ctl_cmd {
	const char *name;
	int min_args;
	int max_args;
	int (*run)(struct highpt_pool *pool, int argc, char **argv);
};

static const struct highpt_ctl_cmd highpt_ctl_cmds[] = {
	{ "touch",	1, 1, highpt_ctl_touch },
	{ "map",	2, 3, highpt_ctl_map },
	{ "fork",	1, 1, highpt_ctl_fork },
	{ "mremap",	4, 4, highpt_ctl_mremap },
	{ "zap",	3, 3, highpt_ctl_zap },
	{ "destroy",	1, 1, highpt_ctl_destroy },
	{ "stress",	2, 2, highpt_ctl_stress },
	{ "shadow",	1, 4, highpt_ctl_shadow },
	{ "sync",	1, 1, highpt_ctl_sync },
};

static int highpt_ctl_split(char *line, char **argv)
{
	char *word;
	int argc = 0;

	while ((word = strsep(&line, " \t"))) {
		if (!*word)
			continue;
		if (argc == HIGHPT_CTL_MAX_WORDS)
			return -E2BIG;
		argv[argc++] = word;
	}
	return argc;
}

static int highpt_ctl_dispatch(struct highpt_pool *pool, char *line)
{
	char *argv[HIGHPT_CTL_MAX_WORDS];
	const struct highpt_ctl_cmd *cmd;
	int argc;

	argc = highpt_ctl_split(line, argv);
	if (argc <= 0)
		return argc ? argc : -EINVAL;
	for (cmd = highpt_ctl_cmds;
	     cmd < highpt_ctl_cmds + ARRAY_SIZE(highpt_ctl_cmds); cmd++) {
		if (strcmp(argv[0], cmd->name))
			continue;
		if (argc - 1 < cmd->min_args || argc - 1 > cmd->max_args) {
			pr_info("ctl: %s takes %d to %d argument(s)\n",
				cmd->name, cmd->min_args, cmd->max_args);
			return -EINVAL;
		}
		return cmd->run(pool, argc - 1, argv + 1);
	}
	pr_info("ctl: unknown command \"%s\"\n", argv[0]);
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
static int highpt_ctl_run(struct highpt_pool *pool, char *line, size_t len)
{
	int ret = -EINVAL;

	/* An embedded NUL would hide the rest of the write from the parser. */
	if (len <= HIGHPT_CTL_MAX_LEN && !memchr(line, '\0', len)) {
		if (len && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (highpt_ctl_printable(line))
			ret = highpt_ctl_dispatch(pool, line);
	}
	highpt_stat_inc(ret ? HIGHPT_STAT_CTL_ERRORS : HIGHPT_STAT_CTL_COMMANDS);
	return ret;
}

/* A command that failed before it could be parsed counts as an error. */
static int highpt_ctl_refuse(int err)
{
	highpt_stat_inc(HIGHPT_STAT_CTL_ERRORS);
	return err;
}

/**
 * highpt_ctl_exec() - run one ctl command, as if written to the ctl file
 * @pool: the pool that spaces the command makes use
 * @cmd: the command, NUL-terminated; one trailing newline is allowed
 *
 * Context: process context; may sleep.
 * Return: 0 on success; -EINVAL for a malformed command, -ERANGE for a
 * number out of range, -E2BIG for too many words, -ENOENT for an
 * unknown space, or the command's own error (-ENOMEM, -EINTR, -EIO).
 */
int highpt_ctl_exec(struct highpt_pool *pool, const char *cmd)
{
	size_t len = strnlen(cmd, HIGHPT_CTL_MAX_LEN + 1);
	char *line;
	int ret;

	line = kmemdup_nul(cmd, len, GFP_KERNEL);
	if (!line)
		return highpt_ctl_refuse(-ENOMEM);
	ret = highpt_ctl_run(pool, line, len);
	kfree(line);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(highpt_ctl_exec, HIGHPT_INTERNAL_NS);

/**
 * highpt_ctl_write() - the write method of /sys/kernel/debug/highpt/ctl
 * @file: the open file; its private data is the pool that spaces the
 *	commands make use
 * @ubuf: the command
 * @count: its length
 * @ppos: unused: every write is a whole command
 *
 * The file's format: write-only, root only. Each write() is one command
 * of at most 256 bytes: words separated by blanks, one optional trailing
 * newline, no other control or non-ASCII bytes. The grammar is in
 * README.md; highpt_ctl_exec() lists the errors.
 *
 * Return: @count, or the command's negative errno.
 */
ssize_t highpt_ctl_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	/* Copy one byte past the limit, enough to see the write is too big. */
	size_t len = min_t(size_t, count, HIGHPT_CTL_MAX_LEN + 1);
	char *buf;
	int ret;

	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return highpt_ctl_refuse(PTR_ERR(buf));
	ret = highpt_ctl_run(file->private_data, buf, len);
	kfree(buf);
	return ret ? ret : count;
}

/**
 * highpt_ctl_exit() - destroy every space the commands made
 *
 * Context: process context, with no command running (the ctl file is
 * gone and highpt's users are unloaded).
 */
void highpt_ctl_exit(void)
{
	highpt_spaces_destroy_all();
}
