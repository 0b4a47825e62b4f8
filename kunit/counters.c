// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshots of highpt's counters (counters.h).
 */
#include "counters.h"

void counters_take(struct counters *c)
{
	int id;

	for (id = 0; id < HIGHPT_STAT_COUNT; id++)
		c->v[id] = highpt_stat_read(id);
}

/* How far counter @id moved since @c was taken. */
s64 counters_delta(const struct counters *c, enum highpt_stat_id id)
{
	return highpt_stat_read(id) - c->v[id];
}
