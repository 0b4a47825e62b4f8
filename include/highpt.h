/* SPDX-License-Identifier: GPL-2.0 */
/*
 * highpt: highmem page tables and a private kmap pool, as a module.
 *
 * The in-kernel API that highpt.ko exports to other modules (its own
 * KUnit suites among them).
 */
#ifndef _HIGHPT_H
#define _HIGHPT_H

#include <linux/types.h>

struct page;
struct seq_file;

/**
 * enum highpt_stat_id - counters shown in /sys/kernel/debug/highpt/stats
 * @HIGHPT_STAT_LOCAL_MAPS: pages mapped through kmap_local_page()
 * @HIGHPT_STAT_LOCAL_MAPS_HIGHMEM: of those, highmem pages
 * @HIGHPT_STAT_CTL_COMMANDS: commands accepted by the ctl file
 * @HIGHPT_STAT_CTL_ERRORS: commands the ctl file rejected or that failed
 * @HIGHPT_STAT_TOUCH_PAGES: pages written and verified by "touch"
 * @HIGHPT_STAT_TOUCH_MISMATCHES: pages whose contents read back wrong
 * @HIGHPT_STAT_COUNT: number of counters
 */
enum highpt_stat_id {
	HIGHPT_STAT_LOCAL_MAPS,
	HIGHPT_STAT_LOCAL_MAPS_HIGHMEM,
	HIGHPT_STAT_CTL_COMMANDS,
	HIGHPT_STAT_CTL_ERRORS,
	HIGHPT_STAT_TOUCH_PAGES,
	HIGHPT_STAT_TOUCH_MISMATCHES,
	HIGHPT_STAT_COUNT
};

u64 highpt_stat_read(enum highpt_stat_id id);
const char *highpt_stat_name(enum highpt_stat_id id);
void highpt_stats_print(struct seq_file *m);

int highpt_page_write(struct page *page, size_t offset, const void *buf,
		      size_t len);
int highpt_page_read(struct page *page, size_t offset, void *buf,
		     size_t len);

int highpt_ctl_exec(const char *cmd);

#endif /* _HIGHPT_H */
