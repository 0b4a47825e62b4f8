// SPDX-License-Identifier: GPL-2.0
/*
 * A rejected ctl command fails with its errno and changes no counter but
 * ctl_errors.
 */
#include <kunit/test.h>

#include <highpt.h>
#include "ctl_check.h"

void expect_ctl_rejected(struct kunit *test, const char *cmd, int err,
			 const char *what)
{
	u64 before[HIGHPT_STAT_COUNT];
	int id;

	for (id = 0; id < HIGHPT_STAT_COUNT; id++)
		before[id] = highpt_stat_read(id);
	KUNIT_EXPECT_EQ_MSG(test, highpt_ctl_exec(cmd), err, "%s", what);
	for (id = 0; id < HIGHPT_STAT_COUNT; id++)
		KUNIT_EXPECT_EQ_MSG(test, highpt_stat_read(id) - before[id],
				    id == HIGHPT_STAT_CTL_ERRORS ? 1 : 0,
				    "%s: counter %s", what,
				    highpt_stat_name(id));
}
