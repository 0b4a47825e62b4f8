// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_debugfs: highpt's debugfs files exist, the stats
 * text shows every counter with its live value, and ctl commands run or
 * are rejected without changing anything.
 *
 * The files' read and write paths are exercised from user space by
 * tools/guest/smoke: a kernel thread cannot kernel_read() a debugfs
 * seq_file, which has no read_iter.
 */
#include <kunit/test.h>
#include <linux/dcache.h>
#include <linux/debugfs.h>
#include <linux/highmem.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../module/bench/bench.h"
#include "counters.h"
#include "ctl_check.h"
#include "seq_text.h"

static void highpt_debugfs_test_files_exist(struct kunit *test)
{
	static const char *const names[] = {
		"stats", "pool", "spaces", "ctl", "bench"
	};
	struct dentry *dir, *file;
	int i;

	dir = debugfs_lookup("highpt", NULL);
	KUNIT_ASSERT_NOT_NULL(test, dir);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		file = debugfs_lookup(names[i], dir);
		KUNIT_EXPECT_NOT_NULL_MSG(test, file, "no highpt/%s", names[i]);
		dput(file);
	}
	dput(dir);
}

static void stats_print(struct seq_file *m)
{
	highpt_stats_print(m, highpt_default_pool());
}

/* The stats file's text, as main.c prints it, in a kunit-managed buffer. */
static char *stats_text(struct kunit *test)
{
	return seq_text(test, PAGE_SIZE, stats_print);
}

/* The value on the line "<name> <value>" of the stats text, or -1. */
static s64 stats_value(const char *text, const char *name)
{
	size_t len = strlen(name);
	const char *line = text;
	u64 v;

	while (line && *line) {
		const char *end = strchrnul(line, '\n');
		char num[24];

		if (!strncmp(line, name, len) && line[len] == ' ' &&
		    end - (line + len + 1) < sizeof(num)) {
			memcpy(num, line + len + 1, end - (line + len + 1));
			num[end - (line + len + 1)] = '\0';
			return kstrtou64(num, 10, &v) ? -1 : v;
		}
		line = *end ? end + 1 : NULL;
	}
	return -1;
}

static void highpt_debugfs_test_stats_lines(struct kunit *test)
{
	char *text = stats_text(test);
	const char *line = text;
	int id, pool_lines = 0;

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
	KUNIT_EXPECT_NULL(test, highpt_stat_name(HIGHPT_STAT_COUNT));
	/* Then page tables' bytes, derived from the page counts. */
	KUNIT_EXPECT_EQ(test, stats_value(text, "store_lowmem_bytes"),
			(s64)(highpt_stat_read(HIGHPT_STAT_STORE_PTE_PAGES_LOWMEM) +
			      highpt_stat_read(HIGHPT_STAT_STORE_DIR_PAGES)) *
			PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, stats_value(text, "store_highmem_bytes"),
			(s64)highpt_stat_read(HIGHPT_STAT_STORE_PTE_PAGES_HIGHMEM) *
			PAGE_SIZE);
	line = strchr(strchr(line, '\n') + 1, '\n') + 1;
	/* Then one "pool_<field>" line per field of the default pool's stats. */
	for (; *line; line = strchr(line, '\n') + 1, pool_lines++)
		KUNIT_EXPECT_EQ(test, strncmp(line, "pool_", 5), 0);
	KUNIT_EXPECT_EQ(test, pool_lines,
			sizeof(struct highpt_pool_stats) / sizeof(u64));
	KUNIT_EXPECT_EQ(test, stats_value(text, "pool_maps"),
			0 + stats_value(text, "pool_hits") +
			stats_value(text, "pool_misses"));
}

static void highpt_debugfs_test_stats_move(struct kunit *test)
{
	struct page *page = alloc_page(GFP_HIGHUSER);
	s64 before, after;
	u8 byte = 1;

	KUNIT_ASSERT_NOT_NULL(test, page);
	before = stats_value(stats_text(test), "local_maps");
	KUNIT_EXPECT_EQ(test, highpt_page_write(page, 0, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, highpt_page_write(page, 1, &byte, 1), 0);
	after = stats_value(stats_text(test), "local_maps");
	__free_page(page);
	KUNIT_EXPECT_GE(test, before, 0);
	KUNIT_EXPECT_EQ(test, after - before, 2);
}

static void highpt_debugfs_test_ctl_touch(struct kunit *test)
{
	struct counters before;

	counters_take(&before);
	KUNIT_ASSERT_EQ(test, ctl_exec("touch 3\n"), 0);
	KUNIT_EXPECT_EQ(test, counters_delta(&before, HIGHPT_STAT_TOUCH_PAGES),
			3);
	KUNIT_EXPECT_EQ(test, counters_delta(&before, HIGHPT_STAT_CTL_COMMANDS),
			1);
	KUNIT_EXPECT_EQ(test, counters_delta(&before, HIGHPT_STAT_CTL_ERRORS),
			0);
	KUNIT_EXPECT_EQ(test, highpt_stat_read(HIGHPT_STAT_TOUCH_MISMATCHES), 0);
	/* One write and one read-back mapping per page, all in highmem. */
	if (IS_ENABLED(CONFIG_HIGHMEM) && totalhigh_pages())
		KUNIT_EXPECT_EQ(test,
				counters_delta(&before,
					       HIGHPT_STAT_LOCAL_MAPS_HIGHMEM),
				6);
}

struct ctl_bad {
	const char *what;
	const char *cmd;
	int err;
};

/* "touch" and a count, padded with blanks past the 256-byte limit. */
static char ctl_long[300];

static const struct ctl_bad ctl_bad_cmds[] = {
	{ "empty", "", -EINVAL },
	{ "newline only", "\n", -EINVAL },
	{ "blanks only", " \t ", -EINVAL },
	{ "unknown word", "bogus 1", -EINVAL },
	{ "wrong case", "TOUCH 1", -EINVAL },
	{ "missing count", "touch", -EINVAL },
	{ "extra argument", "touch 1 2", -EINVAL },
	{ "too many words", "touch 1 2 3 4 5 6", -E2BIG },
	{ "zero count", "touch 0", -ERANGE },
	{ "count too big", "touch 262145", -ERANGE },
	{ "negative count", "touch -1", -EINVAL },
	{ "not a number", "touch x", -EINVAL },
	{ "trailing junk", "touch 1x", -EINVAL },
	{ "overflow", "touch 99999999999999999999", -ERANGE },
	{ "control byte", "touch\x01 1", -EINVAL },
	{ "non-ascii byte", "touch \xff", -EINVAL },
	{ "two newlines", "touch 1\n\n", -EINVAL },
	{ "oversized", ctl_long, -EINVAL },
	{ "plus sign", "touch +1", -EINVAL },
	{ "minus zero", "touch -0", -EINVAL },
	{ "hex prefix alone", "touch 0x", -EINVAL },
	{ "hex prefix twice", "touch 0x0x1", -EINVAL },
	{ "bad hex digit", "touch 0x1g", -EINVAL },
	{ "binary", "touch 0b1", -EINVAL },
	{ "suffix on a count", "touch 1K", -EINVAL },
	{ "plus after hex prefix", "touch 0x+1", -EINVAL },
	{ "hex overflow", "touch 0x100000000", -ERANGE },
};

/*
 * One case walks the whole table: 6.1 keeps only 512 bytes of a case's
 * log, too little for a parameterised case with this many rows.
 */
static void highpt_debugfs_test_ctl_rejects(struct kunit *test)
{
	const struct ctl_bad *bad;

	memset(ctl_long, ' ', sizeof(ctl_long) - 1);
	memcpy(ctl_long, "touch", 5);
	ctl_long[sizeof(ctl_long) - 2] = '1';
	for (bad = ctl_bad_cmds; bad < ctl_bad_cmds + ARRAY_SIZE(ctl_bad_cmds);
	     bad++)
		expect_ctl_rejected(test, bad->cmd, bad->err, bad->what);
}

/*
 * Numbers are decimal (leading zeros too: "010" is ten, not octal) or
 * hexadecimal after 0x or 0X; "touch" shows the exact value it read.
 */
static void highpt_debugfs_test_ctl_numbers(struct kunit *test)
{
	static const struct {
		const char *word;
		s64 value;
	} good[] = {
		{ "7", 7 }, { "010", 10 }, { "08", 8 }, { "0009", 9 },
		{ "0x10", 16 }, { "0X0a", 10 }, { "0xB", 11 }, { "0x00000003", 3 },
	};
	struct counters before;
	char cmd[32];
	int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		snprintf(cmd, sizeof(cmd), "touch %s", good[i].word);
		counters_take(&before);
		KUNIT_EXPECT_EQ_MSG(test, ctl_exec(cmd), 0, "%s", cmd);
		KUNIT_EXPECT_EQ_MSG(test,
				    counters_delta(&before,
						   HIGHPT_STAT_TOUCH_PAGES),
				    good[i].value, "%s", cmd);
	}
}

/*
 * The bench file's mean per pair: threads x pairs overflows 32 bits
 * with bench_iters past 2^31 (and is 0 at 2 x 2^31, a division by 0).
 */
static void highpt_debugfs_test_bench_mean(struct kunit *test)
{
	static const struct {
		u64 total;
		unsigned int nthreads, iters;
		u64 mean;
	} rows[] = {
		{ 10000, 2, 5000, 1 },
		{ 999, 1, 1000, 0 },
		{ 2 * (BIT_ULL(31) + 1) * 7, 2, BIT(31) + 1, 7 },
		{ (u64)U32_MAX * 5, 1, U32_MAX, 5 },
		{ 2 * (u64)U32_MAX * 1000, 2, U32_MAX, 1000 },
		{ 16 * (u64)U32_MAX * 3, 16, U32_MAX, 3 },
		{ 12345, 0, 5000, 0 },
		{ 12345, 2, 0, 0 },
		{ 2 * BIT_ULL(31) * 9, 2, BIT(31), 9 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(rows); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    highpt_bench_mean_ns(rows[i].total,
							 rows[i].nthreads,
							 rows[i].iters),
				    rows[i].mean, "%llu ns, %u threads, %u pairs",
				    rows[i].total, rows[i].nthreads,
				    rows[i].iters);
}

static struct kunit_case highpt_debugfs_cases[] = {
	KUNIT_CASE(highpt_debugfs_test_files_exist),
	KUNIT_CASE(highpt_debugfs_test_stats_lines),
	KUNIT_CASE(highpt_debugfs_test_stats_move),
	KUNIT_CASE(highpt_debugfs_test_ctl_touch),
	KUNIT_CASE(highpt_debugfs_test_ctl_rejects),
	KUNIT_CASE(highpt_debugfs_test_ctl_numbers),
	KUNIT_CASE(highpt_debugfs_test_bench_mean),
	{}
};

static struct kunit_suite highpt_debugfs_suite = {
	.name = "highpt_debugfs",
	.test_cases = highpt_debugfs_cases,
};

kunit_test_suites(&highpt_debugfs_suite);
