// SPDX-License-Identifier: GPL-2.0
/*
 * ctl commands from the tests, run for the default pool as if written
 * to the ctl file; a rejected one fails with its errno and changes no
 * counter but ctl_errors.
 */
#include <kunit/test.h>

#include "counters.h"
#include "ctl_check.h"

int ctl_exec(const char *cmd)
{
	return highpt_ctl_exec(highpt_default_pool(), cmd);
}

/* @fmt with one %u (or %x): the id of a space. */
int ctl_execf(const char *fmt, u32 id)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), fmt, id);
	return ctl_exec(cmd);
}

void expect_ctl_rejected(struct kunit *test, const char *cmd, int err,
			 const char *what)
{
	struct counters before;
	int id;

	counters_take(&before);
	KUNIT_EXPECT_EQ_MSG(test, ctl_exec(cmd), err, "%s", what);
	for (id = 0; id < HIGHPT_STAT_COUNT; id++)
		KUNIT_EXPECT_EQ_MSG(test, counters_delta(&before, id),
				    id == HIGHPT_STAT_CTL_ERRORS ? 1 : 0,
				    "%s: counter %s", what,
				    highpt_stat_name(id));
}
