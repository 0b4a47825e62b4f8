// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_debugfs: the stats file shows every counter with
 * its live value, and the ctl file runs good commands and rejects bad
 * ones without changing anything.
 */
#include <kunit/test.h>
#include <linux/debugfs.h>
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <highpt.h>

#define HIGHPT_DIR "/sys/kernel/debug/highpt/"

/* The files must exist whether or not debugfs is mounted anywhere. */
static void debugfs_expect_file(struct kunit *test, const char *name)
{
	struct dentry *dir, *file;

	dir = debugfs_lookup("highpt", NULL);
	KUNIT_ASSERT_NOT_NULL(test, dir);
	file = debugfs_lookup(name, dir);
	KUNIT_EXPECT_NOT_NULL_MSG(test, file, "no debugfs file highpt/%s",
				  name);
	dput(file);
	dput(dir);
}

static struct file *debugfs_open(struct kunit *test, const char *name,
				 int flags)
{
	struct file *f;

	debugfs_expect_file(test, name);
	f = filp_open("/sys/kernel/debug", O_RDONLY, 0);
	if (IS_ERR(f))
		kunit_skip(test, "debugfs is not mounted at /sys/kernel/debug");
	filp_close(f, NULL);
	f = filp_open(name, flags, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "open %s: %ld", name,
			       PTR_ERR(f));
	return f;
}

/* Read the whole stats file into a kunit-managed, NUL-terminated buffer. */
static char *stats_read(struct kunit *test)
{
	size_t size = PAGE_SIZE;
	char *buf = kunit_kzalloc(test, size, GFP_KERNEL);
	struct file *f = debugfs_open(test, HIGHPT_DIR "stats", O_RDONLY);
	loff_t pos = 0;
	ssize_t n, len = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	while ((n = kernel_read(f, buf + len, size - 1 - len, &pos)) > 0)
		len += n;
	filp_close(f, NULL);
	KUNIT_ASSERT_GE(test, n, 0);
	KUNIT_ASSERT_LT(test, len, size - 1);
	return buf;
}

/* The value on the line "<name> <value>" of the stats text, or -1. */
static s64 stats_value(const char *text, const char *name)
{
	size_t len = strlen(name);
	const char *line;
	u64 v;

	for (line = text; line && *line; line = strchr(line, '\n'),
	     line = line ? line + 1 : NULL) {
		char num[24];
		const char *end;

		if (strncmp(line, name, len) || line[len] != ' ')
			continue;
		end = strchrnul(line + len + 1, '\n');
		if (end - (line + len + 1) >= sizeof(num))
			return -1;
		memcpy(num, line + len + 1, end - (line + len + 1));
		num[end - (line + len + 1)] = '\0';
		return kstrtou64(num, 10, &v) ? -1 : v;
	}
	return -1;
}

static void highpt_debugfs_test_stats_lines(struct kunit *test)
{
	char *text = stats_read(test);
	const char *line = text;
	int id;

	/* Every counter, in enum order, one "name value" line each. */
	for (id = 0; id < HIGHPT_STAT_COUNT; id++) {
		const char *name = highpt_stat_name(id);

		KUNIT_ASSERT_NOT_NULL(test, name);
		KUNIT_EXPECT_EQ_MSG(test, strncmp(line, name, strlen(name)), 0,
				    "line %d is not %s", id, name);
		KUNIT_EXPECT_EQ(test, stats_value(text, name),
				(s64)highpt_stat_read(id));
		line = strchr(line, '\n');
		KUNIT_ASSERT_NOT_NULL(test, line);
		line++;
	}
	KUNIT_EXPECT_STREQ(test, line, "");
	KUNIT_EXPECT_NULL(test, highpt_stat_name(HIGHPT_STAT_COUNT));
}

static void highpt_debugfs_test_stats_move(struct kunit *test)
{
	struct page *page = alloc_page(GFP_HIGHUSER);
	s64 before, after;
	u8 byte = 1;

	KUNIT_ASSERT_NOT_NULL(test, page);
	before = stats_value(stats_read(test), "local_maps");
	KUNIT_EXPECT_EQ(test, highpt_page_write(page, 0, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, highpt_page_write(page, 1, &byte, 1), 0);
	after = stats_value(stats_read(test), "local_maps");
	__free_page(page);
	KUNIT_EXPECT_GE(test, before, 0);
	KUNIT_EXPECT_EQ(test, after - before, 2);
}

static int ctl_write(struct kunit *test, const char *cmd, size_t len)
{
	struct file *f = debugfs_open(test, HIGHPT_DIR "ctl", O_WRONLY);
	loff_t pos = 0;
	ssize_t ret;

	ret = kernel_write(f, cmd, len, &pos);
	filp_close(f, NULL);
	if (ret >= 0) {
		KUNIT_EXPECT_EQ(test, ret, (ssize_t)len);
		return 0;
	}
	return ret;
}

static void highpt_debugfs_test_ctl_touch(struct kunit *test)
{
	u64 pages = highpt_stat_read(HIGHPT_STAT_TOUCH_PAGES);
	u64 cmds = highpt_stat_read(HIGHPT_STAT_CTL_COMMANDS);
	u64 errors = highpt_stat_read(HIGHPT_STAT_CTL_ERRORS);
	u64 highmem = highpt_stat_read(HIGHPT_STAT_LOCAL_MAPS_HIGHMEM);
	static const char cmd[] = "touch 3\n";

	KUNIT_ASSERT_EQ(test, ctl_write(test, cmd, strlen(cmd)), 0);
	KUNIT_EXPECT_EQ(test, highpt_stat_read(HIGHPT_STAT_TOUCH_PAGES) - pages,
			3);
	KUNIT_EXPECT_EQ(test, highpt_stat_read(HIGHPT_STAT_CTL_COMMANDS) - cmds,
			1);
	KUNIT_EXPECT_EQ(test, highpt_stat_read(HIGHPT_STAT_CTL_ERRORS), errors);
	KUNIT_EXPECT_EQ(test, highpt_stat_read(HIGHPT_STAT_TOUCH_MISMATCHES), 0);
	/* One write and one read-back mapping per page, all in highmem. */
	if (IS_ENABLED(CONFIG_HIGHMEM) && totalhigh_pages())
		KUNIT_EXPECT_EQ(test,
				highpt_stat_read(HIGHPT_STAT_LOCAL_MAPS_HIGHMEM) -
				highmem, 6);
}

struct ctl_bad {
	const char *what;
	const char *cmd;
	size_t len;	/* 0: strlen(cmd) */
	int err;
};

/* "touch" and a count, padded with blanks past the 256-byte limit. */
static char ctl_long[300];

static const struct ctl_bad ctl_bad_cmds[] = {
	{ "lone NUL byte", "", 1, -EINVAL },
	{ "newline only", "\n", 0, -EINVAL },
	{ "blanks only", " \t ", 0, -EINVAL },
	{ "unknown word", "bogus 1", 0, -EINVAL },
	{ "wrong case", "TOUCH 1", 0, -EINVAL },
	{ "missing count", "touch", 0, -EINVAL },
	{ "extra argument", "touch 1 2", 0, -EINVAL },
	{ "too many words", "touch 1 2 3 4 5", 0, -E2BIG },
	{ "zero count", "touch 0", 0, -ERANGE },
	{ "count too big", "touch 262145", 0, -ERANGE },
	{ "negative count", "touch -1", 0, -EINVAL },
	{ "not a number", "touch x", 0, -EINVAL },
	{ "trailing junk", "touch 1x", 0, -EINVAL },
	{ "overflow", "touch 99999999999999999999", 0, -ERANGE },
	{ "control byte", "touch\x01 1", 0, -EINVAL },
	{ "non-ascii byte", "touch \xff", 0, -EINVAL },
	{ "two newlines", "touch 1\n\n", 0, -EINVAL },
	{ "embedded NUL", "touch 1\0touch 2", 15, -EINVAL },
	{ "oversized write", ctl_long, 0, -EINVAL },
};

/*
 * One case walks the whole table: 6.1 keeps only 512 bytes of a case's
 * log, too little for a parameterised case with this many rows.
 */
static void highpt_debugfs_test_ctl_rejects(struct kunit *test)
{
	u64 before[HIGHPT_STAT_COUNT];
	const struct ctl_bad *bad;
	int id;

	memset(ctl_long, ' ', sizeof(ctl_long) - 1);
	memcpy(ctl_long, "touch", 5);
	ctl_long[sizeof(ctl_long) - 2] = '1';
	for (bad = ctl_bad_cmds; bad < ctl_bad_cmds + ARRAY_SIZE(ctl_bad_cmds);
	     bad++) {
		size_t len = bad->len ? bad->len : strlen(bad->cmd);

		for (id = 0; id < HIGHPT_STAT_COUNT; id++)
			before[id] = highpt_stat_read(id);
		KUNIT_EXPECT_EQ_MSG(test, ctl_write(test, bad->cmd, len),
				    bad->err, "%s", bad->what);
		for (id = 0; id < HIGHPT_STAT_COUNT; id++)
			KUNIT_EXPECT_EQ_MSG(test,
					    highpt_stat_read(id) - before[id],
					    id == HIGHPT_STAT_CTL_ERRORS ? 1 : 0,
					    "%s: counter %s", bad->what,
					    highpt_stat_name(id));
	}
}

static struct kunit_case highpt_debugfs_cases[] = {
	KUNIT_CASE(highpt_debugfs_test_stats_lines),
	KUNIT_CASE(highpt_debugfs_test_stats_move),
	KUNIT_CASE(highpt_debugfs_test_ctl_touch),
	KUNIT_CASE(highpt_debugfs_test_ctl_rejects),
	{}
};

static struct kunit_suite highpt_debugfs_suite = {
	.name = "highpt_debugfs",
	.test_cases = highpt_debugfs_cases,
};

kunit_test_suites(&highpt_debugfs_suite);
