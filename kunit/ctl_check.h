/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_CTL_CHECK_H
#define _HIGHPT_KUNIT_CTL_CHECK_H

#include <linux/types.h>

struct kunit;

int ctl_exec(const char *cmd);
int ctl_execf(const char *fmt, u32 id);
void expect_ctl_rejected(struct kunit *test, const char *cmd, int err,
			 const char *what);

#endif /* _HIGHPT_KUNIT_CTL_CHECK_H */
