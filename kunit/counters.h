/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_COUNTERS_H
#define _HIGHPT_KUNIT_COUNTERS_H

#include "../module/internal.h"

/* A snapshot of highpt's counters, to check what an action changed. */
struct counters {
	u64 v[HIGHPT_STAT_COUNT];
};

void counters_take(struct counters *c);
s64 counters_delta(const struct counters *c, enum highpt_stat_id id);

#endif /* _HIGHPT_KUNIT_COUNTERS_H */
