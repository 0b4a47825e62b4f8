// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_store_ctl: the store's ctl commands. Bad commands
 * are rejected with the right errno and change nothing; good ones
 * change exactly what they say.
 */
#include <kunit/test.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "counters.h"
#include "ctl_check.h"
#include "seq_text.h"

static void spaces_print(struct seq_file *m)
{
	highpt_spaces_print(m);
}

/* The spaces file's text, in a kunit-managed buffer. */
static char *spaces_text(struct kunit *test)
{
	return seq_text(test, 8 * PAGE_SIZE, spaces_print);
}

/* The id on the last line of the spaces text; 0 if there is none. */
static u32 last_space_id(struct kunit *test)
{
	char *text = spaces_text(test), *line;
	u32 id = 0;

	while ((line = strsep(&text, "\n")))
		if (*line && *line != '#')
			KUNIT_ASSERT_EQ(test, sscanf(line, "%u", &id), 1);
	return id;
}

static s64 spaces(const struct counters *before)
{
	return counters_delta(before, HIGHPT_STAT_STORE_SPACES);
}

static s64 present(const struct counters *before)
{
	return counters_delta(before, HIGHPT_STAT_STORE_ENTRIES_PRESENT);
}

static void highpt_store_ctl_test_good(struct kunit *test)
{
	struct counters before;
	u32 id;

	counters_take(&before);
	KUNIT_ASSERT_EQ(test, ctl_exec("map 2 8M legacy"), 0);
	id = last_space_id(test);
	KUNIT_EXPECT_EQ(test, spaces(&before), 2);
	KUNIT_EXPECT_EQ(test, present(&before), 2 * 2048);
	/* Legacy: 4 MiB per PTE page. */
	KUNIT_EXPECT_EQ(test,
			counters_delta(&before,
				       HIGHPT_STAT_STORE_PTE_PAGES_HIGHMEM) +
			counters_delta(&before,
				       HIGHPT_STAT_STORE_PTE_PAGES_LOWMEM), 4);

	KUNIT_ASSERT_EQ(test, ctl_execf("fork %u", id), 0);
	KUNIT_EXPECT_EQ(test, last_space_id(test), id + 1);
	KUNIT_EXPECT_EQ(test, present(&before), 3 * 2048);
	KUNIT_EXPECT_EQ(test, ctl_execf("mremap %u 0 0x40000000 4M", id), 0);
	KUNIT_EXPECT_EQ(test, present(&before), 3 * 2048);
	KUNIT_EXPECT_EQ(test, ctl_execf("zap %u 0x40000000 4M", id), 0);
	KUNIT_EXPECT_EQ(test, present(&before), 3 * 2048 - 1024);
	KUNIT_EXPECT_EQ(test, ctl_execf("destroy %u", id), 0);
	KUNIT_EXPECT_EQ(test, spaces(&before), 2);
	KUNIT_EXPECT_EQ(test, ctl_exec("destroy all"), 0);
	KUNIT_EXPECT_EQ(test, spaces(&before), 0);
	KUNIT_EXPECT_EQ(test, present(&before), 0);
	KUNIT_EXPECT_EQ(test, last_space_id(test), 0);
}

struct ctl_bad {
	const char *cmd;	/* %u: the id of a live space */
	int err;
};

static const struct ctl_bad store_bad[] = {
	{ "map", -EINVAL },
	{ "map 0 1M", -ERANGE },
	{ "map 1001 1M", -ERANGE },
	{ "map -1 1M", -EINVAL },
	{ "map 1 0", -EINVAL },
	{ "map 1 1000", -EINVAL },
	{ "map 1 5G", -ERANGE },
	{ "map 1 1Q", -EINVAL },
	{ "map 1 M", -EINVAL },
	{ "map 1 99999999999999999999G", -ERANGE },
	{ "map 1 1M x86", -EINVAL },
	{ "map 1 1M pae x", -EINVAL },
	{ "fork", -EINVAL },
	{ "fork x", -EINVAL },
	{ "fork 4000000000", -ENOENT },
	{ "mremap %u 0 0x1000", -EINVAL },
	{ "mremap %u 0 0x1000 8M", -EINVAL },
	{ "mremap %u 0 0x1000 0", -EINVAL },
	{ "mremap %u 0xfffff000 0 8K", -EINVAL },
	{ "mremap %u 0 4G 4K", -ERANGE },
	{ "zap %u 0x1001 4K", -EINVAL },
	{ "zap %u 0 5G", -ERANGE },
	{ "zap 4000000000 0 4K", -ENOENT },
	{ "destroy everything", -EINVAL },
	{ "destroy 4000000000", -ENOENT },
	{ "stress 0 1", -ERANGE },
	{ "stress 17 1", -ERANGE },
	{ "stress 1 61", -ERANGE },
	{ "stress 1", -EINVAL },
	{ "map 1 +8M", -EINVAL },
	{ "map 1 8m", -EINVAL },
	{ "map 1 8k", -EINVAL },
	{ "map 1 0x", -EINVAL },
	{ "map 1 0xM", -EINVAL },
	{ "map 1 8MM", -EINVAL },
	{ "map 1 010K", -EINVAL },		/* ten KiB: not page-aligned */
	{ "map +1 1M", -EINVAL },
	{ "map 1K 1M", -EINVAL },
	{ "fork +%u", -EINVAL },
	{ "fork 0x", -EINVAL },
	{ "zap %u +0 4K", -EINVAL },
	{ "zap +%u 0 4K", -EINVAL },
	{ "destroy +%u", -EINVAL },
	{ "destroy 0b1", -EINVAL },
	{ "stress +1 1", -EINVAL },
	{ "stress 1 +1", -EINVAL },
	{ "stress 0x11 1", -ERANGE },
};

/* Every counter but ctl_errors, and the spaces text, stay the same. */
static void highpt_store_ctl_test_bad(struct kunit *test)
{
	const struct ctl_bad *bad;
	char cmd[96], *text;
	u32 id;

	KUNIT_ASSERT_EQ(test, ctl_exec("map 1 8M"), 0);
	id = last_space_id(test);
	for (bad = store_bad; bad < store_bad + ARRAY_SIZE(store_bad); bad++) {
		text = spaces_text(test);
		snprintf(cmd, sizeof(cmd), bad->cmd, id);
		expect_ctl_rejected(test, cmd, bad->err, cmd);
		KUNIT_EXPECT_STREQ_MSG(test, spaces_text(test), text, "%s",
				       cmd);
	}
	KUNIT_EXPECT_EQ(test, ctl_exec("destroy all"), 0);
}

/*
 * Sizes, counts and ids take the same numbers: decimal ("010" is ten)
 * or 0x/0X hexadecimal, and a size may end in K, M or G.
 */
static void highpt_store_ctl_test_numbers(struct kunit *test)
{
	static const struct {
		const char *size;
		s64 pages;
	} sizes[] = {
		{ "4096", 1 }, { "0X1000", 1 }, { "0x800000", 2048 },
		{ "8192K", 2048 }, { "010M", 2560 }, { "0x8M", 2048 },
		{ "0004K", 1 },
	};
	struct counters before;
	char cmd[48];
	u32 id;
	int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		snprintf(cmd, sizeof(cmd), "map 01 %s", sizes[i].size);
		counters_take(&before);
		KUNIT_EXPECT_EQ_MSG(test, ctl_exec(cmd), 0, "%s", cmd);
		KUNIT_EXPECT_EQ_MSG(test, spaces(&before), 1, "%s", cmd);
		KUNIT_EXPECT_EQ_MSG(test, present(&before), sizes[i].pages,
				    "%s", cmd);
		KUNIT_EXPECT_EQ(test, ctl_exec("destroy all"), 0);
	}
	KUNIT_ASSERT_EQ(test, ctl_exec("map 0x2 4K"), 0);
	id = last_space_id(test);
	KUNIT_EXPECT_EQ(test, ctl_execf("fork 0x%x", id), 0);
	KUNIT_EXPECT_EQ(test, ctl_execf("zap 0%u 0 0x1000", id), 0);
	KUNIT_EXPECT_EQ(test, ctl_execf("destroy 0X%X", id), 0);
	counters_take(&before);
	KUNIT_EXPECT_EQ(test, ctl_exec("destroy all"), 0);
	KUNIT_EXPECT_EQ(test, spaces(&before), -2);
	KUNIT_EXPECT_EQ(test, present(&before), -2);
}

static struct kunit_case highpt_store_ctl_cases[] = {
	KUNIT_CASE(highpt_store_ctl_test_good),
	KUNIT_CASE(highpt_store_ctl_test_bad),
	KUNIT_CASE(highpt_store_ctl_test_numbers),
	{}
};

static struct kunit_suite highpt_store_ctl_suite = {
	.name = "highpt_store_ctl",
	.test_cases = highpt_store_ctl_cases,
};

kunit_test_suites(&highpt_store_ctl_suite);
