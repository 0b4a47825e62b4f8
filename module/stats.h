/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_STATS_H
#define _HIGHPT_STATS_H

#include <highpt.h>

struct dentry;

void highpt_stat_add(enum highpt_stat_id id, s64 n);

static inline void highpt_stat_inc(enum highpt_stat_id id)
{
	highpt_stat_add(id, 1);
}

int highpt_stats_init(struct dentry *dir);

#endif /* _HIGHPT_STATS_H */
