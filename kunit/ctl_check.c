// SPDX-License-Identifier: GPL-2.0
/*
 * A rejected ctl command fails with its errno and changes no counter but
 * ctl_errors.
 */
#include <kunit/test.h>

#include "counters.h"
#include "ctl_check.h"

void expect_ctl_rejected(struct kunit *test, const char *cmd, int err,
			 const char *what)
{
	struct counters before;
	int id;

	counters_take(&before);
	KUNIT_EXPECT_EQ_MSG(test, highpt_ctl_exec(cmd), err, "%s", what);
	for (id = 0; id < HIGHPT_STAT_COUNT; id++)
		KUNIT_EXPECT_EQ_MSG(test, counters_delta(&before, id),
				    id == HIGHPT_STAT_CTL_ERRORS ? 1 : 0,
				    "%s: counter %s", what,
				    highpt_stat_name(id));
}
